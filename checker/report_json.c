/* report_json.c - the report as JSON (v1.1 §7): the XML report's content,
 * element for element, described by reports/report.schema.json.
 *
 * The XML report is written first and read back, so the two can never
 * say different things. An element is an object: its attributes are
 * string members (as the XML holds them, so that no number is rounded on
 * the way), its text (message, error, waiver, cites, rationale,
 * diagnostic) the member "text", and its children members named after
 * them: an array for the elements that may repeat, an object for the
 * others. The document is the report element's object. Member order
 * follows the XML, so the bytes are as deterministic as the report's.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* the elements that may repeat under their parent (report.rng) */
static bool repeats(const char *name)
{
    static const char *const names[] = {"source", "set", "option", "file", "requirement",
                                        "diagnostic", "cites", "check", "value",
                                        "counterexample"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static void indent(FILE *f, int level)
{
    for (int i = 0; i < level; i++)
        fputs("  ", f);
}

static bool has_elements(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return true;
    return false;
}

static void element(FILE *f, xmlNodePtr n, int level);

/* the members of n's object, after "{" */
static void members(FILE *f, xmlNodePtr n, int level)
{
    bool first = true;
    for (xmlAttrPtr at = n->properties; at; at = at->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, at->children, 1);
        fputs(first ? "\n" : ",\n", f);
        first = false;
        indent(f, level);
        emit_json_string(f, (const char *)at->name);
        fputs(": ", f);
        emit_json_string(f, v ? (const char *)v : "");
        xmlFree(v);
    }
    if (!has_elements(n) && n->children) {
        xmlChar *t = xmlNodeGetContent(n);
        fputs(first ? "\n" : ",\n", f);
        first = false;
        indent(f, level);
        fputs("\"text\": ", f);
        emit_json_string(f, t ? (const char *)t : "");
        xmlFree(t);
    }
    /* children, grouped by name in the order each name first appears */
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool seen = false;
        for (xmlNodePtr b = n->children; b != c && !seen; b = b->next)
            seen = b->type == XML_ELEMENT_NODE && xmlStrEqual(b->name, c->name);
        if (seen)
            continue;
        fputs(first ? "\n" : ",\n", f);
        first = false;
        indent(f, level);
        emit_json_string(f, (const char *)c->name);
        fputs(": ", f);
        if (!repeats((const char *)c->name)) {
            element(f, c, level);
            continue;
        }
        fputs("[", f);
        bool one = true;
        for (xmlNodePtr x = c; x; x = x->next) {
            if (x->type != XML_ELEMENT_NODE || !xmlStrEqual(x->name, c->name))
                continue;
            fputs(one ? "\n" : ",\n", f);
            one = false;
            indent(f, level + 1);
            element(f, x, level + 1);
        }
        fputc('\n', f);
        indent(f, level);
        fputc(']', f);
    }
    if (!first) {
        fputc('\n', f);
        indent(f, level - 1);
    }
}

static void element(FILE *f, xmlNodePtr n, int level)
{
    fputc('{', f);
    members(f, n, level + 1);
    fputc('}', f);
}

char *report_json(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len)
{
    xmlDocPtr doc = emit_report_doc(p, b, o, info);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f)
        out_of_memory();
    element(f, root, 0);
    fputc('\n', f);
    if (fclose(f) != 0)
        out_of_memory();
    xmlFreeDoc(doc);
    return out;
}
