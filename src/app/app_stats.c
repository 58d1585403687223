/* app_stats.c - the statistics commands of the interpreter: `scan` (Delta
 * chi2 along one parameter, confidence intervals) and `contour` (Delta chi2
 * over two parameters, confidence regions), over one or more detectors.
 * Options are parsed in app_stats_opts.c, results written by app_stats_out.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_stats.h"
#include "app/app_stats_impl.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_output.h"
#include "app/app_util.h"
#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_contour.h"
#include "cevnsx/cx_scan.h"
#include "cevnsx/cx_text.h"
#include "plot/plot.h"

/* ----------------------------------------------------------- experiments --- */

static void exps_free(experiments *e)
{
    cx_chi2_fit_free(e->fit);
    for (size_t i = 0; i < e->n; i++) {
        cx_chi2_free(e->chi2[i]);
        cx_model_free(e->model[i]);
        cx_detector_free(e->own_det[i]);
    }
    memset(e, 0, sizeof *e);
}

/* A parameter-name suggestion for an unknown name. */
static void suggest_param(const app_state *st, const char *name, char *buf, size_t n)
{
    const char *names[256];
    size_t k = 0;
    int np = cx_model_n_params(st->model);
    for (int id = 0; id < np && k < 256; id++) {
        const cx_param_info *info = cx_model_param_info(st->model, id);
        if (info)
            names[k++] = info->name;
    }
    app_suggest(name, names, k, buf, n);
}

/* Loads the detectors, applies the scenario, binds chi2 models, builds the
 * fit. Returns APP_OK or an APP_* error after reporting it. */
static int exps_build(app_state *st, const stats_opts *o, experiments *e, FILE *err,
                      const char *cmd)
{
    if (!st->model || !st->det) {
        memset(e, 0, sizeof *e);
        app_cmd_error(st, err, "%s: no detector loaded", cmd);
        return APP_ERR;
    }
    const char *stat = o->stat ? o->stat : st->stat[0] ? st->stat : NULL;
    size_t n = o->n_det ? o->n_det : 1;
    char msg[1024];
    int status;

    memset(e, 0, sizeof *e);
    if (stat && strcmp(stat, "default") == 0)
        stat = NULL;
    if (stat && !cx_chi2_lookup(stat)) {
        const char *names[16];
        size_t k = 0;
        char sugg[256];
        for (const cx_chi2_def *d; k < 16 && (d = cx_chi2_builtin(k)) != NULL;)
            names[k++] = d->name;
        app_suggest(stat, names, k, sugg, sizeof sugg);
        app_cmd_error(st, err, "%s: unknown chi2 model '%s'%s", cmd, stat,
                      sugg[0] ? sugg : " (try 'list stats')");
        return APP_USAGE;
    }
    /* Detectors are told apart by the file they come from, not by their id:
     * a variant file that keeps id = csi2017 is another detector, and one
     * file given twice would count the same data twice. */
    char(*real)[PATH_MAX] = app_xmalloc((n + 1) * sizeof *real);
    if (app_detector_path(st->det_name, real[n], sizeof real[n], msg, sizeof msg) != 0)
        real[n][0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *name = o->n_det ? o->dets[i] : st->det_name;
        if (app_detector_path(name, real[i], sizeof real[i], msg, sizeof msg) != 0) {
            app_cmd_error(st, err, "%s: %s", cmd, msg);
            free(real);
            return APP_ERR;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(real[k], real[i]) == 0) {
                app_cmd_error(st, err,
                              "%s: detector '%s' given twice (%s): its data would count twice", cmd,
                              name, real[i]);
                free(real);
                return APP_USAGE;
            }
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = o->n_det ? o->dets[i] : NULL;
        cx_model *m;
        cx_chi2_opts copts;
        if (!name || strcmp(real[i], real[n]) == 0) {
            /* the session's detector: start from its current parameters */
            m = cx_model_clone(st->model, &status);
            if (!m) {
                app_cmd_error(st, err, "%s: %s", cmd, cx_strerror(status));
                exps_free(e);
                free(real);
                return APP_ERR;
            }
        } else {
            cx_detector *d;
            msg[0] = '\0';
            d = cx_detector_load(real[i], &status, msg, sizeof msg);
            if (!d) {
                app_cmd_error(st, err, "%s", msg[0] ? msg : cx_strerror(status));
                exps_free(e);
                free(real);
                return APP_ERR;
            }
            e->own_det[e->n] = d;
            m = cx_model_alloc(d, st->engine, &status);
            if (!m) {
                app_cmd_error(st, err, "%s: %s: %s", cmd, name, cx_strerror(status));
                e->n++;
                exps_free(e);
                free(real);
                return APP_ERR;
            }
            /* the command line's -s: NAME=V on every detector, DET:NAME=V on DET */
            for (int k = 0; k < st->n_sets; k++) {
                const char *v = st->sets[k], *colon = strchr(v, ':'), *eq = strchr(v, '=');
                if (!eq)
                    continue;
                if (colon && colon < eq) {
                    size_t pn = (size_t)(colon - v);
                    const char *did = cx_detector_id(d);
                    if (!((strlen(name) == pn && !strncmp(v, name, pn)) ||
                          (strlen(did) == pn && !strncmp(v, did, pn))))
                        continue;
                    v = colon + 1;
                    eq = strchr(v, '=');
                }
                char pname[128];
                size_t pl = (size_t)(eq - v);
                if (pl >= sizeof pname)
                    continue;
                memcpy(pname, v, pl);
                pname[pl] = '\0';
                int id = cx_model_param_lookup(m, pname);
                double val;
                if (id < 0 ||
                    cx_param_parse_value(cx_model_param_info(m, id), eq + 1, &val) != CX_OK ||
                    cx_model_set_param(m, id, val) != CX_OK) {
                    app_cmd_error(st, err, "%s: %s: cannot set '%s'", cmd, name, st->sets[k]);
                    e->model[e->n] = m;
                    e->n++;
                    exps_free(e);
                    return APP_USAGE;
                }
            }
        }
        e->model[e->n] = m;
        e->n++;
        for (size_t k = 0; k + 1 < e->n; k++) {
            const char *id = cx_detector_id(cx_model_detector(m));
            if (strcmp(id, cx_detector_id(cx_model_detector(e->model[k]))) == 0) {
                app_cmd_error(st, err,
                              "%s: two detectors have the id '%s' (%s and %s): give one its own "
                              "id",
                              cmd, id, real[k], real[e->n - 1]);
                free(real);
                exps_free(e);
                return APP_USAGE;
            }
        }
        if (o->scenario)
            cx_chi2_apply_scenario(m, o->scenario);
        if (cx_model_update(m) != CX_OK) {
            app_cmd_error(st, err, "%s: %s", cmd, cx_model_last_error(m));
            exps_free(e);
            free(real);
            return APP_ERR;
        }
        memset(&copts, 0, sizeof copts);
        copts.window = o->window;
        msg[0] = '\0';
        e->chi2[e->n - 1] = cx_chi2_alloc_name(stat, m, &copts, &status, msg, sizeof msg);
        if (!e->chi2[e->n - 1]) {
            app_cmd_error(st, err, "%s: %s", cmd, msg[0] ? msg : cx_strerror(status));
            exps_free(e);
            free(real);
            return status == CX_ENOTFOUND ? APP_USAGE : APP_ERR;
        }
    }
    free(real);
    e->fit = cx_chi2_fit_alloc(e->n, (const cx_model *const *)e->model,
                               (const cx_chi2 *const *)e->chi2, &status);
    if (!e->fit) {
        app_cmd_error(st, err, "%s: %s", cmd, cx_strerror(status));
        exps_free(e);
        return APP_ERR;
    }
    return APP_OK;
}

/* Checks a parameter name against every experiment; reports unknown ones. */
static int check_param(app_state *st, experiments *e, const char *name, FILE *err, const char *cmd,
                       const cx_param_info **info)
{
    int h, status = cx_chi2_fit_param(e->fit, name, &h);
    if (status == CX_ENOTFOUND) {
        char sugg[256];
        /* Known to some detectors but not all (an isotope's radius): say which. */
        size_t have = 0, lack = e->n;
        for (size_t i = 0; i < e->n; i++) {
            if (cx_model_param_lookup(e->model[i], name) >= 0)
                have++;
            else if (lack == e->n)
                lack = i;
        }
        if (have > 0 && lack < e->n) {
            app_cmd_error(st, err,
                          "%s: parameter '%s' does not exist for detector %s (not every "
                          "detector has it)",
                          cmd, name, cx_detector_id(cx_model_detector(e->model[lack])));
            return APP_USAGE;
        }
        suggest_param(st, name, sugg, sizeof sugg);
        app_cmd_error(st, err, "%s: unknown parameter '%s'%s", cmd, name,
                      sugg[0] ? sugg : " (try 'list params')");
        return APP_USAGE;
    }
    if (status != CX_OK) {
        app_cmd_error(st, err, "%s: %s: %s", cmd, name, cx_strerror(status));
        return APP_ERR;
    }
    *info = cx_chi2_fit_param_info(e->fit, h);
    return APP_OK;
}

static int check_range(app_state *st, FILE *err, const char *cmd, const cx_param_info *info,
                       double lo, double hi, int lg)
{
    if (!(lo < hi)) {
        app_cmd_error(st, err, "%s: empty or inverted range [%g, %g] for %s", cmd, lo, hi,
                      info->name);
        return APP_USAGE;
    }
    if (lo < info->min || hi > info->max) {
        app_cmd_error(st, err, "%s: range [%g, %g] leaves the allowed range [%g, %g] of %s", cmd,
                      lo, hi, info->min, info->max, info->name);
        return APP_USAGE;
    }
    if (lg && !(lo > 0)) {
        app_cmd_error(st, err, "%s: a logarithmic axis for %s needs a positive range", cmd,
                      info->name);
        return APP_USAGE;
    }
    return APP_OK;
}

int app_stats_scan(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    const char *cmd = argv[0];
    stats_opts o;
    experiments e;
    const cx_param_info *info, *pinfo;
    cx_scan *s = NULL;
    cx_scan_res r;
    double lo, hi, crit, *dchi2 = NULL;
    size_t n;
    int rc, status, lg;
    app_format fmt;

    rc = stats_parse_opts(st, argc, argv, 1, &o, err);
    if (rc != APP_OK)
        return rc;
    n = o.has_n ? o.nx : SCAN_DEFAULT_N;
    if (o.has_n && o.nx != o.ny)
        return stats_usage(st, err, cmd, "a scan takes -n N (points), not a grid '%s'", "NXxNY");
    if (n < 2)
        return stats_usage(st, err, cmd, "need at least 3 points (-n), not %zu", n);
    if (n > 100000)
        return stats_usage(st, err, cmd, "at most 100000 points (-n)");
    for (size_t j = 0; j < o.n_prof; j++) {
        if (strcmp(o.profiles[j], o.pos[0]) == 0)
            return stats_usage(st, err, cmd, "cannot profile the scanned parameter '%s'", o.pos[0]);
        for (size_t k = 0; k < j; k++)
            if (strcmp(o.profiles[j], o.profiles[k]) == 0)
                return stats_usage(st, err, cmd, "parameter '%s' profiled twice", o.profiles[j]);
    }
    if (o.has_cl && o.has_dchi2)
        return stats_usage(st, err, cmd, "give --cl or --dchi2, not both");
    rc = exps_build(st, &o, &e, err, cmd);
    if (rc != APP_OK)
        return rc;
    rc = check_param(st, &e, o.pos[0], err, cmd, &info);
    for (size_t j = 0; rc == APP_OK && j < o.n_prof; j++) {
        rc = check_param(st, &e, o.profiles[j], err, cmd, &pinfo);
        /* A minimiser moves continuous values; a label (form-factor model,
         * on/off switch) has none between its choices. */
        if (rc == APP_OK && pinfo->scale == CX_SCALE_ENUM) {
            app_cmd_error(st, err,
                          "%s: cannot profile '%s': it takes labels, not continuous "
                          "values",
                          cmd, o.profiles[j]);
            rc = APP_USAGE;
        }
    }
    if (rc != APP_OK) {
        exps_free(&e);
        return rc;
    }
    cx_scan_default_range(info, NAN, o.log_x ? 1 : o.lin_x ? 0 : -1, &lo, &hi, &lg);
    if (o.has_from)
        lo = o.from;
    if (o.has_to)
        hi = o.to;
    rc = check_range(st, err, cmd, info, lo, hi, lg);
    if (rc == APP_OK && info->scale == CX_SCALE_ENUM) {
        /* an enumerated parameter is scanned over its labels lo..hi */
        size_t labels = (size_t)(hi - lo) + 1;
        if (lo != floor(lo) || hi != floor(hi) || lg)
            rc = stats_usage(st, err, cmd, "%s takes labels: --from/--to must be label numbers",
                             info->name);
        else if (!o.has_n)
            n = labels;
        else if (n != labels)
            rc = stats_usage(st, err, cmd, "%s has %zu labels from %g to %g: -n %zu, not %zu",
                             info->name, labels, lo, hi, labels, n);
    } else if (rc == APP_OK && n < 3)
        rc = stats_usage(st, err, cmd, "need at least 3 points (-n), not %zu", n);
    if (rc != APP_OK) {
        exps_free(&e);
        return rc;
    }
    crit = o.has_dchi2 ? o.dchi2 : cx_chi2_dchi2_for_cl(o.has_cl ? o.cl : 90.0, 1);

    s = cx_scan_alloc(e.fit, n < 3 ? 3 : n, &status);
    if (!s) {
        app_cmd_error(st, err, "%s: %s", cmd, cx_strerror(status));
        exps_free(&e);
        return APP_ERR;
    }
    for (size_t j = 0; j < o.n_prof; j++)
        cx_scan_add_profile(s, o.profiles[j]);
    cx_scan_set_dchi2(s, crit);
    cx_scan_set_log(s, lg);
    status = cx_scan_init(s, o.pos[0], lo, hi, n);
    if (status != CX_OK) {
        app_cmd_error(st, err, "%s: %s: %s", cmd, o.pos[0], cx_strerror(status));
        cx_scan_free(s);
        exps_free(&e);
        return APP_USAGE;
    }
    while ((status = cx_scan_step(s, STEP_BUDGET)) == CX_CONTINUE)
        if (app_cancel_pending()) {
            app_cmd_error(st, err, "%s: interrupted", cmd);
            cx_scan_free(s);
            exps_free(&e);
            return APP_INTERRUPTED;
        }
    if (status != CX_OK || cx_scan_result(s, &r) != CX_OK) {
        app_cmd_error(st, err, "%s: %s", cmd, cx_scan_last_error(s));
        cx_scan_free(s);
        exps_free(&e);
        return APP_ERR;
    }
    dchi2 = app_xmalloc(r.n_points * sizeof *dchi2);
    for (size_t i = 0; i < r.n_points; i++)
        dchi2[i] = r.chi2[i] - r.chi2_min;
    fmt = o.format >= 0 ? (app_format)o.format : st->format;
    if (o.fc) {
        rc = stats_scan_fc(st, out, err, &o, &e, &r, lg, (int)fmt, argc, argv);
        free(dchi2);
        cx_scan_free(s);
        exps_free(&e);
        return rc;
    }
    if (fmt == APP_FMT_JSON)
        stats_scan_json(out, &o, &e, &r, dchi2);
    else if (fmt == APP_FMT_CSV)
        app_output_scan_csv(st, out, r.param, r.n_points, r.x, r.chi2, r.chi2_min, r.n_profile,
                            o.profiles, r.profile, r.profile_stride);
    else if (o.plot) {
        o.summary = 1;
        stats_scan_text(out, &o, &e, &r, dchi2);
        stats_scan_plot(out, st, &o, &r, dchi2, lg);
    } else
        stats_scan_text(out, &o, &e, &r, dchi2);
    free(dchi2);
    cx_scan_free(s);
    exps_free(&e);
    return APP_OK;
}

int app_stats_contour(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    const char *cmd = argv[0];
    stats_opts o;
    experiments e;
    const cx_param_info *ix, *iy;
    cx_contour *c = NULL;
    cx_contour_res r;
    double xlo, xhi, ylo, yhi, crit;
    size_t nx, ny;
    int rc, status, lx, ly;
    app_format fmt;

    rc = stats_parse_opts(st, argc, argv, 2, &o, err);
    if (rc != APP_OK)
        return rc;
    if (o.n_prof)
        return stats_usage(st, err, cmd, "--profile is not supported by contour (yet)");
    nx = o.has_n ? o.nx : CONTOUR_DEFAULT_N;
    ny = o.has_n ? o.ny : CONTOUR_DEFAULT_N;
    if (nx < 3 || ny < 3)
        return stats_usage(st, err, cmd, "need at least 3 points per axis (-n NXxNY)");
    if (nx > MAX_GRID || ny > MAX_GRID)
        return stats_usage(st, err, cmd, "at most %d points per axis (-n)", MAX_GRID);
    if (strcmp(o.pos[0], o.pos[1]) == 0)
        return stats_usage(st, err, cmd, "the two parameters must differ (both '%s')", o.pos[0]);
    if (o.has_cl && o.has_dchi2)
        return stats_usage(st, err, cmd, "give --cl or --dchi2, not both");
    rc = exps_build(st, &o, &e, err, cmd);
    if (rc != APP_OK)
        return rc;
    rc = check_param(st, &e, o.pos[0], err, cmd, &ix);
    if (rc == APP_OK)
        rc = check_param(st, &e, o.pos[1], err, cmd, &iy);
    if (rc != APP_OK) {
        exps_free(&e);
        return rc;
    }
    cx_scan_default_range(ix, NAN, o.log_x ? 1 : o.lin_x ? 0 : -1, &xlo, &xhi, &lx);
    cx_scan_default_range(iy, NAN, o.log_y ? 1 : o.lin_y ? 0 : -1, &ylo, &yhi, &ly);
    if (o.has_from)
        xlo = o.from;
    if (o.has_to)
        xhi = o.to;
    if (o.has_yfrom)
        ylo = o.yfrom;
    if (o.has_yto)
        yhi = o.yto;
    rc = check_range(st, err, cmd, ix, xlo, xhi, lx);
    if (rc == APP_OK)
        rc = check_range(st, err, cmd, iy, ylo, yhi, ly);
    if (rc != APP_OK) {
        exps_free(&e);
        return rc;
    }
    crit = o.has_dchi2 ? o.dchi2 : cx_chi2_dchi2_for_cl(o.has_cl ? o.cl : 90.0, 2);

    c = cx_contour_alloc(e.fit, nx, ny, &status);
    if (!c) {
        app_cmd_error(st, err, "%s: %s", cmd, cx_strerror(status));
        exps_free(&e);
        return APP_ERR;
    }
    cx_contour_set_dchi2(c, crit);
    status = cx_contour_init(c, o.pos[0], xlo, xhi, nx, lx, o.pos[1], ylo, yhi, ny, ly);
    if (status != CX_OK) {
        app_cmd_error(st, err, "%s: %s", cmd, cx_strerror(status));
        cx_contour_free(c);
        exps_free(&e);
        return APP_USAGE;
    }
    while ((status = cx_contour_step(c, STEP_BUDGET)) == CX_CONTINUE)
        if (app_cancel_pending()) {
            app_cmd_error(st, err, "%s: interrupted", cmd);
            cx_contour_free(c);
            exps_free(&e);
            return APP_INTERRUPTED;
        }
    if (status != CX_OK || cx_contour_result(c, &r) != CX_OK) {
        app_cmd_error(st, err, "%s: %s", cmd, cx_contour_last_error(c));
        cx_contour_free(c);
        exps_free(&e);
        return APP_ERR;
    }
    fmt = o.format >= 0 ? (app_format)o.format : st->format;
    if (o.fc) {
        rc = stats_contour_fc(st, out, err, &o, &e, &r, (int)fmt, argc, argv);
        cx_contour_free(c);
        exps_free(&e);
        return rc;
    }
    if (fmt == APP_FMT_JSON)
        stats_contour_json(out, &e, &r);
    else if (fmt == APP_FMT_CSV)
        app_output_contour_csv(st, out, &r);
    else {
        stats_contour_text(out, &o, &e, &r);
        if (o.plot)
            stats_contour_plot(out, st, &o, &r);
    }
    cx_contour_free(c);
    exps_free(&e);
    return APP_OK;
}

/* ------------------------------------------------------------------- fit */

#define FIT_MAX_FREE 8
#define FIT_BAD 1e300

/* The free parameters of a fit: physics parameters by handle, and the CEvNS
 * normalisation "signal" (one factor 1 + a common to every detector). */
typedef struct {
    experiments *e;
    size_t np;
    int is_signal[FIT_MAX_FREE];
    int h[FIT_MAX_FREE];
    const char *name[FIT_MAX_FREE];
    double lo[FIT_MAX_FREE], hi[FIT_MAX_FREE]; /* allowed range */
    double span[FIT_MAX_FREE];                 /* typical scale for the steps */
    int has_signal;
    int status; /* first failure other than a forbidden point */
} fitctx;

static double fit_eval(fitctx *c, const double *x, cx_poisson_result *res)
{
    cx_poisson_opts po = {CX_POISSON_SIGNAL_PULL, 0.0};
    const cx_model *mm[MAX_DETS];
    double chi2;
    for (size_t j = 0; j < c->np; j++) {
        if (!(x[j] >= c->lo[j] && x[j] <= c->hi[j]))
            return FIT_BAD;
        if (c->is_signal[j]) {
            po.signal = CX_POISSON_SIGNAL_FIXED;
            po.signal_value = x[j];
        } else if (cx_chi2_fit_set(c->e->fit, c->h[j], x[j]) != CX_OK) {
            return FIT_BAD;
        }
    }
    for (size_t i = 0; i < c->e->n; i++) {
        cx_model *m = cx_chi2_fit_model(c->e->fit, i);
        int st = cx_model_update(m);
        if (st != CX_OK) {
            c->status = st;
            return FIT_BAD;
        }
        mm[i] = m;
    }
    int st = cx_chi2_poisson_eval(c->e->n, (const cx_chi2 *const *)c->e->chi2, mm, &po, &chi2, res);
    if (st == CX_ERANGE) /* the model predicts nothing where events were seen */
        return FIT_BAD;
    if (st != CX_OK) {
        c->status = st;
        return FIT_BAD;
    }
    return chi2;
}

/* Golden-section minimum of coordinate j in [a, b] (others held). */
static double fit_golden(fitctx *c, double *x, size_t j, double a, double b)
{
    const double g = 0.5 * (3.0 - sqrt(5.0));
    double u = a + g * (b - a), v = b - g * (b - a), fu, fv;
    x[j] = u;
    fu = fit_eval(c, x, NULL);
    x[j] = v;
    fv = fit_eval(c, x, NULL);
    for (int it = 0; it < 60 && (b - a) > 1e-9 * (fabs(a) + fabs(b) + c->span[j] * 1e-3); it++) {
        if (fu <= fv) {
            b = v;
            v = u;
            fv = fu;
            u = a + g * (b - a);
            x[j] = u;
            fu = fit_eval(c, x, NULL);
        } else {
            a = u;
            u = v;
            fu = fv;
            v = b - g * (b - a);
            x[j] = v;
            fv = fit_eval(c, x, NULL);
        }
    }
    x[j] = fu <= fv ? u : v;
    return fu <= fv ? fu : fv;
}

/* Minimises over every free coordinate but skip (SIZE_MAX: none), by
 * coordinate descent: a coarse grid over the range in the first cycle, then
 * golden sections around the current point. */
static double fit_minimise(fitctx *c, double *x, size_t skip, int coarse)
{
    double f = fit_eval(c, x, NULL);
    size_t nfree = c->np - (skip < c->np ? 1 : 0);
    if (nfree == 0)
        return f;
    for (int cycle = 0; cycle < (nfree > 1 ? 6 : 1); cycle++) {
        double f0 = f;
        for (size_t j = 0; j < c->np; j++) {
            if (j == skip)
                continue;
            double a, b;
            if (coarse && cycle == 0) {
                /* 60 grid points over the range, the best with its neighbours */
                const int ng = 60;
                double best = FIT_BAD, xb = x[j], step = (c->hi[j] - c->lo[j]) / ng;
                for (int k = 0; k <= ng; k++) {
                    x[j] = c->lo[j] + step * k;
                    double v = fit_eval(c, x, NULL);
                    if (v < best) {
                        best = v;
                        xb = x[j];
                    }
                }
                a = fmax(c->lo[j], xb - step);
                b = fmin(c->hi[j], xb + step);
            } else {
                double h = 0.05 * c->span[j];
                a = fmax(c->lo[j], x[j] - h);
                b = fmin(c->hi[j], x[j] + h);
            }
            double xs = x[j];
            double v = fit_golden(c, x, j, a, b);
            if (v > f) { /* keep the better point */
                x[j] = xs;
                v = fit_eval(c, x, NULL);
            }
            f = v;
        }
        if (cycle > 0 && f0 - f < 1e-9)
            break;
    }
    return f;
}

/* The profiled dchi2 = level crossing of coordinate j on side dir (+1, -1);
 * returns the range end when it is not reached (*hit = 0). */
static double fit_edge(fitctx *c, const double *xbest, double fmin, size_t j, int dir, double level,
                       int *hit)
{
    double x[FIT_MAX_FREE], inside = xbest[j], outside, h = 0.01 * c->span[j];
    const double end = dir > 0 ? c->hi[j] : c->lo[j];
    memcpy(x, xbest, c->np * sizeof *x);
    *hit = 0;
    for (;;) {
        double t = inside + dir * h;
        if ((dir > 0 && t >= end) || (dir < 0 && t <= end))
            t = end;
        x[j] = t;
        double f = fit_minimise(c, x, j, 0) - fmin;
        if (f > level) {
            outside = t;
            *hit = 1;
            break;
        }
        inside = t;
        if (t == end)
            return end;
        h *= 2;
    }
    for (int it = 0; it < 40; it++) {
        double mid = 0.5 * (inside + outside);
        memcpy(x, xbest, c->np * sizeof *x);
        x[j] = mid;
        if (fit_minimise(c, x, j, 0) - fmin > level)
            outside = mid;
        else
            inside = mid;
        if (fabs(outside - inside) < 1e-6 * c->span[j])
            break;
    }
    return 0.5 * (inside + outside);
}

int app_stats_fit(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    const char *cmd = argv[0];
    stats_opts o;
    experiments e;
    fitctx c;
    char list[512];
    double x[FIT_MAX_FREE], lo[FIT_MAX_FREE], hi[FIT_MAX_FREE];
    int hitlo[FIT_MAX_FREE], hithi[FIT_MAX_FREE];
    cx_poisson_result res;
    int rc;

    rc = stats_parse_opts(st, argc, argv, 0, &o, err);
    if (rc != APP_OK)
        return rc;
    rc = exps_build(st, &o, &e, err, cmd);
    if (rc != APP_OK)
        return rc;
    if (e.n > CX_POISSON_MAX_DETECTORS) {
        exps_free(&e);
        return stats_usage(st, err, cmd, "at most %d detectors", CX_POISSON_MAX_DETECTORS);
    }
    for (size_t i = 0; i < e.n; i++)
        if (!cx_chi2_is_poisson(e.chi2[i])) {
            app_cmd_error(st, err, "%s: %s: fit needs --stat poisson or asimov, not '%s'", cmd,
                          cx_detector_id(cx_model_detector(e.model[i])), cx_chi2_name(e.chi2[i]));
            exps_free(&e);
            return APP_USAGE;
        }
    memset(&c, 0, sizeof c);
    c.e = &e;
    snprintf(list, sizeof list, "%s", o.free_list ? o.free_list : "signal");
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        const cx_param_info *info;
        if (c.np >= FIT_MAX_FREE) {
            exps_free(&e);
            return stats_usage(st, err, cmd, "at most %d free parameters", FIT_MAX_FREE);
        }
        for (size_t k = 0; k < c.np; k++)
            if (strcmp(c.name[k], tok) == 0) {
                exps_free(&e);
                return stats_usage(st, err, cmd, "parameter '%s' given twice in --free", tok);
            }
        c.name[c.np] = argv[0] == tok ? tok : NULL;
        if (strcmp(tok, "signal") == 0) {
            /* the CEvNS normalisation 1 + a, common to all detectors; a from
             * -1 (no CEvNS) to 4 (five times the model) */
            c.is_signal[c.np] = 1;
            c.lo[c.np] = -1.0;
            c.hi[c.np] = 4.0;
            c.span[c.np] = 1.0;
            x[c.np] = 0.0;
            c.has_signal = 1;
            c.name[c.np] = "signal";
        } else {
            rc = check_param(st, &e, tok, err, cmd, &info);
            if (rc == APP_OK && info->scale == CX_SCALE_ENUM) {
                app_cmd_error(st, err, "%s: cannot fit '%s': it takes labels", cmd, tok);
                rc = APP_USAGE;
            }
            if (rc != APP_OK) {
                exps_free(&e);
                return rc;
            }
            cx_chi2_fit_param(e.fit, tok, &c.h[c.np]);
            c.name[c.np] = info->name;
            c.lo[c.np] = info->min;
            c.hi[c.np] = info->max;
            /* search within the parameter's scan range (the registry's) */
            if (info->scan_hi > info->scan_lo) {
                c.lo[c.np] = fmax(info->min, info->scan_lo);
                c.hi[c.np] = fmin(info->max, info->scan_hi);
            }
            c.span[c.np] = c.hi[c.np] - c.lo[c.np];
            x[c.np] = cx_chi2_fit_get(e.fit, c.h[c.np]);
            if (!(x[c.np] >= c.lo[c.np] && x[c.np] <= c.hi[c.np]))
                x[c.np] = 0.5 * (c.lo[c.np] + c.hi[c.np]);
        }
        c.np++;
    }
    if (c.np == 0) {
        exps_free(&e);
        return stats_usage(st, err, cmd, "--free needs at least one parameter");
    }
    double fmin = fit_minimise(&c, x, SIZE_MAX, 1);
    if (!(fmin < FIT_BAD)) {
        app_cmd_error(st, err, "%s: %s", cmd,
                      c.status != CX_OK ? cx_strerror(c.status)
                                        : "the model predicts no events in a bin with counts");
        exps_free(&e);
        return APP_ERR;
    }
    for (size_t j = 0; j < c.np; j++) {
        lo[j] = fit_edge(&c, x, fmin, j, -1, 1.0, &hitlo[j]);
        hi[j] = fit_edge(&c, x, fmin, j, +1, 1.0, &hithi[j]);
    }
    fit_eval(&c, x, &res);
    /* the signal in events: (1 + a) times the model's CEvNS events */
    double smodel = res.signal_model;
    app_format fmt = o.format >= 0 ? (app_format)o.format : st->format;
    char dets[512] = "";
    for (size_t i = 0; i < e.n; i++) {
        size_t l = strlen(dets);
        snprintf(dets + l, sizeof dets - l, "%s%s", i ? "+" : "",
                 cx_detector_id(cx_model_detector(e.model[i])));
    }
    const char *stat = cx_chi2_name(e.chi2[0]);
    if (fmt == APP_FMT_JSON) {
        fprintf(out, "{\"detector\": ");
        app_output_json_string(out, dets);
        fprintf(out, ", \"stat\": ");
        app_output_json_string(out, stat);
        fprintf(out, ", \"chi2\": %.10g, \"bins\": %zu, \"free\": {", res.chi2, res.n_bins);
        for (size_t j = 0; j < c.np; j++) {
            double f = c.is_signal[j] ? smodel : 1.0, off = c.is_signal[j] ? smodel : 0.0;
            fprintf(out, "%s", j ? ", " : "");
            app_output_json_string(out, c.name[j]);
            fprintf(out, ": {\"best\": %.10g, \"lo\": %.10g, \"hi\": %.10g}", off + f * x[j],
                    off + f * lo[j], off + f * hi[j]);
        }
        fprintf(out, "}, \"nuisances\": {");
        int first = 1;
        for (size_t k = 0; k < res.n_nuis; k++) {
            if (res.sigma[k] == 0) /* held: the signal when it is a free parameter */
                continue;
            fprintf(out, "%s", first ? "" : ", ");
            first = 0;
            app_output_json_string(out, res.name[k]);
            fprintf(out, ": %.10g", res.pull[k]);
        }
        fprintf(out, "}, \"signal_events\": %.10g}\n", res.signal_events);
    } else if (fmt == APP_FMT_CSV) {
        fprintf(out, "kind,name,best,lo,hi\n");
        fprintf(out, "chi2,%s,%.10g,,\nbins,%s,%zu,,\n", stat, res.chi2, dets, res.n_bins);
        for (size_t j = 0; j < c.np; j++) {
            double f = c.is_signal[j] ? smodel : 1.0, off = c.is_signal[j] ? smodel : 0.0;
            fprintf(out, "free,%s,%.10g,%.10g,%.10g\n", c.name[j], off + f * x[j], off + f * lo[j],
                    off + f * hi[j]);
        }
        for (size_t k = 0; k < res.n_nuis; k++)
            if (res.sigma[k] != 0)
                fprintf(out, "nuisance,%s,%.10g,,\n", res.name[k], res.pull[k]);
        fprintf(out, "signal_events,,%.10g,,\n", res.signal_events);
    } else {
        fprintf(out, "fit %s (%s): chi2_min = %.6g over %zu bins (chi2/bins = %.3f)\n", dets, stat,
                res.chi2, res.n_bins, res.chi2 / (double)(res.n_bins ? res.n_bins : 1));
        for (size_t j = 0; j < c.np; j++) {
            double f = c.is_signal[j] ? smodel : 1.0, off = c.is_signal[j] ? smodel : 0.0;
            fprintf(out, "  %-12s = %-10.6g 1 sigma [%s%.6g, %.6g%s]%s\n", c.name[j],
                    off + f * x[j], hitlo[j] ? "" : "<", off + f * lo[j], off + f * hi[j],
                    hithi[j] ? "" : ">", c.is_signal[j] ? " CEvNS events" : "");
        }
        if (c.has_signal)
            fprintf(out, "  model CEvNS events in the bins: %.6g\n", smodel);
        fprintf(out, "  fitted CEvNS events: %.6g\n", res.signal_events);
        fprintf(out, "nuisances (pull: fraction of the normalisation, or standard deviations "
                     "of a shape)\n");
        for (size_t k = 0; k < res.n_nuis; k++) {
            if (res.sigma[k] == 0)
                continue;
            if (isinf(res.sigma[k]))
                fprintf(out, "  %-32s %10.4f (free)\n", res.name[k], res.pull[k]);
            else
                fprintf(out, "  %-32s %10.4f (sigma %.4g)\n", res.name[k], res.pull[k],
                        res.sigma[k]);
        }
    }
    exps_free(&e);
    return APP_OK;
}
