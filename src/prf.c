/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * prf.c - the TLS <= 1.2 PRFs without heap allocation:
 *   - TLS 1.2 P_hash (RFC 5246 section 5) for SHA-224/256/384/512 (and MD5/SHA-1
 *     as building blocks);
 *   - TLS 1.0/1.1 PRF = P_MD5(S1, ...) XOR P_SHA-1(S2, ...) (RFC 2246 section 5);
 *   - the SSL 3.0 KDF (RFC 6101 sections 6.1 and 6.2.2).
 *
 * Why not EVP_KDF "TLS1-PRF": every derive allocates a context, duplicates the
 * secret and re-keys HMAC through EVP_MD_CTX_copy, which costs several times the
 * hash work itself.  Here the HMAC inner and outer states (key XOR ipad/opad,
 * RFC 2104 section 2) are hashed once per secret into libcrypto's low-level
 * SHA256_CTX / SHA512_CTX / SHA_CTX / MD5_CTX, and each HMAC copies the small
 * struct.  The hash compressions stay libcrypto's; only the HMAC composition is
 * ours, and tests/test_prf.c checks it against EVP_KDF on random inputs.
 *
 * The low-level digest API is deprecated in OpenSSL 3 but is still part of
 * libcrypto; the deprecation warning is suppressed in this file only.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "internal.h"

#include <openssl/md5.h>
#include <openssl/sha.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* P_hash over one hash, generated per hash so that every call is direct and
 * inlinable (a function-pointer table would cost a call per block).
 *
 *   HMAC(K, m)  = H((K' ^ opad) || H((K' ^ ipad) || m))        RFC 2104
 *   A(0) = seed, A(i) = HMAC(secret, A(i-1))
 *   P_hash = HMAC(secret, A(1) || seed) || HMAC(secret, A(2) || seed) || ...
 *                                                             RFC 5246 section 5
 * seed = the concatenation of the parts (label first).  With xor set the output
 * is XORed into out (the second half of the TLS 1.0 PRF). */
#define SP_PHASH_DEFINE(NAME, CTX, INIT, UPDATE, FINAL, DLEN, BLEN)                                                    \
    struct NAME##_hmac {                                                                                               \
        CTX in, out;                                                                                                   \
    };                                                                                                                 \
    static void NAME##_hmac_init(struct NAME##_hmac *h, const uint8_t *key, size_t len) {                              \
        uint8_t k[BLEN];                                                                                               \
        memset(k, 0, sizeof(k));                                                                                       \
        if (len > BLEN) { /* RFC 2104: keys longer than the block are hashed first */                                  \
            CTX c;                                                                                                     \
            INIT(&c);                                                                                                  \
            UPDATE(&c, key, len);                                                                                      \
            FINAL(k, &c);                                                                                              \
            SP_WIPE_OBJ(&c);                                                                                           \
        } else if (len > 0) {                                                                                          \
            memcpy(k, key, len);                                                                                       \
        }                                                                                                              \
        for (size_t i = 0; i < BLEN; i++)                                                                              \
            k[i] ^= 0x36;                                                                                              \
        INIT(&h->in);                                                                                                  \
        UPDATE(&h->in, k, BLEN);                                                                                       \
        for (size_t i = 0; i < BLEN; i++)                                                                              \
            k[i] ^= 0x36 ^ 0x5c;                                                                                       \
        INIT(&h->out);                                                                                                 \
        UPDATE(&h->out, k, BLEN);                                                                                      \
        SP_WIPE_BUF(k);                                                                                                \
    }                                                                                                                  \
    /* c holds the inner hash after the message: finish HMAC into out. */                                              \
    static inline void NAME##_hmac_final(const struct NAME##_hmac *h, CTX *c, uint8_t out[DLEN]) {                     \
        FINAL(out, c);                                                                                                 \
        *c = h->out;                                                                                                   \
        UPDATE(c, out, DLEN);                                                                                          \
        FINAL(out, c);                                                                                                 \
    }                                                                                                                  \
    static void NAME##_phash_keyed(const struct NAME##_hmac *h, const struct sp_prf_part *parts, size_t nparts,        \
                                   uint8_t *out, size_t out_len, bool xor) {                                           \
        CTX c;                                                                                                         \
        uint8_t a[DLEN], b[DLEN];                                                                                      \
        c = h->in; /* A(1) = HMAC(secret, seed) */                                                                     \
        for (size_t i = 0; i < nparts; i++)                                                                            \
            if (parts[i].len) UPDATE(&c, parts[i].ptr, parts[i].len);                                                  \
        NAME##_hmac_final(h, &c, a);                                                                                   \
        for (size_t off = 0;;) {                                                                                       \
            c = h->in; /* HMAC(secret, A(i) || seed) */                                                                \
            UPDATE(&c, a, DLEN);                                                                                       \
            for (size_t i = 0; i < nparts; i++)                                                                        \
                if (parts[i].len) UPDATE(&c, parts[i].ptr, parts[i].len);                                              \
            NAME##_hmac_final(h, &c, b);                                                                               \
            size_t take = out_len - off < DLEN ? out_len - off : DLEN;                                                 \
            if (xor)                                                                                                   \
                for (size_t i = 0; i < take; i++)                                                                      \
                    out[off + i] ^= b[i];                                                                              \
            else                                                                                                       \
                memcpy(out + off, b, take);                                                                            \
            off += take;                                                                                               \
            if (off == out_len) break;                                                                                 \
            c = h->in; /* A(i+1) = HMAC(secret, A(i)) */                                                               \
            UPDATE(&c, a, DLEN);                                                                                       \
            NAME##_hmac_final(h, &c, a);                                                                               \
        }                                                                                                              \
        SP_WIPE_OBJ(&c);                                                                                               \
        SP_WIPE_BUF(a);                                                                                                \
        SP_WIPE_BUF(b);                                                                                                \
    }                                                                                                                  \
    __attribute__((unused)) static void NAME##_phash(const uint8_t *secret, size_t secret_len,                         \
                                                     const struct sp_prf_part *parts, size_t nparts, uint8_t *out,     \
                                                     size_t out_len, bool xor) {                                       \
        struct NAME##_hmac h;                                                                                          \
        NAME##_hmac_init(&h, secret, secret_len);                                                                      \
        NAME##_phash_keyed(&h, parts, nparts, out, out_len, xor);                                                      \
        SP_WIPE_OBJ(&h);                                                                                               \
    }

SP_PHASH_DEFINE(md5, MD5_CTX, MD5_Init, MD5_Update, MD5_Final, MD5_DIGEST_LENGTH, MD5_CBLOCK)
SP_PHASH_DEFINE(sha1, SHA_CTX, SHA1_Init, SHA1_Update, SHA1_Final, SHA_DIGEST_LENGTH, SHA_CBLOCK)
SP_PHASH_DEFINE(sha224, SHA256_CTX, SHA224_Init, SHA224_Update, SHA224_Final, SHA224_DIGEST_LENGTH, SHA256_CBLOCK)
SP_PHASH_DEFINE(sha256, SHA256_CTX, SHA256_Init, SHA256_Update, SHA256_Final, SHA256_DIGEST_LENGTH, SHA256_CBLOCK)
SP_PHASH_DEFINE(sha384, SHA512_CTX, SHA384_Init, SHA384_Update, SHA384_Final, SHA384_DIGEST_LENGTH, SHA512_CBLOCK)
SP_PHASH_DEFINE(sha512, SHA512_CTX, SHA512_Init, SHA512_Update, SHA512_Final, SHA512_DIGEST_LENGTH, SHA512_CBLOCK)

/* P_SHA256 fast path for seeds of at most FAST_SEED bytes (every TLS 1.2
 * key-block, master-secret, extended-master-secret and Finished seed).
 * Every message this P_hash hashes has a length fixed by the seed, so its
 * padded final blocks are built once per call and each HMAC is two or three
 * SHA256_Transform calls on prepared blocks; SHA256_Update/Final's per-call
 * buffering, padding and cleansing (about a quarter of the generic path's
 * time outside the compressions) disappear.  The compressions remain
 * libcrypto's; what is ours is the FIPS 180-4 section 5.1.1 padding
 * (0x80, zeros, 64-bit big-endian bit length) and reading the chaining value
 * as the digest (section 6.2.2 step 4), as record_mac.c does for the
 * constant-time MAC.  tests/test_prf.c compares it with EVP_KDF on every seed
 * length around the block boundaries and on random inputs. */
#define FAST_SEED 87 /* 32 + 87 + 9 = 128: A(i) || seed still fits two blocks */

/* Pad a message of m bytes (already at buf) that follows `prior` bytes of
 * earlier input; returns the number of 64-byte blocks. */
static size_t sha256_pad(uint8_t *buf, size_t m, size_t prior) {
    size_t nb = (m + 9 + 63) / 64;
    buf[m] = 0x80;
    memset(buf + m + 1, 0, nb * 64 - m - 9);
    sp_be64(buf + nb * 64 - 8, (uint64_t)(prior + m) * 8);
    return nb;
}

/* The chaining value as the digest bytes (FIPS 180-4 section 6.2.2 step 4:
 * big-endian words), minding store forwarding on both sides: libcrypto's
 * block function has just written h with eight 4-byte stores, so h is read
 * with 4-byte loads (a 16-byte load over them would wait for the stores to
 * retire); the next compression reads out as its next block with 16-byte
 * loads, so out is written with two 16-byte stores (SSE2, the x86-64
 * baseline), not eight 4-byte ones. */
static inline void sha256_state_bytes(const uint32_t h[8], uint8_t out[32]) {
#if defined(__SSE2__)
    for (int i = 0; i < 2; i++) {
        uint32_t w0 = __builtin_bswap32(h[4 * i]), w1 = __builtin_bswap32(h[4 * i + 1]);
        uint32_t w2 = __builtin_bswap32(h[4 * i + 2]), w3 = __builtin_bswap32(h[4 * i + 3]);
        /* Keeps the compiler from merging the four loads into one 16-byte load. */
        __asm__("" : "+r"(w0), "+r"(w1), "+r"(w2), "+r"(w3));
        _mm_storeu_si128((__m128i *)(void *)(out + 16 * i), _mm_set_epi32((int)w3, (int)w2, (int)w1, (int)w0));
    }
#else
    for (int i = 0; i < 8; i++)
        sp_be32(out + 4 * i, h[i]);
#endif
}

/* Run nb prepared blocks from a saved state (only its chaining value matters:
 * the blocks are complete) in the scratch context c; out = the chaining value
 * in big-endian bytes.  Several blocks go to libcrypto in one SHA256_Update on
 * an empty buffer (c->num == 0, whole blocks: no buffering, no padding), which
 * hands them to its block function in one call; its AVX2 code schedules the
 * message words of two blocks together, about 8 % faster per block pair than
 * two SHA256_Transform calls on this machine.  The byte count Update keeps is
 * never used: the padding is ours. */
static void sha256_blocks(SHA256_CTX *c, const SHA256_CTX *from, const uint8_t *blocks, size_t nb, uint8_t out[32]) {
    memcpy(c->h, from->h, sizeof(c->h));
    if (nb == 1)
        SHA256_Transform(c, blocks);
    else
        SHA256_Update(c, blocks, 64 * nb);
    sha256_state_bytes(c->h, out);
}

/* HMAC over a prepared inner message; obuf = digest slot || padding for 96
 * bytes (the outer message is 32 bytes after the 64-byte opad block). */
static void sha256_hmac_blocks(SHA256_CTX *c, const struct sha256_hmac *h, const uint8_t *blocks, size_t nb,
                               uint8_t obuf[64], uint8_t out[32]) {
    sha256_blocks(c, &h->in, blocks, nb, obuf);
    sha256_blocks(c, &h->out, obuf, 1, out);
}

static void sha256_phash_fast(const struct sha256_hmac *h, const struct sp_prf_part *parts, size_t nparts,
                              size_t seed_len, uint8_t *out, size_t out_len) {
    SHA256_CTX c;
    /* o = 32-byte slot (padded), the inner digest before each outer hash;
     * b = a last partial output block; x = A(i) || seed (padded), A(i) at its
     * head.  These three hold everything secret-derived outside c and are
     * adjacent (byte arrays: no padding), so one wipe covers them.  y = seed
     * (padded), public. */
    struct sha256_phash_scratch {
        uint8_t o[64], b[32], x[128];
    } w;
    uint8_t y[128];
    size_t off = 0;
    for (size_t i = 0; i < nparts; i++) {
        if (parts[i].len) memcpy(y + off, parts[i].ptr, parts[i].len);
        off += parts[i].len;
    }
    memcpy(w.x + 32, y, seed_len);
    const size_t nx = sha256_pad(w.x, 32 + seed_len, 64), ny = sha256_pad(y, seed_len, 64);
    sha256_pad(w.o, 32, 64);
    c.num = 0;                                  /* sha256_blocks feeds whole blocks only */
    sha256_hmac_blocks(&c, h, y, ny, w.o, w.x); /* A(1) = HMAC(secret, seed) */
    for (size_t done = 0;;) {
        /* HMAC(secret, A(i) || seed), straight into out when a whole block fits */
        size_t take = out_len - done < 32 ? out_len - done : 32;
        sha256_hmac_blocks(&c, h, w.x, nx, w.o, take == 32 ? out + done : w.b);
        if (take < 32) memcpy(out + done, w.b, take);
        done += take;
        if (done == out_len) break;
        memcpy(w.o, w.x, 32); /* A(i+1) = HMAC(secret, A(i)): inner message = A(i) in o */
        sha256_hmac_blocks(&c, h, w.o, 1, w.o, w.x);
    }
    SP_WIPE_BUF(c.h);
    sp_wipe(&w, offsetof(struct sha256_phash_scratch, x) + 32); /* o, b and A(i) at the head of x */
}

/* P_SHA256: the fast path when the seed allows it, else the generic one. */
static void sha256_phash_keyed_any(const struct sha256_hmac *h, const struct sp_prf_part *parts, size_t nparts,
                                   uint8_t *out, size_t out_len) {
    size_t seed_len = 0;
    for (size_t i = 0; i < nparts; i++)
        seed_len += parts[i].len;
    if (seed_len <= FAST_SEED && out_len > 0)
        sha256_phash_fast(h, parts, nparts, seed_len, out, out_len);
    else
        sha256_phash_keyed(h, parts, nparts, out, out_len, false);
}

/* SSL 3.0 KDF, RFC 6101 section 6.2.2:
 *   MD5(secret || SHA(salt_i || secret || seed)), salt_i = 'A', 'BB', 'CCC', ...
 * The salt runs out after 26 blocks (416 bytes); no SSL 3.0 use needs more. */
#define SSL3_MAX_OUT (26 * MD5_DIGEST_LENGTH)

static void ssl3_kdf(const uint8_t *secret, size_t secret_len, const struct sp_prf_part *seed, size_t nseed,
                     uint8_t *out, size_t out_len) {
    MD5_CTX md5_secret, md5;
    SHA_CTX sha;
    uint8_t salt[26], inner[SHA_DIGEST_LENGTH], block[MD5_DIGEST_LENGTH];
    MD5_Init(&md5_secret); /* MD5(secret || ...) starts the same for every block */
    if (secret_len) MD5_Update(&md5_secret, secret, secret_len);
    for (size_t i = 0, off = 0; off < out_len; i++) {
        memset(salt, 'A' + (int)i, i + 1);
        SHA1_Init(&sha);
        SHA1_Update(&sha, salt, i + 1);
        if (secret_len) SHA1_Update(&sha, secret, secret_len);
        for (size_t j = 0; j < nseed; j++)
            if (seed[j].len) SHA1_Update(&sha, seed[j].ptr, seed[j].len);
        SHA1_Final(inner, &sha);
        md5 = md5_secret;
        MD5_Update(&md5, inner, sizeof(inner));
        MD5_Final(block, &md5);
        size_t take = out_len - off < sizeof(block) ? out_len - off : sizeof(block);
        memcpy(out + off, block, take);
        off += take;
    }
    SP_WIPE_OBJ(&md5_secret);
    SP_WIPE_OBJ(&md5);
    SP_WIPE_OBJ(&sha);
    SP_WIPE_BUF(inner);
    SP_WIPE_BUF(block);
}

SP_RESULT sp_prf_parts(enum sp_hash prf, bool ssl3, const uint8_t *secret, size_t secret_len,
                       const struct sp_prf_part *parts, size_t nparts, uint8_t *out, size_t out_len) {
    ENSURE(secret != NULL || secret_len == 0, NTE_INVALID_PARAMETER);
    ENSURE(out != NULL || out_len == 0, NTE_INVALID_PARAMETER);
    if (out_len == 0) return SP_OK;
    if (ssl3) {
        /* RFC 6101 has no label: parts[0] is the label and is skipped. */
        ENSURE(out_len <= SSL3_MAX_OUT, NTE_INVALID_PARAMETER);
        ssl3_kdf(secret, secret_len, nparts ? parts + 1 : parts, nparts ? nparts - 1 : 0, out, out_len);
        return SP_OK;
    }
    switch (prf) {
    case SP_HASH_MD5SHA1: {
        /* RFC 2246 section 5: S1 is the first, S2 the last ceil(len/2) bytes of the
         * secret (they share the middle byte when len is odd). */
        size_t half = (secret_len + 1) / 2;
        md5_phash(secret, half, parts, nparts, out, out_len, false);
        sha1_phash(secret + (secret_len - half), half, parts, nparts, out, out_len, true);
        return SP_OK;
    }
    case SP_HASH_MD5: md5_phash(secret, secret_len, parts, nparts, out, out_len, false); return SP_OK;
    case SP_HASH_SHA1: sha1_phash(secret, secret_len, parts, nparts, out, out_len, false); return SP_OK;
    case SP_HASH_SHA224: sha224_phash(secret, secret_len, parts, nparts, out, out_len, false); return SP_OK;
    case SP_HASH_SHA256: {
        struct sha256_hmac h;
        sha256_hmac_init(&h, secret, secret_len);
        sha256_phash_keyed_any(&h, parts, nparts, out, out_len);
        SP_WIPE_OBJ(&h);
        return SP_OK;
    }
    case SP_HASH_SHA384: sha384_phash(secret, secret_len, parts, nparts, out, out_len, false); return SP_OK;
    case SP_HASH_SHA512: sha512_phash(secret, secret_len, parts, nparts, out, out_len, false); return SP_OK;
    default: BAIL(NTE_NOT_SUPPORTED);
    }
}

SP_RESULT sp_prf(enum sp_hash prf, bool ssl3, const uint8_t *secret, size_t secret_len, const char *label,
                 const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out,
                 size_t out_len) {
    struct sp_prf_part parts[3] = {
        {(const uint8_t *)label, label ? strlen(label) : 0},
        {seed1, seed1_len},
        {seed2, seed2_len},
    };
    ENSURE(seed1 != NULL || seed1_len == 0, NTE_INVALID_PARAMETER);
    ENSURE(seed2 != NULL || seed2_len == 0, NTE_INVALID_PARAMETER);
    return sp_prf_parts(prf, ssl3, secret, secret_len, parts, 3, out, out_len);
}

/* ------------------------------------------------------------------------ */
/* Keyed PRF: HMAC states computed once per secret (per master key)          */
/* ------------------------------------------------------------------------ */

union prf_key_state {
    struct sha256_hmac s256;
    struct sha384_hmac s384;
    struct sha512_hmac s512;
    struct sha224_hmac s224;
    struct {
        struct md5_hmac md5;
        struct sha1_hmac sha1;
    } md5sha1;
};
_Static_assert(sizeof(union prf_key_state) <= sizeof(((struct sp_prf_key *)0)->state), "sp_prf_key state too small");
_Static_assert(_Alignof(union prf_key_state) <= 16, "sp_prf_key state alignment");

SP_RESULT sp_prf_key_init(struct sp_prf_key *k, enum sp_hash prf, const uint8_t *secret, size_t secret_len) {
    union prf_key_state *st = (union prf_key_state *)k->state;
    ENSURE(secret != NULL || secret_len == 0, NTE_INVALID_PARAMETER);
    k->prf = prf;
    switch (prf) {
    case SP_HASH_MD5SHA1: {
        size_t half = (secret_len + 1) / 2; /* RFC 2246 section 5 */
        md5_hmac_init(&st->md5sha1.md5, secret, half);
        sha1_hmac_init(&st->md5sha1.sha1, secret + (secret_len - half), half);
        return SP_OK;
    }
    case SP_HASH_SHA224: sha224_hmac_init(&st->s224, secret, secret_len); return SP_OK;
    case SP_HASH_SHA256: sha256_hmac_init(&st->s256, secret, secret_len); return SP_OK;
    case SP_HASH_SHA384: sha384_hmac_init(&st->s384, secret, secret_len); return SP_OK;
    case SP_HASH_SHA512: sha512_hmac_init(&st->s512, secret, secret_len); return SP_OK;
    default: k->prf = SP_HASH_NONE; BAIL(NTE_NOT_SUPPORTED);
    }
}

SP_RESULT sp_prf_keyed(const struct sp_prf_key *k, const struct sp_prf_part *parts, size_t nparts, uint8_t *out,
                       size_t out_len) {
    const union prf_key_state *st = (const union prf_key_state *)k->state;
    ENSURE(out != NULL || out_len == 0, NTE_INVALID_PARAMETER);
    if (out_len == 0) return SP_OK;
    switch (k->prf) {
    case SP_HASH_MD5SHA1:
        md5_phash_keyed(&st->md5sha1.md5, parts, nparts, out, out_len, false);
        sha1_phash_keyed(&st->md5sha1.sha1, parts, nparts, out, out_len, true);
        return SP_OK;
    case SP_HASH_SHA224: sha224_phash_keyed(&st->s224, parts, nparts, out, out_len, false); return SP_OK;
    case SP_HASH_SHA256: sha256_phash_keyed_any(&st->s256, parts, nparts, out, out_len); return SP_OK;
    case SP_HASH_SHA384: sha384_phash_keyed(&st->s384, parts, nparts, out, out_len, false); return SP_OK;
    case SP_HASH_SHA512: sha512_phash_keyed(&st->s512, parts, nparts, out, out_len, false); return SP_OK;
    default: BAIL(NTE_NOT_SUPPORTED);
    }
}
