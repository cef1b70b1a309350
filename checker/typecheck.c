/* typecheck.c - resolves names, infers types, enforces the language's rules.
 *
 * Order of work: collect every global name, id and profile of every module
 * (names are resolved across the whole program, so there are no forward
 * declarations); type parameters and definitions in source order, following
 * references lazily with cycle detection; then top-level sets, evidence,
 * requirements, profiles and tests. Errors use the poison type ty_err so that
 * one mistake is reported once.
 */
#define _POSIX_C_SOURCE 200809L
#include "typecheck.h"

#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <math.h>
#include <string.h>

#include "calendar.h"
#include "evidence.h"
#include "regex.h"
#include "results.h"

typedef struct Checker {
    Program *p;
    Arena *a;
    Diag *d;
    TcOptions opt;
    Sym *scope;             /* innermost local symbol */
    Sym **stack;            /* globals being typed, for cycle messages */
    int depth, cap;
    const char *konst;      /* non-NULL while typing a constant: what it is */
    Map *unknown;           /* names already reported as unknown */
    Map *live;              /* name -> Sym ** (the innermost local of that name) */
    int level;              /* locals in scope */
    int barrier;            /* locals up to this level are hidden (while a
                               global, which sees none, is being typed) */
    int nest;               /* expressions being typed, one inside another */
    int peak;               /* the deepest evaluation they lead to */
    bool too_deep;          /* reported */
    Map *folded;            /* parameter -> FoldMemo, with the standard's values */
} Checker;

/* How deeply an expression, with the definitions it reads, may nest: the
   evaluator recurses as deeply (v1.1 §1: no standard overflows the stack).
   Above the parser's own limit for one expression (1000), so that only
   chains of definitions meet it. */
enum { MAX_NEST = 2500 };

const BuiltinInfo builtin_info[B__COUNT] = {
#define BUILTIN(id, name, lo, hi, folds, type, value, sig) {name, lo, hi, folds, sig},
#include "builtins.def"
#undef BUILTIN
};

static const char *const type_names[] = {"bool", "int", "number", "string", "date",
                                         "datetime", "duration", "rate", "list"};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const Type *expr(Checker *c, Expr *e);

/* ---- helpers ----------------------------------------------------------- */

static bool one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return true;
    return false;
}

/* ", did you mean 'x'?" or "" */
static const char *hint(Checker *c, const char *name, const char *const *cands, size_t n)
{
    const char *s = suggest(name, cands, n);
    return s ? arena_printf(c->a, "; did you mean '%s'?", s) : "";
}

/* The source text of an expression, shortened for a message. */
static const char *text(Checker *c, Loc at)
{
    if (at.src < 0)
        return "?";
    Source *s = c->d->srcs[at.src];
    unsigned n = at.end - at.beg;
    if (n > 40)
        return arena_printf(c->a, "%.37s...", s->text + at.beg);
    return arena_strndup(c->a, s->text + at.beg, n);
}

/* "an int", "a string" */
static const char *article(Checker *c, const char *noun)
{
    return arena_printf(c->a, "%s %s", strchr("aeiou", noun[0]) ? "an" : "a", noun);
}

/* A type's name with its article, for "but '5' is an int". */
static const char *a_type(Checker *c, const Type *t)
{
    return article(c, ty_name(c->a, t));
}

static int line_of(Checker *c, Loc at)
{
    int line = 0, col;
    if (at.src >= 0)
        source_locate(c->d->srcs[at.src], at.beg, &line, &col);
    return line;
}

/* "line 12" in the same file, "lib.accord:12" in another */
static const char *where_is(Checker *c, Loc at, Loc from)
{
    if (at.src < 0)
        return "?";
    if (at.src == from.src)
        return arena_printf(c->a, "line %d", line_of(c, at));
    return arena_printf(c->a, "%s:%d", c->d->srcs[at.src]->path, line_of(c, at));
}

static const char *sym_kind_name(const Sym *s)
{
    switch (s->kind) {
    case SYM_PARAM: return "parameter";
    case SYM_DEFINE: return "definition";
    case SYM_EVIDENCE: return "evidence";
    case SYM_LET: return "let";
    case SYM_LOOP: return "loop variable";
    case SYM_VAR: return "quantifier variable";
    case SYM_FIELD: return "record field";
    }
    return "name";
}

/* Every name visible here, for suggestions. */
static const char **visible(Checker *c, size_t *n)
{
    size_t k = 0;
    for (Sym *s = c->scope; s; s = s->up)
        k++;
    Map *g = c->p->globals;
    const char **v = arena_alloc(c->a, sizeof(char *) * (k + g->n + 1));
    k = 0;
    for (Sym *s = c->scope; s; s = s->up)
        v[k++] = s->name;
    for (size_t i = 0; i < g->n; i++)
        v[k++] = g->keys[i];
    *n = k;
    return v;
}

/* The local l if it is visible now, else the global of its name. Locals
   are found through c->live in constant time, not by walking the scope (a
   requirement with 40 000 lets took 9 s to lint). */
static Sym *visible_or_global(Checker *c, Sym *l, const char *name)
{
    if (l && l->level > c->barrier)
        return l;
    return map_get(c->p->globals, name);
}

static Sym *lookup(Checker *c, const char *name)
{
    Sym **slot = map_get(c->live, name);
    return visible_or_global(c, slot ? *slot : NULL, name);
}

static Sym *push(Checker *c, SymKind k, const char *name, Loc loc, const Type *t)
{
    Sym *prev = lookup(c, name);
    if (prev && k != SYM_FIELD)
        diag_warning(c->d, loc, "'%s' shadows the %s declared at %s", name,
                     sym_kind_name(prev), where_is(c, prev->loc, loc));
    Sym *s = NEW(c->a, Sym);
    s->kind = k;
    s->name = name;
    s->loc = loc;
    s->type = t;
    s->state = 2;
    s->up = c->scope;
    c->scope = s;
    Sym **slot = map_get(c->live, name);
    if (!slot) {
        slot = NEW(c->a, Sym *);
        map_put(c->live, name, slot);
    }
    s->live = slot;
    s->shadowed = *slot;
    *slot = s;
    s->level = ++c->level;
    return s;
}

/* Leaves the scope of every local pushed since scope was innermost. */
static void pop_to(Checker *c, Sym *scope)
{
    while (c->scope != scope && c->scope) {
        Sym *s = c->scope;
        *s->live = s->shadowed;
        c->scope = s->up;
        c->level--;
    }
}

/* A name read at the current nesting whose evaluation reaches `reach`
   levels below it: the deepest the evaluation goes, checked. */
static void reaches(Checker *c, int reach, Loc at)
{
    if (c->nest + reach > c->peak)
        c->peak = c->nest + reach;
    if (c->peak > MAX_NEST && !c->too_deep) {
        c->too_deep = true;
        diag_error(c->d, at, "nested too deeply: with the definitions it reads, evaluating "
                   "this takes more than %d levels", MAX_NEST);
    }
}

/* ---- types of declarations ------------------------------------------- */

static const Type *type_expr(Checker *c, const TypeExpr *t)
{
    if (strcmp(t->name, "list") == 0) {
        if (!t->arg) {
            diag_error(c->d, t->loc, "'list' needs an element type, as in list<string>");
            return &ty_err;
        }
        const Type *e = type_expr(c, t->arg);
        if (e->kind == T_LIST) {
            diag_error(c->d, t->arg->loc, "lists of lists are not supported");
            return &ty_err;
        }
        return e->kind == T_ERR ? e : ty_list(c->a, e);
    }
    const Type *s = ty_scalar_named(t->name);
    if (!s) {
        diag_error(c->d, t->loc, "unknown type '%s'%s", t->name,
                   hint(c, t->name, type_names, COUNT_OF(type_names)));
        return &ty_err;
    }
    if (t->arg) {
        diag_error(c->d, t->loc, "'%s' takes no element type", t->name);
        return &ty_err;
    }
    return s;
}

static void push_global(Checker *c, Sym *s)
{
    c->stack = arena_grow(c->a, c->stack, c->depth, &c->cap, sizeof(Sym *));
    c->stack[c->depth++] = s;
}

static const Type *const_value(Checker *c, Expr *e, const char *what);
static const Type *value(Checker *c, Expr *e, const Type *t);

/* The type of a parameter or definition, typing it first if need be. */
static const Type *global_type(Checker *c, Sym *s, Loc use)
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
    push_global(c, s);
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
        const Type *declared = d->type ? type_expr(c, d->type) : NULL;
        const Type *vt = const_value(c, d->value, "a parameter's value");
        if (declared) {
            if (!ty_assignable(vt, declared))
                diag_error(c->d, d->value->loc, "parameter '%s' is declared %s, but its value is %s",
                           d->name, ty_name(c->a, declared), a_type(c, vt));
            t = declared;
        } else if (vt->kind == T_LIST && vt->elem->kind == T_ANY) {
            diag_error(c->d, d->value->loc,
                       "the type of an empty list cannot be inferred; declare it, as in "
                       "'param %s: list<string> = []'", d->name);
        } else {
            t = vt;
        }
    } else {
        t = expr(c, d->value);
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
static const Type *not_a_value(Checker *c, Expr *e, const Type *t)
{
    const char *x = text(c, e->loc);
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
static const Type *value(Checker *c, Expr *e, const Type *t)
{
    if (t->kind == T_FIELD)
        return t->elem;
    if (t->kind == T_ERR || ty_is_scalar(t))
        return t;
    return not_a_value(c, e, t);
}

static const Type *scalar(Checker *c, Expr *e)
{
    return value(c, e, expr(c, e));
}

/* Checks that e is a bool; returns false (reported) otherwise. */
static void want_bool(Checker *c, Expr *e, const char *what)
{
    const Type *t = scalar(c, e);
    if (t->kind != T_BOOL && t->kind != T_ERR)
        diag_error(c->d, e->loc, "%s must be true or false, but '%s' is %s", what,
                   text(c, e->loc), a_type(c, t));
}

/* The element type of a sequence, list or field; NULL (reported) otherwise.
   A record set is accepted only when records is set, giving its record type. */
static const Type *elements(Checker *c, Expr *e, const Type *t, const char *what, bool records)
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
               text(c, e->loc), a_type(c, t));
    return NULL;
}


/* A value or a list (a parameter's value). */
static const Type *scalar_or_list(Checker *c, Expr *e)
{
    const Type *t = expr(c, e);
    if (t->kind == T_LIST)
        return t;
    return value(c, e, t);
}

static const Type *const_value(Checker *c, Expr *e, const char *what)
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
    Sym *s = lookup(c, e->name);
    if (!s) {
        /* each unknown name is reported once, where it is first used */
        if (map_put(c->unknown, e->name, e))
            return &ty_err;
        size_t n;
        const char **v = visible(c, &n);
        const char *h = hint(c, e->name, v, n);
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
                   c->konst, e->name, s->kind == SYM_EVIDENCE ? "an" : "a", sym_kind_name(s));
        return &ty_err;
    }
    switch (s->kind) {
    case SYM_PARAM: case SYM_DEFINE: {
        const Type *t = global_type(c, s, e->loc);
        reaches(c, s->reach, e->loc);
        return t;
    }
    case SYM_LET:
        /* a let of records is evaluated again where it is read, over each
           streamed file (eval.c) */
        if (s->type && s->type->kind == T_RECSET)
            reaches(c, s->reach, e->loc);
        return s->type;
    case SYM_EVIDENCE:
        diag_error(c->d, e->loc, "'%s' is evidence; name one of its fields, as in %s.%s",
                   e->name, e->name, s->decl->fields ? s->decl->fields->name : "field");
        return &ty_err;
    case SYM_FIELD: {
        e->field = s->field;
        Sym *outer = visible_or_global(c, s->shadowed, e->name);
        if (outer)
            diag_warning(c->d, e->loc, "'%s' here is the record's field; it shadows the %s "
                         "declared at %s", e->name, sym_kind_name(outer),
                         where_is(c, outer->loc, e->loc));
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
        Sym *s = lookup(c, left->name);
        if (s && s->kind == SYM_EVIDENCE) {
            left->sym = s;
            s->uses++;
            left->type = &ty_err;
            fields = s->decl->fields;
            of_evidence = true;
        }
    }
    if (!of_evidence) {
        const Type *t = expr(c, left);
        if (t->kind == T_ERR)
            return &ty_err;
        if (t->kind == T_RECSET) {
            of_set = true;
            fields = t->records->fields;
        } else if (t->kind == T_RECORD) {
            fields = t->records->fields;
        } else {
            diag_error(c->d, e->name_loc, "'%s' is %s; only evidence, record sets and records "
                       "have fields", text(c, left->loc), a_type(c, t));
            return &ty_err;
        }
    }
    owner = text(c, left->loc);
    Field *f = find_field(fields, e->name);
    if (!f) {
        size_t n;
        const char **v = field_names(c, fields, &n);
        diag_error(c->d, e->name_loc, "'%s' has no field '%s'%s", owner, e->name,
                   hint(c, e->name, v, n));
        return &ty_err;
    }
    e->field = f;
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
                   text(c, e->loc), a_type(c, t));
}

static void want_numeric(Checker *c, Expr *e, const Type *t, const char *what)
{
    if (!ty_is_numeric(t) && t->kind != T_ERR)
        diag_error(c->d, e->loc, "%s must be a number, but '%s' is %s", what,
                   text(c, e->loc), a_type(c, t));
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
    const Type *t = expr(c, arg);
    return elements(c, arg, t, arena_printf(c->a, "%s()", call->name), false);
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
    const Type *t = expr(c, x);
    elements(c, x, t, fn, true);
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
                   text(c, x->loc), ty_name(c->a, el));
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
                   "strings, but '%s' holds %s values", fn, text(c, x->loc),
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
                   text(c, x->loc), ty_name(c->a, el));
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
    const Type *t = expr(c, x);
    Expr *f = x;
    while (f->kind == E_PAREN)
        f = f->a;
    if (t->kind != T_ERR && !((f->kind == E_DOT || f->kind == E_NAME) && f->field
                              && !f->field->records)) {
        diag_error(c->d, x->loc, "exists() takes an evidence field, as in "
                   "exists(card.policy_url); '%s' is %s", text(c, x->loc),
                   a_type(c, t));
    }
    return &ty_bool;
}

/* wilson_upper(), wilson_lower() */
static const Type *type_wilson(Checker *c, Expr *e, const CallArgs *args)
{
    Expr *x = args->x, *y = args->y, *z = args->z;
    const char *fn = args->fn;
    int nargs = args->nargs;
    (void)e;
    const Type *k = scalar(c, x);
    if (nargs == 2) {
        if (k->kind != T_RATE && k->kind != T_ERR)
            diag_error(c->d, x->loc, "%s with two arguments takes a rate and a confidence; "
                       "'%s' is %s", fn, text(c, x->loc), a_type(c, k));
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
                   text(c, x->loc), a_type(c, t));
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
                   text(c, x->loc), a_type(c, s));
    if (r->kind != T_STRING && r->kind != T_ERR)
        diag_error(c->d, y->loc, "matches() takes a regular expression string, but "
                   "'%s' is %s", text(c, y->loc), a_type(c, r));
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
                   text(c, x->loc), a_type(c, s));
    return b == B_LOWER ? &ty_string : &ty_int;
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
        if (lookup(c, e->name))
            diag_error(c->d, at, "'%s' is not a function", e->name);
        else
            diag_error(c->d, at, "unknown function '%s'%s", e->name,
                       hint(c, e->name, names, B__COUNT));
        for (Expr *x = e->a; x; x = x->next)
            expr(c, x);
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
    const Type *lt = expr(c, e->a), *rt = expr(c, e->b);
    if (lt->kind == T_LIST || rt->kind == T_LIST) {
        diag_error(c->d, e->loc, "lists cannot be compared; test membership with 'in'");
        return &ty_err;
    }
    const Type *l = value(c, e->a, lt), *r = value(c, e->b, rt);
    if (e->c) {
        if (e->op == OP_EQ || e->op == OP_NE)
            diag_error(c->d, e->c->loc, "'with confidence' needs <, <=, > or >=, not '%s'",
                       op_text(e->op));
        else if (l->kind != T_ERR && r->kind != T_ERR
                 && !((l->kind == T_RATE && (r->kind == T_INT || r->kind == T_NUMBER))
                      || (r->kind == T_RATE && (l->kind == T_INT || l->kind == T_NUMBER))))
            diag_error(c->d, e->loc, "'with confidence' compares a rate (made by rate(K, N)) "
                       "with a threshold, but this compares %s with %s",
                       a_type(c, l), a_type(c, r));
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
                           "the ones before are %s", a_type(c, xt), a_type(c, t));
                return &ty_err;
            }
            t = j;
        }
        return t->kind == T_ERR ? t : ty_list(c->a, t);
    }
    case E_NAME: return name_expr(c, e);
    case E_DOT: return dot_expr(c, e);
    case E_CALL: return call_expr(c, e);
    case E_PAREN: return expr(c, e->a);
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
        want_bool(c, e->a, "the operand of 'not'");
        return &ty_bool;
    case E_AND: case E_OR:
        want_bool(c, e->a, e->kind == E_AND ? "an operand of 'and'" : "an operand of 'or'");
        want_bool(c, e->b, e->kind == E_AND ? "an operand of 'and'" : "an operand of 'or'");
        return &ty_bool;
    case E_ARITH: return arith(c, e);
    case E_CMP: return compare(c, e);
    case E_IN: {
        const Type *l = scalar(c, e->a);
        const Type *r = expr(c, e->b);
        const Type *el = elements(c, e->b, r, "'in'", false);
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
        const Type *s = expr(c, e->a);
        if (s->kind == T_ERR)
            return s;
        if (s->kind != T_RECSET) {
            diag_error(c->d, e->a->loc, "'where' filters a record set (such as "
                       "redteam.attempts), but '%s' is %s", text(c, e->a->loc),
                       a_type(c, s));
            return &ty_err;
        }
        Sym *saved = c->scope;
        for (Field *f = s->records->fields; f; f = f->next) {
            if (f->records)
                continue;
            Sym *fs = push(c, SYM_FIELD, f->name, f->name_loc, field_type(c, f));
            fs->field = f;
            fs->outer = saved;
        }
        want_bool(c, e->b, "the condition of 'where'");
        pop_to(c, saved);
        return s;
    }
    case E_QUANT: {
        if (not_constant(c, e, "a quantifier"))
            return &ty_err;
        const Type *s = expr(c, e->a);
        const Type *el = elements(c, e->a, s, arena_printf(c->a, "'%s'", op_text(e->op)), true);
        Sym *saved = c->scope;
        Sym *v = push(c, SYM_VAR, e->name, e->name_loc, el ? el : &ty_err);
        v->expr = e;
        e->sym = v;
        want_bool(c, e->b, arena_printf(c->a, "the condition of '%s'", op_text(e->op)));
        pop_to(c, saved);
        return &ty_bool;
    }
    case E_IF: {
        want_bool(c, e->a, "the condition of 'if'");
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

static const Type *expr(Checker *c, Expr *e)
{
    if (c->nest >= MAX_NEST) {
        reaches(c, 1, e->loc);   /* reported once; the recursion stops here */
        e->type = &ty_err;
        return e->type;
    }
    c->nest++;
    reaches(c, 0, e->loc);
    e->type = expr_uncached(c, e);
    c->nest--;
    return e->type;
}

/* ---- messages (§6.5) --------------------------------------------------- */

static bool ident_start(char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_'; }
static bool ident_char(char ch) { return ident_start(ch) || (ch >= '0' && ch <= '9'); }

/* Parses the placeholders of a message from its source text (so that errors
   point into the string), types each, and keeps them on the statement. */
static void check_message(Checker *c, Stmt *st)
{
    Source *src = c->d->srcs[st->msg_loc.src];
    const char *s = src->text;
    unsigned beg = st->msg_loc.beg + 1, end = st->msg_loc.end - 1;
    Expr **tail = &st->holes;
    for (unsigned i = beg; i < end; i++) {
        char ch = s[i];
        if (ch == '\\') {
            if (i + 1 < end && s[i + 1] == 'u')
                while (i < end && s[i] != '}')
                    i++;
            else
                i++;
            continue;
        }
        if (ch == '}') {
            if (i + 1 < end && s[i + 1] == '}') {
                i++;
                continue;
            }
            diag_error(c->d, (Loc){src->id, i, i + 1},
                       "a '}' in a message must be doubled: '}}'");
            continue;
        }
        if (ch != '{')
            continue;
        if (i + 1 < end && s[i + 1] == '{') {
            i++;
            continue;
        }
        unsigned close = i + 1;
        while (close < end && s[close] != '}' && s[close] != '{')
            close++;
        if (close >= end || s[close] != '}') {
            diag_error(c->d, (Loc){src->id, i, i + 1},
                       "unclosed '{' in message; write '{{' for a brace");
            continue;
        }
        /* NAME(.NAME)*(:%)? */
        unsigned k = i + 1;
        Expr *e = NULL;
        bool ok = true;
        for (;;) {
            if (k >= close || !ident_start(s[k])) {
                ok = false;
                break;
            }
            unsigned n0 = k;
            while (k < close && ident_char(s[k]))
                k++;
            Expr *x = NEW(c->a, Expr);
            x->name = arena_strndup(c->a, s + n0, k - n0);
            if (!e) {
                x->kind = E_NAME;
                x->loc = (Loc){src->id, n0, k};
            } else {
                x->kind = E_DOT;
                x->a = e;
                x->loc = (Loc){src->id, e->loc.beg, k};
                x->name_loc = (Loc){src->id, n0, k};
            }
            e = x;
            if (k < close && s[k] == '.') {
                k++;
                continue;
            }
            break;
        }
        bool percent = false;
        if (ok && k < close) {
            if (close - k == 2 && s[k] == ':' && s[k + 1] == '%')
                percent = true;
            else
                ok = false;
        }
        Loc at = {src->id, i, close + 1};
        if (!ok) {
            diag_error(c->d, at, "invalid placeholder: write {name}, {name.field} or "
                       "{name:%%} (and '{{' for a brace)");
            i = close;
            continue;
        }
        const Type *t = expr(c, e);
        if (t->kind == T_RECSET || t->kind == T_RECORD)
            not_a_value(c, e, t);
        else if (percent && t->kind != T_ERR) {
            const Type *v = t->kind == T_FIELD ? t->elem : t;
            if (!ty_is_numeric(v))
                diag_error(c->d, at, "'{...:%%}' prints a number as a percentage, but '%s' "
                           "is %s", text(c, e->loc), a_type(c, v));
        }
        e->str = percent ? "%" : NULL;
        *tail = e;
        tail = &e->next;
        i = close;
    }
}

/* ---- requirement bodies (§6.3) ----------------------------------------- */

typedef struct BodyState {
    Stmt *severity, *rationale, *applies, *waivable;
    int requires;
} BodyState;

static void check_body(Checker *c, Stmt *body, bool top, BodyState *bs)
{
    Sym *saved = c->scope;
    int body_level = c->level;
    for (Stmt *st = body; st; st = st->next) {
        if (!top && st->kind != S_LET && st->kind != S_REQUIRE && st->kind != S_FOREACH) {
            static const char *const words[] = {"severity", "cites", "rationale",
                                                "applies when", "waivable"};
            diag_error(c->d, st->loc, "'%s' belongs at the top of a requirement's body, "
                       "not inside 'for each'", words[st->kind]);
            continue;
        }
        Stmt **once = NULL;
        const char *word = NULL;
        switch (st->kind) {
        case S_SEVERITY: once = &bs->severity; word = "severity"; break;
        case S_RATIONALE: once = &bs->rationale; word = "rationale"; break;
        case S_APPLIES: once = &bs->applies; word = "applies when"; break;
        case S_WAIVABLE: once = &bs->waivable; word = "waivable"; break;
        default: break;
        }
        if (once) {
            if (*once)
                diag_error(c->d, st->loc, "'%s' is given twice (first at %s)", word,
                           where_is(c, (*once)->loc, st->loc));
            else
                *once = st;
        }
        switch (st->kind) {
        case S_SEVERITY:
            if (!one_of(st->name, severity_names, SEVERITY_COUNT))
                diag_error(c->d, st->name_loc, "unknown severity '%s' (%s)%s", st->name,
                           name_list(c->a, severity_names, SEVERITY_COUNT, "", ""),
                           hint(c, st->name, severity_names, SEVERITY_COUNT));
            break;
        case S_CITES: case S_RATIONALE: case S_WAIVABLE:
            break;
        case S_APPLIES:
            want_bool(c, st->expr, "the condition of 'applies when'");
            break;
        case S_LET: {
            bool dup = false;
            Sym *s = lookup(c, st->name);
            if (s && s->kind == SYM_LET && s->level > body_level) {
                diag_error(c->d, st->name_loc, "'%s' is already declared at %s", st->name,
                           where_is(c, s->loc, st->name_loc));
                dup = true;
                s->uses++;  /* no "never used" on top of the error */
            }
            int saved_peak = c->peak;
            c->peak = c->nest;
            const Type *t = expr(c, st->expr);
            int reach = c->peak - c->nest;
            if (saved_peak > c->peak)
                c->peak = saved_peak;
            st->sym = push(c, dup ? SYM_FIELD : SYM_LET, st->name, st->name_loc, t);
            st->sym->kind = SYM_LET;
            st->sym->stmt = st;
            st->sym->reach = reach;
            st->sym->slot = c->p->nlets++;
            break;
        }
        case S_REQUIRE:
            bs->requires++;
            want_bool(c, st->expr, "a requirement's condition");
            if (st->msg)
                check_message(c, st);
            break;
        case S_FOREACH: {
            const Type *t = expr(c, st->expr);
            const Type *el = elements(c, st->expr, t, "'for each'", true);
            Sym *inner = c->scope;
            st->sym = push(c, SYM_LOOP, st->name, st->name_loc, el ? el : &ty_err);
            st->sym->stmt = st;
            c->nest++;       /* walked recursively, as expressions are */
            check_body(c, st->body, false, bs);
            c->nest--;
            pop_to(c, inner);
            break;
        }
        }
    }
    if (c->opt.lint)
        for (Sym *s = c->scope; s != saved; s = s->up)
            if (s->kind == SYM_LET && s->uses == 0)
                diag_warning(c->d, s->loc, "'%s' is never used", s->name);
    pop_to(c, saved);
}

/* ---- declarations ------------------------------------------------------ */

static void check_header(Checker *c, Decl *d)
{
    static const char *const words[] = {"title", "version", "publisher", "description"};
    Item *seen[4] = {0};
    for (Item *it = d->items; it; it = it->next) {
        if (seen[it->kind])
            diag_error(c->d, it->loc, "'%s' is given twice", words[it->kind]);
        else
            seen[it->kind] = it;
    }
    for (int k = 0; k < 3; k++)
        if (!seen[k])
            diag_error(c->d, d->name_loc, "standard '%s' has no '%s'", d->name, words[k]);
}

/* A glob stays inside the evidence folder (language.md §5). */
static void check_glob(Checker *c, Decl *d)
{
    const char *g = d->glob;
    if (!*g) {
        diag_error(c->d, d->glob_loc, "empty evidence path");
        return;
    }
    if (g[0] == '/') {
        diag_error(c->d, d->glob_loc, "an evidence path is relative to the evidence folder; "
                   "'%s' is absolute", g);
        return;
    }
    for (const char *s = g; *s;) {
        const char *slash = strchr(s, '/');
        size_t n = slash ? (size_t)(slash - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            diag_error(c->d, d->glob_loc, "an evidence path may not leave the evidence "
                       "folder; '%s' contains '..'", g);
            return;
        }
        if (n == 0 && slash && slash[1] == '\0') {
            diag_error(c->d, d->glob_loc, "'%s' names a folder; add a file pattern such as "
                       "'%s*.json'", g, g);
            return;
        }
        s += n + (slash != NULL);
    }
    if (d->format) {
        if (ev_format_named(d->format) < 0)
            diag_error(c->d, d->format_loc, "unknown format '%s' (%s)%s", d->format,
                       name_list(c->a, ev_format_names, FMT_COUNT, "", ""),
                       hint(c, d->format, ev_format_names, FMT_COUNT));
        return;
    }
    const char *base = strrchr(g, '/');
    base = base ? base + 1 : g;
    const char *dot = strrchr(base, '.');
    if (!dot || ev_format_of_ext(dot + 1) < 0)
        diag_error(c->d, d->glob_loc, "cannot tell the format of '%s' from its extension; "
                   "add %s", g, name_list(c->a, ev_format_names, FMT_COUNT, "'as ", "'"));
}

static void xpath_error(void *ctx, xmlErrorPtr err)
{
    char *buf = ctx;
    if (!buf[0] && err && err->message) {
        snprintf(buf, 200, "%s", err->message);
        size_t n = strlen(buf);
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
            buf[--n] = '\0';
    }
}

static void check_xpath(Checker *c, const char *xp, Loc at)
{
    if (!*xp) {
        diag_error(c->d, at, "empty XPath");
        return;
    }
    char msg[200] = "";
    /* with a context, so that libxml2 bounds the nesting (without one,
       100 000 nested parentheses exhaust the stack) */
    xmlXPathContextPtr ctx = xmlXPathNewContext(NULL);
    if (!ctx) {
        diag_error(c->d, at, "out of memory compiling XPath");
        return;
    }
    xmlSetStructuredErrorFunc(msg, xpath_error);
    xmlXPathCompExprPtr comp = xmlXPathCtxtCompile(ctx, (const xmlChar *)xp);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlXPathFreeContext(ctx);
    if (!comp)
        diag_error(c->d, at, "invalid XPath%s: %s", strlen(xp) <= 60
                   ? arena_printf(c->a, " '%s'", xp) : "", msg[0] ? msg : "cannot compile");
    xmlXPathFreeCompExpr(comp);
}

static void check_fields(Checker *c, Decl *ev, Field *fields, Field *parent)
{
    int index = 0;
    for (Field *f = fields; f; f = f->next) {
        f->index = index++;
        f->evidence = ev;
        f->parent = parent;
        for (Field *g = fields; g != f; g = g->next)
            if (strcmp(g->name, f->name) == 0) {
                diag_error(c->d, f->name_loc, "'%s' is already declared at %s", f->name,
                           where_is(c, g->name_loc, f->name_loc));
                break;
            }
        check_xpath(c, f->xpath, f->xpath_loc);
        if (f->records) {
            if (parent)
                diag_error(c->d, f->loc, "records cannot nest; declare another evidence or "
                           "select these records from the top");
            f->ty = ty_recset(c->a, f);
            check_fields(c, ev, f->fields, f);
            continue;
        }
        const Type *t = type_expr(c, f->type);
        if (t->kind == T_LIST || t->kind == T_RATE) {
            diag_error(c->d, f->type->loc, "a field holds bool, int, number, string, date, "
                       "datetime or duration values, not %s", ty_name(c->a, t));
            t = &ty_err;
        }
        f->ty = t;
    }
}

static void declare(Checker *c, Decl *d, SymKind k)
{
    Sym *s = NEW(c->a, Sym);
    s->kind = k;
    s->name = d->name;
    s->loc = d->name_loc;
    s->decl = d;
    d->sym = s;
    Sym *prev = map_put(c->p->globals, d->name, s);
    if (prev) {
        diag_error(c->d, d->name_loc, "'%s' is already declared as a %s at %s", d->name,
                   sym_kind_name(prev), where_is(c, prev->loc, d->name_loc));
        d->sym = NULL;
    }
}

static void collect(Checker *c, Module *m)
{
    Program *p = c->p;
    for (Decl *d = m->decls; d; d = d->next) {
        switch (d->kind) {
        case D_STANDARD:
            if (m->library) {
                diag_error(c->d, d->loc, "an imported file cannot declare a standard; "
                           "it is a library of declarations");
            } else if (p->standard) {
                diag_error(c->d, d->loc, "a file declares one standard; the first is at %s",
                           where_is(c, p->standard->loc, d->loc));
            } else {
                p->standard = d;
            }
            check_header(c, d);
            break;
        case D_PARAM: declare(c, d, SYM_PARAM); break;
        case D_DEFINE: declare(c, d, SYM_DEFINE); break;
        case D_EVIDENCE: declare(c, d, SYM_EVIDENCE); break;
        case D_REQUIREMENT: case D_RECOMMENDATION: {
            Decl *prev = map_put(p->ids, d->name, d);
            if (prev)
                diag_error(c->d, d->name_loc, "requirement id '%s' is already used at %s",
                           d->name, where_is(c, prev->name_loc, d->name_loc));
            else
                p->nreqs++;
            break;
        }
        case D_PROFILE: {
            Decl *prev = map_put(p->profiles, d->name, d);
            if (prev)
                diag_error(c->d, d->name_loc, "profile '%s' is already declared at %s",
                           d->name, where_is(c, prev->name_loc, d->name_loc));
            break;
        }
        case D_TEST:
            for (Decl *e = m->decls; e != d; e = e->next)
                if (e->kind == D_TEST && strcmp(e->name, d->name) == 0) {
                    diag_error(c->d, d->name_loc, "a test named \"%s\" is already declared "
                               "at %s", d->name, where_is(c, e->name_loc, d->name_loc));
                    break;
                }
            break;
        case D_IMPORT: case D_SET:
            break;
        }
    }
}

/* ---- constant values (v1.1 §1) ------------------------------------------ */

/* A number, date (days), datetime or duration (seconds) folded from a
   constant expression, so that a parameter or set whose value overflows,
   or leaves the years 0001 to 9999, is a compile error rather than a value
   every comparison would have to refuse: under the standard's own values,
   and under each profile's. Evaluation checks again all the same. */
typedef struct Folded {
    char kind;               /* 'n' number, 'd' date, 't' datetime, 'u' duration */
    double v;
} Folded;

typedef struct FoldMemo {
    int state;               /* 0 not yet, 1 being folded, 2 done */
    int k;                   /* fold's answer */
    Folded r;
} FoldMemo;

/* What values the parameters have: their own or their top-level set's,
   or a profile's (over: name -> Expr); each parameter folded once (memo:
   name -> FoldMemo), so that parameters built from others twice over
   fold in linear time. */
typedef struct FoldCtx {
    Map *over;
    Map *memo;
    Folded bad;              /* the value that left the range */
} FoldCtx;

static int fold(Checker *c, FoldCtx *fc, const Expr *e, Folded *r, const Expr **bad, int depth);

/* The value of parameter s, folded. */
static int fold_param(Checker *c, FoldCtx *fc, const Sym *s, Folded *r, int depth)
{
    FoldMemo *m = map_get(fc->memo, s->name);
    if (!m) {
        m = NEW(c->a, FoldMemo);
        map_put(fc->memo, s->name, m);
    }
    if (m->state == 1)
        return 0;            /* a cycle: reported by the type checker */
    if (m->state == 0) {
        m->state = 1;
        const Expr *x = fc->over ? map_get(fc->over, s->name) : NULL;
        if (!x)
            x = s->set ? s->set->value : s->decl->value;
        const Expr *bad = NULL;
        m->k = fold(c, fc, x, &m->r, &bad, depth + 1);
        m->state = 2;
    }
    *r = m->r;
    return m->k;
}

/* 1: folded into *r; 0: not a number of those kinds; -1: out of range,
   *bad the expression that left the range; -2: out of range in another
   parameter it reads (reported there). The depth is bounded by the
   nesting the type checker allows (MAX_NEST). */
static int fold(Checker *c, FoldCtx *fc, const Expr *e, Folded *r, const Expr **bad, int depth)
{
    if (!e || depth > 2 * MAX_NEST)
        return 0;
    switch (e->kind) {
    case E_NUM: case E_PCT: r->kind = 'n'; r->v = e->num; return 1;
    case E_DUR: r->kind = 'u'; r->v = e->num; return 1;
    case E_DATE: r->kind = 'd'; r->v = e->num; return 1;
    case E_DATETIME: r->kind = 't'; r->v = e->num; return 1;
    case E_PAREN: return fold(c, fc, e->a, r, bad, depth + 1);
    case E_NEG: {
        int k = fold(c, fc, e->a, r, bad, depth + 1);
        if (k == 1 && r->kind != 'n' && r->kind != 'u')
            return 0;
        r->v = -r->v;
        return k;
    }
    case E_NAME: {
        const Sym *s = e->sym;
        if (!s || s->kind != SYM_PARAM || !s->decl)
            return 0;
        int k = fold_param(c, fc, s, r, depth);
        return k < 0 ? -2 : k;
    }
    case E_ARITH: {
        Folded x, y;
        int kx = fold(c, fc, e->a, &x, bad, depth + 1);
        if (kx <= 0)
            return kx;
        int ky = fold(c, fc, e->b, &y, bad, depth + 1);
        if (ky <= 0)
            return ky;
        bool xt = x.kind == 'd' || x.kind == 't', yt = y.kind == 'd' || y.kind == 't';
        double a = x.kind == 'd' ? x.v * 86400 : x.v, b = y.kind == 'd' ? y.v * 86400 : y.v;
        switch (e->op) {
        case OP_ADD: r->kind = xt || yt ? 't' : x.kind; r->v = a + b; break;
        case OP_SUB: r->kind = xt && yt ? 'u' : xt ? 't' : x.kind; r->v = a - b; break;
        case OP_MUL: r->kind = x.kind == 'u' || y.kind == 'u' ? 'u' : 'n'; r->v = a * b; break;
        case OP_DIV:
            if (b == 0)
                return 0;    /* an error when evaluated */
            r->kind = x.kind == 'u' && y.kind != 'u' ? 'u' : 'n';
            r->v = a / b;
            break;
        default: return 0;
        }
        if (!isfinite(r->v) || (r->kind == 't' && !cal_instant_in_range(r->v))
            || (r->kind == 'u' && !cal_span_in_range(r->v))) {
            *bad = e;
            fc->bad = *r;
            return -1;
        }
        return 1;
    }
    default:
        return 0;
    }
}

/* What is wrong with the value that expression e left the range with. */
static const char *out_of_range(Checker *c, const Expr *e, const Folded *r)
{
    if (!isfinite(r->v))
        return arena_printf(c->a, "not a finite number: '%s' overflows", text(c, e->loc));
    return arena_printf(c->a, "'%s' gives a %s outside the years 0001 to 9999", text(c, e->loc),
                        r->kind == 'u' ? "duration" : "date-time");
}

/* Reports a parameter's or set's value (or an item of its list) that
   overflows or leaves the years 0001 to 9999, under the standard's own
   values of the other parameters. */
static void check_finite(Checker *c, const Expr *value)
{
    FoldCtx fc = {NULL, c->folded, {0, 0}};
    const Expr *x = value->kind == E_LIST ? value->a : value;
    for (; x; x = value->kind == E_LIST ? x->next : NULL) {
        Folded r;
        const Expr *bad = NULL;
        if (fold(c, &fc, x, &r, &bad, 0) == -1)
            diag_error(c->d, bad->loc, "%s", out_of_range(c, bad, &fc.bad));
    }
}

/* The same under a profile: a parameter whose value is fine with the
   standard's values but leaves the range with the profile's sets (and
   those of the profiles it extends) is reported at the profile. */
static void check_profile_finite(Checker *c, Decl *pr)
{
    FoldCtx fc = {map_new(c->a), map_new(c->a), {0, 0}};
    /* the chain, base first, so that the last set of a parameter wins */
    Decl *chain[64];
    int n = 0;
    for (Decl *x = pr; x && n < 64; x = x->extends ? map_get(c->p->profiles, x->extends) : NULL) {
        for (int i = 0; i < n; i++)
            if (chain[i] == x)
                return;      /* a cycle: reported by check_profile */
        chain[n++] = x;
    }
    bool any = false;
    for (int i = n - 1; i >= 0; i--)
        for (Item *it = chain[i]->items; it; it = it->next)
            if (it->kind == I_SET) {
                any = true;
                if (map_put(fc.over, it->name, it->expr)) {
                    Map *m = fc.over;    /* map_put keeps the first: replace */
                    for (size_t k = 0; k < m->n; k++)
                        if (strcmp(m->keys[k], it->name) == 0)
                            m->vals[k] = it->expr;
                }
            }
    if (!any)
        return;
    Map *g = c->p->globals;
    for (size_t i = 0; i < g->n; i++) {
        Sym *s = g->vals[i];
        if (s->kind != SYM_PARAM || !s->decl || s->type == &ty_err)
            continue;
        FoldCtx base = {NULL, c->folded, {0, 0}};
        Folded r;
        if (fold_param(c, &base, s, &r, 0) < 0 || map_get(fc.over, s->name))
            continue;        /* reported at the parameter, or at the set */
        const Expr *x = s->set ? s->set->value : s->decl->value;
        const Expr *bad = NULL;
        if (x->kind != E_LIST && fold(c, &fc, x, &r, &bad, 0) == -1)
            diag_error(c->d, pr->name_loc, "under profile '%s', parameter '%s' is out of range: %s",
                       pr->name, s->name, out_of_range(c, bad, &fc.bad));
    }
}

/* Looks up a parameter for `set`; NULL (reported) when there is none. */
static Sym *param_for_set(Checker *c, const char *name, Loc at)
{
    Sym *s = map_get(c->p->globals, name);
    if (!s) {
        Map *g = c->p->globals;
        const char **v = arena_alloc(c->a, sizeof(char *) * (g->n + 1));
        size_t n = 0;
        for (size_t i = 0; i < g->n; i++)
            if (((Sym *)g->vals[i])->kind == SYM_PARAM)
                v[n++] = g->keys[i];
        diag_error(c->d, at, "unknown parameter '%s'%s", name, hint(c, name, v, n));
        return NULL;
    }
    if (s->kind != SYM_PARAM) {
        diag_error(c->d, at, "'%s' is %s %s, not a parameter; only parameters can be set",
                   name, s->kind == SYM_EVIDENCE ? "an" : "a", sym_kind_name(s));
        return NULL;
    }
    return s;
}

static void check_set_value(Checker *c, Sym *s, const char *name, Expr *value)
{
    const Type *pt = global_type(c, s, value->loc);
    const Type *vt = const_value(c, value, "a set value");
    if (!ty_assignable(vt, pt))
        diag_error(c->d, value->loc, "'%s' is %s parameter, but this value is %s", name,
                   a_type(c, pt), a_type(c, vt));
}

static void check_top_sets(Checker *c)
{
    Program *p = c->p;
    for (int i = 0; i < p->nmods; i++)
        for (Decl *d = p->mods[i]->decls; d; d = d->next) {
            if (d->kind != D_SET)
                continue;
            Sym *s = param_for_set(c, d->name, d->name_loc);
            if (!s) {
                const_value(c, d->value, "a set value");
                continue;
            }
            if (s->set && s->set->module == d->module)
                diag_error(c->d, d->name_loc, "'%s' is already set at %s", d->name,
                           where_is(c, s->set->name_loc, d->name_loc));
            check_set_value(c, s, d->name, d->value);
            s->set = d;
        }
}

static void check_ids(Checker *c, Id *ids)
{
    Map *m = c->p->ids;
    for (Id *id = ids; id; id = id->next)
        if (!map_get(m, id->id))
            diag_error(c->d, id->loc, "unknown requirement '%s'%s", id->id,
                       hint(c, id->id, m->keys, m->n));
}

static void check_profile(Checker *c, Decl *d)
{
    Map *profiles = c->p->profiles;
    if (d->extends) {
        Decl *base = map_get(profiles, d->extends);
        if (!base) {
            diag_error(c->d, d->extends_loc, "unknown profile '%s'%s", d->extends,
                       hint(c, d->extends, profiles->keys, profiles->n));
        } else if (base == d) {
            diag_error(c->d, d->extends_loc, "profile '%s' extends itself", d->name);
        } else {
            /* a chain longer than the number of profiles has a cycle */
            size_t steps = 0;
            for (Decl *x = base; x; x = x->extends ? map_get(profiles, x->extends) : NULL)
                if (x == d || ++steps > profiles->n) {
                    diag_error(c->d, d->extends_loc, "profile '%s' extends itself through '%s'",
                               d->name, d->extends);
                    break;
                }
        }
    }
    for (Item *it = d->items; it; it = it->next) {
        if (it->kind == I_SET) {
            for (Item *prev = d->items; prev != it; prev = prev->next)
                if (prev->kind == I_SET && strcmp(prev->name, it->name) == 0) {
                    diag_error(c->d, it->name_loc, "'%s' is already set at %s", it->name,
                               where_is(c, prev->name_loc, it->name_loc));
                    break;
                }
            Sym *s = param_for_set(c, it->name, it->name_loc);
            if (s) {
                check_set_value(c, s, it->name, it->expr);
                check_finite(c, it->expr);
            } else
                const_value(c, it->expr, "a set value");
        } else {
            check_ids(c, it->ids);
        }
    }
}

static void check_test(Checker *c, Decl *d)
{
    static const char *const words[] = {[I_EVIDENCE] = "evidence", [I_PROFILE] = "profile",
                                        [I_AS_OF] = "as_of", [I_WAIVERS] = "waivers"};
    Item *seen[I_EXPECT + 1] = {0};
    int expects = 0;
    for (Item *it = d->items; it; it = it->next) {
        if (it->kind != I_EXPECT) {
            if (seen[it->kind])
                diag_error(c->d, it->loc, "'%s' is given twice", words[it->kind]);
            seen[it->kind] = it;
        }
        switch (it->kind) {
        case I_PROFILE:
            if (!map_get(c->p->profiles, it->name))
                diag_error(c->d, it->name_loc, "unknown profile '%s'%s", it->name,
                           hint(c, it->name, c->p->profiles->keys, c->p->profiles->n));
            break;
        case I_EVIDENCE:
            if (!*it->str)
                diag_error(c->d, it->str_loc, "empty evidence folder");
            break;
        case I_EXPECT: {
            expects++;
            for (Item *prev = d->items; prev != it; prev = prev->next)
                if (prev->kind == I_EXPECT && strcmp(prev->name, it->name) == 0) {
                    diag_error(c->d, it->loc, "'%s' is already expected at %s", it->name,
                               where_is(c, prev->loc, it->loc));
                    break;
                }
            if (strcmp(it->name, "verdict") == 0) {
                if (!one_of(it->str, verdict_names, VERDICT_COUNT))
                    diag_error(c->d, it->str_loc, "unknown verdict '%s' (%s)%s", it->str,
                               name_list(c->a, verdict_names, VERDICT_COUNT, "", ""),
                               hint(c, it->str, verdict_names, VERDICT_COUNT));
                break;
            }
            Map *ids = c->p->ids;
            if (!map_get(ids, it->name))
                diag_error(c->d, it->name_loc, "unknown requirement '%s'%s", it->name,
                           hint(c, it->name, ids->keys, ids->n));
            if (!one_of(it->str, result_names, RESULT_COUNT))
                diag_error(c->d, it->str_loc, "unknown result '%s' (%s)%s", it->str,
                           name_list(c->a, result_names, RESULT_COUNT, "", ""),
                           hint(c, it->str, result_names, RESULT_COUNT));
            break;
        }
        default:
            break;
        }
    }
    if (!seen[I_EVIDENCE])
        diag_error(c->d, d->name_loc, "test \"%s\" names no evidence folder "
                   "(evidence \"PATH\")", d->name);
    if (!expects)
        diag_error(c->d, d->name_loc, "test \"%s\" expects nothing; add 'expect verdict ...' "
                   "or 'expect ID RESULT'", d->name);
}

static void warn_unused(Checker *c, Module *m)
{
    for (Decl *d = m->decls; d; d = d->next) {
        if (!d->sym || d->sym->uses > 0)
            continue;
        if (d->kind == D_PARAM)
            diag_warning(c->d, d->name_loc, "parameter '%s' is never used", d->name);
        else if (d->kind == D_EVIDENCE)
            diag_warning(c->d, d->name_loc, "evidence '%s' is never used", d->name);
        else if (d->kind == D_DEFINE)
            diag_warning(c->d, d->name_loc, "definition '%s' is never used", d->name);
    }
}

bool tc_check(Program *p, const TcOptions *opt)
{
    int errors0 = p->diag->errors;
    Checker c = {0};
    c.p = p;
    c.a = p->arena;
    c.d = p->diag;
    c.opt = *opt;
    p->globals = map_new(p->arena);
    p->ids = map_new(p->arena);
    p->profiles = map_new(p->arena);
    c.unknown = map_new(p->arena);
    c.live = map_new(p->arena);
    c.folded = map_new(p->arena);

    for (int i = 0; i < p->nmods; i++)
        collect(&c, p->mods[i]);
    if (opt->need_standard && !p->standard)
        diag_error(c.d, (Loc){p->root->src->id, 0, 0}, "no 'standard' header: a standard "
                   "declares 'standard ID { title ... version ... publisher ... }'");
    p->reqs = arena_alloc(p->arena, sizeof(Decl *) * (size_t)(p->nreqs + 1));
    p->nreqs = 0;

    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            switch (d->kind) {
            case D_EVIDENCE:
                d->index = p->nevidence++;
                check_glob(&c, d);
                check_fields(&c, d, d->fields, NULL);
                break;
            default:
                break;
            }
        }
    }
    p->evidence = arena_alloc(p->arena, sizeof(Decl *) * (size_t)(p->nevidence + 1));
    for (int i = 0; i < p->nmods; i++)
        for (Decl *d = p->mods[i]->decls; d; d = d->next)
            if (d->kind == D_EVIDENCE && d->index < p->nevidence && !p->evidence[d->index])
                p->evidence[d->index] = d;
    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            if ((d->kind == D_PARAM || d->kind == D_DEFINE) && d->sym)
                global_type(&c, d->sym, d->name_loc);
            else if ((d->kind == D_PARAM || d->kind == D_DEFINE) && !d->sym)
                expr(&c, d->value);   /* a duplicate: still check its value */
        }
    }
    check_top_sets(&c);
    /* values in range, once every top-level set is known */
    for (int i = 0; i < p->nmods && !c.d->stopped; i++)
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next)
            if ((d->kind == D_PARAM && d->sym && d->sym->type != &ty_err)
                || (d->kind == D_SET && map_get(p->globals, d->name)))
                check_finite(&c, d->value);
    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            if (d->kind != D_REQUIREMENT && d->kind != D_RECOMMENDATION)
                continue;
            BodyState bs = {0};
            check_body(&c, d->body, true, &bs);
            if (bs.requires == 0)
                diag_error(c.d, d->name_loc, "%s '%s' has no 'require'",
                           d->kind == D_REQUIREMENT ? "requirement" : "recommendation", d->name);
            if (map_get(p->ids, d->name) == d)
                p->reqs[p->nreqs++] = d;
        }
    }
    for (int i = 0; i < p->nmods && !c.d->stopped; i++) {
        for (Decl *d = p->mods[i]->decls; d && !c.d->stopped; d = d->next) {
            if (d->kind == D_PROFILE) {
                check_profile(&c, d);
                check_profile_finite(&c, d);
            }
            else if (d->kind == D_TEST)
                check_test(&c, d);
        }
    }
    if (opt->lint && p->standard && p->diag->errors == errors0)
        warn_unused(&c, p->root);
    return p->diag->errors == errors0;
}
