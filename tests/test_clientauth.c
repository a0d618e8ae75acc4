/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_clientauth.c - SslComputeClientAuthHash (CertificateVerify input) for
 * SSL 3.0 (RFC 6101 5.6.8, with the master secret and pads), TLS 1.0/1.1
 * (MD5||SHA-1, SHA-1 alone for DSA/ECDSA) and TLS 1.2 (the object's hash),
 * and SslComputeSessionHash (RFC 7627 section 3), against hashes computed here.
 */
#include "kex_testutil.h"

static NCRYPT_PROV_HANDLE g_p;
static uint8_t g_msgs[300];

static void digest(const char *md, const uint8_t *a, size_t al, const uint8_t *b, size_t bl, const uint8_t *c,
                   size_t cl, uint8_t *out) {
    EVP_MD_CTX *x = EVP_MD_CTX_new();
    EVP_DigestInit_ex(x, EVP_get_digestbyname(md), NULL);
    EVP_DigestUpdate(x, a, al);
    if (bl) EVP_DigestUpdate(x, b, bl);
    if (cl) EVP_DigestUpdate(x, c, cl);
    EVP_DigestFinal_ex(x, out, NULL);
    EVP_MD_CTX_free(x);
}

static NCRYPT_HASH_HANDLE feed(DWORD proto, DWORD suite, LPCWSTR alg, size_t len) {
    NCRYPT_HASH_HANDLE h = 0;
    T_OK(SslCreateClientAuthHash(g_p, &h, proto, suite, alg, 0));
    T_OK(SslHashHandshake(g_p, h, g_msgs, (DWORD)len, 0));
    return h;
}

static void test_tls12(void) {
    static const struct {
        LPCWSTR alg;
        const char *md;
        size_t n;
    } c[] = {{u"SHA1", "SHA1", 20}, {u"SHA256", "SHA256", 32}, {u"SHA384", "SHA384", 48}, {u"SHA512", "SHA512", 64}};
    for (size_t i = 0; i < 4; i++) {
        NCRYPT_HASH_HANDLE h = feed(TLS1_2_PROTOCOL_VERSION, 0xC02F, c[i].alg, 100);
        uint8_t out[64], want[64];
        DWORD n = 0;
        T_OK(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, NULL, 0, &n, 0));
        T_ASSERT(n == c[i].n);
        T_STATUS(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, out, (DWORD)c[i].n - 1, &n, 0),
                 NTE_BUFFER_TOO_SMALL);
        T_OK(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_ECDSA_ALGORITHM, out, sizeof(out), &n, 0));
        digest(c[i].md, g_msgs, 100, NULL, 0, NULL, 0, want);
        T_ASSERT(n == c[i].n);
        T_BYTES(out, want, c[i].n);
        /* not consumed: hashing continues */
        T_OK(SslHashHandshake(g_p, h, g_msgs + 100, 50, 0));
        T_OK(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, out, sizeof(out), &n, 0));
        digest(c[i].md, g_msgs, 150, NULL, 0, NULL, 0, want);
        T_BYTES(out, want, c[i].n);
        SslFreeObject(h, 0);
    }
}

static void test_tls10(void) {
    static const DWORD protos[] = {TLS1_0_PROTOCOL_VERSION, TLS1_1_PROTOCOL_VERSION};
    for (size_t i = 0; i < 2; i++) {
        NCRYPT_HASH_HANDLE h = feed(protos[i], 0x002F, u"SHA1", 200);
        uint8_t out[64], md5[16], sha[20];
        DWORD n = 0;
        digest("MD5", g_msgs, 200, NULL, 0, NULL, 0, md5);
        digest("SHA1", g_msgs, 200, NULL, 0, NULL, 0, sha);
        T_OK(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, out, sizeof(out), &n, 0));
        T_ASSERT(n == 36);
        T_BYTES(out, md5, 16);
        T_BYTES(out + 16, sha, 20);
        T_OK(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_ECDSA_ALGORITHM, out, sizeof(out), &n, 0));
        T_ASSERT(n == 20);
        T_BYTES(out, sha, 20);
        T_OK(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_DSA_ALGORITHM, NULL, 0, &n, 0));
        T_ASSERT(n == 20);
        T_STATUS(SslComputeClientAuthHash(g_p, 0, h, u"FOO", out, sizeof(out), &n, 0), NTE_NOT_SUPPORTED);
        T_STATUS(SslComputeClientAuthHash(g_p, 0, h, NULL, out, sizeof(out), &n, 0), NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, out, sizeof(out), NULL, 0),
                 NTE_INVALID_PARAMETER);
        T_STATUS(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, out, sizeof(out), &n, 1), NTE_BAD_FLAGS);
        T_STATUS(SslComputeClientAuthHash(g_p, 0, g_p, BCRYPT_RSA_ALGORITHM, out, sizeof(out), &n, 0),
                 NTE_INVALID_HANDLE);
        SslFreeObject(h, 0);
    }
}

static void test_ssl3(void) {
    uint8_t ms[48], pad1[48], pad2[48], inner[20], md5[16], sha[20], out[36];
    t_rand(ms, 48);
    memset(pad1, 0x36, 48), memset(pad2, 0x5c, 48);
    struct sp_provider *prov = NULL;
    NCRYPT_KEY_HANDLE mk = 0;
    T_ASSERT(SP_IS_OK(sp_provider_get(g_p, &prov)));
    const struct sp_suite *s = sp_suite_find(0x002F);
    T_ASSERT(SP_IS_OK(sp_master_publish(prov, SSL3_PROTOCOL_VERSION, s, NCRYPT_SSL_CLIENT_FLAG, ms, true, NULL, &mk)));
    sp_handle_put(&prov->obj);
    NCRYPT_HASH_HANDLE h = feed(SSL3_PROTOCOL_VERSION, 0x002F, u"SHA1", 250);
    /* RFC 6101 5.6.8: hash(ms + pad_2 + hash(messages + ms + pad_1)) */
    EVP_MD_CTX *x = EVP_MD_CTX_new();
    EVP_DigestInit_ex(x, EVP_md5(), NULL);
    EVP_DigestUpdate(x, g_msgs, 250), EVP_DigestUpdate(x, ms, 48), EVP_DigestUpdate(x, pad1, 48);
    EVP_DigestFinal_ex(x, inner, NULL);
    digest("MD5", ms, 48, pad2, 48, inner, 16, md5);
    EVP_DigestInit_ex(x, EVP_sha1(), NULL);
    EVP_DigestUpdate(x, g_msgs, 250), EVP_DigestUpdate(x, ms, 48), EVP_DigestUpdate(x, pad1, 40);
    EVP_DigestFinal_ex(x, inner, NULL);
    digest("SHA1", ms, 48, pad2, 40, inner, 20, sha);
    EVP_MD_CTX_free(x);
    DWORD n = 0;
    T_OK(SslComputeClientAuthHash(g_p, mk, h, BCRYPT_RSA_ALGORITHM, out, sizeof(out), &n, 0));
    T_ASSERT(n == 36);
    T_BYTES(out, md5, 16);
    T_BYTES(out + 16, sha, 20);
    T_OK(SslComputeClientAuthHash(g_p, mk, h, BCRYPT_DSA_ALGORITHM, out, sizeof(out), &n, 0));
    T_ASSERT(n == 20);
    T_BYTES(out, sha, 20);
    /* SSL 3.0 needs the master key */
    T_STATUS(SslComputeClientAuthHash(g_p, 0, h, BCRYPT_RSA_ALGORITHM, out, sizeof(out), &n, 0), NTE_INVALID_HANDLE);
    SslFreeObject(h, 0), SslFreeObject(mk, 0);
}

/* SslComputeSessionHash (RFC 7627 section 3): Hash(handshake_messages), with
 * TLS 1.2's PRF hash, or MD5||SHA-1 before. */
static void test_session_hash(void) {
    NCRYPT_HASH_HANDLE h = 0;
    uint8_t out[64], want[64];
    DWORD n = 0;
    T_OK(SslCreateHandshakeHash(g_p, &h, TLS1_2_PROTOCOL_VERSION, 0xC030, 0)); /* SHA-384 PRF */
    T_OK(SslHashHandshake(g_p, h, g_msgs, 120, 0));
    T_OK(SslComputeSessionHash(g_p, h, TLS1_2_PROTOCOL_VERSION, out, sizeof(out), &n, 0));
    digest("SHA384", g_msgs, 120, NULL, 0, NULL, 0, want);
    T_ASSERT(n == 48);
    T_BYTES(out, want, 48);
    SslFreeObject(h, 0);
    T_OK(SslCreateHandshakeHash(g_p, &h, TLS1_0_PROTOCOL_VERSION, 0x002F, 0));
    T_OK(SslHashHandshake(g_p, h, g_msgs, 120, 0));
    T_OK(SslComputeSessionHash(g_p, h, TLS1_0_PROTOCOL_VERSION, out, sizeof(out), &n, 0));
    T_ASSERT(n == 36);
    digest("MD5", g_msgs, 120, NULL, 0, NULL, 0, want);
    digest("SHA1", g_msgs, 120, NULL, 0, NULL, 0, want + 16);
    T_BYTES(out, want, 36);
    SslFreeObject(h, 0);
}

int main(void) {
    t_rand_init();
    t_rand(g_msgs, sizeof(g_msgs));
    g_p = t_open_provider(false);
    test_tls12();
    test_tls10();
    test_ssl3();
    test_session_hash();
    SslFreeObject(g_p, 0);
    return t_done();
}
