/* test_fc.c - Feldman-Cousins toys for the counting statistics: the closed
 * form minimum against brute force, the counting form against the chi2
 * models, the Wilks limit (chi2 with one degree of freedom, 2.71 at 90 %),
 * the half-chi2 limit at a physical boundary (Chernoff: 1.64 at 90 %),
 * reproducibility per grid point and the quantile, interval edges.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cevnsx.h"
#include "cevnsx/cx_fc.h"
#include "tap.h"
#include "test_detector_load.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* min over a dense grid of N in [lo, hi] of the form's chi2, plus the ends */
static double brute_min(const cx_chi2_count *f, double lo, double hi)
{
    double m = fmin(cx_fc_chi2(f, lo), cx_fc_chi2(f, hi));
    for (int i = 0; i <= 200000; i++)
        m = fmin(m, cx_fc_chi2(f, lo + (hi - lo) * i / 200000.0));
    return m;
}

static void test_closed_form(void)
{
    /* forms with the unconstrained minimum inside, left and right of the
     * range, and large pull widths (the second stationary point matters) */
    static const cx_chi2_count forms[] = {{142, 120, 6, 2 * 405 + 6, 0.28, 0.25},
                                          {142, 300, 6, 816, 0.28, 0.25},
                                          {142, 50, 6, 816, 0.28, 0.25},
                                          {500, 400, 50, 0, 0.9, 0.1},
                                          {20, 10, 2, 0, 0, 0},
                                          {3, 40, 10, 5, 2.0, 1.0}};
    static const double ranges[][2] = {{50, 200}, {150, 400}, {10, 100},
                                       {0, 2000}, {0, 100},   {1, 100}};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        double lo = ranges[i][0], hi = ranges[i][1];
        double want = cx_fc_chi2(&forms[i], forms[i].n_th) - brute_min(&forms[i], lo, hi);
        double got = cx_fc_dchi2(&forms[i], lo, hi);
        tap_ok(got >= 0 && fabs(got - want) <= 1e-6 * (1 + want),
               "form %zu: closed-form Delta chi2 %.9g = brute force %.9g", i, got, want);
    }
}

static void test_counting(void)
{
    static const char *const ids[] = {"csi2017", "ge"};
    static const char *const stats[] = {"single-bin", "forecast"};
    for (size_t i = 0; i < 2; i++) {
        cx_detector *d = test_load_detector(ids[i]);
        cx_model *m;
        cx_chi2 *c;
        cx_chi2_count f;
        int st;
        char err[256];
        if (!d) {
            tap_ok(0, "load %s", ids[i]);
            continue;
        }
        m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
        cx_chi2_apply_scenario(m, 3);
        cx_model_update(m);
        c = cx_chi2_alloc_name(stats[i], m, NULL, &st, err, sizeof err);
        if (!c) {
            tap_ok(0, "%s %s: %s", ids[i], stats[i], err);
            cx_model_free(m);
            cx_detector_free(d);
            continue;
        }
        /* away from the Standard Model, so that chi2 is not 0 */
        cx_model_set_param(m, cx_model_param_lookup(m, "sin2w"), 0.29);
        cx_model_update(m);
        {
            double want, got;
            cx_chi2_eval(c, m, &want);
            tap_ok(cx_chi2_counting(c, m, &f) == CX_OK, "%s: %s has a counting form", ids[i],
                   stats[i]);
            got = cx_fc_chi2(&f, f.n_th);
            tap_ok(want > 0.1 && fabs(got - want) <= 1e-12 * want,
                   "%s %s: counting form chi2 %.15g = model chi2 %.15g", ids[i], stats[i], got,
                   want);
        }
        cx_chi2_free(c);
        c = cx_chi2_alloc_name("spectral", m, NULL, &st, err, sizeof err);
        if (c) {
            tap_ok(cx_chi2_counting(c, m, &f) == CX_EINVAL, "spectral has no counting form");
            cx_chi2_free(c);
        }
        cx_model_free(m);
        cx_detector_free(d);
    }
}

static void test_limits(void)
{
    int st;
    cx_fc *fc = cx_fc_alloc(20000, &st);
    double crit, crit2;
    double *sorted = malloc(20000 * sizeof *sorted);
    /* Far from any boundary, a linear Gaussian problem: the toys' Delta chi2
     * is chi2 with one degree of freedom, 90 % quantile 2.706 (PDG
     * statistics review, Table 40.2). MC error of the quantile with 20000
     * toys: sqrt(0.9 0.1 / 20000) / f(2.706) = 0.034; tolerance 0.15. */
    cx_chi2_count f = {10000, 9000, 1000, 0, 0, 0};
    tap_ok(fc != NULL && sorted != NULL, "allocates 20000 toys");
    if (!fc || !sorted) {
        free(sorted);
        return;
    }
    tap_ok(cx_fc_point(fc, &f, 0, 1e5, 0.90, 20000, 1, 0, &crit) == CX_OK, "Wilks-limit point");
    tap_abs(crit, 2.706, 0.15, "no boundary: 90% critical value = chi2_1 quantile");
    /* the quantile is the ceil(0.9 n)-th smallest toy */
    memcpy(sorted, cx_fc_toys(fc), 20000 * sizeof *sorted);
    qsort(sorted, 20000, sizeof *sorted, cmp_double);
    tap_ok(crit == sorted[17999], "critical value = 18000th smallest of 20000 toys");
    /* with the pulls (30 % and 10 %) the construction still gives chi2_1 */
    f.sigma_a = 0.3;
    f.sigma_b = 0.1;
    cx_fc_point(fc, &f, 0, 1e5, 0.90, 20000, 2, 0, &crit);
    tap_abs(crit, 2.706, 0.15, "with pulls: 90% critical value = chi2_1 quantile");
    /* At a physical boundary (the point's N is the smallest the parameter
     * space reaches, as at mu_nu = 0): half the toys fluctuate below and fit
     * the boundary, Delta chi2 = 0; the distribution is 1/2 delta + 1/2
     * chi2_1, its 90 % quantile the chi2_1 quantile at 80 %, 1.642
     * (Chernoff 1954; Feldman & Cousins 1998 Table X: 1.64). */
    f.sigma_a = f.sigma_b = 0;
    cx_fc_point(fc, &f, 9000, 1e5, 0.90, 20000, 3, 0, &crit);
    tap_abs(crit, 1.642, 0.1, "at the boundary: 90% critical value 1.64");
    /* reproducible per grid point, independent of what ran before */
    cx_fc_point(fc, &f, 0, 1e5, 0.90, 1000, 7, 12, &crit);
    cx_fc_point(fc, &f, 0, 1e5, 0.90, 1000, 7, 13, &crit2);
    cx_fc_point(fc, &f, 0, 1e5, 0.90, 1000, 7, 12, &crit2);
    tap_ok(crit == crit2, "same seed and index: same critical value (%.17g)", crit);
    cx_fc_point(fc, &f, 0, 1e5, 0.90, 1000, 7, 13, &crit2);
    tap_ok(crit != crit2, "another index: other toys (%.6g vs %.6g)", crit, crit2);
    cx_fc_point(fc, &f, 0, 1e5, 0.90, 1000, 8, 12, &crit2);
    tap_ok(crit != crit2, "another seed: other toys (%.6g vs %.6g)", crit, crit2);
    tap_ok(cx_fc_seed(1, 0) != cx_fc_seed(0, 1) && cx_fc_seed(0, 0) != 0,
           "seeds of (seed, index) pairs differ");
    tap_ok(cx_fc_point(fc, &f, 0, 1e5, 1.0, 1000, 7, 12, &crit) == CX_EINVAL &&
               cx_fc_point(fc, &f, 0, 1e5, 0.9, 20001, 7, 12, &crit) == CX_EINVAL,
           "CL 1 and more toys than allocated refused");
    free(sorted);
    cx_fc_free(fc);
}

static void test_intervals(void)
{
    double x[41], d[41], c[41];
    cx_interval iv[4];
    size_t n;
    for (int i = 0; i < 41; i++) {
        x[i] = -2.0 + 0.1 * i;
        d[i] = (x[i] - 0.05) * (x[i] - 0.05);
        c[i] = 1.0;
    }
    /* d - c = 0 at -0.95 and 1.05; linear interpolation between grid nodes
     * -1.0/-0.9 and 1.0/1.1 gives -0.95 + 0.0025 / 0.19 ... exactly: */
    n = cx_fc_intervals(41, x, 0, d, c, iv, 4);
    {
        double f0 = d[10] - 1, f1 = d[11] - 1, lo = x[10] + f0 / (f0 - f1) * 0.1;
        double g0 = d[30] - 1, g1 = d[31] - 1, hi = x[30] + g0 / (g0 - g1) * 0.1;
        tap_ok(n == 1 && !iv[0].lo_open && !iv[0].hi_open, "one closed interval");
        tap_abs(iv[0].lo, lo, 1e-12, "lower edge interpolated");
        tap_abs(iv[0].hi, hi, 1e-12, "upper edge interpolated");
        tap_abs(iv[0].lo, -0.95, 0.01, "lower edge near the true root");
        tap_abs(iv[0].hi, 1.05, 0.01, "upper edge near the true root");
    }
    /* a critical value that varies: region open at the lower end and a
     * second island */
    for (int i = 0; i < 41; i++)
        c[i] = i < 5 ? 10.0 : (i > 36 ? 4.0 : 0.5);
    n = cx_fc_intervals(41, x, 0, d, c, iv, 4);
    tap_ok(n == 3 && iv[0].lo_open && !iv[0].hi_open && iv[2].hi_open,
           "three intervals, the first and last open (%zu)", n);
}

int main(void)
{
    test_closed_form();
    test_counting();
    test_limits();
    test_intervals();
    return tap_done();
}
