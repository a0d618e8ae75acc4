/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_server.c - `sslprov server --port N --cert F --key F ...`: a TLS server
 * on the provider-only engine, one thread per connection from a pool of
 * workers (the provider is thread safe; the engine's shared state is the session cache, tls_cache.c),
 * so a stalled client holds only its own thread, and --timeout bounds the
 * handshake and every wait for a client afterwards.  --www answers an HTTP GET with a
 * page naming the protocol and suite (like `openssl s_server -www`); --echo
 * echoes until the client closes.  --key-update sends a TLS 1.3 KeyUpdate with
 * update_requested right after each handshake (RFC 8446 4.6.3), so the peer's
 * answer and the traffic under the new keys are exercised from this side too.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli_tls.h"

/* --timeout: each wait for the client is bounded anew (an idle timeout). */
static int g_timeout_ms;
static void arm(struct tls_conn *c) { c->deadline_ms = g_timeout_ms > 0 ? tls_mono_ms() + (uint64_t)g_timeout_ms : 0; }

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
    arm(c); /* the whole request within one timeout */
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
    arm(c);
    if (tls_write(c, (uint8_t *)page, (size_t)pl) != 0) return -1;
    return tls_close(c);
}

/* --timeout after the handshake: a client that sends nothing for that long is
 * closed with close_notify, an orderly end of the session (RFC 8446 6.1). */
static bool idle(struct tls_conn *c) {
    if (g_timeout_ms <= 0 || tls_pending(c)) return false;
    struct pollfd p = {c->fd, POLLIN, 0};
    int r;
    do
        r = poll(&p, 1, g_timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r != 0) return false;
    fprintf(stderr, "sslprov server: closing a connection idle for %d s (--timeout)\n", g_timeout_ms / 1000);
    return true;
}

static int echo(struct tls_conn *c) {
    uint8_t buf[16384];
    for (;;) {
        if (idle(c)) {
            arm(c); /* the close_notify gets one timeout of its own */
            return tls_close(c);
        }
        arm(c); /* the rest of a record that has begun */
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
    for (int i = 0; i < 20; i++) { /* at most ~500 ms, in this connection's thread only */
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 25) <= 0) continue;
        if (recv(fd, sink, sizeof(sink), 0) <= 0) break;
    }
    close(fd);
}

/* What the connection threads share.  Workers stay for the next connection
 * rather than a thread being created per connection: a new thread is queued
 * behind every runnable task (Linux CFS start debit), a woken one is not, so
 * on a busy machine a fresh thread per connection cost several milliseconds
 * of latency each. */
struct server {
    struct tls_config *cfg;
    bool www, echo, key_update;
    pthread_mutex_t lock;
    pthread_cond_t done; /* a connection or a worker ended */
    pthread_cond_t work; /* a connection is queued, or stop */
    int *queue;          /* accepted sockets waiting for a worker (ring of max_active) */
    int qhead, qlen;
    int active, max_active; /* connections queued or being served */
    int workers, idle;
    bool stop;
    int failures, truncations;
};

static int serve(struct server *srv, struct tls_conn *c) {
    arm(c); /* the whole handshake within one timeout */
    int r = tls_handshake(c);
    if (r != 0) return r;
    const struct tls_group_info *g = tls_group_by_id(c->group);
    fprintf(stderr, "sslprov server: %s %s %s%s%s%s%s\n", tls_version_name(c->version), tls_suite_name(c->suite),
            g && c->si->kx != KX_RSA ? g->name : "-", c->version <= 0x0303 ? (c->ems ? " EMS" : " no-EMS") : "",
            c->resumed ? (c->ticket_resumed ? " resumed ticket" : " resumed") : " full-handshake",
            c->client_authenticated ? " client-cert" : "",
            c->client_authenticated && !c->peer_verified ? " (unverified)" : "");
    if (c->alpn_len > 0)
        fprintf(stderr, "sslprov server: ALPN protocol: %.*s\n", (int)c->alpn_len, (const char *)c->alpn);
    if (c->peer_rsl != 0)
        fprintf(stderr, "sslprov server: record_size_limit ours %u peer %u\n", c->own_rsl, c->peer_rsl);
    /* TLS 1.3 only, as in the client: a TLS 1.2 connection is served
     * without one (KeyUpdate does not exist there). */
    if (srv->key_update && c->version == 0x0304) r = tls_key_update(c, true);
    if (r == 0) r = srv->www ? www(c) : echo(c);
    if (srv->key_update || c->key_updates_sent || c->key_updates_recv)
        fprintf(stderr, "sslprov server: key updates sent %u received %u\n", c->key_updates_sent, c->key_updates_recv);
    return r;
}

/* One connection, start to close; returns the counts it adds. */
static void serve_fd(struct server *srv, int fd, int *failed, int *truncated) {
    struct tls_conn *c = calloc(1, sizeof(*c)); /* ~40 KiB of record buffers: not on the stack */
    if (c == NULL) {
        fprintf(stderr, "sslprov server: error: out of memory\n");
        *failed = 1;
    } else {
        tls_conn_init(c, srv->cfg, fd);
        if (serve(srv, c) != 0) {
            if (cli_tls_fail("sslprov server", c) == CLI_EXIT_TRUNCATED)
                *truncated = 1;
            else
                *failed = 1;
        }
        tls_conn_free(c);
        free(c);
    }
    lingering_close(fd);
}

static void *worker(void *arg) {
    struct server *srv = arg;
    pthread_mutex_lock(&srv->lock);
    for (;;) {
        while (srv->qlen == 0 && !srv->stop) {
            srv->idle++;
            pthread_cond_wait(&srv->work, &srv->lock);
            srv->idle--;
        }
        if (srv->qlen == 0) break; /* stop */
        int fd = srv->queue[srv->qhead];
        srv->qhead = (srv->qhead + 1) % srv->max_active;
        srv->qlen--;
        pthread_mutex_unlock(&srv->lock);
        int failed = 0, truncated = 0;
        serve_fd(srv, fd, &failed, &truncated);
        pthread_mutex_lock(&srv->lock);
        srv->failures += failed;
        srv->truncations += truncated;
        srv->active--;
        pthread_cond_broadcast(&srv->done);
    }
    pthread_mutex_unlock(&srv->lock);
    /* Free this thread's libcrypto state (its error queue, filled by a failed
     * connection) now: the process may exit as soon as the last worker is
     * counted out, before a detached thread's exit handlers have run. */
    OPENSSL_thread_stop();
    pthread_mutex_lock(&srv->lock);
    srv->workers--;
    pthread_cond_broadcast(&srv->done);
    pthread_mutex_unlock(&srv->lock);
    return NULL;
}

/* Queue an accepted socket; a worker is started when none is free. */
static void dispatch(struct server *srv, pthread_attr_t *attr, int fd) {
    pthread_mutex_lock(&srv->lock);
    srv->active++;
    srv->queue[(srv->qhead + srv->qlen) % srv->max_active] = fd;
    srv->qlen++;
    if (srv->idle < srv->qlen && srv->workers < srv->max_active) {
        pthread_t t;
        if (pthread_create(&t, attr, worker, srv) == 0)
            srv->workers++;
        else if (srv->workers == 0) { /* nobody to serve it */
            fprintf(stderr, "sslprov server: error: cannot start a connection thread\n");
            srv->qlen--;
            srv->active--;
            srv->failures++;
            close(fd);
        }
    }
    pthread_cond_signal(&srv->work);
    pthread_mutex_unlock(&srv->lock);
}

/* The listening socket on host:port (an IPv4 or IPv6 address or a name);
 * -1 with the cause printed. */
static int listen_on(const char *host, int port, char *shown, size_t shown_len) {
    char ps[8];
    snprintf(ps, sizeof(ps), "%d", port);
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int e = getaddrinfo(host, ps, &hints, &res);
    if (e != 0) {
        fprintf(stderr, "sslprov server: error: cannot resolve --host %s: %s\n", host, gai_strerror(e));
        return -1;
    }
    int ls = -1, err = 0;
    for (struct addrinfo *a = res; a != NULL && ls < 0; a = a->ai_next) {
        ls = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (ls < 0) {
            err = errno;
            continue;
        }
        int one = 1;
        setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(ls, a->ai_addr, a->ai_addrlen) != 0 || listen(ls, 128) != 0) {
            err = errno;
            close(ls);
            ls = -1;
        }
    }
    freeaddrinfo(res);
    if (ls < 0) {
        fprintf(stderr, "sslprov server: error: cannot listen on %s port %d: %s\n", host, port, strerror(err));
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    char addr[INET6_ADDRSTRLEN] = "?";
    int bound = port;
    if (getsockname(ls, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof(addr));
            bound = ntohs(s6->sin6_port);
            snprintf(shown, shown_len, "[%s]:%d", addr, bound);
        } else {
            struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof(addr));
            bound = ntohs(s4->sin_port);
            snprintf(shown, shown_len, "%s:%d", addr, bound);
        }
    }
    printf("ACCEPT %d\n", bound);
    fflush(stdout);
    return ls;
}

static const char server_help[] =
    "\nserver options:\n"
    "  --port N           TCP port to listen on, 0-65535 (0: any free port; the port is printed\n"
    "                     on stdout as \"ACCEPT N\")\n"
    "  --host ADDR        address or name to listen on (default 127.0.0.1; ::1 or :: for IPv6)\n"
    "  --cert FILE        required: the server certificate (see --key)\n"
    "  --www              answer an HTTP GET with a page naming protocol, suite and group\n"
    "  --echo             echo the client's data back until it closes (the default)\n"
    "  --verify-client F  require a client certificate issued by a CA in F (same as --cafile)\n"
    "  --request-client   ask for a client certificate, accept a connection without one\n"
    "  --key-update       after each TLS 1.3 handshake send a KeyUpdate that requests one back\n"
    "  --accept N         exit after N connections (default: serve until killed); the exit\n"
    "                     status is then 1 if any connection failed\n"
    "  --max-clients N    serve at most N connections at once (default 64); more wait in accept\n"
    "  --timeout SECS     drop a client whose handshake (or --www request) takes longer than SECS\n"
    "                     seconds; close (close_notify) one that then sends nothing for SECS\n"
    "                     seconds (default 60; 0: no limit)\n";

int cmd_server(int argc, char **argv) {
    struct cli_tls_opts o = {0};
    int port = -1, accept_n = -1, max_clients = 64;
    bool mode_www = false, mode_echo = false, request = false, key_update = false;
    const char *bind_host = "127.0.0.1";
    const struct cli_tls_opt own[] = {
        {"--port", NULL, NULL, &port},
        {"--accept", NULL, NULL, &accept_n},
        {"--max-clients", NULL, NULL, &max_clients},
        {"--host", NULL, &bind_host, NULL},
        {"--www", &mode_www, NULL, NULL},
        {"--echo", &mode_echo, NULL, NULL},
        {"--request-client", &request, NULL, NULL},
        {"--key-update", &key_update, NULL, NULL},
        {NULL, NULL, NULL, NULL},
    };
    const struct cli_tls_cmd cmd = {
        .name = "server",
        .usage =
            "usage: sslprov server --port N --cert F [--key F] [--host ADDR] [--tls1.2|--tls1.3|--dtls1.2|--dtls1.0]\n"
            "         [--mtu N] [--cipher NAME,...] [--group NAME,...] [--www|--echo] [--verify-client CAFILE]\n"
            "         [--request-client] [--accept N] [--max-clients N] [--timeout SECS] [--key-update]\n"
            "         [--no-ems] [--ignore-eof] [--keylog F] [--trace]\n"
            "         [--alpn PROTO[,PROTO...]] [--no-ticket] [--record-size-limit N]\n",
        .help = server_help,
        .opts = own,
        .operand = NULL,
    };
    int pr = cli_tls_parse(&cmd, argc, argv, &o);
    if (pr >= 0) return pr;
    if (port < 0) return cli_tls_usage_error(&cmd, "--port is required");
    if (port > 65535) return cli_tls_usage_error(&cmd, "--port %d: not a port number (0-65535)", port);
    if (o.cert == NULL) return cli_tls_usage_error(&cmd, "--cert is required");
    if (mode_www && mode_echo) return cli_tls_usage_error(&cmd, "--www and --echo exclude each other");
    if (max_clients < 1) return cli_tls_usage_error(&cmd, "--max-clients %d: at least 1", max_clients);
    if (bind_host[0] == 0) return cli_tls_usage_error(&cmd, "--host: empty address");
    if ((o.dtls10 || o.dtls12) && (mode_www || key_update))
        return cli_tls_usage_error(&cmd, "%s: TLS only, not with --dtls1.x", mode_www ? "--www" : "--key-update");
    g_timeout_ms = o.timeout < 0 ? 60000 : o.timeout > INT32_MAX / 1000 ? INT32_MAX : o.timeout * 1000;
    signal(SIGPIPE, SIG_IGN);
    static struct tls_config cfg;
    if (cli_tls_setup(&cfg, &o, true) != 0) {
        cli_tls_teardown(&cfg);
        return 1;
    }
    cfg.request_cert = request || o.cafile != NULL;
    cfg.verify_peer = o.cafile != NULL;
    if (cfg.dtls) {
        /* DTLS over UDP: one client after another (cli_dtls.c) */
        int rc = cli_dtls_server(&cfg, bind_host, port, accept_n);
        cli_tls_teardown(&cfg);
        return rc;
    }
    char shown[INET6_ADDRSTRLEN + 16] = "?";
    int ls = listen_on(bind_host, port, shown, sizeof(shown));
    if (ls < 0) {
        cli_tls_teardown(&cfg);
        return 1;
    }
    fprintf(stderr, "sslprov server: listening on %s\n", shown);
    static struct server srv = {
        .lock = PTHREAD_MUTEX_INITIALIZER, .done = PTHREAD_COND_INITIALIZER, .work = PTHREAD_COND_INITIALIZER};
    srv.cfg = &cfg;
    srv.www = mode_www;
    srv.echo = mode_echo;
    srv.key_update = key_update;
    srv.max_active = max_clients;
    srv.queue = calloc((size_t)max_clients, sizeof(*srv.queue));
    if (srv.queue == NULL) {
        fprintf(stderr, "sslprov server: error: out of memory\n");
        close(ls);
        cli_tls_teardown(&cfg);
        return 1;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (int n = 0; accept_n < 0 || n < accept_n;) {
        pthread_mutex_lock(&srv.lock);
        while (srv.active >= srv.max_active)
            pthread_cond_wait(&srv.done, &srv.lock);
        pthread_mutex_unlock(&srv.lock);
        int fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EINTR && errno != ECONNABORTED) {
                fprintf(stderr, "sslprov server: accept failed: %s\n", strerror(errno));
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) sleep(1);
            }
            continue;
        }
        n++;
        /* small records of a flight or a reply must not wait for the ACK of
         * the previous one (Nagle vs delayed ACK) */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        dispatch(&srv, &attr, fd);
    }
    pthread_attr_destroy(&attr);
    close(ls);
    /* --accept N: the last connections finish before the exit status is
     * known, and the workers are gone before the configuration is freed */
    pthread_mutex_lock(&srv.lock);
    while (srv.active > 0)
        pthread_cond_wait(&srv.done, &srv.lock);
    srv.stop = true;
    pthread_cond_broadcast(&srv.work);
    while (srv.workers > 0)
        pthread_cond_wait(&srv.done, &srv.lock);
    int failures = srv.failures, truncations = srv.truncations;
    pthread_mutex_unlock(&srv.lock);
    free(srv.queue);
    cli_tls_teardown(&cfg);
    /* one failed connection decides; a truncation alone has its own status */
    return failures ? CLI_EXIT_FAIL : truncations ? CLI_EXIT_TRUNCATED : CLI_EXIT_OK;
}
