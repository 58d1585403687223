#!/bin/sh
# check-deps.sh - enforces the layer boundaries of doc/design.md section 2 (TAP).
# The engine and the plot canvas must not print, exit, read the environment
# or touch curses/readline; the app layer must not touch curses/readline.
# SPDX-License-Identifier: GPL-3.0-or-later
top=${top_srcdir:-$(dirname "$0")/..}
n=0
fail=0
check() { # description, grep -E pattern, dirs...
    desc=$1 pat=$2
    shift 2
    n=$((n + 1))
    hits=$(cd "$top" && grep -rnE "$pat" "$@" --include='*.c' --include='*.h' 2>/dev/null |
        grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
    if [ -n "$hits" ]; then
        echo "not ok $n - $desc"
        echo "$hits" | sed 's/^/# /'
        fail=1
    else
        echo "ok $n - $desc"
    fi
}
check "no curses or readline in include/, src/engine, src/plot, src/app" \
    '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|readline/)' include src/engine src/plot src/app
check "no printing, exit, abort, getenv or setlocale in include/, src/engine, src/plot" \
    '(^|[^_[:alnum:]])(printf|fprintf|puts|fputs|putchar|perror|exit|abort|getenv|setlocale)[[:space:]]*\(' \
    include src/engine src/plot
n=$((n + 1))
# file-scope objects: lines starting with static or a type, no parenthesis
# (not a function), ending in = or ;, without const
hits=$(cd "$top" && grep -nE '^(static[[:space:]]+)?[a-z_][a-z_0-9 ]*[[:space:]*]+[a-z_][a-z_0-9]*[[:space:]]*(\[[^]]*\])*[[:space:]]*(=|;)' \
    src/engine/*.c | grep -v 'const' | grep -vE ':[0-9]+:(typedef|return|extern)')
if [ -n "$hits" ]; then
    echo "not ok $n - no mutable file-scope state in src/engine"
    echo "$hits" | sed 's/^/# /'
    fail=1
else
    echo "ok $n - no mutable file-scope state in src/engine"
fi
# the engine library links without curses or readline: its undefined symbols
# must all come from libc, libm or GSL
n=$((n + 1))
lib=${top_builddir:-.}/src/engine/libcx.a
if [ -f "$lib" ] && command -v nm >/dev/null 2>&1; then
    bad=$(nm -u "$lib" 2>/dev/null | awk '{print $2}' | grep -E '^(wgetch|initscr|newterm|endwin|rl_|readline|add_history|stdscr|printf|puts|exit|abort|getenv)$' | sort -u)
    if [ -n "$bad" ]; then
        echo "not ok $n - libcx.a references forbidden symbols"
        echo "$bad" | sed 's/^/# /'
        fail=1
    else
        echo "ok $n - libcx.a references no curses, readline, printing or exit symbols"
    fi
else
    echo "ok $n - libcx.a symbol check # SKIP no library or nm"
fi
echo "1..$n"
exit $fail
