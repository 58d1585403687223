/* test_mediator.c - light vector (Z') and scalar mediators, tensor NSI, the
 * neutrino millicharge and the baseline spread (doc/physics.md section 4;
 * section 5 for the kernels): limits, scaling laws and the cache stages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cevnsx.h"
#include "tap.h"
#include "test_detector_load.h"

#define GF 1.1663787e-11 /* Fermi constant, MeV^-2 (PDG) */

static const char *det_ids[] = {"csi2017", "csi", "ge", "nai", "lar", "csi2021", "lar2020"};
#define NDET 7

static void set(cx_model *m, const char *name, double v)
{
    int id = cx_model_param_lookup(m, name);
    if (id < 0 || cx_model_set_param(m, id, v) != CX_OK)
        tap_diag("cannot set %s = %g", name, v);
}

static double total_at(cx_model *m)
{
    if (cx_model_update(m) != CX_OK)
        tap_diag("update: %s", cx_model_last_error(m));
    return cx_model_total(m);
}

/* Largest relative difference of totals, components and bins of two models. */
static double worst_diff(const cx_model *a, const cx_model *b)
{
    double w = fabs(cx_model_total(a) / cx_model_total(b) - 1.0);
    for (int c = 0; c < CX_NCOMP; c++)
        w = fmax(w, fabs(cx_model_total_component(a, c) / cx_model_total_component(b, c) - 1.0));
    const double *sa = cx_model_spectrum(a), *sb = cx_model_spectrum(b);
    for (size_t k = 0; k < cx_model_n_bins(a); k++)
        w = fmax(w, fabs(sa[k] - sb[k]) / fmax(fabs(sb[k]), 1e-3 * cx_model_total(b)));
    return w;
}

/* At m_Z' = 1e5 MeV (q <= 110 MeV at the SNS, q^2/m^2 ~ 1e-6) the Z' is the
 * contact vector NSI eps^u = eps^d = g_nu g_q / (2 sqrt2 G_F m^2) of every
 * flavour. */
static void test_contact_limit(const cx_detector *d, const char *id)
{
    for (int model = 0; model < 2; model++) {
        int st;
        cx_model *z = cx_model_alloc(d, CX_ENGINE_FAST, &st);
        cx_model *n = cx_model_alloc(d, CX_ENGINE_FAST, &st);
        if (!z || !n) {
            cx_model_free(z);
            cx_model_free(n);
            return;
        }
        const double g = 0.1, mass = 1e5;
        const double gnq = model == 0 ? g * g : -g * g / 3.0;
        const double eps = gnq / (2.0 * sqrt(2.0) * GF * mass * mass);
        set(z, "zp_mass", mass);
        set(z, "zp_g", g);
        set(z, "zp_model", model);
        set(n, "eps_ee_u", eps);
        set(n, "eps_ee_d", eps);
        set(n, "eps_mumu_u", eps);
        set(n, "eps_mumu_d", eps);
        total_at(z);
        total_at(n);
        double w = worst_diff(z, n);
        double shift = fabs(cx_model_total(n) / cx_model_total_sm(n) - 1.0);
        tap_ok(w < 1e-5 && shift > 0.05,
               "%s %s Z' at 1e5 MeV equals contact NSI eps = %.4f (worst %.1e; the NSI moves "
               "the rate by %.0f %%)",
               id, model == 0 ? "universal" : "b-l", eps, w, 100.0 * shift);
        cx_model_free(z);
        cx_model_free(n);
    }
}

static void test_limits(const cx_detector *d, const char *id)
{
    int st;
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    if (!m)
        return;
    const double sm = total_at(m);
    const size_t nb = cx_model_n_bins(m);
    double *sm_spec = malloc(nb * sizeof *sm_spec);
    memcpy(sm_spec, cx_model_spectrum(m), nb * sizeof *sm_spec);

    /* zero couplings at any mass give the SM, bit for bit */
    set(m, "zp_mass", 0.3);
    set(m, "phi_mass", 7.0);
    set(m, "zp_model", 1);
    tap_ok(total_at(m) == sm && cx_model_total_sm(m) == sm,
           "%s: mediator masses with zero couplings leave the SM rate (%.6f)", id, sm);
    cx_model_reset_param(m, -1);

    /* scalar: the added rate grows as g^4 */
    set(m, "phi_mass", 5.0);
    set(m, "phi_g", 2e-6);
    double s1 = total_at(m) - sm;
    set(m, "phi_g", 4e-6);
    double s2 = total_at(m) - sm;
    tap_ok(s1 > 0 && fabs(s2 / s1 - 16.0) < 1e-8,
           "%s: scalar rate ∝ g^4 (doubling g: x%.10f, want 16)", id, s2 / s1);
    int below = 0;
    for (size_t k = 0; k < nb; k++)
        below += cx_model_spectrum(m)[k] < sm_spec[k];
    tap_ok(below == 0, "%s: the scalar adds events in every bin (%d bins below the SM)", id, below);

    /* scalar and tensor only add: no interference with the vector part */
    cx_model_reset_param(m, -1);
    set(m, "epsT_ee_u", 0.05);
    set(m, "epsT_mumu_d", -0.03);
    double t_only = total_at(m) - sm;
    set(m, "epsT_ee_u", -0.05);
    set(m, "epsT_mumu_d", 0.03);
    double t_flip = total_at(m) - sm;
    set(m, "eps_ee_u", 0.2);
    set(m, "eps_mumu_d", -0.1);
    set(m, "zp_g", 3e-5);
    double with_v = total_at(m);
    set(m, "epsT_ee_u", 0);
    set(m, "epsT_mumu_d", 0);
    double v_only = total_at(m);
    tap_ok(t_only > 0 && fabs(t_flip / t_only - 1.0) < 1e-12 &&
               fabs((with_v - v_only) / t_only - 1.0) < 1e-9,
           "%s: tensor NSI adds %.4f events whatever its sign and the vector couplings "
           "(%.4f with NSI and a Z')",
           id, t_only, with_v - v_only);
    set(m, "phi_g", 3e-6);
    double vs = total_at(m) - v_only;
    set(m, "eps_ee_u", 0);
    set(m, "eps_mumu_d", 0);
    set(m, "zp_g", 0);
    double ss = total_at(m) - sm;
    tap_ok(ss > 0 && fabs(vs / ss - 1.0) < 1e-9,
           "%s: the scalar adds %.4f events with or without vector NSI and a Z' (%.4f)", id, ss,
           vs);
    cx_model_reset_param(m, -1);

    /* millicharge: +q and -q bracket the SM; the half difference is the
     * interference (linear in q), the mean excess the square (quadratic) */
    if (cx_model_get_param(m, cx_model_param_lookup(m, "threshold_kev")) < 1.0)
        set(m, "threshold_kev", 1.0); /* the 1/T^2 term needs a threshold */
    const double sm_t = total_at(m);
    for (int fl = 0; fl < 2; fl++) {
        const char *p = fl == 0 ? "q_nu_e" : "q_nu_mu";
        const double q = 2e-9;
        set(m, p, q);
        double up = total_at(m);
        set(m, p, -q);
        double dn = total_at(m);
        set(m, p, 2.0 * q);
        double up2 = total_at(m);
        set(m, p, -2.0 * q);
        double dn2 = total_at(m);
        set(m, p, 0.0);
        double lin1 = (dn - up) / 2.0, lin2 = (dn2 - up2) / 2.0;
        double quad1 = (up + dn) / 2.0 - sm_t, quad2 = (up2 + dn2) / 2.0 - sm_t;
        tap_ok(up < sm_t && sm_t < dn && fabs(lin2 / lin1 - 2.0) < 1e-6 &&
                   fabs(quad2 / quad1 - 4.0) < 1e-5 && quad1 > 0,
               "%s %s = ±%g: %.4f < SM %.4f < %.4f; interference x%.6f and square x%.6f "
               "for twice the charge (want 2 and 4)",
               id, p, q, up, sm_t, dn, lin2 / lin1, quad2 / quad1);
    }
    free(sm_spec);
    cx_model_free(m);
}

/* The universal Z' interferes destructively: at fixed mass the rate falls to
 * almost nothing where the Z' cancels the Z amplitude, then rises above the
 * SM (the second minimum of the chi-squared); B - L only adds. */
static void test_interference(const cx_detector *d, const char *id)
{
    int st;
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    if (!m)
        return;
    const double sm = total_at(m);
    set(m, "zp_mass", 1000.0);
    double lo = INFINITY, g_lo = 0, hi = 0;
    int bl_below = 0;
    for (int k = 0; k <= 200; k++) {
        double g = 1e-4 * pow(100.0, k / 200.0);
        set(m, "zp_model", 0);
        set(m, "zp_g", g);
        double t = total_at(m);
        if (t < lo) {
            lo = t;
            g_lo = g;
        }
        hi = fmax(hi, t);
        set(m, "zp_model", 1);
        bl_below += total_at(m) < sm;
    }
    /* contact estimate of the cancellation: 3 g^2 / (2 sqrt2 G_F m^2) ~ -(Z g_p + N g_n) / A */
    tap_ok(lo < 0.05 * sm && hi > 2.0 * sm,
           "%s universal Z' (1 GeV): the rate dips to %.2f %% of the SM at g = %.2e, then "
           "rises to x%.1f",
           id, 100.0 * lo / sm, g_lo, hi / sm);
    tap_ok(bl_below == 0, "%s B-L Z' interferes constructively: the rate never drops below the SM",
           id);
    cx_model_free(m);
}

/* A mediator mass is its own cache stage; a coupling change is the quadratic form. */
static void test_stages(const cx_detector *d)
{
    int st;
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    if (!m)
        return;
    struct {
        const char *p;
        double v;
        unsigned want;
    } cases[] = {
        {"zp_g", 1e-5, CX_STAGE_COUPLING},    {"zp_mass", 30.0, CX_STAGE_MEDIATOR},
        {"phi_mass", 3.0, CX_STAGE_MEDIATOR}, {"phi_g", 1e-6, CX_STAGE_COUPLING},
        {"zp_model", 1, CX_STAGE_COUPLING},   {"epsT_ee_d", 0.1, CX_STAGE_COUPLING},
        {"q_nu_mu", 1e-9, CX_STAGE_COUPLING}, {"baseline_spread_m", 1.0, CX_STAGE_FLUX},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        set(m, cases[k].p, cases[k].v);
        unsigned dirty = cx_model_dirty(m);
        cx_model_update(m);
        unsigned got = cx_model_last_recomputed(m);
        tap_ok(dirty == cases[k].want && got == cases[k].want,
               "%s marks and recomputes 0x%x (dirty 0x%x, recomputed 0x%x)", cases[k].p,
               cases[k].want, dirty, got);
    }
    cx_model_free(m);
}

/* A light Z' bends the spectrum at low recoil: the ratio to the SM of the
 * lowest non-empty bin differs from that of the highest, while a heavy one
 * (contact NSI) scales all bins nearly alike. */
static void test_bending(const cx_detector *d, const char *id)
{
    int st;
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    if (!m)
        return;
    double ratio[2][2];
    for (int h = 0; h < 2; h++) {
        set(m, "zp_mass", h ? 3000.0 : 10.0);
        set(m, "zp_g", h ? 1e-3 : 5e-6);
        total_at(m);
        const double *s = cx_model_spectrum(m), *r = cx_model_spectrum_sm(m);
        size_t nb = cx_model_n_bins(m), first = 0, last = nb - 1;
        while (first < nb && !(r[first] > 1e-3 * cx_model_total_sm(m)))
            first++;
        while (last > first && !(r[last] > 1e-3 * cx_model_total_sm(m)))
            last--;
        ratio[h][0] = s[first] / r[first];
        ratio[h][1] = s[last] / r[last];
    }
    tap_ok(fabs(ratio[0][0] - ratio[0][1]) > 5.0 * fabs(ratio[1][0] - ratio[1][1]),
           "%s: a 10 MeV Z' bends the spectrum (low/high bin ratios %.3f, %.3f), a 3 GeV one "
           "hardly (%.3f, %.3f)",
           id, ratio[0][0], ratio[0][1], ratio[1][0], ratio[1][1]);
    cx_model_free(m);
}

/* Baseline spread: 0 changes nothing; a spread much longer than the
 * oscillation length gives the averaged survival 1 - s22/2 and a smooth dm2
 * dependence. */
static void test_spread(const cx_detector *d, const char *id)
{
    int st;
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    if (!m)
        return;
    set(m, "s22_e", 0.2);
    set(m, "s22_mu", 0.2);
    set(m, "dm2", 500.0);
    double t0 = total_at(m);
    set(m, "baseline_spread_m", 1e-9);
    tap_ok(fabs(total_at(m) / t0 - 1.0) < 1e-12,
           "%s: a vanishing baseline spread (1 nm) changes nothing", id);
    set(m, "baseline_spread_m", 5.0);
    double a = total_at(m) / cx_model_total_sm(m);
    set(m, "dm2", 550.0);
    double b = total_at(m) / cx_model_total_sm(m);
    tap_ok(fabs(a - 0.9) < 2e-3 && fabs(b - 0.9) < 2e-3 && fabs(a - b) < 1e-3,
           "%s: 5 m spread at dm2 500 and 550 eV^2: survival %.5f and %.5f (averaged 0.9)", id, a,
           b);
    cx_model_free(m);
}

/* Fast and reference paths agree for the new models on every detector. */
static void test_paths(cx_detector **dets)
{
    static const struct {
        const char *name;
        const char *p[5];
        double v[5];
    } fam[] = {
        {"light Z'", {"zp_mass", "zp_g", "eps_ee_u", NULL}, {0.05, 2e-5, 0.05}},
        {"Z' 30 MeV + sterile", {"zp_mass", "zp_g", "s22_mu", "dm2", NULL}, {30, 4e-5, 0.2, 3}},
        {"B-L Z'", {"zp_mass", "zp_g", "zp_model", NULL}, {200, 1e-4, 1}},
        {"scalar", {"phi_mass", "phi_g", NULL}, {3.0, 5e-6}},
        {"tensor",
         {"epsT_ee_u", "epsT_ee_d", "epsT_mumu_u", "epsT_mumu_d", "s22_e"},
         {0.1, -0.05, 0.02, 0.07, 0.3}},
        {"millicharge + Z'",
         {"q_nu_e", "q_nu_mu", "threshold_kev", "zp_g", "zp_mass"},
         {3e-9, -2e-9, 1.5, 2e-5, 20}},
        {"baseline spread",
         {"s22_e", "s22_mu", "dm2", "baseline_spread_m", NULL},
         {0.3, 0.2, 40.0, 2.0}},
    };
    for (int k = 0; k < NDET; k++) {
        if (!dets[k])
            continue;
        int st;
        cx_model *f = cx_model_alloc(dets[k], CX_ENGINE_FAST, &st);
        cx_model *r = cx_model_alloc(dets[k], CX_ENGINE_REFERENCE, &st);
        for (size_t j = 0; f && r && j < sizeof fam / sizeof fam[0]; j++) {
            cx_model_reset_param(f, -1);
            cx_model_reset_param(r, -1);
            for (int q = 0; q < 5 && fam[j].p[q]; q++) {
                set(f, fam[j].p[q], fam[j].v[q]);
                set(r, fam[j].p[q], fam[j].v[q]);
            }
            int sf = cx_model_update(f), sr = cx_model_update(r);
            double w = worst_diff(f, r);
            const size_t nc = cx_model_n_bins(f) * cx_model_n_time_bins(f);
            const double *ca = cx_model_spectrum_2d(f), *cb = cx_model_spectrum_2d(r);
            for (size_t b = 0; b < nc; b++)
                w = fmax(w, fabs(ca[b] - cb[b]) / fmax(fabs(cb[b]), 1e-3 * cx_model_total(r)));
            tap_ok(sf == CX_OK && sr == CX_OK && w <= 1e-6 && isfinite(w),
                   "%s %s: fast %.9g vs reference %.9g (SM %.6g), worst relative difference "
                   "%.1e",
                   det_ids[k], fam[j].name, cx_model_total(f), cx_model_total(r),
                   cx_model_total_sm(r), w);
        }
        cx_model_free(f);
        cx_model_free(r);
    }
}

/* Conventions: giunti (g_p - delta) with <r^2> equals ve (g_p - 2 delta) with
 * <r^2>/2; rn_all sets every isotope's radius. */
static void test_conventions(const cx_detector *d, const char *id)
{
    int st;
    cx_model *a = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    cx_model *b = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    if (!a || !b) {
        cx_model_free(a);
        cx_model_free(b);
        return;
    }
    set(a, "r2_nu_e", 3e-32);
    set(a, "r2_nu_mu", -2e-32);
    set(a, "r2_convention", 1);
    set(b, "r2_nu_e", 1.5e-32);
    set(b, "r2_nu_mu", -1e-32);
    double ta = total_at(a), tb = total_at(b), sm = cx_model_total_sm(b);
    tap_ok(fabs(ta / tb - 1.0) < 1e-13 && fabs(tb / sm - 1.0) > 1e-3,
           "%s: giunti convention with <r^2> = ve with <r^2>/2 (%.6f, %.6f; SM %.6f)", id, ta, tb,
           sm);
    cx_model_reset_param(a, -1);
    cx_model_reset_param(b, -1);
    set(a, "rn_all", 5.1);
    int n = CX_P_RN_BASE + (int)cx_detector_n_isotopes(d), same = 1;
    for (int k = CX_P_RN_BASE; k < n; k++) {
        cx_model_set_param(b, k, 5.1);
        same &= cx_model_get_param(a, k) == 5.1;
    }
    ta = total_at(a);
    tb = total_at(b);
    tap_ok(same && ta == tb && ta != sm,
           "%s: rn_all = 5.1 fm sets every rn_<isotope> (%.6f events, SM radii %.6f)", id, ta, sm);
    /* skins: a view of the radii, R_n - R_p with R_p of the F_Z form */
    cx_model_reset_param(a, -1);
    int sk = CX_P_RN_BASE + (int)cx_detector_n_isotopes(d), rn = CX_P_RN_BASE;
    const cx_param_info *si = cx_model_param_info(a, sk);
    const char *name = si ? si->name : "?";
    sk = cx_model_param_lookup(a, name);
    double s0 = cx_model_get_param(a, sk), r0 = cx_model_get_param(a, rn);
    int st1 = cx_model_set_param(a, sk, s0 + 0.25);
    double r1 = cx_model_get_param(a, rn);
    cx_model_set_param(a, rn, r0 + 0.5);
    double s2 = cx_model_get_param(a, sk);
    tap_ok(sk >= 0 && st1 == CX_OK && fabs(r1 - r0 - 0.25) < 1e-12 && fabs(s2 - s0 - 0.5) < 1e-12,
           "%s: %s = %.4f fm moves rn by the same step (%.4f -> %.4f) and follows rn (%.4f)", id,
           name, s0, r0, r1, s2);
    cx_model_reset_param(a, cx_model_param_lookup(a, "rn_all"));
    total_at(a);
    tap_ok(cx_model_total(a) == cx_model_total_sm(a), "%s: resetting rn_all restores the radii",
           id);
    cx_model_free(a);
    cx_model_free(b);
}

int main(void)
{
    gsl_set_error_handler_off();
    cx_detector *dets[NDET];
    for (int k = 0; k < NDET; k++)
        dets[k] = test_load_detector(det_ids[k]);
    for (int k = 0; k < NDET; k++) {
        if (!dets[k])
            continue;
        test_contact_limit(dets[k], det_ids[k]);
        test_limits(dets[k], det_ids[k]);
        test_conventions(dets[k], det_ids[k]);
    }
    if (dets[0]) {
        test_interference(dets[0], det_ids[0]);
        test_stages(dets[0]);
        test_bending(dets[0], det_ids[0]);
        test_spread(dets[0], det_ids[0]);
    }
    if (dets[4])
        test_interference(dets[4], det_ids[4]);
    test_paths(dets);
    for (int k = 0; k < NDET; k++)
        cx_detector_free(dets[k]);
    return tap_done();
}
