/* map.c - open addressing with linear probing over hash_bytes (map.h). */
#include "map.h"

#include <stdint.h>
#include <string.h>

static size_t hash(const char *s)
{
    return (size_t)hash_bytes(s, strlen(s));
}

Map *map_new(Arena *a)
{
    Map *m = NEW(a, Map);
    m->arena = a;
    return m;
}

static size_t *find(const Map *m, const char *key)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask)
        if (!m->slots[i] || strcmp(m->keys[m->slots[i] - 1], key) == 0)
            return &m->slots[i];
}

void *map_get_n(const Map *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)hash_bytes(key, len) & mask;; i = (i + 1) & mask) {
        if (!m->slots[i])
            return NULL;
        size_t j = m->slots[i] - 1;
        if (m->lens[j] == len && memcmp(m->keys[j], key, len) == 0)
            return m->vals[j];
    }
}

void *map_get(const Map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t *s = find(m, key);
    return *s ? m->vals[*s - 1] : NULL;
}

static void grow(Map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    const char **keys = arena_alloc(m->arena, sizeof(char *) * cap / 2);
    void **vals = arena_alloc(m->arena, sizeof(void *) * cap / 2);
    size_t *lens = arena_alloc(m->arena, sizeof(size_t) * cap / 2);
    if (m->n) {
        memcpy(keys, m->keys, sizeof(char *) * m->n);
        memcpy(lens, m->lens, sizeof(size_t) * m->n);
        memcpy(vals, m->vals, sizeof(void *) * m->n);
    }
    m->keys = keys;
    m->vals = vals;
    m->lens = lens;
    m->slots = arena_alloc(m->arena, sizeof(size_t) * cap);
    m->cap = cap;
    for (size_t i = 0; i < m->n; i++)
        *find(m, m->keys[i]) = i + 1;
}

void *map_put(Map *m, const char *key, void *val)
{
    /* at most half full, so that probes stay short */
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    size_t *s = find(m, key);
    if (*s)
        return m->vals[*s - 1];
    m->keys[m->n] = key;
    m->lens[m->n] = strlen(key);
    m->vals[m->n] = val;
    *s = ++m->n;
    return NULL;
}
