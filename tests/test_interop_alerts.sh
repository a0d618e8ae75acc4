#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_interop_alerts.sh - misbehaving peers (issue #6): a peer that sends a
# tampered record, a bad Finished or an unexpected message gets the right alert
# and the connection closes without a crash.
#
# The misbehaving side is sslprov itself under the test-only switch
# SSLPROV_TEST_FAULT (sslprov(1)): tamper-record flips one bit of its first
# protected application-data record, bad-finished one bit of its Finished,
# unexpected-message sends a stray Finished as its first post-handshake write.
# Victims: sslprov server and client (stderr line names the alert they sent,
# exit status 1, not a signal), openssl s_server and s_client (their error
# reason; the faulty sslprov peer names the alert it received).
set -u
. "$(dirname "$0")/interop/lib.bash"
interop_setup
GET='GET / HTTP/1.0\r\n\r\n'
declare -A ALERT=([tamper-record]=bad_record_mac [bad-finished]=decrypt_error [unexpected-message]=unexpected_message)
# OpenSSL's reason strings for the same three faults
declare -A OSSL=([tamper-record]="bad record mac" [bad-finished]="digest check failed" [unexpected-message]="unexpected message")

# The client keeps stdin open (no close_notify of its own before the fault
# shows) and is bounded by timeout; the sleep feeding it is not waited for.
client() { # fault version logfile
  SSLPROV_TEST_FAULT=$1 timeout 10 "$SSLPROV_FAULTY" client "127.0.0.1:$port" --cafile "$P/ca.crt" --servername localhost \
    "--$2" >"$T/c.out" 2>"$3" < <(printf "$GET"; sleep 5 2>/dev/null)
}

# no sanitizer report (an ASan/UBSan build exits 1 too, so the status alone
# would not tell a crash from a clean refusal)

echo "# sslprov server as the victim of a faulty sslprov client"
for fault in tamper-record bad-finished unexpected-message; do
  for v in tls1.3 tls1.2; do
    port=$(free_port)
    start_bg "$T/srv.log" "$SSLPROV" server --port "$port" --accept 1 --www $SR
    wait_port "$port"
    client "$fault" "$v" "$T/c.err"
    # the server's own exit status: 1 = one failed connection, not a signal
    for ((i = 0; i < 100; i++)); do kill -0 "$LASTPID" 2>/dev/null || break; sleep 0.05; done
    kill "$LASTPID" 2>/dev/null
    wait "$LASTPID" 2>/dev/null
    src=$?
    if [ $src -eq 1 ] && clean "$T/srv.log" "$T/c.err" && grep -q "^sslprov server: error: .*(sent alert ${ALERT[$fault]})" "$T/srv.log" &&
      grep -q "peer sent alert ${ALERT[$fault]}" "$T/c.err"; then
      ok "server victim $fault $v"
    else bad "server victim $fault $v (server rc=$src)" "$T/srv.log" "$T/c.err"; fi
  done
done

echo "# sslprov client as the victim of a faulty sslprov server"
for fault in tamper-record bad-finished unexpected-message; do
  for v in tls1.3 tls1.2; do
    port=$(free_port)
    start_bg "$T/srv.log" env SSLPROV_TEST_FAULT="$fault" "$SSLPROV_FAULTY" server --port "$port" --accept 1 --www $SR
    wait_port "$port"
    client "" "$v" "$T/c.err"
    rc=$?
    wait_bg_exit 5
    if [ $rc -eq 1 ] && clean "$T/srv.log" "$T/c.err" && grep -q "^sslprov: error: .*(sent alert ${ALERT[$fault]})" "$T/c.err"; then ok "client victim $fault $v"; else bad "client victim $fault $v (rc=$rc)" "$T/c.err" "$T/srv.log"; fi
  done
done

echo "# openssl s_server as the victim of a faulty sslprov client"
for fault in tamper-record bad-finished unexpected-message; do
  for v in tls1.3 tls1.2; do
    port=$(free_port)
    start_bg "$T/s.log" openssl s_server -accept "127.0.0.1:$port" -naccept 1 -www -cert "$P/rsa.crt" -key "$P/rsa.key"
    wait_port "$port"
    client "$fault" "$v" "$T/c.err"
    rc=$?
    wait_bg_exit 5
    if [ $rc -eq 1 ] && clean "$T/c.err" && grep -q "peer sent alert ${ALERT[$fault]}" "$T/c.err" && grep -q "${OSSL[$fault]}" "$T/s.log"; then
      ok "s_server victim $fault $v"
    else bad "s_server victim $fault $v (rc=$rc)" "$T/c.err" "$T/s.log"; fi
  done
done

echo "# openssl s_client as the victim of a faulty sslprov server"
for fault in tamper-record bad-finished unexpected-message; do
  for v in tls1_3 tls1_2; do
    port=$(free_port)
    start_bg "$T/srv.log" env SSLPROV_TEST_FAULT="$fault" "$SSLPROV_FAULTY" server --port "$port" --accept 1 --www $SR
    wait_port "$port"
    timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet -CAfile "$P/ca.crt" -"$v" \
      >"$T/sc.out" 2>"$T/sc.err" < <(printf "$GET"; sleep 5 2>/dev/null)
    rc=$?
    wait_bg_exit 5
    if [ $rc -eq 1 ] && clean "$T/srv.log" && grep -q "${OSSL[$fault]}" "$T/sc.err"; then ok "s_client victim $fault $v"; else bad "s_client victim $fault $v (rc=$rc)" "$T/sc.err" "$T/srv.log"; fi
  done
done

# the switch is test-only and strict: an unknown value refuses to run
if ! SSLPROV_TEST_FAULT=bogus "$SSLPROV_FAULTY" client 127.0.0.1:1 2>"$T/c.err" && grep -q "unknown SSLPROV_TEST_FAULT" "$T/c.err"; then
  ok "unknown SSLPROV_TEST_FAULT rejected"
else bad "unknown SSLPROV_TEST_FAULT rejected" "$T/c.err"; fi

# The released CLI has no fault switch at all (issue #12 item 11): the variable
# is ignored (no "unknown" refusal, no injection notice), the binary holds no
# trace of it, and a server started with a fault set serves normally.
SSLPROV_TEST_FAULT=bogus "$SSLPROV" client 127.0.0.1:1 2>"$T/r.err"
if ! grep -q "SSLPROV_TEST_FAULT\|fault injection" "$T/r.err" && ! grep -qa "SSLPROV_TEST_FAULT" "$SSLPROV" &&
  grep -qa "SSLPROV_TEST_FAULT" "$SSLPROV_FAULTY"; then
  ok "released sslprov ignores SSLPROV_TEST_FAULT (only sslprov-test has it)"
else bad "released sslprov ignores SSLPROV_TEST_FAULT" "$T/r.err"; fi
for fault in tamper-record bad-finished; do
  port=$(free_port)
  start_bg "$T/srv.log" env SSLPROV_TEST_FAULT="$fault" "$SSLPROV" server --port "$port" --accept 1 --www $SR
  wait_port "$port"
  timeout 10 openssl s_client -connect "127.0.0.1:$port" -quiet -CAfile "$P/ca.crt" \
    >"$T/sc.out" 2>"$T/sc.err" < <(printf "$GET"; sleep 2 2>/dev/null)
  wait_bg_exit 5
  if grep -q "every cryptographic step" "$T/sc.out" && grep -q "</HTML>" "$T/sc.out" && ! grep -q "fault" "$T/srv.log"; then
    ok "released sslprov server with SSLPROV_TEST_FAULT=$fault serves normally"
  else bad "released sslprov server with SSLPROV_TEST_FAULT=$fault" "$T/sc.out" "$T/sc.err" "$T/srv.log"; fi
done
finish
