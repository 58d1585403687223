/* cx_data.c - the measured points of a detector file on a model's binning:
 * the one reader of [data] and [background] for front ends (the explorer's
 * data points, the spectrum output of batch mode and of the explorer's
 * export). The likelihoods read their own tables (cx_chi2.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cevnsx/cx_detector.h"
#include "cevnsx/cx_errno.h"

/* The bin of edges[0..nb] that starts at x (relative tolerance 1e-9), or -1. */
static long bin_of(const double *edges, size_t nb, double x)
{
    for (size_t b = 0; b < nb; b++)
        if (fabs(x - edges[b]) <= 1e-9 * (1 + fabs(x)))
            return (long)b;
    return -1;
}

/* Subtracts the background templates of a format-2 file, scaled to their
 * normalisations, projected on the axis (time when tcol >= 0). */
static void subtract_backgrounds(const cx_detector *d, size_t nkey, int tcol, const double *edges,
                                 size_t nb, double *value)
{
    /* every template with a normalisation (shape systematics have none) */
    for (size_t k = 0; k < cx_detector_n_keys(d); k++) {
        const char *key = cx_detector_key(d, k);
        char nkeyname[160];
        const double *rows, *norm;
        size_t nr, nc, n1, n2;
        if (strncmp(key, "background.", 11) != 0)
            continue;
        snprintf(nkeyname, sizeof nkeyname, "%s_norm", key);
        if (cx_detector_table(d, key, &rows, &nr, &nc) != CX_OK || nc <= nkey ||
            cx_detector_table(d, nkeyname, &norm, &n1, &n2) != CX_OK || n2 < 1)
            continue;
        double sum = 0;
        for (size_t i = 0; i < nr; i++)
            sum += rows[i * nc + nkey];
        if (!(sum > 0))
            continue;
        for (size_t i = 0; i < nr; i++) {
            const double *q = rows + i * nc;
            long b = bin_of(edges, nb, tcol >= 0 ? q[tcol] : q[0]);
            if (b >= 0)
                value[b] -= q[nkey] * norm[0] / sum;
        }
    }
}

size_t cx_detector_measured(const cx_detector *d, int time, const double *edges, size_t nb,
                            double *value, double *err)
{
    const double *rows = NULL;
    size_t nrows = 0, ncols = 0, found = 0;
    if (!d || !edges || !value || !err)
        return 0;
    for (size_t b = 0; b < nb; b++)
        value[b] = err[b] = NAN;
    /* Format 1 (csi2017): bin = LO HI C_ON AC_ON; C - AC +- sqrt(C + AC). */
    if (!time && cx_detector_table(d, "data.bin", &rows, &nrows, &ncols) == CX_OK && ncols >= 4) {
        for (size_t i = 0; i < nrows; i++) {
            const double *q = rows + i * ncols;
            long b = bin_of(edges, nb, q[0]);
            if (b < 0 || fabs(q[1] - edges[b + 1]) > 1e-9 * (1 + fabs(q[1])) || !isnan(value[b]))
                continue;
            value[b] = q[2] - q[3];
            err[b] = sqrt(fabs(q[2] + q[3]));
            found++;
        }
        return found;
    }
    /* Format 2: on = cell edges, COUNTS [AC]; per bin the sum over the other
     * axes, minus the background templates (the steady-state template is the
     * AC estimate where there is one), error sqrt(COUNTS + AC). */
    if (cx_detector_format_version(d) < 2 ||
        cx_detector_table(d, "data.on", &rows, &nrows, &ncols) != CX_OK)
        return 0;
    const double *f90;
    size_t nf1, nf2;
    int timing = cx_detector_time_edges(d) != NULL;
    size_t nkey = 2 + (timing ? 2 : 0) +
                  (cx_detector_table(d, "data.grid_f90", &f90, &nf1, &nf2) == CX_OK ? 2 : 0);
    if (ncols <= nkey || (time && !timing))
        return 0;
    int tcol = time ? 2 : -1;
    for (size_t b = 0; b < nb; b++)
        value[b] = err[b] = 0; /* counts, AC counts */
    for (size_t i = 0; i < nrows; i++) {
        const double *q = rows + i * ncols;
        long b = bin_of(edges, nb, tcol >= 0 ? q[tcol] : q[0]);
        if (b < 0)
            continue;
        value[b] += q[nkey];
        if (ncols > nkey + 1)
            err[b] += q[nkey + 1];
    }
    for (size_t b = 0; b < nb; b++)
        err[b] = sqrt(value[b] + err[b]);
    subtract_backgrounds(d, nkey, tcol, edges, nb, value);
    return nb;
}
