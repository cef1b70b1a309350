/* summarize.c - accord summarize (v1.1 §6): many reports, say a
 * regulator's batch of submissions, as one table: a row per report
 * (standard, version, profile, evidence folder, as-of, verdict, counts)
 * and, per requirement, its result in each report. Reports of different
 * standards may be mixed: a requirement is then named STANDARD/ID.
 *
 * Each report is read as verify reads one (report_read: an adversary's
 * file, never trusted to be well made); a file that is not an accord
 * report stops the summary with exit 2, so that no submission is left out
 * of the table silently. Every text taken from a report is escaped for
 * the format it goes into (text: control characters; CSV: quotes, and a
 * leading = + - @ that a spreadsheet would run as a formula; HTML, XML,
 * JSON: their own escapes).
 */
#define _POSIX_C_SOURCE 200809L
#include "summarize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "load.h"
#include "emit.h"
#include "output.h"
#include "report_common.h"
#include "results.h"
#include "verify.h"

static const char *const count_names[6] = {"pass", "fail", "error", "inconclusive",
                                           "not-applicable", "waived"};

typedef struct Col {         /* one requirement, over every report */
    const char *std, *id, *title;
    const char **results;    /* per report, NULL where it has none */
} Col;

typedef struct Table {
    Arena *a;
    const char **paths;      /* as given */
    const char **names;      /* as written: escaped by the reports' rule
                                (a file name need not be UTF-8) */
    Report *reps;
    int n;
    Col *cols;
    int ncols, cap;
    bool mixed;              /* reports of more than one standard */
} Table;

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static Col *col_of(Table *t, const char *std, const char *id, const char *title)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].std, std) == 0 && strcmp(t->cols[i].id, id) == 0)
            return &t->cols[i];
    t->cols = arena_grow(t->a, t->cols, t->ncols, &t->cap, sizeof(Col));
    Col *c = &t->cols[t->ncols++];
    c->std = std;
    c->id = id;
    c->title = title;
    c->results = arena_alloc(t->a, sizeof(char *) * (size_t)(t->n + 1));
    return c;
}

static const char *col_name(const Table *t, const Col *c)
{
    return t->mixed ? arena_printf(t->a, "%s/%s", c->std, c->id) : c->id;
}

/* ---- text --------------------------------------------------------------- */

static void verdict_tally(const Table *t, int *tally)
{
    for (int i = 0; i < t->n; i++)
        for (int v = 0; v < VERDICT_COUNT; v++)
            if (strcmp(t->reps[i].verdict, verdict_names[v]) == 0)
                tally[v]++;
}

static void put_text(const Table *t, FILE *f)
{
    Arena *a = t->a;
    int tally[VERDICT_COUNT] = {0};
    verdict_tally(t, tally);
    fprintf(f, "%d report%s:", t->n, t->n == 1 ? "" : "s");
    const char *sep = " ";
    for (int v = 0; v < VERDICT_COUNT; v++)
        if (tally[v]) {
            fprintf(f, "%s%d %s", sep, tally[v], verdict_names[v]);
            sep = ", ";
        }
    fputs("\n\n", f);
    fprintf(f, "%-4s %-15s %-12s %-10s %-12s %-10s %5s %5s %5s %6s %5s %6s  %s\n", "#",
            "verdict", "standard", "version", "profile", "as-of", "pass", "fail", "error",
            "inconc", "n/a", "waived", "report (evidence)");
    for (int i = 0; i < t->n; i++) {
        const Report *r = &t->reps[i];
        fprintf(f, "%-4d %-15s %-12s %-10s %-12s %-10s", i + 1, rep_tclean(a, r->verdict),
                rep_tclean(a, or_empty(r->std_id)), rep_tclean(a, or_empty(r->std_version)),
                r->profile ? rep_tclean(a, r->profile) : "-", rep_tclean(a, r->as_of));
        static const int width[6] = {5, 5, 5, 6, 5, 6};
        for (int k = 0; k < 6; k++)
            fprintf(f, " %*s", width[k], rep_tclean(a, or_empty(r->counts[k])));
        fprintf(f, "  %s (%s)\n", rep_tclean(a, t->paths[i]), rep_tclean(a, r->root));
    }
    if (!t->ncols)
        return;
    size_t w = strlen("requirement");
    for (int c = 0; c < t->ncols; c++) {
        size_t l = strlen(rep_tclean(a, col_name(t, &t->cols[c])));
        w = l > w ? l : w;
    }
    /* one column per report, as wide as the longest result, no space at
       the end of a line */
    fprintf(f, "\n%-*s", (int)w, "requirement");
    for (int i = 0; i < t->n; i++)
        fprintf(f, i + 1 < t->n ? " %-14d" : " %d", i + 1);
    fputc('\n', f);
    for (int c = 0; c < t->ncols; c++) {
        const Col *col = &t->cols[c];
        fprintf(f, "%-*s", (int)w, rep_tclean(a, col_name(t, col)));
        for (int i = 0; i < t->n; i++)
            fprintf(f, i + 1 < t->n ? " %-14s" : " %s",
                    col->results[i] ? rep_tclean(a, col->results[i]) : "-");
        fputc('\n', f);
    }
}

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

static void csv_cell(FILE *f, const char *s, bool first)
{
    if (!first)
        fputc(',', f);
    s = or_empty(s);
    /* a cell a spreadsheet would evaluate is kept as text (OWASP's advice
       for CSV injection): the report's texts are an adversary's */
    bool formula = strchr("=+-@\t\r", s[0]) && s[0];
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_csv(const Table *t, FILE *f)
{
    static const char *const head[] = {"report", "standard", "version", "profile",
                                       "evidence-root", "as-of", "verdict"};
    for (size_t k = 0; k < sizeof head / sizeof *head; k++)
        csv_cell(f, head[k], k == 0);
    for (int k = 0; k < 6; k++)
        csv_cell(f, count_names[k], false);
    for (int c = 0; c < t->ncols; c++)
        csv_cell(f, col_name(t, &t->cols[c]), false);
    fputs("\r\n", f);
    for (int i = 0; i < t->n; i++) {
        const Report *r = &t->reps[i];
        const char *cells[] = {t->names[i], r->std_id, r->std_version, r->profile, r->root,
                               r->as_of, r->verdict};
        for (size_t k = 0; k < sizeof cells / sizeof *cells; k++)
            csv_cell(f, cells[k], k == 0);
        for (int k = 0; k < 6; k++)
            csv_cell(f, r->counts[k], false);
        for (int c = 0; c < t->ncols; c++)
            csv_cell(f, t->cols[c].results[i], false);
        fputs("\r\n", f);
    }
}

/* ---- JSON ----------------------------------------------------------------- */

static void put_json(const Table *t, FILE *f)
{
    int tally[VERDICT_COUNT] = {0};
    verdict_tally(t, tally);
    fputs("{\n  \"summary-version\": 1,\n  \"verdicts\": {", f);
    for (int v = 0; v < VERDICT_COUNT; v++)
        fprintf(f, "%s\"%s\": %d", v ? ", " : "", verdict_names[v], tally[v]);
    fputs("},\n  \"reports\": [", f);
    for (int i = 0; i < t->n; i++) {
        const Report *r = &t->reps[i];
        fprintf(f, "%s\n    {\"report\": ", i ? "," : "");
        emit_json_string(f, t->names[i]);
        const char *keys[] = {"standard", "version", "title", "profile", "evidence-root",
                              "as-of", "verdict"};
        const char *vals[] = {r->std_id, r->std_version, r->std_title, r->profile, r->root,
                              r->as_of, r->verdict};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            fprintf(f, ", \"%s\": ", keys[k]);
            emit_json_string(f, vals[k]);
        }
        fputs(", \"counts\": {", f);
        for (int k = 0; k < 6; k++)
            fprintf(f, "%s\"%s\": %s", k ? ", " : "", count_names[k],
                    r->counts[k] && strspn(r->counts[k], "0123456789") == strlen(r->counts[k])
                        && *r->counts[k] ? r->counts[k] : "null");
        fputs("}}", f);
    }
    fputs("\n  ],\n  \"requirements\": [", f);
    for (int c = 0; c < t->ncols; c++) {
        const Col *col = &t->cols[c];
        fprintf(f, "%s\n    {\"standard\": ", c ? "," : "");
        emit_json_string(f, col->std);
        fputs(", \"id\": ", f);
        emit_json_string(f, col->id);
        fputs(", \"title\": ", f);
        emit_json_string(f, col->title);
        fputs(", \"results\": [", f);
        for (int i = 0; i < t->n; i++) {
            if (i)
                fputs(", ", f);
            emit_json_string(f, col->results[i]);
        }
        fputs("]}", f);
    }
    fputs("\n  ]\n}\n", f);
}

/* ---- XML ------------------------------------------------------------------ */

static bool put_xml(const Table *t, FILE *f)
{
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        xmlBufferFree(buf);
        return false;
    }
    int tally[VERDICT_COUNT] = {0};
    verdict_tally(t, tally);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "summary", BAD_CAST SUMMARY_NS);
    xmlTextWriterWriteAttribute(w, BAD_CAST "format-version", BAD_CAST "1");
    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "reports", "%d", t->n);
    xmlTextWriterStartElement(w, BAD_CAST "verdicts");
    for (int v = 0; v < VERDICT_COUNT; v++)
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST verdict_names[v], "%d", tally[v]);
    xmlTextWriterEndElement(w);
    for (int i = 0; i < t->n; i++) {
        const Report *r = &t->reps[i];
        xmlTextWriterStartElement(w, BAD_CAST "report");
        xmlTextWriterWriteFormatAttribute(w, BAD_CAST "n", "%d", i + 1);
        const char *keys[] = {"file", "standard", "version", "title", "profile",
                              "evidence-root", "as-of", "verdict"};
        const char *vals[] = {t->names[i], r->std_id, r->std_version, r->std_title, r->profile,
                              r->root, r->as_of, r->verdict};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            if (vals[k])
                xmlTextWriterWriteAttribute(w, BAD_CAST keys[k], BAD_CAST vals[k]);
        for (int k = 0; k < 6; k++)
            if (r->counts[k])
                xmlTextWriterWriteAttribute(w, BAD_CAST count_names[k], BAD_CAST r->counts[k]);
        xmlTextWriterEndElement(w);
    }
    for (int c = 0; c < t->ncols; c++) {
        const Col *col = &t->cols[c];
        xmlTextWriterStartElement(w, BAD_CAST "requirement");
        xmlTextWriterWriteAttribute(w, BAD_CAST "standard", BAD_CAST col->std);
        xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST col->id);
        if (col->title)
            xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST col->title);
        for (int i = 0; i < t->n; i++) {
            if (!col->results[i])
                continue;
            xmlTextWriterStartElement(w, BAD_CAST "result");
            xmlTextWriterWriteFormatAttribute(w, BAD_CAST "report", "%d", i + 1);
            xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST col->results[i]);
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    fwrite(buf->content, 1, (size_t)buf->use, f);
    xmlBufferFree(buf);
    return true;
}

/* ---- HTML ----------------------------------------------------------------- */

static void put_html(const Table *t, FILE *f)
{
    int tally[VERDICT_COUNT] = {0};
    verdict_tally(t, tally);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>accord: summary of reports</title>\n<style>\n"
          "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
          "table{border-collapse:collapse;margin:1em 0}\n"
          "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\n"
          "th{background:#f3f3f3}\n"
          ".pass,.compliant{background:#e6f4ea}.fail,.non-compliant{background:#fce8e6}\n"
          ".error,.incomplete{background:#fef7e0}.inconclusive{background:#e8eaf6}\n"
          "</style>\n</head>\n<body>\n<h1>Summary of reports</h1>\n<p>", f);
    fprintf(f, "%d report%s:", t->n, t->n == 1 ? "" : "s");
    const char *sep = " ";
    for (int v = 0; v < VERDICT_COUNT; v++)
        if (tally[v]) {
            fprintf(f, "%s%d %s", sep, tally[v], verdict_names[v]);
            sep = ", ";
        }
    fputs("</p>\n<table>\n<tr><th>#</th><th>report</th><th>standard</th><th>version</th>"
          "<th>profile</th><th>evidence</th><th>as of</th><th>verdict</th>", f);
    for (int k = 0; k < 6; k++)
        fprintf(f, "<th>%s</th>", count_names[k]);
    fputs("</tr>\n", f);
    for (int i = 0; i < t->n; i++) {
        const Report *r = &t->reps[i];
        fprintf(f, "<tr><td>%d</td>", i + 1);
        const char *cells[] = {t->names[i], r->std_id, r->std_version, r->profile, r->root,
                               r->as_of};
        for (size_t k = 0; k < sizeof cells / sizeof *cells; k++) {
            fputs("<td>", f);
            emit_html(f, cells[k]);
            fputs("</td>", f);
        }
        fputs("<td class=\"", f);
        emit_html(f, r->verdict);
        fputs("\">", f);
        emit_html(f, r->verdict);
        fputs("</td>", f);
        for (int k = 0; k < 6; k++) {
            fputs("<td>", f);
            emit_html(f, r->counts[k]);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    if (t->ncols) {
        fputs("<table>\n<tr><th>requirement</th><th>title</th>", f);
        for (int i = 0; i < t->n; i++)
            fprintf(f, "<th>%d</th>", i + 1);
        fputs("</tr>\n", f);
        for (int c = 0; c < t->ncols; c++) {
            const Col *col = &t->cols[c];
            fputs("<tr><td>", f);
            emit_html(f, col_name(t, col));
            fputs("</td><td>", f);
            emit_html(f, col->title);
            fputs("</td>", f);
            for (int i = 0; i < t->n; i++) {
                fputs("<td class=\"", f);
                emit_html(f, col->results[i]);
                fputs("\">", f);
                emit_html(f, col->results[i] ? col->results[i] : "-");
                fputs("</td>", f);
            }
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
    }
    fputs("</body>\n</html>\n", f);
}

/* ---- the command ---------------------------------------------------------- */

static const char *const formats[] = {"text", "csv", "xml", "html", "json"};

bool summarize_format_known(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (strcmp(name, formats[i]) == 0)
            return true;
    return false;
}

int summarize(const char *const *paths, int n, const char *format, const char *output)
{
    Arena *a = arena_new();
    Table t = {a, (const char **)paths, arena_alloc(a, sizeof(char *) * (size_t)(n + 1)),
               arena_alloc(a, sizeof(Report) * (size_t)(n + 1)), n, NULL, 0, 0, false};
    for (int i = 0; i < n; i++)
        t.names[i] = rep_clean(a, paths[i]);
    int rc = 0;
    int read = 0;
    for (int i = 0; i < n && !rc; i++, read++) {
        size_t len;
        const char *why = NULL;
        errno = 0;
        char *text = load_file(a, paths[i], &len);
        if (!text) {
            fprintf(stderr, "accord summarize: cannot read '%s': %s\n", paths[i],
                    errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
            rc = 2;
        } else if (!report_read(a, text, len, &t.reps[i], &why)) {
            fprintf(stderr, "accord summarize: '%s' is not an accord report: %s\n", paths[i],
                    why);
            rc = 2;
        }
    }
    if (!rc) {
        for (int i = 0; i < n; i++) {
            const Report *r = &t.reps[i];
            const char *std = or_empty(r->std_id);
            if (i && strcmp(std, or_empty(t.reps[0].std_id)) != 0)
                t.mixed = true;
            for (int k = 0; k < r->nreqs; k++)
                col_of(&t, std, r->reqs[k].id, r->reqs[k].title)->results[i] = r->reqs[k].result;
        }
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            out_of_memory();
        if (strcmp(format, "csv") == 0)
            put_csv(&t, f);
        else if (strcmp(format, "json") == 0)
            put_json(&t, f);
        else if (strcmp(format, "xml") == 0)
            put_xml(&t, f);
        else if (strcmp(format, "html") == 0)
            put_html(&t, f);
        else
            put_text(&t, f);
        if (fclose(f) != 0)
            out_of_memory();
        if (!emit_output("summarize", output, buf, len))
            rc = 2;
        free(buf);
    }
    for (int i = 0; i < read; i++)
        report_free(&t.reps[i]);
    arena_free(a);
    return rc;
}
