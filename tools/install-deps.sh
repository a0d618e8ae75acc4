#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# Installs what building and testing sslprov needs on Debian, if missing.
# Idempotent and quiet when everything is present.  Never run by `make`,
# `make install` or CMake: only by `make deps`, and by `make check` / `make demo`
# when they run as root.
#   install-deps.sh           the build dependencies (C compiler, CMake, pkg-config, libssl-dev)
#   install-deps.sh --test    + the test tools and interop peers (make check)
#   install-deps.sh --demo    + openssl (make demo)
# SSLPROV_EXTRA_DEPS adds more packages (.ci/run: clang for the hardening builds).
set -euo pipefail
mode=${1:-}
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
want() { for p in "$@"; do have "$p" || need+=("$p"); done; }
command -v dpkg-query >/dev/null || {
    echo "install-deps.sh: not a Debian system; install the packages named in README.md" >&2
    exit 1
}
want build-essential cmake pkg-config libssl-dev
case "$mode" in
--test)
    # openssl: test PKI and peer; valgrind: test_consttime, make check-valgrind;
    # groff-base and mandoc: tests/test_docs.sh and test_manpages.sh render and
    # lint the man pages; clang-format: make format-check; iproute2 (ss) and
    # python3: the interop scripts find free ports and cut HTTP bodies with them
    # (tests/interop/lib.bash, test_interop_openssl.sh).
    want openssl valgrind groff-base mandoc clang-format iproute2 python3 git
    # Interop peers for tests/test_interop_*.sh (issue #6): GnuTLS and NSS tools;
    # tshark decrypts a capture with sslprov's key log (test_interop_tshark.sh);
    # libnss3-dev / libgnutls28-dev build the test peers (tests/peers/) and the
    # benchmarks' peer columns.
    want gnutls-bin libnss3-tools tshark libnss3-dev libgnutls28-dev
    # Windows builds of Sslprovider.h (tests/test_header_windows.sh): the
    # mingw-w64 cross compiler with its SDK headers and ncrypt import library,
    # and Wine's Windows headers for Linux.
    want gcc-mingw-w64-x86-64 libwine-dev
    ;;
--demo) want openssl iproute2 ;;
"") ;;
*)
    echo "usage: $0 [--test|--demo]" >&2
    exit 2
    ;;
esac
# shellcheck disable=SC2086
want ${SSLPROV_EXTRA_DEPS:-}
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages: ${need[*]} (run as root or install them)" >&2
        exit 1
    fi
    echo "installing: ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    # tshark pulls in wireshark-common, which asks whether non-root users may capture
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need[@]}" >/dev/null
fi
