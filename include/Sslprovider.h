/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * Sslprovider.h - the CNG SSL Protocol Provider interface (Windows' Sslprovider.h)
 * for Linux and POSIX systems, implemented by libsslprov.  <sslprovider.h> (lower
 * case) includes this file.
 *
 * Source compatible with Windows: the same names, prototypes, constants, struct
 * layouts and sizes, 32-bit SECURITY_STATUS/DWORD/LONG, 16-bit WCHAR, handles as
 * uintptr_t, and the NCRYPT_SSL_FUNCTION_TABLE slot order.  String constants are
 * u"..." literals (16-bit char16_t); with -fshort-wchar, wchar_t/L"..." code works
 * too.
 *
 * Decisions where Windows is silent are documented next to each function
 * ("sslprov:" paragraphs) and summarised in sslprovider(3).  Extensions carry the
 * SslProv/SSLPROV_ prefix and live in the marked section at the end; they never
 * change the meaning of a call a Windows program could make.
 */
#ifndef SSLPROV_SSLPROVIDER_H
#define SSLPROV_SSLPROVIDER_H

/* Two ways to use this header:
 *  - on Linux (the default) it is self-contained: it defines the Windows base
 *    types, status codes and the bcrypt.h / ncrypt.h / wincrypt.h pieces the
 *    interface needs.  Each macro it shares with the Windows SDK is guarded
 *    (#ifndef), so an SDK header included earlier (e.g. Wine's winerror.h) wins.
 *  - with the Windows SDK headers (_WIN32, or windows.h already included - also
 *    Wine's on Linux), it behaves like Microsoft's Sslprovider.h: DWORD,
 *    NTSTATUS, NCryptBuffer, CERT_CONTEXT, the NTE_* codes, the NCrypt*
 *    functions come from windows.h, wincrypt.h, bcrypt.h and ncrypt.h (included
 *    here), and this header defines only what Sslprovider.h itself defines, plus
 *    the few ncrypt.h/bcrypt.h items older SDK headers (mingw-w64, Wine) lack.
 * sslprov's extensions (SslProv*, SSLPROV_*) are declared except on _WIN32,
 * where ncrypt.dll has none of them. */
#if !defined(SSLPROV_WINDOWS_SDK) &&                                                                                   \
    (defined(_WIN32) || defined(_WINDOWS_) || defined(_INC_WINDOWS) || defined(__WINE_WINDOWS_H))
#define SSLPROV_WINDOWS_SDK 1
#endif

#ifdef SSLPROV_WINDOWS_SDK
#include <windows.h>
#include <wincrypt.h>
#include <bcrypt.h>
#include <ncrypt.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

/* Wine's WINAPI is the Microsoft x64 calling convention (ms_abi); libsslprov is
 * a Linux library with the platform's own, so its functions are declared
 * without it.  Restored at the end of this header. */
#if defined(SSLPROV_WINDOWS_SDK) && !defined(_WIN32) && defined(WINAPI)
#pragma push_macro("WINAPI")
#undef WINAPI
#define WINAPI
#define SSLPROV_RESTORE_WINAPI 1
#endif

#if !defined(_WIN32) && !defined(SSLPROV_NO_EXTENSIONS)
#define SSLPROV_EXTENSIONS 1
#endif

/* Wide string literal for the header's constants: L"..." on Windows; u"..."
 * (16-bit char16_t) elsewhere, and L"..." in C++ built with -fshort-wchar,
 * where WCHAR is wchar_t. */
#ifndef SSLPROV_WSTR
#if defined(_WIN32) || (defined(__cplusplus) && defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2)
#define SSLPROV_WSTR(s) L##s
#else
#define SSLPROV_WSTR(s) u##s
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Export and calling-convention macros                                      */
/* ------------------------------------------------------------------------ */

#if defined(SSLPROV_BUILDING_LIBRARY)
#define SSLPROV_API __attribute__((visibility("default")))
#else
#define SSLPROV_API
#endif

#ifndef WINAPI
#define WINAPI
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif

/* SAL annotations are documentation only on this platform. */
#ifndef _In_
#define _In_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _Inout_opt_
#define _Inout_opt_
#endif
#ifndef _Outptr_
#define _Outptr_
#endif
#ifndef _In_reads_bytes_
#define _In_reads_bytes_(x)
#endif
#ifndef _In_reads_bytes_opt_
#define _In_reads_bytes_opt_(x)
#endif
#ifndef _Out_writes_bytes_to_opt_
#define _Out_writes_bytes_to_opt_(x, y)
#endif
#ifndef _Out_writes_bytes_all_
#define _Out_writes_bytes_all_(x)
#endif
#ifndef _Out_writes_bytes_
#define _Out_writes_bytes_(x)
#endif
#ifndef _Out_writes_
#define _Out_writes_(x)
#endif
#ifndef _Outptr_result_bytebuffer_
#define _Outptr_result_bytebuffer_(x)
#endif
#ifndef _Outptr_result_buffer_all_
#define _Outptr_result_buffer_all_(x)
#endif

#ifndef SSLPROV_WINDOWS_SDK

/* ------------------------------------------------------------------------ */
/* Base types (Windows LLP64 sizes)                                          */
/* ------------------------------------------------------------------------ */

#ifndef SSLPROV_NO_WINDOWS_TYPES
typedef uint8_t BYTE;
typedef BYTE *PBYTE;
typedef char CHAR;
typedef CHAR *PCHAR;
typedef uint16_t WORD;
typedef uint16_t USHORT;
typedef uint32_t DWORD;
typedef DWORD *PDWORD;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef uint64_t ULONGLONG;
typedef uintptr_t ULONG_PTR;
typedef void *PVOID;
typedef void *HANDLE;
typedef int32_t BOOL;
#if defined(__cplusplus) && defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR; /* -fshort-wchar C++: L"..." code keeps working */
#elif defined(__cplusplus)
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR; /* char16_t in C11 <uchar.h> is uint_least16_t: same type */
#endif
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
#endif

#ifndef __SECSTATUS_DEFINED__
typedef LONG SECURITY_STATUS;
#define __SECSTATUS_DEFINED__
#endif
typedef LONG NTSTATUS;

typedef ULONG_PTR NCRYPT_HANDLE;
typedef ULONG_PTR NCRYPT_PROV_HANDLE;
typedef ULONG_PTR NCRYPT_KEY_HANDLE;
typedef ULONG_PTR NCRYPT_HASH_HANDLE;
typedef ULONG_PTR NCRYPT_SECRET_HANDLE;

/* ------------------------------------------------------------------------ */
/* Status codes (winerror.h / ntstatus.h values)                             */
/* ------------------------------------------------------------------------ */

#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0L
#endif
#ifndef SEC_E_OK
#define SEC_E_OK ((SECURITY_STATUS)0x00000000)
#endif
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#endif

#ifndef NTE_BAD_UID
#define NTE_BAD_UID ((SECURITY_STATUS)0x80090001)
#endif
#ifndef NTE_BAD_HASH
#define NTE_BAD_HASH ((SECURITY_STATUS)0x80090002)
#endif
#ifndef NTE_BAD_KEY
#define NTE_BAD_KEY ((SECURITY_STATUS)0x80090003)
#endif
#ifndef NTE_BAD_LEN
#define NTE_BAD_LEN ((SECURITY_STATUS)0x80090004)
#endif
#ifndef NTE_BAD_DATA
#define NTE_BAD_DATA ((SECURITY_STATUS)0x80090005)
#endif
#ifndef NTE_BAD_SIGNATURE
#define NTE_BAD_SIGNATURE ((SECURITY_STATUS)0x80090006)
#endif
#ifndef NTE_BAD_VER
#define NTE_BAD_VER ((SECURITY_STATUS)0x80090007)
#endif
#ifndef NTE_BAD_ALGID
#define NTE_BAD_ALGID ((SECURITY_STATUS)0x80090008)
#endif
#ifndef NTE_BAD_FLAGS
#define NTE_BAD_FLAGS ((SECURITY_STATUS)0x80090009)
#endif
#ifndef NTE_BAD_TYPE
#define NTE_BAD_TYPE ((SECURITY_STATUS)0x8009000A)
#endif
#ifndef NTE_BAD_KEY_STATE
#define NTE_BAD_KEY_STATE ((SECURITY_STATUS)0x8009000B)
#endif
#ifndef NTE_BAD_HASH_STATE
#define NTE_BAD_HASH_STATE ((SECURITY_STATUS)0x8009000C)
#endif
#ifndef NTE_NO_KEY
#define NTE_NO_KEY ((SECURITY_STATUS)0x8009000D)
#endif
#ifndef NTE_NO_MEMORY
#define NTE_NO_MEMORY ((SECURITY_STATUS)0x8009000E)
#endif
#ifndef NTE_EXISTS
#define NTE_EXISTS ((SECURITY_STATUS)0x8009000F)
#endif
#ifndef NTE_PERM
#define NTE_PERM ((SECURITY_STATUS)0x80090010)
#endif
#ifndef NTE_NOT_FOUND
#define NTE_NOT_FOUND ((SECURITY_STATUS)0x80090011)
#endif
#ifndef NTE_DOUBLE_ENCRYPT
#define NTE_DOUBLE_ENCRYPT ((SECURITY_STATUS)0x80090012)
#endif
#ifndef NTE_BAD_PROVIDER
#define NTE_BAD_PROVIDER ((SECURITY_STATUS)0x80090013)
#endif
#ifndef NTE_BAD_PROV_TYPE
#define NTE_BAD_PROV_TYPE ((SECURITY_STATUS)0x80090014)
#endif
#ifndef NTE_BAD_KEYSET
#define NTE_BAD_KEYSET ((SECURITY_STATUS)0x80090016)
#endif
#ifndef NTE_PROV_TYPE_NOT_DEF
#define NTE_PROV_TYPE_NOT_DEF ((SECURITY_STATUS)0x80090017)
#endif
#ifndef NTE_KEYSET_NOT_DEF
#define NTE_KEYSET_NOT_DEF ((SECURITY_STATUS)0x80090019)
#endif
#ifndef NTE_SIGNATURE_FILE_BAD
#define NTE_SIGNATURE_FILE_BAD ((SECURITY_STATUS)0x8009001C)
#endif
#ifndef NTE_PROVIDER_DLL_FAIL
#define NTE_PROVIDER_DLL_FAIL ((SECURITY_STATUS)0x8009001D)
#endif
#ifndef NTE_PROV_DLL_NOT_FOUND
#define NTE_PROV_DLL_NOT_FOUND ((SECURITY_STATUS)0x8009001E)
#endif
#ifndef NTE_FAIL
#define NTE_FAIL ((SECURITY_STATUS)0x80090020)
#endif
#ifndef NTE_SYS_ERR
#define NTE_SYS_ERR ((SECURITY_STATUS)0x80090021)
#endif
#ifndef NTE_SILENT_CONTEXT
#define NTE_SILENT_CONTEXT ((SECURITY_STATUS)0x80090022)
#endif
#ifndef NTE_TOKEN_KEYSET_STORAGE_FULL
#define NTE_TOKEN_KEYSET_STORAGE_FULL ((SECURITY_STATUS)0x80090023)
#endif
#ifndef NTE_INVALID_HANDLE
#define NTE_INVALID_HANDLE ((SECURITY_STATUS)0x80090026)
#endif
#ifndef NTE_INVALID_PARAMETER
#define NTE_INVALID_PARAMETER ((SECURITY_STATUS)0x80090027)
#endif
#ifndef NTE_BUFFER_TOO_SMALL
#define NTE_BUFFER_TOO_SMALL ((SECURITY_STATUS)0x80090028)
#endif
#ifndef NTE_NOT_SUPPORTED
#define NTE_NOT_SUPPORTED ((SECURITY_STATUS)0x80090029)
#endif
#ifndef NTE_NO_MORE_ITEMS
#define NTE_NO_MORE_ITEMS ((SECURITY_STATUS)0x8009002A)
#endif
#ifndef NTE_BUFFERS_OVERLAP
#define NTE_BUFFERS_OVERLAP ((SECURITY_STATUS)0x8009002B)
#endif
#ifndef NTE_DECRYPTION_FAILURE
#define NTE_DECRYPTION_FAILURE ((SECURITY_STATUS)0x8009002C)
#endif
#ifndef NTE_INTERNAL_ERROR
#define NTE_INTERNAL_ERROR ((SECURITY_STATUS)0x8009002D)
#endif

#ifndef SEC_E_INSUFFICIENT_MEMORY
#define SEC_E_INSUFFICIENT_MEMORY ((SECURITY_STATUS)0x80090300)
#endif
#ifndef SEC_E_INVALID_HANDLE
#define SEC_E_INVALID_HANDLE ((SECURITY_STATUS)0x80090301)
#endif
#ifndef SEC_E_UNSUPPORTED_FUNCTION
#define SEC_E_UNSUPPORTED_FUNCTION ((SECURITY_STATUS)0x80090302)
#endif
#ifndef SEC_E_INTERNAL_ERROR
#define SEC_E_INTERNAL_ERROR ((SECURITY_STATUS)0x80090304)
#endif
#ifndef SEC_E_INVALID_TOKEN
#define SEC_E_INVALID_TOKEN ((SECURITY_STATUS)0x80090308)
#endif
#ifndef SEC_E_NO_CREDENTIALS
#define SEC_E_NO_CREDENTIALS ((SECURITY_STATUS)0x8009030E)
#endif
#ifndef SEC_E_MESSAGE_ALTERED
#define SEC_E_MESSAGE_ALTERED ((SECURITY_STATUS)0x8009030F)
#endif
#ifndef SEC_E_OUT_OF_SEQUENCE
#define SEC_E_OUT_OF_SEQUENCE ((SECURITY_STATUS)0x80090310)
#endif
#ifndef SEC_E_INCOMPLETE_MESSAGE
#define SEC_E_INCOMPLETE_MESSAGE ((SECURITY_STATUS)0x80090318)
#endif
#ifndef SEC_E_BUFFER_TOO_SMALL
#define SEC_E_BUFFER_TOO_SMALL ((SECURITY_STATUS)0x80090321)
#endif
#ifndef SEC_E_ILLEGAL_MESSAGE
#define SEC_E_ILLEGAL_MESSAGE ((SECURITY_STATUS)0x80090326)
#endif
#ifndef SEC_E_ENCRYPT_FAILURE
#define SEC_E_ENCRYPT_FAILURE ((SECURITY_STATUS)0x80090329)
#endif
#ifndef SEC_E_DECRYPT_FAILURE
#define SEC_E_DECRYPT_FAILURE ((SECURITY_STATUS)0x80090330)
#endif
#ifndef SEC_E_ALGORITHM_MISMATCH
#define SEC_E_ALGORITHM_MISMATCH ((SECURITY_STATUS)0x80090331)
#endif
#ifndef SEC_E_INVALID_PARAMETER
#define SEC_E_INVALID_PARAMETER ((SECURITY_STATUS)0x8009035D)
#endif

#ifndef STATUS_NO_MORE_ENTRIES
#define STATUS_NO_MORE_ENTRIES ((NTSTATUS)0x8000001A)
#endif
#ifndef STATUS_INVALID_HANDLE
#define STATUS_INVALID_HANDLE ((NTSTATUS)0xC0000008)
#endif
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)
#endif
#ifndef STATUS_BUFFER_TOO_SMALL
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023)
#endif
#ifndef STATUS_NOT_SUPPORTED
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BB)
#endif
#ifndef STATUS_NOT_FOUND
#define STATUS_NOT_FOUND ((NTSTATUS)0xC0000225)
#endif
#ifndef STATUS_DECRYPTION_FAILED
#define STATUS_DECRYPTION_FAILED ((NTSTATUS)0xC000028B)
#endif
#ifndef STATUS_INVALID_SIGNATURE
#define STATUS_INVALID_SIGNATURE ((NTSTATUS)0xC000A000)
#endif
#ifndef STATUS_AUTH_TAG_MISMATCH
#define STATUS_AUTH_TAG_MISMATCH ((NTSTATUS)0xC000A002)
#endif

/* ------------------------------------------------------------------------ */
/* bcrypt.h / ncrypt.h / wincrypt.h pieces the interface uses                */
/* ------------------------------------------------------------------------ */

typedef struct _BCRYPT_INTERFACE_VERSION {
    USHORT MajorVersion;
    USHORT MinorVersion;
} BCRYPT_INTERFACE_VERSION, *PBCRYPT_INTERFACE_VERSION;

#ifndef BCRYPT_MAKE_INTERFACE_VERSION
#define BCRYPT_MAKE_INTERFACE_VERSION(major, minor)                                                                    \
    { (USHORT)(major), (USHORT)(minor) }
#endif
#ifndef BCRYPT_IS_INTERFACE_VERSION_COMPATIBLE
#define BCRYPT_IS_INTERFACE_VERSION_COMPATIBLE(loader, provider) ((loader).MajorVersion <= (provider).MajorVersion)
#endif

typedef struct _BCryptBuffer {
    ULONG cbBuffer;   /* Length of buffer, in bytes */
    ULONG BufferType; /* Buffer type */
    PVOID pvBuffer;   /* Pointer to buffer */
} BCryptBuffer, *PBCryptBuffer;

typedef struct _BCryptBufferDesc {
    ULONG ulVersion; /* Version number (BCRYPTBUFFER_VERSION) */
    ULONG cBuffers;  /* Number of buffers */
    PBCryptBuffer pBuffers;
} BCryptBufferDesc, *PBCryptBufferDesc;

typedef BCryptBuffer NCryptBuffer;
typedef BCryptBuffer *PNCryptBuffer;
typedef BCryptBufferDesc NCryptBufferDesc;
typedef BCryptBufferDesc *PNCryptBufferDesc;

typedef struct NCryptProviderName {
    LPWSTR pszName;
    LPWSTR pszComment;
} NCryptProviderName;

#ifndef BCRYPTBUFFER_VERSION
#define BCRYPTBUFFER_VERSION 0
#endif
#ifndef NCRYPTBUFFER_VERSION
#define NCRYPTBUFFER_VERSION 0
#endif
#ifndef NCRYPTBUFFER_EMPTY
#define NCRYPTBUFFER_EMPTY 0
#endif
#ifndef NCRYPTBUFFER_DATA
#define NCRYPTBUFFER_DATA 1
#endif
#ifndef NCRYPTBUFFER_VERSION
#define NCRYPTBUFFER_VERSION 0
#define NCRYPTBUFFER_EMPTY   0
#define NCRYPTBUFFER_DATA    1
#endif
#ifndef NCRYPTBUFFER_SSL_CLIENT_RANDOM
#define NCRYPTBUFFER_SSL_CLIENT_RANDOM 20
#endif
#ifndef NCRYPTBUFFER_SSL_SERVER_RANDOM
#define NCRYPTBUFFER_SSL_SERVER_RANDOM 21
#endif
#ifndef NCRYPTBUFFER_SSL_HIGHEST_VERSION
#define NCRYPTBUFFER_SSL_HIGHEST_VERSION 22
#endif
#ifndef NCRYPTBUFFER_SSL_CLEAR_KEY
#define NCRYPTBUFFER_SSL_CLEAR_KEY 23
#endif
#ifndef NCRYPTBUFFER_SSL_KEY_ARG_DATA
#define NCRYPTBUFFER_SSL_KEY_ARG_DATA 24
#endif
#ifndef NCRYPTBUFFER_SSL_SESSION_HASH
#define NCRYPTBUFFER_SSL_SESSION_HASH 25
#endif

#ifndef NCRYPT_KEY_STORAGE_INTERFACE
#define NCRYPT_KEY_STORAGE_INTERFACE 0x00010001
#endif
#ifndef NCRYPT_SCHANNEL_INTERFACE
#define NCRYPT_SCHANNEL_INTERFACE 0x00010002
#endif
#ifndef NCRYPT_SCHANNEL_SIGNATURE_INTERFACE
#define NCRYPT_SCHANNEL_SIGNATURE_INTERFACE 0x00010003
#endif
#ifndef NCRYPT_KEY_PROTECTION_INTERFACE
#define NCRYPT_KEY_PROTECTION_INTERFACE 0x00010004
#endif

/* Key blob types */
#ifndef BCRYPT_DH_PUBLIC_BLOB
#define BCRYPT_DH_PUBLIC_BLOB SSLPROV_WSTR("DHPUBLICBLOB")
#endif
#ifndef BCRYPT_DH_PARAMETERS
#define BCRYPT_DH_PARAMETERS SSLPROV_WSTR("DHParameters")
#endif
#ifndef BCRYPT_ECCPUBLIC_BLOB
#define BCRYPT_ECCPUBLIC_BLOB SSLPROV_WSTR("ECCPUBLICBLOB")
#endif
#ifndef BCRYPT_OPAQUE_KEY_BLOB
#define BCRYPT_OPAQUE_KEY_BLOB SSLPROV_WSTR("OpaqueKeyBlob")
#endif
#ifndef BCRYPT_RSAPUBLIC_BLOB
#define BCRYPT_RSAPUBLIC_BLOB SSLPROV_WSTR("RSAPUBLICBLOB")
#endif
#ifndef SSL_ECCPUBLIC_BLOB
#define SSL_ECCPUBLIC_BLOB SSLPROV_WSTR("SSLECCPUBLICBLOB")
#endif
#ifndef TLS_13_PRE_SHARED_KEY
#define TLS_13_PRE_SHARED_KEY SSLPROV_WSTR("TLS13PRESHAREDKEY")
#endif

/* Algorithm identifiers */
#ifndef BCRYPT_RSA_ALGORITHM
#define BCRYPT_RSA_ALGORITHM SSLPROV_WSTR("RSA")
#endif
#ifndef BCRYPT_DH_ALGORITHM
#define BCRYPT_DH_ALGORITHM SSLPROV_WSTR("DH")
#endif
#ifndef BCRYPT_DSA_ALGORITHM
#define BCRYPT_DSA_ALGORITHM SSLPROV_WSTR("DSA")
#endif
#ifndef BCRYPT_ECDH_ALGORITHM
#define BCRYPT_ECDH_ALGORITHM SSLPROV_WSTR("ECDH")
#endif
#ifndef BCRYPT_ECDSA_ALGORITHM
#define BCRYPT_ECDSA_ALGORITHM SSLPROV_WSTR("ECDSA")
#endif
#ifndef BCRYPT_RC2_ALGORITHM
#define BCRYPT_RC2_ALGORITHM SSLPROV_WSTR("RC2")
#endif
#ifndef BCRYPT_RC4_ALGORITHM
#define BCRYPT_RC4_ALGORITHM SSLPROV_WSTR("RC4")
#endif
#ifndef BCRYPT_AES_ALGORITHM
#define BCRYPT_AES_ALGORITHM SSLPROV_WSTR("AES")
#endif
#ifndef BCRYPT_DES_ALGORITHM
#define BCRYPT_DES_ALGORITHM SSLPROV_WSTR("DES")
#endif
#ifndef BCRYPT_3DES_ALGORITHM
#define BCRYPT_3DES_ALGORITHM SSLPROV_WSTR("3DES")
#endif
#ifndef BCRYPT_MD5_ALGORITHM
#define BCRYPT_MD5_ALGORITHM SSLPROV_WSTR("MD5")
#endif
#ifndef BCRYPT_SHA1_ALGORITHM
#define BCRYPT_SHA1_ALGORITHM SSLPROV_WSTR("SHA1")
#endif
#ifndef BCRYPT_SHA256_ALGORITHM
#define BCRYPT_SHA256_ALGORITHM SSLPROV_WSTR("SHA256")
#endif
#ifndef BCRYPT_SHA384_ALGORITHM
#define BCRYPT_SHA384_ALGORITHM SSLPROV_WSTR("SHA384")
#endif
#ifndef BCRYPT_SHA512_ALGORITHM
#define BCRYPT_SHA512_ALGORITHM SSLPROV_WSTR("SHA512")
#endif
#ifndef BCRYPT_CHAIN_MODE_NA
#define BCRYPT_CHAIN_MODE_NA SSLPROV_WSTR("ChainingModeN/A")
#endif
#ifndef BCRYPT_CHAIN_MODE_CBC
#define BCRYPT_CHAIN_MODE_CBC SSLPROV_WSTR("ChainingModeCBC")
#endif
#ifndef BCRYPT_CHAIN_MODE_GCM
#define BCRYPT_CHAIN_MODE_GCM SSLPROV_WSTR("ChainingModeGCM")
#endif
#ifndef BCRYPT_CHAIN_MODE_CCM
#define BCRYPT_CHAIN_MODE_CCM SSLPROV_WSTR("ChainingModeCCM")
#endif
#ifndef BCRYPT_ECC_CURVE_NISTP256
#define BCRYPT_ECC_CURVE_NISTP256 SSLPROV_WSTR("nistP256")
#endif
#ifndef BCRYPT_ECC_CURVE_NISTP384
#define BCRYPT_ECC_CURVE_NISTP384 SSLPROV_WSTR("nistP384")
#endif
#ifndef BCRYPT_ECC_CURVE_NISTP521
#define BCRYPT_ECC_CURVE_NISTP521 SSLPROV_WSTR("nistP521")
#endif
#ifndef BCRYPT_ECC_CURVE_25519
#define BCRYPT_ECC_CURVE_25519 SSLPROV_WSTR("curve25519")
#endif

/* Key blob headers (bcrypt.h layouts; big-endian numbers follow each header) */
typedef struct _BCRYPT_ECCKEY_BLOB {
    ULONG dwMagic;
    ULONG cbKey;
} BCRYPT_ECCKEY_BLOB, *PBCRYPT_ECCKEY_BLOB;

#ifndef BCRYPT_ECDH_PUBLIC_P256_MAGIC
#define BCRYPT_ECDH_PUBLIC_P256_MAGIC 0x314B4345 /* ECK1 */
#endif
#ifndef BCRYPT_ECDH_PRIVATE_P256_MAGIC
#define BCRYPT_ECDH_PRIVATE_P256_MAGIC 0x324B4345
#endif
#ifndef BCRYPT_ECDH_PUBLIC_P384_MAGIC
#define BCRYPT_ECDH_PUBLIC_P384_MAGIC 0x334B4345
#endif
#ifndef BCRYPT_ECDH_PRIVATE_P384_MAGIC
#define BCRYPT_ECDH_PRIVATE_P384_MAGIC 0x344B4345
#endif
#ifndef BCRYPT_ECDH_PUBLIC_P521_MAGIC
#define BCRYPT_ECDH_PUBLIC_P521_MAGIC 0x354B4345
#endif
#ifndef BCRYPT_ECDH_PRIVATE_P521_MAGIC
#define BCRYPT_ECDH_PRIVATE_P521_MAGIC 0x364B4345
#endif
#ifndef BCRYPT_ECDH_PUBLIC_GENERIC_MAGIC
#define BCRYPT_ECDH_PUBLIC_GENERIC_MAGIC 0x504B4345
#endif
#ifndef BCRYPT_ECDSA_PUBLIC_P256_MAGIC
#define BCRYPT_ECDSA_PUBLIC_P256_MAGIC 0x31534345 /* ECS1 */
#endif
#ifndef BCRYPT_ECDSA_PUBLIC_P384_MAGIC
#define BCRYPT_ECDSA_PUBLIC_P384_MAGIC 0x33534345
#endif
#ifndef BCRYPT_ECDSA_PUBLIC_P521_MAGIC
#define BCRYPT_ECDSA_PUBLIC_P521_MAGIC 0x35534345
#endif
#ifndef BCRYPT_ECDSA_PUBLIC_GENERIC_MAGIC
#define BCRYPT_ECDSA_PUBLIC_GENERIC_MAGIC 0x50444345
#endif

typedef struct _SSL_ECCKEY_BLOB {
    ULONG dwCurveType; /* IANA NamedGroup */
    ULONG cbKey;       /* length of the key_share encoding that follows */
} SSL_ECCKEY_BLOB, *PSSL_ECCKEY_BLOB;

typedef struct _BCRYPT_DH_KEY_BLOB {
    ULONG dwMagic;
    ULONG cbKey;
} BCRYPT_DH_KEY_BLOB, *PBCRYPT_DH_KEY_BLOB;
#ifndef BCRYPT_DH_PUBLIC_MAGIC
#define BCRYPT_DH_PUBLIC_MAGIC 0x42504844 /* DHPB: header, p, g, y */
#endif
#ifndef BCRYPT_DH_PRIVATE_MAGIC
#define BCRYPT_DH_PRIVATE_MAGIC 0x56504844 /* DHPV */
#endif
#ifndef BCRYPT_DH_PARAMETERS_MAGIC
#define BCRYPT_DH_PARAMETERS_MAGIC 0x4d504844 /* DHPM */
#endif

typedef struct _BCRYPT_DH_PARAMETER_HEADER {
    ULONG cbLength;    /* whole structure: header + p + g */
    ULONG dwMagic;     /* BCRYPT_DH_PARAMETERS_MAGIC */
    ULONG cbKeyLength; /* bytes of p (and of g) */
} BCRYPT_DH_PARAMETER_HEADER;

typedef struct _BCRYPT_RSAKEY_BLOB {
    ULONG Magic;
    ULONG BitLength;
    ULONG cbPublicExp;
    ULONG cbModulus;
    ULONG cbPrime1;
    ULONG cbPrime2;
} BCRYPT_RSAKEY_BLOB;
#ifndef BCRYPT_RSAPUBLIC_MAGIC
#define BCRYPT_RSAPUBLIC_MAGIC 0x31415352 /* RSA1: header, exponent, modulus */
#endif
#ifndef BCRYPT_RSAPRIVATE_MAGIC
#define BCRYPT_RSAPRIVATE_MAGIC 0x32415352
#endif

/* TLS 1.3 pre-shared key blobs.  TLS_13_PRE_SHARED_KEY is Windows' format: the
 * raw PSK (4 .. 256 bytes), no header; its hash comes from the suite given to
 * SslExtractEarlyKey and its binder label from the flags of SslExpandBinderKey.
 * sslprov: SSLPROV_TLS13_PSK_BLOB (extension) is the header below, then cbPsk
 * bytes of PSK; it binds the PSK to one suite's hash and one binder label. */
#define SSLPROV_TLS13_PSK_BLOB SSLPROV_WSTR("SslProvTls13Psk")
typedef struct _SSLPROV_TLS13_PSK_HEADER {
    DWORD dwMagic;       /* SSLPROV_TLS13_PSK_MAGIC */
    DWORD dwProtocol;    /* TLS1_3_PROTOCOL_VERSION */
    DWORD dwCipherSuite; /* fixes the hash */
    DWORD dwFlags;       /* NCRYPT_SSL_EXTERNAL_PSK_FLAG or NCRYPT_SSL_RESUMPTION_PSK_FLAG */
    DWORD cbPsk;
} SSLPROV_TLS13_PSK_HEADER;
#ifndef SSLPROV_TLS13_PSK_MAGIC
#define SSLPROV_TLS13_PSK_MAGIC 0x4B505053 /* "SPPK" */
#endif

/* wincrypt.h certificate context and certificate info: Windows' field order,
 * types and layout (SslProvCreateCertificateContext fills them from DER). */
#ifndef SSLPROV_NO_CERT_CONTEXT
typedef char *LPSTR;
typedef void *HCERTSTORE;
typedef struct _CRYPTOAPI_BLOB {
    DWORD cbData;
    BYTE *pbData;
} CRYPT_INTEGER_BLOB, *PCRYPT_INTEGER_BLOB, CRYPT_UINT_BLOB, *PCRYPT_UINT_BLOB, CRYPT_OBJID_BLOB, *PCRYPT_OBJID_BLOB,
    CERT_NAME_BLOB, *PCERT_NAME_BLOB, CERT_RDN_VALUE_BLOB, *PCERT_RDN_VALUE_BLOB, CERT_BLOB, *PCERT_BLOB, CRL_BLOB,
    *PCRL_BLOB, DATA_BLOB, *PDATA_BLOB, CRYPT_DATA_BLOB, *PCRYPT_DATA_BLOB, CRYPT_HASH_BLOB, *PCRYPT_HASH_BLOB,
    CRYPT_DIGEST_BLOB, *PCRYPT_DIGEST_BLOB, CRYPT_DER_BLOB, *PCRYPT_DER_BLOB, CRYPT_ATTR_BLOB, *PCRYPT_ATTR_BLOB;
typedef struct _CRYPT_ALGORITHM_IDENTIFIER {
    LPSTR pszObjId;              /* dotted OID, e.g. "1.2.840.113549.1.1.1" */
    CRYPT_OBJID_BLOB Parameters; /* DER of the parameters (may be empty) */
} CRYPT_ALGORITHM_IDENTIFIER, *PCRYPT_ALGORITHM_IDENTIFIER;
typedef struct _CRYPT_BIT_BLOB {
    DWORD cbData;
    BYTE *pbData;
    DWORD cUnusedBits;
} CRYPT_BIT_BLOB, *PCRYPT_BIT_BLOB;
typedef struct _CERT_PUBLIC_KEY_INFO {
    CRYPT_ALGORITHM_IDENTIFIER Algorithm;
    CRYPT_BIT_BLOB PublicKey; /* the subjectPublicKey BIT STRING contents */
} CERT_PUBLIC_KEY_INFO, *PCERT_PUBLIC_KEY_INFO;
#ifndef _FILETIME_
#define _FILETIME_
typedef struct _FILETIME {
    DWORD dwLowDateTime; /* 100-ns intervals since 1601-01-01 UTC */
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;
#endif
typedef struct _CERT_EXTENSION {
    LPSTR pszObjId;
    BOOL fCritical;
    CRYPT_OBJID_BLOB Value; /* DER of the extension value */
} CERT_EXTENSION, *PCERT_EXTENSION;
typedef struct _CERT_INFO {
    DWORD dwVersion;                 /* CERT_V1, CERT_V2, CERT_V3 */
    CRYPT_INTEGER_BLOB SerialNumber; /* little-endian, as CryptoAPI keeps it */
    CRYPT_ALGORITHM_IDENTIFIER SignatureAlgorithm;
    CERT_NAME_BLOB Issuer; /* DER Name */
    FILETIME NotBefore;
    FILETIME NotAfter;
    CERT_NAME_BLOB Subject; /* DER Name */
    CERT_PUBLIC_KEY_INFO SubjectPublicKeyInfo;
    CRYPT_BIT_BLOB IssuerUniqueId;
    CRYPT_BIT_BLOB SubjectUniqueId;
    DWORD cExtension;
    PCERT_EXTENSION rgExtension;
} CERT_INFO, *PCERT_INFO;
typedef struct _CERT_CONTEXT {
    DWORD dwCertEncodingType; /* X509_ASN_ENCODING */
    BYTE *pbCertEncoded;      /* DER certificate */
    DWORD cbCertEncoded;
    PCERT_INFO pCertInfo;  /* may be NULL for SslOpenPrivateKey */
    HCERTSTORE hCertStore; /* may be NULL */
} CERT_CONTEXT, *PCERT_CONTEXT;
typedef const CERT_CONTEXT *PCCERT_CONTEXT;
#ifndef X509_ASN_ENCODING
#define X509_ASN_ENCODING 0x00000001
#endif
#ifndef PKCS_7_ASN_ENCODING
#define PKCS_7_ASN_ENCODING 0x00010000
#endif
#ifndef CERT_V1
#define CERT_V1 0
#define CERT_V2 1
#define CERT_V3 2
#endif
#endif /* SSLPROV_NO_CERT_CONTEXT */

/* NCrypt key storage functions (ncrypt.c); Windows declares them in ncrypt.h. */
/* NCryptOpenStorageProvider opens the key storage provider: pszProviderName NULL
 * or MS_KEY_STORAGE_PROVIDER (another name: NTE_BAD_PROVIDER); dwFlags 0 or
 * NCRYPT_SILENT_FLAG (else NTE_BAD_FLAGS); NULL phProvider: NTE_INVALID_PARAMETER.
 * Free it with NCryptFreeObject. */
SSLPROV_API SECURITY_STATUS WINAPI NCryptOpenStorageProvider(_Out_ NCRYPT_PROV_HANDLE *phProvider,
                                                             _In_opt_ LPCWSTR pszProviderName, _In_ DWORD dwFlags);
/* NCryptImportKey: pszBlobType BCRYPT_RSAPUBLIC_BLOB, BCRYPT_RSAPRIVATE_BLOB,
 * BCRYPT_ECCPUBLIC_BLOB, BCRYPT_ECCPRIVATE_BLOB (ECDSA or ECDH magics, P-256/384/521)
 * or NCRYPT_PKCS8_PRIVATE_KEY_BLOB (unencrypted DER PrivateKeyInfo: RSA, EC,
 * Ed25519, Ed448).  The key handle is accepted wherever an Ssl* function takes a
 * private key (SslSignHash, SslImportMasterKey, SslEnumCipherSuites ...) or a public
 * key (SslGenerateMasterKey's hPublicKey on the RSA client path,
 * SslVerifySignature).
 * sslprov: hImportKey must be 0 (wrapped imports: NTE_NOT_SUPPORTED); the key is
 * never persisted (an NCRYPTBUFFER_PKCS_KEY_NAME in pParameterList is ignored);
 * dwFlags may hold NCRYPT_SILENT_FLAG, NCRYPT_DO_NOT_FINALIZE_FLAG,
 * NCRYPT_OVERWRITE_KEY_FLAG, NCRYPT_MACHINE_KEY_FLAG (others: NTE_BAD_FLAGS).  A
 * malformed blob is NTE_BAD_DATA, an unknown blob type or curve NTE_NOT_SUPPORTED. */
SSLPROV_API SECURITY_STATUS WINAPI NCryptImportKey(_In_ NCRYPT_PROV_HANDLE hProvider,
                                                   _In_opt_ NCRYPT_KEY_HANDLE hImportKey, _In_ LPCWSTR pszBlobType,
                                                   _In_opt_ NCryptBufferDesc *pParameterList,
                                                   _Out_ NCRYPT_KEY_HANDLE *phKey,
                                                   _In_reads_bytes_(cbData) PBYTE pbData, _In_ DWORD cbData,
                                                   _In_ DWORD dwFlags);
/* NCryptExportKey: the public blobs of any RSA / EC key; the private blobs
 * (BCRYPT_RSAPRIVATE_BLOB, BCRYPT_ECCPRIVATE_BLOB, NCRYPT_PKCS8_PRIVATE_KEY_BLOB) only
 * when the key storage provider handle has SSLPROV_OPTION_ALLOW_SECRET_EXPORT
 * (else NTE_PERM, as Windows answers for a key without a plaintext export
 * policy).  pbOutput NULL: size in *pcbResult; too small: NTE_BUFFER_TOO_SMALL. */
SSLPROV_API SECURITY_STATUS WINAPI NCryptExportKey(_In_ NCRYPT_KEY_HANDLE hKey, _In_opt_ NCRYPT_KEY_HANDLE hExportKey,
                                                   _In_ LPCWSTR pszBlobType, _In_opt_ NCryptBufferDesc *pParameterList,
                                                   _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                   _In_ DWORD cbOutput, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);
/* NCryptOpenKey opens the private key named pszKeyName: the file <name>,
 * <name>.pem, <name>.key or <name>.der (PEM or DER, PKCS#8 or traditional) in
 * the directories of SSLPROV_KEY_PATH, first match.  A name that is empty,
 * starts with '.' or holds '/' or '\\' is NTE_INVALID_PARAMETER; not found:
 * NTE_BAD_KEYSET.  dwLegacyKeySpec is ignored (Windows: AT_KEYEXCHANGE /
 * AT_SIGNATURE / 0); dwFlags 0, NCRYPT_SILENT_FLAG or NCRYPT_MACHINE_KEY_FLAG. */
SSLPROV_API SECURITY_STATUS WINAPI NCryptOpenKey(_In_ NCRYPT_PROV_HANDLE hProvider, _Out_ NCRYPT_KEY_HANDLE *phKey,
                                                 _In_ LPCWSTR pszKeyName, _In_opt_ DWORD dwLegacyKeySpec,
                                                 _In_ DWORD dwFlags);
/* NCryptGetProperty: on a key NCRYPT_ALGORITHM_GROUP_PROPERTY ("RSA", "ECDSA",
 * "ECDH"), NCRYPT_ALGORITHM_PROPERTY ("RSA", "ECDSA_P256", "ECDH_P384", ...),
 * NCRYPT_LENGTH_PROPERTY (DWORD, bits), NCRYPT_EXPORT_POLICY_PROPERTY (DWORD); on
 * a provider NCRYPT_NAME_PROPERTY.  Strings are UTF-16 with their NUL.  Unknown property:
 * NTE_NOT_SUPPORTED; pbOutput NULL: size; too small: NTE_BUFFER_TOO_SMALL. */
SSLPROV_API SECURITY_STATUS WINAPI NCryptGetProperty(_In_ NCRYPT_HANDLE hObject, _In_ LPCWSTR pszProperty,
                                                     _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                     _In_ DWORD cbOutput, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);
/* NCryptFreeObject frees a key storage provider or key handle (also any Ssl*
 * key handle); anything else: NTE_INVALID_HANDLE. */
SSLPROV_API SECURITY_STATUS WINAPI NCryptFreeObject(_In_ NCRYPT_HANDLE hObject);

#else /* SSLPROV_WINDOWS_SDK */

/* Items of bcrypt.h / ncrypt.h that Sslprovider.h uses but older SDK headers
 * (mingw-w64, Wine) lack. */
#ifndef BCRYPT_MAKE_INTERFACE_VERSION
typedef struct _BCRYPT_INTERFACE_VERSION {
    USHORT MajorVersion;
    USHORT MinorVersion;
} BCRYPT_INTERFACE_VERSION, *PBCRYPT_INTERFACE_VERSION;
#define BCRYPT_MAKE_INTERFACE_VERSION(major, minor)                                                                    \
    { (USHORT)(major), (USHORT)(minor) }
#endif
#ifndef BCRYPT_IS_INTERFACE_VERSION_COMPATIBLE
#define BCRYPT_IS_INTERFACE_VERSION_COMPATIBLE(loader, provider) ((loader).MajorVersion <= (provider).MajorVersion)
#endif
/* Wine's ncrypt.h has neither NCryptProviderName nor the SSL buffer types. */
#if defined(__WINE_WINDOWS_H) && !defined(NCRYPTBUFFER_SSL_CLIENT_RANDOM)
typedef struct NCryptProviderName {
    LPWSTR pszName;
    LPWSTR pszComment;
} NCryptProviderName;
#endif
#ifndef NCRYPTBUFFER_VERSION
#define NCRYPTBUFFER_VERSION 0
#define NCRYPTBUFFER_EMPTY   0
#define NCRYPTBUFFER_DATA    1
#endif
#ifndef NCRYPTBUFFER_SSL_CLIENT_RANDOM
#define NCRYPTBUFFER_SSL_CLIENT_RANDOM   20
#define NCRYPTBUFFER_SSL_SERVER_RANDOM   21
#define NCRYPTBUFFER_SSL_HIGHEST_VERSION 22
#define NCRYPTBUFFER_SSL_CLEAR_KEY       23
#define NCRYPTBUFFER_SSL_KEY_ARG_DATA    24
#endif
#ifndef NCRYPTBUFFER_SSL_SESSION_HASH
#define NCRYPTBUFFER_SSL_SESSION_HASH 25
#endif
#ifndef SSL_ECCPUBLIC_BLOB
#define SSL_ECCPUBLIC_BLOB SSLPROV_WSTR("SSLECCPUBLICBLOB")
#endif
#ifndef TLS_13_PRE_SHARED_KEY
#define TLS_13_PRE_SHARED_KEY SSLPROV_WSTR("TLS13PRESHAREDKEY")
#endif

#endif /* SSLPROV_WINDOWS_SDK */

/* ncrypt.h names of the key storage subset sslprov implements (NCryptImportKey
 * ... below), for SDK headers that lack them too. */
#ifndef MS_KEY_STORAGE_PROVIDER
#define MS_KEY_STORAGE_PROVIDER SSLPROV_WSTR("Microsoft Software Key Storage Provider")
#endif
#ifndef BCRYPT_RSAPRIVATE_BLOB
#define BCRYPT_RSAPRIVATE_BLOB SSLPROV_WSTR("RSAPRIVATEBLOB")
#endif
#ifndef BCRYPT_ECCPRIVATE_BLOB
#define BCRYPT_ECCPRIVATE_BLOB SSLPROV_WSTR("ECCPRIVATEBLOB")
#endif
#ifndef NCRYPT_PKCS8_PRIVATE_KEY_BLOB
#define NCRYPT_PKCS8_PRIVATE_KEY_BLOB SSLPROV_WSTR("PKCS8_PRIVATEKEY")
#endif
#ifndef BCRYPT_ECDSA_PRIVATE_P256_MAGIC
#define BCRYPT_ECDSA_PRIVATE_P256_MAGIC 0x32534345 /* ECS2 */
#define BCRYPT_ECDSA_PRIVATE_P384_MAGIC 0x34534345
#define BCRYPT_ECDSA_PRIVATE_P521_MAGIC 0x36534345
#endif
#ifndef NCRYPT_NAME_PROPERTY
#define NCRYPT_NAME_PROPERTY SSLPROV_WSTR("Name")
#endif
#ifndef NCRYPT_ALGORITHM_PROPERTY
#define NCRYPT_ALGORITHM_PROPERTY SSLPROV_WSTR("Algorithm Name")
#endif
#ifndef NCRYPT_LENGTH_PROPERTY
#define NCRYPT_LENGTH_PROPERTY SSLPROV_WSTR("Length")
#endif
#ifndef NCRYPT_ALGORITHM_GROUP_PROPERTY
#define NCRYPT_ALGORITHM_GROUP_PROPERTY SSLPROV_WSTR("Algorithm Group")
#endif
#ifndef NCRYPT_EXPORT_POLICY_PROPERTY
#define NCRYPT_EXPORT_POLICY_PROPERTY SSLPROV_WSTR("Export Policy")
#endif
#ifndef NCRYPT_ALLOW_EXPORT_FLAG
#define NCRYPT_ALLOW_EXPORT_FLAG           0x00000001
#define NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG 0x00000002
#endif
#ifndef NCRYPT_MACHINE_KEY_FLAG
#define NCRYPT_MACHINE_KEY_FLAG 0x00000020
#endif
#ifndef NCRYPT_SILENT_FLAG
#define NCRYPT_SILENT_FLAG 0x00000040
#endif
#ifndef NCRYPT_OVERWRITE_KEY_FLAG
#define NCRYPT_OVERWRITE_KEY_FLAG 0x00000080
#endif
#ifndef NCRYPT_DO_NOT_FINALIZE_FLAG
#define NCRYPT_DO_NOT_FINALIZE_FLAG 0x00000400
#endif
#ifndef NCRYPTBUFFER_PKCS_KEY_NAME
#define NCRYPTBUFFER_PKCS_KEY_NAME 45
#endif

/* ------------------------------------------------------------------------ */
/* sslprovider.h constants                                                   */
/* ------------------------------------------------------------------------ */

#define MS_SCHANNEL_PROVIDER SSLPROV_WSTR("Microsoft SSL Protocol Provider")

#define NCRYPT_SSL_CLIENT_FLAG 0x00000001
#define NCRYPT_SSL_SERVER_FLAG 0x00000002

#define SSL2_PROTOCOL_VERSION    0x0002
#define SSL3_PROTOCOL_VERSION    0x0300
#define TLS1_PROTOCOL_VERSION    0x0301
#define TLS1_0_PROTOCOL_VERSION  TLS1_PROTOCOL_VERSION
#define TLS1_1_PROTOCOL_VERSION  0x0302
#define TLS1_2_PROTOCOL_VERSION  0x0303
#define TLS1_3_PROTOCOL_VERSION  0x0304
#define DTLS1_0_PROTOCOL_VERSION 0xfeff
#define DTLS1_2_PROTOCOL_VERSION 0xfefd

#define TLS_RSA_WITH_NULL_MD5                   0x0001
#define TLS_RSA_WITH_NULL_SHA                   0x0002
#define TLS_RSA_EXPORT_WITH_RC4_40_MD5          0x0003
#define TLS_RSA_WITH_RC4_128_MD5                0x0004
#define TLS_RSA_WITH_RC4_128_SHA                0x0005
#define TLS_RSA_WITH_DES_CBC_SHA                0x0009
#define TLS_RSA_WITH_3DES_EDE_CBC_SHA           0x000A
#define TLS_DHE_DSS_WITH_DES_CBC_SHA            0x0012
#define TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA       0x0013
#define TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA       0x0016
#define TLS_RSA_WITH_AES_128_CBC_SHA            0x002F
#define TLS_DHE_DSS_WITH_AES_128_CBC_SHA        0x0032
#define TLS_DHE_RSA_WITH_AES_128_CBC_SHA        0x0033
#define TLS_RSA_WITH_AES_256_CBC_SHA            0x0035
#define TLS_DHE_DSS_WITH_AES_256_CBC_SHA        0x0038
#define TLS_DHE_RSA_WITH_AES_256_CBC_SHA        0x0039
#define TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA     0x0062
#define TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA 0x0063
#define TLS_RSA_EXPORT1024_WITH_RC4_56_SHA      0x0064
/* Following were added for TLS 1.2 */
#define TLS_RSA_WITH_NULL_SHA256                0x003B
#define TLS_RSA_WITH_AES_128_CBC_SHA256         0x003C
#define TLS_RSA_WITH_AES_256_CBC_SHA256         0x003D
#define TLS_DHE_DSS_WITH_AES_128_CBC_SHA256     0x0040
#define TLS_DHE_DSS_WITH_AES_256_CBC_SHA256     0x006A
#define TLS_RSA_WITH_AES_128_GCM_SHA256         0x009C
#define TLS_RSA_WITH_AES_256_GCM_SHA384         0x009D
#define TLS_DHE_RSA_WITH_AES_128_GCM_SHA256     0x009E
#define TLS_DHE_RSA_WITH_AES_256_GCM_SHA384     0x009F
#define TLS_PSK_WITH_AES_128_GCM_SHA256         0x00A8
#define TLS_PSK_WITH_AES_256_GCM_SHA384         0x00A9
#define TLS_PSK_WITH_AES_128_CBC_SHA256         0x00AE
#define TLS_PSK_WITH_AES_256_CBC_SHA384         0x00AF
#define TLS_PSK_WITH_NULL_SHA256                0x00B0
#define TLS_PSK_WITH_NULL_SHA384                0x00B1
#define TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA    0xc009
#define TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA      0xc013
#define TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA    0xc00a
#define TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA      0xc014
#define TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 0xC023
#define TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 0xC024
#define TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 0xC02B
#define TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 0xC02C
#define TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256   0xC027
#define TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384   0xC028
#define TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256   0xC02F
#define TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384   0xC030
/* The following were added for TLS 1.3 */
#define TLS_AES_128_GCM_SHA256 0x1301
#define TLS_AES_256_GCM_SHA384 0x1302
/* PSK suites of older SDK headers, kept for source compatibility */
#define TLS_PSK_WITH_3DES_EDE_CBC_SHA     0x008B
#define TLS_PSK_WITH_AES_128_CBC_SHA      0x008C
#define TLS_PSK_WITH_AES_256_CBC_SHA      0x008D
#define TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA 0x0093
#define TLS_RSA_PSK_WITH_AES_128_CBC_SHA  0x0094
#define TLS_RSA_PSK_WITH_AES_256_CBC_SHA  0x0095
/* SSL2 cipher suites */
#define SSL_CK_RC4_128_WITH_MD5              0x010080
#define SSL_CK_RC4_128_EXPORT40_WITH_MD5     0x020080
#define SSL_CK_RC2_128_CBC_WITH_MD5          0x030080
#define SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5 0x040080
#define SSL_CK_IDEA_128_CBC_WITH_MD5         0x050080
#define SSL_CK_DES_64_CBC_WITH_MD5           0x060040
#define SSL_CK_DES_192_EDE3_CBC_WITH_MD5     0x0700C0

/* Key Types: ECC curve types (IANA TLS NamedGroup values) */
#define TLS_ECC_P256_CURVE_KEY_TYPE 23
#define TLS_ECC_P384_CURVE_KEY_TYPE 24
#define TLS_ECC_P521_CURVE_KEY_TYPE 25

#define SSL_ECDSA_ALGORITHM  SSLPROV_WSTR("ECDSA")
#define TLS_PSK_EXCHANGE     SSLPROV_WSTR("PSK")
#define TLS_RSA_PSK_EXCHANGE SSLPROV_WSTR("RSA_PSK")

#define NCRYPT_SSL_MAX_NAME_SIZE                64
#define NCRYPT_SSL_CIPHER_SUITE_EX_VERSION      1
#define NCRYPT_SSL_CIPHER_LENGTHS_BLOCK_PADDING 0x00000001
#define MSCRYPT_ECC_MAX_OID_LENGTH              255
#define MSCRYPT_ECC_MAX_CURVE_NAME_LENGTH       255

#define NCRYPT_SSL_EAP_PRF_FIELD       0x000000ff
#define NCRYPT_SSL_EAP_ID              0x00000000
#define NCRYPT_SSL_EAP_TTLSV0_ID       0x00000001
#define NCRYPT_SSL_EAP_TTLSV0_CHLNG_ID 0x00000002
#define NCRYPT_SSL_EAP_FAST_ID         0x00000003

/* Provider / key property names.
 * SSL_KEY_TYPE_PROPERTY is answered for ephemeral keys only (as on Windows): a
 * DWORD, the IANA group (23, 24, 25; sslprov also 29, 30 and 256 + ffdhe index
 * where Windows answers 0).  Provider properties: see the extension section
 * (SSLPROV_PROVIDER_PROPERTY_*). */
#define SSL_KEY_TYPE_PROPERTY SSLPROV_WSTR("KEYTYPE")

#define NCRYPT_SSL_SIGN_INCLUDE_HASHOID 0x00000001
#define NCRYPT_SSL_SIGN_USE_PSS_PADDING 0x00000002

#define NCRYPT_SSL_EXTERNAL_PSK_FLAG   0x00000001
#define NCRYPT_SSL_RESUMPTION_PSK_FLAG 0x00000002

/* Record content types (documented on the SslEncryptPacket page). */
#ifndef CT_CHANGE_CIPHER_SPEC
#define CT_CHANGE_CIPHER_SPEC 20
#define CT_ALERT              21
#define CT_HANDSHAKE          22
#define CT_APPLICATIONDATA    23
#endif

/* Interface versions */
#define NCRYPT_SSL_INTERFACE_VERSION_1 BCRYPT_MAKE_INTERFACE_VERSION(1, 0)
#define NCRYPT_SSL_INTERFACE_VERSION   NCRYPT_SSL_INTERFACE_VERSION_1
#define NCRYPT_SSL_INTERFACE_VERSION_2 BCRYPT_MAKE_INTERFACE_VERSION(2, 0)
#define NCRYPT_SSL_INTERFACE_VERSION_3 BCRYPT_MAKE_INTERFACE_VERSION(3, 0)
#define NCRYPT_SSL_INTERFACE_VERSION_4 BCRYPT_MAKE_INTERFACE_VERSION(4, 0)
#define NCRYPT_SSL_INTERFACE_VERSION_5 BCRYPT_MAKE_INTERFACE_VERSION(5, 0)

/* ------------------------------------------------------------------------ */
/* Structures                                                                */
/* ------------------------------------------------------------------------ */

typedef struct _NCRYPT_SSL_CIPHER_SUITE {
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    DWORD dwBaseCipherSuite;
    WCHAR szCipherSuite[NCRYPT_SSL_MAX_NAME_SIZE];
    WCHAR szCipher[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwCipherLen;
    DWORD dwCipherBlockLen; /* in bytes */
    WCHAR szHash[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwHashLen;
    WCHAR szExchange[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwMinExchangeLen;
    DWORD dwMaxExchangeLen;
    WCHAR szCertificate[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwKeyType;
} NCRYPT_SSL_CIPHER_SUITE;

typedef struct _NCRYPT_SSL_CIPHER_SUITE_EX {
    DWORD dwVersion; /* NCRYPT_SSL_CIPHER_SUITE_EX_VERSION */
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    DWORD dwBaseCipherSuite;
    WCHAR szCipherSuite[NCRYPT_SSL_MAX_NAME_SIZE];
    WCHAR szCipher[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwCipherLen;
    DWORD dwCipherBlockLen; /* in bytes */
    WCHAR szHash[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwHashLen;
    WCHAR szExchange[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwMinExchangeLen;
    DWORD dwMaxExchangeLen;
    WCHAR szCertificate[NCRYPT_SSL_MAX_NAME_SIZE];
    DWORD dwKeyType;
    WCHAR szCipherMode[NCRYPT_SSL_MAX_NAME_SIZE]; /* a BCRYPT_CHAIN_MODE_* string */
} NCRYPT_SSL_CIPHER_SUITE_EX;

typedef struct _NCRYPT_SSL_CIPHER_LENGTHS {
    DWORD cbLength;
    DWORD dwHeaderLen;
    DWORD dwFixedTrailerLen;
    DWORD dwMaxVariableTrailerLen;
    DWORD dwFlags;
} NCRYPT_SSL_CIPHER_LENGTHS;

typedef struct _NCRYPT_SSL_ECC_CURVE {
    WCHAR szCurveName[MSCRYPT_ECC_MAX_CURVE_NAME_LENGTH];
    CHAR szOID[MSCRYPT_ECC_MAX_OID_LENGTH];
    DWORD dwPublicKeyLength;
    DWORD dwCurveType; /* IANA NamedCurve */
    DWORD dwFlags;
} NCRYPT_SSL_ECC_CURVE, *PNCRYPT_SSL_ECC_CURVE;

/* ------------------------------------------------------------------------ */
/* Windows fidelity                                                          */
/* ------------------------------------------------------------------------ */
/* sslprov behaves as Windows' ncrypt.dll does for its real callers (what the
 * decompiled ncrypt/ncryptsslp functions and callers such as a Schannel
 * replacement show): where Windows does not read an argument, sslprov does not
 * require it; where Windows answers another status, sslprov answers that one.
 * Deliberate exceptions, kept because they refuse input no correct caller
 * sends, or add a capability Windows lacks:
 *  - SslEncryptPacket: a content type outside 20..24 is NTE_INVALID_PARAMETER
 *    (Windows writes any byte); pbOutput NULL is a size query (Windows:
 *    NTE_INVALID_PARAMETER); TLS <= 1.2 plaintext over 2^14 is NTE_BAD_LEN.
 *  - SslDecryptPacket: a TLS 1.3 record whose outer type is not 23 is
 *    NTE_BAD_DATA (Windows does not look at it); pbOutput NULL is a size query.
 *  - SslExportKeyingMaterial: pbContextValue NULL with cbContextValue != 0 is
 *    NTE_INVALID_PARAMETER (Windows would read through NULL).
 *  - SslGetKeyProperty KEYTYPE: X25519, X448 and FFDHE ephemeral keys answer
 *    their IANA group (Windows: 0); of the NCryptGetProperty names only Length
 *    and Algorithm Group are answered.
 *  - SslEnumEccCurves lists curve448 (Windows has no X448) and only the curves
 *    sslprov supports (Windows' built-in table has 20, brainpool and others).
 *  - SslLookupCipherLengths also answers SSL 3.0 and TLS 1.0 (Windows:
 *    NTE_NOT_SUPPORTED below TLS 1.1).
 *  - SslComputeFinishedHash (TLS <= 1.2) needs exactly one role flag: it names
 *    whose Finished is computed (Windows only refuses bits beyond 0x3).
 *  - SslGenerateMasterKey keeps NTE_NOT_SUPPORTED for an unknown suite (as
 *    Windows there), the lookups answer NTE_INVALID_PARAMETER (as Windows).
 *  - RSA_PSK suites stay NTE_NOT_SUPPORTED in SslGenerateMasterKey. */

/* ------------------------------------------------------------------------ */
/* Functions (interface versions 1-5) and their ...Fn typedefs               */
/* ------------------------------------------------------------------------ */

/* SslOpenProvider opens the sslprov provider.  pszProviderName NULL or
 * MS_SCHANNEL_PROVIDER (or SSLPROV_PROVIDER_NAME) selects it; another name is
 * NTE_BAD_PROVIDER.  dwFlags must be 0 (NTE_INVALID_PARAMETER, as Windows).  The handle starts with a
 * reference count of 1; SslFreeObject on it is a decrement and the handle dies
 * at 0.  Returns NTE_INVALID_PARAMETER for a NULL phSslProvider, NTE_NO_MEMORY. */
SSLPROV_API SECURITY_STATUS WINAPI SslOpenProvider(_Out_ NCRYPT_PROV_HANDLE *phSslProvider,
                                                   _In_ LPCWSTR pszProviderName, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslOpenProviderFn)(_Out_ NCRYPT_PROV_HANDLE *phSslProvider,
                                                   _In_ LPCWSTR pszProviderName, _In_ DWORD dwFlags);

/* SslEnumProtocolProviders returns one NCryptProviderName (the sslprov provider,
 * named MS_SCHANNEL_PROVIDER) in a buffer freed with SslFreeBuffer. */
SSLPROV_API SECURITY_STATUS WINAPI SslEnumProtocolProviders(_Out_ DWORD *pdwProviderCount,
                                                            _Outptr_ NCryptProviderName **ppProviderList,
                                                            _In_ DWORD dwFlags);

/* SslEnumCipherSuites iterates the catalogue, one entry per (protocol, suite),
 * protocol-major (TLS 1.3, 1.2, 1.1, 1.0, SSL 3.0, DTLS 1.2, 1.0, SSL 2.0) as
 * Windows: *ppEnumState NULL starts; as on Windows each call returns a fresh
 * heap copy of the entry, freed with SslFreeBuffer, so earlier pointers stay
 * valid.  NTE_NO_MORE_ITEMS ends; free the state with SslFreeBuffer.  With
 * hPrivateKey, only suites that key can serve. */
SSLPROV_API SECURITY_STATUS WINAPI SslEnumCipherSuites(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                       _In_opt_ NCRYPT_KEY_HANDLE hPrivateKey,
                                                       _Outptr_ NCRYPT_SSL_CIPHER_SUITE **ppCipherSuite,
                                                       _Inout_ PVOID *ppEnumState, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslEnumCipherSuitesFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                       _In_opt_ NCRYPT_KEY_HANDLE hPrivateKey,
                                                       _Outptr_ NCRYPT_SSL_CIPHER_SUITE **ppCipherSuite,
                                                       _Inout_ PVOID *ppEnumState, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslEnumCipherSuitesEx(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_opt_ NCRYPT_KEY_HANDLE hPrivateKey,
                                                         _Outptr_ NCRYPT_SSL_CIPHER_SUITE_EX **ppCipherSuite,
                                                         _Inout_ PVOID *ppEnumState, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslEnumCipherSuitesExFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_opt_ NCRYPT_KEY_HANDLE hPrivateKey,
                                                         _Outptr_ NCRYPT_SSL_CIPHER_SUITE_EX **ppCipherSuite,
                                                         _Inout_ PVOID *ppEnumState, _In_ DWORD dwFlags);

/* SslFreeBuffer frees memory returned by an Ssl* function.  sslprov: the
 * library records every buffer it hands out, so NULL, a pointer it never
 * returned, a pointer into one of its buffers and a buffer already freed are
 * all NTE_INVALID_PARAMETER (nothing is freed, nothing crashes). */
SSLPROV_API SECURITY_STATUS WINAPI SslFreeBuffer(PVOID pvInput);
typedef SECURITY_STATUS(WINAPI *SslFreeBufferFn)(PVOID pvInput);

/* SslFreeObject frees a provider, key or hash handle.  As on Windows, dwFlags
 * is not read (the object is freed whatever it says) and handle 0 is
 * STATUS_INVALID_HANDLE; a freed, forged or stale handle is NTE_INVALID_HANDLE. */
SSLPROV_API SECURITY_STATUS WINAPI SslFreeObject(_Inout_ NCRYPT_HANDLE hObject, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslFreeObjectFn)(_Inout_ NCRYPT_HANDLE hObject, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslIncrementProviderReferenceCount(_In_ NCRYPT_PROV_HANDLE hSslProvider);
/* sslprov: an invalid handle is STATUS_INVALID_HANDLE, as documented. */
SSLPROV_API SECURITY_STATUS WINAPI SslDecrementProviderReferenceCount(_In_ NCRYPT_PROV_HANDLE hSslProvider);

/* SslChangeNotify is not implemented on Windows either: always NTE_NOT_SUPPORTED. */
SSLPROV_API SECURITY_STATUS WINAPI SslChangeNotify(IN HANDLE hEvent, IN DWORD dwFlags);

/* SslOpenPrivateKey: sslprov finds the key by the certificate's public key in
 * the places listed at SSLPROV_KEY_PATH_ENV (extension section).  No key:
 * NTE_NO_KEY; keys bound to the certificate that do not match: NTE_BAD_KEY;
 * undecodable pbCertEncoded: NTE_BAD_DATA.  With hPrivateKey, SslEnumCipherSuites
 * lists only suites the key serves (RSA: RSA-signed and RSA key exchange; EC:
 * ECDSA; DSA: DSS; Ed25519/Ed448: ECDSA suites in TLS 1.2; TLS 1.3 suites for
 * RSA, EC and EdDSA keys). */
SSLPROV_API SECURITY_STATUS WINAPI SslOpenPrivateKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                     _Out_ NCRYPT_KEY_HANDLE *phPrivateKey,
                                                     _In_ PCCERT_CONTEXT pCertContext, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslOpenPrivateKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                     _Out_ NCRYPT_KEY_HANDLE *phPrivateKey,
                                                     _In_ PCCERT_CONTEXT pCertContext, _In_ DWORD dwFlags);

/* SslGetProviderProperty: see SSLPROV_PROVIDER_PROPERTY_* for accepted names.
 * Unknown name: NTE_NOT_SUPPORTED.  The buffer is freed with SslFreeBuffer. */
SSLPROV_API SECURITY_STATUS WINAPI SslGetProviderProperty(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _In_ LPCWSTR pszProperty,
                                                          _Outptr_result_bytebuffer_(*pcbOutput) PBYTE *ppbOutput,
                                                          _Out_ DWORD *pcbOutput, _Inout_opt_ PVOID *ppEnumState,
                                                          _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslGetProviderPropertyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _In_ LPCWSTR pszProperty,
                                                          _Outptr_result_bytebuffer_(*pcbOutput) PBYTE *ppbOutput,
                                                          _Out_ DWORD *pcbOutput, _Inout_opt_ PVOID *ppEnumState,
                                                          _In_ DWORD dwFlags);

/* SslGetKeyProperty, as Windows: takes keys from SslOpenPrivateKey and
 * SslCreateEphemeralKey only (others NTE_INVALID_HANDLE); SSL_KEY_TYPE_PROPERTY
 * only on an ephemeral key (a private key: NTE_INVALID_HANDLE); other names are
 * answered as NCryptGetProperty answers them for the key - sslprov: u"Length"
 * (DWORD bits) and u"Algorithm Group" (u"RSA", u"ECDSA", u"ECDH", u"DH",
 * u"DSA"), anything else NTE_NOT_SUPPORTED.  A name over 64 characters:
 * NTE_INVALID_PARAMETER.  The buffer is freed with SslFreeBuffer. */
SSLPROV_API SECURITY_STATUS WINAPI SslGetKeyProperty(_In_ NCRYPT_KEY_HANDLE hKey, _In_ LPCWSTR pszProperty,
                                                     _Outptr_result_bytebuffer_(*pcbOutput) PBYTE *ppbOutput,
                                                     _Out_ DWORD *pcbOutput, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslGetKeyPropertyFn)(_In_ NCRYPT_KEY_HANDLE hKey, _In_ LPCWSTR pszProperty,
                                                     _Outptr_result_bytebuffer_(*pcbOutput) PBYTE *ppbOutput,
                                                     _Out_ DWORD *pcbOutput, _In_ DWORD dwFlags);

/* SslLookupCipherSuiteInfo fills *pCipherSuite for (protocol, suite).  Unknown
 * protocol or suite: NTE_INVALID_PARAMETER (as Windows; so for
 * SslLookupCipherLengths and SslGetCipherSuitePRFHashAlgorithm). */
SSLPROV_API SECURITY_STATUS WINAPI SslLookupCipherSuiteInfo(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwProtocol,
                                                            _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
                                                            _Out_ NCRYPT_SSL_CIPHER_SUITE *pCipherSuite,
                                                            _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslLookupCipherSuiteInfoFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwProtocol,
                                                            _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
                                                            _Out_ NCRYPT_SSL_CIPHER_SUITE *pCipherSuite,
                                                            _In_ DWORD dwFlags);

/* SslLookupCipherLengths, as Windows reports them: dwHeaderLen = the explicit
 * IV / nonce only, WITHOUT the record header (5, DTLS 13) that SslEncryptPacket
 * writes in front of it - TLS 1.2 AES-GCM 8, TLS 1.1/1.2 CBC one block (AES 16),
 * ChaCha20 0, TLS 1.3 0; callers compute the stream header as 5 + dwHeaderLen.
 * dwFixedTrailerLen = MAC or tag (TLS 1.3: the tag, 16; the inner content type
 * is part of the caller's plaintext); dwMaxVariableTrailerLen = maximum CBC
 * padding (incl. the length byte); BLOCK_PADDING for block ciphers.  A record
 * is record header + dwHeaderLen + cbInput + dwFixedTrailerLen (+ padding).
 * cbLength = sizeof(NCRYPT_SSL_CIPHER_LENGTHS). */
SSLPROV_API SECURITY_STATUS WINAPI SslLookupCipherLengths(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwProtocol,
                                                          _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
                                                          _Out_writes_bytes_(cbCipherLengths)
                                                              NCRYPT_SSL_CIPHER_LENGTHS *pCipherLengths,
                                                          _In_ DWORD cbCipherLengths, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslLookupCipherLengthsFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwProtocol,
                                                          _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
                                                          _Out_writes_bytes_(cbCipherLengths)
                                                              NCRYPT_SSL_CIPHER_LENGTHS *pCipherLengths,
                                                          _In_ DWORD cbCipherLengths, _In_ DWORD dwFlags);

/* SslGetCipherSuitePRFHashAlgorithm: "SHA256"/"SHA384" for TLS 1.2+ suites;
 * sslprov answers "MD5SHA1" (SSLPROV_MD5SHA1_ALGORITHM) for SSL 3.0-TLS 1.1. */
SSLPROV_API SECURITY_STATUS WINAPI SslGetCipherSuitePRFHashAlgorithm(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
    _Out_writes_(NCRYPT_SSL_MAX_NAME_SIZE) WCHAR szPRFHash[NCRYPT_SSL_MAX_NAME_SIZE], _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslGetCipherSuitePRFHashAlgorithmFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
    _Out_writes_(NCRYPT_SSL_MAX_NAME_SIZE) WCHAR szPRFHash[NCRYPT_SSL_MAX_NAME_SIZE], _In_ DWORD dwFlags);

/* SslEnumEccCurves returns, under Windows' CNG names and in its order,
 * curve25519, nistP256, nistP384, nistP521, then sslprov's curve448 (Windows has
 * no X448), in a buffer freed with SslFreeBuffer. */
SSLPROV_API SECURITY_STATUS WINAPI SslEnumEccCurves(_In_ NCRYPT_PROV_HANDLE hSslProvider, _Out_ DWORD *pEccCurveCount,
                                                    _Outptr_result_buffer_all_(*pEccCurveCount)
                                                        NCRYPT_SSL_ECC_CURVE **ppEccCurve,
                                                    _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslEnumEccCurvesFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider, _Out_ DWORD *pEccCurveCount,
                                                    _Outptr_result_buffer_all_(*pEccCurveCount)
                                                        NCRYPT_SSL_ECC_CURVE **ppEccCurve,
                                                    _In_ DWORD dwFlags);

/* SslCreateEphemeralKey: dwKeyType = IANA group (TLS_ECC_* 23/24/25,
 * SSLPROV_GROUP_X25519/X448, SSLPROV_GROUP_FFDHE*).  sslprov: dwKeyType 0 with
 * pbParams (BCRYPT_DH_PARAMETERS, p of 1024-8192 bits) makes a DH key on those
 * parameters; dwKeyType 0 without them picks by dwKeyBitLen - ECDHE suites:
 * 0/256 P-256, 384 P-384, 521 P-521, 255 X25519, 448 X448; DHE suites: 0/2048
 * ffdhe2048, 3072, 4096, 6144, 8192 - anything else NTE_INVALID_PARAMETER.  TLS 1.3 must name
 * the group.  A group the suite cannot use (or malformed pbParams):
 * NTE_INVALID_PARAMETER; a suite without (EC)DHE or an unknown group:
 * NTE_NOT_SUPPORTED.  dwFlags, as Windows: 0 or NCRYPT_SSL_SERVER_FLAG; other
 * bits NTE_INVALID_PARAMETER. */
SSLPROV_API SECURITY_STATUS WINAPI SslCreateEphemeralKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _Out_ NCRYPT_KEY_HANDLE *phEphemeralKey, _In_ DWORD dwProtocol,
                                                         _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
                                                         _In_ DWORD dwKeyBitLen,
                                                         _In_reads_bytes_opt_(cbParams) PBYTE pbParams,
                                                         _In_ DWORD cbParams, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslCreateEphemeralKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _Out_ NCRYPT_KEY_HANDLE *phEphemeralKey, _In_ DWORD dwProtocol,
                                                         _In_ DWORD dwCipherSuite, _In_ DWORD dwKeyType,
                                                         _In_ DWORD dwKeyBitLen,
                                                         _In_reads_bytes_(cbParams) PBYTE pbParams, _In_ DWORD cbParams,
                                                         _In_ DWORD dwFlags);

/* SslImportKey: peer public keys (BCRYPT_ECCPUBLIC_BLOB, SSL_ECCPUBLIC_BLOB,
 * BCRYPT_DH_PUBLIC_BLOB, BCRYPT_RSAPUBLIC_BLOB), sealed BCRYPT_OPAQUE_KEY_BLOB
 * exports, TLS_13_PRE_SHARED_KEY, and SSLPROV_MASTER_SECRET_BLOB (extension).
 * sslprov: blob header fields are host order (as on Windows), numbers after them
 * big-endian.  BCRYPT_ECCPUBLIC_BLOB: ECDH or ECDSA magics for P-256/384/521;
 * X25519/X448 use BCRYPT_ECDH_PUBLIC_GENERIC_MAGIC with X = the raw u-coordinate
 * and Y = zeros (cbKey 32/56).  SSL_ECCPUBLIC_BLOB: reference 11.12, plus the
 * RFC 7919 groups 256-260 (y padded to |p|, the TLS 1.3 key_share form).
 * BCRYPT_DH_PUBLIC_BLOB: {'DHPB', cbKey} p g y.  BCRYPT_RSAPUBLIC_BLOB: {'RSA1',
 * BitLength, cbPublicExp, cbModulus, 0, 0} e n.  Peer values are validated:
 * off-curve points, the identity, DH y outside 2..p-2, and a malformed blob
 * (short, oversize, wrong magic or cbKey) are NTE_BAD_DATA; an unknown curve
 * NTE_NOT_SUPPORTED.  An all-zero X25519/X448 shared secret makes
 * SslGenerateMasterKey fail with NTE_BAD_DATA. */
SSLPROV_API SECURITY_STATUS WINAPI SslImportKey(_In_ NCRYPT_PROV_HANDLE hSslProvider, _Out_ NCRYPT_KEY_HANDLE *phKey,
                                                _In_ LPCWSTR pszBlobType, _In_reads_bytes_(cbKeyBlob) PBYTE pbKeyBlob,
                                                _In_ DWORD cbKeyBlob, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslImportKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider, _Out_ NCRYPT_KEY_HANDLE *phKey,
                                                _In_ LPCWSTR pszBlobType, _In_reads_bytes_(cbKeyBlob) PBYTE pbKeyBlob,
                                                _In_ DWORD cbKeyBlob, _In_ DWORD dwFlags);

/* SslExportKey: pbOutput NULL is a size query; too small is NTE_BUFFER_TOO_SMALL
 * with the needed size in *pcbResult.  sslprov: a blob type the key cannot be
 * written as is NTE_NOT_SUPPORTED; an RSA premaster (SslGeneratePreMasterKey)
 * leaves only as BCRYPT_OPAQUE_KEY_BLOB.  Secret material leaves only as a sealed
 * BCRYPT_OPAQUE_KEY_BLOB, or through the opt-in SSLPROV_* diagnostic blobs,
 * under the "Secret export" rule (at SslProvSetProviderOption).  Opaque blobs:
 * at SslProvSetProviderOptionEx. */
SSLPROV_API SECURITY_STATUS WINAPI SslExportKey(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hKey,
                                                _In_ LPCWSTR pszBlobType,
                                                _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                _In_ DWORD cbOutput, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExportKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hKey,
                                                _In_ LPCWSTR pszBlobType,
                                                _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                _In_ DWORD cbOutput, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslCreateHandshakeHash(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _Out_ NCRYPT_HASH_HANDLE *phHandshakeHash,
                                                          _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite,
                                                          _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslCreateHandshakeHashFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _Out_ NCRYPT_HASH_HANDLE *phHandshakeHash,
                                                          _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite,
                                                          _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslHashHandshake(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                    _Inout_ NCRYPT_HASH_HANDLE hHandshakeHash,
                                                    _In_reads_bytes_(cbInput) PBYTE pbInput, _In_ DWORD cbInput,
                                                    _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslHashHandshakeFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                    _Inout_ NCRYPT_HASH_HANDLE hHandshakeHash,
                                                    _In_reads_bytes_(cbInput) PBYTE pbInput, _In_ DWORD cbInput,
                                                    _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslCreateClientAuthHash(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                           _Out_ NCRYPT_HASH_HANDLE *phHandshakeHash,
                                                           _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite,
                                                           _In_ LPCWSTR pszHashAlgId, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslCreateClientAuthHashFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                           _Out_ NCRYPT_HASH_HANDLE *phHandshakeHash,
                                                           _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite,
                                                           _In_ LPCWSTR pszHashAlgId, _In_ DWORD dwFlags);

/* Hash objects are never consumed: every compute function works on a copy. */
/* SslComputeClientAuthHash: the CertificateVerify hash of hHandshakeHash (not
 * consumed).  pszAlgId = the signing key's algorithm (BCRYPT_RSA_ALGORITHM,
 * BCRYPT_ECDSA_ALGORITHM, BCRYPT_DSA_ALGORITHM; other: NTE_NOT_SUPPORTED).  TLS 1.2:
 * the object's hash.  TLS 1.0/1.1: MD5||SHA-1 (36 bytes) for RSA, SHA-1 (20) for
 * DSA/ECDSA.  SSL 3.0: the RFC 6101 5.6.8 pad construction with hMasterKey's
 * secret (needed only there; 0 is fine otherwise).  TLS 1.3: NTE_NOT_SUPPORTED.
 * pbOutput NULL: size query. */
SSLPROV_API SECURITY_STATUS WINAPI SslComputeClientAuthHash(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hMasterKey, _In_ NCRYPT_HASH_HANDLE hHandshakeHash,
    _In_ LPCWSTR pszAlgId, _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput, _In_ DWORD cbOutput,
    _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslComputeClientAuthHashFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hMasterKey, _In_ NCRYPT_HASH_HANDLE hHandshakeHash,
    _In_ LPCWSTR pszAlgId, _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput, _In_ DWORD cbOutput,
    _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);

/* SslComputeFinishedHash: dwFlags says whose Finished (CLIENT or SERVER flag);
 * cbOutput must be 12 (TLS 1.0-1.2), 36 (SSL 3.0) or Hash.length (TLS 1.3, with a
 * handshake traffic secret as hMasterKey).  sslprov: another cbOutput is
 * NTE_INVALID_PARAMETER (there is no size query); dwFlags other than exactly
 * CLIENT or SERVER is NTE_BAD_FLAGS (TLS 1.3 secrets also accept 0); a hash
 * object of another algorithm than the master key's PRF hash (MD5+SHA-1 before
 * TLS 1.2) is NTE_BAD_HASH.  The hash object is not consumed. */
SSLPROV_API SECURITY_STATUS WINAPI SslComputeFinishedHash(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _In_ NCRYPT_KEY_HANDLE hMasterKey,
                                                          _In_ NCRYPT_HASH_HANDLE hHandshakeHash,
                                                          _Out_writes_bytes_all_(cbOutput) PBYTE pbOutput,
                                                          _In_ DWORD cbOutput, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslComputeFinishedHashFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _In_ NCRYPT_KEY_HANDLE hMasterKey,
                                                          _In_ NCRYPT_HASH_HANDLE hHandshakeHash,
                                                          _Out_writes_bytes_all_(cbOutput) PBYTE pbOutput,
                                                          _In_ DWORD cbOutput, _In_ DWORD dwFlags);

/* SslComputeSessionHash: the RFC 7627 session hash (TLS 1.0-1.2).  sslprov: with
 * TLS1_3_PROTOCOL_VERSION it returns the current TLS 1.3 Transcript-Hash of the
 * object (not consumed).  HelloRetryRequest (RFC 8446 section 4.4.1): hash
 * ClientHello1 alone in one hash object, take its digest D here, then feed a fresh
 * hash object the synthetic message  0xFE 0x00 0x00 Hash.length || D  with
 * SslHashHandshake, followed by HelloRetryRequest, ClientHello2, ServerHello, ...
 * (SslDuplicateTranscriptHash branches a copy, e.g. for a PSK binder over the
 * truncated ClientHello2). */
SSLPROV_API SECURITY_STATUS WINAPI SslComputeSessionHash(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_ NCRYPT_HASH_HANDLE hHandshakeHash, _In_ DWORD dwProtocol,
                                                         _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                         _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
                                                         _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslComputeSessionHashFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_ NCRYPT_HASH_HANDLE hHandshakeHash, _In_ DWORD dwProtocol,
                                                         _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                         _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
                                                         _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslDuplicateTranscriptHash(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                              _In_ NCRYPT_HASH_HANDLE hTranscriptHash,
                                                              _Out_ NCRYPT_HASH_HANDLE *phTranscriptHash,
                                                              _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslDuplicateTranscriptHashFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                              _In_ NCRYPT_HASH_HANDLE hTranscriptHash,
                                                              _Out_ NCRYPT_HASH_HANDLE *phDuplicateTranscriptHash,
                                                              _In_ DWORD dwFlags);

/* SslGenerateMasterKey (TLS <= 1.2): (EC)DHE in both roles with hPrivateKey =
 * own ephemeral key, hPublicKey = the peer's imported key; the DHE premaster has
 * its leading zeros stripped (RFC 5246 8.1.2).  RSA (client, dwFlags
 * NCRYPT_SSL_CLIENT_FLAG): hPrivateKey 0 and hPublicKey = the server's RSA key
 * (BCRYPT_RSAPUBLIC_BLOB or SSLPROV_X509_PUBLIC_BLOB); pbOutput receives the
 * RSAES-PKCS1-v1_5 ciphertext only - without the 2-byte length TLS 1.0+ puts in
 * front of it - and *pcbResult its length (the modulus size); pbOutput NULL is a
 * size query that makes no master key.  Or hPrivateKey = the handle from
 * SslGeneratePreMasterKey (reference 11.11), pbOutput unused, *pcbResult 0.
 * Parameters: NCRYPTBUFFER_SSL_CLIENT_RANDOM/SERVER_RANDOM (32 bytes; both
 * required unless NCRYPTBUFFER_SSL_SESSION_HASH selects the extended master
 * secret of RFC 7627), NCRYPTBUFFER_SSL_HIGHEST_VERSION (a DWORD; the premaster's
 * version bytes, default dwProtocol), NCRYPTBUFFER_SSL_CLEAR_KEY (the PSK of a
 * TLS 1.2 PSK or DHE_PSK suite, 1-512 bytes: premaster per RFC 4279 sections 2
 * and 3, as Windows' TlsGeneratePSKPreMasterKey; hPrivateKey/hPublicKey unused
 * for plain PSK).  dwFlags, as Windows: NCRYPT_SSL_CLIENT_FLAG set = client
 * (so 3 is the client), else NCRYPT_SSL_SERVER_FLAG = server; 0 or any other bit
 * NTE_BAD_FLAGS.  RSA with the server flag (the server uses
 * SslImportMasterKey): NTE_NOT_SUPPORTED.  TLS 1.3: NTE_NOT_SUPPORTED; keys of
 * different groups: NTE_INVALID_PARAMETER.  As on Windows, pbOutput, cbOutput
 * and pcbResult are read only on the RSA client path: (EC)DHE and PSK callers
 * pass NULL, 0, NULL (a non-NULL pcbResult is set to 0). */
SSLPROV_API SECURITY_STATUS WINAPI SslGenerateMasterKey(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_opt_ NCRYPT_KEY_HANDLE hPrivateKey, _In_ NCRYPT_KEY_HANDLE hPublicKey,
    _Out_ NCRYPT_KEY_HANDLE *phMasterKey, _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite,
    _In_ PNCryptBufferDesc pParameterList, _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
    _In_ DWORD cbOutput, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslGenerateMasterKeyFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_opt_ NCRYPT_KEY_HANDLE hPrivateKey, _In_ NCRYPT_KEY_HANDLE hPublicKey,
    _Out_ NCRYPT_KEY_HANDLE *phMasterKey, _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite,
    _In_ PNCryptBufferDesc pParameterList, _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
    _In_ DWORD cbOutput, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);

/* SslImportMasterKey (RSA server; dwFlags 0 or NCRYPT_SSL_SERVER_FLAG, as Windows):
 * pbEncryptedKey = the ciphertext without its 2-byte length.  The premaster
 * version is checked against NCRYPTBUFFER_SSL_HIGHEST_VERSION (the ClientHello
 * version; default dwProtocol).  sslprov never fails on a bad ciphertext (bad
 * padding, wrong version, wrong length - the empty one included, where
 * pbEncryptedKey may be NULL): RFC 5246 7.4.7.1 - a random premaster is used
 * instead, with the same code path and timing.  pbEncryptedKey NULL with
 * cbEncryptedKey > 0: NTE_INVALID_PARAMETER. */
SSLPROV_API SECURITY_STATUS WINAPI SslImportMasterKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_ NCRYPT_KEY_HANDLE hPrivateKey,
                                                      _Out_ NCRYPT_KEY_HANDLE *phMasterKey, _In_ DWORD dwProtocol,
                                                      _In_ DWORD dwCipherSuite, _In_ NCryptBufferDesc *pParameterList,
                                                      _In_reads_bytes_(cbEncryptedKey) PBYTE pbEncryptedKey,
                                                      _In_ DWORD cbEncryptedKey, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslImportMasterKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_ NCRYPT_KEY_HANDLE hPrivateKey,
                                                      _Out_ NCRYPT_KEY_HANDLE *phMasterKey, _In_ DWORD dwProtocol,
                                                      _In_ DWORD dwCipherSuite, _In_ NCryptBufferDesc *pParameterList,
                                                      _In_reads_bytes_(cbEncryptedKey) PBYTE pbEncryptedKey,
                                                      _In_ DWORD cbEncryptedKey, _In_ DWORD dwFlags);

/* SslGeneratePreMasterKey: RSA key exchange only; makes the 48-byte premaster
 * (version bytes from NCRYPTBUFFER_SSL_HIGHEST_VERSION, default dwProtocol),
 * writes its RSAES-PKCS1-v1_5 ciphertext (no length prefix) to pbOutput and
 * returns a handle for SslGenerateMasterKey's hPrivateKey.  pbOutput NULL: size
 * query, no handle.  dwFlags must be 0. */
SSLPROV_API SECURITY_STATUS WINAPI SslGeneratePreMasterKey(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hPublicKey, _Out_ NCRYPT_KEY_HANDLE *phPreMasterKey,
    _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite, _In_ PNCryptBufferDesc pParameterList,
    _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput, _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
    _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslGeneratePreMasterKeyFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hPublicKey, _Out_ NCRYPT_KEY_HANDLE *phPreMasterKey,
    _In_ DWORD dwProtocol, _In_ DWORD dwCipherSuite, _In_ PNCryptBufferDesc pParameterList,
    _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput, _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
    _In_ DWORD dwFlags);

/* SslGenerateSessionKeys: pParameterList (ulVersion 0) must carry 32-byte
 * NCRYPTBUFFER_SSL_CLIENT_RANDOM and NCRYPTBUFFER_SSL_SERVER_RANDOM; anything
 * else is NTE_INVALID_PARAMETER (other buffer types are ignored).  Directions
 * follow the master key's role: client write = client_write_*, read =
 * server_write_*; the server the reverse.  Key block per RFC 6101/2246/4346/5246;
 * IVs from it: CBC in SSL 3.0/TLS 1.0 only, 4-byte salt for GCM/CCM, 12 bytes
 * for ChaCha20-Poly1305.  sslprov: phReadKey == phWriteKey is
 * NTE_INVALID_PARAMETER; dwFlags must be 0. */
SSLPROV_API SECURITY_STATUS WINAPI SslGenerateSessionKeys(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _In_ NCRYPT_KEY_HANDLE hMasterKey,
                                                          _Out_ NCRYPT_KEY_HANDLE *phReadKey,
                                                          _Out_ NCRYPT_KEY_HANDLE *phWriteKey,
                                                          _In_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslGenerateSessionKeysFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                          _In_ NCRYPT_KEY_HANDLE hMasterKey,
                                                          _Out_ NCRYPT_KEY_HANDLE *phReadKey,
                                                          _Out_ NCRYPT_KEY_HANDLE *phWriteKey,
                                                          _In_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

/* SslComputeEapKeyBlock: pbRandoms = client_random || server_random (64 bytes).
 * sslprov (reference 11.8): the low byte of dwFlags is the method, the other
 * bits must be 0 (NTE_BAD_FLAGS), and the output (size query with pbOutput
 * NULL; a larger buffer receives exactly this many bytes) is:
 *   NCRYPT_SSL_EAP_ID (EAP-TLS, RFC 5216 2.3): 128 bytes = MSK(64) || EMSK(64) =
 *     PRF(master, "client EAP encryption", randoms); the IV of RFC 5216 (a PRF
 *     of public values with an empty secret) is not included;
 *   NCRYPT_SSL_EAP_TTLSV0_ID (RFC 5281 8): 128 bytes = MSK || EMSK =
 *     PRF(master, "ttls keying material", randoms);
 *   NCRYPT_SSL_EAP_TTLSV0_CHLNG_ID (RFC 5281 11.1): 17 bytes of
 *     PRF(master, "ttls challenge", randoms) (CHAP/MS-CHAP-V2 challenge || ident;
 *     shorter uses take a prefix);
 *   NCRYPT_SSL_EAP_FAST_ID (RFC 4851 5.1): 40 bytes, session_key_seed = the bytes
 *     of PRF(master, "key expansion", server_random || client_random) after the
 *     connection's MAC keys, keys and IVs.
 * The master key's PRF is used (MD5/SHA-1 before TLS 1.2); SSL 3.0 master keys
 * are NTE_NOT_SUPPORTED; another method is NTE_BAD_FLAGS. */
SSLPROV_API SECURITY_STATUS WINAPI SslComputeEapKeyBlock(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_ NCRYPT_KEY_HANDLE hMasterKey,
                                                         _In_reads_bytes_(cbRandoms) PBYTE pbRandoms,
                                                         _In_ DWORD cbRandoms,
                                                         _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                         _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
                                                         _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslComputeEapKeyBlockFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_ NCRYPT_KEY_HANDLE hMasterKey,
                                                         _In_reads_bytes_(cbRandoms) PBYTE pbRandoms,
                                                         _In_ DWORD cbRandoms,
                                                         _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                         _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
                                                         _In_ DWORD dwFlags);

/* SslExportKeyingMaterial: TLS <= 1.2 = RFC 5705 with the master key's PRF,
 * pbRandoms = client_random || server_random (64 bytes, required).  As on
 * Windows, the context (with its length) is appended only when cbContextValue
 * != 0: (pointer, 0) and (NULL, 0) both mean "no context".  sslprov:
 * pbContextValue NULL with cbContextValue != 0 is NTE_INVALID_PARAMETER.  The labels TLS itself uses ("client
 * finished", "server finished", "master secret", "key expansion", "extended
 * master secret") are NTE_INVALID_PARAMETER (RFC 5705 section 4); SSL 3.0 is
 * NTE_NOT_SUPPORTED.  TLS 1.3 exporter secrets: RFC 8446 7.5, pbRandoms must be
 * NULL/0. */
SSLPROV_API SECURITY_STATUS WINAPI
SslExportKeyingMaterial(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hMasterKey, _In_ PCHAR sLabel,
                        _In_reads_bytes_opt_(cbRandoms) PBYTE pbRandoms, _In_ DWORD cbRandoms,
                        _In_reads_bytes_opt_(cbContextValue) PBYTE pbContextValue, _In_ WORD cbContextValue,
                        _Out_writes_bytes_(cbOutput) PBYTE pbOutput, _In_ DWORD cbOutput, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExportKeyingMaterialFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hMasterKey, _In_ PCHAR sLabel,
    _In_reads_bytes_opt_(cbRandoms) PBYTE pbRandoms, _In_ DWORD cbRandoms,
    _In_reads_bytes_opt_(cbContextValue) PBYTE pbContextValue, _In_ WORD cbContextValue,
    _Out_writes_bytes_(cbOutput) PBYTE pbOutput, _In_ DWORD cbOutput, _In_ DWORD dwFlags);

/* TLS 1.3 key schedule (interface versions 4 and 5).  Parameter lists may be
 * NULL.  The base key's kind picks the labels.
 * sslprov: SslExtractEarlyKey is the only one taking protocol and suite; they fix
 * the hash for every secret derived from that early key.  Its parameter list may
 * carry NCRYPTBUFFER_SSL_CLIENT_RANDOM (32 bytes) for key-log lines; other buffer
 * types are ignored everywhere.  As on Windows, SslExtractEarlyKey and
 * SslExpandWriteKey read neither dwFlags nor the parameter list (a malformed
 * list is ignored; SslExtractEarlyKey only picks a well-formed client random
 * out of it).  hPreSharedKey: 0, a TLS_13_PRE_SHARED_KEY import (raw PSK: takes
 * this suite's hash) or a PSK of the same hash (SSLPROV_TLS13_PSK_BLOB,
 * SslExpandPreSharedKey; else NTE_BAD_KEY).
 * SslExtractHandshakeKey: hPrivateKey = own ephemeral key, hPublicKey = peer key;
 * both 0 = PSK-only mode (needs an early key made with a PSK).
 * SslExpandTrafficKeys: early base -> client early secret only (phServerTrafficKey
 * must be NULL); handshake -> handshake secrets; master -> application secrets_0.
 * SslExpandWriteKey: key + IV of the suite from any traffic secret; the record key
 * belongs to the secret's side (client or server).  SslExpandExporterMasterKey:
 * early base -> early exporter, master -> exporter.  SslExpandBinderKey: dwFlags is
 * exactly one of NCRYPT_SSL_EXTERNAL_PSK_FLAG / NCRYPT_SSL_RESUMPTION_PSK_FLAG and
 * picks the label for a raw TLS_13_PRE_SHARED_KEY (as Windows); it must match
 * the kind of a PSK that has one (else NTE_BAD_FLAGS); the binder is then
 * SslComputeFinishedHash(binder key, hash of the truncated ClientHello).
 * Errors: a handle of another object type -> NTE_INVALID_HANDLE; a TLS 1.3 secret
 * of the wrong kind for the function -> NTE_BAD_KEY_STATE; a transcript hash of
 * another hash or protocol -> NTE_BAD_HASH.  Hash objects are not consumed. */
SSLPROV_API SECURITY_STATUS WINAPI SslExtractEarlyKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_opt_ NCRYPT_KEY_HANDLE hPreSharedKey,
                                                      _Out_ NCRYPT_KEY_HANDLE *phEarlyKey, _In_ DWORD dwProtocol,
                                                      _In_ DWORD dwCipherSuite,
                                                      _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExtractEarlyKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_opt_ NCRYPT_KEY_HANDLE hPreSharedKey,
                                                      _Out_ NCRYPT_KEY_HANDLE *phEarlyKey, _In_ DWORD dwProtocol,
                                                      _In_ DWORD dwCipherSuite,
                                                      _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExtractHandshakeKey(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hPrivateKey, _In_ NCRYPT_KEY_HANDLE hPublicKey,
    _In_ NCRYPT_KEY_HANDLE hEarlyKey, _Out_ NCRYPT_KEY_HANDLE *phHandshakeKey,
    _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExtractHandshakeKeyFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hPrivateKey, _In_ NCRYPT_KEY_HANDLE hPublicKey,
    _In_ NCRYPT_KEY_HANDLE hEarlyKey, _Out_ NCRYPT_KEY_HANDLE *phHandshakeKey,
    _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExtractMasterKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                       _In_ NCRYPT_KEY_HANDLE hHandshakeKey,
                                                       _Out_ NCRYPT_KEY_HANDLE *phMasterKey,
                                                       _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExtractMasterKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                       _In_ NCRYPT_KEY_HANDLE hHandshakeKey,
                                                       _Out_ NCRYPT_KEY_HANDLE *phMasterKey,
                                                       _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExpandTrafficKeys(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                        _In_ NCRYPT_KEY_HANDLE hBaseKey,
                                                        _In_ NCRYPT_HASH_HANDLE hHashValue,
                                                        _Out_opt_ NCRYPT_KEY_HANDLE *phClientTrafficKey,
                                                        _Out_opt_ NCRYPT_KEY_HANDLE *phServerTrafficKey,
                                                        _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandTrafficKeysFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                        _In_ NCRYPT_KEY_HANDLE hBaseKey,
                                                        _In_ NCRYPT_HASH_HANDLE hHashValue,
                                                        _Out_opt_ NCRYPT_KEY_HANDLE *phClientTrafficKey,
                                                        _Out_opt_ NCRYPT_KEY_HANDLE *phServerTrafficKey,
                                                        _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExpandWriteKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                     _In_ NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                     _Out_ NCRYPT_KEY_HANDLE *phWriteKey,
                                                     _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandWriteKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                     _In_ NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                     _Out_ NCRYPT_KEY_HANDLE *phWriteKey,
                                                     _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExpandExporterMasterKey(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hBaseKey, _In_ NCRYPT_HASH_HANDLE hHashValue,
    _Out_ NCRYPT_KEY_HANDLE *phExporterMasterKey, _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandExporterMasterKeyFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hBaseKey, _In_ NCRYPT_HASH_HANDLE hHashValue,
    _Out_ NCRYPT_KEY_HANDLE *phExporterMasterKey, _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExpandResumptionMasterKey(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hMasterKey, _In_ NCRYPT_HASH_HANDLE hHashValue,
    _Out_ NCRYPT_KEY_HANDLE *phResumptionMasterKey, _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandResumptionMasterKeyFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hMasterKey, _In_ NCRYPT_HASH_HANDLE hHashValue,
    _Out_ NCRYPT_KEY_HANDLE *phResumptionMasterKey, _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExpandBinderKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_ NCRYPT_KEY_HANDLE hEarlyKey,
                                                      _Out_ NCRYPT_KEY_HANDLE *phBinderKey,
                                                      _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandBinderKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_ NCRYPT_KEY_HANDLE hEarlyKey,
                                                      _Out_ NCRYPT_KEY_HANDLE *phBinderKey,
                                                      _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

SSLPROV_API SECURITY_STATUS WINAPI SslExpandPreSharedKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_ NCRYPT_KEY_HANDLE hResumptionMasterKey,
                                                         _In_reads_bytes_opt_(cbTicketNonce) PBYTE pbTicketNonce,
                                                         _In_ DWORD cbTicketNonce,
                                                         _Out_ NCRYPT_KEY_HANDLE *phPreSharedKey,
                                                         _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandPreSharedKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                         _In_ NCRYPT_KEY_HANDLE hResumptionMasterKey,
                                                         _In_reads_bytes_opt_(cbTicketNonce) PBYTE pbTicketNonce,
                                                         _In_ DWORD cbTicketNonce,
                                                         _Out_ NCRYPT_KEY_HANDLE *phPreSharedKey,
                                                         _In_opt_ PNCryptBufferDesc pParameterList, _In_ DWORD dwFlags);

/* SslExpandNextGenTrafficKey (exported by Windows without a public prototype):
 * sslprov gives it SslExpandWriteKey's parameters; from a traffic secret it
 * returns the next one (RFC 8446 section 7.2, "traffic upd"). */
SSLPROV_API SECURITY_STATUS WINAPI SslExpandNextGenTrafficKey(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                              _In_ NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                              _Out_ NCRYPT_KEY_HANDLE *phNextTrafficKey,
                                                              _In_opt_ PNCryptBufferDesc pParameterList,
                                                              _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslExpandNextGenTrafficKeyFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                              _In_ NCRYPT_KEY_HANDLE hBaseTrafficKey,
                                                              _Out_ NCRYPT_KEY_HANDLE *phNextTrafficKey,
                                                              _In_opt_ PNCryptBufferDesc pParameterList,
                                                              _In_ DWORD dwFlags);

/* SslSignHash: ECDSA signatures are raw r || s of fixed size; RSA is PKCS#1 v1.5
 * (MD5||SHA-1 without DigestInfo when no flag is set) or PSS with salt length =
 * hash length.  pbSignature NULL is a size query.  sslprov: with
 * INCLUDE_HASHOID or USE_PSS_PADDING, pbHashValue = NUL-terminated UTF-16 hash
 * name (SHA1, SHA256, SHA384, SHA512) then the hash, cbHashValue counting both;
 * a hash of the wrong length: NTE_INVALID_PARAMETER, unknown name:
 * NTE_NOT_SUPPORTED.  ECDSA also accepts the named layout, not PSS.  Extension:
 * Ed25519/Ed448 keys (TLS 1.3) sign pbHashValue as the message itself (EdDSA has
 * no prehash), no flags allowed; any length is a message, the empty one
 * included (cbHashValue 0, pbHashValue may then be NULL; RFC 8032 section 7.1
 * TEST 1).  Only SslOpenPrivateKey keys sign.  An RSASSA-PSS key (id-RSASSA-PSS)
 * signs with USE_PSS_PADDING only (else NTE_NOT_SUPPORTED), and when its
 * parameters restrict it (RFC 4055 section 3.1) only with their hash, MGF1 hash
 * and a minimum salt length at most the hash length: otherwise
 * NTE_INVALID_PARAMETER. */
SSLPROV_API SECURITY_STATUS WINAPI SslSignHash(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hPrivateKey,
                                               _In_reads_bytes_(cbHashValue) PBYTE pbHashValue, _In_ DWORD cbHashValue,
                                               _Out_writes_bytes_to_opt_(cbSignature, *pcbResult) PBYTE pbSignature,
                                               _In_ DWORD cbSignature, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslSignHashFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ NCRYPT_KEY_HANDLE hPrivateKey,
                                               _In_reads_bytes_(cbHashValue) PBYTE pbHashValue, _In_ DWORD cbHashValue,
                                               _Out_writes_bytes_to_opt_(cbSignature, *pcbResult) PBYTE pbSignature,
                                               _In_ DWORD cbSignature, _Out_ DWORD *pcbResult, _In_ DWORD dwFlags);

/* SslVerifySignature: a bad signature is NTE_BAD_SIGNATURE (also a signature of
 * the wrong length, e.g. DER for ECDSA).  Same flags and input layouts as
 * SslSignHash; hPublicKey may be an imported public key or one of our private
 * keys (its public half). */
SSLPROV_API SECURITY_STATUS WINAPI SslVerifySignature(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_ NCRYPT_KEY_HANDLE hPublicKey,
                                                      _In_reads_bytes_(cbHashValue) PBYTE pbHashValue,
                                                      _In_ DWORD cbHashValue,
                                                      _In_reads_bytes_(cbSignature) PBYTE pbSignature,
                                                      _In_ DWORD cbSignature, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslVerifySignatureFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                      _In_ NCRYPT_KEY_HANDLE hPublicKey,
                                                      _In_reads_bytes_(cbHashValue) PBYTE pbHashValue,
                                                      _In_ DWORD cbHashValue,
                                                      _In_reads_bytes_(cbSignature) PBYTE pbSignature,
                                                      _In_ DWORD cbSignature, _In_ DWORD dwFlags);

/* SslEncryptPacket: pbInput = plaintext fragment; pbOutput = the whole record
 * (header, explicit IV/nonce, protected payload): record header (5, DTLS 13) +
 * dwHeaderLen + cbInput + dwFixedTrailerLen (+ CBC padding) bytes.  In place
 * when pbInput == pbOutput + record header + dwHeaderLen, or (TLS <= 1.2, as
 * Windows accepts) pbOutput + record header only; other overlaps are
 * NTE_BUFFERS_OVERLAP.  TLS 1.3, as Windows: pbInput is the whole
 * TLSInnerPlaintext the caller built (content || inner type || zero padding,
 * 1 .. 2^14 + 1 bytes, else NTE_INVALID_PARAMETER), dwContentType is the OUTER
 * header type (Schannel passes 23), the output is exactly 5 + cbInput + 16,
 * in place with pbInput == pbOutput + 5.  DTLS:
 * SequenceNumber = epoch(16) || sequence(48).  TLS 1.2 AEAD explicit nonce =
 * SequenceNumber (big-endian); TLS 1.1+/DTLS CBC: a fresh random IV per record;
 * SSL 3.0/TLS 1.0 CBC: the chained IV, kept in hKey.
 * sslprov: pbOutput NULL is a size query (Windows requires pbOutput); TLS <= 1.2
 * plaintext over 2^14 is NTE_BAD_LEN; content type 24 (heartbeat) may be
 * written as on Windows, a type outside 20..24 is NTE_INVALID_PARAMETER (Windows
 * writes any byte); a TLS <= 1.2 read key (from SslGenerateSessionKeys)
 * cannot encrypt and a write key cannot decrypt (NTE_INVALID_HANDLE); TLS 1.3
 * keys from SslExpandWriteKey serve both directions.  One key used from
 * several threads works: calls on one key are serialised.  RC4 and DES suites
 * need OpenSSL's legacy provider (else NTE_NOT_SUPPORTED). */
SSLPROV_API SECURITY_STATUS WINAPI SslEncryptPacket(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _Inout_ NCRYPT_KEY_HANDLE hKey, _In_reads_bytes_(cbInput) PBYTE pbInput,
    _In_ DWORD cbInput, _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput, _In_ DWORD cbOutput,
    _Out_ DWORD *pcbResult, _In_ ULONGLONG SequenceNumber, _In_ DWORD dwContentType, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslEncryptPacketFn)(
    _In_ NCRYPT_PROV_HANDLE hSslProvider, _Inout_ NCRYPT_KEY_HANDLE hKey, _In_reads_bytes_(cbInput) PBYTE pbInput,
    _In_ DWORD cbInput, _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput, _In_ DWORD cbOutput,
    _Out_ DWORD *pcbResult, _In_ ULONGLONG SequenceNumber, _In_ DWORD dwContentType, _In_ DWORD dwFlags);

/* SslDecryptPacket: pbInput = one whole record with its header; pbOutput =
 * plaintext.  TLS 1.3, as Windows: the whole decrypted TLSInnerPlaintext
 * (content || type || padding, nothing stripped: the caller scans back for the
 * last non-zero byte, RFC 8446 5.4), and a bad tag is STATUS_AUTH_TAG_MISMATCH.
 * TLS <= 1.2: bad MAC, bad padding and bad tag are all NTE_DECRYPTION_FAILURE,
 * with one timing (CBC padding and MAC are checked in constant time).
 * Malformed records (short, length field not matching cbInput, over 2^14+2048
 * (TLS 1.3: 2^14+256, or no byte besides the tag), wrong type or version, DTLS
 * header not matching SequenceNumber) are NTE_BAD_DATA.  No plaintext is left
 * in pbOutput on failure and *pcbResult is 0.  In place when pbOutput ==
 * pbInput + record header + dwHeaderLen, pbInput + record header (Windows'
 * layout), or pbOutput == pbInput.  A size query (pbOutput NULL) answers the
 * largest plaintext the record can carry.  sslprov: a TLS 1.3 record whose
 * outer type is not 23 is NTE_BAD_DATA (Windows does not look at it: kept,
 * it is input no RFC 8446 peer sends). */
SSLPROV_API SECURITY_STATUS WINAPI SslDecryptPacket(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                    _Inout_ NCRYPT_KEY_HANDLE hKey,
                                                    _In_reads_bytes_(cbInput) PBYTE pbInput, _In_ DWORD cbInput,
                                                    _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                    _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
                                                    _In_ ULONGLONG SequenceNumber, _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslDecryptPacketFn)(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                    _Inout_ NCRYPT_KEY_HANDLE hKey,
                                                    _In_reads_bytes_(cbInput) PBYTE pbInput, _In_ DWORD cbInput,
                                                    _Out_writes_bytes_to_opt_(cbOutput, *pcbResult) PBYTE pbOutput,
                                                    _In_ DWORD cbOutput, _Out_ DWORD *pcbResult,
                                                    _In_ ULONGLONG SequenceNumber, _In_ DWORD dwFlags);

/* ------------------------------------------------------------------------ */
/* Function table and entry points                                           */
/* ------------------------------------------------------------------------ */

typedef struct _NCRYPT_SSL_FUNCTION_TABLE {
    BCRYPT_INTERFACE_VERSION Version;
    SslComputeClientAuthHashFn ComputeClientAuthHash;
    SslComputeEapKeyBlockFn ComputeEapKeyBlock;
    SslComputeFinishedHashFn ComputeFinishedHash;
    SslCreateEphemeralKeyFn CreateEphemeralKey;
    SslCreateHandshakeHashFn CreateHandshakeHash;
    SslDecryptPacketFn DecryptPacket;
    SslEncryptPacketFn EncryptPacket;
    SslEnumCipherSuitesFn EnumCipherSuites;
    SslExportKeyFn ExportKey;
    SslFreeBufferFn FreeBuffer;
    SslFreeObjectFn FreeObject;
    SslGenerateMasterKeyFn GenerateMasterKey;
    SslGenerateSessionKeysFn GenerateSessionKeys;
    SslGetKeyPropertyFn GetKeyProperty;
    SslGetProviderPropertyFn GetProviderProperty;
    SslHashHandshakeFn HashHandshake;
    SslImportMasterKeyFn ImportMasterKey;
    SslImportKeyFn ImportKey;
    SslLookupCipherSuiteInfoFn LookupCipherSuiteInfo;
    SslOpenPrivateKeyFn OpenPrivateKey;
    SslOpenProviderFn OpenProvider;
    SslSignHashFn SignHash;
    SslVerifySignatureFn VerifySignature;
    /* End of entries in NCRYPT_SSL_INTERFACE_VERSION_1 */
    SslLookupCipherLengthsFn LookupCipherLengths;
    SslCreateClientAuthHashFn CreateClientAuthHash;
    SslGetCipherSuitePRFHashAlgorithmFn GetCipherSuitePRFHashAlgorithm;
    /* End of entries in NCRYPT_SSL_INTERFACE_VERSION_2 */
    SslComputeSessionHashFn ComputeSessionHash;
    SslGeneratePreMasterKeyFn GeneratePreMasterKey;
    SslEnumEccCurvesFn EnumEccCurves;
    SslExportKeyingMaterialFn ExportKeyingMaterial;
    /* End of entries in NCRYPT_SSL_INTERFACE_VERSION_3 */
    SslExtractEarlyKeyFn ExtractEarlyKey;
    SslExtractHandshakeKeyFn ExtractHandshakeKey;
    SslExtractMasterKeyFn ExtractMasterKey;
    SslExpandTrafficKeysFn ExpandTrafficKeys;
    SslExpandWriteKeyFn ExpandWriteKey;
    SslExpandExporterMasterKeyFn ExpandExporterMasterKey;
    SslEnumCipherSuitesExFn EnumCipherSuitesEx;
    /* End of entries in NCRYPT_SSL_INTERFACE_VERSION_4 */
    SslExpandResumptionMasterKeyFn ExpandResumptionMasterKey;
    SslDuplicateTranscriptHashFn DuplicateTranscriptHash;
    SslExpandBinderKeyFn ExpandBinderKey;
    SslExpandPreSharedKeyFn ExpandPreSharedKey;
    /* End of entries in NCRYPT_SSL_INTERFACE_VERSION_5 */
} NCRYPT_SSL_FUNCTION_TABLE;

/* GetSChannelInterface returns the provider's static table (Version 5.0, every
 * slot filled).  NULL or MS_SCHANNEL_PROVIDER selects sslprov; another name is
 * STATUS_NOT_FOUND; a NULL ppFunctionTable STATUS_INVALID_PARAMETER; dwFlags must
 * be 0 (NTE_BAD_FLAGS). */
SSLPROV_API NTSTATUS WINAPI GetSChannelInterface(_In_ LPCWSTR pszProviderName,
                                                 _Out_ NCRYPT_SSL_FUNCTION_TABLE **ppFunctionTable, _In_ DWORD dwFlags);
typedef NTSTATUS(WINAPI *GetSChannelInterfaceFn)(_In_ LPCWSTR pszProviderName,
                                                 _Out_ NCRYPT_SSL_FUNCTION_TABLE **ppFunctionTable, _In_ ULONG dwFlags);

/* SslInitializeInterface fills a caller-allocated table (declared by Windows'
 * header, not exported by ncrypt.dll; exported here for completeness). */
SSLPROV_API SECURITY_STATUS WINAPI SslInitializeInterface(_In_ LPCWSTR pszProviderName,
                                                          _Out_ NCRYPT_SSL_FUNCTION_TABLE *pFunctionTable,
                                                          _In_ DWORD dwFlags);
typedef SECURITY_STATUS(WINAPI *SslInitializeInterfaceFn)(_In_ LPCWSTR pszProviderName,
                                                          _Out_ NCRYPT_SSL_FUNCTION_TABLE *pFunctionTable,
                                                          _In_ DWORD dwFlags);

#ifdef SSLPROV_EXTENSIONS

/* ======================================================================== */
/* sslprov extensions (prefix SslProv / SSLPROV_)                            */
/* ======================================================================== */

#define SSLPROV_VERSION_MAJOR 0
#define SSLPROV_VERSION_MINOR 2
#define SSLPROV_VERSION_PATCH 0
#define SSLPROV_PROVIDER_NAME SSLPROV_WSTR("sslprov")

/* SslProvVersionString: the version of the library running, "MAJOR.MINOR.PATCH"
 * (e.g. "0.2.0"; the SSLPROV_VERSION_* macros give the header's).  Static
 * storage: never NULL, never freed. */
SSLPROV_API const char *WINAPI SslProvVersionString(void);

/* SslProvStatusString: the name of a status code the library can return and a
 * one-line description, e.g. "NTE_BAD_DATA: bad data (a malformed record, blob
 * or message)"; SECURITY_STATUS and NTSTATUS values alike.  sslprov: an unknown
 * code gives "0x%08X: unknown status" in a per-thread buffer, valid until the
 * thread's next call.  Never NULL, never freed; thread safe. */
SSLPROV_API const char *WINAPI SslProvStatusString(_In_ SECURITY_STATUS Status);

/* Suites Windows' header lacks but peers use (IANA values). */
#define TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   0xCCA8
#define TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 0xCCA9
#define TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256     0xCCAA
#define TLS_CHACHA20_POLY1305_SHA256                  0x1303
#define TLS_AES_128_CCM_SHA256                        0x1304
#define TLS_AES_128_CCM_8_SHA256                      0x1305
#define TLS_RSA_WITH_AES_128_CCM                      0xC09C
#define TLS_RSA_WITH_AES_256_CCM                      0xC09D
#define TLS_DHE_RSA_WITH_AES_128_CCM                  0xC09E
#define TLS_DHE_RSA_WITH_AES_256_CCM                  0xC09F
#define TLS_RSA_WITH_AES_128_CCM_8                    0xC0A0
#define TLS_RSA_WITH_AES_256_CCM_8                    0xC0A1
#define TLS_DHE_RSA_WITH_AES_128_CCM_8                0xC0A2
#define TLS_DHE_RSA_WITH_AES_256_CCM_8                0xC0A3
#define TLS_PSK_WITH_AES_128_CCM                      0xC0A4
#define TLS_PSK_WITH_AES_256_CCM                      0xC0A5
#define TLS_DHE_PSK_WITH_AES_128_CCM                  0xC0A6
#define TLS_DHE_PSK_WITH_AES_256_CCM                  0xC0A7
#define TLS_PSK_WITH_AES_128_CCM_8                    0xC0A8
#define TLS_PSK_WITH_AES_256_CCM_8                    0xC0A9
#define TLS_PSK_DHE_WITH_AES_128_CCM_8                0xC0AA
#define TLS_PSK_DHE_WITH_AES_256_CCM_8                0xC0AB
#define TLS_ECDHE_ECDSA_WITH_AES_128_CCM              0xC0AC
#define TLS_ECDHE_ECDSA_WITH_AES_256_CCM              0xC0AD
#define TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8            0xC0AE
#define TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8            0xC0AF

/* Named groups beyond TLS_ECC_*: X25519, X448, RFC 7919 FFDHE. */
#define SSLPROV_GROUP_X25519    29
#define SSLPROV_GROUP_X448      30
#define SSLPROV_GROUP_FFDHE2048 256
#define SSLPROV_GROUP_FFDHE3072 257
#define SSLPROV_GROUP_FFDHE4096 258
#define SSLPROV_GROUP_FFDHE6144 259
#define SSLPROV_GROUP_FFDHE8192 260

#define SSLPROV_MD5SHA1_ALGORITHM SSLPROV_WSTR("MD5SHA1")

/* Master secret blob: SslImportKey(SSLPROV_MASTER_SECRET_BLOB) makes a TLS <= 1.2
 * master key of the given role from a raw 48-byte secret (tools, tests, key-log
 * driven decryptors).  SslExportKey with the same blob type returns it when the
 * "Secret export" rule allows it (at SslProvSetProviderOption; else NTE_PERM).
 * Import errors: wrong magic, cbSecret,
 * total length or role (dwFlags not exactly CLIENT or SERVER) are
 * NTE_INVALID_PARAMETER; a protocol other than SSL 3.0-TLS 1.2/DTLS or a suite
 * not valid for it is NTE_NOT_SUPPORTED; SslImportKey's dwFlags must be 0. */
#define SSLPROV_MASTER_SECRET_BLOB  SSLPROV_WSTR("SslProvMasterSecret")
#define SSLPROV_MASTER_SECRET_MAGIC 0x4B4D5053 /* "SPMK" */
typedef struct _SSLPROV_MASTER_SECRET_HEADER {
    DWORD dwMagic;    /* SSLPROV_MASTER_SECRET_MAGIC */
    DWORD dwProtocol; /* SSL3 ... TLS 1.2, DTLS 1.0/1.2 */
    DWORD dwCipherSuite;
    DWORD dwFlags;  /* NCRYPT_SSL_CLIENT_FLAG or NCRYPT_SSL_SERVER_FLAG: the role */
    DWORD cbSecret; /* 48 */
} SSLPROV_MASTER_SECRET_HEADER;

/* Session key blob: SslExportKey(SSLPROV_SESSION_KEY_BLOB) on a record key
 * (from SslGenerateSessionKeys or SslExpandWriteKey) returns the header followed
 * by cbMacKey MAC-key bytes, cbEncKey key bytes and cbIV IV bytes, when the
 * "Secret export" rule allows it (at SslProvSetProviderOption); otherwise NTE_PERM. */
#define SSLPROV_SESSION_KEY_BLOB  SSLPROV_WSTR("SslProvSessionKey")
#define SSLPROV_SESSION_KEY_MAGIC 0x4B535053 /* "SPSK" */
typedef struct _SSLPROV_SESSION_KEY_HEADER {
    DWORD dwMagic; /* SSLPROV_SESSION_KEY_MAGIC */
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    DWORD dwFlags; /* whose key: NCRYPT_SSL_CLIENT_FLAG (client_write_*) or SERVER */
    DWORD cbMacKey;
    DWORD cbEncKey;
    DWORD cbIV;
} SSLPROV_SESSION_KEY_HEADER;

/* TLS 1.3 secret blob: SslExportKey(SSLPROV_SECRET_BLOB) on any TLS 1.3 secret
 * (early, handshake, master, traffic, exporter, resumption, binder, PSK) returns
 * the header followed by cbSecret bytes; opt-in like the others. */
#define SSLPROV_SECRET_BLOB  SSLPROV_WSTR("SslProvSecret")
#define SSLPROV_SECRET_MAGIC 0x53535053 /* "SPSS" */
typedef struct _SSLPROV_SECRET_HEADER {
    DWORD dwMagic; /* SSLPROV_SECRET_MAGIC */
    DWORD dwProtocol;
    DWORD dwCipherSuite;
    DWORD dwKind; /* SSLPROV_SECRET_KIND_* */
    DWORD cbSecret;
} SSLPROV_SECRET_HEADER;
#define SSLPROV_SECRET_KIND_EARLY                      1
#define SSLPROV_SECRET_KIND_HANDSHAKE                  2
#define SSLPROV_SECRET_KIND_MASTER                     3
#define SSLPROV_SECRET_KIND_CLIENT_EARLY_TRAFFIC       4
#define SSLPROV_SECRET_KIND_CLIENT_HANDSHAKE_TRAFFIC   5
#define SSLPROV_SECRET_KIND_SERVER_HANDSHAKE_TRAFFIC   6
#define SSLPROV_SECRET_KIND_CLIENT_APPLICATION_TRAFFIC 7
#define SSLPROV_SECRET_KIND_SERVER_APPLICATION_TRAFFIC 8
#define SSLPROV_SECRET_KIND_EXPORTER                   9
#define SSLPROV_SECRET_KIND_EARLY_EXPORTER             10
#define SSLPROV_SECRET_KIND_RESUMPTION                 11
#define SSLPROV_SECRET_KIND_BINDER                     12
#define SSLPROV_SECRET_KIND_PSK                        13
#define SSLPROV_SECRET_KIND_PREMASTER                  14

/* Private (EC)DH key import, for deterministic tests and tools:
 * SslImportKey(SSLPROV_ECCPRIVATE_BLOB) takes an SSL_ECCKEY_BLOB header
 * {dwCurveType = IANA group 23/24/25/29/30, cbKey} followed by the raw private
 * key (big-endian scalar for NIST curves, RFC 7748 bytes for X25519/X448) and
 * returns an ephemeral-key handle, as SslCreateEphemeralKey would. */
#define SSLPROV_ECCPRIVATE_BLOB SSLPROV_WSTR("SslProvEccPrivate")
/* sslprov: export of SSLPROV_ECCPRIVATE_BLOB works only on ephemeral keys, when
 * the "Secret export" rule allows it (at SslProvSetProviderOption; otherwise
 * NTE_PERM). */

/* Public key from X.509: SslImportKey(SSLPROV_X509_PUBLIC_BLOB) takes a DER
 * certificate or a DER SubjectPublicKeyInfo and returns a public-key handle (RSA,
 * ECDSA, Ed25519, Ed448, DSA) for SslVerifySignature or, for RSA, as the server
 * key of SslGenerateMasterKey / SslGeneratePreMasterKey.  SslExportKey with the
 * same type returns the DER SubjectPublicKeyInfo of any asymmetric key. */
#define SSLPROV_X509_PUBLIC_BLOB SSLPROV_WSTR("SslProvX509Public")

/* Private keys on Linux.  SslOpenPrivateKey finds the key whose public key
 * matches the certificate, searching in this order:
 *   1. locations registered with SslProvAddPrivateKeyLocation for that
 *      certificate (keys there, none matching: NTE_BAD_KEY - the mismatch);
 *   2. locations registered without a certificate;
 *   3. the OSSL_STORE URIs in the environment variable SSLPROV_KEY_STORE,
 *      whitespace-separated (e.g. a "pkcs11:" URI served by an OpenSSL provider);
 *   4. the files and directories in SSLPROV_KEY_PATH, colon-separated (a
 *      directory: every regular file directly in it).
 * A location is a key file (PEM or DER; PKCS#8 or traditional - what
 * `openssl req -newkey` and `openssl genpkey` write), a directory, or an
 * OSSL_STORE URI.  Encrypted keys are skipped.  No matching key: NTE_NO_KEY.
 * sslprov: only regular files are read: a FIFO, device or socket named as a
 * location, or found in a directory, is skipped without blocking (opened
 * non-blocking, checked on the open descriptor).  In a directory, entries that
 * are symbolic links are not followed (O_NOFOLLOW); a file named directly (a
 * registration, an SSLPROV_KEY_PATH element, a "file:" URI, read as its path)
 * may be a link.  Both environment variables are read with secure_getenv: a
 * set-user-ID or set-group-ID program ignores them.
 * Registrations are process-wide and last until exit: a location registered
 * through one provider handle serves SslOpenPrivateKey on every provider of the
 * process, and is not removed when that provider is freed. */
#define SSLPROV_KEY_PATH_ENV  "SSLPROV_KEY_PATH"
#define SSLPROV_KEY_STORE_ENV "SSLPROV_KEY_STORE"

/* SslProvAddPrivateKeyLocation registers pszLocation (file, directory or
 * OSSL_STORE URI, UTF-8) for pCertContext, or for every certificate when
 * pCertContext is NULL.  dwFlags must be 0.  NULL/empty location:
 * NTE_INVALID_PARAMETER. */
SSLPROV_API SECURITY_STATUS WINAPI SslProvAddPrivateKeyLocation(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                                _In_opt_ PCCERT_CONTEXT pCertContext,
                                                                _In_ const char *pszLocation, _In_ DWORD dwFlags);

/* Provider options (SslProvSetProviderOption, SslProvSetProviderOptionEx). */
#define SSLPROV_OPTION_ALLOW_SECRET_EXPORT 1 /* dwValue 1: this provider opts in to secret export */
#define SSLPROV_OPTION_OPAQUE_SEALING_KEY  2 /* 32 bytes (Ex only): the shared opaque-blob sealing key */

/* SslProvSetProviderOption sets an option on one provider handle.  Off by
 * default.  Unknown option: NTE_NOT_SUPPORTED; bad handle: NTE_INVALID_HANDLE;
 * SSLPROV_OPTION_OPAQUE_SEALING_KEY (bytes, see the Ex form): NTE_INVALID_PARAMETER.
 *
 * sslprov: Secret export (the one rule for every path that hands out secret
 * bytes, or a blob the caller can open: SSLPROV_MASTER_SECRET_BLOB,
 * SSLPROV_SESSION_KEY_BLOB, SSLPROV_SECRET_BLOB and TLS_13_PRE_SHARED_KEY
 * exports, SSLPROV_ECCPRIVATE_BLOB, and BCRYPT_OPAQUE_KEY_BLOB sealed under a
 * shared sealing key).  Every key object carries an "exportable" property,
 * fixed when it is made and never widened afterwards:
 *   - a root secret (SslCreateEphemeralKey, SslGeneratePreMasterKey, the
 *     one-call RSA premaster of SslGenerateMasterKey, SslOpenPrivateKey,
 *     SslImportKey of a clear secret or private key, SslExtractEarlyKey without
 *     PSK) is exportable when the provider of the call has set
 *     SSLPROV_OPTION_ALLOW_SECRET_EXPORT at that moment;
 *   - a derived secret (master keys, session keys, the whole TLS 1.3 chain,
 *     write keys) is exportable only when the provider of the deriving call
 *     has opted in AND every secret it comes from is exportable (ephemeral or
 *     private key, premaster, master, PSK, base secret) - deriving through
 *     another provider never widens it;
 *   - an opaque round trip keeps the value sealed in the blob, whatever the
 *     importing provider says.
 * An export answers NTE_PERM unless the key is exportable AND the provider
 * passed to SslExportKey has opted in.  Turning the option on later does not
 * make earlier keys exportable; turning it off stops exports at once. */
SSLPROV_API SECURITY_STATUS WINAPI SslProvSetProviderOption(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwOption,
                                                            _In_ DWORD dwValue);

/* SslProvSetProviderOptionEx sets an option that takes bytes.
 * SSLPROV_OPTION_OPAQUE_SEALING_KEY: pbValue/cbValue 32 bytes set the key that
 * seals this provider's BCRYPT_OPAQUE_KEY_BLOB exports and opens blobs made
 * with it, so that cooperating processes sharing the key can move session keys,
 * master keys and TLS 1.3 secrets between them; (NULL, 0) returns to the
 * default, a random key per process (a blob is then useless outside the
 * process).  Other lengths: NTE_INVALID_PARAMETER.  SSLPROV_OPTION_ALLOW_SECRET_EXPORT
 * takes a 4-byte DWORD.  dwFlags must be 0 (NTE_BAD_FLAGS); unknown option:
 * NTE_NOT_SUPPORTED.
 * sslprov: Opaque blobs.  Why a shared key and not Windows' plain format: the
 * secret stays sealed (AES-256-GCM under a key derived per blob with HKDF from
 * the sealing key and a random 256-bit salt), tampering is detected, and the
 * exportable property travels sealed inside.  Whoever holds the sealing key can
 * open the blob, so sealing under a shared key is an export: it follows the
 * "Secret export" rule (NTE_PERM for a key that is not exportable or through a
 * provider that has not opted in).  Under the per-process key no opt-in is
 * needed.  An imported blob is a clone: the original and the copy are separate
 * objects (a TLS 1.0 CBC key carries its chained IV as of the export and the
 * two then move apart); stateful stream keys (RC4) are refused with
 * NTE_NOT_SUPPORTED, as a copy would restart the keystream.  A blob sealed
 * under a shared key imports only on a provider holding that key (otherwise
 * NTE_BAD_DATA, as for any blob that fails authentication). */
SSLPROV_API SECURITY_STATUS WINAPI SslProvSetProviderOptionEx(_In_ NCRYPT_PROV_HANDLE hSslProvider, _In_ DWORD dwOption,
                                                              _In_reads_bytes_opt_(cbValue) PBYTE pbValue,
                                                              _In_ DWORD cbValue, _In_ DWORD dwFlags);

/* The key-log callback type: one line, without its newline. */
typedef void (*SSLPROV_KEYLOG_FN)(_In_ const char *pszLine, _In_opt_ void *pvContext);

/* SslProvSetKeyLogCallback: key logging (RFC 9850 SSLKEYLOGFILE format).  The
 * callback receives one line without its newline, e.g. "CLIENT_RANDOM <64 hex> <96 hex>", as each secret is
 * made: CLIENT_RANDOM when a TLS <= 1.2 master key is made (its client random
 * must be in the parameter list), the TLS 1.3 labels when traffic and exporter
 * secrets are derived (the client random comes from an NCRYPTBUFFER_SSL_CLIENT_RANDOM
 * buffer in the parameter list of SslExtractEarlyKey, inherited by every secret
 * derived from that early key).  Off by default; NULL pfnCallback turns it off.
 * sslprov: the key log is an export path and follows the "Secret export" rule
 * with the callback in place of the opt-in: every key object carries a
 * "loggable" property, true for a root secret when the provider of the call
 * that made it had a callback set at that moment, inherited by everything
 * derived from it (false if any secret it comes from is false) and sealed in
 * opaque blobs.  A line is written by the provider of the deriving call, and
 * only for a loggable secret: deriving through a provider with a callback
 * never logs secrets made on a provider without one, and setting the callback
 * later does not log secrets (or what derives from secrets) made before. */
SSLPROV_API SECURITY_STATUS WINAPI SslProvSetKeyLogCallback(_In_ NCRYPT_PROV_HANDLE hSslProvider,
                                                            _In_opt_ SSLPROV_KEYLOG_FN pfnCallback,
                                                            _In_opt_ void *pvContext);

/* Provider properties accepted by SslGetProviderProperty. */
#define SSLPROV_PROVIDER_PROPERTY_VERSION SSLPROV_WSTR("SslProvVersion") /* DWORD major<<16|minor<<8|patch */
#define SSLPROV_PROVIDER_PROPERTY_NAME    SSLPROV_WSTR("Name")           /* UTF-16 string with NUL */

/* Certificates as Windows code sees them.  SslProvCreateCertificateContext
 * parses one DER X.509 certificate (dwCertEncodingType X509_ASN_ENCODING,
 * optionally | PKCS_7_ASN_ENCODING) into a CERT_CONTEXT whose pCertInfo is filled
 * as CryptoAPI fills it: dwVersion (CERT_V1..V3), SerialNumber little-endian,
 * SignatureAlgorithm and SubjectPublicKeyInfo.Algorithm with dotted OIDs and DER
 * parameters, Issuer/Subject as DER Names, NotBefore/NotAfter as FILETIME (UTC),
 * SubjectPublicKeyInfo.PublicKey the key's BIT STRING, the unique ids and the
 * extensions.  One allocation holds everything; free it with
 * SslProvFreeCertificateContext (NULL is fine; a pointer this function did not
 * return, or one freed already, is NTE_INVALID_PARAMETER and left alone).
 * SslOpenPrivateKey takes it.
 * Errors: NULL ppCertContext or pbCertEncoded, cbCertEncoded 0:
 * NTE_INVALID_PARAMETER; another encoding type: NTE_BAD_TYPE; not exactly one
 * DER certificate: NTE_BAD_DATA (CRYPT_E_ASN1_BADTAG on Windows). */
SSLPROV_API SECURITY_STATUS WINAPI SslProvCreateCertificateContext(_In_ DWORD dwCertEncodingType,
                                                                   _In_reads_bytes_(cbCertEncoded)
                                                                       const BYTE *pbCertEncoded,
                                                                   _In_ DWORD cbCertEncoded,
                                                                   _Outptr_ PCCERT_CONTEXT *ppCertContext);
SSLPROV_API SECURITY_STATUS WINAPI SslProvFreeCertificateContext(_In_opt_ PCCERT_CONTEXT pCertContext);

/* Wide strings.  WCHAR strings (LPCWSTR, the WCHAR arrays of
 * NCRYPT_SSL_CIPHER_SUITE ...) are UTF-16.  Code built with -fshort-wchar may
 * write L"..." literals, but must not pass them to glibc's wcslen/wcscmp/wprintf
 * or C++ std::wstring functions: glibc is built for 4-byte wchar_t and reads past
 * the end or garbles the text at run time.  Use char16_t / u"..." and these
 * helpers instead.
 * SslProvUtf16ToUtf8 converts the NUL-terminated pszWide (at most cchMax code
 * units when cchMax != 0) to NUL-terminated UTF-8 in pszUtf8 (cbUtf8 bytes);
 * *pcbResult receives the bytes written or, with pszUtf8 NULL, needed (both
 * counting the NUL).  An unpaired surrogate becomes U+FFFD.  Errors: NULL pszWide
 * or pcbResult: NTE_INVALID_PARAMETER; too small: NTE_BUFFER_TOO_SMALL (nothing
 * written). */
SSLPROV_API SECURITY_STATUS WINAPI SslProvUtf16ToUtf8(_In_ LPCWSTR pszWide, _In_ DWORD cchMax,
                                                      _Out_writes_bytes_to_opt_(cbUtf8, *pcbResult) char *pszUtf8,
                                                      _In_ DWORD cbUtf8, _Out_ DWORD *pcbResult);
/* SslProvUtf16Length: code units before the NUL (wcslen for WCHAR strings). */
SSLPROV_API DWORD WINAPI SslProvUtf16Length(_In_ LPCWSTR pszWide);
#endif /* SSLPROV_EXTENSIONS */

/* ------------------------------------------------------------------------ */
/* Layout checks: Windows' sizes on x86-64                                   */
/* ------------------------------------------------------------------------ */

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define SSLPROV_STATIC_ASSERT(c, m) _Static_assert(c, m)
#elif defined(__cplusplus) && __cplusplus >= 201103L
#define SSLPROV_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#define SSLPROV_STATIC_ASSERT(c, m)
#endif

SSLPROV_STATIC_ASSERT(sizeof(SECURITY_STATUS) == 4, "SECURITY_STATUS is 32-bit");
SSLPROV_STATIC_ASSERT(sizeof(DWORD) == 4, "DWORD is 32-bit");
SSLPROV_STATIC_ASSERT(sizeof(WCHAR) == 2, "WCHAR is 16-bit");
SSLPROV_STATIC_ASSERT(sizeof(NCRYPT_HANDLE) == sizeof(void *), "handles are pointer-sized");
SSLPROV_STATIC_ASSERT(sizeof(NCRYPT_SSL_CIPHER_SUITE) == 676, "NCRYPT_SSL_CIPHER_SUITE size");
SSLPROV_STATIC_ASSERT(sizeof(NCRYPT_SSL_CIPHER_SUITE_EX) == 808, "NCRYPT_SSL_CIPHER_SUITE_EX size");
SSLPROV_STATIC_ASSERT(sizeof(NCRYPT_SSL_CIPHER_LENGTHS) == 20, "NCRYPT_SSL_CIPHER_LENGTHS size");
SSLPROV_STATIC_ASSERT(sizeof(NCRYPT_SSL_ECC_CURVE) == 780, "NCRYPT_SSL_ECC_CURVE size");
#ifndef SSLPROV_WINDOWS_SDK
SSLPROV_STATIC_ASSERT(sizeof(SSL_ECCKEY_BLOB) == 8, "SSL_ECCKEY_BLOB size");
#endif
SSLPROV_STATIC_ASSERT(sizeof(NCRYPT_SSL_FUNCTION_TABLE) == (sizeof(void *) == 8 ? 336 : 168),
                      "NCRYPT_SSL_FUNCTION_TABLE size");

#ifdef __cplusplus
}
#endif

#ifdef SSLPROV_RESTORE_WINAPI
#undef SSLPROV_RESTORE_WINAPI
#pragma pop_macro("WINAPI")
#endif

#endif /* SSLPROV_SSLPROVIDER_H */
