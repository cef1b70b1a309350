/* evidence.h - the evidence readers: one file's bytes to one libxml2 tree,
 * and what they share (evidence.c), with the table of formats (formats.def).
 *
 * Every format becomes an XML tree (language.md §5), so that every selector
 * is XPath 1.0 over it. One reader per file (read_xml.c, read_json.c,
 * read_csv.c). A reader works from memory (the caller reads the file: no
 * reader opens anything), accepts UTF-8 only, and either returns a tree that
 * holds all of the file exactly, or NULL and a reason with the line where
 * the problem is: never a tree built from a file it did not fully
 * understand.
 */
#ifndef ACCORD_EVIDENCE_H
#define ACCORD_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#define FORMAT(id, name, exts, read, events, rows, out) id,
typedef enum {
#include "formats.def"
    FMT_COUNT
} EvFormat;
#undef FORMAT

typedef struct ReadError {
    char msg[300];
    unsigned long line;      /* 0 when there is none */
} ReadError;

enum {
    DEFAULT_MAX_DEPTH = 512, /* nesting of elements, arrays and objects */
    XML_MAX_DEPTH = 256,     /* libxml2's own limit without XML_PARSE_HUGE,
                                which accord never sets */
    MAX_NUMBER_LEN = 4096    /* digits of one JSON number */
};

/* What a reader may build of one file: nesting, and nodes of the tree (so
   that a file of many small values, whose tree takes some 200 bytes per
   byte read, is an error result rather than an out-of-memory exit: v1.1
   §1). Nodes counted: JSON and CSV every element, text and attribute
   node; XML every element, attribute, comment and processing instruction,
   and every run of text or CDATA as the parser hands it over. */
typedef struct ReadLimits {
    int max_depth;
    long long max_nodes;
    long long max_bytes;     /* of an archive's members, together (.eval;
                                --max-file-size); 0: DEFAULT_MAX_BYTES */
} ReadLimits;

#define DEFAULT_MAX_NODES 4000000LL
#define DEFAULT_MAX_BYTES (256LL << 20)
#define READ_DEFAULTS ((ReadLimits){DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, DEFAULT_MAX_BYTES})

/* Each reader refuses a file nested deeper than max_depth levels (XML also
   deeper than XML_MAX_DEPTH, whatever max_depth says), or whose tree would
   have more than max_nodes nodes. */
xmlDocPtr read_xml(const char *buf, size_t len, const ReadLimits *lim, ReadError *err);
xmlDocPtr read_json(const char *buf, size_t len, const ReadLimits *lim, ReadError *err);
xmlDocPtr read_jsonl(const char *buf, size_t len, const ReadLimits *lim, ReadError *err);
xmlDocPtr read_csv(const char *buf, size_t len, const ReadLimits *lim, ReadError *err);
xmlDocPtr read_eval(const char *buf, size_t len, const ReadLimits *lim, ReadError *err);

/* read_xml without the tree: the same checks, the same parser and the same
   refusals, but each element is handed to start (its local name, whether it
   is in a namespace, its attributes as libxml2's SAX2 gives them: five
   pointers each, local name, prefix, URI, value and value end; its line),
   its character data (CDATA included) to text, and its end to end. The
   pointers hold only during the call. Returns false, with err set, exactly
   when read_xml would refuse the file; the events seen before a refusal are
   to be thrown away. */
typedef struct XmlEvents {
    void (*start)(void *user, const xmlChar *name, bool ns, const xmlChar **attrs, int nattrs,
                  unsigned long line);
    void (*end)(void *user);
    void (*text)(void *user, const xmlChar *s, int len);
    /* right after start, for the element of a JSON null (which also has
       the attribute null="true"); an XML file's attributes never make a
       null, so read_xml_events never calls it */
    void (*null)(void *user);
    /* an .eval log: the archive member whose elements follow */
    void (*member)(void *user, const char *name);
} XmlEvents;

bool read_xml_events(const char *buf, size_t len, const ReadLimits *lim,
                     const XmlEvents *events, void *user, ReadError *err);
/* The same for the synthetic formats: the events of the tree read_json,
   read_jsonl or read_csv would build, in document order, with its lines
   and its refusals (all but --max-nodes, which bounds trees only). */
bool read_json_events(const char *buf, size_t len, const ReadLimits *lim,
                      const XmlEvents *events, void *user, ReadError *err);
bool read_jsonl_events(const char *buf, size_t len, const ReadLimits *lim,
                       const XmlEvents *events, void *user, ReadError *err);
bool read_csv_events(const char *buf, size_t len, const ReadLimits *lim,
                     const XmlEvents *events, void *user, ReadError *err);
/* CSV's rows as they are, without an element per cell (for the streaming
   extractor, when a declaration reads records at /csv/row): head gets each
   column's element name once (the header, or "_" when it is no XML name),
   row each row's raw cells (valid during the call) and the line where it
   begins. The same reading, checks and refusals as read_csv_events; head
   and row return false, with err set, to stop. */
typedef struct EvCell {
    const char *s;           /* not NUL-terminated */
    size_t n;
} EvCell;
typedef struct EvRows {
    bool (*head)(void *user, const char *const *names, size_t n);
    bool (*row)(void *user, const EvCell *cells, size_t n, unsigned long line);
} EvRows;
bool read_csv_rows(const char *buf, size_t len, const EvRows *rows, void *user, ReadError *err);
/* An .eval log's events: header.json as `json`, each sample as an element
   `samples` of it, in read_eval's order; before each member's elements,
   events->member names it. The archive's checks and refusals are
   read_eval's, but for --max-nodes. */
bool read_eval_events(const char *buf, size_t len, const ReadLimits *lim,
                      const XmlEvents *events, void *user, ReadError *err);


/* The formats of formats.def: each format's name, the extensions that
   imply it, its reader, its reader without a tree (NULL if none), and its
   reader of rows (NULL if none). */
typedef xmlDocPtr (*EvReader)(const char *buf, size_t len, const ReadLimits *lim,
                              ReadError *err);
typedef bool (*EvEventReader)(const char *buf, size_t len, const ReadLimits *lim,
                              const XmlEvents *events, void *user, ReadError *err);
typedef bool (*EvRowReader)(const char *buf, size_t len, const EvRows *rows, void *user,
                            ReadError *err);
struct EvOut;
typedef bool (*EvOutReader)(const char *buf, size_t len, const ReadLimits *lim,
                            struct EvOut *out);
typedef struct EvFormatInfo {
    const char *name;
    const char *exts;
    EvReader read;
    EvEventReader events;
    EvRowReader rows;        /* records as rows at /NAME/row, or NULL */
    EvOutReader out;         /* the elements into an EvOut, or NULL */
} EvFormatInfo;

extern const EvFormatInfo ev_formats[FMT_COUNT];
extern const char *const ev_format_names[FMT_COUNT];

/* The format of a name after `as`, or implied by an extension (without the
   dot); -1 for none. */
int ev_format_named(const char *name);
int ev_format_of_ext(const char *ext);

/* Reads buf as fmt. */
xmlDocPtr ev_read(EvFormat fmt, const char *buf, size_t len, const ReadLimits *lim,
                  ReadError *err);

/* The source line where a node begins (for JSON and CSV: its value or row). */
unsigned long ev_line(xmlNodePtr node);

/* For the synthetic readers: a new document whose lines ev_line knows, and
   the line of a node they make. */
xmlDocPtr ev_new_doc(const char *root, xmlNodePtr *rootp);
/* A text node of such a document: short texts (the usual JSON number,
   boolean or category, a CSV cell) are kept once in the document's
   dictionary rather than once per node. NULL when out of memory. */
xmlNodePtr ev_new_text(xmlDocPtr doc, const char *text, size_t len);
void ev_set_line(xmlNodePtr node, unsigned long line);

/* ---- what the synthetic readers (JSON, JSON Lines, CSV) emit ----------
   Such a reader says what it reads as elements of §5's tree: one opens (its
   name; key, the JSON key or CSV header when the name is "_" and the key
   goes in key="..."; whether it is a JSON null; its line), gets its text,
   closes. The first to open is the root. One reading then either builds
   the tree (EvTree) or feeds the events of the streaming extractor
   (EvEmit), so that the two cannot differ in values, lines or refusals.
   start and text return false, with err set, when the reading must stop.
   hash is hash_bytes(name, strlen(name)) when the reader has it at hand
   (a JSON key, hashed to find duplicates), else 0: the flat extractor
   looks names up by it rather than hashing each key again. */
typedef struct EvOut {
    bool (*start)(struct EvOut *o, const char *name, size_t hash, const char *key, bool null,
                  unsigned long line);
    bool (*text)(struct EvOut *o, const char *s, size_t n, unsigned long line);
    void (*end)(struct EvOut *o);
    ReadError *err;
    /* Optional: an element with no children, its text s (n bytes, none
       when n is 0), in one call rather than start, text and end, which it
       must equal; NULL to be given the three. The flat extractor has it,
       to take a JSON value's text where the reader has it, uncopied. */
    bool (*leaf)(struct EvOut *o, const char *name, size_t hash, const char *key, bool null,
                 const char *s, size_t n, unsigned long line);
    /* Whether an object member may be given its key as its name, unchecked:
       the consumer reads no element named "_" and only names that are
       element names (ev_name_ok), so a key that is none is not read either
       way. The flat extractor's usual case, which spares the reader a
       check of each key. */
    bool raw_keys;
} EvOut;

typedef struct EvTree {      /* builds the tree, counting its nodes */
    EvOut out;
    xmlDocPtr doc;
    xmlNodePtr cur;          /* the open element; NULL before the root opens */
    long long left, max;
} EvTree;

/* A tree whose root is named root (its line 1 until the reader opens it).
   False when out of memory (err set). */
bool ev_tree_init(EvTree *t, const char *root, const ReadLimits *lim, ReadError *err);
/* The tree when ok and no error was set, else NULL (and the tree freed). */
xmlDocPtr ev_tree_finish(EvTree *t, bool ok);

typedef struct EvEmit {      /* hands each element on to XmlEvents */
    EvOut out;
    const XmlEvents *events;
    void *user;
} EvEmit;

void ev_emit_init(EvEmit *e, const XmlEvents *events, void *user, ReadError *err);

/* read_json_events and read_jsonl_events without the events: the same
   reading and refusals, the elements handed to out (the streaming
   extractor's own EvOut for a declaration of records alone). */
bool read_json_out(const char *buf, size_t len, const ReadLimits *lim, EvOut *out);
bool read_jsonl_out(const char *buf, size_t len, const ReadLimits *lim, EvOut *out);

/* For read_eval.c: one JSON text into out, its value an element named top
   (read_json's mapping and refusals otherwise). */
bool read_json_text(const char *buf, size_t len, const char *top, int max_depth, EvOut *out);

/* An element name for a JSON key or CSV header (§5): the key itself when it
   is an XML name not starting with "xml", else "_" (the caller adds
   key="..."). Returns whether the key is usable as is. */
bool ev_name_ok(const char *key, size_t len);

void ev_error(ReadError *err, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Takes n nodes from *left; false (and err set, at line) once the file
   would have more than max of them. */
bool ev_take_nodes(long long *left, long long n, long long max, unsigned long line,
                   ReadError *err);

#endif
