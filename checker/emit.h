/* emit.h - what the writers of accord's other outputs (JSON, SARIF, OSCAL,
 * HTML pages, comparisons, summaries, documents) share: escapes for the
 * formats they write, the XML report read back as a tree, and writing the
 * result to a file or standard output.
 */
#ifndef ACCORD_EMIT_H
#define ACCORD_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "report.h"

/* s as a JSON string (control characters as \u00XX); null for NULL */
void emit_json_string(FILE *f, const char *s);

/* s as HTML text or attribute value (< > & " escaped); nothing for NULL */
void emit_html(FILE *f, const char *s);

/* a relative path as a quoted URI reference: unreserved characters and '/'
   kept, every other byte percent-encoded (RFC 3986) */
void emit_uri(FILE *f, const char *path);

/* Whether n is an element of that name; an attribute of n, copied into a
   (NULL when absent): for reading the report back. */
bool emit_is(xmlNodePtr n, const char *name);
const char *emit_attr(Arena *a, xmlNodePtr n, const char *name);

/* The XML report of the check, read back as a tree (the other formats are
   written from it, so they cannot say something the report does not);
   NULL when it cannot be written. Free with xmlFreeDoc. */
xmlDocPtr emit_report_doc(const Program *p, const Binding *b, const Outcome *o,
                          const ReportInfo *info);

/* Writes len bytes to output, atomically, or to standard output when it is
   NULL; false (said on standard error, as "accord WHO: ...") on failure. */
bool emit_output(const char *who, const char *output, const char *buf, size_t len);

#endif
