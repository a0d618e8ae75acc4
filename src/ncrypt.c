/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * ncrypt.c - the subset of ncrypt.h's key storage functions that callers of
 * the SSL interface use (issue #11, fact 8): Windows' RSA client path takes the
 * server's public key as a key-storage key imported with NCryptImportKey on
 * MS_KEY_STORAGE_PROVIDER, and servers open their key by name.
 *
 * The key storage provider is an sslprov provider object flagged key_storage;
 * the keys it makes are the same objects SslImportKey (public keys) and
 * SslOpenPrivateKey (private keys) make, so every Ssl* function that takes a
 * public or private key takes them.  Nothing is persisted.
 */
#include "internal.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509.h>

#define NCRYPT_FLAGS_IMPORT                                                                                            \
    (NCRYPT_SILENT_FLAG | NCRYPT_DO_NOT_FINALIZE_FLAG | NCRYPT_OVERWRITE_KEY_FLAG | NCRYPT_MACHINE_KEY_FLAG)
#define NCRYPT_FLAGS_OPEN (NCRYPT_SILENT_FLAG | NCRYPT_MACHINE_KEY_FLAG)

static uint32_t get_le32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4); /* blob headers are host order (Windows: little-endian) */
    return v;
}

/* ------------------------------------------------------------------------ */
/* Provider                                                                  */
/* ------------------------------------------------------------------------ */

static SP_RESULT ksp_open(NCRYPT_PROV_HANDLE *out, LPCWSTR name, DWORD flags) {
    struct sp_provider *p = NULL;
    NCRYPT_PROV_HANDLE h = 0;
    ENSURE_REF(out);
    *out = 0;
    ENSURE((flags & ~(DWORD)NCRYPT_SILENT_FLAG) == 0, NTE_BAD_FLAGS);
    ENSURE(name == NULL || sp_wcseq(name, MS_KEY_STORAGE_PROVIDER), NTE_BAD_PROVIDER);
    SECURITY_STATUS st = SslOpenProvider(&h, NULL, 0);
    ENSURE(st == 0, st);
    if (!SP_IS_OK(sp_provider_get(h, &p))) {
        SslFreeObject(h, 0);
        BAIL(NTE_INTERNAL_ERROR);
    }
    /* Set before the handle is given out: never changes afterwards. */
    p->key_storage = true;
    sp_handle_put(&p->obj);
    *out = h;
    return SP_OK;
}

SSLPROV_API SECURITY_STATUS WINAPI NCryptOpenStorageProvider(NCRYPT_PROV_HANDLE *phProvider, LPCWSTR pszProviderName,
                                                             DWORD dwFlags) {
    return sp_status(ksp_open(phProvider, pszProviderName, dwFlags));
}

/* A key storage provider handle (an SSL provider handle is not one). */
static SP_RESULT ksp_get(NCRYPT_PROV_HANDLE h, struct sp_provider **out) {
    GUARD(sp_provider_get(h, out));
    if (!(*out)->key_storage) {
        sp_handle_put(&(*out)->obj);
        *out = NULL;
        BAIL(NTE_INVALID_HANDLE);
    }
    return SP_OK;
}

SSLPROV_API SECURITY_STATUS WINAPI NCryptFreeObject(NCRYPT_HANDLE hObject) {
    /* The same objects as the Ssl* handles: SslFreeObject frees them (a
     * provider handle by dropping its reference). */
    if (sp_handle_peek_type(hObject) == SP_OBJ_NONE) return NTE_INVALID_HANDLE;
    return SslFreeObject(hObject, 0);
}

/* ------------------------------------------------------------------------ */
/* Private key blobs                                                         */
/* ------------------------------------------------------------------------ */

/* BCRYPT_RSAPRIVATE_BLOB: BCRYPT_RSAKEY_BLOB {RSA2, BitLength, cbPublicExp,
 * cbModulus, cbPrime1, cbPrime2} then e, n, p, q (big-endian).  d and the CRT
 * values are derived: d = e^-1 mod lcm(p-1, q-1) (FIPS 186-4 B.3.1). */
static SP_RESULT rsa_private_from_blob(const uint8_t *b, size_t len, EVP_PKEY **out) {
    sp_result res = SP_OK;
    BIGNUM *e = NULL, *n = NULL, *p = NULL, *q = NULL, *d = NULL, *dp = NULL, *dq = NULL, *qi = NULL;
    BIGNUM *p1 = NULL, *q1 = NULL, *lcm = NULL, *g = NULL, *chk = NULL;
    BN_CTX *bn = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    CHECK(len >= sizeof(BCRYPT_RSAKEY_BLOB), NTE_BAD_DATA);
    uint32_t magic = get_le32(b), bits = get_le32(b + 4), cbe = get_le32(b + 8), cbn = get_le32(b + 12),
             cbp = get_le32(b + 16), cbq = get_le32(b + 20);
    CHECK(magic == BCRYPT_RSAPRIVATE_MAGIC, NTE_BAD_DATA);
    CHECK(cbe >= 1 && cbe <= 8 && cbn >= 64 && cbn <= 2048 && cbp >= 1 && cbp <= cbn && cbq >= 1 && cbq <= cbn,
          NTE_BAD_DATA);
    CHECK(len == sizeof(BCRYPT_RSAKEY_BLOB) + (size_t)cbe + cbn + cbp + cbq, NTE_BAD_DATA);
    const uint8_t *x = b + sizeof(BCRYPT_RSAKEY_BLOB);
    e = BN_bin2bn(x, (int)cbe, NULL), x += cbe;
    n = BN_bin2bn(x, (int)cbn, NULL), x += cbn;
    p = BN_secure_new(), q = BN_secure_new(), d = BN_secure_new();
    dp = BN_secure_new(), dq = BN_secure_new(), qi = BN_secure_new();
    p1 = BN_secure_new(), q1 = BN_secure_new(), lcm = BN_secure_new(), g = BN_secure_new(), chk = BN_new();
    bn = BN_CTX_secure_new();
    bld = OSSL_PARAM_BLD_new();
    CHECK(e && n && p && q && d && dp && dq && qi && p1 && q1 && lcm && g && chk && bn && bld, NTE_NO_MEMORY);
    CHECK(BN_bin2bn(x, (int)cbp, p) && BN_bin2bn(x + cbp, (int)cbq, q), NTE_NO_MEMORY);
    CHECK((uint32_t)BN_num_bits(n) == bits, NTE_BAD_DATA);
    /* n = p q, e odd > 1: anything else is not an RSA key. */
    TRY_OSSL(BN_mul(chk, p, q, bn));
    CHECK(BN_cmp(chk, n) == 0 && BN_is_odd(e) && !BN_is_one(e), NTE_BAD_DATA);
    TRY_OSSL(BN_sub(p1, p, BN_value_one()));
    TRY_OSSL(BN_sub(q1, q, BN_value_one()));
    TRY_OSSL(BN_gcd(g, p1, q1, bn));
    TRY_OSSL(BN_mul(lcm, p1, q1, bn));
    TRY_OSSL(BN_div(lcm, NULL, lcm, g, bn));
    CHECK(BN_mod_inverse(d, e, lcm, bn) != NULL, NTE_BAD_DATA);
    TRY_OSSL(BN_mod(dp, d, p1, bn));
    TRY_OSSL(BN_mod(dq, d, q1, bn));
    CHECK(BN_mod_inverse(qi, q, p, bn) != NULL, NTE_BAD_DATA);
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi));
    params = OSSL_PARAM_BLD_to_param(bld);
    CHECK(params != NULL, NTE_NO_MEMORY);
    TRY(sp_pkey_fromdata("RSA", EVP_PKEY_KEYPAIR, params, out));
cleanup:
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_CTX_free(bn);
    BN_free(e), BN_free(n), BN_free(chk);
    BN_clear_free(p), BN_clear_free(q), BN_clear_free(d), BN_clear_free(dp), BN_clear_free(dq);
    BN_clear_free(qi), BN_clear_free(p1), BN_clear_free(q1), BN_clear_free(lcm), BN_clear_free(g);
    return res;
}

/* BCRYPT_ECCPRIVATE_BLOB: {dwMagic, cbKey} X Y d.  The public point must be the
 * one d makes. */
static SP_RESULT ecc_private_from_blob(const uint8_t *b, size_t len, EVP_PKEY **out, bool *ecdsa) {
    ENSURE(len >= sizeof(BCRYPT_ECCKEY_BLOB), NTE_BAD_DATA);
    uint32_t magic = get_le32(b), cb = get_le32(b + 4);
    DWORD group;
    switch (magic) {
    case BCRYPT_ECDSA_PRIVATE_P256_MAGIC:
    case BCRYPT_ECDH_PRIVATE_P256_MAGIC: group = TLS_ECC_P256_CURVE_KEY_TYPE; break;
    case BCRYPT_ECDSA_PRIVATE_P384_MAGIC:
    case BCRYPT_ECDH_PRIVATE_P384_MAGIC: group = TLS_ECC_P384_CURVE_KEY_TYPE; break;
    case BCRYPT_ECDSA_PRIVATE_P521_MAGIC:
    case BCRYPT_ECDH_PRIVATE_P521_MAGIC: group = TLS_ECC_P521_CURVE_KEY_TYPE; break;
    default: BAIL(NTE_BAD_DATA);
    }
    *ecdsa = magic == BCRYPT_ECDSA_PRIVATE_P256_MAGIC || magic == BCRYPT_ECDSA_PRIVATE_P384_MAGIC ||
             magic == BCRYPT_ECDSA_PRIVATE_P521_MAGIC;
    ENSURE(cb == sp_group_coord_len(group) && len == 8 + 3 * (size_t)cb, NTE_BAD_DATA);
    GUARD(sp_ec_from_private(group, b + 8 + 2 * (size_t)cb, cb, out));
    uint8_t pub[1 + 2 * 66];
    size_t n = 0;
    if (EVP_PKEY_get_octet_string_param(*out, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub), &n) != 1 ||
        n != 1 + 2 * (size_t)cb || CRYPTO_memcmp(pub + 1, b + 8, 2 * (size_t)cb) != 0) {
        EVP_PKEY_free(*out);
        *out = NULL;
        ERR_clear_error();
        BAIL(NTE_BAD_DATA);
    }
    return SP_OK;
}

/* NCRYPT_PKCS8_PRIVATE_KEY_BLOB: one unencrypted DER PrivateKeyInfo. */
static SP_RESULT pkcs8_from_blob(const uint8_t *b, size_t len, EVP_PKEY **out) {
    const unsigned char *p = b;
    ENSURE(len > 0 && len <= INT32_MAX, NTE_BAD_DATA);
    PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
    ENSURE(p8 != NULL, NTE_BAD_DATA);
    bool whole = p == b + len;
    *out = whole ? EVP_PKCS82PKEY(p8) : NULL;
    PKCS8_PRIV_KEY_INFO_free(p8);
    ENSURE(*out != NULL, NTE_BAD_DATA);
    return SP_OK;
}

/* Publish pkey as a private key of prov (pkey owned on success and failure). */
static SP_RESULT publish_private(struct sp_provider *prov, EVP_PKEY *pkey, bool ecdsa, NCRYPT_KEY_HANDLE *out) {
    struct sp_pkey *k = NULL;
    sp_result r = sp_pkey_new(prov, SP_OBJ_PRIVATE, pkey, &k);
    if (!SP_IS_OK(r)) {
        EVP_PKEY_free(pkey);
        return r;
    }
    k->ecdsa = ecdsa;
    return sp_handle_publish(&k->obj, out);
}

static SP_RESULT import_key(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hImport, LPCWSTR type,
                            const NCryptBufferDesc *params, NCRYPT_KEY_HANDLE *out, const uint8_t *blob, DWORD len,
                            DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    EVP_PKEY *pkey = NULL;
    bool ecdsa = false;
    TRY(ksp_get(hProv, &prov));
    CHECK(out != NULL && type != NULL && (blob != NULL || len == 0), NTE_INVALID_PARAMETER);
    *out = 0;
    CHECK((flags & ~(DWORD)NCRYPT_FLAGS_IMPORT) == 0, NTE_BAD_FLAGS);
    CHECK(hImport == 0, NTE_NOT_SUPPORTED); /* wrapped import (an import key) is outside the NCrypt subset */
    /* The key is never persisted: a key name (NCRYPTBUFFER_PKCS_KEY_NAME) is accepted and ignored. */
    TRY(sp_params_check(params, true));
    if (sp_wcseq(type, BCRYPT_RSAPUBLIC_BLOB) || sp_wcseq(type, BCRYPT_ECCPUBLIC_BLOB)) {
        /* The same public-key objects SslImportKey makes. */
        TRY(sp_kex_key_ops.import_blob(prov, type, blob, len, 0, &obj));
        res = sp_handle_publish(obj, out);
        goto cleanup;
    }
    if (sp_wcseq(type, BCRYPT_RSAPRIVATE_BLOB))
        TRY(rsa_private_from_blob(blob, len, &pkey));
    else if (sp_wcseq(type, BCRYPT_ECCPRIVATE_BLOB))
        TRY(ecc_private_from_blob(blob, len, &pkey, &ecdsa));
    else if (sp_wcseq(type, NCRYPT_PKCS8_PRIVATE_KEY_BLOB))
        TRY(pkcs8_from_blob(blob, len, &pkey));
    else
        FAIL(NTE_NOT_SUPPORTED); /* the blob types of the subset are the three above */
    res = publish_private(prov, pkey, ecdsa || EVP_PKEY_is_a(pkey, "EC"), out);
    pkey = NULL;
cleanup:
    EVP_PKEY_free(pkey);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI NCryptImportKey(NCRYPT_PROV_HANDLE hProvider, NCRYPT_KEY_HANDLE hImportKey,
                                                   LPCWSTR pszBlobType, NCryptBufferDesc *pParameterList,
                                                   NCRYPT_KEY_HANDLE *phKey, PBYTE pbData, DWORD cbData,
                                                   DWORD dwFlags) {
    return sp_status(import_key(hProvider, hImportKey, pszBlobType, pParameterList, phKey, pbData, cbData, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Export                                                                    */
/* ------------------------------------------------------------------------ */

static SP_RESULT put_bn(const EVP_PKEY *pkey, const char *name, uint8_t **p, size_t cb) {
    GUARD(sp_pkey_bn_param(pkey, name, *p, cb));
    *p += cb;
    return SP_OK;
}

static SP_RESULT export_rsa_private(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    sp_result res = SP_OK;
    BIGNUM *e = NULL, *p = NULL, *q = NULL;
    CHECK(k->alg == SP_KEY_RSA, NTE_NOT_SUPPORTED);
    CHECK(EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1 &&
              EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR1, &p) == 1 &&
              EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_FACTOR2, &q) == 1,
          NTE_NOT_SUPPORTED); /* e.g. a key without its factors */
    uint32_t cbe = (uint32_t)BN_num_bytes(e), cbn = (uint32_t)k->cb, cbp = (uint32_t)BN_num_bytes(p),
             cbq = (uint32_t)BN_num_bytes(q);
    *needed = sizeof(BCRYPT_RSAKEY_BLOB) + cbe + cbn + cbp + cbq;
    if (out == NULL) goto cleanup;
    CHECK(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    BCRYPT_RSAKEY_BLOB h = {BCRYPT_RSAPRIVATE_MAGIC, (ULONG)EVP_PKEY_get_bits(k->pkey), cbe, cbn, cbp, cbq};
    memcpy(out, &h, sizeof(h));
    uint8_t *w = out + sizeof(h);
    CHECK(BN_bn2binpad(e, w, (int)cbe) == (int)cbe, NTE_INTERNAL_ERROR);
    w += cbe;
    TRY(put_bn(k->pkey, OSSL_PKEY_PARAM_RSA_N, &w, cbn));
    CHECK(BN_bn2binpad(p, w, (int)cbp) == (int)cbp && BN_bn2binpad(q, w + cbp, (int)cbq) == (int)cbq,
          NTE_INTERNAL_ERROR);
cleanup:
    BN_free(e);
    BN_clear_free(p);
    BN_clear_free(q);
    return res;
}

static SP_RESULT export_ecc_private(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    ENSURE(k->alg == SP_KEY_EC, NTE_NOT_SUPPORTED);
    uint32_t magic = k->group == TLS_ECC_P256_CURVE_KEY_TYPE   ? BCRYPT_ECDSA_PRIVATE_P256_MAGIC
                     : k->group == TLS_ECC_P384_CURVE_KEY_TYPE ? BCRYPT_ECDSA_PRIVATE_P384_MAGIC
                                                               : BCRYPT_ECDSA_PRIVATE_P521_MAGIC;
    if (!k->ecdsa) magic = magic - BCRYPT_ECDSA_PRIVATE_P256_MAGIC + BCRYPT_ECDH_PRIVATE_P256_MAGIC;
    *needed = 8 + 3 * k->cb;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    uint8_t pt[1 + 2 * 66];
    size_t n = 0;
    GUARD(sp_pkey_public_point(k, pt, sizeof(pt), &n));
    ENSURE(n == 1 + 2 * k->cb, NTE_INTERNAL_ERROR);
    uint32_t cb = (uint32_t)k->cb;
    memcpy(out, &magic, 4);
    memcpy(out + 4, &cb, 4);
    memcpy(out + 8, pt + 1, 2 * k->cb);
    return sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, out + 8 + 2 * k->cb, k->cb);
}

static SP_RESULT export_pkcs8(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    sp_result res = SP_OK;
    PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(k->pkey);
    CHECK(p8 != NULL, NTE_NOT_SUPPORTED);
    int n = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
    CHECK(n > 0, NTE_INTERNAL_ERROR);
    *needed = (size_t)n;
    if (out == NULL) goto cleanup;
    CHECK(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    unsigned char *w = out;
    CHECK(i2d_PKCS8_PRIV_KEY_INFO(p8, &w) == n, NTE_INTERNAL_ERROR);
cleanup:
    PKCS8_PRIV_KEY_INFO_free(p8);
    return res;
}

static SP_RESULT export_key(NCRYPT_KEY_HANDLE hKey, NCRYPT_KEY_HANDLE hExport, LPCWSTR type,
                            const NCryptBufferDesc *params, uint8_t *out, DWORD cap, DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_object *obj = NULL;
    size_t needed = 0;
    TRY(sp_handle_get(hKey, SP_T(SP_OBJ_PUBLIC) | SP_T(SP_OBJ_PRIVATE), &obj));
    CHECK(type != NULL && result != NULL, NTE_INVALID_PARAMETER);
    *result = 0;
    CHECK((flags & ~(DWORD)NCRYPT_SILENT_FLAG) == 0, NTE_BAD_FLAGS);
    CHECK(hExport == 0, NTE_NOT_SUPPORTED);
    TRY(sp_params_check(params, true));
    const struct sp_pkey *k = (const struct sp_pkey *)obj;
    if (sp_wcseq(type, BCRYPT_RSAPUBLIC_BLOB) || sp_wcseq(type, BCRYPT_ECCPUBLIC_BLOB)) {
        TRY(sp_kex_key_ops.export_blob(k->prov, obj, type, out, cap, &needed, 0));
    } else {
        sp_result (*fn)(const struct sp_pkey *, uint8_t *, size_t, size_t *) =
            sp_wcseq(type, BCRYPT_RSAPRIVATE_BLOB)          ? export_rsa_private
            : sp_wcseq(type, BCRYPT_ECCPRIVATE_BLOB)        ? export_ecc_private
            : sp_wcseq(type, NCRYPT_PKCS8_PRIVATE_KEY_BLOB) ? export_pkcs8
                                                            : NULL;
        CHECK(fn != NULL, NTE_NOT_SUPPORTED);
        CHECK(obj->type == SP_OBJ_PRIVATE, NTE_NOT_SUPPORTED);
        /* Plaintext private keys leave only a provider that opted in (the
         * secret-export rule of SSLPROV_OPTION_ALLOW_SECRET_EXPORT). */
        CHECK(sp_provider_export_allowed(k->prov), NTE_PERM);
        TRY(fn(k, out, cap, &needed));
    }
    CHECK(needed <= UINT32_MAX, NTE_INTERNAL_ERROR);
    *result = (DWORD)needed;
cleanup:
    sp_handle_put(obj);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI NCryptExportKey(NCRYPT_KEY_HANDLE hKey, NCRYPT_KEY_HANDLE hExportKey,
                                                   LPCWSTR pszBlobType, NCryptBufferDesc *pParameterList,
                                                   PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult, DWORD dwFlags) {
    return sp_status(export_key(hKey, hExportKey, pszBlobType, pParameterList, pbOutput, cbOutput, pcbResult, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* NCryptOpenKey: a key file by name                                         */
/* ------------------------------------------------------------------------ */

/* The first private key in the file at path, or NULL.  Never prompts. */
static EVP_PKEY *load_key_file(const char *path) {
    EVP_PKEY *k = NULL;
    OSSL_STORE_CTX *c = OSSL_STORE_open_ex(path, NULL, NULL, UI_null(), NULL, NULL, NULL, NULL);
    if (c == NULL) goto done;
    OSSL_STORE_expect(c, OSSL_STORE_INFO_PKEY);
    while (k == NULL && !OSSL_STORE_eof(c)) {
        OSSL_STORE_INFO *info = OSSL_STORE_load(c);
        if (info == NULL) {
            if (OSSL_STORE_error(c)) break;
            continue;
        }
        if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY) k = OSSL_STORE_INFO_get1_PKEY(info);
        OSSL_STORE_INFO_free(info);
    }
    OSSL_STORE_close(c);
done:
    ERR_clear_error();
    return k;
}

/* The name as UTF-8, refused if it could leave the key directory. */
static SP_RESULT key_name(LPCWSTR wname, char *name, size_t cap) {
    DWORD n = 0;
    ENSURE(SslProvUtf16ToUtf8(wname, 256, name, (DWORD)cap, &n) == 0, NTE_INVALID_PARAMETER);
    ENSURE(name[0] != 0 && name[0] != '.' && strchr(name, '/') == NULL && strchr(name, '\\') == NULL,
           NTE_INVALID_PARAMETER);
    return SP_OK;
}

static EVP_PKEY *find_named_key(const char *name) {
    static const char *const suffix[] = {"", ".pem", ".key", ".der"};
    const char *env = getenv(SSLPROV_KEY_PATH_ENV);
    EVP_PKEY *k = NULL;
    char *copy = env ? OPENSSL_strdup(env) : NULL, *save = NULL;
    if (copy == NULL) return NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir != NULL && k == NULL; dir = strtok_r(NULL, ":", &save)) {
        for (size_t i = 0; i < SP_ARRAY_LEN(suffix) && k == NULL; i++) {
            char path[4096];
            struct stat st;
            int w = snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix[i]);
            if (w <= 0 || (size_t)w >= sizeof(path)) continue;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) k = load_key_file(path);
        }
    }
    OPENSSL_free(copy);
    return k;
}

static SP_RESULT open_key(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE *out, LPCWSTR wname, DWORD spec, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    char name[768];
    SP_UNUSED(spec); /* AT_KEYEXCHANGE / AT_SIGNATURE / 0: one key per name here */
    TRY(ksp_get(hProv, &prov));
    CHECK(out != NULL && wname != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    CHECK((flags & ~(DWORD)NCRYPT_FLAGS_OPEN) == 0, NTE_BAD_FLAGS);
    TRY(key_name(wname, name, sizeof(name)));
    EVP_PKEY *k = find_named_key(name);
    CHECK(k != NULL, NTE_BAD_KEYSET);
    res = publish_private(prov, k, EVP_PKEY_is_a(k, "EC"), out);
cleanup:
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI NCryptOpenKey(NCRYPT_PROV_HANDLE hProvider, NCRYPT_KEY_HANDLE *phKey,
                                                 LPCWSTR pszKeyName, DWORD dwLegacyKeySpec, DWORD dwFlags) {
    return sp_status(open_key(hProvider, phKey, pszKeyName, dwLegacyKeySpec, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* NCryptGetProperty                                                         */
/* ------------------------------------------------------------------------ */

/* Copy a property value out (out NULL: size query). */
static SP_RESULT put_prop(const void *v, size_t n, uint8_t *out, DWORD cap, DWORD *result) {
    *result = (DWORD)n;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= n, NTE_BUFFER_TOO_SMALL);
    memcpy(out, v, n);
    return SP_OK;
}

static SP_RESULT put_wstr(const char *s, uint8_t *out, DWORD cap, DWORD *result) {
    WCHAR w[64];
    sp_wcs_from_ascii(w, SP_ARRAY_LEN(w), s);
    return put_prop(w, (sp_wcslen(w, SP_ARRAY_LEN(w)) + 1) * sizeof(WCHAR), out, cap, result);
}

static const char *curve_suffix(DWORD group) {
    return group == TLS_ECC_P256_CURVE_KEY_TYPE   ? "_P256"
           : group == TLS_ECC_P384_CURVE_KEY_TYPE ? "_P384"
           : group == TLS_ECC_P521_CURVE_KEY_TYPE ? "_P521"
                                                  : "";
}

static SP_RESULT key_prop(const struct sp_pkey *k, LPCWSTR name, uint8_t *out, DWORD cap, DWORD *result) {
    const char *group = k->alg == SP_KEY_RSA || k->alg == SP_KEY_RSA_PSS     ? "RSA"
                        : k->alg == SP_KEY_EC                                ? (k->ecdsa ? "ECDSA" : "ECDH")
                        : k->alg == SP_KEY_ED25519 || k->alg == SP_KEY_ED448 ? "ECDSA"
                        : k->alg == SP_KEY_X25519 || k->alg == SP_KEY_X448   ? "ECDH"
                        : k->alg == SP_KEY_DSA                               ? "DSA"
                                                                             : "DH";
    if (sp_wcseq(name, NCRYPT_ALGORITHM_GROUP_PROPERTY)) return put_wstr(group, out, cap, result);
    if (sp_wcseq(name, NCRYPT_ALGORITHM_PROPERTY)) {
        char alg[32];
        snprintf(alg, sizeof(alg), "%s%s", group, k->alg == SP_KEY_EC ? curve_suffix(k->group) : "");
        return put_wstr(alg, out, cap, result);
    }
    if (sp_wcseq(name, NCRYPT_LENGTH_PROPERTY)) {
        DWORD bits = (DWORD)EVP_PKEY_get_bits(k->pkey);
        return put_prop(&bits, sizeof(bits), out, cap, result);
    }
    if (sp_wcseq(name, NCRYPT_EXPORT_POLICY_PROPERTY)) {
        DWORD v = k->obj.type == SP_OBJ_PRIVATE && sp_provider_export_allowed(k->prov)
                      ? NCRYPT_ALLOW_EXPORT_FLAG | NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG
                      : 0;
        return put_prop(&v, sizeof(v), out, cap, result);
    }
    BAIL(NTE_NOT_SUPPORTED);
}

static SP_RESULT get_property(NCRYPT_HANDLE h, LPCWSTR name, uint8_t *out, DWORD cap, DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_object *obj = NULL;
    TRY(sp_handle_get(h, SP_T(SP_OBJ_PROVIDER) | SP_T(SP_OBJ_PUBLIC) | SP_T(SP_OBJ_PRIVATE), &obj));
    CHECK(name != NULL && result != NULL, NTE_INVALID_PARAMETER);
    *result = 0;
    CHECK((flags & ~(DWORD)NCRYPT_SILENT_FLAG) == 0, NTE_BAD_FLAGS);
    if (obj->type == SP_OBJ_PROVIDER) {
        const struct sp_provider *p = (const struct sp_provider *)obj;
        CHECK(sp_wcseq(name, NCRYPT_NAME_PROPERTY), NTE_NOT_SUPPORTED);
        LPCWSTR v = p->key_storage ? MS_KEY_STORAGE_PROVIDER : MS_SCHANNEL_PROVIDER;
        TRY(put_prop(v, (sp_wcslen(v, 256) + 1) * sizeof(WCHAR), out, cap, result));
    } else {
        TRY(key_prop((const struct sp_pkey *)obj, name, out, cap, result));
    }
cleanup:
    sp_handle_put(obj);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI NCryptGetProperty(NCRYPT_HANDLE hObject, LPCWSTR pszProperty, PBYTE pbOutput,
                                                     DWORD cbOutput, DWORD *pcbResult, DWORD dwFlags) {
    return sp_status(get_property(hObject, pszProperty, pbOutput, cbOutput, pcbResult, dwFlags));
}
