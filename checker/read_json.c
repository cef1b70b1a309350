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
 * Mapping (§5): the root element is `json`; an object member k is an
 * element k (or `_` with key="k" when k is not a usable XML name); each item
 * of an array value of member k is an element k; items of an array that is
 * itself an array item, or the root, are elements `item`; scalars are text
 * in their JSON spelling; null is an empty element with null="true".
 */
#define _POSIX_C_SOURCE 200809L
#include "arena.h"
#include "evidence.h"

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "utf8.h"

/* One open object or array. */
typedef struct Frame {
    bool is_array;
    xmlNodePtr node;         /* objects: their element; arrays: the parent of
                                the items' elements */
    char *member;            /* an array that is a member's value: that key
                                (owned); its items are named after it */
    bool member_ok;          /* the key is usable as an element name */
    char **keys;             /* objects: the keys seen (open addressing) */
    size_t nkeys, cap;
} Frame;

typedef struct JsonState {
    ReadError *err;
    const char *buf;         /* the text of the current parse */
    yajl_handle h;
    unsigned long line;      /* line at offset `seen` */
    size_t seen;
    xmlDocPtr doc;
    xmlNodePtr root;
    Frame *stack;
    int depth, cap;
    int max_depth;
    long long nodes_left, max_nodes;
    char *key;               /* the pending member name */
    size_t keylen;
} JsonState;

/* Line of the token the parser has just read. */
static unsigned long cur_line(JsonState *st)
{
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
    for (size_t i = 0; i < bad; i++)
        if (s[i] == '\f') {
            bad = i;
            break;
        }
    for (size_t i = 0; i < bad; i++) {
        if (s[i] != '\\' || i + 1 >= n)
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

/* The element of a value about to start, made under the right parent with
   the right name (see the mapping in the header comment). */
static xmlNodePtr new_value_node(JsonState *st, unsigned long line)
{
    Frame *f = top(st);
    if (!f) {
        ev_set_line(st->root, line);
        return st->root;     /* `json`, or a JSON Lines `item` */
    }
    const char *name, *keyattr = NULL;
    if (f->is_array) {
        name = !f->member ? "item" : f->member_ok ? f->member : "_";
        if (f->member && !f->member_ok)
            keyattr = f->member;
    } else {
        bool ok = ev_name_ok(st->key, st->keylen);
        name = ok ? st->key : "_";
        if (!ok)
            keyattr = st->key;
    }
    if (!ev_take_nodes(&st->nodes_left, keyattr ? 2 : 1, st->max_nodes, line, st->err))
        return NULL;
    xmlNodePtr n = xmlNewDocNode(st->doc, NULL, (const xmlChar *)name, NULL);
    if (!n || !xmlAddChild(f->node, n)) {
        xmlFreeNode(n);
        oom(st);
        return NULL;
    }
    if (keyattr && !xmlNewProp(n, (const xmlChar *)"key", (const xmlChar *)keyattr)) {
        oom(st);
        return NULL;
    }
    ev_set_line(n, line);
    return n;
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

static void free_frame(Frame *f)
{
    for (size_t i = 0; i < f->cap; i++)
        free(f->keys[i]);
    free(f->keys);
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
        nf.node = f->node;
        nf.member = strndup(st->key, st->keylen);
        if (!nf.member)
            return oom(st);
        nf.member_ok = ev_name_ok(st->key, st->keylen);
    } else {
        nf.node = new_value_node(st, line);
        if (!nf.node)
            return false;
    }
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

static int on_end(void *ctx)
{
    JsonState *st = ctx;
    free_frame(top(st));
    st->depth--;
    return 1;
}

static size_t hash_key(const char *s, size_t n)
{
    size_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Records key in the object's set; false (reported) on a duplicate. */
static bool note_key(JsonState *st, Frame *f, const char *k, size_t n)
{
    if ((f->nkeys + 1) * 2 > f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        char **keys = calloc(cap, sizeof(char *));
        if (!keys)
            return oom(st);
        for (size_t i = 0; i < f->cap; i++)
            if (f->keys[i]) {
                size_t j = hash_key(f->keys[i], strlen(f->keys[i])) & (cap - 1);
                while (keys[j])
                    j = (j + 1) & (cap - 1);
                keys[j] = f->keys[i];
            }
        free(f->keys);
        f->keys = keys;
        f->cap = cap;
    }
    size_t j = hash_key(k, n) & (f->cap - 1);
    while (f->keys[j]) {
        if (strlen(f->keys[j]) == n && memcmp(f->keys[j], k, n) == 0) {
            ev_error(st->err, cur_line(st), "duplicate key \"%.*s\" in an object (readers "
                     "disagree on which one counts)", n > 60 ? 60 : (int)n, k);
            return false;
        }
        j = (j + 1) & (f->cap - 1);
    }
    f->keys[j] = strndup(k, n);
    if (!f->keys[j])
        return oom(st);
    f->nkeys++;
    return true;
}

static int on_key(void *ctx, const unsigned char *k, size_t n)
{
    JsonState *st = ctx;
    if (memchr(k, 0, n)) {
        ev_error(st->err, cur_line(st), "a NUL in a key");
        return 0;
    }
    if (!note_key(st, top(st), (const char *)k, n))
        return 0;
    free(st->key);
    st->key = strndup((const char *)k, n);
    st->keylen = n;
    return st->key ? 1 : oom(st);
}

static int scalar(JsonState *st, const char *text, size_t n, bool null)
{
    xmlNodePtr node = new_value_node(st, cur_line(st));
    if (!node)
        return 0;
    if ((null || n > 0) && !ev_take_nodes(&st->nodes_left, 1, st->max_nodes, cur_line(st),
                                           st->err))
        return 0;
    if (null) {
        if (!xmlNewProp(node, (const xmlChar *)"null", (const xmlChar *)"true"))
            return oom(st);
    } else if (n > 0) {
        xmlNodePtr t = ev_new_text(st->doc, text, n);
        if (!t || !xmlAddChild(node, t)) {
            xmlFreeNode(t);
            return oom(st);
        }
    }
    return 1;
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
    JsonState *st = ctx;
    if (memchr(s, 0, n)) {
        ev_error(st->err, cur_line(st), "a NUL in a string");
        return 0;
    }
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

/* Parses one JSON text (a file, or one line of JSON Lines) into root. */
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
    if (!ok && !st->err->msg[0]) {
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
    for (int i = 0; i < st->depth; i++)
        free_frame(&st->stack[i]);
    st->depth = 0;
    yajl_free(st->h);
    st->h = NULL;
    return ok;
}

static xmlDocPtr read_any(const char *buf, size_t len, bool lines, const ReadLimits *lim,
                          ReadError *err)
{
    size_t skip = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (!prescan(buf + skip, len - skip, err))
        return NULL;
    JsonState st = {0};
    st.err = err;
    st.max_depth = lim->max_depth;
    st.nodes_left = st.max_nodes = lim->max_nodes;
    xmlNodePtr root;
    st.doc = ev_new_doc("json", &root);
    if (!st.doc) {
        ev_error(err, 0, "out of memory");
        return NULL;
    }
    ev_set_line(root, 1);
    bool ok = true;
    if (!lines) {
        st.root = root;
        ok = parse_text(&st, buf + skip, len - skip, 1);
    } else {
        /* each non-blank line is one value: an `item` of the root */
        unsigned long line = 1;
        const char *s = buf + skip, *end = buf + len;
        while (ok && s < end) {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            const char *e = nl ? nl : end;
            const char *t = s;
            while (t < e && (*t == ' ' || *t == '\t' || *t == '\r'))
                t++;
            if (t < e) {
                if (!ev_take_nodes(&st.nodes_left, 1, st.max_nodes, line, err)) {
                    ok = false;
                    break;
                }
                xmlNodePtr item = xmlNewDocNode(st.doc, NULL, (const xmlChar *)"item", NULL);
                if (!item || !xmlAddChild(root, item)) {
                    ev_error(err, 0, "out of memory");
                    ok = false;
                    break;
                }
                ev_set_line(item, line);
                st.root = item;
                ok = parse_text(&st, s, (size_t)(e - s), line);
            }
            line++;
            s = e + 1;
        }
    }
    free(st.stack);
    free(st.key);
    if (!ok) {
        xmlFreeDoc(st.doc);
        return NULL;
    }
    return st.doc;
}

xmlDocPtr read_json(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    return read_any(buf, len, false, lim, err);
}

xmlDocPtr read_jsonl(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    return read_any(buf, len, true, lim, err);
}
