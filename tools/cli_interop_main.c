/*
 * cli_interop_main.c - temporary dispatch for `sslprov client|server` until the
 * subcommand table (branch pkgcli) wires cmd_client / cmd_server.  main() is
 * weak so the real one wins when both are linked; the lead deletes this file at
 * merge.
 */
#include <stdio.h>
#include <string.h>

#include "cli_tls.h"

int main(int argc, char **argv) __attribute__((weak));
int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "client") == 0) return cmd_client(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "server") == 0) return cmd_server(argc - 1, argv + 1);
    fprintf(stderr, "usage: sslprov client|server ...\n");
    return 2;
}
