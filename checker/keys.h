/* keys.h - the keys of `accord sign` and `accord verify ENVELOPE` (keys.c,
 * v1.1 §3): PEM files as `openssl genpkey` writes them, through OpenSSL's
 * libcrypto. Three algorithms, so that each party signs with its own
 * country's: Ed25519 (pure), ECDSA over P-256 with SHA-256 (a DER
 * signature) and SM2 with SM3 and the distinguishing id 1234567812345678.
 */
#ifndef ACCORD_KEYS_H
#define ACCORD_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct Key Key;          /* an OpenSSL key of one of the three kinds */

/* The private key in the PEM file path; NULL with *why (in a) when it
   cannot be read, is not a private key, or is of another kind. */
Key *key_read_private(Arena *a, const char *path, const char **why);

/* Every public key in the PEM file path (one or more "PUBLIC KEY"
   blocks; a private key is read for its public half), in *n; NULL with
   *why when the file cannot be read, holds no key, or holds one of
   another kind. */
Key **key_read_public(Arena *a, const char *path, int *n, const char **why);

/* The key's id: the lower-case hex SHA-256 of the DER
   SubjectPublicKeyInfo of its public key. */
const char *key_id(const Key *k);

/* "ed25519", "ecdsa-p256" or "sm2". */
const char *key_kind(const Key *k);

/* The signature of msg with k (a private key), malloc'ed, *len bytes;
   NULL when OpenSSL fails. */
unsigned char *key_sign(const Key *k, const unsigned char *msg, size_t n, size_t *len);

/* Whether sig is k's signature of msg. */
bool key_verify(const Key *k, const unsigned char *msg, size_t n, const unsigned char *sig,
                size_t siglen);

/* Frees the OpenSSL keys held by a's keys: call before arena_free. */
void key_free(Key *k);

#endif
