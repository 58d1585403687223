/* rate.c - the smallest program on libcevnsx: the Standard Model events of a
 * detector file, in total and per flux component, and again with another weak
 * mixing angle. Build it against the installed library with
 *
 *     cc rate.c $(pkg-config --cflags --libs cevnsx) -o rate
 *     ./rate $(pkg-config --variable=pkgdatadir cevnsx)/detectors/csi2017.det
 *
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include <cevnsx/cevnsx.h>

int main(int argc, char **argv)
{
    char err[512];
    int status;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DETECTOR.det\n", argv[0]);
        return 2;
    }
    cx_detector *d = cx_detector_load(argv[1], &status, err, sizeof err);
    if (!d) {
        fprintf(stderr, "rate: %s\n", err);
        return 1;
    }
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &status);
    if (!m || cx_model_update(m) != CX_OK) {
        fprintf(stderr, "rate: %s\n", m ? cx_model_last_error(m) : cx_strerror(status));
        cx_model_free(m);
        cx_detector_free(d);
        return 1;
    }
    printf("%s total %.6f\n", cx_detector_id(d), cx_model_total(m));
    static const char *const names[CX_NCOMP] = {"prompt nu_mu", "delayed nu_e",
                                                "delayed anti-nu_mu"};
    for (int c = 0; c < CX_NCOMP; c++)
        printf("%s %.6f\n", names[c], cx_model_total_component(m, (cx_component)c));
    /* A coupling change: only the cached kernels' quadratic form is evaluated again. */
    int id = cx_model_param_lookup(m, "sin2w");
    if (id < 0 || cx_model_set_param(m, id, 0.23865) != CX_OK || cx_model_update(m) != CX_OK) {
        fprintf(stderr, "rate: cannot set sin2w\n");
        return 1;
    }
    printf("sin2w 0.23865 total %.6f\n", cx_model_total(m));
    cx_model_free(m);
    cx_detector_free(d);
    return 0;
}
