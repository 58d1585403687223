/* cx_response.h - format-2 detector response and beam timing (engine-private).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_RESPONSE_H
#define CEVNSX_CX_RESPONSE_H

#include <gsl/gsl_integration.h>

#include "cx_internal.h"

/* Electron-equivalent energy (keVee) of a recoil of t keVnr on a nucleus of
 * charge z (z is used by Lindhard only). */
double cx_resp_ee(const cx_response *r, int z, double t_kevnr);
/* Mean of the reconstructed quantity (the detector's axis) for recoil t. */
double cx_resp_mean(const cx_detector *d, int z, double t_kevnr);
/* The recoil (keVnr) whose mean reconstructed value is x. */
double cx_resp_t_of_mean(const cx_detector *d, int z, double x);
/* The recoil (keVnr) below which nothing can be reconstructed inside the ROI
 * with a positive efficiency (0 when no such bound exists). */
double cx_resp_t_min(const cx_detector *d, int z);
/* Standard deviation of the smearing at mean mu (0 without smearing). */
double cx_resp_sd(const cx_response *r, double mu);
/* Efficiency on the reconstructed axis, clipped to [0, 1]. */
double cx_resp_eff(const cx_response *r, double x);
/* Adds the efficiency's kinks and steps inside (a, b) to the sorted pts
 * (np points, room for max); returns the new count. */
size_t cx_resp_kinks(const cx_response *r, double a, double b, double *pts, size_t np, size_t max);
/* Fast path: out[b] = probability that recoil t is reconstructed in bin b
 * (inside the ROI) and accepted; fixed Gauss-Legendre panels. */
void cx_resp_bins(const cx_detector *d, int z, double t_kevnr, double *out,
                  const gsl_integration_glfixed_table *gl);
/* Reference path: the same for one bin by adaptive quadrature. */
double cx_resp_bin_ref(const cx_detector *d, int z, double t_kevnr, size_t b,
                       gsl_integration_workspace *ws, size_t limit, int *status);

/* Arrival-time density (per us) of the prompt (delayed = 0: pi -> mu nu_mu)
 * or delayed (mu decay) neutrinos, and the time efficiency. */
double cx_time_pdf(const cx_timing *tm, int delayed, double t_us);
double cx_time_eff(const cx_timing *tm, double t_us);
/* Fraction (times the time efficiency) in each time bin: fast and reference. */
void cx_time_bins(const cx_timing *tm, int delayed, double *out,
                  const gsl_integration_glfixed_table *gl);
double cx_time_bin_ref(const cx_timing *tm, int delayed, size_t k, gsl_integration_workspace *ws,
                       size_t limit, int *status);

#endif
