/* cx_params.h - the parameter registry: one table that serves the command line,
 * the TUI sliders, completion and help.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_PARAMS_H
#define CEVNSX_CX_PARAMS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Stages of the incremental cache. A parameter change marks the stages it
 * invalidates; cx_model_update() recomputes from the earliest dirty one.
 *  DETECTOR   integration nodes, acceptance, threshold, cross-section options
 *  FLUX       oscillation kernels (sterile dm2)
 *  FORMFACTOR form factors at the nodes, then the kernels (R_n, form-factor kind)
 *  MEDIATOR   the q-dependent kernels of a light mediator (zp_mass, phi_mass);
 *             between FORMFACTOR and COUPLING, its bit comes last only for
 *             compatibility of the numeric values
 *  COUPLING   quadratic form over cached kernels (sin2w, NSI, mu, r2, s22,
 *             mediator couplings, tensor NSI, millicharge)
 *  EXPOSURE   overall scale (mass, baseline, POT, nu/proton, efficiency)
 *  STATS      chi-squared only (sigma_alpha, sigma_beta, background fraction) */
enum {
    CX_STAGE_DETECTOR = 1u << 0,
    CX_STAGE_FLUX = 1u << 1,
    CX_STAGE_FORMFACTOR = 1u << 2,
    CX_STAGE_COUPLING = 1u << 3,
    CX_STAGE_EXPOSURE = 1u << 4,
    CX_STAGE_STATS = 1u << 5,
    CX_STAGE_MEDIATOR = 1u << 6
};

/* How a slider moves over a parameter. */
typedef enum {
    CX_SCALE_LINEAR = 0, /* step added */
    CX_SCALE_LOG,        /* value multiplied by 10^step; 0 is allowed and means "off" */
    CX_SCALE_ENUM        /* integer 0..max, each with a label */
} cx_scale;

/* Slider groups, in display order. */
typedef enum {
    CX_GROUP_SM = 0,   /* Standard Model & nucleus */
    CX_GROUP_NSI,      /* vector and tensor non-standard interactions */
    CX_GROUP_MEDIATOR, /* light vector (Z') and scalar (phi) mediators */
    CX_GROUP_EM,       /* electromagnetic properties */
    CX_GROUP_STERILE,  /* 3+1 sterile oscillation */
    CX_GROUP_DETECTOR, /* detector & exposure */
    CX_GROUP_STATS,    /* statistics */
    CX_GROUP_COUNT
} cx_group;

/* Fixed parameter ids. Per-isotope neutron radii follow at CX_P_RN_BASE + i
 * (i = isotope index of the model's detector). */
typedef enum {
    CX_P_SIN2W = 0,
    CX_P_EPS_EE_U,
    CX_P_EPS_EE_D,
    CX_P_EPS_MUMU_U,
    CX_P_EPS_MUMU_D,
    CX_P_EPS_EMU_U,
    CX_P_EPS_EMU_D,
    CX_P_EPS_ETAU_U,
    CX_P_EPS_ETAU_D,
    CX_P_EPS_MUTAU_U,
    CX_P_EPS_MUTAU_D,
    CX_P_MU_NU_E,
    CX_P_MU_NU_MU,
    CX_P_MU_NU, /* universal magnetic moment: setting it sets both flavours */
    CX_P_R2_NU_E,
    CX_P_R2_NU_MU,
    CX_P_S22_E,
    CX_P_S22_MU,
    CX_P_DM2,
    CX_P_FF_Z,
    CX_P_FF_N,   /* form-factor kinds (enum cx_ff_kind) */
    CX_P_KIN_TE, /* 1: include the -T/E kinematic term */
    CX_P_GC,     /* 1: include g_c = 1 + M T / (m_N E) */
    CX_P_MASS_KG,
    CX_P_BASELINE_M,
    CX_P_THRESHOLD_KEV,
    CX_P_POT,
    CX_P_NU_PER_PROTON,
    CX_P_EFF,
    CX_P_SIGMA_ALPHA,
    CX_P_SIGMA_BETA,
    CX_P_BKG_FRAC,
    /* issue 13: light mediators, tensor NSI, millicharge (doc/physics.md 4.x) */
    CX_P_ZP_MASS,  /* Z' mass, MeV */
    CX_P_ZP_G,     /* Z' coupling */
    CX_P_ZP_MODEL, /* enum cx_zp_model */
    CX_P_PHI_MASS, /* scalar mass, MeV */
    CX_P_PHI_G,    /* scalar coupling g_nu = g_q */
    CX_P_EPST_EE_U,
    CX_P_EPST_EE_D,
    CX_P_EPST_MUMU_U,
    CX_P_EPST_MUMU_D,
    CX_P_Q_NU_E, /* millicharges, units of e */
    CX_P_Q_NU_MU,
    CX_P_BASELINE_SPREAD_M, /* full width of a uniform baseline spread, m */
    CX_P_R2_CONV,           /* charge-radius convention (enum cx_r2_conv) */
    CX_P_RN_ALL,            /* one neutron radius for every isotope: sets each rn_<iso> */
    CX_P_FIXED_COUNT,
    CX_P_RN_BASE = CX_P_FIXED_COUNT
} cx_param_id;

/* Form-factor kinds (doc/physics.md section 4). All can be parameterised by an rms
 * radius; the neutron form factor always uses the model's rn_<isotope>. */
typedef enum {
    CX_FF_HELM = 0, /* Helm, s = 0.5 fm, R = 1.2 A^(1/3) fm */
    CX_FF_SFERMI,   /* symmetrised Fermi, c = 1.23 A^(1/3) - 0.6 fm, a = 0.52 fm */
    CX_FF_KN,       /* Klein-Nystrand, R_A = 1.2 A^(1/3) fm, a_k = 0.7 fm */
    CX_FF_HELM_LS,  /* Helm with the Lewin-Smith radius, s = 0.9 fm */
    CX_FF_COUNT
} cx_ff_kind;

/* Charges of the light vector mediator (doc/physics.md section 4). */
typedef enum {
    CX_ZP_UNIVERSAL = 0, /* g_nu = g_u = g_d = g */
    CX_ZP_B_L,           /* B - L: g_nu = -g, g_u = g_d = g/3 */
    CX_ZP_COUNT
} cx_zp_model;

/* How a neutrino charge radius enters the proton coupling, with
 * delta = sqrt2 pi alpha <r^2> / (3 G_F) (doc/physics.md section 4). */
typedef enum {
    CX_R2_VE = 0, /* g_p - 2 delta: sin2w -> sin2w + delta (Vogel-Engel form) */
    CX_R2_GIUNTI, /* g_p - delta (Bernabeu et al.; Cadeddu, Giunti et al.) */
    CX_R2_COUNT
} cx_r2_conv;

/* One row of the registry. All strings are static. */
typedef struct {
    const char *name;        /* command-line name, e.g. "eps_ee_u" */
    const char *symbol;      /* display symbol (UTF-8), e.g. "ε_ee^u" */
    const char *ascii;       /* ASCII symbol, e.g. "eps_ee^u" */
    const char *unit;        /* unit text ("" when dimensionless), e.g. "cm^2" */
    double def;              /* default (the detector/preset may override) */
    double min, max;         /* allowed range, inclusive */
    double step;             /* fine slider step (a decade fraction for log scale) */
    double scan_lo, scan_hi; /* default range of a scan */
    double log_floor;        /* CX_SCALE_LOG: smallest positive slider value; below it 0 */
    cx_scale scale;
    cx_group group;
    unsigned stages;           /* CX_STAGE_* mask invalidated by a change */
    const char *help;          /* one-line explanation for the classroom */
    const char *const *labels; /* CX_SCALE_ENUM only: max+1 labels, else NULL */
} cx_param_info;

/* The registry row of a fixed parameter id, or NULL when id is out of range.
 * Per-isotope radii are described by cx_model_param_info(). */
const cx_param_info *cx_param_info_get(int id);

/* Looks a fixed parameter up by name; returns its id, or -1. */
int cx_param_lookup(const char *name);

/* Parses a parameter value: a number in the C locale ("0.24", "1e-10"), or for
 * an enum parameter one of its labels. Rejects NaN, infinities, trailing junk
 * and values outside [info->min, info->max]. Returns CX_OK, CX_EINVAL (not a
 * number) or CX_ERANGE. */
int cx_param_parse_value(const cx_param_info *info, const char *text, double *value);

/* The names of the presets the engine knows, NULL-terminated. */
const char *const *cx_preset_names(void);

/* A one-line description of a preset, or NULL when the name is unknown. */
const char *cx_preset_help(const char *name);

#ifdef __cplusplus
}
#endif
#endif
