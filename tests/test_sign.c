/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_sign.c - SslSignHash / SslVerifySignature for RSA PKCS#1 v1.5 (with and
 * without the hash name), RSA-PSS, ECDSA P-256/384/521 (raw r||s), Ed25519 and
 * Ed448: our signatures verify with OpenSSL, OpenSSL's verify with us, and
 * tampered signatures are NTE_BAD_SIGNATURE.
 */
#include "kex_testutil.h"

#include <openssl/ec.h>
#include <openssl/rsa.h>

static NCRYPT_PROV_HANDLE g_p;
static char g_dir[64];

struct key {
    EVP_PKEY *pkey;
    NCRYPT_KEY_HANDLE priv, pub;
    uint8_t *cert;
    size_t cert_len;
};

static void key_open(struct key *k, EVP_PKEY *pkey, const char *file) {
    char path[128];
    k->pkey = pkey;
    T_ASSERT(pkey != NULL);
    k->cert_len = kt_self_signed(pkey, &k->cert);
    snprintf(path, sizeof(path), "%s/%s", g_dir, file);
    kt_write_key(pkey, path);
    CERT_CONTEXT c = kt_cert_ctx(k->cert, k->cert_len);
    T_OK(SslOpenPrivateKey(g_p, &k->priv, &c, 0));
    T_OK(SslImportKey(g_p, &k->pub, SSLPROV_X509_PUBLIC_BLOB, k->cert, (DWORD)k->cert_len, 0));
}

static void key_close(struct key *k) {
    SslFreeObject(k->priv, 0), SslFreeObject(k->pub, 0);
    OPENSSL_free(k->cert);
    EVP_PKEY_free(k->pkey);
}

/* name (UTF-16 with NUL) || hash, as NCRYPT_SSL_SIGN_INCLUDE_HASHOID wants it. */
static size_t named_hash(const char *name, const uint8_t *h, size_t hl, uint8_t *out) {
    size_t n = strlen(name);
    for (size_t i = 0; i <= n; i++) {
        WCHAR c = (WCHAR)name[i];
        memcpy(out + 2 * i, &c, 2);
    }
    memcpy(out + 2 * (n + 1), h, hl);
    return 2 * (n + 1) + hl;
}

static int ossl_verify(EVP_PKEY *k, int pad, const EVP_MD *md, const uint8_t *sig, size_t sl, const uint8_t *tbs,
                       size_t tl) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    int r = EVP_PKEY_verify_init(c);
    if (pad) r &= EVP_PKEY_CTX_set_rsa_padding(c, pad);
    if (pad == RSA_PKCS1_PSS_PADDING) r &= EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_DIGEST);
    if (md) r &= EVP_PKEY_CTX_set_signature_md(c, md);
    r = r == 1 ? EVP_PKEY_verify(c, sig, sl, tbs, tl) : -1;
    EVP_PKEY_CTX_free(c);
    return r;
}

static size_t ossl_sign(EVP_PKEY *k, int pad, const EVP_MD *md, const uint8_t *tbs, size_t tl, uint8_t *sig) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
    size_t n = 1024;
    int r = EVP_PKEY_sign_init(c);
    if (pad) r &= EVP_PKEY_CTX_set_rsa_padding(c, pad);
    if (pad == RSA_PKCS1_PSS_PADDING) r &= EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_DIGEST);
    if (md) r &= EVP_PKEY_CTX_set_signature_md(c, md);
    if (r != 1 || EVP_PKEY_sign(c, sig, &n, tbs, tl) != 1) n = 0;
    EVP_PKEY_CTX_free(c);
    return n;
}

/* Flip one bit of the signature, of the hash, and cut the signature: all bad. */
static void tamper(struct key *k, uint8_t *in, DWORD il, uint8_t *sig, DWORD sl, DWORD flags) {
    T_OK(SslVerifySignature(g_p, k->pub, in, il, sig, sl, flags));
    T_OK(SslVerifySignature(g_p, k->priv, in, il, sig, sl, flags)); /* the public half of our key */
    sig[sl / 2] ^= 0x10;
    T_STATUS(SslVerifySignature(g_p, k->pub, in, il, sig, sl, flags), NTE_BAD_SIGNATURE);
    sig[sl / 2] ^= 0x10;
    in[il - 1] ^= 1;
    T_STATUS(SslVerifySignature(g_p, k->pub, in, il, sig, sl, flags), NTE_BAD_SIGNATURE);
    in[il - 1] ^= 1;
    T_STATUS(SslVerifySignature(g_p, k->pub, in, il, sig, sl - 1, flags), NTE_BAD_SIGNATURE);
    T_OK(SslVerifySignature(g_p, k->pub, in, il, sig, sl, flags));
}

static void test_rsa(void) {
    struct key k = {0};
    key_open(&k, EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048), "rsa.pem");
    uint8_t h[64], in[128], sig[256], osig[256];
    DWORD n = 0;
    static const struct {
        const char *name;
        size_t len;
    } hashes[] = {{"SHA1", 20}, {"SHA256", 32}, {"SHA384", 48}, {"SHA512", 64}};
    for (size_t i = 0; i < SP_ARRAY_LEN(hashes); i++) {
        const EVP_MD *md = EVP_get_digestbyname(hashes[i].name);
        t_rand(h, hashes[i].len);
        DWORD il = (DWORD)named_hash(hashes[i].name, h, hashes[i].len, in);
        /* PKCS#1 v1.5 with DigestInfo: deterministic, equal to OpenSSL's. */
        T_OK(SslSignHash(g_p, k.priv, in, il, NULL, 0, &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID));
        T_ASSERT(n == 256);
        T_STATUS(SslSignHash(g_p, k.priv, in, il, sig, 255, &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID), NTE_BUFFER_TOO_SMALL);
        T_OK(SslSignHash(g_p, k.priv, in, il, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID));
        T_ASSERT(n == 256);
        T_ASSERT(ossl_verify(k.pkey, RSA_PKCS1_PADDING, md, sig, n, h, hashes[i].len) == 1);
        T_ASSERT(ossl_sign(k.pkey, RSA_PKCS1_PADDING, md, h, hashes[i].len, osig) == 256);
        T_BYTES(sig, osig, 256);
        tamper(&k, in, il, sig, 256, NCRYPT_SSL_SIGN_INCLUDE_HASHOID);
        /* PSS, salt = hash length: randomised, so cross-verify both ways. */
        T_OK(SslSignHash(g_p, k.priv, in, il, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_USE_PSS_PADDING));
        T_ASSERT(ossl_verify(k.pkey, RSA_PKCS1_PSS_PADDING, md, sig, n, h, hashes[i].len) == 1);
        T_ASSERT(ossl_sign(k.pkey, RSA_PKCS1_PSS_PADDING, md, h, hashes[i].len, osig) == 256);
        tamper(&k, in, il, osig, 256, NCRYPT_SSL_SIGN_USE_PSS_PADDING);
        /* A PKCS#1 signature is not a PSS one. */
        T_STATUS(SslVerifySignature(g_p, k.pub, in, il, sig, 256, NCRYPT_SSL_SIGN_INCLUDE_HASHOID), NTE_BAD_SIGNATURE);
    }
    /* No flags: the 36-byte MD5||SHA-1 of TLS 1.0/1.1, no DigestInfo. */
    t_rand(h, 36);
    memcpy(in, h, 36);
    T_OK(SslSignHash(g_p, k.priv, in, 36, sig, sizeof(sig), &n, 0));
    T_ASSERT(ossl_verify(k.pkey, RSA_PKCS1_PADDING, NULL, sig, n, h, 36) == 1);
    T_ASSERT(ossl_sign(k.pkey, RSA_PKCS1_PADDING, EVP_get_digestbyname("MD5-SHA1"), h, 36, osig) == 256);
    T_BYTES(sig, osig, 256);
    tamper(&k, in, 36, sig, 256, 0);
    /* Bad inputs */
    DWORD il = (DWORD)named_hash("SHA256", h, 32, in);
    T_STATUS(SslSignHash(g_p, k.priv, in, il - 1, sig, 256, &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID),
             NTE_INVALID_PARAMETER);
    il = (DWORD)named_hash("SHA999", h, 32, in);
    T_STATUS(SslSignHash(g_p, k.priv, in, il, sig, 256, &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID), NTE_NOT_SUPPORTED);
    T_STATUS(SslSignHash(g_p, k.priv, in, 4, sig, 256, &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID), NTE_INVALID_PARAMETER);
    T_STATUS(SslSignHash(g_p, k.priv, in, il, sig, 256, &n, 4), NTE_BAD_FLAGS);
    T_STATUS(SslSignHash(g_p, k.priv, in, il, sig, 256, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslSignHash(g_p, k.pub, h, 36, sig, 256, &n, 0), NTE_INVALID_HANDLE); /* public keys do not sign */
    T_STATUS(SslSignHash(g_p, g_p, h, 36, sig, 256, &n, 0), NTE_INVALID_HANDLE);
    uint8_t big[300] = {0};
    T_STATUS(SslSignHash(g_p, k.priv, big, 246, sig, 256, &n, 0), NTE_INVALID_PARAMETER);
    /* A BCRYPT_RSAPUBLIC_BLOB key verifies too. */
    DWORD bl = 0;
    NCRYPT_KEY_HANDLE rp = 0;
    uint8_t *b = kt_export(g_p, k.priv, BCRYPT_RSAPUBLIC_BLOB, &bl);
    T_OK(SslImportKey(g_p, &rp, BCRYPT_RSAPUBLIC_BLOB, b, bl, 0));
    T_OK(SslSignHash(g_p, k.priv, h, 36, sig, sizeof(sig), &n, 0));
    T_OK(SslVerifySignature(g_p, rp, h, 36, sig, n, 0));
    free(b);
    SslFreeObject(rp, 0);
    key_close(&k);
}

/* An RSASSA-PSS key restricted to SHA-384 (RFC 4055 3.1: hash, MGF1 hash,
 * salt >= 48) signs SHA-384 with PSS (verified by OpenSSL) and refuses
 * SHA-256 (NTE_INVALID_PARAMETER, not an internal error); a key whose minimum
 * salt (64) exceeds the hash length (our salt) is refused for SHA-256; PKCS#1
 * v1.5 is refused to every RSASSA-PSS key. */
static void test_rsa_pss_restricted(void) {
    struct key k384, k256;
    key_open(&k384, kt_pss_key("SHA384", 48), "pss384.pem");
    key_open(&k256, kt_pss_key("SHA256", 64), "pss256.pem");
    uint8_t h384[48], h256[32], in[200], sig[256];
    t_rand(h384, sizeof(h384)), t_rand(h256, sizeof(h256));
    DWORD n = 0;
    size_t l = named_hash("SHA384", h384, 48, in);
    T_OK(SslSignHash(g_p, k384.priv, in, (DWORD)l, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_USE_PSS_PADDING));
    T_ASSERT(n == 128 && ossl_verify(k384.pkey, RSA_PKCS1_PSS_PADDING, EVP_sha384(), sig, n, h384, 48) == 1);
    l = named_hash("SHA256", h256, 32, in);
    T_STATUS(SslSignHash(g_p, k384.priv, in, (DWORD)l, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_USE_PSS_PADDING),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslSignHash(g_p, k384.priv, in, (DWORD)l, NULL, 0, &n, NCRYPT_SSL_SIGN_USE_PSS_PADDING),
             NTE_INVALID_PARAMETER); /* the size query too */
    T_STATUS(SslSignHash(g_p, k256.priv, in, (DWORD)l, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_USE_PSS_PADDING),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslSignHash(g_p, k384.priv, in, (DWORD)l, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID),
             NTE_NOT_SUPPORTED);
    key_close(&k384), key_close(&k256);
}

static void test_ecdsa(void) {
    static const struct {
        const char *curve, *hash;
        size_t hl, n;
    } cases[] = {{"P-256", "SHA256", 32, 32}, {"P-384", "SHA384", 48, 48}, {"P-521", "SHA512", 64, 66}};
    for (size_t i = 0; i < 3; i++) {
        struct key k = {0};
        char file[32];
        snprintf(file, sizeof(file), "ec%zu.pem", i);
        key_open(&k, EVP_PKEY_Q_keygen(NULL, NULL, "EC", cases[i].curve), file);
        uint8_t h[64], sig[132], der[160], raw[132];
        DWORD n = 0;
        t_rand(h, cases[i].hl);
        T_OK(SslSignHash(g_p, k.priv, h, (DWORD)cases[i].hl, NULL, 0, &n, 0));
        T_ASSERT(n == 2 * cases[i].n);
        T_OK(SslSignHash(g_p, k.priv, h, (DWORD)cases[i].hl, sig, sizeof(sig), &n, 0));
        T_ASSERT(n == 2 * cases[i].n);
        /* raw r||s -> DER -> OpenSSL */
        ECDSA_SIG *es = ECDSA_SIG_new();
        ECDSA_SIG_set0(es, BN_bin2bn(sig, (int)cases[i].n, NULL), BN_bin2bn(sig + cases[i].n, (int)cases[i].n, NULL));
        unsigned char *dp = der;
        int dl = i2d_ECDSA_SIG(es, &dp);
        ECDSA_SIG_free(es);
        T_ASSERT(ossl_verify(k.pkey, 0, NULL, der, (size_t)dl, h, cases[i].hl) == 1);
        tamper(&k, h, (DWORD)cases[i].hl, sig, n, 0);
        /* OpenSSL's DER -> raw -> sslprov; the DER itself is refused */
        size_t ol = ossl_sign(k.pkey, 0, NULL, h, cases[i].hl, der);
        T_ASSERT(ol > 0);
        const unsigned char *cp = der;
        es = d2i_ECDSA_SIG(NULL, &cp, (long)ol);
        BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, (int)cases[i].n);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + cases[i].n, (int)cases[i].n);
        ECDSA_SIG_free(es);
        T_OK(SslVerifySignature(g_p, k.pub, h, (DWORD)cases[i].hl, raw, (DWORD)(2 * cases[i].n), 0));
        T_STATUS(SslVerifySignature(g_p, k.pub, h, (DWORD)cases[i].hl, der, (DWORD)ol, 0), NTE_BAD_SIGNATURE);
        /* a BCRYPT_ECCPUBLIC_BLOB of a signing key carries the ECDSA magic and verifies */
        DWORD bl = 0;
        NCRYPT_KEY_HANDLE bp = 0;
        uint8_t *b = kt_export(g_p, k.priv, BCRYPT_ECCPUBLIC_BLOB, &bl);
        T_ASSERT(((DWORD *)b)[0] == (i == 0   ? BCRYPT_ECDSA_PUBLIC_P256_MAGIC
                                     : i == 1 ? BCRYPT_ECDSA_PUBLIC_P384_MAGIC
                                              : BCRYPT_ECDSA_PUBLIC_P521_MAGIC));
        T_OK(SslImportKey(g_p, &bp, BCRYPT_ECCPUBLIC_BLOB, b, bl, 0));
        T_OK(SslVerifySignature(g_p, bp, h, (DWORD)cases[i].hl, raw, (DWORD)(2 * cases[i].n), 0));
        /* the hash-name layout is accepted for ECDSA too; PSS is not */
        uint8_t in[160];
        DWORD il = (DWORD)named_hash(cases[i].hash, h, cases[i].hl, in);
        T_OK(SslVerifySignature(g_p, k.pub, in, il, raw, (DWORD)(2 * cases[i].n), NCRYPT_SSL_SIGN_INCLUDE_HASHOID));
        T_STATUS(SslSignHash(g_p, k.priv, in, il, sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_USE_PSS_PADDING),
                 NTE_BAD_FLAGS);
        PBYTE prop = NULL;
        DWORD pl = 0;
        /* Windows: KEYTYPE only on ephemeral keys; Length as NCryptGetProperty */
        T_STATUS(SslGetKeyProperty(k.priv, SSL_KEY_TYPE_PROPERTY, &prop, &pl, 0), NTE_INVALID_HANDLE);
        T_OK(SslGetKeyProperty(k.priv, u"Length", &prop, &pl, 0));
        T_ASSERT(pl == 4 && *(DWORD *)prop == (DWORD)(i == 2 ? 521 : 8 * cases[i].n));
        SslFreeBuffer(prop);
        free(b);
        SslFreeObject(bp, 0);
        key_close(&k);
    }
}

/* EdDSA (extension for TLS 1.3): the input is the message itself. */
static void test_eddsa(void) {
    static const char *const types[] = {"ED25519", "ED448"};
    for (size_t i = 0; i < 2; i++) {
        struct key k = {0};
        key_open(&k, EVP_PKEY_Q_keygen(NULL, NULL, types[i]), i ? "ed448.pem" : "ed25519.pem");
        uint8_t msg[200], sig[114], osig[114];
        DWORD n = 0;
        size_t sl = i ? 114 : 64;
        t_rand(msg, sizeof(msg));
        T_OK(SslSignHash(g_p, k.priv, msg, sizeof(msg), sig, sizeof(sig), &n, 0));
        T_ASSERT(n == sl);
        EVP_MD_CTX *c = EVP_MD_CTX_new();
        T_ASSERT(EVP_DigestVerifyInit_ex(c, NULL, NULL, NULL, NULL, k.pkey, NULL) == 1);
        T_ASSERT(EVP_DigestVerify(c, sig, sl, msg, sizeof(msg)) == 1);
        EVP_MD_CTX_free(c);
        c = EVP_MD_CTX_new();
        size_t ol = sizeof(osig);
        T_ASSERT(EVP_DigestSignInit_ex(c, NULL, NULL, NULL, NULL, k.pkey, NULL) == 1);
        T_ASSERT(EVP_DigestSign(c, osig, &ol, msg, sizeof(msg)) == 1);
        EVP_MD_CTX_free(c);
        T_BYTES(sig, osig, sl); /* deterministic (RFC 8032) */
        tamper(&k, msg, sizeof(msg), osig, (DWORD)sl, 0);
        T_STATUS(SslSignHash(g_p, k.priv, msg, sizeof(msg), sig, sizeof(sig), &n, NCRYPT_SSL_SIGN_INCLUDE_HASHOID),
                 NTE_BAD_FLAGS);
        key_close(&k);
    }
}

/* EdDSA signs messages of any length, the empty one included (RFC 8032
 * section 7.1 TEST 1 and section 7.4 "Blank"; issue #12 item 13): known
 * answers from tests/vectors/eddsa_rfc8032.txt through both functions. */
static void test_eddsa_empty(void) {
    struct t_vec *v = t_vec_open("eddsa_rfc8032.txt");
    int records = 0;
    T_ASSERT(v != NULL);
    while (t_vec_next(v)) {
        size_t sl = 0, pl = 0, ml = 1, gl = 0;
        const char *alg = t_vec_get(v, "alg");
        uint8_t *sec = t_vec_hex(v, "secret", &sl), *pub = t_vec_hex(v, "public", &pl);
        uint8_t *msg = t_vec_hex(v, "message", &ml), *want = t_vec_hex(v, "signature", &gl);
        T_ASSERT(alg != NULL && sec && pub && msg && want && ml == 0);
        struct key k = {0};
        char file[32];
        snprintf(file, sizeof(file), "rfc8032-%d.pem", records);
        key_open(&k, EVP_PKEY_new_raw_private_key_ex(NULL, alg, NULL, sec, sl), file);
        uint8_t sig[114];
        DWORD n = 0;
        /* the empty message, with a pointer and without one */
        T_OK(SslSignHash(g_p, k.priv, msg, 0, NULL, 0, &n, 0));
        T_ASSERT(n == gl);
        T_OK(SslSignHash(g_p, k.priv, msg, 0, sig, sizeof(sig), &n, 0));
        T_ASSERT(n == gl);
        T_BYTES(sig, want, gl);
        memset(sig, 0, sizeof(sig));
        T_OK(SslSignHash(g_p, k.priv, NULL, 0, sig, sizeof(sig), &n, 0));
        T_BYTES(sig, want, gl);
        T_OK(SslVerifySignature(g_p, k.pub, msg, 0, want, (DWORD)gl, 0));
        T_OK(SslVerifySignature(g_p, k.priv, NULL, 0, want, (DWORD)gl, 0));
        /* the public key of the vector is the one the certificate carries */
        uint8_t raw[57];
        size_t rl = sizeof(raw);
        T_ASSERT(EVP_PKEY_get_raw_public_key(k.pkey, raw, &rl) == 1 && rl == pl);
        T_BYTES(raw, pub, pl);
        want[0] ^= 1;
        T_STATUS(SslVerifySignature(g_p, k.pub, msg, 0, want, (DWORD)gl, 0), NTE_BAD_SIGNATURE);
        /* a one-byte message is another message */
        want[0] ^= 1;
        uint8_t one = 0;
        T_STATUS(SslVerifySignature(g_p, k.pub, &one, 1, want, (DWORD)gl, 0), NTE_BAD_SIGNATURE);
        /* a length without bytes is still refused */
        T_STATUS(SslSignHash(g_p, k.priv, NULL, 1, sig, sizeof(sig), &n, 0), NTE_INVALID_PARAMETER);
        T_STATUS(SslVerifySignature(g_p, k.pub, NULL, 1, want, (DWORD)gl, 0), NTE_INVALID_PARAMETER);
        key_close(&k);
        free(sec), free(pub), free(msg), free(want);
        records++;
    }
    t_vec_close(v);
    T_ASSERT(records == 2);
}

int main(void) {
    t_rand_init();
    g_p = t_open_provider(false);
    kt_mkdtemp(g_dir, sizeof(g_dir));
    T_OK(SslProvAddPrivateKeyLocation(g_p, NULL, g_dir, 0));
    test_rsa();
    test_rsa_pss_restricted();
    test_ecdsa();
    test_eddsa();
    test_eddsa_empty();
    kt_rmdir(g_dir);
    SslFreeObject(g_p, 0);
    return t_done();
}
