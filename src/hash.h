/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * hash.h - handshake hash objects: SslCreateHandshakeHash, SslHashHandshake,
 * SslCreateClientAuthHash, SslDuplicateTranscriptHash (hash.c).
 */
#ifndef SSLPROV_SRC_HASH_H
#define SSLPROV_SRC_HASH_H

#include <openssl/sha.h>

/* A running hash of handshake messages.  SSL 3.0 - TLS 1.1 keep MD5 and SHA-1
 * side by side in EVP contexts (md[0] = MD5, md[1] = SHA-1; a client-auth hash of
 * MD5 or SHA-1 alone uses md[0]).  The SHA-2 hashes (TLS 1.2 and 1.3 transcripts,
 * SHA-2 client-auth hashes) live in libcrypto's low-level context `sha` instead
 * (md[] NULL): a digest is then a struct copy and a final, where an EVP_MD_CTX
 * copy allocates and duplicates the provider context (~0.3-0.4 us per TLS 1.3
 * Derive-Secret on the machine of BENCHMARKS.md).  Compute functions never consume
 * the hash (reference 11.7): they work on copies. */
struct sp_hshash {
    struct sp_object obj;
    pthread_mutex_t lock; /* serialises updates and digests */
    DWORD protocol;
    DWORD suite;      /* 0 for client-auth hashes created without one */
    enum sp_hash alg; /* MD5SHA1 for the pair, else the single hash */
    EVP_MD_CTX *md[2];
    bool low_level; /* SHA-224/256/384/512: state in sha, md[] unused */
    union {
        SHA256_CTX s256; /* SHA-224, SHA-256 */
        SHA512_CTX s512; /* SHA-384, SHA-512 */
    } sha;
};

/* sp_hash_get acquires a hash handle for a call (sp_handle_put when done). */
SP_RESULT sp_hash_get(NCRYPT_HASH_HANDLE h, struct sp_hshash **out);
/* sp_hash_digest finalizes a copy: out receives MD5||SHA-1 (36 bytes) for the
 * pair or the single digest; *len its length.  out must hold 64 bytes. */
SP_RESULT sp_hash_digest(struct sp_hshash *h, uint8_t *out, size_t *len);
/* sp_hash_copy_md returns a copy of md[idx] that the caller may continue and
 * must free with EVP_MD_CTX_free (SSL 3.0 Finished and CertificateVerify, which
 * only ever see the MD5/SHA-1 pair).  NTE_BAD_HASH for a SHA-2 (low-level) hash. */
SP_RESULT sp_hash_copy_md(struct sp_hshash *h, int idx, EVP_MD_CTX **out);
/* sp_hash_new creates an unpublished hash object over alg. */
SP_RESULT sp_hash_new(struct sp_provider *prov, DWORD protocol, DWORD suite, enum sp_hash alg, struct sp_hshash **out);

#endif
