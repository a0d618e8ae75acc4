/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * platform.c - POSIX implementation of platform.h for the Windows-shaped
 * client (sockets on loopback, random bytes from libcrypto).
 */
#include "platform.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/rand.h>

PLATFORM_SOCKET PlatformConnect(WORD wPort) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(wPort);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return 0;
    }
    return (PLATFORM_SOCKET)fd + 1; /* 0 means failure */
}

BOOL PlatformSend(PLATFORM_SOCKET s, const BYTE *pb, DWORD cb) {
    while (cb > 0) {
        ssize_t n = send((int)(s - 1), pb, cb, MSG_NOSIGNAL);
        if (n <= 0) return 0;
        pb += n, cb -= (DWORD)n;
    }
    return 1;
}

LONG PlatformRecv(PLATFORM_SOCKET s, BYTE *pb, DWORD cb) {
    ssize_t n = recv((int)(s - 1), pb, cb, 0);
    return n < 0 ? -1 : (LONG)n;
}

void PlatformClose(PLATFORM_SOCKET s) {
    if (s != 0) close((int)(s - 1));
}

BOOL PlatformRandom(BYTE *pb, DWORD cb) { return RAND_bytes(pb, (int)cb) == 1; }
