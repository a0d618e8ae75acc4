/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_decrypt_cbc: SslDecryptPacket, MAC-then-encrypt CBC records (TLS 1.0
 * implicit IV, TLS 1.1/1.2 explicit IV; HMAC-SHA1/SHA256/SHA384; AES, 3DES). */
#include "fuzz_common.h"

static const struct fz_record_cfg k_cfg[] = {
    {TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
    {TLS1_1_PROTOCOL_VERSION, TLS_RSA_WITH_AES_256_CBC_SHA},
    {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
    {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256},
    {TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384},
    {TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_3DES_EDE_CBC_SHA},
    {SSL3_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_decrypt_target(k_cfg, sizeof(k_cfg) / sizeof(k_cfg[0]), 5, data, size);
    return 0;
}
