/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_hello.c - ClientHello / ServerHello: building, strict parsing, version
 * negotiation (RFC 8446 section 4.1-4.2, RFC 5246 section 7.4.1) and the
 * client and server entry points that dispatch to tls12.c / tls13.c.
 */
#include <arpa/inet.h>
#include <string.h>

#include <openssl/rand.h>

#include "dtls.h"
#include "tls.h"

static const uint8_t hrr_random[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                       0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                       0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
static const uint8_t downgrade12[8] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01};
static const uint8_t downgrade11[8] = {0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x00};

/* Keep v in out[] (capacity cap) once, if keep(v).  With keep() true for at
 * most cap distinct values the array cannot fill up; the check stays anyway. */
static void keep_u16(uint16_t v, bool (*keep)(uint16_t), uint16_t *out, size_t cap, size_t *n) {
    if (!keep(v)) return;
    for (size_t i = 0; i < *n; i++)
        if (out[i] == v) return;
    if (*n < cap) out[(*n)++] = v;
}

/* A uint16 list with a 2-byte length, read to its end (issue #13 rule 4). */
static bool rd_u16_list(struct tls_rd *r, uint16_t *out, size_t cap, size_t *n, bool nonempty, bool (*keep)(uint16_t)) {
    struct tls_rd l;
    if (!tls_rd_vec(r, 2, &l) || (l.len & 1) || (nonempty && l.len == 0)) return false;
    *n = 0;
    while (l.len > 0) {
        uint16_t v = 0;
        if (!tls_rd_u16(&l, &v)) return false;
        keep_u16(v, keep, out, cap, n);
    }
    return true;
}

static bool known_suite(uint16_t s) { return tls_suite_by_id(s) != NULL || s == 0x00FF || s == 0x5600; }
static bool known_group(uint16_t g) { return tls_group_by_id(g) != NULL; }
static bool known_version(uint16_t v) { return v >= 0x0300 && v <= 0x0304; }

int tls_parse_client_hello(const uint8_t *body, size_t len, struct tls_client_hello *ch) {
    struct tls_rd r, sid, suites, comp, exts;
    memset(ch, 0, sizeof(*ch));
    tls_rd_init(&r, body, len);
    if (!tls_rd_u16(&r, &ch->legacy_version) || !tls_rd_bytes(&r, 32, &ch->random) || !tls_rd_vec(&r, 1, &sid) ||
        sid.len > 32 || !tls_rd_vec(&r, 2, &suites) || suites.len == 0 || (suites.len & 1) ||
        !tls_rd_vec(&r, 1, &comp) || comp.len == 0)
        return -1;
    ch->sid = sid.p;
    ch->sid_len = sid.len;
    while (suites.len > 0) {
        uint16_t s = 0;
        (void)tls_rd_u16(&suites, &s);
        if (s == 0x00FF) ch->scsv = true;
        keep_u16(s, known_suite, ch->suites, sizeof(ch->suites) / sizeof(ch->suites[0]), &ch->n_suites);
    }
    bool null_comp = false;
    while (comp.len > 0) {
        uint8_t m = 0;
        (void)tls_rd_u8(&comp, &m);
        if (m == 0) null_comp = true;
    }
    /* RFC 5246 7.4.1.2 (null MUST be offered), RFC 8446 4.1.2: illegal_parameter. */
    if (!null_comp) return ch->alert = ALERT_ILLEGAL_PARAMETER, -1;
    if (r.len == 0) return 0; /* no extensions (TLS 1.0 style) */
    if (!tls_rd_vec(&r, 2, &exts) || !tls_rd_done(&r)) return -1;
    struct tls_ext_iter it;
    uint16_t t = 0;
    struct tls_rd e;
    for (tls_ext_begin(&it, &exts); tls_ext_next(&it, &t, &e);) {
        if (ch->has_psk) return -1; /* pre_shared_key must be last (RFC 8446 4.2.11) */
        ch->n_ext++;
        switch (t) {
        case EXT_SERVER_NAME: {
            struct tls_rd list, name;
            uint8_t nt = 0;
            if (!tls_rd_vec(&e, 2, &list) || !tls_rd_done(&e) || !tls_rd_u8(&list, &nt) || !tls_rd_vec(&list, 2, &name))
                return -1;
            if (nt == 0) ch->sni = name.p, ch->sni_len = name.len;
            break;
        }
        case EXT_SUPPORTED_GROUPS: {
            struct tls_rd all = e, l;
            if (!rd_u16_list(&e, ch->groups, 32, &ch->n_groups, true, known_group) || !tls_rd_done(&e)) return -1;
            ch->has_groups = true;
            /* RFC 7919 4: any codepoint 256..511 counts, "even if unknown to the server" */
            (void)tls_rd_vec(&all, 2, &l);
            for (uint16_t g = 0; tls_rd_u16(&l, &g);)
                if (g >= 256 && g <= 511) ch->ffdhe_listed = true;
            break;
        }
        case EXT_SIGNATURE_ALGORITHMS:
            if (!rd_u16_list(&e, ch->sigalgs, 32, &ch->n_sigalgs, true, tls_sigalg_known) || !tls_rd_done(&e))
                return -1;
            ch->has_sigalgs = true;
            break;
        case EXT_RECORD_SIZE_LIMIT:
            if (!tls_rd_u16(&e, &ch->rsl) || !tls_rd_done(&e)) return -1;
            ch->has_rsl = true;
            break;
        case EXT_SESSION_TICKET: /* RFC 5077 3.2: empty, or the ticket */
            ch->ticket = e.p, ch->ticket_len = e.len, ch->has_ticket_ext = true;
            break;
        case EXT_ALPN: {
            struct tls_rd l;
            if (!tls_rd_vec(&e, 2, &l) || !tls_rd_done(&e) || !tls_alpn_list_ok(l.p, l.len)) return -1;
            ch->alpn = l.p, ch->alpn_len = l.len, ch->has_alpn = true;
            break;
        }
        case EXT_EXTENDED_MASTER_SECRET:
            if (e.len != 0) return -1;
            ch->ems = true;
            break;
        case EXT_RENEGOTIATION_INFO: {
            struct tls_rd ri;
            if (!tls_rd_vec(&e, 1, &ri) || !tls_rd_done(&e)) return -1;
            /* RFC 5746 3.6: a non-empty renegotiated_connection in an initial
             * ClientHello aborts with handshake_failure. */
            if (ri.len != 0) return ch->alert = ALERT_HANDSHAKE_FAILURE, -1;
            ch->reneg_info = true;
            break;
        }
        case EXT_SUPPORTED_VERSIONS: {
            struct tls_rd l;
            if (!tls_rd_vec(&e, 1, &l) || !tls_rd_done(&e) || l.len == 0 || (l.len & 1)) return -1;
            while (l.len > 0) {
                uint16_t v = 0;
                (void)tls_rd_u16(&l, &v);
                keep_u16(v, known_version, ch->versions, sizeof(ch->versions) / sizeof(ch->versions[0]),
                         &ch->n_versions);
            }
            break;
        }
        case EXT_KEY_SHARE: {
            struct tls_rd l;
            if (!tls_rd_vec(&e, 2, &l) || !tls_rd_done(&e)) return -1;
            ch->has_key_share = true;
            uint8_t seen[65536 / 8] = {0}; /* every entry, known or not, once (RFC 8446 4.2.8) */
            while (l.len > 0) {
                uint16_t g = 0;
                struct tls_rd k;
                if (!tls_rd_u16(&l, &g) || !tls_rd_vec(&l, 2, &k) || k.len == 0) return -1;
                /* RFC 8446 4.2.8: one KeyShareEntry per group (every entry, known
                 * or not); a duplicate is illegal_parameter. */
                if (seen[g >> 3] & (1u << (g & 7))) return ch->alert = ALERT_ILLEGAL_PARAMETER, -1;
                seen[g >> 3] |= (uint8_t)(1u << (g & 7));
                if (known_group(g) && ch->n_shares < sizeof(ch->shares) / sizeof(ch->shares[0])) {
                    ch->shares[ch->n_shares].group = g;
                    ch->shares[ch->n_shares].key = k.p;
                    ch->shares[ch->n_shares].len = k.len;
                    ch->n_shares++;
                }
            }
            break;
        }
        case EXT_EC_POINT_FORMATS: {
            /* RFC 8422 5.1.2: the list MUST contain uncompressed (0)
             * (illegal_parameter otherwise); an empty list does not decode. */
            struct tls_rd l;
            if (!tls_rd_vec(&e, 1, &l) || !tls_rd_done(&e) || l.len == 0) return -1;
            bool uncompressed = false;
            while (l.len > 0) {
                uint8_t f = 0;
                (void)tls_rd_u8(&l, &f);
                uncompressed |= f == 0;
            }
            if (!uncompressed) return ch->alert = ALERT_ILLEGAL_PARAMETER, -1;
            ch->ec_point_formats = true;
            break;
        }
        case EXT_EARLY_DATA:
            if (e.len != 0) return -1;
            ch->early_data = true;
            break;
        case EXT_PSK_KEY_EXCHANGE_MODES: {
            struct tls_rd l;
            if (!tls_rd_vec(&e, 1, &l) || !tls_rd_done(&e) || l.len == 0) return -1;
            while (l.len > 0) {
                uint8_t m = 0;
                (void)tls_rd_u8(&l, &m);
                if (m == 1) ch->psk_dhe_ke = true;
            }
            break;
        }
        case EXT_COOKIE: {
            struct tls_rd k;
            if (!tls_rd_vec(&e, 2, &k) || !tls_rd_done(&e) || k.len == 0) return -1;
            ch->cookie = k.p, ch->cookie_len = k.len;
            break;
        }
        case EXT_PRE_SHARED_KEY: {
            struct tls_rd ids, binders, id, b;
            if (!tls_rd_vec(&e, 2, &ids) || ids.len == 0) return -1;
            ch->binders_off = (size_t)(e.p - body);
            if (!tls_rd_vec(&e, 2, &binders) || !tls_rd_done(&e) || binders.len == 0) return -1;
            if (!tls_rd_vec(&ids, 2, &id) || id.len == 0 || !tls_rd_u32(&ids, &ch->psk_age)) return -1;
            if (!tls_rd_vec(&binders, 1, &b) || b.len < 32) return -1;
            ch->psk_id = id.p, ch->psk_id_len = id.len;
            ch->binder = b.p, ch->binder_len = b.len;
            ch->has_psk = true;
            break;
        }
        default: break;
        }
    }
    return tls_ext_ok(&it) ? 0 : -1;
}

int tls_parse_server_hello(const uint8_t *body, size_t len, struct tls_server_hello *sh) {
    struct tls_rd r, sid, exts;
    uint8_t comp = 0;
    memset(sh, 0, sizeof(*sh));
    tls_rd_init(&r, body, len);
    if (!tls_rd_u16(&r, &sh->legacy_version) || !tls_rd_bytes(&r, 32, &sh->random) || !tls_rd_vec(&r, 1, &sid) ||
        sid.len > 32 || !tls_rd_u16(&r, &sh->suite) || !tls_rd_u8(&r, &comp) || comp != 0)
        return -1;
    sh->sid = sid.p;
    sh->sid_len = sid.len;
    sh->version = sh->legacy_version;
    sh->hrr = memcmp(sh->random, hrr_random, 32) == 0;
    if (r.len == 0) return 0;
    if (!tls_rd_vec(&r, 2, &exts) || !tls_rd_done(&r)) return -1;
    struct tls_ext_iter it;
    uint16_t t = 0;
    struct tls_rd e;
    for (tls_ext_begin(&it, &exts); tls_ext_next(&it, &t, &e);) {
        switch (t) {
        case EXT_SUPPORTED_VERSIONS:
            if (!tls_rd_u16(&e, &sh->version) || !tls_rd_done(&e)) return -1;
            break;
        case EXT_KEY_SHARE:
            if (!tls_rd_u16(&e, &sh->share_group)) return -1;
            sh->has_share = true;
            if (!sh->hrr) {
                struct tls_rd k;
                if (!tls_rd_vec(&e, 2, &k) || k.len == 0) return -1;
                sh->share = k.p, sh->share_len = k.len;
            }
            if (!tls_rd_done(&e)) return -1;
            break;
        case EXT_COOKIE: {
            struct tls_rd k;
            if (!tls_rd_vec(&e, 2, &k) || !tls_rd_done(&e) || k.len == 0) return -1;
            sh->cookie = k.p, sh->cookie_len = k.len;
            break;
        }
        case EXT_EXTENDED_MASTER_SECRET:
            if (e.len != 0) return -1;
            sh->ems = true;
            break;
        case EXT_RENEGOTIATION_INFO: {
            struct tls_rd ri;
            if (!tls_rd_vec(&e, 1, &ri) || !tls_rd_done(&e)) return -1;
            /* RFC 5746 3.4: a non-empty renegotiated_connection in the
             * initial handshake aborts with handshake_failure. */
            if (ri.len != 0) return sh->alert = ALERT_HANDSHAKE_FAILURE, -1;
            sh->reneg_info = true;
            break;
        }
        case EXT_PRE_SHARED_KEY:
            if (!tls_rd_u16(&e, &sh->psk_index) || !tls_rd_done(&e)) return -1;
            sh->has_psk = true;
            break;
        case EXT_ALPN:
            sh->alpn = e;
            sh->has_alpn = true;
            break;
        case EXT_RECORD_SIZE_LIMIT:
            if (!tls_rd_u16(&e, &sh->rsl) || !tls_rd_done(&e)) return -1;
            sh->has_rsl = true;
            break;
        case EXT_SESSION_TICKET: /* RFC 5077 3.2: "the server MUST send an empty SessionTicket extension" */
            if (e.len != 0) return -1;
            sh->ticket_ext = true;
            break;
        case EXT_SERVER_NAME: /* RFC 6066 3: the empty acknowledgement of our SNI */
        case EXT_EC_POINT_FORMATS: /* RFC 8422 5.2 */ break;
        default:
            if (!sh->unsolicited) sh->unsolicited_type = t;
            sh->unsolicited = true;
            break;
        }
    }
    return tls_ext_ok(&it) ? 0 : -1;
}

static bool suite_fits(const struct tls_suite_info *si, uint16_t lo, uint16_t hi) {
    if (si->kx == KX_TLS13) return hi >= 0x0304;
    if (lo > 0x0303) return false;
    if (si->tls12_only) return hi >= 0x0303;
    return true;
}

static bool suite_kx_ok(const struct tls_config *cfg, const struct tls_suite_info *si) {
    /* a server offers only suites its certificate can serve */
    if (!cfg->server || cfg->id == NULL || si->kx == KX_TLS13) return true;
    if (si->kx == KX_ECDHE_ECDSA) return cfg->id->keytype >= KEY_EC_P256;
    if (si->kx == KX_RSA) return cfg->id->keytype == KEY_RSA; /* key transport needs an rsaEncryption key */
    return cfg->id->keytype == KEY_RSA || cfg->id->keytype == KEY_RSA_PSS;
}

/* RFC 8446 4.2.11.2: binder = HMAC(finished_key(binder_key), Transcript-Hash(truncated CH)),
 * computed by SslComputeFinishedHash with the binder key as hMasterKey. */
static int psk_binder(struct tls_conn *c, NCRYPT_KEY_HANDLE psk, uint16_t suite, const uint8_t *prefix,
                      size_t prefix_len, const uint8_t *partial, size_t partial_len, uint8_t *out, size_t hl) {
    NCRYPT_KEY_HANDLE early = 0, binder = 0;
    NCRYPT_HASH_HANDLE h = 0;
    int rc = -1;
    if (SSLCALL(c, SslExtractEarlyKey, c->cfg->prov, psk, &early, TLS1_3_PROTOCOL_VERSION, suite, NULL, 0) != 0)
        goto out;
    if (SSLCALL(c, SslExpandBinderKey, c->cfg->prov, early, &binder, NULL, NCRYPT_SSL_RESUMPTION_PSK_FLAG) != 0)
        goto out;
    if (SSLCALL(c, SslCreateHandshakeHash, c->cfg->prov, &h, TLS1_3_PROTOCOL_VERSION, suite, 0) != 0) goto out;
    if (prefix_len && SSLCALL(c, SslHashHandshake, c->cfg->prov, h, (PBYTE)prefix, (DWORD)prefix_len, 0) != 0) goto out;
    if (SSLCALL(c, SslHashHandshake, c->cfg->prov, h, (PBYTE)partial, (DWORD)partial_len, 0) != 0) goto out;
    if (SSLCALL(c, SslComputeFinishedHash, c->cfg->prov, binder, h, out, (DWORD)hl, NCRYPT_SSL_CLIENT_FLAG) != 0)
        goto out;
    rc = 0;
out:
    if (h) (void)SslFreeObject(h, 0);
    if (binder) (void)SslFreeObject(binder, 0);
    if (early) (void)SslFreeObject(early, 0);
    return rc;
}

int tls13_binder_ex(struct tls_conn *c, NCRYPT_KEY_HANDLE psk, uint16_t suite, const uint8_t *prefix, size_t prefix_len,
                    const uint8_t *partial, size_t partial_len, uint8_t *out, size_t hl) {
    return psk_binder(c, psk, suite, prefix, prefix_len, partial, partial_len, out, hl);
}

/* RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in
 * HostName"; an empty name is no name. */
void tls_hello_write_sni(const struct tls_config *cfg, struct tls_wr *w) {
    if (cfg->servername == NULL || cfg->servername[0] == 0 || tls_is_ip_literal(cfg->servername)) return;
    tls_wr_u16(w, EXT_SERVER_NAME);
    tls_wr_open(w, 2);
    tls_wr_open(w, 2);
    tls_wr_u8(w, 0); /* host_name */
    tls_wr_open(w, 2);
    tls_wr_bytes(w, cfg->servername, strlen(cfg->servername));
    tls_wr_close(w);
    tls_wr_close(w);
    tls_wr_close(w);
}

void tls_hello_write_groups(const struct tls_config *cfg, bool ecc_only, struct tls_wr *w) {
    tls_wr_u16(w, EXT_SUPPORTED_GROUPS);
    tls_wr_open(w, 2);
    tls_wr_open(w, 2);
    for (size_t i = 0; i < cfg->n_groups; i++)
        if (!ecc_only || cfg->groups[i] < 256) tls_wr_u16(w, cfg->groups[i]);
    tls_wr_close(w);
    tls_wr_close(w);
}

void tls_hello_write_point_formats(struct tls_wr *w) { /* RFC 8422 5.1.2 */
    tls_wr_u16(w, EXT_EC_POINT_FORMATS);
    tls_wr_u16(w, 2);
    tls_wr_u8(w, 1);
    tls_wr_u8(w, 0); /* uncompressed */
}

void tls_hello_write_sigalgs(const struct tls_config *cfg, struct tls_wr *w) {
    if (cfg->max_version < 0x0303) return; /* RFC 5246 7.4.1.4.1: TLS 1.2 and up */
    tls_wr_u16(w, EXT_SIGNATURE_ALGORITHMS);
    tls_wr_open(w, 2);
    tls_wr_open(w, 2);
    for (size_t i = 0; i < tls_n_sigalgs_default; i++)
        tls_wr_u16(w, tls_sigalgs_default[i]);
    tls_wr_close(w);
    tls_wr_close(w);
}

int tls_client_hello(struct tls_conn *c, bool after_hrr, uint16_t hrr_group, const uint8_t *cookie, size_t cookie_len) {
    struct tls_config *cfg = c->cfg;
    struct tls_session *sess = &cfg->client_session;
    bool offer13 = cfg->max_version >= 0x0304, offer12 = cfg->min_version <= 0x0303;
    bool resume13 = offer13 && sess->valid && sess->version == 0x0304 && sess->psk != 0;
    bool resume12 = !resume13 && offer12 && sess->valid && sess->version <= 0x0303 && sess->master != 0;
    if (!after_hrr) {
        if (RAND_bytes(c->cr, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
        c->sid_len = 0;
        if (resume12 && sess->ticket_len > 0 && !cfg->no_ticket) {
            /* RFC 5077 3.4: a fresh session id with the ticket; the server
             * echoes it when it accepts the ticket */
            if (RAND_bytes(c->sid, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
            c->sid_len = 32;
            memcpy(sess->id, c->sid, 32);
            sess->id_len = 32;
        } else if (resume12) {
            memcpy(c->sid, sess->id, sess->id_len);
            c->sid_len = sess->id_len;
        } else if (offer13) {
            if (RAND_bytes(c->sid, 32) != 1) return tls_fail(c, ALERT_INTERNAL_ERROR, "RAND_bytes failed");
            c->sid_len = 32; /* RFC 8446 D.4 middlebox compatibility */
        }
    }
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_u8(&w, HS_CLIENT_HELLO);
    tls_wr_open(&w, 3);
    tls_wr_u16(&w, cfg->max_version > 0x0303 ? 0x0303 : cfg->max_version);
    tls_wr_bytes(&w, c->cr, 32);
    tls_wr_open(&w, 1);
    tls_wr_bytes(&w, c->sid, c->sid_len);
    tls_wr_close(&w);
    tls_wr_open(&w, 2);
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const struct tls_suite_info *si = tls_suite_by_id(cfg->suites[i]);
        if (si && suite_fits(si, cfg->min_version, cfg->max_version)) tls_wr_u16(&w, si->id);
    }
    tls_wr_close(&w);
    tls_wr_u8(&w, 1);
    tls_wr_u8(&w, 0);
    tls_wr_open(&w, 2); /* extensions */
    tls_hello_write_sni(cfg, &w);
    tls_hello_write_groups(cfg, false, &w);
    if (offer12) {
        tls_hello_write_point_formats(&w);
        tls_wr_u16(&w, EXT_RENEGOTIATION_INFO);
        tls_wr_u16(&w, 1);
        tls_wr_u8(&w, 0);
        if (!cfg->no_ems) {
            tls_wr_u16(&w, EXT_EXTENDED_MASTER_SECRET);
            tls_wr_u16(&w, 0);
        }
        if (!cfg->no_ticket) { /* RFC 5077 3.2: empty asks for a ticket */
            bool tk = resume12 && sess->ticket_len > 0;
            tls_wr_u16(&w, EXT_SESSION_TICKET);
            tls_wr_open(&w, 2);
            if (tk) tls_wr_bytes(&w, sess->ticket, sess->ticket_len);
            tls_wr_close(&w);
        }
    }
    tls_hello_write_sigalgs(cfg, &w);
    tls_alpn_write_offer(cfg, &w);
    tls_rsl_write_offer(cfg, &w);
    if (offer13) {
        tls_wr_u16(&w, EXT_SUPPORTED_VERSIONS);
        tls_wr_open(&w, 2);
        tls_wr_open(&w, 1);
        for (uint16_t v = cfg->max_version; v >= cfg->min_version && v >= 0x0301; v--)
            tls_wr_u16(&w, v);
        tls_wr_close(&w);
        tls_wr_close(&w);
        uint16_t g = after_hrr ? hrr_group : cfg->groups[0];
        c->group = g;
        tls_wr_u16(&w, EXT_KEY_SHARE);
        tls_wr_open(&w, 2);
        tls_wr_open(&w, 2);
        tls_wr_u16(&w, g);
        tls_wr_open(&w, 2);
        if (tls_make_share(c, g, &w) != 0) {
            tls_wr_free(&w);
            return -1;
        }
        tls_wr_close(&w);
        tls_wr_close(&w);
        tls_wr_close(&w);
        tls_wr_u16(&w, EXT_PSK_KEY_EXCHANGE_MODES);
        tls_wr_u16(&w, 2);
        tls_wr_u8(&w, 1);
        tls_wr_u8(&w, 1); /* psk_dhe_ke */
        if (cookie_len > 0) {
            tls_wr_u16(&w, EXT_COOKIE);
            tls_wr_open(&w, 2);
            tls_wr_open(&w, 2);
            tls_wr_bytes(&w, cookie, cookie_len);
            tls_wr_close(&w);
            tls_wr_close(&w);
        }
    }
    size_t hl = 0;
    if (resume13) {
        const struct tls_suite_info *ps = tls_suite_by_id(sess->suite);
        hl = ps ? ps->hash_len : 32;
        uint32_t age = (uint32_t)(tls_now_ms() - sess->issued_ms) + sess->age_add;
        tls_wr_u16(&w, EXT_PRE_SHARED_KEY);
        tls_wr_open(&w, 2);
        tls_wr_open(&w, 2);
        tls_wr_open(&w, 2);
        tls_wr_bytes(&w, sess->ticket, sess->ticket_len);
        tls_wr_close(&w);
        tls_wr_u16(&w, (uint16_t)(age >> 16));
        tls_wr_u16(&w, (uint16_t)age);
        tls_wr_close(&w);
        /* binders: length-prefixed list with one placeholder, filled below */
        tls_wr_u16(&w, (uint16_t)(hl + 1));
        tls_wr_u8(&w, (uint8_t)hl);
        uint8_t zero[64] = {0};
        tls_wr_bytes(&w, zero, hl);
        tls_wr_close(&w);
    }
    tls_wr_close(&w); /* extensions */
    tls_wr_close(&w); /* body */
    if (!w.ok) {
        tls_wr_free(&w);
        return tls_fail(c, ALERT_INTERNAL_ERROR, "ClientHello encoding failed");
    }
    if (resume13) {
        /* truncated ClientHello: everything before the binders list (2 + 1 + hl bytes) */
        size_t plen = w.len - (2 + 1 + hl);
        if (tls13_binder_ex(c, sess->psk, sess->suite, c->tr, c->tr_len, w.p, plen, w.p + plen + 3, hl) != 0) {
            tls_wr_free(&w);
            return tls_fail(c, ALERT_INTERNAL_ERROR, "PSK binder computation failed");
        }
    }
    c->offered_psk = resume13;
    c->rec_version = 0x0301;
    int rc = tls_send_hs(c, &w);
    tls_wr_free(&w);
    return rc;
}

int tls_client_handshake(struct tls_conn *c) {
    struct tls_config *cfg = c->cfg;
    if (tls_client_hello(c, false, 0, NULL, 0) != 0) return -1;
    for (;;) {
        uint8_t type;
        const uint8_t *body, *whole;
        size_t len, wl;
        struct tls_server_hello sh;
        if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
        if (type != HS_SERVER_HELLO) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ServerHello, got %u", type);
        if (tls_parse_server_hello(body, len, &sh) != 0)
            return tls_fail(c, sh.alert ? sh.alert : ALERT_DECODE_ERROR, "malformed ServerHello");
        const struct tls_suite_info *si = tls_suite_by_id(sh.suite);
        bool offered = false;
        for (size_t i = 0; i < cfg->n_suites; i++)
            offered |= cfg->suites[i] == sh.suite;
        if (sh.version == 0x0304 && sh.legacy_version == 0x0303 && cfg->max_version >= 0x0304) {
            if (!offered || si == NULL || si->kx != KX_TLS13)
                return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "server chose suite 0x%04x", sh.suite);
            if (sh.sid_len != c->sid_len || memcmp(sh.sid, c->sid, c->sid_len) != 0)
                return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "session id not echoed");
            if (sh.hrr) {
                if (c->hrr_done) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "second HelloRetryRequest");
                bool known = false;
                for (size_t i = 0; i < cfg->n_groups; i++)
                    known |= cfg->groups[i] == sh.share_group;
                if (!sh.has_share && sh.cookie_len == 0)
                    return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "HelloRetryRequest changes nothing");
                uint16_t g = sh.has_share ? sh.share_group : c->group;
                if (sh.has_share && (!known || sh.share_group == c->group))
                    return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "HelloRetryRequest group %u", sh.share_group);
                c->hrr_done = true;
                c->version = 0x0304;
                c->suite = sh.suite;
                c->si = si;
                if (tls_hrr_rewrite(c) != 0 || tls_transcript_add(c, whole, wl) != 0) return -1;
                uint8_t cookie[1024];
                size_t cl = sh.cookie_len;
                if (cl > sizeof(cookie)) return tls_fail(c, ALERT_INTERNAL_ERROR, "HelloRetryRequest cookie too long");
                if (cl > 0) memcpy(cookie, sh.cookie, cl);
                tls_consume_hs(c);
                c->version = 0; /* the new ClientHello is sent as before */
                c->suite = 0;
                if (tls_client_hello(c, true, g, cookie, cl) != 0) return -1;
                c->version = 0x0304;
                c->suite = sh.suite;
                continue;
            }
            if (c->hrr_done && sh.suite != c->suite)
                return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "suite changed after HRR");
            if (sh.has_alpn || sh.has_rsl) /* RFC 8446 4.2: these belong in EncryptedExtensions */
                return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "ALPN or record_size_limit in a TLS 1.3 ServerHello");
            if (!sh.has_share || sh.share_group != c->group)
                return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "missing or wrong key_share");
            c->version = 0x0304;
            c->suite = sh.suite;
            c->si = si;
            memcpy(c->sr, sh.random, 32);
            if (tls_transcript_add(c, whole, wl) != 0) return -1;
            if (tls_import_share(c, sh.share_group, sh.share, sh.share_len) != 0) return -1;
            bool psk = sh.has_psk;
            const struct tls_suite_info *ps = tls_suite_by_id(cfg->client_session.suite);
            /* RFC 8446 4.2.11: the server selects one of the PSKs this
             * ClientHello offered (we offer one: index 0), whose hash matches
             * the suite; a pre_shared_key we never offered (no PSK in this
             * ClientHello, e.g. only a TLS 1.2 session id) would skip the
             * server's authentication: illegal_parameter. */
            if (psk && (!c->offered_psk || sh.psk_index != 0 || !cfg->client_session.valid ||
                        cfg->client_session.version != 0x0304 || cfg->client_session.psk == 0 || ps == NULL ||
                        ps->hash_len != si->hash_len))
                return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "bad pre_shared_key selection");
            c->resumed = psk;
            tls_consume_hs(c);
            return tls13_client_after_sh(c);
        }
        /* TLS 1.2 and earlier */
        if (sh.version != sh.legacy_version) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "bad supported_versions");
        /* RFC 5246 7.4.1.4: an extension type we did not offer MUST abort with unsupported_extension */
        if (sh.unsolicited)
            return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited extension %u in ServerHello",
                            sh.unsolicited_type);
        if (sh.legacy_version < cfg->min_version || sh.legacy_version > cfg->max_version ||
            sh.legacy_version > 0x0303 || sh.legacy_version < 0x0301)
            return tls_fail(c, ALERT_PROTOCOL_VERSION, "server chose %s", tls_version_name(sh.legacy_version));
        if (sh.hrr) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "HelloRetryRequest below TLS 1.3");
        if (cfg->max_version >= 0x0304 &&
            (memcmp(sh.random + 24, downgrade12, 8) == 0 || memcmp(sh.random + 24, downgrade11, 8) == 0))
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "downgrade sentinel in ServerHello.random");
        if (cfg->max_version >= 0x0303 && sh.legacy_version < 0x0303 && memcmp(sh.random + 24, downgrade11, 8) == 0)
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "downgrade sentinel in ServerHello.random");
        if (!offered || si == NULL || !suite_fits(si, sh.legacy_version, sh.legacy_version))
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "server chose suite 0x%04x", sh.suite);
        c->version = sh.legacy_version;
        c->rec_version = c->version;
        c->suite = sh.suite;
        c->si = si;
        memcpy(c->sr, sh.random, 32);
        c->ems = sh.ems;
        c->secure_reneg = sh.reneg_info;
        if (sh.has_alpn && tls_alpn_check_answer(c, &sh.alpn) != 0) return -1;
        if (sh.ticket_ext && (cfg->no_ticket || cfg->min_version > 0x0303))
            return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited session_ticket");
        c->ticket_expected = sh.ticket_ext;
        if (sh.has_rsl) {
            struct tls_rd v;
            uint8_t b[2] = {(uint8_t)(sh.rsl >> 8), (uint8_t)sh.rsl};
            tls_rd_init(&v, b, 2);
            if (tls_rsl_check_answer(c, &v) != 0) return -1;
        }
        if (sh.ems && cfg->no_ems)
            return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited extended_master_secret");
        struct tls_session *s = &cfg->client_session;
        /* Resumed only when this ClientHello offered that session id (RFC
         * 5246 7.4.1.3): the id we sent, equal to the stored one. */
        bool resumed = s->valid && s->version <= 0x0303 && s->id_len > 0 && sh.sid_len == s->id_len &&
                       c->sid_len == s->id_len && memcmp(c->sid, s->id, s->id_len) == 0 &&
                       memcmp(sh.sid, s->id, s->id_len) == 0;
        if (resumed && (s->suite != sh.suite || s->version != sh.legacy_version || s->ems != sh.ems))
            return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "resumed session parameters differ");
        c->ticket_resumed = resumed && s->ticket_len > 0 && !cfg->no_ticket;
        memcpy(c->sid, sh.sid, sh.sid_len);
        c->sid_len = sh.sid_len;
        tls_free_key(c, &c->eph); /* the TLS 1.3 key share is not needed */
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
        tls_consume_hs(c);
        if (tls_transcript_start(c) != 0) return -1;
        return tls12_client_after_sh(c, resumed);
    }
}

int tls_server_handshake(struct tls_conn *c) {
    struct tls_config *cfg = c->cfg;
    uint8_t type;
    const uint8_t *body, *whole;
    size_t len, wl;
    struct tls_client_hello ch;
    if (tls_get_hs(c, &type, &body, &len, &whole, &wl) < 0) return -1;
    if (type != HS_CLIENT_HELLO) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "expected ClientHello, got %u", type);
    if (tls_parse_client_hello(body, len, &ch) != 0)
        return tls_fail(c, ch.alert ? ch.alert : ALERT_DECODE_ERROR, "malformed ClientHello");
    bool v13 = false;
    for (size_t i = 0; i < ch.n_versions; i++)
        v13 |= ch.versions[i] == 0x0304;
    if (v13 && cfg->max_version >= 0x0304) {
        if (tls_transcript_add(c, whole, wl) != 0) return -1;
        return tls13_server(c, body, len);
    }
    uint16_t v = ch.legacy_version > 0x0303 ? 0x0303 : ch.legacy_version;
    if (ch.n_versions > 0) { /* RFC 8446 4.2.1: supported_versions overrides legacy_version */
        v = 0;
        for (size_t i = 0; i < ch.n_versions; i++)
            if (ch.versions[i] <= 0x0303 && ch.versions[i] > v && ch.versions[i] <= cfg->max_version)
                v = ch.versions[i];
    }
    if (v > cfg->max_version) v = cfg->max_version;
    if (v < cfg->min_version || v < 0x0301) return tls_fail(c, ALERT_PROTOCOL_VERSION, "no common protocol version");
    c->version = v;
    c->rec_version = v;
    if (tls_transcript_add(c, whole, wl) != 0) return -1;
    return tls12_server(c, body, len);
}

uint16_t tls_server_pick_suite_kx(struct tls_conn *c, const uint16_t *offered, size_t n, uint16_t v, bool ecdhe_ok,
                                  bool dhe_ok, bool *dhe_refused) {
    if (dhe_refused != NULL) *dhe_refused = false;
    for (size_t i = 0; i < c->cfg->n_suites; i++) {
        const struct tls_suite_info *si = tls_suite_by_id(c->cfg->suites[i]);
        if (si == NULL || !suite_fits(si, v, v) || !suite_kx_ok(c->cfg, si)) continue;
        if (v == 0x0304 && si->kx != KX_TLS13) continue;
        bool offered_here = false;
        for (size_t j = 0; j < n; j++)
            offered_here |= offered[j] == si->id;
        if (!offered_here) continue;
        /* RFC 8422 5.1: no ECC suite without a shared curve; RFC 7919 4: no
         * FFDHE suite when none of the client's FFDHE groups is acceptable. */
        if ((si->kx == KX_ECDHE_ECDSA || si->kx == KX_ECDHE_RSA) && !ecdhe_ok) continue;
        if (si->kx == KX_DHE_RSA && !dhe_ok) {
            if (dhe_refused != NULL) *dhe_refused = true;
            continue;
        }
        return si->id;
    }
    return 0;
}

uint16_t tls_server_pick_suite(struct tls_conn *c, const uint16_t *offered, size_t n, uint16_t v) {
    return tls_server_pick_suite_kx(c, offered, n, v, true, true, NULL);
}

bool tls_is_ip_literal(const char *s) {
    struct in6_addr a;
    return inet_pton(AF_INET, s, &a) == 1 || inet_pton(AF_INET6, s, &a) == 1;
}

int tls_handshake(struct tls_conn *c) {
    int r;
    if (c->cfg->dtls) {
        /* DTLS sends datagrams and retransmits flights itself (dtls_record.c) */
        r = dtls_handshake(c);
    } else {
        /* each flight in one send (tls_record.c), the last one (or the alert) now */
        c->cork = true;
        r = c->cfg->server ? tls_server_handshake(c) : tls_client_handshake(c);
        c->cork = false;
        if (tls_flush(c) != 0) r = -1;
    }
    if (r != 0 && c->err[0] == 0) snprintf(c->err, sizeof(c->err), "handshake failed");
    return r;
}
