/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls12.c - the SSL 3.0 - TLS 1.2 key schedule through the public API:
 * SSLPROV_MASTER_SECRET_BLOB import/export, SslGenerateSessionKeys (published
 * key blocks, every suite x protocol against EVP_KDF, directions, allocation
 * count), SSLPROV_SESSION_KEY_BLOB, opaque round trips, SslComputeFinishedHash,
 * SslComputeEapKeyBlock, SslExportKeyingMaterial, and the negative cases.
 */
#include "testutil.h"

#include "internal.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_long g_allocs;
static void *count_malloc(size_t n, const char *f, int l) {
    (void)f, (void)l;
    atomic_fetch_add(&g_allocs, 1);
    return malloc(n);
}
static void *count_realloc(void *p, size_t n, const char *f, int l) {
    (void)f, (void)l;
    atomic_fetch_add(&g_allocs, 1);
    return realloc(p, n);
}
static void count_free(void *p, const char *f, int l) {
    (void)f, (void)l;
    free(p);
}

static NCRYPT_PROV_HANDLE g_prov; /* export allowed */
static EVP_KDF *g_kdf;

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

struct mblob {
    SSLPROV_MASTER_SECRET_HEADER h;
    uint8_t s[48];
};

static void make_blob(struct mblob *b, DWORD proto, DWORD suite, DWORD role, const uint8_t *secret) {
    b->h = (SSLPROV_MASTER_SECRET_HEADER){SSLPROV_MASTER_SECRET_MAGIC, proto, suite, role, 48};
    memcpy(b->s, secret, 48);
}

static SECURITY_STATUS import_master(NCRYPT_PROV_HANDLE p, DWORD proto, DWORD suite, DWORD role, const uint8_t *secret,
                                     NCRYPT_KEY_HANDLE *out) {
    struct mblob b;
    make_blob(&b, proto, suite, role, secret);
    return SslImportKey(p, out, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0);
}

struct skey {
    SSLPROV_SESSION_KEY_HEADER h;
    uint8_t mac[64], key[64], iv[64];
};

static bool export_session(NCRYPT_KEY_HANDLE k, struct skey *out) {
    uint8_t buf[512];
    DWORD n = 0;
    memset(out, 0, sizeof(*out));
    if (SslExportKey(g_prov, k, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n, 0) != 0) return false;
    memcpy(&out->h, buf, sizeof(out->h));
    const uint8_t *p = buf + sizeof(out->h);
    if (out->h.cbMacKey > 64 || out->h.cbEncKey > 64 || out->h.cbIV > 64) return false;
    if (n != sizeof(out->h) + out->h.cbMacKey + out->h.cbEncKey + out->h.cbIV) return false;
    memcpy(out->mac, p, out->h.cbMacKey);
    memcpy(out->key, p + out->h.cbMacKey, out->h.cbEncKey);
    memcpy(out->iv, p + out->h.cbMacKey + out->h.cbEncKey, out->h.cbIV);
    return out->h.dwMagic == SSLPROV_SESSION_KEY_MAGIC;
}

static const char *digest_name(enum sp_hash h) {
    return h == SP_HASH_MD5SHA1  ? "MD5-SHA1"
           : h == SP_HASH_SHA384 ? "SHA384"
           : h == SP_HASH_SHA512 ? "SHA512"
                                 : "SHA256";
}

/* EVP_KDF TLS1-PRF with up to three seed parts. */
static void evp_prf(enum sp_hash h, const uint8_t *secret, size_t sl, const char *label, const uint8_t *s1, size_t l1,
                    const uint8_t *s2, size_t l2, uint8_t *out, size_t len) {
    OSSL_PARAM params[6], *p = params;
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)digest_name(h), 0);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, (void *)secret, sl);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)label, strlen(label));
    if (l1) *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)s1, l1);
    if (l2) *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)s2, l2);
    *p = OSSL_PARAM_construct_end();
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(g_kdf);
    T_ASSERT(c != NULL && EVP_KDF_derive(c, out, len, params) > 0);
    EVP_KDF_CTX_free(c);
}

/* SSL 3.0 KDF through EVP digests (RFC 6101 section 6.2.2). */
static void ref_ssl3(const uint8_t *secret, const uint8_t *sr, const uint8_t *cr, uint8_t *out, size_t len) {
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint8_t salt[26], sha[20], md5[16];
    unsigned int n;
    for (size_t i = 0, off = 0; off < len; i++) {
        memset(salt, 'A' + (int)i, i + 1);
        EVP_DigestInit_ex(c, EVP_sha1(), NULL);
        EVP_DigestUpdate(c, salt, i + 1);
        EVP_DigestUpdate(c, secret, 48);
        EVP_DigestUpdate(c, sr, 32);
        EVP_DigestUpdate(c, cr, 32);
        EVP_DigestFinal_ex(c, sha, &n);
        EVP_DigestInit_ex(c, EVP_md5(), NULL);
        EVP_DigestUpdate(c, secret, 48);
        EVP_DigestUpdate(c, sha, 20);
        EVP_DigestFinal_ex(c, md5, &n);
        size_t take = len - off < 16 ? len - off : 16;
        memcpy(out + off, md5, take);
        off += take;
    }
    EVP_MD_CTX_free(c);
}

/* The partition, written from the RFCs independently of tls12.c. */
struct layout {
    size_t mac, key, iv;
};
static struct layout expected_layout(DWORD proto, const struct sp_suite *s) {
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
    struct layout l = {sp_hash_len((enum sp_hash)s->mac), ci->key_len, 0};
    bool old = proto == SSL3_PROTOCOL_VERSION || proto == TLS1_0_PROTOCOL_VERSION;
    if (ci->mode == SP_MODE_CBC && old) l.iv = ci->block_len;
    if (ci->mode == SP_MODE_GCM || ci->mode == SP_MODE_CCM) l.iv = 4;
    if (ci->mode == SP_MODE_CHACHAPOLY) l.iv = 12;
    return l;
}

/* Generate keys for (proto, suite, role) and compare with block. */
static void check_keys(DWORD proto, DWORD suite_id, DWORD role, const uint8_t *ms, const uint8_t *cr, const uint8_t *sr,
                       const uint8_t *block, size_t block_len, const char *what) {
    NCRYPT_KEY_HANDLE m = 0, r = 0, w = 0;
    struct t_randoms tr;
    const struct sp_suite *s = sp_suite_find(suite_id);
    struct layout l = expected_layout(proto, s);
    size_t need = 2 * (l.mac + l.key + l.iv);
    T_ASSERT(need <= block_len);
    T_OK(import_master(g_prov, proto, suite_id, role, ms, &m));
    T_OK(SslGenerateSessionKeys(g_prov, m, &r, &w, t_randoms(&tr, cr, sr), 0));
    struct skey ks[2];
    T_ASSERT(export_session(w, &ks[0]) && export_session(r, &ks[1]));
    for (int i = 0; i < 2; i++) {
        /* write key = own role's keys; read key = the peer's */
        bool client_part = (i == 0) == (role == NCRYPT_SSL_CLIENT_FLAG);
        const struct skey *k = &ks[i];
        T_ASSERT(k->h.dwFlags == (client_part ? NCRYPT_SSL_CLIENT_FLAG : NCRYPT_SSL_SERVER_FLAG));
        T_ASSERT(k->h.dwProtocol == proto && k->h.dwCipherSuite == suite_id);
        T_ASSERT(k->h.cbMacKey == l.mac && k->h.cbEncKey == l.key && k->h.cbIV == l.iv);
        size_t mo = client_part ? 0 : l.mac, ko = 2 * l.mac + (client_part ? 0 : l.key);
        size_t io = 2 * (l.mac + l.key) + (client_part ? 0 : l.iv);
        bool ok = memcmp(k->mac, block + mo, l.mac) == 0 && memcmp(k->key, block + ko, l.key) == 0 &&
                  memcmp(k->iv, block + io, l.iv) == 0;
        if (!ok)
            t_fail_at(__FILE__, __LINE__, "%s: key block mismatch (proto %04x suite %04x)", what, proto, suite_id);
        else
            t_pass++;
    }
    T_OK(SslFreeObject(r, 0));
    T_OK(SslFreeObject(w, 0));
    T_OK(SslFreeObject(m, 0));
}

/* ------------------------------------------------------------------------ */
/* Published key blocks through the public API                               */
/* ------------------------------------------------------------------------ */

/* A (protocol, suite) whose key block fits the published one. */
static bool pick_suite(const char *prf, size_t kl, DWORD *proto, DWORD *suite) {
    if (strcmp(prf, "MD5-SHA1") == 0) {
        if (kl == 64)
            *proto = TLS1_0_PROTOCOL_VERSION, *suite = TLS_RSA_WITH_RC4_128_MD5; /* 64 */
        else if (kl == 72)
            *proto = TLS1_0_PROTOCOL_VERSION, *suite = TLS_RSA_WITH_RC4_128_SHA; /* 72 */
        else if (kl == 104)
            *proto = TLS1_0_PROTOCOL_VERSION, *suite = TLS_RSA_WITH_AES_128_CBC_SHA; /* 104 */
        else
            *proto = DTLS1_0_PROTOCOL_VERSION, *suite = TLS_RSA_WITH_AES_256_CBC_SHA; /* 104 */
        return true;
    }
    if (strcmp(prf, "SHA256") == 0) {
        if (kl >= 128)
            *proto = TLS1_2_PROTOCOL_VERSION, *suite = TLS_RSA_WITH_AES_256_CBC_SHA256; /* 128 */
        else if (kl >= 88)
            *proto = DTLS1_2_PROTOCOL_VERSION, *suite = TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
        else
            *proto = TLS1_2_PROTOCOL_VERSION, *suite = TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; /* 40 */
        return true;
    }
    if (strcmp(prf, "SHA384") == 0 && kl >= 72) {
        *proto = TLS1_2_PROTOCOL_VERSION, *suite = TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384; /* 72 */
        return true;
    }
    return false; /* SHA-384 64-byte blocks and SHA-512: no suite; covered in test_prf */
}

static void kat_public(const char *file) {
    struct t_vec *v = t_vec_open(file);
    int checked = 0, ekm = 0;
    while (v && t_vec_next(v)) {
        size_t ml, kl, cl, sl;
        const char *prf = t_vec_get(v, "prf");
        uint8_t *ms = t_vec_hex(v, "master_secret", &ml), *kb = t_vec_hex(v, "key_block", &kl);
        uint8_t *cr = t_vec_hex(v, "client_random", &cl), *sr = t_vec_hex(v, "server_random", &sl);
        DWORD proto, suite;
        T_ASSERT(prf && ms && kb && cr && sr && ml == 48 && cl == 32 && sl == 32);
        if (prf && ms && kb && cr && sr && pick_suite(prf, kl, &proto, &suite)) {
            check_keys(proto, suite, NCRYPT_SSL_CLIENT_FLAG, ms, cr, sr, kb, kl, file);
            check_keys(proto, suite, NCRYPT_SSL_SERVER_FLAG, ms, cr, sr, kb, kl, file);
            checked++;
            /* RFC 5705 exporter values */
            size_t el, xl, wl, nl;
            uint8_t *label = t_vec_hex(v, "ekm_label", &el), *ctx = t_vec_hex(v, "ekm_context", &xl);
            uint8_t *with = t_vec_hex(v, "ekm_with_context", &wl), *without = t_vec_hex(v, "ekm_no_context", &nl);
            if (label && with && without) {
                char lab[64] = {0};
                uint8_t rnd[64], out[64];
                NCRYPT_KEY_HANDLE m = 0;
                memcpy(lab, label, el < 63 ? el : 63);
                memcpy(rnd, cr, 32), memcpy(rnd + 32, sr, 32);
                T_OK(import_master(g_prov, proto, suite, NCRYPT_SSL_CLIENT_FLAG, ms, &m));
                T_OK(SslExportKeyingMaterial(g_prov, m, lab, rnd, 64, ctx, (WORD)xl, out, (DWORD)wl, 0));
                T_BYTES(out, with, wl);
                T_OK(SslExportKeyingMaterial(g_prov, m, lab, rnd, 64, NULL, 0, out, (DWORD)nl, 0));
                T_BYTES(out, without, nl);
                T_OK(SslFreeObject(m, 0));
                ekm++;
            }
            free(label), free(ctx), free(with), free(without);
        }
        free(ms), free(kb), free(cr), free(sr);
    }
    printf("# %s: %d key blocks through SslGenerateSessionKeys, %d exporter records\n", file, checked, ekm);
    T_ASSERT(checked > 0);
    t_vec_close(v);
}

static void kat_ssl3_public(void) {
    struct t_vec *v = t_vec_open("ssl3_kdf.txt");
    T_ASSERT(v && t_vec_next(v));
    size_t ml, kl, cl, sl;
    uint8_t *ms = t_vec_hex(v, "master_secret", &ml), *kb = t_vec_hex(v, "key_block", &kl);
    uint8_t *cr = t_vec_hex(v, "client_random", &cl), *sr = t_vec_hex(v, "server_random", &sl);
    T_ASSERT(ms && kb && cr && sr && kl == 72);
    if (ms && kb && cr && sr) {
        check_keys(SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_RC4_128_SHA, NCRYPT_SSL_CLIENT_FLAG, ms, cr, sr, kb, kl, "ssl3");
        check_keys(SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_RC4_128_SHA, NCRYPT_SSL_SERVER_FLAG, ms, cr, sr, kb, kl, "ssl3");
    }
    free(ms), free(kb), free(cr), free(sr);
    t_vec_close(v);
}

/* Every suite of the catalogue on every protocol it allows, against EVP_KDF
 * (TLS) or the EVP-digest SSL 3.0 reference, with random inputs. */
static void diff_all_suites(void) {
    static const DWORD protos[] = {SSL3_PROTOCOL_VERSION,   TLS1_0_PROTOCOL_VERSION,  TLS1_1_PROTOCOL_VERSION,
                                   TLS1_2_PROTOCOL_VERSION, DTLS1_0_PROTOCOL_VERSION, DTLS1_2_PROTOCOL_VERSION};
    int combos = 0, refused = 0;
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < sp_suite_count(); i++) {
            const struct sp_suite *s = sp_suite_at(i);
            for (size_t p = 0; p < SP_ARRAY_LEN(protos); p++) {
                const struct sp_suite *chk;
                uint8_t ms[48], cr[32], sr[32], block[256];
                t_rand(ms, 48), t_rand(cr, 32), t_rand(sr, 32);
                if (!SP_IS_OK(sp_suite_for(protos[p], s->id, &chk))) {
                    NCRYPT_KEY_HANDLE m = 0;
                    if (round == 0) {
                        T_STATUS(import_master(g_prov, protos[p], s->id, NCRYPT_SSL_CLIENT_FLAG, ms, &m),
                                 NTE_NOT_SUPPORTED);
                        refused++;
                    }
                    continue;
                }
                struct layout l = expected_layout(protos[p], s);
                size_t n = 2 * (l.mac + l.key + l.iv);
                if (protos[p] == SSL3_PROTOCOL_VERSION)
                    ref_ssl3(ms, sr, cr, block, n ? n : 1);
                else
                    evp_prf(sp_suite_prf(protos[p], s), ms, 48, "key expansion", sr, 32, cr, 32, block, n ? n : 1);
                check_keys(protos[p], s->id, round & 1 ? NCRYPT_SSL_SERVER_FLAG : NCRYPT_SSL_CLIENT_FLAG, ms, cr, sr,
                           block, n, "differential");
                combos++;
            }
        }
    }
    printf("# differential SslGenerateSessionKeys: %d (protocol, suite, role) derivations, %d refused pairs\n", combos,
           refused);
    T_ASSERT(combos > 300);
}

/* Fixed partitions (RFC 5246 6.3, 5288, 7905, 2246, 4346, 6347). */
static void partitions(void) {
    static const struct {
        DWORD proto, suite;
        DWORD mac, key, iv;
    } k[] = {
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0, 16, 4},
        {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 0, 32, 4},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 0, 32, 12},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0, 16, 4},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 48, 32, 0},
        {TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, 20, 16, 16},
        {SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_3DES_EDE_CBC_SHA, 20, 24, 8},
        {TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, 20, 16, 0},
        {DTLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, 20, 16, 0},
        {SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_RC4_128_MD5, 16, 16, 0},
        {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_NULL_SHA256, 32, 0, 0},
    };
    uint8_t ms[48] = {7}, cr[32] = {1}, sr[32] = {2};
    for (size_t i = 0; i < SP_ARRAY_LEN(k); i++) {
        NCRYPT_KEY_HANDLE m = 0, r = 0, w = 0;
        struct t_randoms tr;
        struct skey ks;
        T_OK(import_master(g_prov, k[i].proto, k[i].suite, NCRYPT_SSL_CLIENT_FLAG, ms, &m));
        T_OK(SslGenerateSessionKeys(g_prov, m, &r, &w, t_randoms(&tr, cr, sr), 0));
        T_ASSERT(export_session(w, &ks));
        T_ASSERT(ks.h.cbMacKey == k[i].mac && ks.h.cbEncKey == k[i].key && ks.h.cbIV == k[i].iv);
        SslFreeObject(r, 0), SslFreeObject(w, 0), SslFreeObject(m, 0);
    }
}

/* ------------------------------------------------------------------------ */
/* Blobs                                                                     */
/* ------------------------------------------------------------------------ */

static void blobs(void) {
    NCRYPT_PROV_HANDLE plain = t_open_provider(false);
    NCRYPT_KEY_HANDLE m = 0, m2 = 0, r = 0, w = 0;
    uint8_t secret[48], buf[512], buf2[512];
    DWORD n = 0;
    struct mblob b;
    struct t_randoms tr;
    uint8_t cr[32] = {3}, sr[32] = {4};
    t_rand(secret, 48);

    /* import: every malformed field */
    make_blob(&b, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG, secret);
    T_STATUS(SslImportKey(plain, NULL, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 1), NTE_BAD_FLAGS);
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b) - 1, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b.h), 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, 8, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, NULL, sizeof(b), 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(plain, &m, u"NoSuchBlob", (PBYTE)&b, sizeof(b), 0), NTE_NOT_SUPPORTED);
    b.h.dwMagic ^= 1;
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_INVALID_PARAMETER);
    b.h.dwMagic ^= 1, b.h.cbSecret = 47;
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_INVALID_PARAMETER);
    b.h.cbSecret = 48;
    DWORD roles[] = {0, 3, 4, NCRYPT_SSL_CLIENT_FLAG | 0x100};
    for (size_t i = 0; i < SP_ARRAY_LEN(roles); i++) {
        b.h.dwFlags = roles[i];
        T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_INVALID_PARAMETER);
    }
    b.h.dwFlags = NCRYPT_SSL_SERVER_FLAG;
    DWORD bad_proto[] = {TLS1_3_PROTOCOL_VERSION, SSL2_PROTOCOL_VERSION, 0x0305, 0};
    for (size_t i = 0; i < SP_ARRAY_LEN(bad_proto); i++) {
        b.h.dwProtocol = bad_proto[i];
        T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_NOT_SUPPORTED);
    }
    b.h.dwProtocol = TLS1_3_PROTOCOL_VERSION, b.h.dwCipherSuite = TLS_AES_128_GCM_SHA256;
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_NOT_SUPPORTED);
    b.h.dwProtocol = TLS1_0_PROTOCOL_VERSION, b.h.dwCipherSuite = TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_NOT_SUPPORTED);
    b.h.dwCipherSuite = TLS_RSA_EXPORT_WITH_RC4_40_MD5; /* export grade */
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_NOT_SUPPORTED);
    b.h.dwCipherSuite = 0xFFFF;
    T_STATUS(SslImportKey(plain, &m, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&b, sizeof(b), 0), NTE_NOT_SUPPORTED);

    /* a valid key on a provider without the opt-in: no secret leaves */
    T_OK(import_master(plain, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG,
                       secret, &m));
    T_STATUS(SslExportKey(plain, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    T_STATUS(SslExportKey(plain, m, SSLPROV_MASTER_SECRET_BLOB, NULL, 0, &n, 0), NTE_PERM);
    /* even through a provider that opted in: the key's own provider did not */
    T_STATUS(SslExportKey(g_prov, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    T_OK(SslGenerateSessionKeys(plain, m, &r, &w, t_randoms(&tr, cr, sr), 0));
    T_STATUS(SslExportKey(plain, w, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    /* the opaque blob does work without opt-in, and round-trips; imported on
     * an opted-in provider it stays what it was: not exportable (issue #12
     * item 2 (a), test_secret_export.c) */
    DWORD on = 0;
    T_OK(SslExportKey(plain, m, BCRYPT_OPAQUE_KEY_BLOB, NULL, 0, &on, 0));
    T_ASSERT(on > 48);
    T_STATUS(SslExportKey(plain, m, BCRYPT_OPAQUE_KEY_BLOB, buf, on - 1, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_ASSERT(n == on);
    T_OK(SslExportKey(plain, m, BCRYPT_OPAQUE_KEY_BLOB, buf, sizeof(buf), &n, 0));
    T_OK(SslImportKey(g_prov, &m2, BCRYPT_OPAQUE_KEY_BLOB, buf, n, 0));
    T_STATUS(SslExportKey(g_prov, m2, SSLPROV_MASTER_SECRET_BLOB, buf2, sizeof(buf2), &n, 0), NTE_PERM);
    T_OK(SslFreeObject(m2, 0));
    /* the same key made on the opted-in provider round-trips through the
     * sealed form on the plain one and comes back exportable */
    NCRYPT_KEY_HANDLE mg = 0, r0 = 0, w0 = 0;
    T_OK(import_master(g_prov, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG,
                       secret, &mg));
    T_OK(SslExportKey(plain, mg, BCRYPT_OPAQUE_KEY_BLOB, buf, sizeof(buf), &n, 0));
    T_OK(SslImportKey(plain, &m2, BCRYPT_OPAQUE_KEY_BLOB, buf, n, 0));
    T_OK(SslGenerateSessionKeys(g_prov, mg, &r0, &w0, t_randoms(&tr, cr, sr), 0));
    T_OK(SslExportKey(g_prov, m2, SSLPROV_MASTER_SECRET_BLOB, buf2, sizeof(buf2), &n, 0));
    T_ASSERT(n == sizeof(struct mblob));
    T_BYTES(buf2 + sizeof(SSLPROV_MASTER_SECRET_HEADER), secret, 48);
    SSLPROV_MASTER_SECRET_HEADER hdr;
    memcpy(&hdr, buf2, sizeof(hdr));
    T_ASSERT(hdr.dwMagic == SSLPROV_MASTER_SECRET_MAGIC && hdr.dwProtocol == TLS1_2_PROTOCOL_VERSION &&
             hdr.dwCipherSuite == TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 && hdr.dwFlags == NCRYPT_SSL_CLIENT_FLAG &&
             hdr.cbSecret == 48);
    /* record keys: opaque round trip keeps owner, lengths and bytes */
    NCRYPT_KEY_HANDLE w2 = 0, r3 = 0, w3 = 0;
    T_OK(SslExportKey(plain, w0, BCRYPT_OPAQUE_KEY_BLOB, buf, sizeof(buf), &n, 0));
    T_OK(SslImportKey(g_prov, &w2, BCRYPT_OPAQUE_KEY_BLOB, buf, n, 0));
    T_OK(SslGenerateSessionKeys(g_prov, m2, &r3, &w3, t_randoms(&tr, cr, sr), 0));
    struct skey a, c;
    T_ASSERT(export_session(w2, &a) && export_session(w3, &c));
    T_ASSERT(memcmp(&a.h, &c.h, sizeof(a.h)) == 0 && a.h.dwFlags == NCRYPT_SSL_CLIENT_FLAG);
    T_BYTES(a.key, c.key, 16);
    T_BYTES(a.iv, c.iv, 4);
    /* a tampered opaque blob is refused */
    buf[n - 1] ^= 1;
    T_STATUS(SslImportKey(g_prov, &w2, BCRYPT_OPAQUE_KEY_BLOB, buf, n, 0), NTE_BAD_DATA);

    /* export on the opted-in provider: size query, short buffer, flags, wrong blob type */
    T_OK(SslExportKey(g_prov, m2, SSLPROV_MASTER_SECRET_BLOB, NULL, 0, &n, 0));
    T_ASSERT(n == sizeof(struct mblob));
    T_STATUS(SslExportKey(g_prov, m2, SSLPROV_MASTER_SECRET_BLOB, buf, n - 1, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_ASSERT(n == sizeof(struct mblob));
    T_STATUS(SslExportKey(g_prov, m2, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 1), NTE_BAD_FLAGS);
    T_STATUS(SslExportKey(g_prov, m2, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKey(g_prov, m2, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslExportKey(g_prov, w3, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_NOT_SUPPORTED);
    T_OK(SslExportKey(g_prov, w3, SSLPROV_SESSION_KEY_BLOB, NULL, 0, &n, 0));
    T_ASSERT(n == sizeof(SSLPROV_SESSION_KEY_HEADER) + 16 + 4);
    T_STATUS(SslExportKey(g_prov, w3, SSLPROV_SESSION_KEY_BLOB, buf, n - 1, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_STATUS(SslExportKey(g_prov, g_prov, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n, 0), NTE_INVALID_HANDLE);

    SslFreeObject(r, 0), SslFreeObject(w, 0), SslFreeObject(w2, 0), SslFreeObject(r3, 0), SslFreeObject(w3, 0);
    SslFreeObject(m2, 0), SslFreeObject(mg, 0), SslFreeObject(r0, 0), SslFreeObject(w0, 0);
    T_OK(SslFreeObject(m, 0));
    /* freed handles */
    T_STATUS(SslExportKey(g_prov, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_INVALID_HANDLE);
    T_OK(SslFreeObject(plain, 0));
    T_STATUS(import_master(plain, TLS1_2_PROTOCOL_VERSION, 0x009C, NCRYPT_SSL_CLIENT_FLAG, secret, &m),
             NTE_INVALID_HANDLE);
}

/* ------------------------------------------------------------------------ */
/* SslGenerateSessionKeys negatives and allocation count                     */
/* ------------------------------------------------------------------------ */

static void session_keys_negative(void) {
    NCRYPT_KEY_HANDLE m = 0, r = 0, w = 0;
    NCRYPT_HASH_HANDLE hh = 0;
    uint8_t ms[48] = {9}, cr[32] = {1}, sr[32] = {2};
    struct t_randoms tr;
    NCryptBufferDesc *d = t_randoms(&tr, cr, sr);
    T_OK(import_master(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC02F, NCRYPT_SSL_SERVER_FLAG, ms, &m));
    T_STATUS(SslGenerateSessionKeys(g_prov, m, NULL, &w, d, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, NULL, d, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &r, d, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 1), NTE_BAD_FLAGS);
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, NCRYPT_SSL_CLIENT_FLAG), NTE_BAD_FLAGS);
    T_STATUS(SslGenerateSessionKeys(m, m, &r, &w, d, 0), NTE_INVALID_HANDLE);           /* key as provider */
    T_STATUS(SslGenerateSessionKeys(g_prov, g_prov, &r, &w, d, 0), NTE_INVALID_HANDLE); /* provider as key */
    T_OK(SslCreateHandshakeHash(g_prov, &hh, TLS1_2_PROTOCOL_VERSION, 0xC02F, 0));
    T_STATUS(SslGenerateSessionKeys(g_prov, hh, &r, &w, d, 0), NTE_INVALID_HANDLE); /* hash as key */
    T_STATUS(SslGenerateSessionKeys(g_prov, 0, &r, &w, d, 0), NTE_INVALID_HANDLE);
    T_ASSERT(r == 0 && w == 0);
    /* parameter lists */
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, NULL, 0), NTE_INVALID_PARAMETER);
    d->ulVersion = 1;
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    d = t_randoms(&tr, cr, sr);
    tr.buf[0].cbBuffer = 31;
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    tr.buf[0].cbBuffer = 33;
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    d = t_randoms(&tr, cr, sr);
    tr.buf[1].pvBuffer = NULL;
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    d = t_randoms(&tr, cr, sr);
    d->cBuffers = 1; /* server random missing */
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    d = t_randoms(&tr, cr, sr);
    tr.buf[1].BufferType = NCRYPTBUFFER_SSL_CLIENT_RANDOM; /* duplicate */
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    d = t_randoms(&tr, cr, sr);
    d->pBuffers = NULL;
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    d = t_randoms(&tr, cr, sr);
    d->cBuffers = 0;
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0), NTE_INVALID_PARAMETER);
    T_ASSERT(r == 0 && w == 0);
    /* extra unrelated buffers are fine */
    DWORD ver = TLS1_2_PROTOCOL_VERSION;
    d = t_randoms(&tr, cr, sr);
    tr.buf[2] = (NCryptBuffer){4, NCRYPTBUFFER_SSL_HIGHEST_VERSION, &ver};
    d->cBuffers = 3;
    T_OK(SslGenerateSessionKeys(g_prov, m, &r, &w, d, 0));
    T_ASSERT(r != 0 && w != 0 && r != w);
    /* allocation count per call (handles and record keys included) */
    NCRYPT_KEY_HANDLE rs[8], ws[8];
    for (int i = 0; i < 8; i++)
        T_OK(SslGenerateSessionKeys(g_prov, m, &rs[i], &ws[i], d, 0)); /* warm up */
    for (int i = 0; i < 8; i++)
        SslFreeObject(rs[i], 0), SslFreeObject(ws[i], 0);
    long before = atomic_load(&g_allocs);
    for (int i = 0; i < 8; i++)
        T_OK(SslGenerateSessionKeys(g_prov, m, &rs[i], &ws[i], d, 0));
    long per_call = (atomic_load(&g_allocs) - before + 7) / 8;
    printf("# heap allocations per SslGenerateSessionKeys: %ld\n", per_call);
    T_ASSERT(per_call == 2); /* one per record key: object, state and key material in one block */
    for (int i = 0; i < 8; i++)
        SslFreeObject(rs[i], 0), SslFreeObject(ws[i], 0);
    SslFreeObject(r, 0), SslFreeObject(w, 0), SslFreeObject(hh, 0);
    T_OK(SslFreeObject(m, 0));
    T_STATUS(SslGenerateSessionKeys(g_prov, m, &r, &w, t_randoms(&tr, cr, sr), 0), NTE_INVALID_HANDLE); /* freed */
    /* a record key is not a master key */
    T_OK(import_master(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC02F, NCRYPT_SSL_SERVER_FLAG, ms, &m));
    T_OK(SslGenerateSessionKeys(g_prov, m, &r, &w, t_randoms(&tr, cr, sr), 0));
    NCRYPT_KEY_HANDLE r2 = 0, w2 = 0;
    T_STATUS(SslGenerateSessionKeys(g_prov, w, &r2, &w2, t_randoms(&tr, cr, sr), 0), NTE_INVALID_HANDLE);
    SslFreeObject(r, 0), SslFreeObject(w, 0), SslFreeObject(m, 0);
}

/* ------------------------------------------------------------------------ */
/* Finished                                                                  */
/* ------------------------------------------------------------------------ */

static void ref_finished(DWORD proto, const struct sp_suite *s, const uint8_t *ms, const uint8_t *msgs, size_t len,
                         bool client, uint8_t *out) {
    if (proto == SSL3_PROTOCOL_VERSION) {
        /* RFC 6101 section 5.6.9 */
        const EVP_MD *mds[2] = {EVP_md5(), EVP_sha1()};
        uint8_t pad1[48], pad2[48], inner[20];
        memset(pad1, 0x36, 48), memset(pad2, 0x5c, 48);
        unsigned int n, off = 0;
        for (int i = 0; i < 2; i++) {
            size_t np = i ? 40 : 48;
            EVP_MD_CTX *c = EVP_MD_CTX_new();
            EVP_DigestInit_ex(c, mds[i], NULL);
            EVP_DigestUpdate(c, msgs, len);
            EVP_DigestUpdate(c, client ? "CLNT" : "SRVR", 4);
            EVP_DigestUpdate(c, ms, 48);
            EVP_DigestUpdate(c, pad1, np);
            EVP_DigestFinal_ex(c, inner, &n);
            EVP_DigestInit_ex(c, mds[i], NULL);
            EVP_DigestUpdate(c, ms, 48);
            EVP_DigestUpdate(c, pad2, np);
            EVP_DigestUpdate(c, inner, n);
            EVP_DigestFinal_ex(c, out + off, &n);
            off += n;
            EVP_MD_CTX_free(c);
        }
        return;
    }
    enum sp_hash h = sp_suite_prf(proto, s);
    uint8_t dg[64];
    unsigned int n = 0, n2 = 0;
    if (h == SP_HASH_MD5SHA1) {
        EVP_Digest(msgs, len, dg, &n, EVP_md5(), NULL);
        EVP_Digest(msgs, len, dg + n, &n2, EVP_sha1(), NULL);
        n += n2;
    } else {
        EVP_Digest(msgs, len, dg, &n, h == SP_HASH_SHA384 ? EVP_sha384() : EVP_sha256(), NULL);
    }
    evp_prf(h, ms, 48, client ? "client finished" : "server finished", dg, n, NULL, 0, out, 12);
}

static void finished(void) {
    static const struct {
        DWORD proto, suite;
    } k[] = {{SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
             {TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
             {TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_AES_256_CBC_SHA},
             {DTLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
             {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
             {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
             {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}};
    uint8_t msgs[700];
    t_rand(msgs, sizeof(msgs));
    for (size_t i = 0; i < SP_ARRAY_LEN(k); i++) {
        const struct sp_suite *s = sp_suite_find(k[i].suite);
        uint8_t ms[48], got[36], want[36];
        NCRYPT_KEY_HANDLE m = 0;
        NCRYPT_HASH_HANDLE hh = 0;
        size_t vl = k[i].proto == SSL3_PROTOCOL_VERSION ? 36 : 12;
        t_rand(ms, 48);
        T_OK(import_master(g_prov, k[i].proto, k[i].suite, NCRYPT_SSL_CLIENT_FLAG, ms, &m));
        T_OK(SslCreateHandshakeHash(g_prov, &hh, k[i].proto, k[i].suite, 0));
        T_OK(SslHashHandshake(g_prov, hh, msgs, 300, 0));
        for (int rep = 0; rep < 2; rep++) { /* the hash is not consumed: same answer twice */
            for (int c = 0; c < 2; c++) {
                T_OK(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl,
                                            c ? NCRYPT_SSL_CLIENT_FLAG : NCRYPT_SSL_SERVER_FLAG));
                ref_finished(k[i].proto, s, ms, msgs, 300, c, want);
                T_BYTES(got, want, vl);
            }
        }
        /* hashing continues after a Finished */
        T_OK(SslHashHandshake(g_prov, hh, msgs + 300, 400, 0));
        T_OK(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl, NCRYPT_SSL_SERVER_FLAG));
        ref_finished(k[i].proto, s, ms, msgs, 700, false, want);
        T_BYTES(got, want, vl);
        /* negatives */
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl - 1, NCRYPT_SSL_CLIENT_FLAG),
                 NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl + 1, NCRYPT_SSL_CLIENT_FLAG),
                 NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, NULL, (DWORD)vl, NCRYPT_SSL_CLIENT_FLAG), NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl, 0), NTE_BAD_FLAGS);
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl, 3), NTE_BAD_FLAGS);
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl, 0x10), NTE_BAD_FLAGS);
        T_STATUS(SslComputeFinishedHash(g_prov, hh, hh, got, (DWORD)vl, 1), NTE_INVALID_HANDLE);
        T_STATUS(SslComputeFinishedHash(g_prov, m, m, got, (DWORD)vl, 1), NTE_INVALID_HANDLE);
        T_STATUS(SslComputeFinishedHash(m, m, hh, got, (DWORD)vl, 1), NTE_INVALID_HANDLE);
        SslFreeObject(hh, 0);
        T_STATUS(SslComputeFinishedHash(g_prov, m, hh, got, (DWORD)vl, 1), NTE_INVALID_HANDLE); /* freed hash */
        SslFreeObject(m, 0);
    }
    /* a transcript of another hash than the master key's PRF */
    NCRYPT_KEY_HANDLE m = 0;
    NCRYPT_HASH_HANDLE hh = 0;
    uint8_t ms[48] = {1}, out[12];
    T_OK(import_master(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC02F, NCRYPT_SSL_CLIENT_FLAG, ms, &m));
    T_OK(SslCreateHandshakeHash(g_prov, &hh, TLS1_2_PROTOCOL_VERSION, 0xC030, 0)); /* SHA-384 */
    T_STATUS(SslComputeFinishedHash(g_prov, m, hh, out, 12, NCRYPT_SSL_CLIENT_FLAG), NTE_BAD_HASH);
    SslFreeObject(hh, 0);
    T_OK(SslCreateHandshakeHash(g_prov, &hh, TLS1_1_PROTOCOL_VERSION, 0x002F, 0)); /* MD5+SHA-1 */
    T_STATUS(SslComputeFinishedHash(g_prov, m, hh, out, 12, NCRYPT_SSL_CLIENT_FLAG), NTE_BAD_HASH);
    SslFreeObject(hh, 0), SslFreeObject(m, 0);
}

/* ------------------------------------------------------------------------ */
/* EAP                                                                       */
/* ------------------------------------------------------------------------ */

static void eap(void) {
    uint8_t ms[48], rnd[64], out[256], want[256];
    NCRYPT_KEY_HANDLE m = 0, m3 = 0;
    DWORD n = 0;
    t_rand(ms, 48), t_rand(rnd, 64);
    static const struct {
        DWORD proto, suite;
    } ks[] = {{TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
              {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
              {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA256}};
    for (size_t i = 0; i < SP_ARRAY_LEN(ks); i++) {
        const struct sp_suite *s = sp_suite_find(ks[i].suite);
        enum sp_hash h = sp_suite_prf(ks[i].proto, s);
        T_OK(import_master(g_prov, ks[i].proto, ks[i].suite, NCRYPT_SSL_SERVER_FLAG, ms, &m));
        static const struct {
            DWORD id;
            const char *label;
            DWORD len;
        } meth[] = {{NCRYPT_SSL_EAP_ID, "client EAP encryption", 128},
                    {NCRYPT_SSL_EAP_TTLSV0_ID, "ttls keying material", 128},
                    {NCRYPT_SSL_EAP_TTLSV0_CHLNG_ID, "ttls challenge", 17}};
        for (size_t j = 0; j < SP_ARRAY_LEN(meth); j++) {
            n = 0;
            T_OK(SslComputeEapKeyBlock(g_prov, m, rnd, 64, NULL, 0, &n, meth[j].id));
            T_ASSERT(n == meth[j].len);
            T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, n - 1, &n, meth[j].id), NTE_BUFFER_TOO_SMALL);
            T_ASSERT(n == meth[j].len);
            memset(out, 0, sizeof(out));
            T_OK(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, sizeof(out), &n, meth[j].id));
            T_ASSERT(n == meth[j].len);
            evp_prf(h, ms, 48, meth[j].label, rnd, 64, NULL, 0, want, meth[j].len);
            T_BYTES(out, want, meth[j].len);
        }
        /* EAP-FAST: the 40 bytes after the connection's key material in
         * PRF(master, "key expansion", SR || CR) */
        struct layout l = expected_layout(ks[i].proto, s);
        size_t skip = 2 * (l.mac + l.key + l.iv);
        T_OK(SslComputeEapKeyBlock(g_prov, m, rnd, 64, NULL, 0, &n, NCRYPT_SSL_EAP_FAST_ID));
        T_ASSERT(n == 40);
        T_OK(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, 40, &n, NCRYPT_SSL_EAP_FAST_ID));
        evp_prf(h, ms, 48, "key expansion", rnd + 32, 32, rnd, 32, want, skip + 40);
        T_BYTES(out, want + skip, 40);
        /* negatives */
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, sizeof(out), NULL, 0), NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 63, out, sizeof(out), &n, 0), NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 65, out, sizeof(out), &n, 0), NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, NULL, 64, out, sizeof(out), &n, 0), NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, sizeof(out), &n, 4), NTE_BAD_FLAGS);
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, sizeof(out), &n, 0x100), NTE_BAD_FLAGS);
        T_STATUS(SslComputeEapKeyBlock(g_prov, g_prov, rnd, 64, out, sizeof(out), &n, 0), NTE_INVALID_HANDLE);
        T_STATUS(SslComputeEapKeyBlock(m, m, rnd, 64, out, sizeof(out), &n, 0), NTE_INVALID_HANDLE);
        T_OK(SslFreeObject(m, 0));
        T_STATUS(SslComputeEapKeyBlock(g_prov, m, rnd, 64, out, sizeof(out), &n, 0), NTE_INVALID_HANDLE);
    }
    T_OK(import_master(g_prov, SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, NCRYPT_SSL_SERVER_FLAG, ms, &m3));
    T_STATUS(SslComputeEapKeyBlock(g_prov, m3, rnd, 64, out, sizeof(out), &n, 0), NTE_NOT_SUPPORTED);
    SslFreeObject(m3, 0);
}

/* ------------------------------------------------------------------------ */
/* RFC 5705 exporter                                                         */
/* ------------------------------------------------------------------------ */

static void exporter(void) {
    uint8_t ms[48], rnd[64], ctx[300], out[300], want[300];
    NCRYPT_KEY_HANDLE m = 0, r = 0, w = 0;
    struct t_randoms tr;
    t_rand(ms, 48), t_rand(rnd, 64), t_rand(ctx, sizeof(ctx));
    T_OK(import_master(g_prov, TLS1_2_PROTOCOL_VERSION, 0xC030, NCRYPT_SSL_CLIENT_FLAG, ms, &m));
    /* random labels, contexts (NULL = none, empty, long) and lengths vs EVP_KDF */
    for (int i = 0; i < 200; i++) {
        char label[40];
        size_t ll = 1 + t_rand_u32(30);
        for (size_t j = 0; j < ll; j++)
            label[j] = (char)('a' + t_rand_u32(26));
        label[ll] = 0;
        size_t cl = t_rand_u32(4) == 0 ? 0 : t_rand_u32(sizeof(ctx));
        bool with_ctx = t_rand_u32(3) != 0;
        size_t ol = 1 + t_rand_u32(sizeof(out));
        uint8_t seed[64 + 2 + sizeof(ctx)];
        memcpy(seed, rnd, 64);
        seed[64] = (uint8_t)(cl >> 8), seed[65] = (uint8_t)cl;
        memcpy(seed + 66, ctx, cl);
        T_OK(SslExportKeyingMaterial(g_prov, m, label, rnd, 64, with_ctx ? ctx : NULL, with_ctx ? (WORD)cl : 0, out,
                                     (DWORD)ol, 0));
        /* Windows appends the context only when its length is not 0. */
        evp_prf(SP_HASH_SHA384, ms, 48, label, seed, with_ctx && cl != 0 ? 66 + cl : 64, NULL, 0, want, ol);
        T_BYTES(out, want, ol);
    }
    /* (pointer, 0) is "no context", the same as (NULL, 0): Windows appends the
     * context only when cbContextValue != 0 (its SslExportKeyingMaterial). */
    uint8_t a[32], b[32];
    T_OK(SslExportKeyingMaterial(g_prov, m, "EXPORTER-test", rnd, 64, NULL, 0, a, 32, 0));
    T_OK(SslExportKeyingMaterial(g_prov, m, "EXPORTER-test", rnd, 64, ctx, 0, b, 32, 0));
    T_BYTES(a, b, 32);
    /* negatives */
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 64, NULL, 0, out, 32, 1), NTE_BAD_FLAGS);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, NULL, rnd, 64, NULL, 0, out, 32, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 64, NULL, 0, NULL, 32, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 64, NULL, 0, out, 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 64, NULL, 5, out, 32, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", NULL, 64, NULL, 0, out, 32, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 63, NULL, 0, out, 32, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 0, NULL, 0, out, 32, 0), NTE_INVALID_PARAMETER);
    static const char *reserved[] = {"client finished", "server finished", "master secret", "key expansion",
                                     "extended master secret"};
    for (size_t i = 0; i < SP_ARRAY_LEN(reserved); i++)
        T_STATUS(SslExportKeyingMaterial(g_prov, m, (PCHAR)reserved[i], rnd, 64, NULL, 0, out, 32, 0),
                 NTE_INVALID_PARAMETER);
    T_STATUS(SslExportKeyingMaterial(m, m, "x", rnd, 64, NULL, 0, out, 32, 0), NTE_INVALID_HANDLE);
    T_OK(SslGenerateSessionKeys(g_prov, m, &r, &w, t_randoms(&tr, rnd, rnd + 32), 0));
    T_STATUS(SslExportKeyingMaterial(g_prov, w, "x", rnd, 64, NULL, 0, out, 32, 0), NTE_INVALID_HANDLE);
    SslFreeObject(r, 0), SslFreeObject(w, 0);
    T_OK(SslFreeObject(m, 0));
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 64, NULL, 0, out, 32, 0), NTE_INVALID_HANDLE);
    T_OK(import_master(g_prov, SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_RC4_128_SHA, NCRYPT_SSL_CLIENT_FLAG, ms, &m));
    T_STATUS(SslExportKeyingMaterial(g_prov, m, "x", rnd, 64, NULL, 0, out, 32, 0), NTE_NOT_SUPPORTED);
    SslFreeObject(m, 0);
}

int main(void) {
    T_ASSERT(CRYPTO_set_mem_functions(count_malloc, count_realloc, count_free) == 1);
    t_rand_init();
    g_kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    T_ASSERT(g_kdf != NULL);
    g_prov = t_open_provider(true);

    kat_public("tls_kdf_sp800_135.txt");
    kat_public("tls12_ems_rfc7627.txt");
    kat_ssl3_public();
    partitions();
    diff_all_suites();
    blobs();
    session_keys_negative();
    finished();
    eap();
    exporter();

    SslFreeObject(g_prov, 0);
    EVP_KDF_free(g_kdf);
    return t_done();
}
