/* prefetch.c - files read ahead on threads (prefetch.h).
 *
 * A window of slots, one file each: a worker takes the next file when its
 * slot is free (the file that used it before has been released by the
 * caller), so that memory is bounded by the files in flight, never by the
 * folder. The tape holds the sink's calls with their texts copied; the
 * node paths a worker's extractor makes live in the file's arena, which
 * passes to the caller with the file.
 */
#define _POSIX_C_SOURCE 200809L
#include "prefetch.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "files.h"

typedef struct Tape {
    unsigned char *b;
    size_t n, cap;
} Tape;

typedef struct Slot {
    Fetched out;
    ReadBuf rb;              /* reused from file to file */
    Tape tape;
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

/* ---- the tape ---------------------------------------------------------- */

enum { OP_VALUE, OP_RECORD, OP_FIELD, OP_END, OP_PATH, OP_MEMBER };

/* Room for n more bytes; then the writes below are plain stores (their
   sizes are constants, so memcpy compiles to moves). */
static unsigned char *room(Tape *t, size_t n)
{
    if (t->n + n > t->cap) {
        while (t->n + n > t->cap)
            t->cap = t->cap ? t->cap * 2 : 1 << 16;
        t->b = xrealloc(t->b, t->cap);
    }
    unsigned char *at = t->b + t->n;
    t->n += n;
    return at;
}

#define PUT(at, x) (memcpy((at), &(x), sizeof(x)), (at) += sizeof(x))

enum { OP_SIZE = 1 + 2 * sizeof(void *) };

static unsigned char *put_op(Tape *t, size_t more, unsigned char op, const void *a,
                             const void *b)
{
    unsigned char *at = room(t, OP_SIZE + more);
    *at++ = op;
    PUT(at, a);
    PUT(at, b);
    return at;
}

static void tape_value(void *ctx, const Field *f, const char *text, size_t len,
                       unsigned long line)
{
    unsigned char *at = put_op(ctx, sizeof line + sizeof len + len, OP_VALUE, f, NULL);
    PUT(at, line);
    PUT(at, len);
    memcpy(at, text, len);
}

static void tape_record(void *ctx, const Field *set, unsigned long line)
{
    unsigned char *at = put_op(ctx, sizeof line, OP_RECORD, set, NULL);
    PUT(at, line);
}

static void tape_field(void *ctx, const Field *set, const Field *f, const char *text,
                       size_t len)
{
    unsigned char *at = put_op(ctx, sizeof len + len, OP_FIELD, set, f);
    PUT(at, len);
    memcpy(at, text, len);
}

static void tape_record_end(void *ctx, const Field *set)
{
    put_op(ctx, 0, OP_END, set, NULL);
}

static void tape_path(void *ctx, const Field *set, size_t i, const char *parent,
                      const char *name, unsigned long index)
{
    unsigned char *at = put_op(ctx, sizeof i + 2 * sizeof(char *) + sizeof index, OP_PATH, set,
                               NULL);
    PUT(at, i);
    PUT(at, parent);
    PUT(at, name);
    PUT(at, index);
}

static void tape_member(void *ctx, const char *name)
{
    size_t len = strlen(name) + 1;   /* with its NUL: replayed in place */
    unsigned char *at = put_op(ctx, sizeof len + len, OP_MEMBER, NULL, NULL);
    PUT(at, len);
    memcpy(at, name, len);
}

static void get(const unsigned char **p, void *out, size_t n)
{
    memcpy(out, *p, n);
    *p += n;
}

void prefetch_replay(const Fetched *f, const XmlSink *sink)
{
    if (!f->ntape)
        return;              /* nothing taped (a file refused at once) */
    const unsigned char *p = f->tape, *end = f->tape + f->ntape;
    while (p < end) {
        unsigned char op = *p++;
        const Field *a, *b;
        get(&p, &a, sizeof a);
        get(&p, &b, sizeof b);
        unsigned long line;
        size_t len;
        switch (op) {
        case OP_VALUE:
            get(&p, &line, sizeof line);
            get(&p, &len, sizeof len);
            sink->value(sink->ctx, a, (const char *)p, len, line);
            p += len;
            break;
        case OP_RECORD:
            get(&p, &line, sizeof line);
            sink->record(sink->ctx, a, line);
            break;
        case OP_FIELD:
            get(&p, &len, sizeof len);
            sink->field(sink->ctx, a, b, (const char *)p, len);
            p += len;
            break;
        case OP_END:
            sink->record_end(sink->ctx, a);
            break;
        case OP_MEMBER:
            get(&p, &len, sizeof len);
            sink->member(sink->ctx, (const char *)p);
            p += len;
            break;
        default: {
            size_t i;
            const char *parent, *name;
            unsigned long index;
            get(&p, &i, sizeof i);
            get(&p, &parent, sizeof parent);
            get(&p, &name, sizeof name);
            get(&p, &index, sizeof index);
            sink->path(sink->ctx, a, i, parent, name, index);
        }
        }
    }
}

/* ---- the workers ------------------------------------------------------- */

static void read_one(Prefetch *pf, Slot *s, size_t i, size_t gi)
{
    Fetched *o = &s->out;
    *o = (Fetched){0};
    o->fa = arena_new();
    s->tape.n = 0;
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
    XmlSink sink = {&s->tape, tape_value, tape_record, tape_field, tape_record_end, tape_path,
                    tape_member};
    o->ok = xml_extract(o->fa, g->plan, g->fmt, buf, len, &pf->lim, &sink, &o->err);
    o->tape = s->tape.b;
    o->ntape = s->tape.n;
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
        free(s->tape.b);
    }
    pthread_cond_destroy(&pf->cv);
    pthread_mutex_destroy(&pf->mu);
    free(pf->slots);
    free(pf->first);
    free(pf->threads);
    free(pf);
}
