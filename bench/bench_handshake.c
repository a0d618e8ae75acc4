/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * bench_handshake.c - key-exchange and signature costs through sslprov
 * against raw OpenSSL EVP doing the same work, in the same run:
 *   ECDHE X25519 / P-256: keygen + peer key from its encoding + derive +
 *     TLS 1.2 master secret (one side)
 *   RSA-2048 key exchange, server side: decrypt premaster + master secret
 *   RSA-2048 PKCS#1 v1.5 SHA-256 signing, ECDSA P-256 signing
 *
 * The raw EVP peer is written the way a careful caller would write it, not
 * handicapped: algorithms fetched once, the keygen context (group set) made
 * once and reused, the peer point imported with OSSL_PARAMs (which checks it
 * is on the curve) and set without a second validation, the TLS1-PRF fetched
 * once (a new EVP_KDF_CTX per derivation, as libssl does).
 *
 * Usage: bench_handshake [rounds [filter [scale]]]
 *   rounds: interleaved rounds (default 7; the median round is reported)
 *   filter: run only workloads whose name contains it (e.g. "X25519")
 *   scale:  iteration multiplier in percent (default 100; small for callgrind)
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint8_t g_cr[32], g_sr[32];
static NCRYPT_PROV_HANDLE g_p;
static NCryptBuffer g_rb[2] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, g_cr}, {32, NCRYPTBUFFER_SSL_SERVER_RANDOM, g_sr}};
static NCryptBufferDesc g_rd = {0, 2, g_rb};

static void need(bool ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "bench_handshake: %s failed\n", what);
        exit(1);
    }
}

/* ------------------------------------------------------------------------ */
/* Raw EVP                                                                   */
/* ------------------------------------------------------------------------ */

static EVP_KDF *g_prf;

/* RFC 5246 section 8.1 with OpenSSL's TLS1-PRF. */
static void evp_master(const uint8_t *z, size_t zl, uint8_t out[48]) {
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(g_prf);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)z, zl),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, "master secret", 13),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, g_cr, 32),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, g_sr, 32),
                      OSSL_PARAM_construct_end()};
    need(c != NULL && EVP_KDF_derive(c, out, 48, p) == 1, "EVP TLS1-PRF");
    EVP_KDF_CTX_free(c);
}

struct evp_group {
    const char *type, *group; /* group NULL: X25519 */
    EVP_PKEY_CTX *gen;        /* keygen context, reused */
    EVP_PKEY_CTX *imp;        /* fromdata context (EC), reused */
};
static struct evp_group g_evp_x25519 = {"X25519", NULL, NULL, NULL}, g_evp_p256 = {"EC", "P-256", NULL, NULL};

static void evp_group_init(struct evp_group *g) {
    g->gen = EVP_PKEY_CTX_new_from_name(NULL, g->type, NULL);
    need(g->gen != NULL && EVP_PKEY_keygen_init(g->gen) == 1, "EVP keygen init");
    if (g->group != NULL) {
        OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->group, 0),
                          OSSL_PARAM_construct_end()};
        need(EVP_PKEY_CTX_set_params(g->gen, p) == 1, "EVP set group");
        g->imp = EVP_PKEY_CTX_new_from_name(NULL, g->type, NULL);
        need(g->imp != NULL && EVP_PKEY_fromdata_init(g->imp) == 1, "EVP fromdata init");
    }
}

/* Generate, take the peer's encoded key, derive, master secret. */
static __attribute__((noinline)) void evp_ecdhe(struct evp_group *g, const uint8_t *peer_enc, size_t peer_len) {
    EVP_PKEY *k = NULL, *peer = NULL;
    need(EVP_PKEY_generate(g->gen, &k) == 1, "EVP keygen");
    if (g->group != NULL) {
        /* The uncompressed point cannot encode the identity, and the import
         * refuses a point off the curve (EC_POINT_oct2point). */
        OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->group, 0),
                          OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)peer_enc, peer_len),
                          OSSL_PARAM_construct_end()};
        need(EVP_PKEY_fromdata(g->imp, &peer, EVP_PKEY_PUBLIC_KEY, p) == 1, "EVP EC import");
    } else {
        peer = EVP_PKEY_new_raw_public_key_ex(NULL, g->type, NULL, peer_enc, peer_len);
        need(peer != NULL, "EVP raw import");
    }
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    uint8_t z[66], ms[48];
    size_t zl = sizeof(z);
    need(c != NULL && EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_derive_set_peer_ex(c, peer, 0) == 1 &&
             EVP_PKEY_derive(c, z, &zl) == 1,
         "EVP derive");
    evp_master(z, zl, ms);
    EVP_PKEY_CTX_free(c);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(k);
}

/* ------------------------------------------------------------------------ */
/* sslprov                                                                   */
/* ------------------------------------------------------------------------ */

static __attribute__((noinline)) void sp_ecdhe(DWORD group, const uint8_t *blob, DWORD blob_len) {
    NCRYPT_KEY_HANDLE e = 0, pub = 0, m = 0;
    DWORD n = 0;
    need(SslCreateEphemeralKey(g_p, &e, TLS1_2_PROTOCOL_VERSION, 0xC02F, group, 0, NULL, 0, 0) == 0, "keygen");
    need(SslImportKey(g_p, &pub, SSL_ECCPUBLIC_BLOB, (PBYTE)blob, blob_len, 0) == 0, "import");
    need(SslGenerateMasterKey(g_p, e, pub, &m, TLS1_2_PROTOCOL_VERSION, 0xC02F, &g_rd, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG) == 0,
         "master key");
    SslFreeObject(m, 0), SslFreeObject(pub, 0), SslFreeObject(e, 0);
}

/* ------------------------------------------------------------------------ */
/* Workloads                                                                 */
/* ------------------------------------------------------------------------ */

static uint8_t g_x_blob[8 + 32], g_p_blob[8 + 65];
static DWORD g_x_len, g_p_len;
static EVP_PKEY *g_rsa, *g_eck;
static NCRYPT_KEY_HANDLE g_hrsa, g_hec;
static uint8_t g_ct[256], g_h[32], g_named[2 * 7 + 32];

static void sp_x25519(void) { sp_ecdhe(29, g_x_blob, g_x_len); }
static void evp_x25519(void) { evp_ecdhe(&g_evp_x25519, g_x_blob + 8, g_x_len - 8); }
static void sp_p256(void) { sp_ecdhe(23, g_p_blob, g_p_len); }
/* SSL_ECCPUBLIC_BLOB carries the key_share encoding: 04 || X || Y. */
static void evp_p256(void) { evp_ecdhe(&g_evp_p256, g_p_blob + 8, g_p_len - 8); }

static __attribute__((noinline)) void sp_rsa_kex(void) {
    NCRYPT_KEY_HANDLE m = 0;
    need(SslImportMasterKey(g_p, g_hrsa, &m, TLS1_2_PROTOCOL_VERSION, 0x009C, &g_rd, g_ct, 256,
                            NCRYPT_SSL_SERVER_FLAG) == 0,
         "SslImportMasterKey");
    SslFreeObject(m, 0);
}

static __attribute__((noinline)) void evp_rsa_kex(void) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, g_rsa, NULL);
    unsigned int ver = 0x0303;
    OSSL_PARAM p[] = {OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &ver),
                      OSSL_PARAM_construct_end()};
    uint8_t pms[256], ms[48];
    size_t n = sizeof(pms);
    need(c != NULL && EVP_PKEY_decrypt_init(c) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_WITH_TLS_PADDING) == 1 && EVP_PKEY_CTX_set_params(c, p) == 1 &&
             EVP_PKEY_decrypt(c, pms, &n, g_ct, 256) == 1,
         "EVP RSA decrypt");
    evp_master(pms, 48, ms);
    EVP_PKEY_CTX_free(c);
}

static __attribute__((noinline)) void sp_rsa_sign(void) {
    uint8_t sig[256];
    DWORD n = 0;
    need(SslSignHash(g_p, g_hrsa, g_named, sizeof(g_named), sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID) == 0,
         "SslSignHash RSA");
}

static __attribute__((noinline)) void evp_rsa_sign(void) {
    uint8_t sig[256];
    size_t n = sizeof(sig);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, g_rsa, NULL);
    need(c != NULL && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_CTX_set_signature_md(c, sp_md(SP_HASH_SHA256)) == 1 && EVP_PKEY_sign(c, sig, &n, g_h, 32) == 1,
         "EVP RSA sign");
    EVP_PKEY_CTX_free(c);
}

static __attribute__((noinline)) void sp_ecdsa_sign(void) {
    uint8_t sig[64];
    DWORD n = 0;
    need(SslSignHash(g_p, g_hec, g_h, 32, sig, sizeof(sig), &n, 0) == 0, "SslSignHash ECDSA");
}

static __attribute__((noinline)) void evp_ecdsa_sign(void) {
    uint8_t sig[80];
    size_t n = sizeof(sig);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, g_eck, NULL);
    need(c != NULL && EVP_PKEY_sign_init(c) == 1 && EVP_PKEY_sign(c, sig, &n, g_h, 32) == 1, "EVP ECDSA sign");
    EVP_PKEY_CTX_free(c);
}

static NCRYPT_KEY_HANDLE publish_private(EVP_PKEY *pkey) {
    struct sp_provider *prov = NULL;
    struct sp_pkey *k = NULL;
    NCRYPT_KEY_HANDLE h = 0;
    need(SP_IS_OK(sp_provider_get(g_p, &prov)), "provider");
    EVP_PKEY_up_ref(pkey);
    need(SP_IS_OK(sp_pkey_new(prov, SP_OBJ_PRIVATE, pkey, &k)), "sp_pkey_new");
    need(SP_IS_OK(sp_handle_publish(&k->obj, &h)), "publish");
    sp_handle_put(&prov->obj);
    return h;
}

static void setup(void) {
    need(SslOpenProvider(&g_p, NULL, 0) == 0, "SslOpenProvider");
    RAND_bytes(g_cr, 32), RAND_bytes(g_sr, 32), RAND_bytes(g_h, 32);
    g_prf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    need(g_prf != NULL, "TLS1-PRF fetch");
    evp_group_init(&g_evp_x25519), evp_group_init(&g_evp_p256);
    /* peer public keys */
    NCRYPT_KEY_HANDLE pk = 0;
    need(SslCreateEphemeralKey(g_p, &pk, TLS1_2_PROTOCOL_VERSION, 0xC02F, 29, 0, NULL, 0, 0) == 0, "peer X25519");
    need(SslExportKey(g_p, pk, SSL_ECCPUBLIC_BLOB, g_x_blob, sizeof(g_x_blob), &g_x_len, 0) == 0, "export");
    SslFreeObject(pk, 0);
    need(SslCreateEphemeralKey(g_p, &pk, TLS1_2_PROTOCOL_VERSION, 0xC02F, 23, 0, NULL, 0, 0) == 0, "peer P-256");
    need(SslExportKey(g_p, pk, SSL_ECCPUBLIC_BLOB, g_p_blob, sizeof(g_p_blob), &g_p_len, 0) == 0, "export");
    SslFreeObject(pk, 0);
    /* RSA-2048 server key and a premaster encrypted to it */
    g_rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    need(g_rsa != NULL, "RSA keygen");
    g_hrsa = publish_private(g_rsa);
    uint8_t pms[48] = {3, 3};
    size_t cl = sizeof(g_ct);
    RAND_bytes(pms + 2, 46);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, g_rsa, NULL);
    need(EVP_PKEY_encrypt_init(c) == 1 && EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_encrypt(c, g_ct, &cl, pms, 48) == 1 && cl == 256,
         "RSA encrypt");
    EVP_PKEY_CTX_free(c);
    /* SslSignHash with NCRYPT_SSL_SIGN_INCLUDE_HASHOID: hash name (UTF-16) then the hash */
    const char *nm = "SHA256";
    for (int i = 0; i < 7; i++) {
        WCHAR ch = (WCHAR)nm[i];
        memcpy(g_named + 2 * i, &ch, 2);
    }
    memcpy(g_named + 14, g_h, 32);
    g_eck = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    need(g_eck != NULL, "EC keygen");
    g_hec = publish_private(g_eck);
}

static void teardown(void) {
    SslFreeObject(g_hrsa, 0), SslFreeObject(g_hec, 0);
    EVP_PKEY_free(g_rsa), EVP_PKEY_free(g_eck);
    EVP_PKEY_CTX_free(g_evp_x25519.gen), EVP_PKEY_CTX_free(g_evp_p256.gen), EVP_PKEY_CTX_free(g_evp_p256.imp);
    EVP_KDF_free(g_prf);
    SslFreeObject(g_p, 0);
}

struct workload {
    const char *name;
    void (*sp)(void), (*evp)(void);
    int iters; /* per round, at scale 100 */
    double sp_t[64], evp_t[64];
};

static struct workload g_work[] = {
    {"ECDHE X25519 (keygen+import+derive+MS)", sp_x25519, evp_x25519, 1000, {0}, {0}},
    {"ECDHE P-256 (keygen+import+derive+MS)", sp_p256, evp_p256, 600, {0}, {0}},
    {"RSA-2048 key exchange (server)", sp_rsa_kex, evp_rsa_kex, 60, {0}, {0}},
    {"RSA-2048 sign (PKCS#1 SHA-256)", sp_rsa_sign, evp_rsa_sign, 60, {0}, {0}},
    {"ECDSA P-256 sign (raw r||s vs DER)", sp_ecdsa_sign, evp_ecdsa_sign, 1000, {0}, {0}},
};

static double time_it(void (*fn)(void), int iters) {
    double t0 = now();
    for (int i = 0; i < iters; i++)
        fn();
    return (now() - t0) / iters;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 7;
    const char *filter = argc > 2 ? argv[2] : "";
    int scale = argc > 3 ? atoi(argv[3]) : 100;
    if (rounds < 1 || rounds > 64 || scale < 1) {
        fprintf(stderr, "usage: bench_handshake [rounds (1-64) [filter [scale%%]]]\n");
        return 2;
    }
    setup();
    size_t nw = sizeof(g_work) / sizeof(g_work[0]);
    for (size_t w = 0; w < nw; w++) { /* warm up: every path once */
        if (strstr(g_work[w].name, filter) == NULL) continue;
        g_work[w].sp(), g_work[w].evp();
    }
    /* Interleaved rounds: within a round the two sides alternate in ten
     * chunks (the order flipping each time), so both see the same machine
     * load; the figure is the median round. */
    for (int r = 0; r < rounds; r++) {
        for (size_t w = 0; w < nw; w++) {
            struct workload *x = &g_work[w];
            if (strstr(x->name, filter) == NULL) continue;
            int n = x->iters * scale / 100 > 0 ? x->iters * scale / 100 : 1;
            int chunk = n >= 10 ? n / 10 : 1, done = 0;
            double ts = 0, te = 0;
            for (int c = 0; done < n; c++, done += chunk) {
                int k = n - done < chunk ? n - done : chunk;
                if (c % 2 == 0) {
                    ts += time_it(x->sp, k) * k;
                    te += time_it(x->evp, k) * k;
                } else {
                    te += time_it(x->evp, k) * k;
                    ts += time_it(x->sp, k) * k;
                }
            }
            x->sp_t[r] = ts / n, x->evp_t[r] = te / n;
        }
    }
    printf("bench_handshake: median of %d interleaved rounds; ratio = sslprov time / EVP time (target <= 1.10)\n",
           rounds);
    for (size_t w = 0; w < nw; w++) {
        struct workload *x = &g_work[w];
        if (strstr(x->name, filter) == NULL) continue;
        double ratios[64];
        for (int r = 0; r < rounds; r++)
            ratios[r] = x->sp_t[r] / x->evp_t[r];
        double rm = median(ratios, rounds), sp = median(x->sp_t, rounds), evp = median(x->evp_t, rounds);
        printf("%-40s sslprov %8.0f/s  EVP %8.0f/s  ratio %.3f  %s\n", x->name, 1 / sp, 1 / evp, rm,
               rm <= 1.10 ? "PASS" : "FAIL");
        if (w == 0)
            printf("%-40s sslprov %8.0f/s (target >= 20000/s: %s; raw EVP itself: %.0f/s)\n", "  X25519 full exchange",
                   1 / sp, 1 / sp >= 20000 ? "PASS" : "FAIL", 1 / evp);
    }
    teardown();
    return 0;
}
