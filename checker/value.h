/* value.h - run-time values of the language, their conversion from evidence
 * text (language.md §5) and their spelling in reports (report.md §3).
 *
 * Values live in the evaluation's arena. A bool is three-valued (Kleene):
 * K_TRUE, K_FALSE or K_UNKNOWN ("inconclusive"). An error is a value too
 * (V_ERR, with its reason), so that an error stays local to the check that
 * meets it.
 */
#ifndef ACCORD_VALUE_H
#define ACCORD_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "types.h"

typedef enum {
    V_NONE,      /* an optional field without a value */
    V_ERR, V_BOOL, V_NUM, V_STR, V_DATE, V_DATETIME, V_DUR, V_RATE,
    V_LIST,      /* a list, or a sequence of values */
    V_RECSET, V_RECORD,
    V_FILE,      /* one file of a declaration (files(E)): s its path,
                    origin->file its index in the binding */
    V_PENDING    /* needs streamed evidence not read yet (drive.c): flows
                    as an error does, in a run whose outcome is dropped */
} VKind;

struct Value;
/* An error or pending: the value of an expression that could not be
   evaluated (now). */
#define v_failed(v) ((v)->kind == V_ERR || (v)->kind == V_PENDING)

enum { K_FALSE = 0, K_TRUE = 1, K_UNKNOWN = 2 };

/* Where a value or record came from: for counterexamples and errors. */
typedef struct Origin {
    /* records: the node's path, whole, or as its parent's path, its name
       and its position among same-name siblings (0: it has none), joined
       only when a report needs it (see v_origin_path) */
    const char *path;
    const char *name;
    int file;                /* index in Binding.files, -1 for none */
    uint32_t index;
    unsigned long line;
    const char *member;      /* the member of an .eval log, or NULL (40
                                bytes in all: one per record) */
} Origin;

/* The node path of an origin, as xmlGetNodePath writes it, or NULL. */
const char *v_origin_path(Arena *a, const Origin *o);

struct RecSet;

typedef struct Value {
    VKind kind;
    int b;                   /* BOOL */
    /* which members hold depends on kind; anonymous unions keep the value
       small (40 bytes), for evidence holds millions of them */
    union {
        struct {
            double num;      /* NUM; DATE days; DATETIME and DUR seconds;
                                RATE: K */
            double n;        /* RATE: N */
        };
        struct {
            const char *s;   /* STR; ERR: the reason */
            size_t len;      /* STR */
        };
        struct {
            size_t count;    /* LIST: items; RECSET: records selected */
            union {
                struct Value *items;   /* LIST */
                const uint32_t *idx;   /* RECSET: the records selected, or
                                          NULL for all */
                size_t rec;            /* RECORD: its index in set */
            };
            struct RecSet *set;        /* RECSET, RECORD */
        };
    };
    const Origin *origin;    /* values from evidence, or NULL */
} Value;

/* A value of a record's field as kept for every record: 16 bytes rather
   than a Value's 40, for a bundle holds millions (its origin is always its
   record's). Only the kinds evidence gives: NONE, ERR (s is the reason),
   BOOL, NUM, STR, DATE, DATETIME, DUR. */
typedef struct Cell {
    union {
        double num;
        const char *s;
    };
    uint32_t len;            /* STR */
    uint8_t kind;            /* VKind */
    int8_t b;                /* BOOL */
} Cell;

/* v as a cell (a string too long for one is an error); the value of c, from
   the record at o. */
Cell v_cell(Arena *a, const Value *v);
Value cell_value(const Cell *c, const Origin *o);

/* A copy of v whose text and origin live in a (a value read or computed
   in an arena about to be freed); the origin's node path is joined. */
Value v_keep(Arena *a, const Value *v);
const Origin *v_keep_origin(Arena *a, const Origin *o);

Value v_err(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Inline: made once per record by filters over millions of them. */
static inline Value v_bool(int b)
{
    Value v = {0};
    v.kind = V_BOOL;
    v.b = b;
    return v;
}
Value v_num(double x);
Value v_str(const char *s, size_t len);

/* Converts evidence text to a field's type (§5). On failure the value is an
   error that quotes the text and says where it comes from: evidence, field,
   file and line (0: none). */
Value v_convert(Arena *a, const Type *t, const char *text, size_t len, const char *evidence,
                const char *field, const char *file, unsigned long line);

/* Parses an ISO 8601 duration (PnDTnHnMnS, PnW) or a plain number of
   seconds. */
bool v_parse_duration(const char *s, size_t n, double *secs);

/* The report's spelling of a value: shortest round-trip numbers, ISO 8601
   durations with days as the largest unit, K/N rates, UTC date-times. */
const char *v_format(Arena *a, const Value *v);
const char *v_format_number(Arena *a, double x);

/* A number from a number or a rate (its point estimate); false when v is
   neither, or (v then the error) a rate without trials. */
bool v_as_number(Arena *a, Value *v);

/* Total order used by comparisons, min/max and distinct (same kinds). */
int v_compare(const Value *x, const Value *y);
bool v_equal(const Value *x, const Value *y);

#endif
