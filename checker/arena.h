/* arena.h - the one memory rule of the compiler.
 *
 * Everything built from one standard (source text, tokens, the tree, symbols,
 * types, diagnostics' helpers) is allocated from one Arena and freed at once by
 * arena_free. Nothing allocated from an arena is freed on its own, and nothing
 * outside the arena points into it after it is freed. This is why the parser
 * needs no %destructor: error paths leak nothing because the arena owns it all.
 *
 * The x* wrappers allocate from the C heap and end the program with a message
 * on out-of-memory (as jq's jv_alloc.c does): a compiler that cannot allocate
 * cannot do anything useful, and checking every small allocation would hide
 * the logic.
 */
#ifndef ACCORD_ARENA_H
#define ACCORD_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *a);                 /* NULL-safe */
void *arena_alloc(Arena *a, size_t n);     /* zeroed, aligned for any type */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Moves everything from's holds into a, and frees from: what was made in
   a scratch arena turns out to be kept. */
void arena_adopt(Arena *a, Arena *from);
size_t arena_used(const Arena *a);         /* bytes handed out, for tests */
/* Room for one more item in an array of n items of size bytes kept in the
   arena: items itself while n < *cap, else a copy in twice the space (at
   least 8), *cap updated. The old array stays in the arena until it is
   freed; arrays that grow large belong on the heap (see arena_own). */
void *arena_grow(Arena *a, void *items, int n, int *cap, size_t size);

/* Hands a malloc'ed block to the arena: it is freed with the arena. Large
   arrays that grow by realloc (evidence values) are built on the heap and
   then owned, rather than regrown inside the arena. */
void arena_own(Arena *a, void *p);

/* malloc and friends that never return NULL: out of memory prints
   "accord: out of memory" and exits with status 2 (out_of_memory). */
void *xmalloc(size_t n);
void out_of_memory(void) __attribute__((noreturn));
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#define NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))

#endif
