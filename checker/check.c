/* check.c - the pipeline of one check (check.h). */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "prefetch.h"

Switches switches_from_env(void)
{
    const char *tree = getenv("ACCORD_XML_TREE"), *slow = getenv("ACCORD_EVAL_SLOW"),
               *stream = getenv("ACCORD_STREAM"), *jobs = getenv("ACCORD_JOBS");
    int j = jobs ? atoi(jobs) : 0;
    return (Switches){.xml_tree = tree && *tree, .eval_slow = slow && *slow,
                      .whole = stream && strcmp(stream, "0") == 0,
                      .show = stream && strcmp(stream, "show") == 0,
                      .jobs = j > 0 && j <= 64 ? j : 0};
}

Outcome *check_run(Arena *ea, const Program *p, CheckInput *in, Binding **bp, const char **why)
{
    /* records used only in ways that fold file by file are read a file at
       a time, during the evaluation (plan.h) */
    StreamPlan *sp = stream_plan(ea, p, in->sw.whole, in->sw.show);
    in->bind.stream = sp->streamed;
    in->bind.xml_tree = in->sw.xml_tree;
    if (in->bind.jobs <= 0)
        in->bind.jobs = in->sw.jobs > 0 ? in->sw.jobs : prefetch_default_jobs();
    in->eval.plan = sp;
    in->eval.slow = in->sw.eval_slow;
    in->eval.show = in->sw.show;
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
