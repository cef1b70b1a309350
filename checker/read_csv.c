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
 * NUL bytes and invalid UTF-8. One reading builds the tree (read_csv) or
 * hands its elements to the streaming extractor (read_csv_events).
 */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

typedef struct Cell {
    char *s;
    size_t n, cap;
} Cell;

typedef struct Row {
    Cell *cells;
    size_t n, cap;
    unsigned long line;
} Row;

static bool cell_put(Cell *c, char ch)
{
    if (c->n + 1 >= c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char *s = realloc(c->s, cap);
        if (!s)
            return false;
        c->s = s;
        c->cap = cap;
    }
    c->s[c->n++] = ch;
    c->s[c->n] = '\0';
    return true;
}

static bool cell_add(Cell *c, const char *p, size_t n)
{
    if (c->n + n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 32;
        while (c->n + n + 1 > cap)
            cap *= 2;
        char *g = realloc(c->s, cap);
        if (!g)
            return false;
        c->s = g;
        c->cap = cap;
    }
    memcpy(c->s + c->n, p, n);
    c->n += n;
    c->s[c->n] = '\0';
    return true;
}

static Cell *row_new_cell(Row *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        Cell *c = realloc(r->cells, sizeof(Cell) * cap);
        if (!c)
            return NULL;
        memset(c + r->cap, 0, sizeof(Cell) * (cap - r->cap));
        r->cells = c;
        r->cap = cap;
    }
    Cell *c = &r->cells[r->n++];
    c->n = 0;
    if (!c->s) {
        c->s = malloc(32);
        if (!c->s)
            return NULL;
        c->cap = 32;
    }
    c->s[0] = '\0';
    return c;
}

static void row_free(Row *r)
{
    for (size_t i = 0; i < r->cap; i++)
        free(r->cells[i].s);
    free(r->cells);
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
    Cell *c = row_new_cell(r);
    if (!c)
        goto oom;
    for (;;) {
        if (i < len && s[i] == '"') {
            unsigned long open_line = *line;
            i++;
            for (;;) {
                if (i >= len) {
                    ev_error(err, open_line, "a quoted field is not closed");
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        if (!cell_put(c, '"'))
                            goto oom;
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
                    (*line)++;
                if (!cell_put(c, s[i]))
                    goto oom;
                i++;
            }
            if (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                ev_error(err, *line, "text after a closing quote");
                return -1;
            }
        } else {
            /* the field's end found first, then its bytes copied at once */
            size_t from = i;
            while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                if (s[i] == '"') {
                    ev_error(err, *line, "a quote inside an unquoted field");
                    return -1;
                }
                i++;
            }
            if (!cell_add(c, s + from, i - from))
                goto oom;
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

/* Reads the file into out. */
static bool read_rows(const char *buf, size_t len, EvOut *out)
{
    ReadError *err = out->err;
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
    int rc = next_row(buf, len, &pos, &line, &head, err);
    if (rc == 0) {
        ev_error(err, 1, "empty file: no header row");
        goto done;
    }
    if (rc < 0)
        goto done;
    /* the header names the columns */
    const char **names = calloc(head.n, sizeof(char *));
    bool *usable = calloc(head.n, sizeof(bool));
    if (!names || !usable) {
        ev_error(err, 1, "out of memory");
        goto names_done;
    }
    for (size_t k = 0; k < head.n; k++) {
        names[k] = head.cells[k].s;
        usable[k] = ev_name_ok(names[k], head.cells[k].n);
        if (head.cells[k].n == 0) {
            ev_error(err, 1, "column %zu of the header is empty", k + 1);
            goto names_done;
        }
        for (size_t j = 0; j < k; j++)
            if (strcmp(names[j], names[k]) == 0) {
                ev_error(err, 1, "the header names column \"%s\" twice", names[k]);
                goto names_done;
            }
    }
    if (!out->start(out, "csv", NULL, false, 1))
        goto names_done;
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
        /* the row, a cell per column, its text when it has one */
        if (!out->start(out, "row", NULL, false, row.line)) {
            rc = -1;
            break;
        }
        for (size_t k = 0; k < row.n && rc >= 0; k++) {
            if (!out->start(out, usable[k] ? names[k] : "_", usable[k] ? NULL : names[k], false,
                            row.line)
                || (row.cells[k].n && !out->text(out, row.cells[k].s, row.cells[k].n, row.line)))
                rc = -1;
            else
                out->end(out);
        }
        if (rc < 0)
            break;
        out->end(out);
    }
    if (rc >= 0)
        out->end(out);
    ok = rc >= 0;
names_done:
    free(names);
    free(usable);
done:
    row_free(&head);
    row_free(&row);
    return ok && !err->msg[0];
}

xmlDocPtr read_csv(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    EvTree t;
    if (!ev_tree_init(&t, "csv", lim, err))
        return NULL;
    return ev_tree_finish(&t, read_rows(buf, len, &t.out));
}

bool read_csv_events(const char *buf, size_t len, const ReadLimits *lim,
                     const XmlEvents *events, void *user, ReadError *err)
{
    (void)lim;               /* a CSV tree is three levels deep */
    EvEmit e;
    ev_emit_init(&e, events, user, err);
    return read_rows(buf, len, &e.out);
}
