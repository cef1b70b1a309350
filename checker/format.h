/* format.h - the canonical layout of a standard (accord fmt).
 *
 * The layout is a function of the tree and the comments only: two files
 * with the same tokens and comments format the same, and formatting the
 * output again changes nothing. Tokens are printed as written (literals
 * keep their spelling), so the meaning cannot change.
 */
#ifndef ACCORD_FORMAT_H
#define ACCORD_FORMAT_H

#include "ast.h"

/* The formatted text of a module parsed without errors, NUL-terminated and
   allocated with malloc (the caller frees it); its length in *len. */
char *format_module(const Module *m, size_t *len);

/* One expression of module m in the canonical layout, on one line (as the
   layout writes it where it fits), malloc'ed: what compare and diff
   compare, so that layout and comments never count. */
char *format_expr(const Module *m, const Expr *e);

/* One declaration d of module m alone, in the canonical layout, without
   comments (what diff compares and doc shows), malloc'ed; *len bytes. */
char *format_decl(const Module *m, const Decl *d, size_t *len);

#endif
