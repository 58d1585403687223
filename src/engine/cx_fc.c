/* cx_fc.c - Feldman-Cousins critical values by toy Monte Carlo for the
 * counting statistics (cx_fc.h; doc/physics.md section 6).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_fc.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cevnsx/cx_errno.h"

struct cx_fc {
    size_t max_toys;
    gsl_rng *rng;
    double *toys;
};

/* A toy's chi2 as a function of N: (p - q N)^2 / (d + s2 N^2). */
typedef struct {
    double p, q, d, s2;
} count_fn;

static double count_eval(const count_fn *g, double n)
{
    double r = g->p - g->q * n;
    return r * r / (g->d + g->s2 * n * n);
}

/* Minimum over N in [lo, hi]. The derivative of (p - qN)^2 / (d + s2 N^2)
 * vanishes only at N = p / q (where the value is 0) and at N = -q d / (s2 p),
 * so the minimum over an interval is at an end or at one of those two. */
static double count_min(const count_fn *g, double lo, double hi)
{
    double m = fmin(count_eval(g, lo), count_eval(g, hi));
    if (g->q != 0) {
        double t = g->p / g->q;
        if (t > lo && t < hi)
            m = fmin(m, count_eval(g, t));
    }
    if (g->s2 > 0 && g->p != 0) {
        double t = -g->q * g->d / (g->s2 * g->p);
        if (t > lo && t < hi)
            m = fmin(m, count_eval(g, t));
    }
    return m;
}

/* The form's function for observed count n and pull centres a0, b0. The
 * statistical variance n + c0 is kept at 1 or more: a toy count of 0 with
 * no other variance (forecast without pulls) would otherwise divide by 0. */
static void count_setup(const cx_chi2_count *f, double n, double a0, double b0, count_fn *g)
{
    double v = n + f->c0, sb = f->sigma_b * f->bkg;
    if (!(v >= 1.0))
        v = 1.0;
    g->p = n - (1.0 + b0) * f->bkg;
    g->q = 1.0 + a0;
    g->d = v + sb * sb;
    g->s2 = f->sigma_a * f->sigma_a;
}

double cx_fc_argmin(const cx_chi2_count *f, double n_lo, double n_hi)
{
    count_fn g;
    double best = n_lo, m;
    count_setup(f, f->n_obs, 0.0, 0.0, &g);
    m = count_eval(&g, n_lo);
    if (count_eval(&g, n_hi) < m) {
        best = n_hi;
        m = count_eval(&g, n_hi);
    }
    {
        double t = g.p / g.q;
        if (t > n_lo && t < n_hi && count_eval(&g, t) < m) {
            best = t;
            m = count_eval(&g, t);
        }
    }
    if (g.s2 > 0 && g.p != 0) {
        double t = -g.q * g.d / (g.s2 * g.p);
        if (t > n_lo && t < n_hi && count_eval(&g, t) < m)
            best = t;
    }
    return best;
}

double cx_fc_chi2(const cx_chi2_count *f, double n_th)
{
    count_fn g;
    count_setup(f, f->n_obs, 0.0, 0.0, &g);
    return count_eval(&g, n_th);
}

double cx_fc_dchi2(const cx_chi2_count *f, double n_lo, double n_hi)
{
    count_fn g;
    double d;
    count_setup(f, f->n_obs, 0.0, 0.0, &g);
    d = count_eval(&g, f->n_th) - count_min(&g, fmin(n_lo, f->n_th), fmax(n_hi, f->n_th));
    return d > 0 ? d : 0.0;
}

static unsigned long long splitmix64(unsigned long long z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

unsigned long cx_fc_seed(unsigned long seed, size_t index)
{
    /* SplitMix64 (Steele, Lea & Flood 2014) of the seed, then of that plus
     * the index: nearby seeds and indices give unrelated streams. */
    unsigned long long z =
        splitmix64(splitmix64((unsigned long long)seed) + (unsigned long long)index);
    /* gsl's MT19937 uses 32 bits of the seed: fold the high half in */
    z ^= z >> 32;
    z &= 0xffffffffull;
    return z ? (unsigned long)z : 1ul;
}

cx_fc *cx_fc_alloc(size_t max_toys, int *status)
{
    cx_fc *fc;
    if (max_toys == 0) {
        *status = CX_EINVAL;
        return NULL;
    }
    fc = calloc(1, sizeof *fc);
    if (!fc) {
        *status = CX_ENOMEM;
        return NULL;
    }
    fc->max_toys = max_toys;
    fc->rng = gsl_rng_alloc(gsl_rng_mt19937);
    fc->toys = malloc(max_toys * sizeof *fc->toys);
    if (!fc->rng || !fc->toys) {
        cx_fc_free(fc);
        *status = CX_ENOMEM;
        return NULL;
    }
    *status = CX_OK;
    return fc;
}

void cx_fc_free(cx_fc *fc)
{
    if (!fc)
        return;
    if (fc->rng)
        gsl_rng_free(fc->rng);
    free(fc->toys);
    free(fc);
}

/* The k-th smallest of v[0..n-1] (0-based), permuting v: quickselect with
 * a three-way partition, so the many equal values of toys at a boundary
 * (Delta chi2 = 0) cost no more than distinct ones. */
static double select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* the k-th lies in v[lo..hi) */
    while (hi - lo > 1) {
        double x = v[lo], y = v[lo + (hi - lo) / 2], z = v[hi - 1];
        double pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t lt = lo, i = lo, gt = hi; /* [lo,lt) < p, [lt,i) == p, [gt,hi) > p */
        while (i < gt) {
            double t = v[i];
            if (t < pivot) {
                v[i++] = v[lt];
                v[lt++] = t;
            } else if (t > pivot) {
                v[i] = v[--gt];
                v[gt] = t;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return pivot;
    }
    return v[k];
}

int cx_fc_point(cx_fc *fc, const cx_chi2_count *f, double n_lo, double n_hi, double cl,
                size_t n_toys, unsigned long seed, size_t index, double *crit)
{
    double a = 0, b = 0, mu, sd, lo, hi;
    size_t k;
    if (!fc || !f || n_toys == 0 || n_toys > fc->max_toys || !(cl > 0 && cl < 1) ||
        !isfinite(f->n_th) || !isfinite(f->n_obs) || !(n_lo <= n_hi) || !(f->sigma_a >= 0) ||
        !(f->sigma_b >= 0))
        return CX_EINVAL;
    lo = fmin(n_lo, f->n_th);
    hi = fmax(n_hi, f->n_th);
    /* pulls at their constrained best fit for the data at this point */
    {
        double r = f->n_obs - f->n_th - f->bkg, sa = f->sigma_a * f->n_th, sb = f->sigma_b * f->bkg,
               v = f->n_obs + f->c0;
        double w = (v >= 1.0 ? v : 1.0) + sa * sa + sb * sb;
        a = f->sigma_a * f->sigma_a * f->n_th * r / w;
        b = f->sigma_b * f->sigma_b * f->bkg * r / w;
    }
    mu = (1.0 + a) * f->n_th + (1.0 + b) * f->bkg;
    if (mu < 0)
        mu = 0;
    sd = sqrt(mu + f->c0);
    gsl_rng_set(fc->rng, cx_fc_seed(seed, index));
    for (size_t t = 0; t < n_toys; t++) {
        count_fn g;
        double n = mu + gsl_ran_gaussian_ziggurat(fc->rng, sd), a0 = a, b0 = b, d;
        if (f->sigma_a > 0)
            a0 += gsl_ran_gaussian_ziggurat(fc->rng, f->sigma_a);
        if (f->sigma_b > 0)
            b0 += gsl_ran_gaussian_ziggurat(fc->rng, f->sigma_b);
        if (n < 0)
            n = 0;
        count_setup(f, n, a0, b0, &g);
        d = count_eval(&g, f->n_th) - count_min(&g, lo, hi);
        fc->toys[t] = d > 0 ? d : 0.0;
    }
    /* the ceil(cl n)-th smallest: the smallest value with at least a
     * fraction cl of the toys at or below it */
    k = (size_t)ceil(cl * (double)n_toys - 1e-9);
    k = k == 0 ? 0 : k - 1;
    if (k >= n_toys)
        k = n_toys - 1;
    *crit = select_kth(fc->toys, n_toys, k);
    return CX_OK;
}

const double *cx_fc_toys(const cx_fc *fc)
{
    return fc->toys;
}

static double axis(double x, int log_x)
{
    return log_x ? log10(x) : x;
}

static double edge(const double *x, int log_x, const double *d, const double *c, size_t i)
{
    /* f = d - c changes sign between i and i + 1 */
    double f0 = d[i] - c[i], f1 = d[i + 1] - c[i + 1], t = f0 / (f0 - f1);
    double u0 = axis(x[i], log_x), u1 = axis(x[i + 1], log_x), u;
    if (!(t >= 0 && t <= 1))
        t = 0.5;
    u = u0 + t * (u1 - u0);
    return log_x ? pow(10.0, u) : u;
}

size_t cx_fc_intervals(size_t n, const double *x, int log_x, const double *d, const double *c,
                       cx_interval *out, size_t max)
{
    size_t found = 0, i = 0;
    while (i < n) {
        size_t i0, i1;
        if (!(d[i] <= c[i])) {
            i++;
            continue;
        }
        i0 = i;
        while (i + 1 < n && d[i + 1] <= c[i + 1])
            i++;
        i1 = i;
        if (found < max) {
            cx_interval *v = &out[found];
            v->lo_open = i0 == 0;
            v->hi_open = i1 == n - 1;
            v->lo = v->lo_open ? x[0] : edge(x, log_x, d, c, i0 - 1);
            v->hi = v->hi_open ? x[n - 1] : edge(x, log_x, d, c, i1);
        }
        found++;
        i++;
    }
    return found;
}

int cx_fc_forms(cx_chi2_fit *fit, size_t n_par, const int *handles, size_t n_pts,
                const double *coords, cx_chi2_count *forms)
{
    if (!fit || cx_chi2_fit_n(fit) != 1)
        return CX_EINVAL;
    for (size_t i = 0; i < n_pts; i++) {
        double c;
        int st;
        for (size_t j = 0; j < n_par; j++) {
            st = cx_chi2_fit_set(fit, handles[j], coords[i * n_par + j]);
            if (st != CX_OK)
                return st;
        }
        st = cx_chi2_fit_eval(fit, &c);
        if (st != CX_OK)
            return st;
        st = cx_chi2_counting(cx_chi2_fit_chi2(fit, 0), cx_chi2_fit_model(fit, 0), &forms[i]);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}
