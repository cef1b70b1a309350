/* read_xml.c - XML evidence, read defensively.
 *
 * What Debian 12's libxml2 does with hostile files is recorded in
 * tests/data/xml-attacks/README.md; this reader follows it:
 *   - no NOENT, DTDLOAD, DTDATTR, HUGE, RECOVER or XInclude;
 *   - any DOCTYPE is refused (a SAX internalSubset hook stops the parser),
 *     which closes entity expansion, external entities and DTD defaults;
 *   - UTF-8 only: a UTF-16/32 byte-order mark or another declared encoding
 *     is refused, and the declaration is ignored (IGNORE_ENC);
 *   - NUL bytes are refused before parsing (libxml2 ignores what follows
 *     one after the root);
 *   - any error the parser reports rejects the file, even when libxml2
 *     calls the document well-formed (it truncates huge text nodes);
 *   - XML 1.0 only.
 */
#define _POSIX_C_SOURCE 200809L
#include "evidence.h"

#include <stdint.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/hash.h>
#include <libxml/SAX2.h>

#include "utf8.h"

static unsigned long line_at(const char *buf, size_t off)
{
    unsigned long line = 1;
    for (size_t i = 0; i < off; i++)
        line += buf[i] == '\n';
    return line;
}

typedef struct XmlState {
    ReadError *err;
    bool doctype;
    int max_depth;
    long long nodes_left, max_nodes;   /* read_xml only */
    /* read_xml_events only */
    const XmlEvents *events;
    void *user;
    bool root;               /* an element was seen */
    xmlHashTablePtr ids;     /* xml:id values, as libxml2's tree builder keeps them */
} XmlState;

/* libxml2's tree builder, with a depth limit in front: nameNr counts the
   open ancestors of the element starting. */
static bool too_deep(xmlParserCtxtPtr p, XmlState *st)
{
    if (p->nameNr < st->max_depth)
        return false;
    ev_error(st->err, (unsigned long)xmlSAX2GetLineNumber(p),
             "nested deeper than %d levels (--max-depth)", st->max_depth);
    xmlStopParser(p);
    return true;
}

static void start_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
                          const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
                          int ndefaulted, const xmlChar **attrs)
{
    xmlParserCtxtPtr p = ctx;
    XmlState *st = p->_private;
    if (too_deep(p, st))
        return;
    if (!ev_take_nodes(&st->nodes_left, 1 + (long long)nattrs, st->max_nodes,
                       (unsigned long)xmlSAX2GetLineNumber(p), st->err)) {
        xmlStopParser(p);
        return;
    }
    xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, nss, nattrs, ndefaulted, attrs);
}

/* The other nodes of the tree: text, CDATA, comments and processing
   instructions count against --max-nodes too (a file of eight million
   comments took 1.4 GB). A run of text may reach the builder in several
   calls, each counted: an upper bound on the nodes, never fewer. */
static bool take_node(void *ctx)
{
    xmlParserCtxtPtr p = ctx;
    XmlState *st = p->_private;
    if (ev_take_nodes(&st->nodes_left, 1, st->max_nodes,
                      (unsigned long)xmlSAX2GetLineNumber(p), st->err))
        return true;
    xmlStopParser(p);
    return false;
}

static void tree_text(void *ctx, const xmlChar *s, int len)
{
    if (take_node(ctx))
        xmlSAX2Characters(ctx, s, len);
}

static void tree_cdata(void *ctx, const xmlChar *s, int len)
{
    if (take_node(ctx))
        xmlSAX2CDataBlock(ctx, s, len);
}

static void tree_comment(void *ctx, const xmlChar *s)
{
    if (take_node(ctx))
        xmlSAX2Comment(ctx, s);
}

static void tree_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    if (take_node(ctx))
        xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* The events of read_xml_events. Each stands where libxml2's tree builder
   would: the same checks run (depth, and the two errors the tree builder
   itself raises, about xml:id), so that a file is refused by both readers
   or by neither. */
static void ev_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **nss, int nattrs, int ndefaulted,
                     const xmlChar **attrs)
{
    (void)prefix; (void)nns; (void)nss; (void)ndefaulted;
    xmlParserCtxtPtr p = ctx;
    XmlState *st = p->_private;
    if (too_deep(p, st))
        return;
    unsigned long line = (unsigned long)xmlSAX2GetLineNumber(ctx);
    st->root = true;
    for (int i = 0; i < nattrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (!a[1] || strcmp((const char *)a[1], "xml") != 0 || strcmp((const char *)a[0], "id") != 0)
            continue;
        xmlChar *id = xmlStrndup(a[3], (int)(a[4] - a[3]));
        if (!id)
            continue;
        if (xmlValidateNCName(id, 1) != 0)
            ev_error(st->err, line, "not well-formed XML: xml:id : attribute value %s is not "
                     "an NCName", (const char *)id);
        if (!st->ids)
            st->ids = xmlHashCreate(16);
        if (st->ids && xmlHashAddEntry(st->ids, id, st) != 0)
            ev_error(st->err, line, "not well-formed XML: ID %s already defined",
                     (const char *)id);
        xmlFree(id);
    }
    st->events->start(st->user, local, uri != NULL, attrs, nattrs, line);
}

static void ev_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)local; (void)prefix; (void)uri;
    XmlState *st = ((xmlParserCtxtPtr)ctx)->_private;
    st->events->end(st->user);
}

static void ev_text(void *ctx, const xmlChar *s, int len)
{
    XmlState *st = ((xmlParserCtxtPtr)ctx)->_private;
    st->events->text(st->user, s, len);
}

/* Comments and processing instructions are dropped, but they need
   handlers: without one, libxml2 does not keep their text and words its
   errors about them differently from the tree builder's. */
static void ev_comment(void *ctx, const xmlChar *text)
{
    (void)ctx;
    (void)text;
}

static void ev_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    (void)ctx;
    (void)target;
    (void)data;
}

static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                           const xmlChar *sys)
{
    (void)name; (void)ext; (void)sys;
    xmlParserCtxtPtr p = ctx;
    XmlState *st = p->_private;
    st->doctype = true;
    ev_error(st->err, (unsigned long)xmlSAX2GetLineNumber(ctx),
             "a DOCTYPE is not allowed in evidence (entities and DTDs are refused)");
    xmlStopParser(p);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    XmlState *st = ctx;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    ev_error(st->err, (unsigned long)(e->line > 0 ? e->line : 0), "not well-formed XML: %s", msg);
}

/* The encoding named in the XML declaration, if any, must be UTF-8. */
static bool declared_utf8(const char *buf, size_t len, ReadError *err)
{
    if (len < 5 || memcmp(buf, "<?xml", 5) != 0)
        return true;
    const char *end = memchr(buf, '>', len < 512 ? len : 512);
    if (!end)
        return true;         /* the parser will say what is wrong */
    const char *enc = NULL;
    for (const char *p = buf; p + 8 < end; p++)
        if (memcmp(p, "encoding", 8) == 0) {
            enc = p + 8;
            break;
        }
    if (!enc)
        return true;
    while (enc < end && (*enc == ' ' || *enc == '=' || *enc == '\t'))
        enc++;
    if (enc < end && (*enc == '"' || *enc == '\'')) {
        char q = *enc++;
        const char *close = memchr(enc, q, (size_t)(end - enc));
        if (close && ((close - enc == 5 && strncasecmp(enc, "UTF-8", 5) == 0)
                      || (close - enc == 4 && strncasecmp(enc, "UTF8", 4) == 0)))
            return true;
        ev_error(err, 1, "only UTF-8 evidence is accepted; the file declares encoding \"%.*s\"",
                 close ? (int)(close - enc) : 0, enc);
        return false;
    }
    return true;
}

/* read_xml and read_xml_events: the same checks, the same parser and the
   same options; with events, libxml2's tree-building callbacks are replaced
   by the caller's and no tree is built. */
static xmlDocPtr parse(const char *buf, size_t len, int max_depth, long long max_nodes,
                       const XmlEvents *events, void *user, ReadError *err)
{
    static const unsigned char bom8[] = {0xEF, 0xBB, 0xBF};
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        ev_error(err, 1, "only UTF-8 evidence is accepted; the file starts with a UTF-16 or "
                 "UTF-32 byte-order mark");
        return NULL;
    }
    if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
        ev_error(err, 1, "only UTF-8 evidence is accepted; the file starts with a UTF-32 "
                 "byte-order mark");
        return NULL;
    }
    size_t skip = len >= 3 && memcmp(buf, bom8, 3) == 0 ? 3 : 0;
    size_t bad = utf8_check(buf + skip, len - skip, 0);
    if (bad < len - skip) {
        bool nul = buf[skip + bad] == '\0';
        ev_error(err, line_at(buf, skip + bad), nul ? "a NUL byte" : "invalid UTF-8 (byte 0x%02X)",
                 (unsigned char)buf[skip + bad]);
        if (nul)
            snprintf(err->msg, sizeof err->msg, "the file contains a NUL byte");
        return NULL;
    }
    if (!declared_utf8(buf + skip, len - skip, err))
        return NULL;
    if (len > (size_t)0x7fffffff) {
        ev_error(err, 0, "file too large for the XML parser");
        return NULL;
    }

    XmlState st = {err, false, max_depth, max_nodes, max_nodes, events, user, false, NULL};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        ev_error(err, 0, "out of memory");
        return NULL;
    }
    ctxt->_private = &st;
    ctxt->sax->internalSubset = refuse_doctype;
    if (events) {
        xmlSAXHandler h;
        memset(&h, 0, sizeof h);
        h.initialized = XML_SAX2_MAGIC;
        h.internalSubset = refuse_doctype;
        h.startElementNs = ev_start;
        h.endElementNs = ev_end;
        h.characters = ev_text;
        h.ignorableWhitespace = ev_text;
        h.cdataBlock = ev_text;
        h.comment = ev_comment;
        h.processingInstruction = ev_pi;
        memcpy(ctxt->sax, &h, sizeof h);
    } else {
        ctxt->sax->startElementNs = start_element;
        ctxt->sax->characters = tree_text;
        ctxt->sax->ignorableWhitespace = tree_text;
        ctxt->sax->cdataBlock = tree_cdata;
        ctxt->sax->comment = tree_comment;
        ctxt->sax->processingInstruction = tree_pi;
    }
    xmlSetStructuredErrorFunc(&st, on_error);
    int opts = XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, "evidence", "UTF-8", opts);
    xmlSetStructuredErrorFunc(NULL, NULL);
    bool bad_parse = (!events && !doc) || !ctxt->wellFormed || ctxt->errNo != 0 || st.doctype
                     || err->msg[0];
    const xmlChar *version = events ? ctxt->version : doc ? doc->version : NULL;
    if (!bad_parse && version && strcmp((const char *)version, "1.0") != 0) {
        ev_error(err, 1, "XML version %s is not accepted; evidence is XML 1.0",
                 (const char *)version);
        bad_parse = true;
    }
    if (!bad_parse && (events ? !st.root : !xmlDocGetRootElement(doc))) {
        ev_error(err, 0, "no root element");
        bad_parse = true;
    }
    if (bad_parse) {
        if (!err->msg[0]) {
            xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
            ev_error(err, e ? (unsigned long)e->line : 0, "not well-formed XML%s%s",
                     e && e->message ? ": " : "", e && e->message ? e->message : "");
        }
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (st.ids)
        xmlHashFree(st.ids, NULL);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr read_xml(const char *buf, size_t len, const ReadLimits *lim, ReadError *err)
{
    return parse(buf, len, lim->max_depth, lim->max_nodes, NULL, NULL, err);
}

bool read_xml_events(const char *buf, size_t len, const ReadLimits *lim, const XmlEvents *events,
                     void *user, ReadError *err)
{
    parse(buf, len, lim->max_depth, 0, events, user, err);
    return !err->msg[0];
}
