/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* fuzz_import_master: SslImportMasterKey (the RSA key exchange: the server
 * decrypts the client's encrypted premaster).  Input: a selector byte (low
 * three bits: protocol; bit 3: pass NCRYPTBUFFER_SSL_HIGHEST_VERSION = the
 * protocol), then the ciphertext.  Whatever the ciphertext, RFC 5246 section
 * 7.4.7.1 says the call succeeds (a bad premaster is replaced by a random one):
 * reference 11.5.  The RSA private key is the fixed key of fuzz_rsa.h, opened
 * through SslProvAddPrivateKeyLocation + SslOpenPrivateKey, so the real RSA
 * decryption and the premaster countermeasure are fuzzed; a handle failure is
 * a finding (abort), not a silent no-op. */
#include "fuzz_common.h"
#include "fuzz_rsa.h"

static const DWORD k_protocols[] = {SSL3_PROTOCOL_VERSION, TLS1_0_PROTOCOL_VERSION, TLS1_1_PROTOCOL_VERSION,
                                    TLS1_2_PROTOCOL_VERSION, DTLS1_2_PROTOCOL_VERSION};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    static NCRYPT_KEY_HANDLE rsa;
    if (rsa == 0 && (rsa = fz_rsa_private_key(p)) == 0) abort();
    uint32_t sel = fz_byte(&data, &size);
    DWORD protocol = k_protocols[(sel & 7) % (sizeof(k_protocols) / sizeof(k_protocols[0]))];
    NCryptBuffer b[3];
    NCryptBufferDesc d;
    DWORD highest = protocol;
    fx_randoms(b, &d);
    if (sel & 8) b[d.cBuffers++] = (NCryptBuffer){sizeof(DWORD), NCRYPTBUFFER_SSL_HIGHEST_VERSION, &highest};
    uint8_t *ct = fz_dup(data, size);
    NCRYPT_KEY_HANDLE m = 0;
    SECURITY_STATUS st = SslImportMasterKey(p, rsa, &m, protocol, TLS_RSA_WITH_AES_128_CBC_SHA, &d, ct, (DWORD)size,
                                            NCRYPT_SSL_SERVER_FLAG);
    /* The countermeasure: any non-empty ciphertext gives a master key (only a
     * protocol the suite does not run in may be refused). */
    if (size > 0 && st != 0 && st != NTE_NOT_SUPPORTED) abort();
    if (st == 0) SslFreeObject(m, 0);
    free(ct);
    return 0;
}
