/* cx_model.c - the model: parameters, incremental cache, fast kernel path.
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

#define NGL 10                   /* Gauss-Legendre nodes per recoil panel: exact to degree 19 */
#define PANEL_DE 2.5             /* widest recoil panel in e, MeV; keeps q-dependence resolved */
#define NGL_E 8                  /* nodes per oscillation sub-panel (at most pi of phase) */
#define OSC_MAX_SUBPANELS 200000 /* beyond this the phase is averaged (sin^2 -> 1/2) */
#define SMEAR_MAX_SUB 16 /* a smeared response splits a recoil panel into at most this many */

/* Bin kernels as a matrix: row b holds, for every isotope i and flavour fl
 * (nu_e; nu_mu + anti-nu_mu summed) the CX_K_COUNT kernels at column
 * (i * 2 + fl) * CX_K_COUNT, first unoscillated, then (offset ncol) the
 * oscillation-weighted ones. A coupling change is then one matrix-vector
 * product per bin over contiguous memory. */
static size_t kmat_ncol(const cx_model *m)
{
    return m->n_iso * 2 * CX_K_COUNT;
}

static double *kmat_at(const cx_model *m, size_t bin, size_t iso, int fl, int osc)
{
    size_t ncol = kmat_ncol(m);
    return m->kfl + bin * 2 * ncol + (size_t)osc * ncol + (iso * 2 + (size_t)fl) * CX_K_COUNT;
}

static double *kern_at(const cx_model *m, size_t iso, int c, size_t bin, int osc)
{
    size_t nb = m->n_bins + 1;
    return m->kern + ((((iso * CX_NCOMP) + (size_t)c) * nb + bin) * 2 + (size_t)osc) * CX_K_COUNT;
}

/* Extension kernels, the same layouts as kmat_at and kern_at with CX_XK_COUNT kinds. */
static double *xkmat_at(const cx_model *m, size_t bin, size_t iso, int fl, int osc)
{
    size_t ncol = m->n_iso * 2 * CX_XK_COUNT;
    return m->xkfl + bin * 2 * ncol + (size_t)osc * ncol + (iso * 2 + (size_t)fl) * CX_XK_COUNT;
}

static double *xkern_at(const cx_model *m, size_t iso, int c, size_t bin, int osc)
{
    size_t nb = m->n_bins + 1;
    return m->xkern + ((((iso * CX_NCOMP) + (size_t)c) * nb + bin) * 2 + (size_t)osc) * CX_XK_COUNT;
}

/* ------------------------------------------------------------ parameters -- */

const cx_detector *cx_model_detector(const cx_model *m)
{
    return m->det;
}
cx_engine cx_model_engine(const cx_model *m)
{
    return m->engine;
}
int cx_model_n_params(const cx_model *m)
{
    return CX_P_FIXED_COUNT + 2 * (int)m->n_iso;
}

/* Id of the first neutron-skin parameter. */
static int skin_base(const cx_model *m)
{
    return CX_P_RN_BASE + (int)m->n_iso;
}

/* The proton rms radius of isotope i: the one of the current F_Z kind. */
static double proton_rms(const cx_model *m, size_t i, double ff_z)
{
    return cx_ff_default_rms((cx_ff_kind)ff_z, m->det->iso[i].a);
}

/* Keeps the skins R_n - R_p in step with the radii and F_Z (no dirty mark:
 * they are a view of the radii). */
static void sync_skins(cx_model *m)
{
    for (size_t i = 0; i < m->n_iso; i++)
        m->par[skin_base(m) + (int)i] =
            m->par[CX_P_RN_BASE + (int)i] - proton_rms(m, i, m->par[CX_P_FF_Z]);
}
const char *cx_model_last_error(const cx_model *m)
{
    return m->err;
}
unsigned cx_model_dirty(const cx_model *m)
{
    return m->dirty;
}

unsigned long cx_model_generation(const cx_model *m)
{
    return m->gen;
}

unsigned long cx_model_param_generation(const cx_model *m, int id)
{
    return cx_model_param_info(m, id) ? m->par_gen[id] : 0;
}
unsigned cx_model_last_recomputed(const cx_model *m)
{
    return m->last;
}
const char *cx_model_preset(const cx_model *m)
{
    return cx_preset_names()[m->preset];
}

const cx_param_info *cx_model_param_info(const cx_model *m, int id)
{
    if (id >= 0 && id < CX_P_FIXED_COUNT)
        return cx_param_info_get(id);
    if (id >= CX_P_RN_BASE && id < CX_P_RN_BASE + (int)m->n_iso)
        return &m->rn_info[id - CX_P_RN_BASE];
    if (id >= skin_base(m) && id < skin_base(m) + (int)m->n_iso)
        return &m->skin_info[id - skin_base(m)];
    return NULL;
}

int cx_model_param_lookup(const cx_model *m, const char *name)
{
    int id = cx_param_lookup(name);
    if (id >= 0)
        return id;
    for (size_t i = 0; name && i < m->n_iso; i++)
        if (strcmp(name, m->rn_name[i]) == 0)
            return CX_P_RN_BASE + (int)i;
    for (size_t i = 0; name && i < m->n_iso; i++)
        if (strcmp(name, m->skin_name[i]) == 0)
            return skin_base(m) + (int)i;
    return -1;
}

double cx_model_rn(const cx_model *m, size_t iso)
{
    return m->par[CX_P_RN_BASE + iso];
}

/* The preset's neutron radius of isotope i: the value the preset names, or
 * the default radius of its form factor (Helm: sqrt(3/5) 1.2 A^(1/3) fm;
 * Lewin-Smith, e.g. Na23: 2.96 fm). */
static double preset_rn(const cx_model *m, size_t i)
{
    const cx_isotope *is = &m->det->iso[i];
    const cx_preset *p = cx_preset_get(m->preset);
    for (int k = 0; k < CX_PRESET_MAX_RN && p->rn[k].iso; k++)
        if (strcmp(is->name, p->rn[k].iso) == 0)
            return p->rn[k].rn_fm;
    return cx_ff_default_rms((cx_ff_kind)p->rn_ff, is->a);
}

double cx_model_default_param(const cx_model *m, int id)
{
    const cx_detector *d = m->det;
    double v;
    if (id >= CX_P_RN_BASE && id < CX_P_RN_BASE + (int)m->n_iso)
        return preset_rn(m, (size_t)(id - CX_P_RN_BASE));
    if (id >= skin_base(m) && id < skin_base(m) + (int)m->n_iso) {
        size_t i = (size_t)(id - skin_base(m));
        return preset_rn(m, i) - proton_rms(m, i, cx_preset_get(m->preset)->ff_z);
    }
    if (id == CX_P_RN_ALL) {
        double s = 0.0; /* our choice: the mean of the isotopes' default radii */
        for (size_t i = 0; i < m->n_iso; i++)
            s += preset_rn(m, i);
        return s / (double)m->n_iso;
    }
    switch (id) {
    case CX_P_SIN2W: return cx_preset_get(m->preset)->sin2w;
    case CX_P_FF_Z: return cx_preset_get(m->preset)->ff_z;
    case CX_P_FF_N: return cx_preset_get(m->preset)->ff_n;
    case CX_P_MASS_KG: return d->mass_kg;
    case CX_P_BASELINE_M: return d->baseline_m;
    case CX_P_THRESHOLD_KEV: return d->threshold_kevnr;
    case CX_P_EFF: return d->efficiency;
    case CX_P_POT: return d->pot > 0.0 ? d->pot : cx_param_info_get(id)->def;
    case CX_P_NU_PER_PROTON:
        return d->nu_per_proton > 0.0 ? d->nu_per_proton : cx_param_info_get(id)->def;
    case CX_P_SIGMA_ALPHA:
        return cx_detector_number(d, "fit.sigma_alpha", &v) == CX_OK ? v
                                                                     : cx_param_info_get(id)->def;
    case CX_P_SIGMA_BETA:
        return cx_detector_number(d, "fit.sigma_beta", &v) == CX_OK ? v
                                                                    : cx_param_info_get(id)->def;
    case CX_P_BKG_FRAC:
        return cx_detector_number(d, "fit.bkg_frac", &v) == CX_OK ? v : cx_param_info_get(id)->def;
    default: {
        const cx_param_info *info = cx_param_info_get(id);
        return info ? info->def : 0.0;
    }
    }
}

/* Stores a value and marks what it invalidates; no validation. */
static void store(cx_model *m, int id, double v)
{
    if (m->par[id] == v)
        return;
    m->par[id] = v;
    m->par_gen[id] = ++m->gen;
    const cx_param_info *info = cx_model_param_info(m, id);
    m->dirty |= info->stages;
    if (id >= CX_P_RN_BASE && id < skin_base(m))
        m->ff_mask |= 1u << (id - CX_P_RN_BASE);
    else if (id == CX_P_FF_Z || id == CX_P_FF_N)
        m->ff_mask = ~0u;
}

int cx_model_set_param(cx_model *m, int id, double v)
{
    const cx_param_info *info = cx_model_param_info(m, id);
    if (!info || isnan(v) || isinf(v))
        return CX_EINVAL;
    if (v < info->min || v > info->max)
        return CX_ERANGE;
    if (info->scale == CX_SCALE_ENUM && v != floor(v))
        return CX_EINVAL;
    if (id >= skin_base(m)) {
        /* a skin sets the radius R_n = R_p + skin (within the radius range) */
        size_t i = (size_t)(id - skin_base(m));
        if (v == m->par[id])
            return CX_OK; /* also keeps a restored state bit for bit */
        double rn = proton_rms(m, i, m->par[CX_P_FF_Z]) + v;
        const cx_param_info *ri = &m->rn_info[i];
        if (!(rn >= ri->min && rn <= ri->max))
            return CX_ERANGE;
        store(m, CX_P_RN_BASE + (int)i, rn);
        m->par[id] = v;
        return CX_OK;
    }
    store(m, id, v);
    if (id == CX_P_MU_NU) {
        store(m, CX_P_MU_NU_E, v);
        store(m, CX_P_MU_NU_MU, v);
    }
    if (id == CX_P_RN_ALL)
        for (size_t i = 0; i < m->n_iso; i++)
            store(m, CX_P_RN_BASE + (int)i, v);
    if (id == CX_P_RN_ALL || id == CX_P_FF_Z || id >= CX_P_RN_BASE)
        sync_skins(m);
    return CX_OK;
}

double cx_model_get_param(const cx_model *m, int id)
{
    if (!cx_model_param_info(m, id))
        return NAN;
    return m->par[id];
}

int cx_model_reset_param(cx_model *m, int id)
{
    if (id < 0) {
        for (int i = 0; i < cx_model_n_params(m); i++)
            store(m, i, cx_model_default_param(m, i));
        sync_skins(m);
        return CX_OK;
    }
    if (!cx_model_param_info(m, id))
        return CX_EINVAL;
    store(m, id, cx_model_default_param(m, id));
    if (id == CX_P_MU_NU) {
        store(m, CX_P_MU_NU_E, cx_model_default_param(m, CX_P_MU_NU_E));
        store(m, CX_P_MU_NU_MU, cx_model_default_param(m, CX_P_MU_NU_MU));
    }
    if (id == CX_P_RN_ALL)
        for (size_t i = 0; i < m->n_iso; i++)
            store(m, CX_P_RN_BASE + (int)i, cx_model_default_param(m, CX_P_RN_BASE + (int)i));
    if (id >= skin_base(m)) /* resetting a skin resets its radius */
        store(m, CX_P_RN_BASE + (id - skin_base(m)),
              cx_model_default_param(m, CX_P_RN_BASE + (id - skin_base(m))));
    sync_skins(m);
    return CX_OK;
}

int cx_model_apply_preset(cx_model *m, const char *name)
{
    const char *const *names = cx_preset_names();
    for (int i = 0; names[i]; i++) {
        if (name && strcmp(name, names[i]) == 0) {
            m->preset = i;
            m->sm_dirty = 1; /* the SM reference uses the preset's sin2w */
            return cx_model_reset_param(m, -1);
        }
    }
    return CX_ENOTFOUND;
}

int cx_model_copy_params(cx_model *dst, const cx_model *src)
{
    if (dst->det != src->det)
        return CX_EINVAL;
    if (dst->preset != src->preset)
        dst->sm_dirty = 1;
    dst->preset = src->preset;
    for (int i = 0; i < cx_model_n_params(src); i++)
        store(dst, i, src->par[i]);
    return CX_OK;
}

/* ------------------------------------------------------- shared helpers -- */

double cx_model_eta_cm2(const cx_model *m)
{
    double l_cm = m->par[CX_P_BASELINE_M] * 100.0;
    return m->par[CX_P_NU_PER_PROTON] * m->par[CX_P_POT] / (4.0 * M_PI * l_cm * l_cm);
}

double cx_model_targets(const cx_model *m, size_t iso)
{
    double fu = CX_NA * m->par[CX_P_MASS_KG] * 1e3 / m->md_g_per_mol;
    return fu * m->det->iso[iso].count;
}

double cx_model_bin_t_mev(const cx_model *m, double edge)
{
    const cx_detector *d = m->det;
    if (d->bin_unit == CX_UNIT_PE && d->pe_per_kevnr > 0.0)
        return edge / d->pe_per_kevnr * 1e-3;
    return edge * 1e-3;
}

double cx_model_t_start(const cx_model *m)
{
    const cx_detector *d = m->det;
    double t = m->par[CX_P_THRESHOLD_KEV] * 1e-3;
    if (d->response == CX_RESP_LOGISTIC && d->pe_per_kevnr > 0.0) {
        double t_acc = d->step_lo_pe / d->pe_per_kevnr * 1e-3;
        if (t_acc > t)
            t = t_acc;
    }
    return t;
}

/* ---------------------------------------------------------- node layout -- */

static size_t panel_capacity(const cx_model *m)
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
static double lowest_recoil_mev(const cx_model *m)
{
    double t0 = cx_model_t_start(m), lowest = INFINITY;
    if (m->det->response != CX_RESP_GENERAL)
        return t0;
    for (size_t i = 0; i < m->n_iso; i++)
        lowest = fmin(lowest, fmax(t0, cx_resp_t_min(m->det, m->nodes[i].z) * 1e-3));
    return m->n_iso ? lowest : t0;
}

/* Places the nodes of isotope i and their flux weights (stage DETECTOR). */
static void layout_isotope(cx_model *m, size_t i, double *brk)
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
static void build_order(cx_model *m)
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
static void compute_osc(cx_model *m)
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
                                hi += cf * pow(e_prev, j + 1) / (j + 1);
                                lo += cf * pow(e, j + 1) / (j + 1);
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

static void compute_ff(cx_model *m, size_t i)
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
static void compute_kernels(cx_model *m, size_t i, int osc)
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
static void compute_xkernels(cx_model *m, size_t i, int osc)
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
static int ext_on(const cx_couplings *cp)
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
static void evaluate_ext(cx_model *m, const cx_couplings *cp)
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
            layout_isotope(m, i, m->brk);
        build_order(m);
        d |= CX_STAGE_FLUX | CX_STAGE_FORMFACTOR;
        m->ff_mask = ~0u;
        done |= CX_STAGE_DETECTOR;
    }
    if (d & CX_STAGE_FLUX) {
        compute_osc(m);
        done |= CX_STAGE_FLUX;
    }
    if (d & CX_STAGE_FORMFACTOR) {
        for (size_t i = 0; i < m->n_iso; i++)
            if (m->ff_mask & (1u << i))
                compute_ff(m, i);
        done |= CX_STAGE_FORMFACTOR;
    }
    if (d & (CX_STAGE_FLUX | CX_STAGE_FORMFACTOR)) {
        for (size_t i = 0; i < m->n_iso; i++) {
            int ff = (m->ff_mask & (1u << i)) != 0;
            if (ff)
                compute_kernels(m, i, 0);
            if (ff || (d & CX_STAGE_FLUX))
                compute_kernels(m, i, 1);
        }
    }
    /* extension kernels: only while an extension is on, recomputed after any
     * change of the nodes, flux, form factors or a mediator mass */
    if (d & (CX_STAGE_DETECTOR | CX_STAGE_FLUX | CX_STAGE_FORMFACTOR | CX_STAGE_MEDIATOR))
        m->xk_valid = 0;
    cx_couplings xcp;
    cx_couplings_from_params(m->par, &xcp);
    const int xon = ext_on(&xcp);
    if (xon && !m->xk_valid) {
        for (size_t i = 0; i < m->n_iso; i++) {
            compute_xkernels(m, i, 0);
            compute_xkernels(m, i, 1);
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
            evaluate_ext(m, &xcp);
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
        !(lowest_recoil_mev(m) > 0.0) && !(cx_model_bin_t_mev(m, m->edges[0]) > 0.0)) {
        snprintf(m->err, sizeof m->err,
                 "a neutrino magnetic moment needs a recoil threshold above 0 (the rate "
                 "diverges at zero recoil energy): set threshold_kev");
        return CX_ERANGE;
    }
    /* The millicharge's photon exchange gives 1/T (interference) and 1/T^2
     * terms: the same condition. */
    if ((m->par[CX_P_Q_NU_E] != 0.0 || m->par[CX_P_Q_NU_MU] != 0.0) &&
        !(lowest_recoil_mev(m) > 0.0) && !(cx_model_bin_t_mev(m, m->edges[0]) > 0.0)) {
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
        size_t cap = panel_capacity(m) * NGL;
        m->gl = gsl_integration_glfixed_table_alloc(NGL);
        m->gl_e = gsl_integration_glfixed_table_alloc(NGL_E);
        m->brk = calloc(panel_capacity(m), sizeof *m->brk);
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
