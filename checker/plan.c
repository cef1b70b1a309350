/* plan.c - deciding which evidence declarations are read in a stream
 * (plan.h), from the checked program alone, before any file is read.
 */
#include "plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typecheck.h"

typedef struct Planner {
    Arena *a;
    const Program *p;
    StreamPlan *sp;
    int cap;
    Consumer *cur;           /* the consumer being checked: the evidence its
                                conditions read is noted in it */
    int readcap;
    const Sym *inner[32];    /* quantifier variables bound inside it */
    int ninner;
    Map *globals;            /* global name -> GlobalMemo */
} Planner;

/* Whether a parameter or definition is constant over files, and the
   evidence it reads: found once per global (a definition read twice by
   the next, and so on, took time exponential in the chain). */
typedef struct GlobalMemo {
    int state;               /* 1 being found, 2 found */
    bool ok;
    const Decl **reads;
    int nreads;
} GlobalMemo;

/* A let or definition that names a record set: its expression. */
static const Expr *alias_of(const Expr *e)
{
    if (!e || e->kind != E_NAME || !e->sym || !e->sym->type || e->sym->type->kind != T_RECSET)
        return NULL;
    if (e->sym->kind == SYM_DEFINE && e->sym->decl)
        return e->sym->decl->value;
    if (e->sym->kind == SYM_LET && e->sym->stmt)
        return e->sym->stmt->expr;
    return NULL;
}

/* A definition of one value (a count, a rate, a date): what a consumer
   reads of it is that value, passed like a local name's, whatever it
   reads itself (its own consumers are answered first). */
static bool value_define(const Sym *s)
{
    if (s->kind != SYM_DEFINE || !s->type)
        return false;
    switch (s->type->kind) {
    case T_BOOL: case T_INT: case T_NUMBER: case T_STRING: case T_DATE: case T_DATETIME:
    case T_DURATION: case T_RATE:
        return true;
    default:
        return false;
    }
}

/* e reads evidence d: the consumer being checked needs d whole. */
static void reads(Planner *pl, const Decl *d)
{
    Consumer *c = pl->cur;
    if (!c)
        return;
    for (int i = 0; i < c->nreads; i++)
        if (c->reads[i] == d)
            return;
    c->reads = arena_grow(pl->a, c->reads, c->nreads, &pl->readcap, sizeof(Decl *));
    c->reads[c->nreads++] = d;
}

static const Expr *strip(const Expr *e)
{
    while (e && e->kind == E_PAREN)
        e = e->a;
    return e;
}

/* `ev.block`: the records block it names, or NULL. */
static const Field *block_of(const Expr *e)
{
    e = strip(e);
    if (e && e->kind == E_DOT && e->a && e->a->kind == E_NAME && e->a->sym
        && e->a->sym->kind == SYM_EVIDENCE && e->field && e->field->records)
        return e->field;
    return NULL;
}

static bool contained(Planner *pl, const Expr *e, const Field *recs, const Sym *var, int depth);

static bool constant_global_uncached(Planner *pl, const Sym *s, int depth);

/* Whether a global's value is the same in every file's evaluation: it
   reads no evidence but what is kept whole (noted). */
static bool constant_global(Planner *pl, const Sym *s, int depth)
{
    GlobalMemo *m = map_get(pl->globals, s->name);
    if (!m) {
        m = NEW(pl->a, GlobalMemo);
        map_put(pl->globals, s->name, m);
    }
    if (m->state == 1)
        return false;        /* a cycle: the type checker refused it */
    if (m->state == 0) {
        /* what it reads, gathered apart from the consumer being checked */
        Consumer tmp = {0}, *cur = pl->cur;
        int cap = pl->readcap;
        pl->cur = &tmp;
        pl->readcap = 0;
        m->state = 1;
        m->ok = constant_global_uncached(pl, s, depth);
        m->state = 2;
        m->reads = tmp.reads;
        m->nreads = tmp.nreads;
        pl->cur = cur;
        pl->readcap = cap;
    }
    for (int i = 0; i < m->nreads; i++)
        reads(pl, m->reads[i]);
    return m->ok;
}

static bool constant_global_uncached(Planner *pl, const Sym *s, int depth)
{
    if (s->kind == SYM_DEFINE)
        return s->decl && contained(pl, s->decl->value, NULL, NULL, depth + 1);
    if (s->kind != SYM_PARAM)
        return false;
    if (s->decl && !contained(pl, s->decl->value, NULL, NULL, depth + 1))
        return false;
    if (s->set && !contained(pl, s->set->value, NULL, NULL, depth + 1))
        return false;
    /* a profile may set it too */
    for (int m = 0; m < pl->p->nmods; m++)
        for (const Decl *d = pl->p->mods[m]->decls; d; d = d->next)
            if (d->kind == D_PROFILE)
                for (const Item *it = d->items; it; it = it->next)
                    if (it->kind == I_SET && strcmp(it->name, s->name) == 0
                        && !contained(pl, it->expr, NULL, NULL, depth + 1))
                        return false;
    return true;
}

/* Whether e reads only the record (a bare field of recs inside a where, or
   var.field in a quantifier over the records), constants, local names
   whose values are not records, and other evidence (noted in the consumer:
   that evidence must be kept whole): what can be evaluated over one file's
   records with the same result as over all of them. */
static bool contained(Planner *pl, const Expr *e, const Field *recs, const Sym *var, int depth)
{
    if (!e)
        return true;
    if (depth > 64)
        return false;
    switch (e->kind) {
    case E_NAME: {
        const Sym *s = e->sym;
        if (!s)
            return false;
        switch (s->kind) {
        case SYM_PARAM: case SYM_DEFINE:
            return value_define(s) || constant_global(pl, s, depth);
        case SYM_EVIDENCE:
            reads(pl, s->decl);
            return true;
        case SYM_FIELD:
            return recs && s->field && s->field->parent == recs;
        case SYM_VAR:
            if (s == var)
                return true;
            for (int i = 0; i < pl->ninner; i++)
                if (pl->inner[i] == s)
                    return true;
            /* fall through */
        default:
            if (alias_of(e))   /* a let naming filtered records */
                return contained(pl, alias_of(e), recs, var, depth + 1);
            return !s->type || (s->type->kind != T_RECSET && s->type->kind != T_RECORD);
        }
    }
    case E_CALL: case E_LIST:
        for (const Expr *x = e->a; x; x = x->next)
            if (!contained(pl, x, recs, var, depth + 1))
                return false;
        return true;
    case E_WHERE:
        /* the condition reads the records it filters (of evidence kept whole) */
        return e->a->type && e->a->type->kind == T_RECSET
               && contained(pl, e->a, recs, var, depth + 1)
               && contained(pl, e->b, e->a->type->records, var, depth + 1);
    case E_QUANT: {
        if (!contained(pl, e->a, recs, var, depth + 1) || pl->ninner == 32)
            return false;
        pl->inner[pl->ninner++] = e->sym;
        bool ok = contained(pl, e->b, recs, var, depth + 1);
        pl->ninner--;
        return ok;
    }
    default:
        return contained(pl, e->a, recs, var, depth + 1)
               && contained(pl, e->b, recs, var, depth + 1)
               && contained(pl, e->c, recs, var, depth + 1);
    }
}

/* A records block filtered by zero or more self-contained wheres: the
   block, or NULL. */
static const Field *chain(Planner *pl, const Expr *e)
{
    e = strip(e);
    const Field *r = block_of(e);
    if (r)
        return r;
    if (alias_of(e))         /* `define bio = assessment.run where ...` */
        return chain(pl, alias_of(e));
    if (e && e->kind == E_WHERE) {
        r = chain(pl, e->a);
        return r && contained(pl, e->b, r, NULL, 0) ? r : NULL;
    }
    return NULL;
}

/* The argument of a consumer: a chain, or a field of one (*proj). */
static const Field *argument(Planner *pl, const Expr *e, const Expr **proj)
{
    e = strip(e);
    const Field *r = chain(pl, e);
    if (r)
        return r;
    if (e && e->kind == E_DOT && e->field && e->field->parent && e->a && e->a->type
        && e->a->type->kind == T_RECSET) {
        r = chain(pl, e->a);
        if (r && e->field->parent == r) {
            *proj = e;
            return r;
        }
    }
    return NULL;
}

/* The local names e reads that it does not bind itself, once each. */
static void locals_of(Planner *pl, const Expr *e, Consumer *c, const Sym **bound, int nbound,
                      int *cap)
{
    if (!e)
        return;
    if (alias_of(e)) {
        /* a let or a definition naming records is evaluated again where
           it is used, over each file's: what it reads counts (a
           definition of one value it reads is passed with the consumer,
           computed over every file) */
        locals_of(pl, alias_of(e), c, bound, nbound, cap);
        return;
    }
    if (e->kind == E_NAME && e->sym
        && (e->sym->kind == SYM_LET || e->sym->kind == SYM_LOOP || e->sym->kind == SYM_VAR
            || value_define(e->sym))) {
        for (int i = 0; i < nbound; i++)
            if (bound[i] == e->sym)
                return;
        for (int i = 0; i < c->nlocals; i++)
            if (c->locals[i] == e->sym)
                return;
        c->locals = arena_grow(pl->a, c->locals, c->nlocals, cap, sizeof(Sym *));
        c->locals[c->nlocals++] = e->sym;
        return;
    }
    if (e->kind == E_CALL || e->kind == E_LIST) {
        for (const Expr *x = e->a; x; x = x->next)
            locals_of(pl, x, c, bound, nbound, cap);
        return;
    }
    if (e->kind == E_QUANT && nbound < 32) {
        const Sym *inner[33];
        if (nbound)
            memcpy(inner, bound, sizeof(Sym *) * (size_t)nbound);
        inner[nbound] = e->sym;
        locals_of(pl, e->a, c, bound, nbound, cap);
        locals_of(pl, e->b, c, inner, nbound + 1, cap);
        return;
    }
    locals_of(pl, e->a, c, bound, nbound, cap);
    locals_of(pl, e->b, c, bound, nbound, cap);
    locals_of(pl, e->c, c, bound, nbound, cap);
}

/* Every use of a records block in e: consumers are noted, any other use
   keeps its declaration whole. */
static void uses(Planner *pl, const Expr *e, int depth)
{
    if (!e || depth > 10000)
        return;
    /* percentile's second argument is read in the consumer's scope */
    bool agg = e->kind == E_CALL && e->a && e->builtin >= 0 && e->builtin < B__COUNT
               && builtin_info[e->builtin].folds     /* builtins.def */
               && (e->builtin == B_PERCENTILE ? e->a->next && !e->a->next->next : !e->a->next);
    if (agg || e->kind == E_QUANT || e->kind == E_IN) {
        const Expr *proj = NULL;
        const Field *r = argument(pl, e->kind == E_IN ? e->b : e->a, &proj);
        if (r && !pl->sp->streamed[r->evidence->index])
            r = NULL;   /* kept whole: an ordinary expression, walked through */
        Consumer c = {0};
        pl->cur = &c;
        pl->readcap = 0;
        /* the argument's conditions are checked again, noting what they read */
        bool ok = r && argument(pl, e->kind == E_IN ? e->b : e->a, &proj);
        if (ok && e->kind == E_QUANT)
            ok = contained(pl, e->b, NULL, e->sym, 0);
        else if (ok && e->kind == E_IN)
            ok = proj && contained(pl, e->a, NULL, NULL, 0);
        else if (ok)
            ok = (e->builtin == B_COUNT || proj)
                 && (e->builtin != B_PERCENTILE || contained(pl, e->a->next, NULL, NULL, 0));
        pl->cur = NULL;
        if (ok) {
            StreamPlan *sp = pl->sp;
            sp->consumers = arena_grow(pl->a, sp->consumers, sp->nconsumers, &pl->cap,
                                       sizeof(Consumer));
            c.node = e;
            c.decl = r->evidence;
            c.proj = proj;
            int cap = 0;
            locals_of(pl, e, &c, NULL, 0, &cap);
            sp->consumers[sp->nconsumers++] = c;
            return;
        }
    }
    if (e->kind == E_CALL && e->builtin == B_FILES && e->a && e->a->sym
        && e->a->sym->kind == SYM_EVIDENCE) {
        /* per file views need every file's records at once */
        int i = e->a->sym->decl->index;
        if (pl->sp->streamed[i] && !pl->sp->whole[i])
            pl->sp->whole[i] = e;
        pl->sp->streamed[i] = false;
        return;
    }
    const Field *r = block_of(e);
    if (!r && alias_of(e))
        /* a name for filtered records, used other than by a consumer */
        r = chain(pl, alias_of(e));
    if (r) {
        int i = r->evidence->index;
        if (pl->sp->streamed[i] && !pl->sp->whole[i])
            pl->sp->whole[i] = e;
        pl->sp->streamed[i] = false;
        return;
    }
    if (e->kind == E_CALL || e->kind == E_LIST) {
        for (const Expr *x = e->a; x; x = x->next)
            uses(pl, x, depth + 1);
        return;
    }
    uses(pl, e->a, depth + 1);
    uses(pl, e->b, depth + 1);
    uses(pl, e->c, depth + 1);
}

/* A let or definition naming filtered records is evaluated where it is
   used (by consumers), not where it stands. */
static bool named_chain(Planner *pl, const Sym *s, const Expr *value)
{
    return s && s->type && s->type->kind == T_RECSET && chain(pl, value);
}

static void body_uses(Planner *pl, const Stmt *st)
{
    for (; st; st = st->next) {
        if (!(st->kind == S_LET && named_chain(pl, st->sym, st->expr)))
            uses(pl, st->expr, 0);
        if (st->label)
            uses(pl, st->label, 0);
        for (const Expr *h = st->holes; h; h = h->next)
            uses(pl, h, 0);
        body_uses(pl, st->body);
    }
}

static int by_node(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)((const Consumer *)x)->node, b = (uintptr_t)((const Consumer *)y)->node;
    return a < b ? -1 : a > b;
}

StreamPlan *stream_plan(Arena *a, const Program *p, bool whole, bool show)
{
    StreamPlan *sp = NEW(a, StreamPlan);
    sp->streamed = arena_alloc(a, sizeof(bool) * (size_t)(p->nevidence + 1));
    sp->whole = arena_alloc(a, sizeof(Expr *) * (size_t)(p->nevidence + 1));
    if (whole)
        return sp;
    for (int i = 0; i < p->nevidence; i++)
        for (const Field *f = p->evidence[i]->fields; f; f = f->next)
            sp->streamed[i] |= f->records;
    Planner pl = {.a = a, .p = p, .sp = sp, .globals = map_new(a)};
    bool *before = arena_alloc(a, sizeof(bool) * (size_t)(p->nevidence + 1));
    /* a declaration found whole turns its consumers back into ordinary
       expressions, whose insides must be walked too: again, until the
       streamed declarations stay the same (they only ever lose one) */
    for (;;) {
        memcpy(before, sp->streamed, sizeof(bool) * (size_t)p->nevidence);
        sp->nconsumers = 0;
        for (int m = 0; m < p->nmods; m++)
            for (const Decl *d = p->mods[m]->decls; d; d = d->next) {
                if (!(d->kind == D_DEFINE && named_chain(&pl, d->sym, d->value)))
                    uses(&pl, d->value, 0);
                body_uses(&pl, d->body);
                for (const Item *it = d->items; it; it = it->next)
                    uses(&pl, it->expr, 0);
            }
        /* what a consumer's conditions read must be whole (in every
           file's evaluation) */
        for (int i = 0; i < sp->nconsumers; i++) {
            const Consumer *c = &sp->consumers[i];
            if (!sp->streamed[c->decl->index])
                continue;
            for (int j = 0; j < c->nreads; j++)
                if (sp->streamed[c->reads[j]->index]) {
                    sp->streamed[c->reads[j]->index] = false;
                    if (!sp->whole[c->reads[j]->index])
                        sp->whole[c->reads[j]->index] = c->node;
                }
        }
        if (memcmp(before, sp->streamed, sizeof(bool) * (size_t)p->nevidence) == 0)
            break;
    }
    /* only the consumers of what is streamed are answered from the stream */
    int k = 0;
    for (int i = 0; i < sp->nconsumers; i++)
        if (sp->streamed[sp->consumers[i].decl->index])
            sp->consumers[k++] = sp->consumers[i];
    sp->nconsumers = k;
    for (int i = 0; i < p->nevidence; i++)
        sp->nstreamed += sp->streamed[i];
    if (k > 1)
        qsort(sp->consumers, (size_t)k, sizeof(Consumer), by_node);
    if (show)
        /* for tests and the curious: what is read a file at a time */
        for (int i = 0; i < p->nevidence; i++) {
            int n = 0;
            for (int j = 0; j < k; j++)
                n += sp->consumers[j].decl == p->evidence[i];
            bool records = false;
            for (const Field *f = p->evidence[i]->fields; f; f = f->next)
                records |= f->records;
            fprintf(stderr, "accord: evidence '%s': %s", p->evidence[i]->name,
                    sp->streamed[i] ? "read a file at a time"
                    : records ? "kept whole" : "no records (its fields are kept)");
            const Expr *w = sp->whole[i];
            if (sp->streamed[i]) {
                fprintf(stderr, " (%d consumer%s)", n, n == 1 ? "" : "s");
            } else if (w) {
                Source *src = p->diag->srcs[w->loc.src];
                int line, col;
                source_locate(src, w->loc.beg, &line, &col);
                fprintf(stderr, ": its records are used whole at %s:%d:%d", src->path, line, col);
            }
            fputc('\n', stderr);
        }
    return sp;
}

const Consumer *stream_consumer(const StreamPlan *sp, const Expr *e)
{
    if (!sp || sp->nconsumers == 0)
        return NULL;
    Consumer key = {.node = e};
    return bsearch(&key, sp->consumers, (size_t)sp->nconsumers, sizeof(Consumer), by_node);
}
