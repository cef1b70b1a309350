/* test_regex.c - the regular expressions of matches(): each piece of the
 * syntax, each error, the hostile patterns that broke glibc, linear time on
 * long texts, UTF-8 and NUL bytes, the step limit; then a differential run
 * against glibc's regcomp/regexec on random small patterns, since glibc is
 * what matches() used before and standards were written against it. */
#define _XOPEN_SOURCE 700
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#define ACCORD_REGEX_GLIBC      /* and glibc's regcomp/regexec */
#include "regex.h"
#include "../fuzz/ere_bracket.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

/* The answer of pat (plen bytes) on text (tlen bytes): 1, 0, -1 for the
   step limit, or -2 when pat does not compile. */
static int run(const char *pat, size_t plen, const char *text, size_t tlen)
{
    char err[256];
    Regex *re = regex_compile(pat, plen, err, sizeof err);
    if (!re)
        return -2;
    unsigned long long steps = 0;
    int r = regex_search(re, text, tlen, &steps, 100000000);
    regex_free(re);
    return r;
}

static int match(const char *pat, const char *text)
{
    return run(pat, strlen(pat), text, strlen(text));
}

#define YES(p, t) do { int r_ = match(p, t); if (r_ != 1) { \
    fprintf(stderr, "%s:%d: check failed: /%s/ should match \"%s\" (got %d)\n", \
            __FILE__, __LINE__, p, t, r_); failures++; } } while (0)
#define NO(p, t) do { int r_ = match(p, t); if (r_ != 0) { \
    fprintf(stderr, "%s:%d: check failed: /%s/ should not match \"%s\" (got %d)\n", \
            __FILE__, __LINE__, p, t, r_); failures++; } } while (0)

/* pat must not compile, with exactly the message want. */
static int refused(const char *pat, size_t plen, const char *want)
{
    char err[256];
    Regex *re = regex_compile(pat, plen, err, sizeof err);
    if (re) {
        regex_free(re);
        fprintf(stderr, "  /%s/ compiled\n", pat);
        return 0;
    }
    if (strcmp(err, want) != 0) {
        fprintf(stderr, "  /%s/: \"%s\", expected \"%s\"\n", pat, err, want);
        return 0;
    }
    return 1;
}

#define ERR(p, msg) CHECK(refused(p, strlen(p), msg))

static char *repeat_char(char c, size_t n)
{
    char *s = xmalloc(n + 1);
    memset(s, c, n);
    s[n] = 0;
    return s;
}

static void syntax(void)
{
    /* literals and the empty pattern */
    YES("abc", "xxabcxx");
    NO("abc", "abxc");
    YES("", "");
    YES("", "anything");
    YES("()", "x");
    YES("a()b", "ab");
    YES("}", "a}");
    YES("]", "a]");
    YES("a}", "a}");
    /* . */
    YES("a.c", "abc");
    NO("a.c", "ac");
    /* alternation, empty branches */
    YES("cat|dog", "hotdog");
    NO("cat|dog", "cow");
    YES("(|a)", "");
    YES("a|", "b");
    YES("|a", "b");
    YES("a||b", "c");
    YES("(a|b|c)d", "cd");
    NO("(a|b|c)d", "dd");
    YES("x(a|bc|)y", "xy");
    YES("x(a|bc|)y", "xbcy");
    NO("x(a|bc|)y", "xby");
    /* repetition */
    YES("ab*c", "ac");
    YES("ab*c", "abbbc");
    YES("ab+c", "abc");
    NO("ab+c", "ac");
    YES("ab?c", "ac");
    YES("ab?c", "abc");
    NO("ab?c", "abbc");
    YES("^a{3}$", "aaa");
    NO("^a{3}$", "aa");
    NO("^a{3}$", "aaaa");
    YES("^a{2,}$", "aaaaa");
    NO("^a{2,}$", "a");
    YES("^a{2,3}$", "aa");
    YES("^a{2,3}$", "aaa");
    NO("^a{2,3}$", "aaaa");
    YES("^a{0,2}$", "");
    YES("^a{0}$", "");
    YES("^a{0}b$", "b");
    YES("^(ab){2}$", "abab");
    YES("^x{0,0}y$", "y");
    char *a255 = repeat_char('a', 255);
    YES("^a{255}$", a255);
    NO("^a{255}$", a255 + 1);
    free(a255);
    YES("^(ab|c){1,3}$", "cabc");
    NO("^(ab|c){1,3}$", "cabcc");
    /* repetitions of repetitions, and of what matches empty */
    YES("^a**$", "aaa");
    YES("^a+*$", "");
    YES("^a*+$", "aa");
    YES("^a?*$", "aa");
    YES("^(a*)*$", "aaaa");
    YES("^(a*)+$", "");
    YES("^(a*)*b$", "aab");
    YES("^(a|)*$", "aa");
    YES("^(|a)+$", "aaa");
    YES("^()*$", "");
    YES("^(()|a)*b$", "aab");
    YES("^(a{2}){2}$", "aaaa");
    NO("^(a{2}){2}$", "aaa");
    YES("^(a{2})?$", "aa");
    NO("^(a{2})?$", "a");
    YES("^(a{2,3}){2}$", "aaaaa");
    NO("^(a{2,3}){2}$", "aaa");
    YES("^(a{2}){0,1}b$", "b");
    NO("^(a{2}){0,1}b$", "ab");
    YES("^(a{2,}){2}$", "aaaaaaa");
    NO("^(a{2,}){2}$", "aaa");
    YES("^(a{1,5})+$", "aaaaaaaaaaaaaa");
    YES("^a{1}{2}{3}$", "aaaaaa");
    NO("^a{1}{2}{3}$", "aaaaa");
    YES("^(a{3}){0,2}$", "aaaaaa");
    NO("^(a{3}){0,2}$", "aaaa");
    YES("^(a?){3}$", "aa");
    /* anchors anywhere, no newline handling */
    YES("^abc", "abcd");
    NO("^abc", "xabc");
    YES("abc$", "xabc");
    NO("abc$", "abcx");
    YES("^$", "");
    NO("^$", "x");
    NO("^$", "\n");
    NO("a^b", "ab");
    NO("a$b", "ab");
    YES("(^a|b)c", "ac");
    YES("(^a|b)c", "xbc");
    NO("(^a|b)c", "xac");
    YES("x$|^y", "yz");
    YES("x$|^y", "zx");
    NO("x$|^y", "zy");
    YES("(a|$)", "b");
    YES("b(^|a)", "ba");
    YES("(^)*a", "ba");
    YES("^^a$$", "a");
    NO("^a$", "a\nb");
    NO("b$", "a\nb\n");
    NO(".^", "\n}");           /* glibc: a match (see glibc_anchor_bug) */
    NO("a$.", "a\nb");         /* glibc: a match */
    NO("(a|^)b", "\nb");
    /* brackets */
    YES("[abc]", "xbx");
    NO("[abc]", "xyz");
    YES("[^abc]", "abcd");
    NO("[^abc]", "cab");
    YES("[]a]", "]");
    YES("[^]a]", "b");
    NO("[^]a]", "]");
    YES("[]-a]", "^");          /* ] to a */
    YES("[-a]", "-");
    YES("[a-]", "-");
    YES("[^-]", "a");
    NO("[^-]", "-");
    YES("[!--]", ",");          /* ! to - */
    YES("[--/]", ".");          /* - to / */
    YES("[a-c-]", "-");
    YES("^[a-c]+$", "abcba");
    NO("[a-c]", "d");
    YES("[\\]", "\\");          /* backslash is literal inside */
    YES("[\\n]", "n");
    NO("[\\n]", "\n");
    YES("[.*+?(){}|^$]", "|");
    YES("[a[]", "[");
    YES("[[.-.]]", "-");
    YES("[[.].]]", "]");
    YES("[[...]]", ".");
    YES("[[=a=]b]", "a");
    YES("[[.a.]-c]", "b");
    YES("^[[:alpha:]]+$", "Hello");
    NO("[[:alpha:]]", "123");
    YES("^[[:digit:]]+$", "0123456789");
    YES("^[[:alnum:]]+$", "a1B2");
    NO("[[:alnum:]]", "_-");
    YES("^[[:upper:]]+$", "ABC");
    NO("[[:upper:]]", "abc");
    YES("^[[:lower:]]+$", "abc");
    YES("^[[:space:]]+$", " \t\n\v\f\r");
    NO("[[:space:]]", "a");
    YES("^[[:blank:]]+$", " \t");
    NO("[[:blank:]]", "\n");
    YES("^[[:punct:]]+$", "!/:@[`{~");
    NO("[[:punct:]]", "a0 ");
    YES("^[[:print:]]+$", " a~");
    NO("[[:print:]]", "\x7f");
    YES("^[[:graph:]]+$", "!a~");
    NO("[[:graph:]]", " ");
    YES("^[[:cntrl:]]+$", "\x01\x1f\x7f");
    NO("[[:cntrl:]]", "a ");
    YES("^[[:xdigit:]]+$", "09afAF");
    NO("[[:xdigit:]]", "g");
    YES("[^[:digit:]]", "1a");
    NO("[^[:digit:][:space:]]", "1 2");
    YES("^[[:digit:]a-f]+$", "3e");
    NO("[[:alpha:]]", "\xc3\xa9");     /* ASCII meaning: é is no letter */
    /* escapes */
    YES("^\\.\\[\\]\\\\\\(\\)\\*\\+\\?\\{\\}\\|\\^\\$$", ".[]\\()*+?{}|^$");
    NO("a\\.c", "abc");
    YES("a\\{1\\}", "a{1}");
}

static void errors(void)
{
    ERR("(a+)+\\1b", "back-references (\\1) are not supported");
    ERR("(|a)(\\1\\1)+$", "back-references (\\1) are not supported");
    ERR("(a)\\9", "back-references (\\9) are not supported");
    ERR("(a", "unmatched '(' at offset 0");
    ERR("a(b(c)", "unmatched '(' at offset 1");
    ERR("a)", "unmatched ')' at offset 1");
    ERR(")", "unmatched ')' at offset 0");
    ERR("(a))", "unmatched ')' at offset 3");
    ERR("*a", "'*' at offset 0 has nothing to repeat");
    ERR("+a", "'+' at offset 0 has nothing to repeat");
    ERR("?a", "'?' at offset 0 has nothing to repeat");
    ERR("{1}", "'{' at offset 0 has nothing to repeat");
    ERR("a|*b", "'*' at offset 2 has nothing to repeat");
    ERR("(*a)", "'*' at offset 1 has nothing to repeat");
    ERR("(+)", "'+' at offset 1 has nothing to repeat");
    ERR("^*", "'*' at offset 1 follows an anchor, which cannot be repeated");
    ERR("a$+", "'+' at offset 2 follows an anchor, which cannot be repeated");
    ERR("^{2}", "'{' at offset 1 follows an anchor, which cannot be repeated");
    ERR("a{", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{x}", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{1", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{1,", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{,3}", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{1,2,3}", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{ 1}", "'{' at offset 1 does not start an interval {m}, {m,} or {m,n}");
    ERR("a{256}", "repetition count 256 at offset 1 is more than 255");
    ERR("a{1,99999999999999999999}",
        "repetition count 999999999999... at offset 1 is more than 255");
    ERR("a{3,2}", "interval {3,2} at offset 1 has its minimum above its maximum");
    ERR("\\d", "'\\d' at offset 0 is not POSIX ERE: use [0-9]");
    ERR("a\\D", "'\\D' at offset 1 is not POSIX ERE: use [^0-9]");
    ERR("\\w+", "'\\w' at offset 0 is not POSIX ERE: use [[:alnum:]_]");
    ERR("\\W", "'\\W' at offset 0 is not POSIX ERE: use [^[:alnum:]_]");
    ERR("\\s", "'\\s' at offset 0 is not POSIX ERE: use [[:space:]]");
    ERR("\\S", "'\\S' at offset 0 is not POSIX ERE: use [^[:space:]]");
    ERR("\\bx", "'\\b' at offset 0 is not POSIX ERE: word boundaries are not supported");
    ERR("\\<", "'\\<' at offset 0 is not POSIX ERE: word boundaries are not supported");
    ERR("\\A", "'\\A' at offset 0 is not POSIX ERE: use ^ or $");
    ERR("\\n", "'\\n' at offset 0 is not POSIX ERE: write the character itself");
    ERR("\\q", "'\\q' at offset 0 is not POSIX ERE: "
        "a backslash may only make one of .[]\\()*+?{}|^$ literal");
    ERR("\\-", "'\\-' at offset 0 is not POSIX ERE: "
        "a backslash may only make one of .[]\\()*+?{}|^$ literal");
    ERR("\\\xc3\xa9", "'\\\xc3\xa9' at offset 0 is not POSIX ERE: "
        "a backslash may only make one of .[]\\()*+?{}|^$ literal");
    ERR("abc\\", "trailing '\\' at offset 3");
    ERR("[a", "unmatched '[' at offset 0");
    ERR("[]", "unmatched '[' at offset 0");
    ERR("[^]", "unmatched '[' at offset 0");
    ERR("x[a-", "unmatched '[' at offset 1");
    ERR("[z-a]", "range z-a at offset 1 is out of order");
    ERR("[a--]", "range a-- at offset 1 is out of order");
    ERR("[[:foo:]]", "unknown character class [:foo:] at offset 1");
    ERR("[[:ALPHA:]]", "unknown character class [:ALPHA:] at offset 1");
    ERR("[[:al\npha:]]", "unknown character class at offset 1");
    ERR("[[:abcdefghijklmnopqrstu:]]", "unknown character class at offset 1");
    ERR("[[:alpha]", "'[:' at offset 1 is not closed by ':]'");
    ERR("[[=a]", "'[=' at offset 1 is not closed by '=]'");
    ERR("[[=ab=]]", "'[=' at offset 1 must hold one character before '=]'");
    ERR("[[.space.]]", "'[.' at offset 1 must hold one character before '.]'");
    ERR("[[==]]", "'[=' at offset 1 must hold one character before '=]'");
    ERR("[a-c-e]", "'-' at offset 4 must be first or last in a bracket expression, or end a range");
    ERR("[[:digit:]-z]", "a range at offset 1 cannot start with a character class");
    ERR("[[=a=]-z]", "a range at offset 1 cannot start with a character class");
    ERR("[a-[:digit:]]", "a range at offset 1 cannot end with a character class");
    ERR("a\xff", "invalid UTF-8 at offset 1");
    ERR("[\xc3]", "invalid UTF-8 at offset 1");
    ERR("\xed\xa0\x80", "invalid UTF-8 at offset 0");      /* a surrogate */
    ERR("\xc0\xaf", "invalid UTF-8 at offset 0");          /* overlong */

    /* the size limit, computed before anything is expanded */
    clock_t t0 = clock();
    ERR("((a{1,100}){1,100}){1,100}",
        "the compiled pattern would have 2000000 states, more than the limit of 5000");
    ERR("((((((((a{255}){255}){255}){255}){255}){255}){255}){255})",
        "the compiled pattern would have more than 1000000000000 states, more than the limit of 5000");
    ERR("(a{2,255}){2,255}{2,255}{2,255}{2,255}{2,255}{2,255}{2,255}\\1",
        "back-references (\\1) are not supported");    /* reported first */
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    /* exactly at the limit: 4750 + 249 + the final match */
    const char *at = "(a{250}){19}a{249}";
    CHECK(run(at, strlen(at), "", 0) == 0);
    ERR("(a{250}){19}a{250}",
        "the compiled pattern would have 5001 states, more than the limit of 5000");
    char *lit = repeat_char('x', 6000);
    CHECK(refused(lit, 6000,
                  "the compiled pattern would have 6001 states, more than the limit of 5000"));
    free(lit);
    /* nesting */
    char deep[2 * REGEX_MAX_DEPTH + 8];
    size_t n = 0;
    for (int i = 0; i < REGEX_MAX_DEPTH; i++)
        deep[n++] = '(';
    deep[n++] = 'a';
    for (int i = 0; i < REGEX_MAX_DEPTH; i++)
        deep[n++] = ')';
    CHECK(run(deep, n, "a", 1) == 1);
    memmove(deep + 1, deep, n);
    deep[0] = '(';
    deep[n + 1] = ')';
    CHECK(refused(deep, n + 2, "parentheses nested more than 100 deep at offset 100"));
    /* a very long pattern of empty groups and stars stays small */
    char *stars = repeat_char('*', 100000);
    stars[0] = 'a';
    CHECK(run(stars, 100000, "aaa", 3) == 1);
    free(stars);
    char *groups = xmalloc(300000);
    for (int i = 0; i < 100000; i++)
        memcpy(groups + 3 * i, "()*", 3);
    CHECK(run(groups, 300000, "", 0) == 1);
    free(groups);
    /* a message is cut to fit, and err may be absent */
    char small[8];
    CHECK(regex_compile("(", 1, small, sizeof small) == NULL && strcmp(small, "unmatch") == 0);
    CHECK(regex_compile("(", 1, NULL, 0) == NULL);
}

/* The steps of pat over text. */
static unsigned long long steps_of(const char *pat, const char *text, size_t len, int *r)
{
    char err[256];
    Regex *re = regex_compile(pat, strlen(pat), err, sizeof err);
    if (!re) {
        *r = -2;
        return 0;
    }
    unsigned long long steps = 0;
    *r = regex_search(re, text, len, &steps, ~0ull);
    regex_free(re);
    return steps;
}

static void linear(void)
{
    size_t n = 100000;
    char *a = repeat_char('a', n);
    int r;
    /* each under 20 state visits per character: the patterns have fewer
       than 20 states, and each is visited at most once per position */
    unsigned long long s = steps_of("(a*)*b", a, n, &r);
    CHECK(r == 0 && s > n && s < 20 * n);
    s = steps_of("(a|aa)*c", a, n, &r);
    CHECK(r == 0 && s > n && s < 20 * n);
    s = steps_of("(a|aa)*$", a, n, &r);
    CHECK(r == 1);
    s = steps_of("^(a+)+b", a, n, &r);
    CHECK(r == 0 && s < 20 * n);
    s = steps_of("(x+x+)+y", a, n, &r);
    CHECK(r == 0 && s < 20 * n);
    s = steps_of("(a?){50}a{50}b", a, n, &r);     /* the classic one: 200 states */
    CHECK(r == 0 && s < 400 * n);
    /* deterministic */
    int r2;
    CHECK(steps_of("(a|aa)*c", a, n, &r2) == steps_of("(a|aa)*c", a, n, &r) && r == r2);

    /* the step limit: -1, and the work stops soon after the limit */
    char err[256];
    Regex *re = regex_compile("(a|aa)*c", 8, err, sizeof err);
    unsigned long long steps = 0;
    CHECK(regex_search(re, a, n, &steps, 1000) == -1);
    CHECK(steps > 1000 && steps < 1000 + 3 * REGEX_MAX_STATES);
    /* steps add up over calls, and a budget already spent refuses */
    steps = 0;
    CHECK(regex_search(re, a, 10, &steps, 1000000) == 0);
    unsigned long long once = steps;
    CHECK(once > 0 && regex_search(re, a, 10, &steps, 1000000) == 0 && steps == 2 * once);
    CHECK(regex_search(re, a, 10, &steps, steps) == -1);
    CHECK(regex_search(re, a, 10, NULL, ~0ull) == 0);
    /* a match found within the limit is a match, one past it is not */
    steps = 0;
    CHECK(regex_search(re, "aac", 3, &steps, ~0ull) == 1);
    unsigned long long need = steps;
    steps = 0;
    CHECK(regex_search(re, "aac", 3, &steps, need) == 1);
    steps = 0;
    CHECK(regex_search(re, "aac", 3, &steps, need - 1) == -1);
    regex_free(re);

    /* skipping ahead to a possible start still finds late matches */
    a[n - 1] = 'b';
    CHECK(steps_of("b", a, n, &r) < 10 && r == 1);
    CHECK(steps_of("[bc]d?$", a, n, &r) < 10 && r == 1);
    CHECK(steps_of("^b", a, n, &r) < 10 && r == 0);
    CHECK(steps_of("^a*b$", a, n, &r) < 10 * n && r == 1);
    CHECK(steps_of("(^x|b)", a, n, &r) < 10 && r == 1);
    CHECK(steps_of("(^x|y)", a, n, &r) < 10 && r == 0);
    CHECK(steps_of("(^x|$)", a, n, &r) < 10 && r == 1);
    CHECK(steps_of("ab$", a, n, &r) < 10 * n && r == 1);
    CHECK(steps_of("aab|x", a, n, &r) < 10 * n && r == 1);
    free(a);
}

static void utf8_and_nul(void)
{
    YES("^.$", "\xc3\xa9");                    /* é is one character */
    NO("^..$", "\xc3\xa9");
    YES("^.$", "\xe2\x82\xac");                /* € */
    YES("^.$", "\xf0\x9f\x98\x80");            /* U+1F600 */
    YES("^[\xc3\xa9-\xc3\xab]$", "\xc3\xaa");  /* [é-ë] and ê */
    NO("[\xc3\xa9-\xc3\xab]", "\xc3\xac");
    NO("[\xc3\xa9-\xc3\xab]", "e");
    YES("^[^a]$", "\xc3\xa9");
    YES("^\xc3\xa9+$", "\xc3\xa9\xc3\xa9");
    YES("^(\xc3\xa9|x){2}$", "x\xc3\xa9");
    YES("caf\xc3\xa9", "un caf\xc3\xa9 noir");
    YES("^[a\xe2\x82\xac]{2}$", "\xe2\x82\xac" "a");
    YES("[\xe4\xb8\x80-\xe9\xbe\xa5]", "x\xe6\x97\xa5y");       /* CJK */
    YES("^[\x01-\xf4\x8f\xbf\xbf]+$", "a\xc3\xa9\xf0\x9f\x98\x80");
    /* a character is never entered in its middle */
    NO("^.{3}$", "\xe2\x82\xac" "a");
    NO(".{3}$", "\xe2\x82\xac" "a");
    NO(".{3}", "\xe2\x82\xac" "a");
    YES(".{2}$", "\xe2\x82\xac" "a");
    /* invalid bytes: one character each, matched by . and [^...] only */
    YES("^.$", "\xff");
    YES("^.$", "\xc3");                        /* a truncated sequence */
    YES("^..$", "\xc3(");
    YES("^...$", "\xed\xa0\x80");              /* a surrogate: three bad bytes */
    YES("^..$", "\xc0\xaf");                   /* overlong */
    YES("^[^a]$", "\xff");
    NO("[a-z\xc3\xa9]", "\xff");
    NO("[[:print:]]", "\xff");
    YES("^a.b$", "a\x80" "b");
    YES("^.\xc3\xa9$", "\xff\xc3\xa9");
    /* NUL bytes: in the text and in the pattern */
    CHECK(run("a.b", 3, "xa\0b", 4) == 1);
    CHECK(run("^a$", 3, "a\0", 2) == 0);
    CHECK(run("^a.$", 4, "a\0", 2) == 1);
    CHECK(run("[^x]", 4, "\0", 1) == 1);
    CHECK(run("b", 1, "a\0b", 3) == 1);
    CHECK(run("a\0b", 3, "xa\0b", 4) == 1);
    CHECK(run("a\0b", 3, "ab", 2) == 0);
    CHECK(run("^[\0-a]+$", 8, "\0a", 2) == 1);
    CHECK(run("[[:cntrl:]]", 11, "x\0", 2) == 1);
    CHECK(run("", 0, NULL, 0) == 1);
    CHECK(run("^$", 2, NULL, 0) == 1);
    CHECK(run("a*", 2, NULL, 0) == 1);
    CHECK(run("a|b", 3, NULL, 0) == 0);
}

/* ---- against glibc ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A random pattern from a small grammar, so that most of them compile.
   Past a check of room, a level adds at most a 12-byte atom and two
   7-byte quantifiers, and each of the three enclosing groups a ')' and
   two quantifiers: ROOM covers that. */
enum { ROOM = 80 };

static void gen(char *out, size_t *n, size_t cap, int depth)
{
    int parts = 1 + (int)rnd(3);
    for (int i = 0; i < parts && *n + ROOM < cap; i++) {
        switch (rnd(depth > 2 ? 8 : 11)) {
        case 0: case 1: case 2: out[(*n)++] = "ab"[rnd(2)]; break;
        case 3: out[(*n)++] = '.'; break;
        case 4: out[(*n)++] = rnd(4) ? '^' : '$'; continue;     /* not repeated */
        case 5: {
            static const char *const br[] = {"[ab]", "[^a]", "[a-b]", "[]a]", "[^]b]", "[.]",
                                             "[a-]", "[[:alpha:]]", "[^[:digit:]]", "[$^]"};
            const char *b = br[rnd(10)];
            memcpy(out + *n, b, strlen(b));
            *n += strlen(b);
            break;
        }
        case 6: case 7: out[(*n)++] = "ab"[rnd(2)]; break;
        default:
            out[(*n)++] = '(';
            gen(out, n, cap, depth + 1);
            while (rnd(3) == 0 && *n + ROOM < cap) {
                out[(*n)++] = '|';
                gen(out, n, cap, depth + 1);
            }
            out[(*n)++] = ')';
        }
        /* at most two quantifiers in a row: glibc's regcomp takes
           exponential time on longer stacks such as {0,}++{1,2}{0,2}{2,2}+ */
        for (int q = 0; q < 2 && rnd(3) == 0; q++) {
            switch (rnd(6)) {
            case 0: out[(*n)++] = '*'; break;
            case 1: out[(*n)++] = '+'; break;
            case 2: out[(*n)++] = '?'; break;
            default: {
                unsigned m = rnd(3), k = rnd(3);
                *n += (size_t)snprintf(out + *n, cap - *n, rnd(3) ? "{%u,%u}" : rnd(2) ? "{%u}" : "{%u,}",
                                       m, m + k);
            }
            }
        }
    }
}

/* glibc is wrong on one class of patterns: an anchor inside a group that
   '+' or an interval repeats. glibc makes copies of such a group (x+ as
   x x*, x{2} as x x), and its copies seem to take the anchor as true
   anywhere: (^a|b){2} matches "bab" although (^a|b)(^a|b) does not,
   (b?^a)+a matches "abaa" although (b?^a)(b?^a)*a does not, x(^|ab){2}
   matches "xab", (a|$){2}x matches "bax" (glibc 2.36). Such patterns are
   left out of the comparison: whether pat has ^ or $ inside a group
   followed by quantifiers that include '+' or an interval.
   glibc also takes an anchor inside the pattern as true next to a newline
   the pattern consumed (.^ matches "\n}", a$. matches "a\nb"): the texts
   here have no newlines. */
static int glibc_anchor_bug(const char *p)
{
    int anchor[64] = {0}, depth = 0;
    for (size_t i = 0; p[i]; i++) {
        char c = p[i];
        if (c == '[') {         /* a bracket expression: ^ and $ are characters */
            size_t j = ere_bracket_end(p, i);
            if (!j)
                return 0;
            i = j;
        } else if (c == '(' && depth < 63) {
            anchor[++depth] = 0;
        } else if (c == ')' && depth > 0) {
            int had = anchor[depth--];
            anchor[depth] |= had;
            for (size_t j = i + 1; had && p[j] && strchr("*+?{", p[j]); j++) {
                if (p[j] == '{' || p[j] == '+')
                    return 1;
            }
        } else if (c == '^' || c == '$') {
            anchor[depth] = 1;
        }
    }
    return 0;
}

/* Whether glibc and regex_search agree on pat over text; prints a
   disagreement. Both must accept pat for a comparison (1 compared, 0 not,
   -1 differ). */
static int compare(const char *pat, const char **texts, int ntexts)
{
    if (glibc_anchor_bug(pat))
        return 0;
    char err[256];
    Regex *re = regex_compile(pat, strlen(pat), err, sizeof err);
    if (!re)
        return 0;
    regex_t g;
    if (regcomp(&g, pat, REG_EXTENDED | REG_NOSUB) != 0) {
        regex_free(re);
        return 0;
    }
    int ok = 1;
    for (int i = 0; i < ntexts; i++) {
        int want = regexec(&g, texts[i], 0, NULL, 0) == 0;
        unsigned long long steps = 0;
        int got = regex_search(re, texts[i], strlen(texts[i]), &steps, ~0ull);
        if (got != want) {
            fprintf(stderr, "%s:%d: check failed: /%s/ on \"%s\": glibc %d, regex_search %d\n",
                    __FILE__, __LINE__, pat, texts[i], want, got);
            failures++;
            ok = -1;
            break;
        }
    }
    regex_free(re);
    regfree(&g);
    return ok;
}

static void against_glibc(void)
{
    enum { NTEXT = 24 };
    char tbuf[NTEXT][12];
    const char *texts[NTEXT];
    int compared = 0, differed = 0;
    for (int round = 0; round < 20000; round++) {
        char pat[2 * ROOM];
        size_t n = 0;
        if (round % 2) {
            gen(pat, &n, sizeof pat, 0);
        } else {
            /* any string over the alphabet, to reach the error paths */
            static const char alpha[] = "ab()|*+?{},[]^$.0123-:";
            size_t len = 1 + rnd(10);
            for (; n < len; n++)
                pat[n] = alpha[rnd(sizeof alpha - 1)];
        }
        pat[n] = 0;
        for (int i = 0; i < NTEXT; i++) {
            size_t len = rnd(9);
            for (size_t k = 0; k < len; k++)
                tbuf[i][k] = "ab.{}1-]"[rnd(i < NTEXT / 2 ? 2 : 8)];
            tbuf[i][len] = 0;
            texts[i] = tbuf[i];
        }
        int c = compare(pat, texts, NTEXT);
        compared += c != 0;
        differed += c < 0;
    }
    /* most generated patterns must have been compared, or this tests little */
    CHECK(compared > 10000);
    CHECK(differed == 0);
    if (differed)
        fprintf(stderr, "test_regex: %d of %d patterns differ from glibc\n", differed, compared);
}

int main(void)
{
    syntax();
    errors();
    linear();
    utf8_and_nul();
    against_glibc();
    if (failures)
        fprintf(stderr, "test_regex: %d failures\n", failures);
    return failures != 0;
}
