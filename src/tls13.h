/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls13.h - the TLS 1.3 key schedule: SslExtract* / SslExpand* (tls13.c) and
 * HKDF (hkdf.c).
 *
 * Decisions where Windows is silent (reference section 11.13 plus these):
 * - A wrong object TYPE (a hash where a key is expected, a TLS 1.2 master key, a
 *   freed handle) is NTE_INVALID_HANDLE.  A TLS 1.3 secret of the wrong KIND for
 *   the function (a traffic secret given to SslExtractMasterKey, an early secret
 *   without PSK for PSK-only mode or for a binder key) is NTE_BAD_KEY_STATE.
 * - A transcript hash object of another hash than the chain's (or not made for
 *   TLS 1.3) is NTE_BAD_HASH.  A PSK whose hash differs from the suite's (RFC 8446
 *   section 4.2.11) is NTE_BAD_KEY.
 * - The early key fixes protocol, suite and hash for every secret derived from it.
 * - Parameter lists may be NULL; a non-NULL list must be well formed.  Only
 *   SslExtractEarlyKey reads one buffer, NCRYPTBUFFER_SSL_CLIENT_RANDOM (32 bytes),
 *   kept for key-log lines and inherited by every derived secret; other buffer
 *   types are ignored.
 */
#ifndef SSLPROV_SRC_TLS13_H
#define SSLPROV_SRC_TLS13_H

#include <openssl/sha.h>

/* ------------------------------------------------------------------------ */
/* HKDF (hkdf.c): no heap allocation on any of these paths                   */
/* ------------------------------------------------------------------------ */

#define SP_HKDF_MAX_LABEL 249 /* "tls13 " + label fits opaque label<7..255> */
#define SP_HKDF_MAX_INFO  (2 + 1 + 255 + 1 + 255)

union sp_sha_ctx {
    SHA256_CTX s256;
    SHA512_CTX s512;
};

/* An HMAC key as its two precomputed hash states (RFC 2104 section 4). */
struct sp_hmac {
    enum sp_hash alg; /* SHA256 or SHA384 */
    union sp_sha_ctx in, out;
};

SP_RESULT sp_hmac_init(struct sp_hmac *k, enum sp_hash h, const uint8_t *key, size_t key_len);
/* HMAC(key, m1 | m2) into out (hash length bytes). */
void sp_hmac_compute(const struct sp_hmac *k, const uint8_t *m1, size_t l1, const uint8_t *m2, size_t l2, uint8_t *out);
void sp_hmac_wipe(struct sp_hmac *k);

/* RFC 5869 HKDF-Extract (out: hash length) and HKDF-Expand (info <= 514 bytes). */
SP_RESULT sp_hkdf_extract(enum sp_hash h, const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                          uint8_t *out);
SP_RESULT sp_hkdf_expand(enum sp_hash h, const uint8_t *prk, size_t prk_len, const uint8_t *info, size_t info_len,
                         uint8_t *out, size_t out_len);
/* RFC 8446 section 7.1 HKDF-Expand-Label (label without "tls13 "; context <= 255). */
SP_RESULT sp_hkdf_expand_label(enum sp_hash h, const uint8_t *secret, size_t secret_len, const char *label,
                               size_t label_len, const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t out_len);
/* The same with the secret already keyed (several labels from one secret). */
SP_RESULT sp_hkdf_expand_label_k(const struct sp_hmac *k, const char *label, size_t label_len, const uint8_t *ctx,
                                 size_t ctx_len, uint8_t *out, size_t out_len);
/* One-shot SHA-256 / SHA-384, and Hash("") for each. */
SP_RESULT sp_hash_once(enum sp_hash h, const uint8_t *in, size_t len, uint8_t *out);
const uint8_t *sp_hash_empty(enum sp_hash h);

/* ------------------------------------------------------------------------ */
/* Secrets (tls13.c)                                                         */
/* ------------------------------------------------------------------------ */

#define SP_PSK_ANY           (NCRYPT_SSL_EXTERNAL_PSK_FLAG | NCRYPT_SSL_RESUMPTION_PSK_FLAG)
#define SP_TLS13_MIN_RAW_PSK 4   /* Windows refuses a shorter raw PSK */
#define SP_TLS13_MAX_PSK     256 /* imported PSKs; derived secrets are Hash.length */

/* A TLS 1.3 secret: kind is an SSLPROV_SECRET_KIND_* value. */
struct sp_tls13_secret {
    struct sp_object obj;
    pthread_mutex_t lock; /* builds hmac once (sp_tls13_secret_hmac) */
    DWORD kind;
    DWORD protocol;
    const struct sp_suite *suite;
    enum sp_hash hash;
    uint8_t secret[SP_TLS13_MAX_PSK];
    size_t len;
    uint8_t client_random[32]; /* for key-log lines, if has_client_random */
    bool has_client_random;
    /* PSK kind (NCRYPT_SSL_EXTERNAL_PSK_FLAG / RESUMPTION) of a PSK, and of the PSK
     * an early secret was made from; 0 for an early secret without PSK. */
    DWORD psk_flags;
    /* A raw TLS_13_PRE_SHARED_KEY blob (Windows' format) binds neither a hash nor
     * a binder label: the hash comes from SslExtractEarlyKey's suite, the label
     * from SslExpandBinderKey's flags (psk_flags = SP_PSK_ANY). */
    bool any_hash;
    uint32_t generation; /* application traffic secrets: N of _N (key updates) */
    /* HMAC keyed with the secret (its RFC 2104 section 4 inner/outer states), built
     * under lock on the first HKDF-Expand-Label from this secret and immutable
     * once keyed is set: later expansions (a handshake secret gives two traffic
     * secrets and "derived", a master secret four secrets and "derived", a traffic
     * secret key, iv and finished) skip the two key-setup compressions. */
    _Atomic bool keyed;
    struct sp_hmac hmac;
};

/* sp_tls13_secret_hmac returns the secret's keyed HMAC, building it on first use. */
SP_RESULT sp_tls13_secret_hmac(struct sp_tls13_secret *s, const struct sp_hmac **out);

/* Byte-level steps shared by the objects and the benchmark: the early secret
 * (psk NULL: no PSK, a cached constant) and the "derived" salt of the next extract
 * (nopsk_early: prev is the no-PSK early secret, a cached constant). */
SP_RESULT sp_tls13_early_secret(enum sp_hash h, const uint8_t *psk, size_t psk_len, uint8_t *out);
SP_RESULT sp_tls13_derived_salt(enum sp_hash h, const uint8_t *prev, size_t len, bool nopsk_early, uint8_t *out);
/* HKDF-Extract(salt = Derive-Secret(no-PSK early secret, "derived", ""), ikm): the
 * handshake (or, PSK-less, any next) secret after an early secret without PSK,
 * with the salt's HMAC states cached (the salt is a constant of the hash). */
SP_RESULT sp_tls13_extract_nopsk(enum sp_hash h, const uint8_t *ikm, size_t ikm_len, uint8_t *out);

/* sp_tls13_secret_new makes an unpublished secret of a kind for (suite) with the
 * suite's hash; len bytes of secret (<= SP_TLS13_MAX_PSK). */
SP_RESULT sp_tls13_secret_new(struct sp_provider *prov, DWORD kind, const struct sp_suite *suite, const uint8_t *secret,
                              size_t len, struct sp_tls13_secret **out);

/* sp_tls13_extract_handshake: the handshake secret from an early secret and a raw
 * (EC)DHE shared secret (NULL/0: PSK-only mode, IKM = Hash.length zeros).  The
 * internal entry behind SslExtractHandshakeKey; tests use it with known shared
 * secrets.  *out is unpublished. */
SP_RESULT sp_tls13_extract_handshake(struct sp_provider *prov, struct sp_tls13_secret *early, const uint8_t *ikm,
                                     size_t ikm_len, struct sp_tls13_secret **out);

/* The same at handle level: hEarlyKey from SslExtractEarlyKey, shared secret as
 * bytes (NULL/0: PSK-only), *phHandshakeKey a published handshake secret.  For
 * tests and tools that hold a known (EC)DHE secret. */
SECURITY_STATUS sp_tls13_extract_handshake_raw(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hEarlyKey,
                                               const uint8_t *shared, size_t shared_len,
                                               NCRYPT_KEY_HANDLE *phHandshakeKey);

/* TLS 1.3 Finished (RFC 8446 section 4.4.4) for SslComputeFinishedHash when its
 * hMasterKey is a TLS 1.3 secret: HMAC(finished_key, Transcript-Hash) with
 * finished_key = HKDF-Expand-Label(base, "finished", "", Hash.length).  base may be
 * a client/server handshake traffic secret, a client application traffic secret
 * (post-handshake authentication, section 4.6.2) or a binder key (the PSK binder,
 * section 4.2.11.2, over the truncated ClientHello transcript).  len must equal
 * the hash length (else NTE_INVALID_PARAMETER); another kind is NTE_BAD_KEY_STATE;
 * a transcript of another hash is NTE_BAD_HASH.  The hash object is not consumed. */
SP_RESULT sp_tls13_finished(struct sp_tls13_secret *base, struct sp_hshash *transcript, uint8_t *out, size_t len);

/* TLS 1.3 exporter (RFC 8446 section 7.5) for SslExportKeyingMaterial when its
 * hMasterKey is an (early) exporter master secret:
 * HKDF-Expand-Label(Derive-Secret(exporter, label, ""), "exporter", Hash(context), len).
 * context NULL is the same as empty (TLS 1.3 does not distinguish them).  label
 * <= 249 bytes, len <= 255 * Hash.length: else NTE_INVALID_PARAMETER. */
SP_RESULT sp_tls13_export_keying_material(struct sp_tls13_secret *exporter, const char *label, const uint8_t *context,
                                          size_t context_len, uint8_t *out, size_t len);

#endif
