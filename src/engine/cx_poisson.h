/* cx_poisson.h - the binned Poisson likelihood's detector inputs (engine-private).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_CX_POISSON_H
#define CEVNSX_CX_POISSON_H

#include "cevnsx/cx_chi2.h"

typedef struct cx_pois cx_pois;

/* Reads the detector's data bins, templates and nuisances (asimov: the data
 * are the Standard Model expectation). CX_EINVAL with a message in err. */
int cx_pois_init(const cx_model *m, const cx_chi2_opts *o, int asimov, cx_pois **out, char *err,
                 size_t errlen);
void cx_pois_free(cx_pois *p);
size_t cx_pois_n_bins(const cx_pois *p);
/* Profiles the nuisances of ne detectors together (shared names fitted
 * once); res may be NULL. */
int cx_pois_eval_joint(size_t ne, const cx_pois *const *pp, const cx_model *const *mm,
                       const cx_poisson_opts *opts, double *chi2, cx_poisson_result *res);

#endif
