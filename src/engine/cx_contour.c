/* cx_contour.c - stepwise two-dimensional Delta-chi2 grids and marching
 * squares boundaries.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_contour.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "cevnsx/cx_errno.h"

/* Minimum refinement: simplex in grid-cell units starting at half a cell,
 * stopping at 1e-6 cell (far below the grid's resolution of the region),
 * at most 500 iterations. */
#define REFINE_STEP 0.5
#define REFINE_TOL 1e-6
#define REFINE_MAX_ITER 500

typedef enum { PH_IDLE = 0, PH_GRID, PH_REFINE, PH_DONE, PH_FAILED } phase;

struct cx_contour {
    cx_chi2_fit *fit;
    size_t max_nx, max_ny;
    double crit, crit_next;

    int hx, hy;
    char xname[64], yname[64];
    size_t nx, ny;
    int log_x, log_y;
    double *xs, *ys, *chi2;
    int y_outer; /* 1: y changes least often */
    size_t k;    /* next grid point in walk order */
    double chi2_min, best_x, best_y;
    size_t best_i, best_j;

    gsl_multimin_fminimizer *mm;
    gsl_vector *mv, *mstep;
    double ux0, uy0, dux, duy; /* refinement coordinates: u = (t(x) - ux0) / dux */

    int *work;
    double *pts;
    size_t max_pairs, n_pairs;

    phase ph_;
    int fail;
    char err[256];
};

static double tr(double v, int lg)
{
    return lg ? log10(v) : v;
}

static double untr(double u, int lg)
{
    return lg ? pow(10.0, u) : u;
}

/* ------------------------------------------------------- marching squares */

static int inside(double z, double level)
{
    return z <= level; /* NaN counts as outside */
}

static void link_edges(int *lnk, int a, int b)
{
    if (lnk[2 * a] < 0)
        lnk[2 * a] = b;
    else
        lnk[2 * a + 1] = b;
    if (lnk[2 * b] < 0)
        lnk[2 * b] = a;
    else
        lnk[2 * b + 1] = a;
}

typedef struct {
    size_t nx, ny, nh;
    const double *xs, *ys, *z;
    int lx, ly;
    double level;
} grid;

/* Crossing point of edge e. */
static void edge_point(const grid *g, int e, double *x, double *y)
{
    size_t i, j, i2, j2;
    double za, zb, t;
    if ((size_t)e < g->nh) {
        j = (size_t)e / (g->nx - 1);
        i = (size_t)e % (g->nx - 1);
        i2 = i + 1;
        j2 = j;
    } else {
        size_t v = (size_t)e - g->nh;
        j = v / g->nx;
        i = v % g->nx;
        i2 = i;
        j2 = j + 1;
    }
    za = g->z[j * g->nx + i];
    zb = g->z[j2 * g->nx + i2];
    /* a NaN corner is outside: put the crossing at the finite corner */
    t = isfinite(za) && isfinite(zb) && zb != za ? (g->level - za) / (zb - za)
        : isfinite(za)                           ? 0.0
                                                 : 1.0;
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    *x = untr(tr(g->xs[i], g->lx) + t * (tr(g->xs[i2], g->lx) - tr(g->xs[i], g->lx)), g->lx);
    *y = untr(tr(g->ys[j], g->ly) + t * (tr(g->ys[j2], g->ly) - tr(g->ys[j], g->ly)), g->ly);
}

int cx_contour_trace(size_t nx, const double *xs, int log_x, size_t ny, const double *ys, int log_y,
                     const double *z, double level, int *work, double *pts, size_t max_pairs,
                     size_t *n_pairs)
{
    grid g = {nx, ny, ny * (nx - 1), xs, ys, z, log_x, log_y, level};
    size_t ne = g.nh + (ny - 1) * nx, np = 0;
    int *lnk = work, *seen = work + 2 * ne;

    *n_pairs = 0;
    if (nx < 2 || ny < 2)
        return CX_EINVAL;
    for (size_t e = 0; e < 2 * ne; e++)
        lnk[e] = -1;
    for (size_t e = 0; e < ne; e++)
        seen[e] = 0;

    for (size_t j = 0; j + 1 < ny; j++)
        for (size_t i = 0; i + 1 < nx; i++) {
            double za = z[j * nx + i], zb = z[j * nx + i + 1];
            double zc = z[(j + 1) * nx + i + 1], zd = z[(j + 1) * nx + i];
            int ia = inside(za, level), ib = inside(zb, level);
            int ic = inside(zc, level), id = inside(zd, level);
            int eb = (int)(j * (nx - 1) + i), et = (int)((j + 1) * (nx - 1) + i);
            int el = (int)(g.nh + j * nx + i), er = (int)(g.nh + j * nx + i + 1);
            int cr[4], n = 0;
            if (ia != ib)
                cr[n++] = eb;
            if (ib != ic)
                cr[n++] = er;
            if (ic != id)
                cr[n++] = et;
            if (id != ia)
                cr[n++] = el;
            if (n == 2) {
                link_edges(lnk, cr[0], cr[1]);
            } else if (n == 4) {
                /* saddle: the cell centre decides which corners connect */
                int centre = inside(0.25 * (za + zb + zc + zd), level);
                if (centre == ia) {
                    /* a and c joined through the centre: cut off b and d */
                    link_edges(lnk, eb, er);
                    link_edges(lnk, et, el);
                } else {
                    link_edges(lnk, el, eb);
                    link_edges(lnk, er, et);
                }
            }
        }

    /* open polylines first (ends on the grid border), then closed ones */
    for (int pass = 0; pass < 2; pass++)
        for (size_t e0 = 0; e0 < ne; e0++) {
            int deg = (lnk[2 * e0] >= 0) + (lnk[2 * e0 + 1] >= 0);
            int prev = -1, cur = (int)e0;
            if (seen[e0] || deg == 0 || (pass == 0 && deg != 1))
                continue;
            if (np > 0) {
                if (np >= max_pairs)
                    return CX_ERANGE;
                pts[2 * np] = pts[2 * np + 1] = NAN;
                np++;
            }
            for (;;) {
                int next;
                if (np >= max_pairs)
                    return CX_ERANGE;
                edge_point(&g, cur, &pts[2 * np], &pts[2 * np + 1]);
                np++;
                seen[cur] = 1;
                next = lnk[2 * cur] != prev ? lnk[2 * cur] : lnk[2 * cur + 1];
                if (next < 0)
                    break;
                if (seen[next]) {
                    if (next == (int)e0 && pass == 1) {
                        if (np >= max_pairs)
                            return CX_ERANGE;
                        edge_point(&g, next, &pts[2 * np], &pts[2 * np + 1]);
                        np++;
                    }
                    break;
                }
                prev = cur;
                cur = next;
            }
        }
    *n_pairs = np;
    return CX_OK;
}

/* --------------------------------------------------------------- objects */

void cx_contour_free(cx_contour *c)
{
    if (!c)
        return;
    if (c->mm)
        gsl_multimin_fminimizer_free(c->mm);
    if (c->mv)
        gsl_vector_free(c->mv);
    if (c->mstep)
        gsl_vector_free(c->mstep);
    free(c->xs);
    free(c->ys);
    free(c->chi2);
    free(c->work);
    free(c->pts);
    free(c);
}

cx_contour *cx_contour_alloc(cx_chi2_fit *fit, size_t max_nx, size_t max_ny, int *status)
{
    cx_contour *c;
    if (!fit || max_nx < 3 || max_ny < 3) {
        *status = CX_EINVAL;
        return NULL;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        *status = CX_ENOMEM;
        return NULL;
    }
    c->fit = fit;
    c->max_nx = max_nx;
    c->max_ny = max_ny;
    c->crit = c->crit_next = 4.61;
    c->xs = malloc(max_nx * sizeof *c->xs);
    c->ys = malloc(max_ny * sizeof *c->ys);
    c->chi2 = malloc(max_nx * max_ny * sizeof *c->chi2);
    c->work = malloc(6 * max_nx * max_ny * sizeof *c->work);
    c->max_pairs = 4 * max_nx * max_ny + 8;
    c->pts = malloc(2 * c->max_pairs * sizeof *c->pts);
    c->mm = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    c->mv = gsl_vector_alloc(2);
    c->mstep = gsl_vector_alloc(2);
    if (!c->xs || !c->ys || !c->chi2 || !c->work || !c->pts || !c->mm || !c->mv || !c->mstep) {
        cx_contour_free(c);
        *status = CX_ENOMEM;
        return NULL;
    }
    *status = CX_OK;
    return c;
}

int cx_contour_set_dchi2(cx_contour *c, double dchi2_crit)
{
    if (!(dchi2_crit > 0) || !isfinite(dchi2_crit))
        return CX_EINVAL;
    c->crit_next = dchi2_crit;
    return CX_OK;
}

/* Lowest set stage bit: earlier stages are more expensive to recompute. */
static unsigned first_stage(unsigned mask)
{
    return mask ? mask & (~mask + 1u) : 1u << 30;
}

static void fill_axis(double *v, size_t n, double lo, double hi, int lg)
{
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / (double)(n - 1);
        v[i] = lg ? lo * pow(hi / lo, t) : lo + (hi - lo) * t;
    }
    v[0] = lo;
    v[n - 1] = hi;
}

int cx_contour_init(cx_contour *c, const char *x, double xlo, double xhi, size_t nx, int log_x,
                    const char *y, double ylo, double yhi, size_t ny, int log_y)
{
    const cx_param_info *ix, *iy;
    int st;
    c->ph_ = PH_IDLE;
    c->fail = 0;
    c->err[0] = '\0';
    if (!x || !y || strlen(x) >= sizeof c->xname || strlen(y) >= sizeof c->yname)
        return CX_ENOTFOUND;
    if (nx < 3 || ny < 3 || nx > c->max_nx || ny > c->max_ny)
        return CX_EINVAL;
    if (!isfinite(xlo) || !isfinite(xhi) || !isfinite(ylo) || !isfinite(yhi) || !(xlo < xhi) ||
        !(ylo < yhi))
        return CX_EINVAL;
    if ((log_x && !(xlo > 0)) || (log_y && !(ylo > 0)))
        return CX_EINVAL;
    if (strcmp(x, y) == 0)
        return CX_EINVAL;
    st = cx_chi2_fit_param(c->fit, x, &c->hx);
    if (st == CX_OK)
        st = cx_chi2_fit_param(c->fit, y, &c->hy);
    if (st != CX_OK)
        return st == CX_ERANGE ? CX_EINVAL : st;
    ix = cx_chi2_fit_param_info(c->fit, c->hx);
    iy = cx_chi2_fit_param_info(c->fit, c->hy);
    if (xlo < ix->min || xhi > ix->max || ylo < iy->min || yhi > iy->max)
        return CX_ERANGE;
    strcpy(c->xname, x);
    strcpy(c->yname, y);
    c->nx = nx;
    c->ny = ny;
    c->log_x = log_x != 0;
    c->log_y = log_y != 0;
    fill_axis(c->xs, nx, xlo, xhi, c->log_x);
    fill_axis(c->ys, ny, ylo, yhi, c->log_y);
    c->y_outer = first_stage(iy->stages) <= first_stage(ix->stages);
    c->crit = c->crit_next;
    c->k = 0;
    c->n_pairs = 0;
    c->chi2_min = INFINITY;
    c->ph_ = PH_GRID;
    return CX_OK;
}

static int eval_here(cx_contour *c, double *chi2)
{
    int st = cx_chi2_fit_eval(c->fit, chi2);
    if (st != CX_OK && !c->fail) {
        c->fail = st;
        snprintf(c->err, sizeof c->err, "%s", cx_model_last_error(cx_chi2_fit_model(c->fit, 0)));
    }
    return st;
}

static int step_grid(cx_contour *c)
{
    size_t i, j, inner_n = c->y_outer ? c->nx : c->ny;
    size_t outer = c->k / inner_n, inner = c->k % inner_n;
    double v;
    int st;
    i = c->y_outer ? inner : outer;
    j = c->y_outer ? outer : inner;
    /* set the outer parameter only when it changes, so its (expensive)
     * stage is recomputed once per row */
    if (inner == 0) {
        st = c->y_outer ? cx_chi2_fit_set(c->fit, c->hy, c->ys[j])
                        : cx_chi2_fit_set(c->fit, c->hx, c->xs[i]);
        if (st != CX_OK)
            return st;
    }
    st = c->y_outer ? cx_chi2_fit_set(c->fit, c->hx, c->xs[i])
                    : cx_chi2_fit_set(c->fit, c->hy, c->ys[j]);
    if (st != CX_OK)
        return st;
    st = eval_here(c, &v);
    if (st != CX_OK)
        return st;
    c->chi2[j * c->nx + i] = v;
    if (v < c->chi2_min) {
        c->chi2_min = v;
        c->best_i = i;
        c->best_j = j;
    }
    c->k++;
    return CX_OK;
}

/* chi2 at refinement coordinates (grid-cell units around the grid minimum);
 * outside the grid range the value is +inf so the simplex stays inside. */
static double refine_f(const gsl_vector *u, void *p)
{
    cx_contour *c = p;
    double tx = c->ux0 + c->dux * gsl_vector_get(u, 0);
    double ty = c->uy0 + c->duy * gsl_vector_get(u, 1), v;
    double x = untr(tx, c->log_x), y = untr(ty, c->log_y);
    if (!(x >= c->xs[0] && x <= c->xs[c->nx - 1] && y >= c->ys[0] && y <= c->ys[c->ny - 1]))
        return GSL_POSINF;
    if (cx_chi2_fit_set(c->fit, c->hx, x) != CX_OK || cx_chi2_fit_set(c->fit, c->hy, y) != CX_OK)
        return GSL_POSINF;
    if (eval_here(c, &v) != CX_OK)
        return GSL_POSINF;
    return v;
}

static int step_refine(cx_contour *c)
{
    gsl_multimin_function fn = {refine_f, 2, c};
    int status, iter = 0;
    size_t i = c->best_i, j = c->best_j;
    c->best_x = c->xs[i];
    c->best_y = c->ys[j];
    c->ux0 = tr(c->xs[i], c->log_x);
    c->uy0 = tr(c->ys[j], c->log_y);
    c->dux = (tr(c->xs[c->nx - 1], c->log_x) - tr(c->xs[0], c->log_x)) / (double)(c->nx - 1);
    c->duy = (tr(c->ys[c->ny - 1], c->log_y) - tr(c->ys[0], c->log_y)) / (double)(c->ny - 1);
    gsl_vector_set_all(c->mv, 0.0);
    gsl_vector_set_all(c->mstep, REFINE_STEP);
    if (gsl_multimin_fminimizer_set(c->mm, &fn, c->mv, c->mstep) != GSL_SUCCESS)
        return c->fail ? c->fail : CX_OK; /* keep the grid minimum */
    do {
        iter++;
        status = gsl_multimin_fminimizer_iterate(c->mm);
        if (status)
            break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(c->mm), REFINE_TOL);
    } while (status == GSL_CONTINUE && iter < REFINE_MAX_ITER);
    if (c->fail)
        return c->fail;
    if (gsl_multimin_fminimizer_minimum(c->mm) < c->chi2_min) {
        const gsl_vector *u = gsl_multimin_fminimizer_x(c->mm);
        c->chi2_min = gsl_multimin_fminimizer_minimum(c->mm);
        c->best_x = untr(c->ux0 + c->dux * gsl_vector_get(u, 0), c->log_x);
        c->best_y = untr(c->uy0 + c->duy * gsl_vector_get(u, 1), c->log_y);
    }
    return cx_contour_trace(c->nx, c->xs, c->log_x, c->ny, c->ys, c->log_y, c->chi2,
                            c->chi2_min + c->crit, c->work, c->pts, c->max_pairs, &c->n_pairs);
}

int cx_contour_step(cx_contour *c, size_t budget)
{
    int st = CX_OK;
    if (c->ph_ == PH_IDLE)
        return CX_EINVAL;
    if (c->ph_ == PH_FAILED)
        return c->fail ? c->fail : CX_ENUMERIC;
    if (budget == 0)
        budget = 1;
    while (budget > 0 && c->ph_ != PH_DONE) {
        if (c->ph_ == PH_GRID) {
            st = step_grid(c);
            if (st == CX_OK && c->k == c->nx * c->ny)
                c->ph_ = PH_REFINE;
        } else {
            st = step_refine(c);
            if (st == CX_OK)
                c->ph_ = PH_DONE;
        }
        if (st != CX_OK) {
            c->ph_ = PH_FAILED;
            if (!c->fail)
                c->fail = st;
            if (!c->err[0])
                snprintf(c->err, sizeof c->err, "%s", cx_strerror(st));
            return st;
        }
        budget--;
    }
    return c->ph_ == PH_DONE ? CX_OK : CX_CONTINUE;
}

double cx_contour_progress(const cx_contour *c)
{
    if (c->ph_ == PH_DONE)
        return 1.0;
    if (c->ph_ == PH_IDLE || c->nx == 0)
        return 0.0;
    return fmin(0.99, (double)c->k / (double)(c->nx * c->ny + 1));
}

int cx_contour_result(const cx_contour *c, cx_contour_res *r)
{
    if (c->ph_ == PH_IDLE || c->ph_ == PH_FAILED)
        return CX_EINVAL;
    if (c->ph_ != PH_DONE)
        return CX_CONTINUE;
    r->x_name = c->xname;
    r->y_name = c->yname;
    r->nx = c->nx;
    r->ny = c->ny;
    r->xs = c->xs;
    r->ys = c->ys;
    r->chi2 = c->chi2;
    r->chi2_min = c->chi2_min;
    r->best_x = c->best_x;
    r->best_y = c->best_y;
    r->dchi2_crit = c->crit;
    r->log_x = c->log_x;
    r->log_y = c->log_y;
    r->n_pts = c->n_pairs;
    r->pts = c->pts;
    return CX_OK;
}

const char *cx_contour_last_error(const cx_contour *c)
{
    return c->err;
}
