/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * kex.h - key exchange, key blobs, private keys and signatures (kex.c,
 * kex_blob.c, privkey.c, sign.c).
 */
#ifndef SSLPROV_SRC_KEX_H
#define SSLPROV_SRC_KEX_H

/* sp_private_key_serves: can this SslOpenPrivateKey key serve suite s in
 * protocol (certificate type and key exchange)? */
bool sp_private_key_serves(struct sp_object *key, const struct sp_suite *s, DWORD protocol);

/* sp_kex_shared_secret: (EC)DH between an own ephemeral key (SP_OBJ_EPHEMERAL)
 * and a peer public key (SP_OBJ_PUBLIC) of the same group, with peer validation.
 * out must hold SP_KEX_MAX_SECRET bytes (ffdhe8192); *out_len receives the length (DH secrets
 * keep their leading zeros: RFC 8446 section 7.4.1 pads to the size of p;
 * RFC 5246 section 8.1.2 strips them - pass strip_dh_zeros accordingly).
 * Errors: NTE_INVALID_HANDLE (wrong object types), NTE_INVALID_PARAMETER (keys of
 * different groups), NTE_BAD_DATA (peer value refused, all-zero X25519/X448). */
SP_RESULT sp_kex_shared_secret(struct sp_object *priv, struct sp_object *pub, bool strip_dh_zeros, uint8_t *out,
                               size_t *out_len);

#define SP_KEX_MAX_SECRET 1024 /* ffdhe8192 (RFC 7919); custom DH groups are limited to 8192 bits */
#define SP_PSK_MAX        512  /* a TLS 1.2 PSK (RFC 4279 5.3: at least 64 octets must be supported) */

/* Asymmetric key kinds. */
enum sp_key_alg {
    SP_KEY_NONE = 0,
    SP_KEY_EC,      /* NIST P-256/384/521: ECDH and ECDSA */
    SP_KEY_X25519,  /* RFC 7748 */
    SP_KEY_X448,    /* RFC 7748 */
    SP_KEY_DH,      /* finite-field DH */
    SP_KEY_RSA,     /* RSA (encryption and PKCS#1 / PSS signatures) */
    SP_KEY_RSA_PSS, /* RSASSA-PSS-only key (signatures only) */
    SP_KEY_ED25519, /* RFC 8032 */
    SP_KEY_ED448,   /* RFC 8032 */
    SP_KEY_DSA,     /* DSS */
};

/* One object type for own ephemeral keys (SP_OBJ_EPHEMERAL), peer public keys
 * (SP_OBJ_PUBLIC) and long-term private keys (SP_OBJ_PRIVATE). */
struct sp_pkey {
    struct sp_object obj;
    struct sp_provider *prov; /* creating provider, no reference (type-stable): the NCrypt export rules */
    DWORD key_type;           /* SSL_KEY_TYPE_PROPERTY value */
    EVP_PKEY *pkey;
    uint8_t alg; /* enum sp_key_alg */
    bool ecdsa;  /* public key imported with an ECDSA magic */
    DWORD group; /* IANA group (23/24/25/29/30, 256-260 ffdhe), 0 for custom DH / others */
    size_t cb;   /* EC: coordinate bytes; X/Ed: key bytes; DH: bytes of p; RSA: modulus bytes */
};

/* RSA premaster from SslGeneratePreMasterKey (reference 11.11). */
#define SP_PREMASTER_LEN 48
struct sp_premaster {
    struct sp_object obj;
    DWORD protocol;
    DWORD suite;
    uint8_t secret[SP_PREMASTER_LEN];
};

/* Object helpers (kex.c). */
SP_RESULT sp_pkey_new(struct sp_provider *prov, uint32_t type, EVP_PKEY *pkey, struct sp_pkey **out);
/* sp_pkey_describe fills alg, group and cb from the EVP_PKEY (and key_type). */
SP_RESULT sp_pkey_describe(struct sp_pkey *k);
SP_RESULT sp_premaster_new(struct sp_provider *prov, DWORD protocol, DWORD suite, const uint8_t *secret,
                           struct sp_premaster **out);

/* Group tables (kex.c). */
const char *sp_group_ossl_name(DWORD group); /* "P-256", "X25519", "ffdhe2048", ...; NULL if unknown */
size_t sp_group_coord_len(DWORD group);      /* EC coordinate / X key bytes / DH p bytes; 0 if unknown */
enum sp_key_alg sp_group_alg(DWORD group);
/* sp_dh_named_group: the ffdhe group id for (p, g), or 0 for a custom group. */
DWORD sp_dh_named_group(const EVP_PKEY *pkey);

/* EC helpers (kex.c). */
SP_RESULT sp_ec_from_point(DWORD group, const uint8_t *pt, size_t len, EVP_PKEY **out);
SP_RESULT sp_ec_from_private(DWORD group, const uint8_t *priv, size_t len, EVP_PKEY **out);
SP_RESULT sp_dh_from_pgy(const uint8_t *p, const uint8_t *g, const uint8_t *y, size_t cb, EVP_PKEY **out);
/* Encoded public point (04||X||Y, or raw u for X25519/X448); out NULL: size. */
SP_RESULT sp_pkey_public_point(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *len);
/* An EVP_PKEY of OpenSSL type `type` ("RSA", "EC", "DH") from parameters;
 * a key libcrypto refuses is NTE_BAD_DATA. */
SP_RESULT sp_pkey_fromdata(const char *type, int selection, const OSSL_PARAM *params, EVP_PKEY **out);
/* Big-endian BN parameter, left-padded to cb bytes. */
SP_RESULT sp_pkey_bn_param(const EVP_PKEY *pkey, const char *name, uint8_t *out, size_t cb);

#endif
