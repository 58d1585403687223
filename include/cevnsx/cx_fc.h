/* cx_fc.h - Feldman-Cousins confidence regions by toy Monte Carlo for the
 * counting statistics.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Near a physical boundary (mu_nu >= 0, sin^2 2theta in [0, 1]) or for
 * degenerate solutions Wilks' theorem fails and the Delta chi2 threshold of
 * a confidence region has to be found by Monte Carlo (Feldman & Cousins,
 * Phys. Rev. D 57 (1998) 3873; for CEvNS: Denton & Gehrlein,
 * arXiv:2008.06062). The statistics "single-bin" and "forecast" depend on
 * the couplings only through the total N of the model, in the counting form
 *
 *     chi2(N) = (n - N - B)^2 / (n + c0 + (s_a N)^2 + (s_b B)^2)
 *
 * (cx_chi2_counting()), so a toy's best fit over a grid is found in closed
 * form over the range of N the grid reaches. At one grid point with total N:
 *   - the pulls are set to their constrained best fit for the data there,
 *     a = s_a^2 N R / W, b = s_b^2 B R / W (R = n - N - B, W the
 *     denominator above);
 *   - each toy draws a count n' from a Gaussian of mean
 *     mu = (1+a) N + (1+b) B and variance mu + c0 (the statistic's own
 *     variance at the expectation; n' is clamped at 0) and auxiliary pull
 *     centres a' ~ Gauss(a, s_a), b' ~ Gauss(b, s_b);
 *   - the toy's chi2 at N' is (n' - (1+a') N' - (1+b') B)^2 / (n' + c0 +
 *     (s_a N')^2 + (s_b B)^2) (the pulls re-minimised about a', b'), its
 *     Delta chi2 the value at the point's N minus the minimum over N' in
 *     [n_lo, n_hi];
 *   - the critical value is the CL quantile of the toys' Delta chi2: the
 *     ceil(CL n_toys)-th smallest value.
 * A point's toys use a gsl_rng (MT19937) seeded from the user's seed and
 * the point's index in the whole grid (cx_fc_seed()), so they do not depend
 * on how a grid is split across threads, processes or machines.
 * See doc/physics.md section 6 for the construction. */
#ifndef CEVNSX_CX_FC_H
#define CEVNSX_CX_FC_H

#include <stddef.h>

#include "cx_chi2.h"
#include "cx_scan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Counting form of a statistic at one point of parameter space. */
typedef struct {
    double n_obs;            /* observed count n */
    double n_th;             /* model total N at the point */
    double bkg;              /* background B */
    double c0;               /* variance besides n: 2 B_ss + B_on (single-bin), 0 (forecast) */
    double sigma_a, sigma_b; /* pull widths; 0 fixes that pull */
} cx_chi2_count;

/* Counting form of chi2 c for the updated model m: single-bin has
 * n = n_meas, B = B_on, c0 = 2 B_ss + B_on; forecast has n = N_SM + N_bg,
 * B = N_bg = f_bg N_SM, c0 = 0. CX_EINVAL for a statistic without one
 * (spectral, or a model defined by the caller) or another detector. */
int cx_chi2_counting(const cx_chi2 *c, const cx_model *m, cx_chi2_count *out);
/* chi2 of the counting form at total n_th (the pulls minimised). */
double cx_fc_chi2(const cx_chi2_count *f, double n_th);
/* The total N in [n_lo, n_hi] where the data's chi2 is smallest. */
double cx_fc_argmin(const cx_chi2_count *f, double n_lo, double n_hi);
/* Delta chi2 of the data at the form's own n_th: chi2(n_th) minus the
 * minimum of chi2(N) over N in [n_lo, n_hi] (closed form). */
double cx_fc_dchi2(const cx_chi2_count *f, double n_lo, double n_hi);

/* The seed of grid point index under the user's seed (SplitMix64 of both),
 * never 0. */
unsigned long cx_fc_seed(unsigned long seed, size_t index);

typedef struct cx_fc cx_fc;

/* Workspace for up to max_toys toys per point (a generator and the toys'
 * values). One per thread. NULL with *status (CX_EINVAL, CX_ENOMEM). */
cx_fc *cx_fc_alloc(size_t max_toys, int *status);
void cx_fc_free(cx_fc *fc);

/* Critical value at one grid point: n_toys toys (1 <= n_toys <= max_toys)
 * of the counting form f (its n_th the point's total), the toy minimum
 * over N in [n_lo, n_hi] (n_lo <= f->n_th <= n_hi), the cl-quantile (0 < cl
 * < 1) of their Delta chi2 into *crit. The generator is seeded with
 * cx_fc_seed(seed, index). CX_OK, CX_EINVAL (bad arguments). Allocates
 * nothing. */
int cx_fc_point(cx_fc *fc, const cx_chi2_count *f, double n_lo, double n_hi, double cl,
                size_t n_toys, unsigned long seed, size_t index, double *crit);
/* The toys' Delta chi2 of the last cx_fc_point() (n_toys values, in no
 * particular order: the quantile search permutes them). */
const double *cx_fc_toys(const cx_fc *fc);

/* The counting forms at n_pts points of a one-experiment fit: point i sets
 * parameter handles[j] to coords[i * n_par + j] (j < n_par), evaluates and
 * stores the form in forms[i]. CX_EINVAL (more than one experiment, or a
 * statistic without a counting form), CX_ERANGE (a value outside its allowed
 * range), CX_ENUMERIC (a failed evaluation). The fit's parameters are left
 * at the last point. */
int cx_fc_forms(cx_chi2_fit *fit, size_t n_par, const int *handles, size_t n_pts,
                const double *coords, cx_chi2_count *forms);

/* Intervals where d[i] <= c[i] on a one-dimensional grid x[0..n-1]: edges
 * interpolated linearly in d - c between grid points (in log10 x when
 * log_x), open when the region reaches a grid end. Writes at most max
 * intervals; returns the number found (may exceed max). */
size_t cx_fc_intervals(size_t n, const double *x, int log_x, const double *d, const double *c,
                       cx_interval *out, size_t max);

#ifdef __cplusplus
}
#endif
#endif
