#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# demo.sh - "make demo": derive the key block of a published TLS 1.2 session
# through the sslprov CLI (and so through the library's public API) and compare
# it with the published value.
#   usage: tools/demo.sh [BUILD_DIR]
#
# Source of the values: "The Illustrated TLS 1.2 Connection",
# syncsynchalt/illustrated-tls12 (https://tls12.xargs.org, MIT licence), commit
# d0e54d66a825ff320793494bf4e31cb22fe1edcc: TLS 1.2, cipher suite
# ECDHE-RSA-AES128-CBC-SHA (TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, 0xC013).
# The same record is in tests/vectors/tls_kdf_sp800_135.txt (source =
# illustrated-tls12); it is copied here so the demo runs without the test vectors.
set -euo pipefail
BUILD=${1:-build}
CLI="$BUILD/sslprov"

MASTER_SECRET=916abf9da55973e13614ae0a3f5d3f37b023ba129aee02cc9134338127cd7049781c8e19fc1eb2a7387ac06ae237344c
CLIENT_RANDOM=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
SERVER_RANDOM=707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f
# The published 104-byte key block: client MAC key (20) | server MAC key (20) |
# client key (16) | server key (16) | client IV (16) | server IV (16).
KEY_BLOCK=1b7d117c7d5f690bc263cae8ef60af0f1878acc22ad8bdd8c601a617126f63540eb20906f781fad2f656d037b173ef3e11169f27231a84b6752a18e7a9fcb7cbcdd8f98dd8f769eba0d2550c9238eebfef5c32251abb67d6434528db4937d540d393135e06a11bb8

[ -x "$CLI" ] || {
    echo "demo: $CLI is not built (run 'make')" >&2
    exit 1
}

cmd=("$CLI" derive --protocol tls1.2 --suite ECDHE-RSA-AES128-SHA --master-secret "$MASTER_SECRET"
    --client-random "$CLIENT_RANDOM" --server-random "$SERVER_RANDOM")
echo "sslprov demo: the TLS 1.2 key block of The Illustrated TLS 1.2 Connection"
echo "  (ECDHE-RSA-AES128-CBC-SHA; master secret and randoms from tls12.xargs.org)"
echo
echo "\$ sslprov derive --protocol tls1.2 --suite ECDHE-RSA-AES128-SHA \\"
echo "      --master-secret ${MASTER_SECRET:0:16}... --client-random ${CLIENT_RANDOM:0:16}... \\"
echo "      --server-random ${SERVER_RANDOM:0:16}..."
if ! out=$("${cmd[@]}"); then
    echo
    echo "MISMATCH: sslprov derive failed (see the message above)"
    exit 1
fi
echo "$out" | sed 's/^/  /'

derived=$(echo "$out" | sed 's/^[^:]*: //' | tr -d '\n')
# TLS 1.1+ CBC suites take no IVs from the key block (RFC 5246 section 6.3:
# IVs are generated only for implicit-nonce AEAD suites), so the library returns
# the first 72 bytes; illustrated-tls12 also prints the 32 IV bytes that follow.
used=${KEY_BLOCK:0:144}
echo
echo "published key block (104 bytes; the last 32 are IVs TLS 1.2 CBC does not use):"
echo "  ${KEY_BLOCK:0:80}"
echo "  ${KEY_BLOCK:80:64}"
echo "  ${KEY_BLOCK:144:64}  (unused IVs)"
echo "derived by sslprov (72 bytes):"
echo "  ${derived:0:80}"
echo "  ${derived:80}"
echo
if [ "$derived" = "$used" ]; then
    echo "MATCH"
else
    echo "MISMATCH"
    exit 1
fi
