#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_completion.sh - the bash completion of sslprov (tools/completion):
# subcommands, options read from `sslprov SUB --help`, suite names.
#   usage: test_completion.sh BUILD_DIR SOURCE_DIR
set -u
BUILD=$(cd "${1:?build dir}" && pwd)
SRC=$(cd "${2:?source dir}" && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
# shellcheck source=/dev/null
. "$SRC/tools/completion/sslprov.bash"
complete -p sslprov >/dev/null 2>&1 && ok || bad "completion not registered"

# complete WORDS...: COMPREPLY for the last word, one line
complete_words() {
    COMP_WORDS=("$BUILD/sslprov" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _sslprov
    printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
}
has() { # description, reply, expected word
    case " $2 " in *" $3 "*) ok ;; *) bad "$1: '$3' not offered (got: $2)" ;; esac
}
r=$(complete_words se)
[ "$r" = "server " ] && ok || bad "'se' -> '$r'"
r=$(complete_words "")
for w in client derive server suites; do has "subcommands" "$r" "$w"; done
r=$(complete_words server --ke)
for w in --key --key-update --keylog; do has "server --ke" "$r" "$w"; done
r=$(complete_words derive --)
for w in --protocol --suite --master-secret --client-random --server-random; do has "derive --" "$r" "$w"; done
r=$(complete_words derive --protocol tls1.)
for w in tls1.0 tls1.1 tls1.2 tls1.3; do has "--protocol" "$r" "$w"; done
r=$(complete_words derive --suite ECDHE-RSA-AES128-GCM)
has "--suite (OpenSSL name)" "$r" ECDHE-RSA-AES128-GCM-SHA256
r=$(complete_words client x --cipher TLS_AES_128_G)
has "--cipher (IANA name)" "$r" TLS_AES_128_GCM_SHA256

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
