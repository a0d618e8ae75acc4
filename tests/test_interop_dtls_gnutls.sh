#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_dtls_gnutls.sh - DTLS 1.2 and 1.0 against GnuTLS (issue #15):
# sslprov client -> gnutls-serv --udp --echo and gnutls-cli --udp -> sslprov
# server: ECDHE-ECDSA and ECDHE-RSA with AES-GCM and AES-CBC, echoes of 1 B,
# 1 KiB, 16 KiB (gnutls-cli: text, 1000-byte writes), resumption, a lossy
# relay and a tampered + replayed record (tests/interop/dtls.bash).
set -u
. "$(dirname "$0")/interop/lib.bash"
command -v gnutls-serv >/dev/null && command -v gnutls-cli >/dev/null || skip "gnutls-serv / gnutls-cli not installed"
. "$(dirname "$0")/interop/dtls.bash"

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
  (cat "$P/$f"; sleep 1) | timeout 180 "$SSLPROV" client "127.0.0.1:$target" $CL $cargs >"$T/echo.bin" 2>"$T/c.err"
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
# client certificates: gnutls-serv --require-client-cert verifies against the CA
cg "client DTLS1.2 RSA client cert" "$GRSA --x509cafile $P/ca.crt --require-client-cert --priority $PRIO12" \
  "--dtls1.2 --cert $P/client.crt --key $P/client.key" 1k.bin "DTLSv1.2"
cg "client DTLS1.2 ECDSA client cert" "$GEC --x509cafile $P/ca.crt --require-client-cert --priority $PRIO12" \
  "--dtls1.2 --cert $P/clientec.crt --key $P/clientec.key" 1k.bin "DTLSv1.2"
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
  # gnutls-cli sends what one read() gives as one record and refuses records
  # over its MTU (EMSGSIZE): --mtu 17000 (its maximum), and 1000-byte pieces so that 16 KiB
  # still arrive as many records
  python3 -c 'import sys, time
d = open(sys.argv[1], "rb").read()
for i in range(0, len(d), 1000):
  sys.stdout.buffer.write(d[i:i + 1000]); sys.stdout.flush(); time.sleep(0.01)
time.sleep(1)' "$P/$f" | timeout 20 gnutls-cli --udp --mtu 17000 -p "$port" 127.0.0.1 --x509cafile "$P/ca.crt" $cargs \
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
gc "server DTLS1.2 RSA client cert verified" "--dtls1.2 $SR --verify-client $P/ca.crt" \
  "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2 --x509certfile $P/client.crt --x509keyfile $P/client.key" 1k.txt \
  "DTLSv1.2 .* client-cert"
gc "server DTLS1.2 ECDSA client cert verified" "--dtls1.2 $SR --verify-client $P/ca.crt" \
  "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2 --x509certfile $P/clientec.crt --x509keyfile $P/clientec.key" 1k.txt \
  "DTLSv1.2 .* client-cert"
gc "server DTLS1.2 echo 16k" "--dtls1.2 $SR" "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2" 16k.txt "DTLSv1.2"
gc "server DTLS1.0 echo 1k" "--dtls1.0 $SR" "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.0" 1k.txt "DTLSv1.0"
gc "server DTLS1.2 resumption (gnutls-cli --resume)" "--dtls1.2 $SR" "--priority NORMAL:-VERS-ALL:+VERS-DTLS1.2 --resume" \
  1k.txt "DTLSv1.2 .* resumed" 2
counts_and_finish
