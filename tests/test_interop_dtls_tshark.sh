#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_dtls_tshark.sh - tshark decrypts a loopback capture of a DTLS
# 1.2 session with the key log sslprov wrote (issue #15): sslprov client vs
# openssl s_server -dtls1_2 and openssl s_client -dtls1_2 vs sslprov server.
# The decrypted application data must hold the request; a control without
# the key log must not, so a capture of plaintext cannot pass.
# Needs dumpcap able to capture on lo (root or CAP_NET_RAW); skips otherwise.
set -u
. "$(dirname "$0")/interop/lib.bash"
command -v tshark >/dev/null && command -v dumpcap >/dev/null || skip "tshark not installed"
. "$(dirname "$0")/interop/dtls.bash"
export HOME=$T # tshark wants a writable profile directory
. "$(dirname "$0")/interop/capture.bash"
REQ_HEX=$(printf 'GET / HTTP/1.0' | od -An -tx1 | tr -d ' \n')

decrypted() { # NAME CAP KEYLOG
  tshark -r "$2" -o "tls.keylog_file:$3" -T fields -e data.data >"$T/dec.txt" 2>"$T/tshark.err"
  tshark -r "$2" -T fields -e data.data >"$T/nokeys.txt" 2>>"$T/tshark.err"
  if grep -q "^$REQ_HEX" "$T/dec.txt" && ! grep -q "$REQ_HEX" "$T/nokeys.txt" && grep -q "^CLIENT_RANDOM " "$3"; then
    okc "tshark" "$1"
  else bad "$1" "$T/tshark.err" "$T/dec.txt"; fi
}

port=$(free_uport)
start_bg "$T/s.log" openssl s_server -dtls1_2 -accept "127.0.0.1:$port" -naccept 1 -quiet $RSA
wait_uport "$port"
capture_start udp "$port" "$T/c.pcapng"
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$SSLPROV" client "127.0.0.1:$port" $CL --dtls1.2 --keylog "$T/c.keys" \
  >/dev/null 2>"$T/c.err"
wait_bg_exit 3
capture_stop
decrypted "tshark decrypts sslprov client DTLS1.2" "$T/c.pcapng" "$T/c.keys"

port=$(free_uport)
start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept 1 --echo --dtls1.2 $SR --keylog "$T/s.keys"
wait_uport "$port"
capture_start udp "$port" "$T/s.pcapng"
(printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 openssl s_client -dtls1_2 -connect "127.0.0.1:$port" \
  -CAfile "$P/ca.crt" >/dev/null 2>&1
wait_bg_exit 3
capture_stop
decrypted "tshark decrypts sslprov server DTLS1.2" "$T/s.pcapng" "$T/s.keys"
counts_and_finish
