/* report.c - writes report.md §3 in a fixed order, checking every call. */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "utf8.h"

#define NS "urn:x-accord:report:1"

typedef struct W {
    xmlTextWriterPtr w;
    Arena *a;
    bool failed;
    size_t max_value;        /* --max-value-length */
} W;

/* Every text a report holds is escaped by one reversible rule (utf8.h)
   and no longer than MAX_REPORT_TEXT bytes before escaping: whatever the
   evidence, its file names or the standard hold, the report is well-formed
   UTF-8 XML that libxml2 reads back without XML_PARSE_HUGE (whose limit
   for one text is 10 000 000 bytes; an escape is at most 6 bytes for 1).
   Values from evidence are shortened much sooner, at --max-value-length
   (shorten). */
enum { MAX_REPORT_TEXT = 1000000 };

static const char *cut(Arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n <= MAX_REPORT_TEXT)
        return s;
    size_t keep = MAX_REPORT_TEXT;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    return arena_printf(a, "%.*s... (%zu more bytes cut)", (int)keep, s, n - keep);
}

static const char *clean(Arena *a, const char *s)
{
    s = cut(a, s);
    return utf8_escape(a, s, strlen(s), ESC_XML);
}

/* The same for the text report: line feeds and the other line and
   paragraph separators escaped too, so that no value forges a line. */
static const char *tclean(Arena *a, const char *s)
{
    if (!s)
        return "";
    s = cut(a, s);
    return utf8_escape(a, s, strlen(s), ESC_TEXT);
}

/* A value longer than max characters (--max-value-length): its first max
   characters, and its length in characters and SHA-256 (of all its bytes)
   in *chars and sha; NULL when it is short enough. */
static const char *shorten(Arena *a, const char *v, size_t max, size_t *chars, char sha[65])
{
    size_t n = 0, i = 0, cut_at = 0, len = strlen(v);
    if (len <= max)
        return NULL;         /* the usual case: as many characters at most */
    const unsigned char *u = (const unsigned char *)v;
    while (i < len) {
        if (n == max)
            cut_at = i;
        size_t k = utf8_len(u + i, len - i);
        i += k ? k : 1;
        n++;
    }
    if (n <= max)
        return NULL;
    *chars = n;
    if (!sha256_hex(v, i, sha))
        strcpy(sha, "unavailable");
    return arena_strndup(a, v, cut_at);
}

static void start(W *w, const char *name)
{
    if (!w->failed && xmlTextWriterStartElement(w->w, (const xmlChar *)name) < 0)
        w->failed = true;
}

static void end(W *w)
{
    if (!w->failed && xmlTextWriterEndElement(w->w) < 0)
        w->failed = true;
}

static void attr(W *w, const char *name, const char *value)
{
    if (!value || w->failed)
        return;
    if (xmlTextWriterWriteAttribute(w->w, (const xmlChar *)name,
                                    (const xmlChar *)clean(w->a, value)) < 0)
        w->failed = true;
}

static void attr_int(W *w, const char *name, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    attr(w, name, buf);
}

static void text(W *w, const char *s)
{
    if (!w->failed && xmlTextWriterWriteString(w->w, (const xmlChar *)clean(w->a, s)) < 0)
        w->failed = true;
}

static void element_text(W *w, const char *name, const char *s)
{
    start(w, name);
    text(w, s);
    end(w);
}

/* Starts an indented UTF-8 document in a memory buffer; NULL on failure. */
static xmlBufferPtr begin(W *w, const ReportInfo *info)
{
    w->max_value = info->max_value_length ? info->max_value_length : DEFAULT_MAX_VALUE_LENGTH;
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        return NULL;
    w->a = arena_new();
    w->failed = false;
    w->w = xmlNewTextWriterMemory(buf, 0);
    if (!w->w) {
        xmlBufferFree(buf);
        arena_free(w->a);
        return NULL;
    }
    xmlTextWriterSetIndent(w->w, 1);
    xmlTextWriterSetIndentString(w->w, (const xmlChar *)"  ");
    if (xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", NULL) < 0)
        w->failed = true;
    return buf;
}

/* Ends the document and returns it (malloc'ed), or NULL if any write
   failed; frees the writer, the buffer and the arena. */
static char *finish(W *w, xmlBufferPtr buf, size_t *len)
{
    if (!w->failed && xmlTextWriterEndDocument(w->w) < 0)
        w->failed = true;
    xmlFreeTextWriter(w->w);
    char *out = NULL;
    if (!w->failed) {
        *len = (size_t)xmlBufferLength(buf);
        out = malloc(*len + 1);
        if (out) {
            memcpy(out, xmlBufferContent(buf), *len);
            out[*len] = '\0';
        }
    }
    xmlBufferFree(buf);
    arena_free(w->a);
    return out;
}

static int by_path(const void *x, const void *y)
{
    const EvFile *a = *(EvFile *const *)x, *b = *(EvFile *const *)y;
    int c = strcmp(a->path, b->path);
    return c ? c : strcmp(a->evidence, b->evidence);
}

static const char *src_of(const Program *p, Loc at, Arena *a)
{
    const Source *s = p->diag->srcs[at.src];
    return arena_strndup(a, s->text + at.beg, at.end - at.beg);
}

static int line_of(const Program *p, Loc at)
{
    int line, col;
    source_locate(p->diag->srcs[at.src], at.beg, &line, &col);
    return line;
}

static void values(W *w, const Shown *v, int n)
{
    for (int i = 0; i < n; i++) {
        start(w, "value");
        attr(w, "name", v[i].name);
        size_t chars;
        char sha[65];
        const char *s = shorten(w->a, v[i].value, w->max_value, &chars, sha);
        attr(w, "value", s ? s : v[i].value);
        if (s) {
            attr_int(w, "length", (long long)chars);
            attr(w, "sha256", sha);
        }
        end(w);
    }
}

/* A label (loop values, which may come from evidence): shortened as a
   value is, its length and SHA-256 said in the text. */
static const char *label_text(Arena *a, const char *label, size_t max)
{
    size_t chars;
    char sha[65];
    const char *s = label ? shorten(a, label, max, &chars, sha) : NULL;
    if (!s)
        return label;
    return arena_printf(a, "%s... (%zu characters, sha256 %s)", s, chars, sha);
}

static void check(W *w, const Program *p, const Check *c)
{
    start(w, "check");
    attr_int(w, "line", line_of(p, c->stmt->loc));
    attr(w, "expr", c->stmt->kind == S_REQUIRE ? src_of(p, c->stmt->expr->loc, w->a) : "");
    attr(w, "result", result_name(c->result));
    attr(w, "label", label_text(w->a, c->label, w->max_value));
    if (c->stmt->kind == S_REQUIRE && c->stmt->str)
        attr(w, "as", c->stmt->str);
    if (c->interval) {
        attr(w, "interval-low", v_format_number(w->a, c->lo));
        attr(w, "interval-high", v_format_number(w->a, c->hi));
        attr(w, "confidence", v_format_number(w->a, c->confidence));
    }
    values(w, c->values, c->nvalues);
    if (c->message)
        element_text(w, "message", c->message);
    if (c->error)
        element_text(w, "error", c->error);
    for (int i = 0; i < c->ncounters; i++) {
        const Counter *ce = &c->counters[i];
        start(w, "counterexample");
        attr(w, "file", ce->file);
        if (ce->origin && ce->origin->line)
            attr_int(w, "line", (long long)ce->origin->line);
        if (ce->origin)
            attr(w, "path", v_origin_path(w->a, ce->origin));
        values(w, ce->values, ce->nvalues);
        end(w);
    }
    end(w);
}

char *report_xml(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                 size_t *len)
{
    W w;
    xmlBufferPtr buf = begin(&w, info);
    if (!buf)
        return NULL;
    Arena *a = w.a;

    start(&w, "report");
    attr(&w, "xmlns", NS);
    attr(&w, "format-version", "1");

    start(&w, "tool");
    attr(&w, "name", "accord");
    attr(&w, "version", ACCORD_VERSION);
    end(&w);

    const Decl *std = p->standard;
    const char *hdr[4] = {NULL, NULL, NULL, NULL};
    for (const Item *it = std ? std->items : NULL; it; it = it->next)
        if (it->kind <= I_DESCRIPTION)
            hdr[it->kind] = it->str;
    start(&w, "standard");
    attr(&w, "id", std ? std->name : "");
    attr(&w, "version", hdr[I_VERSION]);
    attr(&w, "title", hdr[I_TITLE]);
    attr(&w, "publisher", hdr[I_PUBLISHER]);
    attr(&w, "profile", info->profile);
    attr(&w, "file", info->standard_file);
    attr(&w, "sha256", info->standard_sha256);
    end(&w);

    start(&w, "run");
    attr(&w, "as-of", info->as_of);
    attr(&w, "evidence-root", info->evidence_root);
    end(&w);

    start(&w, "evidence");
    const EvFile **files = arena_alloc(a, sizeof(EvFile *) * (size_t)(b->nfiles + 1));
    for (int i = 0; i < b->nfiles; i++)
        files[i] = &b->files[i];
    qsort(files, (size_t)b->nfiles, sizeof(EvFile *), by_path);
    for (int i = 0; i < b->nfiles; i++) {
        start(&w, "file");
        attr(&w, "evidence", files[i]->evidence);
        attr(&w, "path", files[i]->path);
        attr(&w, "format", files[i]->format);
        attr_int(&w, "bytes", files[i]->bytes);
        attr(&w, "sha256", files[i]->sha256);
        end(&w);
    }
    end(&w);

    start(&w, "summary");
    attr(&w, "verdict", verdict_name(o->verdict));
    attr_int(&w, "requirements", o->requirements);
    attr_int(&w, "recommendations", o->recommendations);
    attr_int(&w, "pass", o->count[R_PASS]);
    attr_int(&w, "fail", o->count[R_FAIL]);
    attr_int(&w, "error", o->count[R_ERROR]);
    attr_int(&w, "inconclusive", o->count[R_INCONCLUSIVE]);
    attr_int(&w, "not-applicable", o->count[R_NA]);
    attr_int(&w, "waived", o->count[R_WAIVED]);
    attr_int(&w, "findings", o->findings);
    end(&w);

    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        const Decl *d = rr->decl;
        start(&w, "requirement");
        attr(&w, "id", d->name);
        attr(&w, "kind", d->kind == D_REQUIREMENT ? "requirement" : "recommendation");
        attr(&w, "title", d->title);
        attr(&w, "severity", rr->severity);
        attr(&w, "result", result_name(rr->result));
        attr_int(&w, "line", line_of(p, d->name_loc));
        for (const Stmt *st = d->body; st; st = st->next)
            if (st->kind == S_CITES)
                element_text(&w, "cites", st->str);
        for (const Stmt *st = d->body; st; st = st->next)
            if (st->kind == S_RATIONALE)
                element_text(&w, "rationale", st->str);
        if (rr->error)
            element_text(&w, "error", rr->error);
        if (rr->waiver) {
            start(&w, "waiver");
            attr(&w, "approved-by", rr->waiver->approved_by);
            attr(&w, "expires", rr->waiver->expires);
            attr(&w, "original-result", result_name(rr->original));
            text(&w, rr->waiver->reason);
            end(&w);
        }
        if (rr->result != R_NA)
            for (const Check *c = rr->checks; c; c = c->next)
                check(&w, p, c);
        end(&w);
    }
    for (int i = 0; i < p->diag->nnotes; i++) {
        start(&w, "diagnostic");
        attr(&w, "severity", "warning");
        text(&w, p->diag->notes[i]);
        end(&w);
    }
    end(&w);
    return finish(&w, buf, len);
}

/* ---- text (report.md §5) ------------------------------------------------ */

/* A value for the text report: escaped, and shortened as in the XML. */
static const char *tvalue(Arena *a, const char *v, size_t max)
{
    return tclean(a, label_text(a, v, max));
}

char *report_text(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  bool color, size_t *len)
{
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    if (!f)
        return NULL;
    Arena *a = arena_new();
    size_t maxv = info->max_value_length ? info->max_value_length : DEFAULT_MAX_VALUE_LENGTH;
    const char *red = color ? "\033[31m" : "", *green = color ? "\033[32m" : "",
               *yellow = color ? "\033[33m" : "", *bold = color ? "\033[1m" : "",
               *off = color ? "\033[0m" : "";
    const Decl *std = p->standard;
    const char *hdr[4] = {NULL, NULL, NULL, NULL};
    for (const Item *it = std ? std->items : NULL; it; it = it->next)
        if (it->kind <= I_DESCRIPTION)
            hdr[it->kind] = it->str;
    /* every text that is not accord's own goes through tclean: the
       standard's too, for it may come from another party */
    fprintf(f, "%s%s %s%s: %s%s%s\n", bold, std ? tclean(a, std->name) : "?",
            tclean(a, hdr[I_VERSION]), off, tclean(a, hdr[I_TITLE]),
            info->profile ? ", profile " : "", tclean(a, info->profile));
    fprintf(f, "evidence: %d file%s in %s, as of %s\n\n", b->nfiles, b->nfiles == 1 ? "" : "s",
            tclean(a, info->evidence_root), info->as_of);
    /* one line per requirement, in report order, with the messages of the
       checks that did not pass under it; the verdict last (report.md §5) */
    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        const char *c = rr->result == R_PASS ? green : rr->result == R_FAIL ? red
                        : rr->result == R_NA || rr->result == R_WAIVED ? "" : yellow;
        char word[20];
        snprintf(word, sizeof word, "%s", result_name(rr->result));
        for (char *w = word; *w; w++)
            if (*w >= 'a' && *w <= 'z')
                *w = (char)(*w - 'a' + 'A');
        fprintf(f, "%s%-14s%s %s  %s [%s%s]\n", c, word, off, tclean(a, rr->decl->name),
                tclean(a, rr->decl->title), rr->severity,
                rr->decl->kind == D_RECOMMENDATION ? ", recommendation" : "");
        if (rr->error)
            fprintf(f, "      %s\n", tclean(a, rr->error));
        if (rr->waiver)
            fprintf(f, "      waived (was %s) by %s until %s\n", result_name(rr->original),
                    tclean(a, rr->waiver->approved_by), tclean(a, rr->waiver->expires));
        if (rr->result == R_PASS || rr->result == R_NA)
            continue;
        for (const Check *ch = rr->checks; ch; ch = ch->next) {
            if (ch->result == R_PASS)
                continue;
            fprintf(f, "      line %d%s%s%s: %s\n", line_of(p, ch->stmt->loc),
                    ch->label ? " [" : "", ch->label ? tvalue(a, ch->label, maxv) : "",
                    ch->label ? "]" : "", tclean(a, ch->message ? ch->message : ch->error
                                                   ? ch->error : src_of(p, ch->stmt->expr->loc, a)));
            for (int k = 0; k < ch->ncounters; k++) {
                const Counter *ce = &ch->counters[k];
                fprintf(f, "        at %s:%lu", ce->file ? tclean(a, ce->file) : "?",
                        ce->origin ? ce->origin->line : 0);
                for (int v = 0; v < ce->nvalues; v++)
                    fprintf(f, "%s %s = %s", v ? "," : "", tclean(a, ce->values[v].name),
                            tvalue(a, ce->values[v].value, maxv));
                fputc('\n', f);
            }
        }
    }
    for (int i = 0; i < p->diag->nnotes; i++)
        fprintf(f, "%s\n", tclean(a, p->diag->notes[i]));
    const char *vc = o->verdict == VERDICT_COMPLIANT ? green
                     : o->verdict == VERDICT_NON_COMPLIANT ? red : yellow;
    fprintf(f, "\nverdict: %s%s%s (%d pass, %d fail, %d error, %d inconclusive, "
            "%d not applicable, %d waived; %d finding%s)\n", vc, verdict_name(o->verdict), off,
            o->count[R_PASS], o->count[R_FAIL], o->count[R_ERROR], o->count[R_INCONCLUSIVE],
            o->count[R_NA], o->count[R_WAIVED], o->findings, o->findings == 1 ? "" : "s");
    fclose(f);
    arena_free(a);
    return out;
}

/* ---- JUnit XML (report.md §5) -------------------------------------------- */

/* The checks of a requirement that did not pass, as the text of a JUnit
   failure or error. */
static const char *check_lines(Arena *a, const Program *p, const ReqResult *rr, size_t max)
{
    /* built in one stream (appending with arena_printf("%s...") copied the
       whole text once per check: quadratic) */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        out_of_memory();
    if (rr->error)
        fprintf(f, "%s\n", rr->error);
    for (const Check *ch = rr->checks; ch; ch = ch->next) {
        if (ch->result == R_PASS)
            continue;
        fprintf(f, "line %d%s%s%s: %s: %s\n", line_of(p, ch->stmt->loc),
                ch->label ? " [" : "", ch->label ? label_text(a, ch->label, max) : "",
                ch->label ? "]" : "", result_name(ch->result),
                ch->message ? ch->message : ch->error ? ch->error
                : src_of(p, ch->stmt->expr->loc, a));
        for (int k = 0; k < ch->ncounters; k++)
            fprintf(f, "  at %s:%lu\n", ch->counters[k].file ? ch->counters[k].file : "?",
                    ch->counters[k].origin ? ch->counters[k].origin->line : 0);
    }
    if (fclose(f) != 0)
        out_of_memory();
    char *s = arena_strndup(a, buf ? buf : "", len);
    free(buf);
    return s;
}

char *report_junit(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len)
{
    (void)b;
    W w;
    xmlBufferPtr buf = begin(&w, info);
    if (!buf)
        return NULL;
    Arena *a = w.a;
    const char *id = p->standard ? p->standard->name : "standard";
    int failures = 0, errors = 0, skipped = 0;
    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        bool rec = rr->decl->kind == D_RECOMMENDATION;
        if (rr->result == R_NA || rr->result == R_WAIVED || (rec && rr->result != R_PASS))
            skipped++;
        else if (rr->result == R_FAIL || rr->result == R_INCONCLUSIVE)
            failures++;
        else if (rr->result == R_ERROR)
            errors++;
    }
    start(&w, "testsuites");
    attr_int(&w, "tests", o->nreqs);
    attr_int(&w, "failures", failures);
    attr_int(&w, "errors", errors);
    attr_int(&w, "skipped", skipped);
    start(&w, "testsuite");
    attr(&w, "name", id);
    attr_int(&w, "tests", o->nreqs);
    attr_int(&w, "failures", failures);
    attr_int(&w, "errors", errors);
    attr_int(&w, "skipped", skipped);
    attr(&w, "time", "0");
    start(&w, "properties");
    const char *props[][2] = {{"verdict", verdict_name(o->verdict)}, {"as-of", info->as_of},
                              {"evidence-root", info->evidence_root},
                              {"standard-sha256", info->standard_sha256},
                              {"profile", info->profile}};
    for (int i = 0; i < (info->profile ? 5 : 4); i++) {
        start(&w, "property");
        attr(&w, "name", props[i][0]);
        attr(&w, "value", props[i][1]);
        end(&w);
    }
    end(&w);
    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        bool rec = rr->decl->kind == D_RECOMMENDATION;
        start(&w, "testcase");
        attr(&w, "classname", id);
        attr(&w, "name", arena_printf(a, "%s: %s", rr->decl->name, rr->decl->title));
        attr(&w, "time", "0");
        const char *detail = check_lines(a, p, rr, w.max_value);
        if (rr->result == R_NA) {
            start(&w, "skipped");
            attr(&w, "message", "not applicable");
            end(&w);
        } else if (rr->result == R_WAIVED) {
            start(&w, "skipped");
            attr(&w, "message", "waived");
            end(&w);
        } else if (rec && rr->result != R_PASS) {
            /* a recommendation never fails the build: a finding */
            start(&w, "skipped");
            attr(&w, "message", arena_printf(a, "finding: recommendation %s", result_name(rr->result)));
            end(&w);
            element_text(&w, "system-out", detail);
        } else if (rr->result == R_FAIL || rr->result == R_INCONCLUSIVE) {
            start(&w, "failure");
            attr(&w, "type", result_name(rr->result));
            attr(&w, "message", arena_printf(a, "%s %s (%s)", rr->decl->name,
                                             result_name(rr->result), rr->severity));
            text(&w, detail);
            end(&w);
        } else if (rr->result == R_ERROR) {
            start(&w, "error");
            attr(&w, "type", "error");
            attr(&w, "message", arena_printf(a, "%s could not be evaluated", rr->decl->name));
            text(&w, detail);
            end(&w);
        }
        end(&w);
    }
    end(&w);
    end(&w);
    return finish(&w, buf, len);
}

/* ---- HTML (report.md §5) --------------------------------------------------- */

extern const char report_xsl[];
extern const unsigned long report_xsl_len;

char *report_html(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len)
{
    size_t xlen;
    char *xml = report_xml(p, b, o, info, &xlen);
    if (!xml)
        return NULL;
    char *out = NULL;
    xmlDocPtr doc = xmlReadMemory(xml, (int)xlen, "report.xml", "UTF-8", XML_PARSE_NONET);
    xmlDocPtr sdoc = xmlReadMemory(report_xsl, (int)report_xsl_len, "report.xsl", "UTF-8",
                                   XML_PARSE_NONET);
    xsltStylesheetPtr sheet = sdoc ? xsltParseStylesheetDoc(sdoc) : NULL;
    if (!sheet)
        xmlFreeDoc(sdoc);
    /* the stylesheet is ours, but no transform needs files or the network */
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    xmlDocPtr res = NULL;
    if (doc && sheet && sec) {
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
        xsltTransformContextPtr tc = xsltNewTransformContext(sheet, doc);
        if (tc) {
            xsltSetCtxtSecurityPrefs(sec, tc);
            res = xsltApplyStylesheetUser(sheet, doc, NULL, NULL, NULL, tc);
            xsltFreeTransformContext(tc);
        }
    }
    if (res) {
        xmlChar *html = NULL;
        int n = 0;
        if (xsltSaveResultToString(&html, &n, res, sheet) == 0 && html) {
            out = malloc((size_t)n + 1);
            if (out) {
                memcpy(out, html, (size_t)n);
                out[n] = '\0';
                *len = (size_t)n;
            }
        }
        xmlFree(html);
    }
    xmlFreeDoc(res);
    xsltFreeSecurityPrefs(sec);
    xsltFreeStylesheet(sheet);
    xmlFreeDoc(doc);
    free(xml);
    return out;
}
