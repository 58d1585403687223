/* cx_internal.h - engine internals shared between engine source files only.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_INTERNAL_H
#define CEVNSX_CX_INTERNAL_H

#include <stddef.h>

#include "cevnsx/cevnsx.h"

#define CX_MAX_ISOTOPES 16
#define CX_NAME_LEN 64

/* Detector response kinds. */
typedef enum {
    CX_RESP_STEP = 0, /* step threshold in keVnr, acceptance 1 above it */
    CX_RESP_LOGISTIC, /* COHERENT CsI 2017: PE = pe_per_kevnr * T; logistic x half-step */
    CX_RESP_GENERAL   /* format 2: quenching, light yield, resolution, efficiency, ROI */
} cx_response_kind;

/* Format-2 response pieces (data/README.md, "[response] kind = general"). */
typedef enum {
    CX_Q_CONSTANT = 0,
    CX_Q_LINEAR,
    CX_Q_POLY,
    CX_Q_TABLE,
    CX_Q_LINDHARD
} cx_quench_kind;
typedef enum { CX_RES_NONE = 0, CX_RES_GAUSS, CX_RES_POISSON, CX_RES_GAMMA } cx_res_kind;
typedef enum {
    CX_EFF_NONE = 0,
    CX_EFF_STEP,         /* 1 from x0 on */
    CX_EFF_LOGISTIC2017, /* a / (1 + exp(-k (x - x0))) x half-step (lo, hi) */
    CX_EFF_LOGISTIC,     /* a / (1 + exp(-b (x - c))) + d */
    CX_EFF_TABLE         /* linear interpolation, end values held outside */
} cx_eff_kind;

typedef struct {
    cx_quench_kind quench;
    double qpar[4];     /* CONSTANT: QF; LINEAR: QF = q0 + q1 T[keVnr];
                         * POLY: E_ee[MeVee] = sum q_k T[MeVnr]^(k+1); LINDHARD: k */
    const double *qtab; /* TABLE: rows T_KEVNR QF (owned by the entries) */
    size_t nq;
    double ly;        /* light yield, PE per keVee (0: none) */
    cx_bin_unit axis; /* reconstructed axis */
    cx_res_kind res;
    double rpar[2]; /* GAUSS: sigma = a sqrt(x) + b x; GAMMA: a/E_ee, b E_ee */
    cx_eff_kind eff;
    double epar[5];
    const double *etab; /* TABLE: rows X EFF */
    size_t ne;
    double roi_lo, roi_hi; /* region of interest on the reconstructed axis */
} cx_response;

/* Beam timing (format 2, [timing]); times in microseconds. */
typedef struct {
    int on;             /* 0: no [timing] section (one time bin, factor 1) */
    double mean, width; /* Gaussian proton pulse; for a table: its weighted
                         * mean and standard deviation (breakpoints, zones) */
    const double *ptab; /* pulse table: rows T_LO T_HI WEIGHT (us), or NULL */
    size_t np;
    double pw_sum;         /* sum of the table's weights */
    double tau_pi, tau_mu; /* lifetimes */
    double lo, hi;         /* arrival-time window [lo, hi) */
    size_t n;              /* time bins */
    double *edges;         /* n + 1 edges, lo .. hi */
    int eff;               /* 0 none, 1 exp_after (a, b): 1 for t < a, exp(-b (t - a)) after */
    double epar[2];
    /* pulse = arrival: measured arrival-time PDFs per time bin, [0] prompt
     * (nu_mu), [1] delayed (nu_e, anti-nu_mu): rows T_LO T_HI P on the time
     * bins, normalised by arr_sum; NULL otherwise */
    const double *arr[2];
    double arr_sum[2];
} cx_timing;

typedef struct {
    char name[CX_NAME_LEN]; /* "Cs133" */
    int z, a;
    double mass_u; /* atomic mass, u */
    double count;  /* atoms per formula unit times abundance */
} cx_isotope;

/* A generic "section.key" entry of a detector file: a scalar value (string) or
 * a table of numeric rows from a repeated key. */
typedef struct {
    char key[2 * CX_NAME_LEN]; /* "section.key" */
    char *text;                /* scalar: the raw value text (units included) */
    double *rows;              /* table: nrows x ncols, NULL for scalars */
    size_t nrows, ncols;
    int line;      /* first line where it appeared */
    int *row_line; /* table: the line of every row */
} cx_entry;

struct cx_detector {
    char id[CX_NAME_LEN];
    char name[256];
    char *citation; /* never NULL after load ("" when absent) */
    char preset[CX_NAME_LEN];
    char stat[CX_NAME_LEN];
    double mass_kg;
    double baseline_m;
    double threshold_kevnr;
    double efficiency;

    size_t n_iso;
    cx_isotope iso[CX_MAX_ISOTOPES];

    cx_response_kind response;
    double pe_per_kevnr;           /* LOGISTIC only, PE per keVnr */
    double acc_a, acc_k, acc_x0;   /* acceptance a / (1 + exp(-k (x - x0))), x in PE */
    double step_lo_pe, step_hi_pe; /* H(x) = 0 below lo, 1/2 in [lo, hi), 1 from hi */

    int version;               /* format version of the file (1 or 2) */
    double pot, nu_per_proton; /* [exposure]; 0 when not given (registry defaults) */
    cx_response resp;          /* GENERAL only */
    cx_timing timing;

    cx_bin_unit bin_unit;
    size_t n_bins;
    double *edges; /* n_bins + 1 edges in bin_unit, increasing */

    size_t n_entries;
    cx_entry *entries; /* every key of the file, for cx_detector_number/table */
};

/* Formats a one-line message into err (size errlen; nothing when err is NULL
 * or errlen is 0). */
void cx_set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
