#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_cli_server.sh - what users of s_client/s_server expect from `sslprov
# client` and `sslprov server` (issue #13):
#   1. usage errors: exit 2, one stderr line naming the option or argument;
#      `sslprov help`; every option of --help in sslprov(1) and the README;
#   2. errors that give their cause: connection (strerror, resolver), key and
#      certificate files (missing, not matching, encrypted), a failed
#      certificate verification (subject, issuer, reason, --cafile hint);
#   3. concurrency: a stalled client (TCP only, or a partial ClientHello) does
#      not keep another client from completing its handshake;
#   4. timeouts: the server drops a stalled handshake and closes an idle
#      session (close_notify); the client's handshake/read and connect
#      timeouts;
#   5. IPv6: the server on ::1, the client to [::1]:PORT, the certificate's IP
#      address checked, no SNI for an IP address (RFC 6066 3), no brackets in SNI.
set -u
. "$(dirname "$0")/interop/lib.bash"
interop_setup
CA="--cafile $P/ca.crt"

# usage NAME ARGS...: exit 2, nothing on stdout, one stderr line "sslprov
# <cmd>: ..." containing NAME's expected text (the last argument of the check
# is the text, given through WANT)
usage() {
  local name=$1 want=$2; shift 2
  "$SSLPROV" "$@" >"$T/u.out" 2>"$T/u.err"
  local rc=$? lines
  lines=$(wc -l <"$T/u.err")
  if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$T/u.out" ] && grep -q "^sslprov" "$T/u.err" &&
    grep -qF -- "$want" "$T/u.err"; then
    ok "usage: $name"
  else
    bad "usage: $name (rc=$rc, $lines lines, want '$want')" "$T/u.err"
  fi
}

echo "# 1. usage errors"
S=(server --port 1 $SR)
usage "--port abc" "--port 'abc'" server --port abc $SR
usage "--port 70000" "--port 70000" server --port 70000 $SR
usage "--port -1" "--port '-1'" server --port -1 $SR
usage "--port missing" "--port is required" server $SR
usage "--cert missing" "--cert is required" server --port 1
usage "--tls1.4" "unknown option --tls1.4" "${S[@]}" --tls1.4
usage "stray argument (server)" "unexpected argument 'extra'" "${S[@]}" extra
usage "stray argument (client)" "unexpected argument 'extra'" client 127.0.0.1:1 extra
usage "--cipher FOO" "--cipher FOO" "${S[@]}" --cipher FOO
usage "--cipher empty" "--cipher" "${S[@]}" --cipher ,
usage "--www --echo" "--www and --echo" "${S[@]}" --www --echo
usage "TLS 1.3 suite with --tls1.2" "--cipher TLS_AES_128_GCM_SHA256" "${S[@]}" --tls1.2 --cipher TLS_AES_128_GCM_SHA256
usage "TLS 1.2 suite with --tls1.3 only" "--cipher ECDHE-RSA-AES128-GCM-SHA256" client 127.0.0.1:1 --tls1.3 \
  --cipher ECDHE-RSA-AES128-GCM-SHA256
usage "TLS 1.2-only suite with --tls1.1" "--cipher ECDHE-RSA-AES128-GCM-SHA256" client 127.0.0.1:1 --tls1.1 \
  --cipher ECDHE-RSA-AES128-GCM-SHA256
usage "--group foo" "--group foo" "${S[@]}" --group X25519,foo
usage "--timeout x" "--timeout 'x'" "${S[@]}" --timeout x
usage "--accept 1.5" "--accept '1.5'" "${S[@]}" --accept 1.5
usage "--max-clients 0" "--max-clients 0" "${S[@]}" --max-clients 0
usage "--host empty" "--host" "${S[@]}" --host ''
usage "flag with value" "--www takes no value" "${S[@]}" --www=yes
usage "value missing" "--cipher needs a value" "${S[@]}" --cipher
usage "--key without --cert" "--key needs --cert" client 127.0.0.1:1 --key "$P/rsa.key"
usage "client without target" "missing HOST:PORT" client
usage "client port abc" "port is not a number" client localhost:abc
usage "client port 70000" "port is not a number" client localhost:70000
usage "client no port" "expected HOST:PORT" client localhost
usage "client bare IPv6" "IPv6 address goes in brackets" client ::1:443
usage "client bad brackets" "[IPV6-ADDRESS]:PORT" client '[::1]443'
usage "--insecure with --cafile" "--insecure and --cafile" client 127.0.0.1:1 --insecure $CA
usage "--dtls1.2 with --tls1.2" "--dtls1.x and --tls1.x exclude" client 127.0.0.1:1 --dtls1.2 --tls1.2
usage "--mtu without DTLS" "--mtu needs --dtls1.2" client 127.0.0.1:1 --mtu 600
usage "--mtu out of range" "--mtu 100: not 256-65535" client 127.0.0.1:1 --dtls1.2 --mtu 100
usage "DTLS server --www" "--www: TLS only" server --port 0 --cert x --dtls1.2 --www
usage "help for no such command" "unknown command 'nope'" help nope
"$SSLPROV" help >"$T/h.out" 2>&1 && grep -q "^usage: sslprov" "$T/h.out" && grep -q "server" "$T/h.out" &&
  ok "sslprov help" || bad "sslprov help" "$T/h.out"
for c in client server; do
  "$SSLPROV" help $c >"$T/h.out" 2>"$T/h.err" && grep -q "^usage: sslprov $c" "$T/h.out" && [ ! -s "$T/h.err" ] &&
    ok "sslprov help $c" || bad "sslprov help $c" "$T/h.out" "$T/h.err"
  # every option --help names is explained (a line of its own) and is in the docs
  opts=$("$SSLPROV" $c --help | grep -oE -- '--[a-z0-9][a-z0-9.-]*' | sort -u)
  [ -n "$opts" ] || bad "$c --help names no options"
  for o in $opts; do
    "$SSLPROV" $c --help | grep -qE -- "^  (-h, )?$o([ ,]|$)|^  --tls1.0 .*$o" || bad "$c --help does not explain $o"
    grep -qF -- "${o//-/\\-}" "$SRC/docs/sslprov.1" || bad "sslprov(1) does not name $c option $o"
    grep -qF -- "$o" "$SRC/README.md" || bad "README does not name $c option $o"
  done
  ok "$c --help: $(echo "$opts" | wc -l) options explained and documented"
done

echo "# 2. errors give their cause"
# run_err NAME WANT_RC TEXT CMD...: exit WANT_RC and TEXT on stderr
run_err() {
  local name=$1 want=$2 text=$3; shift 3
  timeout 20 "$@" </dev/null >"$T/e.out" 2>"$T/e.err"
  local rc=$?
  if [ $rc -eq "$want" ] && grep -qF -- "$text" "$T/e.err"; then ok "$name"; else bad "$name (rc=$rc, want '$text')" "$T/e.err"; fi
}
closed=$(free_port)
run_err "connection refused" 1 "cannot connect to 127.0.0.1 port $closed: Connection refused" \
  "$SSLPROV" client "127.0.0.1:$closed" $CA
run_err "resolver message" 1 "cannot resolve no-such-host.invalid: " "$SSLPROV" client no-such-host.invalid:443 $CA
run_err "missing key file" 1 "key file $T/none.key: No such file or directory" \
  "$SSLPROV" server --port 0 --accept 0 --cert "$P/rsa.crt" --key "$T/none.key"
run_err "missing certificate file" 1 "certificate file $T/none.crt: No such file or directory" \
  "$SSLPROV" server --port 0 --accept 0 --cert "$T/none.crt" --key "$P/rsa.key"
run_err "key not matching" 1 "key file $P/ec256.key: the private key does not match the certificate in $P/rsa.crt" \
  "$SSLPROV" server --port 0 --accept 0 --cert "$P/rsa.crt" --key "$P/ec256.key"
openssl pkey -in "$P/rsa.key" -aes128 -passout pass:secret -out "$T/enc.key" 2>/dev/null
run_err "encrypted key" 1 "key file $T/enc.key: the private key is encrypted" \
  "$SSLPROV" server --port 0 --accept 0 --cert "$P/rsa.crt" --key "$T/enc.key"
run_err "no certificate in file" 1 "certificate file $P/rsa.key: no PEM certificate" \
  "$SSLPROV" server --port 0 --accept 0 --cert "$P/rsa.key" --key "$P/rsa.key"
run_err "missing CA file" 1 "CA file $T/none.pem: No such file or directory" \
  "$SSLPROV" client "127.0.0.1:$closed" --cafile "$T/none.pem"

port=$(free_port)
start_bg "$T/srv.log" "$SSLPROV" server --port "$port" $SR --accept 1
wait_port "$port"
# verified against the wrong CA (the leaf's own issuer is not in the store)
run_err "verification failure: reason, subject, issuer" 1 \
  "certificate verification failed: unable to get local issuer certificate (subject /O=sslprov-rsa/CN=localhost, issuer /CN=sslprov-test-ca)" \
  "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/rsa.crt" --servername localhost
grep -q "hint: name the CA that issued the peer's certificate with --cafile FILE" "$T/e.err" &&
  ok "verification failure suggests --cafile" || bad "no --cafile hint" "$T/e.err"
wait_bg_exit 5

echo "# 3. concurrency: stalled clients do not block others"
port=$(free_port)
start_bg "$T/srv.log" "$SSLPROV" server --port "$port" $SR --timeout 30
srv=$LASTPID
wait_port "$port"
exec 7<>"/dev/tcp/127.0.0.1/$port"          # connected, silent
exec 8<>"/dev/tcp/127.0.0.1/$port"          # half a ClientHello, then silent
printf '\026\003\001\000\200\001\000' >&8
sleep 0.3
t0=$(date +%s%N)
out=$(echo concurrent | timeout 10 "$SSLPROV" client "127.0.0.1:$port" $CA --servername localhost 2>"$T/c.err")
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ $rc -eq 0 ] && [ "$out" = concurrent ]; then ok "handshake and echo beside two stalled clients (${ms} ms)"
else bad "client blocked by stalled ones (rc=$rc, ${ms} ms)" "$T/c.err" "$T/srv.log"; fi
# several at once, TLS 1.2 and 1.3, while the stalled ones still wait
pids=()
for i in 1 2 3 4 5 6; do
  v=--tls1.3; [ $((i % 2)) -eq 0 ] && v=--tls1.2
  (echo "c$i" | timeout 20 "$SSLPROV" client "127.0.0.1:$port" $CA --servername localhost $v >"$T/p$i.out" 2>"$T/p$i.err") &
  pids+=($!)
done
n=0
for i in 1 2 3 4 5 6; do wait "${pids[$((i - 1))]}" && [ "$(cat "$T/p$i.out")" = "c$i" ] && n=$((n + 1)); done
[ $n -eq 6 ] && ok "6 parallel clients served" || bad "only $n of 6 parallel clients served" "$T/srv.log"
# resumption works across connections (the shared session cache)
for v in --tls1.2 --tls1.3; do
  timeout 20 "$SSLPROV" client "127.0.0.1:$port" $CA --servername localhost $v --resume </dev/null >/dev/null 2>"$T/r.err"
  grep -q " resumed" "$T/r.err" && ok "resumption $v" || bad "resumption $v" "$T/r.err"
done
exec 7>&- 8>&-
stop_bg

echo "# 4. timeouts"
port=$(free_port)
start_bg "$T/srv.log" "$SSLPROV" server --port "$port" $SR --timeout 1
wait_port "$port"
exec 7<>"/dev/tcp/127.0.0.1/$port"
printf '\026\003\001' >&7
t0=$(date +%s%N)
timeout 10 cat <&7 >/dev/null
ms=$((($(date +%s%N) - t0) / 1000000))
exec 7>&-
if [ $ms -ge 800 ] && [ $ms -lt 5000 ]; then ok "server drops a stalled handshake after --timeout 1 (${ms} ms)"
else bad "stalled handshake dropped after ${ms} ms" "$T/srv.log"; fi
sleep 0.2
grep -q "sslprov server: error: timed out waiting for the peer" "$T/srv.log" && ok "server names the handshake timeout" ||
  bad "no timeout line" "$T/srv.log"
# idle after the handshake: closed with close_notify, so the client exits 0
t0=$(date +%s%N)
out=$(timeout 10 "$SSLPROV" client "127.0.0.1:$port" $CA --servername localhost 2>"$T/c.err" < <(echo idle; sleep 6))
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ $rc -eq 0 ] && [ "$out" = idle ] && [ $ms -lt 5000 ]; then ok "idle session closed with close_notify (${ms} ms)"
else bad "idle session (rc=$rc, ${ms} ms)" "$T/c.err"; fi
grep -q "closing a connection idle for 1 s" "$T/srv.log" && ok "server names the idle close" || bad "no idle line" "$T/srv.log"
stop_bg
# the client's read timeout: a listener that accepts and never answers
port=$(free_port)
python3 - "$port" >"$T/py.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
c, _ = s.accept()
time.sleep(15)
PY
PIDS+=($!)
pyp=$!
wait_port "$port"
t0=$(date +%s%N)
run_err "client handshake timeout" 1 "timed out waiting for the peer" \
  "$SSLPROV" client "127.0.0.1:$port" $CA --servername localhost --timeout 1
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -lt 5000 ] && ok "client gave up after ${ms} ms" || bad "client timeout took ${ms} ms"
kill $pyp 2>/dev/null
# the client's connect timeout: a listener whose accept queue is full drops SYNs
port=$(free_port)
python3 - "$port" >"$T/py.log" 2>&1 <<'PY' &
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(0)
fill = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", int(sys.argv[1])))
    except BlockingIOError: pass
    fill.append(c)
print("ready", flush=True)
time.sleep(15)
PY
PIDS+=($!)
pyp=$!
for _ in $(seq 1 50); do grep -q ready "$T/py.log" && break; sleep 0.1; done
t0=$(date +%s%N)
run_err "client connect timeout" 1 "cannot connect to 127.0.0.1 port $port: timed out" \
  "$SSLPROV" client "127.0.0.1:$port" $CA --servername localhost --timeout 1
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -lt 5000 ] && ok "connect gave up after ${ms} ms" || bad "connect timeout took ${ms} ms"
kill $pyp 2>/dev/null

echo "# 5. IPv6"
if ! python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
  echo "SKIP: no IPv6 loopback"
else
  # a leaf with the IPv6 loopback address among its names, one without
  (
    cd "$P" || exit 1
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout v6.key -out v6.csr \
      -subj "/O=sslprov-v6/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n' >v6.ext
    openssl x509 -req -in v6.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out v6.crt -days 2 -extfile v6.ext 2>/dev/null
  )
  port=$(free_port)
  start_bg "$T/srv6.log" "$SSLPROV" server --port "$port" --host ::1 --cert "$P/v6.crt" --key "$P/v6.key"
  for _ in $(seq 1 50); do grep -q "listening on \[::1\]:$port" "$T/srv6.log" && break; sleep 0.05; done
  grep -q "listening on \[::1\]:$port" "$T/srv6.log" && ok "server listens on [::1]:$port" || bad "server --host ::1" "$T/srv6.log"
  out=$(echo v6 | timeout 10 "$SSLPROV" client "[::1]:$port" $CA 2>"$T/c.err")
  [ $? -eq 0 ] && [ "$out" = v6 ] && ok "client [::1]:PORT, IP address checked against the certificate" ||
    bad "client [::1]" "$T/c.err"
  stop_bg
  # the RSA leaf names 127.0.0.1 but not ::1: an IP mismatch is refused
  port=$(free_port)
  start_bg "$T/srv6.log" "$SSLPROV" server --port "$port" --host ::1 $SR
  for _ in $(seq 1 50); do grep -q "listening on" "$T/srv6.log" && break; sleep 0.05; done
  run_err "IP address not in the certificate" 1 "certificate verification failed: IP address mismatch" \
    "$SSLPROV" client "[::1]:$port" $CA
  stop_bg
  # SNI: none for an IP literal, the bare name otherwise (OpenSSL's -tlsextdebug shows what arrived)
  for target in "[::1]" "127.0.0.1" "localhost"; do
    port=$(free_port)
    host=::1; [ "$target" = "[::1]" ] || host=127.0.0.1
    start_bg "$T/ss.log" openssl s_server -accept "[$host]:$port" -cert "$P/v6.crt" -key "$P/v6.key" -tlsextdebug -naccept 1
    wait_port "$port"
    echo x | timeout 10 "$SSLPROV" client "$target:$port" $CA >/dev/null 2>"$T/c.err"
    wait_bg_exit 3
    if [ "$target" = localhost ]; then
      grep -q 'TLS client extension "server name"' "$T/ss.log" && ok "SNI sent for a name" || bad "no SNI for localhost" "$T/ss.log"
    else
      ! grep -q 'TLS client extension "server name"' "$T/ss.log" && grep -q 'TLS client extension' "$T/ss.log" &&
        ok "no SNI for $target" || bad "SNI sent for $target" "$T/ss.log" "$T/c.err"
    fi
  done
fi

finish
