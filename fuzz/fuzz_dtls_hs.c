/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_dtls_hs: the CLI engine's DTLS layer (tools/tls/dtls_*.c, issue #15):
 * record parsing, epochs, the anti-replay window, handshake fragment
 * reassembly and the hellos.  Input: a mode byte, a configuration byte, then
 *   0  the server's datagrams (each: 2-byte length, bytes): a whole DTLS
 *      client handshake over them (HelloVerifyRequest, ServerHello,
 *      Certificate, ... as fragments in any order)
 *   1  the client's datagrams: a whole DTLS server handshake with the fixed
 *      RSA identity of fuzz_rsa.h, the first datagram preloaded as after the
 *      cookie exchange
 *   2  handshake record payloads (2-byte length each) fed straight into the
 *      reassembly (dtls_hs_fragments), then the delivered messages read
 *   3  a DTLS ClientHello body: the cookie computation and the TLS layout
 *      conversion of the stateless server
 * Modes 0 and 1 run the engine on one end of a SOCK_SEQPACKET socketpair
 * (datagram boundaries kept) whose other end holds the input and is then
 * shut down for writing, so the engine sees the end of the input instead of
 * waiting on its retransmission timer.  Configuration bit 0: DTLS 1.2 only or
 * DTLS 1.0-1.2; bit 1: small MTU (fragmented flights).
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dtls.h"
#include "fuzz_common.h"
#include "fuzz_rsa.h"
#include "tls.h"

#define FZ_MAX_DGRAMS 64

static struct tls_identity *fz_identity(NCRYPT_PROV_HANDLE p) {
    static struct tls_identity id;
    static int state;
    if (state == 0) {
        const uint8_t *der = NULL;
        size_t n = fz_rsa_cert_der(&der);
        static uint8_t *ders[1];
        static size_t lens[1];
        ders[0] = (uint8_t *)der, lens[0] = n;
        id.der = ders, id.der_len = lens, id.n = 1;
        id.leaf = fz_rsa_x509();
        id.keytype = KEY_RSA;
        id.key = n ? fz_rsa_private_key(p) : 0;
        state = id.key != 0 && id.leaf != NULL ? 1 : -1;
        if (state < 0) abort();
    }
    return &id;
}

static void fz_config(struct tls_config *cfg, NCRYPT_PROV_HANDLE p, bool server, uint32_t sel) {
    static const uint16_t groups[] = {29, 23, 24};
    size_t n = 0;
    const struct tls_suite_info *all = tls_suite_table(&n);
    memset(cfg, 0, sizeof(*cfg));
    cfg->prov = p;
    cfg->server = server;
    cfg->dtls = true;
    cfg->min_version = (sel & 1) ? 0x0302 : 0x0303;
    cfg->max_version = 0x0303;
    cfg->mtu = (sel & 2) ? 256 : 1400;
    for (size_t i = 0; i < n && cfg->n_suites < 40; i++)
        if (all[i].kx != KX_TLS13) cfg->suites[cfg->n_suites++] = all[i].id;
    for (size_t i = 0; i < 3; i++)
        cfg->groups[cfg->n_groups++] = groups[i];
    cfg->servername = "localhost";
    if (server) cfg->id = fz_identity(p);
}

static void fz_config_free(struct tls_config *cfg) {
    tls_session_clear(&cfg->client_session);
    for (size_t i = 0; i < TLS_SERVER_CACHE; i++)
        tls_session_clear(&cfg->cache[i]);
}

/* Split the input into length-prefixed pieces. */
static size_t fz_split(const uint8_t *d, size_t n, const uint8_t **p, size_t *l) {
    size_t k = 0;
    while (n >= 2 && k < FZ_MAX_DGRAMS) {
        size_t len = ((size_t)d[0] << 8) | d[1];
        d += 2, n -= 2;
        if (len > n) len = n;
        p[k] = d, l[k] = len, k++;
        d += len, n -= len;
    }
    return k;
}

static void fz_engine(NCRYPT_PROV_HANDLE p, bool server, uint32_t sel, const uint8_t *d, size_t n) {
    const uint8_t *dg[FZ_MAX_DGRAMS];
    size_t dl[FZ_MAX_DGRAMS];
    size_t k = fz_split(d, n, dg, dl);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) abort();
    int big = 1 << 20;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
    for (size_t i = server ? 1 : 0; i < k; i++)
        if (dl[i] > 0) (void)send(sv[1], dg[i], dl[i], MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(sv[1], SHUT_WR);
    struct tls_config cfg;
    struct tls_conn *c = malloc(sizeof(*c));
    if (c == NULL) abort();
    fz_config(&cfg, p, server, sel);
    tls_conn_init(c, &cfg, sv[0]);
    if (server && k > 0) {
        uint8_t *first = fz_dup(dg[0], dl[0]);
        dtls_preload(c, first, dl[0], 1, 1);
        free(first);
    }
    if (tls_handshake(c) == 0) {
        uint8_t buf[256];
        while (tls_read(c, buf, sizeof(buf)) > 0) {
        }
    }
    tls_conn_free(c);
    fz_config_free(&cfg);
    free(c);
    close(sv[0]);
    close(sv[1]);
}

static void fz_reassembly(NCRYPT_PROV_HANDLE p, uint32_t sel, const uint8_t *d, size_t n) {
    const uint8_t *rec[FZ_MAX_DGRAMS];
    size_t rl[FZ_MAX_DGRAMS];
    size_t k = fz_split(d, n, rec, rl);
    struct tls_config cfg;
    struct tls_conn *c = malloc(sizeof(*c));
    if (c == NULL) abort();
    fz_config(&cfg, p, false, sel);
    tls_conn_init(c, &cfg, -1);
    if (dtls_conn_init(c) != 0) abort();
    for (size_t i = 0; i < k && !c->failed; i++) {
        uint8_t *r = fz_dup(rec[i], rl[i]);
        (void)dtls_hs_fragments(c, r, rl[i]);
        free(r);
        /* read what was delivered, as the handshake would */
        uint8_t type;
        const uint8_t *body, *whole;
        size_t len, wl;
        while (c->hs_len - c->hs_off >= DTLS_HS_HDR) {
            const uint8_t *m = c->hs + c->hs_off;
            size_t ml = ((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3];
            if (c->hs_len - c->hs_off < DTLS_HS_HDR + ml) abort(); /* delivered messages are whole */
            type = m[0], body = m + DTLS_HS_HDR, len = ml, whole = m, wl = ml + DTLS_HS_HDR;
            (void)type, (void)body, (void)len, (void)whole, (void)wl;
            tls_consume_hs(c);
        }
        /* the record-header parser over the same bytes */
        uint8_t t;
        uint16_t v, e;
        uint64_t s;
        size_t l;
        (void)dtls_parse_header(rec[i], rl[i], &t, &v, &e, &s, &l);
    }
    tls_conn_free(c);
    fz_config_free(&cfg);
    free(c);
}

static void fz_cookie(NCRYPT_PROV_HANDLE p, const uint8_t *d, size_t n) {
    static struct dtls_listener *l;
    static struct tls_config cfg;
    if (l == NULL) {
        fz_config(&cfg, p, true, 0);
        l = dtls_listener_new(&cfg);
        if (l == NULL) abort();
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(4433);
    a.sin_addr.s_addr = htonl(0x7f000001);
    uint8_t *in = fz_dup(d, n);
    uint8_t ck[DTLS_COOKIE_LEN], tb[2048];
    const uint8_t *cookie;
    size_t cl, tl;
    (void)dtls_cookie(l, (struct sockaddr *)&a, sizeof(a), in, n, ck);
    if (n <= sizeof(tb) && dtls_ch_to_tls(in, n, tb, &tl, &cookie, &cl) == 0) {
        struct tls_client_hello ch;
        (void)tls_parse_client_hello(tb, tl, &ch);
    }
    free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    uint32_t mode = fz_byte(&data, &size) % 4;
    uint32_t sel = fz_byte(&data, &size);
    switch (mode) {
    case 0: fz_engine(p, false, sel, data, size); break;
    case 1: fz_engine(p, true, sel, data, size); break;
    case 2: fz_reassembly(p, sel, data, size); break;
    default: fz_cookie(p, data, size); break;
    }
    return 0;
}
