/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_header_compat.c - source compatibility of include/sslprovider.h, written
 * the way a program for Windows is: Windows' names only (no sslprov internals,
 * no test harness), sizes and field offsets of every structure, the value of
 * every constant of reference sections 3.1, 3.3 and 3.6, every function
 * assigned to its ...Fn typedef (a prototype that differs from Windows' does not
 * compile), and the function-table slot order of reference section 2.3.
 *
 * The same file is compiled three ways (tests/test_header_variants.sh): as C11
 * (this ctest), as C++ (g++, if installed) and as C11 with -fshort-wchar and
 * L"..." literals (SSLPROV_COMPAT_SHORT_WCHAR), the way code written for
 * Windows' wchar_t compiles unchanged.
 *
 * On Windows this file would start with #include <windows.h>.
 */
#include <sslprovider.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
#include <type_traits>
#define STATIC_CHECK(c)       static_assert(c, #c)
#define SAME_TYPE(expr, type) std::is_same<decltype(expr), type>::value
#else
#define STATIC_CHECK(c)       _Static_assert(c, #c)
/* Exact function-pointer type match: no conversion, no qualifier loss. */
#define SAME_TYPE(expr, type) _Generic((expr), type : 1, default : 0)
/* An assignment between incompatible function pointers is an error, as in C++. */
#pragma GCC diagnostic error "-Wincompatible-pointer-types"
#endif

/* Windows code spells wide strings L"..."; with -fshort-wchar that is 16-bit. */
#ifdef SSLPROV_COMPAT_SHORT_WCHAR
#define W(s) L##s
STATIC_CHECK(sizeof(wchar_t) == 2);
#else
#define W(s) u##s
#endif

/* ------------------------------------------------------------------------ */
/* Base types (reference section 1)                                          */
/* ------------------------------------------------------------------------ */

STATIC_CHECK(sizeof(SECURITY_STATUS) == 4);
STATIC_CHECK((SECURITY_STATUS)-1 < 0); /* signed LONG */
STATIC_CHECK(sizeof(NTSTATUS) == 4);
STATIC_CHECK(sizeof(LONG) == 4 && sizeof(ULONG) == 4 && sizeof(DWORD) == 4);
STATIC_CHECK(sizeof(WORD) == 2 && sizeof(USHORT) == 2 && sizeof(WCHAR) == 2);
STATIC_CHECK(sizeof(ULONGLONG) == 8 && sizeof(BYTE) == 1 && sizeof(CHAR) == 1);
STATIC_CHECK(sizeof(NCRYPT_HANDLE) == sizeof(void *) && sizeof(NCRYPT_PROV_HANDLE) == sizeof(void *));
STATIC_CHECK(sizeof(NCRYPT_KEY_HANDLE) == sizeof(void *) && sizeof(NCRYPT_HASH_HANDLE) == sizeof(void *));
STATIC_CHECK(sizeof(NCRYPT_SECRET_HANDLE) == sizeof(void *) && sizeof(ULONG_PTR) == sizeof(void *));
STATIC_CHECK((DWORD)-1 > 0 && (WCHAR)-1 > 0);

/* ------------------------------------------------------------------------ */
/* Structures (reference section 4), x86-64 layout                           */
/* ------------------------------------------------------------------------ */

#define OFF(t, m, v) STATIC_CHECK(offsetof(t, m) == (v))

STATIC_CHECK(sizeof(NCRYPT_SSL_CIPHER_SUITE) == 676);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwProtocol, 0);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwCipherSuite, 4);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwBaseCipherSuite, 8);
OFF(NCRYPT_SSL_CIPHER_SUITE, szCipherSuite, 12);
OFF(NCRYPT_SSL_CIPHER_SUITE, szCipher, 140);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwCipherLen, 268);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwCipherBlockLen, 272);
OFF(NCRYPT_SSL_CIPHER_SUITE, szHash, 276);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwHashLen, 404);
OFF(NCRYPT_SSL_CIPHER_SUITE, szExchange, 408);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwMinExchangeLen, 536);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwMaxExchangeLen, 540);
OFF(NCRYPT_SSL_CIPHER_SUITE, szCertificate, 544);
OFF(NCRYPT_SSL_CIPHER_SUITE, dwKeyType, 672);

/* SUITE_EX: dwVersion, then the 15 members shifted by 4, then szCipherMode. */
STATIC_CHECK(sizeof(NCRYPT_SSL_CIPHER_SUITE_EX) == 808);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwVersion, 0);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwProtocol, 4);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwCipherSuite, 8);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwBaseCipherSuite, 12);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, szCipherSuite, 16);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, szCipher, 144);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwCipherLen, 272);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwCipherBlockLen, 276);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, szHash, 280);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwHashLen, 408);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, szExchange, 412);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwMinExchangeLen, 540);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwMaxExchangeLen, 544);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, szCertificate, 548);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, dwKeyType, 676);
OFF(NCRYPT_SSL_CIPHER_SUITE_EX, szCipherMode, 680);

STATIC_CHECK(sizeof(NCRYPT_SSL_CIPHER_LENGTHS) == 20);
OFF(NCRYPT_SSL_CIPHER_LENGTHS, cbLength, 0);
OFF(NCRYPT_SSL_CIPHER_LENGTHS, dwHeaderLen, 4);
OFF(NCRYPT_SSL_CIPHER_LENGTHS, dwFixedTrailerLen, 8);
OFF(NCRYPT_SSL_CIPHER_LENGTHS, dwMaxVariableTrailerLen, 12);
OFF(NCRYPT_SSL_CIPHER_LENGTHS, dwFlags, 16);

STATIC_CHECK(sizeof(NCRYPT_SSL_ECC_CURVE) == 780);
STATIC_CHECK(sizeof(PNCRYPT_SSL_ECC_CURVE) == sizeof(void *));
OFF(NCRYPT_SSL_ECC_CURVE, szCurveName, 0);
OFF(NCRYPT_SSL_ECC_CURVE, szOID, 510);
OFF(NCRYPT_SSL_ECC_CURVE, dwPublicKeyLength, 768);
OFF(NCRYPT_SSL_ECC_CURVE, dwCurveType, 772);
OFF(NCRYPT_SSL_ECC_CURVE, dwFlags, 776);

STATIC_CHECK(sizeof(BCryptBuffer) == 16 && sizeof(NCryptBuffer) == 16);
OFF(BCryptBuffer, cbBuffer, 0);
OFF(BCryptBuffer, BufferType, 4);
OFF(BCryptBuffer, pvBuffer, 8);
STATIC_CHECK(sizeof(BCryptBufferDesc) == 16 && sizeof(NCryptBufferDesc) == 16);
OFF(BCryptBufferDesc, ulVersion, 0);
OFF(BCryptBufferDesc, cBuffers, 4);
OFF(BCryptBufferDesc, pBuffers, 8);
STATIC_CHECK(sizeof(NCryptProviderName) == 16);
OFF(NCryptProviderName, pszName, 0);
OFF(NCryptProviderName, pszComment, 8);
STATIC_CHECK(sizeof(BCRYPT_INTERFACE_VERSION) == 4);
OFF(BCRYPT_INTERFACE_VERSION, MajorVersion, 0);
OFF(BCRYPT_INTERFACE_VERSION, MinorVersion, 2);
STATIC_CHECK(sizeof(SSL_ECCKEY_BLOB) == 8);
OFF(SSL_ECCKEY_BLOB, dwCurveType, 0);
OFF(SSL_ECCKEY_BLOB, cbKey, 4);
STATIC_CHECK(sizeof(BCRYPT_ECCKEY_BLOB) == 8 && sizeof(BCRYPT_DH_KEY_BLOB) == 8);
STATIC_CHECK(sizeof(BCRYPT_DH_PARAMETER_HEADER) == 12 && sizeof(BCRYPT_RSAKEY_BLOB) == 24);

/* The function table: Version, 4 bytes of padding, 41 pointers in slot order. */
STATIC_CHECK(sizeof(NCRYPT_SSL_FUNCTION_TABLE) == 336);
OFF(NCRYPT_SSL_FUNCTION_TABLE, Version, 0);
#define SLOT(m, n) OFF(NCRYPT_SSL_FUNCTION_TABLE, m, 8 + 8 * (n))
SLOT(ComputeClientAuthHash, 0);
SLOT(ComputeEapKeyBlock, 1);
SLOT(ComputeFinishedHash, 2);
SLOT(CreateEphemeralKey, 3);
SLOT(CreateHandshakeHash, 4);
SLOT(DecryptPacket, 5);
SLOT(EncryptPacket, 6);
SLOT(EnumCipherSuites, 7);
SLOT(ExportKey, 8);
SLOT(FreeBuffer, 9);
SLOT(FreeObject, 10);
SLOT(GenerateMasterKey, 11);
SLOT(GenerateSessionKeys, 12);
SLOT(GetKeyProperty, 13);
SLOT(GetProviderProperty, 14);
SLOT(HashHandshake, 15);
SLOT(ImportMasterKey, 16);
SLOT(ImportKey, 17);
SLOT(LookupCipherSuiteInfo, 18);
SLOT(OpenPrivateKey, 19);
SLOT(OpenProvider, 20);
SLOT(SignHash, 21);
SLOT(VerifySignature, 22);
SLOT(LookupCipherLengths, 23);
SLOT(CreateClientAuthHash, 24);
SLOT(GetCipherSuitePRFHashAlgorithm, 25);
SLOT(ComputeSessionHash, 26);
SLOT(GeneratePreMasterKey, 27);
SLOT(EnumEccCurves, 28);
SLOT(ExportKeyingMaterial, 29);
SLOT(ExtractEarlyKey, 30);
SLOT(ExtractHandshakeKey, 31);
SLOT(ExtractMasterKey, 32);
SLOT(ExpandTrafficKeys, 33);
SLOT(ExpandWriteKey, 34);
SLOT(ExpandExporterMasterKey, 35);
SLOT(EnumCipherSuitesEx, 36);
SLOT(ExpandResumptionMasterKey, 37);
SLOT(DuplicateTranscriptHash, 38);
SLOT(ExpandBinderKey, 39);
SLOT(ExpandPreSharedKey, 40);

/* ------------------------------------------------------------------------ */
/* Constants (reference 3.1, 3.3, 3.6)                                       */
/* ------------------------------------------------------------------------ */

#define EQ(name, v)  STATIC_CHECK((long long)(name) == (long long)(v))
#define EQS(name, v) STATIC_CHECK((SECURITY_STATUS)(name) == (SECURITY_STATUS)(v))

EQS(NTE_BAD_UID, 0x80090001u);
EQS(NTE_BAD_HASH, 0x80090002u);
EQS(NTE_BAD_KEY, 0x80090003u);
EQS(NTE_BAD_LEN, 0x80090004u);
EQS(NTE_BAD_DATA, 0x80090005u);
EQS(NTE_BAD_SIGNATURE, 0x80090006u);
EQS(NTE_BAD_VER, 0x80090007u);
EQS(NTE_BAD_ALGID, 0x80090008u);
EQS(NTE_BAD_FLAGS, 0x80090009u);
EQS(NTE_BAD_TYPE, 0x8009000Au);
EQS(NTE_BAD_KEY_STATE, 0x8009000Bu);
EQS(NTE_BAD_HASH_STATE, 0x8009000Cu);
EQS(NTE_NO_KEY, 0x8009000Du);
EQS(NTE_NO_MEMORY, 0x8009000Eu);
EQS(NTE_EXISTS, 0x8009000Fu);
EQS(NTE_PERM, 0x80090010u);
EQS(NTE_NOT_FOUND, 0x80090011u);
EQS(NTE_DOUBLE_ENCRYPT, 0x80090012u);
EQS(NTE_BAD_PROVIDER, 0x80090013u);
EQS(NTE_BAD_PROV_TYPE, 0x80090014u);
EQS(NTE_BAD_KEYSET, 0x80090016u);
EQS(NTE_PROV_TYPE_NOT_DEF, 0x80090017u);
EQS(NTE_KEYSET_NOT_DEF, 0x80090019u);
EQS(NTE_SIGNATURE_FILE_BAD, 0x8009001Cu);
EQS(NTE_PROVIDER_DLL_FAIL, 0x8009001Du);
EQS(NTE_PROV_DLL_NOT_FOUND, 0x8009001Eu);
EQS(NTE_FAIL, 0x80090020u);
EQS(NTE_SYS_ERR, 0x80090021u);
EQS(NTE_SILENT_CONTEXT, 0x80090022u);
EQS(NTE_TOKEN_KEYSET_STORAGE_FULL, 0x80090023u);
EQS(NTE_INVALID_HANDLE, 0x80090026u);
EQS(NTE_INVALID_PARAMETER, 0x80090027u);
EQS(NTE_BUFFER_TOO_SMALL, 0x80090028u);
EQS(NTE_NOT_SUPPORTED, 0x80090029u);
EQS(NTE_NO_MORE_ITEMS, 0x8009002Au);
EQS(NTE_BUFFERS_OVERLAP, 0x8009002Bu);
EQS(NTE_DECRYPTION_FAILURE, 0x8009002Cu);
EQS(NTE_INTERNAL_ERROR, 0x8009002Du);
STATIC_CHECK(NTE_BAD_FLAGS < 0); /* HRESULT failures are negative LONGs */

EQS(SEC_E_OK, 0);
EQS(SEC_E_INSUFFICIENT_MEMORY, 0x80090300u);
EQS(SEC_E_INVALID_HANDLE, 0x80090301u);
EQS(SEC_E_UNSUPPORTED_FUNCTION, 0x80090302u);
EQS(SEC_E_INTERNAL_ERROR, 0x80090304u);
EQS(SEC_E_INVALID_TOKEN, 0x80090308u);
EQS(SEC_E_NO_CREDENTIALS, 0x8009030Eu);
EQS(SEC_E_MESSAGE_ALTERED, 0x8009030Fu);
EQS(SEC_E_OUT_OF_SEQUENCE, 0x80090310u);
EQS(SEC_E_INCOMPLETE_MESSAGE, 0x80090318u);
EQS(SEC_E_BUFFER_TOO_SMALL, 0x80090321u);
EQS(SEC_E_ILLEGAL_MESSAGE, 0x80090326u);
EQS(SEC_E_ENCRYPT_FAILURE, 0x80090329u);
EQS(SEC_E_DECRYPT_FAILURE, 0x80090330u);
EQS(SEC_E_ALGORITHM_MISMATCH, 0x80090331u);
EQS(SEC_E_INVALID_PARAMETER, 0x8009035Du);
EQS(STATUS_SUCCESS, 0);
EQS(STATUS_NO_MORE_ENTRIES, 0x8000001Au);
EQS(STATUS_INVALID_HANDLE, 0xC0000008u);
EQS(STATUS_INVALID_PARAMETER, 0xC000000Du);
EQS(STATUS_NO_MEMORY, 0xC0000017u);
EQS(STATUS_BUFFER_TOO_SMALL, 0xC0000023u);
EQS(STATUS_NOT_SUPPORTED, 0xC00000BBu);
EQS(STATUS_NOT_FOUND, 0xC0000225u);
EQS(STATUS_DECRYPTION_FAILED, 0xC000028Bu);
EQS(STATUS_INVALID_SIGNATURE, 0xC000A000u);
EQS(STATUS_AUTH_TAG_MISMATCH, 0xC000A002u);
EQ(ERROR_SUCCESS, 0);

EQ(NCRYPTBUFFER_VERSION, 0);
EQ(BCRYPTBUFFER_VERSION, 0);
EQ(NCRYPTBUFFER_EMPTY, 0);
EQ(NCRYPTBUFFER_DATA, 1);
EQ(NCRYPTBUFFER_SSL_CLIENT_RANDOM, 20);
EQ(NCRYPTBUFFER_SSL_SERVER_RANDOM, 21);
EQ(NCRYPTBUFFER_SSL_HIGHEST_VERSION, 22);
EQ(NCRYPTBUFFER_SSL_CLEAR_KEY, 23);
EQ(NCRYPTBUFFER_SSL_KEY_ARG_DATA, 24);
EQ(NCRYPTBUFFER_SSL_SESSION_HASH, 25);
EQ(NCRYPT_KEY_STORAGE_INTERFACE, 0x00010001);
EQ(NCRYPT_SCHANNEL_INTERFACE, 0x00010002);
EQ(NCRYPT_SCHANNEL_SIGNATURE_INTERFACE, 0x00010003);
EQ(NCRYPT_KEY_PROTECTION_INTERFACE, 0x00010004);

EQ(NCRYPT_SSL_CLIENT_FLAG, 0x00000001);
EQ(NCRYPT_SSL_SERVER_FLAG, 0x00000002);
EQ(SSL2_PROTOCOL_VERSION, 0x0002);
EQ(SSL3_PROTOCOL_VERSION, 0x0300);
EQ(TLS1_PROTOCOL_VERSION, 0x0301);
EQ(TLS1_0_PROTOCOL_VERSION, 0x0301);
EQ(TLS1_1_PROTOCOL_VERSION, 0x0302);
EQ(TLS1_2_PROTOCOL_VERSION, 0x0303);
EQ(TLS1_3_PROTOCOL_VERSION, 0x0304);
EQ(DTLS1_0_PROTOCOL_VERSION, 0xfeff);
EQ(DTLS1_2_PROTOCOL_VERSION, 0xfefd);

EQ(TLS_RSA_WITH_NULL_MD5, 0x0001);
EQ(TLS_RSA_WITH_NULL_SHA, 0x0002);
EQ(TLS_RSA_EXPORT_WITH_RC4_40_MD5, 0x0003);
EQ(TLS_RSA_WITH_RC4_128_MD5, 0x0004);
EQ(TLS_RSA_WITH_RC4_128_SHA, 0x0005);
EQ(TLS_RSA_WITH_DES_CBC_SHA, 0x0009);
EQ(TLS_RSA_WITH_3DES_EDE_CBC_SHA, 0x000A);
EQ(TLS_DHE_DSS_WITH_DES_CBC_SHA, 0x0012);
EQ(TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA, 0x0013);
EQ(TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA, 0x0016);
EQ(TLS_RSA_WITH_AES_128_CBC_SHA, 0x002F);
EQ(TLS_DHE_DSS_WITH_AES_128_CBC_SHA, 0x0032);
EQ(TLS_DHE_RSA_WITH_AES_128_CBC_SHA, 0x0033);
EQ(TLS_RSA_WITH_AES_256_CBC_SHA, 0x0035);
EQ(TLS_DHE_DSS_WITH_AES_256_CBC_SHA, 0x0038);
EQ(TLS_DHE_RSA_WITH_AES_256_CBC_SHA, 0x0039);
EQ(TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA, 0x0062);
EQ(TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA, 0x0063);
EQ(TLS_RSA_EXPORT1024_WITH_RC4_56_SHA, 0x0064);
EQ(TLS_RSA_WITH_NULL_SHA256, 0x003B);
EQ(TLS_RSA_WITH_AES_128_CBC_SHA256, 0x003C);
EQ(TLS_RSA_WITH_AES_256_CBC_SHA256, 0x003D);
EQ(TLS_DHE_DSS_WITH_AES_128_CBC_SHA256, 0x0040);
EQ(TLS_DHE_DSS_WITH_AES_256_CBC_SHA256, 0x006A);
EQ(TLS_RSA_WITH_AES_128_GCM_SHA256, 0x009C);
EQ(TLS_RSA_WITH_AES_256_GCM_SHA384, 0x009D);
EQ(TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, 0x009E);
EQ(TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, 0x009F);
EQ(TLS_PSK_WITH_AES_128_GCM_SHA256, 0x00A8);
EQ(TLS_PSK_WITH_AES_256_GCM_SHA384, 0x00A9);
EQ(TLS_PSK_WITH_AES_128_CBC_SHA256, 0x00AE);
EQ(TLS_PSK_WITH_AES_256_CBC_SHA384, 0x00AF);
EQ(TLS_PSK_WITH_NULL_SHA256, 0x00B0);
EQ(TLS_PSK_WITH_NULL_SHA384, 0x00B1);
EQ(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, 0xc009);
EQ(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, 0xc013);
EQ(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, 0xc00a);
EQ(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, 0xc014);
EQ(TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, 0xC023);
EQ(TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, 0xC024);
EQ(TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 0xC02B);
EQ(TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 0xC02C);
EQ(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, 0xC027);
EQ(TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 0xC028);
EQ(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0xC02F);
EQ(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0xC030);
EQ(TLS_AES_128_GCM_SHA256, 0x1301);
EQ(TLS_AES_256_GCM_SHA384, 0x1302);
EQ(SSL_CK_RC4_128_WITH_MD5, 0x010080);
EQ(SSL_CK_RC4_128_EXPORT40_WITH_MD5, 0x020080);
EQ(SSL_CK_RC2_128_CBC_WITH_MD5, 0x030080);
EQ(SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5, 0x040080);
EQ(SSL_CK_IDEA_128_CBC_WITH_MD5, 0x050080);
EQ(SSL_CK_DES_64_CBC_WITH_MD5, 0x060040);
EQ(SSL_CK_DES_192_EDE3_CBC_WITH_MD5, 0x0700C0);
/* PSK suites of older SDK headers (reference 3.1, H-old) */
EQ(TLS_PSK_WITH_3DES_EDE_CBC_SHA, 0x008B);
EQ(TLS_PSK_WITH_AES_128_CBC_SHA, 0x008C);
EQ(TLS_PSK_WITH_AES_256_CBC_SHA, 0x008D);
EQ(TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA, 0x0093);
EQ(TLS_RSA_PSK_WITH_AES_128_CBC_SHA, 0x0094);
EQ(TLS_RSA_PSK_WITH_AES_256_CBC_SHA, 0x0095);

EQ(TLS_ECC_P256_CURVE_KEY_TYPE, 23);
EQ(TLS_ECC_P384_CURVE_KEY_TYPE, 24);
EQ(TLS_ECC_P521_CURVE_KEY_TYPE, 25);
EQ(NCRYPT_SSL_MAX_NAME_SIZE, 64);
EQ(NCRYPT_SSL_CIPHER_SUITE_EX_VERSION, 1);
EQ(NCRYPT_SSL_CIPHER_LENGTHS_BLOCK_PADDING, 0x00000001);
EQ(MSCRYPT_ECC_MAX_OID_LENGTH, 255);
EQ(MSCRYPT_ECC_MAX_CURVE_NAME_LENGTH, 255);
EQ(NCRYPT_SSL_EAP_PRF_FIELD, 0x000000ff);
EQ(NCRYPT_SSL_EAP_ID, 0x00000000);
EQ(NCRYPT_SSL_EAP_TTLSV0_ID, 0x00000001);
EQ(NCRYPT_SSL_EAP_TTLSV0_CHLNG_ID, 0x00000002);
EQ(NCRYPT_SSL_EAP_FAST_ID, 0x00000003);
EQ(NCRYPT_SSL_SIGN_INCLUDE_HASHOID, 0x00000001);
EQ(NCRYPT_SSL_SIGN_USE_PSS_PADDING, 0x00000002);
EQ(NCRYPT_SSL_EXTERNAL_PSK_FLAG, 0x00000001);
EQ(NCRYPT_SSL_RESUMPTION_PSK_FLAG, 0x00000002);
EQ(CT_CHANGE_CIPHER_SPEC, 20);
EQ(CT_ALERT, 21);
EQ(CT_HANDSHAKE, 22);
EQ(CT_APPLICATIONDATA, 23);
EQ(BCRYPT_ECDH_PUBLIC_P256_MAGIC, 0x314B4345);
EQ(BCRYPT_DH_PUBLIC_MAGIC, 0x42504844);
EQ(BCRYPT_DH_PARAMETERS_MAGIC, 0x4d504844);
EQ(BCRYPT_RSAPUBLIC_MAGIC, 0x31415352);

/* ------------------------------------------------------------------------ */
/* Every function has Windows' prototype: assigned to its ...Fn typedef      */
/* ------------------------------------------------------------------------ */

#define FN(name) STATIC_CHECK(SAME_TYPE(&name, name##Fn))
FN(SslOpenProvider);
FN(SslEnumCipherSuites);
FN(SslEnumCipherSuitesEx);
FN(SslFreeBuffer);
FN(SslFreeObject);
FN(SslOpenPrivateKey);
FN(SslGetProviderProperty);
FN(SslGetKeyProperty);
FN(SslLookupCipherSuiteInfo);
FN(SslLookupCipherLengths);
FN(SslGetCipherSuitePRFHashAlgorithm);
FN(SslEnumEccCurves);
FN(SslCreateEphemeralKey);
FN(SslImportKey);
FN(SslExportKey);
FN(SslCreateHandshakeHash);
FN(SslHashHandshake);
FN(SslCreateClientAuthHash);
FN(SslComputeClientAuthHash);
FN(SslComputeFinishedHash);
FN(SslComputeSessionHash);
FN(SslDuplicateTranscriptHash);
FN(SslGenerateMasterKey);
FN(SslImportMasterKey);
FN(SslGeneratePreMasterKey);
FN(SslGenerateSessionKeys);
FN(SslComputeEapKeyBlock);
FN(SslExportKeyingMaterial);
FN(SslExtractEarlyKey);
FN(SslExtractHandshakeKey);
FN(SslExtractMasterKey);
FN(SslExpandTrafficKeys);
FN(SslExpandWriteKey);
FN(SslExpandExporterMasterKey);
FN(SslExpandResumptionMasterKey);
FN(SslExpandBinderKey);
FN(SslExpandPreSharedKey);
FN(SslSignHash);
FN(SslVerifySignature);
FN(SslEncryptPacket);
FN(SslDecryptPacket);
FN(GetSChannelInterface);
FN(SslInitializeInterface);

#ifdef SSLPROV_COMPAT_NEGATIVE
/* test_header_variants.sh checks that this does NOT compile: a prototype that
 * differs from Windows' in one parameter (DWORD dwFlags -> ULONGLONG). */
typedef SECURITY_STATUS(WINAPI *WrongOpenProviderFn)(NCRYPT_PROV_HANDLE *, LPCWSTR, ULONGLONG);
STATIC_CHECK(SAME_TYPE(&SslOpenProvider, WrongOpenProviderFn));
#endif

/* Router functions have no ...Fn typedef in Windows' header: their prototypes,
 * spelled out from reference section 2.5 / 5.1. */
typedef SECURITY_STATUS(WINAPI *EnumProtocolProvidersProto)(DWORD *, NCryptProviderName **, DWORD);
typedef SECURITY_STATUS(WINAPI *RefCountProto)(NCRYPT_PROV_HANDLE);
typedef SECURITY_STATUS(WINAPI *ChangeNotifyProto)(HANDLE, DWORD);
STATIC_CHECK(SAME_TYPE(&SslEnumProtocolProviders, EnumProtocolProvidersProto));
STATIC_CHECK(SAME_TYPE(&SslIncrementProviderReferenceCount, RefCountProto));
STATIC_CHECK(SAME_TYPE(&SslDecrementProviderReferenceCount, RefCountProto));
STATIC_CHECK(SAME_TYPE(&SslChangeNotify, ChangeNotifyProto));

/* A provider's own table, filled the way a Windows provider fills it: every
 * assignment must type-check against the member's ...Fn type. */
static void fill_table(NCRYPT_SSL_FUNCTION_TABLE *t) {
    BCRYPT_INTERFACE_VERSION v = NCRYPT_SSL_INTERFACE_VERSION_5;
    t->Version = v;
    t->ComputeClientAuthHash = SslComputeClientAuthHash;
    t->ComputeEapKeyBlock = SslComputeEapKeyBlock;
    t->ComputeFinishedHash = SslComputeFinishedHash;
    t->CreateEphemeralKey = SslCreateEphemeralKey;
    t->CreateHandshakeHash = SslCreateHandshakeHash;
    t->DecryptPacket = SslDecryptPacket;
    t->EncryptPacket = SslEncryptPacket;
    t->EnumCipherSuites = SslEnumCipherSuites;
    t->ExportKey = SslExportKey;
    t->FreeBuffer = SslFreeBuffer;
    t->FreeObject = SslFreeObject;
    t->GenerateMasterKey = SslGenerateMasterKey;
    t->GenerateSessionKeys = SslGenerateSessionKeys;
    t->GetKeyProperty = SslGetKeyProperty;
    t->GetProviderProperty = SslGetProviderProperty;
    t->HashHandshake = SslHashHandshake;
    t->ImportMasterKey = SslImportMasterKey;
    t->ImportKey = SslImportKey;
    t->LookupCipherSuiteInfo = SslLookupCipherSuiteInfo;
    t->OpenPrivateKey = SslOpenPrivateKey;
    t->OpenProvider = SslOpenProvider;
    t->SignHash = SslSignHash;
    t->VerifySignature = SslVerifySignature;
    t->LookupCipherLengths = SslLookupCipherLengths;
    t->CreateClientAuthHash = SslCreateClientAuthHash;
    t->GetCipherSuitePRFHashAlgorithm = SslGetCipherSuitePRFHashAlgorithm;
    t->ComputeSessionHash = SslComputeSessionHash;
    t->GeneratePreMasterKey = SslGeneratePreMasterKey;
    t->EnumEccCurves = SslEnumEccCurves;
    t->ExportKeyingMaterial = SslExportKeyingMaterial;
    t->ExtractEarlyKey = SslExtractEarlyKey;
    t->ExtractHandshakeKey = SslExtractHandshakeKey;
    t->ExtractMasterKey = SslExtractMasterKey;
    t->ExpandTrafficKeys = SslExpandTrafficKeys;
    t->ExpandWriteKey = SslExpandWriteKey;
    t->ExpandExporterMasterKey = SslExpandExporterMasterKey;
    t->EnumCipherSuitesEx = SslEnumCipherSuitesEx;
    t->ExpandResumptionMasterKey = SslExpandResumptionMasterKey;
    t->DuplicateTranscriptHash = SslDuplicateTranscriptHash;
    t->ExpandBinderKey = SslExpandBinderKey;
    t->ExpandPreSharedKey = SslExpandPreSharedKey;
}

/* ------------------------------------------------------------------------ */
/* Run time: strings, the provider's table, a few calls                      */
/* ------------------------------------------------------------------------ */

static int failures, checks;
#define CHECK(c)                                                                                                       \
    do {                                                                                                               \
        checks++;                                                                                                      \
        if (!(c)) {                                                                                                    \
            failures++;                                                                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);                                                        \
        }                                                                                                              \
    } while (0)

static int wide_eq(LPCWSTR a, LPCWSTR b) {
    size_t i = 0;
    for (; a[i] != 0 && b[i] != 0; i++) {
        if (a[i] != b[i]) return 0;
    }
    return a[i] == b[i];
}

int main(void) {
    /* Wide-string constants are LPCWSTR and hold Windows' text. */
    CHECK(wide_eq(MS_SCHANNEL_PROVIDER, W("Microsoft SSL Protocol Provider")));
    CHECK(wide_eq(SSL_KEY_TYPE_PROPERTY, W("KEYTYPE")));
    CHECK(wide_eq(SSL_ECDSA_ALGORITHM, W("ECDSA")));
    CHECK(wide_eq(TLS_PSK_EXCHANGE, W("PSK")));
    CHECK(wide_eq(TLS_RSA_PSK_EXCHANGE, W("RSA_PSK")));
    CHECK(wide_eq(SSL_ECCPUBLIC_BLOB, W("SSLECCPUBLICBLOB")));
    CHECK(wide_eq(TLS_13_PRE_SHARED_KEY, W("TLS13PRESHAREDKEY")));
    CHECK(wide_eq(BCRYPT_OPAQUE_KEY_BLOB, W("OpaqueKeyBlob")));
    CHECK(wide_eq(BCRYPT_ECCPUBLIC_BLOB, W("ECCPUBLICBLOB")));
    CHECK(wide_eq(BCRYPT_DH_PUBLIC_BLOB, W("DHPUBLICBLOB")));
    CHECK(wide_eq(BCRYPT_RSAPUBLIC_BLOB, W("RSAPUBLICBLOB")));
    CHECK(wide_eq(BCRYPT_SHA384_ALGORITHM, W("SHA384")));
    CHECK(wide_eq(BCRYPT_CHAIN_MODE_GCM, W("ChainingModeGCM")));
    CHECK(wide_eq(BCRYPT_ECC_CURVE_25519, W("curve25519")));

    /* Interface-version initializers. */
    BCRYPT_INTERFACE_VERSION v1 = NCRYPT_SSL_INTERFACE_VERSION, v5 = NCRYPT_SSL_INTERFACE_VERSION_5;
    BCRYPT_INTERFACE_VERSION v2 = NCRYPT_SSL_INTERFACE_VERSION_2, v3 = NCRYPT_SSL_INTERFACE_VERSION_3;
    BCRYPT_INTERFACE_VERSION v4 = NCRYPT_SSL_INTERFACE_VERSION_4;
    CHECK(v1.MajorVersion == 1 && v1.MinorVersion == 0 && v2.MajorVersion == 2 && v3.MajorVersion == 3);
    CHECK(v4.MajorVersion == 4 && v5.MajorVersion == 5 && v5.MinorVersion == 0);
    CHECK(BCRYPT_IS_INTERFACE_VERSION_COMPATIBLE(v1, v5) && !BCRYPT_IS_INTERFACE_VERSION_COMPATIBLE(v5, v1));

    /* The provider's table, as Schannel's router gets it, equals one built here. */
    NCRYPT_SSL_FUNCTION_TABLE *t = NULL, mine;
    memset(&mine, 0, sizeof(mine));
    fill_table(&mine);
    CHECK(GetSChannelInterface(MS_SCHANNEL_PROVIDER, &t, 0) == STATUS_SUCCESS);
    CHECK(t != NULL && memcmp(t, &mine, sizeof(mine)) == 0);
    NCRYPT_SSL_FUNCTION_TABLE init;
    CHECK(SslInitializeInterface(NULL, &init, 0) == ERROR_SUCCESS && memcmp(&init, &mine, sizeof(mine)) == 0);

    /* A few calls through the table with Windows-style code. */
    NCRYPT_PROV_HANDLE hProv = 0;
    SECURITY_STATUS status = t ? t->OpenProvider(&hProv, W("Microsoft SSL Protocol Provider"), 0) : NTE_FAIL;
    CHECK(status == ERROR_SUCCESS && hProv != 0);
    NCRYPT_SSL_CIPHER_SUITE suite;
    status = t ? t->LookupCipherSuiteInfo(hProv, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0,
                                          &suite, 0)
               : NTE_FAIL;
    CHECK(status == ERROR_SUCCESS && suite.dwCipherLen == 256 && wide_eq(suite.szExchange, W("ECDH")));
    WCHAR prf[NCRYPT_SSL_MAX_NAME_SIZE];
    status = SslGetCipherSuitePRFHashAlgorithm(hProv, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0,
                                               prf, 0);
    CHECK(status == ERROR_SUCCESS && wide_eq(prf, BCRYPT_SHA384_ALGORITHM));
    CHECK(SslLookupCipherSuiteInfo(hProv, TLS1_2_PROTOCOL_VERSION, 0xFFFF, 0, &suite, 0) == NTE_INVALID_PARAMETER);
    CHECK(SslFreeObject(hProv, 0) == ERROR_SUCCESS);
    CHECK(SslFreeObject(hProv, 0) == NTE_INVALID_HANDLE);
    CHECK(SslChangeNotify(NULL, 0) == NTE_NOT_SUPPORTED);

    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures == 0 && checks > 0 ? 0 : 1;
}
