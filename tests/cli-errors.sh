#!/bin/sh
# cli-errors.sh - bad input gives one clear line on stderr and the documented
# exit status (2 usage, 1 the rest), never a crash (status >= 128).
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

# check WANT_RC STDERR_REGEX ARGS...: exit status, exactly one matching
# "cevnsx: " line on stderr (plus the --help hint for option errors), nothing on stdout.
check() {
    want=$1 re=$2
    shift 2
    run "$@"
    first=$(printf '%s\n' "$errout" | head -n 1)
    lines=$(printf '%s\n' "$errout" | grep -vc "^Try 'cevnsx --help'")
    if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && [ -z "$out" ] &&
        printf '%s\n' "$first" | grep -Eq "^cevnsx: $re"; then
        ok 0 "cevnsx $* -> $want: $first"
    else
        ok 1 "cevnsx $* -> $want"
        diag "exit $rc, stdout: $out" "stderr: $errout"
    fi
}

# Usage errors: options.
check 2 "unknown option '--bogus'" --bogus
check 2 "option '-d' needs a value" events -d
check 2 "option '--engine' needs a value" events --engine
check 2 "-s needs NAME=VALUE, not 'sin2w'" events -s sin2w
check 2 "--frames needs a positive whole number" --frames 0 --tui
check 2 "--frames needs a positive whole number" --frames=abc --tui
check 2 "unknown plot style 'sixel'" --plot=sixel spectrum
check 2 "option '--tui' takes no value" --tui=yes
check 2 "only events, spectrum, list, scan and contour take several -d" show -d csi -d ge
check 2 "-s lar9:pot=1e23: no detector .lar9. among the -d options" events -d csi -d ge -s lar9:pot=1e23
# Usage errors: names and values, with suggestions and ranges.
check 2 "unknown parameter 'sin2' \(did you mean 'sin2w'\?\)" events -s sin2=0.2
check 2 "unknown parameter 'eps_ee' \(did you mean 'eps_ee_u' or 'eps_ee_d'\?\)" events -s eps_ee=0.1
check 2 "unknown parameter 'zzz' \(try 'list params'\)" events -s zzz=1
check 2 "invalid value 'abc' for sin2w: not a plain decimal number \(range \[0, 1\]\)" events -s sin2w=abc
check 2 "invalid value 'nan' for sin2w: not a plain decimal number" events -s sin2w=nan
check 2 "invalid value 'inf' for sin2w: not a plain decimal number" events -s sin2w=inf
check 2 "invalid value '0.2x' for sin2w" events -s sin2w=0.2x
check 2 "invalid value '' for sin2w" events -s sin2w=
check 2 "value 1.5 for sin2w out of range \[0, 1\]" events -s sin2w=1.5
check 2 "value -1 for mass_kg out of range \[0.001, 1e\+07\] kg" events -s mass_kg=-1
check 2 "(value 1e999 for sin2w out of range|invalid value '1e999' for sin2w)" events -s sin2w=1e999
check 2 "invalid value 'fermi' for ff_n \(one of helm, sfermi, kn, helm-ls" events -s ff_n=fermi
check 2 "unknown preset 'future' \(did you mean 'future-coherent'\?\)" events -P future
check 2 "unknown format 'xml' \(one of text, csv, json\)" events -f xml
check 2 "unknown engine 'slow' \(one of fast, reference\)" events --engine slow
check 2 "unknown command 'evnts' \(did you mean 'events'\?\)" evnts
check 2 "unknown list 'things'" list things
check 2 "usage: list detectors \| params" list
check 2 "usage: events$" events extra
check 2 "unknown statistics model 'chi'" stat chi

# Data errors: detectors, files, the data directory.
check 1 "unknown detector 'csl2017' \(did you mean 'csi2017'\?\)" events -d csl2017
check 1 "unknown detector 'xenon' \(try 'cevnsx list detectors'\)" events -d xenon
check 1 "\./nothere\.det: " events -d ./nothere.det
sed 's/^mass = 10 kg/mass = ten kg/' "$CEVNSX_DATADIR/detectors/ge.det" >"$TMPD/bad.det"
line=$(grep -n '^mass = ten kg' "$TMPD/bad.det" | cut -d: -f1)
[ -n "$line" ] || diag "ge.det has no 'mass = 10 kg' line"
check 1 "$TMPD/bad\.det:$line: " events -d "$TMPD/bad.det"
printf 'not a detector\n' >"$TMPD/junk.det"
check 1 "$TMPD/junk\.det:1: " events -d "$TMPD/junk.det"
CEVNSX_DATADIR=$TMPD/nowhere
check 1 "data directory '$TMPD/nowhere/detectors' not found \(check CEVNSX_DATADIR\)" events
CEVNSX_DATADIR=$TMPD/nowhere
check 1 "no detector files in " list detectors
CEVNSX_DATADIR=$top_srcdir/data

# Scripts: errors name the file and line; a script error is status 1.
printf 'format csv\n\nset sin2 0.2\nevents\n' >"$TMPD/s.cmd"
check 1 "$TMPD/s\.cmd:3: unknown parameter 'sin2'" --batch "$TMPD/s.cmd"
check 1 "$TMPD/none\.cmd: cannot open: No such file" --batch "$TMPD/none.cmd"
check 1 "unterminated ' quote" -e "detector 'csi"
check 1 "unknown parameter 'x' \(try 'list params'\)$" -e 'set x 1'
check 1 "$TMPD/s\.cmd:1: not a cevnsx state file" -e "load $TMPD/s.cmd"
printf '# cevnsx state 1\nload %s\n' "$TMPD/loop.state" >"$TMPD/loop.state"
run -e "load $TMPD/loop.state"
[ "$rc" -eq 1 ] && printf '%s\n' "$errout" | grep -q "loop.state:2: 'load' is not allowed in a state file"
ok $? "a state file that loads itself (or anything): 'load' is refused there, status 1 (got $rc)"

# No terminal: one line, status 2, no waiting on the pipe.
run
[ "$rc" -eq 2 ] && [ "$errout" = "cevnsx: not a terminal: use -e, --batch FILE or a subcommand" ]
ok $? "no command and no terminal: status 2 and one line (got $rc: $errout)"

# Output errors are reported (a full disk), not ignored.
if [ -w /dev/full ]; then
    "$CEVNSX" list presets >/dev/full 2>"$TMPD/err"
    rc=$?
    [ "$rc" -eq 1 ] && grep -q "^cevnsx: write error" "$TMPD/err"
    ok $? "writing to a full device gives status 1 (got $rc)"
else
    skip "writing to a full device gives status 1" "no /dev/full"
fi

done_testing
