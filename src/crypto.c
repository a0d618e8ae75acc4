/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * crypto.c - libcrypto algorithms, fetched once per process and reused.
 */
#include "internal.h"

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static EVP_MD *g_md[SP_HASH_COUNT];
static bool g_ok;

static const char *const k_md_names[SP_HASH_COUNT] = {
    [SP_HASH_MD5] = "MD5",       [SP_HASH_SHA1] = "SHA1",     [SP_HASH_SHA224] = "SHA224",
    [SP_HASH_SHA256] = "SHA256", [SP_HASH_SHA384] = "SHA384", [SP_HASH_SHA512] = "SHA512",
};

static void crypto_init_once(void) {
    g_ok = true;
    for (int h = 0; h < SP_HASH_COUNT; h++) {
        if (k_md_names[h] == NULL) continue;
        g_md[h] = EVP_MD_fetch(NULL, k_md_names[h], NULL);
        /* MD5 may be missing in a FIPS-only configuration: only its suites fail. */
        if (g_md[h] == NULL && h != SP_HASH_MD5) g_ok = false;
    }
}

SP_RESULT sp_crypto_init(void) {
    pthread_once(&g_once, crypto_init_once);
    ENSURE(g_ok, NTE_INTERNAL_ERROR);
    return SP_OK;
}

const EVP_MD *sp_md(enum sp_hash h) {
    if ((unsigned)h >= SP_HASH_COUNT) return NULL;
    pthread_once(&g_once, crypto_init_once);
    return g_md[h];
}

size_t sp_hash_len(enum sp_hash h) {
    switch (h) {
    case SP_HASH_MD5: return 16;
    case SP_HASH_SHA1: return 20;
    case SP_HASH_SHA224: return 28;
    case SP_HASH_SHA256: return 32;
    case SP_HASH_SHA384: return 48;
    case SP_HASH_SHA512: return 64;
    case SP_HASH_MD5SHA1: return 36;
    default: return 0;
    }
}

const char *sp_hash_ossl_name(enum sp_hash h) {
    if (h == SP_HASH_MD5SHA1) return "MD5-SHA1";
    if ((unsigned)h >= SP_HASH_COUNT) return NULL;
    return k_md_names[h];
}

LPCWSTR sp_hash_cng_name(enum sp_hash h) {
    switch (h) {
    case SP_HASH_MD5: return BCRYPT_MD5_ALGORITHM;
    case SP_HASH_SHA1: return BCRYPT_SHA1_ALGORITHM;
    case SP_HASH_SHA256: return BCRYPT_SHA256_ALGORITHM;
    case SP_HASH_SHA384: return BCRYPT_SHA384_ALGORITHM;
    case SP_HASH_SHA512: return BCRYPT_SHA512_ALGORITHM;
    case SP_HASH_MD5SHA1: return SSLPROV_MD5SHA1_ALGORITHM;
    default: return u"";
    }
}

enum sp_hash sp_hash_from_cng(LPCWSTR name) {
    static const enum sp_hash all[] = {SP_HASH_MD5,    SP_HASH_SHA1,   SP_HASH_SHA256,
                                       SP_HASH_SHA384, SP_HASH_SHA512, SP_HASH_MD5SHA1};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++) {
        if (sp_wcseq(name, sp_hash_cng_name(all[i]))) return all[i];
    }
    return SP_HASH_NONE;
}
