/* results.c - the words of results.def, and the lists messages print. */
#include "results.h"

#include <string.h>

#include "arena.h"

#define RESULT(id, name) name,
const char *const result_names[RESULT_COUNT] = {
#include "results.def"
};
#undef RESULT

#define VERDICT(id, name) name,
const char *const verdict_names[VERDICT_COUNT] = {
#include "results.def"
};
#undef VERDICT

#define SEVERITY(id, name) name,
const char *const severity_names[SEVERITY_COUNT] = {
#include "results.def"
};
#undef SEVERITY

const char *result_name(Result r) { return result_names[r]; }
const char *verdict_name(Verdict v) { return verdict_names[v]; }

char *name_list(Arena *a, const char *const *names, size_t n, const char *pre,
                const char *post)
{
    size_t len = 1, lp = strlen(pre), lq = strlen(post);
    for (size_t i = 0; i < n; i++)
        len += strlen(names[i]) + 4 + lp + lq;
    char *s = arena_alloc(a, len), *e = s;
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        size_t k = strlen(sep), m = strlen(names[i]);
        memcpy(e, sep, k);
        memcpy(e + k, pre, lp);
        memcpy(e + k + lp, names[i], m);
        memcpy(e + k + lp + m, post, lq);
        e += k + lp + m + lq;
    }
    *e = '\0';
    return s;
}
