/* map.h - string-keyed hash tables in an arena, for the symbol tables.
 * Keys are not copied: they must live as long as the map (in the arena).
 * Insertion order is kept, so that iteration (for suggestions) is stable. */
#ifndef ACCORD_MAP_H
#define ACCORD_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct Map {
    Arena *arena;
    const char **keys;  /* insertion order */
    size_t *lens;       /* their lengths (map_get_n compares them first) */
    void **vals;
    size_t n, cap;      /* entries; slots in the table (power of two) */
    size_t *slots;      /* index + 1 into keys/vals, 0 for empty */
} Map;

/* A hash of n bytes (map.c): the one hash of accord's tables (maps, indexes,
   the readers' key sets and name tables). */
uint64_t hash_bytes(const void *p, size_t n);

Map *map_new(Arena *a);
void *map_get(const Map *m, const char *key);
/* The same for the len bytes at key (no NUL among them; not terminated). */
void *map_get_n(const Map *m, const char *key, size_t len);
/* Inserts key unless present; returns the value already there, or NULL. */
void *map_put(Map *m, const char *key, void *val);

#endif
