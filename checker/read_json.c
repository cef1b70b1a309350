/* read_json.c - JSON and JSON Lines evidence, through yajl.
 *
 * yajl (Debian's libyajl) is a streaming parser: its callbacks build the
 * tree of language.md §5 directly, without an intermediate document, and it
 * reports how far it has read, which gives every node its line. It accepts
 * every y_ case of JSONTestSuite and rejects every n_ case but one (a form
 * feed as white space), which the pre-scan below refuses; see docs/json.md.
 * On top of yajl this reader refuses what JSON leaves open but evidence must
 * not: duplicate keys (readers disagree on which one wins), NUL (raw or
 * escaped), lone surrogates (yajl would turn them into '?'), nesting deeper
 * than the maximum depth and numbers longer than MAX_NUMBER_LEN.
 *
 * The reader says what it reads through an EvOut (evidence.h): one reading
 * builds the tree (read_json, read_jsonl) or hands its elements to the
 * streaming extractor (read_json_events, read_jsonl_events).
 *
 * Mapping (§5): the root element is `json`; an object member k is an
 * element k (or `_` with key="k" when k is not a usable XML name); each item
 * of an array value of member k is an element k; items of an array that is
 * itself an array item, or the root, are elements `item`; scalars are text
 * in their JSON spelling; null is an empty element with null="true".
 */
#define _POSIX_C_SOURCE 200809L
#include "arena.h"
#include "evidence.h"
#include "map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "utf8.h"

/* One open object or array. */
typedef struct Frame {
    bool is_array;
    bool opened;             /* it opened an element (a member's array
                                does not: its items are the members) */
    char *member;            /* an array that is a member's value: that key
                                (owned); its items are named after it */
    bool member_ok;          /* the key is usable as an element name */
    size_t member_hash;      /* and its hash */
    size_t first_key;        /* objects: their keys are JsonState.keys from
                                here on */
    size_t first_byte;       /* and their text JsonState.pool from here */
    uint32_t *table;         /* a large object's keys, by hash (open
                                addressing; indexes into keys, + 1) */
    size_t tcap;
} Frame;

/* A key of an open object: its text in the pool, and its hash. */
typedef struct Key {
    size_t off, len, hash;
} Key;

/* A key's element name checked before: records repeat the same few keys,
   and checking a name (ev_name_ok) costs more than finding it here. */
typedef struct NameSeen {
    size_t hash;
    size_t len;              /* 0: empty slot */
    char s[32];
    bool ok;
} NameSeen;

typedef struct JsonState {
    ReadError *err;
    const char *buf;         /* the text of the current parse */
    yajl_handle h;
    unsigned long line;      /* line at offset `seen` */
    size_t seen;
    EvOut *out;
    const char *top;         /* the name of a text's value: `json`, a JSON
                                Lines `item`, an .eval log's `samples` */
    Frame *stack;
    int depth, cap;
    int max_depth;
    const char *key;         /* the pending member name (in pool) */
    size_t keylen, keyhash;
    bool lines;              /* JSON Lines: a text is one line */
    const char *chunk;       /* JSON Lines: the line being fed, */
    size_t chunk_len;        /* its length (0 while the pad is fed), */
    bool done;               /* and whether its value is complete */
    char *pool;              /* the keys of the open objects, each with a
                                NUL, one after another */
    size_t npool, poolcap;
    Key *keys;
    size_t nkeys, keycap;
    NameSeen names[64];
} JsonState;

/* Line of the token the parser has just read. */
static unsigned long cur_line(JsonState *st)
{
    if (st->lines)
        return st->line;     /* a JSON Lines text holds no line feed */
    size_t off = yajl_get_bytes_consumed(st->h);
    /* consumed counts past the token; its last byte is on the line */
    size_t target = off > 0 ? off - 1 : 0;
    while (st->seen < target) {
        if (st->buf[st->seen] == '\n')
            st->line++;
        st->seen++;
    }
    return st->line;
}

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0'
                                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0);
    }
    return v;
}

static bool is_hex4(const char *s, size_t n)
{
    if (n < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/* What yajl accepts but evidence must not have, found in the raw text:
   NUL, form feed (not JSON white space), invalid UTF-8, escaped NUL and lone
   surrogates. A backslash occurs only inside strings in valid JSON, and
   anything else is left for yajl to reject. */
static bool prescan(const char *s, size_t n, ReadError *err)
{
    size_t bad = utf8_check(s, n, 0);
    const char *ff = memchr(s, '\f', bad);
    if (ff)
        bad = (size_t)(ff - s);
    /* escapes are rare: jump from backslash to backslash */
    for (size_t i = 0; i < bad; i++) {
        const char *bs = memchr(s + i, '\\', bad - i);
        if (!bs)
            break;
        i = (size_t)(bs - s);
        if (i + 1 >= n)
            continue;
        i++;
        if (s[i] != 'u' || !is_hex4(s + i + 1, n - i - 1))
            continue;
        unsigned cp = hex4(s + i + 1);
        if (cp == 0) {
            bad = i - 1;
            ev_error(err, 0, "an escaped NUL (\\u0000) in a string");
            break;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            bad = i - 1;
            ev_error(err, 0, "a lone surrogate (\\u%04X) in a string", cp);
            break;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const char *t = s + i + 5;
            size_t rest = n - (i + 5);
            if (rest < 6 || t[0] != '\\' || t[1] != 'u' || !is_hex4(t + 2, rest - 2)
                || hex4(t + 2) < 0xDC00 || hex4(t + 2) > 0xDFFF) {
                bad = i - 1;
                ev_error(err, 0, "a lone surrogate (\\u%04X) in a string", cp);
                break;
            }
            i += 6;
        }
        i += 4;
    }
    if (bad >= n)
        return true;
    unsigned long line = 1;
    for (size_t i = 0; i < bad; i++)
        line += s[i] == '\n';
    if (!err->msg[0])
        ev_error(err, line, s[bad] == '\0' ? "the file contains a NUL byte"
                 : s[bad] == '\f' ? "a form feed outside a string is not JSON"
                 : "invalid UTF-8 (byte 0x%02X)", (unsigned char)s[bad]);
    else
        err->line = line;
    return false;
}

static Frame *top(JsonState *st)
{
    return st->depth ? &st->stack[st->depth - 1] : NULL;
}

static bool oom(JsonState *st)
{
    ev_error(st->err, 0, "out of memory");
    return false;
}

/* ev_name_ok for a key, remembered by its hash. */
static inline bool name_ok(JsonState *st, const char *k, size_t n, size_t hash)
{
    if (n == 0 || n >= sizeof st->names[0].s)
        return ev_name_ok(k, n);
    NameSeen *c = &st->names[hash & 63];
    if (c->len == n && c->hash == hash && memcmp(c->s, k, n) == 0)
        return c->ok;
    c->ok = ev_name_ok(k, n);
    c->hash = hash;
    c->len = n;
    memcpy(c->s, k, n);
    return c->ok;
}

/* The element name of a value about to start under the right parent
   (see the mapping in the header comment), its hash when known (else 0),
   and its key attribute (or NULL). */
static inline const char *value_name(JsonState *st, size_t *hash, const char **keyattr)
{
    Frame *f = top(st);
    *hash = 0;
    *keyattr = NULL;
    if (!f)
        return st->top;
    if (f->is_array) {
        if (!f->member)
            return "item";
        if (!f->member_ok) {
            *keyattr = f->member;
            return "_";
        }
        *hash = f->member_hash;
        return f->member;
    }
    *hash = st->keyhash;
    if (!st->out->raw_keys && !name_ok(st, st->key, st->keylen, st->keyhash)) {
        *hash = 0;
        *keyattr = st->key;
        return "_";
    }
    return st->key;
}

/* Opens the element of a value about to start. */
static bool open_value(JsonState *st, unsigned long line, bool null)
{
    size_t hash;
    const char *keyattr;
    const char *name = value_name(st, &hash, &keyattr);
    return st->out->start(st->out, name, hash, keyattr, null, line);
}

static bool push(JsonState *st, Frame f)
{
    if (st->depth >= st->max_depth) {
        ev_error(st->err, cur_line(st), "nested deeper than %d levels (--max-depth)",
                 st->max_depth);
        free(f.member);
        return false;
    }
    if (st->depth == st->cap) {
        int cap = st->cap ? st->cap * 2 : 16;
        Frame *grown = realloc(st->stack, sizeof(Frame) * (size_t)cap);
        if (!grown) {
            free(f.member);
            return oom(st);
        }
        st->stack = grown;
        st->cap = cap;
    }
    st->stack[st->depth++] = f;
    return true;
}

/* Closes f: its keys leave the pool. */
static void free_frame(JsonState *st, Frame *f)
{
    if (!f->is_array) {
        st->nkeys = f->first_key;
        st->npool = f->first_byte;
    }
    free(f->table);
    free(f->member);
    memset(f, 0, sizeof *f);
}

static bool begin_container(JsonState *st, bool is_array)
{
    Frame *f = top(st);
    unsigned long line = cur_line(st);
    Frame nf = {0};
    nf.is_array = is_array;
    if (is_array && f && !f->is_array) {
        /* the value of member key: its items are elements named key,
           directly under the object's element */
        nf.member = strndup(st->key, st->keylen);
        if (!nf.member)
            return oom(st);
        nf.member_ok = name_ok(st, st->key, st->keylen, st->keyhash);
        nf.member_hash = st->keyhash;
    } else {
        if (!open_value(st, line, false))
            return false;
        nf.opened = true;
    }
    nf.first_key = st->nkeys;
    nf.first_byte = st->npool;
    return push(st, nf);
}

static int on_start_map(void *ctx)
{
    return begin_container(ctx, false);
}

static int on_start_array(void *ctx)
{
    return begin_container(ctx, true);
}

static int line_value_done(JsonState *st);

static int on_end(void *ctx)
{
    JsonState *st = ctx;
    Frame *f = top(st);
    if (f->opened)
        st->out->end(st->out);
    free_frame(st, f);
    st->depth--;
    return st->lines && st->depth == 0 ? line_value_done(st) : 1;
}

/* Puts key k (hash h) of the object f in its table. */
static void table_put(JsonState *st, Frame *f, size_t k)
{
    size_t j = st->keys[k].hash & (f->tcap - 1);
    while (f->table[j])
        j = (j + 1) & (f->tcap - 1);
    f->table[j] = (uint32_t)(k - f->first_key + 1);
}

/* Whether the object f has key k (hash h) already. Small objects are
   searched in order; from 16 keys on, an object has a hash table. */
static bool has_key(JsonState *st, Frame *f, const char *k, size_t n, size_t h)
{
    size_t nk = st->nkeys - f->first_key;
    if (nk >= 16 && (nk + 1) * 2 > f->tcap) {
        free(f->table);
        f->tcap = f->tcap ? f->tcap * 2 : 64;
        f->table = xcalloc(f->tcap, sizeof *f->table);
        for (size_t i = f->first_key; i < st->nkeys; i++)
            table_put(st, f, i);
    }
    if (!f->table) {
        for (size_t i = f->first_key; i < st->nkeys; i++) {
            const Key *e = &st->keys[i];
            if (e->hash == h && e->len == n && memcmp(st->pool + e->off, k, n) == 0)
                return true;
        }
        return false;
    }
    for (size_t j = h & (f->tcap - 1); f->table[j]; j = (j + 1) & (f->tcap - 1)) {
        const Key *e = &st->keys[f->first_key + f->table[j] - 1];
        if (e->hash == h && e->len == n && memcmp(st->pool + e->off, k, n) == 0)
            return true;
    }
    return false;
}

/* Records key k of the object f; false (reported) on a duplicate. The key
   is then the pending member name. */
static bool note_key(JsonState *st, Frame *f, const char *k, size_t n)
{
    size_t h = (size_t)hash_bytes(k, n);
    if (has_key(st, f, k, n, h)) {
        ev_error(st->err, cur_line(st), "duplicate key \"%.*s\" in an object (readers "
                 "disagree on which one counts)", n > 60 ? 60 : (int)n, k);
        return false;
    }
    if (st->npool + n + 1 > st->poolcap) {
        while (st->npool + n + 1 > st->poolcap)
            st->poolcap = st->poolcap ? st->poolcap * 2 : 1024;
        st->pool = xrealloc(st->pool, st->poolcap);
    }
    if (st->nkeys == st->keycap) {
        st->keycap = st->keycap ? st->keycap * 2 : 64;
        st->keys = xrealloc(st->keys, st->keycap * sizeof *st->keys);
    }
    memcpy(st->pool + st->npool, k, n);
    st->pool[st->npool + n] = '\0';
    st->keys[st->nkeys] = (Key){st->npool, n, h};
    if (f->table)
        table_put(st, f, st->nkeys);
    st->nkeys++;
    st->key = st->pool + st->npool;
    st->keylen = n;
    st->keyhash = h;
    st->npool += n + 1;
    return true;
}

/* Keys and strings hold no NUL: prescan refused the raw byte and the
   escape before yajl began, and no other escape decodes to one. */
static int on_key(void *ctx, const unsigned char *k, size_t n)
{
    JsonState *st = ctx;
    return note_key(st, top(st), (const char *)k, n);
}

/* A JSON Lines value has ended (one parser reads every line, allowing
   one value after another): the rest of its line must be white space, as
   when each line was a text of its own. */
static int line_value_done(JsonState *st)
{
    st->done = true;
    size_t off = yajl_get_bytes_consumed(st->h);
    for (size_t i = off; i < st->chunk_len; i++) {
        char c = st->chunk[i];
        if (c != ' ' && c != '\t' && c != '\r') {
            ev_error(st->err, st->line, "not valid JSON: parse error: trailing garbage");
            return 0;
        }
    }
    return 1;
}

static int scalar(JsonState *st, const char *text, size_t n, bool null)
{
    unsigned long line = cur_line(st);
    EvOut *out = st->out;
    if (out->leaf) {
        size_t hash;
        const char *keyattr;
        const char *name = value_name(st, &hash, &keyattr);
        if (!out->leaf(out, name, hash, keyattr, null, text, n, line))
            return 0;
    } else {
        if (!open_value(st, line, null) || (n > 0 && !out->text(out, text, n, line)))
            return 0;
        out->end(out);
    }
    return st->lines && st->depth == 0 ? line_value_done(st) : 1;
}

static int on_null(void *ctx) { return scalar(ctx, NULL, 0, true); }

static int on_bool(void *ctx, int b)
{
    return scalar(ctx, b ? "true" : "false", b ? 4 : 5, false);
}

static int on_number(void *ctx, const char *s, size_t n)
{
    JsonState *st = ctx;
    if (n > MAX_NUMBER_LEN) {
        ev_error(st->err, cur_line(st), "a number of %zu characters (at most %d)", n,
                 MAX_NUMBER_LEN);
        return 0;
    }
    return scalar(ctx, s, n, false);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
    return scalar(ctx, (const char *)s, n, false);
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, NULL, NULL, on_number, on_string,
    on_start_map, on_key, on_end, on_start_array, on_end,
};

/* yajl allocates through accord's functions: out of memory ends the run
   cleanly (arena.c) instead of inside yajl, which does not check. */
static void *y_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return xmalloc(n);
}

static void *y_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return xrealloc(p, n);
}

static void y_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static yajl_alloc_funcs allocs = {y_malloc, y_realloc, y_free, NULL};

/* The parser's own reason for stopping in the text s (n bytes, from line
   first_line), unless the callbacks gave one. */
static void parse_error(JsonState *st, const char *s, size_t n, unsigned long first_line)
{
    if (st->err->msg[0])
        return;
    unsigned char *m = yajl_get_error(st->h, 0, (const unsigned char *)s, n);
    size_t off = yajl_get_bytes_consumed(st->h);
    unsigned long line = first_line;
    for (size_t i = 0; i < off && i < n; i++)
        line += s[i] == '\n';
    ev_error(st->err, line, "not valid JSON: %s", m ? (const char *)m : "parse error");
    size_t len = strlen(st->err->msg);
    while (len > 0 && (st->err->msg[len - 1] == '\n' || st->err->msg[len - 1] == ' '))
        st->err->msg[--len] = '\0';
    if (m)
        yajl_free_error(st->h, m);
}

static void close_frames(JsonState *st)
{
    for (int i = st->depth - 1; i >= 0; i--)
        free_frame(st, &st->stack[i]);
    st->depth = 0;
}

/* Parses one JSON text into out. */
static bool parse_text(JsonState *st, const char *s, size_t n, unsigned long first_line)
{
    st->buf = s;
    st->seen = 0;
    st->line = first_line;
    st->depth = 0;
    st->h = yajl_alloc(&callbacks, &allocs, st);
    if (!st->h) {
        ev_error(st->err, 0, "out of memory");
        return false;
    }
    yajl_status rc = yajl_parse(st->h, (const unsigned char *)s, n);
    if (rc == yajl_status_ok)
        rc = yajl_complete_parse(st->h);
    bool ok = rc == yajl_status_ok && !st->err->msg[0];
    if (!ok)
        parse_error(st, s, n, first_line);
    close_frames(st);
    yajl_free(st->h);
    st->h = NULL;
    return ok;
}

/* Reads the lines of a JSON Lines text, each non-blank one a value, with
   one parser: a parser per line cost a tenth of the reading in its
   allocations. Each line is fed, then one space (so that a number at its
   end ends); a line whose value has not ended by then is "premature EOF",
   one with more after its value "trailing garbage", as a parser of its
   own would say. */
static bool parse_lines(JsonState *st, const char *s, const char *end)
{
    st->h = yajl_alloc(&callbacks, &allocs, st);
    if (!st->h) {
        ev_error(st->err, 0, "out of memory");
        return false;
    }
    yajl_config(st->h, yajl_allow_multiple_values, 1);
    bool ok = true;
    unsigned long line = 1;
    while (ok && s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        const char *t = s;
        while (t < e && (*t == ' ' || *t == '\t' || *t == '\r'))
            t++;
        if (t < e) {
            size_t n = (size_t)(e - s);
            st->chunk = s;   /* lines are not counted inside: cur_line */
            st->chunk_len = n;
            st->line = line;
            st->done = false;
            yajl_status rc = yajl_parse(st->h, (const unsigned char *)s, n);
            if (rc == yajl_status_ok && !st->err->msg[0] && !st->done) {
                st->chunk_len = 0;
                rc = yajl_parse(st->h, (const unsigned char *)" ", 1);
            }
            ok = rc == yajl_status_ok && !st->err->msg[0];
            if (!ok)
                parse_error(st, s, n, line);
            else if (!st->done) {
                ev_error(st->err, line, "not valid JSON: parse error: premature EOF");
                ok = false;
            }
        }
        line++;
        s = e + 1;
    }
    close_frames(st);
    yajl_free(st->h);
    st->h = NULL;
    return ok;
}

/* Reads a JSON file, or with lines a JSON Lines file, into out. */
static bool read_any(const char *buf, size_t len, bool lines, const char *top, int max_depth,
                     EvOut *out)
{
    ReadError *err = out->err;
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (!prescan(buf + skip, len - skip, err))
        return false;
    JsonState st = {0};
    st.err = err;
    st.max_depth = max_depth;
    st.out = out;
    st.lines = lines;
    bool ok = true;
    if (!lines) {
        st.top = top;
        ok = parse_text(&st, buf + skip, len - skip, 1);
    } else {
        /* each non-blank line is one value: an `item` of the root */
        ok = out->start(out, "json", 0, NULL, false, 1);
        st.top = "item";
        ok = ok && parse_lines(&st, buf + skip, buf + len);
        if (ok)
            out->end(out);
    }
    free(st.stack);
    free(st.pool);
    free(st.keys);
    return ok && !err->msg[0];
}

static xmlDocPtr read_tree(const char *buf, size_t len, bool lines, const ReadLimits *lim,
                           ReadError *err)
{
    EvTree t;
    if (!ev_tree_init(&t, "json", lim, err))
        return NULL;
    return ev_tree_finish(&t, read_any(buf, len, lines, "json", lim->max_depth, &t.out));
}

xmlDocPtr read_json(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    return read_tree(buf, len, false, lim, err);
}

xmlDocPtr read_jsonl(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    return read_tree(buf, len, true, lim, err);
}

bool read_json_events(const char *buf, size_t len, const ReadLimits *lim,
                      const XmlEvents *events, void *user, ReadError *err)
{
    EvEmit e;
    ev_emit_init(&e, events, user, err);
    return read_any(buf, len, false, "json", lim->max_depth, &e.out);
}

bool read_jsonl_events(const char *buf, size_t len, const ReadLimits *lim,
                       const XmlEvents *events, void *user, ReadError *err)
{
    EvEmit e;
    ev_emit_init(&e, events, user, err);
    return read_any(buf, len, true, "json", lim->max_depth, &e.out);
}

bool read_json_out(const char *buf, size_t len, const ReadLimits *lim, EvOut *out)
{
    return read_any(buf, len, false, "json", lim->max_depth, out);
}

bool read_jsonl_out(const char *buf, size_t len, const ReadLimits *lim, EvOut *out)
{
    return read_any(buf, len, true, "json", lim->max_depth, out);
}

bool read_json_text(const char *buf, size_t len, const char *top, int max_depth, EvOut *out)
{
    return read_any(buf, len, false, top, max_depth, out);
}
