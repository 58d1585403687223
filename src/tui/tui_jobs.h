/* tui_jobs.h - model, chi2 and the sliced computations (dchi2 curve, contour) (tui_jobs.c). Private
 * to src/tui. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_JOBS_H
#define CEVNSX_TUI_JOBS_H

#include "tui/tui_ctx.h"

/* tui_jobs.c: model, chi2 and the sliced computations */
void tui_jobs_rebuild(tui_ctx *c); /* detector changed */
void tui_jobs_rechi2(tui_ctx *c);  /* exposure / stat model changed */
int tui_jobs_update(tui_ctx *c);   /* update main model and chi2; 0 ok */
void tui_jobs_curve_start(tui_ctx *c, int param);
void tui_jobs_contour_start(tui_ctx *c, int px, int py);
int tui_jobs_pending(const tui_ctx *c);
/* Advances the sliced computations for about budget_ms. Work whose single
 * unit (one grid point of a parameter that rebuilds kernels) may take longer
 * than TUI_JOBS_SLOW_UNIT_MS is skipped when the budget is below that. */
#define TUI_JOBS_SLOW_UNIT_MS 5.0
void tui_jobs_step(tui_ctx *c, double budget_ms);
void tui_jobs_cancel(tui_ctx *c);
void tui_jobs_free(tui_ctx *c);
double tui_jobs_cl1(void); /* 90 % CL dchi2 for 1 dof */
double tui_jobs_cl2(void); /* 90 % CL dchi2 for 2 dof */

#endif
