/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record_cbc.c - MAC-then-encrypt records (RFC 5246 6.2.3.1 stream and 6.2.3.2
 * block ciphers, RFC 4346, RFC 2246, RFC 6101 for SSL 3.0): NULL, RC4, AES-CBC,
 * 3DES-CBC and DES-CBC, with HMAC or the SSL 3.0 MAC.
 *
 * CBC decryption is constant-time with respect to the padding and the plaintext
 * length (Lucky13): padding checked with masks over the largest possible
 * padding, MAC located by a constant-time rotation, MAC recomputed with
 * sp_mac_compute_ct (full-speed over the public prefix, masks only over the
 * blocks where the record may end), and one result for bad padding and bad MAC.
 * Unverified plaintext is wiped from the caller's buffer on failure.
 */
#include "internal.h"
#include "record_int.h"

size_t sp_rec_mac_header(const struct sp_record_key *k, const struct sp_rec_args *a, size_t len, uint8_t out[13]) {
    sp_be64(out, a->seq);
    out[8] = a->type;
    if (k->protocol == SSL3_PROTOCOL_VERSION) { /* RFC 6101 5.2.3.1: no version */
        sp_be16(out + 9, (uint32_t)len);
        return 11;
    }
    sp_be16(out + 9, a->version);
    sp_be16(out + 11, (uint32_t)len);
    return 13;
}

static bool explicit_iv(const struct sp_record_key *k) { return sp_proto_has_explicit_iv(k->protocol); }

/* SSL 3.0 / TLS 1.0: the chained IV, after the key in the key's tail. */
static uint8_t *chained_iv(struct sp_record_key *k, const struct sp_cipher_info *ci) {
    return sp_rk_key(k) + ci->key_len;
}

SP_RESULT sp_rec_cbc_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                          uint8_t *out) {
    struct sp_rec_mte *st = sp_rk_mte(k);
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    EVP_CIPHER_CTX *c = k->cctx;
    const size_t maclen = st->mac.key_len;
    uint8_t hdr[13], mac[SP_RECORD_MAX_MAC];
    int l;
    size_t hl = sp_rec_mac_header(k, a, n, hdr);
    sp_mac_compute(&st->mac, hdr, hl, in, n, mac); /* before encryption: in may equal out */

    if (ci->mode == SP_MODE_STREAM) {
        if (c == NULL) { /* NULL cipher */
            if (out != in && n) memmove(out, in, n);
            memcpy(out + n, mac, maclen);
        } else {
            GUARD_OSSL(EVP_CipherUpdate(c, out, &l, in, (int)n));
            GUARD_OSSL(EVP_CipherUpdate(c, out + n, &l, mac, (int)maclen));
        }
        SP_WIPE_BUF(mac);
        return SP_OK;
    }

    /* Block cipher: plaintext || MAC || padding, padding_length + 1 bytes all of
     * value padding_length (RFC 5246 6.2.3.2; SSL 3.0 only reads the last one).
     * Minimal padding. */
    const size_t B = ci->block_len;
    const size_t full = n / B * B, tail = n - full;
    const size_t pad = B - (n + maclen) % B; /* 1..B bytes incl. the length byte */
    uint8_t iv[SP_RECORD_MAX_IV], last[SP_RECORD_MAX_IV * 4 + SP_RECORD_MAX_MAC];
    uint8_t *ct = out;
    if (explicit_iv(k)) {
        /* RFC 4346 6.2.3.2: a fresh unpredictable IV per record, sent in clear. */
        if (k->state & SP_RS_TEST_IV) {
            memcpy(iv, st->test_iv, B);
            SP_WIPE_BUF(st->test_iv);
            k->state &= (uint8_t)~SP_RS_TEST_IV;
        } else {
            GUARD(sp_random(iv, B));
        }
        memcpy(out, iv, B);
        ct = out + B;
    } else {
        memcpy(iv, chained_iv(k, ci), B); /* SSL 3.0 / TLS 1.0: last ciphertext block of the previous record */
    }
    memcpy(last, in + full, tail);
    memcpy(last + tail, mac, maclen);
    memset(last + tail + maclen, (int)(pad - 1), pad);
    GUARD_OSSL(EVP_CipherInit_ex(c, NULL, NULL, NULL, iv, 1));
    if (full) GUARD_OSSL(EVP_CipherUpdate(c, ct, &l, in, (int)full));
    GUARD_OSSL(EVP_CipherUpdate(c, ct + full, &l, last, (int)(tail + maclen + pad)));
    if (!explicit_iv(k)) memcpy(chained_iv(k, ci), ct + full + tail + maclen + pad - B, B);
    SP_WIPE_BUF(mac);
    SP_WIPE_BUF(last);
    return SP_OK;
}

/* Stream (NULL, RC4) records: the MAC sits at a public position. */
static SP_RESULT stream_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                             uint8_t *out, size_t *out_len) {
    struct sp_rec_mte *st = sp_rk_mte(k);
    EVP_CIPHER_CTX *c = k->cctx;
    const size_t maclen = st->mac.key_len, n = m - maclen;
    uint8_t hdr[13], mac[SP_RECORD_MAX_MAC], got[SP_RECORD_MAX_MAC];
    int l;
    if (c == NULL) {
        memcpy(got, in + n, maclen);
        if (out != in && n) memmove(out, in, n);
    } else {
        memcpy(got, in + n, maclen); /* before out (which may alias in) is written */
        GUARD_OSSL(EVP_CipherUpdate(c, out, &l, in, (int)n));
        GUARD_OSSL(EVP_CipherUpdate(c, got, &l, got, (int)maclen));
    }
    size_t hl = sp_rec_mac_header(k, a, n, hdr);
    sp_mac_compute(&st->mac, hdr, hl, out, n, mac);
    int bad = CRYPTO_memcmp(mac, got, maclen);
    SP_WIPE_BUF(mac);
    SP_WIPE_BUF(got);
    if (bad) {
        sp_wipe(out, n);
        BAIL(NTE_DECRYPTION_FAILURE);
    }
    *out_len = n;
    return SP_OK;
}

/* Constant-time extraction of the MAC at data[n .. n + maclen), n secret in
 * [nmin, nmax]: the window [nmin, nmax + maclen) is folded 64 bytes at a time
 * into a 64-byte ring (maclen <= 48 < 64, so MAC bytes never collide), keeping
 * only MAC bytes with masks; the MAC then sits in the ring rotated by
 * (n - nmin) mod 64, which six conditional rotations by public amounts undo
 * (the method of OpenSSL's ssl3_cbc_copy_mac and BoringSSL's
 * EVP_tls_cbc_copy_mac, with a power-of-two ring so no secret division is
 * needed).  Fixed 64-byte inner loops with 32-bit lane masks, so they
 * vectorise.  data must be readable up to the last 64-byte chunk. */
static void ct_extract_mac(const uint8_t *data, size_t n, size_t nmin, size_t nmax, size_t maclen, uint8_t *out) {
    uint8_t ring[128] = {0}; /* ring || copy of ring */
    const uint32_t sn = (uint32_t)n, se = (uint32_t)(n + maclen);
    for (size_t from = nmin; from < nmax + maclen; from += 64) {
        for (uint32_t j = 0; j < 64; j++) {
            const uint32_t i = (uint32_t)from + j;
            const uint32_t in_mac = (((i - sn) >> 31) - 1u) & (0 - ((i - se) >> 31)); /* n <= i < n + maclen */
            ring[j] |= (uint8_t)(data[i] & in_mac);
        }
    }
    uint32_t offset = (uint32_t)(n - nmin) & 63; /* ring[(offset + x) & 63] = mac[x] */
    for (size_t sh = 1; sh < 64; sh <<= 1, offset >>= 1) {
        const uint8_t take = (uint8_t)(0 - (offset & 1));
        uint8_t tmp[64];
        memcpy(ring + 64, ring, 64);
        for (size_t x = 0; x < 64; x++)
            tmp[x] = (uint8_t)((ring[x + sh] & take) | (ring[x] & ~take));
        memcpy(ring, tmp, 64);
        SP_WIPE_BUF(tmp);
    }
    memcpy(out, ring, maclen);
    SP_WIPE_BUF(ring);
}

/* Constant-time padding check over the 256 bytes before end (RFC 5246
 * 6.2.3.2: padding_length + 1 bytes all equal to padding_length): all-ones if
 * every byte within pad of the end equals pad.  end[-256..0) must be readable;
 * bytes before the record only count when pad exceeds the record, which the
 * caller rejects anyway. */
static uint64_t ct_padding_ok(const uint8_t *end, size_t pad) {
    const uint32_t sp = (uint32_t)pad;
    uint32_t diff = 0;
    for (uint32_t i = 1; i < 256; i++)                             /* i = 0 is the length byte itself */
        diff |= (end[-1 - (int)i] ^ sp) & (((sp - i) >> 31) - 1u); /* i <= pad */
    return sp_ct_eq(diff, 0);
}

/* CBC records (RFC 5246 6.2.3.2, Lucky13-safe).  Everything before the last
 * SP_REC_CBC_TAIL bytes is plaintext for sure (it precedes any possible MAC and
 * padding): it is decrypted straight into out and hashed at full speed.  The
 * tail is decrypted to the stack, and only it is handled with masks: padding,
 * MAC extraction and the hash blocks where the record may end.  On failure out
 * is wiped, so no plaintext survives; on success it receives the tail's
 * plaintext once n is public. */
SP_RESULT sp_rec_cbc_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                          uint8_t *out, size_t *out_len) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    if (ci->mode == SP_MODE_STREAM) return stream_open(k, a, in, m, out, out_len);

    struct sp_rec_mte *st = sp_rk_mte(k);
    EVP_CIPHER_CTX *c = k->cctx;
    const size_t maclen = st->mac.key_len, B = ci->block_len;
    const uint8_t *iv = chained_iv(k, ci), *ct = in;
    size_t L = m; /* public: ciphertext length without the explicit IV */
    if (explicit_iv(k)) {
        ENSURE(m >= B, NTE_BAD_DATA);
        iv = in, ct = in + B, L = m - B;
    }
    /* Public shape (record.c checks it too): whole blocks, room for MAC + 1. */
    ENSURE(m <= SP_REC_MAX_CT12 && L % B == 0 && L >= B && L >= maclen + 1, NTE_BAD_DATA);
    const size_t toff = L > SP_REC_CBC_TAIL ? L - SP_REC_CBC_TAIL : 0, T = L - toff;
    /* 256 zero bytes || tail || 64 zero bytes: fixed-length constant-time loops
     * may read a little before and after the tail. */
    uint8_t next_iv[SP_RECORD_MAX_IV], buf[256 + SP_REC_CBC_TAIL + 64], *tail = buf + 256;
    memset(buf, 0, 256);
    memset(tail + T, 0, 64);
    memcpy(next_iv, ct + L - B, B); /* before out (which may alias ct) is written */
    int l;
    GUARD_OSSL(EVP_CipherInit_ex(c, NULL, NULL, NULL, iv, 0));
    if (toff) GUARD_OSSL(EVP_CipherUpdate(c, out, &l, ct, (int)toff));
    GUARD_OSSL(EVP_CipherUpdate(c, tail, &l, ct + toff, (int)T));
    SP_CT_SECRET(out, toff); /* ctgrind build: the plaintext, padding and MAC are secret */
    SP_CT_SECRET(tail, T);

    /* Padding, constant time.  Everything below up to the verdict touches the
     * same bytes and does the same work whatever the plaintext is. */
    const size_t nmax = L - maclen - 1;
    const size_t pad = tail[T - 1];
    uint64_t good = ~sp_ct_lt(nmax, pad); /* pad <= L - maclen - 1 */
    size_t nmin;
    if (k->protocol == SSL3_PROTOCOL_VERSION) {
        /* RFC 6101 5.2.3.2: padding content is arbitrary, its length < B. */
        good &= sp_ct_lt(pad, B);
        nmin = nmax - (nmax < B - 1 ? nmax : B - 1);
    } else {
        good &= ct_padding_ok(tail + T, pad);
        nmin = nmax - (nmax < 255 ? nmax : 255);
    }
    const size_t n = nmax - (pad & good); /* secret; toff <= nmin <= n */

    uint8_t hdr[13], mac[SP_RECORD_MAX_MAC], got[SP_RECORD_MAX_MAC];
    size_t hl = sp_rec_mac_header(k, a, 0, hdr);
    hdr[hl - 2] = (uint8_t)(n >> 8), hdr[hl - 1] = (uint8_t)n;
    ct_extract_mac(tail, n - toff, nmin - toff, nmax - toff, maclen, got);
    sp_result r = sp_mac_compute_ct(&st->mac, hdr, hl, out, toff, tail, T, n, nmin, nmax, mac);
    good &= sp_ct_eq((uint64_t)CRYPTO_memcmp(mac, got, maclen), 0);
    SP_WIPE_BUF(mac);
    SP_WIPE_BUF(got);
    SP_CT_PUBLIC(&good, sizeof(good)); /* the verdict is public: the peer learns it */
    if (!SP_IS_OK(r) || good == 0) {   /* one verdict for padding and MAC */
        sp_wipe(out, toff);
        sp_wipe(tail, T);
        return SP_IS_OK(r) ? SP_ERR(NTE_DECRYPTION_FAILURE) : r;
    }
    /* Verified: n is now public (it becomes *pcbResult). */
    SP_CT_PUBLIC(&n, sizeof(n));
    if (n > SP_REC_MAX_PLAIN) {
        sp_wipe(out, toff);
        sp_wipe(tail, T);
        BAIL(NTE_BAD_DATA); /* RFC 5246 6.2.1: record_overflow */
    }
    memcpy(out + toff, tail, n - toff);
    sp_wipe(tail, T);
    if (!explicit_iv(k)) memcpy(chained_iv(k, ci), next_iv, B);
    *out_len = n;
    return SP_OK;
}
