/* cx_model.c - the model: the fast kernel path's evaluation, the incremental
 * update, results, allocation (parameters: cx_model_params.c; node layout
 * and kernels: cx_kernels.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fast path follows doc/physics.md section 5. For each isotope the recoil
 * integral is done over e = sqrt(M T / 2) (the minimal neutrino energy for
 * recoil T): in that variable the flux moments are polynomials, q = 2e/(hbar c)
 * is linear and no square-root endpoint remains. Panels end at every bin edge,
 * the acceptance steps, the prompt line and the flux endpoint, and are at most
 * PANEL_DE wide; each gets NGL Gauss-Legendre nodes. Per node we keep weights
 * for the weak and magnetic parts of each flux component (and their copies
 * weighted by sin^2 of the oscillation phase); kernels are sums over nodes of
 * weight x form-factor products. A coupling change re-evaluates only the
 * quadratic form over those kernels. */
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

/* ----------------------------------------------------------- evaluation -- */

/* Events of one bin (b = n_bins for the total) for isotope i and component c,
 * from the kernels and the couplings (doc/physics.md section 5). */
static double eval_one(const cx_model *m, size_t i, int c, size_t b, const double g[3], double mu2,
                       double s22, double scale)
{
    const cx_iso_nodes *nd = &m->nodes[i];
    const double z = nd->z, n = nd->n_neut;
    const double cz = z * z * g[0], czn = 2.0 * z * n * g[1], cn = n * n * g[2];
    const double cem = mu2 * z * z;
    const double *k0 = kern_at(m, i, c, b, 0);
    double v = cz * k0[CX_K_ZZ] + czn * k0[CX_K_ZN] + cn * k0[CX_K_NN] + cem * k0[CX_K_EM];
    if (s22 != 0.0) {
        const double *k1 = kern_at(m, i, c, b, 1);
        v -= s22 * (cz * k1[CX_K_ZZ] + czn * k1[CX_K_ZN] + cn * k1[CX_K_NN] + cem * k1[CX_K_EM]);
    }
    return scale * v;
}

/* Evaluates the quadratic forms; the SM reference only when do_sm (it does not
 * depend on the couplings, so a coupling change skips it). */
static void evaluate(cx_model *m, int do_sm)
{
    cx_couplings cp;
    cx_couplings_from_params(m->par, &cp);
    double g[2][3], gs[2][3] = {{0}};
    for (int fl = 0; fl < 2; fl++)
        cx_couplings_quadratic(&cp, fl, g[fl]);
    if (do_sm) {
        cx_couplings sm;
        double smpar[CX_P_FIXED_COUNT] = {0};
        smpar[CX_P_SIN2W] = cx_model_default_param(m, CX_P_SIN2W);
        cx_couplings_from_params(smpar, &sm);
        for (int fl = 0; fl < 2; fl++)
            cx_couplings_quadratic(&sm, fl, gs[fl]);
    }
    const double eta = cx_model_eta_cm2(m) * m->par[CX_P_EFF];
    const size_t nb = m->n_bins;
    double *spec = m->spec, *spec_sm = m->spec_sm;
    const size_t ncol = kmat_ncol(m);
    double cf[2 * 2 * CX_K_COUNT * CX_MAX_ISOTOPES], csm[2 * CX_K_COUNT * CX_MAX_ISOTOPES];
    m->total = 0.0;
    if (do_sm)
        m->total_sm = 0.0;
    for (int c = 0; c < CX_NCOMP; c++)
        m->comp_total[c] = 0.0;
    for (size_t i = 0; i < m->n_iso; i++) {
        const double scale = eta * cx_model_targets(m, i);
        const double z = m->nodes[i].z, n = m->nodes[i].n_neut;
        /* coefficients of this isotope's columns of the bin-kernel matrix */
        for (int fl = 0; fl < 2; fl++) {
            const double mu2 = cp.mu[fl] * cp.mu[fl];
            double *c = cf + (i * 2 + (size_t)fl) * CX_K_COUNT;
            c[0] = scale * z * z * g[fl][0];
            c[1] = scale * 2.0 * z * n * g[fl][1];
            c[2] = scale * n * n * g[fl][2];
            c[3] = scale * mu2 * z * z;
            for (int k = 0; k < CX_K_COUNT; k++)
                c[ncol + (size_t)k] = -cp.s22[fl] * c[k];
            double *cs = csm + (i * 2 + (size_t)fl) * CX_K_COUNT;
            cs[0] = scale * z * z * gs[fl][0];
            cs[1] = scale * 2.0 * z * n * gs[fl][1];
            cs[2] = scale * n * n * gs[fl][2];
            cs[3] = 0.0;
        }
        /* totals per flux component (the total pseudo-bin) */
        m->iso_total[i] = 0.0;
        for (int c = 0; c < CX_NCOMP; c++) {
            const int fl = cx_comp_flavour(c);
            const double mu2 = cp.mu[fl] * cp.mu[fl], s22 = cp.s22[fl];
            double t = eval_one(m, i, c, nb, g[fl], mu2, s22, scale) * m->tfac_tot[c];
            m->iso_total[i] += t;
            m->comp_total[c] += t;
            m->total += t;
            if (do_sm)
                m->total_sm += eval_one(m, i, c, nb, gs[fl], 0.0, 0.0, scale) * m->tfac_tot[c];
        }
    }
    /* bins: spec = K cf (the oscillated half only when a mixing is on) */
    const size_t nuse = (cp.s22[0] != 0.0 || cp.s22[1] != 0.0) ? 2 * ncol : ncol;
    const size_t nt = m->n_t, ncell = nb * nt;
    if (nt > 1) {
        spec = m->spec2d;
        spec_sm = m->spec2d_sm;
    }
    for (size_t b = 0; b < ncell; b++) {
        const double *row = m->kfl + b * 2 * ncol;
        /* four independent sums (columns come in groups of CX_K_COUNT = 4) */
        double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
        for (size_t j = 0; j < nuse; j += 4) {
            /* cf[0 .. nuse) was filled above: a model has n_iso >= 1 isotopes
             * and ncol columns for them (cppcheck cannot see n_iso >= 1) */
            /* cppcheck-suppress uninitvar */
            a0 += cf[j] * row[j];
            a1 += cf[j + 1] * row[j + 1];
            a2 += cf[j + 2] * row[j + 2];
            a3 += cf[j + 3] * row[j + 3];
        }
        spec[b] = (a0 + a1) + (a2 + a3);
        if (do_sm) {
            double w0 = 0.0, w1 = 0.0, w2 = 0.0;
            for (size_t j = 0; j < ncol; j += 4) {
                w0 += csm[j] * row[j];
                w1 += csm[j + 1] * row[j + 1];
                w2 += csm[j + 2] * row[j + 2];
            }
            spec_sm[b] = (w0 + w1) + w2;
        }
    }
    /* projections: energy (sum over time) and time (sum over energy) */
    if (nt > 1) {
        for (size_t b = 0; b < nb; b++) {
            double e = 0.0, esm = 0.0;
            for (size_t k = 0; k < nt; k++) {
                e += m->spec2d[b * nt + k];
                if (do_sm)
                    esm += m->spec2d_sm[b * nt + k];
            }
            m->spec[b] = e;
            if (do_sm)
                m->spec_sm[b] = esm;
        }
    }
    for (size_t k = 0; k < nt; k++) {
        double t = 0.0, tsm = 0.0;
        for (size_t b = 0; b < nb; b++) {
            t += m->spec2d[b * nt + k];
            tsm += m->spec2d_sm[b * nt + k];
        }
        m->tspec[k] = t;
        if (do_sm)
            m->tspec_sm[k] = tsm;
    }
}

/* --------------------------------------------------------------- update -- */

static int update_fast(cx_model *m)
{
    unsigned d = m->dirty, done = 0;
    if (d & CX_STAGE_DETECTOR) {
        for (size_t i = 0; i < m->n_iso; i++)
            cxk_layout_isotope(m, i, m->brk);
        cxk_build_order(m);
        d |= CX_STAGE_FLUX | CX_STAGE_FORMFACTOR;
        m->ff_mask = ~0u;
        done |= CX_STAGE_DETECTOR;
    }
    if (d & CX_STAGE_FLUX) {
        cxk_compute_osc(m);
        done |= CX_STAGE_FLUX;
    }
    if (d & CX_STAGE_FORMFACTOR) {
        for (size_t i = 0; i < m->n_iso; i++)
            if (m->ff_mask & (1u << i))
                cxk_compute_ff(m, i);
        done |= CX_STAGE_FORMFACTOR;
    }
    if (d & (CX_STAGE_FLUX | CX_STAGE_FORMFACTOR)) {
        for (size_t i = 0; i < m->n_iso; i++) {
            int ff = (m->ff_mask & (1u << i)) != 0;
            if (ff)
                cxk_compute_kernels(m, i, 0);
            if (ff || (d & CX_STAGE_FLUX))
                cxk_compute_kernels(m, i, 1);
        }
    }
    /* extension kernels: only while an extension is on, recomputed after any
     * change of the nodes, flux, form factors or a mediator mass */
    if (d & (CX_STAGE_DETECTOR | CX_STAGE_FLUX | CX_STAGE_FORMFACTOR | CX_STAGE_MEDIATOR))
        m->xk_valid = 0;
    cx_couplings xcp;
    cx_couplings_from_params(m->par, &xcp);
    const int xon = cxk_ext_on(&xcp);
    if (xon && !m->xk_valid) {
        for (size_t i = 0; i < m->n_iso; i++) {
            cxk_compute_xkernels(m, i, 0);
            cxk_compute_xkernels(m, i, 1);
        }
        m->xk_valid = 1;
    }
    if (d & CX_STAGE_MEDIATOR)
        done |= CX_STAGE_MEDIATOR;
    if ((d & (CX_STAGE_DETECTOR | CX_STAGE_FLUX | CX_STAGE_FORMFACTOR | CX_STAGE_COUPLING |
              CX_STAGE_EXPOSURE)) ||
        (xon && (d & CX_STAGE_MEDIATOR))) {
        evaluate(m, m->sm_dirty ||
                        (d & (CX_STAGE_DETECTOR | CX_STAGE_FORMFACTOR | CX_STAGE_EXPOSURE)));
        if (xon)
            cxk_evaluate_ext(m, &xcp);
        m->sm_dirty = 0;
        done |= d & (CX_STAGE_COUPLING | CX_STAGE_EXPOSURE);
    }
    done |= d & CX_STAGE_STATS;
    m->ff_mask = 0;
    m->last = done;
    return CX_OK;
}

int cx_model_update(cx_model *m)
{
    if (!m->dirty) {
        m->last = 0;
        return CX_OK;
    }
    m->err[0] = '\0';
    int st;
    /* The magnetic-moment cross section grows as 1/T (Vogel & Engel, PRD 39
     * (1989) 3378): from T = 0 its integral diverges logarithmically, so with
     * neither a threshold nor a first bin edge above 0 any number would be an
     * artefact of the quadrature. */
    if ((m->par[CX_P_MU_NU_E] != 0.0 || m->par[CX_P_MU_NU_MU] != 0.0) &&
        !(cxk_lowest_recoil_mev(m) > 0.0) && !(cx_model_bin_t_mev(m, m->edges[0]) > 0.0)) {
        snprintf(m->err, sizeof m->err,
                 "a neutrino magnetic moment needs a recoil threshold above 0 (the rate "
                 "diverges at zero recoil energy): set threshold_kev");
        return CX_ERANGE;
    }
    /* The millicharge's photon exchange gives 1/T (interference) and 1/T^2
     * terms: the same condition. */
    if ((m->par[CX_P_Q_NU_E] != 0.0 || m->par[CX_P_Q_NU_MU] != 0.0) &&
        !(cxk_lowest_recoil_mev(m) > 0.0) && !(cx_model_bin_t_mev(m, m->edges[0]) > 0.0)) {
        snprintf(m->err, sizeof m->err,
                 "a neutrino millicharge needs a recoil threshold above 0 (the rate "
                 "diverges at zero recoil energy): set threshold_kev");
        return CX_ERANGE;
    }
    if (m->engine == CX_ENGINE_REFERENCE) {
        st = cx_reference_compute(m);
        m->last = m->dirty;
        m->ff_mask = 0;
    } else {
        st = update_fast(m);
    }
    if (st == CX_OK)
        m->dirty = 0;
    return st;
}

/* -------------------------------------------------------------- results -- */

double cx_model_total(const cx_model *m)
{
    return m->total;
}
double cx_model_total_sm(const cx_model *m)
{
    return m->total_sm;
}
size_t cx_model_n_bins(const cx_model *m)
{
    return m->n_bins;
}
const double *cx_model_bin_edges(const cx_model *m)
{
    return m->edges;
}
const double *cx_model_spectrum(const cx_model *m)
{
    return m->spec;
}
const double *cx_model_spectrum_sm(const cx_model *m)
{
    return m->spec_sm;
}

size_t cx_model_n_time_bins(const cx_model *m)
{
    return m->n_t;
}
const double *cx_model_time_edges(const cx_model *m)
{
    return cx_detector_time_edges(m->det);
}
const double *cx_model_spectrum_2d(const cx_model *m)
{
    return m->spec2d;
}
const double *cx_model_spectrum_2d_sm(const cx_model *m)
{
    return m->spec2d_sm;
}
const double *cx_model_time_spectrum(const cx_model *m)
{
    return m->tspec;
}
const double *cx_model_time_spectrum_sm(const cx_model *m)
{
    return m->tspec_sm;
}

double cx_model_total_component(const cx_model *m, cx_component c)
{
    return (c >= 0 && c < CX_NCOMP) ? m->comp_total[c] : NAN;
}

double cx_model_total_isotope(const cx_model *m, size_t iso)
{
    return iso < m->n_iso ? m->iso_total[iso] : NAN;
}

int cx_model_events_between(const cx_model *m, double lo, double hi, double *events)
{
    const double *ed = m->edges;
    long ilo = -1, ihi = -1;
    for (size_t b = 0; b <= m->n_bins; b++) {
        double tol = 1e-9 * (fabs(ed[b]) + 1.0);
        if (fabs(ed[b] - lo) <= tol)
            ilo = (long)b;
        if (fabs(ed[b] - hi) <= tol)
            ihi = (long)b;
    }
    if (ilo < 0 || ihi < 0 || ihi < ilo)
        return CX_EINVAL;
    double s = 0.0;
    for (long b = ilo; b < ihi; b++)
        s += m->spec[b];
    *events = s;
    return CX_OK;
}

/* ------------------------------------------------------ alloc and free -- */

void cx_model_free(cx_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < CX_MAX_ISOTOPES; i++) {
        cx_iso_nodes *nd = &m->nodes[i];
        free(nd->e);
        free(nd->w);
        free(nd->bin);
        free(nd->fz);
        free(nd->fn);
        free(nd->resp);
        free(nd->rsum);
        for (int c = 0; c < CX_NCOMP; c++) {
            free(nd->wk[c]);
            free(nd->we[c]);
            free(nd->wko[c]);
            free(nd->weo[c]);
            free(nd->ws[c]);
            free(nd->wt[c]);
            free(nd->wso[c]);
            free(nd->wto[c]);
        }
    }
    free(m->order);
    free(m->kern);
    free(m->kfl);
    free(m->xkern);
    free(m->xkfl);
    free(m->brk);
    if (m->spec2d != m->spec)
        free(m->spec2d);
    if (m->spec2d_sm != m->spec_sm)
        free(m->spec2d_sm);
    free(m->spec);
    free(m->spec_sm);
    free(m->tspec);
    free(m->tspec_sm);
    free(m->tfac);
    if (m->ws_smear)
        gsl_integration_workspace_free(m->ws_smear);
    if (m->gl)
        gsl_integration_glfixed_table_free(m->gl);
    if (m->gl_e)
        gsl_integration_glfixed_table_free(m->gl_e);
    if (m->ws_outer)
        gsl_integration_workspace_free(m->ws_outer);
    if (m->ws_inner)
        gsl_integration_workspace_free(m->ws_inner);
    free(m);
}

cx_model *cx_model_alloc(const cx_detector *d, cx_engine engine, int *status)
{
    int st = CX_ENOMEM;
    cx_model *m = NULL;
    if (!d || d->n_iso == 0 || d->n_iso > CX_MAX_ISOTOPES || d->n_bins == 0 || !d->edges) {
        st = CX_EINVAL;
        goto fail;
    }
    m = calloc(1, sizeof *m);
    if (!m)
        goto fail;
    m->det = d;
    m->engine = engine;
    m->n_iso = d->n_iso;
    m->n_bins = d->n_bins;
    m->edges = d->edges;
    m->md_g_per_mol = 0.0;
    for (size_t i = 0; i < d->n_iso; i++) {
        const cx_isotope *is = &d->iso[i];
        cx_iso_nodes *nd = &m->nodes[i];
        m->md_g_per_mol += is->count * is->mass_u;
        nd->z = is->z;
        nd->a = is->a;
        nd->n_neut = is->a - is->z;
        nd->m_mev = cx_nuclear_mass(is->z, is->mass_u);
        snprintf(m->rn_name[i], sizeof m->rn_name[i], "rn_%s", is->name);
        snprintf(m->rn_symbol[i], sizeof m->rn_symbol[i], "R_n(%s)", is->name);
        m->rn_info[i] = (cx_param_info){m->rn_name[i],
                                        m->rn_symbol[i],
                                        m->rn_symbol[i],
                                        "fm",
                                        cx_ff_default_rms(CX_FF_HELM, is->a),
                                        2.0,
                                        10.0,
                                        0.01,
                                        3.0,
                                        7.0,
                                        0.0,
                                        CX_SCALE_LINEAR,
                                        CX_GROUP_SM,
                                        CX_STAGE_FORMFACTOR,
                                        "neutron rms radius: the largest nuclear lever on the rate",
                                        NULL};
        snprintf(m->skin_name[i], sizeof m->skin_name[i], "skin_%s", is->name);
        snprintf(m->skin_symbol[i], sizeof m->skin_symbol[i], "R_n-R_p(%s)", is->name);
        m->skin_info[i] = (cx_param_info){
            m->skin_name[i],
            m->skin_symbol[i],
            m->skin_symbol[i],
            "fm",
            0.0,
            -2.0,
            3.0,
            0.01,
            -0.5,
            1.0,
            0.0,
            CX_SCALE_LINEAR,
            CX_GROUP_SM,
            CX_STAGE_FORMFACTOR,
            "neutron skin R_n - R_p (R_p of the F_Z form): sets rn_<isotope> = R_p + skin",
            NULL};
    }
    m->spec = calloc(m->n_bins, sizeof *m->spec);
    m->spec_sm = calloc(m->n_bins, sizeof *m->spec_sm);
    if (!m->spec || !m->spec_sm)
        goto fail;
    m->n_t = cx_detector_n_time_bins(d);
    if (m->n_t > 1) {
        m->spec2d = calloc(m->n_bins * m->n_t, sizeof(double));
        m->spec2d_sm = calloc(m->n_bins * m->n_t, sizeof(double));
    } else {
        m->spec2d = m->spec; /* one time bin: the 2-D spectrum is the spectrum */
        m->spec2d_sm = m->spec_sm;
    }
    m->tspec = calloc(m->n_t, sizeof(double));
    m->tspec_sm = calloc(m->n_t, sizeof(double));
    m->tfac = calloc(CX_NCOMP * m->n_t, sizeof(double));
    if (!m->spec2d || !m->spec2d_sm || !m->tspec || !m->tspec_sm || !m->tfac)
        goto fail;
    if (engine == CX_ENGINE_FAST) {
        size_t cap = cxk_panel_capacity(m) * NGL;
        m->gl = gsl_integration_glfixed_table_alloc(NGL);
        m->gl_e = gsl_integration_glfixed_table_alloc(NGL_E);
        m->brk = calloc(cxk_panel_capacity(m), sizeof *m->brk);
        m->kern = calloc(m->n_iso * CX_NCOMP * (m->n_bins + 1) * 2 * CX_K_COUNT, sizeof(double));
        m->kfl = calloc(m->n_iso * 2 * m->n_bins * cx_detector_n_time_bins(d) * 2 * CX_K_COUNT,
                        sizeof(double));
        m->order = calloc(cap * m->n_iso, sizeof *m->order);
        m->xkern = calloc(m->n_iso * CX_NCOMP * (m->n_bins + 1) * 2 * CX_XK_COUNT, sizeof(double));
        m->xkfl = calloc(m->n_iso * 2 * m->n_bins * cx_detector_n_time_bins(d) * 2 * CX_XK_COUNT,
                         sizeof(double));
        if (!m->gl || !m->gl_e || !m->brk || !m->kern || !m->kfl || !m->order || !m->xkern ||
            !m->xkfl)
            goto fail;
        m->cap_order = cap * m->n_iso;
        for (size_t i = 0; i < m->n_iso; i++) {
            cx_iso_nodes *nd = &m->nodes[i];
            nd->cap = cap;
            if (d->response == CX_RESP_GENERAL) {
                nd->resp = calloc(cap * m->n_bins, sizeof(double));
                nd->rsum = calloc(cap, sizeof(double));
                if (!nd->resp || !nd->rsum)
                    goto fail;
            }
            nd->e = calloc(cap, sizeof(double));
            nd->w = calloc(cap, sizeof(double));
            nd->bin = calloc(cap, sizeof(int));
            nd->fz = calloc(cap, sizeof(double));
            nd->fn = calloc(cap, sizeof(double));
            if (!nd->e || !nd->w || !nd->bin || !nd->fz || !nd->fn)
                goto fail;
            for (int c = 0; c < CX_NCOMP; c++) {
                nd->wk[c] = calloc(cap, sizeof(double));
                nd->we[c] = calloc(cap, sizeof(double));
                nd->wko[c] = calloc(cap, sizeof(double));
                nd->weo[c] = calloc(cap, sizeof(double));
                nd->ws[c] = calloc(cap, sizeof(double));
                nd->wt[c] = calloc(cap, sizeof(double));
                nd->wso[c] = calloc(cap, sizeof(double));
                nd->wto[c] = calloc(cap, sizeof(double));
                if (!nd->wk[c] || !nd->we[c] || !nd->wko[c] || !nd->weo[c] || !nd->ws[c] ||
                    !nd->wt[c] || !nd->wso[c] || !nd->wto[c])
                    goto fail;
            }
        }
    } else {
        m->ws_outer = gsl_integration_workspace_alloc(REF_LIMIT);
        m->ws_inner = gsl_integration_workspace_alloc(REF_LIMIT);
        m->ws_smear = gsl_integration_workspace_alloc(REF_LIMIT);
        if (!m->ws_outer || !m->ws_inner || !m->ws_smear)
            goto fail;
    }
    /* arrival-time fractions per component: nu_mu prompt, the others delayed */
    for (int c = 0; c < CX_NCOMP; c++) {
        double *tf = m->tfac + (size_t)c * m->n_t;
        if (!d->timing.on) {
            tf[0] = 1.0;
        } else if (engine == CX_ENGINE_FAST) {
            cx_time_bins(&d->timing, c != CX_NUMU, tf, m->gl);
        } else {
            int gst = GSL_SUCCESS;
            for (size_t k = 0; k < m->n_t; k++)
                tf[k] = cx_time_bin_ref(&d->timing, c != CX_NUMU, k, m->ws_smear, REF_LIMIT, &gst);
            if (gst != GSL_SUCCESS) {
                st = CX_ENUMERIC;
                goto fail;
            }
        }
        double s = 0.0;
        for (size_t k = 0; k < m->n_t; k++)
            s += tf[k];
        m->tfac_tot[c] = d->timing.on ? s : 1.0;
    }
    /* defaults: the detector's preset (an unknown one falls back to sm-helm) */
    m->preset = cx_preset_find("sm-helm");
    const char *const *names = cx_preset_names();
    for (int i = 0; names[i]; i++)
        if (strcmp(d->preset, names[i]) == 0)
            m->preset = i;
    for (int i = 0; i < cx_model_n_params(m); i++)
        m->par[i] = cx_model_default_param(m, i);
    m->dirty = CX_STAGE_DETECTOR | CX_STAGE_FLUX | CX_STAGE_FORMFACTOR | CX_STAGE_COUPLING |
               CX_STAGE_EXPOSURE | CX_STAGE_STATS | CX_STAGE_MEDIATOR;
    m->ff_mask = ~0u;
    m->sm_dirty = 1;
    st = cx_model_update(m);
    if (st != CX_OK)
        goto fail;
    if (status)
        *status = CX_OK;
    return m;
fail:
    cx_model_free(m);
    if (status)
        *status = st;
    return NULL;
}

cx_model *cx_model_clone(const cx_model *src, int *status)
{
    cx_model *m = cx_model_alloc(src->det, src->engine, status);
    if (!m)
        return NULL;
    cx_model_copy_params(m, src);
    int st = cx_model_update(m);
    if (st != CX_OK) {
        cx_model_free(m);
        m = NULL;
    }
    if (status)
        *status = st;
    return m;
}
