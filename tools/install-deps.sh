#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# Installs what building and testing sslprov needs on Debian, if missing.
# Idempotent and quiet when everything is present.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# groff-base: tests/test_docs.sh renders the man pages.
# iproute2 (ss) and python3: the interop scripts find free ports and cut HTTP
# bodies with them (tests/interop/lib.bash, test_interop_openssl.sh).
for p in build-essential cmake pkg-config libssl-dev openssl valgrind groff-base clang-format iproute2 python3; do
  have "$p" || need+=("$p")
done
# Interop peers for tests/test_interop_*.sh (issue #6): GnuTLS and NSS tools;
# tshark decrypts a capture with sslprov's key log (test_interop_tshark.sh);
# libnss3-dev / libgnutls28-dev build the test peers (tests/peers/) and the
# benchmarks' peer columns.
for p in gnutls-bin libnss3-tools tshark libnss3-dev libgnutls28-dev; do
  have "$p" || need+=("$p")
done
# Windows builds of Sslprovider.h (tests/test_header_windows.sh): the mingw-w64
# cross compiler with its SDK headers and ncrypt import library, and Wine's
# Windows headers for Linux.
for p in gcc-mingw-w64-x86-64 libwine-dev; do
  have "$p" || need+=("$p")
done
for p in ${SSLPROV_EXTRA_DEPS:-}; do have "$p" || need+=("$p"); done
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
