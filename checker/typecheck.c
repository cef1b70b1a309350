/* typecheck.c - the declarations' rules, and the whole type check (tc_check);
 * names are resolved in typecheck_names.c, expressions typed in
 * typecheck_expr.c.
 *
 * Order of work: collect every global name, id and profile of every module
 * (names are resolved across the whole program, so there are no forward
 * declarations); type parameters and definitions in source order, following
 * references lazily with cycle detection; then top-level sets, evidence,
 * requirements, profiles and tests. Errors use the poison type ty_err so that
 * one mistake is reported once.
 */
#define _POSIX_C_SOURCE 200809L
#include "typecheck_int.h"

#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <math.h>

#include "calendar.h"
#include "evidence.h"
#include "regex.h"
#include "results.h"

/* ---- messages (§6.5) --------------------------------------------------- */

static bool ident_start(char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_'; }
static bool ident_char(char ch) { return ident_start(ch) || (ch >= '0' && ch <= '9'); }

/* Parses the placeholders of a message from its source text (so that errors
   point into the string), types each, and keeps them on the statement. */
static void check_message(Checker *c, Stmt *st)
{
    Source *src = c->d->srcs[st->msg_loc.src];
    const char *s = src->text;
    unsigned beg = st->msg_loc.beg + 1, end = st->msg_loc.end - 1;
    Expr **tail = &st->holes;
    for (unsigned i = beg; i < end; i++) {
        char ch = s[i];
        if (ch == '\\') {
            if (i + 1 < end && s[i + 1] == 'u')
                while (i < end && s[i] != '}')
                    i++;
            else
                i++;
            continue;
        }
        if (ch == '}') {
            if (i + 1 < end && s[i + 1] == '}') {
                i++;
                continue;
            }
            diag_error(c->d, (Loc){src->id, i, i + 1},
                       "a '}' in a message must be doubled: '}}'");
            continue;
        }
        if (ch != '{')
            continue;
        if (i + 1 < end && s[i + 1] == '{') {
            i++;
            continue;
        }
        unsigned close = i + 1;
        while (close < end && s[close] != '}' && s[close] != '{')
            close++;
        if (close >= end || s[close] != '}') {
            diag_error(c->d, (Loc){src->id, i, i + 1},
                       "unclosed '{' in message; write '{{' for a brace");
            continue;
        }
        /* NAME(.NAME)*(:%)? */
        unsigned k = i + 1;
        Expr *e = NULL;
        bool ok = true;
        for (;;) {
            if (k >= close || !ident_start(s[k])) {
                ok = false;
                break;
            }
            unsigned n0 = k;
            while (k < close && ident_char(s[k]))
                k++;
            Expr *x = NEW(c->a, Expr);
            x->name = arena_strndup(c->a, s + n0, k - n0);
            if (!e) {
                x->kind = E_NAME;
                x->loc = (Loc){src->id, n0, k};
            } else {
                x->kind = E_DOT;
                x->a = e;
                x->loc = (Loc){src->id, e->loc.beg, k};
                x->name_loc = (Loc){src->id, n0, k};
            }
            e = x;
            if (k < close && s[k] == '.') {
                k++;
                continue;
            }
            break;
        }
        bool percent = false;
        if (ok && k < close) {
            if (close - k == 2 && s[k] == ':' && s[k + 1] == '%')
                percent = true;
            else
                ok = false;
        }
        Loc at = {src->id, i, close + 1};
        if (!ok) {
            diag_error(c->d, at, "invalid placeholder: write {name}, {name.field} or "
                       "{name:%%} (and '{{' for a brace)");
            i = close;
            continue;
        }
        const Type *t = tc_expr(c, e);
        if (t->kind == T_RECSET || t->kind == T_RECORD)
            tc_not_a_value(c, e, t);
        else if (percent && t->kind != T_ERR) {
            const Type *v = t->kind == T_FIELD ? t->elem : t;
            if (!ty_is_numeric(v))
                diag_error(c->d, at, "'{...:%%}' prints a number as a percentage, but '%s' "
                           "is %s", tc_text(c, e->loc), tc_a_type(c, v));
        }
        e->str = percent ? "%" : NULL;
        *tail = e;
        tail = &e->next;
        i = close;
    }
}

/* ---- requirement bodies (§6.3) ----------------------------------------- */

typedef struct BodyState {
    Stmt *severity, *rationale, *applies, *waivable;
    int requires;
} BodyState;

static void check_body(Checker *c, Stmt *body, bool top, BodyState *bs)
{
    Sym *saved = c->scope;
    int body_level = c->level;
    for (Stmt *st = body; st; st = st->next) {
        if (!top && st->kind != S_LET && st->kind != S_REQUIRE && st->kind != S_FOREACH) {
            static const char *const words[] = {"severity", "cites", "rationale",
                                                "applies when", "waivable"};
            diag_error(c->d, st->loc, "'%s' belongs at the top of a requirement's body, "
                       "not inside 'for each'", words[st->kind]);
            continue;
        }
        Stmt **once = NULL;
        const char *word = NULL;
        switch (st->kind) {
        case S_SEVERITY: once = &bs->severity; word = "severity"; break;
        case S_RATIONALE: once = &bs->rationale; word = "rationale"; break;
        case S_APPLIES: once = &bs->applies; word = "applies when"; break;
        case S_WAIVABLE: once = &bs->waivable; word = "waivable"; break;
        default: break;
        }
        if (once) {
            if (*once)
                diag_error(c->d, st->loc, "'%s' is given twice (first at %s)", word,
                           tc_where_is(c, (*once)->loc, st->loc));
            else
                *once = st;
        }
        switch (st->kind) {
        case S_SEVERITY:
            if (!tc_one_of(st->name, severity_names, SEVERITY_COUNT))
                diag_error(c->d, st->name_loc, "unknown severity '%s' (%s)%s", st->name,
                           name_list(c->a, severity_names, SEVERITY_COUNT, "", ""),
                           tc_hint(c, st->name, severity_names, SEVERITY_COUNT));
            break;
        case S_CITES: case S_RATIONALE: case S_WAIVABLE:
            break;
        case S_APPLIES:
            tc_want_bool(c, st->expr, "the condition of 'applies when'");
            break;
        case S_LET: {
            bool dup = false;
            Sym *s = tc_lookup(c, st->name);
            if (s && s->kind == SYM_LET && s->level > body_level) {
                diag_error(c->d, st->name_loc, "'%s' is already declared at %s", st->name,
                           tc_where_is(c, s->loc, st->name_loc));
                dup = true;
                s->uses++;  /* no "never used" on top of the error */
            }
            int saved_peak = c->peak;
            c->peak = c->nest;
            const Type *t = tc_expr(c, st->expr);
            int reach = c->peak - c->nest;
            if (saved_peak > c->peak)
                c->peak = saved_peak;
            st->sym = tc_push(c, dup ? SYM_FIELD : SYM_LET, st->name, st->name_loc, t);
            st->sym->kind = SYM_LET;
            st->sym->stmt = st;
            st->sym->reach = reach;
            st->sym->slot = c->p->nlets++;
            break;
        }
        case S_REQUIRE:
            bs->requires++;
            tc_want_bool(c, st->expr, "a requirement's condition");
            if (st->msg)
                check_message(c, st);
            break;
        case S_FOREACH: {
            const Type *t = tc_expr(c, st->expr);
            const Type *el = tc_elements(c, st->expr, t, "'for each'", true);
            Sym *inner = c->scope;
            st->sym = tc_push(c, SYM_LOOP, st->name, st->name_loc, el ? el : &ty_err);
            st->sym->stmt = st;
            if (st->label)
                tc_value(c, st->label, tc_expr(c, st->label));
            c->nest++;       /* walked recursively, as expressions are */
            check_body(c, st->body, false, bs);
            c->nest--;
            tc_pop_to(c, inner);
            break;
        }
        }
    }
    if (c->opt.lint)
        for (Sym *s = c->scope; s != saved; s = s->up)
            if (s->kind == SYM_LET && s->uses == 0)
                diag_warning(c->d, s->loc, "'%s' is never used", s->name);
    tc_pop_to(c, saved);
}

/* ---- declarations ------------------------------------------------------ */

static void check_header(Checker *c, Decl *d)
{
    static const char *const words[] = {"title", "version", "publisher", "description"};
    Item *seen[4] = {0};
    for (Item *it = d->items; it; it = it->next) {
        if (seen[it->kind])
            diag_error(c->d, it->loc, "'%s' is given twice", words[it->kind]);
        else
            seen[it->kind] = it;
    }
    for (int k = 0; k < 3; k++)
        if (!seen[k])
            diag_error(c->d, d->name_loc, "standard '%s' has no '%s'", d->name, words[k]);
}

/* A glob stays inside the evidence folder (language.md §5). */
static void check_glob(Checker *c, Decl *d)
{
    const char *g = d->glob;
    if (!*g) {
        diag_error(c->d, d->glob_loc, "empty evidence path");
        return;
    }
    if (g[0] == '/') {
        diag_error(c->d, d->glob_loc, "an evidence path is relative to the evidence folder; "
                   "'%s' is absolute", g);
        return;
    }
    for (const char *s = g; *s;) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            diag_error(c->d, d->glob_loc, "an evidence path may not leave the evidence "
                       "folder; '%s' contains '..'", g);
            return;
        }
        if (n == 0 && slash && slash[1] == '\0') {
            diag_error(c->d, d->glob_loc, "'%s' names a folder; add a file pattern such as "
                       "'%s*.json'", g, g);
            return;
        }
        s += n + (slash != NULL);
    }
    if (d->format) {
        if (ev_format_named(d->format) < 0)
            diag_error(c->d, d->format_loc, "unknown format '%s' (%s)%s", d->format,
                       name_list(c->a, ev_format_names, FMT_COUNT, "", ""),
                       tc_hint(c, d->format, ev_format_names, FMT_COUNT));
        return;
    }
    const char *base = strrchr(g, '/');
    base = base ? base + 1 : g;
    const char *dot = strrchr(base, '.');
    if (!dot || ev_format_of_ext(dot + 1) < 0)
        diag_error(c->d, d->glob_loc, "cannot tell the format of '%s' from its extension; "
                   "add %s", g, name_list(c->a, ev_format_names, FMT_COUNT, "'as ", "'"));
}

static void xpath_error(void *ctx, xmlErrorPtr err)
{
    char *buf = ctx;
    if (!buf[0] && err && err->message) {
        snprintf(buf, 200, "%s", err->message);
        size_t n = strlen(buf);
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
            buf[--n] = '\0';
    }
}

static void check_xpath(Checker *c, const char *xp, Loc at)
{
    if (!*xp) {
        diag_error(c->d, at, "empty XPath");
        return;
    }
    char msg[200] = "";
    /* with a context, so that libxml2 bounds the nesting (without one,
       100 000 nested parentheses exhaust the stack) */
    xmlXPathContextPtr ctx = xmlXPathNewContext(NULL);
    if (!ctx) {
        diag_error(c->d, at, "out of memory compiling XPath");
        return;
    }
    xmlSetStructuredErrorFunc(msg, xpath_error);
    xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)xp);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlXPathFreeContext(ctx);
    if (!comp)
        diag_error(c->d, at, "invalid XPath%s: %s", strlen(xp) <= 60
                   ? arena_printf(c->a, " '%s'", xp) : "", msg[0] ? msg : "cannot compile");
    xmlXPathFreeCompExpr(comp);
}

static void check_fields(Checker *c, Decl *ev, Field *fields, Field *parent)
{
    int index = 0;
    for (Field *f = fields; f; f = f->next) {
        f->index = index++;
        f->evidence = ev;
        f->parent = parent;
        for (Field *g = fields; g != f; g = g->next)
            if (strcmp(g->name, f->name) == 0) {
                diag_error(c->d, f->name_loc, "'%s' is already declared at %s", f->name,
                           tc_where_is(c, g->name_loc, f->name_loc));
                break;
            }
        check_xpath(c, f->xpath, f->xpath_loc);
        if (f->records) {
            if (parent)
                diag_error(c->d, f->loc, "records cannot nest; declare another evidence or "
                           "select these records from the top");
            f->ty = ty_recset(c->a, f);
            check_fields(c, ev, f->fields, f);
            continue;
        }
        const Type *t = tc_type_expr(c, f->type);
        if (t->kind == T_LIST || t->kind == T_RATE) {
            diag_error(c->d, f->type->loc, "a field holds bool, int, number, string, date, "
                       "datetime or duration values, not %s", ty_name(c->a, t));
            t = &ty_err;
        }
        f->ty = t;
    }
}

static void declare(Checker *c, Decl *d, SymKind k)
{
    Sym *s = NEW(c->a, Sym);
    s->kind = k;
    s->name = d->name;
    s->loc = d->name_loc;
    s->decl = d;
    d->sym = s;
    Sym *prev = map_put(c->p->globals, d->name, s);
    if (prev) {
        diag_error(c->d, d->name_loc, "'%s' is already declared as a %s at %s", d->name,
                   tc_sym_kind_name(prev), tc_where_is(c, prev->loc, d->name_loc));
        d->sym = NULL;
    }
}

static void collect(Checker *c, Module *m)
{
    Program *p = c->p;
    for (Decl *d = m->decls; d; d = d->next) {
        switch (d->kind) {
        case D_STANDARD:
            if (m->library) {
                diag_error(c->d, d->loc, "an imported file cannot declare a standard; "
                           "it is a library of declarations");
            } else if (p->standard) {
                diag_error(c->d, d->loc, "a file declares one standard; the first is at %s",
                           tc_where_is(c, p->standard->loc, d->loc));
            } else {
                p->standard = d;
            }
            check_header(c, d);
            break;
        case D_PARAM: declare(c, d, SYM_PARAM); break;
        case D_DEFINE: declare(c, d, SYM_DEFINE); break;
        case D_EVIDENCE: declare(c, d, SYM_EVIDENCE); break;
        case D_REQUIREMENT: case D_RECOMMENDATION: {
            Decl *prev = map_put(p->ids, d->name, d);
            if (prev)
                diag_error(c->d, d->name_loc, "requirement id '%s' is already used at %s",
                           d->name, tc_where_is(c, prev->name_loc, d->name_loc));
            else
                p->nreqs++;
            break;
        }
        case D_PROFILE: {
            Decl *prev = map_put(p->profiles, d->name, d);
            if (prev)
                diag_error(c->d, d->name_loc, "profile '%s' is already declared at %s",
                           d->name, tc_where_is(c, prev->name_loc, d->name_loc));
            break;
        }
        case D_TEST:
            for (Decl *e = m->decls; e != d; e = e->next)
                if (e->kind == D_TEST && strcmp(e->name, d->name) == 0) {
                    diag_error(c->d, d->name_loc, "a test named \"%s\" is already declared "
                               "at %s", d->name, tc_where_is(c, e->name_loc, d->name_loc));
                    break;
                }
            break;
        case D_IMPORT: case D_SET:
            break;
        }
    }
}

/* ---- constant values (v1.1 §1) ------------------------------------------ */

/* A number, date (days), datetime or duration (seconds) folded from a
   constant expression, so that a parameter or set whose value overflows,
   or leaves the years 0001 to 9999, is a compile error rather than a value
   every comparison would have to refuse: under the standard's own values,
   and under each profile's. Evaluation checks again all the same. */
typedef struct Folded {
    char kind;               /* 'n' number, 'd' date, 't' datetime, 'u' duration */
    double v;
} Folded;

typedef struct FoldMemo {
    int state;               /* 0 not yet, 1 being folded, 2 done */
    int k;                   /* fold's answer */
    Folded r;
} FoldMemo;

/* What values the parameters have: their own or their top-level set's,
   or a profile's (over: name -> Expr); each parameter folded once (memo:
   name -> FoldMemo), so that parameters built from others twice over
   fold in linear time. */
typedef struct FoldCtx {
    Map *over;
    Map *memo;
    Folded bad;              /* the value that left the range */
} FoldCtx;

static int fold(Checker *c, FoldCtx *fc, const Expr *e, Folded *r, const Expr **bad, int depth);

/* The value of parameter s, folded. */
static int fold_param(Checker *c, FoldCtx *fc, const Sym *s, Folded *r, int depth)
{
    FoldMemo *m = map_get(fc->memo, s->name);
    if (!m) {
        m = NEW(c->a, FoldMemo);
        map_put(fc->memo, s->name, m);
    }
    if (m->state == 1)
        return 0;            /* a cycle: reported by the type checker */
    if (m->state == 0) {
        m->state = 1;
        const Expr *x = fc->over ? map_get(fc->over, s->name) : NULL;
        if (!x)
            x = s->set ? s->set->value : s->decl->value;
        const Expr *bad = NULL;
        m->k = fold(c, fc, x, &m->r, &bad, depth + 1);
        m->state = 2;
    }
    *r = m->r;
    return m->k;
}

/* 1: folded into *r; 0: not a number of those kinds; -1: out of range,
   *bad the expression that left the range; -2: out of range in another
   parameter it reads (reported there). The depth is bounded by the
   nesting the type checker allows (MAX_NEST). */
static int fold(Checker *c, FoldCtx *fc, const Expr *e, Folded *r, const Expr **bad, int depth)
{
    if (!e || depth > 2 * MAX_NEST)
        return 0;
    switch (e->kind) {
    case E_NUM: case E_PCT: r->kind = 'n'; r->v = e->num; return 1;
    case E_DUR: r->kind = 'u'; r->v = e->num; return 1;
    case E_DATE: r->kind = 'd'; r->v = e->num; return 1;
    case E_DATETIME: r->kind = 't'; r->v = e->num; return 1;
    case E_PAREN: return fold(c, fc, e->a, r, bad, depth + 1);
    case E_NEG: {
        int k = fold(c, fc, e->a, r, bad, depth + 1);
        if (k == 1 && r->kind != 'n' && r->kind != 'u')
            return 0;
        r->v = -r->v;
        return k;
    }
    case E_NAME: {
        const Sym *s = e->sym;
        if (!s || s->kind != SYM_PARAM || !s->decl)
            return 0;
        int k = fold_param(c, fc, s, r, depth);
        return k < 0 ? -2 : k;
    }
    case E_ARITH: {
        Folded x, y;
        int kx = fold(c, fc, e->a, &x, bad, depth + 1);
        if (kx <= 0)
            return kx;
        int ky = fold(c, fc, e->b, &y, bad, depth + 1);
        if (ky <= 0)
            return ky;
        bool xt = x.kind == 'd' || x.kind == 't', yt = y.kind == 'd' || y.kind == 't';
        double a = x.kind == 'd' ? x.v * 86400 : x.v, b = y.kind == 'd' ? y.v * 86400 : y.v;
        switch (e->op) {
        case OP_ADD: r->kind = xt || yt ? 't' : x.kind; r->v = a + b; break;
        case OP_SUB: r->kind = xt && yt ? 'u' : xt ? 't' : x.kind; r->v = a - b; break;
        case OP_MUL: r->kind = x.kind == 'u' || y.kind == 'u' ? 'u' : 'n'; r->v = a * b; break;
        case OP_DIV:
            if (b == 0)
                return 0;    /* an error when evaluated */
            r->kind = x.kind == 'u' && y.kind != 'u' ? 'u' : 'n';
            r->v = a / b;
            break;
        default: return 0;
        }
        if (!isfinite(r->v) || (r->kind == 't' && !cal_instant_in_range(r->v))
            || (r->kind == 'u' && !cal_span_in_range(r->v))) {
            *bad = e;
            fc->bad = *r;
            return -1;
        }
        return 1;
    }
    default:
        return 0;
    }
}

/* What is wrong with the value that expression e left the range with. */
static const char *out_of_range(Checker *c, const Expr *e, const Folded *r)
{
    if (!isfinite(r->v))
        return arena_printf(c->a, "not a finite number: '%s' overflows", tc_text(c, e->loc));
    return arena_printf(c->a, "'%s' gives a %s outside the years 0001 to 9999", tc_text(c, e->loc),
                        r->kind == 'u' ? "duration" : "date-time");
}

/* Reports a parameter's or set's value (or an item of its list) that
   overflows or leaves the years 0001 to 9999, under the standard's own
   values of the other parameters. */
static void check_finite(Checker *c, const Expr *value)
{
    FoldCtx fc = {NULL, c->folded, {0, 0}};
    const Expr *x = value->kind == E_LIST ? value->a : value;
    for (; x; x = value->kind == E_LIST ? x->next : NULL) {
        Folded r;
        const Expr *bad = NULL;
        if (fold(c, &fc, x, &r, &bad, 0) == -1)
            diag_error(c->d, bad->loc, "%s", out_of_range(c, bad, &fc.bad));
    }
}

/* The same under a profile: a parameter whose value is fine with the
   standard's values but leaves the range with the profile's sets (and
   those of the profiles it extends) is reported at the profile. */
static void check_profile_finite(Checker *c, Decl *pr)
{
    FoldCtx fc = {map_new(c->a), map_new(c->a), {0, 0}};
    /* the chain, base first, so that the last set of a parameter wins */
    Decl *chain[64];
    int n = 0;
    for (Decl *x = pr; x && n < 64; x = x->extends ? map_get(c->p->profiles, x->extends) : NULL) {
        for (int i = 0; i < n; i++)
            if (chain[i] == x)
                return;      /* a cycle: reported by check_profile */
        chain[n++] = x;
    }
    bool any = false;
    for (int i = n - 1; i >= 0; i--)
        for (Item *it = chain[i]->items; it; it = it->next)
            if (it->kind == I_SET) {
                any = true;
                if (map_put(fc.over, it->name, it->expr)) {
                    Map *m = fc.over;    /* map_put keeps the first: replace */
                    for (size_t k = 0; k < m->n; k++)
                        if (strcmp(m->keys[k], it->name) == 0)
                            m->vals[k] = it->expr;
                }
            }
    if (!any)
        return;
    Map *g = c->p->globals;
    for (size_t i = 0; i < g->n; i++) {
        Sym *s = g->vals[i];
        if (s->kind != SYM_PARAM || !s->decl || s->type == &ty_err)
            continue;
        FoldCtx base = {NULL, c->folded, {0, 0}};
        Folded r;
        if (fold_param(c, &base, s, &r, 0) < 0 || map_get(fc.over, s->name))
            continue;        /* reported at the parameter, or at the set */
        const Expr *x = s->set ? s->set->value : s->decl->value;
        const Expr *bad = NULL;
        if (x->kind != E_LIST && fold(c, &fc, x, &r, &bad, 0) == -1)
            diag_error(c->d, pr->name_loc, "under profile '%s', parameter '%s' is out of range: %s",
                       pr->name, s->name, out_of_range(c, bad, &fc.bad));
    }
}

/* Looks up a parameter for `set`; NULL (reported) when there is none. */
static Sym *param_for_set(Checker *c, const char *name, Loc at)
{
    Sym *s = map_get(c->p->globals, name);
    if (!s) {
        Map *g = c->p->globals;
        const char **v = arena_alloc(c->a, sizeof(char *) * (g->n + 1));
        size_t n = 0;
        for (size_t i = 0; i < g->n; i++)
            if (((Sym *)g->vals[i])->kind == SYM_PARAM)
                v[n++] = g->keys[i];
        diag_error(c->d, at, "unknown parameter '%s'%s", name, tc_hint(c, name, v, n));
        return NULL;
    }
    if (s->kind != SYM_PARAM) {
        diag_error(c->d, at, "'%s' is %s %s, not a parameter; only parameters can be set",
                   name, s->kind == SYM_EVIDENCE ? "an" : "a", tc_sym_kind_name(s));
        return NULL;
    }
    return s;
}

static void check_set_value(Checker *c, Sym *s, const char *name, Expr *value)
{
    const Type *pt = tc_global_type(c, s, value->loc);
    const Type *vt = tc_const_value(c, value, "a set value");
    if (!ty_assignable(vt, pt))
        diag_error(c->d, value->loc, "'%s' is %s parameter, but this value is %s", name,
                   tc_a_type(c, pt), tc_a_type(c, vt));
}

static void check_top_sets(Checker *c)
{
    Program *p = c->p;
    for (int i = 0; i < p->nmods; i++)
        for (Decl *d = p->mods[i]->decls; d; d = d->next) {
            if (d->kind != D_SET)
                continue;
            Sym *s = param_for_set(c, d->name, d->name_loc);
            if (!s) {
                tc_const_value(c, d->value, "a set value");
                continue;
            }
            if (s->set && s->set->module == d->module)
                diag_error(c->d, d->name_loc, "'%s' is already set at %s", d->name,
                           tc_where_is(c, s->set->name_loc, d->name_loc));
            check_set_value(c, s, d->name, d->value);
            s->set = d;
        }
}

static void check_ids(Checker *c, Id *ids)
{
    Map *m = c->p->ids;
    for (Id *id = ids; id; id = id->next)
        if (!map_get(m, id->id))
            diag_error(c->d, id->loc, "unknown requirement '%s'%s", id->id,
                       tc_hint(c, id->id, m->keys, m->n));
}

static void check_profile(Checker *c, Decl *d)
{
    Map *profiles = c->p->profiles;
    if (d->extends) {
        Decl *base = map_get(profiles, d->extends);
        if (!base) {
            diag_error(c->d, d->extends_loc, "unknown profile '%s'%s", d->extends,
                       tc_hint(c, d->extends, profiles->keys, profiles->n));
        } else if (base == d) {
            diag_error(c->d, d->extends_loc, "profile '%s' extends itself", d->name);
        } else {
            /* a chain longer than the number of profiles has a cycle */
            size_t steps = 0;
            for (Decl *x = base; x; x = x->extends ? map_get(profiles, x->extends) : NULL)
                if (x == d || ++steps > profiles->n) {
                    diag_error(c->d, d->extends_loc, "profile '%s' extends itself through '%s'",
                               d->name, d->extends);
                    break;
                }
        }
    }
    for (Item *it = d->items; it; it = it->next) {
        if (it->kind == I_SET) {
            for (Item *prev = d->items; prev != it; prev = prev->next)
                if (prev->kind == I_SET && strcmp(prev->name, it->name) == 0) {
                    diag_error(c->d, it->name_loc, "'%s' is already set at %s", it->name,
                               tc_where_is(c, prev->name_loc, it->name_loc));
                    break;
                }
            Sym *s = param_for_set(c, it->name, it->name_loc);
            if (s) {
                check_set_value(c, s, it->name, it->expr);
                check_finite(c, it->expr);
            } else
                tc_const_value(c, it->expr, "a set value");
        } else {
            check_ids(c, it->ids);
        }
    }
}

static void check_test(Checker *c, Decl *d)
{
    static const char *const words[] = {[I_EVIDENCE] = "evidence", [I_PROFILE] = "profile",
                                        [I_AS_OF] = "as_of", [I_WAIVERS] = "waivers"};
    Item *seen[I_EXPECT + 1] = {0};
    int expects = 0;
    for (Item *it = d->items; it; it = it->next) {
        if (it->kind != I_EXPECT) {
            if (seen[it->kind])
                diag_error(c->d, it->loc, "'%s' is given twice", words[it->kind]);
            seen[it->kind] = it;
        }
        switch (it->kind) {
        case I_PROFILE:
            if (!map_get(c->p->profiles, it->name))
                diag_error(c->d, it->name_loc, "unknown profile '%s'%s", it->name,
                           tc_hint(c, it->name, c->p->profiles->keys, c->p->profiles->n));
            break;
        case I_EVIDENCE:
            if (!*it->str)
                diag_error(c->d, it->str_loc, "empty evidence folder");
            break;
        case I_EXPECT: {
            expects++;
            for (Item *prev = d->items; prev != it; prev = prev->next)
                if (prev->kind == I_EXPECT && strcmp(prev->name, it->name) == 0) {
                    diag_error(c->d, it->loc, "'%s' is already expected at %s", it->name,
                               tc_where_is(c, prev->loc, it->loc));
                    break;
                }
            if (strcmp(it->name, "verdict") == 0) {
                if (!tc_one_of(it->str, verdict_names, VERDICT_COUNT))
                    diag_error(c->d, it->str_loc, "unknown verdict '%s' (%s)%s", it->str,
                               name_list(c->a, verdict_names, VERDICT_COUNT, "", ""),
                               tc_hint(c, it->str, verdict_names, VERDICT_COUNT));
                break;
            }
            Map *ids = c->p->ids;
            if (!map_get(ids, it->name))
                diag_error(c->d, it->name_loc, "unknown requirement '%s'%s", it->name,
                           tc_hint(c, it->name, ids->keys, ids->n));
            if (!tc_one_of(it->str, result_names, RESULT_COUNT))
                diag_error(c->d, it->str_loc, "unknown result '%s' (%s)%s", it->str,
                           name_list(c->a, result_names, RESULT_COUNT, "", ""),
                           tc_hint(c, it->str, result_names, RESULT_COUNT));
            break;
        }
        default:
            break;
        }
    }
    if (!seen[I_EVIDENCE])
        diag_error(c->d, d->name_loc, "test \"%s\" names no evidence folder "
                   "(evidence \"PATH\")", d->name);
    if (!expects)
        diag_error(c->d, d->name_loc, "test \"%s\" expects nothing; add 'expect verdict ...' "
                   "or 'expect ID RESULT'", d->name);
}

static void warn_unused(Checker *c, Module *m)
{
    for (Decl *d = m->decls; d; d = d->next) {
        if (!d->sym || d->sym->uses > 0)
            continue;
        if (d->kind == D_PARAM)
            diag_warning(c->d, d->name_loc, "parameter '%s' is never used", d->name);
        else if (d->kind == D_EVIDENCE)
            diag_warning(c->d, d->name_loc, "evidence '%s' is never used", d->name);
        else if (d->kind == D_DEFINE)
            diag_warning(c->d, d->name_loc, "definition '%s' is never used", d->name);
    }
}

bool tc_check(Program *p, const TcOptions *opt)
{
    int errors0 = p->diag->errors;
    Checker c = {0};
    c.p = p;
    c.a = p->arena;
    c.d = p->diag;
    c.opt = *opt;
    p->globals = map_new(p->arena);
    p->ids = map_new(p->arena);
    p->profiles = map_new(p->arena);
    c.unknown = map_new(p->arena);
    c.live = map_new(p->arena);
    c.folded = map_new(p->arena);

    for (int i = 0; i < p->nmods; i++)
        collect(&c, p->mods[i]);
    if (opt->need_standard && !p->standard)
        diag_error(c.d, (Loc){p->root->src->id, 0, 0}, "no 'standard' header: a standard "
                   "declares 'standard ID { title ... version ... publisher ... }'");
    p->reqs = arena_alloc(p->arena, sizeof(Decl *) * (size_t)(p->nreqs + 1));
    p->nreqs = 0;

    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            switch (d->kind) {
            case D_EVIDENCE:
                d->index = p->nevidence++;
                check_glob(&c, d);
                check_fields(&c, d, d->fields, NULL);
                break;
            default:
                break;
            }
        }
    }
    p->evidence = arena_alloc(p->arena, sizeof(Decl *) * (size_t)(p->nevidence + 1));
    for (int i = 0; i < p->nmods; i++)
        for (Decl *d = p->mods[i]->decls; d; d = d->next)
            if (d->kind == D_EVIDENCE && d->index < p->nevidence && !p->evidence[d->index])
                p->evidence[d->index] = d;
    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            if ((d->kind == D_PARAM || d->kind == D_DEFINE) && d->sym)
                tc_global_type(&c, d->sym, d->name_loc);
            else if ((d->kind == D_PARAM || d->kind == D_DEFINE) && !d->sym)
                tc_expr(&c, d->value);   /* a duplicate: still check its value */
        }
    }
    check_top_sets(&c);
    /* values in range, once every top-level set is known */
    for (int i = 0; i < p->nmods && !c.d->stopped; i++)
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next)
            if ((d->kind == D_PARAM && d->sym && d->sym->type != &ty_err)
                || (d->kind == D_SET && map_get(p->globals, d->name)))
                check_finite(&c, d->value);
    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            if (d->kind != D_REQUIREMENT && d->kind != D_RECOMMENDATION)
                continue;
            BodyState bs = {0};
            check_body(&c, d->body, true, &bs);
            if (bs.requires == 0)
                diag_error(c.d, d->name_loc, "%s '%s' has no 'require'",
                           d->kind == D_REQUIREMENT ? "requirement" : "recommendation", d->name);
            if (map_get(p->ids, d->name) == d)
                p->reqs[p->nreqs++] = d;
        }
    }
    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            if (d->kind == D_PROFILE) {
                check_profile(&c, d);
                check_profile_finite(&c, d);
            }
            else if (d->kind == D_TEST)
                check_test(&c, d);
        }
    }
    if (opt->lint && p->standard && p->diag->errors == errors0)
        warn_unused(&c, p->root);
    if (opt->lint && p->diag->errors == errors0)
        lint_program(&c);
    return p->diag->errors == errors0;
}
