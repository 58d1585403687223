/* cx_model_params.c - the model's parameters: lookup, defaults from the
 * detector and the preset, set/reset with the stages they invalidate, and
 * the helpers shared with the reference path.
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
