#!/usr/bin/env bash
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
command -v openssl >/dev/null || skip "openssl not installed"
[ -x "$SSLPROV" ] || skip "no sslprov CLI"
make_pki || { echo "cannot make PKI"; exit 1; }
probe_provider
P=$PKI
SR="--cert $P/rsa.crt --key $P/rsa.key"
TRUNC="error: peer closed the connection without close_notify (possible truncation)"
GET='GET / HTTP/1.0\r\n\r\n'

# no sanitizer report (an ASan/UBSan build exits 1 too)
clean() { ! grep -qE "Sanitizer|runtime error" "$@"; }

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
  SSLPROV_TEST_FAULT=$fault timeout 10 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" \
    --servername localhost "$@" >"$out" 2>"$err"
}

# start_server FAULT ARGS...: sslprov server --accept 1 on a fresh port
start_server() {
  local fault=$1; shift
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" env SSLPROV_TEST_FAULT="$fault" "$SSLPROV" server --port="$port" --accept 1 "$@"
  wait_port "$port"
}

echo "# sslprov client: server ends without close_notify"
for v in tls1.3 tls1.2; do
  # shellcheck disable=SC2086
  start_server no-close-notify --www $SR
  client "" "$T/c.out" "$T/c.err" "--$v" < <(printf "$GET")
  rc=$?
  server_rc
  src=$?
  if [ $rc -eq 3 ] && [ $src -eq 0 ] && grep -qx "sslprov: $TRUNC" "$T/c.err" && grep -q "200 ok" "$T/c.out" &&
    [ "$(grep -c error "$T/c.err")" -eq 1 ] && clean "$T/c.err" "$T/srv.log"; then
    ok "client reports truncation $v (exit 3, page still written)"
  else bad "client reports truncation $v (rc=$rc server rc=$src)" "$T/c.err" "$T/srv.log"; fi

  # shellcheck disable=SC2086
  start_server no-close-notify --www $SR
  client "" "$T/c.out" "$T/c.err" "--$v" --ignore-eof < <(printf "$GET")
  rc=$?
  server_rc
  if [ $rc -eq 0 ] && ! grep -q error "$T/c.err" && grep -q "200 ok" "$T/c.out"; then
    ok "client --ignore-eof $v"
  else bad "client --ignore-eof $v (rc=$rc)" "$T/c.err" "$T/srv.log"; fi

  # the normal close: close_notify both ways, both exit 0
  # shellcheck disable=SC2086
  start_server "" --www $SR
  client "" "$T/c.out" "$T/c.err" "--$v" < <(printf "$GET")
  rc=$?
  server_rc
  src=$?
  if [ $rc -eq 0 ] && [ $src -eq 0 ] && ! grep -q error "$T/c.err" "$T/srv.log" && grep -q "200 ok" "$T/c.out"; then
    ok "client normal close $v"
  else bad "client normal close $v (rc=$rc server rc=$src)" "$T/c.err" "$T/srv.log"; fi
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

echo "# sslprov server: client ends without close_notify"
for v in tls1.3 tls1.2; do
  # echo mode: the client's data, then a bare FIN.  The server answers no
  # close_notify after the failure, so the client sees a truncation too.
  start_server "" --echo $SR
  client no-close-notify "$T/c.out" "$T/c.err" "--$v" < <(printf 'hello\n')
  rc=$?
  server_rc
  src=$?
  if [ $src -eq 3 ] && grep -qx "sslprov server: $TRUNC" "$T/srv.log" && [ "$(cat "$T/c.out")" = hello ] &&
    [ $rc -eq 3 ] && clean "$T/c.err" "$T/srv.log"; then
    ok "server --echo reports truncation $v (exit 3)"
  else bad "server --echo reports truncation $v (server rc=$src client rc=$rc)" "$T/srv.log" "$T/c.err"; fi

  # www mode: a request cut short before its blank line
  start_server "" --www $SR
  client no-close-notify "$T/c.out" "$T/c.err" "--$v" < <(printf 'GET / HTTP/1.0\r\n')
  server_rc
  src=$?
  if [ $src -eq 3 ] && grep -qx "sslprov server: $TRUNC" "$T/srv.log" && ! grep -q "200 ok" "$T/c.out" &&
    clean "$T/srv.log"; then
    ok "server --www reports a truncated request $v (exit 3)"
  else bad "server --www reports a truncated request $v (server rc=$src)" "$T/srv.log" "$T/c.err"; fi

  start_server "" --echo --ignore-eof $SR
  client no-close-notify "$T/c.out" "$T/c.err" "--$v" < <(printf 'hello\n')
  rc=$?
  server_rc
  src=$?
  if [ $src -eq 0 ] && [ $rc -eq 0 ] && ! grep -q error "$T/srv.log" "$T/c.err" && [ "$(cat "$T/c.out")" = hello ]; then
    ok "server --ignore-eof $v"
  else bad "server --ignore-eof $v (server rc=$src client rc=$rc)" "$T/srv.log" "$T/c.err"; fi

  start_server "" --echo $SR
  client "" "$T/c.out" "$T/c.err" "--$v" < <(printf 'hello\n')
  rc=$?
  server_rc
  src=$?
  if [ $src -eq 0 ] && [ $rc -eq 0 ] && ! grep -q error "$T/srv.log" "$T/c.err" && [ "$(cat "$T/c.out")" = hello ]; then
    ok "server --echo normal close $v"
  else bad "server --echo normal close $v (server rc=$src client rc=$rc)" "$T/srv.log" "$T/c.err"; fi
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
if [ $rc -eq 2 ] && grep -qx "sslprov: --servername needs a value" "$T/u.err"; then ok "option without value: exit 2"; else bad "option without value (rc=$rc)" "$T/u.err"; fi
"$SSLPROV" server --port 1 $SR --ignore-eof=yes >/dev/null 2>"$T/u.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "^usage: sslprov server" "$T/u.err"; then ok "flag with a value: exit 2"; else bad "flag with a value (rc=$rc)" "$T/u.err"; fi
finish
