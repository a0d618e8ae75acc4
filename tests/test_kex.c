/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_kex.c - key agreement: two providers agree on the master secret for
 * ECDHE (P-256/384/521, X25519, X448), DHE (server parameters, RFC 7919
 * groups) and RSA (one call and the SslGeneratePreMasterKey hand-off), with and
 * without the extended master secret, and the secret equals what OpenSSL
 * computes independently from the same keys.
 */
#include "kex_testutil.h"

#include <openssl/rsa.h>

#include <pthread.h>

#define SUITE_ECDHE     0xC02F /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
#define SUITE_ECDHE_CBC 0xC013
#define SUITE_DHE       0x009E /* TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 */
#define SUITE_RSA       0x009C /* TLS_RSA_WITH_AES_128_GCM_SHA256 */

static const char *group_name(DWORD g) {
    switch (g) {
    case 23: return "P-256";
    case 24: return "P-384";
    case 25: return "P-521";
    case 29: return "X25519";
    default: return "X448";
    }
}

/* An OpenSSL key of group and its SSLPROV_ECCPRIVATE_BLOB. */
static EVP_PKEY *known_key(DWORD group, uint8_t *blob, DWORD *blob_len) {
    EVP_PKEY *k = group <= 25 ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", group_name(group))
                              : EVP_PKEY_Q_keygen(NULL, NULL, group_name(group));
    T_ASSERT(k != NULL);
    size_t cb = group == 23 ? 32 : group == 24 ? 48 : group == 25 ? 66 : group == 29 ? 32 : 56;
    SSL_ECCKEY_BLOB h = {group, (ULONG)cb};
    memcpy(blob, &h, 8);
    if (group <= 25) {
        kt_bn(k, OSSL_PKEY_PARAM_PRIV_KEY, blob + 8, cb);
    } else {
        size_t n = cb;
        T_ASSERT(EVP_PKEY_get_raw_private_key(k, blob + 8, &n) == 1 && n == cb);
    }
    *blob_len = (DWORD)(8 + cb);
    return k;
}

static char g_keylog[400];
static void keylog_cb(const char *line, void *ctx) {
    (void)ctx;
    snprintf(g_keylog, sizeof(g_keylog), "%s", line);
}

static void ecdhe_case(DWORD group, bool ems, DWORD protocol, DWORD suite) {
    NCRYPT_PROV_HANDLE pc = t_open_provider(true), ps = t_open_provider(true);
    NCRYPT_KEY_HANDLE hc = 0, hs = 0, hsp = 0, hcp = 0, mc = 0, ms = 0;
    uint8_t priv[8 + 66], cr[32], sr[32], sh[32], m1[48], m2[48], want[48], z[256];
    DWORD priv_len = 0, n = 0, spub_len = 0, cpub_len = 0;
    EVP_PKEY *ck = known_key(group, priv, &priv_len);
    t_rand(cr, 32), t_rand(sr, 32), t_rand(sh, 32);
    /* The key log is set before the client's key is made: a secret is logged
     * only if every secret it comes from was made while its provider logged
     * (header, "Key logging"; test_secret_export). */
    g_keylog[0] = 0;
    if (!ems) T_OK(SslProvSetKeyLogCallback(pc, keylog_cb, NULL));

    T_OK(SslImportKey(pc, &hc, SSLPROV_ECCPRIVATE_BLOB, priv, priv_len, 0));
    T_OK(SslCreateEphemeralKey(ps, &hs, protocol, suite, group, 0, NULL, 0, 0));
    uint8_t *spub = kt_export(ps, hs, SSL_ECCPUBLIC_BLOB, &spub_len);
    uint8_t *cpub = kt_export(pc, hc, BCRYPT_ECCPUBLIC_BLOB, &cpub_len);
    T_OK(SslImportKey(pc, &hsp, SSL_ECCPUBLIC_BLOB, spub, spub_len, 0));
    T_OK(SslImportKey(ps, &hcp, BCRYPT_ECCPUBLIC_BLOB, cpub, cpub_len, 0));

    /* The exported client public key is OpenSSL's public key of the known private key. */
    uint8_t opub[1 + 2 * 66];
    size_t olen = sizeof(opub);
    T_ASSERT(EVP_PKEY_get_octet_string_param(ck, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, opub, olen, &olen) == 1);
    if (group <= 25)
        T_BYTES(cpub + 8, opub + 1, olen - 1);
    else
        T_BYTES(cpub + 8, opub, olen);

    struct kt_params kp;
    /* EMS: only the session hash and the version, as Schannel passes them (reference 7). */
    NCryptBufferDesc *pl = ems ? kt_params(&kp, NULL, NULL, sh, 32, protocol) : kt_params(&kp, cr, sr, NULL, 0, 0);
    n = 99;
    T_OK(SslGenerateMasterKey(pc, hc, hsp, &mc, protocol, suite, pl, NULL, 0, &n, NCRYPT_SSL_CLIENT_FLAG));
    T_ASSERT(n == 0); /* (EC)DHE writes no output */
    T_OK(SslGenerateMasterKey(ps, hs, hcp, &ms, protocol, suite, pl, NULL, 0, &n, NCRYPT_SSL_SERVER_FLAG));
    T_ASSERT(kt_master_of(pc, mc, m1) && kt_master_of(ps, ms, m2));
    T_BYTES(m1, m2, 48);

    /* Independently: OpenSSL's ECDH from the exported server key, OpenSSL's PRF. */
    EVP_PKEY *peer = group <= 25
                         ? kt_ec_public(group_name(group), spub + 8, spub_len - 8)
                         : EVP_PKEY_new_raw_public_key_ex(NULL, group_name(group), NULL, spub + 8, spub_len - 8);
    T_ASSERT(peer != NULL);
    size_t zl = kt_ossl_derive(ck, peer, z, sizeof(z));
    T_ASSERT(zl == (group == 25 ? 66 : group == 30 ? 56 : group == 24 ? 48 : 32));
    const char *digest = protocol == TLS1_2_PROTOCOL_VERSION ? "SHA256" : "MD5-SHA1";
    kt_ossl_master(digest, z, zl, cr, sr, ems ? sh : NULL, 32, want);
    T_BYTES(m1, want, 48);
    if (!ems) {
        /* The key log line carries the client random and the master secret. */
        char hcr[65], hms[97], line[200];
        t_hex(cr, 32, hcr), t_hex(want, 48, hms);
        snprintf(line, sizeof(line), "CLIENT_RANDOM %s %s", hcr, hms);
        T_ASSERT(strcmp(g_keylog, line) == 0);
    }
    EVP_PKEY_free(peer);
    EVP_PKEY_free(ck);
    free(spub), free(cpub);
    SslFreeObject(hc, 0), SslFreeObject(hs, 0), SslFreeObject(hsp, 0), SslFreeObject(hcp, 0);
    SslFreeObject(mc, 0), SslFreeObject(ms, 0);
    SslFreeObject(pc, 0), SslFreeObject(ps, 0);
}

static void test_ecdhe(void) {
    static const DWORD groups[] = {23, 24, 25, 29, 30};
    for (size_t i = 0; i < 5; i++) {
        ecdhe_case(groups[i], false, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE);
        ecdhe_case(groups[i], true, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE);
    }
    ecdhe_case(23, false, TLS1_0_PROTOCOL_VERSION, SUITE_ECDHE_CBC);
    ecdhe_case(29, true, TLS1_1_PROTOCOL_VERSION, SUITE_ECDHE_CBC);
}

/* The master secret leaves only through the opt-in diagnostic path, never by
 * default: a master key made by SslGenerateMasterKey on a provider without
 * SSLPROV_OPTION_ALLOW_SECRET_EXPORT is refused with NTE_PERM (size query
 * too), through that provider and through one that did opt in; a key made on
 * an opted-in provider is refused through one that did not. */
static void test_master_export_refused(void) {
    NCRYPT_PROV_HANDLE plain = t_open_provider(false), opt = t_open_provider(true);
    NCRYPT_KEY_HANDLE e = 0, peer = 0, pub = 0, m = 0, mo = 0;
    uint8_t cr[32], sr[32], buf[sizeof(SSLPROV_MASTER_SECRET_HEADER) + 48], s[48];
    DWORD n = 0, len = 0;
    t_rand(cr, 32), t_rand(sr, 32);
    struct kt_params kp;
    NCryptBufferDesc *pl = kt_params(&kp, cr, sr, NULL, 0, 0);
    T_OK(SslCreateEphemeralKey(plain, &e, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 29, 0, NULL, 0, 0));
    T_OK(SslCreateEphemeralKey(plain, &peer, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 29, 0, NULL, 0, 0));
    uint8_t *b = kt_export(plain, peer, SSL_ECCPUBLIC_BLOB, &len);
    T_OK(SslImportKey(plain, &pub, SSL_ECCPUBLIC_BLOB, b, len, 0));
    T_OK(SslGenerateMasterKey(plain, e, pub, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_STATUS(SslExportKey(plain, m, SSLPROV_MASTER_SECRET_BLOB, NULL, 0, &n, 0), NTE_PERM);
    T_STATUS(SslExportKey(plain, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    T_STATUS(SslExportKey(opt, m, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    T_ASSERT(!kt_master_of(opt, m, s));
    /* the same keys, master made on the opted-in provider: the ephemeral key
     * came from a provider that never opted in, so neither can export it
     * (issue #12 item 2: the property is the root secret's) */
    T_OK(SslGenerateMasterKey(opt, e, pub, &mo, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_STATUS(SslExportKey(plain, mo, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    T_STATUS(SslExportKey(opt, mo, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    /* an ephemeral key of the opted-in provider: its master exports there only */
    NCRYPT_KEY_HANDLE eo = 0, mx = 0;
    T_OK(SslCreateEphemeralKey(opt, &eo, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 29, 0, NULL, 0, 0));
    T_OK(SslGenerateMasterKey(opt, eo, pub, &mx, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_STATUS(SslExportKey(plain, mx, SSLPROV_MASTER_SECRET_BLOB, buf, sizeof(buf), &n, 0), NTE_PERM);
    T_ASSERT(kt_master_of(opt, mx, s));
    free(b);
    NCRYPT_KEY_HANDLE all[] = {e, peer, pub, m, mo, eo, mx, plain, opt};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

/* Key generation reuses per-group contexts (kex.c keeps a small pool): keys
 * made at once from several threads are all valid and all different. */
#define KG_THREADS 4
#define KG_EACH    16
struct kg_job {
    NCRYPT_PROV_HANDLE prov;
    DWORD group;
    uint8_t pub[KG_EACH][8 + 65];
    DWORD len[KG_EACH];
    int ok;
};

static void *kg_thread(void *arg) {
    struct kg_job *j = arg;
    for (int i = 0; i < KG_EACH; i++) {
        NCRYPT_KEY_HANDLE h = 0;
        if (SslCreateEphemeralKey(j->prov, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, j->group, 0, NULL, 0, 0) != 0)
            continue;
        if (SslExportKey(j->prov, h, SSL_ECCPUBLIC_BLOB, j->pub[i], sizeof(j->pub[i]), &j->len[i], 0) == 0) j->ok++;
        SslFreeObject(h, 0);
    }
    return NULL;
}

static void test_keygen_threads(void) {
    static const DWORD groups[] = {29, 23};
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    for (size_t g = 0; g < SP_ARRAY_LEN(groups); g++) {
        static struct kg_job jobs[KG_THREADS];
        pthread_t th[KG_THREADS];
        memset(jobs, 0, sizeof(jobs));
        for (int t = 0; t < KG_THREADS; t++) {
            jobs[t].prov = p, jobs[t].group = groups[g];
            T_ASSERT(pthread_create(&th[t], NULL, kg_thread, &jobs[t]) == 0);
        }
        for (int t = 0; t < KG_THREADS; t++)
            pthread_join(th[t], NULL);
        int dup = 0, valid = 0;
        for (int a = 0; a < KG_THREADS * KG_EACH; a++) {
            const struct kg_job *ja = &jobs[a / KG_EACH];
            T_ASSERT(ja->ok == KG_EACH);
            /* each public key imports as a valid peer key */
            NCRYPT_KEY_HANDLE h = 0;
            if (SslImportKey(p, &h, SSL_ECCPUBLIC_BLOB, (PBYTE)ja->pub[a % KG_EACH], ja->len[a % KG_EACH], 0) == 0)
                valid++;
            SslFreeObject(h, 0);
            for (int b = a + 1; b < KG_THREADS * KG_EACH; b++) {
                const struct kg_job *jb = &jobs[b / KG_EACH];
                if (ja->len[a % KG_EACH] == jb->len[b % KG_EACH] &&
                    memcmp(ja->pub[a % KG_EACH], jb->pub[b % KG_EACH], ja->len[a % KG_EACH]) == 0)
                    dup++;
            }
        }
        T_ASSERT(valid == KG_THREADS * KG_EACH);
        T_ASSERT(dup == 0);
    }
    SslFreeObject(p, 0);
}

/* BCRYPT_DH_PARAMETERS from p and g. */
static size_t dh_params_blob(const uint8_t *p, const uint8_t *g, size_t cb, uint8_t *out) {
    BCRYPT_DH_PARAMETER_HEADER h = {(ULONG)(12 + 2 * cb), BCRYPT_DH_PARAMETERS_MAGIC, (ULONG)cb};
    memcpy(out, &h, 12);
    memcpy(out + 12, p, cb);
    memcpy(out + 12 + cb, g, cb);
    return 12 + 2 * cb;
}

/* DHE: server key from parameters (ossl_group given as pbParams) or from the
 * named group (key_type); a provider client and an OpenSSL client. */
static void dhe_case(const char *ossl_group, DWORD key_type, DWORD bits, bool use_params, bool ems) {
    NCRYPT_PROV_HANDLE pc = t_open_provider(true), ps = t_open_provider(true);
    NCRYPT_KEY_HANDLE hs = 0, hc = 0, hsp = 0, hcp = 0, hop = 0, mc = 0, ms = 0, mo = 0;
    uint8_t cr[32], sr[32], sh[48], m1[48], m2[48], m3[48], want[48], z[1024];
    uint8_t p[1024], g[1024], prm[12 + 2048];
    DWORD n = 0, sblob_len = 0, cblob_len = 0;
    EVP_PKEY *params = kt_dh_named(ossl_group);
    T_ASSERT(params != NULL);
    size_t cb = (size_t)(EVP_PKEY_get_bits(params) + 7) / 8;
    kt_bn(params, OSSL_PKEY_PARAM_FFC_P, p, cb);
    kt_bn(params, OSSL_PKEY_PARAM_FFC_G, g, cb);
    size_t prm_len = dh_params_blob(p, g, cb, prm);
    t_rand(cr, 32), t_rand(sr, 32), t_rand(sh, 48);

    if (use_params)
        T_OK(SslCreateEphemeralKey(ps, &hs, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 0, prm, (DWORD)prm_len, 0));
    else
        T_OK(SslCreateEphemeralKey(ps, &hs, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, key_type, bits, NULL, 0, 0));
    uint8_t *sblob = kt_export(ps, hs, BCRYPT_DH_PUBLIC_BLOB, &sblob_len);
    T_ASSERT(sblob_len == 8 + 3 * cb);
    T_BYTES(sblob + 8, p, cb);
    T_BYTES(sblob + 8 + cb, g, cb);
    /* The client takes p and g from the server's key (ServerKeyExchange). */
    size_t cprm_len = dh_params_blob(sblob + 8, sblob + 8 + cb, cb, prm);
    T_OK(SslCreateEphemeralKey(pc, &hc, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 0, prm, (DWORD)cprm_len, 0));
    uint8_t *cblob = kt_export(pc, hc, BCRYPT_DH_PUBLIC_BLOB, &cblob_len);
    T_OK(SslImportKey(pc, &hsp, BCRYPT_DH_PUBLIC_BLOB, sblob, sblob_len, 0));
    T_OK(SslImportKey(ps, &hcp, BCRYPT_DH_PUBLIC_BLOB, cblob, cblob_len, 0));

    struct kt_params kp;
    NCryptBufferDesc *pl = ems ? kt_params(&kp, cr, NULL, sh, 48, 0) : kt_params(&kp, cr, sr, NULL, 0, 0);
    T_OK(SslGenerateMasterKey(pc, hc, hsp, &mc, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_CLIENT_FLAG));
    T_OK(SslGenerateMasterKey(ps, hs, hcp, &ms, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_SERVER_FLAG));
    T_ASSERT(kt_master_of(pc, mc, m1) && kt_master_of(ps, ms, m2));
    T_BYTES(m1, m2, 48);

    /* An OpenSSL client against the same server key: same master secret as OpenSSL derives. */
    EVP_PKEY *ok = kt_keygen_from(params);
    uint8_t oblob[8 + 3 * 1024];
    BCRYPT_DH_KEY_BLOB oh = {BCRYPT_DH_PUBLIC_MAGIC, (ULONG)cb};
    memcpy(oblob, &oh, 8), memcpy(oblob + 8, p, cb), memcpy(oblob + 8 + cb, g, cb);
    kt_bn(ok, OSSL_PKEY_PARAM_PUB_KEY, oblob + 8 + 2 * cb, cb);
    T_OK(SslImportKey(ps, &hop, BCRYPT_DH_PUBLIC_BLOB, oblob, (DWORD)(8 + 3 * cb), 0));
    T_OK(SslGenerateMasterKey(ps, hs, hop, &mo, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, pl, NULL, 0, &n,
                              NCRYPT_SSL_SERVER_FLAG));
    EVP_PKEY *speer = kt_dh(p, g, sblob + 8 + 2 * cb, cb);
    size_t zl = kt_ossl_derive(ok, speer, z, sizeof(z)); /* leading zeros stripped, as RFC 5246 8.1.2 */
    T_ASSERT(zl > 0 && zl <= cb);
    kt_ossl_master("SHA256", z, zl, cr, sr, ems ? sh : NULL, 48, want);
    T_ASSERT(kt_master_of(ps, mo, m3));
    T_BYTES(m3, want, 48);

    EVP_PKEY_free(speer), EVP_PKEY_free(ok), EVP_PKEY_free(params);
    free(sblob), free(cblob);
    NCRYPT_KEY_HANDLE all[] = {hs, hc, hsp, hcp, hop, mc, ms, mo, pc, ps};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
}

static void test_dhe(void) {
    dhe_case("ffdhe2048", SSLPROV_GROUP_FFDHE2048, 0, false, false);
    dhe_case("ffdhe2048", 0, 2048, false, true);
    dhe_case("ffdhe3072", 0, 3072, false, false);
    dhe_case("ffdhe3072", SSLPROV_GROUP_FFDHE3072, 0, false, true);
    dhe_case("ffdhe4096", SSLPROV_GROUP_FFDHE4096, 0, false, false);
    dhe_case("ffdhe6144", SSLPROV_GROUP_FFDHE6144, 0, false, false); /* RFC 7919 groups added for issue #13 */
    dhe_case("ffdhe8192", 0, 8192, false, false);
    dhe_case("modp_2048", 0, 0, true, false); /* server parameters (RFC 3526 group 14) */
    dhe_case("modp_2048", 0, 0, true, true);
    dhe_case("ffdhe2048", 0, 0, true, false); /* an RFC 7919 group given as parameters */
}

/* RFC 7919 appendix A.1: ffdhe2048 p begins and ends as printed; g = 2. */
static void test_rfc7919_params(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    NCRYPT_KEY_HANDLE h = 0;
    uint8_t start[16], end[16], two[256] = {0};
    DWORD len = 0;
    t_unhex("FFFFFFFFFFFFFFFFADF85458A2BB4A9A", start, 16);
    t_unhex("886B423861285C97FFFFFFFFFFFFFFFF", end, 16);
    two[255] = 2;
    T_OK(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 2048, NULL, 0, 0));
    uint8_t *b = kt_export(p, h, BCRYPT_DH_PUBLIC_BLOB, &len);
    T_ASSERT(len == 8 + 3 * 256);
    T_BYTES(b + 8, start, 16);
    T_BYTES(b + 8 + 240, end, 16);
    T_BYTES(b + 8 + 256, two, 256);
    PBYTE prop = NULL;
    DWORD plen = 0;
    T_OK(SslGetKeyProperty(h, SSL_KEY_TYPE_PROPERTY, &prop, &plen, 0));
    T_ASSERT(plen == 4 && *(DWORD *)prop == SSLPROV_GROUP_FFDHE2048);
    SslFreeBuffer(prop);
    free(b);
    SslFreeObject(h, 0);
    SslFreeObject(p, 0);
}

/* RFC 8448 section 3: the client's X25519 private key and the server's public
 * key give the printed shared secret. */
static void test_rfc8448_x25519(void) {
    struct t_vec *v = t_vec_open("tls13_rfc8448_1rtt.txt");
    if (v == NULL) return;
    T_ASSERT(t_vec_next(v));
    size_t a = 0, b = 0, c = 0, d = 0;
    uint8_t *cpriv = t_vec_hex(v, "client_private_key", &a), *spub = t_vec_hex(v, "server_public_key", &b);
    uint8_t *want = t_vec_hex(v, "shared_secret", &c), *cpub = t_vec_hex(v, "client_public_key", &d);
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    NCRYPT_KEY_HANDLE hc = 0, hs = 0;
    uint8_t blob[8 + 32], z[SP_KEX_MAX_SECRET];
    SSL_ECCKEY_BLOB h = {SSLPROV_GROUP_X25519, 32};
    memcpy(blob, &h, 8), memcpy(blob + 8, cpriv, 32);
    T_OK(SslImportKey(p, &hc, SSLPROV_ECCPRIVATE_BLOB, blob, 40, 0));
    memcpy(blob + 8, spub, 32);
    T_OK(SslImportKey(p, &hs, SSL_ECCPUBLIC_BLOB, blob, 40, 0));
    DWORD len = 0;
    uint8_t *mine = kt_export(p, hc, SSL_ECCPUBLIC_BLOB, &len);
    T_ASSERT(len == 40);
    T_BYTES(mine + 8, cpub, 32);
    /* The private key comes back only through the opt-in export. */
    uint8_t *back = kt_export(p, hc, SSLPROV_ECCPRIVATE_BLOB, &len);
    T_BYTES(back + 8, cpriv, 32);
    struct sp_object *po = NULL, *pu = NULL;
    T_ASSERT(SP_IS_OK(sp_handle_get(hc, SP_T(SP_OBJ_EPHEMERAL), &po)));
    T_ASSERT(SP_IS_OK(sp_handle_get(hs, SP_T(SP_OBJ_PUBLIC), &pu)));
    size_t zl = 0;
    T_ASSERT(SP_IS_OK(sp_kex_shared_secret(po, pu, false, z, &zl)));
    T_ASSERT(zl == 32);
    T_BYTES(z, want, 32);
    sp_handle_put(po), sp_handle_put(pu);
    free(mine), free(back), free(cpriv), free(spub), free(want), free(cpub);
    t_vec_close(v);
    SslFreeObject(hc, 0), SslFreeObject(hs, 0), SslFreeObject(p, 0);
}

/* ---------------------------------------------------------------------- */
/* RSA                                                                     */
/* ---------------------------------------------------------------------- */

static EVP_PKEY *g_rsa;
static uint8_t *g_rsa_cert;
static size_t g_rsa_cert_len;
static char g_dir[64];

static size_t ossl_rsa_decrypt(const uint8_t *ct, size_t len, uint8_t *out, int pad) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, g_rsa, NULL);
    size_t n = 512;
    if (EVP_PKEY_decrypt_init(c) != 1 || EVP_PKEY_CTX_set_rsa_padding(c, pad) != 1 ||
        EVP_PKEY_decrypt(c, out, &n, ct, len) != 1)
        n = 0;
    EVP_PKEY_CTX_free(c);
    return n;
}

static size_t ossl_rsa_encrypt(const uint8_t *in, size_t len, uint8_t *out, int pad) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, g_rsa, NULL);
    size_t n = 256;
    if (EVP_PKEY_encrypt_init(c) != 1 || EVP_PKEY_CTX_set_rsa_padding(c, pad) != 1 ||
        EVP_PKEY_encrypt(c, out, &n, in, len) != 1)
        n = 0;
    EVP_PKEY_CTX_free(c);
    return n;
}

static void rsa_case(bool ems, bool handoff, DWORD highest) {
    NCRYPT_PROV_HANDLE pc = t_open_provider(true), ps = t_open_provider(true);
    NCRYPT_KEY_HANDLE hpriv = 0, hpub = 0, hpm = 0, mc = 0, ms = 0;
    CERT_CONTEXT cert = kt_cert_ctx(g_rsa_cert, g_rsa_cert_len);
    uint8_t cr[32], sr[32], sh[32], ct[256], pms[512], m1[48], m2[48], want[48];
    DWORD n = 0;
    t_rand(cr, 32), t_rand(sr, 32), t_rand(sh, 32);
    T_OK(SslOpenPrivateKey(ps, &hpriv, &cert, 0));
    /* The client gets the server key from the certificate, or as an RSA public blob. */
    if (handoff) {
        T_OK(SslImportKey(pc, &hpub, SSLPROV_X509_PUBLIC_BLOB, g_rsa_cert, (DWORD)g_rsa_cert_len, 0));
    } else {
        DWORD blen = 0;
        uint8_t *b = kt_export(ps, hpriv, BCRYPT_RSAPUBLIC_BLOB, &blen);
        T_ASSERT(blen == 24 + 3 + 256);
        T_OK(SslImportKey(pc, &hpub, BCRYPT_RSAPUBLIC_BLOB, b, blen, 0));
        free(b);
    }
    struct kt_params kp;
    NCryptBufferDesc *pl = ems ? kt_params(&kp, NULL, NULL, sh, 32, highest) : kt_params(&kp, cr, sr, NULL, 0, highest);
    if (handoff) {
        T_OK(SslGeneratePreMasterKey(pc, hpub, &hpm, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, NULL, 0, &n, 0));
        T_ASSERT(n == 256 && hpm == 0);
        T_OK(SslGeneratePreMasterKey(pc, hpub, &hpm, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, sizeof(ct), &n, 0));
        T_ASSERT(n == 256);
        T_OK(SslGenerateMasterKey(pc, hpm, hpub, &mc, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG));
        T_ASSERT(n == 0);
        /* The premaster itself never leaves in the clear. */
        T_STATUS(SslExportKey(pc, hpm, SSLPROV_SECRET_BLOB, NULL, 0, &n, 0), NTE_NOT_SUPPORTED);
    } else {
        /* Size query: no master key yet. */
        T_OK(SslGenerateMasterKey(pc, 0, hpub, &mc, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG));
        T_ASSERT(n == 256 && mc == 0);
        T_STATUS(SslGenerateMasterKey(pc, 0, hpub, &mc, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 255, &n,
                                      NCRYPT_SSL_CLIENT_FLAG),
                 NTE_BUFFER_TOO_SMALL);
        T_ASSERT(n == 256);
        T_OK(SslGenerateMasterKey(pc, 0, hpub, &mc, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, sizeof(ct), &n,
                                  NCRYPT_SSL_CLIENT_FLAG));
        T_ASSERT(n == 256);
    }
    T_OK(SslImportMasterKey(ps, hpriv, &ms, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, NCRYPT_SSL_SERVER_FLAG));
    T_ASSERT(kt_master_of(pc, mc, m1) && kt_master_of(ps, ms, m2));
    T_BYTES(m1, m2, 48);
    /* Independently: OpenSSL decrypts, the version bytes are the highest version. */
    T_ASSERT(ossl_rsa_decrypt(ct, 256, pms, RSA_PKCS1_PADDING) == 48);
    DWORD v = highest ? highest : TLS1_2_PROTOCOL_VERSION;
    T_ASSERT(pms[0] == (uint8_t)(v >> 8) && pms[1] == (uint8_t)v);
    kt_ossl_master("SHA256", pms, 48, cr, sr, ems ? sh : NULL, 32, want);
    T_BYTES(m1, want, 48);
    NCRYPT_KEY_HANDLE all[] = {hpriv, hpub, mc, ms, pc, ps};
    for (size_t i = 0; i < SP_ARRAY_LEN(all); i++)
        T_OK(SslFreeObject(all[i], 0));
    if (hpm) T_OK(SslFreeObject(hpm, 0));
}

/* RFC 5246 7.4.7.1: a bad ciphertext gives a master key (no error) made from
 * a random premaster - different from the intended one and from call to call. */
static void bad_premaster(NCRYPT_PROV_HANDLE ps, NCRYPT_KEY_HANDLE hpriv, NCryptBufferDesc *pl, const uint8_t *cr,
                          const uint8_t *sr, const uint8_t *ct, DWORD ct_len, const uint8_t intended[48]) {
    NCRYPT_KEY_HANDLE m1 = 0, m2 = 0;
    uint8_t s1[48], s2[48], want[48];
    T_OK(SslImportMasterKey(ps, hpriv, &m1, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, (PBYTE)ct, ct_len,
                            NCRYPT_SSL_SERVER_FLAG));
    T_OK(SslImportMasterKey(ps, hpriv, &m2, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, (PBYTE)ct, ct_len,
                            NCRYPT_SSL_SERVER_FLAG));
    T_ASSERT(kt_master_of(ps, m1, s1) && kt_master_of(ps, m2, s2));
    kt_ossl_master("SHA256", intended, 48, cr, sr, NULL, 0, want);
    T_ASSERT(memcmp(s1, want, 48) != 0);
    T_ASSERT(memcmp(s1, s2, 48) != 0);
    SslFreeObject(m1, 0), SslFreeObject(m2, 0);
}

static void test_rsa_countermeasure(void) {
    NCRYPT_PROV_HANDLE ps = t_open_provider(true);
    NCRYPT_KEY_HANDLE hpriv = 0, m = 0;
    CERT_CONTEXT cert = kt_cert_ctx(g_rsa_cert, g_rsa_cert_len);
    uint8_t cr[32], sr[32], pms[48], ct[256], block[256], s[48], want[48];
    t_rand(cr, 32), t_rand(sr, 32), t_rand(pms, 48);
    pms[0] = 3, pms[1] = 3;
    struct kt_params kp;
    NCryptBufferDesc *pl = kt_params(&kp, cr, sr, NULL, 0, TLS1_2_PROTOCOL_VERSION);
    T_OK(SslOpenPrivateKey(ps, &hpriv, &cert, 0));

    /* A good ciphertext made by OpenSSL decrypts to the intended master secret. */
    T_ASSERT(ossl_rsa_encrypt(pms, 48, ct, RSA_PKCS1_PADDING) == 256);
    T_OK(SslImportMasterKey(ps, hpriv, &m, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, NCRYPT_SSL_SERVER_FLAG));
    T_ASSERT(kt_master_of(ps, m, s));
    kt_ossl_master("SHA256", pms, 48, cr, sr, NULL, 0, want);
    T_BYTES(s, want, 48);
    SslFreeObject(m, 0);

    /* Bad padding: block type 1 instead of 2. */
    memset(block, 0xAB, sizeof(block));
    block[0] = 0, block[1] = 1, block[256 - 49] = 0;
    memcpy(block + 256 - 48, pms, 48);
    T_ASSERT(ossl_rsa_encrypt(block, 256, ct, RSA_NO_PADDING) == 256);
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 256, pms);
    /* Bad padding: no zero separator. */
    block[1] = 2, block[256 - 49] = 0x11;
    T_ASSERT(ossl_rsa_encrypt(block, 256, ct, RSA_NO_PADDING) == 256);
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 256, pms);
    /* Wrong version: 3.1 in the premaster, the client offered 3.3. */
    uint8_t old[48];
    memcpy(old, pms, 48);
    old[1] = 1;
    T_ASSERT(ossl_rsa_encrypt(old, 48, ct, RSA_PKCS1_PADDING) == 256);
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 256, old);
    /* Wrong premaster length: 47 and 49 bytes. */
    T_ASSERT(ossl_rsa_encrypt(pms, 47, ct, RSA_PKCS1_PADDING) == 256);
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 256, pms);
    uint8_t longer[49];
    memcpy(longer, pms, 48), longer[48] = 0;
    T_ASSERT(ossl_rsa_encrypt(longer, 49, ct, RSA_PKCS1_PADDING) == 256);
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 256, pms);
    /* Wrong ciphertext length: truncated, and with a stray length prefix. */
    T_ASSERT(ossl_rsa_encrypt(pms, 48, ct, RSA_PKCS1_PADDING) == 256);
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 255, pms);
    uint8_t prefixed[258];
    prefixed[0] = 1, prefixed[1] = 0;
    memcpy(prefixed + 2, ct, 256);
    bad_premaster(ps, hpriv, pl, cr, sr, prefixed, 258, pms);
    /* Ciphertext not below the modulus. */
    memset(block, 0xFF, sizeof(block));
    bad_premaster(ps, hpriv, pl, cr, sr, block, 256, pms);
    /* Empty ciphertext (issue #12 item 15): a wrong length like the others, so
     * a master key from a random premaster, not an error; with or without a
     * pointer.  A length without bytes is a caller error. */
    bad_premaster(ps, hpriv, pl, cr, sr, ct, 0, pms);
    bad_premaster(ps, hpriv, pl, cr, sr, NULL, 0, pms);
    T_STATUS(
        SslImportMasterKey(ps, hpriv, &m, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, NULL, 256, NCRYPT_SSL_SERVER_FLAG),
        NTE_INVALID_PARAMETER);

    /* Argument checks. */
    /* Windows' SPSslImportMasterKey: dwFlags 0 or SERVER (always the server);
     * other bits NTE_BAD_FLAGS. */
    T_OK(SslImportMasterKey(ps, hpriv, &m, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, 0));
    T_OK(SslFreeObject(m, 0));
    m = 0;
    T_STATUS(SslImportMasterKey(ps, hpriv, &m, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, 1), NTE_BAD_FLAGS);
    T_STATUS(
        SslImportMasterKey(ps, hpriv, NULL, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, NCRYPT_SSL_SERVER_FLAG),
        NTE_INVALID_PARAMETER);
    T_STATUS(
        SslImportMasterKey(ps, hpriv, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, ct, 256, NCRYPT_SSL_SERVER_FLAG),
        NTE_NOT_SUPPORTED);
    T_STATUS(SslImportMasterKey(ps, ps, &m, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, pl, ct, 256, NCRYPT_SSL_SERVER_FLAG),
             NTE_INVALID_HANDLE);
    SslFreeObject(hpriv, 0), SslFreeObject(ps, 0);
}

static void test_rsa(void) {
    char path[128];
    g_rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    T_ASSERT(g_rsa != NULL);
    g_rsa_cert_len = kt_self_signed(g_rsa, &g_rsa_cert);
    kt_mkdtemp(g_dir, sizeof(g_dir));
    snprintf(path, sizeof(path), "%s/server.key", g_dir);
    kt_write_key(g_rsa, path);
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    CERT_CONTEXT cert = kt_cert_ctx(g_rsa_cert, g_rsa_cert_len);
    T_OK(SslProvAddPrivateKeyLocation(p, &cert, path, 0));
    SslFreeObject(p, 0);
    rsa_case(false, false, 0);
    rsa_case(true, false, 0);
    rsa_case(false, true, 0);
    rsa_case(true, true, TLS1_2_PROTOCOL_VERSION);
    rsa_case(false, false, TLS1_1_PROTOCOL_VERSION); /* version bytes from the highest version */
    test_rsa_countermeasure();
    kt_rmdir(g_dir);
    OPENSSL_free(g_rsa_cert);
    EVP_PKEY_free(g_rsa);
}

/* ---------------------------------------------------------------------- */
/* Argument checks                                                         */
/* ---------------------------------------------------------------------- */

static void test_ephemeral_args(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    NCRYPT_KEY_HANDLE h = 0;
    PBYTE prop = NULL;
    DWORD plen = 0;
    T_STATUS(SslCreateEphemeralKey(p, NULL, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 23, 0, NULL, 0, 0),
             NTE_INVALID_PARAMETER);
    /* Windows' SPSslCreateEphemeralKey: 0x2 accepted, other bits an invalid parameter */
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 23, 0, NULL, 0, 1),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslCreateEphemeralKey(0, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 23, 0, NULL, 0, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslCreateEphemeralKey(p, &h, 0x9999, SUITE_ECDHE, 23, 0, NULL, 0, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 99, 0, NULL, 0, 0), NTE_NOT_SUPPORTED);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_RSA, 23, 0, NULL, 0, 0), NTE_NOT_SUPPORTED);
    /* an ECDHE suite cannot take an FFDHE group, nor a DHE suite a curve */
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 256, 0, NULL, 0, 0),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 29, 0, NULL, 0, 0),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 1024, NULL, 0, 0),
             NTE_INVALID_PARAMETER);
    /* malformed DH parameters */
    uint8_t prm[12 + 512] = {0};
    BCRYPT_DH_PARAMETER_HEADER hd = {12 + 512, 0x12345678, 256};
    memcpy(prm, &hd, 12);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 0, prm, sizeof(prm), 0),
             NTE_INVALID_PARAMETER);
    hd.dwMagic = BCRYPT_DH_PARAMETERS_MAGIC;
    memcpy(prm, &hd, 12);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 0, prm, sizeof(prm), 0),
             NTE_INVALID_PARAMETER); /* p = 0 */
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, 0, 0, prm, 100, 0),
             NTE_INVALID_PARAMETER);
    /* dwKeyType 0: ECDHE picks by dwKeyBitLen */
    static const struct {
        DWORD bits, want;
    } by_bits[] = {{0, 23}, {256, 23}, {384, 24}, {521, 25}, {255, 29}, {448, 30}};
    for (size_t i = 0; i < SP_ARRAY_LEN(by_bits); i++) {
        T_OK(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 0, by_bits[i].bits, NULL, 0, 0));
        T_OK(SslGetKeyProperty(h, SSL_KEY_TYPE_PROPERTY, &prop, &plen, 0));
        T_ASSERT(plen == 4 && *(DWORD *)prop == by_bits[i].want);
        SslFreeBuffer(prop);
        SslFreeObject(h, 0);
    }
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 0, 512, NULL, 0, 0),
             NTE_INVALID_PARAMETER);
    /* TLS 1.3: any suite of its catalogue, the group named by dwKeyType */
    T_OK(SslCreateEphemeralKey(p, &h, TLS1_3_PROTOCOL_VERSION, 0x1301, 29, 0, NULL, 0, 0));
    SslFreeObject(h, 0);
    T_OK(SslCreateEphemeralKey(p, &h, TLS1_3_PROTOCOL_VERSION, 0x1302, 256, 0, NULL, 0, 0));
    SslFreeObject(h, 0);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_3_PROTOCOL_VERSION, 0x1301, 0, 0, NULL, 0, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslCreateEphemeralKey(p, &h, TLS1_3_PROTOCOL_VERSION, SUITE_ECDHE, 29, 0, NULL, 0, 0), NTE_NOT_SUPPORTED);
    SslFreeObject(p, 0);
}

static void test_master_args(void) {
    NCRYPT_PROV_HANDLE p = t_open_provider(false);
    NCRYPT_KEY_HANDLE a = 0, b = 0, pa = 0, m = 0, c = 0;
    uint8_t cr[32] = {1}, sr[32] = {2};
    DWORD n = 0, len = 0;
    struct kt_params kp;
    NCryptBufferDesc *pl = kt_params(&kp, cr, sr, NULL, 0, 0);
    T_OK(SslCreateEphemeralKey(p, &a, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 23, 0, NULL, 0, 0));
    T_OK(SslCreateEphemeralKey(p, &b, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 24, 0, NULL, 0, 0));
    T_OK(SslCreateEphemeralKey(p, &c, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, 23, 0, NULL, 0, 0));
    uint8_t *pub = kt_export(p, b, BCRYPT_ECCPUBLIC_BLOB, &len);
    T_OK(SslImportKey(p, &pa, BCRYPT_ECCPUBLIC_BLOB, pub, len, 0));
    /* curves differ */
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    /* our own ephemeral key is not a peer public key */
    T_STATUS(SslGenerateMasterKey(p, a, c, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_HANDLE);
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n, 0),
             NTE_BAD_FLAGS);
    /* Windows: bits beyond CLIENT|SERVER are NTE_BAD_FLAGS; 3 is the client
     * (checked in test_windows_behaviour.c), here refused for the curves. */
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n, 4),
             NTE_BAD_FLAGS);
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n, 3),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslGenerateMasterKey(p, a, pa, NULL, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    /* A failed call leaves *phMasterKey 0 (pcbResult may be NULL on the
     * (EC)DHE path, as on Windows: test_windows_behaviour.c). */
    m = 0x1234;
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, pl, NULL, 0, NULL,
                                  NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    T_ASSERT(m == 0);
    T_STATUS(
        SslGenerateMasterKey(p, a, pa, &m, TLS1_3_PROTOCOL_VERSION, 0x1301, pl, NULL, 0, &n, NCRYPT_SSL_CLIENT_FLAG),
        NTE_NOT_SUPPORTED);
    /* randoms are required without EMS; a NULL list too */
    NCryptBufferDesc *only_cr = kt_params(&kp, cr, NULL, NULL, 0, 0);
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, only_cr, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    T_STATUS(SslGenerateMasterKey(p, a, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_ECDHE, NULL, NULL, 0, &n,
                                  NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    /* a DHE suite with EC keys */
    T_STATUS(SslGenerateMasterKey(p, b, pa, &m, TLS1_2_PROTOCOL_VERSION, SUITE_DHE, kt_params(&kp, cr, sr, NULL, 0, 0),
                                  NULL, 0, &n, NCRYPT_SSL_CLIENT_FLAG),
             NTE_INVALID_PARAMETER);
    T_ASSERT(m == 0);
    free(pub);
    SslFreeObject(a, 0), SslFreeObject(b, 0), SslFreeObject(c, 0), SslFreeObject(pa, 0), SslFreeObject(p, 0);
}

int main(void) {
    t_rand_init();
    test_ecdhe();
    test_master_export_refused();
    test_keygen_threads();
    test_dhe();
    test_rfc7919_params();
    test_rfc8448_x25519();
    test_rsa();
    test_ephemeral_args();
    test_master_args();
    return t_done();
}
