/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_record.c - SslEncryptPacket / SslDecryptPacket against every record
 * vector in tests/vectors, plus negative tests (bit flips, truncation,
 * lengths, sequence numbers, types, direction, buffers, overlap, handles).
 * Keys come from the vector files through the internal constructor; the RFC 8448
 * records are also opened and re-sealed with keys derived by the public key
 * schedule (SslExpandWriteKey) in test_tls13_rfc8448.c.
 */
#include "record_util.h"

#include <stdlib.h>

#include <openssl/err.h>

static NCRYPT_PROV_HANDLE g_prov;

static uint8_t g_out[20000], g_out2[20000];

/* Decrypt must give want; encrypt (if reencrypt) must give record. */
static void check_record(NCRYPT_KEY_HANDLE kr, NCRYPT_KEY_HANDLE kw, uint64_t seq, DWORD type, const uint8_t *record,
                         size_t rlen, const uint8_t *want, size_t wlen, const uint8_t *pt, size_t ptlen, bool reencrypt,
                         int line) {
    DWORD got = 0;
    T_OK(SslDecryptPacket(g_prov, kr, (PBYTE)record, (DWORD)rlen, g_out, sizeof(g_out), &got, seq, 0));
    T_ASSERT(got == wlen);
    if (got == wlen) T_BYTES(g_out, want, wlen);
    if (!reencrypt) return;
    DWORD need = 0;
    T_OK(SslEncryptPacket(g_prov, kw, (PBYTE)pt, (DWORD)ptlen, NULL, 0, &need, seq, type, 0));
    T_ASSERT(need == rlen);
    T_OK(SslEncryptPacket(g_prov, kw, (PBYTE)pt, (DWORD)ptlen, g_out2, sizeof(g_out2), &got, seq, type, 0));
    T_ASSERT(got == rlen);
    if (got == rlen) T_BYTES(g_out2, record, rlen);
    if (t_fail) fprintf(stderr, "  (vector at line %d)\n", line);
}

static void tls13_file(const char *name) {
    struct t_vec *v = t_vec_open(name);
    int count = 0;
    while (v && t_vec_next(v)) {
        size_t kl, il, pl, rl;
        uint8_t *key = t_vec_hex(v, "key", &kl), *iv = t_vec_hex(v, "iv", &il);
        uint8_t *pt = t_vec_hex(v, "plaintext", &pl), *rec = t_vec_hex(v, "record", &rl);
        const char *sid = t_vec_get(v, "suite_id"), *cipher = t_vec_get(v, "cipher");
        const char *padl = t_vec_get(v, "padding_len");
        DWORD suite = sid ? (DWORD)strtoul(sid, NULL, 16) : (strcmp(cipher, "AES-256-GCM") == 0 ? 0x1302 : 0x1301);
        uint64_t seq = strtoull(t_vec_get(v, "seq"), NULL, 10);
        DWORD type = (DWORD)strtoul(t_vec_get(v, "content_type"), NULL, 16);
        NCRYPT_KEY_HANDLE k =
            t_record_key(g_prov, TLS1_3_PROTOCOL_VERSION, suite, true, NULL, 0, key, kl, iv, il, NULL);
        T_ASSERT(k != 0);
        /* The caller builds the TLSInnerPlaintext (content || type || zeros)
         * and the provider seals it under outer type 23; decryption returns it
         * whole (Windows' Tls13EncryptPacket / Tls13DecryptPacket). */
        size_t pad = padl ? (size_t)atoi(padl) : 0, wl = pl + 1 + pad;
        uint8_t *want = calloc(1, wl);
        if (pl) memcpy(want, pt, pl);
        want[pl] = (uint8_t)type;
        check_record(k, k, seq, CT_APPLICATIONDATA, rec, rl, want, wl, want, wl, true, t_vec_line(v));
        SslFreeObject(k, 0);
        free(key), free(iv), free(pt), free(rec), free(want);
        count++;
    }
    t_vec_close(v);
    T_ASSERT(count > 0);
}

static void tls12_aead_file(void) {
    struct t_vec *v = t_vec_open("tls12_aead_record_generated.txt");
    int count = 0;
    while (v && t_vec_next(v)) {
        size_t kl, il, pl, rl;
        uint8_t *key = t_vec_hex(v, "key", &kl), *iv = t_vec_hex(v, "write_iv", &il);
        uint8_t *pt = t_vec_hex(v, "plaintext", &pl), *rec = t_vec_hex(v, "record", &rl);
        DWORD suite = (DWORD)strtoul(t_vec_get(v, "suite_id"), NULL, 16);
        uint64_t seq = strtoull(t_vec_get(v, "seq"), NULL, 10);
        DWORD type = (DWORD)strtoul(t_vec_get(v, "content_type"), NULL, 16);
        NCRYPT_KEY_HANDLE kw =
            t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, suite, true, NULL, 0, key, kl, iv, il, NULL);
        NCRYPT_KEY_HANDLE kr =
            t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, suite, false, NULL, 0, key, kl, iv, il, NULL);
        T_ASSERT(kw != 0 && kr != 0);
        check_record(kr, kw, seq, type, rec, rl, pt, pl, pt, pl, true, t_vec_line(v));
        SslFreeObject(kw, 0), SslFreeObject(kr, 0);
        free(key), free(iv), free(pt), free(rec);
        count++;
    }
    t_vec_close(v);
    T_ASSERT(count == 20);
}

static void tls12_cbc_illustrated(void) {
    struct t_vec *v = t_vec_open("tls12_cbc_record_illustrated.txt");
    int count = 0;
    while (v && t_vec_next(v)) {
        size_t ml, kl, il, pl, rl;
        uint8_t *mk = t_vec_hex(v, "mac_key", &ml), *key = t_vec_hex(v, "enc_key", &kl), *iv = t_vec_hex(v, "iv", &il);
        uint8_t *pt = t_vec_hex(v, "plaintext", &pl), *rec = t_vec_hex(v, "record", &rl);
        uint64_t seq = strtoull(t_vec_get(v, "seq"), NULL, 10);
        DWORD type = (DWORD)strtoul(t_vec_get(v, "content_type"), NULL, 16);
        NCRYPT_KEY_HANDLE kw =
            t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC013, true, mk, ml, key, kl, NULL, 0, NULL);
        NCRYPT_KEY_HANDLE kr =
            t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC013, false, mk, ml, key, kl, NULL, 0, NULL);
        T_ASSERT(kw != 0 && kr != 0);
        T_OK(sp_status(sp_record_test_set_explicit_iv(t_record_obj(kw), iv, il)));
        check_record(kr, kw, seq, type, rec, rl, pt, pl, pt, pl, true, t_vec_line(v));
        SslFreeObject(kw, 0), SslFreeObject(kr, 0);
        free(mk), free(key), free(iv), free(pt), free(rec);
        count++;
    }
    t_vec_close(v);
    T_ASSERT(count == 5);
}

/* BoringSSL cases: the MAC header bytes are random, so the mode functions are
 * called directly with them (sp_rec_cbc_open / _seal, under no contention). */
static void boringssl_cbc(void) {
    struct t_vec *v = t_vec_open("tls_cbc_hmac_boringssl.txt");
    int count = 0, valid = 0, sealed = 0;
    while (v && t_vec_next(v)) {
        size_t ml, kl, il, pl, cl, sl, tl, vl;
        uint8_t *mk = t_vec_hex(v, "mac_key", &ml), *key = t_vec_hex(v, "enc_key", &kl), *iv = t_vec_hex(v, "iv", &il);
        uint8_t *pt = t_vec_hex(v, "plaintext", &pl), *ct = t_vec_hex(v, "ciphertext", &cl);
        uint8_t *seqb = t_vec_hex(v, "seq", &sl), *typeb = t_vec_hex(v, "content_type", &tl);
        uint8_t *verb = t_vec_hex(v, "version", &vl);
        bool expl = strcmp(t_vec_get(v, "iv_mode"), "explicit") == 0;
        bool sha256 = strcmp(t_vec_get(v, "mac_alg"), "HMAC-SHA256") == 0;
        bool aes256 = strcmp(t_vec_get(v, "cipher"), "AES-256-CBC") == 0;
        bool ok_want = strcmp(t_vec_get(v, "result"), "valid") == 0;
        bool seal = strcmp(t_vec_get(v, "seal"), "yes") == 0;
        DWORD suite = sha256 ? 0x003C : aes256 ? 0x0035 : 0x002F;
        DWORD proto = expl ? TLS1_2_PROTOCOL_VERSION : TLS1_0_PROTOCOL_VERSION;
        struct sp_rec_args a = {0, typeb[0], (uint16_t)((verb[0] << 8) | verb[1])};
        for (int i = 0; i < 8; i++)
            a.seq = (a.seq << 8) | seqb[i];
        NCRYPT_KEY_HANDLE kr = t_record_key(g_prov, proto, suite, false, mk, ml, key, kl, iv, il, NULL);
        NCRYPT_KEY_HANDLE kw = t_record_key(g_prov, proto, suite, true, mk, ml, key, kl, iv, il, NULL);
        T_ASSERT(kr != 0 && kw != 0);
        uint8_t *payload = malloc(il + cl + 1);
        size_t m = 0;
        if (expl) memcpy(payload, iv, il), m = il;
        memcpy(payload + m, ct, cl), m += cl;
        size_t got = 0;
        memset(g_out, 0xAA, sizeof(g_out));
        T_OK(sp_status(sp_rec_prepare(t_record_obj(kr), false)));
        sp_result r = sp_rec_cbc_open(t_record_obj(kr), &a, payload, m, g_out, &got);
        if (ok_want) {
            T_OK(sp_status(r));
            T_ASSERT(got == pl);
            if (got == pl) T_BYTES(g_out, pt, pl);
            valid++;
        } else {
            T_ASSERT(r.st == NTE_DECRYPTION_FAILURE || r.st == NTE_BAD_DATA);
            for (size_t i = 0; i < sizeof(g_out) && i < 64; i++)
                T_ASSERT(g_out[i] == 0xAA);
        }
        ERR_clear_error();
        if (seal && ok_want) {
            struct sp_record_key *kwo = t_record_obj(kw);
            if (expl) T_OK(sp_status(sp_record_test_set_explicit_iv(kwo, iv, il)));
            T_OK(sp_status(sp_rec_prepare(kwo, true)));
            T_OK(sp_status(sp_rec_cbc_seal(kwo, &a, pt, pl, g_out2)));
            T_BYTES(g_out2, payload, m);
            sealed++;
        }
        if (t_fail) fprintf(stderr, "  (boringssl case at line %d)\n", t_vec_line(v)), exit(1);
        SslFreeObject(kr, 0), SslFreeObject(kw, 0);
        free(mk), free(key), free(iv), free(pt), free(ct), free(seqb), free(typeb), free(verb), free(payload);
        count++;
    }
    t_vec_close(v);
    T_ASSERT(count == 132 && valid > 0 && valid < count && sealed > 0);
}

/* ------------------------------------------------------------------------ */
/* Negative tests                                                            */
/* ------------------------------------------------------------------------ */

struct neg_case {
    DWORD proto, suite;
};

static void negative_one(const struct neg_case *c) {
    uint8_t mac[48], key[32], iv[16], pt[37];
    const struct sp_suite *s = sp_suite_find(c->suite);
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
    bool tls13 = c->proto == TLS1_3_PROTOCOL_VERSION;
    size_t ml = tls13 ? 0 : sp_suite_mac_len(s);
    size_t il = tls13 ? 12 : (ci->mode == SP_MODE_CBC ? ci->block_len : ci->fixed_iv_len);
    t_rand(mac, sizeof(mac)), t_rand(key, sizeof(key)), t_rand(iv, sizeof(iv));
    for (size_t i = 0; i < sizeof(pt); i++)
        pt[i] = (uint8_t)(0x41 + i % 26);
    NCRYPT_KEY_HANDLE kw = t_record_key(g_prov, c->proto, c->suite, true, mac, ml, key, ci->key_len, iv, il, NULL);
    NCRYPT_KEY_HANDLE kr = t_record_key(g_prov, c->proto, c->suite, false, mac, ml, key, ci->key_len, iv, il, NULL);
    T_ASSERT(kw && kr);
    if (tls13) kr = kw;
    const uint64_t seq = sp_proto_is_dtls(c->proto) ? 0x0001000000000005ull : 5;
    uint8_t rec[256], tmp[256];
    DWORD rl = 0, got;
    /* TLS 1.3: pt is the caller's TLSInnerPlaintext (its last byte, non-zero,
     * plays the inner type); TLS <= 1.2: the fragment. */
    T_OK(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), rec, sizeof(rec), &rl, seq, CT_APPLICATIONDATA, 0));
    const size_t hdr = sp_proto_is_dtls(c->proto) ? 13 : 5;
    const SECURITY_STATUS bad_tag = tls13 ? STATUS_AUTH_TAG_MISMATCH : NTE_DECRYPTION_FAILURE;

    /* Lengths agree with SslLookupCipherLengths: record header + dwHeaderLen +
     * plaintext + dwFixedTrailerLen (+ padding), dwHeaderLen without the
     * record header as on Windows. */
    NCRYPT_SSL_CIPHER_LENGTHS L;
    T_OK(SslLookupCipherLengths(g_prov, c->proto, c->suite, 0, &L, sizeof(L), 0));
    size_t padn = (L.dwFlags & NCRYPT_SSL_CIPHER_LENGTHS_BLOCK_PADDING)
                      ? ci->block_len - (sizeof(pt) + L.dwFixedTrailerLen) % ci->block_len
                      : 0;
    T_ASSERT(rl == hdr + L.dwHeaderLen + sizeof(pt) + L.dwFixedTrailerLen + padn);
    T_ASSERT(padn <= L.dwMaxVariableTrailerLen);

    /* Each TLS <= 1.2 CBC/stream record is decrypted with a fresh read key:
     * TLS 1.0 chaining and RC4 state would otherwise differ. */
    bool stateful = !tls13 && (ci->mode == SP_MODE_STREAM && ci->ossl_name);
    T_OK(SslDecryptPacket(g_prov, kr, rec, rl, g_out, sizeof(g_out), &got, seq, 0));
    T_ASSERT(got == sizeof(pt)); /* TLS 1.3: the whole inner plaintext, nothing stripped */
    T_BYTES(g_out, pt, sizeof(pt));
    if (stateful) goto done; /* RC4: key stream advanced; flips covered by the differential test */
    if (!sp_proto_has_explicit_iv(c->proto) && ci->mode == SP_MODE_CBC) goto done; /* chained IV advanced */

    /* Every single-bit flip fails, with the right code, and leaves no plaintext. */
    for (size_t bit = 0; bit < rl * 8; bit++) {
        memcpy(tmp, rec, rl);
        tmp[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        memset(g_out, 0xAA, 64);
        SECURITY_STATUS st = SslDecryptPacket(g_prov, kr, tmp, rl, g_out, sizeof(g_out), &got, seq, 0);
        bool header = bit / 8 < hdr;
        if (header)
            T_ASSERT(st == NTE_BAD_DATA || st == bad_tag);
        else /* NULL cipher too: body flips are MAC failures */
            T_STATUS(st, bad_tag);
        T_ASSERT(got == 0);
        bool clean = true;
        for (size_t i = 0; i < sizeof(pt); i++)
            clean &= g_out[i] == 0xAA || g_out[i] == 0;
        T_ASSERT(clean);
        if (t_fail) {
            fprintf(stderr, "  flip bit %zu proto %04x suite %04x st %08x\n", bit, (unsigned)c->proto,
                    (unsigned)c->suite, (unsigned)st);
            exit(1);
        }
    }
    /* Wrong sequence number: MAC/tag failure (DTLS: header mismatch). */
    T_STATUS(SslDecryptPacket(g_prov, kr, rec, rl, g_out, sizeof(g_out), &got, seq + 1, 0),
             sp_proto_is_dtls(c->proto) ? NTE_BAD_DATA : bad_tag);
    /* Truncated, empty, extended. */
    for (DWORD cut = 0; cut < rl; cut++) {
        memcpy(tmp, rec, rl);
        SECURITY_STATUS st = SslDecryptPacket(g_prov, kr, tmp, cut, g_out, sizeof(g_out), &got, seq, 0);
        T_STATUS(st, NTE_BAD_DATA); /* length field no longer matches */
    }
    T_STATUS(SslDecryptPacket(g_prov, kr, NULL, 0, g_out, sizeof(g_out), &got, seq, 0), NTE_BAD_DATA);
    memcpy(tmp, rec, rl);
    tmp[rl] = 0;
    T_STATUS(SslDecryptPacket(g_prov, kr, tmp, rl + 1, g_out, sizeof(g_out), &got, seq, 0), NTE_BAD_DATA);
    /* Short output: NTE_BUFFER_TOO_SMALL with the bound. */
    DWORD bound = 0;
    T_OK(SslDecryptPacket(g_prov, kr, rec, rl, NULL, 0, &bound, seq, 0));
    T_ASSERT(bound >= sizeof(pt));
    T_STATUS(SslDecryptPacket(g_prov, kr, rec, rl, g_out, bound - 1, &got, seq, 0), NTE_BUFFER_TOO_SMALL);
    T_ASSERT(got == bound);
    /* In place, all three layouts: + record header + dwHeaderLen, + record
     * header only (Windows accepts it for TLS 1.2), and equal. */
    memcpy(tmp, rec, rl);
    T_OK(SslDecryptPacket(g_prov, kr, tmp, rl, tmp + hdr + L.dwHeaderLen, bound, &got, seq, 0));
    T_BYTES(tmp + hdr + L.dwHeaderLen, pt, sizeof(pt));
    memcpy(tmp, rec, rl);
    T_OK(SslDecryptPacket(g_prov, kr, tmp, rl, tmp + hdr, bound, &got, seq, 0));
    T_BYTES(tmp + hdr, pt, sizeof(pt));
    memcpy(tmp, rec, rl);
    T_OK(SslDecryptPacket(g_prov, kr, tmp, rl, tmp, bound, &got, seq, 0));
    T_BYTES(tmp, pt, sizeof(pt));
    memcpy(tmp, rec, rl);
    T_STATUS(SslDecryptPacket(g_prov, kr, tmp, rl, tmp + 1, bound, &got, seq, 0), NTE_BUFFERS_OVERLAP);
    /* Encrypt in place: pbInput == pbOutput + record header + dwHeaderLen, and
     * pbOutput + record header only (Windows accepts it for TLS 1.2). */
    for (int layout = 0; layout < 2; layout++) {
        size_t off = hdr + (layout == 0 ? L.dwHeaderLen : 0);
        memcpy(tmp + off, pt, sizeof(pt));
        T_OK(SslEncryptPacket(g_prov, kw, tmp + off, sizeof(pt), tmp, sizeof(tmp), &got, seq, CT_APPLICATIONDATA, 0));
        T_ASSERT(got == rl);
        if (ci->mode != SP_MODE_CBC) T_BYTES(tmp, rec, rl); /* deterministic: same bytes as out of place */
        T_OK(SslDecryptPacket(g_prov, kr, tmp, got, g_out, sizeof(g_out), &got, seq, 0));
        T_BYTES(g_out, pt, sizeof(pt));
    }
    memcpy(tmp + 1, pt, sizeof(pt));
    T_STATUS(SslEncryptPacket(g_prov, kw, tmp + 1, sizeof(pt), tmp, sizeof(tmp), &got, seq, CT_APPLICATIONDATA, 0),
             NTE_BUFFERS_OVERLAP);
    /* Encrypt: short output, wrong type, too long. */
    T_STATUS(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), tmp, rl - 1, &got, seq, CT_APPLICATIONDATA, 0),
             NTE_BUFFER_TOO_SMALL);
    T_ASSERT(got == rl);
    T_STATUS(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), tmp, sizeof(tmp), &got, seq, 25, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), tmp, sizeof(tmp), &got, seq, 19, 0), NTE_INVALID_PARAMETER);
    /* 24 may be written (Windows writes any type). */
    T_OK(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), tmp, sizeof(tmp), &got, seq, 24, 0));
    T_ASSERT(got == rl && tmp[0] == 24);
    if (tls13) { /* 2^14 + 1 bytes of inner plaintext are fine, one more is not (Windows) */
        memset(g_out2, 0x17, 16386);
        T_OK(SslEncryptPacket(g_prov, kw, g_out2, 16385, g_out, sizeof(g_out), &got, seq, 23, 0));
        T_ASSERT(got == 5 + 16385 + L.dwFixedTrailerLen);
        T_STATUS(SslEncryptPacket(g_prov, kw, g_out2, 16386, g_out, sizeof(g_out), &got, seq, 23, 0),
                 NTE_INVALID_PARAMETER);
    } else {
        T_STATUS(SslEncryptPacket(g_prov, kw, g_out2, 16385, g_out, sizeof(g_out), &got, seq, 23, 0), NTE_BAD_LEN);
    }
    /* Wrong content type in the header (not 20..24) and wrong version. */
    memcpy(tmp, rec, rl);
    tmp[0] = 25;
    T_STATUS(SslDecryptPacket(g_prov, kr, tmp, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_BAD_DATA);
    memcpy(tmp, rec, rl);
    tmp[2] ^= 1;
    T_STATUS(SslDecryptPacket(g_prov, kr, tmp, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_BAD_DATA);
    if (!tls13) {
        /* Type changed within 20..23: authenticated, so the MAC/tag fails. */
        memcpy(tmp, rec, rl);
        tmp[0] = CT_HANDSHAKE;
        T_STATUS(SslDecryptPacket(g_prov, kr, tmp, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_DECRYPTION_FAILURE);
        /* Wrong key direction. */
        T_STATUS(SslDecryptPacket(g_prov, kw, rec, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_INVALID_HANDLE);
        T_STATUS(SslEncryptPacket(g_prov, kr, pt, sizeof(pt), tmp, sizeof(tmp), &got, seq, 23, 0), NTE_INVALID_HANDLE);
        /* A key of the other side (other key material) cannot read it. */
        uint8_t key2[32];
        memcpy(key2, key, 32);
        key2[0] ^= 0x80; /* not a DES parity bit */
        NCRYPT_KEY_HANDLE ko =
            t_record_key(g_prov, c->proto, c->suite, false, mac, ml, key2, ci->key_len, iv, il, NULL);
        if (ci->ossl_name)
            T_STATUS(SslDecryptPacket(g_prov, ko, rec, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_DECRYPTION_FAILURE);
        SslFreeObject(ko, 0);
    }
    /* Bad arguments. */
    T_STATUS(SslDecryptPacket(g_prov, kr, rec, rl, g_out, sizeof(g_out), &got, seq, 1), NTE_BAD_FLAGS);
    T_STATUS(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), tmp, sizeof(tmp), &got, seq, 23, 1), NTE_BAD_FLAGS);
    T_STATUS(SslDecryptPacket(g_prov, kr, rec, rl, g_out, sizeof(g_out), NULL, seq, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslEncryptPacket(g_prov, kw, pt, sizeof(pt), tmp, sizeof(tmp), NULL, seq, 23, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslDecryptPacket(g_prov, 0x1234, rec, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslDecryptPacket(g_prov, g_prov, rec, rl, g_out, sizeof(g_out), &got, seq, 0), NTE_INVALID_HANDLE);
    /* Empty plaintext round trip (TLS <= 1.2); TLS 1.3 needs at least the
     * inner type byte: Windows refuses 0 with NTE_INVALID_PARAMETER. */
    if (tls13) {
        T_STATUS(SslEncryptPacket(g_prov, kw, NULL, 0, tmp, sizeof(tmp), &got, seq, CT_ALERT, 0),
                 NTE_INVALID_PARAMETER);
    } else {
        T_OK(SslEncryptPacket(g_prov, kw, NULL, 0, tmp, sizeof(tmp), &got, seq, CT_ALERT, 0));
        T_OK(SslDecryptPacket(g_prov, kr, tmp, got, g_out, sizeof(g_out), &got, seq, 0));
        T_ASSERT(got == 0u);
    }
done:
    if (t_fail)
        fprintf(stderr, "  (negative: proto %04x suite %04x)\n", (unsigned)c->proto, (unsigned)c->suite), exit(1);
    SslFreeObject(kw, 0);
    if (!tls13) SslFreeObject(kr, 0);
}

static void negative(void) {
    static const struct neg_case cases[] = {
        {TLS1_2_PROTOCOL_VERSION, 0xC02F},  {TLS1_2_PROTOCOL_VERSION, 0xC030},  {TLS1_2_PROTOCOL_VERSION, 0xC0AC},
        {TLS1_2_PROTOCOL_VERSION, 0xC0AE},  {TLS1_2_PROTOCOL_VERSION, 0xCCA8},  {TLS1_2_PROTOCOL_VERSION, 0xC027},
        {TLS1_2_PROTOCOL_VERSION, 0xC028},  {TLS1_2_PROTOCOL_VERSION, 0x000A},  {TLS1_2_PROTOCOL_VERSION, 0x0002},
        {TLS1_1_PROTOCOL_VERSION, 0x002F},  {TLS1_0_PROTOCOL_VERSION, 0x002F},  {SSL3_PROTOCOL_VERSION, 0x000A},
        {TLS1_3_PROTOCOL_VERSION, 0x1301},  {TLS1_3_PROTOCOL_VERSION, 0x1303},  {TLS1_3_PROTOCOL_VERSION, 0x1305},
        {DTLS1_2_PROTOCOL_VERSION, 0xC02B}, {DTLS1_2_PROTOCOL_VERSION, 0xC023}, {DTLS1_0_PROTOCOL_VERSION, 0x0035},
        {TLS1_2_PROTOCOL_VERSION, 0x0005},
    };
    for (size_t i = 0; i < SP_ARRAY_LEN(cases); i++)
        negative_one(&cases[i]);
}

/* Two threads share one write key and one read key (TLS 1.2 AES-GCM) and
 * seal/open 300 records each at once: calls on a key are serialised by its
 * lock, so every record must round-trip. */
#include <pthread.h>
static NCRYPT_KEY_HANDLE g_tkw, g_tkr;
static _Atomic int g_tbad;
static void *thread_rt(void *arg) {
    uint8_t pt[300], rec[400], out[400];
    DWORD rl, got;
    for (int i = 0; i < 300; i++) {
        uint64_t seq = (uint64_t)(intptr_t)arg * 1000 + (uint64_t)i;
        memset(pt, (int)seq, sizeof(pt));
        if (SslEncryptPacket(g_prov, g_tkw, pt, (DWORD)(i % 300), rec, sizeof(rec), &rl, seq, 23, 0) ||
            SslDecryptPacket(g_prov, g_tkr, rec, rl, out, sizeof(out), &got, seq, 0) || got != (DWORD)(i % 300) ||
            memcmp(out, pt, got) != 0)
            g_tbad++;
    }
    return NULL;
}
static void threads(void) {
    uint8_t key[16] = {1}, iv[4] = {2};
    g_tkw = t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC02F, true, NULL, 0, key, 16, iv, 4, NULL);
    g_tkr = t_record_key(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC02F, false, NULL, 0, key, 16, iv, 4, NULL);
    pthread_t th[2];
    for (intptr_t i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, thread_rt, (void *)i);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    T_ASSERT(g_tbad == 0);
    SslFreeObject(g_tkw, 0), SslFreeObject(g_tkr, 0);
}

int main(void) {
    t_rand_init();
    g_prov = t_open_provider(false);
    tls13_file("tls13_record_rfc8448.txt");
    tls13_file("tls13_record_illustrated_aes256gcm.txt");
    tls13_file("tls13_aead_record_generated.txt");
    tls12_aead_file();
    tls12_cbc_illustrated();
    boringssl_cbc();
    negative();
    threads();
    SslFreeObject(g_prov, 0);
    return t_done();
}
