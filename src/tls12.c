/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls12.c - the SSL 3.0 - TLS 1.2 key schedule (issue #2): master keys and their
 * blobs, SslGenerateSessionKeys, SslComputeFinishedHash, SslComputeEapKeyBlock,
 * SslExportKeyingMaterial.  The PRFs themselves are in prf.c.
 */
#include "internal.h"

void sp_master_destroy(struct sp_object *o) { sp_free_secret(o, sizeof(struct sp_master)); }

SP_RESULT sp_master_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD role,
                        const uint8_t secret[SP_MASTER_SECRET_LEN], struct sp_master **out) {
    struct sp_master *m = sp_zalloc(sizeof(*m));
    ENSURE(m != NULL, NTE_NO_MEMORY);
    sp_object_init(&m->obj, SP_OBJ_MASTER, prov);
    m->protocol = protocol;
    m->suite = suite;
    m->role = role;
    memcpy(m->secret, secret, SP_MASTER_SECRET_LEN);
    /* Key the PRF once: every derivation from this master (key block, Finished,
     * exporters, EAP) then starts from the HMAC states.  SSL 3.0 has no HMAC. */
    if (protocol != SSL3_PROTOCOL_VERSION) {
        sp_result r = sp_prf_key_init(&m->prf, sp_suite_prf(protocol, suite), secret, SP_MASTER_SECRET_LEN);
        if (!SP_IS_OK(r)) {
            sp_object_unref(&m->obj);
            return r;
        }
    }
    *out = m;
    return SP_OK;
}

SP_RESULT sp_master_from_premaster(DWORD protocol, const struct sp_suite *suite, const uint8_t *pms, size_t pms_len,
                                   const uint8_t cr[32], const uint8_t sr[32], const uint8_t *session_hash,
                                   size_t session_hash_len, uint8_t out[SP_MASTER_SECRET_LEN]) {
    enum sp_hash prf = sp_suite_prf(protocol, suite);
    bool ssl3 = protocol == SSL3_PROTOCOL_VERSION;
    if (session_hash != NULL) {
        /* RFC 7627 section 4: PRF(pms, "extended master secret", session_hash). */
        ENSURE(!ssl3, NTE_NOT_SUPPORTED); /* RFC 7627 5.2: no extended master secret in SSL 3.0 */
        return sp_prf(prf, false, pms, pms_len, "extended master secret", session_hash, session_hash_len, NULL, 0, out,
                      SP_MASTER_SECRET_LEN);
    }
    /* RFC 5246 section 8.1: PRF(pms, "master secret", client_random + server_random). */
    return sp_prf(prf, ssl3, pms, pms_len, "master secret", cr, 32, sr, 32, out, SP_MASTER_SECRET_LEN);
}

SP_RESULT sp_master_publish(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD role,
                            const uint8_t secret[SP_MASTER_SECRET_LEN], sp_props inputs, const uint8_t *cr,
                            NCRYPT_KEY_HANDLE *out) {
    struct sp_master *m = NULL;
    GUARD(sp_master_new(prov, protocol, suite, role, secret, &m));
    sp_object_derive_props(&m->obj, inputs); /* internal.h: sp_object_derive */
    if (cr != NULL && m->obj.loggable) sp_keylog(prov, "CLIENT_RANDOM", cr, secret, SP_MASTER_SECRET_LEN);
    return sp_handle_publish(&m->obj, out);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

static uint32_t get_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool is_role(DWORD role) { return role == NCRYPT_SSL_CLIENT_FLAG || role == NCRYPT_SSL_SERVER_FLAG; }

/* (protocol, suite) valid for the TLS <= 1.2 key schedule. */
static SP_RESULT legacy_suite(DWORD protocol, DWORD suite, const struct sp_suite **out) {
    ENSURE((sp_proto_bit_of(protocol) & SP_P_LEGACY) != 0, NTE_NOT_SUPPORTED);
    return sp_suite_for(protocol, suite, out);
}

/* The key-block partition (RFC 5246 section 6.3, RFC 2246 section 6.3, RFC 6101
 * section 6.2.2): client MAC, server MAC, client key, server key, client IV,
 * server IV, each part as long as sp_record_material_lengths says (record.c). */
#define KB_MAX (2 * (SP_RECORD_MAX_MAC + SP_RECORD_MAX_KEY + SP_RECORD_MAX_IV))

/* The master key's PRF over label || seed parts: keyed states for TLS, the
 * SSL 3.0 KDF (no label) for SSL 3.0. */
static SP_RESULT master_prf(const struct sp_master *m, const struct sp_prf_part *parts, size_t n, uint8_t *out,
                            size_t len) {
    if (m->protocol == SSL3_PROTOCOL_VERSION)
        return sp_prf_parts(SP_HASH_NONE, true, m->secret, SP_MASTER_SECRET_LEN, parts, n, out, len);
    return sp_prf_keyed(&m->prf, parts, n, out, len);
}

/* key_block = PRF(master, "key expansion", server_random || client_random)
 * (RFC 5246 section 6.3; RFC 6101 section 6.2.2 without label). */
static SP_RESULT key_block(const struct sp_master *m, const uint8_t cr[32], const uint8_t sr[32], uint8_t *out,
                           size_t len) {
    static const char k_label[] = "key expansion";
    const struct sp_prf_part parts[3] = {{(const uint8_t *)k_label, sizeof(k_label) - 1}, {sr, 32}, {cr, 32}};
    return master_prf(m, parts, 3, out, len);
}

/* ------------------------------------------------------------------------ */
/* Key blobs: SSLPROV_MASTER_SECRET_BLOB, SSLPROV_SESSION_KEY_BLOB, opaque    */
/* ------------------------------------------------------------------------ */

static SP_RESULT tls12_import_blob(struct sp_provider *prov, LPCWSTR type, const uint8_t *blob, size_t len, DWORD flags,
                                   struct sp_object **out) {
    SSLPROV_MASTER_SECRET_HEADER hdr;
    const struct sp_suite *suite = NULL;
    struct sp_master *m = NULL;
    ENSURE(sp_wcseq(type, SSLPROV_MASTER_SECRET_BLOB), NTE_NOT_SUPPORTED);
    ENSURE(flags == 0, NTE_BAD_FLAGS);
    ENSURE(len >= sizeof(hdr), NTE_INVALID_PARAMETER);
    memcpy(&hdr, blob, sizeof(hdr));
    ENSURE(hdr.dwMagic == SSLPROV_MASTER_SECRET_MAGIC, NTE_INVALID_PARAMETER);
    ENSURE(hdr.cbSecret == SP_MASTER_SECRET_LEN && len == sizeof(hdr) + SP_MASTER_SECRET_LEN, NTE_INVALID_PARAMETER);
    ENSURE(is_role(hdr.dwFlags), NTE_INVALID_PARAMETER);
    GUARD(legacy_suite(hdr.dwProtocol, hdr.dwCipherSuite, &suite));
    GUARD(sp_master_new(prov, hdr.dwProtocol, suite, hdr.dwFlags, blob + sizeof(hdr), &m));
    *out = &m->obj;
    return SP_OK;
}

static void put_master_blob(const struct sp_master *m, uint8_t *out) {
    SSLPROV_MASTER_SECRET_HEADER hdr = {SSLPROV_MASTER_SECRET_MAGIC, m->protocol, m->suite->id, m->role,
                                        SP_MASTER_SECRET_LEN};
    memcpy(out, &hdr, sizeof(hdr));
    memcpy(out + sizeof(hdr), m->secret, SP_MASTER_SECRET_LEN);
}

static void put_session_blob(struct sp_record_key *k, uint8_t *out) {
    struct sp_record_material l;
    sp_record_key_material(k, out + sizeof(SSLPROV_SESSION_KEY_HEADER), &l);
    SSLPROV_SESSION_KEY_HEADER hdr = {
        SSLPROV_SESSION_KEY_MAGIC, k->protocol, sp_rk_suite(k)->id, sp_rk_owner(k), l.mac, l.key, l.iv};
    memcpy(out, &hdr, sizeof(hdr));
}

static SP_RESULT tls12_export_blob(struct sp_provider *prov, struct sp_object *obj, LPCWSTR type, uint8_t *out,
                                   size_t cap, size_t *needed, DWORD flags) {
    size_t n;
    if (obj->type == SP_OBJ_MASTER) {
        ENSURE(sp_wcseq(type, SSLPROV_MASTER_SECRET_BLOB), NTE_NOT_SUPPORTED);
        n = sizeof(SSLPROV_MASTER_SECRET_HEADER) + SP_MASTER_SECRET_LEN;
    } else if (obj->type == SP_OBJ_RECORD) {
        struct sp_record_material l;
        sp_rk_lengths((const struct sp_record_key *)obj, &l);
        ENSURE(sp_wcseq(type, SSLPROV_SESSION_KEY_BLOB), NTE_NOT_SUPPORTED);
        n = sizeof(SSLPROV_SESSION_KEY_HEADER) + l.mac + l.key + l.iv;
    } else {
        BAIL(NTE_NOT_SUPPORTED);
    }
    ENSURE(flags == 0, NTE_BAD_FLAGS);
    ENSURE(sp_export_allowed(prov, obj), NTE_PERM); /* header, "Secret export" */
    *needed = n;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= n, NTE_BUFFER_TOO_SMALL);
    if (obj->type == SP_OBJ_MASTER)
        put_master_blob((const struct sp_master *)obj, out);
    else
        put_session_blob((struct sp_record_key *)obj, out);
    return SP_OK;
}

/* Opaque state (sealed by keyblob.c):
 *   master: protocol(4) suite(4) role(4) secret(48)
 *   record: protocol(4) suite(4) owner(4) for_write(1) mac_len(1) key_len(1)
 *           iv_len(1) mac_key key iv */
#define MASTER_STATE_LEN (12 + SP_MASTER_SECRET_LEN)
#define RECORD_STATE_HDR 16

static SP_RESULT tls12_serialize(struct sp_object *obj, uint8_t *out, size_t cap, size_t *len) {
    if (obj->type == SP_OBJ_MASTER) {
        const struct sp_master *m = (const struct sp_master *)obj;
        *len = MASTER_STATE_LEN;
        if (out == NULL) return SP_OK;
        ENSURE(cap >= MASTER_STATE_LEN, NTE_BUFFER_TOO_SMALL);
        sp_be32(out, m->protocol);
        sp_be32(out + 4, m->suite->id);
        sp_be32(out + 8, m->role);
        memcpy(out + 12, m->secret, SP_MASTER_SECRET_LEN);
        return SP_OK;
    }
    ENSURE(obj->type == SP_OBJ_RECORD, NTE_NOT_SUPPORTED);
    struct sp_record_key *k = (struct sp_record_key *)obj;
    struct sp_record_material l;
    sp_rk_lengths(k, &l);
    /* An RC4 key's state is its keystream position, which lives in the cipher
     * context and is not carried: a re-imported copy would restart the
     * keystream and encrypt again under bytes already used (a two-time pad).
     * Stateful stream keys do not leave (issue #12 item 10). */
    ENSURE(sp_rk_ci(k)->mode != SP_MODE_STREAM || l.key == 0, NTE_NOT_SUPPORTED);
    size_t n = RECORD_STATE_HDR + l.mac + l.key + l.iv;
    *len = n;
    if (out == NULL) return SP_OK;
    ENSURE(cap >= n, NTE_BUFFER_TOO_SMALL);
    sp_be32(out, k->protocol);
    sp_be32(out + 4, sp_rk_suite(k)->id);
    sp_be32(out + 8, sp_rk_owner(k));
    out[12] = sp_rk_for_write(k) ? 1 : 0;
    out[13] = l.mac, out[14] = l.key, out[15] = l.iv;
    sp_record_key_material(k, out + RECORD_STATE_HDR, &l);
    return SP_OK;
}

static SP_RESULT tls12_deserialize(struct sp_provider *prov, uint32_t obj_type, const uint8_t *in, size_t len,
                                   struct sp_object **out) {
    const struct sp_suite *suite = NULL;
    if (obj_type == SP_OBJ_MASTER) {
        struct sp_master *m = NULL;
        ENSURE(len == MASTER_STATE_LEN, NTE_BAD_DATA);
        DWORD protocol = get_be32(in), role = get_be32(in + 8);
        ENSURE(is_role(role), NTE_BAD_DATA);
        GUARD(legacy_suite(protocol, get_be32(in + 4), &suite));
        GUARD(sp_master_new(prov, protocol, suite, role, in + 12, &m));
        *out = &m->obj;
        return SP_OK;
    }
    ENSURE(obj_type == SP_OBJ_RECORD, NTE_BAD_DATA);
    struct sp_record_key *k = NULL;
    ENSURE(len >= RECORD_STATE_HDR, NTE_BAD_DATA);
    DWORD protocol = get_be32(in), owner = get_be32(in + 8);
    size_t mac = in[13], key = in[14], iv = in[15];
    ENSURE(is_role(owner) && in[12] <= 1, NTE_BAD_DATA);
    ENSURE(len == RECORD_STATE_HDR + mac + key + iv, NTE_BAD_DATA);
    ENSURE(mac <= SP_RECORD_MAX_MAC && key <= SP_RECORD_MAX_KEY && iv <= SP_RECORD_MAX_IV, NTE_BAD_DATA);
    if (protocol == TLS1_3_PROTOCOL_VERSION) {
        /* TLS 1.3 write keys (SslExpandWriteKey) are record keys too. */
        suite = sp_suite_find(get_be32(in + 4));
        ENSURE(suite != NULL && (suite->protocols & SP_P_TLS13) != 0, NTE_BAD_DATA);
    } else {
        GUARD(legacy_suite(protocol, get_be32(in + 4), &suite));
    }
    const uint8_t *p = in + RECORD_STATE_HDR;
    GUARD(sp_record_key_new(prov, protocol, suite, owner, in[12] == 1, p, mac, p + mac, key, p + mac + key, iv, &k));
    *out = &k->obj;
    return SP_OK;
}

const struct sp_key_ops sp_tls12_key_ops = {tls12_import_blob, tls12_export_blob, tls12_serialize, tls12_deserialize};

/* ------------------------------------------------------------------------ */
/* SslGenerateSessionKeys                                                    */
/* ------------------------------------------------------------------------ */

static SP_RESULT generate_session_keys(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hMaster, NCRYPT_KEY_HANDLE *phRead,
                                       NCRYPT_KEY_HANDLE *phWrite, const NCryptBufferDesc *params, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    struct sp_record_key *ck = NULL, *sk = NULL;
    NCRYPT_KEY_HANDLE hc = 0, hs = 0;
    uint8_t cr[32], sr[32], kb[KB_MAX];
    struct sp_record_material l = {0, 0, 0};
    /* The record keys are created for the calling provider (validated
     * read-only: see struct sp_provider). */
    TRY(sp_provider_get(hProv, &prov));
    CHECK(phRead != NULL && phWrite != NULL && phRead != phWrite, NTE_INVALID_PARAMETER);
    *phRead = 0, *phWrite = 0;
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(sp_handle_get(hMaster, SP_T(SP_OBJ_MASTER), &obj));
    TRY(sp_params_randoms(params, cr, sr));
    const struct sp_master *m = (const struct sp_master *)obj;
    struct sp_provider *kprov = prov;
    sp_record_material_lengths(m->protocol, m->suite, &l);
    TRY(key_block(m, cr, sr, kb, 2 * (l.mac + l.key + l.iv)));
    const uint8_t *cmac = kb, *smac = kb + l.mac, *ckey = kb + 2 * l.mac, *skey = ckey + l.key;
    const uint8_t *civ = skey + l.key, *siv = civ + l.iv;
    /* Reference 11.6: the client writes with client_write_* and reads with
     * server_write_*; the server the reverse. */
    bool client = m->role == NCRYPT_SSL_CLIENT_FLAG;
    TRY(sp_record_key_new(kprov, m->protocol, m->suite, NCRYPT_SSL_CLIENT_FLAG, client, cmac, l.mac, ckey, l.key, civ,
                          l.iv, &ck));
    TRY(sp_record_key_new(kprov, m->protocol, m->suite, NCRYPT_SSL_SERVER_FLAG, !client, smac, l.mac, skey, l.key, siv,
                          l.iv, &sk));
    /* The keys are the master's: never more exportable than it, whichever
     * provider derives them (issue #12 item 2 (b)). */
    sp_object_derive(&ck->obj, obj);
    sp_object_derive(&sk->obj, obj);
    res = sp_handle_publish(&ck->obj, &hc);
    ck = NULL; /* published or destroyed */
    if (!SP_IS_OK(res)) goto cleanup;
    res = sp_handle_publish(&sk->obj, &hs);
    sk = NULL;
    if (!SP_IS_OK(res)) {
        sp_result closed = sp_handle_close(hc, NULL); /* the first key dies with the call */
        SP_UNUSED(closed);
        goto cleanup;
    }
    *phWrite = client ? hc : hs;
    *phRead = client ? hs : hc;
cleanup:
    sp_wipe(kb, 2 * (l.mac + l.key + l.iv)); /* the part the PRF wrote */
    sp_object_unref(ck ? &ck->obj : NULL);
    sp_object_unref(sk ? &sk->obj : NULL);
    sp_handle_put(obj);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGenerateSessionKeys(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hMasterKey,
                                                          NCRYPT_KEY_HANDLE *phReadKey, NCRYPT_KEY_HANDLE *phWriteKey,
                                                          PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    return sp_status(generate_session_keys(hSslProvider, hMasterKey, phReadKey, phWriteKey, pParameterList, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* SslComputeFinishedHash                                                    */
/* ------------------------------------------------------------------------ */

/* SSL 3.0 Finished, RFC 6101 section 5.6.9:
 *   md5_hash = MD5(master + pad2 + MD5(handshake_messages + Sender + master + pad1))
 *   sha_hash = SHA(master + pad2 + SHA(handshake_messages + Sender + master + pad1))
 * pad1/pad2 = 0x36/0x5c repeated 48 times for MD5, 40 times for SHA. */
static SP_RESULT ssl3_finished(const struct sp_master *m, struct sp_hshash *h, bool client, uint8_t out[36]) {
    static const uint8_t k_sender[2][4] = {{0x53, 0x52, 0x56, 0x52}, {0x43, 0x4C, 0x4E, 0x54}}; /* SRVR, CLNT */
    sp_result res = SP_OK;
    EVP_MD_CTX *c = NULL;
    uint8_t pad[48], inner[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    size_t off = 0;
    for (int i = 0; i < 2; i++) {
        size_t npad = i == 0 ? 48 : 40;
        TRY(sp_hash_copy_md(h, i, &c));
        memset(pad, 0x36, npad);
        TRY_OSSL(EVP_DigestUpdate(c, k_sender[client], 4));
        TRY_OSSL(EVP_DigestUpdate(c, m->secret, SP_MASTER_SECRET_LEN));
        TRY_OSSL(EVP_DigestUpdate(c, pad, npad));
        TRY_OSSL(EVP_DigestFinal_ex(c, inner, &n));
        memset(pad, 0x5c, npad);
        TRY_OSSL(EVP_DigestInit_ex(c, sp_md(i == 0 ? SP_HASH_MD5 : SP_HASH_SHA1), NULL));
        TRY_OSSL(EVP_DigestUpdate(c, m->secret, SP_MASTER_SECRET_LEN));
        TRY_OSSL(EVP_DigestUpdate(c, pad, npad));
        TRY_OSSL(EVP_DigestUpdate(c, inner, n));
        TRY_OSSL(EVP_DigestFinal_ex(c, out + off, &n));
        off += n;
        EVP_MD_CTX_free(c);
        c = NULL;
    }
cleanup:
    SP_WIPE_BUF(inner);
    EVP_MD_CTX_free(c);
    return res;
}

static SP_RESULT finished_hash(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hMaster, NCRYPT_HASH_HANDLE hHash,
                               uint8_t *out, DWORD cb, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    struct sp_hshash *h = NULL;
    uint8_t dg[64], vd[36];
    size_t dlen = 0;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL, NTE_INVALID_PARAMETER);
    TRY(sp_handle_get(hMaster, SP_T(SP_OBJ_MASTER) | SP_T(SP_OBJ_TLS13), &obj));
    TRY(sp_hash_get(hHash, &h));
    if (obj->type == SP_OBJ_TLS13) {
        /* Reference 11.13: the TLS 1.3 Finished key comes from the handshake
         * traffic secret itself; as Windows (SPSslComputeFinishedHash), the
         * role bits are not read, only other bits are NTE_BAD_FLAGS. */
        CHECK((flags & ~(DWORD)(NCRYPT_SSL_CLIENT_FLAG | NCRYPT_SSL_SERVER_FLAG)) == 0, NTE_BAD_FLAGS);
        TRY(sp_tls13_finished((struct sp_tls13_secret *)obj, h, out, cb));
        goto cleanup;
    }
    CHECK(is_role(flags), NTE_BAD_FLAGS);
    const struct sp_master *m = (const struct sp_master *)obj;
    bool ssl3 = m->protocol == SSL3_PROTOCOL_VERSION;
    enum sp_hash prf = sp_suite_prf(m->protocol, m->suite);
    /* The transcript must be the one the master key's protocol hashes:
     * MD5 + SHA-1 before TLS 1.2, the suite's PRF hash in TLS 1.2. */
    CHECK(h->alg == prf, NTE_BAD_HASH);
    CHECK(cb == (ssl3 ? 36u : 12u), NTE_INVALID_PARAMETER);
    bool client = flags == NCRYPT_SSL_CLIENT_FLAG;
    if (ssl3) {
        TRY(ssl3_finished(m, h, client, vd));
    } else {
        /* RFC 5246 section 7.4.9 (RFC 2246 section 7.4.9): verify_data =
         * PRF(master, finished_label, Hash(handshake_messages))[0..11]. */
        const char *label = client ? "client finished" : "server finished";
        TRY(sp_hash_digest(h, dg, &dlen));
        const struct sp_prf_part parts[2] = {{(const uint8_t *)label, strlen(label)}, {dg, dlen}};
        TRY(master_prf(m, parts, 2, vd, 12));
    }
    memcpy(out, vd, cb);
cleanup:
    SP_WIPE_BUF(vd);
    sp_handle_put(h ? &h->obj : NULL);
    sp_handle_put(obj);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeFinishedHash(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hMasterKey,
                                                          NCRYPT_HASH_HANDLE hHandshakeHash, PBYTE pbOutput,
                                                          DWORD cbOutput, DWORD dwFlags) {
    return sp_status(finished_hash(hSslProvider, hMasterKey, hHandshakeHash, pbOutput, cbOutput, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* SslComputeEapKeyBlock                                                     */
/* ------------------------------------------------------------------------ */

/* Reference 11.8: the low byte of dwFlags picks the method; sizes in the header. */
static SP_RESULT eap_method(DWORD method, const char **label, size_t *len) {
    switch (method) {
    case NCRYPT_SSL_EAP_ID: *label = "client EAP encryption", *len = SSLPROV_EAP_TLS_KEY_LEN; return SP_OK;
    case NCRYPT_SSL_EAP_TTLSV0_ID: *label = "ttls keying material", *len = SSLPROV_EAP_TTLS_KEY_LEN; return SP_OK;
    case NCRYPT_SSL_EAP_TTLSV0_CHLNG_ID: *label = "ttls challenge", *len = SSLPROV_EAP_TTLS_CHALLENGE_LEN; return SP_OK;
    case NCRYPT_SSL_EAP_FAST_ID: *label = "key expansion", *len = SSLPROV_EAP_FAST_KEY_LEN; return SP_OK;
    default: BAIL(NTE_BAD_FLAGS);
    }
}

static SP_RESULT eap_key_block(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hMaster, const uint8_t *randoms,
                               DWORD cb_randoms, uint8_t *out, DWORD cap, DWORD *result, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    uint8_t buf[KB_MAX + SSLPROV_EAP_FAST_KEY_LEN];
    const char *label = NULL;
    size_t len = 0, skip = 0;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(result != NULL, NTE_INVALID_PARAMETER);
    CHECK((flags & ~(DWORD)NCRYPT_SSL_EAP_PRF_FIELD) == 0, NTE_BAD_FLAGS);
    TRY(eap_method(flags & NCRYPT_SSL_EAP_PRF_FIELD, &label, &len));
    TRY(sp_handle_get(hMaster, SP_T(SP_OBJ_MASTER), &obj));
    CHECK(randoms != NULL && cb_randoms == 64, NTE_INVALID_PARAMETER);
    const struct sp_master *m = (const struct sp_master *)obj;
    /* Every EAP method is defined over the TLS PRF; SSL 3.0 has none. */
    CHECK(m->protocol != SSL3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED);
    *result = (DWORD)len;
    if (out == NULL) goto cleanup;
    CHECK(cap >= len, NTE_BUFFER_TOO_SMALL);
    if ((flags & NCRYPT_SSL_EAP_PRF_FIELD) == NCRYPT_SSL_EAP_FAST_ID) {
        /* RFC 4851 section 5.1: session_key_seed follows the connection's key
         * material in key_block = PRF(master, "key expansion", SR || CR). */
        struct sp_record_material l;
        sp_record_material_lengths(m->protocol, m->suite, &l);
        skip = 2 * (l.mac + l.key + l.iv);
        TRY(key_block(m, randoms, randoms + 32, buf, skip + len));
    } else {
        /* RFC 5216 section 2.3, RFC 5281 sections 8 and 11.1:
         * PRF(master, label, client.random || server.random). */
        const struct sp_prf_part parts[2] = {{(const uint8_t *)label, strlen(label)}, {randoms, 64}};
        TRY(master_prf(m, parts, 2, buf, len));
    }
    memcpy(out, buf + skip, len);
cleanup:
    SP_WIPE_BUF(buf);
    sp_handle_put(obj);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeEapKeyBlock(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hMasterKey,
                                                         PBYTE pbRandoms, DWORD cbRandoms, PBYTE pbOutput,
                                                         DWORD cbOutput, DWORD *pcbResult, DWORD dwFlags) {
    return sp_status(
        eap_key_block(hSslProvider, hMasterKey, pbRandoms, cbRandoms, pbOutput, cbOutput, pcbResult, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* SslExportKeyingMaterial (RFC 5705)                                        */
/* ------------------------------------------------------------------------ */

/* RFC 5705 section 4: exporter labels must not collide with the PRF labels TLS
 * itself uses; allowing them would hand out Finished values, the master secret
 * or the record keys. */
static bool reserved_label(const char *label) {
    static const char *const k_reserved[] = {"client finished", "server finished", "master secret", "key expansion",
                                             "extended master secret"};
    for (size_t i = 0; i < SP_ARRAY_LEN(k_reserved); i++)
        if (strcmp(label, k_reserved[i]) == 0) return true;
    return false;
}

static SP_RESULT export_keying_material(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hMaster, const char *label,
                                        const uint8_t *randoms, DWORD cb_randoms, const uint8_t *context,
                                        WORD cb_context, uint8_t *out, DWORD cb_out, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct sp_object *obj = NULL;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(flags == 0, NTE_BAD_FLAGS);
    CHECK(label != NULL && out != NULL && cb_out > 0, NTE_INVALID_PARAMETER);
    CHECK(context != NULL || cb_context == 0, NTE_INVALID_PARAMETER);
    TRY(sp_handle_get(hMaster, SP_T(SP_OBJ_MASTER) | SP_T(SP_OBJ_TLS13), &obj));
    if (obj->type == SP_OBJ_TLS13) {
        /* RFC 8446 section 7.5; randoms are an error in TLS 1.3 (header). */
        CHECK(randoms == NULL && cb_randoms == 0, NTE_INVALID_PARAMETER);
        TRY(sp_tls13_export_keying_material((struct sp_tls13_secret *)obj, label, context, cb_context, out, cb_out));
        goto cleanup;
    }
    const struct sp_master *m = (const struct sp_master *)obj;
    CHECK(randoms != NULL && cb_randoms == 64, NTE_INVALID_PARAMETER);
    CHECK(m->protocol != SSL3_PROTOCOL_VERSION, NTE_NOT_SUPPORTED); /* RFC 5705 needs the TLS PRF */
    CHECK(!reserved_label(label), NTE_INVALID_PARAMETER);
    /* RFC 5705 section 4: PRF(master, label, client_random || server_random
     * [|| context_value_length (uint16) || context_value]).  As Windows does,
     * the context is appended only when cbContextValue != 0: (pointer, 0) and
     * (NULL, 0) both mean "no context". */
    uint8_t len16[2];
    sp_be16(len16, cb_context);
    struct sp_prf_part parts[4] = {
        {(const uint8_t *)label, strlen(label)},
        {randoms, 64},
        {len16, 2},
        {context, cb_context},
    };
    TRY(master_prf(m, parts, cb_context != 0 ? 4 : 2, out, cb_out));
cleanup:
    sp_handle_put(obj);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExportKeyingMaterial(NCRYPT_PROV_HANDLE hSslProvider,
                                                           NCRYPT_KEY_HANDLE hMasterKey, PCHAR sLabel, PBYTE pbRandoms,
                                                           DWORD cbRandoms, PBYTE pbContextValue, WORD cbContextValue,
                                                           PBYTE pbOutput, DWORD cbOutput, DWORD dwFlags) {
    return sp_status(export_keying_material(hSslProvider, hMasterKey, sLabel, pbRandoms, cbRandoms, pbContextValue,
                                            cbContextValue, pbOutput, cbOutput, dwFlags));
}
