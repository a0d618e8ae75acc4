/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls13_schedule.c - the TLS 1.3 key schedule (RFC 8446 section 7.1) on both
 * sides of an X25519 exchange: early secret, handshake secret from the shared
 * secret, handshake and application traffic keys, and one record from the
 * client's application key opened by the server.
 *
 *   cc tls13_schedule.c $(pkg-config --cflags --libs sslprov)
 *
 * The transcript hash is fed with stand-in bytes: a real handshake hashes the
 * ClientHello ... Finished messages with SslHashHandshake.
 */
#include <stdio.h>
#include <string.h>

#include <sslprovider.h>

#define SUITE TLS_AES_128_GCM_SHA256
#define P13   TLS1_3_PROTOCOL_VERSION

static int failed(const char *what, SECURITY_STATUS st) {
    fprintf(stderr, "%s: %s\n", what, SslProvStatusString(st));
    return 1;
}

#define CHECK(call)                                                                                                    \
    do {                                                                                                               \
        SECURITY_STATUS st_ = (call);                                                                                  \
        if (st_ != 0) return failed(#call, st_);                                                                       \
    } while (0)

struct side {
    NCRYPT_KEY_HANDLE eph, peer, early, hs, master, c_hs, s_hs, c_ap, s_ap, write, read;
};

/* Public half of an ephemeral key as the other side imports it. */
static SECURITY_STATUS share(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE eph, NCRYPT_KEY_HANDLE *peer_of_other) {
    BYTE blob[128];
    DWORD n = 0;
    SECURITY_STATUS st = SslExportKey(p, eph, SSL_ECCPUBLIC_BLOB, blob, sizeof blob, &n, 0);
    if (st == 0) st = SslImportKey(p, peer_of_other, SSL_ECCPUBLIC_BLOB, blob, n, 0);
    return st;
}

/* One side's schedule; `client` chooses which application key writes. */
static int schedule(NCRYPT_PROV_HANDLE p, struct side *s, NCRYPT_HASH_HANDLE th_hello, NCRYPT_HASH_HANDLE th_fin,
                    int client) {
    CHECK(SslExtractEarlyKey(p, 0, &s->early, P13, SUITE, NULL, 0)); /* no PSK */
    CHECK(SslExtractHandshakeKey(p, s->eph, s->peer, s->early, &s->hs, NULL, 0));
    CHECK(SslExpandTrafficKeys(p, s->hs, th_hello, &s->c_hs, &s->s_hs, NULL, 0));
    CHECK(SslExtractMasterKey(p, s->hs, &s->master, NULL, 0));
    CHECK(SslExpandTrafficKeys(p, s->master, th_fin, &s->c_ap, &s->s_ap, NULL, 0));
    CHECK(SslExpandWriteKey(p, client ? s->c_ap : s->s_ap, &s->write, NULL, 0));
    CHECK(SslExpandWriteKey(p, client ? s->s_ap : s->c_ap, &s->read, NULL, 0));
    return 0;
}

static void side_free(struct side *s) {
    NCRYPT_KEY_HANDLE all[] = {s->eph,  s->peer, s->early, s->hs,    s->master, s->c_hs,
                               s->s_hs, s->c_ap, s->s_ap,  s->write, s->read};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] != 0) SslFreeObject(all[i], 0);
}

int main(void) {
    NCRYPT_PROV_HANDLE p = 0;
    NCRYPT_HASH_HANDLE th = 0, th_fin = 0;
    struct side c = {0}, s = {0};
    CHECK(SslOpenProvider(&p, MS_SCHANNEL_PROVIDER, 0));
    CHECK(SslCreateEphemeralKey(p, &c.eph, P13, SUITE, SSLPROV_GROUP_X25519, 0, NULL, 0, 0));
    CHECK(SslCreateEphemeralKey(p, &s.eph, P13, SUITE, SSLPROV_GROUP_X25519, 0, NULL, 0, 0));
    CHECK(share(p, c.eph, &s.peer));
    CHECK(share(p, s.eph, &c.peer));

    /* Transcript: ClientHello..ServerHello, then ..server Finished. */
    CHECK(SslCreateHandshakeHash(p, &th, P13, SUITE, 0));
    CHECK(SslHashHandshake(p, th, (PBYTE) "ClientHello ServerHello", 23, 0));
    CHECK(SslDuplicateTranscriptHash(p, th, &th_fin, 0));
    CHECK(SslHashHandshake(p, th_fin, (PBYTE) "EncryptedExtensions Certificate CertificateVerify Finished", 58, 0));

    if (schedule(p, &c, th, th_fin, 1) || schedule(p, &s, th, th_fin, 0)) return 1;

    /* client -> server on the application keys.  As on Windows, the caller
     * builds the TLSInnerPlaintext (content || inner content type) and
     * dwContentType is the outer type. */
    const char *msg = "hello over TLS 1.3";
    BYTE inner[64], rec[128], out[128];
    DWORD rl = 0, ol = 0;
    memcpy(inner, msg, strlen(msg));
    inner[strlen(msg)] = CT_APPLICATIONDATA;
    CHECK(SslEncryptPacket(p, c.write, inner, (DWORD)strlen(msg) + 1, rec, sizeof rec, &rl, 0, CT_APPLICATIONDATA, 0));
    CHECK(SslDecryptPacket(p, s.read, rec, rl, out, sizeof out, &ol, 0, 0));
    /* the whole inner plaintext comes back: content || inner content type */
    if (ol != strlen(msg) + 1 || memcmp(out, msg, strlen(msg)) != 0 || out[ol - 1] != CT_APPLICATIONDATA) {
        fprintf(stderr, "round trip: the plaintext differs\n");
        return 1;
    }
    printf("record: %u bytes; opened by the server: \"%.*s\" (inner type %u)\n", (unsigned)rl, (int)(ol - 1),
           (const char *)out, out[ol - 1]);

    side_free(&c), side_free(&s);
    SslFreeObject(th, 0), SslFreeObject(th_fin, 0), SslFreeObject(p, 0);
    puts("tls13_schedule: ok");
    return 0;
}
