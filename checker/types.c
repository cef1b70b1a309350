/* types.c - type constructors, widening and names for messages. */
#include "types.h"

#include <string.h>

const Type ty_err = {T_ERR, NULL, NULL, NULL}, ty_any = {T_ANY, NULL, NULL, NULL},
           ty_bool = {T_BOOL, NULL, NULL, NULL}, ty_int = {T_INT, NULL, NULL, NULL},
           ty_number = {T_NUMBER, NULL, NULL, NULL}, ty_string = {T_STRING, NULL, NULL, NULL},
           ty_date = {T_DATE, NULL, NULL, NULL}, ty_datetime = {T_DATETIME, NULL, NULL, NULL},
           ty_duration = {T_DURATION, NULL, NULL, NULL}, ty_rate = {T_RATE, NULL, NULL, NULL};

/* list, field and sequence of each shared singleton, shared too: type
   checking made one per expression (a tenth of a large standard's memory) */
static const Type *const singletons[] = {
    &ty_err, &ty_any, &ty_bool, &ty_int, &ty_number, &ty_string, &ty_date, &ty_datetime,
    &ty_duration, &ty_rate,
};
enum { NSINGLE = sizeof singletons / sizeof *singletons };
#define ROW(k) {{k, &ty_err, NULL, NULL}, {k, &ty_any, NULL, NULL}, {k, &ty_bool, NULL, NULL}, \
                {k, &ty_int, NULL, NULL}, {k, &ty_number, NULL, NULL}, {k, &ty_string, NULL, NULL}, \
                {k, &ty_date, NULL, NULL}, {k, &ty_datetime, NULL, NULL}, {k, &ty_duration, NULL, NULL}, \
                {k, &ty_rate, NULL, NULL}}
static const Type shared[3][NSINGLE] = {ROW(T_LIST), ROW(T_FIELD), ROW(T_SEQ)};
#undef ROW

static const Type *shared_of(TypeKind k, const Type *elem)
{
    int row = k == T_LIST ? 0 : k == T_FIELD ? 1 : k == T_SEQ ? 2 : -1;
    if (row < 0 || !elem || (size_t)elem->kind >= NSINGLE || singletons[elem->kind] != elem)
        return NULL;
    return &shared[row][elem->kind];
}

static const Type *make(Arena *a, TypeKind k, const Type *elem, const Field *rec)
{
    const Type *sh = shared_of(k, elem);
    if (sh)
        return sh;
    Type *t = NEW(a, Type);
    t->kind = k;
    t->elem = elem;
    t->records = rec;
    return t;
}

const Type *ty_list(Arena *a, const Type *elem) { return make(a, T_LIST, elem, NULL); }
const Type *ty_field(Arena *a, const Type *elem) { return make(a, T_FIELD, elem, NULL); }
const Type *ty_seq(Arena *a, const Type *elem) { return make(a, T_SEQ, elem, NULL); }
const Type *ty_recset(Arena *a, const Field *r) { return make(a, T_RECSET, NULL, r); }
const Type *ty_record(Arena *a, const Field *r) { return make(a, T_RECORD, NULL, r); }

const Type *ty_file(Arena *a, const Decl *d)
{
    Type *t = (Type *)make(a, T_FILE, NULL, NULL);
    t->decl = d;
    return t;
}

const Type *ty_scalar_named(const char *name)
{
    static const struct { const char *name; const Type *t; } tab[] = {
        {"bool", &ty_bool}, {"int", &ty_int}, {"number", &ty_number},
        {"string", &ty_string}, {"date", &ty_date}, {"datetime", &ty_datetime},
        {"duration", &ty_duration}, {"rate", &ty_rate},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(name, tab[i].name) == 0)
            return tab[i].t;
    return NULL;
}

bool ty_is_scalar(const Type *t)
{
    return t->kind >= T_BOOL && t->kind <= T_RATE;
}

bool ty_is_numeric(const Type *t)
{
    return t->kind == T_INT || t->kind == T_NUMBER || t->kind == T_RATE;
}

bool ty_equal(const Type *a, const Type *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->elem || b->elem)
        return a->elem && b->elem && ty_equal(a->elem, b->elem);
    return a->records == b->records;
}

const Type *ty_join(Arena *a, const Type *x, const Type *y)
{
    if (x->kind == T_ERR || y->kind == T_ERR)
        return &ty_err;
    if (x->kind == T_ANY)
        return y;
    if (y->kind == T_ANY)
        return x;
    if (x->kind == T_LIST && y->kind == T_LIST) {
        const Type *e = ty_join(a, x->elem, y->elem);
        return e ? ty_list(a, e) : NULL;
    }
    if (ty_equal(x, y))
        return x;
    if (ty_is_numeric(x) && ty_is_numeric(y))
        return &ty_number;
    if ((x->kind == T_DATE && y->kind == T_DATETIME)
        || (x->kind == T_DATETIME && y->kind == T_DATE))
        return &ty_datetime;
    return NULL;
}

bool ty_assignable(const Type *from, const Type *to)
{
    if (from->kind == T_ERR || to->kind == T_ERR || from->kind == T_ANY)
        return true;
    if (from->kind == T_LIST && to->kind == T_LIST)
        return ty_assignable(from->elem, to->elem);
    if (ty_equal(from, to))
        return true;
    return (to->kind == T_NUMBER && (from->kind == T_INT || from->kind == T_RATE))
           || (to->kind == T_DATETIME && from->kind == T_DATE);
}

static const char *record_path(Arena *a, const Field *r)
{
    if (r && r->evidence)
        return arena_printf(a, "%s.%s", r->evidence->name, r->name);
    return r ? r->name : "?";
}

const char *ty_name(Arena *a, const Type *t)
{
    switch (t->kind) {
    case T_ERR: return "<error>";
    case T_ANY: return "any";
    case T_BOOL: return "bool";
    case T_INT: return "int";
    case T_NUMBER: return "number";
    case T_STRING: return "string";
    case T_DATE: return "date";
    case T_DATETIME: return "datetime";
    case T_DURATION: return "duration";
    case T_RATE: return "rate";
    case T_LIST: return arena_printf(a, "list<%s>", ty_name(a, t->elem));
    case T_FIELD: return arena_printf(a, "field of %s", ty_name(a, t->elem));
    case T_SEQ: return arena_printf(a, "sequence of %s", ty_name(a, t->elem));
    case T_RECSET: return arena_printf(a, "record set %s", record_path(a, t->records));
    case T_RECORD: return arena_printf(a, "record of %s", record_path(a, t->records));
    case T_FILE: return arena_printf(a, "file of %s", t->decl ? t->decl->name : "?");
    }
    return "?";
}
