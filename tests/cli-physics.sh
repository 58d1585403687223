#!/bin/sh
# cli-physics.sh - numbers through the command line: doc/physics.md section 8
# reference totals and physical invariants (exposure scaling, flavour
# structure of NSI), for both engines.
# SPDX-License-Identifier: GPL-3.0-or-later
. "${top_srcdir:-$(dirname "$0")/..}/tests/cli-lib.sh"

# total ARGS...: the JSON total of `events ARGS -f json`, in $t
total() {
    run events -f json "$@"
    t=$(json_number total)
}

# doc/physics.md section 8, matched to 0.1 %.
total -d csi2017
relclose "$t" 178.04 1e-3
ok $? "csi2017 coherent-2017: $t (178.04)"
total -d csi2017 -s sin2w=0.23865
relclose "$t" 186.10 1e-3
ok $? "csi2017 with sin2w=0.23865: $t (186.10)"
run -e 'set sin2w 0.23865; format json; events'
t=$(json_number total)
relclose "$t" 186.10 1e-3
ok $? "the same through -e 'set sin2w 0.23865; events': $t"
for pair in csi:439.12 ge:214.14 nai:6579.25 lar:4650.75; do
    det=${pair%%:*} want=${pair#*:}
    total -d "$det" -P future-coherent
    relclose "$t" "$want" 1e-3
    ok $? "$det future-coherent: $t ($want)"
done
for pair in csi:534.30 ge:229.87 nai:8940.59 lar:5026.99; do
    det=${pair%%:*} want=${pair#*:}
    total -d "$det" -P sm-helm
    relclose "$t" "$want" 1e-3
    ok $? "$det sm-helm: $t ($want)"
done

# The reference engine (adaptive quadrature) agrees with the same numbers.
total -d csi2017 --engine reference
relclose "$t" 178.04 1e-3
ok $? "csi2017 --engine reference: $t (178.04)"
total -d nai --engine reference
relclose "$t" 6579.25 1e-3
ok $? "nai --engine reference: $t (6579.25)"
run -e 'set sin2w 0.23865; engine reference; show; format json; events'
t=$(json_number total)
relclose "$t" 186.10 1e-3 && printf '%s\n' "$out" | grep -q '^engine *reference'
ok $? "switching the engine keeps the parameters: $t (186.10)"

# Invariants: events scale with mass and as 1/L^2, vanish with zero efficiency.
total -d ge
base=$t
total -d ge -s mass_kg=20
relclose "$t" "$(awk -v b="$base" 'BEGIN { printf "%.12g", 2 * b }')" 1e-9
ok $? "twice the mass, twice the events ($base -> $t)"
total -d ge -s baseline_m=44
relclose "$t" "$(awk -v b="$base" 'BEGIN { printf "%.12g", b / 4 }')" 1e-9
ok $? "twice the baseline, a quarter of the events ($base -> $t)"
total -d ge -s eff=0
[ "$t" = 0 ]
ok $? "zero efficiency, zero events ($t)"

# eps_ee_u acts on nu_e only (doc/physics.md section 4): the nu_mu components stay.
run events -d ge -P future-coherent -f json
numu0=$(json_number numu) nue0=$(json_number nue) numubar0=$(json_number numubar)
run events -d ge -P future-coherent -s eps_ee_u=0.1 -f json
numu1=$(json_number numu) nue1=$(json_number nue) numubar1=$(json_number numubar)
relclose "$numu1" "$numu0" 1e-12 && relclose "$numubar1" "$numubar0" 1e-12 &&
    ! relclose "$nue1" "$nue0" 1e-3
ok $? "eps_ee_u=0.1 changes nu_e ($nue0 -> $nue1), not nu_mu ($numu1) or anti-nu_mu ($numubar1)"
t=$(json_number total)
relclose "$t" "$(awk -v a="$numu1" -v b="$nue1" -v c="$numubar1" 'BEGIN { printf "%.12g", a + b + c }')" 1e-9
ok $? "components add up to the total ($t)"

# Issue 9: each detector has its own exposure; -s DET:NAME=V sets one of them.
if command -v python3 >/dev/null 2>&1; then
    run events -d csi2017 -d lar2020 -s lar2020:pot=2.76e23 -f json
    printf '%s\n' "$out" | python3 -c '
import json, sys
a = json.loads(sys.stdin.read())
assert [d["detector"] for d in a] == ["csi2017", "lar2020"], a
c, l = a
# published exposures: csi2017 1.76e23 POT (Science 357 (2017) 1123),
# lar2020 1.38e23 POT (LArParametersAnlA.yaml), here doubled by -s lar2020:pot
assert c["exposure"]["pot"] == 1.76e23 and c["exposure"]["nu_per_proton"] == 0.08
assert l["exposure"]["pot"] == 2.76e23 and l["exposure"]["nu_per_proton"] == 0.09
assert abs(c["total"] - 178.04) < 0.05, c["total"]
' && run events -d lar2020 -f json && l1=$(json_number total) &&
        run events -d csi2017 -d lar2020 -s lar2020:pot=2.76e23 -f json &&
        l2=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(repr(json.load(sys.stdin)[1]["total"]))') &&
        relclose "$l2" "$(awk -v b="$l1" 'BEGIN { printf "%.12g", 2 * b }')" 1e-9
    ok $? "-s lar2020:pot doubles lar2020 only ($l1 -> $l2), csi2017 keeps 178.04"
    run events -d csi2017 -d lar2020 -s pot=1e23 -f json
    printf '%s\n' "$out" | python3 -c '
import json, sys
a = json.loads(sys.stdin.read())
assert all(d["exposure"]["pot"] == 1e23 for d in a), a
'
    ok $? "-s pot=V with several -d sets every detector"
    # energy projection, time projection and total are the same events
    for d in csi2021 lar2020; do
        run events -d $d -f json
        t=$(json_number total)
        run spectrum -d $d -f json
        e=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(repr(sum(b["events"] for b in json.load(sys.stdin)["bins"])))')
        run spectrum -d $d --axis time -f json
        tt=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(repr(sum(b["events"] for b in json.load(sys.stdin)["bins"])))')
        relclose "$e" "$t" 1e-9 && relclose "$tt" "$t" 1e-9
        ok $? "$d: energy projection $e == time projection $tt == total $t"
    done
else
    skip "-s DET:NAME=V and the projections" "no python3"
fi

# Light mediators (doc/physics.md section 4): the universal Z' interferes
# destructively, so its 90 % CL region in zp_g is two intervals (the second
# where the weak charge changes sign); B - L interferes constructively: one.
run scan zp_g -d csi2017 -s zp_mass=10 --from 1e-6 --to 1e-1 -n 401
echo "$out" | grep '^CL region' | grep -q ' U '
ok $? "universal Z' at 10 MeV: two allowed zp_g intervals ($(echo "$out" | grep '^CL region'))"
run scan zp_g -d csi2017 -s zp_mass=10 -s zp_model=b-l --from 1e-6 --to 1e-1 -n 401
[ "$rc" -eq 0 ] && echo "$out" | grep '^CL region' | grep -qv ' U '
ok $? "B-L Z' at 10 MeV: one interval ($(echo "$out" | grep '^CL region'))"
# the (mass, coupling) plane on log-log axes, with the interference band
run contour zp_mass zp_g -d csi2017 -n 41x41
echo "$out" | grep -q 'zp_mass \[0.1, 10000\] log, zp_g \[1e-06, 0.01\] log' &&
    echo "$out" | grep 'boundary' | grep -qv ' 1 polyline'
ok $? "contour zp_mass zp_g: log-log axes and more than one boundary line ($(echo "$out" | grep boundary))"
run contour phi_mass phi_g -d csi2017 -n 21x21
[ "$rc" -eq 0 ] && echo "$out" | grep -q 'phi_mass \[0.1, 10000\] log, phi_g \[1e-07, 0.01\] log'
ok $? "contour phi_mass phi_g runs on log-log axes"
# a millicharge needs a threshold where the acceptance starts at 0
run events -d lar -s threshold_kev=0 -s q_nu_e=1e-9
[ "$rc" -ne 0 ] && echo "$errout" | grep -q 'millicharge needs a recoil threshold'
ok $? "q_nu_e without a threshold is refused: $errout"

done_testing
