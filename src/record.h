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

/* A record-protection key: one direction of one connection.  owner is whose
 * key it is (NCRYPT_SSL_CLIENT_FLAG: client_write_*, SERVER: server_write_*);
 * for_write tells SslEncryptPacket from SslDecryptPacket use. */
struct sp_record_key {
    struct sp_object obj;
    DWORD protocol;
    const struct sp_suite *suite;
    const struct sp_cipher_info *ci;
    DWORD owner;
    bool for_write;
    uint8_t mac_key[SP_RECORD_MAX_MAC];
    uint8_t key[SP_RECORD_MAX_KEY];
    uint8_t iv[SP_RECORD_MAX_IV]; /* fixed IV / salt; TLS 1.0 and SSL 3.0 CBC: the chained IV */
    uint8_t mac_len, key_len, iv_len;
    void *impl; /* mode-specific state owned by the record code (cipher contexts) */
    void (*impl_free)(struct sp_record_key *k);
};

/* sp_record_key_new makes an unpublished record key from key-block parts. */
SP_RESULT sp_record_key_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD owner,
                            bool for_write, const uint8_t *mac_key, size_t mac_len, const uint8_t *key, size_t key_len,
                            const uint8_t *iv, size_t iv_len, struct sp_record_key **out);

/* The key's lock (a spinlock in the record state): records run
 * under it, and anything reading key material the records change (the TLS 1.0
 * chained IV in k->iv) must hold it too.  Short critical sections only. */
void sp_record_lock(struct sp_record_key *k);
void sp_record_unlock(struct sp_record_key *k);

/* TEST ONLY (never reached from the public API): the next CBC record sealed
 * with k uses iv as its explicit IV instead of a random one, so known-answer
 * records with recorded IVs can be reproduced. */
SP_RESULT sp_record_test_set_explicit_iv(struct sp_record_key *k, const uint8_t *iv, size_t len);

#endif
