/* cx_detector.h - detector definitions loaded from data files.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A detector is immutable once loaded and may be shared by any number of
 * models. The file format is documented in data/README.md. */
#ifndef CEVNSX_CX_DETECTOR_H
#define CEVNSX_CX_DETECTOR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_detector cx_detector;

/* Units of the spectrum binning. */
typedef enum { CX_UNIT_KEVNR = 0, CX_UNIT_PE, CX_UNIT_KEVEE } cx_bin_unit;

/* Read-only view of one isotope of the target. */
typedef struct {
    const char *name; /* "Cs133" */
    int z, a;         /* proton number, mass number */
    double mass_u;    /* atomic mass in u */
    double count;     /* atoms of this isotope per formula unit (abundance included) */
} cx_isotope_info;

/* Loads a detector file. On failure returns NULL, sets *status (CX_EIO,
 * CX_EPARSE, CX_ERANGE, CX_ENOMEM) and writes a one-line message of the form
 * "FILE:LINE: what is wrong" into err (errlen bytes, may be 0). */
cx_detector *cx_detector_load(const char *path, int *status, char *err, size_t errlen);

/* Parses a detector from memory; name is used in messages (e.g. the path). */
cx_detector *cx_detector_parse(const char *text, size_t len, const char *name, int *status,
                               char *err, size_t errlen);

/* Frees a detector; NULL is allowed. */
void cx_detector_free(cx_detector *d);

/* Resolves a detector name into a file path. A name containing '/' or ending
 * in ".det" is a path and is used as is. Otherwise NAME.det is looked for in
 * each of the n directories dirs[0..n-1] in order. Writes the path to out
 * (outlen bytes). Only regular files count: a FIFO or device of that name is
 * passed over (opening one for reading could block), and so is a directory
 * whose NAME.det path does not fit in outlen. Returns CX_OK, CX_ENOTFOUND, or
 * CX_EINVAL (a path name longer than outlen). */
int cx_detector_resolve(const char *name, const char *const *dirs, size_t n, char *out,
                        size_t outlen);

/* Accessors. Strings belong to the detector. */
const char *cx_detector_id(const cx_detector *d);       /* "csi2017" */
const char *cx_detector_name(const cx_detector *d);     /* one-line title */
const char *cx_detector_citation(const cx_detector *d); /* source(s), may be "" */
const char *cx_detector_preset(const cx_detector *d);   /* default preset name */
const char *cx_detector_stat(const cx_detector *d);     /* default chi2 model name */
double cx_detector_mass_kg(const cx_detector *d);
double cx_detector_baseline_m(const cx_detector *d);
double cx_detector_threshold_kevnr(const cx_detector *d);
size_t cx_detector_n_isotopes(const cx_detector *d);
/* Fills *info for isotope i; returns CX_EINVAL when i is out of range. */
int cx_detector_isotope(const cx_detector *d, size_t i, cx_isotope_info *info);
cx_bin_unit cx_detector_bin_unit(const cx_detector *d);
/* Number of spectrum bins and their n+1 edges in the binning unit. */
size_t cx_detector_n_bins(const cx_detector *d);
const double *cx_detector_bin_edges(const cx_detector *d);
/* Photoelectrons per keVnr, or 0 when the detector has no PE response. */
double cx_detector_pe_per_kevnr(const cx_detector *d);

/* Format version of the file the detector was read from (1 or 2). */
int cx_detector_format_version(const cx_detector *d);
/* Exposure given by the file ([exposure] pot, nu_per_proton); 0 when absent. */
double cx_detector_pot(const cx_detector *d);
double cx_detector_nu_per_proton(const cx_detector *d);
/* Arrival-time binning ([timing], microseconds): the number of time bins (1
 * without timing) and their n+1 edges (NULL without timing). */
size_t cx_detector_n_time_bins(const cx_detector *d);
const double *cx_detector_time_edges(const cx_detector *d);
/* Region of interest on the reconstructed axis (the binning range when the
 * file gives none); returns CX_ENOTFOUND for a format-1 response. */
int cx_detector_roi(const cx_detector *d, double *lo, double *hi);
/* The unit name of the binning axis: "keVnr", "keVee" or "PE". */
const char *cx_detector_axis_name(const cx_detector *d);

/* Generic access to the file's content, for statistics models and front ends.
 * cx_detector_number: the numeric value of "section.key" (e.g. "fit.n_meas");
 * CX_ENOTFOUND when absent, CX_EINVAL when not a number.
 * cx_detector_table: the rows of a repeated key "section.key" (e.g.
 * "data.bin"), row-major, nrows x ncols; CX_ENOTFOUND when absent. */
int cx_detector_number(const cx_detector *d, const char *key, double *value);
/* The keys of the file, "section.key", in the order they first appear:
 * i from 0 to cx_detector_n_keys() - 1; NULL when i is out of range. (For
 * example to find every "background.NAME" template.) */
size_t cx_detector_n_keys(const cx_detector *d);
const char *cx_detector_key(const cx_detector *d, size_t i);
int cx_detector_table(const cx_detector *d, const char *key, const double **rows, size_t *nrows,
                      size_t *ncols);

/* The measured points of the file on a model's binning: on the binning axis
 * (time = 0) or the arrival-time axis (time = 1), for the nb bins of edges
 * (nb + 1 values, e.g. cx_model_bin_edges()). value[b]: the beam-on counts
 * minus the background estimate; err[b]: their Poisson error; both NAN where
 * no measurement covers bin b. Format 1 ([data] bin = LO HI C_ON AC_ON, the
 * csi2017 table): C_ON - AC_ON +- sqrt(C_ON + AC_ON) for the row with the
 * bin's edges. Format 2 ([data] on): the counts of every cell starting at the
 * bin, summed over the other axes, minus the [background] templates scaled to
 * their normalisations; error sqrt(COUNTS + AC). Returns the number of bins
 * with a measurement (0 when the file has none); doc/physics.md section 3. */
size_t cx_detector_measured(const cx_detector *d, int time, const double *edges, size_t nb,
                            double *value, double *err);

#ifdef __cplusplus
}
#endif
#endif
