/* test_agg.c - checker/agg.c's aggregates: known answers, and the property
 * streaming rests on: a sequence stepped in pieces (one per file) gives
 * the answer stepped whole gives, bit for bit, errors included.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "ast.h"
#include "typecheck.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    failures++; } } while (0)

static bool same(const Value *x, const Value *y)
{
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case V_ERR: return strcmp(x->s, y->s) == 0;
    case V_BOOL: return x->b == y->b;
    case V_STR: return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
    case V_LIST:
        if (x->count != y->count)
            return false;
        for (size_t i = 0; i < x->count; i++)
            if (!same(&x->items[i], &y->items[i]))
                return false;
        return true;
    default:
        return memcmp(&x->num, &y->num, sizeof x->num) == 0
               && (x->kind != V_RATE || x->n == y->n);
    }
}

static const int numeric[] = {B_SUM, B_MEAN, B_MIN, B_MAX, B_MEDIAN, B_STDDEV, B_PERCENTILE};

/* fn over xs, stepped in pieces cut where cut[i] (whole when cut is NULL) */
static Value agg_over(Arena *a, int fn, const Value *xs, size_t n, const bool *cut, double p)
{
    Agg g = {.fn = fn};
    size_t from = 0;
    for (size_t i = 1; i <= n; i++)
        if (i == n || (cut && cut[i])) {
            agg_step(a, &g, xs + from, i - from);
            from = i;
        }
    return agg_final(a, &g, builtin_info[fn].name, "x", p);
}

static Value distinct_over(Arena *a, const Value *xs, size_t n, const bool *cut)
{
    Distinct d = {0};
    size_t from = 0;
    for (size_t i = 1; i <= n; i++)
        if (i == n || (cut && cut[i])) {
            distinct_step(a, &d, xs + from, i - from, cut != NULL);
            from = i;
        }
    return distinct_final(a, &d);
}

static Value rate(double k, double n)
{
    Value v = {0};
    v.kind = V_RATE;
    v.num = k;
    v.n = n;
    return v;
}

static unsigned long long seed = 42;
static unsigned rnd(unsigned m)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(seed >> 33) % m;
}

static void known_answers(Arena *a)
{
    Value ten[10];
    for (int i = 0; i < 10; i++)
        ten[i] = v_num(10 - i);          /* 10 .. 1: the functions sort */
    Value v = agg_over(a, B_PERCENTILE, ten, 10, NULL, 0.9);
    CHECK(v.kind == V_NUM && fabs(v.num - 9.1) < 1e-12);   /* */
    v = agg_over(a, B_MEDIAN, ten, 10, NULL, 0);
    CHECK(v.kind == V_NUM && v.num == 5.5);
    v = agg_over(a, B_MEAN, ten, 10, NULL, 0);
    CHECK(v.kind == V_NUM && v.num == 5.5);
    v = agg_over(a, B_MIN, ten, 10, NULL, 0);
    CHECK(v.kind == V_NUM && v.num == 1);
    Value eight[] = {v_num(2), v_num(4), v_num(4), v_num(4), v_num(5), v_num(5), v_num(7),
                     v_num(9)};
    v = agg_over(a, B_STDDEV, eight, 8, NULL, 0);
    CHECK(v.kind == V_NUM && fabs(v.num - sqrt(32.0 / 7)) < 1e-12);   /* the sample's */
    v = agg_over(a, B_STDDEV, eight, 1, NULL, 0);
    CHECK(v.kind == V_ERR && strstr(v.s, "at least 2 values"));
    v = agg_over(a, B_MEAN, eight, 0, NULL, 0);
    CHECK(v.kind == V_ERR && strcmp(v.s, "mean() of no values") == 0);
    Value big[] = {v_num(1e308), v_num(1e308)};
    v = agg_over(a, B_SUM, big, 2, NULL, 0);
    CHECK(v.kind == V_ERR && strstr(v.s, "not a finite number"));
    /* a rate counts as its point estimate; one without trials is an error */
    Value rates[] = {rate(1, 4), rate(3, 4)};
    v = agg_over(a, B_SUM, rates, 2, NULL, 0);
    CHECK(v.kind == V_NUM && v.num == 1);
    Value none[] = {v_num(1), rate(0, 0)};
    v = agg_over(a, B_SUM, none, 2, NULL, 0);
    CHECK(v.kind == V_ERR && strstr(v.s, "no trials"));
    /* the first error wins over a later value that is not a number */
    Value mixed[] = {v_num(1), v_str("a", 1), v_err(a, "first"), v_err(a, "second")};
    v = agg_over(a, B_SUM, mixed, 4, NULL, 0);
    CHECK(v.kind == V_ERR && strcmp(v.s, "first") == 0);
    v = agg_over(a, B_SUM, mixed, 2, NULL, 0);
    CHECK(v.kind == V_ERR && strcmp(v.s, "'x' holds values that are not numbers") == 0);
    /* min and max compare strings too */
    Value words[] = {v_str("pear", 4), v_str("apple", 5), v_str("plum", 4)};
    v = agg_over(a, B_MAX, words, 3, NULL, 0);
    CHECK(v.kind == V_STR && v.len == 4 && memcmp(v.s, "plum", 4) == 0);

    /* distinct: first seen first; -0 and 0, 1/2 and 2/4, one value each */
    Value ds[] = {v_num(0), v_num(-0.0), v_str("a\0b", 3), v_str("a", 1), v_str("a\0b", 3),
                  v_num(3)};
    v = distinct_over(a, ds, 6, NULL);
    CHECK(v.kind == V_LIST && v.count == 4 && v.items[1].len == 3 && v.items[3].num == 3);
    Value rs[] = {rate(1, 2), rate(2, 4), rate(1, 3)};
    v = distinct_over(a, rs, 3, NULL);
    CHECK(v.kind == V_LIST && v.count == 2);

    /* quantifiers: a deciding item wins over errors, errors over unknown */
    Value err = v_err(a, "e"), f = v_bool(K_FALSE), u = v_bool(K_UNKNOWN);
    Quant q = {.op = Q_ALL};
    quant_step(&q, &err);
    quant_step(&q, &f);
    v = quant_final(&q);
    CHECK(v.kind == V_BOOL && v.b == K_FALSE);
    q = (Quant){.op = Q_ANY};
    quant_step(&q, &u);
    quant_step(&q, &err);
    v = quant_final(&q);
    CHECK(v.kind == V_ERR);
    q = (Quant){.op = Q_NONE};
    quant_step(&q, &f);
    quant_step(&q, &u);
    v = quant_final(&q);
    CHECK(v.kind == V_BOOL && v.b == K_UNKNOWN);
    q = (Quant){.op = Q_NONE};
    v = quant_final(&q);
    CHECK(v.kind == V_BOOL && v.b == K_TRUE);
}

/* Random sequences cut at random places: the pieces' answer is the
   whole's. */
static void pieces_are_whole(Arena *a)
{
    for (int round = 0; round < 3000; round++) {
        size_t n = rnd(12);
        Value xs[12];
        bool cut[13] = {0};
        for (size_t i = 0; i < n; i++) {
            unsigned k = rnd(20);
            xs[i] = k < 14 ? v_num((double)rnd(7) - 3 + (rnd(2) ? 0.5 : 0))
                  : k < 16 ? rate(rnd(3), rnd(3))
                  : k < 17 ? (Value){.kind = V_NONE}
                  : k < 18 ? v_str("s", 1)
                  : k < 19 ? v_num(rnd(2) ? 1e308 : -0.0)
                  : v_err(a, "error %u", rnd(3));
            cut[i] = rnd(3) == 0;
        }
        for (size_t j = 0; j < sizeof numeric / sizeof *numeric; j++) {
            double p = rnd(5) / 4.0;
            Value w = agg_over(a, numeric[j], xs, n, NULL, p);
            Value s = agg_over(a, numeric[j], xs, n, cut, p);
            if (!same(&w, &s)) {
                fprintf(stderr, "%s over %zu values: whole %s, in pieces %s\n",
                        builtin_info[numeric[j]].name, n, v_format(a, &w), v_format(a, &s));
                failures++;
            }
        }
        Value w = distinct_over(a, xs, n, NULL), s = distinct_over(a, xs, n, cut);
        CHECK(same(&w, &s));
        /* quantifiers: conditions stepped one by one, or each piece's
           answer merged */
        for (int op = Q_ALL; op <= Q_NONE; op++) {
            Value cs[12];
            for (size_t i = 0; i < n; i++) {
                unsigned k = rnd(8);
                cs[i] = k < 3 ? v_bool(K_TRUE) : k < 6 ? v_bool(K_FALSE)
                      : k < 7 ? v_bool(K_UNKNOWN) : v_err(a, "c%zu", i);
            }
            Quant whole = {.op = op}, merged = {.op = op};
            for (size_t i = 0; i < n; i++)
                quant_step(&whole, &cs[i]);
            size_t from = 0;
            for (size_t i = 1; i <= n; i++)
                if (i == n || cut[i]) {
                    Quant part = {.op = op};
                    for (size_t m = from; m < i; m++)
                        quant_step(&part, &cs[m]);
                    Value r = quant_final(&part);
                    quant_merge(&merged, &r);
                    from = i;
                }
            Value qw = quant_final(&whole), qm = quant_final(&merged);
            if (!same(&qw, &qm)) {
                fprintf(stderr, "quantifier %d over %zu: whole %s, merged %s\n", op, n,
                        v_format(a, &qw), v_format(a, &qm));
                failures++;
            }
        }
    }
}

int main(void)
{
    Arena *a = arena_new();
    known_answers(a);
    pieces_are_whole(a);
    arena_free(a);
    if (failures)
        fprintf(stderr, "test_agg: %d failures\n", failures);
    return failures != 0;
}
