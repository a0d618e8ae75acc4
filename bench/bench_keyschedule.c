/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * bench_keyschedule.c - the TLS <= 1.2 key schedule against its floor and its
 * peers, all in one run (issue #2 item 8).
 *
 * Method: every variant runs in batches (iterations calibrated to ~2 ms per
 * batch); the variants are interleaved round by round so that they all see the
 * same machine load; each figure is the median over ROUNDS batches, in ns per
 * operation.  Ratios are of medians.  Every peer's output is checked against
 * sslprov's before timing (a peer that computes something else is not timed).
 *
 *   ./build/bench/bench_keyschedule [rounds]
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "internal.h"
#include "record_int.h" /* sp_rec_prepare: force the lazily built record state */

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef SSLPROV_HAVE_GNUTLS
#include <gnutls/gnutls.h>
#endif
#ifdef SSLPROV_HAVE_NSS
#include <nss.h>
#include <pk11pub.h>
#endif

#define MAX_ROUNDS 101

static int g_rounds = 31;
static volatile uint8_t g_sink;

struct variant {
    const char *name;
    void (*fn)(void);
    long iters;
    double samples[MAX_ROUNDS];
    double median;
    bool ok;
};

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double batch(void (*fn)(void), long iters) {
    double t0 = now_ns();
    for (long i = 0; i < iters; i++)
        fn();
    return (now_ns() - t0) / (double)iters;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Run the variants interleaved, round by round; fill in the medians. */
static void run(struct variant *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!v[i].ok) continue;
        batch(v[i].fn, 50); /* warm up */
        double per = batch(v[i].fn, 200);
        v[i].iters = (long)(2e6 / (per > 1 ? per : 1));
        if (v[i].iters < 20) v[i].iters = 20;
    }
    for (int r = 0; r < g_rounds; r++)
        for (size_t i = 0; i < n; i++)
            if (v[i].ok) v[i].samples[r] = batch(v[i].fn, v[i].iters);
    for (size_t i = 0; i < n; i++) {
        if (!v[i].ok) continue;
        qsort(v[i].samples, (size_t)g_rounds, sizeof(double), cmp_double);
        v[i].median = v[i].samples[g_rounds / 2];
    }
}

static void print_row(const struct variant *v) {
    if (v->ok)
        printf("  %-66s %9.0f ns\n", v->name, v->median);
    else
        printf("  %-66s %12s\n", v->name, "n/a");
}

static int g_fail;

/* An informational ratio against a target: printed with its verdict, not counted. */
static void note(const char *what, double ratio, double target) {
    printf("  %-58s %6.2fx  target >= %.1fx  %s (not the issue's figure)\n", what, ratio, target,
           ratio >= target ? "pass" : "fail");
}

/* want_le: the measured ratio must be <= target (else >=). */
static void verdict(const char *what, double ratio, double target, bool want_le, bool available) {
    if (!available) {
        printf("  %-58s    n/a   (peer unavailable: no verdict)\n", what);
        return;
    }
    bool pass = want_le ? ratio <= target : ratio >= target;
    if (!pass) g_fail++;
    printf("  %-58s %6.2fx  target %s %.1fx  %s\n", what, ratio, want_le ? "<=" : ">=", target, pass ? "PASS" : "FAIL");
}

/* ------------------------------------------------------------------------ */
/* Inputs                                                                    */
/* ------------------------------------------------------------------------ */

static uint8_t g_master[48], g_cr[32], g_sr[32], g_seed[64]; /* seed = SR || CR */
static uint8_t g_ref[256], g_out[256];
static const char k_label[] = "key expansion";
static size_t g_len = 104;
static enum sp_hash g_hash = SP_HASH_SHA256;

/* (a) the floor: 23 SHA-256 compressions */
static uint8_t g_block[128];
static void op_floor(void) {
    SHA256_CTX c;
    SHA256_Init(&c);
    for (int i = 0; i < 23; i++)
        SHA256_Transform(&c, g_block);
    g_sink ^= (uint8_t)c.h[0];
}

/* (b) the floor of SslGenerateSessionKeys: the 21 compressions its PRF cannot
 * avoid (the master key caches its HMAC key states at import; EVP_KDF's 23
 * include those 2). */
static void op_floor21(void) {
    SHA256_CTX c;
    SHA256_Init(&c);
    for (int i = 0; i < 21; i++)
        SHA256_Transform(&c, g_block);
    g_sink ^= (uint8_t)c.h[0];
}

/* The same 21 compressions as sslprov's P_SHA256 issues them: the five
 * two-block inner hashes (A(1) over the 77-byte seed, A(i) || seed for the
 * four output blocks) in one libcrypto call each, whose AVX2 code schedules
 * two blocks together; the eleven single blocks through SHA256_Transform. */
static void op_floor21_paired(void) {
    SHA256_CTX c;
    SHA256_Init(&c);
    for (int i = 0; i < 11; i++)
        SHA256_Transform(&c, g_block);
    for (int i = 0; i < 5; i++) {
        c.num = 0;
        SHA256_Update(&c, g_block, 128);
    }
    g_sink ^= (uint8_t)c.h[0];
}

static void op_sp_prf(void) {
    sp_result r = sp_prf(g_hash, false, g_master, 48, k_label, g_sr, 32, g_cr, 32, g_out, g_len);
    g_sink ^= g_out[0] ^ (uint8_t)r.st;
}

/* OpenSSL: the KDF is fetched once; each derive makes a new context, as an
 * application deriving per connection would. */
static EVP_KDF *g_kdf;
static void op_evp(void) {
    OSSL_PARAM params[5];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                                 (char *)(g_hash == SP_HASH_MD5SHA1  ? "MD5-SHA1"
                                                          : g_hash == SP_HASH_SHA384 ? "SHA384"
                                                                                     : "SHA256"),
                                                 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, g_master, 48);
    params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, (void *)k_label, sizeof(k_label) - 1);
    params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, g_seed, 64);
    params[4] = OSSL_PARAM_construct_end();
    EVP_KDF_CTX *c = EVP_KDF_CTX_new(g_kdf);
    if (c == NULL || EVP_KDF_derive(c, g_out, g_len, params) <= 0) abort();
    EVP_KDF_CTX_free(c);
    g_sink ^= g_out[0];
}

/* ------------------------------------------------------------------------ */
/* GnuTLS: gnutls_prf_raw on a session whose master secret is set             */
/* ------------------------------------------------------------------------ */

#ifdef SSLPROV_HAVE_GNUTLS
/* gnutls_prf_raw needs an established session (gnutls_session_set_premaster
 * only prepares resumption), so a TLS 1.2 PSK handshake with an AES-128-GCM
 * SHA-256-PRF suite runs over a socketpair first.  The session's master secret
 * (from GnuTLS's key-log hook) then replaces g_master for the whole case, so
 * the output check compares like with like; the work is the same (48-byte
 * secret, 13-byte label, 64-byte seed, 104 bytes out). */
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

static gnutls_session_t g_gnutls;
static uint8_t g_gnutls_master[48];
static bool g_gnutls_have_master;

static void op_gnutls(void) {
    if (gnutls_prf_raw(g_gnutls, sizeof(k_label) - 1, k_label, 64, (const char *)g_seed, g_len, (char *)g_out) < 0)
        abort();
    g_sink ^= g_out[0];
}
static int gnutls_keylog(gnutls_session_t s, const char *label, const gnutls_datum_t *secret) {
    (void)s;
    if (strcmp(label, "CLIENT_RANDOM") == 0 && secret->size == 48) {
        memcpy(g_gnutls_master, secret->data, 48);
        g_gnutls_have_master = true;
    }
    return 0;
}
static const char k_prio[] = "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-GCM";
static const gnutls_datum_t k_psk = {(unsigned char *)"0123456789abcdef", 16};
static int g_server_fd;
static int psk_server_cb(gnutls_session_t s, const char *user, gnutls_datum_t *key) {
    (void)s, (void)user;
    key->data = gnutls_malloc(k_psk.size);
    if (key->data == NULL) return -1;
    memcpy(key->data, k_psk.data, k_psk.size);
    key->size = k_psk.size;
    return 0;
}
static void *gnutls_server(void *arg) {
    (void)arg;
    gnutls_session_t s;
    gnutls_psk_server_credentials_t cred;
    gnutls_psk_allocate_server_credentials(&cred);
    gnutls_psk_set_server_credentials_function(cred, psk_server_cb);
    gnutls_init(&s, GNUTLS_SERVER);
    gnutls_priority_set_direct(s, k_prio, NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_PSK, cred);
    gnutls_transport_set_int(s, g_server_fd);
    int rc;
    do
        rc = gnutls_handshake(s);
    while (rc < 0 && !gnutls_error_is_fatal(rc));
    gnutls_deinit(s);
    gnutls_psk_free_server_credentials(cred);
    return NULL;
}
static bool gnutls_setup(void) {
    int sv[2];
    pthread_t th;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return false;
    g_server_fd = sv[1];
    gnutls_psk_client_credentials_t cred;
    gnutls_psk_allocate_client_credentials(&cred);
    gnutls_psk_set_client_credentials(cred, "bench", &k_psk, GNUTLS_PSK_KEY_RAW);
    gnutls_init(&g_gnutls, GNUTLS_CLIENT);
    gnutls_priority_set_direct(g_gnutls, k_prio, NULL);
    gnutls_credentials_set(g_gnutls, GNUTLS_CRD_PSK, cred);
    gnutls_session_set_keylog_function(g_gnutls, gnutls_keylog);
    gnutls_transport_set_int(g_gnutls, sv[0]);
    pthread_create(&th, NULL, gnutls_server, NULL);
    int rc;
    do
        rc = gnutls_handshake(g_gnutls);
    while (rc < 0 && !gnutls_error_is_fatal(rc));
    pthread_join(th, NULL);
    close(sv[1]);
    if (rc < 0 || !g_gnutls_have_master || gnutls_prf_hash_get(g_gnutls) != GNUTLS_DIG_SHA256) {
        fprintf(stderr, "GnuTLS handshake failed: %s\n", rc < 0 ? gnutls_strerror(rc) : "no master secret");
        return false;
    }
    return true;
}
#endif

/* ------------------------------------------------------------------------ */
/* NSS: PK11_Derive(CKM_TLS12_KEY_AND_MAC_DERIVE) on an imported master key    */
/* ------------------------------------------------------------------------ */

#ifdef SSLPROV_HAVE_NSS
static PK11SlotInfo *g_slot;
static PK11SymKey *g_nss_master;
static CK_ULONG g_nss_mac_bits, g_nss_key_bits, g_nss_iv_bits;
static CK_MECHANISM_TYPE g_nss_bulk = CKM_AES_CBC;
static uint8_t g_nss_civ[16], g_nss_siv[16];

/* What NSS's own TLS stack does per connection (ssl3con.c): one derive, then a
 * PK11SymKey per returned MAC key and cipher key, freed when done. */
static bool nss_derive(bool check) {
    CK_SSL3_KEY_MAT_OUT kmo;
    memset(&kmo, 0, sizeof(kmo));
    kmo.pIVClient = g_nss_civ, kmo.pIVServer = g_nss_siv;
    CK_TLS12_KEY_MAT_PARAMS p;
    memset(&p, 0, sizeof(p));
    p.ulMacSizeInBits = g_nss_mac_bits, p.ulKeySizeInBits = g_nss_key_bits, p.ulIVSizeInBits = g_nss_iv_bits;
    p.bIsExport = CK_FALSE;
    p.RandomInfo.pClientRandom = g_cr, p.RandomInfo.ulClientRandomLen = 32;
    p.RandomInfo.pServerRandom = g_sr, p.RandomInfo.ulServerRandomLen = 32;
    p.pReturnedKeyMaterial = &kmo;
    p.prfHashMechanism = CKM_SHA256;
    SECItem param = {siBuffer, (unsigned char *)&p, sizeof(p)};
    PK11SymKey *d = PK11_Derive(g_nss_master, CKM_TLS12_KEY_AND_MAC_DERIVE, &param, g_nss_bulk, CKA_ENCRYPT,
                                (int)(g_nss_key_bits / 8));
    if (d == NULL) return false;
    CK_OBJECT_HANDLE hs[4] = {kmo.hClientMacSecret, kmo.hServerMacSecret, kmo.hClientKey, kmo.hServerKey};
    bool ok = true;
    for (int i = 0; i < 4; i++) {
        PK11SymKey *k = PK11_SymKeyFromHandle(g_slot, d, PK11_OriginDerive, i < 2 ? CKM_SHA256_HMAC : g_nss_bulk, hs[i],
                                              PR_TRUE, NULL);
        if (k == NULL) {
            ok = false;
            continue;
        }
        if (check && i == 0) {
            /* the client MAC key must be the first bytes of our key block */
            if (PK11_ExtractKeyValue(k) != SECSuccess) {
                ok = false;
            } else {
                SECItem *kd = PK11_GetKeyData(k);
                ok = ok && kd && kd->len == g_nss_mac_bits / 8 && memcmp(kd->data, g_ref, kd->len) == 0;
            }
        }
        PK11_FreeSymKey(k);
    }
    PK11_FreeSymKey(d);
    return ok;
}
static void op_nss(void) {
    if (!nss_derive(false)) abort();
    g_sink ^= g_nss_civ[0];
}
static bool nss_setup(void) {
    if (NSS_NoDB_Init(NULL) != SECSuccess) return false;
    g_slot = PK11_GetInternalSlot();
    if (g_slot == NULL) return false;
    SECItem ms = {siBuffer, g_master, 48};
    g_nss_master = PK11_ImportSymKey(g_slot, CKM_TLS12_MASTER_KEY_DERIVE, PK11_OriginUnwrap, CKA_DERIVE, &ms, NULL);
    return g_nss_master != NULL;
}
/* Set the partition and check the IVs and the client MAC key against g_ref. */
static bool nss_prepare(CK_ULONG mac, CK_ULONG key, CK_ULONG iv) {
    g_nss_mac_bits = mac * 8, g_nss_key_bits = key * 8, g_nss_iv_bits = iv * 8;
    if (!nss_derive(true)) return false;
    size_t off = 2 * (mac + key);
    return iv == 0 || (memcmp(g_nss_civ, g_ref + off, iv) == 0 && memcmp(g_nss_siv, g_ref + off + iv, iv) == 0);
}
#endif

/* ------------------------------------------------------------------------ */
/* (b) SslGenerateSessionKeys end to end                                      */
/* ------------------------------------------------------------------------ */

static NCRYPT_PROV_HANDLE g_prov;
static NCRYPT_KEY_HANDLE g_mkey;
static NCryptBuffer g_bufs[2];
static NCryptBufferDesc g_params = {NCRYPTBUFFER_VERSION, 2, g_bufs};

static void op_session_keys(void) {
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    if (SslGenerateSessionKeys(g_prov, g_mkey, &r, &w, &g_params, 0) != 0) abort();
    if (SslFreeObject(r, 0) != 0 || SslFreeObject(w, 0) != 0) abort();
}

/* Record keys build their cipher contexts (and the CBC scratch buffer) on their
 * first record (record.c sp_rec_prepare).  These variants put that work back:
 *   + first record: one 32-byte application-data record sealed with the write key
 *     (its contexts are built; the read key stays lazy, as after a real first send);
 *   + both prepared: sp_rec_prepare on both keys, i.e. everything either key will
 *     ever need before its first record, without sealing anything. */
static uint8_t g_rec_in[32], g_rec_out[32 + 256];
static void seal_one(NCRYPT_KEY_HANDLE w, uint64_t seq) {
    DWORD n = 0;
    if (SslEncryptPacket(g_prov, w, g_rec_in, sizeof(g_rec_in), g_rec_out, sizeof(g_rec_out), &n, seq,
                         CT_APPLICATIONDATA, 0) != 0)
        abort();
    g_sink ^= g_rec_out[n - 1];
}
static void prepare_key(NCRYPT_KEY_HANDLE h) {
    struct sp_object *o = NULL;
    if (!SP_IS_OK(sp_handle_get(h, SP_T(SP_OBJ_RECORD), &o))) abort();
    struct sp_record_key *k = (struct sp_record_key *)o;
    sp_record_lock(k);
    sp_result r = sp_rec_prepare(k, true);
    sp_record_unlock(k);
    sp_handle_put(o);
    if (!SP_IS_OK(r)) abort();
}
static void op_session_keys_first_record(void) {
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    if (SslGenerateSessionKeys(g_prov, g_mkey, &r, &w, &g_params, 0) != 0) abort();
    seal_one(w, 0);
    if (SslFreeObject(r, 0) != 0 || SslFreeObject(w, 0) != 0) abort();
}
static void op_session_keys_prepared(void) {
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    if (SslGenerateSessionKeys(g_prov, g_mkey, &r, &w, &g_params, 0) != 0) abort();
    prepare_key(w), prepare_key(r);
    if (SslFreeObject(r, 0) != 0 || SslFreeObject(w, 0) != 0) abort();
}
/* The same record on a key whose contexts exist: what "+ first record" pays for
 * the record itself. */
static NCRYPT_KEY_HANDLE g_warm_w, g_warm_r;
static uint64_t g_warm_seq = 1;
static void op_steady_record(void) { seal_one(g_warm_w, g_warm_seq++); }

static bool public_setup(DWORD protocol, DWORD suite) {
    struct {
        SSLPROV_MASTER_SECRET_HEADER h;
        uint8_t s[48];
    } blob = {{SSLPROV_MASTER_SECRET_MAGIC, protocol, suite, NCRYPT_SSL_CLIENT_FLAG, 48}, {0}};
    memcpy(blob.s, g_master, 48);
    if (g_mkey) SslFreeObject(g_mkey, 0);
    g_mkey = 0;
    if (SslImportKey(g_prov, &g_mkey, SSLPROV_MASTER_SECRET_BLOB, (PBYTE)&blob, sizeof(blob), 0) != 0) return false;
    g_bufs[0] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, g_cr};
    g_bufs[1] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_SERVER_RANDOM, g_sr};
    /* check: the write key (client) carries the first bytes of the key block */
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    uint8_t out[512];
    DWORD n = 0;
    bool ok =
        SslGenerateSessionKeys(g_prov, g_mkey, &r, &w, &g_params, 0) == 0 &&
        SslExportKey(g_prov, w, SSLPROV_SESSION_KEY_BLOB, out, sizeof(out), &n, 0) == 0 &&
        memcmp(out + sizeof(SSLPROV_SESSION_KEY_HEADER), g_ref, ((SSLPROV_SESSION_KEY_HEADER *)out)->cbMacKey) == 0;
    SslFreeObject(r, 0), SslFreeObject(w, 0);
    return ok;
}

/* ------------------------------------------------------------------------ */

static void set_case(enum sp_hash h, size_t len) {
    g_hash = h, g_len = len;
    if (!SP_IS_OK(sp_prf(h, false, g_master, 48, k_label, g_sr, 32, g_cr, 32, g_ref, len))) abort();
    memset(g_out, 0, sizeof(g_out));
    op_evp();
    if (memcmp(g_out, g_ref, len) != 0) {
        fprintf(stderr, "EVP_KDF disagrees with sp_prf\n");
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc > 1) g_rounds = atoi(argv[1]);
    if (g_rounds < 5) g_rounds = 5;
    if (g_rounds > MAX_ROUNDS) g_rounds = MAX_ROUNDS;
    if (!SP_IS_OK(sp_crypto_init())) return 2;
    for (int i = 0; i < 48; i++)
        g_master[i] = (uint8_t)(0x11 * i + 7);
    for (int i = 0; i < 32; i++)
        g_cr[i] = (uint8_t)(i + 0x40), g_sr[i] = (uint8_t)(0xC0 - i);
    memcpy(g_seed, g_sr, 32), memcpy(g_seed + 32, g_cr, 32);
    memset(g_block, 0x5A, sizeof(g_block));
    g_kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    if (g_kdf == NULL || SslOpenProvider(&g_prov, NULL, 0) != 0) return 2;
    SslProvSetProviderOption(g_prov, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1); /* for the output check only */

    printf("sslprov key schedule benchmark (TLS <= 1.2): %s, %d interleaved rounds, median ns/op\n",
           OpenSSL_version(OPENSSL_VERSION), g_rounds);

    /* (a) ------------------------------------------------------------------ */
    bool have_gnutls = false, have_nss = false;
#ifdef SSLPROV_HAVE_GNUTLS
    have_gnutls = gnutls_setup();
    if (have_gnutls) memcpy(g_master, g_gnutls_master, 48); /* every variant uses the session's secret */
#endif
    set_case(SP_HASH_SHA256, 104);
#ifdef SSLPROV_HAVE_GNUTLS
    if (have_gnutls) {
        memset(g_out, 0, sizeof(g_out));
        op_gnutls();
        have_gnutls = memcmp(g_out, g_ref, 104) == 0;
        if (!have_gnutls) fprintf(stderr, "GnuTLS output differs from sp_prf: not timed\n");
    }
#endif
#ifdef SSLPROV_HAVE_NSS
    have_nss = nss_setup() && nss_prepare(20, 16, 16); /* AES_128_CBC_SHA partition with IVs = 104 bytes */
#endif
    struct variant a[] = {
        {"floor: 23 x SHA256_Transform", op_floor, 0, {0}, 0, true},
        {"sslprov sp_prf (P_SHA256, 104 bytes)", op_sp_prf, 0, {0}, 0, true},
        {"OpenSSL EVP_KDF TLS1-PRF (KDF fetched once, new ctx per derive)", op_evp, 0, {0}, 0, true},
#ifdef SSLPROV_HAVE_GNUTLS
        {"GnuTLS gnutls_prf_raw (session with master secret set)", op_gnutls, 0, {0}, 0, have_gnutls},
#else
        {"GnuTLS gnutls_prf_raw (not built: libgnutls not found)", NULL, 0, {0}, 0, false},
#endif
#ifdef SSLPROV_HAVE_NSS
        {"NSS PK11_Derive TLS12_KEY_AND_MAC (mac 20,key 16,iv 16; +4 key objs)", op_nss, 0, {0}, 0, have_nss},
#else
        {"NSS PK11_Derive (not built: libnss3 not found)", NULL, 0, {0}, 0, false},
#endif
    };
    run(a, SP_ARRAY_LEN(a));
    printf("\n(a) TLS 1.2 SHA-256 PRF, 104-byte key block (\"key expansion\", SR||CR seed)\n");
    for (size_t i = 0; i < SP_ARRAY_LEN(a); i++)
        print_row(&a[i]);
    verdict("sp_prf / floor", a[1].median / a[0].median, 1.3, true, true);
    verdict("EVP_KDF / sp_prf (speed-up)", a[2].median / a[1].median, 1.0, false, true);
    verdict("GnuTLS / sp_prf (speed-up, must beat GnuTLS)", a[3].ok ? a[3].median / a[1].median : 0, 1.0, false,
            a[3].ok);
    verdict("NSS PK11_Derive / sp_prf (speed-up)", a[4].ok ? a[4].median / a[1].median : 0, 1.0, false, a[4].ok);

    /* (b) ------------------------------------------------------------------ */
    /* TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA256 in TLS 1.2: 2 x 32 MAC + 2 x 32 key =
     * 128 bytes (the same 4 P_SHA256 blocks, 23 compressions, as 104 bytes). */
    set_case(SP_HASH_SHA256, 128);
    bool pub_ok = public_setup(TLS1_2_PROTOCOL_VERSION, 0x003D);
#ifdef SSLPROV_HAVE_NSS
    have_nss = have_nss && nss_prepare(32, 32, 0);
#endif
    bool warm_ok = pub_ok && SslGenerateSessionKeys(g_prov, g_mkey, &g_warm_r, &g_warm_w, &g_params, 0) == 0;
    if (warm_ok) seal_one(g_warm_w, 0);
    struct variant b[] = {
        {"SslGenerateSessionKeys + 2 x SslFreeObject (AES_256_CBC_SHA256)", op_session_keys, 0, {0}, 0, pub_ok},
        {"OpenSSL EVP_KDF TLS1-PRF, same 128-byte block", op_evp, 0, {0}, 0, true},
#ifdef SSLPROV_HAVE_NSS
        {"NSS PK11_Derive TLS12_KEY_AND_MAC, same partition (+4 key objs)", op_nss, 0, {0}, 0, have_nss},
#else
        {"NSS PK11_Derive (not built: libnss3 not found)", NULL, 0, {0}, 0, false},
#endif
    };
    struct variant b2[] = {
        {"  ... + first record sealed with the write key (32 B)", op_session_keys_first_record, 0, {0}, 0, warm_ok},
        {"  ... + sp_rec_prepare on both keys (no record)", op_session_keys_prepared, 0, {0}, 0, warm_ok},
        {"  one 32 B record on a key whose contexts exist", op_steady_record, 0, {0}, 0, warm_ok},
        {"floor: 21 x SHA256_Transform (the PRF's compressions)", op_floor21, 0, {0}, 0, true},
        {"floor: the same 21 as 11 single + 5 two-block calls", op_floor21_paired, 0, {0}, 0, true},
    };
    /* one interleaved run for all of (b) */
    struct variant ball[SP_ARRAY_LEN(b) + SP_ARRAY_LEN(b2)];
    memcpy(ball, b, sizeof(b));
    memcpy(ball + SP_ARRAY_LEN(b), b2, sizeof(b2));
    run(ball, SP_ARRAY_LEN(ball));
    memcpy(b, ball, sizeof(b));
    memcpy(b2, ball + SP_ARRAY_LEN(b), sizeof(b2));
    printf("\n(b) SslGenerateSessionKeys end to end, TLS 1.2 TLS_RSA_WITH_AES_256_CBC_SHA256 (128-byte block)\n");
    for (size_t i = 0; i < SP_ARRAY_LEN(b); i++)
        print_row(&b[i]);
    for (size_t i = 0; i < SP_ARRAY_LEN(b2); i++)
        print_row(&b2[i]);
    /* The figure: the call as made (handles returned, usable by
     * SslEncryptPacket/SslDecryptPacket with no further call). */
    verdict("throughput vs EVP_KDF alone (call as made)", b[1].median / b[0].median, 3.0, false, b[0].ok);
    verdict("throughput vs NSS PK11_Derive", b[2].ok ? b[2].median / b[0].median : 0, 6.0, false, b[0].ok && b[2].ok);
    if (warm_ok) {
        note("vs EVP_KDF, + first record on the write key", b[1].median / b2[0].median, 3.0);
        note("vs EVP_KDF, + both keys prepared", b[1].median / b2[1].median, 3.0);
    }
    printf("  %-58s %6.2fx  (single-block calls)\n", "EVP_KDF / 21-compression floor", b[1].median / b2[3].median);
    printf("  %-58s %6.2fx  (the most an implementation issuing the PRF's\n"
           "  %-58s          compressions as sslprov does could reach)\n",
           "EVP_KDF / paired floor", b[1].median / b2[4].median, "");
    printf("  %-58s %6.2fx  (all that is not compression: PRF bookkeeping,\n"
           "  %-58s          key objects, handles, wipes)\n",
           "call / paired floor", b[0].median / b2[4].median, "");

    /* (c) ------------------------------------------------------------------ */
    set_case(SP_HASH_MD5SHA1, 104);
    struct variant c1[] = {
        {"sslprov sp_prf (TLS 1.0 MD5/SHA-1, 104 bytes)", op_sp_prf, 0, {0}, 0, true},
        {"OpenSSL EVP_KDF TLS1-PRF MD5-SHA1, 104 bytes", op_evp, 0, {0}, 0, true},
    };
    run(c1, SP_ARRAY_LEN(c1));
    set_case(SP_HASH_SHA384, 136);
    struct variant c2[] = {
        {"sslprov sp_prf (P_SHA384, 136 bytes)", op_sp_prf, 0, {0}, 0, true},
        {"OpenSSL EVP_KDF TLS1-PRF SHA384, 136 bytes", op_evp, 0, {0}, 0, true},
    };
    run(c2, SP_ARRAY_LEN(c2));
    printf("\n(c) other PRFs\n");
    print_row(&c1[0]), print_row(&c1[1]), print_row(&c2[0]), print_row(&c2[1]);
    verdict("TLS 1.0 PRF: EVP_KDF / sp_prf", c1[1].median / c1[0].median, 2.5, false, true);
    verdict("SHA-384 PRF: EVP_KDF / sp_prf", c2[1].median / c2[0].median, 1.8, false, true);

    printf("\n%s\n", g_fail ? "SOME TARGETS FAILED" : "all targets met");
    if (warm_ok) SslFreeObject(g_warm_w, 0), SslFreeObject(g_warm_r, 0);
    SslFreeObject(g_mkey, 0);
    SslFreeObject(g_prov, 0);
    EVP_KDF_free(g_kdf);
    return g_fail ? 1 : 0;
}
