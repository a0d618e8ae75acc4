/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_dtls.c - `sslprov server --dtls1.2|--dtls1.0` (issue #15): one UDP
 * socket serving clients one after another.  Before any state exists the
 * socket answers ClientHellos without a valid cookie with a
 * HelloVerifyRequest (RFC 6347 4.2.1); a ClientHello with a valid cookie
 * connects the socket to that client for the session (echoing its data),
 * and disconnects it afterwards for the next one.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_tls.h"
#include "tls/dtls.h"

void cli_dtls_counters(const char *who, const struct tls_conn *c) {
    const struct dtls_state *d = c->dtls;
    if (d == NULL) return;
    fprintf(stderr,
            "%s: dtls dropped replayed=%u bad-auth=%u other-epoch=%u malformed=%u; retransmits=%u timeouts=%u "
            "hello-verify=%u\n",
            who, d->n.replayed, d->n.bad_auth, d->n.bad_epoch, d->n.malformed, d->n.retransmits, d->n.timeouts,
            d->n.hello_verify);
}

static int bind_udp(const char *host, int port) {
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    socklen_t sl;
    int fam;
    struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        fam = a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        sl = sizeof(*a4);
    } else if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        fam = a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        sl = sizeof(*a6);
    } else {
        return -1;
    }
    int fd = socket(fam, SOCK_DGRAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    /* the session sockets share the address (session_socket) */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The session's own socket: bound to the listening address too and
 * connected to the client, so the kernel hands it that client's datagrams
 * while the listening socket keeps receiving everybody else's. */
static int session_socket(int lfd, const struct sockaddr_storage *peer, socklen_t pl) {
    struct sockaddr_storage me;
    socklen_t ml = sizeof(me);
    if (getsockname(lfd, (struct sockaddr *)&me, &ml) != 0) return -1;
    int fd = socket(me.ss_family, SOCK_DGRAM, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&me, ml) != 0 || connect(fd, (const struct sockaddr *)peer, pl) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* After a session: the datagrams that client sent before its session socket
 * existed (retransmitted ClientHellos with a valid cookie) must not start a
 * second session with it. */
static void drain_peer(int lfd, const struct sockaddr_storage *peer, socklen_t pl) {
    uint8_t b[1];
    for (;;) {
        struct sockaddr_storage from;
        socklen_t fl = sizeof(from);
        if (recvfrom(lfd, b, sizeof(b), MSG_PEEK | MSG_DONTWAIT, (struct sockaddr *)&from, &fl) < 0) return;
        if (fl != pl || memcmp(&from, peer, pl) != 0) return;
        (void)recv(lfd, b, sizeof(b), MSG_DONTWAIT);
    }
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

int cli_dtls_server(struct tls_config *cfg, const char *bind_host, int port, int accept_n) {
    int fd = bind_udp(bind_host, port);
    if (fd < 0) {
        fprintf(stderr, "sslprov: error: cannot bind UDP %s:%d\n", bind_host, port);
        return CLI_EXIT_FAIL;
    }
    struct sockaddr_storage sa;
    socklen_t sl = sizeof(sa);
    getsockname(fd, (struct sockaddr *)&sa, &sl);
    int bound = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                               : ((struct sockaddr_in *)&sa)->sin_port);
    fprintf(stderr, "sslprov server: listening on udp %s:%d\n", bind_host, bound);
    printf("ACCEPT %d\n", bound);
    fflush(stdout);
    struct dtls_listener *l = dtls_listener_new(cfg);
    uint8_t *dgram = malloc(DTLS_MAX_DGRAM);
    static struct tls_conn c;
    int failures = 0;
    if (l == NULL || dgram == NULL) {
        fprintf(stderr, "sslprov: error: out of memory\n");
        failures++;
        accept_n = 0;
    }
    for (int n = 0; accept_n < 0 || n < accept_n; n++) {
        struct sockaddr_storage peer;
        socklen_t pl = sizeof(peer);
        size_t dl = 0;
        uint16_t mseq = 0;
        uint64_t rseq = 0;
        if (dtls_listen(l, fd, -1, &peer, &pl, dgram, &dl, &mseq, &rseq) != 0) {
            failures++;
            break;
        }
        int cfd = session_socket(fd, &peer, pl);
        if (cfd < 0) {
            failures++;
            continue;
        }
        tls_conn_init(&c, cfg, cfd);
        dtls_preload(&c, dgram, dl, mseq, rseq);
        int r = tls_handshake(&c);
        if (r == 0) {
            const struct tls_group_info *g = tls_group_by_id(c.group);
            fprintf(stderr, "sslprov server: %s %s %s%s%s%s\n", tls_version_name(tls_proto(&c)),
                    tls_suite_name(c.suite), g && c.si->kx != KX_RSA ? g->name : "-", c.ems ? " EMS" : " no-EMS",
                    c.resumed ? " resumed" : " full-handshake", c.client_authenticated ? " client-cert" : "");
            r = echo(&c);
        }
        if (r != 0) {
            (void)cli_tls_fail("sslprov server", &c);
            failures++;
        }
        cli_dtls_counters("sslprov server", &c);
        tls_conn_free(&c);
        close(cfd);
        drain_peer(fd, &peer, pl);
    }
    free(dgram);
    dtls_listener_free(l);
    close(fd);
    return failures ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
