/* diff.h - accord diff: two standards told apart by meaning (v1.1 §6). */
#ifndef ACCORD_DIFF_H
#define ACCORD_DIFF_H

#include <stdbool.h>

#include "run.h"

#define DIFF_NS "urn:x-accord:diff:1"

typedef struct DiffRequest {
    const char *old, *new;       /* the two standards */
    RunRequest run;              /* with -e: root set, the date; else root NULL */
    const char *format;          /* text, xml or json */
    const char *output;          /* NULL: standard output */
} DiffRequest;

bool diff_format_known(const char *name);

/* Writes the differences; returns 0 when there is none of meaning (and,
   with evidence, no result differs), 1 when there is, 2 (said) when a
   standard does not compile or the output cannot be written. */
int diff_standards(const DiffRequest *rq);

#endif
