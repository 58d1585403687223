/* test_alloc.c - a slider move allocates nothing (doc/design.md section 3).
 * malloc, calloc and realloc are wrapped at link time (-Wl,--wrap) and
 * counted while parameters change and the model updates.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cevnsx/cevnsx.h"
#include "tap.h"

#include "alloc_count.h"

int main(void)
{
    gsl_set_error_handler_off();
    static const char *ids[] = {"csi2017", "nai", "csi2021", "lar2020"};
    for (int k = 0; k < 4; k++) {
        char path[4096], err[256];
        const char *top = getenv("top_srcdir");
        snprintf(path, sizeof path, "%s/data/detectors/%s.det", top ? top : ".", ids[k]);
        int st;
        cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
        cx_model *m = d ? cx_model_alloc(d, CX_ENGINE_FAST, &st) : NULL;
        if (!tap_ok(m != NULL, "%s model", ids[k])) {
            cx_detector_free(d);
            continue;
        }
        long before = alloc_count;
        alloc_count = 0;
        for (int s = 0; s < 50; s++) {
            cx_model_set_param(m, CX_P_SIN2W, 0.2 + 0.001 * s);
            cx_model_set_param(m, CX_P_EPS_EE_U, 0.01 * s);
            cx_model_set_param(m, CX_P_MU_NU, 1e-10 * s);
            cx_model_update(m);
        }
        tap_ok(alloc_count == 0,
               "%s: 50 coupling changes allocate nothing (%ld calls; %ld at alloc)", ids[k],
               alloc_count, before);
        alloc_count = 0;
        for (int s = 0; s < 10; s++) {
            cx_model_set_param(m, CX_P_S22_MU, 0.3);
            cx_model_set_param(m, CX_P_DM2, 0.5 + s);
            cx_model_set_param(m, CX_P_RN_BASE, 4.0 + 0.1 * s);
            cx_model_set_param(m, CX_P_THRESHOLD_KEV, 1.0 + s);
            cx_model_set_param(m, CX_P_MASS_KG, 10.0 + s);
            cx_model_set_param(m, CX_P_FF_N, s % 4);
            cx_model_update(m);
        }
        tap_ok(alloc_count == 0,
               "%s: dm2, R_n, threshold, mass and form-factor changes allocate nothing (%ld)",
               ids[k], alloc_count);
        /* an exposure slider: the model updates and the chi2 is re-bound */
        cx_model_update(m);
        cx_chi2 *x2 = cx_chi2_alloc_name(NULL, m, NULL, &st, err, sizeof err);
        if (!tap_ok(x2 != NULL, "%s: chi2 (%s)", ids[k], x2 ? cx_chi2_name(x2) : err))
            x2 = NULL;
        alloc_count = 0;
        int bad = 0;
        double first = 0, last = 0;
        for (int s = 0; x2 && s < 10; s++) {
            double chi2;
            cx_model_set_param(m, CX_P_POT, 1e23 * (1 + s));
            cx_model_set_param(m, CX_P_MASS_KG, 10.0 + s);
            bad |= cx_model_update(m) != CX_OK || cx_chi2_rebind(x2, m, NULL, 0) != CX_OK ||
                   cx_chi2_eval(x2, m, &chi2) != CX_OK;
            if (s == 0)
                first = chi2;
            last = chi2;
        }
        tap_ok(x2 && !bad && alloc_count == 0 && isfinite(first) && isfinite(last),
               "%s: exposure changes re-bind the %s chi2 without allocating (%ld)", ids[k],
               x2 ? cx_chi2_name(x2) : "?", alloc_count);
        cx_chi2 *fresh = x2 ? cx_chi2_alloc_name(NULL, m, NULL, &st, err, sizeof err) : NULL;
        double cf = NAN;
        int fe = fresh ? cx_chi2_eval(fresh, m, &cf) : CX_EINVAL;
        tap_ok(fe == CX_OK && cf == last, "%s: ... and the re-bound chi2 equals a new one (%g, %g)",
               ids[k], last, cf);
        cx_chi2_free(fresh);
        cx_chi2_free(x2);
        /* light mediators: a coupling change is a quadratic form over cached
         * kernels, a mass change recomputes kernels in place */
        alloc_count = 0;
        for (int s = 0; s < 20; s++) {
            cx_model_set_param(m, CX_P_ZP_G, 1e-5 * (1 + s));
            cx_model_set_param(m, CX_P_PHI_G, 1e-6 * (1 + s));
            cx_model_set_param(m, CX_P_EPST_EE_U, 0.01 * s);
            cx_model_set_param(m, CX_P_Q_NU_MU, 1e-10 * s);
            cx_model_update(m);
            cx_model_set_param(m, CX_P_ZP_MASS, 1.0 + 10.0 * s);
            cx_model_set_param(m, CX_P_PHI_MASS, 2.0 + 10.0 * s);
            cx_model_set_param(m, CX_P_BASELINE_SPREAD_M, 0.1 * s);
            cx_model_update(m);
        }
        tap_ok(alloc_count == 0,
               "%s: mediator couplings, masses, tensor NSI, millicharge and baseline spread "
               "allocate nothing (%ld)",
               ids[k], alloc_count);
        tap_ok(before > 0, "%s: the wrapper does count allocations (%ld at model alloc)", ids[k],
               before);
        cx_model_free(m);
        cx_detector_free(d);
    }
    return tap_done();
}
