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
#define BUILTIN(id, name, lo, hi, sig) B_##id,
#include "builtins.def"
#undef BUILTIN
    B__COUNT
} Builtin;

typedef struct TcOptions {
    bool need_standard;  /* the root must declare `standard` (check, test) */
    bool lint;           /* warn of unused declarations */
} TcOptions;

/* Checks p; problems go to p->diag. Returns true when there was no error. */
bool tc_check(Program *p, const TcOptions *opt);

#endif
