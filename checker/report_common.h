/* report_common.h - what the report writers share (report_common.c):
 * the escaping and shortening of every text a report holds, an XML writer
 * that remembers its first failure, and the source positions of checks.
 * Private to the writers (report_*.c); report.h is the interface.
 */
#ifndef ACCORD_REPORT_COMMON_H
#define ACCORD_REPORT_COMMON_H

#include <stdbool.h>

#include <libxml/xmlwriter.h>

#include "report.h"

#define REPORT_NS "urn:x-accord:report:1"

typedef struct W {
    xmlTextWriterPtr w;
    xmlBufferPtr buf;        /* the document, or NULL written to a Sink */
    Arena *a;
    bool failed;
    size_t max_value;        /* --max-value-length */
} W;

/* Every text a report holds is escaped by one reversible rule (utf8.h)
   and no longer than MAX_REPORT_TEXT bytes before escaping: whatever the
   evidence, its file names or the standard hold, the report is well-formed
   UTF-8 XML that libxml2 reads back without XML_PARSE_HUGE (whose limit
   for one text is 10 000 000 bytes; an escape is at most 6 bytes for 1).
   Values from evidence are shortened much sooner, at --max-value-length
   (shorten). */
enum { MAX_REPORT_TEXT = 1000000 };

/* Texts: cut at MAX_REPORT_TEXT, escaped for XML (rep_clean) or for the
   text report, where line breaks are escaped too (rep_tclean; "" for
   NULL). */
const char *rep_clean(Arena *a, const char *s);
const char *rep_tclean(Arena *a, const char *s);

/* A value longer than max characters (--max-value-length): its first max
   characters, and its length in characters and SHA-256 (of all its bytes)
   in *chars and sha; NULL when it is short enough. */
const char *rep_shorten(Arena *a, const char *v, size_t max, size_t *chars, char sha[65]);

/* A label (loop values, which may come from evidence): shortened as a
   value is, its length and SHA-256 said in the text. */
const char *rep_label_text(Arena *a, const char *label, size_t max);

/* The XML writer: each call does nothing once one has failed. */
void rep_start(W *w, const char *name);
void rep_end(W *w);
void rep_attr(W *w, const char *name, const char *value);     /* none for NULL */
void rep_attr_int(W *w, const char *name, long long v);
void rep_text(W *w, const char *s);
void rep_element_text(W *w, const char *name, const char *s);

/* Starts an indented UTF-8 document in a memory buffer, or written to to
   as it is made (the same bytes); false on failure. */
bool rep_begin(W *w, const ReportInfo *info, Sink *to);
/* Ends the document; false if any write failed. In memory, the document
   (malloc'ed) in *out, *len bytes. Frees the writer, the buffer and the
   arena. */
bool rep_finish(W *w, char **out, size_t *len);

/* qsort order of evidence files (EvFile *): by path, then declaration. */
int rep_by_path(const void *x, const void *y);

/* The source text and line of a position in the standard. */
const char *rep_src_of(const Program *p, Loc at, Arena *a);
int rep_line_of(const Program *p, Loc at);

#endif
