/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_decrypt_dtls: SslDecryptPacket, DTLS 1.0/1.2 records (13-byte header;
 * SequenceNumber = epoch(16) || sequence(48), reference 11.4). */
#include "fuzz_common.h"

static const struct fz_record_cfg k_cfg[] = {
    {DTLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA},
    {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256},
    {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
    {DTLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    const struct fz_record_cfg *c = &k_cfg[fz_byte(&data, &size) % (sizeof(k_cfg) / sizeof(k_cfg[0]))];
    /* epoch 1 (after ChangeCipherSpec), sequence from the input */
    ULONGLONG seq = (1ull << 48) | fz_byte(&data, &size);
    NCRYPT_KEY_HANDLE k = fz_read_key(p, c);
    if (k == 0) return 0;
    fz_decrypt_all_ways(p, k, data, size, seq, 13);
    SslFreeObject(k, 0);
    return 0;
}
