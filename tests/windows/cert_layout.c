/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cert_layout.c - prints, as _Static_assert lines, the sizes and offsets that
 * the Linux build of Sslprovider.h gives CERT_CONTEXT, CERT_INFO and the
 * structures the interface shares with the SDK; tests/test_header_windows.sh
 * compiles them into sdk_program.c against mingw-w64's wincrypt.h / bcrypt.h,
 * so any layout difference fails the build.
 */
#include <stddef.h>
#include <stdio.h>

#include <Sslprovider.h>

#define SIZE(t)   printf("_Static_assert(sizeof(" #t ") == %zu, \"sizeof " #t "\");\n", sizeof(t))
#define OFF(t, m) printf("_Static_assert(offsetof(" #t ", " #m ") == %zu, \"" #t "." #m "\");\n", offsetof(t, m))

int main(void) {
    printf("#include <stddef.h>\n");
    SIZE(CERT_CONTEXT);
    OFF(CERT_CONTEXT, dwCertEncodingType);
    OFF(CERT_CONTEXT, pbCertEncoded);
    OFF(CERT_CONTEXT, cbCertEncoded);
    OFF(CERT_CONTEXT, pCertInfo);
    OFF(CERT_CONTEXT, hCertStore);
    SIZE(CERT_INFO);
    OFF(CERT_INFO, dwVersion);
    OFF(CERT_INFO, SerialNumber);
    OFF(CERT_INFO, SignatureAlgorithm);
    OFF(CERT_INFO, Issuer);
    OFF(CERT_INFO, NotBefore);
    OFF(CERT_INFO, NotAfter);
    OFF(CERT_INFO, Subject);
    OFF(CERT_INFO, SubjectPublicKeyInfo);
    OFF(CERT_INFO, IssuerUniqueId);
    OFF(CERT_INFO, SubjectUniqueId);
    OFF(CERT_INFO, cExtension);
    OFF(CERT_INFO, rgExtension);
    SIZE(CERT_PUBLIC_KEY_INFO);
    OFF(CERT_PUBLIC_KEY_INFO, PublicKey);
    SIZE(CRYPT_ALGORITHM_IDENTIFIER);
    OFF(CRYPT_ALGORITHM_IDENTIFIER, Parameters);
    SIZE(CRYPT_BIT_BLOB);
    OFF(CRYPT_BIT_BLOB, cUnusedBits);
    SIZE(CERT_EXTENSION);
    OFF(CERT_EXTENSION, fCritical);
    OFF(CERT_EXTENSION, Value);
    SIZE(CRYPT_INTEGER_BLOB);
    SIZE(FILETIME);
    SIZE(NCryptBuffer);
    SIZE(NCryptBufferDesc);
    SIZE(NCryptProviderName);
    SIZE(BCRYPT_RSAKEY_BLOB);
    SIZE(BCRYPT_ECCKEY_BLOB);
    return 0;
}
