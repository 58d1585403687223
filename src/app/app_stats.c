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

/* Default range [lo, hi] of a parameter for scans, with a positive lower end
 * on a log axis. */
static void default_range(const cx_param_info *info, int lg, double *lo, double *hi)
{
    *lo = info->scan_lo;
    *hi = info->scan_hi;
    if (lg && !(*lo > 0))
        *lo = info->log_floor > 0 ? info->log_floor : *hi * 1e-4;
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
    if (n < 3)
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
    if (!st->model || !st->det) {
        app_cmd_error(st, err, "%s: no detector loaded", cmd);
        return APP_ERR;
    }
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
    lg = o.log_x || (!o.lin_x && info->scale == CX_SCALE_LOG && info->scan_lo > 0);
    default_range(info, lg, &lo, &hi);
    if (o.has_from)
        lo = o.from;
    if (o.has_to)
        hi = o.to;
    rc = check_range(st, err, cmd, info, lo, hi, lg);
    if (rc != APP_OK) {
        exps_free(&e);
        return rc;
    }
    crit = o.has_dchi2 ? o.dchi2 : cx_chi2_dchi2_for_cl(o.has_cl ? o.cl : 90.0, 1);

    s = cx_scan_alloc(e.fit, n, &status);
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
    if (fmt == APP_FMT_JSON)
        stats_scan_json(out, &o, &e, &r, dchi2);
    else if (fmt == APP_FMT_CSV)
        stats_scan_csv(out, &o, &r, dchi2);
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
    if (!st->model || !st->det) {
        app_cmd_error(st, err, "%s: no detector loaded", cmd);
        return APP_ERR;
    }
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
    lx = o.log_x || (!o.lin_x && ix->scale == CX_SCALE_LOG && ix->scan_lo > 0);
    ly = o.log_y || (!o.lin_y && iy->scale == CX_SCALE_LOG && iy->scan_lo > 0);
    default_range(ix, lx, &xlo, &xhi);
    default_range(iy, ly, &ylo, &yhi);
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
    if (fmt == APP_FMT_JSON)
        stats_contour_json(out, &e, &r);
    else if (fmt == APP_FMT_CSV)
        stats_contour_csv(out, &r);
    else {
        stats_contour_text(out, &o, &e, &r);
        if (o.plot)
            stats_contour_plot(out, st, &o, &r);
    }
    cx_contour_free(c);
    exps_free(&e);
    return APP_OK;
}
