/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * rfc8448_msgs.h - the cleartext handshake messages and ephemeral private keys of
 * RFC 8448 ("Example Handshake Traces for TLS 1.3", M. Thomson, January 2019)
 * sections 4-7 that tests/vectors does not hold, as hex, copied from the RFC
 * text (via aws/s2n-tls compliance/specs/www.rfc-editor.org/rfc/rfc8448.txt).
 * RFC licence: IETF Trust Legal Provisions (BCP 78); code components under the
 * Simplified BSD License.  The encrypted messages (EncryptedExtensions ...
 * Finished, EndOfEarlyData, NewSessionTicket) are not here: the tests decrypt
 * them from tests/vectors/tls13_record_rfc8448.txt.  Section 3's messages
 * and keys are in tests/vectors/tls13_rfc8448_1rtt.txt.
 *
 * Each value was checked after transcription: its SHA-256 transcript hashes equal
 * the "hash" inputs the RFC prints for "c e traffic", "c hs traffic", "c ap
 * traffic", "res master" and the PSK binder, and X25519/P-256 of the private keys
 * give the printed public keys and (EC)DHE IKM.
 */
#ifndef SSLPROV_TEST_RFC8448_MSGS_H
#define SSLPROV_TEST_RFC8448_MSGS_H

/* Not every includer uses every value. */
#define RFC8448_HEX static const char __attribute__((unused))

/* ---- section 4: resumed 0-RTT handshake --------------------------------- */

/* RFC 8448 section 4, ClientHello (512 octets as sent): the first 200 octets, up to the padding extension's header 00
 * 15 00 57; 87 zero octets of padding follow */
RFC8448_HEX k_s4_ch_head[] =
    "010001fc03031bc3ceb6bbe39cff938355b5a50adb6db21b7a6af649d7b4bc419d7876487d95000006130113031302010001cd0000000b00"
    "09000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020e4ffb68ac05f8d"
    "96c99da26698346c6be16482badddafe051a66b4f18d668f0b002a0000002b0003020304000d0020001e0403050306030203080408050806"
    "04010501060102010402050206020202002d00020101001c0002400100150057";

/* RFC 8448 section 4, ClientHello: the last 225 octets, the pre_shared_key extension (ticket identity, obfuscated age,
 * binder) */
RFC8448_HEX k_s4_ch_tail[] =
    "002900dd00b800b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf1b0070ad3c498883c9367c09a2be785abc"
    "55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0"
    "fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7d"
    "e6505e5bfbc388e93343694093934ae4d357fad6aacb0021203add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f"
    "9d";

/* RFC 8448 section 4, ServerHello (96 octets) */
RFC8448_HEX k_s4_sh[] =
    "0200005c03033ccfd2dec890222763472ae8136777c9d7358777bb66e91ea5122495f559ea2d00130100003400290002000000330024001d"
    "0020121761ee42c333e1b9e77b60dd57c2053cd94512ab47f115e86eff50942cea31002b00020304";

/* RFC 8448 section 4, {client} create an ephemeral x25519 key pair: private key */
RFC8448_HEX k_s4_client_priv[] = "bff91188283846dd6a2134ef7180ca2b0b14fb10dce707b5098c0dddc813b2df";

/* RFC 8448 section 4, {server} create an ephemeral x25519 key pair: private key */
RFC8448_HEX k_s4_server_priv[] = "de5b4476e7b490b2652d338acbf2948066f255f9440e23b98fc69835298dc107";

/* ---- section 5: HelloRetryRequest --------------------------------------- */

/* RFC 8448 section 5: ClientHello1 (180 octets), HelloRetryRequest (176),
 * ClientHello2 (512; its last 175 octets are the padding extension's zeros, so
 * only the head is here) and ServerHello (123). */
RFC8448_HEX k_s5_ch1[] =
    "010000b00303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f000006130113031302010000810000000b"
    "0009000006736572766572ff01000100000a00080006001d00170018003300260024001d0020e8e8e3f3b93a25ed97a14a7dcacb8a272c"
    "6288e585c6484d05262fcad062ad1f002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206"
    "020202002d00020101001c00024001";
RFC8448_HEX k_s5_hrr[] =
    "020000ac0303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c001301000084003300020017002c007400"
    "7271dcd04bb88bc3189119398a00000000eefafc76c146b823b096f8aacad365dd0030953f4edf625636e5f21bb2e23fcc654b1b5b4031"
    "8d10d137abcbb87574e36e8a1f025f7dfa5d6e50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7"
    "cff0f934b0002b00020304";
RFC8448_HEX k_s5_ch2_head[] =
    "010001fc0303b0b1c5a5aa37c5919f2ed1d5c6fff7fcb7849716945a2b8cee9258a346677b6f000006130113031302010001cd0000000b"
    "0009000006736572766572ff01000100000a00080006001d001700180033004700450017004104a6da7392ec591e17abfd535964b99894"
    "d13befb221b3def2ebe3830eac8f0151812677c4d6d2237e85cf01d6910cfb83954e76ba7352830534159897e8065780002b0003020304"
    "000d0020001e040305030603020308040805080604010501060102010402050206020202002c0074007271dcd04bb88bc3189119398a00"
    "000000eefafc76c146b823b096f8aacad365dd0030953f4edf625636e5f21bb2e23fcc654b1b5b40318d10d137abcbb87574e36e8a1f02"
    "5f7dfa5d6e50781b5eda4aa15b0c8be778257d16aa3030e9e7841dd9e4c0342267e8ca0caf571fb2b7cff0f934b0002d00020101001c00"
    "024001001500af";
RFC8448_HEX k_s5_sh[] =
    "020000770303bb341d847fd789c47c387172dc0c9bf147fccacb5043d86ca4c598d3ff571b9800130100004f003300450017004104583e"
    "054b7a66672ae020ad9d2686fcc85b5ad41a134a0f03ee72b893052bd85b4c8de6776f5b04ac07d83540eab3e3d9c547bc6528c4317d29"
    "4686093a6cad7d002b00020304";

/* RFC 8448 section 5, {client} create an ephemeral P-256 key pair (the second
 * share, after the HelloRetryRequest): private key */
RFC8448_HEX k_s5_client_priv[] = "ab5473467e19346ceb0a0414e41da21d4d2445bc3025afe97c4e8dc8d513da39";
/* RFC 8448 section 5, {server} create an ephemeral P-256 key pair: private key */
RFC8448_HEX k_s5_server_priv[] = "8c510601f9765bfb8ed693449a48989859b5cfa879cb9f5443c41c5ff10634ed";

/* ---- section 6: client authentication ----------------------------------- */

/* RFC 8448 section 6, ClientHello (192 octets) */
RFC8448_HEX k_s6_ch[] =
    "010000bc03036a472236328b83af40386d3a3e1f1ce624fa4ed89ab865a4ff0f4144ce3ae2330000061301130313020100008d0000000b00"
    "09000006736572766572ff01000100000a00140012001d00170018001901000101010201030104003300260024001d0020089cc2671f738d"
    "9a671e5b2e464981d05b76e361aa22aea91f1d49ca10a7a362002b0003020304000d0020001e040305030603020308040805080604010501"
    "060102010402050206020202002d00020101001c00024001";

/* RFC 8448 section 6, ServerHello (90 octets) */
RFC8448_HEX k_s6_sh[] =
    "0200005603033b50fdf1c3d572e40e68953e7fff4e2758459c59afa0582c0ea032874255fe6e00130100002e00330024001d00206c2e50e8"
    "65919a6b5a12dfaf918f92b442567b0f89bc54478c6921366658f062002b00020304";

/* RFC 8448 section 6, {client} create an ephemeral x25519 key pair: private key */
RFC8448_HEX k_s6_client_priv[] = "c040b2bb8f3addd20fd4058c547003a3c6f9c1cd915d5e535c87d8d191aaf071";

/* RFC 8448 section 6, {server} create an ephemeral x25519 key pair: private key */
RFC8448_HEX k_s6_server_priv[] = "7382a5ad1cdd2056ae18cc708bd007d98130dbe2cd4d9ead9b96952becbb0888";

/* ---- section 7: compatibility mode -------------------------------------- */

/* RFC 8448 section 7, ClientHello (224 octets; legacy_session_id of 32 octets) */
RFC8448_HEX k_s7_ch[] =
    "010000dc03034e640a3f2c2738f09c9418bd78edccd7559d0531199276d4d92a0e9ee9d77d0920a80c165581a8e0d06c0018d54d3a06dd32"
    "cfd4051eb026fad3fd0ba99269e6ef00061301130313020100008d0000000b0009000006736572766572ff01000100000a00140012001d00"
    "170018001901000101010201030104003300260024001d00208e7292cf3056dbb0d25fcbe55c107dc9bbf83dd9708f39203ba341249a7d9b"
    "63002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001";

/* RFC 8448 section 7, ServerHello (122 octets; echoes the session id) */
RFC8448_HEX k_s7_sh[] =
    "020000760303e5dd5948c435f7a38f0f0130708dc322d9df09abd4838117c183a7bb6d994f2c20a80c165581a8e0d06c0018d54d3a06dd32"
    "cfd4051eb026fad3fd0ba99269e6ef130100002e00330024001d00203e30f0f4ba551afd62768341175f5265e4daf0c8841617aa4fafdd21"
    "42320c22002b00020304";

/* RFC 8448 section 7, {client} create an ephemeral x25519 key pair: private key */
RFC8448_HEX k_s7_client_priv[] = "dea00b45695dc781f19d34a62c1afd31ab4369af1e855a3bbb258d8442cde6d7";

/* RFC 8448 section 7, {server} create an ephemeral x25519 key pair: private key */
RFC8448_HEX k_s7_server_priv[] = "017c38a3647921ca2d9ed6bd7ae7132b94211b1331bb208c8ccdd51556409995";

#endif
