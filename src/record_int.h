/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record_int.h - private to the record files (record*.c): per-key state, MACs,
 * constant-time helpers and the per-mode seal/open functions.
 */
#ifndef SSLPROV_SRC_RECORD_INT_H
#define SSLPROV_SRC_RECORD_INT_H

#include <openssl/md5.h>
#include <openssl/sha.h>

/* sp_ct_barrier hides a value from the optimiser (BoringSSL's value_barrier):
 * without it gcc merges the loop counter with the secret operand of a
 * comparison (e.g. computes &p[L - 1 - i] as (p + L - pad) + (pad - 1 - i)),
 * which is still the same address but makes every address depend on the
 * secret as far as a checker (valgrind ctgrind) can tell, and is one
 * optimisation away from a real secret-dependent access. */
static inline uint64_t sp_ct_barrier(uint64_t x) {
    __asm__("" : "+r"(x));
    return x;
}

/* Constant-time predicates (BearSSL inner.h style): all-ones if true. */
static inline uint64_t sp_ct_lt(uint64_t a, uint64_t b) {
    a = sp_ct_barrier(a), b = sp_ct_barrier(b);
    return 0 - ((a ^ ((a ^ b) | ((a - b) ^ b))) >> 63);
}
static inline uint64_t sp_ct_eq(uint64_t a, uint64_t b) {
    uint64_t x = sp_ct_barrier(a) ^ sp_ct_barrier(b);
    return ((x | (0 - x)) >> 63) - 1;
}
static inline uint8_t sp_ct_lt8(uint64_t a, uint64_t b) { return (uint8_t)sp_ct_lt(a, b); }
static inline uint8_t sp_ct_eq8(uint64_t a, uint64_t b) { return (uint8_t)sp_ct_eq(a, b); }

union sp_hash_ctx {
    MD5_CTX md5;
    SHA_CTX sha1;
    SHA256_CTX sha256;
    SHA512_CTX sha512;
};

struct sp_hash_vt {
    size_t block, out, lenf, ssl3_pad;
    void (*init)(void *c);
    void (*update)(void *c, const void *d, size_t n);
    void (*final)(void *c, uint8_t *out);
    void (*transform)(void *c, const uint8_t *blk);
    void (*state)(const void *c, uint8_t *out); /* chaining state as digest bytes; NULL: no CT support */
};

/* A record MAC with precomputed inner/outer states (no allocation per record). */
struct sp_mac {
    const struct sp_hash_vt *vt;
    bool ssl3;
    size_t key_len;
    uint8_t key[48];
    union sp_hash_ctx inner, outer;
};

SP_RESULT sp_mac_init(struct sp_mac *m, enum sp_hash h, bool ssl3, const uint8_t *key, size_t key_len);
void sp_mac_clear(struct sp_mac *m);
/* MAC of hdr || data (n public). */
void sp_mac_compute(const struct sp_mac *m, const uint8_t *hdr, size_t hdr_len, const uint8_t *data, size_t n,
                    uint8_t *out);
/* MAC of hdr || data[0..n) in constant time for a secret n in [nmin, nmax]
 * (nmax - nmin <= 256), where data = head[0..head_len) || tail[0..tail_len)
 * (both readable in full; head_len public).  Used by CBC decryption. */
SP_RESULT sp_mac_compute_ct(const struct sp_mac *m, const uint8_t *hdr, size_t hdr_len, const uint8_t *head,
                            size_t head_len, const uint8_t *tail, size_t tail_len, size_t n, size_t nmin, size_t nmax,
                            uint8_t *out);

/* Largest protected payloads: RFC 5246 6.2.3 (2^14 + 2048), RFC 8446 5.2 (2^14 + 256). */
#define SP_REC_MAX_PLAIN 16384u
#define SP_REC_MAX_CT12  (16384u + 2048u)
#define SP_REC_MAX_CT13  (16384u + 256u)
/* heartbeat (RFC 6520): a record type Windows lets SslEncryptPacket write */
#define SP_CT_HEARTBEAT 24u
/* CBC decryption: the last SP_REC_CBC_TAIL bytes of a record (those that may
 * hold padding and MAC, plus a hash block and a cipher block of slack) are
 * decrypted to the stack; everything before goes straight to the caller's
 * buffer.  >= 256 + 48 + 128 + 16 and a multiple of every block size. */
#define SP_REC_CBC_TAIL 448u

/* state bits of a record key (under its lock) */
#define SP_RS_READY   0x01u /* cipher context built (sp_rec_prepare) */
#define SP_RS_SYNCED  0x02u /* libcrypto's TLS-mode nonce state is loaded (record_aead.c) */
#define SP_RS_TEST_IV 0x04u /* MAC-then-encrypt: mte->test_iv is the next explicit IV */
#define SP_RS_DECRYPT 0x08u /* the context is keyed for decryption (sp_rec_prepare) */

/* The MAC-then-encrypt part of a record key (SP_RK_MTE), in its tail: the
 * keyed MAC states are built with the key (two hash compressions), so an
 * AEAD key, the common case, never carries them. */
struct sp_rec_mte {
    struct sp_mac mac;
    uint8_t test_iv[SP_RECORD_MAX_IV]; /* written before read (under SP_RS_TEST_IV) */
};
/* Its offset in the tail: the first 8-byte boundary (the hash contexts hold
 * 64-bit words). */
#define SP_RK_MTE_OFF ((8 - offsetof(struct sp_record_key, tail) % 8) % 8)
static inline struct sp_rec_mte *sp_rk_mte(struct sp_record_key *k) {
    return (struct sp_rec_mte *)(void *)(k->tail + SP_RK_MTE_OFF);
}
/* GCM write keys: the sequence number the context's invocation counter holds
 * (valid under SP_RS_SYNCED). */
static inline uint64_t sp_rk_next_seq(const struct sp_record_key *k) {
    uint64_t v;
    memcpy(&v, k->tail, 8);
    return v;
}
static inline void sp_rk_set_next_seq(struct sp_record_key *k, uint64_t v) { memcpy(k->tail, &v, 8); }

/* sp_rec_prepare builds the keyed cipher context on a key's first record
 * (call under the key's lock; idempotent) for direction enc (TLS <= 1.2 keys
 * have their own).  The mode functions below assume it. */
SP_RESULT sp_rec_prepare(struct sp_record_key *k, bool enc);

/* What the mode functions get: the parsed/planned record. */
struct sp_rec_args {
    uint64_t seq;
    uint8_t type;
    uint16_t version; /* wire version of the record header */
};

/* Mode functions run under the key's lock.  Seal writes the protected payload
 * (explicit IV/nonce || ciphertext || MAC/tag) at out; open reads the payload
 * (after the record header) and writes the plaintext at out, or nothing. */
SP_RESULT sp_rec_cbc_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                          uint8_t *out);
SP_RESULT sp_rec_cbc_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                          uint8_t *out, size_t *out_len);
SP_RESULT sp_rec_aead_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                           uint8_t *out);
SP_RESULT sp_rec_aead_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                           uint8_t *out, size_t *out_len);
SP_RESULT sp_rec_tls13_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                            uint8_t *out);
SP_RESULT sp_rec_tls13_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                            uint8_t *out, size_t *out_len);

/* The 13-byte MAC / AAD header of RFC 5246 6.2.3.1 (SSL 3.0: 11 bytes, no version). */
size_t sp_rec_mac_header(const struct sp_record_key *k, const struct sp_rec_args *a, size_t len, uint8_t out[13]);

#endif
