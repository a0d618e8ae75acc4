/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_stress.c - concurrency (issue #7 item 5).  Several threads at once:
 *   1. churn: each thread opens providers and creates, uses and frees hashes,
 *      master keys and record keys (once those merge) of its own;
 *   2. shared: all threads hash into, duplicate and read one shared hash;
 *   3. free race: every round all threads call SslFreeObject on the same handle:
 *      exactly one succeeds, the others get NTE_INVALID_HANDLE;
 *   4. use/free race: threads use a hash while another thread frees it:
 *      each call either works or is NTE_INVALID_HANDLE;
 *   5. provider freed while its keys are in use: calls through the dying
 *      provider handle work or fail cleanly, the keys keep working through
 *      another provider handle (reference 11.16);
 *   6. table growth: more live handles than one chunk of the handle table
 *      (4096), created concurrently with lookups.
 * Run under TSan by make check-tsan (no race report), ASan by make check-asan
 * and valgrind by make check-valgrind (no leak).
 */
#include "testutil.h"
#include "fixtures.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define NTHREADS 4

static pthread_barrier_t g_barrier;
static atomic_int g_errors;

#define CHECK_T(cond)                                                                                                  \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                            \
            atomic_fetch_add(&g_errors, 1);                                                                            \
        }                                                                                                              \
    } while (0)

/* 1. churn ----------------------------------------------------------------- */

static bool g_have_master, g_have_records;

static void *churn(void *arg) {
    unsigned n = *(unsigned *)arg;
    uint8_t buf[64] = {1, 2, 3}, out[256];
    for (unsigned i = 0; i < n; i++) {
        NCRYPT_PROV_HANDLE p = 0;
        NCRYPT_HASH_HANDLE h = 0, d = 0;
        DWORD len = 0;
        CHECK_T(SslOpenProvider(&p, NULL, 0) == 0);
        CHECK_T(SslProvSetProviderOption(p, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1) == 0);
        CHECK_T(SslCreateHandshakeHash(p, &h, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0) == 0);
        CHECK_T(SslHashHandshake(p, h, buf, sizeof(buf), 0) == 0);
        CHECK_T(SslDuplicateTranscriptHash(p, h, &d, 0) == 0);
        CHECK_T(SslComputeSessionHash(p, d, TLS1_2_PROTOCOL_VERSION, out, sizeof(out), &len, 0) == 0 && len == 32);
        if (g_have_master) {
            NCRYPT_KEY_HANDLE m = 0;
            CHECK_T(fx_master(p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG,
                              &m) == 0);
            CHECK_T(SslComputeFinishedHash(p, m, h, out, 12, NCRYPT_SSL_CLIENT_FLAG) == 0);
            SslFreeObject(m, 0);
        }
        if (g_have_records) {
            NCRYPT_KEY_HANDLE w = 0, r = 0;
            CHECK_T(fx_record_pair(p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, &w, &r) == 0);
            uint8_t rec[128], pt[128];
            DWORD rl = 0, pl = 0;
            CHECK_T(SslEncryptPacket(p, w, buf, sizeof(buf), rec, sizeof(rec), &rl, i, 23, 0) == 0);
            CHECK_T(SslDecryptPacket(p, r, rec, rl, pt, sizeof(pt), &pl, i, 0) == 0 && pl == sizeof(buf));
            SslFreeObject(w, 0);
            SslFreeObject(r, 0);
        }
        CHECK_T(SslFreeObject(d, 0) == 0);
        CHECK_T(SslFreeObject(h, 0) == 0);
        CHECK_T(SslFreeObject(p, 0) == 0);
    }
    return NULL;
}

/* 2. shared hash ------------------------------------------------------------ */

static NCRYPT_PROV_HANDLE g_p;
static NCRYPT_HASH_HANDLE g_shared;

static void *shared_hash(void *arg) {
    unsigned n = *(unsigned *)arg;
    uint8_t out[64];
    for (unsigned i = 0; i < n; i++) {
        NCRYPT_HASH_HANDLE d = 0;
        DWORD len = 0;
        CHECK_T(SslHashHandshake(g_p, g_shared, (PBYTE) "0123456789abcdef", 16, 0) == 0);
        CHECK_T(SslDuplicateTranscriptHash(g_p, g_shared, &d, 0) == 0);
        CHECK_T(SslComputeSessionHash(g_p, g_shared, TLS1_2_PROTOCOL_VERSION, out, sizeof(out), &len, 0) == 0);
        CHECK_T(SslFreeObject(d, 0) == 0);
    }
    return NULL;
}

/* 3. free race ----------------------------------------------------------------- */

static _Atomic NCRYPT_HANDLE g_victim;
static atomic_int g_free_ok;

static void *free_race(void *arg) {
    unsigned rounds = *(unsigned *)arg;
    for (unsigned i = 0; i < rounds; i++) {
        pthread_barrier_wait(&g_barrier); /* main made g_victim */
        SECURITY_STATUS st = SslFreeObject(atomic_load(&g_victim), 0);
        CHECK_T(st == 0 || st == NTE_INVALID_HANDLE);
        if (st == 0) atomic_fetch_add(&g_free_ok, 1);
        pthread_barrier_wait(&g_barrier); /* main checks the count */
    }
    return NULL;
}

/* 4. use/free race ------------------------------------------------------------ */

static void *use_while_freed(void *arg) {
    unsigned rounds = *(unsigned *)arg;
    for (unsigned i = 0; i < rounds; i++) {
        pthread_barrier_wait(&g_barrier);
        NCRYPT_HASH_HANDLE h = atomic_load(&g_victim);
        for (int k = 0; k < 20; k++) {
            NCRYPT_HASH_HANDLE d = 0;
            SECURITY_STATUS st = SslHashHandshake(g_p, h, (PBYTE) "data", 4, 0);
            CHECK_T(st == 0 || st == NTE_INVALID_HANDLE);
            st = SslDuplicateTranscriptHash(g_p, h, &d, 0);
            CHECK_T(st == 0 || st == NTE_INVALID_HANDLE);
            if (st == 0) CHECK_T(SslFreeObject(d, 0) == 0);
        }
        pthread_barrier_wait(&g_barrier);
    }
    return NULL;
}

/* 5. provider freed under its keys ----------------------------------------- */

static _Atomic NCRYPT_PROV_HANDLE g_dying;
static NCRYPT_HASH_HANDLE g_dying_hash;

static void *use_dying_provider(void *arg) {
    unsigned n = *(unsigned *)arg;
    for (unsigned i = 0; i < n; i++) {
        SECURITY_STATUS st = SslHashHandshake(atomic_load(&g_dying), g_dying_hash, (PBYTE) "x", 1, 0);
        CHECK_T(st == 0 || st == NTE_INVALID_HANDLE);
        /* The hash itself stays valid through any live provider handle. */
        CHECK_T(SslHashHandshake(g_p, g_dying_hash, (PBYTE) "y", 1, 0) == 0);
    }
    return NULL;
}

/* 6. table growth --------------------------------------------------------------- */

#define GROWTH_PER_THREAD 1100 /* 4 x 1100 > 4096 = one chunk */

static void *grow(void *arg) {
    unsigned n = *(unsigned *)arg;
    NCRYPT_HASH_HANDLE *hs = calloc(n, sizeof(*hs));
    for (unsigned i = 0; i < n; i++) {
        CHECK_T(SslCreateHandshakeHash(g_p, &hs[i], TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, 0) == 0);
        /* Look up an older handle while the table may be growing. */
        CHECK_T(SslHashHandshake(g_p, hs[i / 2], (PBYTE) "g", 1, 0) == 0);
    }
    for (unsigned i = 0; i < n; i++)
        CHECK_T(SslFreeObject(hs[i], 0) == 0);
    free(hs);
    return NULL;
}

static void run_threads(void *(*fn)(void *), unsigned n) {
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, fn, &n);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
}

/* Rounds where main makes a victim handle and the threads race on it. */
static void run_rounds(void *(*fn)(void *), unsigned rounds, bool main_frees) {
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, fn, &rounds);
    for (unsigned r = 0; r < rounds; r++) {
        NCRYPT_HASH_HANDLE h = 0;
        T_OK(SslCreateHandshakeHash(g_p, &h, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0));
        atomic_store(&g_victim, h);
        atomic_store(&g_free_ok, 0);
        pthread_barrier_wait(&g_barrier);
        if (main_frees) T_OK(SslFreeObject(h, 0));
        pthread_barrier_wait(&g_barrier);
        if (!main_frees) T_ASSERT(atomic_load(&g_free_ok) == 1);
        T_STATUS(SslFreeObject(h, 0), NTE_INVALID_HANDLE); /* gone either way */
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
}

int main(void) {
    t_rand_init();
    pthread_barrier_init(&g_barrier, NULL, NTHREADS + 1);
    g_p = t_open_provider(true);

    /* Which features are merged decides how much the churn exercises. */
    NCRYPT_KEY_HANDLE m = 0, w = 0, r = 0;
    g_have_master =
        fx_master(g_p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG, &m) == 0;
    if (m) SslFreeObject(m, 0);
    if (fx_record_pair(g_p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, &w, &r) == 0) {
        uint8_t rec[64];
        DWORD rl = 0;
        g_have_records = SslEncryptPacket(g_p, w, (PBYTE) "probe", 5, rec, sizeof(rec), &rl, 0, 23, 0) == 0;
        SslFreeObject(w, 0);
        SslFreeObject(r, 0);
    }
    printf("# churn covers: providers, hashes%s%s\n", g_have_master ? ", master keys, Finished" : "",
           g_have_records ? ", record keys, encrypt/decrypt" : "");

    unsigned n = t_iterations(200);
    run_threads(churn, n);

    T_OK(SslCreateHandshakeHash(g_p, &g_shared, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0));
    run_threads(shared_hash, n);
    /* The shared hash saw every update: 4 threads x n x 16 bytes. */
    {
        NCRYPT_HASH_HANDLE ref = 0;
        uint8_t a[32], b[32];
        DWORD la = 0, lb = 0;
        T_OK(SslCreateHandshakeHash(g_p, &ref, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0));
        for (unsigned i = 0; i < NTHREADS * n; i++)
            T_OK(SslHashHandshake(g_p, ref, (PBYTE) "0123456789abcdef", 16, 0));
        T_OK(SslComputeSessionHash(g_p, g_shared, TLS1_2_PROTOCOL_VERSION, a, sizeof(a), &la, 0));
        T_OK(SslComputeSessionHash(g_p, ref, TLS1_2_PROTOCOL_VERSION, b, sizeof(b), &lb, 0));
        T_BYTES(a, b, 32);
        T_OK(SslFreeObject(ref, 0));
        T_OK(SslFreeObject(g_shared, 0));
    }

    unsigned rounds = t_iterations(100);
    run_rounds(free_race, rounds, false);
    run_rounds(use_while_freed, rounds, true);

    /* 5: free a provider handle while threads use it and its hash. */
    for (unsigned k = 0; k < t_iterations(20); k++) {
        NCRYPT_PROV_HANDLE dp = 0;
        T_OK(SslOpenProvider(&dp, NULL, 0));
        T_OK(SslCreateHandshakeHash(dp, &g_dying_hash, TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, 0));
        atomic_store(&g_dying, dp);
        pthread_t t[NTHREADS];
        unsigned iters = 50;
        for (int i = 0; i < NTHREADS; i++)
            pthread_create(&t[i], NULL, use_dying_provider, &iters);
        T_OK(SslFreeObject(dp, 0));
        for (int i = 0; i < NTHREADS; i++)
            pthread_join(t[i], NULL);
        T_STATUS(SslHashHandshake(dp, g_dying_hash, (PBYTE) "z", 1, 0), NTE_INVALID_HANDLE);
        T_OK(SslHashHandshake(g_p, g_dying_hash, (PBYTE) "z", 1, 0));
        T_OK(SslFreeObject(g_dying_hash, 0)); /* last reference: the provider object dies now */
    }

    run_threads(grow, t_quick() ? GROWTH_PER_THREAD / 2 : GROWTH_PER_THREAD);

    T_OK(SslFreeObject(g_p, 0));
    pthread_barrier_destroy(&g_barrier);
    T_ASSERT(atomic_load(&g_errors) == 0);
    return t_done();
}
