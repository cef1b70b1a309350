/* eval.h - evaluation of a checked program over bound evidence (§6, §7).
 *
 * Every `require` evaluated (each loop iteration separately) is one check:
 * pass, fail, inconclusive or error. Errors stay local to their check. The
 * results carry what the report shows: the values each check read, the
 * Wilson interval of a comparison with confidence, up to ten
 * counterexamples, and the failure message.
 */
#ifndef ACCORD_EVAL_H
#define ACCORD_EVAL_H

#include "bind.h"
#include "plan.h"
#include "program.h"
#include "results.h"


/* How a comparison with confidence made its interval: Wilson's (the
   default; the report does not name it), Clopper-Pearson's (with exact
   confidence) or Newcombe's (two rates). */
typedef enum { IM_WILSON, IM_CLOPPER_PEARSON, IM_NEWCOMBE } IntervalMethod;

typedef struct Shown {
    const char *name;        /* the expression's source text */
    const char *value;       /* its value as the report writes it */
} Shown;

enum { MAX_COUNTEREXAMPLES = 10 };

typedef struct Counter {
    const Origin *origin;
    const char *file;        /* path of the evidence file */
    Shown *values;
    int nvalues;
} Counter;

typedef struct Check {
    const Stmt *stmt;
    const char *label;       /* loop values, or NULL */
    Result result;
    bool interval;           /* a comparison with confidence was evaluated */
    double lo, hi, confidence;
    IntervalMethod method;
    Shown *values;
    int nvalues;
    const char *message;     /* fail or inconclusive: the else message */
    const char *error;       /* error: the reason */
    Counter *counters;       /* room for MAX_COUNTEREXAMPLES, made for the
                                first (check_counter): most checks have
                                none, and a standard has thousands */
    int ncounters;
    unsigned long long nfailed;   /* the items that failed, of which
                                     counters holds the first ten */
    struct Check *next;
} Check;

typedef struct ReqResult {
    const Decl *decl;
    Result result;
    Result original;         /* before a waiver */
    const struct Waiver *waiver;   /* the waiver applied (waivers.h), or NULL */
    const char *severity;
    const char *error;       /* `applies when` could not be evaluated */
    Check *checks;
} ReqResult;


typedef struct Outcome {
    ReqResult *reqs;         /* in scope, in report order */
    int nreqs;
    int requirements, recommendations;
    int count[R_WAIVED + 1]; /* by result, over both kinds */
    int findings;            /* failed recommendations */
    Verdict verdict;
} Outcome;

enum { DEFAULT_MAX_MESSAGE = 1000 };

/* Steps of work one check may take (--max-steps): an expression evaluated,
   a record or value visited, a character a regular expression reads times
   the states it is in, a byte of a message. Generous: the checks of the
   library's standards take at most a few per record; a check that needs
   more (a quadratic condition over a large bundle) is an error result,
   "evaluation budget exceeded", never a pass and never a hang. Each
   definition, let, `applies when` and `for each` sequence has a budget of
   its own, so that no result depends on which check first needed one. */
#define DEFAULT_MAX_STEPS 1000000000ULL

typedef struct EvalOptions {
    const Decl *profile;     /* its parameters and scope; NULL for none */
    const Decl *sets;        /* the --set values, a profile applied after
                                it (run.h), or NULL */
    double as_of;            /* the date `today` (days since 1970-01-01) */
    size_t max_message;      /* bytes of a filled else message: a longer one
                                is cut and says so (0: DEFAULT_MAX_MESSAGE) */
    unsigned long long max_steps;   /* per check (0: DEFAULT_MAX_STEPS) */
    const StreamPlan *plan;  /* the plan the binding deferred declarations by
                                (bind_stream reads them here), or NULL */
    bool slow;               /* every condition through the evaluator, none
                                off the columns (ACCORD_EVAL_SLOW, check.h) */
    bool show;               /* say on standard error how streamed evidence
                                was read (ACCORD_STREAM=show) */
} EvalOptions;

/* Evaluates p over b (drive.c, running eval.c's evaluator). Never fails:
   problems are error results. The declarations b deferred (plan.h) are
   read here, a file at a time, as often as the answers need: once, unless
   a consumer depends on the answer of another (then once more per
   level). */
Outcome *eval_program(Arena *a, const Program *p, Binding *b, const EvalOptions *opt);

/* Recounts o's results and its verdict (after waivers change results). */
void outcome_tally(Outcome *o);

/* Whether profile (and the profiles it extends) selects requirement id:
   includes add up, excludes win. */
bool profile_selects(const Program *p, const Decl *profile, const char *id);

#endif
