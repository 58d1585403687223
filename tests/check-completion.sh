#!/bin/sh
# check-completion.sh - the bash completion offers what the program knows
# (TAP): commands, parameters of the chosen detector, detectors, presets and
# options, each asked of the program just built. Skipped without bash.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"
command -v bash >/dev/null 2>&1 || { echo "1..0 # SKIP no bash"; exit 0; }
prog=$(cd "$(dirname "$CEVNSX")" && pwd)/$(basename "$CEVNSX")
complete_words() { # the candidates for the words given, the last being completed
    bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _cevnsx
        printf "%s\n" "${COMPREPLY[@]}"' complete "$top_srcdir/data/completion/cevnsx.bash" "$@"
}
has() { printf '%s\n' "$1" | grep -qx -- "$2"; }
c=$(complete_words "$prog" "")
has "$c" scan && has "$c" events && has "$c" repl
ok $? "a first word completes to the commands (scan, events, repl)"
c=$(complete_words "$prog" scan "sin")
has "$c" sin2w
ok $? "scan completes a parameter from the registry: $(echo $c)"
c=$(complete_words "$prog" -d csi2017 set rn_)
has "$c" rn_Cs133 && ! has "$c" rn_Ge72
ok $? "the parameters are those of the -d detector: $(echo $c)"
c=$(complete_words "$prog" -d ge set rn_)
has "$c" rn_Ge72
ok $? "... and for another detector its own isotopes: $(echo $c)"
c=$(complete_words "$prog" -d "")
has "$c" csi2017 && has "$c" lar
ok $? "-d completes the detector ids"
c=$(complete_words "$prog" -P "")
has "$c" coherent-2017 && has "$c" future-coherent
ok $? "-P completes the presets"
c=$(complete_words "$prog" -s "eps_ee")
has "$c" "eps_ee_u="
ok $? "-s completes NAME= : $(echo $c)"
c=$(complete_words "$prog" --f)
has "$c" --format && has "$c" --frames
ok $? "options come from --help: $(echo $c)"
c=$(complete_words "$prog" list "")
has "$c" detectors && has "$c" params
ok $? "list completes what can be listed"
done_testing
