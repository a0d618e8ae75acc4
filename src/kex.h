/*
 * kex.h - key exchange, key blobs, private keys and signatures (kex.c,
 * keyblob.c, privkey.c, sign.c).
 */
#ifndef SSLPROV_SRC_KEX_H
#define SSLPROV_SRC_KEX_H

/* sp_private_key_serves: can this SslOpenPrivateKey key serve suite s in
 * protocol (certificate type and key exchange)? */
bool sp_private_key_serves(struct sp_object *key, const struct sp_suite *s, DWORD protocol);

/* sp_kex_shared_secret: (EC)DH between an own ephemeral key (SP_OBJ_EPHEMERAL)
 * and a peer public key (SP_OBJ_PUBLIC) of the same group, with peer validation.
 * out must hold 512 bytes (ffdhe4096); *out_len receives the length (DH secrets
 * keep their leading zeros: RFC 8446 section 7.4.1 pads to the size of p;
 * RFC 5246 section 8.1.2 strips them - pass strip_dh_zeros accordingly). */
SP_RESULT sp_kex_shared_secret(struct sp_object *priv, struct sp_object *pub, bool strip_dh_zeros, uint8_t *out,
                               size_t *out_len);

#endif
