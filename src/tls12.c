/*
 * tls12.c - the SSL 3.0 - TLS 1.2 key schedule (issue #2).  STUB: replaced by
 * the key-schedule work.
 */
#include "internal.h"

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

SP_RESULT sp_prf(enum sp_hash prf, bool ssl3, const uint8_t *secret, size_t secret_len, const char *label,
                 const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len, uint8_t *out,
                 size_t out_len) {
    SP_UNUSED(prf), SP_UNUSED(ssl3), SP_UNUSED(secret), SP_UNUSED(secret_len), SP_UNUSED(label);
    SP_UNUSED(seed1), SP_UNUSED(seed1_len), SP_UNUSED(seed2), SP_UNUSED(seed2_len), SP_UNUSED(out);
    SP_UNUSED(out_len);
    BAIL(NTE_NOT_SUPPORTED);
}

SP_RESULT sp_master_from_premaster(DWORD protocol, const struct sp_suite *suite, const uint8_t *pms, size_t pms_len,
                                   const uint8_t cr[32], const uint8_t sr[32], const uint8_t *session_hash,
                                   size_t session_hash_len, uint8_t out[SP_MASTER_SECRET_LEN]) {
    SP_UNUSED(protocol), SP_UNUSED(suite), SP_UNUSED(pms), SP_UNUSED(pms_len), SP_UNUSED(cr), SP_UNUSED(sr);
    SP_UNUSED(session_hash), SP_UNUSED(session_hash_len), SP_UNUSED(out);
    BAIL(NTE_NOT_SUPPORTED);
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
