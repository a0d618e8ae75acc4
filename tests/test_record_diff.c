/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_record_diff.c - differential test: key blocks from OpenSSL's TLS1-PRF
 * (EVP_KDF), records built by an independent reference written with plain EVP
 * calls (EVP_MAC HMAC, EVP_Digest SSL 3.0 MAC, EVP ciphers) decrypt with
 * sslprov, and sslprov's records decrypt with the reference, for every suite
 * family and protocol, random lengths 0..16384, random CBC padding lengths.
 */
#include "record_util.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/provider.h>
#include <stdlib.h>

static NCRYPT_PROV_HANDLE g_prov;
static OSSL_LIB_CTX *g_legacy;

struct ref {
    DWORD proto;
    const struct sp_suite *s;
    const struct sp_cipher_info *ci;
    uint8_t mac[48], key[32], iv[16];
    size_t ml;
    EVP_CIPHER_CTX *rc4; /* stream state */
};

static EVP_CIPHER *ref_cipher(const struct sp_cipher_info *ci) {
    bool legacy = strcmp(ci->ossl_name, "RC4") == 0 || strcmp(ci->ossl_name, "DES-CBC") == 0;
    return EVP_CIPHER_fetch(legacy ? g_legacy : NULL, ci->ossl_name, NULL);
}

static void ref_mac(struct ref *r, uint64_t seq, uint8_t type, const uint8_t *d, size_t n, uint8_t *out) {
    uint8_t h[13];
    const char *md = sp_hash_ossl_name((enum sp_hash)r->s->mac);
    sp_be64(h, seq), h[8] = type;
    if (r->proto == SSL3_PROTOCOL_VERSION) { /* RFC 6101 5.2.3.1 with EVP_Digest */
        size_t pl = r->s->mac == SP_HASH_MD5 ? 48 : 40;
        uint8_t p1[48], p2[48], inner[64];
        unsigned il, ol;
        memset(p1, 0x36, pl), memset(p2, 0x5c, pl);
        sp_be16(h + 9, (uint32_t)n);
        EVP_MD_CTX *c = EVP_MD_CTX_new();
        const EVP_MD *m = EVP_get_digestbyname(md);
        EVP_DigestInit_ex(c, m, NULL), EVP_DigestUpdate(c, r->mac, r->ml), EVP_DigestUpdate(c, p1, pl);
        EVP_DigestUpdate(c, h, 11), EVP_DigestUpdate(c, d, n), EVP_DigestFinal_ex(c, inner, &il);
        EVP_DigestInit_ex(c, m, NULL), EVP_DigestUpdate(c, r->mac, r->ml), EVP_DigestUpdate(c, p2, pl);
        EVP_DigestUpdate(c, inner, il), EVP_DigestFinal_ex(c, out, &ol);
        EVP_MD_CTX_free(c);
        return;
    }
    sp_be16(h + 9, (uint16_t)r->proto), sp_be16(h + 11, (uint32_t)n);
    EVP_MAC *hm = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *c = EVP_MAC_CTX_new(hm);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0),
                      OSSL_PARAM_construct_end()};
    size_t ol;
    EVP_MAC_init(c, r->mac, r->ml, p), EVP_MAC_update(c, h, 13), EVP_MAC_update(c, d, n);
    EVP_MAC_final(c, out, &ol, 64);
    EVP_MAC_CTX_free(c), EVP_MAC_free(hm);
}

static size_t hdr_len(DWORD proto) { return sp_proto_is_dtls(proto) ? 13 : 5; }

static void put_hdr(struct ref *r, uint8_t *rec, uint64_t seq, uint8_t type, size_t body) {
    bool t13 = r->proto == TLS1_3_PROTOCOL_VERSION;
    rec[0] = t13 ? 23 : type;
    sp_be16(rec + 1, t13 ? 0x0303 : (uint16_t)r->proto);
    if (sp_proto_is_dtls(r->proto)) sp_be64(rec + 3, seq);
    sp_be16(rec + hdr_len(r->proto) - 2, (uint32_t)body);
}

static void nonce_of(struct ref *r, uint64_t seq, const uint8_t *explicit_part, uint8_t nonce[12]) {
    if (r->proto != TLS1_3_PROTOCOL_VERSION && r->ci->explicit_nonce_len) {
        memcpy(nonce, r->iv, 4), memcpy(nonce + 4, explicit_part, 8);
        return;
    }
    memcpy(nonce, r->iv, 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(seq >> (8 * i));
}

/* One AEAD operation with a fresh EVP context; returns success. */
static bool ref_aead(struct ref *r, bool enc, const uint8_t nonce[12], const uint8_t *aad, size_t al, const uint8_t *in,
                     size_t n, uint8_t *out, uint8_t *tag) {
    EVP_CIPHER *ciph = ref_cipher(r->ci);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l, tl = r->ci->tag_len, ok = 1;
    bool ccm = r->ci->mode == SP_MODE_CCM;
    ok &= EVP_CipherInit_ex(c, ciph, NULL, NULL, NULL, enc);
    ok &= EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL);
    if (ccm) ok &= EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, tl, enc ? NULL : tag);
    ok &= EVP_CipherInit_ex(c, NULL, NULL, r->key, nonce, enc);
    if (!enc && !ccm) ok &= EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, tl, tag);
    if (ccm) ok &= EVP_CipherUpdate(c, NULL, &l, NULL, (int)n);
    ok &= EVP_CipherUpdate(c, NULL, &l, aad, (int)al);
    ok &= EVP_CipherUpdate(c, out, &l, in, (int)n) > 0;
    if (!ccm) ok &= EVP_CipherFinal_ex(c, out + n, &l) > 0;
    if (enc) ok &= EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, tl, tag);
    EVP_CIPHER_CTX_free(c), EVP_CIPHER_free(ciph);
    return ok == 1;
}

/* explicit: the TLS 1.2 AEAD explicit nonce to use, NULL for a random one
 * (a receiver must accept any). */
static size_t ref_seal(struct ref *r, uint64_t seq, uint8_t type, const uint8_t *pt, size_t n, uint8_t *rec,
                       const uint8_t *explicit) {
    const size_t H = hdr_len(r->proto);
    uint8_t *body = rec + H;
    size_t blen;
    if (r->proto == TLS1_3_PROTOCOL_VERSION) {
        size_t pad = t_rand_u32(3) == 0 ? t_rand_u32(200) : 0;
        uint8_t *inner = calloc(1, n + 1 + pad), nonce[12], aad[5];
        memcpy(inner, pt, n), inner[n] = type;
        blen = n + 1 + pad + r->ci->tag_len;
        put_hdr(r, rec, seq, type, blen);
        memcpy(aad, rec, 5);
        nonce_of(r, seq, NULL, nonce);
        ref_aead(r, true, nonce, aad, 5, inner, n + 1 + pad, body, body + n + 1 + pad);
        free(inner);
        return H + blen;
    }
    if (r->ci->mode == SP_MODE_GCM || r->ci->mode == SP_MODE_CCM || r->ci->mode == SP_MODE_CHACHAPOLY) {
        size_t ex = r->ci->explicit_nonce_len;
        uint8_t nonce[12], aad[13];
        if (explicit)
            memcpy(body, explicit, ex);
        else
            t_rand(body, ex);
        nonce_of(r, seq, body, nonce);
        sp_be64(aad, seq), aad[8] = type, sp_be16(aad + 9, (uint16_t)r->proto), sp_be16(aad + 11, (uint32_t)n);
        ref_aead(r, true, nonce, aad, 13, pt, n, body + ex, body + ex + n);
        blen = ex + n + r->ci->tag_len;
        put_hdr(r, rec, seq, type, blen);
        return H + blen;
    }
    uint8_t mac[64];
    ref_mac(r, seq, type, pt, n, mac);
    if (r->ci->mode == SP_MODE_STREAM) {
        int l;
        if (r->rc4) {
            EVP_CipherUpdate(r->rc4, body, &l, pt, (int)n);
            EVP_CipherUpdate(r->rc4, body + n, &l, mac, (int)r->ml);
        } else {
            memcpy(body, pt, n), memcpy(body + n, mac, r->ml);
        }
        blen = n + r->ml;
        put_hdr(r, rec, seq, type, blen);
        return H + blen;
    }
    /* CBC with a random valid padding length (SSL 3.0: minimal). */
    size_t B = r->ci->block_len, pad = B - (n + r->ml) % B;
    if (r->proto != SSL3_PROTOCOL_VERSION) pad += B * t_rand_u32((uint32_t)((256 - pad) / B + 1));
    bool ex = sp_proto_has_explicit_iv(r->proto);
    uint8_t *plain = malloc(n + r->ml + pad), iv[16];
    memcpy(plain, pt, n);
    memcpy(plain + n, mac, r->ml), memset(plain + n + r->ml, (int)(pad - 1), pad);
    if (ex)
        t_rand(iv, B), memcpy(body, iv, B);
    else
        memcpy(iv, r->iv, B);
    EVP_CIPHER *ciph = ref_cipher(r->ci);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l;
    EVP_CipherInit_ex(c, ciph, NULL, r->key, iv, 1), EVP_CIPHER_CTX_set_padding(c, 0);
    size_t L = n + r->ml + pad;
    EVP_CipherUpdate(c, body + (ex ? B : 0), &l, plain, (int)L);
    if (!ex) memcpy(r->iv, body + L - B, B);
    EVP_CIPHER_CTX_free(c), EVP_CIPHER_free(ciph), free(plain);
    blen = L + (ex ? B : 0);
    put_hdr(r, rec, seq, type, blen);
    return H + blen;
}

/* Reference open: returns the plaintext length (TLS 1.3: content || type), or -1. */
static long ref_open(struct ref *r, uint64_t seq, const uint8_t *rec, size_t rl, uint8_t *out) {
    const size_t H = hdr_len(r->proto);
    const uint8_t *body = rec + H;
    size_t m = rl - H;
    if (r->proto == TLS1_3_PROTOCOL_VERSION) {
        uint8_t nonce[12], tag[16];
        size_t n = m - r->ci->tag_len;
        memcpy(tag, body + n, r->ci->tag_len);
        nonce_of(r, seq, NULL, nonce);
        if (!ref_aead(r, false, nonce, rec, 5, body, n, out, tag)) return -1;
        while (n > 0 && out[n - 1] == 0)
            n--;
        return (long)n;
    }
    if (r->ci->mode == SP_MODE_GCM || r->ci->mode == SP_MODE_CCM || r->ci->mode == SP_MODE_CHACHAPOLY) {
        size_t ex = r->ci->explicit_nonce_len, n = m - ex - r->ci->tag_len;
        uint8_t nonce[12], aad[13], tag[16];
        memcpy(tag, body + ex + n, r->ci->tag_len);
        nonce_of(r, seq, body, nonce);
        sp_be64(aad, seq), aad[8] = rec[0], sp_be16(aad + 9, (uint16_t)r->proto), sp_be16(aad + 11, (uint32_t)n);
        return ref_aead(r, false, nonce, aad, 13, body + ex, n, out, tag) ? (long)n : -1;
    }
    uint8_t mac[64], *plain = malloc(m + 16);
    size_t n;
    if (r->ci->mode == SP_MODE_STREAM) {
        int l;
        if (r->rc4)
            EVP_CipherUpdate(r->rc4, plain, &l, body, (int)m);
        else
            memcpy(plain, body, m);
        n = m - r->ml;
    } else {
        size_t B = r->ci->block_len;
        bool ex = sp_proto_has_explicit_iv(r->proto);
        const uint8_t *iv = ex ? body : r->iv, *ct = ex ? body + B : body;
        size_t L = ex ? m - B : m;
        EVP_CIPHER *ciph = ref_cipher(r->ci);
        EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
        int l;
        EVP_CipherInit_ex(c, ciph, NULL, r->key, iv, 0), EVP_CIPHER_CTX_set_padding(c, 0);
        EVP_CipherUpdate(c, plain, &l, ct, (int)L);
        if (!ex) memcpy(r->iv, ct + L - B, B);
        EVP_CIPHER_CTX_free(c), EVP_CIPHER_free(ciph);
        size_t pad = plain[L - 1];
        n = L - r->ml - 1 - pad;
    }
    ref_mac(r, seq, rec[0], plain, n, mac);
    bool ok = memcmp(mac, plain + n, r->ml) == 0;
    if (ok) memcpy(out, plain, n);
    free(plain);
    return ok ? (long)n : -1;
}

static void tls1_prf(DWORD proto, const struct sp_suite *s, uint8_t *out, size_t len) {
    uint8_t secret[48], seed[77];
    t_rand(secret, 48), memcpy(seed, "key expansion", 13), t_rand(seed + 13, 64);
    enum sp_hash h = sp_suite_prf(proto, s);
    const char *md = h == SP_HASH_MD5SHA1 ? "MD5-SHA1" : sp_hash_ossl_name(h);
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)md, 0),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, secret, 48),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, seed, sizeof(seed)),
                      OSSL_PARAM_construct_end()};
    T_ASSERT(EVP_KDF_derive(c, out, len, p) == 1);
    EVP_KDF_CTX_free(c), EVP_KDF_free(kdf);
}

static uint8_t g_pt[16384], g_inner[16384 + 1 + 64], g_rec[20000], g_out[20000];

/* Reference keys (w, rd) and sslprov keys (kw, kr) from one random key block;
 * false (and a reported failure) if sslprov refuses the keys. */
static bool key_pair(DWORD proto, DWORD suite_id, struct ref *wp, struct ref *rdp, NCRYPT_KEY_HANDLE *kwp,
                     NCRYPT_KEY_HANDLE *krp) {
    const struct sp_suite *s = sp_suite_find(suite_id);
    struct ref w;
    memset(&w, 0, sizeof(w));
    w.proto = proto, w.s = s, w.ci = sp_cipher_info((enum sp_cipher)s->cipher);
    bool t13 = proto == TLS1_3_PROTOCOL_VERSION;
    bool aead = w.ci->mode >= SP_MODE_GCM;
    w.ml = aead ? 0 : sp_suite_mac_len(s);
    size_t il = t13 ? 12 : aead ? w.ci->fixed_iv_len : (w.ci->mode == SP_MODE_CBC ? w.ci->block_len : 0);
    uint8_t kb[2 * (48 + 32 + 16)];
    size_t kbl = 2 * (w.ml + w.ci->key_len + il);
    tls1_prf(proto, s, kb, kbl);
    /* RFC 5246 6.3: client MAC, server MAC, client key, server key, client IV, server IV. */
    memcpy(w.mac, kb, w.ml), memcpy(w.key, kb + 2 * w.ml, w.ci->key_len);
    memcpy(w.iv, kb + 2 * (w.ml + w.ci->key_len), il);
    struct ref rd = w;
    SECURITY_STATUS st;
    NCRYPT_KEY_HANDLE kw =
        t_record_key(g_prov, proto, suite_id, true, w.mac, w.ml, w.key, w.ci->key_len, w.iv, il, &st);
    NCRYPT_KEY_HANDLE kr =
        t_record_key(g_prov, proto, suite_id, false, w.mac, w.ml, w.key, w.ci->key_len, w.iv, il, &st);
    T_ASSERT(kw && kr);
    if (!kw || !kr) {
        fprintf(stderr, "  key for proto %04x suite %04x: %08x\n", (unsigned)proto, (unsigned)suite_id, (unsigned)st);
        return false;
    }
    if (w.ci->mode == SP_MODE_STREAM && w.ci->ossl_name) {
        EVP_CIPHER *c = ref_cipher(w.ci);
        w.rc4 = EVP_CIPHER_CTX_new(), rd.rc4 = EVP_CIPHER_CTX_new();
        EVP_CipherInit_ex(w.rc4, c, NULL, w.key, NULL, 0), EVP_CipherInit_ex(rd.rc4, c, NULL, w.key, NULL, 1);
        EVP_CIPHER_free(c);
    }
    *wp = w, *rdp = rd, *kwp = kw, *krp = kr;
    return true;
}

static void combo(DWORD proto, DWORD suite_id) {
    struct ref w, rd;
    NCRYPT_KEY_HANDLE kw, kr;
    if (!key_pair(proto, suite_id, &w, &rd, &kw, &kr)) return;
    const bool t13 = proto == TLS1_3_PROTOCOL_VERSION;
    uint64_t seq0 = sp_proto_is_dtls(proto) ? 0x0002000000000000ull : 0;
    for (int i = 0; i < 6; i++) {
        size_t n = i == 0 ? 0 : i == 1 ? 16384 : t_rand_u32(i == 2 ? 16385 : 600);
        uint64_t seq = seq0 + (uint64_t)i;
        uint8_t type = (uint8_t)(20 + t_rand_u32(4));
        DWORD got;
        t_rand(g_pt, n);
        /* sslprov -> reference.  TLS 1.3: the caller (here) builds the
         * TLSInnerPlaintext content || type || zeros and the provider seals
         * it under outer type 23, as Windows' ncrypt.dll does. */
        const uint8_t *in = g_pt;
        size_t in_len = n;
        if (t13) {
            size_t pad = n < 16384 ? t_rand_u32(2) * t_rand_u32(64) : 0;
            memcpy(g_inner, g_pt, n), g_inner[n] = type, memset(g_inner + n + 1, 0, pad);
            in = g_inner, in_len = n + 1 + pad;
        }
        T_OK(SslEncryptPacket(g_prov, kw, (PBYTE)in, (DWORD)in_len, g_rec, sizeof(g_rec), &got, seq,
                              t13 ? CT_APPLICATIONDATA : type, 0));
        long pl = ref_open(&w, seq, g_rec, got, g_out);
        T_ASSERT(pl == (long)(n + (t13 ? 1 : 0)));
        if (pl >= (long)n) T_BYTES(g_out, g_pt, n);
        if (t13 && pl > 0) T_ASSERT(g_out[pl - 1] == type);
        /* reference -> sslprov */
        size_t rl = ref_seal(&rd, seq, type, g_pt, n, g_rec, NULL);
        T_OK(SslDecryptPacket(g_prov, kr, g_rec, (DWORD)rl, g_out, sizeof(g_out), &got, seq, 0));
        if (t13) { /* the whole inner plaintext comes back: content || type || zeros */
            T_ASSERT(got == rl - 5 - w.ci->tag_len && got >= n + 1);
            if (got >= n + 1) {
                T_ASSERT(g_out[n] == type);
                for (size_t z = n + 1; z < got; z++)
                    T_ASSERT(g_out[z] == 0);
            }
        } else {
            T_ASSERT(got == n);
        }
        if (got >= n) T_BYTES(g_out, g_pt, n);
        if (t_fail) {
            fprintf(stderr, "  proto %04x suite %04x record %d len %zu\n", (unsigned)proto, (unsigned)suite_id, i, n);
            exit(1);
        }
    }
    EVP_CIPHER_CTX_free(w.rc4), EVP_CIPHER_CTX_free(rd.rc4);
    SslFreeObject(kw, 0), SslFreeObject(kr, 0);
}

/* TLS 1.2 AES-GCM and ChaCha20-Poly1305 run in libcrypto's one-call TLS mode
 * for small or in-place records and the generic EVP path for large separate
 * ones, on one cipher context (record_aead.c).  Records of every size around
 * the switch (2048), in place and not, with consecutive, jumping and repeated
 * sequence numbers, interleaved with tampered records, must be byte for byte
 * the reference's (AEAD is deterministic: the explicit nonce is the sequence
 * number), and the reference's records must open. */
static void tlsmode_combo(DWORD proto, DWORD suite_id) {
    struct ref w, rd;
    NCRYPT_KEY_HANDLE kw, kr;
    if (!key_pair(proto, suite_id, &w, &rd, &kw, &kr)) return;
    static const size_t sizes[] = {0, 1, 63, 64, 1024, 2047, 2048, 2049, 4096, 16384};
    static uint8_t want[20000], io[20000];
    const size_t ex = w.ci->explicit_nonce_len, hdr = sp_proto_is_dtls(proto) ? 13 : 5;
    uint64_t seq = sp_proto_is_dtls(proto) ? 0x0001000000000000ull : 0;
    for (int i = 0; i < 300 && !t_fail; i++) {
        uint32_t r = t_rand_u32(10);
        seq = r < 7 ? seq + 1 : r < 9 ? seq + 2 + t_rand_u32(1000) : seq; /* next, jump, repeat */
        const size_t n = t_rand_u32(2) ? sizes[t_rand_u32(SP_ARRAY_LEN(sizes))] : t_rand_u32(3000);
        const bool in_place = t_rand_u32(2);
        const uint8_t type = 23;
        DWORD got = 0;
        t_rand(g_pt, n);
        uint8_t seq_be[8];
        sp_be64(seq_be, seq); /* sslprov's explicit nonce (reference 11.2) */
        const size_t wl = ref_seal(&rd, seq, type, g_pt, n, want, seq_be);
        /* seal: in place (plaintext at header + explicit nonce) or not */
        if (in_place) {
            memcpy(io + hdr + ex, g_pt, n);
            T_OK(SslEncryptPacket(g_prov, kw, io + hdr + ex, (DWORD)n, io, sizeof(io), &got, seq, type, 0));
        } else {
            T_OK(SslEncryptPacket(g_prov, kw, g_pt, (DWORD)n, io, sizeof(io), &got, seq, type, 0));
        }
        T_ASSERT(got == wl);
        T_BYTES(io, want, wl);
        /* open: in place (plaintext where the ciphertext was) or not; every
         * fifth record tampered first, which must fail and change nothing */
        ref_seal(&rd, seq, type, g_pt, n, want, NULL); /* a random explicit nonce must open too */
        if (i % 5 == 4) {
            memcpy(io, want, wl);
            io[wl - 1 - t_rand_u32((uint32_t)(wl - hdr))] ^= 0x40;
            T_STATUS(SslDecryptPacket(g_prov, kr, io, (DWORD)wl, g_out, sizeof(g_out), &got, seq, 0),
                     NTE_DECRYPTION_FAILURE);
            T_ASSERT(got == 0);
        }
        memcpy(io, want, wl);
        if (in_place) {
            T_OK(SslDecryptPacket(g_prov, kr, io, (DWORD)wl, io + hdr + ex, (DWORD)(sizeof(io) - hdr - ex), &got, seq,
                                  0));
            T_ASSERT(got == n);
            T_BYTES(io + hdr + ex, g_pt, n);
        } else {
            T_OK(SslDecryptPacket(g_prov, kr, io, (DWORD)wl, g_out, (DWORD)(n ? n : 1), &got, seq, 0));
            T_ASSERT(got == n);
            T_BYTES(g_out, g_pt, n);
        }
        if (t_fail)
            fprintf(stderr, "  tls mode: proto %04x suite %04x record %d seq %llx len %zu in place %d\n",
                    (unsigned)proto, (unsigned)suite_id, i, (unsigned long long)seq, n, in_place);
    }
    SslFreeObject(kw, 0), SslFreeObject(kr, 0);
}

int main(void) {
    t_rand_init();
    g_prov = t_open_provider(false);
    g_legacy = OSSL_LIB_CTX_new();
    OSSL_PROVIDER_load(g_legacy, "legacy"), OSSL_PROVIDER_load(g_legacy, "default");
    static const struct {
        DWORD proto, suite;
    } combos[] = {
        /* AEAD */
        {TLS1_2_PROTOCOL_VERSION, 0xC02F},
        {TLS1_2_PROTOCOL_VERSION, 0xC030},
        {DTLS1_2_PROTOCOL_VERSION, 0xC02B},
        {TLS1_2_PROTOCOL_VERSION, 0xC0AC},
        {TLS1_2_PROTOCOL_VERSION, 0xC0AD},
        {DTLS1_2_PROTOCOL_VERSION, 0xC0AC},
        {TLS1_2_PROTOCOL_VERSION, 0xC0AE},
        {TLS1_2_PROTOCOL_VERSION, 0xC0AF},
        {DTLS1_2_PROTOCOL_VERSION, 0xC0AE},
        {TLS1_2_PROTOCOL_VERSION, 0xCCA8},
        {DTLS1_2_PROTOCOL_VERSION, 0xCCA9},
        /* CBC, SHA-1 / SHA-256 / SHA-384, AES and 3DES, every protocol */
        {SSL3_PROTOCOL_VERSION, 0x002F},
        {TLS1_0_PROTOCOL_VERSION, 0x002F},
        {TLS1_1_PROTOCOL_VERSION, 0x002F},
        {TLS1_2_PROTOCOL_VERSION, 0x002F},
        {DTLS1_0_PROTOCOL_VERSION, 0x002F},
        {DTLS1_2_PROTOCOL_VERSION, 0x002F},
        {TLS1_0_PROTOCOL_VERSION, 0x0035},
        {TLS1_2_PROTOCOL_VERSION, 0xC027},
        {DTLS1_2_PROTOCOL_VERSION, 0xC023},
        {TLS1_2_PROTOCOL_VERSION, 0xC028},
        {TLS1_1_PROTOCOL_VERSION, 0x00AF},
        {SSL3_PROTOCOL_VERSION, 0x000A},
        {TLS1_0_PROTOCOL_VERSION, 0x000A},
        {TLS1_2_PROTOCOL_VERSION, 0x000A},
        {DTLS1_0_PROTOCOL_VERSION, 0x000A},
        {TLS1_1_PROTOCOL_VERSION, 0x0009},
        /* NULL and RC4 */
        {SSL3_PROTOCOL_VERSION, 0x0002},
        {TLS1_0_PROTOCOL_VERSION, 0x0002},
        {TLS1_2_PROTOCOL_VERSION, 0x003B},
        {DTLS1_2_PROTOCOL_VERSION, 0x0002},
        {TLS1_2_PROTOCOL_VERSION, 0x0001},
        {SSL3_PROTOCOL_VERSION, 0x0001},
        {TLS1_2_PROTOCOL_VERSION, 0x00B1},
        {TLS1_2_PROTOCOL_VERSION, 0x0005},
        {SSL3_PROTOCOL_VERSION, 0x0004},
        {TLS1_0_PROTOCOL_VERSION, 0x0004},
        /* TLS 1.3 */
        {TLS1_3_PROTOCOL_VERSION, 0x1301},
        {TLS1_3_PROTOCOL_VERSION, 0x1302},
        {TLS1_3_PROTOCOL_VERSION, 0x1303},
        {TLS1_3_PROTOCOL_VERSION, 0x1304},
        {TLS1_3_PROTOCOL_VERSION, 0x1305},
    };
    for (size_t i = 0; i < SP_ARRAY_LEN(combos); i++)
        combo(combos[i].proto, combos[i].suite);
    static const DWORD tlsmode[][2] = {{TLS1_2_PROTOCOL_VERSION, 0xC02F},  {TLS1_2_PROTOCOL_VERSION, 0xC030},
                                       {DTLS1_2_PROTOCOL_VERSION, 0xC02B}, {TLS1_2_PROTOCOL_VERSION, 0xCCA8},
                                       {DTLS1_2_PROTOCOL_VERSION, 0xCCA9}, {TLS1_2_PROTOCOL_VERSION, 0xC0AC}};
    for (size_t i = 0; i < SP_ARRAY_LEN(tlsmode); i++)
        tlsmode_combo(tlsmode[i][0], tlsmode[i][1]);
    /* g_legacy stays loaded until exit (freeing it with providers loaded leaks inside libcrypto). */
    SslFreeObject(g_prov, 0);
    return t_done();
}
