/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * tls_names.c - suite, group, version, alert and status names: the IANA and
 * OpenSSL spellings users already type.
 */
#include <string.h>
#include <strings.h>

#include "tls.h"

static const struct tls_suite_info suites[] = {
    {0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", KX_TLS13, true, 32},
    {0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", KX_TLS13, true, 48},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", KX_TLS13, true, 32},
    /* AES-CCM (RFC 8446 B.4; RFC 6655, RFC 7251 for TLS 1.2): the provider's
     * record layer does them; after the GCM and ChaCha20 suites, as OpenSSL */
    {0x1304, "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_SHA256", KX_TLS13, true, 32},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", KX_TLS13, true, 32},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", KX_ECDHE_ECDSA, true, 32},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384", KX_ECDHE_ECDSA, true, 48},
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", KX_ECDHE_RSA, true, 32},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384", KX_ECDHE_RSA, true, 48},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305", KX_ECDHE_ECDSA, true,
     32},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305", KX_ECDHE_RSA, true, 32},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256", KX_ECDHE_ECDSA, true, 32},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384", KX_ECDHE_ECDSA, true, 48},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256", KX_ECDHE_RSA, true, 32},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384", KX_ECDHE_RSA, true, 48},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA", KX_ECDHE_ECDSA, false, 32},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA", KX_ECDHE_ECDSA, false, 32},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA", KX_ECDHE_RSA, false, 32},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA", KX_ECDHE_RSA, false, 32},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256", KX_DHE_RSA, true, 32},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384", KX_DHE_RSA, true, 48},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305", KX_DHE_RSA, true, 32},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256", KX_DHE_RSA, true, 32},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256", KX_DHE_RSA, true, 32},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA", KX_DHE_RSA, false, 32},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA", KX_DHE_RSA, false, 32},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256", KX_RSA, true, 32},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384", KX_RSA, true, 48},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256", KX_RSA, true, 32},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256", KX_RSA, true, 32},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA", KX_RSA, false, 32},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA", KX_RSA, false, 32},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "ECDHE-ECDSA-AES128-CCM", KX_ECDHE_ECDSA, true, 32},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", "ECDHE-ECDSA-AES256-CCM", KX_ECDHE_ECDSA, true, 32},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "ECDHE-ECDSA-AES128-CCM8", KX_ECDHE_ECDSA, true, 32},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", "ECDHE-ECDSA-AES256-CCM8", KX_ECDHE_ECDSA, true, 32},
    {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE-RSA-AES128-CCM", KX_DHE_RSA, true, 32},
    {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", "DHE-RSA-AES256-CCM", KX_DHE_RSA, true, 32},
    {0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", "DHE-RSA-AES128-CCM8", KX_DHE_RSA, true, 32},
    {0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", "DHE-RSA-AES256-CCM8", KX_DHE_RSA, true, 32},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM", "AES128-CCM", KX_RSA, true, 32},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM", "AES256-CCM", KX_RSA, true, 32},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", "AES128-CCM8", KX_RSA, true, 32},
    {0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", "AES256-CCM8", KX_RSA, true, 32},
};

const struct tls_suite_info *tls_suite_table(size_t *n) {
    *n = sizeof(suites) / sizeof(suites[0]);
    return suites;
}

const struct tls_suite_info *tls_suite_by_id(uint16_t id) {
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
        if (suites[i].id == id) return &suites[i];
    return NULL;
}

const struct tls_suite_info *tls_suite_by_name(const char *name) {
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
        if (strcasecmp(suites[i].iana, name) == 0 || strcasecmp(suites[i].ossl, name) == 0) return &suites[i];
    return NULL;
}

const char *tls_suite_name(uint16_t id) {
    const struct tls_suite_info *s = tls_suite_by_id(id);
    return s ? s->iana : "-";
}

static const struct tls_group_info groups[] = {
    {29, "X25519", "x25519", 255},
    {23, "P-256", "secp256r1", 256},
    {24, "P-384", "secp384r1", 384},
    {25, "P-521", "secp521r1", 521},
    {30, "X448", "x448", 448},
    {256, "ffdhe2048", "ffdhe2048", 2048},
    {257, "ffdhe3072", "ffdhe3072", 3072},
    {258, "ffdhe4096", "ffdhe4096", 4096},
    {259, "ffdhe6144", "ffdhe6144", 6144},
    {260, "ffdhe8192", "ffdhe8192", 8192},
};

const struct tls_group_info *tls_group_by_id(uint16_t id) {
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (groups[i].id == id) return &groups[i];
    return NULL;
}

const struct tls_group_info *tls_group_by_name(const char *name) {
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (strcasecmp(groups[i].name, name) == 0 || strcasecmp(groups[i].alias, name) == 0) return &groups[i];
    if (strcasecmp(name, "prime256v1") == 0) return tls_group_by_id(23);
    return NULL;
}

const char *tls_version_name(uint16_t v) {
    switch (v) {
    case 0x0301: return "TLSv1.0";
    case 0x0302: return "TLSv1.1";
    case 0x0303: return "TLSv1.2";
    case 0x0304: return "TLSv1.3";
    case 0xFEFF: return "DTLSv1.0";
    case 0xFEFD: return "DTLSv1.2";
    case 0: return "-";
    default: return "unknown";
    }
}

const char *tls_alert_name(uint8_t d) {
    switch (d) {
    case ALERT_CLOSE_NOTIFY: return "close_notify";
    case ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
    case ALERT_BAD_RECORD_MAC: return "bad_record_mac";
    case ALERT_RECORD_OVERFLOW: return "record_overflow";
    case ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
    case ALERT_BAD_CERTIFICATE: return "bad_certificate";
    case ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
    case ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
    case ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
    case ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
    case ALERT_UNKNOWN_CA: return "unknown_ca";
    case ALERT_DECODE_ERROR: return "decode_error";
    case ALERT_DECRYPT_ERROR: return "decrypt_error";
    case ALERT_PROTOCOL_VERSION: return "protocol_version";
    case ALERT_INSUFFICIENT_SECURITY: return "insufficient_security";
    case ALERT_INTERNAL_ERROR: return "internal_error";
    case ALERT_USER_CANCELED: return "user_canceled";
    case ALERT_MISSING_EXTENSION: return "missing_extension";
    case ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
    case ALERT_UNRECOGNIZED_NAME: return "unrecognized_name";
    case ALERT_CERTIFICATE_REQUIRED: return "certificate_required";
    case 116 + 4: return "no_application_protocol";
    default: return "unknown_alert";
    }
}

const char *tls_status_name(SECURITY_STATUS st) {
    switch ((uint32_t)st) {
    case 0: return "OK";
    case 0x80090005: return "NTE_BAD_DATA";
    case 0x80090006: return "NTE_BAD_SIGNATURE";
    case 0x80090009: return "NTE_BAD_FLAGS";
    case 0x80090026: return "NTE_INVALID_HANDLE";
    case 0x80090027: return "NTE_INVALID_PARAMETER";
    case 0x80090028: return "NTE_BUFFER_TOO_SMALL";
    case 0x80090029: return "NTE_NOT_SUPPORTED";
    case 0x8009002C: return "NTE_DECRYPTION_FAILURE";
    case 0x8009002D: return "NTE_INTERNAL_ERROR";
    case 0x8009000E: return "NTE_NO_MEMORY";
    case 0x80090010: return "NTE_PERM";
    case 0x80090011: return "NTE_NOT_FOUND";
    case 0x80090003: return "NTE_BAD_KEY";
    case 0x8009000D: return "NTE_NO_KEY";
    default: return "error";
    }
}
