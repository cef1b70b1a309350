/* eval.c - the semantics of language.md §6 and §7: the evaluator.
 *
 * Values are three-valued where they are bools (Kleene), and an error is a
 * value: it flows up to the check that met it and no further. `and` and
 * `or` evaluate left to right and stop early; an error operand that is not
 * needed does not make the result an error.
 *
 * One run evaluates every requirement in scope (ev_run). A use of streamed
 * evidence (a consumer, plan.h) is answered by the driver (drive.c), which
 * runs the evaluator, reads the files between runs and steps each
 * consumer's aggregate (agg.c) with each file's records: until then its
 * value is pending (V_PENDING), which flows as an error does.
 */
#define _POSIX_C_SOURCE 200809L
#include "eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "calendar.h"
#include "index.h"
#include "numeric.h"
#include "plan.h"
#include "regex.h"
#include "stats.h"
#include "typecheck.h"
#include "eval_int.h"

/* ---- statistics -------------------------------------------------------- */

static Value eval(Ev *ev, const Expr *e);

/* Counts n steps of work; false once the budget is spent (and from then
   on, until the budget is reset: every evaluation then stops at once). */
static bool charge(Ev *ev, unsigned long long n)
{
    ev->steps += n;
    if (ev->steps > ev->max_steps)
        ev->over = true;
    return !ev->over;
}

static Value over_budget(Ev *ev)
{
    return v_err(ev->a, "evaluation budget exceeded (--max-steps %llu)", ev->max_steps);
}

/* e evaluated with a budget of its own (a definition, a let, the
   condition of `applies when`, the sequence of `for each`): its value, or
   the budget error, whoever first needs it. */
static Value budgeted(Ev *ev, const Expr *e, Value (*how)(Ev *, const Expr *))
{
    unsigned long long steps = ev->steps;
    bool over = ev->over;
    ev->steps = 0;
    ev->over = false;
    Value v = how(ev, e);
    if (ev->over)
        v = over_budget(ev);
    ev->steps = steps;
    ev->over = over;
    return v;
}

static const char *src_text(Ev *ev, Loc at)
{
    const Source *s = ev->p->diag->srcs[at.src];
    return arena_strndup(ev->a, s->text + at.beg, at.end - at.beg);
}

/* A value as the report shows it among the values a check read. */
static const char *shown_text(Ev *ev, const Value *v)
{
    if (v_failed(v))
        return "(error)";
    if (v->kind == V_LIST && v->count > 20) {
        /* a long sequence: its first values and how many there are */
        Value head = *v;
        head.count = 10;
        const char *h = v_format(ev->a, &head);
        return arena_printf(ev->a, "%.*s, ... (%zu values)]", (int)strlen(h) - 1, h, v->count);
    }
    return v_format(ev->a, v);
}

static void show(Ev *ev, const Expr *e, const Value *v)
{
    Trace *t = ev->trace;
    if (!t || v->kind == V_RECSET || v->kind == V_RECORD || v->kind == V_NONE)
        return;
    const char *name = src_text(ev, e->loc);
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->items[i].name, name) == 0)
            return;
    t->items = arena_grow(ev->a, t->items, t->n, &t->cap, sizeof(Shown));
    t->items[t->n++] = (Shown){name, shown_text(ev, v)};
}

/* ---- parameters and definitions ---------------------------------------- */

/* What a definition found (the memo's), given to the check being
   computed once, however often it reads it: `require mild or mild` lists
   and counts each failure once. (A quantifier written twice is two
   quantifiers, found apart whole and streamed alike.) */
static void merge_once(Ev *ev, const void *memo, const Check *found)
{
    for (int i = 0; i + 1 < ev->nmerged; i += 2)
        if (ev->merged[i] == ev->check && ev->merged[i + 1] == memo)
            return;
    for (int k = 0; k < 2; k++)
        ev->merged = arena_grow(ev->a, ev->merged, ev->nmerged + k, &ev->merged_cap,
                                sizeof *ev->merged);
    ev->merged[ev->nmerged++] = ev->check;
    ev->merged[ev->nmerged++] = memo;
    check_merge(ev->a, ev->check, found);
}

/* A parameter's or a definition's value, computed once per run. A
   definition also keeps what its quantifiers found (counterexamples, the
   count of failures, an interval), for the checks that read it as their
   condition or an operand of its not, and, or: `require mild`, where
   `define mild = all a in ...`, lists the records that fail, as the
   quantifier written in the check would (decision 39). */
typedef struct Global {
    Value v;
    Check found;
} Global;

static Global *global(Ev *ev, const Sym *s)
{
    Global *g = map_get(ev->cache, s->name);
    if (g)
        return g;
    g = NEW(ev->a, Global);
    Trace *trace = ev->trace;
    Bind *env = ev->env;
    Check *check = ev->check;
    int quiet = ev->quiet, explaining = ev->explaining;
    const Bind *fixed = ev->fixed;
    bool top = ev->top;
    /* a definition is computed the same way wherever it is first read,
       so that its value, its cost and its queries of streamed evidence
       do not depend on which check came first: always gathering what it
       finds into the memo, showing into a trace of its own (the check
       shows its name) */
    Trace scratch = {0};
    ev->trace = NULL;
    /* over one streamed file, the values passed with the consumer stay
       (a definition of records reads them: its filter's `lim`) */
    ev->env = ev->chunk ? ev->env : NULL;
    if (s->kind == SYM_DEFINE) {
        ev->trace = &scratch;
        ev->check = &g->found;
        ev->quiet = ev->explaining = 0;
        ev->fixed = NULL;
        ev->top = true;      /* its body, as a check's condition: a
                                definition read at its top gives it what
                                it found */
    } else {
        ev->top = false;
    }
    const Expr *x = s->decl->value;
    if (s->kind == SYM_PARAM) {
        const Expr *o = map_get(ev->overrides, s->name);
        if (o)
            x = o;
        else if (s->set)
            x = s->set->value;
    }
    /* shared by every check that needs it: a budget of its own, charged
       to none of them */
    g->v = budgeted(ev, x, eval);
    ev->trace = trace;
    ev->env = env;
    ev->check = check;
    ev->quiet = quiet;
    ev->explaining = explaining;
    ev->fixed = fixed;
    ev->top = top;
    map_put(ev->cache, s->name, g);
    return g;
}

/* ---- selections --------------------------------------------------------- */

static const Bound *bound_of(Ev *ev, const Field *f)
{
    return &ev->b->bound[f->evidence->index];
}

/* A field used as one value (§5): exactly one value is needed. */
static Value single(Ev *ev, const Expr *e, Value v)
{
    if (v.kind != V_LIST || !e->type || e->type->kind != T_FIELD)
        return v;
    const Field *f = e->field;
    const char *what = f ? arena_printf(ev->a, "evidence '%s', field '%s'", f->evidence->name,
                                        f->name)
                         : src_text(ev, e->loc);
    if (v.count == 1)
        return v.items[0];
    if (v.count == 0)
        return v_err(ev->a, "%s: no value (one is needed)", what);
    return v_err(ev->a, "%s: %zu values (one is needed)", what, v.count);
}

static Value scalar(Ev *ev, const Expr *e)
{
    return single(ev, e, eval(ev, e));
}

static Value record_field(Ev *ev, const RecSet *rs, size_t rec, const Field *f)
{
    Value v = cell_value(&rs->cols[f->index][rec], &rs->origin[rec]);
    if (v.kind == V_NONE) {
        const Origin *o = &rs->origin[rec];
        return v_err(ev->a, "evidence '%s', field '%s.%s': no value in the record at %s:%lu",
                     f->evidence->name, f->parent ? f->parent->name : "?", f->name,
                     o->file >= 0 ? ev->b->files[o->file].path : "?", o->line);
    }
    return v;
}

/* f.path, f.FIELD or f.SET of one file of files(E) (v1.1 §5): the path
   (f NULL), or E's values or records that came from that file. */
static Value file_part(Ev *ev, const Value *file, const Field *f)
{
    if (!f)
        return v_str(file->s, file->len);
    const Bound *bd = bound_of(ev, f);
    if (bd->error)
        return v_err(ev->a, "%s", bd->error);
    int fileno = file->origin->file;
    if (f->records) {
        const RecSet *rs = bd->sets[f->index];
        if (!charge(ev, rs->n))
            return over_budget(ev);
        uint32_t *idx = arena_alloc(ev->a, sizeof(uint32_t) * (rs->n + 1));
        size_t n = 0;
        for (size_t r = 0; r < rs->n; r++)
            if (rs->origin[r].file == fileno)
                idx[n++] = (uint32_t)r;
        Value v = {0};
        v.kind = V_RECSET;
        v.set = (RecSet *)rs;
        v.idx = idx;
        v.count = n;
        return v;
    }
    const Value *all = &bd->fields[f->index];
    if (all->kind != V_LIST)
        return *all;
    if (!charge(ev, all->count))
        return over_budget(ev);
    Value v = {0};
    v.kind = V_LIST;
    v.items = arena_alloc(ev->a, sizeof(Value) * (all->count + 1));
    for (size_t i = 0; i < all->count; i++)
        if (all->items[i].origin && all->items[i].origin->file == fileno)
            v.items[v.count++] = all->items[i];
    return v;
}

static Value dot(Ev *ev, const Expr *e)
{
    const Field *f = e->field;
    const Expr *l = e->a;
    if (l->kind == E_NAME && l->sym && l->sym->kind == SYM_EVIDENCE) {
        const Bound *bd = bound_of(ev, f);
        if (bd->deferred && !bd->streamed && !ev->chunk)
            return drive_pending(ev);
        if (bd->error)
            return v_err(ev->a, "%s", bd->error);
        if (bd->deferred && f->records && !ev->chunk)
            /* plan.c lets no other use through: a safeguard, never a
               silent count of no records */
            return v_err(ev->a, "evidence '%s': records '%s' were read a file at a time and "
                         "cannot be used whole here", f->evidence->name, f->name);
        if (f->records) {
            const RecSet *rs = bd->sets[f->index];
            Value v = {0};
            v.kind = V_RECSET;
            v.set = (RecSet *)rs;
            v.count = rs->n;
            return v;
        }
        return bd->fields[f->index];
    }
    Value left = eval(ev, l);
    if (v_failed(&left))
        return left;
    if (left.kind == V_FILE)
        return file_part(ev, &left, f);
    if (left.kind == V_RECORD)
        return record_field(ev, left.set, left.rec, f);
    if (left.kind == V_RECSET) {
        if (!charge(ev, left.count))
            return over_budget(ev);
        Value v = {0};
        v.kind = V_LIST;
        v.items = arena_alloc(ev->a, sizeof(Value) * (left.count + 1));
        for (size_t i = 0; i < left.count; i++) {
            size_t r = left.idx ? left.idx[i] : i;
            Value x = cell_value(&left.set->cols[f->index][r], &left.set->origin[r]);
            if (x.kind == V_NONE)
                continue;    /* an optional field: no value in that record */
            v.items[v.count++] = x;
        }
        return v;
    }
    return v_err(ev->a, "'%s' has no fields", src_text(ev, l->loc));
}

/* The items of a sequence, list or record set, or an error. */
static Value items_of(Ev *ev, const Expr *e)
{
    Value v = eval(ev, e);
    if (v.kind == V_LIST || v.kind == V_RECSET || v_failed(&v))
        return v;
    return v_err(ev->a, "'%s' is not a sequence", src_text(ev, e->loc));
}

/* `and` (stop: false) or `or` (stop: true) once the right operand r is
   known, the left l having not decided it: an operand that decides wins
   over an error on the other side (language.md §6), then errors, then
   Kleene's unknown. */
static Value and_or(int stop, Value l, Value r)
{
    if (r.kind == V_BOOL && r.b == stop)
        return r;
    if (v_failed(&l))
        return l;
    if (v_failed(&r))
        return r;
    if (l.b == K_UNKNOWN || r.b == K_UNKNOWN)
        return v_bool(K_UNKNOWN);
    return v_bool(!stop);
}

/* The first error among a sequence's values, if any. */
static const Value *first_error(const Value *v)
{
    if (v->kind != V_LIST)
        return NULL;
    for (size_t i = 0; i < v->count; i++)
        if (v_failed(&v->items[i]))
            return &v->items[i];
    return NULL;
}

/* ---- numbers ------------------------------------------------------------ */

/* A number from a number or a rate (its point estimate). */
static bool as_number(Ev *ev, Value *v)
{
    return v_as_number(ev->a, v);
}

static int cmp_op(Op op, int c)
{
    switch (op) {
    case OP_EQ: return c == 0;
    case OP_NE: return c != 0;
    case OP_LT: return c < 0;
    case OP_LE: return c <= 0;
    case OP_GT: return c > 0;
    case OP_GE: return c >= 0;
    default: return 0;
    }
}

static Op flip(Op op)
{
    switch (op) {
    case OP_LT: return OP_GT;
    case OP_LE: return OP_GE;
    case OP_GT: return OP_LT;
    case OP_GE: return OP_LE;
    default: return op;
    }
}

/* The work of a Clopper-Pearson interval of n trials, for the budget: two
   bisections of 64 steps, each a continued fraction of about sqrt(n)
   terms or a sum of at most 2 000 (stats.c). */
static bool charge_exact(Ev *ev, double n)
{
    return charge(ev, (unsigned long long)(128 * (sqrt(n) + 2000)));
}

/* The interval of builtin b (Wilson or Clopper-Pearson) for k in n, or
   false with the budget spent */
static bool one_rate_interval(Ev *ev, int b, double k, double n, double c, double *lo,
                              double *hi, bool *ok)
{
    bool exact = b == B_CLOPPER_PEARSON_LOWER || b == B_CLOPPER_PEARSON_UPPER;
    if (exact && n > 0 && !charge_exact(ev, n))
        return false;
    *ok = exact ? clopper_pearson(k, n, c, lo, hi) : wilson(k, n, c, lo, hi);
    return true;
}

/* The result of a comparison with confidence, from the interval [lo, hi]
   of the left side minus the right (a rate minus a threshold, or a
   difference of two rates), against 0. */
static Value decide(Op op, double lo, double hi)
{
    switch (op) {
    case OP_GE: return v_bool(lo >= 0 ? K_TRUE : hi < 0 ? K_FALSE : K_UNKNOWN);
    case OP_GT: return v_bool(lo > 0 ? K_TRUE : hi <= 0 ? K_FALSE : K_UNKNOWN);
    case OP_LE: return v_bool(hi <= 0 ? K_TRUE : lo > 0 ? K_FALSE : K_UNKNOWN);
    case OP_LT: return v_bool(hi < 0 ? K_TRUE : lo >= 0 ? K_FALSE : K_UNKNOWN);
    default: return v_bool(K_UNKNOWN);
    }
}

static void note_interval(Ev *ev, double lo, double hi, double conf, IntervalMethod method)
{
    if (ev_gathers(ev) && !ev->check->interval) {
        ev->check->interval = true;
        ev->check->lo = lo;
        ev->check->hi = hi;
        ev->check->confidence = conf;
        ev->check->method = method;
    }
}

/* R op T with confidence C (§6.1), or with exact confidence (v1.1 §5):
   the rate's Wilson or Clopper-Pearson interval against the threshold. */
static Value confident(Ev *ev, const Expr *e, Value r, Op op, Value t, Value c)
{
    if (!as_number(ev, &t))
        return v_failed(&t) ? t : v_err(ev->a, "the threshold is not a number");
    if (r.n == 0)
        return v_bool(K_UNKNOWN);
    double lo, hi;
    bool ok;
    if (!one_rate_interval(ev, e->exact ? B_CLOPPER_PEARSON_LOWER : B_WILSON_LOWER, r.num, r.n,
                           c.num, &lo, &hi, &ok))
        return over_budget(ev);
    if (!ok)
        return v_err(ev->a, "no %s interval for %s at confidence %s",
                     e->exact ? "Clopper-Pearson" : "Wilson", v_format(ev->a, &r),
                     v_format_number(ev->a, c.num));
    note_interval(ev, lo, hi, c.num, e->exact ? IM_CLOPPER_PEARSON : IM_WILSON);
    /* the bounds against the threshold, as they are: lo - T could round */
    double T = t.num;
    return decide(op, lo > T ? 1 : lo < T ? -1 : 0, hi > T ? 1 : hi < T ? -1 : 0);
}

/* R1 op R2 with confidence C (v1.1 §5): Newcombe's interval for the
   difference R1 - R2 against 0 */
static Value confident_two(Ev *ev, Value r1, Op op, Value r2, Value c)
{
    if (r1.n == 0 || r2.n == 0)
        return v_bool(K_UNKNOWN);
    double lo, hi;
    if (!newcombe(r1.num, r1.n, r2.num, r2.n, c.num, &lo, &hi))
        return v_err(ev->a, "no Newcombe interval for %s and %s at confidence %s",
                     v_format(ev->a, &r1), v_format(ev->a, &r2), v_format_number(ev->a, c.num));
    note_interval(ev, lo, hi, c.num, IM_NEWCOMBE);
    return decide(op, lo, hi);
}

/* Whether v holds a number that is not finite. Arithmetic and aggregates
   never make one (in_range); this is the last guard before a comparison,
   for a NaN compares equal to everything here. */
static bool not_finite(const Value *v)
{
    switch (v->kind) {
    case V_NUM: case V_DATE: case V_DATETIME: case V_DUR:
        return !isfinite(v->num);
    case V_RATE:
        return !isfinite(v->num) || !isfinite(v->n);
    default:
        return false;
    }
}

static Value compare(Ev *ev, const Expr *e)
{
    Value l = scalar(ev, e->a);
    Value r = scalar(ev, e->b);
    Value c = {0};
    if (e->c)
        c = scalar(ev, e->c);
    if (v_failed(&l))
        return l;
    if (v_failed(&r))
        return r;
    if (not_finite(&l) || not_finite(&r) || not_finite(&c))
        return v_err(ev->a, "not a finite number in '%s'", src_text(ev, e->loc));
    if (e->c) {
        if (v_failed(&c))
            return c;
        if (!as_number(ev, &c))
            return c;
        if (l.kind == V_RATE && r.kind == V_RATE)
            return confident_two(ev, l, e->op, r, c);
        if (l.kind == V_RATE)
            return confident(ev, e, l, e->op, r, c);
        return confident(ev, e, r, flip(e->op), l, c);
    }
    if (l.kind == V_RATE || r.kind == V_RATE) {
        if (!as_number(ev, &l))
            return l;
        if (!as_number(ev, &r))
            return r;
    }
    if (l.kind == V_BOOL || r.kind == V_BOOL) {
        if (l.b == K_UNKNOWN || r.b == K_UNKNOWN)
            return v_bool(K_UNKNOWN);
        int eq = l.b == r.b;
        return v_bool(e->op == OP_EQ ? eq : !eq);
    }
    return v_bool(cmp_op(e->op, v_compare(&l, &r)));
}

/* v, the result of arithmetic e, or an error when it left what accord's
   numbers may be (v1.1 §1): not finite (an overflow; operands are always
   finite, so never NaN), or a date, datetime or duration outside the years
   0001 to 9999. No comparison ever sees such a value. */
static Value in_range(Ev *ev, const Expr *e, Value v)
{
    if (v_failed(&v))
        return v;
    if (!isfinite(v.num))
        return v_err(ev->a, "not a finite number: '%s' overflows", src_text(ev, e->loc));
    if ((v.kind == V_DATE && !cal_day_in_range(v.num))
        || (v.kind == V_DATETIME && !cal_instant_in_range(v.num))
        || (v.kind == V_DUR && !cal_span_in_range(v.num)))
        return v_err(ev->a, "'%s' gives a %s outside the years 0001 to 9999",
                     src_text(ev, e->loc), v.kind == V_DUR ? "duration" : v.kind == V_DATE
                     ? "date" : "date-time");
    return v;
}

static Value arith_op(Ev *ev, const Expr *e, Value l, Value r)
{
    if (v_failed(&l))
        return l;
    if (v_failed(&r))
        return r;
    if (l.kind == V_RATE && !as_number(ev, &l))
        return l;
    if (r.kind == V_RATE && !as_number(ev, &r))
        return r;
    bool lt = l.kind == V_DATE || l.kind == V_DATETIME, rt = r.kind == V_DATE || r.kind == V_DATETIME;
    double a = l.kind == V_DATE ? l.num * 86400 : l.num;
    double b = r.kind == V_DATE ? r.num * 86400 : r.num;
    Value v = {0};
    switch (e->op) {
    case OP_ADD:
        if (lt || rt) {
            v.kind = V_DATETIME;
            v.num = a + b;
            return v;
        }
        v = l;
        v.num = a + b;
        v.origin = NULL;
        return v;
    case OP_SUB:
        if (lt && rt) {
            v.kind = V_DUR;
            v.num = a - b;
            return v;
        }
        if (lt) {
            v.kind = V_DATETIME;
            v.num = a - b;
            return v;
        }
        v = l;
        v.num = a - b;
        v.origin = NULL;
        return v;
    case OP_MUL:
        v.kind = l.kind == V_DUR || r.kind == V_DUR ? V_DUR : V_NUM;
        v.num = a * b;
        return v;
    case OP_DIV:
        if (b == 0)
            return v_err(ev->a, "division by zero in '%s'", src_text(ev, e->loc));
        v.kind = l.kind == V_DUR && r.kind != V_DUR ? V_DUR : V_NUM;
        v.num = a / b;
        return v;
    default:
        return v_err(ev->a, "bad operator");
    }
}

enum { MAX_JOINED = 16 << 20 };

/* S + T of two strings. The budget counts the bytes, so that a chain
   of lets doubling a string stops (v1.1 §1: bounded work). */
static Value join(Ev *ev, const Expr *e, Value l, Value r)
{
    size_t n = l.len + r.len;
    if (n > MAX_JOINED)
        return v_err(ev->a, "'%s' makes a string longer than %d bytes", src_text(ev, e->loc),
                     MAX_JOINED);
    if (!charge(ev, n / 64 + 1))
        return over_budget(ev);
    char *t = arena_alloc(ev->a, n + 1);
    memcpy(t, l.s, l.len);
    memcpy(t + l.len, r.s, r.len);
    t[n] = '\0';
    return v_str(t, n);
}

static Value arith(Ev *ev, const Expr *e)
{
    Value l = scalar(ev, e->a), r = scalar(ev, e->b);
    if (l.kind == V_STR && !v_failed(&r))
        return join(ev, e, l, r);
    return in_range(ev, e, arith_op(ev, e, l, r));
}

/* ---- built-ins ---------------------------------------------------------- */

enum { MAX_REGEX_CACHED = 256 };

/* The items of a sequence whose values all count: the first error among
   them, if any, is the result. */
static Value clean_items(Ev *ev, const Expr *e)
{
    Value s = items_of(ev, e);
    if (v_failed(&s))
        return s;
    const Value *bad = first_error(&s);
    return bad ? *bad : s;
}

/* g fed with n items, under the budget (every item is a step). */
static void agg_feed(Ev *ev, Agg *g, const Value *items, size_t n)
{
    if (!charge(ev, n)) {
        g->has_err = true;
        g->err = over_budget(ev);
        return;
    }
    agg_step(ev->a, g, items, n);
}

/* g's answer; percentile's P is evaluated here, after the items, as the
   call reads it. */
static Value agg_finish(Ev *ev, Agg *g, const Expr *e)
{
    double p = 0;
    if (agg_wants_p(g)) {
        Value pv = scalar(ev, e->a->next);
        if (v_failed(&pv) || !as_number(ev, &pv) || pv.num < 0 || pv.num > 1) {
            agg_drop(g);
            return v_failed(&pv) ? pv : v_err(ev->a, "percentile(): P must lie between 0 and 1");
        }
        p = pv.num;
    }
    return agg_final(ev->a, g, e->name, g->bad ? src_text(ev, e->a->loc) : NULL, p);
}

static Value want_int(Ev *ev, const Expr *e, Value v)
{
    if (v_failed(&v))
        return v;
    if (v.kind != V_NUM || v.num != floor(v.num))
        return v_err(ev->a, "'%s' is %s, not an int", src_text(ev, e->loc), v_format(ev->a, &v));
    return v;
}

static bool pure(const Expr *e, const void **own, int nown);
static Value where_count(Ev *ev, const Expr *e);

/* count() */
static Value value_count(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    const Expr *w = x;
    while (w->kind == E_PAREN)
        w = w->a;
    if (w->kind == E_WHERE && !pure(w, NULL, 0))
        return where_count(ev, w);
    Value s = items_of(ev, x);
    return v_failed(&s) ? s : v_num((double)s.count);
}

/* rate() */
static Value value_rate(Ev *ev, const Expr *e)
{
    const Expr *x = e->a, *y = x->next;
    Value k = want_int(ev, x, scalar(ev, x)), n = want_int(ev, y, scalar(ev, y));
    if (v_failed(&k))
        return k;
    if (v_failed(&n))
        return n;
    if (k.num < 0 || k.num > n.num)
        return v_err(ev->a, "rate(%s, %s): K must lie between 0 and N",
                     v_format_number(ev->a, k.num), v_format_number(ev->a, n.num));
    Value v = {0};
    v.kind = V_RATE;
    v.num = k.num;
    v.n = n.num;
    return v;
}

/* sum(), mean(), min(), max(), median(), stddev(), percentile() */
static Value value_aggregate(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    Value s = items_of(ev, x);
    if (v_failed(&s))
        return s;
    Agg g = {.fn = e->builtin};
    if (s.kind == V_LIST)
        agg_feed(ev, &g, s.items, s.count);
    return agg_finish(ev, &g, e);
}

/* distinct() */
static Value value_distinct(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    Value s = clean_items(ev, x);
    if (v_failed(&s))
        return s;
    if (!charge(ev, s.count))
        return over_budget(ev);
    Distinct d = {0};
    distinct_step(ev->a, &d, s.items, s.count, false);
    return distinct_final(ev->a, &d);
}

/* exists() */
static Value value_exists(Ev *ev, const Expr *e)
{
    const Expr *f = e->a;
    while (f->kind == E_PAREN)
        f = f->a;
    if (f->kind == E_NAME && f->sym && f->sym->kind == SYM_FIELD) {
        const RecSet *rs = ev->cur_set;
        Value v = cell_value(&rs->cols[f->field->index][ev->cur_rec],
                             &rs->origin[ev->cur_rec]);
        return v_failed(&v) ? v : v_bool(v.kind != V_NONE);
    }
    if (f->kind == E_DOT && f->a->kind == E_NAME && f->a->sym
        && f->a->sym->kind == SYM_EVIDENCE) {
        Value v = dot(ev, f);
        return v_failed(&v) ? v : v_bool(v.count > 0);
    }
    Value left = eval(ev, f->a);
    if (v_failed(&left))
        return left;
    if (left.kind == V_RECORD) {
        Value v = cell_value(&left.set->cols[f->field->index][left.rec],
                             &left.set->origin[left.rec]);
        return v_failed(&v) ? v : v_bool(v.kind != V_NONE);
    }
    Value v = eval(ev, f);
    return v_failed(&v) ? v : v_bool(v.kind == V_LIST ? v.count > 0 : v.kind != V_NONE);
}

/* wilson_upper(), wilson_lower(), clopper_pearson_upper(),
   clopper_pearson_lower() */
static Value value_interval(Ev *ev, const Expr *e)
{
    const Expr *x = e->a, *y = x->next, *z = y->next;
    double k, n;
    Value cv;
    if (!z) {
        Value r = scalar(ev, x);
        if (v_failed(&r))
            return r;
        k = r.num;
        n = r.n;
        cv = scalar(ev, y);
    } else {
        Value kv = want_int(ev, x, scalar(ev, x)), nv = want_int(ev, y, scalar(ev, y));
        if (v_failed(&kv))
            return kv;
        if (v_failed(&nv))
            return nv;
        k = kv.num;
        n = nv.num;
        cv = scalar(ev, z);
    }
    if (v_failed(&cv))
        return cv;
    if (!as_number(ev, &cv))
        return cv;
    double lo, hi;
    bool ok;
    if (!one_rate_interval(ev, e->builtin, k, n, cv.num, &lo, &hi, &ok))
        return over_budget(ev);
    if (!ok)
        return v_err(ev->a, "%s(%s, %s, %s): needs N > 0, 0 <= K <= N and a confidence "
                     "between 0 and 1", e->name, v_format_number(ev->a, k),
                     v_format_number(ev->a, n), v_format_number(ev->a, cv.num));
    int b = e->builtin;
    return v_num(b == B_WILSON_UPPER || b == B_CLOPPER_PEARSON_UPPER ? hi : lo);
}

/* newcombe_lower(), newcombe_upper() */
static Value value_newcombe(Ev *ev, const Expr *e)
{
    Value v[5];
    const Expr *x = e->a;
    for (int i = 0; i < 5; i++, x = x->next) {
        v[i] = scalar(ev, x);
        if (i < 4)
            v[i] = want_int(ev, x, v[i]);
        if (v_failed(&v[i]))
            return v[i];
    }
    if (!as_number(ev, &v[4]))
        return v[4];
    double lo, hi;
    if (!newcombe(v[0].num, v[1].num, v[2].num, v[3].num, v[4].num, &lo, &hi))
        return v_err(ev->a, "%s(%s, %s, %s, %s, %s): needs N1, N2 > 0, 0 <= K1 <= N1, "
                     "0 <= K2 <= N2 and a confidence between 0 and 1", e->name,
                     v_format_number(ev->a, v[0].num), v_format_number(ev->a, v[1].num),
                     v_format_number(ev->a, v[2].num), v_format_number(ev->a, v[3].num),
                     v_format_number(ev->a, v[4].num));
    return v_num(e->builtin == B_NEWCOMBE_UPPER ? hi : lo);
}

/* abs() */
static Value value_abs(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    Value v = scalar(ev, x);
    if (v_failed(&v))
        return v;
    if (v.kind == V_RATE && !as_number(ev, &v))
        return v;
    v.num = fabs(v.num);
    v.origin = NULL;
    return v;
}

/* round() */
static Value value_round(Ev *ev, const Expr *e)
{
    const Expr *x = e->a, *y = x->next;
    Value v = scalar(ev, x), d = want_int(ev, y, scalar(ev, y));
    if (v_failed(&v))
        return v;
    if (v_failed(&d))
        return d;
    if (!as_number(ev, &v))
        return v;
    /* past 10^±400 every double is already whole, or rounds to 0 */
    double dd = d.num < -400 ? -400 : d.num > 400 ? 400 : d.num;
    double f = num_pow10((int)dd);
    double r = round(v.num * f) / f;
    return v_num(isfinite(r) ? r : v.num);
}

/* days(), hours() */
static Value value_duration(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    Value v = scalar(ev, x);
    if (v_failed(&v))
        return v;
    return v_num(v.num / (e->builtin == B_DAYS ? 86400 : 3600));
}

/* matches() */
static Value value_matches(Ev *ev, const Expr *e)
{
    const Expr *x = e->a, *y = x->next;
    Value s = scalar(ev, x), r = scalar(ev, y);
    if (v_failed(&s))
        return s;
    if (v_failed(&r))
        return r;
    /* compiled once per pattern, for the first MAX_REGEX_CACHED patterns
       of a run (a compiled pattern may take 150 KB: patterns from the
       evidence, one per record, must not add up); the others are
       compiled each time they are used. No string holds a NUL byte. */
    Regex *re = map_get(ev->regex, r.s);
    bool keyed = re || ev->regex->n < MAX_REGEX_CACHED;
    if (!re) {
        char why[200];
        re = regex_compile(r.s, r.len, why, sizeof why);
        if (!re) {
            int shown = r.len > 60 ? 60 : (int)r.len;
            return v_err(ev->a, "invalid regular expression \"%.*s%s\": %s", shown, r.s,
                         r.len > 60 ? "..." : "", why);
        }
        if (keyed)
            map_put(ev->regex, arena_strdup(ev->keep, r.s), re);
    }
    int m = regex_search(re, s.s, s.len, &ev->steps, ev->max_steps);
    if (!keyed)
        regex_free(re);
    if (m < 0) {
        ev->over = true;
        return over_budget(ev);
    }
    return v_bool(m ? K_TRUE : K_FALSE);
}

/* lower() */
static Value value_lower(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    Value s = scalar(ev, x);
    if (v_failed(&s))
        return s;
    char *t = arena_strndup(ev->a, s.s, s.len);
    for (size_t i = 0; i < s.len; i++)
        if (t[i] >= 'A' && t[i] <= 'Z')
            t[i] = (char)(t[i] - 'A' + 'a');
    return v_str(t, s.len);
}

/* len() */
static Value value_len(Ev *ev, const Expr *e)
{
    const Expr *x = e->a;
    Value s = scalar(ev, x);
    if (v_failed(&s))
        return s;
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        n += ((unsigned char)s.s[i] & 0xC0) != 0x80;
    return v_num((double)n);
}

/* starts_with(), ends_with(), contains(): bytes of UTF-8, so a part is
   found only at a character boundary of both (valid UTF-8 cannot match
   mid-character) */
static Value value_string_test(Ev *ev, const Expr *e)
{
    Value s = scalar(ev, e->a);
    if (v_failed(&s))
        return s;
    Value p = scalar(ev, e->a->next);
    if (v_failed(&p))
        return p;
    if (p.len > s.len)
        return v_bool(false);
    switch (e->builtin) {
    case B_STARTS_WITH:
        return v_bool(memcmp(s.s, p.s, p.len) == 0);
    case B_ENDS_WITH:
        return v_bool(memcmp(s.s + (s.len - p.len), p.s, p.len) == 0);
    default:
        break;
    }
    if (p.len == 0)
        return v_bool(true);
    /* at most len(S) comparisons of len(P) bytes each */
    if (!charge(ev, (s.len / 64 + 1) * (p.len / 64 + 1)))
        return over_budget(ev);
    const char *end = s.s + s.len;
    for (const char *at = s.s; (at = memchr(at, p.s[0], (size_t)(end - at) - p.len + 1)); at++)
        if (memcmp(at, p.s, p.len) == 0)
            return v_bool(true);
    return v_bool(false);
}

static int by_path(const void *x, const void *y)
{
    const Value *a = x, *b = y;
    return strcmp(a->s, b->s);
}

/* files(E): E's files in byte order of their paths, each a V_FILE whose
   origin names it (for counterexamples and labels) */
static Value value_files(Ev *ev, const Expr *e)
{
    const Decl *d = e->a->sym->decl;
    const Bound *bd = &ev->b->bound[d->index];
    if (bd->error)
        return v_err(ev->a, "%s", bd->error);
    Value v = {0};
    v.kind = V_LIST;
    v.items = arena_alloc(ev->a, sizeof(Value) * ((size_t)ev->b->nfiles + 1));
    for (int i = 0; i < ev->b->nfiles; i++) {
        const EvFile *f = &ev->b->files[i];
        if (strcmp(f->evidence, d->name) != 0)
            continue;
        Origin *o = NEW(ev->a, Origin);
        o->file = i;
        Value x = {0};
        x.kind = V_FILE;
        x.s = f->path;
        x.len = strlen(f->path);
        x.origin = o;
        v.items[v.count++] = x;
    }
    qsort(v.items, v.count, sizeof(Value), by_path);
    return v;
}

/* int(): a number with an integral value, within the integers a double
   holds exactly (|X| <= 2^53) */
static Value value_int(Ev *ev, const Expr *e)
{
    Value x = scalar(ev, e->a);
    if (v_failed(&x))
        return x;
    if (x.kind == V_RATE && !as_number(ev, &x))
        return x;
    if (x.num != floor(x.num))
        return v_err(ev->a, "int(%s): %s is not an integral value", src_text(ev, e->a->loc),
                     v_format_number(ev->a, x.num));
    if (!(fabs(x.num) <= 9007199254740992.0))
        return v_err(ev->a, "int(%s): %s is past 2^53, where not every integer is a number",
                     src_text(ev, e->a->loc), v_format_number(ev->a, x.num));
    return v_num(x.num == 0 ? 0 : x.num);   /* -0 is 0 */
}

static Value (*const builtin_value[B__COUNT])(Ev *, const Expr *) = {
#define BUILTIN(id, name, lo, hi, folds, type, value, sig) value,
#include "builtins.def"
#undef BUILTIN
};

/* A call of a builtin: its function of builtins.def. */
static Value call(Ev *ev, const Expr *e)
{
    return builtin_value[e->builtin](ev, e);
}

/* ---- quantifiers and where ---------------------------------------------- */

static Value bind_item(const Value *s, size_t i)
{
    if (s->kind == V_RECSET) {
        Value r = {0};
        r.kind = V_RECORD;
        r.set = s->set;
        r.rec = s->idx ? s->idx[i] : i;
        r.origin = &s->set->origin[r.rec];
        return r;
    }
    return s->items[i];
}

static void counterexample(Ev *ev, const Expr *q, const Value *item)
{
    Counter *ce = ev->check ? check_counter(ev->a, ev->check) : NULL;
    if (!ce)
        return;
    ce->origin = item->origin;
    ce->file = item->origin && item->origin->file >= 0 ? ev->b->files[item->origin->file].path
                                                       : NULL;
    /* what the condition read for this item */
    Trace t = {0};
    Trace *saved = ev->trace;
    int quiet = ev->quiet;
    ev->trace = &t;
    ev->quiet = 0;
    /* shown, but gathering nothing for the check: a quantifier in the
       condition belongs to this item's counterexample, and the condition
       was already evaluated once, for the answer (decision 38) */
    ev->explaining++;
    Bind b = {q->sym, *item, ev->env};
    Bind *env = ev->env;
    const Bind *fixed = ev->fixed;
    ev->env = &b;
    ev->fixed = &b;
    if (item->kind != V_RECORD) {
        /* an item of a list is itself what failed: `c` = "bio" says which */
        ev_add_shown(ev, &t, q->name, v_format(ev->a, item));
    } else if (item->set->decl->fields) {
        /* the record's first field identifies it */
        const Field *f0 = item->set->decl->fields;
        Value v = cell_value(&item->set->cols[f0->index][item->rec],
                             &item->set->origin[item->rec]);
        if (v.kind != V_NONE && !v_failed(&v)) {
            t.items = arena_alloc(ev->a, sizeof(Shown) * 8);
            t.cap = 8;
            t.items[t.n++] = (Shown){arena_printf(ev->a, "%s.%s", q->name, f0->name),
                                     v_format(ev->a, &v)};
        }
    }
    const Expr *cond = q->b;
    while (cond->kind == E_PAREN)
        cond = cond->a;
    if (cond->kind == E_CMP) {
        /* the two sides of a comparison, as the reader checks it */
        Value l = scalar(ev, cond->a), r = scalar(ev, cond->b);
        if (cond->a->kind != E_NUM && cond->a->kind != E_PCT && cond->a->kind != E_DUR)
            show(ev, cond->a, &l);
        if (cond->b->kind != E_NUM && cond->b->kind != E_PCT && cond->b->kind != E_DUR)
            show(ev, cond->b, &r);
    } else {
        eval(ev, q->b);
    }
    ev->env = env;
    ev->fixed = fixed;
    ev->trace = saved;
    ev->quiet = quiet;
    ev->explaining--;
    ce->values = t.items;
    ce->nvalues = t.n;
}

/* While a counterexample is traced, a name bound outside the quantifiers
   and filters of its condition (the item, or a variable enclosing it)
   reads the same in every iteration of theirs: shown like a constant, so
   that `all a in S: all c in cats: a.category != c` shows a.category for
   the record a, as the condition read it. */
static bool fixed_name(const Ev *ev, const Expr *e)
{
    if (!ev->fixed)
        return false;
    while (e->kind == E_DOT)
        e = e->a;
    if (e->kind != E_NAME || !e->sym)
        return false;
    for (const Bind *b = ev->env; b && b != ev->fixed; b = b->up)
        if (b->sym == e->sym)
            return false;    /* bound inside: varies per iteration */
    for (const Bind *b = ev->fixed; b; b = b->up)
        if (b->sym == e->sym)
            return true;
    return false;
}

/* Names whose value is the same for every record and iteration, shown
   even inside a condition: parameters, definitions, and the top-level
   fields of evidence (a field of records varies with the record). */
static bool constant_name(const Expr *e)
{
    if (e->kind == E_NAME)
        return e->sym && (e->sym->kind == SYM_PARAM || e->sym->kind == SYM_DEFINE);
    return e->kind == E_DOT && e->type && e->type->kind == T_FIELD && e->a->kind == E_NAME
           && e->a->sym && e->a->sym->kind == SYM_EVIDENCE;
}

/* The parameters, definitions and evidence fields a condition reads,
   shown whether or not a record made the condition read them: a filter or
   quantifier shows the same values whether it is evaluated, found in the
   cache, or answered from streamed evidence, whatever the records. */
static void show_constants(Ev *ev, const Expr *e)
{
    if (!e)
        return;
    if (constant_name(e)) {
        eval(ev, e);   /* shows it as any evaluation does */
        return;
    }
    if (e->kind == E_LIST || e->kind == E_CALL) {
        for (const Expr *x = e->a; x; x = x->next)
            show_constants(ev, x);
        return;
    }
    show_constants(ev, e->a);
    show_constants(ev, e->b);
    show_constants(ev, e->c);
}

/* A where condition read straight off the columns: comparisons of one of
   the record's own fields with a value that is the same for every record
   (a literal, a parameter, a loop variable, a let), a bare boolean field,
   and not/and/or of those. Standards filter mostly this way; evaluating
   such a condition through eval for each of a million records is most of
   the time of a check (docs/performance.md). The results, errors, and
   what is shown in the report are those of eval, in the same order: each
   constant is evaluated the first time a record reaches it. */
typedef struct ColTest {
    ExprKind kind;           /* E_CMP, E_NAME (a boolean field), E_NOT, E_AND, E_OR */
    Op op;
    bool field_left;         /* CMP: the field is the left operand */
    const Field *f;
    const Expr *other;       /* CMP: the constant side */
    bool ready;              /* CMP: k has been evaluated */
    Value k;
    struct ColTest *a, *b;
} ColTest;

static bool plain_kind(VKind k)
{
    return k == V_STR || k == V_NUM || k == V_DATE || k == V_DATETIME || k == V_DUR;
}

/* Whether e can serve as a constant: it reads no record being tested
   (var: the quantifier's own variable, or NULL inside a where). A field of
   a record bound further out (`x.id` in `all x in e.r: count(e.r where id
   == x.id) == 1`) is one. */
static bool constant_side(const Expr *e, const Sym *var)
{
    while (e->kind == E_PAREN)
        e = e->a;
    switch (e->kind) {
    case E_STR: case E_NUM: case E_PCT: case E_DUR: case E_DATE: case E_DATETIME:
        return true;
    case E_NAME:
        return e->sym && (e->sym->kind == SYM_PARAM || e->sym->kind == SYM_DEFINE
                          || e->sym->kind == SYM_LET || e->sym->kind == SYM_LOOP);
    case E_DOT:
        return e->field && !e->field->records && e->a && e->a->kind == E_NAME && e->a->sym
               && e->a->sym != var
               && (e->a->sym->kind == SYM_VAR || e->a->sym->kind == SYM_LOOP);
    default:
        return false;
    }
}

/* A field of the record being tested: bare inside a where (var NULL), or
   var.field inside a quantifier over records. */
static bool own_field(const Expr *e, const Field *records, const Sym *var)
{
    if (var)
        return e->kind == E_DOT && e->field && e->field->parent == records && e->a
               && e->a->kind == E_NAME && e->a->sym == var;
    return e->kind == E_NAME && e->sym && e->sym->kind == SYM_FIELD && e->field
           && e->field->parent == records;
}

static ColTest *col_compile(Ev *ev, const Expr *e, const Field *records, const Sym *var,
                            int depth)
{
    while (e->kind == E_PAREN)
        e = e->a;
    if (depth > 16)
        return NULL;
    ColTest *t = NEW(ev->a, ColTest);
    t->kind = e->kind;
    switch (e->kind) {
    case E_CMP: {
        if (e->c || (e->op != OP_EQ && e->op != OP_NE && e->op != OP_LT && e->op != OP_LE
                     && e->op != OP_GT && e->op != OP_GE))
            return NULL;
        const Expr *l = e->a, *r = e->b;
        while (l->kind == E_PAREN)
            l = l->a;
        while (r->kind == E_PAREN)
            r = r->a;
        if (own_field(l, records, var) && constant_side(r, var)) {
            t->field_left = true;
            t->f = l->field;
            t->other = e->b;
        } else if (own_field(r, records, var) && constant_side(l, var)) {
            t->f = r->field;
            t->other = e->a;
        } else {
            return NULL;
        }
        if (!t->f->ty || t->f->ty->kind == T_BOOL)
            return NULL;
        t->op = e->op;
        return t;
    }
    case E_NAME:
        if (!own_field(e, records, var) || !e->field->ty || e->field->ty->kind != T_BOOL)
            return NULL;
        t->f = e->field;
        return t;
    case E_NOT:
        t->a = col_compile(ev, e->a, records, var, depth + 1);
        return t->a ? t : NULL;
    case E_AND: case E_OR:
        t->a = col_compile(ev, e->a, records, var, depth + 1);
        t->b = t->a ? col_compile(ev, e->b, records, var, depth + 1) : NULL;
        return t->b ? t : NULL;
    default:
        return NULL;
    }
}

/* The condition t for record r of set, as eval would give it; *slow when
   a constant turned out not to be a plain value (the caller then uses
   eval for the whole filter). */
/* A cell against a plain constant in v_compare's order: false when the
   two cannot be compared so (col_test then takes the evaluator's way). */
static bool cell_compare(const Cell *x, const Value *k, int *c)
{
    if (x->kind == V_STR && k->kind == V_STR) {
        size_t n = x->len < k->len ? x->len : k->len;
        int m = memcmp(x->s, k->s, n);
        *c = m ? (m < 0 ? -1 : 1) : x->len < k->len ? -1 : x->len > k->len;
        return true;
    }
    if (x->kind != V_STR && k->kind != V_STR && plain_kind((VKind)x->kind)) {
        double a = x->num, b = k->num;
        if (x->kind == V_DATE && k->kind == V_DATETIME)
            a *= 86400;
        if (k->kind == V_DATE && x->kind == V_DATETIME)
            b *= 86400;
        *c = a < b ? -1 : a > b;
        return true;
    }
    return false;
}

/* col_test for the common record: K_FALSE, K_TRUE or K_UNKNOWN without
   making a Value at each level, or -1 when col_test must answer (a cell
   without a value or with an error, a constant not yet evaluated or not
   plain, anything not a plain comparison). Pure: col_test then starts
   over for that record. */
static int col_bool(const ColTest *t, const RecSet *set, size_t r)
{
    switch (t->kind) {
    case E_CMP: {
        const Cell *x = &set->cols[t->f->index][r];
        const Value *k = &t->k;
        int c;
        if (!t->ready || !plain_kind(k->kind) || !cell_compare(x, k, &c))
            return -1;
        return cmp_op(t->op, t->field_left ? c : -c);
    }
    case E_NAME: {
        const Cell *x = &set->cols[t->f->index][r];
        return x->kind == V_BOOL ? x->b : -1;
    }
    case E_NOT: {
        int v = col_bool(t->a, set, r);
        return v < 0 || v == K_UNKNOWN ? v : v == K_TRUE ? K_FALSE : K_TRUE;
    }
    default: {   /* E_AND, E_OR: as and_or, without errors */
        int stop = t->kind == E_AND ? K_FALSE : K_TRUE;
        int l = col_bool(t->a, set, r);
        if (l == stop || l < 0)
            return l;
        int rr = col_bool(t->b, set, r);
        if (rr == stop || rr < 0)
            return rr;
        return l == K_UNKNOWN || rr == K_UNKNOWN ? K_UNKNOWN : l;
    }
    }
}

static Value col_test(Ev *ev, ColTest *t, const RecSet *set, size_t r, bool *slow)
{
    int quick = col_bool(t, set, r);
    if (quick >= 0)
        return v_bool(quick);
    switch (t->kind) {
    case E_CMP: {
        const Cell *x = &set->cols[t->f->index][r];
        if (!t->ready) {
            t->k = scalar(ev, t->other);
            t->ready = true;
            if (!plain_kind(t->k.kind)) {
                *slow = true;
                return v_bool(K_FALSE);
            }
        }
        if (x->kind == V_NONE)
            return record_field(ev, set, r, t->f);
        if (v_failed(x))
            return cell_value(x, &set->origin[r]);
        /* v_compare's order, on the cell itself */
        int c;
        if (!cell_compare(x, &t->k, &c)) {
            *slow = true;
            return v_bool(K_FALSE);
        }
        return v_bool(cmp_op(t->op, t->field_left ? c : -c));
    }
    case E_NAME: {
        Value x = cell_value(&set->cols[t->f->index][r], &set->origin[r]);
        if (x.kind == V_NONE)
            return record_field(ev, set, r, t->f);
        return x;
    }
    case E_NOT: {
        Value v = col_test(ev, t->a, set, r, slow);
        if (v_failed(&v) || v.b == K_UNKNOWN)
            return v;
        return v_bool(v.b == K_TRUE ? K_FALSE : K_TRUE);
    }
    default: {   /* E_AND, E_OR: as eval, left to right, stopping early */
        int stop = t->kind == E_AND ? K_FALSE : K_TRUE;
        Value l = col_test(ev, t->a, set, r, slow);
        if (l.kind == V_BOOL && l.b == stop)
            return l;
        return and_or(stop, l, col_test(ev, t->b, set, r, slow));
    }
    }
}

/* The field an index serves: that of the comparison that starts an
   and-chain, the one a record fails first. */
static const Field *fast_field(const ColTest *t)
{
    while (t->kind == E_AND)
        t = t->a;
    return t->f;
}

static Value quantify_uncached(Ev *ev, const Expr *e);
static bool pure(const Expr *e, const void **own, int nown);

Counter *check_counter(Arena *a, Check *c)
{
    if (c->ncounters >= MAX_COUNTEREXAMPLES)
        return NULL;
    if (!c->counters)
        c->counters = arena_alloc(a, sizeof(Counter) * MAX_COUNTEREXAMPLES);
    return &c->counters[c->ncounters++];
}

void check_merge(Arena *a, Check *to, const Check *from)
{
    for (int i = 0; i < from->ncounters; i++) {
        Counter *ce = check_counter(a, to);
        if (!ce)
            break;
        *ce = from->counters[i];
    }
    to->nfailed += from->nfailed;
    if (from->interval && !to->interval) {
        to->interval = true;
        to->lo = from->lo;
        to->hi = from->hi;
        to->confidence = from->confidence;
        to->method = from->method;
    }
}

/* Whether a quantifier evaluated now gathers counterexamples for the
   check: only one the check evaluates itself. A quantifier inside another
   quantifier's condition or inside a where is evaluated once per item,
   and what it finds is that item's counterexample, not the check's: a
   failing `all a in S: all c in L: ...` counts and lists the items of S
   (decision 38). */
bool ev_gathers(const Ev *ev)
{
    return ev->trace && ev->check && !ev->quiet && !ev->explaining;
}

typedef struct QuantMemo {
    Value v;
    bool gathered;           /* what the quantifier finds, below, is known */
    Check found;             /* its counterexamples, failures and interval */
} QuantMemo;

/* The quantifier e evaluated for the check, with what it finds gathered
   into m->found rather than into the check: the check may hold ten
   counterexamples already, and the memo keeps what the quantifier itself
   found, for every later check that reads it. */
static void quantify_gathered(Ev *ev, const Expr *e, QuantMemo *m)
{
    Check *check = ev->check;
    memset(&m->found, 0, sizeof m->found);
    ev->check = &m->found;
    /* shared by every check that needs it: a budget of its own, charged
       to none of them, as a definition's */
    m->v = budgeted(ev, e, quantify_uncached);
    ev->check = check;
    m->gathered = true;
}

/* A quantifier that reads no local name has the same value and the same
   counterexamples wherever it stands: computed once per run. What it
   finds is gathered the first time a check evaluates it itself
   (ev_gathers), which may be after it was computed inside a condition. */
static Value quantify(Ev *ev, const Expr *e)
{
    if (!pure(e, NULL, 0))
        return quantify_uncached(ev, e);
    const char *key = arena_printf(ev->a, "quant:%s", src_text(ev, e->loc));
    QuantMemo *m = map_get(ev->cache, key);
    bool gather = ev_gathers(ev);
    if (!m) {
        m = NEW(ev->a, QuantMemo);
        if (gather)
            quantify_gathered(ev, e, m);
        else
            m->v = budgeted(ev, e, quantify_uncached);
        map_put(ev->cache, key, m);
    } else if (gather && !m->gathered) {
        quantify_gathered(ev, e, m);   /* shows what it reads, as the first time */
    } else if (ev->trace) {
        show_constants(ev, e);
    }
    if (gather)
        check_merge(ev->a, ev->check, &m->found);
    return m->v;
}

static Value quantify_items(Ev *ev, const Expr *e, Value s);
static const ColIndex *index_of(Ev *ev, const Value *s, const int *fields, int nfields);

/* For a quantifier over the records s whose condition fast is guarded,
   `not (r.f == k and ...) or ...` or `r.f != k or ...`: an index of f
   (with k in *kp), when every record has a plain value in f of k's kind.
   A record whose f is not k then makes the condition true at its first
   step, as the scan would find it, so only those with f == k need
   testing (the anchor workload's per-record rules: docs/performance.md).
   k is the first constant the scan would evaluate, at its first record:
   evaluated here instead; when it is not a plain value, *slow is set, as
   the scan would set it there. NULL when no index serves. */
static const ColIndex *tuple_index(Ev *ev, ColTest *fast, const Value *s, Value *kt);

static const ColIndex *guard_index(Ev *ev, ColTest *fast, const Value *s, const Value **kp,
                                   Value *kt, bool *slow)
{
    if (fast->kind != E_OR)
        return NULL;
    ColTest *eq = fast->a;
    if (eq->kind == E_NOT) {
        eq = eq->a;
        if (eq->kind == E_AND) {
            /* `not (f == k and g == m) or ...`: a record whose tuple is
               not (k, m) is true at the guard, as above, when the tuple
               index holds (every record has plain values in f and g): the
               records of one entry are tested, not all those with f == k */
            const ColIndex *tx = tuple_index(ev, eq, s, kt);
            if (tx) {
                *kp = kt;
                return tx;
            }
        }
        while (eq->kind == E_AND)
            eq = eq->a;
        if (eq->kind != E_CMP || eq->op != OP_EQ)
            return NULL;
    } else if (eq->kind != E_CMP || eq->op != OP_NE) {
        return NULL;
    }
    if (!eq->ready) {
        eq->k = scalar(ev, eq->other);
        eq->ready = true;
        if (!plain_kind(eq->k.kind)) {
            *slow = true;
            return NULL;
        }
    }
    const ColIndex *ix = index_of(ev, s, &eq->f->index, 1);
    if (!ix || colindex_bad(ix) < s->count || colindex_kind(ix, 0) != eq->k.kind)
        return NULL;
    *kp = &eq->k;
    return ix;
}

/* The least and greatest value of a field over some records, when every
   one of them holds a number (ok). */
typedef struct Extremes {
    bool ok;
    double lo, hi;
} Extremes;

/* The extremes of field over the records of s, or (ix not NULL) over those
   whose indexed field is k: computed once per run of the evaluator (kept
   with the indexes, whose lifetime is the same). */
static const Extremes *extremes_of(Ev *ev, const Value *s, int field, const ColIndex *ix,
                                   const Value *k)
{
    size_t first = ix ? colindex_first(ix, k) : 0;
    char key[128];
    snprintf(key, sizeof key, "x:%p:%p:%d:%p:%zu", (const void *)s->set, (const void *)s->idx,
             field, (const void *)ix, first);
    Extremes *x = map_get(ev->indexes, key);
    if (x)
        return x;
    x = NEW(ev->a, Extremes);
    x->ok = first < s->count;
    const Cell *col = s->set->cols[field];
    for (size_t i = first; x->ok && i < s->count; i = ix ? colindex_next(ix, i) : i + 1) {
        const Cell *c = &col[s->idx ? s->idx[i] : i];
        if (c->kind != V_NUM || c->num != c->num) {
            x->ok = false;
        } else {
            if (i == first || c->num < x->lo)
                x->lo = c->num;
            if (i == first || c->num > x->hi)
                x->hi = c->num;
        }
    }
    map_put(ev->indexes, arena_strdup(ev->a, key), x);
    return x;
}

/* Whether every record with field values between the extremes gives the
   bound t (`a.severity <= 5`, `a.score > k`: a numeric field compared
   with a constant) the result want: the values a bound admits are a
   half-line, and so are those it refuses, so the two extremes answer for
   every value between them. */
static bool bound_holds(Ev *ev, ColTest *t, const Value *s, const ColIndex *ix, const Value *k,
                        int want)
{
    if (t->kind != E_CMP
        || (t->op != OP_LT && t->op != OP_LE && t->op != OP_GT && t->op != OP_GE))
        return false;
    if (!t->ready) {
        /* a literal or a parameter: no cost; one that is not a plain
           value is left for col_test to find, as tuple_index leaves it */
        Value kv = scalar(ev, t->other);
        if (!plain_kind(kv.kind))
            return false;
        t->k = kv;
        t->ready = true;
    }
    if (t->k.kind != V_NUM)
        return false;
    const Extremes *x = extremes_of(ev, s, t->f->index, ix, k);
    if (!x->ok)
        return false;
    for (int i = 0; i < 2; i++) {
        Cell c = {.kind = V_NUM};
        c.num = i ? x->hi : x->lo;
        int d;
        if (!cell_compare(&c, &t->k, &d) || cmp_op(t->op, t->field_left ? d : -d) != want)
            return false;
    }
    return true;
}

static bool literal_side(const ColTest *t);

/* Whether every comparison under t has a literal or a parameter as its
   constant: evaluating it can neither fail nor cost. */
static bool literal_leaves(const ColTest *t)
{
    switch (t->kind) {
    case E_CMP: return literal_side(t);
    case E_NAME: return true;
    case E_NOT: return literal_leaves(t->a);
    default: return literal_leaves(t->a) && literal_leaves(t->b);
    }
}

/* Whether an all or none over the records s with condition fast needs no
   record tested, because the scan would find every condition true (all)
   or false (none), with no error, counterexample or unknown: fast is one
   bound its field's extremes decide, or (ix and k, from guard_index) a
   guard and one bound, `not (a.category == "bio") or a.severity <= 3`,
   that the extremes over the records with the guard's first field equal
   to k decide (the others are true at the guard; a longer guard lets
   fewer through). Every constant must be a literal or a parameter.
   Per-record bounds, guarded or not, are most of a Schematron-style rule
   set's universals (docs/performance.md): each then costs one pass over
   a column, or over an index entry, per run and field, rather than a
   test per record and rule. */
static bool quant_decided_by_bounds(Ev *ev, ColTest *fast, const Value *s, Op op,
                                    const ColIndex *ix, const Value *k)
{
    if (!literal_leaves(fast))
        return false;
    if (ix)
        return op == Q_ALL && bound_holds(ev, fast->b, s, ix, k, K_TRUE);
    return bound_holds(ev, fast, s, NULL, NULL, op == Q_ALL ? K_TRUE : K_FALSE);
}

static Value quantify_uncached(Ev *ev, const Expr *e)
{
    return quantify_items(ev, e, items_of(ev, e->a));
}

/* The quantifier e over its sequence s, already evaluated (an error there
   is the answer, whatever the items would say). */
static Value quantify_items(Ev *ev, const Expr *e, Value s)
{
    if (ev->trace)
        show_constants(ev, e->b);
    if (v_failed(&s))
        return s;
    size_t n = s.count;
    bool gather = ev_gathers(ev);
    ev->quiet++;                       /* values vary per item */
    Bind *env = ev->env;
    Quant qa = {.op = e->op};
    size_t *hits = NULL;
    size_t nhits = 0;
    unsigned long long nwitness = 0;   /* every item that failed */
    /* a condition on the record's own fields is read off the columns, as
       in where (and counterexamples are still traced by eval, below) */
    ColTest *fast = s.kind == V_RECSET && ev->columns
                    ? col_compile(ev, e->b, s.set->decl, e->sym, 0) : NULL;
    bool slow = false;
    /* a guarded condition (`not (f == k ...) or ...`): only the records
       with f == k are tested, in order; the others are true, and charged,
       as the scan would find them (guard_index) */
    const Value *k = NULL;
    Value kt[MAX_INDEX_FIELDS];
    const ColIndex *ix = fast && e->op != Q_NONE && n > 0 && ev->steps + n <= ev->max_steps
                         ? guard_index(ev, fast, &s, &k, kt, &slow) : NULL;
    /* bounds their fields' extremes decide: no record need be tested */
    bool decided = fast && !slow && (e->op == Q_ALL || e->op == Q_NONE) && n > 0
                   && ev->steps + n <= ev->max_steps
                   && quant_decided_by_bounds(ev, fast, &s, e->op, ix, k);
    size_t tested = 0;
    if (ix || decided)
        charge(ev, n);
    for (size_t i = decided ? n : ix ? colindex_first(ix, k) : 0; i < n;
         i = ix ? colindex_next(ix, i) : i + 1) {
        if (!ix && !charge(ev, 1))
            break;           /* over budget: the answer, below */
        tested++;
        Value c;
        /* read off the columns, the record needs no value of its own (a
           record set's items are all records) */
        if (fast && !slow)
            c = col_test(ev, fast, s.set, s.idx ? s.idx[i] : i, &slow);
        if (!fast || slow) {
            Value item = bind_item(&s, i);
            if (item.kind == V_NONE)
                continue;
            if (v_failed(&item)) {
                c = item;
            } else {
                Bind b = {e->sym, item, env};
                ev->env = &b;
                c = eval(ev, e->b);
                ev->env = env;
            }
        }
        quant_step(&qa, &c);
        bool witness = c.kind == V_BOOL && ((e->op == Q_ALL && c.b == K_FALSE)
                                            || (e->op == Q_NONE && c.b == K_TRUE));
        nwitness += witness;
        if (witness && gather && nhits < MAX_COUNTEREXAMPLES) {
            if (!hits)
                hits = arena_alloc(ev->a, sizeof(size_t) * MAX_COUNTEREXAMPLES);
            hits[nhits++] = i;
        }
    }
    if (ix && tested < n) {
        Value t = v_bool(K_TRUE);    /* the records the guard skips */
        quant_step(&qa, &t);
    }
    if (decided) {
        Value t = v_bool(e->op == Q_ALL ? K_TRUE : K_FALSE);
        quant_step(&qa, &t);
    }
    ev->quiet--;
    if (ev->over)            /* the items not seen could have decided it */
        return over_budget(ev);
    if (gather) {
        /* what the counterexamples show is no part of the value: tracing
           them is bounded by the budget left but leaves it as it was, so
           the value is the same traced or not (a quantifier remembered
           once per run is the same wherever it was first met) */
        unsigned long long steps = ev->steps;
        for (size_t i = 0; i < nhits; i++) {
            Value item = bind_item(&s, hits[i]);
            counterexample(ev, e, &item);
        }
        ev->steps = steps;
        ev->over = false;
        ev->check->nfailed += nwitness;
    }
    return quant_final(&qa);
}

/* Whether e reads only constants, evidence, and what it binds itself (own:
   the records blocks of the wheres and the variables of the quantifiers
   being walked), so that its value is the same wherever it stands. */
static bool pure(const Expr *e, const void **own, int nown)
{
    if (!e)
        return true;
    switch (e->kind) {
    case E_NAME: {
        if (!e->sym)
            return false;
        const void *binder = NULL;
        switch (e->sym->kind) {
        case SYM_PARAM: case SYM_DEFINE: case SYM_EVIDENCE:
            return true;
        case SYM_FIELD: binder = e->sym->field->parent; break;
        case SYM_VAR: binder = e->sym; break;
        default: return false;   /* lets and loop variables */
        }
        for (int i = 0; i < nown; i++)
            if (own[i] == binder)
                return true;
        return false;
    }
    case E_WHERE: case E_QUANT: {
        if (!pure(e->a, own, nown) || nown >= 8)
            return false;
        const void *inner[9];
        if (nown)
            memcpy(inner, own, sizeof(void *) * (size_t)nown);
        if (e->kind == E_WHERE) {
            if (!e->a->type || e->a->type->kind != T_RECSET)
                return false;
            inner[nown] = e->a->type->records;
        } else {
            inner[nown] = e->sym;
        }
        return pure(e->b, inner, nown + 1);
    }
    case E_LIST: case E_CALL:
        for (const Expr *x = e->a; x; x = x->next)
            if (!pure(x, own, nown))
                return false;
        return true;
    default:
        return pure(e->a, own, nown) && pure(e->b, own, nown) && pure(e->c, own, nown);
    }
}

static Value where_uncached(Ev *ev, const Expr *e);

/* A filter that reads no local name is the same in every requirement:
   computed once per run (standards repeat their filters). */
static Value where(Ev *ev, const Expr *e)
{
    if (!pure(e, NULL, 0))
        return where_uncached(ev, e);
    const char *key = arena_printf(ev->a, "where:%s", src_text(ev, e->loc));
    Value *hit = map_get(ev->cache, key);
    if (hit) {
        if (ev->trace)
            show_constants(ev, e->b);
        return *hit;
    }
    /* shared by every check that needs it: a budget of its own, charged
       to none of them, as a definition's */
    Value v = budgeted(ev, e, where_uncached);
    Value *keep = NEW(ev->a, Value);
    *keep = v;
    map_put(ev->cache, key, keep);
    return v;
}

/* The index of field f over the records of s, or NULL. An index is built
   the second time the same records are filtered on the field, so that a
   filter met once (the records of another filter, made anew for every
   item of a quantifier) costs no index: memory stays that of the scans.
   Built once per run (per streamed file, where the records are the
   file's). Building it is not charged to the check that happens to need
   it first (no result may depend on the order of the checks): it is
   linear in records the limits already bound. */
static const ColIndex *index_of(Ev *ev, const Value *s, const int *fields, int nfields)
{
    char key[80 + 12 * MAX_INDEX_FIELDS];
    int n = snprintf(key, 80, "%p:%p", (const void *)s->set, (const void *)s->idx);
    for (int i = 0; i < nfields; i++)
        n += snprintf(key + n, sizeof key - (size_t)n, ":%d", fields[i]);
    void **slot = map_get(ev->indexes, key);
    if (!slot) {
        slot = NEW(ev->a, void *);      /* met once: NULL */
        map_put(ev->indexes, arena_strdup(ev->a, key), slot);
        return NULL;
    }
    if (!*slot)
        *slot = colindex_build(ev->a, s->set, s->idx, s->count, fields, nfields);
    return *slot;
}

/* Whether the constant of t is a literal or a parameter: the same value
   wherever and whenever it is evaluated, at no cost. */
static bool literal_side(const ColTest *t)
{
    const Expr *o = t->other;
    while (o->kind == E_PAREN)
        o = o->a;
    switch (o->kind) {
    case E_STR: case E_NUM: case E_PCT: case E_DUR: case E_DATE: case E_DATETIME:
        return true;
    case E_NAME:
        return o->sym && o->sym->kind == SYM_PARAM;
    default:
        return false;
    }
}

/* For a where whose condition fast is an and-chain of equalities between
   fields of the record and literals or parameters (`category == "bio" and
   outcome == "complied"`), its first equality's constant evaluated (as
   the caller did): the index of the tuple of its fields, with the
   constants in kt, when every record has plain values of the constants'
   kinds in them. Each record then satisfies the condition exactly when
   its tuple is kt: no record can err or be inconclusive, and the records
   kept are one entry of the index, in order (grouped counts: one pass per
   tuple of fields, not per filter). NULL when that does not hold. */
static const ColIndex *tuple_index(Ev *ev, ColTest *fast, const Value *s, Value *kt)
{
    ColTest *leaf[MAX_INDEX_FIELDS];
    int n = 0;
    const ColTest *t = fast;
    while (t->kind == E_AND) {
        if (n == MAX_INDEX_FIELDS - 1 || t->b->kind != E_CMP)
            return NULL;
        leaf[n++] = t->b;
        t = t->a;
    }
    leaf[n++] = (ColTest *)t;    /* the first equality, last */
    int fields[MAX_INDEX_FIELDS];
    for (int i = 0; i < n; i++) {
        ColTest *c = leaf[n - 1 - i];
        if (c->kind != E_CMP || c->op != OP_EQ || !literal_side(c))
            return NULL;
        for (int j = 0; j < i; j++)
            if (fields[j] == c->f->index)
                return NULL;
        fields[i] = c->f->index;
    }
    for (int i = 0; i < n; i++) {
        ColTest *c = leaf[n - 1 - i];
        if (!c->ready) {
            /* a literal or parameter: evaluating it now rather than at the
               first record that reaches it changes nothing; one that is
               not a plain value is left for col_test to find (and to turn
               to eval there, as it does) */
            Value k = scalar(ev, c->other);
            if (!plain_kind(k.kind))
                return NULL;
            c->k = k;
            c->ready = true;
        }
        if (!plain_kind(c->k.kind))
            return NULL;
        kt[i] = c->k;
    }
    /* the caller has records (s->count > 0): with none bad, every field of
       the index has a kind */
    const ColIndex *ix = index_of(ev, s, fields, n);
    if (!ix || colindex_bad(ix) < s->count)
        return NULL;
    for (int i = 0; i < n; i++)
        if (colindex_kind(ix, i) != kt[i].kind)
            return NULL;
    return ix;
}

/* The where over s kept through the tuple index ix (tuple_index): its
   records to idx, how many returned; charged one step per record kept,
   as indexed charges the records it tests. */
static size_t tupled(Ev *ev, const Value *s, const ColIndex *ix, const Value *kt,
                     uint32_t *idx, Value *out)
{
    size_t n = 0;
    for (size_t pos = colindex_first(ix, kt); pos < s->count; pos = colindex_next(ix, pos)) {
        if (!charge(ev, 1)) {
            *out = over_budget(ev);
            return 0;
        }
        if (idx)
            idx[n] = (uint32_t)(s->idx ? s->idx[pos] : pos);
        n++;
    }
    return n;
}

enum { MAX_UNION = 16 };

/* The values leaf t of an and-chain admits for its field: one for an
   equality with a literal or parameter, several for an or of such
   equalities on one field (`outcome == "complied" or outcome == "partial"`),
   each once, their constants evaluated (a literal or parameter: nothing
   changes by evaluating it before the first record reaches it). 0 when t
   is neither, or a constant is not a plain value. */
static int alternatives(Ev *ev, ColTest *t, const Field **f, Value *alt, int max)
{
    if (t->kind == E_OR) {
        int n = alternatives(ev, t->a, f, alt, max);
        const Field *g = NULL;
        int m = n ? alternatives(ev, t->b, &g, alt + n, max - n) : 0;
        if (!m || g != *f)
            return 0;
        int kept = n;
        for (int i = n; i < n + m; i++) {    /* `a or a` admits a once */
            bool again = false;
            for (int j = 0; j < kept && !again; j++)
                again = v_equal(&alt[j], &alt[i]);
            if (!again)
                alt[kept++] = alt[i];
        }
        return kept;
    }
    if (t->kind != E_CMP || t->op != OP_EQ || !literal_side(t) || max < 1)
        return 0;
    if (!t->ready) {
        Value k = scalar(ev, t->other);
        if (!plain_kind(k.kind))
            return 0;        /* left for col_test to find, as it does */
        t->k = k;
        t->ready = true;
    }
    if (!plain_kind(t->k.kind))
        return 0;
    *f = t->f;
    alt[0] = t->k;
    return 1;
}

/* For a where whose condition fast is an and-chain (or one leaf) of
   equalities and ors of equalities on one field, at least one of them an
   or (`category == "bio" and (outcome == "complied" or outcome ==
   "partial")`): the index of the tuple of its fields, with the tuples of
   values it admits in keys (nkeys of them, MAX_INDEX_FIELDS values each),
   when every record has plain values of the constants' kinds in them.
   Each record then satisfies the condition exactly when its tuple is one
   of keys: the records kept are the union of those entries of the index,
   in order (tuple_index for an or). NULL when that does not hold. */
static const ColIndex *union_index(Ev *ev, ColTest *fast, const Value *s, Value *keys,
                                   int *nkeys)
{
    ColTest *leaf[MAX_INDEX_FIELDS];
    int n = 0;
    const ColTest *t = fast;
    while (t->kind == E_AND) {
        if (n == MAX_INDEX_FIELDS - 1)
            return NULL;
        leaf[n++] = t->b;
        t = t->a;
    }
    leaf[n++] = (ColTest *)t;
    int fields[MAX_INDEX_FIELDS], nalt[MAX_INDEX_FIELDS];
    Value alt[MAX_INDEX_FIELDS][MAX_UNION];
    int product = 1;
    bool some_or = false;
    for (int i = 0; i < n; i++) {
        const Field *f = NULL;
        nalt[i] = alternatives(ev, leaf[n - 1 - i], &f, alt[i], MAX_UNION);
        if (!nalt[i] || product * nalt[i] > MAX_UNION)
            return NULL;
        product *= nalt[i];
        some_or |= nalt[i] > 1;
        for (int j = 0; j < i; j++)
            if (fields[j] == f->index)
                return NULL;
        fields[i] = f->index;
    }
    if (!some_or)
        return NULL;
    const ColIndex *ix = index_of(ev, s, fields, n);
    if (!ix || colindex_bad(ix) < s->count)
        return NULL;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nalt[i]; j++)
            if (colindex_kind(ix, i) != alt[i][j].kind)
                return NULL;
    /* every tuple of the product, the first field's value varying slowest */
    for (int p = 0; p < product; p++) {
        int rest = p;
        for (int i = n - 1; i >= 0; i--) {
            keys[p * MAX_INDEX_FIELDS + i] = alt[i][rest % nalt[i]];
            rest /= nalt[i];
        }
    }
    *nkeys = product;
    return ix;
}

/* The where over s kept through union_index: the entries of keys merged
   in the order of the records, to idx; how many returned; charged one
   step per record kept, as tupled. The entries are of distinct tuples,
   so no record is in two. */
static size_t unioned(Ev *ev, const Value *s, const ColIndex *ix, const Value *keys, int nkeys,
                      uint32_t *idx, Value *out)
{
    size_t at[MAX_UNION];
    for (int p = 0; p < nkeys; p++)
        at[p] = colindex_first(ix, keys + p * MAX_INDEX_FIELDS);
    size_t n = 0;
    for (;;) {
        int best = -1;
        for (int p = 0; p < nkeys; p++)
            if (at[p] < s->count && (best < 0 || at[p] < at[best]))
                best = p;
        if (best < 0)
            return n;
        if (!charge(ev, 1)) {
            *out = over_budget(ev);
            return 0;
        }
        size_t pos = at[best];
        if (idx)
            idx[n] = (uint32_t)(s->idx ? s->idx[pos] : pos);
        n++;
        at[best] = colindex_next(ix, pos);
    }
}

/* The where e over s through the index ix of its first equality, whose
   constant is k: the records kept go to idx (returns how many), an error
   to *out. The records with that value are tested with the whole
   condition (fast), the others are not: their first step is false. */
static size_t indexed(Ev *ev, const Expr *e, const Value *s, ColTest *fast,
                      const ColIndex *ix, const Value *k, uint32_t *idx, Value *out)
{
    /* when the condition is the equality alone, the scan stops at the
       first record without a usable value in the field (colindex_bad) with
       its error, after the records before it, which the index holds; the
       caller uses no index for a longer condition with such a record */
    size_t n = 0, bad = colindex_bad(ix);
    bool slow = false;
    for (size_t pos = colindex_first(ix, k); pos < s->count; pos = colindex_next(ix, pos)) {
        size_t r = s->idx ? s->idx[pos] : pos;
        if (!charge(ev, 1)) {
            *out = over_budget(ev);
            return 0;
        }
        Value c;
        if (fast->kind == E_CMP) {
            c = v_bool(K_TRUE);
        } else {
            ev->cur_set = s->set;
            ev->cur_rec = r;
            if (!slow)
                c = col_test(ev, fast, s->set, r, &slow);
            if (slow)        /* from this record on, as eval does it */
                c = eval(ev, e->b);
        }
        if (v_failed(&c)) {
            *out = c;
            return 0;
        }
        if (c.b == K_UNKNOWN) {
            *out = v_err(ev->a, "the condition of 'where' is inconclusive for the record at %s",
                         v_origin_path(ev->a, &s->set->origin[r]));
            return 0;
        }
        if (c.b == K_TRUE) {
            if (idx)
                idx[n] = (uint32_t)r;
            n++;
        }
    }
    if (bad < s->count) {
        size_t r = s->idx ? s->idx[bad] : bad;
        const Cell *c = &s->set->cols[fast_field(fast)->index][r];
        *out = c->kind == V_NONE ? record_field(ev, s->set, r, fast_field(fast))
                                 : cell_value(c, &s->set->origin[r]);
        return 0;
    }
    return n;
}

static Value filter(Ev *ev, const Expr *e, bool keep);

static Value where_uncached(Ev *ev, const Expr *e)
{
    return filter(ev, e, true);
}

/* The number of records `S where C` keeps, without keeping them: a count
   of a filter inside a quantifier (`all x in s: count(s where id != x.id)
   == ...`) is made once per item, and kept records would take memory for
   each (4 GB for 30 000 records). */
static Value where_count(Ev *ev, const Expr *e)
{
    if (!charge(ev, 1))      /* as eval charges the where it skips */
        return over_budget(ev);
    Value v = filter(ev, e, false);
    return v_failed(&v) ? v : v_num((double)v.count);
}

/* `S where C`: the records kept (keep), or only how many (a record set
   whose count is that number and whose records are not to be read). */
static Value filter(Ev *ev, const Expr *e, bool keep)
{
    Value s = eval(ev, e->a);
    if (ev->trace)
        show_constants(ev, e->b);
    if (s.kind != V_RECSET)
        return v_failed(&s) ? s : v_err(ev->a, "'where' needs a record set");
    ev->quiet++;
    const RecSet *set_before = ev->cur_set;
    size_t rec_before = ev->cur_rec;
    /* the records kept are gathered on the heap and copied to the arena at
       their number: a filter that keeps a few of a million records costs a
       few, not a million (memory is per record: docs/performance.md) */
    uint32_t *idx = keep ? xmalloc(sizeof(uint32_t) * (s.count + 1)) : NULL;
    size_t k = 0;
    Value out = {0};
    ColTest *fast = ev->columns ? col_compile(ev, e->b, s.set->decl, NULL, 0) : NULL;
    bool slow = false;
    /* an equality on a field, first in the condition: only the records
       with that value are tested (index.h); the rest fail the condition
       at its first step, as they would one by one */
    ColTest *eq = fast;
    while (eq && eq->kind == E_AND)
        eq = eq->a;
    size_t from = 0;
    Value kt[MAX_INDEX_FIELDS];
    Value keys[MAX_UNION * MAX_INDEX_FIELDS];
    int nkeys = 0;
    const ColIndex *uix = fast && s.count > 0 && (eq->kind == E_OR || fast->kind == E_AND)
                          ? union_index(ev, fast, &s, keys, &nkeys) : NULL;
    if (uix) {
        /* equalities and ors of them: one entry of an index per tuple of
           values admitted, as tupled (its constants evaluated: a step) */
        if (!charge(ev, 1))
            out = over_budget(ev);
        else
            k = unioned(ev, &s, uix, keys, nkeys, idx, &out);
        from = s.count;
    } else if (eq && eq->kind == E_CMP && eq->op == OP_EQ && s.count > 0) {
        if (!charge(ev, 1)) {
            out = over_budget(ev);
            from = s.count;
        } else {
            eq->k = scalar(ev, eq->other);
            eq->ready = true;
            if (!plain_kind(eq->k.kind)) {
                slow = true;          /* as col_test finds at the first record */
            } else {
                /* a record without a usable value in the field may still be
                   decided by the rest of the condition (`error and false`
                   is false): then only the scan gives what the scan gives */
                const ColIndex *ix = NULL;
                if (fast->kind == E_AND && (ix = tuple_index(ev, fast, &s, kt))) {
                    k = tupled(ev, &s, ix, kt, idx, &out);
                    from = s.count;
                } else if ((ix = index_of(ev, &s, &eq->f->index, 1))) {
                    VKind kind = colindex_kind(ix, 0);
                    if ((kind == V_NONE || kind == eq->k.kind)
                        && (colindex_bad(ix) == s.count || fast->kind == E_CMP)) {
                        k = indexed(ev, e, &s, fast, ix, &eq->k, idx, &out);
                        from = s.count;
                    }
                }
            }
        }
    }
    for (size_t i = from; i < s.count; i++) {
        size_t r = s.idx ? s.idx[i] : i;
        ev->cur_set = s.set;
        ev->cur_rec = r;
        if (!charge(ev, 1)) {
            out = over_budget(ev);
            break;
        }
        Value c;
        if (fast && !slow) {
            c = col_test(ev, fast, s.set, r, &slow);
            if (slow)        /* from this record on, as eval does it */
                c = eval(ev, e->b);
        } else {
            c = eval(ev, e->b);
        }
        if (v_failed(&c)) {
            out = c;
            break;
        }
        if (c.b == K_UNKNOWN) {
            out = v_err(ev->a, "the condition of 'where' is inconclusive for the record at %s",
                        v_origin_path(ev->a, &s.set->origin[r]));
            break;
        }
        if (c.b == K_TRUE) {
            if (idx)
                idx[k] = (uint32_t)r;
            k++;
        }
    }
    ev->cur_set = set_before;
    ev->cur_rec = rec_before;
    ev->quiet--;
    if (v_failed(&out)) {
        free(idx);
        return out;
    }
    out.kind = V_RECSET;
    out.set = s.set;
    out.count = k;
    if (idx) {
        uint32_t *kept = arena_alloc(ev->a, sizeof(uint32_t) * (k + 1));
        memcpy(kept, idx, sizeof(uint32_t) * k);
        free(idx);
        out.idx = kept;
    }
    return out;
}

/* ---- expressions -------------------------------------------------------- */

static Value lookup(Ev *ev, const Sym *s)
{
    /* over a streamed file the locals are those a consumer was met with
       (its own list), not the run's */
    if (s->kind == SYM_LET && !ev->chunk)
        return ev->lets[s->slot];
    for (Bind *b = ev->env; b; b = b->up)
        if (b->sym == s)
            return b->v;
    return v_err(ev->a, "'%s' has no value here", s->name);
}


/* `x in S`: true when an item equals x, whatever errors other items
   hold; else the first error, if any. */
static Value member_items(Ev *ev, Value x, Value s);

static Value member(Ev *ev, const Expr *e)
{
    Value x = scalar(ev, e->a);
    if (v_failed(&x))
        return x;
    return member_items(ev, x, eval(ev, e->b));
}

/* x in s, both evaluated (an error in s is the answer). */
static Value member_items(Ev *ev, Value x, Value s)
{
    if (v_failed(&s))
        return s;
    if (!charge(ev, s.count))
        return over_budget(ev);
    /* a rate without trials equals nothing, as in ==: it is an error */
    if (x.kind == V_RATE && x.n == 0)
        return v_err(ev->a, "the rate %s has no trials (N = 0)", v_format(ev->a, &x));
    const Value *bad = first_error(&s);
    Value none = {0};
    for (size_t i = 0; i < s.count; i++) {
        const Value *it = &s.items[i];
        if (it->kind == V_RATE && it->n == 0) {
            if (!bad) {
                none = v_err(ev->a, "the rate %s has no trials (N = 0)", v_format(ev->a, it));
                bad = &none;
            }
            continue;
        }
        if (!v_failed(it) && it->kind != V_NONE && v_equal(&x, it))
            return v_bool(K_TRUE);
    }
    return bad ? *bad : v_bool(K_FALSE);
}

/* The consumer of streamed evidence at e (the driver answers it), or NULL;
   over one streamed file's records every use is evaluated here. */
static const Consumer *consumer_at(Ev *ev, const Expr *e)
{
    return ev->plan && !ev->chunk ? stream_consumer(ev->plan, e) : NULL;
}

static Value eval_uncached(Ev *ev, const Expr *e)
{
    Value v = {0};
    switch (e->kind) {
    case E_NUM: case E_PCT: return v_num(e->num);
    case E_DUR: v.kind = V_DUR; v.num = e->num; return v;
    case E_DATE: v.kind = V_DATE; v.num = e->num; return v;
    case E_DATETIME: v.kind = V_DATETIME; v.num = e->num; return v;
    case E_STR: return v_str(e->str, e->len);
    case E_BOOL: return v_bool(e->num != 0 ? K_TRUE : K_FALSE);
    case E_TODAY: v.kind = V_DATE; v.num = ev->today; return v;
    case E_LIST: {
        size_t n = 0;
        for (const Expr *x = e->a; x; x = x->next)
            n++;
        v.kind = V_LIST;
        v.items = arena_alloc(ev->a, sizeof(Value) * (n + 1));
        for (const Expr *x = e->a; x; x = x->next) {
            Value item = scalar(ev, x);
            if (v_failed(&item))
                return item;
            v.items[v.count++] = item;
        }
        return v;
    }
    case E_NAME: {
        const Sym *s = e->sym;
        switch (s->kind) {
        case SYM_PARAM: return global(ev, s)->v;
        case SYM_DEFINE: {
            /* read as the check's condition or an operand of its not, and,
               or: what the definition found is the check's */
            bool merge = ev->at_name && ev_gathers(ev);
            ev->at_name = false;
            /* over one streamed file, a definition of one value is the value
               it has over every file, passed with the consumer (plan.h) */
            for (Bind *b = ev->chunk ? ev->env : NULL; b; b = b->up)
                if (b->sym == s)
                    return b->v;
            Global *g = global(ev, s);
            if (merge)
                merge_once(ev, g, &g->found);
            return g->v;
        }
        case SYM_FIELD:
            if (!ev->cur_set)
                return v_err(ev->a, "no record for '%s'", s->name);
            return record_field(ev, ev->cur_set, ev->cur_rec, s->field);
        case SYM_LET:
            if (ev->chunk && s->type && s->type->kind == T_RECSET && s->stmt) {
                /* a let naming filtered records of streamed evidence: its
                   value over this file's records (plan.c), computed as the
                   let computes it, showing nothing */
                Trace *saved = ev->trace;
                ev->trace = NULL;
                v = eval(ev, s->stmt->expr);
                ev->trace = saved;
                return v;
            }
            return lookup(ev, s);
        default: return lookup(ev, s);
        }
    }
    case E_DOT: return dot(ev, e);
    case E_CALL: {
        const Consumer *c = consumer_at(ev, e);
        return c ? drive_consume(ev, e, c) : call(ev, e);
    }
    case E_PAREN: return eval(ev, e->a);
    case E_NEG: {
        v = scalar(ev, e->a);
        if (v_failed(&v))
            return v;
        if (v.kind == V_RATE && !as_number(ev, &v))
            return v;
        v.num = -v.num;
        v.origin = NULL;
        return v;
    }
    case E_NOT: {
        v = scalar(ev, e->a);
        if (v_failed(&v) || v.b == K_UNKNOWN)
            return v;
        return v_bool(v.b == K_TRUE ? K_FALSE : K_TRUE);
    }
    case E_AND: case E_OR: {
        int stop = e->kind == E_AND ? K_FALSE : K_TRUE;
        Value l = scalar(ev, e->a);
        if (l.kind == V_BOOL && l.b == stop)
            return l;
        return and_or(stop, l, scalar(ev, e->b));
    }
    case E_ARITH: return arith(ev, e);
    case E_CMP: return compare(ev, e);
    case E_IN: {
        const Consumer *c = consumer_at(ev, e);
        return c ? drive_consume(ev, e, c) : member(ev, e);
    }
    case E_WHERE: return where(ev, e);
    case E_QUANT: {
        const Consumer *c = consumer_at(ev, e);
        return c ? drive_consume(ev, e, c) : quantify(ev, e);
    }
    case E_IF: {
        Value c = scalar(ev, e->a);
        if (v_failed(&c))
            return c;
        if (c.b == K_UNKNOWN)
            return v_err(ev->a, "the condition of 'if' is inconclusive");
        return scalar(ev, c.b == K_TRUE ? e->b : e->c);
    }
    case E__COUNT:
        break;
    }
    return v_err(ev->a, "cannot evaluate");
}

static Value eval(Ev *ev, const Expr *e)
{
    if (!charge(ev, 1))
        return over_budget(ev);
    /* the check's condition and the operands of its not, and, or are at
       its top; a name there is read by the check itself (SYM_DEFINE) */
    bool top = ev->top;
    ev->top = top && (e->kind == E_PAREN || e->kind == E_NOT || e->kind == E_AND
                      || e->kind == E_OR);
    ev->at_name = top && e->kind == E_NAME;
    Value v = eval_uncached(ev, e);
    ev->top = top;
    /* names and calls are shown in the report, except the inner parts of
       a chain such as redteam.attempts.outcome */
    if (ev->trace && (e->kind == E_NAME || e->kind == E_DOT || e->kind == E_CALL)) {
        /* parameters, definitions and evidence fields read the same in every
           iteration, so they are shown even inside a quantifier */
        bool constant = constant_name(e);
        /* a field with one value shows that value; with several, the list */
        Value shown = v;
        if (e->type && e->type->kind == T_FIELD && v.kind == V_LIST && v.count == 1)
            shown = v.items[0];
        if ((!ev->quiet || constant || fixed_name(ev, e))
            && !(e->kind == E_NAME && e->sym && e->sym->kind == SYM_EVIDENCE))
            show(ev, e, &shown);
    }
    return v;
}

/* ---- messages ----------------------------------------------------------- */

/* {x:%}: x as a percentage with at most two decimals. Rounding to
   hundredths of a percent is meaningless (and x * 10000 may overflow) past
   1e15, where the number is printed as it is. */
static const char *percent(Ev *ev, double x)
{
    double p = fabs(x) < 1e15 ? round(x * 10000) / 100 : x * 100;
    if (!isfinite(p))
        return "(not a finite number)";
    return arena_printf(ev->a, "%s%%", v_format_number(ev->a, p));
}

/* The else message with its placeholders filled, from the string's source
   text (the type checker parsed the same text into stmt->holes). */
static const char *message(Ev *ev, const Stmt *st)
{
    const Source *src = ev->p->diag->srcs[st->msg_loc.src];
    const char *s = src->text;
    unsigned beg = st->msg_loc.beg + 1, end = st->msg_loc.end - 1;
    size_t cap = 256, n = 0;
    char *out = xmalloc(cap);
#define PUT(ptr, len) do { size_t l_ = (len); while (n + l_ + 1 > cap) { cap *= 2; out = xrealloc(out, cap); } \
                           memcpy(out + n, (ptr), l_); n += l_; } while (0)
    const Expr *hole = st->holes;
    Trace *saved = ev->trace;
    ev->trace = NULL;
    for (unsigned i = beg; i < end; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < end) {
            char e = s[++i];
            if (e == 'n') PUT("\n", 1);
            else if (e == 't') PUT("\t", 1);
            else if (e == 'u') {
                unsigned cp = 0;
                i += 2;                        /* past 'u{' */
                while (i < end && s[i] != '}') {
                    char h = s[i++];
                    cp = cp * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
                }
                char u[4];
                size_t k;
                if (cp < 0x80) { u[0] = (char)cp; k = 1; }
                else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); k = 2; }
                else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
                                         u[2] = (char)(0x80 | (cp & 0x3F)); k = 3; }
                else { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
                       u[2] = (char)(0x80 | (cp >> 6 & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); k = 4; }
                PUT(u, k);
            } else PUT(&e, 1);
            continue;
        }
        if ((c == '{' || c == '}') && i + 1 < end && s[i + 1] == c) {
            PUT(&c, 1);
            i++;
            continue;
        }
        if (c == '{' && hole) {
            while (i < end && s[i] != '}')
                i++;
            /* a field with several values prints them all */
            Value v = eval(ev, hole);
            if (hole->type && hole->type->kind == T_FIELD && v.kind == V_LIST && v.count == 1)
                v = v.items[0];
            const char *text;
            if (v_failed(&v))
                text = "(error)";
            else if (hole->str) {
                Value x = v;
                text = !as_number(ev, &x) ? "(error)" : percent(ev, x.num);
            } else
                text = v_format(ev->a, &v);
            size_t tl = strlen(text);
            if (!charge(ev, tl))
                break;
            PUT(text, tl);
            hole = hole->next;
            continue;
        }
        PUT(&c, 1);
    }
#undef PUT
    ev->trace = saved;
    if (ev->over) {
        free(out);
        return arena_printf(ev->a, "(the message was not formatted: evaluation budget exceeded "
                            "(--max-steps %llu))", ev->max_steps);
    }
    /* a placeholder can print a field with a value per record: a message is
       cut (at a character boundary, and said to be) rather than let a
       million values into every report */
    char *r;
    if (n > ev->max_message) {
        size_t keep = ev->max_message;
        while (keep > 0 && ((unsigned char)out[keep] & 0xC0) == 0x80)
            keep--;
        r = arena_printf(ev->a, "%.*s... (%zu more bytes cut: --max-message)", (int)keep, out,
                         n - keep);
    } else {
        r = arena_strndup(ev->a, out, n);
    }
    free(out);
    return r;
}

/* ---- requirements -------------------------------------------------------- */

typedef struct Walk {
    Ev *ev;
    ReqResult *rr;
    Check **tail;
    const char *label;
} Walk;

static void run_check(Walk *w, const Stmt *st)
{
    Ev *ev = w->ev;
    Check *c = NEW(ev->a, Check);
    c->stmt = st;
    c->label = w->label;
    Trace t = {0};
    ev->trace = &t;
    ev->check = c;
    ev->steps = 0;
    ev->over = false;
    ev->top = true;
    ev->nmerged = 0;         /* a check of its own: nothing merged yet */
    Value v = scalar(ev, st->expr);
    ev->top = false;
    if (ev->over)            /* whatever the value: part of it was not computed */
        v = over_budget(ev);
    ev->steps = 0;
    ev->over = false;
    ev->trace = NULL;
    c->values = t.items;
    c->nvalues = t.n;
    if (v_failed(&v)) {
        c->result = R_ERROR;
        c->error = v.s;
    } else if (v.b == K_TRUE) {
        c->result = R_PASS;
    } else {
        c->result = v.b == K_FALSE ? R_FAIL : R_INCONCLUSIVE;
        if (st->msg) {
            c->message = message(ev, st);   /* with a budget of its own */
            ev->steps = 0;
            ev->over = false;
        }
    }
    ev->check = NULL;
    *w->tail = c;
    w->tail = &c->next;
}

/* The text of a `for each ... label EXPR` for the item bound now (v1.1
   §5), as reports print values; an error is shown in its place, in
   parentheses, rather than stop the loop. */
static const char *label_of(Ev *ev, const Expr *e)
{
    Value v = budgeted(ev, e, scalar);
    if (v_failed(&v))
        return arena_printf(ev->a, "(%s)", v.s);
    return v_format(ev->a, &v);
}

static void walk(Walk *w, const Stmt *body)
{
    Ev *ev = w->ev;
    Bind *saved = ev->env;
    for (const Stmt *st = body; st; st = st->next) {
        switch (st->kind) {
        case S_LET: {
            Bind *b = NEW(ev->a, Bind);
            b->sym = st->sym;
            b->v = budgeted(ev, st->expr, eval);
            b->up = ev->env;
            ev->env = b;
            ev->lets[st->sym->slot] = b->v;
            break;
        }
        case S_REQUIRE:
            run_check(w, st);
            break;
        case S_FOREACH: {
            Value s = budgeted(ev, st->expr, items_of);
            if (v_failed(&s)) {
                /* the loop's checks cannot be enumerated: one error check */
                Check *c = NEW(ev->a, Check);
                c->stmt = st->body;
                for (const Stmt *x = st->body; x; x = x->next)
                    if (x->kind == S_REQUIRE) {
                        c->stmt = x;
                        break;
                    }
                c->label = w->label;
                c->result = R_ERROR;
                c->error = s.s;
                *w->tail = c;
                w->tail = &c->next;
                break;
            }
            const char *outer = w->label;
            for (size_t i = 0; i < s.count; i++) {
                Value item = bind_item(&s, i);
                if (item.kind == V_NONE)
                    continue;
                Bind b = {st->sym, item, ev->env};
                Bind *env = ev->env;
                ev->env = &b;
                const char *lv = st->label ? label_of(ev, st->label) : v_format(ev->a, &item);
                w->label = outer ? arena_printf(ev->a, "%s, %s", outer, lv) : lv;
                walk(w, st->body);
                ev->env = env;
            }
            w->label = outer;
            break;
        }
        default:
            break;
        }
    }
    ev->env = saved;
}

static void eval_requirement(Ev *ev, const Decl *d, ReqResult *rr)
{
    rr->decl = d;
    rr->severity = severity_names[SEV_MEDIUM];
    const Stmt *applies = NULL;
    for (const Stmt *st = d->body; st; st = st->next) {
        if (st->kind == S_SEVERITY)
            rr->severity = st->name;
        if (st->kind == S_APPLIES)
            applies = st;
    }
    Walk w = {ev, rr, &rr->checks, NULL};
    ev->env = NULL;
    if (applies) {
        /* the lets above `applies when` are in scope for it */
        for (const Stmt *st = d->body; st != applies; st = st->next)
            if (st->kind == S_LET) {
                Bind *b = NEW(ev->a, Bind);
                b->sym = st->sym;
                b->v = budgeted(ev, st->expr, eval);
                b->up = ev->env;
                ev->env = b;
                ev->lets[st->sym->slot] = b->v;
            }
        Value v = budgeted(ev, applies->expr, scalar);
        ev->env = NULL;
        if (v.kind == V_PENDING)
            /* a run before the evidence is read: what the body reads is
               wanted too (the run's outcome is thrown away) */
            walk(&w, d->body);
        if (v_failed(&v)) {
            rr->result = R_ERROR;
            rr->error = v.s;
            return;
        }
        if (v.b == K_FALSE) {
            rr->result = R_NA;
            return;
        }
        /* inconclusive: what cannot be ruled out is treated as reached */
    }
    walk(&w, d->body);
    bool fail = false, err = false, inc = false;
    for (Check *c = rr->checks; c; c = c->next) {
        fail |= c->result == R_FAIL;
        err |= c->result == R_ERROR;
        inc |= c->result == R_INCONCLUSIVE;
    }
    rr->result = fail ? R_FAIL : err ? R_ERROR : inc ? R_INCONCLUSIVE : R_PASS;
}

/* ---- profiles ------------------------------------------------------------ */

/* Whether id is in scope under the profile chain: includes add up (with
   any include, only those), excludes add up. */
bool profile_selects(const Program *p, const Decl *profile, const char *id)
{
    bool any_include = false, included = false, excluded = false;
    size_t steps = 0;
    for (const Decl *pr = profile; pr && steps <= p->profiles->n;
         pr = pr->extends ? map_get(p->profiles, pr->extends) : NULL, steps++)
        for (const Item *it = pr->items; it; it = it->next) {
            if (it->kind != I_INCLUDE && it->kind != I_EXCLUDE)
                continue;
            for (const Id *x = it->ids; x; x = x->next) {
                if (it->kind == I_INCLUDE) {
                    any_include = true;
                    included |= strcmp(x->id, id) == 0;
                } else {
                    excluded |= strcmp(x->id, id) == 0;
                }
            }
        }
    return (!any_include || included) && !excluded;
}

/* Parameter overrides of the chain: the base first, so the last set wins. */
static void apply_sets(Ev *ev, const Decl *pr, int depth)
{
    if (!pr || depth > (int)ev->p->profiles->n)
        return;
    if (pr->extends)
        apply_sets(ev, map_get(ev->p->profiles, pr->extends), depth + 1);
    for (const Item *it = pr->items; it; it = it->next)
        if (it->kind == I_SET) {
            /* map_put keeps the first value: replace by hand */
            Map *m = ev->overrides;
            if (!map_put(m, it->name, it->expr))
                continue;
            for (size_t i = 0; i < m->n; i++)
                if (strcmp(m->keys[i], it->name) == 0)
                    m->vals[i] = it->expr;
        }
}

void outcome_tally(Outcome *o)
{
    memset(o->count, 0, sizeof o->count);
    o->requirements = o->recommendations = o->findings = 0;
    bool fail = false, err = false, inc = false;
    for (int i = 0; i < o->nreqs; i++) {
        const ReqResult *rr = &o->reqs[i];
        bool req = rr->decl->kind == D_REQUIREMENT;
        if (req)
            o->requirements++;
        else
            o->recommendations++;
        o->count[rr->result]++;
        if (!req && rr->result == R_FAIL)
            o->findings++;
        if (req) {
            fail |= rr->result == R_FAIL;
            err |= rr->result == R_ERROR;
            inc |= rr->result == R_INCONCLUSIVE;
        }
    }
    o->verdict = fail ? VERDICT_NON_COMPLIANT : err ? VERDICT_INCOMPLETE
                 : inc ? VERDICT_INCONCLUSIVE : VERDICT_COMPLIANT;
}

void ev_init(Ev *ev, Arena *a, const Program *p, const Binding *b, const EvalOptions *opt,
                    Map *regex)
{
    memset(ev, 0, sizeof *ev);
    ev->max_message = opt->max_message ? opt->max_message : DEFAULT_MAX_MESSAGE;
    ev->max_steps = opt->max_steps ? opt->max_steps : DEFAULT_MAX_STEPS;
    ev->columns = !opt->slow;
    ev->a = a;
    ev->keep = a;
    ev->p = p;
    ev->b = b;
    ev->overrides = map_new(a);
    ev->cache = map_new(a);
    ev->lets = arena_alloc(a, sizeof(Value) * (size_t)(p->nlets + 1));
    ev->indexes = map_new(a);
    ev->regex = regex;
    ev->today = opt->as_of;
    apply_sets(ev, opt->profile, 0);
    apply_sets(ev, opt->sets, 0);      /* the command line's, last */
}

Outcome *ev_run(Ev *ev, const EvalOptions *opt)
{
    const Program *p = ev->p;
    Outcome *o = NEW(ev->a, Outcome);
    o->reqs = arena_alloc(ev->a, sizeof(ReqResult) * (size_t)(p->nreqs + 1));
    for (int i = 0; i < p->nreqs; i++) {
        const Decl *d = p->reqs[i];
        if (opt->profile && !profile_selects(p, opt->profile, d->name))
            continue;
        ReqResult *rr = &o->reqs[o->nreqs++];
        eval_requirement(ev, d, rr);
        rr->original = rr->result;
    }
    return o;
}

/* ---- for the driver (eval_int.h) ---------------------------------------- */

Value ev_eval(Ev *ev, const Expr *e) { return eval(ev, e); }
Value ev_scalar(Ev *ev, const Expr *e) { return scalar(ev, e); }
Value ev_items(Ev *ev, const Expr *e) { return items_of(ev, e); }
Value ev_call(Ev *ev, const Expr *e) { return call(ev, e); }
Value ev_member(Ev *ev, const Expr *e) { return member(ev, e); }
Value ev_quantify(Ev *ev, const Expr *e) { return quantify(ev, e); }
Value ev_member_items(Ev *ev, Value x, Value s) { return member_items(ev, x, s); }
Value ev_quantify_items(Ev *ev, const Expr *e, Value s) { return quantify_items(ev, e, s); }
Value ev_over_budget(Ev *ev) { return over_budget(ev); }
const char *ev_src_text(Ev *ev, Loc at) { return src_text(ev, at); }
const char *ev_shown_text(Ev *ev, const Value *v) { return shown_text(ev, v); }

void ev_agg_step(Ev *ev, Agg *g, const Value *items, size_t n)
{
    agg_feed(ev, g, items, n);
}

Value ev_agg_final(Ev *ev, Agg *g, const Expr *e)
{
    return agg_finish(ev, g, e);
}

Value ev_local(Ev *ev, const Sym *s)
{
    return s->kind == SYM_DEFINE ? global(ev, s)->v : lookup(ev, s);
}

void ev_add_shown(Ev *ev, Trace *t, const char *name, const char *text)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->items[i].name, name) == 0)
            return;
    t->items = arena_grow(ev->a, t->items, t->n, &t->cap, sizeof(Shown));
    t->items[t->n++] = (Shown){name, text};
}
