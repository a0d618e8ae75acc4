/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record.c - record protection keys and the public SslEncryptPacket /
 * SslDecryptPacket: argument checks, record header (TLS 5 bytes, DTLS 13
 * bytes), buffer layout and locking.  The cryptography is per mode in
 * record_cbc.c (MAC-then-encrypt), record_aead.c (TLS 1.2 AEAD, TLS 1.3) and
 * record_mac.c (HMAC / SSL 3.0 MAC, constant-time MAC).
 */
#include "internal.h"
#include "record_int.h"

#include <openssl/provider.h>
#include <sched.h>

/* ------------------------------------------------------------------------ */
/* Ciphers: fetched once per process                                         */
/* ------------------------------------------------------------------------ */

static pthread_once_t g_fetch_once = PTHREAD_ONCE_INIT;
static pthread_once_t g_legacy_once = PTHREAD_ONCE_INIT;
static EVP_CIPHER *g_ciphers[SP_CIPHER_COUNT];
static OSSL_LIB_CTX *g_legacy_ctx; /* private: loading "legacy" must not change the default context */

static void fetch_default(void) {
    for (int c = 0; c < SP_CIPHER_COUNT; c++) {
        const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)c);
        if (ci->ossl_name != NULL && !(c >= SP_CIPHER_RC4_40 && c <= SP_CIPHER_DES))
            g_ciphers[c] = EVP_CIPHER_fetch(NULL, ci->ossl_name, NULL);
    }
}

/* RC4 and DES live in OpenSSL's legacy provider: load it at run time into a
 * private library context; if it cannot be loaded the suites are
 * NTE_NOT_SUPPORTED. */
static void fetch_legacy(void) {
    g_legacy_ctx = OSSL_LIB_CTX_new();
    if (g_legacy_ctx == NULL) return;
    if (OSSL_PROVIDER_load(g_legacy_ctx, "legacy") == NULL || OSSL_PROVIDER_load(g_legacy_ctx, "default") == NULL)
        return;
    for (int c = SP_CIPHER_RC4_40; c <= SP_CIPHER_DES; c++)
        g_ciphers[c] = EVP_CIPHER_fetch(g_legacy_ctx, sp_cipher_info((enum sp_cipher)c)->ossl_name, NULL);
}

static const EVP_CIPHER *cipher_for(enum sp_cipher c) {
    pthread_once(&g_fetch_once, fetch_default);
    if (c >= SP_CIPHER_RC4_40 && c <= SP_CIPHER_DES) pthread_once(&g_legacy_once, fetch_legacy);
    return g_ciphers[c];
}

/* ------------------------------------------------------------------------ */
/* Keys                                                                      */
/* ------------------------------------------------------------------------ */

/* IVs come from the key block only for CBC in SSL 3.0 / TLS 1.0 (TLS 1.1+ and
 * DTLS send explicit IVs, RFC 4346 section 6.2.3.2), as the 4-byte implicit
 * salt for GCM/CCM (RFC 5288 section 3, RFC 6655 section 3), and as the 12-byte
 * IV for ChaCha20-Poly1305 (RFC 7905 section 2); TLS 1.3: RFC 8446 7.3. */
void sp_record_material_lengths(DWORD protocol, const struct sp_suite *s, struct sp_record_material *out) {
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)s->cipher);
    out->key = ci->key_len;
    if (protocol == TLS1_3_PROTOCOL_VERSION) {
        out->mac = 0, out->iv = 12;
        return;
    }
    out->mac = (uint8_t)sp_suite_mac_len(s);
    switch (ci->mode) {
    case SP_MODE_CBC: out->iv = sp_proto_has_explicit_iv(protocol) ? 0 : ci->fixed_iv_len; break;
    case SP_MODE_GCM:
    case SP_MODE_CCM:
    case SP_MODE_CHACHAPOLY: out->iv = ci->fixed_iv_len; break;
    default: out->iv = 0; break;
    }
}

static int proto_kind(DWORD protocol, const struct sp_cipher_info *ci) {
    if (protocol == TLS1_3_PROTOCOL_VERSION) return 3;
    return (ci->mode == SP_MODE_CBC || ci->mode == SP_MODE_STREAM) ? 1 : 2;
}

static SP_RESULT cipher_ctx(struct sp_record_key *k, const EVP_CIPHER *cipher, bool enc, EVP_CIPHER_CTX **out) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    EVP_CIPHER_CTX *c = *out = EVP_CIPHER_CTX_new();
    ENSURE(c != NULL, NTE_NO_MEMORY);
    GUARD_OSSL(EVP_CipherInit_ex(c, cipher, NULL, NULL, NULL, enc));
    if (ci->mode == SP_MODE_CCM) { /* nonce and tag length must precede the key */
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL));
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, ci->tag_len, NULL));
    }
    if (ci->mode == SP_MODE_STREAM) /* RC4: the key stream runs on across records */
        GUARD_OSSL(EVP_CIPHER_CTX_set_key_length(c, (int)ci->key_len));
    GUARD_OSSL(EVP_CipherInit_ex(c, NULL, NULL, sp_rk_key(k), NULL, enc));
    if (ci->mode == SP_MODE_CBC) GUARD_OSSL(EVP_CIPHER_CTX_set_padding(c, 0));
    return SP_OK;
}

/* The keyed cipher context, built once on the key's first record (under its
 * lock).  Deferring it keeps SslGenerateSessionKeys at one allocation per key,
 * and a key that is never used (the far side of a failed handshake) costs no
 * cipher setup.  A TLS 1.3 key serves both directions with one context: GCM
 * and ChaCha20-Poly1305 key the same way for both, and every record sets its
 * nonce and direction (EVP_CipherInit_ex without a key).  libcrypto's CCM
 * chooses its bulk function by direction when keyed, so a TLS 1.3 CCM key is
 * keyed again when its direction changes (never on a connection, which uses
 * each key one way). */
SP_RESULT sp_rec_prepare(struct sp_record_key *k, bool enc) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    if (k->protocol != TLS1_3_PROTOCOL_VERSION) enc = sp_rk_for_write(k);
    if (k->state & SP_RS_READY) {
        if (ci->mode != SP_MODE_CCM || enc == !(k->state & SP_RS_DECRYPT)) return SP_OK;
        GUARD_OSSL(EVP_CipherInit_ex(k->cctx, NULL, NULL, sp_rk_key(k), NULL, enc));
    } else if (ci->ossl_name != NULL) { /* the NULL cipher: the MAC is all there is */
        const EVP_CIPHER *cipher = cipher_for((enum sp_cipher)sp_rk_suite(k)->cipher);
        ENSURE(cipher != NULL, NTE_NOT_SUPPORTED);
        sp_result r = cipher_ctx(k, cipher, enc, &k->cctx);
        if (!SP_IS_OK(r)) {
            EVP_CIPHER_CTX_free(k->cctx);
            k->cctx = NULL;
            return r;
        }
    }
    k->state = (uint8_t)((k->state & ~SP_RS_DECRYPT) | SP_RS_READY | (enc ? 0 : SP_RS_DECRYPT));
    return SP_OK;
}

/* Object size for (protocol, suite, for_write) and the offset of key || iv in
 * the tail (struct sp_record_key). */
static size_t key_layout(DWORD protocol, const struct sp_suite *suite, bool for_write, uint8_t *flags, uint16_t *off) {
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)suite->cipher);
    struct sp_record_material l;
    sp_record_material_lengths(protocol, suite, &l);
    const int kind = proto_kind(protocol, ci);
    const size_t base = offsetof(struct sp_record_key, tail);
    size_t o = 0;
    *flags = (uint8_t)(kind << SP_RK_KIND_SHIFT);
    if (kind == 2 && ci->mode == SP_MODE_GCM && for_write) {
        *flags |= SP_RK_SEQ;
        o = 8;
    } else if (kind == 1) {
        *flags |= SP_RK_MTE;
        o = SP_RK_MTE_OFF + sizeof(struct sp_rec_mte);
    }
    *off = (uint16_t)o;
    return base + o + l.key + l.iv;
}

void sp_record_key_destroy(struct sp_object *o) {
    struct sp_record_key *k = (struct sp_record_key *)o;
    struct sp_record_material l;
    sp_rk_lengths(k, &l);
    EVP_CIPHER_CTX_free(k->cctx); /* wipes itself */
    if (k->flags & SP_RK_MTE) {
        struct sp_rec_mte *m = sp_rk_mte(k);
        sp_mac_clear(&m->mac);
        if (k->state & SP_RS_TEST_IV) SP_WIPE_BUF(m->test_iv);
    }
    sp_wipe(sp_rk_key(k), (size_t)l.key + l.iv);
    OPENSSL_free(k);
}

SP_RESULT sp_record_key_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD owner,
                            bool for_write, const uint8_t *mac_key, size_t mac_len, const uint8_t *key, size_t key_len,
                            const uint8_t *iv, size_t iv_len, struct sp_record_key **out) {
    sp_result res = SP_OK;
    struct sp_record_key *k = NULL;
    struct sp_record_material l;
    uint8_t flags;
    uint16_t off;
    ENSURE(suite != NULL && out != NULL, NTE_INTERNAL_ERROR);
    ENSURE((suite->protocols & sp_proto_bit_of(protocol)) != 0 && (suite->flags & (SP_SF_EXPORT | SP_SF_SSL2)) == 0,
           NTE_NOT_SUPPORTED);
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)suite->cipher);
    sp_record_material_lengths(protocol, suite, &l);
    ENSURE(mac_len == l.mac && key_len == l.key && iv_len == l.iv, NTE_INVALID_PARAMETER);
    if (protocol == TLS1_3_PROTOCOL_VERSION)
        ENSURE(ci->mode == SP_MODE_GCM || ci->mode == SP_MODE_CCM || ci->mode == SP_MODE_CHACHAPOLY,
               NTE_INVALID_PARAMETER);
    /* Refuse now what can never work (RC4/DES without the legacy provider, a
     * MAC libcrypto lacks); the keyed context itself is built on the first
     * record. */
    if (ci->ossl_name != NULL) ENSURE(cipher_for((enum sp_cipher)suite->cipher) != NULL, NTE_NOT_SUPPORTED);
    if (proto_kind(protocol, ci) == 1) ENSURE(sp_md((enum sp_hash)suite->mac) != NULL, NTE_NOT_SUPPORTED);
    size_t size = key_layout(protocol, suite, for_write, &flags, &off);
    k = sp_zalloc(size);
    ENSURE(k != NULL, NTE_NO_MEMORY);
    sp_object_init(&k->obj, SP_OBJ_RECORD, prov);
    k->protocol = (uint16_t)protocol;
    k->suite = (uint8_t)sp_suite_index(suite);
    k->flags = (uint8_t)(flags | (for_write ? SP_RK_WRITE : 0) | (owner == NCRYPT_SSL_SERVER_FLAG ? SP_RK_SERVER : 0));
    k->off = off;
    atomic_init(&k->busy, false);
    if (key_len) memcpy(sp_rk_key(k), key, key_len);
    if (iv_len) memcpy(sp_rk_key(k) + key_len, iv, iv_len);
    if (k->flags & SP_RK_MTE)
        TRY(sp_mac_init(&sp_rk_mte(k)->mac, (enum sp_hash)suite->mac, protocol == SSL3_PROTOCOL_VERSION, mac_key,
                        mac_len));
    *out = k;
    k = NULL;
cleanup:
    sp_object_unref(k ? &k->obj : NULL); /* wipes a partly keyed MAC */
    return res;
}

void sp_record_key_material(struct sp_record_key *k, uint8_t *out, struct sp_record_material *l) {
    sp_rk_lengths(k, l);
    sp_record_lock(k); /* the TLS 1.0 chained IV moves with each record */
    if (l->mac) memcpy(out, sp_rk_mte(k)->mac.key, l->mac);
    memcpy(out + l->mac, sp_rk_key(k), (size_t)l->key + l->iv);
    sp_record_unlock(k);
}

/* The key's spinlock (test-and-test-and-set): exchange with acquire, release
 * with a plain release store (C11 7.17.3), so the state written under it is
 * published to the next holder.  Waiters spin on a plain load (no cache-line
 * ping-pong) with a CPU pause, then yield: on a busy 2-core machine the holder
 * may be descheduled. */
static void rec_lock(struct sp_record_key *k) {
    unsigned spins = 0;
    while (atomic_exchange_explicit(&k->busy, true, memory_order_acquire)) {
        while (atomic_load_explicit(&k->busy, memory_order_relaxed)) {
            if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
                __builtin_ia32_pause();
#endif
            } else {
                sched_yield();
            }
        }
    }
}

static void rec_unlock(struct sp_record_key *k) { atomic_store_explicit(&k->busy, false, memory_order_release); }

void sp_record_lock(struct sp_record_key *k) { rec_lock(k); }

void sp_record_unlock(struct sp_record_key *k) { rec_unlock(k); }

SP_RESULT sp_record_test_set_explicit_iv(struct sp_record_key *k, const uint8_t *iv, size_t len) {
    ENSURE((k->flags & SP_RK_MTE) != 0 && len == sp_rk_ci(k)->block_len && len <= SP_RECORD_MAX_IV,
           NTE_INVALID_PARAMETER);
    rec_lock(k);
    memcpy(sp_rk_mte(k)->test_iv, iv, len);
    k->state |= SP_RS_TEST_IV;
    rec_unlock(k);
    return SP_OK;
}

/* ------------------------------------------------------------------------ */
/* Layout                                                                    */
/* ------------------------------------------------------------------------ */

static uint16_t wire_version(DWORD protocol) {
    return protocol == TLS1_3_PROTOCOL_VERSION ? 0x0303 : (uint16_t)protocol; /* RFC 8446 5.1 legacy version */
}

static bool overlaps(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
    uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
    return alen && blen && x < y + blen && y < x + alen;
}

/* Protected payload length for n plaintext bytes (without the record header). */
static size_t sealed_len(const struct sp_cipher_info *ci, const struct sp_record_lengths *rl, size_t hdr, size_t n) {
    size_t len = (rl->header - hdr) + n + rl->trailer;
    if (rl->block_padding) len += ci->block_len - (n + rl->trailer) % ci->block_len;
    return len;
}

static SP_RESULT encrypt_packet(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hKey, PBYTE in, DWORD n, PBYTE out,
                                DWORD cap, DWORD *pcb, ULONGLONG seq, DWORD type, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_object *obj = NULL;
    static uint8_t empty[1];

    /* The provider object itself is not needed here: validate its handle
     * (a read-only check, as for every provider argument). */
    TRY(sp_handle_check(hProv, SP_T(SP_OBJ_PROVIDER)));
    CHECK(pcb != NULL, NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(sp_handle_get(hKey, SP_T(SP_OBJ_RECORD), &obj));
    struct sp_record_key *k = (struct sp_record_key *)obj;
    CHECK(in != NULL || n == 0, NTE_INVALID_PARAMETER);
    CHECK(k->protocol == TLS1_3_PROTOCOL_VERSION || sp_rk_for_write(k), NTE_INVALID_HANDLE);
    /* 24 (heartbeat, RFC 6520) may be written, as on Windows, which writes
     * whatever byte it is given; sslprov keeps refusing other values (a
     * record type no peer accepts). */
    CHECK(type >= CT_CHANGE_CIPHER_SPEC && type <= SP_CT_HEARTBEAT, NTE_INVALID_PARAMETER);
    const bool tls13 = k->protocol == TLS1_3_PROTOCOL_VERSION;
    if (tls13) /* TLSInnerPlaintext: 1 .. 2^14 + 1 bytes (RFC 8446 5.2), as Windows checks */
        CHECK(n >= 1 && n <= SP_REC_MAX_PLAIN + 1, NTE_INVALID_PARAMETER);
    else
        CHECK(n <= SP_REC_MAX_PLAIN, NTE_BAD_LEN);
    if (in == NULL) in = empty;

    const struct sp_suite *suite = sp_rk_suite(k);
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)suite->cipher);
    struct sp_record_lengths rl;
    sp_record_overhead(k->protocol, suite, &rl);
    const bool dtls = sp_proto_is_dtls(k->protocol);
    const size_t hdr = dtls ? 13 : 5;
    const size_t body = sealed_len(ci, &rl, hdr, n);
    const size_t total = hdr + body;
    *pcb = (DWORD)total;
    if (out == NULL) goto cleanup;
    CHECK(cap >= total, NTE_BUFFER_TOO_SMALL);
    /* In place: pbInput == pbOutput + record header + dwHeaderLen, or (as
     * Windows accepts for TLS 1.2) pbOutput + record header only: the
     * plaintext is then moved up past the explicit IV / nonce first. */
    CHECK(!overlaps(in, n, out, total) || in == out + rl.header || in == out + hdr, NTE_BUFFERS_OVERLAP);
    if (in == out + hdr && rl.header != hdr) {
        memmove(out + rl.header, in, n);
        in = out + rl.header;
    }

    /* Record header (RFC 5246 6.2.1, RFC 6347 4.1, RFC 8446 5.2); in TLS 1.3
     * dwContentType is the OUTER type (Schannel passes 23), as on Windows. */
    struct sp_rec_args a = {seq, (uint8_t)type, wire_version(k->protocol)};
    out[0] = (uint8_t)type;
    sp_be16(out + 1, a.version);
    if (dtls) sp_be64(out + 3, seq); /* epoch(16) || sequence_number(48) */
    sp_be16(out + hdr - 2, (uint32_t)body);

    rec_lock(k);
    res = sp_rec_prepare(k, true);
    if (SP_IS_OK(res)) switch (sp_rk_kind(k)) {
        case 1: res = sp_rec_cbc_seal(k, &a, in, n, out + hdr); break;
        case 2: res = sp_rec_aead_seal(k, &a, in, n, out + hdr); break;
        default: res = sp_rec_tls13_seal(k, &a, in, n, out + hdr); break;
        }
    rec_unlock(k);
    if (!SP_IS_OK(res)) *pcb = 0;
cleanup:
    sp_handle_put(obj);
    return res;
}

/* Public shape of a protected payload of m bytes; *bound = the largest
 * plaintext it can carry (what a size query returns). */
static SP_RESULT check_shape(const struct sp_record_key *k, const struct sp_cipher_info *ci,
                             const struct sp_record_lengths *rl, size_t hdr, size_t m, size_t *bound) {
    const size_t B = ci->block_len, ex = rl->header - hdr;
    switch (sp_rk_kind(k)) {
    case 3: /* tag + at least the inner type byte, as Windows requires */
        ENSURE(m <= SP_REC_MAX_CT13 && m >= rl->trailer + 1, NTE_BAD_DATA);
        *bound = m - ci->tag_len;
        return SP_OK;
    case 2:
        ENSURE(m <= SP_REC_MAX_CT12 && m >= ex + rl->trailer, NTE_BAD_DATA);
        *bound = m - ex - rl->trailer;
        return SP_OK;
    default:
        ENSURE(m <= SP_REC_MAX_CT12, NTE_BAD_DATA);
        if (ci->mode == SP_MODE_STREAM) {
            ENSURE(m >= rl->trailer, NTE_BAD_DATA);
            *bound = m - rl->trailer;
            return SP_OK;
        }
        /* RFC 5246 6.2.3.2: a whole number of blocks, at least MAC + 1 byte. */
        ENSURE(m >= ex && (m - ex) % B == 0 && m - ex >= rl->trailer + 1, NTE_BAD_DATA);
        *bound = m - ex - rl->trailer - 1;
        return SP_OK;
    }
}

static SP_RESULT decrypt_packet(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE hKey, PBYTE in, DWORD cb_in, PBYTE out,
                                DWORD cap, DWORD *pcb, ULONGLONG seq, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_object *obj = NULL;

    TRY(sp_handle_check(hProv, SP_T(SP_OBJ_PROVIDER))); /* as in encrypt_packet */
    CHECK(pcb != NULL, NTE_INVALID_PARAMETER);
    *pcb = 0;
    CHECK(flags == 0, NTE_BAD_FLAGS);
    TRY(sp_handle_get(hKey, SP_T(SP_OBJ_RECORD), &obj));
    struct sp_record_key *k = (struct sp_record_key *)obj;
    CHECK(in != NULL || cb_in == 0, NTE_INVALID_PARAMETER);
    CHECK(k->protocol == TLS1_3_PROTOCOL_VERSION || !sp_rk_for_write(k), NTE_INVALID_HANDLE);

    const struct sp_suite *suite = sp_rk_suite(k);
    const struct sp_cipher_info *ci = sp_cipher_info((enum sp_cipher)suite->cipher);
    struct sp_record_lengths rl;
    sp_record_overhead(k->protocol, suite, &rl);
    const bool dtls = sp_proto_is_dtls(k->protocol), tls13 = k->protocol == TLS1_3_PROTOCOL_VERSION;
    const size_t hdr = dtls ? 13 : 5;
    CHECK(cb_in >= hdr, NTE_BAD_DATA);
    const size_t m = cb_in - hdr;
    struct sp_rec_args a = {seq, in[0], (uint16_t)sp_get_be16(in + 1)};
    /* Header: type, version, (DTLS) epoch || sequence, length must all match. */
    if (tls13)
        CHECK(a.type == CT_APPLICATIONDATA, NTE_BAD_DATA);
    else
        CHECK(a.type >= CT_CHANGE_CIPHER_SPEC && a.type <= SP_CT_HEARTBEAT, NTE_BAD_DATA);
    CHECK(a.version == wire_version(k->protocol), NTE_BAD_DATA);
    if (dtls) {
        uint8_t s[8];
        sp_be64(s, seq);
        CHECK(memcmp(s, in + 3, 8) == 0, NTE_BAD_DATA);
    }
    CHECK(sp_get_be16(in + hdr - 2) == m, NTE_BAD_DATA);
    size_t bound, got = 0;
    TRY(check_shape(k, ci, &rl, hdr, m, &bound));
    *pcb = (DWORD)bound;
    if (out == NULL) goto cleanup;
    CHECK(cap >= bound, NTE_BUFFER_TOO_SMALL);
    *pcb = 0;
    /* In place: out == in + record header + dwHeaderLen (plaintext where the
     * ciphertext was), or out == in + record header only (as Windows
     * accepts), or out == in; the plaintext is moved after verification. */
    uint8_t *dst = out;
    if (overlaps(in, cb_in, out, bound)) {
        CHECK(out == in + rl.header || out == in + hdr || out == in, NTE_BUFFERS_OVERLAP);
        dst = in + rl.header;
    }
    rec_lock(k);
    res = sp_rec_prepare(k, false);
    if (SP_IS_OK(res)) switch (sp_rk_kind(k)) {
        case 1: res = sp_rec_cbc_open(k, &a, in + hdr, m, dst, &got); break;
        case 2: res = sp_rec_aead_open(k, &a, in + hdr, m, dst, &got); break;
        default: res = sp_rec_tls13_open(k, &a, in + hdr, m, dst, &got); break;
        }
    rec_unlock(k);
    if (SP_IS_OK(res)) {
        if (dst != out) memmove(out, dst, got);
        *pcb = (DWORD)got;
    }
cleanup:
    sp_handle_put(obj);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslEncryptPacket(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hKey,
                                                    PBYTE pbInput, DWORD cbInput, PBYTE pbOutput, DWORD cbOutput,
                                                    DWORD *pcbResult, ULONGLONG SequenceNumber, DWORD dwContentType,
                                                    DWORD dwFlags) {
    return sp_status(encrypt_packet(hSslProvider, hKey, pbInput, cbInput, pbOutput, cbOutput, pcbResult, SequenceNumber,
                                    dwContentType, dwFlags));
}

SSLPROV_API SECURITY_STATUS WINAPI SslDecryptPacket(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE hKey,
                                                    PBYTE pbInput, DWORD cbInput, PBYTE pbOutput, DWORD cbOutput,
                                                    DWORD *pcbResult, ULONGLONG SequenceNumber, DWORD dwFlags) {
    return sp_status(
        decrypt_packet(hSslProvider, hKey, pbInput, cbInput, pbOutput, cbOutput, pcbResult, SequenceNumber, dwFlags));
}
