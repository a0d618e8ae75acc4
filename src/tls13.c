/*
 * tls13.c - the TLS 1.3 key schedule (issue #5).  STUB: replaced by the TLS 1.3
 * work.
 */
#include "internal.h"

SP_RESULT sp_tls13_finished(struct sp_tls13_secret *base, struct sp_hshash *transcript, uint8_t *out, size_t len) {
    SP_UNUSED(base), SP_UNUSED(transcript), SP_UNUSED(out), SP_UNUSED(len);
    BAIL(NTE_NOT_SUPPORTED);
}

SP_RESULT sp_tls13_export_keying_material(struct sp_tls13_secret *exporter, const char *label, const uint8_t *context,
                                          size_t context_len, uint8_t *out, size_t len) {
    SP_UNUSED(exporter), SP_UNUSED(label), SP_UNUSED(context), SP_UNUSED(context_len), SP_UNUSED(out);
    SP_UNUSED(len);
    BAIL(NTE_NOT_SUPPORTED);
}

const struct sp_key_ops sp_tls13_key_ops = {NULL, NULL, NULL, NULL};

SSLPROV_API SECURITY_STATUS WINAPI SslExtractEarlyKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPreSharedKey,
                                                      NCRYPT_KEY_HANDLE *phEarlyKey, DWORD dwProtocol,
                                                      DWORD dwCipherSuite, PNCryptBufferDesc pParameterList,
                                                      DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPreSharedKey);
    SP_UNUSED(phEarlyKey);
    SP_UNUSED(dwProtocol);
    SP_UNUSED(dwCipherSuite);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExtractHandshakeKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                          NCRYPT_KEY_HANDLE hPrivateKey, NCRYPT_KEY_HANDLE hPublicKey,
                                                          NCRYPT_KEY_HANDLE hEarlyKey,
                                                          NCRYPT_KEY_HANDLE *phHandshakeKey,
                                                          PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPrivateKey);
    SP_UNUSED(hPublicKey);
    SP_UNUSED(hEarlyKey);
    SP_UNUSED(phHandshakeKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExtractMasterKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hHandshakeKey,
                                                       NCRYPT_KEY_HANDLE *phMasterKey, PNCryptBufferDesc pParameterList,
                                                       DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hHandshakeKey);
    SP_UNUSED(phMasterKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandTrafficKeys(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hBaseKey,
                                                        NCRYPT_HASH_HANDLE hHashValue,
                                                        NCRYPT_KEY_HANDLE *phClientTrafficKey,
                                                        NCRYPT_KEY_HANDLE *phServerTrafficKey,
                                                        PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hBaseKey);
    SP_UNUSED(hHashValue);
    SP_UNUSED(phClientTrafficKey);
    SP_UNUSED(phServerTrafficKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandWriteKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                     NCRYPT_KEY_HANDLE *phWriteKey, PNCryptBufferDesc pParameterList,
                                                     DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hBaseTrafficKey);
    SP_UNUSED(phWriteKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandExporterMasterKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                              NCRYPT_KEY_HANDLE hBaseKey, NCRYPT_HASH_HANDLE hHashValue,
                                                              NCRYPT_KEY_HANDLE *phExporterMasterKey,
                                                              PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hBaseKey);
    SP_UNUSED(hHashValue);
    SP_UNUSED(phExporterMasterKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandResumptionMasterKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                                NCRYPT_KEY_HANDLE hMasterKey,
                                                                NCRYPT_HASH_HANDLE hHashValue,
                                                                NCRYPT_KEY_HANDLE *phResumptionMasterKey,
                                                                PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hMasterKey);
    SP_UNUSED(hHashValue);
    SP_UNUSED(phResumptionMasterKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandBinderKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hEarlyKey,
                                                      NCRYPT_KEY_HANDLE *phBinderKey, PNCryptBufferDesc pParameterList,
                                                      DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hEarlyKey);
    SP_UNUSED(phBinderKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandPreSharedKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                         NCRYPT_KEY_HANDLE hResumptionMasterKey, PBYTE pbTicketNonce,
                                                         DWORD cbTicketNonce, NCRYPT_KEY_HANDLE *phPreSharedKey,
                                                         PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hResumptionMasterKey);
    SP_UNUSED(pbTicketNonce);
    SP_UNUSED(cbTicketNonce);
    SP_UNUSED(phPreSharedKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslExpandNextGenTrafficKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                              NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                              NCRYPT_KEY_HANDLE *phNextTrafficKey,
                                                              PNCryptBufferDesc pParameterList, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hBaseTrafficKey);
    SP_UNUSED(phNextTrafficKey);
    SP_UNUSED(pParameterList);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}
