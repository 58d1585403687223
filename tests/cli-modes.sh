#!/bin/sh
# cli-modes.sh - the ways of running cevnsx without a terminal: --help,
# --version, subcommands, -e, --batch, save/load, user detectors, formats.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

run --help
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^Usage: cevnsx ' && [ -z "$errout" ]
ok $? "--help: usage on stdout, status 0"
run --version
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | head -n 1 | grep -Eq '^cevnsx [0-9]+\.[0-9]+'
ok $? "--version: 'cevnsx X.Y...' first, status 0"

# Every command of the table has help, and 'help CMD' explains it.
run list commands
cmds=$out
[ "$rc" -eq 0 ] && [ -n "$cmds" ]
ok $? "list commands"
bad=
for c in $cmds; do
    "$CEVNSX" help "$c" </dev/null >"$TMPD/h" 2>&1 && grep -q "^usage: $c" "$TMPD/h" || bad="$bad $c"
done
[ -z "$bad" ]
ok $? "help CMD for every command (missing:$bad)"
for c in set reset detector preset stat engine format events spectrum list show scan contour \
         save load help quit; do
    printf '%s\n' "$cmds" | grep -qx "$c" || bad="$bad $c"
done
[ -z "$bad" ]
ok $? "the command table has every command of the specification (missing:$bad)"

# Subcommand, -e, --batch FILE and --batch - agree.
run events -d ge -f json
a=$out
run -e 'detector ge; format json; events'
b=$out
printf 'detector ge\nformat json\nevents\n' >"$TMPD/s.cmd"
run --batch "$TMPD/s.cmd"
c=$out
d=$(printf 'detector ge\nformat json\nevents\n' | "$CEVNSX" --batch - 2>/dev/null)
[ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] && [ "$a" = "$d" ]
ok $? "subcommand, -e, --batch FILE and --batch - give the same output"
run -e 'format json; events; quit; events' -d ge
[ "$rc" -eq 0 ] && [ "$out" = "$a" ]
ok $? "quit ends a script with status 0"

# JSON: exactly one object with the specified keys.
run events -d csi2017 -f json
if command -v python3 >/dev/null 2>&1; then
    printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
assert set(d) == {"detector", "preset", "stat", "params", "exposure", "total", "total_sm",
                  "components", "isotopes"}, d.keys()
assert d["stat"] == "single-bin" and d["params"] == {} and d["total_sm"] == d["total"]
assert set(d["exposure"]) == {"pot", "nu_per_proton", "baseline_m", "mass_kg"}
assert set(d["components"]) == {"numu", "nue", "numubar"}
assert set(d["isotopes"]) == {"Cs133", "I127"}
assert abs(sum(d["components"].values()) - d["total"]) < 1e-9 * d["total"]
assert abs(sum(d["isotopes"].values()) - d["total"]) < 1e-9 * d["total"]
'
    ok $? "events -f json: one object, keys as specified, parts add up to the total"
    ok_json=0
    for what in detectors params presets; do
        "$CEVNSX" list "$what" -f json </dev/null | python3 -c 'import json,sys; json.load(sys.stdin)' ||
            ok_json=1
    done
    "$CEVNSX" spectrum -d ge -f json </dev/null | python3 -c 'import json,sys; json.load(sys.stdin)' ||
        ok_json=1
    "$CEVNSX" show -d ge -s eps_ee_u=0.1 -f json </dev/null |
        python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["changed"]["eps_ee_u"] == 0.1' ||
        ok_json=1
    ok $ok_json "list/spectrum/show -f json parse as JSON"
else
    skip "events -f json: one object" "no python3"
    skip "list/spectrum/show -f json parse as JSON" "no python3"
fi
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ]
ok $? "events -f json is one line"

# CSV: a header and rows of equal width.
run spectrum -d nai -f csv
printf '%s\n' "$out" | awk -F, 'NR == 1 && $0 != "lo_keVnr,hi_keVnr,events,events_sm,data,data_err" { exit 1 }
    NF != 6 { exit 1 } END { exit NR < 3 }'
ok $? "spectrum -f csv for nai: keVnr header, 6 columns"
# One header per CSV stream, however many commands write to it.
run -f csv -e "spectrum; set sin2w 0.3; spectrum; events; events"
[ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c '^lo_PE,')" -eq 1 ] &&
    [ "$(printf '%s\n' "$out" | grep -c '^detector,preset,quantity,events$')" -eq 1 ] &&
    [ "$(printf '%s\n' "$out" | wc -l)" -eq $((1 + 25 + 25 + 1 + 2 * 7)) ]
ok $? "a CSV stream has one header per kind of rows"
run spectrum -d csi2017 --plot=ascii
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^ *0 *2 ' && printf '%s\n' "$out" | grep -q '+'
ok $? "spectrum --plot=ascii: table and an ASCII plot"

# The decimal point never depends on the locale (LC_NUMERIC is never set).
loc=$(locale -a 2>/dev/null | grep -E '^(de_DE|fr_FR)\.(utf8|UTF-8)$' | head -n 1)
if [ -n "$loc" ]; then
    LC_ALL=$loc "$CEVNSX" events -d csi2017 -f csv </dev/null >"$TMPD/loc" 2>&1
    grep -q '^csi2017,coherent-2017,total,178\.' "$TMPD/loc"
    ok $? "under $loc numbers keep a decimal point"
else
    skip "numbers keep a decimal point under a German or French locale" "no such locale"
fi

# save/load: the state survives a round trip; the magic line comes first.
run -d ge -P sm-helm -s eps_ee_u=0.1 -s ff_n=kn -s mu_nu_e=2e-10 -s rn_Ge72=4.1 \
    --engine fast save "$TMPD/a.state"
[ "$rc" -eq 0 ] && [ "$(head -n 1 "$TMPD/a.state")" = "# cevnsx state 1" ]
ok $? "save writes a state file with the magic first line"
[ ! -e "$TMPD/a.state.tmp" ]
ok $? "save leaves no temporary file"
run -d ge -P sm-helm -s eps_ee_u=0.1 -s ff_n=kn -s mu_nu_e=2e-10 -s rn_Ge72=4.1 show -f csv
want=$out
run -e "load $TMPD/a.state; format csv; show"
[ "$rc" -eq 0 ] && [ -n "$want" ] && [ "$out" = "$want" ]
ok $? "load restores what save wrote (show is identical)"
run -d ge -P sm-helm -s eps_ee_u=0.1 -f json events
e1=$out
run -e "load $TMPD/a.state; reset ff_n mu_nu_e rn_Ge72; format json; events"
[ -n "$e1" ] && [ "$out" = "$e1" ]
ok $? "reset NAME returns parameters to their defaults"
cp "$TMPD/a.state" "$TMPD/keep"
mkdir "$TMPD/a.state.tmp"
run -d csi save "$TMPD/a.state"
[ "$rc" -eq 0 ] && [ -d "$TMPD/a.state.tmp" ] && ! cmp -s "$TMPD/a.state" "$TMPD/keep" &&
    grep -q '^detector csi$' "$TMPD/a.state"
ok $? "save uses a temporary name of its own: a directory at FILE.tmp does not stop it (status $rc)"
rmdir "$TMPD/a.state.tmp"
mkdir -p "$TMPD/sp ace"
run -d "$CEVNSX_DATADIR/detectors/ge.det" save "$TMPD/sp ace/b.state"
run -e "load '$TMPD/sp ace/b.state'; detector"
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^ge: '
ok $? "a detector given by path is saved and loaded back"

# Detectors of the user's own: by path, and under $XDG_CONFIG_HOME/cevnsx/detectors.
mkdir -p "$XDG_CONFIG_HOME/cevnsx/detectors"
cp "$CEVNSX_DATADIR/detectors/ge.det" "$XDG_CONFIG_HOME/cevnsx/detectors/mydet.det"
run list detectors
printf '%s\n' "$out" | grep -q '^mydet ' && printf '%s\n' "$out" | grep -q '^csi2017 '
ok $? "list detectors shows the user's and the installed detectors"
run events -d mydet -f json
t=$(json_number total)
relclose "$t" 214.14 1e-3
ok $? "a user detector (copy of ge) found by name: $t events (doc/physics.md section 8: 214.14)"
cp "$CEVNSX_DATADIR/detectors/ge.det" "$TMPD/my-detector.det"
(cd "$TMPD" && "$CEVNSX" events -d ./my-detector.det -f json </dev/null >"$TMPD/o" 2>&1)
out=$(cat "$TMPD/o")
t=$(json_number total)
relclose "$t" 214.14 1e-3
ok $? "a detector file by path ./my-detector.det: $t events"
# A user detector with an installed name hides the installed one.
sed 's/^mass = 10 kg/mass = 20 kg/' "$CEVNSX_DATADIR/detectors/ge.det" \
    >"$XDG_CONFIG_HOME/cevnsx/detectors/ge.det"
run events -d ge -f json
t=$(json_number total)
relclose "$t" 428.28 1e-3
ok $? "\$XDG_CONFIG_HOME/cevnsx/detectors comes first (20 kg ge: $t = 2 x 214.14)"
rm -f "$XDG_CONFIG_HOME/cevnsx/detectors/ge.det"

# Options are parsed by getopt_long: abbreviations, --opt=V, values starting
# with '-', options after the command, "--" ending the options.
run --det=ge events -f json
a=$out
run events --detector ge --form=json
[ "$rc" -eq 0 ] && [ -n "$a" ] && [ "$a" = "$out" ]
ok $? "abbreviated long options (--det=ge, --form=json) equal the full ones"
run scan eps_ee_u --from -0.5 --to=0.5 -n21 -d csi2017 --summary
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q 'over \[-0.5, 0.5\], 21 points'
ok $? "scan options after the command, a negative value, -n21: $(printf '%s' "$out" | head -n 1)"
run -d csi2017 -- events
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q total
ok $? "'--' ends the options"

done_testing
