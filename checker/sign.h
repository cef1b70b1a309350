/* sign.h - accord sign and accord verify ENVELOPE (sign.c, v1.1 §3): a
 * report's in-toto Statement (test-result predicate) in a DSSE envelope,
 * signed with Ed25519, ECDSA P-256 or SM2 keys and countersigned with
 * --add; an envelope verified against trusted keys and a threshold, its
 * statement against the report, and the report re-checked.
 */
#ifndef ACCORD_SIGN_H
#define ACCORD_SIGN_H

#include <stddef.h>

#include "verify.h"

typedef struct SignRequest {
    const char *report;          /* the report, as given: its subject's name */
    const char *key;             /* --key: a PEM private key */
    const char *output;          /* -o, or NULL for standard output */
    const char *add;             /* --add: the envelope to countersign, or NULL */
} SignRequest;

/* Signs a report: 0 with the envelope written; 1 when a file the report
   pins differs from it on disk (each named) or --add's statement is not
   the one the report gives; 2 on a usage error, an unreadable or foreign
   key, report or envelope (said on standard error). */
int sign_report(const SignRequest *rq);

/* Verifies the envelope text (read from rq->report): each signature by a
   key of rq->trust checked, the threshold, the statement rebuilt from the
   report it names and compared, then the report re-checked (verify_report).
   One line per finding on standard output; 0 verified, 1 something fails
   or differs, 2 usage error or not an envelope of accord. */
int verify_envelope(const VerifyRequest *rq, const char *text, size_t len);

#endif
