/* cx_physics.c - flux, form factors, acceptance and couplings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cx_physics.h"

#include <math.h>

int cx_comp_flavour(int c)
{
    return c == CX_NUE ? CX_FL_E : CX_FL_MU;
}

double cx_flux_ep(void)
{
    return (CX_MPI * CX_MPI - CX_MMU * CX_MMU) / (2.0 * CX_MPI);
}

double cx_flux_emax(void)
{
    return 0.5 * CX_MMU;
}

double cx_flux_prompt_energy(void)
{
    return cx_flux_ep();
}

double cx_flux_endpoint(void)
{
    return cx_flux_emax();
}

/* nu_e:      f = (192/m)(E/m)^2 (1/2 - E/m) = (96/m^3) E^2 - (192/m^4) E^3
 * anti-nu_mu: f = (64/m)(E/m)^2 (3/4 - E/m) = (48/m^3) E^2 - (64/m^4) E^3 */
void cx_flux_poly(int c, double coef[2])
{
    const double m = CX_MMU, m3 = m * m * m, m4 = m3 * m;
    if (c == CX_NUE) {
        coef[0] = 96.0 / m3;
        coef[1] = -192.0 / m4;
    } else if (c == CX_NUMUBAR) {
        coef[0] = 48.0 / m3;
        coef[1] = -64.0 / m4;
    } else {
        coef[0] = coef[1] = 0.0;
    }
}

double cx_flux_density(int c, double e)
{
    double k[2];
    if (e < 0.0 || e > cx_flux_emax())
        return 0.0;
    cx_flux_poly(c, k);
    return e * e * (k[0] + k[1] * e);
}

/* integral_a^b E^j dE */
static double power_integral(int j, double a, double b)
{
    if (j == -1)
        return (a > 0.0) ? log(b / a) : 0.0;
    double p = j + 1;
    return (pow(b, p) - pow(a, p)) / p;
}

void cx_flux_moments(int c, double e, double out[4])
{
    if (c == CX_NUMU) {
        const double ep = cx_flux_ep();
        for (int i = 0; i < 4; i++)
            out[i] = (e < ep) ? pow(ep, -i) : 0.0;
        return;
    }
    const double emax = cx_flux_emax();
    if (e >= emax) {
        out[0] = out[1] = out[2] = out[3] = 0.0;
        return;
    }
    if (e < 0.0)
        e = 0.0;
    double k[2];
    cx_flux_poly(c, k);
    for (int i = 0; i < 4; i++) {
        /* f E^p = k0 E^(2+p) + k1 E^(3+p), p = -i */
        if (i == 3 && e <= 0.0) {
            out[i] = 0.0; /* only ever multiplied by e^2: e^2 log e -> 0 */
            continue;
        }
        out[i] = k[0] * power_integral(2 - i, e, emax) + k[1] * power_integral(3 - i, e, emax);
    }
}

double cx_nuclear_mass(int z, double mass_u)
{
    return mass_u * CX_AMU - z * CX_ME;
}

/* 3 j1(x) / x, with its Taylor series where the closed form cancels. */
static double j1_ratio(double x)
{
    if (fabs(x) < 0.05) {
        double x2 = x * x;
        return 1.0 - x2 / 10.0 + x2 * x2 / 280.0 - x2 * x2 * x2 / 15120.0;
    }
    return 3.0 * (sin(x) - x * cos(x)) / (x * x * x);
}

/* Default geometries, doc/physics.md section 4. */
#define HELM_S 0.5    /* fm */
#define HELM_LS_S 0.9 /* fm, Lewin & Smith, Astropart. Phys. 6 (1996) 87 */
#define SF_A 0.52     /* fm */
#define KN_AK 0.7     /* fm */

static double helm_r(int a)
{
    return 1.2 * cbrt((double)a);
}
static double sf_c(int a)
{
    return 1.23 * cbrt((double)a) - 0.6;
}

double cx_ff_default_rms(cx_ff_kind kind, int a)
{
    const double pi2 = M_PI * M_PI;
    switch (kind) {
    case CX_FF_HELM: {
        double r = helm_r(a), r02 = r * r - 5.0 * HELM_S * HELM_S;
        return sqrt(0.6 * r02 + 3.0 * HELM_S * HELM_S);
    }
    case CX_FF_HELM_LS: {
        double c = sf_c(a);
        double r02 = c * c + (7.0 / 3.0) * pi2 * SF_A * SF_A - 5.0 * HELM_LS_S * HELM_LS_S;
        return sqrt(0.6 * r02 + 3.0 * HELM_LS_S * HELM_LS_S);
    }
    case CX_FF_SFERMI: {
        double c = sf_c(a);
        return sqrt(0.6 * c * c + 1.4 * pi2 * SF_A * SF_A);
    }
    case CX_FF_KN: {
        double r = helm_r(a);
        return sqrt(0.6 * r * r + 6.0 * KN_AK * KN_AK);
    }
    default: return 0.0;
    }
}

static double helm(double q, double rms, double s)
{
    double r02 = (5.0 / 3.0) * (rms * rms - 3.0 * s * s);
    double r0 = r02 > 0.0 ? sqrt(r02) : 0.0;
    return j1_ratio(q * r0) * exp(-0.5 * q * q * s * s);
}

/* Symmetrised Fermi in closed form (Sprung & Martorell, J. Phys. A 30 (1997) 6525). */
static double sfermi(double q, double rms)
{
    const double pi2 = M_PI * M_PI;
    double c2 = (5.0 / 3.0) * (rms * rms - 1.4 * pi2 * SF_A * SF_A);
    double c = c2 > 0.0 ? sqrt(c2) : 0.0;
    double x = q * c, y = M_PI * q * SF_A;
    if (x * x + y * y < 1e-4) /* 1 - q^2 <r^2>/6: the closed form cancels here */
        return 1.0 - q * q * rms * rms / 6.0;
    if (y > 300.0)
        return 0.0; /* y / sinh(y) underflows; F is utterly negligible */
    double ys = (y > 0.0) ? y / sinh(y) : 1.0;
    double yt = (y > 0.0) ? y / tanh(y) : 1.0;
    return 3.0 / (x * (x * x + y * y)) * ys * (yt * sin(x) - x * cos(x));
}

static double klein_nystrand(double q, double rms)
{
    double ra2 = (5.0 / 3.0) * (rms * rms - 6.0 * KN_AK * KN_AK);
    double ra = ra2 > 0.0 ? sqrt(ra2) : 0.0;
    return j1_ratio(q * ra) / (1.0 + q * q * KN_AK * KN_AK);
}

double cx_ff(cx_ff_kind kind, double q, double rms)
{
    switch (kind) {
    case CX_FF_HELM: return helm(q, rms, HELM_S);
    case CX_FF_HELM_LS: return helm(q, rms, HELM_LS_S);
    case CX_FF_SFERMI: return sfermi(q, rms);
    case CX_FF_KN: return klein_nystrand(q, rms);
    default: return 1.0;
    }
}

double cx_acceptance(const cx_detector *d, double t)
{
    if (d->response != CX_RESP_LOGISTIC)
        return 1.0;
    double x = d->pe_per_kevnr * t * 1e3; /* PE */
    double h = x < d->step_lo_pe ? 0.0 : (x < d->step_hi_pe ? 0.5 : 1.0);
    if (h == 0.0)
        return 0.0;
    return h * d->acc_a / (1.0 + exp(-d->acc_k * (x - d->acc_x0)));
}

double cx_charge_radius_shift(double r2_cm2)
{
    /* <r^2> in MeV^-2 = r2 [cm^2] * 1e26 fm^2/cm^2 / (hbar c)^2 */
    double r2 = r2_cm2 / CX_MEV2_TO_CM2;
    return sqrt(2.0) * M_PI * CX_ALPHA / (3.0 * CX_GF) * r2;
}

void cx_couplings_from_params(const double *p, cx_couplings *c)
{
    c->sin2w = p[CX_P_SIN2W];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            c->eps_u[i][j] = c->eps_d[i][j] = 0.0;
#define SETEPS(a, b, pu, pd)                                                                       \
    do {                                                                                           \
        c->eps_u[a][b] = p[pu];                                                                    \
        c->eps_u[b][a] = p[pu];                                                                    \
        c->eps_d[a][b] = p[pd];                                                                    \
        c->eps_d[b][a] = p[pd];                                                                    \
    } while (0)
    SETEPS(CX_FL_E, CX_FL_E, CX_P_EPS_EE_U, CX_P_EPS_EE_D);
    SETEPS(CX_FL_MU, CX_FL_MU, CX_P_EPS_MUMU_U, CX_P_EPS_MUMU_D);
    SETEPS(CX_FL_E, CX_FL_MU, CX_P_EPS_EMU_U, CX_P_EPS_EMU_D);
    SETEPS(CX_FL_E, CX_FL_TAU, CX_P_EPS_ETAU_U, CX_P_EPS_ETAU_D);
    SETEPS(CX_FL_MU, CX_FL_TAU, CX_P_EPS_MUTAU_U, CX_P_EPS_MUTAU_D);
#undef SETEPS
    c->delta[0] = cx_charge_radius_shift(p[CX_P_R2_NU_E]);
    c->delta[1] = cx_charge_radius_shift(p[CX_P_R2_NU_MU]);
    c->r2fac = p[CX_P_R2_CONV] == CX_R2_GIUNTI ? 1.0 : 2.0;
    c->mu[0] = p[CX_P_MU_NU_E];
    c->mu[1] = p[CX_P_MU_NU_MU];
    c->s22[0] = p[CX_P_S22_E];
    c->s22[1] = p[CX_P_S22_MU];
    /* Z': epsilon^q = g_nu g_q / (2 sqrt2 G_F (q^2 + m^2)) with g_u = g_d, so
     * 2 eps^u + eps^d = eps^u + 2 eps^d = 3 eps (doc/physics.md section 4,
     * "Light vector mediator") */
    double g = p[CX_P_ZP_G];
    double gnq = p[CX_P_ZP_MODEL] == CX_ZP_B_L ? -g * g / 3.0 : g * g;
    c->zp_kappa = 3.0 * gnq / (2.0 * sqrt(2.0) * CX_GF);
    c->zp_m2 = p[CX_P_ZP_MASS] * p[CX_P_ZP_MASS];
    double gp = p[CX_P_PHI_G];
    c->phi_g4 = gp * gp * gp * gp;
    c->phi_m2 = p[CX_P_PHI_MASS] * p[CX_P_PHI_MASS];
    c->tz[0] = 2.0 * p[CX_P_EPST_EE_U] + p[CX_P_EPST_EE_D];
    c->tn[0] = p[CX_P_EPST_EE_U] + 2.0 * p[CX_P_EPST_EE_D];
    c->tz[1] = 2.0 * p[CX_P_EPST_MUMU_U] + p[CX_P_EPST_MUMU_D];
    c->tn[1] = p[CX_P_EPST_MUMU_U] + 2.0 * p[CX_P_EPST_MUMU_D];
    /* millicharge: g_p -> g_p + (2 sqrt2 pi alpha / G_F) q_nu / q^2 (Cadeddu et
     * al., PRD 102 (2020) 015030), q_nu in units of e */
    const double kq = 2.0 * sqrt(2.0) * M_PI * CX_ALPHA / CX_GF;
    c->lam[0] = kq * p[CX_P_Q_NU_E];
    c->lam[1] = kq * p[CX_P_Q_NU_MU];
}

/* Proton- and neutron-side couplings of the flavour-preserving term (a, b) and
 * of the flavour-changing terms towards beta (cz[beta], cn[beta]). */
static void charges(const cx_couplings *c, int fl, double *a, double *b, double cz[3], double cn[3])
{
    double gp = 0.5 - 2.0 * c->sin2w, gn = -0.5;
    *a = gp + 2.0 * c->eps_u[fl][fl] + c->eps_d[fl][fl] - c->r2fac * c->delta[fl];
    *b = gn + c->eps_u[fl][fl] + 2.0 * c->eps_d[fl][fl];
    for (int be = 0; be < 3; be++) {
        if (be == fl) {
            cz[be] = cn[be] = 0.0;
            continue;
        }
        cz[be] = 2.0 * c->eps_u[fl][be] + c->eps_d[fl][be];
        cn[be] = c->eps_u[fl][be] + 2.0 * c->eps_d[fl][be];
    }
}

void cx_couplings_charges(const cx_couplings *c, int fl, double *a, double *b)
{
    double cz[3], cn[3];
    charges(c, fl, a, b, cz, cn);
}

void cx_couplings_quadratic(const cx_couplings *c, int fl, double g[3])
{
    double a, b, cz[3], cn[3];
    charges(c, fl, &a, &b, cz, cn);
    g[0] = a * a;
    g[1] = a * b;
    g[2] = b * b;
    for (int be = 0; be < 3; be++) {
        g[0] += cz[be] * cz[be];
        g[1] += cz[be] * cn[be];
        g[2] += cn[be] * cn[be];
    }
}

double cx_couplings_q2(const cx_couplings *c, int fl, int z, int n, double fz, double fn)
{
    double a, b, cz[3], cn[3];
    charges(c, fl, &a, &b, cz, cn);
    double t = z * a * fz + n * b * fn, q2 = t * t;
    for (int be = 0; be < 3; be++) {
        if (be == fl)
            continue;
        double u = z * cz[be] * fz + n * cn[be] * fn;
        q2 += u * u;
    }
    return q2;
}

double cx_couplings_q2_at(const cx_couplings *c, int fl, int z, int n, double fz, double fn,
                          double q2)
{
    double a, b, cz[3], cn[3];
    charges(c, fl, &a, &b, cz, cn);
    if (c->zp_kappa != 0.0) {
        double s = c->zp_kappa / (q2 + c->zp_m2);
        a += s;
        b += s;
    }
    if (c->lam[fl] != 0.0)
        a += c->lam[fl] / q2;
    double t = z * a * fz + n * b * fn, r = t * t;
    for (int be = 0; be < 3; be++) {
        if (be == fl)
            continue;
        double u = z * cz[be] * fz + n * cn[be] * fn;
        r += u * u;
    }
    return r;
}

double cx_scalar_q2(const cx_couplings *c, int z, int n, double fz, double fn)
{
    double q = CX_PHI_QP * z * fz + CX_PHI_QN * n * fn;
    return c->phi_g4 * q * q;
}

double cx_tensor_q2(const cx_couplings *c, int fl, int z, int n, double fz, double fn)
{
    double q = z * c->tz[fl] * fz + n * c->tn[fl] * fn;
    return q * q;
}

double cx_osc_sin2(double phi, double phid, double u)
{
    if (phid == 0.0) {
        double s = sin(phi * u);
        return s * s;
    }
    /* <sin^2(k L u)> over L in [L0 - dL/2, L0 + dL/2]
     * = 1/2 - cos(2 phi u) sin(phid u) / (2 phid u) */
    double x = phid * u;
    double sinc = fabs(x) < 1e-4 ? 1.0 - x * x / 6.0 : sin(x) / x;
    return 0.5 - 0.5 * cos(2.0 * phi * u) * sinc;
}
