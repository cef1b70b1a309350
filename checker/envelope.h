/* envelope.h - DSSE envelopes holding in-toto Statements (envelope.c,
 * v1.1 §3): what `accord sign` writes and `accord verify ENVELOPE` reads.
 *
 * An envelope is JSON {"payloadType", "payload" (base64), "signatures":
 * [{"keyid", "sig" (base64)}]}, written with members in that order and no
 * spaces, so that the same payload and signatures give the same bytes. A
 * signature is over DSSE's pre-authentication encoding of the payload,
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. JSON goes through
 * yajl and base64 through libcrypto; envelopes and payloads are read as an
 * adversary's files: every member checked, duplicates, unknown types and
 * deep nesting refused.
 */
#ifndef ACCORD_ENVELOPE_H
#define ACCORD_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define INTOTO_PAYLOAD_TYPE "application/vnd.in-toto+json"
#define INTOTO_STATEMENT "https://in-toto.io/Statement/v1"
#define TEST_RESULT_PREDICATE "https://in-toto.io/attestation/test-result/v0.1"

typedef struct Signature {
    const char *keyid;
    unsigned char *sig;          /* in the arena */
    size_t len;
} Signature;

typedef struct Envelope {
    const char *payload_type;
    unsigned char *payload;      /* decoded, NUL-terminated, in the arena */
    size_t payload_len;
    Signature *sigs;
    int nsigs;
} Envelope;

/* A resource descriptor of the Statement: a name and its SHA-256. */
typedef struct Subject {
    const char *name, *sha256;
} Subject;

/* What a Statement of accord says (the test-result predicate). */
typedef struct Statement {
    Subject *subjects;           /* the report first */
    int nsubjects;
    const char *result;          /* PASSED, FAILED, WARNED */
    Subject *config;             /* the standard and its imports */
    int nconfig;
    const char **tests[3];       /* passed, failed, warned requirement ids */
    int ntests[3];
} Statement;

/* The pre-authentication encoding of a payload of type type, malloc'ed,
   *len bytes. */
unsigned char *dsse_pae(const char *type, const unsigned char *body, size_t n, size_t *len);

/* The Statement's JSON, deterministic (fixed member order, no spaces):
   malloc'ed, *len bytes. */
char *statement_json(const Statement *s, size_t *len);

/* Reads a Statement's JSON; false with *why when it is not one accord
   writes (its type, predicate type, members and their types). */
bool statement_read(Arena *a, const unsigned char *json, size_t n, Statement *s,
                    const char **why);

/* The envelope's JSON, deterministic: malloc'ed, *len bytes. */
char *envelope_json(const Envelope *e, size_t *len);

/* Reads an envelope; false with *why when it is not well-formed DSSE
   JSON (malformed JSON or base64, a missing, duplicated, unknown-typed or
   overlong member, nesting deeper than DSSE's). */
bool envelope_read(Arena *a, const char *text, size_t n, Envelope *e, const char **why);

/* Base64 (standard alphabet, padded), in a. */
char *base64_encode(Arena *a, const unsigned char *data, size_t n);

#endif
