/* source.h - source files, positions and diagnostics.
 *
 * A position is a byte range in one source file (Loc). Line and column are
 * computed only when a diagnostic is printed, as jq's locfile does, so the
 * lexer and the tree carry two integers instead of four.
 *
 * Diagnostics follow GNU form, as language.md §9 asks:
 *     FILE:LINE:COL: error: MESSAGE
 *     the source line
 *           ^~~~
 * Columns count Unicode code points from 1; the caret line copies tabs from
 * the source line so that it lines up in any terminal.
 */
#ifndef ACCORD_SOURCE_H
#define ACCORD_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"

typedef struct Loc {
    int src;            /* index in Diag.srcs; -1 when there is no position */
    unsigned beg, end;  /* byte offsets, end exclusive */
} Loc;

#define NOLOC ((Loc){-1, 0, 0})

typedef struct Source {
    int id;
    const char *path;   /* as shown to the user: the path given or joined */
    const char *dir;    /* folder of path, "" for the current one */
    const char *text;   /* NUL-terminated; len excludes the NUL */
    size_t len;
    unsigned *lines;    /* offsets of line starts */
    size_t nlines;
} Source;

typedef struct Diag {
    Arena *arena;
    FILE *out;          /* where messages go (stderr) */
    Source **srcs;
    int nsrcs, cap;
    int errors, warnings;
    int max_errors;     /* 50, as §9 asks */
    bool stopped;       /* max_errors reached: the caller should stop */
    bool told_stop;
    bool quiet_warnings;    /* warnings are not printed but kept in notes */
    const char **notes;     /* "FILE:LINE:COL: MESSAGE" of every warning */
    int nnotes, note_cap;
    void *msgs;         /* messages not yet printed (see diag_flush) */
    int nmsgs, msg_cap;
} Diag;

Diag *diag_new(Arena *a, FILE *out);

/* Registers text (which must outlive the Diag, e.g. in the same arena) under
   a display path. Never fails. */
Source *diag_add_source(Diag *d, const char *path, const char *text, size_t len);

/* Line and column (both from 1) of a byte offset. */
void source_locate(Source *s, unsigned off, int *line, int *col);

Loc loc_span(Loc a, Loc b);  /* from the start of a to the end of b */

void diag_error(Diag *d, Loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(Diag *d, Loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error about a whole file, or with no file: "PATH: error: MESSAGE", or
   "accord: error: MESSAGE" when path is NULL. */
void diag_file_error(Diag *d, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints the messages gathered so far, sorted by file and position. */
void diag_flush(Diag *d);

/* The closest of n candidate names to name, or NULL when none is close enough
   to be a likely misspelling. */
const char *suggest(const char *name, const char *const *cands, size_t n);

#endif
