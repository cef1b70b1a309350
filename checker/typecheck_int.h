/* typecheck_int.h - what the three parts of the type checker share: the
 * checker's state, the nesting bound, and the functions one part calls in
 * another. typecheck_names.c resolves names (scopes, symbols, "did you
 * mean"); typecheck_expr.c types expressions (builtins through
 * builtins.def); typecheck.c checks declarations and runs the whole
 * (tc_check). Private to them; typecheck.h is the interface.
 */
#ifndef ACCORD_TYPECHECK_INT_H
#define ACCORD_TYPECHECK_INT_H

#include <string.h>

#include "typecheck.h"

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

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The lint rules that look at the whole checked program (lint.c). */
void lint_program(Checker *c);

/* t with its article ("a string", "an int"), for messages. */
const char *tc_a_type(Checker *c, const Type *t);
/* "; did you mean 'X'?" for the nearest of cands to name, or "". */
const char *tc_hint(Checker *c, const char *name, const char *const *cands, size_t n);
/* The symbol name means here: the innermost visible local, else the global; NULL for none. */
Sym *tc_lookup(Checker *c, const char *name);
/* Whether s is one of set[0..n). */
bool tc_one_of(const char *s, const char *const *set, size_t n);
/* Leaves the local scopes opened since scope. */
void tc_pop_to(Checker *c, Sym *scope);
/* Declares a local of kind k in the current scope. */
Sym *tc_push(Checker *c, SymKind k, const char *name, Loc loc, const Type *t);
/* Record field f's name, of type t, in scope (inside a where): one symbol
   per field, pushed again by each where over its block (a symbol is
   about 130 bytes, and a where puts every field of its block in scope);
   a where inside one over the same block gets symbols of its own. */
Sym *tc_push_field(Checker *c, Field *f, const Type *t);
/* Records that the global s is being typed (for cycle messages). */
void tc_push_global(Checker *c, Sym *s);
/* Notes that the evaluation reaches reach levels deeper at at (the nesting bound). */
void tc_reaches(Checker *c, int reach, Loc at);
/* What s is ("parameter", "definition", ...), for messages. */
const char *tc_sym_kind_name(const Sym *s);
/* The source text at at. */
const char *tc_text(Checker *c, Loc at);
/* The type a type expression of the source names. */
const Type *tc_type_expr(Checker *c, const TypeExpr *t);
/* The names visible here (for "did you mean"), *n of them. */
const char **tc_visible(Checker *c, size_t *n);
/* l if it is visible here, else the global of that name. */
Sym *tc_visible_or_global(Checker *c, Sym *l, const char *name);
/* Where at is ("line N", or the file too), seen from from. */
const char *tc_where_is(Checker *c, Loc at, Loc from);
/* e typed as a constant (a parameter's value); what names it, for messages. */
const Type *tc_const_value(Checker *c, Expr *e, const char *what);
/* The type of the elements of t (a sequence), or an error naming what needs them. */
const Type *tc_elements(Checker *c, Expr *e, const Type *t, const char *what, bool records);
/* The type of e, set on it; every rule of the language below it checked. */
const Type *tc_expr(Checker *c, Expr *e);
/* The type of the global s, typing it first if need be (cycles reported). */
const Type *tc_global_type(Checker *c, Sym *s, Loc use);
/* An error for e of type t where a single value is needed. */
const Type *tc_not_a_value(Checker *c, Expr *e, const Type *t);
/* t, when it is a single value; else an error. */
const Type *tc_value(Checker *c, Expr *e, const Type *t);
/* An error unless e is a condition (bool). */
void tc_want_bool(Checker *c, Expr *e, const char *what);

#endif
