/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls13_fastpath.c - differential tests for the fast paths of the TLS 1.3
 * key schedule and the handshake hashes, against OpenSSL on random inputs:
 *   - HKDF-Expand-Label from a secret object's cached keyed HMAC
 *     (sp_tls13_secret_hmac) vs EVP_KDF "TLS13-KDF", several labels per object
 *     so that the cached states are reused, secrets of every length (PSKs longer
 *     than the hash block are hashed first, RFC 2104 section 2);
 *   - the handshake extract with the cached no-PSK "derived" salt
 *     (sp_tls13_extract_nopsk) vs TLS13-KDF EXTRACT_ONLY;
 *   - the whole schedule through the public functions with transcripts fed in
 *     random pieces vs TLS13-KDF over EVP_Digest of the same bytes;
 *   - low-level SHA-2 handshake hashes (hash.c) vs EVP_Digest: every SHA-2
 *     algorithm, random chunking across block boundaries, digests taken mid-way,
 *     SslDuplicateTranscriptHash copies that diverge afterwards;
 *   - the lazily keyed HMAC under concurrent first use from several threads.
 */
#include "internal.h"
#include "testutil.h"

#include <openssl/kdf.h>
#include <pthread.h>
#include <stdlib.h>

static const char *md_name(enum sp_hash h) { return h == SP_HASH_SHA384 ? "SHA384" : "SHA256"; }

/* TLS13-KDF in one mode (key, salt, label, data optional by length). */
static int ossl_kdf(enum sp_hash h, const char *mode, const uint8_t *key, size_t kl, const uint8_t *salt, size_t sl,
                    const uint8_t *label, size_t ll, const uint8_t *data, size_t dl, uint8_t *out, size_t ol) {
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "TLS13-KDF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[9], *q = p;
    *q++ = OSSL_PARAM_construct_utf8_string("digest", (char *)md_name(h), 0);
    *q++ = OSSL_PARAM_construct_utf8_string("mode", (char *)mode, 0);
    *q++ = OSSL_PARAM_construct_octet_string("prefix", "tls13 ", 6);
    if (kl) *q++ = OSSL_PARAM_construct_octet_string("key", (void *)key, kl);
    if (sl) *q++ = OSSL_PARAM_construct_octet_string("salt", (void *)salt, sl);
    if (ll) *q++ = OSSL_PARAM_construct_octet_string("label", (void *)label, ll);
    if (dl) *q++ = OSSL_PARAM_construct_octet_string("data", (void *)data, dl);
    *q = OSSL_PARAM_construct_end();
    int ok = c != NULL && EVP_KDF_derive(c, out, ol, p) > 0;
    EVP_KDF_CTX_free(c);
    EVP_KDF_free(kdf);
    return ok;
}

static const struct sp_suite *suite_for(enum sp_hash h) {
    return sp_suite_find(h == SP_HASH_SHA384 ? TLS_AES_256_GCM_SHA384 : TLS_AES_128_GCM_SHA256);
}

/* Cached keyed HMAC: three labels per object, all against TLS13-KDF. */
static void test_cached_expand_label(void) {
    uint8_t secret[SP_TLS13_MAX_PSK], label[SP_HKDF_MAX_LABEL], ctx[255], a[3 * 48], b[3 * 48];
    for (int i = 0; i < 400; i++) {
        enum sp_hash h = (i & 1) ? SP_HASH_SHA384 : SP_HASH_SHA256;
        size_t hl = sp_hash_len(h);
        /* Mostly Hash.length; every third a PSK of any length 1..256 (> block: hashed first). */
        size_t sl = (i % 3 == 0) ? 1 + t_rand_u32(SP_TLS13_MAX_PSK) : hl;
        DWORD kind = (i % 3 == 0) ? SSLPROV_SECRET_KIND_PSK : SSLPROV_SECRET_KIND_MASTER;
        struct sp_tls13_secret *s = NULL;
        t_rand(secret, sl);
        T_OK(sp_tls13_secret_new(NULL, kind, suite_for(h), secret, sl, &s).st);
        if (s == NULL) return;
        const struct sp_hmac *k1 = NULL, *k2 = NULL;
        for (int j = 0; j < 3; j++) {
            size_t ll = 1 + t_rand_u32(j == 2 ? SP_HKDF_MAX_LABEL : 16);
            size_t cl = (j == 1) ? t_rand_u32(256) : hl;
            size_t ol = 1 + t_rand_u32(sizeof(a));
            t_rand(label, ll), t_rand(ctx, cl);
            T_OK(sp_tls13_secret_hmac(s, j == 0 ? &k1 : &k2).st);
            if (k1 == NULL || (j > 0 && k2 == NULL)) break;
            if (j > 0) T_ASSERT(k2 == k1); /* built once, then reused */
            memset(a, 0, sizeof(a)), memset(b, 1, sizeof(b));
            T_OK(sp_hkdf_expand_label_k(k1, (const char *)label, ll, ctx, cl, a, ol).st);
            T_ASSERT(ossl_kdf(h, "EXPAND_ONLY", secret, sl, NULL, 0, label, ll, ctx, cl, b, ol));
            T_BYTES(a, b, ol);
        }
        sp_object_unref(&s->obj);
    }
}

/* The handshake extract after a no-PSK early secret with the cached salt key. */
static void test_nopsk_extract(void) {
    uint8_t ikm[200], early[48], a[48], b[48], salt[48];
    for (int i = 0; i < 200; i++) {
        enum sp_hash h = (i & 1) ? SP_HASH_SHA384 : SP_HASH_SHA256;
        size_t hl = sp_hash_len(h), il = 1 + t_rand_u32(sizeof(ikm));
        t_rand(ikm, il);
        T_OK(sp_tls13_early_secret(h, NULL, 0, early).st);
        T_OK(sp_tls13_extract_nopsk(h, ikm, il, a).st);
        /* TLS13-KDF derives the "derived" salt from the early secret itself. */
        T_ASSERT(ossl_kdf(h, "EXTRACT_ONLY", ikm, il, early, hl, (const uint8_t *)"derived", 7, NULL, 0, b, hl));
        T_BYTES(a, b, hl);
        /* and the uncached composition agrees */
        T_OK(sp_tls13_derived_salt(h, early, hl, false, salt).st);
        T_OK(sp_hkdf_extract(h, salt, hl, ikm, il, b).st);
        T_BYTES(a, b, hl);
    }
    T_STATUS(sp_tls13_extract_nopsk(SP_HASH_SHA512, ikm, 32, a).st, NTE_NOT_SUPPORTED);
}

/* Read a TLS 1.3 secret through the export blob. */
static size_t export_secret(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, uint8_t *out) {
    uint8_t blob[sizeof(SSLPROV_SECRET_HEADER) + 64];
    DWORD n = 0;
    if (SslExportKey(p, k, SSLPROV_SECRET_BLOB, blob, sizeof(blob), &n, 0) != 0) return 0;
    SSLPROV_SECRET_HEADER hdr;
    memcpy(&hdr, blob, sizeof(hdr));
    memcpy(out, blob + sizeof(hdr), hdr.cbSecret);
    return hdr.cbSecret;
}

/* Feed msg into the hash object in random pieces. */
static void feed(NCRYPT_PROV_HANDLE p, NCRYPT_HASH_HANDLE hh, const uint8_t *msg, size_t len) {
    for (size_t off = 0; off < len;) {
        size_t n = 1 + t_rand_u32((uint32_t)(len - off < 200 ? len - off : 200));
        T_OK(SslHashHandshake(p, hh, (PBYTE)msg + off, (DWORD)n, 0));
        off += n;
    }
}

static void digest(enum sp_hash h, const uint8_t *msg, size_t len, uint8_t *out) {
    unsigned int n = 0;
    T_ASSERT(EVP_Digest(msg, len, out, &n, sp_md(h), NULL) == 1 && n == sp_hash_len(h));
}

/* The whole schedule through the public API vs TLS13-KDF over EVP digests. */
static void test_public_schedule(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    static uint8_t msg[3000];
    for (int i = 0; i < 40; i++) {
        enum sp_hash h = (i & 1) ? SP_HASH_SHA384 : SP_HASH_SHA256;
        DWORD suite = h == SP_HASH_SHA384 ? TLS_AES_256_GCM_SHA384 : TLS_AES_128_GCM_SHA256;
        size_t hl = sp_hash_len(h), ml[3];
        uint8_t ss[48], th[3][64], early[48], hs[48], ms[48], want[48], got[64];
        NCRYPT_HASH_HANDLE hh[3] = {0};
        NCRYPT_KEY_HANDLE e = 0, khs = 0, kms = 0, t[4] = {0}, exp = 0, res = 0, w = 0;
        t_rand(ss, sizeof(ss));
        t_rand(msg, sizeof(msg));
        /* three growing transcripts (to ServerHello, server Finished, client Finished) */
        ml[0] = 1 + t_rand_u32(600), ml[1] = ml[0] + 1 + t_rand_u32(1500), ml[2] = ml[1] + 1 + t_rand_u32(800);
        for (int j = 0; j < 3; j++) {
            T_OK(SslCreateHandshakeHash(p, &hh[j], TLS1_3_PROTOCOL_VERSION, suite, 0));
            feed(p, hh[j], msg, ml[j]);
            digest(h, msg, ml[j], th[j]);
        }
        T_OK(SslExtractEarlyKey(p, 0, &e, TLS1_3_PROTOCOL_VERSION, suite, NULL, 0));
        T_OK(sp_tls13_extract_handshake_raw(p, e, ss, hl, &khs));
        T_OK(SslExpandTrafficKeys(p, khs, hh[0], &t[0], &t[1], NULL, 0));
        T_OK(SslExtractMasterKey(p, khs, &kms, NULL, 0));
        T_OK(SslExpandTrafficKeys(p, kms, hh[1], &t[2], &t[3], NULL, 0));
        T_OK(SslExpandExporterMasterKey(p, kms, hh[1], &exp, NULL, 0));
        T_OK(SslExpandResumptionMasterKey(p, kms, hh[2], &res, NULL, 0));

        T_ASSERT(ossl_kdf(h, "EXTRACT_ONLY", NULL, 0, NULL, 0, NULL, 0, NULL, 0, early, hl));
        T_ASSERT(ossl_kdf(h, "EXTRACT_ONLY", ss, hl, early, hl, (const uint8_t *)"derived", 7, NULL, 0, hs, hl));
        T_ASSERT(ossl_kdf(h, "EXTRACT_ONLY", NULL, 0, hs, hl, (const uint8_t *)"derived", 7, NULL, 0, ms, hl));
        T_ASSERT(export_secret(p, khs, got) == hl);
        T_BYTES(got, hs, hl);
        T_ASSERT(export_secret(p, kms, got) == hl);
        T_BYTES(got, ms, hl);
        static const char *labels[6] = {"c hs traffic", "s hs traffic", "c ap traffic",
                                        "s ap traffic", "exp master",   "res master"};
        NCRYPT_KEY_HANDLE ks[6] = {t[0], t[1], t[2], t[3], exp, res};
        for (int j = 0; j < 6; j++) {
            const uint8_t *base = j < 2 ? hs : ms;
            const uint8_t *ctx = th[j < 2 ? 0 : j < 5 ? 1 : 2];
            T_ASSERT(ossl_kdf(h, "EXPAND_ONLY", base, hl, NULL, 0, (const uint8_t *)labels[j], strlen(labels[j]), ctx,
                              hl, want, hl));
            T_ASSERT(export_secret(p, ks[j], got) == hl);
            T_BYTES(got, want, hl);
        }
        /* Write key (key + iv from the traffic secret's cached HMAC), twice from the same secret. */
        for (int rep = 0; rep < 2; rep++) {
            uint8_t blob[sizeof(SSLPROV_SESSION_KEY_HEADER) + 64], key[32], iv[12];
            DWORD n = 0;
            size_t kl = h == SP_HASH_SHA384 ? 32 : 16;
            T_OK(SslExpandWriteKey(p, t[3], &w, NULL, 0));
            T_OK(SslExportKey(p, w, SSLPROV_SESSION_KEY_BLOB, blob, sizeof(blob), &n, 0));
            T_ASSERT(export_secret(p, t[3], got) == hl);
            T_ASSERT(ossl_kdf(h, "EXPAND_ONLY", got, hl, NULL, 0, (const uint8_t *)"key", 3, NULL, 0, key, kl));
            T_ASSERT(ossl_kdf(h, "EXPAND_ONLY", got, hl, NULL, 0, (const uint8_t *)"iv", 2, NULL, 0, iv, 12));
            T_ASSERT(n == sizeof(SSLPROV_SESSION_KEY_HEADER) + kl + 12);
            T_BYTES(blob + sizeof(SSLPROV_SESSION_KEY_HEADER), key, kl);
            T_BYTES(blob + sizeof(SSLPROV_SESSION_KEY_HEADER) + kl, iv, 12);
            SslFreeObject(w, 0);
        }
        for (int j = 0; j < 4; j++)
            SslFreeObject(t[j], 0);
        SslFreeObject(e, 0), SslFreeObject(khs, 0), SslFreeObject(kms, 0), SslFreeObject(exp, 0);
        SslFreeObject(res, 0);
        for (int j = 0; j < 3; j++)
            SslFreeObject(hh[j], 0);
    }
    SslFreeObject(p, 0);
}

/* Low-level SHA-2 handshake hashes vs EVP_Digest. */
static void test_lowlevel_hashes(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    static uint8_t msg[2000];
    static const struct {
        DWORD protocol, suite;
        LPCWSTR client_auth; /* NULL: SslCreateHandshakeHash */
        enum sp_hash h;
    } cases[] = {
        {TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, NULL, SP_HASH_SHA256},
        {TLS1_3_PROTOCOL_VERSION, TLS_AES_256_GCM_SHA384, NULL, SP_HASH_SHA384},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NULL, SP_HASH_SHA256},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, NULL, SP_HASH_SHA384},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, BCRYPT_SHA512_ALGORITHM, SP_HASH_SHA512},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, BCRYPT_SHA384_ALGORITHM, SP_HASH_SHA384},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, BCRYPT_SHA256_ALGORITHM, SP_HASH_SHA256},
    };
    for (size_t c = 0; c < SP_ARRAY_LEN(cases); c++) {
        for (int i = 0; i < 30; i++) {
            NCRYPT_HASH_HANDLE hh = 0, dup = 0;
            size_t hl = sp_hash_len(cases[c].h), len = 0, cut = 1 + t_rand_u32(sizeof(msg) - 1);
            uint8_t got[64], want[64], other[sizeof(msg)];
            DWORD n = 0;
            t_rand(msg, sizeof(msg));
            if (cases[c].client_auth != NULL)
                T_OK(SslCreateClientAuthHash(p, &hh, cases[c].protocol, cases[c].suite, cases[c].client_auth, 0));
            else
                T_OK(SslCreateHandshakeHash(p, &hh, cases[c].protocol, cases[c].suite, 0));
            struct sp_hshash *obj = NULL;
            T_OK(sp_hash_get(hh, &obj).st);
            if (obj != NULL) {
                T_ASSERT(obj->low_level && obj->md[0] == NULL && obj->alg == cases[c].h);
                EVP_MD_CTX *copy = NULL;
                T_STATUS(sp_hash_copy_md(obj, 0, &copy).st, NTE_BAD_HASH); /* SSL 3.0 only */
                sp_handle_put(&obj->obj);
            }
            /* digest of nothing, then of growing prefixes (block boundaries crossed at random) */
            while (len < cut) {
                size_t k = t_rand_u32(i % 4 == 0 ? 3 : 300);
                if (k > cut - len) k = cut - len;
                T_OK(SslHashHandshake(p, hh, k ? msg + len : NULL, (DWORD)k, 0));
                len += k;
                if (t_rand_u32(4) == 0 || len == cut) {
                    T_OK(SslComputeSessionHash(p, hh, cases[c].protocol, got, sizeof(got), &n, 0));
                    digest(cases[c].h, msg, len, want);
                    T_ASSERT(n == hl);
                    T_BYTES(got, want, hl);
                }
            }
            /* duplicate, then let the two diverge */
            T_OK(SslDuplicateTranscriptHash(p, hh, &dup, 0));
            memcpy(other, msg, cut);
            t_rand(other + cut, sizeof(msg) - cut);
            T_OK(SslHashHandshake(p, hh, msg + cut, (DWORD)(sizeof(msg) - cut), 0));
            T_OK(SslHashHandshake(p, dup, other + cut, (DWORD)(sizeof(msg) - cut), 0));
            T_OK(SslComputeSessionHash(p, hh, cases[c].protocol, got, sizeof(got), &n, 0));
            digest(cases[c].h, msg, sizeof(msg), want);
            T_BYTES(got, want, hl);
            T_OK(SslComputeSessionHash(p, dup, cases[c].protocol, got, sizeof(got), &n, 0));
            digest(cases[c].h, other, sizeof(msg), want);
            T_BYTES(got, want, hl);
            SslFreeObject(dup, 0);
            SslFreeObject(hh, 0);
        }
    }
    SslFreeObject(p, 0);
}

/* The first use of a secret's HMAC from several threads at once: one keying,
 * every thread gets the same key and IV. */
struct race {
    NCRYPT_PROV_HANDLE p;
    NCRYPT_KEY_HANDLE t;
    uint8_t blob[sizeof(SSLPROV_SESSION_KEY_HEADER) + 64];
    DWORD n;
    SECURITY_STATUS st;
};

static void *race_run(void *arg) {
    struct race *r = arg;
    NCRYPT_KEY_HANDLE w = 0;
    r->st = SslExpandWriteKey(r->p, r->t, &w, NULL, 0);
    if (r->st == 0) r->st = SslExportKey(r->p, w, SSLPROV_SESSION_KEY_BLOB, r->blob, sizeof(r->blob), &r->n, 0);
    SslFreeObject(w, 0);
    return NULL;
}

static void test_concurrent_first_use(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    NCRYPT_HASH_HANDLE hh = 0;
    uint8_t ss[32];
    T_OK(SslCreateHandshakeHash(p, &hh, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, 0));
    for (int i = 0; i < 20; i++) {
        NCRYPT_KEY_HANDLE e = 0, hs = 0, c = 0, s = 0;
        t_rand(ss, sizeof(ss));
        T_OK(SslExtractEarlyKey(p, 0, &e, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, NULL, 0));
        T_OK(sp_tls13_extract_handshake_raw(p, e, ss, sizeof(ss), &hs));
        T_OK(SslExpandTrafficKeys(p, hs, hh, &c, &s, NULL, 0));
        struct race r[4];
        pthread_t th[4];
        for (int j = 0; j < 4; j++) {
            r[j] = (struct race){p, c, {0}, 0, -1};
            T_ASSERT(pthread_create(&th[j], NULL, race_run, &r[j]) == 0);
        }
        for (int j = 0; j < 4; j++)
            pthread_join(th[j], NULL);
        for (int j = 0; j < 4; j++) {
            T_OK(r[j].st);
            T_ASSERT(r[j].n == r[0].n && r[j].n > sizeof(SSLPROV_SESSION_KEY_HEADER));
            T_BYTES(r[j].blob, r[0].blob, r[0].n);
        }
        SslFreeObject(c, 0), SslFreeObject(s, 0), SslFreeObject(hs, 0), SslFreeObject(e, 0);
    }
    SslFreeObject(hh, 0);
    SslFreeObject(p, 0);
}

int main(void) {
    t_rand_init();
    T_OK(sp_crypto_init().st);
    test_cached_expand_label();
    test_nopsk_extract();
    test_public_schedule();
    test_lowlevel_hashes();
    test_concurrent_first_use();
    return t_done();
}
