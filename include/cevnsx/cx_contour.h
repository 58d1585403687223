/* cx_contour.h - two-dimensional Delta-chi2 grids and their confidence
 * region boundaries, stepwise.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contour evaluates the chi2 of a fit (cx_chi2.h) on an nx x ny grid of two
 * parameters (linear or logarithmic axes), refines the minimum (GSL simplex)
 * and traces the boundary Delta chi2 = crit (default 4.61, 90 % CL for two
 * parameters) with marching squares. The grid is walked so that the
 * parameter invalidating the more expensive cache stage changes least often
 * (e.g. dm2 once per row of a sterile-mixing plane). Used like cx_scan.h:
 * init, step with a budget in grid points until CX_OK, then result. All
 * memory is allocated by cx_contour_alloc(). */
#ifndef CEVNSX_CX_CONTOUR_H
#define CEVNSX_CX_CONTOUR_H

#include <stddef.h>

#include "cx_chi2.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_contour cx_contour;

typedef struct {
    const char *x_name, *y_name;
    size_t nx, ny;
    const double *xs, *ys; /* axis values */
    const double *chi2;    /* ny rows of nx values: chi2[j * nx + i] at (xs[i], ys[j]) */
    double chi2_min;       /* at (best_x, best_y), <= every grid value */
    double best_x, best_y;
    double dchi2_crit;
    int log_x, log_y;
    /* Boundary of the region Delta chi2 <= dchi2_crit as polylines: n_pts
     * (x, y) pairs in pts, polylines separated by one (NaN, NaN) pair; a
     * closed curve repeats its first point at its end. */
    size_t n_pts;
    const double *pts;
} cx_contour_res;

/* Allocates a contour over fit (borrowed) for grids up to max_nx x max_ny.
 * NULL with *status (CX_EINVAL, CX_ENOMEM). */
cx_contour *cx_contour_alloc(cx_chi2_fit *fit, size_t max_nx, size_t max_ny, int *status);
/* Frees; NULL is allowed. */
void cx_contour_free(cx_contour *c);

/* Delta chi2 level of the region (default 4.61). Takes effect at next init. */
int cx_contour_set_dchi2(cx_contour *c, double dchi2_crit);

/* Starts a grid over x in [xlo, xhi] (nx points) and y in [ylo, yhi] (ny
 * points); log_x/log_y select logarithmic spacing (bounds > 0). Returns
 * CX_OK, CX_ENOTFOUND (unknown name), CX_EINVAL (n < 3 or above the maximum,
 * empty or inverted range, x equal to y, log axis with bound <= 0), CX_ERANGE
 * (outside a parameter's allowed range). */
int cx_contour_init(cx_contour *c, const char *x, double xlo, double xhi, size_t nx, int log_x,
                    const char *y, double ylo, double yhi, size_t ny, int log_y);
/* Evaluates up to budget grid points. CX_CONTINUE while work is left, CX_OK
 * when done (minimum refined, boundary traced), or an error. */
int cx_contour_step(cx_contour *c, size_t budget);
double cx_contour_progress(const cx_contour *c);
/* Fills *r; CX_CONTINUE before the end, CX_EINVAL if never started. */
int cx_contour_result(const cx_contour *c, cx_contour_res *r);
const char *cx_contour_last_error(const cx_contour *c);

/* Marching squares on any grid: z has ny rows of nx values; traces the level
 * z = level between the region z <= level and the rest. Crossings are
 * interpolated linearly in the axis coordinate (log10 of it for a log
 * axis). Writes polylines as described in cx_contour_res into pts (room
 * for max_pairs pairs; 4 nx ny + 8 always suffice), using the workspace
 * work (room for 6 nx ny ints). Returns CX_OK or CX_ERANGE (pts too small). */
int cx_contour_trace(size_t nx, const double *xs, int log_x, size_t ny, const double *ys, int log_y,
                     const double *z, double level, int *work, double *pts, size_t max_pairs,
                     size_t *n_pairs);

#ifdef __cplusplus
}
#endif
#endif
