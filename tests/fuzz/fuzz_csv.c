/* fuzz_csv.c - fuzz target: the csv evidence reader over arbitrary bytes,
 * and its rows reader (read_csv_rows, which the streaming extractor uses
 * without elements) against the tree: the same refusals with the same
 * line and message, and for an accepted file the same rows, each at the
 * same line with the same cells, and each column under the same name. */
#include <string.h>

#include "reader.h"

typedef struct Walk {
    bool tree;               /* the tree reader accepted the file */
    xmlNodePtr row;          /* the tree's next row element */
    const char *const *names;
    size_t n;
    char names_copy[64][64]; /* the element names of the first columns */
} Walk;

static xmlNodePtr element(xmlNodePtr n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

static bool on_head(void *user, const char *const *names, size_t n)
{
    Walk *w = user;
    w->n = n;
    for (size_t k = 0; k < n && k < 64; k++) {
        strncpy(w->names_copy[k], names[k], 63);
        w->names_copy[k][63] = '\0';
    }
    return true;
}

static bool on_row(void *user, const EvCell *cells, size_t n, unsigned long line)
{
    Walk *w = user;
    if (!w->tree)
        return true;         /* refused: only the refusal is compared */
    xmlNodePtr r = w->row;
    if (!r || n != w->n || ev_line(r) != line)
        __builtin_trap();
    xmlNodePtr c = element(r->children);
    for (size_t k = 0; k < n; k++, c = element(c->next)) {
        if (!c)
            __builtin_trap();
        if (k < 64 && strncmp((const char *)c->name, w->names_copy[k], 63) != 0)
            __builtin_trap();
        /* the tree gives a cell's text a text node only when it has one */
        xmlNodePtr t = c->children;
        size_t tn = t ? strlen((const char *)t->content) : 0;
        if (tn != cells[k].n || (tn && memcmp(t->content, cells[k].s, tn) != 0))
            __builtin_trap();
    }
    if (c)
        __builtin_trap();
    w->row = element(r->next);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader(FMT_CSV, data, size);
    ReadError te = {{0}, 0}, re = {{0}, 0};
    ReadLimits lim = READ_DEFAULTS;
    xmlDocPtr doc = ev_read(FMT_CSV, (const char *)data, size, &lim, &te);
    Walk w = {0};
    w.tree = doc != NULL;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    w.row = root ? element(root->children) : NULL;
    static const EvRows rows = {on_head, on_row};
    bool ok = read_csv_rows((const char *)data, size, &rows, &w, &re);
    if (!doc) {
        /* the tree alone counts nodes: a refusal over --max-nodes is its own */
        if (ok && !strstr(te.msg, "nodes"))
            __builtin_trap();
    } else {
        if (!ok || w.row)
            __builtin_trap();
        xmlFreeDoc(doc);
    }
    if (!ok && !doc && (te.line != re.line || strcmp(te.msg, re.msg) != 0)
        && !strstr(te.msg, "nodes"))
        __builtin_trap();
    return 0;
}
