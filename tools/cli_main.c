/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_main.c - sslprov, the command-line face of libsslprov: subcommand
 * dispatch, --help and --version.
 */
#include "cli.h"
#include "cli_tls.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

/* One line per subcommand; keep alphabetical. */
const struct cli_command cli_commands[] = {
    {"client", "TLS client on the provider (s_client style)", cmd_client},
    {"derive", "derive a TLS <= 1.2 key block from a master secret", cmd_derive},
    {"server", "TLS server on the provider (s_server style)", cmd_server},
    {"suites", "list the cipher-suite catalogue", cmd_suites},
    {NULL, NULL, NULL},
};

static void usage(FILE *f) {
    fprintf(f, "usage: sslprov <command> [options]\n"
               "       sslprov help [<command>] | --help | --version\n\ncommands:\n");
    for (const struct cli_command *c = cli_commands; c->name != NULL; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\n'sslprov help <command>' or 'sslprov <command> --help' describes a command;\n"
               "see sslprov(1).  Exit status: 0 success, 1 failure, 2 bad usage, 3 (client, server)\n"
               "the peer closed without close_notify.\n");
}

static int version(void) {
    NCRYPT_PROV_HANDLE p = 0;
    PBYTE buf = NULL;
    DWORD cb = 0, v = 0;
    SECURITY_STATUS st = SslOpenProvider(&p, NULL, 0);
    if (st == 0) st = SslGetProviderProperty(p, SSLPROV_PROVIDER_PROPERTY_VERSION, &buf, &cb, NULL, 0);
    if (st == 0 && cb == sizeof(DWORD)) memcpy(&v, buf, sizeof(v));
    if (buf != NULL) SslFreeBuffer(buf);
    if (p != 0) SslFreeObject(p, 0);
    if (st != 0) return cli_lib_error("--version", "SslGetProviderProperty", st);
    printf("sslprov %d.%d.%d (libsslprov %u.%u.%u, %s)\n", SSLPROV_VERSION_MAJOR, SSLPROV_VERSION_MINOR,
           SSLPROV_VERSION_PATCH, (unsigned)(v >> 16), (unsigned)(v >> 8 & 0xff), (unsigned)(v & 0xff),
           OpenSSL_version(OPENSSL_VERSION));
    return CLI_EXIT_OK;
}

int main(int argc, char **argv) {
    if (argc < 2) return cli_usage_error(NULL, "missing command (try 'sslprov --help')");
    if (cli_is_help(argv[1])) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) return version();
    if (strcmp(argv[1], "help") == 0) {
        if (argc == 2) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        if (argc > 3) return cli_usage_error("help", "unexpected argument '%s'", argv[3]);
        for (const struct cli_command *c = cli_commands; c->name != NULL; c++) {
            char *args[] = {argv[2], "--help", NULL};
            if (strcmp(argv[2], c->name) == 0) return c->run(2, args);
        }
        return cli_usage_error("help", "unknown command '%s' (try 'sslprov help')", argv[2]);
    }
    for (const struct cli_command *c = cli_commands; c->name != NULL; c++) {
        if (strcmp(argv[1], c->name) == 0) return c->run(argc - 1, argv + 1);
    }
    return cli_usage_error(NULL, "unknown command '%s' (try 'sslprov --help')", argv[1]);
}
