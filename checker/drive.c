/* drive.c - the driver above the evaluator: reads streamed evidence and
 * steps each consumer's aggregate a file at a time.
 *
 * accord keeps memory bounded by the largest evidence file (plan.h). A run
 * of the evaluator (eval.c) over every requirement meets the consumers of
 * streamed evidence with the values of the local names each depends on: a
 * query each, pending for now. The driver then reads the declarations'
 * files (bind_stream), evaluating every query's part over each file's
 * records and stepping its aggregate (agg.c), finishes the aggregates, and
 * runs the evaluator again, which now finds the answers. A consumer whose
 * locals depend on another's answer is met in the second run: one more
 * pass (at most MAX_PASSES). Every run is the same code; only the last
 * one's outcome is kept, and it holds nothing pending.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "eval_int.h"
#include "plan.h"
#include "regex.h"
#include "typecheck.h"

/* ---- queries ------------------------------------------------------------ */

/* One consumer evaluated with given values of the local names it reads:
   its answer, built file by file as the declaration's files are read. */
typedef struct Query {
    const Consumer *c;
    Bind *env;               /* the locals it reads, copied */
    int quiet;
    bool traced;
    bool answered;           /* every file has been seen: v is the answer */
    bool done;               /* decided: later files change nothing */
    Value v;                 /* the answer */
    /* its aggregate, by the consumer's kind */
    Quant quant;             /* QUANT, IN: each file's answer merged */
    bool seq_err;            /* QUANT, IN: the sequence itself failed, */
    bool left_seen;          /* IN: its left evaluated in a file before */
    Value seq_errv;          /* first with this error */
    bool has_err;            /* COUNT: a file's count failed, */
    Value err;               /* first with this error */
    double count;            /* COUNT */
    Agg agg;                 /* SUM, MEAN, MIN, MAX, MEDIAN, STDDEV,
                                PERCENTILE */
    Distinct dist;           /* DISTINCT */
    bool proj_err;           /* the projection shown failed */
    Check found;             /* what evaluating it found for a check: the
                                first counterexamples (in the answers'
                                arena), the items that failed in every
                                file, the interval percentile's P noted */
    Trace shown;             /* what the evaluation showed, in order */
    int proj_at;             /* the item of shown that lists the projection,
                                or -1 */
    Value *proj;             /* its first 21 values (made for the first),
                                and how many in all */
    size_t nproj, proj_count;
    /* the filters its records go through, innermost first (a name for
       filtered records followed to what it names), and the first error of
       the lowest of them to fail in any file: over every record at once,
       an inner filter's error is the answer whatever an outer one, a later
       item or a value says (chain_levels) */
    const Expr **levels;     /* at most 16 */
    int nlevels;
    int chain_lvl;           /* nlevels when none has failed */
    Value chain_err;
    unsigned long long steps;   /* the work of every file so far: charged to
                                   each check that uses the answer, as if it
                                   had evaluated it over all the records */
    bool over;               /* that went past the budget: the answer is the
                                budget error */
    struct Query *next;
} Query;

typedef struct Drive {
    Arena *a;                /* the queries and their answers: what outlives
                                the runs (each run has an arena of its own,
                                and only the last one's is kept) */
    Map *queries;            /* key -> Query */
    Query *fresh;            /* registered since the last pass over files */
    bool missing;            /* this run met something not read yet */
} Drive;

static const char pending_reason[] = "the evidence has not been read yet";

Value drive_pending(Ev *ev)
{
    Value v = {0};
    v.kind = V_PENDING;
    v.s = pending_reason;    /* a reason all the same, should one reach a
                                report (it cannot: drive.c) */
    if (ev->dr)
        ev->dr->missing = true;
    return v;
}

/* The key of consumer c where it is evaluated now: its text, whether its
   evaluation is shown, and the values of the local names it reads; on the
   heap (the caller frees it: a consumer inside a condition is met once per
   record), NULL when one of the values is still pending. */
static char *query_key(Ev *ev, const Expr *e, const Consumer *c)
{
    size_t cap = 256, n = 0;
    char *k = xmalloc(cap);
#define KEY(...) do { int l_ = snprintf(k + n, cap - n, __VA_ARGS__);                     \
                      if ((size_t)l_ >= cap - n) { cap = (n + (size_t)l_) * 2 + 1;       \
                          k = xrealloc(k, cap); snprintf(k + n, cap - n, __VA_ARGS__); } \
                      n += (size_t)l_; } while (0)
    const Source *src = ev->p->diag->srcs[e->loc.src];
    KEY("%d%d%.*s", ev->trace != NULL, ev->quiet > 0, (int)(e->loc.end - e->loc.beg),
        src->text + e->loc.beg);
    for (int i = 0; i < c->nlocals; i++) {
        Value v = ev_local(ev, c->locals[i]);
        if (v.kind == V_PENDING) {
            free(k);
            return NULL;
        }
        /* the kind of name too: a definition is shown where a let is not */
        KEY("\x1e%d", (int)c->locals[i]->kind);
        switch (v.kind) {
        case V_STR:
            if (memchr(v.s, 0, v.len)) {     /* keys are C strings: in hex */
                KEY("\x1f%d:x", (int)v.kind);
                for (size_t j = 0; j < v.len; j++)
                    KEY("%02x", (unsigned char)v.s[j]);
            } else {
                KEY("\x1f%d:%zu:%.*s", (int)v.kind, v.len, (int)v.len, v.s);
            }
            break;
        case V_ERR: KEY("\x1f%d:%s", (int)v.kind, v.s); break;
        case V_BOOL: KEY("\x1f%d:%d", (int)v.kind, v.b); break;
        case V_NONE: KEY("\x1f%d", (int)v.kind); break;
        case V_NUM: case V_DATE: case V_DATETIME: case V_DUR: case V_RATE:
            KEY("\x1f%d:%a/%a", (int)v.kind, v.num, v.kind == V_RATE ? v.n : 0.0);
            break;
        default: {
            const char *t = v_format(ev->a, &v);
            KEY("\x1f%d:%zu:%s", (int)v.kind, strlen(t), t);
        }
        }
    }
#undef KEY
    return k;
}

/* The filters of records e goes through, innermost first, into out (at
   most 16; *out of a deeper chain keeps the innermost ones): `a where c`
   adds itself after a's, a let or definition naming filtered records
   adds what it names. Returns how many. */
static int chain_walk(const Expr *e, const Expr **out, int n)
{
    while (e && e->kind == E_PAREN)
        e = e->a;
    if (!e || n >= 16)
        return n;
    if (e->kind == E_NAME && e->sym && e->sym->type && e->sym->type->kind == T_RECSET) {
        if (e->sym->kind == SYM_DEFINE && e->sym->decl)
            return chain_walk(e->sym->decl->value, out, n);
        if (e->sym->kind == SYM_LET && e->sym->stmt)
            return chain_walk(e->sym->stmt->expr, out, n);
        return n;
    }
    if (e->kind == E_WHERE) {
        n = chain_walk(e->a, out, n);
        if (n < 16)
            out[n++] = e;
    }
    return n;
}

static int chain_levels(const Consumer *c, const Expr **out)
{
    const Expr *arg = c->proj ? c->proj->a : c->node->kind == E_IN ? c->node->b : c->node->a;
    return chain_walk(arg, out, 0);
}

/* Whether one of the first upto filters of q fails over this file's
   records (cv): the lowest that does becomes q's chain error. */
static bool chain_error(Ev *cv, Query *q, int upto, Arena *k)
{
    Trace *saved = cv->trace;
    cv->trace = NULL;
    bool found = false;
    for (int i = 0; i < upto && i < q->nlevels && !found; i++) {
        Value v = ev_eval(cv, q->levels[i]);
        if (v_failed(&v)) {
            q->chain_lvl = i;
            q->chain_err = v_keep(k, &v);
            found = true;
        }
    }
    cv->trace = saved;
    return found;
}

/* v with everything it points to copied to k (a value of the run's
   arena, which is freed after the run). */
static Value keep_deep(Arena *k, const Value *v)
{
    Value c = v_keep(k, v);
    if (v->kind == V_LIST) {
        c.items = arena_alloc(k, sizeof(Value) * (v->count + 1));
        for (size_t i = 0; i < v->count; i++)
            c.items[i] = keep_deep(k, &v->items[i]);
    } else if (v->kind == V_RECSET && v->idx) {
        uint32_t *idx = arena_alloc(k, sizeof(uint32_t) * (v->count + 1));
        memcpy(idx, v->idx, sizeof(uint32_t) * v->count);
        c.idx = idx;
    }
    return c;
}

Value drive_consume(Ev *ev, const Expr *e, const Consumer *c)
{
    const Bound *bd = &ev->b->bound[c->decl->index];
    if (bd->error)   /* evaluated as usual, it gives the declaration's error */
        return e->kind == E_QUANT ? ev_quantify(ev, e) : e->kind == E_IN ? ev_member(ev, e)
             : ev_call(ev, e);
    char *key = query_key(ev, e, c);
    if (!key)
        return drive_pending(ev);
    Drive *st = ev->dr;
    Query *q = map_get(st->queries, key);
    if (!q)
        map_put(st->queries, arena_strdup(st->a, key), q = NEW(st->a, Query));
    else
        c = NULL;    /* known */
    free(key);
    if (q->answered) {
        /* an answer is shared by every check that needs it: computed with
           a budget of its own, as a definition is, and charged to none of
           them (no result may depend on which check came first) */
        if (q->over)
            return ev_over_budget(ev);
        /* what evaluating it would have shown and found */
        if (ev->trace) {
            for (int i = 0; i < q->shown.n; i++)
                ev_add_shown(ev, ev->trace, q->shown.items[i].name, q->shown.items[i].value);
            if (ev_gathers(ev))
                check_merge(ev->a, ev->check, &q->found);
        }
        return q->v;
    }
    if (c) {         /* new: registered for the next pass */
        q->c = c;
        const Expr *levels[16];
        q->nlevels = chain_levels(c, levels);
        q->levels = arena_alloc(st->a, sizeof(const Expr *) * (size_t)(q->nlevels + 1));
        memcpy(q->levels, levels, sizeof(const Expr *) * (size_t)q->nlevels);
        q->chain_lvl = q->nlevels;
        q->quiet = ev->quiet;
        q->traced = ev->trace != NULL;
        q->proj_at = -1;
        q->agg.fn = e->builtin;
        q->quant.op = e->kind == E_QUANT ? e->op : Q_ANY;   /* `in`: any equal */
        for (int i = 0; i < c->nlocals; i++) {
            Bind *b = NEW(st->a, Bind);
            b->sym = c->locals[i];
            Value v = ev_local(ev, c->locals[i]);
            b->v = keep_deep(st->a, &v);
            b->up = q->env;
            q->env = b;
        }
        q->next = st->fresh;
        st->fresh = q;
    }
    return drive_pending(ev);
}

/* ---- passes over streamed files ---------------------------------------- */

typedef struct Scan {
    Ev *ev;                  /* what every file's evaluation shares */
    Query **qs;              /* the consumers to answer in this pass */
    int nq;
} Scan;

static const char *proj_name(Ev *ev, const Query *q)
{
    return q->c->proj ? ev_src_text(ev, q->c->proj->loc) : NULL;
}

/* What a check ch gathered while the query was evaluated, merged into
   q->found with its counterexamples copied into k, which outlives the
   arena they were made in. */
static void keep_found(Query *q, const Check *ch, Arena *k)
{
    int first = q->found.ncounters;
    check_merge(k, &q->found, ch);
    for (int i = first; i < q->found.ncounters; i++) {
        const Counter *from = &ch->counters[i - first];
        Counter *to = &q->found.counters[i];
        to->origin = from->origin ? v_keep_origin(k, from->origin) : NULL;
        to->file = from->file;
        to->nvalues = from->nvalues;
        to->values = arena_alloc(k, sizeof(Shown) * (size_t)(from->nvalues + 1));
        for (int j = 0; j < from->nvalues; j++)
            to->values[j] = (Shown){arena_strdup(k, from->values[j].name),
                                    arena_strdup(k, from->values[j].value)};
    }
}

/* fold for a quantifier or `in`. Returns whether the records' sequence
   failed in this file. */
static bool fold_quant(Ev *cv, Query *q, Arena *k, const Expr *e)
{
    bool seq_failed = false;
    /* an error in the sequence (a filter that failed on a record) is
       the answer whatever any item says, as it is over every record
       at once; an error in the condition for one item is not */
    Value x = {0}, r;
    bool seq_err = false;
    if (e->kind == E_IN) {
        /* the left is the same in every file: what it finds (a quantifier
           in it) is gathered once, as over every record at once */
        Check *check = cv->check;
        if (q->left_seen)
            cv->check = NULL;
        x = ev_scalar(cv, e->a);
        cv->check = check;
        q->left_seen = true;
        Value sq = v_failed(&x) ? x : ev_eval(cv, e->b);
        seq_err = !v_failed(&x) && v_failed(&sq);
        r = v_failed(&x) ? x : ev_member_items(cv, x, sq);
    } else {
        Value sq = ev_items(cv, e->a);
        seq_err = v_failed(&sq);
        r = ev_quantify_items(cv, e, sq);
    }
    if (seq_err) {
        if (!q->seq_err)
            q->seq_errv = v_keep(k, &r);
        q->seq_err = true;
        seq_failed = true;
    }
    if (v_failed(&r) && !q->quant.has_err)
        r = v_keep(k, &r);           /* the first error outlives the file */
    quant_merge(&q->quant, &r);
    if (cv->check)
        keep_found(q, cv->check, k);
    /* a traced all or none counts every item that fails (the report's
       counterexamples="N"): it reads every file */
    q->done = q->seq_err || (quant_decided(&q->quant)
                             && (!q->traced || q->quant.op == Q_ANY));
    return seq_failed;
}

/* fold for count(). Returns whether the records' sequence
   failed in this file. */
static bool fold_count(Ev *cv, Query *q, Arena *k, const Expr *e)
{
    bool seq_failed = false;
    Value r = ev_call(cv, e);
    if (v_failed(&r)) {
        if (!q->has_err)
            q->err = v_keep(k, &r);
        q->has_err = true;
        seq_failed = true;
    } else {
        q->count += r.num;
    }
    q->done = q->has_err;
    return seq_failed;
}

/* fold for distinct(). Returns whether the records' sequence failed in
   this file. */
static bool fold_distinct(Ev *cv, Query *q, Arena *k, const Expr *e)
{
    Value sq = ev_items(cv, e->a);
    if (v_failed(&sq))
        distinct_step(k, &q->dist, &sq, 1, true);
    else if (sq.kind == V_LIST)
        distinct_step(k, &q->dist, sq.items, sq.count, true);
    q->done = q->dist.has_err;
    return v_failed(&sq);
}

/* fold for the aggregates of Agg (sum, mean, min, max, median, stddev, percentile). Returns whether the records' sequence
   failed in this file. */
static bool fold_aggregate(Ev *cv, Query *q, Arena *k, const Expr *e)
{
    bool seq_failed = false;
    Agg *g = &q->agg;
    Value sq = ev_items(cv, e->a);
    if (v_failed(&sq)) {
        g->has_err = true;
        g->err = sq;
        seq_failed = true;
    } else if (sq.kind == V_LIST) {
        ev_agg_step(cv, g, sq.items, sq.count);
    }
    if (g->has_err)
        g->err = v_keep(k, &g->err);
    if (g->bad)
        g->badv = v_keep(k, &g->badv);
    if (g->has_best)
        g->best = v_keep(k, &g->best);
    q->done = g->has_err;
    return seq_failed;
}

/* One file's part of q's answer, evaluated by cv over the file's records;
   what must outlive the file goes to k. */
static void fold(Ev *cv, Query *q, Arena *k)
{
    const Expr *e = q->c->node;
    if (q->chain_lvl < q->nlevels) {
        /* a filter failed in an earlier file: only a lower one failing in
           this file changes the answer */
        if (chain_error(cv, q, q->chain_lvl, k) && cv->trace)
            /* what evaluating the argument shows when its filters fail (a
               definition naming them shows its error), as the fold of any
               other file shows it */
            ev_eval(cv, e->kind == E_IN ? e->b : e->a);
        q->done = q->chain_lvl == 0;
        return;
    }
    bool seq_failed = false;     /* the records' sequence failed in this file */
    if (q->c->proj && q->traced) {
        /* the projection is shown as a list: its first values, and how
           many in all */
        Trace *saved = cv->trace;
        cv->trace = NULL;
        Value pl = ev_eval(cv, q->c->proj);
        cv->trace = saved;
        if (pl.kind == V_LIST) {
            if (!q->proj)
                q->proj = arena_alloc(k, sizeof(Value) * 21);
            for (size_t i = 0; i < pl.count && q->nproj < 21; i++)
                q->proj[q->nproj++] = v_keep(k, &pl.items[i]);
            q->proj_count += pl.count;
        } else if (v_failed(&pl)) {
            q->proj_err = true;      /* shown as the error it is over all files */
        }
    }
    if (e->kind == E_QUANT || e->kind == E_IN)
        seq_failed = fold_quant(cv, q, k, e);
    else if (e->builtin == B_COUNT)
        seq_failed = fold_count(cv, q, k, e);
    else if (e->builtin == B_DISTINCT)
        seq_failed = fold_distinct(cv, q, k, e);
    else
        seq_failed = fold_aggregate(cv, q, k, e);
    if (q->c->proj && q->traced)
        q->done = false;     /* the projection is shown whole */
    if (q->nlevels > 0) {
        /* an error anywhere in the records' filters: which one failed (its
           level decides over other files'); and a later file's filter may
           still fail lower, so no answer is final before the last file
           unless the innermost one failed */
        if (seq_failed)
            chain_error(cv, q, q->nlevels, k);
        q->done = q->chain_lvl == 0;
    }
}

/* bind_stream's callback: every consumer's part of the answer, from the
   records of one file. */
static void scan_file(void *ctx, int fileno)
{
    (void)fileno;
    Scan *sc = ctx;
    Ev *base = sc->ev;
    Arena *fa = arena_new();
    Map *cache = map_new(fa);    /* pure filters repeat across consumers */
    Map *indexes = map_new(fa);  /* of this file's records */
    for (int i = 0; i < sc->nq; i++) {
        Query *q = sc->qs[i];
        if (q->done)
            continue;
        Ev cv = *base;
        cv.a = fa;
        cv.cache = cache;
        cv.indexes = indexes;
        cv.env = q->env;
        cv.quiet = q->quiet;
        cv.chunk = true;
        cv.plan = NULL;
        cv.dr = NULL;
        Trace t = {0};
        Check ch = {0};
        cv.trace = q->traced ? &t : NULL;
        cv.check = q->traced ? &ch : NULL;
        cv.steps = q->steps;
        cv.over = false;
        fold(&cv, q, base->a);
        q->steps = cv.steps;
        if (cv.over) {
            q->over = true;
            q->done = true;
        }
        const char *pname = proj_name(base, q);
        for (int j = 0; j < t.n; j++) {
            const Shown *sh = &t.items[j];
            if (pname && strcmp(sh->name, pname) == 0) {
                if (q->proj_at < 0) {
                    ev_add_shown(base, &q->shown, pname, "");
                    q->proj_at = q->shown.n - 1;
                }
                continue;
            }
            bool known = false;
            for (int m = 0; m < q->shown.n && !known; m++)
                known = strcmp(q->shown.items[m].name, sh->name) == 0;
            if (!known)
                ev_add_shown(base, &q->shown, arena_strdup(base->a, sh->name),
                          arena_strdup(base->a, sh->value));
        }
    }
    arena_free(fa);
}

/* q's answer, once every file has been seen. */
static void answer(Ev *ev, Query *q)
{
    const Expr *e = q->c->node;
    if (q->chain_lvl < q->nlevels) {
        /* what the records' filters give over every record at once: their
           lowest failure, before any item, value or counterexample */
        q->v = q->chain_err;
        q->found = (Check){0};
        q->proj_err = true;
        agg_drop(&q->agg);
        distinct_drop(&q->dist);
        if (q->proj_at >= 0)
            q->shown.items[q->proj_at].value = "(error)";
        q->answered = true;
        return;
    }
    if (e->kind == E_IN || e->kind == E_QUANT) {
        q->v = q->seq_err ? q->seq_errv : quant_final(&q->quant);
    } else if (e->builtin == B_COUNT) {
        q->v = q->has_err ? q->err : v_num(q->count);
    } else if (e->builtin == B_DISTINCT) {
        q->v = distinct_final(ev->a, &q->dist);
    } else {
        /* percentile's P is read now, in the consumer's scope, and what
           it shows comes after what the values showed; what it finds (a
           quantifier's counterexamples, an interval) is the check's, as
           when the records are kept whole: gathered here, and handed to
           each check that uses the answer */
        Trace t = {0};
        Trace *trace = ev->trace;
        Bind *env = ev->env;
        Check *check = ev->check;
        int quiet = ev->quiet;
        ev->trace = q->traced ? &t : NULL;
        ev->env = q->env;
        Check found = {0};
        ev->check = q->traced ? &found : NULL;
        ev->quiet = q->quiet;
        q->v = ev_agg_final(ev, &q->agg, e);
        keep_found(q, &found, ev->a);    /* ev->a: the answers' arena */
        ev->trace = trace;
        ev->env = env;
        ev->check = check;
        ev->quiet = quiet;
        for (int i = 0; i < t.n; i++)
            ev_add_shown(ev, &q->shown, t.items[i].name, t.items[i].value);
    }
    if (q->proj_at >= 0) {
        Value v = {0};
        v.kind = V_LIST;
        v.items = q->proj;
        v.count = q->proj_count;
        if (q->c->proj->type && q->c->proj->type->kind == T_FIELD && v.count == 1)
            v = q->proj[0];
        q->shown.items[q->proj_at].value = q->proj_err ? "(error)" : ev_shown_text(ev, &v);
    }
    q->answered = true;
}

/* A pass over the files of the streamed declarations: every declaration
   the first time (its files are listed and hashed like any other's), then
   those with consumers still to answer. */
static void read_streamed(Ev *base, const Program *p, Binding *b, Drive *st)
{
    /* the queries of each declaration, in the order they were met (fresh
       holds the last met first) */
    int *per = arena_alloc(base->a, sizeof(int) * (size_t)(p->nevidence + 1));
    for (Query *q = st->fresh; q; q = q->next)
        per[q->c->decl->index]++;
    Scan *sc = arena_alloc(base->a, sizeof(Scan) * (size_t)(p->nevidence + 1));
    for (int i = 0; i < p->nevidence; i++) {
        sc[i].ev = base;
        sc[i].qs = arena_alloc(base->a, sizeof(Query *) * (size_t)(per[i] + 1));
        sc[i].nq = per[i];
    }
    for (Query *q = st->fresh; q; q = q->next) {
        int d = q->c->decl->index;
        sc[d].qs[--per[d]] = q;
    }
    st->fresh = NULL;
    const Decl **ds = arena_alloc(base->a, sizeof(Decl *) * (size_t)(p->nevidence + 1));
    int n = 0;
    for (int i = 0; i < p->nevidence; i++) {
        const Bound *bd = &b->bound[i];
        if (bd->deferred && !(bd->streamed && sc[i].nq == 0))
            ds[n++] = p->evidence[i];
    }
    /* their files read ahead, across declarations, in this order */
    Ahead *ah = bind_ahead(b, ds, n);
    for (int k = 0; k < n; k++) {
        int i = ds[k]->index;
        bind_stream(b, ds[k], ah, scan_file, &sc[i]);
        for (int j = 0; j < sc[i].nq; j++)
            answer(base, sc[i].qs[j]);
    }
    bind_ahead_end(ah);
}

enum { MAX_PASSES = 32 };

Outcome *eval_program(Arena *a, const Program *p, Binding *b, const EvalOptions *opt)
{
    Map *regex = map_new(a);
    Drive dr = {a, map_new(a), NULL, false};
    bool deferred = false;
    for (int i = 0; i < p->nevidence; i++)
        deferred |= b->bound[i].deferred;
    Outcome *o = NULL;
    int passes = 0;
    /* a run before the streamed evidence is read gathers what it needs;
       the run after the pass over the files has the answers (or needs
       another pass, when a consumer depends on another's answer) */
    for (int pass = 0;; pass++) {
        /* a run's own arena: a run before the files are read leaves nothing
           but its queries (in dr.a), and its outcome is thrown away */
        Arena *run = arena_new();
        Ev ev;
        ev_init(&ev, run, p, b, opt, regex);
        ev.keep = a;
        ev.plan = deferred ? opt->plan : NULL;
        ev.dr = deferred ? &dr : NULL;
        dr.missing = false;
        o = ev_run(&ev, opt);
        if (!dr.missing || pass == MAX_PASSES) {
            arena_adopt(a, run);
            break;
        }
        ev.a = a;        /* the answers outlive the run */
        read_streamed(&ev, p, b, &dr);
        arena_free(run);
        passes++;
    }
    outcome_tally(o);
    for (size_t i = 0; i < regex->n; i++)
        regex_free(regex->vals[i]);
    bool show = opt->show;
    if (show && passes)
        fprintf(stderr, "accord: streamed evidence read in %d pass%s\n", passes,
                passes == 1 ? "" : "es");
    if (show)
        for (int i = 0; i < p->nevidence; i++)
            if (b->bound[i].streamed && !b->bound[i].error)
                fprintf(stderr, "accord: evidence '%s': %zu records in all, at most %zu held "
                        "at once\n", p->evidence[i]->name, b->bound[i].records,
                        b->bound[i].most);
    return o;
}
