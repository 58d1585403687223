/* cx_response.c - the format-2 detector response (quenching, light yield,
 * resolution, efficiency, region of interest) and the beam timing, for both
 * engines: the fast path integrates the smearing with fixed Gauss-Legendre
 * panels, the reference path with GSL's adaptive QAG. Formulas and sources:
 * data/README.md and man/cevnsx-detector.5.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cx_response.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_erf.h>
#include <math.h>

#define NSIG 12.0      /* the smearing is integrated over mean +- NSIG sd */
#define NGL 10         /* Gauss-Legendre nodes per panel (fast path) */
#define PANEL_SD 0.5   /* widest smearing panel, in sd */
#define MAX_KINKS 1100 /* efficiency kinks (table nodes, steps) plus edges per call */
#define EPSREL_REF 1e-11

/* ------------------------------------------------------------ quenching -- */

static double interp(const double *tab, size_t n, double x)
{
    if (x <= tab[0])
        return tab[1];
    if (x >= tab[2 * (n - 1)])
        return tab[2 * (n - 1) + 1];
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x >= tab[2 * mid])
            lo = mid;
        else
            hi = mid;
    }
    double x0 = tab[2 * lo], x1 = tab[2 * hi];
    return tab[2 * lo + 1] + (tab[2 * hi + 1] - tab[2 * lo + 1]) * (x - x0) / (x1 - x0);
}

double cx_resp_ee(const cx_response *r, int z, double t)
{
    if (!(t > 0))
        return 0.0;
    double e;
    switch (r->quench) {
    case CX_Q_CONSTANT: e = r->qpar[0] * t; break;
    case CX_Q_LINEAR: e = (r->qpar[0] + r->qpar[1] * t) * t; break;
    case CX_Q_POLY: {
        double x = t * 1e-3; /* MeVnr */
        e = 1e3 * x * (r->qpar[0] + x * (r->qpar[1] + x * (r->qpar[2] + x * r->qpar[3])));
        break;
    }
    case CX_Q_TABLE: e = interp(r->qtab, r->nq, t) * t; break;
    case CX_Q_LINDHARD: {
        /* Lindhard et al., Mat. Fys. Medd. Dan. Vid. Selsk. 33 (1963) 10:
         * eps = 11.5 Z^(-7/3) T[keV], g = 3 eps^0.15 + 0.7 eps^0.6 + eps */
        double eps = 11.5 * pow((double)z, -7.0 / 3.0) * t;
        double g = 3.0 * pow(eps, 0.15) + 0.7 * pow(eps, 0.6) + eps;
        double k = r->qpar[0];
        e = k * g / (1.0 + k * g) * t;
        break;
    }
    default: e = t;
    }
    return e > 0.0 ? e : 0.0;
}

double cx_resp_mean(const cx_detector *d, int z, double t)
{
    const cx_response *r = &d->resp;
    switch (r->axis) {
    case CX_UNIT_KEVNR: return t > 0 ? t : 0.0;
    case CX_UNIT_KEVEE: return cx_resp_ee(r, z, t);
    case CX_UNIT_PE:
        if (r->res == CX_RES_GAMMA) {
            double e = cx_resp_ee(r, z, t);
            return e / r->rpar[0]; /* mean 1/a with a = A / E_ee */
        }
        return r->ly * cx_resp_ee(r, z, t);
    }
    return t;
}

double cx_resp_t_of_mean(const cx_detector *d, int z, double x)
{
    /* bisection: the mean is increasing in T (checked at load for the
     * shipped forms; a non-monotonic one only loses breakpoint placement) */
    double lo = 0.0, hi = 1.0;
    while (cx_resp_mean(d, z, hi) < x && hi < 1e5)
        hi *= 2.0;
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (cx_resp_mean(d, z, mid) < x)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ----------------------------------------------------------- efficiency -- */

double cx_resp_eff(const cx_response *r, double x)
{
    double v;
    switch (r->eff) {
    case CX_EFF_NONE: return 1.0;
    case CX_EFF_STEP: return x >= r->epar[0] ? 1.0 : 0.0;
    case CX_EFF_LOGISTIC2017: {
        double h = x < r->epar[3] ? 0.0 : (x < r->epar[4] ? 0.5 : 1.0);
        if (h == 0.0)
            return 0.0;
        v = h * r->epar[0] / (1.0 + exp(-r->epar[1] * (x - r->epar[2])));
        break;
    }
    case CX_EFF_LOGISTIC:
        v = r->epar[0] / (1.0 + exp(-r->epar[1] * (x - r->epar[2]))) + r->epar[3];
        break;
    case CX_EFF_TABLE: v = interp(r->etab, r->ne, x); break;
    default: v = 1.0;
    }
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

/* Points in [a, b] where the efficiency (or the logistic clip) has a kink or
 * a step; appended sorted to pts (which holds *np points, cap max). */
static void add_pt(double *pts, size_t *np, size_t max, double v)
{
    if (*np >= max)
        return;
    size_t j = (*np)++;
    while (j > 0 && pts[j - 1] > v) {
        pts[j] = pts[j - 1];
        j--;
    }
    pts[j] = v;
}

static size_t eff_kinks(const cx_response *r, double a, double b, double *pts, size_t np,
                        size_t max)
{
    double c[3];
    size_t nc = 0;
    switch (r->eff) {
    case CX_EFF_STEP: c[nc++] = r->epar[0]; break;
    case CX_EFF_LOGISTIC2017:
        c[nc++] = r->epar[3];
        c[nc++] = r->epar[4];
        break;
    case CX_EFF_LOGISTIC: {
        /* where the logistic crosses 0 (clipped below) and 1 (clipped above) */
        double A = r->epar[0], B = r->epar[1], C = r->epar[2], D = r->epar[3];
        for (int k = 0; k < 2; k++) {
            double y = k == 0 ? 0.0 : 1.0; /* A / (1 + exp(-B (x - C))) = y - D */
            double q = (y - D) / A;
            if (q > 0 && q < 1)
                c[nc++] = C - log(1.0 / q - 1.0) / B;
        }
        break;
    }
    case CX_EFF_TABLE:
        for (size_t i = 0; i < r->ne; i++)
            if (r->etab[2 * i] > a && r->etab[2 * i] < b)
                add_pt(pts, &np, max, r->etab[2 * i]);
        break;
    default: break;
    }
    for (size_t i = 0; i < nc; i++)
        if (c[i] > a && c[i] < b)
            add_pt(pts, &np, max, c[i]);
    return np;
}

size_t cx_resp_kinks(const cx_response *r, double a, double b, double *pts, size_t np, size_t max)
{
    return eff_kinks(r, a, b, pts, np, max);
}

/* ------------------------------------------------------------ smearing -- */

/* Smearing density p(x | mean) and its standard deviation. */
static double smear_sd(const cx_response *r, double mu)
{
    switch (r->res) {
    case CX_RES_GAUSS: return r->rpar[0] * sqrt(mu) + r->rpar[1] * mu;
    case CX_RES_GAMMA: {
        /* COHERENT CsI 2021 (arXiv:2110.07730, supplement): with E_ee the
         * electron-equivalent energy, a = A / E_ee, b = B E_ee:
         * P(x) = (a(1+b))^(1+b) / Gamma(1+b) x^b exp(-a(1+b) x), mean 1/a,
         * shape k = 1 + b */
        double e = mu * r->rpar[0];
        return mu / sqrt(1.0 + r->rpar[1] * e);
    }
    case CX_RES_POISSON: return sqrt(mu);
    default: return 0.0;
    }
}

double cx_resp_sd(const cx_response *r, double mu)
{
    return smear_sd(r, mu);
}

static double smear_pdf(const cx_response *r, double mu, double x)
{
    if (r->res == CX_RES_GAUSS) {
        double s = smear_sd(r, mu), u = (x - mu) / s;
        return exp(-0.5 * u * u) / (s * sqrt(2.0 * M_PI));
    }
    /* gamma */
    if (!(x > 0))
        return 0.0;
    double e = mu * r->rpar[0];
    double k = 1.0 + r->rpar[1] * e, th = mu / k;
    return exp((k - 1.0) * log(x / th) - x / th - lgamma(k)) / th;
}

/* Bins of the reconstructed axis: [edge_b, edge_b+1) cut to the ROI. */
static int bin_range(const cx_detector *d, size_t b, double *lo, double *hi)
{
    *lo = fmax(d->edges[b], d->resp.roi_lo);
    *hi = fmin(d->edges[b + 1], d->resp.roi_hi);
    return *hi > *lo;
}

static size_t bin_of_x(const cx_detector *d, double x)
{
    size_t lo = 0, hi = d->n_bins;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x >= d->edges[mid])
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

void cx_resp_bins(const cx_detector *d, int z, double t, double *out,
                  const gsl_integration_glfixed_table *gl)
{
    const cx_response *r = &d->resp;
    const size_t nb = d->n_bins;
    for (size_t b = 0; b < nb; b++)
        out[b] = 0.0;
    const double mu = cx_resp_mean(d, z, t);
    const double roi_lo = r->roi_lo, roi_hi = r->roi_hi;
    double sd = smear_sd(r, mu);
    if (r->res == CX_RES_NONE || !(sd > 0)) {
        if (mu >= roi_lo && mu < roi_hi)
            out[bin_of_x(d, mu)] = cx_resp_eff(r, mu);
        return;
    }
    if (r->res == CX_RES_POISSON) {
        double nlo = fmax(ceil(fmax(mu - NSIG * sd - 12.0, roi_lo)), 0.0);
        double nhi = fmin(mu + NSIG * sd + 12.0, roi_hi);
        for (double n = nlo; n < nhi; n += 1.0) {
            if (n < roi_lo)
                continue;
            double pn = exp(n * log(mu) - mu - lgamma(n + 1.0));
            out[bin_of_x(d, n)] += cx_resp_eff(r, n) * pn;
        }
        return;
    }
    double xlo = fmax(mu - NSIG * sd, roi_lo), xhi = fmin(mu + NSIG * sd, roi_hi);
    if (r->res == CX_RES_GAMMA)
        xlo = fmax(xlo, 0.0);
    if (!(xhi > xlo))
        return;
    double pts[MAX_KINKS + 2];
    size_t np = 0;
    add_pt(pts, &np, MAX_KINKS, xlo);
    add_pt(pts, &np, MAX_KINKS, xhi);
    for (size_t b = 0; b <= nb; b++)
        if (d->edges[b] > xlo && d->edges[b] < xhi)
            add_pt(pts, &np, MAX_KINKS, d->edges[b]);
    np = eff_kinks(r, xlo, xhi, pts, np, MAX_KINKS);
    for (size_t k = 0; k + 1 < np; k++) {
        double a = pts[k], bb = pts[k + 1];
        if (!(bb > a))
            continue;
        size_t bin = bin_of_x(d, 0.5 * (a + bb));
        double step = PANEL_SD * sd;
        /* the gamma density near 0 changes on the scale of x itself */
        size_t nsub = (size_t)ceil((bb - a) / step);
        if (nsub < 1)
            nsub = 1;
        double acc = 0.0;
        for (size_t s = 0; s < nsub; s++) {
            double pa = a + (bb - a) * (double)s / (double)nsub;
            double pb = (s + 1 == nsub) ? bb : a + (bb - a) * (double)(s + 1) / (double)nsub;
            for (size_t g = 0; g < NGL; g++) {
                double x, w;
                gsl_integration_glfixed_point(pa, pb, g, &x, &w, gl);
                acc += w * cx_resp_eff(r, x) * smear_pdf(r, mu, x);
            }
        }
        out[bin] += acc;
    }
}

/* The smallest reconstructed value that can count: the ROI start or where
 * the efficiency becomes positive, whichever is higher. */
static double x_min(const cx_response *r)
{
    double x = r->roi_lo;
    switch (r->eff) {
    case CX_EFF_STEP: x = fmax(x, r->epar[0]); break;
    case CX_EFF_LOGISTIC2017: x = fmax(x, r->epar[3]); break;
    case CX_EFF_LOGISTIC: {
        double q = -r->epar[3] / r->epar[0];
        if (q > 0 && q < 1)
            x = fmax(x, r->epar[2] - log(1.0 / q - 1.0) / r->epar[1]);
        break;
    }
    case CX_EFF_TABLE:
        for (size_t i = 0; i < r->ne; i++)
            if (r->etab[2 * i + 1] > 0) {
                if (i > 0)
                    x = fmax(x, r->etab[2 * (i - 1)]);
                break;
            }
        break;
    default: break;
    }
    return x;
}

double cx_resp_t_min(const cx_detector *d, int z)
{
    const cx_response *r = &d->resp;
    const double xm = x_min(r);
    if (!(xm > 0))
        return 0.0;
    /* the highest value either path integrates for a recoil of mean mu */
    double lo = 0.0, hi = 1.0;
    for (;;) {
        double mu = cx_resp_mean(d, z, hi);
        double reach = mu + NSIG * smear_sd(r, mu) + (r->res == CX_RES_POISSON ? 12.0 : 0.0);
        if (reach >= xm || hi > 1e5)
            break;
        hi *= 2.0;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
        double t = 0.5 * (lo + hi), mu = cx_resp_mean(d, z, t);
        double reach = mu + NSIG * smear_sd(r, mu) + (r->res == CX_RES_POISSON ? 12.0 : 0.0);
        if (reach < xm)
            lo = t;
        else
            hi = t;
    }
    /* just below: recoils under lo contribute exactly nothing in both paths */
    return lo;
}

/* Reference: one bin by adaptive quadrature of eff(x) p(x | mean). */
typedef struct {
    const cx_response *r;
    double mu;
} smear_ctx;

static double smear_integrand(double x, void *p)
{
    const smear_ctx *c = p;
    return cx_resp_eff(c->r, x) * smear_pdf(c->r, c->mu, x);
}

double cx_resp_bin_ref(const cx_detector *d, int z, double t, size_t b,
                       gsl_integration_workspace *ws, size_t limit, int *status)
{
    const cx_response *r = &d->resp;
    const double mu = cx_resp_mean(d, z, t);
    double lo, hi;
    if (!bin_range(d, b, &lo, &hi))
        return 0.0;
    double sd = smear_sd(r, mu);
    if (r->res == CX_RES_NONE || !(sd > 0))
        return (mu >= lo && mu < hi) ? cx_resp_eff(r, mu) : 0.0;
    if (r->res == CX_RES_POISSON) {
        /* a discrete distribution: the sum over the counts in the bin is exact */
        double s = 0.0;
        for (double n = fmax(ceil(lo), 0.0); n < hi; n += 1.0) {
            double ln = n * log(mu) - mu - lgamma(n + 1.0);
            if (ln > -745.0)
                s += cx_resp_eff(r, n) * exp(ln);
        }
        return s;
    }
    lo = fmax(lo, mu - NSIG * sd);
    hi = fmin(hi, mu + NSIG * sd);
    if (r->res == CX_RES_GAMMA)
        lo = fmax(lo, 0.0);
    if (!(hi > lo))
        return 0.0;
    double pts[MAX_KINKS + 2];
    size_t np = 0;
    add_pt(pts, &np, MAX_KINKS, lo);
    add_pt(pts, &np, MAX_KINKS, hi);
    if (mu > lo && mu < hi)
        add_pt(pts, &np, MAX_KINKS, mu);
    np = eff_kinks(r, lo, hi, pts, np, MAX_KINKS);
    smear_ctx c = {r, mu};
    gsl_function f = {smear_integrand, &c};
    double res = 0.0, err = 0.0;
    int st = gsl_integration_qagp(&f, pts, np, 0.0, EPSREL_REF, limit, ws, &res, &err);
    if (st != GSL_SUCCESS && *status == GSL_SUCCESS)
        *status = st;
    return res;
}

/* --------------------------------------------------------------- timing -- */

/* log of the exponentially modified Gaussian density (pulse N(mean, width)
 * convolved with an exponential of lifetime tau). */
static double log_emg(const cx_timing *tm, double tau, double t)
{
    double s = tm->width, u = (t - tm->mean) / s - s / tau;
    /* Phi(u) = erfc(-u / sqrt 2) / 2 */
    double lphi = log(0.5) + gsl_sf_log_erfc(-u / M_SQRT2);
    return -log(tau) + 0.5 * (s / tau) * (s / tau) - (t - tm->mean) / tau + lphi;
}

/* A box [a, b) of unit mass convolved with an exponential of lifetime tau. */
static double box_exp(double a, double b, double tau, double t)
{
    if (t < a)
        return 0.0;
    if (t < b)
        return -expm1(-(t - a) / tau) / (b - a);
    return (exp(-(t - b) / tau) - exp(-(t - a) / tau)) / (b - a);
}

/* The table pulse (boxes of constant density) convolved with an exponential. */
static double table_exp(const cx_timing *tm, double tau, double t)
{
    double v = 0.0;
    for (size_t j = 0; j < tm->np; j++) {
        const double *q = tm->ptab + 3 * j;
        if (q[2] > 0.0)
            v += q[2] * box_exp(q[0], q[1], tau, t);
    }
    return v / tm->pw_sum;
}

double cx_time_pdf(const cx_timing *tm, int delayed, double t)
{
    if (tm->ptab) {
        if (!delayed)
            return table_exp(tm, tm->tau_pi, t);
        double v = (tm->tau_mu * table_exp(tm, tm->tau_mu, t) -
                    tm->tau_pi * table_exp(tm, tm->tau_pi, t)) /
                   (tm->tau_mu - tm->tau_pi);
        return v > 0.0 ? v : 0.0;
    }
    if (!delayed)
        return exp(log_emg(tm, tm->tau_pi, t));
    /* pion then muon decay: (tau_mu E(tau_mu) - tau_pi E(tau_pi)) / (tau_mu - tau_pi) */
    double a = tm->tau_mu * exp(log_emg(tm, tm->tau_mu, t));
    double b = tm->tau_pi * exp(log_emg(tm, tm->tau_pi, t));
    double v = (a - b) / (tm->tau_mu - tm->tau_pi);
    return v > 0.0 ? v : 0.0;
}

double cx_time_eff(const cx_timing *tm, double t)
{
    if (tm->eff == 1 && t >= tm->epar[0])
        return exp(-tm->epar[1] * (t - tm->epar[0]));
    return 1.0;
}

/* Fixed-panel integral of pdf x efficiency over [a, b) with panels of at most
 * step. */
static double time_panels(const cx_timing *tm, int delayed, double a, double b, double step,
                          const gsl_integration_glfixed_table *gl)
{
    if (!(b > a))
        return 0.0;
    size_t nsub = (size_t)ceil((b - a) / step);
    if (nsub < 1)
        nsub = 1;
    double acc = 0.0;
    for (size_t s = 0; s < nsub; s++) {
        double pa = a + (b - a) * (double)s / (double)nsub;
        double pb = (s + 1 == nsub) ? b : a + (b - a) * (double)(s + 1) / (double)nsub;
        for (size_t g = 0; g < NGL; g++) {
            double x, w;
            gsl_integration_glfixed_point(pa, pb, g, &x, &w, gl);
            acc += w * cx_time_pdf(tm, delayed, x) * cx_time_eff(tm, x);
        }
    }
    return acc;
}

/* pulse = arrival: the table's probability of bin k, normalised over the
 * table, times the time efficiency at the bin centre (our choice: the
 * measured PDFs are per bin, so the efficiency is taken at its centre) */
static double arrival_bin(const cx_timing *tm, int delayed, size_t k)
{
    const int j = delayed ? 1 : 0;
    const double mid = 0.5 * (tm->edges[k] + tm->edges[k + 1]);
    return tm->arr[j][3 * k + 2] / tm->arr_sum[j] * cx_time_eff(tm, mid);
}

void cx_time_bins(const cx_timing *tm, int delayed, double *out,
                  const gsl_integration_glfixed_table *gl)
{
    if (tm->arr[0]) {
        for (size_t k = 0; k < tm->n; k++)
            out[k] = arrival_bin(tm, delayed, k);
        return;
    }
    /* Zones with their own panel width: the pulse (mean +- 8 widths) in
     * quarter widths, the 40 pion lifetimes after it in half lifetimes, the
     * rest in quarter muon lifetimes; breakpoints also at the efficiency onset. */
    const double p0 = tm->mean - 8.0 * tm->width, p1 = tm->mean + 8.0 * tm->width;
    const double p2 = p1 + 40.0 * tm->tau_pi;
    for (size_t k = 0; k < tm->n; k++) {
        const double lo = tm->edges[k], hi = tm->edges[k + 1];
        double pts[7] = {lo, hi, p0, p1, p2, tm->eff == 1 ? tm->epar[0] : lo, lo};
        /* sort and clip the candidate breakpoints to [lo, hi] */
        for (int i = 0; i < 7; i++)
            pts[i] = fmin(fmax(pts[i], lo), hi);
        for (int i = 1; i < 7; i++)
            for (int j = i; j > 0 && pts[j - 1] > pts[j]; j--) {
                double t = pts[j];
                pts[j] = pts[j - 1];
                pts[j - 1] = t;
            }
        double acc = 0.0;
        for (int i = 0; i + 1 < 7; i++) {
            double a = pts[i], b = pts[i + 1], mid = 0.5 * (a + b);
            double step = mid < p0   ? 0.25 * tm->width
                          : mid < p1 ? 0.25 * tm->width
                          : mid < p2 ? 0.5 * tm->tau_pi
                                     : 0.25 * tm->tau_mu;
            if (tm->ptab) {
                /* a table pulse has kinks at its box edges: split there too */
                double x = a;
                for (size_t j = 0; j <= 2 * tm->np; j++) {
                    double y = j < 2 * tm->np ? tm->ptab[3 * (j / 2) + (j % 2)] : b;
                    if (!(y > x))
                        continue;
                    if (y > b)
                        y = b;
                    acc += time_panels(tm, delayed, x, y, fmin(step, 0.5 * tm->tau_pi), gl);
                    x = y;
                    if (x >= b)
                        break;
                }
                if (x < b)
                    acc += time_panels(tm, delayed, x, b, step, gl);
                continue;
            }
            acc += time_panels(tm, delayed, a, b, step, gl);
        }
        out[k] = acc;
    }
}

typedef struct {
    const cx_timing *tm;
    int delayed;
} time_ctx;

static double time_integrand(double t, void *p)
{
    const time_ctx *c = p;
    return cx_time_pdf(c->tm, c->delayed, t) * cx_time_eff(c->tm, t);
}

double cx_time_bin_ref(const cx_timing *tm, int delayed, size_t k, gsl_integration_workspace *ws,
                       size_t limit, int *status)
{
    double pts[6];
    size_t np = 0;
    const double lo = tm->edges[k], hi = tm->edges[k + 1];
    if (tm->arr[0])
        return arrival_bin(tm, delayed, k);
    add_pt(pts, &np, 6, lo);
    add_pt(pts, &np, 6, hi);
    /* the pulse's edges and centre, so that a narrow pulse is not missed */
    const double cand[4] = {tm->mean - 8.0 * tm->width, tm->mean, tm->mean + 8.0 * tm->width,
                            tm->eff == 1 ? tm->epar[0] : lo};
    for (int i = 0; i < 4; i++)
        if (cand[i] > lo && cand[i] < hi)
            add_pt(pts, &np, 6, cand[i]);
    if (tm->ptab) {
        /* a table pulse: integrate box edge to box edge inside the bin */
        double x = lo, sum = 0.0;
        time_ctx c = {tm, delayed};
        gsl_function f = {time_integrand, &c};
        for (size_t j = 0; j <= 2 * tm->np && x < hi; j++) {
            double y = j < 2 * tm->np ? tm->ptab[3 * (j / 2) + (j % 2)] : hi;
            if (!(y > x))
                continue;
            if (y > hi)
                y = hi;
            double q[3] = {x, y, 0};
            size_t nq = 2;
            if (tm->eff == 1 && tm->epar[0] > x && tm->epar[0] < y) {
                q[1] = tm->epar[0];
                q[2] = y;
                nq = 3;
            }
            double res = 0.0, err = 0.0;
            int st = gsl_integration_qagp(&f, q, nq, 0.0, EPSREL_REF, limit, ws, &res, &err);
            if (st != GSL_SUCCESS && *status == GSL_SUCCESS)
                *status = st;
            sum += res;
            x = y;
        }
        return sum;
    }
    time_ctx c = {tm, delayed};
    gsl_function f = {time_integrand, &c};
    double res = 0.0, err = 0.0;
    int st = gsl_integration_qagp(&f, pts, np, 0.0, EPSREL_REF, limit, ws, &res, &err);
    if (st != GSL_SUCCESS && *status == GSL_SUCCESS)
        *status = st;
    return res;
}
