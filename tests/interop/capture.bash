# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# capture.bash - loopback capture for the tshark interop scripts
# (test_interop_tshark.sh, test_interop_dtls_tshark.sh).  Sourced after
# lib.bash, not run.  Needs dumpcap able to capture on lo (root or
# CAP_NET_RAW); without that the calling test prints one SKIP line and passes.

# capture_start PROTO PORT FILE: dumpcap on lo for one tcp/udp port; returns
# once it captures, else skips the whole test.
capture_start() {
  : >"$T/dumpcap.err"
  dumpcap -q -i lo -f "$1 port $2" -w "$3" 2>"$T/dumpcap.err" &
  CAPPID=$!
  PIDS+=("$CAPPID")
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q "Capturing on" "$T/dumpcap.err" && break
    kill -0 "$CAPPID" 2>/dev/null || break
    sleep 0.05
  done
  # Without the permission to capture, dumpcap prints "Capturing on 'lo'" and
  # only then fails: it must still be running a moment later, with no error.
  sleep 0.3
  if grep -q "Capturing on" "$T/dumpcap.err" && kill -0 "$CAPPID" 2>/dev/null &&
    ! grep -qiE "permission|don't have|not permitted|error" "$T/dumpcap.err"; then
    return 0
  fi
  skip "cannot capture on the loopback interface here ($(grep -v '^Capturing on' "$T/dumpcap.err" | grep . | head -1))"
}

capture_stop() { # SIGINT lets dumpcap flush the file
  sleep 0.2
  kill -INT "$CAPPID" 2>/dev/null
  wait "$CAPPID" 2>/dev/null
}
