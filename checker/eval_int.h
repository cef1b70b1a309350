/* eval_int.h - the evaluator's state and the entry points its driver
 * (drive.c) uses; not for other stages, which see eval.h only. */
#ifndef ACCORD_EVAL_INT_H
#define ACCORD_EVAL_INT_H

#include "agg.h"
#include "eval.h"
#include "map.h"

typedef struct Bind {
    const Sym *sym;
    Value v;
    struct Bind *up;
} Bind;

typedef struct Trace {
    Shown *items;
    int n, cap;
} Trace;

struct Drive;

typedef struct Ev {
    Arena *a;
    Arena *keep;             /* what outlives a streamed file's evaluation
                                (compiled regular expressions) */
    const StreamPlan *plan;  /* its consumers are answered by dr, or NULL */
    struct Drive *dr;
    bool chunk;              /* evaluating over one streamed file's records */
    const Program *p;
    const Binding *b;
    Map *overrides;          /* parameter name -> Expr (profile sets) */
    Map *cache;              /* parameter or definition name -> Value * */
    Bind *env;
    double today;
    const RecSet *cur_set;   /* the record a bare field in `where` reads */
    size_t cur_rec;
    Trace *trace;            /* where shown values go, or NULL */
    int quiet;               /* inside a quantifier or where: only constant
                                names (parameters, definitions) are shown */
    Check *check;            /* the check being evaluated */
    int explaining;          /* tracing a counterexample's values: its
                                condition gathers none (ev_gathers) */
    const Bind *fixed;       /* then the names bound from here down (the
                                item and what encloses it) */
    bool top;                /* evaluating a check's condition, or an operand
                                of its not, and, or (eval) */
    const void **merged;     /* pairs: a Check, and a definition's memo
                                whose findings it has been given
                                (merge_once) */
    int nmerged, merged_cap;
    bool at_name;            /* and the name about to be read is one */
    Map *regex;              /* pattern -> Regex * */
    Map *indexes;            /* record set, selection and field -> ColIndex */
    size_t max_message;      /* bytes of a filled else message */
    bool columns;            /* the column fast path; ACCORD_EVAL_SLOW=1 turns
                                it off, for the tests that compare the two */
    unsigned long long steps, max_steps;   /* the budget of what is being
                                              evaluated (eval.h) */
    Value *lets;             /* the value of each let in scope (Sym.slot), so
                                that reading one never walks the others: a
                                requirement of 40 000 lets reading its first
                                one was quadratic */
    bool over;               /* steps went past max_steps */
} Ev;

/* ---- the evaluator (eval.c) ---- */

void ev_init(Ev *ev, Arena *a, const Program *p, const Binding *b, const EvalOptions *opt,
             Map *regex);
/* One run: every requirement in scope under opt's profile, into an
   outcome not yet tallied. */
Outcome *ev_run(Ev *ev, const EvalOptions *opt);

Value ev_eval(Ev *ev, const Expr *e);
Value ev_scalar(Ev *ev, const Expr *e);     /* one value, not a sequence */
Value ev_items(Ev *ev, const Expr *e);      /* a sequence, or an error */
/* A consumer evaluated as evidence kept whole would be: a call, `in` or a
   quantifier (the answer over a file's records, or the declaration's
   error). */
Value ev_call(Ev *ev, const Expr *e);
Value ev_member(Ev *ev, const Expr *e);
Value ev_quantify(Ev *ev, const Expr *e);
Value ev_member_items(Ev *ev, Value x, Value s);
Value ev_quantify_items(Ev *ev, const Expr *e, Value s);
/* Room for the next counterexample of c (in a, c's arena), or NULL when
   it holds MAX_COUNTEREXAMPLES. */
Counter *check_counter(Arena *a, Check *c);
/* What from found added to to (a: to's arena): its counterexamples, while
   to has room, its failures, and its interval when to has none. */
void check_merge(Arena *a, Check *to, const Check *from);
bool ev_gathers(const Ev *ev);               /* a quantifier now adds its
                                                counterexamples to the check */
/* Feeds items to the aggregate g under the budget; its answer, percentile's
   P evaluated (and shown) after the items, as the call reads it. */
void ev_agg_step(Ev *ev, Agg *g, const Value *items, size_t n);
Value ev_agg_final(Ev *ev, Agg *g, const Expr *e);
/* A definition of one value, or a local name (plan.h). */
Value ev_local(Ev *ev, const Sym *s);
Value ev_over_budget(Ev *ev);
const char *ev_src_text(Ev *ev, Loc at);
const char *ev_shown_text(Ev *ev, const Value *v);
/* Adds a shown value to t unless one of that name is there. */
void ev_add_shown(Ev *ev, Trace *t, const char *name, const char *text);

/* ---- the driver's answers (drive.c) ---- */

/* The answer of consumer c at e, if the files have been read for it; else
   it is registered for the next pass, and pending. */
Value drive_consume(Ev *ev, const Expr *e, const Consumer *c);
/* The value of what needs evidence not read yet. */
Value drive_pending(Ev *ev);

#endif
