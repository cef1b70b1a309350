/* evdump.c - runs one evidence reader on one file and prints the tree with
 * each element's line, or the reader's error: `evdump xml|json|jsonl|csv FILE`.
 * Exit 0 when the file is accepted, 1 when it is rejected, 2 on misuse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "evidence.h"

static void dump(xmlNodePtr n, int depth)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        printf("%*s%s", depth * 2, "", (const char *)n->name);
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            printf(" @%s=\"%s\"", (const char *)a->name, v ? (const char *)v : "");
            xmlFree(v);
        }
        if (n->children && n->children->type == XML_TEXT_NODE && !n->children->next) {
            printf(" \"%s\"", (const char *)n->children->content);
        }
        printf("  [line %lu]\n", ev_line(n));
        dump(n->children, depth + 1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: evdump xml|json|jsonl|csv FILE\n");
        return 2;
    }
    int fmt = ev_format_named(argv[1]);
    if (fmt < 0) {
        fprintf(stderr, "evdump: unknown format '%s'\n", argv[1]);
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    if (!buf)
        return 2;
    ReadError err = {{0}, 0};
    ReadLimits lim = READ_DEFAULTS;
    xmlDocPtr doc = ev_read((EvFormat)fmt, buf, n, &lim, &err);
    free(buf);
    if (!doc) {
        printf("rejected: line %lu: %s\n", err.line, err.msg);
        return 1;
    }
    dump(xmlDocGetRootElement(doc), 0);
    xmlFreeDoc(doc);
    xmlCleanupParser();
    return 0;
}
