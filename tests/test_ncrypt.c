/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_ncrypt.c - the NCrypt key storage subset (issue #11, fact 8):
 * NCryptOpenStorageProvider, NCryptImportKey / NCryptExportKey with the BCRYPT
 * RSA and ECC public and private blobs and PKCS#8, NCryptOpenKey by name from
 * SSLPROV_KEY_PATH, NCryptGetProperty, NCryptFreeObject; their keys in the Ssl*
 * functions (the RSA client path of SslGenerateMasterKey, SslImportMasterKey,
 * SslSignHash / SslVerifySignature); argument checks and malformed blobs.
 */
#include "kex_testutil.h"

#include <openssl/rsa.h>

#define SUITE_RSA TLS_RSA_WITH_AES_128_GCM_SHA256

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static size_t bn_bytes(const EVP_PKEY *k, const char *name, uint8_t *out) {
    BIGNUM *b = NULL;
    T_ASSERT(EVP_PKEY_get_bn_param(k, name, &b) == 1);
    size_t n = (size_t)BN_num_bytes(b);
    BN_bn2bin(b, out);
    BN_free(b);
    return n;
}

/* BCRYPT_RSAPUBLIC_BLOB / BCRYPT_RSAPRIVATE_BLOB of key, built independently. */
static size_t rsa_blob(EVP_PKEY *key, bool priv, uint8_t *out) {
    uint8_t e[8], n[512], p[256], q[256];
    size_t ce = bn_bytes(key, OSSL_PKEY_PARAM_RSA_E, e), cn = bn_bytes(key, OSSL_PKEY_PARAM_RSA_N, n);
    size_t cp = priv ? bn_bytes(key, OSSL_PKEY_PARAM_RSA_FACTOR1, p) : 0;
    size_t cq = priv ? bn_bytes(key, OSSL_PKEY_PARAM_RSA_FACTOR2, q) : 0;
    put32(out, priv ? BCRYPT_RSAPRIVATE_MAGIC : BCRYPT_RSAPUBLIC_MAGIC);
    put32(out + 4, (uint32_t)EVP_PKEY_get_bits(key));
    put32(out + 8, (uint32_t)ce), put32(out + 12, (uint32_t)cn);
    put32(out + 16, (uint32_t)cp), put32(out + 20, (uint32_t)cq);
    uint8_t *w = out + 24;
    memcpy(w, e, ce), w += ce;
    memcpy(w, n, cn), w += cn;
    memcpy(w, p, cp), w += cp;
    memcpy(w, q, cq), w += cq;
    return (size_t)(w - out);
}

static size_t pkcs8_of(EVP_PKEY *key, uint8_t *out) {
    PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
    unsigned char *w = out;
    int n = i2d_PKCS8_PRIV_KEY_INFO(p8, &w);
    PKCS8_PRIV_KEY_INFO_free(p8);
    T_ASSERT(n > 0);
    return (size_t)n;
}

static void wprop(NCRYPT_HANDLE h, LPCWSTR name, const char *want) {
    WCHAR w[64] = {0};
    DWORD n = 0;
    T_OK(NCryptGetProperty(h, name, NULL, 0, &n, 0));
    T_ASSERT(n == (strlen(want) + 1) * 2);
    T_OK(NCryptGetProperty(h, name, (PBYTE)w, sizeof(w), &n, 0));
    char got[64] = {0};
    DWORD m = 0;
    T_OK(SslProvUtf16ToUtf8(w, 64, got, sizeof(got), &m));
    if (strcmp(got, want) != 0)
        t_fail_at(__FILE__, __LINE__, "property: got '%s', want '%s'", got, want);
    else
        t_pass++;
}

static DWORD dprop(NCRYPT_HANDLE h, LPCWSTR name) {
    DWORD v = 0, n = 0;
    T_OK(NCryptGetProperty(h, name, (PBYTE)&v, sizeof(v), &n, 0));
    T_ASSERT(n == 4);
    return v;
}

static void test_provider(void) {
    NCRYPT_PROV_HANDLE k = 0, s = 0;
    T_OK(NCryptOpenStorageProvider(&k, MS_KEY_STORAGE_PROVIDER, 0));
    wprop(k, NCRYPT_NAME_PROPERTY, "Microsoft Software Key Storage Provider");
    T_OK(NCryptFreeObject(k));
    T_STATUS(NCryptFreeObject(k), NTE_INVALID_HANDLE);
    T_OK(NCryptOpenStorageProvider(&k, NULL, NCRYPT_SILENT_FLAG));
    T_OK(NCryptFreeObject(k));
    T_STATUS(NCryptOpenStorageProvider(&k, MS_SCHANNEL_PROVIDER, 0), NTE_BAD_PROVIDER);
    T_STATUS(NCryptOpenStorageProvider(&k, NULL, 1), NTE_BAD_FLAGS);
    T_STATUS(NCryptOpenStorageProvider(NULL, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptFreeObject(0), NTE_INVALID_HANDLE);
    T_STATUS(NCryptFreeObject((NCRYPT_HANDLE)0x12345), NTE_INVALID_HANDLE);
    /* An SSL provider handle is not a key storage provider. */
    T_OK(SslOpenProvider(&s, NULL, 0));
    uint8_t blob[8] = {0};
    NCRYPT_KEY_HANDLE key = 0;
    T_STATUS(NCryptImportKey(s, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, &key, blob, sizeof(blob), 0), NTE_INVALID_HANDLE);
    wprop(s, NCRYPT_NAME_PROPERTY, "Microsoft SSL Protocol Provider");
    T_OK(NCryptFreeObject(s)); /* frees any Ssl* handle too */
}

/* Static RSA the Windows way: the server's public key through NCryptImportKey,
 * SslGenerateMasterKey with NCRYPTBUFFER_SSL_HIGHEST_VERSION; the server side
 * with the private key from an RSAPRIVATE blob agrees on the master secret. */
static void test_rsa(void) {
    NCRYPT_PROV_HANDLE ksp = 0, pc = t_open_provider(true), ps = t_open_provider(true);
    NCRYPT_KEY_HANDLE pub = 0, priv = 0, mc = 0, ms = 0;
    EVP_PKEY *key = EVP_RSA_gen(2048);
    uint8_t blob[2048], blob2[2048], ct[256], cr[32], sr[32], m1[48], m2[48];
    DWORD n = 0;
    t_rand(cr, 32), t_rand(sr, 32);
    T_OK(NCryptOpenStorageProvider(&ksp, MS_KEY_STORAGE_PROVIDER, 0));
    size_t bl = rsa_blob(key, false, blob);
    T_OK(NCryptImportKey(ksp, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, &pub, blob, (DWORD)bl, 0));
    wprop(pub, NCRYPT_ALGORITHM_GROUP_PROPERTY, "RSA");
    wprop(pub, NCRYPT_ALGORITHM_PROPERTY, "RSA");
    T_ASSERT(dprop(pub, NCRYPT_LENGTH_PROPERTY) == 2048);
    T_ASSERT(dprop(pub, NCRYPT_EXPORT_POLICY_PROPERTY) == 0);
    T_OK(NCryptExportKey(pub, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, NULL, 0, &n, 0));
    T_ASSERT(n == bl);
    T_STATUS(NCryptExportKey(pub, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, blob2, n - 1, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_OK(NCryptExportKey(pub, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, blob2, sizeof(blob2), &n, 0));
    T_ASSERT(n == bl);
    T_BYTES(blob2, blob, bl);
    /* A public key has no private blob. */
    T_STATUS(NCryptExportKey(pub, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, blob2, sizeof(blob2), &n, 0), NTE_NOT_SUPPORTED);

    struct kt_params kp;
    NCryptBufferDesc *pl = kt_params(&kp, cr, sr, NULL, 0, TLS1_2_PROTOCOL_VERSION);
    T_OK(SslGenerateMasterKey(pc, 0, pub, &mc, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, sizeof(ct), &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_ASSERT(n == 256);
    /* OpenSSL decrypts the premaster: the version bytes are the highest version. */
    uint8_t pms[256];
    size_t pl_len = sizeof(pms);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(key, NULL);
    T_ASSERT(EVP_PKEY_decrypt_init(c) == 1 && EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_decrypt(c, pms, &pl_len, ct, 256) == 1);
    EVP_PKEY_CTX_free(c);
    T_ASSERT(pl_len == 48 && pms[0] == 3 && pms[1] == 3);

    /* The server: private key from BCRYPT_RSAPRIVATE_BLOB. */
    bl = rsa_blob(key, true, blob);
    T_OK(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &priv, blob, (DWORD)bl, NCRYPT_SILENT_FLAG));
    /* The server's master inherits its private key's exportable property
     * (header, "Secret export"): to compare the two masters, the server decrypts
     * with a copy of the key imported through a storage provider that opted in.
     * priv itself stays unexportable for the export-policy checks below. */
    NCRYPT_PROV_HANDLE ksp2 = 0;
    NCRYPT_KEY_HANDLE priv2 = 0;
    T_OK(NCryptOpenStorageProvider(&ksp2, MS_KEY_STORAGE_PROVIDER, 0));
    T_OK(SslProvSetProviderOption(ksp2, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1));
    T_OK(NCryptImportKey(ksp2, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &priv2, blob, (DWORD)bl, NCRYPT_SILENT_FLAG));
    T_OK(SslImportMasterKey(ps, priv2, &ms, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, NCRYPT_SSL_SERVER_FLAG));
    T_OK(NCryptFreeObject(priv2));
    T_OK(NCryptFreeObject(ksp2));
    T_ASSERT(kt_master_of(pc, mc, m1) && kt_master_of(ps, ms, m2));
    T_BYTES(m1, m2, 48);
    uint8_t want[48];
    kt_ossl_master("SHA256", pms, 48, cr, sr, NULL, 0, want);
    T_BYTES(m1, want, 48);

    /* Private export: refused until the key storage provider opts in. */
    T_STATUS(NCryptExportKey(priv, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, blob2, sizeof(blob2), &n, 0), NTE_PERM);
    T_STATUS(NCryptExportKey(priv, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, NULL, blob2, sizeof(blob2), &n, 0), NTE_PERM);
    T_OK(SslProvSetProviderOption(ksp, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1));
    T_ASSERT(dprop(priv, NCRYPT_EXPORT_POLICY_PROPERTY) ==
             (NCRYPT_ALLOW_EXPORT_FLAG | NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG));
    T_OK(NCryptExportKey(priv, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, blob2, sizeof(blob2), &n, 0));
    T_ASSERT(n == bl);
    T_BYTES(blob2, blob, bl);
    /* PKCS#8 export re-imports to the same key. */
    T_OK(NCryptExportKey(priv, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, NULL, blob2, sizeof(blob2), &n, 0));
    const unsigned char *p = blob2;
    EVP_PKEY *back = d2i_AutoPrivateKey(NULL, &p, n);
    T_ASSERT(back != NULL && EVP_PKEY_eq(back, key) == 1);
    EVP_PKEY_free(back);
    T_OK(SslProvSetProviderOption(ksp, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 0));

    /* Malformed RSA private blobs. */
    uint8_t bad[2048];
    memcpy(bad, blob, bl);
    bad[bl - 1] ^= 1; /* q changed: n != p q */
    NCRYPT_KEY_HANDLE h = 0;
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &h, bad, (DWORD)bl, 0), NTE_BAD_DATA);
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &h, blob, (DWORD)bl - 1, 0), NTE_BAD_DATA);
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &h, blob, 10, 0), NTE_BAD_DATA);
    memcpy(bad, blob, bl);
    put32(bad, BCRYPT_RSAPUBLIC_MAGIC);
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &h, bad, (DWORD)bl, 0), NTE_BAD_DATA);
    T_ASSERT(h == 0);
    /* Argument checks. */
    T_STATUS(NCryptImportKey(ksp, pub, BCRYPT_RSAPRIVATE_BLOB, NULL, &h, blob, (DWORD)bl, 0), NTE_NOT_SUPPORTED);
    T_STATUS(NCryptImportKey(ksp, 0, u"NOSUCHBLOB", NULL, &h, blob, (DWORD)bl, 0), NTE_NOT_SUPPORTED);
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, &h, blob, (DWORD)bl, 0x1), NTE_BAD_FLAGS);
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_RSAPRIVATE_BLOB, NULL, NULL, blob, (DWORD)bl, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptImportKey(ksp, 0, NULL, NULL, &h, blob, (DWORD)bl, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptExportKey(pub, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, blob2, sizeof(blob2), NULL, 0),
             NTE_INVALID_PARAMETER);
    T_STATUS(NCryptExportKey(pub, priv, BCRYPT_RSAPUBLIC_BLOB, NULL, blob2, sizeof(blob2), &n, 0), NTE_NOT_SUPPORTED);
    T_STATUS(NCryptExportKey(mc, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, blob2, sizeof(blob2), &n, 0), NTE_INVALID_HANDLE);
    T_STATUS(NCryptGetProperty(pub, u"No Such Property", blob2, sizeof(blob2), &n, 0), NTE_NOT_SUPPORTED);
    DWORD tiny = 0;
    T_STATUS(NCryptGetProperty(pub, NCRYPT_LENGTH_PROPERTY, (PBYTE)&tiny, 2, &n, 0), NTE_BUFFER_TOO_SMALL);

    T_OK(NCryptFreeObject(pub));
    T_OK(NCryptFreeObject(priv));
    T_STATUS(NCryptFreeObject(priv), NTE_INVALID_HANDLE);
    SslFreeObject(mc, 0), SslFreeObject(ms, 0);
    T_OK(NCryptFreeObject(ksp));
    SslFreeObject(pc, 0), SslFreeObject(ps, 0);
    EVP_PKEY_free(key);
}

/* ECDSA: PKCS#8 import, sign through SslSignHash, verify through the public
 * key exported as BCRYPT_ECCPUBLIC_BLOB and imported back; the ECCPRIVATE blob
 * round trip and a private blob whose public point is not d's. */
static void test_ecc(void) {
    NCRYPT_PROV_HANDLE ksp = 0, prov = t_open_provider(false);
    NCRYPT_KEY_HANDLE priv = 0, pub = 0, again = 0;
    EVP_PKEY *key = EVP_EC_gen("P-384");
    uint8_t der[512], blob[512], hash[48], sig[256];
    DWORD n = 0, sl = 0;
    T_OK(NCryptOpenStorageProvider(&ksp, NULL, 0));
    size_t dl = pkcs8_of(key, der);
    T_OK(NCryptImportKey(ksp, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, NULL, &priv, der, (DWORD)dl, 0));
    wprop(priv, NCRYPT_ALGORITHM_GROUP_PROPERTY, "ECDSA");
    wprop(priv, NCRYPT_ALGORITHM_PROPERTY, "ECDSA_P384");
    T_ASSERT(dprop(priv, NCRYPT_LENGTH_PROPERTY) == 384);
    t_rand(hash, sizeof(hash));
    T_OK(SslSignHash(prov, priv, hash, sizeof(hash), sig, sizeof(sig), &sl, 0));
    T_OK(NCryptExportKey(priv, 0, BCRYPT_ECCPUBLIC_BLOB, NULL, blob, sizeof(blob), &n, 0));
    T_ASSERT(n == 8 + 2 * 48);
    uint32_t magic;
    memcpy(&magic, blob, 4);
    T_ASSERT(magic == BCRYPT_ECDSA_PUBLIC_P384_MAGIC);
    T_OK(NCryptImportKey(ksp, 0, BCRYPT_ECCPUBLIC_BLOB, NULL, &pub, blob, n, 0));
    T_OK(SslVerifySignature(prov, pub, hash, sizeof(hash), sig, sl, 0));
    sig[0] ^= 1;
    T_STATUS(SslVerifySignature(prov, pub, hash, sizeof(hash), sig, sl, 0), NTE_BAD_SIGNATURE);
    /* The PKCS#8 key also works as an SslOpenPrivateKey key would: it serves ECDSA suites. */
    NCRYPT_SSL_CIPHER_SUITE *cs = NULL;
    void *state = NULL;
    T_OK(SslEnumCipherSuites(prov, priv, &cs, &state, 0));
    SslFreeBuffer(state);

    T_STATUS(NCryptExportKey(priv, 0, BCRYPT_ECCPRIVATE_BLOB, NULL, blob, sizeof(blob), &n, 0), NTE_PERM);
    T_OK(SslProvSetProviderOption(ksp, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1));
    T_OK(NCryptExportKey(priv, 0, BCRYPT_ECCPRIVATE_BLOB, NULL, blob, sizeof(blob), &n, 0));
    T_ASSERT(n == 8 + 3 * 48);
    memcpy(&magic, blob, 4);
    T_ASSERT(magic == BCRYPT_ECDSA_PRIVATE_P384_MAGIC);
    uint8_t d[48];
    kt_bn(key, OSSL_PKEY_PARAM_PRIV_KEY, d, 48);
    T_BYTES(blob + 8 + 96, d, 48);
    T_OK(NCryptImportKey(ksp, 0, BCRYPT_ECCPRIVATE_BLOB, NULL, &again, blob, n, 0));
    sl = 0;
    T_OK(SslSignHash(prov, again, hash, sizeof(hash), sig, sizeof(sig), &sl, 0));
    T_OK(SslVerifySignature(prov, pub, hash, sizeof(hash), sig, sl, 0));
    NCRYPT_KEY_HANDLE h = 0;
    blob[9] ^= 1; /* X no longer d's */
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_ECCPRIVATE_BLOB, NULL, &h, blob, n, 0), NTE_BAD_DATA);
    blob[9] ^= 1;
    T_STATUS(NCryptImportKey(ksp, 0, BCRYPT_ECCPRIVATE_BLOB, NULL, &h, blob, n - 1, 0), NTE_BAD_DATA);
    T_STATUS(NCryptImportKey(ksp, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, NULL, &h, der, (DWORD)dl - 1, 0), NTE_BAD_DATA);
    der[dl] = 0;
    T_STATUS(NCryptImportKey(ksp, 0, NCRYPT_PKCS8_PRIVATE_KEY_BLOB, NULL, &h, der, (DWORD)dl + 1, 0), NTE_BAD_DATA);
    T_ASSERT(h == 0);
    NCryptFreeObject(priv), NCryptFreeObject(pub), NCryptFreeObject(again);
    NCryptFreeObject(ksp);
    SslFreeObject(prov, 0);
    EVP_PKEY_free(key);
}

/* NCryptOpenKey by name from SSLPROV_KEY_PATH; SslOpenPrivateKey with a
 * certificate context from SslProvCreateCertificateContext finds the same key. */
static void test_open_key(void) {
    char dir[64], path[128];
    NCRYPT_PROV_HANDLE ksp = 0, prov = t_open_provider(false);
    NCRYPT_KEY_HANDLE k = 0, k2 = 0;
    kt_mkdtemp(dir, sizeof(dir));
    EVP_PKEY *key = EVP_EC_gen("P-256");
    snprintf(path, sizeof(path), "%s/web-server.pem", dir);
    kt_write_key(key, path);
    setenv(SSLPROV_KEY_PATH_ENV, dir, 1);
    T_OK(NCryptOpenStorageProvider(&ksp, MS_KEY_STORAGE_PROVIDER, 0));
    T_OK(NCryptOpenKey(ksp, &k, u"web-server", 0, 0));
    wprop(k, NCRYPT_ALGORITHM_PROPERTY, "ECDSA_P256");
    T_OK(NCryptOpenKey(ksp, &k2, u"web-server.pem", 1 /* AT_KEYEXCHANGE */, NCRYPT_SILENT_FLAG));
    NCryptFreeObject(k2);
    T_STATUS(NCryptOpenKey(ksp, &k2, u"missing", 0, 0), NTE_BAD_KEYSET);
    T_STATUS(NCryptOpenKey(ksp, &k2, u"../etc/passwd", 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptOpenKey(ksp, &k2, u"a/b", 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptOpenKey(ksp, &k2, u"", 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptOpenKey(ksp, &k2, NULL, 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(NCryptOpenKey(ksp, &k2, u"web-server", 0, 0x4000), NTE_BAD_FLAGS);
    T_STATUS(NCryptOpenKey(prov, &k2, u"web-server", 0, 0), NTE_INVALID_HANDLE);
    T_ASSERT(k2 == 0);
    /* Signs like the file's key. */
    uint8_t hash[32], sig[128];
    DWORD sl = 0;
    t_rand(hash, 32);
    T_OK(SslSignHash(prov, k, hash, 32, sig, sizeof(sig), &sl, 0));
    T_ASSERT(sl == 64);

    uint8_t *der = NULL;
    size_t dl = kt_self_signed(key, &der);
    PCCERT_CONTEXT cc = NULL;
    T_OK(SslProvCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)dl, &cc));
    T_OK(SslOpenPrivateKey(prov, &k2, cc, 0));
    T_OK(SslProvFreeCertificateContext(cc));
    SslFreeObject(k2, 0);
    OPENSSL_free(der);
    unsetenv(SSLPROV_KEY_PATH_ENV);
    T_STATUS(NCryptOpenKey(ksp, &k2, u"web-server", 0, 0), NTE_BAD_KEYSET);
    NCryptFreeObject(k);
    NCryptFreeObject(ksp);
    SslFreeObject(prov, 0);
    EVP_PKEY_free(key);
    kt_rmdir(dir);
}

int main(void) {
    t_rand_init();
    test_provider();
    test_rsa();
    test_ecc();
    test_open_key();
    return t_done();
}
