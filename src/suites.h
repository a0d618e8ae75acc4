/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * suites.h - the cipher-suite catalogue: one table drives enumeration, lookup,
 * key-block partition, record protection and key exchange.
 */
#ifndef SSLPROV_SRC_SUITES_H
#define SSLPROV_SRC_SUITES_H

/* Protocols, as bits. */
enum sp_proto_bit {
    SP_P_SSL2 = 1u << 0,
    SP_P_SSL3 = 1u << 1,
    SP_P_TLS10 = 1u << 2,
    SP_P_TLS11 = 1u << 3,
    SP_P_TLS12 = 1u << 4,
    SP_P_TLS13 = 1u << 5,
    SP_P_DTLS10 = 1u << 6,
    SP_P_DTLS12 = 1u << 7,
};
#define SP_P_LEGACY  (SP_P_SSL3 | SP_P_TLS10 | SP_P_TLS11 | SP_P_TLS12 | SP_P_DTLS10 | SP_P_DTLS12)
#define SP_P_TLS12UP (SP_P_TLS12 | SP_P_DTLS12)

/* sp_proto_bit_of: the bit for a wire protocol value, 0 if unknown. */
uint32_t sp_proto_bit_of(DWORD protocol);
bool sp_proto_is_dtls(DWORD protocol);
/* TLS 1.2 semantics (suite PRF hash, explicit IVs): TLS 1.2 and DTLS 1.2. */
bool sp_proto_is_tls12(DWORD protocol);
/* Explicit CBC IV per record: TLS 1.1+, DTLS. */
bool sp_proto_has_explicit_iv(DWORD protocol);

enum sp_kx {
    SP_KX_NONE = 0, /* TLS 1.3 suites: key exchange negotiated separately */
    SP_KX_RSA,
    SP_KX_DHE,
    SP_KX_ECDHE,
    SP_KX_PSK,
    SP_KX_RSA_PSK,
    SP_KX_DHE_PSK,
    SP_KX_SSL2, /* SSL 2.0 RSA */
};

enum sp_auth {
    SP_AUTH_NONE = 0,
    SP_AUTH_RSA,
    SP_AUTH_DSS,
    SP_AUTH_ECDSA,
    SP_AUTH_PSK,
};

enum sp_cipher {
    SP_CIPHER_NULL = 0,
    SP_CIPHER_RC4_40,
    SP_CIPHER_RC4_56,
    SP_CIPHER_RC4_128,
    SP_CIPHER_RC2_40,
    SP_CIPHER_RC2_128,
    SP_CIPHER_IDEA,
    SP_CIPHER_DES40,
    SP_CIPHER_DES,
    SP_CIPHER_3DES,
    SP_CIPHER_AES_128_CBC,
    SP_CIPHER_AES_256_CBC,
    SP_CIPHER_AES_128_GCM,
    SP_CIPHER_AES_256_GCM,
    SP_CIPHER_AES_128_CCM,
    SP_CIPHER_AES_256_CCM,
    SP_CIPHER_AES_128_CCM_8,
    SP_CIPHER_AES_256_CCM_8,
    SP_CIPHER_CHACHA20_POLY1305,
    SP_CIPHER_COUNT
};

enum sp_mode {
    SP_MODE_STREAM = 0, /* NULL and RC4 */
    SP_MODE_CBC,
    SP_MODE_GCM,
    SP_MODE_CCM,
    SP_MODE_CHACHAPOLY,
};

/* Static facts about a bulk cipher. */
struct sp_cipher_info {
    const char *cng_name;       /* "AES", "3DES", "RC4", "CHACHA20_POLY1305", "" for NULL */
    const char *ossl_name;      /* EVP name, NULL for the NULL cipher */
    uint8_t mode;               /* enum sp_mode */
    uint8_t key_len;            /* bytes of key material in the key block */
    uint8_t bits;               /* effective key bits as Windows reports (dwCipherLen) */
    uint8_t block_len;          /* dwCipherBlockLen: bytes; 1 for stream ciphers */
    uint8_t fixed_iv_len;       /* key-block IV: block size (CBC), 4 (GCM/CCM salt), 12 (ChaCha20) */
    uint8_t explicit_nonce_len; /* TLS 1.2 AEAD: 8 for GCM/CCM, 0 for ChaCha20 */
    uint8_t tag_len;            /* AEAD tag: 16, or 8 for CCM_8 */
};
const struct sp_cipher_info *sp_cipher_info(enum sp_cipher c);

enum sp_suite_flag {
    SP_SF_EXPORT = 1u << 0,         /* export-grade: listed, refused (NTE_NOT_SUPPORTED) */
    SP_SF_SSL2 = 1u << 1,           /* SSL 2.0 cipher kind: listed, refused */
    SP_SF_NOT_IN_WINDOWS = 1u << 2, /* constant not in Windows' header */
    SP_SF_LEGACY_CIPHER = 1u << 3,  /* needs OpenSSL's legacy provider (RC4, DES, RC2, IDEA) */
};

struct sp_suite {
    uint32_t id;           /* IANA value (24-bit SSL2 kind for SSL 2.0) */
    const char *name;      /* IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
    const char *ossl_name; /* OpenSSL name, e.g. "ECDHE-RSA-AES128-GCM-SHA256", or NULL */
    uint8_t kx;            /* enum sp_kx */
    uint8_t auth;          /* enum sp_auth */
    uint8_t cipher;        /* enum sp_cipher */
    uint8_t mac;           /* enum sp_hash of the record MAC; NONE for AEAD */
    uint8_t prf;           /* enum sp_hash of the TLS 1.2 PRF / TLS 1.3 HKDF */
    uint8_t flags;         /* enum sp_suite_flag */
    uint16_t protocols;    /* enum sp_proto_bit mask */
};

/* Catalogue access. */
size_t sp_suite_count(void);
const struct sp_suite *sp_suite_at(size_t i);
size_t sp_suite_index(const struct sp_suite *s); /* s from the table: sp_suite_at(sp_suite_index(s)) == s */
const struct sp_suite *sp_suite_find(uint32_t id);
const struct sp_suite *sp_suite_find_name(const char *name); /* IANA or OpenSSL name, case-insensitive */

/* sp_suite_for: validate (protocol, suite) for key schedule or record use:
 * NTE_NOT_SUPPORTED for unknown protocol or suite, a suite not defined for the
 * protocol, export-grade or SSL 2.0 suites. */
SP_RESULT sp_suite_for(DWORD protocol, DWORD suite, const struct sp_suite **out);

/* The PRF hash for (protocol, suite): MD5SHA1 before TLS 1.2, the suite's after. */
enum sp_hash sp_suite_prf(DWORD protocol, const struct sp_suite *s);
/* MAC key length in bytes (0 for AEAD). */
size_t sp_suite_mac_len(const struct sp_suite *s);

#endif
