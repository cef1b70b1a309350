/* diff.c - accord diff (v1.1 §6): two versions of a standard (or two
 * jurisdictions' standards) told apart by meaning.
 *
 * Both are compiled; every declaration that carries meaning (the header,
 * parameters with the value in effect after top-level sets, evidence,
 * definitions, requirements and recommendations, profiles), from the
 * standard and everything it imports, is printed alone in fmt's canonical
 * layout without comments, and the two texts of each name are compared:
 * so layout and comments never count, and what changed is shown as the
 * canonical lines removed and added. Tests are not meaning. With -e both
 * are checked on the same evidence and each requirement whose result
 * differs is listed, with the two verdicts.
 */
#define _POSIX_C_SOURCE 200809L
#include "diff.h"
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "format.h"
#include "output.h"
#include "report_common.h"
#include "verify.h"

typedef struct Entry {       /* one declaration, in canonical form */
    const char *kind;        /* "standard", "parameter", ... */
    const char *name;
    const char *text;
} Entry;

typedef struct Side {
    Entry *items;
    int n, cap;
} Side;

typedef struct Change {
    const char *kind, *name;
    const char *old, *new;   /* NULL: added (old) or removed (new) */
} Change;

typedef struct Flip {        /* a requirement whose result differs */
    const char *id, *old, *new;
} Flip;

typedef struct Diff {
    Arena *a;
    const DiffRequest *rq;
    Change *changes;
    int nchanges, cap;
    bool checked;
    const char *old_verdict, *new_verdict;
    Flip *flips;
    int nflips, fcap;
} Diff;

static const char *kind_of(const Decl *d)
{
    switch (d->kind) {
    case D_STANDARD: return "standard";
    case D_PARAM: return "parameter";
    case D_EVIDENCE: return "evidence";
    case D_DEFINE: return "definition";
    case D_REQUIREMENT: return "requirement";
    case D_RECOMMENDATION: return "recommendation";
    case D_PROFILE: return "profile";
    default: return NULL;    /* imports, sets (folded into parameters), tests */
    }
}

/* d alone in fmt's layout, without comments */
static const char *canonical(Arena *a, const Module *m, const Decl *d)
{
    size_t len;
    char *s = format_decl(m, d, &len);
    const char *r = arena_strndup(a, s, len);
    free(s);
    return r;
}

/* The set in effect for parameter name (the last top-level set), or NULL. */
static const Decl *set_of(const Program *p, const char *name, const Module **in)
{
    const Decl *found = NULL;
    for (int m = 0; m < p->nmods; m++)
        for (const Decl *d = p->mods[m]->decls; d; d = d->next)
            if (d->kind == D_SET && strcmp(d->name, name) == 0) {
                found = d;
                *in = p->mods[m];
            }
    return found;
}

static void collect(Arena *a, const Program *p, Side *s)
{
    for (int m = 0; m < p->nmods; m++) {
        const Module *mod = p->mods[m];
        for (const Decl *d = mod->decls; d; d = d->next) {
            const char *kind = kind_of(d);
            if (!kind)
                continue;
            const char *text = canonical(a, mod, d);
            if (d->kind == D_PARAM) {
                /* the value in effect: a top-level set wins */
                const Module *sm = NULL;
                const Decl *set = set_of(p, d->name, &sm);
                if (set)
                    text = arena_printf(a, "%s(set in effect) %s", text, canonical(a, sm, set));
            }
            s->items = arena_grow(a, s->items, s->n, &s->cap, sizeof(Entry));
            s->items[s->n++] = (Entry){kind, d->kind == D_STANDARD ? "" : d->name, text};
        }
    }
}

static const Entry *find(const Side *s, const char *kind, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->items[i].kind, kind) == 0 && strcmp(s->items[i].name, name) == 0)
            return &s->items[i];
    return NULL;
}

static void change(Diff *df, const char *kind, const char *name, const char *old, const char *new)
{
    df->changes = arena_grow(df->a, df->changes, df->nchanges, &df->cap, sizeof(Change));
    df->changes[df->nchanges++] = (Change){kind, name, old, new};
}

static void compare_sides(Diff *df, const Side *o, const Side *n)
{
    for (int i = 0; i < o->n; i++) {
        const Entry *x = &o->items[i], *y = find(n, x->kind, x->name);
        if (!y)
            change(df, x->kind, x->name, x->text, NULL);
        else if (strcmp(x->text, y->text) != 0)
            change(df, x->kind, x->name, x->text, y->text);
    }
    for (int i = 0; i < n->n; i++) {
        const Entry *y = &n->items[i];
        if (!find(o, y->kind, y->name))
            change(df, y->kind, y->name, NULL, y->text);
    }
}

/* ---- with evidence ----------------------------------------------------------- */

static bool check_one(Diff *df, const char *std, Report *r)
{
    RunRequest run = df->rq->run;
    run.std = std;
    run.format = report_format("xml");
    char *out = NULL;
    size_t len = 0;
    run_check(&run, &out, &len);
    if (!out)
        return false;
    char *text = arena_strndup(df->a, out, len);
    free(out);
    const char *why = NULL;
    if (!report_read(df->a, text, len, r, &why)) {
        fprintf(stderr, "accord diff: the report of '%s' cannot be read back: %s\n", std, why);
        return false;
    }
    return true;
}

static const char *result_in(const Report *r, const char *id)
{
    for (int k = 0; k < r->nreqs; k++)
        if (strcmp(r->reqs[k].id, id) == 0)
            return r->reqs[k].result;
    return NULL;
}

static void flip(Diff *df, const char *id, const char *old, const char *new)
{
    df->flips = arena_grow(df->a, df->flips, df->nflips, &df->fcap, sizeof(Flip));
    df->flips[df->nflips++] = (Flip){id, old, new};
}

static bool run_both(Diff *df)
{
    Report ro, rn;
    memset(&ro, 0, sizeof ro);
    memset(&rn, 0, sizeof rn);
    bool ok = check_one(df, df->rq->old, &ro) && check_one(df, df->rq->new, &rn);
    if (ok) {
        df->checked = true;
        df->old_verdict = ro.verdict;
        df->new_verdict = rn.verdict;
        for (int k = 0; k < ro.nreqs; k++) {
            const char *y = result_in(&rn, ro.reqs[k].id);
            if (!y || strcmp(y, ro.reqs[k].result) != 0)
                flip(df, ro.reqs[k].id, ro.reqs[k].result, y);
        }
        for (int k = 0; k < rn.nreqs; k++)
            if (!result_in(&ro, rn.reqs[k].id))
                flip(df, rn.reqs[k].id, NULL, rn.reqs[k].result);
    }
    report_free(&ro);
    report_free(&rn);
    return ok;
}

/* ---- output ---------------------------------------------------------------------- */

/* The lines of a that are not in b, each with prefix, in order: enough to
   show what a declaration's change is (its canonical lines are short). */
static void lines_not_in(FILE *f, Arena *a, const char *x, const char *y, const char *prefix)
{
    const char *p = x;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool found = false;
        for (const char *q = y; q && *q && !found;) {
            const char *qe = strchr(q, '\n');
            size_t qn = qe ? (size_t)(qe - q) : strlen(q);
            found = qn == n && memcmp(p, q, n) == 0;
            q = qe ? qe + 1 : NULL;
        }
        if (!found && n)
            fprintf(f, "%s%s\n", prefix, rep_tclean(a, arena_strndup(a, p, n)));
        p = e ? e + 1 : p + n;
    }
}

static void put_text(const Diff *df, FILE *f)
{
    Arena *a = df->a;
    if (!df->nchanges)
        fputs("no difference of meaning\n", f);
    for (int i = 0; i < df->nchanges; i++) {
        const Change *c = &df->changes[i];
        const char *what = !c->old ? "added" : !c->new ? "removed" : "changed";
        fprintf(f, "%s%s%s %s\n", c->kind, *c->name ? " " : "", rep_tclean(a, c->name), what);
        if (c->old)
            lines_not_in(f, a, c->old, c->new ? c->new : "", "  - ");
        if (c->new)
            lines_not_in(f, a, c->new, c->old ? c->old : "", "  + ");
    }
    if (df->checked) {
        fprintf(f, "\nverdict: %s -> %s\n", df->old_verdict, df->new_verdict);
        if (!df->nflips)
            fputs("no requirement's result differs\n", f);
        for (int i = 0; i < df->nflips; i++)
            fprintf(f, "%s: %s -> %s\n", rep_tclean(a, df->flips[i].id),
                    df->flips[i].old ? df->flips[i].old : "(absent)",
                    df->flips[i].new ? df->flips[i].new : "(absent)");
    }
}

static void put_json(const Diff *df, FILE *f)
{
    fputs("{\n  \"diff-version\": 1,\n  \"old\": ", f);
    emit_json_string(f, df->rq->old);
    fputs(",\n  \"new\": ", f);
    emit_json_string(f, df->rq->new);
    fputs(",\n  \"changes\": [", f);
    for (int i = 0; i < df->nchanges; i++) {
        const Change *c = &df->changes[i];
        fprintf(f, "%s\n    {\"kind\": ", i ? "," : "");
        emit_json_string(f, c->kind);
        fputs(", \"name\": ", f);
        emit_json_string(f, c->name);
        fprintf(f, ", \"change\": \"%s\", \"old\": ",
                !c->old ? "added" : !c->new ? "removed" : "changed");
        emit_json_string(f, c->old);
        fputs(", \"new\": ", f);
        emit_json_string(f, c->new);
        fputc('}', f);
    }
    fputs("\n  ]", f);
    if (df->checked) {
        fputs(",\n  \"verdicts\": {\"old\": ", f);
        emit_json_string(f, df->old_verdict);
        fputs(", \"new\": ", f);
        emit_json_string(f, df->new_verdict);
        fputs("},\n  \"results\": [", f);
        for (int i = 0; i < df->nflips; i++) {
            fprintf(f, "%s\n    {\"id\": ", i ? "," : "");
            emit_json_string(f, df->flips[i].id);
            fputs(", \"old\": ", f);
            emit_json_string(f, df->flips[i].old);
            fputs(", \"new\": ", f);
            emit_json_string(f, df->flips[i].new);
            fputc('}', f);
        }
        fputs("\n  ]", f);
    }
    fputs("\n}\n", f);
}

static void put_xml(const Diff *df, FILE *f)
{
    Arena *a = df->a;
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w)
        out_of_memory();
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "diff", BAD_CAST DIFF_NS);
    xmlTextWriterWriteAttribute(w, BAD_CAST "format-version", BAD_CAST "1");
    xmlTextWriterWriteAttribute(w, BAD_CAST "old", BAD_CAST rep_clean(a, df->rq->old));
    xmlTextWriterWriteAttribute(w, BAD_CAST "new", BAD_CAST rep_clean(a, df->rq->new));
    for (int i = 0; i < df->nchanges; i++) {
        const Change *c = &df->changes[i];
        xmlTextWriterStartElement(w, BAD_CAST "change");
        xmlTextWriterWriteAttribute(w, BAD_CAST "kind", BAD_CAST c->kind);
        if (*c->name)
            xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST rep_clean(a, c->name));
        xmlTextWriterWriteAttribute(w, BAD_CAST "change", BAD_CAST (!c->old ? "added"
                                    : !c->new ? "removed" : "changed"));
        if (c->old)
            xmlTextWriterWriteElement(w, BAD_CAST "old", BAD_CAST rep_clean(a, c->old));
        if (c->new)
            xmlTextWriterWriteElement(w, BAD_CAST "new", BAD_CAST rep_clean(a, c->new));
        xmlTextWriterEndElement(w);
    }
    if (df->checked) {
        xmlTextWriterStartElement(w, BAD_CAST "check");
        xmlTextWriterWriteAttribute(w, BAD_CAST "old-verdict", BAD_CAST df->old_verdict);
        xmlTextWriterWriteAttribute(w, BAD_CAST "new-verdict", BAD_CAST df->new_verdict);
        for (int i = 0; i < df->nflips; i++) {
            xmlTextWriterStartElement(w, BAD_CAST "result");
            xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST rep_clean(a, df->flips[i].id));
            if (df->flips[i].old)
                xmlTextWriterWriteAttribute(w, BAD_CAST "old", BAD_CAST df->flips[i].old);
            if (df->flips[i].new)
                xmlTextWriterWriteAttribute(w, BAD_CAST "new", BAD_CAST df->flips[i].new);
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    fwrite(buf->content, 1, (size_t)buf->use, f);
    xmlBufferFree(buf);
}

bool diff_format_known(const char *name)
{
    return strcmp(name, "text") == 0 || strcmp(name, "xml") == 0 || strcmp(name, "json") == 0;
}

int diff_standards(const DiffRequest *rq)
{
    Arena *a = arena_new();
    Diff df = {0};
    df.a = a;
    df.rq = rq;
    int rc = EXIT_OK;
    Program *po = compile_standard(a, rq->old, true, false, true);
    Program *pn = po ? compile_standard(a, rq->new, true, false, true) : NULL;
    if (!po || !pn)
        rc = EXIT_USAGE;
    if (rc == EXIT_OK) {
        Side so = {0}, sn = {0};
        collect(a, po, &so);
        collect(a, pn, &sn);
        compare_sides(&df, &so, &sn);
        if (rq->run.root && !run_both(&df))
            rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            out_of_memory();
        if (strcmp(rq->format, "json") == 0)
            put_json(&df, f);
        else if (strcmp(rq->format, "xml") == 0)
            put_xml(&df, f);
        else
            put_text(&df, f);
        if (fclose(f) != 0)
            out_of_memory();
        /* as diff(1): 1 when they differ (in meaning, or in a result) */
        rc = df.nchanges || df.nflips ? 1 : 0;
        if (!emit_output("diff", rq->output, buf, len))
            rc = EXIT_USAGE;
        free(buf);
    }
    arena_free(a);
    return rc;
}
