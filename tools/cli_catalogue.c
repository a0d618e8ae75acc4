/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_catalogue.c - suite names for the CLI.  The public API reports IANA names
 * (szCipherSuite) but not OpenSSL's names, so the tool compiles the library's
 * read-only catalogue table (src/suite_table.c) and reads the names there; it
 * links the shared library for everything else, which it shows or derives
 * through the public Ssl* functions only.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

bool cli_suite_by_name(const char *text, DWORD *id) {
    const struct sp_suite *s = NULL;
    if ((text[0] == '0') && (text[1] == 'x' || text[1] == 'X') && text[2] != '\0') {
        char *end = NULL;
        unsigned long v = strtoul(text + 2, &end, 16);
        if (*end != '\0' || strspn(text + 2, "0123456789abcdefABCDEF") != strlen(text + 2) || v > 0xFFFFFF)
            return false;
        s = sp_suite_find((uint32_t)v);
    } else {
        s = sp_suite_find_name(text);
    }
    if (s == NULL) return false;
    *id = s->id;
    return true;
}

const char *cli_suite_iana_name(DWORD id) {
    const struct sp_suite *s = sp_suite_find(id);
    return s ? s->name : NULL;
}

const char *cli_suite_openssl_name(DWORD id) {
    const struct sp_suite *s = sp_suite_find(id);
    return s ? s->ossl_name : NULL;
}

bool cli_suite_refused(DWORD id) {
    const struct sp_suite *s = sp_suite_find(id);
    return s != NULL && (s->flags & (SP_SF_EXPORT | SP_SF_SSL2)) != 0;
}
