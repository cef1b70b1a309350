/* reader.h - one evidence reader as a fuzz target: the bytes as a whole
 * file; a tree that is returned is walked (every node's line asked for) and
 * freed, so that a tree built wrongly shows under the sanitizers. */
#include <libxml/tree.h>

#include "evidence.h"
#include "fuzz.h"

static void walk(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            (void)ev_line(n);
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                xmlFree(v);
            }
        }
        walk(n->children);
    }
}

static int fuzz_reader(EvFormat fmt, const uint8_t *data, size_t size)
{
    ReadError err = {{0}, 0};
    ReadLimits lim = READ_DEFAULTS;
    xmlDocPtr doc = ev_read(fmt, (const char *)data, size, &lim, &err);
    if (doc) {
        walk(doc->children);
        xmlFreeDoc(doc);
    } else if (!err.msg[0]) {
        __builtin_trap();    /* a refusal must always say why */
    }
    return 0;
}
