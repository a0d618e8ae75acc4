/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * sign_verify.c - a CertificateVerify-style signature: the private key of a
 * certificate found with SslOpenPrivateKey, SslSignHash over a SHA-256 hash,
 * SslVerifySignature with the public key imported from the certificate, and a
 * tampered hash refused.
 *
 *   cc sign_verify.c $(pkg-config --cflags --libs sslprov libcrypto)
 *   ./a.out cert.pem key.pem        # an ECDSA (raw r||s) or RSA (PKCS#1 v1.5) key
 *
 * libcrypto only reads the PEM certificate and hashes the message here; the
 * provider finds the key file through SslProvAddPrivateKeyLocation (or the
 * SSLPROV_KEY_PATH environment variable).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sslprovider.h>

static int failed(const char *what, SECURITY_STATUS st) {
    fprintf(stderr, "%s: %s\n", what, SslProvStatusString(st));
    return 1;
}

/* name (UTF-16, NUL) || hash: the layout NCRYPT_SSL_SIGN_INCLUDE_HASHOID takes. */
static DWORD named_sha256(const BYTE h[32], BYTE *out) {
    static const char name[] = "SHA256";
    for (size_t i = 0; i < sizeof name; i++)
        out[2 * i] = (BYTE)name[i], out[2 * i + 1] = 0;
    memcpy(out + 2 * sizeof name, h, 32);
    return (DWORD)(2 * sizeof name + 32);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s CERT.pem KEY.pem\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f) fclose(f);
    unsigned char *der = NULL;
    int dlen = x ? i2d_X509(x, &der) : -1;
    if (dlen <= 0) {
        fprintf(stderr, "%s: not a PEM certificate\n", argv[1]);
        return 1;
    }
    int is_rsa = EVP_PKEY_get_base_id(X509_get0_pubkey(x)) == EVP_PKEY_RSA;
    X509_free(x);

    NCRYPT_PROV_HANDLE prov = 0;
    NCRYPT_KEY_HANDLE priv = 0, pub = 0;
    SECURITY_STATUS st = SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0);
    if (st != 0) return failed("SslOpenProvider", st);
    CERT_CONTEXT cert = {X509_ASN_ENCODING, der, (DWORD)dlen, NULL, NULL};
    if ((st = SslProvAddPrivateKeyLocation(prov, &cert, argv[2], 0)) != 0)
        return failed("SslProvAddPrivateKeyLocation", st);
    if ((st = SslOpenPrivateKey(prov, &priv, &cert, 0)) != 0) return failed("SslOpenPrivateKey", st);
    if ((st = SslImportKey(prov, &pub, SSLPROV_X509_PUBLIC_BLOB, der, (DWORD)dlen, 0)) != 0)
        return failed("SslImportKey(SSLPROV_X509_PUBLIC_BLOB)", st);

    const char *msg = "TLS 1.2 ServerKeyExchange parameters, say";
    BYTE hash[32], input[64], sig[1024];
    unsigned int hl = 0;
    EVP_Digest(msg, strlen(msg), hash, &hl, EVP_sha256(), NULL);
    /* RSA signs PKCS#1 v1.5 with the hash named; ECDSA signs the bare hash. */
    DWORD flags = is_rsa ? NCRYPT_SSL_SIGN_INCLUDE_HASHOID : 0;
    DWORD il = is_rsa ? named_sha256(hash, input) : 32;
    if (!is_rsa) memcpy(input, hash, 32);

    DWORD need = 0, sl = 0;
    if ((st = SslSignHash(prov, priv, input, il, NULL, 0, &need, flags)) != 0) return failed("SslSignHash (size)", st);
    if ((st = SslSignHash(prov, priv, input, il, sig, sizeof sig, &sl, flags)) != 0) return failed("SslSignHash", st);
    printf("%s signature: %u bytes (size query said %u)\n", is_rsa ? "RSA PKCS#1 v1.5" : "ECDSA r||s", (unsigned)sl,
           (unsigned)need);
    if ((st = SslVerifySignature(prov, pub, input, il, sig, sl, flags)) != 0) return failed("SslVerifySignature", st);
    puts("verified with the certificate's public key");

    input[il - 1] ^= 1; /* another hash: the signature must not verify */
    st = SslVerifySignature(prov, pub, input, il, sig, sl, flags);
    printf("tampered hash: %s\n", SslProvStatusString(st));
    if (st != NTE_BAD_SIGNATURE) return 1;

    SslFreeObject(priv, 0), SslFreeObject(pub, 0), SslFreeObject(prov, 0);
    OPENSSL_free(der);
    puts("sign_verify: ok");
    return 0;
}
