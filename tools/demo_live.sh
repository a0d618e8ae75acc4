#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# demo_live.sh - `make demo` (issue #6): a live TLS 1.3 and TLS 1.2 session (and
# with openssl a DTLS 1.2 session over UDP, issue #15)
# between `sslprov client --trace` (every cryptographic step through the Ssl*
# provider) and `openssl s_server -www` on a free loopback port with a throw-away
# certificate; falls back to `sslprov server --www` when openssl is missing.
set -u
BUILD=${1:-build}
SSLPROV="$BUILD/sslprov"
[ -x "$SSLPROV" ] || { echo "demo: $SSLPROV not built (run make)" >&2; exit 1; }
T=$(mktemp -d /tmp/sslprov-demo.XXXXXX)
SRV=
cleanup() { [ -n "$SRV" ] && kill "$SRV" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
  echo $((20000 + RANDOM % 20000)))
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
    -subj /CN=localhost -days 1 -addext subjectAltName=DNS:localhost 2>/dev/null
  peer="openssl s_server -www"
  openssl s_server -accept "127.0.0.1:$port" -www -cert "$T/cert.pem" -key "$T/key.pem" -naccept 2 \
    >"$T/server.log" 2>&1 < <(sleep 10 2>/dev/null) &
  SRV=$!
else
  echo "demo: openssl not found - using sslprov server as the peer" >&2
  peer="sslprov server --www"
  cp "$(dirname "$0")/../tests/interop/demo.crt" "$T/cert.pem"
  cp "$(dirname "$0")/../tests/interop/demo.key" "$T/key.pem"
  "$SSLPROV" server --port "$port" --cert "$T/cert.pem" --key "$T/key.pem" --www --accept 2 >"$T/server.log" 2>&1 &
  SRV=$!
fi
for i in $(seq 1 100); do
  ss -ltnH "sport = :$port" 2>/dev/null | grep -q . && break
  sleep 0.05
done

rc=0
for v in 1.3 1.2; do
  echo "=== sslprov client --tls$v --trace  ->  $peer on 127.0.0.1:$port"
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 5 "$SSLPROV" client "127.0.0.1:$port" --tls$v --trace \
    --cafile "$T/cert.pem" --servername localhost >"$T/page.txt" 2>"$T/trace.txt"
  r=$?
  # the provider call trace: function, protocol, suite, status (one line per call)
  grep -v '^\[client\] SslFreeObject' "$T/trace.txt"
  echo "--- first lines of the page:"
  head -n 12 "$T/page.txt"
  echo
  [ $r -eq 0 ] || rc=1
done
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=

# DTLS 1.2 over UDP (issue #15): sslprov client --dtls1.2 --trace against
# openssl s_server -dtls1_2 (HelloVerifyRequest, fragments, epochs), a line
# each way.
dtls=""
if command -v openssl >/dev/null; then
  uport=$(python3 -c 'import socket; s=socket.socket(type=socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000)))
  openssl s_server -dtls1_2 -accept "127.0.0.1:$uport" -cert "$T/cert.pem" -key "$T/key.pem" -naccept 1 -quiet \
    >"$T/dtls_server.log" 2>&1 < <(sleep 1.5; echo "hello from openssl s_server over DTLS 1.2"; sleep 3) &
  SRV=$!
  for i in $(seq 1 100); do
    ss -lunH "sport = :$uport" 2>/dev/null | grep -q . && break
    sleep 0.05
  done
  echo "=== sslprov client --dtls1.2 --trace  ->  openssl s_server -dtls1_2 on udp 127.0.0.1:$uport"
  (echo "hello from sslprov client over DTLS 1.2"; sleep 2.5) | timeout 10 "$SSLPROV" client "127.0.0.1:$uport" --dtls1.2 \
    --trace --cafile "$T/cert.pem" --servername localhost >"$T/dtls_page.txt" 2>"$T/dtls_trace.txt"
  r=$?
  grep -v '^\[client\] SslFreeObject' "$T/dtls_trace.txt"
  echo "--- received from s_server:"
  cat "$T/dtls_page.txt"
  kill "$SRV" 2>/dev/null
  wait "$SRV" 2>/dev/null
  SRV=
  echo "--- s_server received:"
  grep -a "hello from sslprov" "$T/dtls_server.log"
  echo
  [ $r -eq 0 ] || rc=1
  dtls=" and DTLS 1.2"
fi
[ $rc -eq 0 ] && echo "demo: TLS 1.3, TLS 1.2$dtls sessions completed" || echo "demo: a session failed" >&2
exit $rc
