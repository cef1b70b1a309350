/* compare.h - accord compare: one standard, several profiles, the same
 * evidence, one comparison report (v1.1 §6). */
#ifndef ACCORD_COMPARE_H
#define ACCORD_COMPARE_H

#include <stdbool.h>

#include "run.h"

#define COMPARISON_NS "urn:x-accord:comparison:1"

typedef struct CompareRequest {
    RunRequest run;              /* the check's options, profile aside */
    const char **profiles;       /* at least two */
    int nprofiles;
    const char *format;          /* xml, text, html or json */
    const char *output;          /* NULL: standard output */
} CompareRequest;

/* The expression a parameter has under profile (NULL for none): the last
   `set` of the profile chain, else the last top-level `set`, else its
   declaration's value. */
const Expr *param_in_effect(const Program *p, const Decl *profile, const Decl *param);

/* e in fmt's canonical layout (one line where it fits), in a. */
const char *expr_text(Arena *a, const Program *p, const Expr *e);

/* Whether name is a format of compare. */
bool compare_format_known(const char *name);

/* Checks the standard under each profile and writes the comparison.
   Returns the exit code of the worst verdict (1 non-compliant, 3
   incomplete, 4 inconclusive, 0 all compliant), 3 when the evidence
   differed between the profiles' runs, or 2 (said) on a usage error. */
int compare_profiles(const CompareRequest *rq);

#endif
