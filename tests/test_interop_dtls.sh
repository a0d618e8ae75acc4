#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_dtls.sh - DTLS 1.2 and 1.0 on loopback UDP (issue #15), both
# directions against OpenSSL (s_server -dtls1_2 / s_client -dtls1_2, -dtls1;
# GnuTLS: test_interop_dtls_gnutls.sh): ECDHE-ECDSA and
# ECDHE-RSA suites with AES-GCM and AES-CBC (and RSA, DHE-RSA key exchange);
# data both ways (1 B, 1 KiB,
# 16 KiB - the 16 KiB as many records); session resumption; client
# certificates (RSA and ECDSA, both directions); IPv6; a small
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
. "$(dirname "$0")/interop/dtls.bash"

# ---------------------------------------------------------------------------
echo "# sslprov client -> openssl s_server -dtls"
# cs_up NAME "s_server args" "client args" FILE PATTERN: the client uploads
# FILE to s_server -quiet (its stdout, after anything s_server prints about
# the client's certificate), summary line checked; SPAT, when set, must be in
# s_server's output
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
  if [ $rc -eq 0 ] && tail -c "$(stat -c %s "$P/$f")" "$T/up.bin" | cmp -s - "$P/$f" && grep -Eq "$pat" "$T/c.err" &&
    { [ -z "${SPAT:-}" ] || grep -aEq "$SPAT" "$T/up.bin"; }; then
    okc "openssl:client->s_server" "$name"
  else bad "$name (rc=$rc)" "$T/c.err" "$T/up.bin"; fi
}
for s in ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE_ECDSA_WITH_AES_128_GCM ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE_ECDSA_WITH_AES_256_GCM \
  ECDHE-ECDSA-AES128-SHA:ECDHE_ECDSA_WITH_AES_128_CBC_SHA ECDHE-ECDSA-AES256-SHA384:ECDHE_ECDSA_WITH_AES_256_CBC_SHA384; do
  cs_up "client DTLS1.2 ${s%%:*}" "-dtls1_2 $EC" "--dtls1.2 --cipher ${s%%:*}" 1k.bin "DTLSv1.2 TLS_${s##*:}.* EMS full"
done
for s in ECDHE-RSA-AES128-GCM-SHA256:ECDHE_RSA_WITH_AES_128_GCM ECDHE-RSA-AES256-GCM-SHA384:ECDHE_RSA_WITH_AES_256_GCM \
  ECDHE-RSA-AES128-SHA256:ECDHE_RSA_WITH_AES_128_CBC_SHA256 ECDHE-RSA-AES256-SHA:ECDHE_RSA_WITH_AES_256_CBC_SHA; do
  cs_up "client DTLS1.2 ${s%%:*}" "-dtls1_2 $RSA" "--dtls1.2 --cipher ${s%%:*}" 1k.bin "DTLSv1.2 TLS_${s##*:}.* EMS full"
done
cs_up "client DTLS1.2 AES128-GCM-SHA256 (RSA key exchange)" "-dtls1_2 $RSA" "--dtls1.2 --cipher AES128-GCM-SHA256" 1k.bin \
  "DTLSv1.2 TLS_RSA_WITH_AES_128_GCM_SHA256 EMS full"
cs_up "client DTLS1.2 DHE-RSA-AES256-GCM-SHA384" "-dtls1_2 $RSA -dhparam $SRC/tests/interop/ffdhe2048.pem" \
  "--dtls1.2 --cipher DHE-RSA-AES256-GCM-SHA384" 1k.bin "DTLSv1.2 TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"
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
# client certificates (s_server -Verify 1 fails the handshake without a valid one)
SPAT="depth=0 O = sslprov-client, CN = localhost" cs_up "client DTLS1.2 RSA client cert" "-dtls1_2 $RSA -Verify 1 -CAfile $P/ca.crt" \
  "--dtls1.2 --cert $P/client.crt --key $P/client.key" 1k.bin "DTLSv1.2"
SPAT="depth=0 O = sslprov-clientec, CN = localhost" cs_up "client DTLS1.2 ECDSA client cert" "-dtls1_2 $EC -Verify 1 -CAfile $P/ca.crt" \
  "--dtls1.2 --cert $P/clientec.crt --key $P/clientec.key" 1k.bin "DTLSv1.2"
SPAT="depth=0 O = sslprov-client, CN = localhost" cs_up "client DTLS1.0 RSA client cert" "-dtls1 $RSA -cipher $SEC0 -Verify 1 -CAfile $P/ca.crt" \
  "--dtls1.0 --cert $P/client.crt --key $P/client.key" 1k.bin "DTLSv1.0"
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
  timeout 90 "$SSLPROV" client "127.0.0.1:$target" $CL $cargs >"$T/down.bin" 2>"$T/c.err" < <(sleep 90) &
  local cpid=$! rc=0
  PIDS+=("$cpid")
  wait_size "$T/down.bin" "$(stat -c %s "$P/$f")" 60 || rc=1
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
  timeout 180 "$SSLPROV" client "127.0.0.1:$((port + 1))" $CL --dtls1.2 <"$P/1k.bin" >/dev/null 2>"$T/c.err"
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
sc_echo "server DTLS1.2 AES256-SHA (RSA key exchange)" "--dtls1.2 $SR" "-dtls1_2 -cipher AES256-SHA" 1k.bin \
  "DTLSv1.2 TLS_RSA_WITH_AES_256_CBC_SHA"
for f in one.bin 16k.bin; do sc_echo "server DTLS1.2 echo $f" "--dtls1.2 $SR" "-dtls1_2" "$f" "DTLSv1.2"; done
sc_echo "server DTLS1.2 MTU 600 echo 16k" "--dtls1.2 --mtu 600 $SR" "-dtls1_2" 16k.bin "DTLSv1.2"
sc_echo "server DTLS1.0 ECDHE-RSA-AES256-SHA" "--dtls1.0 $SR" "-dtls1 -cipher ECDHE-RSA-AES256-SHA:@SECLEVEL=0" 1k.bin \
  "DTLSv1.0 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"
sc_echo "server DTLS1.0+1.2 s_client -dtls1 gets DTLS1.0" "--dtls1.2 --dtls1.0 $SR" "-dtls1 -cipher $SEC0" 1k.bin "DTLSv1.0"
sc_echo "server DTLS1.2 RSA client cert verified" "--dtls1.2 $SR --verify-client $P/ca.crt" \
  "-dtls1_2 -cert $P/client.crt -key $P/client.key" 1k.bin "DTLSv1.2 .* client-cert"
sc_echo "server DTLS1.2 ECDSA client cert verified" "--dtls1.2 $SR --verify-client $P/ca.crt" \
  "-dtls1_2 -cert $P/clientec.crt -key $P/clientec.key" 1k.bin "DTLSv1.2 .* client-cert"
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

counts_and_finish
