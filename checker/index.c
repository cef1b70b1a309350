/* index.c - see index.h. Open addressing over the distinct values (tuples
 * of values), each with its positions chained in order through one array. */
#include "index.h"

#include <stdlib.h>
#include <string.h>

typedef struct Entry {
    uint64_t hash;
    uint32_t first, last;    /* positions + 1; 0: an empty slot */
} Entry;

struct ColIndex {
    const RecSet *set;
    const uint32_t *idx;
    size_t count;
    int nfields;
    int field[MAX_INDEX_FIELDS];
    VKind kind[MAX_INDEX_FIELDS];   /* of the cells indexed, per field */
    size_t bad;              /* the first position without a usable cell */
    uint32_t *next;          /* per position: the next one with the same
                                value, + 1; 0 for none */
    Entry *slots;
    size_t mask;
};

static const Cell *cell_at(const ColIndex *ix, size_t pos, int i)
{
    size_t r = ix->idx ? ix->idx[pos] : pos;
    return &ix->set->cols[ix->field[i]][r];
}


static uint64_t hash_num(double x)
{
    if (x == 0)
        x = 0;
    return hash_bytes(&x, sizeof x);
}

static uint64_t hash_value(int kind, const char *str, size_t len, double num)
{
    return kind == V_STR ? hash_bytes(str, len) : hash_num(num);
}

static bool same(const Cell *c, VKind kind, const char *str, size_t len, double num)
{
    if (kind == V_STR)      /* repeated evidence strings are kept once (bind.c) */
        return c->len == len && (c->s == str || memcmp(c->s, str, len) == 0);
    return c->num == num;
}

/* Whether position pos holds the tuple k (cells when kc, else values). */
static bool same_tuple(const ColIndex *ix, size_t pos, const Cell *const *kc, const Value *kv)
{
    for (int i = 0; i < ix->nfields; i++) {
        const Cell *c = cell_at(ix, pos, i);
        bool eq = kc ? same(c, ix->kind[i], kc[i]->s, kc[i]->len, kc[i]->num)
                     : same(c, ix->kind[i], kv[i].s, kv[i].len, kv[i].num);
        if (!eq)
            return false;
    }
    return true;
}

/* The slot of the tuple kc (cells) or kv (values) whose hash is h: its
   entry, or the empty slot where it would go. */
static Entry *slot_of(const ColIndex *ix, uint64_t h, const Cell *const *kc, const Value *kv)
{
    for (size_t i = (size_t)h & ix->mask;; i = (i + 1) & ix->mask) {
        Entry *e = &ix->slots[i];
        if (!e->first)
            return e;
        if (e->hash == h && same_tuple(ix, e->first - 1, kc, kv))
            return e;
    }
}

/* Doubles the table, its entries placed again by their hashes. */
static void grow(ColIndex *ix, size_t *cap)
{
    Entry *old = ix->slots;
    size_t n = *cap;
    *cap *= 2;
    ix->mask = *cap - 1;
    ix->slots = xcalloc(*cap, sizeof(Entry));
    for (size_t i = 0; i < n; i++) {
        if (!old[i].first)
            continue;
        size_t j = (size_t)old[i].hash & ix->mask;
        while (ix->slots[j].first)
            j = (j + 1) & ix->mask;
        ix->slots[j] = old[i];
    }
    free(old);
}

ColIndex *colindex_build(Arena *a, const RecSet *set, const uint32_t *idx, size_t count,
                         const int *fields, int nfields)
{
    ColIndex *ix = NEW(a, ColIndex);
    ix->set = set;
    ix->idx = idx;
    ix->count = count;
    ix->nfields = nfields;
    for (int i = 0; i < nfields; i++) {
        ix->field[i] = fields[i];
        ix->kind[i] = V_NONE;
    }
    ix->bad = count;
    /* the table grows with the distinct tuples, which are usually few
       (categories, outcomes): sized for the records, it would be cleared
       and walked through cold memory for each index */
    size_t cap = 64, used = 0;
    ix->mask = cap - 1;
    ix->slots = xcalloc(cap, sizeof(Entry));
    ix->next = xcalloc(count + 1, sizeof(uint32_t));
    arena_own(a, ix->next);
    /* the hashes of strings seen last, by address: repeated evidence
       strings are kept once (bind.c), so a column of categories has a few
       addresses, each hashed once rather than per record */
    struct { const char *s; uint32_t len; uint64_t h; } seen[64] = {{0}};
    for (size_t pos = 0; pos < count && ix->bad == count; pos++) {
        const Cell *kc[MAX_INDEX_FIELDS];
        uint64_t h = 0;
        for (int i = 0; i < nfields; i++) {
            const Cell *c = kc[i] = cell_at(ix, pos, i);
            if (c->kind == V_NONE || c->kind == V_ERR) {
                ix->bad = pos;
                break;   /* nothing after it is ever looked at */
            }
            if (ix->kind[i] == V_NONE)
                ix->kind[i] = (VKind)c->kind;
            uint64_t hv;
            if (c->kind == V_STR) {
                size_t at = ((uintptr_t)c->s >> 3) & 63;
                if (seen[at].s != c->s || seen[at].len != c->len) {
                    seen[at].s = c->s;
                    seen[at].len = c->len;
                    seen[at].h = hash_bytes(c->s, c->len);
                }
                hv = seen[at].h;
            } else {
                hv = hash_num(c->num);
            }
            h = h * 1099511628211ull ^ hv;
        }
        if (ix->bad < count)
            break;
        Entry *e = slot_of(ix, h, kc, NULL);
        if (!e->first) {
            if (2 * (used + 1) > cap) {
                grow(ix, &cap);
                e = slot_of(ix, h, kc, NULL);
            }
            used++;
            e->hash = h;
            e->first = (uint32_t)pos + 1;
        } else {
            ix->next[e->last - 1] = (uint32_t)pos + 1;
        }
        e->last = (uint32_t)pos + 1;
    }
    arena_own(a, ix->slots);
    return ix;
}

size_t colindex_bad(const ColIndex *ix)
{
    return ix->bad;
}

VKind colindex_kind(const ColIndex *ix, int i)
{
    return ix->kind[i];
}

size_t colindex_first(const ColIndex *ix, const Value *k)
{
    uint64_t h = 0;
    for (int i = 0; i < ix->nfields; i++) {
        if (ix->kind[i] == V_NONE || (VKind)k[i].kind != ix->kind[i])
            return ix->count;
        h = h * 1099511628211ull ^ hash_value(k[i].kind, k[i].s, k[i].len, k[i].num);
    }
    const Entry *e = slot_of(ix, h, NULL, k);
    return e->first ? e->first - 1 : ix->count;
}

size_t colindex_next(const ColIndex *ix, size_t pos)
{
    uint32_t n = ix->next[pos];
    return n ? n - 1 : ix->count;
}
