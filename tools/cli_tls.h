/*
 * cli_tls.h - the `sslprov client` and `sslprov server` subcommands (issue #6)
 * and their shared option handling (cli_tls_common.c).
 */
#ifndef SSLPROV_TOOLS_CLI_TLS_H
#define SSLPROV_TOOLS_CLI_TLS_H

#include <stdbool.h>

#include "tls/tls.h"

int cmd_client(int argc, char **argv);
int cmd_server(int argc, char **argv);

/* Options both sides share.  cli_tls_option consumes argv[*i] (and its value)
 * and returns 1 when it knew the option, 0 when not, -1 on a bad value. */
struct cli_tls_opts {
    const char *cipher, *group, *keylog, *cert, *key, *cafile;
    bool trace, tls10, tls11, tls12, tls13, no_ems;
};
int cli_tls_option(struct cli_tls_opts *o, int argc, char **argv, int *i);
/* cli_tls_setup opens the provider, key log, suites, groups, versions and the
 * identity.  Returns 0 or prints one line and returns -1. */
int cli_tls_setup(struct tls_config *cfg, const struct cli_tls_opts *o, bool server);
void cli_tls_teardown(struct tls_config *cfg);

#endif
