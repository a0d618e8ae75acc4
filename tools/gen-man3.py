#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
"""gen-man3.py - writes docs/man3/<Function>.3, one page per exported function.

The synopsis and the sslprov decisions come from include/Sslprovider.h (the
prototype and the comment above it that names the function); the one-line
summary, what Windows documents and an optional example come from the table
below.  A new exported function gets a page by adding a row to FUNCS (and,
if a parameter name is new, to PARAMS), then running

    python3 tools/gen-man3.py          # from the top of the source tree

and committing the pages.  tests/test_manpages.sh checks that the pages match
tests/exported-symbols.txt and lint clean (mandoc -T lint, groff -ww).
"""
import os
import re
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = os.path.join(ROOT, "include", "Sslprovider.h")
OUTDIR = os.path.join(ROOT, "docs", "man3")
DATE = "2026-12-06"

# name: (summary, what Windows documents, group)
# group: "ext" for sslprov extensions, "router" for the entry points.
FUNCS = {
    "SslOpenProvider": ("open an SSL protocol provider",
        "Opens a handle to the SSL protocol provider named by pszProviderName "
        "(MS_SCHANNEL_PROVIDER for Microsoft's). dwFlags is reserved. The handle "
        "is released with SslFreeObject.", "prov"),
    "SslEnumProtocolProviders": ("list the installed SSL protocol providers",
        "Returns the names of the installed SSL protocol providers as an array of "
        "NCryptProviderName in a buffer the caller frees with SslFreeBuffer.", "prov"),
    "SslEnumCipherSuites": ("enumerate the cipher suites of a provider",
        "Returns one cipher suite per call as an NCRYPT_SSL_CIPHER_SUITE. "
        "*ppEnumState, NULL on the first call, keeps the position and is freed with "
        "SslFreeBuffer; NTE_NO_MORE_ITEMS ends the enumeration. With hPrivateKey only "
        "the suites that key can serve are returned.", "suites"),
    "SslEnumCipherSuitesEx": ("enumerate the cipher suites with extended information",
        "As SslEnumCipherSuites, with NCRYPT_SSL_CIPHER_SUITE_EX entries (cipher mode "
        "and the suite's base suite).", "suites"),
    "SslFreeBuffer": ("free memory returned by a provider function",
        "Frees a buffer that a provider function allocated (enumerations, "
        "properties, enumeration states).", "prov"),
    "SslFreeObject": ("free a provider, key or hash handle",
        "Frees a provider, key or hash object. dwFlags is reserved.", "prov"),
    "SslIncrementProviderReferenceCount": ("take a reference on a provider handle",
        "Increments the reference count of a provider handle; each increment needs "
        "a matching SslDecrementProviderReferenceCount or SslFreeObject.", "prov"),
    "SslDecrementProviderReferenceCount": ("release a reference on a provider handle",
        "Decrements the reference count of a provider handle; the provider is freed "
        "when the count reaches zero. An invalid handle returns "
        "STATUS_INVALID_HANDLE.", "prov"),
    "SslChangeNotify": ("reserved",
        "Reserved; Windows does not implement it.", "prov"),
    "SslOpenPrivateKey": ("open the private key of a certificate",
        "Returns a handle to the private key that belongs to the certificate in "
        "pCertContext, for signing (SslSignHash) and, with RSA, for decrypting the "
        "pre-master secret (SslImportMasterKey). dwFlags is reserved.", "keys"),
    "SslGetProviderProperty": ("read a property of a provider",
        "Returns the value of the provider property pszProperty in a buffer the "
        "provider allocates (*ppbOutput, freed with SslFreeBuffer) of *pcbOutput "
        "bytes. ppEnumState enumerates multi-valued properties.", "prov"),
    "SslGetKeyProperty": ("read a property of a key",
        "Returns the value of the key property pszProperty (for example "
        "NCRYPT_ALGORITHM_PROPERTY) in a buffer the provider allocates and the "
        "caller frees with SslFreeBuffer.", "keys"),
    "SslLookupCipherSuiteInfo": ("describe one cipher suite",
        "Fills an NCRYPT_SSL_CIPHER_SUITE for the suite dwCipherSuite of protocol "
        "dwProtocol and key type dwKeyType.", "suites"),
    "SslLookupCipherLengths": ("record header and trailer sizes of a suite",
        "Fills an NCRYPT_SSL_CIPHER_LENGTHS with the header length, the fixed "
        "trailer (MAC or tag) and the largest variable trailer (padding) of records "
        "of the suite on the protocol.", "suites"),
    "SslGetCipherSuitePRFHashAlgorithm": ("the hash of a suite's PRF",
        "Writes the CNG name of the hash algorithm the PRF of the suite uses on the "
        "protocol (for example SHA256) into szPRFHash.", "suites"),
    "SslEnumEccCurves": ("list the elliptic curves of the provider",
        "Returns the curves the provider supports as an array of "
        "NCRYPT_SSL_ECC_CURVE, freed with SslFreeBuffer.", "suites"),
    "SslCreateEphemeralKey": ("create an ephemeral key-exchange key",
        "Creates an ephemeral Diffie-Hellman or elliptic-curve key for the key "
        "exchange of the suite: dwKeyType selects the curve, dwKeyBitLen the size, "
        "pbParams the Diffie-Hellman parameters of a server.", "kex"),
    "SslImportKey": ("import a key from a blob",
        "Imports a key of blob type pszBlobType (public keys of the peer, TLS 1.3 "
        "pre-shared keys, ...) and returns its handle.", "keys"),
    "SslExportKey": ("export a key as a blob",
        "Exports a key as a blob of type pszBlobType, typically the public half of "
        "an ephemeral key for the peer. pbOutput NULL asks for the size in "
        "*pcbResult.", "keys"),
    "SslCreateHandshakeHash": ("create a handshake transcript hash",
        "Creates a hash object for the handshake messages of a connection with the "
        "protocol and suite given; it feeds SslComputeFinishedHash and the TLS 1.3 "
        "key schedule.", "hash"),
    "SslHashHandshake": ("add handshake messages to a transcript hash",
        "Adds cbInput bytes of handshake messages to the hash object. dwFlags is "
        "reserved.", "hash"),
    "SslCreateClientAuthHash": ("create the hash of a client CertificateVerify",
        "Creates a hash object for the CertificateVerify message of client "
        "authentication, with the hash pszHashAlgId, for the protocol and suite.", "hash"),
    "SslComputeClientAuthHash": ("finish the hash a client signs in CertificateVerify",
        "Computes the hash the client signs in CertificateVerify from the hash "
        "object (SSL 3.0 mixes in the master key) into pbOutput.", "hash"),
    "SslComputeFinishedHash": ("compute the verify_data of a Finished message",
        "Computes the verify_data of a Finished message from the master key and "
        "the handshake hash; dwFlags says whose Finished (client or server).", "hash"),
    "SslComputeSessionHash": ("compute the session hash of the extended master secret",
        "Computes the session hash of RFC 7627 (extended master secret) from the "
        "handshake hash.", "hash"),
    "SslDuplicateTranscriptHash": ("copy a transcript hash",
        "Makes an independent copy of a transcript hash object.", "hash"),
    "SslGenerateMasterKey": ("compute the master secret of a TLS <= 1.2 handshake",
        "Computes the master key from the own private (ephemeral) key and the "
        "peer's public key, or for an RSA client from a fresh pre-master secret it "
        "encrypts into pbOutput. The client and server randoms come in "
        "pParameterList; dwFlags says client or server.", "kex"),
    "SslImportMasterKey": ("master secret from an RSA-encrypted pre-master secret",
        "Server side of RSA key exchange: decrypts the client's encrypted "
        "pre-master secret with the server's private key and computes the master "
        "key, with the randoms from pParameterList.", "kex"),
    "SslGeneratePreMasterKey": ("generate and encrypt an RSA pre-master secret",
        "Client side of RSA key exchange: generates a pre-master secret, encrypts "
        "it with the server's public key into pbOutput and returns the pre-master "
        "key handle.", "kex"),
    "SslGenerateSessionKeys": ("derive the record keys of a TLS <= 1.2 connection",
        "Derives the read and write keys of the record layer from the master key "
        "and the client and server randoms in pParameterList.", "kex"),
    "SslComputeEapKeyBlock": ("derive an EAP key block",
        "Computes a key block for EAP methods (EAP-TLS, PEAP) from the master key "
        "and the randoms in pbRandoms.", "kex"),
    "SslExportKeyingMaterial": ("RFC 5705 keying material exporter (TLS <= 1.2)",
        "Derives cbOutput bytes of keying material from the master key, the label "
        "sLabel, the randoms and an optional context (RFC 5705).", "kex"),
    "SslExtractEarlyKey": ("TLS 1.3 early secret",
        "TLS 1.3 key schedule: extracts the early secret from an optional "
        "pre-shared key for the protocol and suite.", "tls13"),
    "SslExtractHandshakeKey": ("TLS 1.3 handshake secret",
        "TLS 1.3 key schedule: extracts the handshake secret from the (EC)DHE "
        "shared secret of hPrivateKey and hPublicKey and the early secret.", "tls13"),
    "SslExtractMasterKey": ("TLS 1.3 master secret",
        "TLS 1.3 key schedule: extracts the master secret from the handshake "
        "secret.", "tls13"),
    "SslExpandTrafficKeys": ("TLS 1.3 client and server traffic secrets",
        "TLS 1.3 key schedule: expands the client and server traffic secrets of a "
        "stage (early, handshake or application) from a base secret and the "
        "transcript hash.", "tls13"),
    "SslExpandWriteKey": ("TLS 1.3 record key from a traffic secret",
        "TLS 1.3 key schedule: derives the record key and IV from a traffic secret; "
        "the result protects records with SslEncryptPacket and SslDecryptPacket.", "tls13"),
    "SslExpandExporterMasterKey": ("TLS 1.3 exporter secret",
        "TLS 1.3 key schedule: derives the (early) exporter master secret.", "tls13"),
    "SslExpandResumptionMasterKey": ("TLS 1.3 resumption master secret",
        "TLS 1.3 key schedule: derives the resumption master secret from the master "
        "secret and the transcript hash.", "tls13"),
    "SslExpandBinderKey": ("TLS 1.3 PSK binder key",
        "TLS 1.3 key schedule: derives the binder key of an external or resumption "
        "pre-shared key from the early secret.", "tls13"),
    "SslExpandPreSharedKey": ("TLS 1.3 pre-shared key of a session ticket",
        "TLS 1.3 key schedule: derives the pre-shared key of a NewSessionTicket "
        "from the resumption master secret and the ticket nonce.", "tls13"),
    "SslExpandNextGenTrafficKey": ("next TLS 1.3 traffic secret (KeyUpdate)",
        "Exported by Windows' ncrypt.dll without a documented prototype.", "tls13"),
    "SslSignHash": ("sign a hash with a private key",
        "Signs the hash in pbHashValue with the private key (ServerKeyExchange, "
        "CertificateVerify). pbSignature NULL asks for the size in *pcbResult.", "sign"),
    "SslVerifySignature": ("verify a signature over a hash",
        "Verifies the signature pbSignature over the hash pbHashValue with a public "
        "key.", "sign"),
    "SslEncryptPacket": ("protect one record",
        "Encrypts and authenticates one record: pbInput is the plaintext fragment, "
        "pbOutput receives the record; SequenceNumber and dwContentType enter the "
        "MAC or nonce. pbOutput NULL asks for the size.", "record"),
    "SslDecryptPacket": ("verify and decrypt one record",
        "Verifies and decrypts one record (with its header) into pbOutput.", "record"),
    "GetSChannelInterface": ("router entry point: the function table of a provider",
        "Returns in *ppFunctionTable the NCRYPT_SSL_FUNCTION_TABLE of the SSL "
        "protocol provider pszProviderName; Schannel calls it to find the "
        "provider's functions.", "router"),
    "SslInitializeInterface": ("provider entry point: fill a function table",
        "Fills the caller's NCRYPT_SSL_FUNCTION_TABLE with the provider's "
        "functions, up to the table version the caller asks for.", "router"),
    "SslProvAddPrivateKeyLocation": ("register where private keys are found",
        None, "ext"),
    "SslProvSetProviderOption": ("set an option on a provider handle", None, "ext"),
    "SslProvSetProviderOptionEx": ("set a provider option given as bytes", None, "ext"),
    "SslProvSetKeyLogCallback": ("receive SSLKEYLOGFILE lines", None, "ext"),
    "SslProvStatusString": ("name and description of a status code", None, "ext"),
    "SslProvVersionString": ("version of the library running", None, "ext"),
    "SslProvCreateCertificateContext": ("CERT_CONTEXT and CERT_INFO from DER", None, "ext"),
    "SslProvFreeCertificateContext": ("free a certificate context", None, "ext"),
    "SslProvUtf16ToUtf8": ("convert a UTF-16 (WCHAR) string to UTF-8", None, "ext"),
    "SslProvUtf16Length": ("length of a UTF-16 (WCHAR) string", None, "ext"),
    "NCryptOpenStorageProvider": ("open the key storage provider",
        "Opens a handle to the key storage provider named by pszProviderName "
        "(MS_KEY_STORAGE_PROVIDER for Microsoft's software provider). Freed with "
        "NCryptFreeObject.", "ncrypt"),
    "NCryptImportKey": ("import a key into the key storage provider",
        "Imports a key from a blob of type pszBlobType (BCRYPT_RSAPUBLIC_BLOB, "
        "BCRYPT_RSAPRIVATE_BLOB, BCRYPT_ECCPUBLIC_BLOB, BCRYPT_ECCPRIVATE_BLOB, "
        "NCRYPT_PKCS8_PRIVATE_KEY_BLOB, ...), optionally unwrapped with hImportKey.", "ncrypt"),
    "NCryptExportKey": ("export a key as a blob",
        "Exports a key as a blob of type pszBlobType, optionally wrapped with "
        "hExportKey. pbOutput NULL returns the size in *pcbResult.", "ncrypt"),
    "NCryptOpenKey": ("open a persisted key by name",
        "Opens the key named pszKeyName in the key storage provider.", "ncrypt"),
    "NCryptGetProperty": ("read a property of a key storage object",
        "Returns the property pszProperty of a key storage provider or key in "
        "pbOutput; pbOutput NULL returns the size in *pcbResult.", "ncrypt"),
    "NCryptFreeObject": ("free a key storage provider or key handle",
        "Frees a key storage provider or key handle.", "ncrypt"),
}

PARAMS = {
    "phProvider": "Receives the key storage provider handle.",
    "hProvider": "Key storage provider handle from NCryptOpenStorageProvider.",
    "hImportKey": "Key that wraps the blob; must be 0 here.",
    "hExportKey": "Key that wraps the blob; must be 0 here.",
    "pszBlobType": "Blob type (UTF-16), e.g. BCRYPT_RSAPUBLIC_BLOB.",
    "pParameterList": "Parameter list (NCryptBufferDesc), or NULL.",
    "phKey": "Receives the key handle.",
    "pbData": "The blob.",
    "cbData": "Bytes in pbData.",
    "pszKeyName": "Key name (UTF-16).",
    "dwLegacyKeySpec": "AT_KEYEXCHANGE, AT_SIGNATURE or 0; ignored here.",
    "hObject": "Key storage provider or key handle.",
    "pszProperty": "Property name (UTF-16).",
    "dwCertEncodingType": "X509_ASN_ENCODING (optionally with PKCS_7_ASN_ENCODING).",
    "pbCertEncoded": "The DER certificate.",
    "cbCertEncoded": "Bytes in pbCertEncoded.",
    "ppCertContext": "Receives the context; free with SslProvFreeCertificateContext.",
    "pCertContext": "A certificate context.",
    "pszWide": "NUL-terminated UTF-16 string.",
    "cchMax": "At most this many code units are read (0: up to the NUL).",
    "pszUtf8": "Receives the UTF-8 string with its NUL, or NULL for a size query.",
    "cbUtf8": "Bytes available at pszUtf8.",
    "hSslProvider": "Provider handle from SslOpenProvider.",
    "phSslProvider": "Receives the provider handle.",
    "pszProviderName": "Provider name (UTF-16); NULL or MS_SCHANNEL_PROVIDER.",
    "dwFlags": "Flags; see DESCRIPTION (reserved ones must be 0).",
    "pdwProviderCount": "Receives the number of providers.",
    "ppProviderList": "Receives the provider names; free with SslFreeBuffer.",
    "hPrivateKey": "Private-key handle (SslOpenPrivateKey) or ephemeral key, as the function needs.",
    "hPublicKey": "Public-key handle (SslImportKey) of the peer.",
    "ppCipherSuite": "Receives a pointer to the suite description (owned by the enumeration state).",
    "pCipherSuite": "Receives the suite description.",
    "ppEnumState": "Enumeration state: NULL on the first call; free with SslFreeBuffer.",
    "pvInput": "Buffer returned by a provider function.",
    "hObject": "Provider, key or hash handle.",
    "hEvent": "Unused.",
    "pCertContext": "Certificate (DER in pbCertEncoded).",
    "phPrivateKey": "Receives the private-key handle.",
    "pszProperty": "Property name (UTF-16).",
    "ppbOutput": "Receives the property value; free with SslFreeBuffer.",
    "pcbOutput": "Receives the size of the value in bytes.",
    "hKey": "Key handle.",
    "dwProtocol": "Protocol version (SSL3_PROTOCOL_VERSION ... TLS1_3_PROTOCOL_VERSION, DTLS1_0/1_2).",
    "dwCipherSuite": "Cipher-suite identifier (IANA value, for example TLS_AES_128_GCM_SHA256).",
    "dwKeyType": "Key type (NCRYPT_SSL_* key type or IANA group), or 0.",
    "pCipherLengths": "Receives the lengths.",
    "cbCipherLengths": "Size of *pCipherLengths in bytes.",
    "pEccCurveCount": "Receives the number of curves.",
    "ppEccCurve": "Receives the curves; free with SslFreeBuffer.",
    "phEphemeralKey": "Receives the ephemeral key handle.",
    "dwKeyBitLen": "Key size in bits, or 0.",
    "pbParams": "Diffie-Hellman parameters (BCRYPT_DH_PARAMETERS), or NULL.",
    "cbParams": "Size of pbParams in bytes.",
    "phKey": "Receives the key handle.",
    "pszBlobType": "Blob type (UTF-16), for example SSL_ECCPUBLIC_BLOB.",
    "pbKeyBlob": "The blob.",
    "cbKeyBlob": "Size of the blob in bytes.",
    "pbOutput": "Output buffer, or NULL to ask for the size.",
    "cbOutput": "Size of pbOutput in bytes.",
    "pcbResult": "Receives the number of bytes written (or needed).",
    "phHandshakeHash": "Receives the hash handle.",
    "hHandshakeHash": "Handshake hash handle (SslCreateHandshakeHash).",
    "pbInput": "Input bytes.",
    "cbInput": "Size of pbInput in bytes.",
    "pszHashAlgId": "Hash algorithm name (UTF-16), for example SHA256.",
    "hMasterKey": "Master-key handle.",
    "pParameterList": "Parameter buffers (NCryptBufferDesc), or NULL where none are needed.",
    "hTranscriptHash": "Transcript hash handle.",
    "phTranscriptHash": "Receives the new hash handle.",
    "phMasterKey": "Receives the master-key handle.",
    "pbEncryptedKey": "The client's RSA-encrypted pre-master secret.",
    "cbEncryptedKey": "Size of pbEncryptedKey in bytes.",
    "phPreMasterKey": "Receives the pre-master key handle.",
    "phReadKey": "Receives the read (decrypting) record key.",
    "phWriteKey": "Receives the write (encrypting) record key.",
    "pbRandoms": "Client random followed by server random.",
    "cbRandoms": "Size of pbRandoms in bytes (64).",
    "sLabel": "Exporter label (NUL-terminated ASCII).",
    "pbContextValue": "Exporter context, or NULL for none.",
    "cbContextValue": "Size of pbContextValue in bytes.",
    "hPreSharedKey": "Pre-shared key handle, or 0 for none.",
    "phEarlyKey": "Receives the early-secret handle.",
    "hEarlyKey": "Early-secret handle (SslExtractEarlyKey).",
    "phHandshakeKey": "Receives the handshake-secret handle.",
    "hHandshakeKey": "Handshake-secret handle (SslExtractHandshakeKey).",
    "hBaseKey": "Base secret: early, handshake or master secret.",
    "hHashValue": "Transcript hash handle.",
    "phClientTrafficKey": "Receives the client traffic secret, or NULL.",
    "phServerTrafficKey": "Receives the server traffic secret, or NULL.",
    "hBaseTrafficKey": "Traffic-secret handle.",
    "phExporterMasterKey": "Receives the exporter-secret handle.",
    "phResumptionMasterKey": "Receives the resumption-secret handle.",
    "phBinderKey": "Receives the binder-key handle.",
    "hResumptionMasterKey": "Resumption master secret handle.",
    "pbTicketNonce": "The ticket_nonce of the NewSessionTicket.",
    "cbTicketNonce": "Size of pbTicketNonce in bytes.",
    "phPreSharedKey": "Receives the pre-shared key handle.",
    "phNextTrafficKey": "Receives the next traffic secret.",
    "pbHashValue": "The hash (or named hash, see DESCRIPTION).",
    "cbHashValue": "Size of pbHashValue in bytes.",
    "pbSignature": "Signature buffer (output of SslSignHash, input of SslVerifySignature).",
    "cbSignature": "Size of pbSignature in bytes.",
    "SequenceNumber": "Record sequence number (DTLS: epoch and sequence).",
    "dwContentType": "Record content type (CT_APPLICATIONDATA, CT_HANDSHAKE, CT_ALERT, ...).",
    "ppFunctionTable": "Receives a pointer to the provider's function table.",
    "pFunctionTable": "Function table to fill; its Version says how many slots the caller has.",
    "pszLocation": "Key file, directory or OSSL_STORE URI (UTF-8).",
    "dwOption": "Option (SSLPROV_OPTION_*).",
    "dwValue": "Option value.",
    "pbValue": "Option value bytes (SSLPROV_OPTION_OPAQUE_SEALING_KEY: 32 bytes), or NULL.",
    "cbValue": "Size of pbValue in bytes.",
    "pfnCallback": "Function called with each key-log line, or NULL to stop.",
    "pvContext": "Passed to pfnCallback unchanged.",
    "Status": "A SECURITY_STATUS or NTSTATUS value.",
    "szPRFHash": "Receives the hash name (UTF-16, NCRYPT_SSL_MAX_NAME_SIZE characters).",
}

EXAMPLES = {
    "SslProvStatusString": ["SECURITY_STATUS st = SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0);",
                            "if (st != 0)",
                            "    fprintf(stderr, \"SslOpenProvider: %s\\n\", SslProvStatusString(st));"],
    "SslProvVersionString": ["printf(\"libsslprov %s (built with %d.%d.%d)\\n\", SslProvVersionString(),",
                             "       SSLPROV_VERSION_MAJOR, SSLPROV_VERSION_MINOR, SSLPROV_VERSION_PATCH);"],
    "SslOpenProvider": ["NCRYPT_PROV_HANDLE prov = 0;",
                        "if (SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0) == 0) {",
                        "    /* ... */",
                        "    SslFreeObject(prov, 0);",
                        "}"],
    "GetSChannelInterface": ["NCRYPT_SSL_FUNCTION_TABLE *t = NULL;",
                             "if (GetSChannelInterface(MS_SCHANNEL_PROVIDER, &t, 0) == 0)",
                             "    st = t->OpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0);"],
    "SslEnumCipherSuitesEx": ["NCRYPT_SSL_CIPHER_SUITE_EX *s = NULL;",
                              "PVOID state = NULL;",
                              "while (SslEnumCipherSuitesEx(prov, 0, &s, &state, 0) == 0)",
                              "    printf(\"0x%04X\\n\", (unsigned)s->dwCipherSuite);",
                              "SslFreeBuffer(state);"],
    "SslEncryptPacket": ["BYTE rec[64];",
                         "DWORD n = 0;",
                         "st = SslEncryptPacket(prov, wkey, (PBYTE)\"hi\", 2, rec, sizeof rec, &n,",
                         "                      seq, CT_APPLICATIONDATA, 0);"],
}

ENVIRONMENT = {
    "SslOpenPrivateKey": [("SSLPROV_KEY_STORE", "OSSL_STORE URIs searched for the key, whitespace-separated."),
                          ("SSLPROV_KEY_PATH", "Key files and directories searched, colon-separated.")],
    "SslProvAddPrivateKeyLocation": [("SSLPROV_KEY_STORE", "Searched after the registered locations."),
                                     ("SSLPROV_KEY_PATH", "Searched last.")],
}

SAL = re.compile(r"\b_[A-Z][A-Za-z]*(?:_[A-Za-z]+)*_(?:\([^()]*(?:\([^()]*\))?[^()]*\))?|\bIN\b|\bOUT\b")


def roff_text(s):
    s = s.replace("\\", "\\e")
    return s


def para(text):
    """Text as roff lines of at most 78 bytes, no line starting with a dot."""
    out = []
    for line in textwrap.wrap(roff_text(text), 78, break_on_hyphens=False, break_long_words=False):
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        out.append(line)
    return out


def parse_header():
    h = open(HEADER).read()
    decls = {}
    for m in re.finditer(r"^SSLPROV_API\s+([^;]*?);", h, re.S | re.M):
        d = re.sub(r"\s+", " ", SAL.sub("", m.group(1))).strip()
        fm = re.search(r"^(.*?)\bWINAPI\s*\n?\s*(\w+)\s*\((.*)\)$", d)
        if not fm:
            continue
        ret, name, params = fm.group(1).strip(), fm.group(2), fm.group(3)
        plist = [re.sub(r"\s+", " ", p).strip() for p in params.split(",")]
        plist = [re.sub(r"\s*\*\s*", " *", p).replace(" *", " *") for p in plist]
        decls[name] = (ret, plist, m.start())
    comments = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"/\*.*?\*/", h, re.S)]
    return h, decls, comments


def comment_for(name, pos, comments):
    """The nearest comment before the declaration that names the function."""
    for start, end, text in reversed(comments):
        if end > pos:
            continue
        if pos - end > 6000:
            break
        if re.search(r"\b%s\b" % name, text) or (name.startswith("SslExp") or name.startswith("SslExtr")) and \
                "SslExtractEarlyKey" in text and "SslExpandBinderKey" in text:
            body = re.sub(r"^/\*+|\*+/$", "", text.strip())
            body = " ".join(l.strip().lstrip("*").strip() for l in body.splitlines())
            return re.sub(r"\s+", " ", body).strip()
    return ""


def synopsis(name, ret, plist):
    lines = [".nf", ".B #include <sslprovider.h>", ".PP"]
    if plist == ["void"]:
        lines.append(".BI \"%s %s(void);\"" % (ret.replace("*", "*"), name) if False else
                     "%s\\fB%s\\fP(void);" % (ret + ("" if ret.endswith("*") else " "), name))
        lines.append(".fi")
        return lines
    lines.append("%s\\fB%s\\fP(" % (ret + ("" if ret.endswith("*") else " "), name))
    for i, p in enumerate(plist):
        m = re.match(r"(.*?)(\w+)(\[\w*\])?$", p)
        typ, pn, arr = m.group(1), m.group(2), m.group(3) or ""
        sep = "," if i + 1 < len(plist) else ");"
        lines.append("    %s\\fI%s\\fP%s%s" % (typ, pn, arr, sep))
    lines.append(".fi")
    return lines


def page(name, ret, plist, comment, exported, examples_dir):
    summary, windows, group = FUNCS.get(name, ("(undocumented: add a row to tools/gen-man3.py)", None, "ext"))
    out = [".\\\" SPDX-License-Identifier: MIT",
           ".\\\" Copyright (c) 2025-2026 the sslprov authors",
           ".\\\" Generated by tools/gen-man3.py from include/sslprovider.h; edit those.",
           ".TH %s 3 %s \"sslprov %s\" \"Library Functions Manual\"" % (name.upper(), DATE, VERSION),
           ".SH NAME", "%s \\- %s" % (name, summary),
           ".SH LIBRARY", "sslprov (libsslprov,", ".BR \\-lsslprov )",
           ".SH SYNOPSIS"]
    out += synopsis(name, ret, plist)
    out.append(".SH DESCRIPTION")
    if group == "ext":
        out += para("An sslprov extension: Windows has no such function. Its name "
                    "carries the SslProv prefix so that no Windows program can "
                    "collide with it.")
    elif windows:
        out += para("What Windows documents: " + windows)
    if comment:
        out.append(".PP")
        out += para(("What sslprov decided (from the header): " if group != "ext" else "") + comment)
    params = [p for p in plist if p != "void"]
    if params:
        out.append(".SH PARAMETERS")
        for p in params:
            pn = re.match(r".*?(\w+)(\[\w*\])?$", p).group(1)
            out += [".TP", ".I %s" % pn]
            out += para(PARAMS.get(pn, "See DESCRIPTION."))
    out.append(".SH RETURN VALUE")
    if ret.startswith("SECURITY_STATUS") or ret.startswith("NTSTATUS"):
        codes = sorted(set(re.findall(r"\b(?:NTE|SEC_E|STATUS)_[A-Z_]+[A-Z]\b", comment)) - {"STATUS_SUCCESS"})
        out += para("0 (ERROR_SUCCESS) on success, otherwise a status code; "
                    "SslProvStatusString(3) names it.")
        if codes:
            out.append(".PP")
            out += para("Codes the description above names: " + ", ".join(codes) + ".")
        out.append(".PP")
        out += para("The codes every function returns for a bad handle, a NULL "
                    "out-pointer or reserved flags are listed under ERRORS in "
                    "sslprovider(3).")
    else:
        out += para("A pointer to a NUL-terminated string in static (or, where "
                    "the description says so, per-thread) storage; never NULL. "
                    "The caller does not free it.")
    if name in ENVIRONMENT:
        out.append(".SH ENVIRONMENT")
        for var, text in ENVIRONMENT[name]:
            out += [".TP", ".B %s" % var] + para(text)
    users = sorted(f for f, src in examples_dir.items() if re.search(r"\b%s\s*\(" % name, src))
    if name in EXAMPLES or users:
        out.append(".SH EXAMPLES")
        if name in EXAMPLES:
            out += [".in +4n", ".EX"]
            out += [roff_text(l) for l in EXAMPLES[name]]
            out += [".EE", ".in"]
        if users:
            if name in EXAMPLES:
                out.append(".PP")
            out += para("Complete programs using it in the examples directory of the "
                        "source distribution: " + ", ".join(users) + ".")
    out.append(".SH SEE ALSO")
    seen = set(re.findall(r"\bSsl\w+|\bGetSChannelInterface\b", (windows or "") + " " + comment))
    related = sorted(s for s in seen if s in exported and s != name)
    refs = [".BR sslprovider (3)"] + [".BR %s (3)" % r for r in related]
    out += [r + "," for r in refs[:-1]] + [refs[-1]]
    return "\n".join(out) + "\n"


def main():
    global VERSION
    h, decls, comments = parse_header()
    vm = [re.search(r"#define SSLPROV_VERSION_%s (\d+)" % k, h).group(1) for k in ("MAJOR", "MINOR", "PATCH")]
    VERSION = ".".join(vm)
    exported = [l.strip() for l in open(os.path.join(ROOT, "tests", "exported-symbols.txt"))
                if l.strip() and not l.startswith("#") and not re.match(r"^[A-Z0-9_]+$", l.strip())]
    exdir = os.path.join(ROOT, "examples")
    examples_dir = {}
    if os.path.isdir(exdir):
        for f in sorted(os.listdir(exdir)):
            if f.endswith(".c"):
                examples_dir[f] = open(os.path.join(exdir, f)).read()
    os.makedirs(OUTDIR, exist_ok=True)
    missing = []
    for name in exported:
        if name not in decls:
            missing.append(name)
            continue
        ret, plist, pos = decls[name]
        if name not in FUNCS:
            print("note: %s has no row in FUNCS; its page uses the header only" % name, file=sys.stderr)
        text = page(name, ret, plist, comment_for(name, pos, comments), set(exported), examples_dir)
        with open(os.path.join(OUTDIR, name + ".3"), "w") as f:
            f.write(text)
    # The overview links every page (SEE ALSO of sslprovider(3)).
    ov = os.path.join(ROOT, "docs", "sslprovider.3")
    text = open(ov).read()
    pages = sorted(f[:-2] for f in os.listdir(OUTDIR) if f.endswith(".3"))
    block = "One page per function:\n" + "".join(".BR %s (3),\n" % n for n in pages)
    text = re.sub(r"One page per function:\n(?:\.BR \w+ \(3\),\n)*", lambda m: block, text)
    with open(ov, "w") as f:
        f.write(text)
    if missing:
        print("not declared with SSLPROV_API in the header: " + " ".join(missing), file=sys.stderr)
        return 1
    print("%d pages in %s" % (len(exported) - len(missing), os.path.relpath(OUTDIR, ROOT)))
    return 0


VERSION = "0"
if __name__ == "__main__":
    sys.exit(main())
