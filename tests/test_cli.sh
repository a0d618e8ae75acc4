#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# test_cli.sh - the sslprov command-line tool.
#   usage: test_cli.sh BUILD_DIR SOURCE_DIR
#
# 1. Usage errors: exit status 2 and exactly one line on stderr, per error class.
# 2. --help / --version.
# 3. "sslprov suites": table header, known rows, protocol filter.
# 4. "sslprov derive" against independent implementations on deterministic
#    pseudo-random inputs: OpenSSL's "openssl kdf TLS1-PRF" (MD5-SHA1 for
#    TLS 1.0/1.1/DTLS 1.0, the suite's SHA-256/384 for TLS 1.2/DTLS 1.2) and, for
#    SSL 3.0 (no openssl kdf), the RFC 6101 section 6.2.2 formula computed with
#    "openssl dgst" plus the ssl3_kdf.txt known answer.  The expected partition
#    (MAC keys, keys, IVs) comes from RFC 5246 section 6.3 / RFC 6101 / RFC 5288 /
#    RFC 7905, written out per suite below, independent of the library's catalogue.
set -u
BUILD=${1:?build dir}
SRC=${2:?source dir}
CLI="$BUILD/sslprov"
VECTORS=${SSLPROV_VECTORS_DIR:-$(sed -n 's/^SSLPROV_VECTORS_DIR:PATH=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)}
VECTORS=${VECTORS:-$SRC/tests/vectors}
SEED=${SSLPROV_TEST_SEED:-sslprov-cli}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*" >&2
}

[ -x "$CLI" ] || {
    echo "FAIL: $CLI not built" >&2
    exit 1
}

# --- 1. usage errors ---------------------------------------------------------

MS=$(printf '%096d' 0 | tr 0 a)
CR=$(printf '%064d' 0 | tr 0 c)
SR=$(printf '%064d' 0 | tr 0 d)

# expect_usage NAME ARGS...: exit 2, nothing on stdout, exactly one stderr line
# starting with "sslprov".
expect_usage() {
    local name=$1
    shift
    "$CLI" "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    local lines
    lines=$(wc -l <"$TMP/err")
    if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$TMP/out" ] && grep -q '^sslprov' "$TMP/err"; then
        ok
    else
        bad "$name: want exit 2 + one stderr line, got exit $rc, $lines lines: $(head -c 300 "$TMP/err")"
    fi
}

D=(derive --protocol tls1.2 --suite TLS_RSA_WITH_AES_128_CBC_SHA)
expect_usage "no command"
expect_usage "unknown command" frobnicate
expect_usage "bad hex (not hex)" "${D[@]}" --master-secret "zz${MS:2}" --client-random "$CR" --server-random "$SR"
expect_usage "bad hex (odd length)" "${D[@]}" --master-secret "${MS}a" --client-random "$CR" --server-random "$SR"
expect_usage "short master secret" "${D[@]}" --master-secret "${MS:2}" --client-random "$CR" --server-random "$SR"
expect_usage "long master secret" "${D[@]}" --master-secret "${MS}00" --client-random "$CR" --server-random "$SR"
expect_usage "short client random" "${D[@]}" --master-secret "$MS" --client-random "${CR:2}" --server-random "$SR"
expect_usage "long server random" "${D[@]}" --master-secret "$MS" --client-random "$CR" --server-random "${SR}0000"
expect_usage "empty client random" "${D[@]}" --master-secret "$MS" --client-random "" --server-random "$SR"
expect_usage "unknown suite" derive --protocol tls1.2 --suite TLS_NO_SUCH_SUITE --master-secret "$MS" \
    --client-random "$CR" --server-random "$SR"
expect_usage "unknown suite id" derive --protocol tls1.2 --suite 0xFFFF --master-secret "$MS" \
    --client-random "$CR" --server-random "$SR"
expect_usage "malformed suite id" derive --protocol tls1.2 --suite 0x2Fg --master-secret "$MS" \
    --client-random "$CR" --server-random "$SR"
expect_usage "unknown protocol" derive --protocol tls9 --suite AES128-SHA --master-secret "$MS" \
    --client-random "$CR" --server-random "$SR"
expect_usage "tls1.3 is not a derive protocol" derive --protocol tls1.3 --suite TLS_AES_128_GCM_SHA256 \
    --master-secret "$MS" --client-random "$CR" --server-random "$SR"
expect_usage "suite not defined for protocol" derive --protocol tls1.0 --suite ECDHE-RSA-AES128-GCM-SHA256 \
    --master-secret "$MS" --client-random "$CR" --server-random "$SR"
expect_usage "export suite refused" derive --protocol tls1.0 --suite TLS_RSA_EXPORT_WITH_RC4_40_MD5 \
    --master-secret "$MS" --client-random "$CR" --server-random "$SR"
expect_usage "missing --server-random" "${D[@]}" --master-secret "$MS" --client-random "$CR"
expect_usage "missing --protocol" derive --suite AES128-SHA --master-secret "$MS" --client-random "$CR" \
    --server-random "$SR"
expect_usage "option without value" "${D[@]}" --master-secret "$MS" --client-random "$CR" --server-random
expect_usage "unknown option" "${D[@]}" --master-secret "$MS" --client-random "$CR" --server-random "$SR" --frob
expect_usage "suites: unknown protocol" suites --protocol tls2.0
expect_usage "suites: unknown option" suites --all

# --- 2. help and version -------------------------------------------------------

for args in "--help" "suites --help" "derive --help" "derive --protocol tls1.2 --help"; do
    # shellcheck disable=SC2086
    if "$CLI" $args >"$TMP/out" 2>"$TMP/err" && grep -q '^usage: sslprov' "$TMP/out" && [ ! -s "$TMP/err" ]; then
        ok
    else
        bad "sslprov $args: want usage on stdout, exit 0"
    fi
done
grep -q 'derive' <("$CLI" --help) && grep -q 'suites' <("$CLI" --help) && ok || bad "--help lists the commands"
if "$CLI" --version | grep -Eq '^sslprov [0-9]+\.[0-9]+\.[0-9]+ \(libsslprov [0-9]+\.[0-9]+\.[0-9]+, OpenSSL 3'; then
    ok
else
    bad "--version: $("$CLI" --version 2>&1)"
fi

# --- 3. suites -------------------------------------------------------------------

"$CLI" suites >"$TMP/suites" 2>"$TMP/err" && ok || bad "suites: exit $?"
head -1 "$TMP/suites" | grep -q '^ID .*IANA name .*OpenSSL name .*protocols .*kx/auth .*cipher .*MAC/PRF' && ok ||
    bad "suites: header line"
row() { grep -E "^$1 " "$TMP/suites"; }
row 0xC02F | grep -Eq 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 +ECDHE-RSA-AES128-GCM-SHA256 +tls1.2,dtls1.2 +ECDH/RSA +AES-128-GCM +AEAD/SHA256$' &&
    ok || bad "suites: 0xC02F row: $(row 0xC02F)"
row 0x002F | grep -Eq 'TLS_RSA_WITH_AES_128_CBC_SHA +AES128-SHA +tls1.2,tls1.1,tls1.0,ssl3,dtls1.2,dtls1.0 +RSA +AES-128-CBC +SHA1/SHA256$' &&
    ok || bad "suites: 0x002F row: $(row 0x002F)"
row 0xCCA8 | grep -q 'ECDHE-RSA-CHACHA20-POLY1305' && ok || bad "suites: ChaCha20 row"
row 0x010080 | grep -q 'SSL_CK_RC4_128_WITH_MD5 .* ssl2 ' && ok || bad "suites: SSL 2.0 row listed"
row 0x0003 | grep -q 'TLS_RSA_EXPORT_WITH_RC4_40_MD5' && ok || bad "suites: export row listed"
# every row is unique and the count matches the catalogue's enumeration
n_rows=$(($(wc -l <"$TMP/suites") - 1))
n_ids=$(tail -n +2 "$TMP/suites" | awk '{print $1}' | sort -u | wc -l)
[ "$n_rows" -eq "$n_ids" ] && [ "$n_rows" -ge 85 ] && ok || bad "suites: $n_rows rows, $n_ids distinct ids"
"$CLI" suites --protocol tls1.3 >"$TMP/s13" && ok || bad "suites --protocol tls1.3"
[ "$(tail -n +2 "$TMP/s13" | awk '{print $1}' | tr '\n' ' ')" = "0x1301 0x1302 0x1303 0x1304 0x1305 " ] && ok ||
    bad "suites --protocol tls1.3 lists exactly 0x1301-0x1305"
"$CLI" suites --protocol=tls1.0 >"$TMP/s10" && ok || bad "suites --protocol=tls1.0"
grep -q 'GCM' "$TMP/s10" && bad "tls1.0 list has GCM suites" || ok
grep -E '^0x002F ' "$TMP/s10" | grep -q 'SHA1/MD5SHA1$' && ok || bad "tls1.0: AES128-SHA PRF is MD5SHA1"

# --- 4. derive ---------------------------------------------------------------------

# Deterministic pseudo-random hex of n bytes: SHA-512 chain over the seed and a tag.
prand() {
    local n=$1 tag=$2 out="" i=0
    while [ ${#out} -lt $((2 * n)) ]; do
        out+=$(printf '%s/%s/%d' "$SEED" "$tag" "$i" | openssl dgst -sha512 -r | cut -d' ' -f1)
        i=$((i + 1))
    done
    echo "${out:0:$((2 * n))}"
}

tobin() { printf '%b' "$(echo "$1" | sed 's/../\\x&/g')"; }
hexof() { od -An -v -tx1 | tr -d ' \n'; }

# RFC 6101 section 6.2.2: key_block = MD5(ms || SHA1("A" || ms || SR || CR)) || MD5(ms || SHA1("BB" ...)) ...
ssl3_key_block() {
    local ms=$1 sr=$2 cr=$3 n=$4 out="" i=1 salt inner
    while [ ${#out} -lt $((2 * n)) ]; do
        salt=$(printf "\\x$(printf '%02x' $((64 + i)))%.0s" $(seq 1 $i))
        inner=$({ printf '%s' "$salt"; tobin "$ms$sr$cr"; } | openssl dgst -sha1 -binary | hexof)
        out+=$(tobin "$ms$inner" | openssl dgst -md5 -binary | hexof)
        i=$((i + 1))
    done
    echo "${out:0:$((2 * n))}"
}

# TLS PRF key block through OpenSSL's TLS1-PRF: seed = "key expansion" || SR || CR (RFC 5246 section 6.3).
tls_key_block() {
    local digest=$1 ms=$2 sr=$3 cr=$4 n=$5
    local label
    label=$(printf 'key expansion' | hexof)
    openssl kdf -keylen "$n" -kdfopt "digest:$digest" -kdfopt "hexsecret:$ms" -kdfopt "hexseed:$label$sr$cr" \
        TLS1-PRF | tr -d ':\n' | tr 'A-F' 'a-f'
}

# expected_lines MAC KEY IV KEYBLOCK_HEX: the CLI's output for that partition.
expected_lines() {
    local mac=$1 key=$2 iv=$3 kb=$4 off=0
    local names=(client_write_MAC_key server_write_MAC_key client_write_key server_write_key client_write_IV
        server_write_IV)
    local lens=("$mac" "$mac" "$key" "$key" "$iv" "$iv") k
    for k in 0 1 2 3 4 5; do
        if [ "${lens[$k]}" -gt 0 ]; then
            echo "${names[$k]}: ${kb:$off:$((2 * lens[k]))}"
        fi
        off=$((off + 2 * lens[k]))
    done
}

# protocol | suite (IANA, OpenSSL or hex) | mac key | enc key | IV | TLS 1.2 PRF digest
# IVs: CBC block size for SSL 3.0/TLS 1.0 only (RFC 4346 section 6.3 dropped them);
# 4-byte salt for GCM/CCM (RFC 5288, 6655); 12 bytes for ChaCha20 (RFC 7905).
CASES="
ssl3    TLS_RSA_WITH_AES_128_CBC_SHA                  20 16 16 -
ssl3    DES-CBC3-SHA                                  20 24 8  -
ssl3    RC4-MD5                                       16 16 0  -
ssl3    0x0002                                        20 0  0  -
tls1.0  TLS_RSA_WITH_AES_256_CBC_SHA                  20 32 16 -
tls1.0  TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA             20 24 8  -
tls1.0  ECDHE-ECDSA-AES128-SHA                        20 16 16 -
tls1.0  TLS_RSA_WITH_RC4_128_SHA                      20 16 0  -
tls1.0  NULL-MD5                                      16 0  0  -
tls1.1  TLS_RSA_WITH_AES_128_CBC_SHA                  20 16 0  -
tls1.1  ECDHE-RSA-AES256-SHA                          20 32 0  -
tls1.1  0x000A                                        20 24 0  -
tls1.1  TLS_RSA_WITH_NULL_SHA                         20 0  0  -
tls1.2  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         0  16 4  SHA256
tls1.2  ECDHE-ECDSA-AES256-GCM-SHA384                 0  32 4  SHA384
tls1.2  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   0  32 12 SHA256
tls1.2  0xC09C                                        0  16 4  SHA256
tls1.2  ECDHE-ECDSA-AES256-CCM8                       0  32 4  SHA256
tls1.2  TLS_RSA_WITH_AES_256_CBC_SHA256               32 32 0  SHA256
tls1.2  ECDHE-RSA-AES256-SHA384                       48 32 0  SHA384
tls1.2  TLS_RSA_WITH_AES_128_CBC_SHA                  20 16 0  SHA256
tls1.2  TLS_RSA_WITH_NULL_SHA256                      32 0  0  SHA256
tls1.2  PSK-NULL-SHA384                               48 0  0  SHA384
dtls1.0 TLS_RSA_WITH_AES_128_CBC_SHA                  20 16 0  -
dtls1.0 DES-CBC3-SHA                                  20 24 0  -
dtls1.0 NULL-SHA                                      20 0  0  -
dtls1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384       0  32 4  SHA384
dtls1.2 DHE-RSA-CHACHA20-POLY1305                     0  32 12 SHA256
dtls1.2 TLS_ECDHE_ECDSA_WITH_AES_128_CCM              0  16 4  SHA256
dtls1.2 TLS_RSA_WITH_AES_128_CBC_SHA256               32 16 0  SHA256
"
ROUNDS=${SSLPROV_CLI_ROUNDS:-2}
derive_fail_shown=0
while read -r proto suite mac key iv prf; do
    [ -n "$proto" ] || continue
    for r in $(seq 1 "$ROUNDS"); do
        ms=$(prand 48 "$proto/$suite/$r/ms")
        cr=$(prand 32 "$proto/$suite/$r/cr")
        sr=$(prand 32 "$proto/$suite/$r/sr")
        n=$((2 * (mac + key + iv)))
        case $proto in
        ssl3) kb=$(ssl3_key_block "$ms" "$sr" "$cr" "$n") ;;
        tls1.0 | tls1.1 | dtls1.0) kb=$(tls_key_block MD5-SHA1 "$ms" "$sr" "$cr" "$n") ;;
        *) kb=$(tls_key_block "$prf" "$ms" "$sr" "$cr" "$n") ;;
        esac
        expected_lines "$mac" "$key" "$iv" "$kb" >"$TMP/want"
        "$CLI" derive --protocol "$proto" --suite "$suite" --master-secret "$ms" --client-random "$cr" \
            --server-random "$sr" >"$TMP/got" 2>"$TMP/err"
        rc=$?
        if [ "$rc" -eq 0 ] && cmp -s "$TMP/got" "$TMP/want" && [ -s "$TMP/want" ]; then
            ok
        else
            bad "derive $proto $suite round $r: exit $rc $(head -c 200 "$TMP/err")"
            if [ "$derive_fail_shown" -eq 0 ]; then
                derive_fail_shown=1
                echo "  got:" >&2
                sed 's/^/    /' "$TMP/got" >&2
                echo "  want:" >&2
                sed 's/^/    /' "$TMP/want" >&2
            fi
        fi
    done
done <<<"$CASES"

# The shell's SSL 3.0 formula against the published Go vector (so the reference itself is checked).
if [ -r "$VECTORS/ssl3_kdf.txt" ]; then
    v() { sed -n "s/^$1 = //p" "$VECTORS/ssl3_kdf.txt" | head -1; }
    ms=$(v master_secret)
    cr=$(v client_random)
    sr=$(v server_random)
    kb=$(v key_block)
    [ "$(ssl3_key_block "$ms" "$sr" "$cr" 72)" = "$kb" ] && ok || bad "ssl3 reference formula vs ssl3_kdf.txt"
    # The vector is TLS_RSA_WITH_RC4_128_SHA: 20-byte MAC keys, 16-byte RC4 keys, no IV.
    expected_lines 20 16 0 "$kb" >"$TMP/want"
    "$CLI" derive --protocol ssl3 --suite TLS_RSA_WITH_RC4_128_SHA --master-secret "$ms" --client-random "$cr" \
        --server-random "$sr" >"$TMP/got" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] && cmp -s "$TMP/got" "$TMP/want" && ok || bad "derive ssl3 vs ssl3_kdf.txt: exit $rc $(cat "$TMP/err")"
else
    bad "missing $VECTORS/ssl3_kdf.txt"
fi

# Exact spelling and order of the output, on the illustrated TLS 1.2 vector.
if [ -r "$VECTORS/tls_kdf_sp800_135.txt" ]; then
    rec=$(awk '/^source = illustrated-tls12/{f=1} f&&/^$/{exit} f' "$VECTORS/tls_kdf_sp800_135.txt")
    v() { echo "$rec" | sed -n "s/^$1 = //p"; }
    kb=$(v key_block)
    [ "${#kb}" -eq 208 ] && ok || bad "illustrated-tls12 record not found"
    printf '%s\n' "client_write_MAC_key: ${kb:0:40}" "server_write_MAC_key: ${kb:40:40}" \
        "client_write_key: ${kb:80:32}" "server_write_key: ${kb:112:32}" >"$TMP/want"
    "$CLI" derive --protocol tls1.2 --suite ECDHE-RSA-AES128-SHA --master-secret "$(v master_secret)" \
        --client-random "$(v client_random)" --server-random "$(v server_random)" >"$TMP/got" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] && cmp -s "$TMP/got" "$TMP/want" && ok || bad "derive illustrated-tls12: exit $rc $(cat "$TMP/err")"
else
    bad "missing $VECTORS/tls_kdf_sp800_135.txt"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
