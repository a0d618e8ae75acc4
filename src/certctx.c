/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * certctx.c - SslProvCreateCertificateContext / SslProvFreeCertificateContext:
 * a CERT_CONTEXT with its CERT_INFO filled from DER the way CryptoAPI fills it
 * (CertCreateCertificateContext), so Windows code that reads
 * pCertContext->pCertInfo->SubjectPublicKeyInfo works (issue #11, item 4).
 *
 * Everything lives in one allocation: the CERT_CONTEXT, the CERT_INFO, the
 * extension array, then the byte data (a copy of the DER, the little-endian
 * serial number, dotted OID strings).  Blobs that are DER pieces of the
 * certificate (names, algorithm parameters, the key, extension values) point
 * into the copy, as CryptoAPI's do.
 */
#include "internal.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* Every live context, so that freeing anything else is refused, not a crash. */
struct live {
    struct live *next;
    const CERT_CONTEXT *ctx;
};
static pthread_mutex_t g_live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct live *g_live;

/* Bump allocator over the tail of the single allocation. */
struct arena {
    uint8_t *p;
    size_t left;
};

static void *arena_take(struct arena *a, size_t n) {
    if (n > a->left) return NULL;
    void *r = a->p;
    a->p += n, a->left -= n;
    return r;
}

/* The DER encoding of an i2d-able piece, as a blob pointing into the
 * certificate copy when the bytes are found there (they always are for
 * pieces of a DER certificate), else copied into the arena. */
static SP_RESULT der_blob(const uint8_t *cert, size_t cert_len, const unsigned char *der, int n, struct arena *a,
                          CRYPT_DER_BLOB *out) {
    out->cbData = 0, out->pbData = NULL;
    if (n <= 0) return SP_OK;
    for (size_t i = 0; i + (size_t)n <= cert_len; i++) {
        if (cert[i] == der[0] && memcmp(cert + i, der, (size_t)n) == 0) {
            out->pbData = (BYTE *)cert + i;
            out->cbData = (DWORD)n;
            return SP_OK;
        }
    }
    uint8_t *w = arena_take(a, (size_t)n);
    ENSURE(w != NULL, NTE_INTERNAL_ERROR);
    memcpy(w, der, (size_t)n);
    out->pbData = w;
    out->cbData = (DWORD)n;
    return SP_OK;
}

static SP_RESULT oid_string(const ASN1_OBJECT *o, struct arena *a, LPSTR *out) {
    char buf[128];
    int n = OBJ_obj2txt(buf, sizeof(buf), o, 1);
    ENSURE(n > 0 && (size_t)n < sizeof(buf), NTE_BAD_DATA);
    char *w = arena_take(a, (size_t)n + 1);
    ENSURE(w != NULL, NTE_INTERNAL_ERROR);
    memcpy(w, buf, (size_t)n + 1);
    *out = w;
    return SP_OK;
}

static SP_RESULT algorithm(const uint8_t *cert, size_t cert_len, const X509_ALGOR *alg, struct arena *a,
                           CRYPT_ALGORITHM_IDENTIFIER *out) {
    const ASN1_OBJECT *oid = NULL;
    const void *pval = NULL;
    int ptype = 0;
    X509_ALGOR_get0(&oid, &ptype, &pval, alg);
    GUARD(oid_string(oid, a, &out->pszObjId));
    out->Parameters.cbData = 0, out->Parameters.pbData = NULL;
    if (ptype == V_ASN1_UNDEF) return SP_OK; /* parameters absent */
    ASN1_TYPE *t = ASN1_TYPE_new();
    ENSURE(t != NULL, NTE_NO_MEMORY);
    if (ASN1_TYPE_set1(t, ptype, pval) != 1) {
        ASN1_TYPE_free(t);
        BAIL(NTE_NO_MEMORY);
    }
    unsigned char *der = NULL;
    int n = i2d_ASN1_TYPE(t, &der);
    ASN1_TYPE_free(t);
    sp_result r = n > 0 ? der_blob(cert, cert_len, der, n, a, &out->Parameters) : SP_ERR(NTE_BAD_DATA);
    OPENSSL_free(der);
    return r;
}

/* FILETIME: 100-ns intervals since 1601-01-01 UTC. */
static SP_RESULT filetime(const ASN1_TIME *t, FILETIME *out) {
    struct tm tm;
    ENSURE(ASN1_TIME_to_tm(t, &tm) == 1, NTE_BAD_DATA);
    int64_t days = 0;
    int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
    /* Days from 1970-01-01 (civil-from-days inverse, proleptic Gregorian). */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + tm.tm_mday - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    days = era * 146097 + doe - 719468;
    int64_t secs = days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    uint64_t ft = (uint64_t)(secs + 11644473600LL) * 10000000ULL;
    out->dwLowDateTime = (DWORD)ft;
    out->dwHighDateTime = (DWORD)(ft >> 32);
    return SP_OK;
}

static SP_RESULT bit_blob(const ASN1_BIT_STRING *bs, struct arena *a, CRYPT_BIT_BLOB *out) {
    out->cbData = 0, out->pbData = NULL, out->cUnusedBits = 0;
    if (bs == NULL) return SP_OK;
    int n = ASN1_STRING_length(bs);
    if (n <= 0) return SP_OK;
    uint8_t *w = arena_take(a, (size_t)n);
    ENSURE(w != NULL, NTE_INTERNAL_ERROR);
    memcpy(w, ASN1_STRING_get0_data(bs), (size_t)n);
    out->pbData = w;
    out->cbData = (DWORD)n;
    out->cUnusedBits = (bs->flags & ASN1_STRING_FLAG_BITS_LEFT) ? (DWORD)(bs->flags & 0x07) : 0;
    return SP_OK;
}

/* Fill ctx/info from x (whose DER copy is at der). */
static SP_RESULT fill(X509 *x, const uint8_t *der, size_t len, CERT_INFO *info, CERT_EXTENSION *ext, int next,
                      struct arena *a) {
    info->dwVersion = (DWORD)X509_get_version(x);
    /* Serial: CryptoAPI keeps the INTEGER's content bytes little-endian. */
    const ASN1_INTEGER *sn = X509_get0_serialNumber(x);
    unsigned char *snder = NULL;
    int dl = i2d_ASN1_INTEGER(sn, &snder);
    /* Content octets of the INTEGER: skip tag and (short or long form) length. */
    size_t off = dl > 2 ? (snder[1] < 0x80 ? 2 : 2 + (size_t)(snder[1] & 0x7F)) : 0;
    int sl = dl > 2 && off < (size_t)dl ? dl - (int)off : 0;
    uint8_t *s = sl > 0 ? arena_take(a, (size_t)sl) : NULL;
    if (s != NULL) memcpy(s, snder + off, (size_t)sl);
    OPENSSL_free(snder);
    ENSURE(s != NULL, NTE_BAD_DATA);
    for (int i = 0; i < sl / 2; i++) {
        uint8_t t = s[i];
        s[i] = s[sl - 1 - i], s[sl - 1 - i] = t;
    }
    info->SerialNumber.pbData = s, info->SerialNumber.cbData = (DWORD)sl;
    GUARD(algorithm(der, len, X509_get0_tbs_sigalg(x), a, &info->SignatureAlgorithm));
    const unsigned char *nd = NULL;
    size_t nl = 0;
    ENSURE(X509_NAME_get0_der(X509_get_issuer_name(x), &nd, &nl) == 1, NTE_BAD_DATA);
    GUARD(der_blob(der, len, nd, (int)nl, a, &info->Issuer));
    ENSURE(X509_NAME_get0_der(X509_get_subject_name(x), &nd, &nl) == 1, NTE_BAD_DATA);
    GUARD(der_blob(der, len, nd, (int)nl, a, &info->Subject));
    GUARD(filetime(X509_get0_notBefore(x), &info->NotBefore));
    GUARD(filetime(X509_get0_notAfter(x), &info->NotAfter));
    X509_PUBKEY *pk = X509_get_X509_PUBKEY(x);
    X509_ALGOR *pkalg = NULL;
    const unsigned char *kd = NULL;
    int kl = 0;
    ENSURE(pk != NULL && X509_PUBKEY_get0_param(NULL, &kd, &kl, &pkalg, pk) == 1, NTE_BAD_DATA);
    GUARD(algorithm(der, len, pkalg, a, &info->SubjectPublicKeyInfo.Algorithm));
    /* The key BIT STRING's content (whole bytes for every key type in use). */
    uint8_t *k = arena_take(a, (size_t)kl);
    ENSURE(k != NULL || kl == 0, NTE_INTERNAL_ERROR);
    if (kl > 0) memcpy(k, kd, (size_t)kl);
    info->SubjectPublicKeyInfo.PublicKey.pbData = k;
    info->SubjectPublicKeyInfo.PublicKey.cbData = (DWORD)kl;
    info->SubjectPublicKeyInfo.PublicKey.cUnusedBits = 0;
    const ASN1_BIT_STRING *iuid = NULL, *suid = NULL;
    X509_get0_uids(x, &iuid, &suid);
    GUARD(bit_blob(iuid, a, &info->IssuerUniqueId));
    GUARD(bit_blob(suid, a, &info->SubjectUniqueId));
    info->cExtension = (DWORD)next;
    info->rgExtension = next > 0 ? ext : NULL;
    for (int i = 0; i < next; i++) {
        X509_EXTENSION *e = X509_get_ext(x, i);
        GUARD(oid_string(X509_EXTENSION_get_object(e), a, &ext[i].pszObjId));
        ext[i].fCritical = X509_EXTENSION_get_critical(e) ? 1 : 0;
        const ASN1_OCTET_STRING *v = X509_EXTENSION_get_data(e);
        GUARD(der_blob(der, len, ASN1_STRING_get0_data(v), ASN1_STRING_length(v), a, &ext[i].Value));
    }
    return SP_OK;
}

static SP_RESULT create(DWORD enc, const BYTE *der, DWORD len, PCCERT_CONTEXT *out) {
    sp_result res = SP_OK;
    X509 *x = NULL;
    uint8_t *mem = NULL;
    size_t total = 0;
    ENSURE_REF(out);
    *out = NULL;
    ENSURE(der != NULL && len > 0, NTE_INVALID_PARAMETER);
    ENSURE((enc & ~(DWORD)PKCS_7_ASN_ENCODING) == X509_ASN_ENCODING, NTE_BAD_TYPE);
    const unsigned char *p = der;
    x = d2i_X509(NULL, &p, (long)len);
    CHECK(x != NULL && p == der + len, NTE_BAD_DATA);
    int next = X509_get_ext_count(x);
    CHECK(next >= 0 && next < 4096, NTE_BAD_DATA);
    /* Arena room: the DER copy plus, for everything copied out of it (serial,
     * OIDs of up to 128 bytes, key, unique ids, re-encoded parameters), at
     * most its own size per extension and per fixed field. */
    size_t data = (size_t)len * 4 + (size_t)(next + 8) * 130;
    /* Layout: live node | CERT_CONTEXT | CERT_INFO | extensions | data. */
    size_t head =
        sizeof(struct live) + sizeof(CERT_CONTEXT) + sizeof(CERT_INFO) + (size_t)next * sizeof(CERT_EXTENSION);
    total = head + data;
    mem = sp_zalloc(total);
    CHECK(mem != NULL, NTE_NO_MEMORY);
    struct live *node = (struct live *)mem;
    CERT_CONTEXT *ctx = (CERT_CONTEXT *)(mem + sizeof(struct live));
    CERT_INFO *info = (CERT_INFO *)((uint8_t *)ctx + sizeof(CERT_CONTEXT));
    CERT_EXTENSION *ext = (CERT_EXTENSION *)((uint8_t *)info + sizeof(CERT_INFO));
    struct arena a = {mem + head, data};
    uint8_t *copy = arena_take(&a, len);
    memcpy(copy, der, len);
    ctx->dwCertEncodingType = X509_ASN_ENCODING;
    ctx->pbCertEncoded = copy;
    ctx->cbCertEncoded = len;
    ctx->pCertInfo = info;
    ctx->hCertStore = NULL;
    TRY(fill(x, copy, len, info, ext, next, &a));
    node->ctx = ctx;
    pthread_mutex_lock(&g_live_lock);
    node->next = g_live;
    g_live = node;
    pthread_mutex_unlock(&g_live_lock);
    *out = ctx;
    mem = NULL;
cleanup:
    OPENSSL_free(mem);
    X509_free(x);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvCreateCertificateContext(DWORD dwCertEncodingType, const BYTE *pbCertEncoded,
                                                                   DWORD cbCertEncoded, PCCERT_CONTEXT *ppCertContext) {
    return sp_status(create(dwCertEncodingType, pbCertEncoded, cbCertEncoded, ppCertContext));
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvFreeCertificateContext(PCCERT_CONTEXT pCertContext) {
    if (pCertContext == NULL) return ERROR_SUCCESS;
    struct live *found = NULL;
    pthread_mutex_lock(&g_live_lock);
    for (struct live **pp = &g_live; *pp != NULL; pp = &(*pp)->next) {
        if ((*pp)->ctx == pCertContext) {
            found = *pp;
            *pp = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&g_live_lock);
    /* Not one of ours (or freed already): refused, never touched. */
    if (found == NULL) return NTE_INVALID_PARAMETER;
    OPENSSL_free(found);
    return ERROR_SUCCESS;
}
