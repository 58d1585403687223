/* cx_chi2.h - chi-squared models with pull terms, and fits over several
 * detectors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chi2 model (cx_chi2_def) is a set of three functions with one signature
 * per role and a void *user_data, found by name (cx_chi2_lookup); a caller
 * can define more and pass them to cx_chi2_alloc(). A cx_chi2 binds a model
 * to one detector: it reads the detector's data and fit settings once, then
 * cx_chi2_eval() evaluates chi2 of any updated cx_model of that detector.
 * Nuisance parameters (normalisation pulls) are minimised exactly.
 *
 * Built-in models (doc/physics.md section 6):
 *  "single-bin" COHERENT 2017 counting fit (detector [fit] n_meas, b_on, b_ss):
 *               chi2 = (N_meas - N_th - B_on)^2
 *                      / (N_meas + 2 B_ss + B_on + (s_a N_th)^2 + (s_b B_on)^2),
 *               N_th the total over all PE, or over the analysis window
 *               (cx_chi2_opts.window) when asked.
 *  "forecast"   Asimov fit: chi2 = (N_SM - N_th)^2
 *                      / (N_exp + (s_a N_th)^2 + (s_b N_bg)^2),
 *               N_bg = f_bg N_SM, N_exp = N_SM + N_bg; N_SM is the model's
 *               Standard Model total when the cx_chi2 was allocated.
 *  "spectral"   shape fit to the csi2017 data per 2-PE bin i in the window:
 *               chi2 = min_{a,b} sum_i (O_i - (1+a) N_i - (1+b) B_i)^2 / s_i^2
 *                      + (a/s_a)^2 + (b/s_b)^2,  s_i^2 = C_i + AC_i + B_i,
 *               O_i = C_i - AC_i (beam on, t < 6 us), B_i the prompt-neutron
 *               background (detector [data] neutron table x acceptance at
 *               1-PE bin centres x exposure_gwh x neutron_t6_fraction).
 *  "poisson"    binned Poisson likelihood over the detector's data grid (energy
 *               x arrival time x F90), Baker-Cousins form
 *               chi2 = 2 sum_i [mu_i - n_i + n_i ln(n_i/mu_i)]
 *                      + (a/s_a)^2 + sum_k (b_k/s_k)^2 + sum_j t_j^2,
 *               mu_i = (1+a) S_i + sum_k (1+b_k) B_ki + sum_j t_j D_ji, the
 *               templates B_k and their s_k from [background] (csi2017: the
 *               release grids), shape systematics D_j; all pulls profiled.
 *  "asimov"     the same likelihood on the Standard Model expectation (every
 *               detector; without templates the background is f_bg S_SM,
 *               with pull s_b).
 * s_a, s_b and f_bg are read from the model (CX_P_SIGMA_ALPHA, CX_P_SIGMA_BETA,
 * CX_P_BKG_FRAC) at every evaluation; s = 0 fixes that pull at zero. */
#ifndef CEVNSX_CX_CHI2_H
#define CEVNSX_CX_CHI2_H

#include <stddef.h>

#include "cx_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options of a chi2 model; zero-initialise and set what you need. */
typedef struct {
    int window;       /* single-bin: count N_th only in [window_lo, window_hi) */
    double window_lo; /* binning unit (PE for csi2017); 0 with hi 0 = the [fit] */
    double window_hi; /*   keys window_lo_pe/window_hi_pe, else 6 and 30 PE */
} cx_chi2_opts;

/* Prepares user data for detector of model m (which is updated). Writes a
 * one-line reason into err and returns CX_EINVAL when the detector cannot use
 * this model (missing data), CX_ENOMEM on allocation failure. */
typedef int (*cx_chi2_init_fn)(const cx_model *m, const cx_chi2_opts *opts, void **user_data,
                               char *err, size_t errlen);
/* Evaluates chi2 of the updated model m; user_data is only read, so one
 * cx_chi2 may serve several models of the same detector. */
typedef int (*cx_chi2_eval_fn)(const cx_model *m, const void *user_data, double *chi2);
/* Frees user data; NULL must be accepted. */
typedef void (*cx_chi2_free_fn)(void *user_data);

/* A chi2 model: name, one-line help and its three functions. */
typedef struct {
    const char *name;
    const char *help;
    cx_chi2_init_fn init;
    cx_chi2_eval_fn eval;
    cx_chi2_free_fn free;
} cx_chi2_def;

/* The built-in model called name, or NULL. */
const cx_chi2_def *cx_chi2_lookup(const char *name);
/* The i-th built-in model (for listing and completion), NULL past the end. */
const cx_chi2_def *cx_chi2_builtin(size_t i);

typedef struct cx_chi2 cx_chi2;

/* Binds def to the detector of model m (m must be updated; only read).
 * opts may be NULL. Returns NULL and sets *status (CX_EINVAL, CX_ENOMEM)
 * with a one-line message in err (errlen bytes, may be 0) on failure. */
cx_chi2 *cx_chi2_alloc(const cx_chi2_def *def, const cx_model *m, const cx_chi2_opts *opts,
                       int *status, char *err, size_t errlen);
/* As cx_chi2_alloc() with a built-in model by name; NULL or "" means the
 * detector's default (cx_detector_stat(), else "forecast"). CX_ENOTFOUND for
 * an unknown name. */
cx_chi2 *cx_chi2_alloc_name(const char *name, const cx_model *m, const cx_chi2_opts *opts,
                            int *status, char *err, size_t errlen);
/* Frees; NULL is allowed. */
void cx_chi2_free(cx_chi2 *c);
/* Re-binds c to the updated model m of the same detector after an exposure
 * change (the forecast's Asimov data follow the exposure), in place and
 * without allocating. CX_OK; CX_EINVAL (other detector, no Standard Model
 * events); CX_ENOTFOUND for a model that must be allocated again
 * (cx_chi2_alloc), not a built-in one. A message in err (may be NULL). */
int cx_chi2_rebind(cx_chi2 *c, const cx_model *m, char *err, size_t errlen);

/* chi2 of the updated model m (same detector as at allocation). Returns
 * CX_OK, CX_EINVAL (other detector) or CX_ENUMERIC (singular system). */
int cx_chi2_eval(const cx_chi2 *c, const cx_model *m, double *chi2);
const char *cx_chi2_name(const cx_chi2 *c);
const cx_detector *cx_chi2_detector(const cx_chi2 *c);

/* ---- closed forms and helpers (used by the models, exposed for tests) ---- */

/* Single-bin chi2 minimised over both pulls (doc/physics.md section 6). */
double cx_chi2_single_bin(double n_meas, double n_th, double b_on, double b_ss, double sigma_a,
                          double sigma_b);
/* Asimov forecast chi2 minimised over both pulls (doc/physics.md section 6). */
double cx_chi2_forecast(double n_sm, double n_th, double bkg_frac, double sigma_a, double sigma_b);
/* min over (a, b) of sum_i (o_i - (1+a) n_i - (1+b) b_i)^2 / s2_i + (a/sa)^2
 * + (b/sb)^2 over n bins, solved exactly (2x2 linear system); sa or sb = 0
 * fixes that pull at 0. Optionally returns the minimising pulls (a, b may be
 * NULL). Returns CX_OK, CX_EINVAL (s2_i <= 0, negative sigma) or CX_ENUMERIC. */
int cx_chi2_pulls(size_t n, const double *o, const double *sig, const double *bkg, const double *s2,
                  double sigma_a, double sigma_b, double *chi2, double *a, double *b);

/* The standard forecast scenarios 1-4 (doc/physics.md section 6): efficiency,
 * sigma_alpha, sigma_beta and background fraction. CX_EINVAL for other k. */
int cx_chi2_scenario(int k, double *eff, double *sigma_a, double *sigma_b, double *bkg_frac);
/* Sets scenario k's four parameters on model m (update it afterwards). */
int cx_chi2_apply_scenario(cx_model *m, int k);

/* Delta chi2 threshold for a confidence level in percent (68, 90, 95, 99;
 * conventional rounded values, e.g. 2.71 and 4.61 at 90 %) and ndof 1 or 2.
 * Returns the threshold, or 0 for an unsupported combination. */
double cx_chi2_dchi2_for_cl(double cl_percent, int ndof);

/* ---- the binned Poisson likelihood (models "poisson" and "asimov") ------ */

#define CX_POISSON_MAX_NUIS 24     /* nuisances of one (joint) evaluation */
#define CX_POISSON_NAME_LEN 64     /* "csi2021:brn" */
#define CX_POISSON_MAX_DETECTORS 8 /* detectors of one joint evaluation */

/* Baker-Cousins chi2 of n bins without pulls: 2 sum [mu - n + n ln(n/mu)].
 * CX_ERANGE when mu_i = 0 where n_i > 0 (the data cannot come from this
 * model), CX_EINVAL for negative entries. */
int cx_poisson_chi2(size_t n, const double *obs, const double *mu, double *chi2);
/* min over x of that chi2 with mu_i = base_i + sum_k x_k a[k][i] plus
 * sum_k (x_k/sigma_k)^2, by Newton's method on the analytic gradient and
 * Hessian; sigma_k = 0 keeps x_k at its start value, INFINITY leaves it free
 * without penalty. x holds the start (k values) and receives the minimum.
 * CX_ERANGE as above (at the start), CX_ENUMERIC when it does not converge. */
int cx_poisson_profile(size_t n, const double *obs, const double *base, size_t k,
                       const double *const *a, const double *sigma, double *x, double *chi2);

/* How the CEvNS normalisation a enters an evaluation. */
enum {
    CX_POISSON_SIGNAL_PULL = 0, /* a nuisance with penalty (a/s_a)^2 (default) */
    CX_POISSON_SIGNAL_FREE,     /* fitted without penalty (the fit command) */
    CX_POISSON_SIGNAL_FIXED     /* held at signal_value */
};
typedef struct {
    int signal;
    double signal_value;
} cx_poisson_opts;

/* The profiled result: chi2 at the minimum, the bins used, every nuisance
 * by name with its pull (a fraction for normalisations, standard deviations
 * for shape systematics) and its sigma (0 fixed, INFINITY free), the CEvNS
 * events of the model over the bins and after the fit ((1 + a) S). */
typedef struct {
    double chi2;
    size_t n_bins, n_nuis;
    char name[CX_POISSON_MAX_NUIS][CX_POISSON_NAME_LEN];
    double pull[CX_POISSON_MAX_NUIS], sigma[CX_POISSON_MAX_NUIS];
    double signal_model, signal_events;
} cx_poisson_result;

/* 1 when c is a "poisson" or "asimov" model. */
int cx_chi2_is_poisson(const cx_chi2 *c);
/* Evaluates n poisson/asimov chi2 on their updated models together: one
 * chi2, nuisances a detector file declares shared ([fit] shared_NAME =
 * SIGMA) fitted once, the others per detector ("ID:NAME" when n > 1).
 * opts may be NULL, res may be NULL. CX_EINVAL for another kind of model or
 * another detector, CX_ERANGE when the model predicts no events in a bin
 * with counts. */
int cx_chi2_poisson_eval(size_t n, const cx_chi2 *const *c, const cx_model *const *m,
                         const cx_poisson_opts *opts, double *chi2, cx_poisson_result *res);

/* ---- a fit over several detectors ------------------------------------- */

/* n experiments, each a private copy of a model plus a chi2 bound to its
 * detector; chi2 adds over experiments, each with its own pulls. Parameters
 * are addressed by handles valid for every experiment (a name like rn_Cs133
 * must exist in all of them). */
typedef struct cx_chi2_fit cx_chi2_fit;

#define CX_CHI2_FIT_MAX_PARAMS 64 /* distinct parameter names one fit can address */

/* Clones models[0..n-1] (all allocation happens here); chi2[i] is borrowed
 * and must outlive the fit. NULL with *status on failure (CX_EINVAL when a
 * chi2 belongs to another detector, CX_ENOMEM). */
cx_chi2_fit *cx_chi2_fit_alloc(size_t n, const cx_model *const *models, const cx_chi2 *const *chi2,
                               int *status);
void cx_chi2_fit_free(cx_chi2_fit *f);
size_t cx_chi2_fit_n(const cx_chi2_fit *f);
/* The fit's private model of experiment i (read it, do not free it). */
cx_model *cx_chi2_fit_model(cx_chi2_fit *f, size_t i);
/* The chi2 of experiment i (borrowed at allocation), NULL past the end. */
const cx_chi2 *cx_chi2_fit_chi2(const cx_chi2_fit *f, size_t i);
/* Copies the parameters of src into the private model i (no allocation). */
int cx_chi2_fit_sync(cx_chi2_fit *f, size_t i, const cx_model *src);
/* Resolves a parameter name into a handle (*handle >= 0). CX_ENOTFOUND when
 * some experiment lacks it, CX_ERANGE when the handle table is full. */
int cx_chi2_fit_param(cx_chi2_fit *f, const char *name, int *handle);
/* Registry row of a handle (from the first experiment). */
const cx_param_info *cx_chi2_fit_param_info(const cx_chi2_fit *f, int handle);
/* Sets a parameter in every experiment (CX_ERANGE outside the registry range;
 * nothing changes then). */
int cx_chi2_fit_set(cx_chi2_fit *f, int handle, double value);
double cx_chi2_fit_get(const cx_chi2_fit *f, int handle);
/* Updates every model and sums chi2. CX_ENUMERIC on failure. */
int cx_chi2_fit_eval(cx_chi2_fit *f, double *chi2);

#ifdef __cplusplus
}
#endif
#endif
