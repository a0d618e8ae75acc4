/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * util.c - status conversion, allocation, randomness, UTF-16 helpers.
 */
#include "internal.h"

#include <openssl/err.h>
#include <openssl/rand.h>

SECURITY_STATUS sp_status(sp_result r) {
    if (r.st != 0) ERR_clear_error();
    return r.st;
}

SECURITY_STATUS sp_ossl_failure(void) {
    /* OpenSSL 3.0 raises ERR_R_MALLOC_FAILURE at its allocation sites; the
     * entry may sit under later ones (e.g. "fetch failed"), so look at all.
     * Popping is fine: a failing call's queue is cleared by sp_status anyway. */
    bool oom = false;
    for (unsigned long e; (e = ERR_get_error()) != 0;) {
        if (ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE) oom = true;
    }
    return oom ? NTE_NO_MEMORY : NTE_INTERNAL_ERROR;
}

void *sp_zalloc(size_t n) { return OPENSSL_zalloc(n); }

void sp_free_secret(void *p, size_t n) {
    if (p != NULL) OPENSSL_clear_free(p, n);
}

#ifdef SSLPROV_FUZZING
/* Deterministic stream for reproducible fuzzing: never in a release build. */
static _Atomic uint64_t g_fuzz_state = 0x9E3779B97F4A7C15ull;
SP_RESULT sp_random(uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint64_t x = atomic_fetch_add(&g_fuzz_state, 0x9E3779B97F4A7C15ull);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9ull;
        out[i] = (uint8_t)(x >> 56);
    }
    return SP_OK;
}
#else
SP_RESULT sp_random(uint8_t *out, size_t n) {
    if (n == 0) return SP_OK;
    ENSURE(n <= INT32_MAX && RAND_bytes(out, (int)n) == 1, NTE_INTERNAL_ERROR);
    return SP_OK;
}
#endif

size_t sp_wcslen(LPCWSTR s, size_t max) {
    size_t n = 0;
    if (s == NULL) return 0;
    while (n < max && s[n] != 0)
        n++;
    return n;
}

bool sp_wcseq(LPCWSTR a, LPCWSTR b) {
    if (a == NULL || b == NULL) return a == b;
    while (*a != 0 && *a == *b)
        a++, b++;
    return *a == *b;
}

void sp_wcs_from_ascii(WCHAR *dst, size_t cap, const char *src) {
    size_t i = 0;
    if (cap == 0) return;
    for (; src != NULL && src[i] != 0 && i + 1 < cap; i++)
        dst[i] = (WCHAR)(unsigned char)src[i];
    dst[i] = 0;
}
