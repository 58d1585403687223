#!/bin/sh
# test_keep.sh - screen tests of what the explorer keeps (issue 11 item 1): a
# detector switch keeps the changed parameters and the preset (and names what
# the new detector lacks), p applies the detector's default preset, u/U undo
# and redo, R asks first, :save says where it wrote, and the session kept at
# quit comes back with --resume and the r key. At 80x24 and 120x40.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..41"

U8="LC_ALL=C.UTF-8"
# the slider row of a parameter: "eps_ee_u      0.2 ..."
t_slider() { t_wait_re "^.*$1 +$2 " 10; }

for size in "80 24" "120 40"; do
    set -- $size
    W=$1 H=$2
    rm -f "$tmpdir/state/cevnsx/session"
    t_start "$W" "$H" $U8 -- -d ge
    t_wait "Parameters" 10
    t_keys : "set eps_ee_u 0.2" Enter
    t_check "${W}x$H: eps_ee_u set to 0.2 on ge" t_slider eps_ee_u 0.2
    t_keys : "detector lar" Enter
    t_check "${W}x$H: the detector switches to lar" t_wait_re "cevnsx lar +preset"
    t_check "${W}x$H: ... and eps_ee_u stays 0.2" t_slider eps_ee_u 0.2
    t_check "${W}x$H: ... the message says it was kept" t_wait "lar: kept eps_ee_u"

    # undo and redo of a slider step
    t_keys : "select sin2w" Enter
    t_slider sin2w 0.23865
    t_keys : "set sin2w 0.25" Enter
    t_check "${W}x$H: sin2w set to 0.25" t_slider sin2w 0.25
    t_keys u
    t_check "${W}x$H: u restores sin2w 0.23865" t_slider sin2w 0.23865
    t_check "${W}x$H: ... and says what it undid" t_wait "undone: sin2w 0.25 -> 0.23865"
    t_keys U
    t_check "${W}x$H: U redoes it" t_slider sin2w 0.25

    # R asks first; n keeps, y resets
    t_keys R
    t_check "${W}x$H: R asks before resetting" t_wait "reset all parameters to the"
    t_keys n
    t_check "${W}x$H: ... any other key keeps the values" t_wait "nothing reset"
    t_check "${W}x$H: ... sin2w is still 0.25" t_slider sin2w 0.25
    t_keys R y
    t_check "${W}x$H: R then y resets" t_slider sin2w 0.23865
    t_check "${W}x$H: ... eps_ee_u too" t_slider eps_ee_u 0

    # :save says where it wrote
    t_keys : "set eps_ee_u 0.1" Enter
    t_slider eps_ee_u 0.1
    t_keys : "save $tmpdir/s.state" Enter
    t_check "${W}x$H: :save says where it wrote" t_wait "state written to $tmpdir/s.state"
    t_keys q
    t_wait "EXIT=0" 10
    t_check "${W}x$H: the session is kept at quit" \
        grep -qx "set eps_ee_u 0.1" "$tmpdir/state/cevnsx/session"

    t_start "$W" "$H" $U8 -- --resume
    t_check "${W}x$H: --resume restores the detector" t_wait_re "cevnsx lar +preset"
    t_check "${W}x$H: ... and eps_ee_u 0.1" t_slider eps_ee_u 0.1
    t_keys q
    t_wait "EXIT=0" 10
done

# a parameter the new detector lacks is dropped with its name
t_start 120 40 $U8 -- -d csi2017
t_wait "Parameters" 10
t_keys : "set rn_Cs133 5" Enter
t_keys : "detector ge" Enter
t_check "csi2017 -> ge: rn_Cs133 is named as dropped" t_wait_re "ge has no rn_Cs133(, [a-zA-Z0-9_]+)*: dropped"
t_check "... the csi2017 preset is kept, p offers ge's" \
    t_wait "preset coherent-2017 kept (p: ge's is future-coherent)"
t_keys p
t_check "p marks the detector's default preset" t_wait "[default of ge]"
t_keys q
t_wait "EXIT=0" 10

# the r key restores the session kept at the last quit (ge, just above)
t_start 100 30 $U8 -- -d nai
t_wait "Parameters" 10
t_keys r
t_check "r restores the session (ge)" t_wait_re "cevnsx ge +preset coherent-2017"
t_check "... and says from where" t_wait "session restored from"
t_keys q
t_wait "EXIT=0" 10

rm -f "$tmpdir/state/cevnsx/session"
t_start 100 30 $U8 -- --resume
t_check "--resume without a session: a clear message" t_wait "--resume: no session kept yet"
t_check "... and exit status 1" t_wait "EXIT=1"
exit 0
