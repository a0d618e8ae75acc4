/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_client.c - `sslprov client HOST:PORT ...`: handshake through the
 * provider-only engine, then copy stdin to the connection and the connection to
 * stdout until both sides close (like `openssl s_client -quiet`).
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_tls.h"

static int dial(const char *hostport, bool udp) {
    char host[256];
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL || (size_t)(colon - hostport) >= sizeof(host)) return -1;
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = 0;
    char *h = host;
    if (h[0] == '[') { /* [v6]:port */
        h++;
        char *e = strchr(h, ']');
        if (e) *e = 0;
    }
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
    if (getaddrinfo(h, colon + 1, &hints, &res) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a != NULL; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static void report(struct tls_conn *c) {
    const struct tls_group_info *g = tls_group_by_id(c->group);
    fprintf(stderr, "sslprov: %s %s%s%s%s%s\n", tls_version_name(tls_proto(c)), tls_suite_name(c->suite),
            g && c->si && c->si->kx != KX_RSA ? " " : "", g && c->si && c->si->kx != KX_RSA ? g->name : "",
            c->version <= 0x0303 ? (c->ems ? " EMS" : " no-EMS") : "", c->resumed ? " resumed" : " full-handshake");
}

static int fail_line(struct tls_conn *c) { return cli_tls_fail("sslprov", c); }

/* Copy loop: stdin -> TLS, TLS -> stdout.  stdin EOF sends close_notify; the
 * loop ends when the peer closes: 0 after its close_notify, CLI_EXIT_TRUNCATED
 * after a bare TCP EOF (unless --ignore-eof), 1 on any other failure. */
static int pump(struct tls_conn *c) {
    uint8_t buf[16384];
    bool in_open = true;
    for (;;) {
        /* drain what the engine has buffered before polling */
        if (c->app_len > c->app_off) {
            long n = tls_read(c, buf, sizeof(buf));
            if (n > 0 && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n) return 1;
            fflush(stdout);
            continue;
        }
        struct pollfd p[2] = {{c->fd, POLLIN, 0}, {0, POLLIN, 0}};
        int np = in_open ? 2 : 1;
        /* DTLS: UDP has no EOF; after our close_notify the peer's may be
         * lost, so wait for it a bounded time only */
        int pr = poll(p, (nfds_t)np, c->dtls != NULL && !in_open ? 1000 : -1);
        if (pr < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (pr == 0) return 0;
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
        "usage: sslprov client HOST:PORT [--tls1.2|--tls1.3|--tls1.1|--tls1.0|--dtls1.2|--dtls1.0] [--mtu N]\n"
        "         [--cipher NAME[,NAME...]]\n"
        "         [--group NAME[,NAME...]] [--cafile F] [--servername N] [--cert F --key F] [--keylog F]\n"
        "         [--trace] [--insecure] [--no-ems] [--resume] [--key-update] [--ignore-eof]\n",
        own, &target};
    int pr = cli_tls_parse(&cmd, argc, argv, &o);
    if (pr >= 0) return pr;
    if (target == NULL) return cli_tls_usage_error(&cmd);
    /* An empty name would switch the hostname check off (issue #12 item 6). */
    if (servername != NULL && servername[0] == 0)
        return cli_usage_error("client", "--servername needs a non-empty name (use --insecure to skip checks)");
    static struct tls_config cfg;
    if (cli_tls_setup(&cfg, &o, false) != 0) {
        cli_tls_teardown(&cfg);
        return 1;
    }
    char host[256];
    const char *colon = strrchr(target, ':');
    snprintf(host, sizeof(host), "%.*s", colon ? (int)(colon - target) : 0, target);
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
        int fd = dial(target, cfg.dtls);
        if (fd < 0) {
            fprintf(stderr, "sslprov: error: cannot connect to %s\n", target);
            break;
        }
        tls_conn_init(&c, &cfg, fd);
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
