/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * sdk_program.c - a Windows program using Sslprovider.h beside the Windows SDK
 * headers (issue #11, item 3), built by tests/test_header_windows.sh:
 *   - with x86_64-w64-mingw32-gcc against mingw-w64's headers and ncrypt import
 *     library, SDK headers first and (-DSDK_AFTER) Sslprovider.h first;
 *   - on Linux with Wine's windows.h first, linked to libsslprov and run.
 * Every type it names (DWORD, NCryptBuffer, CERT_CONTEXT ...) comes from the SDK
 * headers; the Ssl* names from Sslprovider.h.
 */
#ifndef SDK_AFTER
#include <windows.h>
#include <wincrypt.h>
#include <bcrypt.h>
#include <ncrypt.h>
#include <Sslprovider.h>
#else
#include <Sslprovider.h>
#include <windows.h>
#include <wincrypt.h>
#include <bcrypt.h>
#include <ncrypt.h>
#endif
#include <stdio.h>

#ifdef CERT_LAYOUT_H
#include CERT_LAYOUT_H /* layout the Linux build of the header has: must be the SDK's */
#endif

/* The header's structures beside the SDK's own. */
static NCRYPT_SSL_FUNCTION_TABLE *g_table;
static const BCRYPT_INTERFACE_VERSION g_version = NCRYPT_SSL_INTERFACE_VERSION_5;

int main(void) {
    NCRYPT_PROV_HANDLE prov = 0, ksp = 0;
    NCRYPT_KEY_HANDLE key = 0;
    NCRYPT_SSL_CIPHER_LENGTHS lengths;
    NCryptBuffer buffers[2] = {{0, NCRYPTBUFFER_SSL_CLIENT_RANDOM, NULL}, {0, NCRYPTBUFFER_SSL_HIGHEST_VERSION, NULL}};
    NCryptBufferDesc list = {NCRYPTBUFFER_VERSION, 2, buffers};
    BYTE record[64] = {0};
    DWORD written = 0;
    PCCERT_CONTEXT cert = NULL;
    SECURITY_STATUS st = SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0);
    if (st != ERROR_SUCCESS) return 1;
    st = SslLookupCipherLengths(prov, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0, &lengths,
                                sizeof(lengths), 0);
    if (st != ERROR_SUCCESS || lengths.cbLength != sizeof(lengths) || lengths.dwFixedTrailerLen != 16) return 2;
    /* No key yet: the provider refuses the handle. */
    st = SslEncryptPacket(prov, 0, record + 13, 8, record, sizeof(record), &written, 0, CT_APPLICATIONDATA, 0);
    if (st != NTE_INVALID_HANDLE) return 3;
    st = SslOpenPrivateKey(prov, &key, cert, 0);
    if (st == ERROR_SUCCESS) return 4;
#ifdef _WIN32
    /* On Windows the NCrypt functions are ncrypt.dll's (with Wine's headers on
     * Linux they would be Wine's ncrypt, not libsslprov's). */
    st = NCryptOpenStorageProvider(&ksp, MS_KEY_STORAGE_PROVIDER, 0);
    if (st != ERROR_SUCCESS) return 5;
    NCryptFreeObject(ksp);
#else
    (void)ksp;
#endif
    (void)list;
    (void)g_table;
    (void)g_version;
    SslFreeObject(prov, 0);
    printf("sdk program ok: dwHeaderLen %lu\n", (unsigned long)lengths.dwHeaderLen);
    return 0;
}
