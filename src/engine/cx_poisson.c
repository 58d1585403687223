/* cx_poisson.c - the binned Poisson likelihood over energy x arrival time (x
 * F90) with background templates and profiled nuisances (doc/physics.md
 * section 6, "Binned Poisson likelihood").
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * -2 ln L ratio in the Baker-Cousins form (Baker & Cousins, NIM 221 (1984)
 * 437): chi2 = 2 sum_i [mu_i - n_i + n_i ln(n_i / mu_i)] + sum_k (x_k/s_k)^2,
 * mu_i = base_i + sum_k x_k a_ki, linear in the nuisances x_k, so chi2 is
 * convex in them and Newton's method on the analytic gradient and Hessian
 * finds the minimum in a few steps. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_errno.h"
#include "cx_internal.h"
#include "cx_poisson.h"
#include "cx_response.h"

#define MAXK CX_POISSON_MAX_NUIS

/* ------------------------------------------------------------ the core -- */

/* One block of bins (one detector): nc columns, column j belongs to global
 * nuisance gk[j]. */
typedef struct {
    size_t n;
    const double *obs, *base;
    size_t nc;
    int gk[MAXK];
    const double *col[MAXK];
    double *mu; /* scratch, n */
} block;

/* Baker-Cousins term of one bin; mu > 0 or (mu >= 0 and n == 0). */
static double bc_term(double n, double mu)
{
    /* >= 0 in exact arithmetic; rounding must not make it negative */
    return n > 0 ? fmax(0.0, 2.0 * (mu - n + n * log(n / mu))) : 2.0 * mu;
}

/* The active (profiled) part of a block, transposed for speed: row i holds
 * the na active columns of bin i; base0 includes the held pulls. */
typedef struct {
    size_t n, na;
    int pk[MAXK]; /* packed index of each active column */
    const double *obs;
    double *base0, *at, *mu;
} ablock;

/* mu of every bin at the packed pulls y; CX_ERANGE when some mu is not
 * allowed. */
static int fill_mu(size_t nb, ablock *b, const double *y)
{
    for (size_t e = 0; e < nb; e++) {
        ablock *B = &b[e];
        double yl[MAXK];
        for (size_t j = 0; j < B->na; j++)
            yl[j] = y[B->pk[j]];
        for (size_t i = 0; i < B->n; i++) {
            const double *r = B->at + i * B->na;
            double mu = B->base0[i];
            for (size_t j = 0; j < B->na; j++)
                mu += yl[j] * r[j];
            B->mu[i] = mu;
            if (!(mu > 0) && !(mu == 0 && B->obs[i] == 0))
                return CX_ERANGE;
        }
    }
    return CX_OK;
}

static double objective(size_t nb, const ablock *b, size_t m, const double *y, const double *isig2)
{
    double f = 0.0;
    for (size_t e = 0; e < nb; e++)
        for (size_t i = 0; i < b[e].n; i++)
            f += bc_term(b[e].obs[i], b[e].mu[i]);
    for (size_t j = 0; j < m; j++)
        f += y[j] * y[j] * isig2[j];
    return f;
}

/* Cholesky solve of the k x k system h d = r (h overwritten). */
static int chol_solve(size_t k, double *h, const double *r, double *d)
{
    for (size_t j = 0; j < k; j++) {
        double s = h[j * k + j];
        for (size_t l = 0; l < j; l++)
            s -= h[j * k + l] * h[j * k + l];
        if (!(s > 0))
            return CX_ENUMERIC;
        s = sqrt(s);
        h[j * k + j] = s;
        for (size_t i = j + 1; i < k; i++) {
            double t = h[i * k + j];
            for (size_t l = 0; l < j; l++)
                t -= h[i * k + l] * h[j * k + l];
            h[i * k + j] = t / s;
        }
    }
    for (size_t i = 0; i < k; i++) {
        double t = r[i];
        for (size_t l = 0; l < i; l++)
            t -= h[i * k + l] * d[l];
        d[i] = t / h[i * k + i];
    }
    for (size_t i = k; i-- > 0;) {
        double t = d[i];
        for (size_t l = i + 1; l < k; l++)
            t -= h[l * k + i] * d[l];
        d[i] = t / h[i * k + i];
    }
    return CX_OK;
}

/* Newton iterations over the m packed pulls y. */
static int newton(size_t nb, ablock *b, size_t m, const double *isig2, double *y, double *chi2)
{
    double g[MAXK], h[MAXK * MAXK], d[MAXK], yt[MAXK];
    int st = fill_mu(nb, b, y);
    if (st != CX_OK)
        return st;
    double f = objective(nb, b, m, y, isig2);
    for (int it = 0; it < 100 && m > 0; it++) {
        double G[MAXK] = {0}, H[MAXK * MAXK] = {0};
        for (size_t e = 0; e < nb; e++) {
            const ablock *B = &b[e];
            const size_t na = B->na;
            double gl[MAXK] = {0}, hl[MAXK * MAXK] = {0};
            for (size_t i = 0; i < B->n; i++) {
                const double n = B->obs[i], mu = B->mu[i];
                const double *r = B->at + i * na;
                if (n > 0) {
                    const double w1 = 2.0 * (1.0 - n / mu), w2 = 2.0 * n / (mu * mu);
                    for (size_t j = 0; j < na; j++) {
                        const double aj = r[j];
                        if (aj == 0.0) /* templates are often zero in a cell */
                            continue;
                        gl[j] += w1 * aj;
                        const double wa = w2 * aj;
                        double *hr = hl + j * MAXK;
                        for (size_t l = 0; l <= j; l++)
                            hr[l] += wa * r[l];
                    }
                } else {
                    for (size_t j = 0; j < na; j++)
                        gl[j] += 2.0 * r[j];
                }
            }
            for (size_t j = 0; j < na; j++) {
                G[B->pk[j]] += gl[j];
                for (size_t l = 0; l <= j; l++) {
                    H[B->pk[j] * MAXK + B->pk[l]] += hl[j * MAXK + l];
                    if (B->pk[l] != B->pk[j])
                        H[B->pk[l] * MAXK + B->pk[j]] += hl[j * MAXK + l];
                }
            }
        }
        for (size_t a = 0; a < m; a++) {
            g[a] = -(G[a] + 2.0 * y[a] * isig2[a]);
            for (size_t c = 0; c < m; c++) {
                /* the lower triangle was filled; mirror it */
                double v = c <= a ? H[a * MAXK + c] : H[c * MAXK + a];
                if (a == c)
                    v += 2.0 * isig2[a] + 1e-12 * (1.0 + fabs(v));
                h[a * m + c] = v;
            }
        }
        st = chol_solve(m, h, g, d);
        if (st != CX_OK)
            return st;
        double dec = 0.0; /* Newton decrement: the expected decrease */
        for (size_t a = 0; a < m; a++)
            dec += g[a] * d[a];
        /* damped step: stay where every mu is allowed, and (far from the
         * minimum) decrease the objective */
        double t = 1.0, ft = f;
        int ok = 0;
        for (int ls = 0; ls < 60; ls++, t *= 0.5) {
            for (size_t a = 0; a < m; a++)
                yt[a] = y[a] + t * d[a];
            if (fill_mu(nb, b, yt) != CX_OK)
                continue;
            if (dec < 1e-6) {
                ok = 1;
                break;
            }
            ft = objective(nb, b, m, yt, isig2);
            if (ft <= f - 0.25 * t * dec) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            fill_mu(nb, b, y); /* stay at the last point */
            break;
        }
        memcpy(y, yt, m * sizeof *y);
        if (dec < 1e-6)
            break;
        f = ft;
    }
    f = objective(nb, b, m, y, isig2);
    if (!isfinite(f))
        return CX_ENUMERIC;
    *chi2 = f;
    return CX_OK;
}

/* Minimises over the k global nuisances (sigma 0: fixed at its start value,
 * INFINITY: free). x holds the start and receives the minimum. */
static int profile_blocks(size_t nb, block *b, size_t k, const double *sigma, double *x,
                          double *chi2)
{
    double isig2[MAXK] = {0}, y[MAXK];
    int pack[MAXK];
    size_t m = 0, tot = 0;
    ablock ab[CX_POISSON_MAX_DETECTORS];
    int st;
    if (k > MAXK || nb > CX_POISSON_MAX_DETECTORS)
        return CX_EINVAL;
    for (size_t j = 0; j < k; j++) {
        if (!(sigma[j] >= 0))
            return CX_EINVAL;
        pack[j] = -1;
        if (sigma[j] > 0) {
            pack[j] = (int)m;
            isig2[m] = isfinite(sigma[j]) ? 1.0 / (sigma[j] * sigma[j]) : 0.0;
            y[m++] = x[j];
        }
    }
    for (size_t e = 0; e < nb; e++) {
        size_t na = 0;
        for (size_t j = 0; j < b[e].nc; j++)
            na += pack[b[e].gk[j]] >= 0;
        tot += b[e].n * (na + 1);
    }
    double *mem = malloc((tot ? tot : 1) * sizeof *mem), *p = mem;
    if (!mem)
        return CX_ENOMEM;
    for (size_t e = 0; e < nb; e++) {
        const block *B = &b[e];
        ablock *A = &ab[e];
        const double *acol[MAXK];
        A->n = B->n;
        A->obs = B->obs;
        A->mu = B->mu;
        A->na = 0;
        for (size_t j = 0; j < B->nc; j++)
            if (pack[B->gk[j]] >= 0) {
                A->pk[A->na] = pack[B->gk[j]];
                acol[A->na++] = B->col[j];
            }
        A->base0 = p;
        p += B->n;
        A->at = p;
        p += B->n * A->na;
        for (size_t i = 0; i < B->n; i++) {
            double v = B->base[i];
            for (size_t j = 0; j < B->nc; j++)
                if (pack[B->gk[j]] < 0)
                    v += x[B->gk[j]] * B->col[j][i];
            A->base0[i] = v;
            for (size_t j = 0; j < A->na; j++)
                A->at[i * A->na + j] = acol[j][i];
        }
    }
    st = newton(nb, ab, m, isig2, y, chi2);
    if (st == CX_OK)
        for (size_t j = 0; j < k; j++)
            if (pack[j] >= 0)
                x[j] = y[pack[j]];
    free(mem);
    return st;
}

int cx_poisson_chi2(size_t n, const double *obs, const double *mu, double *chi2)
{
    double f = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(obs[i] >= 0) || !(mu[i] >= 0) || (mu[i] == 0 && obs[i] > 0))
            return obs[i] >= 0 && mu[i] >= 0 ? CX_ERANGE : CX_EINVAL;
        f += bc_term(obs[i], mu[i]);
    }
    *chi2 = f;
    return isfinite(f) ? CX_OK : CX_ENUMERIC;
}

int cx_poisson_profile(size_t n, const double *obs, const double *base, size_t k,
                       const double *const *a, const double *sigma, double *x, double *chi2)
{
    block b;
    int st;
    if (k > MAXK)
        return CX_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!(obs[i] >= 0))
            return CX_EINVAL;
    memset(&b, 0, sizeof b);
    b.n = n;
    b.obs = obs;
    b.base = base;
    b.nc = k;
    for (size_t j = 0; j < k; j++) {
        b.gk[j] = (int)j;
        b.col[j] = a[j];
    }
    b.mu = malloc((n ? n : 1) * sizeof *b.mu);
    if (!b.mu)
        return CX_ENOMEM;
    st = profile_blocks(1, &b, k, sigma, x, chi2);
    free(b.mu);
    return st;
}

/* ------------------------------------------------ the detector's inputs -- */

#define NAMELEN 48

typedef struct {
    char name[NAMELEN];
    double sigma; /* fraction (templates) or 1 (shapes) */
    double *col;  /* n values (owned by the pois block) */
} pnuis;

typedef struct {
    char name[NAMELEN];
    double sigma;
} pshared;

struct cx_pois {
    int asimov;
    int forecast_bkg; /* no templates: background f_bg x S_SM, sigma_beta */
    char id[CX_NAME_LEN];
    size_t n;
    size_t *cell;  /* model cell (energy x time) of bin i */
    double *ffrac; /* third-axis fraction of that cell (1 without) */
    double *obs;   /* n_i (asimov: S_SM + sum B) */
    double *bsum;  /* sum of the nominal backgrounds */
    double *ssm;   /* S_SM per bin (asimov, forecast background) */
    size_t nb;     /* background templates: nuis[0 .. nb) */
    size_t nsh;    /* background shape columns: nuis[nb .. nb + nsh) */
    pnuis nuis[MAXK];
    size_t nss; /* signal shapes: relative changes per bin */
    char ssname[MAXK][NAMELEN];
    double *srel[MAXK];
    size_t nshared;
    pshared shared[MAXK];
    double *store; /* one allocation for the columns */
};

void cx_pois_free(cx_pois *p)
{
    if (!p)
        return;
    free(p->cell);
    free(p->ffrac);
    free(p->obs);
    free(p->bsum);
    free(p->ssm);
    for (size_t j = 0; j < p->nss; j++)
        free(p->srel[j]);
    for (size_t j = 0; j < p->nb + p->nsh; j++)
        free(p->nuis[j].col);
    free(p);
}

static int alloc_bins(cx_pois *p, size_t n)
{
    p->n = n;
    p->cell = calloc(n ? n : 1, sizeof *p->cell);
    p->ffrac = calloc(n ? n : 1, sizeof *p->ffrac);
    p->obs = calloc(n ? n : 1, sizeof *p->obs);
    p->bsum = calloc(n ? n : 1, sizeof *p->bsum);
    p->ssm = calloc(n ? n : 1, sizeof *p->ssm);
    return (p->cell && p->ffrac && p->obs && p->bsum && p->ssm) ? CX_OK : CX_ENOMEM;
}

static double *add_col(cx_pois *p, const char *name, double sigma)
{
    size_t j = p->nb + p->nsh;
    if (j >= MAXK - 4)
        return NULL;
    double *c = calloc(p->n ? p->n : 1, sizeof *c);
    if (!c)
        return NULL;
    snprintf(p->nuis[j].name, NAMELEN, "%s", name);
    p->nuis[j].sigma = sigma;
    p->nuis[j].col = c;
    return c;
}

/* index of the edge pair (lo, hi) in edges[0..n], or -1 */
static long find_bin(const double *edges, size_t n, double lo, double hi)
{
    for (size_t j = 0; j < n; j++)
        if (fabs(edges[j] - lo) <= 1e-9 * (1 + fabs(lo)) &&
            fabs(edges[j + 1] - hi) <= 1e-9 * (1 + fabs(hi)))
            return (long)j;
    return -1;
}

/* COHERENT 2017 acceptance at x PE (as in cx_chi2.c's spectral model). */
static double acceptance_pe(const cx_detector *d, double x)
{
    double h;
    if (d->response != CX_RESP_LOGISTIC)
        return 1.0;
    h = x < d->step_lo_pe ? 0.0 : x < d->step_hi_pe ? 0.5 : 1.0;
    return h * d->acc_a / (1.0 + exp(-d->acc_k * (x - d->acc_x0)));
}

/* csi2017: the release's C and AC grids (data.grid_on), steady state from the
 * AC grid (flat in time), prompt neutrons from data.neutron x acceptance x
 * data.time_prompt_neutron. Fit window [lo, hi) PE, all times. */
static int init_csi2017(cx_pois *p, const cx_model *m, double lo, double hi, char *err,
                        size_t errlen)
{
    const cx_detector *d = cx_model_detector(m);
    const double *g, *neu, *tpn;
    size_t ng, cg, nn, cn, nt, ct;
    double expo;
    const size_t ne = cx_model_n_bins(m), ntm = cx_model_n_time_bins(m);
    const double *ee = cx_model_bin_edges(m), *te = cx_model_time_edges(m);
    if (cx_detector_table(d, "data.neutron", &neu, &nn, &cn) != CX_OK || cn < 2 ||
        cx_detector_table(d, "data.time_prompt_neutron", &tpn, &nt, &ct) != CX_OK || ct < 3 ||
        cx_detector_number(d, "data.exposure_gwh", &expo) != CX_OK) {
        cx_set_err(err, errlen,
                   "%s: the likelihood needs [data] neutron, time_prompt_neutron and exposure_gwh",
                   cx_detector_id(d));
        return CX_EINVAL;
    }
    cx_detector_table(d, "data.grid_on", &g, &ng, &cg);
    if (cg < 6 || !te) {
        cx_set_err(err, errlen,
                   "%s: data.grid_on needs rows PE_LO PE_HI T_LO T_HI C AC and [timing]",
                   cx_detector_id(d));
        return CX_EINVAL;
    }
    size_t n = 0;
    for (size_t r = 0; r < ng; r++)
        if (g[r * cg] >= lo - 1e-9 && g[r * cg + 1] <= hi + 1e-9)
            n++;
    if (n == 0) {
        cx_set_err(err, errlen, "%s: no data bins inside the fit window %g..%g", cx_detector_id(d),
                   lo, hi);
        return CX_EINVAL;
    }
    if (alloc_bins(p, n) != CX_OK)
        return CX_ENOMEM;
    double *ss = add_col(p, "ss", 0);
    if (!ss)
        return CX_ENOMEM;
    p->nb = 1;
    double *bn = add_col(p, "neutron", 0);
    if (!bn)
        return CX_ENOMEM;
    p->nb = 2;
    /* steady-state counts per energy bin, summed over time: the beam-on AC
     * window, and (with data.grid_off and the live times) the beam-off C and
     * AC windows, scaled to the beam-on C window */
    const double *goff = NULL;
    size_t noff = 0, coff = 0;
    double lon = 0, loff = 0, ss_scale = 1.0;
    if (cx_detector_table(d, "data.grid_off", &goff, &noff, &coff) == CX_OK &&
        cx_detector_number(d, "data.live_days_on", &lon) == CX_OK &&
        cx_detector_number(d, "data.live_days_off", &loff) == CX_OK && coff >= 6 && noff == ng &&
        lon > 0 && loff > 0)
        ss_scale = lon / (lon + 2.0 * loff);
    else
        goff = NULL;
    double acsum[1024] = {0}, actime[1024] = {0}, ac_tot = 0;
    size_t i = 0;
    for (size_t r = 0; r < ng; r++) {
        const double *q = g + r * cg;
        if (!(q[0] >= lo - 1e-9 && q[1] <= hi + 1e-9))
            continue;
        long eb = find_bin(ee, ne, q[0], q[1]), tb = find_bin(te, ntm, q[2], q[3]);
        if (eb < 0 || tb < 0 || eb >= 1024) {
            cx_set_err(err, errlen, "%s: a grid_on cell does not match the binning",
                       cx_detector_id(d));
            return CX_EINVAL;
        }
        long tp = find_bin(te, ntm, tpn[(size_t)tb * ct], tpn[(size_t)tb * ct + 1]);
        if (nt != ntm || tp != tb) {
            cx_set_err(err, errlen, "%s: time_prompt_neutron is not on the timing bins",
                       cx_detector_id(d));
            return CX_EINVAL;
        }
        p->cell[i] = (size_t)eb * ntm + (size_t)tb;
        p->ffrac[i] = 1.0;
        p->obs[i] = q[4];
        acsum[eb] += q[5];
        actime[tb] += q[5];
        ac_tot += q[5];
        if (goff) {
            /* the beam-off grid lists the same cells in the same order */
            const double *qo = goff + r * coff;
            if (qo[0] != q[0] || qo[2] != q[2]) {
                cx_set_err(err, errlen, "%s: grid_off does not list the cells of grid_on",
                           cx_detector_id(d));
                return CX_EINVAL;
            }
            acsum[eb] += qo[4] + qo[5];
            actime[tb] += qo[4] + qo[5];
            ac_tot += qo[4] + qo[5];
        }
        /* prompt neutrons: per GWh per 1-PE bin, acceptance at the 1-PE
         * centres (release yaml), times this time bin's probability */
        double b = 0.0;
        for (size_t k = 0; k < nn; k++) {
            double x = neu[k * cn];
            if (x >= q[0] && x < q[1])
                b += neu[k * cn + 1] * acceptance_pe(d, x);
        }
        bn[i] = b * expo * tpn[(size_t)tb * ct + 2];
        i++;
    }
    /* steady state: energy shape times time shape of the anti-coincidence
     * (and beam-off) counts in the window (our choice: the product of the
     * two projections removes most of the grid's Poisson noise from the
     * template and keeps the decrease of the 2017 steady state with arrival
     * time, which the cuts cause); normalisation uncertainty 1/sqrt(counts
     * it was estimated from) */
    i = 0;
    for (size_t r = 0; r < ng; r++) {
        const double *q = g + r * cg;
        if (!(q[0] >= lo - 1e-9 && q[1] <= hi + 1e-9))
            continue;
        long eb = find_bin(ee, ne, q[0], q[1]), tb = find_bin(te, ntm, q[2], q[3]);
        ss[i++] = ac_tot > 0 ? acsum[eb] * actime[tb] / ac_tot * ss_scale : 0.0;
    }
    p->nuis[0].sigma = ac_tot > 0 ? 1.0 / sqrt(ac_tot) : 0.0;
    /* the prompt-neutron normalisation uncertainty of the release (25 %) is
     * the file's sigma_beta */
    double sb = 0.25;
    cx_detector_number(d, "fit.sigma_beta", &sb);
    p->nuis[1].sigma = sb;
    for (i = 0; i < n; i++)
        p->bsum[i] = ss[i] + bn[i];
    return CX_OK;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

/* Row r of a grid table -> bin index (rows of every grid table are matched
 * by their edges to the rows of data.on). */
typedef struct {
    size_t ncoord; /* 2, 4 or 6 */
    const double *on;
    size_t non, con;
} gridref;

static long grid_row(const gridref *gr, const double *q)
{
    /* the tables list the cells in the same order as data.on in the shipped
     * files; check that first, then search */
    for (size_t r = 0; r < gr->non; r++) {
        const double *o = gr->on + r * gr->con;
        size_t c;
        for (c = 0; c < gr->ncoord; c++)
            if (fabs(o[c] - q[c]) > 1e-9 * (1 + fabs(q[c])))
                break;
        if (c == gr->ncoord)
            return (long)r;
    }
    return -1;
}

/* Fills out[0..n) with the values (column ncoord) of table key on the data
 * grid; CX_ENOTFOUND when absent. */
static int grid_values(const cx_detector *d, const gridref *gr, const char *key, double *out)
{
    const double *t;
    size_t nr, nc;
    if (cx_detector_table(d, key, &t, &nr, &nc) != CX_OK)
        return CX_ENOTFOUND;
    if (nc <= gr->ncoord || nr != gr->non)
        return CX_EINVAL;
    for (size_t r = 0; r < nr; r++) {
        const double *q = t + r * nc;
        long j = (long)r;
        const double *o = gr->on + r * gr->con;
        for (size_t c = 0; c < gr->ncoord; c++)
            if (fabs(o[c] - q[c]) > 1e-9 * (1 + fabs(q[c]))) {
                j = grid_row(gr, q);
                break;
            }
        if (j < 0)
            return CX_EINVAL;
        out[j] = q[gr->ncoord];
    }
    return CX_OK;
}

/* csi2021, lar2020: data.on, [background] templates with NAME_norm, shape
 * templates NAME_SUFFIX(_plus/_minus), signal F90 fractions and shapes from
 * data.sm_cevns*. */
static int init_grid(cx_pois *p, const cx_model *m, char *err, size_t errlen)
{
    const cx_detector *d = cx_model_detector(m);
    const double *on, *f90 = NULL;
    size_t non, con, nf = 0, dummy;
    const size_t ne = cx_model_n_bins(m), ntm = cx_model_n_time_bins(m);
    const double *ee = cx_model_bin_edges(m), *te = cx_model_time_edges(m);
    int st;
    cx_detector_table(d, "data.on", &on, &non, &con);
    if (cx_detector_table(d, "data.grid_f90", &f90, &dummy, &nf) != CX_OK)
        f90 = NULL, nf = 0;
    gridref gr = {2 + (te ? 2 : 0) + (f90 ? 2 : 0), on, non, con};
    if (con <= gr.ncoord) {
        cx_set_err(err, errlen, "%s: data.on has no counts column", cx_detector_id(d));
        return CX_EINVAL;
    }
    if (alloc_bins(p, non) != CX_OK)
        return CX_ENOMEM;
    for (size_t r = 0; r < non; r++) {
        const double *q = on + r * con;
        long eb = find_bin(ee, ne, q[0], q[1]), tb = te ? find_bin(te, ntm, q[2], q[3]) : 0;
        if (eb < 0 || tb < 0) {
            cx_set_err(err, errlen, "%s: a data.on cell does not match the binning",
                       cx_detector_id(d));
            return CX_EINVAL;
        }
        p->cell[r] = (size_t)eb * ntm + (size_t)tb;
        p->ffrac[r] = 1.0;
        p->obs[r] = q[gr.ncoord];
    }
    double *tmp = calloc(non, sizeof *tmp), *tmp2 = calloc(non, sizeof *tmp2);
    if (!tmp || !tmp2) {
        free(tmp);
        free(tmp2);
        return CX_ENOMEM;
    }
    /* the signal's third-axis (F90) fractions and its shape systematics
     * from the experiment's own prediction sm_cevns */
    double *smn = NULL;
    if (grid_values(d, &gr, "data.sm_cevns", tmp) == CX_OK) {
        smn = calloc(non, sizeof *smn);
        if (!smn) {
            free(tmp);
            free(tmp2);
            return CX_ENOMEM;
        }
        memcpy(smn, tmp, non * sizeof *smn);
        if (f90) {
            /* sum over the F90 cells of each energy x time cell */
            for (size_t r = 0; r < non; r++) {
                double s = 0.0;
                for (size_t u = 0; u < non; u++)
                    if (p->cell[u] == p->cell[r])
                        s += smn[u];
                p->ffrac[r] = s > 0 ? smn[r] / s : 0.0;
            }
        }
    }
    st = CX_OK;
    /* backgrounds: every background.NAME with background.NAME_norm */
    double scale[MAXK] = {0};
    for (size_t kk = 0; kk < cx_detector_n_keys(d) && st == CX_OK; kk++) {
        const char *key = cx_detector_key(d, kk);
        char nk[CX_NAME_LEN + 16];
        const double *nv;
        size_t nr, nc;
        if (strncmp(key, "background.", 11) || ends_with(key, "_norm"))
            continue;
        snprintf(nk, sizeof nk, "%s_norm", key);
        if (cx_detector_table(d, nk, &nv, &nr, &nc) != CX_OK)
            continue;
        if (nc < 2 || !(nv[0] > 0) || !(nv[1] >= 0)) {
            cx_set_err(err, errlen, "%s: %s needs EVENTS > 0 and UNCERTAINTY >= 0",
                       cx_detector_id(d), nk);
            st = CX_EINVAL;
            break;
        }
        if (p->nb >= MAXK - 8) {
            cx_set_err(err, errlen, "%s: too many background templates", cx_detector_id(d));
            st = CX_EINVAL;
            break;
        }
        if (grid_values(d, &gr, key, tmp) != CX_OK) {
            cx_set_err(err, errlen, "%s: %s is not on the data grid", cx_detector_id(d), key);
            st = CX_EINVAL;
            break;
        }
        double s = 0.0;
        for (size_t r = 0; r < non; r++)
            s += tmp[r];
        if (!(s > 0)) {
            cx_set_err(err, errlen, "%s: template %s is empty", cx_detector_id(d), key);
            st = CX_EINVAL;
            break;
        }
        if (!strcmp(key, "background.ss") && te && ntm > 1) {
            /* the steady state is flat in arrival time (our choice: the
             * template's counts of each energy (x F90) cell are spread over
             * its time bins in proportion to the time efficiency at their
             * centres, which removes the Poisson noise of a template made
             * of anti-coincidence counts) */
            for (size_t r = 0; r < non; r++) {
                double sum = 0.0, wsum = 0.0;
                const double *q = on + r * con;
                for (size_t u = 0; u < non; u++) {
                    const double *o2 = on + u * con;
                    if (o2[0] != q[0] || (f90 && o2[4] != q[4]))
                        continue;
                    sum += tmp[u];
                    wsum += cx_time_eff(&d->timing, 0.5 * (o2[2] + o2[3]));
                }
                tmp2[r] = wsum > 0 ? sum * cx_time_eff(&d->timing, 0.5 * (q[2] + q[3])) / wsum : 0;
            }
            memcpy(tmp, tmp2, non * sizeof *tmp);
        }
        double *c = add_col(p, key + 11, nv[1] / nv[0]);
        if (!c) {
            st = CX_ENOMEM;
            break;
        }
        scale[p->nb] = nv[0] / s;
        for (size_t r = 0; r < non; r++) {
            c[r] = tmp[r] * scale[p->nb];
            p->bsum[r] += c[r];
        }
        p->nb++;
    }
    /* shape systematics of the templates: NAME_X_plus / NAME_X_minus give one
     * nuisance (sigma 1) with the column (plus - minus) / 2; a lone NAME_X
     * gives NAME_X - NAME (linear interpolation between the templates) */
    for (size_t kk = 0; kk < cx_detector_n_keys(d) && st == CX_OK; kk++) {
        const char *key = cx_detector_key(d, kk);
        if (strncmp(key, "background.", 11) || ends_with(key, "_norm"))
            continue;
        for (size_t b = 0; b < p->nb && st == CX_OK; b++) {
            const char *bn = p->nuis[b].name;
            size_t lb = strlen(bn);
            char stem[NAMELEN], other[CX_NAME_LEN + 16];
            if (strncmp(key + 11, bn, lb) || key[11 + lb] != '_' || !strcmp(key + 11 + lb, "_norm"))
                continue;
            /* NAME_X_minus is taken with its _plus */
            if (ends_with(key, "_minus")) {
                snprintf(other, sizeof other, "%.*s_plus", (int)(strlen(key) - 6), key);
                const double *tt;
                size_t a1, a2;
                if (cx_detector_table(d, other, &tt, &a1, &a2) == CX_OK)
                    continue;
            }
            int pair = 0;
            snprintf(stem, sizeof stem, "%s", key + 11);
            if (ends_with(key, "_plus")) {
                snprintf(other, sizeof other, "%.*s_minus", (int)(strlen(key) - 5), key);
                pair = grid_values(d, &gr, other, tmp2) == CX_OK;
                if (pair)
                    stem[strlen(stem) - 5] = '\0';
            }
            if (grid_values(d, &gr, key, tmp) != CX_OK) {
                cx_set_err(err, errlen, "%s: %s is not on the data grid", cx_detector_id(d), key);
                st = CX_EINVAL;
                break;
            }
            double *c = add_col(p, stem, 1.0);
            if (!c) {
                st = CX_ENOMEM;
                break;
            }
            const double *nom = p->nuis[b].col;
            for (size_t r = 0; r < non; r++)
                c[r] = pair ? 0.5 * (tmp[r] - tmp2[r]) * scale[b] : tmp[r] * scale[b] - nom[r];
            p->nsh++;
            break;
        }
    }
    /* signal shape systematics: data.sm_cevns_X(_plus/_minus), as relative
     * changes of the prediction per cell */
    for (size_t kk = 0; smn && kk < cx_detector_n_keys(d) && st == CX_OK; kk++) {
        const char *key = cx_detector_key(d, kk);
        char other[CX_NAME_LEN + 16];
        if (strncmp(key, "data.sm_cevns_", 14))
            continue;
        if (ends_with(key, "_minus")) {
            const double *tt;
            size_t a1, a2;
            snprintf(other, sizeof other, "%.*s_plus", (int)(strlen(key) - 6), key);
            if (cx_detector_table(d, other, &tt, &a1, &a2) == CX_OK)
                continue;
        }
        int pair = 0;
        char stem[NAMELEN];
        snprintf(stem, sizeof stem, "cevns_%s", key + 14);
        if (ends_with(key, "_plus")) {
            snprintf(other, sizeof other, "%.*s_minus", (int)(strlen(key) - 5), key);
            pair = grid_values(d, &gr, other, tmp2) == CX_OK;
            if (pair)
                stem[strlen(stem) - 5] = '\0';
        }
        if (grid_values(d, &gr, key, tmp) != CX_OK || p->nss >= 4) {
            cx_set_err(err, errlen, "%s: %s is not on the data grid", cx_detector_id(d), key);
            st = CX_EINVAL;
            break;
        }
        double *rel = calloc(non, sizeof *rel);
        if (!rel) {
            st = CX_ENOMEM;
            break;
        }
        for (size_t r = 0; r < non; r++)
            rel[r] =
                smn[r] > 0 ? (pair ? 0.5 * (tmp[r] - tmp2[r]) : tmp[r] - smn[r]) / smn[r] : 0.0;
        snprintf(p->ssname[p->nss], NAMELEN, "%s", stem);
        p->srel[p->nss++] = rel;
    }
    free(smn);
    free(tmp);
    free(tmp2);
    return st;
}

/* Forecast detectors (no data grid): every energy x time cell of the model,
 * background f_bg x S_SM spread like the signal. */
static int init_forecast(cx_pois *p, const cx_model *m)
{
    const size_t nc = cx_model_n_bins(m) * cx_model_n_time_bins(m);
    if (alloc_bins(p, nc) != CX_OK)
        return CX_ENOMEM;
    for (size_t i = 0; i < nc; i++) {
        p->cell[i] = i;
        p->ffrac[i] = 1.0;
    }
    p->forecast_bkg = 1;
    return CX_OK;
}

int cx_pois_init(const cx_model *m, const cx_chi2_opts *o, int asimov, cx_pois **out, char *err,
                 size_t errlen)
{
    const cx_detector *d = cx_model_detector(m);
    const double *t;
    size_t nr, nc;
    int st;
    cx_pois *p = calloc(1, sizeof *p);
    if (!p)
        return CX_ENOMEM;
    p->asimov = asimov;
    snprintf(p->id, sizeof p->id, "%s", cx_detector_id(d));
    if (cx_detector_table(d, "data.grid_on", &t, &nr, &nc) == CX_OK) {
        double lo = 6.0, hi = 30.0;
        if (o && (o->window_lo != 0 || o->window_hi != 0)) {
            lo = o->window_lo;
            hi = o->window_hi;
        } else {
            cx_detector_number(d, "fit.window_lo_pe", &lo);
            cx_detector_number(d, "fit.window_hi_pe", &hi);
        }
        st = init_csi2017(p, m, lo, hi, err, errlen);
    } else if (cx_detector_table(d, "data.on", &t, &nr, &nc) == CX_OK) {
        st = init_grid(p, m, err, errlen);
    } else if (asimov) {
        st = init_forecast(p, m);
    } else {
        cx_set_err(
            err, errlen,
            "chi2 model poisson needs measured counts ([data] on or grid_on), which %s lacks "
            "(use asimov for a forecast)",
            cx_detector_id(d));
        st = CX_EINVAL;
    }
    if (st == CX_OK) {
        /* the SM signal per bin (asimov data) */
        const double *sm = cx_model_spectrum_2d_sm(m);
        for (size_t i = 0; i < p->n; i++)
            p->ssm[i] = sm[p->cell[i]] * p->ffrac[i];
        /* shared signal-normalisation nuisances: [fit] shared_NAME = SIGMA */
        for (size_t kk = 0; kk < cx_detector_n_keys(d); kk++) {
            const char *key = cx_detector_key(d, kk);
            double v;
            if (strncmp(key, "fit.shared_", 11) || cx_detector_number(d, key, &v) != CX_OK)
                continue;
            if (!(v > 0 && v < 10) || p->nshared >= 4) {
                cx_set_err(err, errlen, "%s: %s must be a fraction > 0 (at most 4 shared)",
                           cx_detector_id(d), key);
                st = CX_EINVAL;
                break;
            }
            snprintf(p->shared[p->nshared].name, NAMELEN, "%s", key + 11);
            p->shared[p->nshared++].sigma = v;
        }
    }
    if (st == CX_OK && !p->forecast_bkg) {
        for (size_t i = 0; i < p->n; i++)
            if (!(p->obs[i] >= 0)) {
                cx_set_err(err, errlen, "%s: negative counts in the data", cx_detector_id(d));
                st = CX_EINVAL;
                break;
            }
    }
    if (st != CX_OK) {
        if (st == CX_ENOMEM)
            cx_set_err(err, errlen, "out of memory");
        cx_pois_free(p);
        return st;
    }
    *out = p;
    return CX_OK;
}

size_t cx_pois_n_bins(const cx_pois *p)
{
    return p->n;
}

/* ---------------------------------------------------------- evaluation -- */

/* Global nuisance list of a joint evaluation. */
typedef struct {
    size_t k;
    char name[MAXK][CX_POISSON_NAME_LEN];
    double sigma[MAXK];
    double x[MAXK];
} glist;

static int glist_add(glist *g, const char *name, double sigma, int *idx)
{
    for (size_t j = 0; j < g->k; j++)
        if (!strcmp(g->name[j], name)) {
            *idx = (int)j;
            return CX_OK;
        }
    if (g->k >= MAXK)
        return CX_ERANGE;
    snprintf(g->name[g->k], CX_POISSON_NAME_LEN, "%s", name);
    g->sigma[g->k] = sigma;
    g->x[g->k] = 0.0;
    *idx = (int)g->k++;
    return CX_OK;
}

int cx_pois_eval_joint(size_t ne, const cx_pois *const *pp, const cx_model *const *mm,
                       const cx_poisson_opts *opts, double *chi2_out, cx_poisson_result *res)
{
    glist g;
    block b[CX_POISSON_MAX_DETECTORS];
    double *scratch[CX_POISSON_MAX_DETECTORS] = {0};
    int sig_idx[CX_POISSON_MAX_DETECTORS];
    int st = CX_OK;
    size_t nbins = 0;
    if (ne == 0 || ne > CX_POISSON_MAX_DETECTORS)
        return CX_EINVAL;
    memset(&g, 0, sizeof g);
    memset(b, 0, sizeof b);
    for (size_t e = 0; e < ne && st == CX_OK; e++) {
        const cx_pois *p = pp[e];
        const cx_model *m = mm[e];
        const double *s2d = cx_model_spectrum_2d(m);
        const size_t n = p->n, ncols = 1 + p->nss + (p->forecast_bkg ? 1 : 0);
        double sa = cx_model_get_param(m, CX_P_SIGMA_ALPHA), ssh = 0.0;
        char nm[2 * CX_POISSON_NAME_LEN + 16];
        int idx;
        /* scratch: obs, base, mu, S, shape columns, forecast background */
        double *w = malloc((3 + ncols) * (n ? n : 1) * sizeof *w);
        if (!w) {
            st = CX_ENOMEM;
            break;
        }
        scratch[e] = w;
        double *obs = w, *base = w + n, *mu = w + 2 * n, *S = w + 3 * n;
        const double fb = cx_model_get_param(m, CX_P_BKG_FRAC);
        for (size_t i = 0; i < n; i++) {
            S[i] = s2d[p->cell[i]] * p->ffrac[i];
            double bk = p->forecast_bkg ? fb * p->ssm[i] : p->bsum[i];
            base[i] = S[i] + bk;
            obs[i] = p->asimov ? p->ssm[i] + bk : p->obs[i];
        }
        b[e].n = n;
        b[e].obs = obs;
        b[e].base = base;
        b[e].mu = mu;
        /* signal normalisation: the shared nuisances take their part of
         * sigma_alpha (in quadrature), the detector keeps the rest */
        for (size_t j = 0; j < p->nshared; j++) {
            ssh += p->shared[j].sigma * p->shared[j].sigma;
            /* a free or fixed signal normalisation absorbs the shared ones */
            const double ssig =
                opts && opts->signal != CX_POISSON_SIGNAL_PULL ? 0.0 : p->shared[j].sigma;
            if ((st = glist_add(&g, p->shared[j].name, ssig, &idx)) != CX_OK)
                break;
            b[e].gk[b[e].nc] = idx;
            b[e].col[b[e].nc++] = S;
        }
        if (st != CX_OK)
            break;
        double sown = sa * sa > ssh ? sqrt(sa * sa - ssh) : 0.0;
        if (opts && opts->signal == CX_POISSON_SIGNAL_FREE)
            sown = INFINITY;
        snprintf(nm, sizeof nm, "%s%ssignal", ne > 1 ? p->id : "", ne > 1 ? ":" : "");
        if ((st = glist_add(&g, nm, sown, &idx)) != CX_OK)
            break;
        sig_idx[e] = idx;
        if (opts && opts->signal == CX_POISSON_SIGNAL_FIXED) {
            g.sigma[idx] = 0.0;
            g.x[idx] = opts->signal_value;
        }
        b[e].gk[b[e].nc] = idx;
        b[e].col[b[e].nc++] = S;
        /* background templates and their shapes */
        for (size_t j = 0; j < p->nb + p->nsh; j++) {
            snprintf(nm, sizeof nm, "%s%s%s", ne > 1 ? p->id : "", ne > 1 ? ":" : "",
                     p->nuis[j].name);
            if ((st = glist_add(&g, nm, p->nuis[j].sigma, &idx)) != CX_OK)
                break;
            b[e].gk[b[e].nc] = idx;
            b[e].col[b[e].nc++] = p->nuis[j].col;
        }
        if (st != CX_OK)
            break;
        if (p->forecast_bkg) {
            double *B = S + (1 + p->nss) * n;
            for (size_t i = 0; i < n; i++)
                B[i] = fb * p->ssm[i];
            snprintf(nm, sizeof nm, "%s%sbackground", ne > 1 ? p->id : "", ne > 1 ? ":" : "");
            if ((st = glist_add(&g, nm, cx_model_get_param(m, CX_P_SIGMA_BETA), &idx)) != CX_OK)
                break;
            b[e].gk[b[e].nc] = idx;
            b[e].col[b[e].nc++] = B;
        }
        for (size_t j = 0; j < p->nss; j++) {
            double *c = S + (1 + j) * n;
            for (size_t i = 0; i < n; i++)
                c[i] = S[i] * p->srel[j][i];
            snprintf(nm, sizeof nm, "%s%s%s", ne > 1 ? p->id : "", ne > 1 ? ":" : "", p->ssname[j]);
            if ((st = glist_add(&g, nm, 1.0, &idx)) != CX_OK)
                break;
            b[e].gk[b[e].nc] = idx;
            b[e].col[b[e].nc++] = c;
        }
        nbins += n;
    }
    double chi2 = 0.0;
    if (st == CX_OK)
        st = profile_blocks(ne, b, g.k, g.sigma, g.x, &chi2);
    if (st == CX_OK && res) {
        memset(res, 0, sizeof *res);
        res->chi2 = chi2;
        res->n_bins = nbins;
        res->n_nuis = g.k;
        for (size_t j = 0; j < g.k; j++) {
            memcpy(res->name[j], g.name[j], CX_POISSON_NAME_LEN);
            res->pull[j] = g.x[j];
            res->sigma[j] = g.sigma[j];
        }
        for (size_t e = 0; e < ne; e++) {
            double s = 0.0, f = 1.0 + g.x[sig_idx[e]];
            for (size_t j = 0; j < pp[e]->nshared; j++) {
                int idx = 0;
                glist_add(&g, pp[e]->shared[j].name, 0, &idx);
                f += g.x[idx];
            }
            for (size_t i = 0; i < b[e].n; i++)
                s += b[e].col[b[e].nc > 0 ? pp[e]->nshared : 0][i];
            res->signal_model += s;
            res->signal_events += f * s;
        }
    }
    for (size_t e = 0; e < ne; e++)
        free(scratch[e]);
    if (st == CX_OK)
        *chi2_out = chi2;
    return st;
}
