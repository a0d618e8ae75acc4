/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls13_api.c - TLS 1.3 key schedule argument handling and extensions:
 * wrong kinds and types, wrong hash, freed handles, binder flags, PSK blobs,
 * secret export opt-in, opaque round trip, key update, exporter, write keys of
 * every suite, Finished errors, key-log details.
 */
#include "internal.h"
#include "record_util.h"
#include "testutil.h"

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <stdlib.h>

/* free a handle if set and clear it */
#define FREE(h)                                                                                                        \
    do {                                                                                                               \
        if (h) T_OK(SslFreeObject((h), 0));                                                                            \
        (h) = 0;                                                                                                       \
    } while (0)

static const DWORD P13 = TLS1_3_PROTOCOL_VERSION;
static const DWORD S256 = TLS_AES_128_GCM_SHA256, S384 = TLS_AES_256_GCM_SHA384;

static size_t get_secret(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE h, uint8_t *out) {
    uint8_t buf[sizeof(SSLPROV_SECRET_HEADER) + 256];
    DWORD n = 0;
    T_OK(SslExportKey(p, h, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n, 0));
    if (n < sizeof(SSLPROV_SECRET_HEADER)) return 0;
    memcpy(out, buf + sizeof(SSLPROV_SECRET_HEADER), n - sizeof(SSLPROV_SECRET_HEADER));
    return n - sizeof(SSLPROV_SECRET_HEADER);
}

static NCRYPT_KEY_HANDLE import_psk(NCRYPT_PROV_HANDLE p, DWORD suite, DWORD flags, const uint8_t *k, size_t n) {
    uint8_t blob[sizeof(SSLPROV_TLS13_PSK_HEADER) + 300];
    SSLPROV_TLS13_PSK_HEADER h = {SSLPROV_TLS13_PSK_MAGIC, P13, suite, flags, (DWORD)n};
    NCRYPT_KEY_HANDLE r = 0;
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), k, n);
    T_OK(SslImportKey(p, &r, SSLPROV_TLS13_PSK_BLOB, blob, (DWORD)(sizeof(h) + n), 0));
    return r;
}

/* One whole chain of handles for the negative tests. */
struct chain {
    NCRYPT_PROV_HANDLE p;
    NCRYPT_HASH_HANDLE th, th384, th12;
    NCRYPT_KEY_HANDLE psk, e, e0, hs, ms, cet, chs, shs, cap, sap, exp, eexp, res, bk, npsk;
};

static void chain_make(struct chain *c) {
    uint8_t k[32], ss[32];
    memset(c, 0, sizeof(*c));
    t_rand(k, sizeof(k)), t_rand(ss, sizeof(ss));
    c->p = t_open_provider(true);
    T_OK(SslCreateHandshakeHash(c->p, &c->th, P13, S256, 0));
    T_OK(SslCreateHandshakeHash(c->p, &c->th384, P13, S384, 0));
    T_OK(SslCreateHandshakeHash(c->p, &c->th12, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0));
    T_OK(SslHashHandshake(c->p, c->th, (PBYTE) "hello", 5, 0));
    c->psk = import_psk(c->p, S256, NCRYPT_SSL_EXTERNAL_PSK_FLAG, k, sizeof(k));
    T_OK(SslExtractEarlyKey(c->p, c->psk, &c->e, P13, S256, NULL, 0));
    T_OK(SslExtractEarlyKey(c->p, 0, &c->e0, P13, S256, NULL, 0));
    T_OK(sp_tls13_extract_handshake_raw(c->p, c->e, ss, sizeof(ss), &c->hs));
    T_OK(SslExtractMasterKey(c->p, c->hs, &c->ms, NULL, 0));
    T_OK(SslExpandTrafficKeys(c->p, c->e, c->th, &c->cet, NULL, NULL, 0));
    T_OK(SslExpandTrafficKeys(c->p, c->hs, c->th, &c->chs, &c->shs, NULL, 0));
    T_OK(SslExpandTrafficKeys(c->p, c->ms, c->th, &c->cap, &c->sap, NULL, 0));
    T_OK(SslExpandExporterMasterKey(c->p, c->ms, c->th, &c->exp, NULL, 0));
    T_OK(SslExpandExporterMasterKey(c->p, c->e, c->th, &c->eexp, NULL, 0));
    T_OK(SslExpandResumptionMasterKey(c->p, c->ms, c->th, &c->res, NULL, 0));
    T_OK(SslExpandBinderKey(c->p, c->e, &c->bk, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG));
    T_OK(SslExpandPreSharedKey(c->p, c->res, (PBYTE) "\x00\x01", 2, &c->npsk, NULL, 0));
}

static void chain_free(struct chain *c) {
    NCRYPT_HANDLE all[] = {c->th,  c->th384, c->th12, c->psk, c->e,    c->e0,  c->hs, c->ms,   c->cet, c->chs,
                           c->shs, c->cap,   c->sap,  c->exp, c->eexp, c->res, c->bk, c->npsk, c->p};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* Every function refuses every TLS 1.3 secret of a kind it does not take. */
static void test_wrong_kind(struct chain *c) {
    NCRYPT_KEY_HANDLE all[] = {c->psk, c->e,   c->hs,  c->ms,   c->cet, c->chs, c->shs,
                               c->cap, c->sap, c->exp, c->eexp, c->res, c->bk,  c->npsk};
    NCRYPT_PROV_HANDLE p = c->p;
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++) {
        NCRYPT_KEY_HANDLE k = all[i], o = 0, o2 = 0;
        struct sp_object *obj = NULL;
        T_OK(sp_handle_get(k, SP_T(SP_OBJ_TLS13), &obj).st);
        DWORD kind = obj ? ((struct sp_tls13_secret *)obj)->kind : 0;
        sp_handle_put(obj);
        SECURITY_STATUS want;
        want = kind == SSLPROV_SECRET_KIND_EARLY ? 0 : NTE_BAD_KEY_STATE;
        T_STATUS(sp_tls13_extract_handshake_raw(p, k, (const uint8_t *)"0123456789abcdef0123456789abcdef", 32, &o),
                 want);
        FREE(o);
        want = kind == SSLPROV_SECRET_KIND_HANDSHAKE ? 0 : NTE_BAD_KEY_STATE;
        T_STATUS(SslExtractMasterKey(p, k, &o, NULL, 0), want);
        FREE(o);
        want = (kind == SSLPROV_SECRET_KIND_HANDSHAKE || kind == SSLPROV_SECRET_KIND_MASTER) ? 0 : NTE_BAD_KEY_STATE;
        if (kind == SSLPROV_SECRET_KIND_EARLY) want = NTE_INVALID_PARAMETER; /* client early secret only */
        T_STATUS(SslExpandTrafficKeys(p, k, c->th, &o, &o2, NULL, 0), want);
        FREE(o);
        FREE(o2);
        want =
            (kind >= SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC && kind <= SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC)
                ? 0
                : NTE_BAD_KEY_STATE;
        T_STATUS(SslExpandWriteKey(p, k, &o, NULL, 0), want);
        FREE(o);
        want = (kind == SSLPROV_SECRET_KIND_EARLY || kind == SSLPROV_SECRET_KIND_MASTER) ? 0 : NTE_BAD_KEY_STATE;
        T_STATUS(SslExpandExporterMasterKey(p, k, c->th, &o, NULL, 0), want);
        FREE(o);
        want = kind == SSLPROV_SECRET_KIND_MASTER ? 0 : NTE_BAD_KEY_STATE;
        T_STATUS(SslExpandResumptionMasterKey(p, k, c->th, &o, NULL, 0), want);
        FREE(o);
        want = k == c->e ? 0 : NTE_BAD_KEY_STATE; /* c->e0 has no PSK */
        T_STATUS(SslExpandBinderKey(p, k, &o, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG), want);
        FREE(o);
        want = kind == SSLPROV_SECRET_KIND_RESUMPTION ? 0 : NTE_BAD_KEY_STATE;
        T_STATUS(SslExpandPreSharedKey(p, k, NULL, 0, &o, NULL, 0), want);
        FREE(o);
        want = (kind == SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC ||
                kind == SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC)
                   ? 0
                   : NTE_BAD_KEY_STATE;
        T_STATUS(SslExpandNextGenTrafficKey(p, k, &o, NULL, 0), want);
        FREE(o);
        want = kind == SSLPROV_SECRET_KIND_PSK ? 0 : NTE_BAD_KEY_STATE;
        T_STATUS(SslExtractEarlyKey(p, k, &o, P13, S256, NULL, 0), want);
        FREE(o);
    }
    /* the early secret without PSK: no PSK-only handshake secret, no binder key */
    NCRYPT_KEY_HANDLE o = 0;
    T_STATUS(SslExtractHandshakeKey(p, 0, 0, c->e0, &o, NULL, 0), NTE_BAD_KEY_STATE);
    T_STATUS(sp_tls13_extract_handshake_raw(p, c->e0, NULL, 0, &o), NTE_BAD_KEY_STATE);
    T_OK(SslExtractHandshakeKey(p, 0, 0, c->e, &o, NULL, 0));
    T_OK(SslFreeObject(o, 0));
    /* early base: client early secret only */
    NCRYPT_KEY_HANDLE a = 0, b = 0;
    T_STATUS(SslExpandTrafficKeys(p, c->e, c->th, &a, &b, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExpandTrafficKeys(p, c->e, c->th, NULL, &b, NULL, 0), NTE_INVALID_PARAMETER);
    T_ASSERT(a == 0 && b == 0);
    T_STATUS(SslExpandTrafficKeys(p, c->hs, c->th, NULL, NULL, NULL, 0), NTE_INVALID_PARAMETER);
    /* one side only */
    T_OK(SslExpandTrafficKeys(p, c->hs, c->th, NULL, &b, NULL, 0));
    uint8_t s1[64], s2[64];
    T_ASSERT(get_secret(p, b, s1) == 32 && get_secret(p, c->shs, s2) == 32);
    T_BYTES(s1, s2, 32);
    T_OK(SslFreeObject(b, 0));
}

/* Wrong object types, freed handles, NULL outputs, flags, parameter lists, hashes. */
static void test_arguments(struct chain *c) {
    NCRYPT_PROV_HANDLE p = c->p;
    NCRYPT_KEY_HANDLE o = 0, o2 = 0;
    /* a hash where a key is expected, a key where a hash or provider is expected */
    T_STATUS(SslExtractMasterKey(p, c->th, &o, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslExpandTrafficKeys(p, c->hs, c->hs, &o, &o2, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslExpandTrafficKeys(c->hs, c->hs, c->th, &o, &o2, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslExpandWriteKey(p, 0, &o, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslExtractEarlyKey(p, c->th, &o, P13, S256, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslExtractHandshakeKey(p, c->th, c->th, c->e, &o, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslExtractHandshakeKey(p, 0, c->hs, c->e, &o, NULL, 0), NTE_INVALID_HANDLE);
    /* a record key (write key) is not a TLS 1.3 secret */
    NCRYPT_KEY_HANDLE w = 0;
    T_OK(SslExpandWriteKey(p, c->cap, &w, NULL, 0));
    T_STATUS(SslExpandNextGenTrafficKey(p, w, &o, NULL, 0), NTE_INVALID_HANDLE);
    T_OK(SslFreeObject(w, 0));
    T_STATUS(SslExpandNextGenTrafficKey(p, w, &o, NULL, 0), NTE_INVALID_HANDLE); /* freed */
    /* NULL out pointers */
    T_STATUS(SslExtractEarlyKey(p, 0, NULL, P13, S256, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExtractMasterKey(p, c->hs, NULL, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExpandWriteKey(p, c->cap, NULL, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExpandBinderKey(p, c->e, NULL, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG), NTE_INVALID_PARAMETER);
    /* reserved flags */
    T_OK(SslExtractEarlyKey(p, 0, &o, P13, S256, NULL, 1)); /* Windows ignores dwFlags here */
    FREE(o);
    T_STATUS(SslExtractMasterKey(p, c->hs, &o, NULL, 4), NTE_BAD_FLAGS);
    T_STATUS(SslExpandTrafficKeys(p, c->hs, c->th, &o, &o2, NULL, 1), NTE_BAD_FLAGS);
    T_OK(SslExpandWriteKey(p, c->cap, &o, NULL, NCRYPT_SSL_CLIENT_FLAG)); /* Windows ignores dwFlags here */
    FREE(o);
    T_STATUS(SslExpandNextGenTrafficKey(p, c->cap, &o, NULL, 1), NTE_BAD_FLAGS);
    T_STATUS(SslExpandPreSharedKey(p, c->res, NULL, 0, &o, NULL, 1), NTE_BAD_FLAGS);
    /* binder keys: both flags, none, another bit, or the other PSK kind */
    T_STATUS(SslExpandBinderKey(p, c->e, &o, NULL, 0), NTE_BAD_FLAGS);
    T_STATUS(SslExpandBinderKey(p, c->e, &o, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG | NCRYPT_SSL_RESUMPTION_PSK_FLAG),
             NTE_BAD_FLAGS);
    T_STATUS(SslExpandBinderKey(p, c->e, &o, NULL, 4), NTE_BAD_FLAGS);
    T_STATUS(SslExpandBinderKey(p, c->e, &o, NULL, NCRYPT_SSL_RESUMPTION_PSK_FLAG), NTE_BAD_FLAGS);
    T_ASSERT(o == 0);
    /* protocol and suite */
    T_STATUS(SslExtractEarlyKey(p, 0, &o, TLS1_2_PROTOCOL_VERSION, S256, NULL, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslExtractEarlyKey(p, 0, &o, P13, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NULL, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslExtractEarlyKey(p, 0, &o, P13, 0x13FF, NULL, 0), NTE_NOT_SUPPORTED);
    /* PSK of another hash than the suite's (RFC 8446 section 4.2.11) */
    T_STATUS(SslExtractEarlyKey(p, c->psk, &o, P13, S384, NULL, 0), NTE_BAD_KEY);
    T_OK(SslExtractEarlyKey(p, c->psk, &o, P13, TLS_CHACHA20_POLY1305_SHA256, NULL, 0)); /* same hash */
    FREE(o);
    /* parameter lists */
    uint8_t cr[33] = {0};
    NCryptBuffer b = {31, NCRYPTBUFFER_SSL_CLIENT_RANDOM, cr};
    NCryptBufferDesc d = {NCRYPTBUFFER_VERSION, 1, &b};
    /* Windows does not read the list: a malformed one is ignored */
    T_OK(SslExtractEarlyKey(p, 0, &o, P13, S256, &d, 0)); /* 31 bytes */
    FREE(o);
    b.cbBuffer = 32;
    d.ulVersion = 1;
    T_OK(SslExtractEarlyKey(p, 0, &o, P13, S256, &d, 0)); /* version */
    FREE(o);
    d.ulVersion = 0;
    b.BufferType = NCRYPTBUFFER_SSL_SERVER_RANDOM; /* other types are ignored */
    T_OK(SslExtractEarlyKey(p, 0, &o, P13, S256, &d, 0));
    FREE(o);
    NCryptBufferDesc bad = {NCRYPTBUFFER_VERSION, 1, NULL};
    T_STATUS(SslExtractMasterKey(p, c->hs, &o, &bad, 0), NTE_INVALID_PARAMETER);
    /* wrong transcript hash: SHA-384 and TLS 1.2 objects in a SHA-256 chain */
    T_STATUS(SslExpandTrafficKeys(p, c->hs, c->th384, &o, &o2, NULL, 0), NTE_BAD_HASH);
    T_STATUS(SslExpandTrafficKeys(p, c->hs, c->th12, &o, &o2, NULL, 0), NTE_BAD_HASH);
    T_STATUS(SslExpandExporterMasterKey(p, c->ms, c->th384, &o, NULL, 0), NTE_BAD_HASH);
    T_STATUS(SslExpandResumptionMasterKey(p, c->ms, c->th384, &o, NULL, 0), NTE_BAD_HASH);
    T_ASSERT(o == 0 && o2 == 0);
    /* ticket nonce */
    uint8_t nonce[256] = {0};
    T_STATUS(SslExpandPreSharedKey(p, c->res, NULL, 3, &o, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExpandPreSharedKey(p, c->res, nonce, 256, &o, NULL, 0), NTE_INVALID_PARAMETER);
    T_OK(SslExpandPreSharedKey(p, c->res, nonce, 255, &o, NULL, 0));
    FREE(o);
    /* a freed secret */
    NCRYPT_KEY_HANDLE m2 = 0;
    T_OK(SslExtractMasterKey(p, c->hs, &m2, NULL, 0));
    T_OK(SslFreeObject(m2, 0));
    T_STATUS(SslExpandTrafficKeys(p, m2, c->th, &o, &o2, NULL, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslFreeObject(m2, 0), NTE_INVALID_HANDLE);
    /* the hash object is not consumed: the same transcript twice gives the same secret */
    NCRYPT_KEY_HANDLE x1 = 0, x2 = 0;
    uint8_t a[64], bb[64];
    T_OK(SslExpandExporterMasterKey(p, c->ms, c->th, &x1, NULL, 0));
    T_OK(SslExpandExporterMasterKey(p, c->ms, c->th, &x2, NULL, 0));
    T_ASSERT(get_secret(p, x1, a) == 32 && get_secret(p, x2, bb) == 32);
    T_BYTES(a, bb, 32);
    T_OK(SslFreeObject(x1, 0));
    T_OK(SslFreeObject(x2, 0));
}

/* PSK blobs: import checks, export, hash binding. */
static void test_psk_blobs(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true), q = t_open_provider(false);
    uint8_t k[300], blob[sizeof(SSLPROV_TLS13_PSK_HEADER) + 300], out[400];
    SSLPROV_TLS13_PSK_HEADER h = {SSLPROV_TLS13_PSK_MAGIC, P13, S384, NCRYPT_SSL_RESUMPTION_PSK_FLAG, 48};
    NCRYPT_KEY_HANDLE o = 0;
    DWORD n = 0;
    t_rand(k, sizeof(k));
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), k, 48);
    DWORD len = sizeof(h) + 48;
    T_OK(SslImportKey(p, &o, SSLPROV_TLS13_PSK_BLOB, blob, len, 0));
    /* export as PSK blob and as secret blob (opt-in provider only) */
    T_OK(SslExportKey(p, o, SSLPROV_TLS13_PSK_BLOB, NULL, 0, &n, 0));
    T_ASSERT(n == len);
    T_STATUS(SslExportKey(p, o, SSLPROV_TLS13_PSK_BLOB, out, len - 1, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_ASSERT(n == len);
    T_OK(SslExportKey(p, o, SSLPROV_TLS13_PSK_BLOB, out, sizeof(out), &n, 0));
    T_ASSERT(n == len);
    T_BYTES(out, blob, len);
    T_STATUS(SslExportKey(q, o, SSLPROV_TLS13_PSK_BLOB, out, sizeof(out), &n, 0), NTE_PERM);
    T_STATUS(SslExportKey(q, o, SSLPROV_SECRET_BLOB, out, sizeof(out), &n, 0), NTE_PERM);
    T_STATUS(SslExportKey(p, o, SSLPROV_SECRET_BLOB, out, sizeof(out), &n, 1), NTE_BAD_FLAGS);
    T_STATUS(SslExportKey(p, o, BCRYPT_RSAPUBLIC_BLOB, out, sizeof(out), &n, 0), NTE_NOT_SUPPORTED);
    /* an early secret made from it, and the resumption binder */
    NCRYPT_KEY_HANDLE e = 0, bk = 0;
    T_OK(SslExtractEarlyKey(p, o, &e, P13, S384, NULL, 0));
    uint8_t want[64], got[64], zeros[64] = {0};
    T_OK(sp_hkdf_extract(SP_HASH_SHA384, zeros, 48, k, 48, want).st);
    T_ASSERT(get_secret(p, e, got) == 48);
    T_BYTES(got, want, 48);
    T_STATUS(SslExportKey(p, e, SSLPROV_TLS13_PSK_BLOB, out, sizeof(out), &n, 0), NTE_BAD_KEY_STATE);
    T_OK(SslExpandBinderKey(p, e, &bk, NULL, NCRYPT_SSL_RESUMPTION_PSK_FLAG));
    uint8_t bkw[64];
    T_OK(sp_hkdf_expand_label(SP_HASH_SHA384, want, 48, "res binder", 10, sp_hash_empty(SP_HASH_SHA384), 48, bkw, 48)
             .st);
    T_ASSERT(get_secret(p, bk, got) == 48);
    T_BYTES(got, bkw, 48);
    T_OK(SslFreeObject(bk, 0));
    T_OK(SslFreeObject(e, 0));
    T_OK(SslFreeObject(o, 0));
    /* long PSK (> hash block size) and the maximum */
    h.cbPsk = SP_TLS13_MAX_PSK;
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), k, SP_TLS13_MAX_PSK);
    T_OK(SslImportKey(p, &o, SSLPROV_TLS13_PSK_BLOB, blob, sizeof(h) + SP_TLS13_MAX_PSK, 0));
    T_OK(SslExtractEarlyKey(p, o, &e, P13, S384, NULL, 0));
    T_OK(sp_hkdf_extract(SP_HASH_SHA384, zeros, 48, k, SP_TLS13_MAX_PSK, want).st);
    T_ASSERT(get_secret(p, e, got) == 48);
    T_BYTES(got, want, 48);
    T_OK(SslFreeObject(e, 0));
    T_OK(SslFreeObject(o, 0));
    /* malformed blobs */
    struct {
        DWORD magic, proto, suite, flags, cb, len;
        SECURITY_STATUS want;
    } bad[] = {
        {0x12345678, P13, S384, 2, 48, 48, NTE_BAD_DATA},
        {SSLPROV_TLS13_PSK_MAGIC, TLS1_2_PROTOCOL_VERSION, S384, 2, 48, 48, NTE_NOT_SUPPORTED},
        {SSLPROV_TLS13_PSK_MAGIC, P13, 0x002F, 2, 48, 48, NTE_NOT_SUPPORTED},
        {SSLPROV_TLS13_PSK_MAGIC, P13, S384, 0, 48, 48, NTE_BAD_FLAGS},
        {SSLPROV_TLS13_PSK_MAGIC, P13, S384, 3, 48, 48, NTE_BAD_FLAGS},
        {SSLPROV_TLS13_PSK_MAGIC, P13, S384, 2, 48, 47, NTE_BAD_DATA},
        {SSLPROV_TLS13_PSK_MAGIC, P13, S384, 2, 48, 49, NTE_BAD_DATA},
        {SSLPROV_TLS13_PSK_MAGIC, P13, S384, 2, 0, 0, NTE_BAD_DATA},
        {SSLPROV_TLS13_PSK_MAGIC, P13, S384, 2, SP_TLS13_MAX_PSK + 1, SP_TLS13_MAX_PSK + 1, NTE_BAD_DATA},
    };
    for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
        SSLPROV_TLS13_PSK_HEADER bh = {bad[i].magic, bad[i].proto, bad[i].suite, bad[i].flags, bad[i].cb};
        memcpy(blob, &bh, sizeof(bh));
        o = 0;
        T_STATUS(SslImportKey(p, &o, SSLPROV_TLS13_PSK_BLOB, blob, sizeof(bh) + bad[i].len, 0), bad[i].want);
        T_ASSERT(o == 0);
    }
    T_STATUS(SslImportKey(p, &o, SSLPROV_TLS13_PSK_BLOB, blob, 10, 0), NTE_BAD_DATA);
    T_STATUS(SslImportKey(p, &o, SSLPROV_TLS13_PSK_BLOB, blob, sizeof(h) + 48, 1), NTE_BAD_FLAGS);
    T_OK(SslFreeObject(p, 0));
    T_OK(SslFreeObject(q, 0));
}

/* BCRYPT_OPAQUE_KEY_BLOB round trip keeps kind, chain, client random, generation. */
static void test_opaque(struct chain *c) {
    NCRYPT_PROV_HANDLE p = c->p;
    NCRYPT_KEY_HANDLE keys[] = {c->psk, c->e, c->cap, c->exp, c->bk}, r = 0, u1 = 0, u2 = 0;
    uint8_t blob[1024], a[300], b[300];
    DWORD n = 0;
    for (size_t i = 0; i < SP_ARRAY_LEN(keys); i++) {
        T_OK(SslExportKey(p, keys[i], BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &n, 0));
        T_OK(SslImportKey(p, &r, BCRYPT_OPAQUE_KEY_BLOB, blob, n, 0));
        size_t la = get_secret(p, keys[i], a), lb = get_secret(p, r, b);
        T_ASSERT(la == lb && la > 0);
        T_BYTES(a, b, la);
        struct sp_object *x = NULL, *y = NULL;
        T_OK(sp_handle_get(keys[i], SP_T(SP_OBJ_TLS13), &x).st);
        T_OK(sp_handle_get(r, SP_T(SP_OBJ_TLS13), &y).st);
        if (x && y) {
            struct sp_tls13_secret *sx = (struct sp_tls13_secret *)x, *sy = (struct sp_tls13_secret *)y;
            T_ASSERT(sx->kind == sy->kind && sx->suite == sy->suite && sx->hash == sy->hash);
            T_ASSERT(sx->psk_flags == sy->psk_flags && sx->generation == sy->generation);
        }
        sp_handle_put(x), sp_handle_put(y);
        T_OK(SslFreeObject(r, 0));
        /* tampering fails */
        blob[n - 1] ^= 1;
        T_STATUS(SslImportKey(p, &r, BCRYPT_OPAQUE_KEY_BLOB, blob, n, 0), NTE_BAD_DATA);
    }
    /* an updated traffic secret keeps its generation */
    T_OK(SslExpandNextGenTrafficKey(p, c->cap, &u1, NULL, 0));
    T_OK(SslExportKey(p, u1, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &n, 0));
    T_OK(SslImportKey(p, &u2, BCRYPT_OPAQUE_KEY_BLOB, blob, n, 0));
    struct sp_object *y = NULL;
    T_OK(sp_handle_get(u2, SP_T(SP_OBJ_TLS13), &y).st);
    T_ASSERT(y && ((struct sp_tls13_secret *)y)->generation == 1);
    sp_handle_put(y);
    T_OK(SslFreeObject(u1, 0));
    T_OK(SslFreeObject(u2, 0));
}

/* Key update: "traffic upd" against OpenSSL's TLS13-KDF, chained, no key-log line. */
static int ossl_expand(enum sp_hash h, const uint8_t *key, size_t kl, const char *label, const uint8_t *data, size_t dl,
                       uint8_t *out, size_t ol) {
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS13-KDF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[8], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string("digest", h == SP_HASH_SHA384 ? "SHA384" : "SHA256", 0);
    *q++ = OSSL_PARAM_construct_utf8_string("mode", "EXPAND_ONLY", 0);
    *q++ = OSSL_PARAM_construct_octet_string("prefix", "tls13 ", 6);
    *q++ = OSSL_PARAM_construct_octet_string("key", (void *)key, kl);
    *q++ = OSSL_PARAM_construct_octet_string("label", (void *)label, strlen(label));
    if (dl) *q++ = OSSL_PARAM_construct_octet_string("data", (void *)data, dl);
    *q = OSSL_PARAM_construct_end();
    int ok = EVP_KDF_derive(c, out, ol, p);
    EVP_KDF_CTX_free(c);
    EVP_KDF_free(kdf);
    return ok;
}

static int g_lines;
static void count_lines(const char *line, void *ctx) {
    SP_UNUSED(line), SP_UNUSED(ctx);
    g_lines++;
}

static void test_key_update(struct chain *c) {
    NCRYPT_PROV_HANDLE p = c->p;
    NCRYPT_KEY_HANDLE cur = c->sap, next = 0;
    uint8_t s[64], want[64], got[64];
    T_ASSERT(get_secret(p, cur, s) == 32);
    T_OK(SslProvSetKeyLogCallback(p, count_lines, NULL));
    g_lines = 0;
    for (int i = 0; i < 3; i++) {
        T_OK(SslExpandNextGenTrafficKey(p, cur, &next, NULL, 0));
        T_ASSERT(ossl_expand(SP_HASH_SHA256, s, 32, "traffic upd", NULL, 0, want, 32) == 1);
        T_ASSERT(get_secret(p, next, got) == 32);
        T_BYTES(got, want, 32);
        /* its write key: the server's, from the new secret */
        NCRYPT_KEY_HANDLE w = 0;
        T_OK(SslExpandWriteKey(p, next, &w, NULL, 0));
        struct sp_object *o = NULL;
        T_OK(sp_handle_get(w, SP_T(SP_OBJ_RECORD), &o).st);
        uint8_t key[16], iv[12];
        T_ASSERT(ossl_expand(SP_HASH_SHA256, want, 32, "key", NULL, 0, key, 16) == 1);
        T_ASSERT(ossl_expand(SP_HASH_SHA256, want, 32, "iv", NULL, 0, iv, 12) == 1);
        if (o) {
            uint8_t m[SP_RECORD_MAX_MAC + SP_RECORD_MAX_KEY + SP_RECORD_MAX_IV];
            struct sp_record_material l;
            T_ASSERT(sp_rk_owner((struct sp_record_key *)o) == NCRYPT_SSL_SERVER_FLAG);
            t_record_material(w, m, &l);
            T_ASSERT(l.mac == 0 && l.key == 16 && l.iv == 12);
            T_BYTES(m, key, 16);
            T_BYTES(m + 16, iv, 12);
        }
        sp_handle_put(o);
        T_OK(SslFreeObject(w, 0));
        if (cur != c->sap) T_OK(SslFreeObject(cur, 0));
        cur = next;
        memcpy(s, got, 32);
    }
    T_OK(SslFreeObject(cur, 0));
    T_ASSERT(g_lines == 0); /* no key log without a client random, nor for N > 0 */
    T_OK(SslProvSetKeyLogCallback(p, NULL, NULL));
}

/* Exporters (RFC 8446 section 7.5) against a two-step TLS13-KDF computation. */
static void test_exporter(struct chain *c) {
    NCRYPT_KEY_HANDLE ks[] = {c->exp, c->eexp};
    for (size_t i = 0; i < 2; i++) {
        struct sp_object *o = NULL;
        T_OK(sp_handle_get(ks[i], SP_T(SP_OBJ_TLS13), &o).st);
        if (o == NULL) continue;
        struct sp_tls13_secret *x = (struct sp_tls13_secret *)o;
        for (int t = 0; t < 20; t++) {
            uint8_t ctx[100], got[700], want[700], sec[64], hc[64];
            size_t cl = t_rand_u32(sizeof(ctx)), ol = 1 + t_rand_u32(sizeof(got));
            const char *label = t % 2 ? "EXPORTER-Channel-Binding" : "EXPERIMENTAL my label";
            t_rand(ctx, cl);
            T_OK(sp_tls13_export_keying_material(x, label, t % 5 ? ctx : NULL, t % 5 ? cl : 0, got, ol).st);
            T_ASSERT(ossl_expand(x->hash, x->secret, x->len, label, sp_hash_empty(x->hash), 32, sec, 32) == 1);
            T_OK(sp_hash_once(x->hash, ctx, t % 5 ? cl : 0, hc).st);
            T_ASSERT(ossl_expand(x->hash, sec, 32, "exporter", hc, 32, want, ol) == 1);
            T_BYTES(got, want, ol);
        }
        /* the public path (branch keysched dispatches TLS 1.3 secrets here) */
        uint8_t pub[40], mine[40], ctx2[3] = {1, 2, 3};
        T_OK(SslExportKeyingMaterial(c->p, ks[i], "EXPORTER-test", NULL, 0, ctx2, 3, pub, 40, 0));
        T_OK(sp_tls13_export_keying_material(x, "EXPORTER-test", ctx2, 3, mine, 40).st);
        T_BYTES(pub, mine, 40);
        T_STATUS(SslExportKeyingMaterial(c->p, ks[i], "EXPORTER-test", ctx2, 3, NULL, 0, pub, 40, 0),
                 NTE_INVALID_PARAMETER); /* randoms are an error in TLS 1.3 */
        uint8_t out[32];
        T_STATUS(sp_tls13_export_keying_material(x, "l", NULL, 0, out, 0).st, NTE_INVALID_PARAMETER);
        T_STATUS(sp_tls13_export_keying_material(x, NULL, NULL, 0, out, 32).st, NTE_INVALID_PARAMETER);
        T_STATUS(sp_tls13_export_keying_material(x, "l", NULL, 5, out, 32).st, NTE_INVALID_PARAMETER);
        sp_handle_put(o);
    }
    /* other kinds are refused */
    struct sp_object *o = NULL;
    T_OK(sp_handle_get(c->ms, SP_T(SP_OBJ_TLS13), &o).st);
    uint8_t out[32];
    if (o) T_STATUS(sp_tls13_export_keying_material((void *)o, "l", NULL, 0, out, 32).st, NTE_BAD_KEY_STATE);
    sp_handle_put(o);
}

/* Finished: kinds, length, hash; a binder over a truncated ClientHello copy. */
static void test_finished(struct chain *c) {
    NCRYPT_KEY_HANDLE ok[] = {c->chs, c->shs, c->cap, c->bk}, bad[] = {c->e, c->hs, c->ms, c->sap, c->exp, c->res};
    struct sp_hshash *th = NULL, *th384 = NULL;
    T_OK(sp_hash_get(c->th, &th).st);
    T_OK(sp_hash_get(c->th384, &th384).st);
    uint8_t out[64], d[64], fk[64], want[64];
    DWORD n = 0;
    T_OK(SslComputeSessionHash(c->p, c->th, P13, d, sizeof(d), &n, 0));
    for (size_t i = 0; i < SP_ARRAY_LEN(ok); i++) {
        struct sp_object *o = NULL;
        T_OK(sp_handle_get(ok[i], SP_T(SP_OBJ_TLS13), &o).st);
        struct sp_tls13_secret *s = (struct sp_tls13_secret *)o;
        T_OK(sp_tls13_finished(s, th, out, 32).st);
        T_ASSERT(ossl_expand(SP_HASH_SHA256, s->secret, 32, "finished", NULL, 0, fk, 32) == 1);
        unsigned ml = 0;
        EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, fk, 32, d, n, want, sizeof(want), NULL);
        SP_UNUSED(ml);
        T_BYTES(out, want, 32);
        T_STATUS(sp_tls13_finished(s, th, out, 31).st, NTE_INVALID_PARAMETER);
        T_STATUS(sp_tls13_finished(s, th, out, 48).st, NTE_INVALID_PARAMETER);
        T_STATUS(sp_tls13_finished(s, th384, out, 32).st, NTE_BAD_HASH);
        sp_handle_put(o);
    }
    for (size_t i = 0; i < SP_ARRAY_LEN(bad); i++) {
        struct sp_object *o = NULL;
        T_OK(sp_handle_get(bad[i], SP_T(SP_OBJ_TLS13), &o).st);
        T_STATUS(sp_tls13_finished((struct sp_tls13_secret *)o, th, out, 32).st, NTE_BAD_KEY_STATE);
        sp_handle_put(o);
    }
    sp_handle_put(&th->obj);
    sp_handle_put(&th384->obj);
    /* the binder transcript: a duplicate of the running hash, continued separately */
    NCRYPT_HASH_HANDLE dup = 0;
    uint8_t d1[64], d2[64];
    T_OK(SslDuplicateTranscriptHash(c->p, c->th, &dup, 0));
    T_OK(SslHashHandshake(c->p, dup, (PBYTE) "truncated", 9, 0));
    T_OK(SslComputeSessionHash(c->p, c->th, P13, d1, sizeof(d1), &n, 0));
    T_OK(SslComputeSessionHash(c->p, dup, P13, d2, sizeof(d2), &n, 0));
    T_ASSERT(memcmp(d1, d2, 32) != 0 && memcmp(d1, d, 32) == 0);
    T_OK(SslFreeObject(dup, 0));
}

/* Write keys of every TLS 1.3 suite: key length of the cipher, 12-byte IV, owner. */
static void test_write_keys_all_suites(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    struct {
        DWORD suite;
        size_t key_len;
    } s[] = {{0x1301, 16}, {0x1302, 32}, {0x1303, 32}, {0x1304, 16}, {0x1305, 16}};
    for (size_t i = 0; i < SP_ARRAY_LEN(s); i++) {
        NCRYPT_KEY_HANDLE e = 0, hs = 0, c = 0, sv = 0, w = 0;
        NCRYPT_HASH_HANDLE th = 0;
        uint8_t ss[32] = {7}, sec[64], key[32], iv[12];
        T_OK(SslExtractEarlyKey(p, 0, &e, P13, s[i].suite, NULL, 0));
        T_OK(sp_tls13_extract_handshake_raw(p, e, ss, 32, &hs));
        T_OK(SslCreateHandshakeHash(p, &th, P13, s[i].suite, 0));
        T_OK(SslExpandTrafficKeys(p, hs, th, &c, &sv, NULL, 0));
        NCRYPT_KEY_HANDLE ts[2] = {c, sv};
        for (int j = 0; j < 2; j++) {
            size_t hl = get_secret(p, ts[j], sec);
            enum sp_hash h = hl == 48 ? SP_HASH_SHA384 : SP_HASH_SHA256;
            T_ASSERT(ossl_expand(h, sec, hl, "key", NULL, 0, key, s[i].key_len) == 1);
            T_ASSERT(ossl_expand(h, sec, hl, "iv", NULL, 0, iv, 12) == 1);
            T_OK(SslExpandWriteKey(p, ts[j], &w, NULL, 0));
            struct sp_object *o = NULL;
            T_OK(sp_handle_get(w, SP_T(SP_OBJ_RECORD), &o).st);
            if (o) {
                struct sp_record_key *k = (struct sp_record_key *)o;
                uint8_t m[SP_RECORD_MAX_MAC + SP_RECORD_MAX_KEY + SP_RECORD_MAX_IV];
                struct sp_record_material l;
                t_record_material(w, m, &l);
                T_ASSERT(l.key == s[i].key_len && l.iv == 12 && sp_rk_suite(k)->id == s[i].suite);
                T_ASSERT(sp_rk_owner(k) == (j == 0 ? NCRYPT_SSL_CLIENT_FLAG : NCRYPT_SSL_SERVER_FLAG));
                T_BYTES(m, key, s[i].key_len);
                T_BYTES(m + l.key, iv, 12);
            }
            sp_handle_put(o);
            T_OK(SslFreeObject(w, 0));
        }
        NCRYPT_HANDLE all[] = {e, hs, c, sv, th};
        for (size_t j = 0; j < SP_ARRAY_LEN(all); j++)
            T_OK(SslFreeObject(all[j], 0));
    }
    T_OK(SslFreeObject(p, 0));
}

/* Key log: early-data labels; nothing without a client random; nothing when off. */
static char g_last[300];
static void keep_line(const char *line, void *ctx) {
    SP_UNUSED(ctx);
    snprintf(g_last, sizeof(g_last), "%s", line);
    g_lines++;
}

static void test_keylog(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    uint8_t cr[32];
    t_rand(cr, 32);
    NCryptBuffer b = {32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, cr};
    NCryptBufferDesc d = {NCRYPTBUFFER_VERSION, 1, &b};
    NCRYPT_KEY_HANDLE e = 0, cet = 0, eem = 0, e2 = 0, c2 = 0;
    NCRYPT_HASH_HANDLE th = 0;
    char hex[65];
    t_hex(cr, 32, hex);
    T_OK(SslProvSetKeyLogCallback(p, keep_line, NULL));
    g_lines = 0;
    T_OK(SslExtractEarlyKey(p, 0, &e, P13, S384, &d, 0));
    T_OK(SslCreateHandshakeHash(p, &th, P13, S384, 0));
    T_OK(SslExpandTrafficKeys(p, e, th, &cet, NULL, NULL, 0));
    T_ASSERT(g_lines == 1 && strncmp(g_last, "CLIENT_EARLY_TRAFFIC_SECRET ", 28) == 0);
    T_ASSERT(strncmp(g_last + 28, hex, 64) == 0 && strlen(g_last) == 28 + 64 + 1 + 96);
    T_OK(SslExpandExporterMasterKey(p, e, th, &eem, NULL, 0));
    T_ASSERT(g_lines == 2 && strncmp(g_last, "EARLY_EXPORTER_SECRET ", 22) == 0);
    /* no client random: no line */
    T_OK(SslExtractEarlyKey(p, 0, &e2, P13, S384, NULL, 0));
    T_OK(SslExpandTrafficKeys(p, e2, th, &c2, NULL, NULL, 0));
    T_ASSERT(g_lines == 2);
    T_OK(SslFreeObject(c2, 0));
    /* callback off: no line */
    T_OK(SslProvSetKeyLogCallback(p, NULL, NULL));
    T_OK(SslExpandTrafficKeys(p, e, th, &c2, NULL, NULL, 0));
    T_ASSERT(g_lines == 2);
    NCRYPT_HANDLE all[] = {e, cet, eem, e2, c2, th, p};
    for (size_t j = 0; j < SP_ARRAY_LEN(all); j++)
        T_OK(SslFreeObject(all[j], 0));
}

int main(void) {
    t_rand_init();
    struct chain c;
    chain_make(&c);
    test_wrong_kind(&c);
    test_arguments(&c);
    test_opaque(&c);
    test_key_update(&c);
    test_exporter(&c);
    test_finished(&c);
    chain_free(&c);
    test_psk_blobs();
    test_write_keys_all_suites();
    test_keylog();
    return t_done();
}
