/* value.c - conversions and spellings of values. */
#define _POSIX_C_SOURCE 200809L
#include "value.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"

Value v_err(Arena *a, const char *fmt, ...)
{
    Value v = {0};
    v.kind = V_ERR;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    v.s = s;
    return v;
}

Value v_num(double x)
{
    Value v = {0};
    v.kind = V_NUM;
    v.num = x;
    return v;
}

Value v_str(const char *s, size_t len)
{
    Value v = {0};
    v.kind = V_STR;
    v.s = s;
    v.len = len;
    return v;
}

/* A whole decimal number, finite, strtod-style, with nothing after it. The
   text is copied because evidence text is not NUL-terminated here and
   strtod must not read past it; the C locale is never changed, so the
   decimal point is '.'. */
static bool parse_number(const char *s, size_t n, double *out)
{
    /* the usual evidence number, a short whole one (a severity, a count,
       a latency): up to 15 digits are below 2^53, so the sum below is
       exactly the double strtod gives, -0 included; anything else goes to
       strtod */
    size_t sign = n > 0 && (s[0] == '-' || s[0] == '+');
    if (n > sign && n - sign <= 15) {
        uint64_t v = 0;
        size_t j = sign;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            v = v * 10 + (uint64_t)(s[j++] - '0');
        if (j == n) {
            *out = s[0] == '-' ? -(double)v : (double)v;
            return true;
        }
    }
    char buf[128];
    char *t = n < sizeof buf ? buf : malloc(n + 1);
    if (!t)
        return false;
    memcpy(t, s, n);
    t[n] = '\0';
    bool ok = false;
    if (n > 0 && !(t[0] == ' ' || t[0] == '\t' || t[0] == '\n' || t[0] == '\r')) {
        /* hex floats, inf and nan are not decimal numbers */
        bool plain = true;
        for (size_t i = 0; i < n; i++)
            if (!strchr("0123456789+-.eE", t[i]))
                plain = false;
        if (plain) {
            char *end;
            errno = 0;
            double x = strtod(t, &end);
            if (end == t + n && *end == '\0' && isfinite(x) && errno != ERANGE) {
                *out = x;
                ok = true;
            } else if (end == t + n && isfinite(x) && errno == ERANGE) {
                *out = x;    /* a number too small for a double's precision
                                (a subnormal, or 0) is still the number */
                ok = true;
            }
        }
    }
    if (t != buf)
        free(t);
    return ok;
}

/* Whether s[0..n) is a decimal number too large for a double. */
static bool overflows(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)   /* s is not NUL-terminated */
        if (!strchr("0123456789+-.eE", s[i]) || s[i] == '\0')
            return false;
    char *t = xmalloc(n + 1);
    memcpy(t, s, n);
    t[n] = '\0';
    char *end;
    double x = strtod(t, &end);
    bool over = end == t + n && !isfinite(x);
    free(t);
    return over;
}

bool v_parse_duration(const char *s, size_t n, double *secs)
{
    if (n == 0)
        return false;
    if (s[0] != 'P' && s[0] != '-')
        return parse_number(s, n, secs) && cal_span_in_range(*secs);
    bool neg = false;
    size_t i = 0;
    if (s[0] == '-') {
        neg = true;
        i = 1;
    }
    if (i >= n || s[i] != 'P')
        return parse_number(s, n, secs) && cal_span_in_range(*secs);
    i++;
    double total = 0;
    bool in_time = false, any = false;
    const char *units_date = "WD", *units_time = "HMS";
    int last = -1;
    while (i < n) {
        if (s[i] == 'T') {
            if (in_time)
                return false;
            in_time = true;
            last = -1;
            i++;
            if (i >= n)
                return false;
            continue;
        }
        size_t start = i;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            i++;
        if (i == start || i >= n)
            return false;
        double x;
        if (!parse_number(s + start, i - start, &x))
            return false;
        const char *units = in_time ? units_time : units_date;
        const char *u = strchr(units, s[i]);
        if (!u || (int)(u - units) <= last)
            return false;
        last = (int)(u - units);
        static const double date_f[] = {7 * 86400, 86400};
        static const double time_f[] = {3600, 60, 1};
        total += x * (in_time ? time_f[last] : date_f[last]);
        any = true;
        i++;
    }
    if (!any || !isfinite(total) || !cal_span_in_range(total))
        return false;
    *secs = neg ? -total : total;
    return true;
}

Value v_convert(Arena *a, const Type *t, const char *text, size_t len, const char *evidence,
                const char *field, const char *file, unsigned long line)
{
    Value v = {0};
    double x;
    int64_t days;
    switch (t->kind) {
    case T_STRING:
        return v_str(arena_strndup(a, text, len), len);
    case T_BOOL:
        if ((len == 4 && strncasecmp(text, "true", 4) == 0) || (len == 1 && text[0] == '1'))
            return v_bool(K_TRUE);
        if ((len == 5 && strncasecmp(text, "false", 5) == 0) || (len == 1 && text[0] == '0'))
            return v_bool(K_FALSE);
        break;
    case T_NUMBER:
        if (parse_number(text, len, &x))
            return v_num(x);
        break;
    case T_INT:
        if (parse_number(text, len, &x) && x == floor(x))
            return v_num(x);
        break;
    case T_DATE:
        if (cal_parse_date(text, len, &days)) {
            v.kind = V_DATE;
            v.num = (double)days;
            return v;
        }
        break;
    case T_DATETIME:
        if (cal_parse_datetime(text, len, &x) || cal_parse_epoch(text, len, &x)) {
            v.kind = V_DATETIME;
            v.num = x;
            return v;
        }
        break;
    case T_DURATION:
        if (v_parse_duration(text, len, &x)) {
            v.kind = V_DUR;
            v.num = x;
            return v;
        }
        break;
    default:
        break;
    }
    int shown = len > 60 ? 60 : (int)len;
    while (shown > 0 && (size_t)shown < len && ((unsigned char)text[shown] & 0xC0) == 0x80)
        shown--;             /* never half a character in a report */
    const char *where = line ? arena_printf(a, "%s:%lu", file, line) : file;
    /* a number written as one, but too large for a double (1e400): said
       so, for it is not a typing mistake */
    if ((t->kind == T_NUMBER || t->kind == T_INT) && overflows(text, len))
        return v_err(a, "evidence '%s', field '%s' (%s): \"%.*s%s\" is not a finite number",
                     evidence, field, where, shown, text, len > 60 ? "..." : "");
    return v_err(a, "evidence '%s', field '%s' (%s): \"%.*s%s\" is not %s %s", evidence, field,
                 where, shown, text, len > 60 ? "..." : "", t->kind == T_INT ? "an" : "a",
                 ty_name(a, t));
}

const char *v_format_number(Arena *a, double x)
{
    if (x == 0)
        return "0";        /* and -0 */
    /* the shortest spelling that reads back to the same double: %g at the
       least precision that round-trips, or the plain integer when that is
       shorter (1100, not 1.1e+03) */
    char buf[40], plain[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    if (x == floor(x) && fabs(x) < 1e17) {
        snprintf(plain, sizeof plain, "%.0f", x);
        if (strlen(plain) <= strlen(buf))
            return arena_strdup(a, plain);
    }
    return arena_strdup(a, buf);
}

static const char *format_seconds(Arena *a, double secs)
{
    if (!cal_span_in_range(secs))
        return "(out of range)";
    /* ISO 8601 with days as the largest unit: P4DT2H, PT0S, PT0.5S */
    if (secs == 0)
        return "PT0S";
    const char *sign = secs < 0 ? "-" : "";
    double t = fabs(secs);
    double days = floor(t / 86400);
    t -= days * 86400;
    double h = floor(t / 3600);
    t -= h * 3600;
    double m = floor(t / 60);
    t -= m * 60;
    char out[128];
    size_t n = (size_t)snprintf(out, sizeof out, "%sP", sign);
    if (days > 0)
        n += (size_t)snprintf(out + n, sizeof out - n, "%.0fD", days);
    if (h > 0 || m > 0 || t > 0) {
        n += (size_t)snprintf(out + n, sizeof out - n, "T");
        if (h > 0)
            n += (size_t)snprintf(out + n, sizeof out - n, "%.0fH", h);
        if (m > 0)
            n += (size_t)snprintf(out + n, sizeof out - n, "%.0fM", m);
        if (t > 0)
            snprintf(out + n, sizeof out - n, "%sS", v_format_number(a, t));
    }
    return arena_strdup(a, out);
}

static const char *format_date(Arena *a, double days)
{
    if (!cal_day_in_range(days))   /* never made (v1.1 §1); never cast */
        return "(out of range)";
    int64_t y;
    int m, d;
    cal_civil_from_days((int64_t)days, &y, &m, &d);
    return arena_printf(a, "%04lld-%02d-%02d", (long long)y, m, d);
}

static const char *format_datetime(Arena *a, double secs)
{
    if (!cal_instant_in_range(secs))
        return "(out of range)";
    /* to the microsecond (v1.1 §4), counted in whole numbers so that a
       fraction that rounds to 0 or to 1 s is never printed as "00.Z" */
    double day = floor(secs / 86400);
    long long us = (long long)round((secs - day * 86400) * 1e6);
    if (us >= 86400000000LL) {     /* rounded into the next day */
        day += 1;
        us -= 86400000000LL;
    }
    int64_t y;
    int mo, d;
    cal_civil_from_days((int64_t)day, &y, &mo, &d);
    long long sec = us / 1000000;
    int frac = (int)(us % 1000000);
    int h = (int)(sec / 3600), mi = (int)(sec / 60 % 60), s = (int)(sec % 60);
    if (frac) {
        char f[8];
        snprintf(f, sizeof f, "%06d", frac);
        size_t n = strlen(f);
        while (n > 0 && f[n - 1] == '0')
            f[--n] = '\0';
        return arena_printf(a, "%04lld-%02d-%02dT%02d:%02d:%02d.%sZ", (long long)y, mo, d, h, mi,
                            s, f);
    }
    return arena_printf(a, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d, h, mi, s);
}

const char *v_format(Arena *a, const Value *v)
{
    switch (v->kind) {
    case V_NONE: return "(none)";
    case V_ERR: case V_PENDING: return "(error)";
    case V_BOOL: return v->b == K_TRUE ? "true" : v->b == K_FALSE ? "false" : "inconclusive";
    case V_NUM: return v_format_number(a, v->num);
    case V_STR: return v->s;
    case V_DATE: return format_date(a, v->num);
    case V_DATETIME: return format_datetime(a, v->num);
    case V_DUR: return format_seconds(a, v->num);
    case V_RATE:
        return arena_printf(a, "%s/%s", v_format_number(a, v->num), v_format_number(a, v->n));
    case V_LIST: {
        /* linear in the length (not strcat, which is quadratic: a message
           naming a field of a million values took minutes) */
        size_t len = 2;
        const char **parts = arena_alloc(a, sizeof(char *) * (v->count + 1));
        size_t *lens = arena_alloc(a, sizeof(size_t) * (v->count + 1));
        for (size_t i = 0; i < v->count; i++) {
            parts[i] = v_format(a, &v->items[i]);
            lens[i] = strlen(parts[i]);
            len += lens[i] + 2;
        }
        char *s = arena_alloc(a, len + 1), *o = s;
        *o++ = '[';
        for (size_t i = 0; i < v->count; i++) {
            if (i) {
                memcpy(o, ", ", 2);
                o += 2;
            }
            memcpy(o, parts[i], lens[i]);
            o += lens[i];
        }
        *o++ = ']';
        *o = '\0';
        return s;
    }
    case V_RECSET: return arena_printf(a, "(%zu records)", v->count);
    case V_RECORD: {
        const char *path = v->origin ? v_origin_path(a, v->origin) : NULL;
        return path ? path : "(record)";
    }
    case V_FILE: return v->s;
    }
    return "?";
}

bool v_as_number(Arena *a, Value *v)
{
    if (v->kind == V_NUM)
        return true;
    if (v->kind == V_RATE) {
        if (v->n == 0) {
            *v = v_err(a, "the rate %s has no trials (N = 0)", v_format(a, v));
            return false;
        }
        *v = v_num(v->num / v->n);
        return true;
    }
    return false;
}

int v_compare(const Value *x, const Value *y)
{
    if (x->kind == V_STR && y->kind == V_STR) {
        size_t n = x->len < y->len ? x->len : y->len;
        int c = memcmp(x->s, y->s, n);
        if (c)
            return c < 0 ? -1 : 1;
        return x->len < y->len ? -1 : x->len > y->len;
    }
    double a = x->num, b = y->num;
    if (x->kind == V_RATE)
        a = x->n ? x->num / x->n : 0;
    if (y->kind == V_RATE)
        b = y->n ? y->num / y->n : 0;
    if (x->kind == V_DATE && y->kind == V_DATETIME)
        a *= 86400;
    if (y->kind == V_DATE && x->kind == V_DATETIME)
        b *= 86400;
    return a < b ? -1 : a > b;
}

bool v_equal(const Value *x, const Value *y)
{
    if (x->kind == V_BOOL || y->kind == V_BOOL)
        return x->kind == y->kind && x->b == y->b;
    return v_compare(x, y) == 0;
}

const char *v_origin_path(Arena *a, const Origin *o)
{
    if (!o->name)
        return o->path;
    if (!o->index)
        return arena_printf(a, "%s/%s", o->path ? o->path : "", o->name);
    return arena_printf(a, "%s/%s[%lu]", o->path ? o->path : "", o->name,
                        (unsigned long)o->index);
}

Cell v_cell(Arena *a, const Value *v)
{
    Cell c = {0};
    c.kind = (uint8_t)v->kind;
    switch (v->kind) {
    case V_STR:
        if (v->len > UINT32_MAX) {
            c.kind = V_ERR;
            c.s = arena_printf(a, "a text of %zu bytes, too long for one value", v->len);
            break;
        }
        c.s = v->s;
        c.len = (uint32_t)v->len;
        break;
    case V_ERR:
        c.s = v->s;
        break;
    case V_BOOL:
        c.b = (int8_t)v->b;
        break;
    case V_NONE:
        break;
    default:
        c.num = v->num;
        break;
    }
    return c;
}

Value cell_value(const Cell *c, const Origin *o)
{
    Value v = {0};
    v.kind = (VKind)c->kind;
    switch (v.kind) {
    case V_STR:
        v.s = c->s;
        v.len = c->len;
        break;
    case V_ERR:
        v.s = c->s;
        break;
    case V_BOOL:
        v.b = c->b;
        break;
    case V_NONE:
        break;
    default:
        v.num = c->num;
        break;
    }
    v.origin = o;
    return v;
}

const Origin *v_keep_origin(Arena *a, const Origin *o)
{
    Origin *k = NEW(a, Origin);
    *k = *o;
    const char *path = o->path || o->name ? v_origin_path(a, o) : NULL;
    k->path = path ? arena_strdup(a, path) : NULL;
    k->name = NULL;
    k->index = 0;
    return k;
}

Value v_keep(Arena *a, const Value *v)
{
    Value k = *v;
    if (k.kind == V_STR)
        k.s = arena_strndup(a, k.s, k.len);
    else if (k.kind == V_ERR)
        k.s = arena_strdup(a, k.s);
    if (k.origin)
        k.origin = v_keep_origin(a, k.origin);
    return k;
}
