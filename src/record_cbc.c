/*
 * record_cbc.c - MAC-then-encrypt records (RFC 5246 6.2.3.1 stream and 6.2.3.2
 * block ciphers, RFC 4346, RFC 2246, RFC 6101 for SSL 3.0): NULL, RC4, AES-CBC,
 * 3DES-CBC and DES-CBC, with HMAC or the SSL 3.0 MAC.
 *
 * CBC decryption is constant-time with respect to the padding and the plaintext
 * length (Lucky13): padding checked with masks over the largest possible
 * padding, MAC located by a constant-time rotation, MAC recomputed with
 * sp_mac_compute_ct over every possible length, and one result for bad padding
 * and bad MAC.  The plaintext stays in the key's scratch buffer until verified.
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

SP_RESULT sp_rec_cbc_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                          uint8_t *out) {
    struct sp_rec_state *st = k->impl;
    const size_t maclen = k->mac_len;
    uint8_t hdr[13], mac[SP_RECORD_MAX_MAC];
    int l;
    size_t hl = sp_rec_mac_header(k, a, n, hdr);
    sp_mac_compute(&st->mac, hdr, hl, in, n, mac); /* before encryption: in may equal out */

    if (k->ci->mode == SP_MODE_STREAM) {
        if (st->cctx == NULL) { /* NULL cipher */
            if (out != in && n) memmove(out, in, n);
            memcpy(out + n, mac, maclen);
        } else {
            GUARD_OSSL(EVP_CipherUpdate(st->cctx, out, &l, in, (int)n));
            GUARD_OSSL(EVP_CipherUpdate(st->cctx, out + n, &l, mac, (int)maclen));
        }
        SP_WIPE_BUF(mac);
        return SP_OK;
    }

    /* Block cipher: plaintext || MAC || padding, padding_length + 1 bytes all of
     * value padding_length (RFC 5246 6.2.3.2; SSL 3.0 only reads the last one).
     * Minimal padding. */
    const size_t B = k->ci->block_len;
    const size_t full = n / B * B, tail = n - full;
    const size_t pad = B - (n + maclen) % B; /* 1..B bytes incl. the length byte */
    uint8_t iv[SP_RECORD_MAX_IV], last[SP_RECORD_MAX_IV * 4 + SP_RECORD_MAX_MAC];
    uint8_t *ct = out;
    if (explicit_iv(k)) {
        /* RFC 4346 6.2.3.2: a fresh unpredictable IV per record, sent in clear. */
        if (st->test_iv_set) {
            memcpy(iv, st->test_iv, B);
            st->test_iv_set = false;
        } else {
            GUARD(sp_random(iv, B));
        }
        memcpy(out, iv, B);
        ct = out + B;
    } else {
        memcpy(iv, k->iv, B); /* SSL 3.0 / TLS 1.0: last ciphertext block of the previous record */
    }
    memcpy(last, in + full, tail);
    memcpy(last + tail, mac, maclen);
    memset(last + tail + maclen, (int)(pad - 1), pad);
    GUARD_OSSL(EVP_CipherInit_ex(st->cctx, NULL, NULL, NULL, iv, 1));
    if (full) GUARD_OSSL(EVP_CipherUpdate(st->cctx, ct, &l, in, (int)full));
    GUARD_OSSL(EVP_CipherUpdate(st->cctx, ct + full, &l, last, (int)(tail + maclen + pad)));
    if (!explicit_iv(k)) memcpy(k->iv, ct + full + tail + maclen + pad - B, B);
    SP_WIPE_BUF(mac);
    SP_WIPE_BUF(last);
    return SP_OK;
}

/* Stream (NULL, RC4) records: the MAC sits at a public position. */
static SP_RESULT stream_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                             uint8_t *out, size_t *out_len) {
    struct sp_rec_state *st = k->impl;
    const size_t maclen = k->mac_len, n = m - maclen;
    uint8_t hdr[13], mac[SP_RECORD_MAX_MAC], got[SP_RECORD_MAX_MAC];
    int l;
    if (st->cctx == NULL) {
        memcpy(got, in + n, maclen);
        if (out != in && n) memmove(out, in, n);
    } else {
        memcpy(got, in + n, maclen); /* before out (which may alias in) is written */
        GUARD_OSSL(EVP_CipherUpdate(st->cctx, out, &l, in, (int)n));
        GUARD_OSSL(EVP_CipherUpdate(st->cctx, got, &l, got, (int)maclen));
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
 * [nmin, nmax]: gather it rotated, then undo the rotation with log2(maclen)
 * conditional rotations (the method of OpenSSL's ssl3_cbc_copy_mac). */
static void ct_extract_mac(const uint8_t *data, size_t n, size_t nmin, size_t nmax, size_t maclen, uint8_t *out) {
    uint8_t rot[SP_RECORD_MAX_MAC] = {0}, tmp[SP_RECORD_MAX_MAC];
    uint64_t offset = 0;
    size_t j = 0;
    for (size_t i = nmin; i < nmax + maclen; i++) {
        offset |= j & sp_ct_eq(i, n);
        uint8_t in_mac = (uint8_t)(~sp_ct_lt(i, n) & sp_ct_lt(i, n + maclen));
        rot[j] |= data[i] & in_mac;
        if (++j == maclen) j = 0;
    }
    /* rot[(offset + x) % maclen] = mac[x]: rotate left by offset. */
    for (size_t sh = 1; sh < maclen; sh <<= 1, offset >>= 1) {
        uint8_t take = (uint8_t)(0 - (offset & 1));
        for (size_t x = 0; x < maclen; x++) {
            size_t y = x + sh;
            if (y >= maclen) y -= maclen;
            tmp[x] = (uint8_t)((rot[y] & take) | (rot[x] & ~take));
        }
        memcpy(rot, tmp, maclen);
    }
    memcpy(out, rot, maclen);
    SP_WIPE_BUF(rot);
    SP_WIPE_BUF(tmp);
}

SP_RESULT sp_rec_cbc_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                          uint8_t *out, size_t *out_len) {
    if (k->ci->mode == SP_MODE_STREAM) return stream_open(k, a, in, m, out, out_len);

    struct sp_rec_state *st = k->impl;
    const size_t maclen = k->mac_len, B = k->ci->block_len;
    const uint8_t *iv = k->iv, *ct = in;
    size_t L = m; /* public: ciphertext length without the explicit IV */
    if (explicit_iv(k)) {
        ENSURE(m >= B, NTE_BAD_DATA);
        iv = in, ct = in + B, L = m - B;
    }
    /* Public shape (record.c checks it too): whole blocks, room for MAC + 1. */
    ENSURE(m <= SP_REC_SCRATCH_LEN && L % B == 0 && L >= B && L >= maclen + 1, NTE_BAD_DATA);
    uint8_t next_iv[SP_RECORD_MAX_IV];
    memcpy(next_iv, ct + L - B, B);
    uint8_t *p = st->scratch;
    int l;
    GUARD_OSSL(EVP_CipherInit_ex(st->cctx, NULL, NULL, NULL, iv, 0));
    GUARD_OSSL(EVP_CipherUpdate(st->cctx, p, &l, ct, (int)L));
    SP_CT_SECRET(p, L); /* ctgrind build: the plaintext, padding and MAC are secret */

    /* Padding, constant time.  Everything below up to the verdict touches the
     * same bytes and does the same work whatever the plaintext is. */
    const size_t nmax = L - maclen - 1;
    const size_t pad = p[L - 1];
    uint64_t good = ~sp_ct_lt(nmax, pad); /* pad <= L - maclen - 1 */
    size_t nmin;
    if (k->protocol == SSL3_PROTOCOL_VERSION) {
        /* RFC 6101 5.2.3.2: padding content is arbitrary, its length < B. */
        good &= sp_ct_lt(pad, B);
        nmin = nmax - (nmax < B - 1 ? nmax : B - 1);
    } else {
        size_t check = L < 256 ? L : 256;
        uint8_t diff = 0;
        for (size_t i = 1; i < check; i++) /* i = 0 is the length byte itself */
            diff |= (uint8_t)((p[L - 1 - i] ^ pad) & ~sp_ct_lt(pad, i));
        good &= sp_ct_eq(diff, 0);
        nmin = nmax - (nmax < 255 ? nmax : 255);
    }
    const size_t n = nmax - (pad & good); /* secret */

    uint8_t hdr[13], mac[SP_RECORD_MAX_MAC], got[SP_RECORD_MAX_MAC];
    size_t hl = sp_rec_mac_header(k, a, 0, hdr);
    hdr[hl - 2] = (uint8_t)(n >> 8), hdr[hl - 1] = (uint8_t)n;
    ct_extract_mac(p, n, nmin, nmax, maclen, got);
    sp_result r = sp_mac_compute_ct(&st->mac, hdr, hl, p, L, n, nmin, nmax, mac);
    good &= sp_ct_eq((uint64_t)CRYPTO_memcmp(mac, got, maclen), 0);
    SP_WIPE_BUF(mac);
    SP_WIPE_BUF(got);
    SP_CT_PUBLIC(&good, sizeof(good)); /* the verdict is public: the peer learns it */
    if (!SP_IS_OK(r) || good == 0) {   /* one verdict for padding and MAC */
        sp_wipe(p, L);
        return SP_IS_OK(r) ? SP_ERR(NTE_DECRYPTION_FAILURE) : r;
    }
    /* Verified: n is now public (it becomes *pcbResult). */
    SP_CT_PUBLIC(&n, sizeof(n));
    if (n > SP_REC_MAX_PLAIN) {
        sp_wipe(p, L);
        BAIL(NTE_BAD_DATA); /* RFC 5246 6.2.1: record_overflow */
    }
    memcpy(out, p, n);
    sp_wipe(p, L);
    if (!explicit_iv(k)) memcpy(k->iv, next_iv, B);
    *out_len = n;
    return SP_OK;
}
