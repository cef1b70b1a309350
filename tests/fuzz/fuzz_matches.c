/* fuzz_matches.c - fuzz target: the regular expressions of matches(). The
 * input is a pattern, a NUL byte and a text. Besides not crashing, hanging
 * or growing (a pattern is untrusted input from a standard), a search must
 * be repeatable with the same answer and step count (its scratch space is
 * reused), must honour its step limit exactly, and on short ASCII inputs
 * must answer as glibc's regexec does, which matches() used before. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#define ACCORD_REGEX_GLIBC      /* and glibc's regcomp/regexec */
#include "regex.h"
#include "ere_bracket.h"

/* Enough for any search of a few KB to finish, small enough that one input
   stays fast. */
#define LIMIT 2000000ull

/* A message is one line of valid UTF-8 without a final period (it is shown
   inside accord's messages and reports). */
static int good_message(const char *m)
{
    size_t n = strlen(m);
    if (n == 0 || m[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)m[i];
        if (c < 0x20 || c == 0x7F)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (len == 0 || i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++)
            if (((unsigned char)m[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* The patterns glibc gets right and does quickly (see test_regex.c):
   none with ^ or $ inside a group that '+' or an interval repeats (glibc's
   copies of the group take the anchor as true anywhere); none with more
   than two quantifiers in a row; and none that glibc expands to more than
   GLIBC_NODES nodes: it copies x for x+ and x{m,n}, its regcomp is
   exponential in stacked quantifiers and its memory cubic in the copies
   of empty branches ($(|||){64} takes it 49 MB, $(|||){254} over 2 GB,
   where this engine needs one state). The size is estimated as glibc
   builds its tree: an atom or a '|' one node, a group its contents and
   two, x+ and x{m,n} that many copies of x and one. Nor any with more
   than GLIBC_COPIES copies in all (the product of every interval's bound
   and 2 for each '+'): glibc's time is exponential in copies of a loop
   that can match empty, (|a?*){16} takes it 0.04 s, {20} 1.4 s, {26} 42 s
   (this engine: under a millisecond). Nor any with a quantifier on an
   interval or on a group holding one: glibc's regcomp is exponential in
   those too ((|}:||||||||||){8}* did not compile in a minute, nor
   ((||||||||||||||){6})* quickly), and the product of copies does not see
   it, as a '*' adds none.
   With a newline in the text, none with ^ or $ at all: without
   REG_NEWLINE they are the text's ends, but glibc takes an anchor inside
   the pattern as true next to a newline that the pattern consumed: .^
   matches "\n}" and a$. matches "a\nb" (though (a|^)b does not match
   "\nb"). */
enum { GLIBC_NODES = 160, GLIBC_COPIES = 12 };

static int glibc_comparable(const char *p, int newline)
{
    int anchor[64] = {0}, interval[64] = {0}, depth = 0, run = 0;
    unsigned long sum[64] = {0}, last[64] = {0}, copies = 1;
    for (size_t i = 0; p[i]; i++) {
        char c = p[i];
        unsigned long f = 0;    /* a quantifier's copies, or 0 */
        if (c == '[') {         /* a bracket expression: ^ and $ are characters */
            size_t j = ere_bracket_end(p, i);
            if (!j)
                return 0;
            i = j;
            sum[depth] += last[depth] = 1;
        } else if (c == '(') {
            if (depth == 63)
                return 0;
            depth++;
            anchor[depth] = interval[depth] = 0;
            sum[depth] = last[depth] = 0;
        } else if (c == ')' && depth > 0) {
            int had = anchor[depth], iv = interval[depth];
            unsigned long g = sum[depth] + 2;
            depth--;
            anchor[depth] |= had;
            interval[depth] |= iv;
            if (iv && p[i + 1] && strchr("*+?{", p[i + 1]))
                return 0;
            sum[depth] += last[depth] = g;
            for (size_t j = i + 1; had && p[j] && strchr("*+?{", p[j]); j++)
                if (p[j] == '{' || p[j] == '+')
                    return 0;
        } else if (c == '^' || c == '$') {
            if (newline)
                return 0;
            anchor[depth] = 1;
            sum[depth] += last[depth] = 1;
        } else if (c == '|') {
            sum[depth] += 1;
            last[depth] = 0;
        } else if (c == '*' || c == '+' || c == '?') {
            f = c == '+' ? 2 : 1;
        } else if (c == '{') {
            const char *end = strchr(p + i, '}');
            if (!end)
                return 0;
            /* the larger bound, or m+1 for {m,} */
            unsigned long m = strtoul(p + i + 1, NULL, 10), n = m + 1;
            const char *comma = memchr(p + i, ',', (size_t)(end - p - i));
            if (!comma)
                n = m;
            else if (comma[1] != '}')
                n = strtoul(comma + 1, NULL, 10);
            f = n > m ? n : m ? m : 1;
            i = (size_t)(end - p);
            interval[depth] = 1;
            if (run > 0 || (p[i + 1] && strchr("*+?{", p[i + 1])))
                return 0;
        } else {
            sum[depth] += last[depth] = 1;
        }
        run = f ? run + 1 : 0;
        if (f) {
            if (f > GLIBC_COPIES || (copies *= f) > GLIBC_COPIES)
                return 0;
            sum[depth] += last[depth] * (f - 1) + 1;
            last[depth] = last[depth] * f + 1;
        }
        if (run > 2 || sum[depth] > GLIBC_NODES || last[depth] > GLIBC_NODES)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t plen = nul ? (size_t)(nul - data) : size;
    const char *pat = (const char *)data;
    const char *text = nul ? (const char *)nul + 1 : "";
    size_t tlen = nul ? size - plen - 1 : 0;

    char err[256];
    Regex *re = regex_compile(pat, plen, err, sizeof err);
    if (!re) {
        if (!good_message(err))
            abort();
        return 0;
    }
    unsigned long long steps = 0;
    int r = regex_search(re, text, tlen, &steps, LIMIT);
    if (r < -1 || r > 1)
        abort();
    /* at most every state once per position, and a few per search */
    if (steps > (tlen + 2) * (unsigned long long)REGEX_MAX_STATES + 2)
        abort();
    /* the same again: the scratch space left by the first search must not
       change the second */
    unsigned long long again = 0;
    if (regex_search(re, text, tlen, &again, LIMIT) != r || again != steps)
        abort();
    /* the limit is exact: an answer within it, -1 one step short */
    if (r >= 0) {
        again = 0;
        if (regex_search(re, text, tlen, &again, steps) != r || again != steps)
            abort();
        again = 0;
        if (steps > 0 && regex_search(re, text, tlen, &again, steps - 1) != -1)
            abort();
    }

    /* glibc: short ASCII inputs only (its answers on other bytes are those
       of the C locale's single bytes), no backslash (it has
       back-references), no NUL in the text (regexec takes a C string) */
    if (r >= 0 && plen <= 24 && tlen <= 64 && !memchr(pat, '\\', plen)
        && !memchr(text, 0, tlen)) {
        int ascii = 1;
        for (size_t i = 0; i < size; i++)
            ascii &= data[i] < 0x80;
        char p[25], t[65];
        memcpy(p, pat, plen);
        p[plen] = 0;
        memcpy(t, text, tlen);
        t[tlen] = 0;
        regex_t g;
        if (ascii && glibc_comparable(p, memchr(t, '\n', tlen) != NULL) && regcomp(&g, p, REG_EXTENDED | REG_NOSUB) == 0) {
            int want = regexec(&g, t, 0, NULL, 0) == 0;
            regfree(&g);
            if (want != r)
                abort();
        }
    }
    regex_free(re);
    return 0;
}
