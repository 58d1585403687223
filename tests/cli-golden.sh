#!/bin/sh
# cli-golden.sh - runs every tests/golden/*.cmd with `cevnsx --batch` and
# compares the output with the .out file next to it: text exactly, numbers to
# 0.1 % (doc/physics.md section 8) plus the rounding of the golden value.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

for cmd in "$top_srcdir"/tests/golden/*.cmd; do
    name=$(basename "$cmd" .cmd)
    "$CEVNSX" --batch "$cmd" </dev/null >"$TMPD/$name.got" 2>"$TMPD/$name.err"
    rc=$?
    [ -s "$TMPD/$name.err" ] && diag "stderr:" "$(cat "$TMPD/$name.err")"
    awk -v rel=1e-3 -f "$top_srcdir/tests/golden/numdiff.awk" \
        "$top_srcdir/tests/golden/$name.out" "$TMPD/$name.got"
    same=$?
    [ "$rc" -eq 0 ] && [ "$same" -eq 0 ]
    ok $? "golden $name (exit $rc)"
done

# The comparator itself must be able to fail: a number off by 1 % and a changed word.
printf 'total 178.04 events\n' >"$TMPD/want"
printf 'total 179.82 events\n' >"$TMPD/got"
awk -f "$top_srcdir/tests/golden/numdiff.awk" "$TMPD/want" "$TMPD/got" >/dev/null
[ $? -ne 0 ]
ok $? "numdiff rejects a number 1 % off"
printf 'total 178.05 event\n' >"$TMPD/got"
awk -f "$top_srcdir/tests/golden/numdiff.awk" "$TMPD/want" "$TMPD/got" >/dev/null
[ $? -ne 0 ]
ok $? "numdiff rejects changed text"
printf 'total 178.1 events\n' >"$TMPD/got"
awk -f "$top_srcdir/tests/golden/numdiff.awk" "$TMPD/want" "$TMPD/got" >/dev/null
ok $? "numdiff accepts a number within 0.1 %"

done_testing
