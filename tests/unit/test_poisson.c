/* test_poisson.c - the binned Poisson likelihood: Baker-Cousins chi2 against
 * hand-computed toy bins, the Newton-profiled pulls against a brute-force
 * grid minimum, empty bins, a model with no events where events were seen,
 * an injected non-Standard-Model value recovered from Asimov data, the fast
 * and reference engines, and the fitted CEvNS events of the shipped data
 * against the published numbers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cevnsx.h"
#include "cevnsx/cx_chi2.h"
#include "tap.h"
#include "test_detector_load.h"

static void test_toy(void)
{
    /* 2 [mu - n + n ln(n/mu)] summed: (2 - 3 + 3 ln 1.5) + (1 - 0) + 0, times 2 */
    const double n[3] = {3, 0, 5}, mu[3] = {2, 1, 5};
    double c = -1;
    tap_ok(cx_poisson_chi2(3, n, mu, &c) == CX_OK, "toy bins evaluate");
    tap_rel(c, 2.0 * (-1.0 + 3.0 * log(1.5) + 1.0), 1e-14, "toy Baker-Cousins chi2");
    /* an empty bin with nothing expected adds nothing */
    const double n0[2] = {0, 4}, mu0[2] = {0, 4};
    int rc0 = cx_poisson_chi2(2, n0, mu0, &c);
    tap_ok(rc0 == CX_OK && c == 0.0, "n = 0 with mu = 0, and n = mu: chi2 = 0 (got %g)", c);
    /* events where the model expects none: a clear error, not NaN or inf */
    const double n1[2] = {2, 1}, mu1[2] = {0, 1};
    c = 12345;
    tap_ok(cx_poisson_chi2(2, n1, mu1, &c) == CX_ERANGE && c == 12345,
           "mu = 0 where n = 2 is CX_ERANGE and leaves chi2 alone");
    const double base0[2] = {0, 1}, *col0[1] = {base0};
    double x0[1] = {0}, s0[1] = {0.1};
    tap_ok(cx_poisson_profile(2, n1, base0, 1, col0, s0, x0, &c) == CX_ERANGE,
           "profiling from mu = 0 where n > 0 is CX_ERANGE");
    const double nneg[1] = {-1}, mneg[1] = {1};
    tap_ok(cx_poisson_chi2(1, nneg, mneg, &c) == CX_EINVAL, "negative counts are CX_EINVAL");

    /* a free normalisation of one bin fits it exactly: mu = (1 + a) 5 = 10 */
    const double n2[1] = {10}, s2[1] = {5};
    const double *cols[1] = {s2};
    double x[1] = {0}, sig[1] = {INFINITY};
    tap_ok(cx_poisson_profile(1, n2, s2, 1, cols, sig, x, &c) == CX_OK, "free pull profiles");
    tap_abs(x[0], 1.0, 1e-9, "free normalisation a = n/S - 1");
    tap_abs(c, 0.0, 1e-12, "and chi2 = 0 there");
}

/* the same objective, written out for the brute-force search */
static double toy_obj(size_t n, const double *obs, const double *s, const double *b, double a,
                      double bb, double sa, double sb)
{
    double f = (a / sa) * (a / sa) + (bb / sb) * (bb / sb);
    for (size_t i = 0; i < n; i++) {
        double mu = (1 + a) * s[i] + (1 + bb) * b[i];
        if (!(mu > 0))
            return INFINITY;
        f += obs[i] > 0 ? 2 * (mu - obs[i] + obs[i] * log(obs[i] / mu)) : 2 * mu;
    }
    return f;
}

static void test_profile_grid(void)
{
    /* six bins, signal falling, background flat, one empty bin; the data
     * want more signal and less background than nominal */
    const double obs[6] = {14, 9, 7, 4, 3, 0};
    const double s[6] = {8, 6, 4, 2, 1, 0.5};
    const double b[6] = {3, 3, 3, 3, 3, 3};
    double base[6];
    for (int i = 0; i < 6; i++)
        base[i] = s[i] + b[i];
    const double *cols[2] = {s, b};
    const double sig[2] = {0.3, 0.2};
    double x[2] = {0, 0}, c;
    tap_ok(cx_poisson_profile(6, obs, base, 2, cols, sig, x, &c) == CX_OK, "two pulls profile");
    /* brute force: a 1001 x 1001 grid, then a finer one around its best */
    double best = INFINITY, ba = 0, bb = 0;
    for (int pass = 0; pass < 2; pass++) {
        double ca = ba, cb = bb, w = pass ? 0.002 : 1.0;
        for (int i = 0; i <= 1000; i++)
            for (int j = 0; j <= 1000; j++) {
                double a = ca - w + 2 * w * i / 1000.0, q = cb - w + 2 * w * j / 1000.0;
                double f = toy_obj(6, obs, s, b, a, q, sig[0], sig[1]);
                if (f < best) {
                    best = f;
                    ba = a;
                    bb = q;
                }
            }
    }
    tap_abs(c, best, 1e-7, "Newton minimum equals the brute-force grid minimum");
    tap_abs(x[0], ba, 1e-5, "signal pull as on the grid");
    tap_abs(x[1], bb, 1e-5, "background pull as on the grid");
    tap_ok(x[0] > 0 && x[1] < 0, "pulls go the way the data ask (a = %g, b = %g)", x[0], x[1]);
    /* sigma 0 holds a pull */
    const double sig0[2] = {0.3, 0};
    double y[2] = {0, 0}, c0;
    cx_poisson_profile(6, obs, base, 2, cols, sig0, y, &c0);
    tap_ok(y[1] == 0 && c0 >= c, "sigma 0 keeps that pull at 0 (chi2 %g >= %g)", c0, c);
}

static cx_model *model_of(cx_detector *d, cx_engine eng)
{
    int st;
    cx_model *m = d ? cx_model_alloc(d, eng, &st) : NULL;
    return m;
}

/* Asimov data of eps_ee_u = 0.1 on the ge forecast detector: a scan of
 * eps_ee_u with the profiled likelihood returns 0.1 (doc/physics.md
 * section 6). */
static void test_injected(void)
{
    cx_detector *d = test_load_detector("ge");
    cx_model *m = model_of(d, CX_ENGINE_FAST), *t = model_of(d, CX_ENGINE_FAST);
    if (!tap_ok(m && t, "ge models"))
        return;
    const int id = cx_model_param_lookup(m, "eps_ee_u");
    cx_model_set_param(t, id, 0.1);
    cx_model_update(t);
    const size_t n = cx_model_n_bins(m) * cx_model_n_time_bins(m);
    double *obs = calloc(n, sizeof *obs), *base = calloc(n, sizeof *base),
           *s = calloc(n, sizeof *s), *b = calloc(n, sizeof *b);
    const double *sm = cx_model_spectrum_2d_sm(m), *tr = cx_model_spectrum_2d(t);
    for (size_t i = 0; i < n; i++) {
        b[i] = 0.1 * sm[i]; /* the forecast's background, 10 % of the SM */
        obs[i] = tr[i] + b[i];
    }
    double best = INFINITY, xb = -1, chi[301];
    for (int k = 0; k <= 300; k++) {
        double eps = 0.001 * k, x[2] = {0, 0}, c;
        cx_model_set_param(m, id, eps);
        cx_model_update(m);
        const double *sp = cx_model_spectrum_2d(m);
        for (size_t i = 0; i < n; i++) {
            s[i] = sp[i];
            base[i] = s[i] + b[i];
        }
        const double *cols[2] = {s, b}, sig[2] = {0.05, 0.10};
        if (cx_poisson_profile(n, obs, base, 2, cols, sig, x, &c) != CX_OK)
            c = INFINITY;
        chi[k] = c;
        if (c < best) {
            best = c;
            xb = eps;
        }
    }
    tap_abs(xb, 0.1, 0.0015, "Asimov data of eps_ee_u = 0.1: the best fit is the injected value");
    tap_abs(best, 0.0, 1e-6, "chi2 at the injected value is 0");
    /* its 1-sigma interval contains 0.1 and excludes the Standard Model
     * (above 0.1 a second, degenerate solution keeps chi2 low) */
    int lo = 100, hi = 100;
    while (lo > 0 && chi[lo - 1] - best < 1)
        lo--;
    while (hi < 300 && chi[hi + 1] - best < 1)
        hi++;
    tap_ok(lo > 0 && lo < 100 && hi > 100,
           "1-sigma interval [%.3f, %.3f] contains the injected 0.1 and excludes eps_ee_u = 0",
           0.001 * lo, 0.001 * hi);
    free(obs);
    free(base);
    free(s);
    free(b);
    cx_model_free(m);
    cx_model_free(t);
    cx_detector_free(d);
}

/* The fitted CEvNS events with the signal normalisation free. */
static double fitted(const char *id, cx_engine eng, double *chi2, size_t *bins)
{
    cx_detector *d = test_load_detector(id);
    cx_model *m = model_of(d, eng);
    int st;
    char err[256];
    double r = NAN;
    cx_chi2 *c = m ? cx_chi2_alloc_name("poisson", m, NULL, &st, err, sizeof err) : NULL;
    if (c) {
        cx_poisson_opts o = {CX_POISSON_SIGNAL_FREE, 0};
        cx_poisson_result res;
        const cx_chi2 *cc = c;
        const cx_model *mm = m;
        if (cx_chi2_poisson_eval(1, &cc, &mm, &o, chi2, &res) == CX_OK) {
            r = res.signal_events;
            *bins = res.n_bins;
        }
    } else {
        tap_diag("%s: %s", id, err);
    }
    cx_chi2_free(c);
    cx_model_free(m);
    cx_detector_free(d);
    return r;
}

static void test_shipped(void)
{
    double c;
    size_t nb = 0;
    /* COHERENT, Science 357 (2017) 1123: 134 +- 22 CEvNS events from the
     * two-dimensional likelihood fit */
    double v = fitted("csi2017", CX_ENGINE_FAST, &c, &nb);
    tap_ok(fabs(v - 134) < 22 && nb == 288,
           "csi2017: %.1f fitted CEvNS events within 1 sigma of the published 134 +- 22 (%zu bins)",
           v, nb);
    /* PRL 129 (2022) 081801: 306 +- 20 */
    v = fitted("csi2021", CX_ENGINE_FAST, &c, &nb);
    tap_ok(fabs(v - 306) < 20 && nb == 180,
           "csi2021: %.1f fitted CEvNS events within 1 sigma of the published 306 +- 20", v);
    tap_ok(c / (double)nb < 1.5, "csi2021: chi2/bins = %.3f", c / (double)nb);
    /* PRL 126 (2021) 012002, Analysis A: 159 +- 43 */
    v = fitted("lar2020", CX_ENGINE_FAST, &c, &nb);
    tap_ok(fabs(v - 159) < 43 && nb == 960,
           "lar2020: %.1f fitted CEvNS events within 1 sigma of the published 159 +- 43", v);
    tap_ok(c / (double)nb < 1.5, "lar2020: chi2/bins = %.3f", c / (double)nb);

    /* the reference engine gives the same likelihood */
    double cf, cr;
    size_t b1, b2;
    double vf = fitted("csi2017", CX_ENGINE_FAST, &cf, &b1);
    double vr = fitted("csi2017", CX_ENGINE_REFERENCE, &cr, &b2);
    tap_ok(fabs(vf / vr - 1) < 1e-6 && fabs(cf / cr - 1) < 1e-6,
           "csi2017: fast and reference engines agree (%.9g vs %.9g events, chi2 %.9g vs %.9g)", vf,
           vr, cf, cr);

    /* a detector without counts refuses poisson with a message, takes asimov */
    cx_detector *d = test_load_detector("ge");
    cx_model *m = model_of(d, CX_ENGINE_FAST);
    int st;
    char err[256] = "";
    cx_chi2 *p = m ? cx_chi2_alloc_name("poisson", m, NULL, &st, err, sizeof err) : NULL;
    tap_ok(!p && st == CX_EINVAL && strstr(err, "asimov"), "ge: poisson refused: %s", err);
    cx_chi2 *a = m ? cx_chi2_alloc_name("asimov", m, NULL, &st, err, sizeof err) : NULL;
    double x2 = -1;
    int rca = a ? cx_chi2_eval(a, m, &x2) : CX_EINVAL;
    tap_ok(rca == CX_OK && fabs(x2) < 1e-9, "ge: asimov chi2 of the Standard Model is 0 (%g)", x2);
    cx_chi2_free(a);
    cx_model_free(m);
    cx_detector_free(d);
}

/* csi2021 + lar2020: one shared SNS-flux nuisance. Splitting each detector's
 * signal pull into a flux part and its own part costs the same penalty as one
 * pull of sigma_alpha, so a flux part common to both can only raise chi2:
 * joint >= sum of the separate minima. */
static void test_joint(void)
{
    cx_detector *d1 = test_load_detector("csi2021"), *d2 = test_load_detector("lar2020");
    cx_model *m1 = model_of(d1, CX_ENGINE_FAST), *m2 = model_of(d2, CX_ENGINE_FAST);
    int st;
    char err[256];
    cx_chi2 *c1 = m1 ? cx_chi2_alloc_name("poisson", m1, NULL, &st, err, sizeof err) : NULL;
    cx_chi2 *c2 = m2 ? cx_chi2_alloc_name("poisson", m2, NULL, &st, err, sizeof err) : NULL;
    if (tap_ok(c1 && c2, "csi2021 and lar2020 likelihoods")) {
        double x1, x2, xj;
        const cx_chi2 *cc[2] = {c1, c2};
        const cx_model *mm[2] = {m1, m2};
        cx_poisson_result r;
        int s1 = cx_chi2_eval(c1, m1, &x1), s2 = cx_chi2_eval(c2, m2, &x2);
        int sj = cx_chi2_poisson_eval(2, cc, mm, NULL, &xj, &r);
        tap_ok(s1 == CX_OK && s2 == CX_OK && sj == CX_OK && xj >= x1 + x2 - 1e-6 &&
                   xj < x1 + x2 + 5,
               "joint chi2 %.6f >= %.6f + %.6f (shared flux)", xj, x1, x2);
        int nflux = 0, nbrn = 0;
        for (size_t k = 0; k < r.n_nuis; k++) {
            nflux += !strcmp(r.name[k], "sns_flux");
            nbrn += !strcmp(r.name[k], "csi2021:brn");
        }
        tap_ok(nflux == 1 && nbrn == 1 && r.n_bins == 180 + 960,
               "one sns_flux nuisance, per-detector csi2021:brn, %zu bins", r.n_bins);
    }
    cx_chi2_free(c1);
    cx_chi2_free(c2);
    cx_model_free(m1);
    cx_model_free(m2);
    cx_detector_free(d1);
    cx_detector_free(d2);
}

int main(void)
{
    test_toy();
    test_profile_grid();
    test_injected();
    test_shipped();
    test_joint();
    return tap_done();
}
