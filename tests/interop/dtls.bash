# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# dtls.bash - helpers of the DTLS interop scripts (issue #15): UDP ports, the
# test-only relay (udp_relay.py), payloads, counts per peer and direction.
# Sourced after lib.bash, not run.
interop_setup
RELAY="$SRC/tests/interop/udp_relay.py"
command -v python3 >/dev/null || skip "python3 needed for the UDP relay"
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

# counts_and_finish: the interop counts per peer and direction, then finish
counts_and_finish() {
  echo "# interop counts per peer and direction"
  for k in "${!COUNT[@]}"; do echo "COUNT $k ${COUNT[$k]}"; done | sort
  finish
}
