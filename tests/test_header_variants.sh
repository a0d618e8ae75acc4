#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_header_variants.sh - compiles tests/test_header_compat.c (a program written
# for Windows' Sslprovider.h) in the other ways a Windows program would be
# built, links each against the shared libsslprov.so and runs it:
#   - C11 with -Wpedantic (the ctest build covers plain C11 with the project flags)
#   - C11 with -fshort-wchar and L"..." literals (wchar_t code from Windows)
#   - C++11 and C++17 with u"..." literals (g++; optional: reported and skipped
#     if g++ is missing)
# and checks that a prototype differing from Windows' fails to compile.
#   usage: test_header_compat.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=${1:?build dir}
SRC=${2:?source dir}
CC=${CC:-cc}
CXX=${CXX:-g++}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
# A sanitizer build of the library needs the same runtime in its consumers.
SAN=()
grep -q '^SSLPROV_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN=(-fsanitize=address,undefined)
grep -q '^SSLPROV_TSAN:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN=(-fsanitize=thread)
FLAGS=(-Wall -Wextra -Werror -I"$SRC/include" "${SAN[@]}")
LIBS=(-L"$BUILD" -lsslprov -Wl,-rpath,"$BUILD")

build_run() {
    local name=$1
    shift
    if "$@" -o "$TMP/$name" 2>"$TMP/$name.log" && "$TMP/$name" >"$TMP/$name.out" 2>&1; then
        pass=$((pass + 1))
        echo "ok   $name: $(tail -1 "$TMP/$name.out")"
    else
        fail=$((fail + 1))
        echo "FAIL $name"
        cat "$TMP/$name.log" "$TMP/$name.out" 2>/dev/null | head -30
    fi
}

[ -e "$BUILD/libsslprov.so" ] || {
    echo "FAIL: $BUILD/libsslprov.so not built"
    exit 1
}

build_run c11-pedantic "$CC" -std=c11 -Wpedantic "${FLAGS[@]}" "$SRC/tests/test_header_compat.c" "${LIBS[@]}"
build_run c11-short-wchar "$CC" -std=c11 -fshort-wchar -DSSLPROV_COMPAT_SHORT_WCHAR "${FLAGS[@]}" \
    "$SRC/tests/test_header_compat.c" "${LIBS[@]}"
build_run gnu17 "$CC" -std=gnu17 "${FLAGS[@]}" "$SRC/tests/test_header_compat.c" "${LIBS[@]}"

if command -v "$CXX" >/dev/null 2>&1; then
    for std in c++11 c++17; do
        build_run "$std" "$CXX" -x c++ -std=$std -Wpedantic "${FLAGS[@]}" "$SRC/tests/test_header_compat.c" \
            -x none "${LIBS[@]}"
    done
    # C++ with -fshort-wchar and L"..." literals: WCHAR is wchar_t there.
    build_run c++17-short-wchar "$CXX" -x c++ -std=c++17 -fshort-wchar -DSSLPROV_COMPAT_SHORT_WCHAR \
        "${FLAGS[@]}" "$SRC/tests/test_header_compat.c" -x none "${LIBS[@]}"
else
    echo "note: $CXX not found; the C++ variants are skipped (optional)"
fi

# The prototype check has teeth: a wrong prototype must not compile.
if "$CC" -std=c11 -DSSLPROV_COMPAT_NEGATIVE "${FLAGS[@]}" -c "$SRC/tests/test_header_compat.c" \
    -o "$TMP/neg.o" 2>/dev/null; then
    fail=$((fail + 1))
    echo "FAIL negative: a prototype differing from Windows' compiled"
else
    pass=$((pass + 1))
    echo "ok   negative: a prototype differing from Windows' does not compile"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
