/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * kex_blob.c - SslImportKey / SslExportKey for the asymmetric keys this module
 * owns (sp_kex_key_ops): BCRYPT_ECCPUBLIC_BLOB, SSL_ECCPUBLIC_BLOB,
 * BCRYPT_DH_PUBLIC_BLOB, BCRYPT_RSAPUBLIC_BLOB, the SSLPROV_ECCPRIVATE_BLOB and
 * SSLPROV_X509_PUBLIC_BLOB extensions, and the state behind
 * BCRYPT_OPAQUE_KEY_BLOB (sealed by keyblob.c).
 *
 * Every malformed blob (short, oversize, wrong magic, cbKey that does not
 * match the curve or the length) and every refused peer value (off the curve,
 * DH value outside 2..p-2) is NTE_BAD_DATA; an unknown curve is
 * NTE_NOT_SUPPORTED.  Numbers after the headers are big-endian; header fields
 * are host order, as on Windows.
 */
#include "internal.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

static uint32_t get_le32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4); /* header fields are host order (Windows: little-endian) */
    return v;
}

static bool all_zero(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* X25519 / X448 public keys: the import EVP_PKEY_new_raw_public_key_ex does,
 * through sp_pkey_fromdata's reused contexts (it makes a context by name per
 * key).  The key management refuses a length other than the key size. */
static SP_RESULT raw_public(const char *type, const uint8_t *in, size_t len, EVP_PKEY **out) {
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)in, len),
        OSSL_PARAM_construct_end(),
    };
    *out = NULL;
    return sp_pkey_fromdata(type, EVP_PKEY_PUBLIC_KEY, params, out);
}

/* A key of group from its TLS key_share encoding (RFC 8446 section 4.2.8.2):
 * uncompressed point, raw u-coordinate, or the DH value padded to |p|. */
static SP_RESULT from_key_share(DWORD group, const uint8_t *in, size_t len, EVP_PKEY **out) {
    sp_result res = SP_OK;
    size_t cb = sp_group_coord_len(group);
    uint8_t *p = NULL, *g = NULL;
    switch (sp_group_alg(group)) {
    case SP_KEY_EC: return sp_ec_from_point(group, in, len, out);
    case SP_KEY_X25519:
    case SP_KEY_X448: ENSURE(len == cb, NTE_BAD_DATA); return raw_public(sp_group_ossl_name(group), in, len, out);
    case SP_KEY_DH: {
        EVP_PKEY *params = NULL;
        ENSURE(len == cb, NTE_BAD_DATA);
        p = sp_zalloc(cb), g = sp_zalloc(cb);
        CHECK(p && g, NTE_NO_MEMORY);
        /* The named group's p and g, from libcrypto's RFC 7919 table. */
        OSSL_PARAM prm[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)sp_group_ossl_name(group), 0),
            OSSL_PARAM_construct_end(),
        };
        EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
        CHECK(ctx != NULL, NTE_NO_MEMORY);
        int ok = EVP_PKEY_fromdata_init(ctx) > 0 && EVP_PKEY_fromdata(ctx, &params, EVP_PKEY_KEY_PARAMETERS, prm) > 0;
        EVP_PKEY_CTX_free(ctx);
        CHECK(ok, NTE_INTERNAL_ERROR);
        res = sp_pkey_bn_param(params, OSSL_PKEY_PARAM_FFC_P, p, cb);
        if (SP_IS_OK(res)) res = sp_pkey_bn_param(params, OSSL_PKEY_PARAM_FFC_G, g, cb);
        EVP_PKEY_free(params);
        TRY(res);
        TRY(sp_dh_from_pgy(p, g, in, cb, out));
        break;
    }
    default: BAIL(NTE_NOT_SUPPORTED);
    }
cleanup:
    OPENSSL_free(p);
    OPENSSL_free(g);
    return res;
}

/* ------------------------------------------------------------------------ */
/* Import                                                                    */
/* ------------------------------------------------------------------------ */

/* BCRYPT_ECCPUBLIC_BLOB: {dwMagic, cbKey} X Y.  ECK1/3/5 (ECDH) and ECS1/3/5
 * (ECDSA) name the NIST curve; with a GENERIC magic the curve comes from cbKey,
 * and Y = all zeros marks X25519 (cbKey 32) / X448 (cbKey 56), X being the raw
 * u-coordinate - no NIST point has y = 0, the curves having prime order. */
static SP_RESULT import_bcrypt_ecc(const uint8_t *b, size_t len, EVP_PKEY **out, bool *ecdsa) {
    ENSURE(len >= sizeof(BCRYPT_ECCKEY_BLOB), NTE_BAD_DATA);
    uint32_t magic = get_le32(b), cb = get_le32(b + 4);
    DWORD group = 0;
    *ecdsa = false;
    switch (magic) {
    case BCRYPT_ECDSA_PUBLIC_P256_MAGIC: *ecdsa = true; /* fall through */
    case BCRYPT_ECDH_PUBLIC_P256_MAGIC: group = TLS_ECC_P256_CURVE_KEY_TYPE; break;
    case BCRYPT_ECDSA_PUBLIC_P384_MAGIC: *ecdsa = true; /* fall through */
    case BCRYPT_ECDH_PUBLIC_P384_MAGIC: group = TLS_ECC_P384_CURVE_KEY_TYPE; break;
    case BCRYPT_ECDSA_PUBLIC_P521_MAGIC: *ecdsa = true; /* fall through */
    case BCRYPT_ECDH_PUBLIC_P521_MAGIC: group = TLS_ECC_P521_CURVE_KEY_TYPE; break;
    case BCRYPT_ECDSA_PUBLIC_GENERIC_MAGIC: *ecdsa = true; /* fall through */
    case BCRYPT_ECDH_PUBLIC_GENERIC_MAGIC: break;
    default: BAIL(NTE_BAD_DATA);
    }
    ENSURE(cb > 0 && cb <= 66 && len == sizeof(BCRYPT_ECCKEY_BLOB) + 2 * (size_t)cb, NTE_BAD_DATA);
    const uint8_t *x = b + 8, *y = b + 8 + cb;
    if (group == 0) {
        if (!*ecdsa && all_zero(y, cb) && (cb == 32 || cb == 56))
            group = cb == 32 ? SSLPROV_GROUP_X25519 : SSLPROV_GROUP_X448;
        else if (cb == 32)
            group = TLS_ECC_P256_CURVE_KEY_TYPE;
        else if (cb == 48)
            group = TLS_ECC_P384_CURVE_KEY_TYPE;
        else if (cb == 66)
            group = TLS_ECC_P521_CURVE_KEY_TYPE;
        else
            BAIL(NTE_BAD_DATA);
    }
    ENSURE(cb == sp_group_coord_len(group), NTE_BAD_DATA);
    if (sp_group_alg(group) != SP_KEY_EC) return raw_public(sp_group_ossl_name(group), x, cb, out);
    uint8_t pt[1 + 2 * 66];
    pt[0] = 0x04;
    memcpy(pt + 1, x, 2 * (size_t)cb);
    return sp_ec_from_point(group, pt, 1 + 2 * (size_t)cb, out);
}

/* SSL_ECCPUBLIC_BLOB (reference 11.12): {dwCurveType = IANA group, cbKey} then
 * the key_share encoding.  sslprov also accepts the RFC 7919 groups (256-260). */
static SP_RESULT import_ssl_ecc(const uint8_t *b, size_t len, EVP_PKEY **out) {
    ENSURE(len >= sizeof(SSL_ECCKEY_BLOB), NTE_BAD_DATA);
    uint32_t group = get_le32(b), cb = get_le32(b + 4);
    ENSURE(sp_group_alg(group) != SP_KEY_NONE, NTE_NOT_SUPPORTED);
    ENSURE(len == sizeof(SSL_ECCKEY_BLOB) + (size_t)cb, NTE_BAD_DATA);
    return from_key_share(group, b + 8, cb, out);
}

/* BCRYPT_DH_PUBLIC_BLOB: {'DHPB', cbKey} p g y, cbKey bytes each. */
static SP_RESULT import_dh(const uint8_t *b, size_t len, EVP_PKEY **out) {
    ENSURE(len >= sizeof(BCRYPT_DH_KEY_BLOB), NTE_BAD_DATA);
    uint32_t magic = get_le32(b), cb = get_le32(b + 4);
    ENSURE(magic == BCRYPT_DH_PUBLIC_MAGIC, NTE_BAD_DATA);
    ENSURE(cb >= 128 && cb <= SP_KEX_MAX_SECRET && len == 8 + 3 * (size_t)cb, NTE_BAD_DATA);
    return sp_dh_from_pgy(b + 8, b + 8 + cb, b + 8 + 2 * (size_t)cb, cb, out);
}

/* BCRYPT_RSAPUBLIC_BLOB: {'RSA1', BitLength, cbPublicExp, cbModulus, 0, 0} e n. */
static SP_RESULT import_rsa(const uint8_t *b, size_t len, EVP_PKEY **out) {
    sp_result res = SP_OK;
    BIGNUM *n = NULL, *e = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    CHECK(len >= sizeof(BCRYPT_RSAKEY_BLOB), NTE_BAD_DATA);
    uint32_t magic = get_le32(b), bits = get_le32(b + 4), cbe = get_le32(b + 8), cbn = get_le32(b + 12);
    CHECK(magic == BCRYPT_RSAPUBLIC_MAGIC && get_le32(b + 16) == 0 && get_le32(b + 20) == 0, NTE_BAD_DATA);
    CHECK(cbe >= 1 && cbe <= 8 && cbn >= 64 && cbn <= 2048, NTE_BAD_DATA);
    CHECK(len == sizeof(BCRYPT_RSAKEY_BLOB) + (size_t)cbe + cbn, NTE_BAD_DATA);
    e = BN_bin2bn(b + 24, (int)cbe, NULL);
    n = BN_bin2bn(b + 24 + cbe, (int)cbn, NULL);
    bld = OSSL_PARAM_BLD_new();
    CHECK(e && n && bld, NTE_NO_MEMORY);
    CHECK(BN_num_bits(n) == (int)bits && BN_is_odd(n) && BN_is_odd(e) && !BN_is_one(e), NTE_BAD_DATA);
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n));
    TRY_OSSL(OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e));
    params = OSSL_PARAM_BLD_to_param(bld);
    CHECK(params != NULL, NTE_NO_MEMORY);
    TRY(sp_pkey_fromdata("RSA", EVP_PKEY_PUBLIC_KEY, params, out));
cleanup:
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(n), BN_free(e);
    return res;
}

/* SSLPROV_ECCPRIVATE_BLOB: {dwCurveType, cbKey} then the private key. */
static SP_RESULT import_ecc_private(const uint8_t *b, size_t len, EVP_PKEY **out) {
    ENSURE(len >= sizeof(SSL_ECCKEY_BLOB), NTE_BAD_DATA);
    uint32_t group = get_le32(b), cb = get_le32(b + 4);
    enum sp_key_alg alg = sp_group_alg(group);
    ENSURE(alg == SP_KEY_EC || alg == SP_KEY_X25519 || alg == SP_KEY_X448, NTE_NOT_SUPPORTED);
    ENSURE(cb == sp_group_coord_len(group) && len == sizeof(SSL_ECCKEY_BLOB) + (size_t)cb, NTE_BAD_DATA);
    if (alg == SP_KEY_EC) return sp_ec_from_private(group, b + 8, cb, out);
    *out = EVP_PKEY_new_raw_private_key_ex(NULL, sp_group_ossl_name(group), NULL, b + 8, cb);
    ENSURE(*out != NULL, NTE_BAD_DATA);
    return SP_OK;
}

/* An EC key's SubjectPublicKeyInfo names its curve (RFC 5480 section 2.1.1:
 * "MUST use namedCurve"; RFC 8422 section 5.1.1 for TLS).  Explicit parameters
 * (specifiedCurve) and implicitCurve are refused with NTE_BAD_DATA: libcrypto
 * would map explicit parameters to a named curve even with a missing or wrong
 * cofactor.  A named curve we do not know is NTE_NOT_SUPPORTED (issue #12 item
 * 14).  Other algorithms pass. */
static SP_RESULT spki_curve_check(const X509_PUBKEY *xpk) {
    ASN1_OBJECT *alg = NULL;
    X509_ALGOR *a = NULL;
    const void *pval = NULL;
    int ptype = 0;
    ENSURE(X509_PUBKEY_get0_param(&alg, NULL, NULL, &a, xpk) == 1, NTE_BAD_DATA);
    if (OBJ_obj2nid(alg) != NID_X9_62_id_ecPublicKey) return SP_OK;
    X509_ALGOR_get0(NULL, &ptype, &pval, a);
    ENSURE(ptype == V_ASN1_OBJECT && pval != NULL, NTE_BAD_DATA);
    int nid = OBJ_obj2nid((const ASN1_OBJECT *)pval);
    ENSURE(nid == NID_X9_62_prime256v1 || nid == NID_secp384r1 || nid == NID_secp521r1, NTE_NOT_SUPPORTED);
    return SP_OK;
}

/* SSLPROV_X509_PUBLIC_BLOB: a DER certificate or a DER SubjectPublicKeyInfo. */
static SP_RESULT import_x509(const uint8_t *b, size_t len, EVP_PKEY **out) {
    const unsigned char *p = b;
    *out = NULL;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    if (x != NULL) {
        bool whole = p == b + len;
        sp_result r = whole ? spki_curve_check(X509_get_X509_PUBKEY(x)) : SP_ERR(NTE_BAD_DATA);
        if (SP_IS_OK(r)) *out = X509_get_pubkey(x);
        X509_free(x);
        GUARD(r);
        ENSURE(*out != NULL, NTE_BAD_DATA);
        return SP_OK;
    }
    /* The SubjectPublicKeyInfo is parsed as such first: it parses even when
     * libcrypto cannot make a key of it (an unknown curve), so the curve can
     * be judged before the key is built. */
    p = b;
    X509_PUBKEY *xpk = d2i_X509_PUBKEY(NULL, &p, (long)len);
    ENSURE(xpk != NULL, NTE_BAD_DATA);
    sp_result r = p == b + len ? spki_curve_check(xpk) : SP_ERR(NTE_BAD_DATA);
    if (SP_IS_OK(r)) {
        *out = X509_PUBKEY_get(xpk);
        if (*out == NULL) r = SP_ERR(NTE_BAD_DATA);
    }
    X509_PUBKEY_free(xpk);
    return r;
}

static SP_RESULT kex_import(struct sp_provider *prov, LPCWSTR type, const uint8_t *blob, size_t len, DWORD flags,
                            struct sp_object **out) {
    sp_result res = SP_OK;
    EVP_PKEY *pkey = NULL;
    struct sp_pkey *k = NULL;
    bool ecdsa = false;
    uint32_t obj_type = SP_OBJ_PUBLIC;
    if (sp_wcseq(type, BCRYPT_ECCPUBLIC_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(import_bcrypt_ecc(blob, len, &pkey, &ecdsa));
    } else if (sp_wcseq(type, SSL_ECCPUBLIC_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(import_ssl_ecc(blob, len, &pkey));
    } else if (sp_wcseq(type, BCRYPT_DH_PUBLIC_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(import_dh(blob, len, &pkey));
    } else if (sp_wcseq(type, BCRYPT_RSAPUBLIC_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(import_rsa(blob, len, &pkey));
    } else if (sp_wcseq(type, SSLPROV_ECCPRIVATE_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(import_ecc_private(blob, len, &pkey));
        obj_type = SP_OBJ_EPHEMERAL;
    } else if (sp_wcseq(type, SSLPROV_X509_PUBLIC_BLOB)) {
        CHECK(flags == 0, NTE_BAD_FLAGS);
        TRY(import_x509(blob, len, &pkey));
    } else {
        FAIL(NTE_NOT_SUPPORTED);
    }
    TRY(sp_pkey_new(prov, obj_type, pkey, &k));
    pkey = NULL;
    k->ecdsa = ecdsa;
    *out = &k->obj;
cleanup:
    EVP_PKEY_free(pkey);
    return res;
}

/* ------------------------------------------------------------------------ */
/* Export                                                                    */
/* ------------------------------------------------------------------------ */

static SP_RESULT export_bcrypt_ecc(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    uint32_t magic;
    bool ecdsa = k->ecdsa || k->obj.type == SP_OBJ_PRIVATE;
    switch (k->alg) {
    case SP_KEY_EC:
        magic = k->group == TLS_ECC_P256_CURVE_KEY_TYPE
                    ? (ecdsa ? BCRYPT_ECDSA_PUBLIC_P256_MAGIC : BCRYPT_ECDH_PUBLIC_P256_MAGIC)
                : k->group == TLS_ECC_P384_CURVE_KEY_TYPE
                    ? (ecdsa ? BCRYPT_ECDSA_PUBLIC_P384_MAGIC : BCRYPT_ECDH_PUBLIC_P384_MAGIC)
                    : (ecdsa ? BCRYPT_ECDSA_PUBLIC_P521_MAGIC : BCRYPT_ECDH_PUBLIC_P521_MAGIC);
        break;
    case SP_KEY_X25519:
    case SP_KEY_X448: magic = BCRYPT_ECDH_PUBLIC_GENERIC_MAGIC; break;
    default: BAIL(NTE_NOT_SUPPORTED);
    }
    *needed = 8 + 2 * k->cb;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    uint8_t pt[1 + 2 * 66];
    size_t n = 0;
    GUARD(sp_pkey_public_point(k, pt, sizeof(pt), &n));
    uint32_t cb = (uint32_t)k->cb;
    memcpy(out, &magic, 4);
    memcpy(out + 4, &cb, 4);
    if (k->alg == SP_KEY_EC) {
        memcpy(out + 8, pt + 1, 2 * k->cb);
    } else {
        memcpy(out + 8, pt, k->cb);
        memset(out + 8 + k->cb, 0, k->cb);
    }
    return SP_OK;
}

static SP_RESULT export_ssl_ecc(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    size_t n = 0;
    uint32_t group = k->group;
    if (k->alg == SP_KEY_DH) {
        ENSURE(group != 0, NTE_NOT_SUPPORTED); /* only the named groups have a key_share */
        n = k->cb;
    } else {
        GUARD(sp_pkey_public_point(k, NULL, 0, &n));
    }
    *needed = 8 + n;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    uint32_t cb = (uint32_t)n;
    memcpy(out, &group, 4);
    memcpy(out + 4, &cb, 4);
    if (k->alg == SP_KEY_DH) return sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_PUB_KEY, out + 8, n);
    return sp_pkey_public_point(k, out + 8, n, &n);
}

static SP_RESULT export_dh(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    ENSURE(k->alg == SP_KEY_DH, NTE_NOT_SUPPORTED);
    *needed = 8 + 3 * k->cb;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    uint32_t magic = BCRYPT_DH_PUBLIC_MAGIC, cb = (uint32_t)k->cb;
    memcpy(out, &magic, 4);
    memcpy(out + 4, &cb, 4);
    GUARD(sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_FFC_P, out + 8, cb));
    GUARD(sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_FFC_G, out + 8 + cb, cb));
    return sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_PUB_KEY, out + 8 + 2 * (size_t)cb, cb);
}

static SP_RESULT export_rsa(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    sp_result res = SP_OK;
    BIGNUM *e = NULL;
    CHECK(k->alg == SP_KEY_RSA || k->alg == SP_KEY_RSA_PSS, NTE_NOT_SUPPORTED);
    TRY_OSSL(EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_E, &e));
    uint32_t cbe = (uint32_t)BN_num_bytes(e), cbn = (uint32_t)k->cb;
    *needed = sizeof(BCRYPT_RSAKEY_BLOB) + cbe + cbn;
    if (out == NULL) goto cleanup;
    CHECK(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    BCRYPT_RSAKEY_BLOB h = {BCRYPT_RSAPUBLIC_MAGIC, (ULONG)EVP_PKEY_get_bits(k->pkey), cbe, cbn, 0, 0};
    memcpy(out, &h, sizeof(h));
    CHECK(BN_bn2binpad(e, out + sizeof(h), (int)cbe) == (int)cbe, NTE_INTERNAL_ERROR);
    TRY(sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, out + sizeof(h) + cbe, cbn));
cleanup:
    BN_free(e);
    return res;
}

static SP_RESULT export_ecc_private(struct sp_provider *prov, const struct sp_pkey *k, uint8_t *out, size_t cap,
                                    size_t *needed) {
    ENSURE(k->obj.type == SP_OBJ_EPHEMERAL, NTE_NOT_SUPPORTED);
    ENSURE(k->alg == SP_KEY_EC || k->alg == SP_KEY_X25519 || k->alg == SP_KEY_X448, NTE_NOT_SUPPORTED);
    /* Opt-in diagnostic export only: the key is exportable (its creating
     * provider opted in) and so is the caller's provider (issue #12 item 2 (d)). */
    ENSURE(sp_export_allowed(prov, &k->obj), NTE_PERM);
    *needed = 8 + k->cb;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    uint32_t group = k->group, cb = (uint32_t)k->cb;
    memcpy(out, &group, 4);
    memcpy(out + 4, &cb, 4);
    if (k->alg == SP_KEY_EC) return sp_pkey_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, out + 8, k->cb);
    size_t n = k->cb;
    GUARD_OSSL(EVP_PKEY_get_raw_private_key(k->pkey, out + 8, &n));
    ENSURE(n == k->cb, NTE_INTERNAL_ERROR);
    return SP_OK;
}

static SP_RESULT export_x509(const struct sp_pkey *k, uint8_t *out, size_t cap, size_t *needed) {
    int n = i2d_PUBKEY(k->pkey, NULL);
    ENSURE(n > 0, NTE_NOT_SUPPORTED);
    *needed = (size_t)n;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= *needed, NTE_BUFFER_TOO_SMALL);
    unsigned char *p = out;
    ENSURE(i2d_PUBKEY(k->pkey, &p) == n, NTE_INTERNAL_ERROR);
    return SP_OK;
}

static SP_RESULT kex_export(struct sp_provider *prov, struct sp_object *obj, LPCWSTR type, uint8_t *out, size_t cap,
                            size_t *needed, DWORD flags) {
    if (obj->type == SP_OBJ_PREMASTER) BAIL(NTE_NOT_SUPPORTED); /* a premaster leaves only sealed */
    ENSURE(obj->type == SP_OBJ_EPHEMERAL || obj->type == SP_OBJ_PUBLIC || obj->type == SP_OBJ_PRIVATE,
           NTE_NOT_SUPPORTED);
    const struct sp_pkey *k = (const struct sp_pkey *)obj;
    sp_result (*fn)(const struct sp_pkey *, uint8_t *, size_t, size_t *) = NULL;
    if (sp_wcseq(type, BCRYPT_ECCPUBLIC_BLOB))
        fn = export_bcrypt_ecc;
    else if (sp_wcseq(type, SSL_ECCPUBLIC_BLOB))
        fn = export_ssl_ecc;
    else if (sp_wcseq(type, BCRYPT_DH_PUBLIC_BLOB))
        fn = export_dh;
    else if (sp_wcseq(type, BCRYPT_RSAPUBLIC_BLOB))
        fn = export_rsa;
    else if (sp_wcseq(type, SSLPROV_X509_PUBLIC_BLOB))
        fn = export_x509;
    else if (!sp_wcseq(type, SSLPROV_ECCPRIVATE_BLOB))
        BAIL(NTE_NOT_SUPPORTED);
    ENSURE(flags == 0, NTE_BAD_FLAGS);
    if (fn == NULL) return export_ecc_private(prov, k, out, cap, needed);
    return fn(k, out, cap, needed);
}

/* ------------------------------------------------------------------------ */
/* Opaque state (sealed by keyblob.c)                                        */
/* ------------------------------------------------------------------------ */

/* Key objects: version(1) | ecdsa(1) | DER (PKCS#8 PrivateKeyInfo for own
 * keys, SubjectPublicKeyInfo for peer keys).  Premaster: version(1) |
 * protocol(4) | suite(4) | secret(48). */
#define STATE_VERSION 1

static SP_RESULT kex_serialize(struct sp_object *obj, uint8_t *out, size_t cap, size_t *len) {
    sp_result res = SP_OK;
    PKCS8_PRIV_KEY_INFO *p8 = NULL;
    if (obj->type == SP_OBJ_PREMASTER) {
        struct sp_premaster *pm = (struct sp_premaster *)obj;
        *len = 9 + SP_PREMASTER_LEN;
        if (out == NULL) return SP_OK;
        ENSURE(cap >= *len, NTE_BUFFER_TOO_SMALL);
        out[0] = STATE_VERSION;
        sp_be32(out + 1, pm->protocol);
        sp_be32(out + 5, pm->suite);
        memcpy(out + 9, pm->secret, SP_PREMASTER_LEN);
        return SP_OK;
    }
    ENSURE(obj->type == SP_OBJ_EPHEMERAL || obj->type == SP_OBJ_PUBLIC || obj->type == SP_OBJ_PRIVATE,
           NTE_NOT_SUPPORTED);
    struct sp_pkey *k = (struct sp_pkey *)obj;
    int n;
    if (obj->type == SP_OBJ_PUBLIC) {
        n = i2d_PUBKEY(k->pkey, NULL);
    } else {
        /* Keys held by a hardware provider cannot be exported: NTE_NOT_SUPPORTED. */
        p8 = EVP_PKEY2PKCS8(k->pkey);
        CHECK(p8 != NULL, NTE_NOT_SUPPORTED);
        n = i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
    }
    CHECK(n > 0, NTE_NOT_SUPPORTED);
    *len = 2 + (size_t)n;
    if (out == NULL) goto cleanup;
    CHECK(cap >= *len, NTE_BUFFER_TOO_SMALL);
    out[0] = STATE_VERSION;
    out[1] = k->ecdsa;
    unsigned char *p = out + 2;
    CHECK((p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8, &p) : i2d_PUBKEY(k->pkey, &p)) == n, NTE_INTERNAL_ERROR);
cleanup:
    PKCS8_PRIV_KEY_INFO_free(p8);
    return res;
}

static SP_RESULT kex_deserialize(struct sp_provider *prov, uint32_t obj_type, const uint8_t *in, size_t len,
                                 struct sp_object **out) {
    sp_result res = SP_OK;
    PKCS8_PRIV_KEY_INFO *p8 = NULL;
    EVP_PKEY *pkey = NULL;
    struct sp_pkey *k = NULL;
    CHECK(len >= 2 && in[0] == STATE_VERSION, NTE_BAD_DATA);
    if (obj_type == SP_OBJ_PREMASTER) {
        struct sp_premaster *pm = NULL;
        CHECK(len == 9 + SP_PREMASTER_LEN, NTE_BAD_DATA);
        uint32_t proto = (uint32_t)sp_get_be16(in + 3) | (uint32_t)sp_get_be16(in + 1) << 16;
        uint32_t suite = (uint32_t)sp_get_be16(in + 7) | (uint32_t)sp_get_be16(in + 5) << 16;
        TRY(sp_premaster_new(prov, proto, suite, in + 9, &pm));
        *out = &pm->obj;
        goto cleanup;
    }
    CHECK(obj_type == SP_OBJ_EPHEMERAL || obj_type == SP_OBJ_PUBLIC || obj_type == SP_OBJ_PRIVATE, NTE_BAD_DATA);
    const unsigned char *p = in + 2;
    if (obj_type == SP_OBJ_PUBLIC) {
        pkey = d2i_PUBKEY(NULL, &p, (long)(len - 2));
    } else {
        p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)(len - 2));
        if (p8 != NULL) pkey = EVP_PKCS82PKEY(p8);
    }
    CHECK(pkey != NULL && p == in + len, NTE_BAD_DATA);
    TRY(sp_pkey_new(prov, obj_type, pkey, &k));
    pkey = NULL;
    k->ecdsa = in[1] != 0;
    *out = &k->obj;
cleanup:
    EVP_PKEY_free(pkey);
    PKCS8_PRIV_KEY_INFO_free(p8);
    return res;
}

const struct sp_key_ops sp_kex_key_ops = {kex_import, kex_export, kex_serialize, kex_deserialize};
