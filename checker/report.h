/* report.h - the reports of report.md §3 and §5: the XML report and its
 * other formats, one writer each (report_FORMAT.c), listed in reports.def.
 *
 * The report is a function of its inputs only: the standard, the evidence,
 * the options and the tool's version. It holds no wall-clock time, host,
 * user or path that the user did not give, so that a regulator re-running a
 * check gets the same bytes.
 */
#ifndef ACCORD_REPORT_H
#define ACCORD_REPORT_H

#include "eval.h"

/* A file the verdict depends on, as the report pins it (v1.1 §2). */
typedef struct PinnedFile {
    const char *path;
    long long bytes;
    const char *sha256;
} PinnedFile;

/* A --set or a limit not at its default, as the report pins it. */
typedef struct Setting {
    const char *name, *value;
} Setting;

typedef struct ReportInfo {
    const char *standard_file;   /* as given on the command line */
    const char *standard_sha256;
    const char *profile;         /* NULL without --profile */
    const char *as_of;           /* YYYY-MM-DD */
    const char *evidence_root;   /* as given */
    size_t max_value_length;     /* characters of a value from evidence shown
                                    whole (0: DEFAULT_MAX_VALUE_LENGTH) */
    bool color;                  /* ANSI colours, where a format has them */
    /* the pins of v1.1 §2 */
    const PinnedFile *sources;   /* each import, in load order */
    int nsources;
    const PinnedFile *waivers;   /* the waivers file, or NULL without -w */
    const Setting *sets;         /* each --set, in order */
    int nsets;
    const Setting *options;      /* each limit not at its default */
    int noptions;
} ReportInfo;

enum { DEFAULT_MAX_VALUE_LENGTH = 1024 };

/* Where a writer that writes as it goes puts its bytes: write returns
   false when they could not be written, which whoever owns ctx remembers
   and says (the writer may go on writing). */
typedef struct Sink {
    bool (*write)(void *ctx, const char *text, size_t len);
    void *ctx;
} Sink;

/* The report as a malloc'ed, NUL-terminated buffer; NULL on failure. */
char *report_xml(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                 size_t *len);
/* The same bytes, written to to as they are made rather than held (a
   report lists every evidence file: 140 bytes each); false on failure. */
bool report_xml_to(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   Sink *to);

/* A short human summary: the verdict, then what needs attention (failed,
   erring and inconclusive requirements, with messages and counterexamples),
   then the rest; ANSI colours when info->color is set. */
char *report_text(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len);

/* JUnit XML as CI servers read it: one testsuite, one testcase per
   requirement and recommendation; fail and inconclusive are failures, error
   is an error, not-applicable, waived and failed recommendations (findings)
   are skipped. */
char *report_junit(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len);

/* The XML report rendered by reports/report.xsl (embedded at build time)
   with libxslt: one self-contained HTML page. */
char *report_html(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len);

/* The XML report's content as JSON, element for element (v1.1 §7;
   reports/report.schema.json). */
char *report_json(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                  size_t *len);

/* SARIF 2.1.0 for code-scanning tools (v1.1 §7). */
char *report_sarif(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len);

/* An OSCAL 1.0.6 assessment-results document, JSON (v1.1 §7). */
char *report_oscal(const Program *p, const Binding *b, const Outcome *o, const ReportInfo *info,
                   size_t *len);

/* Every writer: the report as a malloc'ed, NUL-terminated buffer of *len
   bytes, or NULL on failure. */
typedef char *(*ReportWriter)(const Program *p, const Binding *b, const Outcome *o,
                              const ReportInfo *info, size_t *len);

/* A writer that writes as it goes (report_xml_to), for formats that have
   one; the bytes are those of the format's ReportWriter. */
typedef bool (*ReportStreamer)(const Program *p, const Binding *b, const Outcome *o,
                               const ReportInfo *info, Sink *to);

typedef struct ReportFormat {
    const char *name;
    ReportWriter write;
    ReportStreamer stream;       /* or NULL */
    const char *help;
} ReportFormat;

#define REPORT_FORMAT(name, write, stream, help) +1
enum { REPORT_FORMAT_COUNT = 0
#include "reports.def"
};
#undef REPORT_FORMAT

extern const ReportFormat report_formats[REPORT_FORMAT_COUNT];
extern const char *const report_format_names[REPORT_FORMAT_COUNT];

/* The format of that name, or NULL. */
const ReportFormat *report_format(const char *name);

#endif
