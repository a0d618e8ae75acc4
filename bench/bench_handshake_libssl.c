/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * bench_handshake_libssl.c - CPU per whole handshake: the sslprov engine
 * (tools/tls, every cryptographic step through the Ssl* functions) against
 * libssl doing the same handshakes (issue #16 item 4).
 *
 * Both sides of a handshake run in this process, one thread each, connected by
 * an AF_UNIX socketpair (the engine is written over a blocking descriptor; so
 * is libssl here, with SSL_set_fd, so both pay the same kernel work).  Each
 * side's cost is its thread's CPU time (CLOCK_THREAD_CPUTIME_ID) from the
 * start of the connection object to its release, so time spent waiting for
 * the peer is not counted.  Same certificate, key, group and suite on both;
 * no chain verification on either client (no CA), one TLS 1.3 ticket, no TLS
 * 1.2 tickets (session-ID resumption), EMS as the case says.
 *
 * Cases: TLS 1.3 X25519 with an ECDSA P-256 and an RSA-2048 certificate,
 * TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256 with and without EMS, TLS 1.2 resumed
 * (session ID).  Target: sslprov <= 0.90 x libssl's CPU per handshake, client
 * and server side separately.
 *
 *   ./build/bench/bench_handshake_libssl [handshakes-per-round] [rounds] [case-filter]
 * (case-filter: a substring of the case name, for profiling one case)
 */
#include "tls.h"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double cpu_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec * 1e-3;
}

static void die(const char *what) {
    fprintf(stderr, "bench_handshake_libssl: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* ------------------------------------------------------------------------ */
/* Certificates: made here, written to a temporary directory                 */
/* ------------------------------------------------------------------------ */

static char g_dir[64];

static void make_identity(const char *name, EVP_PKEY *key, char *cert_path, char *key_path) {
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
    X509_set_issuer_name(x, n);
    if (!X509_sign(x, key, EVP_sha256())) die("X509_sign");
    sprintf(cert_path, "%s/%s.crt", g_dir, name);
    sprintf(key_path, "%s/%s.key", g_dir, name);
    FILE *f = fopen(cert_path, "w");
    if (f == NULL || !PEM_write_X509(f, x)) die("write certificate");
    fclose(f);
    f = fopen(key_path, "w");
    if (f == NULL || !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)) die("write key");
    fclose(f);
    X509_free(x);
}

/* ------------------------------------------------------------------------ */
/* Cases                                                                     */
/* ------------------------------------------------------------------------ */

struct bcase {
    const char *name;
    bool tls13, rsa_cert, ems, resume;
    uint16_t suite;        /* engine suite id */
    const char *ossl_list; /* libssl cipher (TLS 1.2) or ciphersuite (TLS 1.3) */
};

static const struct bcase k_cases[] = {
    {"tls13-x25519-ecdsa", true, false, true, false, 0x1301, "TLS_AES_128_GCM_SHA256"},
    {"tls13-x25519-rsa", true, true, true, false, 0x1301, "TLS_AES_128_GCM_SHA256"},
    {"tls12-ecdhe-rsa-ems", false, true, true, false, 0xC02F, "ECDHE-RSA-AES128-GCM-SHA256"},
    {"tls12-ecdhe-rsa-noems", false, true, false, false, 0xC02F, "ECDHE-RSA-AES128-GCM-SHA256"},
    {"tls12-resumed", false, true, true, true, 0xC02F, "ECDHE-RSA-AES128-GCM-SHA256"},
};

static char g_ec_crt[128], g_ec_key[128], g_rsa_crt[128], g_rsa_key[128];

/* ------------------------------------------------------------------------ */
/* sslprov engine                                                            */
/* ------------------------------------------------------------------------ */

struct side {
    const struct bcase *bc;
    int *fds; /* one descriptor per handshake */
    int n;
    double us;
    /* engine */
    struct tls_config *cfg;
    /* libssl */
    SSL_CTX *ctx;
    SSL_SESSION *sess;
};

static void engine_config(struct tls_config *cfg, NCRYPT_PROV_HANDLE prov, const struct bcase *bc, bool server,
                          struct tls_identity *id) {
    memset(cfg, 0, sizeof(*cfg));
    cfg->prov = prov;
    cfg->server = server;
    cfg->min_version = cfg->max_version = bc->tls13 ? 0x0304 : 0x0303;
    cfg->suites[0] = bc->suite;
    cfg->n_suites = 1;
    cfg->groups[0] = 29; /* x25519 */
    cfg->n_groups = 1;
    cfg->no_ems = !bc->ems;
    cfg->id = id;
    cfg->servername = "localhost";
}

static void forget_session(struct tls_config *cfg) {
    struct tls_session *ss = &cfg->client_session;
    if (ss->master) SslFreeObject(ss->master, 0);
    if (ss->psk) SslFreeObject(ss->psk, 0);
    free(ss->ticket);
    memset(ss, 0, sizeof(*ss));
}

static void *engine_side(void *arg) {
    struct side *s = arg;
    double t = 0;
    for (int i = 0; i < s->n; i++) {
        struct tls_conn c;
        double t0 = cpu_us();
        tls_conn_init(&c, s->cfg, s->fds[i]);
        if (tls_handshake(&c) != 0) {
            fprintf(stderr, "engine %s: %s\n", s->cfg->server ? "server" : "client", c.err);
            exit(1);
        }
        if (!s->cfg->server && i > 0 && c.resumed != s->bc->resume) die("engine resumption differs from the case");
        tls_conn_free(&c);
        if (!s->cfg->server && !s->bc->resume) forget_session(s->cfg); /* every handshake a full one */
        t += cpu_us() - t0;
    }
    s->us = t / s->n;
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* libssl                                                                    */
/* ------------------------------------------------------------------------ */

static SSL_CTX *ossl_ctx(const struct bcase *bc, bool server) {
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    int v = bc->tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    SSL_CTX_set_min_proto_version(ctx, v);
    SSL_CTX_set_max_proto_version(ctx, v);
    if (bc->tls13)
        SSL_CTX_set_ciphersuites(ctx, bc->ossl_list);
    else
        SSL_CTX_set_cipher_list(ctx, bc->ossl_list);
    SSL_CTX_set1_groups_list(ctx, "X25519");
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | (bc->ems ? 0 : SSL_OP_NO_EXTENDED_MASTER_SECRET));
    SSL_CTX_set_num_tickets(ctx, 1); /* TLS 1.3: one ticket, as the engine sends */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    if (server) {
        const char *crt = bc->rsa_cert ? g_rsa_crt : g_ec_crt, *key = bc->rsa_cert ? g_rsa_key : g_ec_key;
        if (SSL_CTX_use_certificate_file(ctx, crt, SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
            die("libssl certificate");
        SSL_CTX_set_session_cache_mode(ctx, bc->resume ? SSL_SESS_CACHE_SERVER : SSL_SESS_CACHE_OFF);
        SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"bench", 5);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    }
    return ctx;
}

static void *ossl_side(void *arg) {
    struct side *s = arg;
    bool server = SSL_CTX_get_ssl_method(s->ctx) == TLS_server_method();
    double t = 0;
    for (int i = 0; i < s->n; i++) {
        double t0 = cpu_us();
        SSL *ssl = SSL_new(s->ctx);
        SSL_set_fd(ssl, s->fds[i]);
        if (!server) {
            SSL_set_tlsext_host_name(ssl, "localhost");
            if (s->sess) SSL_set_session(ssl, s->sess);
        }
        if ((server ? SSL_accept(ssl) : SSL_connect(ssl)) != 1) die("libssl handshake");
        if (!server && s->bc->resume) {
            if (i > 0 && !SSL_session_reused(ssl)) die("libssl did not resume");
            if (s->sess == NULL) s->sess = SSL_get1_session(ssl);
        }
        /* as after a completed close: a session freed without it is dropped from the cache */
        SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(ssl);
        t += cpu_us() - t0;
    }
    s->us = t / s->n;
    return NULL;
}

/* ------------------------------------------------------------------------ */

static void pairs(int n, int *a, int *b) {
    for (int i = 0; i < n; i++) {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) die("socketpair");
        a[i] = sv[0], b[i] = sv[1];
    }
}

static void run2(void *(*fn)(void *), struct side *cl, struct side *sv) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, fn, sv);
    pthread_create(&t2, NULL, fn, cl);
    pthread_join(t2, NULL);
    pthread_join(t1, NULL);
    /* closed only now: a side that finishes first (the TLS 1.3 client, before
     * the server's ticket) must not make the other's last write fail */
    for (int i = 0; i < cl->n; i++)
        close(cl->fds[i]), close(sv->fds[i]);
}

static int cmpd(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 40;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    const char *filter = argc > 3 ? argv[3] : "";
    if (n < 2) n = 2;
    if (rounds < 1 || rounds > 31) rounds = 5;
    signal(SIGPIPE, SIG_IGN);
    snprintf(g_dir, sizeof(g_dir), "/tmp/sslprov-bench-XXXXXX");
    if (mkdtemp(g_dir) == NULL) die("mkdtemp");
    EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    if (ec == NULL || rsa == NULL) die("keygen");
    make_identity("ec", ec, g_ec_crt, g_ec_key);
    make_identity("rsa", rsa, g_rsa_crt, g_rsa_key);

    NCRYPT_PROV_HANDLE prov = 0;
    if (SslOpenProvider(&prov, NULL, 0) != 0) die("SslOpenProvider");
    char err[256];
    struct tls_identity *ec_id = tls_identity_load(prov, g_ec_crt, g_ec_key, err, sizeof(err));
    struct tls_identity *rsa_id = tls_identity_load(prov, g_rsa_crt, g_rsa_key, err, sizeof(err));
    if (ec_id == NULL || rsa_id == NULL) die(err);

    int *a = calloc((size_t)n, sizeof(int)), *b = calloc((size_t)n, sizeof(int));
    printf("bench_handshake_libssl: CPU microseconds per handshake (thread CPU time), %d handshakes x %d rounds, "
           "median round\n",
           n, rounds);
    printf("%-24s %-7s %10s %10s %7s\n", "case", "side", "sslprov", "libssl", "ratio");
    int fails = 0;
    for (size_t ci = 0; ci < sizeof(k_cases) / sizeof(k_cases[0]); ci++) {
        const struct bcase *bc = &k_cases[ci];
        if (strstr(bc->name, filter) == NULL) continue;
        double r[2][2][31]; /* [impl][side][round] */
        struct tls_config *ccfg = calloc(1, sizeof(*ccfg)), *scfg = calloc(1, sizeof(*scfg));
        engine_config(ccfg, prov, bc, false, NULL);
        engine_config(scfg, prov, bc, true, bc->rsa_cert ? rsa_id : ec_id);
        SSL_CTX *cctx = ossl_ctx(bc, false), *sctx = ossl_ctx(bc, true);
        SSL_SESSION *sess = NULL;
        for (int round = 0; round < rounds; round++) {
            pairs(n, a, b);
            struct side cl = {bc, a, n, 0, ccfg, NULL, NULL}, sv = {bc, b, n, 0, scfg, NULL, NULL};
            run2(engine_side, &cl, &sv);
            r[0][0][round] = cl.us, r[0][1][round] = sv.us;
            pairs(n, a, b);
            struct side ocl = {bc, a, n, 0, NULL, cctx, sess}, osv = {bc, b, n, 0, NULL, sctx, NULL};
            run2(ossl_side, &ocl, &osv);
            if (sess == NULL) sess = ocl.sess;
            r[1][0][round] = ocl.us, r[1][1][round] = osv.us;
        }
        for (int side = 0; side < 2; side++) {
            qsort(r[0][side], (size_t)rounds, sizeof(double), cmpd);
            qsort(r[1][side], (size_t)rounds, sizeof(double), cmpd);
            double x = r[0][side][rounds / 2], y = r[1][side][rounds / 2], ratio = x / y;
            bool pass = ratio <= 0.90;
            fails += !pass;
            printf("%-24s %-7s %10.1f %10.1f %7.2f  %s (target <= 0.90)\n", bc->name, side ? "server" : "client", x, y,
                   ratio, pass ? "PASS" : "FAIL");
        }
        SSL_SESSION_free(sess);
        SSL_CTX_free(cctx), SSL_CTX_free(sctx);
        for (int i = 0; i < TLS_SERVER_CACHE; i++)
            if (scfg->cache[i].master) SslFreeObject(scfg->cache[i].master, 0);
        forget_session(ccfg);
        free(ccfg), free(scfg);
    }
    printf("%s\n", fails ? "some targets missed" : "all targets met");
    tls_identity_free(prov, ec_id);
    tls_identity_free(prov, rsa_id);
    SslFreeObject(prov, 0);
    EVP_PKEY_free(ec), EVP_PKEY_free(rsa);
    unlink(g_ec_crt), unlink(g_ec_key), unlink(g_rsa_crt), unlink(g_rsa_key), rmdir(g_dir);
    free(a), free(b);
    return fails ? 1 : 0;
}
