/* typecheck_names.c - name resolution for the type checker: scopes of
 * locals, lookups, the nesting bound, and the helpers of its messages
 * ("did you mean", where a name was declared).
 */
#define _POSIX_C_SOURCE 200809L
#include "typecheck_int.h"

#include <stdio.h>

static const char *const type_names[] = {"bool", "int", "number", "string", "date",
                                         "datetime", "duration", "rate", "list"};

/* ---- helpers ----------------------------------------------------------- */

bool tc_one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return true;
    return false;
}

/* ", did you mean 'x'?" or "" */
const char *tc_hint(Checker *c, const char *name, const char *const *cands, size_t n)
{
    const char *s = suggest(name, cands, n);
    return s ? arena_printf(c->a, "; did you mean '%s'?", s) : "";
}

/* The source text of an expression, shortened for a message. */
const char *tc_text(Checker *c, Loc at)
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
const char *tc_a_type(Checker *c, const Type *t)
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
const char *tc_where_is(Checker *c, Loc at, Loc from)
{
    if (at.src < 0)
        return "?";
    if (at.src == from.src)
        return arena_printf(c->a, "line %d", line_of(c, at));
    return arena_printf(c->a, "%s:%d", c->d->srcs[at.src]->path, line_of(c, at));
}

const char *tc_sym_kind_name(const Sym *s)
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
const char **tc_visible(Checker *c, size_t *n)
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
Sym *tc_visible_or_global(Checker *c, Sym *l, const char *name)
{
    if (l && l->level > c->barrier)
        return l;
    return map_get(c->p->globals, name);
}

Sym *tc_lookup(Checker *c, const char *name)
{
    Sym **slot = map_get(c->live, name);
    return tc_visible_or_global(c, slot ? *slot : NULL, name);
}

Sym *tc_push(Checker *c, SymKind k, const char *name, Loc loc, const Type *t)
{
    Sym *prev = tc_lookup(c, name);
    if (prev && k != SYM_FIELD)
        diag_warning(c->d, loc, "'%s' shadows the %s declared at %s", name,
                     tc_sym_kind_name(prev), tc_where_is(c, prev->loc, loc));
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
    s->pushed = true;
    return s;
}

Sym *tc_push_field(Checker *c, Field *f, const Type *t)
{
    Sym *s = f->sym;
    if (!s || s->pushed) {
        s = tc_push(c, SYM_FIELD, f->name, f->name_loc, t);
        s->field = f;
        if (!f->sym)
            f->sym = s;
        return s;
    }
    s->up = c->scope;
    c->scope = s;
    s->shadowed = *s->live;
    *s->live = s;
    s->level = ++c->level;
    s->pushed = true;
    return s;
}

/* Leaves the scope of every local pushed since scope was innermost. */
void tc_pop_to(Checker *c, Sym *scope)
{
    while (c->scope != scope && c->scope) {
        Sym *s = c->scope;
        *s->live = s->shadowed;
        s->pushed = false;
        c->scope = s->up;
        c->level--;
    }
}

/* A name read at the current nesting whose evaluation reaches `reach`
   levels below it: the deepest the evaluation goes, checked. */
void tc_reaches(Checker *c, int reach, Loc at)
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

const Type *tc_type_expr(Checker *c, const TypeExpr *t)
{
    if (strcmp(t->name, "list") == 0) {
        if (!t->arg) {
            diag_error(c->d, t->loc, "'list' needs an element type, as in list<string>");
            return &ty_err;
        }
        const Type *e = tc_type_expr(c, t->arg);
        if (e->kind == T_LIST) {
            diag_error(c->d, t->arg->loc, "lists of lists are not supported");
            return &ty_err;
        }
        return e->kind == T_ERR ? e : ty_list(c->a, e);
    }
    const Type *s = ty_scalar_named(t->name);
    if (!s) {
        diag_error(c->d, t->loc, "unknown type '%s'%s", t->name,
                   tc_hint(c, t->name, type_names, COUNT_OF(type_names)));
        return &ty_err;
    }
    if (t->arg) {
        diag_error(c->d, t->loc, "'%s' takes no element type", t->name);
        return &ty_err;
    }
    return s;
}

void tc_push_global(Checker *c, Sym *s)
{
    c->stack = arena_grow(c->a, c->stack, c->depth, &c->cap, sizeof(Sym *));
    c->stack[c->depth++] = s;
}
