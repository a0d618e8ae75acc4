/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * gen_hs_corpus.c - seed corpus of fuzz_hs_parse (make fuzz-corpus): real
 * handshakes of the engine (tools/tls) against itself, client and server on
 * two socketpairs joined by a relay that records both byte streams.  From the
 * recordings: the whole server stream (mode 5) and client stream (mode 6), the
 * ClientHello and ServerHello bodies (modes 0, 1), the TLS 1.2 Certificate body
 * (mode 2), a TLS 1.3 Certificate built by the engine (mode 3) and the
 * ClientHello key shares (mode 4).  The byte streams carry fresh randoms, so
 * the files differ between runs; their structure does not.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fuzz_hs_parse.c"

struct side {
    struct tls_config cfg;
    struct tls_conn c;
    int fd;
    int rc;
};

static void *run_side(void *arg) {
    struct side *s = arg;
    tls_conn_init(&s->c, &s->cfg, s->fd);
    s->rc = tls_handshake(&s->c);
    uint8_t buf[256];
    if (s->rc == 0 && !s->cfg.server) {
        (void)tls_write(&s->c, (const uint8_t *)"ping", 4);
        (void)tls_close(&s->c);
    } else if (s->rc == 0) {
        while (tls_read(&s->c, buf, sizeof(buf)) > 0) {
        }
        (void)tls_close(&s->c);
    }
    tls_conn_free(&s->c);
    shutdown(s->fd, SHUT_RDWR);
    close(s->fd);
    return NULL;
}

struct stream {
    uint8_t *p;
    size_t len;
};

static void append(struct stream *s, const uint8_t *p, size_t n) {
    s->p = realloc(s->p, s->len + n);
    memcpy(s->p + s->len, p, n);
    s->len += n;
}

/* Relay a<->b until both directions end, recording a->b in ab and b->a in ba. */
static void relay(int a, int b, struct stream *ab, struct stream *ba) {
    bool open_a = true, open_b = true;
    while (open_a || open_b) {
        struct pollfd fds[2] = {{a, open_a ? POLLIN : 0, 0}, {b, open_b ? POLLIN : 0, 0}};
        if (poll(fds, 2, 5000) <= 0) break;
        uint8_t buf[16384];
        for (int i = 0; i < 2; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t k = recv(fds[i].fd, buf, sizeof(buf), 0);
            int to = i == 0 ? b : a;
            if (k <= 0) {
                shutdown(to, SHUT_WR);
                if (i == 0)
                    open_a = false;
                else
                    open_b = false;
                continue;
            }
            append(i == 0 ? ab : ba, buf, (size_t)k);
            (void)send(to, buf, (size_t)k, MSG_NOSIGNAL);
        }
    }
}

static const char *g_dir;
static int g_files;

static void put(const char *name, uint8_t mode, uint8_t sel, const uint8_t *p, size_t n) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
    uint8_t hdr[2] = {mode, sel};
    fwrite(hdr, 1, 2, f);
    fwrite(p, 1, n, f);
    fclose(f);
    g_files++;
}

/* The first handshake message of a plaintext stream: body and length. */
static const uint8_t *first_hs(const struct stream *s, size_t *len) {
    if (s->len < 9 || s->p[0] != 22) return NULL;
    *len = ((size_t)s->p[6] << 16) | ((size_t)s->p[7] << 8) | s->p[8];
    return 9 + *len <= s->len ? s->p + 9 : NULL;
}

/* The body of handshake message `type` among the plaintext handshake records
 * at the start of a stream (TLS <= 1.2 server flight). */
static const uint8_t *find_hs(const struct stream *s, uint8_t type, size_t *len) {
    static uint8_t msgs[65536];
    size_t m = 0, off = 0;
    while (off + 5 <= s->len && s->p[off] == 22) {
        size_t rl = ((size_t)s->p[off + 3] << 8) | s->p[off + 4];
        if (off + 5 + rl > s->len || m + rl > sizeof(msgs)) break;
        memcpy(msgs + m, s->p + off + 5, rl), m += rl;
        off += 5 + rl;
    }
    for (size_t o = 0; o + 4 <= m;) {
        size_t l = ((size_t)msgs[o + 1] << 16) | ((size_t)msgs[o + 2] << 8) | msgs[o + 3];
        if (o + 4 + l > m) break;
        if (msgs[o] == type) {
            *len = l;
            return msgs + o + 4;
        }
        o += 4 + l;
    }
    return NULL;
}

static void handshake(const char *name, uint32_t csel, uint32_t ssel, uint16_t server_suite) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    int a[2], b[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, a) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, b) != 0) exit(1);
    static struct side cl, sv;
    fz_config(&cl.cfg, p, false, csel);
    fz_config(&sv.cfg, p, true, ssel);
    if (server_suite) sv.cfg.suites[0] = server_suite, sv.cfg.n_suites = 1;
    cl.fd = a[0], sv.fd = b[0];
    pthread_t tc, ts;
    pthread_create(&tc, NULL, run_side, &cl);
    pthread_create(&ts, NULL, run_side, &sv);
    struct stream c2s = {0}, s2c = {0};
    relay(a[1], b[1], &c2s, &s2c);
    pthread_join(tc, NULL);
    pthread_join(ts, NULL);
    close(a[1]), close(b[1]);
    printf("%-14s client %s, server %s; %zu/%zu bytes\n", name, cl.rc == 0 ? "ok" : cl.c.err,
           sv.rc == 0 ? "ok" : sv.c.err, c2s.len, s2c.len);
    if (cl.rc != 0 || sv.rc != 0) exit(1); /* seeds must come from a real handshake */
    char fn[128];
    snprintf(fn, sizeof(fn), "engine-client-%s", name);
    put(fn, 5, (uint8_t)csel, s2c.p, s2c.len);
    snprintf(fn, sizeof(fn), "engine-server-%s", name);
    put(fn, 6, (uint8_t)ssel, c2s.p, c2s.len);
    size_t n = 0;
    const uint8_t *m = first_hs(&c2s, &n);
    if (m) {
        snprintf(fn, sizeof(fn), "client-hello-%s", name);
        put(fn, 0, 0, m, n);
        struct tls_client_hello ch;
        if (tls_parse_client_hello(m, n, &ch) == 0)
            for (size_t i = 0; i < ch.n_shares; i++) {
                uint8_t share[2 + 1100];
                share[0] = (uint8_t)(ch.shares[i].group >> 8), share[1] = (uint8_t)ch.shares[i].group;
                memcpy(share + 2, ch.shares[i].key, ch.shares[i].len);
                snprintf(fn, sizeof(fn), "key-share-%s-%u", name, ch.shares[i].group);
                put(fn, 4, 0, share, 2 + ch.shares[i].len);
            }
    }
    if ((m = first_hs(&s2c, &n)) != NULL) {
        snprintf(fn, sizeof(fn), "server-hello-%s", name);
        put(fn, 1, 0, m, n);
    }
    if ((m = find_hs(&s2c, HS_CERTIFICATE, &n)) != NULL) {
        snprintf(fn, sizeof(fn), "certificate12-%s", name);
        put(fn, 2, 0, m, n);
    }
    free(c2s.p), free(s2c.p);
    fz_config_free(&cl.cfg);
    fz_config_free(&sv.cfg);
}

static void certificate13(void) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    struct tls_config cfg;
    static struct tls_conn c;
    struct tls_wr w;
    fz_config(&cfg, p, true, 0);
    tls_conn_init(&c, &cfg, -1);
    tls_wr_init(&w);
    if (tls_build_certificate(&c, &w, true, (const uint8_t *)"ctx", 3) == 0 && w.len > 4)
        put("certificate13", 3, 0, w.p + 4, w.len - 4);
    tls_wr_free(&w);
    tls_conn_free(&c);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
        return 2;
    }
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/fuzz_hs_parse", argv[1]);
    mkdir(argv[1], 0755);
    mkdir(dir, 0755);
    g_dir = dir;
    handshake("tls13", 3, 0, 0);
    handshake("tls13-p256", 4 | 3, 0, 0);
    handshake("tls13-certreq", 3, 8, 0);
    handshake("tls12-ecdhe", 1, 1, 0);
    handshake("tls12-rsa", 1, 1, 0x009C); /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
    handshake("tls12-dhe", 1, 1, 0x009E); /* TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 */
    handshake("tls12-certreq", 1, 8 | 1, 0);
    handshake("tls10-cbc", 2, 2, 0);
    certificate13();
    printf("wrote %d seed files\n", g_files);
    return 0;
}
