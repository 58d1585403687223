/* app_stats.c - the statistics commands of the interpreter: `scan` (Delta
 * chi2 along one parameter, confidence intervals) and `contour` (Delta chi2
 * over two parameters, confidence regions), over one or more detectors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_stats.h"

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

#define MAX_DETS 16
#define MAX_PROFILE CX_SCAN_MAX_PROFILE
#define SCAN_DEFAULT_N 201
#define CONTOUR_DEFAULT_N 101
#define MAX_GRID 2001 /* points per axis; 2001 x 2001 chi2 values is 32 MB */
/* Grid points per slice between two looks at app_cancel_pending(): a profiled
 * point costs up to a few ms, so Ctrl-C is seen well within 100 ms. */
#define STEP_BUDGET 4
#define PLOT_W 72
#define PLOT_H 20

typedef struct {
    const char *pos[2];
    int n_pos;
    const char *dets[MAX_DETS];
    size_t n_det;
    size_t nx, ny;
    int has_n;
    double from, to, yfrom, yto;
    int has_from, has_to, has_yfrom, has_yto;
    double cl, dchi2;
    int has_cl, has_dchi2;
    const char *profiles[MAX_PROFILE];
    size_t n_prof;
    const char *stat;
    int scenario;
    int window;
    int log_x, log_y, lin_x, lin_y;
    int plot;
    const char *plot_tier;
    int format; /* -1: st->format */
    int summary;
} stats_opts;

/* --------------------------------------------------------------- parsing --- */

/* Option values use the one number grammar of the program (cx_text.h), as
 * `set` and detector files do: "0x1p-3" is refused here too. */
static int parse_double(const char *s, double *v)
{
    return cx_text_parse_number(s, v) == CX_OK ? 0 : -1;
}

static int parse_size(const char *s, size_t *v)
{
    char *end;
    long x;
    if (!s || !*s)
        return -1;
    errno = 0;
    x = strtol(s, &end, 10);
    if (*end || errno || x < 0)
        return -1;
    *v = (size_t)x;
    return 0;
}

/* Matches argv[*i] against an option with a value: "-x V", "-xV" (short),
 * "--long V", "--long=V". Returns 1 and sets *val when it matches, 0 when it
 * does not, -1 when the value is missing. */
static int opt_value(int argc, char **argv, int *i, char shrt, const char *lng, const char **val)
{
    const char *a = argv[*i];
    size_t ll = lng ? strlen(lng) : 0;
    if (shrt && a[0] == '-' && a[1] == shrt) {
        if (a[2]) {
            *val = a + 2;
            return 1;
        }
    } else if (lng && a[0] == '-' && a[1] == '-' && strncmp(a + 2, lng, ll) == 0 &&
               (a[2 + ll] == '\0' || a[2 + ll] == '=')) {
        if (a[2 + ll] == '=') {
            *val = a + 3 + ll;
            return 1;
        }
    } else {
        return 0;
    }
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

static int usage(app_state *st, FILE *err, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int usage(app_state *st, FILE *err, const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    app_cmd_error(st, err, "%s: %s", cmd, msg);
    return APP_USAGE;
}

static int parse_opts(app_state *st, int argc, char **argv, int npos, stats_opts *o, FILE *err)
{
    const char *cmd = argv[0], *v;
    memset(o, 0, sizeof *o);
    o->format = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (a[0] != '-' || a[1] == '\0' || (a[1] >= '0' && a[1] <= '9') || a[1] == '.') {
            if (o->n_pos >= npos)
                return usage(st, err, cmd, "unexpected argument '%s'", a);
            o->pos[o->n_pos++] = a;
            continue;
        }
#define VALUE(s, l)                                                                                \
    ((r = opt_value(argc, argv, &i, s, l, &v)) < 0                                                 \
         ? (usage(st, err, cmd, "option '%s' needs a value", a), -1)                               \
         : r)
        if ((r = VALUE('d', "detector")) != 0) {
            if (r < 0)
                return APP_USAGE;
            if (o->n_det >= MAX_DETS)
                return usage(st, err, cmd, "too many detectors (at most %d)", MAX_DETS);
            o->dets[o->n_det++] = v;
        } else if ((r = VALUE('n', "points")) != 0) {
            const char *x;
            if (r < 0)
                return APP_USAGE;
            x = strchr(v, 'x');
            if (x) {
                char buf[64];
                size_t len = (size_t)(x - v);
                if (len >= sizeof buf)
                    return usage(st, err, cmd, "bad grid size '%s' (want N or NXxNY)", v);
                memcpy(buf, v, len);
                buf[len] = '\0';
                if (parse_size(buf, &o->nx) || parse_size(x + 1, &o->ny))
                    return usage(st, err, cmd, "bad grid size '%s' (want N or NXxNY)", v);
            } else {
                if (parse_size(v, &o->nx))
                    return usage(st, err, cmd, "bad number of points '%s'", v);
                o->ny = o->nx;
            }
            o->has_n = 1;
        } else if ((r = VALUE(0, "from")) != 0 || (r = VALUE(0, "x-from")) != 0) {
            if (r < 0 || parse_double(v, &o->from))
                return r < 0 ? APP_USAGE : usage(st, err, cmd, "bad number '%s' for --from", v);
            o->has_from = 1;
        } else if ((r = VALUE(0, "to")) != 0 || (r = VALUE(0, "x-to")) != 0) {
            if (r < 0 || parse_double(v, &o->to))
                return r < 0 ? APP_USAGE : usage(st, err, cmd, "bad number '%s' for --to", v);
            o->has_to = 1;
        } else if ((r = VALUE(0, "y-from")) != 0) {
            if (r < 0 || parse_double(v, &o->yfrom))
                return r < 0 ? APP_USAGE : usage(st, err, cmd, "bad number '%s' for --y-from", v);
            o->has_yfrom = 1;
        } else if ((r = VALUE(0, "y-to")) != 0) {
            if (r < 0 || parse_double(v, &o->yto))
                return r < 0 ? APP_USAGE : usage(st, err, cmd, "bad number '%s' for --y-to", v);
            o->has_yto = 1;
        } else if ((r = VALUE(0, "cl")) != 0) {
            if (r < 0)
                return APP_USAGE;
            if (parse_double(v, &o->cl) || cx_chi2_dchi2_for_cl(o->cl, 1) == 0)
                return usage(st, err, cmd, "--cl takes 68, 90, 95 or 99, not '%s'", v);
            o->has_cl = 1;
        } else if ((r = VALUE(0, "dchi2")) != 0) {
            if (r < 0)
                return APP_USAGE;
            if (parse_double(v, &o->dchi2) || !(o->dchi2 > 0))
                return usage(st, err, cmd, "--dchi2 needs a positive number, not '%s'", v);
            o->has_dchi2 = 1;
        } else if ((r = VALUE(0, "profile")) != 0) {
            if (r < 0)
                return APP_USAGE;
            if (o->n_prof >= MAX_PROFILE)
                return usage(st, err, cmd, "too many --profile parameters (at most %d)",
                             MAX_PROFILE);
            o->profiles[o->n_prof++] = v;
        } else if ((r = VALUE(0, "stat")) != 0) {
            if (r < 0)
                return APP_USAGE;
            o->stat = v;
        } else if ((r = VALUE(0, "scenario")) != 0) {
            size_t k;
            if (r < 0)
                return APP_USAGE;
            if (parse_size(v, &k) || k < 1 || k > 4)
                return usage(st, err, cmd, "--scenario takes 1, 2, 3 or 4, not '%s'", v);
            o->scenario = (int)k;
        } else if ((r = VALUE('f', "format")) != 0) {
            if (r < 0)
                return APP_USAGE;
            if (strcmp(v, "text") == 0)
                o->format = APP_FMT_TEXT;
            else if (strcmp(v, "csv") == 0)
                o->format = APP_FMT_CSV;
            else if (strcmp(v, "json") == 0)
                o->format = APP_FMT_JSON;
            else
                return usage(st, err, cmd, "unknown format '%s' (one of text, csv, json)", v);
        } else if (strcmp(a, "--plot") == 0) {
            o->plot = 1;
        } else if (strncmp(a, "--plot=", 7) == 0) {
            plot_tier t;
            o->plot = 1;
            o->plot_tier = a + 7;
            if (plot_tier_parse(o->plot_tier, &t) != 0)
                return usage(st, err, cmd, "unknown plot style '%s' (braille, block, ascii)",
                             o->plot_tier);
        } else if (strcmp(a, "--window") == 0) {
            o->window = 1;
        } else if (strcmp(a, "--log") == 0 || strcmp(a, "--log-x") == 0) {
            o->log_x = 1;
        } else if (strcmp(a, "--log-y") == 0) {
            o->log_y = 1;
        } else if (strcmp(a, "--lin") == 0 || strcmp(a, "--lin-x") == 0) {
            o->lin_x = 1;
        } else if (strcmp(a, "--lin-y") == 0) {
            o->lin_y = 1;
        } else if (strcmp(a, "--summary") == 0) {
            o->summary = 1;
        } else {
            return usage(st, err, cmd, "unknown option '%s'", a);
        }
#undef VALUE
    }
    if (o->n_pos < npos)
        return usage(st, err, cmd, "%s",
                     npos == 1 ? "which parameter? (e.g. scan sin2w)"
                               : "which two parameters? (e.g. contour "
                                 "eps_ee_u eps_ee_d)");
    return APP_OK;
}

/* ----------------------------------------------------------- experiments --- */

typedef struct {
    size_t n;
    cx_detector *own_det[MAX_DETS];
    cx_model *model[MAX_DETS];
    cx_chi2 *chi2[MAX_DETS];
    cx_chi2_fit *fit;
} experiments;

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

static void print_dets_json(FILE *out, const experiments *e)
{
    fputs("\"detectors\": [", out);
    for (size_t i = 0; i < e->n; i++) {
        if (i)
            fputs(", ", out);
        app_output_json_string(out, cx_detector_id(cx_model_detector(e->model[i])));
    }
    fputs("], \"stat\": [", out);
    for (size_t i = 0; i < e->n; i++) {
        if (i)
            fputs(", ", out);
        app_output_json_string(out, cx_chi2_name(e->chi2[i]));
    }
    fputs("]", out);
}

static void print_dets_text(FILE *out, const experiments *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(out, "%s%s (%s)", i ? ", " : "", cx_detector_id(cx_model_detector(e->model[i])),
                cx_chi2_name(e->chi2[i]));
}

static int plot_tier_of(const app_state *st, const stats_opts *o)
{
    plot_tier t = (plot_tier)st->plot_tier;
    if (o->plot_tier)
        plot_tier_parse(o->plot_tier, &t);
    return (int)t;
}

static void print_canvas(FILE *out, plot_canvas *c)
{
    size_t need = plot_canvas_to_text(c, NULL, 0);
    char *buf = app_xmalloc(need + 1);
    plot_canvas_to_text(c, buf, need + 1);
    fputs(buf, out);
    free(buf);
}

/* ------------------------------------------------------------------ scan --- */

static void fmt_edge(char *buf, size_t n, double v, int open)
{
    snprintf(buf, n, "%.6g%s", v, open ? " (range bound)" : "");
}

static void scan_text(FILE *out, const stats_opts *o, const experiments *e, const cx_scan_res *r,
                      const double *dchi2)
{
    char a[64], b[64];
    fprintf(out, "scan %s over [%.6g, %.6g], %zu points; ", r->param, r->x[0],
            r->x[r->n_points - 1], r->n_points);
    print_dets_text(out, e);
    fputc('\n', out);
    if (r->n_profile) {
        fputs("profiled:", out);
        for (size_t j = 0; j < r->n_profile; j++)
            fprintf(out, " %s", o->profiles[j]);
        fputc('\n', out);
    }
    fprintf(out, "best fit %s = %.6g%s, chi2_min = %.6g\n", r->param, r->best_fit,
            r->best_at_bound ? " (at the range bound)" : "", r->chi2_min);
    for (size_t j = 0; j < r->n_profile; j++)
        fprintf(out, "  at best fit %s = %.6g\n", o->profiles[j], r->best_profile[j]);
    fprintf(out, "CL region (dchi2 <= %.4g):", r->dchi2_crit);
    for (size_t k = 0; k < r->n_intervals; k++) {
        fmt_edge(a, sizeof a, r->intervals[k].lo, r->intervals[k].lo_open);
        fmt_edge(b, sizeof b, r->intervals[k].hi, r->intervals[k].hi_open);
        fprintf(out, "%s [%s, %s]", k ? " U" : "", a, b);
    }
    fputc('\n', out);
    for (size_t k = 0; k < r->n_intervals; k++)
        if (r->intervals[k].lo_open || r->intervals[k].hi_open) {
            fprintf(out,
                    "note: dchi2 stays below %.4g up to the scan range bound; the region "
                    "extends beyond it (widen --from/--to)\n",
                    r->dchi2_crit);
            break;
        }
    if (strcmp(r->param, "sin2w") == 0) {
        if (isfinite(r->sensitivity_percent))
            fprintf(out, "sensitivity %.4g %% (half-width / best fit)\n", r->sensitivity_percent);
        else
            fputs("sensitivity: undefined (region not one closed interval)\n", out);
    }
    if (o->summary)
        return;
    fprintf(out, "\n%14s %14s", r->param, "dchi2");
    for (size_t j = 0; j < r->n_profile; j++)
        fprintf(out, " %14s", o->profiles[j]);
    fputc('\n', out);
    for (size_t i = 0; i < r->n_points; i++) {
        fprintf(out, "%14.7g %14.7g", r->x[i], dchi2[i]);
        for (size_t j = 0; j < r->n_profile; j++)
            fprintf(out, " %14.7g", r->profile[i * r->profile_stride + j]);
        fputc('\n', out);
    }
}

static void scan_csv(FILE *out, const stats_opts *o, const cx_scan_res *r, const double *dchi2)
{
    app_output_csv_field(out, r->param);
    fputs(",dchi2", out);
    for (size_t j = 0; j < r->n_profile; j++) {
        fputc(',', out);
        app_output_csv_field(out, o->profiles[j]);
    }
    fputc('\n', out);
    for (size_t i = 0; i < r->n_points; i++) {
        fprintf(out, "%.10g,%.10g", r->x[i], dchi2[i]);
        for (size_t j = 0; j < r->n_profile; j++)
            fprintf(out, ",%.10g", r->profile[i * r->profile_stride + j]);
        fputc('\n', out);
    }
}

static void scan_json(FILE *out, const stats_opts *o, const experiments *e, const cx_scan_res *r,
                      const double *dchi2)
{
    fputs("{\"param\": ", out);
    app_output_json_string(out, r->param);
    fputs(", \"best_fit\": ", out);
    app_output_json_number(out, r->best_fit);
    fputs(", \"chi2_min\": ", out);
    app_output_json_number(out, r->chi2_min);
    fputs(", \"dchi2_crit\": ", out);
    app_output_json_number(out, r->dchi2_crit);
    fputs(", \"intervals\": [", out);
    for (size_t k = 0; k < r->n_intervals; k++) {
        fputs(k ? ", [" : "[", out);
        app_output_json_number(out, r->intervals[k].lo);
        fputs(", ", out);
        app_output_json_number(out, r->intervals[k].hi);
        fputs("]", out);
    }
    fputs("], \"intervals_open\": [", out);
    for (size_t k = 0; k < r->n_intervals; k++)
        fprintf(out, "%s[%s, %s]", k ? ", " : "", r->intervals[k].lo_open ? "true" : "false",
                r->intervals[k].hi_open ? "true" : "false");
    fputs("], \"sensitivity_percent\": ", out);
    app_output_json_number(out, strcmp(r->param, "sin2w") == 0 ? r->sensitivity_percent : NAN);
    fputs(", ", out);
    print_dets_json(out, e);
    if (r->n_profile) {
        fputs(", \"profile\": [", out);
        for (size_t j = 0; j < r->n_profile; j++) {
            if (j)
                fputs(", ", out);
            app_output_json_string(out, o->profiles[j]);
        }
        fputs("], \"best_fit_profile\": ", out);
        app_output_json_numbers(out, r->best_profile, r->n_profile);
    }
    fputs(", \"points\": [", out);
    for (size_t i = 0; i < r->n_points; i++) {
        fputs(i ? ", [" : "[", out);
        app_output_json_number(out, r->x[i]);
        fputs(", ", out);
        app_output_json_number(out, dchi2[i]);
        for (size_t j = 0; j < r->n_profile; j++) {
            fputs(", ", out);
            app_output_json_number(out, r->profile[i * r->profile_stride + j]);
        }
        fputs("]", out);
    }
    fputs("]}\n", out);
}

static void scan_plot(FILE *out, const app_state *st, const stats_opts *o, const cx_scan_res *r,
                      const double *dchi2, int lg)
{
    plot_canvas *c = plot_canvas_alloc(PLOT_W, PLOT_H, (plot_tier)plot_tier_of(st, o));
    plot_axes ax;
    char title[256], label[32];
    double ymax = 0;
    if (!c)
        return;
    for (size_t i = 0; i < r->n_points; i++)
        if (isfinite(dchi2[i]) && dchi2[i] > ymax)
            ymax = dchi2[i];
    if (ymax > 4 * r->dchi2_crit)
        ymax = 4 * r->dchi2_crit; /* the interesting part is near the threshold */
    if (ymax < 1.5 * r->dchi2_crit)
        ymax = 1.5 * r->dchi2_crit;
    if (r->n_intervals > 0)
        snprintf(title, sizeof title, "Δχ² %s: best %.4g, [%.4g, %.4g]%s", r->param, r->best_fit,
                 r->intervals[0].lo, r->intervals[0].hi, r->n_intervals > 1 ? " U ..." : "");
    else
        snprintf(title, sizeof title, "Δχ² %s: best %.4g", r->param, r->best_fit);
    plot_axes_init(&ax);
    ax.title = title;
    ax.xmin = r->x[0];
    ax.xmax = r->x[r->n_points - 1];
    ax.ymin = 0;
    ax.ymax = ymax;
    ax.xlog = lg;
    if (plot_chart_begin(c, &ax) == PLOT_OK) {
        snprintf(label, sizeof label, "%.3g", r->dchi2_crit);
        plot_chart_hline(c, r->dchi2_crit, PLOT_EL_GRID, PLOT_STYLE_DOTTED, label);
        plot_chart_curve(c, r->x, dchi2, r->n_points, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
        plot_chart_marker(c, r->best_fit, 0.0, PLOT_EL_MARKER);
    } else {
        plot_chart_curve(c, r->x, dchi2, r->n_points, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    }
    plot_chart_end(c);
    print_canvas(out, c);
    plot_canvas_free(c);
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

    rc = parse_opts(st, argc, argv, 1, &o, err);
    if (rc != APP_OK)
        return rc;
    n = o.has_n ? o.nx : SCAN_DEFAULT_N;
    if (o.has_n && o.nx != o.ny)
        return usage(st, err, cmd, "a scan takes -n N (points), not a grid '%s'", "NXxNY");
    if (n < 3)
        return usage(st, err, cmd, "need at least 3 points (-n), not %zu", n);
    if (n > 100000)
        return usage(st, err, cmd, "at most 100000 points (-n)");
    for (size_t j = 0; j < o.n_prof; j++) {
        if (strcmp(o.profiles[j], o.pos[0]) == 0)
            return usage(st, err, cmd, "cannot profile the scanned parameter '%s'", o.pos[0]);
        for (size_t k = 0; k < j; k++)
            if (strcmp(o.profiles[j], o.profiles[k]) == 0)
                return usage(st, err, cmd, "parameter '%s' profiled twice", o.profiles[j]);
    }
    if (o.has_cl && o.has_dchi2)
        return usage(st, err, cmd, "give --cl or --dchi2, not both");
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
        scan_json(out, &o, &e, &r, dchi2);
    else if (fmt == APP_FMT_CSV)
        scan_csv(out, &o, &r, dchi2);
    else if (o.plot) {
        o.summary = 1;
        scan_text(out, &o, &e, &r, dchi2);
        scan_plot(out, st, &o, &r, dchi2, lg);
    } else
        scan_text(out, &o, &e, &r, dchi2);
    free(dchi2);
    cx_scan_free(s);
    exps_free(&e);
    return APP_OK;
}

/* --------------------------------------------------------------- contour --- */

static void contour_polylines_json(FILE *out, const cx_contour_res *r)
{
    int open = 0;
    fputs("[", out);
    for (size_t k = 0; k < r->n_pts; k++) {
        double x = r->pts[2 * k], y = r->pts[2 * k + 1];
        if (isnan(x)) {
            fputs("]", out);
            open = 0;
            continue;
        }
        fputs(open ? ", [" : (k ? ", [[" : "[["), out);
        app_output_json_number(out, x);
        fputs(", ", out);
        app_output_json_number(out, y);
        fputs("]", out);
        open = 1;
    }
    if (open)
        fputs("]", out);
    fputs("]", out);
}

static void contour_json(FILE *out, const experiments *e, const cx_contour_res *r)
{
    fputs("{\"x\": ", out);
    app_output_json_string(out, r->x_name);
    fputs(", \"y\": ", out);
    app_output_json_string(out, r->y_name);
    fputs(", \"dchi2_crit\": ", out);
    app_output_json_number(out, r->dchi2_crit);
    fputs(", \"best_fit\": [", out);
    app_output_json_number(out, r->best_x);
    fputs(", ", out);
    app_output_json_number(out, r->best_y);
    fputs("], \"chi2_min\": ", out);
    app_output_json_number(out, r->chi2_min);
    fprintf(out, ", \"log_x\": %s, \"log_y\": %s, ", r->log_x ? "true" : "false",
            r->log_y ? "true" : "false");
    print_dets_json(out, e);
    fputs(", \"xs\": ", out);
    app_output_json_numbers(out, r->xs, r->nx);
    fputs(", \"ys\": ", out);
    app_output_json_numbers(out, r->ys, r->ny);
    fputs(", \"dchi2\": [", out);
    for (size_t j = 0; j < r->ny; j++) {
        fputs(j ? ", [" : "[", out);
        for (size_t i = 0; i < r->nx; i++) {
            if (i)
                fputs(", ", out);
            app_output_json_number(out, r->chi2[j * r->nx + i] - r->chi2_min);
        }
        fputs("]", out);
    }
    fputs("], \"boundary\": ", out);
    contour_polylines_json(out, r);
    fputs("}\n", out);
}

static void contour_csv(FILE *out, const cx_contour_res *r)
{
    app_output_csv_field(out, r->x_name);
    fputc(',', out);
    app_output_csv_field(out, r->y_name);
    fputs(",dchi2\n", out);
    for (size_t j = 0; j < r->ny; j++)
        for (size_t i = 0; i < r->nx; i++)
            fprintf(out, "%.10g,%.10g,%.10g\n", r->xs[i], r->ys[j],
                    r->chi2[j * r->nx + i] - r->chi2_min);
}

/* The extent of the region dchi2 <= crit over the grid, per axis. */
static void region_extent(const cx_contour_res *r, double *xlo, double *xhi, double *ylo,
                          double *yhi, int *found)
{
    *found = 0;
    *xlo = *ylo = INFINITY;
    *xhi = *yhi = -INFINITY;
    for (size_t k = 0; k < r->n_pts; k++) {
        double x = r->pts[2 * k], y = r->pts[2 * k + 1];
        if (isnan(x))
            continue;
        *found = 1;
        *xlo = fmin(*xlo, x);
        *xhi = fmax(*xhi, x);
        *ylo = fmin(*ylo, y);
        *yhi = fmax(*yhi, y);
    }
}

static void contour_text(FILE *out, const stats_opts *o, const experiments *e,
                         const cx_contour_res *r)
{
    double xlo, xhi, ylo, yhi;
    int found;
    size_t n_lines = 0;
    fprintf(out, "contour %s x %s, grid %zux%zu, %s [%.6g, %.6g]%s, %s [%.6g, %.6g]%s; ", r->x_name,
            r->y_name, r->nx, r->ny, r->x_name, r->xs[0], r->xs[r->nx - 1], r->log_x ? " log" : "",
            r->y_name, r->ys[0], r->ys[r->ny - 1], r->log_y ? " log" : "");
    print_dets_text(out, e);
    fputc('\n', out);
    fprintf(out, "best fit %s = %.6g, %s = %.6g, chi2_min = %.6g\n", r->x_name, r->best_x,
            r->y_name, r->best_y, r->chi2_min);
    region_extent(r, &xlo, &xhi, &ylo, &yhi, &found);
    for (size_t k = 0; k < r->n_pts; k++)
        if (k == 0 || isnan(r->pts[2 * k]))
            n_lines++;
    if (found)
        fprintf(out,
                "boundary dchi2 = %.4g: %zu polyline(s); extent %s [%.6g, %.6g], %s [%.6g, "
                "%.6g]\n",
                r->dchi2_crit, n_lines, r->x_name, xlo, xhi, r->y_name, ylo, yhi);
    else
        fprintf(out, "boundary dchi2 = %.4g: none inside the grid (the whole grid is %s)\n",
                r->dchi2_crit,
                r->chi2[0] - r->chi2_min <= r->dchi2_crit ? "inside the region" : "excluded");
    if (o->summary || o->plot)
        return;
    fprintf(out, "\n# boundary polylines (blank line between them)\n%14s %14s\n", r->x_name,
            r->y_name);
    for (size_t k = 0; k < r->n_pts; k++) {
        if (isnan(r->pts[2 * k]))
            fputc('\n', out);
        else
            fprintf(out, "%14.7g %14.7g\n", r->pts[2 * k], r->pts[2 * k + 1]);
    }
}

static void contour_plot(FILE *out, const app_state *st, const stats_opts *o,
                         const cx_contour_res *r)
{
    plot_canvas *c = plot_canvas_alloc(PLOT_W, PLOT_H + 4, (plot_tier)plot_tier_of(st, o));
    plot_axes ax;
    char title[256];
    if (!c)
        return;
    snprintf(title, sizeof title, "Δχ² ≤ %.3g: %s (x) vs %s (y), best (%.3g, %.3g)", r->dchi2_crit,
             r->x_name, r->y_name, r->best_x, r->best_y);
    plot_axes_init(&ax);
    ax.title = title;
    ax.xmin = r->xs[0];
    ax.xmax = r->xs[r->nx - 1];
    ax.ymin = r->ys[0];
    ax.ymax = r->ys[r->ny - 1];
    ax.xlog = r->log_x;
    ax.ylog = r->log_y;
    plot_chart_begin(c, &ax);
    plot_chart_region(c, r->xs, r->nx, r->ys, r->ny, r->chi2, r->chi2_min + r->dchi2_crit,
                      PLOT_REGION_FILL | PLOT_REGION_EDGE, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_marker(c, r->best_x, r->best_y, PLOT_EL_MARKER);
    plot_chart_end(c);
    print_canvas(out, c);
    plot_canvas_free(c);
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

    rc = parse_opts(st, argc, argv, 2, &o, err);
    if (rc != APP_OK)
        return rc;
    if (o.n_prof)
        return usage(st, err, cmd, "--profile is not supported by contour (yet)");
    nx = o.has_n ? o.nx : CONTOUR_DEFAULT_N;
    ny = o.has_n ? o.ny : CONTOUR_DEFAULT_N;
    if (nx < 3 || ny < 3)
        return usage(st, err, cmd, "need at least 3 points per axis (-n NXxNY)");
    if (nx > MAX_GRID || ny > MAX_GRID)
        return usage(st, err, cmd, "at most %d points per axis (-n)", MAX_GRID);
    if (strcmp(o.pos[0], o.pos[1]) == 0)
        return usage(st, err, cmd, "the two parameters must differ (both '%s')", o.pos[0]);
    if (o.has_cl && o.has_dchi2)
        return usage(st, err, cmd, "give --cl or --dchi2, not both");
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
        contour_json(out, &e, &r);
    else if (fmt == APP_FMT_CSV)
        contour_csv(out, &r);
    else {
        contour_text(out, &o, &e, &r);
        if (o.plot)
            contour_plot(out, st, &o, &r);
    }
    cx_contour_free(c);
    exps_free(&e);
    return APP_OK;
}
