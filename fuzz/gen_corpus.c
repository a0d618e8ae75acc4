/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * gen_corpus.c - writes the seed corpora of fuzz/corpus/<target>/ (make
 * fuzz-corpus).  Records are made by the provider itself with the fixed keys of
 * tests/fixtures.h (so they decrypt in the fuzz targets); where a feature is
 * not merged yet, structural seeds (well-formed headers, boundary lengths)
 * stand in.  Deterministic: the same tree gives the same files.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fuzz_common.h"
#include "fuzz_rsa.h"

#include <openssl/rsa.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    (void)data, (void)size;
    return 0;
}

static const char *g_root;
static int g_files, g_valid;

static void put(const char *target, const char *name, const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", g_root, target);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%s/%s", g_root, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
    fwrite(a, 1, an, f);
    if (bn) fwrite(b, 1, bn, f);
    fclose(f);
    g_files++;
}

static const size_t k_lengths[] = {0, 1, 15, 16, 31, 100, 1000};

/* Records for one decrypt target: valid ones when the provider can encrypt,
 * structural ones always. */
static void records(const char *target, const struct fz_record_cfg *cfg, size_t ncfg, size_t header, uint32_t epoch) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    char name[64];
    for (size_t c = 0; c < ncfg; c++) {
        NCRYPT_KEY_HANDLE w = 0, r = 0, wr = 0;
        bool have = fx_session_keys(p, cfg[c].protocol, cfg[c].suite, NCRYPT_SSL_CLIENT_FLAG, &r, &w) == 0;
        if (r) SslFreeObject(r, 0);
        for (size_t i = 0; i < sizeof(k_lengths) / sizeof(k_lengths[0]); i++) {
            uint8_t sel[2] = {(uint8_t)c, (uint8_t)i};
            uint8_t pt[1000], rec[1200];
            DWORD rl = 0;
            memset(pt, 'a' + (int)i, sizeof(pt));
            ULONGLONG seq = ((ULONGLONG)epoch << 48) | i;
            if (have && SslEncryptPacket(p, w, pt, (DWORD)k_lengths[i], rec, sizeof(rec), &rl, seq, 23, 0) == 0) {
                snprintf(name, sizeof(name), "valid-%zu-%zu", c, k_lengths[i]);
                put(target, name, sel, 2, rec, rl);
                g_valid++;
            }
        }
        if (w) SslFreeObject(w, 0);
        (void)wr;
        /* Structural: a header announcing n bytes, n bytes of payload. */
        static const size_t k_struct[] = {0, 16, 24, 40, 48, 64, 300};
        for (size_t i = 0; i < sizeof(k_struct) / sizeof(k_struct[0]); i++) {
            uint8_t rec[16 + 300];
            size_t n = k_struct[i];
            DWORD ver = cfg[c].protocol;
            memset(rec, 0, sizeof(rec));
            rec[0] = 23;
            if (header == 13) {
                rec[1] = (uint8_t)(ver >> 8), rec[2] = (uint8_t)ver;
                rec[3] = 0, rec[4] = (uint8_t)epoch; /* epoch, then 48-bit sequence */
                rec[10] = (uint8_t)i;
                rec[11] = (uint8_t)(n >> 8), rec[12] = (uint8_t)n;
            } else {
                rec[1] = 3, rec[2] = ver == TLS1_3_PROTOCOL_VERSION ? 3 : (uint8_t)ver;
                rec[3] = (uint8_t)(n >> 8), rec[4] = (uint8_t)n;
            }
            for (size_t j = 0; j < n; j++)
                rec[header + j] = (uint8_t)(j * 7 + i);
            uint8_t sel[2] = {(uint8_t)c, (uint8_t)i};
            snprintf(name, sizeof(name), "struct-%zu-%zu", c, n);
            put(target, name, sel, 2, rec, header + n);
        }
    }
}

static void tls13_records(void) {
    static const DWORD suites[] = {TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256,
                                   TLS_AES_128_CCM_SHA256, TLS_AES_128_CCM_8_SHA256};
    NCRYPT_PROV_HANDLE p = fz_provider();
    char name[64];
    for (size_t c = 0; c < sizeof(suites) / sizeof(suites[0]); c++) {
        struct fx_tls13 t;
        bool have = fx_tls13_chain(p, suites[c], &t) == 0;
        for (size_t i = 0; have && i < sizeof(k_lengths) / sizeof(k_lengths[0]); i++) {
            uint8_t sel[2] = {(uint8_t)c, (uint8_t)i}, pt[1001], rec[1200];
            DWORD rl = 0;
            memset(pt, 'A' + (int)i, sizeof(pt));
            /* The caller builds the TLSInnerPlaintext: content || type (an
             * empty alert-typed record too), sealed under outer type 23. */
            pt[k_lengths[i]] = i == 0 ? 21 : 23;
            if (SslEncryptPacket(p, t.write_key, pt, (DWORD)k_lengths[i] + 1, rec, sizeof(rec), &rl, i, 23, 0) == 0) {
                snprintf(name, sizeof(name), "valid-%zu-%zu", c, k_lengths[i]);
                put("fuzz_decrypt_tls13", name, sel, 2, rec, rl);
                g_valid++;
            }
        }
        fx_tls13_free(&t);
        static const size_t k_struct[] = {0, 16, 17, 18, 40, 300};
        for (size_t i = 0; i < sizeof(k_struct) / sizeof(k_struct[0]); i++) {
            uint8_t rec[5 + 300], sel[2] = {(uint8_t)c, (uint8_t)i};
            size_t n = k_struct[i];
            rec[0] = 23, rec[1] = 3, rec[2] = 3, rec[3] = (uint8_t)(n >> 8), rec[4] = (uint8_t)n;
            for (size_t j = 0; j < n; j++)
                rec[5 + j] = (uint8_t)(j * 13 + c);
            snprintf(name, sizeof(name), "struct-%zu-%zu", c, n);
            put("fuzz_decrypt_tls13", name, sel, 2, rec, 5 + n);
        }
    }
}

/* P-256 base point: a valid public key for the ECC blobs. */
static const uint8_t k_p256_gx[32] = {0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6,
                                      0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb,
                                      0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96};
static const uint8_t k_p256_gy[32] = {0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb,
                                      0x4a, 0x7c, 0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31,
                                      0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5};

static void key_blobs(void) {
    const char *t = "fuzz_import_key";
    uint8_t b[2048], sel;
    size_t n;
    /* 0: BCRYPT_ECCPUBLIC_BLOB */
    BCRYPT_ECCKEY_BLOB eh = {BCRYPT_ECDH_PUBLIC_P256_MAGIC, 32};
    memcpy(b, &eh, sizeof(eh)), memcpy(b + 8, k_p256_gx, 32), memcpy(b + 40, k_p256_gy, 32);
    sel = 0, put(t, "ecc-public-p256", &sel, 1, b, 72);
    /* 1: SSL_ECCPUBLIC_BLOB: P-256 uncompressed point and X25519 */
    uint8_t pt[65] = {4};
    memcpy(pt + 1, k_p256_gx, 32), memcpy(pt + 33, k_p256_gy, 32);
    n = fx_ecc_blob(b, 23, pt, 65);
    sel = 1, put(t, "ssl-ecc-public-p256", &sel, 1, b, n);
    n = fx_ecc_blob(b, SSLPROV_GROUP_X25519, fx_x25519_peer_pub, 32);
    put(t, "ssl-ecc-public-x25519", &sel, 1, b, n);
    /* 2: BCRYPT_DH_PUBLIC_BLOB: header, p, g, y (a 64-byte toy group shape) */
    BCRYPT_DH_KEY_BLOB dh = {BCRYPT_DH_PUBLIC_MAGIC, 64};
    memcpy(b, &dh, sizeof(dh));
    memset(b + 8, 0xFF, 64), memset(b + 72, 0, 64), b[72 + 63] = 2, memset(b + 136, 0, 64), b[136 + 63] = 4;
    sel = 2, put(t, "dh-public", &sel, 1, b, 8 + 192);
    /* 3: BCRYPT_RSAPUBLIC_BLOB */
    BCRYPT_RSAKEY_BLOB rh = {BCRYPT_RSAPUBLIC_MAGIC, 2048, 3, 256, 0, 0};
    memcpy(b, &rh, sizeof(rh));
    b[24] = 1, b[25] = 0, b[26] = 1;
    for (int i = 0; i < 256; i++)
        b[27 + i] = (uint8_t)(i * 37 + 0x80);
    b[27] |= 0x80, b[27 + 255] |= 1;
    sel = 3, put(t, "rsa-public-2048", &sel, 1, b, 27 + 256);
    /* 4: BCRYPT_OPAQUE_KEY_BLOB: a sealed master key if the provider can
     * make one (valid only within one process: the wrapping key is per
     * process), else the header shape. */
    NCRYPT_PROV_HANDLE p = fz_provider();
    NCRYPT_KEY_HANDLE m = 0;
    DWORD on = 0;
    sel = 4;
    if (fx_master(p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG, &m) == 0 &&
        SslExportKey(p, m, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &on, 0) == 0)
        put(t, "opaque-master", &sel, 1, b, on);
    if (m) SslFreeObject(m, 0);
    memset(b, 0, 128);
    memcpy(b, "SPOB", 4), b[7] = 1, b[11] = 3;
    put(t, "opaque-shape", &sel, 1, b, 12 + 12 + 64 + 16);
    /* 5: SSLPROV_MASTER_SECRET_BLOB, 6: TLS_13_PRE_SHARED_KEY */
    n = fx_master_blob(b, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG,
                       fx_master_secret);
    sel = 5, put(t, "master-secret", &sel, 1, b, n);
    n = fx_master_blob(b, SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, NCRYPT_SSL_SERVER_FLAG,
                       fx_master_secret);
    put(t, "master-secret-ssl3", &sel, 1, b, n);
    n = fx_psk_blob(b, TLS_AES_128_GCM_SHA256);
    sel = 6, put(t, "tls13-psk", &sel, 1, b, n);
    /* 7: SSLPROV_ECCPRIVATE_BLOB: X25519 and a P-256 scalar */
    n = fx_ecc_blob(b, SSLPROV_GROUP_X25519, fx_x25519_priv, 32);
    sel = 7, put(t, "ecc-private-x25519", &sel, 1, b, n);
    n = fx_ecc_blob(b, 23, fx_psk, 32);
    put(t, "ecc-private-p256", &sel, 1, b, n);
}

/* Parameter lists in fuzz_params' encoding. */
static void params(void) {
    uint8_t b[256];
    char name[32];
    for (int sel = 0; sel < 4; sel++) {
        size_t n = 0;
        b[n++] = (uint8_t)sel, b[n++] = 0, b[n++] = 2;
        b[n++] = 0, b[n++] = 32, b[n++] = 0, memcpy(b + n, fx_client_random, 32), n += 32;
        b[n++] = 1, b[n++] = 32, b[n++] = 0, memcpy(b + n, fx_server_random, 32), n += 32;
        snprintf(name, sizeof(name), "randoms-%d", sel);
        put("fuzz_params", name, b, n, NULL, 0);
        /* EMS shape: HIGHEST_VERSION (DWORD) and SESSION_HASH (32 bytes) */
        n = 0;
        b[n++] = (uint8_t)sel, b[n++] = 0, b[n++] = 3;
        b[n++] = 0, b[n++] = 32, b[n++] = 0, memcpy(b + n, fx_client_random, 32), n += 32;
        b[n++] = 2, b[n++] = 4, b[n++] = 0, b[n++] = 3, b[n++] = 3, b[n++] = 0, b[n++] = 0;
        b[n++] = 5, b[n++] = 32, b[n++] = 0, memset(b + n, 0x25, 32), n += 32;
        snprintf(name, sizeof(name), "ems-%d", sel);
        put("fuzz_params", name, b, n, NULL, 0);
    }
}

/* Ciphertexts under the fixed key of fuzz_rsa.h.  The PKCS#1 type-2 block is
 * built here with fixed non-zero padding and encrypted raw (RSA_NO_PADDING), so
 * the files are the same in every run: a valid premaster for TLS 1.2, one with
 * the wrong version bytes, one with broken padding (block type 1), one with a
 * 47-byte premaster, and a valid one one byte short. */
static int rsa_raw(const uint8_t block[256], uint8_t out[256]) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, fz_rsa_evp(), NULL);
    size_t n = 256;
    int ok = c != NULL && EVP_PKEY_encrypt_init(c) == 1 && EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING) == 1 &&
             EVP_PKEY_encrypt(c, out, &n, block, 256) == 1 && n == 256;
    EVP_PKEY_CTX_free(c);
    return ok;
}

static void rsa_block(uint8_t block[256], size_t pms_len, uint8_t type, uint8_t v0, uint8_t v1) {
    size_t ps = 256 - 3 - pms_len;
    block[0] = 0, block[1] = type;
    for (size_t i = 0; i < ps; i++)
        block[2 + i] = (uint8_t)(1 + (i * 29) % 255); /* non-zero */
    block[2 + ps] = 0;
    uint8_t *pms = block + 3 + ps;
    for (size_t i = 0; i < pms_len; i++)
        pms[i] = (uint8_t)(0x40 + i);
    if (pms_len >= 2) pms[0] = v0, pms[1] = v1;
}

static void rsa_ciphertexts(void) {
    static const struct {
        const char *name;
        size_t pms_len;
        uint8_t type, v0, v1, sel;
        size_t cut;
    } k[] = {
        {"rsa-valid-tls12", 48, 2, 3, 3, 3, 0},     {"rsa-valid-tls12-hv", 48, 2, 3, 3, 8 | 3, 0},
        {"rsa-valid-tls10", 48, 2, 3, 1, 1, 0},     {"rsa-bad-version", 48, 2, 3, 2, 3, 0},
        {"rsa-bad-padding", 48, 1, 3, 3, 3, 0},     {"rsa-short-pms", 47, 2, 3, 3, 3, 0},
        {"rsa-valid-truncated", 48, 2, 3, 3, 3, 1},
    };
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        uint8_t block[256], out[1 + 256];
        rsa_block(block, k[i].pms_len, k[i].type, k[i].v0, k[i].v1);
        out[0] = k[i].sel;
        if (!rsa_raw(block, out + 1)) {
            fprintf(stderr, "RSA encryption under the fuzz key failed\n");
            exit(1);
        }
        put("fuzz_import_master", k[i].name, out, 1 + 256 - k[i].cut, NULL, 0);
        g_valid++;
    }
}

static void master_ciphertexts(void) {
    uint8_t b[1 + 256];
    char name[32];
    for (int i = 0; i < 5; i++) {
        b[0] = (uint8_t)i;
        for (int j = 0; j < 256; j++)
            b[1 + j] = (uint8_t)(j * 11 + i);
        snprintf(name, sizeof(name), "ct256-%d", i);
        put("fuzz_import_master", name, b, 257, NULL, 0);
    }
    b[0] = 3;
    put("fuzz_import_master", "ct-short", b, 1 + 48, NULL, 0);
    rsa_ciphertexts();
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
        return 2;
    }
    g_root = argv[1];
    mkdir(g_root, 0755);
    static const struct fz_record_cfg cbc[] = {
        {TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
        {TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_AES_256_CBC_SHA},
        {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384},
        {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_3DES_EDE_CBC_SHA},
        {SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
    };
    static const struct fz_record_cfg aead[] = {
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256},
        {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CCM},
        {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CCM_8},
        {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_NULL_SHA256},
    };
    static const struct fz_record_cfg dtls[] = {
        {DTLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
        {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256},
        {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
        {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256},
    };
    records("fuzz_decrypt_cbc", cbc, sizeof(cbc) / sizeof(cbc[0]), 5, 0);
    records("fuzz_decrypt_aead", aead, sizeof(aead) / sizeof(aead[0]), 5, 0);
    records("fuzz_decrypt_dtls", dtls, sizeof(dtls) / sizeof(dtls[0]), 13, 1);
    tls13_records();
    key_blobs();
    params();
    master_ciphertexts();
    printf("wrote %d seed files (%d valid records made by the provider)\n", g_files, g_valid);
    return 0;
}
