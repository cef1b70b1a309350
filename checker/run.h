/* run.h - accord check from files to the report's bytes (run.c): compile
 * the standard, read the waivers, bind and evaluate the evidence, write the
 * report with every input pinned (v1.1 §2). `check` and `verify` both run
 * it, so that a re-check is the check itself, option for option.
 */
#ifndef ACCORD_RUN_H
#define ACCORD_RUN_H

#include <limits.h>

#include "bind.h"
#include "eval.h"
#include "report.h"

enum { EXIT_OK = 0, EXIT_CHANGED = 1, EXIT_USAGE = 2, EXIT_NONCOMPLIANT = 1,
       EXIT_INCOMPLETE = 3, EXIT_INCONCLUSIVE = 4 };

#define LIMIT(id, name, dflt, max) L_##id,
enum Limit {
#include "limits.def"
    L__COUNT
};
#undef LIMIT

/* One limit of limits.def: its option without the dashes, its default and
   its largest value. */
typedef struct LimitInfo {
    const char *name;
    long long dflt, max;
} LimitInfo;

extern const LimitInfo limit_info[L__COUNT];

/* The limit of that name (without dashes), or -1. */
int limit_named(const char *name);

/* What one check is run with. */
typedef struct RunRequest {
    const char *who;             /* the command, for messages: "check" */
    const char *std;             /* the standard, as given */
    const char *root;            /* the evidence folder, as given */
    const char *profile;         /* NULL for none */
    const char *waivers;         /* the waivers file as given, or NULL */
    /* the names the report gives them, when not those above (verify
       re-runs a check with other paths and compares its bytes) */
    const char *shown_std, *shown_root, *shown_waivers;
    double today;                /* the evaluation date: days since 1970 */
    const char *today_s;         /* and as YYYY-MM-DD */
    long long limits[L__COUNT];
    const Setting *sets;         /* each --set NAME=VALUE, in order */
    int nsets;
    const ReportFormat *format;
    bool color;                  /* ANSI colours where the format has them */
    bool progress;               /* progress on standard error (a terminal) */
    bool quiet;                  /* -q: no warnings on standard error */
    bool verbose;                /* -v: how each declaration is read */
    int jobs;                    /* --jobs: threads reading files; 0: one per
                                    core (no byte of the report depends on it) */
    /* check: run_check writes the report itself, to output (-o, written
       whole or not at all) or standard output (NULL), as it is made where
       the format has a streamer (reports.def), and hands back none */
    bool write;
    const char *output;
} RunRequest;

/* Runs the check: the exit code of its verdict (EXIT_OK ...
   EXIT_INCONCLUSIVE) with the report, malloc'ed, in *out (*len bytes), or
   written (rq->write, *out NULL); or EXIT_USAGE with *out NULL, the
   reason said on standard error (a standard that does not compile, an
   unknown profile, a bad waivers file, an unreadable evidence folder, a
   writer that failed, an output that could not be written). Warnings of
   the compile and of the waivers go to standard error and into the
   report. */
int run_check(const RunRequest *rq, char **out, size_t *len);

/* The name of the profile that holds the --set values of a check (no
   profile of a standard can have it: it is not a name of the language). */
#define SETS_PROFILE "--set"

/* Compiles path (and its imports) into a program in a, its errors printed;
   NULL when it does not compile. With keep_warnings the warnings are not
   printed but kept in the Diag's notes (for a report). */
Program *compile_standard(Arena *a, const char *path, bool need_standard, bool lint,
                          bool keep_warnings);

#endif
