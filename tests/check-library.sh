#!/bin/sh
# check-library.sh - libcevnsx as other programs see it (TAP): the example
# program built on the library gives the numbers the cevnsx program gives, and
# the shared library exports exactly the functions of the public headers.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

ex=$top_builddir/examples/rate
lib=$top_builddir/.libs/libcevnsx.so
"$ex" "$CEVNSX_DATADIR/detectors/csi2017.det" >"$TMPD/rate" 2>"$TMPD/rate.err"
ok $? "examples/rate runs on the library ($(cat "$TMPD/rate.err"))"
# 178.04 events: COHERENT CsI 2017 with the coherent-2017 preset (doc/physics.md section 8)
grep -q '^csi2017 total 178\.04' "$TMPD/rate"
ok $? "the library gives csi2017 178.04 events ($(head -1 "$TMPD/rate"))"
run events -d csi2017 -f json
want=$(printf '%s\n' "$out" | sed -n 's/.*"total": \([0-9.]*\).*/\1/p')
got=$(sed -n 's/^csi2017 total //p' "$TMPD/rate")
relclose "$got" "$want" 1e-6
ok $? "the library and the program agree ($got vs $want)"
# 186.10 with sin2w = 0.23865 (doc/physics.md section 8)
got2=$(sed -n 's/^sin2w 0.23865 total //p' "$TMPD/rate")
relclose "$got2" 186.10 5e-4
ok $? "a coupling change through the library: $got2 (186.10)"

if [ -f "$lib" ] && command -v nm >/dev/null 2>&1; then
    nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | grep -v '^_' | sort -u >"$TMPD/exported"
    bad=$(grep -v '^cx_' "$TMPD/exported" | head -5)
    [ -z "$bad" ]
    ok $? "only cx_ functions are exported (others: ${bad:-none})"
    sed -n 's/^[a-z][^(]*[ *]\(cx_[a-z0-9_]*\)(.*/\1/p' "$top_srcdir"/include/cevnsx/*.h | sort -u >"$TMPD/public"
    extra=$(comm -23 "$TMPD/exported" "$TMPD/public" | head -5)
    [ -z "$extra" ]
    ok $? "every exported symbol is declared in a public header (extra: ${extra:-none})"
    missing=$(comm -13 "$TMPD/exported" "$TMPD/public" | head -5)
    [ -z "$missing" ]
    ok $? "every public function is in the shared library (missing: ${missing:-none})"
else
    skip "exported symbols" "no shared library or no nm"
fi
done_testing
