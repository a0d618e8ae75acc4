/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_tls.h - the `sslprov client` and `sslprov server` subcommands (issue #6)
 * and their shared option handling (cli_tls_common.c).
 */
#ifndef SSLPROV_TOOLS_CLI_TLS_H
#define SSLPROV_TOOLS_CLI_TLS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "tls/tls.h"

int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);

/* Options both sides share (cli_tls_common.c has their table). */
struct cli_tls_opts {
    const char *cipher, *group, *keylog, *cert, *key, *cafile, *alpn;
    int timeout; /* --timeout seconds; -1 when not given */
    bool trace, tls10, tls11, tls12, tls13, no_ems, ignore_eof, no_ticket;
    int record_size_limit;
    bool dtls10, dtls12; /* DTLS over UDP (issue #15) */
    int mtu;             /* DTLS: largest datagram we send (default 1400) */
};

/* One option of a command's own: exactly one of flag, str and num is set
 * (num: a non-negative decimal number, anything else is a usage error naming
 * the option; the command checks its range).  Tables end with a NULL name.
 * A new option: one line in a table here plus one line of its --help text. */
struct cli_tls_opt {
    const char *name;
    bool *flag;
    const char **str;
    int *num;
};

struct cli_tls_cmd {
    const char *name;               /* "client", "server": error lines say "sslprov <name>: ..." */
    const char *usage;              /* synopsis, "usage: sslprov ..." */
    const char *help;               /* the command's own options, one explained per line */
    const struct cli_tls_opt *opts; /* the command's own options */
    const char **operand;           /* where the one operand goes (HOST:PORT), or NULL */
};

/* cli_tls_parse reads argv (argv[0] is the subcommand) into o and the
 * command's own options: "--name value" or "--name=value", and checks the
 * suite and group lists against the versions enabled.  Returns -1 when the
 * command should run; otherwise the exit status to return: 0 after --help
 * (usage on stdout), 2 for bad usage (one line on stderr naming the option). */
int cli_tls_parse(const struct cli_tls_cmd *cmd, int argc, char **argv, struct cli_tls_opts *o);
/* cli_tls_usage_error prints "sslprov <cmd>: <message> (see 'sslprov <cmd>
 * --help')" on stderr and returns CLI_EXIT_USAGE. */
int cli_tls_usage_error(const struct cli_tls_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* cli_parse_uint: v is a decimal number 0..max (no sign, nothing after). */
bool cli_parse_uint(const char *v, long max, int *out);

/* cli_tls_fail prints the one error line for a failed connection,
 * "<who>: error: ...", naming the alert received or sent, and returns the exit
 * status: CLI_EXIT_TRUNCATED when the peer closed without close_notify,
 * CLI_EXIT_FAIL otherwise. */
int cli_tls_fail(const char *who, const struct tls_conn *c);

/* cli_tls_setup opens the provider, key log, suites, groups, versions and the
 * identity.  Returns 0 or prints one line and returns -1. */
int cli_tls_setup(struct tls_config *cfg, const struct cli_tls_opts *o, bool server);
void cli_tls_teardown(struct tls_config *cfg);

/* DTLS (cli_dtls.c): the server loop over one UDP socket, and the line of
 * DTLS record-layer counters both commands print after a session. */
int cli_dtls_server(struct tls_config *cfg, const char *bind_host, int port, int accept_n);
void cli_dtls_counters(const char *who, const struct tls_conn *c);

#endif
