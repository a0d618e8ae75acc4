#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# install-dirs.sh - what `make install` created, for `make uninstall`.
#   install-dirs.sh before BUILD DESTDIR   note the directories the install will create
#   install-dirs.sh after BUILD DESTDIR    keep the list of files installed
#   install-dirs.sh uninstall BUILD        remove those files, then those directories
# cmake --install writes BUILD/install_manifest.txt on every install (tests do
# too, into temporary directories), so the lists live in files of their own:
# BUILD/sslprov-installed-files.txt and BUILD/sslprov-installed-dirs.txt, with
# DESTDIR included in every path (install_manifest.txt has it not).
set -euo pipefail
mode=${1:?mode}
BUILD=${2:?build dir}
DEST=${3:-}
FILES="$BUILD/sslprov-installed-files.txt"
DIRS="$BUILD/sslprov-installed-dirs.txt"

case "$mode" in
before)
    # A trial install into a scratch directory tells which directories the
    # real one needs; those missing now are the ones it creates.
    prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$BUILD/CMakeCache.txt")
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    DESTDIR="$tmp" cmake --install "$BUILD" --prefix "$prefix" >/dev/null
    : >"$DIRS.new"
    (cd "$tmp" && find . -mindepth 1 -type d) | sed 's|^\.||' | LC_ALL=C sort | while read -r d; do
        [ -d "$DEST$d" ] || echo "$DEST$d" >>"$DIRS.new"
    done
    # Keep what an earlier install created (a reinstall creates nothing).
    cat "$DIRS.new" "$DIRS" 2>/dev/null | LC_ALL=C sort -u >"$DIRS.tmp" || true
    mv "$DIRS.tmp" "$DIRS"
    rm -f "$DIRS.new"
    ;;
after)
    # CMake's manifest lists the paths without DESTDIR: add it.
    awk -v d="$DEST" '{print d $0}' "$BUILD/install_manifest.txt" >"$FILES"
    ;;
uninstall)
    if [ ! -f "$FILES" ]; then
        echo "nothing to uninstall (no $FILES)"
        exit 0
    fi
    while IFS= read -r f; do
        { [ -n "$f" ] && rm -f -- "$f" && echo "removed $f"; } || true
    done <"$FILES"
    # Deepest first; only directories that are empty now.
    if [ -f "$DIRS" ]; then
        awk '{print length($0) "\t" $0}' "$DIRS" | sort -rn | cut -f2- | while IFS= read -r d; do
            { [ -d "$d" ] && rmdir -- "$d" 2>/dev/null && echo "removed $d/"; } || true
        done
    fi
    rm -f "$FILES" "$DIRS"
    ;;
*)
    echo "usage: $0 before|after|uninstall BUILD [DESTDIR]" >&2
    exit 2
    ;;
esac
