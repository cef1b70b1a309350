/* report_junit.c - JUnit XML (report.md §5), as CI servers read it. */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"

#include <stdio.h>
#include <stdlib.h>


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
        fprintf(f, "line %d%s%s%s: %s: %s\n", rep_line_of(p, ch->stmt->loc),
                ch->label ? " [" : "", ch->label ? rep_label_text(a, ch->label, max) : "",
                ch->label ? "]" : "", result_name(ch->result),
                ch->message ? ch->message : ch->error ? ch->error
                : rep_src_of(p, ch->stmt->expr->loc, a));
        for (int k = 0; k < ch->ncounters; k++) {
            const Origin *o = ch->counters[k].origin;
            fprintf(f, "  at %s%s%s", ch->counters[k].file ? ch->counters[k].file : "?",
                    o && o->member ? ", " : "", o && o->member ? o->member : "");
            /* a whole file (files(E)) has no line */
            if (o && o->line)
                fprintf(f, ":%lu", o->line);
            fputc('\n', f);
        }
        if (ch->nfailed > (unsigned long long)ch->ncounters)
            fprintf(f, "  (%llu failed, the first %d shown)\n", ch->nfailed, ch->ncounters);
    }
    if (fclose(f) != 0)
        out_of_memory();
    char *s = arena_strndup(a, buf ? buf : "", len);
    free(buf);
    return s;
}

static void property(W *w, const char *name, const char *value)
{
    rep_start(w, "property");
    rep_attr(w, "name", name);
    rep_attr(w, "value", value);
    rep_end(w);
}

/* A pinned file as one property value: "PATH sha256:HEX bytes:N". */
static const char *pin_text(Arena *a, const PinnedFile *f)
{
    return arena_printf(a, "%s sha256:%s bytes:%lld", f->path, f->sha256, f->bytes);
}

char *report_junit(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len)
{
    (void)b;
    W w;
    if (!rep_begin(&w, info, NULL))
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
    rep_start(&w, "testsuites");
    rep_attr_int(&w, "tests", o->nreqs);
    rep_attr_int(&w, "failures", failures);
    rep_attr_int(&w, "errors", errors);
    /* junit-10.xsd (Jenkins' xunit) allows no `skipped` on testsuites */
    rep_start(&w, "testsuite");
    rep_attr(&w, "name", id);
    rep_attr_int(&w, "tests", o->nreqs);
    rep_attr_int(&w, "failures", failures);
    rep_attr_int(&w, "errors", errors);
    rep_attr_int(&w, "skipped", skipped);
    rep_attr(&w, "time", "0");
    /* the standard: a testcase may carry no file or line in junit-10.xsd,
       so each one's place is the first line of its system-out (decision 36) */
    rep_attr(&w, "file", info->standard_file);
    rep_start(&w, "properties");
    const char *props[][2] = {{"verdict", verdict_name(o->verdict)}, {"as-of", info->as_of},
                              {"evidence-root", info->evidence_root},
                              {"standard-sha256", info->standard_sha256},
                              {"profile", info->profile}};
    for (int i = 0; i < (info->profile ? 5 : 4); i++)
        property(&w, props[i][0], props[i][1]);
    /* the other pins of v1.1 §2, one property each, in the XML report's
       order */
    property(&w, "standard-file", info->standard_file);
    for (int i = 0; i < info->nsources; i++)
        property(&w, "import", pin_text(a, &info->sources[i]));
    if (info->waivers)
        property(&w, "waivers", pin_text(a, info->waivers));
    for (int i = 0; i < info->nsets; i++)
        property(&w, "set", arena_printf(a, "%s=%s", info->sets[i].name, info->sets[i].value));
    for (int i = 0; i < info->noptions; i++)
        property(&w, "option",
                 arena_printf(a, "%s=%s", info->options[i].name, info->options[i].value));
    rep_end(&w);
    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        bool rec = rr->decl->kind == D_RECOMMENDATION;
        rep_start(&w, "testcase");
        rep_attr(&w, "classname", id);
        rep_attr(&w, "name", arena_printf(a, "%s: %s", rr->decl->name, rr->decl->title));
        rep_attr(&w, "time", "0");
        const char *detail = check_lines(a, p, rr, w.max_value);
        /* the file that declares it: the standard, or an import */
        const Module *m = rr->decl->module;
        const char *where = arena_printf(a, "%s:%d", m && m != p->root ? m->src->path
                                                                          : info->standard_file,
                                         rep_line_of(p, rr->decl->loc));
        if (rr->result == R_NA) {
            rep_start(&w, "skipped");
            rep_attr(&w, "message", "not applicable");
            rep_end(&w);
        } else if (rr->result == R_WAIVED) {
            rep_start(&w, "skipped");
            rep_attr(&w, "message", "waived");
            rep_end(&w);
        } else if (rec && rr->result != R_PASS) {
            /* a recommendation never fails the build: a finding */
            rep_start(&w, "skipped");
            rep_attr(&w, "message", arena_printf(a, "finding: recommendation %s", result_name(rr->result)));
            rep_end(&w);
        } else if (rr->result == R_FAIL || rr->result == R_INCONCLUSIVE) {
            rep_start(&w, "failure");
            rep_attr(&w, "type", result_name(rr->result));
            rep_attr(&w, "message", arena_printf(a, "%s %s (%s)", rr->decl->name,
                                             result_name(rr->result), rr->severity));
            rep_text(&w, detail);
            rep_end(&w);
        } else if (rr->result == R_ERROR) {
            rep_start(&w, "error");
            rep_attr(&w, "type", "error");
            rep_attr(&w, "message", arena_printf(a, "%s could not be evaluated", rr->decl->name));
            rep_text(&w, detail);
            rep_end(&w);
        }
        rep_element_text(&w, "system-out", rec && rr->result != R_PASS && rr->result != R_NA
                                               && rr->result != R_WAIVED
                                               ? arena_printf(a, "%s\n%s", where, detail)
                                               : where);
        rep_end(&w);
    }
    rep_end(&w);
    rep_end(&w);
    char *out;
    return rep_finish(&w, &out, len) ? out : NULL;
}
