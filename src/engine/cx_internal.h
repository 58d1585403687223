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
    CX_RESP_LOGISTIC  /* COHERENT CsI 2017: PE = pe_per_kevnr * T; logistic x half-step */
} cx_response_kind;

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
    int line;                  /* first line where it appeared */
} cx_entry;

struct cx_detector {
    char id[CX_NAME_LEN];
    char name[256];
    char *citation;        /* never NULL after load ("" when absent) */
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

    cx_bin_unit bin_unit;
    size_t n_bins;
    double *edges; /* n_bins + 1 edges in bin_unit, increasing */

    size_t n_entries;
    cx_entry *entries; /* every key of the file, for cx_detector_number/table */
};

#endif
