/*
 * handles.c - typed, generation-checked handles.
 *
 * A handle is never a pointer.  It names a slot of a process-wide table and
 * carries the slot's generation: handle = generation << INDEX_BITS | (index + 1).
 * Each slot holds one atomic word, generation (high 32 bits) | call count
 * (bits 1..31) | alive (bit 0), so that lookup is one compare-and-swap: a call
 * that wins the CAS keeps the object alive until sp_handle_put.  Closing clears
 * the alive bit; whoever brings the word to (not alive, no calls) retires the
 * slot, bumps the generation and drops the table's reference.  A freed, stale
 * (old generation), forged (random value) or wrong-type handle is
 * NTE_INVALID_HANDLE, never a crash.  Generations start at a random value per
 * slot so that guessing a live handle is impractical.
 */
#include "internal.h"

#define CHUNK_BITS 12
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define MAX_CHUNKS 4096u /* 16M live handles */

#if UINTPTR_MAX > 0xFFFFFFFFu
#define INDEX_BITS 32
#define GEN_MASK   0xFFFFFFFFull
#else
#define INDEX_BITS 24
#define GEN_MASK   0xFFull
#endif
#define INDEX_MASK ((1ull << INDEX_BITS) - 1)

struct slot {
    _Atomic uint64_t word; /* gen << 32 | calls << 1 | alive */
    struct sp_object *_Atomic obj;
    _Atomic uint32_t type; /* the object's type, for sp_handle_check; set before alive */
    uint32_t next_free;    /* index + 1 of the next free slot, under g_lock */
};

static struct slot *_Atomic g_chunks[MAX_CHUNKS];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t g_nchunks;   /* under g_lock */
static uint32_t g_free_head; /* index + 1; 0 = empty; under g_lock */

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

/* Under g_lock: take a free slot, growing the table by one chunk if needed. */
static SP_RESULT slot_alloc(uint32_t *index_out) {
    if (g_free_head == 0) {
        ENSURE(g_nchunks < MAX_CHUNKS, NTE_NO_MEMORY);
        struct slot *chunk = OPENSSL_zalloc(sizeof(struct slot) * CHUNK_SIZE);
        ENSURE(chunk != NULL, NTE_NO_MEMORY);
        uint32_t base = g_nchunks * CHUNK_SIZE;
        for (uint32_t i = 0; i < CHUNK_SIZE; i++) {
            atomic_init(&chunk[i].word, (uint64_t)random_gen() << 32);
            atomic_init(&chunk[i].obj, NULL);
            atomic_init(&chunk[i].type, SP_OBJ_NONE);
            chunk[i].next_free = (i + 1 < CHUNK_SIZE) ? base + i + 2 : g_free_head;
        }
        atomic_store_explicit(&g_chunks[g_nchunks], chunk, memory_order_release);
        g_nchunks++;
        g_free_head = base + 1;
    }
    uint32_t index = g_free_head - 1;
    g_free_head = slot_at(index)->next_free;
    *index_out = index;
    return SP_OK;
}

/* The word reached (not alive, no calls): retire the slot. */
static void slot_retire(uint64_t index, struct slot *s) {
    struct sp_object *o = atomic_exchange_explicit(&s->obj, NULL, memory_order_acq_rel);
    pthread_mutex_lock(&g_lock);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
    uint64_t gen = (W_GEN(w) + 1) & GEN_MASK;
    if (gen == 0) gen = 1;
    atomic_store_explicit(&s->word, gen << 32, memory_order_release);
    s->next_free = g_free_head;
    g_free_head = (uint32_t)index + 1;
    pthread_mutex_unlock(&g_lock);
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
    pthread_mutex_lock(&g_lock);
    sp_result r = slot_alloc(&index);
    pthread_mutex_unlock(&g_lock);
    GUARD(r);
    struct slot *s = slot_at(index);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_relaxed);
    ULONG_PTR h = (ULONG_PTR)((W_GEN(w) << INDEX_BITS) | ((uint64_t)index + 1));
    atomic_store_explicit(&o->handle, h, memory_order_relaxed);
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

/* Each object records its handle when published, so a call reference is
 * dropped with the object alone. */
void sp_handle_put(struct sp_object *o) {
    if (o == NULL) return;
    uint64_t index, gen;
    ULONG_PTR h = atomic_load_explicit(&o->handle, memory_order_acquire);
    if (!decode(h, &index, &gen)) return;
    struct slot *s = slot_at(index);
    if (s == NULL) return;
    uint64_t nw = atomic_fetch_sub_explicit(&s->word, W_CALL, memory_order_acq_rel) - W_CALL;
    if (W_CALLS(nw) == 0 && (nw & W_ALIVE) == 0) slot_retire(index, s);
}

SP_RESULT sp_handle_close(ULONG_PTR h, uint32_t *type_out) {
    uint64_t index, gen;
    ENSURE(decode(h, &index, &gen), NTE_INVALID_HANDLE);
    struct slot *s = slot_at(index);
    ENSURE(s != NULL, NTE_INVALID_HANDLE);
    uint64_t w = atomic_load_explicit(&s->word, memory_order_acquire);
    for (;;) {
        ENSURE(W_GEN(w) == gen && (w & W_ALIVE) != 0, NTE_INVALID_HANDLE);
        if (atomic_compare_exchange_weak_explicit(&s->word, &w, w & ~W_ALIVE, memory_order_acq_rel,
                                                  memory_order_acquire))
            break;
    }
    if (type_out != NULL) {
        struct sp_object *o = atomic_load_explicit(&s->obj, memory_order_acquire);
        *type_out = o ? o->type : SP_OBJ_NONE;
    }
    if (W_CALLS(w) == 0) slot_retire(index, s);
    return SP_OK;
}

uint32_t sp_handle_peek_type(ULONG_PTR h) {
    struct sp_object *o = NULL;
    if (!SP_IS_OK(sp_handle_get(h, 0xFFFFFFFFu, &o))) return SP_OBJ_NONE;
    uint32_t t = o->type;
    sp_handle_put(o);
    return t;
}

/* ------------------------------------------------------------------------ */
/* Object reference counts                                                   */
/* ------------------------------------------------------------------------ */

void sp_object_init(struct sp_object *o, uint32_t type, struct sp_provider *prov, void (*destroy)(struct sp_object *)) {
    o->type = type;
    atomic_init(&o->refs, 1);
    atomic_init(&o->handle, 0);
    o->prov = prov;
    o->destroy = destroy;
    pthread_mutex_init(&o->lock, NULL);
    if (prov != NULL) sp_object_ref(&prov->obj);
}

void sp_object_ref(struct sp_object *o) { atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed); }

void sp_object_unref(struct sp_object *o) {
    if (o == NULL) return;
    if (atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) != 1) return;
    struct sp_provider *prov = o->prov;
    pthread_mutex_destroy(&o->lock);
    o->destroy(o);
    if (prov != NULL) sp_object_unref(&prov->obj);
}
