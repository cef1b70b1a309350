/* regex.h - the regular expressions of matches(S, REGEX): POSIX extended
 * syntax without back-references, matched in time linear in the text.
 *
 * glibc's regcomp/regexec, which matches() used before, backtracks: a
 * standard could crash it ("(|a)(\1\1)+$"), make it run for minutes
 * ("(a+)+\1b" over 3 KB) or take a gigabyte to compile
 * ("((a{1,100}){1,100}){1,100}"). A standard is untrusted input to the
 * checker, so this engine refuses what it cannot match quickly
 * (back-references, patterns past REGEX_MAX_STATES) and simulates a
 * Thompson NFA over the rest: time linear in the text, memory fixed once
 * the pattern is compiled, and a step count that lets the caller stop a
 * search deterministically (the same count on every machine).
 *
 * The text and the pattern are UTF-8: '.' and bracket expressions match one
 * character; a byte that does not start a valid sequence counts as one
 * character that only '.' and negated brackets match. ^ and $ are the
 * start and end of the whole text (no newline handling), as regexec does
 * without REG_NEWLINE.
 */
#ifndef ACCORD_REGEX_H
#define ACCORD_REGEX_H

#include <stddef.h>

typedef struct Regex Regex;

enum {
    /* The most NFA states (instructions) a compiled pattern may have. The
       search visits at most this many states per character of text, and a
       compiled pattern keeps about 30 bytes per state, so 5000 bounds a
       search at 5000 steps per character and a pattern at ~150 KB while
       leaving ample room for real patterns: x{1,255} of a 10-state x, or
       several {1,255} repetitions of a bracket expression (as in an
       e-mail address pattern, about 1000 states). */
    REGEX_MAX_STATES = 5000,
    /* The deepest nesting of parentheses accepted; it bounds the parser's
       recursion (real patterns nest a few levels). */
    REGEX_MAX_DEPTH = 100,
    /* The largest count of an interval {m,n} (RE_DUP_MAX of POSIX). */
    REGEX_DUP_MAX = 255
};

/* Compiles the pattern pat (len bytes; any bytes: a NUL is a character).
   On failure returns NULL and writes a one-line message without a final
   period into err (errlen bytes, may be 0), e.g. "unmatched '(' at offset
   3" or "back-references (\1) are not supported". Offsets are in bytes from
   the start of the pattern. The result is freed with regex_free. */
Regex *regex_compile(const char *pat, size_t len, char *err, size_t errlen);

/* Whether re matches anywhere in text (len bytes, may hold NULs): 1, or 0,
   or -1 when the work would take *steps past limit (the search is then
   abandoned; a result of 0 or 1 always means *steps stayed within limit).
   *steps (may be NULL) is increased by the work done, counted in NFA state
   visits: at most about len x the pattern's states, less when a literal
   or a leading character lets the search skip ahead. The count depends
   only on the pattern and the text.
   A Regex keeps its search's scratch space inside it: one Regex must not be
   searched by two threads at once (compile one per thread). */
int regex_search(const Regex *re, const char *text, size_t len,
                 unsigned long long *steps, unsigned long long limit);

void regex_free(Regex *re);     /* NULL-safe */

/* This file hides glibc's <regex.h> wherever -Ichecker is in force. The
   tests that compare this engine with glibc define ACCORD_REGEX_GLIBC
   before including it to get glibc's as well. */
#ifdef ACCORD_REGEX_GLIBC
#include_next <regex.h>
#endif

#endif
