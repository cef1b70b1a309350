/* report_xml.c - the XML report (report.md §3), written in a fixed order,
 * checking every call. */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"

#include <stdlib.h>
#include <string.h>

#include "waivers.h"

static void values(W *w, const Shown *v, int n)
{
    for (int i = 0; i < n; i++) {
        rep_start(w, "value");
        rep_attr(w, "name", v[i].name);
        size_t chars;
        char sha[65];
        const char *s = rep_shorten(w->a, v[i].value, w->max_value, &chars, sha);
        rep_attr(w, "value", s ? s : v[i].value);
        if (s) {
            rep_attr_int(w, "length", (long long)chars);
            rep_attr(w, "sha256", sha);
        }
        rep_end(w);
    }
}

static void check(W *w, const Program *p, const Check *c)
{
    rep_start(w, "check");
    rep_attr_int(w, "line", rep_line_of(p, c->stmt->loc));
    rep_attr(w, "expr", c->stmt->kind == S_REQUIRE ? rep_src_of(p, c->stmt->expr->loc, w->a) : "");
    rep_attr(w, "result", result_name(c->result));
    rep_attr(w, "label", rep_label_text(w->a, c->label, w->max_value));
    if (c->stmt->kind == S_REQUIRE && c->stmt->str)
        rep_attr(w, "as", c->stmt->str);
    /* how many items failed, of which the first ten are listed (v1.1 §5) */
    if (c->ncounters)
        rep_attr_int(w, "counterexamples", (long long)c->nfailed);
    if (c->interval) {
        rep_attr(w, "interval-low", v_format_number(w->a, c->lo));
        rep_attr(w, "interval-high", v_format_number(w->a, c->hi));
        rep_attr(w, "confidence", v_format_number(w->a, c->confidence));
        /* Wilson's, the 1.0 method, is not named: reports of 1.0
           standards stay as they were */
        if (c->method != IM_WILSON)
            rep_attr(w, "interval-method", c->method == IM_NEWCOMBE ? "newcombe"
                                                                    : "clopper-pearson");
    }
    values(w, c->values, c->nvalues);
    if (c->message)
        rep_element_text(w, "message", c->message);
    if (c->error)
        rep_element_text(w, "error", c->error);
    for (int i = 0; i < c->ncounters; i++) {
        const Counter *ce = &c->counters[i];
        rep_start(w, "counterexample");
        rep_attr(w, "file", ce->file);
        if (ce->origin && ce->origin->member)
            rep_attr(w, "member", ce->origin->member);
        if (ce->origin && ce->origin->line)
            rep_attr_int(w, "line", (long long)ce->origin->line);
        if (ce->origin)
            rep_attr(w, "path", v_origin_path(w->a, ce->origin));
        values(w, ce->values, ce->nvalues);
        rep_end(w);
    }
    rep_end(w);
}

/* The pins of v1.1 §2: a file the verdict depends on, a setting. */
static void pinned(W *w, const char *element, const PinnedFile *f)
{
    rep_start(w, element);
    rep_attr(w, "path", f->path);
    rep_attr_int(w, "bytes", f->bytes);
    rep_attr(w, "sha256", f->sha256);
    rep_end(w);
}

static void settings(W *w, const char *element, const Setting *s, int n)
{
    for (int i = 0; i < n; i++) {
        rep_start(w, element);
        rep_attr(w, "name", s[i].name);
        rep_attr(w, "value", s[i].value);
        rep_end(w);
    }
}

/* The report's elements, after rep_begin (w's failure kept in w) */
static void report(W *w, const Program *p, const Binding *b, const Outcome *o,
                   const ReportInfo *info)
{
    Arena *a = w->a;

    rep_start(w, "report");
    rep_attr(w, "xmlns", REPORT_NS);
    rep_attr(w, "format-version", "1");

    rep_start(w, "tool");
    rep_attr(w, "name", "accord");
    rep_attr(w, "version", ACCORD_VERSION);
    rep_end(w);

    const Decl *std = p->standard;
    const char *hdr[4] = {NULL, NULL, NULL, NULL};
    for (const Item *it = std ? std->items : NULL; it; it = it->next)
        if (it->kind <= I_DESCRIPTION)
            hdr[it->kind] = it->str;
    rep_start(w, "standard");
    rep_attr(w, "id", std ? std->name : "");
    rep_attr(w, "version", hdr[I_VERSION]);
    rep_attr(w, "title", hdr[I_TITLE]);
    rep_attr(w, "publisher", hdr[I_PUBLISHER]);
    rep_attr(w, "profile", info->profile);
    rep_attr(w, "file", info->standard_file);
    rep_attr(w, "sha256", info->standard_sha256);
    for (int i = 0; i < info->nsources; i++)
        pinned(w, "source", &info->sources[i]);
    rep_end(w);

    rep_start(w, "run");
    rep_attr(w, "as-of", info->as_of);
    rep_attr(w, "evidence-root", info->evidence_root);
    if (info->waivers)
        pinned(w, "waivers", info->waivers);
    settings(w, "set", info->sets, info->nsets);
    settings(w, "option", info->options, info->noptions);
    rep_end(w);

    rep_start(w, "evidence");
    const EvFile **files = arena_alloc(a, sizeof(EvFile *) * (size_t)(b->nfiles + 1));
    for (int i = 0; i < b->nfiles; i++)
        files[i] = &b->files[i];
    qsort(files, (size_t)b->nfiles, sizeof(EvFile *), rep_by_path);
    for (int i = 0; i < b->nfiles; i++) {
        rep_start(w, "file");
        rep_attr(w, "evidence", files[i]->evidence);
        rep_attr(w, "path", files[i]->path);
        rep_attr(w, "format", files[i]->format);
        rep_attr_int(w, "bytes", files[i]->bytes);
        char sha[65];
        rep_attr(w, "sha256", evfile_sha256(files[i], sha));
        rep_end(w);
    }
    rep_end(w);

    rep_start(w, "summary");
    rep_attr(w, "verdict", verdict_name(o->verdict));
    rep_attr_int(w, "requirements", o->requirements);
    rep_attr_int(w, "recommendations", o->recommendations);
    rep_attr_int(w, "pass", o->count[R_PASS]);
    rep_attr_int(w, "fail", o->count[R_FAIL]);
    rep_attr_int(w, "error", o->count[R_ERROR]);
    rep_attr_int(w, "inconclusive", o->count[R_INCONCLUSIVE]);
    rep_attr_int(w, "not-applicable", o->count[R_NA]);
    rep_attr_int(w, "waived", o->count[R_WAIVED]);
    rep_attr_int(w, "findings", o->findings);
    rep_end(w);

    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        const Decl *d = rr->decl;
        rep_start(w, "requirement");
        rep_attr(w, "id", d->name);
        rep_attr(w, "kind", d->kind == D_REQUIREMENT ? "requirement" : "recommendation");
        rep_attr(w, "title", d->title);
        rep_attr(w, "severity", rr->severity);
        rep_attr(w, "result", result_name(rr->result));
        rep_attr_int(w, "line", rep_line_of(p, d->name_loc));
        for (const Stmt *st = d->body; st; st = st->next)
            if (st->kind == S_CITES)
                rep_element_text(w, "cites", st->str);
        for (const Stmt *st = d->body; st; st = st->next)
            if (st->kind == S_RATIONALE)
                rep_element_text(w, "rationale", st->str);
        if (rr->error)
            rep_element_text(w, "error", rr->error);
        if (rr->waiver) {
            rep_start(w, "waiver");
            rep_attr(w, "approved-by", rr->waiver->approved_by);
            rep_attr(w, "expires", rr->waiver->expires);
            rep_attr(w, "original-result", result_name(rr->original));
            rep_text(w, rr->waiver->reason);
            rep_end(w);
        }
        if (rr->result != R_NA)
            for (const Check *c = rr->checks; c; c = c->next)
                check(w, p, c);
        rep_end(w);
    }
    for (int i = 0; i < p->diag->nnotes; i++) {
        rep_start(w, "diagnostic");
        rep_attr(w, "severity", "warning");
        rep_text(w, p->diag->notes[i]);
        rep_end(w);
    }
    rep_end(w);
}

char *report_xml(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                 size_t *len)
{
    W w;
    if (!rep_begin(&w, info, NULL))
        return NULL;
    report(&w, p, b, o, info);
    char *out;
    return rep_finish(&w, &out, len) ? out : NULL;
}

bool report_xml_to(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   Sink *to)
{
    W w;
    if (!rep_begin(&w, info, to))
        return false;
    report(&w, p, b, o, info);
    return rep_finish(&w, NULL, NULL);
}
