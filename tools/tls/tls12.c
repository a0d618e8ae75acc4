/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls12.c - TLS 1.0 - 1.2 client and server (RFC 5246, RFC 4346, RFC 2246):
 * ECDHE / DHE / RSA key exchange through SslCreateEphemeralKey, SslImportKey,
 * SslGenerateMasterKey, SslGeneratePreMasterKey (RSA client, reference 11.11)
 * and SslImportMasterKey (RSA server); SslGenerateSessionKeys; Finished through
 * SslComputeFinishedHash; extended master secret (RFC 7627) through
 * SslComputeSessionHash; session-id resumption with a cached master key.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "tls.h"

static const uint8_t downgrade12[8] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};
static const uint8_t downgrade11[8] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};

static int send_ccs(struct tls_conn *c) {
    static const uint8_t one = 1;
    return tls_send_record(c, 20, &one, 1);
}

static int wait_ccs(struct tls_conn *c, NCRYPT_KEY_HANDLE rd) {
    if (c->hs_len != c->hs_off) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "handshake data before ChangeCipherSpec");
    c->expect_ccs = true;
    for (;;) {
        int r = tls_read_record(c);
        if (r < 0) return -1;
        if (r == 1) break;
        if (c->peer_closed) return tls_fail(c, 0xff, "peer closed during handshake");
        if (c->hs_len != c->hs_off || c->app_len != c->app_off)
            return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ChangeCipherSpec");
    }
    tls_set_read_key(c, rd);
    return 0;
}

static int finished(struct tls_conn *c, NCRYPT_KEY_HANDLE master, DWORD who, uint8_t v[12]) {
    if (SSLCALL(c, SslComputeFinishedHash, c->cfg->prov, master, c->th, v, 12, who) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslComputeFinishedHash failed");
    return 0;
}

static int send_finished(struct tls_conn *c, NCRYPT_KEY_HANDLE master, DWORD who) {
    uint8_t m[16] = {HS_FINISHED, 0, 0, 12};
    if (finished(c, master, who, m + 4) != 0) return -1;
    if (c->cfg->fault == TLS_FAULT_BAD_FINISHED) m[4] ^= 0x01; /* test-only; peer: decrypt_error (RFC 5246 7.4.9) */
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_bytes(&w, m, 16);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    return r;
}

static int recv_finished(struct tls_conn *c, NCRYPT_KEY_HANDLE master, DWORD who) {
    uint8_t type, v[12];
    const uint8_t *body, *whole;
    size_t len, wl;
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_FINISHED) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected Finished, got %u", type);
    if (len != 12) return tls_fail(c, ALERT_DECODE_ERROR, "bad Finished length");
    if (finished(c, master, who, v) != 0) return -1;
    if (CRYPTO_memcmp(v, body, 12) != 0) return tls_fail(c, ALERT_DECRYPT_ERROR, "bad Finished");
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    return 0;
}

static int session_keys(struct tls_conn *c, NCRYPT_KEY_HANDLE master, NCRYPT_KEY_HANDLE *rd, NCRYPT_KEY_HANDLE *wr) {
    NCryptBuffer b[4];
    NCryptBufferDesc d;
    tls_params_randoms(&d, b, c, NULL, 0, NULL);
    if (SSLCALL(c, SslGenerateSessionKeys, c->cfg->prov, master, rd, wr, &d, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslGenerateSessionKeys failed");
    return 0;
}

/* Parameter list for the master secret: randoms, and with EMS the session hash. */
static int master_params(struct tls_conn *c, NCryptBufferDesc *d, NCryptBuffer b[4], uint8_t *sh, DWORD *highest) {
    size_t n = 0;
    if (c->ems) {
        DWORD cb = 0;
        if (SSLCALL(c, SslComputeSessionHash, c->cfg->prov, c->th, tls_proto(c), sh, 64, &cb, 0) != 0)
            return tls_fail(c, ALERT_INTERNAL_ERROR, "SslComputeSessionHash failed");
        n = cb;
    }
    tls_params_randoms(d, b, c, c->ems ? sh : NULL, n, highest);
    return 0;
}

/* DH: our key from the server's p and g, and our public value y. */
static int dh_client_share(struct tls_conn *c, const uint8_t *p, size_t pl, const uint8_t *g, size_t gl,
                           struct tls_wr *w) {
    uint8_t params[12 + 2 * 1024], blob[8 + 3 * 1024];
    if (pl > 1024 || gl > pl) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "unsupported DH parameters");
    BCRYPT_DH_PARAMETER_HEADER h = {(ULONG)(12 + 2 * pl), BCRYPT_DH_PARAMETERS_MAGIC, (ULONG)pl};
    memcpy(params, &h, 12);
    memcpy(params + 12, p, pl);
    memset(params + 12 + pl, 0, pl - gl);
    memcpy(params + 12 + 2 * pl - gl, g, gl);
    tls_free_key(c, &c->eph);
    if (SSLCALL(c, SslCreateEphemeralKey, c->cfg->prov, &c->eph, tls_proto(c), c->suite, 0, (DWORD)(pl * 8), params,
                (DWORD)(12 + 2 * pl), 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslCreateEphemeralKey(DH) failed");
    DWORD cb = 0;
    if (SSLCALL(c, SslExportKey, c->cfg->prov, c->eph, BCRYPT_DH_PUBLIC_BLOB, blob, sizeof(blob), &cb, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExportKey(DH) failed");
    BCRYPT_DH_KEY_BLOB kh;
    memcpy(&kh, blob, sizeof(kh));
    if (kh.cbKey != pl || cb != sizeof(kh) + 3 * pl) return tls_fail(c, ALERT_INTERNAL_ERROR, "unexpected DH blob");
    tls_wr_open(w, 2);
    tls_wr_bytes(w, blob + sizeof(kh) + 2 * pl, pl);
    tls_wr_close(w);
    return 0;
}

static int dh_import_peer(struct tls_conn *c, const uint8_t *p, size_t pl, const uint8_t *g, size_t gl,
                          const uint8_t *y, size_t yl) {
    uint8_t blob[8 + 3 * 1024];
    if (pl > 1024 || gl > pl || yl > pl || yl == 0) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "bad DH public value");
    BCRYPT_DH_KEY_BLOB kh = {BCRYPT_DH_PUBLIC_MAGIC, (ULONG)pl};
    memcpy(blob, &kh, sizeof(kh));
    uint8_t *o = blob + sizeof(kh);
    memcpy(o, p, pl);
    memset(o + pl, 0, 2 * pl);
    memcpy(o + 2 * pl - gl, g, gl);
    memcpy(o + 3 * pl - yl, y, yl);
    tls_free_key(c, &c->peer_eph);
    if (SSLCALL(c, SslImportKey, c->cfg->prov, &c->peer_eph, BCRYPT_DH_PUBLIC_BLOB, blob, (DWORD)(sizeof(kh) + 3 * pl),
                0) != 0)
        return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "peer DH value rejected");
    return 0;
}

static bool kx_key_fits(enum tls_kx kx, enum tls_keytype kt) {
    /* an RSASSA-PSS key signs (EC)DHE parameters but cannot decrypt (RSA key transport) */
    return kx == KX_ECDHE_ECDSA ? kt >= KEY_EC_P256 : kx == KX_RSA ? kt == KEY_RSA : kt == KEY_RSA || kt == KEY_RSA_PSS;
}

static int write_sig(struct tls_conn *c, struct tls_wr *w, uint16_t scheme, const uint8_t *data, size_t len) {
    if (c->version >= 0x0303) tls_wr_u16(w, scheme);
    return tls_sign(c, scheme, data, len, w);
}

static int read_sig(struct tls_conn *c, struct tls_rd *r, uint16_t *scheme, struct tls_rd *sig) {
    if (c->version >= 0x0303) {
        if (!tls_rd_u16(r, scheme)) return -1;
        bool offered = false;
        for (size_t i = 0; i < tls_n_sigalgs_default; i++)
            offered |= tls_sigalgs_default[i] == *scheme;
        if (!offered) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "signature scheme 0x%04x not offered", *scheme);
    } else {
        *scheme = c->peer_keytype == KEY_RSA ? SIG_RSA_MD5SHA1 : SIG_ECDSA_SHA1;
    }
    return tls_rd_vec(r, 2, sig) ? 0 : -1;
}

/* RFC 5077 3.3: NewSessionTicket {uint32 lifetime_hint; opaque ticket<0..2^16-1>},
 * after the client's Finished and before the server's ChangeCipherSpec. */
static int recv_new_ticket(struct tls_conn *c) {
    uint8_t type;
    const uint8_t *body, *whole;
    size_t len, wl;
    struct tls_rd r, t;
    uint32_t lifetime = 0;
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_NEW_SESSION_TICKET)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected NewSessionTicket, got %u", type);
    tls_rd_init(&r, body, len);
    if (!tls_rd_u32(&r, &lifetime) || !tls_rd_vec(&r, 2, &t) || !tls_rd_done(&r))
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed NewSessionTicket");
    OPENSSL_free(c->new_ticket);
    c->new_ticket = NULL;
    c->new_ticket_len = 0;
    if (t.len > 0) { /* an empty ticket: "no ticket this time" (RFC 5077 3.3) */
        c->new_ticket = OPENSSL_memdup(t.p, t.len);
        if (c->new_ticket == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
        c->new_ticket_len = t.len;
    }
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    return 0;
}

/* The server's tickets are references into its session cache (RFC 5077 4
 * leaves the format to the server): 32 random bytes, never reused. */
static int send_new_ticket(struct tls_conn *c, uint8_t ticket[32]) {
    if (RAND_bytes(ticket, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_NEW_SESSION_TICKET);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, 0), tls_wr_u16(&w, 7200); /* lifetime hint: 7200 s */
    tls_wr_open(&w, 2);
    tls_wr_bytes(&w, ticket, 32);
    tls_wr_close(&w);
    tls_wr_close(&w);
    int r = w.ok ? tls_send_hs(c, &w) : tls_fail(c, ALERT_INTERNAL_ERROR, "NewSessionTicket encoding failed");
    tls_wr_free(&w);
    return r;
}

/* The client keeps the ticket it received with its session. */
static void keep_ticket(struct tls_conn *c, struct tls_session *s) {
    if (c->new_ticket == NULL || !s->valid) return;
    OPENSSL_free(s->ticket);
    s->ticket = c->new_ticket;
    s->ticket_len = c->new_ticket_len;
    c->new_ticket = NULL;
    c->new_ticket_len = 0;
}

static void save_session(struct tls_conn *c, struct tls_session *s) {
    if ((c->sid_len == 0 && c->new_ticket == NULL) || c->master == 0) return;
    tls_session_clear(s);
    s->valid = true;
    s->version = c->version;
    s->suite = c->suite;
    memcpy(s->id, c->sid, c->sid_len);
    s->id_len = c->sid_len;
    s->ems = c->ems;
    s->master = c->master; /* ownership moves to the session */
    c->master = 0;
}

int tls12_client_after_sh(struct tls_conn *c, bool resumed) {
    struct tls_config *cfg = c->cfg;
    uint8_t type;
    const uint8_t *body, *whole;
    size_t len, wl;
    NCRYPT_KEY_HANDLE rd = 0, wr = 0;
    if (resumed) {
        c->resumed = true;
        NCRYPT_KEY_HANDLE m = cfg->client_session.master;
        if (session_keys(c, m, &rd, &wr) != 0) return -1;
        if (c->ticket_expected && recv_new_ticket(c) != 0) { /* a renewed ticket (RFC 5077 3.1, figure 3) */
            tls_free_key(c, &rd), tls_free_key(c, &wr);
            return -1;
        }
        if (wait_ccs(c, rd) != 0 || recv_finished(c, m, NCRYPT_SSL_SERVER_FLAG) != 0) return -1;
        if (send_ccs(c) != 0) return -1;
        tls_set_write_key(c, wr);
        keep_ticket(c, &cfg->client_session);
        return send_finished(c, m, NCRYPT_SSL_CLIENT_FLAG);
    }
    /* Certificate */
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_CERTIFICATE) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected Certificate, got %u", type);
    if (tls_parse_certificate(c, body, len, false) != 0) return -1;
    if (c->peer_cert == NULL) return tls_fail(c, ALERT_DECODE_ERROR, "server sent no certificate");
    if (!kx_key_fits(c->si->kx, c->peer_keytype))
        return tls_fail(c, ALERT_UNSUPPORTED_CERTIFICATE, "certificate key does not fit the suite");
    if (tls_verify_peer(c) != 0 || tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    /* ServerKeyExchange */
    const uint8_t *dh_p = NULL, *dh_g = NULL;
    size_t dh_pl = 0, dh_gl = 0;
    uint8_t dhp[1024], dhg[1024];
    if (c->si->kx != KX_RSA) {
        if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
        if (type != HS_SERVER_KEY_EXCHANGE)
            return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ServerKeyExchange, got %u", type);
        struct tls_rd r, sig;
        uint16_t scheme = 0;
        tls_rd_init(&r, body, len);
        const uint8_t *params = r.p;
        if (c->si->kx == KX_DHE_RSA) {
            struct tls_rd p, g, y;
            if (!tls_rd_vec(&r, 2, &p) || !tls_rd_vec(&r, 2, &g) || !tls_rd_vec(&r, 2, &y) || p.len == 0 || g.len == 0)
                return tls_fail(c, ALERT_DECODE_ERROR, "malformed ServerKeyExchange");
            while (p.len > 0 && p.p[0] == 0)
                p.p++, p.len--;
            while (g.len > 0 && g.p[0] == 0)
                g.p++, g.len--;
            while (y.len > 0 && y.p[0] == 0)
                y.p++, y.len--;
            if (p.len < 256 || p.len > 1024 || g.len == 0 || g.len > p.len)
                return tls_fail(c, ALERT_INSUFFICIENT_SECURITY, "DH group of %zu bits", p.len * 8);
            memcpy(dhp, p.p, p.len), memcpy(dhg, g.p, g.len);
            dh_p = dhp, dh_pl = p.len, dh_g = dhg, dh_gl = g.len;
            if (dh_import_peer(c, p.p, p.len, g.p, g.len, y.p, y.len) != 0) return -1;
        } else {
            uint8_t ct = 0;
            uint16_t group = 0;
            struct tls_rd pt;
            if (!tls_rd_u8(&r, &ct) || ct != 3 || !tls_rd_u16(&r, &group) || !tls_rd_vec(&r, 1, &pt))
                return tls_fail(c, ALERT_DECODE_ERROR, "malformed ServerKeyExchange");
            bool ours = false;
            for (size_t i = 0; i < cfg->n_groups; i++)
                ours |= cfg->groups[i] == group;
            if (!ours || group >= 256) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "server chose group %u", group);
            c->group = group;
            if (tls_import_share(c, group, pt.p, pt.len) != 0) return -1;
        }
        size_t plen = (size_t)(r.p - params);
        if (read_sig(c, &r, &scheme, &sig) != 0 || !tls_rd_done(&r))
            return tls_fail(c, ALERT_DECODE_ERROR, "malformed ServerKeyExchange signature");
        uint8_t *signed_data = OPENSSL_malloc(64 + plen);
        if (signed_data == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
        memcpy(signed_data, c->cr, 32);
        memcpy(signed_data + 32, c->sr, 32);
        memcpy(signed_data + 64, params, plen);
        int vr = tls_verify(c, scheme, signed_data, 64 + plen, sig.p, sig.len);
        OPENSSL_free(signed_data);
        if (vr != 0 || tls_transcript_add(c, whole, wl) != 0) return -1;
        tls_consume_hs(c);
    }
    /* CertificateRequest? ServerHelloDone */
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type == HS_CERTIFICATE_REQUEST) {
        struct tls_rd r, types, algs, cas;
        tls_rd_init(&r, body, len);
        if (!tls_rd_vec(&r, 1, &types) || types.len == 0)
            return tls_fail(c, ALERT_DECODE_ERROR, "bad CertificateRequest");
        c->n_cert_req_sigalgs = 0;
        if (c->version >= 0x0303) {
            if (!tls_rd_vec(&r, 2, &algs) || (algs.len & 1))
                return tls_fail(c, ALERT_DECODE_ERROR, "bad CertificateRequest");
            while (algs.len > 0) {
                uint16_t v = 0;
                (void)tls_rd_u16(&algs, &v);
                if (tls_sigalg_known(v) && c->n_cert_req_sigalgs < 32) c->cert_req_sigalgs[c->n_cert_req_sigalgs++] = v;
            }
        }
        if (!tls_rd_vec(&r, 2, &cas) || !tls_rd_done(&r))
            return tls_fail(c, ALERT_DECODE_ERROR, "bad CertificateRequest");
        c->client_cert_requested = true;
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
        tls_consume_hs(c);
        if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    }
    if (type != HS_SERVER_HELLO_DONE || len != 0)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ServerHelloDone, got %u", type);
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    bool send_cv = false;
    struct tls_wr w;
    if (c->client_cert_requested) {
        tls_wr_init(&w);
        int r = tls_build_certificate(c, &w, false, NULL, 0);
        if (r == 0) r = tls_send_hs(c, &w);
        tls_wr_free(&w);
        if (r != 0) return -1;
        send_cv = cfg->id != NULL;
    }
    /* ClientKeyExchange */
    NCRYPT_KEY_HANDLE pms = 0;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_CLIENT_KEY_EXCHANGE);
    tls_wr_open(&w, 3);
    if (c->si->kx == KX_RSA) {
        uint8_t enc[1024];
        /* the version the ClientHello offered (RFC 5246 7.4.7.1; DTLS: FEFD/FEFF) */
        DWORD cb = 0, highest = cfg->dtls                   ? (cfg->max_version >= 0x0303 ? 0xFEFD : 0xFEFF)
                                : cfg->max_version > 0x0303 ? 0x0303
                                                            : cfg->max_version;
        NCryptBuffer b[4];
        NCryptBufferDesc d;
        tls_params_randoms(&d, b, c, NULL, 0, &highest);
        if (SSLCALL(c, SslGeneratePreMasterKey, cfg->prov, c->peer_key, &pms, tls_proto(c), c->suite, &d, enc,
                    sizeof(enc), &cb, 0) != 0) {
            tls_wr_free(&w);
            return tls_fail(c, ALERT_INTERNAL_ERROR, "SslGeneratePreMasterKey failed");
        }
        tls_wr_open(&w, 2);
        tls_wr_bytes(&w, enc, cb);
        tls_wr_close(&w);
    } else if (c->si->kx == KX_DHE_RSA) {
        if (dh_client_share(c, dh_p, dh_pl, dh_g, dh_gl, &w) != 0) {
            tls_wr_free(&w);
            return -1;
        }
    } else {
        tls_wr_open(&w, 1);
        if (tls_make_share(c, c->group, &w) != 0) {
            tls_wr_free(&w);
            return -1;
        }
        tls_wr_close(&w);
    }
    tls_wr_close(&w);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    if (r != 0) return -1;
    /* master secret */
    uint8_t sh[64];
    NCryptBuffer b[4];
    NCryptBufferDesc d;
    DWORD cb = 0;
    if (master_params(c, &d, b, sh, NULL) != 0) return -1;
    SECURITY_STATUS st;
    if (c->si->kx == KX_RSA)
        st = SSLCALL(c, SslGenerateMasterKey, cfg->prov, pms, c->peer_key, &c->master, tls_proto(c), c->suite, &d, NULL,
                     0, &cb, NCRYPT_SSL_CLIENT_FLAG);
    else
        st = SSLCALL(c, SslGenerateMasterKey, cfg->prov, c->eph, c->peer_eph, &c->master, tls_proto(c), c->suite, &d,
                     NULL, 0, &cb, NCRYPT_SSL_CLIENT_FLAG);
    tls_free_key(c, &pms);
    if (st != 0)
        return tls_fail(c, c->si->kx == KX_RSA ? ALERT_HANDSHAKE_FAILURE : ALERT_ILLEGAL_PARAMETER,
                        "SslGenerateMasterKey failed: %s", tls_status_name(st));
    tls_free_key(c, &c->eph);
    if (send_cv) {
        uint16_t scheme = tls_choose_sigalg(c, cfg->id->keytype, c->cert_req_sigalgs, c->n_cert_req_sigalgs);
        if (scheme == 0) return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no signature scheme for CertificateVerify");
        tls_wr_init(&w);
        tls_wr_u8(&w, HS_CERTIFICATE_VERIFY);
        tls_wr_open(&w, 3);
        r = write_sig(c, &w, scheme, c->tr, c->tr_len);
        tls_wr_close(&w);
        if (r == 0) r = tls_send_hs(c, &w);
        tls_wr_free(&w);
        if (r != 0) return -1;
    }
    if (session_keys(c, c->master, &rd, &wr) != 0) return -1;
    if (send_ccs(c) != 0) {
        tls_free_key(c, &rd), tls_free_key(c, &wr);
        return -1;
    }
    tls_set_write_key(c, wr);
    if (send_finished(c, c->master, NCRYPT_SSL_CLIENT_FLAG) != 0) {
        tls_free_key(c, &rd);
        return -1;
    }
    if (c->ticket_expected && recv_new_ticket(c) != 0) {
        tls_free_key(c, &rd);
        return -1;
    }
    if (wait_ccs(c, rd) != 0) {
        return -1;
    }
    if (recv_finished(c, c->master, NCRYPT_SSL_SERVER_FLAG) != 0) return -1;
    save_session(c, &cfg->client_session);
    keep_ticket(c, &cfg->client_session);
    return 0;
}

/* RFC 8422 5.1: an ECDHE suite needs a curve both sides list ("MUST NOT
 * negotiate the use of an ECC cipher suite" otherwise).  Without
 * supported_groups the client takes any curve (RFC 8422 4): P-256, if ours. */
static uint16_t pick_ec_group(const struct tls_config *cfg, const struct tls_client_hello *ch) {
    for (size_t i = 0; i < cfg->n_groups; i++) {
        uint16_t g = cfg->groups[i];
        if (g >= 256) continue;
        if (!ch->has_groups && g == 23) return g;
        for (size_t j = 0; j < ch->n_groups; j++)
            if (ch->groups[j] == g) return g;
    }
    return 0;
}

static bool is_ffdhe(uint16_t g) { return g >= 256 && g <= 511; }

/* RFC 7919 4: a client that lists FFDHE groups gets one of them, or no FFDHE
 * suite at all ("MUST NOT select an FFDHE cipher suite" when none is known
 * and acceptable).  Acceptable: the FFDHE groups in our group list if it has
 * any, else every RFC 7919 group we know.  A client without FFDHE groups gets
 * our first FFDHE group, or ffdhe2048 (RFC 7919 3: such a client takes what the
 * server sends).  0 = no DHE suite. */
static uint16_t pick_ffdhe_group(const struct tls_config *cfg, const struct tls_client_hello *ch) {
    bool restricted = false;
    for (size_t i = 0; i < cfg->n_groups; i++) {
        uint16_t g = cfg->groups[i];
        if (!is_ffdhe(g) || tls_group_by_id(g) == NULL) continue;
        restricted = true;
        if (!ch->ffdhe_listed) return g;
        for (size_t j = 0; j < ch->n_groups; j++)
            if (ch->groups[j] == g) return g;
    }
    if (restricted) return 0;
    if (!ch->ffdhe_listed) return SSLPROV_GROUP_FFDHE2048;
    for (size_t j = 0; j < ch->n_groups; j++) /* ch->groups holds only groups we know */
        if (is_ffdhe(ch->groups[j])) return ch->groups[j];
    return 0;
}

int tls12_server(struct tls_conn *c, const uint8_t *body, size_t len) {
    struct tls_config *cfg = c->cfg;
    struct tls_client_hello ch;
    uint8_t type;
    const uint8_t *whole;
    size_t wl;
    if (tls_parse_client_hello(body, len, &ch) != 0)
        return tls_fail(c, ch.alert ? ch.alert : ALERT_DECODE_ERROR, "malformed ClientHello");
    memcpy(c->cr, ch.random, 32);
    for (size_t i = 0; i < ch.n_suites; i++)
        if (ch.suites[i] == 0x5600 && c->version < cfg->max_version)
            return tls_fail(c, 86 /* inappropriate_fallback */, "TLS_FALLBACK_SCSV");
    /* The suite and its group are chosen together (issue #13 rules 2 and 3). */
    uint16_t ec_group = pick_ec_group(cfg, &ch), dh_group = pick_ffdhe_group(cfg, &ch);
    bool dhe_refused = false;
    c->suite =
        tls_server_pick_suite_kx(c, ch.suites, ch.n_suites, c->version, ec_group != 0, dh_group != 0, &dhe_refused);
    c->si = tls_suite_by_id(c->suite);
    if (c->suite == 0 && dhe_refused) /* RFC 7919 4: FFDHE groups offered, none acceptable, and no other suite */
        return tls_fail(c, ALERT_INSUFFICIENT_SECURITY, "none of the client's FFDHE groups is acceptable");
    if (c->suite == 0) return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no common cipher suite");
    c->ems = ch.ems && !cfg->no_ems;
    c->secure_reneg = ch.reneg_info || ch.scsv;
    for (size_t i = 0; i < ch.n_sigalgs && c->n_peer_sigalgs < sizeof(c->peer_sigalgs) / sizeof(c->peer_sigalgs[0]);
         i++)
        c->peer_sigalgs[c->n_peer_sigalgs++] = ch.sigalgs[i];
    /* RFC 5077: a ticket first (accepted only with a session id to echo,
     * 3.4), else the session id; a client that sent the extension gets a new
     * ticket after a full handshake.  The session leaves the cache while in
     * use (tls_cache.c); its master key belongs to the connection from here
     * and returns to the cache with the completed handshake (save_session
     * below). */
    bool ticket_ok = ch.has_ticket_ext && !cfg->no_ticket;
    struct tls_session taken;
    struct tls_session *sess = NULL;
    if (ticket_ok && ch.ticket_len > 0 && ch.sid_len > 0 &&
        tls_cache_take_ticket12(cfg, ch.ticket, ch.ticket_len, &taken)) {
        sess = &taken;
        c->ticket_resumed = true;
    }
    if (sess == NULL && tls_cache_take(cfg, false, ch.sid, ch.sid_len, &taken)) sess = &taken;
    if (sess != NULL) {
        bool offered = false;
        for (size_t i = 0; i < ch.n_suites; i++)
            offered |= ch.suites[i] == sess->suite;
        if (!offered || sess->version != c->version || sess->ems != c->ems) {
            tls_cache_put(cfg, sess);
            sess = NULL;
        }
    }
    if (sess == NULL) c->ticket_resumed = false;
    bool issue_ticket = ticket_ok && sess == NULL;
    if (sess != NULL) {
        c->suite = sess->suite;
        c->si = tls_suite_by_id(c->suite);
        c->master = sess->master;
        sess->master = 0;
        /* its ticket stays with the connection (freed with it on failure)
         * until the session returns to the cache */
        c->new_ticket = sess->ticket;
        c->new_ticket_len = sess->ticket_len;
        sess->ticket = NULL;
        sess->ticket_len = 0;
    }
    bool ecdhe = c->si->kx == KX_ECDHE_ECDSA || c->si->kx == KX_ECDHE_RSA;
    uint16_t group = ecdhe ? ec_group : c->si->kx == KX_DHE_RSA ? dh_group : 0;
    if (group == 0 && sess == NULL && c->si->kx != KX_RSA)
        return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no common group");
    c->group = group;
    if (RAND_bytes(c->sr, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
    if (cfg->max_version >= 0x0304 && c->version == 0x0303) memcpy(c->sr + 24, downgrade12, 8);
    if (cfg->max_version >= 0x0303 && c->version < 0x0303) memcpy(c->sr + 24, downgrade11, 8);
    if (c->ticket_resumed) {
        memcpy(c->sid, ch.sid, ch.sid_len);
        c->sid_len = ch.sid_len;
    } else if (sess != NULL) {
        memcpy(c->sid, sess->id, sess->id_len);
        c->sid_len = sess->id_len;
    } else {
        if (RAND_bytes(c->sid, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
        c->sid_len = 32;
    }
    uint16_t scheme = 0;
    if (sess == NULL && c->si->kx != KX_RSA) {
        /* a signature_algorithms list of only unknown schemes is not an absent one (RFC 5246 7.4.1.4.1) */
        if (!ch.has_sigalgs || ch.n_sigalgs > 0)
            scheme = tls_choose_sigalg(c, cfg->id->keytype, ch.sigalgs, ch.n_sigalgs);
        if (scheme == 0) return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "no common signature algorithm");
    }
    if (tls_alpn_select(c, ch.alpn, ch.alpn_len, ch.has_alpn) != 0) return -1;
    tls_consume_hs(c);
    if (tls_transcript_start(c) != 0) return -1;
    /* ServerHello */
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_SERVER_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, tls_proto(c));
    tls_wr_bytes(&w, c->sr, 32);
    tls_wr_open(&w, 1);
    tls_wr_bytes(&w, c->sid, c->sid_len);
    tls_wr_close(&w);
    tls_wr_u16(&w, c->suite);
    tls_wr_u8(&w, 0);
    tls_wr_open(&w, 2);
    if (c->secure_reneg) {
        tls_wr_u16(&w, EXT_RENEGOTIATION_INFO);
        tls_wr_u16(&w, 1);
        tls_wr_u8(&w, 0);
    }
    if (c->ems) {
        tls_wr_u16(&w, EXT_EXTENDED_MASTER_SECRET);
        tls_wr_u16(&w, 0);
    }
    tls_alpn_write_answer(c, &w);
    /* DTLS: no record_size_limit (RFC 8449 4 would bound the datagram
     * records too; the DTLS record layer sizes them by the MTU alone) */
    if (ch.has_rsl && !cfg->dtls && tls_rsl_answer(c, ch.rsl, &w) != 0) {
        tls_wr_free(&w);
        return -1;
    }
    if (issue_ticket) { /* RFC 5077 3.2: empty, announcing NewSessionTicket */
        tls_wr_u16(&w, EXT_SESSION_TICKET);
        tls_wr_u16(&w, 0);
    }
    if (ecdhe && ch.ec_point_formats) {
        /* RFC 8422 5.2 / RFC 5246 7.4.1.4: only in answer to the client's own
         * ec_point_formats; every other extension here answers one too. */
        tls_wr_u16(&w, EXT_EC_POINT_FORMATS);
        tls_wr_u16(&w, 2);
        tls_wr_u8(&w, 1);
        tls_wr_u8(&w, 0);
    }
    tls_wr_close(&w);
    tls_wr_close(&w);
    int r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    if (r != 0) return -1;
    NCRYPT_KEY_HANDLE rd = 0, wr = 0;
    if (sess != NULL) {
        c->resumed = true;
        if (session_keys(c, c->master, &rd, &wr) != 0) return -1;
        if (send_ccs(c) != 0) return -1;
        tls_set_write_key(c, wr);
        if (send_finished(c, c->master, NCRYPT_SSL_SERVER_FLAG) != 0) return -1;
        if (wait_ccs(c, rd) != 0) return -1;
        if (recv_finished(c, c->master, NCRYPT_SSL_CLIENT_FLAG) != 0) return -1;
        save_session(c, &taken); /* back into the cache for the next resumption */
        keep_ticket(c, &taken);  /* with the ticket it had (RFC 5077 3.1: not renewed) */
        tls_cache_put(cfg, &taken);
        return 0;
    }
    /* Certificate */
    tls_wr_init(&w);
    r = tls_build_certificate(c, &w, false, NULL, 0);
    if (r == 0) r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    if (r != 0) return -1;
    /* ServerKeyExchange */
    if (c->si->kx != KX_RSA) {
        struct tls_wr p;
        tls_wr_init(&p);
        tls_wr_bytes(&p, c->cr, 32);
        tls_wr_bytes(&p, c->sr, 32);
        if (c->si->kx == KX_DHE_RSA) {
            uint8_t blob[8 + 3 * 1024];
            DWORD cb = 0;
            /* RFC 7919 3: the p and g of the negotiated group */
            const struct tls_group_info *gi = tls_group_by_id(group);
            if (gi == NULL ||
                SSLCALL(c, SslCreateEphemeralKey, cfg->prov, &c->eph, tls_proto(c), c->suite, group, gi->bits, NULL, 0,
                        0) != 0 ||
                SSLCALL(c, SslExportKey, cfg->prov, c->eph, BCRYPT_DH_PUBLIC_BLOB, blob, sizeof(blob), &cb, 0) != 0) {
                tls_wr_free(&p);
                return tls_fail(c, ALERT_INTERNAL_ERROR, "DH key creation failed");
            }
            BCRYPT_DH_KEY_BLOB kh;
            memcpy(&kh, blob, sizeof(kh));
            size_t kl = kh.cbKey;
            if (cb != sizeof(kh) + 3 * kl) {
                tls_wr_free(&p);
                return tls_fail(c, ALERT_INTERNAL_ERROR, "unexpected DH blob");
            }
            for (int i = 0; i < 3; i++) {
                const uint8_t *v = blob + sizeof(kh) + (size_t)i * kl;
                size_t vl = kl;
                while (vl > 1 && v[0] == 0)
                    v++, vl--;
                tls_wr_open(&p, 2);
                tls_wr_bytes(&p, v, vl);
                tls_wr_close(&p);
            }
        } else {
            tls_wr_u8(&p, 3);
            tls_wr_u16(&p, group);
            tls_wr_open(&p, 1);
            if (tls_make_share(c, group, &p) != 0) {
                tls_wr_free(&p);
                return -1;
            }
            tls_wr_close(&p);
        }
        tls_wr_init(&w);
        tls_wr_u8(&w, HS_SERVER_KEY_EXCHANGE);
        tls_wr_open(&w, 3);
        tls_wr_bytes(&w, p.p + 64, p.len - 64);
        r = p.ok ? write_sig(c, &w, scheme, p.p, p.len) : -1;
        tls_wr_close(&w);
        tls_wr_free(&p);
        if (r == 0) r = tls_send_hs(c, &w);
        tls_wr_free(&w);
        if (r != 0) return -1;
    }
    if (cfg->request_cert) {
        tls_wr_init(&w);
        tls_wr_u8(&w, HS_CERTIFICATE_REQUEST);
        tls_wr_open(&w, 3);
        tls_wr_u8(&w, 2);
        tls_wr_u8(&w, 1);  /* rsa_sign */
        tls_wr_u8(&w, 64); /* ecdsa_sign */
        if (c->version >= 0x0303) {
            tls_wr_open(&w, 2);
            for (size_t i = 0; i < tls_n_sigalgs_default; i++)
                tls_wr_u16(&w, tls_sigalgs_default[i]);
            tls_wr_close(&w);
        }
        tls_wr_u16(&w, 0);
        tls_wr_close(&w);
        r = tls_send_hs(c, &w);
        tls_wr_free(&w);
        if (r != 0) return -1;
    }
    static const uint8_t done[4] = {HS_SERVER_HELLO_DONE, 0, 0, 0};
    tls_wr_init(&w);
    tls_wr_bytes(&w, done, 4);
    r = tls_send_hs(c, &w);
    tls_wr_free(&w);
    if (r != 0) return -1;
    /* client flight */
    const uint8_t *b;
    if (tls_get_hs(c, &type, &b, &len, &whole, &wl) < 0) return -1;
    if (cfg->request_cert) {
        if (type != HS_CERTIFICATE) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected client Certificate");
        if (tls_parse_certificate(c, b, len, false) != 0) return -1;
        if (c->peer_cert == NULL && cfg->verify_peer)
            return tls_fail(c, ALERT_HANDSHAKE_FAILURE, "client sent no certificate");
        if (c->peer_cert != NULL && tls_verify_peer(c) != 0) return -1;
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
        tls_consume_hs(c);
        if (tls_get_hs(c, &type, &b, &len, &whole, &wl) < 0) return -1;
    }
    if (type != HS_CLIENT_KEY_EXCHANGE)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ClientKeyExchange, got %u", type);
    struct tls_rd rd_, v;
    tls_rd_init(&rd_, b, len);
    bool ok =
        c->si->kx == KX_ECDHE_ECDSA || c->si->kx == KX_ECDHE_RSA ? tls_rd_vec(&rd_, 1, &v) : tls_rd_vec(&rd_, 2, &v);
    if (!ok || !tls_rd_done(&rd_) || v.len == 0) return tls_fail(c, ALERT_DECODE_ERROR, "malformed ClientKeyExchange");
    uint8_t ckv[1024];
    size_t ckl = v.len <= sizeof(ckv) ? v.len : 0;
    if (ckl == 0) return tls_fail(c, ALERT_DECODE_ERROR, "ClientKeyExchange too long");
    memcpy(ckv, v.p, ckl);
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    tls_consume_hs(c);
    uint8_t sh[64];
    NCryptBuffer bufs[4];
    NCryptBufferDesc d;
    DWORD highest = ch.legacy_version, cb = 0;
    if (master_params(c, &d, bufs, sh, c->si->kx == KX_RSA ? &highest : NULL) != 0) return -1;
    SECURITY_STATUS st;
    if (c->si->kx == KX_RSA) {
        st = SSLCALL(c, SslImportMasterKey, cfg->prov, cfg->id->key, &c->master, tls_proto(c), c->suite, &d, ckv,
                     (DWORD)ckl, NCRYPT_SSL_SERVER_FLAG);
    } else {
        if (c->si->kx == KX_DHE_RSA) {
            uint8_t blob[8 + 3 * 1024];
            DWORD bl = 0;
            if (SSLCALL(c, SslExportKey, cfg->prov, c->eph, BCRYPT_DH_PUBLIC_BLOB, blob, sizeof(blob), &bl, 0) != 0)
                return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExportKey(DH) failed");
            BCRYPT_DH_KEY_BLOB kh;
            memcpy(&kh, blob, sizeof(kh));
            size_t kl = kh.cbKey;
            const uint8_t *yp = ckv;
            size_t yl = ckl;
            while (yl > 1 && yp[0] == 0)
                yp++, yl--;
            if (dh_import_peer(c, blob + sizeof(kh), kl, blob + sizeof(kh) + kl, kl, yp, yl) != 0) return -1;
        } else if (tls_import_share(c, group, ckv, ckl) != 0) {
            return -1;
        }
        st = SSLCALL(c, SslGenerateMasterKey, cfg->prov, c->eph, c->peer_eph, &c->master, tls_proto(c), c->suite, &d,
                     NULL, 0, &cb, NCRYPT_SSL_SERVER_FLAG);
    }
    /* An (EC)DH share that gives no usable secret (an all-zero X25519/X448
     * result, RFC 8422 5.11 / RFC 7748 6) is the client's parameter. */
    if (st != 0)
        return tls_fail(c, c->si->kx == KX_RSA ? ALERT_HANDSHAKE_FAILURE : ALERT_ILLEGAL_PARAMETER,
                        "master key failed: %s", tls_status_name(st));
    tls_free_key(c, &c->eph);
    if (c->peer_cert != NULL) {
        if (tls_get_hs(c, &type, &b, &len, &whole, &wl) < 0) return -1;
        if (type != HS_CERTIFICATE_VERIFY) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected CertificateVerify");
        struct tls_rd r2, sig;
        uint16_t s2 = 0;
        tls_rd_init(&r2, b, len);
        if (read_sig(c, &r2, &s2, &sig) != 0 || !tls_rd_done(&r2))
            return tls_fail(c, ALERT_DECODE_ERROR, "malformed CertificateVerify");
        if (tls_verify(c, s2, c->tr, c->tr_len, sig.p, sig.len) != 0) return -1;
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
        tls_consume_hs(c);
        c->client_authenticated = true;
    }
    if (session_keys(c, c->master, &rd, &wr) != 0) return -1;
    if (wait_ccs(c, rd) != 0) {
        tls_free_key(c, &wr);
        return -1;
    }
    uint8_t ticket[32];
    if (recv_finished(c, c->master, NCRYPT_SSL_CLIENT_FLAG) != 0 || (issue_ticket && send_new_ticket(c, ticket) != 0) ||
        send_ccs(c) != 0) {
        tls_free_key(c, &wr);
        return -1;
    }
    tls_set_write_key(c, wr);
    if (send_finished(c, c->master, NCRYPT_SSL_SERVER_FLAG) != 0) return -1;
    struct tls_session fresh = {0};
    save_session(c, &fresh);
    if (issue_ticket && fresh.valid) {
        fresh.ticket = OPENSSL_memdup(ticket, sizeof(ticket));
        fresh.ticket_len = fresh.ticket ? sizeof(ticket) : 0;
    }
    tls_cache_put(cfg, &fresh);
    return 0;
}
