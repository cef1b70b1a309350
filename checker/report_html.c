/* report_html.c - the HTML report (report.md §5): the XML report rendered
 * by reports/report.xsl, embedded at build time, with libxslt. */
#define _POSIX_C_SOURCE 200809L
#include "report_common.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>


extern const char report_xsl[];
extern const unsigned long report_xsl_len;

char *report_html(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len)
{
    size_t xlen;
    char *xml = report_xml(p, b, o, info, &xlen);
    if (!xml)
        return NULL;
    char *out = NULL;
    xmlDocPtr doc = xmlReadMemory(xml, (int)xlen, "report.xml", "UTF-8", XML_PARSE_NONET);
    xmlDocPtr sdoc = xmlReadMemory(report_xsl, (int)report_xsl_len, "report.xsl", "UTF-8",
                                   XML_PARSE_NONET);
    xsltStylesheetPtr sheet = sdoc ? xsltParseStylesheetDoc(sdoc) : NULL;
    if (!sheet)
        xmlFreeDoc(sdoc);
    /* the stylesheet is ours, but no transform needs files or the network */
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    xmlDocPtr res = NULL;
    if (doc && sheet && sec) {
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
        xsltTransformContextPtr tc = xsltNewTransformContext(sheet, doc);
        if (tc) {
            xsltSetCtxtSecurityPrefs(sec, tc);
            res = xsltApplyStylesheetUser(sheet, doc, NULL, NULL, NULL, tc);
            xsltFreeTransformContext(tc);
        }
    }
    if (res) {
        xmlChar *html = NULL;
        int n = 0;
        if (xsltSaveResultToString(&html, &n, res, sheet) == 0 && html) {
            out = malloc((size_t)n + 1);
            if (out) {
                memcpy(out, html, (size_t)n);
                out[n] = '\0';
                *len = (size_t)n;
            }
        }
        xmlFree(html);
    }
    xmlFreeDoc(res);
    xsltFreeSecurityPrefs(sec);
    xsltFreeStylesheet(sheet);
    xmlFreeDoc(doc);
    free(xml);
    return out;
}
