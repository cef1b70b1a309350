/* ere_bracket.h - for the tests that ask glibc's regexec whether it
 * agrees with checker/regex.c (tests/unit/test_regex.c, fuzz_matches.c):
 * where a bracket expression ends, so that their scans of a pattern skip
 * its contents ('^', '$' and '(' are plain characters inside one). */
#ifndef ACCORD_ERE_BRACKET_H
#define ACCORD_ERE_BRACKET_H

#include <stddef.h>
#include <string.h>

/* The offset of the ']' that closes the bracket expression opening at
   p[i], or 0 when it is not closed. */
static inline size_t ere_bracket_end(const char *p, size_t i)
{
    size_t j = i + 1;
    if (p[j] == '^')
        j++;
    if (p[j] == ']')
        j++;
    while (p[j] && p[j] != ']') {
        if (p[j] == '[' && p[j + 1] && strchr(":=.", p[j + 1])) {
            const char *end = strchr(p + j + 2, p[j + 1]);
            while (end && end[1] != ']')
                end = strchr(end + 1, p[j + 1]);
            if (!end)
                return 0;
            j = (size_t)(end - p) + 2;
        } else {
            j++;
        }
    }
    return p[j] ? j : 0;
}

#endif
