/* fuzz_import_master: SslImportMasterKey (the RSA key exchange: the server
 * decrypts the client's encrypted premaster).  Input: protocol selector, then
 * the ciphertext.  Whatever the ciphertext, RFC 5246 section 7.4.7.1 says the
 * call succeeds (a bad premaster is replaced by a random one): reference 11.5.
 *
 * HOOK: the RSA private key comes from fz_rsa_private_key(), which needs
 * SslOpenPrivateKey (key-exchange work, not merged when this was written);
 * until then hPrivateKey is 0 and the target only exercises the argument and
 * parameter-list checks in front of the decryption. */
#include "fuzz_common.h"

static NCRYPT_KEY_HANDLE fz_rsa_private_key(NCRYPT_PROV_HANDLE p) {
    (void)p;
    return 0;
}

static const DWORD k_protocols[] = {SSL3_PROTOCOL_VERSION, TLS1_0_PROTOCOL_VERSION, TLS1_1_PROTOCOL_VERSION,
                                    TLS1_2_PROTOCOL_VERSION, DTLS1_2_PROTOCOL_VERSION};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    static NCRYPT_KEY_HANDLE rsa;
    if (rsa == 0) rsa = fz_rsa_private_key(p);
    DWORD protocol = k_protocols[fz_byte(&data, &size) % (sizeof(k_protocols) / sizeof(k_protocols[0]))];
    NCryptBuffer b[2];
    NCryptBufferDesc d;
    uint8_t *ct = fz_dup(data, size);
    NCRYPT_KEY_HANDLE m = 0;
    if (SslImportMasterKey(p, rsa, &m, protocol, TLS_RSA_WITH_AES_128_CBC_SHA, fx_randoms(b, &d), ct, (DWORD)size,
                           NCRYPT_SSL_SERVER_FLAG) == 0)
        SslFreeObject(m, 0);
    free(ct);
    return 0;
}
