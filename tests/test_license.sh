#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_license.sh - LICENSE is there, and every source file of the repository
# (C, headers, shell, Python, CMake, Makefile, linker map, suppressions, man
# pages, scripts with a #! line) carries the licence lines in its first lines:
#   SPDX-License-Identifier: MIT
#   Copyright (c) ... the sslprov authors
# The files are the ones git tracks (in a git checkout), else every file under
# the source directory outside build trees.  Data (vectors, corpora, keys,
# certificates) and prose (*.md, LICENSE) carry no licence lines.
#   usage: test_license.sh BUILD_DIR SOURCE_DIR
set -u
SRC=$(cd "${2:?source dir}" && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

[ -f "$SRC/LICENSE" ] && grep -q '^MIT License' "$SRC/LICENSE" && grep -q 'the sslprov authors' "$SRC/LICENSE" && ok ||
    bad "LICENSE missing or not the MIT licence of the sslprov authors"

cd "$SRC" || exit 1
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
    [ "$(git rev-parse --show-toplevel)" = "$SRC" ]; then
    list() { git ls-files; }
    how="git ls-files"
else
    list() { find . -type f ! -path './.git/*' ! -path './build*' | sed 's|^\./||' | LC_ALL=C sort; }
    how="find"
fi

is_source() {
    case "$1" in
    tests/vectors/*.txt | fuzz/corpus/* | *.md | LICENSE | *.pem | *.key | *.crt | *.der) return 1 ;;
    *.c | *.h | *.sh | *.bash | *.py | *.cmake | *.in | *.map | *.supp | CMakeLists.txt | */CMakeLists.txt | Makefile | \
        */Makefile | *.[1-9] | .ci/*) return 0 ;;
    esac
    head -c 2 "$1" 2>/dev/null | grep -q '^#!' # any other script
}

n=0
while IFS= read -r f; do
    [ -f "$f" ] || continue
    is_source "$f" || continue
    n=$((n + 1))
    head -6 "$f" | grep -q 'SPDX-License-Identifier: MIT' && ok || bad "$f: no SPDX-License-Identifier: MIT line"
    head -6 "$f" | grep -qE 'Copyright \(c\) [0-9]{4}(-[0-9]{4})? the sslprov authors' && ok ||
        bad "$f: no 'Copyright (c) YEARS the sslprov authors' line"
done < <(list)
echo "# $n source files checked ($how)"
[ "$n" -ge 100 ] && ok || bad "only $n source files found"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
