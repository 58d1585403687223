"""test_cevnsx.py - the Python module over libcevnsx (TAP, standard library only).

The numbers are the project's validation values (doc/physics.md section 8):
COHERENT CsI 2017 with the coherent-2017 preset gives 178.04 events (186.10
with sin2w = 0.23865), a 25-bin 2-PE spectrum, and the single-bin fit of
sin2w has its 90 % CL interval at [0.1136, 0.3089].
SPDX-License-Identifier: GPL-3.0-or-later
"""
import math
import sys

import cevnsx

n = 0
failed = 0


def ok(cond, what):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, what))


def raises(fn, words):
    try:
        fn()
    except cevnsx.Error as e:
        return all(w in str(e) for w in words), str(e)
    return False, "no exception"


m = cevnsx.Model("csi2017")
ev = m.events()
ok(abs(ev["total"] - 178.04) <= 178.04 * 1e-3, "csi2017 total %.4f (178.04)" % ev["total"])
ok(abs(sum(ev["components"].values()) - ev["total"]) <= 1e-9 * ev["total"],
   "the flux components add up to the total")
ok(len(ev["isotopes"]) == 2 and abs(sum(ev["isotopes"]) - ev["total"]) <= 1e-9 * ev["total"],
   "two isotopes adding up to the total")
edges, s, sm = m.spectrum()
ok(len(edges) == 26 and len(s) == 25 and edges[0] == 0 and edges[-1] == 50,
   "25 bins of 2 PE from 0 to 50")
ok(abs(s[2] - 1.641) <= 0.0005 and abs(s[6] - 26.975) <= 0.0005,
   "spectrum bins 3 and 7: %.4f (1.641), %.4f (26.975)" % (s[2], s[6]))
m.set(sin2w=0.23865)
t = m.events()["total"]
ok(abs(t - 186.10) <= 186.10 * 1e-3, "set(sin2w=0.23865) gives %.3f (186.10)" % t)
ok(abs(m.events()["total_sm"] - 178.04) <= 0.2, "the Standard Model total stays %.3f" % m.events()["total_sm"])
m.set(sin2w=0.2312)
r = m.scan("sin2w", 0.1, 0.4, 201)
iv = r["intervals"]
ok(len(iv) == 1 and abs(iv[0][0] - 0.1136) <= 0.005 * 0.1953 and abs(iv[0][1] - 0.3089) <= 0.005 * 0.1953,
   "scan: 90%% CL [%.4f, %.4f] ([0.1136, 0.3089])" % iv[0] if iv else "scan: no interval")
ok(abs(r["best_fit"] - 0.1892) <= 0.001, "scan: best fit %.4f (0.1892)" % r["best_fit"])
ok(len(r["x"]) == 201 and min(r["dchi2"]) >= 0, "scan: 201 points, Delta chi2 >= 0")

good, msg = raises(lambda: cevnsx.Model("no-such-detector"), ["unknown detector", "no-such-detector"])
ok(good, "an unknown detector raises cevnsx.Error (%s)" % msg)
good, msg = raises(lambda: m.set(sin2x=0.2), ["unknown parameter", "sin2x"])
ok(good, "an unknown parameter raises (%s)" % msg)
before = m.get("sin2w")
good, msg = raises(lambda: m.set(sin2w=0.25, eps_ee_u=99), ["eps_ee_u"])
ok(good and m.get("sin2w") == before, "an out-of-range value raises and changes nothing (%s)" % msg)
good, msg = raises(lambda: m.set(sin2w=float("nan")), ["sin2w"])
ok(good, "NaN is refused (%s)" % msg)
g = cevnsx.Model("ge")
g.set(mu_nu=1e-6, threshold_kev=0)
good, msg = raises(g.events, ["magnetic moment"])
ok(good, "the engine's own message becomes the exception (%s)" % msg)
ok("sin2w" in m.params() and "csi2017" in cevnsx.detectors(), "params() and detectors() list names")
print("1..%d" % n)
sys.exit(1 if failed else 0)
