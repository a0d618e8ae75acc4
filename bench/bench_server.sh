#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# bench_server.sh - connections per second of `sslprov server` against
# `openssl s_server` (issue #13, latency): same P-256 certificate, same group
# (x25519), TLS 1.2 and TLS 1.3, new full handshake per connection
# (`openssl s_time -new`), plus the server's CPU time per handshake from
# /proc/PID/stat.  Each figure is the best of REPEATS runs of SECONDS each
# (the machine may be shared: the best run is the least disturbed one).
#   usage: bench/bench_server.sh [BUILD_DIR] [SECONDS] [REPEATS]
# A benchmark, not a test: run it by hand or with `make bench`.
set -u
BUILD=${1:-build}
SECS=${2:-5}
REPEATS=${3:-3}
SSLPROV=$BUILD/sslprov
command -v openssl >/dev/null || { echo "bench_server: openssl not found, skipped"; exit 0; }
[ -x "$SSLPROV" ] || { echo "bench_server: $SSLPROV not built"; exit 1; }
T=$(mktemp -d)
SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
  -subj /CN=localhost -days 1 2>/dev/null || { echo "bench_server: cannot make a certificate"; exit 1; }
TCK=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
wait_port() { for _ in $(seq 1 100); do ss -ltnH "sport = :$1" | grep -q . && return 0; sleep 0.05; done; return 1; }

# start SERVER PORT: sslprov or openssl s_server in the background (SPID)
start() {
  if [ "$1" = sslprov ]; then
    "$SSLPROV" server --port "$2" --cert "$T/cert.pem" --key "$T/key.pem" --group x25519 >/dev/null 2>&1 &
  else
    openssl s_server -accept "$2" -cert "$T/cert.pem" -key "$T/key.pem" -groups X25519 -quiet \
      >/dev/null 2>&1 < <(sleep $((SECS + 60))) &
  fi
  SPID=$!
  wait_port "$2"
}

# once SERVER VERSION: "RATE CPU_MS" of one run
once() {
  local port n t0 t1 c0 c1
  port=$(free_port)
  start "$1" "$port" || { echo "0 0"; return; }
  c0=$(cpu_ticks "$SPID")
  t0=$(date +%s.%N)
  n=$(openssl s_time -connect "127.0.0.1:$port" -new "-$2" -time "$SECS" 2>/dev/null |
    sed -n 's/^\([0-9]*\) connections in [0-9]* real seconds.*/\1/p' | head -1)
  t1=$(date +%s.%N)
  c1=$(cpu_ticks "$SPID")
  kill "$SPID" 2>/dev/null
  wait "$SPID" 2>/dev/null
  SPID=
  awk -v n="${n:-0}" -v a="$t0" -v b="$t1" -v d=$((c1 - c0)) -v k="$TCK" \
    'BEGIN{printf "%.1f %.3f\n", (b > a) ? n / (b - a) : 0, n ? 1000 * d / k / n : 0}'
}

# best OLD NEW: the run with the higher rate
best() { awk -v o="$1" -v n="$2" 'BEGIN{split(o, a, " "); split(n, b, " "); print (b[1] > a[1]) ? n : o}'; }

echo "bench_server: openssl s_time -new -time $SECS, best of $REPEATS; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(openssl version)"
printf '%-8s %-10s %12s %16s\n' version server "conn/s" "server CPU ms/hs"
for v in tls1_2 tls1_3; do
  # the two servers alternate, so a burst of load elsewhere hits both alike
  bs="0 0" bo="0 0"
  for ((i = 0; i < REPEATS; i++)); do
    bs=$(best "$bs" "$(once sslprov "$v")")
    bo=$(best "$bo" "$(once openssl "$v")")
  done
  read -r sr sc <<<"$bs"
  read -r or oc <<<"$bo"
  printf '%-8s %-10s %12s %16s\n' "$v" sslprov "$sr" "$sc" "$v" s_server "$or" "$oc"
  awk -v a="$sr" -v b="$or" -v c="$sc" -v d="$oc" -v v="$v" \
    'BEGIN{printf "%-8s ratio sslprov/s_server: connections/s %.2f, CPU per handshake %.2f\n", v, b ? a / b : 0, d ? c / d : 0}'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
