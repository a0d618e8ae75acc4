#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_cli_security.sh - the CLI side of issue #12's engine items:
#   4. --request-client without --verify-client reports a client certificate
#      as "unverified" (only --verify-client's CAs make it "verified");
#   5. the key log: created 0600, never through a symbolic link, never a FIFO,
#      an existing file open to others (or another user's) refused, and a
#      warning on stderr that secrets are being logged;
#   6. --servername= (empty) is a usage error (exit 2), not a silent switch-off
#      of the hostname check.
set -u
. "$(dirname "$0")/interop/lib.bash"
interop_setup
GET='GET / HTTP/1.0\r\n\r\n'

# www_client_cert SERVER_ARGS VERSION: the "Client certificate:" line of the
# --www page for a client presenting client.crt, and the server's log line.
www_client_cert() {
  local sargs=$1 v=$2
  port=$(free_port)
  # shellcheck disable=SC2086
  start_bg "$T/srv.log" "$SSLPROV" server --port="$port" --accept 1 --www $SR $sargs
  wait_port "$port"
  printf "$GET" | timeout 10 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" --servername localhost \
    "--$v" --cert "$P/client.crt" --key "$P/client.key" >"$T/c.out" 2>"$T/c.err"
  wait_bg_exit 5
}

echo "# item 4: client certificate verified or not"
for v in tls1.3 tls1.2; do
  www_client_cert "--request-client" $v
  if grep -q "Client certificate: unverified" "$T/c.out" && grep -q "client-cert (unverified)" "$T/srv.log"; then
    ok "--request-client alone: unverified ($v)"
  else bad "--request-client alone ($v)" "$T/c.out" "$T/srv.log"; fi
  www_client_cert "--verify-client $P/ca.crt" $v
  if grep -q "Client certificate: verified" "$T/c.out" && grep -q "client-cert$" "$T/srv.log"; then
    ok "--verify-client: verified ($v)"
  else bad "--verify-client ($v)" "$T/c.out" "$T/srv.log"; fi
done

echo "# item 5: the key log"
port=$(free_port)
start_bg "$T/srv.log" "$SSLPROV" server --port="$port" --accept 1 --www $SR
wait_port "$port"
printf "$GET" | timeout 10 "$SSLPROV" client "127.0.0.1:$port" --cafile "$P/ca.crt" --servername localhost \
  --keylog "$T/keys.log" >"$T/c.out" 2>"$T/c.err"
rc=$?
wait_bg_exit 5
mode=$(stat -c %a "$T/keys.log" 2>/dev/null)
if [ $rc -eq 0 ] && [ "$mode" = 600 ] && grep -q "^CLIENT_HANDSHAKE_TRAFFIC_SECRET " "$T/keys.log" &&
  grep -q "warning: logging TLS secrets to $T/keys.log" "$T/c.err"; then
  ok "new key log: mode 600, secrets, a warning on stderr"
else bad "new key log (rc=$rc mode=$mode)" "$T/c.err"; fi

# refused KEYLOG REASON_REGEX NAME: the client exits 1 before connecting,
# naming the file and the reason.
refused() {
  timeout 5 "$SSLPROV" client 127.0.0.1:1 --insecure --keylog "$1" </dev/null >/dev/null 2>"$T/k.err"
  local rc=$?
  if [ $rc -eq 1 ] && grep -q "cannot use key log $1: $2" "$T/k.err" && ! grep -q "logging TLS secrets" "$T/k.err"; then
    ok "$3"
  else bad "$3 (rc=$rc)" "$T/k.err"; fi
}
ln -s "$T/target.log" "$T/link.log"
refused "$T/link.log" "it is a symbolic link" "symbolic link refused"
[ ! -e "$T/target.log" ] && ok "nothing created through the link" || bad "file created through the link"
: >"$T/open.log"
chmod 644 "$T/open.log"
refused "$T/open.log" "accessible to other users" "existing 0644 file refused"
[ ! -s "$T/open.log" ] && ok "nothing written to the 0644 file" || bad "0644 file written"
mkfifo "$T/fifo.log"
refused "$T/fifo.log" "not a regular file" "FIFO refused without blocking"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
  : >"$T/other.log"
  chmod 600 "$T/other.log"
  chown nobody "$T/other.log"
  refused "$T/other.log" "owned by another user" "another user's file refused"
fi

echo "# item 6: an empty --servername"
for form in "--servername=" "--servername ''"; do
  eval "\"$SSLPROV\" client 127.0.0.1:1 $form" </dev/null >"$T/u.out" 2>"$T/u.err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l <"$T/u.err")" -eq 1 ] && grep -q "servername" "$T/u.err"; then
    ok "empty $form: exit 2"
  else bad "empty $form (rc=$rc)" "$T/u.err"; fi
done
finish
