/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * sign.c - SslSignHash, SslVerifySignature and SslComputeClientAuthHash.
 *
 * Input layouts (header): without flags the bytes are signed as they are (RSA:
 * PKCS#1 v1.5 type 1 without DigestInfo, TLS 1.0/1.1's 36-byte MD5||SHA-1;
 * ECDSA/DSA: the hash).  NCRYPT_SSL_SIGN_INCLUDE_HASHOID and
 * NCRYPT_SSL_SIGN_USE_PSS_PADDING: pbHashValue = NUL-terminated UTF-16 CNG
 * hash name, then the hash; cbHashValue counts both.  ECDSA and DSA
 * signatures are raw r || s of fixed size (reference 11.14); EdDSA signs the
 * message itself (RFC 8032 has no prehash in TLS 1.3, RFC 8446 4.2.3).
 */
#include "internal.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#define SIGN_FLAGS (NCRYPT_SSL_SIGN_INCLUDE_HASHOID | NCRYPT_SSL_SIGN_USE_PSS_PADDING)

/* The hash name prefix of the HASHOID/PSS layouts. */
static SP_RESULT parse_named_hash(const uint8_t *in, size_t len, enum sp_hash *h, const uint8_t **data,
                                  size_t *data_len) {
    WCHAR name[16];
    size_t i = 0;
    for (;; i++) {
        ENSURE(i < SP_ARRAY_LEN(name) && 2 * i + 2 <= len, NTE_INVALID_PARAMETER);
        memcpy(&name[i], in + 2 * i, 2); /* unaligned-safe UTF-16 read */
        if (name[i] == 0) break;
    }
    *h = sp_hash_from_cng(name);
    ENSURE(*h != SP_HASH_NONE && *h != SP_HASH_MD5SHA1, NTE_NOT_SUPPORTED);
    *data = in + 2 * (i + 1);
    *data_len = len - 2 * (i + 1);
    ENSURE(*data_len == sp_hash_len(*h), NTE_INVALID_PARAMETER);
    return SP_OK;
}

/* Bytes of r (and s) for ECDSA / DSA. */
static SP_RESULT dsa_scalar_len(const struct sp_pkey *k, size_t *n) {
    if (k->alg == SP_KEY_EC) {
        *n = k->cb;
        return SP_OK;
    }
    BIGNUM *q = NULL;
    GUARD_OSSL(EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_FFC_Q, &q));
    *n = (size_t)BN_num_bytes(q);
    BN_free(q);
    return SP_OK;
}

static SP_RESULT sig_size(const struct sp_pkey *k, size_t *n) {
    switch (k->alg) {
    case SP_KEY_RSA:
    case SP_KEY_RSA_PSS: *n = k->cb; return SP_OK;
    case SP_KEY_EC:
    case SP_KEY_DSA:
        GUARD(dsa_scalar_len(k, n));
        *n *= 2;
        return SP_OK;
    case SP_KEY_ED25519: *n = 64; return SP_OK;
    case SP_KEY_ED448: *n = 114; return SP_OK;
    default: BAIL(NTE_NOT_SUPPORTED);
    }
}

/* What to sign, after the flags: the hash algorithm (NONE: raw) and the bytes. */
struct sig_in {
    enum sp_hash hash;
    const uint8_t *data;
    size_t len;
    bool pss;
};

static SP_RESULT sig_input(const struct sp_pkey *k, const uint8_t *in, size_t len, DWORD flags, struct sig_in *si) {
    static const uint8_t k_empty[1];
    ENSURE((flags & ~(DWORD)SIGN_FLAGS) == 0, NTE_BAD_FLAGS);
    si->hash = SP_HASH_NONE, si->data = in, si->len = len;
    si->pss = (flags & NCRYPT_SSL_SIGN_USE_PSS_PADDING) != 0;
    bool rsa = k->alg == SP_KEY_RSA || k->alg == SP_KEY_RSA_PSS;
    if (k->alg == SP_KEY_ED25519 || k->alg == SP_KEY_ED448) {
        /* EdDSA signs the message itself, no hash: any length, 0 included
         * (RFC 8032 section 5.1.6; its TEST 1 signs the empty message). */
        ENSURE(flags == 0, NTE_BAD_FLAGS);
        ENSURE(in != NULL || len == 0, NTE_INVALID_PARAMETER);
        if (len == 0) si->data = k_empty;
        return SP_OK;
    }
    ENSURE(in != NULL && len > 0, NTE_INVALID_PARAMETER);
    ENSURE(rsa || !si->pss, NTE_BAD_FLAGS);
    ENSURE(k->alg != SP_KEY_RSA_PSS || si->pss, NTE_NOT_SUPPORTED); /* a PSS-only key */
    if (flags != 0) return parse_named_hash(in, len, &si->hash, &si->data, &si->len);
    /* Raw PKCS#1 v1.5 needs 11 bytes of padding (RFC 8017 section 9.2). */
    if (rsa) ENSURE(len + 11 <= k->cb, NTE_INVALID_PARAMETER);
    if (!rsa) ENSURE(len <= 64, NTE_INVALID_PARAMETER);
    return SP_OK;
}

/* An RSASSA-PSS key whose parameters restrict it (RFC 4055 section 3.1: hash,
 * MGF1 hash, minimum salt length) signs only within them.  A hash outside
 * them is the caller's error, NTE_INVALID_PARAMETER (header, SslSignHash);
 * left to libcrypto it was a refused init, which read as NTE_INTERNAL_ERROR.
 * Our salt is the hash length (reference 11.14), so a minimum above it is
 * refused too.  An unrestricted key reports no digest parameter. */
static SP_RESULT pss_restriction(const struct sp_pkey *k, const struct sig_in *si) {
    char md[64];
    int min_salt = 0;
    if (k->alg != SP_KEY_RSA_PSS) return SP_OK;
    if (EVP_PKEY_get_utf8_string_param(k->pkey, OSSL_PKEY_PARAM_RSA_DIGEST, md, sizeof(md), NULL) != 1) return SP_OK;
    const EVP_MD *m = sp_md(si->hash);
    ENSURE(m != NULL && EVP_MD_is_a(m, md), NTE_INVALID_PARAMETER);
    if (EVP_PKEY_get_utf8_string_param(k->pkey, OSSL_PKEY_PARAM_RSA_MGF1_DIGEST, md, sizeof(md), NULL) == 1)
        ENSURE(EVP_MD_is_a(m, md), NTE_INVALID_PARAMETER); /* our MGF1 hash is the signature's */
    if (EVP_PKEY_get_int_param(k->pkey, OSSL_PKEY_PARAM_RSA_PSS_SALTLEN, &min_salt) == 1)
        ENSURE(min_salt <= (int)sp_hash_len(si->hash), NTE_INVALID_PARAMETER);
    return SP_OK;
}

/* The signature parameters as one OSSL_PARAM array for EVP_PKEY_sign_init_ex /
 * EVP_PKEY_verify_init_ex: one provider call.  The EVP_PKEY_CTX_set_rsa_* and
 * set_signature_md helpers each went through the legacy ctrl translation and a
 * provider call of their own (~30k instructions per RSA-PSS signature or
 * verification, issue #16 item 4).  *pad and *salt are the storage the array
 * points at. */
static SP_RESULT sig_params(const struct sp_pkey *k, const struct sig_in *si, OSSL_PARAM p[5], int *pad, int *salt) {
    size_t n = 0;
    const char *md = NULL;
    if (si->hash != SP_HASH_NONE) {
        const EVP_MD *m = sp_md(si->hash);
        ENSURE(m != NULL, NTE_NOT_SUPPORTED); /* MD5 in a FIPS-only configuration */
        md = EVP_MD_get0_name(m);
    }
    if (k->alg == SP_KEY_RSA || k->alg == SP_KEY_RSA_PSS) {
        *pad = si->pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING;
        p[n++] = OSSL_PARAM_construct_int(OSSL_SIGNATURE_PARAM_PAD_MODE, pad);
    }
    if (md != NULL) p[n++] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, (char *)md, 0);
    if (si->pss) {
        p[n++] = OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST, (char *)md, 0);
        /* Reference 11.14: salt length = hash length (RFC 8446 section 4.2.3). */
        *salt = RSA_PSS_SALTLEN_DIGEST;
        p[n++] = OSSL_PARAM_construct_int(OSSL_SIGNATURE_PARAM_PSS_SALTLEN, salt);
    }
    p[n] = OSSL_PARAM_construct_end();
    return SP_OK;
}

/* DER ECDSA-Sig-Value (also DSA's) <-> fixed-size r || s. */
static SP_RESULT der_to_raw(const uint8_t *der, size_t der_len, uint8_t *out, size_t n) {
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    ENSURE(sig != NULL, NTE_INTERNAL_ERROR);
    const BIGNUM *r, *s;
    ECDSA_SIG_get0(sig, &r, &s);
    bool ok = BN_bn2binpad(r, out, (int)n) == (int)n && BN_bn2binpad(s, out + n, (int)n) == (int)n;
    ECDSA_SIG_free(sig);
    ENSURE(ok, NTE_INTERNAL_ERROR);
    return SP_OK;
}

static SP_RESULT raw_to_der(const uint8_t *raw, size_t n, uint8_t **der, size_t *der_len) {
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, (int)n, NULL), *s = BN_bin2bn(raw + n, (int)n, NULL);
    if (sig == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(sig, r, s) != 1) {
        ECDSA_SIG_free(sig), BN_free(r), BN_free(s);
        BAIL(NTE_NO_MEMORY);
    }
    *der = NULL;
    int len = i2d_ECDSA_SIG(sig, der);
    ECDSA_SIG_free(sig);
    ENSURE(len > 0, NTE_NO_MEMORY);
    *der_len = (size_t)len;
    return SP_OK;
}

static SP_RESULT eddsa(const struct sp_pkey *k, bool sign, const uint8_t *msg, size_t len, uint8_t *sig,
                       size_t *sig_len) {
    sp_result res = SP_OK;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    CHECK(c != NULL, NTE_NO_MEMORY);
    if (sign) {
        TRY_OSSL(EVP_DigestSignInit_ex(c, NULL, NULL, NULL, NULL, k->pkey, NULL));
        TRY_OSSL(EVP_DigestSign(c, sig, sig_len, msg, len));
    } else {
        TRY_OSSL(EVP_DigestVerifyInit_ex(c, NULL, NULL, NULL, NULL, k->pkey, NULL));
        CHECK(EVP_DigestVerify(c, sig, *sig_len, msg, len) == 1, NTE_BAD_SIGNATURE);
    }
cleanup:
    EVP_MD_CTX_free(c);
    return res;
}

static SP_RESULT sign_hash(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hKey, const uint8_t *in, DWORD len, uint8_t *sig,
                           DWORD cap, DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *o = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    uint8_t der[160];
    size_t n = 0, der_len = sizeof(der);
    struct sig_in si;
    OSSL_PARAM params[5];
    int pad = 0, salt = 0;
    TRY(sp_provider_get(hProv, &prov));
    TRY(sp_handle_get(hKey, SP_T(SP_OBJ_PRIVATE), &o));
    struct sp_pkey *k = (struct sp_pkey *)o;
    CHECK(result != NULL, NTE_INVALID_PARAMETER);
    TRY(sig_input(k, in, len, flags, &si));
    TRY(pss_restriction(k, &si));
    TRY(sig_size(k, &n));
    *result = (DWORD)n;
    if (sig == NULL) goto cleanup; /* size query */
    CHECK(cap >= n, NTE_BUFFER_TOO_SMALL);
    if (k->alg == SP_KEY_ED25519 || k->alg == SP_KEY_ED448) {
        TRY(eddsa(k, true, si.data, si.len, sig, &n));
        goto cleanup;
    }
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY(sig_params(k, &si, params, &pad, &salt));
    TRY_OSSL(EVP_PKEY_sign_init_ex(ctx, params));
    if (k->alg == SP_KEY_EC || k->alg == SP_KEY_DSA) {
        TRY_OSSL(EVP_PKEY_sign(ctx, der, &der_len, si.data, si.len));
        TRY(der_to_raw(der, der_len, sig, n / 2));
    } else {
        size_t m = cap;
        TRY_OSSL(EVP_PKEY_sign(ctx, sig, &m, si.data, si.len));
        CHECK(m == n, NTE_INTERNAL_ERROR);
    }
cleanup:
    EVP_PKEY_CTX_free(ctx);
    sp_handle_put(o);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslSignHash(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                               PBYTE pbHashValue, DWORD cbHashValue, PBYTE pbSignature,
                                               DWORD cbSignature, DWORD *pcbResult, DWORD dwFlags) {
    return sp_status(
        sign_hash(hSslProvider, hPrivateKey, pbHashValue, cbHashValue, pbSignature, cbSignature, pcbResult, dwFlags));
}

static SP_RESULT verify_sig(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hKey, const uint8_t *in, DWORD len,
                            const uint8_t *sig, DWORD sig_len, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *o = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    uint8_t *der = NULL;
    size_t n = 0, der_len = 0;
    struct sig_in si;
    OSSL_PARAM params[5];
    int pad = 0, salt = 0;
    TRY(sp_provider_get(hProv, &prov));
    /* A peer's public key, or the public half of one of our private keys. */
    TRY(sp_handle_get(hKey, SP_T(SP_OBJ_PUBLIC) | SP_T(SP_OBJ_PRIVATE), &o));
    struct sp_pkey *k = (struct sp_pkey *)o;
    CHECK(sig != NULL || sig_len == 0, NTE_INVALID_PARAMETER);
    TRY(sig_input(k, in, len, flags, &si));
    TRY(sig_size(k, &n));
    /* Exactly the fixed size: a DER or truncated signature is simply bad. */
    CHECK(sig_len == n, NTE_BAD_SIGNATURE);
    if (k->alg == SP_KEY_ED25519 || k->alg == SP_KEY_ED448) {
        TRY(eddsa(k, false, si.data, si.len, (uint8_t *)sig, &n));
        goto cleanup;
    }
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY(sig_params(k, &si, params, &pad, &salt));
    TRY_OSSL(EVP_PKEY_verify_init_ex(ctx, params));
    if (k->alg == SP_KEY_EC || k->alg == SP_KEY_DSA) {
        TRY(raw_to_der(sig, n / 2, &der, &der_len));
        CHECK(EVP_PKEY_verify(ctx, der, der_len, si.data, si.len) == 1, NTE_BAD_SIGNATURE);
    } else {
        CHECK(EVP_PKEY_verify(ctx, sig, sig_len, si.data, si.len) == 1, NTE_BAD_SIGNATURE);
    }
cleanup:
    OPENSSL_free(der);
    EVP_PKEY_CTX_free(ctx);
    sp_handle_put(o);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslVerifySignature(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPublicKey,
                                                      PBYTE pbHashValue, DWORD cbHashValue, PBYTE pbSignature,
                                                      DWORD cbSignature, DWORD dwFlags) {
    return sp_status(verify_sig(hSslProvider, hPublicKey, pbHashValue, cbHashValue, pbSignature, cbSignature, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* SslComputeClientAuthHash                                                  */
/* ------------------------------------------------------------------------ */

/* SSL 3.0 CertificateVerify (RFC 6101 section 5.6.8):
 *   hash(master_secret + pad_2 + hash(handshake_messages + master_secret + pad_1))
 * pad_1 = 0x36, pad_2 = 0x5c, 48 times for MD5 and 40 times for SHA-1. */
static SP_RESULT ssl3_cv_part(struct sp_hshash *h, int idx, const uint8_t ms[SP_MASTER_SECRET_LEN], uint8_t *out) {
    sp_result res = SP_OK;
    EVP_MD_CTX *c = NULL;
    uint8_t inner[20], pad[48];
    unsigned int n = 0;
    size_t pad_len = idx == 0 ? 48 : 40;
    TRY(sp_hash_copy_md(h, idx, &c));
    memset(pad, 0x36, pad_len);
    TRY_OSSL(EVP_DigestUpdate(c, ms, SP_MASTER_SECRET_LEN));
    TRY_OSSL(EVP_DigestUpdate(c, pad, pad_len));
    TRY_OSSL(EVP_DigestFinal_ex(c, inner, &n));
    memset(pad, 0x5c, pad_len);
    TRY_OSSL(EVP_DigestInit_ex(c, sp_md(idx == 0 ? SP_HASH_MD5 : SP_HASH_SHA1), NULL));
    TRY_OSSL(EVP_DigestUpdate(c, ms, SP_MASTER_SECRET_LEN));
    TRY_OSSL(EVP_DigestUpdate(c, pad, pad_len));
    TRY_OSSL(EVP_DigestUpdate(c, inner, n));
    TRY_OSSL(EVP_DigestFinal_ex(c, out, &n));
cleanup:
    SP_WIPE_BUF(inner);
    EVP_MD_CTX_free(c);
    return res;
}

enum cv_alg { CV_RSA, CV_DSA_ECDSA };

static SP_RESULT client_auth_hash(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hMaster, NCRYPT_HASH_HANDLE hHash,
                                  LPCWSTR alg, uint8_t *out, DWORD cap, DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_hshash *h = NULL;
    struct sp_object *mo = NULL;
    uint8_t d[64];
    size_t n = 0;
    enum cv_alg cv;
    TRY(sp_provider_get(hProv, &prov));
    TRY(sp_hash_get(hHash, &h));
    CHECK(result != NULL && alg != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    if (sp_wcseq(alg, BCRYPT_RSA_ALGORITHM))
        cv = CV_RSA;
    else if (sp_wcseq(alg, BCRYPT_ECDSA_ALGORITHM) || sp_wcseq(alg, BCRYPT_DSA_ALGORITHM))
        cv = CV_DSA_ECDSA;
    else
        FAIL(NTE_NOT_SUPPORTED);
    DWORD proto = h->protocol;
    /* Only SSL 3.0 needs the master secret, but a bad non-zero handle is
     * always NTE_INVALID_HANDLE (misuse matrix, issue #7); 0 is accepted when
     * the protocol does not use it. */
    if (hMaster != 0 || proto == SSL3_PROTOCOL_VERSION) TRY(sp_handle_get(hMaster, SP_T(SP_OBJ_MASTER), &mo));
    /* TLS 1.3 signs a constructed content (RFC 8446 4.4.3), not a hash from here. */
    CHECK(proto != TLS1_3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    bool tls12 = sp_proto_is_tls12(proto);
    /* Before TLS 1.2, RSA signs MD5||SHA-1 and DSA/ECDSA sign SHA-1 alone
     * (RFC 2246 7.4.8, RFC 4492 5.8, RFC 6101 5.6.8). */
    n = tls12 ? sp_hash_len(h->alg) : (cv == CV_RSA ? 36 : 20);
    *result = (DWORD)n;
    if (out == NULL) goto cleanup;
    CHECK(cap >= n, NTE_BUFFER_TOO_SMALL);
    if (proto == SSL3_PROTOCOL_VERSION) {
        const struct sp_master *m = (const struct sp_master *)mo;
        CHECK(h->alg == SP_HASH_MD5SHA1, NTE_INVALID_PARAMETER);
        TRY(ssl3_cv_part(h, 0, m->secret, d));
        TRY(ssl3_cv_part(h, 1, m->secret, d + 16));
    } else {
        size_t got = 0;
        TRY(sp_hash_digest(h, d, &got));
        CHECK(got == (tls12 ? n : 36), NTE_INVALID_PARAMETER);
    }
    memcpy(out, (!tls12 && cv != CV_RSA) ? d + 16 : d, n);
cleanup:
    SP_WIPE_BUF(d);
    sp_handle_put(mo);
    sp_handle_put(h ? &h->obj : NULL);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeClientAuthHash(NCRYPT_PROV_HANDLE hSslProvider,
                                                            NCRYPT_KEY_HANDLE hMasterKey,
                                                            NCRYPT_HASH_HANDLE hHandshakeHash, LPCWSTR pszAlgId,
                                                            PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult,
                                                            DWORD dwFlags) {
    return sp_status(
        client_auth_hash(hSslProvider, hMasterKey, hHandshakeHash, pszAlgId, pbOutput, cbOutput, pcbResult, dwFlags));
}
