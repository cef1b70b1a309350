/* arena.c - bump allocation in chunks; see arena.h for the ownership rule. */
#define _DEFAULT_SOURCE   /* madvise, MADV_HUGEPAGE */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct Chunk {
    struct Chunk *prev;
    size_t size, used;
    max_align_t data[];
} Chunk;

struct Arena {
    Chunk *top;
    size_t total;
    void **owned;
    size_t nowned, capowned;
};

/* Chunks grow with the arena, a quarter of what it holds, up to
   CHUNK_HUGE: the few arenas that grow large (a standard of 17 000
   requirements: 100 MB) then take their memory in huge pages where the
   kernel gives them on request (madvise), one page fault per 2 MiB rather
   than 512; clearing fresh memory page by page was a tenth of such a
   run. Small arenas (one per streamed file) stay at CHUNK_MIN. */
enum { CHUNK_MIN = 64 * 1024, CHUNK_HUGE = 4 * 1024 * 1024, HUGE_PAGE = 2 * 1024 * 1024 };

static Chunk *new_chunk(size_t size)
{
    if (size > SIZE_MAX - sizeof(Chunk) - HUGE_PAGE)
        out_of_memory();
    Chunk *c;
#ifdef MADV_HUGEPAGE
    if (size >= CHUNK_HUGE) {
        /* whole huge pages: the header is in the first one */
        size_t bytes = (sizeof(Chunk) + size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        void *p = NULL;
        if (posix_memalign(&p, HUGE_PAGE, bytes) != 0 || !p)
            out_of_memory();
        madvise(p, bytes, MADV_HUGEPAGE);   /* a hint: refused, nothing changes */
        c = p;
        c->size = bytes - sizeof(Chunk);
        c->used = 0;
        return c;
    }
#endif
    c = xmalloc(sizeof(Chunk) + size);
    c->size = size;
    c->used = 0;
    return c;
}

/* Out of memory ends the run with a message and exit 2, which promises
   that nothing was written (report.md §2): libxml2, libxslt and yajl
   allocate through the same functions (main.c, read_json.c), so that no
   library meets a NULL it might not survive. */
void out_of_memory(void)
{
    fputs("accord: out of memory\n", stderr);
    exit(2);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

Arena *arena_new(void)
{
    return xcalloc(1, sizeof(Arena));
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a->owned);
    for (Chunk *c = a->top, *prev; c; c = prev) {
        prev = c->prev;
        free(c);
    }
    free(a);
}

void arena_adopt(Arena *a, Arena *from)
{
    if (from->top) {
        Chunk *bottom = from->top;
        while (bottom->prev)
            bottom = bottom->prev;
        bottom->prev = a->top;
        a->top = from->top;
    }
    a->total += from->total;
    for (size_t i = 0; i < from->nowned; i++)
        arena_own(a, from->owned[i]);
    free(from->owned);
    free(from);
}

void *arena_alloc(Arena *a, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    Chunk *c = a->top;
    if (!c || c->size - c->used < n) {
        /* Large requests get a chunk of their own, so that a big source file
           does not waste the rest of a normal chunk. */
        size_t grown = a->total / 4 < CHUNK_MIN ? CHUNK_MIN
                     : a->total / 4 > CHUNK_HUGE ? CHUNK_HUGE : a->total / 4;
        size_t size = n > CHUNK_MIN / 4 ? n : grown;
        Chunk *fresh = new_chunk(size);
        if (c && n > CHUNK_MIN / 4 && c->size - c->used >= align) {
            /* keep bump-allocating from the current chunk afterwards */
            fresh->prev = c->prev;
            c->prev = fresh;
        } else {
            fresh->prev = c;
            a->top = fresh;
        }
        c = fresh;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strdup(a, "");
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const Arena *a)
{
    return a->total;
}

void arena_own(Arena *a, void *p)
{
    if (!p)
        return;
    if (a->nowned == a->capowned) {
        a->capowned = a->capowned ? a->capowned * 2 : 16;
        a->owned = xrealloc(a->owned, sizeof(void *) * a->capowned);
    }
    a->owned[a->nowned++] = p;
}

void *arena_grow(Arena *a, void *items, int n, int *cap, size_t size)
{
    if (n < *cap)
        return items;
    int grown = *cap ? *cap * 2 : 8;
    void *p = arena_alloc(a, size * (size_t)grown);
    if (n)
        memcpy(p, items, size * (size_t)n);
    *cap = grown;
    return p;
}
