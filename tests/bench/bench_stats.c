/* bench_stats.c - speed of scans and contours (make bench). Not a test: it
 * prints medians of repeated timings next to the targets of issue 3.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cevnsx/cevnsx.h"
#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_contour.h"
#include "cevnsx/cx_fc.h"
#include "cevnsx/cx_scan.h"

#define SAMPLES 11

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct {
    cx_detector *d;
    cx_model *m;
    cx_chi2 *c;
    cx_chi2_fit *f;
} setup;

static int make(setup *u, const char *id, const char *stat)
{
    char path[4096], err[512];
    const char *dd = getenv("CEVNSX_DATADIR");
    int st;
    snprintf(path, sizeof path, "%s/detectors/%s.det", dd ? dd : "data", id);
    u->d = cx_detector_load(path, &st, err, sizeof err);
    if (!u->d) {
        fprintf(stderr, "bench_stats: %s\n", err);
        return -1;
    }
    u->m = cx_model_alloc(u->d, CX_ENGINE_FAST, &st);
    if (!u->m)
        return -1;
    cx_model_update(u->m);
    u->c = cx_chi2_alloc_name(stat, u->m, NULL, &st, err, sizeof err);
    if (!u->c) {
        fprintf(stderr, "bench_stats: %s\n", err);
        return -1;
    }
    u->f = cx_chi2_fit_alloc(1, (const cx_model *const *)&u->m, (const cx_chi2 *const *)&u->c, &st);
    return u->f ? 0 : -1;
}

static void unmake(setup *u)
{
    cx_chi2_fit_free(u->f);
    cx_chi2_free(u->c);
    cx_model_free(u->m);
    cx_detector_free(u->d);
}

/* Median seconds of a complete scan (grid, refinement, edges). */
static double time_scan(setup *u, const char *param, double lo, double hi, size_t n,
                        const char *profile)
{
    double t[SAMPLES];
    int st;
    cx_scan *s = cx_scan_alloc(u->f, n, &st);
    if (!s)
        return -1;
    if (profile)
        cx_scan_add_profile(s, profile);
    for (int k = 0; k < SAMPLES; k++) {
        double t0 = now();
        cx_scan_init(s, param, lo, hi, n);
        while (cx_scan_step(s, 1000) == CX_CONTINUE)
            ;
        t[k] = now() - t0;
    }
    cx_scan_free(s);
    return median(t, SAMPLES);
}

static double time_contour(setup *u, const char *x, double xlo, double xhi, int lx, const char *y,
                           double ylo, double yhi, int ly, size_t n)
{
    double t[SAMPLES];
    int st;
    cx_contour *c = cx_contour_alloc(u->f, n, n, &st);
    if (!c)
        return -1;
    for (int k = 0; k < SAMPLES; k++) {
        double t0 = now();
        cx_contour_init(c, x, xlo, xhi, n, lx, y, ylo, yhi, n, ly);
        while (cx_contour_step(c, 100000) == CX_CONTINUE)
            ;
        t[k] = now() - t0;
    }
    cx_contour_free(c);
    return median(t, SAMPLES);
}

/* Median seconds of one likelihood evaluation after a coupling change: set
 * sin2w, update the model, profile the pulls. */
static double time_eval(setup *u)
{
    double t[SAMPLES];
    const int reps = 200;
    for (int k = 0; k < SAMPLES; k++) {
        double t0 = now(), c, acc = 0;
        for (int r = 0; r < reps; r++) {
            cx_model_set_param(u->m, CX_P_SIN2W, 0.2 + 0.0002 * r);
            cx_model_update(u->m);
            if (cx_chi2_eval(u->c, u->m, &c) == CX_OK)
                acc += c;
        }
        t[k] = (now() - t0) / reps;
        if (!(acc > 0))
            return -1;
    }
    return median(t, SAMPLES);
}

/* Median seconds of Feldman-Cousins critical values on a scan grid of n
 * points with toys toys each: the counting forms and every point's toys. */
static double time_fc(setup *u, const char *param, double lo, double hi, size_t n, size_t toys)
{
    double t[SAMPLES], *x = malloc(n * sizeof *x), nlo, nhi, crit;
    cx_chi2_count *forms = malloc(n * sizeof *forms);
    int st, h;
    int samples = toys * n > 1000000 ? 3 : SAMPLES;
    cx_fc *fc = cx_fc_alloc(toys, &st);
    if (!x || !forms || !fc || cx_chi2_fit_param(u->f, param, &h) != CX_OK) {
        free(x);
        free(forms);
        cx_fc_free(fc);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = lo + (hi - lo) * (double)i / (double)(n - 1);
    for (int k = 0; k < samples; k++) {
        double t0 = now();
        cx_fc_forms(u->f, 1, &h, n, x, forms);
        nlo = nhi = forms[0].n_th;
        for (size_t i = 1; i < n; i++) {
            nlo = fmin(nlo, forms[i].n_th);
            nhi = fmax(nhi, forms[i].n_th);
        }
        for (size_t i = 0; i < n; i++)
            cx_fc_point(fc, &forms[i], nlo, nhi, 0.9, toys, 1, i, &crit);
        t[k] = now() - t0;
    }
    free(x);
    free(forms);
    cx_fc_free(fc);
    return median(t, samples);
}

/* Fitted exponent b of t = a n^b over three sizes (least squares in logs). */
static double exponent(const double *n, const double *t)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < 3; i++) {
        double lx = log(n[i]), ly = log(t[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
    }
    return (3 * sxy - sx * sy) / (3 * sxx - sx * sx);
}

/* One row of the `make bench` table (tests/bench/table.awk):
 * @ group case value unit target note, tab-separated. */
static void row(const char *what, double sec, double target_sec)
{
    printf("@\tstatistics\t%s\t%.4g\tms\t%.4g\tmedian of %d\n", what, 1e3 * sec, 1e3 * target_sec,
           SAMPLES);
}

int main(void)
{
    setup csi, ge, spec;
    gsl_set_error_handler_off();
    if (make(&csi, "csi2017", NULL) || make(&ge, "ge", "forecast") ||
        make(&spec, "csi2017", "spectral"))
        return 1;
    row("scan sin2w, csi2017 single-bin, 201 points", time_scan(&csi, "sin2w", 0.1, 0.4, 201, NULL),
        0.2e-3);
    row("scan sin2w, ge forecast, 201 points", time_scan(&ge, "sin2w", 0.1, 0.4, 201, NULL),
        0.2e-3);
    row("scan sin2w, csi2017 spectral, 201 points", time_scan(&spec, "sin2w", 0.1, 0.4, 201, NULL),
        0.2e-3);
    row("scan eps_ee_u --profile eps_ee_d, csi2017, 201 pts",
        time_scan(&csi, "eps_ee_u", -1, 1, 201, "eps_ee_d"), 50e-3);
    row("scan eps_ee_u --profile eps_ee_d, spectral, 201 pts",
        time_scan(&spec, "eps_ee_u", -1, 1, 201, "eps_ee_d"), 50e-3);
    row("contour eps_ee_u eps_ee_d, csi2017, 101x101",
        time_contour(&csi, "eps_ee_u", -1, 1, 0, "eps_ee_d", -1, 1, 0, 101), 20e-3);
    row("contour s22_mu dm2 (log), csi2017, 101x101",
        time_contour(&csi, "s22_mu", 0, 1, 0, "dm2", 0.01, 100, 1, 101), 200e-3);
    row("contour s22_e dm2 (log), ge, 101x101",
        time_contour(&ge, "s22_e", 0, 1, 0, "dm2", 0.01, 100, 1, 101), 200e-3);
    row("contour dm2 (log) s22_mu, ge, 101x101 (dm2 on x)",
        time_contour(&ge, "dm2", 0.01, 100, 1, "s22_mu", 0, 1, 0, 101), 200e-3);
    setup p17, p21, p20;
    if (make(&p17, "csi2017", "poisson") || make(&p21, "csi2021", "poisson") ||
        make(&p20, "lar2020", "poisson"))
        return 1;
    row("poisson eval csi2017 (288 cells, 3 pulls profiled)", time_eval(&p17), 50e-6);
    row("poisson eval lar2020 (960 cells, 10 pulls profiled)", time_eval(&p20), 200e-6);
    row("scan sin2w, csi2017 poisson, 201 points", time_scan(&p17, "sin2w", 0.1, 0.4, 201, NULL),
        20e-3);
    row("scan sin2w, csi2021 poisson, 201 points", time_scan(&p21, "sin2w", 0.1, 0.4, 201, NULL),
        20e-3);
    row("scan sin2w, lar2020 poisson, 201 points", time_scan(&p20, "sin2w", 0.1, 0.4, 201, NULL),
        50e-3);
    unmake(&p17);
    unmake(&p21);
    unmake(&p20);
    row("scan eps_ee_u --profile eps_ee_d, ge forecast, 201 pts",
        time_scan(&ge, "eps_ee_u", -1, 1, 201, "eps_ee_d"), 1e-3);
    {
        /* six profiled NSI couplings (closed form, coordinate-wise) */
        double t[SAMPLES];
        int st;
        cx_scan *s = cx_scan_alloc(ge.f, 201, &st);
        static const char *const six[6] = {"eps_ee_d",  "eps_mumu_u", "eps_mumu_d",
                                           "eps_emu_u", "eps_emu_d",  "eps_etau_u"};
        for (int j = 0; s && j < 6; j++)
            cx_scan_add_profile(s, six[j]);
        for (int k = 0; s && k < SAMPLES; k++) {
            double t0 = now();
            cx_scan_init(s, "eps_ee_u", -1, 1, 201);
            while (cx_scan_step(s, 1000) == CX_CONTINUE)
                ;
            t[k] = now() - t0;
        }
        row("scan eps_ee_u, 6 NSI couplings profiled, ge forecast, 201 pts",
            s ? median(t, SAMPLES) : -1, 20e-3);
        cx_scan_free(s);
    }
    row("scan sin2w --fc --toys 1000, csi2017, 201 points",
        time_fc(&csi, "sin2w", 0.1, 0.4, 201, 1000), 30.0);
    /* scaling: cost against grid points and toys, with the fitted exponent
     * (both linear: per-point work is independent, each toy O(1)) */
    {
        double ns[3] = {51, 201, 801}, tp[3], tf[3], tt[3], toys[3] = {100, 1000, 10000};
        for (int i = 0; i < 3; i++) {
            tp[i] = time_scan(&ge, "eps_ee_u", -1, 1, (size_t)ns[i], "eps_ee_d");
            tf[i] = time_fc(&csi, "sin2w", 0.1, 0.4, (size_t)ns[i], 1000);
            tt[i] = time_fc(&csi, "sin2w", 0.1, 0.4, 201, (size_t)toys[i]);
        }
        for (int i = 0; i < 3; i++)
            printf("@\tscaling\tprofiled scan (closed form), ge, %g points (exponent "
                   "%.2f)\t%.4g\tms\t-\t\n",
                   ns[i], exponent(ns, tp), 1e3 * tp[i]);
        for (int i = 0; i < 3; i++)
            printf("@\tscaling\tFC scan, csi2017, %g points x 1000 toys (exponent "
                   "%.2f)\t%.4g\tms\t-\t\n",
                   ns[i], exponent(ns, tf), 1e3 * tf[i]);
        for (int i = 0; i < 3; i++)
            printf("@\tscaling\tFC scan, csi2017, 201 points x %g toys (exponent "
                   "%.2f)\t%.4g\tms\t-\t\n",
                   toys[i], exponent(toys, tt), 1e3 * tt[i]);
    }
    unmake(&csi);
    unmake(&ge);
    unmake(&spec);
    return 0;
}
