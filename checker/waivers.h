/* waivers.h - waivers files (report.md §4): read, validate, apply.
 *
 * A waivers file is checked whole before any evaluation: a missing or
 * malformed file is a usage error and nothing is written. A waiver turns a
 * fail, error or inconclusive result of its requirement into `waived`
 * while the evaluation date is on or before its `expires` date, unless the
 * requirement says `waivable false`. Expired waivers, waivers of unknown ids
 * and refused waivers are reported as diagnostics.
 */
#ifndef ACCORD_WAIVERS_H
#define ACCORD_WAIVERS_H

#include "eval.h"

typedef struct Waiver {
    const char *requirement;
    const char *approved_by;
    const char *expires;     /* YYYY-MM-DD */
    double expires_day;
    const char *reason;
    unsigned long line;      /* in the waivers file */
} Waiver;

typedef struct Waivers {
    Waiver *items;
    int n;
    size_t bytes;            /* of the file as read */
    char sha256[65];         /* of those bytes (the report pins them) */
} Waivers;

/* Reads path; NULL with *why (naming the file and line) when it cannot be
   read or is not a valid waivers file. */
Waivers *waivers_read(Arena *a, const char *path, const char **why);

/* Applies w to o on the date as_of (days), and updates its counts and
   verdict; diagnostics go to d as warnings. */
void waivers_apply(const Program *p, Outcome *o, const Waivers *w, const char *path,
                   double as_of, Diag *d);

#endif
