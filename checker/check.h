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

typedef struct CheckInput {
    const char *root;            /* the evidence folder */
    BindOptions bind;            /* limits and progress (bind.stream is set here) */
    EvalOptions eval;            /* profile, date, limits (eval.plan is set here) */
    const Waivers *waivers;      /* read and checked already, or NULL */
    const char *waivers_path;    /* as the user named it, for messages */
} CheckInput;

/* Runs the check of p in ea (which holds everything the run builds); its
   binding in *bp. NULL, with *why set, only when the evidence folder cannot
   be read at all; every other problem is an error result in the outcome.
   Waiver warnings go to p's diagnostics. */
Outcome *check_run(Arena *ea, const Program *p, CheckInput *in, Binding **bp, const char **why);

#endif
