/* check.h - one check, from a compiled standard to its outcome: the plan,
 * the binding of evidence, the evaluation and the waivers, in that order
 * (check.c). `accord check` and `accord test` both run it, so that a test
 * of a standard means what a check of it means.
 */
#ifndef ACCORD_CHECK_H
#define ACCORD_CHECK_H

#include "bind.h"
#include "eval.h"
#include "waivers.h"

/* The switches of accord's fast paths, for the tests that compare each
   way with the others (tests/run): read from the environment once, by
   the command line, and passed down.
     ACCORD_XML_TREE=1   XML through libxml2's tree and XPath, never the
                         streaming reader
     ACCORD_EVAL_SLOW=1  every condition through the evaluator, none read
                         off the columns
     ACCORD_STREAM=0     every declaration's records kept whole
     ACCORD_STREAM=show  how streamed evidence was read, on standard error
     ACCORD_JOBS=N       files read ahead on N threads unless --jobs says */
typedef struct Switches {
    bool xml_tree, eval_slow, whole, show;
    int jobs;                    /* ACCORD_JOBS: threads reading files when
                                    --jobs is not given (0: one per core);
                                    the suite runs every case with 4 */
} Switches;

Switches switches_from_env(void);

typedef struct CheckInput {
    const char *root;            /* the evidence folder */
    BindOptions bind;            /* limits and progress (bind.stream is set here) */
    EvalOptions eval;            /* profile, date, limits (eval.plan is set here) */
    const Waivers *waivers;      /* read and checked already, or NULL */
    const char *waivers_path;    /* as the user named it, for messages */
    Switches sw;
} CheckInput;

/* Runs the check of p in ea (which holds everything the run builds); its
   binding in *bp. NULL, with *why set, only when the evidence folder cannot
   be read at all; every other problem is an error result in the outcome.
   Waiver warnings go to p's diagnostics. */
Outcome *check_run(Arena *ea, const Program *p, CheckInput *in, Binding **bp, const char **why);

#endif
