#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_windows_client.sh - the Windows-shaped client (tests/windows/schannel_client.c,
# issue #11 item 5) completes handshakes and exchanges data with openssl s_server:
# TLS 1.2 ECDHE-RSA AES-128-GCM and AES-128-CBC-SHA256, static RSA AES-128-GCM (server
# key through NCryptImportKey), PSK AES-128-GCM (NCRYPTBUFFER_SSL_CLEAR_KEY), TLS 1.3
# with X25519, and TLS 1.3 with an external PSK (raw TLS_13_PRE_SHARED_KEY blob,
# psk_dhe_ke).  Each case starts its own s_server -www on a free loopback port.
#   usage: test_windows_client.sh BUILD_DIR SOURCE_DIR
set -u
# shellcheck source=tests/interop/lib.bash
. "$(dirname "$0")/interop/lib.bash"
CLIENT="$BUILD/tests/schannel_client"
command -v openssl >/dev/null || skip "openssl needed (s_server)"
[ -x "$CLIENT" ] || skip "schannel_client not built"
# The client is written for Windows' semantics (issue #11 facts 1-4: dwHeaderLen
# without the record header, caller-built TLS 1.3 inner plaintext, raw PSK blob,
# TLS 1.2 PSK through NCRYPTBUFFER_SSL_CLEAR_KEY); a provider without them
# cannot serve it.
"$CLIENT" probe >"$T/probe.out" 2>&1
case $? in
0) ;;
3) skip "the provider does not have Windows' record semantics yet ($(cat "$T/probe.out"))" ;;
*) echo "FAIL probe: $(cat "$T/probe.out")"; exit 1 ;;
esac
make_pki || { echo "cannot make PKI"; exit 1; }
PSK_ID=sslprov-client
PSK_HEX=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

# case NAME MODE SERVER-OPTIONS...
case_() {
    local name=$1 mode=$2
    shift 2
    local port
    port=$(free_port) || { bad "$name: no free port"; return; }
    start_bg "$T/$name.srv" openssl s_server -accept "127.0.0.1:$port" -www -naccept 1 "$@"
    if ! wait_port "$port" 100; then
        bad "$name: s_server did not start" "$T/$name.srv"
        stop_bg
        return
    fi
    if timeout 30 "$CLIENT" "$mode" "$port" "$PSK_ID" "$PSK_HEX" >"$T/$name.out" 2>&1 &&
        grep -q "handshake and exchange ok" "$T/$name.out" && clean "$T/$name.out"; then
        ok "$name: $(head -1 "$T/$name.out")"
    else
        bad "$name" "$T/$name.out" "$T/$name.srv"
    fi
    stop_bg
}

RSA=(-cert "$PKI/rsa.crt" -key "$PKI/rsa.key")
case_ tls12-ecdhe-rsa-aes128-gcm tls12-ecdhe-gcm "${RSA[@]}" -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
case_ tls12-ecdhe-rsa-aes128-cbc-sha256 tls12-ecdhe-cbc "${RSA[@]}" -tls1_2 -cipher ECDHE-RSA-AES128-SHA256
case_ tls12-rsa-aes128-gcm-ncrypt-key tls12-rsa-gcm "${RSA[@]}" -tls1_2 -cipher AES128-GCM-SHA256
case_ tls12-psk-aes128-gcm tls12-psk -nocert -tls1_2 -cipher PSK-AES128-GCM-SHA256 -psk_identity "$PSK_ID" \
    -psk "$PSK_HEX"
case_ tls13-x25519-aes128-gcm tls13 "${RSA[@]}" -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -groups X25519
case_ tls13-external-psk tls13-psk -nocert -tls1_3 -ciphersuites TLS_AES_128_GCM_SHA256 -groups X25519 \
    -psk_identity "$PSK_ID" -psk "$PSK_HEX"
finish
