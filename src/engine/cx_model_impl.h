/* cx_model_impl.h - the layout of cx_model (engine-private).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_MODEL_IMPL_H
#define CEVNSX_CX_MODEL_IMPL_H

#include <gsl/gsl_integration.h>

#include "cx_internal.h"
#include "cx_physics.h"

#define CX_NPARAMS (CX_P_FIXED_COUNT + 2 * CX_MAX_ISOTOPES) /* fixed, rn_<iso>, skin_<iso> */
#define REF_LIMIT 4000       /* subintervals of the reference path's outer integrations */
#define REF_LIMIT_INNER 4000 /* and of its inner ones */

/* Kernel kinds: weak Z^2 FZ^2, ZN FZ FN, N^2 FN^2 parts and the magnetic part. */
enum { CX_K_ZZ = 0, CX_K_ZN, CX_K_NN, CX_K_EM, CX_K_COUNT };

/* Kernels of the extensions (doc/physics.md section 5): for each q-dependent
 * factor u the three form-factor products ZZ (F_Z^2), ZN (F_Z F_N), NN (F_N^2).
 * The vector ones carry the weak weight times P = 1/(q^2 + m_Z'^2), P^2,
 * R = 1/q^2 (millicharge), P R and R^2; XU_S the scalar weight times
 * 1/(q^2 + m_phi^2)^2; XU_T the tensor weight. */
enum { CX_XU_P = 0, CX_XU_PP, CX_XU_R, CX_XU_PR, CX_XU_RR, CX_XU_S, CX_XU_T, CX_XU_COUNT };
#define CX_XK_COUNT (3 * CX_XU_COUNT)

/* Integration nodes of one isotope, in the variable e = sqrt(M T / 2) (the
 * smallest neutrino energy that can give recoil T; MeV). Weights hold the
 * Gauss-Legendre weight, the Jacobian dT/de and the acceptance. */
typedef struct {
    size_t cap, n;
    double *e;                             /* MeV, increasing */
    double *w;                             /* MeV (dT measure times acceptance) */
    int *bin;                              /* spectrum bin, or -1 outside the binned range */
    double *wk[CX_NCOMP], *we[CX_NCOMP];   /* weak and EM weights, cm^2 per unit coupling */
    double *wko[CX_NCOMP], *weo[CX_NCOMP]; /* the same with sin^2 of the oscillation phase */
    double *ws[CX_NCOMP], *wt[CX_NCOMP];   /* scalar (without the propagator) and tensor */
    double *wso[CX_NCOMP], *wto[CX_NCOMP]; /* the same with sin^2 of the oscillation phase */
    double *fz, *fn;                       /* form factors at the nodes */
    double *resp; /* general response: [node][bin] reconstruction probabilities */
    double *rsum; /* their sum over the bins, per node */
    double m_mev; /* nuclear mass */
    int z, n_neut, a;
} cx_iso_nodes;

typedef struct {
    int iso;
    int node;
} cx_node_ref;

struct cx_model {
    const cx_detector *det;
    cx_engine engine;
    int preset; /* index into cx_preset_names() */
    double par[CX_NPARAMS];
    cx_param_info rn_info[CX_MAX_ISOTOPES];
    char rn_name[CX_MAX_ISOTOPES][CX_NAME_LEN + 8];
    char rn_symbol[CX_MAX_ISOTOPES][CX_NAME_LEN + 8];
    /* neutron skins R_n - R_p, a second view of the radii (ids after the rn block) */
    cx_param_info skin_info[CX_MAX_ISOTOPES];
    char skin_name[CX_MAX_ISOTOPES][CX_NAME_LEN + 8];
    char skin_symbol[CX_MAX_ISOTOPES][CX_NAME_LEN + 12];
    unsigned dirty, last;
    unsigned long gen;                 /* grows with every change of a value */
    unsigned long par_gen[CX_NPARAMS]; /* gen of each parameter's last change */
    int sm_dirty;                      /* the SM reference must be re-evaluated */
    unsigned ff_mask;                  /* isotopes whose form factors must be recomputed */
    char err[256];

    size_t n_iso, n_bins;
    double md_g_per_mol; /* molar mass of one formula unit */
    const double *edges; /* detector's bin edges */

    /* fast engine */
    gsl_integration_glfixed_table *gl, *gl_e;
    double *brk; /* breakpoint scratch, panel_capacity() */
    cx_iso_nodes nodes[CX_MAX_ISOTOPES];
    cx_node_ref *order; /* all nodes of all isotopes by decreasing e */
    size_t n_order, cap_order;
    double *kern; /* [iso][comp][bin (n_bins = total)][osc 0/1][CX_K_COUNT] */
    double *kfl;  /* bin-kernel matrix, flavours summed: [bin][osc][iso][e, mu][kind] */
    /* extension kernels, the same layouts with CX_XK_COUNT kinds; computed only
     * while an extension coupling is on (xk_valid: they match the cache) */
    double *xkern, *xkfl;
    int xk_valid;

    /* beam timing: per flux component the fraction of its arrival-time
     * density in each time bin (times the time efficiency); 1 without timing */
    size_t n_t;
    double *tfac; /* [CX_NCOMP][n_t] */
    double tfac_tot[CX_NCOMP];

    /* reference engine */
    gsl_integration_workspace *ws_outer, *ws_inner, *ws_smear;

    /* results */
    double *spec, *spec_sm;     /* energy projection */
    double *spec2d, *spec2d_sm; /* [energy bin][time bin] */
    double *tspec, *tspec_sm;   /* time projection */
    double total, total_sm;
    double comp_total[CX_NCOMP];
    double iso_total[CX_MAX_ISOTOPES];
};

/* Reference path: recomputes every result of m by nested adaptive quadrature. */
int cx_reference_compute(cx_model *m);

/* Shared helpers of both paths. */
double cx_model_eta_cm2(const cx_model *m);                /* neutrinos per cm^2 per flavour */
double cx_model_targets(const cx_model *m, size_t iso);    /* nuclei of isotope iso */
double cx_model_bin_t_mev(const cx_model *m, double edge); /* bin edge -> recoil T, MeV */
double cx_model_t_start(const cx_model *m);                /* lowest recoil with acceptance, MeV */
double cx_model_rn(const cx_model *m, size_t iso);

#endif
