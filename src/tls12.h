/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls12.h - the SSL 3.0 - TLS 1.2 key schedule: PRFs (prf.c), master keys,
 * session keys, Finished, EAP, exporters (tls12.c).
 */
#ifndef SSLPROV_SRC_TLS12_H
#define SSLPROV_SRC_TLS12_H

#define SP_MASTER_SECRET_LEN 48

/* SslComputeEapKeyBlock output sizes (documented in sslprovider.h):
 * EAP-TLS: MSK || EMSK (RFC 5216 section 2.3); TTLSv0: MSK || EMSK (RFC 5281
 * section 8); TTLSv0 challenge: 16-byte challenge || 1-byte identifier (RFC 5281
 * section 11.2.2, the longest use); EAP-FAST: session_key_seed (RFC 4851 5.1). */
#define SSLPROV_EAP_TLS_KEY_LEN        128
#define SSLPROV_EAP_TTLS_KEY_LEN       128
#define SSLPROV_EAP_TTLS_CHALLENGE_LEN 17
#define SSLPROV_EAP_FAST_KEY_LEN       40

/* One piece of a PRF seed (label, randoms, context...): the seed is the
 * concatenation of the parts, so callers never build it on the heap. */
struct sp_prf_part {
    const uint8_t *ptr;
    size_t len;
};

/* sp_prf_parts: the PRF over secret and seed = parts[0] || parts[1] || ...;
 * parts[0] is the label (skipped for SSL 3.0, which has none).  prf is
 * SP_HASH_MD5SHA1 (TLS 1.0/1.1), SHA224/256/384/512 (TLS 1.2 P_hash; MD5 and
 * SHA1 alone also work).  SSL 3.0 output is limited to 416 bytes.  No heap
 * allocation; every intermediate value is wiped (prf.c). */
SP_RESULT sp_prf_parts(enum sp_hash prf, bool ssl3, const uint8_t *secret, size_t secret_len,
                       const struct sp_prf_part *parts, size_t nparts, uint8_t *out, size_t out_len);

/* A TLS PRF keyed once: the HMAC inner/outer states of the secret (both
 * halves for MD5/SHA-1), so every later derivation from the same secret skips
 * the key hashing (2 compressions per hash).  Holds secret-derived state: wipe
 * it with the object that holds it. */
struct sp_prf_key {
    enum sp_hash prf; /* SP_HASH_NONE when unset */
    _Alignas(16) uint8_t state[448];
};
SP_RESULT sp_prf_key_init(struct sp_prf_key *k, enum sp_hash prf, const uint8_t *secret, size_t secret_len);
/* sp_prf_keyed: as sp_prf_parts (TLS PRFs only) with a prepared key. */
SP_RESULT sp_prf_keyed(const struct sp_prf_key *k, const struct sp_prf_part *parts, size_t nparts, uint8_t *out,
                       size_t out_len);

/* A TLS <= 1.2 master key.  role is NCRYPT_SSL_CLIENT_FLAG or _SERVER_FLAG. */
struct sp_master {
    struct sp_object obj;
    DWORD protocol;
    const struct sp_suite *suite;
    DWORD role;
    uint8_t secret[SP_MASTER_SECRET_LEN];
    struct sp_prf_key prf; /* keyed with secret; unset (NONE) for SSL 3.0 */
};

/* sp_master_new makes an unpublished master key from a 48-byte secret. */
SP_RESULT sp_master_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD role,
                        const uint8_t secret[SP_MASTER_SECRET_LEN], struct sp_master **out);

/* sp_prf: the protocol's PRF (SSL 3.0 KDF, TLS 1.0/1.1 MD5^SHA-1, TLS 1.2 P_hash)
 * over secret, label and seed parts; writes out_len bytes.  No heap allocation.
 * The seed is the concatenation of seed1 and seed2 (either may be empty).
 * For SSL 3.0 the label is ignored (RFC 6101 has none). */
SP_RESULT sp_prf(enum sp_hash prf, bool ssl3, const uint8_t *secret, size_t secret_len, const char *label,
                 const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out,
                 size_t out_len);

/* sp_master_from_premaster derives the master secret (RFC 5246 section 8.1,
 * RFC 6101 section 6.1), or the extended master secret (RFC 7627 section 4)
 * when session_hash is not NULL. */
SP_RESULT sp_master_from_premaster(DWORD protocol, const struct sp_suite *suite, const uint8_t *pms, size_t pms_len,
                                   const uint8_t cr[32], const uint8_t sr[32], const uint8_t *session_hash,
                                   size_t session_hash_len, uint8_t out[SP_MASTER_SECRET_LEN]);

/* sp_master_publish wraps up a derived master secret for a caller: makes the
 * object, writes the CLIENT_RANDOM key-log line if cr is known, returns the
 * handle.  Used by key exchange (SslGenerateMasterKey, SslImportMasterKey).
 * inputs: the properties of the secrets the premaster came from (ephemeral
 * key, premaster object, private key: sp_props_of, SP_PROPS_ALL when it came
 * in the clear); a property any of them lacks the master key lacks too,
 * whatever prov says (internal.h, sp_object_derive).  The line is written only
 * for a loggable master. */
SP_RESULT sp_master_publish(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD role,
                            const uint8_t secret[SP_MASTER_SECRET_LEN], sp_props inputs, const uint8_t *cr,
                            NCRYPT_KEY_HANDLE *out);

#endif
