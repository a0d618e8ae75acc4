/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls13_schedule.c - the TLS 1.3 key schedule through the public functions:
 * RFC 8448 section 3 (complete), sections 4-7 (PSK/resumption chain, handshake and
 * master secrets), section 5 HelloRetryRequest transcript (complete), the
 * illustrated SHA-384 handshake (complete), all 250 NIST ACVP TLS 1.3 KDF vectors
 * (DHE, PSK, PSK-DHE; SHA-256/384), key-log lines.
 *
 * Branches kex and keysched are merged into tls13, so everything goes through
 * the public functions: SslExtractHandshakeKey with an imported ephemeral
 * private key (SSLPROV_ECCPRIVATE_BLOB) and the peer's SSL_ECCPUBLIC_BLOB,
 * SslComputeFinishedHash for Finished (and, for comparison, the internal
 * sp_tls13_finished it dispatches to), write keys through
 * SslExportKey(SSLPROV_SESSION_KEY_BLOB) and the record-key fields.  The raw
 * (EC)DHE entry sp_tls13_extract_handshake_raw is used where only the shared
 * secret is printed (the ACVP vectors; and the section 4-7 chain below, kept as
 * a cross-check of the raw entry).  test_tls13_rfc8448.c walks RFC 8448 sections
 * 3-7 completely through the public functions, in both roles, records included.
 */
#include "internal.h"
#include "rfc8448_msgs.h"
#include "testutil.h"

#include <stdlib.h>

static const DWORD P13 = TLS1_3_PROTOCOL_VERSION;
static NCRYPT_PROV_HANDLE g_prov; /* the provider of the test in progress */

/* ------------------------------------------------------------------------ */
/* helpers                                                                   */
/* ------------------------------------------------------------------------ */

static uint8_t *vhex(struct t_vec *v, const char *key, size_t *len) {
    size_t n = 0;
    uint8_t *p = t_vec_hex(v, key, &n);
    if (p == NULL) t_fail_at(__FILE__, __LINE__, "missing field %s", key);
    if (len) *len = n;
    return p;
}

/* The secret behind a TLS 1.3 handle, through SslExportKey(SSLPROV_SECRET_BLOB). */
static void check_secret(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE h, DWORD kind, const uint8_t *want, size_t len) {
    uint8_t buf[sizeof(SSLPROV_SECRET_HEADER) + 256];
    DWORD n = 0;
    T_OK(SslExportKey(p, h, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n, 0));
    SSLPROV_SECRET_HEADER hdr;
    memcpy(&hdr, buf, sizeof(hdr));
    T_ASSERT(hdr.dwMagic == SSLPROV_SECRET_MAGIC && hdr.dwProtocol == P13);
    T_ASSERT(hdr.dwKind == kind);
    T_ASSERT(hdr.cbSecret == len && n == sizeof(hdr) + len);
    T_BYTES(buf + sizeof(hdr), want, len);
}

static void check_secret_v(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE h, DWORD kind, struct t_vec *v, const char *key) {
    size_t n = 0;
    uint8_t *want = vhex(v, key, &n);
    if (want) check_secret(p, h, kind, want, n);
    free(want);
}

/* Write key: key, IV and owner from the record-key object. */
static void check_write_key(NCRYPT_KEY_HANDLE h, DWORD owner, const uint8_t *key, size_t key_len, const uint8_t *iv) {
    struct sp_object *o = NULL;
    T_OK(sp_handle_get(h, SP_T(SP_OBJ_RECORD), &o).st);
    if (o == NULL) return;
    struct sp_record_key *k = (struct sp_record_key *)o;
    uint8_t m[SP_RECORD_MAX_MAC + SP_RECORD_MAX_KEY + SP_RECORD_MAX_IV];
    struct sp_record_material l;
    T_ASSERT(k->protocol == P13 && sp_rk_owner(k) == owner && sp_rk_for_write(k));
    sp_record_key_material(k, m, &l);
    T_ASSERT(l.key == key_len && l.iv == 12 && l.mac == 0);
    T_BYTES(m, key, key_len);
    T_BYTES(m + key_len, iv, 12);
    sp_handle_put(o);
    /* the public view: SSLPROV_SESSION_KEY_BLOB */
    uint8_t blob[sizeof(SSLPROV_SESSION_KEY_HEADER) + 64];
    DWORD n = 0;
    T_OK(SslExportKey(g_prov, h, SSLPROV_SESSION_KEY_BLOB, blob, sizeof(blob), &n, 0));
    SSLPROV_SESSION_KEY_HEADER hdr;
    memcpy(&hdr, blob, sizeof(hdr));
    T_ASSERT(hdr.dwProtocol == P13 && hdr.dwFlags == owner && hdr.cbMacKey == 0);
    T_ASSERT(hdr.cbEncKey == key_len && hdr.cbIV == 12 && n == sizeof(hdr) + key_len + 12);
    T_BYTES(blob + sizeof(hdr), key, key_len);
    T_BYTES(blob + sizeof(hdr) + key_len, iv, 12);
}

static void write_key_v(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE traffic, DWORD owner, struct t_vec *v,
                        const char *kname, const char *ivname) {
    NCRYPT_KEY_HANDLE w = 0;
    size_t kl = 0, il = 0;
    uint8_t *key = vhex(v, kname, &kl), *iv = vhex(v, ivname, &il);
    T_OK(SslExpandWriteKey(p, traffic, &w, NULL, 0));
    if (key && iv && il == 12) check_write_key(w, owner, key, kl, iv);
    T_OK(SslFreeObject(w, 0));
    free(key), free(iv);
}

/* Finished through SslComputeFinishedHash and the internal entry it dispatches to. */
static void check_finished(NCRYPT_KEY_HANDLE key, NCRYPT_HASH_HANDLE hash, const uint8_t *want, size_t len) {
    struct sp_object *k = NULL;
    struct sp_hshash *h = NULL;
    uint8_t out[64];
    T_OK(sp_handle_get(key, SP_T(SP_OBJ_TLS13), &k).st);
    T_OK(sp_hash_get(hash, &h).st);
    if (k && h) {
        T_OK(sp_tls13_finished((struct sp_tls13_secret *)k, h, out, len).st);
        T_BYTES(out, want, len);
    }
    sp_handle_put(k);
    sp_handle_put(h ? &h->obj : NULL);
    /* the public path: SslComputeFinishedHash with the traffic secret as hMasterKey */
    memset(out, 0, sizeof(out));
    T_OK(SslComputeFinishedHash(g_prov, key, hash, out, (DWORD)len, 0));
    T_BYTES(out, want, len);
}

static void check_th(NCRYPT_PROV_HANDLE p, NCRYPT_HASH_HANDLE h, const uint8_t *want, size_t len) {
    uint8_t d[64];
    DWORD n = 0;
    T_OK(SslComputeSessionHash(p, h, P13, d, sizeof(d), &n, 0));
    T_ASSERT(n == len);
    T_BYTES(d, want, len);
}

static void hash_v(NCRYPT_PROV_HANDLE p, NCRYPT_HASH_HANDLE h, struct t_vec *v, const char *key) {
    size_t n = 0;
    uint8_t *m = vhex(v, key, &n);
    T_OK(SslHashHandshake(p, h, m, (DWORD)n, 0));
    free(m);
}

/* Key-log capture. */
static char g_lines[16][300];
static int g_nlines;
static void keylog_cb(const char *line, void *ctx) {
    SP_UNUSED(ctx);
    if (g_nlines < 16) snprintf(g_lines[g_nlines], sizeof(g_lines[0]), "%s", line);
    g_nlines++;
}

static void expect_line(int i, const char *label, const uint8_t cr[32], const uint8_t *secret, size_t len) {
    char want[300], hex[200];
    t_hex(cr, 32, hex);
    int o = snprintf(want, sizeof(want), "%s %s ", label, hex);
    t_hex(secret, len, want + o);
    T_ASSERT(i < g_nlines && strcmp(g_lines[i], want) == 0);
    if (i < g_nlines && strcmp(g_lines[i], want) != 0) fprintf(stderr, "line %d: %s\nwant: %s\n", i, g_lines[i], want);
}

/* ------------------------------------------------------------------------ */
/* Complete handshakes: RFC 8448 section 3 and the illustrated SHA-384 one   */
/* ------------------------------------------------------------------------ */

/* Import an (EC)DH private key and a peer share, then SslExtractHandshakeKey. */
static void ecdhe_handshake(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE e, DWORD group, const uint8_t *priv, size_t pl,
                            const uint8_t *pub, size_t ql, NCRYPT_KEY_HANDLE *hs) {
    uint8_t blob[sizeof(SSL_ECCKEY_BLOB) + 200];
    SSL_ECCKEY_BLOB h = {group, (ULONG)pl};
    NCRYPT_KEY_HANDLE k = 0, peer = 0;
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), priv, pl);
    T_OK(SslImportKey(p, &k, SSLPROV_ECCPRIVATE_BLOB, blob, (DWORD)(sizeof(h) + pl), 0));
    h.cbKey = (ULONG)ql;
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), pub, ql);
    T_OK(SslImportKey(p, &peer, SSL_ECCPUBLIC_BLOB, blob, (DWORD)(sizeof(h) + ql), 0));
    T_OK(SslExtractHandshakeKey(p, k, peer, e, hs, NULL, 0));
    /* swapped types are refused */
    NCRYPT_KEY_HANDLE x = 0;
    T_STATUS(SslExtractHandshakeKey(p, peer, k, e, &x, NULL, 0), NTE_INVALID_HANDLE);
    T_OK(SslFreeObject(k, 0));
    T_OK(SslFreeObject(peer, 0));
}

static void x25519_handshake(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE e, struct t_vec *v, const char *privname,
                             const char *pubname, NCRYPT_KEY_HANDLE *hs) {
    size_t pl = 0, ql = 0;
    uint8_t *priv = vhex(v, privname, &pl), *pub = vhex(v, pubname, &ql);
    if (priv && pub) ecdhe_handshake(p, e, SSLPROV_GROUP_X25519, priv, pl, pub, ql, hs);
    free(priv), free(pub);
}

static void full_schedule(const char *file, DWORD suite, size_t key_len, NCRYPT_KEY_HANDLE *psk_out) {
    struct t_vec *v = t_vec_open(file);
    if (v == NULL || !t_vec_next(v)) return;
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    g_prov = p;
    NCRYPT_KEY_HANDLE e = 0, hs = 0, ms = 0, chs = 0, shs = 0, cap = 0, sap = 0, exp = 0, res = 0;
    NCRYPT_HASH_HANDLE th = 0;
    size_t hl = 0, chl = 0, n = 0;
    uint8_t *ch = vhex(v, "msg_client_hello", &chl);
    uint8_t cr[32];
    memcpy(cr, ch + 6, 32); /* ClientHello.random follows type(1) length(3) version(2) */
    free(ch);
    NCryptBuffer b = {32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, cr};
    NCryptBufferDesc params = {NCRYPTBUFFER_VERSION, 1, &b};
    g_nlines = 0;
    T_OK(SslProvSetKeyLogCallback(p, keylog_cb, NULL));

    T_OK(SslExtractEarlyKey(p, 0, &e, P13, suite, &params, 0));
    uint8_t *early = vhex(v, "early_secret", &hl);
    check_secret(p, e, SSLPROV_SECRET_KIND_EARLY, early, hl);
    free(early);
    /* (EC)DHE through the public path: the client's X25519 key and the server's
     * share, and the server's side of it with the roles swapped; the raw entry
     * with the printed shared secret agrees. */
    NCRYPT_KEY_HANDLE hs_srv = 0, hs_raw = 0;
    x25519_handshake(p, e, v, "client_private_key", "server_public_key", &hs);
    x25519_handshake(p, e, v, "server_private_key", "client_public_key", &hs_srv);
    uint8_t *ss = vhex(v, "shared_secret", &n);
    T_OK(sp_tls13_extract_handshake_raw(p, e, ss, n, &hs_raw));
    free(ss);
    check_secret_v(p, hs, SSLPROV_SECRET_KIND_HANDSHAKE, v, "handshake_secret");
    check_secret_v(p, hs_srv, SSLPROV_SECRET_KIND_HANDSHAKE, v, "handshake_secret");
    check_secret_v(p, hs_raw, SSLPROV_SECRET_KIND_HANDSHAKE, v, "handshake_secret");
    T_OK(SslFreeObject(hs_srv, 0));
    T_OK(SslFreeObject(hs_raw, 0));

    T_OK(SslCreateHandshakeHash(p, &th, P13, suite, 0));
    hash_v(p, th, v, "msg_client_hello");
    hash_v(p, th, v, "msg_server_hello");
    uint8_t *x = vhex(v, "th_ch_sh", &n);
    check_th(p, th, x, n);
    free(x);
    T_OK(SslExpandTrafficKeys(p, hs, th, &chs, &shs, NULL, 0));
    check_secret_v(p, chs, SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC, v, "client_hs_traffic");
    check_secret_v(p, shs, SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC, v, "server_hs_traffic");
    write_key_v(p, chs, NCRYPT_SSL_CLIENT_FLAG, v, "client_hs_key", "client_hs_iv");
    write_key_v(p, shs, NCRYPT_SSL_SERVER_FLAG, v, "server_hs_key", "server_hs_iv");
    T_OK(SslExtractMasterKey(p, hs, &ms, NULL, 0));
    check_secret_v(p, ms, SSLPROV_SECRET_KIND_MASTER, v, "master_secret");

    hash_v(p, th, v, "msg_encrypted_extensions");
    hash_v(p, th, v, "msg_certificate");
    hash_v(p, th, v, "msg_certificate_verify");
    x = vhex(v, "th_ch_cv", &n);
    check_th(p, th, x, n);
    free(x);
    x = vhex(v, "server_verify_data", &n);
    check_finished(shs, th, x, n);
    free(x);
    hash_v(p, th, v, "msg_server_finished");
    x = vhex(v, "th_ch_sf", &n);
    check_th(p, th, x, n);
    free(x);
    T_OK(SslExpandTrafficKeys(p, ms, th, &cap, &sap, NULL, 0));
    check_secret_v(p, cap, SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC, v, "client_ap_traffic_0");
    check_secret_v(p, sap, SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC, v, "server_ap_traffic_0");
    write_key_v(p, cap, NCRYPT_SSL_CLIENT_FLAG, v, "client_ap_key", "client_ap_iv");
    write_key_v(p, sap, NCRYPT_SSL_SERVER_FLAG, v, "server_ap_key", "server_ap_iv");
    T_OK(SslExpandExporterMasterKey(p, ms, th, &exp, NULL, 0));
    check_secret_v(p, exp, SSLPROV_SECRET_KIND_EXPORTER, v, "exporter_master_secret");
    x = vhex(v, "client_verify_data", &n);
    check_finished(chs, th, x, n);
    free(x);
    hash_v(p, th, v, "msg_client_finished");
    x = vhex(v, "th_ch_cf", &n);
    check_th(p, th, x, n);
    free(x);
    T_OK(SslExpandResumptionMasterKey(p, ms, th, &res, NULL, 0));
    check_secret_v(p, res, SSLPROV_SECRET_KIND_RESUMPTION, v, "resumption_master");
    if (t_vec_get(v, "ticket_nonce") != NULL) {
        NCRYPT_KEY_HANDLE psk = 0;
        uint8_t *nonce = vhex(v, "ticket_nonce", &n);
        T_OK(SslExpandPreSharedKey(p, res, nonce, (DWORD)n, &psk, NULL, 0));
        free(nonce);
        check_secret_v(p, psk, SSLPROV_SECRET_KIND_PSK, v, "resumption_psk");
        if (psk_out != NULL)
            *psk_out = psk;
        else
            T_OK(SslFreeObject(psk, 0));
    }
    T_ASSERT(key_len > 0);

    /* Key log: the five traffic secrets and the exporter secret, in derivation order. */
    T_ASSERT(g_nlines == 5);
    struct {
        const char *label, *field;
    } want[] = {{"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "client_hs_traffic"},
                {"SERVER_HANDSHAKE_TRAFFIC_SECRET", "server_hs_traffic"},
                {"CLIENT_TRAFFIC_SECRET_0", "client_ap_traffic_0"},
                {"SERVER_TRAFFIC_SECRET_0", "server_ap_traffic_0"},
                {"EXPORTER_SECRET", "exporter_master_secret"}};
    for (int i = 0; i < 5; i++) {
        uint8_t *s = vhex(v, want[i].field, &n);
        expect_line(i, want[i].label, cr, s, n);
        free(s);
    }

    NCRYPT_KEY_HANDLE all[] = {e, hs, ms, chs, shs, cap, sap, exp, res};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
    T_OK(SslFreeObject(th, 0));
    T_OK(SslFreeObject(p, 0));
    t_vec_close(v);
}

/* ------------------------------------------------------------------------ */
/* RFC 8448 sections 4-7: the chain parts that need no unprinted messages    */
/* ------------------------------------------------------------------------ */

/* The output (or another field) of the n-th step of a section whose step text contains what. */
static uint8_t *step_field(int section, const char *what, int nth, const char *field, size_t *len) {
    struct t_vec *v = t_vec_open("tls13_rfc8448_hkdf.txt");
    uint8_t *r = NULL;
    char sec[8];
    snprintf(sec, sizeof(sec), "%d", section);
    while (v != NULL && t_vec_next(v)) {
        const char *s = t_vec_get(v, "section"), *st = t_vec_get(v, "step");
        if (s && st && strcmp(s, sec) == 0 && strstr(st, what) && nth-- == 0) {
            r = t_vec_hex(v, field, len);
            break;
        }
    }
    t_vec_close(v);
    if (r == NULL) t_fail_at(__FILE__, __LINE__, "no step '%s' in section %d", what, section);
    return r;
}

static void check_step(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE h, DWORD kind, int section, const char *what, int nth,
                       const char *field) {
    size_t n = 0;
    uint8_t *want = step_field(section, what, nth, field, &n);
    if (want) check_secret(p, h, kind, want, n);
    free(want);
}

/* Sections 4-7 share: early secret, handshake secret from the printed (EC)DHE
 * IKM, master secret.  Section 4 starts from the PSK of section 3. */
static void section_chain(NCRYPT_PROV_HANDLE p, int section, NCRYPT_KEY_HANDLE psk) {
    NCRYPT_KEY_HANDLE e = 0, hs = 0, ms = 0, bk = 0;
    size_t n = 0;
    T_OK(SslExtractEarlyKey(p, psk, &e, P13, TLS_AES_128_GCM_SHA256, NULL, 0));
    if (section == 4) {
        check_step(p, e, SSLPROV_SECRET_KIND_EARLY, 4, "extract secret \"early\"", 0, "output");
        /* resumption binder key = the key of the "finished" expansion of the binder */
        T_OK(SslExpandBinderKey(p, e, &bk, NULL, NCRYPT_SSL_RESUMPTION_PSK_FLAG));
        check_step(p, bk, SSLPROV_SECRET_KIND_BINDER, 4, "calculate PSK binder", 0, "secret");
        T_OK(SslFreeObject(bk, 0));
    } else {
        check_step(p, e, SSLPROV_SECRET_KIND_EARLY, 3, "extract secret \"early\"", 0, "output");
    }
    uint8_t *ikm = step_field(section, "extract secret \"handshake\"", 0, "ikm", &n);
    T_OK(sp_tls13_extract_handshake_raw(p, e, ikm, n, &hs));
    free(ikm);
    check_step(p, hs, SSLPROV_SECRET_KIND_HANDSHAKE, section, "extract secret \"handshake\"", 0, "output");
    T_OK(SslExtractMasterKey(p, hs, &ms, NULL, 0));
    check_step(p, ms, SSLPROV_SECRET_KIND_MASTER, section, "extract secret \"master\"", 0, "output");
    T_OK(SslFreeObject(e, 0));
    T_OK(SslFreeObject(hs, 0));
    T_OK(SslFreeObject(ms, 0));
}

static void test_rfc8448(void) {
    NCRYPT_KEY_HANDLE psk = 0;
    full_schedule("tls13_rfc8448_1rtt.txt", TLS_AES_128_GCM_SHA256, 16, &psk);
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    g_prov = p;
    T_ASSERT(psk != 0);
    section_chain(p, 4, psk); /* resumed 0-RTT: PSK from section 3's ticket */
    section_chain(p, 5, 0);
    section_chain(p, 6, 0);
    section_chain(p, 7, 0);
    T_OK(SslFreeObject(psk, 0));
    T_OK(SslFreeObject(p, 0));
}

static void test_illustrated(void) { full_schedule("tls13_illustrated_sha384.txt", TLS_AES_256_GCM_SHA384, 32, NULL); }

/* ------------------------------------------------------------------------ */
/* RFC 8448 section 5: HelloRetryRequest transcript through the public API   */
/* ------------------------------------------------------------------------ */

/* The four cleartext messages of RFC 8448 section 5 are in rfc8448_msgs.h
 * (k_s5_*); the encrypted messages come from tls13_record_rfc8448.txt. */
/* t_unhex that skips spaces. */
static size_t unhex_sp(const char *hex, uint8_t *out, size_t cap) {
    char buf[2048];
    size_t j = 0;
    for (size_t i = 0; hex[i] && j + 1 < sizeof(buf); i++)
        if (hex[i] != ' ') buf[j++] = hex[i];
    buf[j] = 0;
    long n = t_unhex(buf, out, cap);
    T_ASSERT(n >= 0);
    return n < 0 ? 0 : (size_t)n;
}

/* The n-th record of a section in the records file: a field. */
static uint8_t *record_field(int section, const char *step, const char *field, size_t *len) {
    struct t_vec *v = t_vec_open("tls13_record_rfc8448.txt");
    uint8_t *r = NULL;
    char sec[8];
    snprintf(sec, sizeof(sec), "%d", section);
    while (v != NULL && t_vec_next(v)) {
        const char *s = t_vec_get(v, "section"), *st = t_vec_get(v, "step");
        if (s && st && strcmp(s, sec) == 0 && strstr(st, step)) {
            r = t_vec_hex(v, field, len);
            break;
        }
    }
    t_vec_close(v);
    if (r == NULL) t_fail_at(__FILE__, __LINE__, "no record '%s' in section %d", step, section);
    return r;
}

static void test_hello_retry_request(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    g_prov = p;
    NCRYPT_KEY_HANDLE e = 0, hs = 0, ms = 0, chs = 0, shs = 0, cap = 0, sap = 0, res = 0;
    NCRYPT_HASH_HANDLE h1 = 0, th = 0;
    uint8_t ch1[256], hrr[256], ch2[600], sh[256], d[64], mh[4 + 64];
    size_t l_ch1 = unhex_sp(k_s5_ch1, ch1, sizeof(ch1)), l_hrr = unhex_sp(k_s5_hrr, hrr, sizeof(hrr));
    size_t l_ch2 = unhex_sp(k_s5_ch2_head, ch2, sizeof(ch2)), l_sh = unhex_sp(k_s5_sh, sh, sizeof(sh));
    memset(ch2 + l_ch2, 0, 0xaf);
    l_ch2 += 0xaf;
    T_ASSERT(l_ch1 == 180 && l_hrr == 176 && l_ch2 == 512 && l_sh == 123);
    DWORD n = 0;

    /* RFC 8446 section 4.4.1: Transcript-Hash(ClientHello1, HelloRetryRequest, ...) =
     * Hash(message_hash || 00 00 Hash.length || Hash(ClientHello1) || HelloRetryRequest || ...).
     * Step 1: the digest of ClientHello1 alone (SslComputeSessionHash with TLS 1.3). */
    T_OK(SslCreateHandshakeHash(p, &h1, P13, TLS_AES_128_GCM_SHA256, 0));
    T_OK(SslHashHandshake(p, h1, ch1, (DWORD)l_ch1, 0));
    T_OK(SslComputeSessionHash(p, h1, P13, NULL, 0, &n, 0)); /* size query */
    T_ASSERT(n == 32);
    T_STATUS(SslComputeSessionHash(p, h1, P13, d, 31, &n, 0), NTE_BUFFER_TOO_SMALL);
    T_OK(SslComputeSessionHash(p, h1, P13, d, sizeof(d), &n, 0));
    T_OK(SslFreeObject(h1, 0));
    /* Step 2: a fresh transcript starting with the synthetic message_hash message. */
    mh[0] = 254, mh[1] = 0, mh[2] = 0, mh[3] = (uint8_t)n;
    memcpy(mh + 4, d, n);
    T_OK(SslCreateHandshakeHash(p, &th, P13, TLS_AES_128_GCM_SHA256, 0));
    T_OK(SslHashHandshake(p, th, mh, 4 + n, 0));
    T_OK(SslHashHandshake(p, th, hrr, (DWORD)l_hrr, 0));
    T_OK(SslHashHandshake(p, th, ch2, (DWORD)l_ch2, 0));
    T_OK(SslHashHandshake(p, th, sh, (DWORD)l_sh, 0));
    size_t cl = 0;
    uint8_t *ctx = step_field(5, "c hs traffic", 0, "context", &cl);
    check_th(p, th, ctx, cl);
    free(ctx);

    T_OK(SslExtractEarlyKey(p, 0, &e, P13, TLS_AES_128_GCM_SHA256, NULL, 0));
    /* P-256 after the retry: the client's second key share and the server's */
    uint8_t cpriv[32], spub[65];
    T_ASSERT(t_unhex("ab5473467e19346ceb0a0414e41da21d4d2445bc3025afe97c4e8dc8d513da39", cpriv, 32) == 32);
    T_ASSERT(unhex_sp("04583e054b7a66672ae020ad9d2686fcc85b5ad41a134a0f03ee72b893052bd85b4c8de6776f5b04ac07d835"
                      "40eab3e3d9c547bc6528c4317d294686093a6cad7d",
                      spub, sizeof(spub)) == 65);
    ecdhe_handshake(p, e, TLS_ECC_P256_CURVE_KEY_TYPE, cpriv, 32, spub, 65, &hs);
    check_step(p, hs, SSLPROV_SECRET_KIND_HANDSHAKE, 5, "extract secret \"handshake\"", 0, "output");
    T_OK(SslExpandTrafficKeys(p, hs, th, &chs, &shs, NULL, 0));
    check_step(p, chs, SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC, 5, "c hs traffic", 0, "output");
    check_step(p, shs, SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC, 5, "s hs traffic", 0, "output");
    T_OK(SslExtractMasterKey(p, hs, &ms, NULL, 0));

    /* Server flight: EE, Certificate, CertificateVerify, Finished in one record. */
    size_t fl = 0, kl = 0, vl = 0;
    uint8_t *flight = record_field(5, "{server}  send handshake record", "plaintext", &fl);
    uint8_t *key = record_field(5, "{server}  send handshake record", "key", &kl);
    uint8_t *iv = record_field(5, "{server}  send handshake record", "iv", &vl);
    NCRYPT_KEY_HANDLE w = 0;
    T_OK(SslExpandWriteKey(p, shs, &w, NULL, 0));
    if (key && iv) check_write_key(w, NCRYPT_SSL_SERVER_FLAG, key, kl, iv);
    T_OK(SslFreeObject(w, 0));
    if (flight && fl > 36) {
        T_ASSERT(flight[fl - 36] == 20); /* Finished */
        T_OK(SslHashHandshake(p, th, flight, (DWORD)(fl - 36), 0));
        check_finished(shs, th, flight + fl - 32, 32);
        T_OK(SslHashHandshake(p, th, flight + fl - 36, 36, 0));
    }
    T_OK(SslExpandTrafficKeys(p, ms, th, &cap, &sap, NULL, 0));
    check_step(p, cap, SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC, 5, "c ap traffic", 0, "output");
    check_step(p, sap, SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC, 5, "s ap traffic", 0, "output");
    free(flight), free(key), free(iv);

    /* Client Finished, then the resumption master secret. */
    flight = record_field(5, "{client}  send handshake record", "plaintext", &fl);
    key = record_field(5, "{client}  send handshake record", "key", &kl);
    iv = record_field(5, "{client}  send handshake record", "iv", &vl);
    T_OK(SslExpandWriteKey(p, chs, &w, NULL, 0));
    if (key && iv) check_write_key(w, NCRYPT_SSL_CLIENT_FLAG, key, kl, iv);
    T_OK(SslFreeObject(w, 0));
    if (flight && fl == 36) {
        check_finished(chs, th, flight + 4, 32);
        T_OK(SslHashHandshake(p, th, flight, 36, 0));
    }
    T_OK(SslExpandResumptionMasterKey(p, ms, th, &res, NULL, 0));
    check_step(p, res, SSLPROV_SECRET_KIND_RESUMPTION, 5, "res master", 0, "output");
    /* application write key of the client: the alert record's keys */
    free(flight), free(key), free(iv);
    key = record_field(5, "{client}  send alert record", "key", &kl);
    iv = record_field(5, "{client}  send alert record", "iv", &vl);
    T_OK(SslExpandWriteKey(p, cap, &w, NULL, 0));
    if (key && iv) check_write_key(w, NCRYPT_SSL_CLIENT_FLAG, key, kl, iv);
    T_OK(SslFreeObject(w, 0));
    free(key), free(iv);

    NCRYPT_KEY_HANDLE all[] = {e, hs, ms, chs, shs, cap, sap, res, th, p};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* ------------------------------------------------------------------------ */
/* NIST ACVP TLS 1.3 KDF: 250 vectors, three modes, through the public API   */
/* ------------------------------------------------------------------------ */

static void hash_field(NCRYPT_PROV_HANDLE p, NCRYPT_HASH_HANDLE h, struct t_vec *v, const char *key) {
    hash_v(p, h, v, key);
}

static void test_acvp(void) {
    struct t_vec *v = t_vec_open("tls13_kdf_acvp.txt");
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    int count = 0, modes[3] = {0};
    while (v != NULL && t_vec_next(v)) {
        const char *mode = t_vec_get(v, "mode");
        bool sha384 = strcmp(t_vec_get(v, "hash"), "SHA384") == 0;
        DWORD suite = sha384 ? TLS_AES_256_GCM_SHA384 : TLS_AES_128_GCM_SHA256;
        bool use_psk = strcmp(mode, "DHE") != 0, use_dhe = strcmp(mode, "PSK") != 0;
        modes[use_psk && use_dhe ? 2 : use_psk ? 1 : 0]++;
        NCRYPT_KEY_HANDLE psk = 0, e = 0, hs = 0, ms = 0, cet = 0, eem = 0, chs = 0, shs = 0, cap = 0, sap = 0;
        NCRYPT_KEY_HANDLE ems = 0, rms = 0;
        NCRYPT_HASH_HANDLE th = 0;
        if (use_psk) {
            size_t n = 0;
            uint8_t *k = vhex(v, "psk", &n), blob[sizeof(SSLPROV_TLS13_PSK_HEADER) + 64];
            SSLPROV_TLS13_PSK_HEADER hdr = {SSLPROV_TLS13_PSK_MAGIC, P13, suite, NCRYPT_SSL_EXTERNAL_PSK_FLAG,
                                            (DWORD)n};
            memcpy(blob, &hdr, sizeof(hdr));
            memcpy(blob + sizeof(hdr), k, n);
            T_OK(SslImportKey(p, &psk, SSLPROV_TLS13_PSK_BLOB, blob, (DWORD)(sizeof(hdr) + n), 0));
            free(k);
        }
        T_OK(SslExtractEarlyKey(p, psk, &e, P13, suite, NULL, 0));
        T_OK(SslCreateHandshakeHash(p, &th, P13, suite, 0));
        hash_field(p, th, v, "hello_client_random");
        T_OK(SslExpandTrafficKeys(p, e, th, &cet, NULL, NULL, 0));
        check_secret_v(p, cet, SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC, v, "client_early_traffic_secret");
        T_OK(SslExpandExporterMasterKey(p, e, th, &eem, NULL, 0));
        check_secret_v(p, eem, SSLPROV_SECRET_KIND_EARLY_EXPORTER, v, "early_exporter_master_secret");
        if (use_dhe) {
            size_t n = 0;
            uint8_t *dhe = vhex(v, "dhe", &n);
            T_OK(sp_tls13_extract_handshake_raw(p, e, dhe, n, &hs));
            free(dhe);
        } else {
            /* PSK-only: public SslExtractHandshakeKey with no key-exchange handles */
            T_OK(SslExtractHandshakeKey(p, 0, 0, e, &hs, NULL, 0));
        }
        hash_field(p, th, v, "hello_server_random");
        T_OK(SslExpandTrafficKeys(p, hs, th, &chs, &shs, NULL, 0));
        check_secret_v(p, chs, SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC, v, "client_handshake_traffic_secret");
        check_secret_v(p, shs, SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC, v, "server_handshake_traffic_secret");
        T_OK(SslExtractMasterKey(p, hs, &ms, NULL, 0));
        hash_field(p, th, v, "finished_server_random");
        T_OK(SslExpandTrafficKeys(p, ms, th, &cap, &sap, NULL, 0));
        check_secret_v(p, cap, SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC, v, "client_application_traffic_secret");
        check_secret_v(p, sap, SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC, v, "server_application_traffic_secret");
        T_OK(SslExpandExporterMasterKey(p, ms, th, &ems, NULL, 0));
        check_secret_v(p, ems, SSLPROV_SECRET_KIND_EXPORTER, v, "exporter_master_secret");
        hash_field(p, th, v, "finished_client_random");
        T_OK(SslExpandResumptionMasterKey(p, ms, th, &rms, NULL, 0));
        check_secret_v(p, rms, SSLPROV_SECRET_KIND_RESUMPTION, v, "resumption_master_secret");
        NCRYPT_HANDLE all[] = {e, hs, ms, cet, eem, chs, shs, cap, sap, ems, rms, th};
        for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
            T_OK(SslFreeObject(all[i], 0));
        if (psk) T_OK(SslFreeObject(psk, 0));
        count++;
    }
    t_vec_close(v);
    T_OK(SslFreeObject(p, 0));
    T_ASSERT(count == 250);
    T_ASSERT(modes[0] > 0 && modes[1] > 0 && modes[2] > 0);
}

int main(void) {
    t_rand_init();
    test_rfc8448();
    test_illustrated();
    test_hello_retry_request();
    test_acvp();
    return t_done();
}
