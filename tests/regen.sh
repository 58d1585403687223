#!/bin/sh
# regen.sh - writes the machine-made golden outputs again from the program
# just built: the plot canvases tests/plot/*.txt (test_plot --write) and the
# explorer's too-small screen tests/ui/too_small.screen. The batch goldens
# tests/golden/*.out are references, not recordings: they hold the published
# numbers, rounded as published, and @SKIP@ lines; they are never overwritten.
# For each of them the script shows what the program prints now where the
# comparison of tests/cli-golden.sh fails, so that a person can decide. Review
# the diff (git diff tests/) before committing: a changed line needs a reason.
#
# usage: tests/regen.sh [BUILDDIR]   (default: the current directory)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-.}" && pwd)
cevnsx=$build/cevnsx
[ -x "$cevnsx" ] || { echo "regen.sh: no $cevnsx (build first)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cevnsx-regen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export CEVNSX_DATADIR="$top/data" LC_ALL=C.UTF-8 HOME="$tmp" XDG_CONFIG_HOME="$tmp/.config"
n=0
for cmd in "$top"/tests/golden/*.cmd; do
    name=$(basename "$cmd" .cmd)
    "$cevnsx" --batch "$cmd" </dev/null >"$tmp/$name.out" 2>&1 || true
    if ! awk -v rel=1e-3 -f "$top/tests/golden/numdiff.awk" "$top/tests/golden/$name.out" \
        "$tmp/$name.out" >/dev/null; then
        echo "regen.sh: tests/golden/$name.out no longer matches; the program now prints:"
        sed 's/^/    /' "$tmp/$name.out"
        n=$((n + 1))
    fi
done
echo "regen.sh: $n batch golden(s) to review (never rewritten)"
if [ -x "$build/tests/unit/test_plot" ]; then
    "$build/tests/unit/test_plot" --write "$top/tests/plot"
    echo "regen.sh: tests/plot/*.txt written"
else
    echo "regen.sh: no $build/tests/unit/test_plot (make check builds it): plot goldens kept"
fi
if command -v tmux >/dev/null 2>&1; then
    sock=$tmp/sock
    tmux -f /dev/null -S "$sock" new-session -d -x 30 -y 10 \
        "env TERM=xterm-256color INPUTRC=/dev/null XDG_STATE_HOME=$tmp/state $cevnsx; sleep 5"
    i=0
    until tmux -S "$sock" capture-pane -p | grep -q "too small"; do
        i=$((i + 1))
        [ $i -gt 100 ] && { echo "regen.sh: the too-small screen did not appear" >&2; exit 1; }
        sleep 0.05
    done
    tmux -S "$sock" capture-pane -p >"$top/tests/ui/too_small.screen"
    tmux -S "$sock" kill-server
    echo "regen.sh: tests/ui/too_small.screen written"
fi
git -C "$top" diff --stat -- tests/plot tests/ui/too_small.screen 2>/dev/null || true
