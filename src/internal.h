/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * internal.h - everything private to libsslprov.  Every .c file includes this
 * first.  Module headers (one per concern) are included at the end.
 */
#ifndef SSLPROV_SRC_INTERNAL_H
#define SSLPROV_SRC_INTERNAL_H

#define SSLPROV_BUILDING_LIBRARY 1

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "sslprovider.h"

/* ------------------------------------------------------------------------ */
/* Result type and guard macros                                              */
/* ------------------------------------------------------------------------ */

/* sp_result is a must-use status: a SECURITY_STATUS wrapped in a struct so that
 * it cannot be silently ignored or confused with a length (s2n's s2n_result). */
typedef struct sp_result {
    SECURITY_STATUS st;
} sp_result;

#define SP_RESULT    __attribute__((warn_unused_result)) sp_result
#define SP_OK        ((sp_result){0})
#define SP_ERR(code) ((sp_result){(SECURITY_STATUS)(code)})
#define SP_IS_OK(r)  ((r).st == 0)

/* GUARD: propagate a failure (only in functions without cleanup). */
#define GUARD(expr)                                                                                                    \
    do {                                                                                                               \
        sp_result guard_r_ = (expr);                                                                                   \
        if (guard_r_.st != 0) return guard_r_;                                                                         \
    } while (0)

/* ENSURE: fail with code unless cond (only in functions without cleanup). */
#define ENSURE(cond, code)                                                                                             \
    do {                                                                                                               \
        if (!(cond)) return SP_ERR(code);                                                                              \
    } while (0)
#define ENSURE_REF(p) ENSURE((p) != NULL, NTE_INVALID_PARAMETER)
#define BAIL(code)    return SP_ERR(code)

/* The cleanup family: the function declares `sp_result res = SP_OK;` and has a
 * single `cleanup:` label that releases everything and returns res. */
#define TRY(expr)                                                                                                      \
    do {                                                                                                               \
        res = (expr);                                                                                                  \
        if (res.st != 0) goto cleanup;                                                                                 \
    } while (0)
#define CHECK(cond, code)                                                                                              \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            res = SP_ERR(code);                                                                                        \
            goto cleanup;                                                                                              \
        }                                                                                                              \
    } while (0)
#define FAIL(code)                                                                                                     \
    do {                                                                                                               \
        res = SP_ERR(code);                                                                                            \
        goto cleanup;                                                                                                  \
    } while (0)
/* libcrypto returns 1 on success, 0 or negative on failure.  The failure is
 * NTE_NO_MEMORY when libcrypto reports an allocation failure, otherwise
 * NTE_INTERNAL_ERROR (sp_ossl_failure). */
#define TRY_OSSL(call)   CHECK((call) > 0, sp_ossl_failure())
#define GUARD_OSSL(call) ENSURE((call) > 0, sp_ossl_failure())

/* sp_status converts a result to the public status, clearing libcrypto's error
 * queue on failure so state never leaks between calls. */
SECURITY_STATUS sp_status(sp_result r);
/* sp_ossl_failure classifies a libcrypto failure from its error queue:
 * NTE_NO_MEMORY if any queued error is an allocation failure, else
 * NTE_INTERNAL_ERROR.  Use it wherever a libcrypto call (including a fetch or
 * a _new) fails, so that out-of-memory is reported as such. */
SECURITY_STATUS sp_ossl_failure(void);

#define SP_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SP_UNUSED(x)    ((void)(x))

/* ------------------------------------------------------------------------ */
/* Secrets                                                                   */
/* ------------------------------------------------------------------------ */

#define sp_wipe(p, n)  OPENSSL_cleanse((p), (n))
#define SP_WIPE_BUF(b) OPENSSL_cleanse((b), sizeof(b))
#define SP_WIPE_OBJ(o) OPENSSL_cleanse((o), sizeof(*(o)))

/* Constant-time validation (ctgrind, as BoringSSL's CONSTTIME_SECRET): in a
 * -DSSLPROV_CTGRIND=ON build, SP_CT_SECRET marks bytes as undefined for
 * valgrind memcheck, so any branch or table index that depends on them is
 * reported; SP_CT_PUBLIC declassifies a value the protocol makes public anyway
 * (e.g. the final good/bad verdict of a record, after the constant-time check).
 * No-ops in every other build. */
#ifdef SSLPROV_CTGRIND
#include <valgrind/memcheck.h>
#define SP_CT_SECRET(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define SP_CT_PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define SP_CT_SECRET(p, n) ((void)(p), (void)(n))
#define SP_CT_PUBLIC(p, n) ((void)(p), (void)(n))
#endif

/* Allocation: every library allocation goes through these so tests can count
 * and fail them (OpenSSL's CRYPTO_set_mem_functions hooks cover both). */
void *sp_zalloc(size_t n);
/* sp_free_secret wipes n bytes then frees; NULL is fine. */
void sp_free_secret(void *p, size_t n);

/* Buffers handed to the caller (buffers.c).  Every buffer an Ssl* function
 * returns for SslFreeBuffer (and every SslEnumCipherSuites state) is
 * registered, so SslFreeBuffer frees only what the library handed out: a
 * pointer it never returned, an interior pointer or a second free is
 * NTE_INVALID_PARAMETER, never heap corruption (issue #12 item 12). */
void *sp_buffer_alloc(size_t n);              /* zeroed, registered; NULL on failure */
bool sp_buffer_live(const void *p, size_t n); /* p is a live buffer of sp_buffer_alloc, >= n bytes */
SP_RESULT sp_buffer_free(void *p);            /* unregister and free; unknown p: NTE_INVALID_PARAMETER */

/* Random bytes; deterministic under SSLPROV_FUZZING builds. */
SP_RESULT sp_random(uint8_t *out, size_t n);

/* Big-endian helpers */
static inline void sp_be16(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static inline void sp_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
static inline void sp_be64(uint8_t *p, uint64_t v) {
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}
static inline uint32_t sp_get_be16(const uint8_t *p) { return ((uint32_t)p[0] << 8) | p[1]; }

/* UTF-16 helpers for LPCWSTR arguments. */
size_t sp_wcslen(LPCWSTR s, size_t max);
bool sp_wcseq(LPCWSTR a, LPCWSTR b); /* NULL-safe, exact */
void sp_wcs_from_ascii(WCHAR *dst, size_t cap, const char *src);

/* ------------------------------------------------------------------------ */
/* Objects and handles (handles.c)                                           */
/* ------------------------------------------------------------------------ */

enum sp_obj_type {
    SP_OBJ_NONE = 0,
    SP_OBJ_PROVIDER,  /* provider instance */
    SP_OBJ_HASH,      /* handshake / transcript / client-auth hash */
    SP_OBJ_MASTER,    /* TLS <= 1.2 master key */
    SP_OBJ_RECORD,    /* record-protection key (TLS <= 1.2 session key or TLS 1.3 write key) */
    SP_OBJ_EPHEMERAL, /* own (EC)DH ephemeral key pair */
    SP_OBJ_PUBLIC,    /* peer public key (ECDH, DH, RSA, ECDSA, EdDSA) */
    SP_OBJ_PRIVATE,   /* long-term private key from SslOpenPrivateKey */
    SP_OBJ_PREMASTER, /* RSA premaster from SslGeneratePreMasterKey */
    SP_OBJ_TLS13,     /* TLS 1.3 secret (kind inside) */
    SP_OBJ_TYPE_COUNT
};
#define SP_T(t) (1u << (t))
#define SP_T_ANY_KEY                                                                                                   \
    (SP_T(SP_OBJ_MASTER) | SP_T(SP_OBJ_RECORD) | SP_T(SP_OBJ_EPHEMERAL) | SP_T(SP_OBJ_PUBLIC) | SP_T(SP_OBJ_PRIVATE) | \
     SP_T(SP_OBJ_PREMASTER) | SP_T(SP_OBJ_TLS13))

struct sp_provider;

/* Every object starts with this header (12 bytes: a record key, of which a
 * server holds two per connection, is 56 bytes in all; issue #16 item 1).
 * Lifetime: an internal reference count (refs); the handle table holds one
 * reference while the handle is open (in-flight calls are counted in the
 * handle's slot).  sp_object_destroy wipes and frees the whole object, by
 * type.  The creating provider is not recorded here: only the key-exchange
 * objects need it (struct sp_pkey). */
struct sp_object {
    _Atomic uint32_t refs;
    _Atomic uint32_t slot; /* index + 1 of its handle's slot, set once when published; 0 before */
    uint8_t type;          /* enum sp_obj_type */
    bool exportable;       /* may leave in the clear: see sp_export_allowed */
    bool loggable;         /* may go to a key-log callback: see sp_object_init */
    /* No lock here: the objects that need one have their own (hashes, TLS 1.3
     * secrets; record keys a spinlock), and a connection holds many keys that
     * do not (issue #16: memory per key). */
};

/* The destructor of each object type (wipe secrets, free), called by
 * sp_object_destroy through the type. */
void sp_provider_destroy(struct sp_object *o);   /* provider.c */
void sp_hash_destroy(struct sp_object *o);       /* hash.c */
void sp_master_destroy(struct sp_object *o);     /* tls12.c */
void sp_record_key_destroy(struct sp_object *o); /* record.c */
void sp_pkey_destroy(struct sp_object *o);       /* kex.c: ephemeral, public, private */
void sp_premaster_destroy(struct sp_object *o);  /* kex.c */
void sp_tls13_destroy(struct sp_object *o);      /* tls13.c */
void sp_object_destroy(struct sp_object *o);

/* sp_object_init sets the header.  prov (the creating provider, may be NULL)
 * is not kept: the object starts exportable exactly when prov has opted in to
 * secret export at this moment (SSLPROV_OPTION_ALLOW_SECRET_EXPORT): that is the rule
 * for a root secret.  A derived object must also call sp_object_derive for
 * every secret it was made from.  The key log is an export path too (header,
 * "Key logging"): the object starts loggable exactly when prov has a key-log
 * callback at this moment, and the same inheritance applies, so a secret made
 * on a provider that logs nothing is never logged through another one. */
void sp_object_init(struct sp_object *o, uint32_t type, struct sp_provider *prov);

/* The exportable property (issue #12 item 2, header "Secret export"): fixed
 * when a secret is made, never widened.  A secret derived from others is
 * exportable only if the provider of the deriving call had opted in AND every
 * secret it came from is exportable; an opaque round trip restores the sealed
 * value whatever the importing provider. */
static inline void sp_object_derive(struct sp_object *child, const struct sp_object *parent) {
    if (parent != NULL && !parent->exportable) child->exportable = false;
    if (parent != NULL && !parent->loggable) child->loggable = false;
}

/* The properties a secret passes on, for code that derives from secrets it no
 * longer holds (the premaster of a master key): SP_PROPS_ALL for none. */
typedef uint8_t sp_props;
#define SP_PROP_EXPORTABLE 1u
#define SP_PROP_LOGGABLE   2u
#define SP_PROPS_ALL       (SP_PROP_EXPORTABLE | SP_PROP_LOGGABLE)
static inline sp_props sp_props_of(const struct sp_object *o) {
    return (sp_props)((o->exportable ? SP_PROP_EXPORTABLE : 0) | (o->loggable ? SP_PROP_LOGGABLE : 0));
}
static inline void sp_object_derive_props(struct sp_object *child, sp_props parent) {
    if (!(parent & SP_PROP_EXPORTABLE)) child->exportable = false;
    if (!(parent & SP_PROP_LOGGABLE)) child->loggable = false;
}
void sp_object_ref(struct sp_object *o);
void sp_object_unref(struct sp_object *o); /* NULL is fine */

/* sp_handle_open publishes o and returns its handle.  On success the handle
 * owns the caller's reference; on failure the caller still owns it. */
SP_RESULT sp_handle_open(struct sp_object *o, ULONG_PTR *out);
/* sp_handle_get validates h against the type mask and takes a reference for
 * the duration of a call: NTE_INVALID_HANDLE if freed, forged, stale or of
 * another type. */
SP_RESULT sp_handle_get(ULONG_PTR h, uint32_t type_mask, struct sp_object **out);
/* sp_handle_check validates h against the type mask like sp_handle_get but
 * takes no reference (no atomic read-modify-write): for handle arguments whose
 * object the call does not use, e.g. hProvider on the record path.  The
 * handle may be closed right after; the answer is the one at the check. */
SP_RESULT sp_handle_check(ULONG_PTR h, uint32_t type_mask);
/* sp_handle_peek_obj: sp_handle_check that also returns the object, without a
 * reference.  Only for type-stable objects (providers), whose memory stays an
 * object of that type after the handle is closed. */
SP_RESULT sp_handle_peek_obj(ULONG_PTR h, uint32_t type_mask, struct sp_object **out);
/* sp_handle_put drops the reference sp_handle_get took (NULL is fine). */
void sp_handle_put(struct sp_object *o);
/* sp_handle_close closes h (the object dies when the last call using it ends).
 * *type_out receives the object's type (may be NULL). */
SP_RESULT sp_handle_close(ULONG_PTR h, uint32_t *type_out);
/* sp_handle_peek_type: the type of a live handle, or SP_OBJ_NONE. */
uint32_t sp_handle_peek_type(ULONG_PTR h);

/* Publish a freshly created object to the caller: on failure destroys it. */
SP_RESULT sp_handle_publish(struct sp_object *o, ULONG_PTR *out);

/* ------------------------------------------------------------------------ */
/* Provider (provider.c)                                                     */
/* ------------------------------------------------------------------------ */

/* Providers are type-stable (provider.c): their memory is recycled only as
 * another provider and never returned to the allocator, so a call may use the
 * provider it validated without taking a reference (no write to a line every
 * thread shares).  The number of providers alive at once bounds the pool. */
struct sp_provider {
    struct sp_object obj;
    struct sp_provider *pool_next; /* free pool link (provider.c) */
    _Atomic bool keylog_on;        /* keylog_fn != NULL: read without the lock */
    _Atomic uint32_t user_refs;    /* SslIncrement/DecrementProviderReferenceCount */
    _Atomic uint32_t allow_export; /* SSLPROV_OPTION_ALLOW_SECRET_EXPORT */
    pthread_mutex_t keylog_lock;   /* also guards the sealing key */
    SSLPROV_KEYLOG_FN keylog_fn;
    void *keylog_ctx;
    bool key_storage; /* opened by NCryptOpenStorageProvider (ncrypt.c); reset by open_provider */
    bool has_seal_key;
    uint8_t seal_key[32]; /* SSLPROV_OPTION_OPAQUE_SEALING_KEY (keyblob.c) */
};

/* Validate a provider handle for a call and return its object, without a
 * reference (sp_handle_put on it is a no-op); see struct sp_provider. */
SP_RESULT sp_provider_get(NCRYPT_PROV_HANDLE h, struct sp_provider **out);
bool sp_provider_export_allowed(const struct sp_provider *p);
/* sp_export_allowed: the one check of every path that hands a secret (or a
 * blob the caller can open) out: the object is exportable and the calling
 * provider has opted in now.  Callers answer NTE_PERM when it is false. */
bool sp_export_allowed(const struct sp_provider *caller, const struct sp_object *obj);
/* The provider's opaque sealing key (SSLPROV_OPTION_OPAQUE_SEALING_KEY), copied
 * into key under the provider's lock: false when none is set. */
bool sp_provider_sealing_key(struct sp_provider *p, uint8_t key[32]);

/* Key log (keylog.c): writes "<label> <client_random hex> <secret hex>" through
 * the provider's callback, if one is set.  Hex is encoded in constant time. */
void sp_keylog(struct sp_provider *p, const char *label, const uint8_t client_random[32], const uint8_t *secret,
               size_t secret_len);
bool sp_keylog_enabled(struct sp_provider *p);

/* ------------------------------------------------------------------------ */
/* Parameter lists (params.c)                                                */
/* ------------------------------------------------------------------------ */

/* sp_params_check validates the descriptor: ulVersion 0, cBuffers > 0 needs
 * pBuffers, no entry with NULL pvBuffer and cbBuffer > 0, no duplicate type.
 * A NULL list is valid when optional.  Errors: NTE_INVALID_PARAMETER. */
SP_RESULT sp_params_check(const NCryptBufferDesc *list, bool optional);
/* sp_params_find returns the entry of that type, or NULL. */
const NCryptBuffer *sp_params_find(const NCryptBufferDesc *list, ULONG type);
/* sp_params_randoms copies the 32-byte client and server randoms (both required). */
SP_RESULT sp_params_randoms(const NCryptBufferDesc *list, uint8_t cr[32], uint8_t sr[32]);

/* ------------------------------------------------------------------------ */
/* libcrypto access (crypto.c): everything fetched once                      */
/* ------------------------------------------------------------------------ */

enum sp_hash {
    SP_HASH_NONE = 0,
    SP_HASH_MD5,
    SP_HASH_SHA1,
    SP_HASH_SHA224,
    SP_HASH_SHA256,
    SP_HASH_SHA384,
    SP_HASH_SHA512,
    SP_HASH_MD5SHA1, /* TLS 1.0/1.1 PRF and handshake hash */
    SP_HASH_COUNT
};

SP_RESULT sp_crypto_init(void);
const EVP_MD *sp_md(enum sp_hash h); /* NULL for NONE/MD5SHA1 */
size_t sp_hash_len(enum sp_hash h);  /* 36 for MD5SHA1 */
const char *sp_hash_ossl_name(enum sp_hash h);
LPCWSTR sp_hash_cng_name(enum sp_hash h);    /* u"SHA256" ... */
enum sp_hash sp_hash_from_cng(LPCWSTR name); /* SP_HASH_NONE if unknown */

/* ------------------------------------------------------------------------ */
/* Key blobs (keyblob.c): SslImportKey / SslExportKey dispatch                */
/* ------------------------------------------------------------------------ */

/* Each module that owns key objects provides these; a hook answers
 * NTE_NOT_SUPPORTED for a blob type or object it does not handle, and the
 * dispatcher tries the next module. */
struct sp_key_ops {
    /* SslImportKey of pszBlobType: on success *out is an unpublished object. */
    sp_result (*import_blob)(struct sp_provider *prov, LPCWSTR type, const uint8_t *blob, size_t len, DWORD flags,
                             struct sp_object **out);
    /* SslExportKey: out NULL is a size query; *needed always receives the size. */
    sp_result (*export_blob)(struct sp_provider *prov, struct sp_object *obj, LPCWSTR type, uint8_t *out, size_t cap,
                             size_t *needed, DWORD flags);
    /* Opaque (sealed) export: the object's state as bytes (out NULL: size). */
    sp_result (*serialize)(struct sp_object *obj, uint8_t *out, size_t cap, size_t *len);
    /* Opaque import: rebuild an object of obj_type from serialize()'s bytes. */
    sp_result (*deserialize)(struct sp_provider *prov, uint32_t obj_type, const uint8_t *in, size_t len,
                             struct sp_object **out);
};
extern const struct sp_key_ops sp_tls12_key_ops; /* master, record keys (tls12.c) */
extern const struct sp_key_ops sp_kex_key_ops;   /* ephemeral, public, private, premaster (kex.c) */
extern const struct sp_key_ops sp_tls13_key_ops; /* TLS 1.3 secrets and PSKs (tls13.c) */

#include "suites.h"
#include "hash.h"
#include "tls12.h"
#include "record.h"
#include "kex.h"
#include "tls13.h"

#endif /* SSLPROV_SRC_INTERNAL_H */
