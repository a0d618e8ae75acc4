# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# lib.bash - helpers for tests/test_interop_*.sh (issue #6): throw-away PKI,
# free loopback ports, peer start/stop, result bookkeeping.  Sourced, not run.
BUILD=${1:?build dir}
SRC=${2:?source dir}
SSLPROV="$BUILD/sslprov"
# The test build of the CLI: the same program with SSLPROV_TEST_FAULT compiled
# in (never installed); use it wherever a test sets that variable.
SSLPROV_FAULTY="$BUILD/sslprov-test"
T=$(mktemp -d /tmp/sslprov-interop.XXXXXX)
PIDS=()
PASS=0
FAILS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

skip() { echo "SKIP: $*"; exit 77; }

# free_port: a random port below the kernel's ephemeral range (so no outgoing
# connection can hold it) that nothing listens on.  Not a port the kernel just
# handed out: under ctest -j the next test script would likely get the same one.
free_port() {
  local p lo
  lo=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$lo" -gt 12000 ] || lo=32768
  for _ in $(seq 1 100); do
    p=$((10000 + (RANDOM * 32768 + RANDOM) % (lo - 10000)))
    ss -ltnH "sport = :$p" 2>/dev/null | grep -q . || { echo "$p"; return 0; }
  done
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_port() { # port [tries]
  local i
  for i in $(seq 1 "${2:-50}"); do
    ss -ltnH "sport = :$1" 2>/dev/null | grep -q . && return 0
    sleep 0.05
  done
  return 1
}

start_bg() { # logfile cmd... : start a peer in the background, remember its pid
  # stdin stays open (s_server ends its session on stdin EOF)
  local log=$1; shift
  "$@" >"$log" 2>&1 < <(sleep 40 2>/dev/null) &
  PIDS+=($!)
  LASTPID=$!
}

stop_bg() { kill "$LASTPID" 2>/dev/null; wait "$LASTPID" 2>/dev/null; true; }

# wait_bg_exit SECONDS: wait (bounded) for the last peer to exit by itself, e.g.
# an s_server -naccept 1 that is still writing what it received; then stop it.
wait_bg_exit() {
  local i
  for ((i = 0; i < $1 * 20; i++)); do
    kill -0 "$LASTPID" 2>/dev/null || break
    sleep 0.05
  done
  stop_bg
}

# make_pki: CA, RSA, RSA-PSS and P-256/P-384 server leaves, RSA, RSA-PSS and
# P-256 client leaves.
make_pki() {
  local d=$T/pki
  mkdir -p "$d"
  (
    cd "$d" || exit 1
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj /CN=sslprov-test-ca -days 2 \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
    leaf() { # name keyopts
      local n=$1; shift
      # a distinct subject per leaf: NSS gives every certificate of one subject
      # the same nickname, so RSA and ECDSA leaves named alike would collide
      openssl req -newkey "$@" -nodes -keyout "$n.key" -out "$n.csr" -subj "/O=sslprov-$n/CN=localhost" 2>/dev/null
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' >"$n.ext"
      openssl x509 -req -in "$n.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$n.crt" -days 2 -extfile "$n.ext" 2>/dev/null
    }
    leaf rsa rsa:2048
    leaf ec256 ec -pkeyopt ec_paramgen_curve:P-256
    leaf ec384 ec -pkeyopt ec_paramgen_curve:P-384
    leaf client rsa:2048
    leaf clientec ec -pkeyopt ec_paramgen_curve:P-256
    # RSASSA-PSS keys (id-RSASSA-PSS, RFC 8446 4.2.3 rsa_pss_pss_*)
    leaf rsapss rsa-pss -pkeyopt rsa_keygen_bits:2048
    leaf clientpss rsa-pss -pkeyopt rsa_keygen_bits:2048
    # ... one whose parameters (RFC 4055 3.1) allow only SHA-384 with a 48-byte salt: rsa_pss_pss_sha384
    leaf rsapss384 rsa-pss -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_pss_keygen_md:sha384 \
      -pkeyopt rsa_pss_keygen_mgf1_md:sha384 -pkeyopt rsa_pss_keygen_saltlen:48
    head -c 1 /dev/urandom >one.bin
    head -c 16384 /dev/urandom >16k.bin
    head -c 1048576 /dev/urandom >1m.bin
  ) || return 1
  PKI=$d
}

ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAILS+=("$1"); echo "FAIL $1"; shift; local f; for f in "$@"; do [ -f "$f" ] && sed 's/^/     | /' "$f" | tail -8; done; }

finish() {
  echo "== $PASS passed, ${#FAILS[@]} failed"
  for f in "${FAILS[@]}"; do echo "   failed: $f"; done
  [ ${#FAILS[@]} -eq 0 ]
}

# Skip cleanly when the provider functions this needs are still stubs.
probe_provider() {
  "$SSLPROV" server --port 0 --cert "$PKI/rsa.crt" --key "$PKI/rsa.key" --accept 0 >"$T/probe.out" 2>"$T/probe.err"
  if grep -q "NTE_NOT_SUPPORTED" "$T/probe.err"; then skip "provider key functions not implemented yet"; fi
}

# interop_setup: what every interop script does after checking for its own
# peer tools: openssl (it makes the test PKI) and the CLI present, the PKI
# made, the provider probed; P = the PKI directory, SR = the sslprov server's
# RSA identity.
interop_setup() {
  command -v openssl >/dev/null || skip "openssl needed for the test PKI"
  [ -x "$SSLPROV" ] || skip "no sslprov CLI"
  make_pki || { echo "cannot make PKI"; exit 1; }
  probe_provider
  P=$PKI
  SR="--cert $P/rsa.crt --key $P/rsa.key"
}

# clean FILE...: no sanitizer report in the files (ASan/UBSan builds).
clean() { ! grep -qE "Sanitizer|runtime error" "$@"; }

# The TLS 1.2 suites of sslprov's CLI engine (tools/tls/tls_names.c), by the
# certificate they need: the matrix loops of the interop scripts.
SUITES12_RSA="ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-CHACHA20-POLY1305 ECDHE-RSA-AES128-SHA256
  ECDHE-RSA-AES256-SHA384 ECDHE-RSA-AES128-SHA ECDHE-RSA-AES256-SHA DHE-RSA-AES128-GCM-SHA256 DHE-RSA-AES256-GCM-SHA384
  DHE-RSA-CHACHA20-POLY1305 DHE-RSA-AES128-SHA256 DHE-RSA-AES256-SHA256 DHE-RSA-AES128-SHA DHE-RSA-AES256-SHA
  AES128-GCM-SHA256 AES256-GCM-SHA384 AES128-SHA256 AES256-SHA256 AES128-SHA AES256-SHA"
SUITES12_ECDSA="ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-ECDSA-CHACHA20-POLY1305
  ECDHE-ECDSA-AES128-SHA256 ECDHE-ECDSA-AES256-SHA384 ECDHE-ECDSA-AES128-SHA ECDHE-ECDSA-AES256-SHA"
