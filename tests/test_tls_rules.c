/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls_rules.c - every protocol rule the engine enforces for issues #12
 * (engine items 1, 3, 6, 7) and #13 (rules 5-12), each by a scripted peer
 * (tls_script.h) that sends the offending bytes to the engine under test and
 * checks the alert it answers with.  Each case names its rule and RFC section.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tls_script.h"
#include "kex_testutil.h"

static int expect_alert_at(const char *what, const struct ts_side *s, uint8_t want) {
    bool ok = s->c.failed && s->c.alert_sent == want;
    if (!ok)
        fprintf(stderr, "  %s: failed=%d alert_sent=%u want %u (%s)\n", what, s->c.failed, s->c.alert_sent, want,
                s->c.err);
    T_ASSERT(ok);
    return ok;
}
#define EXPECT_ALERT(side, want) expect_alert_at(__func__, &(side), (want))

/* ---- issue #12 item 1: a pre_shared_key this ClientHello never offered ---- */

/* RFC 8446 4.2.11: the server may select only a PSK this ClientHello offered,
 * by its index, with the hash of the suite it chose.  psk_selection stores a
 * session (a TLS 1.2 one: no PSK is offered; or a TLS 1.3 one with a ticket:
 * exactly one PSK, index 0), then answers the ClientHello with a ServerHello
 * selecting PSK `index` under `suite`.  Each case would skip the server's
 * Certificate and CertificateVerify; the client must answer
 * illegal_parameter. */
static void psk_selection(const char *what, bool offer13, uint16_t suite, uint16_t index) {
    struct ts_side uut;
    int fds[2];
    T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    ts_timeout(fds[1]);
    ts_side_init(&uut, false, 0x0303, 0x0304);
    struct tls_session *s = &uut.cfg.client_session;
    s->valid = true, s->ems = true;
    if (offer13) { /* a TLS 1.3 ticket for TLS_AES_128_GCM_SHA256; both SHA-256 and SHA-384 suites offered */
        static const uint8_t psk[32] = {1, 2, 3};
        static const uint16_t suites[] = {0x1301, 0x1302, 0xC02B};
        memcpy(uut.cfg.suites, suites, sizeof(suites));
        uut.cfg.n_suites = 3;
        s->version = 0x0304, s->suite = 0x1301;
        s->ticket = OPENSSL_memdup("ticket-ticket", 13), s->ticket_len = 13;
        s->issued_ms = tls_now_ms();
        T_OK(SslImportKey(uut.cfg.prov, &s->psk, TLS_13_PRE_SHARED_KEY, (PBYTE)psk, sizeof(psk), 0));
    } else { /* only a TLS 1.2 session id */
        s->version = 0x0303, s->suite = 0xC02B, s->id_len = 32;
        memset(s->id, 0x5A, 32);
        T_OK(SslCreateEphemeralKey(uut.cfg.prov, &s->master, TLS1_2_PROTOCOL_VERSION,
                                   TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 29, 255, NULL, 0, 0));
    }
    ts_side_start(&uut, fds[0], TS_HANDSHAKE);

    static uint8_t rec[1 << 15];
    size_t rl = ts_read_record(fds[1], rec, sizeof(rec));
    struct tls_client_hello ch;
    T_ASSERT(rl > 9 && rec[5] == HS_CLIENT_HELLO && tls_parse_client_hello(rec + 9, rl - 9, &ch) == 0);
    T_ASSERT(ch.has_psk == offer13);
    if (!offer13) T_ASSERT(ch.sid_len == 32 && ch.sid[0] == 0x5A); /* a TLS 1.2 session id, no PSK */

    uint8_t pub[32], rnd[32];
    size_t pl = 32;
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    T_ASSERT(k != NULL && EVP_PKEY_get_raw_public_key(k, pub, &pl) == 1);
    EVP_PKEY_free(k);
    RAND_bytes(rnd, 32);
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_SERVER_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, 0x0303);
    tls_wr_bytes(&w, rnd, 32);
    tls_wr_u8(&w, (uint8_t)ch.sid_len);
    tls_wr_bytes(&w, ch.sid, ch.sid_len);
    tls_wr_u16(&w, suite);
    tls_wr_u8(&w, 0);
    tls_wr_open(&w, 2);
    static const uint8_t ver[] = {0x03, 0x04};
    ts_ext(&w, EXT_SUPPORTED_VERSIONS, ver, 2);
    uint8_t ks[4 + 32] = {0, 29, 0, 32};
    memcpy(ks + 4, pub, 32);
    ts_ext(&w, EXT_KEY_SHARE, ks, sizeof(ks));
    const uint8_t idx[] = {(uint8_t)(index >> 8), (uint8_t)index};
    ts_ext(&w, EXT_PRE_SHARED_KEY, idx, 2);
    tls_wr_close(&w);
    tls_wr_close(&w);
    ts_record(fds[1], 22, 0x0303, w.p, w.len);
    tls_wr_free(&w);
    shutdown(fds[1], SHUT_WR);
    ts_side_join(&uut);
    T_ASSERT(uut.hs_rc != 0 && !uut.c.resumed);
    expect_alert_at(what, &uut, ALERT_ILLEGAL_PARAMETER);
    ts_side_free(&uut);
    close(fds[1]);
}

static void test_psk_not_offered(void) { psk_selection(__func__, false, 0x1301, 0); }
/* one PSK offered: index 1 is out of range */
static void test_psk_index_out_of_range(void) { psk_selection(__func__, true, 0x1301, 1); }
/* the offered PSK is SHA-256's; a SHA-384 suite cannot use it */
static void test_psk_hash_mismatch(void) { psk_selection(__func__, true, 0x1302, 0); }

/* ---- RFC 4055 3.1: an RSASSA-PSS key's parameters restrict its signatures ---- */

/* The restriction of each kind of key; then a peer whose certificate holds a
 * key restricted to SHA-384 may not sign with rsa_pss_pss_sha256 (the client
 * must answer illegal_parameter before verifying) and may with
 * rsa_pss_pss_sha384 (a real signature verifies). */
static void test_pss_restricted_peer(void) {
    EVP_PKEY *any = kt_pss_key(NULL, 0), *k384 = kt_pss_key("SHA384", 48), *k256_64 = kt_pss_key("SHA256", 64);
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
    T_ASSERT(tls_pss_restriction(any) == 0 && tls_pss_restriction(rsa) == 0);
    T_ASSERT(tls_pss_restriction(k384) == SIG_RSA_PSS_PSS_SHA384);
    T_ASSERT(tls_pss_restriction(k256_64) == TLS_PSS_NO_SCHEME); /* a 64-byte salt fits no SHA-256 scheme */

    /* a self-signed certificate of k384, as the peer's Certificate message */
    X509 *x = ts_self_signed(k384, EVP_sha384());
    uint8_t der[2048], msg[4096];
    unsigned char *dp = der;
    int dl = i2d_X509(x, &dp);
    T_ASSERT(dl > 0 && dl < 2048);
    size_t ml = 0; /* certificate_list<0..2^24-1> of one ASN.1Cert<1..2^24-1> */
    msg[ml++] = 0, msg[ml++] = (uint8_t)((dl + 3) >> 8), msg[ml++] = (uint8_t)(dl + 3);
    msg[ml++] = 0, msg[ml++] = (uint8_t)(dl >> 8), msg[ml++] = (uint8_t)dl;
    memcpy(msg + ml, der, (size_t)dl), ml += (size_t)dl;

    static const uint8_t data[] = "content covered by the signature";
    uint8_t sig[256];
    size_t sl = sizeof(sig);
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = NULL;
    T_ASSERT(EVP_DigestSignInit_ex(m, &pc, "SHA384", NULL, NULL, k384, NULL) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, 48) == 1 && EVP_DigestSign(m, sig, &sl, data, sizeof(data)) == 1);
    EVP_MD_CTX_free(m);

    for (int pass = 0; pass < 2; pass++) {
        struct ts_side uut;
        ts_side_init(&uut, false, 0x0304, 0x0304);
        tls_conn_init(&uut.c, &uut.cfg, -1);
        uut.c.version = 0x0304;
        T_ASSERT(tls_parse_certificate(&uut.c, msg, ml, false) == 0);
        T_ASSERT(uut.c.peer_keytype == KEY_RSA_PSS && uut.c.peer_pss_scheme == SIG_RSA_PSS_PSS_SHA384);
        if (pass == 0) {
            T_ASSERT(tls_verify(&uut.c, SIG_RSA_PSS_PSS_SHA256, data, sizeof(data), sig, sl) != 0);
            expect_alert_at("test_pss_restricted_peer", &uut, ALERT_ILLEGAL_PARAMETER);
        } else {
            T_ASSERT(tls_verify(&uut.c, SIG_RSA_PSS_PSS_SHA384, data, sizeof(data), sig, sl) == 0 && !uut.c.failed);
        }
        ts_side_free(&uut);
    }
    X509_free(x);
    EVP_PKEY_free(any), EVP_PKEY_free(k384), EVP_PKEY_free(k256_64), EVP_PKEY_free(rsa);
}

/* ---- engine read-ahead (tls_record.c io_read) ---- */

/* Plaintext handshake records of the given sizes (body bytes i * 7 + record
 * index), as one byte stream. */
static size_t ra_stream(const size_t *sizes, size_t n, uint8_t *out, uint8_t *want, size_t *want_len) {
    size_t o = 0;
    *want_len = 0;
    for (size_t r = 0; r < n; r++) {
        out[o++] = 22, out[o++] = 3, out[o++] = 3;
        out[o++] = (uint8_t)(sizes[r] >> 8), out[o++] = (uint8_t)sizes[r];
        for (size_t i = 0; i < sizes[r]; i++)
            out[o++] = want[(*want_len)++] = (uint8_t)(i * 7 + r);
    }
    return o;
}

struct ra_writer {
    int fd;
    const uint8_t *p;
    size_t n, chunk;
};

/* Writes the stream `chunk` bytes at a time, 0.1 ms apart, so that the
 * reader meets records cut at many places. */
static void *ra_write(void *arg) {
    struct ra_writer *w = arg;
    for (size_t o = 0; o < w->n; o += w->chunk) {
        size_t k = w->n - o < w->chunk ? w->n - o : w->chunk;
        if (send(w->fd, w->p + o, k, MSG_NOSIGNAL) != (ssize_t)k) break; /* the reader gave up */
        usleep(100);
    }
    return NULL;
}

/* Records read ahead are delivered whole and in order, whatever the sends
 * look like: many records in one send, records cut anywhere (including inside
 * the 5-byte header), a record longer than the read-ahead buffer after small
 * ones; and tls_pending() says that bytes are held once the socket is empty. */
static void test_read_ahead(void) {
    static const size_t sizes[] = {1, 40, 300, 2, TLS_READ_AHEAD + 1000, 5, 16384, 3};
    enum { N = sizeof(sizes) / sizeof(sizes[0]) };
    static uint8_t stream[N * 5 + 2 * 16384 + TLS_READ_AHEAD], want[2 * 16384 + TLS_READ_AHEAD];
    size_t want_len, len = ra_stream(sizes, N, stream, want, &want_len);
    static const size_t chunks[] = {0, 3, 5, TLS_READ_AHEAD + 1};
    for (size_t t = 0; t < sizeof(chunks) / sizeof(chunks[0]); t++) {
        int fds[2];
        T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        ts_timeout(fds[0]), ts_timeout(fds[1]);
        struct ts_side uut;
        ts_side_init(&uut, true, 0x0303, 0x0304);
        tls_conn_init(&uut.c, &uut.cfg, fds[0]);
        pthread_t th;
        struct ra_writer w = {fds[1], stream, len, chunks[t] ? chunks[t] : len};
        if (chunks[t] == 0) { /* all at once, before the first read */
            T_ASSERT(write(fds[1], stream, len) == (ssize_t)len);
        } else {
            T_ASSERT(pthread_create(&th, NULL, ra_write, &w) == 0);
        }
        bool ok = true;
        for (size_t r = 0; r < N && ok; r++) {
            ok = tls_read_record(&uut.c) == 0;
            /* the first record came with the rest of the stream: held here */
            if (chunks[t] == 0 && r == 0) T_ASSERT(tls_pending(&uut.c));
        }
        shutdown(fds[0], SHUT_RDWR); /* a reader that failed leaves no writer blocked */
        if (chunks[t] != 0) pthread_join(th, NULL);
        T_ASSERT(ok && !uut.c.failed);
        T_ASSERT(uut.c.hs_len == want_len && memcmp(uut.c.hs, want, want_len) == 0);
        T_ASSERT(uut.c.ra_len == uut.c.ra_off);
        if (t_fail) fprintf(stderr, "  test_read_ahead: chunk %zu: %s\n", chunks[t], uut.c.err);
        close(fds[1]);
        ts_side_free(&uut);
    }
}

/* ---- issue #12 item 3: handshake bytes must not span a key change ---- */

/* RFC 8446 5.1: the ClientHello's record also carries the start of another
 * handshake message, which would be read as if it came under the handshake
 * key installed after the ServerHello. */
static void test_key_change_with_buffered_handshake(void) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    static const uint8_t fin_head[] = {HS_FINISHED, 0, 0, 32};
    struct ts_ch_opts o = {.extra_hs = fin_head, .extra_hs_len = sizeof(fin_head)};
    ts_c13_hello(&s.cl, &o);
    ts_srv_end(&s);
    EXPECT_ALERT(s.uut, ALERT_UNEXPECTED_MESSAGE);
    ts_srv_free(&s);
}

/* ---- issue #12 item 6: an empty server name never disables the host check ---- */

static int client_verifying(const char *name, uint8_t *alert) {
    struct ts_pair p;
    ts_pair_init(&p, false, 0x0304, 0x0304);
    ts_side_trust(&p.uut);
    p.uut.cfg.servername = name;
    (void)ts_pair_handshake(&p, TS_HANDSHAKE);
    ts_pair_end(&p);
    int rc = p.uut.hs_rc;
    *alert = p.uut.c.alert_sent;
    ts_pair_free(&p);
    return rc;
}

static void test_servername_empty(void) {
    uint8_t a = 0;
    T_ASSERT(client_verifying("localhost", &a) == 0);                                 /* control: the name matches */
    T_ASSERT(client_verifying("example.org", &a) != 0 && a == ALERT_BAD_CERTIFICATE); /* and a wrong one fails */
    T_ASSERT(client_verifying("", &a) != 0); /* "" must not switch X509_VERIFY_PARAM_set1_host off */
}

/* The shape of the rules that apply once a session is up: the engine (the
 * server when uut_server) completes a handshake of version v and reads;
 * offend() makes the scripted peer send what the rule forbids; the engine
 * must end the session with alert `want`, having delivered no application
 * data. */
static void post_handshake(const char *what, bool uut_server, uint16_t v, void (*offend)(struct ts_pair *p),
                           uint8_t want) {
    struct ts_pair p;
    ts_pair_init(&p, uut_server, v, v);
    T_ASSERT(ts_pair_handshake(&p, TS_READ) == 0);
    offend(&p);
    ts_pair_end(&p);
    T_ASSERT(p.uut.hs_rc == 0 && p.uut.got_len == 0);
    expect_alert_at(what, &p.uut, want);
    ts_pair_free(&p);
}
#define POST_HANDSHAKE(uut_server, v, offend, want) post_handshake(__func__, (uut_server), (v), (offend), (want))

/* ---- issue #12 item 7 / #13 rule 7: CCS after Finished, floods, HelloRequest ---- */

/* RFC 8446 5: a change_cipher_spec after the peer's Finished is unexpected. */
static void send_ccs(struct ts_pair *p) {
    static const uint8_t one = 1;
    ts_record(p->fds[1], 20, 0x0303, &one, 1);
}
static void test_ccs_after_finished(void) { POST_HANDSHAKE(false, 0x0304, send_ccs, ALERT_UNEXPECTED_MESSAGE); }

/* A bound on records that carry nothing: TLS 1.2 warning alerts. */
static void send_warning_flood(struct ts_pair *p) {
    static const uint8_t warn[] = {1, ALERT_NO_RENEGOTIATION};
    for (int i = 0; i < 40; i++)
        T_ASSERT(tls_send_record(&p->peer.c, 21, warn, 2) == 0);
}
static void test_warning_alert_flood(void) {
    POST_HANDSHAKE(true, 0x0303, send_warning_flood, ALERT_UNEXPECTED_MESSAGE);
}

/* ... and empty TLS 1.3 application-data records. */
static void send_empty_flood(struct ts_pair *p) {
    for (int i = 0; i < 40; i++)
        T_ASSERT(tls_send_record(&p->peer.c, 23, NULL, 0) == 0);
}
static void test_empty_record_flood(void) { POST_HANDSHAKE(true, 0x0304, send_empty_flood, ALERT_UNEXPECTED_MESSAGE); }

/* RFC 5246 7.4.1.1: HelloRequest is the server's message; from a client it is unexpected. */
static void send_hello_request(struct ts_pair *p) {
    static const uint8_t hr[] = {HS_HELLO_REQUEST, 0, 0, 0};
    T_ASSERT(tls_send_record(&p->peer.c, 22, hr, sizeof(hr)) == 0);
}
static void test_hello_request_from_client(void) {
    POST_HANDSHAKE(true, 0x0303, send_hello_request, ALERT_UNEXPECTED_MESSAGE);
}

/* ---- issue #13 rule 5: record limits ---- */

static void post_handshake_raw(uint16_t v, uint8_t type, const uint8_t *body, size_t len, uint8_t want) {
    struct ts_pair p;
    ts_pair_init(&p, true, v, v);
    T_ASSERT(ts_pair_handshake(&p, TS_READ) == 0);
    ts_record(p.fds[1], type, 0x0303, body, len);
    ts_pair_end(&p);
    T_ASSERT(p.uut.got_len == 0);
    if (!expect_alert_at("post_handshake_raw", &p.uut, want))
        fprintf(stderr, "    (version %04x, type %u, length %zu)\n", v, type, len);
    ts_pair_free(&p);
}

/* RFC 8446 5.2: TLSCiphertext.length > 2^14 + 256 -> record_overflow. */
static void test_record_overflow13_ciphertext(void) {
    post_handshake_raw(0x0304, 23, NULL, TLS13_MAX_CIPHERTEXT + 1, ALERT_RECORD_OVERFLOW);
}

/* RFC 8446 5.4: an authentic TLSInnerPlaintext of 2^14 + 2 octets (content
 * 2^14, type, one byte of padding) -> record_overflow. */
static void send_inner_overflow(struct ts_pair *p) {
    struct ts_keys k;
    ts_peer_write_keys13(p, &k);
    static uint8_t inner[TLS13_MAX_INNER + 1], rec[5 + TLS13_MAX_INNER + 1 + 16];
    memset(inner, 'A', 16384);
    inner[16384] = 23, inner[16385] = 0;
    size_t rl = ts_seal13(&k, inner, sizeof(inner), rec);
    ts_send(p->fds[1], rec, rl);
}
static void test_record_overflow13_inner(void) {
    POST_HANDSHAKE(true, 0x0304, send_inner_overflow, ALERT_RECORD_OVERFLOW);
}

/* The shape of the rules a scripted TLS 1.3 client checks against the
 * engine's server: ClientHello (options o), then n_early fake early-data
 * records of early_len bytes, the server's flight, a Finished padded by pad
 * bytes; the handshake completes (want 0) or ends with alert want. */
static void client13(const char *what, const struct ts_ch_opts *o, int n_early, size_t early_len, size_t pad,
                     uint8_t want) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    ts_c13_hello(&s.cl, o);
    if (n_early > 0) ts_c13_fake_early_data(&s.cl, n_early, early_len);
    T_ASSERT(ts_c13_server_flight(&s.cl) == 0);
    ts_c13_finished(&s.cl, pad);
    ts_srv_end(&s);
    if (want == 0) {
        if (s.uut.hs_rc != 0) fprintf(stderr, "  %s: %s\n", what, s.uut.c.err);
        T_ASSERT(s.uut.hs_rc == 0);
    } else {
        T_ASSERT(s.uut.hs_rc != 0);
        expect_alert_at(what, &s.uut, want);
    }
    ts_srv_free(&s);
}

/* A client Finished padded past 2^14 + 1 must not complete the handshake. */
static void test_finished_padded_past_limit(void) {
    client13(__func__, NULL, 0, 0, TLS13_MAX_INNER + 1 - 37, ALERT_RECORD_OVERFLOW);
}

/* Control: the same Finished with a little padding completes it. */
static void test_finished_padded_within_limit(void) { client13(__func__, NULL, 0, 0, TLS13_MAX_INNER - 37, 0); }

/* RFC 5246 6.2.3 / 7.2.2: TLSCiphertext.length > 2^14 + 2048 -> record_overflow. */
static void test_record_overflow12_ciphertext(void) {
    post_handshake_raw(0x0303, 23, NULL, TLS_MAX_RECORD - 5 + 1, ALERT_RECORD_OVERFLOW);
}

/* RFC 5246 6.2.3.3: an AES-GCM record whose length implies 2^14 + 1 octets
 * of plaintext (8-byte explicit nonce, 16-byte tag) -> record_overflow. */
static void test_record_overflow12_aead_plaintext(void) {
    post_handshake_raw(0x0303, 23, NULL, 16384 + 1 + 24, ALERT_RECORD_OVERFLOW);
}

/* ---- issue #13 rule 6: TLS 1.3 content types ---- */

/* RFC 8446 5.4: an authentic inner plaintext with no non-zero octet. */
static void send_inner_all_zero(struct ts_pair *p) {
    struct ts_keys k;
    ts_peer_write_keys13(p, &k);
    uint8_t inner[16] = {0}, rec[5 + 16 + 16];
    size_t rl = ts_seal13(&k, inner, sizeof(inner), rec);
    ts_send(p->fds[1], rec, rl);
}
static void test_inner_all_zero(void) { POST_HANDSHAKE(true, 0x0304, send_inner_all_zero, ALERT_UNEXPECTED_MESSAGE); }

/* A protected alert record of length zero. */
static void send_empty_alert(struct ts_pair *p) { T_ASSERT(tls_send_record(&p->peer.c, 21, NULL, 0) == 0); }
static void test_zero_length_alert(void) { POST_HANDSHAKE(true, 0x0304, send_empty_alert, ALERT_UNEXPECTED_MESSAGE); }

/* RFC 8446 5: under keys, an unprotected Alert or Finished is refused by its
 * outer type before any decryption. */
static void test_unprotected_alert_under_keys(void) {
    static const uint8_t alert[] = {2, ALERT_HANDSHAKE_FAILURE};
    post_handshake_raw(0x0304, 21, alert, sizeof(alert), ALERT_UNEXPECTED_MESSAGE);
}

static void test_unprotected_finished_under_keys(void) {
    uint8_t fin[4 + 32] = {HS_FINISHED, 0, 0, 32};
    post_handshake_raw(0x0304, 22, fin, sizeof(fin), ALERT_UNEXPECTED_MESSAGE);
}

/* ---- issue #13 rule 7: records in the wrong place ---- */

/* RFC 8446 5 / 5.1: zero-length application data before the client's Finished. */
static void test_empty_appdata_in_handshake(void) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    ts_c13_hello(&s.cl, NULL);
    T_ASSERT(ts_c13_server_flight(&s.cl) == 0);
    static const uint8_t empty_app[] = {23};
    ts_c13_send13(&s.cl, empty_app, 1);
    ts_c13_finished(&s.cl, 0);
    ts_srv_end(&s);
    T_ASSERT(s.uut.hs_rc != 0);
    EXPECT_ALERT(s.uut, ALERT_UNEXPECTED_MESSAGE);
    ts_srv_free(&s);
}

/* RFC 8446 5.1: application data between the fragments of a KeyUpdate. */
static void send_appdata_inside_keyupdate(struct ts_pair *p) {
    static const uint8_t ku[] = {HS_KEY_UPDATE, 0, 0, 1, 0};
    T_ASSERT(tls_send_record(&p->peer.c, 22, ku, 2) == 0);
    T_ASSERT(tls_send_record(&p->peer.c, 23, (const uint8_t *)"x", 1) == 0);
    T_ASSERT(tls_send_record(&p->peer.c, 22, ku + 2, 3) == 0);
}
static void test_appdata_inside_fragmented_keyupdate(void) {
    POST_HANDSHAKE(true, 0x0304, send_appdata_inside_keyupdate, ALERT_UNEXPECTED_MESSAGE);
}

/* Control: a KeyUpdate in one record, with update_requested, is followed and
 * answered; data flows both ways under the new keys. */
static void test_keyupdate_ok(void) {
    struct ts_pair p;
    ts_pair_init(&p, true, 0x0304, 0x0304);
    T_ASSERT(ts_pair_handshake(&p, TS_ECHO) == 0);
    T_ASSERT(tls_key_update(&p.peer.c, true) == 0);
    T_ASSERT(tls_write(&p.peer.c, (const uint8_t *)"ping", 4) == 0);
    uint8_t buf[16] = {0};
    T_ASSERT(tls_read(&p.peer.c, buf, sizeof(buf)) == 4 && memcmp(buf, "ping", 4) == 0);
    T_ASSERT(p.peer.c.key_updates_recv == 1);
    (void)tls_close(&p.peer.c);
    ts_pair_end(&p);
    T_ASSERT(!p.uut.c.failed && p.uut.c.key_updates_recv == 1 && p.uut.c.key_updates_sent == 1);
    ts_pair_free(&p);
}

/* ---- issue #13 rule 8: KeyUpdate request_update 2 -> illegal_parameter (4.6.3) ---- */

static void send_keyupdate_request2(struct ts_pair *p) {
    static const uint8_t ku[] = {HS_KEY_UPDATE, 0, 0, 1, 2};
    T_ASSERT(tls_send_record(&p->peer.c, 22, ku, sizeof(ku)) == 0);
}
static void test_keyupdate_bad_request(void) {
    POST_HANDSHAKE(true, 0x0304, send_keyupdate_request2, ALERT_ILLEGAL_PARAMETER);
}

/* ---- issue #13 rules 9, 11, 12: ClientHello checks ---- */

static void hello_alert(const char *what, const struct ts_ch_opts *o, uint8_t want) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    ts_c13_hello(&s.cl, o);
    ts_srv_end(&s);
    T_ASSERT(s.uut.hs_rc != 0);
    expect_alert_at(what, &s.uut, want);
    ts_srv_free(&s);
}

/* RFC 8446 4.1.2 / D.5: legacy_version below 0x0303 in a TLS 1.3 ClientHello. */
static void test_ch13_legacy_version(void) {
    struct ts_ch_opts o = {.legacy_version = 0x0301};
    hello_alert(__func__, &o, ALERT_PROTOCOL_VERSION);
}

/* RFC 8446 9.2: supported_groups without key_share. */
static void test_ch13_missing_key_share(void) {
    struct ts_ch_opts o = {.shares = -1};
    hello_alert(__func__, &o, ALERT_MISSING_EXTENSION);
}

/* RFC 8422 5.1.2: ec_point_formats without uncompressed; an empty list. */
static void test_ec_point_formats(void) {
    static const uint8_t compressed_only[] = {0, EXT_EC_POINT_FORMATS, 0, 2, 1, 1};
    static const uint8_t empty[] = {0, EXT_EC_POINT_FORMATS, 0, 1, 0};
    struct ts_ch_opts o1 = {.ext = compressed_only, .ext_len = sizeof(compressed_only)};
    hello_alert("ec_point_formats without uncompressed", &o1, ALERT_ILLEGAL_PARAMETER);
    struct ts_ch_opts o2 = {.ext = empty, .ext_len = sizeof(empty)};
    hello_alert("empty ec_point_formats", &o2, ALERT_DECODE_ERROR);
}

/* RFC 8446 7.4.2: X25519 shares giving the all-zero secret (zero, and a point of order 8). */
static void test_x25519_bad_shares(void) {
    static const uint8_t zero[32] = {0};
    static const uint8_t order8[32] = {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
                                       0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
                                       0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00};
    struct ts_ch_opts o1 = {.share = zero};
    hello_alert("all-zero X25519 share", &o1, ALERT_ILLEGAL_PARAMETER);
    struct ts_ch_opts o2 = {.share = order8};
    hello_alert("low-order X25519 share", &o2, ALERT_ILLEGAL_PARAMETER);
}

/* The same in TLS 1.2: an all-zero X25519 ClientKeyExchange (RFC 8422 5.11). */
static void test_x25519_zero_share_tls12(void) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    static const uint8_t ecpf[] = {0, EXT_EC_POINT_FORMATS, 0, 2, 1, 0};
    struct ts_ch_opts o = {.tls12 = true, .ext = ecpf, .ext_len = sizeof(ecpf)};
    ts_c13_hello(&s.cl, &o);
    T_ASSERT(ts_c12_server_flight(&s.cl) == 0);
    uint8_t cke[4 + 1 + 32] = {HS_CLIENT_KEY_EXCHANGE, 0, 0, 33, 32};
    ts_record(s.fds[1], 22, 0x0303, cke, sizeof(cke));
    ts_srv_end(&s);
    T_ASSERT(s.uut.hs_rc != 0);
    EXPECT_ALERT(s.uut, ALERT_ILLEGAL_PARAMETER);
    ts_srv_free(&s);
}

/* RFC 8446 4.2.8: two KeyShareEntry values for one group. */
static void test_duplicate_key_share(void) {
    struct ts_ch_opts o = {.shares = 2};
    hello_alert(__func__, &o, ALERT_ILLEGAL_PARAMETER);
}

/* RFC 5746 3.6: an initial renegotiation_info that is not empty. */
static void test_reneg_info_not_empty(void) {
    static const uint8_t ri[] = {0xff, 0x01, 0, 2, 1, 0x55};
    struct ts_ch_opts o = {.ext = ri, .ext_len = sizeof(ri)};
    hello_alert(__func__, &o, ALERT_HANDSHAKE_FAILURE);
}

/* RFC 5746 3.4: the client side of the same rule: a TLS 1.2 ServerHello with
 * a non-empty renegotiation_info. */
static void test_server_reneg_info_not_empty(void) {
    struct ts_side uut;
    int fds[2];
    T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
    ts_timeout(fds[1]);
    ts_side_init(&uut, false, 0x0303, 0x0303);
    ts_side_start(&uut, fds[0], TS_HANDSHAKE);
    static uint8_t rec[1 << 15];
    T_ASSERT(ts_read_record(fds[1], rec, sizeof(rec)) > 9 && rec[5] == HS_CLIENT_HELLO);
    uint8_t rnd[32];
    RAND_bytes(rnd, 32);
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_SERVER_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, 0x0303);
    tls_wr_bytes(&w, rnd, 32);
    tls_wr_u8(&w, 0);
    tls_wr_u16(&w, 0xC02B);
    tls_wr_u8(&w, 0);
    tls_wr_open(&w, 2);
    static const uint8_t ri[] = {1, 0x55};
    ts_ext(&w, EXT_RENEGOTIATION_INFO, ri, sizeof(ri));
    tls_wr_close(&w);
    tls_wr_close(&w);
    ts_record(fds[1], 22, 0x0303, w.p, w.len);
    tls_wr_free(&w);
    shutdown(fds[1], SHUT_WR);
    ts_side_join(&uut);
    EXPECT_ALERT(uut, ALERT_HANDSHAKE_FAILURE);
    ts_side_free(&uut);
    close(fds[1]);
}

/* RFC 8446 4.1.2 / RFC 5246 7.4.1.2: compression methods without null. */
static void test_compression_without_null(void) {
    static const uint8_t deflate = 1;
    struct ts_ch_opts o = {.comp = &deflate, .comp_len = 1};
    hello_alert(__func__, &o, ALERT_ILLEGAL_PARAMETER);
}

/* RFC 5746 4.4 / RFC 5246 7.2.2: a renegotiation ClientHello gets a warning
 * no_renegotiation and the connection goes on. */
static void test_renegotiation_client_hello(void) {
    struct ts_pair p;
    ts_pair_init(&p, true, 0x0303, 0x0303);
    T_ASSERT(ts_pair_handshake(&p, TS_ECHO) == 0);
    static const uint8_t ch[] = {HS_CLIENT_HELLO, 0, 0, 2, 3, 3};
    T_ASSERT(tls_send_record(&p.peer.c, 22, ch, sizeof(ch)) == 0);
    T_ASSERT(tls_write(&p.peer.c, (const uint8_t *)"ping", 4) == 0);
    uint8_t buf[16] = {0};
    long n = tls_read(&p.peer.c, buf, sizeof(buf));
    T_ASSERT(n == 4 && memcmp(buf, "ping", 4) == 0);
    T_ASSERT(p.peer.c.alert_recv == ALERT_NO_RENEGOTIATION && !p.peer.c.failed);
    (void)tls_close(&p.peer.c);
    ts_pair_end(&p);
    T_ASSERT(!p.uut.c.failed && p.uut.rd_rc == 0);
    ts_pair_free(&p);
}

/* ---- issue #13 rule 10: rejected 0-RTT is skipped (RFC 8446 4.2.10) ---- */

static void test_early_data_skipped(void) {
    struct ts_ch_opts o = {.early_data = true};
    client13(__func__, &o, 3, 200, 0, 0);
}

static void test_early_data_skipped_after_hrr(void) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    struct ts_ch_opts o = {.early_data = true, .shares = -2}; /* no share yet: HelloRetryRequest */
    ts_c13_hello(&s.cl, &o);
    ts_c13_fake_early_data(&s.cl, 3, 200);
    T_ASSERT(ts_c13_server_flight(&s.cl) == 2);
    ts_c13_hello(&s.cl, NULL);
    T_ASSERT(ts_c13_server_flight(&s.cl) == 0);
    ts_c13_finished(&s.cl, 0);
    ts_srv_end(&s);
    if (s.uut.hs_rc != 0) fprintf(stderr, "  %s: %s\n", __func__, s.uut.c.err);
    T_ASSERT(s.uut.hs_rc == 0);
    ts_srv_free(&s);
}

/* ... but only up to the limit (TLS_MAX_EARLY_SKIP): then bad_record_mac. */
static void test_early_data_limit(void) {
    struct ts_srv s;
    ts_srv_init(&s, TS_HANDSHAKE);
    struct ts_ch_opts o = {.early_data = true};
    ts_c13_hello(&s.cl, &o);
    ts_c13_fake_early_data(&s.cl, TLS_MAX_EARLY_SKIP / (TLS13_MAX_INNER + 16) + 1, TLS13_MAX_INNER + 16);
    ts_srv_end(&s);
    T_ASSERT(s.uut.hs_rc != 0);
    EXPECT_ALERT(s.uut, ALERT_BAD_RECORD_MAC);
    ts_srv_free(&s);
}

/* Control: without early_data in the ClientHello nothing is skipped. */
static void test_early_data_not_offered(void) { client13(__func__, NULL, 1, 200, 0, ALERT_BAD_RECORD_MAC); }

/* Control for the harness itself: the scripted client completes a handshake. */
static void test_scripted_client_baseline(void) { client13(__func__, NULL, 0, 0, 0, 0); }

int main(int argc, char **argv) {
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
#define T(f) {#f, f}
        T(test_scripted_client_baseline),
        T(test_psk_not_offered),
        T(test_psk_index_out_of_range),
        T(test_psk_hash_mismatch),
        T(test_pss_restricted_peer),
        T(test_read_ahead),
        T(test_key_change_with_buffered_handshake),
        T(test_servername_empty),
        T(test_ccs_after_finished),
        T(test_warning_alert_flood),
        T(test_empty_record_flood),
        T(test_hello_request_from_client),
        T(test_record_overflow13_ciphertext),
        T(test_record_overflow13_inner),
        T(test_finished_padded_past_limit),
        T(test_finished_padded_within_limit),
        T(test_record_overflow12_ciphertext),
        T(test_record_overflow12_aead_plaintext),
        T(test_inner_all_zero),
        T(test_zero_length_alert),
        T(test_unprotected_alert_under_keys),
        T(test_unprotected_finished_under_keys),
        T(test_empty_appdata_in_handshake),
        T(test_appdata_inside_fragmented_keyupdate),
        T(test_keyupdate_ok),
        T(test_keyupdate_bad_request),
        T(test_ch13_legacy_version),
        T(test_ch13_missing_key_share),
        T(test_ec_point_formats),
        T(test_x25519_bad_shares),
        T(test_x25519_zero_share_tls12),
        T(test_duplicate_key_share),
        T(test_reneg_info_not_empty),
        T(test_server_reneg_info_not_empty),
        T(test_compression_without_null),
        T(test_renegotiation_client_hello),
        T(test_early_data_skipped),
        T(test_early_data_skipped_after_hrr),
        T(test_early_data_limit),
        T(test_early_data_not_offered),
#undef T
    };
    signal(SIGPIPE, SIG_IGN);
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        if (argc > 1 && strstr(tests[i].name, argv[1]) == NULL) continue;
        int before = t_fail;
        tests[i].fn();
        printf("%-48s %s\n", tests[i].name, t_fail == before ? "ok" : "FAILED");
    }
    return t_done();
}
