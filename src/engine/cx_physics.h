/* cx_physics.h - constants, flux, form factors, couplings (engine-private).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Units: MeV and fm; cross sections in MeV^-2 until converted with CX_MEV2_TO_CM2. */
#ifndef CEVNSX_CX_PHYSICS_H
#define CEVNSX_CX_PHYSICS_H

#include "cx_internal.h"

/* doc/physics.md section 1 (CODATA 2018 / PDG). */
#define CX_GF 1.1663787e-11            /* Fermi constant, MeV^-2 */
#define CX_ALPHA (1.0 / 137.035999084) /* fine-structure constant */
#define CX_HBARC 197.3269804           /* MeV fm */
#define CX_ME 0.51099895               /* electron mass, MeV */
#define CX_MMU 105.6583755             /* muon mass, MeV */
#define CX_MPI 139.57039               /* charged pion mass, MeV */
#define CX_AMU 931.49410242            /* atomic mass unit, MeV */
#define CX_NA 6.02214076e23            /* Avogadro, mol^-1 */
#define CX_MNUCLEON 938.918754         /* mean nucleon mass (m_p + m_n)/2, MeV (PDG), for g_c */
/* 1 MeV^-2 = (hbar c)^2 fm^2 = (hbar c)^2 1e-26 cm^2 */
#define CX_MEV2_TO_CM2 (CX_HBARC * CX_HBARC * 1e-26)
/* Oscillation phase 1.267 dm2[eV^2] L[m] / E[MeV] (doc/physics.md section 4). */
#define CX_OSC_K 1.267

/* Flavours of the couplings. */
enum { CX_FL_E = 0, CX_FL_MU = 1, CX_FL_TAU = 2 };

/* Flavour whose couplings component c uses (nu_mu, nu_e, anti-nu_mu). */
int cx_comp_flavour(int c);

double cx_flux_ep(void);   /* prompt line energy (m_pi^2 - m_mu^2)/(2 m_pi), MeV */
double cx_flux_emax(void); /* Michel endpoint m_mu/2, MeV */

/* Michel spectrum of delayed component c (CX_NUE or CX_NUMUBAR) as
 * f(E) = coef[0] E^2 + coef[1] E^3 (per MeV, normalised to 1 on [0, m_mu/2]). */
void cx_flux_poly(int c, double coef[2]);
/* Delayed spectrum value f_c(E), per MeV; 0 outside [0, m_mu/2]. */
double cx_flux_density(int c, double e_mev);

/* Moments I_p(e) = integral_e^{Emax} f_c(E) E^p dE for p = 0, -1, -2, -3
 * (out[0..3]); for the prompt line the delta function is used. */
void cx_flux_moments(int c, double e_mev, double out[4]);

/* Nuclear mass in MeV from the atomic mass in u (doc/physics.md section 1). */
double cx_nuclear_mass(int z, double mass_u);

/* Form factors, F(0) = 1. q in fm^-1. The radius argument is the rms radius
 * in fm for every kind (converted to the kind's own geometry). */
double cx_ff(cx_ff_kind kind, double q_fm, double rms_fm);
/* The rms radius of a kind with its default geometry for mass number a. */
double cx_ff_default_rms(cx_ff_kind kind, int a);

/* Acceptance of the detector at recoil T (MeV), in [0, 1]; the threshold
 * step is applied separately by the caller. */
double cx_acceptance(const cx_detector *d, double t_mev);

/* Couplings of one parameter point. */
typedef struct {
    double sin2w;
    double eps_u[3][3], eps_d[3][3]; /* symmetric, tau-tau unused */
    double delta[2];                 /* charge-radius shift per flavour e, mu */
    double r2fac;                    /* g_p shifts by -r2fac delta: 2 (ve) or 1 (giunti) */
    double mu[2];                    /* magnetic moment per flavour, mu_B */
    double s22[2];                   /* sterile amplitude per flavour */
    /* light vector mediator: g_p and g_n of every flavour shift by
     * zp_kappa / (q^2 + zp_m2), zp_kappa = 3 g_nu g_q / (2 sqrt2 G_F) (MeV^2) */
    double zp_kappa, zp_m2;
    double phi_g4, phi_m2; /* light scalar: g^4 and m_phi^2 (MeV^2) */
    double tz[2], tn[2];   /* tensor charges per flavour: 2 eps^uT + eps^dT, eps^uT + 2 eps^dT */
    double lam[2];         /* millicharge: g_p shifts by lam / q^2 (MeV^2), per flavour */
} cx_couplings;

/* Fills c from the parameter array (indexed by cx_param_id). */
void cx_couplings_from_params(const double *par, cx_couplings *c);

/* Quadratic-form coefficients of flavour fl: Q^2 = Z^2 g[0] FZ^2 +
 * 2 Z N g[1] FZ FN + N^2 g[2] FN^2 (doc/physics.md section 4). */
void cx_couplings_quadratic(const cx_couplings *c, int fl, double g[3]);

/* Q^2 of flavour fl for a nucleus (z, n) with form factors fz, fn, straight
 * from the formula (used by the reference path). */
double cx_couplings_q2(const cx_couplings *c, int fl, int z, int n, double fz, double fn);

/* The flavour-preserving proton and neutron couplings of flavour fl at
 * q^2 -> infinity (SM, vector NSI, charge radius): the a and b of Q = Z a F_Z + N b F_N. */
void cx_couplings_charges(const cx_couplings *c, int fl, double *a, double *b);

/* Q^2 of the vector part (SM, NSI, Z', millicharge) at momentum transfer
 * q2 = 2 M T (MeV^2), straight from the formula (reference path). */
double cx_couplings_q2_at(const cx_couplings *c, int fl, int z, int n, double fz, double fn,
                          double q2);

/* Scalar charge squared g^4 Q_phi^2, Q_phi = 15.1 Z F_Z + 14 N F_N (Cerdeno et
 * al., JHEP 05 (2016) 118), and the tensor charge Q_T^2 of flavour fl. */
double cx_scalar_q2(const cx_couplings *c, int z, int n, double fz, double fn);
double cx_tensor_q2(const cx_couplings *c, int fl, int z, int n, double fz, double fn);
#define CX_PHI_QP 15.1 /* scalar charge per proton, Cerdeno et al. (2016) */
#define CX_PHI_QN 14.0 /* and per neutron */

/* sin^2(phi u) averaged over a uniform baseline spread: phid = phi dL / L;
 * phid = 0 gives sin^2(phi u). */
double cx_osc_sin2(double phi, double phid, double u);

/* Charge-radius shift delta = sqrt(2) pi alpha / (3 G_F) <r^2>, r2 in cm^2. */
double cx_charge_radius_shift(double r2_cm2);

#endif
