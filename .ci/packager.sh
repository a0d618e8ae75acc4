#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# packager.sh - the build a distribution packager does (issue #14), run by
# .ci/run as root:
#   1. the repository alone: `git archive HEAD` (or a copy without build trees)
#      into a fresh temporary directory, nothing beside it;
#   2. `make check` there as a normal user (created if absent): nothing may be
#      installed, tests needing what the user lacks print SKIP;
#   3. `make install DESTDIR=... PREFIX=/usr`: the multiarch libdir, then a
#      pkg-config consumer and a CMake consumer built from the staged tree;
#   4. `make uninstall` leaves the DESTDIR empty.
set -euo pipefail
cd "$(dirname "$0")/.."
USER_NAME=${SSLPROV_CI_USER:-sslprov-build}
[ "$(id -u)" = 0 ] || {
    echo "packager.sh: run as root (it creates the build user)" >&2
    exit 1
}
id "$USER_NAME" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$USER_NAME"
W=$(mktemp -d /tmp/sslprov-packager.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git archive --format=tar HEAD | tar -x -C "$W/src"
else
    tar -c --exclude='./build*' --exclude=./.git . | tar -x -C "$W/src"
fi
chown -R "$USER_NAME:" "$W"
as_user() { runuser -u "$USER_NAME" -- env HOME="$W" PATH="$PATH" "$@"; }

echo "== packager: make check as $USER_NAME in $W/src"
# The whole output: ctest prints the output of failing tests only.
as_user make -C "$W/src" check CMAKE_FLAGS="${CMAKE_FLAGS:-}" 2>&1 | tee "$W/check.log" | grep -v '^\[ *[0-9]*%\]'
grep -q '100% tests passed' "$W/check.log"
grep -q 'installing:' "$W/check.log" && {
    echo "FAIL: make check as a normal user tried to install packages"
    exit 1
}

echo "== packager: make install DESTDIR=$W/stage PREFIX=/usr"
as_user make -C "$W/src" install DESTDIR="$W/stage" PREFIX=/usr >"$W/install.log" 2>&1 || {
    cat "$W/install.log"
    exit 1
}
multiarch=$(gcc -print-multiarch 2>/dev/null || true)
if [ -n "$multiarch" ] && [ -f /etc/debian_version ]; then
    LIBDIR="$W/stage/usr/lib/$multiarch"
else
    LIBDIR=$(dirname "$(find "$W/stage/usr" -name libsslprov.so.0 | head -1)")
fi
for f in libsslprov.so.0 libsslprov.a pkgconfig/sslprov.pc cmake/sslprov/sslprov-config.cmake; do
    [ -e "$LIBDIR/$f" ] || {
        echo "FAIL: $LIBDIR/$f not installed"
        exit 1
    }
done
for f in usr/bin/sslprov usr/include/sslprovider.h usr/share/man/man3/SslOpenProvider.3 \
    usr/share/man/man3/sslprovider.3 usr/share/bash-completion/completions/sslprov; do
    [ -e "$W/stage/$f" ] || {
        echo "FAIL: /$f not installed"
        exit 1
    }
done

echo "== packager: consumers of the staged tree"
cp "$W/src/examples/tls12_session_keys.c" "$W/consumer.c"
chown "$USER_NAME:" "$W/consumer.c"
as_user env PKG_CONFIG_PATH="$LIBDIR/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$W/stage" \
    sh -c 'cc -std=c11 -Wall -Werror "$0/consumer.c" $(pkg-config --cflags --libs sslprov) -o "$0/consumer-pc"' "$W"
LD_LIBRARY_PATH="$LIBDIR" "$W/consumer-pc" | tail -1
mkdir -p "$W/cm"
cp "$W/consumer.c" "$W/cm/consumer.c"
cat >"$W/cm/CMakeLists.txt" <<'CMEOF'
cmake_minimum_required(VERSION 3.20)
project(consumer LANGUAGES C)
find_package(sslprov 0.2 REQUIRED)
add_executable(consumer consumer.c)
target_link_libraries(consumer PRIVATE sslprov::sslprov)
add_executable(consumer_static consumer.c)
target_link_libraries(consumer_static PRIVATE sslprov::sslprov_static)
CMEOF
chown -R "$USER_NAME:" "$W/cm"
as_user cmake -S "$W/cm" -B "$W/cm/build" -DCMAKE_PREFIX_PATH="$W/stage/usr" >/dev/null
as_user cmake --build "$W/cm/build" >/dev/null
"$W/cm/build/consumer_static" | tail -1
LD_LIBRARY_PATH="$LIBDIR" "$W/cm/build/consumer" | tail -1

echo "== packager: make uninstall"
as_user make -C "$W/src" uninstall DESTDIR="$W/stage" >/dev/null
left=$(find "$W/stage" -mindepth 1 | head -5)
[ -z "$left" ] || {
    echo "FAIL: make uninstall left: $left"
    exit 1
}
echo "packager: ok"
