/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * fuzz_rsa.h - the fixed RSA-2048 server key of the fuzz targets (a test key,
 * generated once with `openssl genpkey -algorithm RSA`, never used anywhere
 * else), its self-signed certificate (fixed names and dates: RSASSA-PKCS1-v1_5
 * is deterministic, so the DER is the same in every run) and the private-key
 * handle the provider opens for it: SslProvAddPrivateKeyLocation registers the
 * key file for the certificate, then SslOpenPrivateKey finds it.  A crash of a
 * target using it therefore reproduces from the input alone.
 */
#ifndef SSLPROV_FUZZ_RSA_H
#define SSLPROV_FUZZ_RSA_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sslprovider.h"

static const char fz_rsa_key_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                                     "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCykaZacnUkZtdB\n"
                                     "B8soQ3MMUN5MH+PCUWaxSqFr5hvcB60v94Odip042qhsh1ReufrRzgPnV5EwGaYq\n"
                                     "GO5W7us4KqJOJ4bUQef5xB5avQfqOJoXQogR3zR2JFLPHzCYAGeS8We5USZY6QPC\n"
                                     "dFGNEdcziNrvJihWwPcVRYaW3svAhrhuykDVWIaJL3AGJSnEhpYABubIOq2bsjo5\n"
                                     "6a7hS+On9Jt89QxMh3l7AE+HoSRN1GmKM5HTEoEI9OXqWCXl3JkWMDFpFNIeRMdw\n"
                                     "GN2XVWEAqkyieliblqpomzBJuQtbmZzlm8+rFq4pddxkROih5DMwzi++xRbt9Mzp\n"
                                     "kSnqyXiJAgMBAAECggEADLSOSIsySIfEswzR6Kh77Blo57OxKedOzjiIKbwyqUIm\n"
                                     "kW4kADaXny73otkyKJdFAF6PKouxeeGpT/98HdVcCSAHclYfosSZs8y/eCdRA9pJ\n"
                                     "JHSIZ/Ugr3NALRqEA5yrwenJPodGmjbiHJjYIJhvXmxTX4awghOywOG0hNGPX8BX\n"
                                     "sHtZAZmPnKiz+YBn1CX1vBEOAgpR53bqSZ3M09Kp3wpnQUrJ4K+KeP4yc9V81bsk\n"
                                     "7ZsnIDrReRn5//awJNX5F4aKQ5Muu8E7wPpw/F22sRT6cl2rUKhSSeGCCIPnnl1v\n"
                                     "cn9CE+B/M6Gqb6509++2q/ySxMKgXuneKuc/bCPBcQKBgQDh0z8oN5LGnCtzTBJB\n"
                                     "qsDuhnTgawPmUj7QEKSeoJ5/6IoicLfbh809oGpcN22TGeMbBtoajtCTldp/0wXj\n"
                                     "kaHHFGX6PbogB365d+TOjZuGoE2hdpqHAoW8NCfGdx1lf5IyMlvWG4B82/LKW7eg\n"
                                     "vg26x0zAn6Uwy2CoT7Ggp3Po3QKBgQDKbetPPrV801wfTYPfj4t3YXsSi/iUWe5L\n"
                                     "jXU91y/ZeFwgrNHn8dUgUcrZkDfsKSDeea69oLZxNvZu/Px/u9H2+38fnF6Tn2wZ\n"
                                     "mMak+zGka7CG+SPbkmNkx0Pt6VcR8X308Vu5C69HF1UriwA00Wii6+FbuTU/e6sy\n"
                                     "VrUUlCM9nQKBgQChcqumjwSqZaBSz8IFnJROc2Y/w4KIOaiajCuFFQP8Ij4PnVJ0\n"
                                     "6sP7GSKxRxdZoZpSCjYH4q6PtQT/edit98IXWCgIHfVhTLp20paMbYURXK3jj62u\n"
                                     "dEk0Yn1FUId9txTIOmSZ0BOuMHmF3siLbRTXwgDHfdtV5TD3Y/J0DwO5KQKBgQC2\n"
                                     "DLKxuujHEOJpeHHfzZ2UyINBg8YTzOkE43wMGIl838Si0imYmiGdBlIS5aOVbMuV\n"
                                     "qQNgoLdTDCYGXNjMG2LR5w5FpIBd7OLwBjinyQy1HPBOAqOf5YAj8x0BSne2uGMZ\n"
                                     "tTJTMdH5cl9zYHfYCHg9BTvQHLlplVO6WsZRcoRa9QKBgBCQjW+5eHJxTWyaENfu\n"
                                     "J+IYX6Dy0DwJSRXlQd/k26EEZcKZGAKQG7Y4v0LlV/3TaQ7VnmNxKM2HvMLzJqDK\n"
                                     "Z9BWAMKcKRdNjaKgXozzfVKNvLql6KIiatKMMYjPhUaFtVoAJjw9BZYUcLkmVaY/\n"
                                     "zH4SL0/EEDcuh6QcW+KRVLr/\n"
                                     "-----END PRIVATE KEY-----\n";

static inline EVP_PKEY *fz_rsa_evp(void) {
    static EVP_PKEY *k;
    if (k == NULL) {
        BIO *b = BIO_new_mem_buf(fz_rsa_key_pem, (int)sizeof(fz_rsa_key_pem) - 1);
        k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
        BIO_free(b);
    }
    return k;
}

/* The self-signed certificate of the key (DER, owned here), or NULL. */
static inline X509 *fz_rsa_x509(void) {
    static X509 *x;
    EVP_PKEY *k = fz_rsa_evp();
    if (x != NULL || k == NULL) return x;
    x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    ASN1_TIME_set_string(X509_getm_notBefore(x), "20200101000000Z");
    ASN1_TIME_set_string(X509_getm_notAfter(x), "20991231235959Z");
    X509_set_pubkey(x, k);
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"sslprov fuzz", -1, -1, 0);
    X509_set_issuer_name(x, n);
    if (X509_sign(x, k, EVP_sha256()) <= 0) {
        X509_free(x);
        x = NULL;
    }
    return x;
}

static inline size_t fz_rsa_cert_der(const uint8_t **der) {
    static uint8_t *d;
    static int n;
    if (d == NULL && fz_rsa_x509() != NULL) n = i2d_X509(fz_rsa_x509(), &d);
    *der = d;
    return n > 0 ? (size_t)n : 0;
}

/* The provider's private-key handle for the fixed key (0 if unavailable):
 * the key is written to a temporary file, registered for the certificate with
 * SslProvAddPrivateKeyLocation, opened with SslOpenPrivateKey, and the file
 * removed (the handle holds the key). */
static inline NCRYPT_KEY_HANDLE fz_rsa_private_key(NCRYPT_PROV_HANDLE p) {
    NCRYPT_KEY_HANDLE h = 0;
    const uint8_t *der = NULL;
    size_t dn = fz_rsa_cert_der(&der);
    char path[] = "/tmp/sslprov-fuzz-key-XXXXXX";
    int fd = mkstemp(path);
    if (dn == 0 || fd < 0) return 0;
    FILE *f = fdopen(fd, "w");
    if (f != NULL) {
        fwrite(fz_rsa_key_pem, 1, sizeof(fz_rsa_key_pem) - 1, f);
        fclose(f);
        CERT_CONTEXT cc = {X509_ASN_ENCODING, (BYTE *)der, (DWORD)dn, NULL, NULL};
        if (SslProvAddPrivateKeyLocation(p, &cc, path, 0) != 0 || SslOpenPrivateKey(p, &h, &cc, 0) != 0) h = 0;
    } else {
        close(fd);
    }
    unlink(path);
    return h;
}

#endif
