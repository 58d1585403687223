/* test_engine.c - the rate engine against doc/physics.md section 8, the
 * reference path, physical invariants and its error codes.
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

static const char *det_ids[] = {"csi2017", "csi", "ge", "nai", "lar", "csi2021", "lar2020"};
#define NDET 7
#define NDET_V1 5 /* the detectors with the reference totals of test_totals */

static cx_detector *load(const char *id)
{
    return test_load_detector(id);
}

static cx_model *model(const cx_detector *d, cx_engine e)
{
    int st;
    cx_model *m = cx_model_alloc(d, e, &st);
    if (!m)
        tap_diag("cx_model_alloc: %s", cx_strerror(st));
    return m;
}

static void set(cx_model *m, const char *name, double v)
{
    int id = cx_model_param_lookup(m, name);
    if (id < 0 || cx_model_set_param(m, id, v) != CX_OK)
        tap_diag("cannot set %s = %g", name, v);
}

/* doc/physics.md section 8: csi2017 under coherent-2017. */
static void test_csi2017_reference_numbers(cx_detector *d, cx_engine e)
{
    const char *tag = e == CX_ENGINE_FAST ? "fast" : "reference";
    cx_model *m = model(d, e);
    if (!m)
        return;
    char what[128];
    snprintf(what, sizeof what, "%s csi2017 total (doc/physics.md section 8: 178.04)", tag);
    tap_rel(cx_model_total(m), 178.04, 1e-3, what);
    snprintf(what, sizeof what, "%s csi2017 prompt nu_mu (27.68)", tag);
    tap_rel(cx_model_total_component(m, CX_NUMU), 27.68, 1e-3, what);
    snprintf(what, sizeof what, "%s csi2017 nu_e (58.98)", tag);
    tap_rel(cx_model_total_component(m, CX_NUE), 58.98, 1e-3, what);
    snprintf(what, sizeof what, "%s csi2017 anti-nu_mu (91.38)", tag);
    tap_rel(cx_model_total_component(m, CX_NUMUBAR), 91.38, 1e-3, what);
    snprintf(what, sizeof what, "%s csi2017 Cs133 (89.89)", tag);
    tap_rel(cx_model_total_isotope(m, 0), 89.89, 1e-3, what);
    snprintf(what, sizeof what, "%s csi2017 I127 (88.15)", tag);
    tap_rel(cx_model_total_isotope(m, 1), 88.15, 1e-3, what);

    /* 2-PE spectrum, doc/physics.md section 8, given to 3 decimals: compare to
     * 0.1 % or to the rounding (5e-4) where that is larger. */
    static const double spec[25] = {0,      0,      1.641,  10.817, 18.378, 25.258, 26.975,
                                    23.148, 17.213, 13.375, 10.507, 8.128,  6.213,  4.694,
                                    3.501,  2.575,  1.862,  1.320,  0.914,  0.614,  0.398,
                                    0.246,  0.142,  0.075,  0.034};
    tap_ok(cx_model_n_bins(m) == 25, "%s csi2017 has 25 2-PE bins", tag);
    int bad = 0;
    const double *s = cx_model_spectrum(m);
    for (size_t b = 0; b < 25 && b < cx_model_n_bins(m); b++) {
        double tol = fmax(1e-3 * spec[b], 5e-4);
        if (!(fabs(s[b] - spec[b]) <= tol)) {
            tap_diag("bin %zu: got %.5f want %.3f", b, s[b], spec[b]);
            bad++;
        }
    }
    tap_ok(bad == 0, "%s csi2017 2-PE spectrum matches doc/physics.md section 8 in all 25 bins",
           tag);

    set(m, "sin2w", 0.23865);
    cx_model_update(m);
    snprintf(what, sizeof what, "%s csi2017 with sin2w 0.23865 (186.10)", tag);
    tap_rel(cx_model_total(m), 186.10, 1e-3, what);
    cx_model_free(m);
}

/* doc/physics.md section 8: "Without acceptance (all T > 0): 1100.35". */
static void test_no_acceptance(void)
{
    static const char text[] = "cevnsx-detector 1\n"
                               "[detector]\nid = csi-noacc\nname = csi2017 without acceptance\n"
                               "mass = 14.57 kg\nbaseline = 19.3 m\nthreshold = 0 keVnr\n"
                               "preset = coherent-2017\nstat = single-bin\n"
                               "[target]\nisotope = Cs133 55 133 132.905451961 1\n"
                               "isotope = I127 53 127 126.904471 1\n"
                               "[response]\nkind = step\n"
                               "[binning]\nunit = keVnr\nrange = 0 50 2\n";
    int st;
    char err[256];
    cx_detector *d = cx_detector_parse(text, sizeof text - 1, "noacc", &st, err, sizeof err);
    if (!tap_ok(d != NULL, "in-memory detector without acceptance parses (%s)", d ? "" : err))
        return;
    for (int e = 0; e < 2; e++) {
        cx_model *m = model(d, (cx_engine)e);
        if (!m)
            continue;
        tap_rel(cx_model_total(m), 1100.35, 1e-3,
                e ? "reference total without acceptance (1100.35)"
                  : "fast total without acceptance (1100.35)");
        cx_model_free(m);
    }
    cx_detector_free(d);
}

/* doc/physics.md section 8 totals of the next-generation detectors. */
static void test_totals(cx_detector **dets)
{
    static const double fut[NDET_V1] = {0, 439.12, 214.14, 6579.25, 4650.75};
    static const double smh[NDET_V1] = {0, 534.30, 229.87, 8940.59, 5026.99};
    for (int k = 1; k < NDET_V1; k++) {
        if (!dets[k])
            continue;
        cx_model *m = model(dets[k], CX_ENGINE_FAST);
        if (!m)
            continue;
        char what[128];
        tap_ok(strcmp(cx_model_preset(m), "future-coherent") == 0, "%s defaults to future-coherent",
               det_ids[k]);
        snprintf(what, sizeof what, "%s future-coherent total (%.2f)", det_ids[k], fut[k]);
        tap_rel(cx_model_total(m), fut[k], 1e-3, what);
        cx_model_apply_preset(m, "sm-helm");
        cx_model_update(m);
        snprintf(what, sizeof what, "%s sm-helm total (%.2f)", det_ids[k], smh[k]);
        tap_rel(cx_model_total(m), smh[k], 1e-3, what);
        cx_model_free(m);
    }
}

/* A model family: a few parameter settings applied on top of the default. */
typedef struct {
    const char *name;
    const char *p[4];
    double v[4];
} family;

static const family families[] = {
    {"SM", {NULL}, {0}},
    {"NSI", {"eps_ee_u", "eps_mumu_d", "eps_emu_u", "eps_etau_d"}, {0.12, -0.07, 0.05, 0.09}},
    {"NSI-2", {"eps_ee_d", "eps_mumu_u", "eps_mutau_u", "eps_mutau_d"}, {0.3, 0.2, -0.1, 0.04}},
    {"magnetic", {"mu_nu_e", "mu_nu_mu", NULL}, {3e-9, 1e-9}},
    {"charge radius", {"r2_nu_e", "r2_nu_mu", NULL}, {2e-32, -1.5e-32}},
    {"sterile e", {"s22_e", "dm2", NULL}, {0.3, 2.0}},
    {"sterile mu", {"s22_mu", "dm2", NULL}, {0.25, 7.0}},
    {"sterile fast", {"s22_mu", "s22_e", "dm2", NULL}, {0.5, 0.2, 300.0}},
    {"form factors", {"ff_z", "ff_n", NULL}, {CX_FF_KN, CX_FF_SFERMI}},
    {"kinematics", {"kin_te", "gc", "threshold_kev", NULL}, {1, 1, 7.5}},
    {"exposure", {"mass_kg", "baseline_m", "eff", "pot"}, {20.0, 25.0, 0.8, 2e23}},
};
#define NFAM (sizeof families / sizeof families[0])

static void apply(cx_model *m, const family *f)
{
    for (int k = 0; k < 4 && f->p[k]; k++)
        set(m, f->p[k], f->v[k]);
}

/* Fast and reference paths agree to 1e-6 for every family on every detector. */
static void test_paths_agree(cx_detector **dets)
{
    for (int k = 0; k < NDET; k++) {
        if (!dets[k])
            continue;
        cx_model *f = model(dets[k], CX_ENGINE_FAST), *r = model(dets[k], CX_ENGINE_REFERENCE);
        if (!f || !r) {
            cx_model_free(f);
            cx_model_free(r);
            continue;
        }
        for (size_t j = 0; j < NFAM; j++) {
            cx_model_reset_param(f, -1);
            cx_model_reset_param(r, -1);
            apply(f, &families[j]);
            apply(r, &families[j]);
            int sf = cx_model_update(f), sr = cx_model_update(r);
            double tf = cx_model_total(f), tr = cx_model_total(r), worst = fabs(tf / tr - 1.0);
            for (int c = 0; c < CX_NCOMP; c++) {
                double a = cx_model_total_component(f, c), b = cx_model_total_component(r, c);
                worst = fmax(worst, fabs(a - b) / fabs(b));
            }
            const double *sa = cx_model_spectrum(f), *sb = cx_model_spectrum(r);
            for (size_t b = 0; b < cx_model_n_bins(f); b++)
                worst = fmax(worst, fabs(sa[b] - sb[b]) / fmax(fabs(sb[b]), 1e-3 * tr));
            /* energy x time cells and the time projection */
            const size_t nc = cx_model_n_bins(f) * cx_model_n_time_bins(f);
            const double *ca = cx_model_spectrum_2d(f), *cb = cx_model_spectrum_2d(r);
            for (size_t b = 0; b < nc; b++)
                worst = fmax(worst, fabs(ca[b] - cb[b]) / fmax(fabs(cb[b]), 1e-3 * tr));
            const double *ta = cx_model_time_spectrum(f), *tb = cx_model_time_spectrum(r);
            for (size_t b = 0; b < cx_model_n_time_bins(f); b++)
                worst = fmax(worst, fabs(ta[b] - tb[b]) / fmax(fabs(tb[b]), 1e-3 * tr));
            tap_ok(sf == CX_OK && sr == CX_OK && worst <= 1e-6 && isfinite(worst),
                   "%s %s: fast %.9g vs reference %.9g, worst relative difference %.1e "
                   "(totals, components, bins, energy x time cells)",
                   det_ids[k], families[j].name, tf, tr, worst);
        }
        cx_model_free(f);
        cx_model_free(r);
    }
}

static double total_with(cx_model *m, const char *name, double v)
{
    set(m, name, v);
    cx_model_update(m);
    return cx_model_total(m);
}

static void test_invariants(cx_detector *d)
{
    cx_model *m = model(d, CX_ENGINE_FAST);
    if (!m)
        return;
    double n0 = cx_model_total(m);
    double m0 = cx_model_get_param(m, CX_P_MASS_KG), l0 = cx_model_get_param(m, CX_P_BASELINE_M);
    tap_rel(total_with(m, "mass_kg", 3.0 * m0), 3.0 * n0, 1e-12, "rate is proportional to mass");
    cx_model_reset_param(m, -1);
    tap_rel(total_with(m, "baseline_m", 2.0 * l0), n0 / 4.0, 1e-12, "rate falls as 1/L^2");
    cx_model_reset_param(m, -1);
    tap_abs(total_with(m, "eff", 0.0), 0.0, 0.0, "zero efficiency gives zero events");
    cx_model_reset_param(m, -1);
    const double pot0 = cx_model_get_param(m, CX_P_POT);
    tap_rel(total_with(m, "pot", 2.0 * pot0), 2.0 * n0, 1e-12, "rate is proportional to POT");
    cx_model_reset_param(m, -1);
    set(m, "dm2", 37.0);
    tap_rel(total_with(m, "s22_mu", 0.0), n0, 1e-13, "s22 = 0 gives the SM whatever dm2");
    double s1 = total_with(m, "s22_mu", 0.4);
    tap_ok(s1 < n0, "sterile disappearance lowers the rate (%.4f < %.4f)", s1, n0);
    cx_model_reset_param(m, -1);
    cx_model_update(m);
    double ref[64];
    size_t nb = cx_model_n_bins(m);
    memcpy(ref, cx_model_spectrum(m), nb * sizeof(double));
    set(m, "mu_nu_e", 5e-9);
    set(m, "mu_nu_mu", 5e-9);
    cx_model_update(m);
    int adds = cx_model_total(m) > n0;
    for (size_t b = 0; b < nb; b++)
        adds = adds && cx_model_spectrum(m)[b] >= ref[b];
    tap_ok(adds, "a magnetic moment only adds events, in every bin (%.4f > %.4f)",
           cx_model_total(m), n0);
    cx_model_reset_param(m, -1);
    /* N(eps) is quadratic: the 4th point follows from three */
    double y[4], x[4] = {-0.3, 0.1, 0.5, 0.9};
    for (int k = 0; k < 4; k++)
        y[k] = total_with(m, "eps_ee_u", x[k]);
    double pred = y[2] + (y[2] - y[1]) + ((y[2] - y[1]) - (y[1] - y[0]));
    tap_rel(y[3], pred, 1e-10, "the eps_ee_u rate is a parabola (4th point from 3)");
    tap_ok((y[2] - y[1]) - (y[1] - y[0]) > 0, "the eps_ee_u parabola opens upwards");
    cx_model_reset_param(m, -1);
    /* the charge radius shifts sin2w by 0.02380 per 1e-32 cm^2 (nu_e and nu_mu alike) */
    set(m, "r2_nu_e", 1e-32);
    set(m, "r2_nu_mu", 1e-32);
    cx_model_update(m);
    double nr = cx_model_total(m);
    cx_model_reset_param(m, -1);
    double ns = total_with(m, "sin2w", cx_model_get_param(m, CX_P_SIN2W) + 0.02380);
    tap_rel(nr, ns, 2e-4,
            "1e-32 cm^2 charge radius = +0.02380 in sin2w (doc/physics.md section 4)");
    cx_model_reset_param(m, -1);
    /* a threshold above the largest recoil leaves no events, finite */
    tap_abs(total_with(m, "threshold_kev", 400.0), 0.0, 0.0, "threshold above T_max: no events");
    cx_model_free(m);
}

/* Incremental updates agree with models built from scratch (fixed PRNG walk). */
static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static void test_incremental(cx_detector **dets)
{
    static const char *walk[] = {"sin2w",       "eps_ee_u",
                                 "eps_emu_d",   "mu_nu_mu",
                                 "r2_nu_e",     "s22_e",
                                 "s22_mu",      "dm2",
                                 "ff_n",        "threshold_kev",
                                 "mass_kg",     "baseline_m",
                                 "kin_te",      "eff",
                                 "rn_I127",     "rn_Ge72",
                                 "rn_Ar40",     "rn_Na23",
                                 "sigma_alpha", "zp_mass",
                                 "zp_g",        "phi_mass",
                                 "phi_g",       "epsT_ee_u",
                                 "zp_model",    "baseline_spread_m"};
    for (int k = 0; k < NDET; k++) {
        if (!dets[k])
            continue;
        cx_model *m = model(dets[k], CX_ENGINE_FAST);
        if (!m)
            continue;
        double worst = 0.0;
        int steps = 0, fails = 0;
        for (int s = 0; s < 80; s++) {
            const char *name = walk[(size_t)(urand() * (sizeof walk / sizeof walk[0]))];
            int id = cx_model_param_lookup(m, name);
            if (id < 0)
                continue;
            const cx_param_info *in = cx_model_param_info(m, id);
            double lo = in->scan_lo, hi = in->scan_hi, v;
            if (in->scale == CX_SCALE_ENUM)
                v = floor(urand() * (in->max + 1));
            else if (in->scale == CX_SCALE_LOG && lo > 0)
                v = lo * pow(hi / lo, urand());
            else
                v = lo + (hi - lo) * urand();
            if (cx_model_set_param(m, id, v) != CX_OK || cx_model_update(m) != CX_OK) {
                fails++;
                continue;
            }
            int st;
            cx_model *f = cx_model_clone(m, &st);
            if (!f) {
                fails++;
                continue;
            }
            steps++;
            worst = fmax(worst, fabs(cx_model_total(m) - cx_model_total(f)) /
                                    fmax(cx_model_total(f), 1e-300));
            for (size_t b = 0; b < cx_model_n_bins(m); b++) {
                double a = cx_model_spectrum(m)[b], c = cx_model_spectrum(f)[b];
                if (a != c)
                    worst = fmax(worst, fabs(a - c) / fmax(fabs(c), 1e-300));
            }
            for (size_t b = 0; b < cx_model_n_bins(m) * cx_model_n_time_bins(m); b++) {
                double a = cx_model_spectrum_2d(m)[b], c = cx_model_spectrum_2d(f)[b];
                if (a != c)
                    worst = fmax(worst, fabs(a - c) / fmax(fabs(c), 1e-300));
            }
            cx_model_free(f);
        }
        tap_ok(fails == 0 && steps > 40 && worst <= 1e-12,
               "%s: %d random incremental steps equal a fresh model (worst %.1e, %d failures)",
               det_ids[k], steps, worst, fails);
        cx_model_free(m);
    }
}

/* Which stages a change recomputes. */
static void test_stages(cx_detector *d)
{
    cx_model *m = model(d, CX_ENGINE_FAST);
    if (!m)
        return;
    struct {
        const char *p;
        double v;
        unsigned want, redo; /* marked dirty; recomputed */
    } cases[] = {
        {"sin2w", 0.24, CX_STAGE_COUPLING, CX_STAGE_COUPLING},
        {"eps_ee_u", 0.1, CX_STAGE_COUPLING, CX_STAGE_COUPLING},
        {"s22_e", 0.2, CX_STAGE_COUPLING, CX_STAGE_COUPLING},
        {"mass_kg", 10, CX_STAGE_EXPOSURE, CX_STAGE_EXPOSURE},
        {"dm2", 3, CX_STAGE_FLUX, CX_STAGE_FLUX},
        {"rn_Cs133", 5.0, CX_STAGE_FORMFACTOR, CX_STAGE_FORMFACTOR},
        {"threshold_kev", 4, CX_STAGE_DETECTOR,
         CX_STAGE_DETECTOR | CX_STAGE_FLUX | CX_STAGE_FORMFACTOR},
        {"sigma_alpha", 0.1, CX_STAGE_STATS, CX_STAGE_STATS},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        set(m, cases[k].p, cases[k].v);
        unsigned dirty = cx_model_dirty(m);
        cx_model_update(m);
        unsigned got = cx_model_last_recomputed(m);
        tap_ok(dirty == cases[k].want && got == cases[k].redo,
               "%s marks 0x%x and recomputes 0x%x (got dirty 0x%x, recomputed 0x%x)", cases[k].p,
               cases[k].want, cases[k].redo, dirty, got);
    }
    cx_model_update(m);
    tap_ok(cx_model_dirty(m) == 0, "nothing dirty after update");
    set(m, "sin2w", cx_model_get_param(m, CX_P_SIN2W));
    tap_ok(cx_model_dirty(m) == 0, "setting the same value marks nothing");
    cx_model_free(m);
}

static void test_errors(cx_detector *d)
{
    cx_model *m = model(d, CX_ENGINE_FAST);
    if (!m)
        return;
    double before = cx_model_get_param(m, CX_P_SIN2W);
    tap_ok(cx_model_set_param(m, CX_P_SIN2W, NAN) == CX_EINVAL, "NaN is rejected");
    tap_ok(cx_model_set_param(m, CX_P_SIN2W, INFINITY) == CX_EINVAL, "infinity is rejected");
    tap_ok(cx_model_set_param(m, CX_P_SIN2W, 1.5) == CX_ERANGE, "sin2w 1.5 is out of range");
    tap_ok(cx_model_set_param(m, CX_P_MASS_KG, -1) == CX_ERANGE, "negative mass is out of range");
    tap_ok(cx_model_set_param(m, CX_P_FF_Z, 1.5) == CX_EINVAL, "a fractional enum is rejected");
    tap_ok(cx_model_get_param(m, CX_P_SIN2W) == before, "a rejected value changes nothing");
    tap_ok(cx_model_set_param(m, 9999, 1.0) == CX_EINVAL, "an unknown id is rejected");
    tap_ok(cx_model_param_lookup(m, "sin2") < 0, "an unknown name is not found");
    tap_ok(cx_model_param_lookup(m, "rn_Cs133") == CX_P_RN_BASE, "rn_Cs133 is found");
    tap_ok(cx_model_apply_preset(m, "no-such") == CX_ENOTFOUND, "an unknown preset is rejected");
    double ev;
    tap_ok(cx_model_events_between(m, 6.0, 30.0, &ev) == CX_OK && ev > 0,
           "events between 6 and 30 PE (%.3f)", ev);
    tap_ok(cx_model_events_between(m, 7.0, 30.0, &ev) == CX_EINVAL, "7 PE is not a bin edge");
    double v;
    const cx_param_info *in = cx_param_info_get(CX_P_SIN2W);
    tap_ok(cx_param_parse_value(in, "0.24", &v) == CX_OK && v == 0.24, "parse 0.24");
    tap_ok(cx_param_parse_value(in, "nan", &v) == CX_EINVAL, "parse nan is rejected");
    tap_ok(cx_param_parse_value(in, "0.2x", &v) == CX_EINVAL, "parse trailing junk is rejected");
    tap_ok(cx_param_parse_value(in, "2", &v) == CX_ERANGE, "parse out of range");
    tap_ok(cx_param_parse_value(in, "0x1p-2", &v) == CX_EINVAL, "parse rejects hexadecimal");
    tap_ok(cx_param_parse_value(in, "inf", &v) == CX_EINVAL, "parse rejects inf");
    tap_ok(cx_param_parse_value(cx_param_info_get(CX_P_MASS_KG), "1e400", &v) == CX_ERANGE,
           "parse: an overflowing number is out of range");
    tap_ok(cx_param_parse_value(cx_param_info_get(CX_P_FF_N), "sfermi", &v) == CX_OK &&
               v == CX_FF_SFERMI,
           "parse an enum label");
    tap_ok(strcmp(cx_strerror(CX_ERANGE), "value out of range") == 0, "cx_strerror");
    int st = 0;
    tap_ok(cx_model_alloc(NULL, CX_ENGINE_FAST, &st) == NULL && st == CX_EINVAL,
           "alloc without a detector fails with CX_EINVAL");
    cx_model_free(NULL);
    cx_model_free(m);
}

/* Extreme but legal parameters give finite, non-negative rates (issue 5). */
static void test_extremes(cx_detector **dets)
{
    for (int k = 0; k < NDET; k++) {
        if (!dets[k])
            continue;
        cx_model *m = model(dets[k], CX_ENGINE_FAST);
        if (!m)
            continue;
        int ok = 1;
        const struct {
            const char *p;
            double v;
        } ext[] = {{"eps_ee_u", 5}, {"eps_mumu_d", -5}, {"mu_nu", 1e-6}, {"dm2", 1e-3},
                   {"s22_mu", 1},   {"dm2", 1e3},       {"s22_e", 1},    {"r2_nu_e", -1e-29}};
        for (size_t j = 0; j < sizeof ext / sizeof ext[0]; j++) {
            set(m, ext[j].p, ext[j].v);
            ok = ok && cx_model_update(m) == CX_OK && isfinite(cx_model_total(m)) &&
                 cx_model_total(m) >= 0.0;
            for (size_t b = 0; b < cx_model_n_bins(m); b++)
                ok = ok && isfinite(cx_model_spectrum(m)[b]) && cx_model_spectrum(m)[b] >= 0.0;
        }
        for (size_t i = 0; i < cx_detector_n_isotopes(dets[k]); i++)
            for (double r = 3.0; r <= 7.0; r += 1.0) {
                cx_model_set_param(m, CX_P_RN_BASE + (int)i, r);
                ok = ok && cx_model_update(m) == CX_OK && isfinite(cx_model_total(m)) &&
                     cx_model_total(m) >= 0.0;
            }
        tap_ok(ok, "%s: extreme legal parameters give finite non-negative rates (last %.4g)",
               det_ids[k], cx_model_total(m));
        cx_model_free(m);
    }
}

/* Change tracking: the generation grows with every change of a value, and
 * only then; each parameter remembers the generation of its last change. */
static void test_generation(const cx_detector *d)
{
    cx_model *m = model(d, CX_ENGINE_FAST);
    tap_ok(m != NULL, "generation: model");
    if (!m)
        return;
    int sw = cx_model_param_lookup(m, "sin2w"), eu = cx_model_param_lookup(m, "eps_ee_u");
    unsigned long g0 = cx_model_generation(m);
    cx_model_set_param(m, sw, cx_model_get_param(m, sw));
    tap_ok(cx_model_generation(m) == g0, "setting the same value changes nothing (%lu)", g0);
    cx_model_set_param(m, sw, 0.25);
    unsigned long g1 = cx_model_generation(m);
    tap_ok(
        g1 > g0 && cx_model_param_generation(m, sw) == g1 && cx_model_param_generation(m, eu) <= g0,
        "a new value: the generation grows, sin2w carries it, eps_ee_u does not (%lu %lu)", g0, g1);
    cx_model_update(m);
    tap_ok(cx_model_generation(m) == g1, "an update is no change");
    cx_model_set_param(m, cx_model_param_lookup(m, "sin2w"), 0.3);
    cx_model_set_param(m, sw, 0.25);
    tap_ok(cx_model_generation(m) > g1, "changing back is two changes, not none");
    unsigned long g2 = cx_model_generation(m);
    cx_model_reset_param(m, -1);
    tap_ok(cx_model_generation(m) > g2 && cx_model_param_generation(m, sw) > g2 &&
               cx_model_param_generation(m, eu) <= g0,
           "reset changes the changed parameters only");
    tap_ok(cx_model_param_generation(m, -1) == 0 && cx_model_param_generation(m, 100000) == 0,
           "unknown ids: 0");
    cx_model_free(m);
}

int main(void)
{
    gsl_set_error_handler_off();
    cx_detector *dets[NDET];
    for (int k = 0; k < NDET; k++)
        dets[k] = load(det_ids[k]);
    for (int k = 0; k < NDET; k++)
        tap_ok(dets[k] != NULL, "detector %s loads", det_ids[k]);
    if (dets[0]) {
        test_csi2017_reference_numbers(dets[0], CX_ENGINE_FAST);
        test_csi2017_reference_numbers(dets[0], CX_ENGINE_REFERENCE);
        test_invariants(dets[0]);
        test_stages(dets[0]);
        test_errors(dets[0]);
        test_generation(dets[0]);
    }
    if (dets[3])
        test_invariants(dets[3]);
    if (dets[5])
        test_invariants(dets[5]);
    if (dets[6])
        test_invariants(dets[6]);
    test_no_acceptance();
    test_totals(dets);
    test_paths_agree(dets);
    test_incremental(dets);
    test_extremes(dets);
    for (int k = 0; k < NDET; k++)
        cx_detector_free(dets[k]);
    return tap_done();
}
