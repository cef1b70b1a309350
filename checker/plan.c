/* plan.c - deciding which evidence declarations are read in a stream
 * (plan.h), from the checked program alone, before any file is read.
 */
#include "plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typecheck.h"

typedef struct Planner {
    Arena *a;
    const Program *p;
    StreamPlan *sp;
    int cap;
} Planner;

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

/* Whether a global reads no evidence (its value is then the same in every
   file's evaluation). */
static bool constant_global(Planner *pl, const Sym *s, int depth)
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
   var.field in a quantifier over the records), constants and local names
   whose values are not records: what can be evaluated over one file's
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
            return constant_global(pl, s, depth);
        case SYM_EVIDENCE:
            return false;
        case SYM_FIELD:
            return recs && s->field && s->field->parent == recs;
        case SYM_VAR:
            if (s == var)
                return true;
            /* fall through */
        default:
            return !s->type || (s->type->kind != T_RECSET && s->type->kind != T_RECORD);
        }
    }
    case E_CALL: case E_LIST:
        for (const Expr *x = e->a; x; x = x->next)
            if (!contained(pl, x, recs, var, depth + 1))
                return false;
        return true;
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
    if (e->kind == E_NAME && e->sym
        && (e->sym->kind == SYM_LET || e->sym->kind == SYM_LOOP || e->sym->kind == SYM_VAR)) {
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
    bool agg = e->kind == E_CALL && e->a && !e->a->next
               && (e->builtin == B_COUNT || e->builtin == B_SUM || e->builtin == B_MEAN
                   || e->builtin == B_MIN || e->builtin == B_MAX);
    if (agg || e->kind == E_QUANT) {
        const Expr *proj = NULL;
        const Field *r = argument(pl, e->a, &proj);
        bool ok = r && (e->kind == E_QUANT ? contained(pl, e->b, NULL, e->sym, 0)
                                           : e->builtin == B_COUNT || proj);
        if (ok) {
            StreamPlan *sp = pl->sp;
            sp->consumers = arena_grow(pl->a, sp->consumers, sp->nconsumers, &pl->cap,
                                       sizeof(Consumer));
            Consumer *c = &sp->consumers[sp->nconsumers++];
            memset(c, 0, sizeof *c);
            c->node = e;
            c->decl = r->evidence;
            c->proj = proj;
            int cap = 0;
            locals_of(pl, e, c, NULL, 0, &cap);
            return;
        }
    }
    const Field *r = block_of(e);
    if (r) {
        pl->sp->streamed[r->evidence->index] = false;
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

static void body_uses(Planner *pl, const Stmt *st)
{
    for (; st; st = st->next) {
        uses(pl, st->expr, 0);
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

StreamPlan *stream_plan(Arena *a, const Program *p)
{
    StreamPlan *sp = NEW(a, StreamPlan);
    sp->streamed = arena_alloc(a, sizeof(bool) * (size_t)(p->nevidence + 1));
    const char *env = getenv("ACCORD_STREAM");
    if (env && strcmp(env, "0") == 0)
        return sp;
    for (int i = 0; i < p->nevidence; i++)
        for (const Field *f = p->evidence[i]->fields; f; f = f->next)
            sp->streamed[i] |= f->records;
    Planner pl = {a, p, sp, 0};
    for (int m = 0; m < p->nmods; m++)
        for (const Decl *d = p->mods[m]->decls; d; d = d->next) {
            uses(&pl, d->value, 0);
            body_uses(&pl, d->body);
            for (const Item *it = d->items; it; it = it->next)
                uses(&pl, it->expr, 0);
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
    return sp;
}

const Consumer *stream_consumer(const StreamPlan *sp, const Expr *e)
{
    if (!sp || sp->nconsumers == 0)
        return NULL;
    Consumer key = {.node = e};
    return bsearch(&key, sp->consumers, (size_t)sp->nconsumers, sizeof(Consumer), by_node);
}
