#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_header_windows.sh - Sslprovider.h serves Windows builds too (issue #11,
# item 3).  tests/windows/sdk_program.c includes <windows.h> <wincrypt.h>
# <bcrypt.h> <ncrypt.h> and <Sslprovider.h> and calls SslOpenProvider,
# SslLookupCipherLengths, SslEncryptPacket, SslOpenPrivateKey and the NCrypt
# key storage functions.  It must:
#   1. build and link with x86_64-w64-mingw32-gcc -Wall -Wextra -Werror ... -lncrypt
#      (mingw-w64's ncrypt import library exports the real ncrypt.dll's Ssl*),
#      SDK headers first and Sslprovider.h first, with the CERT_CONTEXT /
#      CERT_INFO / NCryptBuffer layout of the Linux header asserted against the
#      SDK's (tests/windows/cert_layout.c prints the assertions);
#   2. on Linux with Wine's windows.h first: compile without a warning, link
#      against libsslprov and run.
# Also: both <Sslprovider.h> and <sslprovider.h> work from the source tree.
# A part whose compiler / headers are missing prints one SKIP line.
#   usage: test_header_windows.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$(cd "${1:?build dir}" && pwd)
SRC=$(cd "${2:?source dir}" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "ok   $*"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL $*"
}
SAN=()
grep -q '^SSLPROV_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN=(-fsanitize=address,undefined)
grep -q '^SSLPROV_TSAN:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null && SAN=(-fsanitize=thread)
CC=${CC:-cc}
PROG="$SRC/tests/windows/sdk_program.c"

# --- both file names, Linux ---------------------------------------------------------
for h in Sslprovider.h sslprovider.h; do
    printf '#include <%s>\nint main(void) { NCRYPT_PROV_HANDLE h = 0; return SslOpenProvider(&h, NULL, 0) == 0 ? SslFreeObject(h, 0) : 1; }\n' \
        "$h" >"$TMP/name.c"
    if "$CC" -std=c11 -Wall -Wextra -Werror "${SAN[@]}" -I"$SRC/include" "$TMP/name.c" -L"$BUILD" -lsslprov \
        -Wl,-rpath,"$BUILD" -o "$TMP/name" 2>"$TMP/name.err" && "$TMP/name"; then
        ok "#include <$h> builds and runs"
    else
        bad "#include <$h>: $(head -5 "$TMP/name.err")"
    fi
done

# --- mingw-w64 ------------------------------------------------------------------------
MINGW=${MINGW_CC:-x86_64-w64-mingw32-gcc}
if command -v "$MINGW" >/dev/null 2>&1; then
    # The Linux header's layouts, as assertions the SDK's structures must pass.
    if "$CC" -std=c11 -I"$SRC/include" "${SAN[@]}" "$SRC/tests/windows/cert_layout.c" -o "$TMP/layout" 2>"$TMP/layout.err" &&
        "$TMP/layout" >"$TMP/layout.h"; then
        ok "layout assertions generated ($(grep -c _Static_assert "$TMP/layout.h"))"
    else
        bad "cert_layout.c: $(head -5 "$TMP/layout.err")"
    fi
    for order in sdk-first sslprovider-first; do
        defs=()
        [ "$order" = sslprovider-first ] && defs=(-DSDK_AFTER)
        if "$MINGW" -std=c11 -Wall -Wextra -Werror "${defs[@]}" -DCERT_LAYOUT_H="\"$TMP/layout.h\"" \
            -I"$SRC/include" "$PROG" -o "$TMP/prog-$order.exe" -lncrypt 2>"$TMP/mingw-$order.err"; then
            ok "mingw-w64 $order: builds and links with -Werror -lncrypt"
        else
            bad "mingw-w64 $order:"
            head -30 "$TMP/mingw-$order.err"
        fi
    done
    # The import library resolves the Ssl* calls to ncrypt.dll.
    if x86_64-w64-mingw32-objdump -p "$TMP/prog-sdk-first.exe" 2>/dev/null | grep -qi 'DLL Name: ncrypt.dll'; then
        ok "the program imports ncrypt.dll"
    else
        bad "the program does not import ncrypt.dll"
    fi
    # C++ too (the header's extern "C", WCHAR = wchar_t there).
    MINGWXX=${MINGW%gcc}g++
    if command -v "$MINGWXX" >/dev/null 2>&1; then
        if "$MINGWXX" -x c++ -std=c++17 -Wall -Wextra -Werror -I"$SRC/include" "$PROG" -o "$TMP/progxx.exe" \
            -lncrypt 2>"$TMP/mingwxx.err"; then
            ok "mingw-w64 C++17 builds and links"
        else
            bad "mingw-w64 C++17:"
            head -30 "$TMP/mingwxx.err"
        fi
    fi
else
    echo "SKIP mingw-w64 part: $MINGW not installed (Debian package gcc-mingw-w64-x86-64)"
fi

# --- Wine's headers on Linux ------------------------------------------------------------
WINE_INC=""
for d in /usr/include/wine/wine/windows /usr/include/wine/windows; do
    [ -f "$d/windows.h" ] && WINE_INC=$d && break
done
if [ -n "$WINE_INC" ]; then
    # Wine's headers need GNU C (they use u_short etc. from BSD names).
    if "$CC" -std=gnu11 -Wall -Wextra -Werror "${SAN[@]}" -I"$WINE_INC" -I"$SRC/include" "$PROG" -L"$BUILD" -lsslprov \
        -Wl,-rpath,"$BUILD" -o "$TMP/wine-prog" 2>"$TMP/wine.err"; then
        [ -s "$TMP/wine.err" ] && bad "Wine headers: warnings: $(head -5 "$TMP/wine.err")" ||
            ok "Wine's windows.h first: compiles without a warning"
        if out=$("$TMP/wine-prog" 2>&1); then
            ok "Wine-header program runs against libsslprov: $out"
        else
            bad "Wine-header program exits $?: $out"
        fi
    else
        bad "Wine's windows.h first:"
        head -30 "$TMP/wine.err"
    fi
else
    echo "SKIP Wine part: Wine's windows.h not installed (Debian package libwine-dev)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
