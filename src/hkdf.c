/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * hkdf.c - HKDF (RFC 5869) and HKDF-Expand-Label (RFC 8446 section 7.1) for the
 * TLS 1.3 key schedule, over SHA-256 and SHA-384.
 *
 * Why not EVP_KDF "TLS13-KDF": every derivation there allocates a KDF context,
 * parses OSSL_PARAMs, builds an EVP_MAC context and re-keys HMAC - about 2 us for
 * a key + IV pair whose real work is six SHA-256 compressions.  Here HMAC is
 * computed from precomputed inner/outer hash states (RFC 2104 section 4, "the
 * intermediate results ... may be precomputed"), using libcrypto's low-level
 * SHA256_CTX / SHA512_CTX (deprecated in OpenSSL 3, still part of libcrypto) and
 * struct copies.  Nothing on this path touches the heap.  The compression
 * function itself is libcrypto's; this file only sequences it.  Every function is
 * differential-tested against EVP_KDF "HKDF" and "TLS13-KDF" (tests/test_tls13_hkdf.c).
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "internal.h"

#include <openssl/sha.h>

static size_t block_len(enum sp_hash h) { return h == SP_HASH_SHA384 ? SHA512_CBLOCK : SHA256_CBLOCK; }

static void h_init(enum sp_hash h, union sp_sha_ctx *c) {
    if (h == SP_HASH_SHA384)
        SHA384_Init(&c->s512);
    else
        SHA256_Init(&c->s256);
}

static void h_update(enum sp_hash h, union sp_sha_ctx *c, const uint8_t *p, size_t n) {
    if (n == 0) return;
    if (h == SP_HASH_SHA384)
        SHA384_Update(&c->s512, p, n);
    else
        SHA256_Update(&c->s256, p, n);
}

static void h_final(enum sp_hash h, union sp_sha_ctx *c, uint8_t *out) {
    if (h == SP_HASH_SHA384)
        SHA384_Final(out, &c->s512);
    else
        SHA256_Final(out, &c->s256);
}

/* Only the part of the union the hash uses holds state: wipe just that. */
static size_t ctx_len(enum sp_hash h) { return h == SP_HASH_SHA384 ? sizeof(SHA512_CTX) : sizeof(SHA256_CTX); }

void sp_hmac_wipe(struct sp_hmac *k) {
    size_t n = ctx_len(k->alg);
    sp_wipe(&k->in, n);
    sp_wipe(&k->out, n);
}

SP_RESULT sp_hmac_init(struct sp_hmac *k, enum sp_hash h, const uint8_t *key, size_t key_len) {
    ENSURE(h == SP_HASH_SHA256 || h == SP_HASH_SHA384, NTE_NOT_SUPPORTED);
    uint8_t pad[SHA512_CBLOCK];
    size_t b = block_len(h);
    k->alg = h;
    memset(pad, 0, sizeof(pad));
    if (key_len > b) {
        /* RFC 2104 section 2: keys longer than B are hashed first. */
        union sp_sha_ctx c;
        h_init(h, &c);
        h_update(h, &c, key, key_len);
        h_final(h, &c, pad);
        sp_wipe(&c, ctx_len(h));
    } else if (key_len > 0) {
        memcpy(pad, key, key_len);
    }
    for (size_t i = 0; i < b; i++)
        pad[i] ^= 0x36;
    h_init(h, &k->in);
    h_update(h, &k->in, pad, b);
    for (size_t i = 0; i < b; i++)
        pad[i] ^= 0x36 ^ 0x5c;
    h_init(h, &k->out);
    h_update(h, &k->out, pad, b);
    SP_WIPE_BUF(pad);
    return SP_OK;
}

void sp_hmac_compute(const struct sp_hmac *k, const uint8_t *m1, size_t l1, const uint8_t *m2, size_t l2,
                     uint8_t *out) {
    enum sp_hash h = k->alg;
    union sp_sha_ctx c;
    uint8_t inner[SHA512_DIGEST_LENGTH];
    size_t n = ctx_len(h);
    memcpy(&c, &k->in, n);
    h_update(h, &c, m1, l1);
    h_update(h, &c, m2, l2);
    h_final(h, &c, inner);
    memcpy(&c, &k->out, n);
    h_update(h, &c, inner, sp_hash_len(h));
    h_final(h, &c, out);
    /* SHA*_Final cleanses the data block but leaves the chaining value, which
     * now IS the output (a derived secret, word-swapped): wipe the context as
     * well as the inner digest (issue #12 item 9). */
    sp_wipe(&c, n);
    sp_wipe(inner, sp_hash_len(h));
}

/* RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM); an empty salt is HashLen zeros,
 * which HMAC pads to the same block as no key at all. */
/* HMAC keyed with zeros (an empty or all-zero salt: the early secret) is the same
 * for every call: its two states are computed once. */
static struct sp_hmac g_zero_key[2];
static pthread_once_t g_zero_once = PTHREAD_ONCE_INIT;
static bool g_zero_ok;

static void zero_key_init(void) {
    g_zero_ok = SP_IS_OK(sp_hmac_init(&g_zero_key[0], SP_HASH_SHA256, NULL, 0)) &&
                SP_IS_OK(sp_hmac_init(&g_zero_key[1], SP_HASH_SHA384, NULL, 0));
}

static bool all_zero(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

SP_RESULT sp_hkdf_extract(enum sp_hash h, const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                          uint8_t *out) {
    struct sp_hmac k;
    if ((h == SP_HASH_SHA256 || h == SP_HASH_SHA384) && salt_len <= sp_hash_len(h) && all_zero(salt, salt_len)) {
        /* Zero bytes of salt pad to the same HMAC block as no salt (RFC 2104 section 2). */
        pthread_once(&g_zero_once, zero_key_init);
        ENSURE(g_zero_ok, NTE_INTERNAL_ERROR);
        sp_hmac_compute(&g_zero_key[h == SP_HASH_SHA384], ikm, ikm_len, NULL, 0, out);
        return SP_OK;
    }
    GUARD(sp_hmac_init(&k, h, salt, salt_len));
    sp_hmac_compute(&k, ikm, ikm_len, NULL, 0, out);
    sp_hmac_wipe(&k);
    return SP_OK;
}

/* RFC 5869 section 2.3: T(i) = HMAC(PRK, T(i-1) | info | i).  info_ctr holds info
 * followed by one spare byte for the counter (so each block is two updates). */
static void expand_k(const struct sp_hmac *k, uint8_t *info_ctr, size_t info_len, uint8_t *out, size_t out_len) {
    size_t hl = sp_hash_len(k->alg);
    uint8_t t[SHA512_DIGEST_LENGTH];
    size_t prev = 0;
    bool used_t = false;
    for (uint32_t i = 1; out_len > 0; i++) {
        info_ctr[info_len] = (uint8_t)i;
        if (out_len >= hl) {
            /* Whole block: straight into out (T(i-1) is read back from there). */
            sp_hmac_compute(k, out - prev, prev, info_ctr, info_len + 1, out);
            prev = hl;
            out += hl;
            out_len -= hl;
        } else {
            sp_hmac_compute(k, out - prev, prev, info_ctr, info_len + 1, t);
            memcpy(out, t, out_len);
            out_len = 0;
            used_t = true;
        }
    }
    if (used_t) sp_wipe(t, sizeof(t)); /* t holds a partial last block */
}

SP_RESULT sp_hkdf_expand(enum sp_hash h, const uint8_t *prk, size_t prk_len, const uint8_t *info, size_t info_len,
                         uint8_t *out, size_t out_len) {
    uint8_t buf[SP_HKDF_MAX_INFO + 1];
    struct sp_hmac k;
    ENSURE(info_len <= SP_HKDF_MAX_INFO, NTE_INVALID_PARAMETER);
    ENSURE(out_len <= 255 * sp_hash_len(h), NTE_INVALID_PARAMETER);
    GUARD(sp_hmac_init(&k, h, prk, prk_len));
    if (info_len) memcpy(buf, info, info_len);
    expand_k(&k, buf, info_len, out, out_len);
    sp_hmac_wipe(&k);
    return SP_OK;
}

/* RFC 8446 section 7.1: HkdfLabel = uint16 length | opaque label<7..255> = "tls13 " +
 * Label | opaque context<0..255>. */
static size_t hkdf_label(uint8_t *buf, size_t out_len, const char *label, size_t label_len, const uint8_t *ctx,
                         size_t ctx_len) {
    size_t o = 0;
    sp_be16(buf, (uint32_t)out_len);
    o += 2;
    buf[o++] = (uint8_t)(6 + label_len);
    memcpy(buf + o, "tls13 ", 6);
    o += 6;
    memcpy(buf + o, label, label_len);
    o += label_len;
    buf[o++] = (uint8_t)ctx_len;
    if (ctx_len) memcpy(buf + o, ctx, ctx_len);
    return o + ctx_len;
}

SP_RESULT sp_hkdf_expand_label_k(const struct sp_hmac *k, const char *label, size_t label_len, const uint8_t *ctx,
                                 size_t ctx_len, uint8_t *out, size_t out_len) {
    uint8_t buf[SP_HKDF_MAX_INFO + 1];
    ENSURE(label_len <= SP_HKDF_MAX_LABEL && ctx_len <= 255, NTE_INVALID_PARAMETER);
    ENSURE(ctx_len == 0 || ctx != NULL, NTE_INVALID_PARAMETER);
    ENSURE(out_len > 0 && out_len <= 65535 && out_len <= 255 * sp_hash_len(k->alg), NTE_INVALID_PARAMETER);
    size_t n = hkdf_label(buf, out_len, label, label_len, ctx, ctx_len);
    expand_k(k, buf, n, out, out_len);
    return SP_OK;
}

SP_RESULT sp_hkdf_expand_label(enum sp_hash h, const uint8_t *secret, size_t secret_len, const char *label,
                               size_t label_len, const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t out_len) {
    struct sp_hmac k;
    GUARD(sp_hmac_init(&k, h, secret, secret_len));
    sp_result r = sp_hkdf_expand_label_k(&k, label, label_len, ctx, ctx_len, out, out_len);
    sp_hmac_wipe(&k);
    return r;
}

SP_RESULT sp_hash_once(enum sp_hash h, const uint8_t *in, size_t len, uint8_t *out) {
    ENSURE(h == SP_HASH_SHA256 || h == SP_HASH_SHA384, NTE_NOT_SUPPORTED);
    union sp_sha_ctx c;
    h_init(h, &c);
    h_update(h, &c, in, len);
    h_final(h, &c, out);
    sp_wipe(&c, ctx_len(h)); /* the chaining value is the digest */
    return SP_OK;
}

/* Hash("") for SHA-256 and SHA-384 (FIPS 180-4 test values): the context of
 * Derive-Secret(., "derived", "") and the binder keys. */
static const uint8_t k_empty256[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
                                       0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
                                       0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
static const uint8_t k_empty384[48] = {0x38, 0xb0, 0x60, 0xa7, 0x51, 0xac, 0x96, 0x38, 0x4c, 0xd9, 0x32, 0x7e,
                                       0xb1, 0xb1, 0xe3, 0x6a, 0x21, 0xfd, 0xb7, 0x11, 0x14, 0xbe, 0x07, 0x43,
                                       0x4c, 0x0c, 0xc7, 0xbf, 0x63, 0xf6, 0xe1, 0xda, 0x27, 0x4e, 0xde, 0xbf,
                                       0xe7, 0x6f, 0x65, 0xfb, 0xd5, 0x1a, 0xd2, 0xf1, 0x48, 0x98, 0xb9, 0x5b};

const uint8_t *sp_hash_empty(enum sp_hash h) { return h == SP_HASH_SHA384 ? k_empty384 : k_empty256; }
