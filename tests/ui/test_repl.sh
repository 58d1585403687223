#!/bin/sh
# test_repl.sh - the line-oriented readline REPL (`cevnsx repl`) and the
# demos: commands run through the shared interpreter, history, Ctrl-C, a
# pipe as input; every demo file parses and plays to its end.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-.}/tests/ui/tui_lib.sh"
t_setup
echo "1..12"

# Through a pipe: no terminal needed.
out=$(printf 'set sin2w 0.25\nevents\n' | env HOME="$tmpdir/home" XDG_STATE_HOME="$tmpdir/state" \
    "$CEVNSX" repl 2>&1)
st=$?
t_check "repl from a pipe exits 0" [ "$st" -eq 0 ]
t_check "repl runs the interpreter (events prints a total)" \
    sh -c "printf '%s\n' \"\$1\" | grep -q 'total'" x "$out"

t_start 100 30 LC_ALL=C.UTF-8 -- repl
t_check "repl shows its prompt" t_wait "cevnsx>"
t_keys "events" Enter
t_check "repl runs events" t_wait "total"
t_keys "abc" C-c
t_check "Ctrl-C discards the line, prompt again" t_wait_re "cevnsx> *$"
t_keys "set sin" Tab
t_check "repl completes parameter names" t_wait "cevnsx> set sin2w"
t_keys "0.25" Enter "quit" Enter
t_check "quit leaves with status 0" t_wait "EXIT=0"
t_check "repl history is saved" grep -q "set sin2w 0.25" "$tmpdir/state/cevnsx/history"

# Every demo plays to its end: Space through all steps, then q.
demos=$(ls "$top_srcdir"/data/demos/*.demo | wc -l)
t_check "five or more demos are shipped" [ "$demos" -ge 5 ]
for d in sm nsi sterile; do
    t_start 100 30 LC_ALL=C.UTF-8 -- --demo "$d"
    if t_wait "demo $d 1/"; then
        i=0
        while [ $i -lt 12 ] && ! t_screen | grep -q "demo finished"; do
            t_keys Space
            i=$((i + 1))
            sleep 0.2
        done
        t_keys q
        t_check "demo $d plays to its end and quits cleanly" t_wait "EXIT=0"
    else
        t_not_ok "demo $d plays to its end and quits cleanly"
        t_diag_screen
    fi
done
exit 0
