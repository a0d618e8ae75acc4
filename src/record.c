/*
 * record.c - record protection keys, SslEncryptPacket / SslDecryptPacket
 * (issue #3).  STUB: key objects only; the record work replaces the rest.
 */
#include "internal.h"

static void record_key_destroy(struct sp_object *o) {
    struct sp_record_key *k = (struct sp_record_key *)o;
    if (k->impl_free != NULL) k->impl_free(k);
    sp_free_secret(k, sizeof(*k));
}

SP_RESULT sp_record_key_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD owner,
                            bool for_write, const uint8_t *mac_key, size_t mac_len, const uint8_t *key, size_t key_len,
                            const uint8_t *iv, size_t iv_len, struct sp_record_key **out) {
    ENSURE(mac_len <= SP_RECORD_MAX_MAC && key_len <= SP_RECORD_MAX_KEY && iv_len <= SP_RECORD_MAX_IV,
           NTE_INTERNAL_ERROR);
    struct sp_record_key *k = sp_zalloc(sizeof(*k));
    ENSURE(k != NULL, NTE_NO_MEMORY);
    sp_object_init(&k->obj, SP_OBJ_RECORD, prov, record_key_destroy);
    k->protocol = protocol;
    k->suite = suite;
    k->ci = sp_cipher_info((enum sp_cipher)suite->cipher);
    k->owner = owner;
    k->for_write = for_write;
    if (mac_len) memcpy(k->mac_key, mac_key, mac_len);
    if (key_len) memcpy(k->key, key, key_len);
    if (iv_len) memcpy(k->iv, iv, iv_len);
    k->mac_len = (uint8_t)mac_len;
    k->key_len = (uint8_t)key_len;
    k->iv_len = (uint8_t)iv_len;
    *out = k;
    return SP_OK;
}

SSLPROV_API SECURITY_STATUS WINAPI SslEncryptPacket(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hKey,
                                                    PBYTE pbInput, DWORD cbInput, PBYTE pbOutput, DWORD cbOutput,
                                                    DWORD *pcbResult, ULONGLONG SequenceNumber, DWORD dwContentType,
                                                    DWORD dwFlags) {
    SP_UNUSED(hSslProvider), SP_UNUSED(hKey), SP_UNUSED(pbInput), SP_UNUSED(cbInput), SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput), SP_UNUSED(pcbResult), SP_UNUSED(SequenceNumber), SP_UNUSED(dwContentType);
    SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}

SSLPROV_API SECURITY_STATUS WINAPI SslDecryptPacket(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hKey,
                                                    PBYTE pbInput, DWORD cbInput, PBYTE pbOutput, DWORD cbOutput,
                                                    DWORD *pcbResult, ULONGLONG SequenceNumber, DWORD dwFlags) {
    SP_UNUSED(hSslProvider), SP_UNUSED(hKey), SP_UNUSED(pbInput), SP_UNUSED(cbInput), SP_UNUSED(pbOutput);
    SP_UNUSED(cbOutput), SP_UNUSED(pcbResult), SP_UNUSED(SequenceNumber), SP_UNUSED(dwFlags);
    return NTE_NOT_SUPPORTED;
}
