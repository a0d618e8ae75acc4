/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_provider.c - provider core and handles: open/free, reference counts,
 * forged/stale/wrong-type handles, function table, enumeration, properties.
 */
#include "testutil.h"

#include <pthread.h>
#include <stdlib.h>

static void test_open_free(void) {
    NCRYPT_PROV_HANDLE h = 0;
    T_STATUS(SslOpenProvider(NULL, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslOpenProvider(&h, NULL, 1), NTE_INVALID_PARAMETER); /* as Windows */
    T_STATUS(SslOpenProvider(&h, u"Some Other Provider", 0), NTE_BAD_PROVIDER);
    T_OK(SslOpenProvider(&h, MS_SCHANNEL_PROVIDER, 0));
    T_ASSERT(h != 0);
    T_OK(SslFreeObject(h, 1)); /* Windows ignores dwFlags and frees */
    /* freed handle */
    T_STATUS(SslFreeObject(h, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslIncrementProviderReferenceCount(h), NTE_INVALID_HANDLE);
    T_STATUS(SslDecrementProviderReferenceCount(h), STATUS_INVALID_HANDLE);
    /* forged handles */
    T_STATUS(SslFreeObject(0, 0), STATUS_INVALID_HANDLE); /* as Windows */
    T_STATUS(SslFreeObject((NCRYPT_HANDLE)0x1234, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslFreeObject((NCRYPT_HANDLE)&h, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslFreeObject(~(NCRYPT_HANDLE)0, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslFreeObject(h ^ ((NCRYPT_HANDLE)1 << 40), 0), NTE_INVALID_HANDLE);
}

static void test_refcount(void) {
    NCRYPT_PROV_HANDLE h = 0;
    T_OK(SslOpenProvider(&h, NULL, 0));
    T_OK(SslIncrementProviderReferenceCount(h));
    T_OK(SslIncrementProviderReferenceCount(h));
    T_OK(SslDecrementProviderReferenceCount(h)); /* 2 */
    T_OK(SslFreeObject(h, 0));                   /* 1 */
    T_OK(SslProvSetProviderOption(h, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1));
    T_OK(SslDecrementProviderReferenceCount(h)); /* 0: dead */
    T_STATUS(SslProvSetProviderOption(h, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1), NTE_INVALID_HANDLE);
}

static void test_wrong_type(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    NCRYPT_HASH_HANDLE hh = 0;
    T_OK(SslCreateHandshakeHash(p, &hh, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0));
    /* a hash handle where a provider is expected */
    T_STATUS(SslProvSetProviderOption(hh, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1), NTE_INVALID_HANDLE);
    T_STATUS(SslCreateHandshakeHash(hh, &hh, TLS1_2_PROTOCOL_VERSION, 0x002F, 0), NTE_INVALID_HANDLE);
    /* a provider handle where a hash is expected */
    T_STATUS(SslHashHandshake(p, p, (PBYTE) "x", 1, 0), NTE_INVALID_HANDLE);
    T_OK(SslHashHandshake(p, hh, (PBYTE) "abc", 3, 0));
    T_STATUS(SslHashHandshake(p, hh, (PBYTE) "abc", 3, 1), NTE_BAD_FLAGS);
    T_OK(SslFreeObject(hh, 0));
    T_STATUS(SslHashHandshake(p, hh, (PBYTE) "abc", 3, 0), NTE_INVALID_HANDLE);
    /* keys keep their provider alive: free the provider, the hash still works */
    T_OK(SslCreateHandshakeHash(p, &hh, TLS1_0_PROTOCOL_VERSION, 0x002F, 0));
    T_OK(SslFreeObject(p, 0));
    T_STATUS(SslHashHandshake(p, hh, (PBYTE) "abc", 3, 0), NTE_INVALID_HANDLE); /* provider handle dead */
    T_OK(SslFreeObject(hh, 0));
}

static void test_function_table(void) {
    NCRYPT_SSL_FUNCTION_TABLE *t = NULL;
    T_OK(GetSChannelInterface(NULL, &t, 0));
    T_ASSERT(t != NULL);
    if (t == NULL) return;
    T_ASSERT(t->Version.MajorVersion == 5 && t->Version.MinorVersion == 0);
    T_ASSERT(t->OpenProvider == SslOpenProvider);
    T_ASSERT(t->ExpandPreSharedKey == SslExpandPreSharedKey);
    T_ASSERT(t->ComputeClientAuthHash == SslComputeClientAuthHash);
    void **slots = (void **)((char *)t + sizeof(void *));
    for (int i = 0; i < 41; i++)
        T_ASSERT(slots[i] != NULL);
    T_STATUS(GetSChannelInterface(u"nope", &t, 0), STATUS_NOT_FOUND);
    T_STATUS(GetSChannelInterface(MS_SCHANNEL_PROVIDER, NULL, 0), STATUS_INVALID_PARAMETER);
    NCRYPT_SSL_FUNCTION_TABLE copy;
    T_OK(SslInitializeInterface(NULL, &copy, 0));
    T_ASSERT(copy.SignHash == SslSignHash);
}

static void test_enum_providers(void) {
    DWORD n = 0;
    NCryptProviderName *list = NULL;
    T_STATUS(SslEnumProtocolProviders(&n, &list, 1), NTE_BAD_FLAGS);
    T_STATUS(SslEnumProtocolProviders(NULL, &list, 0), NTE_INVALID_PARAMETER);
    T_OK(SslEnumProtocolProviders(&n, &list, 0));
    T_ASSERT(n == 1);
    T_ASSERT(list != NULL && list[0].pszName[0] == u'M');
    T_OK(SslFreeBuffer(list));
    T_STATUS(SslFreeBuffer(NULL), NTE_INVALID_PARAMETER);
    T_STATUS(SslChangeNotify(NULL, 0), NTE_NOT_SUPPORTED);
}

static void test_properties(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    PBYTE out = NULL;
    DWORD n = 0;
    T_OK(SslGetProviderProperty(p, SSLPROV_PROVIDER_PROPERTY_VERSION, &out, &n, NULL, 0));
    T_ASSERT(n == 4);
    if (out) SslFreeBuffer(out);
    T_STATUS(SslGetProviderProperty(p, u"NoSuchProperty", &out, &n, NULL, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslGetProviderProperty(p, NULL, &out, &n, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGetProviderProperty(0, SSLPROV_PROVIDER_PROPERTY_VERSION, &out, &n, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslGetKeyProperty(p, SSL_KEY_TYPE_PROPERTY, &out, &n, 0), NTE_INVALID_HANDLE);
    SslFreeObject(p, 0);
}

/* Many threads open, use and free providers and hashes, and race frees on one
 * handle: exactly one free wins. */
#define NTHREADS 8
static NCRYPT_PROV_HANDLE g_shared;
static int g_free_ok[NTHREADS];

/* SslFreeBuffer frees only what the library handed out (issue #12 item 12):
 * a foreign pointer, an interior pointer and a second free are
 * NTE_INVALID_PARAMETER - on the old code each of these crashed or corrupted
 * the heap (ASan: attempting free on address which was not malloc()-ed). */
static void test_free_buffer(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    NCryptProviderName *list = NULL;
    PBYTE prop = NULL;
    DWORD n = 0;
    uint8_t stack[16];
    T_OK(SslEnumProtocolProviders(&n, &list, 0));
    T_OK(SslGetProviderProperty(p, SSLPROV_PROVIDER_PROPERTY_VERSION, &prop, &n, NULL, 0));
    T_STATUS(SslFreeBuffer((uint8_t *)list + 1), NTE_INVALID_PARAMETER);
    T_STATUS(SslFreeBuffer((uint8_t *)list + 8), NTE_INVALID_PARAMETER);
    T_STATUS(SslFreeBuffer(stack), NTE_INVALID_PARAMETER);
    T_STATUS(SslFreeBuffer((PVOID)(uintptr_t)1), NTE_INVALID_PARAMETER);
    T_STATUS(SslFreeBuffer((PVOID)(uintptr_t)16), NTE_INVALID_PARAMETER);
    void *foreign = malloc(32);
    T_STATUS(SslFreeBuffer(foreign), NTE_INVALID_PARAMETER);
    free(foreign); /* still ours to free: the library did not touch it */
    T_OK(SslFreeBuffer(list));
    T_STATUS(SslFreeBuffer(list), NTE_INVALID_PARAMETER); /* double free */
    T_OK(SslFreeBuffer(prop));
    T_STATUS(SslFreeBuffer(prop), NTE_INVALID_PARAMETER);
    /* many buffers at once (the registry grows), freed in another order */
    PBYTE many[300];
    for (int i = 0; i < 300; i++)
        T_OK(SslGetProviderProperty(p, SSLPROV_PROVIDER_PROPERTY_NAME, &many[i], &n, NULL, 0));
    for (int i = 0; i < 300; i += 2)
        T_OK(SslFreeBuffer(many[i]));
    for (int i = 299; i > 0; i -= 2)
        T_OK(SslFreeBuffer(many[i]));
    for (int i = 0; i < 300; i++)
        T_STATUS(SslFreeBuffer(many[i]), NTE_INVALID_PARAMETER);
    /* an enumeration state is such a buffer too: a forged one is refused,
     * not read (same pattern, found by looking for it) */
    NCRYPT_SSL_CIPHER_SUITE *cs = NULL;
    uint64_t forged[64] = {0};
    PVOID st = forged;
    T_STATUS(SslEnumCipherSuites(p, 0, &cs, &st, 0), NTE_INVALID_PARAMETER);
    st = NULL;
    T_OK(SslEnumCipherSuites(p, 0, &cs, &st, 0));
    PVOID inner = (uint8_t *)st + 4;
    T_STATUS(SslEnumCipherSuites(p, 0, &cs, &inner, 0), NTE_INVALID_PARAMETER);
    T_OK(SslFreeBuffer(st));
    T_STATUS(SslEnumCipherSuites(p, 0, &cs, &st, 0), NTE_INVALID_PARAMETER); /* freed state */
    SslFreeObject(p, 0);
}

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    for (int i = 0; i < 300; i++) {
        NCRYPT_PROV_HANDLE p = 0;
        NCRYPT_HASH_HANDLE hh = 0;
        if (SslOpenProvider(&p, NULL, 0) != 0) abort();
        if (SslCreateHandshakeHash(p, &hh, TLS1_2_PROTOCOL_VERSION, 0xC02F, 0) != 0) abort();
        SslHashHandshake(p, hh, (PBYTE) "hello", 5, 0);
        SslFreeObject(p, 0);
        SslFreeObject(hh, 0);
    }
    g_free_ok[id] = SslFreeObject(g_shared, 0) == 0;
    return NULL;
}

static void test_threads(void) {
    pthread_t th[NTHREADS];
    T_OK(SslOpenProvider(&g_shared, NULL, 0));
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    int wins = 0;
    for (int i = 0; i < NTHREADS; i++)
        wins += g_free_ok[i];
    T_ASSERT(wins == 1);
}

int main(void) {
    test_open_free();
    test_refcount();
    test_wrong_type();
    test_function_table();
    test_enum_providers();
    test_properties();
    test_free_buffer();
    test_threads();
    return t_done();
}
