/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * keyblob.c - SslImportKey / SslExportKey: dispatch to the modules that own
 * each kind of key, and the sealed BCRYPT_OPAQUE_KEY_BLOB format.
 *
 * An opaque blob (version 2) is
 *   magic "SPOB" | version | object type | flags | salt(32) |
 *   AES-256-GCM(K, properties(1) || serialized object) | tag(16)
 * with the 48 header bytes as additional data.  flags bit 0: sealed under the
 * provider's shared sealing key (SSLPROV_OPTION_OPAQUE_SEALING_KEY) instead of
 * the random per-process key.  K = HKDF-SHA256(salt = the blob's random salt,
 * IKM = sealing key, info = "sslprov opaque blob v2"): a fresh key per blob, so
 * the all-zero GCM nonce is used once per key and no number of exports wears a
 * key out (a random 96-bit nonce under one key would be limited to about 2^32
 * blobs, NIST SP 800-38D section 8.3; issue #12 item 10).  The exportable
 * and loggable properties (sp_props) are sealed with the state: a round trip
 * never widens them (issue #12 item 2 (a)).
 */
#include "internal.h"

#include <openssl/rand.h>

static const struct sp_key_ops *const k_modules[] = {&sp_tls12_key_ops, &sp_kex_key_ops, &sp_tls13_key_ops};

#define OPAQUE_MAGIC     0x424F5053u /* "SPOB" */
#define OPAQUE_VERSION   2u
#define OPAQUE_SALT      32
#define OPAQUE_HDR       (16 + OPAQUE_SALT)
#define OPAQUE_TAG       16
#define OPAQUE_OVERHEAD  (OPAQUE_HDR + 1 + OPAQUE_TAG) /* + 1: the properties byte */
#define OPAQUE_MAX_STATE 8192
#define OPAQUE_F_SHARED  1u /* sealed under the provider's shared key */

static pthread_once_t g_wrap_once = PTHREAD_ONCE_INIT;
static uint8_t g_wrap_key[32];
static EVP_CIPHER *g_wrap_cipher; /* fetched once, like every algorithm */
static bool g_wrap_ok;

static void wrap_key_init(void) {
    g_wrap_cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    g_wrap_ok = g_wrap_cipher != NULL && SP_IS_OK(sp_random(g_wrap_key, sizeof(g_wrap_key)));
}

/* The sealing key of a blob: the provider's shared key when flags say so (and
 * the provider has one), else the per-process key. */
static SP_RESULT sealing_key(struct sp_provider *prov, uint32_t flags, uint8_t key[32]) {
    pthread_once(&g_wrap_once, wrap_key_init);
    ENSURE(g_wrap_ok, NTE_INTERNAL_ERROR);
    if ((flags & OPAQUE_F_SHARED) == 0) {
        memcpy(key, g_wrap_key, 32);
        return SP_OK;
    }
    ENSURE(sp_provider_sealing_key(prov, key), NTE_BAD_DATA);
    return SP_OK;
}

/* AES-256-GCM under the per-blob key derived from the sealing key and the
 * header's salt; aad is the whole header. */
static SP_RESULT gcm(bool enc, const uint8_t seal[32], const uint8_t *aad, const uint8_t *in, size_t len, uint8_t *out,
                     uint8_t *tag) {
    static const char k_info[] = "sslprov opaque blob v2";
    static const uint8_t k_nonce[12]; /* once per key: the key is new for every blob */
    sp_result res = SP_OK;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    uint8_t prk[32], key[32];
    int n = 0;
    CHECK(c != NULL, NTE_NO_MEMORY);
    /* RFC 5869: PRK = HKDF-Extract(salt, sealing key); K = HKDF-Expand(PRK, info, 32). */
    TRY(sp_hkdf_extract(SP_HASH_SHA256, aad + OPAQUE_HDR - OPAQUE_SALT, OPAQUE_SALT, seal, 32, prk));
    TRY(sp_hkdf_expand(SP_HASH_SHA256, prk, sizeof(prk), (const uint8_t *)k_info, sizeof(k_info) - 1, key,
                       sizeof(key)));
    TRY_OSSL(EVP_CipherInit_ex(c, g_wrap_cipher, NULL, key, k_nonce, enc ? 1 : 0));
    TRY_OSSL(EVP_CipherUpdate(c, NULL, &n, aad, OPAQUE_HDR));
    if (len > 0) TRY_OSSL(EVP_CipherUpdate(c, out, &n, in, (int)len));
    if (enc) {
        TRY_OSSL(EVP_CipherFinal_ex(c, out + len, &n));
        TRY_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, OPAQUE_TAG, tag));
    } else {
        TRY_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, OPAQUE_TAG, tag));
        CHECK(EVP_CipherFinal_ex(c, out + len, &n) > 0, NTE_BAD_DATA);
    }
cleanup:
    SP_WIPE_BUF(prk);
    SP_WIPE_BUF(key);
    EVP_CIPHER_CTX_free(c);
    return res;
}

static const struct sp_key_ops *module_for_type(uint32_t type) {
    switch (type) {
    case SP_OBJ_MASTER:
    case SP_OBJ_RECORD: return &sp_tls12_key_ops;
    case SP_OBJ_EPHEMERAL:
    case SP_OBJ_PUBLIC:
    case SP_OBJ_PRIVATE:
    case SP_OBJ_PREMASTER: return &sp_kex_key_ops;
    case SP_OBJ_TLS13: return &sp_tls13_key_ops;
    default: return NULL;
    }
}

/* A blob sealed under a shared key can be opened by anyone who holds that key -
 * the caller configured it - so it is an export in the clear like the
 * SSLPROV_*_BLOB ones: only for an exportable secret through a provider that
 * opted in.  The per-process key never leaves the process: no opt-in needed. */
static SP_RESULT opaque_export(struct sp_provider *prov, struct sp_object *obj, uint8_t *out, size_t cap,
                               size_t *needed) {
    sp_result res = SP_OK;
    const struct sp_key_ops *ops = module_for_type(obj->type);
    uint8_t *state = NULL, seal[32];
    size_t n = 0;
    uint32_t flags = sp_provider_sealing_key(prov, seal) ? OPAQUE_F_SHARED : 0;
    CHECK(ops != NULL && ops->serialize != NULL, NTE_NOT_SUPPORTED);
    TRY(ops->serialize(obj, NULL, 0, &n));
    CHECK(n + 1 <= OPAQUE_MAX_STATE, NTE_INTERNAL_ERROR);
    n += 1;
    if (flags & OPAQUE_F_SHARED) CHECK(obj->type == SP_OBJ_PUBLIC || sp_export_allowed(prov, obj), NTE_PERM);
    *needed = n - 1 + OPAQUE_OVERHEAD;
    if (out == NULL) goto cleanup;
    CHECK(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    state = sp_zalloc(n);
    CHECK(state != NULL, NTE_NO_MEMORY);
    state[0] = sp_props_of(obj);
    size_t m = n - 1;
    TRY(ops->serialize(obj, state + 1, m, &m));
    CHECK(m == n - 1, NTE_INTERNAL_ERROR);
    TRY(sealing_key(prov, flags, seal));
    sp_be32(out, OPAQUE_MAGIC);
    sp_be32(out + 4, OPAQUE_VERSION);
    sp_be32(out + 8, obj->type);
    sp_be32(out + 12, flags);
    TRY(sp_random(out + 16, OPAQUE_SALT));
    TRY(gcm(true, seal, out, state, n, out + OPAQUE_HDR, out + OPAQUE_HDR + n));
cleanup:
    SP_WIPE_BUF(seal);
    sp_free_secret(state, n);
    return res;
}

static uint32_t get_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static SP_RESULT opaque_import(struct sp_provider *prov, const uint8_t *blob, size_t len, struct sp_object **out) {
    sp_result res = SP_OK;
    uint8_t *state = NULL, seal[32], tag[OPAQUE_TAG];
    size_t n = 0;
    CHECK(len >= OPAQUE_OVERHEAD && len - OPAQUE_OVERHEAD < OPAQUE_MAX_STATE, NTE_BAD_DATA);
    CHECK(get_be32(blob) == OPAQUE_MAGIC && get_be32(blob + 4) == OPAQUE_VERSION, NTE_BAD_DATA);
    uint32_t type = get_be32(blob + 8), flags = get_be32(blob + 12);
    const struct sp_key_ops *ops = module_for_type(type);
    CHECK(ops != NULL && ops->deserialize != NULL, NTE_BAD_DATA);
    CHECK((flags & ~OPAQUE_F_SHARED) == 0, NTE_BAD_DATA);
    TRY(sealing_key(prov, flags, seal));
    n = len - OPAQUE_HDR - OPAQUE_TAG;
    state = sp_zalloc(n);
    CHECK(state != NULL, NTE_NO_MEMORY);
    memcpy(tag, blob + OPAQUE_HDR + n, OPAQUE_TAG);
    TRY(gcm(false, seal, blob, blob + OPAQUE_HDR, n, state, tag));
    CHECK((state[0] & ~SP_PROPS_ALL) == 0, NTE_BAD_DATA);
    TRY(ops->deserialize(prov, type, state + 1, n - 1, out));
    /* The sealed properties, not the importing provider's: never widened. */
    (*out)->exportable = (state[0] & SP_PROP_EXPORTABLE) != 0;
    (*out)->loggable = (state[0] & SP_PROP_LOGGABLE) != 0;
cleanup:
    SP_WIPE_BUF(seal);
    sp_free_secret(state, n);
    return res;
}

static SP_RESULT import_key(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE *out, LPCWSTR type, const uint8_t *blob,
                            DWORD len, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    CHECK(type != NULL && blob != NULL && len > 0, NTE_INVALID_PARAMETER);
    if (sp_wcseq(type, BCRYPT_OPAQUE_KEY_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(opaque_import(prov, blob, len, &obj));
    } else {
        res = SP_ERR(NTE_NOT_SUPPORTED);
        for (size_t i = 0; i < SP_ARRAY_LEN(k_modules) && res.st == NTE_NOT_SUPPORTED; i++) {
            if (k_modules[i]->import_blob != NULL) res = k_modules[i]->import_blob(prov, type, blob, len, flags, &obj);
        }
        /* A blob libcrypto could not parse because an allocation failed is
         * out of memory, not bad data (allocation-failure test, issue #7). */
        if (res.st == NTE_BAD_DATA || res.st == NTE_NOT_SUPPORTED) {
            SECURITY_STATUS why = sp_ossl_failure();
            if (why == NTE_NO_MEMORY) res = SP_ERR(why);
        }
        if (!SP_IS_OK(res)) goto cleanup;
    }
    res = sp_handle_publish(obj, out);
cleanup:
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslImportKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE *phKey,
                                                LPCWSTR pszBlobType, PBYTE pbKeyBlob, DWORD cbKeyBlob, DWORD dwFlags) {
    return sp_status(import_key(hSslProvider, phKey, pszBlobType, pbKeyBlob, cbKeyBlob, dwFlags));
}

static SP_RESULT export_key(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hKey, LPCWSTR type, uint8_t *out, DWORD cap,
                            DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    size_t needed = 0;
    TRY(sp_provider_get(hProv, &prov));
    TRY(sp_handle_get(hKey, SP_T_ANY_KEY, &obj));
    CHECK(type != NULL && result != NULL, NTE_INVALID_PARAMETER);
    if (sp_wcseq(type, BCRYPT_OPAQUE_KEY_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        res = opaque_export(prov, obj, out, cap, &needed);
    } else {
        const struct sp_key_ops *ops = module_for_type(obj->type);
        CHECK(ops != NULL && ops->export_blob != NULL, NTE_NOT_SUPPORTED);
        res = ops->export_blob(prov, obj, type, out, cap, &needed, flags);
    }
    if (SP_IS_OK(res) || res.st == NTE_BUFFER_TOO_SMALL) *result = (DWORD)needed;
cleanup:
    sp_handle_put(obj);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExportKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hKey,
                                                LPCWSTR pszBlobType, PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult,
                                                DWORD dwFlags) {
    return sp_status(export_key(hSslProvider, hKey, pszBlobType, pbOutput, cbOutput, pcbResult, dwFlags));
}
