/* prefetch.h - the files of a streamed declaration read ahead on a small
 * pool of threads (--jobs, prefetch.c).
 *
 * The reading of one file - its bytes, their SHA-256, the streaming reader,
 * the matcher of extract_xml.c and the conversion of its texts to values -
 * depends on nothing but the file, so workers do it for the next files
 * while the caller steps the aggregates of the current one. A worker
 * converts into a state of its own (PrefetchConv, bind.c's), which the
 * caller takes over file after file in their order. Every value, error and
 * limit is then met in the same order as when one thread reads, and the
 * report is the same byte for byte whatever the number of threads.
 */
#ifndef ACCORD_PREFETCH_H
#define ACCORD_PREFETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "evidence.h"
#include "extract_xml.h"

typedef struct Prefetch Prefetch;

/* One file, read. */
typedef struct Fetched {
    Arena *fa;               /* the file's arena (the extractor's node paths,
                                why); the caller owns and frees it */
    const char *why;         /* why the file could not be read, or NULL */
    const char *buf;         /* its bytes, valid until prefetch_next */
    size_t len;
    unsigned char sha256[32];
    bool hashed;             /* false when OpenSSL failed */
    bool ok;                 /* the reader took it; else err says why */
    ReadError err;
    void *conv;              /* what the group's PrefetchConv made of it
                                (when ok), the caller's until prefetch_next */
} Fetched;

/* How a worker converts a file it reads (bind.c): begin points sink at a
   conversion of the file rel into *state, its values in fa (*state is
   NULL at a slot's first file, then what begin left there, made anew by
   begin when it is for another ctx); free frees a state. */
typedef struct PrefetchConv {
    void (*begin)(const void *ctx, void **state, Arena *fa, const char *rel, XmlSink *sink);
    void (*free)(void *state);
} PrefetchConv;

/* A declaration's files to read, and the readers it reads them with
   (nothing per file: 100 000 files cost their names alone). */
typedef struct PrefetchGroup {
    const char *const *rels;
    size_t n;
    const XmlPlan *plan;
    const EvFormatInfo *fmt;
    const PrefetchConv *conv;
    const void *conv_ctx;    /* the declaration's, for conv->begin */
} PrefetchGroup;

/* Starts jobs - 1 threads reading root/REL for every REL of groups[0..ng)
   in turn (each inside real_root, at most max_size bytes); the caller is
   the other job. NULL when no thread could be started (the caller then
   reads the files itself). groups must outlive the pool. */
Prefetch *prefetch_start(int jobs, const char *real_root, const char *root,
                         const PrefetchGroup *groups, size_t ng, long long max_size,
                         const ReadLimits *lim);

/* The next file, in order: read by the caller when no worker has begun
   it, else waited for; the one before is released. */
Fetched *prefetch_next(Prefetch *pf);

/* The next n files the caller takes it drops: those no thread has begun
   are not read (taken, they have no arena). */
void prefetch_skip(Prefetch *pf, size_t n);

/* Stops the workers (files not yet taken are dropped) and frees the pool. */
void prefetch_stop(Prefetch *pf);

/* The number of threads --jobs takes by default: the machine's cores. */
int prefetch_default_jobs(void);

#endif
