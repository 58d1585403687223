/* bench_engine.c - speed of the rate engine (make bench). Not a test: it
 * prints medians of repeated timings per shipped detector.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cevnsx/cevnsx.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
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

#define SAMPLES 15

/* Median time of one (set, update) cycle of parameter id between two values. */
static double time_cycle(cx_model *m, int id, double a, double b, int reps)
{
    double t[SAMPLES];
    for (int s = 0; s < SAMPLES; s++) {
        double t0 = now();
        for (int r = 0; r < reps; r++) {
            cx_model_set_param(m, id, (r & 1) ? a : b);
            cx_model_update(m);
        }
        t[s] = (now() - t0) / reps;
    }
    cx_model_reset_param(m, id);
    cx_model_update(m);
    return median(t, SAMPLES);
}

int main(void)
{
    gsl_set_error_handler_off();
    static const char *ids[] = {"csi2017", "csi", "ge", "nai", "lar", "csi2021", "lar2020"};
    const char *top = getenv("top_srcdir");
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        char path[4096], err[256];
        snprintf(path, sizeof path, "%s/data/detectors/%s.det", top ? top : ".", ids[k]);
        int st;
        cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
        if (!d) {
            fprintf(stderr, "bench: %s\n", err);
            return 1;
        }
        /* a whole model: response weight matrix, time fractions, kernels */
        double tb[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            double t0 = now();
            cx_model *x = cx_model_alloc(d, CX_ENGINE_FAST, &st);
            tb[s] = now() - t0;
            cx_model_free(x);
        }
        double build = median(tb, SAMPLES);
        const int v2 = cx_detector_n_time_bins(d) > 1;
        cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
        cx_model *r = cx_model_alloc(d, CX_ENGINE_REFERENCE, &st);
        if (!m || !r) {
            fprintf(stderr, "bench: cannot build models: %s\n", cx_strerror(st));
            return 1;
        }
        double thr = cx_model_get_param(m, CX_P_THRESHOLD_KEV);
        double kern = time_cycle(m, CX_P_THRESHOLD_KEV, thr, thr + 0.5, 20);
        double coup = time_cycle(m, CX_P_SIN2W, 0.23, 0.24, 20000);
        double rn = time_cycle(m, CX_P_RN_BASE, 4.5, 4.6, 200);
        cx_model_set_param(m, CX_P_S22_MU, 0.2);
        double osc = time_cycle(m, CX_P_DM2, 1.0, 2.0, 20);
        double tr[5];
        for (int s = 0; s < 5; s++) {
            cx_model_set_param(r, CX_P_SIN2W, (s & 1) ? 0.23 : 0.24);
            double t0 = now();
            cx_model_update(r);
            tr[s] = now() - t0;
        }
        double ref = median(tr, 5);
        /* rows of the `make bench` table (tests/bench/table.awk) */
        char c[96];
        snprintf(c, sizeof c, "%s: model build (response, timing, kernels)", ids[k]);
        printf("@\tengine\t%s\t%.4g\tms\t%s\tmedian of %d\n", c, build * 1e3, v2 ? "20" : "-",
               SAMPLES);
        snprintf(c, sizeof c, "%s: kernel build (threshold change)", ids[k]);
        printf("@\tengine\t%s\t%.4g\tms\t%s\tmedian of %d\n", c, kern * 1e3,
               k == 0 ? "5"
               : v2   ? "20"
                      : "-",
               SAMPLES);
        snprintf(c, sizeof c, "%s: re-evaluation after a coupling change", ids[k]);
        printf("@\tengine\t%s\t%.4g\tus\t2\tmedian of %d\n", c, coup * 1e6, SAMPLES);
        snprintf(c, sizeof c, "%s: R_n change (form factors + kernels)", ids[k]);
        printf("@\tengine\t%s\t%.4g\tus\t-\tmedian of %d\n", c, rn * 1e6, SAMPLES);
        snprintf(c, sizeof c, "%s: dm2 change (oscillation kernels)", ids[k]);
        printf("@\tengine\t%s\t%.4g\tms\t-\tmedian of %d\n", c, osc * 1e3, SAMPLES);
        snprintf(c, sizeof c, "%s: reference-path evaluation", ids[k]);
        printf("@\tengine\t%s\t%.4g\tms\t-\tmedian of 5\n", c, ref * 1e3);
        snprintf(c, sizeof c, "%s: reference / re-evaluation time", ids[k]);
        printf("@\tengine\t%s\t%.3g\tx\t>=1e4\tratio of medians\n", c, ref / coup);
        /* light mediators (issue 13): a mediator-mass slider step recomputes the
         * extension kernels; its p99 over single steps must fit a 16 ms frame */
        cx_model_reset_param(m, -1);
        cx_model_set_param(m, CX_P_ZP_G, 3e-5);
        cx_model_set_param(m, CX_P_PHI_G, 1e-6);
        cx_model_update(m);
        double zc = time_cycle(m, CX_P_ZP_G, 3e-5, 4e-5, 2000);
        cx_model_set_param(m, CX_P_ZP_G, 3e-5);
        double steps[200];
        for (int s = 0; s < 200; s++) {
            double t0 = now();
            cx_model_set_param(m, CX_P_ZP_MASS, 10.0 * pow(10.0, 0.05 * (s % 40)));
            cx_model_update(m);
            steps[s] = now() - t0;
        }
        double zmed = median(steps, 200); /* sorts steps */
        double zp99 = steps[197];
        snprintf(c, sizeof c, "%s: coupling change with Z' and scalar on", ids[k]);
        printf("@\tengine\t%s\t%.4g\tus\t-\tmedian of %d\n", c, zc * 1e6, SAMPLES);
        snprintf(c, sizeof c, "%s: zp_mass step (mediator kernels), median", ids[k]);
        printf("@\tengine\t%s\t%.4g\tms\t-\t200 steps\n", c, zmed * 1e3);
        snprintf(c, sizeof c, "%s: zp_mass step (mediator kernels), p99", ids[k]);
        printf("@\tengine\t%s\t%.4g\tms\t16\t200 steps\n", c, zp99 * 1e3);
        cx_model_free(m);
        cx_model_free(r);
        cx_detector_free(d);
    }
    return 0;
}
