/* types.h - the static types of the language (language.md §4).
 *
 * Scalar types are shared singletons; composite ones are made in the arena.
 * Besides the value types of §4 there are the evidence selections:
 *   FIELD   a top-level evidence field (card.name): a single value where one
 *           is needed, a sequence inside an aggregate or quantifier;
 *   SEQ     a sequence of values (redteam.attempts.outcome, distinct(...));
 *   RECSET  a record set (redteam.attempts, or one filtered by where);
 *   RECORD  one record (a quantifier or loop variable over a record set).
 * ERR is the type of an expression already reported as wrong: every rule
 * accepts it silently, so that one mistake gives one message. ANY is the
 * element type of the empty list [].
 */
#ifndef ACCORD_TYPES_H
#define ACCORD_TYPES_H

#include <stdbool.h>

#include "ast.h"

typedef enum {
    T_ERR, T_ANY, T_BOOL, T_INT, T_NUMBER, T_STRING, T_DATE, T_DATETIME,
    T_DURATION, T_RATE, T_LIST, T_FIELD, T_SEQ, T_RECSET, T_RECORD,
    T_FILE                     /* one file of an evidence declaration (files(E)) */
} TypeKind;

typedef struct Type {
    TypeKind kind;
    const struct Type *elem;   /* LIST, FIELD, SEQ */
    const Field *records;      /* RECSET, RECORD: the records block */
    const Decl *decl;          /* FILE: the evidence declaration */
} Type;

extern const Type ty_err, ty_any, ty_bool, ty_int, ty_number, ty_string,
    ty_date, ty_datetime, ty_duration, ty_rate;

const Type *ty_list(Arena *a, const Type *elem);
const Type *ty_field(Arena *a, const Type *elem);
const Type *ty_seq(Arena *a, const Type *elem);
const Type *ty_recset(Arena *a, const Field *records);
const Type *ty_record(Arena *a, const Field *records);
const Type *ty_file(Arena *a, const Decl *evidence);

/* The scalar type named by a field or parameter declaration (bool, int, ...),
   or NULL. */
const Type *ty_scalar_named(const char *name);

bool ty_is_scalar(const Type *t);   /* a single value of §4 (not list/seq/...) */
bool ty_is_numeric(const Type *t);  /* int, number, or rate (widens) */
bool ty_equal(const Type *a, const Type *b);
/* The common type of two values after widening (int -> number, rate ->
   number, date -> datetime), or NULL when there is none. */
const Type *ty_join(Arena *a, const Type *x, const Type *y);
/* Whether a value of type from may be stored where to is declared. */
bool ty_assignable(const Type *from, const Type *to);

/* "list<string>", "sequence of date", "record set redteam.attempts" */
const char *ty_name(Arena *a, const Type *t);

#endif
