/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_import_key: SslImportKey for every blob type; an accepted key is then
 * exported in every type (size query and real), sealed and re-imported, and
 * asked for its key type.  Input: blob-type selector, then the blob. */
#include "fuzz_common.h"

static const LPCWSTR k_types[] = {
    BCRYPT_ECCPUBLIC_BLOB,  SSL_ECCPUBLIC_BLOB,         BCRYPT_DH_PUBLIC_BLOB, BCRYPT_RSAPUBLIC_BLOB,
    BCRYPT_OPAQUE_KEY_BLOB, SSLPROV_MASTER_SECRET_BLOB, TLS_13_PRE_SHARED_KEY, SSLPROV_ECCPRIVATE_BLOB,
};
#define NTYPES (sizeof(k_types) / sizeof(k_types[0]))
static const LPCWSTR k_export_types[] = {
    BCRYPT_ECCPUBLIC_BLOB,  SSL_ECCPUBLIC_BLOB,         BCRYPT_DH_PUBLIC_BLOB,    BCRYPT_RSAPUBLIC_BLOB,
    BCRYPT_OPAQUE_KEY_BLOB, SSLPROV_MASTER_SECRET_BLOB, SSLPROV_SESSION_KEY_BLOB, SSLPROV_SECRET_BLOB,
};

static void exercise(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k) {
    for (size_t i = 0; i < sizeof(k_export_types) / sizeof(k_export_types[0]); i++) {
        DWORD n = 0;
        if (SslExportKey(p, k, k_export_types[i], NULL, 0, &n, 0) != 0 || n > (1u << 20)) continue;
        uint8_t *b = malloc(n ? n : 1);
        if (SslExportKey(p, k, k_export_types[i], b, n, &n, 0) == 0 && i == 4) { /* opaque: re-import */
            NCRYPT_KEY_HANDLE again = 0;
            if (SslImportKey(p, &again, BCRYPT_OPAQUE_KEY_BLOB, b, n, 0) == 0) SslFreeObject(again, 0);
        }
        free(b);
    }
    PBYTE prop = NULL;
    DWORD pl = 0;
    if (SslGetKeyProperty(k, SSL_KEY_TYPE_PROPERTY, &prop, &pl, 0) == 0) SslFreeBuffer(prop);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    uint32_t sel = fz_byte(&data, &size);
    LPCWSTR type = k_types[sel % NTYPES];
    DWORD flags = (sel & 0x80) ? fz_byte(&data, &size) : 0; /* mostly 0; sometimes a flag value */
    uint8_t *blob = fz_dup(data, size);
    NCRYPT_KEY_HANDLE k = 0;
    if (SslImportKey(p, &k, type, blob, (DWORD)size, flags) == 0) {
        exercise(p, k);
        SslFreeObject(k, 0);
    }
    free(blob);
    return 0;
}
