/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_derive.c - "sslprov derive": the SSL 3.0 - TLS 1.2 key block of a master
 * secret, split into its fields (RFC 5246 section 6.3, RFC 6101 section 6.2.2).
 *
 * Only the public API is used: SslOpenProvider, the export opt-in
 * SslProvSetProviderOption(SSLPROV_OPTION_ALLOW_SECRET_EXPORT), SslImportKey of
 * an SSLPROV_MASTER_SECRET_BLOB with the client role, SslGenerateSessionKeys,
 * and SslExportKey(SSLPROV_SESSION_KEY_BLOB) of the write key (client_write_*)
 * and of the read key (server_write_*; reference section 11.6).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#define CMD "derive"

static void derive_usage(FILE *f) {
    fprintf(f, "usage: sslprov derive --protocol P --suite S --master-secret HEX\n"
               "                      --client-random HEX --server-random HEX\n"
               "  Prints the key-block fields the suite has, one per line:\n"
               "  client_write_MAC_key, server_write_MAC_key, client_write_key,\n"
               "  server_write_key, client_write_IV, server_write_IV.\n"
               "  --protocol P         ssl3, tls1.0, tls1.1, tls1.2, dtls1.0, dtls1.2\n"
               "  --suite S            IANA name, OpenSSL name or 0xHEX id\n"
               "  --master-secret HEX  48 bytes\n"
               "  --client-random HEX  32 bytes\n"
               "  --server-random HEX  32 bytes\n"
               "  Exit status: 0 ok, 1 the library refused, 2 bad usage.\n");
}

struct derive_args {
    DWORD protocol;
    DWORD suite;
    uint8_t ms[48], cr[32], sr[32];
};

/* One hex option of an exact length. */
static int parse_fixed_hex(const char *opt, const char *v, uint8_t *out, size_t len) {
    uint8_t tmp[256];
    if (v == NULL) return cli_usage_error(CMD, "%s needs a value", opt);
    long n = cli_unhex(v, tmp, sizeof(tmp));
    if (n == -1) return cli_usage_error(CMD, "%s: not a hex string", opt);
    if (n != (long)len) {
        OPENSSL_cleanse(tmp, sizeof(tmp));
        return cli_usage_error(CMD, "%s must be %zu bytes (%zu hex digits), got %zu", opt, len, 2 * len, strlen(v) / 2);
    }
    memcpy(out, tmp, len);
    OPENSSL_cleanse(tmp, sizeof(tmp));
    return CLI_EXIT_OK;
}

static bool derive_protocol(DWORD p) {
    return p == SSL3_PROTOCOL_VERSION || p == TLS1_0_PROTOCOL_VERSION || p == TLS1_1_PROTOCOL_VERSION ||
           p == TLS1_2_PROTOCOL_VERSION || p == DTLS1_0_PROTOCOL_VERSION || p == DTLS1_2_PROTOCOL_VERSION;
}

static int parse_args(int argc, char **argv, struct derive_args *a, bool *help) {
    bool have[5] = {false};
    static const char *const names[5] = {"--protocol", "--suite", "--master-secret", "--client-random",
                                         "--server-random"};
    const char *suite_text = NULL;
    int rc;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (cli_is_help(argv[i])) {
            *help = true;
            return CLI_EXIT_OK;
        } else if (cli_opt(argc, argv, &i, "--protocol", &v)) {
            if (v == NULL) return cli_usage_error(CMD, "--protocol needs a value");
            a->protocol = cli_protocol_by_name(v);
            if (!derive_protocol(a->protocol))
                return cli_usage_error(CMD, "unknown protocol '%s' (ssl3, tls1.0, tls1.1, tls1.2, dtls1.0, dtls1.2)",
                                       v);
            have[0] = true;
        } else if (cli_opt(argc, argv, &i, "--suite", &v)) {
            if (v == NULL) return cli_usage_error(CMD, "--suite needs a value");
            if (!cli_suite_by_name(v, &a->suite)) return cli_usage_error(CMD, "unknown cipher suite '%s'", v);
            suite_text = v;
            have[1] = true;
        } else if (cli_opt(argc, argv, &i, "--master-secret", &v)) {
            if ((rc = parse_fixed_hex("--master-secret", v, a->ms, sizeof(a->ms))) != 0) return rc;
            have[2] = true;
        } else if (cli_opt(argc, argv, &i, "--client-random", &v)) {
            if ((rc = parse_fixed_hex("--client-random", v, a->cr, sizeof(a->cr))) != 0) return rc;
            have[3] = true;
        } else if (cli_opt(argc, argv, &i, "--server-random", &v)) {
            if ((rc = parse_fixed_hex("--server-random", v, a->sr, sizeof(a->sr))) != 0) return rc;
            have[4] = true;
        } else {
            return cli_usage_error(CMD, "unknown argument '%s' (try 'sslprov derive --help')", argv[i]);
        }
    }
    for (int k = 0; k < 5; k++) {
        if (!have[k]) return cli_usage_error(CMD, "missing %s (try 'sslprov derive --help')", names[k]);
    }
    if (cli_suite_refused(a->suite))
        return cli_usage_error(CMD, "suite '%s' is export-grade or SSL 2.0: listed but refused", suite_text);
    return CLI_EXIT_OK;
}

/* Export one session key; checks the header says whose key it is. */
static int export_session_key(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, DWORD role, uint8_t **blob, DWORD *len) {
    DWORD cb = 0;
    SECURITY_STATUS st = SslExportKey(p, k, SSLPROV_SESSION_KEY_BLOB, NULL, 0, &cb, 0);
    if (st != 0) return cli_lib_error(CMD, "SslExportKey", st);
    if (cb < sizeof(SSLPROV_SESSION_KEY_HEADER)) return cli_lib_error(CMD, "SslExportKey", NTE_BAD_DATA);
    *blob = calloc(1, cb);
    if (*blob == NULL) return cli_lib_error(CMD, "SslExportKey", NTE_NO_MEMORY);
    *len = cb;
    st = SslExportKey(p, k, SSLPROV_SESSION_KEY_BLOB, *blob, cb, &cb, 0);
    if (st != 0) return cli_lib_error(CMD, "SslExportKey", st);
    SSLPROV_SESSION_KEY_HEADER h;
    memcpy(&h, *blob, sizeof(h));
    if (h.dwMagic != SSLPROV_SESSION_KEY_MAGIC || h.dwFlags != role ||
        (uint64_t)sizeof(h) + h.cbMacKey + h.cbEncKey + h.cbIV != cb)
        return cli_lib_error(CMD, "SslExportKey", NTE_BAD_DATA);
    return CLI_EXIT_OK;
}

static void print_field(const char *name, const uint8_t *p, DWORD n) {
    if (n == 0) return;
    printf("%s: ", name);
    cli_print_hex(p, n);
    printf("\n");
}

static void print_key_block(const uint8_t *cw, const uint8_t *sw) {
    SSLPROV_SESSION_KEY_HEADER c, s;
    memcpy(&c, cw, sizeof(c));
    memcpy(&s, sw, sizeof(s));
    const uint8_t *cb = cw + sizeof(c), *sb = sw + sizeof(s);
    print_field("client_write_MAC_key", cb, c.cbMacKey);
    print_field("server_write_MAC_key", sb, s.cbMacKey);
    print_field("client_write_key", cb + c.cbMacKey, c.cbEncKey);
    print_field("server_write_key", sb + s.cbMacKey, s.cbEncKey);
    print_field("client_write_IV", cb + c.cbMacKey + c.cbEncKey, c.cbIV);
    print_field("server_write_IV", sb + s.cbMacKey + s.cbEncKey, s.cbIV);
}

static int derive(const struct derive_args *a) {
    NCRYPT_PROV_HANDLE p = 0;
    NCRYPT_KEY_HANDLE mk = 0, rk = 0, wk = 0;
    uint8_t blob[sizeof(SSLPROV_MASTER_SECRET_HEADER) + 48];
    uint8_t *cw = NULL, *sw = NULL;
    DWORD cwn = 0, swn = 0;
    NCRYPT_SSL_CIPHER_SUITE info;
    int rc = CLI_EXIT_OK;
    SECURITY_STATUS st;

    if ((st = SslOpenProvider(&p, NULL, 0)) != 0) return cli_lib_error(CMD, "SslOpenProvider", st);
    /* A suite not defined for the protocol is a usage error, not a library failure. */
    st = SslLookupCipherSuiteInfo(p, a->protocol, a->suite, 0, &info, 0);
    if (st == NTE_INVALID_PARAMETER || st == NTE_NOT_SUPPORTED) { /* Windows: INVALID_PARAMETER */
        rc = cli_usage_error(CMD, "suite 0x%04X is not defined for %s", (unsigned)a->suite,
                             cli_protocol_name(a->protocol));
        goto cleanup;
    }
    if (st != 0) {
        rc = cli_lib_error(CMD, "SslLookupCipherSuiteInfo", st);
        goto cleanup;
    }
    if ((st = SslProvSetProviderOption(p, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1)) != 0) {
        rc = cli_lib_error(CMD, "SslProvSetProviderOption", st);
        goto cleanup;
    }
    SSLPROV_MASTER_SECRET_HEADER h = {SSLPROV_MASTER_SECRET_MAGIC, a->protocol, a->suite, NCRYPT_SSL_CLIENT_FLAG, 48};
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), a->ms, 48);
    st = SslImportKey(p, &mk, SSLPROV_MASTER_SECRET_BLOB, blob, sizeof(blob), 0);
    OPENSSL_cleanse(blob, sizeof(blob));
    if (st != 0) {
        rc = cli_lib_error(CMD, "SslImportKey", st);
        goto cleanup;
    }
    NCryptBuffer bufs[2] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, (PVOID)a->cr},
                            {32, NCRYPTBUFFER_SSL_SERVER_RANDOM, (PVOID)a->sr}};
    NCryptBufferDesc params = {NCRYPTBUFFER_VERSION, 2, bufs};
    if ((st = SslGenerateSessionKeys(p, mk, &rk, &wk, &params, 0)) != 0) {
        rc = cli_lib_error(CMD, "SslGenerateSessionKeys", st);
        goto cleanup;
    }
    /* Client role: the write key is client_write_*, the read key server_write_*. */
    if ((rc = export_session_key(p, wk, NCRYPT_SSL_CLIENT_FLAG, &cw, &cwn)) != 0) goto cleanup;
    if ((rc = export_session_key(p, rk, NCRYPT_SSL_SERVER_FLAG, &sw, &swn)) != 0) goto cleanup;
    print_key_block(cw, sw);
    if (fflush(stdout) != 0) rc = CLI_EXIT_FAIL;

cleanup:
    if (cw != NULL) OPENSSL_cleanse(cw, cwn);
    if (sw != NULL) OPENSSL_cleanse(sw, swn);
    free(cw);
    free(sw);
    if (wk != 0) SslFreeObject(wk, 0);
    if (rk != 0) SslFreeObject(rk, 0);
    if (mk != 0) SslFreeObject(mk, 0);
    SslFreeObject(p, 0);
    return rc;
}

int cmd_derive(int argc, char **argv) {
    struct derive_args a;
    bool help = false;
    memset(&a, 0, sizeof(a));
    int rc = parse_args(argc, argv, &a, &help);
    if (rc == CLI_EXIT_OK && help) derive_usage(stdout);
    if (rc == CLI_EXIT_OK && !help) rc = derive(&a);
    OPENSSL_cleanse(&a, sizeof(a));
    return rc;
}
