/* cx_model.h - a detector + flux + cross section + parameters + caches.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: allocate a model for a detector, set parameters, call
 * cx_model_update(), then read totals and spectra. Setting a parameter only
 * marks the cache stages it invalidates (cx_params.h); cx_model_update()
 * recomputes from the earliest dirty stage. A coupling change (sin2w, NSI,
 * magnetic moment, charge radius, sterile mixing) and an exposure change
 * re-evaluate a quadratic form over cached kernels and allocate nothing.
 *
 * Two engines compute the same numbers: CX_ENGINE_FAST (Gauss-Legendre
 * kernels, analytic flux integrals) and CX_ENGINE_REFERENCE (nested GSL
 * adaptive quadrature of the full rate, slow, for validation). */
#ifndef CEVNSX_CX_MODEL_H
#define CEVNSX_CX_MODEL_H

#include <stddef.h>

#include "cx_detector.h"
#include "cx_params.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_model cx_model;

typedef enum { CX_ENGINE_FAST = 0, CX_ENGINE_REFERENCE } cx_engine;

/* Flux components of pion decay at rest. */
typedef enum { CX_NUMU = 0, CX_NUE, CX_NUMUBAR, CX_NCOMP } cx_component;

/* Allocates a model for detector d (which must outlive the model) with the
 * detector's default preset applied, and computes it. Returns NULL and sets
 * *status on failure (CX_ENOMEM, CX_ENUMERIC). */
cx_model *cx_model_alloc(const cx_detector *d, cx_engine engine, int *status);

/* A deep copy sharing only the (immutable) detector. */
cx_model *cx_model_clone(const cx_model *m, int *status);

/* Copies all parameter values and options of src into dst (same detector),
 * marking what changed dirty. Allocates nothing. Returns CX_EINVAL when the
 * detectors differ. */
int cx_model_copy_params(cx_model *dst, const cx_model *src);

/* Frees a model; NULL is allowed. */
void cx_model_free(cx_model *m);

const cx_detector *cx_model_detector(const cx_model *m);
cx_engine cx_model_engine(const cx_model *m);

/* Number of parameters: the fixed ones, one rn_<isotope> per isotope (ids
 * CX_P_RN_BASE + i) and one skin_<isotope> = R_n - R_p per isotope (ids
 * CX_P_RN_BASE + n_isotopes + i; setting a skin sets the radius). */
int cx_model_n_params(const cx_model *m);
/* Registry row for any id of this model (fixed or per-isotope), or NULL. */
const cx_param_info *cx_model_param_info(const cx_model *m, int id);
/* Looks a parameter up by name (fixed or rn_<isotope>); returns id or -1. */
int cx_model_param_lookup(const cx_model *m, const char *name);

/* Sets a parameter. Returns CX_OK, CX_EINVAL (unknown id, NaN or infinity)
 * or CX_ERANGE (outside the registry range); on error nothing changes.
 * Setting CX_P_MU_NU sets both flavour moments. Allocates nothing. */
int cx_model_set_param(cx_model *m, int id, double value);
double cx_model_get_param(const cx_model *m, int id);
/* The value a parameter has under the current preset and detector. */
double cx_model_default_param(const cx_model *m, int id);
/* Resets one parameter (or all when id < 0) to its default. */
int cx_model_reset_param(cx_model *m, int id);

/* Applies a named preset (cx_preset_names()): resets every parameter to the
 * detector's and the preset's defaults. CX_ENOTFOUND for an unknown name. */
int cx_model_apply_preset(cx_model *m, const char *name);
const char *cx_model_preset(const cx_model *m);

/* Recomputes what the parameter changes since the last update invalidated.
 * Returns CX_OK or CX_ENUMERIC (then see cx_model_last_error()). */
int cx_model_update(cx_model *m);
/* The CX_STAGE_* mask waiting for cx_model_update(). */
unsigned cx_model_dirty(const cx_model *m);
/* Change tracking for front ends: a counter that grows with every change of
 * a parameter's value (set, reset, preset, copy), and the counter's value at
 * the last change of parameter id (0: unchanged since the model was made, or
 * an unknown id). A front end keeps the generation a result was computed at
 * and compares. Allocates nothing. */
unsigned long cx_model_generation(const cx_model *m);
unsigned long cx_model_param_generation(const cx_model *m, int id);
/* The stages recomputed by the last cx_model_update() (for tests, stats). */
unsigned cx_model_last_recomputed(const cx_model *m);

/* Results, valid after cx_model_update(). Event counts over the exposure. */
double cx_model_total(const cx_model *m); /* all T above threshold */
double cx_model_total_component(const cx_model *m, cx_component c);
double cx_model_total_isotope(const cx_model *m, size_t iso);
/* Standard Model reference: current detector, nucleus and exposure, but the
 * preset's sin2w and no NSI, electromagnetic or sterile effects. */
double cx_model_total_sm(const cx_model *m);

/* Binned spectrum: n bins (cx_detector_n_bins) of events per bin; edges in
 * the detector's binning unit. Views stay valid until the model is freed. */
size_t cx_model_n_bins(const cx_model *m);
const double *cx_model_bin_edges(const cx_model *m);
const double *cx_model_spectrum(const cx_model *m);
const double *cx_model_spectrum_sm(const cx_model *m);
/* Arrival time (detectors with [timing]; one bin otherwise): the number of
 * time bins, their edges in microseconds (NULL without timing), the events
 * per (energy bin, time bin) cell, row-major [energy][time], and the time
 * projection. The energy projection is cx_model_spectrum(). Without a
 * [response] ROI the total counts every recoil above threshold; with one it
 * is the sum over the cells. */
size_t cx_model_n_time_bins(const cx_model *m);
const double *cx_model_time_edges(const cx_model *m);
const double *cx_model_spectrum_2d(const cx_model *m);
const double *cx_model_spectrum_2d_sm(const cx_model *m);
const double *cx_model_time_spectrum(const cx_model *m);
const double *cx_model_time_spectrum_sm(const cx_model *m);
/* Events in [lo, hi) of the binning unit, summed over whole bins whose
 * edges lie inside; CX_EINVAL when lo or hi is not a bin edge. */
int cx_model_events_between(const cx_model *m, double lo, double hi, double *events);

/* A message about the last failure, "" when none. */
const char *cx_model_last_error(const cx_model *m);

/* Physical constants and helpers that front ends may show. */
double cx_flux_prompt_energy(void); /* E_p of the prompt nu_mu line, MeV */
double cx_flux_endpoint(void);      /* m_mu / 2, MeV */

#ifdef __cplusplus
}
#endif
#endif
