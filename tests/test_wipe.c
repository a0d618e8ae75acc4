/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_wipe.c - secrets are wiped before their memory is freed (issue #7 item
 * 7).  An allocator hook (memhook.h) looks at every block as it is freed and
 * searches it for known secret bytes: the master secret, the TLS 1.2 key block
 * (MAC keys, encryption keys), the TLS 1.3 PSK, early secret, traffic secret
 * and traffic keys.
 *
 * Two passes over the same deterministic scenario (fixed secret, randoms, PSK
 * and transcript): pass 1 exports the derived secrets through the opt-in
 * SSLPROV_*_BLOB exports to learn them; pass 2 repeats the scenario with the
 * hook armed, so even temporaries freed inside the deriving call are checked.
 * A positive control shows the detector sees an unwiped block.  Stack copies
 * are not covered (valgrind/ASan cannot see them either).
 */
#include <valgrind/memcheck.h>

#include "memhook.h"
#include "testutil.h"
#include "fixtures.h"

#define MAX_NEEDLES 64
static struct {
    uint8_t b[64];
    size_t n;
    const char *what;
} g_needles[MAX_NEEDLES];
static int g_nneedles, g_hits;
static bool g_quiet;

static void add_needle(const char *what, const uint8_t *p, size_t n) {
    /* Shorter strings (4-byte GCM salts) would match by chance. */
    if (n < 12 || g_nneedles == MAX_NEEDLES) return;
    if (n > 64) n = 64;
    memcpy(g_needles[g_nneedles].b, p, n);
    g_needles[g_nneedles].n = n;
    g_needles[g_nneedles].what = what;
    g_nneedles++;
}

static bool contains(const uint8_t *hay, size_t hn, const uint8_t *nd, size_t nn) {
    if (nn > hn) return false;
    for (size_t i = 0; i + nn <= hn; i++)
        if (hay[i] == nd[0] && memcmp(hay + i, nd, nn) == 0) return true;
    return false;
}

static void scan_on_free(const uint8_t *p, size_t n, const char *file, int line) {
    /* Bytes never written (e.g. spare room in a buffer) are searched too:
     * tell memcheck this read is intended (no-op outside valgrind). */
    VALGRIND_MAKE_MEM_DEFINED(p, n);
    for (int i = 0; i < g_nneedles; i++) {
        /* Any 12-byte window of the secret: its start and its end. */
        size_t w = g_needles[i].n < 16 ? g_needles[i].n : 16;
        if (contains(p, n, g_needles[i].b, w) || contains(p, n, g_needles[i].b + g_needles[i].n - w, w)) {
            g_hits++;
            if (!g_quiet)
                fprintf(stderr, "FAIL: %s freed unwiped (block of %zu bytes freed at %s:%d)\n", g_needles[i].what, n,
                        file ? file : "?", line);
            return;
        }
    }
}

/* Export an opt-in secret blob and add its secret bytes as needles. */
static void learn_session_key(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, const char *what) {
    uint8_t blob[512];
    DWORD n = 0;
    if (k == 0 || SslExportKey(p, k, SSLPROV_SESSION_KEY_BLOB, blob, sizeof(blob), &n, 0) != 0) return;
    SSLPROV_SESSION_KEY_HEADER h;
    memcpy(&h, blob, sizeof(h));
    const uint8_t *q = blob + sizeof(h);
    if (sizeof(h) + h.cbMacKey + h.cbEncKey + h.cbIV > n) return;
    add_needle(what, q, h.cbMacKey);
    add_needle(what, q + h.cbMacKey, h.cbEncKey);
    add_needle(what, q + h.cbMacKey + h.cbEncKey, h.cbIV);
}

static void learn_secret(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, const char *what) {
    uint8_t blob[256];
    DWORD n = 0;
    if (k == 0 || SslExportKey(p, k, SSLPROV_SECRET_BLOB, blob, sizeof(blob), &n, 0) != 0) return;
    SSLPROV_SECRET_HEADER h;
    memcpy(&h, blob, sizeof(h));
    if (sizeof(h) + h.cbSecret <= n) add_needle(what, blob + sizeof(h), h.cbSecret);
}

static int g_covered; /* what the scenario could exercise on this tree */

/* The scenario: everything secret this tree can make, then freed. */
static void scenario(bool learn) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    NCRYPT_KEY_HANDLE m = 0, rd = 0, wr = 0;
    g_covered = 0;
    if (fx_master(p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, NCRYPT_SSL_CLIENT_FLAG, &m) == 0) {
        g_covered |= 1;
        NCryptBuffer b[2];
        NCryptBufferDesc d;
        if (SslGenerateSessionKeys(p, m, &rd, &wr, fx_randoms(b, &d), 0) == 0) {
            g_covered |= 2;
            if (learn) {
                learn_session_key(p, rd, "TLS 1.2 read key (key block)");
                learn_session_key(p, wr, "TLS 1.2 write key (key block)");
            }
            uint8_t rec[256];
            DWORD rl = 0;
            if (SslEncryptPacket(p, wr, (PBYTE) "wipe", 4, rec, sizeof(rec), &rl, 0, 23, 0) == 0) g_covered |= 4;
        }
        /* An opaque export seals the secret: its temporaries must be wiped. */
        uint8_t blob[1024];
        DWORD n = 0;
        NCRYPT_KEY_HANDLE again = 0;
        if (SslExportKey(p, m, BCRYPT_OPAQUE_KEY_BLOB, blob, sizeof(blob), &n, 0) == 0 &&
            SslImportKey(p, &again, BCRYPT_OPAQUE_KEY_BLOB, blob, n, 0) == 0) {
            g_covered |= 8;
            SslFreeObject(again, 0);
        }
    }
    struct fx_tls13 t;
    SECURITY_STATUS st = fx_tls13_chain(p, TLS_AES_128_GCM_SHA256, &t);
    if (t.early != 0) g_covered |= 16;
    if (st == 0) {
        g_covered |= 32;
        if (learn) {
            learn_secret(p, t.early, "TLS 1.3 early secret");
            learn_secret(p, t.client_traffic, "TLS 1.3 client early traffic secret");
            learn_session_key(p, t.write_key, "TLS 1.3 traffic key");
        }
    }
    fx_tls13_free(&t);
    if (rd) SslFreeObject(rd, 0);
    if (wr) SslFreeObject(wr, 0);
    if (m) SslFreeObject(m, 0);
    SslFreeObject(p, 0);
}

int main(void) {
    if (!mh_install()) {
        fprintf(stderr, "CRYPTO_set_mem_functions refused: something allocated first\n");
        return 1;
    }
    t_rand_init();
    add_needle("master secret", fx_master_secret, 48);
    add_needle("TLS 1.3 PSK", fx_psk, 32);

    /* Positive control: the detector sees an unwiped block, not a wiped one. */
    mh_on_free = scan_on_free;
    g_quiet = true;
    uint8_t *blk = OPENSSL_malloc(100);
    memcpy(blk + 7, fx_master_secret, 48);
    OPENSSL_free(blk);
    T_ASSERT(g_hits == 1);
    blk = OPENSSL_malloc(100);
    memcpy(blk + 7, fx_master_secret, 48);
    OPENSSL_clear_free(blk, 100);
    T_ASSERT(g_hits == 1);
    g_hits = 0;
    g_quiet = false;
    mh_on_free = NULL;

    scenario(true); /* pass 1: learn the derived secrets */
    int learned = g_nneedles;
    mh_on_free = scan_on_free;
    scenario(false); /* pass 2: every free is searched */
    mh_on_free = NULL;
    T_ASSERT(g_hits == 0);
    printf("# %d secret strings searched in every freed block; scenario covered:%s%s%s%s%s%s%s\n", learned,
           g_covered & 1 ? " master-key" : "", g_covered & 2 ? " session-keys" : "", g_covered & 4 ? " encrypt" : "",
           g_covered & 8 ? " opaque-export" : "", g_covered & 16 ? " tls13-early" : "",
           g_covered & 32 ? " tls13-traffic" : "", g_covered == 0 ? " (nothing secret merged yet)" : "");
    return t_done();
}
