/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls12_session_keys.c - TLS 1.2 session keys from a master secret, then one
 * application-data record sealed by the client and opened by the server.
 *
 *   cc tls12_session_keys.c $(pkg-config --cflags --libs sslprov)
 *
 * In a real handshake the master key comes from SslGenerateMasterKey; here it is
 * imported from a raw 48-byte secret (the SSLPROV_MASTER_SECRET_BLOB extension),
 * once for each side, so that both ends of the connection live in one program.
 */
#include <stdio.h>
#include <string.h>

#include <sslprovider.h>

#define SUITE TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256

static int failed(const char *what, SECURITY_STATUS st) {
    fprintf(stderr, "%s: %s\n", what, SslProvStatusString(st));
    return 1;
}

/* Read and write keys of one side (NCRYPT_SSL_CLIENT_FLAG or _SERVER_FLAG). */
static SECURITY_STATUS side_keys(NCRYPT_PROV_HANDLE prov, DWORD role, const BYTE ms[48], BYTE cr[32], BYTE sr[32],
                                 NCRYPT_KEY_HANDLE *rkey, NCRYPT_KEY_HANDLE *wkey) {
    SSLPROV_MASTER_SECRET_HEADER h = {SSLPROV_MASTER_SECRET_MAGIC, TLS1_2_PROTOCOL_VERSION, SUITE, role, 48};
    BYTE blob[sizeof h + 48];
    NCRYPT_KEY_HANDLE master = 0;
    memcpy(blob, &h, sizeof h);
    memcpy(blob + sizeof h, ms, 48);
    SECURITY_STATUS st = SslImportKey(prov, &master, SSLPROV_MASTER_SECRET_BLOB, blob, sizeof blob, 0);
    NCryptBuffer b[2] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, cr}, {32, NCRYPTBUFFER_SSL_SERVER_RANDOM, sr}};
    NCryptBufferDesc params = {NCRYPTBUFFER_VERSION, 2, b};
    if (st == 0) st = SslGenerateSessionKeys(prov, master, rkey, wkey, &params, 0);
    if (master != 0) SslFreeObject(master, 0); /* the session keys do not need it */
    return st;
}

int main(void) {
    BYTE ms[48], cr[32], sr[32];
    for (int i = 0; i < 48; i++)
        ms[i] = (BYTE)i;
    for (int i = 0; i < 32; i++)
        cr[i] = (BYTE)(0x40 + i), sr[i] = (BYTE)(0x80 + i);

    NCRYPT_PROV_HANDLE prov = 0;
    NCRYPT_KEY_HANDLE c_read = 0, c_write = 0, s_read = 0, s_write = 0;
    SECURITY_STATUS st = SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0);
    if (st != 0) return failed("SslOpenProvider", st);
    if ((st = side_keys(prov, NCRYPT_SSL_CLIENT_FLAG, ms, cr, sr, &c_read, &c_write)) != 0)
        return failed("client keys", st);
    if ((st = side_keys(prov, NCRYPT_SSL_SERVER_FLAG, ms, cr, sr, &s_read, &s_write)) != 0)
        return failed("server keys", st);

    /* The client seals record 0; the server opens it with its read key. */
    const char *msg = "GET / HTTP/1.1\r\nHost: example\r\n\r\n";
    BYTE record[256], plain[256];
    DWORD rlen = 0, plen = 0;
    st = SslEncryptPacket(prov, c_write, (PBYTE)msg, (DWORD)strlen(msg), record, sizeof record, &rlen, 0,
                          CT_APPLICATIONDATA, 0);
    if (st != 0) return failed("SslEncryptPacket", st);
    printf("record: %u bytes (5 header + 8 explicit nonce + %zu data + 16 tag)\n", (unsigned)rlen, strlen(msg));
    st = SslDecryptPacket(prov, s_read, record, rlen, plain, sizeof plain, &plen, 0, 0);
    if (st != 0) return failed("SslDecryptPacket", st);
    if (plen != strlen(msg) || memcmp(plain, msg, plen) != 0) {
        fprintf(stderr, "round trip: the plaintext differs\n");
        return 1;
    }
    printf("round trip: %u bytes back\n", (unsigned)plen);

    /* A flipped bit is caught (and reported like any other bad record). */
    record[rlen - 1] ^= 1;
    st = SslDecryptPacket(prov, s_read, record, rlen, plain, sizeof plain, &plen, 0, 0);
    printf("tampered record: %s\n", SslProvStatusString(st));
    if (st != NTE_DECRYPTION_FAILURE) return 1;

    SslFreeObject(c_read, 0), SslFreeObject(c_write, 0), SslFreeObject(s_read, 0), SslFreeObject(s_write, 0);
    SslFreeObject(prov, 0);
    puts("tls12_session_keys: ok");
    return 0;
}
