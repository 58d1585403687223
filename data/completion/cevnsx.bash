# bash completion for cevnsx. SPDX-License-Identifier: GPL-3.0-or-later
#
# Every name comes from the program itself, so the completion always matches
# the installed version: commands from `cevnsx list commands`, parameters from
# `cevnsx list params` (the parameter registry), detectors and presets from
# `list detectors` and `list presets`, options from `cevnsx --help`.
# Installed as $(datadir)/bash-completion/completions/cevnsx; to try it from a
# source tree: `source data/completion/cevnsx.bash`.

_cevnsx_names() { # WHAT [DETECTOR]: the names `cevnsx list WHAT` prints (first CSV column)
    local det=()
    [ -n "$2" ] && det=(-d "$2")
    "${_cevnsx_prog:-cevnsx}" "${det[@]}" list "$1" -f csv 2>/dev/null |
        awk -F, 'NR == 1 && $1 == "name" { next } { print $1 }'
}

_cevnsx() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local prog=${COMP_WORDS[0]} det="" sub="" i w
    local _cevnsx_prog=$prog
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
            -d | --detector) det=${COMP_WORDS[i + 1]} ;;
            --detector=*) det=${w#--detector=} ;;
            -*) ;;
            *) case ${COMP_WORDS[i - 1]} in
                   -d | --detector | -P | --preset | -s | --set | -f | --format | --engine | \
                       -e | --execute | --batch | --frames | --demo | --axis | -n | --from | \
                       --to | --cl | --dchi2 | --profile | --stat | --scenario | --free) ;;
                   *) [ -z "$sub" ] && sub=$w ;;
               esac ;;
        esac
    done
    COMPREPLY=()
    case $prev in
        -d | --detector)
            COMPREPLY=($(compgen -W "$(_cevnsx_names detectors)" -- "$cur"))
            COMPREPLY+=($(compgen -f -X '!*.det' -- "$cur") $(compgen -d -- "$cur"))
            return ;;
        -P | --preset) COMPREPLY=($(compgen -W "$(_cevnsx_names presets)" -- "$cur")); return ;;
        -s | --set)
            compopt -o nospace 2>/dev/null
            COMPREPLY=($(compgen -S = -W "$(_cevnsx_names params "$det")" -- "$cur"))
            return ;;
        --profile) COMPREPLY=($(compgen -W "$(_cevnsx_names params "$det")" -- "$cur")); return ;;
        --free) COMPREPLY=($(compgen -W "signal $(_cevnsx_names params "$det")" -- "$cur")); return ;;
        -f | --format) COMPREPLY=($(compgen -W "text csv json" -- "$cur")); return ;;
        --engine) COMPREPLY=($(compgen -W "fast reference" -- "$cur")); return ;;
        --stat) COMPREPLY=($(compgen -W "$(_cevnsx_names stats)" -- "$cur")); return ;;
        --batch) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -e | --execute | --frames | -n | --from | --to | --cl | --dchi2 | --scenario) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null | grep -o -- '--\?[A-Za-z][-A-Za-z]*' | sort -u)" -- "$cur"))
        return
    fi
    case $sub in
        "") COMPREPLY=($(compgen -W "$(_cevnsx_names commands) repl" -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "detectors params presets stats commands" -- "$cur")) ;;
        scan | contour | set | reset) COMPREPLY=($(compgen -W "$(_cevnsx_names params "$det")" -- "$cur")) ;;
        detector) COMPREPLY=($(compgen -W "$(_cevnsx_names detectors)" -- "$cur")) ;;
        preset) COMPREPLY=($(compgen -W "$(_cevnsx_names presets)" -- "$cur")) ;;
        help) COMPREPLY=($(compgen -W "$(_cevnsx_names commands)" -- "$cur")) ;;
        save | load) COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -F _cevnsx cevnsx
