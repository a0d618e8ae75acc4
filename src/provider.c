/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * provider.c - the provider object and the router functions: SslOpenProvider,
 * SslFreeObject, reference counts, SslEnumProtocolProviders, SslFreeBuffer,
 * SslChangeNotify, GetSChannelInterface, properties and the SslProv* options.
 */
#include "internal.h"
#include "kex.h"

/* The provider pool (see struct sp_provider): a closed provider's memory is
 * kept for the next SslOpenProvider.  A call that validated the handle just
 * before it was closed still reads a provider (this one, reset, or a newer
 * one), never freed memory; its keylog_lock stays initialised for that reason. */
static pthread_mutex_t g_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sp_provider *g_pool;

void sp_provider_destroy(struct sp_object *o) {
    struct sp_provider *p = (struct sp_provider *)o;
    pthread_mutex_lock(&p->keylog_lock);
    atomic_store_explicit(&p->keylog_on, false, memory_order_release);
    p->keylog_fn = NULL;
    p->keylog_ctx = NULL;
    /* The sealing key dies with the provider (the memory is recycled as the
     * next provider, which starts without one). */
    SP_WIPE_BUF(p->seal_key);
    p->has_seal_key = false;
    pthread_mutex_unlock(&p->keylog_lock);
    atomic_store_explicit(&p->allow_export, 0, memory_order_relaxed);
    pthread_mutex_lock(&g_pool_lock);
    p->pool_next = g_pool;
    g_pool = p;
    pthread_mutex_unlock(&g_pool_lock);
}

static struct sp_provider *provider_alloc(void) {
    pthread_mutex_lock(&g_pool_lock);
    struct sp_provider *p = g_pool;
    if (p != NULL) g_pool = p->pool_next;
    pthread_mutex_unlock(&g_pool_lock);
    if (p != NULL) return p;
    p = sp_zalloc(sizeof(*p));
    if (p != NULL) pthread_mutex_init(&p->keylog_lock, NULL);
    return p;
}

static bool provider_name_ok(LPCWSTR name) {
    /* Reference 11.15: NULL and MS_SCHANNEL_PROVIDER open sslprov. */
    return name == NULL || sp_wcseq(name, MS_SCHANNEL_PROVIDER) || sp_wcseq(name, SSLPROV_PROVIDER_NAME);
}

static SP_RESULT open_provider(NCRYPT_PROV_HANDLE *out, LPCWSTR name, DWORD flags) {
    ENSURE_REF(out);
    *out = 0;
    ENSURE(flags == 0, NTE_INVALID_PARAMETER); /* Windows: reserved flags are an invalid parameter here */
    ENSURE(provider_name_ok(name), NTE_BAD_PROVIDER);
    GUARD(sp_crypto_init());
    struct sp_provider *p = provider_alloc();
    ENSURE(p != NULL, NTE_NO_MEMORY);
    sp_object_init(&p->obj, SP_OBJ_PROVIDER, NULL);
    atomic_store_explicit(&p->user_refs, 1, memory_order_relaxed);
    atomic_store_explicit(&p->allow_export, 0, memory_order_relaxed);
    p->key_storage = false; /* pooled objects are reused: NCryptOpenStorageProvider sets it */
    return sp_handle_publish(&p->obj, out);
}

SSLPROV_API SECURITY_STATUS WINAPI SslOpenProvider(NCRYPT_PROV_HANDLE *phSslProvider, LPCWSTR pszProviderName,
                                                   DWORD dwFlags) {
    return sp_status(open_provider(phSslProvider, pszProviderName, dwFlags));
}

SP_RESULT sp_provider_get(NCRYPT_PROV_HANDLE h, struct sp_provider **out) {
    /* A read-only check: every thread's calls name the same provider, and a
     * reference count would make each call write its cache line. */
    struct sp_object *o = NULL;
    GUARD(sp_handle_peek_obj(h, SP_T(SP_OBJ_PROVIDER), &o));
    *out = (struct sp_provider *)o;
    return SP_OK;
}

bool sp_provider_export_allowed(const struct sp_provider *p) {
    return atomic_load_explicit(&p->allow_export, memory_order_acquire) != 0;
}

/* Header, "Secret export": the object carries the creator's decision (fixed
 * when its root secret was made, inherited by everything derived from it), and
 * the provider the caller exports through must have opted in as well. */
bool sp_export_allowed(const struct sp_provider *caller, const struct sp_object *obj) {
    return caller != NULL && obj != NULL && obj->exportable && sp_provider_export_allowed(caller);
}

bool sp_provider_sealing_key(struct sp_provider *p, uint8_t key[32]) {
    pthread_mutex_lock(&p->keylog_lock);
    bool has = p->has_seal_key;
    if (has) memcpy(key, p->seal_key, 32);
    pthread_mutex_unlock(&p->keylog_lock);
    return has;
}

/* Drop one user reference; the handle dies at zero (reference 11.16). */
static SP_RESULT provider_release(NCRYPT_PROV_HANDLE h) {
    struct sp_provider *p = NULL;
    GUARD(sp_provider_get(h, &p));
    uint32_t n = atomic_load_explicit(&p->user_refs, memory_order_acquire);
    bool last = false;
    for (;;) {
        if (n == 0) break;
        if (atomic_compare_exchange_weak_explicit(&p->user_refs, &n, n - 1, memory_order_acq_rel,
                                                  memory_order_acquire)) {
            last = (n == 1);
            break;
        }
    }
    sp_handle_put(&p->obj);
    ENSURE(n != 0, NTE_INVALID_HANDLE);
    if (last) return sp_handle_close(h, NULL);
    return SP_OK;
}

/* As Windows' SslFreeObject: dwFlags is not read (the object is freed
 * whatever it says), and handle 0 is STATUS_INVALID_HANDLE. */
static SP_RESULT free_object(NCRYPT_HANDLE h, DWORD flags) {
    SP_UNUSED(flags);
    ENSURE(h != 0, STATUS_INVALID_HANDLE);
    uint32_t type = sp_handle_peek_type(h);
    ENSURE(type != SP_OBJ_NONE, NTE_INVALID_HANDLE);
    if (type == SP_OBJ_PROVIDER) return provider_release(h);
    return sp_handle_close(h, NULL);
}

SSLPROV_API SECURITY_STATUS WINAPI SslFreeObject(NCRYPT_HANDLE hObject, DWORD dwFlags) {
    return sp_status(free_object(hObject, dwFlags));
}

static SP_RESULT provider_addref(NCRYPT_PROV_HANDLE h) {
    struct sp_provider *p = NULL;
    GUARD(sp_provider_get(h, &p));
    uint32_t n = atomic_load_explicit(&p->user_refs, memory_order_acquire);
    bool ok = false;
    while (n != 0 && n < UINT32_MAX - 1) {
        if (atomic_compare_exchange_weak_explicit(&p->user_refs, &n, n + 1, memory_order_acq_rel,
                                                  memory_order_acquire)) {
            ok = true;
            break;
        }
    }
    sp_handle_put(&p->obj);
    ENSURE(ok, NTE_INVALID_HANDLE);
    return SP_OK;
}

SSLPROV_API SECURITY_STATUS WINAPI SslIncrementProviderReferenceCount(NCRYPT_PROV_HANDLE hSslProvider) {
    return sp_status(provider_addref(hSslProvider));
}

SSLPROV_API SECURITY_STATUS WINAPI SslDecrementProviderReferenceCount(NCRYPT_PROV_HANDLE hSslProvider) {
    sp_result r = provider_release(hSslProvider);
    /* Documented: an invalid handle is STATUS_INVALID_HANDLE here. */
    if (r.st == NTE_INVALID_HANDLE) r.st = STATUS_INVALID_HANDLE;
    return sp_status(r);
}

SSLPROV_API SECURITY_STATUS WINAPI SslChangeNotify(HANDLE hEvent, DWORD dwFlags) {
    SP_UNUSED(hEvent);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

/* Only buffers the library handed out are freed (buffers.c): anything else -
 * NULL, a foreign or interior pointer, a second free - is NTE_INVALID_PARAMETER. */
SSLPROV_API SECURITY_STATUS WINAPI SslFreeBuffer(PVOID pvInput) { return sp_status(sp_buffer_free(pvInput)); }

static SP_RESULT enum_providers(DWORD *count, NCryptProviderName **list, DWORD flags) {
    ENSURE(count != NULL && list != NULL, NTE_INVALID_PARAMETER);
    ENSURE(flags == 0, NTE_BAD_FLAGS);
    const size_t nlen = sp_wcslen(MS_SCHANNEL_PROVIDER, 256) + 1;
    const size_t clen = sp_wcslen(SSLPROV_PROVIDER_NAME, 256) + 1;
    /* One allocation: the array, then the strings, freed by one SslFreeBuffer. */
    size_t total = sizeof(NCryptProviderName) + (nlen + clen) * sizeof(WCHAR);
    uint8_t *buf = sp_buffer_alloc(total);
    ENSURE(buf != NULL, NTE_NO_MEMORY);
    NCryptProviderName *arr = (NCryptProviderName *)buf;
    WCHAR *name = (WCHAR *)(buf + sizeof(NCryptProviderName));
    WCHAR *comment = name + nlen;
    memcpy(name, MS_SCHANNEL_PROVIDER, nlen * sizeof(WCHAR));
    memcpy(comment, SSLPROV_PROVIDER_NAME, clen * sizeof(WCHAR));
    arr[0].pszName = name;
    arr[0].pszComment = comment;
    *count = 1;
    *list = arr;
    return SP_OK;
}

SSLPROV_API SECURITY_STATUS WINAPI SslEnumProtocolProviders(DWORD *pdwProviderCount,
                                                            NCryptProviderName **ppProviderList, DWORD dwFlags) {
    return sp_status(enum_providers(pdwProviderCount, ppProviderList, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Properties                                                                */
/* ------------------------------------------------------------------------ */

static SP_RESULT alloc_out(const void *data, size_t n, PBYTE *out, DWORD *out_len) {
    uint8_t *b = sp_buffer_alloc(n ? n : 1);
    ENSURE(b != NULL, NTE_NO_MEMORY);
    memcpy(b, data, n);
    *out = b;
    *out_len = (DWORD)n;
    return SP_OK;
}

static SP_RESULT provider_property(NCRYPT_PROV_HANDLE h, LPCWSTR name, PBYTE *out, DWORD *out_len, PVOID *enum_state,
                                   DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *p = NULL;
    TRY(sp_provider_get(h, &p));
    CHECK(name != NULL && out != NULL && out_len != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    SP_UNUSED(enum_state); /* no enumerable property */
    if (sp_wcseq(name, SSLPROV_PROVIDER_PROPERTY_VERSION)) {
        DWORD v = (SSLPROV_VERSION_MAJOR << 16) | (SSLPROV_VERSION_MINOR << 8) | SSLPROV_VERSION_PATCH;
        TRY(alloc_out(&v, sizeof(v), out, out_len));
    } else if (sp_wcseq(name, SSLPROV_PROVIDER_PROPERTY_NAME)) {
        size_t n = (sp_wcslen(MS_SCHANNEL_PROVIDER, 256) + 1) * sizeof(WCHAR);
        TRY(alloc_out(MS_SCHANNEL_PROVIDER, n, out, out_len));
    } else {
        FAIL(NTE_NOT_SUPPORTED);
    }
cleanup:
    sp_handle_put(p ? &p->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGetProviderProperty(NCRYPT_PROV_HANDLE hSslProvider, LPCWSTR pszProperty,
                                                          PBYTE *ppbOutput, DWORD *pcbOutput, PVOID *ppEnumState,
                                                          DWORD dwFlags) {
    return sp_status(provider_property(hSslProvider, pszProperty, ppbOutput, pcbOutput, ppEnumState, dwFlags));
}

/* The NCryptGetProperty names answered for a key (ncrypt.h spellings). */
#define SP_PROP_LENGTH          u"Length"
#define SP_PROP_ALGORITHM_GROUP u"Algorithm Group"

static LPCWSTR algorithm_group(const struct sp_pkey *k) {
    switch (k->alg) {
    case SP_KEY_RSA:
    case SP_KEY_RSA_PSS: return u"RSA";
    case SP_KEY_EC: return k->obj.type == SP_OBJ_EPHEMERAL ? u"ECDH" : u"ECDSA";
    case SP_KEY_X25519:
    case SP_KEY_X448: return u"ECDH";
    case SP_KEY_DH: return u"DH";
    case SP_KEY_DSA: return u"DSA";
    default: return u"ECDSA"; /* EdDSA keys */
    }
}

/* As Windows' SslGetKeyProperty: only keys from SslOpenPrivateKey and
 * SslCreateEphemeralKey (others are NTE_INVALID_HANDLE); KEYTYPE only on an
 * ephemeral key; other names are answered as NCryptGetProperty answers them
 * for the underlying key (sslprov: Length and Algorithm Group), anything
 * else NTE_NOT_SUPPORTED. */
static SP_RESULT key_property(NCRYPT_KEY_HANDLE h, LPCWSTR name, PBYTE *out, DWORD *out_len, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_object *k = NULL;
    TRY(sp_handle_get(h, SP_T(SP_OBJ_PRIVATE) | SP_T(SP_OBJ_EPHEMERAL), &k));
    CHECK(name != NULL && sp_wcslen(name, 65) <= 64, NTE_INVALID_PARAMETER);
    CHECK(out != NULL && out_len != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    const struct sp_pkey *pk = (const struct sp_pkey *)k;
    if (sp_wcseq(name, SSL_KEY_TYPE_PROPERTY)) {
        CHECK(k->type == SP_OBJ_EPHEMERAL, NTE_INVALID_HANDLE);
        DWORD v = pk->key_type;
        TRY(alloc_out(&v, sizeof(v), out, out_len));
    } else if (sp_wcseq(name, SP_PROP_LENGTH)) {
        DWORD bits = (DWORD)EVP_PKEY_get_bits(pk->pkey);
        TRY(alloc_out(&bits, sizeof(bits), out, out_len));
    } else if (sp_wcseq(name, SP_PROP_ALGORITHM_GROUP)) {
        LPCWSTR g = algorithm_group(pk);
        TRY(alloc_out(g, (sp_wcslen(g, 16) + 1) * sizeof(WCHAR), out, out_len));
    } else {
        FAIL(NTE_NOT_SUPPORTED);
    }
cleanup:
    sp_handle_put(k);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGetKeyProperty(NCRYPT_KEY_HANDLE hKey, LPCWSTR pszProperty, PBYTE *ppbOutput,
                                                     DWORD *pcbOutput, DWORD dwFlags) {
    return sp_status(key_property(hKey, pszProperty, ppbOutput, pcbOutput, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Extensions                                                                */
/* ------------------------------------------------------------------------ */

static SP_RESULT set_option(NCRYPT_PROV_HANDLE h, DWORD option, DWORD value) {
    sp_result res = SP_OK;
    struct sp_provider *p = NULL;
    TRY(sp_provider_get(h, &p));
    switch (option) {
    case SSLPROV_OPTION_ALLOW_SECRET_EXPORT:
        CHECK(value <= 1, NTE_INVALID_PARAMETER);
        atomic_store_explicit(&p->allow_export, value, memory_order_release);
        break;
    case SSLPROV_OPTION_OPAQUE_SEALING_KEY: FAIL(NTE_INVALID_PARAMETER); /* bytes: SslProvSetProviderOptionEx */
    default: FAIL(NTE_NOT_SUPPORTED);
    }
cleanup:
    sp_handle_put(p ? &p->obj : NULL);
    return res;
}

static SP_RESULT set_option_ex(NCRYPT_PROV_HANDLE h, DWORD option, const uint8_t *value, DWORD len, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *p = NULL;
    TRY(sp_provider_get(h, &p));
    CHECK(flags == 0, NTE_BAD_FLAGS);
    CHECK(value != NULL || len == 0, NTE_INVALID_PARAMETER);
    switch (option) {
    case SSLPROV_OPTION_ALLOW_SECRET_EXPORT: {
        DWORD v = 0;
        CHECK(len == sizeof(v), NTE_INVALID_PARAMETER);
        memcpy(&v, value, sizeof(v));
        TRY(set_option(h, option, v));
        break;
    }
    case SSLPROV_OPTION_OPAQUE_SEALING_KEY:
        /* 32 bytes set the key; (NULL, 0) returns to the per-process key. */
        CHECK(len == 32 || len == 0, NTE_INVALID_PARAMETER);
        pthread_mutex_lock(&p->keylog_lock);
        if (len == 32)
            memcpy(p->seal_key, value, 32);
        else
            SP_WIPE_BUF(p->seal_key);
        p->has_seal_key = len == 32;
        pthread_mutex_unlock(&p->keylog_lock);
        break;
    default: FAIL(NTE_NOT_SUPPORTED);
    }
cleanup:
    sp_handle_put(p ? &p->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvSetProviderOptionEx(NCRYPT_PROV_HANDLE hSslProvider, DWORD dwOption,
                                                              PBYTE pbValue, DWORD cbValue, DWORD dwFlags) {
    return sp_status(set_option_ex(hSslProvider, dwOption, pbValue, cbValue, dwFlags));
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvSetProviderOption(NCRYPT_PROV_HANDLE hSslProvider, DWORD dwOption,
                                                            DWORD dwValue) {
    return sp_status(set_option(hSslProvider, dwOption, dwValue));
}

static SP_RESULT set_keylog(NCRYPT_PROV_HANDLE h, SSLPROV_KEYLOG_FN fn, void *ctx) {
    struct sp_provider *p = NULL;
    GUARD(sp_provider_get(h, &p));
    pthread_mutex_lock(&p->keylog_lock);
    p->keylog_fn = fn;
    p->keylog_ctx = fn ? ctx : NULL;
    atomic_store_explicit(&p->keylog_on, fn != NULL, memory_order_release);
    pthread_mutex_unlock(&p->keylog_lock);
    sp_handle_put(&p->obj);
    return SP_OK;
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvSetKeyLogCallback(NCRYPT_PROV_HANDLE hSslProvider,
                                                            SSLPROV_KEYLOG_FN pfnCallback, void *pvContext) {
    return sp_status(set_keylog(hSslProvider, pfnCallback, pvContext));
}

/* ------------------------------------------------------------------------ */
/* Function table                                                            */
/* ------------------------------------------------------------------------ */

static NCRYPT_SSL_FUNCTION_TABLE g_table = {
    NCRYPT_SSL_INTERFACE_VERSION_5,
    SslComputeClientAuthHash,
    SslComputeEapKeyBlock,
    SslComputeFinishedHash,
    SslCreateEphemeralKey,
    SslCreateHandshakeHash,
    SslDecryptPacket,
    SslEncryptPacket,
    SslEnumCipherSuites,
    SslExportKey,
    SslFreeBuffer,
    SslFreeObject,
    SslGenerateMasterKey,
    SslGenerateSessionKeys,
    SslGetKeyProperty,
    SslGetProviderProperty,
    SslHashHandshake,
    SslImportMasterKey,
    SslImportKey,
    SslLookupCipherSuiteInfo,
    SslOpenPrivateKey,
    SslOpenProvider,
    SslSignHash,
    SslVerifySignature,
    SslLookupCipherLengths,
    SslCreateClientAuthHash,
    SslGetCipherSuitePRFHashAlgorithm,
    SslComputeSessionHash,
    SslGeneratePreMasterKey,
    SslEnumEccCurves,
    SslExportKeyingMaterial,
    SslExtractEarlyKey,
    SslExtractHandshakeKey,
    SslExtractMasterKey,
    SslExpandTrafficKeys,
    SslExpandWriteKey,
    SslExpandExporterMasterKey,
    SslEnumCipherSuitesEx,
    SslExpandResumptionMasterKey,
    SslDuplicateTranscriptHash,
    SslExpandBinderKey,
    SslExpandPreSharedKey,
};

SSLPROV_API NTSTATUS WINAPI GetSChannelInterface(LPCWSTR pszProviderName, NCRYPT_SSL_FUNCTION_TABLE **ppFunctionTable,
                                                 DWORD dwFlags) {
    if (ppFunctionTable == NULL) return STATUS_INVALID_PARAMETER;
    *ppFunctionTable = NULL;
    if (dwFlags != 0) return NTE_BAD_FLAGS;
    if (!provider_name_ok(pszProviderName)) return STATUS_NOT_FOUND;
    *ppFunctionTable = &g_table;
    return STATUS_SUCCESS;
}

SSLPROV_API SECURITY_STATUS WINAPI SslInitializeInterface(LPCWSTR pszProviderName,
                                                          NCRYPT_SSL_FUNCTION_TABLE *pFunctionTable, DWORD dwFlags) {
    if (pFunctionTable == NULL) return NTE_INVALID_PARAMETER;
    if (dwFlags != 0) return NTE_BAD_FLAGS;
    if (!provider_name_ok(pszProviderName)) return NTE_BAD_PROVIDER;
    *pFunctionTable = g_table;
    return ERROR_SUCCESS;
}
