/* app_stats_out.c - the results of scan and contour as text, CSV, JSON and
 * text plots. SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_output.h"
#include "app/app_stats_impl.h"
#include "app/app_util.h"
#include "plot/plot.h"

static void stats_dets_json(FILE *out, const experiments *e)
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

static void stats_dets_text(FILE *out, const experiments *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(out, "%s%s (%s)", i ? ", " : "", cx_detector_id(cx_model_detector(e->model[i])),
                cx_chi2_name(e->chi2[i]));
}

int stats_plot_tier(const app_state *st, const stats_opts *o)
{
    plot_tier t = (plot_tier)st->plot_tier;
    if (o->plot_tier)
        plot_tier_parse(o->plot_tier, &t);
    return (int)t;
}

static void stats_print_canvas(FILE *out, plot_canvas *c)
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

void stats_scan_text(FILE *out, const stats_opts *o, const experiments *e, const cx_scan_res *r,
                     const double *dchi2)
{
    char a[64], b[64];
    fprintf(out, "scan %s over [%.6g, %.6g], %zu points; ", r->param, r->x[0],
            r->x[r->n_points - 1], r->n_points);
    stats_dets_text(out, e);
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

void stats_scan_json(FILE *out, const stats_opts *o, const experiments *e, const cx_scan_res *r,
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
    stats_dets_json(out, e);
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

void stats_scan_plot(FILE *out, const app_state *st, const stats_opts *o, const cx_scan_res *r,
                     const double *dchi2, int lg)
{
    plot_canvas *c = plot_canvas_alloc(PLOT_W, PLOT_H, (plot_tier)stats_plot_tier(st, o));
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
    /* the chart the explorer draws: 1, 2, 3 sigma and the CL line */
    snprintf(label, sizeof label, "%.3g", r->dchi2_crit);
    plot_dchi2 d = {r->n_points, r->x, dchi2, r->best_fit, NAN, r->dchi2_crit, label};
    plot_compose_dchi2(c, &ax, &d);
    stats_print_canvas(out, c);
    plot_canvas_free(c);
}

/* --------------------------------------------------------------- contour --- */

void stats_polylines_json(FILE *out, size_t n_pts, const double *pts)
{
    int open = 0;
    fputs("[", out);
    for (size_t k = 0; k < n_pts; k++) {
        double x = pts[2 * k], y = pts[2 * k + 1];
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

void stats_contour_json(FILE *out, const experiments *e, const cx_contour_res *r)
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
    stats_dets_json(out, e);
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
    stats_polylines_json(out, r->n_pts, r->pts);
    fputs("}\n", out);
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

void stats_contour_text(FILE *out, const stats_opts *o, const experiments *e,
                        const cx_contour_res *r)
{
    double xlo, xhi, ylo, yhi;
    int found;
    size_t n_lines = 0;
    fprintf(out, "contour %s x %s, grid %zux%zu, %s [%.6g, %.6g]%s, %s [%.6g, %.6g]%s; ", r->x_name,
            r->y_name, r->nx, r->ny, r->x_name, r->xs[0], r->xs[r->nx - 1], r->log_x ? " log" : "",
            r->y_name, r->ys[0], r->ys[r->ny - 1], r->log_y ? " log" : "");
    stats_dets_text(out, e);
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

void stats_contour_plot(FILE *out, const app_state *st, const stats_opts *o,
                        const cx_contour_res *r)
{
    plot_canvas *c = plot_canvas_alloc(PLOT_W, PLOT_H + 4, (plot_tier)stats_plot_tier(st, o));
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
    stats_print_canvas(out, c);
    plot_canvas_free(c);
}
