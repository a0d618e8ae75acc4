/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * status.c - run-time identification: SslProvVersionString and the texts of
 * SslProvStatusString (the names are winerror.h's and ntstatus.h's; the
 * descriptions say what the code means from this provider).
 */
#include "internal.h"

#include <stdio.h>

#define SP_STR2(x) #x
#define SP_STR(x)  SP_STR2(x)

SSLPROV_API const char *WINAPI SslProvVersionString(void) {
    return SP_STR(SSLPROV_VERSION_MAJOR) "." SP_STR(SSLPROV_VERSION_MINOR) "." SP_STR(SSLPROV_VERSION_PATCH);
}

struct status_text {
    uint32_t code;
    const char *text;
};

#define ST(name, desc)                                                                                                 \
    { (uint32_t)(name), #name ": " desc }

static const struct status_text k_status[] = {
    ST(SEC_E_OK, "success"),
    ST(NTE_BAD_UID, "bad UID"),
    ST(NTE_BAD_HASH, "bad hash (wrong handle type, or a hash that cannot be used here)"),
    ST(NTE_BAD_KEY, "bad key (the key does not fit the operation or the certificate)"),
    ST(NTE_BAD_LEN, "bad length (a buffer or value has the wrong size)"),
    ST(NTE_BAD_DATA, "bad data (a malformed record, blob or message)"),
    ST(NTE_BAD_SIGNATURE, "bad signature (the signature does not verify)"),
    ST(NTE_BAD_VER, "bad version"),
    ST(NTE_BAD_ALGID, "bad algorithm id"),
    ST(NTE_BAD_FLAGS, "bad flags (an unsupported or contradictory dwFlags value)"),
    ST(NTE_BAD_TYPE, "bad type (unknown blob type or key type)"),
    ST(NTE_BAD_KEY_STATE, "key not valid for use in the specified state"),
    ST(NTE_BAD_HASH_STATE, "hash not valid for use in the specified state"),
    ST(NTE_NO_KEY, "key does not exist (no private key found for the certificate)"),
    ST(NTE_NO_MEMORY, "insufficient memory"),
    ST(NTE_EXISTS, "object already exists"),
    ST(NTE_PERM, "access denied (e.g. a secret export that was not enabled)"),
    ST(NTE_NOT_FOUND, "object was not found"),
    ST(NTE_DOUBLE_ENCRYPT, "data already encrypted"),
    ST(NTE_BAD_PROVIDER, "invalid provider specified"),
    ST(NTE_BAD_PROV_TYPE, "invalid provider type specified"),
    ST(NTE_BAD_KEYSET, "keyset does not exist"),
    ST(NTE_PROV_TYPE_NOT_DEF, "provider type not defined"),
    ST(NTE_KEYSET_NOT_DEF, "keyset not defined"),
    ST(NTE_SIGNATURE_FILE_BAD, "error verifying the provider's signature"),
    ST(NTE_PROVIDER_DLL_FAIL, "provider could not be loaded or initialised"),
    ST(NTE_PROV_DLL_NOT_FOUND, "provider library not found"),
    ST(NTE_FAIL, "operation failed"),
    ST(NTE_SYS_ERR, "system error (a libcrypto or operating-system failure)"),
    ST(NTE_SILENT_CONTEXT, "the operation needs user interaction"),
    ST(NTE_TOKEN_KEYSET_STORAGE_FULL, "token storage full"),
    ST(NTE_INVALID_HANDLE, "invalid handle (freed, forged, stale or of the wrong type)"),
    ST(NTE_INVALID_PARAMETER, "invalid parameter (NULL or out-of-range argument)"),
    ST(NTE_BUFFER_TOO_SMALL, "the output buffer is too small"),
    ST(NTE_NOT_SUPPORTED, "not supported (algorithm, suite, protocol or property)"),
    ST(NTE_NO_MORE_ITEMS, "no more items in the enumeration"),
    ST(NTE_BUFFERS_OVERLAP, "input and output buffers overlap"),
    ST(NTE_DECRYPTION_FAILURE, "decryption failed"),
    ST(NTE_INTERNAL_ERROR, "internal error"),
    ST(SEC_E_INSUFFICIENT_MEMORY, "insufficient memory"),
    ST(SEC_E_INVALID_HANDLE, "invalid handle"),
    ST(SEC_E_UNSUPPORTED_FUNCTION, "function not supported"),
    ST(SEC_E_INTERNAL_ERROR, "internal error"),
    ST(SEC_E_INVALID_TOKEN, "invalid token (a malformed message)"),
    ST(SEC_E_NO_CREDENTIALS, "no credentials available"),
    ST(SEC_E_MESSAGE_ALTERED, "message altered (record authentication failed)"),
    ST(SEC_E_OUT_OF_SEQUENCE, "message out of sequence"),
    ST(SEC_E_INCOMPLETE_MESSAGE, "incomplete message"),
    ST(SEC_E_BUFFER_TOO_SMALL, "buffer too small"),
    ST(SEC_E_ILLEGAL_MESSAGE, "illegal message"),
    ST(SEC_E_ENCRYPT_FAILURE, "encryption failed"),
    ST(SEC_E_DECRYPT_FAILURE, "decryption failed"),
    ST(SEC_E_ALGORITHM_MISMATCH, "no common algorithm"),
    ST(SEC_E_INVALID_PARAMETER, "invalid parameter"),
    ST(STATUS_NO_MORE_ENTRIES, "no more entries"),
    ST(STATUS_INVALID_HANDLE, "invalid handle"),
    ST(STATUS_INVALID_PARAMETER, "invalid parameter"),
    ST(STATUS_NO_MEMORY, "insufficient memory"),
    ST(STATUS_BUFFER_TOO_SMALL, "buffer too small"),
    ST(STATUS_NOT_SUPPORTED, "not supported (e.g. GetSChannelInterface for an unknown provider)"),
    ST(STATUS_NOT_FOUND, "object not found"),
    ST(STATUS_DECRYPTION_FAILED, "decryption failed"),
    ST(STATUS_INVALID_SIGNATURE, "invalid signature"),
    ST(STATUS_AUTH_TAG_MISMATCH, "authentication tag mismatch"),
};

SSLPROV_API const char *WINAPI SslProvStatusString(SECURITY_STATUS Status) {
    /* Per thread: a caller may keep the text of an unknown code while another
     * thread asks for a different one. */
    static _Thread_local char unknown[40];
    for (size_t i = 0; i < SP_ARRAY_LEN(k_status); i++) {
        if (k_status[i].code == (uint32_t)Status) return k_status[i].text;
    }
    snprintf(unknown, sizeof(unknown), "0x%08X: unknown status", (unsigned)(uint32_t)Status);
    return unknown;
}
