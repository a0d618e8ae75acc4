/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record_mac.c - record MACs for MAC-then-encrypt suites: TLS HMAC (RFC 2104,
 * RFC 5246 section 6.2.3.1) and the SSL 3.0 MAC (RFC 6101 section 5.2.3.1),
 * plus the constant-time variant used when the MAC'd length is secret (CBC
 * decryption, Lucky13: AlFardan and Paterson 2013).
 *
 * Why libcrypto's low-level hash API: a constant-time MAC over a secret length
 * needs the compression function and the chaining state (BearSSL's
 * br_hmac_outCT, OpenSSL's own ssl3_cbc_digest_record).  EVP does not expose
 * them, so this file drives SHA1/SHA256/SHA512 _Transform (deprecated in 3.0,
 * still exported).  The hash itself is libcrypto's; only the HMAC/SSL3 framing
 * is here, and it is differential-tested against EVP HMAC (tests/test_record*).
 * Precomputed inner/outer states also avoid EVP_MAC's per-record allocation.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "internal.h"
#include "record_int.h"

#include <openssl/md5.h>
#include <openssl/sha.h>

/* ------------------------------------------------------------------------ */
/* Hash table                                                                */
/* ------------------------------------------------------------------------ */

static void md5_init(void *c) { MD5_Init(c); }
static void md5_upd(void *c, const void *d, size_t n) { MD5_Update(c, d, n); }
static void md5_fin(void *c, uint8_t *o) { MD5_Final(o, c); }
static void md5_tr(void *c, const uint8_t *b) { MD5_Transform(c, b); }
static void sha1_init(void *c) { SHA1_Init(c); }
static void sha1_upd(void *c, const void *d, size_t n) { SHA1_Update(c, d, n); }
static void sha1_fin(void *c, uint8_t *o) { SHA1_Final(o, c); }
static void sha1_tr(void *c, const uint8_t *b) { SHA1_Transform(c, b); }
static void sha1_state(const void *c, uint8_t *o) {
    const SHA_CTX *s = c;
    sp_be32(o, s->h0), sp_be32(o + 4, s->h1), sp_be32(o + 8, s->h2), sp_be32(o + 12, s->h3), sp_be32(o + 16, s->h4);
}
static void sha256_init(void *c) { SHA256_Init(c); }
static void sha256_upd(void *c, const void *d, size_t n) { SHA256_Update(c, d, n); }
static void sha256_fin(void *c, uint8_t *o) { SHA256_Final(o, c); }
static void sha256_tr(void *c, const uint8_t *b) { SHA256_Transform(c, b); }
static void sha256_state(const void *c, uint8_t *o) {
    const SHA256_CTX *s = c;
    for (int i = 0; i < 8; i++)
        sp_be32(o + 4 * i, s->h[i]);
}
static void sha384_init(void *c) { SHA384_Init(c); }
static void sha384_upd(void *c, const void *d, size_t n) { SHA384_Update(c, d, n); }
static void sha384_fin(void *c, uint8_t *o) { SHA384_Final(o, c); }
static void sha384_tr(void *c, const uint8_t *b) { SHA512_Transform(c, b); }
static void sha384_state(const void *c, uint8_t *o) {
    const SHA512_CTX *s = c;
    for (int i = 0; i < 6; i++)
        sp_be64(o + 8 * i, s->h[i]);
}

/* block, out, length-field bytes, SSL 3.0 pad length (RFC 6101: 48 MD5, 40 SHA) */
static const struct sp_hash_vt k_md5 = {64, 16, 8, 48, md5_init, md5_upd, md5_fin, md5_tr, NULL};
static const struct sp_hash_vt k_sha1 = {64, 20, 8, 40, sha1_init, sha1_upd, sha1_fin, sha1_tr, sha1_state};
static const struct sp_hash_vt k_sha256 = {64, 32, 8, 0, sha256_init, sha256_upd, sha256_fin, sha256_tr, sha256_state};
static const struct sp_hash_vt k_sha384 = {128,        48,         16,        0,           sha384_init,
                                           sha384_upd, sha384_fin, sha384_tr, sha384_state};

SP_RESULT sp_mac_init(struct sp_mac *m, enum sp_hash h, bool ssl3, const uint8_t *key, size_t key_len) {
    memset(m, 0, sizeof(*m));
    switch (h) {
    case SP_HASH_MD5: m->vt = &k_md5; break;
    case SP_HASH_SHA1: m->vt = &k_sha1; break;
    case SP_HASH_SHA256: m->vt = &k_sha256; break;
    case SP_HASH_SHA384: m->vt = &k_sha384; break;
    default: BAIL(NTE_NOT_SUPPORTED);
    }
    const struct sp_hash_vt *vt = m->vt;
    ENSURE(key_len == vt->out && key_len <= sizeof(m->key), NTE_INVALID_PARAMETER);
    ENSURE(!ssl3 || vt->ssl3_pad != 0, NTE_NOT_SUPPORTED);
    m->ssl3 = ssl3;
    m->key_len = key_len;
    memcpy(m->key, key, key_len);
    if (ssl3) {
        /* RFC 6101 5.2.3.1: hash(secret || pad_x || ...) with pad_1 = 0x36, pad_2 = 0x5c. */
        uint8_t pad[48];
        vt->init(&m->inner), vt->init(&m->outer);
        vt->update(&m->inner, key, key_len), vt->update(&m->outer, key, key_len);
        memset(pad, 0x36, vt->ssl3_pad);
        vt->update(&m->inner, pad, vt->ssl3_pad);
        memset(pad, 0x5c, vt->ssl3_pad);
        vt->update(&m->outer, pad, vt->ssl3_pad);
        return SP_OK;
    }
    /* RFC 2104: keys here are never longer than a block. */
    uint8_t blk[128];
    vt->init(&m->inner), vt->init(&m->outer);
    memset(blk, 0x36, vt->block);
    for (size_t i = 0; i < key_len; i++)
        blk[i] ^= key[i];
    vt->update(&m->inner, blk, vt->block);
    memset(blk, 0x5c, vt->block);
    for (size_t i = 0; i < key_len; i++)
        blk[i] ^= key[i];
    vt->update(&m->outer, blk, vt->block);
    SP_WIPE_BUF(blk);
    return SP_OK;
}

void sp_mac_clear(struct sp_mac *m) { SP_WIPE_OBJ(m); }

void sp_mac_compute(const struct sp_mac *m, const uint8_t *hdr, size_t hdr_len, const uint8_t *data, size_t n,
                    uint8_t *out) {
    const struct sp_hash_vt *vt = m->vt;
    union sp_hash_ctx c;
    uint8_t inner[64];
    memcpy(&c, &m->inner, sizeof(c));
    vt->update(&c, hdr, hdr_len);
    if (n) vt->update(&c, data, n);
    vt->final(&c, inner);
    memcpy(&c, &m->outer, sizeof(c));
    vt->update(&c, inner, vt->out);
    vt->final(&c, out);
    SP_WIPE_OBJ(&c);
    SP_WIPE_BUF(inner);
}

/* ------------------------------------------------------------------------ */
/* Constant-time digest over a secret length                                */
/* ------------------------------------------------------------------------ */

/* The message after the precomputed state: up to three public pieces (the
 * record header or SSL 3.0 prefix, the plaintext already in the caller's
 * buffer, the decrypted tail); zeros past their end. */
struct ct_part {
    const uint8_t *p;
    size_t len;
};

/* Feed message bytes [0, to) to the hash with ordinary updates. */
static void feed(const struct sp_hash_vt *vt, void *c, const struct ct_part part[3], size_t to) {
    size_t off = 0;
    for (int i = 0; i < 3 && off < to; i++) {
        size_t take = to - off < part[i].len ? to - off : part[i].len;
        if (take) vt->update(c, part[i].p, take);
        off += part[i].len;
    }
}

/* Copy message bytes [from, to) to w (zeros past the pieces).  Public bounds. */
static void gather(const struct ct_part part[3], size_t from, size_t to, uint8_t *w) {
    size_t off = 0;
    memset(w, 0, to - from);
    for (int i = 0; i < 3; i++) {
        size_t a = from > off ? from : off, b = to < off + part[i].len ? to : off + part[i].len;
        if (a < b) memcpy(w + (a - from), part[i].p + (a - off), b - a);
        off += part[i].len;
    }
}

/* 64 bytes at hash positions pos.. of a block: keep the bytes before the
 * secret end total, put 0x80 at total, zero the rest.  Branch-free 32-bit lane
 * arithmetic (positions < 2^31), written so the compiler can vectorise it. */
static void ct_mask64(uint8_t *blk, uint32_t pos, uint32_t total) {
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t d = pos + i - total;
        uint32_t lt = 0 - (d >> 31);              /* pos + i < total */
        uint32_t eq = ((d | (0 - d)) >> 31) - 1u; /* pos + i == total */
        blk[i] = (uint8_t)((blk[i] & lt) | (0x80 & eq));
    }
}

/* Largest window of masked blocks: (255 + 1 + 48 + 16) message bytes plus two
 * blocks of rounding and the length field, for 128-byte blocks. */
#define CT_WINDOW 768

/* ct_digest: the chaining state after hashing base (base_len bytes absorbed, a
 * multiple of the block size) || msg[0..P + n) with the Merkle-Damgard
 * padding, where msg = part[0] || part[1] || part[2], P = part[0].len, n is
 * secret and nmin <= n <= nmax.  Only the blocks that may hold the end of the
 * message depend on n: everything before the block holding position P + nmin
 * goes through the ordinary (full-speed) update; the remaining blocks, at most
 * (nmax - nmin + lenf) / block + 2 of them, are built with masks, all
 * compressed, and the state after the one that holds the length field is
 * selected with a mask (the method of OpenSSL's ssl3_cbc_digest_record,
 * BoringSSL's EVP_tls_cbc_digest_record, BearSSL's br_hmac_outCT).  Work and
 * memory accesses depend only on public values.  Block sizes are powers of two,
 * so secret positions are split with shifts, never a division. */
static void ct_digest(const struct sp_hash_vt *vt, const union sp_hash_ctx *base, size_t base_len,
                      const struct ct_part part[3], size_t n, size_t nmin, size_t nmax, uint8_t *out) {
    const size_t B = vt->block, L = vt->lenf, P = base_len + part[0].len;
    const unsigned sh = B == 128 ? 7 : 6;
    const size_t start = (P + nmin) >> sh << sh;   /* public: first block that may hold the end */
    const size_t end = ((P + nmax + L) >> sh) + 1; /* public: one past the last block that may */
    const size_t nblk = end - (start >> sh);
    union sp_hash_ctx c;
    uint8_t w[CT_WINDOW], st[64];
    memcpy(&c, base, sizeof(c));
    feed(vt, &c, part, start - base_len);
    gather(part, start - base_len, (end << sh) - base_len, w);

    const uint32_t total = (uint32_t)(P + n); /* secret */
    const uint64_t bits = (uint64_t)total * 8;
    const uint32_t fb = (total + (uint32_t)L) >> sh; /* secret: the block with the length field */
    memset(out, 0, vt->out);
    for (size_t b = 0; b < nblk; b++) {
        uint8_t *blk = w + (b << sh);
        const uint32_t bi = (uint32_t)((start >> sh) + b);
        const uint8_t fin = sp_ct_eq8(bi, fb);
        for (size_t h = 0; h < B; h += 64)
            ct_mask64(blk + h, (uint32_t)((bi << sh) + h), total);
        for (size_t i = 0; i < 8; i++) /* big-endian bit length, low 8 bytes of the field */
            blk[B - 1 - i] |= (uint8_t)(bits >> (8 * i)) & fin;
        vt->transform(&c, blk);
        vt->state(&c, st);
        for (size_t j = 0; j < vt->out; j++)
            out[j] |= st[j] & fin;
    }
    SP_WIPE_OBJ(&c);
    sp_wipe(w, nblk << sh);
    SP_WIPE_BUF(st);
}

SP_RESULT sp_mac_compute_ct(const struct sp_mac *m, const uint8_t *hdr, size_t hdr_len, const uint8_t *head,
                            size_t head_len, const uint8_t *tail, size_t tail_len, size_t n, size_t nmin, size_t nmax,
                            uint8_t *out) {
    const struct sp_hash_vt *vt = m->vt;
    ENSURE(vt->state != NULL, NTE_NOT_SUPPORTED); /* MD5 never protects CBC records in the catalogue */
    /* Only the public bounds are checked with a branch.  n (the MAC'd length)
     * depends on the secret padding: it is clamped into [nmin, nmax] with masks
     * (a no-op for every caller, which derives n inside the bounds), so the
     * memory-safety invariant holds without a secret-dependent branch
     * (ctgrind reported the former ENSURE on n). */
    ENSURE(nmin <= nmax && nmax <= head_len + tail_len && nmax - nmin <= 256 && nmax < (1u << 20), NTE_INTERNAL_ERROR);
    {
        uint64_t lo = sp_ct_lt(n, nmin), hi = sp_ct_lt(nmax, n);
        n = (size_t)((nmin & lo) | (nmax & hi) | (n & ~(lo | hi)));
    }
    uint8_t inner[64];
    union sp_hash_ctx c;
    if (m->ssl3) {
        /* SSL 3.0's inner hash is not block-aligned after the key and pad: start
         * from the initial state with key || pad_1 || header as the prefix. */
        uint8_t pre[48 + 48 + 16];
        union sp_hash_ctx init;
        size_t plen = 0;
        memcpy(pre, m->key, m->key_len), plen += m->key_len;
        memset(pre + plen, 0x36, vt->ssl3_pad), plen += vt->ssl3_pad;
        memcpy(pre + plen, hdr, hdr_len), plen += hdr_len;
        vt->init(&init);
        const struct ct_part part[3] = {{pre, plen}, {head, head_len}, {tail, tail_len}};
        ct_digest(vt, &init, 0, part, n, nmin, nmax, inner);
        SP_WIPE_BUF(pre);
        SP_WIPE_OBJ(&init);
    } else {
        const struct ct_part part[3] = {{hdr, hdr_len}, {head, head_len}, {tail, tail_len}};
        ct_digest(vt, &m->inner, vt->block, part, n, nmin, nmax, inner);
    }
    memcpy(&c, &m->outer, sizeof(c));
    vt->update(&c, inner, vt->out);
    vt->final(&c, out);
    SP_WIPE_OBJ(&c);
    SP_WIPE_BUF(inner);
    return SP_OK;
}
