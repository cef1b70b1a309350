/* check.c - the pipeline of one check (check.h). */
#include "check.h"

#include "plan.h"

Outcome *check_run(Arena *ea, const Program *p, CheckInput *in, Binding **bp, const char **why)
{
    /* records used only in ways that fold file by file are read a file at
       a time, during the evaluation (plan.h) */
    StreamPlan *sp = stream_plan(ea, p);
    in->bind.stream = sp->streamed;
    in->eval.plan = sp;
    Binding *b = bind_evidence(ea, p, in->root, &in->bind, why);
    if (bp)
        *bp = b;
    if (!b)
        return NULL;
    Outcome *o = eval_program(ea, p, b, &in->eval);
    if (in->waivers)
        waivers_apply(p, o, in->waivers, in->waivers_path, in->eval.as_of, p->diag);
    return o;
}
