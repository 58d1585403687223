#!/bin/sh
# test_interval.sh - the interval line under the dchi2 plot (issue 11 item 4)
# at 80x24 and 120x40: the whole 90 % CL result in words, never cut: sin2w on
# csi2017 (COHERENT 2017 counting: [0.1136, 0.3089], the interval the batch
# `scan sin2w` gives), eps_mumu_u with two intervals, mu_nu_e as an upper
# limit (< 6.00e-9 mu_B); the dchi2 axis runs 0..6 (2 x 2.71, clipped above)
# and f shows the full range; the 90% label stays off the curve.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..20"

U8="LC_ALL=C.UTF-8"
# the interval line(s) joined: from "90% CL:" to the end of the panel rows
t_ivl() { t_screen | sed -n '/90% CL:/,$p' | sed 's/^.*│ //; s/^.*| //' | head -3 | tr '\n' ' '; }
t_ivl_has() { # polls until the joined interval text matches the regex
    deadline=$(( $(date +%s) + 15 ))
    while :; do
        t_ivl | grep -qE -- "$1" && return 0
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}
# the y-axis label at the top of the dchi2 plot (the row under its title)
t_top_label() { t_screen | grep -A1 "$G_DCHI sin2w" | tail -1 | grep -oE "$G_VBRE ?[0-9]+$G_AXRE" | head -1 | tr -dc '0-9'; }

# the batch scan's interval, rounded to four digits as the line shows it
batch=$($CEVNSX scan sin2w -d csi2017 2>/dev/null | sed -n 's/.*CL region.*\[\([0-9.]*\), \([0-9.]*\)\].*/\1 \2/p')
blo=$(printf '%.4g' "${batch% *}")
bhi=$(printf '%.4g' "${batch#* }")
t_top_ok() { v=$(t_top_label); [ -n "$v" ] && [ "$v" -ge 5 ] && [ "$v" -le 6 ]; }

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    t_start "$W" "$H" $U8 --
    t_wait "Parameters" 10
    t_check "${W}x$H: sin2w: the interval line reads sin2w ∈ [0.1136, 0.3089]" \
        t_ivl_has "sin2w $G_IN \\[0\\.1136, 0\\.3089\\]"
    t_check "${W}x$H: ... the batch scan's interval ($blo, $bhi)" t_ivl_has "sin2w $G_IN \\[$blo, $bhi\\]"
    t_check "${W}x$H: ... with the best fit" t_ivl_has 'best 0\.1[0-9]+'
    t_check "${W}x$H: the dchi2 axis tops at 5-6, not at the curve's maximum ($(t_top_label))" t_top_ok
    t_keys : "select eps_mumu_u" Enter
    t_check "${W}x$H: eps_mumu_u: both intervals, complete" \
        t_ivl_has "eps_mumu_u $G_IN \\[-0\\.06[0-9]+, 0\\.12[0-9]+\\] +$G_CUP \\[0\\.26[0-9]+, 0\\.45[0-9]+\\]"
    t_keys : "select mu_nu_e" Enter
    t_check "${W}x$H: mu_nu_e: an upper limit in words" t_ivl_has "mu_nu_e < 6\\.00e-9 $G_MUB"
    t_check "${W}x$H: ... best fit 0, no <1e-12" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q '<1e-12'"
    t_keys : "select sin2w" Enter
    t_ivl_has "sin2w $G_IN"
    t_keys f
    t_check "${W}x$H: f shows the full range" t_wait "full range, f: 0-6"
    t_keys f
    t_check "${W}x$H: f again: back to 0-6" t_wait "(f: full range)"
    t_keys q
    t_check "${W}x$H: exits 0" t_wait "EXIT=0"
done
exit 0
