/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * buffers.c - the registry of buffers handed to callers for SslFreeBuffer.
 *
 * SslFreeBuffer must not free what the library never returned: free() of a
 * foreign, interior or already-freed pointer corrupts the heap, and the
 * library promises that nothing a caller passes crashes it.  The buffers
 * handed out (property values, provider and curve lists, suite enumeration
 * states) are few at any time, so every one is recorded in an open-addressing
 * hash set of pointers under one lock; SslFreeBuffer frees only a recorded
 * pointer and forgets it.  A lookup only compares addresses: it never reads
 * the memory a caller's pointer names.
 */
#include "internal.h"

#define EMPTY ((uintptr_t)0)
#define GONE  ((uintptr_t)1) /* tombstone: never a heap address */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
struct entry {
    uintptr_t p; /* EMPTY, GONE or a live buffer */
    size_t n;    /* its size */
};
static struct entry *g_set;  /* cap entries */
static size_t g_cap, g_used; /* used: live + tombstones */

static size_t slot_of(uintptr_t p, size_t cap) {
    uint64_t h = (uint64_t)p * 0x9E3779B97F4A7C15ull; /* Fibonacci hashing */
    return (size_t)(h >> 17) & (cap - 1);
}

/* Under g_lock: the index of p, or cap. */
static size_t find(uintptr_t p) {
    if (p <= GONE) return g_cap; /* never a buffer (and not a marker's match) */
    for (size_t i = slot_of(p, g_cap), n = 0; n < g_cap; i = (i + 1) & (g_cap - 1), n++) {
        if (g_set[i].p == p) return i;
        if (g_set[i].p == EMPTY) break;
    }
    return g_cap;
}

/* Under g_lock: rebuild with room for at least one more entry. */
static bool grow(void) {
    size_t live = 0;
    for (size_t i = 0; i < g_cap; i++)
        live += g_set[i].p > GONE;
    size_t cap = g_cap ? g_cap : 64;
    while ((live + 1) * 2 > cap)
        cap *= 2;
    struct entry *set = OPENSSL_zalloc(cap * sizeof(*set));
    if (set == NULL) return false;
    for (size_t i = 0; i < g_cap; i++) {
        if (g_set[i].p <= GONE) continue;
        size_t j = slot_of(g_set[i].p, cap);
        while (set[j].p != EMPTY)
            j = (j + 1) & (cap - 1);
        set[j] = g_set[i];
    }
    OPENSSL_free(g_set);
    g_set = set, g_cap = cap, g_used = live;
    return true;
}

static bool insert(uintptr_t p, size_t n) {
    if ((g_used + 1) * 2 > g_cap && !grow()) return false;
    size_t i = slot_of(p, g_cap);
    while (g_set[i].p > GONE)
        i = (i + 1) & (g_cap - 1);
    if (g_set[i].p == EMPTY) g_used++;
    g_set[i].p = p, g_set[i].n = n;
    return true;
}

void *sp_buffer_alloc(size_t n) {
    void *p = sp_zalloc(n ? n : 1);
    if (p == NULL) return NULL;
    pthread_mutex_lock(&g_lock);
    bool ok = insert((uintptr_t)p, n ? n : 1);
    pthread_mutex_unlock(&g_lock);
    if (!ok) {
        OPENSSL_free(p);
        return NULL;
    }
    return p;
}

bool sp_buffer_live(const void *p, size_t n) {
    if (p == NULL) return false;
    pthread_mutex_lock(&g_lock);
    size_t i = find((uintptr_t)p);
    bool live = i < g_cap && g_set[i].n >= n;
    pthread_mutex_unlock(&g_lock);
    return live;
}

SP_RESULT sp_buffer_free(void *p) {
    ENSURE(p != NULL, NTE_INVALID_PARAMETER);
    pthread_mutex_lock(&g_lock);
    size_t i = find((uintptr_t)p);
    bool live = i < g_cap;
    if (live) g_set[i].p = GONE;
    pthread_mutex_unlock(&g_lock);
    ENSURE(live, NTE_INVALID_PARAMETER);
    OPENSSL_free(p);
    return SP_OK;
}
