# cli-lib.sh - shared helpers of the shell tests of the cevnsx program (TAP).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by tests/cli-*.sh and tests/check-man.sh. Provides:
#   $CEVNSX      the program (default $top_builddir/cevnsx)
#   $TMPD        a private temporary directory, removed at exit
#   run ARGS...  runs $CEVNSX with stdin from /dev/null; sets $rc, $out, $errout
#   ok COND-EXIT-STATUS DESCRIPTION, skip DESCRIPTION REASON, done_testing
#   relclose GOT WANT TOL   exit 0 when |GOT-WANT| <= TOL*|WANT|

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=.}"
: "${CEVNSX:=$top_builddir/cevnsx}"
: "${CEVNSX_DATADIR:=$top_srcdir/data}"
export CEVNSX_DATADIR
# The decimal point must not depend on the caller's locale.
LC_ALL=${LC_ALL:-C}
export LC_ALL

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/cevnsx-test.XXXXXX") || exit 99
trap 'rm -rf "$TMPD"' EXIT
# A private home, so that no detector of the person running the tests is found.
HOME=$TMPD/home
XDG_CONFIG_HOME=$TMPD/home/.config
XDG_STATE_HOME=$TMPD/home/.state
export HOME XDG_CONFIG_HOME XDG_STATE_HOME
mkdir -p "$HOME"
unset NO_COLOR

tap_n=0
tap_failed=0

ok() {
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then
        printf 'ok %s - %s\n' "$tap_n" "$2"
    else
        printf 'not ok %s - %s\n' "$tap_n" "$2"
        tap_failed=$((tap_failed + 1))
    fi
}

skip() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n - $1 # SKIP $2"
}

diag() {
    printf '%s\n' "$@" | sed 's/^/# /'
}

done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
    exit $?
}

run() {
    "$CEVNSX" "$@" </dev/null >"$TMPD/out" 2>"$TMPD/err"
    rc=$?
    out=$(cat "$TMPD/out")
    errout=$(cat "$TMPD/err")
}

# relclose GOT WANT TOL
relclose() {
    awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN {
        if (g !~ /^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$/) exit 1
        d = g - w; if (d < 0) d = -d; s = w < 0 ? -w : w
        exit !(d <= t * s) }'
}

# json_number KEY: the first number after "KEY": in $out
json_number() {
    printf '%s\n' "$out" | sed -n "s/.*\"$1\": *\\([-+0-9.eE]*\\).*/\\1/p" | head -n 1
}

if [ ! -x "$CEVNSX" ]; then
    echo "1..0 # SKIP $CEVNSX not built"
    exit 0
fi
