#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_tshark.sh - tshark decrypts a loopback capture of an sslprov
# session with the key log sslprov wrote and shows the application data
# (issue #6), TLS 1.3 and TLS 1.2, sslprov as client (vs openssl s_server -www)
# and as server (vs openssl s_client).  A control without the key log must NOT
# show the request, so the test cannot pass on a capture of plaintext.
# Needs dumpcap able to capture on lo (root or CAP_NET_RAW); skips otherwise.
set -u
. "$(dirname "$0")/interop/lib.bash"
command -v tshark >/dev/null && command -v dumpcap >/dev/null || skip "tshark not installed"
interop_setup
export HOME=$T # tshark wants a writable profile directory
. "$(dirname "$0")/interop/capture.bash"

# decrypted NAME CAP KEYLOG: the first TLS stream, decrypted, holds the request
# and the page
decrypted() {
  local name=$1 cap=$2 keys=$3
  tshark -r "$cap" -o "tls.keylog_file:$keys" -q -z follow,tls,ascii,0 >"$T/follow.txt" 2>"$T/tshark.err"
  tshark -r "$cap" -o "tls.keylog_file:$keys" -Y http.request -T fields -e http.request.method -e http.request.version >"$T/req.txt" 2>>"$T/tshark.err"
  tshark -r "$cap" -q -z follow,tls,ascii,0 >"$T/nokeys.txt" 2>>"$T/tshark.err"
  if grep -q "GET / HTTP/1.0" "$T/follow.txt" && grep -qi "HTTP/1.0 200 ok" "$T/follow.txt" &&
    grep -q "^GET.HTTP/1.0" "$T/req.txt" && ! grep -q "GET /" "$T/nokeys.txt"; then
    ok "$name"
  else bad "$name" "$T/follow.txt" "$T/tshark.err"; fi
}

for v in tls1.3 tls1.2; do
  port=$(free_port)
  start_bg "$T/s.log" openssl s_server -accept "127.0.0.1:$port" -naccept 1 -www -cert "$P/rsa.crt" -key "$P/rsa.key"
  wait_port "$port"
  capture_start tcp "$port" "$T/c-$v.pcapng"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" \
    --servername localhost "--$v" --keylog "$T/c-$v.keys" >/dev/null 2>"$T/c.err"
  wait_bg_exit 5
  capture_stop
  decrypted "tshark decrypts sslprov client $v" "$T/c-$v.pcapng" "$T/c-$v.keys"

  port=$(free_port)
  start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept 1 --www --cert "$P/rsa.crt" --key "$P/rsa.key" \
    --keylog "$T/s-$v.keys"
  wait_port "$port"
  capture_start tcp "$port" "$T/s-$v.pcapng"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet -CAfile "$P/ca.crt" \
    "-${v/./_}" >/dev/null 2>&1
  wait_bg_exit 5
  capture_stop
  decrypted "tshark decrypts sslprov server $v" "$T/s-$v.pcapng" "$T/s-$v.keys"
done
finish
