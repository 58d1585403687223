/* cx_kernels.c - the fast path's node layout, oscillation weights, form
 * factors and kernel sums (doc/physics.md section 5; see cx_model.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_model.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_model_impl.h"
#include "cx_presets.h"
#include "cx_response.h"

/* ---------------------------------------------------------- node layout -- */

size_t cxk_panel_capacity(const cx_model *m)
{
    /* breakpoints: bin edges, start, end, prompt edge, two acceptance steps;
     * splitting to PANEL_DE adds at most one panel per interval plus the span
     * over PANEL_DE. */
    size_t nbreak = m->n_bins + 1 + 5;
    if (m->det->response == CX_RESP_GENERAL)
        nbreak += m->n_bins + 1 + m->det->resp.ne + m->det->resp.nq +
                  8; /* ROI, efficiency and quenching-table kinks */
    size_t np = 2 * nbreak + (size_t)(cx_flux_emax() / PANEL_DE) + 2;
    /* a smeared general response may split every panel (layout_isotope) */
    if (m->det->response == CX_RESP_GENERAL && m->det->resp.res != CX_RES_NONE)
        np += nbreak * SMEAR_MAX_SUB;
    return np;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts a short array in place (insertion sort: no allocation). */
static void sort_small(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        while (j > 0 && cmp_double(&v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static int bin_of(const cx_model *m, double t_mev)
{
    const double *ed = m->edges;
    if (m->n_bins == 0 || t_mev < cx_model_bin_t_mev(m, ed[0]) ||
        t_mev >= cx_model_bin_t_mev(m, ed[m->n_bins]))
        return -1;
    size_t lo = 0, hi = m->n_bins;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t_mev >= cx_model_bin_t_mev(m, ed[mid]))
            lo = mid;
        else
            hi = mid;
    }
    return (int)lo;
}

/* The lowest recoil energy any isotope's integral starts from (MeV): the
 * threshold or acceptance start, and for a general response the lowest recoil
 * the response can still see. */
double cxk_lowest_recoil_mev(const cx_model *m)
{
    double t0 = cx_model_t_start(m), lowest = INFINITY;
    if (m->det->response != CX_RESP_GENERAL)
        return t0;
    for (size_t i = 0; i < m->n_iso; i++)
        lowest = fmin(lowest, fmax(t0, cx_resp_t_min(m->det, m->nodes[i].z) * 1e-3));
    return m->n_iso ? lowest : t0;
}

/* Places the nodes of isotope i and their flux weights (stage DETECTOR). */
void cxk_layout_isotope(cx_model *m, size_t i, double *brk)
{
    cx_iso_nodes *nd = &m->nodes[i];
    const cx_detector *d = m->det;
    const double M = nd->m_mev, emax = cx_flux_emax(), ep = cx_flux_ep();
    const double e_of_t = M / 2.0; /* e = sqrt(e_of_t * T) */
    double t_start = cx_model_t_start(m);
    if (d->response == CX_RESP_GENERAL)
        t_start = fmax(t_start, cx_resp_t_min(d, nd->z) * 1e-3);
    double e0 = sqrt(e_of_t * t_start);
    size_t nb = 0;
    nd->n = 0;
    if (!(e0 < emax))
        return; /* threshold above the largest recoil: no events */
    brk[nb++] = e0;
    brk[nb++] = emax;
    if (ep > e0 && ep < emax)
        brk[nb++] = ep;
    if (d->response == CX_RESP_LOGISTIC && d->pe_per_kevnr > 0.0) {
        double e1 = sqrt(e_of_t * d->step_hi_pe / d->pe_per_kevnr * 1e-3);
        if (e1 > e0 && e1 < emax)
            brk[nb++] = e1;
    }
    const int general = d->response == CX_RESP_GENERAL;
    if (general) {
        /* recoils whose mean lands on a bin edge, an ROI edge or (without
         * smearing) an efficiency kink */
        const cx_response *r = &d->resp;
        size_t nx = 0;
        double *xs =
            brk + nb + m->n_bins + 1 + r->ne + r->nq + 8; /* scratch after the breakpoints */
        for (size_t b = 0; b <= m->n_bins; b++)
            xs[nx++] = m->edges[b];
        xs[nx++] = r->roi_lo;
        xs[nx++] = r->roi_hi;
        if (r->res == CX_RES_NONE)
            nx = cx_resp_kinks(r, m->edges[0], m->edges[m->n_bins], xs, nx, nx + r->ne + 4);
        for (size_t k = 0; k < nx; k++) {
            if (!(xs[k] > 0))
                continue;
            double eb = sqrt(e_of_t * cx_resp_t_of_mean(d, nd->z, xs[k]) * 1e-3);
            if (eb > e0 && eb < emax)
                brk[nb++] = eb;
        }
        /* the nodes of a quenching table are kinks of the mean in T */
        for (size_t k = 0; r->quench == CX_Q_TABLE && k < r->nq; k++) {
            double eb = sqrt(e_of_t * r->qtab[2 * k] * 1e-3);
            if (eb > e0 && eb < emax)
                brk[nb++] = eb;
        }
    } else {
        for (size_t b = 0; b <= m->n_bins; b++) {
            double eb = sqrt(e_of_t * cx_model_bin_t_mev(m, m->edges[b]));
            if (eb > e0 && eb < emax)
                brk[nb++] = eb;
        }
    }
    sort_small(brk, nb);

    const double kin = m->par[CX_P_KIN_TE] != 0.0, gc = m->par[CX_P_GC] != 0.0;
    const double weak = CX_GF * CX_GF * M / M_PI * CX_MEV2_TO_CM2;
    const double em = M_PI * CX_ALPHA * CX_ALPHA / (CX_ME * CX_ME) * CX_MEV2_TO_CM2;
    for (size_t k = 0; k + 1 < nb; k++) {
        double a = brk[k], b = brk[k + 1];
        if (!(b - a > 1e-12 * b))
            continue; /* duplicate breakpoint */
        size_t nsub = (size_t)ceil((b - a) / PANEL_DE);
        if (general && d->resp.res != CX_RES_NONE) {
            /* a narrow smearing makes the bin probabilities change on the
             * scale of the resolution: sub-panels over which the mean moves
             * by at most two standard deviations (at most SMEAR_MAX_SUB) */
            double ma = cx_resp_mean(d, nd->z, a * a / e_of_t * 1e3);
            double mb = cx_resp_mean(d, nd->z, b * b / e_of_t * 1e3);
            double sd = cx_resp_sd(&d->resp, ma);
            double want = sd > 0 ? ceil((mb - ma) / (2.0 * sd)) : (double)SMEAR_MAX_SUB;
            want = fmin(fmax(want, 1.0), (double)SMEAR_MAX_SUB);
            if ((size_t)want > nsub)
                nsub = (size_t)want;
        }
        for (size_t s = 0; s < nsub; s++) {
            double pa = a + (b - a) * (double)s / (double)nsub;
            double pb = (s + 1 == nsub) ? b : a + (b - a) * (double)(s + 1) / (double)nsub;
            double tmid = (0.5 * (pa + pb)) * (0.5 * (pa + pb)) / e_of_t;
            int bin = general ? -1 : bin_of(m, tmid);
            double xs[NGL], ws[NGL];
            for (size_t g = 0; g < NGL; g++)
                gsl_integration_glfixed_point(pa, pb, g, &xs[g], &ws[g], m->gl);
            for (size_t g = 1; g < NGL; g++) /* increasing e, whatever GSL's order */
                for (size_t h = g; h > 0 && xs[h - 1] > xs[h]; h--) {
                    double tx = xs[h], tw = ws[h];
                    xs[h] = xs[h - 1], ws[h] = ws[h - 1];
                    xs[h - 1] = tx, ws[h - 1] = tw;
                }
            for (size_t g = 0; g < NGL; g++) {
                double x = xs[g], wgt = ws[g];
                size_t n = nd->n++;
                double t = x * x / e_of_t;
                nd->e[n] = x;
                nd->bin[n] = bin;
                nd->w[n] = wgt * (4.0 * x / M) * cx_acceptance(d, t);
                if (general) {
                    double *row = nd->resp + n * m->n_bins, sum = 0.0;
                    cx_resp_bins(d, nd->z, t * 1e3, row, m->gl);
                    for (size_t q = 0; q < m->n_bins; q++)
                        sum += row[q];
                    nd->rsum[n] = sum;
                }
                /* flux-averaged cross-section factors, doc/physics.md section 4:
                 * W = I0 + (gam - tau) I1 - (e^2 + tau gam) I2 - gam e^2 I3 */
                double tau = kin ? t : 0.0, gam = gc ? M * t / CX_MNUCLEON : 0.0;
                for (int c = 0; c < CX_NCOMP; c++) {
                    double I[4];
                    cx_flux_moments(c, x, I);
                    double wv =
                        I[0] + (gam - tau) * I[1] - (x * x + tau * gam) * I[2] - gam * x * x * I[3];
                    nd->wk[c][n] = nd->w[n] * weak * wv;
                    /* w / t first: near T = 0 (threshold 0 with a tiny first edge) both
                     * are denormal, and w * em * (I0 / t) would be 0 * inf = NaN. */
                    nd->we[c][n] = t > 0.0 ? em * (nd->w[n] / t * I[0] - nd->w[n] * I[1]) : 0.0;
                    /* scalar M^2 T / (4 pi E^2) and tensor 4 (1 - M T / (4 E^2))
                     * weights (doc/physics.md section 4, scalar and tensor); M T = 2 x^2 */
                    nd->ws[c][n] = nd->w[n] * M * M * t / (4.0 * M_PI) * I[2] * CX_MEV2_TO_CM2;
                    nd->wt[c][n] = nd->w[n] * 4.0 * weak * (I[0] - 0.5 * x * x * I[2]);
                }
            }
        }
    }
}

/* Merges the isotopes' increasing node lists into one decreasing order. */
void cxk_build_order(cx_model *m)
{
    size_t pos[CX_MAX_ISOTOPES] = {0};
    m->n_order = 0;
    for (;;) {
        int best = -1;
        double be = -1.0;
        for (size_t i = 0; i < m->n_iso; i++) {
            const cx_iso_nodes *nd = &m->nodes[i];
            if (pos[i] < nd->n) {
                double e = nd->e[nd->n - 1 - pos[i]];
                if (e > be) {
                    be = e;
                    best = (int)i;
                }
            }
        }
        if (best < 0)
            break;
        cx_iso_nodes *nd = &m->nodes[best];
        m->order[m->n_order].iso = best;
        m->order[m->n_order].node = (int)(nd->n - 1 - pos[best]);
        m->n_order++;
        pos[best]++;
    }
}

/* ---------------------------------------------------------- oscillation -- */

/* Adds to acc[c][i] (c = nu_e, anti-nu_mu; i = 0..3 for E^0..E^-3) the
 * integrals of f_c(E) E^-i sin^2(phi/E) over E in [1/u1, 1/u0], in u = 1/E
 * where the phase is linear. */
static void osc_segment(const cx_model *m, double phi, double phid, double u0, double u1,
                        size_t nsub, double acc[2][4])
{
    double k[2][2];
    cx_flux_poly(CX_NUE, k[0]);
    cx_flux_poly(CX_NUMUBAR, k[1]);
    for (size_t s = 0; s < nsub; s++) {
        double a = u0 + (u1 - u0) * (double)s / (double)nsub;
        double b = u0 + (u1 - u0) * (double)(s + 1) / (double)nsub;
        for (size_t g = 0; g < NGL_E; g++) {
            double u, w;
            gsl_integration_glfixed_point(a, b, g, &u, &w, m->gl_e);
            double s2 = cx_osc_sin2(phi, phid, u);
            double e = 1.0 / u;
            /* dE = du / u^2; f = k0 E^2 + k1 E^3 */
            for (int c = 0; c < 2; c++) {
                double f = e * e * (k[c][0] + k[c][1] * e) * e * e * w * s2;
                acc[c][0] += f;
                f *= u;
                acc[c][1] += f;
                f *= u;
                acc[c][2] += f;
                f *= u;
                acc[c][3] += f;
            }
        }
    }
}

/* Oscillation-weighted node weights for the current dm2 and baseline
 * (stage FLUX). Walks all nodes from high to low e, accumulating the
 * sin^2-weighted flux moments J_i(e) = int_e^Emax f E^-i sin^2 dE. */
void cxk_compute_osc(cx_model *m)
{
    const double phi = CX_OSC_K * m->par[CX_P_DM2] * m->par[CX_P_BASELINE_M];
    const double phid = CX_OSC_K * m->par[CX_P_DM2] * m->par[CX_P_BASELINE_SPREAD_M];
    const double emax = cx_flux_emax(), ep = cx_flux_ep();
    const double s2p = cx_osc_sin2(phi, phid, 1.0 / ep);
    const int kin = m->par[CX_P_KIN_TE] != 0.0, gc = m->par[CX_P_GC] != 0.0;
    const double em = M_PI * CX_ALPHA * CX_ALPHA / (CX_ME * CX_ME) * CX_MEV2_TO_CM2;
    double acc[2][4] = {{0}};
    double e_prev = emax;
    size_t budget = OSC_MAX_SUBPANELS;
    int averaged = 0;
    double kpoly[2][2];
    cx_flux_poly(CX_NUE, kpoly[0]);
    cx_flux_poly(CX_NUMUBAR, kpoly[1]);

    for (size_t r = 0; r < m->n_order; r++) {
        cx_iso_nodes *nd = &m->nodes[m->order[r].iso];
        size_t n = (size_t)m->order[r].node;
        double e = nd->e[n];
        if (e < e_prev) {
            double u0 = 1.0 / e_prev, u1 = 1.0 / e;
            double dphase = phi * (u1 - u0);
            /* Compared as a double: a huge phase (baseline or dm2 far out of
             * range, e.g. from a detector file) does not fit a size_t. */
            const double want = fmax(ceil(dphase / M_PI), 1.0);
            if (!averaged && !(want <= (double)budget))
                averaged = 1;
            if (averaged) {
                /* fast oscillation: <sin^2> = 1/2 over the segment */
                for (int c = 0; c < 2; c++) {
                    for (int i = 0; i < 4; i++) {
                        double lo = 0.0, hi = 0.0;
                        /* int_e^eprev f E^-i = k0 E^(3-i)/(3-i) + k1 E^(4-i)/(4-i) */
                        for (int p = 0; p < 2; p++) {
                            int j = 2 + p - i;
                            double cf = kpoly[c][p];
                            if (j == -1) {
                                hi += cf * log(e_prev);
                                lo += cf * log(e);
                            } else {
                                hi += cf * cx_ipow(e_prev, j + 1) / (j + 1);
                                lo += cf * cx_ipow(e, j + 1) / (j + 1);
                            }
                        }
                        acc[c][i] += 0.5 * (hi - lo);
                    }
                }
            } else {
                const size_t nsub = (size_t)want;
                budget -= nsub;
                osc_segment(m, phi, phid, u0, u1, nsub, acc);
            }
            e_prev = e;
        }
        double t = 2.0 * e * e / nd->m_mev;
        double tau = kin ? t : 0.0, gam = gc ? nd->m_mev * t / CX_MNUCLEON : 0.0;
        const double weak = CX_GF * CX_GF * nd->m_mev / M_PI * CX_MEV2_TO_CM2;
        for (int c = 0; c < CX_NCOMP; c++) {
            double J[4];
            if (c == CX_NUMU) {
                cx_flux_moments(c, e, J);
                for (int i = 0; i < 4; i++)
                    J[i] *= s2p;
            } else {
                const double *a = acc[c == CX_NUE ? 0 : 1];
                for (int i = 0; i < 4; i++)
                    J[i] = a[i];
            }
            double wv = J[0] + (gam - tau) * J[1] - (e * e + tau * gam) * J[2] - gam * e * e * J[3];
            nd->wko[c][n] = nd->w[n] * weak * wv;
            /* as for we: divide w by t first so that t -> 0 gives no 0 * inf */
            nd->weo[c][n] = t > 0.0 ? em * (nd->w[n] / t * J[0] - nd->w[n] * J[1]) : 0.0;
            nd->wso[c][n] =
                nd->w[n] * nd->m_mev * nd->m_mev * t / (4.0 * M_PI) * J[2] * CX_MEV2_TO_CM2;
            nd->wto[c][n] = nd->w[n] * 4.0 * weak * (J[0] - 0.5 * e * e * J[2]);
        }
    }
}

/* ---------------------------------------------------------- form factor -- */

void cxk_compute_ff(cx_model *m, size_t i)
{
    cx_iso_nodes *nd = &m->nodes[i];
    cx_ff_kind kz = (cx_ff_kind)m->par[CX_P_FF_Z], kn = (cx_ff_kind)m->par[CX_P_FF_N];
    double rz = cx_ff_default_rms(kz, nd->a), rn = cx_model_rn(m, i);
    for (size_t n = 0; n < nd->n; n++) {
        double q = 2.0 * nd->e[n] / CX_HBARC; /* q = sqrt(2 M T) / (hbar c), fm^-1 */
        nd->fz[n] = cx_ff(kz, q, rz);
        nd->fn[n] = cx_ff(kn, q, rn);
    }
}

/* Kernels of isotope i; osc selects the oscillation-weighted set (0 or 1). */
void cxk_compute_kernels(cx_model *m, size_t i, int osc)
{
    const cx_iso_nodes *nd = &m->nodes[i];
    const size_t nb = m->n_bins;
    for (int c = 0; c < CX_NCOMP; c++) {
        for (size_t b = 0; b <= nb; b++) {
            double *k = kern_at(m, i, c, b, osc);
            for (int j = 0; j < CX_K_COUNT; j++)
                k[j] = 0.0;
        }
        const double *wk = osc ? nd->wko[c] : nd->wk[c];
        const double *we = osc ? nd->weo[c] : nd->we[c];
        double *tot = kern_at(m, i, c, nb, osc);
        for (size_t n = 0; n < nd->n; n++) {
            double fz = nd->fz[n], fn = nd->fn[n];
            double v[CX_K_COUNT] = {wk[n] * fz * fz, wk[n] * fz * fn, wk[n] * fn * fn,
                                    we[n] * fz * fz};
            if (nd->resp) {
                /* general response: the node feeds every bin it can be
                 * reconstructed in */
                const double *row = nd->resp + n * nb;
                for (size_t b = 0; b < nb; b++) {
                    if (row[b] == 0.0)
                        continue;
                    double *k = kern_at(m, i, c, b, osc);
                    for (int j = 0; j < CX_K_COUNT; j++)
                        k[j] += v[j] * row[b];
                }
                for (int j = 0; j < CX_K_COUNT; j++)
                    tot[j] += v[j] * nd->rsum[n];
                continue;
            }
            if (nd->bin[n] >= 0) {
                double *k = kern_at(m, i, c, (size_t)nd->bin[n], osc);
                for (int j = 0; j < CX_K_COUNT; j++)
                    k[j] += v[j];
            }
            for (int j = 0; j < CX_K_COUNT; j++)
                tot[j] += v[j];
        }
    }
    /* rows of the bin-kernel matrix: (energy bin, time bin) cells, each
     * component weighted by its arrival-time fraction (1 without timing) */
    const size_t nt = m->n_t;
    for (int fl = 0; fl < 2; fl++) {
        for (size_t b = 0; b < nb; b++) {
            for (size_t kt = 0; kt < nt; kt++) {
                double *kf = kmat_at(m, b * nt + kt, i, fl, osc);
                for (int j = 0; j < CX_K_COUNT; j++)
                    kf[j] = 0.0;
                for (int c = 0; c < CX_NCOMP; c++) {
                    if (cx_comp_flavour(c) != fl)
                        continue;
                    const double *k = kern_at(m, i, c, b, osc);
                    const double tf = m->tfac[(size_t)c * nt + kt];
                    for (int j = 0; j < CX_K_COUNT; j++)
                        kf[j] += k[j] * tf;
                }
            }
        }
    }
}

/* Extension kernels of isotope i (osc as in compute_kernels): the light
 * mediators' propagators at the current masses, the millicharge's 1/q^2 and
 * the tensor term, each with the three form-factor products. */
void cxk_compute_xkernels(cx_model *m, size_t i, int osc)
{
    const cx_iso_nodes *nd = &m->nodes[i];
    const size_t nb = m->n_bins;
    const double mz2 = m->par[CX_P_ZP_MASS] * m->par[CX_P_ZP_MASS];
    const double mp2 = m->par[CX_P_PHI_MASS] * m->par[CX_P_PHI_MASS];
    for (int c = 0; c < CX_NCOMP; c++) {
        for (size_t b = 0; b <= nb; b++) {
            double *k = xkern_at(m, i, c, b, osc);
            for (int j = 0; j < CX_XK_COUNT; j++)
                k[j] = 0.0;
        }
        const double *wk = osc ? nd->wko[c] : nd->wk[c];
        const double *ws = osc ? nd->wso[c] : nd->ws[c];
        const double *wt = osc ? nd->wto[c] : nd->wt[c];
        double *tot = xkern_at(m, i, c, nb, osc);
        for (size_t n = 0; n < nd->n; n++) {
            const double e = nd->e[n], q2 = 4.0 * e * e; /* q^2 = 2 M T = 4 e^2, MeV^2 */
            const double p = 1.0 / (q2 + mz2), r = 1.0 / q2, sp = 1.0 / (q2 + mp2);
            const double fz = nd->fz[n], fn = nd->fn[n];
            const double ff[3] = {fz * fz, fz * fn, fn * fn};
            const double wu[CX_XU_COUNT] = {wk[n] * p,     wk[n] * p * p, wk[n] * r,
                                            wk[n] * p * r, wk[n] * r * r, ws[n] * sp * sp,
                                            wt[n]};
            double v[CX_XK_COUNT];
            for (int u = 0; u < CX_XU_COUNT; u++)
                for (int j = 0; j < 3; j++)
                    v[3 * u + j] = wu[u] * ff[j];
            if (nd->resp) {
                const double *row = nd->resp + n * nb;
                for (size_t b = 0; b < nb; b++) {
                    if (row[b] == 0.0)
                        continue;
                    double *k = xkern_at(m, i, c, b, osc);
                    for (int j = 0; j < CX_XK_COUNT; j++)
                        k[j] += v[j] * row[b];
                }
                for (int j = 0; j < CX_XK_COUNT; j++)
                    tot[j] += v[j] * nd->rsum[n];
                continue;
            }
            if (nd->bin[n] >= 0) {
                double *k = xkern_at(m, i, c, (size_t)nd->bin[n], osc);
                for (int j = 0; j < CX_XK_COUNT; j++)
                    k[j] += v[j];
            }
            for (int j = 0; j < CX_XK_COUNT; j++)
                tot[j] += v[j];
        }
    }
    const size_t nt = m->n_t;
    for (int fl = 0; fl < 2; fl++) {
        for (size_t b = 0; b < nb; b++) {
            for (size_t kt = 0; kt < nt; kt++) {
                double *kf = xkmat_at(m, b * nt + kt, i, fl, osc);
                for (int j = 0; j < CX_XK_COUNT; j++)
                    kf[j] = 0.0;
                for (int c = 0; c < CX_NCOMP; c++) {
                    if (cx_comp_flavour(c) != fl)
                        continue;
                    const double *k = xkern_at(m, i, c, b, osc);
                    const double tf = m->tfac[(size_t)c * nt + kt];
                    for (int j = 0; j < CX_XK_COUNT; j++)
                        kf[j] += k[j] * tf;
                }
            }
        }
    }
}

/* Is any extension (light mediator, tensor NSI, millicharge) switched on? */
int cxk_ext_on(const cx_couplings *cp)
{
    return cp->zp_kappa != 0.0 || cp->phi_g4 != 0.0 || cp->tz[0] != 0.0 || cp->tn[0] != 0.0 ||
           cp->tz[1] != 0.0 || cp->tn[1] != 0.0 || cp->lam[0] != 0.0 || cp->lam[1] != 0.0;
}

/* Coefficients of the extension kernels of flavour fl for a nucleus (z, n),
 * times scale. With u = (1, P, R), alpha = (a, kappa, lambda) and beta = (b,
 * kappa, 0) the vector amplitude is sum_k u_k (Z alpha_k F_Z + N beta_k F_N);
 * its square expands into the products u_k u_l (doc/physics.md section 5). */
static void ext_coefs(const cx_couplings *cp, int fl, double z, double n, double scale,
                      double out[CX_XK_COUNT])
{
    double a, b;
    cx_couplings_charges(cp, fl, &a, &b);
    const double k = cp->zp_kappa, l = cp->lam[fl];
    const double cz = scale * z * z, czn = scale * 2.0 * z * n, cn = scale * n * n;
    const double uc[CX_XU_COUNT][3] = {
        [CX_XU_P] = {2.0 * a * k, k * (a + b), 2.0 * b * k},
        [CX_XU_PP] = {k * k, k * k, k * k},
        [CX_XU_R] = {2.0 * a * l, b * l, 0.0},
        [CX_XU_PR] = {2.0 * k * l, k * l, 0.0},
        [CX_XU_RR] = {l * l, 0.0, 0.0},
        [CX_XU_S] = {cp->phi_g4 * CX_PHI_QP * CX_PHI_QP, cp->phi_g4 * CX_PHI_QP * CX_PHI_QN,
                     cp->phi_g4 * CX_PHI_QN * CX_PHI_QN},
        [CX_XU_T] = {cp->tz[fl] * cp->tz[fl], cp->tz[fl] * cp->tn[fl], cp->tn[fl] * cp->tn[fl]},
    };
    for (int u = 0; u < CX_XU_COUNT; u++) {
        out[3 * u] = cz * uc[u][0];
        out[3 * u + 1] = czn * uc[u][1];
        out[3 * u + 2] = cn * uc[u][2];
    }
}

/* Adds the extensions to the spectra and totals (after evaluate). */
void cxk_evaluate_ext(cx_model *m, const cx_couplings *cp)
{
    const double eta = cx_model_eta_cm2(m) * m->par[CX_P_EFF];
    const size_t nb = m->n_bins, nt = m->n_t, ncell = nb * nt;
    const size_t ncol = m->n_iso * 2 * CX_XK_COUNT;
    double cf[2 * 2 * CX_XK_COUNT * CX_MAX_ISOTOPES];
    for (size_t i = 0; i < m->n_iso; i++) {
        const double scale = eta * cx_model_targets(m, i);
        const double z = m->nodes[i].z, n = m->nodes[i].n_neut;
        for (int fl = 0; fl < 2; fl++) {
            double *c = cf + (i * 2 + (size_t)fl) * CX_XK_COUNT;
            ext_coefs(cp, fl, z, n, scale, c);
            for (int k = 0; k < CX_XK_COUNT; k++)
                c[ncol + (size_t)k] = -cp->s22[fl] * c[k];
        }
        for (int c = 0; c < CX_NCOMP; c++) {
            const int fl = cx_comp_flavour(c);
            const double *co = cf + (i * 2 + (size_t)fl) * CX_XK_COUNT;
            const double *k0 = xkern_at(m, i, c, nb, 0), *k1 = xkern_at(m, i, c, nb, 1);
            double t = 0.0;
            for (int j = 0; j < CX_XK_COUNT; j++)
                t += co[j] * (k0[j] - cp->s22[fl] * k1[j]);
            t *= m->tfac_tot[c];
            m->iso_total[i] += t;
            m->comp_total[c] += t;
            m->total += t;
        }
    }
    const size_t nuse = (cp->s22[0] != 0.0 || cp->s22[1] != 0.0) ? 2 * ncol : ncol;
    double *spec = nt > 1 ? m->spec2d : m->spec;
    for (size_t b = 0; b < ncell; b++) {
        const double *row = m->xkfl + b * 2 * ncol;
        double a = 0.0;
        for (size_t j = 0; j < nuse; j++)
            a += cf[j] * row[j];
        spec[b] += a;
    }
    if (nt > 1) {
        for (size_t b = 0; b < nb; b++) {
            double e = 0.0;
            for (size_t k = 0; k < nt; k++)
                e += m->spec2d[b * nt + k];
            m->spec[b] = e;
        }
    }
    for (size_t k = 0; k < nt; k++) {
        double t = 0.0;
        for (size_t b = 0; b < nb; b++)
            t += m->spec2d[b * nt + k];
        m->tspec[k] = t;
    }
}
