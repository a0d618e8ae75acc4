/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * kex_testutil.h - helpers shared by the key-exchange, signature and
 * private-key tests: independent OpenSSL computations, key and certificate
 * generation, temporary files.  Header-only (static functions) so that each
 * test stays one executable.
 */
#ifndef SSLPROV_KEX_TESTUTIL_H
#define SSLPROV_KEX_TESTUTIL_H

#include "testutil.h"

#include "internal.h"

#include <stdlib.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/* The master secret behind a master-key handle, through the documented
 * diagnostic path: SslExportKey(SSLPROV_MASTER_SECRET_BLOB), which works only
 * when both prov and the provider that made the key opted in
 * (SSLPROV_OPTION_ALLOW_SECRET_EXPORT; t_open_provider(true)).  The header
 * must be the one documented in sslprovider.h. */
static inline bool kt_master_of(NCRYPT_PROV_HANDLE prov, NCRYPT_KEY_HANDLE h, uint8_t out[48]) {
    uint8_t blob[sizeof(SSLPROV_MASTER_SECRET_HEADER) + 48];
    SSLPROV_MASTER_SECRET_HEADER hdr;
    DWORD n = 0;
    if (SslExportKey(prov, h, SSLPROV_MASTER_SECRET_BLOB, NULL, 0, &n, 0) != 0 || n != sizeof(blob)) return false;
    if (SslExportKey(prov, h, SSLPROV_MASTER_SECRET_BLOB, blob, sizeof(blob), &n, 0) != 0 || n != sizeof(blob))
        return false;
    memcpy(&hdr, blob, sizeof(hdr));
    if (hdr.dwMagic != SSLPROV_MASTER_SECRET_MAGIC || hdr.cbSecret != 48) return false;
    memcpy(out, blob + sizeof(hdr), 48);
    OPENSSL_cleanse(blob, sizeof(blob));
    return true;
}

/* OpenSSL's TLS1-PRF master secret (RFC 5246 8.1) or EMS (RFC 7627 4). */
static inline void kt_ossl_master(const char *digest, const uint8_t *pms, size_t pms_len, const uint8_t *cr,
                                  const uint8_t *sr, const uint8_t *sh, size_t sh_len, uint8_t out[48]) {
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[6], *q = p;
    const char *label = sh ? "extended master secret" : "master secret";
    *q++ = OSSL_PARAM_construct_utf8_string("digest", (char *)digest, 0);
    *q++ = OSSL_PARAM_construct_octet_string("secret", (void *)pms, pms_len);
    *q++ = OSSL_PARAM_construct_octet_string("seed", (void *)label, strlen(label));
    if (sh) {
        *q++ = OSSL_PARAM_construct_octet_string("seed", (void *)sh, sh_len);
    } else {
        *q++ = OSSL_PARAM_construct_octet_string("seed", (void *)cr, 32);
        *q++ = OSSL_PARAM_construct_octet_string("seed", (void *)sr, 32);
    }
    *q = OSSL_PARAM_construct_end();
    T_ASSERT(EVP_KDF_derive(c, out, 48, p) == 1);
    EVP_KDF_CTX_free(c);
    EVP_KDF_free(kdf);
}

/* Shared secret with OpenSSL (DH: leading zeros stripped, OpenSSL's default). */
static inline size_t kt_ossl_derive(EVP_PKEY *priv, EVP_PKEY *peer, uint8_t *out, size_t cap) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, priv, NULL);
    size_t n = cap;
    if (EVP_PKEY_derive_init(c) != 1 || EVP_PKEY_derive_set_peer(c, peer) != 1 || EVP_PKEY_derive(c, out, &n) != 1)
        n = 0;
    EVP_PKEY_CTX_free(c);
    return n;
}

static inline EVP_PKEY *kt_fromdata(const char *type, int selection, OSSL_PARAM *params) {
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (EVP_PKEY_fromdata_init(c) != 1 || EVP_PKEY_fromdata(c, &k, selection, params) != 1) k = NULL;
    EVP_PKEY_CTX_free(c);
    return k;
}

/* An OpenSSL EC public key from an encoded point, on group (OpenSSL name). */
static inline EVP_PKEY *kt_ec_public(const char *group, const uint8_t *pt, size_t len) {
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
                      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pt, len),
                      OSSL_PARAM_construct_end()};
    return kt_fromdata("EC", EVP_PKEY_PUBLIC_KEY, p);
}

/* DH key or parameters from big-endian p, g (and y unless NULL). */
static inline EVP_PKEY *kt_dh(const uint8_t *p, const uint8_t *g, const uint8_t *y, size_t cb) {
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    BIGNUM *bp = BN_bin2bn(p, (int)cb, NULL), *bg = BN_bin2bn(g, (int)cb, NULL);
    BIGNUM *by = y ? BN_bin2bn(y, (int)cb, NULL) : NULL;
    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_P, bp);
    OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_FFC_G, bg);
    if (by) OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PUB_KEY, by);
    OSSL_PARAM *prm = OSSL_PARAM_BLD_to_param(b);
    EVP_PKEY *k = kt_fromdata("DH", by ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS, prm);
    OSSL_PARAM_free(prm);
    OSSL_PARAM_BLD_free(b);
    BN_free(bp), BN_free(bg), BN_free(by);
    return k;
}

/* DH domain parameters of an OpenSSL named group ("ffdhe2048", "modp_2048"). */
static inline EVP_PKEY *kt_dh_named(const char *name) {
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)name, 0),
                      OSSL_PARAM_construct_end()};
    return kt_fromdata("DH", EVP_PKEY_KEY_PARAMETERS, p);
}

static inline void kt_bn(const EVP_PKEY *k, const char *name, uint8_t *out, size_t cb) {
    BIGNUM *b = NULL;
    T_ASSERT(EVP_PKEY_get_bn_param(k, name, &b) == 1);
    T_ASSERT(BN_bn2binpad(b, out, (int)cb) == (int)cb);
    BN_free(b);
}

static inline EVP_PKEY *kt_keygen_from(EVP_PKEY *params) {
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
    if (EVP_PKEY_keygen_init(c) != 1 || EVP_PKEY_generate(c, &k) != 1) k = NULL;
    EVP_PKEY_CTX_free(c);
    return k;
}

/* An RSASSA-PSS key (1024 bits: tests only), restricted to hash md (also its
 * MGF1 hash) and a minimum salt (RFC 4055 3.1) unless md is NULL. */
static inline EVP_PKEY *kt_pss_key(const char *md, int salt) {
    EVP_PKEY_CTX *g = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);
    EVP_PKEY *k = NULL;
    T_ASSERT(g != NULL && EVP_PKEY_keygen_init(g) == 1 && EVP_PKEY_CTX_set_rsa_keygen_bits(g, 1024) == 1);
    if (md != NULL)
        T_ASSERT(EVP_PKEY_CTX_set_rsa_pss_keygen_md_name(g, md, NULL) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_keygen_mgf1_md_name(g, md) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_keygen_saltlen(g, salt) == 1);
    T_ASSERT(EVP_PKEY_keygen(g, &k) == 1);
    EVP_PKEY_CTX_free(g);
    return k;
}

/* A self-signed certificate over key (DER in *der, malloc'ed). */
static inline size_t kt_self_signed(EVP_PKEY *key, uint8_t **der) {
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"sslprov test", -1, -1, 0);
    X509_set_issuer_name(x, n);
    bool eddsa = EVP_PKEY_is_a(key, "ED25519") || EVP_PKEY_is_a(key, "ED448");
    /* an RSASSA-PSS key restricted to one hash signs only with it */
    char md[64] = "SHA256";
    if (EVP_PKEY_is_a(key, "RSA-PSS")) (void)EVP_PKEY_get_utf8_string_param(key, "digest", md, sizeof(md), NULL);
    EVP_MD *m = eddsa ? NULL : EVP_MD_fetch(NULL, md, NULL);
    T_ASSERT(X509_sign(x, key, m) > 0);
    EVP_MD_free(m);
    *der = NULL;
    int len = i2d_X509(x, der);
    X509_free(x);
    T_ASSERT(len > 0);
    return len > 0 ? (size_t)len : 0;
}

static inline CERT_CONTEXT kt_cert_ctx(uint8_t *der, size_t len) {
    CERT_CONTEXT c = {X509_ASN_ENCODING, der, (DWORD)len, NULL, NULL};
    return c;
}

/* Write key as unencrypted PKCS#8 PEM to path. */
static inline void kt_write_key(EVP_PKEY *key, const char *path) {
    FILE *f = fopen(path, "w");
    T_ASSERT(f != NULL);
    if (!f) return;
    T_ASSERT(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1);
    fclose(f);
}

/* A fresh temporary directory (removed by kt_rmdir). */
static inline void kt_mkdtemp(char *buf, size_t cap) {
    snprintf(buf, cap, "/tmp/sslprov-test-XXXXXX");
    T_ASSERT(mkdtemp(buf) != NULL);
}

static inline void kt_rmdir(const char *dir) {
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    T_ASSERT(system(cmd) == 0);
}

/* Export a blob into a malloc'ed buffer. */
static inline uint8_t *kt_export(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, LPCWSTR type, DWORD *len) {
    DWORD n = 0;
    *len = 0;
    SECURITY_STATUS st = SslExportKey(p, k, type, NULL, 0, &n, 0);
    T_OK(st);
    if (st != 0) return NULL;
    uint8_t *b = malloc(n);
    T_OK(SslExportKey(p, k, type, b, n, &n, 0));
    *len = n;
    return b;
}

/* A parameter list: randoms (either may be NULL), session hash, highest version. */
struct kt_params {
    NCryptBuffer buf[4];
    NCryptBufferDesc desc;
    DWORD version;
};
static inline NCryptBufferDesc *kt_params(struct kt_params *p, const uint8_t *cr, const uint8_t *sr, const uint8_t *sh,
                                          size_t sh_len, DWORD version) {
    memset(p, 0, sizeof(*p));
    ULONG n = 0;
    if (cr) p->buf[n++] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, (void *)cr};
    if (sr) p->buf[n++] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_SERVER_RANDOM, (void *)sr};
    if (sh) p->buf[n++] = (NCryptBuffer){(ULONG)sh_len, NCRYPTBUFFER_SSL_SESSION_HASH, (void *)sh};
    if (version) {
        p->version = version;
        p->buf[n++] = (NCryptBuffer){4, NCRYPTBUFFER_SSL_HIGHEST_VERSION, &p->version};
    }
    p->desc = (NCryptBufferDesc){NCRYPTBUFFER_VERSION, n, p->buf};
    return &p->desc;
}

#endif
