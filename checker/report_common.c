/* report_common.c - what every report writer shares (report_common.h),
 * and the table of report formats (reports.def).
 */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define REPORT_FORMAT(name, write, stream, help) {name, write, stream, help},
const ReportFormat report_formats[REPORT_FORMAT_COUNT] = {
#include "reports.def"
};
#undef REPORT_FORMAT

#define REPORT_FORMAT(name, write, stream, help) name,
const char *const report_format_names[REPORT_FORMAT_COUNT] = {
#include "reports.def"
};
#undef REPORT_FORMAT

const ReportFormat *report_format(const char *name)
{
    for (int i = 0; i < REPORT_FORMAT_COUNT; i++)
        if (strcmp(report_formats[i].name, name) == 0)
            return &report_formats[i];
    return NULL;
}

static const char *cut(Arena *a, const char *s)
{
    size_t n = strlen(s);
    if (n <= MAX_REPORT_TEXT)
        return s;
    size_t keep = MAX_REPORT_TEXT;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    return arena_printf(a, "%.*s... (%zu more bytes cut)", (int)keep, s, n - keep);
}

const char *rep_clean(Arena *a, const char *s)
{
    s = cut(a, s);
    return utf8_escape(a, s, strlen(s), ESC_XML);
}

/* The same for the text report: line feeds and the other line and
   paragraph separators escaped too, so that no value forges a line. */
const char *rep_tclean(Arena *a, const char *s)
{
    if (!s)
        return "";
    s = cut(a, s);
    return utf8_escape(a, s, strlen(s), ESC_TEXT);
}

/* A value longer than max characters (--max-value-length): its first max
   characters, and its length in characters and SHA-256 (of all its bytes)
   in *chars and sha; NULL when it is short enough. */
const char *rep_shorten(Arena *a, const char *v, size_t max, size_t *chars, char sha[65])
{
    size_t n = 0, i = 0, cut_at = 0, len = strlen(v);
    if (len <= max)
        return NULL;         /* the usual case: as many characters at most */
    const unsigned char *u = (const unsigned char *)v;
    while (i < len) {
        if (n == max)
            cut_at = i;
        size_t k = utf8_len(u + i, len - i);
        i += k ? k : 1;
        n++;
    }
    if (n <= max)
        return NULL;
    *chars = n;
    if (!sha256_hex(v, i, sha))
        strcpy(sha, "unavailable");
    return arena_strndup(a, v, cut_at);
}

void rep_start(W *w, const char *name)
{
    if (!w->failed && xmlTextWriterStartElement(w->w, (const xmlChar *)name) < 0)
        w->failed = true;
}

void rep_end(W *w)
{
    if (!w->failed && xmlTextWriterEndElement(w->w) < 0)
        w->failed = true;
}

void rep_attr(W *w, const char *name, const char *value)
{
    if (!value || w->failed)
        return;
    if (xmlTextWriterWriteAttribute(w->w, (const xmlChar *)name,
                                    (const xmlChar *)rep_clean(w->a, value)) < 0)
        w->failed = true;
}

void rep_attr_int(W *w, const char *name, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    rep_attr(w, name, buf);
}

void rep_text(W *w, const char *s)
{
    if (!w->failed && xmlTextWriterWriteString(w->w, (const xmlChar *)rep_clean(w->a, s)) < 0)
        w->failed = true;
}

void rep_element_text(W *w, const char *name, const char *s)
{
    rep_start(w, name);
    rep_text(w, s);
    rep_end(w);
}

/* A write that fails is the sink's to remember and say: told of it,
   libxml2 would print "I/O error" on standard error as well. */
static int sink_write(void *ctx, const char *text, int len)
{
    Sink *to = ctx;
    if (len > 0)
        to->write(to->ctx, text, (size_t)len);
    return len;
}

/* Starts an indented UTF-8 document in a memory buffer, or written to to
   as it is made; false on failure. libxml2 serialises both through an
   output buffer, so the bytes are the same. */
bool rep_begin(W *w, const ReportInfo *info, Sink *to)
{
    w->max_value = info->max_value_length ? info->max_value_length : DEFAULT_MAX_VALUE_LENGTH;
    w->buf = NULL;
    w->failed = false;
    if (to) {
        xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink_write, NULL, to, NULL);
        w->w = out ? xmlNewTextWriter(out) : NULL;   /* which then owns out */
        if (!w->w) {
            if (out)
                xmlOutputBufferClose(out);
            return false;
        }
    } else {
        w->buf = xmlBufferCreate();
        if (!w->buf)
            return false;
        w->w = xmlNewTextWriterMemory(w->buf, 0);
        if (!w->w) {
            xmlBufferFree(w->buf);
            return false;
        }
    }
    w->a = arena_new();
    xmlTextWriterSetIndent(w->w, 1);
    xmlTextWriterSetIndentString(w->w, (const xmlChar *)"  ");
    if (xmlTextWriterStartDocument(w->w, "1.0", "UTF-8", NULL) < 0)
        w->failed = true;
    return true;
}

bool rep_finish(W *w, char **out, size_t *len)
{
    /* ending the document flushes what the output buffer holds */
    if (!w->failed && xmlTextWriterEndDocument(w->w) < 0)
        w->failed = true;
    xmlFreeTextWriter(w->w);
    if (w->buf) {
        *out = NULL;
        if (!w->failed) {
            /* the buffer's own bytes (NUL-terminated, from xmlMalloc:
               malloc or xmalloc, main.c), not a copy: a report of 100 000
               files is 20 MB, held once rather than twice */
            *len = (size_t)xmlBufferLength(w->buf);
            *out = (char *)xmlBufferDetach(w->buf);
        }
        xmlBufferFree(w->buf);
    }
    arena_free(w->a);
    return !w->failed;
}

int rep_by_path(const void *x, const void *y)
{
    const EvFile *a = *(EvFile *const *)x, *b = *(EvFile *const *)y;
    int c = strcmp(a->path, b->path);
    return c ? c : strcmp(a->evidence, b->evidence);
}

const char *rep_src_of(const Program *p, Loc at, Arena *a)
{
    const Source *s = p->diag->srcs[at.src];
    return arena_strndup(a, s->text + at.beg, at.end - at.beg);
}

int rep_line_of(const Program *p, Loc at)
{
    int line, col;
    source_locate(p->diag->srcs[at.src], at.beg, &line, &col);
    return line;
}

/* A label (loop values, which may come from evidence): shortened as a
   value is, its length and SHA-256 said in the text. */
const char *rep_label_text(Arena *a, const char *label, size_t max)
{
    size_t chars;
    char sha[65];
    const char *s = label ? rep_shorten(a, label, max, &chars, sha) : NULL;
    if (!s)
        return label;
    return arena_printf(a, "%s... (%zu characters, sha256 %s)", s, chars, sha);
}

