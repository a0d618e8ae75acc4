#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_docs.sh - the documentation stays true to the code:
#   - sslprovider(3) names every SslProv*/SSLPROV_* item of the header;
#   - sslprov(1) documents every subcommand of the CLI's table;
#   - both man pages render without groff warnings (when groff is installed);
#   - the README opens with exactly `make demo` and `make check`, and its C
#     example compiles.
#   usage: test_docs.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=${1:?build dir}
SRC=${2:?source dir}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
MAN3="$SRC/docs/sslprovider.3"
MAN1="$SRC/docs/sslprov.1"

# Extension identifiers: whole names only (not include guards, the build flag, or
# the struct tags behind the typedefs, which the page names by their typedef).
grep -oE '\b(SSLPROV_[A-Z0-9_]*[A-Z0-9]|SslProv[A-Za-z]+)\b' "$SRC/include/Sslprovider.h" | sort -u |
    grep -vxE 'SSLPROV_SSLPROVIDER_H|SSLPROV_BUILDING_LIBRARY' >"$BUILD/doc_ids.txt"
n=0
while read -r id; do
    n=$((n + 1))
    grep -q -- "$id" "$MAN3" && ok || bad "sslprovider(3) does not mention $id"
done <"$BUILD/doc_ids.txt"
[ "$n" -ge 40 ] && ok || bad "only $n extension identifiers found in the header"

# Every CLI subcommand is in sslprov(1).
cmds=$(sed -n 's/^ *{"\([a-z0-9-]*\)", ".*cmd_.*/\1/p' "$SRC/tools/cli_main.c")
[ -n "$cmds" ] && ok || bad "no subcommands found in tools/cli_main.c"
for c in $cmds; do
    grep -q "^\.SS $c\$" "$MAN1" && ok || bad "sslprov(1) has no section for '$c'"
    "$BUILD/sslprov" "$c" --help >/dev/null 2>&1 && ok || bad "sslprov $c --help fails"
done

if command -v groff >/dev/null 2>&1; then
    for m in "$MAN1" "$MAN3"; do
        warn=$(groff -man -Tutf8 -ww -z "$m" 2>&1)
        [ -z "$warn" ] && ok || bad "$(basename "$m"): $warn"
    done
else
    echo "note: groff not installed; man pages not rendered"
fi

# README: the first code block is exactly the two commands.
block=$(awk '/^```/{n++; next} n==1' "$SRC/README.md" | sed 's/ *#.*//' | sed '/^$/d' | tr '\n' ';')
[ "$block" = "make demo;make check;" ] && ok || bad "README's first block is '$block'"

# The README's C example compiles against the header.
awk '/^```c$/{f=1; next} /^```/{f=0} f' "$SRC/README.md" >"$BUILD/readme_example.c"
if [ -s "$BUILD/readme_example.c" ] &&
    cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$SRC/include" "$BUILD/readme_example.c" 2>"$BUILD/readme_example.err"; then
    ok
else
    bad "README's C example does not compile: $(head -5 "$BUILD/readme_example.err" 2>/dev/null)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
