/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls_dtls.c - the DTLS layer of the CLI engine (issue #15) without a
 * peer: handshake reassembly (fragments out of order, duplicated, messages
 * ahead of their turn, inconsistent or malformed fragments), the record
 * layer's anti-replay window (RFC 6347 4.1.2.6) and epoch check on a
 * SOCK_SEQPACKET socketpair, and the stateless cookie (4.2.1): bound to the
 * client's address and the ClientHello fields, not to the cookie field;
 * ServerHello extensions the DTLS client did not ask for; a flight whose empty
 * last message meets a full datagram.
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dtls.h"
#include "testutil.h"
#include "tls.h"

static NCRYPT_PROV_HANDLE prov;

static void config(struct tls_config *cfg, bool server) {
    memset(cfg, 0, sizeof(*cfg));
    cfg->prov = prov;
    cfg->server = server;
    cfg->dtls = true;
    cfg->min_version = cfg->max_version = 0x0303;
    cfg->mtu = 1400;
}

/* One handshake fragment (RFC 6347 4.2.2 header) of a message body. */
static size_t frag(uint8_t *out, uint8_t type, const uint8_t *body, size_t len, uint16_t seq, size_t off, size_t n) {
    out[0] = type;
    out[1] = (uint8_t)(len >> 16), out[2] = (uint8_t)(len >> 8), out[3] = (uint8_t)len;
    out[4] = (uint8_t)(seq >> 8), out[5] = (uint8_t)seq;
    out[6] = (uint8_t)(off >> 16), out[7] = (uint8_t)(off >> 8), out[8] = (uint8_t)off;
    out[9] = (uint8_t)(n >> 16), out[10] = (uint8_t)(n >> 8), out[11] = (uint8_t)n;
    memcpy(out + 12, body + off, n);
    return 12 + n;
}

static void test_reassembly(void) {
    struct tls_config cfg;
    struct tls_conn *c = calloc(1, sizeof(*c));
    T_ASSERT(c != NULL);
    config(&cfg, false);
    tls_conn_init(c, &cfg, -1);
    T_OK(dtls_conn_init(c));
    uint8_t body[300], f[400];
    for (size_t i = 0; i < sizeof(body); i++)
        body[i] = (uint8_t)(i * 7);
    /* a Certificate before any ServerHello: the client does not start counting on it */
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_CERTIFICATE, body, 300, 1, 0, 300)));
    T_ASSERT(c->hs_len == 0);
    /* ServerHello (seq 0) in three fragments, out of order, one duplicated */
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_SERVER_HELLO, body, 300, 0, 200, 100)));
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_SERVER_HELLO, body, 300, 0, 0, 100)));
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_SERVER_HELLO, body, 300, 0, 0, 100)));
    T_ASSERT(c->hs_len == 0); /* the middle is missing */
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_SERVER_HELLO, body, 300, 0, 50, 200)));
    T_ASSERT(c->hs_len == 12 + 300);
    static const uint8_t want_hdr[12] = {HS_SERVER_HELLO, 0, 1, 44, 0, 0, 0, 0, 0, 0, 1, 44};
    T_BYTES(c->hs, want_hdr, 12);
    T_BYTES(c->hs + 12, body, 300);
    T_ASSERT(c->dtls->hs_rd_seq == 1);
    tls_consume_hs(c);
    /* seq 2 before seq 1: held back, then both in order */
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_SERVER_HELLO_DONE, body, 0, 2, 0, 0)));
    T_ASSERT(c->hs_len == 0);
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_CERTIFICATE, body, 20, 1, 0, 20)));
    T_ASSERT(c->hs_len == 12 + 20 + 12);
    T_ASSERT(c->hs[0] == HS_CERTIFICATE && c->hs[5] == 1);
    T_ASSERT(c->hs[32] == HS_SERVER_HELLO_DONE && c->hs[32 + 5] == 2);
    T_ASSERT(c->dtls->hs_rd_seq == 3);
    tls_consume_hs(c);
    tls_consume_hs(c);
    /* a fragment disagreeing with the first on the length: dropped */
    unsigned bad = c->dtls->n.malformed;
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_FINISHED, body, 50, 3, 0, 10)));
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_FINISHED, body, 60, 3, 10, 50)));
    T_ASSERT(c->dtls->n.malformed == bad + 1);
    T_ASSERT(c->hs_len == 0);
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_FINISHED, body, 50, 3, 10, 40)));
    T_ASSERT(c->hs_len == 12 + 50);
    tls_consume_hs(c);
    /* too far ahead: ignored (it will be retransmitted) */
    T_OK(dtls_hs_fragments(c, f, frag(f, HS_FINISHED, body, 10, 4 + DTLS_REASM_SLOTS, 0, 10)));
    T_ASSERT(c->hs_len == 0 && !c->dtls->slot[0].used);
    /* framing errors: fragment beyond the message, fragment longer than the record */
    size_t n = frag(f, HS_FINISHED, body, 10, 4, 0, 10);
    f[8] = 5; /* offset 5 + length 10 > 10 */
    T_OK(dtls_hs_fragments(c, f, n));
    T_ASSERT(c->dtls->n.malformed == bad + 2);
    n = frag(f, HS_FINISHED, body, 10, 4, 0, 10);
    T_OK(dtls_hs_fragments(c, f, n - 1));
    T_ASSERT(c->dtls->n.malformed == bad + 3);
    T_OK(dtls_hs_fragments(c, f, 11)); /* shorter than a header */
    T_ASSERT(c->dtls->n.malformed == bad + 4 && c->hs_len == 0 && !c->failed);
    tls_conn_free(c);
    free(c);
}

/* A plaintext record of epoch/seq (RFC 6347 4.1). */
static size_t record(uint8_t *out, uint8_t type, uint16_t epoch, uint64_t seq, const uint8_t *p, size_t n) {
    out[0] = type, out[1] = 0xFE, out[2] = 0xFD;
    out[3] = (uint8_t)(epoch >> 8), out[4] = (uint8_t)epoch;
    for (int i = 0; i < 6; i++)
        out[5 + i] = (uint8_t)(seq >> (40 - 8 * i));
    out[11] = (uint8_t)(n >> 8), out[12] = (uint8_t)n;
    memcpy(out + 13, p, n);
    return 13 + n;
}

/* A DTLS connection on one end of a SOCK_SEQPACKET pair (datagram
 * boundaries kept); the test reads and writes sv[1]. */
static struct tls_conn *seqpacket_conn(struct tls_config *cfg, bool server, unsigned mtu, int sv[2]) {
    T_ASSERT(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
    struct tls_conn *c = calloc(1, sizeof(*c));
    T_ASSERT(c != NULL);
    config(cfg, server);
    cfg->mtu = mtu;
    tls_conn_init(c, cfg, sv[0]);
    T_OK(dtls_conn_init(c));
    return c;
}

static void seqpacket_conn_free(struct tls_conn *c, int sv[2]) {
    tls_conn_free(c);
    free(c);
    close(sv[0]);
    close(sv[1]);
}

static void test_replay_window(void) {
    int sv[2];
    struct tls_config cfg;
    struct tls_conn *c = seqpacket_conn(&cfg, false, DTLS_DEFAULT_MTU, sv);
    static const uint8_t warn[2] = {1, ALERT_USER_CANCELED};
    uint8_t d[512], hv[64];
    static const uint8_t hvr_body[] = {0xFE, 0xFF, 4, 1, 2, 3, 4};
    size_t hl = frag(hv, HS_HELLO_VERIFY_REQUEST, hvr_body, sizeof(hvr_body), 0, 0, sizeof(hvr_body));
    /* one datagram: the HelloVerifyRequest (seq 5), the same record again (a
     * replay), a record of epoch 1, then a warning alert (seq 6) */
    size_t n = record(d, 22, 0, 5, hv, hl);
    n += record(d + n, 22, 0, 5, hv, hl);
    n += record(d + n, 23, 1, 7, warn, 2);
    n += record(d + n, 21, 0, 6, warn, 2);
    T_ASSERT(send(sv[1], d, n, 0) == (ssize_t)n);
    /* second datagram: seq 100 moves the window; 30 is now older than 64
     * records, 99 is new, 99 again a replay; finally seq 101 */
    n = record(d, 21, 0, 100, warn, 2);
    n += record(d + n, 21, 0, 30, warn, 2);
    n += record(d + n, 21, 0, 99, warn, 2);
    n += record(d + n, 21, 0, 99, warn, 2);
    n += record(d + n, 21, 0, 101, warn, 2);
    /* and a truncated record: the rest of the datagram is dropped */
    n += record(d + n, 21, 0, 102, warn, 2) - 1;
    T_ASSERT(send(sv[1], d, n, 0) == (ssize_t)n);
    shutdown(sv[1], SHUT_WR);
    int accepted = 0;
    while (dtls_read_record(c) == 0)
        accepted++;
    /* HVR, alert 6, alerts 100, 99, 101 - then the end of the input */
    T_ASSERT(accepted == 5);
    T_ASSERT(c->dtls->n.replayed == 3);
    T_ASSERT(c->dtls->n.bad_epoch == 1);
    T_ASSERT(c->dtls->n.malformed == 1);
    T_ASSERT(c->hs_len == 12 + sizeof(hvr_body) && c->hs[0] == HS_HELLO_VERIFY_REQUEST);
    seqpacket_conn_free(c, sv);
}

/* A flight whose last message has an empty body (ServerHelloDone) and does
 * not fit in what is left of the datagram: it must go out in a second
 * datagram.  The old send loop dropped it (a `continue` to the next datagram
 * fell out of a do-while whose test was already false), so a flight with a
 * CertificateRequest that filled the first datagram never completed (found by
 * the DTLS client-certificate interop case).  Every room from 0 to 40 bytes
 * before the empty message is tried (retransmission sends the flight through
 * the same transmit_flight). */
static void test_empty_message_at_datagram_end(void) {
    for (size_t room = 0; room <= 40; room++) {
        int sv[2];
        struct tls_config cfg;
        struct tls_conn *c = seqpacket_conn(&cfg, true, DTLS_MIN_MTU, sv);
        /* message 1 fills the datagram up to `room` bytes: record header,
         * handshake header, body */
        const size_t body = DTLS_MIN_MTU - room - DTLS_HDR - DTLS_HS_HDR;
        uint8_t m1[4 + DTLS_MIN_MTU] = {HS_CERTIFICATE_REQUEST, 0, (uint8_t)(body >> 8), (uint8_t)body};
        memset(m1 + 4, 0x5a, body);
        static const uint8_t done[4] = {HS_SERVER_HELLO_DONE, 0, 0, 0};
        T_OK(dtls_send_hs(c, m1, 4 + body));
        T_OK(dtls_send_hs(c, done, 4));
        T_OK(dtls_flush(c));
        uint8_t dg[2048];
        size_t got_done = 0, dgrams = 0;
        ssize_t k;
        while ((k = recv(sv[1], dg, sizeof(dg), MSG_DONTWAIT)) > 0) {
            dgrams++;
            T_ASSERT((size_t)k <= DTLS_MIN_MTU);
            for (size_t o = 0; o + DTLS_HDR <= (size_t)k;) { /* records of the datagram */
                size_t rl = (size_t)dg[o + 11] << 8 | dg[o + 12];
                if (dg[o] == 22 && rl == DTLS_HS_HDR && dg[o + DTLS_HDR] == HS_SERVER_HELLO_DONE) got_done++;
                o += DTLS_HDR + rl;
            }
        }
        T_ASSERT(got_done == 1);
        T_ASSERT(dgrams == (room < DTLS_HDR + DTLS_HS_HDR ? 2u : 1u));
        if (t_fail) fprintf(stderr, "  room %zu: %zu datagrams, %zu ServerHelloDone\n", room, dgrams, got_done);
        seqpacket_conn_free(c, sv);
    }
}

/* A DTLS ClientHello body with a cookie field. */
static size_t client_hello(uint8_t *out, uint8_t rnd_byte, const uint8_t *cookie, size_t cl, bool ext) {
    size_t o = 0;
    out[o++] = 0xFE, out[o++] = 0xFD;
    memset(out + o, rnd_byte, 32), o += 32;
    out[o++] = 0;
    out[o++] = (uint8_t)cl;
    if (cl > 0) memcpy(out + o, cookie, cl), o += cl; /* no cookie: cookie may be NULL */
    out[o++] = 0, out[o++] = 2, out[o++] = 0xC0, out[o++] = 0x2B;
    out[o++] = 1, out[o++] = 0;
    if (ext) {
        static const uint8_t e[] = {0, 4, 0, 23, 0, 0};
        memcpy(out + o, e, sizeof(e)), o += sizeof(e);
    }
    return o;
}

static void test_cookie(void) {
    struct tls_config cfg;
    config(&cfg, true);
    struct dtls_listener *l = dtls_listener_new(&cfg);
    T_ASSERT(l != NULL);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(5000);
    a.sin_addr.s_addr = htonl(0x7f000001);
    uint8_t ch[128], ck1[DTLS_COOKIE_LEN], ck2[DTLS_COOKIE_LEN];
    size_t n = client_hello(ch, 0x11, NULL, 0, false);
    T_OK(dtls_cookie(l, (struct sockaddr *)&a, sizeof(a), ch, n, ck1));
    /* the second ClientHello carries the cookie (and here an extension): same cookie */
    n = client_hello(ch, 0x11, ck1, sizeof(ck1), true);
    T_OK(dtls_cookie(l, (struct sockaddr *)&a, sizeof(a), ch, n, ck2));
    T_BYTES(ck2, ck1, DTLS_COOKIE_LEN);
    /* another port, another random: another cookie */
    a.sin_port = htons(5001);
    T_OK(dtls_cookie(l, (struct sockaddr *)&a, sizeof(a), ch, n, ck2));
    T_ASSERT(memcmp(ck1, ck2, DTLS_COOKIE_LEN) != 0);
    a.sin_port = htons(5000);
    n = client_hello(ch, 0x12, NULL, 0, false);
    T_OK(dtls_cookie(l, (struct sockaddr *)&a, sizeof(a), ch, n, ck2));
    T_ASSERT(memcmp(ck1, ck2, DTLS_COOKIE_LEN) != 0);
    /* another listener (another secret): another cookie */
    struct dtls_listener *l2 = dtls_listener_new(&cfg);
    n = client_hello(ch, 0x11, NULL, 0, false);
    T_OK(dtls_cookie(l2, (struct sockaddr *)&a, sizeof(a), ch, n, ck2));
    T_ASSERT(memcmp(ck1, ck2, DTLS_COOKIE_LEN) != 0);
    /* the TLS layout: the ClientHello without its cookie */
    uint8_t tb[128];
    size_t tl = 0, cl = 0;
    const uint8_t *cp;
    n = client_hello(ch, 0x11, ck1, sizeof(ck1), true);
    T_OK(dtls_ch_to_tls(ch, n, tb, &tl, &cp, &cl));
    T_ASSERT(tl == n - 1 - DTLS_COOKIE_LEN && cl == DTLS_COOKIE_LEN);
    T_BYTES(cp, ck1, DTLS_COOKIE_LEN);
    struct tls_client_hello p;
    T_OK(tls_parse_client_hello(tb, tl, &p));
    T_ASSERT(p.legacy_version == 0xFEFD && p.n_suites == 1 && p.ems);
    /* truncated before the cookie: refused */
    T_ASSERT(dtls_ch_to_tls(ch, 35, tb, &tl, &cp, &cl) != 0);
    T_ASSERT(dtls_cookie(l, (struct sockaddr *)&a, sizeof(a), ch, 36, ck2) != 0);
    dtls_listener_free(l);
    dtls_listener_free(l2);
}

/* The DTLS ClientHello offers no session_ticket, ALPN or record_size_limit
 * (dtls_hello.c): a ServerHello answering one is refused with
 * unsupported_extension (RFC 5246 7.4.1.4), not taken for a TLS 1.2 ticket. */
static void test_unsolicited_extension(void) {
    static const uint16_t unsolicited[] = {EXT_SESSION_TICKET, EXT_RECORD_SIZE_LIMIT, EXT_ALPN};
    for (size_t k = 0; k < sizeof(unsolicited) / sizeof(unsolicited[0]); k++) {
        int sv[2];
        T_ASSERT(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
        struct tls_config cfg;
        struct tls_conn *c = calloc(1, sizeof(*c));
        T_ASSERT(c != NULL);
        config(&cfg, false);
        cfg.suites[0] = 0xC02B;
        cfg.n_suites = 1;
        tls_conn_init(c, &cfg, sv[0]);
        /* ServerHello: DTLS 1.2, no session id, ECDHE-ECDSA-AES128-GCM, the extension */
        uint8_t sh[64], hs[96], d[160];
        size_t o = 0;
        sh[o++] = 0xFE, sh[o++] = 0xFD;
        memset(sh + o, 0x5A, 32), o += 32;
        sh[o++] = 0;
        sh[o++] = 0xC0, sh[o++] = 0x2B;
        sh[o++] = 0;
        static const uint8_t alpn[] = {0, 3, 2, 'h', '2'}, rsl[] = {0x40, 0};
        const uint8_t *ev = unsolicited[k] == EXT_ALPN ? alpn : unsolicited[k] == EXT_RECORD_SIZE_LIMIT ? rsl : NULL;
        size_t el = unsolicited[k] == EXT_ALPN                ? sizeof(alpn)
                    : unsolicited[k] == EXT_RECORD_SIZE_LIMIT ? sizeof(rsl)
                                                              : 0;
        sh[o++] = 0, sh[o++] = (uint8_t)(4 + el);
        sh[o++] = (uint8_t)(unsolicited[k] >> 8), sh[o++] = (uint8_t)unsolicited[k];
        sh[o++] = 0, sh[o++] = (uint8_t)el;
        if (el) memcpy(sh + o, ev, el), o += el;
        size_t hl = frag(hs, HS_SERVER_HELLO, sh, o, 0, 0, o);
        size_t n = record(d, 22, 0, 0, hs, hl);
        T_ASSERT(send(sv[1], d, n, 0) == (ssize_t)n);
        shutdown(sv[1], SHUT_WR); /* nothing follows: a client that went on ends at once */
        T_ASSERT(tls_handshake(c) != 0);
        T_ASSERT(c->alert_sent == ALERT_UNSUPPORTED_EXTENSION);
        T_ASSERT(strstr(c->err, "unsolicited") != NULL);
        tls_conn_free(c);
        free(c);
        close(sv[0]);
        close(sv[1]);
    }
}

int main(void) {
    T_OK(SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0));
    test_reassembly();
    test_replay_window();
    test_cookie();
    test_unsolicited_extension();
    test_empty_message_at_datagram_end();
    SslFreeObject(prov, 0);
    return t_done();
}
