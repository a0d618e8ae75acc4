/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_script.h - scripted peers for the engine's protocol-rule tests (issues
 * #12 and #13).  The engine under test ("uut") runs in a thread on one end of
 * a socketpair; the test is its peer on the other end and can write ANY bytes:
 *
 *   ts_record()      a raw record: any type, version, length and body;
 *   ts_seal13()      a TLS 1.3 record around an arbitrary TLSInnerPlaintext
 *                    (content || type || zeros) under a traffic secret the
 *                    test learnt from a provider's key log callback;
 *   ts_pair_*()      a second engine as the peer for a normal handshake, after
 *                    which the test injects through that engine's record layer
 *                    (tls_send_record) or the raw writers above;
 *   ts_c13_*()       a minimal scripted TLS 1.3 client (a ClientHello with any
 *                    field chosen by the test, the server flight read under
 *                    the uut's logged secrets, a Finished with any padding).
 *
 * After the injection the test half-closes its end, so an engine that ignores
 * the offending message sees EOF instead of hanging, and asserts on the uut's
 * alert_sent / failed / handshake result.  Every socket has a receive timeout
 * as a last guard.  Header-only: include it from any tests/test_tls*.c.
 */
#ifndef SSLPROV_TLS_SCRIPT_H
#define SSLPROV_TLS_SCRIPT_H

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "testutil.h"
#include "tls.h"

/* ------------------------------------------------------------------------ */
/* A throw-away P-256 identity (self-signed, CN=localhost) in temp files     */
/* ------------------------------------------------------------------------ */

static char ts_cert_file[64], ts_key_file[64];

static void ts_cleanup_files(void) {
    if (ts_cert_file[0]) unlink(ts_cert_file);
    if (ts_key_file[0]) unlink(ts_key_file);
}

/* A self-signed certificate of k for "localhost", signed with md. */
static X509 *ts_self_signed(EVP_PKEY *k, const EVP_MD *md) {
    X509 *x = X509_new();
    T_ASSERT(k != NULL && x != NULL);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, k);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
    X509_set_issuer_name(x, n);
    T_ASSERT(X509_sign(x, k, md) > 0);
    return x;
}

static void ts_make_files(void) {
    if (ts_cert_file[0]) return;
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *x = ts_self_signed(k, EVP_sha256());
    strcpy(ts_cert_file, "/tmp/sslprov-ts-crt-XXXXXX");
    strcpy(ts_key_file, "/tmp/sslprov-ts-key-XXXXXX");
    int cf = mkstemp(ts_cert_file), kf = mkstemp(ts_key_file);
    FILE *f = fdopen(cf, "w"), *g = fdopen(kf, "w");
    T_ASSERT(f != NULL && g != NULL);
    T_ASSERT(PEM_write_X509(f, x) == 1);
    T_ASSERT(PEM_write_PrivateKey(g, k, NULL, NULL, 0, NULL, NULL) == 1);
    fclose(f);
    fclose(g);
    X509_free(x);
    EVP_PKEY_free(k);
    atexit(ts_cleanup_files);
}

/* ------------------------------------------------------------------------ */
/* Secrets through the provider's key log callback                          */
/* ------------------------------------------------------------------------ */

struct ts_keylog {
    pthread_mutex_t mu;
    int n;
    char line[64][320];
};

static void ts_keylog_cb(const char *line, void *ctx) {
    struct ts_keylog *kl = ctx;
    pthread_mutex_lock(&kl->mu);
    if (kl->n < 64) snprintf(kl->line[kl->n++], sizeof(kl->line[0]), "%s", line);
    pthread_mutex_unlock(&kl->mu);
}

/* The last secret logged under label for this client random; its length or 0. */
static size_t ts_keylog_get(struct ts_keylog *kl, const char *label, const uint8_t cr[32], uint8_t *out) {
    char prefix[128], hex[65];
    t_hex(cr, 32, hex);
    snprintf(prefix, sizeof(prefix), "%s %s ", label, hex);
    size_t got = 0;
    for (int tries = 0; tries < 200 && got == 0; tries++) { /* the uut may still be deriving it */
        pthread_mutex_lock(&kl->mu);
        for (int i = kl->n - 1; i >= 0 && got == 0; i--)
            if (strncmp(kl->line[i], prefix, strlen(prefix)) == 0) {
                long l = t_unhex(kl->line[i] + strlen(prefix), out, 64);
                got = l > 0 ? (size_t)l : 0;
            }
        pthread_mutex_unlock(&kl->mu);
        if (got == 0) usleep(10000);
    }
    return got;
}

/* ------------------------------------------------------------------------ */
/* TLS 1.3 record protection, TLS_AES_128_GCM_SHA256 only (RFC 8446 5.2, 7.3) */
/* ------------------------------------------------------------------------ */

static void ts_expand_label(const uint8_t *secret, size_t sl, const char *label, const uint8_t *ctx, size_t cl,
                            uint8_t *out, size_t ol) {
    uint8_t info[2 + 1 + 64 + 1 + 64];
    size_t n = 0, ll = strlen(label);
    info[n++] = (uint8_t)(ol >> 8), info[n++] = (uint8_t)ol;
    info[n++] = (uint8_t)(6 + ll);
    memcpy(info + n, "tls13 ", 6), n += 6;
    memcpy(info + n, label, ll), n += ll;
    info[n++] = (uint8_t)cl;
    if (cl) memcpy(info + n, ctx, cl), n += cl;
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *k = EVP_KDF_CTX_new(kdf);
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    OSSL_PARAM p[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)secret, sl),
                      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, n),
                      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode), OSSL_PARAM_construct_end()};
    T_ASSERT(EVP_KDF_derive(k, out, ol, p) == 1);
    EVP_KDF_CTX_free(k);
    EVP_KDF_free(kdf);
}

struct ts_keys {
    uint8_t key[16], iv[12];
    uint64_t seq;
    bool set;
};

static void ts_keys_from(struct ts_keys *k, const uint8_t *secret, size_t sl, uint64_t seq) {
    ts_expand_label(secret, sl, "key", NULL, 0, k->key, 16);
    ts_expand_label(secret, sl, "iv", NULL, 0, k->iv, 12);
    k->seq = seq;
    k->set = true;
}

static void ts_nonce(const struct ts_keys *k, uint8_t nonce[12]) {
    memcpy(nonce, k->iv, 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(k->seq >> (8 * i));
}

/* rec = 17 03 03 len || AEAD(inner) || tag; returns the record length. */
static size_t ts_seal13(struct ts_keys *k, const uint8_t *inner, size_t n, uint8_t *rec) {
    uint8_t nonce[12];
    int l = 0;
    size_t m = n + 16;
    rec[0] = 23, rec[1] = 3, rec[2] = 3, rec[3] = (uint8_t)(m >> 8), rec[4] = (uint8_t)m;
    ts_nonce(k, nonce);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    T_ASSERT(EVP_EncryptInit_ex(c, EVP_aes_128_gcm(), NULL, k->key, nonce) == 1);
    T_ASSERT(EVP_EncryptUpdate(c, NULL, &l, rec, 5) == 1);
    if (n) T_ASSERT(EVP_EncryptUpdate(c, rec + 5, &l, inner, (int)n) == 1);
    T_ASSERT(EVP_EncryptFinal_ex(c, rec + 5 + n, &l) == 1);
    T_ASSERT(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, rec + 5 + n) == 1);
    EVP_CIPHER_CTX_free(c);
    k->seq++;
    return 5 + m;
}

/* Opens a protected record (header included); the inner plaintext with its
 * padding stripped: *type and content length.  0 ok, -1 failure. */
static int ts_open13(struct ts_keys *k, const uint8_t *rec, size_t len, uint8_t *out, size_t *n, uint8_t *type) {
    uint8_t nonce[12];
    int l = 0, ok;
    if (len < 5 + 17) return -1;
    size_t m = len - 5 - 16;
    ts_nonce(k, nonce);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    EVP_DecryptInit_ex(c, EVP_aes_128_gcm(), NULL, k->key, nonce);
    EVP_DecryptUpdate(c, NULL, &l, rec, 5);
    EVP_DecryptUpdate(c, out, &l, rec + 5, (int)m);
    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void *)(rec + 5 + m));
    ok = EVP_DecryptFinal_ex(c, out + m, &l);
    EVP_CIPHER_CTX_free(c);
    if (ok != 1) return -1;
    k->seq++;
    while (m > 0 && out[m - 1] == 0)
        m--;
    if (m == 0) return -1;
    *type = out[m - 1];
    *n = m - 1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Raw record I/O                                                            */
/* ------------------------------------------------------------------------ */

static void ts_timeout(int fd) {
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static void ts_send(int fd, const void *p, size_t n) {
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
        if (k <= 0) return; /* the uut may have closed already: its verdict is what the test checks */
        b += k, n -= (size_t)k;
    }
}

/* A raw record: type || version || length || body (body may be NULL for zeros). */
static void ts_record(int fd, uint8_t type, uint16_t version, const uint8_t *body, size_t len) {
    uint8_t *r = calloc(1, 5 + len);
    r[0] = type, r[1] = (uint8_t)(version >> 8), r[2] = (uint8_t)version;
    r[3] = (uint8_t)(len >> 8), r[4] = (uint8_t)len;
    if (body && len) memcpy(r + 5, body, len);
    ts_send(fd, r, 5 + len);
    free(r);
}

static int ts_recv_all(int fd, uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t k = recv(fd, p, n, 0);
        if (k <= 0) return -1;
        p += k, n -= (size_t)k;
    }
    return 0;
}

/* One record (header included) into buf; its total length, or 0. */
static size_t ts_read_record(int fd, uint8_t *buf, size_t cap) {
    if (cap < 5 || ts_recv_all(fd, buf, 5) != 0) return 0;
    size_t len = ((size_t)buf[3] << 8) | buf[4];
    if (5 + len > cap || ts_recv_all(fd, buf + 5, len) != 0) return 0;
    return 5 + len;
}

/* ------------------------------------------------------------------------ */
/* Engines: the unit under test in a thread, optionally an engine peer       */
/* ------------------------------------------------------------------------ */

enum ts_mode { TS_HANDSHAKE, TS_READ, TS_ECHO };

struct ts_side {
    struct tls_config cfg;
    struct tls_conn c;
    struct ts_keylog kl;
    pthread_t th;
    bool running;
    enum ts_mode mode;
    int hs_rc;
    long rd_rc;
    uint8_t got[1 << 15];
    size_t got_len;
};

static void ts_side_init(struct ts_side *s, bool server, uint16_t minv, uint16_t maxv) {
    memset(s, 0, sizeof(*s));
    pthread_mutex_init(&s->kl.mu, NULL);
    ts_make_files();
    struct tls_config *cfg = &s->cfg;
    cfg->server = server;
    cfg->min_version = minv;
    cfg->max_version = maxv;
    static const uint16_t suites[] = {0x1301, 0xC02B, 0xC02F};
    memcpy(cfg->suites, suites, sizeof(suites));
    cfg->n_suites = 3;
    cfg->groups[0] = 29, cfg->groups[1] = 23;
    cfg->n_groups = 2;
    T_OK(SslOpenProvider(&cfg->prov, MS_SCHANNEL_PROVIDER, 0));
    T_OK(SslProvSetKeyLogCallback(cfg->prov, ts_keylog_cb, &s->kl));
    char err[200];
    if (server) {
        cfg->id = tls_identity_load(cfg->prov, ts_cert_file, ts_key_file, err, sizeof(err));
        T_ASSERT(cfg->id != NULL);
    }
}

/* The peer's certificate as the only trust anchor (a client that verifies). */
static void ts_side_trust(struct ts_side *s) {
    FILE *f = fopen(ts_cert_file, "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f) fclose(f);
    s->cfg.ca = X509_STORE_new();
    T_ASSERT(x != NULL && X509_STORE_add_cert(s->cfg.ca, x) == 1);
    X509_free(x);
}

static void *ts_side_main(void *arg) {
    struct ts_side *s = arg;
    s->hs_rc = tls_handshake(&s->c);
    if (s->hs_rc != 0 || s->mode == TS_HANDSHAKE) return NULL;
    for (;;) {
        uint8_t buf[4096];
        long k = tls_read(&s->c, buf, sizeof(buf));
        s->rd_rc = k;
        if (k <= 0) break;
        size_t room = sizeof(s->got) - s->got_len, n = (size_t)k < room ? (size_t)k : room;
        memcpy(s->got + s->got_len, buf, n);
        s->got_len += n;
        if (s->mode == TS_ECHO && tls_write(&s->c, buf, (size_t)k) != 0) break;
    }
    if (s->rd_rc == 0) (void)tls_close(&s->c);
    return NULL;
}

static void ts_side_start(struct ts_side *s, int fd, enum ts_mode mode) {
    ts_timeout(fd);
    tls_conn_init(&s->c, &s->cfg, fd);
    s->mode = mode;
    s->running = pthread_create(&s->th, NULL, ts_side_main, s) == 0;
    T_ASSERT(s->running);
}

static void ts_side_join(struct ts_side *s) {
    if (s->running) pthread_join(s->th, NULL);
    s->running = false;
}

static void ts_side_free(struct ts_side *s) {
    ts_side_join(s);
    int fd = s->c.fd;
    if (s->c.cfg != NULL) tls_conn_free(&s->c);
    if (fd > 0) close(fd);
    tls_session_clear(&s->cfg.client_session);
    for (size_t i = 0; i < TLS_SERVER_CACHE; i++)
        tls_session_clear(&s->cfg.cache[i]);
    tls_identity_free(s->cfg.prov, s->cfg.id);
    X509_STORE_free(s->cfg.ca);
    if (s->cfg.prov) (void)SslFreeObject(s->cfg.prov, 0);
    pthread_mutex_destroy(&s->kl.mu);
}

/* The uut on fds[0] (in its thread), the peer's end fds[1]. */
struct ts_pair {
    struct ts_side uut, peer;
    int fds[2];
};

static void ts_pair_init(struct ts_pair *p, bool uut_server, uint16_t minv, uint16_t maxv) {
    T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, p->fds) == 0);
    ts_timeout(p->fds[1]);
    ts_side_init(&p->uut, uut_server, minv, maxv);
    ts_side_init(&p->peer, !uut_server, minv, maxv);
}

/* A normal handshake between the uut (then reading in `mode`) and an engine
 * peer driven from the test; returns the peer's handshake result. */
static int ts_pair_handshake(struct ts_pair *p, enum ts_mode mode) {
    ts_side_start(&p->uut, p->fds[0], mode);
    tls_conn_init(&p->peer.c, &p->peer.cfg, p->fds[1]);
    return tls_handshake(&p->peer.c);
}

/* The peer has said everything: half-close, let the uut finish. */
static void ts_pair_end(struct ts_pair *p) {
    shutdown(p->fds[1], SHUT_WR);
    ts_side_join(&p->uut);
}

static void ts_pair_free(struct ts_pair *p) {
    ts_pair_end(p);
    ts_side_free(&p->uut);
    ts_side_free(&p->peer);
}

/* The peer's current TLS 1.3 write keys (application traffic, after the
 * handshake), from its own key log, at its record sequence number. */
static void ts_peer_write_keys13(struct ts_pair *p, struct ts_keys *k) {
    uint8_t sec[64];
    size_t sl = ts_keylog_get(&p->peer.kl, p->peer.cfg.server ? "SERVER_TRAFFIC_SECRET_0" : "CLIENT_TRAFFIC_SECRET_0",
                              p->peer.c.cr, sec);
    T_ASSERT(sl == 32);
    ts_keys_from(k, sec, sl, p->peer.c.wr_seq);
}

/* ------------------------------------------------------------------------ */
/* A scripted TLS 1.3 client (TLS_AES_128_GCM_SHA256, X25519) for server tests */
/* ------------------------------------------------------------------------ */

struct ts_ch_opts {
    uint16_t legacy_version; /* 0: 0x0303 */
    const uint8_t *comp;     /* compression methods; NULL: {null} */
    size_t comp_len;
    int shares;           /* 0: one X25519 share; -1: no key_share; -2: empty list; 2: the share twice */
    const uint8_t *share; /* replaces our X25519 public value (32 bytes) */
    bool no_groups;       /* omit supported_groups */
    bool early_data;      /* early_data, with a pre_shared_key the server does not know */
    const uint8_t *ext;   /* extra extensions, already encoded */
    size_t ext_len;
    const uint8_t *extra_hs; /* bytes appended to the ClientHello's record */
    size_t extra_hs_len;
    bool tls12; /* a TLS 1.2 ClientHello: ECDHE-ECDSA-AES128-GCM, no TLS 1.3 extensions */
};

struct ts_c13 {
    int fd;
    struct ts_side *uut; /* whose key log holds the secrets */
    uint8_t random[32], sid[32];
    uint8_t pub[32];
    uint8_t tr[1 << 16];
    size_t tr_len;
    struct ts_keys rd, wr;
    uint8_t chts[32];
    bool hrr;
};

static void ts_c13_init(struct ts_c13 *t, struct ts_side *uut, int fd) {
    memset(t, 0, sizeof(*t));
    t->fd = fd;
    t->uut = uut;
    RAND_bytes(t->random, 32);
    RAND_bytes(t->sid, 32);
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    size_t pl = 32;
    T_ASSERT(k != NULL && EVP_PKEY_get_raw_public_key(k, t->pub, &pl) == 1);
    EVP_PKEY_free(k);
}

static void ts_tr_add(struct ts_c13 *t, const uint8_t *p, size_t n) {
    if (t->tr_len + n <= sizeof(t->tr)) memcpy(t->tr + t->tr_len, p, n), t->tr_len += n;
}

static void ts_ext(struct tls_wr *w, uint16_t type, const uint8_t *body, size_t len) {
    tls_wr_u16(w, type);
    tls_wr_u16(w, (uint16_t)len);
    tls_wr_bytes(w, body, len);
}

/* Sends a ClientHello (one plaintext record) built from o. */
static void ts_c13_hello(struct ts_c13 *t, const struct ts_ch_opts *o) {
    static const struct ts_ch_opts none;
    if (o == NULL) o = &none;
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_CLIENT_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, o->legacy_version ? o->legacy_version : 0x0303);
    tls_wr_bytes(&w, t->random, 32);
    tls_wr_u8(&w, 32);
    tls_wr_bytes(&w, t->sid, 32);
    tls_wr_u16(&w, 2);
    tls_wr_u16(&w, o->tls12 ? 0xC02B : 0x1301);
    tls_wr_open(&w, 1);
    if (o->comp)
        tls_wr_bytes(&w, o->comp, o->comp_len);
    else
        tls_wr_u8(&w, 0);
    tls_wr_close(&w);
    tls_wr_open(&w, 2);
    static const uint8_t groups[] = {0, 2, 0, 29};
    if (!o->no_groups) ts_ext(&w, EXT_SUPPORTED_GROUPS, groups, sizeof(groups));
    static const uint8_t sig[] = {0, 4, 0x04, 0x03, 0x08, 0x04};
    ts_ext(&w, EXT_SIGNATURE_ALGORITHMS, sig, sizeof(sig));
    static const uint8_t ver[] = {2, 0x03, 0x04};
    if (!o->tls12) ts_ext(&w, EXT_SUPPORTED_VERSIONS, ver, sizeof(ver));
    if (o->shares != -1 && !o->tls12) {
        tls_wr_u16(&w, EXT_KEY_SHARE);
        tls_wr_open(&w, 2);
        tls_wr_open(&w, 2);
        for (int i = 0; o->shares != -2 && i < (o->shares == 2 ? 2 : 1); i++) {
            tls_wr_u16(&w, 29);
            tls_wr_u16(&w, 32);
            tls_wr_bytes(&w, o->share ? o->share : t->pub, 32);
        }
        tls_wr_close(&w);
        tls_wr_close(&w);
    }
    static const uint8_t modes[] = {1, 1};
    if (!o->tls12) ts_ext(&w, EXT_PSK_KEY_EXCHANGE_MODES, modes, sizeof(modes));
    if (o->ext_len) tls_wr_bytes(&w, o->ext, o->ext_len);
    if (o->early_data) {
        ts_ext(&w, EXT_EARLY_DATA, NULL, 0);
        /* pre_shared_key last (RFC 8446 4.2.11): identity "nope", age 0, a 32-byte binder */
        uint8_t psk[2 + 2 + 4 + 4 + 2 + 1 + 32] = {0, 10, 0, 4, 'n', 'o', 'p', 'e', 0, 0, 0, 0, 0, 33, 32};
        ts_ext(&w, EXT_PRE_SHARED_KEY, psk, sizeof(psk));
    }
    tls_wr_close(&w);
    tls_wr_close(&w);
    T_ASSERT(w.ok);
    ts_tr_add(t, w.p, w.len);
    if (o->extra_hs_len) tls_wr_bytes(&w, o->extra_hs, o->extra_hs_len);
    ts_record(t->fd, 22, 0x0301, w.p, w.len);
    tls_wr_free(&w);
}

/* TLS 1.2 (after a tls12 ClientHello): reads the server's plaintext flight
 * through ServerHelloDone; 0, or -1. */
static int ts_c12_server_flight(struct ts_c13 *t) {
    static uint8_t rec[1 << 15], hs[1 << 16];
    size_t hs_len = 0;
    for (;;) {
        size_t rl = ts_read_record(t->fd, rec, sizeof(rec));
        if (rl == 0 || rec[0] != 22) return -1;
        memcpy(hs + hs_len, rec + 5, rl - 5);
        hs_len += rl - 5;
        size_t off = 0;
        while (hs_len - off >= 4) {
            size_t ml = ((size_t)hs[off + 1] << 16) | ((size_t)hs[off + 2] << 8) | hs[off + 3];
            if (hs_len - off < 4 + ml) break;
            if (hs[off] == HS_SERVER_HELLO_DONE) return 0;
            off += 4 + ml;
        }
        memmove(hs, hs + off, hs_len - off);
        hs_len -= off;
    }
}

/* Garbage 0-RTT records of `size` bytes each: what early data under keys the
 * server lacks looks like. */
static void ts_c13_fake_early_data(struct ts_c13 *t, int n, size_t size) {
    uint8_t *body = malloc(size);
    for (int i = 0; i < n; i++) {
        RAND_bytes(body, (int)size);
        ts_record(t->fd, 23, 0x0303, body, size);
    }
    free(body);
}

static const uint8_t ts_hrr_random[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                          0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                          0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

/* Reads the server's answer: 2 after a HelloRetryRequest (transcript
 * rewritten, RFC 8446 4.4.1), 0 after the whole flight through the server
 * Finished (our handshake write keys installed), -1 on anything else. */
static int ts_c13_server_flight(struct ts_c13 *t) {
    static uint8_t rec[1 << 15], inner[1 << 15], hs[1 << 16];
    size_t hs_len = 0;
    for (;;) {
        size_t rl = ts_read_record(t->fd, rec, sizeof(rec));
        if (rl == 0) return -1;
        if (rec[0] == 20) continue; /* compatibility CCS */
        const uint8_t *p = rec + 5;
        size_t n = rl - 5;
        if (rec[0] == 23) {
            uint8_t type = 0;
            if (!t->rd.set) {
                uint8_t s[64];
                size_t sl = ts_keylog_get(&t->uut->kl, "SERVER_HANDSHAKE_TRAFFIC_SECRET", t->random, s);
                if (sl != 32) return -1;
                ts_keys_from(&t->rd, s, sl, 0);
                sl = ts_keylog_get(&t->uut->kl, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", t->random, t->chts);
                if (sl != 32) return -1;
                ts_keys_from(&t->wr, t->chts, sl, 0);
            }
            if (ts_open13(&t->rd, rec, rl, inner, &n, &type) != 0 || type != 22) return -1;
            p = inner;
        } else if (rec[0] != 22) {
            return -1;
        }
        memcpy(hs + hs_len, p, n);
        hs_len += n;
        size_t off = 0;
        while (hs_len - off >= 4) {
            size_t ml = ((size_t)hs[off + 1] << 16) | ((size_t)hs[off + 2] << 8) | hs[off + 3];
            if (hs_len - off < 4 + ml) break;
            uint8_t mt = hs[off];
            if (mt == HS_SERVER_HELLO && ml >= 34 && memcmp(hs + off + 6, ts_hrr_random, 32) == 0) {
                /* transcript: message_hash(Hash(ClientHello1)) || HelloRetryRequest */
                uint8_t mh[4 + 32] = {HS_MESSAGE_HASH, 0, 0, 32};
                SHA256(t->tr, t->tr_len, mh + 4);
                t->tr_len = 0;
                ts_tr_add(t, mh, sizeof(mh));
                ts_tr_add(t, hs + off, 4 + ml);
                t->hrr = true;
                return 2;
            }
            ts_tr_add(t, hs + off, 4 + ml);
            off += 4 + ml;
            if (mt == HS_FINISHED) return 0;
        }
        memmove(hs, hs + off, hs_len - off);
        hs_len -= off;
    }
}

/* A protected record from the client under its current write keys. */
static void ts_c13_send13(struct ts_c13 *t, const uint8_t *inner, size_t n) {
    uint8_t *rec = malloc(5 + n + 16);
    size_t rl = ts_seal13(&t->wr, inner, n, rec);
    ts_send(t->fd, rec, rl);
    free(rec);
}

/* The client Finished (RFC 8446 4.4.4) in one record, followed by `pad` zero
 * bytes of record padding (RFC 8446 5.4); then the application write keys. */
static void ts_c13_finished(struct ts_c13 *t, size_t pad) {
    uint8_t fk[32], th[32], *inner = calloc(1, 4 + 32 + 1 + pad);
    unsigned vl = 0;
    ts_expand_label(t->chts, 32, "finished", NULL, 0, fk, 32);
    SHA256(t->tr, t->tr_len, th);
    inner[0] = HS_FINISHED, inner[3] = 32;
    HMAC(EVP_sha256(), fk, 32, th, 32, inner + 4, &vl);
    inner[36] = 22;
    ts_tr_add(t, inner, 36);
    ts_c13_send13(t, inner, 37 + pad);
    free(inner);
    uint8_t s[64];
    size_t sl = ts_keylog_get(&t->uut->kl, "CLIENT_TRAFFIC_SECRET_0", t->random, s);
    T_ASSERT(sl == 32);
    ts_keys_from(&t->wr, s, sl, 0);
}

/* The uut as a TLS 1.3 server on fds[0] (thread), a scripted client on fds[1]. */
struct ts_srv {
    struct ts_side uut;
    struct ts_c13 cl;
    int fds[2];
};

static void ts_srv_init(struct ts_srv *s, enum ts_mode mode) {
    T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, s->fds) == 0);
    ts_timeout(s->fds[1]);
    ts_side_init(&s->uut, true, 0x0303, 0x0304);
    ts_side_start(&s->uut, s->fds[0], mode);
    ts_c13_init(&s->cl, &s->uut, s->fds[1]);
}

static void ts_srv_end(struct ts_srv *s) {
    shutdown(s->fds[1], SHUT_WR);
    ts_side_join(&s->uut);
}

static void ts_srv_free(struct ts_srv *s) {
    ts_srv_end(s);
    ts_side_free(&s->uut);
    close(s->fds[1]);
}

#endif
