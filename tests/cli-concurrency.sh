#!/bin/sh
# cli-concurrency.sh - many processes saving one state file at once, while
# others load it: every save reports success, every load finds a complete
# file, the file left at the end loads and is one of the states written, and
# no temporary file is left behind (TAP).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

WRITERS=${CONCURRENT_WRITERS:-24} # processes per round, all started at once
ROUNDS=${CONCURRENT_ROUNDS:-4}
F=$TMPD/shared.state

"$CEVNSX" -e "save $F" </dev/null >/dev/null 2>&1
ok $? "a first save of the shared file"

# Loaders: keep loading the file until the writers are done; each failure is
# recorded with its message.
: >"$TMPD/load-fail"
loader() {
    while [ ! -e "$TMPD/stop" ]; do
        "$CEVNSX" -e "load $F" </dev/null >/dev/null 2>"$TMPD/load-err.$1" ||
            cat "$TMPD/load-err.$1" >>"$TMPD/load-fail"
    done
}
loader 1 &
l1=$!
loader 2 &
l2=$!

fails=0
for r in $(seq 1 "$ROUNDS"); do
    pids=
    for w in $(seq 1 "$WRITERS"); do
        v=$(printf '0.2%02d%d' "$w" "$r")
        (
            "$CEVNSX" -e "set sin2w $v; save $F" </dev/null >/dev/null 2>"$TMPD/save-err.$r.$w"
            echo $? >"$TMPD/save-rc.$r.$w"
        ) &
        pids="$pids $!"
    done
    # shellcheck disable=SC2086
    wait $pids
done
touch "$TMPD/stop"
wait "$l1" "$l2"

for f in "$TMPD"/save-rc.*; do
    [ "$(cat "$f")" = 0 ] || fails=$((fails + 1))
done
ok $((fails != 0)) "$((WRITERS * ROUNDS)) concurrent saves all report success ($fails failed)"
[ $fails -eq 0 ] || diag "$(cat "$TMPD"/save-err.* | sort | uniq -c | head -5)"

[ ! -s "$TMPD/load-fail" ]
ok $? "loads running meanwhile never met an incomplete file"
[ -s "$TMPD/load-fail" ] && diag "$(sort "$TMPD/load-fail" | uniq -c | head -5)"

run -e "load $F; show"
v=$(printf '%s\n' "$out" | sed -n 's/^  sin2w  *\([0-9.]*\).*/\1/p')
[ "$rc" -eq 0 ] && case $v in 0.2[0-9][0-9][0-9]) true ;; *) false ;; esac
ok $? "the file left loads and holds one writer's whole state (sin2w $v)"

! ls -a "$TMPD" | grep -q '^\.cevnsx-'
ok $? "no temporary file is left"

done_testing
