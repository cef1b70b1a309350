/* read_eval.c - Inspect AI's .eval logs (v1.1 §4): a ZIP archive of JSON
 * members, read as the JSON log it stands for.
 *
 * The archive is opened in memory with libzip (Debian's libzip4: a kept
 * library that checks each member's CRC as it is read and refuses
 * inconsistent archives with ZIP_CHECKCONS); nothing is written to disk.
 * `/json` holds the members of header.json, as read_json reads a .json
 * log's top level, and `/json/samples` one element per samples/ID_epoch_N.json
 * member, ordered by sample id (numerically when both are numbers, else
 * by bytes), then epoch: the order of a .json log's samples. A name that
 * occurs twice (Inspect appends a rewritten header.json) is the last entry
 * of the central directory. An archive is refused, with the reason, when it
 * is not a ZIP, is encrypted, uses a method other than store or deflate,
 * has a member whose CRC fails, more than MAX_MEMBERS members, or members
 * whose sizes add up to more than --max-file-size or more than MAX_RATIO
 * times the archive (a small file that inflates to gigabytes is refused
 * before it is inflated).
 */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

/* Inspect writes one member per sample and epoch, and a few more: a log
   of 100 000 samples is far past what a standard reads. */
enum { MAX_MEMBERS = 200000 };

/* JSON deflates to about a fifth (the real logs: 4.7 to 5.4); a hundredfold
   is no log, but a bomb. */
enum { MAX_RATIO = 100 };

typedef struct Sample {
    zip_uint64_t index;
    const char *id;              /* between "samples/" and "_epoch_" */
    size_t idlen;
    unsigned long epoch;
} Sample;

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int by_sample(const void *x, const void *y)
{
    const Sample *a = x, *b = y;
    if (all_digits(a->id, a->idlen) && all_digits(b->id, b->idlen)) {
        /* numbers compare by length first (no leading zeros matter less:
           "010" and "10" are told apart by bytes below) */
        size_t za = 0, zb = 0;
        while (za + 1 < a->idlen && a->id[za] == '0')
            za++;
        while (zb + 1 < b->idlen && b->id[zb] == '0')
            zb++;
        if (a->idlen - za != b->idlen - zb)
            return a->idlen - za < b->idlen - zb ? -1 : 1;
        int c = memcmp(a->id + za, b->id + zb, a->idlen - za);
        if (c)
            return c;
    }
    size_t n = a->idlen < b->idlen ? a->idlen : b->idlen;
    int c = memcmp(a->id, b->id, n);
    if (c || a->idlen != b->idlen)
        return c ? c : a->idlen < b->idlen ? -1 : 1;
    if (a->epoch != b->epoch)
        return a->epoch < b->epoch ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Whether name is samples/ID_epoch_N.json; its id and epoch in s. */
static bool sample_name(const char *name, Sample *s)
{
    static const char pre[] = "samples/", mid[] = "_epoch_", suf[] = ".json";
    size_t n = strlen(name);
    if (n <= sizeof pre - 1 + sizeof suf - 1 || strncmp(name, pre, sizeof pre - 1) != 0
        || strcmp(name + n - (sizeof suf - 1), suf) != 0)
        return false;
    const char *id = name + sizeof pre - 1, *end = name + n - (sizeof suf - 1);
    const char *m = NULL;
    for (const char *p = id; p + sizeof mid - 1 <= end; p++)
        if (strncmp(p, mid, sizeof mid - 1) == 0)
            m = p;               /* the last: an id may hold "_epoch_" */
    if (!m || m == id || !all_digits(m + sizeof mid - 1, (size_t)(end - m - (sizeof mid - 1)))
        || end - m - (sizeof mid - 1) > 9)
        return false;
    s->id = id;
    s->idlen = (size_t)(m - id);
    s->epoch = strtoul(m + sizeof mid - 1, NULL, 10);
    return true;
}

/* The bytes of member i (st its stat), malloc'ed; NULL with err. libzip
   checks the CRC when the member has been read to its end. */
static char *member(zip_t *z, zip_uint64_t i, const zip_stat_t *st, ReadError *err)
{
    zip_file_t *f = zip_fopen_index(z, i, 0);
    if (!f) {
        ev_error(err, 0, "member %s: %s", st->name, zip_strerror(z));
        return NULL;
    }
    char *buf = malloc(st->size + 1);
    if (!buf) {
        zip_fclose(f);
        ev_error(err, 0, "out of memory");
        return NULL;
    }
    zip_uint64_t got = 0;
    for (;;) {
        /* one byte more than the directory says: a member longer than
           its stated size is caught, not cut */
        zip_int64_t r = zip_fread(f, buf + got, st->size + 1 - got);
        if (r < 0) {
            ev_error(err, 0, "member %s: %s", st->name, zip_file_strerror(f));
            zip_fclose(f);
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        got += (zip_uint64_t)r;
        if (got > st->size) {
            ev_error(err, 0, "member %s is longer than the archive says", st->name);
            zip_fclose(f);
            free(buf);
            return NULL;
        }
    }
    int rc = zip_fclose(f);
    if (rc != 0 || got != st->size) {
        ev_error(err, 0, "member %s: %s", st->name,
                 rc ? zip_error_strerror(zip_get_error(z)) : "shorter than the archive says");
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    return buf;
}

/* Nodes of the tree below n, counted as read_json counts them (elements,
   texts, attributes); the depth is bounded by --max-depth. */
static long long count_nodes(xmlNodePtr n)
{
    long long c = 1;
    if (n->type == XML_ELEMENT_NODE)
        for (xmlAttrPtr at = n->properties; at; at = at->next)
            c++;
    for (xmlNodePtr k = n->children; k; k = k->next)
        c += count_nodes(k);
    return c;
}

/* The lines of the nodes below n (read_json's, beside each node), in
   document order, appended to *lines; false when out of memory. */
static bool keep_lines(xmlNodePtr n, unsigned long **lines, size_t *len, size_t *cap)
{
    if (*len == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        unsigned long *p = realloc(*lines, nc * sizeof **lines);
        if (!p)
            return false;
        *lines = p;
        *cap = nc;
    }
    (*lines)[(*len)++] = ev_line(n);
    for (xmlNodePtr k = n->children; k; k = k->next)
        if (!keep_lines(k, lines, len, cap))
            return false;
    return true;
}

static void set_lines(xmlNodePtr n, const unsigned long *lines, size_t *at)
{
    ev_set_line(n, lines[(*at)++]);
    for (xmlNodePtr k = n->children; k; k = k->next)
        set_lines(k, lines, at);
}

/* Member i's stat and text (NUL-terminated, malloc'ed); NULL with err. */
static char *member_text(zip_t *z, zip_uint64_t i, zip_stat_t *st, ReadError *err)
{
    if (zip_stat_index(z, i, 0, st) != 0) {
        ev_error(err, 0, "%s", zip_strerror(z));
        return NULL;
    }
    return member(z, i, st, err);
}

/* Member i read as JSON into a tree whose nodes count against *nodes
   (the --max-nodes of the whole log); NULL with err, naming the member. */
static xmlDocPtr json_member(zip_t *z, zip_uint64_t i, const ReadLimits *lim,
                             long long *nodes, ReadError *err)
{
    zip_stat_t st;
    char *text = member_text(z, i, &st, err);
    if (!text)
        return NULL;
    ReadLimits ml = *lim;
    ml.max_nodes = *nodes;
    ReadError me = {{0}, 0};
    xmlDocPtr doc = read_json(text, st.size, &ml, &me);
    free(text);
    if (!doc) {
        ev_error(err, 0, "member %s, line %lu: %s", st.name, me.line, me.msg);
        return NULL;
    }
    /* what the member's tree took, off the log's */
    long long used = count_nodes(xmlDocGetRootElement(doc));
    *nodes -= used < *nodes ? used : *nodes;
    return doc;
}

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long get32(const unsigned char *p)
{
    return (unsigned long)get16(p) | (unsigned long)get16(p + 2) << 16;
}

typedef struct Span {
    unsigned long beg, end;
} Span;

static int by_beg(const void *x, const void *y)
{
    const Span *a = x, *b = y;
    return a->beg < b->beg ? -1 : a->beg > b->beg;
}

/* Whether two members of the central directory share bytes: libzip reads
   each from its own offset and lets two names point into one another (the
   overlapping members of non-recursive zip bombs). The walk is of the
   directory libzip has already accepted; what does not add up (a ZIP64
   directory, an entry out of bounds) is left to libzip, which refuses it
   or reads it as it is. */
static bool overlapping(const unsigned char *b, size_t len)
{
    if (len < 22)
        return false;
    size_t e = len - 22, stop = len > 22 + 65535 ? len - 22 - 65535 : 0;
    while (!(b[e] == 'P' && b[e + 1] == 'K' && b[e + 2] == 5 && b[e + 3] == 6)) {
        if (e == stop)
            return false;
        e--;
    }
    unsigned n = get16(b + e + 10);
    unsigned long at = get32(b + e + 16);
    if (n == 0xFFFF || at == 0xFFFFFFFFUL)
        return false;
    Span *sp = malloc(sizeof(Span) * (n + 1u));
    if (!sp)
        return false;
    unsigned k = 0;
    for (; k < n; k++) {
        if (at + 46 > len || get32(b + at) != 0x02014b50UL)
            break;
        unsigned long comp = get32(b + at + 20), off = get32(b + at + 42);
        unsigned nl = get16(b + at + 28), xl = get16(b + at + 30), cl = get16(b + at + 32);
        if (off + 30 > len)
            break;
        sp[k].beg = off;
        sp[k].end = off + 30 + get16(b + off + 26) + get16(b + off + 28) + comp;
        at += 46 + nl + xl + cl;
    }
    bool over = false;
    if (k == n) {
        qsort(sp, n, sizeof *sp, by_beg);
        for (unsigned i = 0; i + 1 < n && !over; i++)
            over = sp[i].end > sp[i + 1].beg;
    }
    free(sp);
    return over;
}

/* An archive opened and checked: the members to read, in order. */
typedef struct Log {
    zip_t *z;
    zip_uint64_t header;         /* header.json (its last entry) */
    Sample *samples;             /* in the order of the log, one per name */
    size_t ns;
} Log;

static void close_log(Log *log)
{
    free(log->samples);
    zip_discard(log->z);
}

/* Opens the archive in buf and makes every check of §4 that needs no
   member inflated; false, with err set, when the archive is refused. */
static bool open_log(const char *buf, size_t len, const ReadLimits *lim, ReadError *err,
                     Log *log)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    if (!src) {
        ev_error(err, 0, "out of memory");
        zip_error_fini(&ze);
        return false;
    }
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z) {
        ev_error(err, 0, "not a valid ZIP archive (an Inspect .eval log is one): %s",
                 zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return false;
    }
    zip_error_fini(&ze);
    Sample *samples = NULL;
    /* the count first: the walk below is as long as the directory */
    zip_int64_t n = zip_get_num_entries(z, 0);
    if (n < 0 || n > MAX_MEMBERS) {
        ev_error(err, 0, "more than %d members in the archive", MAX_MEMBERS);
        goto fail;
    }
    if (overlapping((const unsigned char *)buf, len)) {
        ev_error(err, 0, "two members share bytes (overlapping members)");
        goto fail;
    }
    samples = malloc(sizeof(Sample) * (size_t)(n + 1));
    if (!samples) {
        ev_error(err, 0, "out of memory");
        goto fail;
    }
    size_t ns = 0;
    zip_int64_t header = -1;
    zip_uint64_t total = 0, limit = lim->max_bytes > 0 ? (zip_uint64_t)lim->max_bytes
                                                      : (zip_uint64_t)DEFAULT_MAX_BYTES;
    for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
        zip_stat_t st;
        if (zip_stat_index(z, i, 0, &st) != 0) {
            ev_error(err, 0, "%s", zip_strerror(z));
            goto fail;
        }
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
            ev_error(err, 0, "member %s is encrypted", st.name);
            goto fail;
        }
        if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE
            && st.comp_method != ZIP_CM_DEFLATE) {
            ev_error(err, 0, "member %s uses compression method %u (store and deflate are "
                     "read)", st.name, (unsigned)st.comp_method);
            goto fail;
        }
        if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_NAME)) {
            ev_error(err, 0, "member %llu has no name or size", (unsigned long long)i);
            goto fail;
        }
        total += st.size;
        if (total > limit) {
            ev_error(err, 0, "its members hold more than %llu bytes (--max-file-size)",
                     (unsigned long long)limit);
            goto fail;
        }
        if (total > (zip_uint64_t)MAX_RATIO * len) {
            ev_error(err, 0, "its members hold more than %d times its own size: refused "
                     "as a compression bomb", MAX_RATIO);
            goto fail;
        }
        /* the last entry of a name wins */
        if (strcmp(st.name, "header.json") == 0) {
            header = (zip_int64_t)i;
        } else {
            Sample s = {.index = i};
            const char *name = zip_get_name(z, i, 0);   /* lives with the archive */
            if (name && sample_name(name, &s))
                samples[ns++] = s;
        }
    }
    if (header < 0) {
        ev_error(err, 0, "no header.json member (a log still being written has none)");
        goto fail;
    }
    /* in order; of the entries of one name, the last (by_sample puts it
       last among its equals) */
    qsort(samples, ns, sizeof *samples, by_sample);
    size_t kept = 0;
    for (size_t k = 0; k < ns; k++) {
        bool same_next = k + 1 < ns && samples[k + 1].idlen == samples[k].idlen
                         && samples[k + 1].epoch == samples[k].epoch
                         && memcmp(samples[k + 1].id, samples[k].id, samples[k].idlen) == 0;
        if (!same_next)
            samples[kept++] = samples[k];
    }
    ns = kept;
    *log = (Log){z, (zip_uint64_t)header, samples, ns};
    return true;
fail:
    free(samples);
    zip_discard(z);
    return false;
}

xmlDocPtr read_eval(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    Log log;
    if (!open_log(buf, len, lim, err, &log))
        return NULL;
    zip_t *z = log.z;
    long long nodes = lim->max_nodes;
    xmlDocPtr doc = json_member(z, log.header, lim, &nodes, err);
    if (!doc)
        goto out;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    root->_private = (void *)xmlDictLookup(doc->dict, (const xmlChar *)"header.json", -1);
    for (size_t k = 0; k < log.ns; k++) {
        xmlDocPtr sd = json_member(z, log.samples[k].index, lim, &nodes, err);
        if (!sd) {
            xmlFreeDoc(doc);
            doc = NULL;
            goto out;
        }
        /* the sample's object becomes an element `samples` of the log, as
           an item of the .json log's array is */
        xmlNodePtr sroot = xmlDocGetRootElement(sd);
        xmlUnlinkNode(sroot);
        /* moved, not copied: its names into this tree's dictionary; libxml2
           clears the lines of what it adopts, so they are kept aside and
           set again, node for node in the same order */
        size_t nl = 0, cap = 0;
        unsigned long *lines = NULL;
        bool ok = keep_lines(sroot, &lines, &nl, &cap)
                  && xmlDOMWrapAdoptNode(NULL, sd, sroot, doc, root, 0) == 0
                  && xmlAddChild(root, sroot) != NULL;
        if (ok) {
            size_t at = 0;
            set_lines(sroot, lines, &at);
            /* which member it came from, for counterexamples (bind.c) */
            sroot->_private = (void *)xmlDictLookup(doc->dict, (const xmlChar *)zip_get_name(
                                                        z, log.samples[k].index, 0), -1);
        }
        free(lines);
        if (!ok)
            xmlFreeNode(sroot);
        xmlFreeDoc(sd);
        if (!ok) {
            ev_error(err, 0, "out of memory");
            xmlFreeDoc(doc);
            doc = NULL;
            goto out;
        }
        xmlNodeSetName(sroot, (const xmlChar *)"samples");
    }
out:
    close_log(&log);
    return doc;
}

/* ---- without a tree ------------------------------------------------------ */

/* Hands on what a member's JSON reader emits, but for the end of the log's
   root: header.json opens `json`, and the samples follow inside it. */
typedef struct KeepRoot {
    EvOut out;
    EvOut *to;
    int depth;
} KeepRoot;

static bool keep_start(EvOut *o, const char *name, size_t hash, const char *key, bool null,
                       unsigned long line)
{
    KeepRoot *k = (KeepRoot *)o;
    k->depth++;
    return k->to->start(k->to, name, hash, key, null, line);
}

static bool keep_text(EvOut *o, const char *s, size_t n, unsigned long line)
{
    KeepRoot *k = (KeepRoot *)o;
    return k->to->text(k->to, s, n, line);
}

static void keep_end(EvOut *o)
{
    KeepRoot *k = (KeepRoot *)o;
    if (k->depth == 1)
        return;              /* the root stays open for the samples */
    k->depth--;
    k->to->end(k->to);
}

/* Member i, read as JSON into out, its value named top; false with err
   set, naming the member, as json_member says it. */
static bool member_events(zip_t *z, zip_uint64_t i, const char *top, int max_depth,
                          const XmlEvents *events, void *user, EvOut *out, ReadError *err)
{
    zip_stat_t st;
    char *text = member_text(z, i, &st, err);
    if (!text)
        return false;
    events->member(user, zip_get_name(z, i, 0));
    ReadError me = {{0}, 0};
    out->err = &me;
    bool ok = read_json_text(text, st.size, top, max_depth, out);
    free(text);
    if (!ok)
        ev_error(err, 0, "member %s, line %lu: %s", st.name, me.line, me.msg);
    return ok;
}

bool read_eval_events(const char *buf, size_t len, const ReadLimits *lim,
                      const XmlEvents *events, void *user, ReadError *err)
{
    Log log;
    if (!open_log(buf, len, lim, err, &log))
        return false;
    EvEmit e;
    ev_emit_init(&e, events, user, err);
    KeepRoot k = {{keep_start, keep_text, keep_end, err, NULL, false}, &e.out, 0};
    bool ok = member_events(log.z, log.header, "json", lim->max_depth, events, user, &k.out,
                            err);
    for (size_t i = 0; ok && i < log.ns; i++)
        ok = member_events(log.z, log.samples[i].index, "samples", lim->max_depth, events, user,
                           &k.out, err);
    if (ok)
        e.out.end(&e.out);
    close_log(&log);
    return ok;
}
