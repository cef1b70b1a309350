/* doc.h - accord doc: a standard written out for people (v1.1 §6). */
#ifndef ACCORD_DOC_H
#define ACCORD_DOC_H

#include <stdbool.h>

/* Whether name is a format of doc: html or markdown. */
bool doc_format_known(const char *name);

/* Writes the document of the standard at std (under profile, or NULL) in
   format to output (standard output when NULL). Returns 0, or 2 (said)
   when the standard does not compile, the profile is unknown or the
   output cannot be written. */
int doc_standard(const char *std, const char *profile, const char *format, const char *output);

#endif
