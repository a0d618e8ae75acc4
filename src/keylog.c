/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * keylog.c - the opt-in key log (RFC 9850 SSLKEYLOGFILE lines) through a
 * callback set with SslProvSetKeyLogCallback.  The library never opens files
 * or reads the environment; the CLI does.
 */
#include "internal.h"

/* Constant-time hex: no table lookup indexed by secret nibbles. */
static char hex_nibble(unsigned v) {
    /* v < 10 ? '0' + v : 'a' + v - 10, without a branch on v. */
    unsigned mask = (unsigned)((int)(9 - v) >> 8); /* all ones when v > 9 */
    return (char)('0' + v + (mask & ('a' - '0' - 10)));
}

static void hex_ct(char *out, const uint8_t *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex_nibble(in[i] >> 4);
        out[2 * i + 1] = hex_nibble(in[i] & 15);
    }
}

/* The flag is read without the lock: the key log is off on nearly every
 * provider, and taking the provider's lock on each derivation would make every
 * thread write the same cache line. */
bool sp_keylog_enabled(struct sp_provider *p) { return atomic_load_explicit(&p->keylog_on, memory_order_acquire); }

void sp_keylog(struct sp_provider *p, const char *label, const uint8_t client_random[32], const uint8_t *secret,
               size_t secret_len) {
    char line[64 + 1 + 64 + 1 + 128 + 1];
    size_t ll = strlen(label);
    if (p == NULL || secret_len > 64 || ll > 64 || !sp_keylog_enabled(p)) return;
    pthread_mutex_lock(&p->keylog_lock);
    SSLPROV_KEYLOG_FN fn = p->keylog_fn;
    void *ctx = p->keylog_ctx;
    if (fn != NULL) {
        size_t o = 0;
        memcpy(line, label, ll);
        o += ll;
        line[o++] = ' ';
        hex_ct(line + o, client_random, 32);
        o += 64;
        line[o++] = ' ';
        hex_ct(line + o, secret, secret_len);
        o += 2 * secret_len;
        line[o] = 0;
        fn(line, ctx);
        sp_wipe(line, sizeof(line));
    }
    pthread_mutex_unlock(&p->keylog_lock);
}
