/* emit.c - escapes, the report read back, and output, for the writers of
 * accord's other formats (emit.h). */
#define _POSIX_C_SOURCE 200809L
#include "emit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "output.h"

void emit_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

void emit_html(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

void emit_uri(FILE *f, const char *path)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
            || strchr("-._~/", *p))
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
    fputc('"', f);
}

bool emit_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)name);
}

const char *emit_attr(Arena *a, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    const char *r = arena_strdup(a, (const char *)v);
    xmlFree(v);
    return r;
}

xmlDocPtr emit_report_doc(const Program *p, const Binding *b, const Outcome *o,
                          const ReportInfo *info)
{
    size_t xlen;
    char *xml = report_xml(p, b, o, info, &xlen);
    if (!xml)
        return NULL;
    /* our own report: its texts are bounded (MAX_REPORT_TEXT), but the
       whole may be large */
    xmlDocPtr doc = xmlReadMemory(xml, (int)xlen, "report.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_HUGE);
    free(xml);
    if (doc && !xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

bool emit_output(const char *who, const char *output, const char *buf, size_t len)
{
    if (output)
        return write_atomically(who, output, buf, len);
    if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
        fprintf(stderr, "accord %s: cannot write to standard output: %s\n", who, strerror(errno));
        return false;
    }
    return true;
}
