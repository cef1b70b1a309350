/* map.h - string-keyed hash tables in an arena, for the symbol tables.
 * Keys are not copied: they must live as long as the map (in the arena).
 * Insertion order is kept, so that iteration (for suggestions) is stable. */
#ifndef ACCORD_MAP_H
#define ACCORD_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

typedef struct Map {
    Arena *arena;
    const char **keys;  /* insertion order */
    size_t *lens;       /* their lengths (map_get_n compares them first) */
    void **vals;
    size_t n, cap;      /* entries; slots in the table (power of two) */
    size_t *slots;      /* index + 1 into keys/vals, 0 for empty */
} Map;

/* A hash of n bytes: the one hash of accord's tables (maps, indexes, the
   readers' key sets and name tables). Eight bytes a step, the last step
   reading the last eight bytes (overlapping the one before) or, for
   fewer, every byte in two or three loads, then MurmurHash3's final mix:
   every JSON key and interned string of a file is hashed, and keys are
   short (byte by byte, FNV-1a, it was a tenth of reading JSON Lines).
   Inline, for the readers call it per key. Only look-ups depend on it: no
   order anything is written in does. */
static inline uint64_t hash_bytes(const void *p, size_t n)
{
    const unsigned char *u = p;
    const uint64_t m = 0xff51afd7ed558ccdull;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
    size_t k = n;
    for (; k > 8; u += 8, k -= 8) {
        memcpy(&w, u, 8);
        h = (h ^ w) * m;
        h ^= h >> 32;
    }
    if (n >= 8) {
        memcpy(&w, u + k - 8, 8);
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, u, 4);
        memcpy(&hi, u + n - 4, 4);
        w = lo | (uint64_t)hi << 32;
    } else {
        w = n ? u[0] | (uint64_t)u[n / 2] << 8 | (uint64_t)u[n - 1] << 16 : 0;
    }
    h = (h ^ w) * m;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

Map *map_new(Arena *a);
void *map_get(const Map *m, const char *key);
/* The same for the len bytes at key (no NUL among them; not terminated). */
void *map_get_n(const Map *m, const char *key, size_t len);
/* Inserts key unless present; returns the value already there, or NULL. */
void *map_put(Map *m, const char *key, void *val);

#endif
