/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * enum_suites.c - the cipher suites of one protocol (TLS 1.3 and TLS 1.2 by
 * default, or the hex protocol given, e.g. 0x0303), with the record overhead
 * SslLookupCipherLengths reports for each.
 *
 *   cc enum_suites.c $(pkg-config --cflags --libs sslprov)
 *   ./a.out            # TLS 1.3 and TLS 1.2
 *   ./a.out 0x0302     # TLS 1.1
 */
#include <stdio.h>
#include <stdlib.h>

#include <sslprovider.h>

/* The names are UTF-16; the catalogue's are ASCII. */
static const char *ascii(const WCHAR *w, char *out, size_t cap) {
    size_t i = 0;
    for (; i + 1 < cap && w[i] != 0; i++)
        out[i] = w[i] < 128 ? (char)w[i] : '?';
    out[i] = '\0';
    return out;
}

static int list(NCRYPT_PROV_HANDLE prov, DWORD protocol) {
    NCRYPT_SSL_CIPHER_SUITE_EX *s = NULL;
    PVOID state = NULL; /* NULL starts the enumeration */
    SECURITY_STATUS st;
    int n = 0;
    printf("protocol 0x%04X:\n", (unsigned)protocol);
    while ((st = SslEnumCipherSuitesEx(prov, 0, &s, &state, 0)) == 0) {
        /* each entry is a fresh copy (as on Windows), freed with SslFreeBuffer */
        if (s->dwProtocol != protocol) { /* one entry per (protocol, suite) */
            SslFreeBuffer(s);
            continue;
        }
        char name[NCRYPT_SSL_MAX_NAME_SIZE], cipher[NCRYPT_SSL_MAX_NAME_SIZE];
        NCRYPT_SSL_CIPHER_LENGTHS len = {0};
        SECURITY_STATUS lst = SslLookupCipherLengths(prov, protocol, s->dwCipherSuite, 0, &len, sizeof len, 0);
        printf("  0x%04X %-45s %-8s %3u-bit", (unsigned)s->dwCipherSuite, ascii(s->szCipherSuite, name, sizeof name),
               ascii(s->szCipher, cipher, sizeof cipher), (unsigned)s->dwCipherLen);
        if (lst == 0)
            printf("  header %u, trailer %u..%u\n", (unsigned)len.dwHeaderLen, (unsigned)len.dwFixedTrailerLen,
                   (unsigned)(len.dwFixedTrailerLen + len.dwMaxVariableTrailerLen));
        else
            printf("  (%s)\n", SslProvStatusString(lst));
        SslFreeBuffer(s);
        n++;
    }
    /* The state belongs to the caller until the end. */
    if (state != NULL) SslFreeBuffer(state);
    if (st != NTE_NO_MORE_ITEMS) {
        fprintf(stderr, "SslEnumCipherSuitesEx: %s\n", SslProvStatusString(st));
        return -1;
    }
    printf("  %d suites\n", n);
    return n;
}

int main(int argc, char **argv) {
    NCRYPT_PROV_HANDLE prov = 0;
    SECURITY_STATUS st = SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0);
    if (st != 0) {
        fprintf(stderr, "SslOpenProvider: %s\n", SslProvStatusString(st));
        return 1;
    }
    int ok = 1;
    if (argc > 1) {
        ok = list(prov, (DWORD)strtoul(argv[1], NULL, 16)) > 0;
    } else {
        ok = list(prov, TLS1_3_PROTOCOL_VERSION) >= 3 && list(prov, TLS1_2_PROTOCOL_VERSION) >= 20;
    }
    SslFreeObject(prov, 0);
    if (ok) puts("enum_suites: ok");
    return ok ? 0 : 1;
}
