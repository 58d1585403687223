/* cx_scan.h - one-dimensional Delta-chi2 scans, stepwise.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scan evaluates the chi2 of a fit (cx_chi2.h: one or more detectors) on a
 * grid of one parameter, optionally minimising ("profiling") over further
 * parameters at each point, then refines the best fit (GSL Brent minimiser)
 * and the edges of the confidence region (GSL Brent root finder on the model
 * itself, not on the grid). The work is done in slices:
 *
 *     cx_scan_init(s, "sin2w", 0.1, 0.4, 201);
 *     while ((st = cx_scan_step(s, 16)) == CX_CONTINUE)
 *         ...poll keys...;
 *     cx_scan_result(s, &r);
 *
 * No callbacks, no threads, no clocks: the budget counts units of work (one
 * grid point, or one refinement). All memory is allocated by cx_scan_alloc()
 * and cx_scan_add_profile(); init and step allocate nothing.
 * The scan changes the fit's private models; the caller's models are never
 * touched (cx_chi2_fit_sync() copies new slider values in before a re-init). */
#ifndef CEVNSX_CX_SCAN_H
#define CEVNSX_CX_SCAN_H

#include <stddef.h>

#include "cx_chi2.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_scan cx_scan;

#define CX_SCAN_MAX_PROFILE 6 /* parameters one scan can profile */

/* One interval of the confidence region. An open edge (flag 1) is the scan
 * range bound: Delta chi2 did not cross the threshold before it, so the true
 * edge lies beyond the range. */
typedef struct {
    double lo, hi;
    int lo_open, hi_open;
} cx_interval;

/* Results, valid until the next cx_scan_init() or cx_scan_free(). */
typedef struct {
    const char *param;  /* scanned parameter name */
    double best_fit;    /* refined minimum location */
    double chi2_min;    /* chi2 at best_fit (<= every grid value) */
    double dchi2_crit;  /* threshold used for the region */
    size_t n_intervals; /* 0 when even the best point is above it (never) */
    const cx_interval *intervals;
    double sensitivity_percent; /* 100 * half-width / |best_fit| when the region is
                                   one closed interval and best_fit != 0, else NaN */
    size_t n_points;
    const double *x;       /* grid values */
    const double *chi2;    /* chi2 (not Delta) at each grid value */
    size_t n_profile;      /* profiled parameters */
    const double *profile; /* n_points rows of profile_stride values, the
                              first n_profile the minimising values */
    size_t profile_stride;
    const double *best_profile; /* n_profile values at best_fit */
    int best_at_bound;          /* 1 when the minimum is at a range bound */
} cx_scan_res;

/* The default range of a scan of parameter in, the one rule of batch scan
 * and contour and the explorer's curve: the registry's scan range ([min,
 * max] when it gives none). log_axis: 1 log, 0 linear, -1 the parameter's
 * choice, which is log for a log-scale parameter whose scan range starts
 * above 0 (a range from 0, such as a magnetic moment's, stays linear so that
 * its Standard Model value is on the axis); a log axis gets a positive lower
 * end (log_floor, else hi * 1e-4). When v is finite the range is widened to
 * take it in (linear: 10 % of the span beyond it; log: down to v, up to 1.5
 * v), within [min, max]. Sets *lo < *hi and *logx (may be NULL). */
void cx_scan_default_range(const cx_param_info *in, double v, int log_axis, double *lo, double *hi,
                           int *logx);

/* Allocates a scan over fit (borrowed; it must outlive the scan) for grids of
 * up to max_points points. NULL with *status (CX_EINVAL, CX_ENOMEM). */
cx_scan *cx_scan_alloc(cx_chi2_fit *fit, size_t max_points, int *status);
/* Frees; NULL is allowed. */
void cx_scan_free(cx_scan *s);

/* Adds a parameter to minimise over at each point (allocates the minimiser).
 * It is searched over its registry scan range first, then freely within its
 * allowed range. CX_ENOTFOUND (unknown), CX_ERANGE (more than
 * CX_SCAN_MAX_PROFILE), CX_EINVAL (already profiled). */
int cx_scan_add_profile(cx_scan *s, const char *name);
/* Removes all profiled parameters. */
void cx_scan_clear_profiles(cx_scan *s);

/* Delta chi2 threshold of the confidence region (default 2.71, 90 % CL for
 * one parameter). CX_EINVAL unless positive. Takes effect at the next init. */
int cx_scan_set_dchi2(cx_scan *s, double dchi2_crit);
/* Logarithmic grid spacing (lo > 0 then required). Next init. */
void cx_scan_set_log(cx_scan *s, int log_spacing);

/* Starts a scan of param over [lo, hi] with n grid points (3 <= n <=
 * max_points). An enumerated parameter (CX_SCALE_ENUM) is scanned over its
 * labels lo, lo + 1, ..., hi (n = hi - lo + 1 >= 2, no log grid): the best
 * fit is the best label and the interval edges are labels. Returns CX_OK, CX_ENOTFOUND (unknown
 * parameter), CX_EINVAL (n out of range, lo >= hi, NaN, param equal to a profiled one, log grid
 * with lo <= 0), CX_ERANGE (outside the parameter's allowed range). */
int cx_scan_init(cx_scan *s, const char *param, double lo, double hi, size_t n);
/* Does up to budget units of work (>= 1). Returns CX_CONTINUE while work is
 * left, CX_OK when the scan is complete, or an error (CX_ENUMERIC with the
 * model's message in cx_scan_last_error()). */
int cx_scan_step(cx_scan *s, size_t budget);
/* Fraction of the work done, 0 to 1. */
double cx_scan_progress(const cx_scan *s);
/* Fills *r. CX_CONTINUE when the scan is not finished, CX_EINVAL when it was
 * never started. */
int cx_scan_result(const cx_scan *s, cx_scan_res *r);
/* Evaluates the (profiled) chi2 at one value of the scanned parameter of the
 * current init, e.g. for a cursor readout. Allocates nothing. */
int cx_scan_eval(cx_scan *s, double x, double *chi2);
/* A message about the last failure, "" when none. */
const char *cx_scan_last_error(const cx_scan *s);

#ifdef __cplusplus
}
#endif
#endif
