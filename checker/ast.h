/* ast.h - the tree of one standard file, as the parser builds it.
 *
 * All nodes live in the compile's arena (arena.h). The parser fills the
 * syntactic fields; the type checker (typecheck.c) fills the fields marked
 * "checker", which is all that evaluation needs: every name resolved to its
 * symbol, every expression typed, every call bound to its built-in.
 * Lists are singly linked through `next`, in source order.
 */
#ifndef ACCORD_AST_H
#define ACCORD_AST_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

typedef enum {
#define EXPR(k, name) E_##k,
#include "ast.def"
#undef EXPR
    E__COUNT
} ExprKind;

typedef enum {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV,          /* ARITH */
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, /* CMP */
    Q_ALL, Q_ANY, Q_NONE                      /* QUANT */
} Op;

struct Type;
struct Sym;

/* A standard of 17 000 requirements has 300 000 of these: 112 bytes
   rather than 136 (kind and op in a byte each, the literal's text or
   number in one place) is a fifth of its memory less, and time, for
   memory is cleared as it is first touched. */
typedef struct Expr {
    ExprKind kind : 8;
    Op op : 8;
    bool is_int;             /* NUM: an integral literal (an int) */
    bool exact;              /* CMP: with exact confidence (Clopper-Pearson) */
    short depth;             /* parser: levels of nesting, for a limit */
    short builtin;           /* CALL: index in builtins.def (checker) */
    Loc loc;                 /* the whole expression */
    Loc name_loc;            /* DOT: the field; QUANT: the variable */
    struct Expr *a, *b, *c;  /* operands; CMP: c is the confidence; IF: a b c */
    struct Expr *next;       /* next call argument or list item */
    const char *name;        /* NAME, DOT field, CALL function, QUANT variable */
    union {
        struct {
            const char *str; /* STR: the decoded text; a message's hole:
                                "%" for {NAME:%} (checker) */
            size_t len;      /* STR: its length in bytes */
        };
        double num;          /* NUM, PCT (0.1 for 10%), DUR (seconds),
                                DATE (days), DATETIME (seconds), BOOL */
    };
    /* checker */
    const struct Type *type;
    struct Sym *sym;         /* NAME, QUANT variable */
    struct Field *field;     /* NAME, DOT: the evidence field it reads */
} Expr;

typedef enum {
    S_SEVERITY, S_CITES, S_RATIONALE, S_APPLIES, S_WAIVABLE, S_LET, S_REQUIRE,
    S_FOREACH
} StmtKind;

typedef struct Stmt {
    StmtKind kind;
    Loc loc;                 /* the whole statement */
    const char *name;        /* LET, FOREACH variable; SEVERITY word */
    Loc name_loc;
    Expr *expr;              /* APPLIES, LET, REQUIRE, FOREACH sequence */
    Expr *label;             /* FOREACH: the label of each iteration, or NULL */
    const char *str;         /* CITES, RATIONALE; REQUIRE label */
    Loc str_loc;
    const char *msg;         /* REQUIRE: else message, NULL if none */
    Loc msg_loc;
    bool flag;               /* WAIVABLE value */
    struct Stmt *body;       /* FOREACH */
    Loc rbrace;              /* FOREACH: the closing brace */
    struct Stmt *next;
    struct Sym *sym;         /* checker: LET, FOREACH variable */
    struct Expr *holes;      /* checker: REQUIRE message placeholders, as
                                expressions; str is "%" for {NAME:%} */
} Stmt;

typedef struct TypeExpr {
    const char *name;        /* bool, number, ..., list */
    Loc loc;
    struct TypeExpr *arg;    /* list<arg> */
} TypeExpr;

typedef struct Field {
    Loc loc;                 /* the whole line (or records block) */
    const char *name;
    Loc name_loc;
    bool records;            /* a `records` block rather than a field */
    TypeExpr *type;          /* field */
    const char *xpath;
    Loc xpath_loc;
    bool optional;
    struct Field *fields;    /* records: the record's fields */
    Loc rbrace;
    struct Field *next;
    struct Decl *evidence;   /* checker: the declaration it belongs to */
    int index;               /* checker: position within its block */
    struct Field *parent;    /* checker: the records block of a record field */
    const struct Type *ty;   /* checker: the value type, or the record set */
    struct Sym *sym;         /* checker: its name inside a where */
    bool read;               /* checker: an expression reads it (binding
                                converts only those: field_wanted) */
} Field;

/* Whether binding converts record field g: an expression reads it, or it
   is its block's first field (a counterexample names the record by it).
   Any other is left an error cell no expression reaches (bind.c). */
static inline bool field_wanted(const Field *g)
{
    return g->read || !g->parent || g->parent->fields == g;
}

typedef struct Id {
    const char *id;
    Loc loc;
    struct Id *next;
} Id;

typedef enum {
    I_TITLE, I_VERSION, I_PUBLISHER, I_DESCRIPTION, /* standard header */
    I_SET, I_INCLUDE, I_EXCLUDE,                    /* profile */
    I_EVIDENCE, I_PROFILE, I_AS_OF, I_WAIVERS, I_EXPECT /* test */
} ItemKind;

/* One line of a standard header, a profile or a test. */
typedef struct Item {
    ItemKind kind;
    Loc loc;
    const char *name;        /* SET, PROFILE: the name; EXPECT: id or "verdict" */
    Loc name_loc;
    const char *str;         /* header strings, EVIDENCE, WAIVERS; EXPECT: result */
    Loc str_loc;
    Expr *expr;              /* SET value; AS_OF date */
    Id *ids;                 /* INCLUDE, EXCLUDE */
    struct Item *next;
} Item;

typedef enum {
    D_STANDARD, D_IMPORT, D_PARAM, D_SET, D_EVIDENCE, D_DEFINE,
    D_REQUIREMENT, D_RECOMMENDATION, D_PROFILE, D_TEST
} DeclKind;

typedef struct Decl {
    DeclKind kind;
    Loc loc;                 /* the whole declaration */
    const char *name;        /* id or name; IMPORT: the path; TEST: its name */
    Loc name_loc;
    const char *title;       /* REQUIREMENT, RECOMMENDATION, PROFILE (or NULL) */
    Loc title_loc;
    TypeExpr *type;          /* PARAM (or NULL) */
    Expr *value;             /* PARAM, SET, DEFINE */
    const char *doc;         /* PARAM doc string (or NULL) */
    Loc doc_loc;
    const char *glob;        /* EVIDENCE */
    Loc glob_loc;
    const char *format;      /* EVIDENCE `as` (or NULL) */
    Loc format_loc;
    Field *fields;           /* EVIDENCE */
    Stmt *body;              /* REQUIREMENT, RECOMMENDATION */
    Item *items;             /* STANDARD, PROFILE, TEST */
    const char *extends;     /* PROFILE (or NULL) */
    Loc extends_loc;
    Loc rbrace;              /* block declarations: the closing brace */
    struct Decl *next;
    /* checker */
    struct Module *module;
    struct Sym *sym;
    int uses;
    int index;               /* EVIDENCE: position among the program's */
} Decl;

typedef struct Comment {
    unsigned beg, end;       /* from '#' to the end of the line */
} Comment;

/* One parsed file. */
typedef struct Module {
    Source *src;
    Decl *decls;
    Comment *comments;       /* in source order, for fmt */
    int ncomments;
    struct Module **imports; /* checker: in import order */
    const char *pin;         /* loader: its name in a report (<source path>,
                                v1.1 §2): relative to the root's folder,
                                or ACCORD_PATH:NAME, installed:NAME */
    int nimports;
    bool library;            /* imported by another file */
} Module;

const char *expr_kind_name(ExprKind k);
const char *op_text(Op op);

/* A parenthesized S-expression of the tree, free of positions: two files
   with the same meaning dump the same (fmt's tests rely on it). */
void ast_dump(FILE *out, const Module *m);

#endif
