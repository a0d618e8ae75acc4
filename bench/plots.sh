#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# plots.sh - the charts of BENCHMARKS.md, drawn with gnuplot from the benchmark
# programs' own output ("make bench-plots").
#   usage: bench/plots.sh BUILD_DIR OUT_DIR [--reuse]
# Runs bench_record and bench_scaling (and bench_handshake_libssl when it was
# built), keeps their output as OUT_DIR/*.txt, and writes OUT_DIR/*.png:
#   records.png    record throughput against size, sslprov and raw EVP, per suite
#   scaling.png    throughput with 1, 2 and 4 threads relative to 1 thread
#   handshake.png  CPU per handshake, sslprov against libssl (if available)
# --reuse draws from the .txt files already in OUT_DIR instead of re-running.
set -euo pipefail
build=${1:?usage: plots.sh BUILD_DIR OUT_DIR [--reuse]}
out=${2:?usage: plots.sh BUILD_DIR OUT_DIR [--reuse]}
reuse=${3:-}
command -v gnuplot >/dev/null || {
  echo "plots.sh: gnuplot is not installed (Debian: gnuplot-nox)" >&2
  exit 1
}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # name [args...]: run a benchmark into OUT_DIR/name.txt (its verdict is not ours)
  local name=$1
  shift
  if [ "$reuse" = --reuse ] && [ -s "$out/$name.txt" ]; then return 0; fi
  if [ -x "$build/bench/$name" ]; then
    "$build/bench/$name" "$@" >"$out/$name.txt" || true
  fi
}
run bench_record 9
run bench_scaling 7
run bench_handshake_libssl

# --- records.png: one panel per suite, MB/s against record size -------------
if [ -s "$out/bench_record.txt" ]; then
  suites=$(awk '$3 ~ /^[0-9]+$/ && ($4 == "EVP" || $4 == "EVP-CT") {print $1}' "$out/bench_record.txt" | uniq)
  n=0
  for s in $suites; do
    for op in enc dec; do
      awk -v s="$s" -v op="$op" '$1 == s && $2 == op && ($4 == "EVP" || $4 == "EVP-CT") {print $3, $5, $6}' \
        "$out/bench_record.txt" >"$tmp/$s.$op"
    done
    n=$((n + 1))
  done
  rows=$(((n + 1) / 2))
  {
    echo "set terminal pngcairo size 1200,$((rows * 420)) font 'sans,10'"
    echo "set output '$out/records.png'"
    echo "set multiplot layout $rows,2 title 'Record throughput against size: sslprov and raw EVP (same run)'"
    echo "set logscale x 2; set xlabel 'record bytes'; set ylabel 'MB/s'; set key left top; set grid"
    for s in $suites; do
      echo "set title '$s'"
      echo "plot '$tmp/$s.enc' u 1:2 w lp t 'sslprov seal', '$tmp/$s.enc' u 1:3 w lp t 'EVP seal',"\
        "'$tmp/$s.dec' u 1:2 w lp t 'sslprov open', '$tmp/$s.dec' u 1:3 w lp t 'EVP open'"
    done
    echo "unset multiplot"
  } >"$tmp/records.gp"
  gnuplot "$tmp/records.gp"
  echo "wrote $out/records.png"
fi

# --- scaling.png: ratio to one thread, per workload --------------------------
if [ -s "$out/bench_scaling.txt" ]; then
  awk '$2 ~ /^[0-9]+$/ && $3 ~ /x$/ {gsub("x", "", $3); gsub("x", "", $4); print $1, 1, $3, $4}' \
    "$out/bench_scaling.txt" >"$tmp/scaling"
  cat >"$tmp/scaling.gp" <<EOF
set terminal pngcairo size 1000,480 font 'sans,10'
set output '$out/scaling.png'
set title 'One provider shared by all threads: throughput relative to 1 thread'
set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8 border -1
set boxwidth 0.9; set yrange [0:2.4]; set grid ytics; set ylabel 'x 1 thread'; set xtics rotate by -20
plot '$tmp/scaling' u 2:xtic(1) t '1 thread', '' u 3 t '2 threads', '' u 4 t '4 threads', 1.8 w l dt 2 lc 'black' t '2-thread target 1.8x'
EOF
  gnuplot "$tmp/scaling.gp"
  echo "wrote $out/scaling.png"
fi

# --- handshake.png: CPU per handshake, sslprov and libssl ---------------------
if [ -s "$out/bench_handshake_libssl.txt" ]; then
  # rows: "case side sslprov_us libssl_us ratio ..."
  awk '$3 ~ /^[0-9.]+$/ && $4 ~ /^[0-9.]+$/ {print $1 "/" $2, $3, $4}' "$out/bench_handshake_libssl.txt" >"$tmp/hs"
  if [ -s "$tmp/hs" ]; then
    cat >"$tmp/hs.gp" <<EOF
set terminal pngcairo size 1000,480 font 'sans,10'
set output '$out/handshake.png'
set title 'CPU per handshake (microseconds, thread CPU): sslprov engine against libssl, both over an AF_UNIX socketpair'
set style data histograms; set style histogram clustered gap 1; set style fill solid 0.8 border -1
set boxwidth 0.9; set yrange [0:*]; set grid ytics; set ylabel 'us'; set xtics rotate by -20
plot '$tmp/hs' u 2:xtic(1) t 'sslprov', '' u 3 t 'libssl'
EOF
    gnuplot "$tmp/hs.gp"
    echo "wrote $out/handshake.png"
  fi
fi
