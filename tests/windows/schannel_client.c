/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * schannel_client.c - a TLS client written the way a Schannel replacement on
 * Windows is (issue #11, item 5): this translation unit names only Windows
 * things (Sslprovider.h, ncrypt.h, L"..." literals - it is built with
 * -fshort-wchar) and does every cryptographic step through the Ssl* functions:
 * buffers sized from SslLookupCipherLengths with the stream header 5 +
 * dwHeaderLen, SslGenerateMasterKey(..., NULL, 0, NULL, NCRYPT_SSL_CLIENT_FLAG)
 * for ECDHE, static RSA with the server's key from NCryptImportKey on
 * MS_KEY_STORAGE_PROVIDER (NCRYPTBUFFER_SSL_HIGHEST_VERSION in the list), TLS 1.2
 * PSK with NCRYPTBUFFER_SSL_CLEAR_KEY, and TLS 1.3 through SslExtract* /
 * SslExpand* with caller-built inner plaintext (content || type) sealed under the
 * outer type 23, including an external PSK imported as a raw TLS_13_PRE_SHARED_KEY
 * blob.  Sockets and random bytes come from platform.h.
 *
 *   schannel_client MODE PORT [PSK_IDENTITY PSK_HEX]
 *   schannel_client probe      (exit 0: the provider has Windows' record semantics)
 *   MODE: tls12-ecdhe-gcm tls12-ecdhe-cbc tls12-rsa-gcm tls12-psk tls13 tls13-psk
 * It sends "GET / HTTP/1.0" (openssl s_server -www answers with a page), prints
 * the first response line, and exits 0 when the handshake, the Finished checks
 * and the exchange all succeed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Sslprovider.h>

#include "platform.h"

#define MAX_RECORD (16384 + 2048 + 5)
#define FAILED(st) ((st) != ERROR_SUCCESS)

typedef struct _CONN {
    NCRYPT_PROV_HANDLE hProv;
    PLATFORM_SOCKET hSock;
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    NCRYPT_SSL_CIPHER_LENGTHS Lengths; /* of the negotiated suite */
    NCRYPT_KEY_HANDLE hReadKey, hWriteKey;
    ULONGLONG ReadSeq, WriteSeq;
    NCRYPT_HASH_HANDLE hHandshakeHash;
    BYTE RecvBuf[2 * MAX_RECORD];
    DWORD cbRecv;
    BYTE Handshake[65536]; /* handshake bytes not yet consumed */
    DWORD cbHandshake;
    BYTE AppData[65536];
    DWORD cbAppData;
    BOOL fClosed;
} CONN;

static CONN g_conn;

static BOOL Fail(const char *what, SECURITY_STATUS st) {
    fprintf(stderr, "schannel_client: %s failed: 0x%08lx\n", what, (unsigned long)(DWORD)st);
    return 0;
}

static void PutU16(BYTE *p, DWORD v) {
    p[0] = (BYTE)(v >> 8);
    p[1] = (BYTE)v;
}
static void PutU24(BYTE *p, DWORD v) {
    p[0] = (BYTE)(v >> 16);
    p[1] = (BYTE)(v >> 8);
    p[2] = (BYTE)v;
}
static DWORD GetU16(const BYTE *p) { return ((DWORD)p[0] << 8) | p[1]; }
static DWORD GetU24(const BYTE *p) { return ((DWORD)p[0] << 16) | ((DWORD)p[1] << 8) | p[2]; }

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

/* One record out: plaintext before keys; with keys, sealed by SslEncryptPacket
 * into a buffer sized the way Schannel sizes it (header 5 + dwHeaderLen,
 * trailer dwFixedTrailerLen + dwMaxVariableTrailerLen). */
static BOOL SendRecord(CONN *c, BYTE bType, const BYTE *pb, DWORD cb) {
    BYTE out[MAX_RECORD + 64];
    DWORD cbOut = 0;
    if (c->hWriteKey == 0) {
        out[0] = bType;
        PutU16(out + 1, c->dwProtocol == TLS1_3_PROTOCOL_VERSION ? TLS1_2_PROTOCOL_VERSION : c->dwProtocol);
        PutU16(out + 3, cb);
        memcpy(out + 5, pb, cb);
        return PlatformSend(c->hSock, out, 5 + cb);
    }
    DWORD cbHeader = 5 + c->Lengths.dwHeaderLen;
    DWORD cbMax = cbHeader + cb + 1 + c->Lengths.dwFixedTrailerLen + c->Lengths.dwMaxVariableTrailerLen;
    if (cbMax > sizeof(out)) return Fail("record size", 0);
    SECURITY_STATUS st;
    if (c->dwProtocol == TLS1_3_PROTOCOL_VERSION) {
        /* TLS 1.3: the caller builds TLSInnerPlaintext (content || type), written
         * in place after the header; the outer type is application_data. */
        memcpy(out + cbHeader, pb, cb);
        out[cbHeader + cb] = bType;
        st = SslEncryptPacket(c->hProv, c->hWriteKey, out + cbHeader, cb + 1, out, cbMax, &cbOut, c->WriteSeq++,
                              CT_APPLICATIONDATA, 0);
        if (FAILED(st)) return Fail("SslEncryptPacket (TLS 1.3)", st);
        if (cbOut != cbHeader + cb + 1 + c->Lengths.dwFixedTrailerLen) return Fail("TLS 1.3 record length", 0);
    } else {
        BYTE in[MAX_RECORD];
        memcpy(in, pb, cb);
        st = SslEncryptPacket(c->hProv, c->hWriteKey, in, cb, out, cbMax, &cbOut, c->WriteSeq++, bType, 0);
        if (FAILED(st)) return Fail("SslEncryptPacket", st);
        if (cbOut < cbHeader + cb + c->Lengths.dwFixedTrailerLen ||
            cbOut > cbHeader + cb + c->Lengths.dwFixedTrailerLen + c->Lengths.dwMaxVariableTrailerLen)
            return Fail("TLS 1.2 record length", 0);
    }
    return PlatformSend(c->hSock, out, cbOut);
}

/* The next whole record from the stream into pb (header included). */
static BOOL RecvRawRecord(CONN *c, BYTE *pb, DWORD *pcb) {
    for (;;) {
        if (c->cbRecv >= 5) {
            DWORD cbRec = 5 + GetU16(c->RecvBuf + 3);
            if (cbRec > MAX_RECORD) return Fail("record too long", 0);
            if (c->cbRecv >= cbRec) {
                memcpy(pb, c->RecvBuf, cbRec);
                memmove(c->RecvBuf, c->RecvBuf + cbRec, c->cbRecv - cbRec);
                c->cbRecv -= cbRec;
                *pcb = cbRec;
                return 1;
            }
        }
        LONG n = PlatformRecv(c->hSock, c->RecvBuf + c->cbRecv, (DWORD)sizeof(c->RecvBuf) - c->cbRecv);
        if (n <= 0) return Fail("connection closed", 0);
        c->cbRecv += (DWORD)n;
    }
}

/* The next record's content and type, opened with SslDecryptPacket once keys
 * are on; TLS 1.3 inner plaintext is scanned back for its type (RFC 8446 5.4). */
static BOOL RecvRecord(CONN *c, BYTE *pbType, BYTE *pb, DWORD *pcb) {
    BYTE rec[MAX_RECORD];
    DWORD cbRec = 0;
    for (;;) {
        if (!RecvRawRecord(c, rec, &cbRec)) return 0;
        *pbType = rec[0];
        /* TLS 1.3 compatibility ChangeCipherSpec: not protected, ignored. */
        if (c->dwProtocol == TLS1_3_PROTOCOL_VERSION && rec[0] == CT_CHANGE_CIPHER_SPEC) continue;
        if (c->hReadKey == 0 || rec[0] == CT_CHANGE_CIPHER_SPEC) {
            memcpy(pb, rec + 5, cbRec - 5);
            *pcb = cbRec - 5;
            return 1;
        }
        DWORD cbOut = 0;
        SECURITY_STATUS st =
            SslDecryptPacket(c->hProv, c->hReadKey, rec, cbRec, pb, MAX_RECORD, &cbOut, c->ReadSeq++, 0);
        if (FAILED(st)) return Fail("SslDecryptPacket", st);
        if (c->dwProtocol == TLS1_3_PROTOCOL_VERSION) {
            while (cbOut > 0 && pb[cbOut - 1] == 0)
                cbOut--;
            if (cbOut == 0) return Fail("TLS 1.3 inner plaintext without type", 0);
            *pbType = pb[--cbOut];
        }
        *pcb = cbOut;
        return 1;
    }
}

/* The next handshake message (header included) into pb; application data
 * and alerts met on the way are kept / reported. */
static BOOL RecvHandshake(CONN *c, BYTE *pb, DWORD *pcb) {
    while (c->cbHandshake < 4 || c->cbHandshake < 4 + GetU24(c->Handshake + 1)) {
        BYTE type, rec[MAX_RECORD];
        DWORD cb = 0;
        if (!RecvRecord(c, &type, rec, &cb)) return 0;
        if (type == CT_ALERT) {
            fprintf(stderr, "schannel_client: alert %u/%u\n", cb > 0 ? rec[0] : 0, cb > 1 ? rec[1] : 0);
            return 0;
        }
        if (type != CT_HANDSHAKE) return Fail("unexpected record type", type);
        if (c->cbHandshake + cb > sizeof(c->Handshake)) return Fail("handshake too long", 0);
        memcpy(c->Handshake + c->cbHandshake, rec, cb);
        c->cbHandshake += cb;
    }
    DWORD cbMsg = 4 + GetU24(c->Handshake + 1);
    memcpy(pb, c->Handshake, cbMsg);
    memmove(c->Handshake, c->Handshake + cbMsg, c->cbHandshake - cbMsg);
    c->cbHandshake -= cbMsg;
    *pcb = cbMsg;
    return 1;
}

static BOOL HashMessage(CONN *c, const BYTE *pb, DWORD cb) {
    SECURITY_STATUS st = SslHashHandshake(c->hProv, c->hHandshakeHash, (PBYTE)pb, cb, 0);
    return FAILED(st) ? Fail("SslHashHandshake", st) : 1;
}

static BOOL SendHandshake(CONN *c, const BYTE *pb, DWORD cb) {
    if (c->hHandshakeHash != 0 && !HashMessage(c, pb, cb)) return 0;
    return SendRecord(c, CT_HANDSHAKE, pb, cb);
}

/* ------------------------------------------------------------------------ */
/* Certificates: the RSA key of the server's certificate                     */
/* ------------------------------------------------------------------------ */

/* One DER element at *pp (< end): its tag, contents and the next element. */
static BOOL DerNext(const BYTE **pp, const BYTE *end, BYTE *pbTag, const BYTE **ppContent, DWORD *pcb) {
    const BYTE *p = *pp;
    if (end - p < 2) return 0;
    *pbTag = *p++;
    DWORD len = *p++;
    if (len & 0x80) {
        DWORD n = len & 0x7f;
        if (n == 0 || n > 3 || (DWORD)(end - p) < n) return 0;
        for (len = 0; n > 0; n--)
            len = (len << 8) | *p++;
    }
    if ((DWORD)(end - p) < len) return 0;
    *ppContent = p;
    *pcb = len;
    *pp = p + len;
    return 1;
}

/* SubjectPublicKeyInfo of an X.509 certificate -> BCRYPT_RSAPUBLIC_BLOB ->
 * NCryptImportKey on the key storage provider (what Windows callers do after
 * CryptImportPublicKeyInfoEx2). */
static BOOL ImportServerRsaKey(const BYTE *pbCert, DWORD cbCert, NCRYPT_PROV_HANDLE hKsp, NCRYPT_KEY_HANDLE *phKey) {
    const BYTE *p = pbCert, *end = pbCert + cbCert, *c, *tbs, *tbsEnd;
    BYTE tag;
    DWORD cb;
    if (!DerNext(&p, end, &tag, &tbs, &cb) || tag != 0x30) return 0; /* Certificate */
    p = tbs, end = tbs + cb;
    if (!DerNext(&p, end, &tag, &tbs, &cb) || tag != 0x30) return 0; /* tbsCertificate */
    p = tbs, tbsEnd = tbs + cb;
    if (p < tbsEnd && *p == 0xA0 && !DerNext(&p, tbsEnd, &tag, &c, &cb)) return 0; /* version */
    for (int i = 0; i < 5; i++) /* serial, signature, issuer, validity, subject */
        if (!DerNext(&p, tbsEnd, &tag, &c, &cb)) return 0;
    if (!DerNext(&p, tbsEnd, &tag, &c, &cb) || tag != 0x30) return 0; /* subjectPublicKeyInfo */
    const BYTE *spki = c, *spkiEnd = c + cb;
    if (!DerNext(&spki, spkiEnd, &tag, &c, &cb) || tag != 0x30) return 0;           /* algorithm */
    if (!DerNext(&spki, spkiEnd, &tag, &c, &cb) || tag != 0x03 || cb < 1) return 0; /* BIT STRING */
    const BYTE *rsa = c + 1, *rsaEnd = c + cb, *n, *e;
    DWORD cbN, cbE;
    if (!DerNext(&rsa, rsaEnd, &tag, &c, &cb) || tag != 0x30) return 0; /* RSAPublicKey */
    rsa = c, rsaEnd = c + cb;
    if (!DerNext(&rsa, rsaEnd, &tag, &n, &cbN) || tag != 0x02) return 0;
    if (!DerNext(&rsa, rsaEnd, &tag, &e, &cbE) || tag != 0x02) return 0;
    while (cbN > 0 && *n == 0)
        n++, cbN--;
    while (cbE > 0 && *e == 0)
        e++, cbE--;
    BYTE blob[sizeof(BCRYPT_RSAKEY_BLOB) + 8 + 1024];
    if (cbE > 8 || cbN > 1024 || cbN == 0) return 0;
    BCRYPT_RSAKEY_BLOB hdr = {BCRYPT_RSAPUBLIC_MAGIC, cbN * 8, cbE, cbN, 0, 0};
    for (BYTE top = n[0]; (top & 0x80) == 0; top <<= 1)
        hdr.BitLength--;
    memcpy(blob, &hdr, sizeof(hdr));
    memcpy(blob + sizeof(hdr), e, cbE);
    memcpy(blob + sizeof(hdr) + cbE, n, cbN);
    SECURITY_STATUS st =
        NCryptImportKey(hKsp, 0, BCRYPT_RSAPUBLIC_BLOB, NULL, phKey, blob, (DWORD)sizeof(hdr) + cbE + cbN, 0);
    return FAILED(st) ? Fail("NCryptImportKey", st) : 1;
}

/* ------------------------------------------------------------------------ */
/* ClientHello                                                               */
/* ------------------------------------------------------------------------ */

typedef struct _HELLO_OPTIONS {
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    const BYTE *pbKeyShare; /* TLS 1.3: x25519 public key */
    const char *pszPskIdentity;
    NCRYPT_KEY_HANDLE hBinderKey; /* TLS 1.3 PSK */
} HELLO_OPTIONS;

static DWORD AddExtension(BYTE *p, DWORD type, const BYTE *pb, DWORD cb) {
    PutU16(p, type);
    PutU16(p + 2, cb);
    memcpy(p + 4, pb, cb);
    return 4 + cb;
}

/* Build the ClientHello into pb; TLS 1.3 PSK: the binder is computed over the
 * truncated ClientHello with SslExpandBinderKey's key (RFC 8446 4.2.11.2). */
static BOOL BuildClientHello(CONN *c, const HELLO_OPTIONS *o, const BYTE random[32], BYTE *pb, DWORD *pcb) {
    BYTE *p = pb + 4, ext[1024];
    PutU16(p, TLS1_2_PROTOCOL_VERSION), p += 2;
    memcpy(p, random, 32), p += 32;
    *p++ = 0;                                                                     /* no session id */
    PutU16(p, 4), PutU16(p + 2, o->dwCipherSuite), PutU16(p + 4, 0x00FF), p += 6; /* + renegotiation SCSV */
    *p++ = 1, *p++ = 0;                                                           /* null compression */
    BYTE *extLen = p;
    p += 2;
    BYTE *e = p;
    static const BYTE groups12[] = {0, 4, 0, 29, 0, 23}, groups13[] = {0, 2, 0, 29};
    static const BYTE points[] = {1, 0};
    static const BYTE sigalgs[] = {0, 8, 0x08, 0x04, 0x04, 0x01, 0x04, 0x03, 0x08, 0x05};
    BOOL tls13 = o->dwProtocol == TLS1_3_PROTOCOL_VERSION;
    e += AddExtension(e, 10, tls13 ? groups13 : groups12, tls13 ? sizeof(groups13) : sizeof(groups12));
    e += AddExtension(e, 13, sigalgs, sizeof(sigalgs));
    if (!tls13) {
        e += AddExtension(e, 11, points, sizeof(points));
    } else {
        static const BYTE versions[] = {2, 0x03, 0x04};
        e += AddExtension(e, 43, versions, sizeof(versions));
        ext[0] = 0, ext[1] = 36, ext[2] = 0, ext[3] = 29, ext[4] = 0, ext[5] = 32;
        memcpy(ext + 6, o->pbKeyShare, 32);
        e += AddExtension(e, 51, ext, 38);
        if (o->pszPskIdentity != NULL) {
            static const BYTE modes[] = {1, 1}; /* psk_dhe_ke */
            e += AddExtension(e, 45, modes, sizeof(modes));
        }
    }
    DWORD cbBinders = 0;
    if (tls13 && o->pszPskIdentity != NULL) {
        /* pre_shared_key, last: identities then binders (one SHA-256 binder). */
        DWORD cbId = (DWORD)strlen(o->pszPskIdentity);
        BYTE *x = ext;
        PutU16(x, 2 + cbId + 4), x += 2;
        PutU16(x, cbId), x += 2;
        memcpy(x, o->pszPskIdentity, cbId), x += cbId;
        memset(x, 0, 4), x += 4; /* obfuscated_ticket_age: 0 for external PSKs */
        cbBinders = 2 + 1 + 32;
        memset(x, 0, cbBinders), x += cbBinders;
        e += AddExtension(e, 41, ext, (DWORD)(x - ext));
    }
    PutU16(extLen, (DWORD)(e - extLen - 2));
    DWORD cb = (DWORD)(e - pb);
    pb[0] = 1;
    PutU24(pb + 1, cb - 4);
    if (cbBinders != 0) {
        NCRYPT_HASH_HANDLE hTrunc = 0;
        BYTE binder[32];
        SECURITY_STATUS st = SslCreateHandshakeHash(c->hProv, &hTrunc, TLS1_3_PROTOCOL_VERSION, o->dwCipherSuite, 0);
        if (FAILED(st)) return Fail("SslCreateHandshakeHash (binder)", st);
        st = SslHashHandshake(c->hProv, hTrunc, pb, cb - cbBinders, 0);
        if (!FAILED(st)) st = SslComputeFinishedHash(c->hProv, o->hBinderKey, hTrunc, binder, 32, 0);
        SslFreeObject(hTrunc, 0);
        if (FAILED(st)) return Fail("PSK binder", st);
        PutU16(pb + cb - cbBinders, 33);
        pb[cb - cbBinders + 2] = 32;
        memcpy(pb + cb - 32, binder, 32);
    }
    *pcb = cb;
    return 1;
}

/* ServerHello: random, suite, and (TLS 1.3) the key_share and PSK choice. */
typedef struct _SERVER_HELLO {
    BYTE Random[32];
    DWORD dwCipherSuite;
    DWORD dwVersion;
    BYTE KeyShare[133];
    DWORD cbKeyShare;
    DWORD dwGroup;
    BOOL fPskAccepted;
} SERVER_HELLO;

static BOOL ParseServerHello(const BYTE *pb, DWORD cb, SERVER_HELLO *sh) {
    memset(sh, 0, sizeof(*sh));
    if (cb < 4 + 38 || pb[0] != 2) return Fail("ServerHello", 0);
    const BYTE *p = pb + 4, *end = pb + cb;
    sh->dwVersion = GetU16(p), p += 2;
    memcpy(sh->Random, p, 32), p += 32;
    p += 1 + *p; /* session id */
    if (end - p < 3) return 0;
    sh->dwCipherSuite = GetU16(p), p += 3;
    if (end - p < 2) return 1;
    const BYTE *eEnd = p + 2 + GetU16(p);
    for (p += 2; p + 4 <= eEnd && eEnd <= end;) {
        DWORD type = GetU16(p), len = GetU16(p + 2);
        const BYTE *d = p + 4;
        if (type == 43 && len == 2) sh->dwVersion = GetU16(d);
        if (type == 51 && len >= 4) {
            sh->dwGroup = GetU16(d);
            sh->cbKeyShare = GetU16(d + 2);
            if (sh->cbKeyShare > sizeof(sh->KeyShare) || sh->cbKeyShare + 4 > len) return 0;
            memcpy(sh->KeyShare, d + 4, sh->cbKeyShare);
        }
        if (type == 41 && len == 2 && GetU16(d) == 0) sh->fPskAccepted = 1;
        p = d + len;
    }
    return 1;
}

/* A peer's (EC)DH share as an SSL_ECCPUBLIC_BLOB key. */
static BOOL ImportPeerShare(CONN *c, DWORD dwGroup, const BYTE *pb, DWORD cb, NCRYPT_KEY_HANDLE *phKey) {
    BYTE blob[sizeof(SSL_ECCKEY_BLOB) + 256];
    SSL_ECCKEY_BLOB hdr = {dwGroup, cb};
    if (cb > 256) return 0;
    memcpy(blob, &hdr, sizeof(hdr));
    memcpy(blob + sizeof(hdr), pb, cb);
    SECURITY_STATUS st = SslImportKey(c->hProv, phKey, SSL_ECCPUBLIC_BLOB, blob, (DWORD)sizeof(hdr) + cb, 0);
    return FAILED(st) ? Fail("SslImportKey (peer share)", st) : 1;
}

/* Our ephemeral key's share (the SSL_ECCPUBLIC_BLOB export minus its header). */
static BOOL ExportOwnShare(CONN *c, NCRYPT_KEY_HANDLE hKey, BYTE *pb, DWORD *pcb) {
    BYTE blob[sizeof(SSL_ECCKEY_BLOB) + 256];
    DWORD cb = 0;
    SECURITY_STATUS st = SslExportKey(c->hProv, hKey, SSL_ECCPUBLIC_BLOB, blob, sizeof(blob), &cb, 0);
    if (FAILED(st)) return Fail("SslExportKey (own share)", st);
    memcpy(pb, blob + sizeof(SSL_ECCKEY_BLOB), cb - sizeof(SSL_ECCKEY_BLOB));
    *pcb = cb - (DWORD)sizeof(SSL_ECCKEY_BLOB);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* TLS 1.2                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum { KX_ECDHE, KX_RSA, KX_PSK } KX;

static BOOL Tls12Handshake(CONN *c, DWORD dwSuite, KX kx, const char *pszId, const BYTE *pbPsk, DWORD cbPsk) {
    BYTE cr[32], msg[16384], ch[1024];
    DWORD cbCh = 0, cb = 0;
    SERVER_HELLO sh;
    SECURITY_STATUS st;
    NCRYPT_KEY_HANDLE hEph = 0, hSrv = 0, hMaster = 0;
    NCRYPT_PROV_HANDLE hKsp = 0;
    DWORD dwHighest = TLS1_2_PROTOCOL_VERSION;
    c->dwProtocol = TLS1_2_PROTOCOL_VERSION;
    if (!PlatformRandom(cr, 32)) return 0;
    HELLO_OPTIONS o = {TLS1_2_PROTOCOL_VERSION, dwSuite, NULL, NULL, 0};
    if (!BuildClientHello(c, &o, cr, ch, &cbCh) || !SendRecord(c, CT_HANDSHAKE, ch, cbCh)) return 0;
    if (!RecvHandshake(c, msg, &cb) || !ParseServerHello(msg, cb, &sh)) return 0;
    if (sh.dwCipherSuite != dwSuite || sh.dwVersion != TLS1_2_PROTOCOL_VERSION) return Fail("negotiated suite", 0);
    c->dwCipherSuite = dwSuite;
    st = SslLookupCipherLengths(c->hProv, TLS1_2_PROTOCOL_VERSION, dwSuite, 0, &c->Lengths, sizeof(c->Lengths), 0);
    if (FAILED(st)) return Fail("SslLookupCipherLengths", st);
    /* The transcript hash needs the suite (its PRF hash): ClientHello is hashed now. */
    st = SslCreateHandshakeHash(c->hProv, &c->hHandshakeHash, TLS1_2_PROTOCOL_VERSION, dwSuite, 0);
    if (FAILED(st)) return Fail("SslCreateHandshakeHash", st);
    if (!HashMessage(c, ch, cbCh) || !HashMessage(c, msg, cb)) return 0;
    for (;;) {
        if (!RecvHandshake(c, msg, &cb) || !HashMessage(c, msg, cb)) return 0;
        if (msg[0] == 14) break; /* ServerHelloDone */
        if (msg[0] == 11 && kx == KX_RSA) {
            /* certificate_list: the first (leaf) certificate */
            if (cb < 4 + 6) return 0;
            DWORD cbCert = GetU24(msg + 7);
            if (cbCert + 10 > cb) return 0;
            st = NCryptOpenStorageProvider(&hKsp, MS_KEY_STORAGE_PROVIDER, 0);
            if (FAILED(st)) return Fail("NCryptOpenStorageProvider", st);
            if (!ImportServerRsaKey(msg + 10, cbCert, hKsp, &hSrv)) return Fail("server RSA key", 0);
        } else if (msg[0] == 12 && kx == KX_ECDHE) {
            /* ServerECDHParams: named_curve(3), group, point (RFC 8422 5.4).  The
             * signature is not checked by this test client. */
            if (cb < 4 + 4 || msg[4] != 3) return Fail("ServerKeyExchange", 0);
            DWORD dwGroup = GetU16(msg + 5), cbPt = msg[7];
            if (8 + cbPt > cb) return 0;
            if (!ImportPeerShare(c, dwGroup, msg + 8, cbPt, &hSrv)) return 0;
            st = SslCreateEphemeralKey(c->hProv, &hEph, TLS1_2_PROTOCOL_VERSION, dwSuite, dwGroup, 0, NULL, 0, 0);
            if (FAILED(st)) return Fail("SslCreateEphemeralKey", st);
        }
    }
    /* ClientKeyExchange and the master key. */
    NCryptBuffer buf[3] = {{32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, cr}, {32, NCRYPTBUFFER_SSL_SERVER_RANDOM, sh.Random}};
    NCryptBufferDesc list = {NCRYPTBUFFER_VERSION, 2, buf};
    BYTE cke[1024];
    DWORD cbCke = 0;
    if (kx == KX_ECDHE) {
        if (hEph == 0) return Fail("no ServerKeyExchange", 0);
        DWORD cbPt = 0;
        if (!ExportOwnShare(c, hEph, cke + 5, &cbPt)) return 0;
        cke[4] = (BYTE)cbPt;
        cbCke = 5 + cbPt;
        /* Windows' callers pass NULL, 0, NULL on the (EC)DH path. */
        st = SslGenerateMasterKey(c->hProv, hEph, hSrv, &hMaster, TLS1_2_PROTOCOL_VERSION, dwSuite, &list, NULL, 0,
                                  NULL, NCRYPT_SSL_CLIENT_FLAG);
        if (FAILED(st)) return Fail("SslGenerateMasterKey (ECDHE, NULL 0 NULL)", st);
    } else if (kx == KX_RSA) {
        if (hSrv == 0) return Fail("no server certificate", 0);
        buf[2] = (NCryptBuffer){sizeof(dwHighest), NCRYPTBUFFER_SSL_HIGHEST_VERSION, &dwHighest};
        list.cBuffers = 3;
        DWORD cbEnc = 0;
        st = SslGenerateMasterKey(c->hProv, 0, hSrv, &hMaster, TLS1_2_PROTOCOL_VERSION, dwSuite, &list, cke + 6,
                                  sizeof(cke) - 6, &cbEnc, NCRYPT_SSL_CLIENT_FLAG);
        if (FAILED(st)) return Fail("SslGenerateMasterKey (RSA)", st);
        PutU16(cke + 4, cbEnc);
        cbCke = 6 + cbEnc;
    } else {
        DWORD cbId = (DWORD)strlen(pszId);
        PutU16(cke + 4, cbId);
        memcpy(cke + 6, pszId, cbId);
        cbCke = 6 + cbId;
        buf[2] = (NCryptBuffer){cbPsk, NCRYPTBUFFER_SSL_CLEAR_KEY, (PVOID)pbPsk};
        list.cBuffers = 3;
        st = SslGenerateMasterKey(c->hProv, 0, 0, &hMaster, TLS1_2_PROTOCOL_VERSION, dwSuite, &list, NULL, 0, NULL,
                                  NCRYPT_SSL_CLIENT_FLAG);
        if (FAILED(st)) return Fail("SslGenerateMasterKey (PSK, NCRYPTBUFFER_SSL_CLEAR_KEY)", st);
    }
    cke[0] = 16;
    PutU24(cke + 1, cbCke - 4);
    if (!SendHandshake(c, cke, cbCke)) return 0;
    list.cBuffers = 2;
    st = SslGenerateSessionKeys(c->hProv, hMaster, &c->hReadKey, &c->hWriteKey, &list, 0);
    if (FAILED(st)) return Fail("SslGenerateSessionKeys", st);
    /* ChangeCipherSpec, then Finished under the new keys. */
    NCRYPT_KEY_HANDLE hRead = c->hReadKey;
    c->hReadKey = 0;
    static const BYTE ccs = 1;
    NCRYPT_KEY_HANDLE hWrite = c->hWriteKey;
    c->hWriteKey = 0;
    if (!SendRecord(c, CT_CHANGE_CIPHER_SPEC, &ccs, 1)) return 0;
    c->hWriteKey = hWrite;
    BYTE fin[4 + 12] = {20, 0, 0, 12};
    st = SslComputeFinishedHash(c->hProv, hMaster, c->hHandshakeHash, fin + 4, 12, NCRYPT_SSL_CLIENT_FLAG);
    if (FAILED(st)) return Fail("SslComputeFinishedHash (client)", st);
    if (!SendHandshake(c, fin, sizeof(fin))) return 0;
    /* The server's ChangeCipherSpec and Finished. */
    BYTE type, rec[MAX_RECORD];
    if (!RecvRecord(c, &type, rec, &cb) || type != CT_CHANGE_CIPHER_SPEC) return Fail("server ChangeCipherSpec", type);
    c->hReadKey = hRead;
    BYTE want[12];
    st = SslComputeFinishedHash(c->hProv, hMaster, c->hHandshakeHash, want, 12, NCRYPT_SSL_SERVER_FLAG);
    if (FAILED(st)) return Fail("SslComputeFinishedHash (server)", st);
    if (!RecvHandshake(c, msg, &cb) || msg[0] != 20 || cb != 16 || memcmp(msg + 4, want, 12) != 0)
        return Fail("server Finished", 0);
    SslFreeObject(hEph, 0), SslFreeObject(hSrv, 0), SslFreeObject(hMaster, 0);
    if (hKsp != 0) NCryptFreeObject(hKsp);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* TLS 1.3                                                                   */
/* ------------------------------------------------------------------------ */

static BOOL Tls13Handshake(CONN *c, const char *pszId, const BYTE *pbPsk, DWORD cbPsk) {
    const DWORD dwSuite = TLS_AES_128_GCM_SHA256;
    BYTE cr[32], share[256], ch[1024], msg[16384];
    DWORD cbShare = 0, cbCh = 0, cb = 0;
    NCRYPT_KEY_HANDLE hEph = 0, hSrv = 0, hPsk = 0, hEarly = 0, hBinder = 0, hHs = 0, hCHTS = 0, hSHTS = 0;
    NCRYPT_KEY_HANDLE hMaster = 0, hCATS = 0, hSATS = 0;
    SERVER_HELLO sh;
    SECURITY_STATUS st;
    c->dwProtocol = TLS1_3_PROTOCOL_VERSION;
    c->dwCipherSuite = dwSuite;
    st = SslLookupCipherLengths(c->hProv, TLS1_3_PROTOCOL_VERSION, dwSuite, 0, &c->Lengths, sizeof(c->Lengths), 0);
    if (FAILED(st)) return Fail("SslLookupCipherLengths", st);
    if (c->Lengths.dwHeaderLen != 0 || c->Lengths.dwFixedTrailerLen != 16) return Fail("TLS 1.3 lengths", 0);
    if (!PlatformRandom(cr, 32)) return 0;
    st = SslCreateEphemeralKey(c->hProv, &hEph, TLS1_3_PROTOCOL_VERSION, dwSuite, 29 /* x25519 */, 0, NULL, 0, 0);
    if (FAILED(st)) return Fail("SslCreateEphemeralKey", st);
    if (!ExportOwnShare(c, hEph, share, &cbShare) || cbShare != 32) return 0;
    if (pbPsk != NULL) {
        /* Windows' TLS_13_PRE_SHARED_KEY blob: the raw PSK, no header. */
        st = SslImportKey(c->hProv, &hPsk, TLS_13_PRE_SHARED_KEY, (PBYTE)pbPsk, cbPsk, 0);
        if (FAILED(st)) return Fail("SslImportKey (TLS_13_PRE_SHARED_KEY)", st);
    }
    st = SslExtractEarlyKey(c->hProv, hPsk, &hEarly, TLS1_3_PROTOCOL_VERSION, dwSuite, NULL, 0);
    if (FAILED(st)) return Fail("SslExtractEarlyKey", st);
    if (pbPsk != NULL) {
        st = SslExpandBinderKey(c->hProv, hEarly, &hBinder, NULL, NCRYPT_SSL_EXTERNAL_PSK_FLAG);
        if (FAILED(st)) return Fail("SslExpandBinderKey", st);
    }
    HELLO_OPTIONS o = {TLS1_3_PROTOCOL_VERSION, dwSuite, share, pbPsk != NULL ? pszId : NULL, hBinder};
    if (!BuildClientHello(c, &o, cr, ch, &cbCh) || !SendRecord(c, CT_HANDSHAKE, ch, cbCh)) return 0;
    if (!RecvHandshake(c, msg, &cb) || !ParseServerHello(msg, cb, &sh)) return 0;
    if (sh.dwVersion != TLS1_3_PROTOCOL_VERSION || sh.dwCipherSuite != dwSuite || sh.dwGroup != 29)
        return Fail("negotiated TLS 1.3 parameters", 0);
    if (pbPsk != NULL && !sh.fPskAccepted) return Fail("server did not accept the PSK", 0);
    st = SslCreateHandshakeHash(c->hProv, &c->hHandshakeHash, TLS1_3_PROTOCOL_VERSION, dwSuite, 0);
    if (FAILED(st)) return Fail("SslCreateHandshakeHash", st);
    if (!HashMessage(c, ch, cbCh) || !HashMessage(c, msg, cb)) return 0;
    if (!ImportPeerShare(c, sh.dwGroup, sh.KeyShare, sh.cbKeyShare, &hSrv)) return 0;
    /* Handshake secrets and keys (RFC 8446 7.1). */
    st = SslExtractHandshakeKey(c->hProv, hEph, hSrv, hEarly, &hHs, NULL, 0);
    if (FAILED(st)) return Fail("SslExtractHandshakeKey", st);
    st = SslExpandTrafficKeys(c->hProv, hHs, c->hHandshakeHash, &hCHTS, &hSHTS, NULL, 0);
    if (FAILED(st)) return Fail("SslExpandTrafficKeys (handshake)", st);
    if (FAILED(st = SslExpandWriteKey(c->hProv, hCHTS, &c->hWriteKey, NULL, 0)) ||
        FAILED(st = SslExpandWriteKey(c->hProv, hSHTS, &c->hReadKey, NULL, 0)))
        return Fail("SslExpandWriteKey (handshake)", st);
    c->ReadSeq = c->WriteSeq = 0;
    /* EncryptedExtensions [Certificate CertificateVerify] Finished */
    for (;;) {
        if (!RecvHandshake(c, msg, &cb)) return 0;
        if (msg[0] == 20) {
            BYTE want[32];
            st = SslComputeFinishedHash(c->hProv, hSHTS, c->hHandshakeHash, want, 32, NCRYPT_SSL_SERVER_FLAG);
            if (FAILED(st)) return Fail("SslComputeFinishedHash (server)", st);
            if (cb != 36 || memcmp(msg + 4, want, 32) != 0) return Fail("server Finished", 0);
            if (!HashMessage(c, msg, cb)) return 0;
            break;
        }
        if (pbPsk != NULL && (msg[0] == 11 || msg[0] == 15)) return Fail("certificate in a PSK handshake", 0);
        if (!HashMessage(c, msg, cb)) return 0;
    }
    st = SslExtractMasterKey(c->hProv, hHs, &hMaster, NULL, 0);
    if (FAILED(st)) return Fail("SslExtractMasterKey", st);
    st = SslExpandTrafficKeys(c->hProv, hMaster, c->hHandshakeHash, &hCATS, &hSATS, NULL, 0);
    if (FAILED(st)) return Fail("SslExpandTrafficKeys (application)", st);
    BYTE fin[4 + 32] = {20, 0, 0, 32};
    st = SslComputeFinishedHash(c->hProv, hCHTS, c->hHandshakeHash, fin + 4, 32, NCRYPT_SSL_CLIENT_FLAG);
    if (FAILED(st)) return Fail("SslComputeFinishedHash (client)", st);
    if (!SendHandshake(c, fin, sizeof(fin))) return 0;
    SslFreeObject(c->hWriteKey, 0), SslFreeObject(c->hReadKey, 0);
    c->hWriteKey = c->hReadKey = 0;
    if (FAILED(st = SslExpandWriteKey(c->hProv, hCATS, &c->hWriteKey, NULL, 0)) ||
        FAILED(st = SslExpandWriteKey(c->hProv, hSATS, &c->hReadKey, NULL, 0)))
        return Fail("SslExpandWriteKey (application)", st);
    c->ReadSeq = c->WriteSeq = 0;
    NCRYPT_KEY_HANDLE all[] = {hEph, hSrv, hPsk, hEarly, hBinder, hHs, hCHTS, hSHTS, hMaster, hCATS, hSATS};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (all[i] != 0) SslFreeObject(all[i], 0);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Application data                                                          */
/* ------------------------------------------------------------------------ */

static BOOL Exchange(CONN *c) {
    static const char req[] = "GET / HTTP/1.0\r\n\r\n";
    if (!SendRecord(c, CT_APPLICATIONDATA, (const BYTE *)req, sizeof(req) - 1)) return 0;
    for (;;) {
        BYTE type, rec[MAX_RECORD];
        DWORD cb = 0;
        if (!RecvRecord(c, &type, rec, &cb)) break; /* end of stream after the page */
        if (type == CT_ALERT) break;                /* close_notify */
        if (type == CT_HANDSHAKE) continue;         /* NewSessionTicket */
        if (type != CT_APPLICATIONDATA) return Fail("record type after the handshake", type);
        if (c->cbAppData + cb > sizeof(c->AppData)) cb = (DWORD)sizeof(c->AppData) - c->cbAppData;
        memcpy(c->AppData + c->cbAppData, rec, cb);
        c->cbAppData += cb;
    }
    static const BYTE closeNotify[2] = {1, 0};
    SendRecord(c, CT_ALERT, closeNotify, 2);
    if (c->cbAppData < 15 || memcmp(c->AppData, "HTTP/1.0 200 ok", 15) != 0) return Fail("HTTP response", 0);
    DWORD n = 0;
    while (n < c->cbAppData && c->AppData[n] != '\r')
        n++;
    printf("%.*s (%lu bytes of application data)\n", (int)n, (const char *)c->AppData, (unsigned long)c->cbAppData);
    return 1;
}

/* Does the provider follow Windows' record semantics (dwHeaderLen without the
 * 5-byte header: 8 for TLS 1.2 AES-GCM, 0 for TLS 1.3)?  0 yes, 3 no. */
static int ProbeWindowsSemantics(void) {
    NCRYPT_PROV_HANDLE hProv = 0;
    NCRYPT_SSL_CIPHER_LENGTHS l12, l13;
    if (FAILED(SslOpenProvider(&hProv, NULL, 0))) return 1;
    SECURITY_STATUS st = SslLookupCipherLengths(hProv, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                                                0, &l12, sizeof(l12), 0);
    if (!FAILED(st))
        st = SslLookupCipherLengths(hProv, TLS1_3_PROTOCOL_VERSION, TLS_AES_128_GCM_SHA256, 0, &l13, sizeof(l13), 0);
    SslFreeObject(hProv, 0);
    if (FAILED(st)) return 1;
    printf("dwHeaderLen: TLS 1.2 AES-GCM %lu, TLS 1.3 %lu\n", (unsigned long)l12.dwHeaderLen,
           (unsigned long)l13.dwHeaderLen);
    return l12.dwHeaderLen == 8 && l13.dwHeaderLen == 0 ? 0 : 3;
}

static DWORD Unhex(const char *s, BYTE *out, DWORD cap) {
    DWORD n = 0;
    for (; s[0] && s[1] && n < cap; s += 2) {
        unsigned v = 0;
        if (sscanf(s, "%2x", &v) != 1) return 0;
        out[n++] = (BYTE)v;
    }
    return n;
}

int main(int argc, char **argv) {
    CONN *c = &g_conn;
    BYTE psk[256];
    DWORD cbPsk = 0;
    if (argc == 2 && strcmp(argv[1], "probe") == 0) return ProbeWindowsSemantics();
    if (argc < 3) {
        fprintf(stderr, "usage: schannel_client MODE PORT [PSK_IDENTITY PSK_HEX]\n");
        return 2;
    }
    const char *mode = argv[1];
    if (argc >= 5) cbPsk = Unhex(argv[4], psk, sizeof(psk));
    /* An L"..." literal is a WCHAR string here (-fshort-wchar). */
    SECURITY_STATUS st = SslOpenProvider(&c->hProv, L"Microsoft SSL Protocol Provider", 0);
    if (FAILED(st)) return Fail("SslOpenProvider", st), 1;
    c->hSock = PlatformConnect((WORD)atoi(argv[2]));
    if (c->hSock == 0) return Fail("connect", 0), 1;
    BOOL ok;
    if (strcmp(mode, "tls12-ecdhe-gcm") == 0)
        ok = Tls12Handshake(c, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, KX_ECDHE, NULL, NULL, 0);
    else if (strcmp(mode, "tls12-ecdhe-cbc") == 0)
        ok = Tls12Handshake(c, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, KX_ECDHE, NULL, NULL, 0);
    else if (strcmp(mode, "tls12-rsa-gcm") == 0)
        ok = Tls12Handshake(c, TLS_RSA_WITH_AES_128_GCM_SHA256, KX_RSA, NULL, NULL, 0);
    else if (strcmp(mode, "tls12-psk") == 0 && cbPsk > 0)
        ok = Tls12Handshake(c, TLS_PSK_WITH_AES_128_GCM_SHA256, KX_PSK, argv[3], psk, cbPsk);
    else if (strcmp(mode, "tls13") == 0)
        ok = Tls13Handshake(c, NULL, NULL, 0);
    else if (strcmp(mode, "tls13-psk") == 0 && cbPsk > 0)
        ok = Tls13Handshake(c, argv[3], psk, cbPsk);
    else
        return fprintf(stderr, "unknown mode %s\n", mode), 2;
    ok = ok && Exchange(c);
    PlatformClose(c->hSock);
    SslFreeObject(c->hReadKey, 0), SslFreeObject(c->hWriteKey, 0), SslFreeObject(c->hHandshakeHash, 0);
    SslFreeObject(c->hProv, 0);
    if (ok) printf("%s: handshake and exchange ok (suite 0x%04lx)\n", mode, (unsigned long)c->dwCipherSuite);
    return ok ? 0 : 1;
}
