/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_kx.c - transcript digests and (EC)DH key shares through the provider.
 *
 * Digests: the provider has no general "hash these bytes" call, and
 * SslComputeSessionHash refuses TLS 1.3 hash objects, so a digest is taken with
 * a TLS 1.2 (or TLS 1.0 for MD5||SHA-1) client-auth hash object:
 * SslCreateClientAuthHash + SslHashHandshake + SslComputeSessionHash.  The
 * engine keeps the raw transcript, so the TLS 1.3 Transcript-Hash that goes
 * into CertificateVerify, the HelloRetryRequest message_hash and PSK binder
 * inputs all come from that one helper.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "tls.h"

int tls_digest(struct tls_conn *c, uint16_t hl, const uint8_t *p, size_t len, uint8_t *out, size_t *out_len) {
    DWORD proto = TLS1_2_PROTOCOL_VERSION, suite = TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    LPCWSTR alg;
    switch (hl) {
    case 36: proto = TLS1_PROTOCOL_VERSION, suite = TLS_RSA_WITH_AES_128_CBC_SHA, alg = BCRYPT_SHA1_ALGORITHM; break;
    case 20: alg = BCRYPT_SHA1_ALGORITHM; break;
    case 32: alg = BCRYPT_SHA256_ALGORITHM; break;
    case 48: alg = BCRYPT_SHA384_ALGORITHM; break;
    case 64: alg = BCRYPT_SHA512_ALGORITHM; break;
    default: return tls_fail(c, ALERT_INTERNAL_ERROR, "no hash of length %u", hl);
    }
    NCRYPT_HASH_HANDLE h = 0;
    DWORD cb = 0;
    int rc = -1;
    if (SSLCALL(c, SslCreateClientAuthHash, c->cfg->prov, &h, proto, suite, alg, 0) != 0) goto out;
    if (len > 0 && SSLCALL(c, SslHashHandshake, c->cfg->prov, h, (PBYTE)p, (DWORD)len, 0) != 0) goto out;
    if (SSLCALL(c, SslComputeSessionHash, c->cfg->prov, h, proto, out, 64, &cb, 0) != 0) goto out;
    if (cb != hl) goto out;
    *out_len = cb;
    rc = 0;
out:
    if (h) (void)SslFreeObject(h, 0);
    if (rc != 0) return tls_fail(c, ALERT_INTERNAL_ERROR, "digest through the provider failed");
    return 0;
}

int tls_transcript_hash(struct tls_conn *c, uint8_t *out, size_t *out_len) {
    return tls_digest(c, c->si->hash_len, c->tr, c->tr_len, out, out_len);
}

int tls_transcript_start(struct tls_conn *c) {
    if (c->th != 0) return 0;
    if (SSLCALL(c, SslCreateHandshakeHash, c->cfg->prov, &c->th, tls_proto(c), c->suite, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslCreateHandshakeHash failed");
    if (c->tr_len > 0 && SSLCALL(c, SslHashHandshake, c->cfg->prov, c->th, c->tr, (DWORD)c->tr_len, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslHashHandshake failed");
    return 0;
}

/* RFC 8446 section 4.4.1: after a HelloRetryRequest, ClientHello1 is replaced
 * by message_hash(254) || 00 00 Hash.length || Hash(ClientHello1). */
int tls_hrr_rewrite(struct tls_conn *c) {
    uint8_t d[64];
    size_t n = 0;
    if (tls_digest(c, c->si->hash_len, c->tr, c->tr_len, d, &n) != 0) return -1;
    c->tr_len = 0;
    uint8_t hdr[4] = {HS_MESSAGE_HASH, 0, 0, (uint8_t)n};
    if (tls_transcript_add(c, hdr, 4) != 0 || tls_transcript_add(c, d, n) != 0) return -1;
    return 0;
}

int tls_make_share(struct tls_conn *c, uint16_t group, struct tls_wr *w) {
    const struct tls_group_info *g = tls_group_by_id(group);
    if (g == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "unknown group %u", group);
    DWORD proto = c->version ? tls_proto(c) : c->cfg->max_version;
    DWORD suite = c->suite;
    if (suite == 0)
        suite = proto == TLS1_3_PROTOCOL_VERSION ? TLS_AES_128_GCM_SHA256 : TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
    tls_free_key(c, &c->eph);
    if (SSLCALL(c, SslCreateEphemeralKey, c->cfg->prov, &c->eph, proto, suite, group, g->bits, NULL, 0, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslCreateEphemeralKey(%s) failed", g->name);
    uint8_t blob[8 + 1100];
    DWORD cb = 0;
    if (SSLCALL(c, SslExportKey, c->cfg->prov, c->eph, SSL_ECCPUBLIC_BLOB, blob, (DWORD)sizeof(blob), &cb, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslExportKey(SSL_ECCPUBLIC_BLOB) failed");
    SSL_ECCKEY_BLOB hdr;
    if (cb < sizeof(hdr)) return tls_fail(c, ALERT_INTERNAL_ERROR, "short key blob");
    memcpy(&hdr, blob, sizeof(hdr));
    if (hdr.cbKey != cb - sizeof(hdr) || hdr.dwCurveType != group)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "unexpected SSL_ECCPUBLIC_BLOB layout");
    tls_wr_bytes(w, blob + sizeof(hdr), hdr.cbKey);
    return 0;
}

int tls_import_share(struct tls_conn *c, uint16_t group, const uint8_t *key, size_t len) {
    uint8_t blob[8 + 1100];
    if (len == 0 || len > 1100) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "bad key share length %zu", len);
    SSL_ECCKEY_BLOB hdr = {group, (ULONG)len};
    memcpy(blob, &hdr, sizeof(hdr));
    memcpy(blob + sizeof(hdr), key, len);
    tls_free_key(c, &c->peer_eph);
    SECURITY_STATUS st =
        SSLCALL(c, SslImportKey, c->cfg->prov, &c->peer_eph, SSL_ECCPUBLIC_BLOB, blob, (DWORD)(sizeof(hdr) + len), 0);
    if (st != 0) return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "peer key share rejected: %s", tls_status_name(st));
    return 0;
}

void tls_params_randoms(NCryptBufferDesc *d, NCryptBuffer b[4], struct tls_conn *c, const uint8_t *session_hash,
                        size_t sh_len, DWORD *highest) {
    ULONG n = 0;
    b[n++] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_CLIENT_RANDOM, c->cr};
    b[n++] = (NCryptBuffer){32, NCRYPTBUFFER_SSL_SERVER_RANDOM, c->sr};
    if (session_hash != NULL)
        b[n++] = (NCryptBuffer){(ULONG)sh_len, NCRYPTBUFFER_SSL_SESSION_HASH, (PVOID)session_hash};
    if (highest != NULL) b[n++] = (NCryptBuffer){sizeof(DWORD), NCRYPTBUFFER_SSL_HIGHEST_VERSION, highest};
    d->ulVersion = NCRYPTBUFFER_VERSION;
    d->cBuffers = n;
    d->pBuffers = b;
}
