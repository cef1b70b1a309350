/* program.h - a standard and everything it imports, as one checked program.
 *
 * load.c fills the modules (parsing each file once, following imports);
 * typecheck.c fills the symbol tables and the list of requirements that
 * evaluation walks. Everything lives in the program's arena.
 */
#ifndef ACCORD_PROGRAM_H
#define ACCORD_PROGRAM_H

#include "ast.h"
#include "map.h"
#include "types.h"

typedef enum {
    SYM_PARAM, SYM_DEFINE, SYM_EVIDENCE, /* global */
    SYM_LET, SYM_LOOP, SYM_VAR, SYM_FIELD /* local: let, for each, quantifier,
                                             a record's field inside where */
} SymKind;

typedef struct Sym {
    SymKind kind;
    const char *name;
    Loc loc;
    Decl *decl;          /* PARAM, DEFINE, EVIDENCE */
    Stmt *stmt;          /* LET, LOOP */
    Expr *expr;          /* VAR: the quantifier */
    Field *field;        /* FIELD */
    Decl *set;           /* PARAM: the top-level `set` in effect, or NULL */
    const Type *type;
    int state;           /* globals: 0 untyped, 1 being typed, 2 typed */
    int uses;
    struct Sym *up;      /* the enclosing scope's innermost symbol */
    /* locals: the local of the same name this one hides while it is in
       scope, the slot of the name's innermost local, and how many locals
       are in scope with it (typecheck.c finds a name in constant time) */
    struct Sym *shadowed;
    struct Sym **live;
    int level;
    bool pushed;         /* in scope now (a FIELD symbol is pushed again by
                            each where over its block: tc_push_field) */
    /* how deeply evaluating it nests, with every definition (and let of
       records) it reads: bounded so that no standard overflows the stack */
    int reach;
    int slot;            /* LET: its index among the program's lets (eval.c
                            keeps their values in an array) */
} Sym;

typedef struct Program {
    Arena *arena;
    Diag *diag;
    Module *root;
    Module **mods;       /* imports before importers, in import order */
    int nmods;
    Decl *standard;      /* the root's header, or NULL for a library */
    Map *globals;        /* name -> Sym (params, definitions, evidence) */
    Map *ids;            /* requirement id -> Decl */
    Map *profiles;       /* profile name -> Decl */
    Decl **reqs;         /* requirements and recommendations, report order */
    int nreqs;
    Decl **evidence;     /* evidence declarations, by Decl.index */
    int nevidence;
    int nlets;           /* lets of every requirement (Sym.slot) */
} Program;

#endif
