/* fuzz_param.c - libFuzzer target: cx_param_parse_value() for every entry of
 * the parameter registry (the fixed ones and the per-isotope neutron radii of
 * a germanium model, 5 isotopes).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 selects the entry (modulo their number), the rest is the text.
 * Checked contract (cx_params.h): the status is CX_OK, CX_EINVAL or CX_ERANGE;
 * on success the value is finite, inside [min, max] and whole for an enum; on
 * failure *value is untouched; and a value that parsed reads back exactly
 * from the text `save` writes for it (app_output_param_value). A violation
 * aborts, which libFuzzer reports as a crash. */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_output.h"
#include "cevnsx/cevnsx.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "data"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cx_model *model;

static void fail(const char *what, const cx_param_info *info, const char *text)
{
    fprintf(stderr, "fuzz_param: %s: %s '%s'\n", what, info->name, text);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *data = getenv("CEVNSX_DATADIR");
    char path[4096], err[512];
    int status;
    cx_detector *d;
    (void)argc;
    (void)argv;
    if (model)
        return 0;
    gsl_set_error_handler_off(); /* as main() does */
    snprintf(path, sizeof path, "%s/detectors/ge.det", data && *data ? data : FUZZ_DATADIR);
    d = cx_detector_load(path, &status, err, sizeof err);
    if (d)
        model = cx_model_alloc(d, CX_ENGINE_FAST, &status);
    if (!model) {
        fprintf(stderr, "fuzz_param: cannot build a model: %s\n", d ? cx_strerror(status) : err);
        exit(1);
    }
    /* The model keeps a pointer to d for its lifetime (process lifetime here). */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cx_param_info *info;
    double v = -12345.678, w;
    char *text, back[64];
    int n, status;
    LLVMFuzzerInitialize(NULL, NULL);
    if (size < 1 || size > 4096)
        return 0;
    n = cx_model_n_params(model);
    info = cx_model_param_info(model, data[0] % n);
    if (!info)
        abort(); /* every id below n_params has a registry row */
    text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    status = cx_param_parse_value(info, text, &v);
    if (status != CX_OK) {
        if (status != CX_EINVAL && status != CX_ERANGE)
            fail("unexpected status", info, text);
        if (v != -12345.678)
            fail("value changed on failure", info, text);
    } else {
        if (!isfinite(v) || v < info->min || v > info->max)
            fail("accepted value outside its range", info, text);
        if (info->scale == CX_SCALE_ENUM && v != floor(v))
            fail("accepted fractional enum value", info, text);
        app_output_param_value(info, v, back, sizeof back);
        if (cx_param_parse_value(info, back, &w) != CX_OK || w != v)
            fail("value does not read back from its saved text", info, back);
    }
    free(text);
    return 0;
}
