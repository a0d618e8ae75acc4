/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * platform.h - the few operating-system services the Windows-shaped client
 * (schannel_client.c) needs, declared with Windows types: a loopback TCP
 * connection and random bytes.  On Windows these would be Winsock and
 * BCryptGenRandom; here platform.c implements them with POSIX sockets and
 * libcrypto, so the client's own translation unit names only Windows things.
 */
#ifndef SSLPROV_TESTS_WINDOWS_PLATFORM_H
#define SSLPROV_TESTS_WINDOWS_PLATFORM_H

#include <Sslprovider.h>

typedef ULONG_PTR PLATFORM_SOCKET;

/* Connect to 127.0.0.1:wPort; 0 on failure. */
PLATFORM_SOCKET PlatformConnect(WORD wPort);
/* Send all of pb; FALSE on failure. */
BOOL PlatformSend(PLATFORM_SOCKET s, const BYTE *pb, DWORD cb);
/* Receive up to cb bytes: the count, 0 at end of stream, -1 on failure. */
LONG PlatformRecv(PLATFORM_SOCKET s, BYTE *pb, DWORD cb);
void PlatformClose(PLATFORM_SOCKET s);
/* Cryptographically random bytes (BCryptGenRandom on Windows). */
BOOL PlatformRandom(BYTE *pb, DWORD cb);

#endif
