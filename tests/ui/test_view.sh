#!/bin/sh
# test_view.sh - zoom and help (issue 11 items 5 and 7) at 80x24 and 120x40:
# v puts the spectrum, then the dchi2 plot, on the whole screen and then
# restores the panels; the ? screen uses the terminal's width and wraps its
# lines instead of cutting them; help scan gives the full usage with options,
# as `cevnsx scan --help` does.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..21"

U8="LC_ALL=C.UTF-8"
t_has_all() { # every argument appears on the screen (polled, 10 s deadline)
    deadline=$(( $(date +%s) + 10 ))
    while :; do
        s=$(t_screen)
        all=1
        for w in "$@"; do
            printf '%s\n' "$s" | grep -qF -- "$w" || { all=0; break; }
        done
        [ $all -eq 1 ] && return 0
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}
# the width in columns of the screen row that holds TEXT
t_row_width() { t_screen | grep -F -- "$1" | head -1 | sed 's/ *$//' | wc -m; }

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    t_start "$W" "$H" $U8 --
    t_wait "Parameters" 10
    before=$(t_screen)
    t_keys v
    t_check "${W}x$H: v: the spectrum on the whole screen" t_wait "spectrum on the whole screen"
    t_check "${W}x$H: ... the sliders are gone" t_wait_gone "Parameters" 5
    t_check "${W}x$H: ... its title starts at column 0" t_wait_re "^$G_HL Spectrum: events per"
    t_keys v
    t_check "${W}x$H: v again: the dchi2 plot on the whole screen" t_wait_re "^$G_HL $G_DCHI sin2w"
    t_check "${W}x$H: ... with its interval line" t_wait "90% CL:  sin2w $G_IN [0.1136, 0.3089]"
    t_keys v
    t_check "${W}x$H: v a third time: the panels are back" t_wait "Parameters"
    t_keys "?"
    t_wait "cevnsx help" 10
    # the pop-up's frame spans the terminal less one column each side
    t_check "${W}x$H: ? uses the terminal's width ($(t_row_width 'cevnsx help') of $W)" \
        [ "$(t_row_width 'cevnsx help')" -ge $((W - 2)) ]
    t_keys Escape
    t_wait_gone "cevnsx help" 5
    t_keys : "help scan" Enter
    t_check "${W}x$H: help scan: the full usage with its options" \
        t_has_all "usage: scan PARAM [OPTIONS]" "--profile=PARAM" "--from=X, --to=X"
    t_keys Escape
    t_keys q
    t_check "${W}x$H: exits 0" t_wait "EXIT=0"
done

# 80x24: a help line longer than the pop-up is wrapped, not cut
t_start 80 24 $U8 --
t_wait "Parameters" 10
t_keys "?"
t_check "80x24: a long help line goes on in the next row" t_wait_re "^ +\\(cevnsx --resume\\)"
t_keys q q
t_wait "EXIT=0" 10

out=$($CEVNSX scan --help 2>&1)
rc=$?
t_check "cevnsx scan --help exits 0" [ $rc -eq 0 ]
t_check "... and gives the full usage" sh -c 'printf "%s\n" "$1" | grep -q -- "--profile=PARAM" && printf "%s\n" "$1" | grep -q -- "--scenario=K"' _ "$out"
exit 0
