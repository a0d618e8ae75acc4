/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli.h - the sslprov command-line tool: a table of subcommands (brssl style)
 * and the helpers they share.  Adding a subcommand is one line in k_commands
 * (cli_main.c) plus its cmd_* function.
 *
 * Exit status: 0 success, 1 the library refused or failed, 2 bad usage (bad
 * hex, wrong length, unknown suite or protocol, missing or unknown option),
 * 3 (client, server) the peer closed without close_notify.
 * Every error is one line on stderr: "sslprov <command>: <message>".
 */
#ifndef SSLPROV_TOOLS_CLI_H
#define SSLPROV_TOOLS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sslprovider.h"

#define CLI_EXIT_OK    0
#define CLI_EXIT_FAIL  1
#define CLI_EXIT_USAGE 2
/* client/server: the peer closed the TCP connection without close_notify
 * (possible truncation, RFC 8446 6.1); --ignore-eof accepts that as a close. */
#define CLI_EXIT_TRUNCATED 3

struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
};

/* The table (cli_main.c). */
extern const struct cli_command cli_commands[];

/* Subcommands. */
int cmd_suites(int argc, char **argv);
int cmd_derive(int argc, char **argv);

/* cli_usage_error prints "sslprov <cmd>: <message>" and returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cli_lib_error prints "sslprov <cmd>: <call> failed: <NTE name> (0x...)" and
 * returns CLI_EXIT_FAIL. */
int cli_lib_error(const char *cmd, const char *call, SECURITY_STATUS st);
const char *cli_status_name(SECURITY_STATUS st);

/* Is argv[i] "--help" or "-h"? */
bool cli_is_help(const char *arg);

/* Option parsing: "--name value" or "--name=value".  cli_opt returns true and
 * sets *value if argv[*i] is option `name`, advancing *i past a separate value;
 * a missing value sets *value to NULL. */
bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

/* Hex: strict (even number of hex digits, nothing else).  Returns the byte
 * count, or -1 for malformed input, -2 if longer than cap. */
long cli_unhex(const char *hex, uint8_t *out, size_t cap);
void cli_print_hex(const uint8_t *p, size_t n);

/* Protocols by CLI name ("tls1.2", ...).  0 if unknown. */
DWORD cli_protocol_by_name(const char *name);
const char *cli_protocol_name(DWORD protocol);
/* All protocols, newest first, for listing. */
extern const DWORD cli_all_protocols[];
extern const size_t cli_all_protocols_count;

/* UTF-16 (WCHAR) field to UTF-8 (SslProvUtf16ToUtf8; ASCII prefix if it does not fit). */
void cli_ascii(const WCHAR *w, size_t cap, char *out, size_t out_cap);

/* Suite by IANA name, OpenSSL name or 0xHEX: the IANA id, or false. */
bool cli_suite_by_name(const char *text, DWORD *id);
/* Catalogue names for id (NULL if unknown). */
const char *cli_suite_iana_name(DWORD id);
const char *cli_suite_openssl_name(DWORD id);
/* True for export-grade and SSL 2.0 suites (listed, refused for use). */
bool cli_suite_refused(DWORD id);

#endif
