/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_kex_blob.c - key blobs: round trips through every public blob type and
 * the sealed opaque blob, malformed blobs (short, oversize, wrong magic, wrong
 * cbKey, blob fed to the wrong type), and peer validation (off-curve points,
 * DH values outside 2..p-2, small-order X25519/X448 values).
 */
#include "kex_testutil.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#define SUITE_ECDHE 0xC02F
#define SUITE_DHE   0x009E

static NCRYPT_PROV_HANDLE g_p;

static NCRYPT_KEY_HANDLE eph(DWORD group) {
    NCRYPT_KEY_HANDLE h = 0;
    DWORD suite = group >= 256 ? SUITE_DHE : SUITE_ECDHE;
    T_OK(SslCreateEphemeralKey(g_p, &h, TLS1_2_PROTOCOL_VERSION, suite, group, 0, NULL, 0, 0));
    return h;
}

static SECURITY_STATUS import(LPCWSTR type, const uint8_t *b, size_t len) {
    NCRYPT_KEY_HANDLE h = 0;
    SECURITY_STATUS st = SslImportKey(g_p, &h, type, (PBYTE)b, (DWORD)len, 0);
    if (st == 0) SslFreeObject(h, 0);
    return st;
}

/* Export type A, import it, export again: the same bytes. */
static void round_trip(NCRYPT_KEY_HANDLE h, LPCWSTR type) {
    DWORD l1 = 0, l2 = 0;
    NCRYPT_KEY_HANDLE k = 0;
    uint8_t *b1 = kt_export(g_p, h, type, &l1);
    T_OK(SslImportKey(g_p, &k, type, b1, l1, 0));
    uint8_t *b2 = kt_export(g_p, k, type, &l2);
    T_ASSERT(l1 == l2 && memcmp(b1, b2, l1) == 0);
    /* size query and a short buffer */
    DWORD n = 0;
    T_OK(SslExportKey(g_p, h, type, NULL, 0, &n, 0));
    T_ASSERT(n == l1);
    T_STATUS(SslExportKey(g_p, h, type, b2, l1 - 1, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_ASSERT(n == l1);
    free(b1), free(b2);
    SslFreeObject(k, 0);
}

static void test_round_trips(void) {
    static const DWORD ec[] = {23, 24, 25, 29, 30};
    for (size_t i = 0; i < 5; i++) {
        NCRYPT_KEY_HANDLE h = eph(ec[i]);
        round_trip(h, BCRYPT_ECCPUBLIC_BLOB);
        round_trip(h, SSL_ECCPUBLIC_BLOB);
        round_trip(h, SSLPROV_X509_PUBLIC_BLOB);
        /* The two public encodings describe the same key. */
        DWORD la = 0, lb = 0;
        uint8_t *a = kt_export(g_p, h, BCRYPT_ECCPUBLIC_BLOB, &la), *b = kt_export(g_p, h, SSL_ECCPUBLIC_BLOB, &lb);
        DWORD cb = ((DWORD *)a)[1];
        if (ec[i] <= 25) {
            T_ASSERT(lb == 8 + 1 + 2 * cb && b[8] == 4);
            T_BYTES(a + 8, b + 9, 2 * cb);
            DWORD magic = ((DWORD *)a)[0];
            T_ASSERT(magic == (ec[i] == 23   ? BCRYPT_ECDH_PUBLIC_P256_MAGIC
                               : ec[i] == 24 ? BCRYPT_ECDH_PUBLIC_P384_MAGIC
                                             : BCRYPT_ECDH_PUBLIC_P521_MAGIC));
        } else {
            T_ASSERT(lb == 8 + cb && ((DWORD *)a)[0] == BCRYPT_ECDH_PUBLIC_GENERIC_MAGIC);
            T_BYTES(a + 8, b + 8, cb);
        }
        T_ASSERT(((DWORD *)b)[0] == ec[i]);
        /* Not a DH or RSA key. */
        DWORD n = 0;
        T_STATUS(SslExportKey(g_p, h, BCRYPT_DH_PUBLIC_BLOB, NULL, 0, &n, 0), NTE_NOT_SUPPORTED);
        T_STATUS(SslExportKey(g_p, h, BCRYPT_RSAPUBLIC_BLOB, NULL, 0, &n, 0), NTE_NOT_SUPPORTED);
        /* The private key only with the opt-in (this provider has none). */
        T_STATUS(SslExportKey(g_p, h, SSLPROV_ECCPRIVATE_BLOB, NULL, 0, &n, 0), NTE_PERM);
        T_STATUS(SslExportKey(g_p, h, u"NoSuchBlob", NULL, 0, &n, 0), NTE_NOT_SUPPORTED);
        T_STATUS(SslExportKey(g_p, h, BCRYPT_ECCPUBLIC_BLOB, NULL, 0, &n, 1), NTE_BAD_FLAGS);
        free(a), free(b);
        SslFreeObject(h, 0);
    }
    NCRYPT_KEY_HANDLE d = eph(256);
    round_trip(d, BCRYPT_DH_PUBLIC_BLOB);
    round_trip(d, SSL_ECCPUBLIC_BLOB); /* the key_share form of an RFC 7919 group */
    SslFreeObject(d, 0);
}

/* Opaque blobs: an ephemeral key survives sealing (same public key, same
 * shared secret); a tampered blob is refused. */
static void test_opaque(void) {
    /* The ephemeral key is made on a provider that opted in to secret export,
     * so that the master keys derived from it (and from its opaque copy) are
     * exportable and can be compared through SSLPROV_MASTER_SECRET_BLOB. */
    NCRYPT_PROV_HANDLE px = t_open_provider(true);
    NCRYPT_KEY_HANDLE a = 0, b = eph(29), a2 = 0, bp = 0, m1 = 0, m2 = 0;
    T_OK(SslCreateEphemeralKey(px, &a, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 29, 0, NULL, 0, 0));
    DWORD la = 0, lo = 0, l2 = 0, lb = 0, n = 0;
    uint8_t *pa = kt_export(g_p, a, SSL_ECCPUBLIC_BLOB, &la);
    uint8_t *op = kt_export(g_p, a, BCRYPT_OPAQUE_KEY_BLOB, &lo);
    T_OK(SslImportKey(g_p, &a2, BCRYPT_OPAQUE_KEY_BLOB, op, lo, 0));
    uint8_t *pa2 = kt_export(g_p, a2, SSL_ECCPUBLIC_BLOB, &l2);
    T_ASSERT(la == l2 && memcmp(pa, pa2, la) == 0);
    uint8_t *pb = kt_export(g_p, b, SSL_ECCPUBLIC_BLOB, &lb);
    T_OK(SslImportKey(g_p, &bp, SSL_ECCPUBLIC_BLOB, pb, lb, 0));
    uint8_t cr[32] = {1}, sr[32] = {2}, s1[48], s2[48];
    struct kt_params kp;
    NCryptBufferDesc *pl = kt_params(&kp, cr, sr, NULL, 0, 0);
    T_OK(SslGenerateMasterKey(px, a, bp, &m1, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_OK(SslGenerateMasterKey(px, a2, bp, &m2, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_ASSERT(kt_master_of(px, m1, s1) && kt_master_of(px, m2, s2));
    T_BYTES(s1, s2, 48);
    /* the sealed blob does not contain the public key in the clear */
    T_ASSERT(memmem(op, lo, pa + 8, 32) == NULL);
    op[lo / 2] ^= 1;
    T_STATUS(import(BCRYPT_OPAQUE_KEY_BLOB, op, lo), NTE_BAD_DATA);
    /* a peer public key and a DH key round-trip too */
    NCRYPT_KEY_HANDLE d = eph(256), d2 = 0, bp2 = 0;
    uint8_t *od = kt_export(g_p, d, BCRYPT_OPAQUE_KEY_BLOB, &lo);
    T_OK(SslImportKey(g_p, &d2, BCRYPT_OPAQUE_KEY_BLOB, od, lo, 0));
    round_trip(d2, BCRYPT_DH_PUBLIC_BLOB);
    free(od);
    od = kt_export(g_p, bp, BCRYPT_OPAQUE_KEY_BLOB, &lo);
    T_OK(SslImportKey(g_p, &bp2, BCRYPT_OPAQUE_KEY_BLOB, od, lo, 0));
    uint8_t *pb2 = kt_export(g_p, bp2, SSL_ECCPUBLIC_BLOB, &l2);
    T_ASSERT(l2 == lb && memcmp(pb, pb2, lb) == 0);
    free(pa), free(pa2), free(pb), free(pb2), free(op), free(od);
    NCRYPT_KEY_HANDLE all[] = {a, b, a2, bp, m1, m2, d, d2, bp2, px};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

static void test_malformed(void) {
    NCRYPT_KEY_HANDLE h = eph(23), d = eph(256);
    DWORD le = 0, ls = 0, ld = 0;
    uint8_t *e = kt_export(g_p, h, BCRYPT_ECCPUBLIC_BLOB, &le);
    uint8_t *s = kt_export(g_p, h, SSL_ECCPUBLIC_BLOB, &ls);
    uint8_t *dh = kt_export(g_p, d, BCRYPT_DH_PUBLIC_BLOB, &ld);
    uint8_t buf[2048];
    T_OK(import(BCRYPT_ECCPUBLIC_BLOB, e, le));
    /* short and oversize */
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, e, 4), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, e, le - 1), NTE_BAD_DATA);
    memcpy(buf, e, le), buf[le] = 0;
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le + 1), NTE_BAD_DATA);
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, s, ls - 1), NTE_BAD_DATA);
    memcpy(buf, s, ls), buf[ls] = 0;
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, buf, ls + 1), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, dh, ld - 1), NTE_BAD_DATA);
    /* wrong magic, wrong cbKey */
    memcpy(buf, e, le);
    ((DWORD *)buf)[0] = BCRYPT_ECDH_PUBLIC_P384_MAGIC;
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    ((DWORD *)buf)[0] = 0x41414141;
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    memcpy(buf, e, le);
    ((DWORD *)buf)[1] = 31;
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    memcpy(buf, s, ls);
    ((DWORD *)buf)[1] = 64;
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, buf, ls), NTE_BAD_DATA);
    ((DWORD *)buf)[1] = (DWORD)(ls - 8);
    ((DWORD *)buf)[0] = 24; /* a P-256 point labelled P-384 */
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, buf, ls), NTE_BAD_DATA);
    ((DWORD *)buf)[0] = 77;
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, buf, ls), NTE_NOT_SUPPORTED);
    memcpy(buf, s, ls), buf[8] = 0x02; /* compressed form is not a TLS 1.2/1.3 key_share */
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, buf, ls), NTE_BAD_DATA);
    memcpy(buf, dh, ld);
    ((DWORD *)buf)[0] = BCRYPT_DH_PRIVATE_MAGIC;
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld), NTE_BAD_DATA);
    /* each blob fed to the wrong type */
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, e, le), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_RSAPUBLIC_BLOB, e, le), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, dh, ld), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_RSAPUBLIC_BLOB, dh, ld), NTE_BAD_DATA);
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, dh, ld), NTE_NOT_SUPPORTED); /* 'DHPB' is no group id */
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, s, ls), NTE_BAD_DATA);
    T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, e, le), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_OPAQUE_KEY_BLOB, e, le), NTE_BAD_DATA);
    T_STATUS(import(u"NoSuchBlob", e, le), NTE_NOT_SUPPORTED);
    NCRYPT_KEY_HANDLE k = 0;
    T_STATUS(SslImportKey(g_p, &k, BCRYPT_ECCPUBLIC_BLOB, e, le, 1), NTE_BAD_FLAGS);
    T_STATUS(SslImportKey(g_p, NULL, BCRYPT_ECCPUBLIC_BLOB, e, le, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(g_p, &k, BCRYPT_ECCPUBLIC_BLOB, NULL, le, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslImportKey(0, &k, BCRYPT_ECCPUBLIC_BLOB, e, le, 0), NTE_INVALID_HANDLE);
    /* private blob: wrong length, zero and out-of-range scalar */
    uint8_t pv[8 + 32];
    SSL_ECCKEY_BLOB ph = {23, 32};
    memcpy(pv, &ph, 8);
    memset(pv + 8, 0, 32);
    T_STATUS(import(SSLPROV_ECCPRIVATE_BLOB, pv, sizeof(pv)), NTE_BAD_DATA);
    memset(pv + 8, 0xFF, 32);
    T_STATUS(import(SSLPROV_ECCPRIVATE_BLOB, pv, sizeof(pv)), NTE_BAD_DATA);
    T_STATUS(import(SSLPROV_ECCPRIVATE_BLOB, pv, sizeof(pv) - 1), NTE_BAD_DATA);
    ((DWORD *)pv)[0] = 256;
    T_STATUS(import(SSLPROV_ECCPRIVATE_BLOB, pv, sizeof(pv)), NTE_NOT_SUPPORTED);
    free(e), free(s), free(dh);
    SslFreeObject(h, 0), SslFreeObject(d, 0);
}

static void test_rsa_blob(void) {
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    uint8_t *der = NULL, buf[600];
    size_t dl = kt_self_signed(k, &der);
    NCRYPT_KEY_HANDLE h = 0;
    T_OK(SslImportKey(g_p, &h, SSLPROV_X509_PUBLIC_BLOB, der, (DWORD)dl, 0));
    DWORD len = 0;
    uint8_t *b = kt_export(g_p, h, BCRYPT_RSAPUBLIC_BLOB, &len);
    /* {RSA1, 1024, 3, 128, 0, 0} 01 00 01 n */
    const BCRYPT_RSAKEY_BLOB *rh = (const BCRYPT_RSAKEY_BLOB *)b;
    T_ASSERT(len == 24 + 3 + 128 && rh->Magic == BCRYPT_RSAPUBLIC_MAGIC && rh->BitLength == 1024 &&
             rh->cbPublicExp == 3 && rh->cbModulus == 128 && rh->cbPrime1 == 0 && rh->cbPrime2 == 0);
    uint8_t n[128];
    kt_bn(k, OSSL_PKEY_PARAM_RSA_N, n, 128);
    T_BYTES(b + 27, n, 128);
    T_ASSERT(b[24] == 1 && b[25] == 0 && b[26] == 1);
    round_trip(h, BCRYPT_RSAPUBLIC_BLOB);
    round_trip(h, SSLPROV_X509_PUBLIC_BLOB);
    memcpy(buf, b, len);
    ((BCRYPT_RSAKEY_BLOB *)buf)->BitLength = 1023;
    T_STATUS(import(BCRYPT_RSAPUBLIC_BLOB, buf, len), NTE_BAD_DATA);
    memcpy(buf, b, len);
    ((BCRYPT_RSAKEY_BLOB *)buf)->Magic = BCRYPT_RSAPRIVATE_MAGIC;
    T_STATUS(import(BCRYPT_RSAPUBLIC_BLOB, buf, len), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_RSAPUBLIC_BLOB, b, len - 1), NTE_BAD_DATA);
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, b, len), NTE_BAD_DATA);
    T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, dl - 1), NTE_BAD_DATA);
    DWORD q = 0;
    T_STATUS(SslExportKey(g_p, h, BCRYPT_ECCPUBLIC_BLOB, NULL, 0, &q, 0), NTE_NOT_SUPPORTED);
    free(b);
    OPENSSL_free(der);
    EVP_PKEY_free(k);
    SslFreeObject(h, 0);
}

/* Peer validation: every refused value is NTE_BAD_DATA. */
static void test_peer_validation(void) {
    NCRYPT_KEY_HANDLE h = eph(23);
    DWORD le = 0, n = 0;
    uint8_t *e = kt_export(g_p, h, BCRYPT_ECCPUBLIC_BLOB, &le);
    uint8_t buf[8 + 3 * 512];
    /* off the curve: Y + 1 */
    memcpy(buf, e, le);
    buf[le - 1] ^= 1;
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    /* the identity has no encoding; (0, 0) is not on the curve */
    memset(buf + 8, 0, 64);
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    /* coordinate not below p */
    memset(buf + 8, 0xFF, 64);
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    /* A point on the curve with X given as X + p (not reduced): refused by the
     * import's range check, not only by the on-curve test.  The reduced form
     * of the same point is accepted, so the check is the range. */
    BN_CTX *bc = BN_CTX_new();
    EC_GROUP *grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT *pt = EC_POINT_new(grp);
    BIGNUM *xv = BN_new(), *yv = BN_new(), *xp = BN_new();
    T_ASSERT(bc && grp && pt && xv && yv && xp);
    for (BN_ULONG v = 1; v < 100; v++) { /* the smallest X of a point on P-256 */
        T_ASSERT(BN_set_word(xv, v) == 1);
        if (EC_POINT_set_compressed_coordinates(grp, pt, xv, 0, bc) == 1) break;
    }
    ERR_clear_error();
    T_ASSERT(EC_POINT_get_affine_coordinates(grp, pt, xv, yv, bc) == 1);
    T_ASSERT(BN_add(xp, xv, EC_GROUP_get0_field(grp)) == 1 && BN_num_bytes(xp) <= 32);
    T_ASSERT(BN_bn2binpad(xv, buf + 8, 32) == 32 && BN_bn2binpad(yv, buf + 40, 32) == 32);
    T_OK(import(BCRYPT_ECCPUBLIC_BLOB, buf, le));
    T_ASSERT(BN_bn2binpad(xp, buf + 8, 32) == 32);
    T_STATUS(import(BCRYPT_ECCPUBLIC_BLOB, buf, le), NTE_BAD_DATA);
    BN_free(xv), BN_free(yv), BN_free(xp), EC_POINT_free(pt), EC_GROUP_free(grp), BN_CTX_free(bc);
    uint8_t ident[8 + 1] = {23, 0, 0, 0, 1, 0, 0, 0, 0};
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, ident, sizeof(ident)), NTE_BAD_DATA);

    /* DH: y = 0, 1, p-1, p; and the good value */
    NCRYPT_KEY_HANDLE d = eph(256);
    DWORD ld = 0;
    uint8_t *dh = kt_export(g_p, d, BCRYPT_DH_PUBLIC_BLOB, &ld);
    uint8_t *y = buf + 8 + 512;
    memcpy(buf, dh, ld);
    memset(y, 0, 256);
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld), NTE_BAD_DATA);
    y[255] = 1;
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld), NTE_BAD_DATA);
    y[255] = 2;
    T_OK(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld));
    memcpy(y, buf + 8, 256); /* y = p */
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld), NTE_BAD_DATA);
    y[255] -= 1; /* p - 1 */
    T_STATUS(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld), NTE_BAD_DATA);
    y[255] -= 1; /* p - 2 is the largest allowed */
    T_OK(import(BCRYPT_DH_PUBLIC_BLOB, buf, ld));
    /* key_share form: the same range check */
    uint8_t ks[8 + 256] = {0};
    SSL_ECCKEY_BLOB kh = {256, 256};
    memcpy(ks, &kh, 8);
    ks[8 + 255] = 1;
    T_STATUS(import(SSL_ECCPUBLIC_BLOB, ks, sizeof(ks)), NTE_BAD_DATA);
    /* a DH public key of another group cannot meet this key */
    NCRYPT_KEY_HANDLE d3 = eph(257), pk = 0, m = 0;
    DWORD l3 = 0;
    uint8_t *b3 = kt_export(g_p, d3, BCRYPT_DH_PUBLIC_BLOB, &l3);
    T_OK(SslImportKey(g_p, &pk, BCRYPT_DH_PUBLIC_BLOB, b3, l3, 0));
    uint8_t cr[32] = {0}, sr[32] = {0};
    struct kt_params kp;
    NCryptBufferDesc *pl = kt_params(&kp, cr, sr, NULL, 0, 0);
    T_STATUS(SslGenerateMasterKey(g_p, d, pk, &m, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, pl, NULL, 0, &n,
                                  NCRYPT_SSL_SERVER_FLAG),
             NTE_INVALID_PARAMETER);
    SslFreeObject(pk, 0);

    /* X25519 / X448 small-order values give an all-zero secret: refused. */
    static const DWORD xg[] = {29, 30};
    for (size_t i = 0; i < 2; i++) {
        NCRYPT_KEY_HANDLE x = eph(xg[i]);
        size_t cb = xg[i] == 29 ? 32 : 56;
        uint8_t xb[8 + 56] = {0};
        SSL_ECCKEY_BLOB xh = {xg[i], (ULONG)cb};
        memcpy(xb, &xh, 8);
        for (int u = 0; u < 2; u++) { /* u = 0 and u = 1 */
            xb[8] = (uint8_t)u;
            T_OK(SslImportKey(g_p, &pk, SSL_ECCPUBLIC_BLOB, xb, (DWORD)(8 + cb), 0));
            T_STATUS(SslGenerateMasterKey(g_p, x, pk, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                                          NCRYPT_SSL_CLIENT_FLAG),
                     NTE_BAD_DATA);
            T_ASSERT(m == 0);
            SslFreeObject(pk, 0);
        }
        SslFreeObject(x, 0);
    }
    free(e), free(dh), free(b3);
    SslFreeObject(h, 0), SslFreeObject(d, 0), SslFreeObject(d3, 0);
}

/* SubjectPublicKeyInfo with explicit curve parameters (issue #12 item 14):
 * named curves only.  Explicit parameters - complete, with a wrong cofactor,
 * as a certificate's key - are NTE_BAD_DATA (never NTE_INTERNAL_ERROR, never
 * accepted); a named curve nobody knows is NTE_NOT_SUPPORTED. */
static size_t explicit_spki(const char *group, uint8_t **der) {
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)group, 0),
                      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING, (char *)"explicit", 0),
                      OSSL_PARAM_construct_end()};
    T_ASSERT(c != NULL && EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_CTX_set_params(c, p) == 1);
    T_ASSERT(EVP_PKEY_generate(c, &k) == 1);
    *der = NULL;
    int n = i2d_PUBKEY(k, der);
    T_ASSERT(n > 0);
    EVP_PKEY_free(k);
    EVP_PKEY_CTX_free(c);
    return n > 0 ? (size_t)n : 0;
}

static void test_explicit_params(void) {
    const char *groups[] = {"P-256", "P-384"};
    for (size_t g = 0; g < SP_ARRAY_LEN(groups); g++) {
        uint8_t *der = NULL;
        size_t n = explicit_spki(groups[g], &der);
        T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, n), NTE_BAD_DATA);
        /* cofactor INTEGER 1 is the last field of ECParameters, just before
         * the BIT STRING of the point: 2 and 0 in its place */
        uint8_t *bits = memmem(der, n, "\x03\x42\x00\x04", 4);
        if (g == 1) bits = memmem(der, n, "\x03\x62\x00\x04", 4);
        T_ASSERT(bits != NULL && bits - der > 3 && memcmp(bits - 3, "\x02\x01\x01", 3) == 0);
        if (bits != NULL) {
            bits[-1] = 2;
            T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, n), NTE_BAD_DATA);
            bits[-1] = 0;
            T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, n), NTE_BAD_DATA);
        }
        OPENSSL_free(der);
    }
    /* the same key with its named curve is fine */
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    uint8_t *der = NULL;
    int n = i2d_PUBKEY(k, &der);
    T_ASSERT(n == 91);
    T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, (size_t)n), 0);
    /* a named curve OID that no one knows (1.3.6.1.4.1.99999), one OpenSSL
     * knows but TLS does not use here (secp256k1 1.3.132.0.10, 5 bytes) */
    static const uint8_t p256_oid[10] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    static const uint8_t odd_oid[10] = {0x06, 0x08, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f};
    uint8_t *o = memmem(der, (size_t)n, p256_oid, sizeof(p256_oid));
    T_ASSERT(o != NULL);
    if (o != NULL) {
        memcpy(o, odd_oid, sizeof(odd_oid));
        T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, (size_t)n), NTE_NOT_SUPPORTED);
    }
    OPENSSL_free(der);
    EVP_PKEY_free(k);
    k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "secp256k1");
    der = NULL;
    n = i2d_PUBKEY(k, &der);
    T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, der, (size_t)n), NTE_NOT_SUPPORTED);
    OPENSSL_free(der);
    EVP_PKEY_free(k);
    /* a certificate whose key has explicit parameters */
    EVP_PKEY *ek = NULL;
    {
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
        OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"P-256", 0),
                          OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING, (char *)"explicit", 0),
                          OSSL_PARAM_construct_end()};
        T_ASSERT(EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_CTX_set_params(c, p) == 1 && EVP_PKEY_generate(c, &ek) == 1);
        EVP_PKEY_CTX_free(c);
    }
    uint8_t *cert = NULL;
    size_t cl = kt_self_signed(ek, &cert);
    T_STATUS(import(SSLPROV_X509_PUBLIC_BLOB, cert, cl), NTE_BAD_DATA);
    OPENSSL_free(cert);
    EVP_PKEY_free(ek);
}

int main(void) {
    t_rand_init();
    g_p = t_open_provider(false);
    test_round_trips();
    test_opaque();
    test_malformed();
    test_rsa_blob();
    test_peer_validation();
    test_explicit_params();
    SslFreeObject(g_p, 0);
    return t_done();
}
