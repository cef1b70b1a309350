/* parse.h - from one file's text to its tree (lexer.l and parser.y).
 *
 * parse_module never fails outright: syntax errors are reported to the Diag
 * and the tree is returned as far as it was recovered, so that a caller can
 * decide (the type checker does not run on a file with errors; fmt refuses
 * to print one).
 */
#ifndef ACCORD_PARSE_H
#define ACCORD_PARSE_H

#include "ast.h"

/* State shared by the scanner and the parser of one file. */
typedef struct ParseCtx {
    Arena *arena;
    Diag *diag;
    Source *src;
    Module *mod;
    Decl **tail;              /* where the next declaration is linked */
    int comment_cap;
    /* scanner */
    unsigned off;             /* byte offset of the next character */
    int ids_pending;          /* requirement ids still to scan as ids */
    bool id_list;             /* ids separated by commas (include, exclude) */
    unsigned *braces;         /* offsets of the open '{', innermost last */
    int nbraces, brace_cap;
    /* parser */
    int last_error_line;      /* one syntax error per line: no cascades */
    int close_braces;         /* '}' to insert after an error (parser.y) */
    int replay;               /* then this token again, at replay_loc */
    Loc replay_loc;
    bool too_deep;            /* reported once */
} ParseCtx;

/* Parses src (registered in d) into a module allocated in a. The number of
   errors found is the growth of d->errors. */
Module *parse_module(Arena *a, Diag *d, Source *src);

/* Decodes the body of a string literal (without its quotes), reporting bad
   escapes at their position; used by the scanner. */
const char *parse_string_body(ParseCtx *ctx, unsigned off, const char *s,
                              size_t n, size_t *outlen);

/* Records a comment for fmt. */
void parse_add_comment(ParseCtx *ctx, unsigned beg, unsigned end);

#endif
