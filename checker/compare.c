/* compare.c - accord compare (v1.1 §6): one standard checked under several
 * profiles (a shared baseline and each party's national profile) on the
 * same evidence, and one comparison report: each profile's verdict and
 * counts, every parameter whose value differs between the profiles, and
 * per requirement its result under each profile and whether they agree.
 *
 * Each profile's check is the check itself (run_check, so a comparison
 * means what the checks mean), its XML report read back as verify reads
 * one. The evidence is pinned once: every run must have read the same
 * files with the same SHA-256, or the comparison is refused (a file that
 * changed between runs would make two profiles disagree about nothing).
 */
#define _POSIX_C_SOURCE 200809L
#include "compare.h"
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "format.h"
#include "output.h"
#include "report_common.h"
#include "results.h"
#include "verify.h"

typedef struct Row {         /* one requirement, under every profile */
    const char *id, *title;
    bool requirement;
    const char **results;    /* per profile; NULL: excluded by it */
    bool agree;
} Row;

typedef struct Param {       /* a parameter whose value differs */
    const char *name;
    const char **values;     /* per profile: the expression in effect */
} Param;

typedef struct Cmp {
    Arena *a;
    const CompareRequest *rq;
    Report *reps;            /* per profile */
    Row *rows;
    int nrows, cap;
    Param *params;
    int nparams, pcap;
} Cmp;

static const char *const count_names[6] = {"pass", "fail", "error", "inconclusive",
                                           "not-applicable", "waived"};

/* ---- what differs ---------------------------------------------------------- */

static Row *row_of(Cmp *c, const ReportReq *q)
{
    for (int i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].id, q->id) == 0)
            return &c->rows[i];
    c->rows = arena_grow(c->a, c->rows, c->nrows, &c->cap, sizeof(Row));
    Row *r = &c->rows[c->nrows++];
    r->id = q->id;
    r->title = q->title;
    r->requirement = q->requirement;
    r->results = arena_alloc(c->a, sizeof(char *) * (size_t)(c->rq->nprofiles + 1));
    return r;
}

/* The expression in effect for parameter d under profile pr: the last
   `set` of the profile chain (the base first), else the declaration's. */
static const Expr *value_under(const Program *p, const Decl *pr, const Decl *d, int depth)
{
    if (!pr || depth > (int)p->profiles->n)
        return NULL;
    const Expr *e = NULL;
    for (const Item *it = pr->items; it; it = it->next)
        if (it->kind == I_SET && strcmp(it->name, d->name) == 0)
            e = it->expr;
    if (e)
        return e;
    return pr->extends ? value_under(p, map_get(p->profiles, pr->extends), d, depth + 1)
                       : NULL;
}

const Expr *param_in_effect(const Program *p, const Decl *profile, const Decl *param)
{
    const Expr *e = value_under(p, profile, param, 0);
    if (e)
        return e;
    const Expr *set = NULL;
    for (int m = 0; m < p->nmods; m++)
        for (const Decl *d = p->mods[m]->decls; d; d = d->next)
            if (d->kind == D_SET && strcmp(d->name, param->name) == 0)
                set = d->value;
    return set ? set : param->value;
}

const char *expr_text(Arena *a, const Program *p, const Expr *e)
{
    for (int m = 0; m < p->nmods; m++)
        if (p->mods[m]->src->id == e->loc.src) {
            char *s = format_expr(p->mods[m], e);
            const char *r = arena_strdup(a, s);
            free(s);
            return r;
        }
    return "?";
}

static void find_params(Cmp *c, const Program *p)
{
    int n = c->rq->nprofiles;
    for (int m = 0; m < p->nmods; m++)
        for (const Decl *d = p->mods[m]->decls; d; d = d->next) {
            if (d->kind != D_PARAM || !d->sym)
                continue;
            const char **vals = arena_alloc(c->a, sizeof(char *) * (size_t)(n + 1));
            bool differ = false;
            for (int i = 0; i < n; i++) {
                const Decl *pr = map_get(p->profiles, c->rq->profiles[i]);
                const Expr *e = param_in_effect(p, pr, d);
                /* the canonical form (fmt's): layout never counts */
                vals[i] = expr_text(c->a, p, e);
                differ |= i > 0 && strcmp(vals[i], vals[0]) != 0;
            }
            if (!differ)
                continue;
            c->params = arena_grow(c->a, c->params, c->nparams, &c->pcap, sizeof(Param));
            c->params[c->nparams++] = (Param){d->name, vals};
        }
}

/* Whether every run pinned the same evidence files with the same hashes. */
static bool same_evidence(const Cmp *c, const char **why)
{
    const Report *r0 = &c->reps[0];
    for (int i = 1; i < c->rq->nprofiles; i++) {
        const Report *r = &c->reps[i];
        bool same = r->nfiles == r0->nfiles;
        for (int k = 0; same && k < r->nfiles; k++)
            same = strcmp(r->files[k].path, r0->files[k].path) == 0
                   && strcmp(r->files[k].sha256, r0->files[k].sha256) == 0;
        if (!same) {
            *why = arena_printf(c->a, "the evidence read for profile '%s' is not the one read "
                                "for '%s' (a file changed, appeared or went while the "
                                "profiles were checked)", c->rq->profiles[i],
                                c->rq->profiles[0]);
            return false;
        }
    }
    return true;
}

/* ---- XML -------------------------------------------------------------------- */

static void put_xml(const Cmp *c, FILE *f)
{
    const CompareRequest *rq = c->rq;
    const Report *r0 = &c->reps[0];
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w)
        out_of_memory();
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "comparison", BAD_CAST COMPARISON_NS);
    xmlTextWriterWriteAttribute(w, BAD_CAST "format-version", BAD_CAST "1");
    xmlTextWriterStartElement(w, BAD_CAST "tool");
    xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "accord");
    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST ACCORD_VERSION);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "standard");
    const char *skeys[] = {"id", "version", "title", "file", "sha256"};
    const char *svals[] = {r0->std_id, r0->std_version, r0->std_title, r0->std_file,
                           r0->std_sha256};
    for (int k = 0; k < 5; k++)
        if (svals[k])
            xmlTextWriterWriteAttribute(w, BAD_CAST skeys[k], BAD_CAST svals[k]);
    for (int k = 0; k < r0->nsources; k++) {
        xmlTextWriterStartElement(w, BAD_CAST "source");
        xmlTextWriterWriteAttribute(w, BAD_CAST "path", BAD_CAST r0->sources[k].path);
        xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST r0->sources[k].sha256);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "run");
    xmlTextWriterWriteAttribute(w, BAD_CAST "as-of", BAD_CAST r0->as_of);
    xmlTextWriterWriteAttribute(w, BAD_CAST "evidence-root", BAD_CAST r0->root);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, BAD_CAST "evidence");
    for (int k = 0; k < r0->nfiles; k++) {
        const Pin *pn = &r0->files[k];
        xmlTextWriterStartElement(w, BAD_CAST "file");
        if (pn->evidence)
            xmlTextWriterWriteAttribute(w, BAD_CAST "evidence", BAD_CAST pn->evidence);
        xmlTextWriterWriteAttribute(w, BAD_CAST "path", BAD_CAST pn->path);
        if (pn->bytes)
            xmlTextWriterWriteAttribute(w, BAD_CAST "bytes", BAD_CAST pn->bytes);
        xmlTextWriterWriteAttribute(w, BAD_CAST "sha256", BAD_CAST pn->sha256);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    for (int i = 0; i < rq->nprofiles; i++) {
        const Report *r = &c->reps[i];
        xmlTextWriterStartElement(w, BAD_CAST "profile");
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST rq->profiles[i]);
        xmlTextWriterWriteAttribute(w, BAD_CAST "verdict", BAD_CAST r->verdict);
        for (int k = 0; k < 6; k++)
            if (r->counts[k])
                xmlTextWriterWriteAttribute(w, BAD_CAST count_names[k], BAD_CAST r->counts[k]);
        xmlTextWriterEndElement(w);
    }
    for (int k = 0; k < c->nparams; k++) {
        xmlTextWriterStartElement(w, BAD_CAST "parameter");
        xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST c->params[k].name);
        for (int i = 0; i < rq->nprofiles; i++) {
            xmlTextWriterStartElement(w, BAD_CAST "value");
            xmlTextWriterWriteAttribute(w, BAD_CAST "profile", BAD_CAST rq->profiles[i]);
            xmlTextWriterWriteAttribute(w, BAD_CAST "value",
                                        BAD_CAST rep_clean(c->a, c->params[k].values[i]));
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    for (int k = 0; k < c->nrows; k++) {
        const Row *row = &c->rows[k];
        xmlTextWriterStartElement(w, BAD_CAST "requirement");
        xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST row->id);
        xmlTextWriterWriteAttribute(w, BAD_CAST "kind", BAD_CAST (row->requirement
                                    ? "requirement" : "recommendation"));
        if (row->title)
            xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST row->title);
        xmlTextWriterWriteAttribute(w, BAD_CAST "agree", BAD_CAST (row->agree ? "true" : "false"));
        for (int i = 0; i < rq->nprofiles; i++) {
            xmlTextWriterStartElement(w, BAD_CAST "result");
            xmlTextWriterWriteAttribute(w, BAD_CAST "profile", BAD_CAST rq->profiles[i]);
            xmlTextWriterWriteAttribute(w, BAD_CAST "value",
                                        BAD_CAST (row->results[i] ? row->results[i] : "excluded"));
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    fwrite(buf->content, 1, (size_t)buf->use, f);
    xmlBufferFree(buf);
}

/* ---- text, JSON, HTML --------------------------------------------------------- */

static const char *result_or_excluded(const Row *row, int i)
{
    return row->results[i] ? row->results[i] : "excluded";
}

static void put_text(const Cmp *c, FILE *f)
{
    const CompareRequest *rq = c->rq;
    Arena *a = c->a;
    const Report *r0 = &c->reps[0];
    fprintf(f, "%s %s: %s\n", rep_tclean(a, r0->std_id ? r0->std_id : "?"),
            rep_tclean(a, r0->std_version ? r0->std_version : "?"),
            rep_tclean(a, r0->std_title ? r0->std_title : ""));
    fprintf(f, "evidence: %d file%s in %s, as of %s\n\n", r0->nfiles, r0->nfiles == 1 ? "" : "s",
            rep_tclean(a, r0->root), rep_tclean(a, r0->as_of));
    for (int i = 0; i < rq->nprofiles; i++) {
        const Report *r = &c->reps[i];
        fprintf(f, "profile %-16s %-14s", rep_tclean(a, rq->profiles[i]), r->verdict);
        for (int k = 0; k < 6; k++)
            fprintf(f, " %s %s", r->counts[k] ? r->counts[k] : "?", count_names[k]);
        fputc('\n', f);
    }
    if (c->nparams) {
        fputs("\nparameters that differ:\n", f);
        for (int k = 0; k < c->nparams; k++) {
            fprintf(f, "  %s:", rep_tclean(a, c->params[k].name));
            for (int i = 0; i < rq->nprofiles; i++)
                fprintf(f, "%s %s = %s", i ? "," : "", rep_tclean(a, rq->profiles[i]),
                        rep_tclean(a, c->params[k].values[i]));
            fputc('\n', f);
        }
    }
    int differ = 0;
    for (int k = 0; k < c->nrows; k++)
        differ += !c->rows[k].agree;
    fprintf(f, "\n%d requirement%s, %d judged differently:\n", c->nrows,
            c->nrows == 1 ? "" : "s", differ);
    for (int k = 0; k < c->nrows; k++) {
        const Row *row = &c->rows[k];
        fprintf(f, "%s %-10s", row->agree ? " " : "*", rep_tclean(a, row->id));
        for (int i = 0; i < rq->nprofiles; i++)
            fprintf(f, " %-14s", result_or_excluded(row, i));
        fprintf(f, " %s\n", rep_tclean(a, row->title ? row->title : ""));
    }
}

static void put_json(const Cmp *c, FILE *f)
{
    const CompareRequest *rq = c->rq;
    const Report *r0 = &c->reps[0];
    fputs("{\n  \"comparison-version\": 1,\n  \"standard\": {\"id\": ", f);
    emit_json_string(f, r0->std_id);
    fputs(", \"version\": ", f);
    emit_json_string(f, r0->std_version);
    fputs(", \"file\": ", f);
    emit_json_string(f, r0->std_file);
    fputs(", \"sha256\": ", f);
    emit_json_string(f, r0->std_sha256);
    fputs("},\n  \"as-of\": ", f);
    emit_json_string(f, r0->as_of);
    fputs(",\n  \"evidence-root\": ", f);
    emit_json_string(f, r0->root);
    fputs(",\n  \"evidence\": [", f);
    for (int k = 0; k < r0->nfiles; k++) {
        fprintf(f, "%s{\"path\": ", k ? ", " : "");
        emit_json_string(f, r0->files[k].path);
        fputs(", \"sha256\": ", f);
        emit_json_string(f, r0->files[k].sha256);
        fputc('}', f);
    }
    fputs("],\n  \"profiles\": [", f);
    for (int i = 0; i < rq->nprofiles; i++) {
        const Report *r = &c->reps[i];
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        emit_json_string(f, rq->profiles[i]);
        fputs(", \"verdict\": ", f);
        emit_json_string(f, r->verdict);
        fputs(", \"counts\": {", f);
        for (int k = 0; k < 6; k++)
            fprintf(f, "%s\"%s\": %s", k ? ", " : "", count_names[k],
                    r->counts[k] ? r->counts[k] : "null");
        fputs("}}", f);
    }
    fputs("\n  ],\n  \"parameters\": [", f);
    for (int k = 0; k < c->nparams; k++) {
        fprintf(f, "%s\n    {\"name\": ", k ? "," : "");
        emit_json_string(f, c->params[k].name);
        fputs(", \"values\": {", f);
        for (int i = 0; i < rq->nprofiles; i++) {
            if (i)
                fputs(", ", f);
            emit_json_string(f, rq->profiles[i]);
            fputs(": ", f);
            emit_json_string(f, c->params[k].values[i]);
        }
        fputs("}}", f);
    }
    fputs("\n  ],\n  \"requirements\": [", f);
    for (int k = 0; k < c->nrows; k++) {
        const Row *row = &c->rows[k];
        fprintf(f, "%s\n    {\"id\": ", k ? "," : "");
        emit_json_string(f, row->id);
        fputs(", \"title\": ", f);
        emit_json_string(f, row->title);
        fprintf(f, ", \"kind\": \"%s\", \"agree\": %s, \"results\": {",
                row->requirement ? "requirement" : "recommendation", row->agree ? "true" : "false");
        for (int i = 0; i < rq->nprofiles; i++) {
            if (i)
                fputs(", ", f);
            emit_json_string(f, rq->profiles[i]);
            fputs(": ", f);
            emit_json_string(f, result_or_excluded(row, i));
        }
        fputs("}}", f);
    }
    fputs("\n  ]\n}\n", f);
}

static void put_html(const Cmp *c, FILE *f)
{
    const CompareRequest *rq = c->rq;
    const Report *r0 = &c->reps[0];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>accord: profiles compared</title>\n<style>\n"
          "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
          "table{border-collapse:collapse;margin:1em 0}\n"
          "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\n"
          "th{background:#f3f3f3}tr.differ td:first-child{font-weight:bold}\n"
          ".pass,.compliant{background:#e6f4ea}.fail,.non-compliant{background:#fce8e6}\n"
          ".error,.incomplete{background:#fef7e0}.inconclusive{background:#e8eaf6}\n"
          ".excluded{color:#888}\n</style>\n</head>\n<body>\n<h1>", f);
    emit_html(f, r0->std_id);
    fputs(" ", f);
    emit_html(f, r0->std_version);
    fputs(": profiles compared</h1>\n<p>", f);
    emit_html(f, r0->std_title);
    fputs("<br>evidence: ", f);
    emit_html(f, r0->root);
    fputs(", as of ", f);
    emit_html(f, r0->as_of);
    fputs("</p>\n<table>\n<tr><th>profile</th><th>verdict</th>", f);
    for (int k = 0; k < 6; k++)
        fprintf(f, "<th>%s</th>", count_names[k]);
    fputs("</tr>\n", f);
    for (int i = 0; i < rq->nprofiles; i++) {
        const Report *r = &c->reps[i];
        fputs("<tr><td>", f);
        emit_html(f, rq->profiles[i]);
        fprintf(f, "</td><td class=\"%s\">%s</td>", r->verdict, r->verdict);
        for (int k = 0; k < 6; k++) {
            fputs("<td>", f);
            emit_html(f, r->counts[k]);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    if (c->nparams) {
        fputs("<h2>Parameters that differ</h2>\n<table>\n<tr><th>parameter</th>", f);
        for (int i = 0; i < rq->nprofiles; i++) {
            fputs("<th>", f);
            emit_html(f, rq->profiles[i]);
            fputs("</th>", f);
        }
        fputs("</tr>\n", f);
        for (int k = 0; k < c->nparams; k++) {
            fputs("<tr><td>", f);
            emit_html(f, c->params[k].name);
            fputs("</td>", f);
            for (int i = 0; i < rq->nprofiles; i++) {
                fputs("<td>", f);
                emit_html(f, c->params[k].values[i]);
                fputs("</td>", f);
            }
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
    }
    fputs("<h2>Requirements</h2>\n<table>\n<tr><th>requirement</th><th>title</th>", f);
    for (int i = 0; i < rq->nprofiles; i++) {
        fputs("<th>", f);
        emit_html(f, rq->profiles[i]);
        fputs("</th>", f);
    }
    fputs("<th>agree</th></tr>\n", f);
    for (int k = 0; k < c->nrows; k++) {
        const Row *row = &c->rows[k];
        fprintf(f, "<tr%s><td>", row->agree ? "" : " class=\"differ\"");
        emit_html(f, row->id);
        fputs("</td><td>", f);
        emit_html(f, row->title);
        fputs("</td>", f);
        for (int i = 0; i < rq->nprofiles; i++)
            fprintf(f, "<td class=\"%s\">%s</td>", result_or_excluded(row, i),
                    result_or_excluded(row, i));
        fprintf(f, "<td>%s</td></tr>\n", row->agree ? "yes" : "no");
    }
    fputs("</table>\n</body>\n</html>\n", f);
}

/* ---- the command ---------------------------------------------------------------- */

bool compare_format_known(const char *name)
{
    return strcmp(name, "xml") == 0 || strcmp(name, "text") == 0 || strcmp(name, "html") == 0
           || strcmp(name, "json") == 0;
}

/* The exit code of the worst verdict: non-compliant, then incomplete, then
   inconclusive (v1.1 §6). */
static int worst(const Cmp *c)
{
    static const struct { const char *verdict; int rc; } order[] = {
        {"non-compliant", EXIT_NONCOMPLIANT}, {"incomplete", EXIT_INCOMPLETE},
        {"inconclusive", EXIT_INCONCLUSIVE}};
    for (size_t k = 0; k < sizeof order / sizeof *order; k++)
        for (int i = 0; i < c->rq->nprofiles; i++)
            if (strcmp(c->reps[i].verdict, order[k].verdict) == 0)
                return order[k].rc;
    return EXIT_OK;
}

static int write_out(const Cmp *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        out_of_memory();
    const char *fmt = c->rq->format;
    if (strcmp(fmt, "text") == 0)
        put_text(c, f);
    else if (strcmp(fmt, "json") == 0)
        put_json(c, f);
    else if (strcmp(fmt, "html") == 0)
        put_html(c, f);
    else
        put_xml(c, f);
    if (fclose(f) != 0)
        out_of_memory();
    int rc = worst(c);
    if (!emit_output("compare", c->rq->output, buf, len))
        rc = EXIT_USAGE;
    free(buf);
    return rc;
}

int compare_profiles(const CompareRequest *rq)
{
    Arena *a = arena_new();
    int n = rq->nprofiles;
    Cmp c = {a, rq, arena_alloc(a, sizeof(Report) * (size_t)(n + 1)), NULL, 0, 0, NULL, 0, 0};
    int rc = EXIT_OK, read = 0;
    const ReportFormat *xml = report_format("xml");
    for (int i = 0; i < n && rc == EXIT_OK; i++) {
        RunRequest run = rq->run;
        run.profile = rq->profiles[i];
        run.format = xml;
        run.color = false;
        char *out = NULL;
        size_t len = 0;
        run_check(&run, &out, &len);
        if (!out) {
            rc = EXIT_USAGE;     /* said by run_check */
            break;
        }
        const char *why = NULL;
        char *text = arena_strndup(a, out, len);
        free(out);
        read++;
        if (!report_read(a, text, len, &c.reps[i], &why)) {
            fprintf(stderr, "accord compare: the report of profile '%s' cannot be read back: "
                    "%s\n", rq->profiles[i], why);
            rc = EXIT_USAGE;
        }
    }
    const char *why = NULL;
    if (rc == EXIT_OK && !same_evidence(&c, &why)) {
        fprintf(stderr, "accord compare: %s\n", why);
        rc = EXIT_INCOMPLETE;
    }
    if (rc == EXIT_OK) {
        for (int i = 0; i < n; i++)
            for (int k = 0; k < c.reps[i].nreqs; k++)
                row_of(&c, &c.reps[i].reqs[k])->results[i] = c.reps[i].reqs[k].result;
        for (int k = 0; k < c.nrows; k++) {
            Row *row = &c.rows[k];
            row->agree = true;
            for (int i = 1; i < n; i++) {
                const char *x = row->results[i], *y = row->results[0];
                row->agree &= x && y ? strcmp(x, y) == 0 : x == y;
            }
        }
        Program *p = compile_standard(a, rq->run.std, true, false, true);
        if (!p) {
            rc = EXIT_USAGE;
        } else {
            find_params(&c, p);
            rc = write_out(&c);
        }
    }
    for (int i = 0; i < read; i++)
        report_free(&c.reps[i]);
    arena_free(a);
    return rc;
}
