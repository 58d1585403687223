#!/bin/sh
# test_term.sh - terminal details of the explorer (issue 11 item 9), at 80x24
# and 120x40: keys are ignored while "terminal too small" is shown (resize and
# q still work), a key that works clears an old error, no negative zero
# ("now -0.00" on ge under the coherent-2017 preset, where the current point
# is the Asimov minimum), --theme projector has no dim attribute, and a frame
# reaches the terminal in one write(2) (strace, when installed).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..21"

U8="LC_ALL=C.UTF-8"
t_slider() { t_wait_re "^.*$1 +$2 " 10; }
# SGR sequences with the dim attribute (2) in the screen with attributes
ESC=$(printf '\033')
DIM_RE="$ESC\\[([0-9;]*;)?2(;[0-9;]*)?m"
t_no_dim() { ! tmux -S "$SOCK" capture-pane -p -e | grep -qE "$DIM_RE"; }
t_has_dim() { tmux -S "$SOCK" capture-pane -p -e | grep -qE "$DIM_RE"; }

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    t_start "$W" "$H" $U8 --
    t_wait "Parameters" 10
    t_slider sin2w 0.2312
    tmux -S "$SOCK" resize-window -x 30 -y 10
    t_wait "too small" 10
    t_keys Right Right : x Enter
    sleep 0.3
    tmux -S "$SOCK" resize-window -x "$W" -y "$H"
    t_check "${W}x$H: keys while too small do nothing (sin2w stays)" t_slider sin2w 0.2312
    t_check "${W}x$H: ... and no command line opened" t_wait_gone ": x" 5
    t_keys : "select nosuch" Enter
    t_check "${W}x$H: an error is shown" t_wait "select: unknown parameter 'nosuch'"
    t_keys Right
    t_slider sin2w 0.2322
    t_check "${W}x$H: the next key that works clears the error" \
        t_wait_gone "unknown parameter 'nosuch'" 5
    tmux -S "$SOCK" resize-window -x 30 -y 10
    t_wait "too small" 10
    t_keys q
    t_check "${W}x$H: q quits the too-small screen" t_wait "EXIT=0"

    t_start "$W" "$H" $U8 -- -d ge -P coherent-2017
    t_check "${W}x$H: the current point's dchi2 reads now 0.00" t_wait "now 0.00"
    t_check "${W}x$H: ... no negative zero anywhere" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -qE -- '-0\\.0+([^0-9]|\$)'"
    t_keys q
    t_wait "EXIT=0" 10

    t_start "$W" "$H" $U8 -- --theme projector
    t_wait "Parameters" 10
    t_check "${W}x$H: --theme projector uses no dim attribute" t_no_dim
    t_keys q
    t_wait "EXIT=0" 10
    t_start "$W" "$H" $U8 --
    t_wait "Parameters" 10
    t_check "${W}x$H: (the default theme does dim: the check can fail)" t_has_dim
    t_keys q
    t_wait "EXIT=0" 10
done

t_start 80 24 $U8 -- --theme dark
t_check "--theme with an unknown name is a usage error" t_wait "unknown theme 'dark'"
t_check "... with exit status 2" t_wait "EXIT=2"

if command -v strace >/dev/null 2>&1 &&
    strace -f -e trace=write -o /dev/null true >/dev/null 2>&1; then
    t_start 120 40 $U8 -- --version
    t_wait "EXIT=0" 10
    log=$tmpdir/writes
    CEVNSX_REAL=$CEVNSX
    CEVNSX="strace -e trace=write -o $log $CEVNSX_REAL"
    t_start 120 40 $U8 --
    CEVNSX=$CEVNSX_REAL
    t_wait "Parameters" 10
    sleep 0.5
    n0=$(grep -c '^write(1,' "$log")
    t_keys Right
    t_slider sin2w 0.2322
    sleep 0.3
    n1=$(grep -c '^write(1,' "$log")
    t_check "a key's frame is one write to the terminal ($((n1 - n0)))" [ $((n1 - n0)) -eq 1 ]
    t_keys q
    t_wait "EXIT=0" 10
else
    t_ok "# SKIP no usable strace"
fi
exit 0
