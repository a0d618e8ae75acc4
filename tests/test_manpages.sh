#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_manpages.sh - the per-function manual (issue #14):
#   - docs/man3 holds exactly one page per exported function of
#     tests/exported-symbols.txt (version nodes excluded), named after it;
#   - each page has NAME, SYNOPSIS (with the function), DESCRIPTION, RETURN VALUE
#     and SEE ALSO linking sslprovider(3); sslprovider(3) links every page;
#   - every page, sslprovider(3) and sslprov(1) lint clean with mandoc -T lint
#     and render without groff -ww warnings, and man -l reads them (each when
#     installed; otherwise one SKIP note per tool);
#   - the environment variables the library and the CLI read (getenv in src/
#     and tools/) are all named in ENVIRONMENT of sslprovider(3) or sslprov(1).
# New function: add its row to tools/gen-man3.py, run it, commit the page.
#   usage: test_manpages.sh BUILD_DIR SOURCE_DIR
set -u
SRC=$(cd "${2:?source dir}" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
MAN3="$SRC/docs/sslprovider.3"
MAN1="$SRC/docs/sslprov.1"

grep -v '^#' "$SRC/tests/exported-symbols.txt" | grep -vE '^[A-Z0-9_]+$' | sed '/^$/d' | LC_ALL=C sort >"$TMP/want"
(cd "$SRC/docs/man3" && ls -- *.3 2>/dev/null) | sed 's/\.3$//' | LC_ALL=C sort >"$TMP/have"
[ "$(wc -l <"$TMP/want")" -ge 50 ] && ok || bad "fewer than 50 exported functions"
if diff -u "$TMP/want" "$TMP/have" >"$TMP/diff"; then
    ok
else
    bad "docs/man3 pages (+) differ from the exported functions (-) (add a row to tools/gen-man3.py and run it):"
    cat "$TMP/diff"
fi

# One awk pass over every page (process start-up is the cost on a busy machine):
# each problem is one line "FAIL: ...".
(cd "$SRC/docs/man3" && awk '
    FNR == 1 {
        if (prev != "") check(prev)
        prev = FILENAME; fn = FILENAME; sub(/\.3$/, "", fn)
        delete sec; th = name = syn = see = spdx = 0
    }
    /^\.SH / { s = substr($0, 5); sec[s] = 1 }
    /SPDX-License-Identifier: MIT/ { spdx = 1 }
    $0 == ".TH " toupper(fn) " 3" || index($0, ".TH " toupper(fn) " 3 ") == 1 { th = 1 }
    index($0, fn " \\- ") == 1 { name = 1 }
    index($0, "\\fB" fn "\\fP(") > 0 { syn = 1 }
    index($0, ".BR sslprovider (3)") == 1 { see = 1 }
    function check(f,   i, want) {
        split("NAME|SYNOPSIS|DESCRIPTION|RETURN VALUE|SEE ALSO", want, "|")
        for (i = 1; i <= 5; i++) if (!(want[i] in sec)) print "FAIL: " f ": no " want[i] " section"
        if (!th) print "FAIL: " f ": .TH is not the function in section 3"
        if (!name) print "FAIL: " f ": NAME line does not name the function"
        if (!syn) print "FAIL: " f ": synopsis does not show the function"
        if (!see) print "FAIL: " f ": SEE ALSO does not link sslprovider(3)"
        if (!spdx) print "FAIL: " f ": no SPDX line"
        print "checked " f
    }
    END { if (prev != "") check(prev) }
' *.3) >"$TMP/pages.out"
grep '^FAIL' "$TMP/pages.out" && fail=$((fail + $(grep -c '^FAIL' "$TMP/pages.out")))
pass=$((pass + $(grep -c '^checked' "$TMP/pages.out")))
# sslprovider(3) links every page.
sed -n 's/^\.BR \([A-Za-z0-9]*\) (3),*$/\1/p' "$MAN3" | LC_ALL=C sort -u >"$TMP/linked"
missing=$(LC_ALL=C comm -23 "$TMP/have" "$TMP/linked" | tr '\n' ' ')
[ -z "$missing" ] && ok || bad "sslprovider(3) SEE ALSO does not link: $missing"

pages=("$SRC"/docs/man3/*.3 "$MAN3" "$MAN1")
if command -v mandoc >/dev/null 2>&1; then
    out=$(mandoc -T lint "${pages[@]}" 2>&1)
    [ -z "$out" ] && ok || bad "mandoc -T lint: $out"
else
    echo "SKIP: mandoc not installed: pages not linted (tools/install-deps.sh --test installs it)"
fi
if command -v groff >/dev/null 2>&1; then
    for p in "${pages[@]}"; do
        out=$(groff -man -Tutf8 -ww -z "$p" 2>&1)
        [ -z "$out" ] && ok || bad "$(basename "$p"): groff: $out"
    done
else
    echo "SKIP: groff not installed: pages not rendered"
fi
# man -l costs about a second a page here: the overview, the CLI page and three
# function pages (groff above renders every page the way man does).
if command -v man >/dev/null 2>&1 && man -l "$MAN3" >/dev/null 2>&1; then
    for p in "$MAN3" "$MAN1" "$SRC/docs/man3/SslOpenProvider.3" "$SRC/docs/man3/SslEncryptPacket.3" \
        "$SRC/docs/man3/SslProvStatusString.3"; do
        n=$(MANPAGER=cat MANWIDTH=80 man -l "$p" 2>/dev/null | wc -l)
        [ "$n" -gt 10 ] && ok || bad "man -l $(basename "$p"): $n lines"
    done
else
    echo "SKIP: man -l not available: pages not read with man"
fi

# ENVIRONMENT: every variable the library or the CLI reads.
vars=$(grep -ohE 'getenv\("[A-Z0-9_]+"\)' "$SRC"/src/*.c "$SRC"/tools/*.c "$SRC"/tools/tls/*.c 2>/dev/null |
    sed 's/getenv("\(.*\)")/\1/' | sort -u)
[ -n "$vars" ] && ok || bad "no getenv found in src/ and tools/"
envsec() { awk '/^\.SH ENVIRONMENT/{f=1; next} /^\.SH /{f=0} f' "$1"; }
for v in $vars; do
    { envsec "$MAN3"; envsec "$MAN1"; } | grep -q "$v" && ok || bad "$v is read but not in ENVIRONMENT of sslprovider(3)/sslprov(1)"
done
case "$vars" in *SSLPROV_KEY_PATH*) envsec "$MAN3" | grep -q SSLPROV_KEY_PATH && ok ||
    bad "sslprovider(3) ENVIRONMENT lacks SSLPROV_KEY_PATH" ;; esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
