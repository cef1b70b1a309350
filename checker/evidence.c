/* evidence.c - what every evidence reader shares: the table of formats
 * (formats.def), the synthetic trees of JSON and CSV with their line
 * numbers, element names for keys, the first-error rule, and the two
 * outputs of the synthetic readers (a tree, or events for extract_xml.c). Readers
 * depend on this file and not on one another.
 */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include "arena.h"

#include <limits.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#define FORMAT(id, name, exts, read, events, rows, out) {name, exts, read, events, rows, out},
const EvFormatInfo ev_formats[FMT_COUNT] = {
#include "formats.def"
};
#undef FORMAT

#define FORMAT(id, name, exts, read, events, rows, out) name,
const char *const ev_format_names[FMT_COUNT] = {
#include "formats.def"
};
#undef FORMAT

int ev_format_named(const char *name)
{
    for (int i = 0; i < FMT_COUNT; i++)
        if (strcmp(ev_formats[i].name, name) == 0)
            return i;
    return -1;
}

int ev_format_of_ext(const char *ext)
{
    for (int i = 0; i < FMT_COUNT; i++)
        for (const char *e = ev_formats[i].exts; *e;) {
            size_t n = strcspn(e, " ");
            if (strlen(ext) == n && strncmp(e, ext, n) == 0)
                return i;
            e += n + (e[n] == ' ');
        }
    return -1;
}

xmlDocPtr ev_read(EvFormat fmt, const char *buf, size_t len, const ReadLimits *lim,
                  ReadError *err)
{
    return ev_formats[fmt].read(buf, len, lim, err);
}

bool ev_take_nodes(long long *left, long long n, long long max, unsigned long line,
                   ReadError *err)
{
    if (*left >= n) {
        *left -= n;
        return true;
    }
    *left = 0;
    ev_error(err, line, "more than %lld nodes in the tree of this file (--max-nodes)", max);
    return false;
}

void ev_error(ReadError *err, unsigned long line, const char *fmt, ...)
{
    if (err->msg[0])
        return;              /* the first problem is the one to report */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->line = line;
}

/* Synthetic documents (JSON, CSV) keep each node's full line number in
   psvi, which nothing else uses in a tree that is never validated; libxml2's
   own field holds 16 bits only. */
static int synthetic_marker;

xmlDocPtr ev_new_doc(const char *root, xmlNodePtr *rootp)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    if (!doc)
        return NULL;
    doc->_private = &synthetic_marker;
    /* element names (a JSON key, a CSV column) are kept once in a
       dictionary rather than once per element */
    doc->dict = xmlDictCreate();
    if (!doc->dict) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlNodePtr r = xmlNewDocNode(doc, NULL, (const xmlChar *)root, NULL);
    if (!r) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, r);
    *rootp = r;
    return doc;
}

/* only the tiniest texts (0, 1, true, false, a letter): the ones a file of
   small values repeats most, where a node per text costs most per byte;
   longer ones are mostly unique, and libxml2's dictionary slows down as it
   fills with them (half the time of reading a JSON file of 120 000
   records with ids, at 32 bytes) */
enum { MAX_SHARED_TEXT = 5 };

xmlNodePtr ev_new_text(xmlDocPtr doc, const char *text, size_t len)
{
    if (len > MAX_SHARED_TEXT || !doc->dict)
        return xmlNewDocTextLen(doc, (const xmlChar *)text, (int)len);
    const xmlChar *s = xmlDictLookup(doc->dict, (const xmlChar *)text, (int)len);
    if (!s)
        return NULL;
    xmlNodePtr t = xmlNewDocText(doc, NULL);
    if (t)
        t->content = (xmlChar *)s;   /* xmlFreeNode leaves what the dict owns */
    return t;
}

void ev_set_line(xmlNodePtr node, unsigned long line)
{
    node->psvi = (void *)(uintptr_t)line;
    node->line = line > 65535 ? 65535 : (unsigned short)line;
}

unsigned long ev_line(xmlNodePtr node)
{
    if (!node)
        return 0;
    if (node->type == XML_ATTRIBUTE_NODE)
        node = node->parent;
    else if (node->type == XML_TEXT_NODE && node->parent)
        node = node->parent;
    if (!node)
        return 0;
    if (node->doc && node->doc->_private == &synthetic_marker)
        return (unsigned long)(uintptr_t)node->psvi;
    long l = xmlGetLineNo(node);
    return l > 0 ? (unsigned long)l : 0;
}

bool ev_name_ok(const char *key, size_t len)
{
    if (len == 0 || strlen(key) != len)
        return false;
    if (len >= 3 && strncasecmp(key, "xml", 3) == 0)
        return false;
    return xmlValidateNCName((const xmlChar *)key, 0) == 0;
}

/* ---- the synthetic readers' output ------------------------------------ */

static bool tree_oom(EvOut *o, unsigned long line)
{
    ev_error(o->err, line, "out of memory");
    return false;
}

static bool tree_start(EvOut *o, const char *name, size_t hash, const char *key, bool null,
                       unsigned long line)
{
    (void)hash;
    EvTree *t = (EvTree *)o;
    xmlNodePtr n;
    if (!t->cur) {
        /* the root: made with the document, not counted */
        n = xmlDocGetRootElement(t->doc);
        if (null && !ev_take_nodes(&t->left, 1, t->max, line, o->err))
            return false;
    } else {
        if (!ev_take_nodes(&t->left, 1 + (key != NULL) + null, t->max, line, o->err))
            return false;
        n = xmlNewDocNode(t->doc, NULL, (const xmlChar *)name, NULL);
        if (!n || !xmlAddChild(t->cur, n)) {
            xmlFreeNode(n);
            return tree_oom(o, line);
        }
    }
    ev_set_line(n, line);
    if (key && !xmlNewProp(n, (const xmlChar *)"key", (const xmlChar *)key))
        return tree_oom(o, line);
    if (null && !xmlNewProp(n, (const xmlChar *)"null", (const xmlChar *)"true"))
        return tree_oom(o, line);
    t->cur = n;
    return true;
}

static bool tree_text(EvOut *o, const char *s, size_t n, unsigned long line)
{
    EvTree *t = (EvTree *)o;
    if (!ev_take_nodes(&t->left, 1, t->max, line, o->err))
        return false;
    xmlNodePtr k = ev_new_text(t->doc, s, n);
    if (!k || !xmlAddChild(t->cur, k)) {
        xmlFreeNode(k);
        return tree_oom(o, line);
    }
    return true;
}

static void tree_end(EvOut *o)
{
    EvTree *t = (EvTree *)o;
    xmlNodePtr up = t->cur ? t->cur->parent : NULL;
    t->cur = up && up->type == XML_ELEMENT_NODE ? up : NULL;
}

bool ev_tree_init(EvTree *t, const char *root, const ReadLimits *lim, ReadError *err)
{
    xmlNodePtr r;
    *t = (EvTree){{tree_start, tree_text, tree_end, err, NULL, false}, ev_new_doc(root, &r), NULL,
                  lim->max_nodes, lim->max_nodes};
    if (!t->doc) {
        ev_error(err, 0, "out of memory");
        return false;
    }
    ev_set_line(r, 1);
    return true;
}

xmlDocPtr ev_tree_finish(EvTree *t, bool ok)
{
    if (ok && !t->out.err->msg[0])
        return t->doc;
    xmlFreeDoc(t->doc);
    return NULL;
}

/* An attribute value as libxml2's SAX2 layer hands it over: a literal '&'
   as "&#38;" (extract_xml.c decodes it as the tree builder does). NULL
   when v has no '&' and is handed over as it is (the usual case: a key
   such as "acc,none", once per element). */
static char *sax_value(const char *v, size_t *len)
{
    size_t n = strlen(v), amps = 0;
    for (size_t i = 0; i < n; i++)
        amps += v[i] == '&';
    *len = n;
    if (!amps)
        return NULL;
    char *out = xmalloc(n + 4 * amps + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '&') {
            memcpy(out + k, "&#38;", 5);
            k += 5;
        } else {
            out[k++] = v[i];
        }
    }
    out[k] = '\0';
    *len = k;
    return out;
}

static bool emit_start(EvOut *o, const char *name, size_t hash, const char *key, bool null,
                       unsigned long line)
{
    (void)hash;
    EvEmit *e = (EvEmit *)o;
    const xmlChar *attrs[10];
    int n = 0;
    char *kv = NULL;
    if (key) {
        size_t len;
        kv = sax_value(key, &len);
        const char *v = kv ? kv : key;
        const xmlChar *a[5] = {(const xmlChar *)"key", NULL, NULL, (const xmlChar *)v,
                               (const xmlChar *)v + len};
        memcpy(attrs + 5 * n++, a, sizeof a);
    }
    if (null) {
        static const char t[] = "true";
        const xmlChar *a[5] = {(const xmlChar *)"null", NULL, NULL, (const xmlChar *)t,
                               (const xmlChar *)t + 4};
        memcpy(attrs + 5 * n++, a, sizeof a);
    }
    e->events->start(e->user, (const xmlChar *)name, false, attrs, n, line);
    free(kv);
    if (null && e->events->null)
        e->events->null(e->user);
    return true;
}

static bool emit_text(EvOut *o, const char *s, size_t n, unsigned long line)
{
    (void)line;
    EvEmit *e = (EvEmit *)o;
    while (n > 0) {
        int k = n > INT_MAX ? INT_MAX : (int)n;
        e->events->text(e->user, (const xmlChar *)s, k);
        s += k;
        n -= (size_t)k;
    }
    return true;
}

static void emit_end(EvOut *o)
{
    EvEmit *e = (EvEmit *)o;
    e->events->end(e->user);
}

void ev_emit_init(EvEmit *e, const XmlEvents *events, void *user, ReadError *err)
{
    *e = (EvEmit){{emit_start, emit_text, emit_end, err, NULL, false}, events, user};
}
