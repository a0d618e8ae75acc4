/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_prf.c - the internal PRFs of prf.c (sp_prf, sp_prf_parts) and the master
 * secret derivation: every PRF/KDF vector of tests/vectors, a differential
 * test against OpenSSL's EVP_KDF "TLS1-PRF" (>= 1000 random inputs per hash),
 * the SSL 3.0 KDF against an EVP_Digest reference, and "no heap allocation".
 */
#include "testutil.h"

#include "internal.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <stdatomic.h>
#include <stdlib.h>

/* ------------------------------------------------------------------------ */
/* Allocation counting (installed before libcrypto allocates anything)       */
/* ------------------------------------------------------------------------ */

static atomic_long g_allocs;

static void *count_malloc(size_t n, const char *file, int line) {
    (void)file, (void)line;
    atomic_fetch_add(&g_allocs, 1);
    return malloc(n);
}
static void *count_realloc(void *p, size_t n, const char *file, int line) {
    (void)file, (void)line;
    atomic_fetch_add(&g_allocs, 1);
    return realloc(p, n);
}
static void count_free(void *p, const char *file, int line) {
    (void)file, (void)line;
    free(p);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

static enum sp_hash hash_of(const char *name) {
    static const struct {
        const char *name;
        enum sp_hash h;
    } k[] = {{"MD5-SHA1", SP_HASH_MD5SHA1},
             {"SHA224", SP_HASH_SHA224},
             {"SHA256", SP_HASH_SHA256},
             {"SHA384", SP_HASH_SHA384},
             {"SHA512", SP_HASH_SHA512}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (name && strcmp(name, k[i].name) == 0) return k[i].h;
    return SP_HASH_NONE;
}

static const char *ossl_digest(enum sp_hash h) {
    switch (h) {
    case SP_HASH_MD5SHA1: return "MD5-SHA1";
    case SP_HASH_MD5: return "MD5";
    case SP_HASH_SHA1: return "SHA1";
    case SP_HASH_SHA224: return "SHA224";
    case SP_HASH_SHA256: return "SHA256";
    case SP_HASH_SHA384: return "SHA384";
    case SP_HASH_SHA512: return "SHA512";
    default: return NULL;
    }
}

static EVP_KDF *g_kdf;

/* OpenSSL's TLS1-PRF: seed = the concatenation of the "seed" parameters. */
static int evp_prf(enum sp_hash h, const uint8_t *secret, size_t slen, const struct sp_prf_part *parts, size_t n,
                   uint8_t *out, size_t out_len) {
    OSSL_PARAM params[8], *p = params;
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)ossl_digest(h), 0);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)secret, slen);
    for (size_t i = 0; i < n && i < 5; i++)
        if (parts[i].len)
            *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)parts[i].ptr, parts[i].len);
    *p = OSSL_PARAM_construct_end();
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(g_kdf);
    int ok = c != NULL && EVP_KDF_derive(c, out, out_len, params) > 0;
    EVP_KDF_CTX_free(c);
    return ok;
}

/* SSL 3.0 KDF reference through EVP digests (RFC 6101 section 6.2.2). */
static void ref_ssl3(const uint8_t *secret, size_t slen, const uint8_t *seed, size_t seed_len, uint8_t *out,
                     size_t out_len) {
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint8_t salt[26], sha[20], md5[16];
    unsigned int n;
    for (size_t i = 0, off = 0; off < out_len; i++) {
        memset(salt, 'A' + (int)i, i + 1);
        EVP_DigestInit_ex(c, EVP_sha1(), NULL);
        EVP_DigestUpdate(c, salt, i + 1);
        EVP_DigestUpdate(c, secret, slen);
        EVP_DigestUpdate(c, seed, seed_len);
        EVP_DigestFinal_ex(c, sha, &n);
        EVP_DigestInit_ex(c, EVP_md5(), NULL);
        EVP_DigestUpdate(c, secret, slen);
        EVP_DigestUpdate(c, sha, 20);
        EVP_DigestFinal_ex(c, md5, &n);
        size_t take = out_len - off < 16 ? out_len - off : 16;
        memcpy(out + off, md5, take);
        off += take;
    }
    EVP_MD_CTX_free(c);
}

/* ------------------------------------------------------------------------ */
/* Known answers                                                             */
/* ------------------------------------------------------------------------ */

static void kat_prf_file(const char *file, bool ssl3, bool tls10) {
    struct t_vec *v = t_vec_open(file);
    int records = 0;
    while (v && t_vec_next(v)) {
        size_t sl, ll = 0, dl, ol;
        uint8_t *secret = t_vec_hex(v, "secret", &sl), *seed = t_vec_hex(v, "seed", &dl);
        uint8_t *label = t_vec_hex(v, "label", &ll), *want = t_vec_hex(v, "output", &ol);
        enum sp_hash h = tls10 ? SP_HASH_MD5SHA1 : hash_of(t_vec_get(v, "hash"));
        T_ASSERT(secret && seed && want && (ssl3 || h != SP_HASH_NONE));
        if (!(secret && seed && want)) break;
        uint8_t got[512];
        struct sp_prf_part parts[2] = {{label, ll}, {seed, dl}};
        T_ASSERT(SP_IS_OK(sp_prf_parts(h, ssl3, secret, sl, parts, 2, got, ol)));
        T_BYTES(got, want, ol);
        if (ol > 1) { /* a shorter output is a prefix */
            T_ASSERT(SP_IS_OK(sp_prf_parts(h, ssl3, secret, sl, parts, 2, got, ol - 1)));
            T_BYTES(got, want, ol - 1);
        }
        records++;
        free(secret), free(seed), free(label), free(want);
    }
    printf("# %s: %d records\n", file, records);
    T_ASSERT(records > 0);
    t_vec_close(v);
}

/* A suite with the given PRF hash for sp_master_from_premaster. */
static void master_args(const char *prf, DWORD *proto, const struct sp_suite **s) {
    enum sp_hash h = hash_of(prf);
    *proto = h == SP_HASH_MD5SHA1 ? TLS1_0_PROTOCOL_VERSION : TLS1_2_PROTOCOL_VERSION;
    *s = sp_suite_find(h == SP_HASH_SHA384 ? 0xC030 : 0xC02F);
    if (h == SP_HASH_MD5SHA1) *s = sp_suite_find(0x002F);
}

/* tls_kdf_sp800_135.txt and tls12_ems_rfc7627.txt: master secret and key block
 * through the internal functions (the public path is in test_tls12.c). */
static void kat_kdf_file(const char *file, bool ems) {
    struct t_vec *v = t_vec_open(file);
    int records = 0;
    while (v && t_vec_next(v)) {
        size_t pl, crl, srl, chl = 0, shl = 0, ml, kl, hl = 0;
        const char *prf = t_vec_get(v, "prf");
        enum sp_hash h = hash_of(prf);
        uint8_t *pms = t_vec_hex(v, "pre_master_secret", &pl), *cr = t_vec_hex(v, "client_random", &crl);
        uint8_t *sr = t_vec_hex(v, "server_random", &srl), *ms = t_vec_hex(v, "master_secret", &ml);
        uint8_t *kb = t_vec_hex(v, "key_block", &kl);
        uint8_t *chr = t_vec_hex(v, "client_hello_random", &chl), *shr = t_vec_hex(v, "server_hello_random", &shl);
        uint8_t *sh = t_vec_hex(v, "session_hash", &hl);
        T_ASSERT(h != SP_HASH_NONE && pms && cr && sr && ms && kb && ml == 48 && (ems ? sh != NULL : chr && shr));
        if (!(h != SP_HASH_NONE && pms && cr && sr && ms && kb)) break;
        uint8_t got[48], block[256];
        if (h == SP_HASH_SHA512) {
            /* No suite uses the SHA-512 PRF: the PRF directly. */
            if (ems)
                T_ASSERT(SP_IS_OK(sp_prf(h, false, pms, pl, "extended master secret", sh, hl, NULL, 0, got, 48)));
            else
                T_ASSERT(SP_IS_OK(sp_prf(h, false, pms, pl, "master secret", chr, chl, shr, shl, got, 48)));
        } else {
            DWORD proto;
            const struct sp_suite *s;
            master_args(prf, &proto, &s);
            T_ASSERT(
                SP_IS_OK(sp_master_from_premaster(proto, s, pms, pl, ems ? cr : chr, ems ? sr : shr, sh, hl, got)));
        }
        T_BYTES(got, ms, 48);
        T_ASSERT(SP_IS_OK(sp_prf(h, false, ms, 48, "key expansion", sr, srl, cr, crl, block, kl)));
        T_BYTES(block, kb, kl);
        /* RFC 5705 exporter values, when the record has them. */
        size_t el = 0, cl = 0, wl = 0, nl = 0;
        uint8_t *elab = t_vec_hex(v, "ekm_label", &el), *ectx = t_vec_hex(v, "ekm_context", &cl);
        uint8_t *with = t_vec_hex(v, "ekm_with_context", &wl), *without = t_vec_hex(v, "ekm_no_context", &nl);
        if (elab && with && without) {
            uint8_t len16[2] = {(uint8_t)(cl >> 8), (uint8_t)cl}, ekm[64];
            struct sp_prf_part parts[5] = {{elab, el}, {cr, crl}, {sr, srl}, {len16, 2}, {ectx, cl}};
            T_ASSERT(SP_IS_OK(sp_prf_parts(h, false, ms, 48, parts, 5, ekm, wl)));
            T_BYTES(ekm, with, wl);
            T_ASSERT(SP_IS_OK(sp_prf_parts(h, false, ms, 48, parts, 3, ekm, nl)));
            T_BYTES(ekm, without, nl);
        }
        free(elab), free(ectx), free(with), free(without);
        records++;
        free(pms), free(cr), free(sr), free(ms), free(kb), free(chr), free(shr), free(sh);
    }
    printf("# %s: %d records\n", file, records);
    T_ASSERT(records > 0);
    t_vec_close(v);
}

static void kat_ssl3_kdf(void) {
    struct t_vec *v = t_vec_open("ssl3_kdf.txt");
    int records = 0;
    while (v && t_vec_next(v)) {
        size_t pl, cl, sl, ml, kl;
        uint8_t *pms = t_vec_hex(v, "pre_master_secret", &pl), *cr = t_vec_hex(v, "client_random", &cl);
        uint8_t *sr = t_vec_hex(v, "server_random", &sl), *ms = t_vec_hex(v, "master_secret", &ml);
        uint8_t *kb = t_vec_hex(v, "key_block", &kl);
        T_ASSERT(pms && cr && sr && ms && kb);
        if (!(pms && cr && sr && ms && kb)) break;
        uint8_t got[48], block[256];
        T_ASSERT(SP_IS_OK(
            sp_master_from_premaster(SSL3_PROTOCOL_VERSION, sp_suite_find(0x0005), pms, pl, cr, sr, NULL, 0, got)));
        T_BYTES(got, ms, 48);
        T_ASSERT(SP_IS_OK(sp_prf(SP_HASH_MD5SHA1, true, ms, 48, "ignored", sr, sl, cr, cl, block, kl)));
        T_BYTES(block, kb, kl);
        /* EMS is not defined for SSL 3.0 */
        T_ASSERT(
            sp_master_from_premaster(SSL3_PROTOCOL_VERSION, sp_suite_find(0x0005), pms, pl, cr, sr, cr, 32, got).st ==
            NTE_NOT_SUPPORTED);
        records++;
        free(pms), free(cr), free(sr), free(ms), free(kb);
    }
    T_ASSERT(records == 1);
    t_vec_close(v);
}

/* ------------------------------------------------------------------------ */
/* Differential tests                                                        */
/* ------------------------------------------------------------------------ */

#define DIFF_N 1000

static void random_input(uint8_t *secret, size_t *sl, uint8_t *buf, struct sp_prf_part *parts, size_t *n,
                         size_t *out_len) {
    /* Secrets up to 300 bytes: longer than every block size (64/128), so both
     * HMAC key paths (and odd TLS 1.0 halves) are exercised. */
    *sl = 1 + t_rand_u32(300);
    t_rand(secret, *sl);
    *n = 1 + t_rand_u32(4);
    size_t off = 0, total = 0;
    for (size_t i = 0; i < *n; i++) {
        size_t l = t_rand_u32(i == 0 ? 40 : 100);
        t_rand(buf + off, l);
        parts[i].ptr = buf + off, parts[i].len = l;
        off += l, total += l;
    }
    if (total == 0) { /* OpenSSL refuses an empty seed */
        parts[0].len = 1;
    }
    *out_len = 1 + t_rand_u32(200);
}

static void diff_hash(enum sp_hash h) {
    uint8_t secret[300], buf[500], got[200], want[200];
    struct sp_prf_part parts[5];
    int bad = 0;
    for (int i = 0; i < DIFF_N; i++) {
        size_t sl, n, ol;
        random_input(secret, &sl, buf, parts, &n, &ol);
        T_ASSERT(evp_prf(h, secret, sl, parts, n, want, ol));
        memset(got, 0xAA, sizeof(got));
        if (!SP_IS_OK(sp_prf_parts(h, false, secret, sl, parts, n, got, ol)) || memcmp(got, want, ol) != 0 ||
            (ol < sizeof(got) && got[ol] != 0xAA)) {
            if (bad++ < 3) t_fail_bytes(__FILE__, __LINE__, ossl_digest(h), got, want, ol);
        }
    }
    T_ASSERT(bad == 0);
    printf("# differential %s: %d inputs, %d mismatches\n", ossl_digest(h), DIFF_N, bad);
}

/* P_SHA256 has a fast path for seeds up to 87 bytes with padded blocks built
 * per call (prf.c sha256_phash_fast): every seed length 1..130 (both sides of
 * the one- and two-block limits 55/56, 87/88, 119/120), split into 1-3 parts,
 * with output lengths around the 32-byte blocks, through both the unkeyed and
 * the keyed entry points, against EVP_KDF. */
static void sweep_sha256(void) {
    static const size_t outs[] = {1, 31, 32, 33, 64, 104, 128, 200};
    uint8_t secret[100], seed[130], got[201], want[200];
    int bad = 0, n = 0;
    for (size_t sl = 1; sl <= 130; sl++) {
        for (size_t oi = 0; oi < sizeof(outs) / sizeof(outs[0]); oi++, n++) {
            size_t ol = outs[oi], klen = 1 + t_rand_u32(99);
            t_rand(secret, klen);
            t_rand(seed, sl);
            size_t cut1 = t_rand_u32((uint32_t)sl + 1), cut2 = cut1 + t_rand_u32((uint32_t)(sl - cut1) + 1);
            struct sp_prf_part parts[3] = {{seed, cut1}, {seed + cut1, cut2 - cut1}, {seed + cut2, sl - cut2}};
            T_ASSERT(evp_prf(SP_HASH_SHA256, secret, klen, parts, 3, want, ol));
            memset(got, 0xAA, sizeof(got));
            bool ok = SP_IS_OK(sp_prf_parts(SP_HASH_SHA256, false, secret, klen, parts, 3, got, ol)) &&
                      memcmp(got, want, ol) == 0 && got[ol] == 0xAA;
            struct sp_prf_key key;
            memset(got, 0xAA, sizeof(got));
            ok = ok && SP_IS_OK(sp_prf_key_init(&key, SP_HASH_SHA256, secret, klen)) &&
                 SP_IS_OK(sp_prf_keyed(&key, parts, 3, got, ol)) && memcmp(got, want, ol) == 0 && got[ol] == 0xAA;
            if (!ok && bad++ < 3) t_fail_bytes(__FILE__, __LINE__, "P_SHA256 sweep", got, want, ol);
        }
    }
    T_ASSERT(bad == 0);
    printf("# P_SHA256 seed-length sweep: %d inputs, %d mismatches\n", n, bad);
}

static void diff_ssl3(void) {
    uint8_t secret[300], buf[500], got[416], want[416], seed[500];
    struct sp_prf_part parts[5];
    int bad = 0;
    for (int i = 0; i < DIFF_N; i++) {
        size_t sl, n, ol;
        random_input(secret, &sl, buf, parts, &n, &ol);
        ol = 1 + t_rand_u32(416);
        size_t seed_len = 0; /* SSL 3.0 skips parts[0] (no label) */
        for (size_t j = 1; j < n; j++)
            memcpy(seed + seed_len, parts[j].ptr, parts[j].len), seed_len += parts[j].len;
        ref_ssl3(secret, sl, seed, seed_len, want, ol);
        if (!SP_IS_OK(sp_prf_parts(SP_HASH_NONE, true, secret, sl, parts, n, got, ol)) || memcmp(got, want, ol) != 0)
            bad++;
    }
    T_ASSERT(bad == 0);
    printf("# differential SSL3 KDF: %d inputs, %d mismatches\n", DIFF_N, bad);
}

/* ------------------------------------------------------------------------ */
/* Edge cases and allocation                                                 */
/* ------------------------------------------------------------------------ */

static void edges(void) {
    uint8_t out[420], s[48] = {1};
    struct sp_prf_part label = {(const uint8_t *)"x", 1};
    T_ASSERT(SP_IS_OK(sp_prf_parts(SP_HASH_SHA256, false, s, 48, &label, 1, NULL, 0))); /* nothing to do */
    T_ASSERT(sp_prf_parts(SP_HASH_SHA256, false, s, 48, &label, 1, NULL, 5).st == NTE_INVALID_PARAMETER);
    T_ASSERT(sp_prf_parts(SP_HASH_SHA256, false, NULL, 5, &label, 1, out, 5).st == NTE_INVALID_PARAMETER);
    T_ASSERT(sp_prf_parts(SP_HASH_NONE, false, s, 48, &label, 1, out, 5).st == NTE_NOT_SUPPORTED);
    T_ASSERT(sp_prf_parts(SP_HASH_MD5SHA1, true, s, 48, &label, 1, out, 416).st == 0);
    T_ASSERT(sp_prf_parts(SP_HASH_MD5SHA1, true, s, 48, &label, 1, out, 417).st == NTE_INVALID_PARAMETER);
    T_ASSERT(sp_prf(SP_HASH_SHA256, false, s, 48, "l", NULL, 3, NULL, 0, out, 5).st == NTE_INVALID_PARAMETER);
    /* empty secret: HMAC with an empty key is defined; compare with EVP via a
     * one-byte zero key (HMAC pads keys with zeros, so both are the same key). */
    uint8_t a[40], b[40], zero = 0;
    T_ASSERT(SP_IS_OK(sp_prf_parts(SP_HASH_SHA384, false, NULL, 0, &label, 1, a, 40)));
    T_ASSERT(evp_prf(SP_HASH_SHA384, &zero, 1, &label, 1, b, 40));
    T_BYTES(a, b, 40);
}

static void no_allocation(void) {
    uint8_t secret[200], seed[64], out[200];
    t_rand(secret, sizeof(secret));
    t_rand(seed, sizeof(seed));
    static const enum sp_hash hs[] = {SP_HASH_MD5SHA1, SP_HASH_SHA224, SP_HASH_SHA256, SP_HASH_SHA384, SP_HASH_SHA512};
    long before = atomic_load(&g_allocs);
    for (size_t i = 0; i < sizeof(hs) / sizeof(hs[0]); i++) {
        T_ASSERT(SP_IS_OK(sp_prf(hs[i], false, secret, 48, "key expansion", seed, 32, seed + 32, 32, out, 200)));
        T_ASSERT(SP_IS_OK(sp_prf(hs[i], false, secret, 200, "long secret", seed, 64, NULL, 0, out, 100)));
    }
    T_ASSERT(SP_IS_OK(sp_prf(SP_HASH_NONE, true, secret, 48, "", seed, 32, seed + 32, 32, out, 200)));
    long after = atomic_load(&g_allocs);
    printf("# heap allocations in 11 PRF calls: %ld\n", after - before);
    T_ASSERT(after == before);
}

int main(void) {
    /* Must precede every libcrypto allocation. */
    T_ASSERT(CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) == 1);
    t_rand_init();
    g_kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    T_ASSERT(g_kdf != NULL);
    T_ASSERT(SP_IS_OK(sp_crypto_init()));

    kat_prf_file("ssl3_prf.txt", true, false);
    kat_prf_file("tls10_prf.txt", false, true);
    kat_prf_file("tls12_prf.txt", false, false);
    kat_ssl3_kdf();
    kat_kdf_file("tls_kdf_sp800_135.txt", false);
    kat_kdf_file("tls12_ems_rfc7627.txt", true);

    static const enum sp_hash hs[] = {SP_HASH_MD5SHA1, SP_HASH_SHA224, SP_HASH_SHA256, SP_HASH_SHA384,
                                      SP_HASH_SHA512,  SP_HASH_MD5,    SP_HASH_SHA1};
    for (size_t i = 0; i < sizeof(hs) / sizeof(hs[0]); i++)
        diff_hash(hs[i]);
    sweep_sha256();
    diff_ssl3();
    edges();
    no_allocation();
    EVP_KDF_free(g_kdf);
    return t_done();
}
