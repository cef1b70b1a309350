/* extract_xml.c - the values of an XML evidence file, read in one streaming
 * pass, without a tree.
 *
 * Most evidence declarations select with the simplest XPaths: an absolute
 * path of element names (/redteam/attempt, /model/@name) for records and
 * top-level fields, and an attribute (@category) or a child element (score)
 * for the fields of a record. For those, building libxml2's tree, running
 * XPath over it and freeing it costs about five times the parse itself
 * (docs/performance.md). Here the same parser, with the same checks
 * (read_xml_events), hands each element to a matcher: a trie of the paths,
 * walked with a stack of open elements. The values and origins that come
 * out are those the tree and XPath would give, node paths included (as
 * xmlGetNodePath writes them); a declaration with any other XPath is read
 * through the tree, as before. tests/cases/check-xml-streaming compares
 * the two ways byte for byte.
 */
#include "extract_xml.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "evidence.h"
#include "map.h"

/* ---- the plan: a trie of the declaration's paths ---------------------- */

typedef struct Target {      /* a field fed by an attribute or by text */
    const char *attr;        /* the attribute's name, or NULL for text */
    const Field *set;        /* the records block, or NULL for a top-level field */
    const Field *field;
    int id;                  /* among the plan's targets (Pass.hints) */
    struct Target *next;
} Target;

typedef struct Name Name;

typedef struct Step {
    const char *name;
    struct Step *kids, *next;
    int nkids;
    int index;               /* among the parent's kids */
    Target *targets;         /* top-level fields ending here */
    const Field *set;        /* a records block whose records are these elements */
    Target *fields;          /* its fields: attributes, then children by name */
    bool on_path;            /* a records block is here or below: paths needed */
    Name *names;             /* the names of kids and of fields' child
                                elements, by hash: one look-up per element
                                rather than a comparison per name */
    size_t ncap;             /* a power of two, or 0 */
    bool plain;              /* its name and every name it looks up are
                                element names other than "_"
                                (EvOut.raw_keys) */
} Step;

struct Name {
    const char *s;           /* NULL: an empty slot */
    size_t len, hash;
    const Step *kid;         /* the kid of that name, or NULL */
    const Target **fields;   /* the fields fed by a child of that name, in
                                the order of the block's fields */
    int nfields;
};

struct XmlPlan {
    Step root;               /* the document: its kids are root elements */
    int ntargets;
};

/* The steps of an absolute simple path: "/a/b" or "/a/b/@c". Returns the
   number of element steps (at least one), with *attr set to the attribute
   or NULL; 0 when the path is not that simple. */
static int split(Arena *a, const char *xp, const char **steps, int max, const char **attr)
{
    *attr = NULL;
    if (xp[0] != '/')
        return 0;
    int n = 0;
    const char *p = xp + 1;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0)
            return 0;        /* "//", or a trailing "/" */
        const char *seg = arena_strndup(a, p, len);
        if (seg[0] == '@') {
            if (slash || n == 0 || xmlValidateNCName((const xmlChar *)seg + 1, 0) != 0)
                return 0;
            *attr = seg + 1;
            return n;
        }
        if (n == max || xmlValidateNCName((const xmlChar *)seg, 0) != 0)
            return 0;
        steps[n++] = seg;
        if (!slash)
            return n;
        p = slash + 1;
    }
}

static Step *child(Arena *a, Step *s, const char *name)
{
    for (Step *k = s->kids; k; k = k->next)
        if (strcmp(k->name, name) == 0)
            return k;
    Step *k = NEW(a, Step);
    k->name = name;
    k->index = s->nkids++;
    Step **tail = &s->kids;
    while (*tail)
        tail = &(*tail)->next;
    *tail = k;
    return k;
}

static Step *walk_to(Arena *a, XmlPlan *plan, const char **steps, int n)
{
    Step *s = &plan->root;
    for (int i = 0; i < n; i++)
        s = child(a, s, steps[i]);
    return s;
}

static void add_target(Arena *a, XmlPlan *plan, Target **list, const char *attr,
                       const Field *set, const Field *f)
{
    Target *t = NEW(a, Target);
    t->id = plan->ntargets++;
    t->attr = attr;
    t->set = set;
    t->field = f;
    while (*list)
        list = &(*list)->next;
    *list = t;
}

enum { MAX_STEPS = 64 };

static Name *name_slot(const Step *s, const char *name, size_t len, size_t h)
{
    for (size_t j = h & (s->ncap - 1);; j = (j + 1) & (s->ncap - 1)) {
        Name *e = &s->names[j];
        if (!e->s || (e->hash == h && e->len == len && memcmp(e->s, name, len) == 0))
            return e;
    }
}

/* strcmp(a, b) == 0 without a call: the names compared per record are
   a few bytes long. */
static inline bool same_str(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* The entry of name among s's names, or NULL; h is its hash_bytes when
   the reader has it (a JSON key: EvOut.start), else 0. */
static inline const Name *name_of(const Step *s, const char *name, size_t h)
{
    if (!s->ncap)
        return NULL;
    if (!h)
        h = (size_t)hash_bytes(name, strlen(name));
    for (size_t j = h & (s->ncap - 1);; j = (j + 1) & (s->ncap - 1)) {
        const Name *e = &s->names[j];
        if (!e->s)
            return NULL;
        if (e->hash == h && same_str(e->s, name))
            return e;
    }
}

static Name *name_add(Step *s, const char *name)
{
    size_t len = strlen(name), h = (size_t)hash_bytes(name, len);
    Name *e = name_slot(s, name, len, h);
    if (!e->s) {
        e->s = name;
        e->len = len;
        e->hash = h;
    }
    return e;
}

/* Whether a JSON key that is no element name (named "_" when checked)
   can never be taken for name (EvOut.raw_keys). */
static bool plain_name(const char *name, size_t len)
{
    return strcmp(name, "_") != 0 && ev_name_ok(name, len);
}

/* The name tables of s and below, and whether each is plain. */
static void index_names(Arena *a, Step *s)
{
    size_t n = (size_t)s->nkids;
    for (const Target *t = s->fields; t; t = t->next)
        n += !t->attr;
    if (n > 0) {
        s->ncap = 4;
        while (s->ncap < 2 * n)
            s->ncap *= 2;
        s->names = arena_alloc(a, sizeof(Name) * s->ncap);
        memset(s->names, 0, sizeof(Name) * s->ncap);
        for (Step *k = s->kids; k; k = k->next)
            name_add(s, k->name)->kid = k;
        for (const Target *t = s->fields; t; t = t->next)
            if (!t->attr)
                name_add(s, t->field->xpath)->nfields++;
        for (size_t j = 0; j < s->ncap; j++)
            if (s->names[j].nfields) {
                s->names[j].fields = arena_alloc(a, sizeof(Target *)
                                                      * (size_t)s->names[j].nfields);
                s->names[j].nfields = 0;
            }
        for (const Target *t = s->fields; t; t = t->next)
            if (!t->attr) {
                Name *e = name_add(s, t->field->xpath);
                e->fields[e->nfields++] = t;
            }
    }
    s->plain = s->name && plain_name(s->name, strlen(s->name));
    for (size_t j = 0; j < s->ncap; j++)
        if (s->names[j].s && !plain_name(s->names[j].s, s->names[j].len))
            s->plain = false;
    for (Step *k = s->kids; k; k = k->next)
        index_names(a, k);
}

XmlPlan *xml_plan(Arena *a, const Decl *d)
{
    XmlPlan *plan = NEW(a, XmlPlan);
    const char *steps[MAX_STEPS];
    for (const Field *f = d->fields; f; f = f->next) {
        const char *attr;
        int n = split(a, f->xpath, steps, MAX_STEPS, &attr);
        if (n == 0)
            return NULL;
        Step *s = walk_to(a, plan, steps, n);
        if (!f->records) {
            add_target(a, plan, &s->targets, attr, NULL, f);
            continue;
        }
        if (attr || s->set)
            return NULL;     /* records of attributes, or two blocks on one path */
        s->set = f;
        for (const Field *g = f->fields; g; g = g->next) {
            const char *x = g->xpath;
            bool at = x[0] == '@';
            const char *name = at ? x + 1 : x;
            if (!*name || xmlValidateNCName((const xmlChar *)name, 0) != 0)
                return NULL;
            if (field_wanted(g))     /* bind.c converts no other */
                add_target(a, plan, &s->fields, at ? name : NULL, f, g);
        }
        Step *p = &plan->root;
        p->on_path = true;
        for (int i = 0; i < n; i++) {
            p = child(a, p, steps[i]);
            p->on_path = true;
        }
    }
    index_names(a, &plan->root);
    return plan;
}

/* ---- the pass --------------------------------------------------------- */

/* An element on the way to records, for node paths: its position among
   same-name siblings, and how many of each of its step's kids it has. */
typedef struct PathNode {
    struct PathNode *parent;
    const Step *step;
    unsigned long index;
    unsigned long *counts;   /* per kid of step */
    const char *path;        /* joined once, when first needed */
} PathNode;

typedef struct Frame {
    const Step *step;        /* NULL: the element matches no path */
    PathNode *pn;
    const Target *texts[8];  /* fields fed by this element's text */
    int ntexts;
    Target **more;           /* beyond eight, on the heap */
    int nmore;
    size_t text_start;
    unsigned long line;
    bool record;             /* a record of step->set */
    bool null;               /* a JSON null: no value */
} Frame;

typedef struct Pending {     /* a record whose node path is known at the end */
    const Field *set;
    PathNode *parent;
    const Step *step;
    unsigned long index;
} Pending;

typedef struct Pass {
    Arena *a;                /* for paths and names that outlive the file */
    Arena *scratch;          /* for this file only */
    const XmlPlan *plan;
    const XmlSink *sink;
    Frame *frames;
    int depth, cap;
    char *text;              /* character data of the open text targets */
    size_t len, tcap;
    int collecting;          /* open frames that want their text */
    Pending *pending;
    size_t npending, pcap;
    int *hints;              /* per target: where its attribute was in the
                                last element that had it, + 1 (records
                                write their attributes in one order) */
} Pass;

static void grow_text(Pass *p, const xmlChar *s, size_t n)
{
    if (p->len + n + 1 > p->tcap) {
        while (p->len + n + 1 > p->tcap)
            p->tcap = p->tcap ? p->tcap * 2 : 4096;
        p->text = xrealloc(p->text, p->tcap);
    }
    memcpy(p->text + p->len, s, n);
    p->len += n;
}

/* An attribute value as the tree holds it: libxml2 hands the SAX layer a
   literal '&' (from &amp; or &#38;) as "&#38;", which the tree builder
   decodes; nothing else is left encoded once DOCTYPEs are refused. */
static const char *attr_value(Pass *p, const xmlChar *v, const xmlChar *end, size_t *len)
{
    size_t n = (size_t)(end - v);
    if (!memchr(v, '&', n)) {
        *len = n;
        return (const char *)v;
    }
    char *out = arena_alloc(p->scratch, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '&' && i + 5 <= n && memcmp(v + i, "&#38;", 5) == 0) {
            out[k++] = '&';
            i += 4;
        } else {
            out[k++] = (char)v[i];
        }
    }
    *len = k;
    return out;
}

static void want_text(Frame *f, const Target *t)
{
    if (f->ntexts < 8) {
        f->texts[f->ntexts++] = t;
    } else {
        f->more = xrealloc(f->more, sizeof(Target *) * (size_t)(f->nmore + 1));
        f->more[f->nmore++] = (Target *)t;
    }
}

static void deliver(Pass *p, const Target *t, const char *text, size_t n, unsigned long line)
{
    if (t->set)
        p->sink->field(p->sink->ctx, t->set, t->field, text, n);
    else
        p->sink->value(p->sink->ctx, t->field, text, n, line);
}

/* The attribute target t names, when the element has it (attributes in a
   namespace never match, as in XPath). */
static void deliver_attr(Pass *p, const Target *t, const xmlChar **attrs, int nattrs,
                         unsigned long line)
{
    /* an element has an attribute once (libxml2 refuses a file that
       repeats one): the first match is the only one */
    int *hint = &p->hints[t->id];
    for (int k = -1; k < nattrs; k++) {
        int i = k < 0 ? *hint - 1 : k;
        if (i < 0 || i >= nattrs || (k >= 0 && i == *hint - 1))
            continue;
        const xmlChar **at = attrs + 5 * i;
        if (at[2] || strcmp((const char *)at[0], t->attr) != 0)
            continue;
        *hint = i + 1;
        size_t n;
        const char *v = attr_value(p, at[3], at[4], &n);
        deliver(p, t, v, n, line);
        return;
    }
}

static void on_start(void *user, const xmlChar *name, bool ns, const xmlChar **attrs, int nattrs,
                     unsigned long line)
{
    Pass *p = user;
    if (p->depth == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->frames = xrealloc(p->frames, sizeof(Frame) * (size_t)p->cap);
    }
    Frame *parent = p->depth ? &p->frames[p->depth - 1] : NULL;
    Frame *f = &p->frames[p->depth++];
    /* each member set (texts[] is read only below ntexts): most elements
       match nothing, and clearing the whole frame was a tenth of this */
    f->pn = NULL;
    f->ntexts = 0;
    f->more = NULL;
    f->nmore = 0;
    f->text_start = 0;
    f->record = false;
    f->null = false;
    const Step *up = parent ? parent->step : &p->plan->root;
    const Name *nm = up && !ns ? name_of(up, (const char *)name, 0) : NULL;
    const Step *s = nm ? nm->kid : NULL;
    f->step = s;
    f->line = line;
    if (s && s->on_path) {
        PathNode *pn = NEW(p->scratch, PathNode);
        pn->parent = parent ? parent->pn : NULL;
        pn->step = s;
        pn->index = pn->parent ? ++pn->parent->counts[s->index] : 1;
        if (s->nkids)
            pn->counts = arena_alloc(p->scratch, sizeof(unsigned long) * (size_t)s->nkids);
        f->pn = pn;
    }
    /* a field of the record that is the parent: a child element by name */
    if (parent && parent->record && nm)
        for (int i = 0; i < nm->nfields; i++)
            want_text(f, nm->fields[i]);
    if (s) {
        for (const Target *t = s->targets; t; t = t->next) {
            if (t->attr)
                deliver_attr(p, t, attrs, nattrs, line);
            else
                want_text(f, t);
        }
        if (s->set) {
            f->record = true;
            if (p->npending == p->pcap) {
                p->pcap = p->pcap ? p->pcap * 2 : 256;
                p->pending = xrealloc(p->pending, sizeof(Pending) * p->pcap);
            }
            p->pending[p->npending++] = (Pending){s->set, f->pn->parent, s, f->pn->index};
            p->sink->record(p->sink->ctx, s->set, line);
            for (const Target *t = s->fields; t; t = t->next)
                if (t->attr)
                    deliver_attr(p, t, attrs, nattrs, line);
        }
    }
    if (f->ntexts) {
        f->text_start = p->len;
        p->collecting++;
    }
}

static void on_text(void *user, const xmlChar *s, int len)
{
    Pass *p = user;
    if (p->collecting && len > 0)
        grow_text(p, s, (size_t)len);
}

static void on_null(void *user)
{
    Pass *p = user;
    if (p->depth)
        p->frames[p->depth - 1].null = true;
}

static void on_member(void *user, const char *name)
{
    Pass *p = user;
    p->sink->member(p->sink->ctx, name);
}

static void on_end(void *user)
{
    Pass *p = user;
    if (!p->depth)
        return;
    Frame *f = &p->frames[--p->depth];
    if (f->ntexts) {
        /* no text at all yet: no buffer either (NULL + 0 is undefined) */
        const char *text = p->text ? p->text + f->text_start : "";
        size_t n = p->len - f->text_start;
        /* a JSON null is no value: not delivered, as bind.c leaves it out */
        for (int i = 0; i < f->ntexts && !f->null; i++)
            deliver(p, f->texts[i], text, n, f->line);
        for (int i = 0; i < f->nmore && !f->null; i++)
            deliver(p, f->more[i], text, n, f->line);
        free(f->more);
        if (--p->collecting == 0)
            p->len = 0;
    }
    if (f->record)
        p->sink->record_end(p->sink->ctx, f->step->set);
}

/* The path of an element on the way to records, as xmlGetNodePath writes
   it: "[k]" only when the parent has other children of the same name. */
static const char *path_of(Pass *p, PathNode *n)
{
    if (n->path)
        return n->path;
    const char *up = n->parent ? path_of(p, n->parent) : "";
    unsigned long same = n->parent ? n->parent->counts[n->step->index] : 1;
    n->path = same > 1 ? arena_printf(p->a, "%s/%s[%lu]", up, n->step->name, n->index)
                       : arena_printf(p->a, "%s/%s", up, n->step->name);
    return n->path;
}

/* ---- rows without elements (CSV) -------------------------------------- */

/* The step of the records at /ROOT/row when they are all the plan reads
   (no top-level field, no other path under ROOT), else NULL: then a row's
   cells are its record's fields and nothing else can match, so the rows
   reader's cells stand for the elements the events would open. */
static const Step *rows_step(const XmlPlan *plan, const char *root)
{
    const Step *r = plan->root.kids;
    if (!r || r->next || strcmp(r->name, root) != 0 || r->targets || r->set || !r->kids
        || r->kids->next)
        return NULL;
    const Step *row = r->kids;
    if (strcmp(row->name, "row") != 0 || !row->set || row->targets || row->kids)
        return NULL;
    return row;
}

typedef struct Rows {
    Arena *a;
    const Step *row;
    const XmlSink *sink;
    const Name **cols;       /* per column: the fields its cells feed, or NULL */
    size_t ncols;
    size_t nrows;
} Rows;

static bool rows_head(void *user, const char *const *names, size_t n)
{
    Rows *r = user;
    r->cols = arena_alloc(r->a, sizeof(Name *) * (n ? n : 1));
    r->ncols = n;
    for (size_t k = 0; k < n; k++) {
        const Name *nm = name_of(r->row, names[k], 0);
        r->cols[k] = nm && nm->nfields ? nm : NULL;
    }
    return true;
}

/* What on_start and on_end do for a row and its cells, in their order. */
static bool rows_row(void *user, const EvCell *cells, size_t n, unsigned long line)
{
    Rows *r = user;
    const Field *set = r->row->set;
    r->sink->record(r->sink->ctx, set, line);
    for (size_t k = 0; k < n && k < r->ncols; k++)
        if (r->cols[k])
            for (int i = 0; i < r->cols[k]->nfields; i++)
                r->sink->field(r->sink->ctx, set, r->cols[k]->fields[i]->field, cells[k].s,
                               cells[k].n);
    r->sink->record_end(r->sink->ctx, set);
    r->nrows++;
    return true;
}

static bool extract_rows(Arena *a, const char *root, const Step *row, EvRowReader read,
                         const char *buf, size_t len, const XmlSink *sink, ReadError *err)
{
    Arena *scratch = arena_new();
    Rows r = {scratch, row, sink, NULL, 0, 0};
    static const EvRows rows = {rows_head, rows_row};
    bool ok = read(buf, len, &rows, &r, err);
    if (ok) {
        /* as path_of writes them: /ROOT/row, with [k] when there are two */
        const char *parent = arena_printf(a, "/%s", root);
        for (size_t i = 0; i < r.nrows; i++)
            sink->path(sink->ctx, row->set, i, parent, row->name, r.nrows > 1 ? i + 1 : 0);
    }
    arena_free(scratch);
    return ok;
}

/* ---- records alone, from a synthetic format's elements (JSON) ---------- */

/* The step of the records at /ROOT/NAME when they are all the plan reads
   (no top-level field, no other path) and their fields are all child
   elements, else NULL. Then only an element NAME under the root is a
   record and only its children are fields: the extractor needs no stack
   of frames, no trie walk and no node of a path per element. */
static const Step *flat_step(const XmlPlan *plan)
{
    const Step *r = plan->root.kids;
    if (!r || r->next || r->targets || r->set || !r->kids || r->kids->next)
        return NULL;
    const Step *rec = r->kids;
    if (!rec->set || rec->targets || rec->kids)
        return NULL;
    for (const Target *t = rec->fields; t; t = t->next)
        if (t->attr)
            return NULL;
    return rec;
}

typedef struct Flat {
    EvOut out;               /* first: the reader calls it */
    const char *root;        /* the plan's root element */
    const Step *rec;
    const XmlSink *sink;
    int depth;               /* elements open */
    bool in_root;            /* the document's root is the plan's */
    bool in_rec;             /* in a record (depth 1 or more) */
    const Name *member;      /* the open child of a record, when it feeds
                                fields (and is not a JSON null) */
    char *text;              /* its character data, all of it, nested too */
    size_t len, cap;
    size_t nrecs;
} Flat;

/* What on_start does with such a plan: a record at depth 1, a field's
   element at depth 2 (by name, as name_of finds it). */
static bool flat_start(EvOut *o, const char *name, size_t hash, const char *key, bool null,
                       unsigned long line)
{
    (void)key;
    Flat *f = (Flat *)o;
    int d = f->depth++;
    if (d == 0) {
        f->in_root = strcmp(name, f->root) == 0;
    } else if (d == 1) {
        f->in_rec = f->in_root && same_str(name, f->rec->name);
        if (f->in_rec) {
            f->sink->record(f->sink->ctx, f->rec->set, line);
            f->nrecs++;
        }
    } else if (d == 2 && f->in_rec) {
        const Name *nm = null ? NULL : name_of(f->rec, name, hash);
        f->member = nm && nm->nfields ? nm : NULL;
        f->len = 0;
    }
    return true;
}

static bool flat_text(EvOut *o, const char *s, size_t n, unsigned long line)
{
    (void)line;
    Flat *f = (Flat *)o;
    if (f->member && f->depth >= 3 && n > 0) {
        if (f->len + n > f->cap) {
            while (f->len + n > f->cap)
                f->cap = f->cap ? f->cap * 2 : 4096;
            f->text = xrealloc(f->text, f->cap);
        }
        memcpy(f->text + f->len, s, n);
        f->len += n;
    }
    return true;
}

/* A field's text s (n bytes) to the fields read from element nm. */
static void flat_fields(Flat *f, const Name *nm, const char *s, size_t n)
{
    for (int i = 0; i < nm->nfields; i++)
        f->sink->field(f->sink->ctx, f->rec->set, nm->fields[i]->field, s, n);
}

/* What on_end does: a field's text delivered (all of it, as the string
   value of its element), a record ended. */
static void flat_end(EvOut *o)
{
    Flat *f = (Flat *)o;
    int d = --f->depth;
    if (d == 2 && f->member) {
        flat_fields(f, f->member, f->text ? f->text : "", f->len);
        f->member = NULL;
    } else if (d == 1 && f->in_rec) {
        f->sink->record_end(f->sink->ctx, f->rec->set);
        f->in_rec = false;
    }
}

/* flat_start, flat_text and flat_end in one: a record's scalar member
   gives its text to its fields as it is, with no copy. */
static bool flat_leaf(EvOut *o, const char *name, size_t hash, const char *key, bool null,
                      const char *s, size_t n, unsigned long line)
{
    Flat *f = (Flat *)o;
    if (f->depth == 2) {
        if (f->in_rec && !null) {
            const Name *nm = name_of(f->rec, name, hash);
            if (nm && nm->nfields)
                flat_fields(f, nm, n ? s : "", n);
        }
        return true;
    }
    if (!flat_start(o, name, hash, key, null, line) || (n > 0 && !flat_text(o, s, n, line)))
        return false;
    flat_end(o);
    return true;
}

static bool extract_flat(Arena *a, const char *root, const Step *rec, EvOutReader read,
                         const char *buf, size_t len, const ReadLimits *lim,
                         const XmlSink *sink, ReadError *err)
{
    Flat f = {{flat_start, flat_text, flat_end, err, flat_leaf, rec->plain}, root, rec, sink, 0,
              false, false, NULL, NULL, 0, 0, 0};
    bool ok = read(buf, len, lim, &f.out);
    free(f.text);
    if (ok) {
        /* as path_of writes them: /ROOT/NAME, with [k] when there are two */
        const char *parent = arena_printf(a, "/%s", root);
        for (size_t i = 0; i < f.nrecs; i++)
            sink->path(sink->ctx, rec->set, i, parent, rec->name, f.nrecs > 1 ? i + 1 : 0);
    }
    return ok;
}

bool xml_extract(Arena *a, const XmlPlan *plan, const EvFormatInfo *fmt, const char *buf,
                 size_t len, const ReadLimits *lim, const XmlSink *sink, ReadError *err)
{
    const Step *row = fmt->rows ? rows_step(plan, fmt->name) : NULL;
    if (row)
        return extract_rows(a, fmt->name, row, fmt->rows, buf, len, sink, err);
    const Step *rec = fmt->out ? flat_step(plan) : NULL;
    if (rec)
        return extract_flat(a, plan->root.kids->name, rec, fmt->out, buf, len, lim, sink, err);
    Pass p = {0};
    p.a = a;
    p.scratch = arena_new();
    p.plan = plan;
    p.sink = sink;
    p.hints = xcalloc((size_t)plan->ntargets + 1, sizeof(int));
    static const XmlEvents events = {on_start, on_end, on_text, on_null, on_member};
    bool ok = fmt->events(buf, len, lim, &events, &p, err);
    if (ok) {
        /* node paths, now that every element has been counted */
        const PathNode *last_parent = NULL;
        const char *last_path = NULL;
        for (size_t i = 0; i < p.npending; i++) {
            Pending *r = &p.pending[i];
            if (r->parent != last_parent) {
                last_parent = r->parent;
                last_path = r->parent ? path_of(&p, r->parent) : "";
            }
            unsigned long same = r->parent ? r->parent->counts[r->step->index] : 1;
            sink->path(sink->ctx, r->set, i, last_path, r->step->name, same > 1 ? r->index : 0);
        }
    }
    for (int i = 0; i < p.depth; i++)
        free(p.frames[i].more);
    free(p.frames);
    free(p.text);
    free(p.pending);
    free(p.hints);
    arena_free(p.scratch);
    return ok;
}
