#!/bin/sh
# test_mouse.sh - the mouse (issue 11 item 8) at 80x24 and 120x40, sent as
# the terminal's SGR mouse reports: a click on a slider track sets the value
# under the pointer (its right end: the top of the scan range, 1 for eps_ee_u;
# its middle cell: 0), the wheel steps the slider under the pointer (sin2w, not the selected eps_ee_u), a click
# on a detector switches to it.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..10"

U8="LC_ALL=C.UTF-8"
t_slider() { t_wait_re "^.*$1 +$2 " 10; }
# SGR mouse report: button, 1-based column and row, M press / m release
t_mouse() { tmux -S "$SOCK" send-keys -l "$(printf '\033[<%d;%d;%d%s' "$1" "$2" "$3" "$4")"; }
t_click() { t_mouse 0 "$1" "$2" M; sleep 0.2; t_mouse 0 "$1" "$2" m; }
# row (1-based) of the first screen line matching a regex, and the 0-based
# column of a character in it
t_row_of() { t_screen | grep -nE -- "$1" | head -1 | cut -d: -f1; }
t_col_of() { # LINE_REGEX CHAR
    line=$(t_screen | grep -E -- "$1" | head -1)
    pre=${line%%"$2"*}
    printf '%s' "$pre" | wc -m
}

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    t_start "$W" "$H" $U8 --
    t_wait "Parameters" 10
    t_slider eps_ee_u 0
    y=$(t_row_of " eps_ee_u ")
    l=$(t_col_of " eps_ee_u " "$G_TL")
    r=$(t_col_of " eps_ee_u " "$G_TR")
    # the last inner cell is the top of the track: 1-based column r
    t_click "$r" "$y"
    t_check "${W}x$H: a click at the right end of eps_ee_u's track sets 1" t_slider eps_ee_u 1
    # the middle cell of the symmetric [-1, 1] track
    t_click $(( (l + r) / 2 + 1 )) "$y"
    t_check "${W}x$H: a click in its middle sets 0" t_slider eps_ee_u 0
    y2=$(t_row_of " sin2w ")
    t_mouse 64 "$((l + 1))" "$y2" M
    t_check "${W}x$H: the wheel steps the slider under the pointer (sin2w)" \
        t_slider sin2w 0.2322
    yl=$(t_row_of "^. *lar ")
    [ -z "$yl" ] && yl=$(t_row_of " lar ")
    t_click 4 "$yl"
    t_check "${W}x$H: a click on a detector switches to it" t_wait_re "cevnsx lar +preset"
    t_keys q
    t_check "${W}x$H: exits 0" t_wait "EXIT=0"
done
exit 0
