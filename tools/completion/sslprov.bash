# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# bash completion for sslprov(1).  Installed as
# $datadir/bash-completion/completions/sslprov.  Options are read from
# `sslprov SUBCOMMAND --help`, suite names from `sslprov suites`, so the
# completion follows the installed tool.
_sslprov() {
    local cur prev sub i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    sub=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *)
            sub=${COMP_WORDS[i]}
            break
            ;;
        esac
    done
    if [ -z "$sub" ]; then
        COMPREPLY=($(compgen -W "client derive server suites --help --version" -- "$cur"))
        return
    fi
    case $prev in
    --cert | --key | --cafile | --keylog | --verify-client)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --protocol)
        COMPREPLY=($(compgen -W "ssl2 ssl3 tls1.0 tls1.1 tls1.2 tls1.3 dtls1.0 dtls1.2" -- "$cur"))
        return
        ;;
    --suite | --cipher)
        local names
        names=$("${COMP_WORDS[0]}" suites 2>/dev/null | awk 'NR > 1 {print $2; print $3}')
        COMPREPLY=($(compgen -W "$names" -- "$cur"))
        return
        ;;
    --group | --groups)
        COMPREPLY=($(compgen -W "X25519 X448 P-256 P-384 P-521 ffdhe2048 ffdhe3072 ffdhe4096" -- "$cur"))
        return
        ;;
    --port | --accept | --master-secret | --client-random | --server-random | --servername | --host | --name)
        return
        ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$("${COMP_WORDS[0]}" "$sub" --help 2>&1 | grep -oE -- '--[a-z0-9][a-z0-9.-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
    fi
}
complete -F _sslprov sslprov
