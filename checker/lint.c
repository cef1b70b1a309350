/* lint.c - warnings about standards that compile but are probably wrong
 * (accord lint, language.md §9), over the checked program: the types of
 * every expression are known here.
 *
 * Each rule catches a mistake seen in real criteria: a requirement that
 * checks nothing (constant), a comparison no value of the declared types
 * can satisfy (or none can fail), a rate compared without confidence in a
 * standard that elsewhere asks for it, an import nothing uses, and a
 * requirement that cites no source where the others do.
 */
#include "typecheck_int.h"

#include <math.h>

typedef struct Lint {
    Checker *c;
    bool confidence;         /* some comparison of the standard has one */
    const Expr **bare;       /* rates compared without one */
    int nbare, cap;
} Lint;

static const Expr *strip(const Expr *e)
{
    while (e->kind == E_PAREN)
        e = e->a;
    return e;
}

static bool is_literal(const Expr *e)
{
    switch (strip(e)->kind) {
    case E_NUM: case E_PCT: case E_DUR: case E_DATE: case E_DATETIME: case E_STR: case E_BOOL:
        return true;
    default:
        return false;
    }
}

/* `require true`, `a == a`, `1 < 2`: the condition checks nothing */
static void constant(Lint *l, const Expr *e)
{
    Checker *c = l->c;
    const Expr *x = strip(e);
    if (x->kind == E_BOOL) {
        diag_warning(c->d, e->loc, "this requirement is constant: '%s' %s", tc_text(c, e->loc),
                     x->num ? "always holds" : "never holds");
        return;
    }
    if (x->kind != E_CMP || x->c)
        return;
    const char *a = tc_text(c, x->a->loc), *b = tc_text(c, x->b->loc);
    if (strcmp(a, b) == 0)
        diag_warning(c->d, e->loc, "this requirement is constant: '%s' compares '%s' with "
                     "itself", tc_text(c, e->loc), a);
    else if (is_literal(x->a) && is_literal(x->b))
        diag_warning(c->d, e->loc, "this requirement is constant: '%s' compares two "
                     "literals", tc_text(c, e->loc));
}

/* The range of values an expression can take, from its type and shape:
   counts and lengths are whole and never negative, rates lie in [0, 1]. */
typedef struct Range {
    bool known;
    double lo, hi;
    bool whole;
} Range;

static Range range_of(const Expr *e)
{
    e = strip(e);
    Range r = {0};
    const Type *t = e->type;
    if (t && t->kind == T_FIELD)
        t = t->elem;
    if (e->kind == E_CALL && (e->builtin == B_COUNT || e->builtin == B_LEN))
        return (Range){true, 0, INFINITY, true};
    if (t && t->kind == T_RATE)
        return (Range){true, 0, 1, false};
    return r;
}

static bool literal_number(const Expr *e, double *v)
{
    e = strip(e);
    bool neg = false;
    if (e->kind == E_NEG) {
        neg = true;
        e = strip(e->a);
    }
    if (e->kind != E_NUM && e->kind != E_PCT)
        return false;
    *v = neg ? -e->num : e->num;
    return true;
}

/* x OP k for every x in r: 1 always, 0 never, -1 it depends */
static int decided(Op op, Range r, double k)
{
    switch (op) {
    case OP_LT: return r.hi < k ? 1 : r.lo >= k ? 0 : -1;
    case OP_LE: return r.hi <= k ? 1 : r.lo > k ? 0 : -1;
    case OP_GT: return r.lo > k ? 1 : r.hi <= k ? 0 : -1;
    case OP_GE: return r.lo >= k ? 1 : r.hi < k ? 0 : -1;
    case OP_EQ: return k < r.lo || k > r.hi || (r.whole && k != floor(k)) ? 0 : -1;
    case OP_NE: return k < r.lo || k > r.hi || (r.whole && k != floor(k)) ? 1 : -1;
    default: return -1;
    }
}

static Op mirrored(Op op)
{
    switch (op) {
    case OP_LT: return OP_GT;
    case OP_LE: return OP_GE;
    case OP_GT: return OP_LT;
    case OP_GE: return OP_LE;
    default: return op;
    }
}

/* a comparison of a count, a length or a rate with a literal that no
   value of it can fail, or none can satisfy (a percentage written as
   95 instead of 95%, a count compared with -1) */
static void impossible(Lint *l, const Expr *e)
{
    if (e->c)
        return;
    double k;
    Range r;
    Op op = e->op;
    if (literal_number(e->b, &k) && (r = range_of(e->a)).known) {
        /* x OP k */
    } else if (literal_number(e->a, &k) && (r = range_of(e->b)).known) {
        op = mirrored(op);
    } else {
        return;
    }
    int d = decided(op, r, k);
    if (d >= 0)
        diag_warning(l->c->d, e->loc, "'%s' %s for %s", tc_text(l->c, e->loc),
                     d ? "always holds" : "can never hold",
                     r.whole ? "a count or a length, a whole number of at least 0"
                             : "a rate, which lies between 0 and 1 (write 95% for 0.95)");
}

static void walk(Lint *l, const Expr *e)
{
    if (!e)
        return;
    if (e->kind == E_CMP) {
        if (e->c) {
            l->confidence = true;
        } else if ((e->a->type && e->a->type->kind == T_RATE)
                   || (e->b->type && e->b->type->kind == T_RATE)) {
            l->bare = arena_grow(l->c->a, l->bare, l->nbare, &l->cap, sizeof(Expr *));
            l->bare[l->nbare++] = e;
        }
        impossible(l, e);
    }
    if (e->kind == E_CALL || e->kind == E_LIST) {
        for (const Expr *x = e->a; x; x = x->next)
            walk(l, x);
        return;
    }
    walk(l, e->a);
    walk(l, e->b);
    walk(l, e->c);
}

static void walk_body(Lint *l, const Stmt *st)
{
    for (; st; st = st->next) {
        if (st->kind == S_REQUIRE)
            constant(l, st->expr);
        if (st->expr)
            walk(l, st->expr);
        if (st->label)
            walk(l, st->label);
        walk_body(l, st->body);
    }
}

static bool cites(const Decl *d)
{
    for (const Stmt *st = d->body; st; st = st->next)
        if (st->kind == S_CITES)
            return true;
    return false;
}

/* whether anything of m (or what it imports) is part of the standard:
   a requirement, profile or set, or a global the standard reads */
static bool module_used(const Module *m, int depth)
{
    if (depth > 1000)
        return true;
    for (const Decl *d = m->decls; d; d = d->next) {
        switch (d->kind) {
        case D_REQUIREMENT: case D_RECOMMENDATION: case D_PROFILE: case D_SET:
            return true;
        case D_PARAM: case D_DEFINE: case D_EVIDENCE:
            if (d->sym && d->sym->uses > 0)
                return true;
            break;
        default:
            break;
        }
    }
    for (int i = 0; i < m->nimports; i++)
        if (module_used(m->imports[i], depth + 1))
            return true;
    return false;
}

void lint_program(Checker *c)
{
    Program *p = c->p;
    Lint l = {c, false, NULL, 0, 0};
    Module *root = p->root;
    int cited = 0, reqs = 0;
    for (Decl *d = root->decls; d; d = d->next) {
        if (d->kind == D_REQUIREMENT || d->kind == D_RECOMMENDATION) {
            reqs++;
            cited += cites(d);
        }
        if (d->kind == D_REQUIREMENT || d->kind == D_RECOMMENDATION || d->kind == D_DEFINE
            || d->kind == D_PARAM)
            walk_body(&l, d->body);
        if ((d->kind == D_DEFINE || d->kind == D_PARAM) && d->value)
            walk(&l, d->value);
    }
    if (l.confidence)
        for (int i = 0; i < l.nbare; i++)
            diag_warning(c->d, l.bare[i]->loc, "'%s' compares a rate without confidence, "
                         "where this standard elsewhere uses 'with confidence'",
                         tc_text(c, l.bare[i]->loc));
    /* a requirement that cites nothing where the others cite their source */
    if (cited > 0 && cited < reqs)
        for (Decl *d = root->decls; d; d = d->next)
            if ((d->kind == D_REQUIREMENT || d->kind == D_RECOMMENDATION) && !cites(d))
                diag_warning(c->d, d->name_loc, "%s '%s' cites no source, where the "
                             "standard's other requirements do",
                             d->kind == D_REQUIREMENT ? "requirement" : "recommendation",
                             d->name);
    int k = 0;
    for (Decl *d = root->decls; d; d = d->next) {
        if (d->kind != D_IMPORT)
            continue;
        if (k < root->nimports && !module_used(root->imports[k], 0))
            diag_warning(c->d, d->name_loc, "nothing of '%s' is used: no requirement, "
                         "profile or set of it, and none of its names", d->name);
        k++;
    }
}
