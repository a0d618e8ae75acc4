/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_util.c - helpers shared by the sslprov subcommands: errors, options,
 * hex, protocol names.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "sslprov%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

const char *cli_status_name(SECURITY_STATUS st) {
    switch (st) {
    case NTE_BAD_DATA: return "NTE_BAD_DATA";
    case NTE_BAD_FLAGS: return "NTE_BAD_FLAGS";
    case NTE_BAD_KEY: return "NTE_BAD_KEY";
    case NTE_BAD_PROVIDER: return "NTE_BAD_PROVIDER";
    case NTE_BAD_TYPE: return "NTE_BAD_TYPE";
    case NTE_PERM: return "NTE_PERM";
    case NTE_NO_MEMORY: return "NTE_NO_MEMORY";
    case NTE_INVALID_HANDLE: return "NTE_INVALID_HANDLE";
    case NTE_INVALID_PARAMETER: return "NTE_INVALID_PARAMETER";
    case NTE_BUFFER_TOO_SMALL: return "NTE_BUFFER_TOO_SMALL";
    case NTE_NOT_SUPPORTED: return "NTE_NOT_SUPPORTED";
    case NTE_NO_MORE_ITEMS: return "NTE_NO_MORE_ITEMS";
    case NTE_INTERNAL_ERROR: return "NTE_INTERNAL_ERROR";
    case NTE_FAIL: return "NTE_FAIL";
    default: return "error";
    }
}

int cli_lib_error(const char *cmd, const char *call, SECURITY_STATUS st) {
    fprintf(stderr, "sslprov %s: %s failed: %s (0x%08x)\n", cmd, call, cli_status_name(st), (unsigned)st);
    return CLI_EXIT_FAIL;
}

bool cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

bool cli_opt(int argc, char **argv, int *i, const char *name, const char **value) {
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return false;
    if (a[n] == '=') {
        *value = a + n + 1;
        return true;
    }
    if (a[n] != '\0') return false;
    *value = (*i + 1 < argc) ? argv[++*i] : NULL;
    return true;
}

static int nibble(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

long cli_unhex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = strlen(hex);
    if (n % 2 != 0) return -1;
    for (size_t i = 0; i < n; i++) {
        if (nibble((unsigned char)hex[i]) < 0) return -1;
    }
    if (n / 2 > cap) return -2;
    for (size_t i = 0; i < n / 2; i++)
        out[i] = (uint8_t)(nibble((unsigned char)hex[2 * i]) << 4 | nibble((unsigned char)hex[2 * i + 1]));
    return (long)(n / 2);
}

void cli_print_hex(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static const struct {
    const char *name;
    DWORD version;
} k_protocols[] = {
    {"tls1.3", TLS1_3_PROTOCOL_VERSION},   {"tls1.2", TLS1_2_PROTOCOL_VERSION}, {"tls1.1", TLS1_1_PROTOCOL_VERSION},
    {"tls1.0", TLS1_0_PROTOCOL_VERSION},   {"ssl3", SSL3_PROTOCOL_VERSION},     {"dtls1.2", DTLS1_2_PROTOCOL_VERSION},
    {"dtls1.0", DTLS1_0_PROTOCOL_VERSION}, {"ssl2", SSL2_PROTOCOL_VERSION},
};

const DWORD cli_all_protocols[] = {TLS1_3_PROTOCOL_VERSION,  TLS1_2_PROTOCOL_VERSION, TLS1_1_PROTOCOL_VERSION,
                                   TLS1_0_PROTOCOL_VERSION,  SSL3_PROTOCOL_VERSION,   DTLS1_2_PROTOCOL_VERSION,
                                   DTLS1_0_PROTOCOL_VERSION, SSL2_PROTOCOL_VERSION};
const size_t cli_all_protocols_count = sizeof(cli_all_protocols) / sizeof(cli_all_protocols[0]);

DWORD cli_protocol_by_name(const char *name) {
    for (size_t i = 0; i < sizeof(k_protocols) / sizeof(k_protocols[0]); i++) {
        if (strcasecmp(name, k_protocols[i].name) == 0) return k_protocols[i].version;
    }
    return 0;
}

const char *cli_protocol_name(DWORD protocol) {
    for (size_t i = 0; i < sizeof(k_protocols) / sizeof(k_protocols[0]); i++) {
        if (k_protocols[i].version == protocol) return k_protocols[i].name;
    }
    return "?";
}

void cli_ascii(const WCHAR *w, size_t cap, char *out, size_t out_cap) {
    /* The library's UTF-16 -> UTF-8 helper (never glibc's wcs*, which assume a
     * 4-byte wchar_t: issue #11, item 6). */
    DWORD n = 0;
    if (out_cap == 0) return;
    if (cap <= UINT32_MAX && out_cap <= UINT32_MAX &&
        SslProvUtf16ToUtf8(w, (DWORD)cap, out, (DWORD)out_cap, &n) == ERROR_SUCCESS)
        return;
    /* Too long for out: the ASCII prefix that fits. */
    size_t i = 0;
    for (; i < cap && i + 1 < out_cap && w[i] != 0; i++)
        out[i] = w[i] < 0x80 ? (char)w[i] : '?';
    out[i] = '\0';
}
