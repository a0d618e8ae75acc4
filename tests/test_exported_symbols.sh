#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_exported_symbols.sh - the ABI of libsslprov.so:
#   - nm -D --defined-only equals the committed tests/exported-symbols.txt
#     (symbols are hidden by default: -fvisibility=hidden + src/libsslprov.map);
#   - every function the header declares SSLPROV_API is exported, with the
#     SSLPROV_0 version node;
#   - the SONAME is libsslprov.so.0 and the static archive exists.
#   usage: test_exported_symbols.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=${1:?build dir}
SRC=${2:?source dir}
LIB="$BUILD/libsslprov.so"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

[ -e "$LIB" ] || {
    echo "FAIL: $LIB not built"
    exit 1
}

nm -D --defined-only "$LIB" | awk '{print $3}' | sed 's/@.*//' | LC_ALL=C sort >"$TMP/got"
grep -v '^#' "$SRC/tests/exported-symbols.txt" | LC_ALL=C sort >"$TMP/want"
if diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"; then
    ok
else
    bad "exported symbols differ from tests/exported-symbols.txt (- committed, + built):"
    cat "$TMP/diff"
fi

# Every exported function is versioned SSLPROV_0.
unversioned=$(nm -D --defined-only "$LIB" | awk '$2 == "T" && $3 !~ /@@SSLPROV_0$/ {print $3}')
[ -z "$unversioned" ] && ok || bad "symbols without the SSLPROV_0 version: $unversioned"

# Every SSLPROV_API declaration of the header is exported, and nothing else is.
# (The return type may be a pointer: "SSLPROV_API const char *WINAPI Name".)
tr '\n' ' ' <"$SRC/include/Sslprovider.h" | grep -oE 'SSLPROV_API +[A-Za-z_ ]+[ *]+WINAPI +[A-Za-z0-9]+' |
    awk '{print $NF}' | LC_ALL=C sort -u >"$TMP/declared"
grep -E '^(Ssl|NCrypt|GetSChannelInterface)' "$TMP/got" >"$TMP/exported_fns"
if diff -u "$TMP/declared" "$TMP/exported_fns" >"$TMP/diff2"; then
    ok
else
    bad "header SSLPROV_API declarations (-) vs exported functions (+):"
    cat "$TMP/diff2"
fi
[ "$(wc -l <"$TMP/declared")" -ge 50 ] && ok || bad "fewer than 50 SSLPROV_API declarations found"

# Internal helpers never leak.
grep -qE '^(sp_|SP_)' "$TMP/got" && bad "internal sp_* symbols exported" || ok

soname=$(readelf -d "$LIB" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libsslprov.so.0" ] && ok || bad "SONAME is '$soname', want libsslprov.so.0"
[ -f "$BUILD/libsslprov.a" ] && ok || bad "libsslprov.a not built"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
