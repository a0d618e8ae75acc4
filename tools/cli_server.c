/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_server.c - `sslprov server --port N --cert F --key F ...`: a sequential
 * TLS server on the provider-only engine.  --www answers an HTTP GET with a
 * page naming the protocol and suite (like `openssl s_server -www`); --echo
 * echoes until the client closes.  --key-update sends a TLS 1.3 KeyUpdate with
 * update_requested right after each handshake (RFC 8446 4.6.3), so the peer's
 * answer and the traffic under the new keys are exercised from this side too.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_tls.h"

/* What the client certificate proved: "verified" only when its chain was
 * checked against --verify-client's CAs; --request-client alone takes any
 * certificate whose CertificateVerify holds, which proves possession of the
 * key but not who the client is (issue #12 item 4). */
static const char *client_cert_state(const struct tls_conn *c) {
    if (!c->client_authenticated) return "none";
    return c->peer_verified ? "verified" : "unverified";
}

static int www(struct tls_conn *c) {
    char req[8192];
    size_t n = 0;
    while (n < sizeof(req) - 1) {
        long k = tls_read(c, (uint8_t *)req + n, sizeof(req) - 1 - n);
        if (k <= 0) return k == 0 ? 0 : -1;
        n += (size_t)k;
        req[n] = 0;
        if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n")) break;
    }
    char page[2048];
    const struct tls_group_info *g = tls_group_by_id(c->group);
    int pl =
        snprintf(page, sizeof(page),
                 "HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"
                 "<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n"
                 "sslprov server (every cryptographic step through the Ssl* provider)\n"
                 "Protocol  : %s\nCipher    : %s\nGroup     : %s\nResumed   : %s\nClient certificate: %s\n"
                 "</pre>\n</BODY></HTML>\n",
                 tls_version_name(c->version), tls_suite_name(c->suite),
                 g && c->si && c->si->kx != KX_RSA ? g->name : "-", c->resumed ? "yes" : "no", client_cert_state(c));
    if (tls_write(c, (uint8_t *)page, (size_t)pl) != 0) return -1;
    return tls_close(c);
}

static int echo(struct tls_conn *c) {
    uint8_t buf[16384];
    for (;;) {
        long k = tls_read(c, buf, sizeof(buf));
        if (k < 0) return -1;
        if (k == 0) return tls_close(c);
        if (tls_write(c, buf, (size_t)k) != 0) return -1;
    }
}

/* Close without losing our last records: closing a socket that still holds
 * unread peer data makes the kernel send RST, and a RST can reach the peer
 * before it has read our alert or close_notify (seen with a client whose
 * request was still in flight when we rejected its stray handshake message).
 * So: half-close, drain what the peer still sends for a bounded time, close. */
static void lingering_close(int fd) {
    char sink[4096];
    (void)shutdown(fd, SHUT_WR);
    for (int i = 0; i < 20; i++) { /* at most ~500 ms */
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 25) <= 0) continue;
        if (recv(fd, sink, sizeof(sink), 0) <= 0) break;
    }
    close(fd);
}

int cmd_server(int argc, char **argv) {
    struct cli_tls_opts o = {0};
    int port = -1, accept_n = -1;
    bool mode_www = false, mode_echo = false, request = false, key_update = false;
    const char *bind_host = "127.0.0.1";
    const struct cli_tls_opt own[] = {
        {"--port", NULL, NULL, &port},
        {"--accept", NULL, NULL, &accept_n},
        {"--host", NULL, &bind_host, NULL},
        {"--www", &mode_www, NULL, NULL},
        {"--echo", &mode_echo, NULL, NULL},
        {"--request-client", &request, NULL, NULL},
        {"--key-update", &key_update, NULL, NULL},
        {NULL, NULL, NULL, NULL},
    };
    const struct cli_tls_cmd cmd = {
        "usage: sslprov server --port N --cert F --key F [--tls1.2|--tls1.3|--dtls1.2|--dtls1.0] [--mtu N]\n"
        "         [--cipher NAME,...]\n"
        "         [--group NAME,...] [--www|--echo] [--verify-client CAFILE] [--request-client]\n"
        "         [--keylog F] [--trace] [--accept N] [--host ADDR] [--no-ems] [--key-update] [--ignore-eof]\n",
        own, NULL};
    int pr = cli_tls_parse(&cmd, argc, argv, &o);
    if (pr >= 0) return pr;
    if (port < 0 || o.cert == NULL) return cli_tls_usage_error(&cmd);
    signal(SIGPIPE, SIG_IGN);
    static struct tls_config cfg;
    if (cli_tls_setup(&cfg, &o, true) != 0) {
        cli_tls_teardown(&cfg);
        return 1;
    }
    cfg.request_cert = request || o.cafile != NULL;
    cfg.verify_peer = o.cafile != NULL;
    if (cfg.dtls) {
        if (mode_www || key_update) {
            fprintf(stderr, "sslprov: --www and --key-update are TLS only\n");
            cli_tls_teardown(&cfg);
            return CLI_EXIT_USAGE;
        }
        int rc = cli_dtls_server(&cfg, bind_host, port, accept_n);
        cli_tls_teardown(&cfg);
        return rc;
    }
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, bind_host, &sa.sin_addr) != 1 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        listen(ls, 16) != 0) {
        fprintf(stderr, "sslprov: error: cannot listen on %s:%d\n", bind_host, port);
        cli_tls_teardown(&cfg);
        return 1;
    }
    socklen_t sl = sizeof(sa);
    getsockname(ls, (struct sockaddr *)&sa, &sl);
    fprintf(stderr, "sslprov server: listening on %s:%d\n", bind_host, ntohs(sa.sin_port));
    printf("ACCEPT %d\n", ntohs(sa.sin_port));
    fflush(stdout);
    static struct tls_conn c;
    int failures = 0, truncations = 0;
    for (int n = 0; accept_n < 0 || n < accept_n; n++) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0) continue;
        tls_conn_init(&c, &cfg, fd);
        int r = tls_handshake(&c);
        if (r == 0) {
            const struct tls_group_info *g = tls_group_by_id(c.group);
            fprintf(stderr, "sslprov server: %s %s %s%s%s%s%s\n", tls_version_name(c.version), tls_suite_name(c.suite),
                    g && c.si->kx != KX_RSA ? g->name : "-", c.version <= 0x0303 ? (c.ems ? " EMS" : " no-EMS") : "",
                    c.resumed ? " resumed" : " full-handshake", c.client_authenticated ? " client-cert" : "",
                    c.client_authenticated && !c.peer_verified ? " (unverified)" : "");
            /* TLS 1.3 only, as in the client: a TLS 1.2 connection is served
             * without one (KeyUpdate does not exist there). */
            if (key_update && c.version == 0x0304) r = tls_key_update(&c, true);
            if (r == 0) r = mode_www ? www(&c) : mode_echo ? echo(&c) : echo(&c);
            if (key_update || c.key_updates_sent || c.key_updates_recv)
                fprintf(stderr, "sslprov server: key updates sent %u received %u\n", c.key_updates_sent,
                        c.key_updates_recv);
        }
        if (r != 0) {
            if (cli_tls_fail("sslprov server", &c) == CLI_EXIT_TRUNCATED)
                truncations++;
            else
                failures++;
        }
        tls_conn_free(&c);
        lingering_close(fd);
    }
    close(ls);
    cli_tls_teardown(&cfg);
    /* one failed connection decides; a truncation alone has its own status */
    return failures ? CLI_EXIT_FAIL : truncations ? CLI_EXIT_TRUNCATED : CLI_EXIT_OK;
}
