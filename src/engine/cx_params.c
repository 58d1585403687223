/* cx_params.c - the parameter registry (the presets: cx_presets.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_params.h"
#include "cevnsx/cx_text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cx_errno.h"

static const char *const ff_labels[] = {"helm", "sfermi", "kn", "helm-ls"};
static const char *const onoff_labels[] = {"off", "on"};
static const char *const zp_labels[] = {"universal", "b-l"};
static const char *const r2_labels[] = {"ve", "giunti"};

#define SM CX_GROUP_SM
#define NSI CX_GROUP_NSI
#define MED CX_GROUP_MEDIATOR
#define EM CX_GROUP_EM
#define STE CX_GROUP_STERILE
#define DET CX_GROUP_DETECTOR
#define STA CX_GROUP_STATS
#define LIN CX_SCALE_LINEAR
#define LOG CX_SCALE_LOG
#define ENU CX_SCALE_ENUM
#define S_DET CX_STAGE_DETECTOR
#define S_FLUX CX_STAGE_FLUX
#define S_FF CX_STAGE_FORMFACTOR
#define S_CPL CX_STAGE_COUPLING
#define S_EXP CX_STAGE_EXPOSURE
#define S_STA CX_STAGE_STATS
#define S_MED CX_STAGE_MEDIATOR

/* NSI couplings: |eps| up to 5 is legal (extreme but finite); scans default
 * to [-1, 1], where the degenerate second minimum of most detectors lies. */
#define EPS(id, n, sym, asc, h)                                                                    \
    [id] = {n, sym, asc, "", 0.0, -5.0, 5.0, 0.01, -1.0, 1.0, 0.0, LIN, NSI, S_CPL, h, NULL}

/* Tensor NSI: only |Q_T|^2 enters, with 4 G_F^2 (doc/physics.md section 4), so
 * a few 0.1 already doubles a CsI rate; scans default to [-0.5, 0.5]. */
#define EPST(id, n, sym, asc, h)                                                                   \
    [id] = {n, sym, asc, "", 0.0, -5.0, 5.0, 0.005, -0.5, 0.5, 0.0, LIN, NSI, S_CPL, h, NULL}

static const cx_param_info registry[CX_P_FIXED_COUNT] = {
    [CX_P_SIN2W] = {"sin2w", "sin²θ_W", "sin2thW", "", 0.23865, 0.0, 1.0, 0.001, 0.1, 0.4, 0.0, LIN,
                    SM, S_CPL,
                    "weak mixing angle at low momentum transfer; sets the proton weak charge",
                    NULL},
    EPS(CX_P_EPS_EE_U, "eps_ee_u", "ε_ee^u", "eps_ee^u",
        "flavour-preserving NSI of nu_e with up quarks"),
    EPS(CX_P_EPS_EE_D, "eps_ee_d", "ε_ee^d", "eps_ee^d",
        "flavour-preserving NSI of nu_e with down quarks"),
    EPS(CX_P_EPS_MUMU_U, "eps_mumu_u", "ε_μμ^u", "eps_mumu^u",
        "flavour-preserving NSI of nu_mu with up quarks"),
    EPS(CX_P_EPS_MUMU_D, "eps_mumu_d", "ε_μμ^d", "eps_mumu^d",
        "flavour-preserving NSI of nu_mu with down quarks"),
    EPS(CX_P_EPS_EMU_U, "eps_emu_u", "ε_eμ^u", "eps_emu^u",
        "flavour-changing NSI e<->mu with up quarks"),
    EPS(CX_P_EPS_EMU_D, "eps_emu_d", "ε_eμ^d", "eps_emu^d",
        "flavour-changing NSI e<->mu with down quarks"),
    EPS(CX_P_EPS_ETAU_U, "eps_etau_u", "ε_eτ^u", "eps_etau^u",
        "flavour-changing NSI e<->tau with up quarks"),
    EPS(CX_P_EPS_ETAU_D, "eps_etau_d", "ε_eτ^d", "eps_etau^d",
        "flavour-changing NSI e<->tau with down quarks"),
    EPS(CX_P_EPS_MUTAU_U, "eps_mutau_u", "ε_μτ^u", "eps_mutau^u",
        "flavour-changing NSI mu<->tau with up quarks"),
    EPS(CX_P_EPS_MUTAU_D, "eps_mutau_d", "ε_μτ^d", "eps_mutau^d",
        "flavour-changing NSI mu<->tau with down quarks"),
    /* Magnetic moments in Bohr magnetons; the enhancement is at low recoil,
     * COHERENT-scale limits are a few 1e-9. */
    [CX_P_MU_NU_E] = {"mu_nu_e", "μ_νe", "mu_nue", "μ_B", 0.0, 0.0, 1e-6, 0.1, 0.0, 1e-8, 1e-12,
                      LOG, EM, S_CPL,
                      "nu_e magnetic moment: adds an electromagnetic 1/T rise at low recoil", NULL},
    [CX_P_MU_NU_MU] = {"mu_nu_mu", "μ_νμ", "mu_numu", "μ_B", 0.0, 0.0, 1e-6, 0.1, 0.0, 1e-8, 1e-12,
                       LOG, EM, S_CPL,
                       "nu_mu magnetic moment: adds an electromagnetic 1/T rise at low recoil",
                       NULL},
    [CX_P_MU_NU] = {"mu_nu", "μ_ν", "mu_nu", "μ_B", 0.0, 0.0, 1e-6, 0.1, 0.0, 1e-8, 1e-12, LOG, EM,
                    S_CPL, "universal magnetic moment: sets mu_nu_e and mu_nu_mu together", NULL},
    /* Charge radii in cm^2; 1e-32 cm^2 shifts sin2w by +0.0238. */
    [CX_P_R2_NU_E] = {"r2_nu_e", "⟨r²_νe⟩", "<r2_nue>", "cm^2", 0.0, -1e-29, 1e-29, 1e-33, -1e-31,
                      1e-31, 0.0, LIN, EM, S_CPL,
                      "nu_e charge radius: shifts the proton coupling like sin2w", NULL},
    [CX_P_R2_NU_MU] = {"r2_nu_mu", "⟨r²_νμ⟩", "<r2_numu>", "cm^2", 0.0, -1e-29, 1e-29, 1e-33,
                       -1e-31, 1e-31, 0.0, LIN, EM, S_CPL,
                       "nu_mu charge radius: shifts the proton coupling like sin2w", NULL},
    [CX_P_S22_E] = {"s22_e", "sin²2θ_ee", "sin2_2th_ee", "", 0.0, 0.0, 1.0, 0.01, 0.0, 1.0, 0.0,
                    LIN, STE, S_CPL, "3+1 sterile mixing: nu_e disappearance amplitude", NULL},
    [CX_P_S22_MU] = {"s22_mu", "sin²2θ_μμ", "sin2_2th_mumu", "", 0.0, 0.0, 1.0, 0.01, 0.0, 1.0, 0.0,
                     LIN, STE, S_CPL,
                     "3+1 sterile mixing: nu_mu and anti-nu_mu disappearance amplitude", NULL},
    [CX_P_DM2] = {"dm2", "Δm²₄₁", "dm2_41", "eV^2", 1.0, 1e-3, 1e3, 0.05, 1e-2, 1e2, 1e-3, LOG, STE,
                  S_FLUX, "sterile mass splitting: sets the oscillation length L/E", NULL},
    [CX_P_FF_Z] = {"ff_z", "F_Z", "F_Z", "", CX_FF_HELM, 0, CX_FF_COUNT - 1, 1, 0, CX_FF_COUNT - 1,
                   0.0, ENU, SM, S_FF, "proton form factor: helm, sfermi, kn or helm-ls",
                   ff_labels},
    [CX_P_FF_N] = {"ff_n", "F_N", "F_N", "", CX_FF_HELM, 0, CX_FF_COUNT - 1, 1, 0, CX_FF_COUNT - 1,
                   0.0, ENU, SM, S_FF,
                   "neutron form factor (its radius is rn_<isotope>): helm, sfermi, kn, helm-ls",
                   ff_labels},
    [CX_P_KIN_TE] = {"kin_te", "-T/E", "-T/E", "", 0, 0, 1, 1, 0, 1, 0.0, ENU, SM, S_DET,
                     "include the small -T/E kinematic term of the cross section", onoff_labels},
    [CX_P_GC] = {"gc", "g_c", "g_c", "", 0, 0, 1, 1, 0, 1, 0.0, ENU, SM, S_DET,
                 "include the recoil factor g_c = 1 + M T / (m_N E)", onoff_labels},
    [CX_P_MASS_KG] = {"mass_kg", "M_det", "M_det", "kg", 14.57, 1e-3, 1e7, 0.05, 1.0, 1e4, 1e-3,
                      LOG, DET, S_EXP, "target mass: the rate grows in proportion", NULL},
    [CX_P_BASELINE_M] = {"baseline_m", "L", "L", "m", 19.3, 1.0, 1e4, 0.1, 10.0, 40.0, 0.0, LIN,
                         DET, S_EXP | S_FLUX,
                         "distance from the SNS target: the flux falls as 1/L^2", NULL},
    [CX_P_THRESHOLD_KEV] = {"threshold_kev", "T_thr", "T_thr", "keVnr", 0.0, 0.0, 500.0, 0.5, 0.0,
                            30.0, 0.0, LIN, DET, S_DET,
                            "recoil-energy threshold: events below it are not seen", NULL},
    [CX_P_POT] = {"pot", "N_POT", "N_POT", "", 1.76e23, 1e15, 1e27, 0.05, 1e22, 1e24, 1e15, LOG,
                  DET, S_EXP, "protons on target over the exposure (1.76e23 = COHERENT 2017)",
                  NULL},
    [CX_P_NU_PER_PROTON] = {"nu_per_proton", "r", "r", "ν/p", 0.08, 0.0, 1.0, 0.005, 0.05, 0.12,
                            0.0, LIN, DET, S_EXP, "neutrinos of each flavour per proton on target",
                            NULL},
    [CX_P_EFF] = {"eff", "ε_eff", "eff", "", 1.0, 0.0, 1.0, 0.01, 0.1, 1.0, 0.0, LIN, DET, S_EXP,
                  "overall detection efficiency factor", NULL},
    [CX_P_SIGMA_ALPHA] = {"sigma_alpha", "σ_α", "sigma_alpha", "", 0.28, 0.0, 5.0, 0.01, 0.0, 1.0,
                          0.0, LIN, STA, S_STA,
                          "systematic uncertainty of the signal normalisation", NULL},
    [CX_P_SIGMA_BETA] = {"sigma_beta", "σ_β", "sigma_beta", "", 0.25, 0.0, 5.0, 0.01, 0.0, 1.0, 0.0,
                         LIN, STA, S_STA, "systematic uncertainty of the background normalisation",
                         NULL},
    [CX_P_BKG_FRAC] = {"bkg_frac", "f_bg", "f_bg", "", 0.10, 0.0, 100.0, 0.01, 0.0, 1.0, 0.0, LIN,
                       STA, S_STA, "forecast background as a fraction of the SM signal", NULL},
    /* Light mediators. The masses (MeV) are cache stages like dm2; the default
     * masses (10 MeV) are our choice, inert while the couplings are 0. Scan
     * ranges cover the COHERENT CsI reach: g ~ 1e-5 below 10 MeV, ~ 1e-3 at 1 GeV. */
    [CX_P_ZP_MASS] = {"zp_mass", "m_Z'", "m_Zp", "MeV", 10.0, 0.01, 1e5, 0.05, 0.1, 1e4, 0.01, LOG,
                      MED, S_MED,
                      "Z' mass: below ~50 MeV (q of a recoil) the Z' bends the low-recoil spectrum",
                      NULL},
    [CX_P_ZP_G] = {"zp_g", "g_Z'", "g_Zp", "", 0.0, 0.0, 0.1, 0.02, 1e-6, 1e-2, 1e-7, LOG, MED,
                   S_CPL, "Z' coupling: a q-dependent vector NSI that interferes with the Z boson",
                   NULL},
    [CX_P_ZP_MODEL] = {"zp_model", "Z' charges", "Zp charges", "", CX_ZP_UNIVERSAL, 0,
                       CX_ZP_COUNT - 1, 1, 0, CX_ZP_COUNT - 1, 0.0, ENU, MED, S_CPL,
                       "Z' charges: universal (destructive interference) or b-l (constructive)",
                       zp_labels},
    [CX_P_PHI_MASS] = {"phi_mass", "m_φ", "m_phi", "MeV", 10.0, 0.01, 1e5, 0.05, 0.1, 1e4, 0.01,
                       LOG, MED, S_MED, "scalar mediator mass: light scalars enhance low recoils",
                       NULL},
    [CX_P_PHI_G] = {"phi_g", "g_φ", "g_phi", "", 0.0, 0.0, 0.1, 0.02, 1e-7, 1e-2, 1e-8, LOG, MED,
                    S_CPL,
                    "scalar coupling g_nu = g_q: adds a rate growing as g^4, no interference",
                    NULL},
    EPST(CX_P_EPST_EE_U, "epsT_ee_u", "ε_ee^uT", "epsT_ee^u",
         "tensor NSI of nu_e with up quarks: adds a rate, no interference"),
    EPST(CX_P_EPST_EE_D, "epsT_ee_d", "ε_ee^dT", "epsT_ee^d",
         "tensor NSI of nu_e with down quarks: adds a rate, no interference"),
    EPST(CX_P_EPST_MUMU_U, "epsT_mumu_u", "ε_μμ^uT", "epsT_mumu^u",
         "tensor NSI of nu_mu with up quarks: adds a rate, no interference"),
    EPST(CX_P_EPST_MUMU_D, "epsT_mumu_d", "ε_μμ^dT", "epsT_mumu^d",
         "tensor NSI of nu_mu with down quarks: adds a rate, no interference"),
    /* Millicharges in units of e; COHERENT-scale limits are ~1e-7. */
    [CX_P_Q_NU_E] = {"q_nu_e", "q_νe", "q_nue", "e", 0.0, -1e-6, 1e-6, 1e-9, -3e-7, 3e-7, 0.0, LIN,
                     EM, S_CPL,
                     "nu_e millicharge: photon exchange, a 1/q^2 shift of the proton coupling",
                     NULL},
    [CX_P_Q_NU_MU] = {"q_nu_mu", "q_νμ", "q_numu", "e", 0.0, -1e-6, 1e-6, 1e-9, -3e-7, 3e-7, 0.0,
                      LIN, EM, S_CPL,
                      "nu_mu millicharge: photon exchange, a 1/q^2 shift of the proton coupling",
                      NULL},
    [CX_P_BASELINE_SPREAD_M] = {"baseline_spread_m", "ΔL", "dL", "m", 0.0, 0.0, 100.0, 0.1, 0.0,
                                5.0, 0.0, LIN, STE, S_FLUX,
                                "baseline spread (target and detector size): averages fast "
                                "oscillations",
                                NULL},
    [CX_P_R2_CONV] = {"r2_convention", "⟨r²⟩ conv.", "r2 conv.", "", CX_R2_VE, 0, CX_R2_COUNT - 1,
                      1, 0, CX_R2_COUNT - 1, 0.0, ENU, EM, S_CPL,
                      "charge-radius convention: ve (g_p - 2 delta) or giunti (g_p - delta)",
                      r2_labels},
    /* the default is the model's: the mean of the isotopes' default radii */
    [CX_P_RN_ALL] = {"rn_all", "R_n (all)", "R_n(all)", "fm", 4.7, 2.0, 10.0, 0.01, 3.0, 7.0, 0.0,
                     LIN, SM, S_FF, "one neutron radius for every isotope: sets each rn_<isotope>",
                     NULL},
};

const cx_param_info *cx_param_info_get(int id)
{
    if (id < 0 || id >= CX_P_FIXED_COUNT)
        return NULL;
    return &registry[id];
}

int cx_param_lookup(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < CX_P_FIXED_COUNT; i++)
        if (strcmp(registry[i].name, name) == 0)
            return i;
    return -1;
}

int cx_param_parse_value(const cx_param_info *info, const char *text, double *value)
{
    if (!info || !text || !value)
        return CX_EINVAL;
    while (*text == ' ' || *text == '\t')
        text++;
    if (info->scale == CX_SCALE_ENUM && info->labels) {
        for (int i = 0; i <= (int)info->max; i++) {
            if (strcmp(text, info->labels[i]) == 0) {
                *value = i;
                return CX_OK;
            }
        }
    }
    /* the one number grammar (cx_text.h): no hexadecimal, inf or nan */
    double v;
    int st = cx_text_parse_number(text, &v);
    if (st != CX_OK)
        return st; /* CX_ERANGE: overflow, e.g. 1e400 */
    if (info->scale == CX_SCALE_ENUM && v != floor(v))
        return CX_EINVAL;
    if (v < info->min || v > info->max)
        return CX_ERANGE;
    *value = v;
    return CX_OK;
}
