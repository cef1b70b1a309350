/* agg.h - aggregates as step and final functions.
 *
 * Every aggregate of the language is one state, a step that takes a piece
 * of its sequence and a final that gives the answer. Evidence kept whole is
 * one step over every item; streamed evidence (drive.c) is one step per
 * file, in file order: the same items in the same order give the same
 * answer, to the bit, either way, for there is one implementation.
 *
 * Errors: the first error among the items wins over everything (for the
 * numeric aggregates and distinct); a quantifier's deciding item wins over
 * errors elsewhere (language.md §6).
 */
#ifndef ACCORD_AGG_H
#define ACCORD_AGG_H

#include "map.h"
#include "value.h"

/* sum, mean, min, max, median, stddev and percentile. */
typedef struct Agg {
    int fn;                  /* B_SUM, B_MEAN, B_MIN, B_MAX, B_MEDIAN,
                                B_STDDEV, B_PERCENTILE */
    bool has_err, bad, has_best;
    Value err, badv, best;   /* the first error; the first value that is
                                not a number (or the error it gave, a rate
                                without trials); min or max so far */
    double s;
    size_t n;
    double *xs;              /* MEDIAN, STDDEV, PERCENTILE: the numbers, in
                                order, on the heap (agg_final frees them) */
    size_t cap;
} Agg;

/* Feeds n items (errors made go to a). */
void agg_step(Arena *a, Agg *g, const Value *items, size_t n);

/* Whether agg_final needs percentile's P (so the caller evaluates it only
   then, after the items, as the call reads it). */
bool agg_wants_p(const Agg *g);

/* The answer (fn names the function in errors, what the argument's text
   in the one for a value that is not a number; p is percentile's P, in
   [0, 1]); frees what g holds. */
Value agg_final(Arena *a, Agg *g, const char *fn, const char *what, double p);

/* Releases g without an answer. */
void agg_drop(Agg *g);

/* distinct: the distinct values, first seen first (v_equal over the
   values of one type, as a sequence holds). */
typedef struct Distinct {
    bool has_err;
    Value err;
    Value *dv;               /* on the heap */
    size_t n, cap;
    Map *seen;               /* their keys, in the step's arena */
} Distinct;

/* Feeds n items; with copy, the values kept are copied to a (the items
   live in an arena about to be freed). */
void distinct_step(Arena *a, Distinct *d, const Value *items, size_t n, bool copy);
Value distinct_final(Arena *a, Distinct *d);
void distinct_drop(Distinct *d);

/* all, any and none: the condition's value for each item, or (merged) a
   part of the sequence's answer. */
typedef struct Quant {
    int op;                  /* Q_ALL, Q_ANY, Q_NONE (`in` is Q_ANY over
                                equality) */
    bool any_true, any_false, any_unknown, has_err;
    Value err;               /* the first error */
} Quant;

void quant_step(Quant *q, const Value *c);
/* Feeds the answer r of the quantifier over a part of the sequence. */
void quant_merge(Quant *q, const Value *r);
/* Whether an item decided the answer (later items change nothing). */
bool quant_decided(const Quant *q);
Value quant_final(const Quant *q);

#endif
