/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_alpn.c - Application-Layer Protocol Negotiation (RFC 7301): the list a
 * user types ("h2,http/1.1"), the client's offer, the server's choice (its own
 * preference order, RFC 7301 3.2) and the client's check of the answer.  TLS
 * 1.2 carries the answer in the ServerHello, TLS 1.3 in EncryptedExtensions
 * (RFC 8446 4.3.1).  Also record_size_limit (RFC 8449), the other extension
 * negotiated the same way in the same messages.
 */
#include <string.h>

#include "tls.h"

int tls_alpn_from_list(const char *list, uint8_t *out, size_t cap, size_t *len) {
    size_t n = 0;
    *len = 0;
    for (const char *p = list;;) {
        size_t l = strcspn(p, ",");
        /* RFC 7301 3.1: names of 1..255 bytes; "empty strings MUST NOT be included" */
        if (l == 0 || l > 255 || n + 1 + l > cap) return -1;
        out[n++] = (uint8_t)l;
        memcpy(out + n, p, l);
        n += l;
        if (p[l] == 0) break;
        p += l + 1;
    }
    *len = n;
    return 0;
}

void tls_alpn_write_offer(const struct tls_config *cfg, struct tls_wr *w) {
    if (cfg->alpn_len == 0) return;
    tls_wr_u16(w, EXT_ALPN);
    tls_wr_open(w, 2);
    tls_wr_open(w, 2);
    tls_wr_bytes(w, cfg->alpn, cfg->alpn_len);
    tls_wr_close(w);
    tls_wr_close(w);
}

/* A ProtocolNameList body: at least one name, none empty (RFC 7301 3.1). */
static bool list_ok(const uint8_t *p, size_t len) {
    struct tls_rd r;
    tls_rd_init(&r, p, len);
    if (len == 0) return false;
    while (r.len > 0) {
        struct tls_rd name;
        if (!tls_rd_vec(&r, 1, &name) || name.len == 0) return false;
    }
    return true;
}

bool tls_alpn_list_ok(const uint8_t *p, size_t len) { return list_ok(p, len); }

static bool list_has(const uint8_t *list, size_t len, const uint8_t *name, size_t nl) {
    struct tls_rd r, n;
    tls_rd_init(&r, list, len);
    while (tls_rd_vec(&r, 1, &n))
        if (n.len == nl && memcmp(n.p, name, nl) == 0) return true;
    return false;
}

int tls_alpn_select(struct tls_conn *c, const uint8_t *offer, size_t offer_len, bool offered) {
    const struct tls_config *cfg = c->cfg;
    c->alpn_len = 0;
    /* A server without protocols, or a client without the extension:
     * nothing to negotiate, no extension in the answer. */
    if (cfg->alpn_len == 0 || !offered) return 0;
    struct tls_rd r, n;
    tls_rd_init(&r, cfg->alpn, cfg->alpn_len);
    while (tls_rd_vec(&r, 1, &n)) {
        if (list_has(offer, offer_len, n.p, n.len)) {
            memcpy(c->alpn, n.p, n.len);
            c->alpn_len = n.len;
            return 0;
        }
    }
    /* RFC 7301 3.2: "the server SHALL respond with a fatal
     * no_application_protocol alert" */
    return tls_fail(c, ALERT_NO_APPLICATION_PROTOCOL, "no common application protocol (ALPN)");
}

void tls_alpn_write_answer(const struct tls_conn *c, struct tls_wr *w) {
    if (c->alpn_len == 0) return;
    tls_wr_u16(w, EXT_ALPN);
    tls_wr_open(w, 2);
    tls_wr_open(w, 2);
    tls_wr_u8(w, (uint8_t)c->alpn_len);
    tls_wr_bytes(w, c->alpn, c->alpn_len);
    tls_wr_close(w);
    tls_wr_close(w);
}

int tls_alpn_check_answer(struct tls_conn *c, struct tls_rd *body) {
    struct tls_rd list, name;
    /* RFC 5246 7.4.1.4 / RFC 8446 4.2: only in answer to our offer */
    if (c->cfg->alpn_len == 0) return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited ALPN extension");
    /* RFC 7301 3.1: "exactly one ProtocolName", one the client offered */
    if (!tls_rd_vec(body, 2, &list) || !tls_rd_done(body) || !tls_rd_vec(&list, 1, &name) || !tls_rd_done(&list) ||
        name.len == 0)
        return tls_fail(c, ALERT_DECODE_ERROR, "malformed ALPN extension");
    if (!list_has(c->cfg->alpn, c->cfg->alpn_len, name.p, name.len))
        return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "server chose an application protocol we did not offer");
    memcpy(c->alpn, name.p, name.len);
    c->alpn_len = name.len;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* record_size_limit (RFC 8449)                                              */
/* ------------------------------------------------------------------------ */

/* RFC 8449 4: at most 2^14 (TLS 1.2) or 2^14 + 1 (TLS 1.3, the content type
 * byte counted); a larger value means the protocol maximum. */
static uint16_t rsl_max(uint16_t version) { return version == 0x0304 ? 16385 : 16384; }

static uint16_t rsl_clamp(uint16_t v, uint16_t version) { return v > rsl_max(version) ? rsl_max(version) : v; }

void tls_rsl_write_offer(const struct tls_config *cfg, struct tls_wr *w) {
    if (cfg->record_size_limit == 0) return;
    tls_wr_u16(w, EXT_RECORD_SIZE_LIMIT);
    tls_wr_u16(w, 2);
    tls_wr_u16(w, cfg->record_size_limit);
}

int tls_rsl_answer(struct tls_conn *c, uint16_t client_value, struct tls_wr *w) {
    /* RFC 8449 4: "An endpoint MUST treat receipt of a smaller value as a
     * fatal error and generate an illegal_parameter alert." */
    if (client_value < 64) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "record_size_limit %u", client_value);
    c->peer_rsl = rsl_clamp(client_value, c->version);
    c->own_rsl = c->cfg->record_size_limit ? rsl_clamp(c->cfg->record_size_limit, c->version) : rsl_max(c->version);
    tls_wr_u16(w, EXT_RECORD_SIZE_LIMIT);
    tls_wr_u16(w, 2);
    tls_wr_u16(w, c->own_rsl);
    return 0;
}

int tls_rsl_check_answer(struct tls_conn *c, struct tls_rd *body) {
    uint16_t v = 0;
    if (c->cfg->record_size_limit == 0)
        return tls_fail(c, ALERT_UNSUPPORTED_EXTENSION, "unsolicited record_size_limit");
    if (!tls_rd_u16(body, &v) || !tls_rd_done(body)) return tls_fail(c, ALERT_DECODE_ERROR, "bad record_size_limit");
    if (v < 64) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "record_size_limit %u", v);
    c->peer_rsl = rsl_clamp(v, c->version);
    c->own_rsl = rsl_clamp(c->cfg->record_size_limit, c->version);
    return 0;
}
