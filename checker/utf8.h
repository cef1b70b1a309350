/* utf8.h - strict UTF-8 validation, shared by the standard's lexer and the
 * evidence readers: no overlong forms, no surrogates, nothing above U+10FFFF. */
#ifndef ACCORD_UTF8_H
#define ACCORD_UTF8_H

#include <stddef.h>

/* Length of the valid sequence at s (n bytes available), or 0. */
size_t utf8_len(const unsigned char *s, size_t n);

/* Offset of the first invalid byte of s, or n when all of it is valid.
   With nul_ok false a NUL byte counts as invalid. */
size_t utf8_check(const char *s, size_t n, int nul_ok);

#endif
