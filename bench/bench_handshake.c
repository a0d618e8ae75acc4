/*
 * bench_handshake.c - key-exchange and signature costs through sslprov
 * against raw OpenSSL EVP doing the same work, in the same run:
 *   ECDHE X25519 / P-256: keygen + import peer + derive + master secret (one side)
 *   RSA-2048 key exchange, server side: decrypt premaster + master secret
 *   RSA-2048 PKCS#1 v1.5 SHA-256 signing, ECDSA P-256 signing
 * Prints operations per second and the ratio sslprov / EVP (time).
 */
#include "internal.h"

#include <stdio.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint8_t g_cr[32], g_sr[32];
static NCRYPT_PROV_HANDLE g_p;

static void evp_master(const uint8_t *z, size_t zl, uint8_t out[48]) {
    static EVP_KDF *kdf;
    if (!kdf) kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string("digest", "SHA256", 0),
                      OSSL_PARAM_construct_octet_string("secret", (void *)z, zl),
                      OSSL_PARAM_construct_octet_string("seed", "master secret", 13),
                      OSSL_PARAM_construct_octet_string("seed", g_cr, 32),
                      OSSL_PARAM_construct_octet_string("seed", g_sr, 32),
                      OSSL_PARAM_construct_end()};
    EVP_KDF_derive(c, out, 48, p);
    EVP_KDF_CTX_free(c);
}

/* Raw EVP: generate, take the peer's encoded key, derive, PRF. */
static void evp_ecdhe(const char *type, const char *group, const uint8_t *peer_enc, size_t peer_len) {
    EVP_PKEY *k = group ? EVP_PKEY_Q_keygen(NULL, NULL, type, group) : EVP_PKEY_Q_keygen(NULL, NULL, type);
    EVP_PKEY *peer = NULL;
    if (group) {
        OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
                          OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)peer_enc, peer_len),
                          OSSL_PARAM_construct_end()};
        EVP_PKEY_CTX *fc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
        EVP_PKEY_fromdata_init(fc);
        EVP_PKEY_fromdata(fc, &peer, EVP_PKEY_PUBLIC_KEY, p);
        EVP_PKEY_CTX_free(fc);
        EVP_PKEY_CTX *vc = EVP_PKEY_CTX_new_from_pkey(NULL, peer, NULL);
        EVP_PKEY_public_check_quick(vc);
        EVP_PKEY_CTX_free(vc);
    } else {
        peer = EVP_PKEY_new_raw_public_key_ex(NULL, type, NULL, peer_enc, peer_len);
    }
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    uint8_t z[66], ms[48];
    size_t zl = sizeof(z);
    EVP_PKEY_derive_init(c);
    EVP_PKEY_derive_set_peer_ex(c, peer, 0);
    EVP_PKEY_derive(c, z, &zl);
    evp_master(z, zl, ms);
    EVP_PKEY_CTX_free(c);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(k);
}

static void sp_ecdhe(DWORD group, const uint8_t *blob, DWORD blob_len) {
    NCRYPT_KEY_HANDLE e = 0, pub = 0, m = 0;
    NCryptBuffer b[2] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, g_cr}, {32, NCRYPTBUFFER_SSL_SERVER_RANDOM, g_sr}};
    NCryptBufferDesc d = {0, 2, b};
    DWORD n = 0;
    SslCreateEphemeralKey(g_p, &e, TLS1_2_PROTOCOL_VERSION, 0xC02F, group, 0, NULL, 0, 0);
    SslImportKey(g_p, &pub, SSL_ECCPUBLIC_BLOB, (PBYTE)blob, blob_len, 0);
    if (SslGenerateMasterKey(g_p, e, pub, &m, TLS1_2_PROTOCOL_VERSION, 0xC02F, &d, NULL, 0, &n,
                             NCRYPT_SSL_CLIENT_FLAG) != 0)
        abort();
    SslFreeObject(m, 0), SslFreeObject(pub, 0), SslFreeObject(e, 0);
}

#define RUN(label, iters, ...)                                                                                         \
    do {                                                                                                               \
        double t0 = now();                                                                                             \
        for (int it_ = 0; it_ < (iters); it_++) {                                                                      \
            __VA_ARGS__;                                                                                               \
        }                                                                                                              \
        label = (now() - t0) / (iters);                                                                                \
    } while (0)

static void report(const char *what, double sp, double evp) {
    printf("%-34s sslprov %9.0f/s   EVP %9.0f/s   ratio %.3f\n", what, 1 / sp, 1 / evp, sp / evp);
}

int main(void) {
    SslOpenProvider(&g_p, NULL, 0);
    RAND_bytes(g_cr, 32), RAND_bytes(g_sr, 32);
    double a, b;
    /* peer keys */
    static const struct {
        DWORD group;
        const char *type, *name;
        int iters;
    } ec[] = {{29, "X25519", NULL, 4000}, {23, "EC", "P-256", 2000}};
    for (int i = 0; i < 2; i++) {
        NCRYPT_KEY_HANDLE pk = 0;
        uint8_t blob[8 + 65];
        DWORD bl = 0;
        SslCreateEphemeralKey(g_p, &pk, TLS1_2_PROTOCOL_VERSION, 0xC02F, ec[i].group, 0, NULL, 0, 0);
        SslExportKey(g_p, pk, SSL_ECCPUBLIC_BLOB, blob, sizeof(blob), &bl, 0);
        for (int w = 0; w < 2; w++) { /* warm up, then measure */
            RUN(a, ec[i].iters, sp_ecdhe(ec[i].group, blob, bl));
            RUN(b, ec[i].iters, evp_ecdhe(ec[i].type, ec[i].name, blob + 8, bl - 8));
        }
        report(i ? "ECDHE P-256 (keygen+derive+MS)" : "ECDHE X25519 (keygen+derive+MS)", a, b);
        SslFreeObject(pk, 0);
    }
    /* RSA-2048 server key exchange */
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    struct sp_provider *prov = NULL;
    if (!SP_IS_OK(sp_provider_get(g_p, &prov))) abort();
    struct sp_pkey *k = NULL;
    EVP_PKEY_up_ref(rsa);
    if (!SP_IS_OK(sp_pkey_new(prov, SP_OBJ_PRIVATE, rsa, &k))) abort();
    NCRYPT_KEY_HANDLE hk = 0;
    if (!SP_IS_OK(sp_handle_publish(&k->obj, &hk))) abort();
    sp_handle_put(&prov->obj);
    uint8_t pms[48] = {3, 3}, ct[256], out[256];
    size_t cl = sizeof(ct);
    EVP_PKEY_CTX *ec_ = EVP_PKEY_CTX_new_from_pkey(NULL, rsa, NULL);
    EVP_PKEY_encrypt_init(ec_);
    EVP_PKEY_CTX_set_rsa_padding(ec_, RSA_PKCS1_PADDING);
    EVP_PKEY_encrypt(ec_, ct, &cl, pms, 48);
    EVP_PKEY_CTX_free(ec_);
    NCryptBuffer bb[2] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, g_cr}, {32, NCRYPTBUFFER_SSL_SERVER_RANDOM, g_sr}};
    NCryptBufferDesc d = {0, 2, bb};
    for (int w = 0; w < 2; w++) {
        RUN(a, 300, {
            NCRYPT_KEY_HANDLE m = 0;
            SslImportMasterKey(g_p, hk, &m, TLS1_2_PROTOCOL_VERSION, 0x009C, &d, ct, 256, NCRYPT_SSL_SERVER_FLAG);
            SslFreeObject(m, 0);
        });
        RUN(b, 300, {
            EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, rsa, NULL);
            unsigned int ver = 0x0303;
            OSSL_PARAM p[] = {OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &ver),
                              OSSL_PARAM_construct_end()};
            size_t n = 48;
            uint8_t ms[48];
            EVP_PKEY_decrypt_init(c);
            EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_WITH_TLS_PADDING);
            EVP_PKEY_CTX_set_params(c, p);
            EVP_PKEY_decrypt(c, out, &n, ct, 256);
            evp_master(out, 48, ms);
            EVP_PKEY_CTX_free(c);
        });
    }
    report("RSA-2048 key exchange (server)", a, b);
    /* RSA-2048 and ECDSA P-256 signing */
    uint8_t in[2 * 7 + 32], h[32], sig[256];
    const char *nm = "SHA256";
    for (int i = 0; i < 7; i++) {
        WCHAR c = (WCHAR)nm[i];
        memcpy(in + 2 * i, &c, 2);
    }
    RAND_bytes(h, 32);
    memcpy(in + 14, h, 32);
    for (int w = 0; w < 2; w++) {
        RUN(a, 300, {
            DWORD n = 0;
            SslSignHash(g_p, hk, in, sizeof(in), sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID);
        });
        RUN(b, 300, {
            EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, rsa, NULL);
            size_t n = sizeof(sig);
            EVP_PKEY_sign_init(c);
            EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
            EVP_PKEY_CTX_set_signature_md(c, EVP_sha256());
            EVP_PKEY_sign(c, sig, &n, h, 32);
            EVP_PKEY_CTX_free(c);
        });
    }
    report("RSA-2048 sign (PKCS#1 SHA-256)", a, b);
    EVP_PKEY *eck = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (!SP_IS_OK(sp_provider_get(g_p, &prov))) abort();
    EVP_PKEY_up_ref(eck);
    if (!SP_IS_OK(sp_pkey_new(prov, SP_OBJ_PRIVATE, eck, &k))) abort();
    NCRYPT_KEY_HANDLE he = 0;
    if (!SP_IS_OK(sp_handle_publish(&k->obj, &he))) abort();
    sp_handle_put(&prov->obj);
    for (int w = 0; w < 2; w++) {
        RUN(a, 3000, {
            DWORD n = 0;
            SslSignHash(g_p, he, h, 32, sig, sizeof(sig), &n, 0);
        });
        RUN(b, 3000, {
            EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, eck, NULL);
            size_t n = sizeof(sig);
            EVP_PKEY_sign_init(c);
            EVP_PKEY_sign(c, sig, &n, h, 32);
            EVP_PKEY_CTX_free(c);
        });
    }
    report("ECDSA P-256 sign (raw r||s vs DER)", a, b);
    SslFreeObject(hk, 0), SslFreeObject(he, 0);
    EVP_PKEY_free(rsa), EVP_PKEY_free(eck);
    SslFreeObject(g_p, 0);
    return 0;
}
