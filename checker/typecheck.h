/* typecheck.h - names and types (language.md §3, §4, §6, §7, §8).
 *
 * Resolves every name of a loaded program to its symbol, gives every
 * expression its static type, and enforces the rules of the language:
 * duplicates, unknown names (with "did you mean"), types of operators and
 * built-ins, constant parameters, message placeholders, profiles and tests.
 * With lint set it also warns of shadowed and unused names.
 */
#ifndef ACCORD_TYPECHECK_H
#define ACCORD_TYPECHECK_H

#include "program.h"

typedef enum {
#define BUILTIN(id, name, lo, hi, folds, type, value, sig) B_##id,
#include "builtins.def"
#undef BUILTIN
    B__COUNT
} Builtin;

/* What builtins.def says of each builtin, but its functions. */
typedef struct BuiltinInfo {
    const char *name;
    int lo, hi;              /* arguments */
    bool folds;              /* folds over records a file at a time (plan.c) */
    const char *sig;
} BuiltinInfo;

extern const BuiltinInfo builtin_info[B__COUNT];

typedef struct TcOptions {
    bool need_standard;  /* the root must declare `standard` (check, test) */
    bool lint;           /* warn of unused declarations */
} TcOptions;

/* Checks p; problems go to p->diag. Returns true when there was no error. */
bool tc_check(Program *p, const TcOptions *opt);

#endif
