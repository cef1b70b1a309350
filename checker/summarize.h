/* summarize.h - accord summarize: many reports as one table (v1.1 §6). */
#ifndef ACCORD_SUMMARIZE_H
#define ACCORD_SUMMARIZE_H

#include <stdbool.h>

#define SUMMARY_NS "urn:x-accord:summary:1"

/* Whether name is a format of summarize: text, csv, xml, html, json. */
bool summarize_format_known(const char *name);

/* Reads the n reports at paths and writes their summary in format to
   output (standard output when NULL). Returns the exit code: 0, or 2
   (said on standard error) when a file cannot be read, is not an accord
   report, or the output cannot be written. */
int summarize(const char *const *paths, int n, const char *format, const char *output);

#endif
