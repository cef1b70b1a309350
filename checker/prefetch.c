/* prefetch.c - files read ahead on threads (prefetch.h).
 *
 * A window of slots, one file each: a worker takes the next file when its
 * slot is free (the file that used it before has been released by the
 * caller), so that memory is bounded by the files in flight, never by the
 * folder. A slot keeps its conversion state (records, values) from file to
 * file; the values and node paths of a file live in the file's arena,
 * which passes to the caller with the file.
 */
#define _POSIX_C_SOURCE 200809L
#include "prefetch.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "files.h"

typedef struct Slot {
    Fetched out;
    ReadBuf rb;              /* reused from file to file */
    void *conv;              /* its PrefetchConv state, or NULL */
    const PrefetchConv *ops; /* whose it is */
    size_t file;             /* the file it holds, when ready */
    bool ready;
    bool taken;              /* the caller has it (and owns out.fa) */
} Slot;

struct Prefetch {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t *threads;
    int nthreads;
    Slot *slots;
    size_t nslots;
    size_t next;             /* the next file a worker takes */
    size_t released;         /* files before this one are done with */
    size_t cur;              /* the file the caller has, + 1; 0: none yet */
    size_t skip_to;          /* files before this one not yet begun are
                                not read (prefetch_skip) */
    bool stop;
    const char *real_root, *root;
    const PrefetchGroup *groups;
    size_t *first;           /* per group: its first file; after the last
                                group: n */
    size_t group;            /* the group of the file next (files are
                                taken in order) */
    size_t n;
    long long max_size;
    ReadLimits lim;
};

/* ---- the workers ------------------------------------------------------- */

static void read_one(Prefetch *pf, Slot *s, size_t i, size_t gi)
{
    Fetched *o = &s->out;
    *o = (Fetched){0};
    o->fa = arena_new();
    const char *why = NULL;
    size_t len = 0;
    const PrefetchGroup *g = &pf->groups[gi];
    char *buf = read_inside(o->fa, pf->real_root, pf->root, g->rels[i - pf->first[gi]],
                            pf->max_size, &s->rb, &len, &why);
    if (!buf) {
        o->why = why;
        return;
    }
    o->buf = buf;
    o->len = len;
    o->hashed = sha256_bytes(buf, len, o->sha256);
    XmlSink sink;
    g->conv->begin(g->conv_ctx, &s->conv, o->fa, g->rels[i - pf->first[gi]], &sink);
    s->ops = g->conv;
    o->ok = xml_extract(o->fa, g->plan, g->fmt, buf, len, &pf->lim, &sink, &o->err);
    o->conv = s->conv;
}

/* Reads the next file no thread has begun into its slot, with pf->mu
   held (released while reading); the slot is free (the window). */
static void read_next(Prefetch *pf)
{
    size_t i = pf->next++;
    while (pf->first[pf->group + 1] <= i)
        pf->group++;
    size_t gi = pf->group;
    Slot *s = &pf->slots[i % pf->nslots];
    bool skip = i < pf->skip_to;
    pthread_mutex_unlock(&pf->mu);
    if (skip)
        s->out = (Fetched){0};   /* dropped unread: no arena */
    else
        read_one(pf, s, i, gi);
    pthread_mutex_lock(&pf->mu);
    s->file = i;
    s->ready = true;
    pthread_cond_broadcast(&pf->cv);
}

static void *worker(void *arg)
{
    Prefetch *pf = arg;
    pthread_mutex_lock(&pf->mu);
    for (;;) {
        while (!pf->stop && pf->next < pf->n && pf->next >= pf->released + pf->nslots)
            pthread_cond_wait(&pf->cv, &pf->mu);
        if (pf->stop || pf->next >= pf->n)
            break;
        read_next(pf);
    }
    pthread_mutex_unlock(&pf->mu);
    return NULL;
}

int prefetch_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

Prefetch *prefetch_start(int jobs, const char *real_root, const char *root,
                         const PrefetchGroup *groups, size_t ng, long long max_size,
                         const ReadLimits *lim)
{
    xmlInitParser();         /* before any thread parses (libxml2's rule) */
    Prefetch *pf = xcalloc(1, sizeof *pf);
    pthread_mutex_init(&pf->mu, NULL);
    pthread_cond_init(&pf->cv, NULL);
    pf->nslots = (size_t)jobs + 1;   /* one for the caller's file */
    pf->slots = xcalloc(pf->nslots, sizeof *pf->slots);
    pf->real_root = real_root;
    pf->root = root;
    pf->groups = groups;
    pf->first = xcalloc(ng + 1, sizeof *pf->first);
    for (size_t k = 0; k < ng; k++)
        pf->first[k + 1] = pf->first[k] + groups[k].n;
    pf->n = pf->first[ng];
    pf->max_size = max_size;
    pf->lim = *lim;
    /* the caller is one of the jobs: it evaluates, and reads a file itself
       when no worker has begun it (prefetch_next). A worker per job on top
       of it put three threads on two cores, and the caller, which has the
       most to do, waited its turn: the anchor's bundle took 0.75x the time
       of one job with two workers, 0.55x with one (docs/performance.md). */
    int workers = jobs - 1;
    pf->threads = xcalloc((size_t)(workers > 0 ? workers : 1), sizeof *pf->threads);
    for (int k = 0; k < workers; k++) {
        if (pthread_create(&pf->threads[pf->nthreads], NULL, worker, pf) != 0)
            break;
        pf->nthreads++;
    }
    if (pf->nthreads == 0) {
        /* no thread at all: the caller reads the files itself */
        prefetch_stop(pf);
        return NULL;
    }
    return pf;
}

Fetched *prefetch_next(Prefetch *pf)
{
    pthread_mutex_lock(&pf->mu);
    size_t i = pf->cur;      /* the file wanted now */
    if (pf->cur > 0) {
        Slot *prev = &pf->slots[(pf->cur - 1) % pf->nslots];
        prev->ready = prev->taken = false;
        pf->released = pf->cur;
        pthread_cond_broadcast(&pf->cv);
    }
    Slot *s = &pf->slots[i % pf->nslots];
    while (!(s->ready && s->file == i)) {
        if (!pf->stop && pf->next < pf->n && pf->next < pf->released + pf->nslots) {
            /* rather than wait, the caller reads the next file no worker
               has begun (this one, when the workers are busy ahead; a later
               one when reading is all there is to do) */
            read_next(pf);
            continue;
        }
        pthread_cond_wait(&pf->cv, &pf->mu);
    }
    s->taken = true;
    pf->cur = i + 1;
    pthread_mutex_unlock(&pf->mu);
    return &s->out;
}

void prefetch_skip(Prefetch *pf, size_t n)
{
    pthread_mutex_lock(&pf->mu);
    if (pf->cur + n > pf->skip_to)
        pf->skip_to = pf->cur + n;
    pthread_mutex_unlock(&pf->mu);
}

void prefetch_stop(Prefetch *pf)
{
    if (!pf)
        return;
    pthread_mutex_lock(&pf->mu);
    pf->stop = true;
    pthread_cond_broadcast(&pf->cv);
    pthread_mutex_unlock(&pf->mu);
    for (int k = 0; k < pf->nthreads; k++)
        pthread_join(pf->threads[k], NULL);
    for (size_t k = 0; k < pf->nslots; k++) {
        Slot *s = &pf->slots[k];
        if (s->ready && !s->taken)
            arena_free(s->out.fa);
        free(s->rb.buf);
        if (s->conv)
            s->ops->free(s->conv);
    }
    pthread_cond_destroy(&pf->cv);
    pthread_mutex_destroy(&pf->mu);
    free(pf->slots);
    free(pf->first);
    free(pf->threads);
    free(pf);
}
