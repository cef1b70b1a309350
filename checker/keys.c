/* keys.c - PEM keys, key ids, signatures; see keys.h. Everything goes
 * through libcrypto: nothing of the algorithms is written here. */
#define _POSIX_C_SOURCE 200809L
#include "keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "files.h"
#include "load.h"

enum Kind { K_ED25519, K_P256, K_SM2 };

struct Key {
    EVP_PKEY *pkey;
    enum Kind kind;
    char id[65];
};

/* SM2's distinguishing id: GM/T 0009's default, which OpenSSL 3.0's
   command line does not use unless told (-pkeyopt distid:...). */
static const char sm2_id[] = "1234567812345678";

/* The kind of pkey, or -1 for any other. */
static int kind_of(EVP_PKEY *pkey)
{
    if (EVP_PKEY_is_a(pkey, "ED25519"))
        return K_ED25519;
    if (EVP_PKEY_is_a(pkey, "SM2"))
        return K_SM2;
    if (EVP_PKEY_is_a(pkey, "EC")) {
        char group[64];
        size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                           sizeof group, &len)
            && strcmp(group, "prime256v1") == 0)
            return K_P256;
    }
    return -1;
}

/* A key for pkey (taken), or NULL with *why when it is of no known kind. */
static Key *make_key(Arena *a, EVP_PKEY *pkey, const char *path, const char **why)
{
    int kind = kind_of(pkey);
    if (kind < 0) {
        *why = arena_printf(a, "%s: a key of a kind accord does not sign with (%s; "
                            "Ed25519, ECDSA P-256 and SM2 are)", path,
                            EVP_PKEY_get0_type_name(pkey) ? EVP_PKEY_get0_type_name(pkey)
                                                          : "unknown");
        EVP_PKEY_free(pkey);
        return NULL;
    }
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(pkey, &der);
    if (n <= 0) {
        *why = arena_printf(a, "%s: its public key cannot be encoded", path);
        EVP_PKEY_free(pkey);
        return NULL;
    }
    Key *k = NEW(a, Key);
    k->pkey = pkey;
    k->kind = (enum Kind)kind;
    bool ok = sha256_hex(der, (size_t)n, k->id);
    OPENSSL_free(der);
    if (!ok) {
        *why = arena_printf(a, "%s: cannot hash its public key", path);
        EVP_PKEY_free(pkey);
        return NULL;
    }
    return k;
}

/* The PEM file as a memory BIO over its bytes (the bytes stay in a). */
static BIO *pem_bio(Arena *a, const char *path, const char **why)
{
    size_t len = 0;
    errno = 0;
    char *text = load_file(a, path, &len);
    if (!text) {
        *why = arena_printf(a, "cannot read key file '%s': %s", path, strerror(errno));
        return NULL;
    }
    BIO *b = BIO_new_mem_buf(text, (int)(len > 0x7fffffff ? 0x7fffffff : len));
    if (!b)
        out_of_memory();
    return b;
}

Key *key_read_private(Arena *a, const char *path, const char **why)
{
    BIO *b = pem_bio(a, path, why);
    if (!b)
        return NULL;
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    ERR_clear_error();
    if (!pkey) {
        /* never quoted: the file may hold anything */
        *why = arena_printf(a, "%s: not a PEM private key (as openssl genpkey writes one)",
                            path);
        return NULL;
    }
    return make_key(a, pkey, path, why);
}

Key **key_read_public(Arena *a, const char *path, int *n, const char **why)
{
    BIO *b = pem_bio(a, path, why);
    if (!b)
        return NULL;
    Key **keys = NULL;
    int cap = 0;
    *n = 0;
    for (;;) {
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long len = 0;
        if (!PEM_read_bio(b, &name, &header, &data, &len))
            break;
        EVP_PKEY *pkey = NULL;
        const unsigned char *p = data;
        if (strcmp(name, "PUBLIC KEY") == 0)
            pkey = d2i_PUBKEY(NULL, &p, len);
        else if (strcmp(name, "PRIVATE KEY") == 0)
            pkey = d2i_AutoPrivateKey(NULL, &p, len);
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (!pkey) {
            *why = arena_printf(a, "%s: key %d is not a PEM public key", path, *n + 1);
            BIO_free(b);
            ERR_clear_error();
            for (int i = 0; i < *n; i++)
                key_free(keys[i]);
            return NULL;
        }
        Key *k = make_key(a, pkey, path, why);
        if (!k) {
            BIO_free(b);
            for (int i = 0; i < *n; i++)
                key_free(keys[i]);
            return NULL;
        }
        keys = arena_grow(a, keys, *n, &cap, sizeof *keys);
        keys[(*n)++] = k;
    }
    BIO_free(b);
    ERR_clear_error();
    if (*n == 0) {
        *why = arena_printf(a, "%s: no PEM public key in it", path);
        return NULL;
    }
    return keys;
}

const char *key_id(const Key *k)
{
    return k->id;
}

const char *key_kind(const Key *k)
{
    static const char *const names[] = {"ed25519", "ecdsa-p256", "sm2"};
    return names[k->kind];
}

/* A digest context set up for k: SHA-256 for P-256, SM3 with the
   distinguishing id for SM2, none for Ed25519 (it hashes by itself).
   *pctx is the key context to free after the digest context. */
static EVP_MD_CTX *context(const Key *k, bool sign, EVP_PKEY_CTX **pctx)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    if (!m)
        return NULL;
    *pctx = NULL;
    const EVP_MD *md = k->kind == K_P256 ? EVP_sha256() : k->kind == K_SM2 ? EVP_sm3() : NULL;
    if (k->kind == K_SM2) {
        *pctx = EVP_PKEY_CTX_new(k->pkey, NULL);
        if (!*pctx || EVP_PKEY_CTX_set1_id(*pctx, sm2_id, sizeof sm2_id - 1) <= 0) {
            EVP_PKEY_CTX_free(*pctx);
            *pctx = NULL;
            EVP_MD_CTX_free(m);
            return NULL;
        }
        EVP_MD_CTX_set_pkey_ctx(m, *pctx);
    }
    int ok = sign ? EVP_DigestSignInit(m, NULL, md, NULL, k->pkey)
                  : EVP_DigestVerifyInit(m, NULL, md, NULL, k->pkey);
    if (ok != 1) {
        EVP_MD_CTX_free(m);
        EVP_PKEY_CTX_free(*pctx);
        *pctx = NULL;
        return NULL;
    }
    return m;
}

unsigned char *key_sign(const Key *k, const unsigned char *msg, size_t n, size_t *len)
{
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *m = context(k, true, &pctx);
    unsigned char *sig = NULL;
    if (m && EVP_DigestSign(m, NULL, len, msg, n) == 1) {
        sig = xmalloc(*len);
        if (EVP_DigestSign(m, sig, len, msg, n) != 1) {
            free(sig);
            sig = NULL;
        }
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pctx);
    ERR_clear_error();
    return sig;
}

bool key_verify(const Key *k, const unsigned char *msg, size_t n, const unsigned char *sig,
                size_t siglen)
{
    EVP_PKEY_CTX *pctx;
    EVP_MD_CTX *m = context(k, false, &pctx);
    bool ok = m && EVP_DigestVerify(m, sig, siglen, msg, n) == 1;
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pctx);
    ERR_clear_error();
    return ok;
}

void key_free(Key *k)
{
    if (k) {
        EVP_PKEY_free(k->pkey);
        k->pkey = NULL;
    }
}
