/* envelope.c - DSSE envelopes and in-toto Statements; see envelope.h.
 *
 * Reading: yajl's tree parser, behind a first pass that closes what it
 * leaves open for an adversary's file: a NUL (the parser reads a C
 * string), comments (yajl_tree_parse allows them; JSON does not) and
 * nesting deeper than a Statement has (freeing yajl's tree recurses).
 * Duplicate members are refused where they are looked up, so that no
 * reader can take the first and another the last.
 */
#define _POSIX_C_SOURCE 200809L
#include "envelope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

/* A Statement nests four deep (predicate, configuration, descriptor,
   digest); anything deeper is not one. */
enum { MAX_JSON_DEPTH = 8 };

/* ---- base64 --------------------------------------------------------------- */

char *base64_encode(Arena *a, const unsigned char *data, size_t n)
{
    if (n > (size_t)0x7fffffff / 4 * 3 - 3)
        out_of_memory();
    char *out = arena_alloc(a, (n + 2) / 3 * 4 + 1);
    EVP_EncodeBlock((unsigned char *)out, data, (int)n);
    return out;
}

/* Decodes strict base64 (standard alphabet, padded, nothing else); NULL
   when s is not that. */
static unsigned char *base64_decode(Arena *a, const char *s, size_t n, size_t *len)
{
    if (n % 4 != 0 || n > 0x7ffffff0)
        return NULL;
    size_t pad = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                  || c == '+' || c == '/';
        if (c == '=' && i >= n - 2) {
            pad++;
            continue;
        }
        if (!ok || pad)          /* '=' only at the end */
            return NULL;
    }
    unsigned char *out = arena_alloc(a, n / 4 * 3 + 1);
    int got = n ? EVP_DecodeBlock(out, (const unsigned char *)s, (int)n) : 0;
    if (got < 0 || (size_t)got < pad)
        return NULL;
    *len = (size_t)got - pad;
    out[*len] = '\0';
    return out;
}

/* ---- writing -------------------------------------------------------------- */

unsigned char *dsse_pae(const char *type, const unsigned char *body, size_t n, size_t *len)
{
    char head[64];
    size_t tl = strlen(type);
    int hl = snprintf(head, sizeof head, "DSSEv1 %zu ", tl);
    char mid[32];
    int ml = snprintf(mid, sizeof mid, " %zu ", n);
    *len = (size_t)hl + tl + (size_t)ml + n;
    unsigned char *out = xmalloc(*len);
    memcpy(out, head, (size_t)hl);
    memcpy(out + hl, type, tl);
    memcpy(out + (size_t)hl + tl, mid, (size_t)ml);
    memcpy(out + (size_t)hl + tl + (size_t)ml, body, n);
    return out;
}

static yajl_gen gen_new(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    if (!g)
        out_of_memory();
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    return g;
}

static bool str(yajl_gen g, const char *s)
{
    return yajl_gen_string(g, (const unsigned char *)s, strlen(s)) == yajl_gen_status_ok;
}

/* The generator's text, malloc'ed; NULL when any call failed. */
static char *gen_done(yajl_gen g, bool ok, size_t *len)
{
    const unsigned char *buf;
    char *out = NULL;
    if (ok && yajl_gen_get_buf(g, &buf, len) == yajl_gen_status_ok) {
        out = xmalloc(*len + 1);
        memcpy(out, buf, *len);
        out[*len] = '\0';
    }
    yajl_gen_free(g);
    return out;
}

static bool descriptors(yajl_gen g, const Subject *s, int n)
{
    bool ok = yajl_gen_array_open(g) == yajl_gen_status_ok;
    for (int i = 0; ok && i < n; i++)
        ok = yajl_gen_map_open(g) == yajl_gen_status_ok && str(g, "name") && str(g, s[i].name)
             && str(g, "digest") && yajl_gen_map_open(g) == yajl_gen_status_ok
             && str(g, "sha256") && str(g, s[i].sha256)
             && yajl_gen_map_close(g) == yajl_gen_status_ok
             && yajl_gen_map_close(g) == yajl_gen_status_ok;
    return ok && yajl_gen_array_close(g) == yajl_gen_status_ok;
}

static const char *const test_names[3] = {"passedTests", "failedTests", "warnedTests"};

char *statement_json(const Statement *s, size_t *len)
{
    yajl_gen g = gen_new();
    bool ok = yajl_gen_map_open(g) == yajl_gen_status_ok && str(g, "_type")
              && str(g, INTOTO_STATEMENT) && str(g, "subject")
              && descriptors(g, s->subjects, s->nsubjects) && str(g, "predicateType")
              && str(g, TEST_RESULT_PREDICATE) && str(g, "predicate")
              && yajl_gen_map_open(g) == yajl_gen_status_ok && str(g, "result")
              && str(g, s->result) && str(g, "configuration")
              && descriptors(g, s->config, s->nconfig);
    for (int t = 0; ok && t < 3; t++) {
        ok = str(g, test_names[t]) && yajl_gen_array_open(g) == yajl_gen_status_ok;
        for (int i = 0; ok && i < s->ntests[t]; i++)
            ok = str(g, s->tests[t][i]);
        ok = ok && yajl_gen_array_close(g) == yajl_gen_status_ok;
    }
    ok = ok && yajl_gen_map_close(g) == yajl_gen_status_ok
         && yajl_gen_map_close(g) == yajl_gen_status_ok;
    return gen_done(g, ok, len);
}

char *envelope_json(const Envelope *e, size_t *len)
{
    Arena *a = arena_new();
    yajl_gen g = gen_new();
    bool ok = yajl_gen_map_open(g) == yajl_gen_status_ok && str(g, "payloadType")
              && str(g, e->payload_type) && str(g, "payload")
              && str(g, base64_encode(a, e->payload, e->payload_len)) && str(g, "signatures")
              && yajl_gen_array_open(g) == yajl_gen_status_ok;
    for (int i = 0; ok && i < e->nsigs; i++)
        ok = yajl_gen_map_open(g) == yajl_gen_status_ok && str(g, "keyid")
             && str(g, e->sigs[i].keyid) && str(g, "sig")
             && str(g, base64_encode(a, e->sigs[i].sig, e->sigs[i].len))
             && yajl_gen_map_close(g) == yajl_gen_status_ok;
    ok = ok && yajl_gen_array_close(g) == yajl_gen_status_ok
         && yajl_gen_map_close(g) == yajl_gen_status_ok;
    char *out = gen_done(g, ok, len);
    arena_free(a);
    return out;
}

/* ---- reading -------------------------------------------------------------- */

/* The first pass: false with *why for a NUL, a comment or nesting deeper
   than MAX_JSON_DEPTH (the parser says what else is wrong). */
static bool prescan(Arena *a, const char *s, size_t n, const char **why)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\0') {
            *why = arena_printf(a, "a NUL byte at offset %zu", i);
            return false;
        }
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > MAX_JSON_DEPTH) {
                *why = arena_printf(a, "nested deeper than %d levels", MAX_JSON_DEPTH);
                return false;
            }
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (c == '/') {
            *why = "a comment (JSON has none)";
            return false;
        }
    }
    return true;
}

/* Parses JSON text into a yajl tree: NULL with *why. */
static yajl_val parse(Arena *a, const char *text, size_t n, const char **why)
{
    if (!prescan(a, text, n, why))
        return NULL;
    char *z = arena_strndup(a, text, n);
    char err[256] = "";
    yajl_val v = yajl_tree_parse(z, err, sizeof err);
    if (!v) {
        /* yajl's message quotes the text around the error: cut at its
           first line, and keep only printable ASCII of it */
        char *nl = strchr(err, '\n');
        if (nl)
            *nl = '\0';
        for (char *p = err; *p; p++)
            if (*p < 0x20 || *p > 0x7e)
                *p = '?';
        *why = arena_printf(a, "not well-formed JSON: %s", err[0] ? err : "parse error");
    }
    return v;
}

/* The member name of object o, NULL when o has none; *dup set when it has
   two or more (a reader must not pick one). */
static yajl_val member(yajl_val o, const char *name, bool *dup)
{
    yajl_val found = NULL;
    for (size_t i = 0; i < o->u.object.len; i++)
        if (strcmp(o->u.object.keys[i], name) == 0) {
            if (found)
                *dup = true;
            found = o->u.object.values[i];
        }
    return found;
}

/* Whether o is an object whose members are exactly names (each once). */
static bool exactly(Arena *a, yajl_val o, const char *what, const char *const *names, int n,
                    const char **why)
{
    if (!YAJL_IS_OBJECT(o)) {
        *why = arena_printf(a, "%s is not a JSON object", what);
        return false;
    }
    for (size_t i = 0; i < o->u.object.len; i++) {
        const char *k = o->u.object.keys[i];
        int j = 0;
        while (j < n && strcmp(names[j], k) != 0)
            j++;
        bool dup = false;
        if (j == n || (member(o, k, &dup), dup)) {
            char safe[41];
            snprintf(safe, sizeof safe, "%s", k);
            for (char *p = safe; *p; p++)
                if (*p < 0x20 || *p > 0x7e)
                    *p = '?';
            *why = arena_printf(a, "%s has %s member '%s'", what,
                                j == n ? "an unknown" : "a duplicated", safe);
            return false;
        }
    }
    for (int j = 0; j < n; j++) {
        bool dup = false;
        if (!member(o, names[j], &dup)) {
            *why = arena_printf(a, "%s lacks '%s'", what, names[j]);
            return false;
        }
    }
    return true;
}

/* The string member name of o (exactly checked already), in a; NULL with
   *why when it is not a string. */
static const char *string_of(Arena *a, yajl_val o, const char *name, const char *what,
                             const char **why)
{
    bool dup = false;
    yajl_val v = member(o, name, &dup);
    if (!YAJL_IS_STRING(v)) {
        *why = arena_printf(a, "%s: '%s' is not a string", what, name);
        return NULL;
    }
    return arena_strdup(a, v->u.string);
}

bool envelope_read(Arena *a, const char *text, size_t n, Envelope *e, const char **why)
{
    memset(e, 0, sizeof *e);
    yajl_val root = parse(a, text, n, why);
    if (!root)
        return false;
    static const char *const top[] = {"payloadType", "payload", "signatures"};
    static const char *const sigm[] = {"keyid", "sig"};
    bool ok = exactly(a, root, "the envelope", top, 3, why);
    const char *payload = NULL;
    if (ok) {
        e->payload_type = string_of(a, root, "payloadType", "the envelope", why);
        payload = e->payload_type ? string_of(a, root, "payload", "the envelope", why) : NULL;
        ok = payload != NULL;
    }
    if (ok) {
        e->payload = base64_decode(a, payload, strlen(payload), &e->payload_len);
        if (!e->payload) {
            *why = "the envelope's payload is not base64";
            ok = false;
        }
    }
    bool dup = false;
    yajl_val sigs = ok ? member(root, "signatures", &dup) : NULL;
    if (ok && !YAJL_IS_ARRAY(sigs)) {
        *why = "the envelope's 'signatures' is not an array";
        ok = false;
    }
    if (ok) {
        e->sigs = arena_alloc(a, sizeof(Signature) * (sigs->u.array.len + 1));
        for (size_t i = 0; ok && i < sigs->u.array.len; i++) {
            const char *what = arena_printf(a, "signature %zu", i + 1);
            yajl_val s = sigs->u.array.values[i];
            Signature *g = &e->sigs[e->nsigs];
            const char *sig = NULL;
            ok = exactly(a, s, what, sigm, 2, why)
                 && (g->keyid = string_of(a, s, "keyid", what, why)) != NULL
                 && (sig = string_of(a, s, "sig", what, why)) != NULL;
            if (ok && !(g->sig = base64_decode(a, sig, strlen(sig), &g->len))) {
                *why = arena_printf(a, "%s: 'sig' is not base64", what);
                ok = false;
            }
            e->nsigs += ok;
        }
    }
    yajl_tree_free(root);
    return ok;
}

/* Reads an array of resource descriptors {"name", "digest": {"sha256"}}. */
static bool read_descriptors(Arena *a, yajl_val arr, const char *what, Subject **out, int *n,
                             const char **why)
{
    if (!YAJL_IS_ARRAY(arr)) {
        *why = arena_printf(a, "the statement's %s is not an array", what);
        return false;
    }
    static const char *const dm[] = {"name", "digest"};
    static const char *const hm[] = {"sha256"};
    *out = arena_alloc(a, sizeof(Subject) * (arr->u.array.len + 1));
    *n = 0;
    for (size_t i = 0; i < arr->u.array.len; i++) {
        const char *w = arena_printf(a, "%s %zu", what, i + 1);
        yajl_val d = arr->u.array.values[i];
        bool dup = false;
        Subject *s = &(*out)[*n];
        if (!exactly(a, d, w, dm, 2, why) || !(s->name = string_of(a, d, "name", w, why))
            || !exactly(a, member(d, "digest", &dup), arena_printf(a, "%s's digest", w), hm, 1,
                        why)
            || !(s->sha256 = string_of(a, member(d, "digest", &dup), "sha256", w, why)))
            return false;
        (*n)++;
    }
    return true;
}

bool statement_read(Arena *a, const unsigned char *json, size_t n, Statement *s,
                    const char **why)
{
    memset(s, 0, sizeof *s);
    yajl_val root = parse(a, (const char *)json, n, why);
    if (!root)
        return false;
    static const char *const top[] = {"_type", "subject", "predicateType", "predicate"};
    static const char *const pm[] = {"result", "configuration", "passedTests", "failedTests",
                                     "warnedTests"};
    bool dup = false, ok = exactly(a, root, "the statement", top, 4, why);
    const char *type = ok ? string_of(a, root, "_type", "the statement", why) : NULL;
    const char *ptype = type ? string_of(a, root, "predicateType", "the statement", why) : NULL;
    ok = ptype != NULL;
    if (ok && (strcmp(type, INTOTO_STATEMENT) != 0 || strcmp(ptype, TEST_RESULT_PREDICATE) != 0)) {
        *why = "the statement is not an in-toto Statement v1 with the test-result predicate";
        ok = false;
    }
    yajl_val pred = ok ? member(root, "predicate", &dup) : NULL;
    ok = ok && read_descriptors(a, member(root, "subject", &dup), "subject", &s->subjects,
                                &s->nsubjects, why)
         && exactly(a, pred, "the predicate", pm, 5, why)
         && (s->result = string_of(a, pred, "result", "the predicate", why)) != NULL
         && read_descriptors(a, member(pred, "configuration", &dup), "configuration",
                             &s->config, &s->nconfig, why);
    for (int t = 0; ok && t < 3; t++) {
        yajl_val arr = member(pred, test_names[t], &dup);
        if (!YAJL_IS_ARRAY(arr)) {
            *why = arena_printf(a, "the predicate's %s is not an array", test_names[t]);
            ok = false;
            break;
        }
        s->tests[t] = arena_alloc(a, sizeof(char *) * (arr->u.array.len + 1));
        for (size_t i = 0; ok && i < arr->u.array.len; i++) {
            yajl_val v = arr->u.array.values[i];
            if (!YAJL_IS_STRING(v)) {
                *why = arena_printf(a, "the predicate's %s holds a value that is not a string",
                                    test_names[t]);
                ok = false;
            } else {
                s->tests[t][s->ntests[t]++] = arena_strdup(a, v->u.string);
            }
        }
    }
    yajl_tree_free(root);
    return ok;
}
