/* fuzz_detector.c - libFuzzer target: the detector-file parser,
 * cx_detector_parse(), and every accessor of a detector it accepts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checked contract (cx_detector.h, data/README.md): failure gives NULL, a
 * status among CX_EIO/EPARSE/ERANGE/ENOMEM and a non-empty one-line message;
 * success gives a detector whose values satisfy the documented limits (mass,
 * baseline > 0, threshold >= 0, 1..16 isotopes, 1..1000 strictly increasing
 * bin edges starting at >= 0). A violation aborts. */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cevnsx.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off(); /* as main() does */
    return 0;
}

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_detector: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    int status = 12345;
    /* A private copy without a terminating NUL: the parser must respect len. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    memset(err, 'x', sizeof err);
    cx_detector *d = cx_detector_parse(text, size, "fuzz.det", &status, err, sizeof err);
    free(text);
    check(memchr(err, '\0', sizeof err) != NULL, "message not terminated");
    if (!d) {
        check(status == CX_EIO || status == CX_EPARSE || status == CX_ERANGE || status == CX_ENOMEM,
              "unexpected status");
        check(strncmp(err, "fuzz.det", 8) == 0, "message does not name the file");
        check(strchr(err, '\n') == NULL, "message is not one line");
        return 0;
    }
    check(status == CX_OK, "detector returned with an error status");
    check(cx_detector_id(d)[0] != '\0', "empty id");
    (void)strlen(cx_detector_name(d));
    (void)strlen(cx_detector_citation(d));
    (void)strlen(cx_detector_preset(d));
    (void)strlen(cx_detector_stat(d));
    check(cx_detector_mass_kg(d) > 0 && isfinite(cx_detector_mass_kg(d)), "mass");
    check(cx_detector_baseline_m(d) > 0 && isfinite(cx_detector_baseline_m(d)), "baseline");
    check(cx_detector_threshold_kevnr(d) >= 0 && isfinite(cx_detector_threshold_kevnr(d)),
          "threshold");
    size_t ni = cx_detector_n_isotopes(d);
    check(ni >= 1 && ni <= 16, "isotope count");
    for (size_t i = 0; i <= ni; i++) {
        cx_isotope_info info;
        int s = cx_detector_isotope(d, i, &info);
        if (i == ni) {
            check(s == CX_EINVAL, "isotope index past the end accepted");
            break;
        }
        check(s == CX_OK && info.name && info.name[0], "isotope");
        check(info.z >= 1 && info.z <= 118 && info.a >= info.z && info.a <= 300, "Z, A");
        check(fabs(info.mass_u - info.a) <= 1 && info.count > 0, "isotope mass, count");
    }
    size_t nb = cx_detector_n_bins(d);
    const double *e = cx_detector_bin_edges(d);
    check(nb >= 1 && nb <= 1000 && e != NULL, "bin count");
    check(e[0] >= 0, "first edge");
    for (size_t i = 0; i < nb; i++)
        check(e[i + 1] > e[i] && isfinite(e[i + 1]), "edges not increasing");
    if (cx_detector_bin_unit(d) == CX_UNIT_PE)
        check(cx_detector_pe_per_kevnr(d) > 0, "PE binning without PE response");
    /* Generic access: a few keys that exist in the shipped files. */
    static const char *const keys[] = {"fit.n_meas",
                                       "fit.sigma_alpha",
                                       "data.bin",
                                       "target.isotope",
                                       "detector.mass",
                                       "data.neutron",
                                       "fit.bkg_frac",
                                       "nosuch.key",
                                       "",
                                       "."};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        double v;
        const double *rows;
        size_t nr, nc;
        int s = cx_detector_number(d, keys[k], &v);
        check(s == CX_OK || s == CX_EINVAL || s == CX_ENOTFOUND, "number status");
        s = cx_detector_table(d, keys[k], &rows, &nr, &nc);
        check(s == CX_OK || s == CX_EINVAL || s == CX_ENOTFOUND, "table status");
        if (s == CX_OK) {
            double sum = 0;
            for (size_t r = 0; r < nr * nc; r++)
                sum += rows[r]; /* reads every cell: ASan checks the bounds */
            (void)sum;
        }
    }
    /* A model on it must build (or fail cleanly) and compute. */
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &status);
    if (m) {
        if (cx_model_update(m) == CX_OK) {
            double t = cx_model_total(m);
            const double *sp = cx_model_spectrum(m);
            check(isfinite(t) && t >= 0, "total events not finite or negative");
            for (size_t i = 0; i < cx_model_n_bins(m); i++)
                check(isfinite(sp[i]) && sp[i] >= 0, "spectrum bin not finite or negative");
        }
        cx_model_free(m);
    }
    cx_detector_free(d);
    return 0;
}
