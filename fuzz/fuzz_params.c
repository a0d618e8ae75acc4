/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_params: NCryptBufferDesc parameter-list parsing in
 * SslGenerateSessionKeys, SslGenerateMasterKey (X25519, with and without an
 * extended-master-secret session hash), SslGeneratePreMasterKey and
 * SslExtractEarlyKey.  Input: selector, ulVersion, cBuffers, then per buffer
 * BufferType, cbBuffer, a NULL flag and cbBuffer bytes.  Each pvBuffer is an
 * exact-size allocation, so reading past cbBuffer is an ASan report. */
#include "fuzz_common.h"

#define MAXB 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    NCryptBuffer b[MAXB];
    NCryptBufferDesc d;
    uint32_t sel = fz_byte(&data, &size);
    d.ulVersion = fz_byte(&data, &size) == 0xFF ? 1 : 0; /* mostly the valid version */
    uint32_t nb = fz_byte(&data, &size) % (MAXB + 1);
    d.cBuffers = nb;
    d.pBuffers = b;
    memset(b, 0, sizeof(b));
    for (uint32_t i = 0; i < nb; i++) {
        uint32_t t = fz_byte(&data, &size);
        /* Types 20..25 are the SSL ones; others pass through raw. */
        b[i].BufferType = t < 0xF0 ? NCRYPTBUFFER_SSL_CLIENT_RANDOM + t % 6 : t;
        uint32_t len = fz_byte(&data, &size);
        if (len == 0xFF) len = 32;
        bool null = (fz_byte(&data, &size) & 0x0F) == 0x0F;
        if (len > size) len = (uint32_t)size; /* clamp after the last header byte */
        b[i].cbBuffer = len;
        b[i].pvBuffer = null ? NULL : fz_dup(data, len);
        data += len, size -= len;
    }
    if (nb == 0 && (sel & 0x40)) d.pBuffers = NULL;

    NCRYPT_KEY_HANDLE out = 0, out2 = 0;
    uint8_t buf[1024];
    DWORD res = 0;
    switch (sel % 4) {
    case 0: {
        NCRYPT_KEY_HANDLE m = 0;
        if (fx_master(p, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                      (sel & 4) ? NCRYPT_SSL_SERVER_FLAG : NCRYPT_SSL_CLIENT_FLAG, &m) == 0) {
            if (SslGenerateSessionKeys(p, m, &out, &out2, &d, 0) == 0) {
                SslFreeObject(out, 0);
                SslFreeObject(out2, 0);
            }
            SslFreeObject(m, 0);
        }
        break;
    }
    case 1: {
        NCRYPT_KEY_HANDLE e = 0, pub = 0;
        fx_x25519_private(p, &e);
        fx_x25519_public(p, &pub);
        if (e && pub &&
            SslGenerateMasterKey(p, e, pub, &out, (sel & 8) ? TLS1_0_PROTOCOL_VERSION : TLS1_2_PROTOCOL_VERSION,
                                 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, &d, buf, sizeof(buf), &res,
                                 NCRYPT_SSL_CLIENT_FLAG) == 0)
            SslFreeObject(out, 0);
        if (e) SslFreeObject(e, 0);
        if (pub) SslFreeObject(pub, 0);
        break;
    }
    case 2: {
        NCRYPT_KEY_HANDLE psk = 0;
        fx_psk13(p, TLS_AES_128_GCM_SHA256, &psk);
        if (SslExtractEarlyKey(p, psk, &out, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, &d, 0) == 0)
            SslFreeObject(out, 0);
        if (psk) SslFreeObject(psk, 0);
        break;
    }
    default: {
        /* SslGeneratePreMasterKey with an RSA public key: HIGHEST_VERSION etc. */
        uint8_t blob[sizeof(BCRYPT_RSAKEY_BLOB) + 3 + 256];
        BCRYPT_RSAKEY_BLOB h = {BCRYPT_RSAPUBLIC_MAGIC, 2048, 3, 256, 0, 0};
        memcpy(blob, &h, sizeof(h));
        blob[sizeof(h)] = 1, blob[sizeof(h) + 1] = 0, blob[sizeof(h) + 2] = 1;
        memset(blob + sizeof(h) + 3, 0xC5, 256);
        NCRYPT_KEY_HANDLE rsa = 0;
        if (SslImportKey(p, &rsa, BCRYPT_RSAPUBLIC_BLOB, blob, sizeof(blob), 0) == 0) {
            if (SslGeneratePreMasterKey(p, rsa, &out, TLS1_2_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_GCM_SHA256, &d, buf,
                                        sizeof(buf), &res, 0) == 0)
                SslFreeObject(out, 0);
            SslFreeObject(rsa, 0);
        }
        break;
    }
    }
    for (uint32_t i = 0; i < nb; i++)
        free(b[i].pvBuffer);
    return 0;
}
