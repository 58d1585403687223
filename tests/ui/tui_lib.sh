# tui_lib.sh - helpers for the tmux-driven screen tests (sourced).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every test runs cevnsx in a detached tmux session on a private socket
# (tmux -f /dev/null -S $tmpdir/sock), sends keys and polls capture-pane until
# the expected text appears or a deadline passes (no fixed sleeps).

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
CEVNSX=${CEVNSX:-$top_builddir/cevnsx}
# The glyphs the explorer draws: UTF-8, or ASCII in a --disable-unicode build.
if grep -q '^#define HAVE_UNICODE 1' "$top_builddir/config.h" 2>/dev/null; then
    G_IN='∈' G_CUP='∪' G_MUB='μ_B' G_DCHI='Δχ²' G_HL='─' G_VBRE='│' G_AXRE='┤' G_TL='├' G_TR='┤'
else
    G_IN='in' G_CUP='U' G_MUB='mu_B' G_DCHI='dchi2' G_HL='-' G_VBRE='\|' G_AXRE='\+' G_TL='[' G_TR=']'
fi
T_N=0
T_FAIL=0

t_ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_not_ok() { T_N=$((T_N + 1)); T_FAIL=$((T_FAIL + 1)); echo "not ok $T_N - $1"; }
t_check() { # t_check DESCRIPTION COMMAND...
    d=$1; shift
    if "$@"; then t_ok "$d"; else t_not_ok "$d"; t_diag_screen; fi
}
t_skip_all() { echo "1..0 # SKIP $1"; exit 0; }

t_setup() {
    command -v tmux >/dev/null 2>&1 || t_skip_all "no tmux"
    [ -x "$CEVNSX" ] || t_skip_all "no cevnsx binary"
    tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/cevnsx-ui.XXXXXX") || exit 1
    SOCK=""
    mkdir -p "$tmpdir/home" "$tmpdir/state"
    trap 't_cleanup' EXIT INT TERM
}

t_cleanup() {
    for s in "$tmpdir"/sock.*; do
        [ -S "$s" ] && tmux -S "$s" kill-server >/dev/null 2>&1
    done
    rm -rf "$tmpdir"
}

# t_start W H [ENV=VALUE...] -- [cevnsx args...]
t_start() {
    w=$1; h=$2; shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    [ "$1" = "--" ] && shift
    # a fresh socket per run: a server still shutting down cannot interfere
    [ -n "$SOCK" ] && tmux -S "$SOCK" kill-server >/dev/null 2>&1
    T_RUN=$((${T_RUN:-0} + 1))
    SOCK="$tmpdir/sock.$T_RUN"
    # the pane's shell records the exit status once cevnsx ends
    tmux -f /dev/null -S "$SOCK" new-session -d -x "$w" -y "$h" \
        "env HOME=$tmpdir/home XDG_STATE_HOME=$tmpdir/state INPUTRC=/dev/null \
         TERM=xterm-256color $envs $CEVNSX $*; echo \"EXIT=\$?\"; stty -a | tr ';' '\\n' | grep -q -- '-icanon' && echo TTY=raw || echo TTY=sane; sleep 60"
    tmux -S "$SOCK" set-option -g remain-on-exit on >/dev/null 2>&1
}

t_screen() { tmux -S "$SOCK" capture-pane -p 2>/dev/null; }
t_diag_screen() { t_screen | sed 's/^/# /'; }
t_keys() { tmux -S "$SOCK" send-keys "$@"; }

# t_wait TEXT [SECONDS]: polls the screen until TEXT (fixed string) appears.
t_wait() {
    deadline=$(( $(date +%s) + ${2:-10} ))
    while :; do
        t_screen | grep -qF -- "$1" && return 0
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

# t_wait_re REGEX [SECONDS]
t_wait_re() {
    deadline=$(( $(date +%s) + ${2:-10} ))
    while :; do
        t_screen | grep -qE -- "$1" && return 0
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

# t_wait_change OLD_TEXT_FILE [SECONDS]: waits until the screen differs.
t_wait_gone() {
    deadline=$(( $(date +%s) + ${2:-10} ))
    while :; do
        t_screen | grep -qF -- "$1" || return 0
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

# The text of the header field after LABEL (e.g. "N ").
t_header_field() { t_screen | head -1 | sed -n "s/.*  $1\\([^ ]*\\).*/\\1/p"; }
