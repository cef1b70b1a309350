/* test_source.c - positions, carets, sorting of diagnostics, suggestions. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

static void check_locate(Source *s, unsigned off, int line, int col)
{
    int l, c;
    source_locate(s, off, &l, &c);
    if (l != line || c != col) {
        fprintf(stderr, "offset %u: got %d:%d, want %d:%d\n", off, l, c, line, col);
        failures++;
    }
}

/* Runs f over a fresh Diag writing to a memory stream; returns the text. */
static char *capture(const char *text, void (*f)(Diag *, Source *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    Arena *a = arena_new();
    Diag *d = diag_new(a, out);
    Source *s = diag_add_source(d, "dir/f.accord", text, strlen(text));
    f(d, s);
    diag_flush(d);
    fclose(out);
    arena_free(a);
    return buf;
}

static void two_errors(Diag *d, Source *s)
{
    /* reported out of order: printed by position */
    diag_error(d, (Loc){s->id, 16, 21}, "second");
    diag_warning(d, (Loc){s->id, 1, 3}, "first");
}

static void caret_tab_utf8(Diag *d, Source *s)
{
    diag_error(d, (Loc){s->id, 7, 9}, "here");
}

static void many(Diag *d, Source *s)
{
    for (int i = 0; i < 60; i++)
        diag_error(d, (Loc){s->id, 0, 1}, "e%d", i);
}

static void at_eof(Diag *d, Source *s)
{
    diag_error(d, (Loc){s->id, (unsigned)s->len, (unsigned)s->len}, "eof");
}

int main(void)
{
    Arena *a = arena_new();
    Diag *d = diag_new(a, stderr);
    const char *text = "ab\ncd\r\n\n\xc3\xa9x";   /* é is two bytes */
    Source *s = diag_add_source(d, "dir/f.accord", text, strlen(text));
    CHECK(strcmp(s->dir, "dir/") == 0);
    check_locate(s, 0, 1, 1);
    check_locate(s, 2, 1, 3);       /* the newline itself */
    check_locate(s, 3, 2, 1);
    check_locate(s, 7, 3, 1);       /* empty line */
    check_locate(s, 8, 4, 1);
    check_locate(s, 10, 4, 2);      /* after the two-byte é: column 2 */
    check_locate(s, 11, 4, 3);      /* end of text */
    check_locate(s, 999, 4, 3);     /* clamped */
    Source *t = diag_add_source(d, "g.accord", "", 0);
    CHECK(strcmp(t->dir, "") == 0);
    check_locate(t, 0, 1, 1);
    Loc x = {0, 2, 4}, y = {0, 6, 9};
    Loc u = loc_span(x, y);
    CHECK(u.beg == 2 && u.end == 9);
    arena_free(a);

    char *out = capture("x = 1\n# comment\nparam y\n", two_errors);
    CHECK(strcmp(out,
        "dir/f.accord:1:2: warning: first\n"
        "x = 1\n"
        " ^~\n"
        "dir/f.accord:3:1: error: second\n"
        "param y\n"
        "^~~~~\n") == 0);
    free(out);

    out = capture("\t\xc3\xa9t\xc3\xa9 ab\n", caret_tab_utf8);
    /* the caret line keeps the tab and counts é as one column */
    CHECK(strcmp(out, "dir/f.accord:1:6: error: here\n"
                      "\t\xc3\xa9t\xc3\xa9 ab\n"
                      "\t    ^~\n") == 0);
    free(out);

    out = capture("x\n", many);
    int lines = 0;
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    CHECK(lines == 50 * 3 + 1);
    CHECK(strstr(out, "too many errors (50)") != NULL);
    free(out);

    out = capture("abc", at_eof);
    CHECK(strcmp(out, "dir/f.accord:1:4: error: eof\nabc\n   ^\n") == 0);
    free(out);

    const char *names[] = {"min_attempts", "max_asr", "count", "level"};
    CHECK(suggest("mni_attempts", names, 4) == names[0]);
    CHECK(suggest("max_asr", names, 4) == NULL);       /* itself: no hint */
    CHECK(suggest("cnt", names, 4) == names[2]);       /* abbreviation */
    CHECK(suggest("zzz", names, 4) == NULL);
    CHECK(suggest("lvel", names, 4) == names[3]);

    if (failures)
        fprintf(stderr, "test_source: %d failures\n", failures);
    return failures != 0;
}
