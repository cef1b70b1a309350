/* report_sarif.c - the report as SARIF 2.1.0 (v1.1 §7), for code-scanning
 * tools: one run; a rule per requirement and recommendation in scope (id,
 * title, severity, citations); a result per check that failed (`error`
 * for a requirement, `note` for a recommendation, which never changes the
 * verdict), erred or was inconclusive (`warning`), located at its
 * counterexamples' evidence files and lines, relative to the evidence
 * folder (uriBaseId EVIDENCE), with the check's line in the standard as a
 * related location (uriBaseId STANDARD).
 *
 * Written from the XML report read back, as the JSON is, so the formats
 * cannot disagree; deterministic as the report is.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static const char *text_of(Arena *a, xmlNodePtr n, const char *child)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (emit_is(c, child)) {
            xmlChar *t = xmlNodeGetContent(c);
            const char *r = arena_strdup(a, t ? (const char *)t : "");
            xmlFree(t);
            return r;
        }
    return NULL;
}

static void rule(FILE *f, Arena *a, xmlNodePtr r, bool first)
{
    fputs(first ? "\n" : ",\n", f);
    fputs("            {\"id\": ", f);
    emit_json_string(f, emit_attr(a, r, "id"));
    fputs(", \"shortDescription\": {\"text\": ", f);
    emit_json_string(f, emit_attr(a, r, "title"));
    fputs("}", f);
    const char *why = text_of(a, r, "rationale");
    if (why) {
        fputs(", \"fullDescription\": {\"text\": ", f);
        emit_json_string(f, why);
        fputs("}", f);
    }
    const char *kind = emit_attr(a, r, "kind");
    fprintf(f, ", \"defaultConfiguration\": {\"level\": \"%s\"}",
            kind && strcmp(kind, "recommendation") == 0 ? "note" : "error");
    fputs(", \"properties\": {\"kind\": ", f);
    emit_json_string(f, kind);
    fputs(", \"severity\": ", f);
    emit_json_string(f, emit_attr(a, r, "severity"));
    fputs(", \"citations\": [", f);
    bool one = true;
    for (xmlNodePtr c = r->children; c; c = c->next)
        if (emit_is(c, "cites")) {
            xmlChar *t = xmlNodeGetContent(c);
            fputs(one ? "" : ", ", f);
            one = false;
            emit_json_string(f, (const char *)t);
            xmlFree(t);
        }
    fputs("]}}", f);
}

static void location(FILE *f, Arena *a, xmlNodePtr ce, bool first)
{
    const char *file = emit_attr(a, ce, "file"), *line = emit_attr(a, ce, "line");
    fputs(first ? "" : ", ", f);
    fputs("{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
    emit_uri(f, file);
    fputs(", \"uriBaseId\": \"EVIDENCE\"}", f);
    if (line)
        fprintf(f, ", \"region\": {\"startLine\": %s}", line);
    fputs("}", f);
    const char *member = emit_attr(a, ce, "member");
    if (member) {
        fputs(", \"message\": {\"text\": ", f);
        emit_json_string(f, arena_printf(a, "in member %s of the log", member));
        fputs("}", f);
    }
    fputs("}", f);
}

/* the file that declares requirement id, relative to the standard's
   folder: the standard itself, or the import (its pin, v1.1 §2) */
static const char *declared_in(const Program *p, const char *id, const char *std_base)
{
    const Decl *d = map_get(p->ids, id);
    const Module *m = d ? d->module : NULL;
    return m && m != p->root && m->pin ? m->pin : std_base;
}

static bool result(FILE *f, Arena *a, xmlNodePtr req, int index, xmlNodePtr ch,
                   const char *std_file, bool first)
{
    const char *res = emit_attr(a, ch, "result");
    if (!res || strcmp(res, "pass") == 0)
        return false;
    bool rec = strcmp(emit_attr(a, req, "kind"), "recommendation") == 0;
    const char *level = strcmp(res, "fail") == 0 ? (rec ? "note" : "error") : "warning";
    const char *label = emit_attr(a, ch, "label"), *msg = text_of(a, ch, "message");
    const char *err = text_of(a, ch, "error");
    const char *text = arena_printf(a, "%s %s%s%s: %s", emit_attr(a, req, "id"), res,
                                    label ? " for " : "", label ? label : "",
                                    msg ? msg : err ? err : emit_attr(a, ch, "expr"));
    fputs(first ? "\n" : ",\n", f);
    fputs("        {\"ruleId\": ", f);
    emit_json_string(f, emit_attr(a, req, "id"));
    fprintf(f, ", \"ruleIndex\": %d, \"level\": \"%s\", \"message\": {\"text\": ", index, level);
    emit_json_string(f, text);
    fputs("}", f);
    bool any = false;
    for (xmlNodePtr c = ch->children; c; c = c->next)
        if (emit_is(c, "counterexample") && emit_attr(a, c, "file")) {
            fputs(any ? "" : ", \"locations\": [", f);
            location(f, a, c, !any);
            any = true;
        }
    if (any) {
        fputs("]", f);
    } else {
        /* no evidence to point at (a count, a date): the check itself, as
           code-scanning tools want a location for every result */
        fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
        emit_uri(f, std_file);
        fprintf(f, ", \"uriBaseId\": \"STANDARD\"}, \"region\": {\"startLine\": %s}}}]",
                emit_attr(a, ch, "line"));
    }
    fputs(", \"relatedLocations\": [{\"id\": 0, \"physicalLocation\": {\"artifactLocation\": "
          "{\"uri\": ", f);
    emit_uri(f, std_file);
    fprintf(f, ", \"uriBaseId\": \"STANDARD\"}, \"region\": {\"startLine\": %s}}, "
            "\"message\": {\"text\": \"the check in the standard\"}}]", emit_attr(a, ch, "line"));
    fputs(", \"properties\": {\"result\": ", f);
    emit_json_string(f, res);
    const char *n = emit_attr(a, ch, "counterexamples");
    if (n)
        fprintf(f, ", \"counterexamples\": %s", n);
    fputs("}}", f);
    return true;
}

char *report_sarif(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len)
{
    /* the check's line is in the file that declares its requirement */
    xmlDocPtr doc = emit_report_doc(p, b, o, info);
    if (!doc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    Arena *a = arena_new();
    xmlNodePtr std = NULL, run = NULL, sum = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (emit_is(c, "standard"))
            std = c;
        if (emit_is(c, "run"))
            run = c;
        if (emit_is(c, "summary"))
            sum = c;
    }
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f)
        out_of_memory();
    fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
          "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
          "      \"tool\": {\n        \"driver\": {\n          \"name\": \"accord\",\n"
          "          \"version\": ", f);
    emit_json_string(f, ACCORD_VERSION);
    fputs(",\n          \"rules\": [", f);
    int index = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (emit_is(c, "requirement"))
            rule(f, a, c, index++ == 0);
    fputs("\n          ]\n        }\n      },\n", f);
    fputs("      \"originalUriBaseIds\": {\n        \"EVIDENCE\": {\"description\": {\"text\": ", f);
    emit_json_string(f, arena_printf(a, "the evidence folder, %s", emit_attr(a, run, "evidence-root")));
    fputs("}},\n        \"STANDARD\": {\"description\": {\"text\": ", f);
    emit_json_string(f, "the folder of the standard's file");
    fputs("}}\n      },\n      \"results\": [", f);
    bool first = true;
    index = 0;
    const char *sf = emit_attr(a, std, "file");
    const char *base = strrchr(sf, '/');
    for (xmlNodePtr r = root->children; r; r = r->next) {
        if (!emit_is(r, "requirement"))
            continue;
        for (xmlNodePtr ch = r->children; ch; ch = ch->next)
            if (emit_is(ch, "check")
                && result(f, a, r, index, ch,
                          declared_in(p, emit_attr(a, r, "id"), base ? base + 1 : sf), first))
                first = false;
        index++;
    }
    fputs(first ? "],\n" : "\n      ],\n", f);
    fputs("      \"properties\": {\"verdict\": ", f);
    emit_json_string(f, emit_attr(a, sum, "verdict"));
    fputs(", \"standard\": ", f);
    emit_json_string(f, emit_attr(a, std, "id"));
    fputs(", \"standard-sha256\": ", f);
    emit_json_string(f, emit_attr(a, std, "sha256"));
    fputs(", \"as-of\": ", f);
    emit_json_string(f, emit_attr(a, run, "as-of"));
    fputs("}\n    }\n  ]\n}\n", f);
    if (fclose(f) != 0)
        out_of_memory();
    arena_free(a);
    xmlFreeDoc(doc);
    return out;
}
