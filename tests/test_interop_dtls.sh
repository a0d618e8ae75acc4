#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_dtls.sh - DTLS 1.2 and 1.0 on loopback UDP (issue #15), both
# directions against OpenSSL (s_server -dtls1_2 / s_client -dtls1_2, -dtls1)
# and GnuTLS (gnutls-serv --udp / gnutls-cli --udp): ECDHE-ECDSA and
# ECDHE-RSA suites with AES-GCM and AES-CBC; data both ways (1 B, 1 KiB,
# 16 KiB - the 16 KiB as many records); session resumption; IPv6; a small
# MTU (fragmented handshake messages); a lossy path through a test-only relay
# (tests/interop/udp_relay.py: >= 20 % of the handshake datagrams dropped,
# others duplicated and reordered by a seeded schedule) over which the
# handshake completes by retransmission; a tampered and a replayed record
# that the receiver drops silently while the session goes on (RFC 6347
# 4.1.2.6-7), with sslprov as receiver (its counters) and as sender
# (SSLPROV_TEST_FAULT=tamper-record, the peer must deliver the data once).
# Peers are started and stopped by pid; a missing peer tool is skipped.
set -u
. "$(dirname "$0")/interop/lib.bash"
interop_setup
RELAY="$SRC/tests/interop/udp_relay.py"
command -v python3 >/dev/null || skip "python3 needed for the UDP relay"
HAVE_GNUTLS=1
command -v gnutls-serv >/dev/null && command -v gnutls-cli >/dev/null || HAVE_GNUTLS=0
head -c 1024 /dev/urandom >"$P/1k.bin"
# text payloads for peers whose stdout mixes data and status lines
python3 -c 'import sys
for n, f in ((1024, "1k.txt"), (16384, "16k.txt")):
    s = "".join("line %05d of the sslprov dtls test data\n" % i for i in range(n // 40 + 1))[:n - 1] + "\n"
    open(sys.argv[1] + "/" + f, "w").write(s)' "$P"
declare -A COUNT

# free_uport: a free UDP port (and the next one, for a relay)
free_uport() {
  local p i
  for i in $(seq 1 100); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 20000))
    ss -lunH "sport = :$p" 2>/dev/null | grep -q . && continue
    ss -lunH "sport = :$((p + 1))" 2>/dev/null | grep -q . && continue
    echo "$p"
    return 0
  done
  echo 24999
}
wait_uport() {
  local i
  for i in $(seq 1 100); do
    ss -lunH "sport = :$1" 2>/dev/null | grep -q . && return 0
    sleep 0.05
  done
  return 1
}
# wait_size FILE BYTES SECONDS: until FILE holds BYTES bytes (or the time is up)
wait_size() {
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
    sleep 0.05
  done
  return 1
}
# bg PIDVAR LOG cmd...: a background process we stop ourselves
kill_wait() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; true; }
count() { COUNT[$1]=$((${COUNT[$1]:-0} + 1)); }
okc() { ok "$2 [t=${SECONDS}s]"; count "$1"; }
# a relay in front of PORT on PORT+1: relay_start PORT ARGS...
relay_start() {
  local port=$1
  shift
  python3 "$RELAY" $((port + 1)) "$port" "$@" >"$T/relay.out" 2>"$T/relay.err" &
  RELAYPID=$!
  PIDS+=("$RELAYPID")
  wait_uport $((port + 1))
}
relay_stop() {
  kill "$RELAYPID" 2>/dev/null
  wait "$RELAYPID" 2>/dev/null
  cat "$T/relay.err"
}
# the relay dropped at least a fifth of the handshake datagrams
relay_lossy_enough() {
  grep -q RELAY-STATS "$T/relay.err" || return 1
  local hs dr
  hs=$(sed -n 's/.* hs=\([0-9]*\).*/\1/p' "$T/relay.err")
  dr=$(sed -n 's/.* dropped=\([0-9]*\).*/\1/p' "$T/relay.err")
  [ "${hs:-0}" -gt 0 ] && [ $((dr * 5)) -ge "$hs" ]
}

RSA="-cert $P/rsa.crt -key $P/rsa.key"
EC="-cert $P/ec256.crt -key $P/ec256.key"
SEC0="ALL:@SECLEVEL=0"
CL="--cafile $P/ca.crt --servername localhost"

# ---------------------------------------------------------------------------
echo "# sslprov client -> openssl s_server -dtls"
# cs_up NAME "s_server args" "client args" FILE PATTERN [TARGETPORT-OFFSET]: the
# client uploads FILE to s_server -quiet (its stdout), summary line checked
cs_up() {
  local name=$1 sargs=$2 cargs=$3 f=$4 pat=$5 port
  port=$(free_uport)
  # shellcheck disable=SC2086
  start_bg "$T/up.bin" openssl s_server -accept "${HOST4:-127.0.0.1}:$port" -naccept 1 -quiet $sargs
  wait_uport "$port" || { bad "$name (s_server did not start)" "$T/up.bin"; stop_bg; return; }
  # shellcheck disable=SC2086
  timeout 20 "$SSLPROV" client "${CHOST:-127.0.0.1}:$port" $CL $cargs <"$P/$f" >/dev/null 2>"$T/c.err"
  local rc=$?
  wait_bg_exit 3
  if [ $rc -eq 0 ] && cmp -s "$T/up.bin" "$P/$f" && grep -Eq "$pat" "$T/c.err"; then okc "openssl:client->s_server" "$name"; else bad "$name (rc=$rc)" "$T/c.err" "$T/up.bin"; fi
}
for s in ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE_ECDSA_WITH_AES_128_GCM ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE_ECDSA_WITH_AES_256_GCM \
  ECDHE-ECDSA-AES128-SHA:ECDHE_ECDSA_WITH_AES_128_CBC_SHA ECDHE-ECDSA-AES256-SHA384:ECDHE_ECDSA_WITH_AES_256_CBC_SHA384; do
  cs_up "client DTLS1.2 ${s%%:*}" "-dtls1_2 $EC" "--dtls1.2 --cipher ${s%%:*}" 1k.bin "DTLSv1.2 TLS_${s##*:}.* EMS full"
done
for s in ECDHE-RSA-AES128-GCM-SHA256:ECDHE_RSA_WITH_AES_128_GCM ECDHE-RSA-AES256-GCM-SHA384:ECDHE_RSA_WITH_AES_256_GCM \
  ECDHE-RSA-AES128-SHA256:ECDHE_RSA_WITH_AES_128_CBC_SHA256 ECDHE-RSA-AES256-SHA:ECDHE_RSA_WITH_AES_256_CBC_SHA; do
  cs_up "client DTLS1.2 ${s%%:*}" "-dtls1_2 $RSA" "--dtls1.2 --cipher ${s%%:*}" 1k.bin "DTLSv1.2 TLS_${s##*:}.* EMS full"
done
for f in one.bin 16k.bin; do
  cs_up "client DTLS1.2 upload $f" "-dtls1_2 $RSA" "--dtls1.2" "$f" "DTLSv1.2"
done
cs_up "client DTLS1.2 MTU 600 (fragmented Certificate) 16k" "-dtls1_2 $RSA" "--dtls1.2 --mtu 600" 16k.bin "DTLSv1.2"
cs_up "client DTLS1.0 ECDHE-RSA-AES128-SHA" "-dtls1 $RSA -cipher $SEC0" "--dtls1.0 --cipher ECDHE-RSA-AES128-SHA" 1k.bin \
  "DTLSv1.0 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"
cs_up "client DTLS1.0 ECDHE-ECDSA-AES256-SHA" "-dtls1 $EC -cipher $SEC0" "--dtls1.0 --cipher ECDHE-ECDSA-AES256-SHA" 1k.bin \
  "DTLSv1.0 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"
cs_up "client DTLS1.2 and 1.0 offered, 1.2 chosen" "-dtls $RSA" "--dtls1.2 --dtls1.0" 1k.bin "DTLSv1.2"
cs_up "client DTLS1.2 HelloVerifyRequest from s_server" "-dtls1_2 $RSA" "--dtls1.2" 1k.bin "hello-verify=1"
if ss -lunH >/dev/null 2>&1 && python3 -c 'import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::1", 0))' 2>/dev/null; then
  HOST4="[::1]" CHOST="[::1]" cs_up "client DTLS1.2 IPv6" "-dtls1_2 $RSA" "--dtls1.2" 1k.bin "DTLSv1.2"
else
  echo "SKIP client DTLS1.2 IPv6 (no ::1)"
fi
# test-only fault: a tampered copy before the first application record and a
# replay after it; s_server must drop both and write the data once
port=$(free_uport)
start_bg "$T/up.bin" openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet -dtls1_2 $RSA
wait_uport "$port"
SSLPROV_TEST_FAULT=tamper-record timeout 20 "$SSLPROV" client "127.0.0.1:$port" $CL --dtls1.2 <"$P/1k.bin" >/dev/null 2>"$T/c.err"
rc=$?
wait_bg_exit 3
if [ $rc -eq 0 ] && cmp -s "$T/up.bin" "$P/1k.bin"; then okc "openssl:client->s_server" "client tampered+replayed record dropped by s_server"; else bad "tamper to s_server (rc=$rc)" "$T/c.err" "$T/up.bin"; fi

# cs_down NAME "s_server args" "client args" FILE [relay args]: s_server sends
# FILE, the client prints it
cs_down() {
  local name=$1 sargs=$2 cargs=$3 f=$4 rargs=${5:-} port target
  port=$(free_uport)
  # shellcheck disable=SC2086
  openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet $sargs >"$T/s.log" 2>&1 < <(sleep 1; cat "$P/$f"; sleep 60) &
  LASTPID=$!
  PIDS+=("$LASTPID")
  wait_uport "$port"
  target=$port
  # shellcheck disable=SC2086
  if [ -n "$rargs" ]; then relay_start "$port" $rargs; target=$((port + 1)); fi
  # shellcheck disable=SC2086
  : >"$T/down.bin"
  timeout 60 "$SSLPROV" client "127.0.0.1:$target" $CL $cargs >"$T/down.bin" 2>"$T/c.err" < <(sleep 60) &
  local cpid=$! rc=0
  PIDS+=("$cpid")
  wait_size "$T/down.bin" "$(stat -c %s "$P/$f")" 20 || rc=1
  sleep 0.3 # a duplicate would arrive now
  kill_wait "$cpid"
  stop_bg
  [ -n "$rargs" ] && relay_stop >>"$T/c.err"
  if [ $rc -eq 0 ] && cmp -s "$T/down.bin" "$P/$f"; then okc "openssl:client->s_server" "$name"; else bad "$name (rc=$rc)" "$T/c.err" "$T/s.log"; return 1; fi
}
for f in one.bin 1k.bin 16k.bin; do cs_down "client DTLS1.2 download $f" "-dtls1_2 $RSA" "--dtls1.2" "$f"; done
cs_down "client DTLS1.0 download 16k.bin" "-dtls1 $RSA -cipher $SEC0" "--dtls1.0" 16k.bin
if cs_down "client DTLS1.2 tampered+replayed record from the relay dropped silently" "-dtls1_2 $EC" "--dtls1.2 --trace" 1k.bin "--attack"; then
  grep -q "dropped: replayed" "$T/c.err" && grep -q "dropped: failed authentication" "$T/c.err" && okc "openssl:client->s_server" "client counted the replay and the forgery" ||
    bad "client counters after the attack" "$T/c.err"
fi

# resumption: two sessions, the second resumed by session id
port=$(free_uport)
start_bg "$T/s.log" openssl s_server -accept "127.0.0.1:$port" -naccept 2 -dtls1_2 $RSA
wait_uport "$port"
echo x | timeout 20 "$SSLPROV" client "127.0.0.1:$port" $CL --dtls1.2 --resume >/dev/null 2>"$T/c.err"
rc=$?
stop_bg
if [ $rc -eq 0 ] && grep -q "DTLSv1.2 .* EMS resumed" "$T/c.err"; then okc "openssl:client->s_server" "client DTLS1.2 session resumption"; else bad "client resumption (rc=$rc)" "$T/c.err"; fi

# the lossy path: the handshake completes by retransmission, then an upload
lossy_client() {
  local seed=$1 port
  port=$(free_uport)
  start_bg "$T/up.bin" openssl s_server -accept "127.0.0.1:$port" -naccept 1 -quiet -dtls1_2 $EC
  wait_uport "$port"
  relay_start "$port" --lossy --seed "$seed"
  timeout 90 "$SSLPROV" client "127.0.0.1:$((port + 1))" $CL --dtls1.2 <"$P/1k.bin" >/dev/null 2>"$T/c.err"
  local rc=$?
  relay_stop >>"$T/c.err"
  wait_bg_exit 3
  if [ $rc -eq 0 ] && cmp -s "$T/up.bin" "$P/1k.bin" && relay_lossy_enough && grep -Eq "retransmits=[1-9]" "$T/c.err"; then
    okc "openssl:client->s_server" "client DTLS1.2 over a lossy relay (seed $seed): $(grep -o 'hs=.*reordered=[0-9]*' "$T/relay.err")"
  else bad "client lossy seed $seed (rc=$rc)" "$T/c.err"; fi
}
lossy_client 3

# ---------------------------------------------------------------------------
echo "# openssl s_client -dtls -> sslprov server"
# sc_echo NAME "server args" "s_client args" FILE PATTERN [relay args]: s_client
# sends FILE, sslprov server echoes it, s_client -quiet prints it
sc_echo() {
  local name=$1 sargs=$2 cargs=$3 f=$4 pat=$5 rargs=${6:-} port target
  port=$(free_uport)
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --host "${SHOST:-127.0.0.1}" --accept 1 --echo $sargs
  wait_uport "$port" || { bad "$name (server did not start)" "$T/srv.log"; stop_bg; return; }
  target=$port
  # shellcheck disable=SC2086
  if [ -n "$rargs" ]; then relay_start "$port" $rargs; target=$((port + 1)); fi
  : >"$T/echo.bin"
  # shellcheck disable=SC2086
  openssl s_client -connect "${CHOST:-127.0.0.1}:$target" -quiet $cargs >"$T/echo.bin" 2>"$T/oc.err" < <(cat "$P/$f"; sleep 90) &
  local cpid=$!
  PIDS+=("$cpid")
  wait_size "$T/echo.bin" "$(stat -c %s "$P/$f")" 60
  sleep 0.3 # a duplicate would arrive now
  kill_wait "$cpid"
  [ -n "$rargs" ] && relay_stop >>"$T/srv.log"
  stop_bg
  if cmp -s "$T/echo.bin" "$P/$f" && grep -Eq "$pat" "$T/srv.log"; then okc "openssl:s_client->server" "$name"; else bad "$name" "$T/srv.log" "$T/oc.err"; return 1; fi
}
for s in ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE_ECDSA_WITH_AES_128_GCM ECDHE-ECDSA-AES256-SHA:ECDHE_ECDSA_WITH_AES_256_CBC_SHA; do
  sc_echo "server DTLS1.2 ${s%%:*}" "--dtls1.2 --cert $P/ec256.crt --key $P/ec256.key" "-dtls1_2 -cipher ${s%%:*}" 1k.bin \
    "DTLSv1.2 TLS_${s##*:}.* EMS full"
done
for s in ECDHE-RSA-AES128-GCM-SHA256:ECDHE_RSA_WITH_AES_128_GCM ECDHE-RSA-AES256-GCM-SHA384:ECDHE_RSA_WITH_AES_256_GCM \
  ECDHE-RSA-AES128-SHA256:ECDHE_RSA_WITH_AES_128_CBC_SHA256 ECDHE-RSA-AES128-SHA:ECDHE_RSA_WITH_AES_128_CBC_SHA; do
  sc_echo "server DTLS1.2 ${s%%:*}" "--dtls1.2 $SR" "-dtls1_2 -cipher ${s%%:*}" 1k.bin "DTLSv1.2 TLS_${s##*:}.* EMS full"
done
for f in one.bin 16k.bin; do sc_echo "server DTLS1.2 echo $f" "--dtls1.2 $SR" "-dtls1_2" "$f" "DTLSv1.2"; done
sc_echo "server DTLS1.2 MTU 600 echo 16k" "--dtls1.2 --mtu 600 $SR" "-dtls1_2" 16k.bin "DTLSv1.2"
sc_echo "server DTLS1.0 ECDHE-RSA-AES256-SHA" "--dtls1.0 $SR" "-dtls1 -cipher ECDHE-RSA-AES256-SHA:@SECLEVEL=0" 1k.bin \
  "DTLSv1.0 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"
sc_echo "server DTLS1.0+1.2 s_client -dtls1 gets DTLS1.0" "--dtls1.2 --dtls1.0 $SR" "-dtls1 -cipher $SEC0" 1k.bin "DTLSv1.0"
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.bind(("::1", 0))' 2>/dev/null; then
  SHOST="::1" CHOST="[::1]" sc_echo "server DTLS1.2 IPv6" "--dtls1.2 $SR" "-dtls1_2" 1k.bin "DTLSv1.2"
fi
if sc_echo "server DTLS1.2 tampered+replayed record from the relay dropped silently" "--dtls1.2 --trace $SR" "-dtls1_2" 1k.bin \
  "DTLSv1.2" "--attack"; then
  grep -q "dropped: replayed" "$T/srv.log" && grep -q "dropped: failed authentication" "$T/srv.log" && okc "openssl:s_client->server" "server counted the replay and the forgery" ||
    bad "server counters after the attack" "$T/srv.log"
fi
for seed in 5; do
  if sc_echo "server DTLS1.2 over a lossy relay (seed $seed)" "--dtls1.2 $SR" "-dtls1_2" 1k.bin "DTLSv1.2" \
    "--lossy --seed $seed"; then
    relay_lossy_enough || bad "relay seed $seed dropped too little" "$T/srv.log"
  fi
done
# resumption: s_client -sess_out, then -sess_in
port=$(free_uport)
start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept 2 --echo --dtls1.2 $SR
wait_uport "$port"
(echo a; sleep 0.3) | timeout 10 openssl s_client -connect "127.0.0.1:$port" -dtls1_2 -sess_out "$T/sess.pem" >/dev/null 2>&1
(echo b; sleep 0.3) | timeout 10 openssl s_client -connect "127.0.0.1:$port" -dtls1_2 -sess_in "$T/sess.pem" >"$T/oc.out" 2>&1
wait_bg_exit 3
if grep -q "^Reused" "$T/oc.out" && grep -q "DTLSv1.2 .* EMS resumed" "$T/srv.log"; then okc "openssl:s_client->server" "server DTLS1.2 session resumption"; else bad "server resumption" "$T/srv.log" "$T/oc.out"; fi

# ---------------------------------------------------------------------------
if [ $HAVE_GNUTLS -eq 1 ]; then
  echo "# sslprov client -> gnutls-serv --udp --echo"
  PRIO12="NORMAL:-VERS-ALL:+VERS-DTLS1.2"
  PRIO10="NORMAL:-VERS-ALL:+VERS-DTLS1.0"
  # cg NAME "gnutls-serv args" "client args" FILE PATTERN [relay args]
  cg() {
    local name=$1 sargs=$2 cargs=$3 f=$4 pat=$5 rargs=${6:-} port target
    port=$(free_uport)
    # shellcheck disable=SC2086
    start_bg "$T/gs.log" gnutls-serv --udp -p "$port" --echo $sargs
    wait_uport "$port" || { bad "$name (gnutls-serv did not start)" "$T/gs.log"; stop_bg; return; }
    target=$port
    # shellcheck disable=SC2086
    if [ -n "$rargs" ]; then relay_start "$port" $rargs; target=$((port + 1)); fi
    # shellcheck disable=SC2086
    (cat "$P/$f"; sleep 1) | timeout 90 "$SSLPROV" client "127.0.0.1:$target" $CL $cargs >"$T/echo.bin" 2>"$T/c.err"
    local rc=$?
    [ -n "$rargs" ] && relay_stop >>"$T/c.err"
    stop_bg
    if [ $rc -eq 0 ] && cmp -s "$T/echo.bin" "$P/$f" && grep -Eq "$pat" "$T/c.err"; then okc "gnutls:client->gnutls-serv" "$name"; else bad "$name (rc=$rc)" "$T/c.err" "$T/gs.log"; return 1; fi
  }
  GEC="--x509certfile $P/ec256.crt --x509keyfile $P/ec256.key"
  GRSA="--x509certfile $P/rsa.crt --x509keyfile $P/rsa.key"
  for s in ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE_ECDSA_WITH_AES_128_GCM ECDHE-ECDSA-AES256-SHA:ECDHE_ECDSA_WITH_AES_256_CBC_SHA; do
    cg "client DTLS1.2 ${s%%:*}" "$GEC --priority $PRIO12" "--dtls1.2 --cipher ${s%%:*}" 1k.bin "DTLSv1.2 TLS_${s##*:}.* EMS full"
  done
  for s in ECDHE-RSA-AES256-GCM-SHA384:ECDHE_RSA_WITH_AES_256_GCM ECDHE-RSA-AES128-SHA256:ECDHE_RSA_WITH_AES_128_CBC_SHA256; do
    cg "client DTLS1.2 ${s%%:*}" "$GRSA --priority $PRIO12:+SHA256" "--dtls1.2 --cipher ${s%%:*}" 1k.bin \
      "DTLSv1.2 TLS_${s##*:}.* EMS full"
  done
  for f in one.bin 16k.bin; do cg "client DTLS1.2 echo $f" "$GRSA --priority $PRIO12" "--dtls1.2" "$f" "DTLSv1.2"; done
  cg "client DTLS1.0 echo 1k" "$GRSA --priority $PRIO10" "--dtls1.0" 1k.bin "DTLSv1.0"
  cg "client DTLS1.2 resumption" "$GRSA --priority $PRIO12" "--dtls1.2 --resume" 1k.bin "DTLSv1.2 .* resumed"
  if cg "client DTLS1.2 over a lossy relay (seed 21)" "$GEC --priority $PRIO12" "--dtls1.2" 1k.bin "DTLSv1.2" \
    "--lossy --seed 21"; then
    relay_lossy_enough || bad "relay seed 21 dropped too little" "$T/c.err"
  fi
  if cg "client DTLS1.2 tampered+replayed record (relay) dropped silently" "$GEC --priority $PRIO12" "--dtls1.2" 1k.bin \
    "replayed=[1-9].*bad-auth=[1-9]" "--attack"; then :; fi

  echo "# gnutls-cli --udp -> sslprov server"
  # gc NAME "server args" "gnutls-cli args" FILE PATTERN: text payload; the
  # echo must appear in gnutls-cli's output
  gc() {
    local name=$1 sargs=$2 cargs=$3 f=$4 pat=$5 n=${6:-1} port
    port=$(free_uport)
    # shellcheck disable=SC2086
    start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept "$n" --echo $sargs
    wait_uport "$port" || { bad "$name (server did not start)" "$T/srv.log"; stop_bg; return; }
    # shellcheck disable=SC2086
    # gnutls-cli sends what one read() gives as one record: 1000-byte pieces
    # keep each record within its MTU (16 KiB arrive as 17 records)
    python3 -c 'import sys, time
d = open(sys.argv[1], "rb").read()
for i in range(0, len(d), 1000):
    sys.stdout.buffer.write(d[i:i + 1000]); sys.stdout.flush(); time.sleep(0.01)
time.sleep(1)' "$P/$f" | timeout 20 gnutls-cli --udp -p "$port" 127.0.0.1 --x509cafile "$P/ca.crt" $cargs \
      >"$T/gc.out" 2>"$T/gc.err"
    wait_bg_exit 3
    if python3 -c 'import sys; sys.exit(0 if open(sys.argv[2],"rb").read() in open(sys.argv[1],"rb").read() else 1)' \
      "$T/gc.out" "$P/$f" && grep -Eq "$pat" "$T/srv.log"; then okc "gnutls:gnutls-cli->server" "$name"; else bad "$name" "$T/srv.log" "$T/gc.err"; fi
  }
  for s in ECDHE-ECDSA:AES-128-GCM:ECDHE_ECDSA_WITH_AES_128_GCM ECDHE-ECDSA:AES-256-CBC:ECDHE_ECDSA_WITH_AES_256_CBC; do
    IFS=: read -r kx ci pat <<<"$s"
    gc "server DTLS1.2 $kx $ci" "--dtls1.2 --cert $P/ec256.crt --key $P/ec256.key" \
      "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+$kx:-CIPHER-ALL:+$ci:+SHA1:+SHA256:+SHA384" 1k.txt "DTLSv1.2 TLS_$pat.* EMS full"
  done
  for s in ECDHE-RSA:AES-256-GCM:ECDHE_RSA_WITH_AES_256_GCM ECDHE-RSA:AES-128-CBC:ECDHE_RSA_WITH_AES_128_CBC; do
    IFS=: read -r kx ci pat <<<"$s"
    gc "server DTLS1.2 $kx $ci" "--dtls1.2 $SR" \
      "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+$kx:-CIPHER-ALL:+$ci:+SHA1:+SHA256:+SHA384" 1k.txt "DTLSv1.2 TLS_$pat.* EMS full"
  done
  gc "server DTLS1.2 echo 16k" "--dtls1.2 $SR" "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2" 16k.txt "DTLSv1.2"
  gc "server DTLS1.0 echo 1k" "--dtls1.0 $SR" "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.0" 1k.txt "DTLSv1.0"
  gc "server DTLS1.2 resumption (gnutls-cli --resume)" "--dtls1.2 $SR" "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2 --resume" \
    1k.txt "DTLSv1.2 .* resumed" 2
else
  echo "SKIP gnutls cases: gnutls-serv / gnutls-cli not installed"
fi

echo "# interop counts per peer and direction"
for k in "${!COUNT[@]}"; do echo "COUNT $k ${COUNT[$k]}"; done | sort
finish
