/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * fixtures.h - deterministic key material for the hardening tests and the fuzz
 * targets (issue #7): master keys, record keys, (EC)DH keys and TLS 1.3 secrets
 * made through the public API from fixed bytes.  Header-only (static
 * functions) so that tests and fuzz/ share it without a build change.
 *
 * Every maker returns the SslXxx status and leaves 0 in *out on failure, so a
 * caller can tell "feature not merged yet" (NTE_NOT_SUPPORTED) from a bug.
 */
#ifndef SSLPROV_TESTS_FIXTURES_H
#define SSLPROV_TESTS_FIXTURES_H

#include <stdint.h>
#include <string.h>

#include "sslprovider.h"

/* The fixed 48-byte master secret every fixture uses (not a real secret). */
static const uint8_t fx_master_secret[48] = {0x4d, 0x41, 0x53, 0x54, 0x45, 0x52, 0x2d, 0x53, 0x45, 0x43, 0x52, 0x45,
                                             0x54, 0x2d, 0x46, 0x49, 0x58, 0x45, 0x44, 0x01, 0x02, 0x03, 0x04, 0x05,
                                             0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
                                             0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d};
static const uint8_t fx_client_random[32] = {0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
                                             0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
                                             0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0};
static const uint8_t fx_server_random[32] = {0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b,
                                             0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
                                             0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70};
/* RFC 7748 section 6.1: Alice's X25519 private key and Bob's public key. */
static const uint8_t fx_x25519_priv[32] = {0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
                                           0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
                                           0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
static const uint8_t fx_x25519_peer_pub[32] = {0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
                                               0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
                                               0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f};
static const uint8_t fx_psk[32] = {0x50, 0x53, 0x4b, 0x2d, 0x46, 0x49, 0x58, 0x45, 0x44, 0x2d, 0x30,
                                   0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62,
                                   0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c};

/* SSLPROV_MASTER_SECRET_BLOB bytes: header then the 48-byte secret. */
static inline size_t fx_master_blob(uint8_t *blob, DWORD protocol, DWORD suite, DWORD role, const uint8_t *secret) {
    SSLPROV_MASTER_SECRET_HEADER h = {SSLPROV_MASTER_SECRET_MAGIC, protocol, suite, role, 48};
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), secret, 48);
    return sizeof(h) + 48;
}

static inline SECURITY_STATUS fx_master(NCRYPT_PROV_HANDLE p, DWORD protocol, DWORD suite, DWORD role,
                                        NCRYPT_KEY_HANDLE *out) {
    uint8_t blob[sizeof(SSLPROV_MASTER_SECRET_HEADER) + 48];
    size_t n = fx_master_blob(blob, protocol, suite, role, fx_master_secret);
    *out = 0;
    return SslImportKey(p, out, SSLPROV_MASTER_SECRET_BLOB, blob, (DWORD)n, 0);
}

static inline NCryptBufferDesc *fx_randoms(NCryptBuffer b[2], NCryptBufferDesc *d) {
    b[0].BufferType = NCRYPTBUFFER_SSL_CLIENT_RANDOM;
    b[0].cbBuffer = 32;
    b[0].pvBuffer = (void *)fx_client_random;
    b[1].BufferType = NCRYPTBUFFER_SSL_SERVER_RANDOM;
    b[1].cbBuffer = 32;
    b[1].pvBuffer = (void *)fx_server_random;
    d->ulVersion = NCRYPTBUFFER_VERSION;
    d->cBuffers = 2;
    d->pBuffers = b;
    return d;
}

/* Read and write record keys of one side (role) of a TLS <= 1.2 connection. */
static inline SECURITY_STATUS fx_session_keys(NCRYPT_PROV_HANDLE p, DWORD protocol, DWORD suite, DWORD role,
                                              NCRYPT_KEY_HANDLE *rd, NCRYPT_KEY_HANDLE *wr) {
    NCRYPT_KEY_HANDLE m = 0;
    NCryptBuffer b[2];
    NCryptBufferDesc d;
    *rd = *wr = 0;
    SECURITY_STATUS st = fx_master(p, protocol, suite, role, &m);
    if (st != 0) return st;
    st = SslGenerateSessionKeys(p, m, rd, wr, fx_randoms(b, &d), 0);
    SslFreeObject(m, 0);
    if (st != 0) *rd = *wr = 0;
    return st;
}

/* A matched pair: the client's write key and the server's read key, so that
 * what one encrypts the other decrypts. */
static inline SECURITY_STATUS fx_record_pair(NCRYPT_PROV_HANDLE p, DWORD protocol, DWORD suite,
                                             NCRYPT_KEY_HANDLE *client_write, NCRYPT_KEY_HANDLE *server_read) {
    NCRYPT_KEY_HANDLE cr = 0, sw = 0;
    *client_write = *server_read = 0;
    SECURITY_STATUS st = fx_session_keys(p, protocol, suite, NCRYPT_SSL_CLIENT_FLAG, &cr, client_write);
    if (st != 0) return st;
    SslFreeObject(cr, 0);
    st = fx_session_keys(p, protocol, suite, NCRYPT_SSL_SERVER_FLAG, server_read, &sw);
    SslFreeObject(sw, 0);
    if (st != 0) {
        SslFreeObject(*client_write, 0);
        *client_write = 0;
    }
    return st;
}

/* SSL_ECCKEY_BLOB {group, cbKey} followed by key bytes. */
static inline size_t fx_ecc_blob(uint8_t *blob, ULONG group, const uint8_t *key, size_t len) {
    SSL_ECCKEY_BLOB h = {group, (ULONG)len};
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), key, len);
    return sizeof(h) + len;
}

static inline SECURITY_STATUS fx_x25519_private(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE *out) {
    uint8_t blob[8 + 32];
    size_t n = fx_ecc_blob(blob, SSLPROV_GROUP_X25519, fx_x25519_priv, 32);
    *out = 0;
    return SslImportKey(p, out, SSLPROV_ECCPRIVATE_BLOB, blob, (DWORD)n, 0);
}

static inline SECURITY_STATUS fx_x25519_public(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE *out) {
    uint8_t blob[8 + 32];
    size_t n = fx_ecc_blob(blob, SSLPROV_GROUP_X25519, fx_x25519_peer_pub, 32);
    *out = 0;
    return SslImportKey(p, out, SSL_ECCPUBLIC_BLOB, blob, (DWORD)n, 0);
}

static inline size_t fx_psk_blob(uint8_t *blob, DWORD suite) {
    SSLPROV_TLS13_PSK_HEADER h = {SSLPROV_TLS13_PSK_MAGIC, TLS1_3_PROTOCOL_VERSION, suite, NCRYPT_SSL_EXTERNAL_PSK_FLAG,
                                  32};
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), fx_psk, 32);
    return sizeof(h) + 32;
}

static inline SECURITY_STATUS fx_psk13(NCRYPT_PROV_HANDLE p, DWORD suite, NCRYPT_KEY_HANDLE *out) {
    uint8_t blob[sizeof(SSLPROV_TLS13_PSK_HEADER) + 32];
    size_t n = fx_psk_blob(blob, suite);
    *out = 0;
    return SslImportKey(p, out, SSLPROV_TLS13_PSK_BLOB, blob, (DWORD)n, 0);
}

/* TLS 1.3 chain from the fixed PSK: early secret, then the client early
 * traffic secret over a transcript of "fixture", then two record keys from it
 * (write_key encrypts, read_key decrypts).  Free with fx_tls13_free. */
struct fx_tls13 {
    NCRYPT_KEY_HANDLE psk, early, client_traffic, write_key, read_key;
    NCRYPT_HASH_HANDLE transcript;
};

static inline SECURITY_STATUS fx_tls13_chain(NCRYPT_PROV_HANDLE p, DWORD suite, struct fx_tls13 *t) {
    SECURITY_STATUS st;
    memset(t, 0, sizeof(*t));
    if ((st = fx_psk13(p, suite, &t->psk)) != 0) return st;
    if ((st = SslExtractEarlyKey(p, t->psk, &t->early, TLS1_3_PROTOCOL_VERSION, suite, NULL, 0)) != 0) return st;
    if ((st = SslCreateHandshakeHash(p, &t->transcript, TLS1_3_PROTOCOL_VERSION, suite, 0)) != 0) return st;
    if ((st = SslHashHandshake(p, t->transcript, (PBYTE) "fixture", 7, 0)) != 0) return st;
    /* From an early secret only the client early traffic secret exists. */
    if ((st = SslExpandTrafficKeys(p, t->early, t->transcript, &t->client_traffic, NULL, NULL, 0)) != 0) return st;
    /* Two keys from one traffic secret: the sender's and the receiver's. */
    if ((st = SslExpandWriteKey(p, t->client_traffic, &t->write_key, NULL, 0)) != 0) return st;
    return SslExpandWriteKey(p, t->client_traffic, &t->read_key, NULL, 0);
}

static inline void fx_tls13_free(struct fx_tls13 *t) {
    NCRYPT_HANDLE all[] = {t->psk, t->early, t->client_traffic, t->write_key, t->read_key, t->transcript};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (all[i] != 0) SslFreeObject(all[i], 0);
    memset(t, 0, sizeof(*t));
}

#endif
