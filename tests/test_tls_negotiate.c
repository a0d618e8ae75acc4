/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls_negotiate.c - what the engine's server negotiates for a scripted
 * ClientHello (issue #13 rules 1-4): a test peer writes any ClientHello as raw
 * records to `tls_handshake` running on the other end of a socketpair, then
 * reads the server's plaintext flight (ServerHello, ServerKeyExchange, ...) or
 * its alert and checks them byte for byte.
 *
 *   rule 1  ServerHello extensions only in answer to the client's (RFC 5246
 *           7.4.1.4, RFC 8422 5.2)
 *   rule 2  suite and group chosen together, no ECC suite without a shared
 *           curve (RFC 8422 5.1)
 *   rule 3  RFC 7919: the client's FFDHE group, no DHE with only unknown
 *           FFDHE groups, insufficient_security when nothing else is left;
 *           TLS 1.3 FFDHE key shares
 *   rule 4  long lists parsed whole (suites, groups, signature schemes,
 *           key shares, versions), up to the 2^16 vector bounds
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "testutil.h"
#include "tls.h"

static struct tls_config g_cfg;
static char g_cert_path[64], g_key_path[64];

/* ------------------------------------------------------------------------ */
/* Server identity: a fresh RSA-2048 key and self-signed certificate         */
/* ------------------------------------------------------------------------ */

static void write_identity(const char *alg) {
    EVP_PKEY *pk = NULL;
    EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
    T_ASSERT(kc != NULL && EVP_PKEY_keygen_init(kc) > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(kc, 2048) > 0 &&
             EVP_PKEY_generate(kc, &pk) > 0);
    EVP_PKEY_CTX_free(kc);
    if (g_cert_path[0] != 0) unlink(g_cert_path), unlink(g_key_path);
    X509 *x = X509_new();
    T_ASSERT(pk != NULL && x != NULL);
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
    X509_set_issuer_name(x, n);
    X509_set_pubkey(x, pk);
    T_ASSERT(X509_sign(x, pk, EVP_sha256()) > 0);
    snprintf(g_cert_path, sizeof(g_cert_path), "/tmp/sslprov-neg-crt-XXXXXX");
    snprintf(g_key_path, sizeof(g_key_path), "/tmp/sslprov-neg-key-XXXXXX");
    int fc = mkstemp(g_cert_path), fk = mkstemp(g_key_path);
    FILE *fcert = fdopen(fc, "w"), *fkey = fdopen(fk, "w");
    T_ASSERT(fcert != NULL && fkey != NULL);
    T_ASSERT(PEM_write_X509(fcert, x) == 1);
    T_ASSERT(PEM_write_PrivateKey(fkey, pk, NULL, NULL, 0, NULL, NULL) == 1);
    fclose(fcert), fclose(fkey);
    X509_free(x);
    EVP_PKEY_free(pk);
}

static void setup_server(void) {
    memset(&g_cfg, 0, sizeof(g_cfg));
    T_OK(SslOpenProvider(&g_cfg.prov, MS_SCHANNEL_PROVIDER, 0));
    g_cfg.server = true;
    g_cfg.min_version = 0x0303;
    g_cfg.max_version = 0x0304;
    size_t n = 0;
    const struct tls_suite_info *all = tls_suite_table(&n);
    for (size_t i = 0; i < n && g_cfg.n_suites < sizeof(g_cfg.suites) / sizeof(g_cfg.suites[0]); i++)
        g_cfg.suites[g_cfg.n_suites++] = all[i].id;
    /* the CLI's default group list */
    static const uint16_t groups[] = {29, 23, 24, 256, 257, 258, 259, 260};
    memcpy(g_cfg.groups, groups, sizeof(groups));
    g_cfg.n_groups = sizeof(groups) / sizeof(groups[0]);
    write_identity("RSA");
    char err[200] = "";
    g_cfg.id = tls_identity_load(g_cfg.prov, g_cert_path, g_key_path, err, sizeof(err));
    if (g_cfg.id == NULL) fprintf(stderr, "identity: %s\n", err);
    T_ASSERT(g_cfg.id != NULL);
}

static void teardown_server(void) {
    for (size_t i = 0; i < TLS_SERVER_CACHE; i++)
        tls_session_clear(&g_cfg.cache[i]);
    tls_identity_free(g_cfg.prov, g_cfg.id);
    (void)SslFreeObject(g_cfg.prov, 0);
    unlink(g_cert_path), unlink(g_key_path);
}

/* ------------------------------------------------------------------------ */
/* The scripted peer                                                         */
/* ------------------------------------------------------------------------ */

struct server_run {
    int fd;
    int rc;
    uint8_t alert_sent;
    pthread_t th;
};

static void *server_main(void *arg) {
    struct server_run *s = arg;
    struct tls_conn *c = calloc(1, sizeof(*c));
    tls_conn_init(c, &g_cfg, s->fd);
    s->rc = tls_handshake(c);
    s->alert_sent = c->alert_sent;
    tls_conn_free(c);
    free(c);
    close(s->fd);
    return NULL;
}

/* What the server sent back before it waited for the client's next flight. */
struct reply {
    bool alert;
    uint8_t alert_desc;
    bool has_sh;
    uint16_t sh_version, sh_suite;
    uint16_t sh_exts[32];
    size_t n_sh_exts;
    uint16_t share_group;
    size_t share_len;
    bool has_ske;
    size_t dh_p_len;     /* DHE ServerKeyExchange: length of p */
    uint16_t ske_group;  /* ECDHE ServerKeyExchange: named curve */
    uint16_t ske_scheme; /* ECDHE ServerKeyExchange: signature scheme */
    char alpn[256];      /* the ServerHello's ALPN protocol */
    uint8_t sh_sid[32];
    size_t sh_sid_len;
    uint16_t rsl; /* the ServerHello's record_size_limit */
};

static bool sh_has_ext(const struct reply *r, uint16_t t) {
    for (size_t i = 0; i < r->n_sh_exts; i++)
        if (r->sh_exts[i] == t) return true;
    return false;
}

static bool read_n(int fd, uint8_t *p, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t k = recv(fd, p + got, n - got, 0);
        if (k <= 0) return false;
        got += (size_t)k;
    }
    return true;
}

static void parse_sh(struct reply *r, const uint8_t *b, size_t len) {
    struct tls_rd rd, sid, exts;
    uint8_t comp = 0;
    tls_rd_init(&rd, b, len);
    const uint8_t *rnd = NULL;
    if (!tls_rd_u16(&rd, &r->sh_version) || !tls_rd_bytes(&rd, 32, &rnd) || !tls_rd_vec(&rd, 1, &sid) ||
        !tls_rd_u16(&rd, &r->sh_suite) || !tls_rd_u8(&rd, &comp))
        return;
    r->has_sh = true;
    r->sh_sid_len = sid.len <= 32 ? sid.len : 0;
    memcpy(r->sh_sid, sid.p, r->sh_sid_len);
    if (rd.len == 0 || !tls_rd_vec(&rd, 2, &exts)) return;
    while (exts.len > 0) {
        uint16_t t = 0;
        struct tls_rd e;
        if (!tls_rd_u16(&exts, &t) || !tls_rd_vec(&exts, 2, &e)) return;
        if (r->n_sh_exts < 32) r->sh_exts[r->n_sh_exts++] = t;
        if (t == EXT_SUPPORTED_VERSIONS) (void)tls_rd_u16(&e, &r->sh_version);
        if (t == EXT_KEY_SHARE) {
            struct tls_rd k;
            if (tls_rd_u16(&e, &r->share_group) && tls_rd_vec(&e, 2, &k)) r->share_len = k.len;
        }
        if (t == EXT_RECORD_SIZE_LIMIT) (void)tls_rd_u16(&e, &r->rsl);
        if (t == EXT_ALPN) {
            struct tls_rd l, name;
            if (tls_rd_vec(&e, 2, &l) && tls_rd_vec(&l, 1, &name) && tls_rd_done(&l))
                snprintf(r->alpn, sizeof(r->alpn), "%.*s", (int)name.len, (const char *)name.p);
        }
    }
}

static void parse_ske(struct reply *r, const uint8_t *b, size_t len) {
    struct tls_rd rd, p;
    uint8_t ct = 0;
    tls_rd_init(&rd, b, len);
    r->has_ske = true;
    if (r->sh_suite == 0x009E || r->sh_suite == 0x009F || r->sh_suite == 0xCCAA || r->sh_suite == 0x0067 ||
        r->sh_suite == 0x006B || r->sh_suite == 0x0033 || r->sh_suite == 0x0039) {
        if (tls_rd_vec(&rd, 2, &p)) r->dh_p_len = p.len;
    } else if (tls_rd_u8(&rd, &ct) && ct == 3) {
        struct tls_rd pt;
        if (tls_rd_u16(&rd, &r->ske_group) && tls_rd_vec(&rd, 1, &pt)) (void)tls_rd_u16(&rd, &r->ske_scheme);
    }
}

/* Send ClientHello body ch (fragmented into 2^14-byte records), read the
 * server's flight up to ServerHelloDone (TLS 1.2), the ServerHello (TLS 1.3)
 * or an alert, then hang up. */
static struct reply exchange(const struct tls_wr *ch) {
    struct reply r;
    memset(&r, 0, sizeof(r));
    int sv[2];
    T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    struct server_run s = {.fd = sv[1]};
    T_ASSERT(pthread_create(&s.th, NULL, server_main, &s) == 0);
    size_t mlen = 4 + ch->len;
    uint8_t *msg = malloc(mlen);
    msg[0] = HS_CLIENT_HELLO, msg[1] = (uint8_t)(ch->len >> 16), msg[2] = (uint8_t)(ch->len >> 8);
    msg[3] = (uint8_t)ch->len;
    memcpy(msg + 4, ch->p, ch->len);
    for (size_t off = 0; off < mlen;) {
        size_t n = mlen - off > TLS_MAX_PLAINTEXT ? TLS_MAX_PLAINTEXT : mlen - off;
        uint8_t hdr[5] = {22, 3, 1, (uint8_t)(n >> 8), (uint8_t)n};
        T_ASSERT(send(sv[0], hdr, 5, MSG_NOSIGNAL) == 5);
        T_ASSERT(send(sv[0], msg + off, n, MSG_NOSIGNAL) == (ssize_t)n);
        off += n;
    }
    free(msg);
    uint8_t *hs = NULL;
    size_t hs_len = 0, hs_off = 0;
    bool done = false;
    while (!done) {
        uint8_t hdr[5], body[TLS_MAX_RECORD];
        if (!read_n(sv[0], hdr, 5)) break;
        size_t n = (size_t)hdr[3] << 8 | hdr[4];
        if (n > sizeof(body) || !read_n(sv[0], body, n)) break;
        if (hdr[0] == 21) {
            r.alert = true;
            r.alert_desc = n == 2 ? body[1] : 0xff;
            break;
        }
        if (hdr[0] != 22) break; /* TLS 1.3: CCS / encrypted records follow the ServerHello */
        hs = realloc(hs, hs_len + n);
        memcpy(hs + hs_len, body, n);
        hs_len += n;
        while (hs_len - hs_off >= 4) {
            const uint8_t *m = hs + hs_off;
            size_t ml = (size_t)m[1] << 16 | (size_t)m[2] << 8 | m[3];
            if (hs_len - hs_off < 4 + ml) break;
            if (m[0] == HS_SERVER_HELLO) parse_sh(&r, m + 4, ml);
            if (m[0] == HS_SERVER_KEY_EXCHANGE) parse_ske(&r, m + 4, ml);
            hs_off += 4 + ml;
            if (m[0] == HS_SERVER_HELLO_DONE || (m[0] == HS_SERVER_HELLO && r.sh_version == 0x0304)) done = true;
        }
    }
    free(hs);
    shutdown(sv[0], SHUT_RDWR);
    close(sv[0]);
    pthread_join(s.th, NULL);
    return r;
}

/* ------------------------------------------------------------------------ */
/* ClientHello builder                                                       */
/* ------------------------------------------------------------------------ */

struct ch_spec {
    const uint16_t *suites;
    size_t n_suites;
    const uint16_t *groups; /* NULL: no supported_groups */
    size_t n_groups;
    const uint16_t *sigalgs; /* NULL: the engine's defaults */
    size_t n_sigalgs;
    bool ec_point_formats;
    bool ems, reneg;
    bool tls13;               /* supported_versions {extra..., 1.3, 1.2} and key_share */
    const uint16_t *versions; /* extra versions listed before 1.3 (GREASE and the like) */
    size_t n_versions;
    const uint16_t *share_groups; /* key_share entries; the share bytes come from share_key() */
    size_t n_shares;
    const char *alpn; /* ALPN offer, "h2,http/1.1" */
    int ticket;       /* session_ticket: 0 none, 1 empty, 2 an unknown ticket (with a session id) */
    int rsl;          /* record_size_limit offered, or 0 */
};

static const uint16_t k_default_sigalgs[] = {0x0804, 0x0401, 0x0403};

/* A valid public value for the groups the tests put last in key_share, and
 * filler bytes for the others (the server must not even look at them). */
static void share_key(struct tls_wr *w, uint16_t group) {
    static const uint8_t x25519_pub[32] = {0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
                                           0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
                                           0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f};
    const struct tls_group_info *gi = tls_group_by_id(group);
    if (group == 29) {
        tls_wr_bytes(w, x25519_pub, 32);
    } else if (gi != NULL && group >= 256) {
        /* y = 2^(8*cb - 8) + 7: within [2, p-2] for every RFC 7919 prime */
        size_t cb = gi->bits / 8;
        uint8_t *y = calloc(1, cb);
        y[0] = 1, y[cb - 1] = 7;
        tls_wr_bytes(w, y, cb);
        free(y);
    } else {
        uint8_t junk[32];
        memset(junk, 0x42, sizeof(junk));
        tls_wr_bytes(w, junk, sizeof(junk));
    }
}

static void build(struct tls_wr *w, const struct ch_spec *s) {
    uint8_t rnd[32];
    memset(rnd, 0xA5, sizeof(rnd));
    tls_wr_init(w);
    tls_wr_u16(w, 0x0303);
    tls_wr_bytes(w, rnd, 32);
    bool sid = s->tls13 || s->ticket == 2;
    tls_wr_u8(w, sid ? 32 : 0);
    if (sid) tls_wr_bytes(w, rnd, 32);
    tls_wr_open(w, 2);
    for (size_t i = 0; i < s->n_suites; i++)
        tls_wr_u16(w, s->suites[i]);
    tls_wr_close(w);
    tls_wr_u8(w, 1);
    tls_wr_u8(w, 0);
    tls_wr_open(w, 2);
    if (s->groups != NULL) {
        tls_wr_u16(w, EXT_SUPPORTED_GROUPS);
        tls_wr_open(w, 2);
        tls_wr_open(w, 2);
        for (size_t i = 0; i < s->n_groups; i++)
            tls_wr_u16(w, s->groups[i]);
        tls_wr_close(w);
        tls_wr_close(w);
    }
    if (s->ec_point_formats) {
        static const uint8_t pf[] = {0, EXT_EC_POINT_FORMATS, 0, 2, 1, 0};
        tls_wr_bytes(w, pf, sizeof(pf));
    }
    if (s->ems) tls_wr_u16(w, EXT_EXTENDED_MASTER_SECRET), tls_wr_u16(w, 0);
    if (s->reneg) {
        static const uint8_t ri[] = {0xff, 0x01, 0, 1, 0};
        tls_wr_bytes(w, ri, sizeof(ri));
    }
    tls_wr_u16(w, EXT_SIGNATURE_ALGORITHMS);
    tls_wr_open(w, 2);
    tls_wr_open(w, 2);
    const uint16_t *sa = s->sigalgs ? s->sigalgs : k_default_sigalgs;
    size_t nsa = s->sigalgs ? s->n_sigalgs : sizeof(k_default_sigalgs) / sizeof(k_default_sigalgs[0]);
    for (size_t i = 0; i < nsa; i++)
        tls_wr_u16(w, sa[i]);
    tls_wr_close(w);
    tls_wr_close(w);
    if (s->rsl != 0) tls_wr_u16(w, EXT_RECORD_SIZE_LIMIT), tls_wr_u16(w, 2), tls_wr_u16(w, (uint16_t)s->rsl);
    if (s->ticket != 0) {
        uint8_t t[48];
        memset(t, 0x3C, sizeof(t));
        tls_wr_u16(w, EXT_SESSION_TICKET);
        tls_wr_open(w, 2);
        if (s->ticket == 2) tls_wr_bytes(w, t, sizeof(t));
        tls_wr_close(w);
    }
    if (s->alpn != NULL) {
        uint8_t l[256];
        size_t n = 0;
        T_ASSERT(tls_alpn_from_list(s->alpn, l, sizeof(l), &n) == 0);
        tls_wr_u16(w, EXT_ALPN);
        tls_wr_open(w, 2);
        tls_wr_open(w, 2);
        tls_wr_bytes(w, l, n);
        tls_wr_close(w);
        tls_wr_close(w);
    }
    if (s->tls13) {
        tls_wr_u16(w, EXT_SUPPORTED_VERSIONS);
        tls_wr_open(w, 2);
        tls_wr_open(w, 1);
        for (size_t i = 0; i < s->n_versions; i++)
            tls_wr_u16(w, s->versions[i]);
        tls_wr_u16(w, 0x0304);
        tls_wr_u16(w, 0x0303);
        tls_wr_close(w);
        tls_wr_close(w);
        tls_wr_u16(w, EXT_KEY_SHARE);
        tls_wr_open(w, 2);
        tls_wr_open(w, 2);
        for (size_t i = 0; i < s->n_shares; i++) {
            tls_wr_u16(w, s->share_groups[i]);
            tls_wr_open(w, 2);
            share_key(w, s->share_groups[i]);
            tls_wr_close(w);
        }
        tls_wr_close(w);
        tls_wr_close(w);
    }
    tls_wr_close(w);
    T_ASSERT(w->ok);
}

static struct reply run(const struct ch_spec *s) {
    struct tls_wr w;
    build(&w, s);
    struct reply r = exchange(&w);
    tls_wr_free(&w);
    return r;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum {
    ECDHE_RSA_AES128_GCM = 0xC02F,
    DHE_RSA_AES128_GCM = 0x009E,
    RSA_AES128_GCM = 0x009C,
};

/* ------------------------------------------------------------------------ */
/* Rule 1: ServerHello extensions only when offered                          */
/* ------------------------------------------------------------------------ */

static void test_rule1_extensions_only_when_offered(void) {
    static const uint16_t suites[] = {ECDHE_RSA_AES128_GCM};
    static const uint16_t groups[] = {29};
    /* a client without ec_point_formats (allowed: RFC 8422 5.1.2 makes
     * uncompressed the default) must not get one back (RFC 5246 7.4.1.4) */
    struct ch_spec s = {suites, N(suites), groups, N(groups), NULL, 0,    false, false, false,
                        false,  NULL,      0,      NULL,      0,    NULL, 0,     0};
    struct reply r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == ECDHE_RSA_AES128_GCM);
    T_ASSERT(!sh_has_ext(&r, EXT_EC_POINT_FORMATS));
    T_ASSERT(r.n_sh_exts == 0); /* nothing offered, nothing answered */
    T_ASSERT(r.has_ske && r.ske_group == 29);
    /* offered: answered (RFC 8422 5.2), and so are EMS and renegotiation_info */
    s.ec_point_formats = s.ems = s.reneg = true;
    r = run(&s);
    T_ASSERT(r.has_sh && sh_has_ext(&r, EXT_EC_POINT_FORMATS) && sh_has_ext(&r, EXT_EXTENDED_MASTER_SECRET) &&
             sh_has_ext(&r, EXT_RENEGOTIATION_INFO) && r.n_sh_exts == 3);
    /* a DHE or RSA suite takes no ec_point_formats even when the client sent it */
    static const uint16_t dhe[] = {DHE_RSA_AES128_GCM};
    struct ch_spec d = {dhe,   N(dhe), groups, N(groups), NULL, 0,    true, false, false,
                        false, NULL,   0,      NULL,      0,    NULL, 0,    0};
    r = run(&d);
    T_ASSERT(r.has_sh && r.sh_suite == DHE_RSA_AES128_GCM && !sh_has_ext(&r, EXT_EC_POINT_FORMATS));
    /* TLS 1.3: only supported_versions and key_share in the ServerHello */
    static const uint16_t s13[] = {0x1301};
    static const uint16_t sh13[] = {29};
    struct ch_spec t = {s13, N(s13), groups, N(groups), NULL, 0, true, true, true, true, NULL, 0, sh13, 1, NULL, 0, 0};
    r = run(&t);
    T_ASSERT(r.has_sh && r.sh_version == 0x0304 && r.n_sh_exts == 2 && sh_has_ext(&r, EXT_SUPPORTED_VERSIONS) &&
             sh_has_ext(&r, EXT_KEY_SHARE));
}

/* ------------------------------------------------------------------------ */
/* Rule 2: no ECDHE suite without a shared curve                             */
/* ------------------------------------------------------------------------ */

static void test_rule2_no_shared_curve_falls_back(void) {
    /* brainpoolP256r1 (26) and brainpoolP384r1 (27) only: not ours */
    static const uint16_t groups[] = {26, 27};
    static const uint16_t suites[] = {ECDHE_RSA_AES128_GCM, DHE_RSA_AES128_GCM, RSA_AES128_GCM};
    struct ch_spec s = {suites, N(suites), groups, N(groups), NULL, 0,    true, false, false,
                        false,  NULL,      0,      NULL,      0,    NULL, 0,    0};
    struct reply r = run(&s);
    T_ASSERT(!r.alert);
    T_ASSERT(r.has_sh && r.sh_suite == DHE_RSA_AES128_GCM); /* RFC 8422 5.1 */
    T_ASSERT(r.dh_p_len == 256);                            /* no FFDHE group listed: ffdhe2048 */
    T_ASSERT(!sh_has_ext(&r, EXT_EC_POINT_FORMATS));
    /* without DHE: plain RSA key transport */
    static const uint16_t suites2[] = {ECDHE_RSA_AES128_GCM, RSA_AES128_GCM};
    struct ch_spec s2 = {suites2, N(suites2), groups, N(groups), NULL, 0,    true, false, false,
                         false,   NULL,       0,      NULL,      0,    NULL, 0,    0};
    r = run(&s2);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == RSA_AES128_GCM && !r.has_ske);
    /* only ECDHE suites and no shared curve: handshake_failure */
    static const uint16_t suites3[] = {ECDHE_RSA_AES128_GCM};
    struct ch_spec s3 = {suites3, N(suites3), groups, N(groups), NULL, 0,    true, false, false,
                         false,   NULL,       0,      NULL,      0,    NULL, 0,    0};
    r = run(&s3);
    T_ASSERT(r.alert && r.alert_desc == ALERT_HANDSHAKE_FAILURE && !r.has_sh);
}

/* ------------------------------------------------------------------------ */
/* Rule 3: RFC 7919                                                          */
/* ------------------------------------------------------------------------ */

static void dhe_group_case(uint16_t group, size_t p_len) {
    static const uint16_t suites[] = {DHE_RSA_AES128_GCM};
    uint16_t groups[] = {group};
    struct ch_spec s = {suites, N(suites), groups, 1,    NULL, 0,    false, false, false,
                        false,  NULL,      0,      NULL, 0,    NULL, 0,     0};
    struct reply r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == DHE_RSA_AES128_GCM && r.has_ske);
    if (r.dh_p_len != p_len) fprintf(stderr, "group %u: p of %zu bytes, want %zu\n", group, r.dh_p_len, p_len);
    T_ASSERT(r.dh_p_len == p_len);
}

static void test_rule3_ffdhe(void) {
    /* TLS 1.2: the client's group, not always ffdhe2048 (RFC 7919 4) */
    dhe_group_case(256, 256);
    dhe_group_case(257, 384);
    dhe_group_case(258, 512);
    dhe_group_case(259, 768);
    dhe_group_case(260, 1024);
    /* the client's first known group when it lists several, unknown ones skipped */
    static const uint16_t dhe[] = {DHE_RSA_AES128_GCM};
    static const uint16_t mixed[] = {0x01FF, 257, 256};
    struct ch_spec m = {dhe,   N(dhe), mixed, N(mixed), NULL, 0,    false, false, false,
                        false, NULL,   0,     NULL,     0,    NULL, 0,     0};
    struct reply r = run(&m);
    T_ASSERT(!r.alert && r.dh_p_len == 256); /* our preference order: ffdhe2048 first */
    /* only unknown FFDHE groups: no DHE suite (RFC 7919 4 "MUST NOT select an
     * FFDHE cipher suite"), the next acceptable one instead */
    static const uint16_t unknown_ff[] = {0x01FF, 0x01F0, 29};
    static const uint16_t dhe_rsa[] = {DHE_RSA_AES128_GCM, RSA_AES128_GCM};
    struct ch_spec u = {dhe_rsa, N(dhe_rsa), unknown_ff, N(unknown_ff), NULL, 0,    false, false, false,
                        false,   NULL,       0,          NULL,          0,    NULL, 0,     0};
    r = run(&u);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == RSA_AES128_GCM);
    /* ... or ECDHE when a curve is shared */
    static const uint16_t dhe_ec[] = {DHE_RSA_AES128_GCM, ECDHE_RSA_AES128_GCM};
    u.suites = dhe_ec, u.n_suites = N(dhe_ec);
    r = run(&u);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == ECDHE_RSA_AES128_GCM);
    /* nothing left: insufficient_security (RFC 7919 4) */
    static const uint16_t only_unknown[] = {0x01FF, 0x01F0};
    struct ch_spec x = {
        dhe, N(dhe), only_unknown, N(only_unknown), NULL, 0, false, false, false, false, NULL, 0, NULL, 0, NULL, 0, 0};
    r = run(&x);
    T_ASSERT(r.alert && r.alert_desc == ALERT_INSUFFICIENT_SECURITY && !r.has_sh);
    /* TLS 1.3 FFDHE key shares (RFC 8446 4.2.7, RFC 7919): each group */
    static const uint16_t s13[] = {0x1301};
    for (uint16_t g = 256; g <= 260; g++) {
        uint16_t groups[] = {g}, shares[] = {g};
        struct ch_spec t = {s13, N(s13), groups, 1, NULL, 0, false, false, false, true, NULL, 0, shares, 1, NULL, 0, 0};
        r = run(&t);
        const struct tls_group_info *gi = tls_group_by_id(g);
        T_ASSERT(gi != NULL);
        T_ASSERT(!r.alert && r.has_sh && r.sh_version == 0x0304 && r.share_group == g);
        T_ASSERT(gi != NULL && r.share_len == gi->bits / 8); /* y padded to |p| (RFC 8446 4.2.8.1) */
    }
    /* TLS 1.3 with only unknown FFDHE groups: no common group */
    static const uint16_t unk13[] = {0x01FF};
    struct ch_spec t = {s13, N(s13), unk13, 1, NULL, 0, false, false, false, true, NULL, 0, unk13, 1, NULL, 0, 0};
    r = run(&t);
    T_ASSERT(r.alert && !r.has_sh); /* no common group: a fatal alert, no ServerHello */
}

/* ------------------------------------------------------------------------ */
/* Rule 4: long lists parsed whole                                           */
/* ------------------------------------------------------------------------ */

/* n values from a GREASE-like unknown space, then the real ones */
static uint16_t *padded(size_t n, uint16_t base, const uint16_t *real, size_t n_real) {
    uint16_t *v = malloc((n + n_real) * sizeof(*v));
    for (size_t i = 0; i < n; i++)
        v[i] = (uint16_t)(base + i);
    if (n_real > 0) memcpy(v + n, real, n_real * sizeof(*v));
    return v;
}

static void test_rule4_long_lists(void) {
    static const uint16_t suite[] = {ECDHE_RSA_AES128_GCM};
    static const uint16_t group[] = {29};
    static const uint16_t sig[] = {0x0804};
    /* 200 suites, 40 groups, 40 signature schemes: the usable one last each */
    uint16_t *suites = padded(200, 0xE000, suite, 1), *groups = padded(40, 0x0A00, group, 1),
             *sigs = padded(40, 0x0B00, sig, 1);
    struct ch_spec s = {suites, 201, groups, 41, sigs, 41, true, false, false, false, NULL, 0, NULL, 0, NULL, 0, 0};
    struct reply r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == ECDHE_RSA_AES128_GCM && r.ske_group == 29);
    free(suites), free(groups), free(sigs);
    /* the largest suite list a ClientHello can carry: 2^16 - 2 bytes (RFC 5246
     * 7.4.1.2), sent in several records */
    suites = padded(32766, 0x8000, suite, 1);
    s = (struct ch_spec){suites, 32767, group, 1, NULL, 0, true, false, false, false, NULL, 0, NULL, 0, NULL, 0, 0};
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && r.sh_suite == ECDHE_RSA_AES128_GCM);
    free(suites);
    /* TLS 1.3: 20 versions before 1.3, 12 key shares with ours last, 40 groups */
    static const uint16_t s13[] = {0x1301};
    uint16_t *vers = padded(20, 0x7A7A, NULL, 0), *shares = padded(11, 0x0A00, group, 1);
    groups = padded(40, 0x0A00, group, 1);
    struct ch_spec t = {s13, 1, groups, 41, NULL, 0, false, false, false, true, vers, 20, shares, 12, NULL, 0, 0};
    r = run(&t);
    T_ASSERT(!r.alert && r.has_sh && r.sh_version == 0x0304 && r.share_group == 29 && r.share_len == 32);
    free(vers), free(shares), free(groups);
    /* the parser itself: every list whole, unknown values dropped, known kept */
    suites = padded(300, 0xE000, suite, 1);
    s = (struct ch_spec){suites, 301, group, 1, NULL, 0, false, false, false, false, NULL, 0, NULL, 0, NULL, 0, 0};
    struct tls_wr w;
    build(&w, &s);
    struct tls_client_hello ch;
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) == 0);
    T_ASSERT(ch.n_suites == 1 && ch.suites[0] == ECDHE_RSA_AES128_GCM && ch.n_groups == 1);
    tls_wr_free(&w);
    free(suites);
    /* a key_share entry repeated, even of an unknown group, is refused */
    static const uint16_t dup[] = {0x0A00, 29, 0x0A00};
    t = (struct ch_spec){s13, 1, group, 1, NULL, 0, false, false, false, true, NULL, 0, dup, 3, NULL, 0, 0};
    build(&w, &t);
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) != 0);
    tls_wr_free(&w);
}

/* ------------------------------------------------------------------------ */
/* ALPN (RFC 7301)                                                           */
/* ------------------------------------------------------------------------ */

static void test_alpn(void) {
    static const uint16_t suites[] = {ECDHE_RSA_AES128_GCM};
    static const uint16_t groups[] = {29};
    struct ch_spec s = {suites, N(suites), groups, N(groups),         NULL, 0, true, false, false, false, NULL,
                        0,      NULL,      0,      "foo,http/1.1,h2", 0,    0};
    /* a server without protocols ignores the offer: no ALPN in the ServerHello */
    struct reply r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && !sh_has_ext(&r, EXT_ALPN));
    T_ASSERT(tls_alpn_from_list("h2,http/1.1", g_cfg.alpn, sizeof(g_cfg.alpn), &g_cfg.alpn_len) == 0);
    T_ASSERT(g_cfg.alpn_len == 12 && g_cfg.alpn[0] == 2 && g_cfg.alpn[3] == 8);
    /* the server's preference (RFC 7301 3.2): h2 although the client lists http/1.1 first */
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && strcmp(r.alpn, "h2") == 0);
    s.alpn = "foo,http/1.1";
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && strcmp(r.alpn, "http/1.1") == 0);
    /* no offer: no answer */
    s.alpn = NULL;
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && !sh_has_ext(&r, EXT_ALPN));
    /* nothing in common: no_application_protocol, TLS 1.2 and 1.3 */
    s.alpn = "foo,spdy/3";
    r = run(&s);
    T_ASSERT(r.alert && r.alert_desc == ALERT_NO_APPLICATION_PROTOCOL && !r.has_sh);
    static const uint16_t s13[] = {0x1301};
    static const uint16_t sh13[] = {29};
    struct ch_spec t = {s13,  N(s13), groups, N(groups), NULL, 0,     false, false, false,
                        true, NULL,   0,      sh13,      1,    "foo", 0,     0};
    r = run(&t);
    T_ASSERT(r.alert && r.alert_desc == ALERT_NO_APPLICATION_PROTOCOL && !r.has_sh);
    /* TLS 1.3: the answer travels in EncryptedExtensions, never the ServerHello */
    t.alpn = "h2";
    r = run(&t);
    T_ASSERT(!r.alert && r.has_sh && r.sh_version == 0x0304 && !sh_has_ext(&r, EXT_ALPN));
    /* an empty protocol name is a malformed ClientHello (RFC 7301 3.1) */
    uint8_t bad[] = {0, 4, 2, 'h', '2', 0};
    T_ASSERT(!tls_alpn_list_ok(bad + 2, 4));
    T_ASSERT(tls_alpn_from_list("h2,,x", g_cfg.alpn, sizeof(g_cfg.alpn), &g_cfg.alpn_len) != 0);
    g_cfg.alpn_len = 0;
}

/* ------------------------------------------------------------------------ */
/* TLS 1.2 session tickets (RFC 5077)                                        */
/* ------------------------------------------------------------------------ */

static void test_tickets(void) {
    static const uint16_t suites[] = {ECDHE_RSA_AES128_GCM};
    static const uint16_t groups[] = {29};
    struct ch_spec s = {suites, N(suites), groups, N(groups), NULL, 0,    true, false, false,
                        false,  NULL,      0,      NULL,      0,    NULL, 1,    0};
    /* an empty session_ticket asks for a ticket: announced in the ServerHello (3.2) */
    struct reply r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && sh_has_ext(&r, EXT_SESSION_TICKET) && r.sh_sid_len == 32);
    /* a ticket we never issued: a full handshake with a new session id and a new ticket (3.4) */
    s.ticket = 2;
    r = run(&s);
    uint8_t client_sid[32];
    memset(client_sid, 0xA5, sizeof(client_sid));
    T_ASSERT(!r.alert && r.has_sh && sh_has_ext(&r, EXT_SESSION_TICKET) && r.has_ske);
    T_ASSERT(r.sh_sid_len == 32 && memcmp(r.sh_sid, client_sid, 32) != 0);
    /* without the extension, or with tickets off: no session_ticket in the answer */
    s.ticket = 0;
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && !sh_has_ext(&r, EXT_SESSION_TICKET));
    g_cfg.no_ticket = true;
    s.ticket = 1;
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && !sh_has_ext(&r, EXT_SESSION_TICKET));
    g_cfg.no_ticket = false;
}

/* ------------------------------------------------------------------------ */
/* RSA-PSS certificates (RFC 8446 4.2.3)                                     */
/* ------------------------------------------------------------------------ */

static void test_rsa_pss_cert(void) {
    struct tls_identity *rsa = g_cfg.id;
    write_identity("RSA-PSS");
    char err[200] = "";
    g_cfg.id = tls_identity_load(g_cfg.prov, g_cert_path, g_key_path, err, sizeof(err));
    if (g_cfg.id == NULL) fprintf(stderr, "RSA-PSS identity: %s\n", err);
    T_ASSERT(g_cfg.id != NULL && g_cfg.id->keytype == KEY_RSA_PSS);
    if (g_cfg.id != NULL) {
        static const uint16_t suites[] = {RSA_AES128_GCM, ECDHE_RSA_AES128_GCM};
        static const uint16_t groups[] = {29};
        /* an RSASSA-PSS key signs with rsa_pss_pss_*, never rsa_pss_rsae_* or PKCS#1 */
        static const uint16_t sigs[] = {0x0804, 0x0401, 0x0809};
        struct ch_spec s = {suites, N(suites), groups, N(groups), sigs, N(sigs), true, false, false,
                            false,  NULL,      0,      NULL,      0,    NULL,    0,    0};
        struct reply r = run(&s);
        /* and cannot decrypt: no RSA key transport although the client prefers it */
        T_ASSERT(!r.alert && r.has_sh && r.sh_suite == ECDHE_RSA_AES128_GCM && r.ske_scheme == 0x0809);
        static const uint16_t rsae[] = {0x0804, 0x0401};
        s.sigalgs = rsae, s.n_sigalgs = N(rsae);
        r = run(&s);
        T_ASSERT(r.alert && r.alert_desc == ALERT_HANDSHAKE_FAILURE);
        tls_identity_free(g_cfg.prov, g_cfg.id);
    }
    g_cfg.id = rsa;
}

/* ------------------------------------------------------------------------ */
/* record_size_limit (RFC 8449)                                              */
/* ------------------------------------------------------------------------ */

static void test_record_size_limit(void) {
    static const uint16_t suites[] = {ECDHE_RSA_AES128_GCM};
    static const uint16_t groups[] = {29};
    struct ch_spec s = {suites, N(suites), groups, N(groups), NULL, 0,    true, false, false,
                        false,  NULL,      0,      NULL,      0,    NULL, 0,    100};
    /* TLS 1.2: answered in the ServerHello with our limit (the protocol maximum by default) */
    struct reply r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && sh_has_ext(&r, EXT_RECORD_SIZE_LIMIT) && r.rsl == 16384);
    g_cfg.record_size_limit = 1000;
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && r.rsl == 1000);
    g_cfg.record_size_limit = 0;
    /* not offered: not answered */
    s.rsl = 0;
    r = run(&s);
    T_ASSERT(!r.alert && r.has_sh && !sh_has_ext(&r, EXT_RECORD_SIZE_LIMIT));
    /* below 64: illegal_parameter (RFC 8449 4) */
    s.rsl = 63;
    r = run(&s);
    T_ASSERT(r.alert && r.alert_desc == ALERT_ILLEGAL_PARAMETER && !r.has_sh);
    /* TLS 1.3: the answer is in EncryptedExtensions, not the ServerHello */
    static const uint16_t s13[] = {0x1301};
    static const uint16_t sh13[] = {29};
    struct ch_spec t = {s13,  N(s13), groups, N(groups), NULL, 0,    false, false, false,
                        true, NULL,   0,      sh13,      1,    NULL, 0,     64};
    r = run(&t);
    T_ASSERT(!r.alert && r.has_sh && r.sh_version == 0x0304 && !sh_has_ext(&r, EXT_RECORD_SIZE_LIMIT));
    t.rsl = 10;
    r = run(&t);
    T_ASSERT(r.alert && r.alert_desc == ALERT_ILLEGAL_PARAMETER);
}

/* ------------------------------------------------------------------------ */
/* The client's side of rule 1: an unrequested ServerHello extension         */
/* ------------------------------------------------------------------------ */

struct client_run {
    struct tls_config cfg;
    int fd;
    uint8_t alert_sent;
    pthread_t th;
};

static void *client_main(void *arg) {
    struct client_run *r = arg;
    struct tls_conn *c = calloc(1, sizeof(*c));
    tls_conn_init(c, &r->cfg, r->fd);
    (void)tls_handshake(c);
    r->alert_sent = c->alert_sent;
    tls_conn_free(c);
    free(c);
    close(r->fd);
    return NULL;
}

/* The engine's client against a scripted TLS 1.2 ServerHello carrying one
 * extra extension of type ext: the alert it sends back (0 = none). */
static uint8_t client_vs_server_hello(uint16_t ext, bool alpn_offered) {
    struct client_run *run = calloc(1, sizeof(*run));
    run->cfg.prov = g_cfg.prov;
    run->cfg.min_version = run->cfg.max_version = 0x0303;
    run->cfg.suites[0] = ECDHE_RSA_AES128_GCM, run->cfg.n_suites = 1;
    run->cfg.groups[0] = 29, run->cfg.n_groups = 1;
    if (alpn_offered) T_ASSERT(tls_alpn_from_list("h2", run->cfg.alpn, sizeof(run->cfg.alpn), &run->cfg.alpn_len) == 0);
    int sv[2];
    T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    run->fd = sv[1];
    T_ASSERT(pthread_create(&run->th, NULL, client_main, run) == 0);
    uint8_t hdr[5], body[TLS_MAX_RECORD];
    T_ASSERT(read_n(sv[0], hdr, 5) && hdr[0] == 22);
    T_ASSERT(read_n(sv[0], body, (size_t)hdr[3] << 8 | hdr[4])); /* the ClientHello */
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, 22), tls_wr_u16(&w, 0x0303);
    tls_wr_open(&w, 2);
    tls_wr_u8(&w, HS_SERVER_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, 0x0303);
    uint8_t rnd[32] = {1};
    tls_wr_bytes(&w, rnd, 32);
    tls_wr_u8(&w, 0);
    tls_wr_u16(&w, ECDHE_RSA_AES128_GCM);
    tls_wr_u8(&w, 0);
    tls_wr_open(&w, 2);
    tls_wr_u16(&w, ext);
    tls_wr_open(&w, 2);
    if (ext == EXT_ALPN) tls_wr_u16(&w, 3), tls_wr_u8(&w, 2), tls_wr_bytes(&w, "h2", 2);
    tls_wr_close(&w);
    tls_wr_close(&w);
    tls_wr_close(&w);
    tls_wr_close(&w);
    T_ASSERT(w.ok && send(sv[0], w.p, w.len, MSG_NOSIGNAL) == (ssize_t)w.len);
    tls_wr_free(&w);
    uint8_t alert = 0;
    /* the alert, or (extension accepted) the client waiting for Certificate */
    struct pollfd pfd = {sv[0], POLLIN, 0};
    if (poll(&pfd, 1, 2000) == 1 && read_n(sv[0], hdr, 5) && hdr[0] == 21 && read_n(sv[0], body, 2)) alert = body[1];
    shutdown(sv[0], SHUT_RDWR);
    close(sv[0]);
    pthread_join(run->th, NULL);
    T_ASSERT(alert == run->alert_sent);
    free(run);
    return alert;
}

static void test_client_rejects_unrequested_extensions(void) {
    /* RFC 5246 7.4.1.4: "If a client receives an extension type in
     * ServerHello that it did not request ... unsupported_extension" */
    T_ASSERT(client_vs_server_hello(0x1234, false) == ALERT_UNSUPPORTED_EXTENSION);
    T_ASSERT(client_vs_server_hello(EXT_ALPN, false) == ALERT_UNSUPPORTED_EXTENSION);
    T_ASSERT(client_vs_server_hello(EXT_ENCRYPT_THEN_MAC, false) == ALERT_UNSUPPORTED_EXTENSION);
    /* requested ones pass: ALPN we offered, the SNI acknowledgement */
    T_ASSERT(client_vs_server_hello(EXT_ALPN, true) == 0);
    T_ASSERT(client_vs_server_hello(EXT_SERVER_NAME, false) == 0);
}

int main(void) {
    signal(SIGPIPE, SIG_IGN);
    setup_server();
    if (g_cfg.id != NULL) {
        test_rule1_extensions_only_when_offered();
        test_rule2_no_shared_curve_falls_back();
        test_rule3_ffdhe();
        test_rule4_long_lists();
        test_alpn();
        test_tickets();
        test_rsa_pss_cert();
        test_record_size_limit();
        test_client_rejects_unrequested_extensions();
    }
    teardown_server();
    return t_done();
}
