/* tui_jobs.c - the main model update, chi2, and the computations that may
 * take longer than a frame (the dchi2 curve of the selected parameter, the
 * contour of two parameters), done in budgeted slices on private models.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app_util.h"
#include "tui/tui_ctx.h"
#include "tui/tui_jobs.h"
#include "tui/tui_panel.h"
#include "tui/tui_sliders.h"

/* 90 % CL thresholds (doc/physics.md section 6): 2.71 for one parameter, 4.61 for
 * two; taken from the engine when it knows them. */
double tui_jobs_cl1(void)
{
    double v = cx_chi2_dchi2_for_cl(90, 1);
    return v > 0 ? v : 2.71;
}

double tui_jobs_cl2(void)
{
    double v = cx_chi2_dchi2_for_cl(90, 2);
    return v > 0 ? v : 4.61;
}

#define CHEAP_STAGES (CX_STAGE_COUPLING | CX_STAGE_EXPOSURE | CX_STAGE_STATS)

static int n_params(const tui_ctx *c)
{
    int n = cx_model_n_params(c->st->model);
    return n < TUI_MAX_ROWS ? n : TUI_MAX_ROWS;
}

/* Remembers the model and its generation a computation starts from. */
static void mark(const tui_ctx *c, const cx_model **model, unsigned long *gen)
{
    *model = c->st->model;
    *gen = cx_model_generation(c->st->model);
}

/* Whether a parameter other than skip1/skip2 changed since mark() (or the
 * model was replaced). */
static int others_changed(const tui_ctx *c, const cx_model *model, unsigned long gen, int skip1,
                          int skip2)
{
    const cx_model *m = c->st->model;
    if (m != model)
        return 1;
    if (cx_model_generation(m) == gen)
        return 0;
    for (int i = 0; i < n_params(c); i++) {
        if (i == skip1 || i == skip2)
            continue;
        /* the universal moment and the flavour moments move together */
        if ((skip1 == CX_P_MU_NU || skip2 == CX_P_MU_NU) &&
            (i == CX_P_MU_NU_E || i == CX_P_MU_NU_MU))
            continue;
        if ((skip1 == CX_P_MU_NU_E || skip1 == CX_P_MU_NU_MU || skip2 == CX_P_MU_NU_E ||
             skip2 == CX_P_MU_NU_MU) &&
            i == CX_P_MU_NU)
            continue;
        if (cx_model_param_generation(m, i) > gen)
            return 1;
    }
    return 0;
}

/* The fit and scan borrow the chi2: rebuilt with it. */
static void scan_free(tui_ctx *c)
{
    cx_scan_free(c->curve.scan);
    c->curve.scan = NULL;
    cx_chi2_fit_free(c->curve.fit);
    c->curve.fit = NULL;
    tui_contour *ct = &c->contour;
    cx_contour_free(ct->job);
    ct->job = NULL;
    cx_chi2_fit_free(ct->fit);
    ct->fit = NULL;
    ct->running = ct->done = 0; /* the result lived in the job */
}

static void scan_build(tui_ctx *c)
{
    scan_free(c);
    if (!c->chi2)
        return;
    int status = 0;
    const cx_model *m = c->st->model;
    const cx_chi2 *x2 = c->chi2;
    c->curve.fit = cx_chi2_fit_alloc(1, &m, &x2, &status);
    if (c->curve.fit)
        c->curve.scan = cx_scan_alloc(c->curve.fit, TUI_CURVE_MAX, &status);
    if (!c->curve.scan)
        scan_free(c);
    /* the contour has its own fit (private model): it runs beside the curve */
    tui_contour *ct = &c->contour;
    ct->fit = cx_chi2_fit_alloc(1, &m, &x2, &status);
    if (ct->fit)
        ct->job = cx_contour_alloc(ct->fit, TUI_CONTOUR_NX, TUI_CONTOUR_NY, &status);
    if (!ct->job) {
        cx_chi2_fit_free(ct->fit);
        ct->fit = NULL;
    }
}

void tui_jobs_rechi2(tui_ctx *c)
{
    int restart = c->curve.use_scan && !c->curve.done;
    scan_free(c);
    cx_chi2_free(c->chi2);
    c->chi2 = NULL;
    c->chi2_err[0] = '\0';
    int status = 0;
    c->chi2 = cx_chi2_alloc_name(c->st->stat[0] ? c->st->stat : NULL, c->st->model, NULL, &status,
                                 c->chi2_err, sizeof c->chi2_err);
    if (!c->chi2 && !c->chi2_err[0])
        snprintf(c->chi2_err, sizeof c->chi2_err, "chi2: %s", cx_strerror(status));
    scan_build(c);
    if (restart) /* the old scan is gone: start the curve again */
        c->curve.param = -2;
    if (c->contour.active) /* so is the contour's result */
        tui_jobs_contour_start(c, c->contour.px, c->contour.py);
}

void tui_jobs_free(tui_ctx *c)
{
    scan_free(c);
    cx_chi2_free(c->chi2);
    c->chi2 = NULL;
}

void tui_jobs_rebuild(tui_ctx *c)
{
    tui_jobs_free(c);
    char err[256];
    app_state_update(c->st, err, sizeof err);
    c->contour.active = 0;
    tui_jobs_rechi2(c);
    c->curve.param = -1;
    c->spec_range.valid = 0;
}

int tui_jobs_update(tui_ctx *c)
{
    cx_model *m = c->st->model;
    unsigned dirty = cx_model_dirty(m);
    double t0 = tui_term_now_ms();
    if (dirty) {
        char err[256];
        if (app_state_update(c->st, err, sizeof err) != 0) {
            tui_message(c, 1, "%s", err);
            return 1;
        }
        /* The forecast's Asimov data follow the exposure and detector: an
         * exposure change re-binds the chi2 in place (no allocation; the
         * curve and contour restart through the generation), a detector
         * change builds it again. */
        if ((dirty & CX_STAGE_DETECTOR) ||
            ((dirty & CX_STAGE_EXPOSURE) && (!c->chi2 || cx_chi2_rebind(c->chi2, m, NULL, 0))))
            tui_jobs_rechi2(c);
    }
    c->n_now = cx_model_total(m);
    c->n_sm = cx_model_total_sm(m);
    c->chi2_now = NAN;
    if (c->chi2) {
        double x2;
        if (cx_chi2_eval(c->chi2, m, &x2) == CX_OK)
            c->chi2_now = x2;
    }
    c->last_engine_ms = tui_term_now_ms() - t0;

    /* Restart what depends on parameters other than the plotted ones. */
    tui_curve *cv = &c->curve;
    int sel = tui_sliders_selected(c);
    if (sel != cv->param || others_changed(c, cv->gen_model, cv->gen, cv->param, -1))
        tui_jobs_curve_start(c, sel);
    else if (cv->done && sel >= 0) {
        /* Only the curve's own parameter moved: restart when it left the range. */
        double v = cx_model_get_param(m, sel);
        if (cv->n > 0 && (v < cv->x[0] || v > cv->x[cv->n - 1]))
            tui_jobs_curve_start(c, sel);
    }
    tui_contour *ct = &c->contour;
    if (ct->active && others_changed(c, ct->gen_model, ct->gen, ct->px, ct->py))
        tui_jobs_contour_start(c, ct->px, ct->py);
    return 0;
}

/* The grid range of a parameter: the engine's default scan range widened to
 * include v (cx_scan_default_range). Not for enum parameters. */
static void grid_range(const cx_param_info *in, double v, double *plo, double *phi, int *logx)
{
    cx_scan_default_range(in, v, -1, plo, phi, logx);
}

/* The grid of a parameter (enum: every choice). Returns the point count. */
static int grid(const cx_param_info *in, double v, int nmax, double *x, int *logx)
{
    if (in->scale == CX_SCALE_ENUM) {
        int n = (int)in->max + 1;
        if (n > nmax)
            n = nmax;
        for (int i = 0; i < n; i++)
            x[i] = i;
        *logx = 0;
        return n;
    }
    double lo, hi;
    grid_range(in, v, &lo, &hi, logx);
    if (*logx) {
        double a = log10(lo), b = log10(hi);
        for (int i = 0; i < nmax; i++)
            x[i] = pow(10.0, a + (b - a) * i / (nmax - 1));
    } else {
        for (int i = 0; i < nmax; i++)
            x[i] = lo + (hi - lo) * i / (nmax - 1);
    }
    return nmax;
}

void tui_jobs_curve_start(tui_ctx *c, int param)
{
    tui_curve *cv = &c->curve;
    int same = param == cv->param && cv->n > 0;
    cv->param = param;
    cv->next = 0;
    cv->done = 0;
    cv->failed = 0;
    cv->ms = 0;
    cv->progress = 0;
    cv->use_scan = 0;
    /* keep the old curve on screen (dimmed) while a new one of the same
     * parameter is computed; a new parameter starts empty */
    cv->stale = same;
    if (!same) {
        cv->n = 0;
        cv->n_int = 0;
    }
    mark(c, &cv->gen_model, &cv->gen);
    if (param < 0 || !cv->scan)
        return;
    const cx_param_info *in = cx_model_param_info(c->st->model, param);
    if (!in)
        return;
    int nmax = (in->stages & ~CHEAP_STAGES) ? 41 : 121;
    double x[TUI_CURVE_MAX] = {0};
    int logx = 0;
    int n = grid(in, cx_model_get_param(c->st->model, param), nmax, x, &logx);
    if (n < 1)
        return;
    cv->grid_lo = x[0];
    cv->grid_hi = x[n - 1];
    cv->grid_log = logx;
    if (n < 2) {
        cv->failed = 1;
        return;
    }
    /* the statistics layer's stepwise scan: a continuous parameter with the
     * best fit and interval edges refined on the model, an enumerated one
     * over its labels */
    cx_chi2_fit_sync(cv->fit, 0, c->st->model);
    cx_scan_set_log(cv->scan, logx);
    if (cx_scan_init(cv->scan, in->name, x[0], x[n - 1], (size_t)n) != CX_OK) {
        cv->failed = 1;
        return;
    }
    cv->use_scan = 1;
    if (!same)
        cv->logx = logx;
}

/* Copies a finished scan's grid, minimum and intervals into the curve. */
static void scan_finish(tui_ctx *c)
{
    tui_curve *cv = &c->curve;
    cx_scan_res r;
    if (cx_scan_result(cv->scan, &r) != CX_OK) {
        cv->failed = 1;
        return;
    }
    size_t n = r.n_points < TUI_CURVE_MAX ? r.n_points : TUI_CURVE_MAX;
    memcpy(cv->x, r.x, sizeof(double) * n);
    memcpy(cv->chi2, r.chi2, sizeof(double) * n);
    cv->n = (int)n;
    cv->next = (int)n;
    cv->min_chi2 = r.chi2_min;
    cv->best_x = r.best_fit;
    cv->n_int = 0;
    for (size_t k = 0; k < r.n_intervals && k < TUI_MAX_INTERVALS; k++) {
        cv->lo[k] = r.intervals[k].lo;
        cv->hi[k] = r.intervals[k].hi;
        cv->lo_open[k] = r.intervals[k].lo_open;
        cv->hi_open[k] = r.intervals[k].hi_open;
        cv->n_int++;
    }
    cv->logx =
        n > 2 && cv->x[0] > 0 &&
        fabs((cv->x[2] - cv->x[1]) - (cv->x[1] - cv->x[0])) > 1e-9 * fabs(cv->x[2] - cv->x[0]);
    cv->done = 1;
    cv->stale = 0;
    cv->progress = 1;
}

void tui_jobs_contour_start(tui_ctx *c, int px, int py)
{
    tui_contour *ct = &c->contour;
    const cx_model *m = c->st->model;
    ct->active = 1;
    ct->px = px;
    ct->py = py;
    ct->running = ct->done = ct->failed = 0;
    ct->progress = 0;
    mark(c, &ct->gen_model, &ct->gen);
    const cx_param_info *ix = cx_model_param_info(m, px);
    const cx_param_info *iy = cx_model_param_info(m, py);
    if (!ix || !iy || !ct->job) {
        ct->failed = 1;
        return;
    }
    if (ix->scale == CX_SCALE_ENUM || iy->scale == CX_SCALE_ENUM) {
        ct->failed = 1;
        tui_message(c, 1, "contour: %s is a choice; pick two continuous parameters",
                    ix->scale == CX_SCALE_ENUM ? ix->name : iy->name);
        return;
    }
    size_t nx = TUI_CONTOUR_NX, ny = TUI_CONTOUR_NY;
    if ((ix->stages | iy->stages) & ~CHEAP_STAGES) {
        nx = TUI_CONTOUR_NX_SLOW; /* each point rebuilds kernels: a coarser grid */
        ny = TUI_CONTOUR_NY_SLOW;
    }
    double xlo, xhi, ylo, yhi;
    int logx, logy;
    grid_range(ix, cx_model_get_param(m, px), &xlo, &xhi, &logx);
    grid_range(iy, cx_model_get_param(m, py), &ylo, &yhi, &logy);
    cx_contour_set_dchi2(ct->job, tui_jobs_cl2());
    int rc = cx_chi2_fit_sync(ct->fit, 0, m);
    if (rc == CX_OK)
        rc = cx_contour_init(ct->job, ix->name, xlo, xhi, nx, logx, iy->name, ylo, yhi, ny, logy);
    if (rc != CX_OK) {
        ct->failed = 1;
        tui_message(c, 1, "contour %s %s: %s", ix->name, iy->name, cx_strerror(rc));
        return;
    }
    ct->running = 1;
}

int tui_jobs_pending(const tui_ctx *c)
{
    const tui_curve *cv = &c->curve;
    const tui_contour *ct = &c->contour;
    return (cv->param >= 0 && !cv->done && !cv->failed) || (ct->active && ct->running);
}

void tui_jobs_cancel(tui_ctx *c)
{
    if (c->contour.active && !c->contour.done) {
        c->contour.active = 0;
        tui_message(c, 0, "contour cancelled");
    }
}

static void contour_step(tui_ctx *c, double deadline)
{
    tui_contour *ct = &c->contour;
    const cx_param_info *ix = cx_model_param_info(c->st->model, ct->px);
    const cx_param_info *iy = cx_model_param_info(c->st->model, ct->py);
    /* grid points per call: cheap ones in batches between clock reads */
    size_t units = ix && iy && !((ix->stages | iy->stages) & ~CHEAP_STAGES) ? 16 : 1;
    int rc;
    do
        rc = cx_contour_step(ct->job, units);
    while (rc == CX_CONTINUE && tui_term_now_ms() < deadline);
    ct->progress = cx_contour_progress(ct->job);
    if (rc == CX_CONTINUE)
        return;
    ct->running = 0;
    if (rc == CX_OK && cx_contour_result(ct->job, &ct->res) == CX_OK && ct->res.nx >= 2 &&
        ct->res.ny >= 2) {
        ct->done = 1;
        ct->progress = 1;
    } else {
        ct->failed = 1;
        tui_message(c, 1, "contour: %s", cx_contour_last_error(ct->job));
    }
}

/* Whether a parameter's change rebuilds kernels (a flux, form factor or
 * detector stage): one grid point then costs milliseconds, not microseconds. */
static int slow_param(const tui_ctx *c, int id)
{
    const cx_param_info *in = cx_model_param_info(c->st->model, id);
    return in && (in->stages & ~CHEAP_STAGES);
}

void tui_jobs_step(tui_ctx *c, double budget_ms)
{
    double t0 = tui_term_now_ms();
    double deadline = t0 + budget_ms;
    tui_curve *cv = &c->curve;
    tui_contour *ct = &c->contour;
    /* A budget below one slow unit would be overrun by the first unit:
     * leave slow work for the next frame (the first frame after a key). */
    int slow_ok = budget_ms >= TUI_JOBS_SLOW_UNIT_MS;
    if (!slow_ok && slow_param(c, cv->param))
        ; /* the curve waits */
    else if (cv->param >= 0 && !cv->done && !cv->failed && cv->use_scan) {
        const cx_param_info *in = cx_model_param_info(c->st->model, cv->param);
        /* one unit is one grid point or one refinement; cheap units in
         * batches of 16 between clock reads */
        size_t units = in && !(in->stages & ~CHEAP_STAGES) ? 16 : 1;
        int rc;
        do
            rc = cx_scan_step(cv->scan, units);
        while (rc == CX_CONTINUE && tui_term_now_ms() < deadline);
        cv->progress = cx_scan_progress(cv->scan);
        if (rc == CX_OK)
            scan_finish(c);
        else if (rc != CX_CONTINUE) {
            cv->failed = 1;
            tui_message(c, 1, "scan %s: %s", in ? in->name : "?", cx_scan_last_error(cv->scan));
        }
        cv->ms += tui_term_now_ms() - t0;
        c->last_curve_ms = tui_term_now_ms() - t0;
    }
    if (ct->active && ct->running && tui_term_now_ms() < deadline &&
        (slow_ok || !(slow_param(c, ct->px) || slow_param(c, ct->py))))
        contour_step(c, deadline);
}
