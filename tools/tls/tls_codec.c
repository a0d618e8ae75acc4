/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_codec.c - bounds-checked reader and growable writer for TLS wire
 * structures (RFC 8446 section 3).  Parsers built on it are fuzzed: a read past
 * the end only ever sets ok = false.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "tls.h"

void tls_rd_init(struct tls_rd *r, const uint8_t *p, size_t len) {
    r->p = p;
    r->len = len;
    r->ok = true;
}

static bool rd_take(struct tls_rd *r, size_t n, const uint8_t **out) {
    if (!r->ok || r->len < n) {
        r->ok = false;
        return false;
    }
    *out = r->p;
    r->p += n;
    r->len -= n;
    return true;
}

bool tls_rd_u8(struct tls_rd *r, uint8_t *v) {
    const uint8_t *p;
    if (!rd_take(r, 1, &p)) return false;
    *v = p[0];
    return true;
}

bool tls_rd_u16(struct tls_rd *r, uint16_t *v) {
    const uint8_t *p;
    if (!rd_take(r, 2, &p)) return false;
    *v = (uint16_t)((p[0] << 8) | p[1]);
    return true;
}

bool tls_rd_u24(struct tls_rd *r, uint32_t *v) {
    const uint8_t *p;
    if (!rd_take(r, 3, &p)) return false;
    *v = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
    return true;
}

bool tls_rd_u32(struct tls_rd *r, uint32_t *v) {
    const uint8_t *p;
    if (!rd_take(r, 4, &p)) return false;
    *v = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
    return true;
}

bool tls_rd_bytes(struct tls_rd *r, size_t n, const uint8_t **out) { return rd_take(r, n, out); }

bool tls_rd_copy(struct tls_rd *r, uint8_t *out, size_t n) {
    const uint8_t *p;
    if (!rd_take(r, n, &p)) return false;
    memcpy(out, p, n);
    return true;
}

bool tls_rd_vec(struct tls_rd *r, int lenbytes, struct tls_rd *sub) {
    uint32_t n = 0;
    bool ok;
    if (lenbytes == 1) {
        uint8_t v = 0;
        ok = tls_rd_u8(r, &v);
        n = v;
    } else if (lenbytes == 2) {
        uint16_t v = 0;
        ok = tls_rd_u16(r, &v);
        n = v;
    } else {
        ok = tls_rd_u24(r, &n);
    }
    const uint8_t *p = NULL;
    if (!ok || !rd_take(r, n, &p)) {
        tls_rd_init(sub, NULL, 0);
        sub->ok = false;
        return false;
    }
    tls_rd_init(sub, p, n);
    return true;
}

void tls_ext_begin(struct tls_ext_iter *it, const struct tls_rd *exts) {
    it->list = *exts;
    it->n_seen = 0;
}

/* Has type t been seen in this block?  Remembers it otherwise; a block with
 * more than 64 distinct types is not checked beyond them (no peer sends that). */
static bool ext_seen_before(struct tls_ext_iter *it, uint16_t t) {
    for (size_t i = 0; i < it->n_seen; i++)
        if (it->seen[i] == t) return true;
    if (it->n_seen < sizeof(it->seen) / sizeof(it->seen[0])) it->seen[it->n_seen++] = t;
    return false;
}

bool tls_ext_next(struct tls_ext_iter *it, uint16_t *type, struct tls_rd *body) {
    if (it->list.len == 0 || !tls_rd_u16(&it->list, type) || !tls_rd_vec(&it->list, 2, body)) return false;
    if (ext_seen_before(it, *type)) {
        it->list.ok = false;
        return false;
    }
    return true;
}

void tls_wr_init(struct tls_wr *w) { memset(w, 0, sizeof(*w)), w->ok = true; }

void tls_wr_free(struct tls_wr *w) {
    if (w->p != NULL) OPENSSL_clear_free(w->p, w->cap);
    memset(w, 0, sizeof(*w));
}

static uint8_t *wr_grow(struct tls_wr *w, size_t n) {
    if (!w->ok) return NULL;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n)
            cap *= 2;
        uint8_t *np = OPENSSL_clear_realloc(w->p, w->cap, cap);
        if (np == NULL) {
            w->ok = false;
            return NULL;
        }
        w->p = np;
        w->cap = cap;
    }
    uint8_t *at = w->p + w->len;
    w->len += n;
    return at;
}

void tls_wr_u8(struct tls_wr *w, uint8_t v) {
    uint8_t *p = wr_grow(w, 1);
    if (p) p[0] = v;
}

void tls_wr_u16(struct tls_wr *w, uint16_t v) {
    uint8_t *p = wr_grow(w, 2);
    if (p) p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

void tls_wr_u24(struct tls_wr *w, uint32_t v) {
    uint8_t *p = wr_grow(w, 3);
    if (p) p[0] = (uint8_t)(v >> 16), p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)v;
}

void tls_wr_bytes(struct tls_wr *w, const void *src, size_t n) {
    if (n == 0) return;
    uint8_t *p = wr_grow(w, n);
    if (p) memcpy(p, src, n);
}

void tls_wr_open(struct tls_wr *w, int lenbytes) {
    if (w->depth >= 8) {
        w->ok = false;
        return;
    }
    w->stack[w->depth] = w->len;
    w->lenb[w->depth] = lenbytes;
    w->depth++;
    wr_grow(w, (size_t)lenbytes);
}

void tls_wr_close(struct tls_wr *w) {
    if (w->depth <= 0) {
        w->ok = false;
        return;
    }
    w->depth--;
    if (!w->ok) return;
    size_t at = w->stack[w->depth];
    int lb = w->lenb[w->depth];
    size_t n = w->len - at - (size_t)lb;
    if (n >= ((size_t)1 << (8 * lb))) {
        w->ok = false;
        return;
    }
    for (int i = lb - 1; i >= 0; i--) {
        w->p[at + (size_t)i] = (uint8_t)n;
        n >>= 8;
    }
}
