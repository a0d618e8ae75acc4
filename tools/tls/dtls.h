/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * dtls.h - DTLS 1.2 (RFC 6347) and DTLS 1.0 (RFC 4347) for the CLI engine
 * (issue #15).  The TLS 1.2 handshake code (tls12.c) runs unchanged on top of
 * a datagram record layer (dtls_record.c): 13-byte record headers with epoch
 * and sequence number, records protected by SslEncryptPacket /
 * SslDecryptPacket with SequenceNumber = epoch(16) || sequence(48), handshake
 * messages with the 12-byte DTLS header fragmented into MTU-sized datagrams
 * and reassembled, flights retransmitted on the RFC 6347 4.2.4 timer, the
 * 64-record anti-replay window (4.1.2.6) and silent discard of records that
 * fail authentication (4.1.2.7).  dtls_hello.c holds the ClientHello with its
 * cookie, the HelloVerifyRequest exchange (4.2.1) and the stateless HMAC
 * cookie of the server.
 */
#ifndef SSLPROV_TOOLS_DTLS_H
#define SSLPROV_TOOLS_DTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tls.h"

#define DTLS_HDR                13 /* type, version, epoch, sequence_number(48), length */
#define DTLS_HS_HDR             12 /* type, length, message_seq, fragment_offset, fragment_length */
#define DTLS_DEFAULT_MTU        1400
#define DTLS_MIN_MTU            256
#define DTLS_MAX_DGRAM          65536
#define DTLS_TIMER_INIT         1000  /* RFC 6347 4.2.4.1: initial timer 1 s */
#define DTLS_TIMER_MAX          60000 /* ... doubled on each retransmission up to 60 s */
#define DTLS_MAX_RETRIES        7     /* retransmissions of one flight before giving up */
#define DTLS_REASM_SLOTS        8     /* handshake messages buffered ahead of the next expected one */
#define DTLS_FLIGHT_MSGS        12
#define DTLS_COOKIE_LEN         32 /* <= 32: the DTLS 1.0 cookie limit (RFC 4347 4.2.1) */
#define HS_HELLO_VERIFY_REQUEST 3

/* DTLS wire version of a TLS-equivalent version (RFC 6347 4.1: 1's complement). */
static inline uint16_t dtls_wire(uint16_t tlsv) { return tlsv == 0x0302 ? 0xFEFF : tlsv == 0x0303 ? 0xFEFD : 0; }
/* ... and back; 0 for a value that is no DTLS version we speak. */
static inline uint16_t dtls_from_wire(uint16_t w) { return w == 0xFEFF ? 0x0302 : w == 0xFEFD ? 0x0303 : 0; }

/* One message of the current flight, kept for retransmission (RFC 6347
 * 4.2.4): a ChangeCipherSpec or a whole handshake message with its DTLS
 * header, and the epoch it was first sent in (retransmissions keep it). */
struct dtls_flight_msg {
    uint8_t type; /* 20 or 22 */
    uint16_t epoch;
    uint8_t *p;
    size_t len;
};

/* A handshake message being reassembled (RFC 6347 4.2.3). */
struct dtls_reasm {
    bool used;
    uint8_t type;
    size_t len, have;
    uint8_t *body;
    uint8_t *bits; /* one bit per body byte received */
};

struct dtls_counters {
    unsigned replayed, bad_auth, bad_epoch, malformed, retransmits, timeouts, hello_verify;
};

struct dtls_state {
    unsigned mtu;
    /* write side */
    uint16_t wr_epoch;
    uint64_t wr_seq[4];            /* next record sequence number per epoch (0..3) */
    NCRYPT_KEY_HANDLE prev_wr_key; /* the key of wr_epoch - 1: retransmissions */
    uint16_t hs_wr_seq;            /* next message_seq we send */
    struct dtls_flight_msg flight[DTLS_FLIGHT_MSGS];
    size_t n_flight;
    bool flight_unsent; /* messages buffered, not yet transmitted */
    bool flight_acked;  /* the peer answered: the next message we send opens a new flight */
    unsigned timer_ms, retries;
    uint8_t out[DTLS_MAX_DGRAM]; /* the datagram being assembled */
    size_t out_len;
    /* read side */
    uint16_t rd_epoch;
    bool rd_any;        /* a record of rd_epoch was accepted: rd_top valid */
    uint64_t rd_top;    /* highest sequence number accepted in rd_epoch */
    uint64_t rd_window; /* bit i: rd_top - i was accepted (RFC 6347 4.1.2.6) */
    uint8_t in[DTLS_MAX_DGRAM];
    size_t in_len, in_off;
    uint16_t hs_rd_seq; /* next message_seq expected */
    bool hs_rd_any;     /* client before the server's first message: any message_seq starts the count */
    struct dtls_reasm slot[DTLS_REASM_SLOTS];
    bool retransmitted_this_dgram;
    bool hs_done;
    struct dtls_counters n;
};

/* Per-connection setup: c->cfg->dtls must be set.  0 or -1 (out of memory). */
int dtls_conn_init(struct tls_conn *c);
void dtls_conn_free(struct tls_conn *c);

/* record layer (dtls_record.c), called from tls_record.c's hooks */
int dtls_send_record(struct tls_conn *c, uint8_t type, const uint8_t *p, size_t n);
int dtls_send_hs(struct tls_conn *c, const uint8_t *msg, size_t len); /* TLS 4-byte header in */
int dtls_read_record(struct tls_conn *c);
void dtls_next_read_epoch(struct tls_conn *c);
void dtls_next_write_epoch(struct tls_conn *c, NCRYPT_KEY_HANDLE k);
bool dtls_pending(const struct tls_conn *c);
int dtls_flush(struct tls_conn *c); /* transmit the buffered flight */
/* Preload the first datagram (the server's ClientHello after the cookie
 * exchange) and the message_seq it carries. */
void dtls_preload(struct tls_conn *c, const uint8_t *dgram, size_t len, uint16_t msg_seq, uint64_t rec_seq);
/* Parse one record header at p (avail bytes): 0 and the fields, or -1. */
int dtls_parse_header(const uint8_t *p, size_t avail, uint8_t *type, uint16_t *version, uint16_t *epoch, uint64_t *seq,
                      size_t *len);
/* Feed one handshake record's plaintext into reassembly (dtls_record.c);
 * exposed for the fuzz target.  0, or -1 (c->failed). */
int dtls_hs_fragments(struct tls_conn *c, const uint8_t *p, size_t n);

/* handshakes (dtls_hello.c) */
int dtls_handshake(struct tls_conn *c);
/* Server: the cookie exchange before any state (RFC 6347 4.2.1).  Reads
 * datagrams on the unconnected socket fd, answers a ClientHello without a
 * valid cookie with a HelloVerifyRequest, and returns 0 once a ClientHello
 * with a valid cookie arrived: its datagram in dgram (dlen bytes), the peer address,
 * the message_seq and record sequence number of that ClientHello.  -1 on a
 * socket error; waits at most timeout_ms (-1: forever), then returns 1. */
struct dtls_listener;
struct dtls_listener *dtls_listener_new(struct tls_config *cfg);
void dtls_listener_free(struct dtls_listener *l);
int dtls_listen(struct dtls_listener *l, int fd, int timeout_ms, struct sockaddr_storage *peer, socklen_t *peer_len,
                uint8_t *dgram, size_t *dlen, uint16_t *msg_seq, uint64_t *rec_seq);
/* Cookie of a ClientHello from a peer (HMAC-SHA256 with the listener's
 * secret): exposed for the unit test. */
int dtls_cookie(struct dtls_listener *l, const struct sockaddr *peer, socklen_t plen, const uint8_t *ch_body,
                size_t ch_len, uint8_t out[DTLS_COOKIE_LEN]);
/* Strip the DTLS cookie from a ClientHello body, giving the TLS layout that
 * tls_parse_client_hello reads; cookie/cookie_len point into body.  0 / -1. */
int dtls_ch_to_tls(const uint8_t *body, size_t len, uint8_t *out, size_t *out_len, const uint8_t **cookie,
                   size_t *cookie_len);

#endif
