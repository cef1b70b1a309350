/* report_oscal.c - the report as an OSCAL assessment-results document
 * (JSON, OSCAL 1.0.6; v1.1 §7), for governance, risk and compliance tools:
 * one result; one finding per requirement and recommendation in scope,
 * targeting it as an objective, `satisfied` when it passed and
 * `not-satisfied` otherwise, accord's own result and severity as
 * properties in accord's namespace; one observation per evidence file,
 * whose SHA-256 is in the back matter. The standard stands in for the
 * assessment plan (import-ap).
 *
 * Every UUID is a version 5 UUID (RFC 4122, SHA-1) of what it names,
 * under a namespace of accord's own, and every timestamp is the check's
 * date: the same inputs give the same bytes, as the XML report does.
 * Written from the XML report read back, as the JSON and SARIF are.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/evp.h>

/* uuid5(NAMESPACE_URL, "urn:x-accord") */
static const unsigned char accord_ns[16] = {0xc7, 0x24, 0xe4, 0xdd, 0x92, 0x1d, 0x59, 0xd0,
                                            0x9d, 0x83, 0xf6, 0xcf, 0xa1, 0xf6, 0x46, 0x56};

/* RFC 4122 §4.3: SHA-1 of the namespace and the name, version 5, variant 10 */
static const char *uuid5(Arena *a, const char *name)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || !EVP_DigestInit_ex(c, EVP_sha1(), NULL) || !EVP_DigestUpdate(c, accord_ns, 16)
        || !EVP_DigestUpdate(c, name, strlen(name)) || !EVP_DigestFinal_ex(c, md, &mdlen))
        out_of_memory();
    EVP_MD_CTX_free(c);
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
    char *s = arena_alloc(a, 37);
    int k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            s[k++] = '-';
        k += snprintf(s + k, 3, "%02x", md[i]);
    }
    s[k] = '\0';
    return s;
}

/* an OSCAL token (letters, digits, '.', '-', '_', not beginning with a
   digit, '.' or '-'): a requirement id as it is when it is one, else with
   each other character as '_' and a leading '_' */
static const char *token(Arena *a, const char *id)
{
    size_t n = strlen(id);
    char *t = arena_alloc(a, n + 2);
    size_t k = 0;
    bool alpha0 = (id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z') || id[0] == '_';
    if (!alpha0)
        t[k++] = '_';
    for (size_t i = 0; i < n; i++) {
        char ch = id[i];
        bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                  || ch == '.' || ch == '-' || ch == '_';
        t[k++] = ok ? ch : '_';
    }
    t[k] = '\0';
    return t;
}

/* an attribute, or "" when absent: every text below has one */
static const char *at(Arena *a, xmlNodePtr n, const char *name)
{
    const char *v = n ? emit_attr(a, n, name) : NULL;
    return v ? v : "";
}

static const char *nonempty(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

static void finding(FILE *f, Arena *a, const char *doc, xmlNodePtr r, bool first)
{
    const char *id = at(a, r, "id"), *res = at(a, r, "result");
    fputs(first ? "\n" : ",\n", f);
    fputs("          {\"uuid\": ", f);
    emit_json_string(f, uuid5(a, arena_printf(a, "%s|finding|%s", doc, id)));
    fputs(", \"title\": ", f);
    emit_json_string(f, arena_printf(a, "%s: %s", id, nonempty(at(a, r, "title"), id)));
    fputs(", \"description\": ", f);
    emit_json_string(f, arena_printf(a, "accord %s %s: %s", at(a, r, "kind"), id, res));
    fputs(", \"props\": [{\"name\": \"result\", \"ns\": \"" REPORT_NS "\", \"value\": ", f);
    emit_json_string(f, res);
    fputs("}, {\"name\": \"severity\", \"ns\": \"" REPORT_NS "\", \"value\": ", f);
    emit_json_string(f, at(a, r, "severity"));
    fputs("}, {\"name\": \"kind\", \"ns\": \"" REPORT_NS "\", \"value\": ", f);
    emit_json_string(f, at(a, r, "kind"));
    fputs("}], \"target\": {\"type\": \"objective-id\", \"target-id\": ", f);
    emit_json_string(f, token(a, id));
    fprintf(f, ", \"status\": {\"state\": \"%s\"}}}",
            strcmp(res, "pass") == 0 ? "satisfied" : "not-satisfied");
}

char *report_oscal(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len)
{
    xmlDocPtr xdoc = emit_report_doc(p, b, o, info);
    if (!xdoc)
        return NULL;
    xmlNodePtr root = xmlDocGetRootElement(xdoc);
    Arena *a = arena_new();
    xmlNodePtr std = NULL, run = NULL, ev = NULL, sum = NULL;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (emit_is(c, "standard"))
            std = c;
        if (emit_is(c, "run"))
            run = c;
        if (emit_is(c, "evidence"))
            ev = c;
        if (emit_is(c, "summary"))
            sum = c;
    }
    const char *as_of = at(a, run, "as-of"), *sha = at(a, std, "sha256");
    const char *when = arena_printf(a, "%sT00:00:00Z", as_of);
    /* what every UUID is derived from: the inputs the report pins */
    const char *doc = arena_printf(a, "standard %s|profile %s|as-of %s|evidence %s|verdict %s",
                                   sha, nonempty(at(a, std, "profile"), "-"), as_of,
                                   at(a, run, "evidence-root"), at(a, sum, "verdict"));
    for (xmlNodePtr c = ev ? ev->children : NULL; c; c = c->next)
        if (emit_is(c, "file"))
            doc = arena_printf(a, "%s|%s %s", doc, at(a, c, "path"), at(a, c, "sha256"));
    doc = uuid5(a, doc);
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f)
        out_of_memory();
    fputs("{\n  \"assessment-results\": {\n    \"uuid\": ", f);
    emit_json_string(f, uuid5(a, arena_printf(a, "%s|document", doc)));
    fputs(",\n    \"metadata\": {\"title\": ", f);
    emit_json_string(f, arena_printf(a, "accord check: %s %s", at(a, std, "id"),
                        nonempty(at(a, std, "title"), "")));
    fputs(", \"last-modified\": ", f);
    emit_json_string(f, when);
    fputs(", \"version\": ", f);
    emit_json_string(f, nonempty(at(a, std, "version"), "0"));
    fputs(", \"oscal-version\": \"1.0.6\", \"props\": [{\"name\": \"verdict\", \"ns\": \""
          REPORT_NS "\", \"value\": ", f);
    emit_json_string(f, at(a, sum, "verdict"));
    fputs("}, {\"name\": \"standard-sha256\", \"ns\": \"" REPORT_NS "\", \"value\": ", f);
    emit_json_string(f, sha);
    fputs("}]},\n    \"import-ap\": {\"href\": ", f);
    emit_uri(f, at(a, std, "file"));
    fputs(", \"remarks\": \"The accord standard checked stands in for an assessment plan.\"},\n"
          "    \"results\": [\n      {\"uuid\": ", f);
    emit_json_string(f, uuid5(a, arena_printf(a, "%s|result", doc)));
    fputs(", \"title\": ", f);
    emit_json_string(f, arena_printf(a, "accord check of %s", at(a, run, "evidence-root")));
    fputs(", \"description\": ", f);
    emit_json_string(f, arena_printf(a, "The evidence in %s checked against %s as of %s: %s.",
                        at(a, run, "evidence-root"), at(a, std, "id"), as_of,
                        at(a, sum, "verdict")));
    fputs(", \"start\": ", f);
    emit_json_string(f, when);
    fputs(", \"end\": ", f);
    emit_json_string(f, when);
    fputs(",\n        \"reviewed-controls\": {\"control-selections\": [{\"include-all\": {}}]}", f);
    bool any = false;
    for (xmlNodePtr c = ev ? ev->children : NULL; c; c = c->next) {
        if (!emit_is(c, "file"))
            continue;
        const char *path = at(a, c, "path");
        fputs(any ? ",\n" : ",\n        \"observations\": [\n", f);
        any = true;
        fputs("          {\"uuid\": ", f);
        emit_json_string(f, uuid5(a, arena_printf(a, "%s|observation|%s", doc, path)));
        fputs(", \"description\": ", f);
        emit_json_string(f, arena_printf(a, "Evidence file %s, read for declaration %s as %s (%s bytes).",
                            path, at(a, c, "evidence"), at(a, c, "format"), at(a, c, "bytes")));
        fputs(", \"methods\": [\"TEST\"], \"relevant-evidence\": [{\"href\": ", f);
        emit_json_string(f, arena_printf(a, "#%s", uuid5(a, arena_printf(a, "%s|resource|%s", doc, path))));
        fputs(", \"description\": \"The file, with its SHA-256 in the back matter.\"}]"
              ", \"collected\": ", f);
        emit_json_string(f, when);
        fputs("}", f);
    }
    if (any)
        fputs("\n        ]", f);
    bool first = true;
    for (xmlNodePtr r = root->children; r; r = r->next)
        if (emit_is(r, "requirement")) {
            if (first)
                fputs(",\n        \"findings\": [", f);
            finding(f, a, doc, r, first);
            first = false;
        }
    if (!first)
        fputs("\n        ]", f);
    fputs("}\n    ]", f);
    any = false;
    for (xmlNodePtr c = ev ? ev->children : NULL; c; c = c->next) {
        if (!emit_is(c, "file"))
            continue;
        const char *path = at(a, c, "path");
        fputs(any ? ",\n" : ",\n    \"back-matter\": {\"resources\": [\n", f);
        any = true;
        fputs("      {\"uuid\": ", f);
        emit_json_string(f, uuid5(a, arena_printf(a, "%s|resource|%s", doc, path)));
        fputs(", \"title\": ", f);
        emit_json_string(f, path);
        fputs(", \"rlinks\": [{\"href\": ", f);
        emit_uri(f, path);
        fputs(", \"hashes\": [{\"algorithm\": \"SHA-256\", \"value\": ", f);
        emit_json_string(f, at(a, c, "sha256"));
        fputs("}]}]}", f);
    }
    if (any)
        fputs("\n    ]}", f);
    fputs("\n  }\n}\n", f);
    if (fclose(f) != 0)
        out_of_memory();
    arena_free(a);
    xmlFreeDoc(xdoc);
    return out;
}
