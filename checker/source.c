/* source.c - line tables, diagnostics with caret, and "did you mean". */
#define _POSIX_C_SOURCE 200809L
#include "source.h"

#include <stdarg.h>
#include <stdlib.h>
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
    d->srcs = arena_grow(d->arena, d->srcs, d->nsrcs, &d->cap, sizeof(Source *));
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

/* Messages are kept until diag_flush and then printed in the order of
   their position, so that a reader meets them as they read the file,
   whichever stage of the compiler found them. */
typedef struct Message {
    int src;
    unsigned off;
    int seq;
    char *text;
} Message;

static void keep(Diag *d, Loc at, char *text, size_t len)
{
    d->msgs = arena_grow(d->arena, d->msgs, d->nmsgs, &d->msg_cap, sizeof(Message));
    Message *m = &((Message *)d->msgs)[d->nmsgs];
    m->src = at.src;
    m->off = at.beg;
    m->seq = d->nmsgs++;
    m->text = arena_strndup(d->arena, text, len);
}

/* Formats one message and keeps it. Without a position it reads
   "PATH: KIND: MESSAGE" (PATH is "accord" when NULL). */
static void report(Diag *d, Loc at, const char *path, const char *kind, const char *fmt,
                   va_list ap)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out) {
        out_of_memory();
    }
    if (at.src >= 0 && at.src < d->nsrcs) {
        Source *s = d->srcs[at.src];
        int line, col;
        source_locate(s, at.beg, &line, &col);
        fprintf(out, "%s:%d:%d: %s: ", s->path, line, col, kind);
        vfprintf(out, fmt, ap);
        fputc('\n', out);
        show_line(out, s, at);
    } else {
        fprintf(out, "%s: %s: ", path ? path : "accord", kind);
        vfprintf(out, fmt, ap);
        fputc('\n', out);
        at.src = -1;
        at.beg = 0;
    }
    fclose(out);
    keep(d, at, text, len);
    free(text);
}

static int by_position(const void *x, const void *y)
{
    const Message *a = x, *b = y;
    if (a->src != b->src)
        return a->src < b->src ? -1 : 1;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_flush(Diag *d)
{
    Message *m = d->msgs;
    if (d->nmsgs > 1)
        qsort(m, (size_t)d->nmsgs, sizeof(Message), by_position);
    for (int i = 0; i < d->nmsgs; i++)
        fputs(m[i].text, d->out);
    if (d->stopped && !d->told_stop) {
        fprintf(d->out, "accord: error: too many errors (%d); stopping\n", d->max_errors);
        d->told_stop = true;
    }
    d->nmsgs = 0;
    fflush(d->out);
}

/* Counts an error and says whether it may still be printed. */
static bool take_error(Diag *d)
{
    if (d->stopped)
        return false;
    if (++d->errors > d->max_errors) {
        d->errors = d->max_errors;
        d->stopped = true;
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
    report(d, at, NULL, "error", fmt, ap);
    va_end(ap);
}

void diag_warning(Diag *d, Loc at, const char *fmt, ...)
{
    d->warnings++;
    if (d->stopped)
        return;
    if (d->quiet_warnings) {
        /* kept for the report's diagnostic elements */
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        const char *where = NULL;   /* without a position the message says where */
        if (at.src >= 0 && at.src < d->nsrcs) {
            int line, col;
            source_locate(d->srcs[at.src], at.beg, &line, &col);
            where = arena_printf(d->arena, "%s:%d:%d", d->srcs[at.src]->path, line, col);
        }
        d->notes = arena_grow(d->arena, d->notes, d->nnotes, &d->note_cap, sizeof(char *));
        d->notes[d->nnotes++] = where ? arena_printf(d->arena, "%s: warning: %s", where, msg)
                                      : arena_strdup(d->arena, msg);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    report(d, at, NULL, "warning", fmt, ap);
    va_end(ap);
}

void diag_file_error(Diag *d, const char *path, const char *fmt, ...)
{
    if (!take_error(d))
        return;
    va_list ap;
    va_start(ap, fmt);
    report(d, NOLOC, path, "error", fmt, ap);
    va_end(ap);
}

/* Whether a's letters appear in b in order (an abbreviation: cnt, count). */
static bool subsequence(const char *a, const char *b)
{
    for (; *a && *b; b++)
        if (*a == *b)
            a++;
    return *a == '\0';
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
    /* A third of the name's length, at least one edit, or an abbreviation:
       "mni_attempts" finds "min_attempts" and "cnt" finds "count", while "x"
       does not suggest "y", nor "yaml" "xml". */
    size_t len = strlen(name);
    int limit = len / 3 > 1 ? (int)(len / 3) : 1;
    const char *best = NULL;
    int bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], name) == 0)
            continue;
        int dd = distance(name, cands[i]);
        if ((size_t)dd >= len)
            continue;   /* every letter changed: not a misspelling */
        if (dd > limit && len >= 3 && dd <= 3 && subsequence(name, cands[i]))
            dd = limit; /* an abbreviation */
        if (dd < bestd || (dd == bestd && best && strcmp(cands[i], best) < 0)) {
            bestd = dd;
            best = cands[i];
        }
    }
    return best;
}
