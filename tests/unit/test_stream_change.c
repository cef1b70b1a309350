/* test_stream_change.c - evidence that changes between two passes over
 * streamed files (v1.1 §1) is an error for every requirement that reads it.
 *
 * A check whose filter needs another consumer's answer (the largest x)
 * reads its declaration's files twice. Between the passes the progress
 * callback, which the binder calls after each file, removes a file, adds
 * one, or rewrites one. Before this test, a removed file was skipped
 * silently while the report listed it with the hash of its first reading,
 * and an added file shifted the next declaration's files: the requirement
 * passed. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "eval.h"
#include "load.h"
#include "plan.h"
#include "typecheck.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

static char dir[256];

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static const char standard[] =
    "standard S { title \"t\" version \"1\" publisher \"p\" }\n"
    "evidence e from \"d/*.json\" {\n"
    "  records r at \"/json/item\" { x : number at \"x\" }\n"
    "}\n"
    "evidence later from \"z/*.json\" {\n"
    "  records r at \"/json/item\" { x : number at \"x\" }\n"
    "}\n"
    "define top = max(e.r.x)\n"
    "requirement A \"the largest is there\" {\n"
    "  require count(e.r where x == top) == 1\n"
    "}\n"
    "requirement B \"the other evidence\" {\n"
    "  require count(later.r) == 1\n"
    "}\n";

/* What happens between the passes: once, after the first pass's last
   file of e (the second file read; the first pass answers `top`, the
   second the count, which needs it). */
typedef struct Change {
    int calls;
    const char *what;        /* "remove", "add", "rewrite" */
} Change;

static void between(void *ctx, int files, size_t records)
{
    (void)records;
    Change *c = ctx;
    if (++c->calls != 2 || files != 2)
        return;
    char path[512];
    if (strcmp(c->what, "remove") == 0) {
        snprintf(path, sizeof path, "%s/d/b.json", dir);
        unlink(path);
    } else if (strcmp(c->what, "add") == 0) {
        put("d/c.json", "[{\"x\": 1}]");
    } else {
        put("d/b.json", "[{\"x\": 9}, {\"x\": 9}]");
    }
}

static void run(const char *what, Result want_a)
{
    put("d/a.json", "[{\"x\": 1}, {\"x\": 2}]");
    put("d/b.json", "[{\"x\": 5}]");
    char path[512];
    snprintf(path, sizeof path, "%s/d/c.json", dir);
    unlink(path);
    Arena *a = arena_new();
    Diag *d = diag_new(a, stderr);
    snprintf(path, sizeof path, "%s/s.accord", dir);
    Program *p = load_program(a, d, path);
    TcOptions to = {.need_standard = true};
    if (!p || d->errors || !tc_check(p, &to)) {
        fprintf(stderr, "the standard does not compile\n");
        exit(1);
    }
    Change ch = {0, what};
    BindOptions bo = BIND_DEFAULTS;
    bo.progress = what ? between : NULL;
    bo.progress_ctx = &ch;
    StreamPlan *sp = stream_plan(a, p, false, false);
    CHECK(sp->streamed[0]);
    bo.stream = sp->streamed;
    const char *why = NULL;
    Binding *b = bind_evidence(a, p, dir, &bo, &why);
    CHECK(b != NULL);
    EvalOptions eo = {.as_of = 20000, .plan = sp};
    Outcome *o = eval_program(a, p, b, &eo);
    CHECK(o->nreqs == 2);
    if (o->nreqs == 2) {
        if (o->reqs[0].result != want_a)
            fprintf(stderr, "%s: A is %s\n", what ? what : "unchanged",
                    result_name(o->reqs[0].result));
        CHECK(o->reqs[0].result == want_a);
        CHECK(o->reqs[1].result == R_PASS);
        const Check *c = o->reqs[0].checks;
        if (want_a == R_ERROR && c && c->error)
            CHECK(strstr(c->error, "changed while accord read") != NULL);
    }
    /* the report lists each file of the first reading once, of its own
       declaration */
    int files_e = 0;
    for (int i = 0; i < b->nfiles; i++)
        files_e += strcmp(b->files[i].evidence, "e") == 0;
    CHECK(files_e == 2);
    arena_free(a);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/accord-stream-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR")
                                                                            : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/d", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/z", dir);
    mkdir(path, 0755);
    put("s.accord", standard);
    put("z/only.json", "[{\"x\": 1}]");

    run(NULL, R_PASS);
    run("remove", R_ERROR);
    run("add", R_ERROR);
    run("rewrite", R_ERROR);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return failures ? 1 : 0;
}
