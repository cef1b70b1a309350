/* extract_xml.h - reading an XML evidence file for a declaration whose
 * XPaths are all simple, in one streaming pass (extract_xml.c). */
#ifndef ACCORD_EXTRACT_XML_H
#define ACCORD_EXTRACT_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "evidence.h"

typedef struct XmlPlan XmlPlan;

/* The plan for d, or NULL when one of its XPaths is not simple: records and
   top-level fields at an absolute path of element names ("/a/b", a
   top-level field also "/a/b/@c"), the fields of records an attribute
   ("@c") or a child element ("c"). The plan lives in a. */
XmlPlan *xml_plan(Arena *a, const Decl *d);

/* Where the values of one file go, in document order. A record's field
   values come between its record and record_end calls (records of
   different blocks may nest); text is raw (untrimmed), valid until the
   call returns. A JSON null gives no value (as the tree's selection
   leaves it out). After the whole file, path gives the node path of the
   i-th record of the file (over all blocks, in the order of the record
   calls): its parent's path, its name and its position among same-name
   siblings (0 when it has none); the strings live in the arena given to
   xml_extract. */
typedef struct XmlSink {
    void *ctx;
    void (*value)(void *ctx, const Field *f, const char *text, size_t len, unsigned long line);
    void (*record)(void *ctx, const Field *set, unsigned long line);
    void (*field)(void *ctx, const Field *set, const Field *f, const char *text, size_t len);
    void (*record_end)(void *ctx, const Field *set);
    void (*path)(void *ctx, const Field *set, size_t i, const char *parent, const char *name,
                 unsigned long index);
    /* an .eval log: the member whose values follow (valid during the call) */
    void (*member)(void *ctx, const char *name);
} XmlSink;

/* Reads buf with fmt's readers (formats.def; with their checks and
   refusals: the rows reader when the format has one and the plan reads
   only records at /NAME/row, else the events reader), and feeds sink. Returns false
   with err set when the file is refused; what the sink received is then to
   be thrown away. */
bool xml_extract(Arena *a, const XmlPlan *plan, const EvFormatInfo *fmt, const char *buf,
                 size_t len, const ReadLimits *lim, const XmlSink *sink, ReadError *err);

#endif
