/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_suites.c - "sslprov suites": the cipher-suite catalogue as a table, read
 * through SslEnumCipherSuitesEx and SslGetCipherSuitePRFHashAlgorithm.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SUITES 256

struct row {
    DWORD id;
    DWORD protocols[8];
    size_t nproto;
    NCRYPT_SSL_CIPHER_SUITE_EX info; /* from the newest protocol listed */
};

static void suites_usage(FILE *f) {
    fprintf(f, "usage: sslprov suites [--protocol P]\n"
               "  Lists the cipher suites sslprov knows: id, IANA name, OpenSSL name,\n"
               "  protocols, key exchange/authentication, cipher, record MAC/PRF hash.\n"
               "  --protocol P  only suites defined for P (ssl2, ssl3, tls1.0, tls1.1,\n"
               "                tls1.2, tls1.3, dtls1.0, dtls1.2); MAC/PRF is then P's.\n");
}

static struct row *find_row(struct row *rows, size_t n, DWORD id) {
    for (size_t i = 0; i < n; i++) {
        if (rows[i].id == id) return &rows[i];
    }
    return NULL;
}

/* "AES-128-GCM", "3DES-168-CBC", "RC4-128", "NULL". */
static void cipher_text(const NCRYPT_SSL_CIPHER_SUITE_EX *s, char *out, size_t cap) {
    char name[NCRYPT_SSL_MAX_NAME_SIZE], mode[NCRYPT_SSL_MAX_NAME_SIZE];
    cli_ascii(s->szCipher, NCRYPT_SSL_MAX_NAME_SIZE, name, sizeof(name));
    cli_ascii(s->szCipherMode, NCRYPT_SSL_MAX_NAME_SIZE, mode, sizeof(mode));
    const char *m = strncmp(mode, "ChainingMode", 12) == 0 ? mode + 12 : mode;
    if (name[0] == '\0')
        snprintf(out, cap, "NULL");
    else if (m[0] == '\0' || strcmp(m, "N/A") == 0)
        snprintf(out, cap, "%s-%u", name, (unsigned)s->dwCipherLen);
    else
        snprintf(out, cap, "%s-%u-%s", name, (unsigned)s->dwCipherLen, m);
}

static void prf_text(NCRYPT_PROV_HANDLE p, DWORD protocol, DWORD id, const NCRYPT_SSL_CIPHER_SUITE_EX *s, char *out,
                     size_t cap) {
    WCHAR prf[NCRYPT_SSL_MAX_NAME_SIZE];
    char mac[NCRYPT_SSL_MAX_NAME_SIZE], prfa[NCRYPT_SSL_MAX_NAME_SIZE];
    cli_ascii(s->szHash, NCRYPT_SSL_MAX_NAME_SIZE, mac, sizeof(mac));
    if (SslGetCipherSuitePRFHashAlgorithm(p, protocol, id, 0, prf, 0) == 0)
        cli_ascii(prf, NCRYPT_SSL_MAX_NAME_SIZE, prfa, sizeof(prfa));
    else
        snprintf(prfa, sizeof(prfa), "-");
    snprintf(out, cap, "%s/%s", mac[0] ? mac : "AEAD", prfa);
}

static void print_row(NCRYPT_PROV_HANDLE p, const struct row *r) {
    char iana[NCRYPT_SSL_MAX_NAME_SIZE], kx[2 * NCRYPT_SSL_MAX_NAME_SIZE], cert[NCRYPT_SSL_MAX_NAME_SIZE];
    char cipher[160], prf[2 * NCRYPT_SSL_MAX_NAME_SIZE + 2], protos[96] = "";
    const char *ossl = cli_suite_openssl_name(r->id);
    cli_ascii(r->info.szCipherSuite, NCRYPT_SSL_MAX_NAME_SIZE, iana, sizeof(iana));
    cli_ascii(r->info.szExchange, NCRYPT_SSL_MAX_NAME_SIZE, kx, sizeof(kx));
    cli_ascii(r->info.szCertificate, NCRYPT_SSL_MAX_NAME_SIZE, cert, sizeof(cert));
    if (kx[0] == '\0') snprintf(kx, sizeof(kx), "-");
    if (cert[0] != '\0' && strcmp(cert, kx) != 0) {
        size_t n = strlen(kx);
        snprintf(kx + n, sizeof(kx) - n, "/%s", cert);
    }
    for (size_t i = 0; i < r->nproto; i++) {
        size_t n = strlen(protos);
        snprintf(protos + n, sizeof(protos) - n, "%s%s", i ? "," : "", cli_protocol_name(r->protocols[i]));
    }
    cipher_text(&r->info, cipher, sizeof(cipher));
    prf_text(p, r->protocols[0], r->id, &r->info, prf, sizeof(prf));
    char id[16];
    snprintf(id, sizeof(id), r->id > 0xFFFF ? "0x%06X" : "0x%04X", (unsigned)r->id);
    printf("%-9s %-46s %-30s %-41s %-12s %-22s %s\n", id, iana, ossl ? ossl : "-", protos, kx, cipher, prf);
}

int cmd_suites(int argc, char **argv) {
    DWORD only = 0;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (cli_is_help(argv[i])) {
            suites_usage(stdout);
            return CLI_EXIT_OK;
        } else if (cli_opt(argc, argv, &i, "--protocol", &v)) {
            if (v == NULL) return cli_usage_error("suites", "--protocol needs a value");
            only = cli_protocol_by_name(v);
            if (only == 0) return cli_usage_error("suites", "unknown protocol '%s'", v);
        } else {
            return cli_usage_error("suites", "unknown argument '%s' (try 'sslprov suites --help')", argv[i]);
        }
    }

    NCRYPT_PROV_HANDLE p = 0;
    SECURITY_STATUS st = SslOpenProvider(&p, NULL, 0);
    if (st != 0) return cli_lib_error("suites", "SslOpenProvider", st);
    struct row *rows = calloc(MAX_SUITES, sizeof(*rows));
    size_t n = 0;
    int rc = CLI_EXIT_OK;
    if (rows == NULL) {
        rc = cli_lib_error("suites", "calloc", NTE_NO_MEMORY);
        goto cleanup;
    }
    PVOID state = NULL;
    NCRYPT_SSL_CIPHER_SUITE_EX *s = NULL;
    while ((st = SslEnumCipherSuitesEx(p, 0, &s, &state, 0)) == 0) {
        /* Each entry is a fresh heap copy (as on Windows): keep what is
         * needed, free it. */
        NCRYPT_SSL_CIPHER_SUITE_EX e = *s;
        SslFreeBuffer(s);
        if (only != 0 && e.dwProtocol != only) continue;
        struct row *r = find_row(rows, n, e.dwCipherSuite);
        if (r == NULL) {
            if (n == MAX_SUITES) break;
            r = &rows[n++];
            r->id = e.dwCipherSuite;
            r->info = e;
        }
        if (r->nproto < 8) r->protocols[r->nproto++] = e.dwProtocol;
    }
    if (state != NULL) SslFreeBuffer(state);
    if (st != NTE_NO_MORE_ITEMS) {
        rc = cli_lib_error("suites", "SslEnumCipherSuitesEx", st);
        goto cleanup;
    }
    printf("%-9s %-46s %-30s %-41s %-12s %-22s %s\n", "ID", "IANA name", "OpenSSL name", "protocols", "kx/auth",
           "cipher", "MAC/PRF");
    for (size_t i = 0; i < n; i++)
        print_row(p, &rows[i]);
cleanup:
    free(rows);
    SslFreeObject(p, 0);
    return rc;
}
