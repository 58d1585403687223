/* cx_reference.c - the reference path: nested adaptive quadrature (GSL QAG)
 * of the full rate, doc/physics.md section 5, straight from the cross-section
 * formula at every (T, E). Slow; it exists to validate the kernel path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cx_model_impl.h"
#include "cx_response.h"

/* Requested relative accuracies: the inner integral must be well below the
 * outer tolerance so that its noise does not stall the outer adaptation; both
 * far below the 1e-6 agreement the tests ask of the two paths. */
#define EPSREL_OUTER 1e-9
#define EPSREL_INNER 1e-11

typedef struct {
    cx_model *m;
    size_t iso;
    int comp, fl;
    const cx_couplings *cp;
    double mass, t, q2, fz2, phi, phid;
    double qs2, qt2; /* scalar g^4 Q_phi^2 and tensor Q_T^2 at the context's recoil */
    int z, n;
    int kin, gc;
    int status;
    long bin; /* general response: the reconstructed bin being integrated, else -1 */
} ref_ctx;

static double osc_survival(const ref_ctx *x, double e)
{
    double s22 = x->cp->s22[x->fl];
    if (s22 == 0.0)
        return 1.0;
    return 1.0 - s22 * cx_osc_sin2(x->phi, x->phid, 1.0 / e);
}

/* dsigma/dT in cm^2/MeV at neutrino energy e for the context's recoil. */
static double dsigma(const ref_ctx *x, double e)
{
    const double mt = x->mass * x->t;
    double kinf = 1.0 - mt / (2.0 * e * e) - (x->kin ? x->t / e : 0.0);
    double gcf = x->gc ? 1.0 + mt / (CX_MNUCLEON * e) : 1.0;
    double weak = CX_GF * CX_GF * x->mass / M_PI * kinf * gcf * x->q2;
    double mu = x->cp->mu[x->fl];
    double em = M_PI * CX_ALPHA * CX_ALPHA * mu * mu / (CX_ME * CX_ME) * (1.0 / x->t - 1.0 / e) *
                x->z * x->z * x->fz2;
    /* light scalar, Cerdeno et al., JHEP 05 (2016) 118, and tensor NSI,
     * Papoulias & Kosmas, PRD 97 (2018) 033003 (doc/physics.md section 4) */
    double q2 = 2.0 * mt, den = q2 + x->cp->phi_m2;
    double sc = x->qs2 != 0.0 ? x->qs2 * x->mass * mt / (4.0 * M_PI * e * e * den * den) : 0.0;
    double ten = 4.0 * CX_GF * CX_GF * x->mass / M_PI * (1.0 - mt / (4.0 * e * e)) * x->qt2;
    return (weak + em + sc + ten) * CX_MEV2_TO_CM2;
}

static double inner(double e, void *p)
{
    const ref_ctx *x = p;
    return cx_flux_density(x->comp, e) * osc_survival(x, e) * dsigma(x, e);
}

static double outer(double t, void *p)
{
    ref_ctx *x = p;
    cx_model *m = x->m;
    double acc = cx_acceptance(m->det, t);
    if (acc == 0.0 || t <= 0.0)
        return 0.0;
    if (x->bin >= 0) {
        /* the smearing of this recoil into the bin, by its own quadrature */
        acc *= cx_resp_bin_ref(m->det, x->z, t * 1e3, (size_t)x->bin, m->ws_smear, REF_LIMIT,
                               &x->status);
        if (acc == 0.0)
            return 0.0;
    }
    x->t = t;
    double q = sqrt(2.0 * x->mass * t) / CX_HBARC;
    double fz = cx_ff((cx_ff_kind)m->par[CX_P_FF_Z], q,
                      cx_ff_default_rms((cx_ff_kind)m->par[CX_P_FF_Z], m->det->iso[x->iso].a));
    double fn = cx_ff((cx_ff_kind)m->par[CX_P_FF_N], q, cx_model_rn(m, x->iso));
    x->q2 = cx_couplings_q2_at(x->cp, x->fl, x->z, x->n, fz, fn, 2.0 * x->mass * t);
    x->qs2 = cx_scalar_q2(x->cp, x->z, x->n, fz, fn);
    x->qt2 = cx_tensor_q2(x->cp, x->fl, x->z, x->n, fz, fn);
    x->fz2 = fz * fz;
    double emin = sqrt(x->mass * t / 2.0);
    if (x->comp == CX_NUMU) {
        double ep = cx_flux_ep();
        return emin < ep ? acc * osc_survival(x, ep) * dsigma(x, ep) : 0.0;
    }
    double emax = cx_flux_emax();
    if (emin >= emax)
        return 0.0;
    gsl_function f = {inner, x};
    double r = 0.0, err = 0.0;
    int st = gsl_integration_qag(&f, emin, emax, 0.0, EPSREL_INNER, REF_LIMIT_INNER,
                                 GSL_INTEG_GAUSS21, m->ws_inner, &r, &err);
    /* Thousands of oscillation periods below a few MeV (a tiny recoil, a
     * large dm2 L) can stop the adaptation short of 1e-11 with an honest error
     * estimate: accepted below 1e-8 of the result, as for the outer integral. */
    if (st == GSL_EROUND && err <= 1e-8 * fabs(r))
        st = GSL_SUCCESS;
    if (st != GSL_SUCCESS && x->status == GSL_SUCCESS)
        x->status = st;
    return acc * r;
}

/* Integral of the rate density over [a, b] for the context's isotope and
 * component, split at the points where the integrand has kinks or steps. */
static double integrate_range(ref_ctx *x, double a, double b)
{
    cx_model *m = x->m;
    const cx_detector *d = m->det;
    double pts[8];
    size_t np = 0;
    pts[np++] = a;
    double cand[5] = {2.0 * cx_flux_ep() * cx_flux_ep() / x->mass, -1.0, -1.0, -1.0, -1.0};
    if (d->response == CX_RESP_LOGISTIC && d->pe_per_kevnr > 0.0) {
        cand[1] = d->step_lo_pe / d->pe_per_kevnr * 1e-3;
        cand[2] = d->step_hi_pe / d->pe_per_kevnr * 1e-3;
    }
    if (x->bin >= 0) {
        /* recoils whose mean lands on the bin's edges */
        double lo = fmax(d->edges[x->bin], d->resp.roi_lo);
        double hi = fmin(d->edges[x->bin + 1], d->resp.roi_hi);
        if (lo > 0)
            cand[1] = cx_resp_t_of_mean(d, x->z, lo) * 1e-3;
        if (hi > 0)
            cand[2] = cx_resp_t_of_mean(d, x->z, hi) * 1e-3;
    }
    for (int k = 0; k < 3; k++) {
        double v = cand[k];
        if (v > a && v < b) {
            size_t j = np;
            while (j > 1 && pts[j - 1] > v) {
                pts[j] = pts[j - 1];
                j--;
            }
            pts[j] = v;
            np++;
        }
    }
    pts[np++] = b;
    gsl_function f = {outer, x};
    double r = 0.0, err = 0.0;
    int st = gsl_integration_qagp(&f, pts, np, 0.0, EPSREL_OUTER, REF_LIMIT, m->ws_outer, &r, &err);
    /* A smeared bin integrates every recoil, and with fast oscillations the
     * inner integral's noise can stop the outer adaptation short of 1e-9
     * (GSL reports roundoff). Its error estimate is still honest: accepted
     * when it is below 1e-8 of the result, a hundred times under the 1e-6
     * the two paths must agree to. */
    if (st == GSL_EROUND && x->bin >= 0 && err <= 1e-8 * fabs(r))
        st = GSL_SUCCESS;
    if (st != GSL_SUCCESS && x->status == GSL_SUCCESS)
        x->status = st;
    return r;
}

/* Adds the events of every bin, component and isotope for couplings cp into
 * spec (n_bins) and the totals. */
static int pass(cx_model *m, const cx_couplings *cp, double *spec, double *spec2d, double *tspec,
                double *total, double *comp, double *iso)
{
    const size_t nb = m->n_bins;
    const size_t ncell = nb * m->n_t;
    if (spec2d != spec)
        for (size_t b = 0; b < ncell; b++)
            spec2d[b] = 0.0;
    const double eta = cx_model_eta_cm2(m) * m->par[CX_P_EFF];
    const double phi = CX_OSC_K * m->par[CX_P_DM2] * m->par[CX_P_BASELINE_M];
    *total = 0.0;
    for (size_t b = 0; b < nb; b++)
        spec[b] = 0.0;
    if (comp)
        for (int c = 0; c < CX_NCOMP; c++)
            comp[c] = 0.0;
    for (size_t i = 0; i < m->n_iso; i++) {
        const cx_isotope *is = &m->det->iso[i];
        ref_ctx x = {.m = m,
                     .iso = i,
                     .cp = cp,
                     .phi = phi,
                     .phid = CX_OSC_K * m->par[CX_P_DM2] * m->par[CX_P_BASELINE_SPREAD_M],
                     .z = is->z,
                     .n = is->a - is->z,
                     .mass = cx_nuclear_mass(is->z, is->mass_u),
                     .kin = m->par[CX_P_KIN_TE] != 0.0,
                     .gc = m->par[CX_P_GC] != 0.0,
                     .status = GSL_SUCCESS,
                     .bin = -1};
        const double scale = eta * cx_model_targets(m, i);
        double t0 = cx_model_t_start(m);
        if (m->det->response == CX_RESP_GENERAL)
            t0 = fmax(t0, cx_resp_t_min(m->det, is->z) * 1e-3);
        const double tmax = 2.0 * cx_flux_emax() * cx_flux_emax() / x.mass;
        if (iso)
            iso[i] = 0.0;
        for (int c = 0; c < CX_NCOMP; c++) {
            x.comp = c;
            x.fl = cx_comp_flavour(c);
            double sum = 0.0;
            if (m->det->response == CX_RESP_GENERAL) {
                /* every bin integrates all recoils, each smeared into it */
                const double *tf = m->tfac + (size_t)c * m->n_t;
                for (size_t b = 0; b < nb; b++) {
                    x.bin = (long)b;
                    double v = t0 < tmax ? scale * integrate_range(&x, t0, tmax) : 0.0;
                    for (size_t k = 0; k < m->n_t; k++)
                        spec2d[b * m->n_t + k] += v * tf[k];
                    sum += v * m->tfac_tot[c];
                }
                x.bin = -1;
                *total += sum;
                if (comp)
                    comp[c] += sum;
                if (iso)
                    iso[i] += sum;
                continue;
            }
            /* pieces between consecutive bin edges, plus below and above;
             * with [timing] each piece is spread over the time bins by the
             * component's arrival-time fractions (1 without timing) */
            const double *tf = m->tfac + (size_t)c * m->n_t;
            const double ttot = m->tfac_tot[c];
            double lo = t0;
            for (size_t b = 0; b <= nb && lo < tmax; b++) {
                double edge = cx_model_bin_t_mev(m, m->edges[b]);
                if (edge <= lo)
                    continue;
                double hi = edge < tmax ? edge : tmax;
                double v = scale * integrate_range(&x, lo, hi);
                if (b > 0) {
                    spec[b - 1] += v;
                    if (spec2d != spec)
                        for (size_t k = 0; k < m->n_t; k++)
                            spec2d[(b - 1) * m->n_t + k] += v * tf[k];
                }
                sum += v * ttot;
                lo = hi;
            }
            if (lo < tmax)
                sum += scale * integrate_range(&x, lo, tmax) * ttot;
            *total += sum;
            if (comp)
                comp[c] += sum;
            if (iso)
                iso[i] += sum;
        }
        if (x.status != GSL_SUCCESS) {
            snprintf(m->err, sizeof m->err, "reference integration of %s failed: %s", is->name,
                     gsl_strerror(x.status));
            return CX_ENUMERIC;
        }
    }
    if (spec2d != spec) {
        for (size_t b = 0; b < nb; b++) {
            double e = 0.0;
            for (size_t k = 0; k < m->n_t; k++)
                e += spec2d[b * m->n_t + k];
            spec[b] = e;
        }
    } else if (m->det->response == CX_RESP_GENERAL) {
        ; /* one time bin: spec2d is spec, already filled */
    }
    for (size_t k = 0; k < m->n_t; k++) {
        double t = 0.0;
        for (size_t b = 0; b < nb; b++)
            t += spec2d[b * m->n_t + k];
        tspec[k] = t;
    }
    return CX_OK;
}

int cx_reference_compute(cx_model *m)
{
    cx_couplings cp, sm;
    cx_couplings_from_params(m->par, &cp);
    double smpar[CX_P_FIXED_COUNT] = {0};
    smpar[CX_P_SIN2W] = cx_model_default_param(m, CX_P_SIN2W);
    cx_couplings_from_params(smpar, &sm);
    int st = pass(m, &cp, m->spec, m->spec2d, m->tspec, &m->total, m->comp_total, m->iso_total);
    if (st == CX_OK)
        st = pass(m, &sm, m->spec_sm, m->spec2d_sm, m->tspec_sm, &m->total_sm, NULL, NULL);
    return st;
}
