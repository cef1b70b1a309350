/* bind.c - evidence declarations bound to their files: XPath selection, or
 * the streaming reader; conversion of text to values; records read a file
 * at a time. The files themselves (globs, safe reading, hashes) are
 * files.c's. */
#define _XOPEN_SOURCE 700
#include "bind.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <openssl/evp.h>

#include "evidence.h"
#include "extract_xml.h"
#include "prefetch.h"
#include "files.h"

/* ---- selection ---------------------------------------------------------- */

/* The format a declaration names, or its glob's extension implies (the
   type checker has refused any other). */
static EvFormat format_of(const Decl *d)
{
    if (d->format)
        return (EvFormat)ev_format_named(d->format);
    const char *dot = strrchr(d->glob, '.');
    int f = dot ? ev_format_of_ext(dot + 1) : -1;
    return f < 0 ? FMT_XML : (EvFormat)f;
}

/* s[0..n) without leading and trailing white space: its start, *len. */
static const char *trim_n(const char *s, size_t n, size_t *len)
{
    size_t b = 0;
    while (b < n && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r'))
        b++;
    while (n > b && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    *len = n - b;
    return s + b;
}

static const char *trimmed(const char *s, size_t *len)
{
    return trim_n(s, strlen(s), len);
}

/* Strings that repeat (categories, outcomes, model names) are kept once per
   declaration rather than once per record, up to MAX_INTERNED distinct
   ones; longer or rarer strings are copied as they come. */
enum { MAX_INTERNED = 4096, MAX_INTERNED_LEN = 128 };

static Value convert(Arena *a, Arena *ia, Map *interns, const Field *f, const char *t,
                     size_t len, const char *evname, const char *file, unsigned long line)
{
    if (f->ty->kind != T_STRING || len >= MAX_INTERNED_LEN || !interns)
        return v_convert(a, f->ty, t, len, evname, f->name, file, line);
    if (memchr(t, '\0', len))  /* a NUL inside: not a key */
        return v_convert(a, f->ty, t, len, evname, f->name, file, line);
    const char *s = map_get_n(interns, t, len);
    if (!s) {
        if (interns->n >= MAX_INTERNED)
            return v_convert(a, f->ty, t, len, evname, f->name, file, line);
        s = arena_strndup(ia, t, len);   /* outlives the file */
        map_put(interns, s, (void *)s);
    }
    return v_str(s, len);
}

typedef struct Sel {
    Arena *a;                /* values of this file */
    Arena *ia;               /* interned strings (the binding's) */
    xmlXPathContextPtr ctx;
    const char *evname;
    const char *file;        /* path for messages */
    int fileno;
    Map *interns;
    size_t text, text_max;   /* bytes of the values read from the file: an
                                element's value is all the text below it,
                                so that nested records could hold the file
                                many times over (500 nested arrays around
                                one 2 MB string took 1 GB) */
    bool archive;            /* an .eval log: each value names its member */
    const void *member_key;  /* the member last named, and its name in ia */
    const char *member;
} Sel;

/* The bytes of values one file may give, against its size. */
#define TEXT_PER_BYTE 16
#define TEXT_SLACK (1 << 20)

/* The value of one node (§5): an element's text without leading and
   trailing white space, an attribute's value. A JSON null is no value. */
static Value node_value(Sel *s, const Field *f, xmlNodePtr node, const Origin *o)
{
    if (node->type == XML_ELEMENT_NODE) {
        /* a JSON null: an empty element of a synthetic tree with
           null="true"; looked up without a copy, for this runs per value */
        if (!node->children && node->doc && node->doc->_private)
            for (xmlAttrPtr a = node->properties; a; a = a->next)
                if (strcmp((const char *)a->name, "null") == 0 && a->children
                    && strcmp((const char *)a->children->content, "true") == 0)
                    return (Value){.kind = V_NONE, .origin = o};
    }
    /* an attribute or element with one text child: its text, without a
       copy (the common case); otherwise libxml2 gathers the content */
    xmlChar *text = NULL;
    const xmlChar *content;
    xmlNodePtr kid = node->children;
    if ((node->type == XML_ATTRIBUTE_NODE || node->type == XML_ELEMENT_NODE) && kid
        && !kid->next && kid->type == XML_TEXT_NODE)
        content = kid->content;
    else if (node->type == XML_ELEMENT_NODE && !kid)
        content = (const xmlChar *)"";
    else
        content = text = xmlNodeGetContent(node);
    size_t len;
    const char *t = trimmed(content ? (const char *)content : "", &len);
    Value v;
    if (len > s->text_max - s->text) {
        s->text = s->text_max;
        v = v_err(s->a, "evidence '%s': the values read from %s are more than %d times its "
                  "size (values that hold the text of many nested nodes)", s->evname, s->file,
                  TEXT_PER_BYTE);
    } else {
        s->text += len;
        v = convert(s->a, s->ia, s->interns, f, t, len, s->evname, s->file,
                    o ? o->line : ev_line(node));
    }
    xmlFree(text);
    v.origin = o;
    return v;
}

/* Appends v. Arrays start on the caller's stack or as NULL and grow on the
   heap; whoever holds the final array frees it (or gives it to the arena). */
static void push_value(Sel *s, Value v, Value **out, size_t *n, size_t *cap)
{
    (void)s;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        bool on_stack = *cap == 1;
        Value *grown = on_stack ? xmalloc(sizeof(Value) * nc)
                                : xrealloc(*out, sizeof(Value) * nc);
        if (on_stack)
            memcpy(grown, *out, sizeof(Value) * *n);
        *out = grown;
        *cap = nc;
    }
    (*out)[(*n)++] = v;
}

/* The field of a record, when its XPath is a plain attribute (@name) or
   child element (name): read directly, which is what the XPath would select
   but without an XPath evaluation per record. Returns false when the path
   is not that simple. */
static bool simple_field(Sel *s, const Field *f, xmlNodePtr rec, const Origin *o, Value **out,
                         size_t *n, size_t *cap)
{
    const char *xp = f->xpath;
    bool attr = xp[0] == '@';
    const char *name = attr ? xp + 1 : xp;
    if (!*name || xmlValidateNCName((const xmlChar *)name, 0) != 0)
        return false;
    if (attr) {
        for (xmlAttrPtr a = rec->properties; a; a = a->next)
            if (!a->ns && strcmp((const char *)a->name, name) == 0) {
                push_value(s, node_value(s, f, (xmlNodePtr)a, o), out, n, cap);
                break;
            }
        return true;
    }
    for (xmlNodePtr c = rec->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !c->ns && strcmp((const char *)c->name, name) == 0) {
            Value v = node_value(s, f, c, o);
            if (v.kind != V_NONE)
                push_value(s, v, out, n, cap);
        }
    return true;
}

/* The archive member node comes from, in an .eval log (read_eval.c marks
   the element of each member), or NULL. Records of one member come
   together: the name is copied once per run of them. */
static const char *member_of(Sel *s, xmlNodePtr node)
{
    if (!s->archive)
        return NULL;
    for (xmlNodePtr n = node; n && n->type != XML_DOCUMENT_NODE; n = n->parent)
        if (n->type == XML_ELEMENT_NODE && n->_private) {
            if (n->_private != s->member_key) {
                s->member_key = n->_private;
                s->member = arena_strdup(s->ia, n->_private);
            }
            return s->member;
        }
    return NULL;
}

/* The origin of a value read from node, in the current file. */
static const Origin *origin_of(Sel *s, xmlNodePtr node)
{
    Origin *o = NEW(s->a, Origin);
    o->file = s->fileno;
    o->line = ev_line(node);
    o->member = member_of(s, node);
    return o;
}

/* Why an XPath evaluation gave no result: the step budget, or another
   failure (libxml2 keeps the reason in the context). */
static const char *failed(Sel *s, const char *what, const char *name)
{
    if (s->ctx->lastError.code == XPATH_OP_LIMIT_EXCEEDED + XML_XPATH_EXPRESSION_OK
                                  - XPATH_EXPRESSION_OK)
        return arena_printf(s->a, "the XPath of %s '%s' ran over its budget of %lu steps on "
                            "%s (--xpath-budget)", what, name, s->ctx->opLimit, s->file);
    return arena_printf(s->a, "the XPath of %s '%s' failed on %s", what, name, s->file);
}

/* Runs a compiled XPath from node and appends what it selects to out;
   values take origin o, or each its own when o is NULL. */
static const char *select_values(Sel *s, const Field *f, xmlXPathCompExprPtr comp,
                                 xmlNodePtr from, const Origin *fixed, Value **out, size_t *n,
                                 size_t *cap)
{
    s->ctx->node = from;
    s->ctx->opCount = 0;
    xmlResetError(&s->ctx->lastError);
    xmlXPathObjectPtr r = xmlXPathCompiledEval(comp, s->ctx);
    if (!r)
        return failed(s, "field", f->name);
    const char *why = NULL;
    switch (r->type) {
    case XPATH_NODESET: {
        int count = r->nodesetval ? r->nodesetval->nodeNr : 0;
        for (int i = 0; i < count; i++) {
            xmlNodePtr node = r->nodesetval->nodeTab[i];
            const Origin *o = fixed ? fixed : origin_of(s, node);
            Value v = node_value(s, f, node, o);
            if (v.kind != V_NONE)
                push_value(s, v, out, n, cap);
        }
        break;
    }
    case XPATH_NUMBER: case XPATH_STRING: case XPATH_BOOLEAN: {
        xmlChar *str = xmlXPathCastToString(r);
        const Origin *o = fixed ? fixed : origin_of(s, from);
        size_t len;
        const char *t = trimmed(str ? (const char *)str : "", &len);
        Value v = convert(s->a, s->ia, s->interns, f, t, len, s->evname, s->file, 0);
        xmlFree(str);
        v.origin = o;
        push_value(s, v, out, n, cap);
        break;
    }
    default:
        why = arena_printf(s->a, "the XPath of field '%s' gives a value of an unsupported kind",
                           f->name);
        break;
    }
    xmlXPathFreeObject(r);
    return why;
}

/* Node paths as xmlGetNodePath writes them ("/json/incidents[3]"), which
   counts a node's same-name siblings each time: quadratic over a large
   file. Records come in document order, so the siblings of one parent are
   counted once, and the parent's path is computed once. */
typedef struct Paths {
    xmlNodePtr parent;
    const char *parent_path; /* in the arena */
    const char *name;        /* the last node name, in the arena */
    xmlNodePtr *kids;        /* element children of parent, in order */
    size_t *index;           /* their position among same-name siblings */
    bool *alone;             /* no sibling shares the name */
    size_t n, cap;
    size_t cursor;           /* where the last node was found */
} Paths;

static void paths_free(Paths *p)
{
    free(p->kids);
    free(p->index);
    free(p->alone);
    memset(p, 0, sizeof *p);
}

static void node_path(Arena *a, Paths *p, xmlNodePtr node, Origin *o)
{
    xmlNodePtr parent = node->parent;
    if (node->type != XML_ELEMENT_NODE || node->ns || !parent
        || parent->type != XML_ELEMENT_NODE) {
        xmlChar *path = xmlGetNodePath(node);
        o->path = arena_strdup(a, path ? (const char *)path : "");
        xmlFree(path);
        return;
    }
    if (parent != p->parent) {
        paths_free(p);
        p->parent = parent;
        xmlChar *pp = xmlGetNodePath(parent);
        p->parent_path = arena_strdup(a, pp ? (const char *)pp : "");
        xmlFree(pp);
        for (xmlNodePtr c = parent->children; c; c = c->next) {
            /* as xmlGetNodePath counts: the elements of the same name and
               no namespace (a namespaced n:item is not an item's sibling
               of the same name; such nodes take xmlGetNodePath above) */
            if (c->type != XML_ELEMENT_NODE || c->ns)
                continue;
            if (p->n == p->cap) {
                p->cap = p->cap ? p->cap * 2 : 64;
                p->kids = xrealloc(p->kids, sizeof(xmlNodePtr) * p->cap);
                p->index = xrealloc(p->index, sizeof(size_t) * p->cap);
                p->alone = xrealloc(p->alone, sizeof(bool) * p->cap);
            }
            p->kids[p->n] = c;
            p->index[p->n] = 1;
            p->alone[p->n] = true;
            p->n++;
        }
        /* same-name counts: names repeat in runs in evidence (row, row, ...),
           so compare with a small table of the names seen */
        Map *seen = map_new(a);
        for (size_t i = 0; i < p->n; i++) {
            size_t *count = map_get(seen, (const char *)p->kids[i]->name);
            if (!count) {
                count = arena_alloc(a, sizeof(size_t) * 2);
                count[1] = i;           /* the first of the name */
                map_put(seen, (const char *)p->kids[i]->name, count);
            } else {
                p->alone[count[1]] = false;
                p->alone[i] = false;
            }
            p->index[i] = ++count[0];
        }
    }
    size_t lo = p->cursor;
    while (lo < p->n && p->kids[lo] != node)
        lo++;
    if (lo == p->n)
        for (lo = 0; lo < p->n && p->kids[lo] != node; lo++)
            ;
    p->cursor = lo;
    if (lo == p->n) {
        xmlChar *path = xmlGetNodePath(node);
        o->path = arena_strdup(a, path ? (const char *)path : "");
        xmlFree(path);
        return;
    }
    /* joined later, only if a report shows it */
    if (!p->name || strcmp(p->name, (const char *)node->name) != 0)
        p->name = arena_strdup(a, (const char *)node->name);
    o->path = p->parent_path;
    o->name = p->name;
    o->index = p->alone[lo] ? 0 : (uint32_t)p->index[lo];
}

static void silent_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* Some of libxml2's XPath messages go to the generic error handler. */
static void silent_generic(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void quiet_libxml(bool quiet)
{
    xmlSetStructuredErrorFunc(NULL, quiet ? silent_error : NULL);
    xmlSetGenericErrorFunc(NULL, quiet ? silent_generic : NULL);
}

typedef struct Growing {
    Value *vals;
    size_t n, cap;
} Growing;


/* Room for need records in rs (its origins and the columns of set's
   fields). On the heap, so that realloc can grow in place; the arena owns
   the final arrays. */
static void grow_set(RecSet *rs, const Field *set, size_t need, size_t *cap)
{
    if (need <= *cap)
        return;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    rs->origin = xrealloc(rs->origin, sizeof(Origin) * nc);
    for (const Field *g = set->fields; g; g = g->next)
        rs->cols[g->index] = xrealloc(rs->cols[g->index], sizeof(Cell) * nc);
    *cap = nc;
}

/* A record field no expression reads is not selected or converted (about
   a third of reading a CSV file of five columns for a rule that reads one,
   docs/performance.md): its cell says so, an error, should a reader ever
   reach it. */
static const Cell unread_cell = {.s = "internal error: a record field that no expression "
                                      "reads was not converted", .kind = V_ERR};

/* The value of field g of a record at o, from the n values its path
   selected (the first of them in first), or the error e. */
static Value record_value(Arena *a, const Decl *d, const Field *set, const Field *g,
                          const char *e, size_t n, Value first, const char *rel, Origin *o)
{
    Value v;
    if (e)
        v = v_err(a, "evidence '%s': %s", d->name, e);
    else if (n == 0)
        v = g->optional ? (Value){.kind = V_NONE}
                        : v_err(a, "evidence '%s', field '%s.%s': no value in the record at "
                                "%s:%lu", d->name, set->name, g->name, rel, o->line);
    else if (n > 1)
        v = v_err(a, "evidence '%s', field '%s.%s': %zu values in the record at %s:%lu (one "
                  "expected)", d->name, set->name, g->name, n, rel, o->line);
    else
        v = first;
    if (v.kind != V_ERR || !v.origin)
        v.origin = o;
    return v;
}

/* Why a file was refused, for Bound.error. */
static const char *refused(Arena *a, const Decl *d, const char *rel, const ReadError *err)
{
    return err->line ? arena_printf(a, "evidence '%s': %s:%lu: %s", d->name, rel, err->line,
                                    err->msg)
                     : arena_printf(a, "evidence '%s': %s: %s", d->name, rel, err->msg);
}

/* The --max-values error, once a top-level field has more values. */
static const char *too_many(Arena *a, const Decl *d, const Field *f, const Growing *gr,
                            const BindOptions *opt, const char *rel)
{
    if ((long long)gr->n <= opt->max_values)
        return NULL;
    return arena_printf(a, "evidence '%s': field '%s' has more than %lld values (--max-values), "
                        "reached in %s", d->name, f->name, opt->max_values, rel);
}

static void progress(const Bound *bd, const Decl *d, const BindOptions *opt, size_t nfiles)
{
    if (!opt->progress)
        return;
    size_t records = 0;
    for (const Field *f = d->fields; f; f = f->next)
        if (f->records)
            records += bd->sets[f->index]->seen;
    opt->progress(opt->progress_ctx, (int)nfiles, records);
}

/* ---- streaming XML (extract_xml.c) ------------------------------------- */

typedef struct Open {        /* the record of one block being read */
    size_t ri;
    int nfields;
    size_t *count;           /* values seen per field */
    Value *first;            /* the first of them, converted */
} Open;

typedef struct Stream {
    Arena *a;                /* values of this file */
    Arena *pa;               /* what outlives it: errors, interned strings */
    const Decl *d;
    RecSet **sets;           /* per field index: the records being filled */
    const BindOptions *opt;
    const char *rel;
    int fileno;
    Growing *top;
    size_t *set_cap;
    Open *open;              /* per field index of d */
    size_t *paths_done;      /* per field index: records given their path */
    size_t *file_first;      /* per field index: the block's first record of this file */
    const char *error;       /* a limit reached: the rest of the file is ignored */
    Map *interns;
    bool streamed;           /* records read a file at a time (bind_stream) */
    const char *member;      /* an .eval log: the member being read */
} Stream;

/* The records of rs that --max-records bounds: those held at once, which
   are every file's when records are kept whole and one file's when they
   are read a file at a time (a bound on memory, not on how many records
   stream through). */
static size_t held(const RecSet *rs, bool streamed)
{
    return streamed ? rs->n : rs->seen;
}

static Value text_value(Stream *st, const Field *f, const char *text, size_t len,
                        unsigned long line)
{
    size_t n;
    const char *t = trim_n(text, len, &n);
    return convert(st->a, st->pa, st->interns, f, t, n, st->d->name, st->rel, line);
}

static void st_value(void *ctx, const Field *f, const char *text, size_t len, unsigned long line)
{
    Stream *st = ctx;
    if (st->error)
        return;
    Origin *o = NEW(st->a, Origin);
    o->file = st->fileno;
    o->line = line;
    o->member = st->member;
    Value v = text_value(st, f, text, len, line);
    v.origin = o;
    Growing *gr = &st->top[f->index];
    push_value(NULL, v, &gr->vals, &gr->n, &gr->cap);
}

static void st_record(void *ctx, const Field *set, unsigned long line)
{
    Stream *st = ctx;
    if (st->error)
        return;
    RecSet *rs = st->sets[set->index];
    if ((long long)held(rs, st->streamed) >= st->opt->max_records) {
        st->error = arena_printf(st->pa, "evidence '%s': records '%s' are more than %lld "
                                 "(--max-records), reached in %s", st->d->name, set->name,
                                 st->opt->max_records, st->rel);
        return;
    }
    if (rs->n + 1 > st->set_cap[set->index])
        grow_set(rs, set, rs->n + 1, &st->set_cap[set->index]);
    Open *op = &st->open[set->index];
    op->ri = rs->n++;
    rs->seen++;
    rs->origin[op->ri] = (Origin){.file = st->fileno, .line = line, .member = st->member};
    memset(op->count, 0, sizeof(size_t) * (size_t)op->nfields);
}

static void st_field(void *ctx, const Field *set, const Field *f, const char *text, size_t len)
{
    Stream *st = ctx;
    if (st->error)
        return;
    Open *op = &st->open[set->index];
    if (op->count[f->index]++ == 0) {
        const Origin *o = &st->sets[set->index]->origin[op->ri];
        op->first[f->index] = text_value(st, f, text, len, o->line);
        op->first[f->index].origin = o;
    }
}

static void st_record_end(void *ctx, const Field *set)
{
    Stream *st = ctx;
    if (st->error)
        return;
    Open *op = &st->open[set->index];
    RecSet *rs = st->sets[set->index];
    Origin *o = &rs->origin[op->ri];
    for (const Field *g = set->fields; g; g = g->next) {
        Cell *c = &rs->cols[g->index][op->ri];
        if (!field_wanted(g)) {
            *c = unread_cell;
        } else if (op->count[g->index] == 1) {
            *c = v_cell(st->a, &op->first[g->index]);   /* the usual: one value */
        } else {
            Value v = record_value(st->a, st->d, set, g, NULL, op->count[g->index],
                                   op->first[g->index], st->rel, o);
            *c = v_cell(st->a, &v);
        }
    }
}

static void st_path(void *ctx, const Field *set, size_t i, const char *parent, const char *name,
                    unsigned long index)
{
    (void)i;
    Stream *st = ctx;
    if (st->error)
        return;
    Origin *o = &st->sets[set->index]->origin[st->file_first[set->index]
                                                   + st->paths_done[set->index]++];
    o->path = parent;
    o->name = name;
    o->index = (uint32_t)index;
}

static void st_member(void *ctx, const char *name)
{
    Stream *st = ctx;
    /* kept with what outlives the file: counterexamples name it */
    st->member = arena_strdup(st->pa, name);
}

/* The per-block state of st's streaming reading (st->d has nf fields). */
static void stream_open(Stream *st, Arena *a, int nf)
{
    st->open = arena_alloc(a, sizeof(Open) * (size_t)(nf + 1));
    st->paths_done = arena_alloc(a, sizeof(size_t) * (size_t)(nf + 1));
    st->file_first = arena_alloc(a, sizeof(size_t) * (size_t)(nf + 1));
    for (const Field *f = st->d->fields; f; f = f->next) {
        if (!f->records)
            continue;
        int k = 0;
        for (const Field *g = f->fields; g; g = g->next)
            k++;
        st->open[f->index].nfields = k;
        st->open[f->index].count = arena_alloc(a, sizeof(size_t) * (size_t)(k + 1));
        st->open[f->index].first = arena_alloc(a, sizeof(Value) * (size_t)(k + 1));
    }
}

/* The end of one file of a streamed declaration: fn sees its records (if
   it was read whole), top-level values read from it are kept (the first
   time) and its arena is freed. Nothing to do when not streaming. */
static void file_done(Binding *b, const Decl *d, Arena *fa, Growing *top, const size_t *before,
                      bool again, void (*fn)(void *, int), void *fctx, int fileno)
{
    if (!fn)
        return;
    Bound *bd = &b->bound[d->index];
    if (!bd->error) {
        size_t held = 0;
        for (const Field *f = d->fields; f; f = f->next)
            if (f->records)
                held += bd->sets[f->index]->n;
        if (!again) {
            bd->most = held > bd->most ? held : bd->most;
            bd->records += held;
        }
        fn(fctx, fileno);
    }
    for (const Field *f = d->fields; f; f = f->next) {
        if (f->records)
            continue;
        Growing *gr = &top[f->index];
        if (again || bd->error)
            gr->n = before[f->index];     /* known already, or of no use */
        else
            for (size_t i = before[f->index]; i < gr->n; i++)
                gr->vals[i] = v_keep(b->arena, &gr->vals[i]);
    }
    arena_free(fa);
}

/* One declaration being read (bind_decl), and what its parts share. */
typedef struct DeclRead {
    Binding *b;
    const Decl *d;
    Bound *bd;
    Arena *a;                /* the binding's */
    const BindOptions *opt;
    bool again;              /* a second pass over streamed files: the files
                                and top-level values are known; only the
                                records are read again */
    void (*fn)(void *, int); /* bind_stream's callback, or NULL */
    void *fctx;
    int nf;                  /* fields of d */
    Growing *top;            /* per top-level field: its values so far */
    size_t *set_cap;         /* per records block: its capacity */
    xmlXPathCompExprPtr *comp;     /* per field: its XPath, compiled */
    xmlXPathCompExprPtr **sub;     /* per records block, per field of it */
    EvFormat fmt;
    Map *interns;
} DeclRead;

/* An empty record set of the block f. */
static RecSet *new_recset(Arena *a, const Field *f)
{
    int m = 0;
    for (const Field *g = f->fields; g; g = g->next)
        m++;
    RecSet *rs = NEW(a, RecSet);
    rs->decl = f;
    rs->cols = arena_alloc(a, sizeof(Cell *) * (size_t)(m + 1));
    return rs;
}

/* Compiles every XPath of the declaration once, and makes its record
   sets. */
static void compile_paths(DeclRead *r)
{
    Arena *a = r->a;
    const Decl *d = r->d;
    xmlXPathContextPtr cctx = xmlXPathNewContext(NULL);
    r->comp = arena_alloc(a, sizeof(void *) * (size_t)(r->nf + 1));
    r->sub = arena_alloc(a, sizeof(void *) * (size_t)(r->nf + 1));
    quiet_libxml(true);
    for (const Field *f = d->fields; f; f = f->next) {
        r->comp[f->index] = cctx ? xmlXPathCtxtCompile(cctx, (const xmlChar *)f->xpath) : NULL;
        if (f->records) {
            int m = 0;
            for (const Field *g = f->fields; g; g = g->next)
                m++;
            r->sub[f->index] = arena_alloc(a, sizeof(void *) * (size_t)(m + 1));
            for (const Field *g = f->fields; g; g = g->next)
                r->sub[f->index][g->index]
                    = cctx ? xmlXPathCtxtCompile(cctx, (const xmlChar *)g->xpath) : NULL;
            r->bd->sets[f->index] = new_recset(a, f);
        }
    }
    quiet_libxml(false);
    xmlXPathFreeContext(cctx);
}

/* Why the files the glob matches now (m) are not those of the first pass,
   or NULL: the glob must match what it matched the first time, for the
   report lists and hashes those files (v1.1 §1, evidence that changes
   while it is read). */
static const char *files_changed(const Binding *b, const Decl *d, const Matches *m)
{
    const Bound *bd = &b->bound[d->index];
    const char *change = NULL;
    size_t i = 0;
    int k = 0;
    while (!change && (i < m->n || k < bd->nfiles)) {
        const char *old = k < bd->nfiles ? b->files[bd->first_file + k].path : NULL;
        int c = !old ? -1 : i >= m->n ? 1 : strcmp(m->paths[i], old);
        if (c < 0)
            change = arena_printf(b->arena, "%s was added", m->paths[i]);
        else if (c > 0)
            change = arena_printf(b->arena, "%s was removed", old);
        i++;
        k++;
    }
    if (!change)
        return NULL;
    return arena_printf(b->arena, "evidence '%s': its files changed while accord read them (%s)",
                        d->name, change);
}

const char *evfile_sha256(const EvFile *f, char buf[65])
{
    if (!f->hashed)
        return "unavailable";
    sha256_text(f->sha256, buf);
    return buf;
}

/* The file rel (its i-th match, len bytes in buf) entered in the binding,
   with its hash: its number, or -1 with bd->error set when, on a second
   pass, it is not the file that was hashed the first time (the report
   gives the hashes of the first reading). */
static int enter_file(DeclRead *r, size_t i, const char *rel, const char *buf, size_t len,
                      const Fetched *ft)
{
    Binding *b = r->b;
    Bound *bd = r->bd;
    unsigned char sum[32];
    /* the SHA-256, unless a worker has made it */
    bool summed = ft ? (memcpy(sum, ft->sha256, 32), ft->hashed) : sha256_bytes(buf, len, sum);
    if (r->again) {
        int fileno = bd->first_file + (int)i;
        if (fileno >= b->nfiles || strcmp(b->files[fileno].path, rel) != 0 || !summed
            || !b->files[fileno].hashed || memcmp(sum, b->files[fileno].sha256, 32) != 0) {
            bd->error = arena_printf(r->a, "evidence '%s': %s changed while accord read it",
                                     r->d->name, rel);
            return -1;
        }
        return fileno;
    }
    b->files = arena_grow(r->a, b->files, b->nfiles, &b->filecap, sizeof(EvFile));
    EvFile *ef = &b->files[b->nfiles++];
    memset(ef, 0, sizeof *ef);
    ef->path = rel;
    ef->evidence = r->d->name;
    ef->format = ev_formats[r->fmt].name;
    ef->bytes = (long long)len;
    ef->hashed = summed;
    if (summed)
        memcpy(ef->sha256, sum, 32);
    if (r->fn)
        bd->nfiles++;
    return b->nfiles - 1;
}

/* The records of block f in one file read as a tree (s, from its root
   root): each node f's XPath selects, then each field relative to it. An
   error, or NULL. */
static const char *tree_records(DeclRead *r, Sel *s, const Field *f, xmlNodePtr root,
                                const char *rel)
{
    Arena *a = r->a, *fa = s->a;
    const Decl *d = r->d;
    xmlXPathContextPtr ctx = s->ctx;
    ctx->node = root;
    ctx->opCount = 0;
    xmlResetError(&ctx->lastError);
    xmlXPathObjectPtr res = xmlXPathCompiledEval(r->comp[f->index], ctx);
    if (!res || res->type != XPATH_NODESET) {
        const char *e = res ? arena_printf(a, "evidence '%s': the XPath of records '%s' does "
                                           "not select nodes on %s", d->name, f->name, rel)
                            : arena_printf(a, "evidence '%s': %s", d->name,
                                           failed(s, "records", f->name));
        xmlXPathFreeObject(res);
        return e;
    }
    RecSet *rs = r->bd->sets[f->index];
    int count = res->nodesetval ? res->nodesetval->nodeNr : 0;
    if ((long long)(held(rs, r->fn != NULL) + (size_t)count) > r->opt->max_records) {
        xmlXPathFreeObject(res);
        return arena_printf(a, "evidence '%s': records '%s' are more than %lld "
                            "(--max-records), reached in %s", d->name, f->name,
                            r->opt->max_records, rel);
    }
    grow_set(rs, f, rs->n + (size_t)count, &r->set_cap[f->index]);
    xmlXPathCompExprPtr *sub = r->sub[f->index];
    Paths paths = {0};
    for (int k = 0; k < count; k++) {
        xmlNodePtr node = res->nodesetval->nodeTab[k];
        size_t ri = rs->n++;
        rs->seen++;
        Origin *o = &rs->origin[ri];
        /* node_path sets only what the node's path needs: a record at the
           root (/json) has no name or index of its own */
        memset(o, 0, sizeof *o);
        o->file = s->fileno;
        o->line = ev_line(node);
        o->member = member_of(s, node);
        node_path(fa, &paths, node, o);
        for (const Field *g = f->fields; g; g = g->next) {
            if (!field_wanted(g)) {
                rs->cols[g->index][ri] = unread_cell;
                continue;
            }
            Value one[1];
            Value *vals = one;
            size_t n = 0, cap = 1;
            const char *e = NULL;
            if (!simple_field(s, g, node, o, &vals, &n, &cap))
                e = sub[g->index] ? select_values(s, g, sub[g->index], node, o, &vals, &n, &cap)
                                  : "does not compile";
            Value v = record_value(fa, d, f, g, e, n, n ? vals[0] : (Value){0}, rel, o);
            if (vals != one)
                free(vals);
            rs->cols[g->index][ri] = v_cell(fa, &v);
        }
    }
    paths_free(&paths);
    xmlXPathFreeObject(res);
    return NULL;
}

/* One file (len bytes in buf) read as a tree and selected with XPath, its
   values in fa: false, with bd->error set, when the file is refused. */
static bool read_tree(DeclRead *r, Arena *fa, const char *rel, int fileno, const char *buf,
                      size_t len)
{
    Arena *a = r->a;
    const Decl *d = r->d;
    const BindOptions *opt = r->opt;
    Bound *bd = r->bd;
    ReadError err = {{0}, 0};
    ReadLimits lim = {opt->max_depth, opt->max_nodes, opt->max_file_size};
    xmlDocPtr doc = ev_read(r->fmt, buf, len, &lim, &err);
    if (!doc) {
        bd->error = refused(a, d, rel, &err);
        return false;
    }
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    if (!ctx) {
        xmlFreeDoc(doc);
        bd->error = "out of memory";
        return false;
    }
    ctx->opLimit = opt->xpath_ops;
    Sel s = {fa, a, ctx, d->name, rel, fileno, r->interns, 0, TEXT_PER_BYTE * len + TEXT_SLACK,
             .archive = r->fmt == FMT_EVAL};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    quiet_libxml(true);
    for (const Field *f = d->fields; f && !bd->error; f = f->next) {
        if (!r->comp[f->index]) {
            bd->error = arena_printf(a, "evidence '%s': the XPath of field '%s' does not "
                                     "compile", d->name, f->name);
            break;
        }
        if (f->records) {
            bd->error = tree_records(r, &s, f, root, rel);
            continue;
        }
        Growing *gr = &r->top[f->index];
        const char *e = select_values(&s, f, r->comp[f->index], root, NULL, &gr->vals, &gr->n,
                                      &gr->cap);
        bd->error = e ? arena_printf(a, "evidence '%s': %s", d->name, e)
                      : too_many(a, d, f, gr, opt, rel);
    }
    quiet_libxml(false);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return true;
}

/* ---- files converted on a worker (prefetch.h) -------------------------- */

/* What a worker makes of one file of a declaration: what the caller's
   Stream would (the same st_ functions), in record sets, values and an
   interned-string table of its own (the last two in the file's arena),
   for the caller to take over (adopt). Kept by the worker's slot from
   file to file, its arrays exchanged with the caller's at each. */
typedef struct Converted {
    const void *ctx;         /* the ConvCtx it is for */
    Arena *ca;               /* what lasts from file to file */
    RecSet **sets;           /* per field index */
    Growing *top;            /* per top-level field: the file's values */
    size_t *set_cap;
    Stream st;
} Converted;

typedef struct ConvCtx {
    const Decl *d;
    const BindOptions *opt;
} ConvCtx;

static void conv_free(void *state)
{
    Converted *c = state;
    if (!c)
        return;
    for (const Field *f = c->st.d->fields; f; f = f->next) {
        if (f->records) {
            RecSet *rs = c->sets[f->index];
            free(rs->origin);
            for (const Field *g = f->fields; g; g = g->next)
                free(rs->cols[g->index]);
        } else {
            free(c->top[f->index].vals);
        }
    }
    arena_free(c->ca);
    free(c);
}

/* PrefetchConv's begin: the state made for the declaration of ctx (at
   a slot's first file, or when the slot passes to another declaration),
   then emptied for the file rel. */
static void conv_begin(const void *ctx, void **state, Arena *fa, const char *rel, XmlSink *sink)
{
    const ConvCtx *cx = ctx;
    Converted *c = *state;
    if (c && c->ctx != ctx) {
        conv_free(c);
        c = NULL;
    }
    if (!c) {
        c = xcalloc(1, sizeof *c);
        c->ctx = ctx;
        Arena *ca = c->ca = arena_new();
        int nf = 0;
        for (const Field *f = cx->d->fields; f; f = f->next)
            nf++;
        c->sets = arena_alloc(ca, sizeof(RecSet *) * (size_t)(nf + 1));
        c->top = arena_alloc(ca, sizeof(Growing) * (size_t)(nf + 1));
        c->set_cap = arena_alloc(ca, sizeof(size_t) * (size_t)(nf + 1));
        for (const Field *f = cx->d->fields; f; f = f->next)
            if (f->records)
                c->sets[f->index] = new_recset(ca, f);
        c->st = (Stream){.d = cx->d, .sets = c->sets, .opt = cx->opt, .top = c->top,
                         .set_cap = c->set_cap, .streamed = true};
        stream_open(&c->st, ca, nf);
        *state = c;
    }
    Stream *st = &c->st;
    st->a = st->pa = fa;
    st->rel = rel;
    st->error = NULL;
    st->member = NULL;
    st->interns = map_new(fa);
    for (const Field *f = st->d->fields; f; f = f->next) {
        if (f->records) {
            c->sets[f->index]->n = 0;
            st->file_first[f->index] = st->paths_done[f->index] = 0;
        } else {
            c->top[f->index].n = 0;
        }
    }
    *sink = (XmlSink){st, st_value, st_record, st_field, st_record_end, st_path, st_member};
}

static const PrefetchConv conv_ops = {conv_begin, conv_free};

/* The origin o of the file fileno: a worker knows neither the file's
   number nor an arena that outlives the file, for the name of an .eval
   member (*seen, *copy: the last one copied, as records follow their
   member's name). */
static void adopt_origin(Stream *st, Origin *o, int fileno, const char **seen,
                         const char **copy)
{
    o->file = fileno;
    if (o->member) {
        if (o->member != *seen) {
            *seen = o->member;
            *copy = arena_strdup(st->pa, o->member);
        }
        o->member = *copy;
    }
}

/* The file a worker converted (c) taken over as if read here (st): its
   records moved into the caller's sets (the arrays exchanged, for the
   worker to fill again), its top-level values added, a limit it reached
   kept. */
static void adopt(DeclRead *r, Stream *st, Converted *c, int fileno)
{
    const char *seen = NULL, *copy = NULL;
    for (const Field *f = r->d->fields; f; f = f->next) {
        if (f->records) {
            RecSet *rs = r->bd->sets[f->index], *cs = c->sets[f->index];
            Origin *o = rs->origin;
            rs->origin = cs->origin;
            cs->origin = o;
            for (const Field *g = f->fields; g; g = g->next) {
                Cell *col = rs->cols[g->index];
                rs->cols[g->index] = cs->cols[g->index];
                cs->cols[g->index] = col;
            }
            size_t cap = r->set_cap[f->index];
            r->set_cap[f->index] = c->set_cap[f->index];
            c->set_cap[f->index] = cap;
            rs->n = cs->n;
            rs->seen += cs->n;
            cs->n = 0;
            for (size_t k = 0; k < rs->n; k++)
                adopt_origin(st, &rs->origin[k], fileno, &seen, &copy);
        } else {
            Growing *from = &c->top[f->index], *to = &r->top[f->index];
            for (size_t k = 0; k < from->n; k++) {
                Value v = from->vals[k];
                adopt_origin(st, (Origin *)v.origin, fileno, &seen, &copy);
                push_value(NULL, v, &to->vals, &to->n, &to->cap);
            }
        }
    }
    if (c->st.error)
        st->error = arena_strdup(st->pa, c->st.error);
}

/* One file through the streaming reader (plan), its values in fa (st);
   read ahead and converted by a worker when ft is not NULL (taken over). */
static void read_events(DeclRead *r, Stream *st, const XmlPlan *plan, Arena *fa,
                        const char *rel, int fileno, const char *buf, size_t len,
                        const Fetched *ft)
{
    const Decl *d = r->d;
    Bound *bd = r->bd;
    ReadError err = {{0}, 0};
    st->a = fa;
    st->rel = rel;
    st->fileno = fileno;
    for (const Field *f = d->fields; f; f = f->next)
        if (f->records) {
            st->file_first[f->index] = bd->sets[f->index]->n;
            st->paths_done[f->index] = 0;
        }
    XmlSink sink = {st, st_value, st_record, st_field, st_record_end, st_path, st_member};
    st->member = NULL;
    bool ok;
    if (ft) {
        ok = ft->ok;
        err = ft->err;
        if (ok)
            adopt(r, st, ft->conv, fileno);
    } else {
        ReadLimits lim = {r->opt->max_depth, r->opt->max_nodes, r->opt->max_file_size};
        ok = xml_extract(fa, plan, &ev_formats[r->fmt], buf, len, &lim, &sink, &err);
    }
    if (!ok)
        bd->error = refused(r->a, d, rel, &err);
    else if (st->error)
        bd->error = st->error;
    for (const Field *f = d->fields; f && !bd->error; f = f->next)
        if (!f->records)
            bd->error = too_many(r->a, d, f, &r->top[f->index], r->opt, rel);
}

/* What the declaration's reading leaves: the XPaths freed; records and
   values owned by the arena (kept whole) or freed (streamed). */
static void release(DeclRead *r)
{
    Arena *a = r->a;
    Bound *bd = r->bd;
    for (const Field *f = r->d->fields; f; f = f->next) {
        xmlXPathFreeCompExpr(r->comp[f->index]);
        if (f->records) {
            RecSet *rs = bd->sets[f->index];
            if (r->fn) {
                /* streamed: nothing of the records outlives the files */
                free(rs->origin);
                rs->origin = NULL;
                rs->n = 0;
            } else {
                arena_own(a, rs->origin);
            }
            for (const Field *g = f->fields; g; g = g->next) {
                xmlXPathFreeCompExpr(r->sub[f->index][g->index]);
                if (r->fn) {
                    free(rs->cols[g->index]);
                    rs->cols[g->index] = NULL;
                } else {
                    arena_own(a, rs->cols[g->index]);
                }
            }
        } else if (r->again) {
            free(r->top[f->index].vals);
        } else {
            arena_own(a, r->top[f->index].vals);
            Value *v = &bd->fields[f->index];
            v->kind = V_LIST;
            v->items = r->top[f->index].vals;
            v->count = r->top[f->index].n;
        }
    }
}

/* What a declaration reads: its files and how. Listed apart from the
   reading so that the files of the next streamed declarations can be read
   ahead while one is evaluated (bind_ahead). */
typedef struct Listing {
    XmlPlan *plan;           /* read in one streaming pass; NULL: a tree */
    Matches m;               /* the glob's matches (malloc'ed) */
    const char **rels;       /* the files to read, m.n of them */
    const char *error;       /* no file matches, or the files changed */
} Listing;

/* again: a second pass over a streamed declaration, whose files must be
   those of the first. */
static Listing list_files(Binding *b, const Decl *d, bool again)
{
    Arena *a = b->arena;
    const Bound *bd = &b->bound[d->index];
    Listing ls = {0};
    /* XML whose paths are all simple is read in one streaming pass, without
       a tree (extract_xml.c); ACCORD_XML_TREE=1 forces the tree, for tests
       that compare the two */
    ls.plan = ev_formats[format_of(d)].events && !b->opt->xml_tree ? xml_plan(a, d) : NULL;
    ls.m = glob_files(b->root, d->glob);
    if (ls.m.n == 0)
        ls.error = arena_printf(a, "evidence '%s': no file matches \"%s\" in %s", d->name,
                                d->glob, b->root);
    else if (again)
        ls.error = files_changed(b, d, &ls.m);
    ls.rels = arena_alloc(a, sizeof(char *) * (ls.m.n + 1));
    for (size_t i = 0; i < ls.m.n && !ls.error; i++)
        ls.rels[i] = again ? b->files[bd->first_file + (int)i].path
                           : arena_strdup(a, ls.m.paths[i]);
    return ls;
}

static void listing_free(Listing *ls)
{
    for (size_t i = 0; i < ls->m.n; i++)
        free(ls->m.paths[i]);
    free(ls->m.paths);
    ls->m = (Matches){0};
}

/* The streamed declarations of one pass, listed, and the files of those
   read in one streaming pass handed to the threads of --jobs in the
   order bind_stream will take them. */
struct Ahead {
    const Decl *const *ds;
    int n;
    int at;                  /* the next declaration bind_stream takes */
    Listing *ls;
    bool *queued;            /* per declaration: its files are in pf */
    PrefetchGroup *groups;   /* those queued, in order */
    Prefetch *pf;
};

Ahead *bind_ahead(Binding *b, const Decl *const *ds, int n)
{
    if (b->opt->jobs <= 1 || n == 0)
        return NULL;
    Arena *a = b->arena;
    Ahead *ah = NEW(a, Ahead);
    ah->ds = ds;
    ah->n = n;
    ah->ls = arena_alloc(a, sizeof(Listing) * (size_t)n);
    ah->queued = arena_alloc(a, sizeof(bool) * (size_t)n);
    size_t total = 0;
    for (int k = 0; k < n; k++) {
        const Decl *d = ds[k];
        ah->ls[k] = list_files(b, d, b->bound[d->index].streamed);
        /* a declaration that failed in an earlier pass reads nothing */
        ah->queued[k] = ah->ls[k].plan && !ah->ls[k].error && !b->bound[d->index].error;
        if (ah->queued[k])
            total += ah->ls[k].m.n;
    }
    ah->groups = arena_alloc(a, sizeof(PrefetchGroup) * (size_t)n);
    size_t ng = 0;
    for (int k = 0; k < n; k++)
        if (ah->queued[k]) {
            ConvCtx *cx = NEW(a, ConvCtx);
            *cx = (ConvCtx){ds[k], b->opt};
            ah->groups[ng++] = (PrefetchGroup){ah->ls[k].rels, ah->ls[k].m.n, ah->ls[k].plan,
                                               &ev_formats[format_of(ds[k])], &conv_ops, cx};
        }
    const BindOptions *opt = b->opt;
    if (total > 1)
        ah->pf = prefetch_start(opt->jobs, b->real_root, b->root, ah->groups, ng,
                                opt->max_file_size,
                                &(ReadLimits){opt->max_depth, opt->max_nodes,
                                              opt->max_file_size});
    return ah;
}

void bind_ahead_end(Ahead *ah)
{
    if (!ah)
        return;
    prefetch_stop(ah->pf);
    for (int k = 0; k < ah->n; k++)
        listing_free(&ah->ls[k]);
}

/* Reads the files of d. Without fn, every record is kept (the arrays end
   up owned by the arena); with fn (bind_stream), each file is read into
   its own arena, fn sees its records, and the memory is reused. */
static void bind_decl(Binding *b, const Decl *d, ReadBuf *rb, void (*fn)(void *, int), void *fctx,
                      Ahead *ah)
{
    Arena *a = b->arena;
    const BindOptions *opt = b->opt;
    Bound *bd = &b->bound[d->index];
    bd->decl = d;
    DeclRead r = {b, d, bd, a, opt, fn && bd->streamed, fn, fctx, 0, NULL, NULL, NULL, NULL,
                  format_of(d), map_new(a)};
    for (const Field *f = d->fields; f; f = f->next)
        r.nf++;
    int nf = r.nf;
    if (!r.again)
        bd->fields = arena_alloc(a, sizeof(Value) * (size_t)(nf + 1));
    bd->sets = arena_alloc(a, sizeof(RecSet *) * (size_t)(nf + 1));
    r.top = arena_alloc(a, sizeof(Growing) * (size_t)(nf + 1));
    /* record sets grow per block; their columns grow with them */
    r.set_cap = arena_alloc(a, sizeof(size_t) * (size_t)(nf + 1));
    compile_paths(&r);

    /* listed here, or by bind_ahead with the declarations after it */
    Listing own = {0}, *ls = &own;
    Prefetch *pf = NULL;
    if (ah && ah->at < ah->n && ah->ds[ah->at] == d) {
        ls = &ah->ls[ah->at];
        pf = ah->queued[ah->at] ? ah->pf : NULL;
        ah->at++;
    } else {
        own = list_files(b, d, r.again);
    }
    XmlPlan *plan = ls->plan;
    Stream st = {a, a, d, bd->sets, opt, NULL, 0, r.top, r.set_cap, NULL, NULL, NULL, NULL, r.interns,
                 fn != NULL, NULL};
    if (plan)
        stream_open(&st, a, nf);
    size_t n = ls->m.n;
    if (n == 0)
        bd->error = ls->error;
    if (fn && !r.again)
        bd->first_file = b->nfiles;
    if (!r.again && n > (size_t)(b->filecap - b->nfiles)) {
        /* room for the declaration's files at once: an array doubled in
           the arena keeps every smaller copy (3 times the array's size at
           20 000 files, the memory per file of docs/performance.md) */
        int cap = b->nfiles + (int)n;
        EvFile *files = arena_alloc(a, sizeof(EvFile) * (size_t)cap);
        if (b->nfiles)
            memcpy(files, b->files, sizeof(EvFile) * (size_t)b->nfiles);
        b->files = files;
        b->filecap = cap;
    }
    if (r.again && !bd->error)
        bd->error = ls->error;
    const char **rels = ls->rels;
    /* the files read ahead on threads: the same calls in the same order
       (prefetch.h); those of this declaration an error leaves are taken
       and dropped after the loop, unread when no thread has begun them */
    size_t taken = 0;
    for (size_t i = 0; i < n && !bd->error; i++) {
        Fetched *ft = pf ? (taken++, prefetch_next(pf)) : NULL;
        /* a streamed file's values live in their own arena, freed after fn */
        Arena *fa = ft ? ft->fa : fn ? arena_new() : a;
        const char *rel = rels[i];
        const char *why = ft ? ft->why : NULL;
        size_t len = ft ? ft->len : 0;
        char *buf = ft ? (char *)ft->buf
                       : read_inside(a, b->real_root, b->root, rel, opt->max_file_size, rb,
                                     &len, &why);
        if (!buf) {
            bd->error = arena_printf(a, "evidence '%s': %s: %s", d->name, rel, why);
            if (fn)
                arena_free(fa);
            break;
        }
        int fileno = enter_file(&r, i, rel, buf, len, ft);
        if (fileno < 0) {
            arena_free(fa);
            break;
        }
        size_t *top_before = NULL;
        if (fn) {
            /* this file's records only; the limits count every file's */
            top_before = arena_alloc(fa, sizeof(size_t) * (size_t)(nf + 1));
            for (const Field *f = d->fields; f; f = f->next) {
                if (f->records)
                    bd->sets[f->index]->n = 0;
                else
                    top_before[f->index] = r.top[f->index].n;
            }
        }
        bool read;
        if (plan) {
            read_events(&r, &st, plan, fa, rel, fileno, buf, len, ft);
            read = true;
        } else {
            read = read_tree(&r, fa, rel, fileno, buf, len);
        }
        file_done(b, d, fa, r.top, top_before, r.again, fn, fctx, fileno);
        if (!read)
            break;
        if (!bd->error)
            progress(bd, d, opt, (size_t)b->nfiles);
    }
    if (pf && taken < n)
        prefetch_skip(pf, n - taken);
    for (; pf && taken < n; taken++)
        arena_free(prefetch_next(pf)->fa);
    if (ls == &own)
        listing_free(&own);
    release(&r);
}

Binding *bind_evidence(Arena *a, const Program *p, const char *root, const BindOptions *opt,
                       const char **why)
{
    char *real = realpath(root, NULL);
    struct stat st;
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        *why = arena_printf(a, "cannot use evidence folder '%s': %s", root,
                            real ? "not a folder" : strerror(errno));
        free(real);
        return NULL;
    }
    Binding *b = NEW(a, Binding);
    b->arena = a;
    b->root = arena_strdup(a, root);
    b->real_root = arena_strdup(a, real);
    free(real);
    b->opt = opt;
    b->bound = arena_alloc(a, sizeof(Bound) * (size_t)(p->nevidence + 1));
    /* origins refer to files by their index in reading order: the report
       sorts a copy by path */
    ReadBuf rb = {0};
    for (int i = 0; i < p->nevidence; i++) {
        if (opt->stream && opt->stream[i]) {
            b->bound[i].decl = p->evidence[i];
            b->bound[i].deferred = true;
            continue;
        }
        bind_decl(b, p->evidence[i], &rb, NULL, NULL, NULL);
    }
    free(rb.buf);
    return b;
}

void bind_stream(Binding *b, const Decl *d, Ahead *ah, void (*fn)(void *ctx, int fileno),
                 void *ctx)
{
    ReadBuf rb = {0};
    bind_decl(b, d, &rb, fn, ctx, ah);
    free(rb.buf);
    b->bound[d->index].streamed = true;
}
