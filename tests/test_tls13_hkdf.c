/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls13_hkdf.c - the HKDF layer under the TLS 1.3 key schedule (hkdf.c):
 * every HKDF step printed in RFC 8448 sections 3-7, OpenSSL's TLS13-KDF steps,
 * and differential tests against EVP_KDF "TLS13-KDF" and "HKDF" on random
 * secrets, labels, contexts and lengths.
 */
#include "internal.h"
#include "testutil.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/hmac.h>
#include <stdlib.h>

static enum sp_hash hash_of(const char *name) {
    if (name != NULL && strcmp(name, "SHA384") == 0) return SP_HASH_SHA384;
    return SP_HASH_SHA256;
}

/* OpenSSL reference: TLS13-KDF in one of its modes. */
static int ossl_tls13_kdf(enum sp_hash h, const char *mode, const uint8_t *key, size_t key_len, const uint8_t *salt,
                          size_t salt_len, const uint8_t *label, size_t label_len, const uint8_t *data, size_t data_len,
                          uint8_t *out, size_t out_len) {
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS13-KDF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[9], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string("digest", h == SP_HASH_SHA384 ? "SHA384" : "SHA256", 0);
    *q++ = OSSL_PARAM_construct_utf8_string("mode", (char *)mode, 0);
    *q++ = OSSL_PARAM_construct_octet_string("prefix", "tls13 ", 6);
    if (key_len) *q++ = OSSL_PARAM_construct_octet_string("key", (void *)key, key_len);
    if (salt_len) *q++ = OSSL_PARAM_construct_octet_string("salt", (void *)salt, salt_len);
    if (label_len) *q++ = OSSL_PARAM_construct_octet_string("label", (void *)label, label_len);
    if (data_len) *q++ = OSSL_PARAM_construct_octet_string("data", (void *)data, data_len);
    *q = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(c, out, out_len, p);
    EVP_KDF_CTX_free(c);
    EVP_KDF_free(kdf);
    return ok;
}

static int ossl_hkdf(enum sp_hash h, const char *mode, const uint8_t *key, size_t key_len, const uint8_t *salt,
                     size_t salt_len, const uint8_t *info, size_t info_len, uint8_t *out, size_t out_len) {
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[7], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string("digest", h == SP_HASH_SHA384 ? "SHA384" : "SHA256", 0);
    *q++ = OSSL_PARAM_construct_utf8_string("mode", (char *)mode, 0);
    *q++ = OSSL_PARAM_construct_octet_string("key", (void *)key, key_len);
    if (salt_len) *q++ = OSSL_PARAM_construct_octet_string("salt", (void *)salt, salt_len);
    if (info_len) *q++ = OSSL_PARAM_construct_octet_string("info", (void *)info, info_len);
    *q = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(c, out, out_len, p);
    EVP_KDF_CTX_free(c);
    EVP_KDF_free(kdf);
    return ok;
}

/* Every HKDF step of RFC 8448 (extract, expand_label with its info, finished_mac). */
static void test_rfc8448_steps(void) {
    struct t_vec *v = t_vec_open("tls13_rfc8448_hkdf.txt");
    int n = 0;
    while (v != NULL && t_vec_next(v)) {
        const char *op = t_vec_get(v, "op");
        enum sp_hash h = hash_of(t_vec_get(v, "hash"));
        size_t want_len = 0;
        uint8_t *want = t_vec_hex(v, "output", &want_len);
        uint8_t got[128];
        T_ASSERT(op != NULL && want != NULL && want_len <= sizeof(got));
        if (op == NULL || want == NULL) break;
        if (strcmp(op, "extract") == 0) {
            size_t sl, il;
            uint8_t *salt = t_vec_hex(v, "salt", &sl), *ikm = t_vec_hex(v, "ikm", &il);
            T_OK(sp_hkdf_extract(h, salt, sl, ikm, il, got).st);
            T_BYTES(got, want, want_len);
            /* an empty salt is the same as Hash.length zeros (RFC 5869 section 2.2) */
            static const uint8_t zeros[64];
            if (sl == sp_hash_len(h) && memcmp(salt, zeros, sl) == 0) {
                T_OK(sp_hkdf_extract(h, NULL, 0, ikm, il, got).st);
                T_BYTES(got, want, want_len);
            }
            free(salt), free(ikm);
        } else if (strcmp(op, "expand_label") == 0) {
            size_t sl, ll, cl, il;
            uint8_t *secret = t_vec_hex(v, "secret", &sl), *label = t_vec_hex(v, "label", &ll);
            uint8_t *ctx = t_vec_hex(v, "context", &cl), *info = t_vec_hex(v, "info", &il);
            size_t len = (size_t)atoi(t_vec_get(v, "length"));
            T_ASSERT(len == want_len);
            T_OK(sp_hkdf_expand_label(h, secret, sl, (const char *)label, ll, ctx, cl, got, len).st);
            T_BYTES(got, want, want_len);
            /* the same through raw HKDF-Expand with the printed HkdfLabel */
            memset(got, 0, sizeof(got));
            T_OK(sp_hkdf_expand(h, secret, sl, info, il, got, len).st);
            T_BYTES(got, want, want_len);
            free(secret), free(label), free(ctx), free(info);
        } else if (strcmp(op, "finished_mac") == 0) {
            size_t kl, tl;
            uint8_t *fk = t_vec_hex(v, "finished_key", &kl), *th = t_vec_hex(v, "transcript_hash", &tl);
            struct sp_hmac k;
            T_OK(sp_hmac_init(&k, h, fk, kl).st);
            sp_hmac_compute(&k, th, tl, NULL, 0, got);
            T_BYTES(got, want, want_len);
            free(fk), free(th);
        } else {
            t_fail_at(__FILE__, __LINE__, "unknown op %s", op);
        }
        free(want);
        n++;
    }
    t_vec_close(v);
    T_ASSERT(n == 108);
}

/* OpenSSL's evpkdf_tls13_kdf.txt steps (EXTRACT_ONLY with and without salt, EXPAND_ONLY). */
static void test_openssl_steps(void) {
    struct t_vec *v = t_vec_open("tls13_kdf_openssl.txt");
    int n = 0;
    while (v != NULL && t_vec_next(v)) {
        enum sp_hash h = hash_of(t_vec_get(v, "hash"));
        size_t hl = sp_hash_len(h), kl, sl, ll, dl, ol;
        uint8_t *key = t_vec_hex(v, "key", &kl), *salt = t_vec_hex(v, "salt", &sl);
        uint8_t *label = t_vec_hex(v, "label", &ll), *data = t_vec_hex(v, "data", &dl);
        uint8_t *want = t_vec_hex(v, "output", &ol);
        uint8_t zeros[64] = {0}, got[64], derived[64];
        const char *mode = t_vec_get(v, "mode");
        if (strcmp(mode, "EXTRACT_ONLY") == 0) {
            const uint8_t *ikm = kl ? key : zeros;
            size_t ikm_len = kl ? kl : hl;
            if (sl == 0) {
                T_OK(sp_hkdf_extract(h, NULL, 0, ikm, ikm_len, got).st);
            } else {
                /* salt = Derive-Secret(salt, label, "") */
                T_OK(sp_hkdf_expand_label(h, salt, sl, (const char *)label, ll, sp_hash_empty(h), hl, derived, hl).st);
                T_OK(sp_hkdf_extract(h, derived, hl, ikm, ikm_len, got).st);
            }
        } else {
            T_OK(sp_hkdf_expand_label(h, key, kl, (const char *)label, ll, data, dl, got, hl).st);
        }
        T_ASSERT(ol == hl);
        T_BYTES(got, want, hl);
        free(key), free(salt), free(label), free(data), free(want);
        n++;
    }
    t_vec_close(v);
    T_ASSERT(n == 22);
}

/* Hash("") and the one-shot hash against EVP. */
static void test_hash_helpers(void) {
    for (int i = 0; i < 2; i++) {
        enum sp_hash h = i ? SP_HASH_SHA384 : SP_HASH_SHA256;
        uint8_t a[64], b[64], msg[300];
        unsigned n = 0;
        T_OK(EVP_Digest("", 0, b, &n, sp_md(h), NULL) == 1 ? 0 : 1);
        T_BYTES(sp_hash_empty(h), b, sp_hash_len(h));
        t_rand(msg, sizeof(msg));
        T_OK(sp_hash_once(h, msg, sizeof(msg), a).st);
        T_OK(EVP_Digest(msg, sizeof(msg), b, &n, sp_md(h), NULL) == 1 ? 0 : 1);
        T_BYTES(a, b, n);
    }
    T_STATUS(sp_hash_once(SP_HASH_SHA1, (const uint8_t *)"", 0, (uint8_t[64]){0}).st, NTE_NOT_SUPPORTED);
}

/* Differential: random secrets (including longer than a block), labels,
 * contexts and output lengths, both hashes, against OpenSSL. */
static void test_differential(void) {
    int cases = 0, mismatches = 0;
    for (int i = 0; i < 1200; i++) {
        enum sp_hash h = (i & 1) ? SP_HASH_SHA384 : SP_HASH_SHA256;
        size_t hl = sp_hash_len(h);
        uint8_t secret[200], label[SP_HKDF_MAX_LABEL], ctx[255], salt[200], info[SP_HKDF_MAX_INFO];
        uint8_t a[600], b[600];
        /* secret lengths: mostly Hash.length, sometimes anything up to > block size */
        size_t sl = (i % 5 == 0) ? 1 + t_rand_u32(sizeof(secret)) : hl;
        size_t ll = 1 + t_rand_u32(i % 7 == 0 ? SP_HKDF_MAX_LABEL : 16);
        size_t cl = (i % 3 == 0) ? t_rand_u32(256) : hl;
        size_t ol = (i % 4 == 0) ? 1 + t_rand_u32(sizeof(a)) : hl;
        t_rand(secret, sl), t_rand(label, ll), t_rand(ctx, cl);
        /* HKDF-Expand-Label vs TLS13-KDF EXPAND_ONLY */
        T_OK(sp_hkdf_expand_label(h, secret, sl, (const char *)label, ll, ctx, cl, a, ol).st);
        T_ASSERT(ossl_tls13_kdf(h, "EXPAND_ONLY", secret, sl, NULL, 0, label, ll, ctx, cl, b, ol) == 1);
        if (memcmp(a, b, ol) != 0) mismatches++;
        /* TLS13-KDF EXTRACT_ONLY with salt = Derive-Secret(salt, "derived", "") */
        size_t il = 1 + t_rand_u32(sizeof(salt));
        uint8_t derived[64];
        t_rand(salt, hl), t_rand(info, il);
        T_OK(sp_hkdf_expand_label(h, salt, hl, "derived", 7, sp_hash_empty(h), hl, derived, hl).st);
        T_OK(sp_hkdf_extract(h, derived, hl, info, il, a).st);
        T_ASSERT(ossl_tls13_kdf(h, "EXTRACT_ONLY", info, il, salt, hl, (const uint8_t *)"derived", 7, NULL, 0, b, hl) ==
                 1);
        if (memcmp(a, b, hl) != 0) mismatches++;
        /* plain HKDF: extract with random salt (any length), expand with random info */
        size_t saltl = t_rand_u32(sizeof(salt)), infol = t_rand_u32(sizeof(info));
        t_rand(salt, saltl), t_rand(info, infol);
        T_OK(sp_hkdf_extract(h, salt, saltl, secret, sl, a).st);
        T_ASSERT(ossl_hkdf(h, "EXTRACT_ONLY", secret, sl, salt, saltl, NULL, 0, b, hl) == 1);
        if (memcmp(a, b, hl) != 0) mismatches++;
        T_OK(sp_hkdf_expand(h, secret, sl, info, infol, a, ol).st);
        T_ASSERT(ossl_hkdf(h, "EXPAND_ONLY", secret, sl, NULL, 0, info, infol, b, ol) == 1);
        if (memcmp(a, b, ol) != 0) mismatches++;
        /* HMAC against OpenSSL's HMAC() */
        unsigned ml = 0;
        sp_result r = sp_hkdf_extract(h, secret, sl, info, infol, a); /* = HMAC(secret, info) */
        T_OK(r.st);
        HMAC(sp_md(h), secret, (int)sl, info, infol, b, &ml);
        if (ml != hl || memcmp(a, b, hl) != 0) mismatches++;
        cases += 5;
    }
    T_ASSERT(cases >= 5000);
    T_ASSERT(mismatches == 0);
    if (mismatches) fprintf(stderr, "differential: %d of %d cases differ\n", mismatches, cases);
}

static void test_limits(void) {
    uint8_t s[32] = {1}, out[64];
    char label[SP_HKDF_MAX_LABEL + 1];
    memset(label, 'a', sizeof(label));
    T_OK(sp_hkdf_expand_label(SP_HASH_SHA256, s, 32, label, SP_HKDF_MAX_LABEL, NULL, 0, out, 32).st);
    T_STATUS(sp_hkdf_expand_label(SP_HASH_SHA256, s, 32, label, SP_HKDF_MAX_LABEL + 1, NULL, 0, out, 32).st,
             NTE_INVALID_PARAMETER);
    T_STATUS(sp_hkdf_expand_label(SP_HASH_SHA256, s, 32, "key", 3, s, 256, out, 32).st, NTE_INVALID_PARAMETER);
    T_STATUS(sp_hkdf_expand_label(SP_HASH_SHA256, s, 32, "key", 3, NULL, 0, out, 0).st, NTE_INVALID_PARAMETER);
    T_STATUS(sp_hkdf_expand(SP_HASH_SHA256, s, 32, NULL, 0, out, 255 * 32 + 1).st, NTE_INVALID_PARAMETER);
    T_STATUS(sp_hkdf_extract(SP_HASH_SHA1, s, 32, s, 32, out).st, NTE_NOT_SUPPORTED);
    T_STATUS(sp_hkdf_extract(SP_HASH_SHA512, s, 32, s, 32, out).st, NTE_NOT_SUPPORTED);
}

int main(void) {
    t_rand_init();
    T_OK(sp_crypto_init().st);
    test_rfc8448_steps();
    test_openssl_steps();
    test_hash_helpers();
    test_differential();
    test_limits();
    return t_done();
}
