/* evidence.c - what every evidence reader shares: the table of formats
 * (formats.def), the synthetic trees of JSON and CSV with their line
 * numbers, element names for keys, and the first-error rule. Readers
 * depend on this file and not on one another.
 */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#define FORMAT(id, name, exts, read, events) {name, exts, read, events},
const EvFormatInfo ev_formats[FMT_COUNT] = {
#include "formats.def"
};
#undef FORMAT

#define FORMAT(id, name, exts, read, events) name,
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
