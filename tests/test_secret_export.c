/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_secret_export.c - the "Secret export" rule (issue #12 item 2, header
 * comment at SslProvSetProviderOption): the exportable property is fixed by
 * the provider that made the root secret and inherited by everything derived
 * from it, whichever provider derives, and it survives opaque round trips.
 *
 * Each of the four bypasses of the issue is run twice: with a creating
 * provider A that never opted in (every export through the opted-in provider
 * B answers NTE_PERM) and with A opted in (the same exports work and give the
 * right bytes):
 *   (a) BCRYPT_OPAQUE_KEY_BLOB from A, imported on B, exported in the clear;
 *   (b) SslGenerateSessionKeys(B, master of A), SSLPROV_SESSION_KEY_BLOB;
 *   (c) TLS 1.3: early secret and ephemeral key of A, the rest of the chain
 *       derived through B, SSLPROV_SECRET_BLOB and session keys of B;
 *   (d) ephemeral private keys of A exported through B (also after an opaque
 *       round trip), and master keys B derives from them.
 * Then the opaque format itself (issue #12 item 10, issue #11 item 5): blobs
 * differ per export, a shared sealing key moves keys between providers that
 * hold it, sealing under a shared key is an export (NTE_PERM unless
 * exportable), RC4 keys are refused.  All of (a)-(d) passed on the code before
 * issue #12 (the bypasses), so this test fails there.  The key log follows the
 * same rule (keylog_bypass).
 */
#include "testutil.h"
#include "fixtures.h"
#include "kex_testutil.h"

#define SUITE12 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
#define SUITE13 TLS_AES_128_GCM_SHA256

static NCRYPT_PROV_HANDLE g_b; /* the second provider: always opted in */

/* Expected status of an export: OK when the creator opted in, else NTE_PERM. */
static SECURITY_STATUS want(bool opted) { return opted ? 0 : NTE_PERM; }

static SECURITY_STATUS export_len(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, LPCWSTR type, uint8_t *buf, DWORD cap,
                                  DWORD *n) {
    *n = 0;
    return SslExportKey(p, k, type, buf, cap, n, 0);
}

/* (a) and (b): TLS 1.2 master key of A. */
static void bypass_tls12(bool opted) {
    NCRYPT_PROV_HANDLE a = t_open_provider(opted);
    NCRYPT_KEY_HANDLE m = 0, m2 = 0, r = 0, w = 0, r2 = 0, w2 = 0;
    NCryptBuffer rb[2];
    NCryptBufferDesc rd;
    uint8_t buf[1024], blob[1024];
    DWORD n = 0, bn = 0;
    T_OK(fx_master(a, TLS1_2_PROTOCOL_VERSION, SUITE12, NCRYPT_SSL_CLIENT_FLAG, &m));
    /* (a) opaque from A (no opt-in needed), imported on B, exported in the clear */
    T_OK(export_len(a, m, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &bn));
    T_OK(SslImportKey(g_b, &m2, BCRYPT_OPAQUE_KEY_BLOB, blob, bn, 0));
    T_STATUS(export_len(g_b, m2, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n), want(opted));
    T_STATUS(export_len(g_b, m2, SSLPROV_MASTER_SECRET_BLOB, NULL, 0, &n), want(opted));
    if (opted) T_BYTES(buf + sizeof(SSLPROV_MASTER_SECRET_HEADER), fx_master_secret, 48);
    /* ... and the opaque copy's session keys */
    T_OK(SslGenerateSessionKeys(g_b, m2, &r2, &w2, fx_randoms(rb, &rd), 0));
    T_STATUS(export_len(g_b, w2, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n), want(opted));
    /* (b) session keys of A's master made by B */
    T_OK(SslGenerateSessionKeys(g_b, m, &r, &w, fx_randoms(rb, &rd), 0));
    T_STATUS(export_len(g_b, w, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n), want(opted));
    T_STATUS(export_len(g_b, r, SSLPROV_SESSION_KEY_BLOB, NULL, 0, &n), want(opted));
    if (opted) T_ASSERT(n == sizeof(SSLPROV_SESSION_KEY_HEADER) + 16 + 4);
    /* (b) then (a): B's session keys sealed and re-imported on B */
    NCRYPT_KEY_HANDLE w3 = 0;
    T_OK(export_len(g_b, w, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &bn));
    T_OK(SslImportKey(g_b, &w3, BCRYPT_OPAQUE_KEY_BLOB, blob, bn, 0));
    T_STATUS(export_len(g_b, w3, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n), want(opted));
    /* A itself, when it did not opt in, never exports either */
    if (!opted) T_STATUS(export_len(a, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n), NTE_PERM);
    NCRYPT_HANDLE all[] = {m, m2, r, w, r2, w2, w3, a};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* (c) TLS 1.3: A makes the roots (early secret without PSK, ephemeral key),
 * B derives everything else. */
static void bypass_tls13(bool opted) {
    NCRYPT_PROV_HANDLE a = t_open_provider(opted);
    NCRYPT_KEY_HANDLE early = 0, eph = 0, pub = 0, hs = 0, ms = 0, ct = 0, st = 0, ap = 0, wk = 0, exp = 0, res = 0,
                      psk = 0, e2 = 0, hs2 = 0;
    NCRYPT_HASH_HANDLE th = 0;
    uint8_t buf[1024], blob[1024];
    DWORD n = 0, bn = 0;
    T_OK(SslExtractEarlyKey(a, 0, &early, TLS1_3_PROTOCOL_VERSION, SUITE13, NULL, 0));
    T_OK(SslCreateEphemeralKey(a, &eph, TLS1_3_PROTOCOL_VERSION, SUITE13, SSLPROV_GROUP_X25519, 0, NULL, 0, 0));
    T_OK(fx_x25519_public(g_b, &pub));
    T_OK(SslCreateHandshakeHash(g_b, &th, TLS1_3_PROTOCOL_VERSION, SUITE13, 0));
    T_OK(SslHashHandshake(g_b, th, (PBYTE) "transcript", 10, 0));
    T_OK(SslExtractHandshakeKey(g_b, eph, pub, early, &hs, NULL, 0));
    T_OK(SslExpandTrafficKeys(g_b, hs, th, &ct, &st, NULL, 0));
    T_OK(SslExtractMasterKey(g_b, hs, &ms, NULL, 0));
    T_OK(SslExpandTrafficKeys(g_b, ms, th, &ap, NULL, NULL, 0));
    T_OK(SslExpandWriteKey(g_b, ap, &wk, NULL, 0));
    T_OK(SslExpandExporterMasterKey(g_b, ms, th, &exp, NULL, 0));
    T_OK(SslExpandResumptionMasterKey(g_b, ms, th, &res, NULL, 0));
    T_OK(SslExpandPreSharedKey(g_b, res, (PBYTE) "n", 1, &psk, NULL, 0));
    NCRYPT_KEY_HANDLE secrets[] = {early, hs, ct, st, ms, ap, exp, res, psk};
    for (size_t i = 0; i < SP_ARRAY_LEN(secrets); i++) {
        T_STATUS(export_len(g_b, secrets[i], SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n), want(opted));
        T_STATUS(export_len(g_b, secrets[i], SSLPROV_SECRET_BLOB, NULL, 0, &n), want(opted));
    }
    T_STATUS(export_len(g_b, psk, TLS_13_PRE_SHARED_KEY, buf, sizeof(buf), &n), want(opted));
    T_STATUS(export_len(g_b, wk, SSLPROV_SESSION_KEY_BLOB, buf, sizeof(buf), &n), want(opted));
    /* a resumption PSK of the chain starts a new chain on B: still A's property */
    T_OK(SslExtractEarlyKey(g_b, psk, &e2, TLS1_3_PROTOCOL_VERSION, SUITE13, NULL, 0));
    T_OK(SslExtractHandshakeKey(g_b, 0, 0, e2, &hs2, NULL, 0));
    T_STATUS(export_len(g_b, e2, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n), want(opted));
    T_STATUS(export_len(g_b, hs2, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n), want(opted));
    /* opaque round trip of the master secret through B */
    NCRYPT_KEY_HANDLE ms2 = 0;
    T_OK(export_len(a, ms, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &bn));
    T_OK(SslImportKey(g_b, &ms2, BCRYPT_OPAQUE_KEY_BLOB, blob, bn, 0));
    T_STATUS(export_len(g_b, ms2, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n), want(opted));
    NCRYPT_HANDLE all[] = {early, eph, pub, hs, ms, ct, st, ap, wk, exp, res, psk, e2, hs2, ms2, th, a};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* (d) ephemeral private keys of A. */
static void bypass_ephemeral(bool opted) {
    NCRYPT_PROV_HANDLE a = t_open_provider(opted);
    NCRYPT_KEY_HANDLE e = 0, e2 = 0, pub = 0, m = 0, imp = 0;
    uint8_t buf[1024], blob[2048];
    DWORD n = 0, bn = 0, rn = 0;
    struct t_randoms tr;
    T_OK(SslCreateEphemeralKey(a, &e, TLS1_2_PROTOCOL_VERSION, SUITE12, SSLPROV_GROUP_X25519, 0, NULL, 0, 0));
    T_STATUS(export_len(g_b, e, SSLPROV_ECCPRIVATE_BLOB, buf, sizeof(buf), &n), want(opted));
    T_STATUS(export_len(g_b, e, SSLPROV_ECCPRIVATE_BLOB, NULL, 0, &n), want(opted));
    if (opted) T_ASSERT(n == 8 + 32);
    /* the public half is never restricted */
    T_OK(export_len(a, e, SSL_ECCPUBLIC_BLOB, buf, sizeof(buf), &n));
    /* opaque round trip into B */
    T_OK(export_len(a, e, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &bn));
    T_OK(SslImportKey(g_b, &e2, BCRYPT_OPAQUE_KEY_BLOB, blob, bn, 0));
    T_STATUS(export_len(g_b, e2, SSLPROV_ECCPRIVATE_BLOB, buf, sizeof(buf), &n), want(opted));
    /* a master key B makes from A's ephemeral key */
    T_OK(fx_x25519_public(g_b, &pub));
    T_OK(SslGenerateMasterKey(g_b, e, pub, &m, TLS1_2_PROTOCOL_VERSION, SUITE12,
                              t_randoms(&tr, fx_client_random, fx_server_random), NULL, 0, &rn,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_STATUS(export_len(g_b, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n), want(opted));
    /* a private key imported on A is A's too (SSLPROV_ECCPRIVATE_BLOB import) */
    T_OK(fx_x25519_private(a, &imp));
    T_STATUS(export_len(g_b, imp, SSLPROV_ECCPRIVATE_BLOB, buf, sizeof(buf), &n), want(opted));
    if (opted) T_BYTES(buf + 8, fx_x25519_priv, 32);
    NCRYPT_HANDLE all[] = {e, e2, pub, m, imp, a};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* Opting in later does not reach back; opting out stops exports at once. */
static void option_timing(void) {
    NCRYPT_PROV_HANDLE a = t_open_provider(false);
    NCRYPT_KEY_HANDLE m0 = 0, m1 = 0;
    uint8_t buf[256];
    DWORD n = 0;
    T_OK(fx_master(a, TLS1_2_PROTOCOL_VERSION, SUITE12, NCRYPT_SSL_CLIENT_FLAG, &m0));
    T_OK(SslProvSetProviderOption(a, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1));
    T_OK(fx_master(a, TLS1_2_PROTOCOL_VERSION, SUITE12, NCRYPT_SSL_CLIENT_FLAG, &m1));
    T_STATUS(export_len(a, m0, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n), NTE_PERM);
    T_OK(export_len(a, m1, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n));
    T_OK(SslProvSetProviderOption(a, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 0));
    T_STATUS(export_len(a, m1, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n), NTE_PERM);
    /* the caller's provider must have opted in too */
    NCRYPT_PROV_HANDLE plain = t_open_provider(false);
    T_STATUS(export_len(plain, m1, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n), NTE_PERM);
    NCRYPT_HANDLE all[] = {m0, m1, a, plain};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* ------------------------------------------------------------------------ */
/* Opaque blobs                                                              */
/* ------------------------------------------------------------------------ */

static void opaque_format(void) {
    NCRYPT_PROV_HANDLE a = t_open_provider(false);
    NCRYPT_KEY_HANDLE m = 0, x = 0;
    uint8_t b1[512], b2[512];
    DWORD n1 = 0, n2 = 0;
    T_OK(fx_master(a, TLS1_2_PROTOCOL_VERSION, SUITE12, NCRYPT_SSL_CLIENT_FLAG, &m));
    T_OK(export_len(a, m, BCRYPT_OPAQUE_KEY_BLOB, b1, sizeof(b1), &n1));
    T_OK(export_len(a, m, BCRYPT_OPAQUE_KEY_BLOB, b2, sizeof(b2), &n2));
    /* version 2: magic, version, type, flags, then a 32-byte salt that is new
     * for every blob (each blob has its own key) */
    static const uint8_t k_magic[4] = {0x42, 0x4F, 0x50, 0x53};
    T_ASSERT(n1 == n2 && memcmp(b1, k_magic, 4) == 0 && b1[7] == 2 && b1[15] == 0);
    T_ASSERT(memcmp(b1, b2, 16) == 0 && memcmp(b1 + 16, b2 + 16, 32) != 0);
    /* the secret is not in the blob */
    T_ASSERT(memmem(b1, n1, fx_master_secret, 16) == NULL);
    /* every header byte is authenticated: the salt, the flags, the type */
    size_t offs[] = {9, 13, 16, 47, n1 - 1};
    for (size_t i = 0; i < SP_ARRAY_LEN(offs); i++) {
        b1[offs[i]] ^= 1;
        T_STATUS(SslImportKey(a, &x, BCRYPT_OPAQUE_KEY_BLOB, b1, n1, 0), NTE_BAD_DATA);
        b1[offs[i]] ^= 1;
    }
    NCRYPT_KEY_HANDLE t = 0;
    T_STATUS(SslImportKey(a, &t, BCRYPT_OPAQUE_KEY_BLOB, b1, n1 - 1, 0), NTE_BAD_DATA);
    T_OK(SslImportKey(a, &x, BCRYPT_OPAQUE_KEY_BLOB, b1, n1, 0));
    NCRYPT_HANDLE all[] = {m, x, a};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* RC4 keys carry keystream state a copy cannot have: refused. */
static void opaque_stream_keys(void) {
    NCRYPT_PROV_HANDLE a = t_open_provider(true);
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    uint8_t b[512];
    DWORD n = 0;
    T_OK(fx_session_keys(a, TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_RC4_128_SHA, NCRYPT_SSL_CLIENT_FLAG, &r, &w));
    T_STATUS(export_len(a, w, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &n), NTE_NOT_SUPPORTED);
    T_STATUS(export_len(a, r, BCRYPT_OPAQUE_KEY_BLOB, NULL, 0, &n), NTE_NOT_SUPPORTED);
    SslFreeObject(r, 0), SslFreeObject(w, 0);
    /* the NULL cipher has no keystream: its keys do leave */
    T_OK(fx_session_keys(a, TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_NULL_SHA256, NCRYPT_SSL_CLIENT_FLAG, &r, &w));
    T_OK(export_len(a, w, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &n));
    SslFreeObject(r, 0), SslFreeObject(w, 0), SslFreeObject(a, 0);
}

/* A shared sealing key: blobs open only on providers holding the key; sealing
 * under it is an export. */
static void opaque_shared_key(void) {
    static BYTE key[32] = {0x53, 0x45, 0x41, 0x4c, 1, 2, 3}, other[32] = {9};
    NCRYPT_PROV_HANDLE x = t_open_provider(true), y = t_open_provider(true), z = t_open_provider(true);
    NCRYPT_PROV_HANDLE plain = t_open_provider(false);
    NCRYPT_KEY_HANDLE m = 0, mp = 0, k = 0;
    uint8_t b[512], out[256];
    DWORD n = 0, on = 0;
    /* option checks */
    T_STATUS(SslProvSetProviderOptionEx(x, SSLPROV_OPTION_OPAQUE_SEALING_KEY, key, 31, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvSetProviderOptionEx(x, SSLPROV_OPTION_OPAQUE_SEALING_KEY, NULL, 32, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvSetProviderOptionEx(x, SSLPROV_OPTION_OPAQUE_SEALING_KEY, key, 32, 1), NTE_BAD_FLAGS);
    T_STATUS(SslProvSetProviderOptionEx(x, 77, key, 32, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslProvSetProviderOptionEx(0, SSLPROV_OPTION_OPAQUE_SEALING_KEY, key, 32, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslProvSetProviderOption(x, SSLPROV_OPTION_OPAQUE_SEALING_KEY, 1), NTE_INVALID_PARAMETER);
    T_OK(SslProvSetProviderOptionEx(x, SSLPROV_OPTION_OPAQUE_SEALING_KEY, key, 32, 0));
    T_OK(SslProvSetProviderOptionEx(y, SSLPROV_OPTION_OPAQUE_SEALING_KEY, key, 32, 0));
    T_OK(SslProvSetProviderOptionEx(z, SSLPROV_OPTION_OPAQUE_SEALING_KEY, other, 32, 0));
    DWORD one = 1;
    T_OK(SslProvSetProviderOptionEx(plain, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, (PBYTE)&one, 4, 0));
    T_OK(SslProvSetProviderOption(plain, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 0));

    T_OK(fx_master(x, TLS1_2_PROTOCOL_VERSION, SUITE12, NCRYPT_SSL_CLIENT_FLAG, &m));
    T_OK(export_len(x, m, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &n));
    T_ASSERT(b[15] == 1); /* sealed under the shared key */
    T_OK(SslImportKey(y, &k, BCRYPT_OPAQUE_KEY_BLOB, b, n, 0));
    T_OK(export_len(y, k, SSLPROV_MASTER_SECRET_BLOB, out, sizeof(out), &on));
    T_BYTES(out + sizeof(SSLPROV_MASTER_SECRET_HEADER), fx_master_secret, 48);
    T_OK(SslFreeObject(k, 0));
    /* another key, or none: the blob does not open */
    T_STATUS(SslImportKey(z, &k, BCRYPT_OPAQUE_KEY_BLOB, b, n, 0), NTE_BAD_DATA);
    T_STATUS(SslImportKey(plain, &k, BCRYPT_OPAQUE_KEY_BLOB, b, n, 0), NTE_BAD_DATA);
    /* a key that is not exportable is not sealed under a key the caller knows */
    T_OK(fx_master(plain, TLS1_2_PROTOCOL_VERSION, SUITE12, NCRYPT_SSL_CLIENT_FLAG, &mp));
    T_STATUS(export_len(x, mp, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &n), NTE_PERM);
    T_STATUS(export_len(x, mp, BCRYPT_OPAQUE_KEY_BLOB, NULL, 0, &n), NTE_PERM);
    /* ... but under the per-process key, and such a blob opens on x too */
    T_OK(export_len(plain, mp, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &n));
    T_ASSERT(b[15] == 0);
    T_OK(SslImportKey(x, &k, BCRYPT_OPAQUE_KEY_BLOB, b, n, 0));
    T_STATUS(export_len(x, k, SSLPROV_MASTER_SECRET_BLOB, out, sizeof(out), &on), NTE_PERM);
    T_OK(SslFreeObject(k, 0));
    /* clearing the key returns to the per-process key */
    T_OK(SslProvSetProviderOptionEx(x, SSLPROV_OPTION_OPAQUE_SEALING_KEY, NULL, 0, 0));
    T_OK(export_len(x, mp, BCRYPT_OPAQUE_KEY_BLOB, b, sizeof(b), &n));
    T_ASSERT(b[15] == 0);
    NCRYPT_HANDLE all[] = {m, mp, x, y, z, plain};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* The key log is an export path under the same rule (issue #12: "the same
 * pattern elsewhere"): a secret made on a provider A that had no key-log
 * callback is never logged through a provider B that has one, whatever B
 * derives from it (TLS 1.2 master keys, the TLS 1.3 chain, opaque round
 * trips); with A logging too, B writes the lines.  Before the fix B logged in
 * both cases. */
static int g_lines;
static void count_line(const char *line, void *ctx) {
    SP_UNUSED(line), SP_UNUSED(ctx);
    g_lines++;
}

static void keylog_bypass(bool a_logs) {
    NCRYPT_PROV_HANDLE a = t_open_provider(false), b = t_open_provider(false);
    NCRYPT_KEY_HANDLE e = 0, e2 = 0, pub = 0, m = 0, m2 = 0, early = 0, eph = 0, hs = 0, ct = 0, st = 0, ms = 0, ca = 0,
                      sa = 0;
    NCRYPT_HASH_HANDLE th = 0;
    struct t_randoms tr;
    uint8_t blob[2048];
    DWORD rn = 0, bn = 0;
    NCryptBuffer cb = {32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, (PVOID)fx_client_random};
    NCryptBufferDesc cd = {NCRYPTBUFFER_VERSION, 1, &cb};
    const int per_line = a_logs ? 1 : 0;
    T_OK(SslProvSetKeyLogCallback(b, count_line, NULL));
    if (a_logs) T_OK(SslProvSetKeyLogCallback(a, count_line, NULL));
    /* TLS 1.2: A's ephemeral key, the master key made through B */
    T_OK(SslCreateEphemeralKey(a, &e, TLS1_2_PROTOCOL_VERSION, SUITE12, SSLPROV_GROUP_X25519, 0, NULL, 0, 0));
    T_OK(fx_x25519_public(b, &pub));
    g_lines = 0;
    T_OK(SslGenerateMasterKey(b, e, pub, &m, TLS1_2_PROTOCOL_VERSION, SUITE12,
                              t_randoms(&tr, fx_client_random, fx_server_random), NULL, 0, &rn,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_ASSERT(g_lines == per_line);
    /* ... and after an opaque round trip of that key into B */
    T_OK(export_len(a, e, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &bn));
    T_OK(SslImportKey(b, &e2, BCRYPT_OPAQUE_KEY_BLOB, blob, bn, 0));
    g_lines = 0;
    T_OK(SslGenerateMasterKey(b, e2, pub, &m2, TLS1_2_PROTOCOL_VERSION, SUITE12,
                              t_randoms(&tr, fx_client_random, fx_server_random), NULL, 0, &rn,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_ASSERT(g_lines == per_line);
    /* TLS 1.3: A's early secret (with the client random) and ephemeral key,
     * the handshake and application secrets derived through B */
    T_OK(SslExtractEarlyKey(a, 0, &early, TLS1_3_PROTOCOL_VERSION, SUITE13, &cd, 0));
    T_OK(SslCreateEphemeralKey(a, &eph, TLS1_3_PROTOCOL_VERSION, SUITE13, SSLPROV_GROUP_X25519, 0, NULL, 0, 0));
    T_OK(SslCreateHandshakeHash(b, &th, TLS1_3_PROTOCOL_VERSION, SUITE13, 0));
    T_OK(SslHashHandshake(b, th, (PBYTE) "transcript", 10, 0));
    g_lines = 0;
    T_OK(SslExtractHandshakeKey(b, eph, pub, early, &hs, NULL, 0));
    T_OK(SslExpandTrafficKeys(b, hs, th, &ct, &st, NULL, 0));
    T_OK(SslExtractMasterKey(b, hs, &ms, NULL, 0));
    T_OK(SslExpandTrafficKeys(b, ms, th, &ca, &sa, NULL, 0));
    T_ASSERT(g_lines == 4 * per_line);
    NCRYPT_HANDLE all[] = {e, e2, pub, m, m2, early, eph, hs, ct, st, ms, ca, sa, th, a, b};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

int main(void) {
    g_b = t_open_provider(true);
    keylog_bypass(false);
    keylog_bypass(true);
    for (int opted = 0; opted <= 1; opted++) {
        bypass_tls12(opted);
        bypass_tls13(opted);
        bypass_ephemeral(opted);
    }
    option_timing();
    opaque_format();
    opaque_stream_keys();
    opaque_shared_key();
    SslFreeObject(g_b, 0);
    return t_done();
}
