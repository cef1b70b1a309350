/* verify.h - accord verify REPORT (verify.c, v1.1 §3): re-hashes every file
 * a report pins, re-runs the check with the options it records, and names
 * each difference.
 */
#ifndef ACCORD_VERIFY_H
#define ACCORD_VERIFY_H

typedef struct VerifyRequest {
    const char *report;          /* the report, as given */
    const char *evidence;        /* -e: the evidence folder, or NULL (the report's) */
    const char *standard;        /* --standard, or NULL (the report's) */
    const char *waivers;         /* -w, or NULL (the report's) */
} VerifyRequest;

/* Verifies one report: each difference a line on standard output, then
   a last line saying how many (or "reproduced exactly"). Returns 0 when
   the report is reproduced exactly, 1 when anything differs, 2 when it
   cannot be read or is not an accord report (said on standard error). */
int verify_report(const VerifyRequest *rq);

#endif
