/* app_output.h - results of the interpreter's commands as text, CSV or JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every function writes to a caller-given stream in st->format. Functions that
 * read model results expect an updated model (app_state_update()). Numbers use
 * the C locale's '.' (the program never sets LC_NUMERIC). */
#ifndef CEVNSX_APP_OUTPUT_H
#define CEVNSX_APP_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "app/app_state.h"

/* Writes a parameter value as a command accepts it back: the label of an
 * enum parameter, else a number with 17 significant digits trimmed ("%.17g"
 * exactly round-trips a double). */
void app_output_param_value(const cx_param_info *info, double v, char *buf, size_t n);

/* A JSON string literal (quotes, escapes) and a CSV field (RFC 4180 quoting). */
void app_output_json_string(FILE *out, const char *s);
void app_output_csv_field(FILE *out, const char *s);
/* A JSON number, or null when v is not finite. */
void app_output_json_number(FILE *out, double v);
/* A JSON array of the n numbers v[0], v[1], ... */
void app_output_json_numbers(FILE *out, const double *v, size_t n);

/* Writes the CSV header line hdr (without '\n') unless it is the last
 * header written to the same stream: one header per CSV stream, however many
 * commands write rows to it. */
void app_output_csv_header(app_state *st, FILE *out, const char *hdr);
/* out is a new stream (the previous one may have had the same address): its
 * first CSV output writes a header. */
void app_output_new_stream(app_state *st, FILE *out);

/* The members every JSON result starts with, so that it describes itself:
 * "detector", "preset", "stat" (the chi-squared model scan and contour use)
 * and "params" (every parameter that differs from its default, labels for
 * enumerated ones), each followed by ", ". */
void app_output_json_context(const app_state *st, FILE *out);

/* `events`: totals over the exposure: all, per flux component, per isotope,
 * and the Standard Model's. JSON is exactly one object {"detector",
 * "preset", "stat", "params", "exposure", "total", "total_sm",
 * "components", "isotopes"}; CSV rows detector,preset,quantity,events. */
void app_output_events(app_state *st, FILE *out);

/* `spectrum`: bins lo, hi, events, Standard Model events and the measured
 * points (cx_detector_measured). CSV columns lo_UNIT,hi_UNIT,events,
 * events_sm,data,data_err (UNIT the detector's axis unit; data empty where
 * nothing was measured); JSON {"detector", "preset", "stat", "params",
 * "axis", "unit", "total", "total_sm", "bins": [{"lo", "hi", "events",
 * "events_sm", "data", "data_err"}]} with null for no data. When plot is
 * non-zero (text format only) a plot in tier st->plot_tier follows the
 * table. The explorer's `export spectrum` writes exactly this. */
void app_output_spectrum(app_state *st, FILE *out, int plot);
/* The arrival-time projection (spectrum --axis time): the same columns with
 * UNIT us. */
void app_output_time_spectrum(app_state *st, FILE *out);

/* `scan` as CSV (and the explorer's `export scan`): the header
 * PARAM,chi2,dchi2[,PROFILED...] and one row per grid point x[i], with
 * dchi2 = chi2[i] - chi2_min and the n_profile minimising values
 * profile[i * stride + j] of the parameters named profile_names[j]. */
void app_output_scan_csv(app_state *st, FILE *out, const char *param, size_t n, const double *x,
                         const double *chi2, double chi2_min, size_t n_profile,
                         const char *const *profile_names, const double *profile, size_t stride);
/* `contour` as CSV (and `export contour`): the header P1,P2,chi2,dchi2, then
 * one block of rows per value of P2 (P1 varying), the blocks separated by a
 * blank line, as gnuplot's splot reads a grid. */
void app_output_contour_csv(app_state *st, FILE *out, const cx_contour_res *r);

/* `list params`: name, value, unit, range, help of every parameter. */
void app_output_params(const app_state *st, FILE *out);
/* `list presets`: names and one-line descriptions. */
void app_output_presets(const app_state *st, FILE *out);
/* `list detectors`: names, titles and files (malformed files are listed with
 * their error). Returns 0, or 1 when no detector file was found at all. */
int app_output_detectors(const app_state *st, FILE *out);
/* `show`: detector, preset, engine and the parameters that differ from their
 * defaults. */
void app_output_show(const app_state *st, FILE *out);

#endif
