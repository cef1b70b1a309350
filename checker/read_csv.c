/* read_csv.c - CSV evidence (RFC 4180; the first row is the header).
 *
 * Root `csv`; each data row an element `row` with one child per column,
 * named from the header like a JSON key (`_` with key="..." when the header
 * is not a usable XML name). A row's line is where it begins. Fields may be
 * quoted ("" is a quote inside quotes) and quoted fields may span lines;
 * lines end with CRLF, LF or a bare CR (which, outside quotes, ends a row
 * rather than hide in a cell: v1.1 §1). Refused, with the line: a quote inside an
 * unquoted field, an unclosed quote, text after a closing quote, a row with
 * another number of fields than the header, an empty or duplicate header,
 * NUL bytes and invalid UTF-8. One reading builds the tree (read_csv),
 * hands its elements to the streaming extractor (read_csv_events), or hands
 * it the rows themselves (read_csv_rows: no element per cell, for a
 * declaration of records at /csv/row, the usual one).
 */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* A cell's text is where it lies in the file when it can be (unquoted, or
   quoted without a doubled quote): the common cell is never copied. */
typedef struct Owned {
    char *s;
    size_t cap;
} Owned;

typedef struct Row {
    EvCell *cells;
    Owned *own;              /* per cell: its unquoted copy, when it needs one */
    size_t n, cap;
    unsigned long line;
} Row;

static EvCell *grow_row(Row *r)
{
    {
        size_t cap = r->cap ? r->cap * 2 : 16;
        EvCell *c = realloc(r->cells, sizeof(EvCell) * cap);
        if (!c)
            return NULL;
        r->cells = c;
        Owned *o = realloc(r->own, sizeof(Owned) * cap);
        if (!o)
            return NULL;
        memset(o + r->cap, 0, sizeof(Owned) * (cap - r->cap));
        r->own = o;
        r->cap = cap;
    }
    return &r->cells[r->n++];
}

static inline EvCell *row_new_cell(Row *r)
{
    return r->n < r->cap ? &r->cells[r->n++] : grow_row(r);
}

static void row_free(Row *r)
{
    for (size_t i = 0; i < r->cap; i++)
        free(r->own[i].s);
    free(r->own);
    free(r->cells);
}

/* The text of a quoted field from s[from] to its closing quote at s[to],
   each doubled quote made one, into o. */
static const char *unquote(Owned *o, const char *s, size_t from, size_t to, size_t *n)
{
    if (o->cap < to - from + 1) {
        char *g = realloc(o->s, to - from + 1);
        if (!g)
            return NULL;
        o->s = g;
        o->cap = to - from + 1;
    }
    size_t k = 0;
    for (size_t i = from; i < to; i++) {
        o->s[k++] = s[i];
        if (s[i] == '"')
            i++;             /* the second of a doubled quote */
    }
    *n = k;
    return o->s;
}

/* Bytes that end an unquoted field or are refused in one. */
static const bool stop[256] = {[','] = true, ['\n'] = true, ['\r'] = true, ['"'] = true};

/* Where the first stop byte at or after s[i] is (len if none): eight
   bytes at a time while eight remain (a cell is short, but most rows are
   several words), each byte tested for the four stop bytes at once. */
static size_t find_stop(const char *s, size_t i, size_t len)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t hit = 0;
        static const uint64_t bytes[4] = {',' * 0x0101010101010101ull,
                                          '\n' * 0x0101010101010101ull,
                                          '\r' * 0x0101010101010101ull,
                                          '"' * 0x0101010101010101ull};
        for (int k = 0; k < 4; k++) {
            uint64_t x = w ^ bytes[k];  /* a zero byte where w has that byte */
            hit |= (x - ones) & ~x & highs;
        }
        if (hit) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* the lowest flag is exact (a borrow only runs upwards) */
            return i + (size_t)__builtin_ctzll(hit) / 8;
#else
            break;           /* the exact byte found below */
#endif
        }
        i += 8;
    }
    while (i < len && !stop[(unsigned char)s[i]])
        i++;
    return i;
}

/* Reads one row starting at *pos; returns 1 for a row, 0 at the end, -1
   on an error (reported). *line counts lines as they pass. */
static int next_row(const char *s, size_t len, size_t *pos, unsigned long *line, Row *r,
                    ReadError *err)
{
    size_t i = *pos;
    if (i >= len)
        return 0;
    r->n = 0;
    r->line = *line;
    EvCell *c = row_new_cell(r);
    if (!c)
        goto oom;
    for (;;) {
        if (i < len && s[i] == '"') {
            unsigned long open_line = *line;
            size_t from = ++i;
            bool doubled = false;
            for (;;) {
                if (i >= len) {
                    ev_error(err, open_line, "a quoted field is not closed");
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        doubled = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
                    (*line)++;
                i++;
            }
            if (doubled) {
                c->s = unquote(&r->own[r->n - 1], s, from, i, &c->n);
                if (!c->s)
                    goto oom;
            } else {
                c->s = s + from;
                c->n = i - from;
            }
            i++;
            if (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                ev_error(err, *line, "text after a closing quote");
                return -1;
            }
        } else {
            size_t from = i;
            i = find_stop(s, i, len);
            if (i < len && s[i] == '"') {
                ev_error(err, *line, "a quote inside an unquoted field");
                return -1;
            }
            c->s = s + from;
            c->n = i - from;
        }
        if (i < len && s[i] == ',') {
            i++;
            c = row_new_cell(r);
            if (!c)
                goto oom;
            continue;
        }
        /* end of row: CRLF, LF, a bare CR (old Mac line ends: never kept
           inside a cell, where it would hide the rows that follow, v1.1
           §1), or the end of the text */
        if (i < len && s[i] == '\r') {
            i++;
            if (i < len && s[i] == '\n')
                i++;
            (*line)++;
        } else if (i < len && s[i] == '\n') {
            i++;
            (*line)++;
        }
        *pos = i;
        return 1;
    }
oom:
    ev_error(err, *line, "out of memory");
    return -1;
}

/* Where the rows go: as elements (EvOut), or as they are (EvRows). */
typedef struct Dest {
    EvOut *out;
    const EvRows *rows;
    void *user;
} Dest;

/* The header (elem[k]: column k's element name, the header itself or "_")
   to dest; false to stop. */
static bool put_head(const Dest *dest, const char *const *elem, size_t n)
{
    if (dest->rows)
        return dest->rows->head(dest->user, elem, n);
    return dest->out->start(dest->out, "csv", 0, NULL, false, 1);
}

static bool put_row(const Dest *dest, const char *const *elem, char *const *names,
                    const Row *row)
{
    if (dest->rows)
        return dest->rows->row(dest->user, row->cells, row->n, row->line);
    /* the row, a cell per column, its text when it has one; a column whose
       header is no element name has it as key */
    EvOut *out = dest->out;
    if (!out->start(out, "row", 0, NULL, false, row->line))
        return false;
    for (size_t k = 0; k < row->n; k++) {
        if (!out->start(out, elem[k], 0, elem[k] == names[k] ? NULL : names[k], false,
                        row->line)
            || (row->cells[k].n && !out->text(out, row->cells[k].s, row->cells[k].n, row->line)))
            return false;
        out->end(out);
    }
    out->end(out);
    return true;
}

/* Reads the file into dest. */
static bool read_rows(const char *buf, size_t len, const Dest *dest, ReadError *err)
{
    size_t pos = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t bad = utf8_check(buf, len, 0);
    if (bad < len) {
        unsigned long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += buf[i] == '\n';
        ev_error(err, line, buf[bad] ? "invalid UTF-8 (byte 0x%02X)" : "the file contains a NUL byte",
                 (unsigned char)buf[bad]);
        return false;
    }
    Row head = {0}, row = {0};
    unsigned long line = 1;
    bool ok = false;
    char **names = NULL;
    const char **elem = NULL;
    int rc = next_row(buf, len, &pos, &line, &head, err);
    if (rc == 0) {
        ev_error(err, 1, "empty file: no header row");
        goto done;
    }
    if (rc < 0)
        goto done;
    /* the header names the columns */
    names = calloc(head.n, sizeof(char *));
    elem = calloc(head.n, sizeof(char *));
    if (!names || !elem) {
        ev_error(err, 1, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < head.n; k++) {
        if (head.cells[k].n == 0) {
            ev_error(err, 1, "column %zu of the header is empty", k + 1);
            goto done;
        }
        names[k] = strndup(head.cells[k].s, head.cells[k].n);
        if (!names[k]) {
            ev_error(err, 1, "out of memory");
            goto done;
        }
        elem[k] = ev_name_ok(names[k], head.cells[k].n) ? names[k] : "_";
        for (size_t j = 0; j < k; j++)
            if (strcmp(names[j], names[k]) == 0) {
                ev_error(err, 1, "the header names column \"%s\" twice", names[k]);
                goto done;
            }
    }
    if (!put_head(dest, elem, head.n))
        goto done;
    for (;;) {
        rc = next_row(buf, len, &pos, &line, &row, err);
        if (rc <= 0)
            break;
        if (row.n == 1 && row.cells[0].n == 0 && pos >= len)
            break;           /* a final empty line */
        if (row.n != head.n) {
            ev_error(err, row.line, "this row has %zu fields; the header has %zu", row.n, head.n);
            rc = -1;
            break;
        }
        if (!put_row(dest, elem, names, &row)) {
            rc = -1;
            break;
        }
    }
    if (rc >= 0 && dest->out)
        dest->out->end(dest->out);
    ok = rc >= 0;
done:
    for (size_t k = 0; names && k < head.n; k++)
        free(names[k]);
    free(names);
    free(elem);
    row_free(&head);
    row_free(&row);
    return ok && !err->msg[0];
}

xmlDocPtr read_csv(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    EvTree t;
    if (!ev_tree_init(&t, "csv", lim, err))
        return NULL;
    Dest dest = {&t.out, NULL, NULL};
    return ev_tree_finish(&t, read_rows(buf, len, &dest, err));
}

bool read_csv_events(const char *buf, size_t len, const ReadLimits *lim,
                     const XmlEvents *events, void *user, ReadError *err)
{
    (void)lim;               /* a CSV tree is three levels deep */
    EvEmit e;
    ev_emit_init(&e, events, user, err);
    Dest dest = {&e.out, NULL, NULL};
    return read_rows(buf, len, &dest, err);
}

bool read_csv_rows(const char *buf, size_t len, const EvRows *rows, void *user, ReadError *err)
{
    Dest dest = {NULL, rows, user};
    return read_rows(buf, len, &dest, err);
}
