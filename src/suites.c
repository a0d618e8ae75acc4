/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * suites.c - the public functions that read the cipher-suite catalogue
 * (suite_table.c):
 * SslEnumCipherSuites(Ex), SslLookupCipherSuiteInfo, SslLookupCipherLengths,
 * SslGetCipherSuitePRFHashAlgorithm, SslEnumEccCurves.
 */
#include "internal.h"

#include <strings.h>

/* ------------------------------------------------------------------------ */
/* Bulk ciphers                                                              */
/* ------------------------------------------------------------------------ */

static const struct sp_cipher_info k_ciphers[SP_CIPHER_COUNT] = {
    /*                          cng      ossl                 mode            key bits blk fiv exp tag */
    [SP_CIPHER_NULL] = {"", NULL, SP_MODE_STREAM, 0, 0, 1, 0, 0, 0},
    [SP_CIPHER_RC4_40] = {"RC4", "RC4", SP_MODE_STREAM, 5, 40, 1, 0, 0, 0},
    [SP_CIPHER_RC4_56] = {"RC4", "RC4", SP_MODE_STREAM, 7, 56, 1, 0, 0, 0},
    [SP_CIPHER_RC4_128] = {"RC4", "RC4", SP_MODE_STREAM, 16, 128, 1, 0, 0, 0},
    [SP_CIPHER_RC2_40] = {"RC2", "RC2-CBC", SP_MODE_CBC, 5, 40, 8, 8, 0, 0},
    [SP_CIPHER_RC2_128] = {"RC2", "RC2-CBC", SP_MODE_CBC, 16, 128, 8, 8, 0, 0},
    [SP_CIPHER_IDEA] = {"IDEA", "IDEA-CBC", SP_MODE_CBC, 16, 128, 8, 8, 0, 0},
    [SP_CIPHER_DES40] = {"DES", "DES-CBC", SP_MODE_CBC, 5, 40, 8, 8, 0, 0},
    [SP_CIPHER_DES] = {"DES", "DES-CBC", SP_MODE_CBC, 8, 56, 8, 8, 0, 0},
    [SP_CIPHER_3DES] = {"3DES", "DES-EDE3-CBC", SP_MODE_CBC, 24, 168, 8, 8, 0, 0},
    [SP_CIPHER_AES_128_CBC] = {"AES", "AES-128-CBC", SP_MODE_CBC, 16, 128, 16, 16, 0, 0},
    [SP_CIPHER_AES_256_CBC] = {"AES", "AES-256-CBC", SP_MODE_CBC, 32, 0 /* 256 */, 16, 16, 0, 0},
    [SP_CIPHER_AES_128_GCM] = {"AES", "AES-128-GCM", SP_MODE_GCM, 16, 128, 16, 4, 8, 16},
    [SP_CIPHER_AES_256_GCM] = {"AES", "AES-256-GCM", SP_MODE_GCM, 32, 0, 16, 4, 8, 16},
    [SP_CIPHER_AES_128_CCM] = {"AES", "AES-128-CCM", SP_MODE_CCM, 16, 128, 16, 4, 8, 16},
    [SP_CIPHER_AES_256_CCM] = {"AES", "AES-256-CCM", SP_MODE_CCM, 32, 0, 16, 4, 8, 16},
    [SP_CIPHER_AES_128_CCM_8] = {"AES", "AES-128-CCM", SP_MODE_CCM, 16, 128, 16, 4, 8, 8},
    [SP_CIPHER_AES_256_CCM_8] = {"AES", "AES-256-CCM", SP_MODE_CCM, 32, 0, 16, 4, 8, 8},
    [SP_CIPHER_CHACHA20_POLY1305] = {"CHACHA20_POLY1305", "ChaCha20-Poly1305", SP_MODE_CHACHAPOLY, 32, 0, 1, 12, 0, 16},
};

const struct sp_cipher_info *sp_cipher_info(enum sp_cipher c) {
    if ((unsigned)c >= SP_CIPHER_COUNT) return NULL;
    return &k_ciphers[c];
}

/* Key bits as Windows reports them (dwCipherLen); uint8_t cannot hold 256. */
static DWORD cipher_bits(enum sp_cipher c) {
    const struct sp_cipher_info *ci = &k_ciphers[c];
    return ci->bits ? ci->bits : (DWORD)ci->key_len * 8;
}

/* ------------------------------------------------------------------------ */
/* Protocols                                                                 */
/* ------------------------------------------------------------------------ */

uint32_t sp_proto_bit_of(DWORD protocol) {
    switch (protocol) {
    case SSL2_PROTOCOL_VERSION: return SP_P_SSL2;
    case SSL3_PROTOCOL_VERSION: return SP_P_SSL3;
    case TLS1_0_PROTOCOL_VERSION: return SP_P_TLS10;
    case TLS1_1_PROTOCOL_VERSION: return SP_P_TLS11;
    case TLS1_2_PROTOCOL_VERSION: return SP_P_TLS12;
    case TLS1_3_PROTOCOL_VERSION: return SP_P_TLS13;
    case DTLS1_0_PROTOCOL_VERSION: return SP_P_DTLS10;
    case DTLS1_2_PROTOCOL_VERSION: return SP_P_DTLS12;
    default: return 0;
    }
}

bool sp_proto_is_dtls(DWORD protocol) {
    return protocol == DTLS1_0_PROTOCOL_VERSION || protocol == DTLS1_2_PROTOCOL_VERSION;
}

bool sp_proto_is_tls12(DWORD protocol) {
    return protocol == TLS1_2_PROTOCOL_VERSION || protocol == DTLS1_2_PROTOCOL_VERSION;
}

bool sp_proto_has_explicit_iv(DWORD protocol) {
    return protocol == TLS1_1_PROTOCOL_VERSION || protocol == TLS1_2_PROTOCOL_VERSION || sp_proto_is_dtls(protocol);
}

SP_RESULT sp_suite_for(DWORD protocol, DWORD suite, const struct sp_suite **out) {
    uint32_t bit = sp_proto_bit_of(protocol);
    const struct sp_suite *s = sp_suite_find(suite);
    ENSURE(bit != 0 && s != NULL, NTE_NOT_SUPPORTED);
    ENSURE((s->protocols & bit) != 0, NTE_NOT_SUPPORTED);
    ENSURE((s->flags & (SP_SF_EXPORT | SP_SF_SSL2)) == 0, NTE_NOT_SUPPORTED);
    *out = s;
    return SP_OK;
}

enum sp_hash sp_suite_prf(DWORD protocol, const struct sp_suite *s) {
    /* RFC 5246 section 5: TLS 1.2 uses the suite's PRF hash; RFC 2246/4346 use
     * MD5 and SHA-1 together; SSL 3.0 has its own MD5/SHA-1 construction. */
    if (protocol == TLS1_2_PROTOCOL_VERSION || protocol == DTLS1_2_PROTOCOL_VERSION ||
        protocol == TLS1_3_PROTOCOL_VERSION)
        return (enum sp_hash)s->prf;
    return SP_HASH_MD5SHA1;
}

size_t sp_suite_mac_len(const struct sp_suite *s) { return sp_hash_len((enum sp_hash)s->mac); }

/* ------------------------------------------------------------------------ */
/* Filling the public structures                                             */
/* ------------------------------------------------------------------------ */

static const char *exchange_name(const struct sp_suite *s) {
    switch (s->kx) {
    case SP_KX_RSA: return "RSA";
    case SP_KX_SSL2: return "RSA";
    case SP_KX_DHE: return "DH";
    case SP_KX_ECDHE: return "ECDH";
    case SP_KX_PSK: return "PSK";
    case SP_KX_RSA_PSK: return "RSA_PSK";
    case SP_KX_DHE_PSK: return "DHE_PSK";
    default: return "";
    }
}

static const char *certificate_name(const struct sp_suite *s) {
    switch (s->auth) {
    case SP_AUTH_RSA: return "RSA";
    case SP_AUTH_DSS: return "DSA";
    case SP_AUTH_ECDSA: return "ECDSA";
    default: return "";
    }
}

static void exchange_lengths(const struct sp_suite *s, DWORD *min, DWORD *max) {
    /* What Windows reports (Get-TlsCipherSuite): RSA 512..16384, ECDH 0..65536. */
    switch (s->kx) {
    case SP_KX_RSA:
    case SP_KX_RSA_PSK:
    case SP_KX_SSL2: *min = 512, *max = 16384; break;
    case SP_KX_DHE:
    case SP_KX_DHE_PSK: *min = 512, *max = 16384; break;
    case SP_KX_ECDHE: *min = 0, *max = 65536; break;
    default: *min = 0, *max = 0; break;
    }
}

static const char *hash_name(enum sp_hash h) {
    switch (h) {
    case SP_HASH_MD5: return "MD5";
    case SP_HASH_SHA1: return "SHA1";
    case SP_HASH_SHA256: return "SHA256";
    case SP_HASH_SHA384: return "SHA384";
    default: return "";
    }
}

static LPCWSTR mode_name(const struct sp_cipher_info *ci) {
    switch (ci->mode) {
    case SP_MODE_CBC: return BCRYPT_CHAIN_MODE_CBC;
    case SP_MODE_GCM: return BCRYPT_CHAIN_MODE_GCM;
    case SP_MODE_CCM: return BCRYPT_CHAIN_MODE_CCM;
    default: return BCRYPT_CHAIN_MODE_NA;
    }
}

static void fill_suite(NCRYPT_SSL_CIPHER_SUITE *out, DWORD protocol, const struct sp_suite *s, DWORD key_type) {
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
    memset(out, 0, sizeof(*out));
    out->dwProtocol = protocol;
    out->dwCipherSuite = s->id;
    out->dwBaseCipherSuite = s->id;
    sp_wcs_from_ascii(out->szCipherSuite, NCRYPT_SSL_MAX_NAME_SIZE, s->name);
    sp_wcs_from_ascii(out->szCipher, NCRYPT_SSL_MAX_NAME_SIZE, ci->cng_name);
    out->dwCipherLen = cipher_bits((enum sp_cipher)s->cipher);
    out->dwCipherBlockLen = ci->block_len;
    sp_wcs_from_ascii(out->szHash, NCRYPT_SSL_MAX_NAME_SIZE, hash_name((enum sp_hash)s->mac));
    out->dwHashLen = (DWORD)sp_hash_len((enum sp_hash)s->mac) * 8;
    sp_wcs_from_ascii(out->szExchange, NCRYPT_SSL_MAX_NAME_SIZE, exchange_name(s));
    exchange_lengths(s, &out->dwMinExchangeLen, &out->dwMaxExchangeLen);
    sp_wcs_from_ascii(out->szCertificate, NCRYPT_SSL_MAX_NAME_SIZE, certificate_name(s));
    out->dwKeyType = key_type;
}

static void fill_suite_ex(NCRYPT_SSL_CIPHER_SUITE_EX *out, const NCRYPT_SSL_CIPHER_SUITE *in,
                          const struct sp_suite *s) {
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
    memset(out, 0, sizeof(*out));
    out->dwVersion = NCRYPT_SSL_CIPHER_SUITE_EX_VERSION;
    /* The 15 members of NCRYPT_SSL_CIPHER_SUITE follow dwVersion unchanged. */
    memcpy(&out->dwProtocol, in, sizeof(*in));
    LPCWSTR mode = mode_name(ci);
    size_t n = sp_wcslen(mode, NCRYPT_SSL_MAX_NAME_SIZE - 1);
    memcpy(out->szCipherMode, mode, n * sizeof(WCHAR));
}

/* Protocols in enumeration order: newest first, TLS then DTLS. */
static const DWORD k_enum_protocols[] = {
    TLS1_3_PROTOCOL_VERSION, TLS1_2_PROTOCOL_VERSION,  TLS1_1_PROTOCOL_VERSION,  TLS1_0_PROTOCOL_VERSION,
    SSL3_PROTOCOL_VERSION,   DTLS1_2_PROTOCOL_VERSION, DTLS1_0_PROTOCOL_VERSION, SSL2_PROTOCOL_VERSION,
};

#define SP_ENUM_MAGIC 0x53455053u /* "SPES" */

struct sp_enum_state {
    uint32_t magic;
    uint32_t suite_idx;
    uint32_t proto_idx;
};

/* Advance the iterator to the next (protocol, suite) pair the key can serve:
 * protocol-major, as Windows' BuildCipherList orders its list. */
static bool enum_next(struct sp_enum_state *st, struct sp_object *key, const struct sp_suite **s_out,
                      DWORD *proto_out) {
    const struct sp_suite *s;
    while (st->proto_idx < SP_ARRAY_LEN(k_enum_protocols)) {
        DWORD proto = k_enum_protocols[st->proto_idx];
        while ((s = sp_suite_at(st->suite_idx)) != NULL) {
            st->suite_idx++;
            if ((s->protocols & sp_proto_bit_of(proto)) == 0) continue;
            if (key != NULL && !sp_private_key_serves(key, s, proto)) continue;
            *s_out = s;
            *proto_out = proto;
            return true;
        }
        st->proto_idx++;
        st->suite_idx = 0;
    }
    return false;
}

static SP_RESULT enum_suites(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hKey, PVOID *ppEnumState, DWORD dwFlags,
                             bool ex, void **out) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *key = NULL;
    struct sp_enum_state *st = NULL;
    bool fresh = false;

    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL && ppEnumState != NULL, NTE_INVALID_PARAMETER);
    CHECK(dwFlags == 0, NTE_BAD_FLAGS);
    if (hKey != 0) TRY(sp_handle_get(hKey, SP_T(SP_OBJ_PRIVATE), &key));

    st = (struct sp_enum_state *)*ppEnumState;
    /* A state is a buffer this library handed out (never read through a
     * pointer it did not return: a forged state is refused, not followed). */
    CHECK(st == NULL || sp_buffer_live(st, sizeof(*st)), NTE_INVALID_PARAMETER);
    if (st == NULL) {
        st = sp_buffer_alloc(sizeof(*st));
        CHECK(st != NULL, NTE_NO_MEMORY);
        st->magic = SP_ENUM_MAGIC;
        fresh = true;
    }
    CHECK(st->magic == SP_ENUM_MAGIC, NTE_INVALID_PARAMETER);

    const struct sp_suite *s;
    DWORD proto;
    if (!enum_next(st, key, &s, &proto)) {
        *ppEnumState = st;
        fresh = false;
        FAIL(NTE_NO_MORE_ITEMS);
    }
    /* As on Windows, every call returns a fresh heap copy of the entry, freed
     * with SslFreeBuffer: earlier pointers stay valid. */
    if (ex) {
        NCRYPT_SSL_CIPHER_SUITE_EX *e = sp_buffer_alloc(sizeof(*e));
        CHECK(e != NULL, NTE_NO_MEMORY);
        NCRYPT_SSL_CIPHER_SUITE cur;
        fill_suite(&cur, proto, s, 0);
        fill_suite_ex(e, &cur, s);
        *out = e;
    } else {
        NCRYPT_SSL_CIPHER_SUITE *e = sp_buffer_alloc(sizeof(*e));
        CHECK(e != NULL, NTE_NO_MEMORY);
        fill_suite(e, proto, s, 0);
        *out = e;
    }
    *ppEnumState = st;
    fresh = false;

cleanup:
    if (fresh) SP_UNUSED(sp_buffer_free(st).st);
    sp_handle_put(key);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslEnumCipherSuites(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                                       NCRYPT_SSL_CIPHER_SUITE **ppCipherSuite, PVOID *ppEnumState,
                                                       DWORD dwFlags) {
    return sp_status(enum_suites(hSslProvider, hPrivateKey, ppEnumState, dwFlags, false, (void **)ppCipherSuite));
}

SSLPROV_API SECURITY_STATUS WINAPI SslEnumCipherSuitesEx(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                                         NCRYPT_SSL_CIPHER_SUITE_EX **ppCipherSuite, PVOID *ppEnumState,
                                                         DWORD dwFlags) {
    return sp_status(enum_suites(hSslProvider, hPrivateKey, ppEnumState, dwFlags, true, (void **)ppCipherSuite));
}

/* Lookup functions accept listed suites (export and SSL 2.0 included: they are
 * part of the catalogue) for a protocol they are defined for. */
static SP_RESULT lookup_listed(DWORD protocol, DWORD suite, const struct sp_suite **out) {
    uint32_t bit = sp_proto_bit_of(protocol);
    const struct sp_suite *s = sp_suite_find(suite);
    /* Windows answers NTE_INVALID_PARAMETER for an unknown protocol or suite. */
    ENSURE(bit != 0 && s != NULL && (s->protocols & bit) != 0, NTE_INVALID_PARAMETER);
    *out = s;
    return SP_OK;
}

static SP_RESULT lookup_info(NCRYPT_PROV_HANDLE hProv, DWORD protocol, DWORD suite, DWORD key_type,
                             NCRYPT_SSL_CIPHER_SUITE *out, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    const struct sp_suite *s;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(lookup_listed(protocol, suite, &s));
    fill_suite(out, protocol, s, key_type);
cleanup:
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslLookupCipherSuiteInfo(NCRYPT_PROV_HANDLE hSslProvider, DWORD dwProtocol,
                                                            DWORD dwCipherSuite, DWORD dwKeyType,
                                                            NCRYPT_SSL_CIPHER_SUITE *pCipherSuite, DWORD dwFlags) {
    return sp_status(lookup_info(hSslProvider, dwProtocol, dwCipherSuite, dwKeyType, pCipherSuite, dwFlags));
}

/* Record overhead, the single source for SslLookupCipherLengths and the record
 * layer's size computations (RFC 5246 section 6.2.3, RFC 8446 section 5.2). */
void sp_record_overhead(DWORD protocol, const struct sp_suite *s, struct sp_record_lengths *out) {
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
    size_t header = sp_proto_is_dtls(protocol) ? 13 : 5;
    memset(out, 0, sizeof(*out));
    out->header = header;
    if (protocol == TLS1_3_PROTOCOL_VERSION) {
        /* the tag only: the caller's pbInput already holds the inner type */
        out->trailer = ci->tag_len;
        return;
    }
    switch (ci->mode) {
    case SP_MODE_CBC:
        if (sp_proto_has_explicit_iv(protocol)) out->header += ci->block_len;
        out->trailer = sp_suite_mac_len(s);
        out->max_padding = ci->block_len; /* 1..block_len bytes incl. the length byte */
        out->block_padding = true;
        break;
    case SP_MODE_GCM:
    case SP_MODE_CCM:
        out->header += ci->explicit_nonce_len;
        out->trailer = ci->tag_len;
        break;
    case SP_MODE_CHACHAPOLY: out->trailer = ci->tag_len; break;
    default: out->trailer = sp_suite_mac_len(s); break;
    }
}

static SP_RESULT lookup_lengths(NCRYPT_PROV_HANDLE hProv, DWORD protocol, DWORD suite, NCRYPT_SSL_CIPHER_LENGTHS *out,
                                DWORD cb, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    const struct sp_suite *s;
    struct sp_record_lengths rl;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL && cb >= sizeof(*out), NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(lookup_listed(protocol, suite, &s));
    sp_record_overhead(protocol, s, &rl);
    out->cbLength = sizeof(*out);
    /* Windows reports the explicit IV / nonce only, without the record header
     * (5, DTLS 13) that SslEncryptPacket writes in front of it: callers
     * compute the stream header as 5 + dwHeaderLen. */
    out->dwHeaderLen = (DWORD)(rl.header - (sp_proto_is_dtls(protocol) ? 13 : 5));
    out->dwFixedTrailerLen = (DWORD)rl.trailer;
    out->dwMaxVariableTrailerLen = (DWORD)rl.max_padding;
    out->dwFlags = rl.block_padding ? NCRYPT_SSL_CIPHER_LENGTHS_BLOCK_PADDING : 0;
cleanup:
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslLookupCipherLengths(NCRYPT_PROV_HANDLE hSslProvider, DWORD dwProtocol,
                                                          DWORD dwCipherSuite, DWORD dwKeyType,
                                                          NCRYPT_SSL_CIPHER_LENGTHS *pCipherLengths,
                                                          DWORD cbCipherLengths, DWORD dwFlags) {
    SP_UNUSED(dwKeyType);
    return sp_status(lookup_lengths(hSslProvider, dwProtocol, dwCipherSuite, pCipherLengths, cbCipherLengths, dwFlags));
}

static SP_RESULT prf_hash_name(NCRYPT_PROV_HANDLE hProv, DWORD protocol, DWORD suite, WCHAR *out, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    const struct sp_suite *s;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(lookup_listed(protocol, suite, &s));
    CHECK(protocol != SSL2_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    enum sp_hash h = sp_suite_prf(protocol, s);
    LPCWSTR name = h == SP_HASH_MD5SHA1 ? SSLPROV_MD5SHA1_ALGORITHM : sp_hash_cng_name(h);
    memset(out, 0, NCRYPT_SSL_MAX_NAME_SIZE * sizeof(WCHAR));
    memcpy(out, name, sp_wcslen(name, NCRYPT_SSL_MAX_NAME_SIZE - 1) * sizeof(WCHAR));
cleanup:
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGetCipherSuitePRFHashAlgorithm(NCRYPT_PROV_HANDLE hSslProvider, DWORD dwProtocol,
                                                                     DWORD dwCipherSuite, DWORD dwKeyType,
                                                                     WCHAR szPRFHash[NCRYPT_SSL_MAX_NAME_SIZE],
                                                                     DWORD dwFlags) {
    SP_UNUSED(dwKeyType);
    return sp_status(prf_hash_name(hSslProvider, dwProtocol, dwCipherSuite, szPRFHash, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Curves                                                                    */
/* ------------------------------------------------------------------------ */

static const struct {
    const char *name;
    const char *oid;
    DWORD pub_bits;
    DWORD iana;
} k_curves[] = {
    /* Windows' order (its BuildEccCurves table starts with curve25519), CNG
     * names; curve448 is an sslprov addition (Windows has no X448), last. */
    {"curve25519", "1.3.101.110", 255, SSLPROV_GROUP_X25519},
    {"nistP256", "1.2.840.10045.3.1.7", 256, TLS_ECC_P256_CURVE_KEY_TYPE},
    {"nistP384", "1.3.132.0.34", 384, TLS_ECC_P384_CURVE_KEY_TYPE},
    {"nistP521", "1.3.132.0.35", 521, TLS_ECC_P521_CURVE_KEY_TYPE},
    {"curve448", "1.3.101.111", 448, SSLPROV_GROUP_X448},
};

static SP_RESULT enum_curves(NCRYPT_PROV_HANDLE hProv, DWORD *count, NCRYPT_SSL_ECC_CURVE **out, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    NCRYPT_SSL_ECC_CURVE *arr = NULL;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(count != NULL && out != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    arr = sp_buffer_alloc(sizeof(*arr) * SP_ARRAY_LEN(k_curves));
    CHECK(arr != NULL, NTE_NO_MEMORY);
    for (size_t i = 0; i < SP_ARRAY_LEN(k_curves); i++) {
        sp_wcs_from_ascii(arr[i].szCurveName, MSCRYPT_ECC_MAX_CURVE_NAME_LENGTH, k_curves[i].name);
        strncpy(arr[i].szOID, k_curves[i].oid, MSCRYPT_ECC_MAX_OID_LENGTH - 1);
        arr[i].dwPublicKeyLength = k_curves[i].pub_bits;
        arr[i].dwCurveType = k_curves[i].iana;
        arr[i].dwFlags = 0;
    }
    *count = (DWORD)SP_ARRAY_LEN(k_curves);
    *out = arr;
    arr = NULL;
cleanup:
    if (arr != NULL) SP_UNUSED(sp_buffer_free(arr).st);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslEnumEccCurves(NCRYPT_PROV_HANDLE hSslProvider, DWORD *pEccCurveCount,
                                                    NCRYPT_SSL_ECC_CURVE **ppEccCurve, DWORD dwFlags) {
    return sp_status(enum_curves(hSslProvider, pEccCurveCount, ppEccCurve, dwFlags));
}
