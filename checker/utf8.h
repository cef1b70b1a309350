/* utf8.h - strict UTF-8 validation, shared by the standard's lexer and the
 * evidence readers (no overlong forms, no surrogates, nothing above
 * U+10FFFF), and the one escaping rule of every report (docs/report.md,
 * "What reports escape"). */
#ifndef ACCORD_UTF8_H
#define ACCORD_UTF8_H

#include <stddef.h>

/* Length of the valid sequence at s (n bytes available), or 0. */
size_t utf8_len(const unsigned char *s, size_t n);

/* Offset of the first invalid byte of s, or n when all of it is valid.
   With nul_ok false a NUL byte counts as invalid. */
size_t utf8_check(const char *s, size_t n, int nul_ok);

/* How report text is escaped, so that whatever bytes the evidence, its file
   names or the standard hold, a report is well-formed UTF-8 XML, and the
   text report has one line per line it writes. Reversible: the text can be
   recovered from what is printed, so two different texts never print the
   same.
     - a byte that is not part of valid UTF-8: \x{HH} (two hex digits);
     - C0 controls but tab and line feed, DEL, C1 controls (U+0080 to
       U+009F) and the noncharacters U+FFFE and U+FFFF: \u{X} (hex);
     - a backslash followed by "u{" or "x{": \u{5C}, so that a name that
       really is spelt "d\u{1}.json" never prints like one holding U+0001;
     - in ESC_TEXT also the line feed, U+0085, U+2028 and U+2029 (no value
       can start a line of the text report of its own) and the bidirectional
       controls U+202A to U+202E, U+2066 to U+2069 and the marks U+200E,
       U+200F and U+061C (none can reorder what a terminal shows).
   Everything else is copied. Returns s itself (n bytes, NUL-terminated)
   when nothing needs escaping, else a new string in a. */
struct Arena;
enum { ESC_XML, ESC_TEXT };
const char *utf8_escape(struct Arena *a, const char *s, size_t n, int mode);

#endif
