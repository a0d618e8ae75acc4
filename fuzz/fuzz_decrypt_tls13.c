/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_decrypt_tls13: SslDecryptPacket, TLS 1.3 records (inner content type,
 * zero padding, all-zero plaintext) for every TLS 1.3 AEAD.  Keys: the client
 * early traffic key of the fixed PSK chain (tests/fixtures.h). */
#include "fuzz_common.h"

static const DWORD k_suites[] = {TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256,
                                 TLS_AES_128_CCM_SHA256, TLS_AES_128_CCM_8_SHA256};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    DWORD suite = k_suites[fz_byte(&data, &size) % (sizeof(k_suites) / sizeof(k_suites[0]))];
    ULONGLONG seq = fz_byte(&data, &size);
    struct fx_tls13 t;
    if (fx_tls13_chain(p, suite, &t) == 0) fz_decrypt_all_ways(p, t.read_key, data, size, seq, 5);
    fx_tls13_free(&t);
    return 0;
}
