/*
 * record.h - record protection keys and SslEncryptPacket / SslDecryptPacket
 * (record.c and one file per mode).
 */
#ifndef SSLPROV_SRC_RECORD_H
#define SSLPROV_SRC_RECORD_H

struct sp_record_lengths {
    size_t header;      /* record header + explicit IV/nonce */
    size_t trailer;     /* MAC or tag (+1 inner type for TLS 1.3) */
    size_t max_padding; /* CBC: up to block_len bytes including the length byte */
    bool block_padding;
};
/* The record overhead of (protocol, suite): the single source of truth for
 * SslLookupCipherLengths and the record code (suites.c). */
void sp_record_overhead(DWORD protocol, const struct sp_suite *s, struct sp_record_lengths *out);

#define SP_RECORD_MAX_MAC 48
#define SP_RECORD_MAX_KEY 32
#define SP_RECORD_MAX_IV  16

/* A record-protection key: one direction of one connection.  owner is whose
 * key it is (NCRYPT_SSL_CLIENT_FLAG: client_write_*, SERVER: server_write_*);
 * for_write tells SslEncryptPacket from SslDecryptPacket use. */
struct sp_record_key {
    struct sp_object obj;
    DWORD protocol;
    const struct sp_suite *suite;
    const struct sp_cipher_info *ci;
    DWORD owner;
    bool for_write;
    uint8_t mac_key[SP_RECORD_MAX_MAC];
    uint8_t key[SP_RECORD_MAX_KEY];
    uint8_t iv[SP_RECORD_MAX_IV]; /* fixed IV / salt; TLS 1.0 and SSL 3.0 CBC: the chained IV */
    uint8_t mac_len, key_len, iv_len;
    void *impl; /* mode-specific state owned by the record code (cipher contexts) */
    void (*impl_free)(struct sp_record_key *k);
};

/* sp_record_key_new makes an unpublished record key from key-block parts. */
SP_RESULT sp_record_key_new(struct sp_provider *prov, DWORD protocol, const struct sp_suite *suite, DWORD owner,
                            bool for_write, const uint8_t *mac_key, size_t mac_len, const uint8_t *key, size_t key_len,
                            const uint8_t *iv, size_t iv_len, struct sp_record_key **out);

#endif
