/*
 * kex.c - key exchange, private keys, signatures, client-auth hashes (issue #4).
 * STUB: replaced by the key-exchange work.
 */
#include "internal.h"

bool sp_private_key_serves(struct sp_object *key, const struct sp_suite *s, DWORD protocol) {
    SP_UNUSED(key), SP_UNUSED(s), SP_UNUSED(protocol);
    return true;
}

SP_RESULT sp_kex_shared_secret(struct sp_object *priv, struct sp_object *pub, bool strip_dh_zeros, uint8_t *out,
                               size_t *out_len) {
    SP_UNUSED(priv), SP_UNUSED(pub), SP_UNUSED(strip_dh_zeros), SP_UNUSED(out), SP_UNUSED(out_len);
    BAIL(NTE_NOT_SUPPORTED);
}

const struct sp_key_ops sp_kex_key_ops = {NULL, NULL, NULL, NULL};

SSLPROV_API SECURITY_STATUS WINAPI SslCreateEphemeralKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                         NCRYPT_KEY_HANDLE *phEphemeralKey, DWORD dwProtocol,
                                                         DWORD dwCipherSuite, DWORD dwKeyType, DWORD dwKeyBitLen,
                                                         PBYTE pbParams, DWORD cbParams, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(phEphemeralKey);
    SP_UNUSED(dwProtocol);
    SP_UNUSED(dwCipherSuite);
    SP_UNUSED(dwKeyType);
    SP_UNUSED(dwKeyBitLen);
    SP_UNUSED(pbParams);
    SP_UNUSED(cbParams);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGenerateMasterKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                                        NCRYPT_KEY_HANDLE hPublicKey, NCRYPT_KEY_HANDLE *phMasterKey,
                                                        DWORD dwProtocol, DWORD dwCipherSuite,
                                                        PNCryptBufferDesc pParameterList, PBYTE pbOutput,
                                                        DWORD cbOutput, DWORD *pcbResult, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPrivateKey);
    SP_UNUSED(hPublicKey);
    SP_UNUSED(phMasterKey);
    SP_UNUSED(dwProtocol);
    SP_UNUSED(dwCipherSuite);
    SP_UNUSED(pParameterList);
    SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput);
    SP_UNUSED(pcbResult);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslImportMasterKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                                      NCRYPT_KEY_HANDLE *phMasterKey, DWORD dwProtocol,
                                                      DWORD dwCipherSuite, NCryptBufferDesc *pParameterList,
                                                      PBYTE pbEncryptedKey, DWORD cbEncryptedKey, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPrivateKey);
    SP_UNUSED(phMasterKey);
    SP_UNUSED(dwProtocol);
    SP_UNUSED(dwCipherSuite);
    SP_UNUSED(pParameterList);
    SP_UNUSED(pbEncryptedKey);
    SP_UNUSED(cbEncryptedKey);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslGeneratePreMasterKey(NCRYPT_PROV_HANDLE hSslProvider,
                                                           NCRYPT_KEY_HANDLE hPublicKey,
                                                           NCRYPT_KEY_HANDLE *phPreMasterKey, DWORD dwProtocol,
                                                           DWORD dwCipherSuite, PNCryptBufferDesc pParameterList,
                                                           PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult,
                                                           DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPublicKey);
    SP_UNUSED(phPreMasterKey);
    SP_UNUSED(dwProtocol);
    SP_UNUSED(dwCipherSuite);
    SP_UNUSED(pParameterList);
    SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput);
    SP_UNUSED(pcbResult);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslOpenPrivateKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE *phPrivateKey,
                                                     PCCERT_CONTEXT pCertContext, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(phPrivateKey);
    SP_UNUSED(pCertContext);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslSignHash(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPrivateKey,
                                               PBYTE pbHashValue, DWORD cbHashValue, PBYTE pbSignature,
                                               DWORD cbSignature, DWORD *pcbResult, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPrivateKey);
    SP_UNUSED(pbHashValue);
    SP_UNUSED(cbHashValue);
    SP_UNUSED(pbSignature);
    SP_UNUSED(cbSignature);
    SP_UNUSED(pcbResult);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslVerifySignature(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hPublicKey,
                                                      PBYTE pbHashValue, DWORD cbHashValue, PBYTE pbSignature,
                                                      DWORD cbSignature, DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hPublicKey);
    SP_UNUSED(pbHashValue);
    SP_UNUSED(cbHashValue);
    SP_UNUSED(pbSignature);
    SP_UNUSED(cbSignature);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslComputeClientAuthHash(NCRYPT_PROV_HANDLE hSslProvider,
                                                            NCRYPT_KEY_HANDLE hMasterKey,
                                                            NCRYPT_HASH_HANDLE hHandshakeHash, LPCWSTR pszAlgId,
                                                            PBYTE pbOutput, DWORD cbOutput, DWORD *pcbResult,
                                                            DWORD dwFlags) {
    SP_UNUSED(hSslProvider);
    SP_UNUSED(hMasterKey);
    SP_UNUSED(hHandshakeHash);
    SP_UNUSED(pszAlgId);
    SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput);
    SP_UNUSED(pcbResult);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}
