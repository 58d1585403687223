#!/bin/sh
# cli-fc.sh - Feldman-Cousins scans and contours (scan/contour --fc): the
# critical values of the toys against their known limits, reproducibility
# from --seed, the regions against the Wilks ones, refused combinations.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

# 1. the magnetic moment at its physical boundary mu_nu_e >= 0 (csi2017
# single-bin, the data below the Standard Model): at mu_nu_e = 0 half the
# toys fit the boundary, the 90 % critical value is near the half-chi2 value
# 1.64 (Chernoff 1954; Feldman & Cousins 1998), far below Wilks' 2.71.
run scan mu_nu_e -d csi2017 --lin --from 0 --to 1e-8 -n 21 --fc --toys 4000 -f csv
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | head -n 1 | grep -q '^mu_nu_e,dchi2,crit_fc,crit_wilks$'
ok $? "scan --fc -f csv: header x, dchi2, crit_fc, crit_wilks"
c0=$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f3)
awk -v c="$c0" 'BEGIN { exit !(c > 1.4 && c < 2.1) }'
ok $? "critical value at the boundary mu_nu_e = 0: $c0 (half-chi2 1.64, Wilks 2.71)"
printf '%s\n' "$out" | awk -F, 'NR > 1 && $4 != 2.71 { bad = 1 } END { exit bad }'
ok $? "the Wilks value 2.71 beside every point"
csv1=$out
run scan mu_nu_e -d csi2017 --lin --from 0 --to 1e-8 -n 21 --fc --toys 4000 -f csv
[ "$out" = "$csv1" ]
ok $? "same seed: byte-identical output"
run scan mu_nu_e -d csi2017 --lin --from 0 --to 1e-8 -n 21 --fc --toys 4000 --seed 7 -f csv
[ "$rc" -eq 0 ] && [ "$out" != "$csv1" ]
ok $? "--seed 7: other toys"
run scan mu_nu_e -d csi2017 --lin --from 0 --to 1e-8 -n 21 --fc --toys 4000 -f json
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '"fc": true, "cl": 90, "toys": 4000, "seed": 1'
ok $? "scan --fc -f json: fc, cl, toys, seed"
hi=$(printf '%s\n' "$out" | sed -n 's/.*"intervals": \[\[[-0-9.eE+]*, \([-0-9.eE+]*\)\].*/\1/p')
whi=$(printf '%s\n' "$out" | sed -n 's/.*"intervals_wilks": \[\[[-0-9.eE+]*, \([-0-9.eE+]*\)\].*/\1/p')
awk -v a="$hi" -v b="$whi" 'BEGIN { exit !(a > 3e-9 && a < b && b > 5.5e-9 && b < 6.5e-9) }'
ok $? "FC 90% upper limit on mu_nu_e $hi below the Wilks one $whi"

# 2. a counting statistic constrains one combination of two couplings: the
# toys' Delta chi2 has one effective degree of freedom, critical values near
# 2.71 (and lower at the grid's edges), not Wilks' 4.61 for two parameters.
run contour eps_ee_u eps_ee_d -d csi2017 -n 11 --fc --toys 2000 -f csv
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | awk -F, 'NR > 1 { n++; if ($4 > m) m = $4; if ($5 != 4.61) bad = 1 }
    END { exit !(n == 121 && m > 2.2 && m < 3.6 && !bad) }'
ok $? "contour --fc: 121 points, critical values at most ~2.71 (one effective dof), Wilks 4.61 beside"
run contour eps_ee_u eps_ee_d -d csi2017 -n 11 --fc --toys 200 -f json
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '"crit": \[\[' &&
    printf '%s\n' "$out" | grep -q '"boundary": \[' && printf '%s\n' "$out" | grep -q '"boundary_wilks": \['
ok $? "contour --fc -f json: crit grid, FC and Wilks boundaries"
run contour eps_ee_u eps_ee_d -d csi2017 -n 11 --fc --toys 200
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^FC region' && printf '%s\n' "$out" | grep -q '^Wilks region'
ok $? "contour --fc text: both regions"

# 3. threads: every point's toys depend on the seed and its index only, so
# the output is byte-identical for any number of threads
run contour eps_ee_u eps_ee_d -d csi2017 -n 21 --fc --toys 500 --threads 1 -f json
j1=$out
run contour eps_ee_u eps_ee_d -d csi2017 -n 21 --fc --toys 500 --threads 2 -f json
[ "$rc" -eq 0 ] && [ "$out" = "$j1" ]
ok $? "contour --fc: --threads 2 byte-identical to --threads 1"
OMP_NUM_THREADS=3 run contour eps_ee_u eps_ee_d -d csi2017 -n 21 --fc --toys 500 -f json
[ "$rc" -eq 0 ] && [ "$out" = "$j1" ]
ok $? "contour --fc: OMP_NUM_THREADS=3 byte-identical to --threads 1"
run scan sin2w -d csi2017 --fc --threads 0
[ "$rc" -eq 2 ]
ok $? "--threads 0 refused"

# 4. refused
for args in "--stat spectral --fc" "--toys 100" "--seed 3" "--fc --dchi2 3" \
    "--fc --toys 5" "--fc --profile eps_ee_d" "-d ge --fc"; do
    # shellcheck disable=SC2086
    run scan sin2w -d csi2017 $args
    [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ]
    ok $? "scan sin2w $args: usage error, one line ($errout)"
done
done_testing
