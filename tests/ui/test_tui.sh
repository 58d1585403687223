#!/bin/sh
# test_tui.sh - screen tests of the interactive explorer, driven through tmux
# on a private socket: panels at 120x40, 80x24 and 40x12, UTF-8 and LC_ALL=C,
# NO_COLOR, slider keys, the dchi2 interval, the readline command line
# (editing, completion, history), resize, Ctrl-C, SIGTERM and a clean exit.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..69"

U8="LC_ALL=C.UTF-8"

t_exited_sane() { t_wait "EXIT=0" 10 && t_wait "TTY=sane" 5; }
# The 90 % CL text of the dchi2 title.
t_interval() { t_screen | grep -o '90% CL: .*' | head -1; }
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
t_no_8bit() { ! t_screen | LC_ALL=C grep -q '[^ -~]'; }
t_differs() { [ "$1" != "$2" ] && [ -n "$2" ]; }

# ---------------------------------------------------------------- 120x40 --
t_start 120 40 $U8 --
t_check "120x40: the explorer starts" t_wait "sin2w"
t_check "120x40: header, detector, slider, spectrum and dchi2 panels" \
    t_has_all "csi2017" "N_SM" "Detectors" "Parameters" "Spectrum" "90% CL" "Standard Model"
t_check "120x40: the selected parameter is explained" t_wait "weak mixing angle"
# (σ in UTF-8 builds, "sig" when built with --disable-unicode)
t_sigma_labels() { t_wait_re "1(σ|sig)" && t_wait_re "2(σ|sig)"; }
t_check "120x40: dchi2 plot labels its 1 and 2 sigma lines" t_sigma_labels
t_check "120x40: csi2017 spectrum has a legend with the data" t_has_all "model" "SM" "data"
n0=$(t_header_field "N ")
v0=$(t_screen | grep -o 'sin2w  *[0-9.]*' | head -1)
t_keys Right
t_wait_gone "$v0" 5
v1=$(t_screen | grep -o 'sin2w  *[0-9.]*' | head -1)
t_check "a slider key changes the value ($v0 -> $v1)" t_differs "$v0" "$v1"
t_wait_re "N [0-9]" 5
n1=$(t_header_field "N ")
t_check "a slider key changes the total N ($n0 -> $n1)" t_differs "$n0" "$n1"
i0=$(t_interval)
t_keys :
t_check "':' opens the command line" t_wait "Tab complete"
t_keys "set sin" Tab
t_check "Tab completes a parameter name" t_wait ": set sin2w"
t_keys C-u "set eps_ee_" Tab Tab
t_check "a second Tab lists the candidates" t_has_all "completions" "eps_ee_d" "eps_ee_u"
t_keys Escape
t_wait_gone "completions" 5
t_keys C-u "set eps_ee_u 0.0x" BSpace "5" Enter
t_check "the command line edits and runs set" t_wait_re "eps_ee_u +0\\.05 "
# the track spans the scan range [-1, 1]: 0.05 moves the knob off the 0 cell
trk() { t_screen | grep -o "$1 .*" | head -1 | sed 's/^[^├\[]*//' | cut -c1-40; }
t_check "a small NSI value (0.05) moves the slider knob" t_differs "$(trk eps_ee_d)" "$(trk eps_ee_u)"
t_keys : "set eps_mumu_d -0.02" Enter
t_wait_re "eps_mumu_d +-0\\.02 " 5
t_check "a smaller negative one (-0.02) moves it too" t_differs "$(trk eps_mumu_u)" "$(trk eps_mumu_d)"
t_wait_re "90% CL: .*best" 5
i1=$(t_interval)
t_check "the dchi2 interval changes when another parameter moves ($i0 -> $i1)" \
    t_differs "$i0" "$i1"
t_keys : "view contour eps_ee_u eps_ee_d" Enter
t_check "the contour view computes a 90% CL region" t_wait_re "90% CL (region )?eps_ee_d vs eps_ee_u +best \\("
t_keys c
t_check "c closes the contour view" t_wait_gone "eps_ee_d vs eps_ee_u" 5
t_keys : "select sin2w" Enter
t_wait_re "90% CL: +sin2w" 5
t_keys : "det" Tab
t_check "Tab completes a command" t_wait ": detector"
t_keys "na" Tab
t_check "Tab completes a detector" t_wait ": detector nai"
t_keys Enter
t_check "the detector switches" t_wait_re "cevnsx nai +preset coherent-2017"
t_keys : "abc"
t_wait ": abc" 5
t_keys C-c
t_check "Ctrl-C cancels the line" t_wait "cancelled"
t_check "... and clears it" t_wait_gone ": abc" 5
t_keys Enter
t_check "Enter on a slider types an exact value" t_wait ": set sin2w"
t_keys C-u "set sin2w 0.2312" Enter
t_keys p
t_check "p offers the presets" t_has_all "presets" "sm-helm" "coherent-2017"
t_keys Down Down Enter
t_check "choosing a preset applies it" t_wait_re "preset (sm-helm|future-coherent)"
t_keys "?"
t_check "? shows the help from the action table" t_wait "Shift-Left Shift-Right"
t_keys Escape
t_wait_gone "Shift-Left Shift-Right" 5
tmux -S "$SOCK" resize-window -x 80 -y 24
t_check "resize to 80x24 keeps the core panels" t_wait_re "^.{0,60}Parameters"
tmux -S "$SOCK" resize-window -x 30 -y 10
t_check "resize below 40x12 shows the too-small screen" t_wait "need 40x12, have 30x10"
tmux -S "$SOCK" resize-window -x 120 -y 40
t_check "resize back restores the panels" t_wait "Detectors"
t_keys q
t_check "q exits 0 and leaves the terminal sane" t_exited_sane
t_check "the command history is saved" grep -q "set eps_ee_u 0.05" "$tmpdir/state/cevnsx/history"

# ------------------------------------------------------- 80x24, LC_ALL=C --
t_start 80 24 LC_ALL=C --
t_check "80x24 C locale: the explorer starts" t_wait "sin2w"
t_check "80x24 C locale: core panels" t_has_all "Detectors" "Parameters" "Spectrum" "CL"
t_check "80x24 C locale: ASCII only on screen" t_no_8bit
t_keys "j" "l"
t_check "80x24 C locale: a slider key works" t_wait_re "ff_z +sfermi"
t_keys q
t_check "80x24 C locale: q exits 0, terminal sane" t_exited_sane

# ------------------------------------------------------------ 40x12 UTF-8 --
t_start 40 12 $U8 NO_COLOR=1 --
t_check "40x12: one panel at a time with a tab strip" t_wait "1 Detectors"
t_keys 3
t_check "40x12: 3 shows the spectrum" t_wait "Spectrum"
t_check "NO_COLOR: no colour escapes on screen" \
    sh -c "! tmux -S '$SOCK' capture-pane -p -e | grep -q '\[3[0-7]m\|\[38;5'"
t_keys C-c
t_wait "cancelled" 5
t_keys C-c
t_check "Ctrl-C twice quits, terminal sane" t_exited_sane

# ------------------------------------- issue 9: timing, data, descriptions --
t_start 120 40 $U8 -- -d lar2020
t_check "lar2020: the spectrum is in keVee with measured points" t_wait "events per 10 keVee"
t_check "lar2020: the legend shows the data" t_has_all "model" "SM" "data"
t_keys t
t_check "t switches the spectrum to the arrival-time projection" t_wait "events per 0.5 us"
t_check "... with the data points of the time projection" t_has_all "data" "us"
t_keys t
t_check "t switches back to the energy projection" t_wait "events per 10 keVee"
t_keys BTab
t_check "the detector panel describes the selected detector" t_wait "lar2020: Ar40 24.4 kg 27.5 m"
t_check "... with its exposure and region of interest" t_wait "1.38e+23 POT, ROI 0-120 keVee"
t_keys q
t_wait "EXIT=0" 10

t_start 120 40 $U8 -- -d csi2021
t_check "csi2021: spectrum in PE with measured points" t_has_all "events per 4 PE" "data"
t_keys t
t_check "csi2021: t shows the arrival-time projection" t_wait "events per 0.5 us"
t_keys q
t_wait "EXIT=0" 10

# ------------------------------------- one command path: quotes and ';' --
t_start 120 40 $U8 --
t_wait "sin2w" 10
t_keys : "snapshot '$tmpdir/b c.txt'" Enter
t_check "':snapshot' takes a quoted file name with a blank" t_wait "screen written to $tmpdir/b c.txt"
t_check "... and wrote the screen there" grep -q "Parameters" "$tmpdir/b c.txt"
t_keys : "snapshot $tmpdir/x.txt; set sin2w 0.3" Enter
t_check "'snapshot FILE; set ...' runs both commands" t_wait_re "sin2w +0\\.3 "
t_check "... and wrote the file" grep -q "Parameters" "$tmpdir/x.txt"
t_keys : "export spectrum $tmpdir/s.csv; export spectrum $tmpdir/s.json" Enter
t_wait "written to $tmpdir/s.json" 10
"$CEVNSX" -f csv -e "set sin2w 0.3; spectrum" >"$tmpdir/b.csv" 2>&1
"$CEVNSX" -f json -e "set sin2w 0.3; spectrum" >"$tmpdir/b.json" 2>&1
t_check "':export spectrum' writes what batch 'spectrum -f csv' prints, byte for byte" \
    cmp "$tmpdir/s.csv" "$tmpdir/b.csv"
t_check "... and FILE.json what 'spectrum -f json' prints" cmp "$tmpdir/s.json" "$tmpdir/b.json"
t_keys Escape
t_wait_gone "written to $tmpdir/s.json" 5
t_wait_re "90% CL \\[" 20
t_keys : "export scan $tmpdir/scan.csv" Enter
t_wait "scan written to $tmpdir/scan.csv" 10
x0=$(sed -n 2p "$tmpdir/scan.csv" | cut -d, -f1)
x1=$(tail -n 1 "$tmpdir/scan.csv" | cut -d, -f1)
np=$(($(wc -l <"$tmpdir/scan.csv") - 1))
"$CEVNSX" -f csv scan sin2w --from "$x0" --to "$x1" -n "$np" >"$tmpdir/bscan.csv" 2>&1
t_check "':export scan' writes what 'scan sin2w --from $x0 --to $x1 -n $np -f csv' prints" \
    cmp "$tmpdir/scan.csv" "$tmpdir/bscan.csv"
t_keys : "view contour sin2w eps_ee_u" Enter
t_wait_re "90% CL (region )?eps_ee_u vs sin2w +best \\(" 30
t_keys : "export contour $tmpdir/ct.csv" Enter
t_wait "contour written to $tmpdir/ct.csv" 10
nx=$(awk 'NR > 1 && $0 == "" { exit } NR > 1 { n++ } END { print n }' "$tmpdir/ct.csv")
ny=$(($(grep -c '^$' "$tmpdir/ct.csv") + 1))
cx0=$(sed -n 2p "$tmpdir/ct.csv" | cut -d, -f1); cy0=$(sed -n 2p "$tmpdir/ct.csv" | cut -d, -f2)
cx1=$(tail -n 1 "$tmpdir/ct.csv" | cut -d, -f1); cy1=$(tail -n 1 "$tmpdir/ct.csv" | cut -d, -f2)
"$CEVNSX" -f csv contour sin2w eps_ee_u -n "${nx}x$ny" --from "$cx0" --to "$cx1" \
    --y-from "$cy0" --y-to "$cy1" >"$tmpdir/bct.csv" 2>&1
t_check "':export contour' writes what 'contour -n ${nx}x$ny ... -f csv' prints (blank line per row)" \
    cmp "$tmpdir/ct.csv" "$tmpdir/bct.csv"
t_keys c
t_keys : "select ff_z" Enter
t_check "an enumerated parameter's curve (cx_scan over its labels): dchi2 per label, best starred" \
    t_wait_re "(Δχ²|dchi2) ff_z: helm[*]? [0-9.]+ sfermi[*]? [0-9.]+ kn[*]? [0-9.]+ helm-ls"
t_keys : "select sin2w" Enter
t_keys : "events; snapshot $tmpdir/a.txt" Enter
t_check "'events; snapshot FILE': the events, then the snapshot" \
    t_has_all "events over the exposure" "screen written to $tmpdir/a.txt"
t_keys Escape
t_keys : "snapshot" Enter
t_check "a missing argument: the table's usage line" t_wait "usage: snapshot FILE"
t_keys : "set nosuch 1" Enter
msg=$("$CEVNSX" -e "set nosuch 1" 2>&1 | sed 's/^cevnsx: //')
t_check "a bad command: the batch diagnostic ($msg)" t_wait "$msg"
t_keys q
t_check "... and the explorer still quits cleanly" t_exited_sane

# ------------------------------------------------- too small: golden ----
t_start 30 10 $U8 --
t_wait "too small" 10
t_screen > "$tmpdir/small.out"
t_check "30x10: the too-small screen matches tests/ui/too_small.screen" \
    diff -u "$top_srcdir/tests/ui/too_small.screen" "$tmpdir/small.out"
t_keys q
t_check "30x10: q still quits" t_wait "EXIT=0"

# ---------------------------------------------------- SIGTERM, bad TERM --
t_start 100 30 $U8 --
t_wait "sin2w" 10
shell_pid=$(tmux -S "$SOCK" display-message -p '#{pane_pid}')
pid=$(ps -o pid= --ppid "$shell_pid" | head -1 | tr -d ' ')
# the child of env is cevnsx itself (env execs)
[ -n "$pid" ] && kill -TERM "$pid"
t_check "SIGTERM restores the terminal" t_wait "TTY=sane"

t_start 80 24 $U8 TERM=no-such-terminal --
t_check "an unknown TERM gives a clear message" t_wait "unknown terminal type 'no-such-terminal'"
t_check "... and exit status 1" t_wait "EXIT=1"

# The Delta-chi2 curve follows a change of statistic (the binned Poisson
# likelihood on csi2017: 90 % CL [0.1379, 0.3224], README; single-bin
# [0.1136, 0.3089]).
t_start 100 30 $U8 --
t_check "100x30: the single-bin interval first" t_wait "0.1136, 0.3089"
t_keys : "stat poisson" Enter
t_check "':stat poisson' redraws the dchi2 curve with the likelihood's interval" t_wait "0.1379, 0.3224"

t_start 80 24 $U8 -- --frames 5
t_check "--frames 5 exits 0" t_wait "EXIT=0"

exit 0
