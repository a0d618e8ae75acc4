/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_windows_behaviour.c - sslprov behaves as Windows' ncrypt.dll does for
 * its real callers (issue #11).  One assertion group per row of the "Windows
 * behaviour" table below; each row names where the fact comes from:
 *   [D]  decompiled ncrypt.dll / ncryptsslp.dll functions in public
 *        repositories (function name given);
 *   [C]  real callers (a Windows 7 Schannel replacement built on this
 *        interface, KxSChanl; Schannel's CTls13Record::EncryptRecord);
 *   [I]  the facts listed in issue #11.
 * Then one test over the whole cipher-suite catalogue: SslEncryptPacket's
 * output is exactly 5 (DTLS 13) + dwHeaderLen + plaintext + dwFixedTrailerLen
 * (+ CBC padding within dwMaxVariableTrailerLen; in TLS 1.3 the plaintext
 * includes the caller's inner content type byte).
 *
 *  row  fact                                                     source
 *  W1   SslGenerateMasterKey (EC)DHE: pbOutput, cbOutput,         [D] SPSslGenerateMasterKey, [C] KxSChanl, [I] 1
 *       pcbResult never read: NULL, 0, NULL works
 *  W2   SslGenerateMasterKey dwFlags 3 = client; other bits or 0   [D] SPSslGenerateMasterKey
 *       NTE_BAD_FLAGS; RSA with the server flag NTE_NOT_SUPPORTED
 *  W3   SslLookupCipherLengths dwHeaderLen excludes the record     [I] 2, [C] KxSChanl (5 + dwHeaderLen)
 *       header: GCM 8, CBC 16, TLS 1.3 0 / trailer 16
 *  W4   TLS 1.3 encrypt: pbInput = inner plaintext as built by     [D] Tls13EncryptPacket, [C] CTls13Record, [I] 3
 *       the caller, dwContentType = outer type, 5 + cbInput + 16,
 *       in place at pbOutput + 5, cbInput 1 .. 2^14 + 1
 *  W5   TLS 1.3 decrypt: the whole inner plaintext, bad tag        [D] Tls13DecryptPacket, [I] 3
 *       STATUS_AUTH_TAG_MISMATCH
 *  W6   TLS_13_PRE_SHARED_KEY = raw PSK >= 4 bytes; hash from      [I] 4
 *       SslExtractEarlyKey, label from SslExpandBinderKey
 *  W7   TLS 1.2 PSK / DHE_PSK premaster from                       [D] TlsGeneratePSKPreMasterKey, [I] 6, RFC 4279
 *       NCRYPTBUFFER_SSL_CLEAR_KEY
 *  W8   SslExportKeyingMaterial: context only when cb != 0         [I] 7
 *  W9   SslFreeObject ignores dwFlags; handle 0 STATUS_INVALID_HANDLE [I] 9 and error rows
 *  W10  SslEnumCipherSuites: fresh heap copy per call,             [D] BuildCipherList, [I] 9
 *       protocol-major, SslFreeBuffer
 *  W11  SslOpenProvider dwFlags != 0 -> NTE_INVALID_PARAMETER      [I] error rows
 *  W12  lookups of an unknown protocol / suite ->                  [I] error rows
 *       NTE_INVALID_PARAMETER
 *  W13  SslCreateEphemeralKey accepts dwFlags 0x2, other bits      [D] SPSslCreateEphemeralKey, [I] error rows
 *       NTE_INVALID_PARAMETER
 *  W14  SslExtractEarlyKey / SslExpandWriteKey ignore the          [I] error rows
 *       parameter list and dwFlags
 *  W15  TLS 1.2 in place with pbInput == pbOutput + 5 only         [I] error rows
 *  W16  content type 24 may be written                             [D] TlsEncryptPacket / Tls13EncryptPacket, [I]
 *  W17  SslGetKeyProperty: private and ephemeral keys only,        [D] SPSslGetKeyProperty, [I] error rows
 *       KEYTYPE only on ephemeral keys, other names as
 *       NCryptGetProperty
 *  W18  SslEnumEccCurves: CNG names, curve25519 first              [D] BuildEccCurves, [I] error rows
 *  W19  SslEncryptPacket dwFlags != 0 -> NTE_BAD_FLAGS (kept)      [D] SPSslEncryptPacket
 *  W20  SslComputeFinishedHash, TLS 1.3: role bits not read (3 is  [D] SPSslComputeFinishedHash
 *       fine), other bits NTE_BAD_FLAGS
 */
#include "fixtures.h"
#include "kex_testutil.h"
#include "record_util.h"

#include <openssl/kdf.h>
#include <stdlib.h>

static NCRYPT_PROV_HANDLE g_p;

/* A NUL-terminated WCHAR field equal to an ASCII string. */
static bool wide_is(const WCHAR *w, size_t cap, const char *s) {
    size_t i = 0;
    for (; s[i] != 0; i++)
        if (i >= cap || w[i] != (WCHAR)s[i]) return false;
    return i < cap && w[i] == 0;
}
#define T_WSTR(field, str) T_ASSERT(wide_is((field), SP_ARRAY_LEN(field), (str)))

/* ---- W1, W2: SslGenerateMasterKey ---------------------------------------- */

static NCRYPT_KEY_HANDLE ecdhe_master(DWORD *pcb, DWORD flags, SECURITY_STATUS *st) {
    NCRYPT_KEY_HANDLE priv = 0, pub = 0, m = 0;
    struct kt_params kp;
    T_OK(fx_x25519_private(g_p, &priv));
    T_OK(fx_x25519_public(g_p, &pub));
    NCryptBufferDesc *pl = kt_params(&kp, fx_client_random, fx_server_random, NULL, 0, 0);
    *st = SslGenerateMasterKey(g_p, priv, pub, &m, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, pl,
                               NULL, 0, pcb, flags);
    SslFreeObject(priv, 0), SslFreeObject(pub, 0);
    return m;
}

static void w1_w2_generate_master(void) {
    SECURITY_STATUS st;
    DWORD n = 0xAAAA;
    uint8_t a[48], b[48], c[48];
    /* W1: NULL, 0, NULL on the ECDHE path, as every real ECDHE caller passes. */
    NCRYPT_KEY_HANDLE m1 = ecdhe_master(NULL, NCRYPT_SSL_CLIENT_FLAG, &st);
    T_OK(st);
    NCRYPT_KEY_HANDLE m2 = ecdhe_master(&n, NCRYPT_SSL_CLIENT_FLAG, &st);
    T_OK(st);
    T_ASSERT(n == 0);
    T_ASSERT(kt_master_of(g_p, m1, a) && kt_master_of(g_p, m2, b));
    T_BYTES(a, b, 48);
    /* W2: flags 3 is the client (the client bit wins). */
    NCRYPT_KEY_HANDLE m3 = ecdhe_master(NULL, NCRYPT_SSL_CLIENT_FLAG | NCRYPT_SSL_SERVER_FLAG, &st);
    T_OK(st);
    T_ASSERT(kt_master_of(g_p, m3, c));
    T_BYTES(a, c, 48);
    NCRYPT_KEY_HANDLE r1 = 0, w1 = 0, r3 = 0, w3 = 0;
    NCryptBuffer rb[2];
    NCryptBufferDesc rd;
    T_OK(SslGenerateSessionKeys(g_p, m1, &r1, &w1, fx_randoms(rb, &rd), 0));
    T_OK(SslGenerateSessionKeys(g_p, m3, &r3, &w3, fx_randoms(rb, &rd), 0));
    uint8_t rec1[64], rec3[64];
    DWORD l1 = 0, l3 = 0;
    T_OK(SslEncryptPacket(g_p, w1, (PBYTE) "role", 4, rec1, sizeof(rec1), &l1, 1, CT_APPLICATIONDATA, 0));
    T_OK(SslEncryptPacket(g_p, w3, (PBYTE) "role", 4, rec3, sizeof(rec3), &l3, 1, CT_APPLICATIONDATA, 0));
    T_ASSERT(l1 == l3);
    T_BYTES(rec1, rec3, l1); /* same write key: the client's */
    SslFreeObject(r1, 0), SslFreeObject(w1, 0), SslFreeObject(r3, 0), SslFreeObject(w3, 0);
    SslFreeObject(m1, 0), SslFreeObject(m2, 0), SslFreeObject(m3, 0);
    /* W2: other bits, or neither role bit: NTE_BAD_FLAGS. */
    T_ASSERT(ecdhe_master(NULL, 4, &st) == 0);
    T_STATUS(st, NTE_BAD_FLAGS);
    T_ASSERT(ecdhe_master(NULL, 0, &st) == 0);
    T_STATUS(st, NTE_BAD_FLAGS);
    /* W2: RSA key exchange with the server flag (the server uses
     * SslImportMasterKey): NTE_NOT_SUPPORTED. */
    struct kt_params kp;
    NCRYPT_KEY_HANDLE m = 0;
    T_STATUS(SslGenerateMasterKey(g_p, 0, 0, &m, TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_GCM_SHA256,
                                  kt_params(&kp, fx_client_random, fx_server_random, NULL, 0, 0), NULL, 0, NULL,
                                  NCRYPT_SSL_SERVER_FLAG),
             NTE_NOT_SUPPORTED);
}

/* ---- W3: SslLookupCipherLengths -------------------------------------------- */

static void w3_lengths(void) {
    static const struct {
        DWORD proto, suite, header, trailer, var;
    } rows[] = {
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 8, 16, 0},
        {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 16, 48, 16},
        {TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA, 16, 20, 16},
        {TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, 0, 16, 0},
        {TLS1_3_PROTOCOL_VERSION, TLS_AES_256_GCM_SHA384, 0, 16, 0},
    };
    for (size_t i = 0; i < SP_ARRAY_LEN(rows); i++) {
        NCRYPT_SSL_CIPHER_LENGTHS l;
        T_OK(SslLookupCipherLengths(g_p, rows[i].proto, rows[i].suite, 0, &l, sizeof(l), 0));
        T_ASSERT(l.cbLength == sizeof(l) && l.dwHeaderLen == rows[i].header && l.dwFixedTrailerLen == rows[i].trailer &&
                 l.dwMaxVariableTrailerLen == rows[i].var);
    }
}

/* ---- W4, W5: TLS 1.3 records ----------------------------------------------- */

static void w4_w5_tls13_records(void) {
    struct fx_tls13 t;
    T_OK(fx_tls13_chain(g_p, TLS_AES_128_GCM_SHA256, &t));
    /* The caller builds content || inner type || padding (Schannel). */
    uint8_t buf[5 + 40 + 16], rec[5 + 40 + 16], out[64];
    uint8_t inner[40] = {'h', 'e', 'l', 'l', 'o', CT_HANDSHAKE}; /* + 34 zero bytes of padding */
    DWORD got = 0;
    T_OK(SslEncryptPacket(g_p, t.write_key, inner, sizeof(inner), rec, sizeof(rec), &got, 0, CT_APPLICATIONDATA, 0));
    T_ASSERT(got == 5 + sizeof(inner) + 16);
    T_ASSERT(rec[0] == CT_APPLICATIONDATA && rec[1] == 3 && rec[2] == 3 && rec[3] == 0 && rec[4] == 40 + 16);
    /* In place: pbInput == pbOutput + 5, the same record. */
    memcpy(buf + 5, inner, sizeof(inner));
    T_OK(SslEncryptPacket(g_p, t.write_key, buf + 5, sizeof(inner), buf, sizeof(buf), &got, 0, CT_APPLICATIONDATA, 0));
    T_BYTES(buf, rec, sizeof(rec));
    /* dwContentType is the OUTER type, written as given. */
    T_OK(SslEncryptPacket(g_p, t.write_key, inner, sizeof(inner), buf, sizeof(buf), &got, 0, CT_HANDSHAKE, 0));
    T_ASSERT(buf[0] == CT_HANDSHAKE);
    /* Exactly 5 + cbInput + 16 is enough; one byte less is not. */
    T_STATUS(SslEncryptPacket(g_p, t.write_key, inner, sizeof(inner), buf, sizeof(buf) - 1, &got, 0, 23, 0),
             NTE_BUFFER_TOO_SMALL);
    /* cbInput 1 .. 2^14 + 1 (Tls13EncryptPacket). */
    T_STATUS(SslEncryptPacket(g_p, t.write_key, inner, 0, buf, sizeof(buf), &got, 0, 23, 0), NTE_INVALID_PARAMETER);
    uint8_t *big = calloc(1, 16386 + 5 + 16), *bigout = malloc(16386 + 5 + 16);
    big[16384] = CT_APPLICATIONDATA;
    T_OK(SslEncryptPacket(g_p, t.write_key, big, 16385, bigout, 16386 + 21, &got, 0, 23, 0));
    T_ASSERT(got == 5 + 16385 + 16);
    T_STATUS(SslEncryptPacket(g_p, t.write_key, big, 16386, bigout, 16386 + 21, &got, 0, 23, 0), NTE_INVALID_PARAMETER);
    free(big), free(bigout);
    /* W5: the whole inner plaintext comes back, type and padding included. */
    T_OK(SslDecryptPacket(g_p, t.read_key, rec, sizeof(rec), out, sizeof(out), &got, 0, 0));
    T_ASSERT(got == sizeof(inner));
    T_BYTES(out, inner, sizeof(inner));
    /* ... also in place at pbInput + 5 (the caller scans back for the type). */
    memcpy(buf, rec, sizeof(rec));
    T_OK(SslDecryptPacket(g_p, t.read_key, buf, sizeof(rec), buf + 5, sizeof(inner), &got, 0, 0));
    T_BYTES(buf + 5, inner, sizeof(inner));
    /* W5: a bad tag is STATUS_AUTH_TAG_MISMATCH (BCryptDecrypt's status). */
    memcpy(buf, rec, sizeof(rec));
    buf[sizeof(rec) - 1] ^= 1;
    T_STATUS(SslDecryptPacket(g_p, t.read_key, buf, sizeof(rec), out, sizeof(out), &got, 0, 0),
             STATUS_AUTH_TAG_MISMATCH);
    T_STATUS(SslDecryptPacket(g_p, t.read_key, rec, sizeof(rec), out, sizeof(out), &got, 1, 0),
             STATUS_AUTH_TAG_MISMATCH); /* wrong sequence number */
    fx_tls13_free(&t);
}

/* ---- W6: TLS_13_PRE_SHARED_KEY --------------------------------------------- */

static void hkdf_extract(const char *md, const uint8_t *ikm, size_t n, uint8_t *out, size_t hl) {
    uint8_t zeros[48] = {0};
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdf);
    int mode = EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string("digest", (char *)md, 0),
                      OSSL_PARAM_construct_int("mode", &mode), OSSL_PARAM_construct_octet_string("key", (void *)ikm, n),
                      OSSL_PARAM_construct_octet_string("salt", zeros, hl), OSSL_PARAM_construct_end()};
    T_ASSERT(EVP_KDF_derive(c, out, hl, p) == 1);
    EVP_KDF_CTX_free(c);
    EVP_KDF_free(kdf);
}

static void early_secret_of(NCRYPT_KEY_HANDLE e, uint8_t *out, size_t hl) {
    uint8_t blob[sizeof(SSLPROV_SECRET_HEADER) + 48];
    DWORD n = 0;
    T_OK(SslExportKey(g_p, e, SSLPROV_SECRET_BLOB, blob, sizeof(blob), &n, 0));
    T_ASSERT(n == sizeof(SSLPROV_SECRET_HEADER) + hl);
    memcpy(out, blob + sizeof(SSLPROV_SECRET_HEADER), hl);
}

static void w6_raw_psk(void) {
    NCRYPT_KEY_HANDLE psk = 0, e = 0, b = 0;
    uint8_t got[48], want[48];
    /* The blob is the PSK: no header. */
    T_OK(SslImportKey(g_p, &psk, TLS_13_PRE_SHARED_KEY, (PBYTE)fx_psk, sizeof(fx_psk), 0));
    /* The hash comes from the suite given to SslExtractEarlyKey: either. */
    T_OK(SslExtractEarlyKey(g_p, psk, &e, TLS1_3_PROTOCOL_VERSION, TLS_AES_256_GCM_SHA384, NULL, 0));
    early_secret_of(e, got, 48);
    hkdf_extract("SHA384", fx_psk, sizeof(fx_psk), want, 48);
    T_BYTES(got, want, 48);
    /* The binder label comes from SslExpandBinderKey's flags: both work. */
    T_OK(SslExpandBinderKey(g_p, e, &b, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG));
    SslFreeObject(b, 0);
    T_OK(SslExpandBinderKey(g_p, e, &b, NULL, NCRYPT_SSL_RESUMPTION_PSK_FLAG));
    SslFreeObject(b, 0), SslFreeObject(e, 0);
    T_OK(SslExtractEarlyKey(g_p, psk, &e, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, NULL, 0));
    early_secret_of(e, got, 32);
    hkdf_extract("SHA256", fx_psk, sizeof(fx_psk), want, 32);
    T_BYTES(got, want, 32);
    SslFreeObject(e, 0);
    /* Exported again as TLS_13_PRE_SHARED_KEY: the raw bytes. */
    uint8_t raw[64];
    DWORD n = 0;
    T_OK(SslExportKey(g_p, psk, TLS_13_PRE_SHARED_KEY, raw, sizeof(raw), &n, 0));
    T_ASSERT(n == sizeof(fx_psk));
    T_BYTES(raw, fx_psk, sizeof(fx_psk));
    SslFreeObject(psk, 0);
    /* At least 4 bytes. */
    T_OK(SslImportKey(g_p, &psk, TLS_13_PRE_SHARED_KEY, (PBYTE)fx_psk, 4, 0));
    SslFreeObject(psk, 0);
    T_STATUS(SslImportKey(g_p, &psk, TLS_13_PRE_SHARED_KEY, (PBYTE)fx_psk, 3, 0), NTE_BAD_DATA);
}

/* ---- W7: TLS 1.2 PSK suites ------------------------------------------------ */

static NCryptBufferDesc *psk_params(NCryptBuffer b[3], NCryptBufferDesc *d, const uint8_t *psk, ULONG n) {
    fx_randoms(b, d);
    b[2] = (NCryptBuffer){n, NCRYPTBUFFER_SSL_CLEAR_KEY, (void *)psk};
    d->cBuffers = 3;
    return d;
}

static void w7_tls12_psk(void) {
    NCryptBuffer b[3];
    NCryptBufferDesc d;
    NCRYPT_KEY_HANDLE mc = 0, ms = 0;
    uint8_t got[48], want[48], pms[4 + 2 * 32];
    /* RFC 4279 section 2: premaster = uint16 N || N zeros || uint16 N || PSK. */
    T_OK(SslGenerateMasterKey(g_p, 0, 0, &mc, TLS1_2_PROTOCOL_VERSION, TLS_PSK_WITH_AES_128_GCM_SHA256,
                              psk_params(b, &d, fx_psk, 32), NULL, 0, NULL, NCRYPT_SSL_CLIENT_FLAG));
    T_OK(SslGenerateMasterKey(g_p, 0, 0, &ms, TLS1_2_PROTOCOL_VERSION, TLS_PSK_WITH_AES_128_GCM_SHA256,
                              psk_params(b, &d, fx_psk, 32), NULL, 0, NULL, NCRYPT_SSL_SERVER_FLAG));
    memset(pms, 0, sizeof(pms));
    pms[1] = 32, pms[2 + 32 + 1] = 32;
    memcpy(pms + 4 + 32, fx_psk, 32);
    kt_ossl_master("SHA256", pms, sizeof(pms), fx_client_random, fx_server_random, NULL, 0, want);
    T_ASSERT(kt_master_of(g_p, mc, got));
    T_BYTES(got, want, 48);
    T_ASSERT(kt_master_of(g_p, ms, got));
    T_BYTES(got, want, 48);
    /* Records flow between the two sides. */
    NCRYPT_KEY_HANDLE cr = 0, cw = 0, sr = 0, sw = 0;
    NCryptBuffer rb[2];
    NCryptBufferDesc rd;
    T_OK(SslGenerateSessionKeys(g_p, mc, &cr, &cw, fx_randoms(rb, &rd), 0));
    T_OK(SslGenerateSessionKeys(g_p, ms, &sr, &sw, fx_randoms(rb, &rd), 0));
    uint8_t rec[64], out[64];
    DWORD n = 0;
    T_OK(SslEncryptPacket(g_p, cw, (PBYTE) "psk", 3, rec, sizeof(rec), &n, 0, CT_APPLICATIONDATA, 0));
    T_OK(SslDecryptPacket(g_p, sr, rec, n, out, sizeof(out), &n, 0, 0));
    T_ASSERT(n == 3 && memcmp(out, "psk", 3) == 0);
    SslFreeObject(cr, 0), SslFreeObject(cw, 0), SslFreeObject(sr, 0), SslFreeObject(sw, 0);
    SslFreeObject(mc, 0), SslFreeObject(ms, 0);
    /* No PSK in the list, or one over 512 bytes: NTE_INVALID_PARAMETER. */
    NCRYPT_KEY_HANDLE m = 0;
    static uint8_t long_psk[513];
    T_STATUS(SslGenerateMasterKey(g_p, 0, 0, &m, TLS1_2_PROTOCOL_VERSION, TLS_PSK_WITH_AES_128_GCM_SHA256,
                                  psk_params(b, &d, long_psk, sizeof(long_psk)), NULL, 0, NULL, NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslGenerateMasterKey(g_p, 0, 0, &m, TLS1_2_PROTOCOL_VERSION, TLS_PSK_WITH_AES_128_GCM_SHA256,
                                  fx_randoms(rb, &rd), NULL, 0, NULL, NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    /* DHE_PSK (RFC 4279 section 3): both sides agree, and differ from PSK. */
    NCRYPT_KEY_HANDLE ec = 0, es = 0, pc = 0, ps = 0;
    DWORD suite = 0xC0A6; /* TLS_DHE_PSK_WITH_AES_128_CCM */
    T_OK(SslCreateEphemeralKey(g_p, &ec, TLS1_2_PROTOCOL_VERSION, suite, 0, 2048, NULL, 0, 0));
    T_OK(SslCreateEphemeralKey(g_p, &es, TLS1_2_PROTOCOL_VERSION, suite, 0, 2048, NULL, 0, NCRYPT_SSL_SERVER_FLAG));
    DWORD lc = 0, ls = 0;
    uint8_t *bc = kt_export(g_p, ec, BCRYPT_DH_PUBLIC_BLOB, &lc), *bs = kt_export(g_p, es, BCRYPT_DH_PUBLIC_BLOB, &ls);
    T_OK(SslImportKey(g_p, &pc, BCRYPT_DH_PUBLIC_BLOB, bc, lc, 0));
    T_OK(SslImportKey(g_p, &ps, BCRYPT_DH_PUBLIC_BLOB, bs, ls, 0));
    T_OK(SslGenerateMasterKey(g_p, ec, ps, &mc, TLS1_2_PROTOCOL_VERSION, suite, psk_params(b, &d, fx_psk, 32), NULL, 0,
                              NULL, NCRYPT_SSL_CLIENT_FLAG));
    T_OK(SslGenerateMasterKey(g_p, es, pc, &ms, TLS1_2_PROTOCOL_VERSION, suite, psk_params(b, &d, fx_psk, 32), NULL, 0,
                              NULL, NCRYPT_SSL_SERVER_FLAG));
    uint8_t gs[48];
    T_ASSERT(kt_master_of(g_p, mc, got) && kt_master_of(g_p, ms, gs));
    T_BYTES(got, gs, 48);
    T_ASSERT(memcmp(got, want, 48) != 0);
    free(bc), free(bs);
    SslFreeObject(ec, 0), SslFreeObject(es, 0), SslFreeObject(pc, 0), SslFreeObject(ps, 0);
    SslFreeObject(mc, 0), SslFreeObject(ms, 0);
}

/* ---- W8: SslExportKeyingMaterial ------------------------------------------- */

static void w8_exporter(void) {
    NCRYPT_KEY_HANDLE m = 0;
    uint8_t rnd[64], a[32], b[32], ctx[4] = {1, 2, 3, 4};
    memcpy(rnd, fx_client_random, 32), memcpy(rnd + 32, fx_server_random, 32);
    T_OK(fx_master(g_p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG, &m));
    T_OK(SslExportKeyingMaterial(g_p, m, "EXPORTER-w8", rnd, 64, NULL, 0, a, 32, 0));
    T_OK(SslExportKeyingMaterial(g_p, m, "EXPORTER-w8", rnd, 64, ctx, 0, b, 32, 0));
    T_BYTES(a, b, 32); /* (pointer, 0) = no context */
    T_OK(SslExportKeyingMaterial(g_p, m, "EXPORTER-w8", rnd, 64, ctx, 4, b, 32, 0));
    T_ASSERT(memcmp(a, b, 32) != 0);
    SslFreeObject(m, 0);
}

/* ---- W9..W19: objects, enumeration, error codes --------------------------- */

static void w9_free_object(void) {
    NCRYPT_KEY_HANDLE m = 0;
    T_OK(fx_master(g_p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG, &m));
    T_OK(SslFreeObject(m, 0x12345678)); /* dwFlags not read: freed */
    T_STATUS(SslFreeObject(m, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslFreeObject(0, 0), STATUS_INVALID_HANDLE);
}

static void w10_enum(void) {
    PVOID st = NULL;
    NCRYPT_SSL_CIPHER_SUITE *a = NULL, *b = NULL;
    T_OK(SslEnumCipherSuites(g_p, 0, &a, &st, 0));
    NCRYPT_SSL_CIPHER_SUITE copy = *a;
    T_OK(SslEnumCipherSuites(g_p, 0, &b, &st, 0));
    T_ASSERT(a != b);
    T_ASSERT(memcmp(a, &copy, sizeof(copy)) == 0); /* the earlier entry stays valid */
    T_ASSERT(a->dwProtocol == TLS1_3_PROTOCOL_VERSION && b->dwProtocol == TLS1_3_PROTOCOL_VERSION);
    T_OK(SslFreeBuffer(a));
    T_OK(SslFreeBuffer(b));
    T_OK(SslFreeBuffer(st));
}

static void w11_to_w19_error_rows(void) {
    NCRYPT_PROV_HANDLE p = 0;
    T_STATUS(SslOpenProvider(&p, NULL, 1), NTE_INVALID_PARAMETER); /* W11 */
    /* W12 */
    NCRYPT_SSL_CIPHER_SUITE cs;
    NCRYPT_SSL_CIPHER_LENGTHS l;
    WCHAR prf[NCRYPT_SSL_MAX_NAME_SIZE];
    T_STATUS(SslLookupCipherSuiteInfo(g_p, TLS1_2_PROTOCOL_VERSION, 0xFFFF, 0, &cs, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslLookupCipherLengths(g_p, 0x0399, 0xC02F, 0, &l, sizeof(l), 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslGetCipherSuitePRFHashAlgorithm(g_p, TLS1_2_PROTOCOL_VERSION, 0xFFFF, 0, prf, 0), NTE_INVALID_PARAMETER);
    /* W13 */
    NCRYPT_KEY_HANDLE e = 0;
    T_STATUS(SslCreateEphemeralKey(g_p, &e, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 23, 0, NULL,
                                   0, 0x1),
             NTE_INVALID_PARAMETER); /* other bits: SPSslCreateEphemeralKey */
    T_OK(SslCreateEphemeralKey(g_p, &e, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 23, 0, NULL, 0,
                               0x2));
    /* W17: KEYTYPE on the ephemeral key; Length as NCryptGetProperty; a
     * master key is not a key SslGetKeyProperty takes. */
    PBYTE prop = NULL;
    DWORD pl = 0;
    T_OK(SslGetKeyProperty(e, SSL_KEY_TYPE_PROPERTY, &prop, &pl, 0));
    T_ASSERT(pl == 4 && *(DWORD *)prop == TLS_ECC_P256_CURVE_KEY_TYPE);
    SslFreeBuffer(prop);
    T_OK(SslGetKeyProperty(e, u"Length", &prop, &pl, 0));
    T_ASSERT(pl == 4 && *(DWORD *)prop == 256);
    SslFreeBuffer(prop);
    T_STATUS(SslGetKeyProperty(e, u"Unknown Property", &prop, &pl, 0), NTE_NOT_SUPPORTED);
    SslFreeObject(e, 0);
    NCRYPT_KEY_HANDLE m = 0;
    T_OK(fx_master(g_p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NCRYPT_SSL_CLIENT_FLAG, &m));
    T_STATUS(SslGetKeyProperty(m, SSL_KEY_TYPE_PROPERTY, &prop, &pl, 0), NTE_INVALID_HANDLE);
    SslFreeObject(m, 0);
    /* W14: parameter list and flags not read. */
    struct fx_tls13 t;
    T_OK(fx_tls13_chain(g_p, TLS_AES_128_GCM_SHA256, &t));
    NCryptBufferDesc junk = {7, 1, NULL};
    NCRYPT_KEY_HANDLE k = 0;
    T_OK(SslExtractEarlyKey(g_p, t.psk, &k, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, &junk, 0xFF));
    SslFreeObject(k, 0);
    T_OK(SslExpandWriteKey(g_p, t.client_traffic, &k, &junk, 0xFF));
    SslFreeObject(k, 0);
    /* W20: a PSK binder is a TLS 1.3 Finished computation. */
    uint8_t v0[32], v3[32];
    T_OK(SslExpandBinderKey(g_p, t.early, &k, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG));
    T_OK(SslComputeFinishedHash(g_p, k, t.transcript, v0, 32, 0));
    T_OK(SslComputeFinishedHash(g_p, k, t.transcript, v3, 32, NCRYPT_SSL_CLIENT_FLAG | NCRYPT_SSL_SERVER_FLAG));
    T_BYTES(v0, v3, 32);
    T_STATUS(SslComputeFinishedHash(g_p, k, t.transcript, v3, 32, 4), NTE_BAD_FLAGS);
    SslFreeObject(k, 0);
    fx_tls13_free(&t);
    /* W15, W16, W19: TLS 1.2 GCM record layouts and types. */
    NCRYPT_KEY_HANDLE w = 0, r = 0;
    T_OK(fx_record_pair(g_p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, &w, &r));
    uint8_t rec[64], buf[64], out[64];
    DWORD n = 0, got = 0;
    T_OK(SslEncryptPacket(g_p, w, (PBYTE) "in place", 8, rec, sizeof(rec), &n, 9, CT_APPLICATIONDATA, 0));
    T_ASSERT(n == 5 + 8 + 8 + 16);
    memcpy(buf + 5, "in place", 8);
    T_OK(SslEncryptPacket(g_p, w, buf + 5, 8, buf, sizeof(buf), &got, 9, CT_APPLICATIONDATA, 0)); /* W15 */
    T_ASSERT(got == n);
    T_BYTES(buf, rec, n);
    T_OK(SslDecryptPacket(g_p, r, buf, n, buf + 5, sizeof(buf) - 5, &got, 9, 0)); /* W15, decrypt side */
    T_ASSERT(got == 8 && memcmp(buf + 5, "in place", 8) == 0);
    T_OK(SslEncryptPacket(g_p, w, (PBYTE) "\x01\x00\x00", 3, rec, sizeof(rec), &n, 10, 24, 0)); /* W16 */
    T_ASSERT(rec[0] == 24);
    T_OK(SslDecryptPacket(g_p, r, rec, n, out, sizeof(out), &got, 10, 0));
    T_ASSERT(got == 3);
    T_STATUS(SslEncryptPacket(g_p, w, (PBYTE) "x", 1, rec, sizeof(rec), &n, 11, 23, 1), NTE_BAD_FLAGS); /* W19 */
    SslFreeObject(w, 0), SslFreeObject(r, 0);
    /* W18 */
    DWORD count = 0;
    NCRYPT_SSL_ECC_CURVE *c = NULL;
    T_OK(SslEnumEccCurves(g_p, &count, &c, 0));
    T_ASSERT(count >= 4 && c != NULL);
    if (c != NULL && count >= 4) {
        T_WSTR(c[0].szCurveName, "curve25519");
        T_WSTR(c[1].szCurveName, "nistP256");
        T_WSTR(c[2].szCurveName, "nistP384");
        T_WSTR(c[3].szCurveName, "nistP521");
    }
    SslFreeBuffer(c);
}

/* ---- The whole catalogue: record sizes ------------------------------------- */

static void catalogue_sizes(void) {
    static const DWORD protos[] = {SSL3_PROTOCOL_VERSION,   TLS1_0_PROTOCOL_VERSION, TLS1_1_PROTOCOL_VERSION,
                                   TLS1_2_PROTOCOL_VERSION, TLS1_3_PROTOCOL_VERSION, DTLS1_0_PROTOCOL_VERSION,
                                   DTLS1_2_PROTOCOL_VERSION};
    static const size_t lens[] = {1, 15, 16, 37, 1000, 16384};
    static uint8_t pt[16385], rec[16384 + 2048 + 13], out[16384 + 2048];
    size_t pairs = 0, skipped = 0;
    for (size_t i = 0; i < sp_suite_count(); i++) {
        const struct sp_suite *s = sp_suite_at(i);
        const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
        for (size_t j = 0; j < SP_ARRAY_LEN(protos); j++) {
            DWORD proto = protos[j];
            if ((s->protocols & sp_proto_bit_of(proto)) == 0) continue;
            if (s->flags & (SP_SF_EXPORT | SP_SF_SSL2)) continue; /* listed, refused (no record keys) */
            const bool tls13 = proto == TLS1_3_PROTOCOL_VERSION;
            const bool aead = ci->mode == SP_MODE_GCM || ci->mode == SP_MODE_CCM || ci->mode == SP_MODE_CHACHAPOLY;
            uint8_t mac[48], key[32], iv[16];
            t_rand(mac, sizeof(mac)), t_rand(key, sizeof(key)), t_rand(iv, sizeof(iv));
            size_t ml = tls13 || aead ? 0 : sp_suite_mac_len(s);
            size_t il = tls13 ? 12 : aead ? ci->fixed_iv_len : (ci->mode == SP_MODE_CBC ? ci->block_len : 0);
            SECURITY_STATUS st = 0;
            NCRYPT_KEY_HANDLE kw = t_record_key(g_p, proto, s->id, true, mac, ml, key, ci->key_len, iv, il, &st);
            NCRYPT_KEY_HANDLE kr = t_record_key(g_p, proto, s->id, false, mac, ml, key, ci->key_len, iv, il, &st);
            if (kw == 0 || kr == 0) { /* RC4 / DES without OpenSSL's legacy provider */
                T_ASSERT(st == NTE_NOT_SUPPORTED);
                skipped++;
                SslFreeObject(kw, 0), SslFreeObject(kr, 0);
                continue;
            }
            if (tls13) kr = kw;
            NCRYPT_SSL_CIPHER_LENGTHS L;
            T_OK(SslLookupCipherLengths(g_p, proto, s->id, 0, &L, sizeof(L), 0));
            const size_t hdr = sp_proto_is_dtls(proto) ? 13 : 5;
            uint64_t seq = sp_proto_is_dtls(proto) ? 0x0001000000000000ull : 0;
            for (size_t k = 0; k < SP_ARRAY_LEN(lens); k++, seq++) {
                size_t n = lens[k]; /* plaintext; TLS 1.3: n content bytes + the inner type */
                size_t in = n + (tls13 ? 1 : 0);
                t_rand(pt, in);
                if (tls13) pt[n] = CT_APPLICATIONDATA;
                DWORD got = 0;
                T_OK(SslEncryptPacket(g_p, kw, pt, (DWORD)in, rec, sizeof(rec), &got, seq, CT_APPLICATIONDATA, 0));
                size_t fixed = hdr + L.dwHeaderLen + in + L.dwFixedTrailerLen;
                if (L.dwFlags & NCRYPT_SSL_CIPHER_LENGTHS_BLOCK_PADDING) {
                    /* + padding: 1 .. dwMaxVariableTrailerLen, to a whole number of blocks */
                    T_ASSERT(got > fixed && got - fixed <= L.dwMaxVariableTrailerLen &&
                             (got - hdr - L.dwHeaderLen) % ci->block_len == 0);
                } else {
                    T_ASSERT(got == fixed);
                }
                DWORD pl = 0;
                T_OK(SslDecryptPacket(g_p, kr, rec, got, out, sizeof(out), &pl, seq, 0));
                T_ASSERT(pl == in);
                if (pl == in) T_BYTES(out, pt, in);
                if (t_fail) {
                    fprintf(stderr, "  catalogue: proto %04x suite %04x len %zu\n", (unsigned)proto, (unsigned)s->id,
                            n);
                    exit(1);
                }
            }
            pairs++;
            SslFreeObject(kw, 0);
            if (!tls13) SslFreeObject(kr, 0);
        }
    }
    printf("# catalogue: %zu (protocol, suite) pairs checked, %zu without the legacy provider\n", pairs, skipped);
    T_ASSERT(pairs > 100);
}

int main(void) {
    t_rand_init();
    g_p = t_open_provider(true);
    w1_w2_generate_master();
    w3_lengths();
    w4_w5_tls13_records();
    w6_raw_psk();
    w7_tls12_psk();
    w8_exporter();
    w9_free_object();
    w10_enum();
    w11_to_w19_error_rows();
    catalogue_sizes();
    SslFreeObject(g_p, 0);
    return t_done();
}
