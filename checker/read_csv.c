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
 * NUL bytes and invalid UTF-8.
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
            while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
                if (s[i] == '"') {
                    ev_error(err, *line, "a quote inside an unquoted field");
                    return -1;
                }
                if (!cell_put(c, s[i]))
                    goto oom;
                i++;
            }
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

xmlDocPtr read_csv(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    long long nodes_left = lim->max_nodes;
    size_t pos = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t bad = utf8_check(buf, len, 0);
    if (bad < len) {
        unsigned long line = 1;
        for (size_t i = 0; i < bad; i++)
            line += buf[i] == '\n';
        ev_error(err, line, buf[bad] ? "invalid UTF-8 (byte 0x%02X)" : "the file contains a NUL byte",
                 (unsigned char)buf[bad]);
        return NULL;
    }
    xmlNodePtr root;
    xmlDocPtr doc = ev_new_doc("csv", &root);
    if (!doc) {
        ev_error(err, 0, "out of memory");
        return NULL;
    }
    ev_set_line(root, 1);
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
        free(names);
        free(usable);
        ev_error(err, 1, "out of memory");
        goto done;
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
        /* the row, a cell per column, a text per non-empty cell and a key
           attribute per unusable name */
        long long need = 1;
        for (size_t k = 0; k < row.n; k++)
            need += 1 + (row.cells[k].n > 0) + !usable[k];
        if (!ev_take_nodes(&nodes_left, need, lim->max_nodes, row.line, err)) {
            rc = -1;
            break;
        }
        xmlNodePtr r = xmlNewDocNode(doc, NULL, (const xmlChar *)"row", NULL);
        if (!r || !xmlAddChild(root, r)) {
            ev_error(err, row.line, "out of memory");
            rc = -1;
            break;
        }
        ev_set_line(r, row.line);
        for (size_t k = 0; k < row.n; k++) {
            xmlNodePtr c = xmlNewDocNode(doc, NULL,
                                         (const xmlChar *)(usable[k] ? names[k] : "_"), NULL);
            if (!c || !xmlAddChild(r, c)) {
                ev_error(err, row.line, "out of memory");
                rc = -1;
                break;
            }
            ev_set_line(c, row.line);
            if (!usable[k])
                xmlNewProp(c, (const xmlChar *)"key", (const xmlChar *)names[k]);
            if (row.cells[k].n && !xmlAddChild(c, ev_new_text(doc, row.cells[k].s,
                                                              row.cells[k].n))) {
                ev_error(err, row.line, "out of memory");
                rc = -1;
                break;
            }
        }
        if (rc < 0)
            break;
    }
    ok = rc >= 0;
names_done:
    free(names);
    free(usable);
done:
    row_free(&head);
    row_free(&row);
    if (!ok || err->msg[0]) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}
