#!/bin/sh
# cli-badinput.sh - the bad-input matrix (issue 5): every option and command
# with missing, malformed, NaN/Inf, negative, huge and out-of-range values,
# unknown names, broken detector files, a broken data directory, unwritable
# output, TERM=dumb and a stdin that is not a terminal. Each case asserts the
# exit status, that stderr is exactly one line naming the problem (for option
# errors plus main's "Try 'cevnsx --help'" hint, as in cli-errors.sh), and
# that nothing was written to stdout. Cases already in cli-errors.sh are not
# repeated. Saving is atomic (temporary file + rename): failed saves must
# leave the old file byte-identical and no temporary file behind.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

DET=$CEVNSX_DATADIR/detectors

# expect WANT_RC REGEX ARGS...: the exit status, one stderr line (besides the
# --help hint) that matches "cevnsx: .*REGEX", an empty stdout.
expect() {
    want=$1 re=$2
    shift 2
    run "$@"
    check_result "$want" "$re" "cevnsx $*"
}

check_result() {
    lines=$(printf '%s\n' "$errout" | grep -vc "^Try 'cevnsx --help'")
    first=$(printf '%s\n' "$errout" | head -n 1)
    if [ "$rc" -eq "$1" ] && [ "$lines" -eq 1 ] && [ -z "$out" ] &&
        printf '%s\n' "$first" | grep -Eq "^cevnsx: .*$2"; then
        ok 0 "$3 -> $1: $first"
    else
        ok 1 "$3 -> $1 /$2/"
        diag "exit $rc" "stdout: $(printf '%s' "$out" | head -c 300)" "stderr: $errout"
    fi
}

# table: lines "RC|REGEX|ARGUMENTS" (ARGUMENTS are split by the shell after
# $TMPD and $DET are substituted; quote with '...'). Reads stdin.
# shellcheck disable=SC2120,SC2119
table() {
    while IFS='|' read -r want re args; do
        case $want in '' | '#'*) continue ;; esac
        eval "set -- $args"
        expect "$want" "$re" "$@"
    done
}

# ------------------------------------------------------------------ fixtures --
mkdir -p "$TMPD/dir" "$TMPD/ddempty/detectors"
: >"$TMPD/empty.det"
: >"$TMPD/afile"
head -c 300 "$DET/csi.det" >"$TMPD/trunc.det"             # cut in [detector]
printf 'cevnsx-detector 1\n\001\002\377\376garbage\n' >"$TMPD/bin.det"
printf 'cevnsx-detector 1\n[detector]\nid = x\0\n' >"$TMPD/nul.det"
sed 's/^mass = 14.6 kg/mass = 14.6 kg\nmass = 15 kg/' "$DET/csi.det" >"$TMPD/dup.det"
grep -v '^id = ' "$DET/csi.det" >"$TMPD/noid.det"
grep -v '^mass = ' "$DET/csi.det" >"$TMPD/nomass.det"
grep -v '^range = ' "$DET/csi.det" >"$TMPD/norange.det"
sed '/^\[target\]/,/^$/d' "$DET/csi.det" >"$TMPD/notarget.det"
sed 's/^mass = 14.6 kg/mass = 14.6 lb/' "$DET/csi.det" >"$TMPD/unit.det"
sed 's/^baseline = 19.3 m/baseline = 19.3 kg/' "$DET/csi.det" >"$TMPD/bunit.det"
sed 's/^threshold = 5 keVnr/threshold = 5 keVee/' "$DET/csi.det" >"$TMPD/tunit.det"
sed 's/^mass = 14.6 kg/mass = -14.6 kg/' "$DET/csi.det" >"$TMPD/negmass.det"
sed 's/^mass = 14.6 kg/mass = 1e308 kg/' "$DET/csi.det" >"$TMPD/hugemass.det"
sed 's/^baseline = 19.3 m/baseline = 1e30 km/' "$DET/csi.det" >"$TMPD/hugebase.det"
sed 's/^mass = 14.6 kg/mass = nan kg/' "$DET/csi.det" >"$TMPD/nanmass.det"
sed 's/^threshold = 5 keVnr/threshold = 600 keVnr/' "$DET/csi.det" >"$TMPD/thr600.det"
sed 's/^isotope = Cs133 55 133 132.905451961 1/isotope = Cs133 55 133 -132.9 1/' \
    "$DET/csi.det" >"$TMPD/negiso.det"
sed 's/^range = 0 50 2/range = 50 0 2/' "$DET/csi.det" >"$TMPD/badrange.det"
awk 'BEGIN { print "cevnsx-detector 1"; for (i = 0; i < 70000; i++) print "# padding padding" }' \
    >"$TMPD/big.det"
printf '# cevnsx state 1\nset sin2w 2\n' >"$TMPD/range.state"
# issue 15: file values go through the same registry ranges as `set`
sed 's/^bkg_frac = 0.10/bkg_frac = -5/' "$DET/csi.det" >"$TMPD/bkgneg.det"
sed 's/^sigma_alpha = 0.15/sigma_alpha = -5/' "$DET/csi.det" >"$TMPD/saneg.det"
sed 's/^sigma_alpha = 0.15/sigma_alpha = 1e300/' "$DET/csi.det" >"$TMPD/sahuge.det"
sed 's/^sigma_beta = 0.10/sigma_beta = 99/' "$DET/csi.det" >"$TMPD/sb99.det"
sed 's/^pot = 1.76e23/pot = -1.76e23/' "$DET/csi2017.det" >"$TMPD/potneg.det"
sed 's/^exposure_gwh = 7.47594/exposure_gwh = -7.47594/' "$DET/csi2017.det" >"$TMPD/gwhneg.det"
sed 's/^bin = 8 10  62  51/bin = 8 10  62  51\nbin = 8 10  62  51/' "$DET/csi2017.det" >"$TMPD/duprow.det"
sed 's/^preset = coherent-2017/preset = coherent-2071/' "$DET/csi2017.det" >"$TMPD/preset.det"
sed 's/^stat = single-bin/stat = single-bins/' "$DET/csi2017.det" >"$TMPD/stat.det"
# issue 9: responses that make no sense
sed 's/^quenching = linear 0.246 0.00078/quenching = linear -0.246 0.00078/' \
    "$DET/lar2020.det" >"$TMPD/qneg.det"
sed 's/^efficiency_table = 1.25 0.031002/efficiency_table = 0.5 0.031002/' \
    "$DET/lar2020.det" >"$TMPD/efftab.det"
sed 's/^window = 0 6/window = 100 106/' "$DET/csi2021.det" >"$TMPD/window.det"
sed 's/^on = 4 8 0 0.5 \([0-9]*\) \([0-9]*\)/on = 4 9 0 0.5 \1 \2/' "$DET/csi2021.det" >"$TMPD/databin.det"
sed '0,/^brn = 8 12 0.5 1 /s/^brn = 8 12 0.5 1 .*/brn = 8 12 0.5 1 -0.5/' "$DET/csi2021.det" >"$TMPD/tneg.det"
grep -v '^\[end\]' "$DET/csi2021.det" >"$TMPD/noend.det"

# ------------------------------------------------------------------- options --
table <<'EOF'
1|empty detector name|events --detector=
2|option '-P' needs a value|events -P
2|unknown preset ''|events -P ''
2|option '-f' needs a value|events -f
2|unknown format 'JSON'|events -f JSON
2|unknown format ''|events --format=
2|option '-s' needs a value|events -s
2|unknown parameter ''|events -s =1
2|invalid value '=0.2' for sin2w|events -s sin2w==0.2
2|invalid value '-inf' for sin2w: not a finite number|events -s sin2w=-inf
2|invalid value 'NaN' for sin2w: not a finite number|events -s sin2w=NaN
2|invalid value 'INFINITY' for mass_kg|events -s mass_kg=INFINITY
2|value -0.1 for sin2w out of range \[0, 1\]|events -s sin2w=-0.1
2|value -5 for threshold_kev out of range \[0, 500\] keVnr|events -s threshold_kev=-5
2|value 2 for eff out of range|events -s eff=2
2|value '?1e400'? for mass_kg|events -s mass_kg=1e400
2|value 1e-400 for mass_kg out of range|events -s mass_kg=1e-400
2|value 1e30 for pot out of range|events -s pot=1e30
2|value -1e-20 for mu_nu_e out of range|events -s mu_nu_e=-1e-20
2|invalid value '4' for ff_z \(one of helm|events -s ff_z=4
2|invalid value '1.5' for ff_z|events -s ff_z=1.5
2|invalid value '-1' for ff_n|events -s ff_n=-1
2|invalid value ' ' for sin2w|events -s 'sin2w= '
2|unknown parameter 'rn_Xe131' \(did you mean 'rn_Cs133'\?\)|events -d csi -s rn_Xe131=5
2|unknown parameter 'SIN2W'|events -s SIN2W=0.2
2|unknown engine ''|events --engine=
2|unknown engine 'FAST'|events --engine FAST
2|option '-e' needs a value|-e
2|option '--batch' needs a value|--batch
1|read error: Is a directory|--batch $TMPD/dir
2|--frames needs a positive whole number, not '-1'|--frames -1 --tui
2|--frames needs a positive whole number, not '1e3'|--frames 1e3 --tui
2|--frames needs a positive whole number, not '99999999999'|--frames 99999999999 --tui
2|--frames needs a positive whole number, not ''|--frames= --tui
2|unknown plot style ''|--plot= spectrum
2|option '--demo' needs a value|--demo
2|unknown option '-hx'|-hx
2|option '--version' takes no value|--version=1
2|option '--help' takes no value|--help=x
2|unknown option '--det=csi'|--det=csi events
2|unknown option '-x'|-x events
2|unknown command '-'|-
2|unknown command '--bogus'|-- --bogus
2|repl takes no arguments|repl x
2|--tui cannot be combined with a command|--tui events
EOF

# ------------------------------------------------------------------ commands --
table <<'EOF'
2|usage: set NAME VALUE|set
2|set: missing value for 'sin2w'|set sin2w
2|set: missing value for 'x'|set sin2w 0.2 x
2|unknown parameter 'bogus'|reset bogus
2|usage: detector|detector a b
1|empty detector name|detector ''
2|usage: preset|preset a b
2|unknown preset 'SM-HELM'|preset SM-HELM
2|usage: stat|stat a b
2|unknown statistics model ''|stat ''
2|usage: engine|engine a b
2|usage: format|format a b
2|unknown plot style 'sixel'|spectrum --plot=sixel
2|spectrum: unknown argument 'x'|spectrum x
2|usage: spectrum|spectrum a b c
2|usage: list|list a b
2|unknown list ''|list ''
2|usage: show|show x
2|unknown command 'nosuch'|help nosuch
2|usage: help|help a b
2|usage: quit|quit x
2|usage: save FILE|save
2|usage: save FILE|save a b
2|usage: load FILE|load
1|cannot read .*/none.state: No such file|load $TMPD/none.state
1|read error: Is a directory|load $TMPD/dir
1|empty file, not a cevnsx state file|load $TMPD/empty.det
1|bin.det:1: not a cevnsx state file|load $TMPD/bin.det
1|range.state:2: value 2 for sin2w out of range|-e "load $TMPD/range.state"
1|too many words|-e "$(i=0; while [ $i -lt 300 ]; do printf 'x '; i=$((i + 1)); done)"
1|unterminated " quote|-e 'detector "csi'
1|unknown command 'evnts'|-e 'set sin2w 0.2; evnts; events'
2|scan: which parameter|scan
2|scan: unknown parameter 'nosuch'|scan nosuch
2|scan: bad number of points '-5'|scan sin2w -n -5
2|scan: bad number of points 'abc'|scan sin2w -n abc
2|scan: bad number of points '99999999999999999999'|scan sin2w -n 99999999999999999999
2|scan: at most [0-9]+ points|scan sin2w -n 1000000000
2|scan: need at least 3 points|scan sin2w -n 1
2|scan: bad number 'nan' for --from|scan sin2w --from nan
2|scan: bad number 'inf' for --to|scan sin2w --to inf
2|scan: bad number '1e999' for --to|scan sin2w --to 1e999
2|scan: empty or inverted range \[0.3, 0.2\]|scan sin2w --from 0.3 --to 0.2 -n 5
2|scan: .*sin2w|scan sin2w --from -5 --to 0.3 -n 5
2|scan: --cl takes 68, 90, 95 or 99, not '50'|scan sin2w --cl 50
2|scan: --dchi2 needs a positive number, not '-1'|scan sin2w --dchi2 -1
2|scan: --dchi2 needs a positive number, not 'inf'|scan sin2w --dchi2 inf
2|scan: give --cl or --dchi2, not both|scan sin2w --cl 90 --dchi2 1 -n 3
2|scan: --scenario takes 1, 2, 3 or 4, not '5'|scan sin2w --scenario 5
2|scan: unknown parameter 'nosuch'|scan sin2w --profile nosuch -n 3
2|scan: unexpected argument 'sin2w'|scan sin2w sin2w
2|scan: option '--from' needs a value|scan sin2w --from
2|scan: unknown chi2 model 'bogus'|scan sin2w --stat bogus -n 3
1|unknown detector 'nosuch'|scan sin2w -d nosuch -n 3
2|contour: which two parameters|contour sin2w
2|contour: the two parameters must differ|contour sin2w sin2w -n 3
2|contour: bad grid size '3x'|contour sin2w eps_ee_u -n 3x
2|contour: bad grid size 'x3'|contour sin2w eps_ee_u -n x3
2|contour: need at least 3 points per axis|contour sin2w eps_ee_u -n 0x0
2|contour: at most [0-9]+ points per axis|contour sin2w eps_ee_u -n 100000x100000
2|contour: unknown parameter 'nosuch'|contour sin2w nosuch
EOF

# ------------------------------------------------------------ detector files --
table <<'EOF'
1|empty.det: empty file|events -d $TMPD/empty.det
1|trunc.det: truncated file: missing the end marker \[end\]|events -d $TMPD/trunc.det
1|bin.det:2: binary file|events -d $TMPD/bin.det
1|nul.det:3: binary file \(NUL byte\)|events -d $TMPD/nul.det
1|dup.det:11: duplicate key 'mass' \(first on line 10\)|events -d $TMPD/dup.det
1|noid.det:[0-9]+: missing 'id' in \[detector\]|events -d $TMPD/noid.det
1|nomass.det:[0-9]+: missing 'mass' in \[detector\]|events -d $TMPD/nomass.det
1|norange.det:[0-9]+: .*range|events -d $TMPD/norange.det
1|notarget.det: missing section \[target\]|events -d $TMPD/notarget.det
1|unit.det:10: wrong unit 'lb' for 'mass'|events -d $TMPD/unit.det
1|bunit.det:11: wrong unit 'kg' for 'baseline'|events -d $TMPD/bunit.det
1|tunit.det:12: wrong unit 'keVee' for 'threshold'|events -d $TMPD/tunit.det
1|negmass.det:10: mass must be > 0|events -d $TMPD/negmass.det
1|hugemass.det:10: mass .* outside the allowed range|events -d $TMPD/hugemass.det
1|hugebase.det:11: baseline .* outside the allowed range|events -d $TMPD/hugebase.det
1|nanmass.det:10: .*mass|events -d $TMPD/nanmass.det
1|thr600.det:12: threshold 600 keVnr outside the allowed range|events -d $TMPD/thr600.det
1|negiso.det:[0-9]+: isotope 'Cs133'|events -d $TMPD/negiso.det
1|badrange.det:[0-9]+: binning|events -d $TMPD/badrange.det
1|big.det: file too large|events -d $TMPD/big.det
1|bkgneg.det:[0-9]+: bkg_frac -5 .*outside the allowed range|events -d $TMPD/bkgneg.det
1|saneg.det:[0-9]+: sigma_alpha -5 .*outside the allowed range|events -d $TMPD/saneg.det
1|sahuge.det:[0-9]+: sigma_alpha 1e\+300 .*outside the allowed range|events -d $TMPD/sahuge.det
1|sb99.det:[0-9]+: sigma_beta 99 .*outside the allowed range|events -d $TMPD/sb99.det
1|potneg.det:[0-9]+: pot must be > 0|events -d $TMPD/potneg.det
1|gwhneg.det:[0-9]+: exposure_gwh -7.47594 must be > 0|events -d $TMPD/gwhneg.det
1|duprow.det:[0-9]+: duplicate row in 'bin' \(same bin as line [0-9]+\)|events -d $TMPD/duprow.det
1|preset.det:[0-9]+: unknown preset 'coherent-2071'|events -d $TMPD/preset.det
1|stat.det:[0-9]+: unknown stat 'single-bins'|events -d $TMPD/stat.det
1|qneg.det:[0-9]+: linear quenching -0.246|events -d $TMPD/qneg.det
1|efftab.det:[0-9]+: 'efficiency_table': first column not increasing|events -d $TMPD/efftab.det
1|window.det:[0-9]+: time window 100..106 us outside the beam spill|events -d $TMPD/window.det
1|databin.det:[0-9]+: 'on': energy bin 4..9 does not match the binning|events -d $TMPD/databin.det
1|tneg.det:[0-9]+: 'brn': negative entry -0.5|events -d $TMPD/tneg.det
1|noend.det: truncated file: missing the end marker \[end\]|events -d $TMPD/noend.det
1|afile/x.det: |events -d $TMPD/afile/x.det
EOF
mkdir -p "$TMPD/dir.det"
expect 1 "dir.det: cannot read: Is a directory" events -d "$TMPD/dir.det"

cp "$DET/csi.det" "$TMPD/unreadable.det"
chmod 000 "$TMPD/unreadable.det"
if [ "$(id -u)" -eq 0 ]; then
    skip "an unreadable detector file gives status 1" "running as root: chmod 000 does not stop reading"
else
    expect 1 "unreadable.det: cannot open: Permission denied" events -d "$TMPD/unreadable.det"
fi
chmod 644 "$TMPD/unreadable.det"

# Threshold above the end of the spectrum (50 keVnr): the file is valid, the
# detector simply sees nothing: status 0, total 0 and every bin 0.
sed 's/^threshold = 5 keVnr/threshold = 60 keVnr/' "$DET/csi.det" >"$TMPD/thr60.det"
run events -d "$TMPD/thr60.det" -f json
[ "$rc" -eq 0 ] && [ -z "$errout" ] && [ "$(json_number total)" = 0 ]
ok $? "threshold above the spectrum end loads and gives 0 events (got $rc, total $(json_number total))"
run spectrum -d "$TMPD/thr60.det" -f csv
nonzero=$(printf '%s\n' "$out" | awk -F, 'NR > 1 && $0 !~ /^#/ && ($3 + 0 != 0) { n++ } END { print n + 0 }')
rows=$(printf '%s\n' "$out" | grep -c '^[0-9]')
[ "$rc" -eq 0 ] && [ "$rows" -gt 0 ] && [ "$nonzero" -eq 0 ]
ok $? "... and a spectrum of $rows bins, all 0 (got $rc, $nonzero non-zero)"

# ------------------------------------------------------------ data directory --
CEVNSX_DATADIR=$TMPD/afile
expect 1 "data directory '$TMPD/afile/detectors' not found" events
CEVNSX_DATADIR=$TMPD/ddempty
expect 1 "unknown detector 'csi2017'" events
expect 1 "unknown detector 'ge'" events -d ge
CEVNSX_DATADIR=$top_srcdir/data

# ----------------------------------------------------------- unwritable output --
run save "$TMPD/old.state"
cp "$TMPD/old.state" "$TMPD/ref.state"
same_old() { cmp -s "$TMPD/old.state" "$TMPD/ref.state" && [ ! -e "$TMPD/old.state.tmp" ]; }

expect 1 "cannot write $TMPD/afile/x.state.tmp: Not a directory" -e "save $TMPD/afile/x.state"
expect 1 "cannot save to $TMPD/dir: Is a directory" -e "save $TMPD/dir"
[ -d "$TMPD/dir" ] && [ ! -e "$TMPD/dir.tmp" ]
ok $? "saving onto a directory keeps it and removes the temporary file"

# A symbolic link planted at FILE.tmp is not followed (nothing is overwritten
# through it), and the old file stays.
printf 'precious\n' >"$TMPD/victim"
ln -s "$TMPD/victim" "$TMPD/old.state.tmp"
expect 1 "cannot write $TMPD/old.state.tmp" -e "set sin2w 0.25; save $TMPD/old.state"
[ "$(cat "$TMPD/victim")" = precious ] && cmp -s "$TMPD/old.state" "$TMPD/ref.state"
ok $? "save does not write through a symbolic link at FILE.tmp; the old file is unchanged"
rm -f "$TMPD/old.state.tmp"

# A write that fails midway (file size limit: EFBIG, works as root too) keeps
# the old file byte-identical. stderr goes through a pipe, which the limit
# does not affect.
errout=$( (
    trap '' XFSZ
    ulimit -f 0 2>/dev/null || exit 77
    exec "$CEVNSX" -e "set sin2w 0.25; save $TMPD/old.state" </dev/null >/dev/null
) 2>&1)
rc=$?
out=
if [ "$rc" -eq 77 ]; then
    skip "a save that fails while writing keeps the old file" "ulimit -f not supported"
else
    check_result 1 "cannot save to $TMPD/old.state: File too large" "save under ulimit -f 0"
    same_old
    ok $? "... the old file is byte-identical and no temporary file is left"
fi

mkdir "$TMPD/ro"
cp "$TMPD/ref.state" "$TMPD/ro/old.state"
chmod 555 "$TMPD/ro"
if [ "$(id -u)" -eq 0 ]; then
    skip "saving into a read-only directory keeps the old file" "running as root"
else
    expect 1 "cannot write $TMPD/ro/old.state.tmp: Permission denied" \
        -e "set sin2w 0.25; save $TMPD/ro/old.state"
    cmp -s "$TMPD/ro/old.state" "$TMPD/ref.state"
    ok $? "... the old file is byte-identical"
fi
chmod 755 "$TMPD/ro"

if [ -w /dev/full ]; then
    "$CEVNSX" events -f json </dev/null >/dev/full 2>"$TMPD/err"
    rc=$?
    [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/err")" -eq 1 ] && grep -q "^cevnsx: write error" "$TMPD/err"
    ok $? "events to a full device: status 1, one line (got $rc)"
else
    skip "events to a full device" "no /dev/full"
fi

# -------------------------------------------------------- terminal and stdin --
# TERM=dumb changes nothing in batch mode: no escape sequences, no stderr.
TERM=dumb run spectrum --plot -d csi
esc=$(printf '\033')
[ "$rc" -eq 0 ] && [ -z "$errout" ] && [ -n "$out" ] &&
    ! printf '%s\n' "$out" | grep -q "$esc"
ok $? "TERM=dumb: batch output without escape sequences (got $rc)"
TERM=dumb run
[ "$rc" -eq 2 ] && [ "$errout" = "cevnsx: not a terminal: use -e, --batch FILE or a subcommand" ] &&
    [ -z "$out" ]
ok $? "TERM=dumb and no terminal: status 2, one line (got $rc)"
TERM=dumb run --tui --frames 1
[ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] &&
    printf '%s\n' "$errout" | grep -q "cannot position the cursor"
ok $? "TERM=dumb with --tui: status 1, one line, nothing drawn (got $rc)"
(unset TERM; "$CEVNSX" </dev/null >"$TMPD/out" 2>"$TMPD/err")
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMPD/err")" -eq 1 ] && [ ! -s "$TMPD/out" ]
ok $? "TERM unset and no terminal: status 2, one line (got $rc)"

# stdin a pipe that stays open: the program must not wait on it.
if command -v mkfifo >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
    mkfifo "$TMPD/fifo"
    (sleep 20 >"$TMPD/fifo") &
    holder=$!
    timeout 10 "$CEVNSX" <"$TMPD/fifo" >"$TMPD/out" 2>"$TMPD/err"
    rc=$?
    kill "$holder" 2>/dev/null
    [ "$rc" -eq 2 ] && grep -q "not a terminal" "$TMPD/err" && [ ! -s "$TMPD/out" ]
    ok $? "stdin an open pipe, no command: status 2 at once (got $rc; 124 = hung)"
else
    skip "stdin an open pipe" "no mkfifo or timeout"
fi
# stdin closed: --batch - reports a read error.
"$CEVNSX" --batch - <&- >"$TMPD/out" 2>"$TMPD/err"
rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/err")" -eq 1 ] && grep -q "^cevnsx: stdin: read error" "$TMPD/err" &&
    [ ! -s "$TMPD/out" ]
ok $? "--batch - with stdin closed: status 1, one line (got $rc: $(cat "$TMPD/err"))"
# A script from a pipe that fails names the line.
printf 'format csv\nset sin2w 7\nevents\n' | "$CEVNSX" --batch - >"$TMPD/out" 2>"$TMPD/err"
rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <"$TMPD/err")" -eq 1 ] &&
    grep -q "^cevnsx: stdin:2: value 7 for sin2w out of range" "$TMPD/err" && [ ! -s "$TMPD/out" ]
ok $? "--batch - from a pipe: error names stdin:2, status 1 (got $rc: $(cat "$TMPD/err"))"

done_testing
