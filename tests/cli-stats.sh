#!/bin/sh
# cli-stats.sh - the scan and contour commands from the command line: the
# COHERENT 2017 fit (doc/physics.md section 8), output formats, exit codes.
# SPDX-License-Identifier: GPL-3.0-or-later
# Speaks TAP. Needs top_builddir (the cevnsx binary) and CEVNSX_DATADIR, as
# set by make check.

bin=${top_builddir:-.}/cevnsx
n=0
fails=0
tmp=${TMPDIR:-/tmp}/cli-stats.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { # ok COND-STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        fails=$((fails + 1))
    fi
}

# near GOT WANT TOL: |GOT - WANT| <= TOL
near() {
    awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'
}

# exit code of a command line, output discarded
code() {
    "$bin" "$@" >/dev/null 2>"$tmp/err"
    echo $?
}

# first number after "KEY": in a one-line JSON object
jnum() {
    sed -n "s/.*\"$1\": *\[*\([-0-9.eE+]*\).*/\1/p" "$2" | head -n 1
}

# --- the published COHERENT 2017 single-bin fit (doc/physics.md section 8) ---
"$bin" scan sin2w -d csi2017 -f json >"$tmp/s.json" 2>"$tmp/err"
ok $? "scan sin2w -d csi2017 -f json runs"
bf=$(jnum best_fit "$tmp/s.json")
near "$bf" 0.1892 0.0001
ok $? "best fit $bf = 0.1892"
iv=$(sed -n 's/.*"intervals": \[\[\([^]]*\)\]\].*/\1/p' "$tmp/s.json")
lo=${iv%%,*}
hi=${iv##*, }
near "$lo" 0.1136 0.001
ok $? "90% CL lower edge $lo = 0.1136"
near "$hi" 0.3089 0.001
ok $? "90% CL upper edge $hi = 0.3089"
crit=$(jnum dchi2_crit "$tmp/s.json")
near "$crit" 2.71 0
ok $? "dchi2_crit = 2.71"
grep -q '"sensitivity_percent": [0-9]' "$tmp/s.json"
ok $? "sensitivity_percent given for sin2w"
npts=$(grep -o '\], \[' "$tmp/s.json" | wc -l)
[ "$npts" -ge 200 ]
ok $? "201 points by default ($npts separators)"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); assert len(j["points"]) == 201 and j["param"] == "sin2w"' "$tmp/s.json"
    ok $? "JSON parses, 201 points"
else
    n=$((n + 1)); echo "ok $n - # SKIP no python3 to parse JSON"
fi

# --- open intervals are flagged, not invented ---
"$bin" scan sin2w -d csi2017 --from 0.15 --to 0.25 -n 21 -f json >"$tmp/o.json" 2>&1
grep -q '"intervals": \[\[0.15, 0.25\]\]' "$tmp/o.json" &&
    grep -q '"intervals_open": \[\[true, true\]\]' "$tmp/o.json"
ok $? "a region filling the range is reported at the bounds, flagged open"
"$bin" scan sin2w -d csi2017 --from 0.15 --to 0.25 -n 21 >"$tmp/o.txt" 2>&1
grep -q "range bound" "$tmp/o.txt"
ok $? "text output says the edge is the range bound"

# --- forecast with a scenario, several detectors ---
"$bin" scan sin2w -d ge --stat forecast --scenario 2 --summary >"$tmp/g.txt" 2>&1
sens=$(sed -n 's/^sensitivity \([0-9.]*\) %.*/\1/p' "$tmp/g.txt")
near "$sens" 11.5 0.06
ok $? "ge scenario 2 sensitivity $sens % = 11.5 (doc/physics.md section 8)"
"$bin" scan sin2w -d ge -d lar --stat forecast -f json >"$tmp/c.json" 2>&1
grep -q '"detectors": \["ge", "lar"\]' "$tmp/c.json"
ok $? "two detectors combined"

# --- CSV and plots ---
"$bin" scan sin2w -d csi2017 -n 11 -f csv >"$tmp/s.csv" 2>&1
[ "$(head -n 1 "$tmp/s.csv")" = "sin2w,chi2,dchi2" ] && [ "$(wc -l <"$tmp/s.csv")" -eq 12 ] &&
    awk -F, 'NR > 1 && ($2 < $3 - 1e-9 || $3 < 0) { bad = 1 } END { exit bad }' "$tmp/s.csv"
ok $? "CSV: header PARAM,chi2,dchi2 and 11 rows, chi2 >= dchi2 >= 0"
# An enumerated parameter: one point per label, the best label at dchi2 0.
"$bin" scan ff_z -d csi2017 -f csv >"$tmp/e.csv" 2>&1
[ "$(head -n 1 "$tmp/e.csv")" = "ff_z,chi2,dchi2" ] && [ "$(cut -d, -f1 "$tmp/e.csv" | tail -n +2 | tr '\n' ' ')" = "0 1 2 3 " ] &&
    [ "$(cut -d, -f3 "$tmp/e.csv" | grep -cx 0)" -eq 1 ]
ok $? "scan of an enumerated parameter: its 4 labels, one best"
"$bin" scan ff_z -d csi2017 -n 7 >"$tmp/e.txt" 2>&1
[ $? -eq 2 ] && grep -q "ff_z has 4 labels from 0 to 3: -n 4, not 7" "$tmp/e.txt"
ok $? "an enumerated scan with another -n: usage error naming the labels"
"$bin" scan sin2w -d csi2017 --stat spectral --plot=ascii >"$tmp/p.txt" 2>&1
[ $? -eq 0 ] && grep -q "2.71" "$tmp/p.txt" && grep -q "best" "$tmp/p.txt"
ok $? "spectral scan with an ASCII plot"

# --- contours ---
"$bin" contour eps_ee_u eps_ee_d -d csi2017 -n 7x5 -f json >"$tmp/k.json" 2>&1
ok $? "contour -n 7x5 -f json runs"
crit=$(jnum dchi2_crit "$tmp/k.json")
near "$crit" 4.61 0
ok $? "contour dchi2_crit = 4.61"
if command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert len(j["xs"]) == 7 and len(j["ys"]) == 5
assert len(j["dchi2"]) == 5 and all(len(r) == 7 for r in j["dchi2"])
assert min(min(r) for r in j["dchi2"]) >= 0
assert j["x"] == "eps_ee_u" and j["y"] == "eps_ee_d"' "$tmp/k.json"
    ok $? "contour JSON: rows over y, 5 x 7, dchi2 >= 0"
else
    n=$((n + 1)); echo "ok $n - # SKIP no python3 to parse JSON"
fi
"$bin" contour s22_mu dm2 -d ge --log-y -n 21x21 --plot=ascii >"$tmp/k.txt" 2>&1
[ $? -eq 0 ] && grep -q "boundary" "$tmp/k.txt"
ok $? "sterile contour with --log-y and a plot"
"$bin" contour s22_mu dm2 -d ge --log-y -n 9x9 -f csv >"$tmp/k.csv" 2>&1
[ "$(head -n 1 "$tmp/k.csv")" = "s22_mu,dm2,chi2,dchi2" ] && [ "$(wc -l <"$tmp/k.csv")" -eq 90 ] &&
    [ "$(grep -c '^$' "$tmp/k.csv")" -eq 8 ] &&
    awk -F, 'NR > 1 && NF { if (NR > 2 && $2 != y && !blank) bad = 1; y = $2; blank = 0 }
        !NF { blank = 1 } END { exit bad }' "$tmp/k.csv"
ok $? "contour CSV: header, 81 rows in 9 blocks of one dm2 value, blank lines between (splot)"

# --- bad input: one line, exit 2 for usage, 1 for the rest ---
for args in "scan nosuch_param" "scan sin2w --from 0.3 --to 0.2" "scan sin2w --from 0.2 --to 0.2" \
    "scan sin2w -n 2" "scan eps_ee_u --profile eps_ee_u" "scan sin2w --cl 80" \
    "scan sin2w --bogus" "contour sin2w sin2w" "scan sin2w --stat nosuch"; do
    # shellcheck disable=SC2086
    c=$(code $args)
    [ "$c" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]
    ok $? "'$args': exit $c (want 2), one line: $(cat "$tmp/err")"
done
c=$(code scan sin2w -d ge --stat spectral)
[ "$c" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ge" "$tmp/err"
ok $? "spectral without data: exit $c (want 1): $(cat "$tmp/err")"

# ---- fit with the binned Poisson likelihood (doc/physics.md section 6) ----
# COHERENT, PRL 129 (2022) 081801: 306 +- 20 fitted CEvNS events
"$bin" fit -d csi2021 --stat poisson -f json >"$tmp/fit.json" 2>"$tmp/err"
ok $? "fit -d csi2021 --stat poisson -f json runs"
ev=$(jnum signal_events "$tmp/fit.json")
near "$ev" 306 20
ok $? "csi2021: $ev fitted CEvNS events within the published 306 +- 20"
bins=$(jnum bins "$tmp/fit.json")
[ "$bins" = 180 ]
ok $? "csi2021: 180 bins (got $bins)"
lo=$(sed -n 's/.*"signal": {"best": [^,]*, "lo": \([-0-9.eE+]*\).*/\1/p' "$tmp/fit.json")
hi=$(sed -n 's/.*"signal": {[^}]*"hi": \([-0-9.eE+]*\).*/\1/p' "$tmp/fit.json")
awk -v l="$lo" -v h="$hi" -v b="$ev" 'BEGIN { exit !(l < b && b < h && h - l > 20 && h - l < 120) }'
ok $? "csi2021: 1-sigma interval [$lo, $hi] around the best fit"
grep -q '"nuisances": {"sns_flux"' "$tmp/fit.json" || grep -q '"brn": ' "$tmp/fit.json"
ok $? "csi2021: the BRN pull is reported"
"$bin" fit -d csi2021 --stat poisson -f csv >"$tmp/fit.csv" 2>"$tmp/err"
[ "$(head -n 1 "$tmp/fit.csv")" = "kind,name,best,lo,hi" ] && grep -q '^free,signal,' "$tmp/fit.csv"
ok $? "fit -f csv: header and the signal row"
"$bin" fit -d lar2020 --stat poisson --free signal,sin2w >"$tmp/fit.txt" 2>"$tmp/err"
grep -q "sin2w" "$tmp/fit.txt" && grep -q "cevns_f90" "$tmp/fit.txt"
ok $? "fit -d lar2020 --free signal,sin2w: both fitted, shape nuisances listed"
c=$(code fit -d csi2017 --stat single-bin)
[ "$c" -eq 2 ] && grep -q "poisson" "$tmp/err"
ok $? "fit with a counting model: exit $c (want 2): $(cat "$tmp/err")"
c=$(code fit -d csi2021 --stat poisson --free nosuch)
[ "$c" -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]
ok $? "fit --free nosuch: exit $c, one line: $(cat "$tmp/err")"
c=$(code scan sin2w -d ge --stat poisson)
[ "$c" -ne 0 ] && grep -q "asimov" "$tmp/err"
ok $? "poisson without data: exit $c: $(cat "$tmp/err")"

echo "1..$n"
[ "$fails" -eq 0 ]
