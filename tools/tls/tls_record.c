/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_record.c - the record layer on SslEncryptPacket / SslDecryptPacket
 * (reference 11.1: the provider writes and reads whole records including the
 * header), fragmentation, alerts, close_notify, handshake reassembly, the raw
 * transcript and the trace of provider calls.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "dtls.h"
#include "tls.h"

uint64_t tls_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t tls_mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

SECURITY_STATUS tls_tr(struct tls_conn *c, const char *fn, SECURITY_STATUS st) {
    if (c != NULL && c->cfg->trace) {
        FILE *f = c->cfg->trace_out ? c->cfg->trace_out : stderr;
        fprintf(f, "[%s] %-28s %-8s %-46s %s\n", c->cfg->server ? "server" : "client", fn,
                tls_version_name(tls_proto(c)), c->suite ? tls_suite_name(c->suite) : "-", tls_status_name(st));
        if (st != 0) fprintf(f, "[%s]   status 0x%08x\n", c->cfg->server ? "server" : "client", (unsigned)st);
    }
    return st;
}

int tls_fail(struct tls_conn *c, uint8_t alert, const char *fmt, ...) {
    if (!c->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err, sizeof(c->err), fmt, ap);
        va_end(ap);
        c->failed = true;
        if (alert != 0xff && !c->sent_close && !c->got_alert) {
            (void)tls_send_alert(c, 2, alert);
            c->alert_sent = alert;
        }
    }
    return -1;
}

void tls_conn_init(struct tls_conn *c, struct tls_config *cfg, int fd) {
    memset(c, 0, offsetof(struct tls_conn, rbuf)); /* not the record buffers: see struct tls_conn */
    c->cfg = cfg;
    c->fd = fd;
    c->rec_version = 0x0301;
}

void tls_free_key(struct tls_conn *c, NCRYPT_KEY_HANDLE *k) {
    if (*k != 0) (void)SSLCALL(c, SslFreeObject, *k, 0);
    *k = 0;
}

void tls_conn_free(struct tls_conn *c) {
    NCRYPT_KEY_HANDLE *keys[] = {&c->rd_key,    &c->wr_key, &c->peer_key, &c->eph,  &c->peer_eph, &c->early,
                                 &c->hs_secret, &c->c_hs,   &c->s_hs,     &c->c_ap, &c->s_ap,     &c->psk};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        tls_free_key(c, keys[i]);
    /* the master key may be shared with a session cache entry: sessions hold their own handle */
    tls_free_key(c, &c->master);
    if (c->th) (void)SSLCALL(c, SslFreeObject, c->th, 0);
    c->th = 0;
    if (c->hs) OPENSSL_clear_free(c->hs, c->hs_cap);
    if (c->app) OPENSSL_clear_free(c->app, c->app_cap);
    if (c->tr) OPENSSL_clear_free(c->tr, c->tr_cap);
    OPENSSL_free(c->new_ticket);
    c->new_ticket = NULL;
    if (c->obuf) OPENSSL_clear_free(c->obuf, c->ocap);
    c->obuf = NULL;
    c->olen = c->ocap = 0;
    dtls_conn_free(c);
    X509_free(c->peer_cert);
    sk_X509_pop_free(c->peer_chain, X509_free);
    OPENSSL_cleanse(c->rbuf, c->rbuf_hw < sizeof(c->rbuf) ? c->rbuf_hw : sizeof(c->rbuf));
    OPENSSL_cleanse(c->pbuf, c->pbuf_hw < sizeof(c->pbuf) ? c->pbuf_hw : sizeof(c->pbuf));
    c->rbuf_hw = c->pbuf_hw = 0;
    c->hs = c->app = c->tr = NULL;
    c->peer_cert = NULL;
    c->peer_chain = NULL;
}

/* Wait until fd is ready for events or c->deadline_ms passes: 0 ready, -1
 * timed out (c->timed_out, errno ETIMEDOUT) or failed.  Without a deadline the
 * blocking call that follows does the waiting. */
static int io_wait(struct tls_conn *c, short events) {
    while (c->deadline_ms != 0) {
        uint64_t now = tls_mono_ms();
        if (now >= c->deadline_ms) {
            c->timed_out = true;
            errno = ETIMEDOUT;
            return -1;
        }
        struct pollfd p = {c->fd, events, 0};
        uint64_t left = c->deadline_ms - now;
        int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
        if (r > 0) return 0;
        if (r < 0 && errno != EINTR) return -1;
    }
    return 0;
}

/* With a deadline the socket is tried first and waited for only when it is
 * not ready (EAGAIN): one poll() per blocking wait, not per call. */
static int io_write(struct tls_conn *c, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t k = send(c->fd, p, n, MSG_NOSIGNAL | (c->deadline_ms ? MSG_DONTWAIT : 0));
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && c->deadline_ms) {
            if (io_wait(c, POLLOUT) != 0) return -1;
            continue;
        }
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int tls_flush(struct tls_conn *c) {
    if (c->olen == 0) return 0;
    int r = io_write(c, c->obuf, c->olen);
    c->olen = 0;
    if (r != 0) {
        c->failed = true;
        if (c->err[0] == 0)
            snprintf(c->err, sizeof(c->err), "write failed: %s",
                     c->timed_out ? "timed out waiting for the peer" : strerror(errno));
    }
    return r;
}

/* Take up to n bytes already received (c->ra) into p. */
static size_t ra_take(struct tls_conn *c, uint8_t *p, size_t n) {
    size_t m = c->ra_len - c->ra_off;
    if (m > n) m = n;
    memcpy(p, c->ra + c->ra_off, m);
    c->ra_off += m;
    if (c->ra_off == c->ra_len) c->ra_off = c->ra_len = 0;
    return m;
}

/* 1 = got n bytes, 0 = EOF before any byte, -1 = error / truncated.  A read
 * for fewer than TLS_READ_AHEAD bytes receives up to TLS_READ_AHEAD into
 * c->ra and keeps the rest for the next records (libssl's read_ahead, off by
 * default there): a record's header and body, and the records of a flight,
 * come in one recv(). */
static int io_read(struct tls_conn *c, uint8_t *p, size_t n) {
    size_t got = ra_take(c, p, n);
    if (got == n) return 1;
    /* the peer answers only what it has received: send the collected flight */
    if (tls_flush(c) != 0) return -1;
    while (got < n) {
        bool ahead = n - got < TLS_READ_AHEAD;
        uint8_t *dst = ahead ? c->ra : p + got;
        ssize_t k = recv(c->fd, dst, ahead ? TLS_READ_AHEAD : n - got, c->deadline_ms ? MSG_DONTWAIT : 0);
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && c->deadline_ms) {
            if (io_wait(c, POLLIN) != 0) return -1;
            continue;
        }
        if (k < 0 && errno == EINTR) continue;
        if (k == 0) {
            errno = 0;
            return got == 0 ? 0 : -1;
        }
        if (k < 0) return -1;
        if (ahead) {
            c->ra_off = 0, c->ra_len = (size_t)k;
            got += ra_take(c, p + got, n - got);
        } else {
            got += (size_t)k;
        }
    }
    return 1;
}

/* Corked: append one record to the flight; a very large flight leaves early. */
static int out_append(struct tls_conn *c, const uint8_t *p, size_t n) {
    if (c->olen + n > c->ocap) {
        size_t nc = c->ocap ? c->ocap : 8192;
        while (nc < c->olen + n)
            nc *= 2;
        uint8_t *np = OPENSSL_clear_realloc(c->obuf, c->ocap, nc);
        if (np == NULL) return -1;
        c->obuf = np;
        c->ocap = nc;
    }
    memcpy(c->obuf + c->olen, p, n);
    c->olen += n;
    return c->olen >= 65536 ? tls_flush(c) : 0;
}

void tls_set_read_key(struct tls_conn *c, NCRYPT_KEY_HANDLE k) {
    if (c->dtls) dtls_next_read_epoch(c);
    tls_free_key(c, &c->rd_key);
    c->rd_key = k;
    c->rd_seq = 0;
}

void tls_set_write_key(struct tls_conn *c, NCRYPT_KEY_HANDLE k) {
    if (c->dtls) {
        dtls_next_write_epoch(c, k); /* keeps the old key for retransmissions */
        return;
    }
    tls_free_key(c, &c->wr_key);
    c->wr_key = k;
    c->wr_seq = 0;
}

static int send_fragment(struct tls_conn *c, uint8_t type, const uint8_t *p, size_t n) {
    if (c->dtls) return dtls_send_record(c, type, p, n);
    uint8_t out[TLS_MAX_RECORD];
    DWORD cb = 0;
    if (c->wr_key != 0) {
        PBYTE in = (PBYTE)p;
        DWORD cb_in = (DWORD)n, outer = type;
        if (c->version == 0x0304) {
            /* TLS 1.3 (RFC 8446 5.2): the provider seals the TLSInnerPlaintext
             * the caller builds - content || type (no padding) - in place
             * after the 5-byte header, under the outer type 23. */
            if (n) memcpy(out + 5, p, n); /* p may be NULL for an empty record */
            out[5 + n] = type;
            in = out + 5;
            cb_in = (DWORD)(n + 1);
            outer = 23;
        }
        SECURITY_STATUS st = SSLCALL(c, SslEncryptPacket, c->cfg->prov, c->wr_key, in, cb_in, out, (DWORD)sizeof(out),
                                     &cb, c->wr_seq, outer, 0);
        if (st != 0) {
            OPENSSL_cleanse(out, sizeof(out)); /* whatever the failed call left */
            c->failed = true;
            snprintf(c->err, sizeof(c->err), "SslEncryptPacket failed: %s (0x%08x)", tls_status_name(st), (unsigned)st);
            return -1;
        }
        c->wr_seq++;
        if (c->cfg->fault == TLS_FAULT_TAMPER_RECORD && type == 23 && !c->fault_done && cb > 5) {
            /* test-only: one flipped bit in the tag / MAC / padding; the peer
             * must answer bad_record_mac (RFC 8446 5.2, RFC 5246 7.2.2) */
            out[cb - 1] ^= 0x01;
            c->fault_done = true;
        }
    } else {
        out[0] = type;
        out[1] = (uint8_t)(c->rec_version >> 8);
        out[2] = (uint8_t)c->rec_version;
        out[3] = (uint8_t)(n >> 8);
        out[4] = (uint8_t)n;
        if (n) memcpy(out + 5, p, n);
        cb = (DWORD)(n + 5);
    }
    int r = c->cork ? out_append(c, out, cb) : io_write(c, out, cb);
    /* only the bytes written: the record (the TLS 1.3 inner plaintext lies
     * within it); cleansing all 18 KiB cost ~11k instructions per record */
    OPENSSL_cleanse(out, cb);
    if (r != 0) {
        c->failed = true;
        if (c->err[0] == 0)
            snprintf(c->err, sizeof(c->err), "write failed: %s",
                     c->timed_out ? "timed out waiting for the peer" : strerror(errno));
    }
    return r;
}

int tls_send_record(struct tls_conn *c, uint8_t type, const uint8_t *p, size_t len) {
    size_t max = TLS_MAX_PLAINTEXT;
    /* RFC 8449 4: the peer's record_size_limit bounds protected records (in
     * TLS 1.3 the content type byte counts; we add no padding).  The TLS 1.2
     * flight after the ServerHello keeps to it too: smaller records are always
     * allowed, and GnuTLS applies the limit from the ServerHello on. */
    if (c->peer_rsl != 0) max = c->version == 0x0304 && c->wr_key != 0 ? c->peer_rsl - 1u : c->peer_rsl;
    do {
        size_t n = len > max ? max : len;
        if (send_fragment(c, type, p, n) != 0) return -1;
        p += n;
        len -= n;
    } while (len > 0);
    return 0;
}

int tls_send_alert(struct tls_conn *c, uint8_t level, uint8_t desc) {
    uint8_t a[2] = {level, desc};
    if (desc == ALERT_CLOSE_NOTIFY) c->sent_close = true;
    if (c->version == 0x0304) a[0] = desc == ALERT_CLOSE_NOTIFY || desc == ALERT_USER_CANCELED ? 1 : 2;
    return send_fragment(c, 21, a, 2);
}

static int buf_append(uint8_t **buf, size_t *len, size_t *cap, const uint8_t *p, size_t n, size_t max) {
    /* An empty record (OpenSSL's TLS 1.0 CBC empty-fragment countermeasure)
     * before any data: *buf is still NULL, and memcpy(NULL, p, 0) is undefined
     * (UBSan in make check-asan, interop TLS 1.0). */
    if (n == 0) return 0;
    if (*len + n > max) return -1;
    if (*len + n > *cap) {
        size_t nc = *cap ? *cap : 4096;
        while (nc < *len + n)
            nc *= 2;
        uint8_t *np = OPENSSL_clear_realloc(*buf, *cap, nc);
        if (np == NULL) return -1;
        *buf = np;
        *cap = nc;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return 0;
}

int tls_transcript_add(struct tls_conn *c, const uint8_t *p, size_t len) {
    if (buf_append(&c->tr, &c->tr_len, &c->tr_cap, p, len, 1u << 22) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "transcript too large");
    if (c->th != 0 && SSLCALL(c, SslHashHandshake, c->cfg->prov, c->th, (PBYTE)p, (DWORD)len, 0) != 0)
        return tls_fail(c, ALERT_INTERNAL_ERROR, "SslHashHandshake failed");
    return 0;
}

int tls_send_hs(struct tls_conn *c, const struct tls_wr *msg) {
    if (!msg->ok) return tls_fail(c, ALERT_INTERNAL_ERROR, "message encoding failed");
    if (c->dtls) return dtls_send_hs(c, msg->p, msg->len);
    if (tls_transcript_add(c, msg->p, msg->len) != 0) return -1;
    return tls_send_record(c, 22, msg->p, msg->len);
}

/* The cause of a failed or short read, for the error line. */
static int read_failed(struct tls_conn *c, const char *what) {
    if (c->failed) return -1; /* the flush before the read failed */
    if (c->timed_out) return tls_fail(c, 0xff, "timed out waiting for the peer");
    if (errno != 0 && errno != EINTR) return tls_fail(c, 0xff, "%s: %s", what, strerror(errno));
    return tls_fail(c, 0xff, "%s (connection closed by peer)", what);
}

/* TLS 1.3 AEAD tag length of a suite (RFC 8446 5.2, RFC 8446 B.4): 16, or 8
 * for TLS_AES_128_CCM_8_SHA256. */
static size_t tls13_tag_len(uint16_t suite) { return suite == 0x1305 ? 8 : 16; }

/* TLS 1.2 AEAD expansion (explicit nonce + tag, RFC 5246 6.2.3.3, RFC 7905):
 * 0 for CBC and stream suites, whose plaintext length is known only after
 * decryption. */
static size_t tls12_aead_expansion(const struct tls_suite_info *si) {
    if (si == NULL || si->iana == NULL) return 0;
    if (strstr(si->iana, "CHACHA20") != NULL) return 16;
    if (strstr(si->iana, "CCM_8") != NULL) return 8 + 8;
    if (strstr(si->iana, "_GCM_") != NULL || strstr(si->iana, "_CCM") != NULL) return 8 + 16;
    return 0;
}

/* A record that carries nothing (an ignored warning alert, an empty record, a
 * TLS 1.3 compatibility CCS) costs the peer nothing to send: bound how many
 * may follow one another so a peer cannot keep us busy forever. */
static int idle_record(struct tls_conn *c) {
    if (++c->idle_records > TLS_MAX_IDLE_RECORDS)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "too many consecutive empty records or warning alerts");
    return 0;
}

/* Length rules checked on the public record length before decryption. */
static int check_record_length(struct tls_conn *c, uint8_t type, size_t len, bool tls13) {
    if (tls13 && c->rd_key != 0) {
        /* RFC 8446 5: a protected record's outer type is application_data
         * (CCS is handled before); an unprotected Finished or Alert once the
         * keys are in use is refused by its outer type, not decrypted. */
        if (type != 23) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "unprotected record type %u under keys", type);
        /* RFC 8446 5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256. */
        if (len > TLS13_MAX_CIPHERTEXT) return tls_fail(c, ALERT_RECORD_OVERFLOW, "record too long (%zu)", len);
        /* RFC 8446 5.4: the TLSInnerPlaintext (content, type and padding)
         * MUST NOT exceed 2^14 + 1 octets; its length is public. */
        size_t tl = tls13_tag_len(c->suite);
        if (len > tl && len - tl > TLS13_MAX_INNER)
            return tls_fail(c, ALERT_RECORD_OVERFLOW, "inner plaintext too long (%zu)", len - tl);
        return 0;
    }
    /* RFC 5246 6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048;
     * record_overflow (7.2.2).  An unprotected record carries at most 2^14
     * (RFC 5246 6.2.1, RFC 8446 5.1). */
    if (len > TLS_MAX_RECORD - 5) return tls_fail(c, ALERT_RECORD_OVERFLOW, "record too long (%zu)", len);
    size_t ex = c->rd_key != 0 ? tls12_aead_expansion(c->si) : 0;
    if (ex != 0 && len > ex && len - ex > TLS_MAX_PLAINTEXT)
        return tls_fail(c, ALERT_RECORD_OVERFLOW, "plaintext too long (%zu)", len - ex);
    return 0;
}

/* RFC 8446 4.2.10: a server that did not accept the client's 0-RTT skips it,
 * by trial decryption under the handshake key (or, after a
 * HelloRetryRequest, by outer type), up to a limit.  1 = record skipped. */
static int skip_early_data(struct tls_conn *c, size_t len) {
    if (c->early_skipped + len > TLS_MAX_EARLY_SKIP) return 0;
    c->early_skipped += len;
    return 1;
}

/* TLS 1.3 decryption: the provider returns the TLSInnerPlaintext with or
 * without its zero padding; the content type is the last non-zero byte
 * (RFC 8446 5.4).  Returns 1 when the record was skipped 0-RTT data. */
static int open13(struct tls_conn *c, uint8_t *h, size_t len, uint8_t *type, size_t *ptlen) {
    DWORD cb = 0;
    SECURITY_STATUS st = SSLCALL(c, SslDecryptPacket, c->cfg->prov, c->rd_key, h, (DWORD)(len + 5), c->pbuf,
                                 (DWORD)sizeof(c->pbuf), &cb, c->rd_seq, 0);
    if (st != 0 && c->skip_early_trial && skip_early_data(c, len)) return 1;
    c->skip_early_trial = false; /* the first record that opens ends the 0-RTT data */
    /* The lengths and header are checked above, so a provider that refuses
     * an authentic record as bad data found no content type in it. */
    if (st == (SECURITY_STATUS)NTE_BAD_DATA && h[1] == 3 && h[2] == 3)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "no content type in the inner plaintext");
    if (st != 0)
        return tls_fail(c, ALERT_BAD_RECORD_MAC, "record decryption failed: %s (0x%08x)", tls_status_name(st),
                        (unsigned)st);
    c->rd_seq++;
    size_t n = cb;
    while (n > 0 && c->pbuf[n - 1] == 0)
        n--;
    /* RFC 8446 5.4: no non-zero octet -> unexpected_message. */
    if (n == 0) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "no content type in the inner plaintext");
    *type = c->pbuf[n - 1];
    *ptlen = n - 1;
    return 0;
}

/* One record: read, decrypt, dispatch.  Returns 0, or -1 (c->failed). */
int tls_read_record(struct tls_conn *c) {
    if (c->dtls) return dtls_read_record(c);
    uint8_t *h = c->rbuf;
    errno = 0;
    tls_note_rbuf(c, 5);
    int r = io_read(c, h, 5);
    if (r == 0) {
        /* Not peer_closed: only a close_notify says the data is complete.
         * read_impl decides what a bare EOF means after the handshake. */
        c->peer_eof = true;
        if (c->err[0] == 0) snprintf(c->err, sizeof(c->err), "connection closed by peer without close_notify");
        return -1;
    }
    if (r < 0) return read_failed(c, "read failed");
    uint8_t type = h[0];
    size_t len = ((size_t)h[3] << 8) | h[4];
    if (type < 20 || type > 23) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "bad record type %u", type);
    if (h[1] != 3) return tls_fail(c, ALERT_PROTOCOL_VERSION, "bad record version %02x%02x", h[1], h[2]);
    bool tls13 = c->version == 0x0304;
    if (type != 20 && check_record_length(c, type, len, tls13) != 0) return -1;
    if (len > TLS_MAX_RECORD - 5) return tls_fail(c, ALERT_RECORD_OVERFLOW, "record too long (%zu)", len);
    errno = 0;
    tls_note_rbuf(c, 5 + len);
    tls_note_pbuf(c, 5 + len);
    if (io_read(c, h + 5, len) != 1) return read_failed(c, "truncated record");
    const uint8_t *pt = h + 5;
    size_t ptlen = len;
    c->last_type = type;
    if (type == 20) {
        if (len != 1 || h[5] != 1) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "bad change_cipher_spec");
        if (tls13) {
            /* RFC 8446 5 / D.4: a compatibility CCS is dropped, but only
             * before the peer's Finished; after it, unexpected_message. */
            if (c->peer_finished) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "change_cipher_spec after Finished");
            return idle_record(c);
        }
        if (!c->expect_ccs) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "unexpected change_cipher_spec");
        c->expect_ccs = false;
        return 1; /* engine installs the pending read key */
    }
    if (c->skip_early_plain) {
        /* RFC 8446 4.2.10: after a HelloRetryRequest the server skips every
         * application_data record (0-RTT it cannot read) until ClientHello2. */
        if (type == 23 && skip_early_data(c, len)) {
            c->last_type = 0;
            return 0;
        }
        c->skip_early_plain = false;
    }
    if (c->rd_key != 0) {
        if (tls13) {
            int o = open13(c, h, len, &type, &ptlen);
            if (o != 0) {
                c->last_type = 0;
                return o < 0 ? -1 : 0;
            }
            c->last_type = type;
        } else {
            DWORD cb = 0;
            SECURITY_STATUS st = SSLCALL(c, SslDecryptPacket, c->cfg->prov, c->rd_key, h, (DWORD)(len + 5), c->pbuf,
                                         (DWORD)sizeof(c->pbuf), &cb, c->rd_seq, 0);
            if (st != 0)
                return tls_fail(c, ALERT_BAD_RECORD_MAC, "record decryption failed: %s (0x%08x)", tls_status_name(st),
                                (unsigned)st);
            c->rd_seq++;
            ptlen = cb;
        }
        pt = c->pbuf;
        /* RFC 8449 4: past our record_size_limit (TLS 1.3: with the content type) */
        if (c->own_rsl != 0 && ptlen + (tls13 ? 1u : 0u) > c->own_rsl)
            return tls_fail(c, ALERT_RECORD_OVERFLOW, "record over our record_size_limit (%zu)", ptlen);
    }
    if (ptlen > TLS_MAX_PLAINTEXT) return tls_fail(c, ALERT_RECORD_OVERFLOW, "plaintext too long");
    /* RFC 8446 5.1: handshake messages MUST NOT be interleaved with other
     * record types: a fragmented message is not interrupted by data. */
    if (tls13 && type == 23 && c->hs_len > c->hs_off)
        return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "application data inside a fragmented handshake message");
    switch (type) {
    case 21:
        /* RFC 8446 5.4 / 6: an alert is two bytes; an empty one is an
         * unexpected message, not a malformed alert. */
        if (ptlen == 0) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "empty alert record");
        if (ptlen != 2) return tls_fail(c, ALERT_DECODE_ERROR, "bad alert record");
        if (pt[1] == ALERT_CLOSE_NOTIFY) {
            c->peer_closed = true;
            return 0;
        }
        c->alert_recv = pt[1];
        /* warnings are ignored (not "got_alert": we may still answer with a
         * fatal alert of our own, e.g. for a flood of them) */
        if (pt[0] == 1 && !tls13 && pt[1] != ALERT_USER_CANCELED) return idle_record(c);
        if (pt[1] == ALERT_USER_CANCELED) return idle_record(c);
        c->got_alert = true;
        c->failed = true;
        snprintf(c->err, sizeof(c->err), "received alert %s (%u)", tls_alert_name(pt[1]), pt[1]);
        return -1;
    case 22:
        if (ptlen == 0) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "empty handshake record");
        c->idle_records = 0;
        if (c->hs_off > 0 && c->hs_off == c->hs_len) c->hs_off = c->hs_len = 0;
        if (buf_append(&c->hs, &c->hs_len, &c->hs_cap, pt, ptlen, 1u << 18) != 0)
            return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "handshake message too large");
        return 0;
    case 23:
        if (c->rd_key == 0) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "unprotected application data");
        if (ptlen == 0) return idle_record(c);
        c->idle_records = 0;
        if (c->app_off == c->app_len) c->app_off = c->app_len = 0;
        if (buf_append(&c->app, &c->app_len, &c->app_cap, pt, ptlen, 1u << 24) != 0)
            return tls_fail(c, ALERT_INTERNAL_ERROR, "application buffer full");
        return 0;
    default: return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "bad inner content type %u", type);
    }
}

int tls_get_hs(struct tls_conn *c, uint8_t *type, const uint8_t **body, size_t *len, const uint8_t **whole,
               size_t *whole_len) {
    for (;;) {
        size_t avail = c->hs_len - c->hs_off, hh = tls_hs_hdr(c);
        if (avail >= hh) {
            const uint8_t *m = c->hs + c->hs_off;
            size_t n = ((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3];
            if (n > (1u << 18) - hh) return tls_fail(c, ALERT_DECODE_ERROR, "handshake message too long");
            if (avail >= hh + n) {
                *type = m[0];
                *body = m + hh;
                *len = n;
                if (whole) *whole = m;
                if (whole_len) *whole_len = n + hh;
                return 1;
            }
        }
        if (c->app_len > c->app_off) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "application data in handshake");
        c->last_type = 0;
        int r = tls_read_record(c);
        if (r < 0) return -1;
        if (r == 1) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "change_cipher_spec in wrong place");
        /* RFC 8446 5 / 5.1: application data before the handshake is
         * complete is unexpected, a zero-length record included (it would
         * otherwise be dropped silently and the handshake would wait). */
        if (c->last_type == 23) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "application data during the handshake");
        if (c->peer_closed) return tls_fail(c, 0xff, "peer closed during handshake");
    }
}

void tls_consume_hs(struct tls_conn *c) {
    const uint8_t *m = c->hs + c->hs_off;
    size_t n = ((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3];
    c->hs_off += tls_hs_hdr(c) + n;
    if (c->hs_off == c->hs_len) c->hs_off = c->hs_len = 0;
}

/* nothing buffered in the engine and nothing waiting on the socket */
static bool socket_idle(struct tls_conn *c) {
    if (c->dtls && dtls_pending(c)) return false; /* records left in the current datagram */
    if (c->ra_len > c->ra_off) return false;      /* read ahead */
    struct pollfd p = {c->fd, POLLIN, 0};
    return poll(&p, 1, 0) == 0;
}

/* TCP EOF after the handshake with no close_notify before it.  RFC 8446 6.1
 * and RFC 5246 7.2.1: close_notify is how a peer ends its data, so without it
 * an attacker who closes the TCP connection could cut the data short
 * unnoticed (OpenSSL 3: SSL_R_UNEXPECTED_EOF_WHILE_READING).  An error unless
 * the caller opted out for peers known to skip close_notify.  No close_notify
 * of ours follows: the connection failed (as OpenSSL treats it), and the
 * peer's read side may well be gone too. */
static long eof_without_close_notify(struct tls_conn *c) {
    if (c->cfg->ignore_eof) {
        c->peer_closed = true;
        return 0;
    }
    c->truncated = true;
    c->failed = true;
    snprintf(c->err, sizeof(c->err), "peer closed the connection without close_notify (possible truncation)");
    return -1;
}

static long read_impl(struct tls_conn *c, uint8_t *buf, size_t len, bool once) {
    bool did_read = false;
    for (;;) {
        if (c->app_len > c->app_off) {
            size_t n = c->app_len - c->app_off;
            if (n > len) n = len;
            memcpy(buf, c->app + c->app_off, n);
            c->app_off += n;
            return (long)n;
        }
        if (c->peer_closed) return 0;
        if (c->failed) return -1;
        /* post-handshake handshake messages */
        if (c->hs_len - c->hs_off >= tls_hs_hdr(c)) {
            const uint8_t *m = c->hs + c->hs_off;
            size_t n = ((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3];
            if (c->hs_len - c->hs_off >= tls_hs_hdr(c) + n) {
                uint8_t t = m[0];
                int r;
                if (c->version == 0x0304) {
                    r = tls13_post_handshake(c, t, m + tls_hs_hdr(c), n);
                } else if (t == HS_HELLO_REQUEST && n == 0 && !c->cfg->server) {
                    /* RFC 5246 7.4.1.1: may be ignored; we do not renegotiate */
                    (void)tls_send_alert(c, 1, ALERT_NO_RENEGOTIATION);
                    r = 0;
                } else if (t == HS_CLIENT_HELLO && c->cfg->server) {
                    /* RFC 5746 4.4 / RFC 5246 7.2.2: a server that does not
                     * renegotiate answers a renegotiation ClientHello with a
                     * warning no_renegotiation and keeps the connection. */
                    (void)tls_send_alert(c, 1, ALERT_NO_RENEGOTIATION);
                    r = 0;
                } else {
                    r = tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "unexpected handshake message %u", t);
                }
                if (r < 0) return -1;
                tls_consume_hs(c);
                continue;
            }
        }
        /* A caller driven by poll() must get control back once the records
         * that woke it carried no application data (a NewSessionTicket or a
         * KeyUpdate): blocking here for data the peer may never send would
         * stall the caller's own sending (seen: a 1 MiB upload to s_server
         * stopped after the tickets arrived). */
        if (once && did_read && c->hs_off == c->hs_len && socket_idle(c)) return TLS_READ_AGAIN;
        int r = tls_read_record(c);
        did_read = true;
        if (r == 1) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "unexpected change_cipher_spec");
        if (r < 0) {
            if (c->peer_eof && !c->failed) return eof_without_close_notify(c);
            if (c->peer_closed && !c->failed) return 0;
            return -1;
        }
    }
}

long tls_read(struct tls_conn *c, uint8_t *buf, size_t len) { return read_impl(c, buf, len, false); }

long tls_read_nb(struct tls_conn *c, uint8_t *buf, size_t len) { return read_impl(c, buf, len, true); }

int tls_write(struct tls_conn *c, const uint8_t *buf, size_t len) {
    if (c->failed || c->sent_close) return -1;
    if (len == 0) return 0;
    if (c->cfg->fault == TLS_FAULT_UNEXPECTED_MESSAGE && !c->fault_done) {
        /* test-only: a Finished after the handshake is unexpected in every
         * version; the peer must answer unexpected_message (RFC 8446 6.2) */
        uint8_t m[4 + 48] = {HS_FINISHED, 0, 0, 12};
        size_t vl = c->version == 0x0304 && c->si ? c->si->hash_len : 12;
        m[3] = (uint8_t)vl;
        c->fault_done = true;
        if (tls_send_record(c, 22, m, 4 + vl) != 0) return -1;
    }
    return tls_send_record(c, 23, buf, len);
}

int tls_close(struct tls_conn *c) {
    if (c->failed || c->sent_close) return 0;
    if (c->cfg->fault == TLS_FAULT_NO_CLOSE_NOTIFY) {
        /* test-only: end our data with a bare FIN; the peer must report a
         * possible truncation (RFC 8446 6.1) rather than a clean close */
        c->sent_close = true;
        return shutdown(c->fd, SHUT_WR) == 0 ? 0 : -1;
    }
    return tls_send_alert(c, 1, ALERT_CLOSE_NOTIFY);
}
