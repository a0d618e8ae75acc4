/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls.h - a compact TLS 1.0-1.3 client and server engine built only on the
 * public Ssl* functions of sslprovider.h (issue #6).  Hello randoms, session
 * ids and ticket ids come from RAND_bytes; certificate parsing and chain /
 * hostname verification use OpenSSL's X509 API; everything else (key
 * exchange, key schedule, Finished, signatures, records) is a provider call.
 *
 * Internal to the CLI (libsslprov_tls.a), never part of libsslprov.
 */
#ifndef SSLPROV_TOOLS_TLS_H
#define SSLPROV_TOOLS_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <openssl/x509.h>

#include "sslprovider.h"

/* ------------------------------------------------------------------------ */
/* Byte codec (tls_codec.c): bounds-checked reader, growable writer          */
/* ------------------------------------------------------------------------ */

/* A reader never reads past its end; after any failure ok is false and every
 * further read fails too (so parsers check once at the end where convenient). */
struct tls_rd {
    const uint8_t *p;
    size_t len;
    bool ok;
};
void tls_rd_init(struct tls_rd *r, const uint8_t *p, size_t len);
bool tls_rd_u8(struct tls_rd *r, uint8_t *v);
bool tls_rd_u16(struct tls_rd *r, uint16_t *v);
bool tls_rd_u24(struct tls_rd *r, uint32_t *v);
bool tls_rd_u32(struct tls_rd *r, uint32_t *v);
bool tls_rd_bytes(struct tls_rd *r, size_t n, const uint8_t **out);
bool tls_rd_copy(struct tls_rd *r, uint8_t *out, size_t n);
/* Length-prefixed vectors (lenbytes = 1, 2 or 3): a sub-reader over the body. */
bool tls_rd_vec(struct tls_rd *r, int lenbytes, struct tls_rd *sub);
static inline bool tls_rd_done(const struct tls_rd *r) { return r->ok && r->len == 0; }

/* Walk over an extensions block (RFC 8446 4.2: Extension extensions<..>): the
 * one loop every message with extensions uses,
 *     for (tls_ext_begin(&it, &exts); tls_ext_next(&it, &type, &body);) ...
 *     if (!tls_ext_ok(&it)) -> malformed
 * tls_ext_next gives the next (type, body) and returns true; false at the end
 * or when the block is malformed or repeats a type ("There MUST NOT be more
 * than one extension of the same type in a given extension block"), which
 * tls_ext_ok tells apart. */
struct tls_ext_iter {
    struct tls_rd list;
    uint16_t seen[64];
    size_t n_seen;
};
void tls_ext_begin(struct tls_ext_iter *it, const struct tls_rd *exts);
bool tls_ext_next(struct tls_ext_iter *it, uint16_t *type, struct tls_rd *body);
static inline bool tls_ext_ok(const struct tls_ext_iter *it) { return tls_rd_done(&it->list); }

struct tls_wr {
    uint8_t *p;
    size_t len, cap;
    bool ok;
    size_t stack[8]; /* open length prefixes: offset of the prefix */
    int lenb[8];
    int depth;
};
void tls_wr_init(struct tls_wr *w);
void tls_wr_free(struct tls_wr *w); /* wipes */
void tls_wr_u8(struct tls_wr *w, uint8_t v);
void tls_wr_u16(struct tls_wr *w, uint16_t v);
void tls_wr_u24(struct tls_wr *w, uint32_t v);
void tls_wr_bytes(struct tls_wr *w, const void *p, size_t n);
/* tls_wr_open starts a vector with a lenbytes prefix; tls_wr_close fills it. */
void tls_wr_open(struct tls_wr *w, int lenbytes);
void tls_wr_close(struct tls_wr *w);

/* ------------------------------------------------------------------------ */
/* Names (tls_names.c)                                                       */
/* ------------------------------------------------------------------------ */

enum tls_kx { KX_TLS13, KX_ECDHE_ECDSA, KX_ECDHE_RSA, KX_DHE_RSA, KX_RSA };

struct tls_suite_info {
    uint16_t id;
    const char *iana;
    const char *ossl;
    enum tls_kx kx;
    bool tls12_only;  /* AEAD and SHA-256/384 suites */
    uint8_t hash_len; /* TLS 1.3 hash / TLS 1.2 PRF hash: 32 or 48 */
};
const struct tls_suite_info *tls_suite_by_id(uint16_t id);
const struct tls_suite_info *tls_suite_by_name(const char *name); /* IANA or OpenSSL name */
const struct tls_suite_info *tls_suite_table(size_t *n);
const char *tls_suite_name(uint16_t id);

struct tls_group_info {
    uint16_t id;
    const char *name; /* OpenSSL name */
    const char *alias;
    DWORD bits;
};
const struct tls_group_info *tls_group_by_id(uint16_t id);
const struct tls_group_info *tls_group_by_name(const char *name);

const char *tls_version_name(uint16_t v);
const char *tls_alert_name(uint8_t desc);
const char *tls_status_name(SECURITY_STATUS st);

/* ------------------------------------------------------------------------ */
/* Protocol constants                                                        */
/* ------------------------------------------------------------------------ */

enum {
    HS_HELLO_REQUEST = 0,
    HS_CLIENT_HELLO = 1,
    HS_SERVER_HELLO = 2,
    HS_NEW_SESSION_TICKET = 4,
    HS_END_OF_EARLY_DATA = 5,
    HS_ENCRYPTED_EXTENSIONS = 8,
    HS_CERTIFICATE = 11,
    HS_SERVER_KEY_EXCHANGE = 12,
    HS_CERTIFICATE_REQUEST = 13,
    HS_SERVER_HELLO_DONE = 14,
    HS_CERTIFICATE_VERIFY = 15,
    HS_CLIENT_KEY_EXCHANGE = 16,
    HS_FINISHED = 20,
    HS_KEY_UPDATE = 24,
    HS_MESSAGE_HASH = 254,
};

enum {
    EXT_SERVER_NAME = 0,
    EXT_SUPPORTED_GROUPS = 10,
    EXT_EC_POINT_FORMATS = 11,
    EXT_SIGNATURE_ALGORITHMS = 13,
    EXT_ALPN = 16,
    EXT_ENCRYPT_THEN_MAC = 22,
    EXT_EXTENDED_MASTER_SECRET = 23,
    EXT_RECORD_SIZE_LIMIT = 28,
    EXT_SESSION_TICKET = 35,
    EXT_PRE_SHARED_KEY = 41,
    EXT_EARLY_DATA = 42,
    EXT_SUPPORTED_VERSIONS = 43,
    EXT_COOKIE = 44,
    EXT_PSK_KEY_EXCHANGE_MODES = 45,
    EXT_SIGNATURE_ALGORITHMS_CERT = 50,
    EXT_KEY_SHARE = 51,
    EXT_RENEGOTIATION_INFO = 0xff01,
};

enum {
    ALERT_CLOSE_NOTIFY = 0,
    ALERT_UNEXPECTED_MESSAGE = 10,
    ALERT_BAD_RECORD_MAC = 20,
    ALERT_RECORD_OVERFLOW = 22,
    ALERT_HANDSHAKE_FAILURE = 40,
    ALERT_BAD_CERTIFICATE = 42,
    ALERT_UNSUPPORTED_CERTIFICATE = 43,
    ALERT_CERTIFICATE_EXPIRED = 45,
    ALERT_CERTIFICATE_UNKNOWN = 46,
    ALERT_ILLEGAL_PARAMETER = 47,
    ALERT_UNKNOWN_CA = 48,
    ALERT_DECODE_ERROR = 50,
    ALERT_DECRYPT_ERROR = 51,
    ALERT_PROTOCOL_VERSION = 70,
    ALERT_INSUFFICIENT_SECURITY = 71,
    ALERT_INTERNAL_ERROR = 80,
    ALERT_USER_CANCELED = 90,
    ALERT_NO_RENEGOTIATION = 100,
    ALERT_MISSING_EXTENSION = 109,
    ALERT_UNSUPPORTED_EXTENSION = 110,
    ALERT_UNRECOGNIZED_NAME = 112,
    ALERT_CERTIFICATE_REQUIRED = 116,
    ALERT_NO_APPLICATION_PROTOCOL = 120,
};

/* Signature schemes (RFC 8446 section 4.2.3). */
enum {
    SIG_RSA_PKCS1_SHA1 = 0x0201,
    SIG_ECDSA_SHA1 = 0x0203,
    SIG_RSA_PKCS1_SHA256 = 0x0401,
    SIG_RSA_PKCS1_SHA384 = 0x0501,
    SIG_RSA_PKCS1_SHA512 = 0x0601,
    SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
    SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
    SIG_ECDSA_SECP521R1_SHA512 = 0x0603,
    SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
    SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
    SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
    SIG_RSA_PSS_PSS_SHA256 = 0x0809,
    SIG_RSA_PSS_PSS_SHA384 = 0x080a,
    SIG_RSA_PSS_PSS_SHA512 = 0x080b,
    /* pseudo scheme for TLS 1.0/1.1 RSA: MD5||SHA-1 without DigestInfo */
    SIG_RSA_MD5SHA1 = 0xff01,
};

#define TLS_MAX_PLAINTEXT 16384
/* Bytes received at once beyond what the current record needs (a handshake
 * flight or a few small records); a larger remainder is read directly. */
#define TLS_READ_AHEAD 4096
#define TLS_MAX_RECORD (5 + 16384 + 2048)
/* RFC 8446 5.2: TLSCiphertext.length <= 2^14 + 256; 5.4: TLSInnerPlaintext <= 2^14 + 1. */
#define TLS13_MAX_CIPHERTEXT (16384 + 256)
#define TLS13_MAX_INNER      (16384 + 1)
/* Consecutive records that carry nothing (warning alerts, empty records,
 * TLS 1.3 compatibility CCS) before the connection is given up as a
 * resource-exhaustion attempt; OpenSSL allows 32 empty records. */
#define TLS_MAX_IDLE_RECORDS 32
/* The most rejected 0-RTT data a server skips (RFC 8446 4.2.10: "up to the
 * configured max_early_data_size"; we accept no early data, so a bound of our
 * own): 16 full records. */
#define TLS_MAX_EARLY_SKIP (16 * (16384 + 256))

/* ------------------------------------------------------------------------ */
/* Configuration and connection                                              */
/* ------------------------------------------------------------------------ */

/* KEY_RSA_PSS: an RSASSA-PSS (id-RSASSA-PSS) key, signing with rsa_pss_pss_*
 * only (RFC 8446 4.2.3); the EC types stay last (kt >= KEY_EC_P256 tests). */
enum tls_keytype { KEY_NONE, KEY_RSA, KEY_RSA_PSS, KEY_EC_P256, KEY_EC_P384, KEY_EC_P521 };

/* A certificate chain with its private key handle (SslOpenPrivateKey). */
struct tls_identity {
    uint8_t **der;
    size_t *der_len;
    size_t n;
    X509 *leaf;
    enum tls_keytype keytype;
    uint16_t pss_scheme; /* KEY_RSA_PSS with parameters: see tls_pss_restriction */
    NCRYPT_KEY_HANDLE key;
};

/* One remembered session: TLS 1.2 (id + master key) or TLS 1.3 (ticket + PSK). */
struct tls_session {
    bool valid;
    uint16_t version, suite;
    uint8_t id[32];
    size_t id_len;
    bool ems;
    NCRYPT_KEY_HANDLE master; /* TLS <= 1.2 master key */
    uint8_t *ticket;
    size_t ticket_len;
    uint32_t age_add;
    uint64_t issued_ms;
    NCRYPT_KEY_HANDLE psk; /* TLS 1.3 resumption PSK */
};

#define TLS_SERVER_CACHE 16

struct tls_config {
    NCRYPT_PROV_HANDLE prov;
    bool server;
    uint16_t min_version, max_version;
    uint16_t suites[64];
    size_t n_suites;
    uint16_t groups[16];
    size_t n_groups;
    const char *servername;
    X509_STORE *ca;    /* client: verify the server; server: verify clients */
    bool verify_peer;  /* client: verify server chain; server: require a client cert */
    bool request_cert; /* server: send CertificateRequest */
    struct tls_identity *id;
    bool no_ems; /* do not offer / accept extended master secret */
    /* TLS 1.2 session tickets (RFC 5077) are offered and issued beside
     * session ids unless no_ticket (--no-ticket) */
    bool no_ticket;
    /* record_size_limit (RFC 8449) the client offers (64..16385; 0: not
     * offered).  A server always answers a client's with this or the
     * protocol maximum. */
    uint16_t record_size_limit;
    /* ALPN (RFC 7301): our protocols as a ProtocolNameList body (length-
     * prefixed names), in preference order; alpn_len 0 = no ALPN */
    uint8_t alpn[256];
    size_t alpn_len;
    /* Treat a TCP EOF without close_notify after the handshake as a clean
     * close (--ignore-eof, like OpenSSL's SSL_OP_IGNORE_UNEXPECTED_EOF).  Off
     * by default: close_notify is how a peer says its data is complete
     * (RFC 8446 6.1, RFC 5246 7.2.1), so a bare EOF may be a truncation. */
    bool ignore_eof;
    /* Test-only misbehaviour (SSLPROV_TEST_FAULT in the CLI, never set
     * otherwise): lets the interop tests check that a victim peer answers
     * with the right alert and closes without crashing. */
    enum tls_fault {
        TLS_FAULT_NONE = 0,
        TLS_FAULT_TAMPER_RECORD,      /* flip one bit of the first protected application-data record */
        TLS_FAULT_BAD_FINISHED,       /* flip one bit of our Finished verify_data */
        TLS_FAULT_UNEXPECTED_MESSAGE, /* first write after the handshake: a stray Finished message instead */
        TLS_FAULT_NO_CLOSE_NOTIFY     /* tls_close: TCP half-close (FIN) instead of close_notify */
    } fault;
    bool trace;
    FILE *trace_out;
    /* DTLS (dtls.h): min/max_version stay the TLS equivalents (DTLS 1.2 =
     * 0x0303, DTLS 1.0 = 0x0302, RFC 6347 section 1.1 / RFC 4347 section 1),
     * tls_proto() gives the wire / provider value; mtu bounds our datagrams. */
    bool dtls;
    unsigned mtu;
    /* resumption: the client's one session, the server's cache */
    struct tls_session client_session;
    struct tls_session cache[TLS_SERVER_CACHE];
    size_t cache_next;
};

struct dtls_state;

struct tls_conn {
    struct tls_config *cfg;
    int fd;
    uint16_t version; /* negotiated; 0 before ServerHello */
    uint16_t suite;
    const struct tls_suite_info *si;
    uint16_t group;
    uint16_t peer_sigalgs[32];
    size_t n_peer_sigalgs;

    /* record layer */
    NCRYPT_KEY_HANDLE rd_key, wr_key;
    uint64_t rd_seq, wr_seq;
    uint16_t rec_version; /* legacy record version written */
    size_t rlen;
    uint8_t *hs; /* handshake reassembly */
    size_t hs_len, hs_cap, hs_off;
    uint8_t *app; /* pending application data */
    size_t app_len, app_off, app_cap;
    bool peer_closed, sent_close, failed;
    bool peer_eof;  /* TCP EOF seen (with or without close_notify before it) */
    bool truncated; /* EOF without close_notify after the handshake: tls_read failed */
    uint8_t alert_sent, alert_recv;
    bool got_alert;
    bool expect_ccs;
    bool verify_failed; /* the peer's certificate failed verification (err names it) */
    char err[512];

    /* handshake */
    uint8_t cr[32], sr[32];
    uint8_t sid[32];
    size_t sid_len;
    NCRYPT_HASH_HANDLE th; /* provider transcript hash (created once the suite is known) */
    uint8_t *tr;           /* raw transcript bytes (for digests and late hash creation) */
    size_t tr_len, tr_cap;
    bool ems;
    bool resumed;
    bool secure_reneg;
    X509 *peer_cert;
    STACK_OF(X509) * peer_chain;
    NCRYPT_KEY_HANDLE peer_key; /* public key of the peer certificate */
    enum tls_keytype peer_keytype;
    uint16_t peer_pss_scheme; /* the peer's RSASSA-PSS parameters: see tls_pss_restriction */
    NCRYPT_KEY_HANDLE eph, peer_eph;
    NCRYPT_KEY_HANDLE master;                 /* TLS <= 1.2 master / TLS 1.3 master secret */
    NCRYPT_KEY_HANDLE early, hs_secret;       /* TLS 1.3 */
    NCRYPT_KEY_HANDLE c_hs, s_hs, c_ap, s_ap; /* TLS 1.3 traffic secrets */
    NCRYPT_KEY_HANDLE psk;                    /* TLS 1.3 PSK in use */
    bool client_cert_requested;
    uint8_t cert_req_ctx[255];
    size_t cert_req_ctx_len;
    uint16_t cert_req_sigalgs[32];
    size_t n_cert_req_sigalgs;
    bool client_authenticated;
    bool hrr_done;
    uint32_t ticket_nonce;
    bool key_update_pending; /* peer requested a KeyUpdate */
    /* Transport (tls_record.c).  While corked (the handshake), records collect
     * in obuf and leave in one send() before the next read: a flight written
     * as several small sends meets Nagle's algorithm and the peer's delayed
     * ACK, ~40 ms per flight on Linux.  deadline_ms (CLOCK_MONOTONIC, 0 =
     * none) bounds every wait for the peer; past it a read or write fails
     * with timed_out set. */
    uint8_t *obuf;
    size_t olen, ocap;
    bool cork;
    uint64_t deadline_ms;
    bool timed_out;
    unsigned key_updates_recv, key_updates_sent;
    bool fault_done;         /* cfg->fault injected once */
    struct dtls_state *dtls; /* DTLS record layer state (dtls.h), NULL for TLS */
    /* TLS 1.2 session tickets (RFC 5077) */
    bool ticket_expected; /* client: the ServerHello had session_ticket: NewSessionTicket follows */
    bool ticket_resumed;  /* the session was resumed from a ticket */
    uint8_t *new_ticket;  /* client: the ticket received, until the session is saved */
    size_t new_ticket_len;
    /* record_size_limit (RFC 8449), 0 = not negotiated: peer_rsl bounds the
     * protected records we send, own_rsl those we accept (TLS 1.3: inner
     * plaintext with its content type byte, RFC 8449 4) */
    uint16_t peer_rsl, own_rsl;
    uint8_t alpn[255]; /* the negotiated application protocol (RFC 7301) */
    size_t alpn_len;   /* 0: none */

    /* Record and handshake rules (issues #12, #13; tls_record.c). */
    bool peer_finished;    /* TLS 1.3: the peer's Finished is in; a CCS now is unexpected (RFC 8446 5) */
    uint8_t last_type;     /* content type of the last record read (after decryption) */
    unsigned idle_records; /* consecutive records without progress: warning alerts, empty records, CCS */
    bool skip_early_trial; /* TLS 1.3 server: skip the client's rejected 0-RTT by trial decryption (4.2.10) */
    bool skip_early_plain; /* ... after a HelloRetryRequest: skip application_data until ClientHello2 */
    size_t early_skipped;  /* bytes of 0-RTT data skipped so far */
    bool offered_psk;      /* TLS 1.3 client: this ClientHello carried a pre_shared_key (RFC 8446 4.2.11) */
    bool peer_verified;    /* the peer's chain was verified against cfg->ca (not merely received) */

    /* Record buffers, last: tls_conn_init zeroes the fields above but not
     * these ~40 KiB (every byte read is written first), and tls_conn_free
     * cleanses only the bytes a record reached (the high-water marks) - a
     * whole-buffer memset and two whole-buffer cleanses were ~60k instructions
     * per handshake (issue #16 item 4). */
    size_t rbuf_hw, pbuf_hw;
    /* Read-ahead (tls_record.c io_read): bytes received beyond the record
     * being read, up to TLS_READ_AHEAD at a time, so that a flight of small
     * records costs one recv() instead of two per record (header, body).
     * ra[ra_off .. ra_len) is pending; TLS only (DTLS reads datagrams). */
    size_t ra_off, ra_len;
    uint8_t rbuf[TLS_MAX_RECORD]; /* a received record, header included */
    uint8_t pbuf[TLS_MAX_RECORD]; /* its decrypted plaintext */
    uint8_t ra[TLS_READ_AHEAD];
};

/* A record of n bytes is about to be read into rbuf / decrypted into pbuf
 * (the plaintext is never longer than the record it came from). */
static inline void tls_note_rbuf(struct tls_conn *c, size_t n) {
    if (n > c->rbuf_hw) c->rbuf_hw = n;
}
static inline void tls_note_pbuf(struct tls_conn *c, size_t n) {
    if (n > c->pbuf_hw) c->pbuf_hw = n;
}

/* Received bytes the engine holds that the socket no longer shows: read
 * them (tls_read) before waiting on the descriptor with poll(). */
static inline bool tls_pending(const struct tls_conn *c) {
    return c->app_len > c->app_off || c->hs_len > c->hs_off || c->ra_len > c->ra_off;
}

/* The protocol value of the provider calls and the wire: the negotiated
 * version, mapped to DTLS1_0/1_2_PROTOCOL_VERSION for DTLS. */
uint16_t tls_proto(const struct tls_conn *c);
/* Handshake message header: 4 bytes (TLS), 12 bytes (DTLS, RFC 6347 4.2.2). */
static inline size_t tls_hs_hdr(const struct tls_conn *c) { return c->dtls ? 12 : 4; }

/* Trace each provider call: function, protocol, suite, status. */
SECURITY_STATUS tls_tr(struct tls_conn *c, const char *fn, SECURITY_STATUS st);
#define SSLCALL(c, fn, ...) tls_tr((c), #fn, fn(__VA_ARGS__))

/* Results: 0 ok, -1 failed (c->err set, alert sent if appropriate). */
int tls_fail(struct tls_conn *c, uint8_t alert, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void tls_conn_init(struct tls_conn *c, struct tls_config *cfg, int fd);
void tls_conn_free(struct tls_conn *c);
int tls_handshake(struct tls_conn *c);
/* tls_read: >0 bytes, 0 on close_notify, -1 on error.  A TCP EOF without
 * close_notify is an error (c->truncated set) unless cfg->ignore_eof, when it
 * reads as 0 like a close_notify.  tls_write: 0 / -1. */
long tls_read(struct tls_conn *c, uint8_t *buf, size_t len);
/* tls_read_nb: for poll()-driven callers - like tls_read, but returns
 * TLS_READ_AGAIN instead of blocking once the available records held no
 * application data. */
#define TLS_READ_AGAIN (-2)
long tls_read_nb(struct tls_conn *c, uint8_t *buf, size_t len);
int tls_write(struct tls_conn *c, const uint8_t *buf, size_t len);
int tls_close(struct tls_conn *c);
int tls_key_update(struct tls_conn *c, bool request_peer);

/* record layer (tls_record.c) */
int tls_send_record(struct tls_conn *c, uint8_t type, const uint8_t *p, size_t len);
int tls_send_alert(struct tls_conn *c, uint8_t level, uint8_t desc);
/* Reads records until a complete handshake message is buffered (or app data
 * or an alert interrupts).  Returns 1 with type/body, -1 on error. */
int tls_get_hs(struct tls_conn *c, uint8_t *type, const uint8_t **body, size_t *len, const uint8_t **whole,
               size_t *whole_len);
void tls_consume_hs(struct tls_conn *c);
int tls_read_record(struct tls_conn *c); /* one record, dispatched */
void tls_set_read_key(struct tls_conn *c, NCRYPT_KEY_HANDLE k);
void tls_set_write_key(struct tls_conn *c, NCRYPT_KEY_HANDLE k);
int tls_send_hs(struct tls_conn *c, const struct tls_wr *msg); /* hashes + sends */

/* transcript (tls_transcript.c) */
int tls_transcript_add(struct tls_conn *c, const uint8_t *p, size_t len);
int tls_transcript_start(struct tls_conn *c); /* create the provider hash when suite is known */
int tls_digest(struct tls_conn *c, uint16_t hash_len_or_alg, const uint8_t *p, size_t len, uint8_t *out,
               size_t *out_len);
int tls_transcript_hash(struct tls_conn *c, uint8_t *out, size_t *out_len);
int tls_hrr_rewrite(struct tls_conn *c); /* CH1 -> message_hash (RFC 8446 4.4.1) */

/* certificates and signatures (tls_cert.c) */
struct tls_identity *tls_identity_load(NCRYPT_PROV_HANDLE prov, const char *cert_file, const char *key_file, char *err,
                                       size_t errlen);
void tls_identity_free(NCRYPT_PROV_HANDLE prov, struct tls_identity *id);
X509_STORE *tls_store_load(const char *cafile);
int tls_parse_certificate(struct tls_conn *c, const uint8_t *body, size_t len, bool tls13);
int tls_verify_peer(struct tls_conn *c);
int tls_build_certificate(struct tls_conn *c, struct tls_wr *w, bool tls13, const uint8_t *ctx, size_t ctx_len);
/* Hash input for the provider sign/verify calls for a scheme. */
uint16_t tls_choose_sigalg(struct tls_conn *c, enum tls_keytype kt, const uint16_t *peer, size_t n);
int tls_sign(struct tls_conn *c, uint16_t scheme, const uint8_t *data, size_t len, struct tls_wr *out_sig);
int tls_verify(struct tls_conn *c, uint16_t scheme, const uint8_t *data, size_t len, const uint8_t *sig,
               size_t sig_len);
bool tls_sigalg_ok_for(uint16_t scheme, enum tls_keytype kt, uint16_t version);
/* An RSASSA-PSS key whose certificate carries parameters (RFC 4055 3.1: hash,
 * MGF1 hash, minimum salt length) may sign only with the TLS scheme that uses
 * them all (rsa_pss_pss_shaN: hash = MGF1 hash = N, salt = N's length, RFC 8446
 * 4.2.3): that scheme; TLS_PSS_NO_SCHEME when no TLS scheme fits; 0 for any
 * other key or a key without parameters. */
#define TLS_PSS_NO_SCHEME 0xFFFFu
uint16_t tls_pss_restriction(EVP_PKEY *pk);
/* The key's own restriction allows scheme s (0: no restriction). */
static inline bool tls_pss_allows(uint16_t restriction, uint16_t s) { return restriction == 0 || restriction == s; }
bool tls_sigalg_known(uint16_t scheme); /* a scheme the engine can sign or verify */
extern const uint16_t tls_sigalgs_default[];
extern const size_t tls_n_sigalgs_default;

/* handshakes (tls12.c, tls13.c, tls_hello.c) */
int tls_client_hello(struct tls_conn *c, bool after_hrr, uint16_t hrr_group, const uint8_t *cookie, size_t cookie_len);
int tls_client_handshake(struct tls_conn *c);
int tls_server_handshake(struct tls_conn *c);
int tls12_client_after_sh(struct tls_conn *c, bool resumed);
int tls12_server(struct tls_conn *c, const uint8_t *ch_body, size_t ch_len);
int tls13_client_after_sh(struct tls_conn *c);
int tls13_server(struct tls_conn *c, const uint8_t *ch_body, size_t ch_len);
int tls13_post_handshake(struct tls_conn *c, uint8_t type, const uint8_t *body, size_t len);
int tls13_send_key_update(struct tls_conn *c, bool request);

/* Parsed ClientHello (tls_hello.c); pointers into the message.
 *
 * Every list is parsed whole, up to the bounds of its length field (2^16-2
 * bytes of suites, 2^16-1 bytes per extension; RFC 8446 4.1.2, RFC 5246
 * 7.4.1.2), and what the engine cannot use is dropped: the arrays keep only
 * the suites, versions, groups, signature schemes and key shares the engine
 * knows, once each, in the client's order.  So they cannot overflow, and a
 * ClientHello with hundreds of GREASE or unknown values negotiates exactly like
 * a short one (issue #13 rule 4: the old fixed 128/32/32/8 cut-off silently
 * lost a valid client's real choices). */
struct tls_client_hello {
    uint16_t legacy_version;
    const uint8_t *random;
    const uint8_t *sid;
    size_t sid_len;
    uint16_t suites[64]; /* known suites and the two SCSVs (0x00FF, 0x5600) */
    size_t n_suites;
    uint16_t versions[8]; /* 0x0300 - 0x0304 */
    size_t n_versions;
    uint16_t groups[32]; /* groups of tls_group_by_id */
    size_t n_groups;
    uint16_t sigalgs[32]; /* schemes of tls_sigalg_known */
    size_t n_sigalgs;
    struct {
        uint16_t group;
        const uint8_t *key;
        size_t len;
    } shares[32]; /* entries for groups of tls_group_by_id */
    size_t n_shares;
    bool has_groups, has_sigalgs; /* the extension was present (maybe with nothing we know) */
    bool ffdhe_listed;            /* supported_groups named a group in 256..511 (RFC 7919 4), known or not */
    bool ec_point_formats;        /* the client offered ec_point_formats (RFC 8422 5.1.2) */
    bool has_key_share;
    const uint8_t *alpn; /* ALPN ProtocolNameList body (validated), if has_alpn */
    size_t alpn_len;
    bool has_alpn;
    uint16_t rsl; /* record_size_limit (RFC 8449), if has_rsl */
    bool has_rsl;
    const uint8_t *ticket; /* RFC 5077 session_ticket: the ticket (ticket_len 0: asks for one) */
    size_t ticket_len;
    bool has_ticket_ext;
    bool ems, reneg_info, scsv, psk_dhe_ke, has_psk;
    const uint8_t *cookie;
    size_t cookie_len;
    const uint8_t *sni;
    size_t sni_len;
    /* pre_shared_key: first identity and the binders */
    const uint8_t *psk_id;
    size_t psk_id_len;
    uint32_t psk_age;
    const uint8_t *binder;
    size_t binder_len;
    size_t binders_off; /* offset of the binders list within the message body */
    size_t n_ext;
    bool early_data; /* early_data offered (RFC 8446 4.2.10) */
    uint8_t alert;   /* when parsing fails: the alert the rule asks for (0: decode_error) */
};
int tls_parse_client_hello(const uint8_t *body, size_t len, struct tls_client_hello *ch);

struct tls_server_hello {
    uint16_t legacy_version;
    const uint8_t *random;
    const uint8_t *sid;
    size_t sid_len;
    uint16_t suite;
    uint16_t version; /* supported_versions or legacy */
    bool hrr;
    uint16_t share_group;
    const uint8_t *share;
    size_t share_len;
    bool has_share;
    const uint8_t *cookie;
    size_t cookie_len;
    bool ems, reneg_info, has_psk;
    uint16_t psk_index;
    struct tls_rd alpn; /* the ALPN extension body, if has_alpn */
    bool has_alpn;
    bool ticket_ext; /* empty session_ticket (RFC 5077 3.2) */
    uint16_t rsl;    /* record_size_limit (RFC 8449), if has_rsl */
    bool has_rsl;
    bool unsolicited; /* an extension type this engine never offers (RFC 5246 7.4.1.4) */
    uint16_t unsolicited_type;
    uint8_t alert; /* when parsing fails: the alert the rule asks for (0: decode_error) */
};
int tls_parse_server_hello(const uint8_t *body, size_t len, struct tls_server_hello *sh);

/* ClientHello extensions the TLS and DTLS clients both write (tls_hello.c). */
void tls_hello_write_sni(const struct tls_config *cfg, struct tls_wr *w); /* none for an IP literal or "" */
/* supported_groups: every configured group, or (ecc_only) those below 256. */
void tls_hello_write_groups(const struct tls_config *cfg, bool ecc_only, struct tls_wr *w);
void tls_hello_write_point_formats(struct tls_wr *w);                         /* uncompressed only */
void tls_hello_write_sigalgs(const struct tls_config *cfg, struct tls_wr *w); /* TLS 1.2 and up */

/* ALPN, RFC 7301 (tls_alpn.c) */
/* "h2,http/1.1" -> ProtocolNameList body; -1 for an empty or too long name. */
int tls_alpn_from_list(const char *list, uint8_t *out, size_t cap, size_t *len);
bool tls_alpn_list_ok(const uint8_t *p, size_t len);
void tls_alpn_write_offer(const struct tls_config *cfg, struct tls_wr *w); /* ClientHello */
/* Server: our first protocol the client offered -> c->alpn; none in common:
 * no_application_protocol (RFC 7301 3.2), -1. */
int tls_alpn_select(struct tls_conn *c, const uint8_t *offer, size_t offer_len, bool offered);
void tls_alpn_write_answer(const struct tls_conn *c, struct tls_wr *w); /* ServerHello / EncryptedExtensions */
/* Client: the server's answer, one protocol we offered -> c->alpn. */
int tls_alpn_check_answer(struct tls_conn *c, struct tls_rd *body);

/* record_size_limit, RFC 8449 (tls_alpn.c, beside the other negotiated extension) */
/* Server: the client's value -> c->peer_rsl and our answer -> c->own_rsl
 * (RFC 8449 4: below 64 illegal_parameter); writes our extension. */
int tls_rsl_answer(struct tls_conn *c, uint16_t client_value, struct tls_wr *w);
void tls_rsl_write_offer(const struct tls_config *cfg, struct tls_wr *w);
/* Client: the server's answer (SH in TLS 1.2, EncryptedExtensions in 1.3). */
int tls_rsl_check_answer(struct tls_conn *c, struct tls_rd *body);

/* Key helpers (tls_kx.c) */
int tls_make_share(struct tls_conn *c, uint16_t group, struct tls_wr *w); /* creates c->eph, writes raw key */
int tls_import_share(struct tls_conn *c, uint16_t group, const uint8_t *key, size_t len);
void tls_free_key(struct tls_conn *c, NCRYPT_KEY_HANDLE *k);
void tls_params_randoms(NCryptBufferDesc *d, NCryptBuffer b[4], struct tls_conn *c, const uint8_t *session_hash,
                        size_t sh_len, DWORD *highest);

uint64_t tls_now_ms(void);
/* An IPv4 or IPv6 address literal (no brackets): no SNI for it (RFC 6066 3),
 * and the certificate check compares it with the iPAddress names. */
bool tls_is_ip_literal(const char *s);
/* CLOCK_MONOTONIC milliseconds, for tls_conn.deadline_ms. */
uint64_t tls_mono_ms(void);
/* tls_flush sends what a corked connection has collected: 0 or -1. */
int tls_flush(struct tls_conn *c);

/* The server's session cache (tls_cache.c) is shared by the connections a
 * threaded server runs at once, so entries move in and out under one lock and
 * never stay borrowed: tls_cache_take moves the entry matching id (a TLS <= 1.2
 * session id when tls13 is false, a TLS 1.3 ticket when true) into *out and
 * empties its slot (a TLS 1.3 ticket is thus single use, RFC 8446 8.1);
 * tls_cache_put moves *s into the oldest slot. */
bool tls_cache_take(struct tls_config *cfg, bool tls13, const uint8_t *id, size_t len, struct tls_session *out);
/* tls_cache_take_ticket12: the same for a TLS 1.2 session ticket (RFC 5077). */
bool tls_cache_take_ticket12(struct tls_config *cfg, const uint8_t *ticket, size_t len, struct tls_session *out);
void tls_cache_put(struct tls_config *cfg, struct tls_session *s);
uint16_t tls_server_pick_suite(struct tls_conn *c, const uint16_t *offered, size_t n, uint16_t v);
/* Like tls_server_pick_suite, skipping ECDHE suites unless ecdhe_ok and DHE
 * suites unless dhe_ok (the group is chosen with the suite, RFC 8422 5.1,
 * RFC 7919 4); *dhe_refused tells whether a DHE suite was skipped. */
uint16_t tls_server_pick_suite_kx(struct tls_conn *c, const uint16_t *offered, size_t n, uint16_t v, bool ecdhe_ok,
                                  bool dhe_ok, bool *dhe_refused);
void tls_session_clear(struct tls_session *s);
int tls13_binder_ex(struct tls_conn *c, NCRYPT_KEY_HANDLE psk, uint16_t suite, const uint8_t *prefix, size_t prefix_len,
                    const uint8_t *partial, size_t partial_len, uint8_t *out, size_t hl);

#endif
