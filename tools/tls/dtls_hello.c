/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * dtls_hello.c - the DTLS hellos (RFC 6347 4.2.1, RFC 4347 4.2.1): the
 * ClientHello with its cookie field, the HelloVerifyRequest exchange on the
 * client (which restarts its transcript: the first ClientHello and the
 * HelloVerifyRequest are not hashed, 4.2.6) and the server's stateless cookie
 * check before any connection state exists.  After the hellos the TLS 1.2
 * handshake code (tls12.c) runs unchanged over the DTLS record layer.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "dtls.h"

/* Suites a DTLS ClientHello offers: no TLS 1.3 suites; SHA-256/384 and AEAD
 * suites only with DTLS 1.2 (RFC 6347 4.1.2.2: no stream ciphers at all -
 * the engine has none). */
static bool dtls_suite_ok(const struct tls_suite_info *si, uint16_t max) {
    return si != NULL && si->kx != KX_TLS13 && (!si->tls12_only || max >= 0x0303);
}

static int client_hello(struct tls_conn *c, const uint8_t *cookie, size_t cookie_len) {
    struct tls_config *cfg = c->cfg;
    struct tls_session *sess = &cfg->client_session;
    bool resume = sess->valid && sess->master != 0 && sess->version <= cfg->max_version &&
                  sess->version >= cfg->min_version && sess->id_len > 0;
    if (cookie == NULL) {
        if (RAND_bytes(c->cr, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
        c->sid_len = 0;
        if (resume) {
            memcpy(c->sid, sess->id, sess->id_len);
            c->sid_len = sess->id_len;
        }
    }
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_CLIENT_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, dtls_wire(cfg->max_version));
    tls_wr_bytes(&w, c->cr, 32);
    tls_wr_open(&w, 1);
    tls_wr_bytes(&w, c->sid, c->sid_len);
    tls_wr_close(&w);
    tls_wr_open(&w, 1); /* RFC 6347 4.2.1: the cookie, empty at first */
    tls_wr_bytes(&w, cookie, cookie_len);
    tls_wr_close(&w);
    tls_wr_open(&w, 2);
    for (size_t i = 0; i < cfg->n_suites; i++)
        if (dtls_suite_ok(tls_suite_by_id(cfg->suites[i]), cfg->max_version)) tls_wr_u16(&w, cfg->suites[i]);
    tls_wr_u16(&w, 0x00FF); /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
    tls_wr_close(&w);
    tls_wr_u8(&w, 1);
    tls_wr_u8(&w, 0);
    tls_wr_open(&w, 2);
    tls_hello_write_sni(cfg, &w);
    tls_hello_write_groups(cfg, true, &w); /* the curves only, as this client always offered */
    tls_hello_write_point_formats(&w);
    if (!cfg->no_ems) {
        tls_wr_u16(&w, EXT_EXTENDED_MASTER_SECRET);
        tls_wr_u16(&w, 0);
    }
    tls_hello_write_sigalgs(cfg, &w);
    tls_wr_close(&w);
    tls_wr_close(&w);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    return r;
}

/* RFC 6347 4.2.1: HelloVerifyRequest { server_version; opaque cookie<0..2^8-1> }. */
static int hello_verify(struct tls_conn *c, const uint8_t *body, size_t len, uint8_t *cookie, size_t *cookie_len) {
    struct tls_rd r, ck;
    uint16_t v = 0;
    tls_rd_init(&r, body, len);
    if (!tls_rd_u16(&r, &v) || !tls_rd_vec(&r, 1, &ck) || !tls_rd_done(&r) || ck.len == 0)
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed HelloVerifyRequest");
    if ((v >> 8) != 0xFE) return tls_fail(c, ALERT_PROTOCOL_VERSION, "HelloVerifyRequest version %04x", v);
    memcpy(cookie, ck.p, ck.len);
    *cookie_len = ck.len;
    return 0;
}

static int client_handshake(struct tls_conn *c) {
    struct tls_config *cfg = c->cfg;
    struct dtls_state *d = c->dtls;
    if (client_hello(c, NULL, 0) != 0) return -1;
    int hvr = 0;
    for (;;) {
        uint8_t type;
        const uint8_t *body, *whole;
        size_t len, wl;
        if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
        if (type == HS_HELLO_VERIFY_REQUEST) {
            uint8_t cookie[256];
            size_t cl = 0;
            if (++hvr > 2) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "too many HelloVerifyRequests");
            if (hello_verify(c, body, len, cookie, &cl) != 0) return -1;
            tls_consume_hs(c);
            d->n.hello_verify++;
            if (cfg->trace)
                fprintf(cfg->trace_out ? cfg->trace_out : stderr,
                        "[client] DTLS HelloVerifyRequest: ClientHello again with the %zu-byte cookie\n", cl);
            /* RFC 6347 4.2.6: the first ClientHello and the HelloVerifyRequest
             * are not part of the handshake hash: start the transcript over. */
            c->tr_len = 0;
            /* A stateless server numbers its records and messages afresh. */
            d->hs_rd_any = true;
            d->rd_any = false;
            d->rd_window = 0;
            d->flight_acked = true; /* the new ClientHello is a new flight */
            if (client_hello(c, cookie, cl) != 0) return -1;
            continue;
        }
        if (type != HS_SERVER_HELLO) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ServerHello, got %u", type);
        struct tls_server_hello sh;
        if (tls_parse_server_hello(body, len, &sh) != 0)
            return tls_fail(c, ALERT_DECODE_ERROR, "malformed ServerHello");
        uint16_t v = dtls_from_wire(sh.legacy_version);
        if (v == 0 || sh.version != sh.legacy_version || v < cfg->min_version || v > cfg->max_version)
            return tls_fail(c, ALERT_PROTOCOL_VERSION, "server chose version %04x", sh.legacy_version);
        const struct tls_suite_info *si = tls_suite_by_id(sh.suite);
        bool offered = false;
        for (size_t i = 0; i < cfg->n_suites; i++)
            offered |= cfg->suites[i] == sh.suite;
        if (!offered || !dtls_suite_ok(si, v))
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "server chose suite 0x%04x", sh.suite);
        if (sh.ems && cfg->no_ems)
            return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited extended_master_secret");
        /* RFC 5246 7.4.1.4: the DTLS ClientHello offers no ALPN,
         * record_size_limit or session_ticket: an answer to them is unsolicited */
        if (sh.unsolicited || sh.has_alpn || sh.has_rsl || sh.ticket_ext)
            return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited extension in the ServerHello");
        c->version = v;
        c->rec_version = sh.legacy_version;
        c->suite = sh.suite;
        c->si = si;
        memcpy(c->sr, sh.random, 32);
        c->ems = sh.ems;
        c->secure_reneg = sh.reneg_info;
        struct tls_session *s = &cfg->client_session;
        bool resumed = s->valid && s->id_len > 0 && sh.sid_len == s->id_len && memcmp(sh.sid, s->id, s->id_len) == 0;
        if (resumed && (s->suite != sh.suite || s->version != v || s->ems != sh.ems))
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "resumed session parameters differ");
        memcpy(c->sid, sh.sid, sh.sid_len);
        c->sid_len = sh.sid_len;
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
        tls_consume_hs(c);
        if (tls_transcript_start(c) != 0) return -1;
        return tls12_client_after_sh(c, resumed);
    }
}

/* Offsets in a DTLS ClientHello body: version(2) random(32) sid<1> cookie<1>
 * suites<2> compression<1> [extensions<2>]. */
int dtls_ch_to_tls(const uint8_t *body, size_t len, uint8_t *out, size_t *out_len, const uint8_t **cookie,
                   size_t *cookie_len) {
    struct tls_rd r, sid, ck;
    const uint8_t *rnd;
    uint16_t v = 0;
    tls_rd_init(&r, body, len);
    if (!tls_rd_u16(&r, &v) || !tls_rd_bytes(&r, 32, &rnd) || !tls_rd_vec(&r, 1, &sid) || sid.len > 32 ||
        !tls_rd_vec(&r, 1, &ck))
        return -1;
    size_t head = 2 + 32 + 1 + sid.len;
    memcpy(out, body, head);
    memcpy(out + head, r.p, r.len);
    *out_len = head + r.len;
    *cookie = ck.p;
    *cookie_len = ck.len;
    return 0;
}

static int server_handshake(struct tls_conn *c) {
    struct tls_config *cfg = c->cfg;
    uint8_t type;
    const uint8_t *body, *whole;
    size_t len, wl;
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_CLIENT_HELLO) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ClientHello, got %u", type);
    uint8_t *tb = OPENSSL_malloc(len ? len : 1);
    if (tb == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
    size_t tl = 0;
    const uint8_t *ck;
    size_t ckl;
    int r = -1;
    struct tls_client_hello ch;
    if (dtls_ch_to_tls(body, len, tb, &tl, &ck, &ckl) != 0 || tls_parse_client_hello(tb, tl, &ch) != 0) {
        tls_fail(c, ALERT_DECODE_ERROR, "malformed ClientHello");
        goto out;
    }
    /* RFC 6347 4.1: DTLS versions count down (1.0 = FEFF, 1.2 = FEFD). */
    if ((ch.legacy_version >> 8) != 0xFE) {
        tls_fail(c, ALERT_PROTOCOL_VERSION, "ClientHello version %04x", ch.legacy_version);
        goto out;
    }
    uint16_t v = ch.legacy_version <= 0xFEFD ? 0x0303 : 0x0302;
    if (v > cfg->max_version) v = cfg->max_version;
    if (v < cfg->min_version) {
        tls_fail(c, ALERT_PROTOCOL_VERSION, "no common DTLS version");
        goto out;
    }
    c->version = v;
    c->rec_version = dtls_wire(v);
    if (tls_transcript_add(c, whole, wl) != 0) goto out;
    r = tls12_server(c, tb, tl);
out:
    OPENSSL_clear_free(tb, len ? len : 1);
    return r;
}

int dtls_handshake(struct tls_conn *c) {
    if (dtls_conn_init(c) != 0) return -1;
    int r = c->cfg->server ? server_handshake(c) : client_handshake(c);
    c->dtls->hs_done = true;
    /* the last flight (the server's Finished in a full handshake) goes out now */
    if (r == 0) r = dtls_flush(c);
    return r;
}

/* ------------------------------------------------------------------------ */
/* The server's stateless cookie exchange (RFC 6347 4.2.1)                   */
/* ------------------------------------------------------------------------ */

struct dtls_listener {
    struct tls_config *cfg;
    uint8_t secret[32];
    EVP_MAC *mac;
};

struct dtls_listener *dtls_listener_new(struct tls_config *cfg) {
    struct dtls_listener *l = OPENSSL_zalloc(sizeof(*l));
    if (l == NULL) return NULL;
    l->cfg = cfg;
    l->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (l->mac == NULL || RAND_bytes(l->secret, sizeof(l->secret)) != 1) {
        dtls_listener_free(l);
        return NULL;
    }
    return l;
}

void dtls_listener_free(struct dtls_listener *l) {
    if (l == NULL) return;
    EVP_MAC_free(l->mac);
    OPENSSL_clear_free(l, sizeof(*l));
}

/* The cookie binds the client's address and the ClientHello fields RFC 6347
 * 4.2.1 says the second ClientHello repeats (version, random, session_id,
 * cipher_suites, compression_methods): HMAC-SHA256 under a per-process
 * secret, so the server keeps no state per client.  The cookie is a server
 * local check, not a protocol key: libcrypto's HMAC, not a provider call. */
int dtls_cookie(struct dtls_listener *l, const struct sockaddr *peer, socklen_t plen, const uint8_t *ch_body,
                size_t ch_len, uint8_t out[DTLS_COOKIE_LEN]) {
    uint8_t tb[2048];
    size_t tl = 0;
    const uint8_t *ck;
    size_t ckl;
    if (ch_len > sizeof(tb) || dtls_ch_to_tls(ch_body, ch_len, tb, &tl, &ck, &ckl) != 0) return -1;
    /* the fixed fields: up to the end of compression_methods */
    struct tls_rd r, v;
    const uint8_t *skip;
    tls_rd_init(&r, tb, tl);
    if (!tls_rd_bytes(&r, 34, &skip) || !tls_rd_vec(&r, 1, &v) || !tls_rd_vec(&r, 2, &v) || !tls_rd_vec(&r, 1, &v))
        return -1;
    size_t fixed = tl - r.len;
    uint8_t addr[2 + 16 + 2] = {0};
    size_t al = 0;
    if (peer->sa_family == AF_INET && plen >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)peer;
        memcpy(addr, &a->sin_family, 2), memcpy(addr + 2, &a->sin_addr, 4), memcpy(addr + 6, &a->sin_port, 2);
        al = 8;
    } else if (peer->sa_family == AF_INET6 && plen >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)peer;
        memcpy(addr, &a->sin6_family, 2), memcpy(addr + 2, &a->sin6_addr, 16), memcpy(addr + 18, &a->sin6_port, 2);
        al = 20;
    } else {
        return -1;
    }
    int rc = -1;
    size_t outl = 0;
    uint8_t full[64];
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(l->mac);
    if (ctx != NULL && EVP_MAC_init(ctx, l->secret, sizeof(l->secret), params) == 1 &&
        EVP_MAC_update(ctx, addr, al) == 1 && EVP_MAC_update(ctx, tb, fixed) == 1 &&
        EVP_MAC_final(ctx, full, &outl, sizeof(full)) == 1 && outl >= DTLS_COOKIE_LEN) {
        memcpy(out, full, DTLS_COOKIE_LEN);
        rc = 0;
    }
    EVP_MAC_CTX_free(ctx);
    OPENSSL_cleanse(full, sizeof(full));
    OPENSSL_cleanse(tb, sizeof(tb));
    return rc;
}

static void send_hvr(int fd, const struct sockaddr *peer, socklen_t plen, uint64_t rec_seq,
                     const uint8_t cookie[DTLS_COOKIE_LEN]) {
    uint8_t m[DTLS_HDR + DTLS_HS_HDR + 3 + DTLS_COOKIE_LEN];
    size_t body = 3 + DTLS_COOKIE_LEN, hl = DTLS_HS_HDR + body;
    /* RFC 6347 4.2.1: version DTLS 1.0 in the HelloVerifyRequest whatever will
     * be negotiated, and the record sequence number of the ClientHello. */
    m[0] = 22, m[1] = 0xFE, m[2] = 0xFF, m[3] = 0, m[4] = 0;
    for (int i = 0; i < 6; i++)
        m[5 + i] = (uint8_t)(rec_seq >> (40 - 8 * i));
    m[11] = (uint8_t)(hl >> 8), m[12] = (uint8_t)hl;
    uint8_t *h = m + DTLS_HDR;
    h[0] = HS_HELLO_VERIFY_REQUEST, h[1] = 0, h[2] = 0, h[3] = (uint8_t)body;
    h[4] = 0, h[5] = 0, h[6] = h[7] = h[8] = 0, h[9] = 0, h[10] = 0, h[11] = (uint8_t)body;
    h[12] = 0xFE, h[13] = 0xFF, h[14] = DTLS_COOKIE_LEN;
    memcpy(h + 15, cookie, DTLS_COOKIE_LEN);
    (void)sendto(fd, m, sizeof(m), 0, peer, plen);
}

int dtls_listen(struct dtls_listener *l, int fd, int timeout_ms, struct sockaddr_storage *peer, socklen_t *peer_len,
                uint8_t *dgram, size_t *dlen, uint16_t *msg_seq, uint64_t *rec_seq) {
    for (;;) {
        struct pollfd pf = {fd, POLLIN, 0};
        int pr = poll(&pf, 1, timeout_ms);
        if (pr < 0 && errno == EINTR) continue;
        if (pr < 0) return -1;
        if (pr == 0) return 1;
        *peer_len = sizeof(*peer);
        ssize_t k = recvfrom(fd, dgram, DTLS_MAX_DGRAM, 0, (struct sockaddr *)peer, peer_len);
        if (k < 0) {
            if (errno == EINTR || errno == ECONNREFUSED || errno == EAGAIN) continue;
            return -1;
        }
        uint8_t type;
        uint16_t version, epoch;
        size_t len;
        /* only an unfragmented ClientHello in the first record of epoch 0 */
        if (dtls_parse_header(dgram, (size_t)k, &type, &version, &epoch, rec_seq, &len) != 0 || type != 22 ||
            epoch != 0 || (version >> 8) != 0xFE || len < DTLS_HS_HDR)
            continue;
        const uint8_t *h = dgram + DTLS_HDR;
        size_t mlen = ((size_t)h[1] << 16) | ((size_t)h[2] << 8) | h[3];
        size_t foff = ((size_t)h[6] << 16) | ((size_t)h[7] << 8) | h[8];
        size_t flen = ((size_t)h[9] << 16) | ((size_t)h[10] << 8) | h[11];
        if (h[0] != HS_CLIENT_HELLO || foff != 0 || flen != mlen || DTLS_HS_HDR + mlen > len) continue;
        uint8_t want[DTLS_COOKIE_LEN], tb[2048];
        const uint8_t *ck;
        size_t ckl, tl;
        if (mlen > sizeof(tb) || dtls_ch_to_tls(h + DTLS_HS_HDR, mlen, tb, &tl, &ck, &ckl) != 0) continue;
        if (dtls_cookie(l, (struct sockaddr *)peer, *peer_len, h + DTLS_HS_HDR, mlen, want) != 0) continue;
        *msg_seq = (uint16_t)((h[4] << 8) | h[5]);
        if (ckl == DTLS_COOKIE_LEN && CRYPTO_memcmp(ck, want, DTLS_COOKIE_LEN) == 0) {
            *dlen = (size_t)k;
            return 0;
        }
        if (l->cfg->trace)
            fprintf(l->cfg->trace_out ? l->cfg->trace_out : stderr,
                    "[server] DTLS ClientHello %s cookie: HelloVerifyRequest\n", ckl ? "with a wrong" : "without a");
        send_hvr(fd, (struct sockaddr *)peer, *peer_len, *rec_seq, want);
    }
}
