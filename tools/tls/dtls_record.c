/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * dtls_record.c - the DTLS record layer of the CLI engine (RFC 6347 section
 * 4.1-4.2, RFC 4347): datagrams holding several records, epochs, the
 * anti-replay window, silent discard of records that fail authentication,
 * handshake fragmentation into MTU-sized datagrams and reassembly, flights
 * and their retransmission timer.  Records are protected and opened only by
 * SslEncryptPacket / SslDecryptPacket with SequenceNumber = epoch || sequence.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "dtls.h"

#define SEQ_MASK ((1ull << 48) - 1)

uint16_t tls_proto(const struct tls_conn *c) {
    if (c->cfg->dtls && c->version != 0) return dtls_wire(c->version);
    return c->version;
}

static uint64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int dtls_conn_init(struct tls_conn *c) {
    if (c->dtls != NULL) return 0;
    struct dtls_state *d = OPENSSL_zalloc(sizeof(*d));
    if (d == NULL) return tls_fail(c, 0xff, "out of memory");
    d->mtu = c->cfg->mtu >= DTLS_MIN_MTU && c->cfg->mtu <= DTLS_MAX_DGRAM ? c->cfg->mtu : DTLS_DEFAULT_MTU;
    d->timer_ms = DTLS_TIMER_INIT;
    /* The client takes the message_seq of the server's first message as the
     * start: 0 normally, 1 for a ServerHello after a HelloVerifyRequest from a
     * stateless server (RFC 6347 4.2.2). */
    d->hs_rd_any = !c->cfg->server;
    c->dtls = d;
    c->rec_version = dtls_wire(c->cfg->min_version) ? dtls_wire(c->cfg->min_version) : 0xFEFF;
    return 0;
}

static void slot_free(struct dtls_reasm *s) {
    if (s->body) OPENSSL_clear_free(s->body, s->len ? s->len : 1);
    OPENSSL_free(s->bits);
    memset(s, 0, sizeof(*s));
}

static void flight_clear(struct dtls_state *d) {
    for (size_t i = 0; i < d->n_flight; i++)
        OPENSSL_clear_free(d->flight[i].p, d->flight[i].len);
    d->n_flight = 0;
    d->flight_unsent = false;
}

void dtls_conn_free(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    if (d == NULL) return;
    flight_clear(d);
    for (size_t i = 0; i < DTLS_REASM_SLOTS; i++)
        slot_free(&d->slot[i]);
    tls_free_key(c, &d->prev_wr_key);
    OPENSSL_clear_free(d, sizeof(*d));
    c->dtls = NULL;
}

bool dtls_pending(const struct tls_conn *c) { return c->dtls != NULL && c->dtls->in_off < c->dtls->in_len; }

void dtls_next_read_epoch(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    d->rd_epoch++;
    d->rd_any = false;
    d->rd_window = 0;
}

void dtls_next_write_epoch(struct tls_conn *c, NCRYPT_KEY_HANDLE k) {
    struct dtls_state *d = c->dtls;
    tls_free_key(c, &d->prev_wr_key);
    d->prev_wr_key = c->wr_key; /* flight messages of the old epoch are retransmitted under it */
    c->wr_key = k;
    c->wr_seq = 0;
    d->wr_epoch++;
}

/* ------------------------------------------------------------------------ */
/* Sending                                                                   */
/* ------------------------------------------------------------------------ */

static NCRYPT_KEY_HANDLE epoch_key(struct tls_conn *c, uint16_t epoch) {
    struct dtls_state *d = c->dtls;
    if (epoch == 0) return 0;
    if (epoch == d->wr_epoch) return c->wr_key;
    if (epoch + 1 == d->wr_epoch) return d->prev_wr_key;
    return 0;
}

/* Largest plaintext of a record under epoch's key that fits room bytes.
 * The encrypted size comes from a SslEncryptPacket size query (pbOutput
 * NULL): header, explicit IV, MAC/tag, and for CBC up to a block of padding. */
static size_t max_fragment(struct tls_conn *c, uint16_t epoch, size_t room) {
    NCRYPT_KEY_HANDLE k = epoch_key(c, epoch);
    size_t ovh = DTLS_HDR;
    if (k != 0) {
        DWORD cb = 0;
        if (SSLCALL(c, SslEncryptPacket, c->cfg->prov, k, NULL, 0, NULL, 0, &cb, 0, 23, 0) != 0) return 0;
        ovh = cb + 15; /* CBC: padding may grow by up to one block minus one */
    }
    if (room <= ovh) return 0;
    size_t f = room - ovh;
    return f > TLS_MAX_PLAINTEXT ? TLS_MAX_PLAINTEXT : f;
}

static int dgram_flush(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    if (d->out_len == 0) return 0;
    ssize_t k;
    int refused = 0;
    do
        k = send(c->fd, d->out, d->out_len, MSG_NOSIGNAL);
    /* ECONNREFUSED: the ICMP port unreachable of an earlier datagram (the
     * peer was not up yet), reported by - and failing - this send: once
     * more; after that the retransmission timer covers it. */
    while (k < 0 && (errno == EINTR || (errno == ECONNREFUSED && refused++ == 0)));
    d->out_len = 0;
    if (k < 0 && errno != ECONNREFUSED) {
        c->failed = true;
        if (c->err[0] == 0) snprintf(c->err, sizeof(c->err), "send failed: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* One record of epoch appended to the datagram being assembled. */
static int emit_record(struct tls_conn *c, uint16_t epoch, uint8_t type, const uint8_t *p, size_t n) {
    struct dtls_state *d = c->dtls;
    uint64_t *sq = &d->wr_seq[epoch & 3];
    if (*sq >= SEQ_MASK) return tls_fail(c, 0xff, "DTLS sequence numbers exhausted");
    uint64_t seq = ((uint64_t)epoch << 48) | *sq;
    NCRYPT_KEY_HANDLE k = epoch_key(c, epoch);
    size_t cap = sizeof(d->out) - d->out_len;
    uint8_t *o = d->out + d->out_len;
    DWORD cb = 0;
    if (epoch != 0) {
        if (k == 0) return tls_fail(c, ALERT_INTERNAL_ERROR, "no key for epoch %u", epoch);
        SECURITY_STATUS st =
            SSLCALL(c, SslEncryptPacket, c->cfg->prov, k, (PBYTE)p, (DWORD)n, o, (DWORD)cap, &cb, seq, type, 0);
        if (st != 0) {
            c->failed = true;
            snprintf(c->err, sizeof(c->err), "SslEncryptPacket failed: %s (0x%08x)", tls_status_name(st), (unsigned)st);
            return -1;
        }
        if (c->cfg->fault == TLS_FAULT_TAMPER_RECORD && type == 23 && !c->fault_done && cb > DTLS_HDR &&
            cap >= 3 * (size_t)cb) {
            /* test-only: a copy with one flipped bit, then the record, then
             * the record again: the peer must drop the first silently (RFC
             * 6347 4.1.2.7) and the third as a replay (4.1.2.6) */
            memmove(o + cb, o, cb);
            memcpy(o + 2 * cb, o + cb, cb);
            o[cb - 1] ^= 0x01;
            cb *= 3;
            c->fault_done = true;
        }
    } else {
        if (cap < DTLS_HDR + n) return tls_fail(c, ALERT_INTERNAL_ERROR, "datagram overflow");
        o[0] = type;
        o[1] = (uint8_t)(c->rec_version >> 8);
        o[2] = (uint8_t)c->rec_version;
        for (int i = 0; i < 8; i++)
            o[3 + i] = (uint8_t)(seq >> (56 - 8 * i));
        o[11] = (uint8_t)(n >> 8);
        o[12] = (uint8_t)n;
        if (n) memcpy(o + DTLS_HDR, p, n);
        cb = (DWORD)(DTLS_HDR + n);
    }
    (*sq)++;
    d->out_len += cb;
    return 0;
}

/* Records of one type: as many per datagram as fit in the MTU.  An empty
 * payload is still one (empty) record.  (The loops here and in
 * emit_handshake run until the last piece is out: a `continue` to the next
 * datagram must not skip the test of a do-while, which dropped an empty
 * message that met a full datagram.) */
static int emit_split(struct tls_conn *c, uint16_t epoch, uint8_t type, const uint8_t *p, size_t n) {
    struct dtls_state *d = c->dtls;
    for (;;) {
        size_t f = max_fragment(c, epoch, d->mtu > d->out_len ? d->mtu - d->out_len : 0);
        if (f < (n < 32 ? n : 32) || f == 0) {
            if (d->out_len == 0) return tls_fail(c, ALERT_INTERNAL_ERROR, "MTU %u too small", d->mtu);
            if (dgram_flush(c) != 0) return -1;
            continue;
        }
        if (f > n) f = n;
        if (emit_record(c, epoch, type, p, f) != 0) return -1;
        p += f;
        n -= f;
        if (n == 0) return 0;
    }
}

/* A handshake message (with its 12-byte header) as fragments (RFC 6347
 * 4.2.3): each fragment repeats the header with its offset and length, and
 * a fragment never spans datagrams. */
static int emit_handshake(struct tls_conn *c, uint16_t epoch, const uint8_t *m, size_t len) {
    struct dtls_state *d = c->dtls;
    size_t body = len - DTLS_HS_HDR, off = 0;
    uint8_t frag[DTLS_HS_HDR + TLS_MAX_PLAINTEXT];
    for (;;) {
        size_t fit = max_fragment(c, epoch, d->mtu > d->out_len ? d->mtu - d->out_len : 0);
        size_t f = fit > DTLS_HS_HDR ? fit - DTLS_HS_HDR : 0;
        size_t left = body - off;
        if (fit < DTLS_HS_HDR || (f < left && f < 64)) { /* too small a piece: next datagram */
            if (d->out_len == 0) return tls_fail(c, ALERT_INTERNAL_ERROR, "MTU %u too small", d->mtu);
            if (dgram_flush(c) != 0) return -1;
            continue;
        }
        if (f > left) f = left;
        memcpy(frag, m, 6); /* type, length, message_seq */
        frag[6] = (uint8_t)(off >> 16), frag[7] = (uint8_t)(off >> 8), frag[8] = (uint8_t)off;
        frag[9] = (uint8_t)(f >> 16), frag[10] = (uint8_t)(f >> 8), frag[11] = (uint8_t)f;
        memcpy(frag + DTLS_HS_HDR, m + DTLS_HS_HDR + off, f);
        int r = emit_record(c, epoch, 22, frag, DTLS_HS_HDR + f);
        OPENSSL_cleanse(frag, sizeof(frag));
        if (r != 0) return -1;
        off += f;
        if (off >= body) return 0; /* an empty body (ServerHelloDone): one fragment */
    }
}

static int transmit_flight(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    for (size_t i = 0; i < d->n_flight; i++) {
        const struct dtls_flight_msg *m = &d->flight[i];
        int r =
            m->type == 22 ? emit_handshake(c, m->epoch, m->p, m->len) : emit_split(c, m->epoch, m->type, m->p, m->len);
        if (r != 0) return -1;
    }
    d->flight_unsent = false;
    return dgram_flush(c);
}

int dtls_flush(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    if (d == NULL || !d->flight_unsent) return 0;
    return transmit_flight(c);
}

/* A message of our next flight.  The first message after the peer answered
 * opens a new flight (the previous one needs no more retransmission). */
static int flight_add(struct tls_conn *c, uint8_t type, const uint8_t *p, size_t len) {
    struct dtls_state *d = c->dtls;
    if (d->flight_acked) {
        flight_clear(d);
        d->flight_acked = false;
        /* RFC 6347 4.2.4.1: the backoff doubles the timer for the
         * retransmissions of one flight; each new flight starts again at the
         * initial 1 s (as OpenSSL and GnuTLS do), so one lossy flight does not
         * slow down the rest of the handshake. */
        d->timer_ms = DTLS_TIMER_INIT;
        d->retries = 0;
    }
    if (d->n_flight == DTLS_FLIGHT_MSGS) return tls_fail(c, ALERT_INTERNAL_ERROR, "flight too long");
    uint8_t *cp = OPENSSL_malloc(len ? len : 1);
    if (cp == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
    memcpy(cp, p, len);
    d->flight[d->n_flight++] = (struct dtls_flight_msg){type, d->wr_epoch, cp, len};
    d->flight_unsent = true;
    return 0;
}

int dtls_send_hs(struct tls_conn *c, const uint8_t *msg, size_t len) {
    struct dtls_state *d = c->dtls;
    if (len < 4) return tls_fail(c, ALERT_INTERNAL_ERROR, "short handshake message");
    size_t body = len - 4;
    uint8_t *m = OPENSSL_malloc(body + DTLS_HS_HDR);
    if (m == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
    /* RFC 6347 4.2.2: type, length, message_seq, fragment_offset = 0,
     * fragment_length = length - as the transcript hashes it (4.2.6). */
    memcpy(m, msg, 4);
    m[4] = (uint8_t)(d->hs_wr_seq >> 8), m[5] = (uint8_t)d->hs_wr_seq;
    memset(m + 6, 0, 3);
    memcpy(m + 9, msg + 1, 3);
    memcpy(m + DTLS_HS_HDR, msg + 4, body);
    d->hs_wr_seq++;
    int r = tls_transcript_add(c, m, body + DTLS_HS_HDR);
    if (r == 0) r = flight_add(c, 22, m, body + DTLS_HS_HDR);
    OPENSSL_clear_free(m, body + DTLS_HS_HDR);
    return r;
}

int dtls_send_record(struct tls_conn *c, uint8_t type, const uint8_t *p, size_t n) {
    struct dtls_state *d = c->dtls;
    if (type == 20 || type == 22) return flight_add(c, type, p, n); /* ChangeCipherSpec: part of the flight */
    /* alerts and application data go out now, after anything buffered */
    if (dtls_flush(c) != 0) return -1;
    if (emit_split(c, d->wr_epoch, type, p, n) != 0) return -1;
    return dgram_flush(c);
}

/* ------------------------------------------------------------------------ */
/* Receiving                                                                 */
/* ------------------------------------------------------------------------ */

int dtls_parse_header(const uint8_t *p, size_t avail, uint8_t *type, uint16_t *version, uint16_t *epoch, uint64_t *seq,
                      size_t *len) {
    if (avail < DTLS_HDR) return -1;
    *type = p[0];
    *version = (uint16_t)((p[1] << 8) | p[2]);
    *epoch = (uint16_t)((p[3] << 8) | p[4]);
    uint64_t s = 0;
    for (int i = 5; i < 11; i++)
        s = (s << 8) | p[i];
    *seq = s;
    *len = ((size_t)p[11] << 8) | p[12];
    if (*len > avail - DTLS_HDR) return -1;
    return 0;
}

/* Our last flight again, at most once per received datagram: the peer
 * retransmitted its previous flight, so ours was lost (RFC 6347 4.2.4). */
static int maybe_retransmit(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    if (d->retransmitted_this_dgram || d->n_flight == 0 || d->flight_acked || d->flight_unsent) return 0;
    d->retransmitted_this_dgram = true;
    d->n.retransmits++;
    return transmit_flight(c);
}

static int hs_append(struct tls_conn *c, const uint8_t *p, size_t n) {
    if (c->hs_off > 0 && c->hs_off == c->hs_len) c->hs_off = c->hs_len = 0;
    if (c->hs_len + n > (1u << 18)) return tls_fail(c, ALERT_UNEXPECTED_MESSAGE, "handshake data too large");
    if (c->hs_len + n > c->hs_cap) {
        size_t nc = c->hs_cap ? c->hs_cap : 4096;
        while (nc < c->hs_len + n)
            nc *= 2;
        uint8_t *np = OPENSSL_clear_realloc(c->hs, c->hs_cap, nc);
        if (np == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
        c->hs = np;
        c->hs_cap = nc;
    }
    memcpy(c->hs + c->hs_len, p, n);
    c->hs_len += n;
    return 0;
}

/* Complete messages at the head of the reassembly window, in order, into
 * c->hs with their 12-byte header (fragment_offset 0, fragment_length =
 * length), the form the transcript hashes (RFC 6347 4.2.6). */
static int deliver(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    while (d->slot[0].used && d->slot[0].have == d->slot[0].len) {
        struct dtls_reasm *s = &d->slot[0];
        uint8_t h[DTLS_HS_HDR] = {s->type,
                                  (uint8_t)(s->len >> 16),
                                  (uint8_t)(s->len >> 8),
                                  (uint8_t)s->len,
                                  (uint8_t)(d->hs_rd_seq >> 8),
                                  (uint8_t)d->hs_rd_seq,
                                  0,
                                  0,
                                  0,
                                  (uint8_t)(s->len >> 16),
                                  (uint8_t)(s->len >> 8),
                                  (uint8_t)s->len};
        if (hs_append(c, h, sizeof(h)) != 0 || hs_append(c, s->body, s->len) != 0) return -1;
        slot_free(s);
        memmove(&d->slot[0], &d->slot[1], sizeof(d->slot[0]) * (DTLS_REASM_SLOTS - 1));
        memset(&d->slot[DTLS_REASM_SLOTS - 1], 0, sizeof(d->slot[0]));
        d->hs_rd_seq++;
    }
    return 0;
}

int dtls_hs_fragments(struct tls_conn *c, const uint8_t *p, size_t n) {
    struct dtls_state *d = c->dtls;
    while (n > 0) {
        if (n < DTLS_HS_HDR) {
            d->n.malformed++;
            return 0;
        }
        uint8_t type = p[0];
        size_t mlen = ((size_t)p[1] << 16) | ((size_t)p[2] << 8) | p[3];
        uint16_t mseq = (uint16_t)((p[4] << 8) | p[5]);
        size_t foff = ((size_t)p[6] << 16) | ((size_t)p[7] << 8) | p[8];
        size_t flen = ((size_t)p[9] << 16) | ((size_t)p[10] << 8) | p[11];
        if (flen > n - DTLS_HS_HDR || foff > mlen || flen > mlen - foff || mlen > (1u << 18) - DTLS_HS_HDR) {
            d->n.malformed++; /* the rest of the record cannot be framed */
            return 0;
        }
        const uint8_t *frag = p + DTLS_HS_HDR;
        p += DTLS_HS_HDR + flen;
        n -= DTLS_HS_HDR + flen;
        if (d->hs_rd_any) {
            /* only the server's first message sets the count: a later one
             * whose predecessors were lost must not */
            if (type != HS_HELLO_VERIFY_REQUEST && type != HS_SERVER_HELLO) continue;
            d->hs_rd_seq = mseq;
            d->hs_rd_any = false;
        }
        if (mseq < d->hs_rd_seq) { /* a retransmission of a message we have */
            if (maybe_retransmit(c) != 0) return -1;
            continue;
        }
        if (mseq - d->hs_rd_seq >= DTLS_REASM_SLOTS) continue; /* too far ahead: it will come again */
        struct dtls_reasm *s = &d->slot[mseq - d->hs_rd_seq];
        if (!s->used) {
            s->body = OPENSSL_zalloc(mlen ? mlen : 1);
            s->bits = OPENSSL_zalloc(mlen / 8 + 1);
            if (s->body == NULL || s->bits == NULL) {
                slot_free(s);
                return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
            }
            s->used = true;
            s->type = type;
            s->len = mlen;
        } else if (s->type != type || s->len != mlen) {
            d->n.malformed++; /* inconsistent with earlier fragments: dropped */
            continue;
        }
        for (size_t i = 0; i < flen; i++) {
            size_t o = foff + i;
            if (!(s->bits[o / 8] & (1u << (o % 8)))) {
                s->bits[o / 8] |= (uint8_t)(1u << (o % 8));
                s->body[o] = frag[i];
                s->have++;
            }
        }
        d->flight_acked = true; /* the peer's next flight has begun: ours arrived */
        if (deliver(c) != 0) return -1;
    }
    return 0;
}

/* An empty read is an empty UDP datagram - or the end of the input on the
 * SOCK_SEQPACKET socketpair of the fuzz target and unit tests. */
static bool is_udp(int fd) {
    int t = 0;
    socklen_t l = sizeof(t);
    return getsockopt(fd, SOL_SOCKET, SO_TYPE, &t, &l) != 0 || t == SOCK_DGRAM;
}

/* Wait for a datagram; on the timer, retransmit the flight (RFC 6347 4.2.4).
 * 0 = a datagram in d->in, -1 = failed. */
static int next_datagram(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    uint64_t deadline = mono_ms() + d->timer_ms;
    for (;;) {
        bool timer = d->n_flight > 0 && !d->hs_done;
        int wait = -1;
        if (timer) {
            uint64_t now = mono_ms();
            wait = now >= deadline ? 0 : (int)(deadline - now);
        }
        struct pollfd pf = {c->fd, POLLIN, 0};
        int pr = poll(&pf, 1, wait);
        if (pr < 0 && errno == EINTR) continue;
        if (pr < 0) return tls_fail(c, 0xff, "poll failed: %s", strerror(errno));
        if (pr == 0) {
            if (d->retries >= DTLS_MAX_RETRIES)
                return tls_fail(c, 0xff, "handshake timed out after %u retransmissions", d->retries);
            d->retries++;
            d->n.timeouts++;
            d->n.retransmits++;
            d->timer_ms = d->timer_ms * 2 > DTLS_TIMER_MAX ? DTLS_TIMER_MAX : d->timer_ms * 2;
            if (c->cfg->trace)
                fprintf(c->cfg->trace_out ? c->cfg->trace_out : stderr,
                        "[%s] DTLS timer expired: retransmitting the flight (retry %u, next timer %u ms)\n",
                        c->cfg->server ? "server" : "client", d->retries, d->timer_ms);
            if (transmit_flight(c) != 0) return -1;
            deadline = mono_ms() + d->timer_ms;
            continue;
        }
        ssize_t k = recv(c->fd, d->in, sizeof(d->in), 0);
        if (k < 0 && (errno == EINTR || errno == ECONNREFUSED || errno == EAGAIN)) continue;
        if (k < 0) return tls_fail(c, 0xff, "recv failed: %s", strerror(errno));
        if (k == 0 && !is_udp(c->fd)) return tls_fail(c, 0xff, "end of input"); /* a test socketpair */
        d->in_len = (size_t)k;
        d->in_off = 0;
        d->retransmitted_this_dgram = false;
        return 0;
    }
}

/* RFC 6347 4.1.2.6: a sliding window of 64 sequence numbers. */
static bool replayed(const struct dtls_state *d, uint64_t seq) {
    if (!d->rd_any || seq > d->rd_top) return false;
    uint64_t diff = d->rd_top - seq;
    return diff >= 64 || (d->rd_window >> diff) & 1;
}

static void window_mark(struct dtls_state *d, uint64_t seq) {
    if (!d->rd_any) {
        d->rd_any = true;
        d->rd_top = seq;
        d->rd_window = 1;
    } else if (seq > d->rd_top) {
        uint64_t shift = seq - d->rd_top;
        d->rd_window = shift >= 64 ? 1 : (d->rd_window << shift) | 1;
        d->rd_top = seq;
    } else {
        d->rd_window |= 1ull << (d->rd_top - seq);
    }
}

/* --trace: a record dropped silently, and why. */
static void drop_trace(struct tls_conn *c, const char *why, uint16_t epoch, uint64_t seq) {
    if (c->cfg->trace)
        fprintf(c->cfg->trace_out ? c->cfg->trace_out : stderr, "[%s] DTLS record epoch %u seq %llu dropped: %s\n",
                c->cfg->server ? "server" : "client", epoch, (unsigned long long)seq, why);
}

int dtls_read_record(struct tls_conn *c) {
    struct dtls_state *d = c->dtls;
    bool waited = false;
    for (;;) {
        if (d->in_off >= d->in_len) {
            /* A datagram whose records were all dropped (a duplicate, a
             * replay, a forgery) ends the call: a poll()-driven caller
             * (tls_read_nb) must not block here for the next one. */
            if (waited) return 0;
            if (dtls_flush(c) != 0 || next_datagram(c) != 0) return -1;
            waited = true;
            continue;
        }
        uint8_t type;
        uint16_t version, epoch;
        uint64_t seq;
        size_t len;
        uint8_t *rec = d->in + d->in_off;
        if (dtls_parse_header(rec, d->in_len - d->in_off, &type, &version, &epoch, &seq, &len) != 0) {
            d->n.malformed++; /* RFC 6347 4.1.2.7: invalid records are dropped, here the rest of the datagram */
            d->in_off = d->in_len;
            continue;
        }
        d->in_off += DTLS_HDR + len;
        if ((version >> 8) != 0xFE || len > TLS_MAX_PLAINTEXT + 2048) {
            d->n.malformed++;
            continue;
        }
        if (epoch != d->rd_epoch) {
            /* the peer's previous flight again (our answer was lost): resend ours */
            if (epoch + 1 == d->rd_epoch && (type == 22 || type == 20) && maybe_retransmit(c) != 0) return -1;
            d->n.bad_epoch++;
            drop_trace(c, "other epoch", epoch, seq);
            continue;
        }
        if (replayed(d, seq)) {
            d->n.replayed++;
            drop_trace(c, "replayed (RFC 6347 4.1.2.6)", epoch, seq);
            continue;
        }
        const uint8_t *pt = rec + DTLS_HDR;
        size_t ptlen = len;
        if (c->rd_key != 0) {
            DWORD cb = 0;
            tls_note_pbuf(c, DTLS_HDR + len);
            SECURITY_STATUS st = SSLCALL(c, SslDecryptPacket, c->cfg->prov, c->rd_key, rec, (DWORD)(DTLS_HDR + len),
                                         c->pbuf, (DWORD)sizeof(c->pbuf), &cb, ((uint64_t)epoch << 48) | seq, 0);
            if (st != 0) {
                /* RFC 6347 4.1.2.7: silently discarded, the session goes on */
                d->n.bad_auth++;
                drop_trace(c, "failed authentication (RFC 6347 4.1.2.7)", epoch, seq);
                continue;
            }
            pt = c->pbuf;
            ptlen = cb;
        }
        window_mark(d, seq);
        if (ptlen > TLS_MAX_PLAINTEXT) {
            d->n.malformed++;
            continue;
        }
        switch (type) {
        case 20:
            if (ptlen != 1 || pt[0] != 1 || !c->expect_ccs) continue; /* early or repeated: dropped */
            c->expect_ccs = false;
            return 1;
        case 21:
            if (ptlen != 2) continue;
            if (pt[1] == ALERT_CLOSE_NOTIFY) {
                c->peer_closed = true;
                return 0;
            }
            c->got_alert = true;
            c->alert_recv = pt[1];
            if (pt[0] == 1) return 0; /* warning */
            c->failed = true;
            snprintf(c->err, sizeof(c->err), "received alert %s (%u)", tls_alert_name(pt[1]), pt[1]);
            return -1;
        case 22:
            if (dtls_hs_fragments(c, pt, ptlen) != 0) return -1;
            return 0;
        case 23:
            if (c->rd_key == 0 || ptlen == 0) continue;
            if (c->app_off == c->app_len) c->app_off = c->app_len = 0;
            if (c->app_len + ptlen > c->app_cap) {
                size_t nc = c->app_cap ? c->app_cap : 16384;
                while (nc < c->app_len + ptlen)
                    nc *= 2;
                if (nc > (1u << 24)) return tls_fail(c, ALERT_INTERNAL_ERROR, "application buffer full");
                uint8_t *np = OPENSSL_clear_realloc(c->app, c->app_cap, nc);
                if (np == NULL) return tls_fail(c, ALERT_INTERNAL_ERROR, "out of memory");
                c->app = np;
                c->app_cap = nc;
            }
            memcpy(c->app + c->app_len, pt, ptlen);
            c->app_len += ptlen;
            return 0;
        default: d->n.malformed++; continue;
        }
    }
}

void dtls_preload(struct tls_conn *c, const uint8_t *dgram, size_t len, uint16_t msg_seq, uint64_t rec_seq) {
    if (dtls_conn_init(c) != 0) return;
    struct dtls_state *d = c->dtls;
    if (len > sizeof(d->in)) len = sizeof(d->in);
    memcpy(d->in, dgram, len);
    d->in_len = len;
    d->in_off = 0;
    d->hs_rd_seq = msg_seq;
    d->hs_rd_any = false;
    /* RFC 6347 4.2.2: our message_seq continues from the ClientHello's
     * (1 after a HelloVerifyRequest), and our records from its sequence
     * number, as a stateless server that answered the first ClientHello
     * would (4.2.1). */
    d->hs_wr_seq = msg_seq;
    d->wr_seq[0] = rec_seq;
}
