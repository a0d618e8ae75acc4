/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_tls13_rfc8448.c - RFC 8448 sections 3-7 end to end through the public
 * functions only, in both roles.
 *
 * Each section is walked once as the client and once as the server: the early
 * secret (section 4: from the PSK that SslExpandPreSharedKey makes out of the
 * resumption secret and ticket nonce of this role's own section 3 walk), the PSK
 * binder over the truncated ClientHello (SslExpandBinderKey, a branch of the
 * transcript by SslDuplicateTranscriptHash, SslComputeFinishedHash), the early
 * traffic and early exporter secrets, (EC)DHE with the role's ephemeral private
 * key (SSLPROV_ECCPRIVATE_BLOB) and the peer's share taken from the hello
 * (SSL_ECCPUBLIC_BLOB), handshake, master, application, exporter and resumption
 * secrets, Finished values, and the CertificateVerify signatures
 * (SslVerifySignature with the certificate's key, SSLPROV_X509_PUBLIC_BLOB).
 * The transcript is fed with SslHashHandshake: the cleartext hellos come from
 * rfc8448_msgs.h and tls13_rfc8448_1rtt.txt, every encrypted message from
 * decrypting the RFC's records (tls13_record_rfc8448.txt) with record keys made
 * by SslExpandWriteKey from the derived traffic secrets; every record must also
 * re-encrypt byte for byte.
 *
 * Every derived value is compared with the RFC: secrets (SslExportKey
 * SSLPROV_SECRET_BLOB), keys and IVs (SSLPROV_SESSION_KEY_BLOB) and the binder
 * against the steps of tls13_rfc8448_hkdf.txt, transcript hashes
 * (SslComputeSessionHash) against the steps' "hash" inputs, Finished against
 * the Finished messages.  At the end every HKDF step of sections 3-7 must have
 * been reproduced, except the "derived" and "finished"-key expansions, which the
 * API keeps inside (they are checked through the secrets and Finished values
 * computed from them).
 */
#include "rfc8448_msgs.h"
#include "testutil.h"

#include <stdlib.h>

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static const DWORD P13 = TLS1_3_PROTOCOL_VERSION;
static const DWORD SUITE = TLS_AES_128_GCM_SHA256; /* every RFC 8448 trace */

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static size_t be24(const uint8_t *p) { return (size_t)p[0] << 16 | (size_t)p[1] << 8 | p[2]; }

/* ------------------------------------------------------------------------ */
/* The HKDF steps of tls13_rfc8448_hkdf.txt and the records                  */
/* ------------------------------------------------------------------------ */

struct step {
    int section;
    char text[96], op[16];
    uint8_t out[64], secret[64], ctx[64], label[32];
    size_t out_len, secret_len, ctx_len, label_len;
    bool hit; /* reproduced through the public API */
};
static struct step g_steps[128];
static size_t g_nsteps;

struct rec {
    int section;
    char text[64], keys[64];
    uint64_t seq;
    BYTE type;
    uint8_t *key, *iv, *pt, *rec;
    size_t key_len, iv_len, pt_len, rec_len;
};
static struct rec g_recs[32];
static size_t g_nrecs;

static void copy_hex(struct t_vec *v, const char *field, uint8_t *out, size_t cap, size_t *len) {
    size_t n = 0;
    uint8_t *b = t_vec_hex(v, field, &n);
    *len = 0;
    if (b == NULL) return;
    T_ASSERT(n <= cap);
    if (n <= cap) memcpy(out, b, n), *len = n;
    free(b);
}

static void load_vectors(void) {
    struct t_vec *v = t_vec_open("tls13_rfc8448_hkdf.txt");
    while (v != NULL && t_vec_next(v) && g_nsteps < N_ELEM(g_steps)) {
        struct step *s = &g_steps[g_nsteps++];
        s->section = atoi(t_vec_get(v, "section"));
        snprintf(s->text, sizeof(s->text), "%s", t_vec_get(v, "step"));
        snprintf(s->op, sizeof(s->op), "%s", t_vec_get(v, "op"));
        copy_hex(v, "output", s->out, sizeof(s->out), &s->out_len);
        copy_hex(v, "secret", s->secret, sizeof(s->secret), &s->secret_len);
        copy_hex(v, "label", s->label, sizeof(s->label), &s->label_len);
        copy_hex(v, t_vec_get(v, "context") ? "context" : "transcript_hash", s->ctx, sizeof(s->ctx), &s->ctx_len);
    }
    t_vec_close(v);
    T_ASSERT(g_nsteps == 108);

    v = t_vec_open("tls13_record_rfc8448.txt");
    while (v != NULL && t_vec_next(v) && g_nrecs < N_ELEM(g_recs)) {
        struct rec *r = &g_recs[g_nrecs++];
        r->section = atoi(t_vec_get(v, "section"));
        snprintf(r->text, sizeof(r->text), "%s", t_vec_get(v, "step"));
        snprintf(r->keys, sizeof(r->keys), "%s", t_vec_get(v, "keys"));
        r->seq = strtoull(t_vec_get(v, "seq"), NULL, 10);
        r->type = (BYTE)strtoul(t_vec_get(v, "content_type"), NULL, 16);
        r->key = t_vec_hex(v, "key", &r->key_len);
        r->iv = t_vec_hex(v, "iv", &r->iv_len);
        r->pt = t_vec_hex(v, "plaintext", &r->pt_len);
        r->rec = t_vec_hex(v, "record", &r->rec_len);
        T_ASSERT(r->key && r->iv && r->pt && r->rec && r->key_len == 16 && r->iv_len == 12);
    }
    t_vec_close(v);
    T_ASSERT(g_nrecs == 27);
}

static void free_vectors(void) {
    for (size_t i = 0; i < g_nrecs; i++)
        free(g_recs[i].key), free(g_recs[i].iv), free(g_recs[i].pt), free(g_recs[i].rec);
}

/* Marks every step of the section whose text contains what and whose output is
 * val; fails when there is none.  Returns the number marked. */
static int expect_out_at(int section, const char *what, const uint8_t *val, size_t len, int line) {
    int n = 0;
    for (size_t i = 0; i < g_nsteps; i++) {
        struct step *s = &g_steps[i];
        if (s->section == section && strstr(s->text, what) && s->out_len == len && memcmp(s->out, val, len) == 0)
            s->hit = true, n++;
    }
    if (n == 0)
        t_fail_at(__FILE__, line, "section %d: no step '%s' gives this value", section, what);
    else
        t_pass++;
    return n;
}
#define expect_out(section, what, val, len) expect_out_at(section, what, val, len, __LINE__)

/* ------------------------------------------------------------------------ */
/* One walk: a section in one role                                           */
/* ------------------------------------------------------------------------ */

struct counts {
    int th, finished, binder, signatures, records;
};
static struct counts g_counts[8][2]; /* [section][server] */

struct walk {
    NCRYPT_PROV_HANDLE p;
    int section;
    bool server;
    struct counts *n;
    NCRYPT_HASH_HANDLE th;
    NCRYPT_KEY_HANDLE psk, e, hs, ms, cet, eem, chs, shs, cap, sap, exp, res;
    NCRYPT_KEY_HANDLE cert; /* public key of the last Certificate message */
    bool server_finished;   /* the next CertificateVerify / Finished is the client's */
};

/* Section 3's outputs that section 4 resumes from, per role. */
static NCRYPT_KEY_HANDLE g_psk[2];
static uint8_t g_ticket[2][256];
static size_t g_ticket_len[2];

/* The secret behind a TLS 1.3 handle, through SslExportKey(SSLPROV_SECRET_BLOB). */
static void check_secret_at(struct walk *w, NCRYPT_KEY_HANDLE h, DWORD kind, int section, const char *what, int line) {
    uint8_t buf[sizeof(SSLPROV_SECRET_HEADER) + 64];
    SSLPROV_SECRET_HEADER hdr;
    DWORD n = 0;
    T_OK(SslExportKey(w->p, h, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n, 0));
    memcpy(&hdr, buf, sizeof(hdr));
    T_ASSERT(hdr.dwMagic == SSLPROV_SECRET_MAGIC && hdr.dwProtocol == P13 && hdr.dwKind == kind);
    T_ASSERT(hdr.cbSecret == 32 && n == sizeof(hdr) + 32);
    expect_out_at(section, what, buf + sizeof(hdr), 32, line);
    memset(buf, 0, sizeof(buf));
}
#define check_secret(w, h, kind, what) check_secret_at(w, h, kind, (w)->section, what, __LINE__)

/* Transcript-Hash so far against the "hash" the RFC prints for step what. */
static void expect_th_at(struct walk *w, const char *what, int line) {
    uint8_t d[64];
    DWORD n = 0;
    T_OK(SslComputeSessionHash(w->p, w->th, P13, d, sizeof(d), &n, 0));
    for (size_t i = 0; i < g_nsteps; i++) {
        const struct step *s = &g_steps[i];
        if (s->section == w->section && strstr(s->text, what) && s->ctx_len == n && memcmp(s->ctx, d, n) == 0) {
            t_pass++, w->n->th++;
            return;
        }
    }
    t_fail_at(__FILE__, line, "section %d: transcript hash at '%s' differs", w->section, what);
}
#define expect_th(w, what) expect_th_at(w, what, __LINE__)

static void hash_msg(struct walk *w, const uint8_t *m, size_t len) {
    T_OK(SslHashHandshake(w->p, w->th, (PBYTE)m, (DWORD)len, 0));
}

/* Hex constant (optionally followed by pad zero octets) into a fresh buffer. */
static uint8_t *from_hex(const char *head, size_t pad, const char *tail, size_t *len) {
    size_t hl = strlen(head) / 2, tl = tail ? strlen(tail) / 2 : 0;
    uint8_t *b = calloc(1, hl + pad + tl);
    T_ASSERT(t_unhex(head, b, hl) == (long)hl);
    if (tail) T_ASSERT(t_unhex(tail, b + hl + pad, tl) == (long)tl);
    *len = hl + pad + tl;
    return b;
}

/* The body of extension type in a ClientHello or ServerHello (RFC 8446 4.1.2, 4.1.3). */
static const uint8_t *hello_ext(const uint8_t *m, size_t len, uint16_t type, size_t *elen) {
    size_t i = 4 + 2 + 32;
    i += 1 + m[i]; /* legacy_session_id */
    if (m[0] == 1)
        i += 2 + be16(m + i), i += 1 + m[i]; /* cipher_suites, legacy_compression_methods */
    else
        i += 3; /* cipher_suite, legacy_compression_method */
    size_t end = i + 2 + be16(m + i);
    T_ASSERT(end == len);
    for (i += 2; i + 4 <= end; i += 4 + be16(m + i + 2))
        if (be16(m + i) == type) {
            *elen = be16(m + i + 2);
            return m + i + 4;
        }
    return NULL;
}

/* The key_share entry of group: ClientHello client_shares or ServerHello server_share. */
static const uint8_t *key_share(const uint8_t *m, size_t len, uint16_t group, size_t *klen) {
    size_t el = 0;
    const uint8_t *e = hello_ext(m, len, 0x0033, &el);
    if (e == NULL) return NULL;
    for (size_t i = m[0] == 1 ? 2 : 0; i + 4 <= el; i += 4 + be16(e + i + 2))
        if (be16(e + i) == group) {
            *klen = be16(e + i + 2);
            return e + i + 4;
        }
    return NULL;
}

/* (EC)DHE through the public path: this role's private key and the peer's share. */
static void extract_handshake(struct walk *w, const uint8_t *ch, size_t chl, const uint8_t *sh, size_t shl,
                              const char *client_priv, const char *server_priv) {
    size_t el = 0, pl = 0;
    const uint8_t *e = hello_ext(sh, shl, 0x0033, &el);
    T_ASSERT(e != NULL && el >= 4);
    if (e == NULL) return;
    uint16_t group = be16(e);
    const uint8_t *pub = w->server ? key_share(ch, chl, group, &pl) : key_share(sh, shl, group, &pl);
    const char *priv_hex = w->server ? server_priv : client_priv;
    T_ASSERT(pub != NULL && pl <= 133);
    if (pub == NULL) return;
    uint8_t blob[sizeof(SSL_ECCKEY_BLOB) + 140];
    SSL_ECCKEY_BLOB h = {group, (ULONG)(strlen(priv_hex) / 2)};
    NCRYPT_KEY_HANDLE k = 0, peer = 0;
    memcpy(blob, &h, sizeof(h));
    T_ASSERT(t_unhex(priv_hex, blob + sizeof(h), 66) == (long)h.cbKey);
    T_OK(SslImportKey(w->p, &k, SSLPROV_ECCPRIVATE_BLOB, blob, (DWORD)(sizeof(h) + h.cbKey), 0));
    h.cbKey = (ULONG)pl;
    memcpy(blob, &h, sizeof(h));
    memcpy(blob + sizeof(h), pub, pl);
    T_OK(SslImportKey(w->p, &peer, SSL_ECCPUBLIC_BLOB, blob, (DWORD)(sizeof(h) + pl), 0));
    T_OK(SslExtractHandshakeKey(w->p, k, peer, w->e, &w->hs, NULL, 0));
    memset(blob, 0, sizeof(blob));
    T_OK(SslFreeObject(k, 0));
    T_OK(SslFreeObject(peer, 0));
}

/* After ServerHello: handshake secret, handshake traffic secrets, master secret. */
static void handshake_secrets(struct walk *w) {
    check_secret(w, w->hs, SSLPROV_SECRET_KIND_HANDSHAKE, "extract secret \"handshake\"");
    expect_th(w, "\"tls13 c hs traffic\"");
    T_OK(SslExpandTrafficKeys(w->p, w->hs, w->th, &w->chs, &w->shs, NULL, 0));
    check_secret(w, w->chs, SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC, "\"tls13 c hs traffic\"");
    check_secret(w, w->shs, SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC, "\"tls13 s hs traffic\"");
    T_OK(SslExtractMasterKey(w->p, w->hs, &w->ms, NULL, 0));
    check_secret(w, w->ms, SSLPROV_SECRET_KIND_MASTER, "extract secret \"master\"");
}

/* ---- records ------------------------------------------------------------ */

static NCRYPT_KEY_HANDLE traffic_for(const struct walk *w, const char *keys) {
    if (strncmp(keys, "client early", 12) == 0) return w->cet;
    if (strncmp(keys, "client handshake", 16) == 0) return w->chs;
    if (strncmp(keys, "server handshake", 16) == 0) return w->shs;
    if (strncmp(keys, "client application", 18) == 0) return w->cap;
    if (strncmp(keys, "server application", 18) == 0) return w->sap;
    return 0;
}

/* The record's write key through SslExpandWriteKey; its key and IV (public view
 * SSLPROV_SESSION_KEY_BLOB) against the record's and the HKDF steps. */
static NCRYPT_KEY_HANDLE write_key(struct walk *w, const struct rec *r) {
    NCRYPT_KEY_HANDLE t = traffic_for(w, r->keys), k = 0;
    DWORD owner = strncmp(r->keys, "client", 6) == 0 ? NCRYPT_SSL_CLIENT_FLAG : NCRYPT_SSL_SERVER_FLAG;
    uint8_t blob[sizeof(SSLPROV_SESSION_KEY_HEADER) + 64];
    SSLPROV_SESSION_KEY_HEADER hdr;
    DWORD n = 0;
    T_ASSERT(t != 0);
    T_OK(SslExpandWriteKey(w->p, t, &k, NULL, 0));
    T_OK(SslExportKey(w->p, k, SSLPROV_SESSION_KEY_BLOB, blob, sizeof(blob), &n, 0));
    memcpy(&hdr, blob, sizeof(hdr));
    T_ASSERT(hdr.dwMagic == SSLPROV_SESSION_KEY_MAGIC && hdr.dwProtocol == P13 && hdr.dwCipherSuite == SUITE &&
             hdr.dwFlags == owner);
    T_ASSERT(hdr.cbMacKey == 0 && hdr.cbEncKey == 16 && hdr.cbIV == 12 && n == sizeof(hdr) + 28);
    T_BYTES(blob + sizeof(hdr), r->key, 16);
    T_BYTES(blob + sizeof(hdr) + 16, r->iv, 12);
    expect_out(w->section, "traffic keys", blob + sizeof(hdr), 16);
    expect_out(w->section, "traffic keys", blob + sizeof(hdr) + 16, 12);
    memset(blob, 0, sizeof(blob));
    return k;
}

/* Decrypt the record (SslDecryptPacket) to the whole TLSInnerPlaintext
 * (plaintext || type || padding: Windows strips nothing), re-encrypt that
 * (SslEncryptPacket, outer type 23) to the same bytes, refuse it with a
 * flipped tag bit (STATUS_AUTH_TAG_MISMATCH, as Windows).
 * Returns the decrypted content (caller frees). */
static uint8_t *open_record(struct walk *w, const struct rec *r, size_t *len) {
    NCRYPT_KEY_HANDLE k = write_key(w, r);
    uint8_t *in = malloc(r->rec_len), *out = malloc(r->rec_len), *again = malloc(r->rec_len);
    DWORD got = 0;
    memcpy(in, r->rec, r->rec_len);
    T_OK(SslDecryptPacket(w->p, k, in, (DWORD)r->rec_len, out, (DWORD)r->rec_len, &got, r->seq, 0));
    const DWORD inner = got;
    T_ASSERT(inner == r->rec_len - 5 - 16 && inner >= r->pt_len + 1);
    if (inner >= r->pt_len + 1) {
        T_BYTES(out, r->pt, r->pt_len);
        T_ASSERT(out[r->pt_len] == r->type);
        for (DWORD z = (DWORD)r->pt_len + 1; z < inner; z++)
            T_ASSERT(out[z] == 0);
    }
    T_OK(SslEncryptPacket(w->p, k, out, inner, again, (DWORD)r->rec_len, &got, r->seq, CT_APPLICATIONDATA, 0));
    T_ASSERT(got == r->rec_len);
    T_BYTES(again, r->rec, r->rec_len);
    in[r->rec_len - 1] ^= 0x01;
    T_STATUS(SslDecryptPacket(w->p, k, in, (DWORD)r->rec_len, again, (DWORD)r->rec_len, &got, r->seq, 0),
             STATUS_AUTH_TAG_MISMATCH);
    T_OK(SslFreeObject(k, 0));
    free(in), free(again);
    w->n->records++;
    *len = r->pt_len;
    return out;
}

/* ---- handshake messages inside records ---------------------------------- */

/* RFC 8446 4.4.3: the signature covers 64 spaces || context string || 0 ||
 * Transcript-Hash(..., Certificate).  SHA-256 of that content through a hash
 * object of the provider; the signature through SslVerifySignature. */
static void verify_certificate_verify(struct walk *w, const uint8_t *m, size_t len) {
    const char *label = w->server_finished ? "TLS 1.3, client CertificateVerify" : "TLS 1.3, server CertificateVerify";
    uint8_t content[64 + 34 + 64], h[64], in[14 + 32], raw[64];
    size_t ll = strlen(label) + 1;
    DWORD n = 0, hl = 0;
    NCRYPT_HASH_HANDLE hh = 0;
    memset(content, 0x20, 64);
    memcpy(content + 64, label, ll);
    T_OK(SslComputeSessionHash(w->p, w->th, P13, content + 64 + ll, 64, &n, 0));
    T_OK(SslCreateHandshakeHash(w->p, &hh, P13, SUITE, 0));
    T_OK(SslHashHandshake(w->p, hh, content, (DWORD)(64 + ll + n), 0));
    T_OK(SslComputeSessionHash(w->p, hh, P13, h, sizeof(h), &hl, 0));
    T_OK(SslFreeObject(hh, 0));
    T_ASSERT(w->cert != 0 && hl == 32 && len >= 8 && (size_t)be16(m + 6) + 8 == len);
    uint16_t scheme = be16(m + 4);
    PBYTE sig = (PBYTE)m + 8, hv = h;
    DWORD sl = be16(m + 6), hvl = 32, flags = 0;
    if (scheme == 0x0804) { /* rsa_pss_rsae_sha256: hash name, then the hash */
        static const WCHAR name[] = {'S', 'H', 'A', '2', '5', '6', 0};
        memcpy(in, name, sizeof(name));
        memcpy(in + sizeof(name), h, 32);
        hv = in, hvl = (DWORD)(sizeof(name) + 32), flags = NCRYPT_SSL_SIGN_USE_PSS_PADDING;
    } else if (scheme == 0x0403) { /* ecdsa_secp256r1_sha256: DER (r, s) -> raw r || s */
        const uint8_t *p = m + 8;
        T_ASSERT(p[0] == 0x30 && p[2] == 0x02);
        size_t rl = p[3], ol = p[5 + rl];
        const uint8_t *r = p + 4, *s = p + 6 + rl;
        while (rl > 32)
            r++, rl--;
        while (ol > 32)
            s++, ol--;
        memset(raw, 0, 64);
        memcpy(raw + 32 - rl, r, rl);
        memcpy(raw + 64 - ol, s, ol);
        sig = raw, sl = 64;
    } else {
        t_fail_at(__FILE__, __LINE__, "section %d: signature scheme %04x", w->section, scheme);
        return;
    }
    T_OK(SslVerifySignature(w->p, w->cert, hv, hvl, sig, sl, flags));
    hv[hvl - 1] ^= 1; /* the wrong transcript does not verify */
    T_STATUS(SslVerifySignature(w->p, w->cert, hv, hvl, sig, sl, flags), NTE_BAD_SIGNATURE);
    w->n->signatures++;
}

static void certificate(struct walk *w, const uint8_t *m, size_t len) {
    size_t i = 4 + 1 + m[4] + 3; /* certificate_request_context, certificate_list length */
    size_t cl = be24(m + i);
    T_ASSERT(i + 3 + cl <= len);
    if (w->cert) T_OK(SslFreeObject(w->cert, 0));
    w->cert = 0;
    T_OK(SslImportKey(w->p, &w->cert, SSLPROV_X509_PUBLIC_BLOB, (PBYTE)m + i + 3, (DWORD)cl, 0));
}

/* Finished (RFC 8446 4.4.4) through SslComputeFinishedHash, then the secrets
 * that follow it: application traffic and exporter after the server's,
 * resumption after the client's. */
static void finished(struct walk *w, const uint8_t *m, size_t len) {
    uint8_t vd[32];
    T_ASSERT(len == 36);
    T_OK(SslComputeFinishedHash(w->p, w->server_finished ? w->chs : w->shs, w->th, vd, 32, 0));
    T_BYTES(vd, m + 4, 32);
    w->n->finished++;
    if (w->section == 3) expect_out(3, "calculate finished", vd, 32); /* the only section with printed MACs */
    hash_msg(w, m, len);
    if (!w->server_finished) {
        w->server_finished = true;
        expect_th(w, "\"tls13 c ap traffic\"");
        T_OK(SslExpandTrafficKeys(w->p, w->ms, w->th, &w->cap, &w->sap, NULL, 0));
        check_secret(w, w->cap, SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC, "\"tls13 c ap traffic\"");
        check_secret(w, w->sap, SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC, "\"tls13 s ap traffic\"");
        T_OK(SslExpandExporterMasterKey(w->p, w->ms, w->th, &w->exp, NULL, 0));
        check_secret(w, w->exp, SSLPROV_SECRET_KIND_EXPORTER, "\"tls13 exp master\"");
    } else {
        expect_th(w, "\"tls13 res master\"");
        T_OK(SslExpandResumptionMasterKey(w->p, w->ms, w->th, &w->res, NULL, 0));
        check_secret(w, w->res, SSLPROV_SECRET_KIND_RESUMPTION, "\"tls13 res master\"");
    }
}

/* NewSessionTicket (RFC 8446 4.6.1): the PSK for section 4 from the ticket nonce. */
static void new_session_ticket(struct walk *w, const uint8_t *m, size_t len) {
    size_t i = 4 + 4 + 4, nl = m[i];
    const uint8_t *nonce = m + i + 1;
    i += 1 + nl;
    size_t tl = be16(m + i);
    T_ASSERT(i + 2 + tl <= len && tl <= sizeof(g_ticket[0]) && w->res != 0);
    if (tl <= sizeof(g_ticket[0])) memcpy(g_ticket[w->server], m + i + 2, tl), g_ticket_len[w->server] = tl;
    NCRYPT_KEY_HANDLE psk = 0;
    T_OK(SslExpandPreSharedKey(w->p, w->res, (PBYTE)nonce, (DWORD)nl, &psk, NULL, 0));
    check_secret(w, psk, SSLPROV_SECRET_KIND_PSK, "generate resumption secret");
    g_psk[w->server] = psk;
}

static void handshake_message(struct walk *w, const uint8_t *m, size_t len) {
    switch (m[0]) {
    case 11:
        certificate(w, m, len);
        hash_msg(w, m, len);
        break;
    case 15:
        verify_certificate_verify(w, m, len);
        hash_msg(w, m, len);
        break;
    case 20: finished(w, m, len); break;
    case 4: /* not part of the transcript */ new_session_ticket(w, m, len); break;
    default: /* EncryptedExtensions, CertificateRequest, EndOfEarlyData */
        T_ASSERT(m[0] == 8 || m[0] == 13 || m[0] == 5);
        hash_msg(w, m, len);
        break;
    }
}

/* The section's records in order, each opened with the keys derived so far. */
static void records(struct walk *w) {
    for (size_t i = 0; i < g_nrecs; i++) {
        const struct rec *r = &g_recs[i];
        if (r->section != w->section) continue;
        size_t len = 0;
        uint8_t *pt = open_record(w, r, &len);
        for (size_t o = 0; r->type == 22 && o + 4 <= len;) {
            size_t ml = 4 + be24(pt + o + 1);
            T_ASSERT(o + ml <= len);
            if (o + ml > len) break;
            handshake_message(w, pt + o, ml);
            o += ml;
        }
        free(pt);
    }
}

/* ---- the hellos of each section ----------------------------------------- */

static void early(struct walk *w, NCRYPT_KEY_HANDLE psk) {
    T_OK(SslExtractEarlyKey(w->p, psk, &w->e, P13, SUITE, NULL, 0));
    /* sections 5-7 share section 3's early secret, printed there only */
    check_secret_at(w, w->e, SSLPROV_SECRET_KIND_EARLY, psk ? w->section : 3, "extract secret \"early\"", __LINE__);
    T_OK(SslCreateHandshakeHash(w->p, &w->th, P13, SUITE, 0));
}

static void hello_plain(struct walk *w, const uint8_t *ch, size_t chl, const uint8_t *sh, size_t shl,
                        const char *client_priv, const char *server_priv) {
    early(w, 0);
    hash_msg(w, ch, chl);
    hash_msg(w, sh, shl);
    extract_handshake(w, ch, chl, sh, shl, client_priv, server_priv);
    handshake_secrets(w);
}

static void hello_section3(struct walk *w) {
    struct t_vec *v = t_vec_open("tls13_rfc8448_1rtt.txt");
    if (v == NULL || !t_vec_next(v)) return;
    size_t chl = 0, shl = 0, cl = 0, sl = 0;
    uint8_t *ch = t_vec_hex(v, "msg_client_hello", &chl), *sh = t_vec_hex(v, "msg_server_hello", &shl);
    uint8_t *cp = t_vec_hex(v, "client_private_key", &cl), *sp = t_vec_hex(v, "server_private_key", &sl);
    char cph[65] = {0}, sph[65] = {0};
    T_ASSERT(ch && sh && cl == 32 && sl == 32);
    if (ch && sh && cl == 32 && sl == 32) {
        t_hex(cp, 32, cph), t_hex(sp, 32, sph);
        hello_plain(w, ch, chl, sh, shl, cph, sph);
    }
    free(ch), free(sh), free(cp), free(sp);
    t_vec_close(v);
}

/* Section 4: the resumption PSK of section 3, the binder over the truncated
 * ClientHello (RFC 8446 4.2.11.2), early traffic and early exporter secrets. */
static void hello_section4(struct walk *w) {
    size_t chl = 0, shl = 0, el = 0;
    uint8_t *ch = from_hex(k_s4_ch_head, 87, k_s4_ch_tail, &chl), *sh = from_hex(k_s4_sh, 0, NULL, &shl);
    T_ASSERT(chl == 512 && shl == 96 && g_psk[w->server] != 0);
    early(w, g_psk[w->server]);
    /* pre_shared_key: identities<7..> (one: the ticket of section 3, age), binders<33..> */
    const uint8_t *psk_ext = hello_ext(ch, chl, 0x0029, &el);
    T_ASSERT(psk_ext != NULL && psk_ext + el == ch + chl);
    if (psk_ext == NULL) {
        free(ch), free(sh);
        return;
    }
    size_t il = be16(psk_ext), tl = be16(psk_ext + 2);
    T_ASSERT(tl == g_ticket_len[w->server] && memcmp(psk_ext + 4, g_ticket[w->server], tl) == 0);
    const uint8_t *binders = psk_ext + 2 + il;
    size_t trunc = (size_t)(binders - ch);
    T_ASSERT(be16(binders) == 33 && binders[2] == 32 && trunc + 35 == chl);

    NCRYPT_KEY_HANDLE bk = 0;
    NCRYPT_HASH_HANDLE dup = 0;
    uint8_t binder[32];
    T_OK(SslExpandBinderKey(w->p, w->e, &bk, NULL, NCRYPT_SSL_RESUMPTION_PSK_FLAG));
    {
        /* the binder key is the PRK of the step that expands the binder's finished key */
        uint8_t buf[sizeof(SSLPROV_SECRET_HEADER) + 64];
        DWORD n = 0;
        bool found = false;
        T_OK(SslExportKey(w->p, bk, SSLPROV_SECRET_BLOB, buf, sizeof(buf), &n, 0));
        for (size_t i = 0; i < g_nsteps; i++)
            if (g_steps[i].section == 4 && strstr(g_steps[i].text, "PSK binder") && g_steps[i].secret_len == 32)
                found |= n == sizeof(SSLPROV_SECRET_HEADER) + 32 &&
                         memcmp(buf + sizeof(SSLPROV_SECRET_HEADER), g_steps[i].secret, 32) == 0;
        T_ASSERT(found);
    }
    hash_msg(w, ch, trunc);
    expect_th(w, "calculate PSK binder");
    T_OK(SslDuplicateTranscriptHash(w->p, w->th, &dup, 0));
    T_OK(SslComputeFinishedHash(w->p, bk, dup, binder, 32, 0));
    T_BYTES(binder, binders + 3, 32);
    expect_out(4, "calculate PSK binder", binder, 32);
    w->n->binder++;
    T_OK(SslFreeObject(dup, 0));
    T_OK(SslFreeObject(bk, 0));
    hash_msg(w, ch + trunc, chl - trunc); /* the binders complete the ClientHello */

    expect_th(w, "\"tls13 c e traffic\"");
    T_OK(SslExpandTrafficKeys(w->p, w->e, w->th, &w->cet, NULL, NULL, 0));
    check_secret(w, w->cet, SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC, "\"tls13 c e traffic\"");
    T_OK(SslExpandExporterMasterKey(w->p, w->e, w->th, &w->eem, NULL, 0));
    check_secret(w, w->eem, SSLPROV_SECRET_KIND_EARLY_EXPORTER, "\"tls13 e exp master\"");

    hash_msg(w, sh, shl);
    extract_handshake(w, ch, chl, sh, shl, k_s4_client_priv, k_s4_server_priv);
    handshake_secrets(w);
    free(ch), free(sh);
}

/* Section 5: Transcript-Hash(ClientHello1, HelloRetryRequest, ...) starts with
 * the synthetic message_hash message (RFC 8446 4.4.1). */
static void hello_section5(struct walk *w) {
    size_t l1 = 0, lh = 0, l2 = 0, ls = 0;
    uint8_t *ch1 = from_hex(k_s5_ch1, 0, NULL, &l1), *hrr = from_hex(k_s5_hrr, 0, NULL, &lh);
    uint8_t *ch2 = from_hex(k_s5_ch2_head, 0xaf, NULL, &l2), *sh = from_hex(k_s5_sh, 0, NULL, &ls);
    uint8_t mh[4 + 64];
    DWORD n = 0;
    T_ASSERT(l1 == 180 && lh == 176 && l2 == 512 && ls == 123);
    early(w, 0);
    NCRYPT_HASH_HANDLE h1 = 0;
    T_OK(SslCreateHandshakeHash(w->p, &h1, P13, SUITE, 0));
    T_OK(SslHashHandshake(w->p, h1, ch1, (DWORD)l1, 0));
    T_OK(SslComputeSessionHash(w->p, h1, P13, mh + 4, 64, &n, 0));
    T_OK(SslFreeObject(h1, 0));
    mh[0] = 254, mh[1] = 0, mh[2] = 0, mh[3] = (uint8_t)n;
    hash_msg(w, mh, 4 + n);
    hash_msg(w, hrr, lh);
    hash_msg(w, ch2, l2);
    hash_msg(w, sh, ls);
    extract_handshake(w, ch2, l2, sh, ls, k_s5_client_priv, k_s5_server_priv);
    handshake_secrets(w);
    free(ch1), free(hrr), free(ch2), free(sh);
}

static void hello_hex(struct walk *w, const char *ch_hex, const char *sh_hex, const char *client_priv,
                      const char *server_priv) {
    size_t chl = 0, shl = 0;
    uint8_t *ch = from_hex(ch_hex, 0, NULL, &chl), *sh = from_hex(sh_hex, 0, NULL, &shl);
    hello_plain(w, ch, chl, sh, shl, client_priv, server_priv);
    free(ch), free(sh);
}

static void walk(NCRYPT_PROV_HANDLE p, int section, bool server) {
    struct walk w = {.p = p, .section = section, .server = server, .n = &g_counts[section][server]};
    switch (section) {
    case 3: hello_section3(&w); break;
    case 4: hello_section4(&w); break;
    case 5: hello_section5(&w); break;
    case 6: hello_hex(&w, k_s6_ch, k_s6_sh, k_s6_client_priv, k_s6_server_priv); break;
    case 7: hello_hex(&w, k_s7_ch, k_s7_sh, k_s7_client_priv, k_s7_server_priv); break;
    }
    if (w.ms != 0) records(&w);
    T_ASSERT(w.res != 0); /* the walk reached the client Finished */
    NCRYPT_HANDLE all[] = {w.th, w.e, w.hs, w.ms, w.cet, w.eem, w.chs, w.shs, w.cap, w.sap, w.exp, w.res, w.cert};
    for (size_t i = 0; i < N_ELEM(all); i++)
        if (all[i]) T_OK(SslFreeObject(all[i], 0));
}

/* ------------------------------------------------------------------------ */

/* Steps the API cannot show: Derive-Secret(., "derived", "") feeds the next
 * HKDF-Extract, and the finished keys feed the Finished / binder HMAC. */
static bool internal_step(const struct step *s) {
    static const char derived[] = "derived", fin[] = "finished";
    return strcmp(s->op, "expand_label") == 0 && ((s->label_len == 7 && memcmp(s->label, derived, 7) == 0) ||
                                                  (s->label_len == 8 && memcmp(s->label, fin, 8) == 0));
}

static void report(void) {
    for (int sec = 3; sec <= 7; sec++) {
        int total = 0, hit = 0, internal = 0;
        for (size_t i = 0; i < g_nsteps; i++) {
            const struct step *s = &g_steps[i];
            if (s->section != sec) continue;
            total++;
            if (s->hit)
                hit++;
            else if (internal_step(s))
                internal++;
            else
                t_fail_at(__FILE__, __LINE__, "section %d: step '%s' (%s) not reproduced", sec, s->text, s->op);
        }
        const struct counts *c = &g_counts[sec][0], *d = &g_counts[sec][1];
        T_ASSERT(memcmp(c, d, sizeof(*c)) == 0); /* both roles did the same */
        printf("RFC 8448 section %d: %d/%d HKDF steps reproduced (%d internal), %d transcript hashes, %d Finished, "
               "%d binder, %d signatures, %d records; both roles\n",
               sec, hit, total, internal, c->th, c->finished, c->binder, c->signatures, c->records);
    }
    /* what each section must show (RFC 8448: Finished x2 everywhere; records as printed) */
    static const struct counts want[8] = {[3] = {3, 2, 0, 1, 7},
                                          [4] = {5, 2, 1, 0, 8},
                                          [5] = {3, 2, 0, 1, 4},
                                          [6] = {3, 2, 0, 2, 4},
                                          [7] = {3, 2, 0, 1, 4}};
    for (int sec = 3; sec <= 7; sec++)
        T_ASSERT(memcmp(&g_counts[sec][0], &want[sec], sizeof(want[sec])) == 0);
}

int main(void) {
    load_vectors();
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    for (int server = 0; server <= 1; server++)
        for (int section = 3; section <= 7; section++)
            walk(p, section, server != 0);
    report();
    for (int i = 0; i < 2; i++)
        if (g_psk[i]) T_OK(SslFreeObject(g_psk[i], 0));
    T_OK(SslFreeObject(p, 0));
    free_vectors();
    return t_done();
}
