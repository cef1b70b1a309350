/* fuzz_plan.c - differential fuzz target over standards: an arbitrary
 * standard that compiles is checked over a fixed bundle of several files
 * twice, with records read a file at a time where plan.c allows it and
 * with every record kept whole (ACCORD_STREAM=0); the two reports must be
 * the same, byte for byte, and the same as with every condition tested
 * record by record (ACCORD_EVAL_SLOW=1). What plan.c lets through is what the fuzzer
 * varies: consumers, filters, names for them, loops, joins. The bundle has
 * a file without records, a value that does not convert, an optional field
 * missing, CSV beside XML, and JSON files of one record each at their root
 * whose numbers overflow when added and whose texts feed regular
 * expressions and the date range (v1.1 §1). */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "bind.h"
#include "eval.h"
#include "fuzz.h"
#include "load.h"
#include "typecheck.h"

static const char *const files[][2] = {
    {"rt/a.xml",
     "<log date=\"2026-10-01\" team=\"t1\">\n"
     "  <attempt id=\"a0\" category=\"cyber\" outcome=\"refused\" severity=\"1\" score=\"0.1\" prompt=\"p0\" latency=\"3\"/>\n"
     "  <attempt id=\"a1\" category=\"bio\" outcome=\"complied\" severity=\"5\" score=\"0.9\" prompt=\"p1\"/>\n"
     "  <attempt id=\"a2\" category=\"chem\" outcome=\"refused\" severity=\"3\" score=\"0.5\" prompt=\"p0\" latency=\"7\"/>\n"
     "  <attempt id=\"a3\" category=\"cyber\" outcome=\"refused\" severity=\"2\" score=\"0.25\" prompt=\"p2\" latency=\"1\"/>\n"
     "</log>\n"},
    {"rt/b.xml", "<log date=\"2026-10-02\" team=\"t2\"/>\n"},
    {"rt/c.xml",
     "<log date=\"2026-10-03\" team=\"t1\">\n"
     "  <attempt id=\"c0\" category=\"bio\" outcome=\"refused\" severity=\"4\" score=\"0.75\" prompt=\"p1\" latency=\"9\"/>\n"
     "  <attempt id=\"c1\" category=\"chem\" outcome=\"complied\" severity=\"high\" score=\"0.3\" prompt=\"p3\" latency=\"2\"/>\n"
     "  <attempt id=\"c2\" category=\"cyber\" outcome=\"complied\" severity=\"5\" score=\"1\" prompt=\"p0\" latency=\"4\"/>\n"
     "</log>\n"},
    {"rt/d.xml",
     "<log date=\"2026-10-04\" team=\"t3\">\n"
     "  <attempt id=\"d0\" category=\"chem\" outcome=\"refused\" severity=\"2\" score=\"0.05\" prompt=\"p4\" latency=\"8\"/>\n"
     "  <attempt id=\"d1\" category=\"bio\" outcome=\"refused\" severity=\"1\" score=\"0.6\" prompt=\"p1\" latency=\"5\"/>\n"
     "</log>\n"},
    {"csv/part1.csv", "model,prompt,refused,tokens\nm0,q0,true,100\nm1,q1,false,250\nm0,q2,true,175\n"},
    {"csv/part2.csv", "model,prompt,refused,tokens\nm1,q0,true,300\nm0,q1,false,90\n"},
    /* one record per file at its root (/json), numbers whose sums and
       differences overflow, texts for regular expressions (v1.1 §1) */
    {"big/n1.json", "{\"id\": \"n1\", \"x\": 1e308, \"s\": \"aaaaaaaaaaaaaaaaaaaaaaaab\", \"at\": \"9999-12-30T00:00:00Z\"}\n"},
    {"big/n2.json", "{\"id\": \"n2\", \"x\": -1e308, \"s\": \"abab\\u0001\u00e9\", \"at\": \"0001-01-01T00:00:00Z\"}\n"},
    {"big/n3.json", "{\"id\": \"n1\", \"x\": 1e308, \"s\": \"\", \"at\": \"2026-01-01T00:00:00Z\"}\n"},
};

/* The bundle, written once; the folder it is in. */
static const char *bundle(void)
{
    static char ev[4200];
    if (!ev[0]) {
        snprintf(ev, sizeof ev, "%s/plan-ev", fuzz_scratch());
        char dir[4300];
        const char *sub[] = {"", "/rt", "/csv", "/big"};
        for (int i = 0; i < 4; i++) {
            snprintf(dir, sizeof dir, "%s%s", ev, sub[i]);
            if (mkdir(dir, 0755) != 0) {
                perror(dir);
                abort();
            }
        }
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            char path[4400];
            snprintf(path, sizeof path, "%s/%s", ev, files[i][0]);
            fuzz_write(path, files[i][1], strlen(files[i][1]));
        }
    }
    return ev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *ev = bundle();
    (void)ev;
    char path[4200];
    snprintf(path, sizeof path, "%s/plan.accord", fuzz_scratch());
    fuzz_write(path, data, size);
    Arena *a = arena_new();
    Diag *d = diag_new(a, fuzz_sink());
    d->quiet_warnings = true;
    Program *p = load_program(a, d, path);
    TcOptions opt = {.need_standard = true};
    if (p && d->errors == 0 && tc_check(p, &opt) && d->errors == 0) {
        size_t n1, n2;
        unsetenv("ACCORD_STREAM");
        char *streamed = fuzz_report(p, bundle(), &n1);
        setenv("ACCORD_STREAM", "0", 1);
        char *whole = fuzz_report(p, bundle(), &n2);
        unsetenv("ACCORD_STREAM");
        if (n1 != n2 || memcmp(streamed, whole, n1) != 0) {
            fprintf(stderr, "streamed and whole reports differ:\n%s\n----\n%s\n", streamed,
                    whole);
            __builtin_trap();
        }
        /* and every condition through the evaluator, record by record:
           the evaluator's shortcuts (indexes, unions of their entries,
           bounds decided by extremes) must find what testing finds */
        fuzz_same_report(p, bundle(), "ACCORD_EVAL_SLOW=1", streamed, n1);
        free(streamed);
        free(whole);
    }
    diag_flush(d);
    arena_free(a);
    return 0;
}
