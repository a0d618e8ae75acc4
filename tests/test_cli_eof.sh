#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_cli_eof.sh - truncation detection in `sslprov client` and `sslprov
# server`: a peer that closes the TCP connection without close_notify after the
# handshake (RFC 8446 6.1, RFC 5246 7.2.1) is reported with one stderr line and
# exit status 3, after the data received before it is written out; the normal
# close still exits 0; --ignore-eof takes the bare close as the end of the
# data; a close during the handshake stays a handshake failure (exit 1).
#
# The peer that skips close_notify is sslprov itself under the test-only switch
# SSLPROV_TEST_FAULT=no-close-notify (a TCP half-close where close_notify would
# go, sslprov(1)), and OpenSSL's s_server / s_client killed mid-stream.
set -u
. "$(dirname "$0")/interop/lib.bash"
interop_setup
TRUNC="error: peer closed the connection without close_notify (possible truncation)"
GET='GET / HTTP/1.0\r\n\r\n'

# no sanitizer report (an ASan/UBSan build exits 1 too)

# server_rc: the exit status of the last background sslprov server
# (--accept 1), waited for a bounded time; 124 if it had to be killed.
server_rc() {
  local i
  for ((i = 0; i < 200; i++)); do kill -0 "$LASTPID" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$LASTPID" 2>/dev/null; then stop_bg; return 124; fi
  wait "$LASTPID" 2>/dev/null
}

# client FAULT OUTFILE ERRFILE ARGS... (stdin from the caller)
client() {
  local fault=$1 out=$2 err=$3; shift 3
  SSLPROV_TEST_FAULT=$fault timeout 10 "$SSLPROV_FAULTY" client "127.0.0.1:$port" --cafile "$P/ca.crt" \
    --servername localhost "$@" >"$out" 2>"$err"
}

# start_server FAULT ARGS...: sslprov server --accept 1 on a fresh port
start_server() {
  local fault=$1; shift
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" env SSLPROV_TEST_FAULT="$fault" "$SSLPROV_FAULTY" server --port="$port" --accept 1 "$@"
  wait_port "$port"
}

# side_ok PREFIX RC WANT LOG: the exit status wanted; with 3 exactly one error
# line, the truncation one; otherwise none.
side_ok() {
  [ "$2" -eq "$3" ] || return 1
  if [ "$3" -eq 3 ]; then grep -qx "$1: $TRUNC" "$4" && [ "$(grep -c error "$4")" -eq 1 ]; else ! grep -q error "$4"; fi
}

# pair NAME SERVER_FAULT "SERVER ARGS" CLIENT_FAULT "CLIENT ARGS" INPUT CLIENT_RC SERVER_RC OUTPUT
# sslprov client against sslprov server --accept 1; OUTPUT: a regex the
# client's stdout matches, or - for none at all.
pair() {
  local name=$1 sfault=$2 sargs=$3 cfault=$4 cargs=$5 input=$6 want_c=$7 want_s=$8 out=$9 rc src
  # shellcheck disable=SC2086
  start_server "$sfault" $sargs
  # shellcheck disable=SC2086
  client "$cfault" "$T/c.out" "$T/c.err" $cargs < <(printf "$input")
  rc=$?
  server_rc
  src=$?
  if side_ok sslprov $rc "$want_c" "$T/c.err" && side_ok "sslprov server" $src "$want_s" "$T/srv.log" &&
    if [ "$out" = - ]; then [ ! -s "$T/c.out" ]; else grep -Eq "$out" "$T/c.out"; fi &&
    clean "$T/c.err" "$T/srv.log"; then
    ok "$name"
  else bad "$name (client rc=$rc server rc=$src)" "$T/c.err" "$T/srv.log"; fi
}

for v in tls1.3 tls1.2; do
  echo "# sslprov server ends without close_notify ($v): the page, then exit 3"
  pair "client reports truncation $v" no-close-notify "--www $SR" "" "--$v" "$GET" 3 0 "200 ok"
  pair "client --ignore-eof $v" no-close-notify "--www $SR" "" "--$v --ignore-eof" "$GET" 0 0 "200 ok"
  pair "client normal close $v" "" "--www $SR" "" "--$v" "$GET" 0 0 "200 ok"

  # The server answers no close_notify after the failure, so the client sees
  # a truncation too.
  echo "# sslprov client ends without close_notify ($v)"
  pair "server --echo reports truncation $v" "" "--echo $SR" no-close-notify "--$v" 'hello\n' 3 3 "^hello$"
  pair "server --www reports a truncated request $v" "" "--www $SR" no-close-notify "--$v" 'GET / HTTP/1.0\r\n' 3 3 -
  pair "server --ignore-eof $v" "" "--echo --ignore-eof $SR" no-close-notify "--$v" 'hello\n' 0 0 "^hello$"
  pair "server --echo normal close $v" "" "--echo $SR" "" "--$v" 'hello\n' 0 0 "^hello$"
done

echo "# sslprov client: openssl s_server killed mid-stream"
for v in tls1_3 tls1_2; do
  port=$(free_port)
  start_bg "$T/s.log" openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet -"$v" -cert "$P/rsa.crt" -key "$P/rsa.key"
  wait_port "$port"
  # stdin stays open: only the server's end can finish the client
  client "" "$T/c.out" "$T/c.err" < <(printf 'hello\n'; sleep 8 2>/dev/null) &
  cp=$!
  for ((i = 0; i < 100; i++)); do grep -q hello "$T/s.log" && break; sleep 0.05; done
  kill -9 "$LASTPID" 2>/dev/null
  wait "$LASTPID" 2>/dev/null
  wait "$cp"
  rc=$?
  if [ $rc -eq 3 ] && grep -qx "sslprov: $TRUNC" "$T/c.err" && clean "$T/c.err"; then
    ok "client vs killed s_server -$v"
  else bad "client vs killed s_server -$v (rc=$rc)" "$T/c.err" "$T/s.log"; fi
done

echo "# sslprov server: openssl s_client killed mid-stream, and its normal close"
for v in tls1_3 tls1_2; do
  start_server "" --echo $SR
  : >"$T/sc.out"
  openssl s_client -connect "127.0.0.1:$port" -quiet -CAfile "$P/ca.crt" -"$v" >"$T/sc.out" 2>"$T/sc.err" \
    < <(printf 'hello\n'; sleep 8 2>/dev/null) &
  scp=$!
  for ((i = 0; i < 100; i++)); do grep -q hello "$T/sc.out" && break; sleep 0.05; done
  kill -9 "$scp" 2>/dev/null
  wait "$scp" 2>/dev/null
  server_rc
  src=$?
  if [ $src -eq 3 ] && grep -qx "sslprov server: $TRUNC" "$T/srv.log" && clean "$T/srv.log"; then
    ok "server vs killed s_client -$v"
  else bad "server vs killed s_client -$v (server rc=$src)" "$T/srv.log" "$T/sc.err"; fi

  # -no_ign_eof: stdin EOF ends s_client with its close_notify
  start_server "" --echo $SR
  printf 'hello\n' | timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet -no_ign_eof -CAfile "$P/ca.crt" \
    -"$v" >"$T/sc.out" 2>"$T/sc.err"
  server_rc
  src=$?
  if [ $src -eq 0 ] && ! grep -q error "$T/srv.log"; then
    ok "server vs s_client close_notify -$v"
  else bad "server vs s_client close_notify -$v (server rc=$src)" "$T/srv.log" "$T/sc.err"; fi
done

echo "# a close during the handshake is a handshake failure, not a truncation"
port=$(free_port)
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); c.recv(65536); c.close()' "$port" &
pp=$!
PIDS+=("$pp")
wait_port "$port"
client "" "$T/c.out" "$T/c.err" </dev/null
rc=$?
wait "$pp" 2>/dev/null
if [ $rc -eq 1 ] && grep -q "^sslprov: error: .*closed by peer" "$T/c.err" && ! grep -q truncation "$T/c.err"; then
  ok "EOF in the handshake: exit 1"
else bad "EOF in the handshake (rc=$rc)" "$T/c.err"; fi

echo "# options"
for c in client server; do
  if "$SSLPROV" $c --help | grep -q -- "--ignore-eof"; then ok "$c --help names --ignore-eof"; else bad "$c --help"; fi
done
"$SSLPROV" client 127.0.0.1:1 --servername >/dev/null 2>"$T/u.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "^sslprov client: --servername needs a value" "$T/u.err"; then ok "option without value: exit 2"; else bad "option without value (rc=$rc)" "$T/u.err"; fi
"$SSLPROV" server --port 1 $SR --ignore-eof=yes >/dev/null 2>"$T/u.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "^sslprov server: --ignore-eof takes no value" "$T/u.err"; then ok "flag with a value: exit 2"; else bad "flag with a value (rc=$rc)" "$T/u.err"; fi
finish
