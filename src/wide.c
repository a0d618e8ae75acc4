/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * wide.c - UTF-16 helpers for Windows-shaped code (issue #11, item 6):
 * WCHAR strings are UTF-16, and with -fshort-wchar glibc's wcs* functions
 * (built for 4-byte wchar_t) misread them, so callers need these instead.
 */
#include "internal.h"

SSLPROV_API DWORD WINAPI SslProvUtf16Length(LPCWSTR pszWide) { return (DWORD)sp_wcslen(pszWide, UINT32_MAX); }

/* Next code point of s[0..n) at *i (RFC 2781 section 2.2); an unpaired
 * surrogate is U+FFFD. */
static uint32_t next_cp(LPCWSTR s, size_t n, size_t *i) {
    uint32_t c = s[(*i)++];
    if (c >= 0xD800 && c <= 0xDBFF && *i < n && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        return 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00);
    if (c >= 0xD800 && c <= 0xDFFF) return 0xFFFD;
    return c;
}

/* UTF-8 encoding of cp (RFC 3629 section 3) into out (NULL: length only). */
static size_t put_cp(uint32_t cp, char *out) {
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp, n = 1;
    } else if (cp < 0x800) {
        b[0] = (uint8_t)(0xC0 | (cp >> 6)), b[1] = (uint8_t)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xE0 | (cp >> 12)), b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (uint8_t)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        b[0] = (uint8_t)(0xF0 | (cp >> 18)), b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (uint8_t)(0x80 | (cp & 0x3F)), n = 4;
    }
    if (out != NULL) memcpy(out, b, n);
    return n;
}

static size_t convert(LPCWSTR s, size_t n, char *out) {
    size_t w = 0;
    for (size_t i = 0; i < n;)
        w += put_cp(next_cp(s, n, &i), out ? out + w : NULL);
    if (out != NULL) out[w] = 0;
    return w + 1;
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvUtf16ToUtf8(LPCWSTR pszWide, DWORD cchMax, char *pszUtf8, DWORD cbUtf8,
                                                      DWORD *pcbResult) {
    if (pszWide == NULL || pcbResult == NULL) return NTE_INVALID_PARAMETER;
    size_t n = sp_wcslen(pszWide, cchMax != 0 ? cchMax : UINT32_MAX);
    size_t need = convert(pszWide, n, NULL);
    if (need > UINT32_MAX) return NTE_BAD_LEN;
    *pcbResult = (DWORD)need;
    if (pszUtf8 == NULL) return ERROR_SUCCESS;
    if (cbUtf8 < need) return NTE_BUFFER_TOO_SMALL;
    convert(pszWide, n, pszUtf8);
    return ERROR_SUCCESS;
}
