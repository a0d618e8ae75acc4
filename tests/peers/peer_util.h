/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/* peer_util.h - shared helpers of the test peers (tests/peers/): argument
 * parsing of byte counts, file slurping, a loopback listener.  Test-only code. */
#ifndef SSLPROV_PEER_UTIL_H
#define SSLPROV_PEER_UTIL_H
#include <stddef.h>

/* Exit status of a peer: 0 ok, 1 TLS or I/O failure, 2 usage. */
#define PEER_EXIT_FAIL  1
#define PEER_EXIT_USAGE 2

/* A listening TCP socket on 127.0.0.1:port, or -1. */
int peer_listen(int port);
/* A connected TCP socket to target "HOST:PORT" (an IPv4 address or
 * localhost), or -1. */
int peer_connect(const char *target);
/* Reads a whole file; *len gets its size.  NULL on error (message on stderr). */
unsigned char *peer_read_file(const char *path, size_t *len);
/* Writes len bytes to path; 0 on success. */
int peer_write_file(const char *path, const unsigned char *buf, size_t len);
#endif
