/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record.h - record protection keys and SslEncryptPacket / SslDecryptPacket
 * (record.c, record_mac.c, record_cbc.c, record_aead.c).
 *
 * sslprov decisions (where Windows is silent; reference section 11 items 1-5):
 * - Layout: encrypt writes header (5 bytes TLS, 13 DTLS) || explicit IV/nonce
 *   || protected payload; decrypt takes one whole record and returns the
 *   plaintext only (TLS 1.3: content || inner type, zero padding removed).
 *   pbOutput NULL is a size query: encrypt returns the exact record size,
 *   decrypt the largest plaintext the record can carry (CBC: payload - IV -
 *   MAC - 1), and cbOutput must be at least that bound (NTE_BUFFER_TOO_SMALL
 *   with the bound in *pcbResult otherwise).
 * - In place: encrypt pbInput == pbOutput + dwHeaderLen; decrypt pbOutput ==
 *   pbInput + dwHeaderLen or pbOutput == pbInput; any other overlap is
 *   NTE_BUFFERS_OVERLAP.
 * - Limits: plaintext over 2^14 on encrypt is NTE_BAD_LEN.  Decrypt: a record
 *   shorter than its header, with a payload over 2^14 + 2048 (TLS 1.3: 2^14 +
 *   256), a length field that does not match cbInput, a type outside 20..23
 *   (TLS 1.3 outer type: 23 only), a version other than the key's (TLS 1.3:
 *   0x0303), a DTLS epoch || sequence other than SequenceNumber, a CBC payload
 *   that is not whole blocks or too short for the MAC, or a verified plaintext
 *   over 2^14 is NTE_BAD_DATA.  dwContentType outside 20..23 on encrypt is
 *   NTE_INVALID_PARAMETER.
 * - Bad MAC, bad CBC padding and bad AEAD tag are NTE_DECRYPTION_FAILURE, one
 *   code and one timing; nothing is left in pbOutput and *pcbResult is 0.
 * - Direction: a TLS <= 1.2 read key cannot encrypt and a write key cannot
 *   decrypt (NTE_INVALID_HANDLE); TLS 1.3 keys (SslExpandWriteKey) do both.
 * - State: SSL 3.0 / TLS 1.0 CBC keys carry the chained IV, RC4 keys the key
 *   stream; a successful call advances it.  A failed CBC decryption leaves the
 *   chained IV unchanged (RC4's key stream has advanced: the connection is dead
 *   anyway, RFC 5246 7.2.2).
 * - Threads: different keys work concurrently.  One key used from two threads
 *   at once works: calls on a key are serialised by the key object's lock.
 * - RC4 and DES need OpenSSL's legacy provider, loaded at run time into a
 *   private library context; without it creating such a key is
 *   NTE_NOT_SUPPORTED.
 */
#ifndef SSLPROV_SRC_RECORD_H
#define SSLPROV_SRC_RECORD_H

struct sp_record_lengths {
    size_t header;      /* record header + explicit IV/nonce */
    size_t trailer;     /* MAC or tag */
    size_t max_padding; /* CBC: up to block_len bytes including the length byte */
    bool block_padding;
};
/* The record overhead of (protocol, suite): the single source of truth for
 * SslLookupCipherLengths and the record code (suites.c). */
void sp_record_overhead(DWORD protocol, const struct sp_suite *s, struct sp_record_lengths *out);

#define SP_RECORD_MAX_MAC 48
#define SP_RECORD_MAX_KEY 32
#define SP_RECORD_MAX_IV  16

/* The key material of a record key for (protocol, suite): MAC key, cipher key
 * and fixed IV lengths, the key block's parts (RFC 5246 6.3; TLS 1.1+ CBC
 * has no IV there; TLS 1.3: key and 12-byte iv, RFC 8446 7.3). */
struct sp_record_material {
    uint8_t mac, key, iv;
};
void sp_record_material_lengths(DWORD protocol, const struct sp_suite *s, struct sp_record_material *out);

/* flags (fixed at creation) */
#define SP_RK_WRITE      0x01u /* TLS <= 1.2: a SslEncryptPacket key (TLS 1.3 keys do both) */
#define SP_RK_SERVER     0x02u /* owner: server_write_* (else client_write_*) */
#define SP_RK_KIND_SHIFT 2     /* 2 bits: 1 MAC-then-encrypt, 2 TLS 1.2 AEAD, 3 TLS 1.3 */
#define SP_RK_KIND_MASK  (3u << SP_RK_KIND_SHIFT)
#define SP_RK_SEQ        0x10u /* the tail starts with the next sequence number (GCM write keys) */
#define SP_RK_MTE        0x20u /* the tail holds struct sp_rec_mte (MAC-then-encrypt suites) */

/* A record-protection key: one direction of one connection (TLS 1.3: both).
 * A server holds two per connection, so every byte counts (issue #16 item 1:
 * <= 1.05 x a bare keyed EVP_CIPHER_CTX): the suite is an index, the lengths
 * follow from (protocol, suite), flags are bits, and the key material is sized
 * to the suite in a tail allocated with the object (56 bytes for AES-128-GCM).
 * The key bytes stay after the cipher context is keyed: an opaque export after
 * use (Schannel hands a live connection's keys from its handshake process to
 * the application's) needs them.  Tail layout, from tail[0]:
 *   [next sequence number, 8 bytes: SP_RK_SEQ]
 *   [struct sp_rec_mte at the next 8-byte boundary: SP_RK_MTE (MAC key and
 *    states, test IV)]
 *   key || iv at tail + off (the TLS 1.0 / SSL 3.0 CBC iv is the chained IV). */
struct sp_record_key {
    struct sp_object obj; /* 12 bytes */
    uint16_t protocol;
    uint8_t suite;        /* index in the suite table (sp_suite_at) */
    uint8_t flags;        /* SP_RK_* */
    EVP_CIPHER_CTX *cctx; /* keyed on the first record; NULL before, and for the NULL cipher */
    atomic_bool busy;     /* the key's lock (sp_record_lock) */
    uint8_t state;        /* SP_RS_* (record_int.h), under the lock */
    uint16_t off;         /* offset of key || iv in tail */
    uint8_t tail[];
};

static inline const struct sp_suite *sp_rk_suite(const struct sp_record_key *k) { return sp_suite_at(k->suite); }
static inline const struct sp_cipher_info *sp_rk_ci(const struct sp_record_key *k) {
    return sp_cipher_info((enum sp_cipher)sp_rk_suite(k)->cipher);
}
static inline bool sp_rk_for_write(const struct sp_record_key *k) { return (k->flags & SP_RK_WRITE) != 0; }
static inline DWORD sp_rk_owner(const struct sp_record_key *k) {
    return (k->flags & SP_RK_SERVER) ? NCRYPT_SSL_SERVER_FLAG : NCRYPT_SSL_CLIENT_FLAG;
}
static inline int sp_rk_kind(const struct sp_record_key *k) { return (k->flags & SP_RK_KIND_MASK) >> SP_RK_KIND_SHIFT; }
static inline uint8_t *sp_rk_key(struct sp_record_key *k) { return k->tail + k->off; }
static inline const uint8_t *sp_rk_key_c(const struct sp_record_key *k) { return k->tail + k->off; }
static inline void sp_rk_lengths(const struct sp_record_key *k, struct sp_record_material *l) {
    sp_record_material_lengths(k->protocol, sp_rk_suite(k), l);
}

/* sp_record_key_new makes an unpublished record key from key-block parts,
 * whose lengths must be sp_record_material_lengths' (NTE_INVALID_PARAMETER). */
SP_RESULT sp_record_key_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD owner,
                            bool for_write, const uint8_t *mac_key, size_t mac_len, const uint8_t *key, size_t key_len,
                            const uint8_t *iv, size_t iv_len, struct sp_record_key **out);

/* The key's material as mac_key || key || iv (its current state: the chained
 * IV of a TLS 1.0 CBC key moves with each record), read under the key's lock;
 * out has room for l's sum.  For the export paths only. */
void sp_record_key_material(struct sp_record_key *k, uint8_t *out, struct sp_record_material *l);

/* The key's lock (the spinlock k->busy): records run under it, and anything
 * reading key material the records change (the TLS 1.0 chained IV after the
 * key in the tail) must hold it too.  Short critical sections only. */
void sp_record_lock(struct sp_record_key *k);
void sp_record_unlock(struct sp_record_key *k);

/* TEST ONLY (never reached from the public API): the next CBC record sealed
 * with k uses iv as its explicit IV instead of a random one, so known-answer
 * records with recorded IVs can be reproduced. */
SP_RESULT sp_record_test_set_explicit_iv(struct sp_record_key *k, const uint8_t *iv, size_t len);

#endif
