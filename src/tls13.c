/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls13.c - the TLS 1.3 key schedule (RFC 8446 section 7.1) through the
 * SslExtract* / SslExpand* functions, PSK import, the (early) exporters, key
 * update, Finished and binders.
 *
 *              0 -> HKDF-Extract = Early Secret          SslExtractEarlyKey(PSK or none)
 *                    +-> "ext binder"/"res binder"       SslExpandBinderKey
 *                    +-> "c e traffic"                   SslExpandTrafficKeys(early)
 *                    +-> "e exp master"                  SslExpandExporterMasterKey(early)
 *                    v "derived"
 *   (EC)DHE -> HKDF-Extract = Handshake Secret           SslExtractHandshakeKey
 *                    +-> "c hs traffic" / "s hs traffic" SslExpandTrafficKeys(handshake)
 *                    v "derived"
 *         0 -> HKDF-Extract = Master Secret              SslExtractMasterKey
 *                    +-> "c ap traffic" / "s ap traffic" SslExpandTrafficKeys(master)
 *                    +-> "exp master"                    SslExpandExporterMasterKey(master)
 *                    +-> "res master"                    SslExpandResumptionMasterKey
 *
 * Every secret is one object (kind = SSLPROV_SECRET_KIND_*); the early key fixes
 * the suite and hash for the chain.  Hash objects are never consumed (reference
 * 11.7): the transcript digest is taken from a copy.
 */
#include "internal.h"

#define K(kind) (1u << (kind))
#define KIND_TRAFFIC                                                                                                   \
    (K(SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC) | K(SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC) |                   \
     K(SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC) | K(SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC) |             \
     K(SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC))
#define KIND_CLIENT_TRAFFIC                                                                                            \
    (K(SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC) | K(SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC) |                   \
     K(SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC))
#define KIND_APPLICATION                                                                                               \
    (K(SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC) | K(SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC))
#define KIND_FINISHED                                                                                                  \
    (K(SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC) | K(SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC) |               \
     K(SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC) | K(SSLPROV_SECRET_KIND_BINDER))
#define KIND_EXPORTER (K(SSLPROV_SECRET_KIND_EXPORTER) | K(SSLPROV_SECRET_KIND_EARLY_EXPORTER))

#define LBL(s)          s, sizeof(s) - 1 /* a label literal and its length */
#define SP_TLS13_IV_LEN 12               /* RFC 8446 section 5.3: iv_length = max(8, N_MIN) = 12 for every suite */

static bool kind_is(const struct sp_tls13_secret *s, uint32_t mask) { return s->kind < 32 && (K(s->kind) & mask); }

/* ------------------------------------------------------------------------ */
/* Objects                                                                   */
/* ------------------------------------------------------------------------ */

/* Only the used part of the secret buffer ever held secret bytes, and the HMAC
 * states only once keyed (sp_hmac_wipe wipes the part of the union in use). */
void sp_tls13_destroy(struct sp_object *o) {
    struct sp_tls13_secret *s = (struct sp_tls13_secret *)o;
    size_t used = s->len <= sizeof(s->secret) ? s->len : sizeof(s->secret);
    if (atomic_load_explicit(&s->keyed, memory_order_acquire)) sp_hmac_wipe(&s->hmac);
    pthread_mutex_destroy(&s->lock);
    sp_free_secret(o, offsetof(struct sp_tls13_secret, secret) + used);
}

/* Double-checked: the states are written once under the object's lock and
 * published by the release store of keyed; readers only ever read them. */
SP_RESULT sp_tls13_secret_hmac(struct sp_tls13_secret *s, const struct sp_hmac **out) {
    sp_result r = SP_OK;
    if (!atomic_load_explicit(&s->keyed, memory_order_acquire)) {
        pthread_mutex_lock(&s->lock);
        if (!atomic_load_explicit(&s->keyed, memory_order_relaxed)) {
            r = sp_hmac_init(&s->hmac, s->hash, s->secret, s->len);
            if (SP_IS_OK(r)) atomic_store_explicit(&s->keyed, true, memory_order_release);
        }
        pthread_mutex_unlock(&s->lock);
        GUARD(r);
    }
    *out = &s->hmac;
    return SP_OK;
}

SP_RESULT sp_tls13_secret_new(struct sp_provider *prov, DWORD kind, const struct sp_suite *suite, const uint8_t *secret,
                              size_t len, struct sp_tls13_secret **out) {
    ENSURE(len <= SP_TLS13_MAX_PSK, NTE_INTERNAL_ERROR);
    struct sp_tls13_secret *s = sp_zalloc(sizeof(*s));
    ENSURE(s != NULL, NTE_NO_MEMORY);
    sp_object_init(&s->obj, SP_OBJ_TLS13, prov);
    pthread_mutex_init(&s->lock, NULL);
    s->kind = kind;
    s->protocol = TLS1_3_PROTOCOL_VERSION;
    s->suite = suite;
    s->hash = sp_suite_prf(TLS1_3_PROTOCOL_VERSION, suite);
    memcpy(s->secret, secret, len);
    s->len = len;
    *out = s;
    return SP_OK;
}

/* A secret derived from base: same chain (suite, hash, client random). */
static SP_RESULT child_new(struct sp_provider *prov, const struct sp_tls13_secret *base, DWORD kind,
                           const uint8_t *secret, struct sp_tls13_secret **out) {
    struct sp_tls13_secret *c = NULL;
    GUARD(sp_tls13_secret_new(prov, kind, base->suite, secret, sp_hash_len(base->hash), &c));
    sp_object_derive(&c->obj, &base->obj); /* never more exportable than its base */
    c->has_client_random = base->has_client_random;
    memcpy(c->client_random, base->client_random, sizeof(c->client_random));
    *out = c;
    return SP_OK;
}

/* RFC 9850 key-log labels.  Updated application secrets (N > 0) have no
 * standard label, so they are not logged. */
static const char *keylog_label(DWORD kind, uint32_t generation) {
    switch (kind) {
    case SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC: return "CLIENT_EARLY_TRAFFIC_SECRET";
    case SSLPROV_SECRET_KIND_EARLY_EXPORTER: return "EARLY_EXPORTER_SECRET";
    case SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC: return "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
    case SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC: return "SERVER_HANDSHAKE_TRAFFIC_SECRET";
    case SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC: return generation == 0 ? "CLIENT_TRAFFIC_SECRET_0" : NULL;
    case SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC: return generation == 0 ? "SERVER_TRAFFIC_SECRET_0" : NULL;
    case SSLPROV_SECRET_KIND_EXPORTER: return "EXPORTER_SECRET";
    default: return NULL;
    }
}

/* Publish a new secret and write its key-log line.  The line is written from the
 * caller's copy of the bytes: once published, the object belongs to the handle.
 * On failure the object is destroyed and *out stays 0. */
static SP_RESULT publish(struct sp_provider *prov, struct sp_tls13_secret *s, NCRYPT_KEY_HANDLE *out) {
    /* Logged only when every secret it comes from may be (internal.h,
     * sp_object_init): deriving through a provider with a key-log callback
     * does not log a chain another provider made. */
    const char *label = s->has_client_random && s->obj.loggable ? keylog_label(s->kind, s->generation) : NULL;
    if (label == NULL) return sp_handle_publish(&s->obj, out);
    uint8_t cr[32], secret[64];
    size_t len = s->len <= sizeof(secret) ? s->len : 0;
    memcpy(cr, s->client_random, sizeof(cr));
    if (len) memcpy(secret, s->secret, len);
    sp_result r = sp_handle_publish(&s->obj, out);
    if (SP_IS_OK(r) && len) sp_keylog(prov, label, cr, secret, len);
    SP_WIPE_BUF(secret);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Call plumbing: acquire and release the objects of one public call         */
/* ------------------------------------------------------------------------ */

struct call {
    struct sp_provider *prov;
    struct sp_tls13_secret *base;
    struct sp_hshash *hash;
};

static void call_end(struct call *c) {
    sp_handle_put(c->hash ? &c->hash->obj : NULL);
    sp_handle_put(c->base ? &c->base->obj : NULL);
    sp_handle_put(c->prov ? &c->prov->obj : NULL);
}

/* The order of checks every function follows: provider, out pointer, base
 * handle, flags, parameter list, then (in the caller) the kind of the base. */
static SP_RESULT call_begin(struct call *c, NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE *out, NCRYPT_KEY_HANDLE hb,
                            const NCryptBufferDesc *params, DWORD flags, DWORD allowed_flags) {
    struct sp_object *o = NULL;
    GUARD(sp_provider_get(hp, &c->prov));
    ENSURE(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    GUARD(sp_handle_get(hb, SP_T(SP_OBJ_TLS13), &o));
    c->base = (struct sp_tls13_secret *)o;
    ENSURE((flags & ~allowed_flags) == 0, NTE_BAD_FLAGS);
    GUARD(sp_params_check(params, true));
    return SP_OK;
}

static SP_RESULT check_transcript(const struct sp_hshash *h, enum sp_hash alg) {
    ENSURE(h->alg == alg && h->protocol == TLS1_3_PROTOCOL_VERSION, NTE_BAD_HASH);
    return SP_OK;
}

/* Transcript-Hash of the messages in hh so far (RFC 8446 section 4.4.1). */
static SP_RESULT call_transcript(struct call *c, NCRYPT_HASH_HANDLE hh, uint8_t th[64]) {
    size_t n = 0;
    GUARD(sp_hash_get(hh, &c->hash));
    GUARD(check_transcript(c->hash, c->base->hash));
    GUARD(sp_hash_digest(c->hash, th, &n));
    ENSURE(n == sp_hash_len(c->base->hash), NTE_INTERNAL_ERROR);
    return SP_OK;
}

/* Derive-Secret-like step: child = HKDF-Expand-Label(base, label, ctx, Hash.length). */
static SP_RESULT derive(struct sp_provider *prov, const struct sp_tls13_secret *base, const struct sp_hmac *k,
                        DWORD kind, const char *label, size_t label_len, const uint8_t *ctx, size_t ctx_len,
                        struct sp_tls13_secret **out) {
    sp_result res = SP_OK;
    uint8_t buf[64];
    TRY(sp_hkdf_expand_label_k(k, label, label_len, ctx, ctx_len, buf, sp_hash_len(base->hash)));
    TRY(child_new(prov, base, kind, buf, out));
cleanup:
    SP_WIPE_BUF(buf);
    return res;
}

/* One derived secret from the call's base, published. */
static SP_RESULT derive_publish(struct call *c, DWORD kind, const char *label, size_t label_len, const uint8_t *ctx,
                                size_t ctx_len, NCRYPT_KEY_HANDLE *out) {
    const struct sp_hmac *k = NULL;
    struct sp_tls13_secret *s = NULL;
    GUARD(sp_tls13_secret_hmac(c->base, &k));
    GUARD(derive(c->prov, c->base, k, kind, label, label_len, ctx, ctx_len, &s));
    if (kind == c->base->kind) s->generation = c->base->generation + 1; /* key update */
    if (kind == SSLPROV_SECRET_KIND_PSK) s->psk_flags = NCRYPT_SSL_RESUMPTION_PSK_FLAG;
    return publish(c->prov, s, out);
}

/* ------------------------------------------------------------------------ */
/* Extract: early, handshake, master                                         */
/* ------------------------------------------------------------------------ */

static SP_RESULT extract_early(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hpsk, NCRYPT_KEY_HANDLE *out, DWORD protocol,
                               DWORD suite_id, const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *po = NULL;
    struct sp_tls13_secret *psk = NULL, *e = NULL;
    const struct sp_suite *suite = NULL;
    const NCryptBuffer *cr = NULL;
    uint8_t buf[64];
    TRY(sp_provider_get(hp, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    /* Windows reads neither dwFlags nor the parameter list here; sslprov takes
     * a well-formed client random from it for the key log and ignores the
     * rest. */
    SP_UNUSED(flags);
    CHECK(protocol == TLS1_3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    TRY(sp_suite_for(protocol, suite_id, &suite));
    if (SP_IS_OK(sp_params_check(params, true))) cr = sp_params_find(params, NCRYPTBUFFER_SSL_CLIENT_RANDOM);
    if (cr != NULL && cr->cbBuffer != 32) cr = NULL;
    enum sp_hash h = sp_suite_prf(protocol, suite);
    size_t hl = sp_hash_len(h);
    if (hpsk != 0) {
        TRY(sp_handle_get(hpsk, SP_T(SP_OBJ_TLS13), &po));
        psk = (struct sp_tls13_secret *)po;
        CHECK(psk->kind == SSLPROV_SECRET_KIND_PSK, NTE_BAD_KEY_STATE);
        /* RFC 8446 section 4.2.11: a PSK is bound to one hash (a raw PSK takes
         * the hash of this suite, as on Windows). */
        CHECK(psk->any_hash || psk->hash == h, NTE_BAD_KEY);
    }
    /* Early Secret = HKDF-Extract(salt = 0, IKM = PSK or Hash.length zeros). */
    TRY(sp_tls13_early_secret(h, psk ? psk->secret : NULL, psk ? psk->len : 0, buf));
    TRY(sp_tls13_secret_new(prov, SSLPROV_SECRET_KIND_EARLY, suite, buf, hl, &e));
    sp_object_derive(&e->obj, po); /* the PSK's property (po NULL: a root secret) */
    e->psk_flags = psk ? psk->psk_flags : 0;
    if (cr != NULL) {
        memcpy(e->client_random, cr->pvBuffer, 32);
        e->has_client_random = true;
    }
    res = publish(prov, e, out);
cleanup:
    SP_WIPE_BUF(buf);
    sp_handle_put(po);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExtractEarlyKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPreSharedKey,
                                                      NCRYPT_KEY_HANDLE *phEarlyKey, DWORD dwProtocol,
                                                      DWORD dwCipherSuite, PNCryptBufferDesc pParameterList,
                                                      DWORD dwFlags) {
    return sp_status(
        extract_early(hSslProvider, hPreSharedKey, phEarlyKey, dwProtocol, dwCipherSuite, pParameterList, dwFlags));
}

/* Without a PSK the early secret, and so Derive-Secret(early, "derived", ""), is a
 * constant of the hash (RFC 8448 section 3 prints both for SHA-256): computed once. */
static uint8_t g_nopsk[2][2][64]; /* [sha384][0 = early, 1 = derived] */
/* ... and so is HMAC keyed with that "derived" salt, the key of the handshake
 * secret's HKDF-Extract in every handshake without PSK: its states are cached
 * too, which saves two of that extract's four compressions. */
static struct sp_hmac g_nopsk_salt_key[2];
static pthread_once_t g_nopsk_once = PTHREAD_ONCE_INIT;
static bool g_nopsk_ok;

static void nopsk_init(void) {
    static const uint8_t zeros[64];
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        enum sp_hash h = i ? SP_HASH_SHA384 : SP_HASH_SHA256;
        size_t hl = sp_hash_len(h);
        ok = ok && SP_IS_OK(sp_hkdf_extract(h, zeros, hl, zeros, hl, g_nopsk[i][0])) &&
             SP_IS_OK(
                 sp_hkdf_expand_label(h, g_nopsk[i][0], hl, "derived", 7, sp_hash_empty(h), hl, g_nopsk[i][1], hl)) &&
             SP_IS_OK(sp_hmac_init(&g_nopsk_salt_key[i], h, g_nopsk[i][1], hl));
    }
    g_nopsk_ok = ok;
}

SP_RESULT sp_tls13_early_secret(enum sp_hash h, const uint8_t *psk, size_t psk_len, uint8_t *out) {
    static const uint8_t zeros[64];
    size_t hl = sp_hash_len(h);
    ENSURE(h == SP_HASH_SHA256 || h == SP_HASH_SHA384, NTE_NOT_SUPPORTED);
    if (psk != NULL) return sp_hkdf_extract(h, zeros, hl, psk, psk_len, out);
    pthread_once(&g_nopsk_once, nopsk_init);
    ENSURE(g_nopsk_ok, NTE_INTERNAL_ERROR);
    memcpy(out, g_nopsk[h == SP_HASH_SHA384][0], hl);
    return SP_OK;
}

SP_RESULT sp_tls13_extract_nopsk(enum sp_hash h, const uint8_t *ikm, size_t ikm_len, uint8_t *out) {
    ENSURE(h == SP_HASH_SHA256 || h == SP_HASH_SHA384, NTE_NOT_SUPPORTED);
    pthread_once(&g_nopsk_once, nopsk_init);
    ENSURE(g_nopsk_ok, NTE_INTERNAL_ERROR);
    /* RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM), salt keyed once. */
    sp_hmac_compute(&g_nopsk_salt_key[h == SP_HASH_SHA384], ikm, ikm_len, NULL, 0, out);
    return SP_OK;
}

SP_RESULT sp_tls13_derived_salt(enum sp_hash h, const uint8_t *prev, size_t len, bool nopsk_early, uint8_t *out) {
    size_t hl = sp_hash_len(h);
    if (!nopsk_early) return sp_hkdf_expand_label(h, prev, len, "derived", 7, sp_hash_empty(h), hl, out, hl);
    pthread_once(&g_nopsk_once, nopsk_init);
    ENSURE(g_nopsk_ok, NTE_INTERNAL_ERROR);
    memcpy(out, g_nopsk[h == SP_HASH_SHA384][1], hl);
    return SP_OK;
}

/* salt = Derive-Secret(prev, "derived", ""); next = HKDF-Extract(salt, ikm). */
static SP_RESULT extract_next(struct sp_provider *prov, struct sp_tls13_secret *prev, DWORD kind, const uint8_t *ikm,
                              size_t ikm_len, struct sp_tls13_secret **out) {
    sp_result res = SP_OK;
    enum sp_hash h = prev->hash;
    size_t hl = sp_hash_len(h);
    uint8_t zeros[64] = {0}, salt[64], buf[64];
    const struct sp_hmac *k = NULL;
    if (ikm == NULL) ikm = zeros, ikm_len = hl;
    if (prev->kind == SSLPROV_SECRET_KIND_EARLY && prev->psk_flags == 0) {
        /* The salt and its keyed HMAC are constants without a PSK. */
        TRY(sp_tls13_extract_nopsk(h, ikm, ikm_len, buf));
    } else {
        /* salt = Derive-Secret(prev, "derived", "") with prev's keyed HMAC. */
        TRY(sp_tls13_secret_hmac(prev, &k));
        TRY(sp_hkdf_expand_label_k(k, LBL("derived"), sp_hash_empty(h), hl, salt, hl));
        TRY(sp_hkdf_extract(h, salt, hl, ikm, ikm_len, buf));
    }
    TRY(child_new(prov, prev, kind, buf, out));
cleanup:
    SP_WIPE_BUF(salt);
    SP_WIPE_BUF(buf);
    return res;
}

SP_RESULT sp_tls13_extract_handshake(struct sp_provider *prov, struct sp_tls13_secret *early, const uint8_t *ikm,
                                     size_t ikm_len, struct sp_tls13_secret **out) {
    ENSURE(early->kind == SSLPROV_SECRET_KIND_EARLY, NTE_BAD_KEY_STATE);
    /* PSK-only (psk_ke) needs a PSK: without one there would be no key exchange. */
    ENSURE(ikm != NULL || early->psk_flags != 0, NTE_BAD_KEY_STATE);
    return extract_next(prov, early, SSLPROV_SECRET_KIND_HANDSHAKE, ikm, ikm_len, out);
}

static SP_RESULT extract_handshake(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hpriv, NCRYPT_KEY_HANDLE hpub,
                                   NCRYPT_KEY_HANDLE hearly, NCRYPT_KEY_HANDLE *out, const NCryptBufferDesc *params,
                                   DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    struct sp_object *priv = NULL, *pub = NULL;
    struct sp_tls13_secret *hs = NULL;
    uint8_t ss[SP_KEX_MAX_SECRET];
    size_t ss_len = 0;
    bool dhe = hpriv != 0 || hpub != 0;
    TRY(call_begin(&c, hp, out, hearly, params, flags, 0));
    CHECK(c.base->kind == SSLPROV_SECRET_KIND_EARLY, NTE_BAD_KEY_STATE);
    if (dhe) {
        /* (EC)DHE: own ephemeral key and the peer's public key (RFC 8446 7.4). */
        TRY(sp_handle_get(hpriv, SP_T(SP_OBJ_EPHEMERAL), &priv));
        TRY(sp_handle_get(hpub, SP_T(SP_OBJ_PUBLIC), &pub));
        TRY(sp_kex_shared_secret(priv, pub, false, ss, &ss_len));
    }
    TRY(sp_tls13_extract_handshake(c.prov, c.base, dhe ? ss : NULL, ss_len, &hs));
    sp_object_derive(&hs->obj, priv); /* and the ephemeral key's (issue #12 item 2 (c)) */
    res = publish(c.prov, hs, out);
cleanup:
    SP_WIPE_BUF(ss);
    sp_handle_put(pub);
    sp_handle_put(priv);
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExtractHandshakeKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                          NCRYPT_KEY_HANDLE hPrivateKey, NCRYPT_KEY_HANDLE hPublicKey,
                                                          NCRYPT_KEY_HANDLE hEarlyKey,
                                                          NCRYPT_KEY_HANDLE *phHandshakeKey,
                                                          PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(
        extract_handshake(hSslProvider, hPrivateKey, hPublicKey, hEarlyKey, phHandshakeKey, pParameterList, dwFlags));
}

static SP_RESULT extract_handshake_raw(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hearly, const uint8_t *ss,
                                       size_t ss_len, NCRYPT_KEY_HANDLE *out) {
    sp_result res = SP_OK;
    struct call c = {0};
    struct sp_tls13_secret *hs = NULL;
    TRY(call_begin(&c, hp, out, hearly, NULL, 0, 0));
    CHECK(ss != NULL || ss_len == 0, NTE_INVALID_PARAMETER);
    TRY(sp_tls13_extract_handshake(c.prov, c.base, ss, ss_len, &hs));
    res = publish(c.prov, hs, out);
cleanup:
    call_end(&c);
    return res;
}

SECURITY_STATUS sp_tls13_extract_handshake_raw(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hEarlyKey,
                                               const uint8_t *shared, size_t shared_len,
                                               NCRYPT_KEY_HANDLE *phHandshakeKey) {
    return sp_status(extract_handshake_raw(hSslProvider, hEarlyKey, shared, shared_len, phHandshakeKey));
}

static SP_RESULT extract_master(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hhs, NCRYPT_KEY_HANDLE *out,
                                const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    struct sp_tls13_secret *m = NULL;
    TRY(call_begin(&c, hp, out, hhs, params, flags, 0));
    CHECK(c.base->kind == SSLPROV_SECRET_KIND_HANDSHAKE, NTE_BAD_KEY_STATE);
    /* Master Secret = HKDF-Extract(Derive-Secret(hs, "derived", ""), 0). */
    TRY(extract_next(c.prov, c.base, SSLPROV_SECRET_KIND_MASTER, NULL, 0, &m));
    res = publish(c.prov, m, out);
cleanup:
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExtractMasterKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hHandshakeKey,
                                                       NCRYPT_KEY_HANDLE *phMasterKey, PNCryptBufferDesc pParameterList,
                                                       DWORD dwFlags) {
    return sp_status(extract_master(hSslProvider, hHandshakeKey, phMasterKey, pParameterList, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Expand: traffic secrets, write keys, exporter, resumption, binder, PSK    */
/* ------------------------------------------------------------------------ */

static SP_RESULT expand_traffic(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hb, NCRYPT_HASH_HANDLE hh,
                                NCRYPT_KEY_HANDLE *pc, NCRYPT_KEY_HANDLE *ps, const NCryptBufferDesc *params,
                                DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    const struct sp_hmac *k = NULL;
    struct sp_tls13_secret *cs = NULL, *ss = NULL;
    NCRYPT_KEY_HANDLE dummy = 0;
    bool client_out = false;
    uint8_t th[64];
    DWORD ck = 0, sk = 0;
    const char *cl = NULL, *sl = NULL;
    /* Either output may be NULL, not both. */
    TRY(call_begin(&c, hp, pc != NULL ? pc : ps, hb, params, flags, 0));
    if (ps != NULL) *ps = 0;
    if (pc == NULL) pc = &dummy;
    switch (c.base->kind) {
    case SSLPROV_SECRET_KIND_EARLY:
        /* 0-RTT: only the client sends early data (RFC 8446 section 7.1). */
        CHECK(ps == NULL && pc != &dummy, NTE_INVALID_PARAMETER);
        ck = SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC, cl = "c e traffic";
        break;
    case SSLPROV_SECRET_KIND_HANDSHAKE:
        ck = SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC, cl = "c hs traffic";
        sk = SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC, sl = "s hs traffic";
        break;
    case SSLPROV_SECRET_KIND_MASTER:
        ck = SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC, cl = "c ap traffic";
        sk = SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC, sl = "s ap traffic";
        break;
    default: FAIL(NTE_BAD_KEY_STATE);
    }
    TRY(call_transcript(&c, hh, th));
    size_t hl = sp_hash_len(c.base->hash);
    TRY(sp_tls13_secret_hmac(c.base, &k));
    if (pc != &dummy) {
        TRY(derive(c.prov, c.base, k, ck, cl, strlen(cl), th, hl, &cs));
        TRY(publish(c.prov, cs, pc));
        client_out = true;
    }
    if (ps != NULL) {
        TRY(derive(c.prov, c.base, k, sk, sl, strlen(sl), th, hl, &ss));
        TRY(publish(c.prov, ss, ps));
    }
cleanup:
    if (!SP_IS_OK(res) && client_out) {
        /* All or nothing: do not hand out the client secret alone. */
        sp_result closed = sp_handle_close(*pc, NULL);
        SP_UNUSED(closed);
        *pc = 0;
    }
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandTrafficKeys(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hBaseKey,
                                                        NCRYPT_HASH_HANDLE hHashValue,
                                                        NCRYPT_KEY_HANDLE *phClientTrafficKey,
                                                        NCRYPT_KEY_HANDLE *phServerTrafficKey,
                                                        PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(expand_traffic(hSslProvider, hBaseKey, hHashValue, phClientTrafficKey, phServerTrafficKey,
                                    pParameterList, dwFlags));
}

static SP_RESULT expand_write_key(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hb, NCRYPT_KEY_HANDLE *out,
                                  const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    const struct sp_hmac *k = NULL;
    struct sp_record_key *rk = NULL;
    uint8_t key[SP_RECORD_MAX_KEY], iv[SP_TLS13_IV_LEN];
    /* Windows reads neither the parameter list nor dwFlags here. */
    SP_UNUSED(params);
    SP_UNUSED(flags);
    TRY(call_begin(&c, hp, out, hb, NULL, 0, 0));
    CHECK(kind_is(c.base, KIND_TRAFFIC), NTE_BAD_KEY_STATE);
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)c.base->suite->cipher);
    CHECK(ci != NULL && ci->key_len <= sizeof(key), NTE_INTERNAL_ERROR);
    /* RFC 8446 section 7.3: key = HKDF-Expand-Label(secret, "key", "", key_length),
     * iv = HKDF-Expand-Label(secret, "iv", "", iv_length); the secret's keyed HMAC for both. */
    TRY(sp_tls13_secret_hmac(c.base, &k));
    TRY(sp_hkdf_expand_label_k(k, LBL("key"), NULL, 0, key, ci->key_len));
    TRY(sp_hkdf_expand_label_k(k, LBL("iv"), NULL, 0, iv, sizeof(iv)));
    DWORD owner = kind_is(c.base, KIND_CLIENT_TRAFFIC) ? NCRYPT_SSL_CLIENT_FLAG : NCRYPT_SSL_SERVER_FLAG;
    TRY(sp_record_key_new(c.prov, TLS1_3_PROTOCOL_VERSION, c.base->suite, owner, true, NULL, 0, key, ci->key_len, iv,
                          sizeof(iv), &rk));
    sp_object_derive(&rk->obj, &c.base->obj);
    res = sp_handle_publish(&rk->obj, out);
cleanup:
    SP_WIPE_BUF(key);
    SP_WIPE_BUF(iv);
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandWriteKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                     NCRYPT_KEY_HANDLE *phWriteKey, PNCryptBufferDesc pParameterList,
                                                     DWORD dwFlags) {
    return sp_status(expand_write_key(hSslProvider, hBaseTrafficKey, phWriteKey, pParameterList, dwFlags));
}

/* Derive-Secret(base, label, Transcript-Hash(hh)) for one-output functions. */
static SP_RESULT expand_with_transcript(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hb, NCRYPT_HASH_HANDLE hh,
                                        NCRYPT_KEY_HANDLE *out, const NCryptBufferDesc *params, DWORD flags,
                                        bool resumption) {
    sp_result res = SP_OK;
    struct call c = {0};
    uint8_t th[64];
    DWORD kind = 0;
    const char *label = NULL;
    TRY(call_begin(&c, hp, out, hb, params, flags, 0));
    if (resumption) {
        CHECK(c.base->kind == SSLPROV_SECRET_KIND_MASTER, NTE_BAD_KEY_STATE);
        kind = SSLPROV_SECRET_KIND_RESUMPTION, label = "res master";
    } else if (c.base->kind == SSLPROV_SECRET_KIND_EARLY) {
        kind = SSLPROV_SECRET_KIND_EARLY_EXPORTER, label = "e exp master";
    } else {
        CHECK(c.base->kind == SSLPROV_SECRET_KIND_MASTER, NTE_BAD_KEY_STATE);
        kind = SSLPROV_SECRET_KIND_EXPORTER, label = "exp master";
    }
    TRY(call_transcript(&c, hh, th));
    TRY(derive_publish(&c, kind, label, strlen(label), th, sp_hash_len(c.base->hash), out));
cleanup:
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandExporterMasterKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                              NCRYPT_KEY_HANDLE hBaseKey, NCRYPT_HASH_HANDLE hHashValue,
                                                              NCRYPT_KEY_HANDLE *phExporterMasterKey,
                                                              PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(expand_with_transcript(hSslProvider, hBaseKey, hHashValue, phExporterMasterKey, pParameterList,
                                            dwFlags, false));
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandResumptionMasterKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                                NCRYPT_KEY_HANDLE hMasterKey,
                                                                NCRYPT_HASH_HANDLE hHashValue,
                                                                NCRYPT_KEY_HANDLE *phResumptionMasterKey,
                                                                PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(expand_with_transcript(hSslProvider, hMasterKey, hHashValue, phResumptionMasterKey, pParameterList,
                                            dwFlags, true));
}

static SP_RESULT expand_binder(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hb, NCRYPT_KEY_HANDLE *out,
                               const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    const DWORD both = NCRYPT_SSL_EXTERNAL_PSK_FLAG | NCRYPT_SSL_RESUMPTION_PSK_FLAG;
    TRY(call_begin(&c, hp, out, hb, params, flags, both));
    /* Exactly one of the two flags names the binder label. */
    CHECK(flags == NCRYPT_SSL_EXTERNAL_PSK_FLAG || flags == NCRYPT_SSL_RESUMPTION_PSK_FLAG, NTE_BAD_FLAGS);
    CHECK(c.base->kind == SSLPROV_SECRET_KIND_EARLY && c.base->psk_flags != 0, NTE_BAD_KEY_STATE);
    /* The flag must name the kind of PSK the early secret was made from; a raw
     * PSK takes the label from the flag (Windows). */
    CHECK(c.base->psk_flags == SP_PSK_ANY || flags == c.base->psk_flags, NTE_BAD_FLAGS);
    /* RFC 8446 section 7.1: binder_key = Derive-Secret(early, "ext binder" | "res binder", ""). */
    const char *label = flags == NCRYPT_SSL_EXTERNAL_PSK_FLAG ? "ext binder" : "res binder";
    enum sp_hash h = c.base->hash;
    TRY(derive_publish(&c, SSLPROV_SECRET_KIND_BINDER, label, strlen(label), sp_hash_empty(h), sp_hash_len(h), out));
cleanup:
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandBinderKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hEarlyKey,
                                                      NCRYPT_KEY_HANDLE *phBinderKey, PNCryptBufferDesc pParameterList,
                                                      DWORD dwFlags) {
    return sp_status(expand_binder(hSslProvider, hEarlyKey, phBinderKey, pParameterList, dwFlags));
}

static SP_RESULT expand_psk(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hb, const uint8_t *nonce, DWORD nonce_len,
                            NCRYPT_KEY_HANDLE *out, const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    TRY(call_begin(&c, hp, out, hb, params, flags, 0));
    /* RFC 8446 section 4.6.1: opaque ticket_nonce<0..255>. */
    CHECK((nonce != NULL || nonce_len == 0) && nonce_len <= 255, NTE_INVALID_PARAMETER);
    CHECK(c.base->kind == SSLPROV_SECRET_KIND_RESUMPTION, NTE_BAD_KEY_STATE);
    /* PSK = HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
    TRY(derive_publish(&c, SSLPROV_SECRET_KIND_PSK, LBL("resumption"), nonce, nonce_len, out));
cleanup:
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandPreSharedKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                         NCRYPT_KEY_HANDLE hResumptionMasterKey, PBYTE pbTicketNonce,
                                                         DWORD cbTicketNonce, NCRYPT_KEY_HANDLE *phPreSharedKey,
                                                         PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(expand_psk(hSslProvider, hResumptionMasterKey, pbTicketNonce, cbTicketNonce, phPreSharedKey,
                                pParameterList, dwFlags));
}

static SP_RESULT expand_next_gen(NCRYPT_PROV_HANDLE hp, NCRYPT_KEY_HANDLE hb, NCRYPT_KEY_HANDLE *out,
                                 const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct call c = {0};
    TRY(call_begin(&c, hp, out, hb, params, flags, 0));
    /* RFC 8446 section 7.2: only application traffic secrets are updated. */
    CHECK(kind_is(c.base, KIND_APPLICATION), NTE_BAD_KEY_STATE);
    CHECK(c.base->generation < UINT32_MAX, NTE_BAD_KEY_STATE);
    TRY(derive_publish(&c, c.base->kind, LBL("traffic upd"), NULL, 0, out));
cleanup:
    call_end(&c);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandNextGenTrafficKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                              NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                              NCRYPT_KEY_HANDLE *phNextTrafficKey,
                                                              PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(expand_next_gen(hSslProvider, hBaseTrafficKey, phNextTrafficKey, pParameterList, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Finished, binders and exporters (called from SslComputeFinishedHash and   */
/* SslExportKeyingMaterial)                                                  */
/* ------------------------------------------------------------------------ */

SP_RESULT sp_tls13_finished(struct sp_tls13_secret *base, struct sp_hshash *transcript, uint8_t *out, size_t len) {
    sp_result res = SP_OK;
    struct sp_hmac k;
    const struct sp_hmac *bk = NULL;
    uint8_t fk[64], th[64];
    size_t n = 0;
    k.alg = SP_HASH_SHA256;
    CHECK(base != NULL && transcript != NULL && out != NULL, NTE_INVALID_PARAMETER);
    CHECK(kind_is(base, KIND_FINISHED), NTE_BAD_KEY_STATE);
    TRY(check_transcript(transcript, base->hash));
    size_t hl = sp_hash_len(base->hash);
    CHECK(len == hl, NTE_INVALID_PARAMETER);
    TRY(sp_hash_digest(transcript, th, &n));
    CHECK(n == hl, NTE_INTERNAL_ERROR);
    /* RFC 8446 section 4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length);
     * verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*, CertificateVerify*)). */
    TRY(sp_tls13_secret_hmac(base, &bk));
    TRY(sp_hkdf_expand_label_k(bk, LBL("finished"), NULL, 0, fk, hl));
    TRY(sp_hmac_init(&k, base->hash, fk, hl));
    sp_hmac_compute(&k, th, hl, NULL, 0, out);
cleanup:
    SP_WIPE_BUF(fk);
    sp_hmac_wipe(&k);
    return res;
}

SP_RESULT sp_tls13_export_keying_material(struct sp_tls13_secret *exporter, const char *label, const uint8_t *context,
                                          size_t context_len, uint8_t *out, size_t len) {
    sp_result res = SP_OK;
    const struct sp_hmac *k = NULL;
    uint8_t sec[64], hc[64];
    CHECK(exporter != NULL && label != NULL && out != NULL, NTE_INVALID_PARAMETER);
    CHECK(context != NULL || context_len == 0, NTE_INVALID_PARAMETER);
    CHECK(kind_is(exporter, KIND_EXPORTER), NTE_BAD_KEY_STATE);
    enum sp_hash h = exporter->hash;
    size_t hl = sp_hash_len(h), label_len = strlen(label);
    CHECK(label_len <= SP_HKDF_MAX_LABEL, NTE_INVALID_PARAMETER);
    CHECK(len > 0 && len <= 255 * hl, NTE_INVALID_PARAMETER);
    /* RFC 8446 section 7.5: TLS-Exporter(label, context_value, key_length) =
     *   HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length). */
    TRY(sp_tls13_secret_hmac(exporter, &k));
    TRY(sp_hkdf_expand_label_k(k, label, label_len, sp_hash_empty(h), hl, sec, hl));
    TRY(sp_hash_once(h, context, context_len, hc));
    TRY(sp_hkdf_expand_label(h, sec, hl, LBL("exporter"), hc, hl, out, len));
cleanup:
    SP_WIPE_BUF(sec);
    return res;
}

/* ------------------------------------------------------------------------ */
/* Key blobs: TLS_13_PRE_SHARED_KEY import, SSLPROV_SECRET_BLOB export,      */
/* opaque serialization                                                      */
/* ------------------------------------------------------------------------ */

/* TLS_13_PRE_SHARED_KEY as on Windows: the blob is the raw PSK, at least 4
 * bytes, no header; hash and binder label are chosen later. */
static SP_RESULT import_raw_psk(struct sp_provider *prov, const uint8_t *blob, size_t len, struct sp_object **out) {
    const struct sp_suite *suite = NULL;
    struct sp_tls13_secret *s = NULL;
    ENSURE(blob != NULL && len >= SP_TLS13_MIN_RAW_PSK && len <= SP_TLS13_MAX_PSK, NTE_BAD_DATA);
    GUARD(sp_suite_for(TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, &suite)); /* placeholder until bound */
    GUARD(sp_tls13_secret_new(prov, SSLPROV_SECRET_KIND_PSK, suite, blob, len, &s));
    s->psk_flags = SP_PSK_ANY;
    s->any_hash = true;
    *out = &s->obj;
    return SP_OK;
}

static SP_RESULT import_blob(struct sp_provider *prov, LPCWSTR type, const uint8_t *blob, size_t len, DWORD flags,
                             struct sp_object **out) {
    SSLPROV_TLS13_PSK_HEADER hdr;
    const struct sp_suite *suite = NULL;
    struct sp_tls13_secret *s = NULL;
    const bool raw = sp_wcseq(type, TLS_13_PRE_SHARED_KEY);
    ENSURE(raw || sp_wcseq(type, SSLPROV_TLS13_PSK_BLOB), NTE_NOT_SUPPORTED);
    ENSURE(flags == 0, NTE_BAD_FLAGS);
    if (raw) return import_raw_psk(prov, blob, len, out);
    ENSURE(blob != NULL && len >= sizeof(hdr), NTE_BAD_DATA);
    memcpy(&hdr, blob, sizeof(hdr));
    ENSURE(hdr.dwMagic == SSLPROV_TLS13_PSK_MAGIC, NTE_BAD_DATA);
    ENSURE(hdr.dwProtocol == TLS1_3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    GUARD(sp_suite_for(hdr.dwProtocol, hdr.dwCipherSuite, &suite));
    ENSURE(hdr.dwFlags == NCRYPT_SSL_EXTERNAL_PSK_FLAG || hdr.dwFlags == NCRYPT_SSL_RESUMPTION_PSK_FLAG, NTE_BAD_FLAGS);
    ENSURE(hdr.cbPsk > 0 && hdr.cbPsk <= SP_TLS13_MAX_PSK && len - sizeof(hdr) == hdr.cbPsk, NTE_BAD_DATA);
    GUARD(sp_tls13_secret_new(prov, SSLPROV_SECRET_KIND_PSK, suite, blob + sizeof(hdr), hdr.cbPsk, &s));
    s->psk_flags = hdr.dwFlags;
    *out = &s->obj;
    return SP_OK;
}

static SP_RESULT export_blob(struct sp_provider *prov, struct sp_object *obj, LPCWSTR type, uint8_t *out, size_t cap,
                             size_t *needed, DWORD flags) {
    struct sp_tls13_secret *s = (struct sp_tls13_secret *)obj;
    const bool raw = sp_wcseq(type, TLS_13_PRE_SHARED_KEY);
    bool psk_blob = sp_wcseq(type, SSLPROV_TLS13_PSK_BLOB);
    ENSURE(obj->type == SP_OBJ_TLS13, NTE_NOT_SUPPORTED);
    ENSURE(raw || psk_blob || sp_wcseq(type, SSLPROV_SECRET_BLOB), NTE_NOT_SUPPORTED);
    ENSURE(flags == 0, NTE_BAD_FLAGS);
    ENSURE(!(psk_blob || raw) || s->kind == SSLPROV_SECRET_KIND_PSK, NTE_BAD_KEY_STATE);
    /* A raw PSK's header would name a hash and label it does not have. */
    ENSURE(!psk_blob || !s->any_hash, NTE_BAD_KEY_STATE);
    /* Header, "Secret export": an exportable secret, through a provider that
     * opted in (issue #12 item 2 (c): the caller alone is not enough). */
    ENSURE(sp_export_allowed(prov, obj), NTE_PERM);
    size_t hdr_len = raw ? 0 : psk_blob ? sizeof(SSLPROV_TLS13_PSK_HEADER) : sizeof(SSLPROV_SECRET_HEADER);
    *needed = hdr_len + s->len;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    if (raw) {
        /* Windows' format: the PSK alone */
    } else if (psk_blob) {
        SSLPROV_TLS13_PSK_HEADER h = {SSLPROV_TLS13_PSK_MAGIC, s->protocol, s->suite->id, s->psk_flags, (DWORD)s->len};
        memcpy(out, &h, sizeof(h));
    } else {
        SSLPROV_SECRET_HEADER h = {SSLPROV_SECRET_MAGIC, s->protocol, s->suite->id, s->kind, (DWORD)s->len};
        memcpy(out, &h, sizeof(h));
    }
    memcpy(out + hdr_len, s->secret, s->len);
    return SP_OK;
}

/* Opaque state: version 1 | kind(4) | suite(4) | psk_flags(4) | generation(4) |
 * has_cr(1) | client_random(32) | len(2) | secret(len), numbers big-endian. */
#define SER_VERSION 1
#define SER_FIXED   (1 + 4 + 4 + 4 + 4 + 1 + 32 + 2)

static SP_RESULT serialize(struct sp_object *obj, uint8_t *out, size_t cap, size_t *len) {
    struct sp_tls13_secret *s = (struct sp_tls13_secret *)obj;
    ENSURE(obj->type == SP_OBJ_TLS13, NTE_NOT_SUPPORTED);
    *len = SER_FIXED + s->len;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *len, NTE_BUFFER_TOO_SMALL);
    uint8_t *p = out;
    *p++ = SER_VERSION;
    sp_be32(p, s->kind), p += 4;
    sp_be32(p, s->suite->id), p += 4;
    sp_be32(p, s->psk_flags), p += 4;
    sp_be32(p, s->generation), p += 4;
    *p++ = s->has_client_random ? 1 : 0;
    memcpy(p, s->client_random, 32), p += 32;
    sp_be16(p, (uint32_t)s->len), p += 2;
    memcpy(p, s->secret, s->len);
    return SP_OK;
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static SP_RESULT deserialize(struct sp_provider *prov, uint32_t obj_type, const uint8_t *in, size_t len,
                             struct sp_object **out) {
    const struct sp_suite *suite = NULL;
    struct sp_tls13_secret *s = NULL;
    ENSURE(obj_type == SP_OBJ_TLS13, NTE_NOT_SUPPORTED);
    ENSURE(len >= SER_FIXED && in[0] == SER_VERSION, NTE_BAD_DATA);
    DWORD kind = be32(in + 1), psk_flags = be32(in + 9);
    uint32_t gen = be32(in + 13);
    size_t n = sp_get_be16(in + SER_FIXED - 2);
    ENSURE(kind >= SSLPROV_SECRET_KIND_EARLY && kind <= SSLPROV_SECRET_KIND_PSK, NTE_BAD_DATA);
    ENSURE(in[17] <= 1 && len == SER_FIXED + n, NTE_BAD_DATA);
    ENSURE(SP_IS_OK(sp_suite_for(TLS1_3_PROTOCOL_VERSION, be32(in + 5), &suite)), NTE_BAD_DATA);
    size_t hl = sp_hash_len(sp_suite_prf(TLS1_3_PROTOCOL_VERSION, suite));
    ENSURE(kind == SSLPROV_SECRET_KIND_PSK ? (n > 0 && n <= SP_TLS13_MAX_PSK) : n == hl, NTE_BAD_DATA);
    GUARD(sp_tls13_secret_new(prov, kind, suite, in + SER_FIXED, n, &s));
    s->psk_flags = psk_flags;
    s->any_hash = kind == SSLPROV_SECRET_KIND_PSK && psk_flags == SP_PSK_ANY;
    s->generation = gen;
    s->has_client_random = in[17] == 1;
    memcpy(s->client_random, in + 18, 32);
    *out = &s->obj;
    return SP_OK;
}

const struct sp_key_ops sp_tls13_key_ops = {import_blob, export_blob, serialize, deserialize};
