/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * fuzz_common.h - shared helpers for the fuzz targets: one provider per
 * process, input splitting, exact-size copies (so ASan sees over-reads), and
 * the record configurations each decrypt target covers.  Keys come from the
 * fixed material of tests/fixtures.h, so a crash reproduces from its input
 * alone (with -DSSLPROV_FUZZING=ON sp_random is deterministic too).
 */
#ifndef SSLPROV_FUZZ_COMMON_H
#define SSLPROV_FUZZ_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "sslprovider.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static NCRYPT_PROV_HANDLE fz_provider(void) {
    static NCRYPT_PROV_HANDLE p;
    if (p == 0) {
        SslOpenProvider(&p, NULL, 0);
        SslProvSetProviderOption(p, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1);
    }
    return p;
}

/* Take n bytes from the front of the input (0 if not enough). */
static inline uint32_t fz_byte(const uint8_t **d, size_t *n) {
    if (*n == 0) return 0;
    uint32_t v = **d;
    (*d)++, (*n)--;
    return v;
}

static inline uint8_t *fz_dup(const uint8_t *d, size_t n) {
    uint8_t *p = malloc(n ? n : 1);
    if (n) memcpy(p, d, n);
    return p;
}

struct fz_record_cfg {
    DWORD protocol, suite;
};

/* Decrypt one record with key k every way the API allows: sized output,
 * size query, exact-size output, in place. */
static inline void fz_decrypt_all_ways(NCRYPT_PROV_HANDLE p, NCRYPT_KEY_HANDLE k, const uint8_t *rec, size_t n,
                                       ULONGLONG seq, size_t header) {
    uint8_t *in = fz_dup(rec, n);
    uint8_t *out = malloc(n + 64);
    DWORD res = 0;
    SslDecryptPacket(p, k, in, (DWORD)n, out, (DWORD)(n + 64), &res, seq, 0);
    SslDecryptPacket(p, k, in, (DWORD)n, NULL, 0, &res, seq, 0);
    if (res <= n) {
        uint8_t *exact = malloc(res ? res : 1);
        SslDecryptPacket(p, k, in, (DWORD)n, exact, res, &res, seq, 0);
        free(exact);
    }
    if (n > header) SslDecryptPacket(p, k, in, (DWORD)n, in + header, (DWORD)(n - header), &res, seq, 0);
    free(out);
    free(in);
}

/* The read key for a configuration: the server's read key of a TLS <= 1.2
 * connection (fresh per input: CBC in TLS 1.0 chains its IV). */
static inline NCRYPT_KEY_HANDLE fz_read_key(NCRYPT_PROV_HANDLE p, const struct fz_record_cfg *c) {
    NCRYPT_KEY_HANDLE r = 0, w = 0;
    if (fx_session_keys(p, c->protocol, c->suite, NCRYPT_SSL_SERVER_FLAG, &r, &w) != 0) return 0;
    SslFreeObject(w, 0);
    return r;
}

/* Input layout of the decrypt targets: config selector, sequence byte,
 * then one record (header included). */
static inline void fz_decrypt_target(const struct fz_record_cfg *cfgs, size_t ncfg, size_t header, const uint8_t *d,
                                     size_t n) {
    NCRYPT_PROV_HANDLE p = fz_provider();
    const struct fz_record_cfg *c = &cfgs[fz_byte(&d, &n) % ncfg];
    ULONGLONG seq = fz_byte(&d, &n);
    NCRYPT_KEY_HANDLE k = fz_read_key(p, c);
    if (k == 0) return; /* record keys not available on this tree */
    fz_decrypt_all_ways(p, k, d, n, seq, header);
    SslFreeObject(k, 0);
}

#endif
