/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_hs_parse: the handshake engine's message parsers (tools/tls, the CLI's
 * TLS engine, linked from libsslprov_tls.a).  Input: a mode byte, a
 * configuration byte, then the bytes the mode reads:
 *   0  a ClientHello body            tls_parse_client_hello
 *   1  a ServerHello / HRR body      tls_parse_server_hello
 *   2  a TLS 1.2 Certificate body    tls_parse_certificate (peer key import)
 *   3  a TLS 1.3 Certificate body    tls_parse_certificate (request context,
 *                                    per-entry extensions)
 *   4  group (2 bytes) + key share   tls_import_share (SslImportKey)
 *   5  the server's byte stream      a whole client handshake: record layer,
 *                                    reassembly, ServerHello, HRR, Certificate,
 *                                    ServerKeyExchange, CertificateRequest, ...
 *   6  the client's byte stream      a whole server handshake with the fixed
 *                                    RSA identity of fuzz_rsa.h: ClientHello,
 *                                    key share, ClientKeyExchange, ...
 * Modes 5 and 6 run the engine on one end of a socketpair whose other end holds
 * the input and is then shut down, so the engine sees EOF after the input and
 * never blocks.  The configuration byte picks the version range (1.0-1.3, 1.2,
 * 1.0, 1.3).  The engine's hello randoms come from RAND_bytes, so inputs that
 * depend on them (Finished, signatures) fail the same way in every run; the
 * parsing paths are reproducible from the input alone.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "fuzz_rsa.h"
#include "tls.h"

#define FZ_HS_MAX_INPUT 65536 /* below the socketpair buffer: writing never blocks */

static struct tls_identity *fz_identity(NCRYPT_PROV_HANDLE p) {
    static struct tls_identity id;
    static int state; /* 0 not tried, 1 ready, -1 unavailable */
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
        if (state < 0) abort(); /* a broken fixture would make this target vacuous */
    }
    return &id;
}

static void fz_config(struct tls_config *cfg, NCRYPT_PROV_HANDLE p, bool server, uint32_t sel) {
    static const uint16_t ranges[4][2] = {{0x0301, 0x0304}, {0x0303, 0x0303}, {0x0301, 0x0301}, {0x0304, 0x0304}};
    static const uint16_t groups[] = {29, 23, 24, 256};
    size_t n = 0;
    const struct tls_suite_info *all = tls_suite_table(&n);
    memset(cfg, 0, sizeof(*cfg));
    cfg->prov = p;
    cfg->server = server;
    cfg->min_version = ranges[sel & 3][0];
    cfg->max_version = ranges[sel & 3][1];
    for (size_t i = 0; i < n && cfg->n_suites < 40; i++)
        cfg->suites[cfg->n_suites++] = all[i].id;
    /* bit 2: P-256 first (a TLS 1.3 client's key share then misses X25519 servers: HRR paths) */
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        cfg->groups[cfg->n_groups++] = groups[(sel & 4) ? (i + 1) % 4 : i];
    cfg->servername = "localhost";
    cfg->verify_peer = false;
    cfg->request_cert = server && (sel & 8);
    if (server) cfg->id = fz_identity(p);
}

static void fz_config_free(struct tls_config *cfg) {
    tls_session_clear(&cfg->client_session);
    for (size_t i = 0; i < TLS_SERVER_CACHE; i++)
        tls_session_clear(&cfg->cache[i]);
}

/* One engine run: the peer's bytes are queued, then EOF. */
static void fz_engine(NCRYPT_PROV_HANDLE p, bool server, uint32_t sel, const uint8_t *d, size_t n) {
    int sv[2];
    struct tls_config cfg;
    struct tls_conn *c = malloc(sizeof(*c));
    if (c == NULL || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) abort();
    if (n > FZ_HS_MAX_INPUT) n = FZ_HS_MAX_INPUT;
    for (size_t off = 0; off < n;) {
        ssize_t k = send(sv[1], d + off, n - off, MSG_NOSIGNAL);
        if (k <= 0) abort();
        off += (size_t)k;
    }
    shutdown(sv[1], SHUT_WR);
    fz_config(&cfg, p, server, sel);
    tls_conn_init(c, &cfg, sv[0]);
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

/* A parse-only connection (fd -1: alerts go nowhere). */
static void fz_parse_conn(NCRYPT_PROV_HANDLE p, uint32_t mode, const uint8_t *d, size_t n) {
    struct tls_config cfg;
    struct tls_conn *c = malloc(sizeof(*c));
    if (c == NULL) abort();
    fz_config(&cfg, p, false, 0);
    tls_conn_init(c, &cfg, -1);
    uint8_t *in = fz_dup(d, n);
    if (mode == 2 || mode == 3) {
        (void)tls_parse_certificate(c, in, n, mode == 3);
    } else if (n >= 2) {
        uint16_t g = (uint16_t)((in[0] << 8) | in[1]);
        c->version = 0x0304;
        (void)tls_import_share(c, g, in + 2, n - 2);
    }
    free(in);
    tls_conn_free(c);
    fz_config_free(&cfg);
    free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    uint32_t mode = fz_byte(&data, &size) % 7;
    uint32_t sel = fz_byte(&data, &size);
    switch (mode) {
    case 0: {
        struct tls_client_hello ch;
        uint8_t *in = fz_dup(data, size);
        (void)tls_parse_client_hello(in, size, &ch);
        free(in);
        break;
    }
    case 1: {
        struct tls_server_hello sh;
        uint8_t *in = fz_dup(data, size);
        (void)tls_parse_server_hello(in, size, &sh);
        free(in);
        break;
    }
    case 2:
    case 3:
    case 4: fz_parse_conn(p, mode, data, size); break;
    case 5: fz_engine(p, false, sel, data, size); break;
    default: fz_engine(p, true, sel, data, size); break;
    }
    return 0;
}
