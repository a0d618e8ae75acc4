/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record_aead.c - AEAD records: TLS 1.2 / DTLS 1.2 AES-GCM (RFC 5288), AES-CCM
 * and CCM-8 (RFC 6655, RFC 7251), ChaCha20-Poly1305 (RFC 7905), and TLS 1.3
 * records (RFC 8446 section 5.2/5.3) with every TLS 1.3 AEAD.
 *
 * The cipher context is keyed once per key object; a record only sets the
 * nonce (EVP_CipherInit_ex with NULL cipher and key).  Decryption writes into
 * the caller's buffer and wipes it if the tag does not verify, so no
 * unauthenticated plaintext survives a failure.  The tag is compared inside
 * libcrypto (constant time).
 */
#include "internal.h"
#include "record_int.h"

#include <openssl/core_names.h>

/* Nonce: GCM/CCM in TLS 1.2 = salt(4) || explicit(8) (RFC 5288 3); ChaCha20 in
 * TLS 1.2 (RFC 7905 2) and every TLS 1.3 AEAD (RFC 8446 5.3) = iv XOR seq. */
/* The fixed IV / salt: after the key in the key's tail (record.h). */
static const uint8_t *rk_iv(const struct sp_record_key *k, const struct sp_cipher_info *ci) {
    return sp_rk_key_c(k) + ci->key_len;
}

static void xor_nonce(const struct sp_record_key *k, const struct sp_cipher_info *ci, uint64_t seq, uint8_t nonce[12]) {
    memcpy(nonce, rk_iv(k, ci), 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(seq >> (8 * i));
}

/* One AEAD pass.  ccm: the total length goes first and the data in one update.
 * enc: tag is written; !enc: tag is checked (returns false on mismatch). */
static SP_RESULT aead_run(struct sp_record_key *k, const struct sp_cipher_info *ci, bool enc, const uint8_t nonce[12],
                          const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t n, uint8_t *out, uint8_t *tag,
                          bool *ok) {
    EVP_CIPHER_CTX *c = k->cctx;
    const int taglen = ci->tag_len;
    const bool ccm = ci->mode == SP_MODE_CCM;
    int l;
    *ok = false;
    k->state &= (uint8_t)~SP_RS_SYNCED; /* the nonce set below replaces the TLS mode's */
    GUARD_OSSL(EVP_CipherInit_ex(c, NULL, NULL, NULL, nonce, enc));
    if (!enc) {
        if (ccm) { /* CCM checks the tag inside the data update */
            GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, taglen, tag));
            GUARD_OSSL(EVP_CipherUpdate(c, NULL, &l, NULL, (int)n));
            GUARD_OSSL(EVP_CipherUpdate(c, NULL, &l, aad, (int)aad_len));
            *ok = EVP_CipherUpdate(c, out, &l, in, (int)n) > 0;
            return SP_OK;
        }
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, taglen, tag));
    } else if (ccm) {
        GUARD_OSSL(EVP_CipherUpdate(c, NULL, &l, NULL, (int)n));
    }
    GUARD_OSSL(EVP_CipherUpdate(c, NULL, &l, aad, (int)aad_len));
    if (n || ccm) GUARD_OSSL(EVP_CipherUpdate(c, out, &l, in, (int)n));
    int fin = EVP_CipherFinal_ex(c, out + n, &l);
    if (!enc) {
        *ok = fin > 0;
        return SP_OK;
    }
    GUARD_OSSL(fin);
    GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, taglen, tag));
    *ok = true;
    return SP_OK;
}

static void aad12(const struct sp_record_key *k, const struct sp_rec_args *a, size_t n, uint8_t aad[13]) {
    sp_be64(aad, a->seq); /* DTLS: epoch || sequence (RFC 6347 4.1.2.1) */
    aad[8] = a->type;
    sp_be16(aad + 9, a->version);
    sp_be16(aad + 11, (uint32_t)n);
}

/* ------------------------------------------------------------------------ */
/* TLS 1.2 AEAD in libcrypto's one-call TLS mode                             */
/* ------------------------------------------------------------------------ */

/* What libssl itself does for TLS 1.2 AES-GCM and ChaCha20-Poly1305 records:
 * the 13-byte AAD through EVP_CTRL_AEAD_TLS1_AAD, then one EVP_Cipher over the
 * payload.  It replaces EVP_CipherInit_ex (nonce) + two EVP_CipherUpdate +
 * EVP_CipherFinal_ex + the tag ctrl, whose parameter plumbing is about a fifth
 * of a 64-byte AES-GCM record in OpenSSL 3.0 (callgrind: 2,830 -> 1,630
 * instructions per record with set_tls_aad below; issue #16 item 2).  The cryptography, the tag
 * comparison (CRYPTO_memcmp) and the wipe of a rejected plaintext are
 * libcrypto's.  Every path is differential-tested against the generic one
 * (test_record_tlsmode).
 *
 * AES-GCM's TLS mode works in place only (explicit nonce || data || tag in one
 * buffer): a record that is not already in place is copied when it is at most
 * TLS_MODE_COPY_MAX bytes, where the copy costs less than the calls it saves;
 * larger ones take the generic path.  ChaCha20-Poly1305 reads and writes
 * separate buffers. */
#define TLS_MODE_COPY_MAX 2048u

static bool tls_mode(const struct sp_cipher_info *ci) {
    return ci->mode == SP_MODE_GCM || ci->mode == SP_MODE_CHACHAPOLY;
}

/* Load the context's nonce state for a record with sequence number seq.
 * GCM: the fixed salt (and, encrypting, the invocation counter, which
 * libcrypto increments per record: the explicit nonce is the sequence number,
 * reference 11.2); ChaCha20: the 12-byte IV that libcrypto XORs with the
 * sequence number taken from the AAD (RFC 7905 2). */
static SP_RESULT tls_mode_sync(struct sp_record_key *k, const struct sp_cipher_info *ci, bool enc, uint64_t seq) {
    EVP_CIPHER_CTX *c = k->cctx;
    const bool gcm = ci->mode == SP_MODE_GCM;
    const uint8_t *fixed = rk_iv(k, ci);
    if ((k->state & SP_RS_SYNCED) && (!gcm || !enc || sp_rk_next_seq(k) == seq)) return SP_OK;
    k->state &= (uint8_t)~SP_RS_SYNCED;
    if (!gcm) {
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IV_FIXED, 12, (void *)fixed));
    } else if (enc) {
        uint8_t iv[12];
        memcpy(iv, fixed, 4);
        sp_be64(iv + 4, seq);
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IV_FIXED, -1, iv)); /* -1: the whole IV */
    } else {
        GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IV_FIXED, 4, (void *)fixed));
    }
    k->state |= SP_RS_SYNCED;
    return SP_OK;
}

/* The 13-byte AAD as a parameter straight to the cipher: EVP_CIPHER_CTX_ctrl
 * (EVP_CTRL_AEAD_TLS1_AAD) would also read back the tag length, a second
 * parameter round trip per record (callgrind: 2,230 -> 1,630 instructions per
 * 64-byte AES-GCM record). */
static int set_tls_aad(EVP_CIPHER_CTX *c, uint8_t aad[13]) {
    OSSL_PARAM p[2] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_AAD, aad, 13),
                       OSSL_PARAM_construct_end()};
    return EVP_CIPHER_CTX_set_params(c, p);
}

/* Seal n bytes at in into out = [explicit nonce] || ciphertext || tag. */
static SP_RESULT tls_mode_seal(struct sp_record_key *k, const struct sp_cipher_info *ci, const struct sp_rec_args *a,
                               const uint8_t *in, size_t n, uint8_t *out) {
    EVP_CIPHER_CTX *c = k->cctx;
    const size_t ex = ci->explicit_nonce_len, len = ex + n + ci->tag_len;
    uint8_t aad[13];
    GUARD(tls_mode_sync(k, ci, true, a->seq));
    k->state &= (uint8_t)~SP_RS_SYNCED; /* until this record is through */
    /* The AAD's length field is what the record carries before the tag
     * (libcrypto removes the explicit nonce itself). */
    aad12(k, a, ex + n, aad);
    GUARD_OSSL(set_tls_aad(c, aad));
    if (ex) { /* GCM: in place */
        if (in != out + ex) memmove(out + ex, in, n);
        in = out;
    }
    GUARD_OSSL(EVP_Cipher(c, out, in, (unsigned)len));
    k->state |= SP_RS_SYNCED;
    if (k->flags & SP_RK_SEQ) sp_rk_set_next_seq(k, a->seq + 1); /* GCM: the invocation counter */
    return SP_OK;
}

/* Open the m-byte payload at in; the plaintext goes to out.  GCM decrypts in
 * place: at in itself when the caller decrypts in place (out == in + 8), else
 * in a stack copy.  *ok is libcrypto's tag verdict; on a mismatch libcrypto
 * has wiped what it wrote.  EVP_Cipher returns the plaintext length (0 for an
 * empty record), -1 on failure. */
static SP_RESULT tls_mode_open(struct sp_record_key *k, const struct sp_cipher_info *ci, const struct sp_rec_args *a,
                               const uint8_t *in, size_t m, uint8_t *out, bool *ok) {
    EVP_CIPHER_CTX *c = k->cctx;
    const size_t ex = ci->explicit_nonce_len, n = m - ex - ci->tag_len;
    uint8_t aad[13], tmp[TLS_MODE_COPY_MAX + 24];
    *ok = false;
    GUARD(tls_mode_sync(k, ci, false, a->seq));
    aad12(k, a, m, aad); /* the whole payload: libcrypto removes nonce and tag */
    GUARD_OSSL(set_tls_aad(c, aad));
    if (!ex) {
        *ok = EVP_Cipher(c, out, in, (unsigned)m) >= 0;
        return SP_OK;
    }
    if (out == in + ex) { /* in place: the caller's buffer is writable */
        *ok = EVP_Cipher(c, out - ex, out - ex, (unsigned)m) >= 0;
        return SP_OK;
    }
    memcpy(tmp, in, m);
    *ok = EVP_Cipher(c, tmp, tmp, (unsigned)m) >= 0;
    if (*ok) memcpy(out, tmp + ex, n);
    sp_wipe(tmp + ex, n);
    return SP_OK;
}

SP_RESULT sp_rec_aead_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                           uint8_t *out) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    uint8_t nonce[12], aad[13];
    size_t ex = ci->explicit_nonce_len;
    bool ok;
    if (tls_mode(ci) && (n <= TLS_MODE_COPY_MAX || in == out + ex || !ex)) return tls_mode_seal(k, ci, a, in, n, out);
    if (ex) {
        /* Reference 11.2: explicit nonce = SequenceNumber, big-endian. */
        memcpy(nonce, rk_iv(k, ci), 4);
        sp_be64(nonce + 4, a->seq);
        memcpy(out, nonce + 4, 8);
    } else {
        xor_nonce(k, ci, a->seq, nonce);
    }
    aad12(k, a, n, aad);
    return aead_run(k, ci, true, nonce, aad, 13, in, n, out + ex, out + ex + n, &ok);
}

SP_RESULT sp_rec_aead_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                           uint8_t *out, size_t *out_len) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    uint8_t nonce[12], aad[13], tag[16];
    const size_t ex = ci->explicit_nonce_len, tl = ci->tag_len, n = m - ex - tl;
    bool ok;
    if (tls_mode(ci) && (n <= TLS_MODE_COPY_MAX || out == in + ex || !ex)) {
        GUARD(tls_mode_open(k, ci, a, in, m, out, &ok));
        goto verdict;
    }
    if (ex) {
        memcpy(nonce, rk_iv(k, ci), 4);
        memcpy(nonce + 4, in, 8); /* any explicit nonce is accepted (reference 11.2) */
    } else {
        xor_nonce(k, ci, a->seq, nonce);
    }
    memcpy(tag, in + ex + n, tl);
    aad12(k, a, n, aad);
    GUARD(aead_run(k, ci, false, nonce, aad, 13, in + ex, n, out, tag, &ok));
verdict:
    /* ctgrind build: the plaintext is secret; nothing below may branch on it
     * or index with it.  ok, libcrypto's tag verdict, is public (the peer
     * learns whether its record was accepted). */
    SP_CT_SECRET(out, n);
    if (!ok) {
        sp_wipe(out, n);
        BAIL(NTE_DECRYPTION_FAILURE);
    }
    if (n > SP_REC_MAX_PLAIN) {
        sp_wipe(out, n);
        BAIL(NTE_BAD_DATA);
    }
    *out_len = n;
    return SP_OK;
}

/* TLS 1.3 (RFC 8446 5.2): pbInput is the whole TLSInnerPlaintext as the
 * caller built it (content || type || zeros), as Windows' ncrypt.dll takes it;
 * the AAD is the outer header: the caller's dwContentType || 0x0303 || length. */
SP_RESULT sp_rec_tls13_seal(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t n,
                            uint8_t *out) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    EVP_CIPHER_CTX *c = k->cctx;
    const size_t tl = ci->tag_len;
    uint8_t nonce[12], aad[5];
    int l;
    bool ok;
    xor_nonce(k, ci, a->seq, nonce);
    aad[0] = a->type;
    sp_be16(aad + 1, 0x0303);
    sp_be16(aad + 3, (uint32_t)(n + tl));
    if (ci->mode == SP_MODE_CCM) return aead_run(k, ci, true, nonce, aad, 5, in, n, out, out + n, &ok);
    GUARD_OSSL(EVP_CipherInit_ex(c, NULL, NULL, NULL, nonce, 1));
    GUARD_OSSL(EVP_CipherUpdate(c, NULL, &l, aad, 5));
    GUARD_OSSL(EVP_CipherUpdate(c, out, &l, in, (int)n));
    GUARD_OSSL(EVP_CipherFinal_ex(c, out + n, &l));
    GUARD_OSSL(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, (int)tl, out + n));
    return SP_OK;
}

SP_RESULT sp_rec_tls13_open(struct sp_record_key *k, const struct sp_rec_args *a, const uint8_t *in, size_t m,
                            uint8_t *out, size_t *out_len) {
    const struct sp_cipher_info *ci = sp_rk_ci(k);
    const size_t tl = ci->tag_len, n = m - tl;
    uint8_t nonce[12], aad[5], tag[16];
    bool ok;
    xor_nonce(k, ci, a->seq, nonce);
    aad[0] = a->type;
    sp_be16(aad + 1, a->version);
    sp_be16(aad + 3, (uint32_t)m);
    ENSURE(n <= SP_REC_MAX_CT13, NTE_BAD_DATA);
    memcpy(tag, in + n, tl);
    GUARD(aead_run(k, ci, false, nonce, aad, 5, in, n, out, tag, &ok));
    SP_CT_SECRET(out, n); /* ctgrind build: the inner plaintext stays secret */
    if (!ok) {
        sp_wipe(out, n);
        /* Windows returns BCryptDecrypt's status for a TLS 1.3 record whose
         * tag does not verify (its Tls13DecryptPacket). */
        BAIL(STATUS_AUTH_TAG_MISMATCH);
    }
    /* The whole TLSInnerPlaintext (content || type || zeros) goes back to the
     * caller, who scans back for the type (RFC 8446 5.4), as Windows does:
     * nothing here looks at the plaintext. */
    *out_len = n;
    return SP_OK;
}
