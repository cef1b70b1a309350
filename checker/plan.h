/* plan.h - which evidence is read in a stream rather than kept whole.
 *
 * accord keeps memory bounded by the largest evidence file, not the bundle
 * (docs/performance.md), by never holding every record of a declaration at
 * once when it need not: when every use of a declaration's records is a
 * "consumer" whose answer folds file by file -- count, sum, mean, min,
 * max, median, stddev, percentile or distinct of a records block (filtered
 * by `where`s, or one of its fields), a quantifier over one, `x in` one of
 * its fields -- and whose conditions read nothing but the record,
 * constants, local names and evidence kept whole, the records are read one
 * file at a time and each consumer's answer is built as the files go by
 * (drive.c, stepping the aggregates of agg.c). median, stddev and percentile keep the numbers of their one
 * field (8 bytes a value), distinct one entry per distinct value. Any other
 * use (`for each` over records, a field of records as one value, a
 * condition that reads the records it filters) keeps the declaration
 * whole, as before.
 */
#ifndef ACCORD_PLAN_H
#define ACCORD_PLAN_H

#include "program.h"

/* A consumer: the call, quantifier or `in`, the declaration it reads, and the
   local names (lets, loop and quantifier variables bound outside it, and
   definitions of one value) its answer depends on. */
typedef struct Consumer {
    const Expr *node;
    const Decl *decl;
    const Expr *proj;        /* its argument, when that is a field of the
                                records (shown in reports as a list) */
    const Sym **locals;
    int nlocals;
    const Decl **reads;      /* other evidence its conditions read */
    int nreads;
} Consumer;

typedef struct StreamPlan {
    bool *streamed;          /* per evidence declaration (Decl.index) */
    const Expr **whole;      /* per declaration kept whole: the first use
                                that keeps it so (NULL: it has no records) */
    int nstreamed;
    Consumer *consumers;     /* of streamed declarations, by node address */
    int nconsumers;
} StreamPlan;

/* The plan for p, in a. With whole (the ACCORD_STREAM=0 switch, check.h)
   it streams nothing, for the tests that compare the two ways; with show
   (ACCORD_STREAM=show) it says what it decided on standard error. Never
   fails. */
StreamPlan *stream_plan(Arena *a, const Program *p, bool whole, bool show);

/* The consumer at e, or NULL when e is not one (or sp is NULL). */
const Consumer *stream_consumer(const StreamPlan *sp, const Expr *e);

#endif
