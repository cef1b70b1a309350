/* typecheck_expr.c - the types of expressions (language.md §4, §6): names,
 * fields, operators, comparisons, and the builtins of builtins.def, each
 * with its type function.
 */
#define _POSIX_C_SOURCE 200809L
#include "typecheck_int.h"

#include <math.h>
#include <string.h>

#include "regex.h"

const BuiltinInfo builtin_info[B__COUNT] = {
#define BUILTIN(id, name, lo, hi, folds, type, value, sig) {name, lo, hi, folds, sig},
#include "builtins.def"
#undef BUILTIN
};

/* The type of a parameter or definition, typing it first if need be. */
const Type *tc_global_type(Checker *c, Sym *s, Loc use)
{
    if (s->state == 2)
        return s->type;
    if (s->state == 1) {
        size_t len = 0;
        int i = c->depth - 1;
        while (i > 0 && c->stack[i] != s)
            i--;
        for (int k = i; k < c->depth; k++)
            len += strlen(c->stack[k]->name) + 4;
        char *path = arena_alloc(c->a, len + strlen(s->name) + 1);
        for (int k = i; k < c->depth; k++) {
            strcat(path, c->stack[k]->name);
            strcat(path, " -> ");
        }
        strcat(path, s->name);
        diag_error(c->d, use, "'%s' is defined in terms of itself: %s", s->name, path);
        s->type = &ty_err;
        return &ty_err;
    }
    s->state = 1;
    tc_push_global(c, s);
    Sym *saved_scope = c->scope;
    const char *saved_konst = c->konst;
    int saved_barrier = c->barrier, saved_peak = c->peak, base = c->nest;
    c->scope = NULL;         /* a global sees no local */
    c->barrier = c->level;
    c->konst = NULL;
    c->peak = base;
    const Type *t = &ty_err;
    Decl *d = s->decl;
    if (s->kind == SYM_PARAM) {
        const Type *declared = d->type ? tc_type_expr(c, d->type) : NULL;
        const Type *vt = tc_const_value(c, d->value, "a parameter's value");
        if (declared) {
            if (!ty_assignable(vt, declared))
                diag_error(c->d, d->value->loc, "parameter '%s' is declared %s, but its value is %s",
                           d->name, ty_name(c->a, declared), tc_a_type(c, vt));
            t = declared;
        } else if (vt->kind == T_LIST && vt->elem->kind == T_ANY) {
            diag_error(c->d, d->value->loc,
                       "the type of an empty list cannot be inferred; declare it, as in "
                       "'param %s: list<string> = []'", d->name);
        } else {
            t = vt;
        }
    } else {
        t = tc_expr(c, d->value);
    }
    c->scope = saved_scope;
    c->barrier = saved_barrier;
    c->konst = saved_konst;
    c->depth--;
    s->reach = c->peak - base;
    if (saved_peak > c->peak)
        c->peak = saved_peak;
    if (s->state == 1) {      /* not already poisoned by a cycle */
        s->type = t;
    }
    s->state = 2;
    return s->type;
}

/* ---- expressions ------------------------------------------------------- */

/* Reports that e of type t cannot be used as a single value. */
const Type *tc_not_a_value(Checker *c, Expr *e, const Type *t)
{
    const char *x = tc_text(c, e->loc);
    switch (t->kind) {
    case T_LIST:
        diag_error(c->d, e->loc, "'%s' is a list, not a single value", x);
        break;
    case T_SEQ:
        diag_error(c->d, e->loc, "'%s' is a sequence of values; use an aggregate such as "
                   "count() or min(), or a quantifier", x);
        break;
    case T_RECSET:
        diag_error(c->d, e->loc, "'%s' is a record set; use count(), 'where' or a quantifier", x);
        break;
    case T_RECORD:
        diag_error(c->d, e->loc, "'%s' is a record; use one of its fields, as in %s.%s", x, x,
                   t->records && t->records->fields ? t->records->fields->name : "field");
        break;
    default:
        diag_error(c->d, e->loc, "'%s' is not a value", x);
        break;
    }
    return &ty_err;
}

/* The single value of an expression whose type is t: a field is used as one
   value (language.md §5); lists, sequences and records are not values. */
const Type *tc_value(Checker *c, Expr *e, const Type *t)
{
    if (t->kind == T_FIELD)
        return t->elem;
    if (t->kind == T_ERR || ty_is_scalar(t))
        return t;
    return tc_not_a_value(c, e, t);
}

static const Type *scalar(Checker *c, Expr *e)
{
    return tc_value(c, e, tc_expr(c, e));
}

/* Checks that e is a bool; returns false (reported) otherwise. */
void tc_want_bool(Checker *c, Expr *e, const char *what)
{
    const Type *t = scalar(c, e);
    if (t->kind != T_BOOL && t->kind != T_ERR)
        diag_error(c->d, e->loc, "%s must be true or false, but '%s' is %s", what,
                   tc_text(c, e->loc), tc_a_type(c, t));
}

/* The element type of a sequence, list or field; NULL (reported) otherwise.
   A record set is accepted only when records is set, giving its record type. */
const Type *tc_elements(Checker *c, Expr *e, const Type *t, const char *what, bool records)
{
    switch (t->kind) {
    case T_ERR:
        return &ty_err;
    case T_LIST: case T_SEQ: case T_FIELD:
        return t->elem;
    case T_RECSET:
        if (records)
            return ty_record(c->a, t->records);
        break;
    default:
        break;
    }
    diag_error(c->d, e->loc, "%s needs %s, but '%s' is %s", what,
               records ? "a sequence, a list or a record set" : "a sequence of values or a list",
               tc_text(c, e->loc), tc_a_type(c, t));
    return NULL;
}


/* A value or a list (a parameter's value). */
static const Type *scalar_or_list(Checker *c, Expr *e)
{
    const Type *t = tc_expr(c, e);
    if (t->kind == T_LIST)
        return t;
    return tc_value(c, e, t);
}

const Type *tc_const_value(Checker *c, Expr *e, const char *what)
{
    const char *saved = c->konst;
    c->konst = what;
    const Type *t = scalar_or_list(c, e);
    c->konst = saved;
    return t;
}

static bool not_constant(Checker *c, Expr *e, const char *what)
{
    if (!c->konst)
        return false;
    diag_error(c->d, e->loc, "%s may use only literals, lists and parameters, not %s",
               c->konst, what);
    return true;
}

static const Type *field_type(Checker *c, Field *f)
{
    (void)c;
    return f->ty ? f->ty : &ty_err;
}

static const char **field_names(Checker *c, const Field *fields, size_t *n)
{
    size_t k = 0;
    for (const Field *f = fields; f; f = f->next)
        k++;
    const char **v = arena_alloc(c->a, sizeof(char *) * (k + 1));
    k = 0;
    for (const Field *f = fields; f; f = f->next)
        v[k++] = f->name;
    *n = k;
    return v;
}

static Field *find_field(const Field *fields, const char *name)
{
    for (const Field *f = fields; f; f = f->next)
        if (strcmp(f->name, name) == 0)
            return (Field *)f;
    return NULL;
}

static const Type *name_expr(Checker *c, Expr *e)
{
    Sym *s = tc_lookup(c, e->name);
    if (!s) {
        /* each unknown name is reported once, where it is first used */
        if (map_put(c->unknown, e->name, e))
            return &ty_err;
        size_t n;
        const char **v = tc_visible(c, &n);
        const char *h = tc_hint(c, e->name, v, n);
        if (!*h && !c->konst)
            for (int i = 0; i < B__COUNT; i++)
                if (strcmp(builtin_info[i].name, e->name) == 0)
                    h = arena_printf(c->a, "; %s is a function: %s", e->name, builtin_info[i].sig);
        diag_error(c->d, e->loc, "unknown name '%s'%s", e->name, h);
        return &ty_err;
    }
    e->sym = s;
    s->uses++;
    if (c->konst && s->kind != SYM_PARAM) {
        diag_error(c->d, e->loc, "%s may use only literals, lists and parameters; '%s' is %s %s",
                   c->konst, e->name, s->kind == SYM_EVIDENCE ? "an" : "a", tc_sym_kind_name(s));
        return &ty_err;
    }
    switch (s->kind) {
    case SYM_PARAM: case SYM_DEFINE: {
        const Type *t = tc_global_type(c, s, e->loc);
        tc_reaches(c, s->reach, e->loc);
        return t;
    }
    case SYM_LET:
        /* a let of records is evaluated again where it is read, over each
           streamed file (eval.c) */
        if (s->type && s->type->kind == T_RECSET)
            tc_reaches(c, s->reach, e->loc);
        return s->type;
    case SYM_EVIDENCE:
        diag_error(c->d, e->loc, "'%s' is evidence; name one of its fields, as in %s.%s",
                   e->name, e->name, s->decl->fields ? s->decl->fields->name : "field");
        return &ty_err;
    case SYM_FIELD: {
        e->field = s->field;
        s->field->read = true;
        Sym *outer = tc_visible_or_global(c, s->shadowed, e->name);
        if (outer)
            diag_warning(c->d, e->loc, "'%s' here is the record's field; it shadows the %s "
                         "declared at %s", e->name, tc_sym_kind_name(outer),
                         tc_where_is(c, outer->loc, e->loc));
        return s->type;
    }
    default:
        return s->type;
    }
}

static const Type *dot_expr(Checker *c, Expr *e)
{
    if (not_constant(c, e, "evidence"))
        return &ty_err;
    const Field *fields = NULL;
    const char *owner;
    bool of_evidence = false, of_set = false;
    Expr *left = e->a;
    if (left->kind == E_NAME) {
        Sym *s = tc_lookup(c, left->name);
        if (s && s->kind == SYM_EVIDENCE) {
            left->sym = s;
            s->uses++;
            left->type = &ty_err;
            fields = s->decl->fields;
            of_evidence = true;
        }
    }
    if (!of_evidence) {
        const Type *t = tc_expr(c, left);
        if (t->kind == T_ERR)
            return &ty_err;
        if (t->kind == T_FILE) {
            /* one file of files(E): its path, or E's fields and records
               in that file alone (v1.1 §5) */
            if (strcmp(e->name, "path") == 0)
                return &ty_string;
            fields = t->decl->fields;
            of_evidence = true;
        } else if (t->kind == T_RECSET) {
            of_set = true;
            fields = t->records->fields;
        } else if (t->kind == T_RECORD) {
            fields = t->records->fields;
        } else {
            diag_error(c->d, e->name_loc, "'%s' is %s; only evidence, record sets and records "
                       "have fields", tc_text(c, left->loc), tc_a_type(c, t));
            return &ty_err;
        }
    }
    owner = tc_text(c, left->loc);
    Field *f = find_field(fields, e->name);
    if (!f) {
        size_t n;
        const char **v = field_names(c, fields, &n);
        diag_error(c->d, e->name_loc, "'%s' has no field '%s'%s", owner, e->name,
                   tc_hint(c, e->name, v, n));
        return &ty_err;
    }
    e->field = f;
    f->read = true;
    if (f->records) {
        if (!of_evidence) {
            diag_error(c->d, e->name_loc, "records cannot nest");
            return &ty_err;
        }
        return f->ty ? f->ty : &ty_err;
    }
    const Type *ft = field_type(c, f);
    if (ft->kind == T_ERR)
        return ft;
    if (of_evidence)
        return ty_field(c->a, ft);
    if (of_set)
        return ty_seq(c->a, ft);
    return ft;
}

static bool is_literal_number(const Expr *e, double *v)
{
    while (e->kind == E_PAREN)
        e = e->a;
    if (e->kind == E_NUM || e->kind == E_PCT) {
        *v = e->num;
        return true;
    }
    return false;
}

static void want_int(Checker *c, Expr *e, const Type *t, const char *what)
{
    if (t->kind != T_INT && t->kind != T_ERR)
        diag_error(c->d, e->loc, "%s must be an int, but '%s' is %s", what,
                   tc_text(c, e->loc), tc_a_type(c, t));
}

static void want_numeric(Checker *c, Expr *e, const Type *t, const char *what)
{
    if (!ty_is_numeric(t) && t->kind != T_ERR)
        diag_error(c->d, e->loc, "%s must be a number, but '%s' is %s", what,
                   tc_text(c, e->loc), tc_a_type(c, t));
}

static void want_confidence(Checker *c, Expr *e)
{
    const Type *t = scalar(c, e);
    want_numeric(c, e, t, "a confidence");
    double v;
    if (is_literal_number(e, &v) && !(v > 0 && v < 1))
        diag_error(c->d, e->loc, "a confidence must lie strictly between 0 and 1 (e.g. 95%%)");
}

/* An aggregate's sequence argument; returns its element type or NULL. */
static const Type *seq_arg(Checker *c, Expr *call, Expr *arg)
{
    const Type *t = tc_expr(c, arg);
    return tc_elements(c, arg, t, arena_printf(c->a, "%s()", call->name), false);
}

/* The arguments of a call, for the type functions of builtins.def. */
typedef struct CallArgs {
    Expr *x, *y, *z;         /* the first three, or NULL */
    const char *fn;          /* "name()", for messages */
    int nargs;
} CallArgs;

/* count() */
static const Type *type_count(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    const char *fn = args->fn;
    (void)e;
    const Type *t = tc_expr(c, x);
    tc_elements(c, x, t, fn, true);
    return &ty_int;
}

/* rate() */
static const Type *type_rate(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x, *y = args->y;
    (void)e;
    const Type *k = scalar(c, x), *n = scalar(c, y);
    want_int(c, x, k, "rate()'s K (successes)");
    want_int(c, y, n, "rate()'s N (trials)");
    return &ty_rate;
}

/* sum(), mean(), median(), stddev() */
static const Type *type_numbers(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    const char *fn = args->fn;
    int b = e->builtin;
    const Type *el = seq_arg(c, e, x);
    if (!el)
        return &ty_err;
    if (el->kind != T_ERR && el->kind != T_ANY && el->kind != T_INT && el->kind != T_NUMBER) {
        diag_error(c->d, x->loc, "%s needs numbers, but '%s' holds %s values", fn,
                   tc_text(c, x->loc), ty_name(c->a, el));
        return &ty_err;
    }
    /* a sum of ints is an int, so that rate(sum(...), sum(...)) works */
    return b == B_SUM && el->kind == T_INT ? &ty_int : &ty_number;
}

/* min(), max() */
static const Type *type_min_max(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    const char *fn = args->fn;
    const Type *el = seq_arg(c, e, x);
    if (!el)
        return &ty_err;
    switch (el->kind) {
    case T_ERR: case T_INT: case T_NUMBER: case T_DATE: case T_DATETIME:
    case T_DURATION: case T_STRING: case T_ANY:
        return el;
    default:
        diag_error(c->d, x->loc, "%s needs numbers, dates, date-times, durations or "
                   "strings, but '%s' holds %s values", fn, tc_text(c, x->loc),
                   ty_name(c->a, el));
        return &ty_err;
    }
}

/* percentile() */
static const Type *type_percentile(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x, *y = args->y;
    const char *fn = args->fn;
    const Type *el = seq_arg(c, e, x);
    if (el && el->kind != T_ERR && el->kind != T_ANY && el->kind != T_INT && el->kind != T_NUMBER)
        diag_error(c->d, x->loc, "%s needs numbers, but '%s' holds %s values", fn,
                   tc_text(c, x->loc), ty_name(c->a, el));
    const Type *p = scalar(c, y);
    want_numeric(c, y, p, "percentile()'s P");
    double v;
    if (is_literal_number(y, &v) && !(v >= 0 && v <= 1))
        diag_error(c->d, y->loc, "percentile()'s P must lie between 0 and 1");
    return &ty_number;
}

/* distinct() */
static const Type *type_distinct(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    const Type *el = seq_arg(c, e, x);
    return el ? ty_seq(c->a, el) : &ty_err;
}

/* exists() */
static const Type *type_exists(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    (void)e;
    const Type *t = tc_expr(c, x);
    Expr *f = x;
    while (f->kind == E_PAREN)
        f = f->a;
    if (t->kind != T_ERR && !((f->kind == E_DOT || f->kind == E_NAME) && f->field
                              && !f->field->records)) {
        diag_error(c->d, x->loc, "exists() takes an evidence field, as in "
                   "exists(card.policy_url); '%s' is %s", tc_text(c, x->loc),
                   tc_a_type(c, t));
    }
    return &ty_bool;
}

/* newcombe_upper(), newcombe_lower() */
static const Type *type_newcombe(Checker *c, Expr *e, const CallArgs *args)
{
    static const char *const what[4] = {"K1", "N1", "K2", "N2"};
    Expr *x = e->a;
    for (int i = 0; i < 4; i++, x = x->next)
        want_int(c, x, scalar(c, x), arena_printf(c->a, "%s's %s", args->fn, what[i]));
    want_confidence(c, x);
    return &ty_number;
}

/* wilson_upper(), wilson_lower(), clopper_pearson_upper(),
   clopper_pearson_lower() */
static const Type *type_interval(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x, *y = args->y, *z = args->z;
    const char *fn = args->fn;
    int nargs = args->nargs;
    (void)e;
    const Type *k = scalar(c, x);
    if (nargs == 2) {
        if (k->kind != T_RATE && k->kind != T_ERR)
            diag_error(c->d, x->loc, "%s with two arguments takes a rate and a confidence; "
                       "'%s' is %s", fn, tc_text(c, x->loc), tc_a_type(c, k));
        want_confidence(c, y);
    } else {
        want_int(c, x, k, arena_printf(c->a, "%s's K", fn));
        want_int(c, y, scalar(c, y), arena_printf(c->a, "%s's N", fn));
        want_confidence(c, z);
    }
    return &ty_number;
}

/* abs() */
static const Type *type_abs(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    (void)e;
    const Type *t = scalar(c, x);
    if (t->kind == T_DURATION || t->kind == T_INT || t->kind == T_ERR)
        return t;
    want_numeric(c, x, t, "abs()'s argument");
    return &ty_number;
}

/* round() */
static const Type *type_round(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x, *y = args->y;
    (void)e;
    want_numeric(c, x, scalar(c, x), "round()'s X");
    want_int(c, y, scalar(c, y), "round()'s DIGITS");
    return &ty_number;
}

/* days(), hours() */
static const Type *type_duration(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    const char *fn = args->fn;
    (void)e;
    const Type *t = scalar(c, x);
    if (t->kind != T_DURATION && t->kind != T_ERR)
        diag_error(c->d, x->loc, "%s takes a duration, but '%s' is %s", fn,
                   tc_text(c, x->loc), tc_a_type(c, t));
    return &ty_number;
}

/* matches() */
static const Type *type_matches(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x, *y = args->y;
    (void)e;
    const Type *s = scalar(c, x), *r = scalar(c, y);
    if (s->kind != T_STRING && s->kind != T_ERR)
        diag_error(c->d, x->loc, "matches() takes a string, but '%s' is %s",
                   tc_text(c, x->loc), tc_a_type(c, s));
    if (r->kind != T_STRING && r->kind != T_ERR)
        diag_error(c->d, y->loc, "matches() takes a regular expression string, but "
                   "'%s' is %s", tc_text(c, y->loc), tc_a_type(c, r));
    if (y->kind == E_STR) {
        /* a constant pattern is compiled now: a back-reference, a syntax
           error or a pattern past the size limit is a compile error */
        char why[200];
        Regex *re = regex_compile(y->str, y->len, why, sizeof why);
        if (!re)
            diag_error(c->d, y->loc, "invalid regular expression: %s", why);
        regex_free(re);
    }
    return &ty_bool;
}

/* lower(), len() */
static const Type *type_string_fn(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x;
    const char *fn = args->fn;
    int b = e->builtin;
    (void)e;
    const Type *s = scalar(c, x);
    if (s->kind != T_STRING && s->kind != T_ERR)
        diag_error(c->d, x->loc, "%s takes a string, but '%s' is %s", fn,
                   tc_text(c, x->loc), tc_a_type(c, s));
    return b == B_LOWER ? &ty_string : &ty_int;
}

/* files() */
static const Type *type_files(Checker *c, Expr *e, const CallArgs *args)
{
    (void)e;
    Expr *x = args->x;
    Sym *s = x->kind == E_NAME ? tc_lookup(c, x->name) : NULL;
    if (!s || s->kind != SYM_EVIDENCE) {
        const Type *t = tc_expr(c, x);
        if (t->kind != T_ERR)
            diag_error(c->d, x->loc, "files() takes the name of an evidence declaration, "
                       "as in files(runs); '%s' is %s", tc_text(c, x->loc), tc_a_type(c, t));
        return &ty_err;
    }
    x->sym = s;
    x->type = &ty_err;
    s->uses++;
    return ty_seq(c->a, ty_file(c->a, s->decl));
}

/* starts_with(), ends_with(), contains() */
static const Type *type_string_test(Checker *c, Expr *e, const CallArgs *args)
{
    (void)e;
    Expr *xs[2] = {args->x, args->y};
    for (int i = 0; i < 2; i++) {
        const Type *t = scalar(c, xs[i]);
        if (t->kind != T_STRING && t->kind != T_ERR)
            diag_error(c->d, xs[i]->loc, "%s takes strings, but '%s' is %s", args->fn,
                       tc_text(c, xs[i]->loc), tc_a_type(c, t));
    }
    return &ty_bool;
}

/* int() */
static const Type *type_int(Checker *c, Expr *e, const CallArgs *args)
{
    (void)e;
    Expr *x = args->x;
    want_numeric(c, x, scalar(c, x), "int()'s X");
    double v;
    if (is_literal_number(x, &v) && !(fabs(v) <= 9007199254740992.0 && v == floor(v)))
        diag_error(c->d, x->loc, "int() of %s: not an integral value", tc_text(c, x->loc));
    return &ty_int;
}

static const Type *(*const builtin_type[B__COUNT])(Checker *, Expr *, const CallArgs *) = {
#define BUILTIN(id, name, lo, hi, folds, type, value, sig) type,
#include "builtins.def"
#undef BUILTIN
};

static const Type *call_expr(Checker *c, Expr *e)
{
    int b = -1;
    for (int i = 0; i < B__COUNT; i++)
        if (strcmp(builtin_info[i].name, e->name) == 0)
            b = i;
    int nargs = 0;
    for (Expr *x = e->a; x; x = x->next)
        nargs++;
    if (b < 0) {
        const char *names[B__COUNT];
        for (int i = 0; i < B__COUNT; i++)
            names[i] = builtin_info[i].name;
        Loc at = {e->loc.src, e->loc.beg, e->loc.beg + (unsigned)strlen(e->name)};
        if (tc_lookup(c, e->name))
            diag_error(c->d, at, "'%s' is not a function", e->name);
        else
            diag_error(c->d, at, "unknown function '%s'%s", e->name,
                       tc_hint(c, e->name, names, B__COUNT));
        for (Expr *x = e->a; x; x = x->next)
            tc_expr(c, x);
        return &ty_err;
    }
    e->builtin = b;
    if (not_constant(c, e, "function calls"))
        return &ty_err;
    if (nargs < builtin_info[b].lo || nargs > builtin_info[b].hi) {
        const char *count = builtin_info[b].lo == builtin_info[b].hi
            ? arena_printf(c->a, "%d argument%s", builtin_info[b].lo, builtin_info[b].lo == 1 ? "" : "s")
            : arena_printf(c->a, "%d or %d arguments", builtin_info[b].lo, builtin_info[b].hi);
        diag_error(c->d, e->loc, "%s() takes %s, not %d: %s", e->name, count, nargs,
                   builtin_info[b].sig);
        return &ty_err;
    }
    Expr *x = e->a, *y = x ? x->next : NULL;
    CallArgs args = {x, y, y ? y->next : NULL, arena_printf(c->a, "%s()", e->name), nargs};
    return builtin_type[b](c, e, &args);
}

static const Type *arith(Checker *c, Expr *e)
{
    const Type *l = scalar(c, e->a), *r = scalar(c, e->b);
    if (l->kind == T_ERR || r->kind == T_ERR)
        return &ty_err;
    TypeKind a = l->kind, b = r->kind;
    bool num_a = ty_is_numeric(l), num_b = ty_is_numeric(r);
    bool time_a = a == T_DATE || a == T_DATETIME, time_b = b == T_DATE || b == T_DATETIME;
    switch (e->op) {
    case OP_ADD:
        if (a == T_STRING && b == T_STRING)
            return &ty_string;
        if (num_a && num_b)
            return a == T_INT && b == T_INT ? &ty_int : &ty_number;
        if ((time_a && b == T_DURATION) || (a == T_DURATION && time_b))
            return &ty_datetime;
        if (a == T_DURATION && b == T_DURATION)
            return &ty_duration;
        break;
    case OP_SUB:
        if (num_a && num_b)
            return a == T_INT && b == T_INT ? &ty_int : &ty_number;
        if (time_a && time_b)
            return &ty_duration;
        if (time_a && b == T_DURATION)
            return &ty_datetime;
        if (a == T_DURATION && b == T_DURATION)
            return &ty_duration;
        break;
    case OP_MUL:
        if (num_a && num_b)
            return a == T_INT && b == T_INT ? &ty_int : &ty_number;
        if ((a == T_DURATION && num_b) || (num_a && b == T_DURATION))
            return &ty_duration;
        break;
    case OP_DIV:
        if (num_a && num_b)
            return &ty_number;
        if (a == T_DURATION && num_b)
            return &ty_duration;
        if (a == T_DURATION && b == T_DURATION)
            return &ty_number;
        break;
    default:
        break;
    }
    diag_error(c->d, e->loc, "'%s' does not apply to %s and %s", op_text(e->op),
               ty_name(c->a, l), ty_name(c->a, r));
    return &ty_err;
}

static const Type *compare(Checker *c, Expr *e)
{
    const Type *lt = tc_expr(c, e->a), *rt = tc_expr(c, e->b);
    if (lt->kind == T_LIST || rt->kind == T_LIST) {
        diag_error(c->d, e->loc, "lists cannot be compared; test membership with 'in'");
        return &ty_err;
    }
    const Type *l = tc_value(c, e->a, lt), *r = tc_value(c, e->b, rt);
    if (e->c) {
        if (e->op == OP_EQ || e->op == OP_NE)
            diag_error(c->d, e->c->loc, "'with confidence' needs <, <=, > or >=, not '%s'",
                       op_text(e->op));
        else if (l->kind != T_ERR && r->kind != T_ERR) {
            bool one = (l->kind == T_RATE && (r->kind == T_INT || r->kind == T_NUMBER))
                || (r->kind == T_RATE && (l->kind == T_INT || l->kind == T_NUMBER));
            bool two = l->kind == T_RATE && r->kind == T_RATE;
            if (two && e->exact)
                diag_error(c->d, e->loc, "'with exact confidence' compares one rate with a "
                           "threshold; two rates are compared with Newcombe's interval: "
                           "write 'with confidence'");
            else if (!one && !two)
                diag_error(c->d, e->loc, "'with %sconfidence' compares a rate (made by "
                           "rate(K, N)) with a threshold or with another rate, but this "
                           "compares %s with %s", e->exact ? "exact " : "",
                           tc_a_type(c, l), tc_a_type(c, r));
        }
        want_confidence(c, e->c);
    }
    if (l->kind == T_ERR || r->kind == T_ERR)
        return &ty_err;     /* already reported: no cascade */
    const Type *t = ty_join(c->a, l, r);
    if (!t) {
        diag_error(c->d, e->loc, "cannot compare %s with %s", ty_name(c->a, l), ty_name(c->a, r));
        return &ty_bool;
    }
    if (e->op != OP_EQ && e->op != OP_NE && t->kind == T_BOOL)
        diag_error(c->d, e->loc, "'%s' does not order bool values", op_text(e->op));
    return &ty_bool;
}

static const Type *expr_uncached(Checker *c, Expr *e)
{
    switch (e->kind) {
    case E_NUM: return e->is_int ? &ty_int : &ty_number;
    case E_PCT: return &ty_number;
    case E_DUR: return &ty_duration;
    case E_DATE: return &ty_date;
    case E_DATETIME: return &ty_datetime;
    case E_STR: return &ty_string;
    case E_BOOL: return &ty_bool;
    case E_TODAY:
        if (not_constant(c, e, "'today'"))
            return &ty_err;
        return &ty_date;
    case E_LIST: {
        const Type *t = &ty_any;
        for (Expr *x = e->a; x; x = x->next) {
            const Type *xt = scalar(c, x);
            const Type *j = ty_join(c->a, t, xt);
            if (!j) {
                diag_error(c->d, x->loc, "a list holds values of one type; this item is %s, "
                           "the ones before are %s", tc_a_type(c, xt), tc_a_type(c, t));
                return &ty_err;
            }
            t = j;
        }
        return t->kind == T_ERR ? t : ty_list(c->a, t);
    }
    case E_NAME: return name_expr(c, e);
    case E_DOT: return dot_expr(c, e);
    case E_CALL: return call_expr(c, e);
    case E_PAREN: return tc_expr(c, e->a);
    case E_NEG: {
        const Type *t = scalar(c, e->a);
        if (t->kind == T_INT || t->kind == T_NUMBER || t->kind == T_DURATION || t->kind == T_ERR)
            return t;
        if (t->kind == T_RATE)
            return &ty_number;
        diag_error(c->d, e->loc, "'-' does not apply to %s", ty_name(c->a, t));
        return &ty_err;
    }
    case E_NOT:
        tc_want_bool(c, e->a, "the operand of 'not'");
        return &ty_bool;
    case E_AND: case E_OR:
        tc_want_bool(c, e->a, e->kind == E_AND ? "an operand of 'and'" : "an operand of 'or'");
        tc_want_bool(c, e->b, e->kind == E_AND ? "an operand of 'and'" : "an operand of 'or'");
        return &ty_bool;
    case E_ARITH: return arith(c, e);
    case E_CMP: return compare(c, e);
    case E_IN: {
        const Type *l = scalar(c, e->a);
        const Type *r = tc_expr(c, e->b);
        const Type *el = tc_elements(c, e->b, r, "'in'", false);
        if (!el || l->kind == T_ERR || el->kind == T_ERR)
            return &ty_err;
        if (!ty_join(c->a, l, el))
            diag_error(c->d, e->loc, "'in' looks for %s in a list of %s", ty_name(c->a, l),
                       ty_name(c->a, el));
        return &ty_bool;
    }
    case E_WHERE: {
        if (not_constant(c, e, "'where'"))
            return &ty_err;
        const Type *s = tc_expr(c, e->a);
        if (s->kind == T_ERR)
            return s;
        if (s->kind != T_RECSET) {
            diag_error(c->d, e->a->loc, "'where' filters a record set (such as "
                       "redteam.attempts), but '%s' is %s", tc_text(c, e->a->loc),
                       tc_a_type(c, s));
            return &ty_err;
        }
        Sym *saved = c->scope;
        for (Field *f = s->records->fields; f; f = f->next) {
            if (f->records)
                continue;
            tc_push_field(c, f, field_type(c, f));
        }
        tc_want_bool(c, e->b, "the condition of 'where'");
        tc_pop_to(c, saved);
        return s;
    }
    case E_QUANT: {
        if (not_constant(c, e, "a quantifier"))
            return &ty_err;
        const Type *s = tc_expr(c, e->a);
        const Type *el = tc_elements(c, e->a, s, arena_printf(c->a, "'%s'", op_text(e->op)), true);
        Sym *saved = c->scope;
        Sym *v = tc_push(c, SYM_VAR, e->name, e->name_loc, el ? el : &ty_err);
        v->expr = e;
        e->sym = v;
        tc_want_bool(c, e->b, arena_printf(c->a, "the condition of '%s'", op_text(e->op)));
        tc_pop_to(c, saved);
        return &ty_bool;
    }
    case E_IF: {
        tc_want_bool(c, e->a, "the condition of 'if'");
        const Type *t = scalar(c, e->b), *f = scalar(c, e->c);
        if (t->kind == T_ERR || f->kind == T_ERR)
            return &ty_err;
        const Type *j = ty_join(c->a, t, f);
        if (!j) {
            diag_error(c->d, e->loc, "the branches of 'if' differ: %s and %s",
                       ty_name(c->a, t), ty_name(c->a, f));
            return &ty_err;
        }
        return j;
    }
    case E__COUNT:
        break;
    }
    return &ty_err;
}

const Type *tc_expr(Checker *c, Expr *e)
{
    if (c->nest >= MAX_NEST) {
        tc_reaches(c, 1, e->loc);   /* reported once; the recursion stops here */
        e->type = &ty_err;
        return e->type;
    }
    c->nest++;
    tc_reaches(c, 0, e->loc);
    e->type = expr_uncached(c, e);
    c->nest--;
    return e->type;
}
