/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_suites.c - the cipher-suite catalogue through its public functions:
 * SslEnumCipherSuites(Ex), SslLookupCipherSuiteInfo, SslLookupCipherLengths,
 * SslGetCipherSuitePRFHashAlgorithm, SslEnumEccCurves, and the refusal of
 * export-grade and SSL 2.0 suites where they would be used.
 *
 * Expected values are written out here from the sources, not read back from
 * the catalogue: reference section 3.5 (what Windows' Get-TlsCipherSuite
 * prints), section 11.1 (record lengths), the RFCs that define each suite, and
 * OpenSSL's own suite names (libssl's OPENSSL_cipher_name) as a second opinion.
 */
#include "testutil.h"

#include <openssl/ssl.h>
#include <stdlib.h>

#include "internal.h"

/* UTF-16 field equals an ASCII string. */
static bool wstr_eq(const WCHAR *w, size_t cap, const char *s) {
    size_t i = 0;
    for (; s[i] != 0; i++) {
        if (i >= cap || w[i] != (WCHAR)(unsigned char)s[i]) return false;
    }
    return i < cap && w[i] == 0;
}
#define T_WSTR(field, str)                                                                                             \
    do {                                                                                                               \
        if (wstr_eq((field), SP_ARRAY_LEN(field), (str)))                                                              \
            t_pass++;                                                                                                  \
        else                                                                                                           \
            t_fail_at(__FILE__, __LINE__, "%s != \"%s\"", #field, (str));                                              \
    } while (0)

/* ------------------------------------------------------------------------ */
/* Every suite constant of the header, with one protocol it is defined for   */
/* ------------------------------------------------------------------------ */

#define TLS10 TLS1_0_PROTOCOL_VERSION
#define TLS12 TLS1_2_PROTOCOL_VERSION
#define TLS13 TLS1_3_PROTOCOL_VERSION
#define SSL2  SSL2_PROTOCOL_VERSION
#define SSL3  SSL3_PROTOCOL_VERSION

static const struct {
    const char *name;
    DWORD id;
    DWORD protocol;
} k_header_suites[] = {
#define C(n, p)                                                                                                        \
    { #n, n, p }
    C(TLS_RSA_WITH_NULL_MD5, SSL3),
    C(TLS_RSA_WITH_NULL_SHA, SSL3),
    C(TLS_RSA_EXPORT_WITH_RC4_40_MD5, TLS10),
    C(TLS_RSA_WITH_RC4_128_MD5, SSL3),
    C(TLS_RSA_WITH_RC4_128_SHA, TLS12),
    C(TLS_RSA_WITH_DES_CBC_SHA, TLS10),
    C(TLS_RSA_WITH_3DES_EDE_CBC_SHA, TLS12),
    C(TLS_DHE_DSS_WITH_DES_CBC_SHA, TLS10),
    C(TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA, TLS12),
    C(TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA, TLS12),
    C(TLS_RSA_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_DHE_DSS_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_DHE_RSA_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_RSA_WITH_AES_256_CBC_SHA, TLS12),
    C(TLS_DHE_DSS_WITH_AES_256_CBC_SHA, TLS12),
    C(TLS_DHE_RSA_WITH_AES_256_CBC_SHA, TLS12),
    C(TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA, TLS10),
    C(TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA, TLS10),
    C(TLS_RSA_EXPORT1024_WITH_RC4_56_SHA, TLS10),
    C(TLS_RSA_WITH_NULL_SHA256, TLS12),
    C(TLS_RSA_WITH_AES_128_CBC_SHA256, TLS12),
    C(TLS_RSA_WITH_AES_256_CBC_SHA256, TLS12),
    C(TLS_DHE_DSS_WITH_AES_128_CBC_SHA256, TLS12),
    C(TLS_DHE_DSS_WITH_AES_256_CBC_SHA256, TLS12),
    C(TLS_RSA_WITH_AES_128_GCM_SHA256, TLS12),
    C(TLS_RSA_WITH_AES_256_GCM_SHA384, TLS12),
    C(TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, TLS12),
    C(TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, TLS12),
    C(TLS_PSK_WITH_AES_128_GCM_SHA256, TLS12),
    C(TLS_PSK_WITH_AES_256_GCM_SHA384, TLS12),
    C(TLS_PSK_WITH_AES_128_CBC_SHA256, TLS12),
    C(TLS_PSK_WITH_AES_256_CBC_SHA384, TLS12),
    C(TLS_PSK_WITH_NULL_SHA256, TLS12),
    C(TLS_PSK_WITH_NULL_SHA384, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, TLS12),
    C(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS12),
    C(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, TLS12),
    C(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, TLS12),
    C(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS12),
    C(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS12),
    C(TLS_AES_128_GCM_SHA256, TLS13),
    C(TLS_AES_256_GCM_SHA384, TLS13),
    C(TLS_PSK_WITH_3DES_EDE_CBC_SHA, TLS12),
    C(TLS_PSK_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_PSK_WITH_AES_256_CBC_SHA, TLS12),
    C(TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA, TLS12),
    C(TLS_RSA_PSK_WITH_AES_128_CBC_SHA, TLS12),
    C(TLS_RSA_PSK_WITH_AES_256_CBC_SHA, TLS12),
    C(SSL_CK_RC4_128_WITH_MD5, SSL2),
    C(SSL_CK_RC4_128_EXPORT40_WITH_MD5, SSL2),
    C(SSL_CK_RC2_128_CBC_WITH_MD5, SSL2),
    C(SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5, SSL2),
    C(SSL_CK_IDEA_128_CBC_WITH_MD5, SSL2),
    C(SSL_CK_DES_64_CBC_WITH_MD5, SSL2),
    C(SSL_CK_DES_192_EDE3_CBC_WITH_MD5, SSL2),
    /* sslprov additions (extension section of the header) */
    C(TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLS12),
    C(TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TLS12),
    C(TLS_CHACHA20_POLY1305_SHA256, TLS13),
    C(TLS_AES_128_CCM_SHA256, TLS13),
    C(TLS_AES_128_CCM_8_SHA256, TLS13),
    C(TLS_RSA_WITH_AES_128_CCM, TLS12),
    C(TLS_RSA_WITH_AES_256_CCM, TLS12),
    C(TLS_DHE_RSA_WITH_AES_128_CCM, TLS12),
    C(TLS_DHE_RSA_WITH_AES_256_CCM, TLS12),
    C(TLS_RSA_WITH_AES_128_CCM_8, TLS12),
    C(TLS_RSA_WITH_AES_256_CCM_8, TLS12),
    C(TLS_DHE_RSA_WITH_AES_128_CCM_8, TLS12),
    C(TLS_DHE_RSA_WITH_AES_256_CCM_8, TLS12),
    C(TLS_PSK_WITH_AES_128_CCM, TLS12),
    C(TLS_PSK_WITH_AES_256_CCM, TLS12),
    C(TLS_DHE_PSK_WITH_AES_128_CCM, TLS12),
    C(TLS_DHE_PSK_WITH_AES_256_CCM, TLS12),
    C(TLS_PSK_WITH_AES_128_CCM_8, TLS12),
    C(TLS_PSK_WITH_AES_256_CCM_8, TLS12),
    C(TLS_PSK_DHE_WITH_AES_128_CCM_8, TLS12),
    C(TLS_PSK_DHE_WITH_AES_256_CCM_8, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_128_CCM, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_256_CCM, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, TLS12),
    C(TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, TLS12),
#undef C
};

static void test_every_header_constant(NCRYPT_PROV_HANDLE p) {
    for (size_t i = 0; i < SP_ARRAY_LEN(k_header_suites); i++) {
        NCRYPT_SSL_CIPHER_SUITE s;
        SECURITY_STATUS st = SslLookupCipherSuiteInfo(p, k_header_suites[i].protocol, k_header_suites[i].id, 0, &s, 0);
        if (st != 0) {
            t_fail_at(__FILE__, __LINE__, "lookup %s: 0x%08x", k_header_suites[i].name, (unsigned)st);
            continue;
        }
        /* The catalogue's IANA name is the header's constant name. */
        T_WSTR(s.szCipherSuite, k_header_suites[i].name);
        T_ASSERT(s.dwCipherSuite == k_header_suites[i].id && s.dwBaseCipherSuite == k_header_suites[i].id);
        T_ASSERT(s.dwProtocol == k_header_suites[i].protocol);
    }
    /* The required extra suites of issue #2 item 4. */
    static const DWORD extra[] = {0xCCA8, 0xCCA9, 0xCCAA, 0x1301, 0x1302, 0x1303, 0x1304, 0x1305};
    for (size_t i = 0; i < SP_ARRAY_LEN(extra); i++)
        T_ASSERT(sp_suite_find(extra[i]) != NULL);
    for (DWORD id = 0xC09C; id <= 0xC0AF; id++)
        T_ASSERT(sp_suite_find(id) != NULL);
}

/* ------------------------------------------------------------------------ */
/* Field values as Windows reports them (reference 3.5, PS table)            */
/* ------------------------------------------------------------------------ */

static void test_windows_values(NCRYPT_PROV_HANDLE p) {
    NCRYPT_SSL_CIPHER_SUITE s;

    T_OK(SslLookupCipherSuiteInfo(p, TLS12, 0xC030, 0, &s, 0));
    T_ASSERT(s.dwProtocol == 0x0303 && s.dwCipherSuite == 0xC030 && s.dwBaseCipherSuite == 0xC030);
    T_WSTR(s.szCipherSuite, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    T_WSTR(s.szCipher, "AES");
    T_ASSERT(s.dwCipherLen == 256 && s.dwCipherBlockLen == 16);
    T_WSTR(s.szHash, "");
    T_ASSERT(s.dwHashLen == 0);
    T_WSTR(s.szExchange, "ECDH");
    T_ASSERT(s.dwMinExchangeLen == 0 && s.dwMaxExchangeLen == 65536);
    T_WSTR(s.szCertificate, "RSA");
    T_ASSERT(s.dwKeyType == 0);

    T_OK(SslLookupCipherSuiteInfo(p, TLS12, 0xC02F, 0, &s, 0));
    T_WSTR(s.szCipherSuite, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    T_WSTR(s.szCipher, "AES");
    T_ASSERT(s.dwCipherLen == 128 && s.dwCipherBlockLen == 16);
    T_WSTR(s.szHash, "");
    T_ASSERT(s.dwHashLen == 0);
    T_WSTR(s.szExchange, "ECDH");
    T_ASSERT(s.dwMinExchangeLen == 0 && s.dwMaxExchangeLen == 65536);
    T_WSTR(s.szCertificate, "RSA");

    /* 0xC02C on both of its Windows protocols {0x0303, 0xFEFD}. */
    static const DWORD c02c_protocols[] = {TLS12, DTLS1_2_PROTOCOL_VERSION};
    for (size_t i = 0; i < 2; i++) {
        T_OK(SslLookupCipherSuiteInfo(p, c02c_protocols[i], 0xC02C, 0, &s, 0));
        T_ASSERT(s.dwProtocol == c02c_protocols[i]);
        T_WSTR(s.szCipherSuite, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        T_WSTR(s.szCipher, "AES");
        T_ASSERT(s.dwCipherLen == 256 && s.dwCipherBlockLen == 16 && s.dwHashLen == 0);
        T_WSTR(s.szHash, "");
        T_WSTR(s.szExchange, "ECDH");
        T_ASSERT(s.dwMinExchangeLen == 0 && s.dwMaxExchangeLen == 65536);
        T_WSTR(s.szCertificate, "ECDSA");
    }

    /* The older PS revision: SSL_CK_RC4_128_WITH_MD5 on SSL 2.0. */
    T_OK(SslLookupCipherSuiteInfo(p, SSL2, SSL_CK_RC4_128_WITH_MD5, 0, &s, 0));
    T_ASSERT(s.dwProtocol == 0x0002 && s.dwCipherSuite == 0x010080);
    T_WSTR(s.szCipher, "RC4");
    T_ASSERT(s.dwCipherLen == 128 && s.dwCipherBlockLen == 1);
    T_WSTR(s.szHash, "MD5");
    T_ASSERT(s.dwHashLen == 128);
    T_WSTR(s.szExchange, "RSA");
    T_ASSERT(s.dwMinExchangeLen == 512 && s.dwMaxExchangeLen == 16384);
    T_WSTR(s.szCertificate, "RSA");

    /* CBC with HMAC: hash in bits, block in bytes; DHE reports "DH". */
    T_OK(SslLookupCipherSuiteInfo(p, TLS12, TLS_DHE_RSA_WITH_AES_256_CBC_SHA, 0, &s, 0));
    T_WSTR(s.szCipher, "AES");
    T_ASSERT(s.dwCipherLen == 256 && s.dwCipherBlockLen == 16);
    T_WSTR(s.szHash, "SHA1");
    T_ASSERT(s.dwHashLen == 160);
    T_WSTR(s.szExchange, "DH");
    T_OK(SslLookupCipherSuiteInfo(p, TLS12, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 0, &s, 0));
    T_WSTR(s.szHash, "SHA384");
    T_ASSERT(s.dwHashLen == 384);
    T_OK(SslLookupCipherSuiteInfo(p, TLS10, TLS_RSA_WITH_3DES_EDE_CBC_SHA, 0, &s, 0));
    T_WSTR(s.szCipher, "3DES");
    T_ASSERT(s.dwCipherLen == 168 && s.dwCipherBlockLen == 8);
    /* PSK exchanges use the header's TLS_PSK_EXCHANGE / TLS_RSA_PSK_EXCHANGE strings. */
    T_OK(SslLookupCipherSuiteInfo(p, TLS12, TLS_PSK_WITH_AES_128_GCM_SHA256, 0, &s, 0));
    T_WSTR(s.szExchange, "PSK");
    T_OK(SslLookupCipherSuiteInfo(p, TLS12, TLS_RSA_PSK_WITH_AES_128_CBC_SHA, 0, &s, 0));
    T_WSTR(s.szExchange, "RSA_PSK");
    /* NULL cipher: empty name, 0 bits, block 1. */
    T_OK(SslLookupCipherSuiteInfo(p, TLS12, TLS_RSA_WITH_NULL_SHA256, 0, &s, 0));
    T_WSTR(s.szCipher, "");
    T_ASSERT(s.dwCipherLen == 0 && s.dwCipherBlockLen == 1 && s.dwHashLen == 256);
    /* TLS 1.3: AEAD, no exchange or certificate in the suite. */
    T_OK(SslLookupCipherSuiteInfo(p, TLS13, TLS_AES_256_GCM_SHA384, 0, &s, 0));
    T_WSTR(s.szCipher, "AES");
    T_ASSERT(s.dwCipherLen == 256 && s.dwHashLen == 0);
    T_WSTR(s.szExchange, "");
    /* dwKeyType is echoed. */
    T_OK(SslLookupCipherSuiteInfo(p, TLS12, 0xC02B, TLS_ECC_P384_CURVE_KEY_TYPE, &s, 0));
    T_ASSERT(s.dwKeyType == TLS_ECC_P384_CURVE_KEY_TYPE);

    /* Errors. */
    T_STATUS(SslLookupCipherSuiteInfo(p, TLS12, 0xFFFF, 0, &s, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherSuiteInfo(p, TLS10, 0xC02F, 0, &s, 0), NTE_INVALID_PARAMETER); /* GCM before TLS 1.2 */
    T_STATUS(SslLookupCipherSuiteInfo(p, TLS12, 0x1301, 0, &s, 0), NTE_INVALID_PARAMETER); /* TLS 1.3 suite */
    T_STATUS(SslLookupCipherSuiteInfo(p, TLS13, 0xC02F, 0, &s, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherSuiteInfo(p, 0x0305, 0x002F, 0, &s, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherSuiteInfo(p, TLS12, 0x002F, 0, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherSuiteInfo(p, TLS12, 0x002F, 0, &s, 1), NTE_BAD_FLAGS);
    T_STATUS(SslLookupCipherSuiteInfo(0, TLS12, 0x002F, 0, &s, 0), NTE_INVALID_HANDLE);
}

/* ------------------------------------------------------------------------ */
/* Catalogue invariants (RFC rules) and agreement with OpenSSL's names        */
/* ------------------------------------------------------------------------ */

static void test_catalogue_rules(void) {
    size_t n = sp_suite_count();
    T_ASSERT(n >= 85);
    for (size_t i = 0; i < n; i++) {
        const struct sp_suite *s = sp_suite_at(i);
        const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
        bool aead = ci->mode == SP_MODE_GCM || ci->mode == SP_MODE_CCM || ci->mode == SP_MODE_CHACHAPOLY;
        /* unique ids and names */
        T_ASSERT(sp_suite_find(s->id) == s);
        for (size_t j = i + 1; j < n; j++)
            T_ASSERT(strcmp(s->name, sp_suite_at(j)->name) != 0);
        if (!(s->flags & SP_SF_SSL2)) T_ASSERT(sp_suite_find_name(s->name) == s);
        T_ASSERT(s->protocols != 0);
        /* AEAD suites exist from TLS 1.2 on (RFC 5288, 6655, 7905) and carry no MAC. */
        if (aead) T_ASSERT((s->protocols & ~(SP_P_TLS12 | SP_P_DTLS12 | SP_P_TLS13)) == 0 && s->mac == SP_HASH_NONE);
        if (!aead) T_ASSERT(s->mac != SP_HASH_NONE);
        /* TLS 1.3 suites are TLS 1.3 only and have no key exchange. */
        if (s->protocols & SP_P_TLS13) T_ASSERT(s->protocols == SP_P_TLS13 && s->kx == SP_KX_NONE);
        /* Stream ciphers are forbidden in DTLS (RFC 6347 section 4.1.2.2). */
        if (ci->mode == SP_MODE_STREAM && s->cipher != SP_CIPHER_NULL)
            T_ASSERT((s->protocols & (SP_P_DTLS10 | SP_P_DTLS12)) == 0);
        /* DES and IDEA must not be negotiated in TLS 1.2 (RFC 5246 section 1.2). */
        if (s->cipher == SP_CIPHER_DES || s->cipher == SP_CIPHER_IDEA)
            T_ASSERT((s->protocols & (SP_P_TLS12 | SP_P_DTLS12)) == 0);
        /* Export suites end at TLS 1.0 (RFC 4346 appendix A.5 forbids them). */
        if (s->flags & SP_SF_EXPORT) T_ASSERT((s->protocols & ~(SP_P_SSL3 | SP_P_TLS10 | SP_P_SSL2)) == 0);
        /* ECC (RFC 4492) and PSK (RFC 4279) suites are TLS only, never SSL 3.0. */
        if (s->kx == SP_KX_ECDHE || s->kx == SP_KX_PSK || s->kx == SP_KX_RSA_PSK || s->kx == SP_KX_DHE_PSK)
            T_ASSERT((s->protocols & SP_P_SSL3) == 0);
        /* The TLS 1.2 PRF hash is SHA-384 exactly for *_SHA384 suites (RFC 5289, 5487, 8446). */
        size_t len = strlen(s->name);
        bool sha384 = len > 7 && strcmp(s->name + len - 7, "_SHA384") == 0;
        if (!(s->flags & SP_SF_SSL2)) T_ASSERT(s->prf == (sha384 ? SP_HASH_SHA384 : SP_HASH_SHA256));
        /* SSL 2.0 kinds are SSL 2.0 only. */
        if (s->flags & SP_SF_SSL2) T_ASSERT(s->protocols == SP_P_SSL2 && s->id > 0xFFFF);
    }
}

static void test_openssl_names(void) {
    int compared = 0;
    for (size_t i = 0; i < sp_suite_count(); i++) {
        const struct sp_suite *s = sp_suite_at(i);
        if (s->flags & SP_SF_SSL2) continue;
        const char *ossl = OPENSSL_cipher_name(s->name);
        if (ossl == NULL || strcmp(ossl, "(NONE)") == 0) continue; /* not built into this libssl */
        compared++;
        if (s->ossl_name == NULL || strcmp(ossl, s->ossl_name) != 0)
            t_fail_at(__FILE__, __LINE__, "%s: catalogue says %s, libssl says %s", s->name,
                      s->ossl_name ? s->ossl_name : "(null)", ossl);
        else
            t_pass++;
    }
    T_ASSERT(compared >= 60); /* libssl knows most of them */
}

/* ------------------------------------------------------------------------ */
/* Enumeration                                                               */
/* ------------------------------------------------------------------------ */

static size_t expected_entries(void) {
    size_t total = 0;
    for (size_t i = 0; i < sp_suite_count(); i++)
        total += (size_t)__builtin_popcount(sp_suite_at(i)->protocols);
    return total;
}

static const char *mode_for(DWORD suite) {
    const struct sp_suite *s = sp_suite_find(suite);
    switch (sp_cipher_info((enum sp_cipher)s->cipher)->mode) {
    case SP_MODE_CBC: return "ChainingModeCBC";
    case SP_MODE_GCM: return "ChainingModeGCM";
    case SP_MODE_CCM: return "ChainingModeCCM";
    default: return "ChainingModeN/A";
    }
}

static void test_enum(NCRYPT_PROV_HANDLE p) {
    PVOID st = NULL;
    NCRYPT_SSL_CIPHER_SUITE *s = NULL;
    SECURITY_STATUS r;
    size_t count = 0, bad_dup = 0, bad_lookup = 0;
    size_t cap = expected_entries() + 1;
    uint64_t *seen = calloc(cap, sizeof(uint64_t));
    bool saw_export = false, saw_ssl2 = false, saw_c02f_dtls = false;
    NCRYPT_SSL_CIPHER_SUITE *first = NULL, first_copy;
    size_t proto_changes = 0;
    DWORD last_proto = 0;
    while ((r = SslEnumCipherSuites(p, 0, &s, &st, 0)) == 0) {
        /* Protocol-major, as Windows: the protocol changes once per protocol. */
        if (s->dwProtocol != last_proto) proto_changes++, last_proto = s->dwProtocol;
        /* Each entry is a fresh heap copy: the first stays valid until freed. */
        if (first == NULL) first = s, first_copy = *s;
        uint64_t key = (uint64_t)s->dwProtocol << 32 | s->dwCipherSuite;
        for (size_t i = 0; i < count && i < cap; i++)
            bad_dup += seen[i] == key;
        if (count < cap) seen[count] = key;
        count++;
        /* The entry is what a lookup of the same pair returns. */
        NCRYPT_SSL_CIPHER_SUITE l;
        if (SslLookupCipherSuiteInfo(p, s->dwProtocol, s->dwCipherSuite, 0, &l, 0) != 0 ||
            memcmp(&l, s, sizeof(l)) != 0)
            bad_lookup++;
        saw_export |= s->dwCipherSuite == TLS_RSA_EXPORT_WITH_RC4_40_MD5 && s->dwProtocol == TLS10;
        saw_ssl2 |= s->dwCipherSuite == SSL_CK_DES_192_EDE3_CBC_WITH_MD5 && s->dwProtocol == SSL2;
        saw_c02f_dtls |= s->dwCipherSuite == 0xC02F && s->dwProtocol == DTLS1_2_PROTOCOL_VERSION;
        if (s != first) T_OK(SslFreeBuffer(s));
        if (count > 10000) break;
    }
    T_STATUS(r, NTE_NO_MORE_ITEMS);
    T_ASSERT(first != NULL && memcmp(first, &first_copy, sizeof(first_copy)) == 0);
    T_ASSERT(first != NULL && first->dwProtocol == TLS1_3_PROTOCOL_VERSION);
    T_ASSERT(proto_changes == 8); /* TLS 1.3 .. SSL 2.0, DTLS: each protocol once */
    if (first != NULL) T_OK(SslFreeBuffer(first));
    T_ASSERT(count == expected_entries());
    T_ASSERT(bad_dup == 0);
    T_ASSERT(bad_lookup == 0);
    T_ASSERT(saw_export && saw_ssl2 && saw_c02f_dtls);
    /* Exhausted stays exhausted; the state is freed with SslFreeBuffer. */
    T_STATUS(SslEnumCipherSuites(p, 0, &s, &st, 0), NTE_NO_MORE_ITEMS);
    T_ASSERT(st != NULL);
    T_OK(SslFreeBuffer(st));
    free(seen);

    /* Ex: dwVersion 1, the same 15 members, and the chaining mode. */
    PVOID st1 = NULL, st2 = NULL;
    NCRYPT_SSL_CIPHER_SUITE_EX *x = NULL;
    size_t n = 0, bad = 0;
    while (SslEnumCipherSuites(p, 0, &s, &st1, 0) == 0) {
        if (SslEnumCipherSuitesEx(p, 0, &x, &st2, 0) != 0) {
            bad++;
            SslFreeBuffer(s);
            break;
        }
        n++;
        if (x->dwVersion != NCRYPT_SSL_CIPHER_SUITE_EX_VERSION || memcmp(&x->dwProtocol, s, sizeof(*s)) != 0 ||
            !wstr_eq(x->szCipherMode, NCRYPT_SSL_MAX_NAME_SIZE, mode_for(x->dwCipherSuite)))
            bad++;
        T_OK(SslFreeBuffer(s));
        T_OK(SslFreeBuffer(x));
    }
    T_ASSERT(bad == 0 && n == expected_entries());
    T_STATUS(SslEnumCipherSuitesEx(p, 0, &x, &st2, 0), NTE_NO_MORE_ITEMS);
    T_OK(SslFreeBuffer(st1));
    T_OK(SslFreeBuffer(st2));

    /* A state freed in the middle of an enumeration. */
    st = NULL;
    T_OK(SslEnumCipherSuitesEx(p, 0, &x, &st, 0));
    T_OK(SslFreeBuffer(x));
    T_OK(SslEnumCipherSuitesEx(p, 0, &x, &st, 0));
    T_OK(SslFreeBuffer(x));
    T_OK(SslFreeBuffer(st));

    /* Errors. */
    st = NULL;
    T_STATUS(SslEnumCipherSuites(p, 0, NULL, &st, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslEnumCipherSuites(p, 0, &s, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslEnumCipherSuites(p, 0, &s, &st, 1), NTE_BAD_FLAGS);
    T_STATUS(SslEnumCipherSuitesEx(p, 0, &x, &st, 0x100), NTE_BAD_FLAGS);
    T_STATUS(SslEnumCipherSuites(0, 0, &s, &st, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslEnumCipherSuitesEx((NCRYPT_PROV_HANDLE)0x1234, 0, &x, &st, 0), NTE_INVALID_HANDLE);
    T_ASSERT(st == NULL); /* no state leaks out of a failed first call */
    uint64_t forged = 0;
    PVOID fst = &forged;
    T_STATUS(SslEnumCipherSuites(p, 0, &s, &fst, 0), NTE_INVALID_PARAMETER);
    /* a hash handle is not a private key */
    NCRYPT_HASH_HANDLE hh = 0;
    T_OK(SslCreateHandshakeHash(p, &hh, TLS12, 0xC02F, 0));
    T_STATUS(SslEnumCipherSuites(p, hh, &s, &st, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslEnumCipherSuites(hh, 0, &s, &st, 0), NTE_INVALID_HANDLE);
    T_OK(SslFreeObject(hh, 0));
    T_ASSERT(st == NULL);
}

/* ------------------------------------------------------------------------ */
/* Record lengths (reference 11.1)                                           */
/* ------------------------------------------------------------------------ */

static void lengths(NCRYPT_PROV_HANDLE p, DWORD proto, DWORD suite, DWORD header, DWORD trailer, DWORD var, DWORD flags,
                    int line) {
    NCRYPT_SSL_CIPHER_LENGTHS l;
    memset(&l, 0xAA, sizeof(l));
    SECURITY_STATUS st = SslLookupCipherLengths(p, proto, suite, 0, &l, sizeof(l), 0);
    if (st != 0) {
        t_fail_at(__FILE__, line, "SslLookupCipherLengths(0x%04x, 0x%04x): 0x%08x", (unsigned)proto, (unsigned)suite,
                  (unsigned)st);
        return;
    }
    if (l.cbLength == sizeof(l) && l.dwHeaderLen == header && l.dwFixedTrailerLen == trailer &&
        l.dwMaxVariableTrailerLen == var && l.dwFlags == flags)
        t_pass++;
    else
        t_fail_at(__FILE__, line, "lengths(0x%04x, 0x%04x): got %u/%u/%u/%u/%u, want 20/%u/%u/%u/%u", (unsigned)proto,
                  (unsigned)suite, (unsigned)l.cbLength, (unsigned)l.dwHeaderLen, (unsigned)l.dwFixedTrailerLen,
                  (unsigned)l.dwMaxVariableTrailerLen, (unsigned)l.dwFlags, (unsigned)header, (unsigned)trailer,
                  (unsigned)var, (unsigned)flags);
}
#define LEN(...) lengths(p, __VA_ARGS__, __LINE__)

static void test_lengths(NCRYPT_PROV_HANDLE p) {
    const DWORD BP = NCRYPT_SSL_CIPHER_LENGTHS_BLOCK_PADDING;
    const DWORD D10 = DTLS1_0_PROTOCOL_VERSION, D12 = DTLS1_2_PROTOCOL_VERSION;
    /* dwHeaderLen = explicit IV / nonce only, without the 5-byte (DTLS 13) record
     * header, as Windows' ncrypt.dll reports it (callers add 5 themselves).
     * TLS 1.2 AEAD: 8-byte explicit nonce (RFC 5288), tag 16 (CCM_8: 8). */
    LEN(TLS12, 0xC02F, 8, 16, 0, 0);
    LEN(TLS12, 0xC02C, 8, 16, 0, 0);
    LEN(TLS12, 0xC09C, 8, 16, 0, 0);
    LEN(TLS12, 0xC0AE, 8, 8, 0, 0);
    /* ChaCha20-Poly1305 has no explicit nonce (RFC 7905 section 2). */
    LEN(TLS12, 0xCCA8, 0, 16, 0, 0);
    /* TLS 1.2 CBC: explicit IV of one block, MAC, up to one block of padding. */
    LEN(TLS12, TLS_RSA_WITH_AES_128_CBC_SHA256, 16, 32, 16, BP);
    LEN(TLS12, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 16, 48, 16, BP);
    LEN(TLS12, TLS_RSA_WITH_AES_128_CBC_SHA, 16, 20, 16, BP);
    LEN(TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_3DES_EDE_CBC_SHA, 8, 20, 8, BP);
    /* TLS 1.0 and SSL 3.0 CBC: no explicit IV (RFC 2246 section 6.2.3.2). */
    LEN(TLS10, TLS_RSA_WITH_AES_128_CBC_SHA, 0, 20, 16, BP);
    LEN(SSL3, TLS_RSA_WITH_3DES_EDE_CBC_SHA, 0, 20, 8, BP);
    /* Stream and NULL: MAC only. */
    LEN(SSL3, TLS_RSA_WITH_RC4_128_MD5, 0, 16, 0, 0);
    LEN(TLS12, TLS_RSA_WITH_NULL_SHA, 0, 20, 0, 0);
    LEN(TLS12, TLS_RSA_WITH_NULL_SHA256, 0, 32, 0, 0);
    /* TLS 1.3: header 0, fixed trailer = the tag; the caller's pbInput holds the
     * inner content type (RFC 8446 section 5.2), as on Windows. */
    LEN(TLS13, 0x1301, 0, 16, 0, 0);
    LEN(TLS13, 0x1303, 0, 16, 0, 0);
    LEN(TLS13, 0x1305, 0, 8, 0, 0);
    /* DTLS: the 13-byte record header (RFC 6347 section 4.1) is not counted either. */
    LEN(D12, 0xC02B, 8, 16, 0, 0);
    LEN(D12, 0xCCA9, 0, 16, 0, 0);
    LEN(D12, TLS_RSA_WITH_AES_128_CBC_SHA256, 16, 32, 16, BP);
    LEN(D10, TLS_RSA_WITH_AES_128_CBC_SHA, 16, 20, 16, BP);

    /* Errors. */
    NCRYPT_SSL_CIPHER_LENGTHS l;
    uint8_t big[32];
    T_STATUS(SslLookupCipherLengths(p, TLS12, 0xC02F, 0, &l, sizeof(l) - 1, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherLengths(p, TLS12, 0xC02F, 0, &l, 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherLengths(p, TLS12, 0xC02F, 0, NULL, sizeof(l), 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherLengths(p, TLS12, 0xC02F, 0, &l, sizeof(l), 1), NTE_BAD_FLAGS);
    T_STATUS(SslLookupCipherLengths(0, TLS12, 0xC02F, 0, &l, sizeof(l), 0), NTE_INVALID_HANDLE);
    T_STATUS(SslLookupCipherLengths(p, TLS12, 0xFFFF, 0, &l, sizeof(l), 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherLengths(p, TLS10, 0xC02F, 0, &l, sizeof(l), 0), NTE_INVALID_PARAMETER);
    /* A bigger buffer is fine; cbLength says what was written. */
    memset(big, 0xEE, sizeof(big));
    T_OK(SslLookupCipherLengths(p, TLS12, 0xC02F, 0, (NCRYPT_SSL_CIPHER_LENGTHS *)big, sizeof(big), 0));
    memcpy(&l, big, sizeof(l));
    T_ASSERT(l.cbLength == 20 && big[20] == 0xEE);
}

/* ------------------------------------------------------------------------ */
/* PRF hash                                                                  */
/* ------------------------------------------------------------------------ */

static void prf(NCRYPT_PROV_HANDLE p, DWORD proto, DWORD suite, const char *want, int line) {
    WCHAR name[NCRYPT_SSL_MAX_NAME_SIZE];
    memset(name, 0xAA, sizeof(name));
    SECURITY_STATUS st = SslGetCipherSuitePRFHashAlgorithm(p, proto, suite, 0, name, 0);
    if (st != 0)
        t_fail_at(__FILE__, line, "PRF(0x%04x, 0x%04x): 0x%08x", (unsigned)proto, (unsigned)suite, (unsigned)st);
    else if (!wstr_eq(name, NCRYPT_SSL_MAX_NAME_SIZE, want))
        t_fail_at(__FILE__, line, "PRF(0x%04x, 0x%04x) != %s", (unsigned)proto, (unsigned)suite, want);
    else
        t_pass++;
}
#define PRF(...) prf(p, __VA_ARGS__, __LINE__)

static void test_prf(NCRYPT_PROV_HANDLE p) {
    PRF(TLS12, 0xC030, "SHA384");
    PRF(TLS12, 0xC02F, "SHA256");
    PRF(TLS12, 0xC02C, "SHA384");
    PRF(TLS12, TLS_RSA_WITH_AES_128_CBC_SHA, "SHA256"); /* RFC 5246: SHA-256 for pre-1.2 suites */
    PRF(TLS12, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, "SHA384");
    PRF(TLS12, TLS_PSK_WITH_AES_256_CBC_SHA384, "SHA384");
    PRF(TLS12, 0xCCA8, "SHA256");
    PRF(DTLS1_2_PROTOCOL_VERSION, 0xC02C, "SHA384");
    PRF(TLS13, TLS_AES_256_GCM_SHA384, "SHA384");
    PRF(TLS13, TLS_AES_128_GCM_SHA256, "SHA256");
    /* sslprov: before TLS 1.2 the PRF is MD5 and SHA-1 together. */
    PRF(TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, "MD5SHA1");
    PRF(TLS10, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "MD5SHA1");
    PRF(TLS10, TLS_PSK_WITH_AES_256_CBC_SHA384, "MD5SHA1");
    PRF(SSL3, TLS_RSA_WITH_RC4_128_SHA, "MD5SHA1");
    PRF(DTLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, "MD5SHA1");

    WCHAR name[NCRYPT_SSL_MAX_NAME_SIZE];
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(p, SSL2, SSL_CK_RC4_128_WITH_MD5, 0, name, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(p, TLS12, 0xFFFF, 0, name, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(p, TLS10, 0xC02F, 0, name, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(p, TLS12, 0xC02F, 0, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(p, TLS12, 0xC02F, 0, name, 1), NTE_BAD_FLAGS);
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(0, TLS12, 0xC02F, 0, name, 0), NTE_INVALID_HANDLE);
}

/* ------------------------------------------------------------------------ */
/* Curves                                                                    */
/* ------------------------------------------------------------------------ */

static void test_curves(NCRYPT_PROV_HANDLE p) {
    static const struct {
        const char *name, *oid;
        DWORD bits, iana;
    } want[] = {
        /* Windows' CNG names, curve25519 first (its BuildEccCurves); curve448 last */
        {"curve25519", "1.3.101.110", 255, 29}, {"nistP256", "1.2.840.10045.3.1.7", 256, 23},
        {"nistP384", "1.3.132.0.34", 384, 24},  {"nistP521", "1.3.132.0.35", 521, 25},
        {"curve448", "1.3.101.111", 448, 30},
    };
    DWORD n = 0;
    NCRYPT_SSL_ECC_CURVE *c = NULL;
    T_OK(SslEnumEccCurves(p, &n, &c, 0));
    T_ASSERT(n == 5 && c != NULL);
    for (DWORD i = 0; c != NULL && i < n && i < 5; i++) {
        T_WSTR(c[i].szCurveName, want[i].name);
        T_ASSERT(strcmp(c[i].szOID, want[i].oid) == 0);
        T_ASSERT(c[i].dwPublicKeyLength == want[i].bits && c[i].dwCurveType == want[i].iana && c[i].dwFlags == 0);
    }
    if (c != NULL) T_OK(SslFreeBuffer(c));
    T_STATUS(SslEnumEccCurves(p, NULL, &c, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslEnumEccCurves(p, &n, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslEnumEccCurves(p, &n, &c, 1), NTE_BAD_FLAGS);
    T_STATUS(SslEnumEccCurves(0, &n, &c, 0), NTE_INVALID_HANDLE);
}

/* ------------------------------------------------------------------------ */
/* Export-grade and SSL 2.0: listed, refused where used                      */
/* ------------------------------------------------------------------------ */

static void test_refused(NCRYPT_PROV_HANDLE p) {
    NCRYPT_HASH_HANDLE h = 0;
    NCRYPT_KEY_HANDLE k = 0;
    int refused = 0;
    for (size_t i = 0; i < sp_suite_count(); i++) {
        const struct sp_suite *s = sp_suite_at(i);
        if (!(s->flags & (SP_SF_EXPORT | SP_SF_SSL2))) continue;
        DWORD proto = (s->protocols & SP_P_TLS10) ? TLS10 : (s->protocols & SP_P_SSL3) ? SSL3 : SSL2;
        NCRYPT_SSL_CIPHER_SUITE info;
        /* listed: lookups work */
        T_OK(SslLookupCipherSuiteInfo(p, proto, s->id, 0, &info, 0));
        /* refused for use */
        const struct sp_suite *out = NULL;
        T_STATUS(sp_suite_for(proto, s->id, &out).st, NTE_NOT_SUPPORTED);
        T_STATUS(SslCreateHandshakeHash(p, &h, proto, s->id, 0), NTE_NOT_SUPPORTED);
        uint8_t blob[sizeof(SSLPROV_MASTER_SECRET_HEADER) + 48] = {0};
        SSLPROV_MASTER_SECRET_HEADER hdr = {SSLPROV_MASTER_SECRET_MAGIC, proto, s->id, NCRYPT_SSL_CLIENT_FLAG, 48};
        memcpy(blob, &hdr, sizeof(hdr));
        T_STATUS(SslImportKey(p, &k, SSLPROV_MASTER_SECRET_BLOB, blob, sizeof(blob), 0), NTE_NOT_SUPPORTED);
        refused++;
    }
    T_ASSERT(refused == 4 + 7); /* four export suites, seven SSL 2.0 kinds */
    T_ASSERT(h == 0 && k == 0);
    /* The same calls work for an ordinary suite of the same protocol. */
    T_OK(SslCreateHandshakeHash(p, &h, TLS10, TLS_RSA_WITH_AES_128_CBC_SHA, 0));
    T_OK(SslFreeObject(h, 0));
}

int main(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    test_every_header_constant(p);
    test_windows_values(p);
    test_catalogue_rules();
    test_openssl_names();
    test_enum(p);
    test_lengths(p);
    test_prf(p);
    test_curves(p);
    test_refused(p);
    T_OK(SslFreeObject(p, 0));
    return t_done();
}
