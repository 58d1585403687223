#!/bin/sh
# test_signals.sh - long commands stop when asked: typed after ':' in the
# explorer, in the REPL, and given with -e. Ctrl-C cancels the command (the
# explorer and the REPL keep running), SIGTERM and SIGHUP end the program with
# the terminal restored, and a closed terminal ends it; a FIFO at the history
# path does not block the start, and a relative XDG_STATE_HOME is ignored.
# Each run is a real terminal (tmux); the latencies measured are printed as
# TAP comments.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..20"

U8="LC_ALL=C.UTF-8"
# About 25 s on this machine (100000 points, four couplings profiled at each):
# far longer than any deadline below, so only an interruption ends it early.
LONG_SCAN="scan sin2w -n 100000 --profile eps_ee_u --profile eps_ee_d --profile eps_mumu_u --profile eps_mumu_d"
# About 3 s: a 2001 x 2001 grid over five detectors.
LONG_CONTOUR="contour eps_ee_u eps_ee_d -n 2001 -d csi2017 -d csi -d ge -d nai -d lar"

now_ms() { date +%s%3N; }
# The pid of cevnsx in the current tmux pane (the pane's shell runs it).
cevnsx_pid() {
    sh_pid=$(tmux -S "$SOCK" list-panes -F '#{pane_pid}' 2>/dev/null | head -1)
    pgrep -P "$sh_pid" 2>/dev/null | head -1
}
# Whether process $1 has ended (gone, or a zombie nobody reaped yet).
ended() {
    st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
    [ -z "$st" ] || [ "$st" = Z ]
}
wait_ended() { # pid seconds
    deadline=$(( $(date +%s) + $2 ))
    while ! ended "$1"; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.01
    done
}
# Starts the explorer, types a long command after ':' and waits until it runs
# (the screen shows the command line closed and the work going on).
start_long() { # command
    t_start 100 30 $U8 --
    t_wait "sin2w" 10
    t_keys : "$1" Enter
    sleep 0.5
}
quit_clean() { t_keys q && t_wait "EXIT=0" 10 && t_wait "TTY=sane" 5; }
busy() { [ -n "$1" ] && ! ended "$1" && [ "$(cut -d' ' -f3 "/proc/$1/stat")" = R ]; }

# ---------------------------------------------- Ctrl-C in the explorer ----
for cmd in "$LONG_SCAN" "$LONG_CONTOUR"; do
    name=${cmd%% *}
    start_long "$cmd"
    pid=$(cevnsx_pid)
    t_check ":$name is still computing after 0.5 s (pid $pid)" busy "$pid"
    t0=$(now_ms)
    t_keys C-c
    t_wait "cancelled" 5
    rc=$?
    echo "# :$name cancelled $(( $(now_ms) - t0 )) ms after Ctrl-C"
    t_check ":$name: Ctrl-C cancels it and the explorer says so" [ $rc -eq 0 ]
    sleep 1.2 # a second Ctrl-C within a second would quit
    t_check ":$name: the explorer goes on after the cancel (q exits 0, terminal sane)" quit_clean
done

# ------------------------------------------ SIGTERM, SIGHUP, lost terminal --
for sig in TERM HUP; do
    start_long "$LONG_SCAN"
    pid=$(cevnsx_pid)
    t0=$(now_ms)
    kill -"$sig" "$pid"
    wait_ended "$pid" 5
    rc=$?
    echo "# SIG$sig during :scan: ended $(( $(now_ms) - t0 )) ms later"
    t_check "SIG$sig during a long ':' command ends the explorer" [ $rc -eq 0 ]
    t_check "... and restores the terminal" t_wait "TTY=sane" 5
done
start_long "$LONG_SCAN"
pid=$(cevnsx_pid)
t0=$(now_ms)
tmux -S "$SOCK" kill-server >/dev/null 2>&1
wait_ended "$pid" 5
rc=$?
echo "# terminal closed during :scan: ended $(( $(now_ms) - t0 )) ms later"
t_check "closing the terminal during a long ':' command ends the process" [ $rc -eq 0 ]
SOCK=""

# ---------------------------------------------------------- the REPL ----
t_start 100 30 $U8 -- repl
t_wait "cevnsx>" 10
t_keys "$LONG_SCAN" Enter
sleep 0.5
t0=$(now_ms)
t_keys C-c
t_wait "scan: interrupted" 5
rc=$?
echo "# repl: scan interrupted $(( $(now_ms) - t0 )) ms after Ctrl-C"
t_check "repl: Ctrl-C interrupts a long scan" [ $rc -eq 0 ]
t_keys "set sin2w 0.25; events" Enter
t_check "repl: the prompt works again after the interruption" t_wait "detector  csi2017" 10
t_keys "quit" Enter
t_check "repl: quit exits 0 with the terminal sane" t_wait "EXIT=0" 10

# ------------------------------------------------------------ -e work ----
t_start 100 30 $U8 -- -e "'$LONG_CONTOUR'"
sleep 0.5
pid=$(cevnsx_pid)
t_check "-e contour is computing after 0.5 s" busy "$pid"
t0=$(now_ms)
t_keys C-c
wait_ended "$pid" 5
rc=$?
echo "# -e contour ended $(( $(now_ms) - t0 )) ms after Ctrl-C"
# The default action of SIGINT ends it (status 130); the pane's shell may die
# of the same SIGINT before it can print the status, so the test is that the
# process has ended, and not with success.
t_check "-e: Ctrl-C ends a long command at once (killed by SIGINT, not finished)" \
    sh -c "[ $rc -eq 0 ] && ! tmux -S '$SOCK' capture-pane -p 2>/dev/null | grep -q 'EXIT=0'"
t_start 100 30 $U8 -- -e "'$LONG_SCAN'"
sleep 0.5
pid=$(cevnsx_pid)
kill -TERM "$pid"
t_check "-e: SIGTERM ends a long command (status 143)" t_wait "EXIT=143" 5

# ------------------------------------------------------- the history file --
mkdir -p "$tmpdir/state/cevnsx"
rm -f "$tmpdir/state/cevnsx/history"
mkfifo "$tmpdir/state/cevnsx/history"
t_start 100 30 $U8 --
t_check "a FIFO at the history path: the explorer starts all the same" t_wait "sin2w" 10
t_keys : "set sin2w 0.25" Enter
fifo_kept() { t_wait "EXIT=0" 10 && [ -p "$tmpdir/state/cevnsx/history" ]; }
t_keys q
t_check "... and quits without replacing the FIFO by a file" fifo_kept
rm -f "$tmpdir/state/cevnsx/history"
# XDG Base Directory spec: a relative XDG_STATE_HOME is ignored ($HOME is used).
mkdir -p "$tmpdir/cwd"
SOCK="$tmpdir/sock.rel"
tmux -f /dev/null -S "$SOCK" new-session -d -x 100 -y 30 \
    "cd $tmpdir/cwd && env HOME=$tmpdir/home XDG_STATE_HOME=rel INPUTRC=/dev/null TERM=xterm-256color \
     $U8 $(cd "$(dirname "$CEVNSX")" && pwd)/$(basename "$CEVNSX"); echo EXIT=\$?; sleep 60"
t_wait "sin2w" 10
t_keys : "set sin2w 0.26" Enter
t_keys q
rel_ignored() {
    t_wait "EXIT=0" 10 && [ ! -e "$tmpdir/cwd/rel" ] &&
        grep -q "set sin2w 0.26" "$tmpdir/home/.local/state/cevnsx/history"
}
t_check "a relative XDG_STATE_HOME is ignored: the history goes under \$HOME/.local/state" rel_ignored

exit $((T_FAIL > 0))
