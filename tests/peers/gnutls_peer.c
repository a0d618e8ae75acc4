/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * gnutls_peer.c - a GnuTLS 3.x test peer for tests/test_interop_gnutls.sh
 * (issue #6).  It does what gnutls-serv/gnutls-cli cannot:
 *   - echo arbitrary binary data (gnutls-serv --echo works on NUL-terminated
 *     lines), and record what was received, so transfers can be compared with
 *     cmp in both directions;
 *   - start a TLS 1.3 KeyUpdate itself (gnutls_session_key_update, RFC 8446
 *     4.6.3), with or without update_requested (GNUTLS_KU_PEER), in the
 *     middle of a transfer, and count the KeyUpdates it receives.
 *
 *   gnutls_peer --server --port N --cert F --key F [--cafile F] [--echo]
 *   gnutls_peer --client HOST:PORT --cafile F [--servername N]
 *     common: [--tls1.2|--tls1.3] [--priority STR] [--no-ems]
 *             [--key-update[=peer]] [--send FILE] [--recv FILE]
 *     server only: [--key-update-after-close]
 *
 * One connection, then exit.  The server closes (close_notify) once the peer
 * has closed and everything queued (--send, echo) is out; the client closes
 * once its --send file is out and then reads until the server's close_notify.
 * --key-update: the client sends it after the first half of its --send file,
 * the server after the first application data it receives (before echoing
 * it), so data flows under the new keys in both directions afterwards.
 * --key-update-after-close (server): a KeyUpdate with update_requested sent
 * only once the peer's close_notify has arrived, which the peer must not
 * answer (nothing may follow its close_notify, RFC 8446 6.1).
 * At the end one summary line goes to stderr; on failure one "error:" line
 * and a non-zero exit status (peer_util.h).  Test-only code.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "peer_util.h"

/* Every wait is bounded: a stuck peer must not hang the test. */
#define IO_TIMEOUT_MS 10000

struct opts {
    bool server, echo, tls12, tls13, no_ems, ku, ku_peer, ku_at_close;
    int port;
    const char *target, *cert, *key, *cafile, *servername, *priority, *send, *recv;
};

struct buf {
    unsigned char *p;
    size_t len, cap;
};

struct peer {
    gnutls_session_t s;
    int fd;
    struct buf out;  /* queued for sending: --send file, then echoed data */
    size_t out_off;  /* how much of out is sent */
    struct buf in;   /* everything received (for --recv) */
    size_t ku_at;    /* client: KeyUpdate once out_off reaches this */
    bool ku_due;     /* a KeyUpdate is to be sent now */
    bool ku_done;    /* it was sent */
    bool send_again; /* gnutls_record_send returned AGAIN: repeat it */
    bool peer_closed, we_closed;
    unsigned ku_recv;
};

static int fail(const char *what, int gnutls_err) {
    if (gnutls_err != 0)
        fprintf(stderr, "gnutls_peer: error: %s: %s\n", what, gnutls_strerror(gnutls_err));
    else
        fprintf(stderr, "gnutls_peer: error: %s\n", what);
    return PEER_EXIT_FAIL;
}

static int buf_append(struct buf *b, const unsigned char *p, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (q == NULL) return -1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return 0;
}

static void usage(void) {
    fprintf(stderr, "usage: gnutls_peer --server --port N --cert F --key F [--cafile F] [--echo]\n"
                    "       gnutls_peer --client HOST:PORT --cafile F [--servername N]\n"
                    "         [--tls1.2|--tls1.3] [--priority STR] [--no-ems] [--key-update[=peer]]\n"
                    "         [--key-update-after-close]\n"
                    "         [--send FILE] [--recv FILE]\n");
}

static int parse(struct opts *o, int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = NULL;
        if (strcmp(a, "--server") == 0)
            o->server = true;
        else if (strcmp(a, "--echo") == 0)
            o->echo = true;
        else if (strcmp(a, "--tls1.2") == 0)
            o->tls12 = true;
        else if (strcmp(a, "--tls1.3") == 0)
            o->tls13 = true;
        else if (strcmp(a, "--no-ems") == 0)
            o->no_ems = true;
        else if (strcmp(a, "--key-update") == 0)
            o->ku = true;
        else if (strcmp(a, "--key-update=peer") == 0)
            o->ku = o->ku_peer = true;
        else if (strcmp(a, "--key-update-after-close") == 0)
            o->ku = o->ku_peer = o->ku_at_close = true;
        else if (strcmp(a, "--client") == 0)
            val = &o->target;
        else if (strcmp(a, "--cert") == 0)
            val = &o->cert;
        else if (strcmp(a, "--key") == 0)
            val = &o->key;
        else if (strcmp(a, "--cafile") == 0)
            val = &o->cafile;
        else if (strcmp(a, "--servername") == 0)
            val = &o->servername;
        else if (strcmp(a, "--priority") == 0)
            val = &o->priority;
        else if (strcmp(a, "--send") == 0)
            val = &o->send;
        else if (strcmp(a, "--recv") == 0)
            val = &o->recv;
        else if (strcmp(a, "--port") == 0 && i + 1 < argc)
            o->port = atoi(argv[++i]);
        else
            return -1;
        if (val != NULL) {
            if (i + 1 >= argc) return -1;
            *val = argv[++i];
        }
    }
    if (o->server == (o->target != NULL) || (o->tls12 && o->tls13)) return -1;
    if (o->server && (o->port <= 0 || o->cert == NULL || o->key == NULL)) return -1;
    if (!o->server && o->cafile == NULL) return -1;
    return 0;
}

/* A fingerprint of the current read key.  GnuTLS has no counter of received
 * KeyUpdates and runs no hook for them (lib/tls13/key_update.c), but the read
 * traffic key changes only when one arrives (RFC 8446 4.6.3), so recv_step
 * compares it around every gnutls_record_recv.  Test-only: the key stays in
 * process memory and is never printed. */
static int read_key(gnutls_session_t s, unsigned char out[64], size_t *len) {
    gnutls_datum_t key = {NULL, 0};
    unsigned char seq[8];
    if (gnutls_record_get_state(s, 1, NULL, NULL, &key, seq) < 0 || key.size > 64) return -1;
    memcpy(out, key.data, key.size);
    *len = key.size;
    return 0;
}

static int setup(struct peer *p, const struct opts *o, gnutls_certificate_credentials_t cred) {
    char prio[512];
    const char *err = NULL;
    int r;
    snprintf(prio, sizeof(prio), "%s%s%s", o->priority ? o->priority : "NORMAL",
             o->tls13   ? ":-VERS-ALL:+VERS-TLS1.3"
             : o->tls12 ? ":-VERS-ALL:+VERS-TLS1.2"
                        : "",
             o->no_ems ? ":%NO_SESSION_HASH" : "");
    r = gnutls_init(&p->s, o->server ? GNUTLS_SERVER : GNUTLS_CLIENT);
    if (r < 0) return fail("gnutls_init", r);
    r = gnutls_priority_set_direct(p->s, prio, &err);
    if (r < 0) return fail(err ? err : "priority", r);
    r = gnutls_credentials_set(p->s, GNUTLS_CRD_CERTIFICATE, cred);
    if (r < 0) return fail("gnutls_credentials_set", r);
    if (o->server && o->cafile != NULL) {
        gnutls_certificate_server_set_request(p->s, GNUTLS_CERT_REQUIRE);
        gnutls_session_set_verify_cert(p->s, NULL, 0);
    }
    if (!o->server) {
        const char *name = o->servername ? o->servername : "localhost";
        gnutls_server_name_set(p->s, GNUTLS_NAME_DNS, name, strlen(name));
        gnutls_session_set_verify_cert(p->s, name, 0);
    }
    gnutls_handshake_set_timeout(p->s, IO_TIMEOUT_MS);
    gnutls_transport_set_int(p->s, p->fd);
    return 0;
}

static int open_socket(const struct opts *o) {
    if (o->server) {
        int ls = peer_listen(o->port), fd;
        struct pollfd pf = {ls, POLLIN, 0};
        if (ls < 0) return -1;
        fd = poll(&pf, 1, 2 * IO_TIMEOUT_MS) == 1 ? accept(ls, NULL, NULL) : -1;
        close(ls);
        return fd;
    }
    return peer_connect(o->target);
}

/* One step of sending: a pending KeyUpdate, the next chunk of out, or - when
 * nothing is left to send and it is our turn - close_notify.  Returns <0 on a
 * fatal error, else 0; *want_write says whether to wait for POLLOUT. */
static int send_step(struct peer *p, const struct opts *o, bool *want_write) {
    int r;
    *want_write = false;
    if (p->ku_due && !p->ku_done && !p->send_again) {
        r = gnutls_session_key_update(p->s, o->ku_peer ? GNUTLS_KU_PEER : 0);
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) return *want_write = true, 0;
        if (r < 0) return fail("gnutls_session_key_update", r), -1;
        p->ku_done = true;
    }
    size_t limit = p->out.len;
    if (!o->server && o->ku && !p->ku_done) limit = p->ku_at; /* the first half goes under the old keys */
    if (p->send_again || p->out_off < limit) {
        size_t n = limit - p->out_off;
        ssize_t k;
        if (n > 16384) n = 16384;
        k = p->send_again ? gnutls_record_send(p->s, NULL, 0) : gnutls_record_send(p->s, p->out.p + p->out_off, n);
        p->send_again = k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED;
        if (p->send_again) return *want_write = true, 0;
        if (k < 0) return fail("gnutls_record_send", (int)k), -1;
        p->out_off += (size_t)k;
        if (!o->server && o->ku && p->out_off >= p->ku_at) p->ku_due = true;
        *want_write = p->out_off < p->out.len || p->ku_due;
        return 0;
    }
    if (!o->server && o->ku && !p->ku_done) {
        p->ku_due = true; /* empty --send */
        return *want_write = true, 0;
    }
    /* the client closes when its file is out; the server answers the peer's close */
    if (!p->we_closed && (!o->server || p->peer_closed)) {
        r = gnutls_bye(p->s, GNUTLS_SHUT_WR);
        if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED) return *want_write = true, 0;
        if (r < 0) return fail("gnutls_bye", r), -1;
        p->we_closed = true;
    }
    return 0;
}

static int recv_step(struct peer *p, const struct opts *o) {
    unsigned char b[16384], k0[64], k1[64];
    size_t n0 = 0, n1 = 0;
    if (read_key(p->s, k0, &n0) != 0) return fail("gnutls_record_get_state", 0), -1;
    ssize_t k = gnutls_record_recv(p->s, b, sizeof(b));
    if (k >= 0 || k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED) {
        if (read_key(p->s, k1, &n1) != 0) return fail("gnutls_record_get_state", 0), -1;
        if (n0 != n1 || memcmp(k0, k1, n0) != 0) p->ku_recv++;
    }
    if (k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED) return 0;
    if (k < 0) return fail("gnutls_record_recv", (int)k), -1;
    if (k == 0) {
        p->peer_closed = true;
        /* --key-update-after-close: the request reaches a peer that has sent
         * its close_notify, which must not answer (RFC 8446 4.6.3, 6.1) */
        if (o->server && o->ku_at_close) p->ku_due = true;
        return 0;
    }
    if (buf_append(&p->in, b, (size_t)k) != 0 || (o->echo && buf_append(&p->out, b, (size_t)k) != 0))
        return fail("out of memory", 0), -1;
    if (o->server && o->ku && !o->ku_at_close) p->ku_due = true; /* before the echo of this data */
    return 0;
}

/* Full-duplex loop on a non-blocking socket: the sslprov server echoes record
 * by record with blocking writes, so we must keep reading while we send. */
static int pump(struct peer *p, const struct opts *o) {
    int fl = fcntl(p->fd, F_GETFL);
    if (fl < 0 || fcntl(p->fd, F_SETFL, fl | O_NONBLOCK) < 0) return fail("fcntl", 0);
    while (!(p->we_closed && p->peer_closed)) {
        bool want_write;
        if (send_step(p, o, &want_write) != 0) return PEER_EXIT_FAIL;
        if (p->we_closed && p->peer_closed) break;
        if (!p->peer_closed && gnutls_record_check_pending(p->s) > 0) {
            if (recv_step(p, o) != 0) return PEER_EXIT_FAIL;
            continue;
        }
        struct pollfd pf = {p->fd, (short)((p->peer_closed ? 0 : POLLIN) | (want_write ? POLLOUT : 0)), 0};
        if (pf.events == 0) continue; /* more to send right away */
        int n = poll(&pf, 1, IO_TIMEOUT_MS);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return fail(n == 0 ? "timed out waiting for the peer" : "poll", 0);
        if ((pf.revents & (POLLIN | POLLHUP | POLLERR)) && !p->peer_closed && recv_step(p, o) != 0)
            return PEER_EXIT_FAIL;
    }
    return 0;
}

/* Close without a RST that could overtake our close_notify: half-close, drain
 * for a bounded time, then close (as tools/cli_server.c does). */
static void lingering_close(int fd) {
    char sink[4096];
    (void)shutdown(fd, SHUT_WR);
    for (int i = 0; i < 40; i++) {
        struct pollfd pf = {fd, POLLIN, 0};
        if (poll(&pf, 1, 25) <= 0) continue;
        if (recv(fd, sink, sizeof(sink), 0) <= 0) break;
    }
    close(fd);
}

static void summary(struct peer *p) {
    char *desc = gnutls_session_get_desc(p->s);
    bool tls13 = gnutls_protocol_get_version(p->s) == GNUTLS_TLS1_3;
    fprintf(stderr, "gnutls_peer: %s%s sent %zu received %zu bytes; key updates sent %u received %u\n",
            desc ? desc : "?",
            tls13                                           ? ""
            : gnutls_session_ext_master_secret_status(p->s) ? " EMS"
                                                            : " no-EMS",
            p->out_off, p->in.len, p->ku_done ? 1u : 0u, p->ku_recv);
    gnutls_free(desc);
}

static int run(const struct opts *o, gnutls_certificate_credentials_t cred) {
    struct peer p;
    int rc = PEER_EXIT_FAIL, r;
    memset(&p, 0, sizeof(p));
    p.fd = -1;
    if (o->send != NULL) {
        size_t n = 0;
        unsigned char *f = peer_read_file(o->send, &n);
        if (f == NULL) return PEER_EXIT_FAIL;
        r = buf_append(&p.out, f, n);
        free(f);
        if (r != 0) return fail("out of memory", 0);
    }
    p.ku_at = p.out.len / 2;
    p.fd = open_socket(o);
    if (p.fd < 0) return fail(o->server ? "no connection accepted" : "cannot connect", 0);
    if (setup(&p, o, cred) != 0) goto cleanup;
    do {
        r = gnutls_handshake(p.s);
    } while (r < 0 && gnutls_error_is_fatal(r) == 0);
    if (r < 0) {
        fail("handshake", r);
        goto cleanup;
    }
    if (o->ku && gnutls_protocol_get_version(p.s) != GNUTLS_TLS1_3) {
        fail("--key-update needs TLS 1.3", 0);
        goto cleanup;
    }
    if (pump(&p, o) != 0) goto cleanup;
    summary(&p);
    if (o->recv != NULL && peer_write_file(o->recv, p.in.p ? p.in.p : (const unsigned char *)"", p.in.len) != 0) {
        fail("cannot write --recv file", 0);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (p.s != NULL) gnutls_deinit(p.s);
    if (p.fd >= 0) lingering_close(p.fd);
    free(p.out.p);
    free(p.in.p);
    return rc;
}

int main(int argc, char **argv) {
    struct opts o;
    gnutls_certificate_credentials_t cred = NULL;
    int rc = PEER_EXIT_FAIL, r;
    memset(&o, 0, sizeof(o));
    if (parse(&o, argc, argv) != 0) {
        usage();
        return PEER_EXIT_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);
    if ((r = gnutls_global_init()) < 0) return fail("gnutls_global_init", r);
    if ((r = gnutls_certificate_allocate_credentials(&cred)) < 0) {
        fail("credentials", r);
        goto cleanup;
    }
    if (o.cafile != NULL && (r = gnutls_certificate_set_x509_trust_file(cred, o.cafile, GNUTLS_X509_FMT_PEM)) <= 0) {
        fail("cannot load --cafile", r);
        goto cleanup;
    }
    if (o.cert != NULL &&
        (r = gnutls_certificate_set_x509_key_file(cred, o.cert, o.key ? o.key : o.cert, GNUTLS_X509_FMT_PEM)) < 0) {
        fail("cannot load --cert/--key", r);
        goto cleanup;
    }
    rc = run(&o, cred);
cleanup:
    if (cred != NULL) gnutls_certificate_free_credentials(cred);
    gnutls_global_deinit();
    return rc;
}
