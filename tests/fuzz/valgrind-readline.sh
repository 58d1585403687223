#!/bin/sh
# valgrind-readline.sh - replays the command-line fuzz inputs (tests/fuzz/
# corpus/readline and regress/readline) under valgrind. The memory errors the
# readline fuzz target found are inside the system's libreadline, which no
# sanitizer build instruments: valgrind sees them (a use after free, a double
# free), so this is the test that keeps tests/fuzz/regress/readline honest.
# Skipped without valgrind or in a sanitizer build (valgrind cannot run it).
# SPDX-License-Identifier: GPL-3.0-or-later
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
bin=$top_builddir/tests/fuzz/replay_readline
command -v valgrind >/dev/null 2>&1 || { echo "1..0 # SKIP no valgrind"; exit 0; }
[ -x "$bin" ] || { echo "1..0 # SKIP no replay_readline"; exit 0; }
if nm "$bin" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle'; then
    echo "1..0 # SKIP sanitizer build"
    exit 0
fi
echo "1..1"
log=$(mktemp "${TMPDIR:-/tmp}/cevnsx-vg.XXXXXX") || exit 1
if valgrind -q --error-exitcode=9 --leak-check=no \
    --suppressions="$top_srcdir/tests/fuzz/readline.supp" "$bin" \
    "$top_srcdir/tests/fuzz/corpus/readline" "$top_srcdir/tests/fuzz/regress/readline" \
    >"$log" 2>&1; then
    echo "ok 1 - readline inputs replay under valgrind without memory errors ($(grep -c '^ok' "$log") inputs)"
else
    echo "not ok 1 - readline inputs replay under valgrind without memory errors"
    grep -v '^ok' "$log" | head -30 | sed 's/^/# /'
fi
rm -f "$log"
