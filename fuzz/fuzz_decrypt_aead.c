/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_decrypt_aead: SslDecryptPacket, TLS 1.2 AEAD records (AES-GCM,
 * ChaCha20-Poly1305, AES-CCM, AES-CCM-8) and the stream/NULL suites. */
#include "fuzz_common.h"

static const struct fz_record_cfg k_cfg[] = {
    {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
    {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
    {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256},
    {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CCM},
    {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CCM_8},
    {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_NULL_SHA256},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_decrypt_target(k_cfg, sizeof(k_cfg) / sizeof(k_cfg[0]), 5, data, size);
    return 0;
}
