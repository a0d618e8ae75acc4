#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_vectors_missing.sh - a known-answer file that is missing or unreadable
# makes each test that reads it fail with exactly one line naming the file:
# exit status 1, never a signal (test_tls12 used to crash with SIGSEGV).
#   usage: test_vectors_missing.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$(cd "${1:?build dir}" && pwd)
SRC=$(cd "${2:?source dir}" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

# The tests that read tests/vectors (t_vec_open in their source).
tests=$(grep -l 't_vec_open' "$SRC"/tests/test_*.c | xargs -n1 basename | sed 's/\.c$//')
[ -n "$tests" ] && ok || bad "no test reads vectors"

# run_case NAME DIR: every vector test, with SSLPROV_VECTORS_DIR=DIR
run_case() {
    local name=$1 dir=$2 t rc lines
    for t in $tests; do
        [ -x "$BUILD/tests/$t" ] || {
            bad "$t not built"
            continue
        }
        SSLPROV_VECTORS_DIR="$dir" SSLPROV_TEST_QUICK=1 timeout 300 "$BUILD/tests/$t" >"$TMP/out" 2>"$TMP/err"
        rc=$?
        lines=$(grep -c . "$TMP/err")
        if [ "$rc" -eq 1 ] && [ "$lines" -eq 1 ] && grep -q "^FAIL: cannot read vector file $dir/[a-z0-9_]*\.txt: " "$TMP/err"; then
            ok
        else
            bad "$t with $name vectors: exit $rc, $lines stderr lines: $(head -3 "$TMP/err")"
        fi
    done
}

# 1. No vector directory at all.
run_case missing "$TMP/none"
# 2. Every file present but unreadable (a directory in its place: unreadable
#    even for root, who ignores file modes).
mkdir -p "$TMP/dirs"
for f in "$SRC"/tests/vectors/*.txt; do mkdir "$TMP/dirs/$(basename "$f")"; done
run_case unreadable "$TMP/dirs"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
