/* report_text.c - the text report (report.md §5): the verdict and what
 * needs attention, for people and CI logs. */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"

#include <stdio.h>
#include <stdlib.h>

#include "waivers.h"

/* A value for the text report: escaped, and shortened as in the XML. */
static const char *tvalue(Arena *a, const char *v, size_t max)
{
    return rep_tclean(a, rep_label_text(a, v, max));
}

char *report_text(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len)
{
    bool color = info->color;
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
    fprintf(f, "%s%s %s%s: %s%s%s\n", bold, std ? rep_tclean(a, std->name) : "?",
            rep_tclean(a, hdr[I_VERSION]), off, rep_tclean(a, hdr[I_TITLE]),
            info->profile ? ", profile " : "", rep_tclean(a, info->profile));
    /* what the verdict depends on (v1.1 §2), as the XML report pins it */
    fprintf(f, "standard: %s sha256 %s\n", rep_tclean(a, info->standard_file),
            info->standard_sha256);
    for (int i = 0; i < info->nsources; i++)
        fprintf(f, "import: %s %lld bytes sha256 %s\n", rep_tclean(a, info->sources[i].path),
                info->sources[i].bytes, info->sources[i].sha256);
    if (info->waivers)
        fprintf(f, "waivers: %s %lld bytes sha256 %s\n", rep_tclean(a, info->waivers->path),
                info->waivers->bytes, info->waivers->sha256);
    for (int i = 0; i < info->nsets; i++)
        fprintf(f, "set: %s = %s\n", rep_tclean(a, info->sets[i].name),
                rep_tclean(a, info->sets[i].value));
    for (int i = 0; i < info->noptions; i++)
        fprintf(f, "option: --%s %s\n", info->options[i].name, info->options[i].value);
    fprintf(f, "evidence: %d file%s in %s, as of %s\n\n", b->nfiles, b->nfiles == 1 ? "" : "s",
            rep_tclean(a, info->evidence_root), info->as_of);
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
        fprintf(f, "%s%-14s%s %s  %s [%s%s]\n", c, word, off, rep_tclean(a, rr->decl->name),
                rep_tclean(a, rr->decl->title), rr->severity,
                rr->decl->kind == D_RECOMMENDATION ? ", recommendation" : "");
        if (rr->error)
            fprintf(f, "      %s\n", rep_tclean(a, rr->error));
        if (rr->waiver)
            fprintf(f, "      waived (was %s) by %s until %s\n", result_name(rr->original),
                    rep_tclean(a, rr->waiver->approved_by), rep_tclean(a, rr->waiver->expires));
        if (rr->result == R_PASS || rr->result == R_NA)
            continue;
        /* a check whose result is not its requirement's says its own: an
           inconclusive comparison under a failed requirement is not a
           failure of its own */
        Result shown = rr->waiver ? rr->original : rr->result;
        for (const Check *ch = rr->checks; ch; ch = ch->next) {
            if (ch->result == R_PASS)
                continue;
            fprintf(f, "      line %d%s%s%s%s%s%s: %s\n", rep_line_of(p, ch->stmt->loc),
                    ch->label ? " [" : "", ch->label ? tvalue(a, ch->label, maxv) : "",
                    ch->label ? "]" : "", ch->result != shown ? " (" : "",
                    ch->result != shown ? result_name(ch->result) : "",
                    ch->result != shown ? ")" : "",
                    rep_tclean(a, ch->message ? ch->message : ch->error
                                                   ? ch->error : rep_src_of(p, ch->stmt->expr->loc, a)));
            for (int k = 0; k < ch->ncounters; k++) {
                const Counter *ce = &ch->counters[k];
                fprintf(f, "        at %s%s%s", ce->file ? rep_tclean(a, ce->file) : "?",
                        ce->origin && ce->origin->member ? ", " : "",
                        ce->origin && ce->origin->member ? rep_tclean(a, ce->origin->member) : "");
                /* a whole file (files(E)) has no line */
                if (ce->origin && ce->origin->line)
                    fprintf(f, ":%lu", ce->origin->line);
                for (int v = 0; v < ce->nvalues; v++)
                    fprintf(f, "%s %s = %s", v ? "," : "", rep_tclean(a, ce->values[v].name),
                            tvalue(a, ce->values[v].value, maxv));
                fputc('\n', f);
            }
            if (ch->nfailed > (unsigned long long)ch->ncounters)
                fprintf(f, "        (%llu failed, the first %d shown)\n", ch->nfailed,
                        ch->ncounters);
        }
    }
    for (int i = 0; i < p->diag->nnotes; i++)
        fprintf(f, "%s\n", rep_tclean(a, p->diag->notes[i]));
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
