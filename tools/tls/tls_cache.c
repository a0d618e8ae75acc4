/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_cache.c - the server's session cache (TLS <= 1.2 session ids, TLS 1.3
 * tickets), safe for the connections `sslprov server` runs in parallel
 * threads: an entry is taken out of the cache while a handshake uses it, so no
 * other thread can evict (and free the key handles of) a session in use.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>

#include "tls.h"

/* One lock for every configuration: a process runs one server. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

enum cache_key { KEY_ID12, KEY_TICKET13, KEY_TICKET12 };

static bool matches(const struct tls_session *s, enum cache_key key, const uint8_t *id, size_t len) {
    if (!s->valid || len == 0) return false;
    if (key == KEY_TICKET13)
        return s->version == 0x0304 && s->ticket_len == len && CRYPTO_memcmp(s->ticket, id, len) == 0;
    if (key == KEY_TICKET12) /* RFC 5077 session tickets */
        return s->version <= 0x0303 && s->ticket_len == len && CRYPTO_memcmp(s->ticket, id, len) == 0;
    return s->version <= 0x0303 && s->id_len == len && CRYPTO_memcmp(s->id, id, len) == 0;
}

static bool take(struct tls_config *cfg, enum cache_key key, const uint8_t *id, size_t len, struct tls_session *out) {
    bool found = false;
    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < TLS_SERVER_CACHE && !found; i++) {
        struct tls_session *s = &cfg->cache[i];
        if (!matches(s, key, id, len)) continue;
        *out = *s; /* the handles and the ticket buffer move to the caller */
        memset(s, 0, sizeof(*s));
        found = true;
    }
    pthread_mutex_unlock(&cache_lock);
    return found;
}

bool tls_cache_take(struct tls_config *cfg, bool tls13, const uint8_t *id, size_t len, struct tls_session *out) {
    return take(cfg, tls13 ? KEY_TICKET13 : KEY_ID12, id, len, out);
}

bool tls_cache_take_ticket12(struct tls_config *cfg, const uint8_t *ticket, size_t len, struct tls_session *out) {
    return take(cfg, KEY_TICKET12, ticket, len, out);
}

void tls_cache_put(struct tls_config *cfg, struct tls_session *s) {
    struct tls_session old;
    pthread_mutex_lock(&cache_lock);
    old = cfg->cache[cfg->cache_next];
    cfg->cache[cfg->cache_next] = *s;
    cfg->cache_next = (cfg->cache_next + 1) % TLS_SERVER_CACHE;
    pthread_mutex_unlock(&cache_lock);
    memset(s, 0, sizeof(*s));
    tls_session_clear(&old); /* frees the evicted entry's handles outside the lock */
}
