/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls_parse.c - the engine's wire parsers (tools/tls) against well-formed
 * and malformed messages: every truncation, single-byte corruptions, duplicate
 * and misplaced extensions, bad vectors.  Parsers must fail cleanly (ASan/UBSan
 * builds check that nothing is read out of bounds).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tls.h"

static void ext(struct tls_wr *w, uint16_t type, const uint8_t *body, size_t len) {
    tls_wr_u16(w, type);
    tls_wr_u16(w, (uint16_t)len);
    tls_wr_bytes(w, body, len);
}

/* A TLS 1.3 ClientHello body with SNI, groups, sigalgs, versions, key_share,
 * psk modes and (optionally) a pre_shared_key, and an optional extra extension. */
static void build_ch(struct tls_wr *w, bool psk, int dup_or_after_psk) {
    uint8_t rnd[32];
    memset(rnd, 0xAB, sizeof(rnd));
    tls_wr_init(w);
    tls_wr_u16(w, 0x0303);
    tls_wr_bytes(w, rnd, 32);
    tls_wr_u8(w, 32);
    tls_wr_bytes(w, rnd, 32);
    static const uint8_t suites[] = {0, 6, 0x13, 0x01, 0x13, 0x02, 0xC0, 0x2F};
    tls_wr_bytes(w, suites, sizeof(suites));
    tls_wr_u8(w, 1);
    tls_wr_u8(w, 0);
    tls_wr_open(w, 2);
    static const uint8_t sni[] = {0, 12, 0, 0, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't'};
    ext(w, EXT_SERVER_NAME, sni, sizeof(sni));
    static const uint8_t groups[] = {0, 4, 0, 29, 0, 23};
    ext(w, EXT_SUPPORTED_GROUPS, groups, sizeof(groups));
    static const uint8_t sig[] = {0, 4, 0x04, 0x03, 0x08, 0x04};
    ext(w, EXT_SIGNATURE_ALGORITHMS, sig, sizeof(sig));
    static const uint8_t ver[] = {4, 0x03, 0x04, 0x03, 0x03};
    ext(w, EXT_SUPPORTED_VERSIONS, ver, sizeof(ver));
    uint8_t ks[2 + 4 + 32];
    ks[0] = 0, ks[1] = 36, ks[2] = 0, ks[3] = 29, ks[4] = 0, ks[5] = 32;
    memset(ks + 6, 0x55, 32);
    ext(w, EXT_KEY_SHARE, ks, sizeof(ks));
    static const uint8_t modes[] = {1, 1};
    ext(w, EXT_PSK_KEY_EXCHANGE_MODES, modes, sizeof(modes));
    if (dup_or_after_psk == 1) ext(w, EXT_SUPPORTED_GROUPS, groups, sizeof(groups));
    if (psk) {
        uint8_t p[2 + 2 + 4 + 4 + 2 + 1 + 32];
        size_t o = 0;
        p[o++] = 0, p[o++] = 10; /* identities */
        p[o++] = 0, p[o++] = 4;  /* identity */
        memcpy(p + o, "tick", 4), o += 4;
        p[o++] = 0, p[o++] = 0, p[o++] = 0, p[o++] = 7; /* age */
        p[o++] = 0, p[o++] = 33;                        /* binders */
        p[o++] = 32;
        memset(p + o, 0x77, 32), o += 32;
        ext(w, EXT_PRE_SHARED_KEY, p, o);
    }
    if (dup_or_after_psk == 2) ext(w, EXT_EXTENDED_MASTER_SECRET, NULL, 0);
    tls_wr_close(w);
}

static void test_client_hello(void) {
    struct tls_wr w;
    struct tls_client_hello ch;
    build_ch(&w, true, 0);
    T_ASSERT(w.ok);
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) == 0);
    T_ASSERT(ch.legacy_version == 0x0303);
    T_ASSERT(ch.n_suites == 3 && ch.suites[0] == 0x1301 && ch.suites[2] == 0xC02F);
    T_ASSERT(ch.n_groups == 2 && ch.groups[0] == 29);
    T_ASSERT(ch.n_sigalgs == 2 && ch.sigalgs[1] == 0x0804);
    T_ASSERT(ch.n_versions == 2 && ch.versions[0] == 0x0304);
    T_ASSERT(ch.n_shares == 1 && ch.shares[0].group == 29 && ch.shares[0].len == 32);
    T_ASSERT(ch.psk_dhe_ke && ch.has_psk && ch.psk_id_len == 4 && ch.psk_age == 7 && ch.binder_len == 32);
    T_ASSERT(ch.sni_len == 9 && memcmp(ch.sni, "localhost", 9) == 0);
    /* the binders list starts where the truncated ClientHello ends (RFC 8446 4.2.11.2) */
    T_ASSERT(ch.binders_off + 2 + 1 + 32 == w.len);
    /* every truncation fails cleanly, except the one that ends right after the
     * compression methods: a ClientHello without extensions is well formed */
    int bad = 0;
    const size_t no_ext = 2 + 32 + 1 + 32 + 8 + 2;
    for (size_t n = 0; n < w.len; n++) {
        uint8_t *cut = malloc(n ? n : 1);
        memcpy(cut, w.p, n);
        if (tls_parse_client_hello(cut, n, &ch) == 0 && n != no_ext) bad++;
        free(cut);
    }
    T_ASSERT(bad == 0);
    T_ASSERT(tls_parse_client_hello(w.p, no_ext, &ch) == 0 && ch.n_ext == 0 && !ch.has_key_share);
    /* single-byte corruption never crashes; length bytes made larger must fail */
    for (size_t i = 0; i < w.len; i++) {
        uint8_t *m = malloc(w.len);
        memcpy(m, w.p, w.len);
        m[i] ^= 0xff;
        (void)tls_parse_client_hello(m, w.len, &ch);
        free(m);
    }
    /* trailing garbage after the extensions */
    uint8_t *x = malloc(w.len + 1);
    memcpy(x, w.p, w.len);
    x[w.len] = 0;
    T_ASSERT(tls_parse_client_hello(x, w.len + 1, &ch) != 0);
    free(x);
    tls_wr_free(&w);
    build_ch(&w, false, 1); /* duplicate supported_groups */
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) != 0);
    tls_wr_free(&w);
    build_ch(&w, true, 2); /* extension after pre_shared_key */
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) != 0);
    tls_wr_free(&w);
    build_ch(&w, false, 0);
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) == 0 && !ch.has_psk);
    /* no null compression method */
    w.p[2 + 32 + 1 + 32 + 8 + 1] = 1;
    T_ASSERT(tls_parse_client_hello(w.p, w.len, &ch) != 0);
    tls_wr_free(&w);
}

static void test_server_hello(void) {
    static const uint8_t hrr_random[32] = {0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                                           0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB,
                                           0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};
    struct tls_wr w;
    struct tls_server_hello sh;
    uint8_t share[32];
    memset(share, 0x42, 32);
    for (int hrr = 0; hrr < 2; hrr++) {
        tls_wr_init(&w);
        tls_wr_u16(&w, 0x0303);
        if (hrr)
            tls_wr_bytes(&w, hrr_random, 32);
        else
            tls_wr_bytes(&w, share, 32);
        tls_wr_u8(&w, 0);
        tls_wr_u16(&w, 0x1301);
        tls_wr_u8(&w, 0);
        tls_wr_open(&w, 2);
        tls_wr_u16(&w, EXT_SUPPORTED_VERSIONS), tls_wr_u16(&w, 2), tls_wr_u16(&w, 0x0304);
        tls_wr_u16(&w, EXT_KEY_SHARE);
        tls_wr_open(&w, 2);
        tls_wr_u16(&w, 23);
        if (!hrr) {
            tls_wr_open(&w, 2);
            tls_wr_bytes(&w, share, 32);
            tls_wr_close(&w);
        }
        tls_wr_close(&w);
        tls_wr_close(&w);
        T_ASSERT(w.ok);
        T_ASSERT(tls_parse_server_hello(w.p, w.len, &sh) == 0);
        T_ASSERT(sh.version == 0x0304 && sh.suite == 0x1301 && sh.share_group == 23);
        T_ASSERT(sh.hrr == (hrr == 1));
        T_ASSERT(hrr || (sh.share_len == 32 && sh.share[0] == 0x42));
        int bad = 0;
        for (size_t n = 0; n < w.len; n++)
            if (tls_parse_server_hello(w.p, n, &sh) == 0 && n > 38) bad++;
        T_ASSERT(bad == 0);
        /* a compression method other than null */
        w.p[2 + 32 + 1 + 2] = 1;
        T_ASSERT(tls_parse_server_hello(w.p, w.len, &sh) != 0);
        tls_wr_free(&w);
    }
}

static void test_codec(void) {
    struct tls_wr w;
    tls_wr_init(&w);
    tls_wr_open(&w, 1);
    uint8_t big[300] = {0};
    tls_wr_bytes(&w, big, 256); /* too long for an 8-bit length */
    tls_wr_close(&w);
    T_ASSERT(!w.ok);
    tls_wr_free(&w);
    tls_wr_init(&w);
    tls_wr_open(&w, 3);
    tls_wr_open(&w, 2);
    tls_wr_bytes(&w, big, 300);
    tls_wr_close(&w);
    tls_wr_close(&w);
    T_ASSERT(w.ok && w.len == 305 && w.p[0] == 0 && w.p[1] == 0x01 && w.p[2] == 0x2E && w.p[3] == 0x01 &&
             w.p[4] == 0x2C);
    tls_wr_free(&w);
    tls_wr_init(&w);
    tls_wr_close(&w); /* unbalanced */
    T_ASSERT(!w.ok);
    tls_wr_free(&w);
    static const uint8_t v[] = {0x00, 0x05, 1, 2, 3};
    struct tls_rd r, sub;
    tls_rd_init(&r, v, sizeof(v));
    T_ASSERT(!tls_rd_vec(&r, 2, &sub) && !sub.ok && !r.ok);
    uint8_t b = 0;
    T_ASSERT(!tls_rd_u8(&r, &b)); /* sticky failure */
    tls_rd_init(&r, v + 2, 3);
    uint32_t u = 0;
    T_ASSERT(tls_rd_u24(&r, &u) && u == 0x010203 && tls_rd_done(&r));
}

/* walk_exts: the (type, body length) pairs of an extensions block, then
 * whether it ended well; returns the count. */
static size_t walk_exts(const uint8_t *p, size_t len, uint16_t *types, size_t *lens, bool *ok) {
    struct tls_rd r;
    struct tls_ext_iter it;
    uint16_t t = 0;
    struct tls_rd e;
    size_t n = 0;
    tls_rd_init(&r, p, len);
    for (tls_ext_begin(&it, &r); tls_ext_next(&it, &t, &e) && n < 8; n++)
        types[n] = t, lens[n] = e.len;
    *ok = tls_ext_ok(&it);
    return n;
}

/* The extension walker all messages share (RFC 8446 4.2). */
static void test_ext_iter(void) {
    uint16_t types[8];
    size_t lens[8];
    bool ok = false;
    static const uint8_t good[] = {0x00, 0x2B, 0x00, 0x02, 0x03, 0x04, 0xFF, 0x01,
                                   0x00, 0x00, 0x00, 0x0A, 0x00, 0x01, 0x07};
    T_ASSERT(walk_exts(good, sizeof(good), types, lens, &ok) == 3 && ok);
    T_ASSERT(types[0] == EXT_SUPPORTED_VERSIONS && lens[0] == 2 && types[1] == EXT_RENEGOTIATION_INFO && lens[1] == 0 &&
             types[2] == EXT_SUPPORTED_GROUPS && lens[2] == 1);
    T_ASSERT(walk_exts(good, 0, types, lens, &ok) == 0 && ok); /* empty block */
    /* every cut inside an extension is malformed, after the whole ones before
     * it; a cut between two leaves a shorter, well-formed block */
    for (size_t cut = 1; cut < sizeof(good); cut++) {
        size_t want = cut >= 10 ? 2 : cut >= 6 ? 1 : 0;
        bool boundary = cut == 6 || cut == 10;
        T_ASSERT(walk_exts(good, cut, types, lens, &ok) == want && ok == boundary);
    }
    /* a repeated type ends the walk as malformed, also not adjacent */
    static const uint8_t dup[] = {0x00, 0x0A, 0x00, 0x00, 0x00, 0x0B, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00};
    T_ASSERT(walk_exts(dup, sizeof(dup), types, lens, &ok) == 2 && !ok);
    /* a body longer than the block */
    static const uint8_t over[] = {0x00, 0x0A, 0x00, 0x05, 0x00};
    T_ASSERT(walk_exts(over, sizeof(over), types, lens, &ok) == 0 && !ok);
}

static void test_names(void) {
    T_ASSERT(tls_suite_by_name("ECDHE-RSA-AES128-GCM-SHA256")->id == 0xC02F);
    T_ASSERT(tls_suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")->id == 0xC02F);
    T_ASSERT(tls_suite_by_name("tls_chacha20_poly1305_sha256")->id == 0x1303);
    T_ASSERT(tls_suite_by_name("NOPE") == NULL);
    T_ASSERT(tls_group_by_name("x25519")->id == 29 && tls_group_by_name("prime256v1")->id == 23);
    T_ASSERT(tls_group_by_name("secp384r1")->id == 24);
    T_ASSERT(strcmp(tls_alert_name(ALERT_BAD_RECORD_MAC), "bad_record_mac") == 0);
}

int main(void) {
    test_codec();
    test_client_hello();
    test_server_hello();
    test_ext_iter();
    test_names();
    return t_done();
}
