/* run.c - accord check from files to the report's bytes; see run.h.
 *
 * Every input the verdict depends on is read once, here or below, and
 * hashed as read: the standard and each import (their sources, as parsed),
 * the waivers file (as parsed), the evidence (bind). The report names them
 * all (v1.1 §2), so that `accord verify` can tell what changed.
 */
#define _POSIX_C_SOURCE 200809L
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "files.h"
#include "load.h"
#include "output.h"
#include "parse.h"
#include "typecheck.h"
#include "waivers.h"

#define LIMIT(id, name, dflt, max) {name, dflt, max},
const LimitInfo limit_info[L__COUNT] = {
#include "limits.def"
};
#undef LIMIT

int limit_named(const char *name)
{
    for (int k = 0; k < L__COUNT; k++)
        if (strcmp(limit_info[k].name, name) == 0)
            return k;
    return -1;
}

/* Whether s is a name of the language: a letter or '_', then letters,
   digits and '_'. */
static bool is_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
              || *s == '_'))
            return false;
    return true;
}

/* The --set values as one more module of p: a profile named SETS_PROFILE
   with one `set` per value, parsed and then checked as any profile's sets
   are (an unknown parameter, with the nearest name; a value of another
   type; a value that is not a constant; one set twice), its diagnostics
   pointing into the lines of a source named "--set". False (said on
   standard error) when a NAME is not a name or a VALUE is not one
   expression. */
static bool add_sets(Program *p, const Setting *sets, int n)
{
    Arena *a = p->arena;
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        if (!is_name(sets[i].name)) {
            fprintf(stderr, "accord check: --set needs NAME=VALUE with NAME a parameter's "
                    "name, not '%s'\n", sets[i].name);
            return false;
        }
        len += strlen(sets[i].name) + strlen(sets[i].value) + 8;
    }
    char *text = arena_alloc(a, len + 32), *t = text;
    t += sprintf(t, "profile cli {\n");
    for (int i = 0; i < n; i++)
        t += sprintf(t, "set %s = %s\n", sets[i].name, sets[i].value);
    t += sprintf(t, "}\n");
    Source *src = diag_add_source(p->diag, "--set", text, (size_t)(t - text));
    src->dir = "";
    int errors = p->diag->errors;
    Module *m = parse_module(a, p->diag, src);
    if (p->diag->errors > errors)
        return false;
    /* a value is one expression: the text parsed is one profile of
       exactly these sets (a value holding a newline and a declaration is
       refused, not read) */
    Decl *d = m->decls;
    const Item *it = d && !d->next && d->kind == D_PROFILE ? d->items : NULL;
    int k = 0;
    for (; it && k < n && it->kind == I_SET && strcmp(it->name, sets[k].name) == 0; it = it->next)
        k++;
    if (k < n || it || !d || d->next || d->kind != D_PROFILE) {
        fprintf(stderr, "accord check: --set %s=...: the value is not one expression\n",
                sets[k < n ? k : n - 1].name);
        return false;
    }
    d->name = SETS_PROFILE;
    m->library = true;
    m->pin = "--set";
    Module **mods = arena_alloc(a, sizeof(Module *) * (size_t)(p->nmods + 1));
    memcpy(mods, p->mods, sizeof(Module *) * (size_t)p->nmods);
    mods[p->nmods++] = m;
    p->mods = mods;
    return true;
}

/* compile_standard, with the --set values of a check. */
static Program *compile_with_sets(Arena *a, const char *path, const Setting *sets, int nsets)
{
    Diag *d = diag_new(a, stderr);
    d->quiet_warnings = true;
    Program *p = load_program(a, d, path);
    bool ok = p && d->errors == 0 && (nsets == 0 || add_sets(p, sets, nsets));
    if (ok) {
        TcOptions opt = {.need_standard = true};
        ok = tc_check(p, &opt);
    }
    diag_flush(d);
    return ok ? p : NULL;
}

Program *compile_standard(Arena *a, const char *path, bool need_standard, bool lint,
                          bool keep_warnings)
{
    Diag *d = diag_new(a, stderr);
    d->quiet_warnings = keep_warnings;
    Program *p = load_program(a, d, path);
    bool ok = p && d->errors == 0;
    if (ok) {
        TcOptions opt = {.need_standard = need_standard, .lint = lint};
        ok = tc_check(p, &opt);
    }
    diag_flush(d);
    return ok ? p : NULL;
}

/* Progress of a long check on a terminal (standard error): shown once a
   second has passed, rewritten in place, cleared at the end. */
typedef struct Progress {
    struct timespec start;
    double delay;            /* seconds; ACCORD_PROGRESS_DELAY, default 1 */
    bool shown;
} Progress;

static void show_progress(void *ctx, int files, size_t records)
{
    Progress *pr = ctx;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double elapsed = (double)(now.tv_sec - pr->start.tv_sec)
                     + (double)(now.tv_nsec - pr->start.tv_nsec) / 1e9;
    if (elapsed < pr->delay)
        return;
    fprintf(stderr, "\raccord: reading evidence: %d file%s, %zu records bound in this "
            "declaration", files, files == 1 ? "" : "s", records);
    fflush(stderr);
    pr->shown = true;
}

/* The imports of p as the report pins them: in load order, each with the
   name the loader gave it (Module.pin), its size and the SHA-256 of the
   bytes parsed. */
static PinnedFile *sources(Arena *a, const Program *p, int *n)
{
    PinnedFile *s = arena_alloc(a, sizeof(PinnedFile) * (size_t)(p->nmods + 1));
    *n = 0;
    for (int i = 0; i < p->nmods; i++) {
        const Module *m = p->mods[i];
        if (m == p->root || strcmp(m->pin, "--set") == 0)
            continue;       /* the root, and the --set values (pinned as <set>) */
        char *sha = arena_alloc(a, 65);
        if (!sha256_hex(m->src->text, m->src->len, sha))
            strcpy(sha, "unavailable");
        s[(*n)++] = (PinnedFile){m->pin, (long long)m->src->len, sha};
    }
    return s;
}

/* The limits not at their default, in the order of limits.def. */
static Setting *options(Arena *a, const long long *limits, int *n)
{
    Setting *s = arena_alloc(a, sizeof(Setting) * L__COUNT);
    *n = 0;
    for (int k = 0; k < L__COUNT; k++)
        if (limits[k] != limit_info[k].dflt)
            s[(*n)++] = (Setting){limit_info[k].name, arena_printf(a, "%lld", limits[k])};
    return s;
}

static int exit_of(Verdict v)
{
    switch (v) {
    case VERDICT_COMPLIANT: return EXIT_OK;
    case VERDICT_NON_COMPLIANT: return EXIT_NONCOMPLIANT;
    case VERDICT_INCOMPLETE: return EXIT_INCOMPLETE;
    default: return EXIT_INCONCLUSIVE;
    }
}

static bool put(void *out, const char *text, size_t len)
{
    return out_write(out, text, len);
}

/* The report written to rq->output or standard output: text, made
   whole, or (text NULL) made by the format's streamer as it is written
   (the XML report of 100 000 files is 14 MB that need not be held).
   False, said, on failure; a report that could not be made is not left
   behind. */
static bool write_report(const RunRequest *rq, const Program *p, const Binding *b,
                         const Outcome *o, const ReportInfo *info, const char *text,
                         size_t len)
{
    Out *out = out_open(rq->who, rq->output);
    if (!out)
        return false;
    bool made = true;
    if (text)
        out_write(out, text, len);
    else
        made = rq->format->stream(p, b, o, info, &(Sink){put, out});
    /* a write that failed is said by out_close; a writer that failed, here */
    if (!made && out_ok(out))
        fprintf(stderr, "accord %s: cannot produce the report\n", rq->who);
    return out_close(out, made) && made;
}

int run_check(const RunRequest *rq, char **out, size_t *len)
{
    const char *who = rq->who;
    const long long *limits = rq->limits;
    *out = NULL;
    *len = 0;
    Arena *a = arena_new();
    /* warnings go to standard error and into the report */
    Program *p = compile_with_sets(a, rq->std, rq->sets, rq->nsets);
    if (!p) {
        arena_free(a);
        return EXIT_USAGE;
    }
    Diag *d = p->diag;
    const Decl *pr = NULL;
    if (rq->profile) {
        pr = map_get(p->profiles, rq->profile);
        if (!pr) {
            const char *sugg = suggest(rq->profile, p->profiles->keys, p->profiles->n);
            fprintf(stderr, "accord %s: unknown profile '%s'", who, rq->profile);
            if (sugg)
                fprintf(stderr, "; did you mean '%s'?", sugg);
            fprintf(stderr, "\nRun 'accord help %s' for usage.\n", who);
            arena_free(a);
            return EXIT_USAGE;
        }
    }
    /* the waivers file is checked whole before anything is evaluated */
    Waivers *wv = NULL;
    PinnedFile wpin = {0};
    if (rq->waivers) {
        const char *why = NULL;
        wv = waivers_read(a, rq->waivers, &why);
        if (!wv) {
            fprintf(stderr, "accord %s: %s\n", who, why);
            arena_free(a);
            return EXIT_USAGE;
        }
        wpin = (PinnedFile){rq->shown_waivers ? rq->shown_waivers : rq->waivers,
                            (long long)wv->bytes, wv->sha256};
    }
    char sha[65];
    const Source *src = p->root->src;
    if (!sha256_hex(src->text, src->len, sha))
        strcpy(sha, "unavailable");

    Arena *ea = arena_new();
    BindOptions bo = {.max_file_size = limits[L_FILE_SIZE], .max_depth = (int)limits[L_DEPTH],
                      .xpath_ops = (unsigned long)limits[L_XPATH],
                      .max_records = limits[L_RECORDS], .max_values = limits[L_VALUES],
                      .max_nodes = limits[L_NODES], .jobs = rq->jobs};
    Progress prog = {0};
    if (rq->progress) {
        clock_gettime(CLOCK_MONOTONIC, &prog.start);
        const char *delay = getenv("ACCORD_PROGRESS_DELAY");
        prog.delay = delay && *delay ? strtod(delay, NULL) : 1;
        bo.progress = show_progress;
        bo.progress_ctx = &prog;
    }
    CheckInput in = {.root = rq->root, .bind = bo, .waivers = wv, .waivers_path = rq->waivers,
                     .sw = switches_from_env(),
                     .eval = {.profile = pr, .as_of = rq->today,
                              .sets = rq->nsets ? map_get(p->profiles, SETS_PROFILE) : NULL,
                              .max_message = (size_t)limits[L_MESSAGE],
                              .max_steps = (unsigned long long)limits[L_STEPS]}};
    /* -v says how each declaration is read, as ACCORD_STREAM=show does */
    if (rq->verbose)
        in.sw.show = true;
    const char *why = NULL;
    Binding *b = NULL;
    Outcome *o = check_run(ea, p, &in, &b, &why);
    if (prog.shown)
        fputs("\r\033[K", stderr);   /* clear the progress line */
    if (!o) {
        fprintf(stderr, "accord %s: %s\n", who, why);
        arena_free(ea);
        arena_free(a);
        return EXIT_USAGE;
    }
    /* warnings of the compile and of the waivers: on standard error, and in
       the report */
    for (int i = 0; i < d->nnotes && !rq->quiet; i++)
        fprintf(stderr, "%s\n", d->notes[i]);
    ReportInfo info = {.standard_file = rq->shown_std ? rq->shown_std : rq->std,
                       .standard_sha256 = sha, .profile = rq->profile, .as_of = rq->today_s,
                       .evidence_root = rq->shown_root ? rq->shown_root : rq->root,
                       .max_value_length = (size_t)limits[L_VALUE_LENGTH],
                       .color = rq->color,
                       .waivers = rq->waivers ? &wpin : NULL};
    info.sources = sources(ea, p, &info.nsources);
    info.options = options(ea, limits, &info.noptions);
    info.sets = rq->sets;
    info.nsets = rq->nsets;
    int rc = exit_of(o->verdict);
    /* made whole, unless run_check writes it and the format can stream */
    bool whole = !rq->write || !rq->format->stream;
    char *text = whole ? rq->format->write(p, b, o, &info, len) : NULL;
    if (whole && !text) {
        fprintf(stderr, "accord %s: cannot produce the report\n", who);
        rc = EXIT_USAGE;
    } else if (rq->write) {
        if (!write_report(rq, p, b, o, &info, text, *len))
            rc = EXIT_USAGE;
        free(text);
    } else {
        *out = text;
    }
    arena_free(ea);
    arena_free(a);
    return rc;
}
