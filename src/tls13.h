/*
 * tls13.h - the TLS 1.3 key schedule: SslExtract* / SslExpand* (tls13.c).
 */
#ifndef SSLPROV_SRC_TLS13_H
#define SSLPROV_SRC_TLS13_H

/* A TLS 1.3 secret: kind is an SSLPROV_SECRET_KIND_* value. */
struct sp_tls13_secret {
    struct sp_object obj;
    DWORD kind;
    DWORD protocol;
    const struct sp_suite *suite;
    enum sp_hash hash;
    uint8_t secret[64];
    size_t len;
    uint8_t client_random[32]; /* for key-log lines, if has_client_random */
    bool has_client_random;
};

/* TLS 1.3 Finished (RFC 8446 section 4.4.4) for SslComputeFinishedHash when its
 * hMasterKey is a handshake traffic secret: HMAC(finished_key, Transcript-Hash).
 * len must equal the hash length. */
SP_RESULT sp_tls13_finished(struct sp_tls13_secret *base, struct sp_hshash *transcript, uint8_t *out, size_t len);

/* TLS 1.3 exporter (RFC 8446 section 7.5) for SslExportKeyingMaterial when its
 * hMasterKey is an (early) exporter master secret. */
SP_RESULT sp_tls13_export_keying_material(struct sp_tls13_secret *exporter, const char *label, const uint8_t *context,
                                          size_t context_len, uint8_t *out, size_t len);

#endif
