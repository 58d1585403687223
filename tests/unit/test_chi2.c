/* test_chi2.c - chi2 models: closed forms against numerical minimisation of
 * the pull terms, doc/physics.md section 8 numbers, the spectral fit against an
 * independent evaluation from the data tables, error paths.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "cevnsx/cevnsx.h"
#include "cevnsx/cx_chi2.h"
#include "tap.h"
#include "test_detector_load.h"

/* ---- the full chi2 with pulls, minimised numerically (independent of the
 * closed forms and of the 2x2 solve in the engine) ---- */

typedef struct {
    size_t n;
    const double *o, *sig, *bkg, *s2;
    double sa, sb;
} pull_problem;

static double pull_chi2(const pull_problem *p, double a, double b)
{
    double c = 0;
    for (size_t i = 0; i < p->n; i++) {
        double d = p->o[i] - (1 + a) * p->sig[i] - (1 + b) * p->bkg[i];
        c += d * d / p->s2[i];
    }
    if (p->sa > 0)
        c += (a / p->sa) * (a / p->sa);
    if (p->sb > 0)
        c += (b / p->sb) * (b / p->sb);
    return c;
}

static double mm_f(const gsl_vector *v, void *vp)
{
    const pull_problem *p = vp;
    double a = p->sa > 0 ? gsl_vector_get(v, 0) : 0, b = p->sb > 0 ? gsl_vector_get(v, 1) : 0;
    return pull_chi2(p, a, b);
}

static double numeric_min(pull_problem *p)
{
    gsl_multimin_function fn = {mm_f, 2, p};
    gsl_multimin_fminimizer *m =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    gsl_vector *x = gsl_vector_alloc(2), *st = gsl_vector_alloc(2);
    double best;
    int status, it = 0;
    gsl_vector_set_all(x, 0.0);
    gsl_vector_set_all(st, 0.1);
    gsl_multimin_fminimizer_set(m, &fn, x, st);
    do {
        status = gsl_multimin_fminimizer_iterate(m);
        if (status)
            break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), 1e-10);
    } while (status == GSL_CONTINUE && ++it < 20000);
    best = gsl_multimin_fminimizer_minimum(m);
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(st);
    return best;
}

static void test_closed_forms(void)
{
    /* "high-entropy" inputs: no round numbers, several magnitudes */
    static const double nth[] = {178.04, 23.7, 1.3e3, 0.77};
    static const double sas[] = {0.28, 0.0, 0.153, 1.7};
    static const double sbs[] = {0.25, 0.071, 0.0, 0.0};
    for (size_t k = 0; k < 4; k++) {
        /* single-bin: N_meas 142, B_on 6, B_ss 405 (doc/physics.md section 6) */
        double o = 142, b = 6, s2 = 142 + 2 * 405 + 6;
        pull_problem p = {1, &o, &nth[k], &b, &s2, sas[k], sbs[k]};
        double cf = cx_chi2_single_bin(142, nth[k], 6, 405, sas[k], sbs[k]);
        double num = numeric_min(&p), ex;
        tap_rel(cf, num, 1e-7, "single-bin closed form = numerical pull minimum");
        tap_ok(cx_chi2_pulls(1, &o, &nth[k], &b, &s2, sas[k], sbs[k], &ex, NULL, NULL) == CX_OK,
               "cx_chi2_pulls n=1 succeeds");
        tap_rel(ex, cf, 1e-12, "2x2 solve with one bin = single-bin closed form");
    }
    for (size_t k = 0; k < 4; k++) {
        /* forecast: Asimov data N_SM + f N_SM, variance N_exp */
        double nsm = 214.14, f = 0.1 + 0.037 * (double)k, nbg = f * nsm;
        double o = nsm + nbg, s2 = nsm + nbg;
        pull_problem p = {1, &o, &nth[k], &nbg, &s2, sas[k], sbs[k]};
        double cf = cx_chi2_forecast(nsm, nth[k], f, sas[k], sbs[k]);
        tap_rel(cf, numeric_min(&p), 1e-7, "forecast closed form = numerical pull minimum");
    }
    tap_abs(cx_chi2_forecast(214.14, 214.14, 0.1, 0.15, 0.1), 0.0, 0.0,
            "forecast chi2 is 0 at the Asimov point");

    /* many bins, both pulls, against the numerical minimum */
    {
        double o[12], sig[12], bkg[12], s2[12], c, a, b;
        for (int i = 0; i < 12; i++) {
            sig[i] = 30.0 * exp(-0.23 * i) + 0.7;
            bkg[i] = 0.9 + 0.11 * i;
            o[i] = 1.21 * sig[i] + 0.83 * bkg[i] + ((i % 3) - 1) * 2.3;
            s2[i] = fabs(o[i]) + 17.0 + bkg[i];
        }
        for (int k = 0; k < 4; k++) {
            pull_problem p = {12, o, sig, bkg, s2, sas[k], sbs[k]};
            tap_ok(cx_chi2_pulls(12, o, sig, bkg, s2, sas[k], sbs[k], &c, &a, &b) == CX_OK,
                   "cx_chi2_pulls 12 bins succeeds");
            tap_rel(c, numeric_min(&p), 1e-7, "12-bin exact pull minimum = numerical minimum");
            tap_rel(c, pull_chi2(&p, a, b), 1e-12, "returned pulls reproduce the minimum");
            if (sas[k] == 0)
                tap_abs(a, 0, 0, "sigma_alpha = 0 fixes alpha at 0");
        }
        s2[3] = 0;
        tap_ok(cx_chi2_pulls(12, o, sig, bkg, s2, 0.1, 0.1, &c, NULL, NULL) == CX_EINVAL,
               "zero variance is CX_EINVAL");
        s2[3] = 1;
        tap_ok(cx_chi2_pulls(12, o, sig, bkg, s2, -0.1, 0.1, &c, NULL, NULL) == CX_EINVAL,
               "negative sigma is CX_EINVAL");
    }
}

static void test_tables(void)
{
    double e, sa, sb, f;
    /* doc/physics.md section 6 scenarios */
    static const double want[4][4] = {
        {1, 0, 0, 0.1}, {0.5, 0.05, 0.10, 0.1}, {1, 0.15, 0.10, 0.1}, {1, 0.30, 0.10, 0.1}};
    for (int k = 1; k <= 4; k++) {
        int ok = cx_chi2_scenario(k, &e, &sa, &sb, &f) == CX_OK && e == want[k - 1][0] &&
                 sa == want[k - 1][1] && sb == want[k - 1][2] && f == want[k - 1][3];
        tap_ok(ok, "scenario %d = doc/physics.md section 6", k);
    }
    tap_ok(cx_chi2_scenario(5, &e, &sa, &sb, &f) == CX_EINVAL, "scenario 5 is CX_EINVAL");
    tap_ok(cx_chi2_scenario(0, &e, &sa, &sb, &f) == CX_EINVAL, "scenario 0 is CX_EINVAL");
    /* doc/physics.md section 6: 2.71 for one parameter, 4.61 for two at 90 % */
    tap_abs(cx_chi2_dchi2_for_cl(90, 1), 2.71, 0, "90% CL, 1 dof = 2.71");
    tap_abs(cx_chi2_dchi2_for_cl(90, 2), 4.61, 0, "90% CL, 2 dof = 4.61");
    tap_abs(cx_chi2_dchi2_for_cl(95, 1), 3.84, 0, "95% CL, 1 dof = 3.84");
    tap_abs(cx_chi2_dchi2_for_cl(99, 2), 9.21, 0, "99% CL, 2 dof = 9.21");
    tap_abs(cx_chi2_dchi2_for_cl(68, 1), 1.0, 0, "68% CL, 1 dof = 1");
    tap_abs(cx_chi2_dchi2_for_cl(80, 1), 0.0, 0, "unsupported CL gives 0");
    tap_ok(cx_chi2_lookup("single-bin") && cx_chi2_lookup("forecast") &&
               cx_chi2_lookup("spectral") && cx_chi2_lookup("poisson") &&
               cx_chi2_lookup("asimov") && !cx_chi2_lookup("gauss"),
           "registry knows single-bin, forecast, spectral, poisson, asimov only");
    tap_ok(cx_chi2_builtin(5) == NULL && cx_chi2_builtin(4) != NULL, "builtin list has 5 entries");
}

static cx_detector *load(const char *id)
{
    return test_load_detector(id);
}

/* COHERENT 2017 acceptance (doc/physics.md section 3), written out independently. */
static double acc2017(double x)
{
    double h = x < 5 ? 0 : x < 6 ? 0.5 : 1;
    return h * 0.6655 / (1 + exp(-0.4942 * (x - 10.8507)));
}

static void test_models(void)
{
    cx_detector *d = load("csi2017"), *dg = load("ge");
    cx_model *m = NULL, *mg = NULL;
    cx_chi2 *c = NULL;
    char err[512];
    int st;
    double chi2;

    if (!d || !dg) {
        tap_ok(0, "detectors load");
        cx_detector_free(d);
        cx_detector_free(dg);
        return;
    }
    m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    mg = cx_model_alloc(dg, CX_ENGINE_FAST, &st);
    if (!m || !mg) {
        tap_ok(0, "models allocate");
        goto out;
    }

    /* doc/physics.md section 8: single-bin chi2 at the coherent-2017 point */
    c = cx_chi2_alloc_name(NULL, m, NULL, &st, err, sizeof err);
    tap_ok(c && strcmp(cx_chi2_name(c), "single-bin") == 0, "csi2017 default chi2 is single-bin");
    cx_model_update(m);
    tap_ok(cx_chi2_eval(c, m, &chi2) == CX_OK, "single-bin eval");
    tap_abs(chi2, 0.513, 0.0005,
            "csi2017 single-bin chi2 at the SM point (doc/physics.md section 8)");
    tap_ok(cx_chi2_eval(c, mg, &chi2) == CX_EINVAL, "eval with another detector's model fails");
    cx_chi2_free(c);

    /* window option: N_th counted only in [6, 30) PE */
    {
        cx_chi2_opts o = {1, 0, 0};
        double win = 0, want;
        const double *sp = cx_model_spectrum(m);
        for (int i = 3; i < 15; i++) /* bins [6,8) .. [28,30) */
            win += sp[i];
        want = cx_chi2_single_bin(142, win, 6, 405, 0.28, 0.25);
        c = cx_chi2_alloc_name("single-bin", m, &o, &st, err, sizeof err);
        tap_ok(c && cx_chi2_eval(c, m, &chi2) == CX_OK, "single-bin with window");
        tap_rel(chi2, want, 1e-12, "window chi2 uses the 6-30 PE events");
        tap_ok(win < cx_model_total(m), "window events below the total (%.3f < %.3f)", win,
               cx_model_total(m));
        cx_chi2_free(c);
    }

    /* spectral: independent evaluation from the detector tables */
    c = cx_chi2_alloc_name("spectral", m, NULL, &st, err, sizeof err);
    tap_ok(c != NULL, "spectral binds to csi2017 (%s)", c ? "ok" : err);
    if (c) {
        const double *bins, *neu, *sp = cx_model_spectrum(m);
        size_t nb, cb, nn, cn, k = 0;
        double o[32], sig[32], bkg[32], s2[32], expo, t6, btot = 0;
        cx_detector_table(d, "data.bin", &bins, &nb, &cb);
        cx_detector_table(d, "data.neutron", &neu, &nn, &cn);
        cx_detector_number(d, "data.exposure_gwh", &expo);
        cx_detector_number(d, "data.neutron_t6_fraction", &t6);
        for (size_t i = 0; i < nb && k < 32; i++) {
            const double *r = bins + i * cb;
            double b = 0;
            if (r[0] < 6 || r[1] > 30)
                continue;
            for (size_t j = 0; j < nn; j++)
                if (neu[j * cn] > r[0] && neu[j * cn] < r[1])
                    b += neu[j * cn + 1] * acc2017(neu[j * cn]);
            b *= expo * t6;
            o[k] = r[2] - r[3];
            sig[k] = sp[(size_t)(r[0] / 2)]; /* 2-PE bins from 0 */
            bkg[k] = b;
            s2[k] = r[2] + r[3] + b;
            btot += b;
            k++;
        }
        {
            pull_problem p = {k, o, sig, bkg, s2, 0.28, 0.25};
            double osum = 0;
            for (size_t i = 0; i < k; i++)
                osum += o[i];
            tap_ok(k == 12, "12 data bins in 6-30 PE");
            tap_abs(osum, 142, 0, "C - AC over the window = 142 (doc/physics.md section 3)");
            tap_diag("prompt-neutron background in the window: %.3f (single-bin B_on = 6)", btot);
            tap_ok(btot > 4 && btot < 8, "neutron background near the published 6 events");
            tap_ok(cx_chi2_eval(c, m, &chi2) == CX_OK, "spectral eval");
            tap_rel(chi2, numeric_min(&p), 1e-7, "spectral chi2 = independent numerical minimum");
        }
        cx_chi2_free(c);
    }

    /* errors */
    c = cx_chi2_alloc_name("spectral", mg, NULL, &st, err, sizeof err);
    tap_ok(!c && st == CX_EINVAL && strstr(err, "ge") != NULL,
           "spectral on ge (no data) is CX_EINVAL: %s", err);
    cx_chi2_free(c);
    c = cx_chi2_alloc_name("single-bin", mg, NULL, &st, err, sizeof err);
    tap_ok(!c && st == CX_EINVAL, "single-bin on ge (no [fit] n_meas) is CX_EINVAL: %s", err);
    cx_chi2_free(c);
    c = cx_chi2_alloc_name("nope", mg, NULL, &st, err, sizeof err);
    tap_ok(!c && st == CX_ENOTFOUND, "unknown chi2 model is CX_ENOTFOUND: %s", err);
    cx_chi2_free(c);

    /* forecast: Delta chi2 >= 0 with 0 at the Asimov point */
    c = cx_chi2_alloc_name(NULL, mg, NULL, &st, err, sizeof err);
    tap_ok(c && strcmp(cx_chi2_name(c), "forecast") == 0, "ge default chi2 is forecast");
    if (c) {
        int ok = 1;
        cx_model_update(mg);
        cx_chi2_eval(c, mg, &chi2);
        tap_abs(chi2, 0, 1e-12, "forecast chi2 = 0 at the Asimov point");
        for (int i = 0; i < 9; i++) {
            cx_model_set_param(mg, CX_P_SIN2W, 0.19 + 0.011 * i);
            cx_model_set_param(mg, CX_P_EPS_EE_U, -0.13 + 0.07 * i);
            cx_model_update(mg);
            cx_chi2_eval(c, mg, &chi2);
            ok &= chi2 >= 0;
        }
        tap_ok(ok, "forecast chi2 >= 0 off the Asimov point");
        /* the closed form with the model's own numbers */
        cx_model_set_param(mg, CX_P_SIN2W, 0.25);
        cx_model_set_param(mg, CX_P_EPS_EE_U, 0);
        cx_model_update(mg);
        cx_chi2_eval(c, mg, &chi2);
        tap_rel(chi2, cx_chi2_forecast(cx_model_total_sm(mg), cx_model_total(mg), 0.10, 0.15, 0.10),
                1e-12, "forecast = closed form with ge's [fit] settings (scenario 3)");
        cx_chi2_free(c);
    }

    /* a fit over two detectors adds chi2 */
    {
        cx_model *ms[2] = {m, mg};
        cx_chi2 *cs[2];
        cx_chi2_fit *f;
        double c0, c1, sum;
        int h;
        cx_model_reset_param(mg, -1);
        cx_model_update(mg);
        cs[0] = cx_chi2_alloc_name(NULL, m, NULL, &st, err, sizeof err);
        cs[1] = cx_chi2_alloc_name(NULL, mg, NULL, &st, err, sizeof err);
        f = cx_chi2_fit_alloc(2, (const cx_model *const *)ms, (const cx_chi2 *const *)cs, &st);
        tap_ok(f != NULL, "fit over csi2017 + ge allocates");
        if (f) {
            tap_ok(cx_chi2_fit_param(f, "sin2w", &h) == CX_OK, "sin2w handle");
            tap_ok(cx_chi2_fit_param(f, "rn_Cs133", &st) == CX_ENOTFOUND,
                   "rn_Cs133 is not in ge: CX_ENOTFOUND");
            cx_chi2_fit_set(f, h, 0.2211);
            cx_chi2_fit_eval(f, &sum);
            cx_model_set_param(m, CX_P_SIN2W, 0.2211);
            cx_model_set_param(mg, CX_P_SIN2W, 0.2211);
            cx_model_update(m);
            cx_model_update(mg);
            cx_chi2_eval(cs[0], m, &c0);
            cx_chi2_eval(cs[1], mg, &c1);
            tap_rel(sum, c0 + c1, 1e-12, "fit chi2 = sum over detectors");
            tap_ok(cx_chi2_fit_set(f, h, 1.5) == CX_ERANGE, "out of range set is CX_ERANGE");
            cx_chi2_fit_free(f);
        }
        cx_chi2_free(cs[0]);
        cx_chi2_free(cs[1]);
    }
out:
    cx_model_free(m);
    cx_model_free(mg);
    cx_detector_free(d);
    cx_detector_free(dg);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_closed_forms();
    test_tables();
    test_models();
    return tap_done();
}
