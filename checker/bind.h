/* bind.h - binding evidence declarations to files (language.md §5).
 *
 * For each evidence declaration: expand its glob inside the evidence folder
 * (byte order of paths), read each file once (size cap, no link out of the
 * folder), hash it, parse it with its reader, evaluate every field's XPath
 * (compiled once per declaration, with a step budget) and convert the
 * selected text to the field's type. Values go into compact arrays and the
 * tree is freed at once, so evaluation never walks a tree. The records of a
 * declaration that plan.h streams are not kept: bind_stream reads them a
 * file at a time for the evaluator, so that memory is bounded by the
 * largest file, not the bundle.
 */
#ifndef ACCORD_BIND_H
#define ACCORD_BIND_H

#include "program.h"
#include "evidence.h"
#include "value.h"
#include "files.h"

typedef struct EvFile {
    const char *path;        /* relative to the evidence folder */
    const char *evidence;    /* the declaration that read it */
    const char *format;      /* xml, json, jsonl, csv */
    long long bytes;
    unsigned char sha256[32];   /* as bytes: one is kept per file */
    bool hashed;             /* false when OpenSSL could not hash it */
} EvFile;

/* f's SHA-256 as the report gives it: lower-case hex in buf, or
   "unavailable". */
const char *evfile_sha256(const EvFile *f, char buf[65]);

/* The records selected by one `records` block, over every file. */
typedef struct RecSet {
    const Field *decl;
    size_t n;
    size_t seen;             /* records over every file read so far (n too,
                                unless the declaration is streamed: then n
                                is the current file's) */
    Origin *origin;          /* per record */
    Cell **cols;             /* cols[field index][record]: V_NONE when an
                                optional field has no value, V_ERR when it
                                could not be read or converted */
} RecSet;

/* One evidence declaration, bound. */
typedef struct Bound {
    const Decl *decl;
    const char *error;       /* unusable: no file, a file refused (every
                                use of the evidence is an error) */
    Value *fields;           /* per field index: a V_LIST of the values of a
                                top-level field (each with its origin) */
    RecSet **sets;           /* per field index: the records of a block */
    bool deferred;           /* streamed (plan.h): read by bind_stream */
    bool streamed;           /* bind_stream has read it once */
    int first_file;          /* its first file in Binding.files */
    int nfiles;              /* streamed: how many it matched the first time */
    size_t most, records;    /* streamed: the most records held at once (one
                                file's), and the records of every file */
} Bound;

typedef struct BindOptions BindOptions;

typedef struct Binding {
    Arena *arena;
    const char *root;        /* the evidence folder as given */
    const char *real_root;   /* resolved, for bind_stream */
    EvFile *files;           /* every file read, in reading order */
    int nfiles, filecap;
    Bound *bound;            /* per evidence declaration (Decl.index) */
    const BindOptions *opt;
} Binding;

/* The limits on evidence (docs/robustness.md), each with an option of
   accord check. Going over one makes the declaration unusable: every
   requirement that reads it is an error, never a pass. */
#define DEFAULT_MAX_FILE_SIZE (256LL << 20)
#define DEFAULT_XPATH_BUDGET 50000000UL
#define DEFAULT_MAX_RECORDS 10000000LL
#define DEFAULT_MAX_VALUES 1000000LL
#define BIND_DEFAULTS                                                               \
    {.max_file_size = DEFAULT_MAX_FILE_SIZE, .xpath_ops = DEFAULT_XPATH_BUDGET,     \
     .max_depth = DEFAULT_MAX_DEPTH, .max_records = DEFAULT_MAX_RECORDS,           \
     .max_values = DEFAULT_MAX_VALUES, .max_nodes = DEFAULT_MAX_NODES}

struct BindOptions {
    long long max_file_size; /* bytes; larger files are refused */
    unsigned long xpath_ops; /* XPath step budget per evaluation */
    int max_depth;           /* nesting of a file (evidence.h) */
    long long max_records;   /* records of one `records` block held at once: of
                                all files, or of one when read a file at a time */
    long long max_values;    /* values of one top-level field, all files */
    long long max_nodes;     /* nodes of one file's tree (evidence.h) */
    /* called after each file with the files read and records bound so far
       (for progress on a terminal), or NULL */
    void (*progress)(void *ctx, int files, size_t records);
    void *progress_ctx;
    /* per evidence declaration: read later, a file at a time, by
       bind_stream (plan.h); NULL: none */
    const bool *stream;
    bool xml_tree;           /* XML always through a tree and XPath (the
                                ACCORD_XML_TREE switch, check.h) */
    int jobs;                /* threads at work on a streamed declaration's
                                files, the caller included: jobs - 1 read
                                ahead (prefetch.h); 0 or 1: the files are
                                read in turn */
};

/* Binds every evidence declaration of p to the files under root. Problems
   with evidence are recorded as Bound.error or value errors, never fatal.
   Returns NULL (with *why set) only when root itself cannot be used. */
Binding *bind_evidence(Arena *a, const Program *p, const char *root, const BindOptions *opt,
                       const char **why);

typedef struct Ahead Ahead;

/* Reads the files of d, a declaration deferred by BindOptions.stream, one
   at a time: after each file, d's record sets hold that file's records
   only (their memory is reused for the next), and fn(ctx, fileno) is
   called. The first call hashes and lists the files and gathers the
   top-level fields, as bind_evidence does for the others; a later call
   (another pass, for answers that needed earlier ones) reads the records
   again and checks that no file changed in between. Problems are recorded
   as Bound.error; fn is not called for a file that is refused. The
   options given to bind_evidence must still be alive. */
void bind_stream(Binding *b, const Decl *d, Ahead *ah, void (*fn)(void *ctx, int fileno),
                 void *ctx);

/* The streamed declarations ds[0..n) that bind_stream is about to read, in
   this order, with ah (NULL: each alone): their files are listed now, and
   those read in one streaming pass are read ahead on the threads of
   BindOptions.jobs, across declarations (so that the files of a standard
   checked per file are read while the one before is evaluated). NULL when
   there is one job. bind_ahead_end stops the threads and frees the rest. */
Ahead *bind_ahead(Binding *b, const Decl *const *ds, int n);
void bind_ahead_end(Ahead *ah);

#endif
