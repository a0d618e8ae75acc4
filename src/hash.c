/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * hash.c - handshake hash objects.
 *
 * SslCreateHandshakeHash picks the hash from the protocol: SSL 3.0 - TLS 1.1 run
 * MD5 and SHA-1 side by side (RFC 2246 section 7.4.9), TLS 1.2 and 1.3 the
 * suite's PRF hash (RFC 5246 section 7.4.9, RFC 8446 section 4.4.1).  Hash
 * objects are never consumed (reference 11.7): compute functions copy.
 *
 * SHA-2 states are kept in libcrypto's low-level SHA256_CTX / SHA512_CTX
 * (deprecated in OpenSSL 3 but part of libcrypto; the warning is suppressed in
 * this file only): copying one is a struct copy, where EVP_MD_CTX_copy_ex
 * allocates and duplicates a provider context for every Transcript-Hash.  The
 * compression function stays libcrypto's.  tests/test_hash_lowlevel.c checks
 * every digest against EVP_Digest on random message sequences.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "internal.h"

/* ------------------------------------------------------------------------ */
/* Low-level SHA-2 state                                                     */
/* ------------------------------------------------------------------------ */

static bool ll_alg(enum sp_hash alg) {
    return alg == SP_HASH_SHA224 || alg == SP_HASH_SHA256 || alg == SP_HASH_SHA384 || alg == SP_HASH_SHA512;
}

static size_t ll_size(enum sp_hash alg) {
    return alg == SP_HASH_SHA384 || alg == SP_HASH_SHA512 ? sizeof(SHA512_CTX) : sizeof(SHA256_CTX);
}

static void ll_init(struct sp_hshash *h) {
    switch (h->alg) {
    case SP_HASH_SHA224: SHA224_Init(&h->sha.s256); break;
    case SP_HASH_SHA384: SHA384_Init(&h->sha.s512); break;
    case SP_HASH_SHA512: SHA512_Init(&h->sha.s512); break;
    default: SHA256_Init(&h->sha.s256); break;
    }
}

/* SHA224_Update / SHA384_Update are the SHA-256 / SHA-512 updates. */
static void ll_update(struct sp_hshash *h, const uint8_t *in, size_t len) {
    if (ll_size(h->alg) == sizeof(SHA512_CTX))
        SHA512_Update(&h->sha.s512, in, len);
    else
        SHA256_Update(&h->sha.s256, in, len);
}

/* Final of a copy of h's state (taken under h's lock by the caller). */
static void ll_final(enum sp_hash alg, void *c, uint8_t *out) {
    switch (alg) {
    case SP_HASH_SHA224: SHA224_Final(out, c); break;
    case SP_HASH_SHA384: SHA384_Final(out, c); break;
    case SP_HASH_SHA512: SHA512_Final(out, c); break;
    default: SHA256_Final(out, c); break;
    }
}

void sp_hash_destroy(struct sp_object *o) {
    struct sp_hshash *h = (struct sp_hshash *)o;
    EVP_MD_CTX_free(h->md[0]);
    EVP_MD_CTX_free(h->md[1]);
    pthread_mutex_destroy(&h->lock);
    sp_free_secret(h, sizeof(*h));
}

SP_RESULT sp_hash_new(struct sp_provider *prov, DWORD protocol, DWORD suite, enum sp_hash alg, struct sp_hshash **out) {
    sp_result res = SP_OK;
    struct sp_hshash *h = sp_zalloc(sizeof(*h));
    ENSURE(h != NULL, NTE_NO_MEMORY);
    sp_object_init(&h->obj, SP_OBJ_HASH, prov);
    pthread_mutex_init(&h->lock, NULL);
    h->protocol = protocol;
    h->suite = suite;
    h->alg = alg;
    if (ll_alg(alg)) {
        h->low_level = true;
        ll_init(h);
        *out = h;
        return SP_OK;
    }
    enum sp_hash parts[2] = {alg, SP_HASH_NONE};
    if (alg == SP_HASH_MD5SHA1) parts[0] = SP_HASH_MD5, parts[1] = SP_HASH_SHA1;
    for (int i = 0; i < 2; i++) {
        if (parts[i] == SP_HASH_NONE) continue;
        const EVP_MD *md = sp_md(parts[i]);
        CHECK(md != NULL, NTE_NOT_SUPPORTED);
        h->md[i] = EVP_MD_CTX_new();
        CHECK(h->md[i] != NULL, NTE_NO_MEMORY);
        TRY_OSSL(EVP_DigestInit_ex(h->md[i], md, NULL));
    }
    *out = h;
    h = NULL;
cleanup:
    if (h != NULL) sp_object_unref(&h->obj);
    return res;
}

SP_RESULT sp_hash_get(NCRYPT_HASH_HANDLE h, struct sp_hshash **out) {
    struct sp_object *o = NULL;
    GUARD(sp_handle_get(h, SP_T(SP_OBJ_HASH), &o));
    *out = (struct sp_hshash *)o;
    return SP_OK;
}

SP_RESULT sp_hash_copy_md(struct sp_hshash *h, int idx, EVP_MD_CTX **out) {
    sp_result res = SP_OK;
    EVP_MD_CTX *c = NULL;
    CHECK(!h->low_level && idx >= 0 && idx < 2 && h->md[idx] != NULL, NTE_BAD_HASH);
    c = EVP_MD_CTX_new();
    CHECK(c != NULL, NTE_NO_MEMORY);
    pthread_mutex_lock(&h->lock);
    int ok = EVP_MD_CTX_copy_ex(c, h->md[idx]);
    pthread_mutex_unlock(&h->lock);
    TRY_OSSL(ok);
    *out = c;
    c = NULL;
cleanup:
    EVP_MD_CTX_free(c);
    return res;
}

SP_RESULT sp_hash_digest(struct sp_hshash *h, uint8_t *out, size_t *len) {
    sp_result res = SP_OK;
    EVP_MD_CTX *c = NULL;
    size_t off = 0;
    if (h->low_level) {
        union {
            SHA256_CTX s256;
            SHA512_CTX s512;
        } copy;
        size_t n = ll_size(h->alg);
        pthread_mutex_lock(&h->lock);
        memcpy(&copy, &h->sha, n);
        pthread_mutex_unlock(&h->lock);
        ll_final(h->alg, &copy, out);
        sp_wipe(&copy, n); /* a stack copy of a context: wiped like every other */
        *len = sp_hash_len(h->alg);
        return SP_OK;
    }
    for (int i = 0; i < 2; i++) {
        if (h->md[i] == NULL) continue;
        unsigned int n = 0;
        TRY(sp_hash_copy_md(h, i, &c));
        TRY_OSSL(EVP_DigestFinal_ex(c, out + off, &n));
        off += n;
        EVP_MD_CTX_free(c);
        c = NULL;
    }
    *len = off;
cleanup:
    EVP_MD_CTX_free(c);
    return res;
}

/* The transcript hash for (protocol, suite). */
static SP_RESULT handshake_alg(DWORD protocol, DWORD suite, enum sp_hash *out) {
    const struct sp_suite *s;
    if (protocol == TLS1_3_PROTOCOL_VERSION) {
        s = sp_suite_find(suite);
        ENSURE(s != NULL && (s->protocols & SP_P_TLS13), NTE_NOT_SUPPORTED);
    } else {
        ENSURE(protocol != SSL2_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
        GUARD(sp_suite_for(protocol, suite, &s));
    }
    *out = sp_suite_prf(protocol, s);
    return SP_OK;
}

static SP_RESULT create_hash(NCRYPT_PROV_HANDLE hProv, NCRYPT_HASH_HANDLE *out, DWORD protocol, DWORD suite,
                             LPCWSTR alg_name, bool client_auth, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_hshash *h = NULL;
    enum sp_hash alg = SP_HASH_NONE;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    CHECK(flags == 0, NTE_BAD_FLAGS);
    if (client_auth) {
        /* SslCreateClientAuthHash: TLS 1.2+ per-hash objects for CertificateVerify;
         * before TLS 1.2 the MD5/SHA-1 pair regardless of the name. */
        const struct sp_suite *s;
        CHECK(alg_name != NULL, NTE_INVALID_PARAMETER);
        if (protocol == TLS1_3_PROTOCOL_VERSION) {
            s = sp_suite_find(suite);
            CHECK(s != NULL && (s->protocols & SP_P_TLS13), NTE_NOT_SUPPORTED);
        } else {
            CHECK(protocol != SSL2_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
            TRY(sp_suite_for(protocol, suite, &s));
        }
        if (sp_proto_is_tls12(protocol) || protocol == TLS1_3_PROTOCOL_VERSION) {
            alg = sp_hash_from_cng(alg_name);
            CHECK(alg != SP_HASH_NONE && alg != SP_HASH_MD5SHA1, NTE_NOT_SUPPORTED);
        } else {
            alg = SP_HASH_MD5SHA1;
        }
    } else {
        TRY(handshake_alg(protocol, suite, &alg));
    }
    TRY(sp_hash_new(prov, protocol, suite, alg, &h));
    res = sp_handle_publish(&h->obj, out);
cleanup:
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslCreateHandshakeHash(NCRYPT_PROV_HANDLE hSslProvider,
                                                          NCRYPT_HASH_HANDLE *phHandshakeHash, DWORD dwProtocol,
                                                          DWORD dwCipherSuite, DWORD dwFlags) {
    return sp_status(create_hash(hSslProvider, phHandshakeHash, dwProtocol, dwCipherSuite, NULL, false, dwFlags));
}

SSLPROV_API SECURITY_STATUS WINAPI SslCreateClientAuthHash(NCRYPT_PROV_HANDLE hSslProvider,
                                                           NCRYPT_HASH_HANDLE *phHandshakeHash, DWORD dwProtocol,
                                                           DWORD dwCipherSuite, LPCWSTR pszHashAlgId, DWORD dwFlags) {
    return sp_status(
        create_hash(hSslProvider, phHandshakeHash, dwProtocol, dwCipherSuite, pszHashAlgId, true, dwFlags));
}

static SP_RESULT hash_update(NCRYPT_PROV_HANDLE hProv, NCRYPT_HASH_HANDLE hHash, const uint8_t *in, DWORD len,
                             DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_hshash *h = NULL;
    TRY(sp_provider_get(hProv, &prov));
    TRY(sp_hash_get(hHash, &h));
    CHECK(in != NULL || len == 0, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    pthread_mutex_lock(&h->lock);
    int ok = 1;
    if (h->low_level && len > 0) ll_update(h, in, len);
    for (int i = 0; i < 2 && len > 0; i++) {
        if (h->md[i] != NULL) ok &= EVP_DigestUpdate(h->md[i], in, len);
    }
    pthread_mutex_unlock(&h->lock);
    TRY_OSSL(ok);
cleanup:
    sp_handle_put(h ? &h->obj : NULL);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslHashHandshake(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_HASH_HANDLE hHandshakeHash,
                                                    PBYTE pbInput, DWORD cbInput, DWORD dwFlags) {
    return sp_status(hash_update(hSslProvider, hHandshakeHash, pbInput, cbInput, dwFlags));
}

static SP_RESULT duplicate_hash(NCRYPT_PROV_HANDLE hProv, NCRYPT_HASH_HANDLE hIn, NCRYPT_HASH_HANDLE *out,
                                DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_hshash *h = NULL, *d = NULL;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    TRY(sp_hash_get(hIn, &h));
    CHECK(flags == 0, NTE_BAD_FLAGS);
    d = sp_zalloc(sizeof(*d));
    CHECK(d != NULL, NTE_NO_MEMORY);
    sp_object_init(&d->obj, SP_OBJ_HASH, prov);
    pthread_mutex_init(&d->lock, NULL);
    d->protocol = h->protocol;
    d->suite = h->suite;
    d->alg = h->alg;
    d->low_level = h->low_level;
    if (h->low_level) {
        pthread_mutex_lock(&h->lock);
        memcpy(&d->sha, &h->sha, ll_size(h->alg));
        pthread_mutex_unlock(&h->lock);
    }
    for (int i = 0; i < 2; i++) {
        if (h->md[i] != NULL) TRY(sp_hash_copy_md(h, i, &d->md[i]));
    }
    res = sp_handle_publish(&d->obj, out);
    d = NULL;
cleanup:
    if (d != NULL) sp_object_unref(&d->obj);
    sp_handle_put(h ? &h->obj : NULL);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslDuplicateTranscriptHash(NCRYPT_PROV_HANDLE hSslProvider,
                                                              NCRYPT_HASH_HANDLE hTranscriptHash,
                                                              NCRYPT_HASH_HANDLE *phTranscriptHash, DWORD dwFlags) {
    return sp_status(duplicate_hash(hSslProvider, hTranscriptHash, phTranscriptHash, dwFlags));
}

/* SslComputeSessionHash: the RFC 7627 section 3 session_hash, i.e. the current
 * handshake hash (MD5||SHA-1 before TLS 1.2, the PRF hash in TLS 1.2).  For
 * TLS 1.3 it is the current Transcript-Hash (RFC 8446 section 4.4.1), which is
 * how a caller builds the synthetic message_hash after a HelloRetryRequest. */
static SP_RESULT session_hash(NCRYPT_PROV_HANDLE hProv, NCRYPT_HASH_HANDLE hHash, DWORD protocol, PBYTE out, DWORD cb,
                              DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_hshash *h = NULL;
    uint8_t d[64];
    size_t n = 0;
    TRY(sp_provider_get(hProv, &prov));
    TRY(sp_hash_get(hHash, &h));
    CHECK(result != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    CHECK(protocol == h->protocol, NTE_INVALID_PARAMETER);
    CHECK(protocol != SSL3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    n = sp_hash_len(h->alg);
    *result = (DWORD)n;
    if (out == NULL) goto cleanup;
    CHECK(cb >= n, NTE_BUFFER_TOO_SMALL);
    TRY(sp_hash_digest(h, d, &n));
    memcpy(out, d, n);
    *result = (DWORD)n;
cleanup:
    SP_WIPE_BUF(d);
    sp_handle_put(h ? &h->obj : NULL);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeSessionHash(NCRYPT_PROV_HANDLE hSslProvider,
                                                         NCRYPT_HASH_HANDLE hHandshakeHash, DWORD dwProtocol,
                                                         PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult,
                                                         DWORD dwFlags) {
    return sp_status(session_hash(hSslProvider, hHandshakeHash, dwProtocol, pbOutput, cbOutput, pcbResult, dwFlags));
}
