/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls13.c - TLS 1.3 client and server (RFC 8446) on the provider's key
 * schedule: SslExtractEarlyKey / SslExtractHandshakeKey / SslExtractMasterKey,
 * SslExpandTrafficKeys, SslExpandWriteKey, SslComputeFinishedHash with the
 * handshake traffic secret (reference 11.13), SslExpandResumptionMasterKey +
 * SslExpandPreSharedKey for tickets, SslExpandNextGenTrafficKey for KeyUpdate.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "tls.h"

static int expand_key(struct tls_conn *c, NCRYPT_KEY_HANDLE secret, NCRYPT_KEY_HANDLE *out) {
    if (SSLCALL(c, SslExpandWriteKey, c->cfg->prov, secret, out, NULL, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExpandWriteKey failed");
    return 0;
}

/* current: bytes of the message being processed that are still buffered
 * (a KeyUpdate is consumed after its handler returns). */
static int set_read_ex(struct tls_conn *c, NCRYPT_KEY_HANDLE secret, size_t current) {
    NCRYPT_KEY_HANDLE k = 0;
    /* RFC 8446 5.1: handshake messages MUST NOT span a key change; bytes
     * still buffered beyond the current message were read under the old key. */
    if (c->hs_len - c->hs_off != current)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "handshake data before a key change (RFC 8446 5.1)");
    if (expand_key(c, secret, &k) != 0) return -1;
    tls_set_read_key(c, k);
    return 0;
}

static int set_read(struct tls_conn *c, NCRYPT_KEY_HANDLE secret) { return set_read_ex(c, secret, 0); }

static int set_write(struct tls_conn *c, NCRYPT_KEY_HANDLE secret) {
    NCRYPT_KEY_HANDLE k = 0;
    if (expand_key(c, secret, &k) != 0) return -1;
    tls_set_write_key(c, k);
    return 0;
}

static int send_ccs(struct tls_conn *c) {
    static const uint8_t one = 1;
    c->rec_version = 0x0303; /* RFC 8446 5.1: legacy_record_version 0x0303 after ClientHello */
    NCRYPT_KEY_HANDLE saved = c->wr_key;
    c->wr_key = 0; /* CCS is never protected */
    int r = tls_send_record(c, 20, &one, 1);
    c->wr_key = saved;
    return r;
}

/* Early and handshake secrets, handshake traffic secrets (transcript CH..SH). */
static int handshake_secrets(struct tls_conn *c) {
    NCryptBuffer b[1] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, c->cr}};
    NCryptBufferDesc d = {NCRYPTBUFFER_VERSION, 1, b};
    c->rec_version = 0x0303;
    if (tls_transcript_start(c) != 0) return -1;
    if (SSLCALL(c, SslExtractEarlyKey, c->cfg->prov, c->psk, &c->early, TLS1_3_PROTOCOL_VERSION, c->suite, &d, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExtractEarlyKey failed");
    /* RFC 8446 7.4.2: an X25519/X448 share that yields the all-zero secret
     * (zero or a low-order point) is refused here; the share was the peer's,
     * so illegal_parameter (as for any other unusable key_share). */
    if (SSLCALL(c, SslExtractHandshakeKey, c->cfg->prov, c->eph, c->peer_eph, c->early, &c->hs_secret, NULL, 0) != 0)
        return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "SslExtractHandshakeKey failed: unusable key share");
    if (SSLCALL(c, SslExpandTrafficKeys, c->cfg->prov, c->hs_secret, c->th, &c->c_hs, &c->s_hs, NULL, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExpandTrafficKeys(handshake) failed");
    tls_free_key(c, &c->eph);
    return 0;
}

/* Master secret and application traffic secrets (transcript through server Finished). */
static int application_secrets(struct tls_conn *c) {
    NCRYPT_KEY_HANDLE exp = 0;
    if (SSLCALL(c, SslExtractMasterKey, c->cfg->prov, c->hs_secret, &c->master, NULL, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExtractMasterKey failed");
    if (SSLCALL(c, SslExpandTrafficKeys, c->cfg->prov, c->master, c->th, &c->c_ap, &c->s_ap, NULL, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExpandTrafficKeys(application) failed");
    /* the exporter secret is derived for the key log (EXPORTER_SECRET) */
    if (SSLCALL(c, SslExpandExporterMasterKey, c->cfg->prov, c->master, c->th, &exp, NULL, 0) == 0)
        tls_free_key(c, &exp);
    return 0;
}

static int finished_value(struct tls_conn *c, NCRYPT_KEY_HANDLE secret, DWORD who, uint8_t *out) {
    if (SSLCALL(c, SslComputeFinishedHash, c->cfg->prov, secret, c->th, out, c->si->hash_len, who) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslComputeFinishedHash failed");
    return 0;
}

static int send_finished(struct tls_conn *c, NCRYPT_KEY_HANDLE secret, DWORD who) {
    uint8_t v[64];
    if (finished_value(c, secret, who, v) != 0) return -1;
    if (c->cfg->fault == TLS_FAULT_BAD_FINISHED) v[0] ^= 0x01; /* test-only; peer: decrypt_error (RFC 8446 4.4.4) */
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_FINISHED);
    tls_wr_u24(&w, c->si->hash_len);
    tls_wr_bytes(&w, v, c->si->hash_len);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    OPENSSL_cleanse(v, sizeof(v));
    return r;
}

static int recv_finished(struct tls_conn *c, NCRYPT_KEY_HANDLE secret, DWORD who) {
    uint8_t type, v[64];
    const uint8_t *body, *whole;
    size_t len, wl;
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_FINISHED) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected Finished, got %u", type);
    if (len != c->si->hash_len) return tls_fail(c, ALERT_DECODE_ERROR, "bad Finished length");
    if (finished_value(c, secret, who, v) != 0) return -1;
    if (CRYPTO_memcmp(v, body, len) != 0) return tls_fail(c, ALERT_DECRYPT_ERROR, "bad Finished");
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    c->peer_finished = true; /* RFC 8446 5: no change_cipher_spec from now on */
    return 0;
}

static const char cv_server[] = "TLS 1.3, server CertificateVerify";
static const char cv_client[] = "TLS 1.3, client CertificateVerify";

/* RFC 8446 4.4.3: 64 spaces || context || 0 || Transcript-Hash. */
static int cv_content(struct tls_conn *c, bool server, uint8_t *out, size_t *len) {
    const char *ctx = server ? cv_server : cv_client;
    size_t cl = strlen(ctx), hl = 0;
    memset(out, 0x20, 64);
    memcpy(out + 64, ctx, cl + 1);
    if (tls_transcript_hash(c, out + 64 + cl + 1, &hl) != 0) return -1;
    *len = 64 + cl + 1 + hl;
    return 0;
}

static int send_cert_verify(struct tls_conn *c, const uint16_t *peer_algs, size_t n) {
    uint8_t content[200];
    size_t cl = 0;
    uint16_t s = tls_choose_sigalg(c, c->cfg->id->keytype, peer_algs, n);
    if (s == 0) return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no common signature algorithm");
    if (cv_content(c, c->cfg->server, content, &cl) != 0) return -1;
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_CERTIFICATE_VERIFY);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, s);
    if (tls_sign(c, s, content, cl, &w) != 0) {
        tls_wr_free(&w);
        return -1;
    }
    tls_wr_close(&w);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    return r;
}

static int recv_cert_verify(struct tls_conn *c) {
    uint8_t type, content[200];
    const uint8_t *body, *whole;
    size_t len, wl, cl = 0;
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_CERTIFICATE_VERIFY)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected CertificateVerify, got %u", type);
    struct tls_rd r, sig;
    uint16_t s = 0;
    tls_rd_init(&r, body, len);
    if (!tls_rd_u16(&r, &s) || !tls_rd_vec(&r, 2, &sig) || !tls_rd_done(&r))
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed CertificateVerify");
    bool offered = false;
    for (size_t i = 0; i < tls_n_sigalgs_default; i++)
        offered |= tls_sigalgs_default[i] == s;
    if (!offered || !tls_sigalg_ok_for(s, c->peer_keytype, 0x0304))
        return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "signature scheme 0x%04x not allowed", s);
    if (cv_content(c, !c->cfg->server, content, &cl) != 0) return -1;
    if (tls_verify(c, s, content, cl, sig.p, sig.len) != 0) return -1;
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    return 0;
}

/* Peer Certificate (+ CertificateVerify).  Returns 1 when the peer sent none. */
static int recv_peer_cert(struct tls_conn *c, const uint8_t *body, size_t len, const uint8_t *whole, size_t wl) {
    if (tls_parse_certificate(c, body, len, true) != 0) return -1;
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    if (c->peer_cert == NULL) return 1;
    if (tls_verify_peer(c) != 0) return -1;
    return recv_cert_verify(c);
}

static int parse_cert_request(struct tls_conn *c, const uint8_t *body, size_t len) {
    struct tls_rd r, ctx, exts;
    tls_rd_init(&r, body, len);
    if (!tls_rd_vec(&r, 1, &ctx) || !tls_rd_vec(&r, 2, &exts) || !tls_rd_done(&r))
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed CertificateRequest");
    memcpy(c->cert_req_ctx, ctx.p, ctx.len);
    c->cert_req_ctx_len = ctx.len;
    bool sigalgs = false;
    struct tls_ext_iter it;
    uint16_t t = 0;
    struct tls_rd e, l;
    for (tls_ext_begin(&it, &exts); tls_ext_next(&it, &t, &e);) {
        if (t == EXT_SIGNATURE_ALGORITHMS) {
            if (!tls_rd_vec(&e, 2, &l) || (l.len & 1) || l.len == 0)
                return tls_fail(c, ALERT_DECODE_ERROR, "malformed signature_algorithms");
            c->n_cert_req_sigalgs = 0;
            while (l.len > 0) {
                uint16_t v = 0;
                (void)tls_rd_u16(&l, &v);
                if (tls_sigalg_known(v) && c->n_cert_req_sigalgs < 32) c->cert_req_sigalgs[c->n_cert_req_sigalgs++] = v;
            }
            sigalgs = true;
        }
    }
    if (!tls_ext_ok(&it)) return tls_fail(c, ALERT_DECODE_ERROR, "malformed CertificateRequest");
    if (!sigalgs) return tls_fail(c, ALERT_MISSING_EXTENSION, "CertificateRequest without signature_algorithms");
    c->client_cert_requested = true;
    return 0;
}

int tls13_client_after_sh(struct tls_conn *c) {
    uint8_t type;
    const uint8_t *body, *whole;
    size_t len, wl;
    if (c->resumed) {
        c->psk = c->cfg->client_session.psk; /* borrowed: the session owns it */
    }
    int rc = handshake_secrets(c);
    if (c->resumed) c->psk = 0;
    /* Both directions move to the handshake keys now: an alert this client
     * sends before its Finished (e.g. decrypt_error for a bad server Finished)
     * is protected like any record after ServerHello (RFC 8446 5.1, 6). */
    if (rc != 0 || set_read(c, c->s_hs) != 0 || set_write(c, c->c_hs) != 0) return -1;
    /* EncryptedExtensions */
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_ENCRYPTED_EXTENSIONS)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected EncryptedExtensions, got %u", type);
    struct tls_rd r, exts;
    tls_rd_init(&r, body, len);
    if (!tls_rd_vec(&r, 2, &exts) || !tls_rd_done(&r))
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed EncryptedExtensions");
    struct tls_ext_iter it;
    uint16_t t = 0;
    struct tls_rd e;
    for (tls_ext_begin(&it, &exts); tls_ext_next(&it, &t, &e);) {
        if (t == EXT_KEY_SHARE || t == EXT_SUPPORTED_VERSIONS || t == EXT_PRE_SHARED_KEY ||
            t == EXT_SIGNATURE_ALGORITHMS)
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "extension %u not allowed in EncryptedExtensions", t);
        if (t == EXT_ALPN && tls_alpn_check_answer(c, &e) != 0) return -1;
        if (t == EXT_RECORD_SIZE_LIMIT && tls_rsl_check_answer(c, &e) != 0) return -1;
    }
    if (!tls_ext_ok(&it)) return tls_fail(c, ALERT_DECODE_ERROR, "malformed EncryptedExtensions");
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    if (!c->resumed) {
        if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
        if (type == HS_CERTIFICATE_REQUEST) {
            if (parse_cert_request(c, body, len) != 0 || tls_transcript_add(c, whole, wl) != 0) return -1;
            tls_consume_hs(c);
            if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
        }
        if (type != HS_CERTIFICATE) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected Certificate, got %u", type);
        int pr = recv_peer_cert(c, body, len, whole, wl);
        if (pr == 1) return tls_fail(c, ALERT_DECODE_ERROR, "server sent no certificate");
        if (pr < 0) return -1;
    }
    if (recv_finished(c, c->s_hs, NCRYPT_SSL_SERVER_FLAG) != 0) return -1;
    if (application_secrets(c) != 0) return -1;
    if (c->sid_len > 0 && send_ccs(c) != 0) return -1;
    if (c->client_cert_requested) {
        struct tls_wr w;
        tls_wr_init(&w);
        int cr = tls_build_certificate(c, &w, true, c->cert_req_ctx, c->cert_req_ctx_len);
        if (cr == 0) cr = tls_send_hs(c, &w);
        tls_wr_free(&w);
        if (cr != 0) return -1;
        if (c->cfg->id != NULL && send_cert_verify(c, c->cert_req_sigalgs, c->n_cert_req_sigalgs) != 0) return -1;
    }
    if (send_finished(c, c->c_hs, NCRYPT_SSL_CLIENT_FLAG) != 0) return -1;
    if (set_write(c, c->c_ap) != 0 || set_read(c, c->s_ap) != 0) return -1;
    NCRYPT_KEY_HANDLE res = 0;
    if (SSLCALL(c, SslExpandResumptionMasterKey, c->cfg->prov, c->master, c->th, &res, NULL, 0) == 0) {
        tls_free_key(c, &c->hs_secret);
        c->hs_secret = res; /* kept for NewSessionTicket */
    }
    return 0;
}

static void session_clear(struct tls_session *s) {
    if (s->psk) (void)SslFreeObject(s->psk, 0);
    if (s->master) (void)SslFreeObject(s->master, 0);
    OPENSSL_free(s->ticket);
    memset(s, 0, sizeof(*s));
}

void tls_session_clear(struct tls_session *s) { session_clear(s); }

static int recv_ticket(struct tls_conn *c, const uint8_t *body, size_t len) {
    struct tls_rd r, nonce, ticket, exts;
    uint32_t lifetime = 0, age_add = 0;
    tls_rd_init(&r, body, len);
    if (!tls_rd_u32(&r, &lifetime) || !tls_rd_u32(&r, &age_add) || !tls_rd_vec(&r, 1, &nonce) ||
        !tls_rd_vec(&r, 2, &ticket) || ticket.len == 0 || !tls_rd_vec(&r, 2, &exts) || !tls_rd_done(&r))
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed NewSessionTicket");
    if (c->cfg->server) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "NewSessionTicket from a client");
    NCRYPT_KEY_HANDLE psk = 0;
    if (c->hs_secret == 0 || SSLCALL(c, SslExpandPreSharedKey, c->cfg->prov, c->hs_secret, (PBYTE)nonce.p,
                                     (DWORD)nonce.len, &psk, NULL, 0) != 0)
        return 0; /* cannot resume: ignore the ticket */
    struct tls_session *s = &c->cfg->client_session;
    session_clear(s);
    s->valid = true;
    s->version = 0x0304;
    s->suite = c->suite;
    s->psk = psk;
    s->ticket = OPENSSL_memdup(ticket.p, ticket.len);
    s->ticket_len = ticket.len;
    s->age_add = age_add;
    s->issued_ms = tls_now_ms();
    return 0;
}

static int update_secret(struct tls_conn *c, NCRYPT_KEY_HANDLE *secret) {
    NCRYPT_KEY_HANDLE next = 0;
    if (SSLCALL(c, SslExpandNextGenTrafficKey, c->cfg->prov, *secret, &next, NULL, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExpandNextGenTrafficKey failed");
    tls_free_key(c, secret);
    *secret = next;
    return 0;
}

int tls13_send_key_update(struct tls_conn *c, bool request) {
    uint8_t m[5] = {HS_KEY_UPDATE, 0, 0, 1, request ? 1 : 0};
    if (tls_send_record(c, 22, m, sizeof(m)) != 0) return -1;
    NCRYPT_KEY_HANDLE *own = c->cfg->server ? &c->s_ap : &c->c_ap;
    if (update_secret(c, own) != 0 || set_write(c, *own) != 0) return -1;
    c->key_updates_sent++;
    return 0;
}

int tls_key_update(struct tls_conn *c, bool request_peer) {
    if (c->version != 0x0304) return tls_fail(c, 0xff, "KeyUpdate needs TLS 1.3");
    return tls13_send_key_update(c, request_peer);
}

int tls13_post_handshake(struct tls_conn *c, uint8_t type, const uint8_t *body, size_t len) {
    if (type == HS_NEW_SESSION_TICKET) return recv_ticket(c, body, len);
    if (type == HS_KEY_UPDATE) {
        if (len != 1) return tls_fail(c, ALERT_DECODE_ERROR, "malformed KeyUpdate");
        /* RFC 8446 4.6.3: a request_update other than 0 or 1 is illegal_parameter. */
        if (body[0] > 1) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "KeyUpdate request_update %u", body[0]);
        if (c->hs_len - c->hs_off != 5) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "KeyUpdate not at record end");
        NCRYPT_KEY_HANDLE *peer = c->cfg->server ? &c->c_ap : &c->s_ap;
        if (update_secret(c, peer) != 0 || set_read_ex(c, *peer, 5) != 0) return -1;
        c->key_updates_recv++;
        /* RFC 8446 section 4.6.3: the answer is due before our next
         * application data; after our close_notify there is none, and
         * nothing may follow the closure alert. */
        if (body[0] == 1 && !c->sent_close) return tls13_send_key_update(c, false);
        return 0;
    }
    return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "unexpected post-handshake message %u", type);
}

/* ------------------------------------------------------------------------ */
/* Server                                                                    */
/* ------------------------------------------------------------------------ */

static const uint8_t hrr_random[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                       0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                       0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

static void server_hello_head(struct tls_conn *c, struct tls_wr *w, const uint8_t *random,
                              const struct tls_client_hello *ch) {
    tls_wr_u8(w, HS_SERVER_HELLO);
    tls_wr_open(w, 3);
    tls_wr_u16(w, 0x0303);
    tls_wr_bytes(w, random, 32);
    tls_wr_open(w, 1);
    tls_wr_bytes(w, ch->sid, ch->sid_len);
    tls_wr_close(w);
    tls_wr_u16(w, c->suite);
    tls_wr_u8(w, 0);
    tls_wr_open(w, 2);
    tls_wr_u16(w, EXT_SUPPORTED_VERSIONS);
    tls_wr_u16(w, 2);
    tls_wr_u16(w, 0x0304);
}

static int find_share(const struct tls_client_hello *ch, uint16_t g) {
    for (size_t i = 0; i < ch->n_shares; i++)
        if (ch->shares[i].group == g) return (int)i;
    return -1;
}

static int send_ticket(struct tls_conn *c) {
    struct tls_config *cfg = c->cfg;
    struct tls_session fresh = {0}, *s = &fresh;
    uint8_t nonce = (uint8_t)c->ticket_nonce++;
    uint8_t ticket[16];
    NCRYPT_KEY_HANDLE psk = 0;
    if (c->hs_secret == 0 || RAND_bytes(ticket, sizeof(ticket)) != 1) return 0;
    if (SSLCALL(c, SslExpandPreSharedKey, cfg->prov, c->hs_secret, &nonce, 1, &psk, NULL, 0) != 0) return 0;
    s->valid = true;
    s->version = 0x0304;
    s->suite = c->suite;
    s->psk = psk;
    s->ticket = OPENSSL_memdup(ticket, sizeof(ticket));
    s->ticket_len = sizeof(ticket);
    (void)RAND_bytes((uint8_t *)&s->age_add, 4);
    s->issued_ms = tls_now_ms();
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_NEW_SESSION_TICKET);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, 0), tls_wr_u16(&w, 7200); /* lifetime 7200 s */
    tls_wr_u16(&w, (uint16_t)(s->age_add >> 16)), tls_wr_u16(&w, (uint16_t)s->age_add);
    tls_wr_u8(&w, 1);
    tls_wr_u8(&w, nonce);
    tls_wr_u16(&w, sizeof(ticket));
    tls_wr_bytes(&w, ticket, sizeof(ticket));
    tls_wr_u16(&w, 0);
    tls_wr_close(&w);
    int r = w.ok ? tls_send_record(c, 22, w.p, w.len) : -1;
    tls_wr_free(&w);
    tls_cache_put(cfg, s);
    return r;
}

/* ClientHello rules a TLS 1.3 server enforces beyond the parser. */
static int check_client_hello13(struct tls_conn *c, const struct tls_client_hello *ch) {
    /* RFC 8446 4.1.2 / D.5: a TLS 1.3 ClientHello has legacy_version 0x0303;
     * anything below is a version the server refuses. */
    if (ch->legacy_version < 0x0303)
        return tls_fail(c, ALERT_PROTOCOL_VERSION, "ClientHello legacy_version 0x%04x", ch->legacy_version);
    /* RFC 8446 9.2: supported_groups requires key_share and vice versa. */
    if ((ch->n_groups > 0) != ch->has_key_share)
        return tls_fail(c, ALERT_MISSING_EXTENSION, "%s without %s",
                        ch->has_key_share ? "key_share" : "supported_groups",
                        ch->has_key_share ? "supported_groups" : "key_share");
    return 0;
}

int tls13_server(struct tls_conn *c, const uint8_t *body, size_t len) {
    struct tls_config *cfg = c->cfg;
    struct tls_client_hello ch;
    uint8_t type;
    const uint8_t *whole = c->hs + c->hs_off;
    size_t wl = len + 4;
    if (tls_parse_client_hello(body, len, &ch) != 0)
        return tls_fail(c, ch.alert ? ch.alert : ALERT_DECODE_ERROR, "malformed ClientHello");
    c->version = 0x0304;
    c->rec_version = 0x0303;
    if (check_client_hello13(c, &ch) != 0) return -1;
    c->suite = tls_server_pick_suite(c, ch.suites, ch.n_suites, 0x0304);
    if (c->suite == 0) return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no common TLS 1.3 cipher suite");
    c->si = tls_suite_by_id(c->suite);
    memcpy(c->cr, ch.random, 32);
    if (ch.n_sigalgs == 0 && !ch.has_psk) return tls_fail(c, ALERT_MISSING_EXTENSION, "no signature_algorithms");
    uint16_t group = 0;
    int si = -1;
    for (size_t i = 0; i < cfg->n_groups && si < 0; i++)
        if ((si = find_share(&ch, cfg->groups[i])) >= 0) group = cfg->groups[i];
    bool sent_ccs = false;
    if (si < 0) {
        for (size_t i = 0; i < cfg->n_groups && group == 0; i++)
            for (size_t j = 0; j < ch.n_groups; j++)
                if (ch.groups[j] == cfg->groups[i]) group = cfg->groups[i];
        if (group == 0) return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no common group");
        /* HelloRetryRequest (RFC 8446 4.1.4) */
        struct tls_wr w;
        tls_wr_init(&w);
        server_hello_head(c, &w, hrr_random, &ch);
        tls_wr_u16(&w, EXT_KEY_SHARE);
        tls_wr_u16(&w, 2);
        tls_wr_u16(&w, group);
        tls_wr_close(&w);
        tls_wr_close(&w);
        uint8_t sid[32];
        size_t sid_len = ch.sid_len;
        memcpy(sid, ch.sid, sid_len);
        if (!w.ok || tls_hrr_rewrite(c) != 0 || tls_transcript_add(c, w.p, w.len) != 0 ||
            tls_send_record(c, 22, w.p, w.len) != 0) {
            tls_wr_free(&w);
            return tls_fail(c, ALERT_INTERNAL_ERROR, "HelloRetryRequest failed");
        }
        tls_wr_free(&w);
        c->hrr_done = true;
        /* RFC 8446 4.2.10: after a HelloRetryRequest, rejected 0-RTT records
         * (outer type application_data) are skipped until ClientHello2. */
        c->skip_early_plain = ch.early_data;
        if (sid_len > 0 && send_ccs(c) != 0) return -1;
        sent_ccs = true;
        tls_consume_hs(c);
        const uint8_t *b2;
        if (tls_get_hs(c, &type, &b2, &len, &whole, &wl) < 0) return -1;
        if (type != HS_CLIENT_HELLO) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected second ClientHello");
        if (tls_parse_client_hello(b2, len, &ch) != 0)
            return tls_fail(c, ch.alert ? ch.alert : ALERT_DECODE_ERROR, "malformed ClientHello");
        if (check_client_hello13(c, &ch) != 0) return -1;
        /* RFC 8446 4.2.10: early_data is not allowed after a HelloRetryRequest */
        if (ch.early_data) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "early_data in the second ClientHello");
        if (ch.sid_len != sid_len || memcmp(ch.sid, sid, sid_len) != 0 || memcmp(ch.random, c->cr, 32) != 0)
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "second ClientHello differs");
        if (ch.n_shares != 1 || (si = find_share(&ch, group)) < 0)
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "second ClientHello lacks the requested key share");
        if (tls_server_pick_suite(c, ch.suites, ch.n_suites, 0x0304) != c->suite)
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "suite changed after HelloRetryRequest");
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
    }
    c->group = group;
    /* PSK resumption (psk_dhe_ke only) */
    /* A ticket is taken out of the cache (tls_cache.c): single use, and its
     * PSK belongs to the connection (c->psk) from here. */
    struct tls_session taken, *sess = NULL;
    if (ch.has_psk && ch.psk_dhe_ke && tls_cache_take(cfg, true, ch.psk_id, ch.psk_id_len, &taken)) {
        sess = &taken;
        c->psk = taken.psk;
        OPENSSL_free(taken.ticket);
        taken.psk = 0;
        taken.ticket = NULL;
        if (tls_suite_by_id(sess->suite)->hash_len == c->si->hash_len && ch.binder_len == c->si->hash_len) {
            uint8_t b[64];
            if (tls13_binder_ex(c, c->psk, c->suite, c->tr, c->tr_len - wl, whole, 4 + ch.binders_off, b,
                                c->si->hash_len) != 0)
                return tls_fail(c, ALERT_INTERNAL_ERROR, "binder computation failed");
            if (CRYPTO_memcmp(b, ch.binder, ch.binder_len) != 0)
                return tls_fail(c, ALERT_DECRYPT_ERROR, "bad PSK binder");
        } else {
            tls_free_key(c, &c->psk);
            sess = NULL;
        }
    }
    if (tls_alpn_select(c, ch.alpn, ch.alpn_len, ch.has_alpn) != 0) return -1;
    /* RFC 8449 4: refused before the ServerHello, where the alert is still readable */
    if (ch.has_rsl && ch.rsl < 64) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "record_size_limit %u", ch.rsl);
    if (RAND_bytes(c->sr, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
    if (tls_import_share(c, group, ch.shares[si].key, ch.shares[si].len) != 0) return -1;
    struct tls_wr w;
    tls_wr_init(&w);
    server_hello_head(c, &w, c->sr, &ch);
    tls_wr_u16(&w, EXT_KEY_SHARE);
    tls_wr_open(&w, 2);
    tls_wr_u16(&w, group);
    tls_wr_open(&w, 2);
    if (tls_make_share(c, group, &w) != 0) {
        tls_wr_free(&w);
        return -1;
    }
    tls_wr_close(&w);
    tls_wr_close(&w);
    if (sess != NULL) {
        tls_wr_u16(&w, EXT_PRE_SHARED_KEY);
        tls_wr_u16(&w, 2);
        tls_wr_u16(&w, 0);
    }
    tls_wr_close(&w);
    tls_wr_close(&w);
    bool compat = ch.sid_len > 0;
    tls_consume_hs(c);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    if (r != 0) return -1;
    if (compat && !sent_ccs && send_ccs(c) != 0) return -1;
    c->resumed = sess != NULL;
    r = handshake_secrets(c);
    tls_free_key(c, &c->psk);
    if (r != 0 || set_write(c, c->s_hs) != 0 || set_read(c, c->c_hs) != 0) return -1;
    /* RFC 8446 4.2.10: we accept no 0-RTT; the client's early data, if it
     * sent any, is skipped by trial decryption under the handshake key. */
    c->skip_early_trial = ch.early_data && !c->hrr_done;
    /* EncryptedExtensions: only answers to the client's extensions (RFC 8446 4.2) */
    struct tls_wr m;
    tls_wr_init(&m);
    tls_wr_u8(&m, HS_ENCRYPTED_EXTENSIONS);
    tls_wr_open(&m, 3);
    tls_wr_open(&m, 2);
    tls_alpn_write_answer(c, &m);
    if (ch.has_rsl && tls_rsl_answer(c, ch.rsl, &m) != 0) {
        tls_wr_free(&m);
        return -1;
    }
    tls_wr_close(&m);
    tls_wr_close(&m);
    r = m.ok ? tls_send_hs(c, &m) : -1;
    tls_wr_free(&m);
    if (r != 0) return -1;
    if (!c->resumed) {
        if (cfg->request_cert) {
            tls_wr_init(&m);
            tls_wr_u8(&m, HS_CERTIFICATE_REQUEST);
            tls_wr_open(&m, 3);
            tls_wr_u8(&m, 0);
            tls_wr_open(&m, 2);
            tls_wr_u16(&m, EXT_SIGNATURE_ALGORITHMS);
            tls_wr_open(&m, 2);
            tls_wr_open(&m, 2);
            for (size_t i = 0; i < tls_n_sigalgs_default; i++)
                if ((tls_sigalgs_default[i] >> 8) >= 4) tls_wr_u16(&m, tls_sigalgs_default[i]);
            tls_wr_close(&m);
            tls_wr_close(&m);
            tls_wr_close(&m);
            tls_wr_close(&m);
            r = tls_send_hs(c, &m);
            tls_wr_free(&m);
            if (r != 0) return -1;
        }
        tls_wr_init(&m);
        r = tls_build_certificate(c, &m, true, NULL, 0);
        if (r == 0) r = tls_send_hs(c, &m);
        tls_wr_free(&m);
        if (r != 0 || send_cert_verify(c, ch.sigalgs, ch.n_sigalgs) != 0) return -1;
    }
    if (send_finished(c, c->s_hs, NCRYPT_SSL_SERVER_FLAG) != 0) return -1;
    if (application_secrets(c) != 0 || set_write(c, c->s_ap) != 0) return -1;
    if (!c->resumed && cfg->request_cert) {
        const uint8_t *b;
        if (tls_get_hs(c, &type, &b, &len, &whole, &wl) < 0) return -1;
        if (type != HS_CERTIFICATE) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected client Certificate");
        int pr = recv_peer_cert(c, b, len, whole, wl);
        if (pr < 0) return -1;
        if (pr == 1 && cfg->verify_peer) return tls_fail(c, ALERT_CERTIFICATE_REQUIRED, "client sent no certificate");
        c->client_authenticated = pr == 0;
    }
    if (recv_finished(c, c->c_hs, NCRYPT_SSL_CLIENT_FLAG) != 0) return -1;
    if (set_read(c, c->c_ap) != 0) return -1;
    NCRYPT_KEY_HANDLE res = 0;
    if (SSLCALL(c, SslExpandResumptionMasterKey, cfg->prov, c->master, c->th, &res, NULL, 0) == 0) {
        tls_free_key(c, &c->hs_secret);
        c->hs_secret = res;
        /* RFC 8446 4.2.9: no ticket for a client that named no PSK mode we use */
        if (ch.psk_dhe_ke && send_ticket(c) != 0) return -1;
    }
    return 0;
}
