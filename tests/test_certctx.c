/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_certctx.c - certificates and strings as Windows code sees them (issue
 * #11, items 4 and 6): SslProvCreateCertificateContext fills CERT_INFO as
 * CryptoAPI does (each field checked against an independent OpenSSL reading of
 * a certificate with known values), SslOpenPrivateKey takes the context, freeing
 * is safe against foreign pointers; SslProvUtf16ToUtf8 / SslProvUtf16Length.
 */
#include "kex_testutil.h"

#include <openssl/x509v3.h>

/* A certificate with known fields: serial 0x00ff0102, notBefore
 * 2025-01-02 03:04:05Z, notAfter 2049-12-31 23:59:59Z (UTCTime), a critical
 * basicConstraints and a keyUsage extension. */
static size_t make_cert(EVP_PKEY *key, uint8_t **der) {
    X509 *x = X509_new();
    X509_set_version(x, 2);
    BIGNUM *sn = NULL;
    BN_hex2bn(&sn, "FF0102");
    BN_to_ASN1_INTEGER(sn, X509_get_serialNumber(x));
    BN_free(sn);
    ASN1_TIME_set_string(X509_getm_notBefore(x), "250102030405Z");
    ASN1_TIME_set_string(X509_getm_notAfter(x), "491231235959Z");
    X509_set_pubkey(x, key);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"subject.example", -1, -1, 0);
    X509_NAME *i = X509_NAME_new();
    X509_NAME_add_entry_by_txt(i, "CN", MBSTRING_ASC, (const unsigned char *)"Issuer CA", -1, -1, 0);
    X509_set_issuer_name(x, i);
    X509_NAME_free(i);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    X509_add_ext(x, e, -1);
    X509_EXTENSION_free(e);
    e = X509V3_EXT_conf_nid(NULL, &ctx, NID_key_usage, "digitalSignature");
    X509_add_ext(x, e, -1);
    X509_EXTENSION_free(e);
    T_ASSERT(X509_sign(x, key, EVP_sha256()) > 0);
    *der = NULL;
    int len = i2d_X509(x, der);
    X509_free(x);
    return len > 0 ? (size_t)len : 0;
}

static uint64_t ft(const FILETIME *f) { return ((uint64_t)f->dwHighDateTime << 32) | f->dwLowDateTime; }

static void test_fields(void) {
    EVP_PKEY *key = EVP_RSA_gen(2048);
    uint8_t *der = NULL;
    size_t len = make_cert(key, &der);
    PCCERT_CONTEXT c = NULL;
    T_OK(SslProvCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)len, &c));
    T_ASSERT(c != NULL && c->pCertInfo != NULL);
    if (c == NULL || c->pCertInfo == NULL) return;
    T_ASSERT(c->dwCertEncodingType == X509_ASN_ENCODING);
    T_ASSERT(c->cbCertEncoded == len && c->pbCertEncoded != der);
    T_BYTES(c->pbCertEncoded, der, len);
    T_ASSERT(c->hCertStore == NULL);
    const CERT_INFO *ci = c->pCertInfo;
    T_ASSERT(ci->dwVersion == CERT_V3);
    /* Serial 0x00FF0102 (the sign byte kept), little-endian as CryptoAPI keeps it. */
    static const uint8_t serial_le[] = {0x02, 0x01, 0xff, 0x00};
    T_ASSERT(ci->SerialNumber.cbData == 4);
    T_BYTES(ci->SerialNumber.pbData, serial_le, 4);
    T_ASSERT(strcmp(ci->SignatureAlgorithm.pszObjId, "1.2.840.113549.1.1.11") == 0);
    static const uint8_t null_der[] = {0x05, 0x00};
    T_ASSERT(ci->SignatureAlgorithm.Parameters.cbData == 2);
    T_BYTES(ci->SignatureAlgorithm.Parameters.pbData, null_der, 2);
    /* Names: the DER Name, pointing into the encoded certificate. */
    X509 *x = NULL;
    const unsigned char *p = der;
    x = d2i_X509(NULL, &p, (long)len);
    unsigned char *nd = NULL;
    int nl = i2d_X509_NAME(X509_get_issuer_name(x), &nd);
    T_ASSERT(ci->Issuer.cbData == (DWORD)nl);
    T_BYTES(ci->Issuer.pbData, nd, (size_t)nl);
    T_ASSERT(ci->Issuer.pbData >= c->pbCertEncoded && ci->Issuer.pbData < c->pbCertEncoded + len);
    OPENSSL_free(nd), nd = NULL;
    nl = i2d_X509_NAME(X509_get_subject_name(x), &nd);
    T_ASSERT(ci->Subject.cbData == (DWORD)nl);
    T_BYTES(ci->Subject.pbData, nd, (size_t)nl);
    OPENSSL_free(nd), nd = NULL;
    /* FILETIME = (Unix time + 11644473600) * 10^7: 2025-01-02T03:04:05Z is
     * Unix 1735787045; 2049-12-31T23:59:59Z is 2524607999. */
    T_ASSERT(ft(&ci->NotBefore) == (1735787045ULL + 11644473600ULL) * 10000000ULL);
    T_ASSERT(ft(&ci->NotAfter) == (2524607999ULL + 11644473600ULL) * 10000000ULL);
    /* SubjectPublicKeyInfo: rsaEncryption, NULL parameters, the RSAPublicKey DER. */
    const CERT_PUBLIC_KEY_INFO *spki = &ci->SubjectPublicKeyInfo;
    T_ASSERT(strcmp(spki->Algorithm.pszObjId, "1.2.840.113549.1.1.1") == 0);
    T_ASSERT(spki->Algorithm.Parameters.cbData == 2);
    T_BYTES(spki->Algorithm.Parameters.pbData, null_der, 2);
    unsigned char *kd = NULL;
    int kl = i2d_PublicKey(key, &kd);
    T_ASSERT(spki->PublicKey.cbData == (DWORD)kl && spki->PublicKey.cUnusedBits == 0);
    T_BYTES(spki->PublicKey.pbData, kd, (size_t)kl);
    OPENSSL_free(kd);
    T_ASSERT(ci->IssuerUniqueId.cbData == 0 && ci->SubjectUniqueId.cbData == 0);
    /* Extensions, in order. */
    T_ASSERT(ci->cExtension == 2 && ci->rgExtension != NULL);
    if (ci->cExtension == 2) {
        T_ASSERT(strcmp(ci->rgExtension[0].pszObjId, "2.5.29.19") == 0 && ci->rgExtension[0].fCritical);
        static const uint8_t bc[] = {0x30, 0x00}; /* BasicConstraints, cA FALSE (default, omitted) */
        T_ASSERT(ci->rgExtension[0].Value.cbData == 2);
        T_BYTES(ci->rgExtension[0].Value.pbData, bc, 2);
        T_ASSERT(strcmp(ci->rgExtension[1].pszObjId, "2.5.29.15") == 0 && !ci->rgExtension[1].fCritical);
        static const uint8_t ku[] = {0x03, 0x02, 0x07, 0x80}; /* digitalSignature */
        T_ASSERT(ci->rgExtension[1].Value.cbData == 4);
        T_BYTES(ci->rgExtension[1].Value.pbData, ku, 4);
    }
    /* The SPKI a Windows program reads re-encodes to the certificate's own key. */
    X509_free(x);

    /* SslOpenPrivateKey takes the context. */
    char dir[64], path[128];
    kt_mkdtemp(dir, sizeof(dir));
    snprintf(path, sizeof(path), "%s/k.pem", dir);
    kt_write_key(key, path);
    NCRYPT_PROV_HANDLE prov = t_open_provider(false);
    NCRYPT_KEY_HANDLE h = 0;
    T_OK(SslProvAddPrivateKeyLocation(prov, c, dir, 0));
    T_OK(SslOpenPrivateKey(prov, &h, c, 0));
    SslFreeObject(h, 0);
    SslFreeObject(prov, 0);
    kt_rmdir(dir);

    T_OK(SslProvFreeCertificateContext(c));
    /* Freed already, or never ours: refused and not touched. */
    T_STATUS(SslProvFreeCertificateContext(c), NTE_INVALID_PARAMETER);
    CERT_CONTEXT mine = {X509_ASN_ENCODING, der, (DWORD)len, NULL, NULL};
    T_STATUS(SslProvFreeCertificateContext(&mine), NTE_INVALID_PARAMETER);
    T_OK(SslProvFreeCertificateContext(NULL));

    /* Argument checks. */
    PCCERT_CONTEXT c2 = (PCCERT_CONTEXT)1;
    T_STATUS(SslProvCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)len, NULL), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvCreateCertificateContext(X509_ASN_ENCODING, NULL, (DWORD)len, &c2), NTE_INVALID_PARAMETER);
    T_ASSERT(c2 == NULL);
    T_STATUS(SslProvCreateCertificateContext(X509_ASN_ENCODING, der, 0, &c2), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvCreateCertificateContext(0, der, (DWORD)len, &c2), NTE_BAD_TYPE);
    T_STATUS(SslProvCreateCertificateContext(PKCS_7_ASN_ENCODING, der, (DWORD)len, &c2), NTE_BAD_TYPE);
    T_STATUS(SslProvCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)len - 1, &c2), NTE_BAD_DATA);
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, der, len);
    longer[len] = 0;
    T_STATUS(SslProvCreateCertificateContext(X509_ASN_ENCODING, longer, (DWORD)len + 1, &c2), NTE_BAD_DATA);
    T_ASSERT(c2 == NULL);
    free(longer);
    /* Both encoding bits, as Windows callers usually pass them. */
    T_OK(SslProvCreateCertificateContext(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, der, (DWORD)len, &c2));
    T_OK(SslProvFreeCertificateContext(c2));
    OPENSSL_free(der);
    EVP_PKEY_free(key);
}

/* An EC certificate: the SPKI parameters are the curve OID, the key the point. */
static void test_ec(void) {
    EVP_PKEY *key = EVP_EC_gen("P-256");
    uint8_t *der = NULL;
    size_t len = kt_self_signed(key, &der);
    PCCERT_CONTEXT c = NULL;
    T_OK(SslProvCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)len, &c));
    if (c == NULL) return;
    const CERT_PUBLIC_KEY_INFO *spki = &c->pCertInfo->SubjectPublicKeyInfo;
    T_ASSERT(strcmp(spki->Algorithm.pszObjId, "1.2.840.10045.2.1") == 0);
    static const uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    T_ASSERT(spki->Algorithm.Parameters.cbData == sizeof(p256));
    T_BYTES(spki->Algorithm.Parameters.pbData, p256, sizeof(p256));
    uint8_t pt[65];
    size_t n = 0;
    T_ASSERT(EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt), &n) == 1 && n == 65);
    T_ASSERT(spki->PublicKey.cbData == 65);
    T_BYTES(spki->PublicKey.pbData, pt, 65);
    T_ASSERT(strcmp(c->pCertInfo->SignatureAlgorithm.pszObjId, "1.2.840.10045.4.3.2") == 0);
    T_ASSERT(c->pCertInfo->SignatureAlgorithm.Parameters.cbData == 0);
    T_OK(SslProvFreeCertificateContext(c));
    OPENSSL_free(der);
    EVP_PKEY_free(key);
}

static void test_utf16(void) {
    char out[64];
    DWORD n = 0;
    /* U+00E9, U+20AC, U+1F600 (a surrogate pair). */
    static const WCHAR s[] = {'T', 'L', 'S', 0x00e9, 0x20ac, 0xd83d, 0xde00, 0};
    static const char want[] = "TLS\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    T_ASSERT(SslProvUtf16Length(s) == 7);
    T_ASSERT(SslProvUtf16Length(u"") == 0);
    T_OK(SslProvUtf16ToUtf8(s, 0, NULL, 0, &n));
    T_ASSERT(n == sizeof(want));
    T_STATUS(SslProvUtf16ToUtf8(s, 0, out, n - 1, &n), NTE_BUFFER_TOO_SMALL);
    T_OK(SslProvUtf16ToUtf8(s, 0, out, sizeof(out), &n));
    T_ASSERT(n == sizeof(want) && strcmp(out, want) == 0);
    /* cchMax stops early. */
    T_OK(SslProvUtf16ToUtf8(s, 3, out, sizeof(out), &n));
    T_ASSERT(n == 4 && strcmp(out, "TLS") == 0);
    /* Unpaired surrogates become U+FFFD. */
    static const WCHAR lone[] = {0xd800, 'x', 0xdc00, 0};
    T_OK(SslProvUtf16ToUtf8(lone, 0, out, sizeof(out), &n));
    T_ASSERT(strcmp(out, "\xef\xbf\xbdx\xef\xbf\xbd") == 0);
    /* A header constant. */
    T_OK(SslProvUtf16ToUtf8(MS_SCHANNEL_PROVIDER, 0, out, sizeof(out), &n));
    T_ASSERT(strcmp(out, "Microsoft SSL Protocol Provider") == 0);
    T_STATUS(SslProvUtf16ToUtf8(NULL, 0, out, sizeof(out), &n), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvUtf16ToUtf8(s, 0, out, sizeof(out), NULL), NTE_INVALID_PARAMETER);
}

int main(void) {
    test_fields();
    test_ec();
    test_utf16();
    return t_done();
}
