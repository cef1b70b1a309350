/* scratch.c - the scratch folder of the file-based fuzz targets. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "bind.h"
#include "check.h"
#include "eval.h"
#include "load.h"
#include "report.h"
#include "typecheck.h"

static char dir[4096];

static void cleanup(void)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", dir);
}

const char *fuzz_scratch(void)
{
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/accord-fuzz-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(cleanup);
    }
    return dir;
}

void fuzz_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    return sink;
}

void fuzz_fixture(const char *standard, const char **std_path, const char **ev_dir)
{
    static char std[4200], ev[4200];
    if (!std[0]) {
        snprintf(std, sizeof std, "%s/std.accord", fuzz_scratch());
        fuzz_write(std, standard, strlen(standard));
        snprintf(ev, sizeof ev, "%s/ev", fuzz_scratch());
        if (mkdir(ev, 0755) != 0) {
            perror(ev);
            abort();
        }
    }
    *std_path = std;
    *ev_dir = ev;
}

Program *fuzz_compile(Arena *a, const char *std_path)
{
    Diag *d = diag_new(a, fuzz_sink());
    d->quiet_warnings = true;
    Program *p = load_program(a, d, std_path);
    TcOptions opt = {.need_standard = true};
    if (!p || d->errors || !tc_check(p, &opt))
        abort();
    diag_flush(d);
    return p;
}

Outcome *fuzz_evaluate(Arena *ea, const Program *p, const char *ev_dir, Binding **b)
{
    BindOptions bo = BIND_DEFAULTS;
    bo.max_file_size = 1 << 20;
    bo.xpath_ops = 1000000;
    /* the differential targets choose the way through the switches */
    CheckInput in = {.root = ev_dir, .bind = bo, .eval = {.as_of = 20000},
                     .sw = switches_from_env()};
    const char *why = NULL;
    Outcome *o = check_run(ea, p, &in, b, &why);
    if (!o)
        abort();
    return o;
}

void fuzz_same_report(const Program *p, const char *ev_dir, const char *env, const char *want,
                      size_t n)
{
    char name[64];
    const char *eq = env ? strchr(env, '=') : NULL;
    if (eq) {
        snprintf(name, sizeof name, "%.*s", (int)(eq - env), env);
        setenv(name, eq + 1, 1);
    }
    size_t m;
    char *got = fuzz_report(p, ev_dir, &m);
    if (eq)
        unsetenv(name);
    if (m != n || memcmp(got, want, n) != 0) {
        fprintf(stderr, "the report with %s differs:\n%s\n----\n%s\n", env ? env : "no switch",
                want, got);
        __builtin_trap();
    }
    free(got);
}

char *fuzz_report(const Program *p, const char *ev_dir, size_t *len)
{
    Arena *ea = arena_new();
    Binding *b;
    Outcome *o = fuzz_evaluate(ea, p, ev_dir, &b);
    ReportInfo info = {.standard_file = "std.accord", .standard_sha256 = "0", .as_of = "2024-10-04", .evidence_root = "ev"};
    char *xml = report_xml(p, b, o, &info, len);
    arena_free(ea);
    if (!xml)
        abort();
    return xml;
}
