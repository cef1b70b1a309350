/* waivers.c - see waivers.h. The file is read with the defensive XML
 * reader of the evidence (a waivers file comes from the same untrusted
 * parties) and checked element by element. */
#define _POSIX_C_SOURCE 200809L
#include "waivers.h"

#include <errno.h>
#include <string.h>

#include <libxml/tree.h>

#include "calendar.h"
#include "evidence.h"
#include "files.h"
#include "load.h"

#define NS "urn:x-accord:waivers:1"

static bool in_ns(xmlNodePtr n)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, NS) == 0;
}

static char *trimmed_text(Arena *a, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    size_t b = 0, e = strlen(s);
    while (b < e && strchr(" \t\r\n", s[b]))
        b++;
    while (e > b && strchr(" \t\r\n", s[e - 1]))
        e--;
    char *r = arena_strndup(a, s + b, e - b);
    xmlFree(t);
    return r;
}

Waivers *waivers_read(Arena *a, const char *path, const char **why)
{
    size_t len;
    char *text = load_file(a, path, &len);
    if (!text) {
        *why = arena_printf(a, "cannot read waivers file '%s': %s", path, strerror(errno));
        return NULL;
    }
    ReadError err = {{0}, 0};
    ReadLimits lim = READ_DEFAULTS;
    xmlDocPtr doc = read_xml(text, len, &lim, &err);
    if (!doc) {
        *why = arena_printf(a, "%s:%lu: %s", path, err.line, err.msg);
        return NULL;
    }
    Waivers *w = NEW(a, Waivers);
    w->bytes = len;
    if (!sha256_hex(text, len, w->sha256))
        strcpy(w->sha256, "unavailable");
    xmlNodePtr root = xmlDocGetRootElement(doc);
#define BAD(node, ...) do { *why = arena_printf(a, "%s:%ld: %s", path, xmlGetLineNo(node), \
                                              arena_printf(a, __VA_ARGS__)); goto fail; } while (0)
    if (strcmp((const char *)root->name, "waivers") != 0 || !in_ns(root))
        BAD(root, "the root element must be <waivers xmlns=\"%s\">", NS);
    for (xmlAttrPtr at = root->properties; at; at = at->next)
        BAD(root, "<waivers> takes no attribute '%s'", (const char *)at->name);
    int n = 0;
    for (xmlNodePtr c = root->children; c; c = c->next)
        n += c->type == XML_ELEMENT_NODE;
    w->items = arena_alloc(a, sizeof(Waiver) * (size_t)(n + 1));
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const xmlChar *t = c->content; t && *t; t++)
                if (!strchr(" \t\r\n", *t))
                    BAD(c, "text outside a <waiver>");
            continue;
        }
        if (c->type == XML_COMMENT_NODE)
            continue;
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "waiver") != 0
            || !in_ns(c))
            BAD(c, "only <waiver> elements may stand in <waivers>");
        Waiver *v = &w->items[w->n];
        v->line = (unsigned long)xmlGetLineNo(c);
        for (xmlAttrPtr at = c->properties; at; at = at->next) {
            xmlChar *val = xmlNodeGetContent((xmlNodePtr)at);
            const char *s = arena_strdup(a, val ? (const char *)val : "");
            xmlFree(val);
            const char *name = (const char *)at->name;
            if (strcmp(name, "requirement") == 0)
                v->requirement = s;
            else if (strcmp(name, "approved-by") == 0)
                v->approved_by = s;
            else if (strcmp(name, "expires") == 0)
                v->expires = s;
            else
                BAD(c, "<waiver> takes no attribute '%s' (requirement, approved-by, expires)",
                    name);
        }
        for (xmlNodePtr k = c->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE)
                BAD(k, "a <waiver> holds its reason as text, not elements");
        if (!v->requirement || !*v->requirement)
            BAD(c, "a <waiver> needs requirement=\"ID\"");
        if (!v->approved_by || !*v->approved_by)
            BAD(c, "the waiver of %s needs approved-by", v->requirement);
        int64_t day;
        if (!v->expires || !cal_parse_date(v->expires, strlen(v->expires), &day))
            BAD(c, "the waiver of %s needs expires=\"YYYY-MM-DD\"%s%s%s", v->requirement,
                v->expires ? ", not \"" : "", v->expires ? v->expires : "", v->expires ? "\"" : "");
        v->expires_day = (double)day;
        v->reason = trimmed_text(a, c);
        if (!*v->reason)
            BAD(c, "the waiver of %s gives no reason", v->requirement);
        for (int i = 0; i < w->n; i++)
            if (strcmp(w->items[i].requirement, v->requirement) == 0)
                BAD(c, "%s is waived twice (also at line %lu)", v->requirement,
                    w->items[i].line);
        w->n++;
    }
#undef BAD
    xmlFreeDoc(doc);
    return w;
fail:
    xmlFreeDoc(doc);
    return NULL;
}

static bool waivable(const Decl *d)
{
    for (const Stmt *st = d->body; st; st = st->next)
        if (st->kind == S_WAIVABLE)
            return st->flag;
    return true;
}

void waivers_apply(const Program *p, Outcome *o, const Waivers *w, const char *path,
                   double as_of, Diag *d)
{
    for (int i = 0; i < w->n; i++) {
        const Waiver *v = &w->items[i];
        Loc none = NOLOC;
        const Decl *req = map_get(p->ids, v->requirement);
        if (!req) {
            diag_warning(d, none, "%s:%lu: warning: a waiver for %s, which the standard does not have",
                         path, v->line, v->requirement);
            continue;
        }
        if (as_of > v->expires_day) {
            diag_warning(d, none, "%s:%lu: warning: the waiver of %s expired on %s", path, v->line,
                         v->requirement, v->expires);
            continue;
        }
        for (int k = 0; k < o->nreqs; k++) {
            ReqResult *rr = &o->reqs[k];
            if (rr->decl != req)
                continue;
            if (rr->result != R_FAIL && rr->result != R_ERROR && rr->result != R_INCONCLUSIVE)
                break;
            if (!waivable(req)) {
                diag_warning(d, none, "%s:%lu: warning: %s is %s and says 'waivable false': the waiver "
                             "does not apply", path, v->line, v->requirement,
                             result_name(rr->result));
                break;
            }
            rr->original = rr->result;
            rr->result = R_WAIVED;
            rr->waiver = v;
            break;
        }
    }
    outcome_tally(o);
}
