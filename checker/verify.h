/* verify.h - accord verify REPORT (verify.c, v1.1 §3): re-hashes every file
 * a report pins, re-runs the check with the options it records, and names
 * each difference.
 */
#ifndef ACCORD_VERIFY_H
#define ACCORD_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "arena.h"
#include "run.h"

/* A file a report pins: its path as written, and what the report says of
   it. */
typedef struct Pin {
    const char *path, *sha256, *bytes;
    const char *evidence;        /* evidence files: the declaration */
} Pin;

/* A requirement of a report: id, whether a requirement (not a
   recommendation), result. */
typedef struct ReportReq {
    const char *id, *result;
    const char *title;           /* or NULL */
    bool requirement;
} ReportReq;

/* What verify and sign read of a report. */
typedef struct Report {
    xmlDocPtr doc;
    const char *std_file, *std_sha256, *profile, *as_of, *root;
    Pin *sources;
    int nsources;
    Pin waivers;                 /* path NULL without one */
    long long limits[L__COUNT];
    Setting *sets;               /* each <set>, in order */
    int nsets, capsets;
    Pin *files;
    int nfiles;
    const char *verdict;
    const char *std_id, *std_version, *std_title;   /* or NULL */
    const char *counts[6];       /* the summary's pass, fail, error,
                                    inconclusive, not-applicable, waived */
    ReportReq *reqs;
    int nreqs;
} Report;

/* Reads a report's text (an adversary's file): false with *why when it
   is not an accord report. Free with report_free, even on failure. */
bool report_read(Arena *a, const char *text, size_t len, Report *r, const char **why);
void report_free(Report *r);

/* Hashes again each file r pins (the standard std, its imports, the
   waivers file, the evidence under root), one line on standard output for
   each missing, unreadable, refused or changed; returns how many. */
int report_rehash(Arena *a, const Report *r, const char *std, const char *root,
                  const char *waivers);

/* One line of verify's findings on standard output (a newline added),
   escaped as the text report escapes: names from another party's files
   print on that one line whatever they hold. */
void verify_say(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef struct VerifyRequest {
    const char *report;          /* the report or envelope, as given */
    const char *trust;           /* --trust: PEM public keys (envelopes) */
    int threshold;               /* --threshold (0: 1) */
    const char *evidence;        /* -e: the evidence folder, or NULL (the report's) */
    const char *standard;        /* --standard, or NULL (the report's) */
    const char *waivers;         /* -w, or NULL (the report's) */
} VerifyRequest;

/* Verifies one report: each difference a line on standard output, then
   a last line saying how many (or "reproduced exactly"). Returns 0 when
   the report is reproduced exactly, 1 when anything differs, 2 when it
   cannot be read or is not an accord report (said on standard error). */
int verify_report(const VerifyRequest *rq);

/* accord verify FILE: an envelope (JSON) through verify_envelope (sign.h),
   else a report through verify_report. */
int verify(const VerifyRequest *rq);

#endif
