/* agg.c - the aggregates' step and final functions (agg.h), shared by
 * evidence kept whole (eval.c) and streamed evidence (drive.c). */
#define _POSIX_C_SOURCE 200809L
#include "agg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "typecheck.h"

/* ---- sum, mean, min, max, median, stddev, percentile ------------------- */

void agg_step(Arena *a, Agg *g, const Value *items, size_t n)
{
    for (size_t i = 0; i < n && !g->has_err; i++) {
        const Value *x = &items[i];
        if (v_failed(x)) {
            g->has_err = true;
            g->err = *x;
        } else if (x->kind == V_NONE) {
            continue;
        } else if (g->fn == B_MIN || g->fn == B_MAX) {
            int c = g->has_best ? v_compare(x, &g->best) : 0;
            if (!g->has_best || (g->fn == B_MIN ? c < 0 : c > 0)) {
                g->best = *x;
                g->has_best = true;
            }
        } else if (!g->bad) {
            Value y = *x;
            if (!v_as_number(a, &y)) {
                g->bad = true;
                g->badv = y;     /* the message, if it is not an error: agg_final */
                continue;
            }
            if (g->fn == B_MEDIAN || g->fn == B_STDDEV || g->fn == B_PERCENTILE) {
                if (g->n == g->cap) {
                    g->cap = g->cap ? 2 * g->cap : 256;
                    g->xs = xrealloc(g->xs, sizeof(double) * g->cap);
                }
                g->xs[g->n] = y.num;
            } else {
                g->s += y.num;
            }
            g->n++;
        }
    }
}

bool agg_wants_p(const Agg *g)
{
    return g->fn == B_PERCENTILE && !g->has_err && !g->bad;
}

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static double percentile_of(const double *xs, size_t n, double p)
{
    /* linear interpolation between closest ranks */
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    double f = h - (double)lo, d = xs[hi] - xs[lo];
    if (f == 0)
        return xs[lo];       /* not xs[lo] + 0 * inf, which is NaN */
    /* between two finite numbers whose difference overflows, the weighted
       form stays finite */
    return isfinite(d) ? xs[lo] + f * d : xs[lo] * (1 - f) + xs[hi] * f;
}

/* median, stddev or percentile of the numbers xs, in the order of their
   sequence (sorted here when the function needs it). */
static Value stats(Arena *a, int fn, double *xs, size_t n, double p)
{
    if (fn != B_STDDEV && n > 1)   /* xs is NULL when there are none */
        qsort(xs, n, sizeof(double), by_double);
    switch (fn) {
    case B_MEDIAN:
        return n ? v_num(percentile_of(xs, n, 0.5)) : v_err(a, "median() of no values");
    case B_STDDEV: {
        if (n < 2)
            return v_err(a, "stddev() needs at least 2 values, not %zu", n);
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += xs[i];
        double m = s / (double)n, q = 0;
        for (size_t i = 0; i < n; i++)
            q += (xs[i] - m) * (xs[i] - m);
        double r = sqrt(q / (double)(n - 1));
        if (!isfinite(r))
            return v_err(a, "not a finite number: stddev() overflows");
        return v_num(r);
    }
    default:
        return n ? v_num(percentile_of(xs, n, p)) : v_err(a, "percentile() of no values");
    }
}

Value agg_final(Arena *a, Agg *g, const char *fn, const char *what, double p)
{
    Value v;
    if (g->has_err || g->bad) {
        v = g->has_err ? g->err
          : v_failed(&g->badv) ? g->badv
          : v_err(a, "'%s' holds values that are not numbers", what);
    } else {
        switch (g->fn) {
        case B_SUM: case B_MEAN:
            if (!isfinite(g->s))
                v = v_err(a, g->fn == B_SUM ? "not a finite number: sum() overflows"
                                            : "not a finite number: the sum in mean() overflows");
            else if (g->fn == B_SUM)
                v = v_num(g->s);
            else
                v = g->n ? v_num(g->s / (double)g->n) : v_err(a, "mean() of no values");
            break;
        case B_MEDIAN: case B_STDDEV: case B_PERCENTILE:
            v = stats(a, g->fn, g->xs, g->n, p);
            break;
        default:
            if (!g->has_best) {
                v = v_err(a, "%s() of no values", fn);
            } else {
                v = g->best;
                v.origin = NULL;
            }
        }
    }
    agg_drop(g);
    return v;
}

void agg_drop(Agg *g)
{
    free(g->xs);
    g->xs = NULL;
}

/* ---- distinct ---------------------------------------------------------- */

/* A key equal for values v_equal takes as one, among the values of one
   type (a sequence holds one): numbers of every kind by their value (a
   rate by its point estimate, as v_compare compares it; -0 and 0 are
   one), strings by their bytes. On the heap. */
static char *distinct_key(const Value *v)
{
    char *k;
    switch (v->kind) {
    case V_STR: {
        bool nul = memchr(v->s, 0, v->len) != NULL;
        k = xmalloc(v->len * 2 + 2);
        k[0] = nul ? 'x' : 's';  /* map keys are C strings: hex, then */
        if (nul)
            for (size_t i = 0; i < v->len; i++)
                sprintf(k + 1 + 2 * i, "%02x", (unsigned char)v->s[i]);
        else
            memcpy(k + 1, v->s, v->len), k[1 + v->len] = 0;
        return k;
    }
    case V_BOOL:
        k = xmalloc(8);
        sprintf(k, "b%d", v->b);
        return k;
    default: {
        double x = v->kind == V_RATE ? (v->n ? v->num / v->n : 0) : v->num;
        k = xmalloc(40);
        sprintf(k, "n%a", x == 0 ? 0.0 : x);
        return k;
    }
    }
}

void distinct_step(Arena *a, Distinct *d, const Value *items, size_t n, bool copy)
{
    for (size_t i = 0; i < n && !d->has_err; i++) {
        const Value *x = &items[i];
        if (v_failed(x)) {
            d->has_err = true;
            d->err = copy ? v_keep(a, x) : *x;
            continue;
        }
        if (x->kind == V_NONE)
            continue;
        char *key = distinct_key(x);
        if (!d->seen)
            d->seen = map_new(a);
        if (!map_get(d->seen, key)) {
            map_put(d->seen, arena_strdup(a, key), d);
            if (d->n == d->cap) {
                d->cap = d->cap ? 2 * d->cap : 64;
                d->dv = xrealloc(d->dv, sizeof(Value) * d->cap);
            }
            d->dv[d->n++] = copy ? v_keep(a, x) : *x;
        }
        free(key);
    }
}

Value distinct_final(Arena *a, Distinct *d)
{
    Value v = {0};
    if (d->has_err) {
        v = d->err;
    } else {
        v.kind = V_LIST;
        v.items = arena_alloc(a, sizeof(Value) * (d->n + 1));
        if (d->n)
            memcpy(v.items, d->dv, sizeof(Value) * d->n);
        v.count = d->n;
    }
    distinct_drop(d);
    return v;
}

void distinct_drop(Distinct *d)
{
    free(d->dv);
    d->dv = NULL;
}

/* ---- all, any, none ---------------------------------------------------- */

void quant_step(Quant *q, const Value *c)
{
    if (v_failed(c)) {
        if (!q->has_err)
            q->err = *c;
        q->has_err = true;
    } else if (c->b == K_UNKNOWN) {
        q->any_unknown = true;
    } else if (c->b == K_TRUE) {
        q->any_true = true;
    } else {
        q->any_false = true;
    }
}

void quant_merge(Quant *q, const Value *r)
{
    /* none's answer is false where an item's condition was true */
    if (q->op == Q_NONE && r->kind == V_BOOL && r->b != K_UNKNOWN) {
        Value c = v_bool(r->b == K_TRUE ? K_FALSE : K_TRUE);
        quant_step(q, &c);
    } else {
        quant_step(q, r);
    }
}

bool quant_decided(const Quant *q)
{
    /* a false item for all, a true one for any and none */
    return q->op == Q_ALL ? q->any_false : q->any_true;
}

Value quant_final(const Quant *q)
{
    /* an item that decides the answer makes errors elsewhere unneeded */
    if (quant_decided(q))
        return v_bool(q->op == Q_ANY ? K_TRUE : K_FALSE);
    if (q->has_err)
        return q->err;
    if (q->any_unknown)
        return v_bool(K_UNKNOWN);
    return v_bool(q->op == Q_ANY ? K_FALSE : K_TRUE);
}
