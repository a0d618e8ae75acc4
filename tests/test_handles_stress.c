/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_handles_stress.c - the handle table's lock-free free list (handles.c)
 * under contention: threads open and close objects as fast as they can while
 * probing each other's handles.  Checks that no slot is ever handed to two
 * live objects at once (each live handle's slot index is claimed in a shared
 * table; a double pop of the free list would claim it twice), that a freed
 * handle is NTE_INVALID_HANDLE at once (generation bumped before the slot is
 * reusable), and that racing frees of one handle have exactly one winner.
 * Meant to run under TSan too (cmake -DSSLPROV_TSAN=ON).
 */
#include "testutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define NTHREADS 4
#define ITERS    2000
#define MAXSLOT  (1u << 16)

static _Atomic uint8_t g_claimed[MAXSLOT];
static _Atomic ULONG_PTR g_recent[64]; /* handles recently seen by some thread (maybe freed) */
static NCRYPT_PROV_HANDLE g_prov;
static _Atomic int g_errors;
static _Atomic ULONG_PTR g_race; /* one handle freed by all threads at once */
static _Atomic int g_race_wins;

static uint32_t slot_of(ULONG_PTR h) { return (uint32_t)((uint64_t)h & 0xFFFFFFFFu) - 1u; }

static void claim(ULONG_PTR h) {
    uint32_t s = slot_of(h);
    if (s >= MAXSLOT || atomic_exchange(&g_claimed[s], 1) != 0) atomic_fetch_add(&g_errors, 1);
}
static void unclaim(ULONG_PTR h) { atomic_store(&g_claimed[slot_of(h)], 0); }

static void *worker(void *arg) {
    unsigned id = (unsigned)(uintptr_t)arg, x = id * 2654435761u + 1;
    for (int i = 0; i < ITERS; i++) {
        NCRYPT_HASH_HANDLE a = 0, b = 0;
        if (SslCreateHandshakeHash(g_prov, &a, TLS1_2_PROTOCOL_VERSION, 0xC02F, 0) != 0 ||
            SslCreateHandshakeHash(g_prov, &b, TLS1_2_PROTOCOL_VERSION, 0xC02F, 0) != 0)
            abort();
        claim(a), claim(b);
        atomic_store(&g_recent[(id * 16 + (unsigned)i) % 64], a);
        /* Probe someone's handle: live (works) or freed/stale (NTE_INVALID_HANDLE), never anything else. */
        x = x * 1103515245u + 12345u;
        ULONG_PTR other = atomic_load(&g_recent[(x >> 16) % 64]);
        if (other != 0) {
            SECURITY_STATUS st = SslHashHandshake(g_prov, other, (PBYTE) "x", 1, 0);
            if (st != 0 && st != NTE_INVALID_HANDLE) atomic_fetch_add(&g_errors, 1);
        }
        unclaim(a);
        if (SslFreeObject(a, 0) != 0) atomic_fetch_add(&g_errors, 1);
        /* A freed handle is dead at once, even if its slot is reused meanwhile. */
        if (SslHashHandshake(g_prov, a, (PBYTE) "x", 1, 0) != NTE_INVALID_HANDLE) atomic_fetch_add(&g_errors, 1);
        if (SslFreeObject(a, 0) != NTE_INVALID_HANDLE) atomic_fetch_add(&g_errors, 1);
        unclaim(b);
        if (SslFreeObject(b, 0) != 0) atomic_fetch_add(&g_errors, 1);
    }
    if (SslFreeObject(atomic_load(&g_race), 0) == 0) atomic_fetch_add(&g_race_wins, 1);
    return NULL;
}

int main(void) {
    pthread_t th[NTHREADS];
    T_OK(SslOpenProvider(&g_prov, NULL, 0));
    NCRYPT_HASH_HANDLE r = 0;
    T_OK(SslCreateHandshakeHash(g_prov, &r, TLS1_2_PROTOCOL_VERSION, 0xC02F, 0));
    atomic_store(&g_race, r);
    for (int i = 0; i < NTHREADS; i++)
        T_ASSERT(pthread_create(&th[i], NULL, worker, (void *)(uintptr_t)i) == 0);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    T_ASSERT(atomic_load(&g_errors) == 0);
    T_ASSERT(atomic_load(&g_race_wins) == 1);
    printf("# %d threads x %d iterations: %d errors, %d racing-free winners\n", NTHREADS, ITERS, atomic_load(&g_errors),
           atomic_load(&g_race_wins));
    T_OK(SslFreeObject(g_prov, 0));
    return t_done();
}
