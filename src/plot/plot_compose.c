/* plot_compose.c - the two charts of cevnsx, composed once for batch
 * `spectrum --plot` / `scan --plot` and the explorer's panels: a spectrum
 * (model bars, Standard Model outline, measured points with error bars) and a
 * Delta-chi2 curve (1, 2, 3 sigma and confidence-level lines, best fit,
 * cursor). The caller owns the canvas and the axes (title, unit, ranges).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "plot/plot.h"

void plot_spectrum_yrange(const plot_spectrum *s, double *lo, double *hi)
{
    double a, b, l = 0, h = 0;
    if (plot_minmax(s->events, s->n, 0, &a, &b) > 0) {
        l = fmax(a, 0.0);
        h = b;
    }
    if (s->sm && plot_minmax(s->sm, s->n, 0, &a, &b) > 0)
        h = fmax(h, b);
    for (size_t i = 0; s->data && i < s->n; i++) {
        double e = s->data_err ? s->data_err[i] : 0;
        if (isfinite(s->data[i] + e)) {
            h = fmax(h, s->data[i] + e);
            l = fmin(l, s->data[i] - e);
        }
    }
    *lo = l;
    *hi = h;
}

int plot_compose_spectrum(plot_canvas *c, const plot_axes *ax, const plot_spectrum *s)
{
    int r = plot_chart_begin(c, ax);
    const double *e = s->edges;
    plot_chart_bars(c, e, s->events, s->n, PLOT_EL_CURRENT);
    if (s->sm)
        plot_chart_steps(c, e, s->sm, s->n, PLOT_EL_REFERENCE, PLOT_STYLE_DOTTED);
    /* Error bars only where they can be seen: outside the model's bar, which
     * spans 0 to its top (inside it they would only recolour it). Then the
     * points themselves, at the bin centres. */
    for (size_t i = 0; s->data && i < s->n; i++) {
        double y = s->data[i], de = s->data_err ? s->data_err[i] : 0;
        if (!isfinite(y))
            continue;
        double x = 0.5 * (e[i] + e[i + 1]);
        double top = isfinite(s->events[i]) ? fmax(s->events[i], 0.0) : 0.0;
        double ex[2] = {x, x}, ey[2] = {fmax(y - de, top), y + de};
        if (ey[1] > ey[0])
            plot_chart_curve(c, ex, ey, 2, PLOT_EL_DATA, PLOT_STYLE_SOLID);
        double by[2] = {y - de, fmin(y + de, 0.0)};
        if (by[1] > by[0])
            plot_chart_curve(c, ex, by, 2, PLOT_EL_DATA, PLOT_STYLE_SOLID);
        plot_chart_points(c, &x, &y, NULL, NULL, 1, PLOT_EL_DATA);
    }
    plot_chart_end(c);
    return r;
}

int plot_compose_dchi2(plot_canvas *c, const plot_axes *ax, const plot_dchi2 *d)
{
    int r = plot_chart_begin(c, ax);
    if (r == PLOT_OK) {
        /* reference levels for one parameter (doc/physics.md section 6):
         * 1, 2 and 3 sigma at 1, 4 and 9, and the confidence level's */
        plot_chart_hline(c, 1.0, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "1\u03c3");
        if (d->cl > 0)
            plot_chart_hline(c, d->cl, PLOT_EL_GRID, PLOT_STYLE_DOTTED, d->cl_label);
        plot_chart_hline(c, 4.0, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "2\u03c3");
        plot_chart_hline(c, 9.0, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "3\u03c3");
        if (isfinite(d->cursor))
            plot_chart_vline(c, d->cursor, PLOT_EL_CURSOR, PLOT_STYLE_SOLID);
    }
    if (d->n > 0)
        plot_chart_curve(c, d->x, d->dchi2, d->n, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    if (r == PLOT_OK && isfinite(d->best_x))
        plot_chart_marker(c, d->best_x, 0.0, PLOT_EL_MARKER);
    plot_chart_end(c);
    return r;
}
