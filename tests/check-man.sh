#!/bin/sh
# check-man.sh - the man page is clean for groff -ww and mandoc -Tlint, and
# describes every command of the interpreter and every option of --help.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

page=$top_builddir/man/cevnsx.1
if [ ! -f "$page" ]; then
    # Outside the build tree: substitute the version ourselves.
    sed 's/@VERSION@/0/' "$top_srcdir/man/cevnsx.1.in" >"$TMPD/cevnsx.1"
    page=$TMPD/cevnsx.1
fi

page5=$top_srcdir/man/cevnsx-detector.5
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$page5" >"$TMPD/groff5" 2>&1
    [ $? -eq 0 ] && [ ! -s "$TMPD/groff5" ]
    ok $? "cevnsx-detector(5): groff -man -ww -z is clean"
    [ -s "$TMPD/groff5" ] && diag "$(cat "$TMPD/groff5")"
else
    skip "cevnsx-detector(5): groff -man -ww -z is clean" "no groff"
fi
# the format page names every section and response form the parser knows
missing5=
for w in '\[exposure\]' '\[timing\]' '\[background\]' '\[end\]' lindhard poisson gamma \
    logistic2017 exp_after grid_f90 roi light_yield; do
    grep -q "$w" "$page5" || missing5="$missing5 $w"
done
[ -z "$missing5" ]
ok $? "cevnsx-detector(5) describes every format-2 section and form${missing5:+ (missing:$missing5)}"
if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$page" >"$TMPD/groff" 2>&1
    [ $? -eq 0 ] && [ ! -s "$TMPD/groff" ]
    ok $? "groff -man -ww -z is clean"
    [ -s "$TMPD/groff" ] && diag "$(cat "$TMPD/groff")"
else
    skip "groff -man -ww -z is clean" "no groff"
fi
if command -v mandoc >/dev/null 2>&1; then
    # Style hints (-W style) are not errors; warnings and worse are.
    mandoc -Tlint -W warning "$page" >"$TMPD/mandoc" 2>&1
    [ $? -eq 0 ] && [ ! -s "$TMPD/mandoc" ]
    ok $? "mandoc -Tlint is clean"
    [ -s "$TMPD/mandoc" ] && diag "$(cat "$TMPD/mandoc")"
else
    skip "mandoc -Tlint is clean" "no mandoc"
fi

# Every command: a .B/.BR/.BI line or \fB...\fP naming it.
missing=
for c in $("$CEVNSX" list commands </dev/null) repl; do
    grep -Eq "^\.(B|BR|BI|TP) $c( |$)|\\\\fB$c\\\\f" "$page" || missing="$missing $c"
done
[ -z "$missing" ]
ok $? "every command is described (missing:$missing)"

# Every long and short option of --help, written with escaped hyphens.
missing=
for o in $("$CEVNSX" --help </dev/null | grep -Eo -- '(^|[ ,])--?[a-zA-Z][-a-z]*' |
           sed 's/^[ ,]*//' | sort -u); do
    esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$page" || missing="$missing $o"
done
[ -z "$missing" ]
ok $? "every option of --help is described (missing:$missing)"

# The environment variables and exit statuses the program uses.
missing=
for v in CEVNSX_DATADIR XDG_CONFIG_HOME XDG_STATE_HOME NO_COLOR TERM ESCDELAY; do
    grep -q "^\.B $v" "$page" || missing="$missing $v"
done
[ -z "$missing" ]
ok $? "every environment variable is described (missing:$missing)"
grep -q '^\.SH EXIT STATUS' "$page" && grep -q '^\.B 2$' "$page"
ok $? "the exit statuses are described"

done_testing
