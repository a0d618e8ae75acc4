#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_install.sh - packaging: install the build tree into a DESTDIR with
# PREFIX=/usr (what `make install DESTDIR=... PREFIX=/usr` runs), check the
# installed files, then build and run a tiny consumer two ways:
#   1. pkg-config --cflags --libs sslprov (PKG_CONFIG_PATH into the DESTDIR tree,
#      PKG_CONFIG_SYSROOT_DIR = DESTDIR), against the shared library;
#   2. a CMake project with find_package(sslprov) and
#      target_link_libraries(... sslprov::sslprov) (and sslprov::sslprov_static),
#      CMAKE_PREFIX_PATH into the DESTDIR.
#   usage: test_install.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$(cd "${1:?build dir}" && pwd)
SRC=$(cd "${2:?source dir}" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DEST="$TMP/dest"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
    exit
}

# A sanitizer build of the library needs the same runtime in its consumers.
SAN=()
grep -q '^SSLPROV_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN=(-fsanitize=address,undefined)
grep -q '^SSLPROV_TSAN:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN=(-fsanitize=thread)

# --- install -----------------------------------------------------------------
if DESTDIR="$DEST" cmake --install "$BUILD" --prefix /usr >"$TMP/install.log" 2>&1; then
    ok
else
    bad "cmake --install failed:"
    cat "$TMP/install.log"
    finish
fi
# Nothing may land outside DESTDIR/usr.
[ "$(ls "$DEST")" = "usr" ] && ok || bad "files outside DESTDIR/usr: $(ls "$DEST")"

pc=$(find "$DEST/usr" -name sslprov.pc | head -1)
[ -n "$pc" ] && ok || {
    bad "sslprov.pc not installed"
    finish
}
LIBDIR=$(dirname "$(dirname "$pc")")
REL_LIBDIR=${LIBDIR#"$DEST"}
case "$REL_LIBDIR" in /usr/lib*) ok ;; *) bad "libdir $REL_LIBDIR is not under /usr/lib" ;; esac

for f in usr/include/Sslprovider.h usr/include/sslprovider.h usr/bin/sslprov usr/share/man/man1/sslprov.1 usr/share/man/man3/sslprovider.3; do
    [ -f "$DEST/$f" ] && ok || bad "missing $f"
done
for f in libsslprov.a cmake/sslprov/sslprov-config.cmake cmake/sslprov/sslprov-config-version.cmake \
    cmake/sslprov/sslprov-targets.cmake; do
    [ -f "$LIBDIR/$f" ] && ok || bad "missing $REL_LIBDIR/$f"
done
# One man page per exported function, and the bash completion.
n=0
for fn in $(grep -v '^#' "$SRC/tests/exported-symbols.txt" | grep -vE '^[A-Z0-9_]+$'); do
    n=$((n + 1))
    [ -f "$DEST/usr/share/man/man3/$fn.3" ] || bad "man page $fn.3 not installed"
done
[ "$n" -ge 50 ] && ok || bad "only $n exported functions listed"
[ -f "$DEST/usr/share/bash-completion/completions/sslprov" ] && ok || bad "bash completion not installed"
# The static archive shows only the exported names: internal symbols are local
# (one partially linked object, objcopy --localize-hidden).
if command -v nm >/dev/null 2>&1; then
    nm -g --defined-only "$LIBDIR/libsslprov.a" 2>/dev/null | awk 'NF == 3 {print $3}' | LC_ALL=C sort -u >"$TMP/a-syms"
    grep -v '^#' "$SRC/tests/exported-symbols.txt" | grep -vE '^[A-Z0-9_]+$' | LC_ALL=C sort -u >"$TMP/x-syms"
    extra=$(LC_ALL=C comm -23 "$TMP/a-syms" "$TMP/x-syms" | tr '\n' ' ')
    [ -z "$extra" ] && ok || bad "libsslprov.a exports internal symbols: $extra"
    [ -s "$TMP/a-syms" ] && ok || bad "libsslprov.a has no global symbols"
fi
# libsslprov.so -> libsslprov.so.0 -> libsslprov.so.X.Y.Z, SONAME libsslprov.so.0
[ "$(readlink "$LIBDIR/libsslprov.so")" = "libsslprov.so.0" ] && ok || bad "libsslprov.so symlink"
real=$(readlink "$LIBDIR/libsslprov.so.0")
[[ "$real" =~ ^libsslprov\.so\.0\.[0-9]+\.[0-9]+$ ]] && [ -f "$LIBDIR/$real" ] && ok || bad "libsslprov.so.0 -> '$real'"
soname=$(readelf -d "$LIBDIR/libsslprov.so.0" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libsslprov.so.0" ] && ok || bad "SONAME '$soname'"
# The .pc records the prefix installed to, and the header's version.
grep -qx 'prefix=/usr' "$pc" && ok || bad "sslprov.pc prefix: $(grep '^prefix' "$pc")"
hv=$(awk '/define SSLPROV_VERSION_(MAJOR|MINOR|PATCH)/ {printf "%s%s", sep, $3; sep="."}' "$SRC/include/Sslprovider.h")
grep -qx "Version: $hv" "$pc" && ok || bad "sslprov.pc version is not the header's $hv"
# The installed CLI runs.
LD_LIBRARY_PATH="$LIBDIR" "$DEST/usr/bin/sslprov" --version | grep -q "^sslprov $hv" && ok ||
    bad "installed sslprov --version"
# The tool is a client of the shared library, like any program.
readelf -d "$DEST/usr/bin/sslprov" | grep -q 'NEEDED.*\[libsslprov.so.0\]' && ok ||
    bad "sslprov is not linked against libsslprov.so.0"
nm -D --defined-only "$DEST/usr/bin/sslprov" 2>/dev/null | grep -qE ' (Ssl|GetSChannelInterface)' &&
    bad "sslprov defines Ssl* functions of its own" || ok

# --- the consumer ---------------------------------------------------------------
cat >"$TMP/consumer.c" <<'EOF'
/* A program using libsslprov through its installed header only (both names:
 * Sslprovider.h is the documented one, sslprovider.h includes it). */
#include <stdio.h>
#include <Sslprovider.h>
#include <sslprovider.h>

int main(void) {
    NCRYPT_PROV_HANDLE prov = 0;
    NCRYPT_SSL_CIPHER_SUITE suite;
    NCRYPT_SSL_FUNCTION_TABLE *table = NULL;
    if (SslOpenProvider(&prov, MS_SCHANNEL_PROVIDER, 0) != 0) return 1;
    if (SslLookupCipherSuiteInfo(prov, TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0, &suite, 0))
        return 2;
    if (suite.dwCipherLen != 128 || suite.dwCipherBlockLen != 16) return 3;
    if (GetSChannelInterface(NULL, &table, 0) != 0 || table->OpenProvider != SslOpenProvider) return 4;
    if (SslFreeObject(prov, 0) != 0) return 5;
    puts("consumer ok");
    return 0;
}
EOF

# 1. pkg-config, shared library.
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST"
export PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
if flags=$(pkg-config --cflags --libs sslprov 2>"$TMP/pc.err"); then
    ok
    case "$flags" in *"-I$DEST/usr/include"*) ok ;; *) bad "pkg-config cflags do not point into DESTDIR: $flags" ;; esac
    # shellcheck disable=SC2086
    if cc -std=c11 -Wall -Werror "${SAN[@]}" "$TMP/consumer.c" $flags -o "$TMP/consumer-pc" 2>"$TMP/cc.err"; then
        ok
        out=$(LD_LIBRARY_PATH="$LIBDIR" "$TMP/consumer-pc")
        [ "$out" = "consumer ok" ] && ok || bad "pkg-config consumer: '$out'"
        readelf -d "$TMP/consumer-pc" | grep -q 'NEEDED.*\[libsslprov.so.0\]' && ok ||
            bad "pkg-config consumer is not linked to libsslprov.so.0"
    else
        bad "pkg-config consumer does not build:"
        cat "$TMP/cc.err"
    fi
    pkg-config --exists 'sslprov >= 0.1' && ok || bad "pkg-config version check"
else
    bad "pkg-config sslprov: $(cat "$TMP/pc.err")"
fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# 2. CMake: find_package(sslprov), shared and static targets.
mkdir -p "$TMP/cm"
cp "$TMP/consumer.c" "$TMP/cm/consumer.c"
cat >"$TMP/cm/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.20)
project(sslprov_consumer LANGUAGES C)
find_package(sslprov 0.1 REQUIRED)
add_executable(consumer consumer.c)
target_link_libraries(consumer PRIVATE sslprov::sslprov)
add_executable(consumer_static consumer.c)
target_link_libraries(consumer_static PRIVATE sslprov::sslprov_static)
EOF
if cmake -S "$TMP/cm" -B "$TMP/cm/build" -DCMAKE_PREFIX_PATH="$DEST/usr" \
    -DCMAKE_C_FLAGS="${SAN[*]}" -DCMAKE_EXE_LINKER_FLAGS="${SAN[*]}" >"$TMP/cm.log" 2>&1 &&
    cmake --build "$TMP/cm/build" >>"$TMP/cm.log" 2>&1; then
    ok
    out=$("$TMP/cm/build/consumer")
    [ "$out" = "consumer ok" ] && ok || bad "CMake consumer (shared): '$out'"
    readelf -d "$TMP/cm/build/consumer" | grep -q 'NEEDED.*\[libsslprov.so.0\]' && ok ||
        bad "CMake consumer is not linked to libsslprov.so.0"
    out=$("$TMP/cm/build/consumer_static")
    [ "$out" = "consumer ok" ] && ok || bad "CMake consumer (static): '$out'"
    readelf -d "$TMP/cm/build/consumer_static" | grep -q 'libsslprov' && bad "static consumer needs libsslprov.so" || ok
    grep -q "sslprov_DIR:PATH=$LIBDIR/cmake/sslprov" "$TMP/cm/build/CMakeCache.txt" && ok ||
        bad "find_package did not use the DESTDIR package"
else
    bad "CMake consumer does not configure/build:"
    tail -30 "$TMP/cm.log"
fi

finish
