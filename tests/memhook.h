/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * memhook.h - libcrypto allocator hooks for the allocation-failure and
 * secret-wiping tests (issue #7 items 6 and 7).  The library allocates only
 * through OPENSSL_zalloc/OPENSSL_*free (sp_zalloc, sp_free_secret), so one
 * CRYPTO_set_mem_functions hook sees every library and libcrypto allocation.
 *
 * mh_install() must be the first thing main() does: libcrypto refuses new
 * hooks once it has allocated anything.  Single-threaded tests only.
 */
#ifndef SSLPROV_TESTS_MEMHOOK_H
#define SSLPROV_TESTS_MEMHOOK_H

#include <openssl/crypto.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every block carries its size in a 16-byte header (keeps 16-byte alignment). */
struct mh_hdr {
    size_t size;
    size_t magic;
};
#define MH_MAGIC 0x4D48424C4F434B21ull

static long mh_live;           /* blocks allocated and not yet freed */
static unsigned long mh_count; /* allocations since mh_arm() */
static unsigned long mh_fail_at;
static bool mh_armed, mh_injected;
static const char *mh_injected_file; /* call site of the failed allocation */
static int mh_injected_line;

/* Called with the block's contents just before it is released (secrets test). */
static void (*mh_on_free)(const uint8_t *p, size_t n, const char *file, int line);

static void *mh_malloc(size_t n, const char *file, int line) {
    if (mh_armed && ++mh_count == mh_fail_at) {
        mh_injected = true;
        mh_injected_file = file;
        mh_injected_line = line;
        return NULL;
    }
    struct mh_hdr *h = malloc(sizeof(*h) + (n ? n : 1));
    if (h == NULL) return NULL;
    h->size = n;
    h->magic = MH_MAGIC;
    mh_live++;
    return h + 1;
}

static void mh_free(void *p, const char *file, int line) {
    if (p == NULL) return;
    struct mh_hdr *h = (struct mh_hdr *)p - 1;
    if (h->magic != MH_MAGIC) abort();
    if (mh_on_free != NULL) mh_on_free((const uint8_t *)p, h->size, file, line);
    h->magic = 0;
    mh_live--;
    free(h);
}

static void *mh_realloc(void *p, size_t n, const char *file, int line) {
    if (p == NULL) return mh_malloc(n, file, line);
    if (n == 0) {
        mh_free(p, file, line);
        return NULL;
    }
    if (mh_armed && ++mh_count == mh_fail_at) {
        mh_injected = true;
        mh_injected_file = file;
        mh_injected_line = line;
        return NULL;
    }
    struct mh_hdr *h = (struct mh_hdr *)p - 1;
    /* Copy instead of realloc() so that the old contents pass mh_on_free. */
    struct mh_hdr *nh = malloc(sizeof(*nh) + n);
    if (nh == NULL) return NULL;
    memcpy(nh + 1, p, h->size < n ? h->size : n);
    nh->size = n;
    nh->magic = MH_MAGIC;
    mh_live++;
    mh_free(p, file, line);
    return nh + 1;
}

static inline bool mh_install(void) { return CRYPTO_set_mem_functions(mh_malloc, mh_realloc, mh_free) == 1; }

/* Fail the n-th allocation from now (0: never). */
static inline void mh_arm(unsigned long n) {
    mh_count = 0;
    mh_fail_at = n;
    mh_injected = false;
    mh_armed = n != 0;
}
static inline void mh_disarm(void) { mh_armed = false; }

#endif
