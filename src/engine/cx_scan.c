/* cx_scan.c - stepwise one-dimensional Delta-chi2 scans with optional
 * profiling, refined best fit and interval edges (doc/physics.md section 6).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_scan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>

#include "cevnsx/cx_errno.h"
#include "cevnsx/cx_fc.h"

#define MAXP CX_SCAN_MAX_PROFILE

/* Iteration limits and tolerances. The chi2 curves are smooth on the scale
 * of a grid cell, so Brent converges in ~10-20 steps; the limits only guard
 * against noisy profiled curves. Tolerances are relative to the scan range
 * (edges are quoted to ~4 significant digits; 1e-9 leaves ample margin). */
#define ROOT_MAX_ITER 100
#define ROOT_REL_TOL 1e-9
#define MIN_MAX_ITER 100
#define MIN_REL_TOL 1e-8
/* Profile minimiser: variables are scaled by the profile's scan width; the
 * simplex starts at 2 % of it and stops at 1e-7 of it (well below any change
 * visible in chi2), at most 2000 iterations. */
#define PROF_STEP 0.02
#define PROF_TOL 1e-7
#define PROF_MAX_ITER 2000
/* Penalty per squared scan width outside a profile's allowed range; large
 * compared to any chi2 of interest, smooth for the simplex. */
#define PROF_PENALTY 1e6
/* Points per dimension of the coarse search that seeds the first profile
 * minimisation (product kept near 200 evaluations). */
#define PROF_SEED_EVALS 200.0
#define SEED_MAX_PER_DIM 200
#define SEED_MAX 256
/* Valleys followed at once along a profiled scan, and the distance (in scan
 * widths) below which two of them count as one. */
#define NTRACK 4
#define SEED_WIDEN 10.0
#define SEED_TIMES 8 /* coarse searches per scan */
#define TRACK_MERGE 1e-4

typedef enum { PH_IDLE = 0, PH_GRID, PH_BACK, PH_MIN, PH_EDGES, PH_DONE, PH_FAILED } phase;

typedef struct {
    double a, b; /* bracket */
    size_t warm; /* grid index whose profile seeds the minimiser */
    size_t iv;   /* interval index */
    int hi;      /* 0: refines lo, 1: refines hi */
} edge_task;

struct cx_scan {
    cx_chi2_fit *fit;
    size_t max_points;
    double crit, crit_next;
    int log, log_next;
    int discrete; /* an enumerated parameter: the grid is its labels, no refinement */

    /* profiled parameters */
    size_t k;
    int ph[MAXP];
    double pmin[MAXP], pmax[MAXP]; /* allowed range */
    double plo[MAXP], phi[MAXP];   /* search range of the seed */
    double pw[MAXP];               /* scale (scan width) */
    double pc[MAXP];               /* centre of the current minimisation */
    gsl_multimin_fminimizer *mm;
    gsl_vector *mv, *mstep;

    gsl_min_fminimizer *fmin;
    gsl_min_fminimizer *pmin1; /* one profiled parameter: Brent */
    int counting;              /* one experiment with a counting statistic */
    unsigned quad_ok;          /* bit j: N found quadratic in profile j at this init */
    gsl_root_fsolver *root;

    /* current scan */
    int h;
    char name[64];
    double lo, hi;
    size_t n;
    double *x, *chi2, *prof; /* prof: max_points * MAXP */
    double tmp[MAXP], warm[MAXP], best_prof[MAXP];
    double trk[NTRACK + 1][MAXP]; /* valleys followed along the scan */
    size_t n_trk;
    double seedv[SEED_MAX];
    double offset; /* subtracted in the 1-D GSL functions */
    cx_interval *iv;
    size_t n_iv;
    edge_task *tasks;
    size_t n_tasks, task_i;

    phase ph_;
    size_t i;
    size_t done_units;
    double best, chi2_min;
    int best_at_bound;
    int fail;
    char err[256];
};

/* ------------------------------------------------------------ evaluation */

static int eval_plain(cx_scan *s, double *chi2)
{
    int st = cx_chi2_fit_eval(s->fit, chi2);
    if (st != CX_OK && !s->fail) {
        s->fail = st;
        snprintf(s->err, sizeof s->err, "%s", cx_model_last_error(cx_chi2_fit_model(s->fit, 0)));
    }
    return st;
}

/* chi2 at scaled profile coordinates v (p_j = pc_j + pw_j v_j), plus a
 * smooth penalty outside the allowed range. */
static double prof_f(const gsl_vector *v, void *p)
{
    cx_scan *s = p;
    double pen = 0, c;
    for (size_t j = 0; j < s->k; j++) {
        double x = s->pc[j] + s->pw[j] * gsl_vector_get(v, j), d = 0;
        if (x < s->pmin[j])
            d = (s->pmin[j] - x) / s->pw[j], x = s->pmin[j];
        else if (x > s->pmax[j])
            d = (x - s->pmax[j]) / s->pw[j], x = s->pmax[j];
        pen += PROF_PENALTY * d * d;
        cx_chi2_fit_set(s->fit, s->ph[j], x);
    }
    if (eval_plain(s, &c) != CX_OK)
        return GSL_POSINF;
    return c + pen;
}

static void prof_apply(cx_scan *s, const double *vals)
{
    for (size_t j = 0; j < s->k; j++)
        cx_chi2_fit_set(s->fit, s->ph[j], vals[j]);
}

/* chi2 with the one profiled parameter at p (inside its allowed range). */
static double prof_f1(double p, void *v)
{
    cx_scan *s = v;
    double c;
    cx_chi2_fit_set(s->fit, s->ph[0], p);
    if (eval_plain(s, &c) != CX_OK)
        return GSL_NAN;
    return c;
}

/* One profiled parameter: bracket the minimum from start with steps growing
 * by the golden ratio from PROF_STEP scan widths (within the allowed range),
 * then Brent (gsl_min) to PROF_TOL scan widths, ~20 evaluations instead of
 * ~125 for the simplex. A minimum at a bound of the allowed range is
 * returned as that bound; a direction along which chi2 does not change at
 * all (the parameter has no effect) keeps start. */
static int prof_minimise_1d(cx_scan *s, const double *start, double *out, double *chi2)
{
    const double gold = 1.618033988749895;
    double lo = s->pmin[0], hi = s->pmax[0], h = PROF_STEP * s->pw[0];
    double xm = start[0] < lo ? lo : start[0] > hi ? hi : start[0], fm, xa, fa, xb, fb;
    int iter = 0, status;
    gsl_function fn = {prof_f1, s};

    fm = prof_f1(xm, s);
    if (s->fail)
        return s->fail;
    /* a step each way; walk downhill until the value rises again */
    xa = fmax(lo, xm - h);
    xb = fmin(hi, xm + h);
    fa = xa < xm ? prof_f1(xa, s) : fm;
    fb = xb > xm ? prof_f1(xb, s) : fm;
    if (s->fail)
        return s->fail;
    while (!(fm < fa && fm < fb)) {
        if (fa == fm && fb == fm) {
            /* flat or at a bound with no room: keep the lowest point */
            break;
        }
        if (fa < fb || (fa == fb && xm - xa > xb - xm)) {
            /* downhill towards lo */
            if (xa <= lo) {
                xm = xa;
                fm = fa;
                break;
            }
            h *= gold;
            xb = xm;
            fb = fm;
            xm = xa;
            fm = fa;
            xa = fmax(lo, xm - h);
            fa = prof_f1(xa, s);
        } else {
            if (xb >= hi) {
                xm = xb;
                fm = fb;
                break;
            }
            h *= gold;
            xa = xm;
            fa = fm;
            xm = xb;
            fm = fb;
            xb = fmin(hi, xm + h);
            fb = prof_f1(xb, s);
        }
        if (s->fail)
            return s->fail;
        if (++iter > 200)
            break;
    }
    if (fm < fa && fm < fb &&
        gsl_min_fminimizer_set_with_values(s->pmin1, &fn, xm, fm, xa, fa, xb, fb) == GSL_SUCCESS) {
        iter = 0;
        do {
            iter++;
            status = gsl_min_fminimizer_iterate(s->pmin1);
            if (status || s->fail)
                break;
            status = gsl_min_test_interval(gsl_min_fminimizer_x_lower(s->pmin1),
                                           gsl_min_fminimizer_x_upper(s->pmin1),
                                           PROF_TOL * s->pw[0], 0.0);
        } while (status == GSL_CONTINUE && iter < MIN_MAX_ITER);
        if (s->fail)
            return s->fail;
        xm = gsl_min_fminimizer_x_minimum(s->pmin1);
    }
    out[0] = xm;
    prof_apply(s, out);
    if (eval_plain(s, chi2) != CX_OK)
        return s->fail;
    return CX_OK;
}

/* One profiled parameter with a counting statistic (single-bin, forecast;
 * cx_fc.h): chi2 depends on the couplings only through the total N, and N is
 * a quadratic function of each NSI coupling and of sin2w. N is sampled at
 * three fixed points of the parameter's registry scan range and checked at a
 * fourth (relative 1e-9); when it is quadratic, the chi2-minimising N over the
 * N range the allowed parameter range reaches is found in closed form
 * (cx_fc_argmin()) and the parameter value giving it is the root of the
 * quadratic nearest start (both roots give the same chi2: the degenerate
 * solutions). 5 evaluations instead of ~20. Returns 1 when done, 0 to fall
 * back to Brent, or -1 on a failed evaluation. */
static int prof_closed_coord(cx_scan *s, size_t j, double *cur, double *chi2)
{
    const cx_chi2 *c = cx_chi2_fit_chi2(s->fit, 0);
    cx_model *m = cx_chi2_fit_model(s->fit, 0);
    double lo = s->pmin[j], hi = s->pmax[j], u[4], n[4], qa, qb, qc, nlo, nhi, nstar, p;
    cx_chi2_count f;
    double a = s->plo[j], b = s->phi[j];
    if (!(b > a) || !isfinite(a) || !isfinite(b))
        return 0;
    u[0] = a;
    u[1] = 0.5 * (a + b);
    u[2] = b;
    u[3] = a + 0.3 * (b - a);
    prof_apply(s, cur);
    for (int i = 0; i < (s->quad_ok >> j & 1u ? 3 : 4); i++) {
        double cc;
        cx_chi2_fit_set(s->fit, s->ph[j], u[i]);
        if (eval_plain(s, &cc) != CX_OK)
            return -1;
        if (cx_chi2_counting(c, m, &f) != CX_OK)
            return 0;
        n[i] = f.n_th;
    }
    /* N(p) = qa p^2 + qb p + qc through the first three (divided
     * differences), checked at the fourth */
    {
        double d01 = (n[1] - n[0]) / (u[1] - u[0]), d12 = (n[2] - n[1]) / (u[2] - u[1]);
        double pred;
        qa = (d12 - d01) / (u[2] - u[0]);
        qb = d01 - qa * (u[0] + u[1]);
        qc = n[0] - (qa * u[0] + qb) * u[0];
        /* the check at the first point of a scan: whether N is quadratic
         * in a parameter does not depend on the other parameters' values */
        if (!(s->quad_ok >> j & 1u)) {
            pred = (qa * u[3] + qb) * u[3] + qc;
            if (!(fabs(pred - n[3]) <= 1e-9 * (fabs(n[0]) + fabs(n[1]) + fabs(n[2]))))
                return 0;
            s->quad_ok |= 1u << j;
        }
    }
    /* N range over [lo, hi] */
    {
        double e0 = (qa * lo + qb) * lo + qc, e1 = (qa * hi + qb) * hi + qc;
        nlo = fmin(e0, e1);
        nhi = fmax(e0, e1);
        if (qa != 0) {
            double v = -qb / (2 * qa);
            if (v > lo && v < hi) {
                double ev = (qa * v + qb) * v + qc;
                nlo = fmin(nlo, ev);
                nhi = fmax(nhi, ev);
            }
        }
    }
    nstar = cx_fc_argmin(&f, nlo, nhi);
    /* the p in [lo, hi] with N(p) = nstar nearest start */
    {
        double x0 = cur[j], cands[4];
        int nc = 0;
        if (qa == 0) {
            if (qb == 0)
                return 0; /* the parameter has no effect: Brent keeps start */
            cands[nc++] = (nstar - qc) / qb;
        } else {
            double disc = qb * qb - 4 * qa * (qc - nstar);
            if (disc < 0)
                disc = 0; /* nstar at the vertex, up to rounding */
            {
                double sq = sqrt(disc), q = -0.5 * (qb + (qb >= 0 ? sq : -sq));
                cands[nc++] = q / qa;
                if (q != 0)
                    cands[nc++] = (qc - nstar) / q;
            }
        }
        p = NAN;
        for (int i = 0; i < nc; i++) {
            double t = cands[i] < lo ? lo : cands[i] > hi ? hi : cands[i];
            if (isnan(p) || fabs(t - x0) < fabs(p - x0))
                p = t;
        }
        if (isnan(p))
            return 0;
    }
    cur[j] = p;
    prof_apply(s, cur);
    if (eval_plain(s, chi2) != CX_OK)
        return -1;
    return 1;
}

/* Several profiled parameters of a counting statistic: exact minimisation
 * along one coordinate at a time (prof_closed_coord()), in sweeps over all of
 * them until a sweep lowers chi2 by less than 1e-12 relative (at most 8).
 * chi2 is a function of N alone, so the first coordinate that can reach the
 * best N ends it. Returns as prof_closed_coord(). */
static int prof_closed(cx_scan *s, const double *start, double *out, double *chi2)
{
    double prev = INFINITY;
    memcpy(out, start, s->k * sizeof *out);
    for (int sweep = 0; sweep < 8; sweep++) {
        for (size_t j = 0; j < s->k; j++) {
            int r = prof_closed_coord(s, j, out, chi2);
            if (r <= 0)
                return r;
        }
        if (!(*chi2 < prev - 1e-12 * (1 + fabs(*chi2))))
            break;
        prev = *chi2;
    }
    return 1;
}

/* Minimises over the profiled parameters from start; out receives the
 * minimising values. Returns CX_OK or an error. */
static int prof_minimise(cx_scan *s, const double *start, double *out, double *chi2)
{
    gsl_multimin_function fn = {prof_f, s->k, s};
    int status, iter = 0;
    double c;

    /* (several parameters: coordinate-wise closed forms stall along the
     * flat direction of two couplings that enter N together, e.g.
     * eps_mumu_u and eps_mumu_d, 3e-4 above the minimum: the simplex) */
    if (s->counting && s->k == 1) {
        int r = prof_closed(s, start, out, chi2);
        if (r != 0)
            return r > 0 ? CX_OK : s->fail;
    }
    if (s->k == 1)
        return prof_minimise_1d(s, start, out, chi2);
    for (size_t j = 0; j < s->k; j++) {
        s->pc[j] = start[j];
        gsl_vector_set(s->mv, j, 0.0);
        gsl_vector_set(s->mstep, j, PROF_STEP);
    }
    if (gsl_multimin_fminimizer_set(s->mm, &fn, s->mv, s->mstep) != GSL_SUCCESS) {
        snprintf(s->err, sizeof s->err, "profile minimiser failed to start");
        return s->fail ? s->fail : CX_ENUMERIC;
    }
    do {
        iter++;
        status = gsl_multimin_fminimizer_iterate(s->mm);
        if (status)
            break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(s->mm), PROF_TOL);
    } while (status == GSL_CONTINUE && iter < PROF_MAX_ITER);
    if (s->fail)
        return s->fail;
    /* GSL_ENOPROG (no progress in a flat valley) still leaves the best
     * vertex found, which is what we want; anything else is a failure. */
    if (status != GSL_SUCCESS && status != GSL_CONTINUE && status != GSL_ENOPROG) {
        snprintf(s->err, sizeof s->err, "profile minimiser failed: %s", gsl_strerror(status));
        return CX_ENUMERIC;
    }
    for (size_t j = 0; j < s->k; j++) {
        double x = s->pc[j] + s->pw[j] * gsl_vector_get(s->mm->x, j);
        out[j] = x < s->pmin[j] ? s->pmin[j] : x > s->pmax[j] ? s->pmax[j] : x;
    }
    /* leave the models at the minimum and report the penalty-free chi2 */
    prof_apply(s, out);
    if (eval_plain(s, &c) != CX_OK)
        return s->fail;
    *chi2 = c;
    return CX_OK;
}

/* Coarse search over the profiled parameters at the current value of the
 * scanned one: the best nodes that are local minima of the coarse grid
 * (distinct valleys, e.g. the two signs of a weak charge) join the tracks
 * followed along the scan, best first, while slots are free and no track is
 * already within one coarse cell. The search covers the allowed range when
 * it is at most SEED_WIDEN scan widths, else the scan range widened by half
 * on each side (clamped to the allowed range). */
static int prof_seed(cx_scan *s)
{
    size_t g = (size_t)floor(pow(PROF_SEED_EVALS, 1.0 / (double)s->k));
    size_t total = 1;
    double lo[MAXP], hi[MAXP];

    if (g < 2)
        return CX_OK;
    if (g > SEED_MAX_PER_DIM)
        g = SEED_MAX_PER_DIM;
    for (size_t j = 0; j < s->k; j++) {
        total *= g;
        if (s->pmax[j] - s->pmin[j] <= SEED_WIDEN * s->pw[j]) {
            lo[j] = s->pmin[j];
            hi[j] = s->pmax[j];
        } else {
            lo[j] = fmax(s->pmin[j], s->plo[j] - 0.5 * s->pw[j]);
            hi[j] = fmin(s->pmax[j], s->phi[j] + 0.5 * s->pw[j]);
        }
    }
    if (total > SEED_MAX)
        return CX_OK;
    for (size_t t = 0; t < total; t++) {
        size_t r = t;
        double vals[MAXP];
        for (size_t j = 0; j < s->k; j++) {
            vals[j] = lo[j] + (hi[j] - lo[j]) * (double)(r % g) / (double)(g - 1);
            r /= g;
        }
        prof_apply(s, vals);
        if (eval_plain(s, &s->seedv[t]) != CX_OK)
            return s->fail;
    }
    while (s->n_trk < NTRACK) {
        size_t best = total;
        double vals[MAXP];
        int near = 0;
        for (size_t t = 0; t < total; t++) {
            size_t r = t, stride = 1;
            int is_min = isfinite(s->seedv[t]);
            for (size_t j = 0; j < s->k && is_min; j++) {
                size_t idx = r % g;
                if (idx > 0 && s->seedv[t - stride] < s->seedv[t])
                    is_min = 0;
                if (idx + 1 < g && s->seedv[t + stride] <= s->seedv[t])
                    is_min = 0;
                r /= g;
                stride *= g;
            }
            if (is_min && (best == total || s->seedv[t] < s->seedv[best]))
                best = t;
        }
        if (best == total)
            break;
        {
            size_t r = best;
            for (size_t j = 0; j < s->k; j++) {
                vals[j] = lo[j] + (hi[j] - lo[j]) * (double)(r % g) / (double)(g - 1);
                r /= g;
            }
        }
        s->seedv[best] = INFINITY; /* taken */
        for (size_t u = 0; u < s->n_trk && !near; u++) {
            near = 1;
            for (size_t j = 0; j < s->k; j++)
                if (fabs(s->trk[u][j] - vals[j]) > (hi[j] - lo[j]) / (double)(g - 1))
                    near = 0;
        }
        if (!near) {
            memcpy(s->trk[s->n_trk], vals, s->k * sizeof *vals);
            s->n_trk++;
        }
    }
    return CX_OK;
}

/* chi2 at x of the scanned parameter, minimised over the profiles from warm
 * (may be NULL without profiles); out receives the profile values. */
static int eval_at(cx_scan *s, double x, const double *warm, double *out, double *chi2)
{
    int st = cx_chi2_fit_set(s->fit, s->h, x);
    if (st != CX_OK) {
        snprintf(s->err, sizeof s->err, "%s = %g is outside its allowed range", s->name, x);
        return st;
    }
    if (s->k == 0)
        return eval_plain(s, chi2);
    return prof_minimise(s, warm, out, chi2);
}

static double gsl_fx(double x, void *p)
{
    cx_scan *s = p;
    double c;
    if (s->fail || eval_at(s, x, s->warm, s->tmp, &c) != CX_OK) {
        if (!s->fail)
            s->fail = CX_ENUMERIC;
        return GSL_NAN;
    }
    return c - s->offset;
}

/* --------------------------------------------------------------- objects */

void cx_scan_free(cx_scan *s)
{
    if (!s)
        return;
    if (s->mm)
        gsl_multimin_fminimizer_free(s->mm);
    if (s->mv)
        gsl_vector_free(s->mv);
    if (s->mstep)
        gsl_vector_free(s->mstep);
    if (s->fmin)
        gsl_min_fminimizer_free(s->fmin);
    if (s->pmin1)
        gsl_min_fminimizer_free(s->pmin1);
    if (s->root)
        gsl_root_fsolver_free(s->root);
    free(s->x);
    free(s->chi2);
    free(s->prof);
    free(s->iv);
    free(s->tasks);
    free(s);
}

cx_scan *cx_scan_alloc(cx_chi2_fit *fit, size_t max_points, int *status)
{
    cx_scan *s;
    if (!fit || max_points < 3) {
        *status = CX_EINVAL;
        return NULL;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        *status = CX_ENOMEM;
        return NULL;
    }
    s->fit = fit;
    s->max_points = max_points;
    s->crit = s->crit_next = 2.71;
    s->x = malloc(max_points * sizeof *s->x);
    s->chi2 = malloc(max_points * sizeof *s->chi2);
    s->prof = calloc(max_points * MAXP, sizeof *s->prof);
    /* runs of points below threshold alternate with runs above */
    s->iv = malloc((max_points / 2 + 2) * sizeof *s->iv);
    s->tasks = malloc((max_points + 4) * sizeof *s->tasks);
    s->fmin = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    s->pmin1 = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
    s->root = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s->x || !s->chi2 || !s->prof || !s->iv || !s->tasks || !s->fmin || !s->pmin1 || !s->root) {
        cx_scan_free(s);
        *status = CX_ENOMEM;
        return NULL;
    }
    *status = CX_OK;
    return s;
}

static int realloc_minimiser(cx_scan *s)
{
    if (s->mm)
        gsl_multimin_fminimizer_free(s->mm);
    if (s->mv)
        gsl_vector_free(s->mv);
    if (s->mstep)
        gsl_vector_free(s->mstep);
    s->mm = NULL;
    s->mv = s->mstep = NULL;
    if (s->k <= 1)
        return CX_OK; /* none, or Brent (prof_minimise_1d) */
    s->mm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, s->k);
    s->mv = gsl_vector_alloc(s->k);
    s->mstep = gsl_vector_alloc(s->k);
    return s->mm && s->mv && s->mstep ? CX_OK : CX_ENOMEM;
}

int cx_scan_add_profile(cx_scan *s, const char *name)
{
    int h, st;
    const cx_param_info *info;
    if (s->k >= MAXP)
        return CX_ERANGE;
    st = cx_chi2_fit_param(s->fit, name, &h);
    if (st != CX_OK)
        return st;
    for (size_t j = 0; j < s->k; j++)
        if (s->ph[j] == h)
            return CX_EINVAL;
    info = cx_chi2_fit_param_info(s->fit, h);
    s->ph[s->k] = h;
    s->pmin[s->k] = info->min;
    s->pmax[s->k] = info->max;
    s->plo[s->k] = info->scan_lo;
    s->phi[s->k] = info->scan_hi;
    s->pw[s->k] = info->scan_hi > info->scan_lo
                      ? info->scan_hi - info->scan_lo
                      : (info->max > info->min ? info->max - info->min : 1.0);
    s->k++;
    st = realloc_minimiser(s);
    if (st != CX_OK)
        s->k--;
    s->ph_ = PH_IDLE;
    return st;
}

void cx_scan_clear_profiles(cx_scan *s)
{
    s->k = 0;
    realloc_minimiser(s);
    s->ph_ = PH_IDLE;
}

int cx_scan_set_dchi2(cx_scan *s, double dchi2_crit)
{
    if (!(dchi2_crit > 0) || !isfinite(dchi2_crit))
        return CX_EINVAL;
    s->crit_next = dchi2_crit;
    return CX_OK;
}

void cx_scan_set_log(cx_scan *s, int log_spacing)
{
    s->log_next = log_spacing != 0;
}

int cx_scan_init(cx_scan *s, const char *param, double lo, double hi, size_t n)
{
    int h, st;
    const cx_param_info *info;

    s->ph_ = PH_IDLE;
    s->fail = 0;
    s->err[0] = '\0';
    if (!param || strlen(param) >= sizeof s->name)
        return CX_ENOTFOUND;
    if (n < 2 || n > s->max_points || !isfinite(lo) || !isfinite(hi) || !(lo < hi))
        return CX_EINVAL;
    if (s->log_next && !(lo > 0))
        return CX_EINVAL;
    st = cx_chi2_fit_param(s->fit, param, &h);
    if (st != CX_OK)
        return st == CX_ERANGE ? CX_EINVAL : st;
    for (size_t j = 0; j < s->k; j++)
        if (s->ph[j] == h)
            return CX_EINVAL;
    info = cx_chi2_fit_param_info(s->fit, h);
    if (lo < info->min || hi > info->max)
        return CX_ERANGE;
    /* an enumerated parameter: every label from lo to hi, one grid point each */
    int discrete = info->scale == CX_SCALE_ENUM;
    if (discrete && (s->log_next || lo != floor(lo) || hi != floor(hi) || (double)n != hi - lo + 1))
        return CX_EINVAL;
    if (!discrete && n < 3)
        return CX_EINVAL;

    strcpy(s->name, param);
    s->h = h;
    s->lo = lo;
    s->hi = hi;
    s->n = n;
    s->crit = s->crit_next;
    s->log = s->log_next;
    s->discrete = discrete;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / (double)(n - 1);
        s->x[i] = discrete ? lo + (double)i : s->log ? lo * pow(hi / lo, t) : lo + (hi - lo) * t;
    }
    s->x[0] = lo; /* exact bounds despite rounding */
    s->x[n - 1] = hi;
    for (size_t j = 0; j < s->k; j++)
        s->warm[j] = cx_chi2_fit_get(s->fit, s->ph[j]);
    {
        cx_chi2_count f;
        s->quad_ok = 0;
        s->counting = cx_chi2_fit_n(s->fit) == 1 &&
                      cx_chi2_counting(cx_chi2_fit_chi2(s->fit, 0), cx_chi2_fit_model(s->fit, 0),
                                       &f) == CX_OK;
    }
    s->n_iv = s->n_tasks = s->task_i = 0;
    s->i = 0;
    s->done_units = 0;
    s->best_at_bound = 0;
    s->ph_ = PH_GRID;
    return CX_OK;
}

/* ---------------------------------------------------------------- phases */

/* Profiled grid point: every track is minimised from where it was at the
 * previous point; the lowest gives the point's value. Tracks that fall into
 * the same valley merge. */
static int step_grid_profiled(cx_scan *s)
{
    size_t i = s->i;
    double *out = s->prof + i * MAXP, best = INFINITY;
    int st;
    if (i == 0) {
        memcpy(s->trk[0], s->warm, sizeof s->trk[0]);
        s->n_trk = 1;
    }
    /* look for new valleys at the start and a few times along the scan */
    /* (not with the closed form of one profiled parameter of a counting
     * statistic: it finds the global minimum by itself) */
    if (i % ((s->n + SEED_TIMES - 1) / SEED_TIMES) == 0 && s->n_trk < NTRACK &&
        !(s->counting && s->k == 1)) {
        st = cx_chi2_fit_set(s->fit, s->h, s->x[i]);
        if (st != CX_OK)
            return st;
        st = prof_seed(s);
        if (st != CX_OK)
            return st;
    }
    for (size_t t = 0; t < s->n_trk; t++) {
        double c;
        st = eval_at(s, s->x[i], s->trk[t], s->trk[t], &c);
        if (st != CX_OK)
            return st;
        if (c < best) {
            best = c;
            memcpy(out, s->trk[t], s->k * sizeof *out);
        }
    }
    for (size_t t = 1; t < s->n_trk; t++)
        for (size_t u = 0; u < t; u++) {
            double d = 0;
            for (size_t j = 0; j < s->k; j++)
                d = fmax(d, fabs(s->trk[t][j] - s->trk[u][j]) / s->pw[j]);
            if (d < TRACK_MERGE) {
                memmove(s->trk[t], s->trk[t + 1], (s->n_trk - t - 1) * sizeof s->trk[0]);
                s->n_trk--;
                t--;
                break;
            }
        }
    s->chi2[i] = best;
    s->i++;
    return CX_OK;
}

static int step_grid(cx_scan *s)
{
    int st;
    if (s->k > 0)
        return step_grid_profiled(s);
    st = eval_at(s, s->x[s->i], NULL, NULL, &s->chi2[s->i]);
    if (st != CX_OK)
        return st;
    s->i++;
    return CX_OK;
}

/* Backward pass: re-minimise from the right neighbour's profile and keep
 * the lower value, so a warm start stuck in a worse valley recovers. */
static int step_back(cx_scan *s)
{
    size_t i = s->i;
    double c, vals[MAXP];
    int st = eval_at(s, s->x[i], s->prof + (i + 1) * MAXP, vals, &c);
    if (st != CX_OK)
        return st;
    if (c < s->chi2[i]) {
        s->chi2[i] = c;
        memcpy(s->prof + i * MAXP, vals, s->k * sizeof *vals);
    }
    return CX_OK;
}

static int step_min(cx_scan *s)
{
    size_t im = 0;
    for (size_t i = 1; i < s->n; i++)
        if (s->chi2[i] < s->chi2[im])
            im = i;
    s->best = s->x[im];
    s->chi2_min = s->chi2[im];
    memcpy(s->best_prof, s->prof + im * MAXP, sizeof s->best_prof);
    if (im == 0 || im == s->n - 1) {
        s->best_at_bound = 1;
        return CX_OK;
    }
    if (s->discrete)
        return CX_OK; /* no values between the labels */
    /* Brent needs f(guess) strictly below both bracket ends; a flat valley
     * (degenerate minimum) keeps the grid point. */
    if (!(s->chi2[im] < s->chi2[im - 1] && s->chi2[im] < s->chi2[im + 1]))
        return CX_OK;
    {
        gsl_function fn = {gsl_fx, s};
        double a = s->x[im - 1], b = s->x[im + 1], xm = s->x[im];
        int status, iter = 0;
        memcpy(s->warm, s->prof + im * MAXP, sizeof s->warm);
        s->offset = 0;
        status = gsl_min_fminimizer_set_with_values(s->fmin, &fn, xm, s->chi2[im], a,
                                                    s->chi2[im - 1], b, s->chi2[im + 1]);
        if (status != GSL_SUCCESS)
            return CX_OK; /* keep the grid minimum */
        do {
            iter++;
            status = gsl_min_fminimizer_iterate(s->fmin);
            if (status || s->fail)
                break;
            a = gsl_min_fminimizer_x_lower(s->fmin);
            b = gsl_min_fminimizer_x_upper(s->fmin);
            status = gsl_min_test_interval(a, b, MIN_REL_TOL * (s->hi - s->lo), 0.0);
        } while (status == GSL_CONTINUE && iter < MIN_MAX_ITER);
        if (s->fail)
            return s->fail;
        {
            double xb = gsl_min_fminimizer_x_minimum(s->fmin), c;
            int st = eval_at(s, xb, s->warm, s->tmp, &c);
            if (st != CX_OK)
                return st;
            if (c < s->chi2_min) {
                s->best = xb;
                s->chi2_min = c;
                memcpy(s->best_prof, s->tmp, sizeof s->best_prof);
            }
        }
    }
    return CX_OK;
}

static void add_task(cx_scan *s, double a, double b, size_t warm, size_t iv, int hi)
{
    edge_task *t = &s->tasks[s->n_tasks++];
    t->a = a;
    t->b = b;
    t->warm = warm;
    t->iv = iv;
    t->hi = hi;
}

/* Splits the grid into runs below threshold and queues one root search per
 * closed edge. */
static void plan_edges(cx_scan *s)
{
    double lim = s->chi2_min + s->crit;
    size_t i = 0, n = s->n;
    int best_covered = 0;
    s->n_iv = s->n_tasks = s->task_i = 0;
    while (i < n) {
        size_t i0, i1;
        cx_interval *v;
        if (!(s->chi2[i] <= lim)) {
            i++;
            continue;
        }
        i0 = i;
        while (i + 1 < n && s->chi2[i + 1] <= lim)
            i++;
        i1 = i;
        v = &s->iv[s->n_iv];
        v->lo = s->x[i0];
        v->hi = s->x[i1];
        v->lo_open = i0 == 0;
        v->hi_open = i1 == n - 1;
        /* the edges of a discrete scan are its labels */
        if (!v->lo_open && !s->discrete)
            add_task(s, s->x[i0 - 1], s->x[i0], i0, s->n_iv, 0);
        if (!v->hi_open && !s->discrete)
            add_task(s, s->x[i1], s->x[i1 + 1], i1, s->n_iv, 1);
        if (s->best >= s->x[i0 == 0 ? 0 : i0 - 1] && s->best <= s->x[i1 == n - 1 ? i1 : i1 + 1])
            best_covered = 1;
        s->n_iv++;
        i++;
    }
    if (!best_covered && !s->discrete) {
        /* A region narrower than the grid spacing around the refined minimum:
         * no grid point lies below threshold there. Bracket with the grid
         * neighbours of the best fit. */
        size_t j = 1, k;
        cx_interval *v;
        while (j < n - 1 && s->x[j] < s->best)
            j++;
        /* x[j-1] < best <= x[j]; insert keeping intervals ordered */
        for (k = s->n_iv; k > 0 && s->iv[k - 1].lo > s->best; k--)
            s->iv[k] = s->iv[k - 1];
        for (size_t t = 0; t < s->n_tasks; t++)
            if (s->tasks[t].iv >= k)
                s->tasks[t].iv++;
        v = &s->iv[k];
        v->lo = v->hi = s->best;
        v->lo_open = v->hi_open = 0;
        add_task(s, s->x[j - 1], s->best, j - 1, k, 0);
        add_task(s, s->best, s->x[j], j, k, 1);
        s->n_iv++;
    }
}

static int step_edge(cx_scan *s)
{
    edge_task *t = &s->tasks[s->task_i];
    gsl_function fn = {gsl_fx, s};
    double a = t->a, b = t->b, r;
    int status, iter = 0;
    memcpy(s->warm, t->warm < s->n ? s->prof + t->warm * MAXP : s->best_prof, sizeof s->warm);
    s->offset = s->chi2_min + s->crit;
    status = gsl_root_fsolver_set(s->root, &fn, a, b);
    if (s->fail)
        return s->fail;
    if (status != GSL_SUCCESS) {
        /* The re-minimised ends no longer bracket (profile noise at the
         * 1e-7 level right at a grid point): that grid point is the edge. */
        r = t->hi ? a : b;
    } else {
        do {
            iter++;
            status = gsl_root_fsolver_iterate(s->root);
            if (status || s->fail)
                break;
            a = gsl_root_fsolver_x_lower(s->root);
            b = gsl_root_fsolver_x_upper(s->root);
            status = gsl_root_test_interval(a, b, ROOT_REL_TOL * (s->hi - s->lo), 0.0);
        } while (status == GSL_CONTINUE && iter < ROOT_MAX_ITER);
        if (s->fail)
            return s->fail;
        r = gsl_root_fsolver_root(s->root);
    }
    if (t->hi)
        s->iv[t->iv].hi = r;
    else
        s->iv[t->iv].lo = r;
    s->task_i++;
    return CX_OK;
}

int cx_scan_step(cx_scan *s, size_t budget)
{
    int st = CX_OK;
    if (s->ph_ == PH_IDLE)
        return CX_EINVAL;
    if (s->ph_ == PH_FAILED)
        return s->fail ? s->fail : CX_ENUMERIC;
    if (budget == 0)
        budget = 1;
    while (budget > 0 && s->ph_ != PH_DONE) {
        switch (s->ph_) {
        case PH_GRID:
            st = step_grid(s);
            if (st == CX_OK && s->i == s->n) {
                /* the backward pass recovers warm starts stuck in a worse
                 * valley; the closed form has none */
                if (s->k > 0 && !(s->quad_ok == 1u && s->k == 1)) {
                    s->ph_ = PH_BACK;
                    s->i = s->n - 1;
                } else {
                    s->ph_ = PH_MIN;
                }
            }
            break;
        case PH_BACK:
            s->i--;
            st = step_back(s);
            if (st == CX_OK && s->i == 0)
                s->ph_ = PH_MIN;
            break;
        case PH_MIN:
            st = step_min(s);
            if (st == CX_OK) {
                plan_edges(s);
                s->ph_ = s->n_tasks ? PH_EDGES : PH_DONE;
            }
            break;
        case PH_EDGES:
            st = step_edge(s);
            if (st == CX_OK && s->task_i == s->n_tasks)
                s->ph_ = PH_DONE;
            break;
        default: break;
        }
        if (st != CX_OK) {
            s->ph_ = PH_FAILED;
            if (!s->fail)
                s->fail = st;
            if (!s->err[0])
                snprintf(s->err, sizeof s->err, "%s", cx_strerror(st));
            return st;
        }
        s->done_units++;
        budget--;
    }
    return s->ph_ == PH_DONE ? CX_OK : CX_CONTINUE;
}

double cx_scan_progress(const cx_scan *s)
{
    double total;
    if (s->ph_ == PH_DONE)
        return 1.0;
    if (s->ph_ == PH_IDLE)
        return 0.0;
    /* grid (twice with profiles), the minimum, and typically two edges */
    total = (double)s->n * (s->k > 0 ? 2.0 : 1.0) + 3.0;
    return fmin(0.99, (double)s->done_units / total);
}

int cx_scan_result(const cx_scan *s, cx_scan_res *r)
{
    if (s->ph_ == PH_IDLE || s->ph_ == PH_FAILED)
        return CX_EINVAL;
    if (s->ph_ != PH_DONE)
        return CX_CONTINUE;
    r->param = s->name;
    r->best_fit = s->best;
    r->chi2_min = s->chi2_min;
    r->dchi2_crit = s->crit;
    r->n_intervals = s->n_iv;
    r->intervals = s->iv;
    r->sensitivity_percent = NAN;
    if (s->n_iv == 1 && !s->iv[0].lo_open && !s->iv[0].hi_open && s->best != 0)
        r->sensitivity_percent = 100.0 * 0.5 * (s->iv[0].hi - s->iv[0].lo) / fabs(s->best);
    r->n_points = s->n;
    r->x = s->x;
    r->chi2 = s->chi2;
    r->n_profile = s->k;
    r->profile = s->prof;
    r->profile_stride = MAXP;
    r->best_profile = s->best_prof;
    r->best_at_bound = s->best_at_bound;
    return CX_OK;
}

int cx_scan_eval(cx_scan *s, double x, double *chi2)
{
    double start[MAXP] = {0};
    int st;
    if (s->ph_ == PH_IDLE)
        return CX_EINVAL;
    if (s->k > 0) {
        size_t j = 0;
        if (s->ph_ == PH_DONE) {
            while (j + 1 < s->n && s->x[j + 1] <= x)
                j++;
            memcpy(start, s->prof + j * MAXP, sizeof start);
        } else {
            memcpy(start, s->warm, sizeof start);
        }
    }
    s->fail = 0;
    st = eval_at(s, x, start, s->tmp, chi2);
    return st;
}

const char *cx_scan_last_error(const cx_scan *s)
{
    return s->err;
}

void cx_scan_default_range(const cx_param_info *in, double v, int log_axis, double *lo, double *hi,
                           int *logx)
{
    double l = in->scan_lo, h = in->scan_hi;
    if (!(h > l)) {
        l = in->min;
        h = in->max;
    }
    int lg = log_axis >= 0 ? log_axis != 0 : in->scale == CX_SCALE_LOG && l > 0;
    if (lg && !(l > 0))
        l = in->log_floor > 0 ? in->log_floor : h * 1e-4;
    if (isfinite(v)) {
        if (lg) {
            if (v > 0 && v < l)
                l = v;
            if (v > h)
                h = fmin(v * 1.5, in->max);
            if (!(h > l))
                h = l * 10;
        } else if (v < l || v > h) {
            double span = h - l;
            if (v < l)
                l = fmax(v - 0.1 * span, in->min);
            else
                h = fmin(v + 0.1 * span, in->max);
        }
    }
    *lo = l;
    *hi = h;
    if (logx)
        *logx = lg;
}
