/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_record_ct.c - the constant-time CBC path against EVP, exhaustively over
 * the secret: (1) sp_mac_compute_ct equals EVP HMAC for every secret length n
 * in [nmax - 255, nmax] (every padding length 0..255), for every nmax in a
 * range of small and large records and several head/tail splits, for
 * HMAC-SHA1/SHA256/SHA384; (2) SslDecryptPacket accepts TLS 1.2 CBC records
 * built with EVP for every record length in a range and every padding length
 * that fits (0..255, not only the minimal one), and rejects each of them with
 * one padding byte or one MAC byte changed.
 */
#include "record_util.h"

#include <openssl/core_names.h>
#include <openssl/err.h>

static NCRYPT_PROV_HANDLE g_prov;

static void hmac_ref(const char *md, const uint8_t *key, size_t kl, const uint8_t *hdr, const uint8_t *data, size_t n,
                     uint8_t *out) {
    static uint8_t buf[20000];
    size_t ol = 0;
    memcpy(buf, hdr, 13);
    memcpy(buf + 13, data, n);
    T_ASSERT(EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key, kl, buf, 13 + n, out, 64, &ol) != NULL);
}

/* (1) The digest itself, every secret length of each window. */
static void digest_all(enum sp_hash h, const char *md, size_t ml) {
    static uint8_t data[17000];
    uint8_t key[48], hdr[13], want[64], got[64];
    struct sp_mac m;
    t_rand(key, ml);
    t_rand(data, sizeof(data));
    T_OK(sp_status(sp_mac_init(&m, h, false, key, ml)));
    static const size_t nmaxes[] = {0,   1,   13,  50,  51,  63,  64,  65,   115,  127,  128,
                                    200, 255, 256, 257, 300, 383, 511, 1000, 1039, 4096, 16384 + 255};
    int checked = 0;
    for (size_t z = 0; z < SP_ARRAY_LEN(nmaxes); z++) {
        const size_t nmax = nmaxes[z], nmin = nmax > 255 ? nmax - 255 : 0;
        /* head/tail splits: all in the tail, and a 16-byte aligned split at or below nmin */
        size_t splits[3] = {0, nmin / 16 * 16, nmin > 64 ? (nmin - 64) / 16 * 16 : 0};
        for (int sidx = 0; sidx < 3; sidx++) {
            const size_t toff = splits[sidx], tlen = nmax + ml + 1 - toff;
            for (size_t n = nmin; n <= nmax; n++) {
                t_rand(hdr, 11);
                sp_be16(hdr + 11, (uint32_t)n);
                hmac_ref(md, key, ml, hdr, data, n, want);
                T_OK(sp_status(sp_mac_compute_ct(&m, hdr, 13, data, toff, data + toff, tlen, n, nmin, nmax, got)));
                T_BYTES(got, want, ml);
                if (t_fail) {
                    fprintf(stderr, "  digest %s nmax %zu n %zu toff %zu\n", md, nmax, n, toff);
                    exit(1);
                }
                checked++;
            }
        }
    }
    T_ASSERT(checked > 3 * 256 * 10);
    sp_mac_clear(&m);
}

/* A TLS 1.2 CBC record with explicit IV, pad + 1 padding bytes, built with EVP. */
static size_t build(const char *md, size_t ml, const uint8_t *mk, EVP_CIPHER_CTX *e, uint64_t seq, const uint8_t *pt,
                    size_t n, size_t pad, uint8_t *rec) {
    uint8_t hdr[13], body[20000], iv[16];
    sp_be64(hdr, seq), hdr[8] = CT_APPLICATIONDATA, sp_be16(hdr + 9, 0x0303), sp_be16(hdr + 11, (uint32_t)n);
    memcpy(body, pt, n);
    hmac_ref(md, mk, ml, hdr, pt, n, body + n);
    memset(body + n + ml, (int)pad, pad + 1);
    size_t L = n + ml + pad + 1;
    int l;
    t_rand(iv, 16);
    rec[0] = CT_APPLICATIONDATA, sp_be16(rec + 1, 0x0303), sp_be16(rec + 3, (uint32_t)(16 + L));
    memcpy(rec + 5, iv, 16);
    T_ASSERT(EVP_CipherInit_ex(e, NULL, NULL, NULL, iv, 1) > 0);
    T_ASSERT(EVP_CipherUpdate(e, rec + 21, &l, body, (int)L) > 0 && (size_t)l == L);
    return 21 + L;
}

/* (2) Every padding length through the public API. */
static void records_all(DWORD suite, const char *md, size_t ml, const char *cipher, size_t kl) {
    static uint8_t pt[17000], rec[20000], out[20000], tmp[20000];
    uint8_t mk[48], key[32];
    t_rand(mk, ml), t_rand(key, kl), t_rand(pt, sizeof(pt));
    NCRYPT_KEY_HANDLE kr = t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, suite, false, mk, ml, key, kl, NULL, 0, NULL);
    T_ASSERT(kr != 0);
    EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, cipher, NULL);
    EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
    T_ASSERT(c && e && EVP_CipherInit_ex(e, c, NULL, key, NULL, 1) > 0);
    EVP_CIPHER_CTX_set_padding(e, 0);
    bool seen[256] = {false};
    int records = 0;
    static const size_t ranges[][2] = {{0, 70}, {400, 440}, {16384 - 40, 16384}};
    for (size_t r = 0; r < SP_ARRAY_LEN(ranges); r++) {
        for (size_t n = ranges[r][0]; n <= ranges[r][1]; n++) {
            for (size_t pad = (16 - (n + ml + 1) % 16) % 16; pad <= 255; pad += 16) {
                uint64_t seq = (uint64_t)records * 7 + 3;
                size_t rl = build(md, ml, mk, e, seq, pt, n, pad, rec);
                DWORD got = 0;
                T_OK(SslDecryptPacket(g_prov, kr, rec, (DWORD)rl, out, sizeof(out), &got, seq, 0));
                T_ASSERT(got == n);
                if (got == n) T_BYTES(out, pt, n);
                seen[pad] = true;
                records++;
                /* One padding byte changed (the length byte or one inside), or one MAC byte. */
                if (records % 3 == 0) {
                    size_t plain_len = rl - 21;
                    uint8_t body[20000];
                    int l;
                    EVP_CIPHER_CTX *d = EVP_CIPHER_CTX_new();
                    T_ASSERT(EVP_CipherInit_ex(d, c, NULL, key, rec + 5, 0) > 0);
                    EVP_CIPHER_CTX_set_padding(d, 0);
                    T_ASSERT(EVP_CipherUpdate(d, body, &l, rec + 21, (int)plain_len) > 0);
                    size_t where[3] = {plain_len - 1, plain_len - 1 - (pad ? (size_t)records % pad + 1 : 0),
                                       n + (size_t)records % ml};
                    for (int w = 0; w < 3; w++) {
                        if (w == 1 && pad == 0) continue;
                        memcpy(tmp, rec, 21);
                        body[where[w]] ^= 0x01;
                        T_ASSERT(EVP_CipherInit_ex(e, NULL, NULL, NULL, rec + 5, 1) > 0);
                        T_ASSERT(EVP_CipherUpdate(e, tmp + 21, &l, body, (int)plain_len) > 0);
                        body[where[w]] ^= 0x01;
                        memset(out, 0xAA, n + 64);
                        SECURITY_STATUS st =
                            SslDecryptPacket(g_prov, kr, tmp, (DWORD)rl, out, sizeof(out), &got, seq, 0);
                        /* A changed length byte may still be a valid (shorter or
                         * longer) padding, but then the MAC is wrong. */
                        T_STATUS(st, NTE_DECRYPTION_FAILURE);
                        T_ASSERT(got == 0);
                        if (n >= 16) T_ASSERT(memcmp(out, pt, 16) != 0); /* no plaintext left */
                    }
                    EVP_CIPHER_CTX_free(d);
                }
                if (t_fail) {
                    fprintf(stderr, "  record %s n %zu pad %zu\n", md, n, pad);
                    exit(1);
                }
            }
        }
    }
    for (int p = 0; p < 256; p++)
        T_ASSERT(seen[p]);
    T_ASSERT(records > 1000);
    EVP_CIPHER_CTX_free(e);
    EVP_CIPHER_free(c);
    SslFreeObject(kr, 0);
}

/* The record path validates hProvider without taking a reference
 * (sp_handle_check): forged, wrong-type, closed and stale provider handles must
 * still be NTE_INVALID_HANDLE, and a live one must work. */
static void provider_handle_checks(void) {
    uint8_t mk[32] = {1}, key[16] = {2}, pt[16] = {3}, rec[256], out[256];
    DWORD got = 0;
    NCRYPT_PROV_HANDLE p2 = 0;
    T_OK(SslOpenProvider(&p2, NULL, 0));
    NCRYPT_KEY_HANDLE kw = t_record_key(p2, TLS1_2_PROTOCOL_VERSION, 0x003C, true, mk, 32, key, 16, NULL, 0, NULL);
    NCRYPT_KEY_HANDLE kr = t_record_key(p2, TLS1_2_PROTOCOL_VERSION, 0x003C, false, mk, 32, key, 16, NULL, 0, NULL);
    T_ASSERT(kw != 0 && kr != 0);
    T_OK(SslEncryptPacket(p2, kw, pt, sizeof(pt), rec, sizeof(rec), &got, 1, 23, 0));
    DWORD rl = got;
    T_OK(SslDecryptPacket(p2, kr, rec, rl, out, sizeof(out), &got, 1, 0));
    T_ASSERT(got == sizeof(pt));
    const NCRYPT_PROV_HANDLE bad[] = {0, 0x1234, p2 ^ ((NCRYPT_PROV_HANDLE)1 << 40), (NCRYPT_PROV_HANDLE)kw};
    for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
        T_STATUS(SslEncryptPacket(bad[i], kw, pt, sizeof(pt), rec, sizeof(rec), &got, 1, 23, 0), NTE_INVALID_HANDLE);
        T_STATUS(SslDecryptPacket(bad[i], kr, rec, rl, out, sizeof(out), &got, 1, 0), NTE_INVALID_HANDLE);
    }
    /* Closed provider handle (the keys keep the provider object alive). */
    T_OK(SslFreeObject(p2, 0));
    T_STATUS(SslEncryptPacket(p2, kw, pt, sizeof(pt), rec, sizeof(rec), &got, 1, 23, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslDecryptPacket(p2, kr, rec, rl, out, sizeof(out), &got, 1, 0), NTE_INVALID_HANDLE);
    /* Stale: the slot reused by a new provider must not revive the old handle. */
    NCRYPT_PROV_HANDLE p3 = 0;
    T_OK(SslOpenProvider(&p3, NULL, 0));
    T_ASSERT(p3 != p2);
    T_STATUS(SslEncryptPacket(p2, kw, pt, sizeof(pt), rec, sizeof(rec), &got, 1, 23, 0), NTE_INVALID_HANDLE);
    T_OK(SslEncryptPacket(p3, kw, pt, sizeof(pt), rec, sizeof(rec), &got, 2, 23, 0));
    SslFreeObject(kw, 0), SslFreeObject(kr, 0), SslFreeObject(p3, 0);
}

int main(void) {
    t_rand_init();
    T_OK(SslOpenProvider(&g_prov, NULL, 0));
    digest_all(SP_HASH_SHA1, "SHA1", 20);
    digest_all(SP_HASH_SHA256, "SHA256", 32);
    digest_all(SP_HASH_SHA384, "SHA384", 48);
    records_all(0x002F, "SHA1", 20, "AES-128-CBC", 16);
    records_all(0x003C, "SHA256", 32, "AES-128-CBC", 16);
    records_all(0xC024, "SHA384", 48, "AES-256-CBC", 32);
    provider_handle_checks();
    SslFreeObject(g_prov, 0);
    return t_done();
}
