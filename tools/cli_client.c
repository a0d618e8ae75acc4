/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_client.c - `sslprov client HOST:PORT ...`: handshake through the
 * provider-only engine, then copy stdin to the connection and the connection to
 * stdout until both sides close (like `openssl s_client -quiet`).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_tls.h"

static int g_timeout_ms; /* --timeout, 0: none */
static void arm(struct tls_conn *c) { c->deadline_ms = g_timeout_ms > 0 ? tls_mono_ms() + (uint64_t)g_timeout_ms : 0; }

/* HOST:PORT, [IPV6]:PORT: host (brackets removed) and port.  false with the
 * reason in why. */
static bool split_target(const char *t, char *host, size_t hl, char *port, size_t pl, const char **why) {
    const char *colon = strrchr(t, ':'), *h = t;
    size_t n;
    *why = "expected HOST:PORT";
    if (t[0] == '[') {
        const char *e = strchr(t, ']');
        if (e == NULL || e[1] != ':') return (*why = "expected [IPV6-ADDRESS]:PORT"), false;
        h = t + 1;
        n = (size_t)(e - h);
        colon = e + 1;
    } else {
        if (colon == NULL) return false;
        n = (size_t)(colon - t);
        if (memchr(t, ':', n) != NULL) return (*why = "an IPv6 address goes in brackets: [ADDRESS]:PORT"), false;
    }
    int pn = 0;
    if (n == 0 || n >= hl) return (*why = n ? "host name too long" : "empty host"), false;
    if (!cli_parse_uint(colon + 1, 65535, &pn) || pn == 0) return (*why = "port is not a number 1-65535"), false;
    memcpy(host, h, n);
    host[n] = 0;
    snprintf(port, pl, "%d", pn);
    return true;
}

/* connect() bounded by --timeout: 0 or -1 with errno */
static int connect_within(int fd, const struct sockaddr *sa, socklen_t len) {
    if (g_timeout_ms <= 0) return connect(fd, sa, len);
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    int r = connect(fd, sa, len);
    if (r != 0 && errno == EINPROGRESS) {
        struct pollfd p = {fd, POLLOUT, 0};
        int k;
        do
            k = poll(&p, 1, g_timeout_ms);
        while (k < 0 && errno == EINTR);
        int err = 0;
        socklen_t el = sizeof(err);
        if (k == 0)
            err = ETIMEDOUT;
        else if (k < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
            err = errno;
        r = err ? -1 : 0;
        errno = err;
    }
    int saved = errno;
    fcntl(fd, F_SETFL, fl);
    errno = saved;
    return r;
}

/* A connected socket (UDP for DTLS), or -1 with the cause printed (resolver or
 * connect). */
static int dial(const char *host, const char *port, bool udp) {
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int e = getaddrinfo(host, port, &hints, &res);
    if (e != 0) {
        fprintf(stderr, "sslprov: error: cannot resolve %s: %s\n", host,
                e == EAI_SYSTEM ? strerror(errno) : gai_strerror(e));
        return -1;
    }
    int fd = -1, err = 0;
    for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        if (connect_within(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        fprintf(stderr, "sslprov: error: cannot connect to %s port %s: %s\n", host, port,
                err == ETIMEDOUT ? "timed out" : strerror(err));
        return -1;
    }
    int one = 1; /* our small records must not wait for the ACK of the previous one */
    if (!udp) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

static void report(struct tls_conn *c) {
    const struct tls_group_info *g = tls_group_by_id(c->group);
    fprintf(stderr, "sslprov: %s %s%s%s%s%s\n", tls_version_name(tls_proto(c)), tls_suite_name(c->suite),
            g && c->si && c->si->kx != KX_RSA ? " " : "", g && c->si && c->si->kx != KX_RSA ? g->name : "",
            c->version <= 0x0303 ? (c->ems ? " EMS" : " no-EMS") : "",
            c->resumed ? (c->ticket_resumed ? " resumed ticket" : " resumed") : " full-handshake");
    if (c->alpn_len > 0) fprintf(stderr, "sslprov: ALPN protocol: %.*s\n", (int)c->alpn_len, (const char *)c->alpn);
    if (c->peer_rsl != 0) fprintf(stderr, "sslprov: record_size_limit ours %u peer %u\n", c->own_rsl, c->peer_rsl);
}

static int fail_line(struct tls_conn *c) { return cli_tls_fail("sslprov", c); }

/* Copy loop: stdin -> TLS, TLS -> stdout.  stdin EOF sends close_notify; the
 * loop ends when the peer closes: 0 after its close_notify, CLI_EXIT_TRUNCATED
 * after a bare TCP EOF (unless --ignore-eof), 1 on any other failure. */
static int pump(struct tls_conn *c) {
    uint8_t buf[16384];
    bool in_open = true;
    for (;;) {
        /* drain what the engine holds (data, or records read ahead, which
         * poll() no longer sees) before polling */
        if (tls_pending(c)) {
            long n = tls_read_nb(c, buf, sizeof(buf));
            if (n == 0) {
                (void)tls_close(c);
                return 0;
            }
            if (n < 0 && n != TLS_READ_AGAIN) return fail_line(c);
            if (n > 0 && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) return 1;
            fflush(stdout);
            continue;
        }
        struct pollfd p[2] = {{c->fd, POLLIN, 0}, {0, POLLIN, 0}};
        int np = in_open ? 2 : 1;
        /* DTLS: UDP has no EOF; after our close_notify the peer's may be
         * lost, so wait for it a bounded time only (1 s, or --timeout if less) */
        bool dtls_closing = c->dtls != NULL && !in_open;
        int wait = g_timeout_ms > 0 ? g_timeout_ms : -1;
        if (dtls_closing && (wait < 0 || wait > 1000)) wait = 1000;
        int k = poll(p, (nfds_t)np, wait);
        if (k < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (k == 0 && dtls_closing) return 0;
        if (k == 0) {
            fprintf(stderr, "sslprov: error: timed out: no data for %d s (--timeout)\n", g_timeout_ms / 1000);
            return CLI_EXIT_FAIL;
        }
        arm(c);
        if (p[0].revents) {
            /* non-blocking for records without application data (tickets,
             * KeyUpdate): stdin must keep flowing meanwhile */
            long n = tls_read_nb(c, buf, sizeof(buf));
            if (n == 0) {
                (void)tls_close(c);
                return 0;
            }
            if (n < 0 && n != TLS_READ_AGAIN) return fail_line(c);
            if (n > 0) {
                if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) return 1;
                fflush(stdout);
            }
        }
        if (in_open && p[1].revents) {
            ssize_t n = read(0, buf, sizeof(buf));
            if (n <= 0) {
                in_open = false;
                if (tls_close(c) != 0) return fail_line(c);
            } else if (tls_write(c, buf, (size_t)n) != 0) {
                return fail_line(c);
            }
        }
    }
}

static const char client_help[] =
    "\nclient options:\n"
    "  HOST:PORT          the server: a name, an IPv4 address or [IPv6 address], and a port\n"
    "  --servername NAME  the name to ask for (SNI) and to check the certificate against\n"
    "                     (default HOST; an IP address is checked against the certificate's IP\n"
    "                     addresses and sent without SNI, RFC 6066 3)\n"
    "  --cafile FILE      CA certificates to verify the server with (default: the system store)\n"
    "  --insecure         do not verify the server's certificate\n"
    "  --cert F --key F   a client certificate, if the server asks for one\n"
    "  --resume           connect twice, the second time resuming the first session\n"
    "  --key-update       after a TLS 1.3 handshake send a KeyUpdate that requests one back\n"
    "  --timeout SECS     give up when connecting, the handshake, or a wait with no data in\n"
    "                     either direction takes longer than SECS seconds (default: no limit)\n"
    "\nstdin is sent to the server, the server's data written to stdout; stdin's end\n"
    "sends close_notify, and the client exits when the server has closed.\n";

int cmd_client(int argc, char **argv) {
    struct cli_tls_opts o = {0};
    const char *target = NULL, *servername = NULL;
    bool insecure = false, resume = false, key_update = false;
    const struct cli_tls_opt own[] = {
        {"--servername", NULL, &servername, NULL},
        {"--insecure", &insecure, NULL, NULL},
        {"--resume", &resume, NULL, NULL},
        {"--key-update", &key_update, NULL, NULL},
        {NULL, NULL, NULL, NULL},
    };
    const struct cli_tls_cmd cmd = {
        .name = "client",
        .usage = "usage: sslprov client HOST:PORT [--tls1.2|--tls1.3|--tls1.1|--tls1.0|--dtls1.2|--dtls1.0]\n"
                 "         [--mtu N] [--cipher NAME[,NAME...]] [--group NAME[,NAME...]] [--cafile F]\n"
                 "         [--servername N] [--cert F [--key F]] [--insecure] [--resume] [--key-update]\n"
                 "         [--timeout SECS] [--no-ems] [--ignore-eof] [--keylog F] [--trace]\n"
                 "         [--alpn PROTO[,PROTO...]] [--no-ticket] [--record-size-limit N]\n",
        .help = client_help,
        .opts = own,
        .operand = &target,
    };
    int pr = cli_tls_parse(&cmd, argc, argv, &o);
    if (pr >= 0) return pr;
    if (target == NULL) return cli_tls_usage_error(&cmd, "missing HOST:PORT");
    char host[256], port[8];
    const char *why = NULL;
    if (!split_target(target, host, sizeof(host), port, sizeof(port), &why))
        return cli_tls_usage_error(&cmd, "'%s': %s", target, why);
    if (insecure && o.cafile != NULL) return cli_tls_usage_error(&cmd, "--insecure and --cafile exclude each other");
    g_timeout_ms = o.timeout <= 0 ? 0 : o.timeout > INT32_MAX / 1000 ? INT32_MAX : o.timeout * 1000;
    /* An empty name would switch the hostname check off (issue #12 item 6). */
    if (servername != NULL && servername[0] == 0)
        return cli_usage_error("client", "--servername needs a non-empty name (use --insecure to skip checks)");
    static struct tls_config cfg;
    if (cli_tls_setup(&cfg, &o, false) != 0) {
        cli_tls_teardown(&cfg);
        return 1;
    }
    cfg.servername = servername ? servername : host;
    if (cfg.ca == NULL && !insecure) {
        cfg.ca = tls_store_load(NULL); /* system trust store */
    }
    if (insecure) {
        X509_STORE_free(cfg.ca);
        cfg.ca = NULL;
    }
    int rc = 1;
    static struct tls_conn c;
    for (int round = 0; round < (resume ? 2 : 1); round++) {
        int fd = dial(host, port, cfg.dtls);
        if (fd < 0) break;
        tls_conn_init(&c, &cfg, fd);
        arm(&c);
        if (tls_handshake(&c) != 0) {
            rc = fail_line(&c);
            tls_conn_free(&c);
            close(fd);
            break;
        }
        report(&c);
        if (resume && round == 0) {
            /* close, collecting tickets on the way */
            uint8_t buf[4096];
            (void)tls_close(&c);
            arm(&c);
            /* DTLS: no tickets to collect, and no EOF to wait for */
            while (!cfg.dtls && tls_read(&c, buf, sizeof(buf)) > 0) {
            }
            tls_conn_free(&c);
            close(fd);
            continue;
        }
        if (key_update && c.version == 0x0304 && tls_key_update(&c, true) != 0) {
            rc = fail_line(&c);
        } else {
            rc = pump(&c);
            if (c.dtls != NULL) cli_dtls_counters("sslprov", &c);
            if (key_update || c.key_updates_sent || c.key_updates_recv)
                fprintf(stderr, "sslprov: key updates sent %u received %u\n", c.key_updates_sent, c.key_updates_recv);
        }
        tls_conn_free(&c);
        close(fd);
    }
    cli_tls_teardown(&cfg);
    return rc;
}
