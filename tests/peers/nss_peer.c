/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * nss_peer.c - an NSS TLS peer for the interop tests (issue #6): what the stock
 * NSS tools selfserv/tstclnt cannot do.  selfserv neither echoes nor serves
 * files, neither tool starts a KeyUpdate (SSL_KeyUpdate, RFC 8446 4.6.3), and
 * neither turns the extended master secret (RFC 7627) off.
 *
 *   nss_peer --server --port N --db DIR --nick NAME [--accept N] [--echo]
 *   nss_peer --client HOST:PORT --db DIR [--servername NAME]
 *     common: [--tls1.2|--tls1.3] [--no-ems] [--key-update[=request]]
 *             [--send FILE] [--recv FILE] [--resume]
 *
 * Data: --send FILE is sent, everything received is kept and written to
 * --recv FILE; a server with --echo sends back what it receives.  Closing: a
 * peer with something of its own to say (--send, or any client) sends
 * close_notify once that is sent; an echoing or receiving server sends it once
 * the peer has closed and every echoed byte is out.  Either way the peer then
 * reads until the other side's close_notify (TLS 1.3 half-close, RFC 8446 6.1).
 *
 * --key-update: one SSL_KeyUpdate per connection (TLS 1.3), after half of
 * --send is out, or (nothing to send) right after the first application data
 * arrives, before it is echoed - so data flows under both the old and the new
 * keys.  =request sets update_requested, so the other side must answer with a
 * KeyUpdate of its own; the data it sends afterwards only decrypts if NSS took
 * that answer.
 *
 * --resume (client): connects twice with the same session cache and fails
 * unless the second connection is resumed.  A server serves --accept N
 * connections (default 1) in turn, with a session cache.
 *
 * One line per connection on stderr: "nss_peer: TLSv1.2 <suite> EMS|no-EMS
 * full|resumed"; on failure "nss_peer: error: ..." and exit status 1.
 * Test-only code.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nss.h>
#include <pk11pub.h>
#include <prerror.h>
#include <prio.h>
#include <private/pprio.h>
#include <ssl.h>
#include <sslerr.h>
#include <sslexp.h>
#include <sslproto.h>

#include "peer_util.h"

/* Every wait is bounded: a stuck peer fails with a message, not a hang. */
#define IO_TIMEOUT_S 20

struct opts {
    bool server, echo, no_ems, resume;
    int key_update; /* 0 none, 1 update_not_requested, 2 update_requested */
    int port, accept_n;
    const char *target, *db, *nick, *servername, *send_path, *recv_path;
    PRUint16 vmin, vmax;
};

/* What one connection moved: the bytes to send and the bytes received. */
struct xfer {
    const unsigned char *src;
    size_t src_len, sent;
    unsigned char *in;
    size_t in_len, in_cap;
};

static int fail(const char *what) {
    PRErrorCode e = PR_GetError();
    const char *name = PR_ErrorToName(e);
    fprintf(stderr, "nss_peer: error: %s: %s (%d)\n", what, name ? name : "unknown error", (int)e);
    return -1;
}

static void usage(void) {
    fprintf(stderr, "usage: nss_peer --server --port N --db DIR --nick NAME [--accept N] [--echo]\n"
                    "       nss_peer --client HOST:PORT --db DIR [--servername NAME]\n"
                    "         [--tls1.2|--tls1.3] [--no-ems] [--key-update[=request]] [--send FILE] [--recv FILE]"
                    " [--resume]\n");
}

static int parse(struct opts *o, int argc, char **argv) {
    memset(o, 0, sizeof(*o));
    o->accept_n = 1;
    o->vmin = SSL_LIBRARY_VERSION_TLS_1_2;
    o->vmax = SSL_LIBRARY_VERSION_TLS_1_3;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (strcmp(a, "--server") == 0)
            o->server = true;
        else if (strcmp(a, "--client") == 0 && more)
            o->target = argv[++i];
        else if (strcmp(a, "--port") == 0 && more)
            o->port = atoi(argv[++i]);
        else if (strcmp(a, "--accept") == 0 && more)
            o->accept_n = atoi(argv[++i]);
        else if (strcmp(a, "--db") == 0 && more)
            o->db = argv[++i];
        else if (strcmp(a, "--nick") == 0 && more)
            o->nick = argv[++i];
        else if (strcmp(a, "--servername") == 0 && more)
            o->servername = argv[++i];
        else if (strcmp(a, "--send") == 0 && more)
            o->send_path = argv[++i];
        else if (strcmp(a, "--recv") == 0 && more)
            o->recv_path = argv[++i];
        else if (strcmp(a, "--echo") == 0)
            o->echo = true;
        else if (strcmp(a, "--no-ems") == 0)
            o->no_ems = true;
        else if (strcmp(a, "--resume") == 0)
            o->resume = true;
        else if (strcmp(a, "--key-update") == 0)
            o->key_update = 1;
        else if (strcmp(a, "--key-update=request") == 0)
            o->key_update = 2;
        else if (strcmp(a, "--tls1.2") == 0)
            o->vmin = o->vmax = SSL_LIBRARY_VERSION_TLS_1_2;
        else if (strcmp(a, "--tls1.3") == 0)
            o->vmin = o->vmax = SSL_LIBRARY_VERSION_TLS_1_3;
        else
            return -1;
    }
    if (o->db == NULL || o->server == (o->target != NULL)) return -1;
    if (o->server && (o->port <= 0 || o->nick == NULL || o->accept_n < 1)) return -1;
    if (!o->server && (o->echo || strchr(o->target, ':') == NULL)) return -1;
    if (o->echo && o->send_path != NULL) return -1;
    return 0;
}

static int set_blocking(PRFileDesc *fd, bool blocking) {
    PRSocketOptionData so;
    so.option = PR_SockOpt_Nonblocking;
    so.value.non_blocking = blocking ? PR_FALSE : PR_TRUE;
    return PR_SetSocketOption(fd, &so) == PR_SUCCESS ? 0 : fail("PR_SetSocketOption");
}

/* Wraps a connected TCP socket in an NSS SSL socket configured from the
 * options; NULL on failure (the fd is closed either way). */
static PRFileDesc *wrap(const struct opts *o, int osfd, CERTCertificate *cert, SECKEYPrivateKey *key) {
    PRFileDesc *tcp = PR_ImportTCPSocket(osfd);
    if (tcp == NULL) {
        close(osfd);
        fail("PR_ImportTCPSocket");
        return NULL;
    }
    PRFileDesc *fd = SSL_ImportFD(NULL, tcp);
    if (fd == NULL) {
        PR_Close(tcp);
        fail("SSL_ImportFD");
        return NULL;
    }
    SSLVersionRange vr = {o->vmin, o->vmax};
    /* RFC 7627: NSS's default is on; --no-ems turns it off on this side so the
     * other side must complete (and resume) without it. */
    if (SSL_OptionSet(fd, SSL_SECURITY, PR_TRUE) != SECSuccess ||
        SSL_OptionSet(fd, SSL_ENABLE_EXTENDED_MASTER_SECRET, o->no_ems ? PR_FALSE : PR_TRUE) != SECSuccess ||
        SSL_VersionRangeSet(fd, &vr) != SECSuccess)
        goto bad;
    if (o->server) {
        if (SSL_ConfigServerCert(fd, cert, key, NULL, 0) != SECSuccess) goto bad;
    } else if (SSL_SetURL(fd, o->servername ? o->servername : "localhost") != SECSuccess) {
        goto bad;
    }
    if (SSL_ResetHandshake(fd, o->server ? PR_TRUE : PR_FALSE) != SECSuccess) goto bad;
    return fd;
bad:
    fail("configuring the SSL socket");
    PR_Close(fd);
    return NULL;
}

static int report(PRFileDesc *fd) {
    SSLChannelInfo ci;
    SSLCipherSuiteInfo si;
    if (SSL_GetChannelInfo(fd, &ci, sizeof(ci)) != SECSuccess ||
        SSL_GetCipherSuiteInfo(ci.cipherSuite, &si, sizeof(si)) != SECSuccess)
        return fail("SSL_GetChannelInfo");
    const char *v = ci.protocolVersion == SSL_LIBRARY_VERSION_TLS_1_3   ? "TLSv1.3"
                    : ci.protocolVersion == SSL_LIBRARY_VERSION_TLS_1_2 ? "TLSv1.2"
                                                                        : "TLS<1.2";
    fprintf(stderr, "nss_peer: %s %s%s %s\n", v, si.cipherSuiteName,
            ci.protocolVersion >= SSL_LIBRARY_VERSION_TLS_1_3 ? ""
            : ci.extendedMasterSecretUsed                     ? " EMS"
                                                              : " no-EMS",
            ci.resumed ? "resumed" : "full");
    return ci.resumed ? 1 : 0;
}

static int key_update(PRFileDesc *fd, int mode) {
    /* blocking for the few bytes of the message: NSS then has it on the wire
     * before any later record, with no buffered remainder to track */
    if (set_blocking(fd, true) != 0) return -1;
    if (SSL_KeyUpdate(fd, mode == 2 ? PR_TRUE : PR_FALSE) != SECSuccess) return fail("SSL_KeyUpdate");
    fprintf(stderr, "nss_peer: key update sent%s\n", mode == 2 ? " (update_requested)" : "");
    return set_blocking(fd, false);
}

static int append(struct xfer *x, const unsigned char *b, size_t n) {
    if (x->in_len + n > x->in_cap) {
        size_t cap = x->in_cap ? x->in_cap : 65536;
        while (cap < x->in_len + n)
            cap *= 2;
        unsigned char *p = realloc(x->in, cap);
        if (p == NULL) {
            fprintf(stderr, "nss_peer: error: out of memory\n");
            return -1;
        }
        x->in = p;
        x->in_cap = cap;
    }
    memcpy(x->in + x->in_len, b, n);
    x->in_len += n;
    return 0;
}

/* Sends close_notify and half-closes (ssl_SecureShutdown sends the alert
 * before the TCP shutdown); blocking so the alert is not left in NSS's
 * pending buffer when the TCP side shuts. */
static int shutdown_send(PRFileDesc *fd) {
    if (set_blocking(fd, true) != 0) return -1;
    if (PR_Shutdown(fd, PR_SHUTDOWN_SEND) != PR_SUCCESS) return fail("sending close_notify");
    return set_blocking(fd, false);
}

/* Full-duplex copy loop on a non-blocking socket, so neither side can stall
 * the other with a large transfer (both blocked in send). */
static int pump(const struct opts *o, PRFileDesc *fd, struct xfer *x) {
    unsigned char buf[16384];
    bool peer_eof = false, shut = false, ku_done = o->key_update == 0;
    bool speaks = x->src != NULL || !o->server; /* closes once its own data is out */
    size_t ku_at = x->src_len / 2;
    x->sent = 0;
    x->in_len = 0;
    if (set_blocking(fd, false) != 0) return -1;
    for (;;) {
        const unsigned char *out = o->echo ? x->in : x->src;
        size_t out_len = o->echo ? x->in_len : x->src_len;
        if (!ku_done && (x->src != NULL ? x->sent >= ku_at : x->in_len > 0)) {
            if (key_update(fd, o->key_update) != 0) return -1;
            ku_done = true;
        }
        size_t limit = out_len;
        if (!ku_done && x->src != NULL) limit = ku_at;
        if (!shut && x->sent == out_len && (speaks || peer_eof)) {
            if (shutdown_send(fd) != 0) return -1;
            shut = true;
        }
        if (peer_eof && shut) break;
        PRPollDesc pd = {fd, 0, 0};
        if (!peer_eof) pd.in_flags |= PR_POLL_READ;
        if (!shut && x->sent < limit) pd.in_flags |= PR_POLL_WRITE;
        PRInt32 n = PR_Poll(&pd, 1, PR_SecondsToInterval(IO_TIMEOUT_S));
        if (n < 0) return fail("PR_Poll");
        if (n == 0) {
            fprintf(stderr, "nss_peer: error: no progress for %d s (sent %zu of %zu, received %zu)\n", IO_TIMEOUT_S,
                    x->sent, out_len, x->in_len);
            return -1;
        }
        PRInt16 ready = pd.out_flags;
        if (!peer_eof && (ready & (PR_POLL_READ | PR_POLL_ERR | PR_POLL_HUP | PR_POLL_EXCEPT))) {
            PRInt32 r = PR_Recv(fd, buf, sizeof(buf), 0, PR_INTERVAL_NO_WAIT);
            if (r > 0 && append(x, buf, (size_t)r) != 0) return -1;
            if (r == 0) peer_eof = true;
            if (r < 0 && PR_GetError() != PR_WOULD_BLOCK_ERROR) return fail("receiving");
        }
        if ((pd.in_flags & PR_POLL_WRITE) && (ready & (PR_POLL_WRITE | PR_POLL_ERR | PR_POLL_HUP))) {
            out = o->echo ? x->in : x->src; /* the receive may have moved x->in */
            PRInt32 w = PR_Send(fd, out + x->sent, (PRInt32)(limit - x->sent), 0, PR_INTERVAL_NO_WAIT);
            if (w > 0) x->sent += (size_t)w;
            if (w < 0 && PR_GetError() != PR_WOULD_BLOCK_ERROR) return fail("sending");
        }
    }
    fprintf(stderr, "nss_peer: sent %zu bytes, received %zu bytes\n", x->sent, x->in_len);
    return 0;
}

/* One connection: handshake, report, transfer, close.  Returns 1 if it was
 * resumed, 0 if not, -1 on failure; fd is closed. */
static int session(const struct opts *o, PRFileDesc *fd, struct xfer *x) {
    int rc = -1;
    if (SSL_ForceHandshake(fd) != SECSuccess) {
        fail("handshake");
        goto done;
    }
    int resumed = report(fd);
    if (resumed < 0 || pump(o, fd, x) != 0) goto done;
    if (o->recv_path != NULL && peer_write_file(o->recv_path, x->in, x->in_len) != 0) {
        fprintf(stderr, "nss_peer: error: cannot write %s\n", o->recv_path);
        goto done;
    }
    rc = resumed;
done:
    (void)set_blocking(fd, true);
    PR_Close(fd);
    return rc;
}

static int run_server(const struct opts *o, struct xfer *x) {
    int rc = -1, ls = -1;
    CERTCertificate *cert = PK11_FindCertFromNickname(o->nick, NULL);
    SECKEYPrivateKey *key = cert ? PK11_FindKeyByAnyCert(cert, NULL) : NULL;
    if (key == NULL) {
        fprintf(stderr, "nss_peer: error: %s %s in %s\n", cert ? "no private key for certificate" : "no certificate",
                o->nick, o->db);
        goto done;
    }
    if (SSL_ConfigServerSessionIDCache(16, 0, 0, NULL) != SECSuccess) {
        fail("SSL_ConfigServerSessionIDCache");
        goto done;
    }
    ls = peer_listen(o->port);
    if (ls < 0) {
        fprintf(stderr, "nss_peer: error: cannot listen on 127.0.0.1:%d\n", o->port);
        goto done;
    }
    for (int i = 0; i < o->accept_n; i++) {
        int c = accept(ls, NULL, NULL);
        if (c < 0) {
            fprintf(stderr, "nss_peer: error: accept failed\n");
            goto done;
        }
        PRFileDesc *fd = wrap(o, c, cert, key);
        if (fd == NULL || session(o, fd, x) < 0) goto done;
    }
    rc = 0;
done:
    if (ls >= 0) close(ls);
    SSL_ShutdownServerSessionIDCache();
    if (key) SECKEY_DestroyPrivateKey(key);
    if (cert) CERT_DestroyCertificate(cert);
    return rc;
}

static int run_client(const struct opts *o, struct xfer *x) {
    for (int round = 0; round < (o->resume ? 2 : 1); round++) {
        int s = peer_connect(o->target);
        if (s < 0) {
            fprintf(stderr, "nss_peer: error: cannot connect to %s\n", o->target);
            return -1;
        }
        PRFileDesc *fd = wrap(o, s, NULL, NULL);
        int r = fd ? session(o, fd, x) : -1;
        if (r < 0) return -1;
        if (round == 1 && r != 1) {
            fprintf(stderr, "nss_peer: error: the second connection was not resumed\n");
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    struct opts o;
    struct xfer x = {0};
    unsigned char *src = NULL;
    int rc = PEER_EXIT_FAIL;
    if (parse(&o, argc, argv) != 0) {
        usage();
        return PEER_EXIT_USAGE;
    }
    if (o.send_path != NULL) {
        src = peer_read_file(o.send_path, &x.src_len);
        if (src == NULL) return PEER_EXIT_FAIL;
        x.src = src;
    }
    if (NSS_Init(o.db) != SECSuccess) {
        fail("NSS_Init");
        free(src);
        return PEER_EXIT_FAIL;
    }
    if (NSS_SetDomesticPolicy() != SECSuccess) {
        fail("NSS_SetDomesticPolicy");
    } else if ((o.server ? run_server(&o, &x) : run_client(&o, &x)) == 0) {
        rc = 0;
    }
    SSL_ClearSessionCache();
    if (NSS_Shutdown() != SECSuccess) {
        fail("NSS_Shutdown"); /* an NSS object still referenced: a leak here */
        rc = PEER_EXIT_FAIL;
    }
    free(x.in);
    free(src);
    return rc;
}
