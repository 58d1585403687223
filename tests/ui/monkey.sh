#!/bin/sh
# monkey.sh - a keystroke monkey for the interactive explorer (issue 5).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Drives cevnsx in a detached tmux pane (private socket) with random events:
# arrows, Shift and PgUp/PgDn steps, Tab/BTab, digits, letters (never q/Q),
# Enter with random values, ':' lines of random printable, UTF-8 (valid and
# broken) and control bytes ended by Enter or Esc, rapid `:detector` switching,
# `:preset` and other commands, c/p/v/?, held-key bursts, Ctrl-C (spaced by
# more than a second) and window resizes between 20x8 and 200x60. At the end it
# sends q and checks that the program never died abnormally, exited with
# status 0, left no sanitizer report, and left the terminal sane (icanon and
# echo on, primary screen, keypad and mouse modes off, cursor visible).
#
# Usage: monkey.sh [EVENTS [SEED]]
#   MONKEY_EVENTS  number of events (default 400: the short run of make check)
#   MONKEY_SEED    seed of the generator (default 20261121, so that make check is
#                  reproducible; 'random' takes one from the clock; always printed)
#   MONKEY_DELAY   pause after each event in seconds (default 0.02)
#   MONKEY_KEEP=1  keep the work directory (events, stderr, logs)
#   MONKEY_LC      LC_ALL of the program (default C.UTF-8; C tests the ASCII tier)
#   MONKEY_PROBE   every this many events (default 250) a resize below 40x12
#                  must show the too-small screen within 30 s, else a hang
#   CEVNSX         the binary (default $top_builddir/cevnsx)
#   MONKEY_EVENTS_FILE  replay this list of events (the format below, e.g. a
#                  cut of a kept run's `events`) instead of generating them
# A run is reproducible from its seed and event count: the events come from a
# Park-Miller generator in awk, the same with any awk. Only timing differs.
# Event 0 replays past finds (a readline hang in vi mode, a resize lost after
# Esc) before the random events.
#
# Two Ctrl-C within a second quit the explorer by design. Ctrl-C events are
# spaced by 1.5 s, but a busy program may still see two at once; a clean exit
# (status 0, sane terminal, no sanitizer report) after a Ctrl-C therefore
# counts as a restart and the program is launched again.
#
# Nothing writes outside the work directory: the program runs there with HOME
# and XDG_* inside it, and random command lines never contain '/' or '~'.

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
CEVNSX=${CEVNSX:-$top_builddir/cevnsx}
EVENTS=${1:-${MONKEY_EVENTS:-400}}
SEED=${2:-${MONKEY_SEED:-}}
DELAY=${MONKEY_DELAY:-0.02}
PROBE=${MONKEY_PROBE:-250}

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP no tmux"; exit 0; }
[ -x "$CEVNSX" ] || { echo "1..0 # SKIP no cevnsx binary"; exit 0; }
case $CEVNSX in /*) ;; *) CEVNSX=$(pwd)/$CEVNSX ;; esac
case $top_srcdir in /*) ;; *) top_srcdir=$(pwd)/$top_srcdir ;; esac
[ -n "$SEED" ] || SEED=20261121
[ "$SEED" = random ] && SEED=$(( ($(date +%s) * 2654435761 + $$) % 2147483646 + 1 ))

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/cevnsx-monkey.XXXXXX") || exit 1
W=$tmpdir/w
SOCK=$tmpdir/sock
mkdir -p "$W/home/.config" "$W/home/.state" "$W/home/.local/share" "$W/home/.cache"
pid=""
cleanup() {
    tmux -S "$SOCK" kill-server >/dev/null 2>&1
    # a hung program ignores the hangup: end it (only the one this run started)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        sleep 1
        kill -KILL "$pid" 2>/dev/null
    fi
    if [ "${MONKEY_KEEP:-0}" = 1 ]; then echo "# kept $tmpdir"; else rm -rf "$tmpdir"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

echo "1..7"
echo "# seed $SEED, $EVENTS events (reproduce: MONKEY_SEED=$SEED MONKEY_EVENTS=$EVENTS $0)"

# ------------------------------------------------------------ the events ----
# One line per action; "E n" starts event n. K: tmux key names; H: bytes in
# hex; N count key: a held key; R w h: resize; C: Ctrl-C; P ms: pause;
# X w h: Esc and a resize below 40x12 at once, then the too-small screen
# must show that size.
if [ -n "${MONKEY_EVENTS_FILE:-}" ]; then
    cp "$MONKEY_EVENTS_FILE" "$tmpdir/events" || exit 1
else awk -v seed="$SEED" -v n="$EVENTS" '
function rnd() { s = (s * 16807) % 2147483647; return s / 2147483647 }
function ri(k) { return int(rnd() * k) }
function pick(list,   a, k) { k = split(list, a, " "); return a[ri(k) + 1] }
# a byte sequence of a list entry: "e2_82_ac" -> "e2 82 ac"
function seq(list,   x) { x = pick(list); gsub(/_/, " ", x); return x }
function hex(str,   i, o) {
    o = ""
    for (i = 1; i <= length(str); i++) o = o " " HEX[substr(str, i, 1)]
    return o
}
function text(str) { if (str != "") print "H" hex(str) }
function cmd(str) { print "H 3a"; text(str); print "K Enter" }
function randprint(len,   o, c) {
    o = ""
    while (length(o) < len) {
        c = sprintf("%c", 32 + ri(95))
        if (c != "q" && c != "Q" && c != "/" && c != "~") o = o c
    }
    return o
}
function randbytes(len,   o, i, r) {
    o = ""
    for (i = 0; i < len; i++) {
        r = ri(10)
        if (r < 3) o = o " " seq(UTF8)
        else if (r < 5) o = o " " seq(BROKEN)
        else if (r < 7) o = o " " pick(CTRL)
        else o = o hex(randprint(1 + ri(4)))
    }
    return o
}
function value(   r) {
    r = ri(4)
    if (r == 0) return sprintf("%.6g", (rnd() - 0.5) * 10 ^ (ri(40) - 20))
    if (r == 1) return ri(1000) ""
    return pick(VALUES)
}
BEGIN {
    s = seed % 2147483647
    if (s <= 0) s += 2147483646
    for (i = 0; i < 5; i++) rnd()
    for (i = 32; i < 127; i++) HEX[sprintf("%c", i)] = sprintf("%02x", i)
    NAV = "Up Down Left Right S-Left S-Right S-Up S-Down PPage NPage Home End Tab BTab " \
          "BSpace DC IC F1 F2 F5 F10 Escape C-l Space C-a C-e C-k C-u C-w C-r C-p C-n C-g " \
          "M-b M-f M-d M-Enter"
    HELD = "Up Down Left Right S-Left S-Right PPage NPage j k h l + - ] [ Tab BSpace"
    LETTERS = "a b c d e f g h i j k l m n o p r s t u v w x y z " \
              "A B C D E F G H I J K L M N O P R S T U V W X Y Z ? [ ] - + = < > ! # *"
    # UTF-8: accents, euro, wide CJK, an emoji, a combining mark, U+FFFD, NBSP
    UTF8 = "c3_a9 e2_82_ac e6_bc_a2 f0_9f_98_80 cc_81 ef_bf_bd c2_a0 e2_80_8b d7_90"
    # broken: stray continuation, overlong NUL, truncated, 0xff, surrogate
    BROKEN = "80 bf c0_80 e2_82 f0_9f ff fe ed_a0_80 f4_90_80_80"
    # control bytes except 03 (Ctrl-C is its own event), 04, 11, 13, 1a, 1c
    CTRL = "00 01 02 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 12 14 15 16 17 18 19 1b 1d 1e 1f 7f"
    DETS = "csi2017 csi ge nai lar"
    PRESETS = "coherent-2017 future-coherent sm-helm"
    PARAMS = "sin2w eps_ee_u eps_ee_d eps_mumu_u eps_emu_u eps_etau_d eps_mutau_u mu_nu_e " \
             "mu_nu r2_nu_e s22_e s22_mu dm2 ff_z ff_n kin_te gc mass_kg baseline_m " \
             "threshold_kev pot nu_per_proton eff sigma_alpha sigma_beta bkg_frac rn_Cs133 " \
             "rn_I127 rn_Ge72 rn_Ar40 rn_Na23 nosuch"
    VALUES = "0 1 -1 0.5 -0 1e308 -1e308 1e-320 nan inf -inf 0x1p3 1e 1e+400 abc 2,5 " \
             ". 99999999999999999999999 helm sfermi kn helm-ls on off 0.23865 5 -5 1e-6 1e27"
    OTHER = "view|view spectrum|view dchi2|events|show|list params|list detectors|" \
            "list presets|list stats|list commands|help|help set|save st.cx|load st.cx|" \
            "load nosuch.cx|snapshot snap.txt|export exp.csv|demo sm|demo nsi|demo sterile|" \
            "demo nosuch|stat|stat default|format json|format text|format csv|spectrum|" \
            "spectrum --plot=ascii|keys|select sin2w|select nosuch|engine fast|detector|" \
            "preset|reset all|reset|detector bad.det|detector empty.det|load bad.det"
    no = split(OTHER, OTH, "|")
    # Event 0 replays past finds before the random ones. readline 8.2 hung in
    # vi mode (reached by Alt-Enter or Alt-Ctrl-J) on a word that ends in an
    # invalid UTF-8 sequence: ":a<f4 90 80 80>", Alt-Enter, Esc 0 E.
    print "E 0"
    print "H 3a 61 f4 90 80 80"; print "H 1b 0d"; print "H 1b 30"; print "H 45"
    print "K Escape"; print "P 200"; print "K Escape"
    print "H 3a 61 c3 a9 bf"; print "H 1b 0a"; print "H 1b 30"; print "H 3d"
    print "K Escape"; print "P 200"; print "K Escape"
    # A resize just after Esc on the command line was taken for Alt-resize
    # and dropped: the layout stayed stale.
    print "R 100 30"
    for (i = 0; i < 5; i++) {
        print "P 300"; print "H 3a"; print "P 500"; print "X " (31 + i) " 9"
        print "R 100 30"; print "P 300"; print "K Escape"
    }
    for (ev = 1; ev <= n; ev++) {
        print "E " ev
        r = ri(1000)
        if (r < 220) {                       # one navigation or editing key
            print "K " pick(NAV)
        } else if (r < 320) {                # digits: panels, reset, values
            text(ri(10) "")
        } else if (r < 450) {                # letters and punctuation, never q
            text(pick(LETTERS))
        } else if (r < 510) {                # Enter with a random value
            print "K Enter"
            if (ri(2)) print "K C-u"
            text(ri(4) ? value() : randprint(ri(12)))
            print "K " (ri(5) ? "Enter" : "Escape")
        } else if (r < 590) {                # a line of random bytes
            print "H 3a" randbytes(ri(12))
            print "K " (ri(10) < 7 ? "Enter" : "Escape")
        } else if (r < 650) {                # rapid detector switching
            k = 1 + ri(5)
            for (i = 0; i < k; i++)
                cmd("detector " (ri(12) ? pick(DETS) : pick("nosuch bad.det empty.det")))
        } else if (r < 680) {                # presets
            cmd("preset " (ri(8) ? pick(PRESETS) : "nosuch"))
        } else if (r < 720) {                # set, scan, contour
            k = ri(4)
            if (k < 2) cmd("set " pick(PARAMS) " " value())
            else if (k == 2) cmd("scan " pick(PARAMS))
            else cmd("contour " pick(PARAMS) " " pick(PARAMS))
        } else if (r < 750) {                # other commands
            cmd(OTH[1 + ri(no)])
        } else if (r < 810) {                # c, p, v, ? and a key or two inside
            text(pick("c p v ? c p"))
            if (ri(2)) print "K " pick("Up Down Enter Escape Tab Left Right")
            if (ri(3) == 0) print "K " pick("Enter Escape")
        } else if (r < 840) {                # resize
            print "R " (20 + ri(181)) " " (8 + ri(53))
        } else if (r < 850) {                # Esc and a resize below 40x12 at once
            if (ri(2)) print "H 3a"
            print "X " (30 + ri(10)) " " (8 + ri(4))
        } else if (r < 900) {                # a held key
            print "N " (5 + ri(56)) " " pick(HELD)
        } else if (r < 910) {                # Ctrl-C
            print "C"
        } else if (r < 940) {                # a pause: let a computation run
            print "P " (100 + ri(700))
        } else if (r < 970) {                # demo keys
            print "K " pick("Space BSpace Escape")
        } else {                             # a short random byte burst
            print "H" randbytes(1 + ri(6))
        }
    }
}' > "$tmpdir/events" || exit 1
fi

# Files the random commands may read.
printf 'cevnsx-detector 1\n\001\002garbage\377\n' > "$W/bad.det"
: > "$W/empty.det"

# ------------------------------------------------------------ the wrapper ----
# The pane runs run.sh N: it records the pid, the exit status and `stty -a`
# after cevnsx ends, then stays (sleep) so the pane can be inspected.
cat > "$tmpdir/run.sh" <<EOF
trap : INT
cd '$W' || exit 1
export HOME='$W/home' XDG_CONFIG_HOME='$W/home/.config' XDG_STATE_HOME='$W/home/.state'
export XDG_DATA_HOME='$W/home/.local/share' XDG_CACHE_HOME='$W/home/.cache'
export TERM=xterm-256color INPUTRC=/dev/null LC_ALL=\${MONKEY_LC:-C.UTF-8}
export ASAN_OPTIONS='halt_on_error=1:detect_leaks=1:allow_user_segv_handler=0:log_path=$W/asan'
export UBSAN_OPTIONS='halt_on_error=1:print_stacktrace=1:log_path=$W/ubsan'
export LSAN_OPTIONS='suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0'
unset LINES COLUMNS
sh -c 'echo \$\$ > pid.\$1; exec "\$2" 2> stderr.\$1' sh "\$1" '$CEVNSX'
st=\$?
stty -a > stty.\$1 2>&1
echo \$st > status.tmp.\$1 && mv status.tmp.\$1 status.\$1
echo "MONKEY-EXIT \$st"
cat stty.\$1
exec sleep 100000
EOF
[ -n "${CEVNSX_DATADIR:-}" ] && export CEVNSX_DATADIR

now_ms() {
    t=$(date +%s%N)
    case $t in *N) echo $(( $(date +%s) * 1000 )) ;; *) echo $(( t / 1000000 )) ;; esac
}
tm() { tmux -S "$SOCK" "$@"; }
tk() { tm send-keys -t "$PANE" "$@"; }
fmt() { tm display-message -p -t "$PANE" "$1" 2>/dev/null; }
diag() { sed 's/^/# /'; }
screen_diag() { tm capture-pane -p -t "$PANE" 2>/dev/null | diag; }

# san_report: prints any sanitizer report (logs or stderr of every run).
san_report() {
    for f in "$W"/asan.* "$W"/ubsan.*; do
        [ -s "$f" ] && { echo "== $f"; head -40 "$f"; }
    done
    for f in "$W"/stderr.*; do
        [ -f "$f" ] && grep -E -A20 'Sanitizer|runtime error:' "$f" | head -40
    done
}
# term_sane N: after run N ended, the tty modes and the pane's modes are sane.
term_sane() {
    tr ' ;' '\n\n' < "$W/stty.$1" | grep -qx icanon || { echo "icanon off after exit"; return 1; }
    tr ' ;' '\n\n' < "$W/stty.$1" | grep -qx echo || { echo "echo off after exit"; return 1; }
    m=$(fmt '#{alternate_on} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag} #{cursor_flag}')
    [ "$m" = "0 0 0 0 1" ] || {
        echo "pane modes 'alternate keypad-cursor keypad mouse cursor' = '$m' (want '0 0 0 0 1')"
        return 1
    }
}
# launch N: starts run N in the pane and waits until curses is up.
launch() {
    run=$1
    if [ "$run" -eq 1 ]; then
        tm -f /dev/null new-session -d -s monkey -x "$2" -y "$3" "sh '$tmpdir/run.sh' 1" || return 1
        tm set-option -g remain-on-exit on >/dev/null 2>&1
        PANE=$(tm display-message -p -t monkey '#{pane_id}')
    else
        tm respawn-pane -k -t "$PANE" "sh '$tmpdir/run.sh' $run" || return 1
    fi
    deadline=$(( $(date +%s) + 60 ))
    while :; do
        [ -e "$W/status.$run" ] && return 1
        [ -s "$W/pid.$run" ] && [ "$(fmt '#{alternate_on}')" = 1 ] && break
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
    pid=$(cat "$W/pid.$run")
    cc_since_launch=0
    return 0
}
# probe K: after a resize below 40x12 the too-small screen shows the new
# size within 30 s (a hung program does not redraw); then the size is restored.
probe() {
    pw=$((30 + $1 % 10)) ph=$((8 + $1 % 4))
    tm resize-window -t monkey -x "$pw" -y "$ph"
    wait_small "$pw" "$ph" || return 1
    tm resize-window -t monkey -x "$cur_w" -y "$cur_h"
}
# wait_small W H: the too-small screen shows "have WxH" within 30 s.
wait_small() {
    deadline=$(( $(date +%s) + 30 ))
    until tm capture-pane -p -t "$PANE" | grep -q "have $1x$2)"; do
        [ -e "$W/status.$run" ] && return 0 # ended: the exit check decides
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}
# hang_diag: the state of a hung program, with a backtrace if gdb is here.
hang_diag() {
    ps -o pid,stat,time,etime,wchan:20,args -p "$pid" 2>&1
    if command -v gdb >/dev/null 2>&1; then
        timeout 60 gdb -p "$pid" -batch -ex 'bt 25' 2>&1 | grep '^#'
    fi
}
# ended_cleanly N: run N ended with status 0, no report, sane terminal.
ended_cleanly() {
    [ "$(cat "$W/status.$1")" = 0 ] || { echo "exit status $(cat "$W/status.$1")"; return 1; }
    r=$(san_report)
    [ -z "$r" ] || { echo "$r"; return 1; }
    term_sane "$1"
}

# -------------------------------------------------------------- the run ----
fail_mid=""
restarts=0
done_events=0
last_cc=0
cur_w=$((20 + SEED % 181)) cur_h=$((8 + SEED % 53))
last_probe=0
if launch 1 "$cur_w" "$cur_h"; then
    echo "ok 1 - the explorer starts in a $((20 + SEED % 181))x$((8 + SEED % 53)) pane"
else
    echo "not ok 1 - the explorer starts"
    screen_diag
    [ -f "$W/stderr.1" ] && diag < "$W/stderr.1"
    fail_mid="did not start"
fi
t0=$(date +%s)
[ -n "$fail_mid" ] || while IFS= read -r line; do
    case $line in
    E\ *)
        done_events=${line#E }
        if [ $((done_events % PROBE)) -eq 1 ] || [ "$done_events" = 1 ]; then
            if ! probe "$done_events"; then
                fail_mid="no redraw within 30 s of a resize: hung between events $last_probe and $((done_events - 1))"
                hang_diag | diag
                break
            fi
            last_probe=$((done_events - 1))
        fi
        [ "$done_events" -gt 0 ] && [ $((done_events % 1000)) -eq 0 ] &&
            echo "# $done_events events, $(( $(date +%s) - t0 )) s, $restarts restarts"
        [ "$DELAY" = 0 ] || sleep "$DELAY" ;;
    K\ *) tk ${line#K } ;;
    H\ *) tk -H ${line#H } ;;
    N\ *) set -- ${line#N }; tk -N "$1" "$2" ;;
    R\ *)
        set -- ${line#R }
        cur_w=$1 cur_h=$2
        tm resize-window -t monkey -x "$1" -y "$2" ;;
    X\ *)
        set -- ${line#X }
        cur_w=$1 cur_h=$2
        tm send-keys -t "$PANE" Escape \; resize-window -t monkey -x "$1" -y "$2"
        if ! wait_small "$1" "$2"; then
            fail_mid="Esc then a resize to $1x$2 at event $done_events: no too-small screen within 30 s"
            break
        fi ;;
    P\ *) sleep "$(awk -v m="${line#P }" 'BEGIN { printf "%.3f", m / 1000 }')" ;;
    C)
        while [ $(( $(now_ms) - last_cc )) -lt 1500 ]; do sleep 0.1; done
        tk C-c
        last_cc=$(now_ms)
        cc_since_launch=$((cc_since_launch + 1)) ;;
    esac
    if [ -e "$W/status.$run" ]; then
        # the program ended mid-run: fine only after Ctrl-C (or a typed quit)
        sleep 0.3
        why=$(ended_cleanly "$run")
        hist=$(tail -1 "$W/home/.state/cevnsx/history" 2>/dev/null)
        if [ -z "$why" ] && { [ "$cc_since_launch" -gt 0 ] || [ "$hist" = quit ]; }; then
            restarts=$((restarts + 1))
            echo "# run $run quit cleanly at event $done_events (Ctrl-C twice or a typed quit); restarting"
            if ! launch $((run + 1)); then
                fail_mid="did not restart after event $done_events"
                break
            fi
        else
            fail_mid="the program ended at event $done_events: ${why:-status 0 without Ctrl-C or quit}"
            break
        fi
    fi
done < "$tmpdir/events"
t1=$(date +%s)

if [ -z "$fail_mid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "ok 2 - alive through $done_events events in $((t1 - t0)) s ($restarts clean restarts after Ctrl-C)"
else
    [ -n "$fail_mid" ] || fail_mid="pid $pid is gone but no status was recorded"
    echo "not ok 2 - alive through $EVENTS events: $fail_mid"
    echo "# seed $SEED; the last events before the failure:"
    awk -v e="$done_events" '$1 == "E" && $2 > e - 8 { p = 1 } p { print "#   " $0 } $1 == "E" && $2 > e { exit }' \
        "$tmpdir/events"
    screen_diag
fi

# ----------------------------------------------------------------- quit ----
if [ -z "$fail_mid" ]; then
    tm resize-window -t monkey -x 120 -y 40
    for attempt in 1 2 3 4; do
        tk Escape; sleep 0.3; tk Escape; sleep 0.3
        tk q
        deadline=$(( $(date +%s) + 15 ))
        while [ ! -e "$W/status.$run" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
        [ -e "$W/status.$run" ] && break
        echo "# q attempt $attempt did not quit; the screen:"
        screen_diag
    done
fi
st=$(cat "$W/status.$run" 2>/dev/null)
if [ "$st" = 0 ]; then
    echo "ok 3 - q exits with status 0"
else
    echo "not ok 3 - q exits with status 0 (status '${st:-none}')"
    [ -f "$W/stderr.$run" ] && tail -20 "$W/stderr.$run" | diag
fi

rep=$(san_report)
if [ -z "$rep" ]; then
    echo "ok 4 - no sanitizer report in $run run(s)"
else
    echo "not ok 4 - no sanitizer report (seed $SEED)"
    echo "$rep" | diag
fi

if [ -f "$W/stty.$run" ] && tr ' ;' '\n\n' < "$W/stty.$run" | grep -qx icanon &&
    tr ' ;' '\n\n' < "$W/stty.$run" | grep -qx echo; then
    echo "ok 5 - stty -a after exit: icanon and echo on"
else
    echo "not ok 5 - stty -a after exit: icanon and echo on"
    [ -f "$W/stty.$run" ] && diag < "$W/stty.$run"
fi

sleep 0.3
m=$(fmt '#{alternate_on} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag} #{cursor_flag}')
if [ "$m" = "0 0 0 0 1" ]; then
    echo "ok 6 - primary screen, keypad and mouse modes off, cursor visible"
else
    echo "not ok 6 - primary screen, keypad and mouse modes off, cursor visible (got '$m')"
fi

scr=$(tm capture-pane -p -t "$PANE" 2>/dev/null)
if printf '%s\n' "$scr" | grep -q "^MONKEY-EXIT $st" && printf '%s\n' "$scr" | grep -q 'icanon'; then
    echo "ok 7 - the pane shows the shell's output after exit"
else
    echo "not ok 7 - the pane shows the shell's output after exit"
    printf '%s\n' "$scr" | diag
fi
exit 0
