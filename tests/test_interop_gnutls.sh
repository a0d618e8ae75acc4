#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_gnutls.sh - sslprov client vs `gnutls-serv --http` and
# `gnutls-cli` vs sslprov server on loopback (issue #6): every suite both
# stacks share from the client side (ciphers x key exchanges from the server
# side), every group, TLS 1.3 to 1.0, EMS on and off (either side, also across
# a resumption), resumption, RSA and ECDSA client certificates, HRR, KeyUpdate
# started by sslprov; echo transfers of 1 B / 16 KiB / 1 MiB both ways (TLS 1.3
# and 1.2) with the bytes compared.
# With tests/peers/gnutls_peer (built when the GnuTLS development package is
# there; those cases SKIP otherwise) also what the stock tools cannot do:
# random binary data through a GnuTLS server in both directions (the peer's
# received copy and the echo compared), and KeyUpdates started by GnuTLS, with
# and without update_requested, towards the sslprov client and server.
set -u
. "$(dirname "$0")/interop/lib.bash"
command -v gnutls-serv >/dev/null && command -v gnutls-cli >/dev/null || skip "gnutls-bin not installed"
interop_setup
V13="NORMAL:-VERS-ALL:+VERS-TLS1.3"
V12="NORMAL:-VERS-ALL:+VERS-TLS1.2"

# c_vs_g NAME "gnutls-serv args" "client args" PATTERN
c_vs_g() {
  local name=$1 sargs=$2 cargs=$3 pat=$4 port
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/g.log" gnutls-serv --http -p "$port" $sargs
  wait_port "$port" || { bad "$name (gnutls-serv did not start)" "$T/g.log"; stop_bg; return; }
  # shellcheck disable=SC2086
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" \
    --servername localhost $cargs >"$T/c.out" 2>"$T/c.err"
  local rc=$?
  stop_bg
  if grep -q NTE_NOT_SUPPORTED "$T/c.err" && [ "$PASS" -eq 0 ]; then skip "provider function missing"; fi
  if [ $rc -eq 0 ] && grep -qi "200 ok" "$T/c.out" && grep -Eq "$pat" "$T/c.err"; then ok "$name"; else bad "$name (rc=$rc)" "$T/c.err" "$T/g.log"; fi
}
GR="--x509certfile $P/rsa.crt --x509keyfile $P/rsa.key"
GE="--x509certfile $P/ec256.crt --x509keyfile $P/ec256.key"
echo "# sslprov client -> gnutls-serv"
for s in TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256; do
  c_vs_g "client TLS1.3 $s" "$GR" "--tls1.3 --cipher $s" "TLSv1.3 $s"
done
for g in X25519 P-256 P-384; do c_vs_g "client TLS1.3 group $g" "$GE" "--tls1.3 --group $g" "TLSv1.3 .* $g"; done
c_vs_g "client TLS1.3 HelloRetryRequest" "$GR --priority NORMAL:-GROUP-ALL:+GROUP-SECP384R1" "--tls1.3 --group X25519,P-384" "P-384 full"
c_vs_g "client TLS1.3 resumption" "$GR" "--tls1.3 --resume" "TLSv1.3 .* resumed"
c_vs_g "client TLS1.3 KeyUpdate" "$GR" "--tls1.3 --key-update" "key updates sent 1"
c_vs_g "client TLS1.3 client cert" "$GR --require-client-cert --x509cafile $P/ca.crt" "--tls1.3 --cert $P/client.crt --key $P/client.key" "TLSv1.3"
# all 27 TLS 1.2 suites of the CLI engine (lib.bash), gnutls-serv's priority
# opened up to the DHE, RSA-kx, SHA-1/SHA-256/SHA-384 and AES-256-CBC ones
for s in $SUITES12_RSA; do
  c_vs_g "client TLS1.2 $s" "$GR --priority NORMAL:+DHE-RSA:+RSA:+SHA1:+SHA256:+SHA384:+AES-256-CBC" "--tls1.2 --cipher $s" "TLSv1.2"
done
for s in $SUITES12_ECDSA; do
  c_vs_g "client TLS1.2 $s" "$GE --priority NORMAL:+SHA256:+SHA384" "--tls1.2 --cipher $s" "TLSv1.2"
done
c_vs_g "client TLS1.2 EMS off (server)" "$GR --priority NORMAL:%NO_SESSION_HASH" "--tls1.2" "no-EMS"
c_vs_g "client TLS1.2 resumption" "$GR" "--tls1.2 --resume" "TLSv1.2 .* resumed"
c_vs_g "client TLS1.2 client cert" "$GR --require-client-cert --x509cafile $P/ca.crt" "--tls1.2 --cert $P/client.crt --key $P/client.key" "TLSv1.2"
# TLS 1.0/1.1 (CBC only): GnuTLS disables them by default, the priority re-enables
c_vs_g "client TLS1.1 ECDHE-RSA-AES128-SHA" "$GR --priority NORMAL:+VERS-TLS1.1" "--tls1.1 --cipher ECDHE-RSA-AES128-SHA" "TLSv1.1 .* EMS full"
c_vs_g "client TLS1.0 AES256-SHA" "$GR --priority NORMAL:+VERS-TLS1.0:+RSA:+AES-256-CBC:+SHA1" "--tls1.0 --cipher AES256-SHA" "TLSv1.0 TLS_RSA_WITH_AES_256_CBC_SHA"
c_vs_g "client TLS1.0 ECDHE-ECDSA-AES128-SHA" "$GE --priority NORMAL:+VERS-TLS1.0" "--tls1.0 --cipher ECDHE-ECDSA-AES128-SHA" "TLSv1.0"
# EMS (RFC 7627) asserted on, off on our side, and off across a resumption
c_vs_g "client TLS1.2 EMS on" "$GR" "--tls1.2" "TLSv1.2 .* EMS full"
c_vs_g "client TLS1.2 EMS off (ours)" "$GR" "--tls1.2 --no-ems" "TLSv1.2 .* no-EMS full"
c_vs_g "client TLS1.2 EMS off resumption" "$GR --priority NORMAL:%NO_SESSION_HASH" "--tls1.2 --resume" "no-EMS resumed"
for g in X25519 P-256 P-384; do c_vs_g "client TLS1.2 group $g" "$GR" "--tls1.2 --group $g" "TLSv1.2 .* $g"; done
c_vs_g "client TLS1.3 ECDSA client cert" "$GR --require-client-cert --x509cafile $P/ca.crt" "--tls1.3 --cert $P/clientec.crt --key $P/clientec.key" "TLSv1.3"
c_vs_g "client TLS1.2 ECDSA client cert" "$GR --require-client-cert --x509cafile $P/ca.crt" "--tls1.2 --cert $P/clientec.crt --key $P/clientec.key" "TLSv1.2"
c_vs_g "client TLS1.3 P-384 ECDSA cert" "--x509certfile $P/ec384.crt --x509keyfile $P/ec384.key" "--tls1.3" "TLSv1.3"

# transfers through `gnutls-serv --echo`.  Its echo mode is line-oriented text,
# not a byte pipe (gnutls 3.7 src/serv.c): it buffers input until a '\n' is in
# the buffer, then answers strdup() of it - everything from the first NUL on is
# lost - after strip() turned a trailing CR LF into LF, and a line starting with
# "**" is taken as a command.  Random binary files therefore cannot come back
# intact, so this direction sends the same-sized text variants made below from
# one.bin/16k.bin/1m.bin: NUL, CR and '*' remapped, last byte '\n' (so the
# 1-byte case is a single '\n').  The binary files go the other way (gnutls-cli).
for f in one 16k 1m; do
  n=$(stat -c %s "$P/$f.bin")
  tr '\000\r*' '\001\002\003' <"$P/$f.bin" | head -c $((n - 1)) >"$P/$f.txt"
  printf '\n' >>"$P/$f.txt"
done
# xfer_g VER FILE: sslprov client uploads FILE, gnutls-serv echoes it, the client's
# stdout must equal FILE.  stdin stays open until the whole echo is back (bounded
# wait): the client ends the session on stdin EOF and the server would drop what
# it has not echoed yet.
xfer_g() {
  local v=$1 f=$2 port size i
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/g.log" gnutls-serv --echo -p "$port" $GR
  wait_port "$port" || { bad "client echo $v $f (gnutls-serv did not start)" "$T/g.log"; stop_bg; return; }
  size=$(stat -c %s "$P/$f")
  : >"$T/c.out"
  (
    cat "$P/$f"
    for ((i = 0; i < 300; i++)); do
      [ "$(stat -c %s "$T/c.out")" -ge "$size" ] && break
      sleep 0.05
    done
  ) | timeout 20 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" --servername localhost "$v" >"$T/c.out" 2>"$T/c.err"
  local rc=$?
  stop_bg
  if [ $rc -eq 0 ] && cmp -s "$T/c.out" "$P/$f" && grep -q "${v#--}" <(sed 's/TLSv/tls/' "$T/c.err"); then
    ok "client echo $v $f"
  else
    bad "client echo $v $f (rc=$rc, $(stat -c %s "$T/c.out") of $size bytes)" "$T/c.err" "$T/g.log"
  fi
}
for v in --tls1.3 --tls1.2; do
  for f in one.txt 16k.txt 1m.txt; do xfer_g $v $f; done
done


# ---- cells the stock tools cannot do, through tests/peers/gnutls_peer ----
GP="$BUILD/tests/peers/gnutls_peer"
if [ ! -x "$GP" ]; then
  echo "SKIP: gnutls_peer not built (GnuTLS development package missing): binary echo through a GnuTLS server and KeyUpdates started by GnuTLS"
fi
# wait_peer: wait (bounded, 5 s) for the last background peer to exit by itself;
# returns its exit status (the kill's if it had to be stopped).
wait_peer() {
  local i
  for ((i = 0; i < 100; i++)); do
    kill -0 "$LASTPID" 2>/dev/null || break
    sleep 0.05
  done
  kill "$LASTPID" 2>/dev/null
  wait "$LASTPID"
}
# c_vs_p NAME FILE "gnutls_peer args" "client args" CLIENT_PATTERN PEER_PATTERN [hold]
# sslprov client uploads FILE to `gnutls_peer --server --echo`, which records what
# it received; both the echo (client stdout) and the peer's copy must equal FILE.
# The client sends close_notify on stdin EOF and reads on; the peer echoes the
# rest, then closes.  hold=1 keeps stdin open until the whole echo is back: a
# KeyUpdate the peer requests must be answered before our close_notify (an
# answer sent after it is ignored by GnuTLS, RFC 8446 6.1).
c_vs_p() {
  local name=$1 f=$2 pargs=$3 cargs=$4 cpat=$5 ppat=$6 hold=${7:-0} port size rc prc i
  port=$(free_port)
  rm -f "$T/p.recv"
  # shellcheck disable=SC2086
  start_bg "$T/p.log" timeout 20 "$GP" --server --port "$port" --cert "$P/rsa.crt" --key "$P/rsa.key" --echo \
    --recv "$T/p.recv" $pargs
  wait_port "$port" || { bad "$name (gnutls_peer did not start)" "$T/p.log"; stop_bg; return; }
  size=$(stat -c %s "$P/$f")
  : >"$T/c.out"
  # shellcheck disable=SC2086
  (
    cat "$P/$f"
    if [ "$hold" = 1 ]; then
      for ((i = 0; i < 300; i++)); do
        [ "$(stat -c %s "$T/c.out")" -ge "$size" ] && break
        sleep 0.05
      done
    fi
  ) | timeout 20 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" --servername localhost $cargs \
    >"$T/c.out" 2>"$T/c.err"
  rc=$?
  wait_peer
  prc=$?
  if [ $rc -eq 0 ] && [ $prc -eq 0 ] && cmp -s "$T/c.out" "$P/$f" && cmp -s "$T/p.recv" "$P/$f" &&
    grep -Eq "$cpat" "$T/c.err" && grep -Eq "$ppat" "$T/p.log"; then
    ok "$name"
  else
    bad "$name (rc=$rc peer=$prc, echo $(stat -c %s "$T/c.out") of $size bytes)" "$T/c.err" "$T/p.log"
  fi
}
if [ -x "$GP" ]; then
  for v in 1.3 1.2; do
    for f in one.bin 16k.bin 1m.bin; do
      c_vs_p "client binary echo TLS$v $f (gnutls_peer)" $f "--tls$v" "--tls$v" "TLSv$v" "\(TLS$v\).* sent $(stat -c %s "$P/$f") received $(stat -c %s "$P/$f") bytes"
    done
  done
  # KeyUpdate started by the GnuTLS server after the first data it receives,
  # before echoing it (RFC 8446 4.6.3): the rest of the upload and the whole
  # echo travel under the new keys.
  c_vs_p "client TLS1.3 KeyUpdate from GnuTLS" 1m.bin "--tls1.3 --key-update" "--tls1.3" \
    "key updates sent 0 received 1" "key updates sent 1 received 0" 1
  c_vs_p "client TLS1.3 KeyUpdate from GnuTLS, update_requested" 1m.bin "--tls1.3 --key-update=peer" "--tls1.3" \
    "key updates sent 1 received 1" "key updates sent 1 received 1" 1
  # The request arrives only after our close_notify (the peer waits for it):
  # sslprov must take the new read keys and send nothing more - no answering
  # KeyUpdate after its closure alert (RFC 8446 4.6.3, 6.1).
  c_vs_p "client TLS1.3 KeyUpdate request after our close_notify" 16k.bin "--tls1.3 --key-update-after-close" \
    "--tls1.3" "key updates sent 0 received 1" "key updates sent 1 received 0"
fi

echo "# gnutls-cli -> sslprov server"
# g_vs_s NAME "server args" "gnutls-cli args" PATTERN(server log) [accepts [delay]]
# delay: seconds before the request is written
g_vs_s() {
  local name=$1 sargs=$2 cargs=$3 pat=$4 n=${5:-1} delay=${6:-0} port
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept "$n" --www $sargs
  wait_port "$port" || { bad "$name (server did not start)" "$T/srv.log"; stop_bg; return; }
  # shellcheck disable=SC2086
  (sleep "$delay"; printf 'GET / HTTP/1.0\r\n\r\n'; sleep 0.5) | timeout 10 gnutls-cli --x509cafile "$P/ca.crt" -p "$port" 127.0.0.1 \
    $cargs >"$T/gc.out" 2>&1
  local rc=$?
  wait_bg_exit 5
  if [ $rc -eq 0 ] && grep -q "200 ok" "$T/gc.out" && grep -Eq "$pat" "$T/srv.log"; then ok "$name"; else bad "$name (rc=$rc)" "$T/srv.log" "$T/gc.out"; fi
}
SE="--cert $P/ec256.crt --key $P/ec256.key"
for c in AES-128-GCM AES-256-GCM CHACHA20-POLY1305; do
  g_vs_s "server TLS1.3 $c" "$SR" "--priority $V13:-CIPHER-ALL:+$c" "TLSv1.3"
done
for g in X25519 SECP256R1 SECP384R1; do g_vs_s "server TLS1.3 group $g" "$SE" "--priority $V13:-GROUP-ALL:+GROUP-$g" "TLSv1.3"; done
g_vs_s "server TLS1.3 HelloRetryRequest" "$SR --group P-384" "--priority $V13" "P-384"
g_vs_s "server TLS1.3 resumption" "$SR" "--priority $V13 -r" "resumed" 2
# KeyUpdate started by sslprov server (RFC 8446 4.6.3) with update_requested.
# gnutls queues its answering KeyUpdate and sends it ahead of its next write,
# so the request waits 0.5 s: gnutls-cli has read ours by then, its answer
# precedes the request, and request and page travel under the new keys both
# ways.  (Sent at once, the request goes out under the old keys and gnutls
# writes nothing afterwards, so its answer never leaves.)
g_vs_s "server TLS1.3 KeyUpdate" "$SR --key-update" "--priority $V13" "key updates sent 1 received 1" 1 0.5
g_vs_s "server TLS1.3 client cert" "$SR --verify-client $P/ca.crt" "--priority $V13 --x509certfile $P/client.crt --x509keyfile $P/client.key" "client-cert"
for c in AES-128-GCM AES-256-GCM CHACHA20-POLY1305 AES-128-CBC; do
  g_vs_s "server TLS1.2 ECDHE-RSA $c" "$SR" "--priority $V12:-CIPHER-ALL:+$c" "TLSv1.2"
  g_vs_s "server TLS1.2 ECDHE-ECDSA $c" "$SE" "--priority $V12:-CIPHER-ALL:+$c" "TLSv1.2"
done
g_vs_s "server TLS1.2 DHE-RSA" "$SR" "--priority $V12:-KX-ALL:+DHE-RSA" "TLSv1.2"
g_vs_s "server TLS1.2 RSA kx" "$SR" "--priority $V12:-KX-ALL:+RSA" "TLSv1.2"
g_vs_s "server TLS1.2 EMS off" "$SR" "--priority $V12:%NO_SESSION_HASH" "TLSv1.2 .* no-EMS full"
g_vs_s "server TLS1.2 resumption" "$SR" "--priority $V12 -r" "resumed" 2
g_vs_s "server TLS1.2 client cert" "$SR --verify-client $P/ca.crt" "--priority $V12 --x509certfile $P/client.crt --x509keyfile $P/client.key" "client-cert"
g_vs_s "server TLS1.1" "$SR --tls1.1" "--priority NORMAL:-VERS-ALL:+VERS-TLS1.1" "TLSv1.1"
g_vs_s "server TLS1.0" "$SR --tls1.0" "--priority NORMAL:-VERS-ALL:+VERS-TLS1.0" "TLSv1.0"
g_vs_s "server TLS1.0 RSA kx" "$SR --tls1.0" "--priority NORMAL:-VERS-ALL:+VERS-TLS1.0:-KX-ALL:+RSA" "TLSv1.0 TLS_RSA_"
g_vs_s "server TLS1.2 EMS on" "$SR" "--priority $V12" "TLSv1.2 .* EMS full"
g_vs_s "server TLS1.2 EMS off (ours)" "$SR --no-ems" "--priority $V12" "TLSv1.2 .* no-EMS full"
g_vs_s "server TLS1.2 EMS off resumption" "$SR" "--priority $V12:%NO_SESSION_HASH -r" "no-EMS resumed" 2
for g in X25519:X25519 SECP256R1:P-256 SECP384R1:P-384; do
  g_vs_s "server TLS1.2 group ${g%%:*}" "$SE" "--priority $V12:-GROUP-ALL:+GROUP-${g%%:*}" "TLSv1.2 [^ ]+ ${g#*:} "
done
g_vs_s "server TLS1.3 ECDSA client cert" "$SR --verify-client $P/ca.crt" "--priority $V13 --x509certfile $P/clientec.crt --x509keyfile $P/clientec.key" "client-cert"
g_vs_s "server TLS1.2 ECDSA client cert" "$SR --verify-client $P/ca.crt" "--priority $V12 --x509certfile $P/clientec.crt --x509keyfile $P/clientec.key" "client-cert"
g_vs_s "server TLS1.3 P-384 ECDSA cert" "--cert $P/ec384.crt --key $P/ec384.key" "--priority $V13" "TLSv1.3"
g_vs_s "server TLS1.2 ECDHE-RSA AES-128-CBC-SHA256" "$SR" "--priority $V12:-CIPHER-ALL:+AES-128-CBC:-MAC-ALL:+SHA256" "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"
g_vs_s "server TLS1.2 ECDHE-ECDSA AES-256-CBC-SHA384" "$SE" "--priority $V12:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA384" "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"
g_vs_s "server TLS1.2 ECDHE-RSA AES-256-CBC-SHA" "$SR" "--priority $V12:-CIPHER-ALL:+AES-256-CBC:-MAC-ALL:+SHA1" "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA "
g_vs_s "server TLS1.2 DHE-RSA AES-256-GCM" "$SR" "--priority $V12:-KX-ALL:+DHE-RSA:-CIPHER-ALL:+AES-256-GCM" "TLSv1.2 TLS_DHE_RSA_WITH_AES_256_GCM"

# echo transfers of the binary files: gnutls-cli sends FILE from stdin and writes
# what it receives to stdout (--logfile keeps its status lines out of it).  It
# ends the session on stdin EOF, so stdin stays open until every byte is back
# (bounded wait); then the bytes are compared.
g_echo() {
  local v=$1 f=$2 port size i
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept 1 --echo $SR
  wait_port "$port" || { bad "server echo $v $f (server did not start)" "$T/srv.log"; stop_bg; return; }
  size=$(stat -c %s "$P/$f")
  : >"$T/gc.out"
  (
    cat "$P/$f"
    # bounded waits sized for a loaded machine (a 1 MiB echo through
    # gnutls-cli took 11 s at load 20 on two cores)
    for ((i = 0; i < 1000; i++)); do
      [ "$(stat -c %s "$T/gc.out")" -ge "$size" ] && break
      sleep 0.05
    done
  ) | timeout 60 gnutls-cli --x509cafile "$P/ca.crt" -p "$port" localhost --priority "NORMAL:-VERS-ALL:+VERS-$v" \
    --logfile="$T/gc.log" >"$T/gc.out" 2>"$T/gc.err"
  local rc=$?
  wait_bg_exit 5
  if [ $rc -eq 0 ] && cmp -s "$T/gc.out" "$P/$f" && grep -q "TLSv${v#TLS}" "$T/srv.log"; then
    ok "server echo $v $f"
  else
    bad "server echo $v $f (rc=$rc, $(stat -c %s "$T/gc.out") of $size bytes)" "$T/srv.log" "$T/gc.log" "$T/gc.err"
  fi
}
for v in TLS1.3 TLS1.2; do
  for f in one.bin 16k.bin 1m.bin; do g_echo $v $f; done
done
# gnutls_peer --client -> sslprov server --echo: the peer sends FILE (reading
# the echo meanwhile), half-way through starts a KeyUpdate, closes when FILE is
# out and reads the echo to the server's close_notify; it must equal FILE.
# p_vs_s NAME FILE "gnutls_peer args" SERVER_PATTERN PEER_PATTERN
p_vs_s() {
  local name=$1 f=$2 pargs=$3 spat=$4 ppat=$5 port rc
  port=$(free_port)
  rm -f "$T/p.recv"
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept 1 --echo $SR
  wait_port "$port" || { bad "$name (server did not start)" "$T/srv.log"; stop_bg; return; }
  # shellcheck disable=SC2086
  timeout 20 "$GP" --client "127.0.0.1:$port" --cafile "$P/ca.crt" --servername localhost --send "$P/$f" \
    --recv "$T/p.recv" $pargs >"$T/p.log" 2>&1
  rc=$?
  wait_bg_exit 5
  if [ $rc -eq 0 ] && cmp -s "$T/p.recv" "$P/$f" && grep -Eq "$spat" "$T/srv.log" && grep -Eq "$ppat" "$T/p.log"; then
    ok "$name"
  else
    bad "$name (rc=$rc)" "$T/srv.log" "$T/p.log"
  fi
}
if [ -x "$GP" ]; then
  p_vs_s "server TLS1.3 KeyUpdate from GnuTLS" 1m.bin "--tls1.3 --key-update" \
    "key updates sent 0 received 1" "key updates sent 1 received 0"
  p_vs_s "server TLS1.3 KeyUpdate from GnuTLS, update_requested" 1m.bin "--tls1.3 --key-update=peer" \
    "key updates sent 1 received 1" "key updates sent 1 received 1"
  p_vs_s "server TLS1.3 KeyUpdate from GnuTLS 1 B" one.bin "--tls1.3 --key-update=peer" \
    "key updates sent 1 received 1" "key updates sent 1 received 1"
fi

echo "# issue #13: AES-CCM suites, ALPN, FFDHE groups - both directions"
CCM="+AES-128-CCM:+AES-128-CCM-8:+AES-256-CCM:+AES-256-CCM-8"
for s in TLS_AES_128_CCM_SHA256 TLS_AES_128_CCM_8_SHA256; do
  c_vs_g "client TLS1.3 $s" "$GR --priority NORMAL:$CCM" "--tls1.3 --cipher $s" "TLSv1.3 $s "
done
for c in AES-128-CCM AES-128-CCM-8; do
  g_vs_s "server TLS1.3 $c" "$SR" "--priority $V13:-CIPHER-ALL:+$c" "TLSv1.3 TLS_AES_128_CCM"
done
for s in ECDHE-ECDSA-AES128-CCM ECDHE-ECDSA-AES256-CCM ECDHE-ECDSA-AES128-CCM8 ECDHE-ECDSA-AES256-CCM8; do
  c_vs_g "client TLS1.2 $s" "$GE --priority NORMAL:$CCM" "--tls1.2 --cipher $s" "TLSv1.2 .*_CCM"
done
for s in DHE-RSA-AES128-CCM DHE-RSA-AES256-CCM8 AES128-CCM AES256-CCM8; do
  c_vs_g "client TLS1.2 $s" "$GR --priority NORMAL:+DHE-RSA:+RSA:$CCM" "--tls1.2 --cipher $s" "TLSv1.2 .*_CCM"
done
g_vs_s "server TLS1.2 ECDHE-ECDSA AES-128-CCM" "$SE" "--priority $V12:-CIPHER-ALL:+AES-128-CCM" "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_CCM "
g_vs_s "server TLS1.2 ECDHE-ECDSA AES-256-CCM-8" "$SE" "--priority $V12:-CIPHER-ALL:+AES-256-CCM-8" "TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8 "
g_vs_s "server TLS1.2 DHE-RSA AES-256-CCM" "$SR" "--priority $V12:-KX-ALL:+DHE-RSA:-CIPHER-ALL:+AES-256-CCM" "TLSv1.2 TLS_DHE_RSA_WITH_AES_256_CCM "
g_vs_s "server TLS1.2 RSA kx AES-128-CCM-8" "$SR" "--priority $V12:-KX-ALL:+RSA:-CIPHER-ALL:+AES-128-CCM-8" "TLSv1.2 TLS_RSA_WITH_AES_128_CCM_8 "
# ALPN (RFC 7301)
for v in 1.3 1.2; do
  c_vs_g "client TLS$v ALPN" "$GR --alpn=http/1.1" "--tls$v --alpn h2,http/1.1" "ALPN protocol: http/1.1"
  V=$V13; [ $v = 1.2 ] && V=$V12
  g_vs_s "server TLS$v ALPN" "$SR --alpn h2,http/1.1" "--priority $V --alpn=foo --alpn=http/1.1" "ALPN protocol: http/1.1"
done
# RSA-PSS certificates (rsassa-pss keys)
for v in 1.3 1.2; do
  V=$V13; [ $v = 1.2 ] && V=$V12
  c_vs_g "client TLS$v RSA-PSS server cert" "--x509certfile $P/rsapss.crt --x509keyfile $P/rsapss.key" "--tls$v" "TLSv$v .* full"
  g_vs_s "server TLS$v RSA-PSS cert" "--cert $P/rsapss.crt --key $P/rsapss.key" "--priority $V" "TLSv$v "
  g_vs_s "server TLS$v RSA-PSS client cert" "$SR --verify-client $P/ca.crt" "--priority $V --x509certfile $P/clientpss.crt --x509keyfile $P/clientpss.key" "TLSv$v .* client-cert"
done
# record_size_limit (RFC 8449): each side's limit honoured by the other (a
# record over our limit would end the connection with record_overflow).
# GnuTLS refuses limits below 512 (RFC 8449 allows 64).
for v in 1.3 1.2; do
  V=$V13; [ $v = 1.2 ] && V=$V12
  c_vs_g "client TLS$v record_size_limit" "$GR" "--tls$v --record-size-limit 512" "record_size_limit ours 512 peer 1638[45]"
  g_vs_s "server TLS$v record_size_limit" "$SR --record-size-limit 512" "--priority $V --recordsize=600" "record_size_limit ours 512 peer 60[01]"
done
# TLS 1.2 session tickets (RFC 5077) beside session ids
c_vs_g "client TLS1.2 ticket resumption" "$GR" "--tls1.2 --resume" "TLSv1.2 .* resumed ticket"
c_vs_g "client TLS1.2 session-id resumption (--no-ticket)" "$GR" "--tls1.2 --resume --no-ticket" "TLSv1.2 .* resumed$"
c_vs_g "client TLS1.2 session-id resumption (gnutls-serv --noticket)" "$GR --noticket" "--tls1.2 --resume" "TLSv1.2 .* resumed$"
g_vs_s "server TLS1.2 ticket resumption" "$SR" "--priority $V12 -r" "EMS resumed ticket" 2
g_vs_s "server TLS1.2 session-id resumption (--no-ticket)" "$SR --no-ticket" "--priority $V12 -r" "EMS resumed$" 2
# RFC 7919 FFDHE: TLS 1.3 key shares, and TLS 1.2 DHE with the client's group
for g in FFDHE2048 FFDHE4096 FFDHE8192; do
  gl=$(echo $g | tr 'A-Z' 'a-z')
  c_vs_g "client TLS1.3 group $gl" "$GR --priority NORMAL:-GROUP-ALL:+GROUP-$g" "--tls1.3 --group $gl" "TLSv1.3 .* $gl full"
  g_vs_s "server TLS1.3 group $gl" "$SR" "--priority $V13:-GROUP-ALL:+GROUP-$g" "TLSv1.3 .* $gl "
done
for g in FFDHE3072 FFDHE8192; do
  g_vs_s "server TLS1.2 DHE-RSA $g" "$SR" "--priority $V12:-KX-ALL:+DHE-RSA:-GROUP-ALL:+GROUP-$g" "TLSv1.2 TLS_DHE_RSA_.* $(echo $g | tr 'A-Z' 'a-z') "
done
finish
