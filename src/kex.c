/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * kex.c - key exchange: ephemeral (EC)DH keys, peer validation, the shared
 * secret, and the TLS <= 1.2 master key for RSA, DHE and ECDHE
 * (SslCreateEphemeralKey, SslGenerateMasterKey, SslGeneratePreMasterKey,
 * SslImportMasterKey).  Blobs live in kex_blob.c, private keys in privkey.c,
 * signatures and client-auth hashes in sign.c.
 */
#include "internal.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

/* ------------------------------------------------------------------------ */
/* Groups                                                                    */
/* ------------------------------------------------------------------------ */

struct group_info {
    DWORD id;         /* IANA NamedGroup */
    const char *name; /* OpenSSL group / key-type name */
    uint8_t alg;      /* enum sp_key_alg */
    uint16_t cb;      /* coordinate / key / p bytes */
    int nid;          /* EC curves */
};

static const struct group_info k_groups[] = {
    {TLS_ECC_P256_CURVE_KEY_TYPE, "P-256", SP_KEY_EC, 32, NID_X9_62_prime256v1},
    {TLS_ECC_P384_CURVE_KEY_TYPE, "P-384", SP_KEY_EC, 48, NID_secp384r1},
    {TLS_ECC_P521_CURVE_KEY_TYPE, "P-521", SP_KEY_EC, 66, NID_secp521r1},
    {SSLPROV_GROUP_X25519, "X25519", SP_KEY_X25519, 32, 0},
    {SSLPROV_GROUP_X448, "X448", SP_KEY_X448, 56, 0},
    {SSLPROV_GROUP_FFDHE2048, "ffdhe2048", SP_KEY_DH, 256, 0},
    {SSLPROV_GROUP_FFDHE3072, "ffdhe3072", SP_KEY_DH, 384, 0},
    {SSLPROV_GROUP_FFDHE4096, "ffdhe4096", SP_KEY_DH, 512, 0},
    {SSLPROV_GROUP_FFDHE6144, "ffdhe6144", SP_KEY_DH, 768, 0},
    {SSLPROV_GROUP_FFDHE8192, "ffdhe8192", SP_KEY_DH, 1024, 0},
};

static const struct group_info *group_find(DWORD id) {
    for (size_t i = 0; i < SP_ARRAY_LEN(k_groups); i++) {
        if (k_groups[i].id == id) return &k_groups[i];
    }
    return NULL;
}

const char *sp_group_ossl_name(DWORD group) {
    const struct group_info *g = group_find(group);
    return g ? g->name : NULL;
}

size_t sp_group_coord_len(DWORD group) {
    const struct group_info *g = group_find(group);
    return g ? g->cb : 0;
}

enum sp_key_alg sp_group_alg(DWORD group) {
    const struct group_info *g = group_find(group);
    return g ? (enum sp_key_alg)g->alg : SP_KEY_NONE;
}

DWORD sp_dh_named_group(const EVP_PKEY *pkey) {
    char name[32] = "";
    size_t n = 0;
    /* OpenSSL recognises the RFC 7919 (p, g) pairs on import and names them. */
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &n) != 1) {
        ERR_clear_error();
        return 0;
    }
    for (size_t i = 0; i < SP_ARRAY_LEN(k_groups); i++) {
        if (k_groups[i].alg == SP_KEY_DH && strcmp(k_groups[i].name, name) == 0) return k_groups[i].id;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Objects                                                                   */
/* ------------------------------------------------------------------------ */

void sp_pkey_destroy(struct sp_object *o) {
    struct sp_pkey *k = (struct sp_pkey *)o;
    EVP_PKEY_free(k->pkey); /* libcrypto wipes its private key material */
    sp_free_secret(k, sizeof(*k));
}

/* Is p a key of this type?  By the legacy id libcrypto records for the keys of
 * its providers (a field read): EVP_PKEY_is_a looks the name up under a lock,
 * and the chain below made up to ten such lookups per handshake (~12k
 * instructions, issue #16 item 4).  A key without a legacy id (another
 * provider's type) is asked by name, as before. */
static bool pkey_is(const EVP_PKEY *p, int id, const char *name) {
    int t = EVP_PKEY_get_id(p);
    return t != EVP_PKEY_NONE && t != EVP_PKEY_KEYMGMT ? t == id : EVP_PKEY_is_a(p, name);
}

SP_RESULT sp_pkey_describe(struct sp_pkey *k) {
    EVP_PKEY *p = k->pkey;
    if (pkey_is(p, EVP_PKEY_EC, "EC")) {
        char name[32] = "", enc[32] = "";
        size_t n = 0;
        /* Named curves only (RFC 5480 section 2.1.1): a key with explicit
         * parameters (from a key file, say) is bad data, not an internal error,
         * whether or not libcrypto matches it to a named curve (issue #12 item 14). */
        if (EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_EC_ENCODING, enc, sizeof(enc), &n) == 1 &&
            strcmp(enc, OSSL_PKEY_EC_ENCODING_GROUP) != 0) {
            ERR_clear_error();
            BAIL(NTE_BAD_DATA);
        }
        if (EVP_PKEY_get_utf8_string_param(p, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &n) != 1) {
            SECURITY_STATUS why = sp_ossl_failure(); /* out of memory stays that */
            BAIL(why == NTE_NO_MEMORY ? why : NTE_BAD_DATA);
        }
        int nid = OBJ_sn2nid(name);
        if (nid == NID_undef) nid = EC_curve_nist2nid(name);
        k->alg = SP_KEY_EC;
        k->group = 0;
        for (size_t i = 0; i < SP_ARRAY_LEN(k_groups); i++) {
            if (k_groups[i].nid != 0 && k_groups[i].nid == nid) k->group = k_groups[i].id;
        }
        ENSURE(k->group != 0, NTE_NOT_SUPPORTED); /* other curves: not a TLS group we serve */
        k->cb = sp_group_coord_len(k->group);
    } else if (pkey_is(p, EVP_PKEY_X25519, "X25519")) {
        k->alg = SP_KEY_X25519, k->group = SSLPROV_GROUP_X25519, k->cb = 32;
    } else if (pkey_is(p, EVP_PKEY_X448, "X448")) {
        k->alg = SP_KEY_X448, k->group = SSLPROV_GROUP_X448, k->cb = 56;
    } else if (pkey_is(p, EVP_PKEY_DH, "DH")) {
        k->alg = SP_KEY_DH;
        k->group = sp_dh_named_group(p);
        k->cb = (size_t)(EVP_PKEY_get_bits(p) + 7) / 8;
    } else if (pkey_is(p, EVP_PKEY_RSA_PSS, "RSA-PSS")) {
        k->alg = SP_KEY_RSA_PSS, k->cb = (size_t)EVP_PKEY_get_size(p);
    } else if (pkey_is(p, EVP_PKEY_RSA, "RSA")) {
        k->alg = SP_KEY_RSA, k->cb = (size_t)EVP_PKEY_get_size(p);
    } else if (pkey_is(p, EVP_PKEY_ED25519, "ED25519")) {
        k->alg = SP_KEY_ED25519, k->cb = 32;
    } else if (pkey_is(p, EVP_PKEY_ED448, "ED448")) {
        k->alg = SP_KEY_ED448, k->cb = 57;
    } else if (pkey_is(p, EVP_PKEY_DSA, "DSA")) {
        k->alg = SP_KEY_DSA, k->cb = (size_t)(EVP_PKEY_get_bits(p) + 7) / 8;
    } else {
        BAIL(NTE_NOT_SUPPORTED);
    }
    /* SSL_KEY_TYPE_PROPERTY (header): the IANA group of an (EC)DH key, the
     * TLS_ECC_* curve of an ECDSA key, 0 otherwise (RSA, DSA, EdDSA, custom DH). */
    k->key_type =
        (k->alg == SP_KEY_EC || k->alg == SP_KEY_X25519 || k->alg == SP_KEY_X448 || k->alg == SP_KEY_DH) ? k->group : 0;
    return SP_OK;
}

SP_RESULT sp_pkey_new(struct sp_provider *prov, uint32_t type, EVP_PKEY *pkey, struct sp_pkey **out) {
    sp_result res = SP_OK;
    struct sp_pkey *k = sp_zalloc(sizeof(*k));
    ENSURE(k != NULL, NTE_NO_MEMORY);
    sp_object_init(&k->obj, type, prov);
    k->prov = prov;
    k->pkey = pkey; /* owned on success; on failure the caller still owns it */
    TRY(sp_pkey_describe(k));
    *out = k;
    k = NULL;
cleanup:
    if (k != NULL) {
        /* Every caller frees pkey itself when this fails: detach it first, or
         * it is freed twice (found by allocation-failure injection, issue #7). */
        k->pkey = NULL;
        sp_object_unref(&k->obj);
    }
    return res;
}

void sp_premaster_destroy(struct sp_object *o) { sp_free_secret(o, sizeof(struct sp_premaster)); }

SP_RESULT sp_premaster_new(struct sp_provider *prov, DWORD protocol, DWORD suite, const uint8_t *secret,
                           struct sp_premaster **out) {
    struct sp_premaster *p = sp_zalloc(sizeof(*p));
    ENSURE(p != NULL, NTE_NO_MEMORY);
    sp_object_init(&p->obj, SP_OBJ_PREMASTER, prov);
    p->protocol = protocol;
    p->suite = suite;
    memcpy(p->secret, secret, SP_PREMASTER_LEN);
    *out = p;
    return SP_OK;
}

/* ------------------------------------------------------------------------ */
/* Building keys                                                             */
/* ------------------------------------------------------------------------ */

SP_RESULT sp_pkey_bn_param(const EVP_PKEY *pkey, const char *name, uint8_t *out, size_t cb) {
    sp_result res = SP_OK;
    BIGNUM *bn = NULL;
    TRY_OSSL(EVP_PKEY_get_bn_param(pkey, name, &bn));
    CHECK(BN_bn2binpad(bn, out, (int)cb) == (int)cb, NTE_INTERNAL_ERROR);
cleanup:
    BN_clear_free(bn);
    return res;
}

/* Idle EVP_PKEY_CTX stacks, for contexts made once and reused because making
 * one costs about as much as the work done with it (key management fetched by
 * name, keygen init, an EC group built on first use) and nothing in them
 * depends on the key.  An EVP_PKEY_CTX must not be used by two threads at
 * once: a call pops an idle context of its kind (or makes one), uses it, and
 * pushes it back (or frees it when the stack is full).  The contexts live
 * until the process ends, like the fetched digests in crypto.c. */
#define CTX_POOL 8
struct ctx_pool {
    EVP_PKEY_CTX *idle[CTX_POOL];
    size_t n;
};

static EVP_PKEY_CTX *pool_pop(pthread_mutex_t *lock, struct ctx_pool *p) {
    EVP_PKEY_CTX *ctx = NULL;
    pthread_mutex_lock(lock);
    if (p->n > 0) ctx = p->idle[--p->n];
    pthread_mutex_unlock(lock);
    return ctx;
}

/* Keeps ctx for the next call of its kind: NULL when it was kept. */
static EVP_PKEY_CTX *pool_push(pthread_mutex_t *lock, struct ctx_pool *p, EVP_PKEY_CTX *ctx) {
    pthread_mutex_lock(lock);
    if (p->n < CTX_POOL) {
        p->idle[p->n++] = ctx;
        ctx = NULL;
    }
    pthread_mutex_unlock(lock);
    return ctx;
}

/* Import (fromdata) contexts per key type: EVP_PKEY_CTX_new_from_name fetches
 * the key management by name every time (~19k instructions: half of an RSA
 * public key import, more than half of an X25519 one, once or twice per
 * handshake).  Other types get a context of their own. */
static const char *const k_import_types[] = {"RSA", "EC", "DH", "X25519", "X448"};
static pthread_mutex_t g_import_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ctx_pool g_import_pools[SP_ARRAY_LEN(k_import_types)];

static struct ctx_pool *import_pool_of(const char *type) {
    for (size_t i = 0; i < SP_ARRAY_LEN(k_import_types); i++)
        if (strcmp(k_import_types[i], type) == 0) return &g_import_pools[i];
    return NULL;
}

SP_RESULT sp_pkey_fromdata(const char *type, int selection, const OSSL_PARAM *params, EVP_PKEY **out) {
    sp_result res = SP_OK;
    struct ctx_pool *pool = import_pool_of(type);
    EVP_PKEY_CTX *ctx = pool ? pool_pop(&g_import_lock, pool) : NULL;
    if (ctx == NULL) {
        ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
        CHECK(ctx != NULL, NTE_NO_MEMORY);
        TRY_OSSL(EVP_PKEY_fromdata_init(ctx));
    }
    int ok = EVP_PKEY_fromdata(ctx, out, selection, (OSSL_PARAM *)params);
    /* EVP_PKEY_fromdata only reads the context (the key management it holds):
     * it goes back whether or not the data was good */
    if (pool) ctx = pool_push(&g_import_lock, pool, ctx);
    CHECK(ok > 0, NTE_BAD_DATA);
cleanup:
    EVP_PKEY_CTX_free(ctx);
    return res;
}

/* An EC public key from its uncompressed encoding, validated (RFC 8422 section
 * 5.11 / SP 800-56A 5.6.2.3.4 partial check: on the curve, not the identity,
 * coordinates in range; our curves have cofactor 1 so that is complete).
 *
 * The import itself does the whole check, so no EVP_PKEY_public_check follows
 * (that would redo it: about a fifth of a P-256 exchange).  OpenSSL's EC
 * key management decodes OSSL_PKEY_PARAM_PUB_KEY with EC_POINT_oct2point, which
 * for the uncompressed form refuses X or Y not below p (ec_GFp_simple_oct2point)
 * and then sets the point with EC_POINT_set_affine_coordinates, which refuses a
 * point off the curve; the identity has no uncompressed encoding (only the
 * single byte 00), and the length and 04 prefix are checked here first.
 * test_kex_blob pins all of this: Y + 1, (0, 0), all-ones, and a valid X given
 * as X + p. */
SP_RESULT sp_ec_from_point(DWORD group, const uint8_t *pt, size_t len, EVP_PKEY **out) {
    const struct group_info *g = group_find(group);
    ENSURE(g != NULL && g->alg == SP_KEY_EC, NTE_NOT_SUPPORTED);
    /* Only the uncompressed form: 04 || X || Y. */
    ENSURE(len == 1 + 2 * (size_t)g->cb && pt[0] == 0x04, NTE_BAD_DATA);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->name, 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pt, len),
        OSSL_PARAM_construct_end(),
    };
    return sp_pkey_fromdata("EC", EVP_PKEY_PUBLIC_KEY, params, out);
}

/* An EC key pair from a private scalar (SSLPROV_ECCPRIVATE_BLOB): the public
 * point is computed here because OpenSSL 3.0 does not derive it on import. */
SP_RESULT sp_ec_from_private(DWORD group, const uint8_t *priv, size_t len, EVP_PKEY **out) {
    sp_result res = SP_OK;
    const struct group_info *g = group_find(group);
    EC_GROUP *grp = NULL;
    EC_POINT *pt = NULL;
    BIGNUM *d = NULL;
    BN_CTX *bn = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    uint8_t pub[1 + 2 * 66];
    CHECK(g != NULL && g->alg == SP_KEY_EC, NTE_NOT_SUPPORTED);
    CHECK(len == g->cb, NTE_BAD_DATA);
    grp = EC_GROUP_new_by_curve_name(g->nid);
    pt = grp ? EC_POINT_new(grp) : NULL;
    d = BN_secure_new();
    bn = BN_CTX_new();
    bld = OSSL_PARAM_BLD_new();
    CHECK(grp && pt && d && bn && bld, NTE_NO_MEMORY);
    CHECK(BN_bin2bn(priv, (int)len, d) != NULL, NTE_NO_MEMORY);
    /* 1 <= d < n (SP 800-56A 5.6.1.2). */
    CHECK(!BN_is_zero(d) && BN_cmp(d, EC_GROUP_get0_order(grp)) < 0, NTE_BAD_DATA);
    BN_set_flags(d, BN_FLG_CONSTTIME);
    TRY_OSSL(EC_POINT_mul(grp, pt, d, NULL, NULL, bn));
    size_t n = EC_POINT_point2oct(grp, pt, POINT_CONVERSION_UNCOMPRESSED, pub, sizeof(pub), bn);
    CHECK(n == 1 + 2 * (size_t)g->cb, NTE_INTERNAL_ERROR);
    TRY_OSSL(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->name, 0));
    TRY_OSSL(OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, n));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d));
    params = OSSL_PARAM_BLD_to_param(bld);
    CHECK(params != NULL, NTE_NO_MEMORY);
    TRY(sp_pkey_fromdata("EC", EVP_PKEY_KEYPAIR, params, out));
cleanup:
    OSSL_PARAM_free(params); /* holds a copy of d: OSSL_PARAM_BLD uses secure memory for BNs pushed as secure */
    OSSL_PARAM_BLD_free(bld);
    BN_CTX_free(bn);
    BN_clear_free(d);
    EC_POINT_free(pt);
    EC_GROUP_free(grp);
    return res;
}

/* A DH public key (p, g, y), each cb bytes big-endian.  y must be in
 * [2, p-2] (SP 800-56A 5.6.2.3.1; RFC 7919 section 5.1). */
SP_RESULT sp_dh_from_pgy(const uint8_t *p, const uint8_t *g, const uint8_t *y, size_t cb, EVP_PKEY **out) {
    sp_result res = SP_OK;
    BIGNUM *bp = BN_bin2bn(p, (int)cb, NULL), *bg = BN_bin2bn(g, (int)cb, NULL);
    BIGNUM *by = y ? BN_bin2bn(y, (int)cb, NULL) : NULL, *pm1 = BN_new();
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    CHECK(bp && bg && (by || !y) && pm1 && bld, NTE_NO_MEMORY);
    /* p odd and at least 1024 bits; 1 < g < p-1. */
    CHECK(BN_is_odd(bp) && BN_num_bits(bp) >= 1024, NTE_BAD_DATA);
    TRY_OSSL(BN_sub(pm1, bp, BN_value_one()));
    CHECK(BN_cmp(bg, BN_value_one()) > 0 && BN_cmp(bg, pm1) < 0, NTE_BAD_DATA);
    if (by != NULL) CHECK(BN_cmp(by, BN_value_one()) > 0 && BN_cmp(by, pm1) < 0, NTE_BAD_DATA);
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_P, bp));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_FFC_G, bg));
    if (by != NULL) TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, by));
    params = OSSL_PARAM_BLD_to_param(bld);
    CHECK(params != NULL, NTE_NO_MEMORY);
    TRY(sp_pkey_fromdata("DH", by ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS, params, out));
cleanup:
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bp), BN_free(bg), BN_free(by), BN_free(pm1);
    return res;
}

SP_RESULT sp_pkey_public_point(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *len) {
    size_t n = 0;
    switch (k->alg) {
    case SP_KEY_EC: n = 1 + 2 * k->cb; break;
    case SP_KEY_X25519:
    case SP_KEY_X448: n = k->cb; break;
    default: BAIL(NTE_NOT_SUPPORTED);
    }
    *len = n;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= n, NTE_BUFFER_TOO_SMALL);
    size_t got = 0;
    if (k->alg == SP_KEY_EC) {
        GUARD_OSSL(EVP_PKEY_get_octet_string_param(k->pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out, cap, &got));
        /* Keys we build carry the uncompressed form; insist on it. */
        ENSURE(got == n && out[0] == 0x04, NTE_INTERNAL_ERROR);
    } else {
        got = cap;
        GUARD_OSSL(EVP_PKEY_get_raw_public_key(k->pkey, out, &got));
        ENSURE(got == n, NTE_INTERNAL_ERROR);
    }
    return SP_OK;
}

/* ------------------------------------------------------------------------ */
/* SslCreateEphemeralKey                                                     */
/* ------------------------------------------------------------------------ */

/* Keygen contexts per named group (struct ctx_pool): making one
 * (EVP_PKEY_CTX_new_from_name, keygen_init, the group name, and for EC building
 * the EC_GROUP on the first generate) costs about as much as a P-256 key
 * generation itself. */
static pthread_mutex_t g_keygen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ctx_pool g_keygen_pools[SP_ARRAY_LEN(k_groups)];

static SP_RESULT keygen_ctx_new(const struct group_info *g, EVP_PKEY_CTX **out) {
    sp_result res = SP_OK;
    /* X25519/X448 are key types of their own; EC and DH take the group name. */
    const char *type = g->alg == SP_KEY_EC ? "EC" : g->alg == SP_KEY_DH ? "DH" : g->name;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY_OSSL(EVP_PKEY_keygen_init(ctx));
    if (g->alg == SP_KEY_EC || g->alg == SP_KEY_DH) {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)g->name, 0),
            OSSL_PARAM_construct_end(),
        };
        TRY_OSSL(EVP_PKEY_CTX_set_params(ctx, params));
    }
    *out = ctx;
    ctx = NULL;
cleanup:
    EVP_PKEY_CTX_free(ctx);
    return res;
}

static SP_RESULT keygen_named(DWORD group, EVP_PKEY **out) {
    sp_result res = SP_OK;
    const struct group_info *g = group_find(group);
    EVP_PKEY_CTX *ctx = NULL;
    CHECK(g != NULL, NTE_NOT_SUPPORTED);
    struct ctx_pool *pool = &g_keygen_pools[g - k_groups];
    ctx = pool_pop(&g_keygen_lock, pool);
    if (ctx == NULL) TRY(keygen_ctx_new(g, &ctx));
    TRY_OSSL(EVP_PKEY_generate(ctx, out));
    ctx = pool_push(&g_keygen_lock, pool, ctx);
cleanup:
    EVP_PKEY_CTX_free(ctx); /* a failed context is not put back */
    return res;
}

static SP_RESULT keygen_from_params(EVP_PKEY *params, EVP_PKEY **out) {
    sp_result res = SP_OK;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY_OSSL(EVP_PKEY_keygen_init(ctx));
    TRY_OSSL(EVP_PKEY_generate(ctx, out));
cleanup:
    EVP_PKEY_CTX_free(ctx);
    return res;
}

/* pbParams in the BCRYPT_DH_PARAMETERS layout: header {cbLength, 'DHPM',
 * cbKeyLength} (host order, as on Windows) then p and g, big-endian, cbKeyLength
 * bytes each. */
static SP_RESULT dh_params_parse(const uint8_t *in, size_t len, EVP_PKEY **out) {
    BCRYPT_DH_PARAMETER_HEADER h;
    ENSURE(len >= sizeof(h), NTE_INVALID_PARAMETER);
    memcpy(&h, in, sizeof(h));
    ENSURE(h.dwMagic == BCRYPT_DH_PARAMETERS_MAGIC, NTE_INVALID_PARAMETER);
    ENSURE(h.cbKeyLength >= 128 && h.cbKeyLength <= SP_KEX_MAX_SECRET, NTE_INVALID_PARAMETER);
    ENSURE(h.cbLength == len && len == sizeof(h) + 2 * (size_t)h.cbKeyLength, NTE_INVALID_PARAMETER);
    sp_result r = sp_dh_from_pgy(in + sizeof(h), in + sizeof(h) + h.cbKeyLength, NULL, h.cbKeyLength, out);
    ENSURE(r.st != NTE_BAD_DATA, NTE_INVALID_PARAMETER);
    return r;
}

/* Which group does this call ask for?  *group = IANA id, or 0 with DH params. */
static SP_RESULT ephemeral_group(DWORD protocol, DWORD suite_id, DWORD key_type, DWORD bits, bool have_params,
                                 DWORD *group) {
    const struct sp_suite *s = NULL;
    bool tls13 = protocol == TLS1_3_PROTOCOL_VERSION;
    if (tls13) {
        s = sp_suite_find(suite_id);
        ENSURE(s != NULL && (s->protocols & SP_P_TLS13), NTE_NOT_SUPPORTED);
    } else {
        GUARD(sp_suite_for(protocol, suite_id, &s));
        ENSURE(s->kx == SP_KX_ECDHE || s->kx == SP_KX_DHE || s->kx == SP_KX_DHE_PSK, NTE_NOT_SUPPORTED);
    }
    bool ec_ok = tls13 || s->kx == SP_KX_ECDHE, dh_ok = tls13 || s->kx == SP_KX_DHE || s->kx == SP_KX_DHE_PSK;
    if (key_type != 0) {
        enum sp_key_alg alg = sp_group_alg(key_type);
        ENSURE(alg != SP_KEY_NONE, NTE_NOT_SUPPORTED);
        ENSURE(!have_params, NTE_INVALID_PARAMETER);
        ENSURE(alg == SP_KEY_DH ? dh_ok : ec_ok, NTE_INVALID_PARAMETER);
        *group = key_type;
        return SP_OK;
    }
    if (have_params) {
        ENSURE(dh_ok, NTE_INVALID_PARAMETER);
        *group = 0;
        return SP_OK;
    }
    /* dwKeyType 0 without parameters (header): ECDHE picks by dwKeyBitLen, DHE
     * picks an RFC 7919 group by dwKeyBitLen; TLS 1.3 must name its group. */
    ENSURE(!tls13, NTE_INVALID_PARAMETER);
    if (s->kx == SP_KX_ECDHE) {
        switch (bits) {
        case 0:
        case 256: *group = TLS_ECC_P256_CURVE_KEY_TYPE; return SP_OK;
        case 384: *group = TLS_ECC_P384_CURVE_KEY_TYPE; return SP_OK;
        case 521: *group = TLS_ECC_P521_CURVE_KEY_TYPE; return SP_OK;
        case 255: *group = SSLPROV_GROUP_X25519; return SP_OK;
        case 448: *group = SSLPROV_GROUP_X448; return SP_OK;
        default: BAIL(NTE_INVALID_PARAMETER);
        }
    }
    switch (bits) {
    case 0:
    case 2048: *group = SSLPROV_GROUP_FFDHE2048; return SP_OK;
    case 3072: *group = SSLPROV_GROUP_FFDHE3072; return SP_OK;
    case 4096: *group = SSLPROV_GROUP_FFDHE4096; return SP_OK;
    case 6144: *group = SSLPROV_GROUP_FFDHE6144; return SP_OK;
    case 8192: *group = SSLPROV_GROUP_FFDHE8192; return SP_OK;
    default: BAIL(NTE_INVALID_PARAMETER);
    }
}

static SP_RESULT create_ephemeral(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE *out, DWORD protocol, DWORD suite,
                                  DWORD key_type, DWORD bits, const uint8_t *params, DWORD cb_params, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    EVP_PKEY *dhp = NULL, *pkey = NULL;
    struct sp_pkey *k = NULL;
    DWORD group = 0;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    /* As Windows' SPSslCreateEphemeralKey: NCRYPT_SSL_SERVER_FLAG (0x2) is
     * accepted, any other bit is NTE_INVALID_PARAMETER. */
    CHECK((flags & ~(DWORD)NCRYPT_SSL_SERVER_FLAG) == 0, NTE_INVALID_PARAMETER);
    CHECK(params != NULL || cb_params == 0, NTE_INVALID_PARAMETER);
    TRY(ephemeral_group(protocol, suite, key_type, bits, params != NULL && cb_params > 0, &group));
    if (group == 0) {
        TRY(dh_params_parse(params, cb_params, &dhp));
        TRY(keygen_from_params(dhp, &pkey));
    } else {
        TRY(keygen_named(group, &pkey));
    }
    TRY(sp_pkey_new(prov, SP_OBJ_EPHEMERAL, pkey, &k));
    pkey = NULL;
    res = sp_handle_publish(&k->obj, out);
cleanup:
    EVP_PKEY_free(pkey);
    EVP_PKEY_free(dhp);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslCreateEphemeralKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                         NCRYPT_KEY_HANDLE *phEphemeralKey, DWORD dwProtocol,
                                                         DWORD dwCipherSuite, DWORD dwKeyType, DWORD dwKeyBitLen,
                                                         PBYTE pbParams, DWORD cbParams, DWORD dwFlags) {
    return sp_status(create_ephemeral(hSslProvider, phEphemeralKey, dwProtocol, dwCipherSuite, dwKeyType, dwKeyBitLen,
                                      pbParams, cbParams, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Shared secret                                                             */
/* ------------------------------------------------------------------------ */

static bool same_group(const struct sp_pkey *a, const struct sp_pkey *b) {
    if (a->alg != b->alg) return false;
    if (a->alg == SP_KEY_DH) return EVP_PKEY_parameters_eq(a->pkey, b->pkey) == 1;
    return a->group == b->group;
}

SP_RESULT sp_kex_shared_secret(struct sp_object *priv, struct sp_object *pub, bool strip_dh_zeros, uint8_t *out,
                               size_t *out_len) {
    sp_result res = SP_OK;
    EVP_PKEY_CTX *ctx = NULL;
    ENSURE(priv != NULL && pub != NULL && out != NULL && out_len != NULL, NTE_INVALID_PARAMETER);
    ENSURE(priv->type == SP_OBJ_EPHEMERAL && pub->type == SP_OBJ_PUBLIC, NTE_INVALID_HANDLE);
    struct sp_pkey *a = (struct sp_pkey *)priv, *b = (struct sp_pkey *)pub;
    ENSURE(a->alg == SP_KEY_EC || a->alg == SP_KEY_X25519 || a->alg == SP_KEY_X448 || a->alg == SP_KEY_DH,
           NTE_INVALID_PARAMETER);
    ENSURE(same_group(a, b), NTE_INVALID_PARAMETER);
    size_t n = SP_KEX_MAX_SECRET;
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, a->pkey, NULL);
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY_OSSL(EVP_PKEY_derive_init(ctx));
    if (a->alg == SP_KEY_DH) {
        /* Keep leading zeros here; the caller decides (RFC 8446 7.4.1 vs RFC 5246 8.1.2). */
        unsigned int pad = 1;
        OSSL_PARAM p[] = {OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad), OSSL_PARAM_construct_end()};
        TRY_OSSL(EVP_PKEY_CTX_set_params(ctx, p));
    }
    /* Peer values were validated on import (EC: on the curve; DH: 2..p-2), so
     * libcrypto's own (for DH: a full modular exponentiation) check is skipped. */
    TRY_OSSL(EVP_PKEY_derive_set_peer_ex(ctx, b->pkey, 0));
    CHECK(EVP_PKEY_derive(ctx, NULL, &n) > 0 && n <= SP_KEX_MAX_SECRET, NTE_INTERNAL_ERROR);
    /* X25519/X448 with a small-order peer value give all zeros (RFC 7748
     * section 6.1; RFC 8446 section 7.4.2): libcrypto refuses, so does this. */
    CHECK(EVP_PKEY_derive(ctx, out, &n) > 0, NTE_BAD_DATA);
    if (a->alg == SP_KEY_X25519 || a->alg == SP_KEY_X448) {
        uint8_t acc = 0;
        for (size_t i = 0; i < n; i++)
            acc |= out[i];
        CHECK(acc != 0, NTE_BAD_DATA);
    }
    if (a->alg == SP_KEY_DH && strip_dh_zeros) {
        /* RFC 5246 section 8.1.2: "Leading bytes of Z that contain all zero
         * bits are stripped before it is used as the pre_master_secret." */
        size_t z = 0;
        while (z + 1 < n && out[z] == 0)
            z++;
        memmove(out, out + z, n - z);
        sp_wipe(out + n - z, z);
        n -= z;
    }
    *out_len = n;
cleanup:
    if (!SP_IS_OK(res)) sp_wipe(out, SP_KEX_MAX_SECRET);
    EVP_PKEY_CTX_free(ctx);
    return res;
}

/* ------------------------------------------------------------------------ */
/* Parameter lists for the master key                                        */
/* ------------------------------------------------------------------------ */

struct kx_params {
    bool have_cr, have_sr;
    uint8_t cr[32], sr[32];
    const uint8_t *session_hash;
    size_t session_hash_len;
    const uint8_t *psk; /* NCRYPTBUFFER_SSL_CLEAR_KEY: the TLS 1.2 PSK (RFC 4279) */
    size_t psk_len;
    DWORD highest; /* client's highest version (RSA premaster version bytes) */
};

static SP_RESULT kx_params_parse(const NCryptBufferDesc *list, DWORD protocol, bool optional, struct kx_params *kp) {
    memset(kp, 0, sizeof(*kp));
    kp->highest = protocol;
    GUARD(sp_params_check(list, optional));
    const NCryptBuffer *b = sp_params_find(list, NCRYPTBUFFER_SSL_CLIENT_RANDOM);
    if (b != NULL) {
        ENSURE(b->cbBuffer == 32, NTE_INVALID_PARAMETER);
        memcpy(kp->cr, b->pvBuffer, 32), kp->have_cr = true;
    }
    b = sp_params_find(list, NCRYPTBUFFER_SSL_SERVER_RANDOM);
    if (b != NULL) {
        ENSURE(b->cbBuffer == 32, NTE_INVALID_PARAMETER);
        memcpy(kp->sr, b->pvBuffer, 32), kp->have_sr = true;
    }
    b = sp_params_find(list, NCRYPTBUFFER_SSL_SESSION_HASH);
    if (b != NULL) {
        ENSURE(b->cbBuffer >= 16 && b->cbBuffer <= 64, NTE_INVALID_PARAMETER);
        kp->session_hash = b->pvBuffer, kp->session_hash_len = b->cbBuffer;
    }
    /* Read only by the PSK key exchanges (gmk_psk checks it there): other
     * suites ignore it, as Windows does. */
    b = sp_params_find(list, NCRYPTBUFFER_SSL_CLEAR_KEY);
    if (b != NULL) kp->psk = b->pvBuffer, kp->psk_len = b->cbBuffer;
    b = sp_params_find(list, NCRYPTBUFFER_SSL_HIGHEST_VERSION);
    if (b != NULL) {
        /* A DWORD, as Schannel passes it (reference section 3.3). */
        ENSURE(b->cbBuffer == sizeof(DWORD), NTE_INVALID_PARAMETER);
        memcpy(&kp->highest, b->pvBuffer, sizeof(DWORD));
        ENSURE(kp->highest <= 0xFFFF, NTE_INVALID_PARAMETER);
    }
    return SP_OK;
}

/* The master secret needs the randoms unless the extended master secret is
 * used (RFC 7627 section 4: its seed is the session hash alone). */
static SP_RESULT kx_params_require(const struct kx_params *kp) {
    if (kp->session_hash == NULL) ENSURE(kp->have_cr && kp->have_sr, NTE_INVALID_PARAMETER);
    return SP_OK;
}

static SP_RESULT derive_and_publish(struct sp_provider *prov, DWORD protocol, const struct sp_suite *s, DWORD role,
                                    const uint8_t *pms, size_t pms_len, const struct kx_params *kp, sp_props inputs,
                                    NCRYPT_KEY_HANDLE *out) {
    sp_result res = SP_OK;
    uint8_t ms[SP_MASTER_SECRET_LEN];
    TRY(sp_master_from_premaster(protocol, s, pms, pms_len, kp->cr, kp->sr, kp->session_hash, kp->session_hash_len,
                                 ms));
    /* The key log needs the client random; with EMS it may be absent. */
    TRY(sp_master_publish(prov, protocol, s, role, ms, inputs, kp->have_cr ? kp->cr : NULL, out));
cleanup:
    SP_WIPE_BUF(ms);
    return res;
}

/* ------------------------------------------------------------------------ */
/* RSA key exchange: client side                                             */
/* ------------------------------------------------------------------------ */

static SP_RESULT rsa_public_of(NCRYPT_KEY_HANDLE h, struct sp_pkey **out) {
    struct sp_object *o = NULL;
    GUARD(sp_handle_get(h, SP_T(SP_OBJ_PUBLIC) | SP_T(SP_OBJ_PRIVATE), &o));
    struct sp_pkey *k = (struct sp_pkey *)o;
    if (k->alg != SP_KEY_RSA) {
        sp_handle_put(o);
        BAIL(NTE_INVALID_PARAMETER);
    }
    *out = k;
    return SP_OK;
}

/* RSAES-PKCS1-v1_5 of the premaster under the server key (RFC 5246 7.4.7.1):
 * out receives exactly the modulus-size ciphertext, without the 2-byte length
 * that TLS 1.0+ puts in front of it on the wire. */
static SP_RESULT rsa_encrypt_pms(struct sp_pkey *k, const uint8_t pms[SP_PREMASTER_LEN], uint8_t *out, size_t cap,
                                 size_t *len) {
    sp_result res = SP_OK;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    size_t n = cap;
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY_OSSL(EVP_PKEY_encrypt_init(ctx));
    TRY_OSSL(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING));
    TRY_OSSL(EVP_PKEY_encrypt(ctx, out, &n, pms, SP_PREMASTER_LEN));
    *len = n;
cleanup:
    EVP_PKEY_CTX_free(ctx);
    return res;
}

static SP_RESULT new_pms(DWORD version, uint8_t pms[SP_PREMASTER_LEN]) {
    /* RFC 5246 7.4.7.1: client_version (the latest the client supports) || 46 random bytes. */
    pms[0] = (uint8_t)(version >> 8);
    pms[1] = (uint8_t)version;
    return sp_random(pms + 2, SP_PREMASTER_LEN - 2);
}

static SP_RESULT generate_premaster(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hPub, NCRYPT_KEY_HANDLE *out,
                                    DWORD protocol, DWORD suite, NCryptBufferDesc *list, uint8_t *ct, DWORD cb_ct,
                                    DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_pkey *k = NULL;
    struct sp_premaster *pm = NULL;
    const struct sp_suite *s = NULL;
    struct kx_params kp;
    uint8_t pms[SP_PREMASTER_LEN];
    size_t n = 0;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL && result != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(sp_suite_for(protocol, suite, &s));
    CHECK(s->kx == SP_KX_RSA, NTE_NOT_SUPPORTED);
    TRY(kx_params_parse(list, protocol, true, &kp));
    TRY(rsa_public_of(hPub, &k));
    *result = (DWORD)k->cb;
    if (ct == NULL) goto cleanup; /* size query */
    CHECK(cb_ct >= k->cb, NTE_BUFFER_TOO_SMALL);
    TRY(new_pms(kp.highest, pms));
    TRY(rsa_encrypt_pms(k, pms, ct, cb_ct, &n));
    TRY(sp_premaster_new(prov, protocol, suite, pms, &pm));
    *result = (DWORD)n;
    res = sp_handle_publish(&pm->obj, out);
cleanup:
    SP_WIPE_BUF(pms);
    sp_handle_put(k ? &k->obj : NULL);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGeneratePreMasterKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                           NCRYPT_KEY_HANDLE hPublicKey,
                                                           NCRYPT_KEY_HANDLE *phPreMasterKey, DWORD dwProtocol,
                                                           DWORD dwCipherSuite, PNCryptBufferDesc pParameterList,
                                                           PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult,
                                                           DWORD dwFlags) {
    return sp_status(generate_premaster(hSslProvider, hPublicKey, phPreMasterKey, dwProtocol, dwCipherSuite,
                                        pParameterList, pbOutput, cbOutput, pcbResult, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* SslGenerateMasterKey                                                      */
/* ------------------------------------------------------------------------ */

struct gmk_args {
    NCRYPT_KEY_HANDLE priv, pub;
    DWORD protocol, flags, role;
    uint8_t *out;
    DWORD cb_out;
    DWORD *result;
};

/* RSA client: a fresh premaster (one-call form) or the one from
 * SslGeneratePreMasterKey passed as hPrivateKey (reference 11.11). */
static SP_RESULT gmk_rsa(const struct gmk_args *a, const struct kx_params *kp, uint8_t pms[SP_PREMASTER_LEN],
                         bool *size_only, sp_props *inputs) {
    sp_result res = SP_OK;
    struct sp_object *o = NULL;
    struct sp_pkey *k = NULL;
    size_t n = 0;
    /* The RSA server uses SslImportMasterKey: Windows answers NTE_NOT_SUPPORTED. */
    CHECK(a->role == NCRYPT_SSL_CLIENT_FLAG, NTE_NOT_SUPPORTED);
    if (a->priv != 0) {
        TRY(sp_handle_get(a->priv, SP_T(SP_OBJ_PREMASTER), &o));
        struct sp_premaster *pm = (struct sp_premaster *)o;
        CHECK(pm->protocol == a->protocol, NTE_INVALID_PARAMETER);
        memcpy(pms, pm->secret, SP_PREMASTER_LEN);
        *inputs = sp_props_of(o);              /* the master inherits the premaster's properties */
        if (a->result != NULL) *a->result = 0; /* the ciphertext came from SslGeneratePreMasterKey */
        goto cleanup;
    }
    CHECK(a->result != NULL, NTE_INVALID_PARAMETER);
    TRY(rsa_public_of(a->pub, &k));
    *a->result = (DWORD)k->cb;
    if (a->out == NULL) {
        *size_only = true;
        goto cleanup;
    }
    CHECK(a->cb_out >= k->cb, NTE_BUFFER_TOO_SMALL);
    TRY(new_pms(kp->highest, pms));
    TRY(rsa_encrypt_pms(k, pms, a->out, a->cb_out, &n));
    *a->result = (DWORD)n;
cleanup:
    sp_handle_put(o);
    sp_handle_put(k ? &k->obj : NULL);
    return res;
}

/* (EC)DHE: Windows never reads pbOutput, cbOutput or pcbResult on this path
 * (its SPSslGenerateMasterKey), so real callers pass NULL, 0, NULL. */
static SP_RESULT gmk_dh(const struct gmk_args *a, const struct sp_suite *s, uint8_t *pms, size_t *pms_len,
                        sp_props *inputs) {
    sp_result res = SP_OK;
    struct sp_object *priv = NULL, *pub = NULL;
    const bool dh = s->kx == SP_KX_DHE || s->kx == SP_KX_DHE_PSK;
    TRY(sp_handle_get(a->priv, SP_T(SP_OBJ_EPHEMERAL), &priv));
    TRY(sp_handle_get(a->pub, SP_T(SP_OBJ_PUBLIC), &pub));
    enum sp_key_alg alg = (enum sp_key_alg)((struct sp_pkey *)priv)->alg;
    CHECK(dh ? alg == SP_KEY_DH : alg != SP_KEY_DH, NTE_INVALID_PARAMETER);
    /* DHE: leading zeros stripped (RFC 5246 8.1.2); ECDHE: the x-coordinate,
     * fixed size (RFC 8422 section 5.10), or the X25519/X448 output. */
    TRY(sp_kex_shared_secret(priv, pub, true, pms, pms_len));
    *inputs = sp_props_of(priv); /* the master inherits the ephemeral key's properties */
    if (a->result != NULL) *a->result = 0;
cleanup:
    sp_handle_put(priv);
    sp_handle_put(pub);
    return res;
}

/* PSK and DHE_PSK (RFC 4279 sections 2 and 3): premaster = uint16 len(other)
 * || other || uint16 len(psk) || psk, other = len(psk) zeros (plain PSK) or the
 * DH shared secret Z.  The PSK is NCRYPTBUFFER_SSL_CLEAR_KEY in the parameter
 * list, as on Windows (TlsGeneratePSKPreMasterKey). */
static SP_RESULT gmk_psk(const struct gmk_args *a, const struct sp_suite *s, const struct kx_params *kp, uint8_t *pms,
                         size_t *pms_len, sp_props *inputs) {
    ENSURE(kp->psk != NULL && kp->psk_len >= 1 && kp->psk_len <= SP_PSK_MAX, NTE_INVALID_PARAMETER);
    size_t other = kp->psk_len;
    /* The PSK itself came in the clear from the caller: the master is as
     * exportable as the creating provider allows (and, for DHE_PSK, as the
     * ephemeral key is). */
    if (s->kx == SP_KX_DHE_PSK) {
        GUARD(gmk_dh(a, s, pms + 2, &other, inputs));
    } else {
        memset(pms + 2, 0, other);
        if (a->result != NULL) *a->result = 0;
    }
    sp_be16(pms, (uint32_t)other);
    sp_be16(pms + 2 + other, (uint32_t)kp->psk_len);
    memcpy(pms + 4 + other, kp->psk, kp->psk_len);
    *pms_len = 4 + other + kp->psk_len;
    return SP_OK;
}

static SP_RESULT generate_master(NCRYPT_PROV_HANDLE hProv, struct gmk_args *a, NCRYPT_KEY_HANDLE *out, DWORD suite,
                                 NCryptBufferDesc *list) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    const struct sp_suite *s = NULL;
    struct kx_params kp;
    uint8_t pms[4 + SP_KEX_MAX_SECRET + SP_PSK_MAX];
    size_t pms_len = 0;
    bool size_only = false;
    sp_props inputs = SP_PROPS_ALL;
    memset(&kp, 0, sizeof(kp));
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    /* pcbResult is read only on the RSA client path (Windows'
     * SPSslGenerateMasterKey): (EC)DHE and PSK callers pass NULL, 0, NULL. */
    if (a->result != NULL) *a->result = 0;
    /* Windows: bits other than CLIENT|SERVER are NTE_BAD_FLAGS; the client bit
     * wins when both are set (3 = client); neither is NTE_BAD_FLAGS. */
    CHECK((a->flags & ~(DWORD)(NCRYPT_SSL_CLIENT_FLAG | NCRYPT_SSL_SERVER_FLAG)) == 0 && a->flags != 0, NTE_BAD_FLAGS);
    a->role = (a->flags & NCRYPT_SSL_CLIENT_FLAG) ? NCRYPT_SSL_CLIENT_FLAG : NCRYPT_SSL_SERVER_FLAG;
    /* TLS 1.3 has no master key made here (SslExtractHandshakeKey does that). */
    CHECK(a->protocol != TLS1_3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    TRY(sp_suite_for(a->protocol, suite, &s));
    TRY(kx_params_parse(list, a->protocol, false, &kp));
    TRY(kx_params_require(&kp));
    switch (s->kx) {
    case SP_KX_RSA:
        TRY(gmk_rsa(a, &kp, pms, &size_only, &inputs));
        pms_len = SP_PREMASTER_LEN;
        break;
    case SP_KX_DHE:
    case SP_KX_ECDHE: TRY(gmk_dh(a, s, pms, &pms_len, &inputs)); break;
    case SP_KX_PSK:
    case SP_KX_DHE_PSK: TRY(gmk_psk(a, s, &kp, pms, &pms_len, &inputs)); break;
    default: FAIL(NTE_NOT_SUPPORTED); /* RSA_PSK is not offered */
    }
    if (size_only) goto cleanup;
    TRY(derive_and_publish(prov, a->protocol, s, a->role, pms, pms_len, &kp, inputs, out));
cleanup:
    SP_WIPE_BUF(pms);
    SP_WIPE_OBJ(&kp);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGenerateMasterKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                                        NCRYPT_KEY_HANDLE hPublicKey, NCRYPT_KEY_HANDLE *phMasterKey,
                                                        DWORD dwProtocol, DWORD dwCipherSuite,
                                                        PNCryptBufferDesc pParameterList, PBYTE pbOutput,
                                                        DWORD cbOutput, DWORD *pcbResult, DWORD dwFlags) {
    struct gmk_args a = {hPrivateKey, hPublicKey, dwProtocol, dwFlags, 0, pbOutput, cbOutput, pcbResult};
    return sp_status(generate_master(hSslProvider, &a, phMasterKey, dwCipherSuite, pParameterList));
}

/* ------------------------------------------------------------------------ */
/* SslImportMasterKey: RSA server                                            */
/* ------------------------------------------------------------------------ */

/* All ones if a == b, else 0, without a branch (the operands may be secret). */
static inline uint32_t kx_ct_eq8(uint8_t a, uint8_t b) {
    uint32_t x = (uint32_t)(a ^ b); /* 0..255 */
    return (uint32_t)0 - ((x - 1u) >> 31);
}

/* Decrypt the premaster with the RFC 5246 section 7.4.7.1 countermeasure.
 *
 * Every ciphertext takes the same path: it is copied into a modulus-size buffer
 * (wrong lengths included), decrypted with libcrypto's RSA_PKCS1_WITH_TLS_PADDING
 * mode - which checks the PKCS#1 type-2 padding, the 48-byte length and the
 * client_version bytes in constant time and substitutes a random premaster on
 * any failure (OpenSSL's ossl_rsa_padding_check_PKCS1_type_2_TLS) - and the
 * result is then chosen against our own random premaster R with a mask, not a
 * branch.  The only conditions that change the mask (ciphertext length, value
 * not below the modulus) are public, so nothing observable depends on the
 * secret padding: there is no error return and no timing difference for a
 * Bleichenbacher/ROBOT oracle to read. */
static SP_RESULT rsa_decrypt_pms(struct sp_pkey *k, const uint8_t *ct, size_t ct_len, DWORD client_version,
                                 uint8_t pms[SP_PREMASTER_LEN]) {
    sp_result res = SP_OK;
    EVP_PKEY_CTX *ctx = NULL;
    uint8_t r[SP_PREMASTER_LEN], dec[SP_PREMASTER_LEN];
    uint8_t *buf = sp_zalloc(k->cb);
    size_t n = sizeof(dec);
    unsigned int ver = client_version;
    CHECK(buf != NULL, NTE_NO_MEMORY);
    TRY(sp_random(r, sizeof(r)));
    /* Empty (pbEncryptedKey may then be NULL): buf stays all zeros, refused
     * below like any wrong length. */
    if (ct_len > k->cb)
        memcpy(buf, ct, k->cb);
    else if (ct_len > 0)
        memcpy(buf + (k->cb - ct_len), ct, ct_len);
    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
    CHECK(ctx != NULL, NTE_NO_MEMORY);
    TRY_OSSL(EVP_PKEY_decrypt_init(ctx));
    TRY_OSSL(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_WITH_TLS_PADDING));
    OSSL_PARAM p[] = {OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &ver),
                      OSSL_PARAM_construct_end()};
    TRY_OSSL(EVP_PKEY_CTX_set_params(ctx, p));
    int ok = EVP_PKEY_decrypt(ctx, dec, &n, buf, k->cb) > 0;
    ERR_clear_error();
    /* ctgrind build: the decrypted premaster and our substitute are secret from
     * here on; valgrind reports any branch or index on them (test_consttime).
     * ok and n are public: with RSA_PKCS1_WITH_TLS_PADDING libcrypto fails only
     * for a value not below the modulus and otherwise always returns 48 bytes. */
    SP_CT_SECRET(dec, sizeof(dec));
    SP_CT_SECRET(r, sizeof(r));
    /* good = all-ones when the (public) length was right and libcrypto produced 48 bytes ... */
    uint32_t good = 0u - (uint32_t)(ok & (ct_len == k->cb) & (n == SP_PREMASTER_LEN));
    /* ... and the version bytes are client_version (RFC 5246 7.4.7.1), checked
     * again here, branch-free, so the countermeasure does not depend on the
     * libcrypto provider honouring OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION
     * (a third-party provider, e.g. PKCS#11, may ignore it).  With OpenSSL's
     * default provider a wrong version already gave random bytes. */
    good &= kx_ct_eq8(dec[0], (uint8_t)(ver >> 8)) & kx_ct_eq8(dec[1], (uint8_t)ver);
    for (size_t i = 0; i < SP_PREMASTER_LEN; i++)
        pms[i] = (uint8_t)((dec[i] & good) | (r[i] & ~good));
cleanup:
    SP_WIPE_BUF(r);
    SP_WIPE_BUF(dec);
    sp_free_secret(buf, buf ? k->cb : 0);
    EVP_PKEY_CTX_free(ctx);
    return res;
}

static SP_RESULT import_master(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hPriv, NCRYPT_KEY_HANDLE *out,
                               DWORD protocol, DWORD suite, NCryptBufferDesc *list, const uint8_t *ct, DWORD ct_len,
                               DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *o = NULL;
    const struct sp_suite *s = NULL;
    struct kx_params kp;
    uint8_t pms[SP_PREMASTER_LEN];
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    TRY(sp_handle_get(hPriv, SP_T(SP_OBJ_PRIVATE), &o));
    /* As Windows' SPSslImportMasterKey: 0 or NCRYPT_SSL_SERVER_FLAG (this is
     * always the server side); other bits NTE_BAD_FLAGS. */
    CHECK((flags & ~(DWORD)NCRYPT_SSL_SERVER_FLAG) == 0, NTE_BAD_FLAGS);
    TRY(sp_suite_for(protocol, suite, &s));
    CHECK(s->kx == SP_KX_RSA, NTE_NOT_SUPPORTED);
    CHECK(((struct sp_pkey *)o)->alg == SP_KEY_RSA, NTE_INVALID_PARAMETER);
    /* The header's promise: no ciphertext makes this fail, the empty one
     * included (its length is public: the random premaster hides nothing more
     * than for any other wrong length).  Only a length without bytes is a
     * caller error (issue #12 item 15). */
    CHECK(ct != NULL || ct_len == 0, NTE_INVALID_PARAMETER);
    TRY(kx_params_parse(list, protocol, false, &kp));
    TRY(kx_params_require(&kp));
    TRY(rsa_decrypt_pms((struct sp_pkey *)o, ct, ct_len, kp.highest, pms));
    /* The premaster came through the server's private key: the master is
     * exportable only if that key is. */
    TRY(derive_and_publish(prov, protocol, s, NCRYPT_SSL_SERVER_FLAG, pms, sizeof(pms), &kp, sp_props_of(o), out));
cleanup:
    SP_WIPE_BUF(pms);
    sp_handle_put(o);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslImportMasterKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                                      NCRYPT_KEY_HANDLE *phMasterKey, DWORD dwProtocol,
                                                      DWORD dwCipherSuite, NCryptBufferDesc *pParameterList,
                                                      PBYTE pbEncryptedKey, DWORD cbEncryptedKey, DWORD dwFlags) {
    return sp_status(import_master(hSslProvider, hPrivateKey, phMasterKey, dwProtocol, dwCipherSuite, pParameterList,
                                   pbEncryptedKey, cbEncryptedKey, dwFlags));
}
