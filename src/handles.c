/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * handles.c - typed, generation-checked handles.
 *
 * A handle is never a pointer.  It names a slot of a process-wide table and
 * carries the slot's generation: handle = generation << INDEX_BITS | (index + 1).
 * Each slot holds one atomic word, generation (high 32 bits) | call count
 * (bits 1..31) | alive (bit 0), so that lookup is one compare-and-swap: a call
 * that wins the CAS keeps the object alive until sp_handle_put.  Closing clears
 * the alive bit; whoever brings the word to (not alive, no calls) retires the
 * slot, bumps the generation and drops the table's reference.  Free slots form a
 * lock-free LIFO (Treiber stack) whose head carries an ABA tag; the table lock
 * is taken only to grow the table by a chunk.
 *
 * Scaling (issue #16): every thread of a server calls in at once, so nothing a
 * call writes may sit on a cache line another thread's call writes.  A slot is
 * one cache line (two threads' keys in neighbouring slots would otherwise
 * bounce the line on every call), and each thread keeps a small cache of free
 * slots, so that creating and freeing keys does not CAS the shared free-list
 * head; the cache goes back to the shared list when the thread exits.  A freed, stale
 * (old generation), forged (random value) or wrong-type handle is
 * NTE_INVALID_HANDLE, never a crash.  Generations start at a random value per
 * slot so that guessing a live handle is impractical.
 */
#include "internal.h"

#define CHUNK_BITS 10
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define MAX_CHUNKS 16384u /* 16M live handles */
#define CACHE_LINE 64

#if UINTPTR_MAX > 0xFFFFFFFFu
#define INDEX_BITS 32
#define GEN_MASK   0xFFFFFFFFull
#else
#define INDEX_BITS 24
#define GEN_MASK   0xFFull
#endif
#define INDEX_MASK ((1ull << INDEX_BITS) - 1)

struct slot {
    _Alignas(CACHE_LINE) _Atomic uint64_t word; /* gen << 32 | calls << 1 | alive */
    struct sp_object *_Atomic obj;
    _Atomic uint32_t type;      /* the object's type, for sp_handle_check; set before alive */
    _Atomic uint32_t next_free; /* index + 1 of the next free slot (free-list link) */
};

static struct slot *_Atomic g_chunks[MAX_CHUNKS];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER; /* table growth only */
static uint32_t g_nchunks;                                 /* under g_lock */
/* Free list head: tag << 32 | (index + 1); index + 1 == 0: empty.  The tag
 * changes on every successful pop and push, so a pop that read a head, lost the
 * CPU while that slot was taken, reused and pushed back, fails its CAS instead
 * of installing a stale next link (ABA).  Slots are never freed, so reading a
 * next link of a slot that is no longer free is harmless: the CAS decides. */
static _Atomic uint64_t g_free_head;

#define FL_INDEX1(h)       ((uint32_t)(h))
#define FL_NEXT(h, index1) ((((h) >> 32) + 1) << 32 | (uint64_t)(index1))

#define W_ALIVE    1ull
#define W_CALL     2ull
#define W_CALLS(w) (((w) >> 1) & 0x7FFFFFFFull)
#define W_GEN(w)   ((w) >> 32)

static struct slot *slot_at(uint64_t index) {
    uint64_t c = index >> CHUNK_BITS;
    if (c >= MAX_CHUNKS) return NULL;
    struct slot *chunk = atomic_load_explicit(&g_chunks[c], memory_order_acquire);
    if (chunk == NULL) return NULL;
    return &chunk[index & (CHUNK_SIZE - 1)];
}

static uint32_t random_gen(void) {
    uint8_t b[4] = {0};
    if (!SP_IS_OK(sp_random(b, sizeof(b)))) b[0] = 1;
    uint32_t g = ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]) & GEN_MASK;
    return g ? g : 1;
}

/* Push the chain first1 .. last (index + 1 values, linked through next_free)
 * onto the free list.  Release: the slot's new generation (and the chunk's
 * initialisation) is visible to whoever pops it. */
static void free_push(uint32_t first1, struct slot *last) {
    uint64_t h = atomic_load_explicit(&g_free_head, memory_order_relaxed);
    do {
        atomic_store_explicit(&last->next_free, FL_INDEX1(h), memory_order_relaxed);
    } while (!atomic_compare_exchange_weak_explicit(&g_free_head, &h, FL_NEXT(h, first1), memory_order_release,
                                                    memory_order_relaxed));
}

/* Under g_lock: add one chunk of free slots (unless another thread did
 * while we waited for the lock). */
static SP_RESULT table_grow(void) {
    if (FL_INDEX1(atomic_load_explicit(&g_free_head, memory_order_acquire)) != 0) return SP_OK;
    ENSURE(g_nchunks < MAX_CHUNKS, NTE_NO_MEMORY);
    /* Cache-line aligned by hand: chunks are never freed, and allocating
     * through OpenSSL keeps them visible to the allocation-failure tests. */
    uint8_t *raw = OPENSSL_zalloc(sizeof(struct slot) * CHUNK_SIZE + CACHE_LINE);
    ENSURE(raw != NULL, NTE_NO_MEMORY);
    struct slot *chunk = (struct slot *)(raw + (CACHE_LINE - (uintptr_t)raw % CACHE_LINE) % CACHE_LINE);
    uint32_t base = g_nchunks * CHUNK_SIZE;
    for (uint32_t i = 0; i < CHUNK_SIZE; i++) {
        atomic_init(&chunk[i].word, (uint64_t)random_gen() << 32);
        atomic_init(&chunk[i].obj, NULL);
        atomic_init(&chunk[i].type, SP_OBJ_NONE);
        atomic_init(&chunk[i].next_free, base + i + 2); /* the last link is set by free_push */
    }
    atomic_store_explicit(&g_chunks[g_nchunks], chunk, memory_order_release);
    g_nchunks++;
    free_push(base + 1, &chunk[CHUNK_SIZE - 1]);
    return SP_OK;
}

/* ------------------------------------------------------------------------ */
/* Per-thread free-slot cache                                                */
/* ------------------------------------------------------------------------ */

/* Up to TC_MAX free slot indices (index + 1) owned by one thread.  Only that
 * thread reads or writes its cache, so no atomics; a slot's generation was
 * written (release) by whoever retired it, and the cache owner is that thread
 * or received it through the shared list's acquire. */
#define TC_MAX 32
struct thread_cache {
    uint32_t n;
    uint32_t index1[TC_MAX];
};
static _Thread_local struct thread_cache t_cache;
static _Thread_local bool t_cache_registered;
static pthread_key_t g_cache_key;
static pthread_once_t g_cache_once = PTHREAD_ONCE_INIT;
static bool g_cache_ok;

/* Link cached slots first..last through next_free and push them as one chain. */
static void cache_flush(struct thread_cache *c, uint32_t keep) {
    if (c->n <= keep) return;
    uint32_t first = c->index1[keep];
    for (uint32_t i = keep; i + 1 < c->n; i++)
        atomic_store_explicit(&slot_at(c->index1[i] - 1)->next_free, c->index1[i + 1], memory_order_relaxed);
    struct slot *last = slot_at(c->index1[c->n - 1] - 1);
    c->n = keep;
    free_push(first, last);
}

/* Thread exit: its cached slots go back to everyone. */
static void cache_thread_exit(void *arg) { cache_flush(arg, 0); }

static void cache_once(void) { g_cache_ok = pthread_key_create(&g_cache_key, cache_thread_exit) == 0; }

/* The calling thread's cache, or NULL when it cannot be registered for its
 * exit (then the shared list is used directly, and nothing is lost). */
static struct thread_cache *cache_get(void) {
    if (t_cache_registered) return &t_cache;
    pthread_once(&g_cache_once, cache_once);
    if (!g_cache_ok || pthread_setspecific(g_cache_key, &t_cache) != 0) return NULL;
    t_cache_registered = true;
    return &t_cache;
}

/* Take a free slot: from this thread's cache, else a lock-free pop from the
 * shared list (the lock only when the table must grow). */
static SP_RESULT slot_alloc(uint32_t *index_out) {
    struct thread_cache *c = cache_get();
    if (c != NULL && c->n > 0) {
        *index_out = c->index1[--c->n] - 1;
        return SP_OK;
    }
    uint64_t h = atomic_load_explicit(&g_free_head, memory_order_acquire);
    for (;;) {
        if (FL_INDEX1(h) == 0) {
            pthread_mutex_lock(&g_lock);
            sp_result r = table_grow();
            pthread_mutex_unlock(&g_lock);
            GUARD(r);
            h = atomic_load_explicit(&g_free_head, memory_order_acquire);
            continue;
        }
        struct slot *s = slot_at(FL_INDEX1(h) - 1);
        uint32_t next = atomic_load_explicit(&s->next_free, memory_order_relaxed);
        if (atomic_compare_exchange_weak_explicit(&g_free_head, &h, FL_NEXT(h, next), memory_order_acquire,
                                                  memory_order_acquire)) {
            *index_out = FL_INDEX1(h) - 1;
            return SP_OK;
        }
    }
}

/* The word reached (not alive, no calls): exactly one thread sees that
 * transition (no call can start on a closed slot), so it alone retires the
 * slot: new generation first, then back on the free list. */
static void slot_retire(uint64_t index, struct slot *s) {
    /* Plain load and store, no exchange: the read-modify-write on the word
     * that made us the retiring thread ordered us after every call and after
     * the publication, and no one else reads or writes obj until the slot is
     * popped again (sp_handle_get reads it only while holding a call). */
    struct sp_object *o = atomic_load_explicit(&s->obj, memory_order_relaxed);
    atomic_store_explicit(&s->obj, NULL, memory_order_relaxed);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
    uint64_t gen = (W_GEN(w) + 1) & GEN_MASK;
    if (gen == 0) gen = 1;
    atomic_store_explicit(&s->word, gen << 32, memory_order_release);
    struct thread_cache *c = cache_get();
    if (c != NULL) {
        if (c->n == TC_MAX) cache_flush(c, TC_MAX / 2); /* keep half: no flush per free */
        c->index1[c->n++] = (uint32_t)index + 1;
    } else {
        free_push((uint32_t)index + 1, s);
    }
    sp_object_unref(o);
}

static bool decode(ULONG_PTR h, uint64_t *index, uint64_t *gen) {
    uint64_t v = (uint64_t)h;
    uint64_t low = v & INDEX_MASK;
    if (low == 0) return false;
    *index = low - 1;
    *gen = (v >> INDEX_BITS) & GEN_MASK;
    return *gen != 0;
}

SP_RESULT sp_handle_open(struct sp_object *o, ULONG_PTR *out) {
    uint32_t index = 0;
    GUARD(slot_alloc(&index));
    struct slot *s = slot_at(index);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
    ULONG_PTR h = (ULONG_PTR)((W_GEN(w) << INDEX_BITS) | ((uint64_t)index + 1));
    atomic_store_explicit(&o->slot, index + 1, memory_order_relaxed);
    atomic_store_explicit(&s->obj, o, memory_order_relaxed);
    atomic_store_explicit(&s->type, o->type, memory_order_relaxed);
    atomic_store_explicit(&s->word, w | W_ALIVE, memory_order_release);
    *out = h;
    return SP_OK;
}

SP_RESULT sp_handle_publish(struct sp_object *o, ULONG_PTR *out) {
    sp_result r = sp_handle_open(o, out);
    if (!SP_IS_OK(r)) sp_object_unref(o);
    return r;
}

SP_RESULT sp_handle_get(ULONG_PTR h, uint32_t type_mask, struct sp_object **out) {
    uint64_t index, gen;
    ENSURE(decode(h, &index, &gen), NTE_INVALID_HANDLE);
    struct slot *s = slot_at(index);
    ENSURE(s != NULL, NTE_INVALID_HANDLE);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
    for (;;) {
        ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0, NTE_INVALID_HANDLE);
        ENSURE(W_CALLS(w) < 0x7FFFFFF0ull, NTE_INVALID_HANDLE);
        if (atomic_compare_exchange_weak_explicit(&s->word, &w, w + W_CALL, memory_order_acq_rel, memory_order_acquire))
            break;
    }
    struct sp_object *o = atomic_load_explicit(&s->obj, memory_order_acquire);
    if (o == NULL || (type_mask & SP_T(o->type)) == 0) {
        uint64_t nw = atomic_fetch_sub_explicit(&s->word, W_CALL, memory_order_acq_rel) - W_CALL;
        if (W_CALLS(nw) == 0 && (nw & W_ALIVE) == 0) slot_retire(index, s);
        BAIL(NTE_INVALID_HANDLE);
    }
    *out = o;
    return SP_OK;
}

/* Validation without a reference: two loads of the slot word around a load
 * of the slot's type (a seqlock read: slots are never freed, a retired slot
 * changes generation before it can be reused, and the type is written before
 * the alive bit is published).  No read-modify-write, no object access. */
SP_RESULT sp_handle_check(ULONG_PTR h, uint32_t type_mask) {
    uint64_t index, gen;
    ENSURE(decode(h, &index, &gen), NTE_INVALID_HANDLE);
    struct slot *s = slot_at(index);
    ENSURE(s != NULL, NTE_INVALID_HANDLE);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
    ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0, NTE_INVALID_HANDLE);
    uint32_t t = atomic_load_explicit(&s->type, memory_order_relaxed);
    atomic_thread_fence(memory_order_acquire);
    w = atomic_load_explicit(&s->word, memory_order_relaxed);
    ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0 && t < 32 && (type_mask & SP_T(t)) != 0, NTE_INVALID_HANDLE);
    return SP_OK;
}

SP_RESULT sp_handle_peek_obj(ULONG_PTR h, uint32_t type_mask, struct sp_object **out) {
    uint64_t index, gen;
    ENSURE(decode(h, &index, &gen), NTE_INVALID_HANDLE);
    struct slot *s = slot_at(index);
    ENSURE(s != NULL, NTE_INVALID_HANDLE);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
    ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0, NTE_INVALID_HANDLE);
    uint32_t t = atomic_load_explicit(&s->type, memory_order_relaxed);
    struct sp_object *o = atomic_load_explicit(&s->obj, memory_order_acquire);
    atomic_thread_fence(memory_order_acquire);
    w = atomic_load_explicit(&s->word, memory_order_relaxed);
    ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0 && t < 32 && (type_mask & SP_T(t)) != 0 && o != NULL,
           NTE_INVALID_HANDLE);
    *out = o;
    return SP_OK;
}

/* Each object records its slot when published, so a call reference is
 * dropped with the object alone.  Providers are looked up without a call
 * reference (sp_provider_get), so there is none to drop. */
void sp_handle_put(struct sp_object *o) {
    if (o == NULL || o->type == SP_OBJ_PROVIDER) return;
    uint32_t index1 = atomic_load_explicit(&o->slot, memory_order_acquire);
    if (index1 == 0) return;
    struct slot *s = slot_at(index1 - 1);
    if (s == NULL) return;
    uint64_t nw = atomic_fetch_sub_explicit(&s->word, W_CALL, memory_order_acq_rel) - W_CALL;
    if (W_CALLS(nw) == 0 && (nw & W_ALIVE) == 0) slot_retire(index1 - 1, s);
}

SP_RESULT sp_handle_close(ULONG_PTR h, uint32_t *type_out) {
    uint64_t index, gen;
    ENSURE(decode(h, &index, &gen), NTE_INVALID_HANDLE);
    struct slot *s = slot_at(index);
    ENSURE(s != NULL, NTE_INVALID_HANDLE);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
    uint32_t type;
    for (;;) {
        ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0, NTE_INVALID_HANDLE);
        /* The slot's type, read while the word still names this object: a
         * successful CAS below proves the word (and so the type) did not change.
         * Never the object's own field: a call in flight may free it once the
         * alive bit is clear. */
        type = atomic_load_explicit(&s->type, memory_order_acquire);
        if (atomic_compare_exchange_weak_explicit(&s->word, &w, w & ~W_ALIVE, memory_order_acq_rel,
                                                  memory_order_acquire))
            break;
    }
    if (type_out != NULL) *type_out = type;
    if (W_CALLS(w) == 0) slot_retire(index, s);
    return SP_OK;
}

/* The same seqlock read as sp_handle_check (no read-modify-write): the type
 * recorded in the slot while the handle was open.  SslFreeObject uses it to
 * choose provider release or close; both re-check the handle atomically. */
uint32_t sp_handle_peek_type(ULONG_PTR h) {
    uint64_t index, gen;
    if (!decode(h, &index, &gen)) return SP_OBJ_NONE;
    struct slot *s = slot_at(index);
    if (s == NULL) return SP_OBJ_NONE;
    uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
    if (W_GEN(w) != gen || (w & W_ALIVE) == 0) return SP_OBJ_NONE;
    uint32_t t = atomic_load_explicit(&s->type, memory_order_relaxed);
    atomic_thread_fence(memory_order_acquire);
    w = atomic_load_explicit(&s->word, memory_order_relaxed);
    if (W_GEN(w) != gen || (w & W_ALIVE) == 0 || t >= 32) return SP_OBJ_NONE;
    return t;
}

/* ------------------------------------------------------------------------ */
/* Object reference counts                                                   */
/* ------------------------------------------------------------------------ */

void sp_object_init(struct sp_object *o, uint32_t type, struct sp_provider *prov) {
    o->type = (uint8_t)type;
    atomic_init(&o->refs, 1);
    atomic_init(&o->slot, 0);
    /* A root secret is exportable when its creating provider has opted in now
     * (internal.h, sp_object_derive for derived objects). */
    o->exportable = prov != NULL && sp_provider_export_allowed(prov);
    o->loggable = prov != NULL && sp_keylog_enabled(prov); /* the same rule for the key log */
}

/* One destructor per type instead of a function pointer in every object (8
 * bytes of each record key, issue #16 item 1). */
void sp_object_destroy(struct sp_object *o) {
    switch (o->type) {
    case SP_OBJ_PROVIDER: sp_provider_destroy(o); break;
    case SP_OBJ_HASH: sp_hash_destroy(o); break;
    case SP_OBJ_MASTER: sp_master_destroy(o); break;
    case SP_OBJ_RECORD: sp_record_key_destroy(o); break;
    case SP_OBJ_EPHEMERAL:
    case SP_OBJ_PUBLIC:
    case SP_OBJ_PRIVATE: sp_pkey_destroy(o); break;
    case SP_OBJ_PREMASTER: sp_premaster_destroy(o); break;
    case SP_OBJ_TLS13: sp_tls13_destroy(o); break;
    default: break; /* never: every object is made by one of the above */
    }
}

void sp_object_ref(struct sp_object *o) { atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed); }

void sp_object_unref(struct sp_object *o) {
    if (o == NULL) return;
    /* A count of 1 read by its holder is final: references are only taken by
     * holders (sp_object_ref), so no other thread can raise it, and the
     * acquire pairs with the release of every earlier unref.  The last unref
     * (every record key's, for one) thus needs no read-modify-write. */
    if (atomic_load_explicit(&o->refs, memory_order_acquire) != 1 &&
        atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) != 1)
        return;
    sp_object_destroy(o);
}
