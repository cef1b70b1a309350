/* source.c - line tables, diagnostics with caret, and "did you mean". */
#include "source.h"

#include <stdarg.h>
#include <string.h>

static void make_lines(Arena *a, Source *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->len; i++)
        n += s->text[i] == '\n';
    s->lines = arena_alloc(a, sizeof(unsigned) * n);
    size_t k = 0;
    s->lines[k++] = 0;
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] == '\n')
            s->lines[k++] = (unsigned)i + 1;
    s->nlines = n;
}

Diag *diag_new(Arena *a, FILE *out)
{
    Diag *d = NEW(a, Diag);
    d->arena = a;
    d->out = out;
    d->max_errors = 50;
    return d;
}

Source *diag_add_source(Diag *d, const char *path, const char *text, size_t len)
{
    if (d->nsrcs == d->cap) {
        int cap = d->cap ? d->cap * 2 : 8;
        Source **grown = arena_alloc(d->arena, sizeof(Source *) * (size_t)cap);
        if (d->nsrcs)
            memcpy(grown, d->srcs, sizeof(Source *) * (size_t)d->nsrcs);
        d->srcs = grown;
        d->cap = cap;
    }
    Source *s = NEW(d->arena, Source);
    s->id = d->nsrcs;
    s->path = arena_strdup(d->arena, path);
    const char *slash = strrchr(path, '/');
    s->dir = slash ? arena_strndup(d->arena, path, (size_t)(slash - path + 1)) : "";
    s->text = text;
    s->len = len;
    make_lines(d->arena, s);
    d->srcs[d->nsrcs++] = s;
    return s;
}

/* Index of the line holding off (binary search over line starts). */
static size_t line_index(Source *s, unsigned off)
{
    size_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

void source_locate(Source *s, unsigned off, int *line, int *col)
{
    if (off > s->len)
        off = (unsigned)s->len;
    size_t li = line_index(s, off);
    int c = 1;
    for (unsigned i = s->lines[li]; i < off; i++)
        c += !is_cont((unsigned char)s->text[i]);
    *line = (int)li + 1;
    *col = c;
}

Loc loc_span(Loc a, Loc b)
{
    if (a.src < 0)
        return b;
    if (b.src != a.src)
        return a;
    return (Loc){a.src, a.beg, b.end > a.end ? b.end : a.end};
}

/* The source line, then a caret under the start of the range and tildes
   under the rest of it that lies on the same line. */
static void show_line(FILE *out, Source *s, Loc at)
{
    size_t li = line_index(s, at.beg);
    unsigned start = s->lines[li];
    unsigned stop = start;
    while (stop < s->len && s->text[stop] != '\n')
        stop++;
    unsigned shown = stop;
    if (shown > start && s->text[shown - 1] == '\r')
        shown--;
    fprintf(out, "%.*s\n", (int)(shown - start), s->text + start);
    unsigned beg = at.beg > shown ? shown : at.beg;
    for (unsigned i = start; i < beg; i++) {
        unsigned char c = (unsigned char)s->text[i];
        if (c == '\t')
            fputc('\t', out);
        else if (!is_cont(c))
            fputc(' ', out);
    }
    fputc('^', out);
    unsigned end = at.end < shown ? at.end : shown;
    for (unsigned i = beg + 1; i < end; i++)
        if (!is_cont((unsigned char)s->text[i]))
            fputc('~', out);
    fputc('\n', out);
}

static void report(Diag *d, Loc at, const char *kind, const char *fmt, va_list ap)
{
    if (at.src >= 0 && at.src < d->nsrcs) {
        Source *s = d->srcs[at.src];
        int line, col;
        source_locate(s, at.beg, &line, &col);
        fprintf(d->out, "%s:%d:%d: %s: ", s->path, line, col, kind);
        vfprintf(d->out, fmt, ap);
        fputc('\n', d->out);
        show_line(d->out, s, at);
    } else {
        fprintf(d->out, "accord: %s: ", kind);
        vfprintf(d->out, fmt, ap);
        fputc('\n', d->out);
    }
}

/* Counts an error and says whether it may still be printed. */
static bool take_error(Diag *d)
{
    if (d->stopped)
        return false;
    if (++d->errors > d->max_errors) {
        d->errors = d->max_errors;
        d->stopped = true;
        fprintf(d->out, "accord: error: too many errors (%d); stopping\n",
                d->max_errors);
        return false;
    }
    return true;
}

void diag_error(Diag *d, Loc at, const char *fmt, ...)
{
    if (!take_error(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    report(d, at, "error", fmt, ap);
    va_end(ap);
}

void diag_warning(Diag *d, Loc at, const char *fmt, ...)
{
    d->warnings++;
    if (d->quiet_warnings || d->stopped)
        return;
    va_list ap;
    va_start(ap, fmt);
    report(d, at, "warning", fmt, ap);
    va_end(ap);
}

void diag_file_error(Diag *d, const char *path, const char *fmt, ...)
{
    if (!take_error(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(d->out, "%s: error: ", path ? path : "accord");
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
}

/* Optimal string alignment distance (Damerau-Levenshtein without repeated
   edits of one substring), so that a swapped pair of letters counts as one
   edit; names longer than 64 bytes are never suggested. */
static int distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 1000;
    int d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *suggest(const char *name, const char *const *cands, size_t n)
{
    /* A third of the name's length, at least one edit: "mni_attempts" finds
       "min_attempts", while "x" does not suggest "y". */
    size_t len = strlen(name);
    int limit = (int)(len / 3);
    if (limit < 1)
        limit = 1;
    const char *best = NULL;
    int bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], name) == 0)
            continue;
        int dd = distance(name, cands[i]);
        if (dd < bestd || (dd == bestd && best && strcmp(cands[i], best) < 0)) {
            bestd = dd;
            best = cands[i];
        }
    }
    return best;
}
