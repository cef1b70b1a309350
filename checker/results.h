/* results.h - results, verdicts and severities: their enums and names,
 * made from the one table in results.def.
 */
#ifndef ACCORD_RESULTS_H
#define ACCORD_RESULTS_H

#include <stddef.h>

#include "arena.h"

#define RESULT(id, name) id,
typedef enum {
#include "results.def"
    RESULT_COUNT
} Result;
#undef RESULT

#define VERDICT(id, name) id,
typedef enum {
#include "results.def"
    VERDICT_COUNT
} Verdict;
#undef VERDICT

#define SEVERITY(id, name) id,
typedef enum {
#include "results.def"
    SEVERITY_COUNT
} Severity;
#undef SEVERITY

/* The words, in the order of results.def (for lookups and "did you
   mean"). */
extern const char *const result_names[RESULT_COUNT];
extern const char *const verdict_names[VERDICT_COUNT];
extern const char *const severity_names[SEVERITY_COUNT];

const char *result_name(Result r);
const char *verdict_name(Verdict v);

/* The words of a list as a message names them, each between pre and
   post: "a, b or c", in a. */
char *name_list(Arena *a, const char *const *names, size_t n, const char *pre,
                const char *post);

#endif
