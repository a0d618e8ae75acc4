/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_cert.c - certificates (OpenSSL X509: parse, chain and hostname check),
 * the peer's public key as a provider key (SslImportKey with
 * BCRYPT_RSAPUBLIC_BLOB / BCRYPT_ECCPUBLIC_BLOB), our private key
 * (SslOpenPrivateKey), and signatures through SslSignHash / SslVerifySignature
 * with the wire conversions (ECDSA: raw r||s in the provider, DER on the wire).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "tls.h"

const uint16_t tls_sigalgs_default[] = {
    SIG_ECDSA_SECP256R1_SHA256, SIG_ECDSA_SECP384R1_SHA384,
    SIG_ECDSA_SECP521R1_SHA512, SIG_RSA_PSS_RSAE_SHA256,
    SIG_RSA_PSS_RSAE_SHA384,    SIG_RSA_PSS_RSAE_SHA512,
    SIG_RSA_PSS_PSS_SHA256,     SIG_RSA_PSS_PSS_SHA384,
    SIG_RSA_PSS_PSS_SHA512,     SIG_RSA_PKCS1_SHA256,
    SIG_RSA_PKCS1_SHA384,       SIG_RSA_PKCS1_SHA512,
    SIG_RSA_PKCS1_SHA1,         SIG_ECDSA_SHA1,
};
const size_t tls_n_sigalgs_default = sizeof(tls_sigalgs_default) / sizeof(tls_sigalgs_default[0]);

bool tls_sigalg_known(uint16_t scheme) {
    for (size_t i = 0; i < tls_n_sigalgs_default; i++)
        if (tls_sigalgs_default[i] == scheme) return true;
    return false;
}

/* Is pk a key of this type?  By libcrypto's legacy id (a field read) where the
 * key has one, else by name: EVP_PKEY_is_a looks the name up under a lock,
 * ~1.3k instructions, three times per handshake for the peer's key. */
static bool key_is(const EVP_PKEY *pk, int id, const char *name) {
    int t = EVP_PKEY_get_id(pk);
    return t != EVP_PKEY_NONE && t != EVP_PKEY_KEYMGMT ? t == id : EVP_PKEY_is_a(pk, name);
}

uint16_t tls_pss_restriction(EVP_PKEY *pk) {
    if (pk == NULL || !key_is(pk, EVP_PKEY_RSA_PSS, "RSA-PSS")) return 0;
    char md[64] = "", mgf[64] = "";
    int salt = 0;
    if (!EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_RSA_DIGEST, md, sizeof(md), NULL))
        return 0; /* no parameters: any rsa_pss_pss_* */
    if (!EVP_PKEY_get_utf8_string_param(pk, OSSL_PKEY_PARAM_RSA_MGF1_DIGEST, mgf, sizeof(mgf), NULL))
        snprintf(mgf, sizeof(mgf), "%s", md); /* MGF1 over the same hash unless it says otherwise */
    if (!EVP_PKEY_get_int_param(pk, OSSL_PKEY_PARAM_RSA_PSS_SALTLEN, &salt)) salt = 0;
    static const struct {
        int nid, len;
        uint16_t scheme;
    } k[] = {{NID_sha256, 32, SIG_RSA_PSS_PSS_SHA256},
             {NID_sha384, 48, SIG_RSA_PSS_PSS_SHA384},
             {NID_sha512, 64, SIG_RSA_PSS_PSS_SHA512}};
    /* names to NIDs through the static table (no provider fetch per handshake) */
    const EVP_MD *m = EVP_get_digestbyname(md), *g = EVP_get_digestbyname(mgf);
    uint16_t r = TLS_PSS_NO_SCHEME;
    for (size_t i = 0; m != NULL && g != NULL && i < sizeof(k) / sizeof(k[0]); i++)
        if (EVP_MD_get_type(m) == k[i].nid && EVP_MD_get_type(g) == k[i].nid && salt <= k[i].len) r = k[i].scheme;
    return r;
}

static enum tls_keytype keytype_of(EVP_PKEY *pk) {
    if (pk == NULL) return KEY_NONE;
    if (key_is(pk, EVP_PKEY_RSA_PSS, "RSA-PSS")) return KEY_RSA_PSS;
    if (key_is(pk, EVP_PKEY_RSA, "RSA")) return KEY_RSA;
    if (key_is(pk, EVP_PKEY_EC, "EC")) {
        char name[64];
        size_t n = 0;
        if (!EVP_PKEY_get_group_name(pk, name, sizeof(name), &n)) return KEY_NONE;
        if (strcmp(name, "prime256v1") == 0 || strcmp(name, "P-256") == 0) return KEY_EC_P256;
        if (strcmp(name, "secp384r1") == 0 || strcmp(name, "P-384") == 0) return KEY_EC_P384;
        if (strcmp(name, "secp521r1") == 0 || strcmp(name, "P-521") == 0) return KEY_EC_P521;
    }
    return KEY_NONE;
}

static size_t ec_field_len(enum tls_keytype kt) {
    return kt == KEY_EC_P256 ? 32 : kt == KEY_EC_P384 ? 48 : kt == KEY_EC_P521 ? 66 : 0;
}

X509_STORE *tls_store_load(const char *cafile) {
    X509_STORE *s = X509_STORE_new();
    if (s == NULL) return NULL;
    int ok = cafile ? X509_STORE_load_file(s, cafile) : X509_STORE_set_default_paths(s);
    if (!ok) {
        X509_STORE_free(s);
        return NULL;
    }
    return s;
}

void tls_identity_free(NCRYPT_PROV_HANDLE prov, struct tls_identity *id) {
    (void)prov;
    if (id == NULL) return;
    for (size_t i = 0; i < id->n; i++)
        OPENSSL_free(id->der[i]);
    free(id->der);
    free(id->der_len);
    X509_free(id->leaf);
    if (id->key) (void)SslFreeObject(id->key, 0);
    free(id);
}

struct tls_identity *tls_identity_load(NCRYPT_PROV_HANDLE prov, const char *cert_file, const char *key_file, char *err,
                                       size_t errlen) {
    struct tls_identity *id = calloc(1, sizeof(*id));
    FILE *f = fopen(cert_file, "r");
    X509 *x = NULL;
    if (id == NULL || f == NULL) {
        snprintf(err, errlen, "cannot open certificate file %s: %s", cert_file, strerror(errno));
        goto fail;
    }
    while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
        uint8_t *der = NULL;
        int n = i2d_X509(x, &der);
        if (n <= 0) {
            X509_free(x);
            snprintf(err, errlen, "cannot encode certificate");
            goto fail;
        }
        id->der = realloc(id->der, (id->n + 1) * sizeof(*id->der));
        id->der_len = realloc(id->der_len, (id->n + 1) * sizeof(*id->der_len));
        id->der[id->n] = der;
        id->der_len[id->n] = (size_t)n;
        id->n++;
        if (id->leaf == NULL)
            id->leaf = x;
        else
            X509_free(x);
    }
    ERR_clear_error();
    fclose(f);
    f = NULL;
    if (id->n == 0) {
        snprintf(err, errlen, "no certificate in %s", cert_file);
        goto fail;
    }
    id->keytype = keytype_of(X509_get0_pubkey(id->leaf));
    if (id->keytype == KEY_NONE) {
        snprintf(err, errlen, "unsupported certificate key type");
        goto fail;
    }
    id->pss_scheme = tls_pss_restriction(X509_get0_pubkey(id->leaf));
    if (id->pss_scheme == TLS_PSS_NO_SCHEME) {
        snprintf(err, errlen, "the certificate's RSASSA-PSS parameters allow no TLS signature scheme");
        goto fail;
    }
    /* The provider finds the private key of a certificate through SSLPROV_KEY_PATH
     * (kex branch); the CLI points it at --key. */
    if (key_file != NULL) setenv("SSLPROV_KEY_PATH", key_file, 1);
    CERT_CONTEXT cc = {X509_ASN_ENCODING, id->der[0], (DWORD)id->der_len[0], NULL, NULL};
    SECURITY_STATUS st = SslOpenPrivateKey(prov, &id->key, &cc, 0);
    if (st != 0) {
        snprintf(err, errlen, "SslOpenPrivateKey failed: %s (0x%08x)", tls_status_name(st), (unsigned)st);
        goto fail;
    }
    return id;
fail:
    if (f) fclose(f);
    tls_identity_free(prov, id);
    return NULL;
}

/* One DER element of the expected tag at *p (definite length, at most 3
 * length bytes): its contents in *v / *vl, *p and *len moved past it. */
static bool der_take(const uint8_t **p, size_t *len, uint8_t tag, const uint8_t **v, size_t *vl) {
    const uint8_t *q = *p;
    size_t n = *len, l;
    if (n < 2 || q[0] != tag) return false;
    if (q[1] < 0x80) {
        l = q[1], q += 2, n -= 2;
    } else {
        size_t k = q[1] & 0x7f;
        if (k == 0 || k > 3 || n < 2 + k) return false;
        l = 0;
        for (size_t i = 0; i < k; i++)
            l = l << 8 | q[2 + i];
        q += 2 + k, n -= 2 + k;
    }
    if (l > n) return false;
    *v = q, *vl = l, *p = q + l, *len = n - l;
    return true;
}

/* A positive DER INTEGER's magnitude, without its leading zero bytes. */
static bool der_uint(const uint8_t **p, size_t *len, const uint8_t **v, size_t *vl) {
    if (!der_take(p, len, 0x02, v, vl) || *vl == 0 || (**v & 0x80)) return false;
    while (*vl > 1 && **v == 0)
        (*v)++, (*vl)--;
    return true;
}

/* The peer's certificate public key as a provider key.  The blob is built from
 * the subjectPublicKey BIT STRING d2i_X509 has already checked (RSAPublicKey
 * for RSA and RSASSA-PSS, RFC 8017 A.1.1; the uncompressed point for EC, RFC
 * 5480 2.2): reading n and e back out of the EVP_PKEY costs two provider
 * parameter exports per handshake (issue #16 item 4, a tenth of a client's
 * TLS 1.2 handshake apart from the certificate parse). */
static int import_peer_key(struct tls_conn *c) {
    EVP_PKEY *pk = X509_get0_pubkey(c->peer_cert);
    const ASN1_BIT_STRING *bits = X509_get0_pubkey_bitstr(c->peer_cert);
    c->peer_keytype = keytype_of(pk);
    c->peer_pss_scheme = tls_pss_restriction(pk);
    uint8_t blob[2048];
    size_t bl = 0;
    LPCWSTR type;
    if (bits == NULL) return tls_fail(c, ALERT_BAD_CERTIFICATE, "no public key");
    const uint8_t *key = ASN1_STRING_get0_data(bits);
    size_t key_len = (size_t)ASN1_STRING_length(bits);
    if (c->peer_keytype == KEY_RSA || c->peer_keytype == KEY_RSA_PSS) {
        /* an RSASSA-PSS key imports as its (n, e); tls_sigalg_ok_for keeps it to rsa_pss_pss_* */
        const uint8_t *seq, *n, *e;
        size_t seq_len, nl, el;
        if (!der_take(&key, &key_len, 0x30, &seq, &seq_len) || key_len != 0 || !der_uint(&seq, &seq_len, &n, &nl) ||
            !der_uint(&seq, &seq_len, &e, &el) || seq_len != 0)
            return tls_fail(c, ALERT_BAD_CERTIFICATE, "cannot read RSA key");
        if (sizeof(BCRYPT_RSAKEY_BLOB) + nl + el > sizeof(blob))
            return tls_fail(c, ALERT_UNSUPPORTED_CERTIFICATE, "RSA key too large");
        unsigned top = 0; /* BitLength: the bits of n's leading byte */
        for (unsigned v = n[0]; v != 0; v >>= 1)
            top++;
        BCRYPT_RSAKEY_BLOB h = {BCRYPT_RSAPUBLIC_MAGIC, (ULONG)(8 * (nl - 1) + top), (ULONG)el, (ULONG)nl, 0, 0};
        memcpy(blob, &h, sizeof(h));
        memcpy(blob + sizeof(h), e, el);
        memcpy(blob + sizeof(h) + el, n, nl);
        bl = sizeof(h) + nl + el;
        type = BCRYPT_RSAPUBLIC_BLOB;
    } else if (c->peer_keytype != KEY_NONE) {
        size_t fl = ec_field_len(c->peer_keytype);
        uint8_t pt[1 + 2 * 66];
        if (key_len > 0 && key[0] != 4) { /* a compressed point (RFC 5480 2.2 allows it): libcrypto expands it */
            if (!EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pt, sizeof(pt), &key_len))
                return tls_fail(c, ALERT_BAD_CERTIFICATE, "cannot read EC key");
            key = pt;
        }
        if (key_len != 1 + 2 * fl || key[0] != 4) return tls_fail(c, ALERT_BAD_CERTIFICATE, "cannot read EC key");
        ULONG magic = c->peer_keytype == KEY_EC_P256   ? BCRYPT_ECDSA_PUBLIC_P256_MAGIC
                      : c->peer_keytype == KEY_EC_P384 ? BCRYPT_ECDSA_PUBLIC_P384_MAGIC
                                                       : BCRYPT_ECDSA_PUBLIC_P521_MAGIC;
        BCRYPT_ECCKEY_BLOB h = {magic, (ULONG)fl};
        memcpy(blob, &h, sizeof(h));
        memcpy(blob + sizeof(h), key + 1, 2 * fl);
        bl = sizeof(h) + 2 * fl;
        type = BCRYPT_ECCPUBLIC_BLOB;
    } else {
        return tls_fail(c, ALERT_UNSUPPORTED_CERTIFICATE, "unsupported peer key type");
    }
    tls_free_key(c, &c->peer_key);
    SECURITY_STATUS st = SSLCALL(c, SslImportKey, c->cfg->prov, &c->peer_key, type, blob, (DWORD)bl, 0);
    if (st != 0)
        return tls_fail(c, ALERT_UNSUPPORTED_CERTIFICATE, "SslImportKey(peer key) failed: %s", tls_status_name(st));
    return 0;
}

int tls_parse_certificate(struct tls_conn *c, const uint8_t *body, size_t len, bool tls13) {
    struct tls_rd r, list;
    tls_rd_init(&r, body, len);
    if (tls13) {
        struct tls_rd ctx;
        if (!tls_rd_vec(&r, 1, &ctx)) return tls_fail(c, ALERT_DECODE_ERROR, "bad Certificate");
    }
    if (!tls_rd_vec(&r, 3, &list) || !tls_rd_done(&r)) return tls_fail(c, ALERT_DECODE_ERROR, "bad Certificate");
    sk_X509_pop_free(c->peer_chain, X509_free);
    c->peer_chain = sk_X509_new_null();
    X509_free(c->peer_cert);
    c->peer_cert = NULL;
    while (list.len > 0) {
        struct tls_rd cert, ext;
        if (!tls_rd_vec(&list, 3, &cert) || cert.len == 0)
            return tls_fail(c, ALERT_DECODE_ERROR, "bad certificate entry");
        if (tls13 && !tls_rd_vec(&list, 2, &ext)) return tls_fail(c, ALERT_DECODE_ERROR, "bad certificate extensions");
        const uint8_t *p = cert.p;
        X509 *x = d2i_X509(NULL, &p, (long)cert.len);
        if (x == NULL || p != cert.p + cert.len) {
            X509_free(x);
            return tls_fail(c, ALERT_BAD_CERTIFICATE, "unparsable certificate");
        }
        if (c->peer_cert == NULL)
            c->peer_cert = x;
        else
            sk_X509_push(c->peer_chain, x);
    }
    if (!list.ok) return tls_fail(c, ALERT_DECODE_ERROR, "bad Certificate");
    if (c->peer_cert == NULL) return 0; /* empty: caller decides */
    return import_peer_key(c);
}

int tls_verify_peer(struct tls_conn *c) {
    if (c->cfg->ca == NULL) return 0;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    if (ctx == NULL || !X509_STORE_CTX_init(ctx, c->cfg->ca, c->peer_cert, c->peer_chain)) {
        X509_STORE_CTX_free(ctx);
        return tls_fail(c, ALERT_INTERNAL_ERROR, "X509_STORE_CTX_init failed");
    }
    if (!c->cfg->server && c->cfg->servername != NULL) {
        X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
        /* An IP literal is checked against iPAddress SANs, a name against DNS
         * names.  An empty name would turn the host check off
         * (X509_VERIFY_PARAM_set1_host with "" clears it), and a failed
         * set1_host must not leave the chain verified without a name check. */
        if (X509_VERIFY_PARAM_set1_ip_asc(vp, c->cfg->servername) != 1 &&
            (c->cfg->servername[0] == 0 || X509_VERIFY_PARAM_set1_host(vp, c->cfg->servername, 0) != 1)) {
            X509_STORE_CTX_free(ctx);
            return tls_fail(c, ALERT_INTERNAL_ERROR, "cannot check the certificate against name '%s'",
                            c->cfg->servername);
        }
    }
    X509_STORE_CTX_set_purpose(ctx, c->cfg->server ? X509_PURPOSE_SSL_CLIENT : X509_PURPOSE_SSL_SERVER);
    int ok = X509_verify_cert(ctx);
    int e = X509_STORE_CTX_get_error(ctx);
    /* the certificate the check stopped at, for the error line */
    char subject[160] = "?", issuer[160] = "?";
    X509 *bad = X509_STORE_CTX_get_current_cert(ctx);
    if (bad == NULL) bad = c->peer_cert;
    if (ok != 1 && bad != NULL) {
        X509_NAME_oneline(X509_get_subject_name(bad), subject, sizeof(subject));
        X509_NAME_oneline(X509_get_issuer_name(bad), issuer, sizeof(issuer));
    }
    X509_STORE_CTX_free(ctx);
    if (ok != 1) {
        c->verify_failed = true;
        uint8_t alert = e == X509_V_ERR_CERT_HAS_EXPIRED    ? ALERT_CERTIFICATE_EXPIRED
                        : e == X509_V_ERR_HOSTNAME_MISMATCH ? ALERT_BAD_CERTIFICATE
                        : e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
                                e == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                                e == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
                            ? ALERT_UNKNOWN_CA
                            : ALERT_BAD_CERTIFICATE;
        return tls_fail(c, alert, "certificate verification failed: %s (subject %s, issuer %s)",
                        X509_verify_cert_error_string(e), subject, issuer);
    }
    c->peer_verified = true;
    return 0;
}

int tls_build_certificate(struct tls_conn *c, struct tls_wr *w, bool tls13, const uint8_t *ctx, size_t ctx_len) {
    struct tls_identity *id = c->cfg->id;
    tls_wr_u8(w, HS_CERTIFICATE);
    tls_wr_open(w, 3);
    if (tls13) {
        tls_wr_open(w, 1);
        tls_wr_bytes(w, ctx, ctx_len);
        tls_wr_close(w);
    }
    tls_wr_open(w, 3);
    for (size_t i = 0; id != NULL && i < id->n; i++) {
        tls_wr_open(w, 3);
        tls_wr_bytes(w, id->der[i], id->der_len[i]);
        tls_wr_close(w);
        if (tls13) tls_wr_u16(w, 0);
    }
    tls_wr_close(w);
    tls_wr_close(w);
    return w->ok ? 0 : tls_fail(c, ALERT_INTERNAL_ERROR, "Certificate encoding failed");
}

bool tls_sigalg_ok_for(uint16_t s, enum tls_keytype kt, uint16_t version) {
    bool tls13 = version == 0x0304;
    switch (s) {
    case SIG_ECDSA_SECP256R1_SHA256: return tls13 ? kt == KEY_EC_P256 : kt >= KEY_EC_P256;
    case SIG_ECDSA_SECP384R1_SHA384: return tls13 ? kt == KEY_EC_P384 : kt >= KEY_EC_P256;
    case SIG_ECDSA_SECP521R1_SHA512: return tls13 ? kt == KEY_EC_P521 : kt >= KEY_EC_P256;
    case SIG_ECDSA_SHA1: return !tls13 && kt >= KEY_EC_P256;
    case SIG_RSA_PSS_RSAE_SHA256:
    case SIG_RSA_PSS_RSAE_SHA384:
    case SIG_RSA_PSS_RSAE_SHA512: return kt == KEY_RSA;
    /* RFC 8446 4.2.3: rsa_pss_pss_* for keys with the RSASSA-PSS OID, in TLS 1.3 and 1.2 alike */
    case SIG_RSA_PSS_PSS_SHA256:
    case SIG_RSA_PSS_PSS_SHA384:
    case SIG_RSA_PSS_PSS_SHA512: return kt == KEY_RSA_PSS;
    case SIG_RSA_PKCS1_SHA256:
    case SIG_RSA_PKCS1_SHA384:
    case SIG_RSA_PKCS1_SHA512:
    case SIG_RSA_PKCS1_SHA1: return !tls13 && kt == KEY_RSA;
    default: return false;
    }
}

uint16_t tls_choose_sigalg(struct tls_conn *c, enum tls_keytype kt, const uint16_t *peer, size_t n) {
    if (kt == KEY_RSA_PSS && (c->version < 0x0303 || n == 0)) return 0; /* no PSS without signature_algorithms */
    if (c->version < 0x0303) return kt == KEY_RSA ? SIG_RSA_MD5SHA1 : SIG_ECDSA_SHA1;
    if (n == 0) return kt == KEY_RSA ? SIG_RSA_PKCS1_SHA1 : SIG_ECDSA_SHA1; /* RFC 5246 7.4.1.4.1 default */
    static const uint16_t pref[] = {SIG_ECDSA_SECP256R1_SHA256, SIG_ECDSA_SECP384R1_SHA384,
                                    SIG_ECDSA_SECP521R1_SHA512, SIG_RSA_PSS_RSAE_SHA256,
                                    SIG_RSA_PSS_PSS_SHA256,     SIG_RSA_PKCS1_SHA256,
                                    SIG_RSA_PSS_RSAE_SHA384,    SIG_RSA_PSS_PSS_SHA384,
                                    SIG_RSA_PKCS1_SHA384,       SIG_RSA_PSS_RSAE_SHA512,
                                    SIG_RSA_PSS_PSS_SHA512,     SIG_RSA_PKCS1_SHA512,
                                    SIG_RSA_PKCS1_SHA1,         SIG_ECDSA_SHA1};
    const uint16_t pss = kt == KEY_RSA_PSS && c->cfg->id != NULL ? c->cfg->id->pss_scheme : 0;
    for (size_t i = 0; i < sizeof(pref) / sizeof(pref[0]); i++) {
        if (!tls_sigalg_ok_for(pref[i], kt, c->version) || !tls_pss_allows(pss, pref[i])) continue;
        for (size_t j = 0; j < n; j++)
            if (peer[j] == pref[i]) return pref[i];
    }
    return 0;
}

static uint16_t scheme_hash_len(uint16_t s) {
    switch (s) {
    case SIG_RSA_MD5SHA1: return 36;
    case SIG_RSA_PKCS1_SHA1:
    case SIG_ECDSA_SHA1: return 20;
    case SIG_RSA_PKCS1_SHA256:
    case SIG_ECDSA_SECP256R1_SHA256:
    case SIG_RSA_PSS_RSAE_SHA256:
    case SIG_RSA_PSS_PSS_SHA256: return 32;
    case SIG_RSA_PKCS1_SHA384:
    case SIG_ECDSA_SECP384R1_SHA384:
    case SIG_RSA_PSS_RSAE_SHA384:
    case SIG_RSA_PSS_PSS_SHA384: return 48;
    default: return 64;
    }
}

static bool scheme_is_ecdsa(uint16_t s) { return (s & 0xff) == 3; }

/* The pbHashValue / dwFlags pair for SslSignHash and SslVerifySignature:
 * ECDSA the bare hash; TLS 1.2 RSA PKCS#1 v1.5 INCLUDE_HASHOID with the UTF-16
 * CNG hash name (NUL included) before the hash; RSA-PSS USE_PSS_PADDING with the
 * same layout; TLS 1.0/1.1 RSA the 36-byte MD5||SHA-1 without a flag. */
static int sign_input(struct tls_conn *c, uint16_t s, const uint8_t *data, size_t len, uint8_t *in, size_t *in_len,
                      DWORD *flags) {
    uint8_t d[64];
    size_t dl = 0;
    uint16_t hl = scheme_hash_len(s);
    if (tls_digest(c, hl, data, len, d, &dl) != 0) return -1;
    *flags = 0;
    size_t o = 0;
    if (!scheme_is_ecdsa(s) && s != SIG_RSA_MD5SHA1) {
        LPCWSTR name = hl == 20   ? BCRYPT_SHA1_ALGORITHM
                       : hl == 32 ? BCRYPT_SHA256_ALGORITHM
                       : hl == 48 ? BCRYPT_SHA384_ALGORITHM
                                  : BCRYPT_SHA512_ALGORITHM;
        size_t nl = 0;
        while (name[nl] != 0)
            nl++;
        memcpy(in, name, 2 * (nl + 1));
        o = 2 * (nl + 1);
        *flags = (s >> 8) == 0x08 ? NCRYPT_SSL_SIGN_USE_PSS_PADDING : NCRYPT_SSL_SIGN_INCLUDE_HASHOID;
    }
    memcpy(in + o, d, dl);
    *in_len = o + dl;
    return 0;
}

/* DER INTEGER from a big-endian unsigned value. */
static void der_int(struct tls_wr *w, const uint8_t *v, size_t n) {
    while (n > 1 && v[0] == 0)
        v++, n--;
    bool pad = v[0] & 0x80;
    tls_wr_u8(w, 0x02);
    tls_wr_u8(w, (uint8_t)(n + pad));
    if (pad) tls_wr_u8(w, 0);
    tls_wr_bytes(w, v, n);
}

static bool der_read_int(struct tls_rd *r, uint8_t *out, size_t fl) {
    uint8_t tag = 0, l = 0;
    const uint8_t *p;
    if (!tls_rd_u8(r, &tag) || tag != 0x02 || !tls_rd_u8(r, &l) || l == 0 || l > 0x7f || !tls_rd_bytes(r, l, &p))
        return false;
    while (l > 0 && p[0] == 0)
        p++, l--;
    if (l > fl) return false;
    memset(out, 0, fl - l);
    memcpy(out + fl - l, p, l);
    return true;
}

int tls_sign(struct tls_conn *c, uint16_t s, const uint8_t *data, size_t len, struct tls_wr *out) {
    uint8_t in[200], sig[1024];
    size_t il = 0;
    DWORD flags = 0, cb = 0;
    if (sign_input(c, s, data, len, in, &il, &flags) != 0) return -1;
    SECURITY_STATUS st =
        SSLCALL(c, SslSignHash, c->cfg->prov, c->cfg->id->key, in, (DWORD)il, sig, (DWORD)sizeof(sig), &cb, flags);
    if (st != 0) return tls_fail(c, ALERT_INTERNAL_ERROR, "SslSignHash failed: %s", tls_status_name(st));
    tls_wr_open(out, 2);
    if (scheme_is_ecdsa(s)) {
        size_t fl = cb / 2;
        struct tls_wr seq;
        tls_wr_init(&seq);
        der_int(&seq, sig, fl);
        der_int(&seq, sig + fl, fl);
        tls_wr_u8(out, 0x30);
        if (seq.len >= 128) tls_wr_u8(out, 0x81);
        tls_wr_u8(out, (uint8_t)seq.len);
        tls_wr_bytes(out, seq.p, seq.len);
        tls_wr_free(&seq);
    } else {
        tls_wr_bytes(out, sig, cb);
    }
    tls_wr_close(out);
    return 0;
}

int tls_verify(struct tls_conn *c, uint16_t s, const uint8_t *data, size_t len, const uint8_t *sig, size_t sig_len) {
    uint8_t in[200], raw[140];
    size_t il = 0;
    DWORD flags = 0;
    if (!tls_sigalg_ok_for(s, c->peer_keytype, c->version == 0x0304 ? 0x0304 : 0x0303) && s != SIG_RSA_MD5SHA1)
        return tls_fail(c, ALERT_ILLEGAL_PARAMETER, "signature scheme 0x%04x does not fit the certificate", s);
    /* RFC 4055 3.1: a key restricted to one hash and salt signs only with them */
    if (c->peer_keytype == KEY_RSA_PSS && !tls_pss_allows(c->peer_pss_scheme, s))
        return tls_fail(c, ALERT_ILLEGAL_PARAMETER,
                        "signature scheme 0x%04x is outside the certificate's RSASSA-PSS parameters", s);
    if (sign_input(c, s, data, len, in, &il, &flags) != 0) return -1;
    const uint8_t *sp = sig;
    size_t sl = sig_len;
    if (scheme_is_ecdsa(s)) {
        size_t fl = ec_field_len(c->peer_keytype);
        struct tls_rd r, seq;
        uint8_t tag = 0, l = 0;
        tls_rd_init(&r, sig, sig_len);
        bool ok = tls_rd_u8(&r, &tag) && tag == 0x30 && tls_rd_u8(&r, &l);
        if (ok && l == 0x81) ok = tls_rd_u8(&r, &l);
        const uint8_t *body = NULL;
        ok = ok && tls_rd_bytes(&r, l, &body) && tls_rd_done(&r);
        if (ok) {
            tls_rd_init(&seq, body, l);
            ok = der_read_int(&seq, raw, fl) && der_read_int(&seq, raw + fl, fl) && tls_rd_done(&seq);
        }
        if (!ok) return tls_fail(c, ALERT_DECODE_ERROR, "bad ECDSA signature encoding");
        sp = raw;
        sl = 2 * fl;
    }
    SECURITY_STATUS st =
        SSLCALL(c, SslVerifySignature, c->cfg->prov, c->peer_key, in, (DWORD)il, (PBYTE)sp, (DWORD)sl, flags);
    if (st != 0) return tls_fail(c, ALERT_DECRYPT_ERROR, "signature verification failed: %s", tls_status_name(st));
    return 0;
}
