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

/* A key and its state are one allocation (struct rec_block): one malloc and
 * one free per key.  Teardown wipes what can hold key material - the key-block
 * parts in the key and the keyed MAC states in the state (the test-only
 * explicit IV is wiped when used, record_cbc.c); the
 * cipher contexts wipe themselves in EVP_CIPHER_CTX_free - and frees the rest
 * (lengths, pointers, flags: not secret) without a full-block wipe. */
struct rec_block {
    struct sp_record_key k;
    struct sp_rec_state st;
};

#define KEY_MATERIAL_LEN (SP_RECORD_MAX_MAC + SP_RECORD_MAX_KEY + SP_RECORD_MAX_IV)
_Static_assert(offsetof(struct sp_record_key, key) == offsetof(struct sp_record_key, mac_key) + SP_RECORD_MAX_MAC &&
                   offsetof(struct sp_record_key, iv) == offsetof(struct sp_record_key, key) + SP_RECORD_MAX_KEY,
               "record key material must be contiguous for the one-wipe teardown");

static void state_free(struct sp_record_key *k) {
    struct sp_rec_state *st = k->impl;
    if (st == NULL) return;
    EVP_CIPHER_CTX_free(st->cctx);
    EVP_CIPHER_CTX_free(st->dctx);
    st->cctx = st->dctx = NULL;
    if (st->mac != NULL) {
        sp_mac_clear(st->mac);
        OPENSSL_free(st->mac);
        st->mac = NULL;
    }
    if (st->test_iv_set) SP_WIPE_BUF(st->test_iv);
    k->impl = NULL;
}

static SP_RESULT cipher_ctx(const struct sp_record_key *k, const EVP_CIPHER *cipher, bool enc, EVP_CIPHER_CTX **out) {
    const struct sp_cipher_info *ci = k->ci;
    EVP_CIPHER_CTX *c = *out = EVP_CIPHER_CTX_new();
    ENSURE(c != NULL, NTE_NO_MEMORY);
    GUARD_OSSL(EVP_CipherInit_ex(c, cipher, NULL, NULL, NULL, enc));
    if (ci->mode == SP_MODE_CCM) { /* nonce and tag length must precede the key */
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL));
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, ci->tag_len, NULL));
    }
    if (ci->mode == SP_MODE_STREAM) /* RC4: the key stream runs on across records */
        GUARD_OSSL(EVP_CIPHER_CTX_set_key_length(c, (int)k->key_len));
    GUARD_OSSL(EVP_CipherInit_ex(c, NULL, NULL, k->key, NULL, enc));
    return SP_OK;
}

static int proto_kind(const struct sp_record_key *k);

/* Everything a record needs is built here, once: keyed cipher context, MAC
 * states.  A record then allocates nothing. */
static SP_RESULT state_new(struct sp_record_key *k) {
    sp_result res = SP_OK;
    const struct sp_cipher_info *ci = k->ci;
    const bool tls13 = k->protocol == TLS1_3_PROTOCOL_VERSION;
    const bool aead = ci->mode == SP_MODE_GCM || ci->mode == SP_MODE_CCM || ci->mode == SP_MODE_CHACHAPOLY;
    struct sp_rec_state *st = &((struct rec_block *)k)->st;
    k->impl = st;
    k->impl_free = state_free;
    atomic_init(&st->busy, false); /* the key's lock (rec_lock) */
    sp_record_overhead(k->protocol, k->suite, &st->rl);
    st->kind = proto_kind(k);

    CHECK(k->key_len == ci->key_len, NTE_INVALID_PARAMETER);
    if (tls13) {
        CHECK(aead && k->iv_len == 12 && k->mac_len == 0, NTE_INVALID_PARAMETER);
    } else if (aead) {
        CHECK(k->iv_len == ci->fixed_iv_len && k->mac_len == 0, NTE_INVALID_PARAMETER);
    } else {
        CHECK(k->mac_len == sp_suite_mac_len(k->suite), NTE_INVALID_PARAMETER);
        if (ci->mode == SP_MODE_CBC && !sp_proto_has_explicit_iv(k->protocol))
            CHECK(k->iv_len == ci->block_len, NTE_INVALID_PARAMETER); /* the chained IV */
        /* The MAC's keyed states are built with the cipher contexts. */
        CHECK(sp_md((enum sp_hash)k->suite->mac) != NULL, NTE_NOT_SUPPORTED);
        st->has_mac = true;
    }
    if (ci->ossl_name == NULL) return SP_OK; /* NULL cipher */

    /* Refuse now what can never work (RC4/DES without the legacy provider);
     * the keyed contexts themselves are built on the first record. */
    CHECK(cipher_for((enum sp_cipher)k->suite->cipher) != NULL, NTE_NOT_SUPPORTED);
cleanup:
    return res;
}

/* The keyed cipher contexts and MAC states, built once on the
 * key's first record (under its lock).  Deferring them keeps
 * SslGenerateSessionKeys at 2 allocations per key, and a key that is never
 * used (the far side of a failed handshake) costs no cipher setup. */
SP_RESULT sp_rec_prepare(struct sp_record_key *k) {
    GUARD(sp_rec_prepare_dir(k, true));
    if (k->protocol == TLS1_3_PROTOCOL_VERSION) GUARD(sp_rec_prepare_dir(k, false));
    return SP_OK;
}

/* A TLS 1.3 key serves both directions, but a connection uses each of its
 * keys one way: the context of the other direction (as large as the key's
 * whole state) is built only if that direction is ever used. */
static SP_RESULT prepare_tls13_dir(struct sp_record_key *k, bool enc) {
    struct sp_rec_state *st = k->impl;
    EVP_CIPHER_CTX **slot = enc ? &st->cctx : &st->dctx;
    if (*slot != NULL) return SP_OK;
    const EVP_CIPHER *cipher = cipher_for((enum sp_cipher)k->suite->cipher);
    ENSURE(cipher != NULL, NTE_NOT_SUPPORTED);
    return cipher_ctx(k, cipher, enc, slot);
}

SP_RESULT sp_rec_prepare_dir(struct sp_record_key *k, bool enc) {
    struct sp_rec_state *st = k->impl;
    const struct sp_cipher_info *ci = k->ci;
    const bool tls13 = k->protocol == TLS1_3_PROTOCOL_VERSION;
    if (tls13) return prepare_tls13_dir(k, enc);
    enc = k->for_write; /* TLS <= 1.2 keys have one direction */
    if (st->ready) return SP_OK;
    if (st->has_mac && st->mac == NULL) {
        struct sp_mac *m = OPENSSL_malloc(sizeof(*m));
        ENSURE(m != NULL, NTE_NO_MEMORY);
        sp_result r =
            sp_mac_init(m, (enum sp_hash)k->suite->mac, k->protocol == SSL3_PROTOCOL_VERSION, k->mac_key, k->mac_len);
        if (!SP_IS_OK(r)) { /* wiped: a failed init may have keyed part of it */
            sp_mac_clear(m);
            OPENSSL_free(m);
            return r;
        }
        st->mac = m;
    }
    if (ci->ossl_name == NULL) { /* NULL cipher: the MAC is all there is */
        st->ready = true;
        return SP_OK;
    }
    const EVP_CIPHER *cipher = cipher_for((enum sp_cipher)k->suite->cipher);
    ENSURE(cipher != NULL, NTE_NOT_SUPPORTED);
    if (st->cctx == NULL) GUARD(cipher_ctx(k, cipher, enc, &st->cctx));
    if (ci->mode == SP_MODE_CBC) GUARD_OSSL(EVP_CIPHER_CTX_set_padding(st->cctx, 0));
    st->ready = true;
    return SP_OK;
}

static void record_key_destroy(struct sp_object *o) {
    struct sp_record_key *k = (struct sp_record_key *)o;
    if (k->impl_free != NULL) k->impl_free(k);
    sp_wipe(k->mac_key, KEY_MATERIAL_LEN); /* mac_key, key, iv: adjacent (asserted below) */
    OPENSSL_free(k);
}

SP_RESULT sp_record_key_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD owner,
                            bool for_write, const uint8_t *mac_key, size_t mac_len, const uint8_t *key, size_t key_len,
                            const uint8_t *iv, size_t iv_len, struct sp_record_key **out) {
    ENSURE(mac_len <= SP_RECORD_MAX_MAC && key_len <= SP_RECORD_MAX_KEY && iv_len <= SP_RECORD_MAX_IV,
           NTE_INTERNAL_ERROR);
    ENSURE(suite != NULL && out != NULL, NTE_INTERNAL_ERROR);
    ENSURE((suite->protocols & sp_proto_bit_of(protocol)) != 0 && (suite->flags & (SP_SF_EXPORT | SP_SF_SSL2)) == 0,
           NTE_NOT_SUPPORTED);
    /* zeroed up to the state's test IV buffer (see struct sp_rec_state) */
    struct rec_block *b =
        sp_zalloc_head(sizeof(*b), offsetof(struct rec_block, st) + offsetof(struct sp_rec_state, test_iv));
    ENSURE(b != NULL, NTE_NO_MEMORY);
    struct sp_record_key *k = &b->k;
    sp_object_init(&k->obj, SP_OBJ_RECORD, prov, record_key_destroy);
    k->protocol = protocol;
    k->suite = suite;
    k->ci = sp_cipher_info((enum sp_cipher)suite->cipher);
    k->owner = owner;
    k->for_write = for_write;
    if (mac_len) memcpy(k->mac_key, mac_key, mac_len);
    if (key_len) memcpy(k->key, key, key_len);
    if (iv_len) memcpy(k->iv, iv, iv_len);
    k->mac_len = (uint8_t)mac_len;
    k->key_len = (uint8_t)key_len;
    k->iv_len = (uint8_t)iv_len;
    sp_result r = state_new(k);
    if (!SP_IS_OK(r)) {
        sp_object_unref(&k->obj);
        return r;
    }
    *out = k;
    return SP_OK;
}

/* The key's spinlock (test-and-test-and-set): exchange with acquire, release
 * with a plain release store (C11 7.17.3), so the state written under it is
 * published to the next holder.  Waiters spin on a plain load (no cache-line
 * ping-pong) with a CPU pause, then yield: on a busy 2-core machine the holder
 * may be descheduled. */
static void rec_lock(struct sp_rec_state *st) {
    unsigned spins = 0;
    while (atomic_exchange_explicit(&st->busy, true, memory_order_acquire)) {
        while (atomic_load_explicit(&st->busy, memory_order_relaxed)) {
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

static void rec_unlock(struct sp_rec_state *st) { atomic_store_explicit(&st->busy, false, memory_order_release); }

void sp_record_lock(struct sp_record_key *k) { rec_lock(k->impl); }

void sp_record_unlock(struct sp_record_key *k) { rec_unlock(k->impl); }

SP_RESULT sp_record_test_set_explicit_iv(struct sp_record_key *k, const uint8_t *iv, size_t len) {
    struct sp_rec_state *st = k->impl;
    ENSURE(st != NULL && len == k->ci->block_len && len <= sizeof(st->test_iv), NTE_INVALID_PARAMETER);
    rec_lock(st);
    memcpy(st->test_iv, iv, len);
    st->test_iv_set = true;
    rec_unlock(st);
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

static int proto_kind(const struct sp_record_key *k) {
    if (k->protocol == TLS1_3_PROTOCOL_VERSION) return 3;
    return (k->ci->mode == SP_MODE_CBC || k->ci->mode == SP_MODE_STREAM) ? 1 : 2;
}

/* Protected payload length for n plaintext bytes (without the record header). */
static size_t sealed_len(const struct sp_record_key *k, const struct sp_record_lengths *rl, size_t hdr, size_t n) {
    size_t len = (rl->header - hdr) + n + rl->trailer;
    if (rl->block_padding) len += k->ci->block_len - (n + rl->trailer) % k->ci->block_len;
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
    CHECK(k->protocol == TLS1_3_PROTOCOL_VERSION || k->for_write, NTE_INVALID_HANDLE);
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

    struct sp_rec_state *st = k->impl;
    const struct sp_record_lengths rl = st->rl;
    const bool dtls = sp_proto_is_dtls(k->protocol);
    const size_t hdr = dtls ? 13 : 5;
    const size_t body = sealed_len(k, &rl, hdr, n);
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

    rec_lock(st);
    res = sp_rec_prepare_dir(k, true);
    if (SP_IS_OK(res)) switch (st->kind) {
        case 1: res = sp_rec_cbc_seal(k, &a, in, n, out + hdr); break;
        case 2: res = sp_rec_aead_seal(k, &a, in, n, out + hdr); break;
        default: res = sp_rec_tls13_seal(k, &a, in, n, out + hdr); break;
        }
    rec_unlock(st);
    if (!SP_IS_OK(res)) *pcb = 0;
cleanup:
    sp_handle_put(obj);
    return res;
}

/* Public shape of a protected payload of m bytes; *bound = the largest
 * plaintext it can carry (what a size query returns). */
static SP_RESULT check_shape(const struct sp_record_key *k, const struct sp_record_lengths *rl, size_t hdr, size_t m,
                             size_t *bound) {
    const size_t B = k->ci->block_len, ex = rl->header - hdr;
    switch (((const struct sp_rec_state *)k->impl)->kind) {
    case 3: /* tag + at least the inner type byte, as Windows requires */
        ENSURE(m <= SP_REC_MAX_CT13 && m >= rl->trailer + 1, NTE_BAD_DATA);
        *bound = m - k->ci->tag_len;
        return SP_OK;
    case 2:
        ENSURE(m <= SP_REC_MAX_CT12 && m >= ex + rl->trailer, NTE_BAD_DATA);
        *bound = m - ex - rl->trailer;
        return SP_OK;
    default:
        ENSURE(m <= SP_REC_MAX_CT12, NTE_BAD_DATA);
        if (k->ci->mode == SP_MODE_STREAM) {
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
    CHECK(k->protocol == TLS1_3_PROTOCOL_VERSION || !k->for_write, NTE_INVALID_HANDLE);

    struct sp_rec_state *st = k->impl;
    const struct sp_record_lengths rl = st->rl;
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
    TRY(check_shape(k, &rl, hdr, m, &bound));
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
    rec_lock(st);
    res = sp_rec_prepare_dir(k, false);
    if (SP_IS_OK(res)) switch (st->kind) {
        case 1: res = sp_rec_cbc_open(k, &a, in + hdr, m, dst, &got); break;
        case 2: res = sp_rec_aead_open(k, &a, in + hdr, m, dst, &got); break;
        default: res = sp_rec_tls13_open(k, &a, in + hdr, m, dst, &got); break;
        }
    rec_unlock(st);
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
