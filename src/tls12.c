/*
 * tls12.c - the SSL 3.0 - TLS 1.2 key schedule (issue #2).  STUB: replaced by
 * the key-schedule work.
 */
#include "internal.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>

static void master_destroy(struct sp_object *o) { sp_free_secret(o, sizeof(struct sp_master)); }

SP_RESULT sp_master_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD role,
                        const uint8_t secret[SP_MASTER_SECRET_LEN], struct sp_master **out) {
    struct sp_master *m = sp_zalloc(sizeof(*m));
    ENSURE(m != NULL, NTE_NO_MEMORY);
    sp_object_init(&m->obj, SP_OBJ_MASTER, prov, master_destroy);
    m->protocol = protocol;
    m->suite = suite;
    m->role = role;
    memcpy(m->secret, secret, SP_MASTER_SECRET_LEN);
    *out = m;
    return SP_OK;
}

/* Baseline PRF through EVP_KDF "TLS1-PRF" (correct, not fast); the SSL 3.0 KDF
 * of RFC 6101 section 6.2.2 with EVP digests.  The key-schedule work replaces
 * this with the measured-faster implementation in prf.c. */
static SP_RESULT ssl3_kdf(const uint8_t *secret, size_t secret_len, const uint8_t *s1, size_t l1,
                          const uint8_t *s2, size_t l2, uint8_t *out, size_t out_len) {
    sp_result res = SP_OK;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint8_t sha[20], md5[16], salt[26];
    CHECK(c != NULL, NTE_NO_MEMORY);
    for (size_t i = 0, off = 0; off < out_len; i++) {
        CHECK(i < 26, NTE_INVALID_PARAMETER);
        memset(salt, 'A' + (int)i, i + 1);
        unsigned n;
        TRY_OSSL(EVP_DigestInit_ex(c, sp_md(SP_HASH_SHA1), NULL));
        TRY_OSSL(EVP_DigestUpdate(c, salt, i + 1));
        TRY_OSSL(EVP_DigestUpdate(c, secret, secret_len));
        TRY_OSSL(EVP_DigestUpdate(c, s1, l1));
        TRY_OSSL(EVP_DigestUpdate(c, s2, l2));
        TRY_OSSL(EVP_DigestFinal_ex(c, sha, &n));
        TRY_OSSL(EVP_DigestInit_ex(c, sp_md(SP_HASH_MD5), NULL));
        TRY_OSSL(EVP_DigestUpdate(c, secret, secret_len));
        TRY_OSSL(EVP_DigestUpdate(c, sha, sizeof(sha)));
        TRY_OSSL(EVP_DigestFinal_ex(c, md5, &n));
        size_t take = out_len - off < 16 ? out_len - off : 16;
        memcpy(out + off, md5, take);
        off += take;
    }
cleanup:
    SP_WIPE_BUF(sha);
    SP_WIPE_BUF(md5);
    EVP_MD_CTX_free(c);
    return res;
}

SP_RESULT sp_prf(enum sp_hash prf, bool ssl3, const uint8_t *secret, size_t secret_len, const char *label,
                 const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out,
                 size_t out_len) {
    sp_result res = SP_OK;
    EVP_KDF *kdf = NULL;
    EVP_KDF_CTX *kctx = NULL;
    if (ssl3) return ssl3_kdf(secret, secret_len, seed1, seed1_len, seed2, seed2_len, out, out_len);
    OSSL_PARAM params[6], *p = params;
    const char *digest = sp_hash_ossl_name(prf);
    CHECK(digest != NULL, NTE_NOT_SUPPORTED);
    kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
    CHECK(kdf != NULL, NTE_INTERNAL_ERROR);
    kctx = EVP_KDF_CTX_new(kdf);
    CHECK(kctx != NULL, NTE_NO_MEMORY);
    *p++ = OSSL_PARAM_construct_utf8_string("digest", (char *)digest, 0);
    *p++ = OSSL_PARAM_construct_octet_string("secret", (void *)secret, secret_len);
    *p++ = OSSL_PARAM_construct_octet_string("seed", (void *)label, strlen(label));
    if (seed1_len) *p++ = OSSL_PARAM_construct_octet_string("seed", (void *)seed1, seed1_len);
    if (seed2_len) *p++ = OSSL_PARAM_construct_octet_string("seed", (void *)seed2, seed2_len);
    *p = OSSL_PARAM_construct_end();
    TRY_OSSL(EVP_KDF_derive(kctx, out, out_len, params));
cleanup:
    EVP_KDF_CTX_free(kctx);
    EVP_KDF_free(kdf);
    return res;
}

SP_RESULT sp_master_from_premaster(DWORD protocol, const struct sp_suite *suite, const uint8_t *pms, size_t pms_len,
                                   const uint8_t cr[32], const uint8_t sr[32], const uint8_t *session_hash,
                                   size_t session_hash_len, uint8_t out[SP_MASTER_SECRET_LEN]) {
    enum sp_hash prf = sp_suite_prf(protocol, suite);
    bool ssl3 = protocol == SSL3_PROTOCOL_VERSION;
    if (session_hash != NULL) {
        /* RFC 7627 section 4: PRF(pms, "extended master secret", session_hash). */
        ENSURE(!ssl3, NTE_NOT_SUPPORTED);
        return sp_prf(prf, false, pms, pms_len, "extended master secret", session_hash, session_hash_len, NULL, 0,
                      out, SP_MASTER_SECRET_LEN);
    }
    /* RFC 5246 section 8.1: PRF(pms, "master secret", client_random + server_random). */
    return sp_prf(prf, ssl3, pms, pms_len, "master secret", cr, 32, sr, 32, out, SP_MASTER_SECRET_LEN);
}

SP_RESULT sp_master_publish(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD role,
                            const uint8_t secret[SP_MASTER_SECRET_LEN], const uint8_t *cr, NCRYPT_KEY_HANDLE *out) {
    struct sp_master *m = NULL;
    GUARD(sp_master_new(prov, protocol, suite, role, secret, &m));
    if (cr != NULL) sp_keylog(prov, "CLIENT_RANDOM", cr, secret, SP_MASTER_SECRET_LEN);
    return sp_handle_publish(&m->obj, out);
}

const struct sp_key_ops sp_tls12_key_ops = {NULL, NULL, NULL, NULL};

SSLPROV_API SECURITY_STATUS WINAPI SslGenerateSessionKeys(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hMasterKey,
                                                          NCRYPT_KEY_HANDLE *phReadKey, NCRYPT_KEY_HANDLE *phWriteKey,
                                                          PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider), SP_UNUSED(hMasterKey), SP_UNUSED(phReadKey), SP_UNUSED(phWriteKey);
    SP_UNUSED(pParameterList), SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeFinishedHash(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hMasterKey,
                                                          NCRYPT_HASH_HANDLE hHandshakeHash, PBYTE pbOutput,
                                                          DWORD cbOutput, DWORD dwFlags) {
    SP_UNUSED(hSslProvider), SP_UNUSED(hMasterKey), SP_UNUSED(hHandshakeHash), SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput), SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeEapKeyBlock(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hMasterKey,
                                                         PBYTE pbRandoms, DWORD cbRandoms, PBYTE pbOutput,
                                                         DWORD cbOutput, DWORD *pcbResult, DWORD dwFlags) {
    SP_UNUSED(hSslProvider), SP_UNUSED(hMasterKey), SP_UNUSED(pbRandoms), SP_UNUSED(cbRandoms);
    SP_UNUSED(pbOutput), SP_UNUSED(cbOutput), SP_UNUSED(pcbResult), SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExportKeyingMaterial(NCRYPT_PROV_HANDLE hSslProvider,
                                                           NCRYPT_KEY_HANDLE hMasterKey, PCHAR sLabel, PBYTE pbRandoms,
                                                           DWORD cbRandoms, PBYTE pbContextValue, WORD cbContextValue,
                                                           PBYTE pbOutput, DWORD cbOutput, DWORD dwFlags) {
    SP_UNUSED(hSslProvider), SP_UNUSED(hMasterKey), SP_UNUSED(sLabel), SP_UNUSED(pbRandoms);
    SP_UNUSED(cbRandoms), SP_UNUSED(pbContextValue), SP_UNUSED(cbContextValue), SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput), SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}
