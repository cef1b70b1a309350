/* fuzz.h - what the fuzz targets share: libFuzzer's entry point, and a
 * private scratch folder for the targets that must go through files (the
 * loader and the binder read paths, never memory). */
#ifndef ACCORD_FUZZ_H
#define ACCORD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder made once per process under TMPDIR, removed at exit; aborts when
   it cannot be made (a fuzz run without it would test nothing). */
const char *fuzz_scratch(void);

/* Writes n bytes to path (replacing it); aborts on failure. */
void fuzz_write(const char *path, const void *data, size_t n);

/* For the targets that check a fixed standard: writes it to the scratch
   folder and makes an evidence folder beside it (once); their paths. */
void fuzz_fixture(const char *standard, const char **std_path, const char **ev_dir);

struct Program;
struct Arena;

/* The fixed standard, compiled in a; aborts when it does not compile (a
   target that checks nothing would pass for ever). */
struct Program *fuzz_compile(struct Arena *a, const char *std_path);

struct Binding;
struct Outcome;

/* Binds the evidence folder to p with the default limits (files up to
   1 MiB, a smaller XPath budget, so that one input stays fast) and
   evaluates it as of 2024-10-04, all in ea; aborts when the folder cannot
   be used. */
struct Outcome *fuzz_evaluate(struct Arena *ea, const struct Program *p, const char *ev_dir,
                              struct Binding **b);

/* fuzz_evaluate's outcome as the XML report, on the heap (the caller
   frees it); aborts when the report cannot be written. */
char *fuzz_report(const struct Program *p, const char *ev_dir, size_t *len);

/* For the differential targets: the report of the fixed standard over
   ev_dir with the environment switch env set ("NAME=VALUE", or NULL for
   none) must equal want (n bytes); traps, printing both, when it does not. */
void fuzz_same_report(const struct Program *p, const char *ev_dir, const char *env,
                      const char *want, size_t n);

/* A FILE that discards what is written: diagnostics of fuzzed input. */
FILE *fuzz_sink(void);

#endif
