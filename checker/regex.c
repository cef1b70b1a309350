/* regex.c - see regex.h. A pattern is parsed into a small tree whose
 * compiled size is known at every node before anything is expanded, then
 * emitted as a Thompson NFA (an array of instructions) and simulated one
 * text character at a time with a set of live states (a Pike VM without
 * submatches): each state is visited at most once per text position, so
 * the work is at most len x states and empty loops such as (a*)* end. */
#include "regex.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* ---- the compiled program ---- */

/* The first three consume a character (op <= I_CLASS); the rest do not. */
enum { I_CHAR, I_ANY, I_CLASS, I_BOL, I_EOL, I_SPLIT, I_JMP, I_MATCH };

typedef struct {
    uint32_t op;
    uint32_t x;     /* I_CHAR: code point; I_CLASS: class; I_SPLIT, I_JMP: target */
    uint32_t y;     /* I_SPLIT: the other target */
} Inst;

typedef struct { uint32_t lo, hi; } Range;

/* A bracket expression: its answer for each ASCII character (negation
   included), and the sorted, disjoint ranges of the other code points it
   lists (negation applied when matching). */
typedef struct {
    uint64_t ascii[2];
    uint32_t off, n;        /* into Regex.ranges */
    int neg;
} Class;

/* The character a byte that starts no valid UTF-8 sequence stands for: no
   code point, so that only '.' and negated brackets match it. */
#define BAD_CP 0xFFFFFFFFu

/* The search's scratch space, kept in the Regex so that a search allocates
   nothing: visited marks by generation (a new generation per text position
   clears them all at once), two lists of live states and the closure's
   stack, n entries each. */
typedef struct {
    uint32_t gen;
    uint32_t *mark, *list[2], *stack;
} Scratch;

struct Regex {
    Inst *prog;
    uint32_t n;                 /* instructions; the start is 0 */
    Class *cls;
    Range *ranges;
    /* A pattern that is a plain string, maybe anchored, is searched for
       with memchr and memcmp rather than simulated. */
    int literal, lit_bol, lit_eol;
    unsigned char *lit;
    size_t litlen;              /* in bytes */
    uint32_t litchars;          /* in characters, its I_CHAR states */
    /* first[b]: some state live at the start of a match (away from the
       text's ends) can match a character whose first byte is b. With no
       live states, the search jumps to the next such byte (skip), which
       is only sound when no such byte can be inside a character, i.e.
       none is a continuation byte. */
    unsigned char first[256];
    int skip, nfirst, onefirst;
    /* Away from the text's ends the start reaches no state (as in ^abc):
       a match can begin only at offset 0, or be empty at the end. */
    int mid_empty;
    Scratch *s;
};

/* Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF):
   the code point at s (n > 0 bytes available) and its length in *w; a
   byte that starts no valid sequence is BAD_CP of length 1. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *w)
{
    uint32_t c = s[0];
    *w = 1;
    if (c < 0x80)
        return c;
    size_t len;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; c &= 0x07; min = 0x10000; }
    else return BAD_CP;
    if (n < len)
        return BAD_CP;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return BAD_CP;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return BAD_CP;
    *w = len;
    return c;
}

static size_t encode(uint32_t c, unsigned char *out)
{
    if (c < 0x80) { out[0] = (unsigned char)c; return 1; }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | c >> 6);
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | c >> 12);
        out[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | c >> 18);
    out[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

static int class_has(const Regex *re, const Class *k, uint32_t c)
{
    if (c < 128)
        return (int)(k->ascii[c >> 6] >> (c & 63) & 1);
    if (c == BAD_CP)
        return k->neg;
    const Range *r = re->ranges + k->off;
    size_t lo = 0, hi = k->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c < r[mid].lo)
            hi = mid;
        else if (c > r[mid].hi)
            lo = mid + 1;
        else
            return !k->neg;
    }
    return k->neg;
}

/* ---- parsing ---- */

/* Sizes saturate here: far past any limit, and products of a few of them
   cannot overflow 64 bits. */
#define SIZE_CAP 1000000000000ull
#define INF UINT64_MAX          /* no upper bound in an interval */
#define NONE UINT32_MAX         /* no node: the parser only counts */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a + b > SIZE_CAP ? SIZE_CAP : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > SIZE_CAP / b ? SIZE_CAP : a * b;
}

/* The instructions of x{m,n} when x has s: the m copies, then for an upper
   bound n-m optional copies (a split each), or else a loop: x* is a split,
   x and a jump back; x{m,} with m > 0 ends in a split back into the last
   copy. */
static uint64_t rep_size(uint64_t s, uint64_t m, uint64_t n)
{
    if (n == INF)
        return m == 0 ? sat_add(s, 2) : sat_add(sat_mul(m, s), 1);
    return sat_add(sat_mul(m, s), sat_mul(n - m, sat_add(s, 1)));
}

enum { N_EMPTY, N_CHAR, N_ANY, N_CLASS, N_BOL, N_EOL, N_CAT, N_ALT, N_REP };

typedef struct {
    int kind;
    uint32_t a, b;      /* N_CHAR: a code point; N_CLASS: a class; N_CAT, N_ALT:
                           b children from kids[a]; N_REP: a the child */
    uint64_t min, max;  /* N_REP */
    uint64_t size;      /* instructions when emitted */
} Node;

/* What a parse step returns: its node (NONE once only counting) and what
   the next steps need even without nodes. */
typedef struct {
    uint32_t node;
    uint64_t size;
    int anchor;         /* a bare ^ or $, which cannot be repeated */
    int rep;            /* a repetition x{min,max} of an x of base instructions */
    uint64_t min, max, base;
} Frag;

typedef struct {
    const unsigned char *pat;
    size_t len, pos;
    char *err;
    size_t errlen;
    int failed;
    int depth;
    /* Nodes are made only while the instructions of everything parsed so
       far (live) stay within the limit; past it the parser goes on only
       counting, to report the whole size or a later syntax error. So the
       tree never holds much more than REGEX_MAX_STATES nodes. */
    int counting;
    uint64_t live, peak;
    Node *nodes;
    uint32_t nnodes, capnodes;
    uint32_t *kids, nkids, capkids;
    uint32_t *stk, nstk, capstk;        /* children waiting for their parent */
    Class *cls;
    uint32_t ncls, capcls;
    Range *ranges;
    uint32_t nranges, capranges;
} Parser;

static void fail(Parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(Parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    if (p->err && p->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errlen, fmt, ap);
        va_end(ap);
    }
}

/* A character of the pattern as a message shows it: itself when printable
   ASCII or a valid multi-byte sequence, else \xHH. */
static const char *show(const unsigned char *s, size_t n, char buf[8])
{
    size_t w;
    uint32_t c = decode(s, n, &w);
    if (c >= 0x20 && c < 0x7F) {
        buf[0] = (char)c;
        buf[1] = 0;
    } else if (c != BAD_CP && c >= 0x80) {
        memcpy(buf, s, w);
        buf[w] = 0;
    } else {
        snprintf(buf, 8, "\\x%02X", s[0]);
    }
    return buf;
}

static const char *show_cp(uint32_t c, char buf[8])
{
    unsigned char tmp[4];
    size_t w = encode(c, tmp);
    return show(tmp, w, buf);
}

#define GROW(p, arr, n, cap) do { \
    if ((p)->n == (p)->cap) { \
        (p)->cap = (p)->cap ? 2 * (p)->cap : 16; \
        (p)->arr = xrealloc((p)->arr, (size_t)(p)->cap * sizeof *(p)->arr); \
    } } while (0)

static void add_live(Parser *p, uint64_t more)
{
    p->live = sat_add(p->live, more);
    if (p->live > p->peak)
        p->peak = p->live;
    if (p->live > REGEX_MAX_STATES)
        p->counting = 1;
}

static uint32_t new_node(Parser *p, int kind, uint32_t a, uint64_t size)
{
    if (p->counting)
        return NONE;
    GROW(p, nodes, nnodes, capnodes);
    p->nodes[p->nnodes] = (Node){.kind = kind, .a = a, .size = size};
    return p->nnodes++;
}

static Frag leaf(Parser *p, int kind, uint32_t a)
{
    add_live(p, 1);
    return (Frag){.node = new_node(p, kind, a, 1), .size = 1};
}

static Frag empty(void)
{
    return (Frag){.node = 0, .size = 0};   /* node 0 is the one empty node */
}

static void push_kid(Parser *p, uint32_t node)
{
    if (p->counting)
        return;
    GROW(p, stk, nstk, capstk);
    p->stk[p->nstk++] = node;
}

/* The node of kind over the last k children pushed (from stack position
   base). */
static uint32_t parent(Parser *p, int kind, uint32_t base, uint64_t size)
{
    if (p->counting)
        return NONE;
    uint32_t k = p->nstk - base, off = p->nkids;
    for (uint32_t i = 0; i < k; i++) {
        GROW(p, kids, nkids, capkids);
        p->kids[p->nkids++] = p->stk[base + i];
    }
    p->nstk = base;
    uint32_t n = new_node(p, kind, off, size);
    p->nodes[n].b = k;
    return n;
}

static Frag parse_alt(Parser *p);

/* (x{a,b}){c,d} is x{ac,bd} when the counts it allows, the union over
   k in [c,d] of [ka,kb], have no gap: when c == d, or when each interval
   reaches the next, (k+1)a <= kb+1, which is hardest for k = c. */
static int foldable(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    if (c == d)
        return 1;
    if (b == INF)
        return c >= 1 || a <= 1;
    return a <= sat_add(sat_mul(c, b - a), 1);
}

/* Pool sizes at the start of an atom: x{0} drops what x made. */
typedef struct { uint32_t nodes, kids, cls, ranges; } Mark;

static Frag repeat(Parser *p, Frag x, uint64_t m, uint64_t n, Mark mk)
{
    if (x.size == 0)                    /* ()*: still nothing */
        return x;
    if (n == 0) {
        if (!p->counting) {
            p->nnodes = mk.nodes;
            p->nkids = mk.kids;
            p->ncls = mk.cls;
            p->nranges = mk.ranges;
        }
        p->live -= x.size;
        return empty();
    }
    if (m == 1 && n == 1)
        return x;
    Frag r = {.rep = 1};
    if (x.rep && foldable(x.min, x.max, m, n)) {
        r.min = sat_mul(x.min, m);
        r.max = x.max == INF || n == INF ? INF : sat_mul(x.max, n);
        r.base = x.base;
        r.node = x.node;
    } else {
        r.min = m;
        r.max = n;
        r.base = x.size;
        r.node = NONE;
    }
    r.size = rep_size(r.base, r.min, r.max);
    /* folding can shrink: (x{1,5})+ is x+ */
    if (r.size >= x.size)
        add_live(p, r.size - x.size);
    else
        p->live -= x.size - r.size;
    if (p->counting)
        r.node = NONE;
    else if (r.node != NONE) {          /* folded: the repetition changes */
        p->nodes[r.node].min = r.min;
        p->nodes[r.node].max = r.max;
        p->nodes[r.node].size = r.size;
    } else {
        r.node = new_node(p, N_REP, x.node, r.size);
        p->nodes[r.node].min = r.min;
        p->nodes[r.node].max = r.max;
    }
    return r;
}

/* A decimal count of an interval; -1 when there are no digits. */
static long count(Parser *p, size_t brace)
{
    size_t start = p->pos;
    long v = 0;
    while (p->pos < p->len && p->pat[p->pos] >= '0' && p->pat[p->pos] <= '9') {
        if (v <= REGEX_DUP_MAX)
            v = v * 10 + (p->pat[p->pos] - '0');
        p->pos++;
    }
    if (p->pos == start)
        return -1;
    if (v > REGEX_DUP_MAX) {
        size_t nd = p->pos - start;
        fail(p, "repetition count %.*s%s at offset %zu is more than %d", nd > 12 ? 12 : (int)nd,
             (const char *)p->pat + start, nd > 12 ? "..." : "", brace, REGEX_DUP_MAX);
    }
    return v;
}

static const char *const bad_interval =
    "'{' at offset %zu does not start an interval {m}, {m,} or {m,n}";

/* After '{' at offset brace: the bounds of {m}, {m,} or {m,n}. */
static int interval(Parser *p, size_t brace, uint64_t *m, uint64_t *n)
{
    long lo = count(p, brace), hi;
    if (p->failed)
        return 0;
    if (lo < 0) {
        fail(p, bad_interval, brace);
        return 0;
    }
    if (p->pos < p->len && p->pat[p->pos] == ',') {
        p->pos++;
        hi = count(p, brace);
        if (p->failed)
            return 0;
    } else {
        hi = lo;
    }
    if (p->pos >= p->len || p->pat[p->pos] != '}') {
        fail(p, bad_interval, brace);
        return 0;
    }
    p->pos++;
    if (hi >= 0 && hi < lo) {
        fail(p, "interval {%ld,%ld} at offset %zu has its minimum above its maximum", lo, hi, brace);
        return 0;
    }
    *m = (uint64_t)lo;
    *n = hi < 0 ? INF : (uint64_t)hi;
    return 1;
}

/* One character of the pattern at pos, or a failure on invalid UTF-8. */
static uint32_t pat_char(Parser *p)
{
    size_t w;
    uint32_t c = decode(p->pat + p->pos, p->len - p->pos, &w);
    if (c == BAD_CP) {
        fail(p, "invalid UTF-8 at offset %zu", p->pos);
        return 0;
    }
    p->pos += w;
    return c;
}

static void add_range(Parser *p, uint32_t lo, uint32_t hi)
{
    GROW(p, ranges, nranges, capranges);
    p->ranges[p->nranges++] = (Range){lo, hi};
}

static int range_cmp(const void *a, const void *b)
{
    const Range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The ASCII (C locale) meanings, as ranges: first and last of each. */
static const struct { const char *name; unsigned char set[9]; int n; } classes[] = {
    {"alpha", "AZaz", 4}, {"digit", "09", 2}, {"alnum", "09AZaz", 6}, {"upper", "AZ", 2},
    {"lower", "az", 2}, {"space", "\t\r  ", 4}, {"blank", "\t\t  ", 4},
    {"punct", "!/:@[`{~", 8}, {"print", " ~", 2}, {"graph", "!~", 2},
    {"cntrl", {0, 0x1F, 0x7F, 0x7F}, 4}, {"xdigit", "09AFaf", 6},
};

enum { E_CHAR, E_CLASS, E_EQUIV };

/* After "[:", "[=" or "[." at offset o (pos at the ':', '=' or '.'): a
   class's ranges are added, a single character is returned. */
static int bracket_special(Parser *p, size_t o, uint32_t *c)
{
    unsigned char d = p->pat[p->pos];
    p->pos++;
    size_t start = p->pos, end = start;
    while (end + 1 < p->len && !(p->pat[end] == d && p->pat[end + 1] == ']'))
        end++;
    if (end + 1 >= p->len) {
        fail(p, "'[%c' at offset %zu is not closed by '%c]'", d, o, d);
        return E_CHAR;
    }
    if (d == ':') {
        for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
            if (strlen(classes[i].name) == end - start
                && memcmp(classes[i].name, p->pat + start, end - start) == 0) {
                for (int j = 0; j < classes[i].n; j += 2)
                    add_range(p, classes[i].set[j], classes[i].set[j + 1]);
                p->pos = end + 2;
                return E_CLASS;
            }
        }
        /* the name is shown only when it is short printable ASCII: a
           message must stay one line of valid UTF-8 */
        size_t nl = end - start, i = start;
        while (i < end && p->pat[i] >= 0x20 && p->pat[i] < 0x7F)
            i++;
        if (i == end && nl <= 20)
            fail(p, "unknown character class [:%.*s:] at offset %zu", (int)nl,
                 (const char *)p->pat + start, o);
        else
            fail(p, "unknown character class at offset %zu", o);
        return E_CLASS;
    }
    /* [=c=] and [.c.]: one character (a collating element of the C locale),
       which may itself be the delimiter: [.].] and [...] */
    *c = pat_char(p);
    if (p->failed)
        return E_CHAR;
    if (p->pos + 1 >= p->len || p->pat[p->pos] != d || p->pat[p->pos + 1] != ']') {
        fail(p, "'[%c' at offset %zu must hold one character before '%c]'", d, o, d);
        return E_CHAR;
    }
    p->pos += 2;
    return d == '=' ? E_EQUIV : E_CHAR;
}

/* A bracket expression, pos just after its '[' at offset o. */
static Frag bracket(Parser *p, size_t o)
{
    int neg = 0, first = 1;
    uint32_t base = p->nranges;
    char b1[8], b2[8];
    if (p->pos < p->len && p->pat[p->pos] == '^') {
        neg = 1;
        p->pos++;
    }
    for (;;) {
        if (p->pos >= p->len) {
            fail(p, "unmatched '[' at offset %zu", o);
            return empty();
        }
        if (p->pat[p->pos] == ']' && !first)
            break;
        first = 0;
        size_t eo = p->pos;
        uint32_t lo = 0;
        int kind = E_CHAR;
        if (p->pat[p->pos] == '[' && p->pos + 1 < p->len
            && (p->pat[p->pos + 1] == ':' || p->pat[p->pos + 1] == '=' || p->pat[p->pos + 1] == '.')) {
            p->pos++;
            kind = bracket_special(p, eo, &lo);
        } else {
            lo = pat_char(p);
        }
        if (p->failed)
            return empty();
        if (p->pos + 1 < p->len && p->pat[p->pos] == '-' && p->pat[p->pos + 1] != ']') {
            if (kind != E_CHAR) {
                fail(p, "a range at offset %zu cannot start with a character class", eo);
                return empty();
            }
            p->pos++;
            uint32_t hi = 0;
            size_t ho = p->pos;
            if (p->pat[p->pos] == '[' && p->pos + 1 < p->len
                && (p->pat[p->pos + 1] == ':' || p->pat[p->pos + 1] == '=')) {
                fail(p, "a range at offset %zu cannot end with a character class", eo);
                return empty();
            }
            if (p->pat[p->pos] == '[' && p->pos + 1 < p->len && p->pat[p->pos + 1] == '.') {
                p->pos++;
                bracket_special(p, ho, &hi);
            } else {
                hi = pat_char(p);
            }
            if (p->failed)
                return empty();
            if (hi < lo) {
                fail(p, "range %s-%s at offset %zu is out of order", show_cp(lo, b1), show_cp(hi, b2), eo);
                return empty();
            }
            add_range(p, lo, hi);
            if (p->pos + 1 < p->len && p->pat[p->pos] == '-' && p->pat[p->pos + 1] != ']') {
                fail(p, "'-' at offset %zu must be first or last in a bracket expression, or end a range",
                     p->pos);
                return empty();
            }
        } else if (kind != E_CLASS) {
            add_range(p, lo, lo);
        }
    }
    p->pos++;   /* the closing ']' */

    /* sorted and merged; the ASCII part as a bitmap */
    Range *r = p->ranges + base;
    uint32_t n = p->nranges - base, k = 0;
    qsort(r, n, sizeof *r, range_cmp);
    for (uint32_t i = 0; i < n; i++) {
        if (k > 0 && r[i].lo <= r[k - 1].hi + 1) {
            if (r[i].hi > r[k - 1].hi)
                r[k - 1].hi = r[i].hi;
        } else {
            r[k++] = r[i];
        }
    }
    if (!neg && k == 1 && r[0].lo == r[0].hi) {     /* [a]: a character */
        uint32_t c = r[0].lo;
        p->nranges = base;
        return leaf(p, N_CHAR, c);
    }
    Class cl = {.neg = neg};
    uint32_t keep = 0;
    for (uint32_t i = 0; i < k; i++) {
        for (uint32_t c = r[i].lo; c <= r[i].hi && c < 128; c++)
            cl.ascii[c >> 6] |= 1ull << (c & 63);
        if (r[i].hi >= 128)
            r[keep++] = (Range){r[i].lo < 128 ? 128 : r[i].lo, r[i].hi};
    }
    if (neg) {
        cl.ascii[0] = ~cl.ascii[0];
        cl.ascii[1] = ~cl.ascii[1];
    }
    p->nranges = base + keep;
    cl.off = base;
    cl.n = keep;
    if (p->counting) {
        p->nranges = base;
        return leaf(p, N_CLASS, 0);
    }
    GROW(p, cls, ncls, capcls);
    p->cls[p->ncls] = cl;
    return leaf(p, N_CLASS, p->ncls++);
}

/* What follows a backslash that POSIX ERE does not have instead. */
static const char *instead(unsigned char c)
{
    switch (c) {
    case 'd': return "use [0-9]";
    case 'D': return "use [^0-9]";
    case 'w': return "use [[:alnum:]_]";
    case 'W': return "use [^[:alnum:]_]";
    case 's': return "use [[:space:]]";
    case 'S': return "use [^[:space:]]";
    case 'b': case 'B': case '<': case '>':
        return "word boundaries are not supported";
    case 'A': case 'z': case 'Z': case '`': case '\'':
        return "use ^ or $";
    case 'n': case 't': case 'r': case 'f': case 'v': case 'a': case 'e': case '0':
    case 'x': case 'u': case 'U':
        return "write the character itself";
    default:
        return "a backslash may only make one of .[]\\()*+?{}|^$ literal";
    }
}

static Frag atom(Parser *p)
{
    size_t o = p->pos;
    unsigned char c = p->pat[o];
    char b[8];
    switch (c) {
    case '(': {
        if (p->depth >= REGEX_MAX_DEPTH) {
            fail(p, "parentheses nested more than %d deep at offset %zu", REGEX_MAX_DEPTH, o);
            return empty();
        }
        p->pos++;
        p->depth++;
        Frag x = parse_alt(p);
        p->depth--;
        if (p->failed)
            return x;
        if (p->pos >= p->len) {
            fail(p, "unmatched '(' at offset %zu", o);
            return x;
        }
        p->pos++;   /* parse_alt stops only at the end or a ')' */
        x.anchor = 0;
        return x;
    }
    case '*': case '+': case '?': case '{':
        fail(p, "'%c' at offset %zu has nothing to repeat", c, o);
        return empty();
    case '^': case '$': {
        p->pos++;
        Frag x = leaf(p, c == '^' ? N_BOL : N_EOL, 0);
        x.anchor = 1;
        return x;
    }
    case '.':
        p->pos++;
        return leaf(p, N_ANY, 0);
    case '[':
        p->pos++;
        return bracket(p, o);
    case '\\': {
        if (o + 1 >= p->len) {
            fail(p, "trailing '\\' at offset %zu", o);
            return empty();
        }
        unsigned char d = p->pat[o + 1];
        if (d && strchr(".[]\\()*+?{}|^$", d)) {
            p->pos += 2;
            return leaf(p, N_CHAR, d);
        }
        if (d >= '1' && d <= '9')
            fail(p, "back-references (\\%c) are not supported", d);
        else
            fail(p, "'\\%s' at offset %zu is not POSIX ERE: %s",
                 show(p->pat + o + 1, p->len - o - 1, b), o, instead(d));
        return empty();
    }
    default: {
        uint32_t cp = pat_char(p);
        if (p->failed)
            return empty();
        return leaf(p, N_CHAR, cp);
    }
    }
}

static Frag piece(Parser *p)
{
    Mark mk = {p->nnodes, p->nkids, p->ncls, p->nranges};
    Frag x = atom(p);
    while (!p->failed && p->pos < p->len) {
        unsigned char c = p->pat[p->pos];
        size_t o = p->pos;
        uint64_t m, n;
        if (c == '*') { m = 0; n = INF; }
        else if (c == '+') { m = 1; n = INF; }
        else if (c == '?') { m = 0; n = 1; }
        else if (c == '{') { m = n = 0; }
        else break;
        if (x.anchor) {
            fail(p, "'%c' at offset %zu follows an anchor, which cannot be repeated", c, o);
            break;
        }
        p->pos++;
        if (c == '{' && !interval(p, o, &m, &n))
            break;
        x = repeat(p, x, m, n, mk);
    }
    return x;
}

/* A concatenation, up to '|', ')' or the end. Empty parts (()) drop out. */
static Frag branch(Parser *p)
{
    uint32_t base = p->nstk, k = 0;
    Frag last = empty();
    uint64_t size = 0;
    while (!p->failed && p->pos < p->len && p->pat[p->pos] != '|' && p->pat[p->pos] != ')') {
        Frag x = piece(p);
        if (p->failed || x.size == 0)
            continue;
        push_kid(p, x.node);
        size = sat_add(size, x.size);
        last = x;
        k++;
    }
    if (p->failed || k == 0) {
        p->nstk = base;
        return empty();
    }
    if (k == 1) {
        p->nstk = base;
        return last;
    }
    return (Frag){.node = parent(p, N_CAT, base, size), .size = size};
}

static Frag parse_alt(Parser *p)
{
    uint32_t base = p->nstk, k = 0;
    Frag first = empty();
    uint64_t size = 0;
    int nonempty = 0;
    for (;;) {
        Frag x = branch(p);
        if (p->failed) {
            p->nstk = base;
            return empty();
        }
        if (k == 0)
            first = x;
        push_kid(p, x.node);
        size = sat_add(size, x.size);
        nonempty |= x.size > 0;
        k++;
        if (p->pos >= p->len || p->pat[p->pos] != '|')
            break;
        p->pos++;
    }
    if (k == 1 || !nonempty) {      /* one branch, or (|) */
        p->nstk = base;
        return k == 1 ? first : empty();
    }
    size = sat_add(size, 2 * (uint64_t)(k - 1));    /* a split and a jump per extra branch */
    add_live(p, 2 * (uint64_t)(k - 1));
    return (Frag){.node = parent(p, N_ALT, base, size), .size = size};
}

/* ---- emitting ---- */

typedef struct {
    const Node *nodes;
    const uint32_t *kids;
    Inst *prog;
    uint32_t n, cap;
} Emitter;

static uint32_t inst(Emitter *e, uint32_t op, uint32_t x, uint32_t y)
{
    if (e->n >= e->cap)
        abort();        /* the sizes computed while parsing are wrong */
    e->prog[e->n] = (Inst){op, x, y};
    return e->n++;
}

static void emit(Emitter *e, uint32_t id)
{
    const Node *nd = &e->nodes[id];
    switch (nd->kind) {
    case N_EMPTY: break;
    case N_CHAR: inst(e, I_CHAR, nd->a, 0); break;
    case N_ANY: inst(e, I_ANY, 0, 0); break;
    case N_CLASS: inst(e, I_CLASS, nd->a, 0); break;
    case N_BOL: inst(e, I_BOL, 0, 0); break;
    case N_EOL: inst(e, I_EOL, 0, 0); break;
    case N_CAT:
        for (uint32_t i = 0; i < nd->b; i++)
            emit(e, e->kids[nd->a + i]);
        break;
    case N_ALT: {
        /* split to each branch in turn; each but the last jumps to the end,
           chained through the jumps' targets until the end is known */
        uint32_t jumps = NONE;
        for (uint32_t i = 0; i < nd->b; i++) {
            uint32_t sp = NONE;
            if (i + 1 < nd->b)
                sp = inst(e, I_SPLIT, e->n + 1, 0);
            emit(e, e->kids[nd->a + i]);
            if (i + 1 < nd->b) {
                jumps = inst(e, I_JMP, jumps, 0);
                e->prog[sp].y = e->n;
            }
        }
        while (jumps != NONE) {
            uint32_t next = e->prog[jumps].x;
            e->prog[jumps].x = e->n;
            jumps = next;
        }
        break;
    }
    case N_REP: {
        uint32_t m = (uint32_t)nd->min, last = e->n;
        for (uint32_t i = 0; i < m; i++) {
            last = e->n;
            emit(e, nd->a);
        }
        if (nd->max == INF) {
            if (m == 0) {
                uint32_t sp = inst(e, I_SPLIT, e->n + 1, 0);
                emit(e, nd->a);
                inst(e, I_JMP, sp, 0);
                e->prog[sp].y = e->n;
            } else {
                inst(e, I_SPLIT, last, e->n + 1);
            }
        } else {
            /* nested: (x(x(x)?)?)?, each split skipping to the very end */
            uint32_t k = (uint32_t)(nd->max - nd->min), first = e->n;
            for (uint32_t i = 0; i < k; i++) {
                inst(e, I_SPLIT, e->n + 1, 0);
                emit(e, nd->a);
            }
            uint32_t step = (e->n - first) / (k ? k : 1);
            for (uint32_t i = 0; i < k; i++)
                e->prog[first + i * step].y = e->n;
        }
        break;
    }
    }
}

/* ---- compiling ---- */

static void parser_free(Parser *p)
{
    free(p->nodes);
    free(p->kids);
    free(p->stk);
    free(p->cls);
    free(p->ranges);
}

/* The states live at the start of a match away from the text's ends: the
   closure of the start with ^ and $ false. Sets first, skip, mid_empty. */
static void analyse_start(Regex *re)
{
    uint32_t *stack = re->s->stack, sp = 0;
    unsigned char *seen = xcalloc(re->n, 1);
    int consuming = 0;
    memset(re->first, 0, sizeof re->first);
    stack[sp++] = 0;
    seen[0] = 1;
    while (sp) {
        uint32_t pc = stack[--sp];
        const Inst *in = &re->prog[pc];
        uint32_t next[2];
        int nn = 0;
        switch (in->op) {
        case I_CHAR: {
            unsigned char buf[4];
            encode(in->x, buf);
            re->first[buf[0]] = 1;
            consuming = 1;
            break;
        }
        case I_ANY:
            memset(re->first, 1, sizeof re->first);
            consuming = 1;
            break;
        case I_CLASS: {
            const Class *k = &re->cls[in->x];
            for (uint32_t c = 0; c < 128; c++)
                if (k->ascii[c >> 6] >> (c & 63) & 1)
                    re->first[c] = 1;
            if (k->neg) {
                memset(re->first + 128, 1, 128);
            } else {
                /* UTF-8 keeps code point order: the lead bytes of a range
                   lie between those of its ends */
                for (uint32_t i = 0; i < k->n; i++) {
                    unsigned char lo[4], hi[4];
                    encode(re->ranges[k->off + i].lo, lo);
                    encode(re->ranges[k->off + i].hi, hi);
                    for (unsigned b = lo[0]; b <= hi[0]; b++)
                        re->first[b] = 1;
                }
            }
            consuming = 1;
            break;
        }
        case I_MATCH:
            consuming = 1;      /* matches anywhere: found at offset 0 anyway */
            memset(re->first, 1, sizeof re->first);
            break;
        case I_JMP: next[nn++] = in->x; break;
        case I_SPLIT: next[nn++] = in->x; next[nn++] = in->y; break;
        default: break;         /* ^ and $ are false here */
        }
        for (int i = 0; i < nn; i++)
            if (!seen[next[i]]) {
                seen[next[i]] = 1;
                stack[sp++] = next[i];
            }
    }
    free(seen);
    re->mid_empty = !consuming;
    re->skip = 1;
    re->nfirst = 0;
    for (int b = 0; b < 256; b++) {
        if (!re->first[b])
            continue;
        if (b >= 0x80 && b < 0xC0)
            re->skip = 0;       /* it could land inside a character */
        re->nfirst++;
        re->onefirst = b;
    }
}

/* [^] CHAR... [$] MATCH: a plain string. */
static void find_literal(Regex *re)
{
    uint32_t i = 0, end = re->n - 1;
    int bol = 0, eol = 0;
    if (i < end && re->prog[i].op == I_BOL) { bol = 1; i++; }
    if (end > i && re->prog[end - 1].op == I_EOL) { eol = 1; end--; }
    for (uint32_t j = i; j < end; j++)
        if (re->prog[j].op != I_CHAR)
            return;
    re->lit = xmalloc(4 * (size_t)(end - i) + 1);
    re->litlen = 0;
    for (uint32_t j = i; j < end; j++)
        re->litlen += encode(re->prog[j].x, re->lit + re->litlen);
    re->litchars = end - i;
    re->literal = 1;
    re->lit_bol = bol;
    re->lit_eol = eol;
}

Regex *regex_compile(const char *pat, size_t len, char *err, size_t errlen)
{
    Parser p = {.pat = (const unsigned char *)pat, .len = len, .err = err, .errlen = errlen};
    if (err && errlen)
        err[0] = 0;
    new_node(&p, N_EMPTY, 0, 0);        /* node 0 */
    Frag top = parse_alt(&p);
    if (!p.failed && p.pos < p.len)     /* parse_alt stops only at the end or a ')' */
        fail(&p, "unmatched ')' at offset %zu", p.pos);
    uint64_t total = sat_add(top.size, 1);      /* and the final match */
    if (!p.failed && (p.counting || total > REGEX_MAX_STATES)) {
        /* the most the parser held: a part later repeated {0} times (or
           folded smaller) still counts, as it was not kept */
        uint64_t n = p.peak + 1 > total ? p.peak + 1 : total;
        if (n >= SIZE_CAP)
            fail(&p, "the compiled pattern would have more than %llu states, more than the limit of %d",
                 SIZE_CAP, REGEX_MAX_STATES);
        else
            fail(&p, "the compiled pattern would have %llu states, more than the limit of %d",
                 (unsigned long long)n, REGEX_MAX_STATES);
    }
    if (p.failed) {
        parser_free(&p);
        return NULL;
    }

    Regex *re = xcalloc(1, sizeof *re);
    re->n = (uint32_t)total;
    re->prog = xmalloc(re->n * sizeof *re->prog);
    Emitter e = {p.nodes, p.kids, re->prog, 0, re->n};
    emit(&e, top.node);
    inst(&e, I_MATCH, 0, 0);
    if (e.n != re->n)
        abort();        /* the sizes computed while parsing are the program's */
    re->cls = p.cls;
    re->ranges = p.ranges;
    p.cls = NULL;
    p.ranges = NULL;
    parser_free(&p);

    /* the scratch space, in one block */
    re->s = xmalloc(sizeof *re->s + 4 * (size_t)re->n * sizeof(uint32_t));
    uint32_t *mem = (uint32_t *)(re->s + 1);
    re->s->gen = 0;
    re->s->mark = mem;
    re->s->list[0] = mem + re->n;
    re->s->list[1] = mem + 2 * (size_t)re->n;
    re->s->stack = mem + 3 * (size_t)re->n;
    memset(re->s->mark, 0, re->n * sizeof(uint32_t));
    analyse_start(re);
    find_literal(re);
    return re;
}

void regex_free(Regex *re)
{
    if (!re)
        return;
    free(re->prog);
    free(re->cls);
    free(re->ranges);
    free(re->lit);
    free(re->s);
    free(re);
}

/* ---- searching ---- */

typedef struct {
    const Regex *re;
    Scratch *s;
    uint32_t *list;     /* the list being filled */
    uint32_t nlist;
    unsigned long long steps;
} Search;

static void new_gen(Scratch *s, uint32_t n)
{
    if (++s->gen == 0) {
        memset(s->mark, 0, n * sizeof(uint32_t));
        s->gen = 1;
    }
}

/* Adds the states reachable from pc without consuming a character to the
   list (only those that consume one: the rest are only passed through);
   1 when the match state is among them. Each state visited counts a step;
   one that consumes is listed at once rather than stacked. */
static int closure(Search *q, uint32_t pc, int bol, int eol)
{
    const Inst *prog = q->re->prog;
    uint32_t *mark = q->s->mark, *stack = q->s->stack, *list = q->list, gen = q->s->gen;
    uint32_t sp = 0, nl = q->nlist;
    unsigned long long steps = q->steps;
    int found = 0;
#define VISIT(t) do { uint32_t t_ = (t); \
        if (mark[t_] != gen) { \
            mark[t_] = gen; \
            if (prog[t_].op <= I_CLASS) { list[nl++] = t_; steps++; } \
            else stack[sp++] = t_; \
        } } while (0)
    VISIT(pc);
    while (sp) {
        pc = stack[--sp];
        steps++;
        const Inst *in = &prog[pc];
        switch (in->op) {
        case I_MATCH:
            found = 1;
            sp = 0;
            break;
        case I_JMP:
            VISIT(in->x);
            break;
        case I_SPLIT:
            VISIT(in->y);
            VISIT(in->x);
            break;
        case I_BOL:
            if (bol)
                VISIT(pc + 1);
            break;
        default:        /* I_EOL */
            if (eol)
                VISIT(pc + 1);
            break;
        }
    }
#undef VISIT
    q->nlist = nl;
    q->steps = steps;
    return found;
}

/* Counted as the simulation would: a step to begin, and the literal's
   states at each place its first byte is found (what memcmp may compare),
   so a long literal over a text of near misses is not cheaper to the
   budget than it is to run. */
static int literal_search(const Regex *re, const unsigned char *t, size_t len,
                          unsigned long long *work)
{
    const unsigned char *lit = re->lit;
    size_t n = re->litlen;
    *work += 1;
    if (n > len)
        return 0;
    if (n == 0)         /* "", ^, $: everywhere; ^$: the empty text */
        return !(re->lit_bol && re->lit_eol) || len == 0;
    if (re->lit_bol || re->lit_eol)
        *work += re->litchars;
    if (re->lit_bol)
        return re->lit_eol ? n == len && memcmp(t, lit, n) == 0 : memcmp(t, lit, n) == 0;
    if (re->lit_eol)
        return memcmp(t + len - n, lit, n) == 0;
    /* A literal starts with an ASCII or lead byte, which is never inside a
       character: every place it is found at is a character's start. */
    for (const unsigned char *p = t, *end = t + len - n + 1; p < end; p++) {
        p = memchr(p, lit[0], (size_t)(end - p));
        if (!p)
            return 0;
        *work += re->litchars;
        if (memcmp(p + 1, lit + 1, n - 1) == 0)
            return 1;
    }
    return 0;
}

int regex_search(const Regex *re, const char *text, size_t len,
                 unsigned long long *steps, unsigned long long limit)
{
    unsigned long long before = steps ? *steps : 0;
    const unsigned char *t = (const unsigned char *)text;
    Search q = {.re = re, .s = re->s};
    int r;
    if (re->literal) {
        r = literal_search(re, t, len, &q.steps);
        goto done;
    }
    Scratch *s = re->s;
    int cur = 0;
    size_t pos = 0;
    new_gen(s, re->n);
    q.list = s->list[cur];
    q.nlist = 0;
    if (closure(&q, 0, 1, len == 0)) {
        r = 1;
        goto done;
    }
    for (;;) {
        if (before + q.steps > limit) {
            r = -1;
            goto done;
        }
        if (pos >= len) {
            r = 0;
            goto done;
        }
        size_t w;
        uint32_t c = t[pos] < 0x80 ? (w = 1, t[pos]) : decode(t + pos, len - pos, &w);
        const uint32_t *cl = s->list[cur];
        uint32_t nc = q.nlist;
        cur ^= 1;
        q.list = s->list[cur];
        q.nlist = 0;
        new_gen(s, re->n);
        pos += w;
        int eol = pos == len;
        for (uint32_t i = 0; i < nc; i++) {
            const Inst *in = &re->prog[cl[i]];
            int ok;
            if (in->op == I_CHAR)
                ok = in->x == c;
            else if (in->op == I_ANY)
                ok = 1;
            else
                ok = class_has(re, &re->cls[in->x], c);
            if (ok && closure(&q, cl[i] + 1, 0, eol)) {
                r = 1;
                goto done;
            }
        }
        if (q.nlist == 0 && re->skip && pos < len) {
            /* nothing live: only a match starting at a byte of first can
               succeed, and such a byte is always a character's start */
            size_t to = len;
            if (re->nfirst == 1) {
                const unsigned char *f = memchr(t + pos, re->onefirst, len - pos);
                if (f)
                    to = (size_t)(f - t);
            } else if (re->nfirst > 1) {
                for (to = pos; to < len && !re->first[t[to]]; to++)
                    ;
            }
            if (to != pos) {
                pos = to;
                new_gen(s, re->n);
                eol = pos == len;
            }
        }
        if ((eol || !re->mid_empty) && closure(&q, 0, 0, eol)) {
            r = 1;
            goto done;
        }
    }
done:
    if (steps)
        *steps = before + q.steps;
    if (before + q.steps > limit)
        return -1;
    return r;
}
