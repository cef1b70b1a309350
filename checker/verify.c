/* verify.c - accord verify REPORT (v1.1 §3): re-checks a report as a
 * regulator would.
 *
 * The report comes from the other party: it is read with the evidence's
 * defensive XML reader (no DOCTYPE, no entities, bounded depth and nodes)
 * and every value taken from it is checked before use. Each pinned file is
 * hashed again and named when missing or changed; then the check is run
 * again with the options the report records (run.c, the code `check`
 * runs) and the new report is compared with the given one byte for byte,
 * each requirement whose result differs named. A difference is a line on
 * standard output; nothing the report says is taken on trust.
 */
#define _XOPEN_SOURCE 700   /* realpath */
#include "verify.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#include "calendar.h"
#include "evidence.h"
#include "files.h"
#include "load.h"
#include "map.h"
#include "run.h"
#include "sign.h"
#include "utf8.h"

#define REPORT_NS "urn:x-accord:report:1"

typedef struct Verifier {
    Arena *a;
    const char *name;            /* the report, as given */
    int differences;
    Map *named;                  /* evidence files already named missing or
                                    refused: not named again as gone */
} Verifier;

/* One line on standard output, escaped as the text report escapes
   (utf8.h): the names in it come from another party's report or envelope,
   and a line feed or a terminal control in one must not print a line of
   its own ("... reproduced exactly"). */
static void vsay(Arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *line = arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(line, (size_t)(n > 0 ? n : 0) + 1, fmt, again);
    va_end(again);
    puts(utf8_escape(a, line, strlen(line), ESC_TEXT));
}

void verify_say(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(a, fmt, ap);
    va_end(ap);
}

static void differ(Verifier *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void differ(Verifier *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(v->a, fmt, ap);
    va_end(ap);
    v->differences++;
}

static bool is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0
           && n->ns && n->ns->href && strcmp((const char *)n->ns->href, REPORT_NS) == 0;
}

/* The next element sibling from n on (n itself when it is one). */
static xmlNodePtr element(xmlNodePtr n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

/* An attribute's value in a, or NULL when n has none. */
static const char *attr(Arena *a, xmlNodePtr n, const char *name)
{
    xmlChar *s = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!s)
        return NULL;
    char *r = arena_strdup(a, (const char *)s);
    xmlFree(s);
    return r;
}

static bool is_sha256(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* A pinned file of element n: NULL (with *why) when its attributes are
   not those of a pin. */
static bool read_pin(Arena *a, xmlNodePtr n, Pin *p, const char **why)
{
    p->path = attr(a, n, "path");
    p->sha256 = attr(a, n, "sha256");
    p->bytes = attr(a, n, "bytes");
    p->evidence = attr(a, n, "evidence");
    if (!p->path || !*p->path || !is_sha256(p->sha256) || !p->bytes) {
        *why = arena_printf(a, "line %ld: <%s> needs a path, bytes and a SHA-256",
                            xmlGetLineNo(n), (const char *)n->name);
        return false;
    }
    return true;
}

/* The children of parent named name, as pins, in *pins. */
static bool read_pins(Arena *a, xmlNodePtr parent, const char *name, Pin **pins, int *n,
                      const char **why)
{
    int count = 0;
    for (xmlNodePtr c = element(parent->children); c; c = element(c->next))
        count += is_el(c, name);
    *pins = arena_alloc(a, sizeof(Pin) * (size_t)(count + 1));
    *n = 0;
    for (xmlNodePtr c = element(parent->children); c; c = element(c->next))
        if (is_el(c, name) && !read_pin(a, c, &(*pins)[(*n)++], why))
            return false;
    return true;
}

/* Reads the run's settings: each <set> (its value is checked when the
   check is run again, as the command line's is), and each <option>, a
   known limit at a whole number in its range, each once. */
static bool read_options(Arena *a, xmlNodePtr run, Report *r, const char **why)
{
    long long *limits = r->limits;
    bool seen[L__COUNT] = {false};
    for (int k = 0; k < L__COUNT; k++)
        limits[k] = limit_info[k].dflt;
    for (xmlNodePtr c = element(run->children); c; c = element(c->next)) {
        long line = xmlGetLineNo(c);
        if (is_el(c, "set")) {
            const char *name = attr(a, c, "name"), *val = attr(a, c, "value");
            if (!name || !*name || !val) {
                *why = arena_printf(a, "line %ld: <set> needs a name and a value", line);
                return false;
            }
            r->sets = arena_grow(a, r->sets, r->nsets, &r->capsets, sizeof(Setting));
            r->sets[r->nsets++] = (Setting){name, val};
            continue;
        }
        if (!is_el(c, "option"))
            continue;
        const char *name = attr(a, c, "name"), *val = attr(a, c, "value");
        int k = name ? limit_named(name) : -1;
        if (k < 0 || !val) {
            *why = arena_printf(a, "line %ld: <option> names no limit of accord check", line);
            return false;
        }
        char *end;
        errno = 0;
        long long x = strtoll(val, &end, 10);
        if (end == val || *end || errno || x <= 0 || x > limit_info[k].max || seen[k]) {
            *why = arena_printf(a, "line %ld: <option name=\"%s\"> %s", line, name,
                                seen[k] ? "is given twice" : "has no value in its range");
            return false;
        }
        seen[k] = true;
        limits[k] = x;
    }
    return true;
}

/* Reads and checks a report's text: false with *why when it is not an
   accord report (a usage error: exit 2). */
bool report_read(Arena *a, const char *text, size_t len, Report *r, const char **why)
{
    memset(r, 0, sizeof *r);
    ReadError err = {{0}, 0};
    ReadLimits lim = {DEFAULT_MAX_DEPTH, 100000000, 0};
    r->doc = read_xml(text, len, &lim, &err);
    if (!r->doc) {
        *why = arena_printf(a, "line %lu: %s", err.line, err.msg);
        return false;
    }
    xmlNodePtr root = xmlDocGetRootElement(r->doc);
    const char *fv = root ? attr(a, root, "format-version") : NULL;
    if (!is_el(root, "report") || !fv || strcmp(fv, "1") != 0) {
        *why = "its root is not <report xmlns=\"" REPORT_NS "\" format-version=\"1\">";
        return false;
    }
    xmlNodePtr tool = element(root->children);
    xmlNodePtr std = tool ? element(tool->next) : NULL;
    xmlNodePtr run = std ? element(std->next) : NULL;
    xmlNodePtr ev = run ? element(run->next) : NULL;
    xmlNodePtr sum = ev ? element(ev->next) : NULL;
    if (!is_el(tool, "tool") || !is_el(std, "standard") || !is_el(run, "run")
        || !is_el(ev, "evidence") || !is_el(sum, "summary")) {
        *why = "it lacks the <tool>, <standard>, <run>, <evidence> and <summary> of a report";
        return false;
    }
    r->std_file = attr(a, std, "file");
    r->std_sha256 = attr(a, std, "sha256");
    r->profile = attr(a, std, "profile");
    r->as_of = attr(a, run, "as-of");
    r->root = attr(a, run, "evidence-root");
    r->verdict = attr(a, sum, "verdict");
    r->std_id = attr(a, std, "id");
    r->std_version = attr(a, std, "version");
    r->std_title = attr(a, std, "title");
    static const char *const counted[6] = {"pass", "fail", "error", "inconclusive",
                                           "not-applicable", "waived"};
    for (int i = 0; i < 6; i++)
        r->counts[i] = attr(a, sum, counted[i]);
    int64_t day;
    if (!r->std_file || !*r->std_file || !r->std_sha256 || !r->root || !*r->root
        || !r->as_of || !cal_parse_date(r->as_of, strlen(r->as_of), &day) || !r->verdict) {
        *why = "its <standard>, <run> or <summary> lacks a file, SHA-256, evidence folder, "
               "date or verdict";
        return false;
    }
    if (!read_pins(a, std, "source", &r->sources, &r->nsources, why)
        || !read_pins(a, ev, "file", &r->files, &r->nfiles, why)
        || !read_options(a, run, r, why))
        return false;
    int nreqs = 0;
    for (xmlNodePtr c = element(sum->next); c; c = element(c->next))
        nreqs += is_el(c, "requirement");
    r->reqs = arena_alloc(a, sizeof(ReportReq) * (size_t)(nreqs + 1));
    for (xmlNodePtr c = element(sum->next); c; c = element(c->next)) {
        if (!is_el(c, "requirement"))
            continue;
        ReportReq *q = &r->reqs[r->nreqs++];
        q->id = attr(a, c, "id");
        q->result = attr(a, c, "result");
        q->title = attr(a, c, "title");
        const char *kind = attr(a, c, "kind");
        q->requirement = kind && strcmp(kind, "requirement") == 0;
        if (!q->id || !q->result || !kind) {
            *why = arena_printf(a, "line %ld: a <requirement> without an id, kind or result",
                                xmlGetLineNo(c));
            return false;
        }
    }
    for (xmlNodePtr c = element(run->children); c; c = element(c->next)) {
        if (!is_el(c, "waivers"))
            continue;
        if (r->waivers.path) {
            *why = arena_printf(a, "line %ld: a second <waivers>", xmlGetLineNo(c));
            return false;
        }
        if (!read_pin(a, c, &r->waivers, why))
            return false;
    }
    return true;
}

/* The folder part of path ("" for none). */
static const char *dir_of(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(a, path, (size_t)(slash - path + 1)) : "";
}

/* Compares the file at path (NULL: not found) with what the report says
   of it; what = "import", "waivers", ... for the line. */
static void check_file(Verifier *v, const char *what, const Pin *pin, const char *path)
{
    size_t len = 0;
    struct stat st;
    if (path && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* a device or a pipe named by the report is never read */
        differ(v, "unreadable: %s %s: not a regular file", what, pin->path);
        return;
    }
    char *text = path ? load_file(v->a, path, &len) : NULL;
    if (!text) {
        differ(v, "missing: %s %s%s%s", what, pin->path, path ? ": " : "",
               path ? strerror(errno) : "");
        return;
    }
    char sha[65];
    if (!sha256_hex(text, len, sha))
        strcpy(sha, "unavailable");
    if (strcmp(sha, pin->sha256) != 0)
        differ(v, "changed: %s %s: sha256 %s in the report, %s now", what, pin->path,
               pin->sha256, sha);
}

/* Hashes every pinned file again: the standard, its imports, the waivers
   file and each evidence file. */
static void rehash(Verifier *v, const Report *r, const char *std, const char *root,
                   const char *waivers, long long max_file_size)
{
    Pin sp = {r->std_file, r->std_sha256, NULL, NULL};
    check_file(v, "standard", &sp, std);
    const char *dir = dir_of(v->a, std);
    for (int i = 0; i < r->nsources; i++) {
        const char *pin = r->sources[i].path;
        size_t n = strlen(pin);
        if (n <= 7 || strcmp(pin + n - 7, ".accord") != 0)
            differ(v, "refused: import %s: not the name of a standard", pin);
        else
            check_file(v, "import", &r->sources[i], load_pin_path(v->a, dir, pin));
    }
    if (r->waivers.path)
        check_file(v, "waivers", &r->waivers, waivers);
    char *real = realpath(root, NULL);
    if (!real) {
        differ(v, "missing: evidence folder %s: %s", root, strerror(errno));
        return;
    }
    ReadBuf rb = {0};
    for (int i = 0; i < r->nfiles; i++) {
        const Pin *f = &r->files[i];
        if (!path_below(f->path)) {
            map_put(v->named, f->path, (void *)f);
            differ(v, "refused: evidence file %s: not a path inside the evidence folder",
                   f->path);
            continue;
        }
        const char *why = NULL;
        size_t len = 0;
        char *text = read_inside(v->a, real, root, f->path, max_file_size, &rb, &len, &why);
        if (!text) {
            /* missing when it is not there; unreadable when it is there
               and cannot be read as check would (a link out of the
               folder, over the recorded --max-file-size) */
            struct stat st;
            bool gone = lstat(arena_printf(v->a, "%s/%s", root, f->path), &st) != 0
                        && errno == ENOENT;
            map_put(v->named, f->path, (void *)f);
            differ(v, "%s: evidence file %s: %s", gone ? "missing" : "unreadable", f->path, why);
            continue;
        }
        char sha[65];
        if (!sha256_hex(text, len, sha))
            strcpy(sha, "unavailable");
        if (strcmp(sha, f->sha256) != 0)
            differ(v, "changed: evidence file %s: sha256 %s in the report, %s now", f->path,
                   f->sha256, sha);
    }
    free(rb.buf);
    free(real);
}

int report_rehash(Arena *a, const Report *r, const char *std, const char *root,
                  const char *waivers)
{
    Verifier v = {a, NULL, 0, map_new(a)};
    rehash(&v, r, std, root, waivers, r->limits[L_FILE_SIZE]);
    fflush(stdout);
    return v.differences;
}

void report_free(Report *r)
{
    xmlFreeDoc(r->doc);
    r->doc = NULL;
}

/* One element serialised, to compare a requirement of two reports. */
static char *dump(xmlNodePtr n)
{
    xmlBufferPtr b = xmlBufferCreate();
    if (!b)
        out_of_memory();
    xmlNodeDump(b, n->doc, n, 0, 0);
    char *s = xstrdup((const char *)xmlBufferContent(b));
    xmlBufferFree(b);
    return s;
}

/* The differences between the given report (old) and the re-run (new),
   named: evidence files matched in one only, imports loaded in one only,
   the verdict, each requirement. */
static void compare(Verifier *v, const Report *old, const Report *new)
{
    Map *was = map_new(v->a);
    for (int i = 0; i < old->nfiles; i++)
        map_put(was, old->files[i].path, &old->files[i]);
    Map *now = map_new(v->a);
    for (int i = 0; i < new->nfiles; i++) {
        map_put(now, new->files[i].path, &new->files[i]);
        if (!map_get(was, new->files[i].path))
            differ(v, "new: evidence file %s (evidence '%s'): matched now, not in the report",
                   new->files[i].path, new->files[i].evidence ? new->files[i].evidence : "?");
    }
    for (int i = 0; i < old->nfiles; i++)
        if (!map_get(now, old->files[i].path) && !map_get(v->named, old->files[i].path))
            differ(v, "gone: evidence file %s: in the report, not matched now",
                   old->files[i].path);
    Map *imp = map_new(v->a);
    for (int i = 0; i < old->nsources; i++)
        map_put(imp, old->sources[i].path, &old->sources[i]);
    for (int i = 0; i < new->nsources; i++)
        if (!map_get(imp, new->sources[i].path))
            differ(v, "new: import %s: loaded now, not in the report", new->sources[i].path);
    if (strcmp(old->verdict, new->verdict) != 0)
        differ(v, "differs: the verdict: %s in the report, %s now", old->verdict, new->verdict);
    Map *reqs = map_new(v->a);
    xmlNodePtr oroot = xmlDocGetRootElement(old->doc), nroot = xmlDocGetRootElement(new->doc);
    for (xmlNodePtr c = element(oroot->children); c; c = element(c->next))
        if (is_el(c, "requirement")) {
            const char *id = attr(v->a, c, "id");
            if (id && !map_get(reqs, id))
                map_put(reqs, id, c);
        }
    Map *seen = map_new(v->a);
    for (xmlNodePtr c = element(nroot->children); c; c = element(c->next)) {
        if (!is_el(c, "requirement"))
            continue;
        const char *id = attr(v->a, c, "id"), *res = attr(v->a, c, "result");
        if (!id || !res)
            continue;
        map_put(seen, id, c);
        xmlNodePtr o = map_get(reqs, id);
        if (!o) {
            differ(v, "differs: requirement %s: %s now, not in the report", id, res);
            continue;
        }
        const char *ores = attr(v->a, o, "result");
        if (!ores || strcmp(ores, res) != 0) {
            differ(v, "differs: requirement %s: %s in the report, %s now", id,
                   ores ? ores : "no result", res);
            continue;
        }
        char *x = dump(o), *y = dump(c);
        if (strcmp(x, y) != 0)
            differ(v, "differs: requirement %s: %s in both, its details differ", id, res);
        free(x);
        free(y);
    }
    for (xmlNodePtr c = element(oroot->children); c; c = element(c->next))
        if (is_el(c, "requirement")) {
            const char *id = attr(v->a, c, "id");
            if (id && !map_get(seen, id))
                differ(v, "differs: requirement %s: in the report, not now", id);
        }
}

/* The first line where a and b differ, counted from 1. */
static long first_line_differing(const char *a, size_t na, const char *b, size_t nb)
{
    long line = 1;
    size_t i = 0;
    while (i < na && i < nb && a[i] == b[i])
        line += a[i++] == '\n';
    return line;
}

/* The file verify was given, in a; NULL (said) when it cannot be read. */
static char *read_given(Arena *a, const char *path, size_t *len)
{
    errno = 0;
    char *text = load_file(a, path, len);
    if (!text)
        fprintf(stderr, "accord verify: cannot read '%s': %s\n", path,
                errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
    return text;
}

int verify(const VerifyRequest *rq)
{
    Arena *a = arena_new();
    size_t len = 0;
    char *text = read_given(a, rq->report, &len);
    if (!text) {
        arena_free(a);
        return EXIT_USAGE;
    }
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    int rc;
    if (i < len && text[i] == '{') {
        rc = verify_envelope(rq, text, len);
    } else if (rq->trust || rq->threshold) {
        fprintf(stderr, "accord verify: %s is a report, not an envelope: --trust and "
                "--threshold are for envelopes\nRun 'accord help verify' for usage.\n",
                rq->report);
        rc = EXIT_USAGE;
    } else {
        rc = verify_report(rq);
    }
    arena_free(a);
    return rc;
}

int verify_report(const VerifyRequest *rq)
{
    Arena *a = arena_new();
    Verifier v = {a, rq->report, 0, map_new(a)};
    size_t len = 0;
    char *text = read_given(a, rq->report, &len);
    if (!text) {
        arena_free(a);
        return EXIT_USAGE;
    }
    Report old;
    const char *why = NULL;
    if (!report_read(a, text, len, &old, &why)) {
        fprintf(stderr, "accord verify: %s: not an accord report: %s\n", rq->report, why);
        xmlFreeDoc(old.doc);
        arena_free(a);
        return EXIT_USAGE;
    }
    const char *std = rq->standard ? rq->standard : old.std_file;
    size_t sl = strlen(std);
    if (sl <= 7 || strcmp(std + sl - 7, ".accord") != 0) {
        /* never read, so never quoted (as load.c does for any standard) */
        fprintf(stderr, "accord verify: %s: its standard is not a file ending in '.accord'\n",
                rq->report);
        xmlFreeDoc(old.doc);
        arena_free(a);
        return EXIT_USAGE;
    }
    const char *root = rq->evidence ? rq->evidence : old.root;
    const char *waivers = old.waivers.path ? (rq->waivers ? rq->waivers : old.waivers.path)
                                           : NULL;
    if (rq->waivers && !old.waivers.path) {
        fprintf(stderr, "accord verify: %s: -w given, but the report was made without "
                "waivers\n", rq->report);
        xmlFreeDoc(old.doc);
        arena_free(a);
        return EXIT_USAGE;
    }
    rehash(&v, &old, std, root, waivers, old.limits[L_FILE_SIZE]);

    /* the re-run reads the files named by the options, and writes the
       names the report has, so that its bytes compare */
    RunRequest run = {.who = "verify", .std = std, .root = root, .profile = old.profile,
                      .waivers = waivers, .today_s = old.as_of,
                      .shown_std = old.std_file, .shown_root = old.root,
                      .shown_waivers = old.waivers.path, .sets = old.sets,
                      .nsets = old.nsets, .format = report_format("xml")};
    int64_t day;
    cal_parse_date(old.as_of, strlen(old.as_of), &day);
    run.today = (double)day;
    memcpy(run.limits, old.limits, sizeof run.limits);
    char *again = NULL;
    size_t alen = 0;
    int rc = run_check(&run, &again, &alen);
    if (!again) {
        differ(&v, "cannot re-run: the check of %s stops (exit %d), said above", std, rc);
    } else if (alen != len || memcmp(again, text, len) != 0) {
        Report new;
        if (report_read(a, again, alen, &new, &why)) {
            compare(&v, &old, &new);
            /* bytes differ, and nothing above says where */
            if (v.differences == 0)
                differ(&v, "differs: the report, from line %ld on",
                       first_line_differing(text, len, again, alen));
        } else {
            differ(&v, "cannot re-run: the new report does not read back: %s", why);
        }
        xmlFreeDoc(new.doc);
    }
    free(again);
    xmlFreeDoc(old.doc);
    int result = v.differences ? EXIT_CHANGED : EXIT_OK;
    if (v.differences)
        verify_say(a, "accord verify: %s: %d difference%s", rq->report, v.differences,
                   v.differences == 1 ? "" : "s");
    else
        verify_say(a, "accord verify: %s: reproduced exactly", rq->report);
    arena_free(a);
    return result;
}
