/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * bench_tls13.c - the TLS 1.3 key schedule of one full handshake, against OpenSSL's
 * EVP_KDF "TLS13-KDF" doing the same derivations in the same run.
 *
 * One schedule = early secret, handshake secret, master secret (with their two
 * "derived" steps), four traffic secrets (c/s hs, c/s ap), four write keys (key +
 * IV each), exporter and resumption master secrets; SHA-256, AES-128-GCM.
 *   internal : the HKDF layer of hkdf.c on bytes (what the public functions run)
 *   public   : SslExtractEarlyKey ... SslExpandWriteKey with handles and hash
 *              objects (the (EC)DHE step through sp_tls13_extract_handshake_raw
 *              when SslExtractHandshakeKey has no key exchange to call)
 *   OpenSSL  : EVP_KDF TLS13-KDF, fetched once; a new EVP_KDF_CTX per derivation
 *              as libssl does, and a variant reusing one context (the faster
 *              of the two is the reference).
 * Key + IV: one traffic secret -> 16-byte key and 12-byte IV.  Its SHA-256 floor
 * is 6 compressions (HMAC key setup 2, "key" 2, "iv" 2: each HkdfLabel fits one
 * block) times SHA256_Transform, measured here.
 *
 * Targets (issue #5): whole schedule >= 3x OpenSSL's throughput; key + IV <= 2x
 * its compression floor.  Usage: bench_tls13 [iterations]
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "internal.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile uint8_t g_sink;

/* Interleaved measurement: every round times each workload once for its own
 * iteration count, so all of them see the same machine load; the figure of each
 * is the median over the rounds (the best round is printed too).  Ratios are of
 * medians from the same run. */
#define ROUNDS 21
#define N_WORK 8
static double g_samples[N_WORK][ROUNDS];
static double g_med[N_WORK], g_min[N_WORK];

#define TIME_INTO(slot, r, n, body)                                                                                    \
    do {                                                                                                               \
        double t0_ = now_ns();                                                                                         \
        for (long i_ = 0; i_ < (n); i_++) {                                                                            \
            body;                                                                                                      \
        }                                                                                                              \
        g_samples[slot][r] = (now_ns() - t0_) / (double)(n);                                                           \
    } while (0)

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Compressions of the whole schedule with one keyed HMAC per secret: handshake
 * extract 2 (its no-PSK salt is keyed once per process), hs keying 2, two hs
 * traffic 4, "derived" 2, master extract 4 (salt keying 2 + 2), ms keying 2, four
 * ms labels 8, four key + IV 24 = 48; the public path also finalizes four
 * Transcript-Hash copies (1 each here). */
#define FLOOR_SCHED      48
#define FLOOR_TRANSCRIPT 4

static uint8_t g_th_sh[32], g_th_sf[32], g_th_cf[32], g_ss[32];

/* ------------------------------------------------------------------------ */
/* internal path                                                             */
/* ------------------------------------------------------------------------ */

static void key_iv_internal(const uint8_t *secret, uint8_t key[16], uint8_t iv[12]) {
    struct sp_hmac k;
    if (!SP_IS_OK(sp_hmac_init(&k, SP_HASH_SHA256, secret, 32))) abort();
    if (!SP_IS_OK(sp_hkdf_expand_label_k(&k, "key", 3, NULL, 0, key, 16))) abort();
    if (!SP_IS_OK(sp_hkdf_expand_label_k(&k, "iv", 2, NULL, 0, iv, 12))) abort();
    sp_hmac_wipe(&k);
}

static void schedule_internal(uint8_t out[32]) {
    const enum sp_hash h = SP_HASH_SHA256;
    uint8_t zeros[32] = {0}, early[32], derived[32], hs[32], ms[32], t[4][32], exp[32], res[32], key[16], iv[12];
    struct sp_hmac k;
    sp_result r = sp_tls13_early_secret(h, NULL, 0, early);
    r = sp_tls13_extract_nopsk(h, g_ss, 32, hs); /* cached "derived" salt, keyed once */
    /* One keyed HMAC per secret, as the secret objects cache it. */
    r = sp_hmac_init(&k, h, hs, 32);
    r = sp_hkdf_expand_label_k(&k, "c hs traffic", 12, g_th_sh, 32, t[0], 32);
    r = sp_hkdf_expand_label_k(&k, "s hs traffic", 12, g_th_sh, 32, t[1], 32);
    r = sp_hkdf_expand_label_k(&k, "derived", 7, sp_hash_empty(h), 32, derived, 32);
    r = sp_hkdf_extract(h, derived, 32, zeros, 32, ms);
    r = sp_hmac_init(&k, h, ms, 32);
    r = sp_hkdf_expand_label_k(&k, "c ap traffic", 12, g_th_sf, 32, t[2], 32);
    r = sp_hkdf_expand_label_k(&k, "s ap traffic", 12, g_th_sf, 32, t[3], 32);
    r = sp_hkdf_expand_label_k(&k, "exp master", 10, g_th_sf, 32, exp, 32);
    r = sp_hkdf_expand_label_k(&k, "res master", 10, g_th_cf, 32, res, 32);
    sp_hmac_wipe(&k);
    if (!SP_IS_OK(r)) abort();
    for (int i = 0; i < 4; i++)
        key_iv_internal(t[i], key, iv);
    memcpy(out, t[3], 32);
    out[0] ^= key[0] ^ iv[0] ^ exp[0] ^ res[0];
}

/* ------------------------------------------------------------------------ */
/* public API path                                                           */
/* ------------------------------------------------------------------------ */

static NCRYPT_PROV_HANDLE g_prov;
static NCRYPT_HASH_HANDLE g_h_sh, g_h_sf, g_h_cf;

static void must(SECURITY_STATUS s, const char *what) {
    if (s != 0) {
        fprintf(stderr, "%s failed: 0x%08x\n", what, (unsigned)s);
        exit(1);
    }
}

static void schedule_public(void) {
    NCRYPT_KEY_HANDLE e, hs, ms, t[4], w, exp, res;
    must(SslExtractEarlyKey(g_prov, 0, &e, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, NULL, 0), "early");
    must(sp_tls13_extract_handshake_raw(g_prov, e, g_ss, 32, &hs), "handshake");
    must(SslExpandTrafficKeys(g_prov, hs, g_h_sh, &t[0], &t[1], NULL, 0), "hs traffic");
    must(SslExtractMasterKey(g_prov, hs, &ms, NULL, 0), "master");
    must(SslExpandTrafficKeys(g_prov, ms, g_h_sf, &t[2], &t[3], NULL, 0), "ap traffic");
    must(SslExpandExporterMasterKey(g_prov, ms, g_h_sf, &exp, NULL, 0), "exporter");
    must(SslExpandResumptionMasterKey(g_prov, ms, g_h_cf, &res, NULL, 0), "resumption");
    for (int i = 0; i < 4; i++) {
        must(SslExpandWriteKey(g_prov, t[i], &w, NULL, 0), "write key");
        SslFreeObject(w, 0);
        SslFreeObject(t[i], 0);
    }
    SslFreeObject(e, 0), SslFreeObject(hs, 0), SslFreeObject(ms, 0), SslFreeObject(exp, 0), SslFreeObject(res, 0);
}

/* ------------------------------------------------------------------------ */
/* OpenSSL TLS13-KDF                                                         */
/* ------------------------------------------------------------------------ */

static EVP_KDF *g_kdf;
static EVP_KDF_CTX *g_kctx; /* reused-context variant */
static bool g_reuse;

static void ossl(int mode, const uint8_t *key, size_t kl, const uint8_t *salt, size_t sl, const char *label,
                 const uint8_t *data, size_t dl, uint8_t *out, size_t ol) {
    OSSL_PARAM p[9], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0);
    *q++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
    *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PREFIX, "tls13 ", 6);
    if (kl) *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)key, kl);
    if (sl) *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, sl);
    if (label) *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_LABEL, (void *)label, strlen(label));
    if (dl) *q++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_DATA, (void *)data, dl);
    *q = OSSL_PARAM_construct_end();
    EVP_KDF_CTX *c = g_reuse ? g_kctx : EVP_KDF_CTX_new(g_kdf);
    if (g_reuse) EVP_KDF_CTX_reset(c);
    if (c == NULL || EVP_KDF_derive(c, out, ol, p) <= 0) abort();
    if (!g_reuse) EVP_KDF_CTX_free(c);
}

#define EXTRACT EVP_KDF_HKDF_MODE_EXTRACT_ONLY
#define EXPAND  EVP_KDF_HKDF_MODE_EXPAND_ONLY

static void key_iv_ossl(const uint8_t *secret, uint8_t key[16], uint8_t iv[12]) {
    ossl(EXPAND, secret, 32, NULL, 0, "key", NULL, 0, key, 16);
    ossl(EXPAND, secret, 32, NULL, 0, "iv", NULL, 0, iv, 12);
}

static void schedule_ossl(uint8_t out[32]) {
    uint8_t early[32], hs[32], ms[32], t[4][32], exp[32], res[32], key[16], iv[12];
    ossl(EXTRACT, NULL, 0, NULL, 0, NULL, NULL, 0, early, 32); /* no PSK: key = zeros */
    ossl(EXTRACT, g_ss, 32, early, 32, "derived", NULL, 0, hs, 32);
    ossl(EXPAND, hs, 32, NULL, 0, "c hs traffic", g_th_sh, 32, t[0], 32);
    ossl(EXPAND, hs, 32, NULL, 0, "s hs traffic", g_th_sh, 32, t[1], 32);
    ossl(EXTRACT, NULL, 0, hs, 32, "derived", NULL, 0, ms, 32);
    ossl(EXPAND, ms, 32, NULL, 0, "c ap traffic", g_th_sf, 32, t[2], 32);
    ossl(EXPAND, ms, 32, NULL, 0, "s ap traffic", g_th_sf, 32, t[3], 32);
    ossl(EXPAND, ms, 32, NULL, 0, "exp master", g_th_sf, 32, exp, 32);
    ossl(EXPAND, ms, 32, NULL, 0, "res master", g_th_cf, 32, res, 32);
    for (int i = 0; i < 4; i++)
        key_iv_ossl(t[i], key, iv);
    memcpy(out, t[3], 32);
    out[0] ^= key[0] ^ iv[0] ^ exp[0] ^ res[0];
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 4000;
    if (n < 64) n = 64;
    for (int i = 0; i < 32; i++)
        g_ss[i] = (uint8_t)(i * 7 + 1);
    if (!SP_IS_OK(sp_crypto_init())) return 1;
    g_kdf = EVP_KDF_fetch(NULL, "TLS13-KDF", NULL);
    g_kctx = EVP_KDF_CTX_new(g_kdf);

    /* Transcripts: hash objects for the public path, their digests for the others. */
    must(SslOpenProvider(&g_prov, NULL, 0), "open");
    NCRYPT_HASH_HANDLE hs[3];
    uint8_t *dg[3] = {g_th_sh, g_th_sf, g_th_cf};
    for (int i = 0; i < 3; i++) {
        DWORD len = 0;
        must(SslCreateHandshakeHash(g_prov, &hs[i], TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, 0), "hash");
        for (int j = 0; j <= i; j++)
            must(SslHashHandshake(g_prov, hs[i], (PBYTE) "handshake message", 17, 0), "h");
        must(SslComputeSessionHash(g_prov, hs[i], TLS1_3_PROTOCOL_VERSION, dg[i], 32, &len, 0), "digest");
    }
    g_h_sh = hs[0], g_h_sf = hs[1], g_h_cf = hs[2];

    /* Both implementations must agree before they are timed. */
    uint8_t a[32], b[32];
    schedule_internal(a);
    schedule_ossl(b);
    if (memcmp(a, b, 32) != 0) {
        fprintf(stderr, "internal and OpenSSL schedules differ\n");
        return 1;
    }

    uint8_t key[16], iv[12], secret[32] = {1}, blk[64] = {2};
    SHA256_CTX sc;
    SHA256_Init(&sc);
    for (int r = 0; r < ROUNDS; r++) {
        TIME_INTO(0, r, n * 4, SHA256_Transform(&sc, blk); blk[0] ^= (uint8_t)sc.h[0]);
        TIME_INTO(1, r, n, key_iv_internal(secret, key, iv); secret[0] ^= key[0]);
        g_reuse = false;
        TIME_INTO(2, r, n / 4, key_iv_ossl(secret, key, iv); secret[0] ^= key[0]);
        g_reuse = true;
        TIME_INTO(3, r, n / 4, key_iv_ossl(secret, key, iv); secret[0] ^= key[0]);
        TIME_INTO(4, r, n / 8, schedule_internal(a); g_ss[0] ^= a[0]);
        TIME_INTO(5, r, n / 8, schedule_public());
        g_reuse = false;
        TIME_INTO(6, r, n / 32, schedule_ossl(b); g_ss[0] ^= b[0]);
        g_reuse = true;
        TIME_INTO(7, r, n / 32, schedule_ossl(b); g_ss[0] ^= b[0]);
    }
    for (int i = 0; i < N_WORK; i++) {
        qsort(g_samples[i], ROUNDS, sizeof(double), cmp_double);
        g_med[i] = g_samples[i][ROUNDS / 2];
        g_min[i] = g_samples[i][0];
    }
    double t_transform = g_med[0], t_kiv = g_med[1], t_kiv_ossl_new = g_med[2], t_kiv_ossl_reuse = g_med[3];
    double t_int = g_med[4], t_pub = g_med[5], t_ossl_new = g_med[6], t_ossl_reuse = g_med[7];
    g_sink = a[1] ^ b[1] ^ key[1];

    double t_ossl = t_ossl_new < t_ossl_reuse ? t_ossl_new : t_ossl_reuse;
    double t_kiv_ossl = t_kiv_ossl_new < t_kiv_ossl_reuse ? t_kiv_ossl_new : t_kiv_ossl_reuse;
    double floor = 6 * t_transform;
    printf("TLS 1.3 key schedule, SHA-256 / AES-128-GCM (median of %d interleaved rounds, n = %ld; best round in [])\n",
           ROUNDS, n);
    printf("  SHA256_Transform                      %8.1f ns\n", t_transform);
    printf("key + IV from one traffic secret\n");
    printf("  sslprov internal                      %8.3f us   [%.3f]\n", t_kiv / 1e3, g_min[1] / 1e3);
    printf("  OpenSSL TLS13-KDF (new ctx / reused)  %8.3f / %.3f us\n", t_kiv_ossl_new / 1e3, t_kiv_ossl_reuse / 1e3);
    printf("  floor: 6 SHA-256 compressions         %8.3f us\n", floor / 1e3);
    printf("  sslprov / floor                       %8.2f x   (target <= 2)   %s\n", t_kiv / floor,
           t_kiv <= 2 * floor ? "PASS" : "FAIL");
    printf("  OpenSSL / sslprov                     %8.2f x\n", t_kiv_ossl / t_kiv);
    printf("whole schedule (3 extracts, 4 traffic secrets, 4 key+IV, exporter, resumption)\n");
    printf("  floor: %2d SHA-256 compressions        %8.3f us   (public: +%d transcript finals)\n", FLOOR_SCHED,
           FLOOR_SCHED * t_transform / 1e3, FLOOR_TRANSCRIPT);
    printf("  sslprov internal                      %8.3f us   [%.3f]   %.2f x floor\n", t_int / 1e3, g_min[4] / 1e3,
           t_int / (FLOOR_SCHED * t_transform));
    printf("  sslprov public API (handles)          %8.3f us   [%.3f]   %.2f x floor\n", t_pub / 1e3, g_min[5] / 1e3,
           t_pub / ((FLOOR_SCHED + FLOOR_TRANSCRIPT) * t_transform));
    printf("  OpenSSL TLS13-KDF (new ctx / reused)  %8.3f / %.3f us   [%.3f / %.3f]\n", t_ossl_new / 1e3,
           t_ossl_reuse / 1e3, g_min[6] / 1e3, g_min[7] / 1e3);
    printf("  OpenSSL reference = the faster median: %s context\n", t_ossl_new < t_ossl_reuse ? "new" : "reused");
    printf("  internal throughput vs OpenSSL        %8.2f x   (target >= 3)   %s\n", t_ossl / t_int,
           t_ossl >= 3 * t_int ? "PASS" : "FAIL");
    printf("  public API throughput vs OpenSSL      %8.2f x   (target >= 3)   %s\n", t_ossl / t_pub,
           t_ossl >= 3 * t_pub ? "PASS" : "FAIL");

    for (int i = 0; i < 3; i++)
        SslFreeObject(hs[i], 0);
    SslFreeObject(g_prov, 0);
    EVP_KDF_CTX_free(g_kctx);
    EVP_KDF_free(g_kdf);
    return 0;
}
