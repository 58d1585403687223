/* bench_stats.c - speed of scans and contours (make bench). Not a test: it
 * prints medians of repeated timings next to the targets of issue 3.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cevnsx/cevnsx.h"
#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_contour.h"
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
    unmake(&csi);
    unmake(&ge);
    unmake(&spec);
    return 0;
}
