#!/bin/sh
# cli-shards.sh - Feldman-Cousins jobs split with --shard K/N, run as 4
# shards with 2 processes at a time, combined by `merge`: byte-identical to
# the unsharded run (a point's toys depend on the seed and its index only).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

# shards NAME ARGS...: the unsharded output in $TMPD/NAME.full, the shards'
# partial results in $TMPD/NAME.1 .. NAME.4 (two processes at a time)
shards() {
    name=$1
    shift
    "$CEVNSX" "$@" >"$TMPD/$name.full" 2>"$TMPD/err" </dev/null
    for pair in "1 2" "3 4"; do
        for k in $pair; do
            "$CEVNSX" "$@" --shard "$k/4" >"$TMPD/$name.$k" 2>>"$TMPD/err" </dev/null &
        done
        wait
    done
}

check() { # check NAME DESCRIPTION
    run merge "$TMPD/$1.3" "$TMPD/$1.1" "$TMPD/$1.4" "$TMPD/$1.2"
    printf '%s\n' "$out" >"$TMPD/$1.merged"
    [ "$rc" -eq 0 ] && [ -s "$TMPD/$1.full" ] && cmp -s "$TMPD/$1.full" "$TMPD/$1.merged"
    ok $? "$2: merge of 4 shards byte-identical to the unsharded run"
}

shards scan scan mu_nu_e -d csi2017 --from 0 --to 1e-8 -n 41 --fc --toys 300 -f csv
check scan "scan mu_nu_e --fc -f csv"
shards scanj scan sin2w -d csi2017 -n 41 --fc --toys 300 --seed 5 -f json
check scanj "scan sin2w --fc --seed 5 -f json"
shards cont contour eps_ee_u eps_ee_d -d csi2017 -n 15x11 --fc --toys 200 -f json
check cont "contour eps_ee_u eps_ee_d --fc -f json"
shards text contour eps_ee_u eps_ee_d -d csi2017 -n 11 --fc --toys 200 --summary
check text "contour --fc text summary"
head -n 1 "$TMPD/cont.2" | grep -q '^cevnsx-fc-partial 1$'
ok $? "a shard writes a partial result"

run merge "$TMPD/cont.1" "$TMPD/cont.2" "$TMPD/cont.4"
[ "$rc" -eq 1 ] && printf '%s\n' "$errout" | grep -q 'shard 3/4 is missing'
ok $? "a missing shard is named"
run merge "$TMPD/cont.1" "$TMPD/scan.2" "$TMPD/cont.3" "$TMPD/cont.4"
[ "$rc" -eq 1 ] && printf '%s\n' "$errout" | grep -q 'another command'
ok $? "a shard of another command is refused"
run -s sin2w=0.25 merge "$TMPD/cont.1" "$TMPD/cont.2" "$TMPD/cont.3" "$TMPD/cont.4"
[ "$rc" -ne 0 ] && printf '%s\n' "$errout" | grep -q 'another model or grid'
ok $? "merge under another model state is refused"
printf 'hello\n' >"$TMPD/junk"
run merge "$TMPD/junk"
[ "$rc" -eq 1 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ]
ok $? "a file that is not a partial result: one-line error"
run scan sin2w -d csi2017 --shard 1/2
[ "$rc" -eq 2 ]
ok $? "--shard without --fc refused"
run scan sin2w -d csi2017 --fc --shard 3/2
[ "$rc" -eq 2 ]
ok $? "--shard 3/2 refused"
done_testing
