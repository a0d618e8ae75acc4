/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * bench_first_record.c - keys to first record (issue #16 item 3).
 *
 * What a TLS 1.2 connection pays between its master secret and its first
 * records: derive the key block, key both directions, seal one record and open
 * one.  sslprov: SslGenerateSessionKeys, one SslEncryptPacket with the write
 * key, one SslDecryptPacket with the read key, two SslFreeObject.  The peer is
 * the same work written directly with libcrypto: EVP_KDF TLS1-PRF for the key
 * block, two EVP_CIPHER_CTX keyed, one record sealed and one opened, both
 * freed.  Both produce the same record bytes (checked before timing).
 *
 * Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 32-byte records.
 * Target: sslprov >= 1.5 x faster.
 *
 *   ./build/bench/bench_first_record [rounds]
 */
#include "sslprovider.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REC 32

static NCRYPT_PROV_HANDLE g_prov;
static NCRYPT_KEY_HANDLE g_master;
static uint8_t g_ms[48], g_cr[32], g_sr[32];
static NCryptBuffer g_bufs[2];
static NCryptBufferDesc g_params = {NCRYPTBUFFER_VERSION, 2, g_bufs};
static uint8_t g_in[REC], g_s2c[5 + 8 + REC + 16]; /* a record the server sent (seq 0) */
static uint8_t g_a[128], g_b[128];                 /* the client's first record, each way */
static volatile uint8_t g_sink;

static void must(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "%s failed\n", what);
        exit(1);
    }
}

static NCRYPT_KEY_HANDLE import_master(DWORD role) {
    struct {
        SSLPROV_MASTER_SECRET_HEADER h;
        uint8_t s[48];
    } blob = {{SSLPROV_MASTER_SECRET_MAGIC, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, role, 48},
              {0}};
    memcpy(blob.s, g_ms, 48);
    NCRYPT_KEY_HANDLE k = 0;
    must(SslImportKey(g_prov, &k, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&blob, sizeof(blob), 0) == 0, "import");
    return k;
}

static void op_sslprov(void) {
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    uint8_t plain[REC + 64];
    DWORD n = 0, m = 0;
    must(SslGenerateSessionKeys(g_prov, g_master, &r, &w, &g_params, 0) == 0, "keys");
    must(SslEncryptPacket(g_prov, w, g_in, REC, g_a, sizeof(g_a), &n, 0, CT_APPLICATIONDATA, 0) == 0, "seal");
    must(SslDecryptPacket(g_prov, r, g_s2c, sizeof(g_s2c), plain, sizeof(plain), &m, 0, 0) == 0, "open");
    g_sink ^= plain[0] ^ g_a[n - 1];
    SslFreeObject(r, 0), SslFreeObject(w, 0);
}

static EVP_KDF *g_kdf;
static EVP_CIPHER *g_gcm;

static void gcm_nonce(const uint8_t salt[4], uint64_t seq, uint8_t nonce[12]) {
    memcpy(nonce, salt, 4);
    for (int i = 0; i < 8; i++)
        nonce[4 + i] = (uint8_t)(seq >> (56 - 8 * i));
}

static void aad(uint8_t a[13], uint64_t seq, size_t n) {
    for (int i = 0; i < 8; i++)
        a[i] = (uint8_t)(seq >> (56 - 8 * i));
    a[8] = 23, a[9] = 3, a[10] = 3, a[11] = (uint8_t)(n >> 8), a[12] = (uint8_t)n;
}

static void op_raw(void) {
    /* key block = PRF(master, "key expansion", server_random || client_random):
     * client key(16) server key(16) client salt(4) server salt(4) */
    uint8_t kb[40], seed[64], nonce[12], ad[13], plain[REC], tag[16];
    memcpy(seed, g_sr, 32), memcpy(seed + 32, g_cr, 32);
    EVP_KDF_CTX *kc = EVP_KDF_CTX_new(g_kdf);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, g_ms, 48),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, "key expansion", 13),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, seed, 64), OSSL_PARAM_construct_end()};
    must(EVP_KDF_derive(kc, kb, sizeof(kb), p) > 0, "kdf");
    EVP_KDF_CTX_free(kc);
    EVP_CIPHER_CTX *w = EVP_CIPHER_CTX_new(), *r = EVP_CIPHER_CTX_new();
    must(EVP_EncryptInit_ex2(w, g_gcm, kb, NULL, NULL) && EVP_DecryptInit_ex2(r, g_gcm, kb + 16, NULL, NULL), "init");
    int l;
    /* seal */
    gcm_nonce(kb + 32, 0, nonce);
    aad(ad, 0, REC);
    uint8_t *o = g_b;
    o[0] = 23, o[1] = 3, o[2] = 3, o[3] = 0, o[4] = 8 + REC + 16;
    memcpy(o + 5, nonce + 4, 8);
    must(EVP_EncryptInit_ex2(w, NULL, NULL, nonce, NULL) && EVP_EncryptUpdate(w, NULL, &l, ad, 13) &&
             EVP_EncryptUpdate(w, o + 13, &l, g_in, REC) && EVP_EncryptFinal_ex(w, o + 13 + REC, &l) &&
             EVP_CIPHER_CTX_ctrl(w, EVP_CTRL_AEAD_GET_TAG, 16, o + 13 + REC),
         "seal");
    /* open */
    memcpy(nonce, kb + 36, 4), memcpy(nonce + 4, g_s2c + 5, 8);
    aad(ad, 0, REC);
    memcpy(tag, g_s2c + 13 + REC, 16);
    must(EVP_DecryptInit_ex2(r, NULL, NULL, nonce, NULL) && EVP_DecryptUpdate(r, NULL, &l, ad, 13) &&
             EVP_DecryptUpdate(r, plain, &l, g_s2c + 13, REC) &&
             EVP_CIPHER_CTX_ctrl(r, EVP_CTRL_AEAD_SET_TAG, 16, tag) && EVP_DecryptFinal_ex(r, plain + REC, &l) > 0,
         "open");
    g_sink ^= plain[0];
    EVP_CIPHER_CTX_free(w), EVP_CIPHER_CTX_free(r);
    OPENSSL_cleanse(kb, sizeof(kb));
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double batch(void (*fn)(void), int n) {
    double t = now_ns();
    for (int i = 0; i < n; i++)
        fn();
    return (now_ns() - t) / n;
}

static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 21;
    if (rounds < 1 || rounds > 101) rounds = 21;
    for (int i = 0; i < 48; i++)
        g_ms[i] = (uint8_t)(3 * i + 1);
    for (int i = 0; i < 32; i++)
        g_cr[i] = (uint8_t)i, g_sr[i] = (uint8_t)(0xa0 + i), g_in[i] = (uint8_t)(0x30 + i);
    g_bufs[0] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, g_cr};
    g_bufs[1] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_SERVER_RANDOM, g_sr};
    must(SslOpenProvider(&g_prov, NULL, 0) == 0, "open provider");
    g_kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    g_gcm = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    must(g_kdf && g_gcm, "fetch");

    /* The server's first record, made by a server-role pair. */
    NCRYPT_KEY_HANDLE sm = import_master(NCRYPT_SSL_SERVER_FLAG), sr = 0, sw = 0;
    DWORD n = 0;
    must(SslGenerateSessionKeys(g_prov, sm, &sr, &sw, &g_params, 0) == 0, "server keys");
    must(SslEncryptPacket(g_prov, sw, g_in, REC, g_s2c, sizeof(g_s2c), &n, 0, CT_APPLICATIONDATA, 0) == 0 &&
             n == sizeof(g_s2c),
         "server record");
    SslFreeObject(sr, 0), SslFreeObject(sw, 0), SslFreeObject(sm, 0);
    g_master = import_master(NCRYPT_SSL_CLIENT_FLAG);

    /* Same bytes before timing. */
    op_sslprov();
    op_raw();
    if (memcmp(g_a, g_b, 5 + 8 + REC + 16) != 0) {
        fprintf(stderr, "sslprov and libcrypto records differ\n");
        return 2;
    }

    double a[101], b[101];
    for (int r = 0; r < rounds; r++) {
        a[r] = batch(op_sslprov, 300);
        b[r] = batch(op_raw, 300);
    }
    qsort(a, (size_t)rounds, sizeof(double), cmpd);
    qsort(b, (size_t)rounds, sizeof(double), cmpd);
    double ma = a[rounds / 2], mb = b[rounds / 2], ratio = mb / ma;
    printf("bench_first_record: key block + both keys + one record each way, TLS 1.2 AES-128-GCM, %d-byte records\n",
           REC);
    printf("  sslprov (SslGenerateSessionKeys, seal, open, 2 x free)  %8.0f ns\n", ma);
    printf("  libcrypto (EVP_KDF TLS1-PRF, 2 x EVP_CIPHER_CTX, ...)  %8.0f ns\n", mb);
    printf("  sslprov is %.2fx faster: %s (target >= 1.50x)\n", ratio, ratio >= 1.5 ? "PASS" : "FAIL");
    EVP_KDF_free(g_kdf), EVP_CIPHER_free(g_gcm);
    SslFreeObject(g_master, 0), SslFreeObject(g_prov, 0);
    return ratio >= 1.5 ? 0 : 1;
}
