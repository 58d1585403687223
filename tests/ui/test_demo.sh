#!/bin/sh
# test_demo.sh - the demos (issue 11 item 6) at 80x24 and 120x40: every step
# of every shipped demo shows its counter and title ("demo NAME k/n: TITLE",
# read from the demo file) with the first words of its caption, also while a
# step's output (events) is in a pop-up; one Space goes on; every demo ends
# with an "Explore on" step; an unknown --demo is a usage error with a
# suggestion before the screen opens.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
demos="sm sin2w nsi sterile magnetic"
n=0
for dm in $demos; do
    k=$(grep -c '^step ' "$top_srcdir/data/demos/$dm.demo")
    n=$((n + 2 * (2 * k + 2)))
done
echo "1..$((n + 2))"

U8="LC_ALL=C.UTF-8"
for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    for dm in $demos; do
        f=$top_srcdir/data/demos/$dm.demo
        total=$(grep -c '^step ' "$f")
        t_start "$W" "$H" $U8 -- --demo "$dm"
        i=0
        grep '^step ' "$f" | cut -c6- >"$tmpdir/titles"
        while IFS= read -r title; do
            i=$((i + 1))
            short=$(printf '%s' "$title" | cut -c1-24)
            # the first four words of the step's caption
            cap=$(awk -v n="$i" '/^step /{s++} s==n && /^\| /{sub(/^\| /,""); print; exit}' "$f" |
                cut -d' ' -f1-4)
            t_check "${W}x$H $dm: step $i/$total shows its counter and title" \
                t_wait "demo $dm $i/$total: $short" 15
            t_check "${W}x$H $dm: ... and its caption ($cap)" t_wait "$cap" 5
            t_keys Space
        done <"$tmpdir/titles"
        t_check "${W}x$H $dm: the last step was 'Explore on'" \
            [ "$(tail -1 "$tmpdir/titles")" = "Explore on" ]
        t_check "${W}x$H $dm: Space after the last step ends the demo" t_wait "demo finished" 10
        t_keys q
        t_wait "EXIT=0" 10
    done
done

t_start 80 24 $U8 -- --demo sterle
t_check "an unknown demo suggests the closest name" t_wait "unknown demo 'sterle' (did you mean 'sterile'?)"
t_check "... a usage error (status 2), before the screen opens" t_wait "EXIT=2"
exit 0
