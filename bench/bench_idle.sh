#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# bench_idle.sh - memory per idle connection of `sslprov server` (issue #16
# item 1): N TLS clients (Python's ssl module, libssl) complete a handshake
# and then stay connected without sending anything; the server's resident
# memory (/proc/PID/smaps_rollup: Rss and Private_Dirty) is read before and
# after, and the growth divided by N.  A connection costs its worker thread
# (`sslprov server` serves each connection on a thread from its pool: the
# touched part of the thread's stack), the engine's connection state (record
# buffers, transcript, the peer's certificate) and the provider objects (two
# record keys and the secrets the engine keeps).  Reported, no target.
#   usage: bench/bench_idle.sh [BUILD_DIR] [CONNECTIONS]
# A benchmark, not a test: run it by hand or with `make bench`.
set -u
BUILD=${1:-build}
N=${2:-200}
SSLPROV=$BUILD/sslprov
command -v openssl >/dev/null || { echo "bench_idle: openssl not found, skipped"; exit 0; }
command -v python3 >/dev/null || { echo "bench_idle: python3 not found, skipped"; exit 0; }
[ -x "$SSLPROV" ] || { echo "bench_idle: $SSLPROV not built"; exit 1; }
T=$(mktemp -d)
SPID=
CPID=
cleanup() {
  [ -n "$CPID" ] && kill "$CPID" 2>/dev/null
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
  -subj /CN=localhost -days 1 2>/dev/null || { echo "bench_idle: cannot make a certificate"; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mem() { awk '/^Rss:/{r=$2} /^Private_Dirty:/{d=$2} END{print r, d}' "/proc/$SPID/smaps_rollup"; }

# hold VERSION COUNT: COUNT idle connections, "up" on the pipe once they are
# all established, closed when stdin ends.
cat >"$T/hold.py" <<'EOF'
import socket, ssl, sys
port, version, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
v = ssl.TLSVersion.TLSv1_3 if version == "1.3" else ssl.TLSVersion.TLSv1_2
ctx.minimum_version = ctx.maximum_version = v
held = []
for _ in range(count):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)))
    s.do_handshake()
    held.append(s)
print("up", flush=True)
sys.stdin.read()
EOF

echo "bench_idle: $N idle connections to sslprov server; $(nproc) CPUs, $(openssl version)"
printf '%-8s %14s %20s\n' version "Rss KiB/conn" "Private_Dirty KiB/conn"
for v in 1.2 1.3; do
  "$SSLPROV" server --port "$port" --cert "$T/cert.pem" --key "$T/key.pem" --group x25519 \
    --max-clients $((N + 16)) --timeout 600 >/dev/null 2>&1 &
  SPID=$!
  for _ in $(seq 1 100); do ss -ltnH "sport = :$port" | grep -q . && break; sleep 0.05; done
  # Warm-up: 8 connections start the pool and the libraries' lazy state.
  mkfifo "$T/w" "$T/h"
  python3 "$T/hold.py" "$port" "$v" 8 <"$T/w" >"$T/w.out" &
  exec 7>"$T/w"
  until grep -q up "$T/w.out" 2>/dev/null; do sleep 0.05; done
  sleep 0.5
  read -r r0 d0 <<<"$(mem)"
  python3 "$T/hold.py" "$port" "$v" "$N" <"$T/h" >"$T/h.out" &
  CPID=$!
  exec 8>"$T/h"
  until grep -q up "$T/h.out" 2>/dev/null; do sleep 0.05; done
  sleep 0.5
  read -r r1 d1 <<<"$(mem)"
  exec 7>&- 8>&-
  wait "$CPID" 2>/dev/null
  CPID=
  kill "$SPID" 2>/dev/null
  wait "$SPID" 2>/dev/null
  SPID=
  rm -f "$T/w" "$T/h" "$T/w.out" "$T/h.out"
  awk -v v="TLS$v" -v a="$r0" -v b="$r1" -v c="$d0" -v d="$d1" -v n="$N" \
    'BEGIN{printf "%-8s %14.1f %20.1f\n", v, (b - a) / n, (d - c) / n}'
done
