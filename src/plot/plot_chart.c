/* plot_chart.c - 2-D charts on a canvas: layout, axes, series rasterising.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Coordinates: the plot area is sw x sh sub-pixels (cells times the tier's
 * sub-pixels per cell), sub-column 0 at the left, sub-row 0 at the top. The
 * x range maps onto the centres of sub-columns 0..sw-1 and the y range onto
 * sub-rows sh-1..0, so data at the range limits land on the edge sub-pixels. */
#include "config.h"

#include "plot/plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot/plot_internal.h"

/* The smallest plot area drawn as a chart (doc/design.md section 5: "below about
 * 8x3 cells, print a one-line summary"). */
#define MIN_PLOT_W 8
#define MIN_PLOT_H 3
#define MAX_TICKS 6 /* doc/design.md section 5: 3-6 ticks */
#define LABEL_LEN 32

void plot_axes_init(plot_axes *ax)
{
    memset(ax, 0, sizeof *ax);
    ax->xmin = 0;
    ax->xmax = 1;
    ax->ymin = 0;
    ax->ymax = 1;
}

static void place_labels(plot_canvas *c);

/* ---------------------------------------------------------------- mapping -- */

static double axis_coord(double v, int log_scale)
{
    if (log_scale)
        return v > 0 && isfinite(v) ? log10(v) : NAN;
    return isfinite(v) ? v : NAN;
}

/* Continuous sub-column of data x (NaN if not plottable). */
static double map_x(const plot_chart_state *ch, double x)
{
    double u = axis_coord(x, ch->xlog);
    return (u - ch->u0) / (ch->u1 - ch->u0) * (ch->sw - 1);
}

/* Continuous sub-row of data y, 0 at the top (NaN if not plottable). */
static double map_y(const plot_chart_state *ch, double y)
{
    double v = axis_coord(y, ch->ylog);
    return (1.0 - (v - ch->v0) / (ch->v1 - ch->v0)) * (ch->sh - 1);
}

/* Data x at continuous sub-column px. */
static double unmap_x(const plot_chart_state *ch, double px)
{
    double u = ch->u0 + px / (ch->sw - 1) * (ch->u1 - ch->u0);
    return ch->xlog ? pow(10.0, u) : u;
}

static int drawing(const plot_canvas *c)
{
    return c->ch.active && c->ch.status == PLOT_OK;
}

static void track(plot_canvas *c, double y)
{
    plot_chart_state *ch = &c->ch;
    if (!isfinite(y) || (ch->ylog && !(y > 0)))
        return;
    if (ch->ndata == 0 || y < ch->dmin)
        ch->dmin = y;
    if (ch->ndata == 0 || y > ch->dmax)
        ch->dmax = y;
    ch->ndata++;
}

/* ------------------------------------------------------------ primitives -- */

static void area_dot_slope(plot_canvas *c, long sx, long sy, int el, int slope)
{
    const plot_chart_state *ch = &c->ch;
    if (sx < 0 || sy < 0 || sx >= ch->sw || sy >= ch->sh)
        return;
    plot_canvas_dot_slope(c, ch->ox * c->sc + (int)sx, ch->oy * c->sr + (int)sy, el, slope);
}

static void area_dot(plot_canvas *c, long sx, long sy, int el)
{
    area_dot_slope(c, sx, sy, el, PLOT_SLOPE_NONE);
}

/* Dots of sub-column sx from sub-row ya to yb (continuous, either order),
 * walked from ya towards yb. In dotted style *count numbers the dots along
 * the path and only every other one is drawn. slanted: ya is at the left of
 * the column and yb at its right (not a vertical line), which lets the ASCII
 * tier draw '/' or '\'. */
static void span(plot_canvas *c, long sx, double ya, double yb, int el, int style, long *count,
                 int slanted)
{
    const double top = -0.5, bottom = c->ch.sh - 0.5;
    long ia, ib, step;
    int slope = PLOT_SLOPE_NONE;
    if (!(fmax(ya, yb) >= top) || !(fmin(ya, yb) <= bottom))
        return; /* outside, or NaN */
    ia = lrint(fmin(fmax(ya, 0.0), c->ch.sh - 1.0));
    ib = lrint(fmin(fmax(yb, 0.0), c->ch.sh - 1.0));
    step = ib >= ia ? 1 : -1;
    if (slanted && ia != ib && ia / c->sr == ib / c->sr)
        slope = ib < ia ? PLOT_SLOPE_UP : PLOT_SLOPE_DOWN;
    for (long sy = ia;; sy += step) {
        if (style == PLOT_STYLE_SOLID || ((*count)++ % 2) == 0)
            area_dot_slope(c, sx, sy, el, slope);
        if (sy == ib)
            break;
    }
}

/* A segment between continuous sub-pixel points. Each sub-column the segment
 * crosses gets the vertical span of the segment over that column's width, so
 * consecutive columns share an end row and the line has no gaps. */
static void segment(plot_canvas *c, double x0, double y0, double x1, double y1, int el, int style,
                    long *count)
{
    const double left = -0.5, right = c->ch.sw - 0.5;
    long s0, s1;
    if (x1 < x0) {
        double t = x0;
        x0 = x1, x1 = t;
        t = y0, y0 = y1, y1 = t;
    }
    if (x1 < left || x0 > right)
        return;
    s0 = lrint(fmax(x0, left));
    s1 = lrint(fmin(x1, right));
    for (long sx = s0; sx <= s1; sx++) {
        double xa = fmax(sx - 0.5, x0), xb = fmin(sx + 0.5, x1), ya, yb;
        if (x1 == x0) {
            ya = y0, yb = y1;
        } else {
            ya = y0 + (y1 - y0) * (xa - x0) / (x1 - x0);
            yb = y0 + (y1 - y0) * (xb - x0) / (x1 - x0);
        }
        span(c, sx, ya, yb, el, style, count, x1 != x0);
    }
}

/* ----------------------------------------------------------------- layout -- */

static int place_x_labels(plot_canvas *c, const double *t, int n, int draw, int *last_end)
{
    const plot_chart_state *ch = &c->ch;
    char lab[LABEL_LEN];
    int prev_end = -2; /* column after the previous label */
    for (int i = 0; i < n; i++) {
        double px = map_x(ch, t[i]);
        int col, len, start;
        if (!isfinite(px))
            continue;
        col = ch->ox + (int)lrint(px) / c->sc;
        plot_axis_label(t[i], lab, sizeof lab);
        len = (int)strlen(lab);
        start = col - (len - 1) / 2;
        if (start < 0)
            start = 0;
        if (start + len > c->w)
            start = c->w - len;
        if (start < 0 || start <= prev_end) { /* keep one blank between labels */
            if (!draw)
                return -1;
            continue;
        }
        if (draw) {
            plot_canvas_put_text_cell(c, col, ch->oy + ch->ph, plot_glyph_box(c->tier, 4),
                                      PLOT_EL_AXIS);
            plot_canvas_text(c, start, ch->oy + ch->ph + 1, lab, -1, PLOT_EL_LABEL);
        }
        prev_end = start + len;
    }
    if (last_end)
        *last_end = prev_end;
    return 0;
}

static void copy_text(char *dst, const char *src, size_t size)
{
    if (!src) {
        dst[0] = 0;
        return;
    }
    /* Cut at size - 1 bytes, backing off to a UTF-8 boundary. */
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = 0;
}

int plot_chart_begin(plot_canvas *c, const plot_axes *ax)
{
    plot_chart_state *ch = &c->ch;
    double yt[16], xt[16];
    char lab[LABEL_LEN];
    int nyt, gutter = 0, title_rows, max_y, lastrow = -1, xunit_from = 0;
    double xmin = ax->xmin, xmax = ax->xmax, ymin = ax->ymin, ymax = ax->ymax;

    plot_canvas_clear(c);
    ch->active = 1;
    ch->status = PLOT_OK;
    ch->dmin = ch->dmax = NAN;
    copy_text(ch->title, ax->title, sizeof ch->title);
    copy_text(ch->summary, ax->summary, sizeof ch->summary);
    ch->xlog = ax->xlog != 0;
    ch->ylog = ax->ylog != 0;

    /* Equal limits are widened (a flat curve still gets an axis). */
    if (xmin == xmax) {
        double d = xmin != 0 ? fabs(xmin) * 0.1 : 0.5;
        xmin -= ch->xlog ? 0 : d, xmax += d;
    }
    if (ymin == ymax) {
        double d = ymin != 0 ? fabs(ymin) * 0.1 : 0.5;
        ymin -= ch->ylog ? 0 : d, ymax += d;
    }
    ch->u0 = axis_coord(xmin, ch->xlog);
    ch->u1 = axis_coord(xmax, ch->xlog);
    ch->v0 = axis_coord(ymin, ch->ylog);
    ch->v1 = axis_coord(ymax, ch->ylog);
    if (!isfinite(ch->u0) || !isfinite(ch->u1) || !isfinite(ch->v0) || !isfinite(ch->v1) ||
        !(ch->u1 > ch->u0) || !(ch->v1 > ch->v0)) {
        ch->status = PLOT_EINVAL;
        return ch->status;
    }

    title_rows = ch->title[0] ? 1 : 0;
    ch->ph = c->h - title_rows - 2;
    if (ch->ph < MIN_PLOT_H && title_rows) { /* drop the title before the chart */
        title_rows = 0;
        ch->ph = c->h - 2;
    }
    if (ch->ph < MIN_PLOT_H) {
        ch->status = PLOT_SMALL;
        return ch->status;
    }
    ch->oy = title_rows;
    ch->sh = ch->ph * c->sr;

    /* y ticks: at most one label every other row. */
    max_y = (ch->ph + 1) / 2;
    if (max_y > MAX_TICKS)
        max_y = MAX_TICKS;
    nyt = plot_axis_ticks(ymin, ymax, max_y, ch->ylog, yt, 16);
    for (int i = 0; i < nyt; i++) {
        int len = (int)strlen(plot_axis_label(yt[i], lab, sizeof lab));
        if (len > gutter)
            gutter = len;
    }
    ch->ox = gutter + 1;
    ch->pw = c->w - ch->ox;
    if (ch->pw < MIN_PLOT_W) {
        ch->status = PLOT_SMALL;
        return ch->status;
    }
    ch->sw = ch->pw * c->sc;

    if (title_rows)
        plot_canvas_text(c, 0, 0, ch->title, -1, PLOT_EL_TITLE);

    /* y axis, tick marks and right-aligned labels in the gutter. */
    for (int r = 0; r < ch->ph; r++)
        plot_canvas_put_text_cell(c, gutter, ch->oy + r, plot_glyph_box(c->tier, 0), PLOT_EL_AXIS);
    for (int i = 0; i < nyt; i++) {
        double py = map_y(ch, yt[i]);
        int row;
        if (!isfinite(py))
            continue;
        row = ch->oy + (int)lrint(py) / c->sr;
        if (row == lastrow)
            continue;
        lastrow = row;
        plot_axis_label(yt[i], lab, sizeof lab);
        plot_canvas_text(c, gutter - (int)strlen(lab), row, lab, -1, PLOT_EL_LABEL);
        plot_canvas_put_text_cell(c, gutter, row, plot_glyph_box(c->tier, 3), PLOT_EL_AXIS);
    }

    /* x axis row, then the finest tick step whose labels fit. */
    plot_canvas_put_text_cell(c, gutter, ch->oy + ch->ph, plot_glyph_box(c->tier, 2), PLOT_EL_AXIS);
    for (int x = ch->ox; x < c->w; x++)
        plot_canvas_put_text_cell(c, x, ch->oy + ch->ph, plot_glyph_box(c->tier, 1), PLOT_EL_AXIS);
    for (int m = MAX_TICKS; m >= 2; m--) {
        int n = plot_axis_ticks(xmin, xmax, m, ch->xlog, xt, 16);
        if (m == 2 || place_x_labels(c, xt, n, 0, NULL) == 0) {
            place_x_labels(c, xt, n, 1, &xunit_from);
            break;
        }
    }
    if (ax->xunit && ax->xunit[0]) {
        char cells[PLOT_TEXT_MAX][8];
        int len = plot_glyph_text_cells(c->tier, ax->xunit, cells, PLOT_TEXT_MAX);
        if (c->w - len > xunit_from)
            plot_canvas_text(c, c->w - len, ch->oy + ch->ph + 1, ax->xunit, -1, PLOT_EL_LABEL);
    }
    return ch->status;
}

void plot_chart_end(plot_canvas *c)
{
    plot_chart_state *ch = &c->ch;
    char text[PLOT_TEXT_MAX + 2 * LABEL_LEN + 16], a[LABEL_LEN], b[LABEL_LEN];
    if (!ch->active)
        return;
    if (ch->status == PLOT_OK) {
        place_labels(c);
        return;
    }
    if (ch->summary[0]) {
        snprintf(text, sizeof text, "%s", ch->summary);
    } else {
        const char *sep = ch->title[0] ? " " : "";
        if (ch->status == PLOT_EINVAL)
            snprintf(text, sizeof text, "%s%s(no range)", ch->title, sep);
        else if (ch->ndata == 0)
            snprintf(text, sizeof text, "%s%s(no data)", ch->title, sep);
        else {
            char cells[PLOT_TEXT_MAX][8];
            plot_axis_label(ch->dmin, a, sizeof a);
            plot_axis_label(ch->dmax, b, sizeof b);
            snprintf(text, sizeof text, "%s%s%s..%s", ch->title, sep, a, b);
            /* the numbers first when the whole line does not fit */
            if (plot_glyph_text_cells(c->tier, text, cells, PLOT_TEXT_MAX) > c->w)
                snprintf(text, sizeof text, "%s..%s%s%s", a, b, sep, ch->title);
        }
    }
    plot_canvas_text(c, 0, 0, text, -1, PLOT_EL_TITLE);
}

void plot_chart_area(const plot_canvas *c, int *x, int *y, int *w, int *h)
{
    int ok = drawing(c);
    *x = ok ? c->ch.ox : 0;
    *y = ok ? c->ch.oy : 0;
    *w = ok ? c->ch.pw : 0;
    *h = ok ? c->ch.ph : 0;
}

double plot_chart_x_at(const plot_canvas *c, int col)
{
    const plot_chart_state *ch = &c->ch;
    if (!drawing(c) || col < ch->ox || col >= ch->ox + ch->pw)
        return NAN;
    return unmap_x(ch, (col - ch->ox) * c->sc + (c->sc - 1) / 2.0);
}

/* ----------------------------------------------------------------- series -- */

void plot_chart_curve(plot_canvas *c, const double *x, const double *y, size_t n, int el, int style)
{
    const plot_chart_state *ch = &c->ch;
    double px0 = 0, py0 = 0;
    int have_prev = 0;
    long count = 0;
    for (size_t i = 0; i < n; i++)
        track(c, y[i]);
    if (!drawing(c))
        return;
    for (size_t i = 0; i < n; i++) {
        double px = map_x(ch, x[i]), py = map_y(ch, y[i]);
        if (!isfinite(px) || !isfinite(py)) {
            have_prev = 0;
            continue;
        }
        if (have_prev) {
            segment(c, px0, py0, px, py, el, style, &count);
        } else {
            int next_ok =
                i + 1 < n && isfinite(map_x(ch, x[i + 1])) && isfinite(map_y(ch, y[i + 1]));
            if (!next_ok) /* an isolated point still shows */
                segment(c, px, py, px, py, el, style, &count);
        }
        px0 = px, py0 = py, have_prev = 1;
    }
}

void plot_chart_steps(plot_canvas *c, const double *edges, const double *y, size_t n, int el,
                      int style)
{
    const plot_chart_state *ch = &c->ch;
    double prev_py = NAN;
    long count = 0;
    for (size_t i = 0; i < n; i++)
        track(c, y[i]);
    if (!drawing(c))
        return;
    for (size_t i = 0; i < n; i++) {
        double xa = map_x(ch, edges[i]), xb = map_x(ch, edges[i + 1]), py = map_y(ch, y[i]);
        if (!isfinite(xa) || !isfinite(xb) || !isfinite(py)) {
            prev_py = NAN;
            continue;
        }
        if (isfinite(prev_py)) /* the vertical join at the shared edge */
            segment(c, xa, prev_py, xa, py, el, style, &count);
        segment(c, xa, py, xb, py, el, style, &count);
        prev_py = py;
    }
}

/* Index of the bin of x (edges increasing), or -1. */
static long find_bin(const double *edges, size_t n, double x)
{
    size_t lo = 0, hi = n;
    if (!(x >= edges[0]) || !(x <= edges[n]))
        return -1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (x >= edges[mid])
            lo = mid;
        else
            hi = mid;
    }
    return (long)lo;
}

/* Fraction 0..1 of the plot height that value y reaches (0 for nothing). */
static double bar_fraction(const plot_chart_state *ch, double y)
{
    double v = axis_coord(y, ch->ylog), g;
    if (!isfinite(v))
        return 0;
    g = (v - ch->v0) / (ch->v1 - ch->v0);
    return g < 0 ? 0 : g > 1 ? 1 : g;
}

/* Where bars start, as a fraction of the height: the zero line when a linear
 * axis spans it (data below zero then show), else the bottom. */
static double bar_base(const plot_chart_state *ch)
{
    if (ch->ylog || !(ch->v0 < 0 && ch->v1 > 0))
        return 0;
    return -ch->v0 / (ch->v1 - ch->v0);
}

void plot_chart_bars(plot_canvas *c, const double *edges, const double *y, size_t n, int el)
{
    const plot_chart_state *ch = &c->ch;
    for (size_t i = 0; i < n; i++)
        track(c, y[i]);
    if (!drawing(c) || n == 0)
        return;
    double base = bar_base(ch);
    if (c->tier == PLOT_TIER_BRAILLE) {
        /* Dots per sub-column: two bars per cell, 4 levels each. */
        long kb = lrint(base * ch->sh);
        for (long sx = 0; sx < ch->sw; sx++) {
            long b = find_bin(edges, n, unmap_x(ch, (double)sx));
            long kt;
            if (b < 0)
                continue;
            kt = lrint(bar_fraction(ch, y[b]) * ch->sh);
            for (long k = kt < kb ? kt : kb; k < (kt < kb ? kb : kt); k++)
                area_dot(c, sx, ch->sh - 1 - k, el);
        }
        return;
    }
    /* Block: eighths of a cell; ASCII: thirds. One bar per cell column. The
     * base snaps to a cell boundary (partial cells fill from their bottom); a
     * bar below the base fills the cells it covers at least half. */
    int per_cell = c->tier == PLOT_TIER_BLOCK ? 8 : 3;
    long rb = lrint(base * ch->ph); /* cells below the base */
    for (int cx = 0; cx < ch->pw; cx++) {
        long b = find_bin(edges, n, unmap_x(ch, cx * c->sc + (c->sc - 1) / 2.0));
        long total;
        if (b < 0)
            continue;
        total = lrint(bar_fraction(ch, y[b]) * ch->ph * per_cell) - rb * per_cell;
        if (total >= 0) {
            for (long r = ch->ph - 1 - rb; r >= 0 && total > 0; r--, total -= per_cell)
                plot_canvas_put_bar(c, ch->ox + cx, ch->oy + (int)r,
                                    (int)(total > per_cell ? per_cell : total), el);
        } else {
            long cells = (-total + per_cell / 2) / per_cell;
            for (long r = ch->ph - rb; r < ch->ph && cells > 0; r++, cells--)
                plot_canvas_put_bar(c, ch->ox + cx, ch->oy + (int)r, per_cell, el);
        }
    }
}

void plot_chart_points(plot_canvas *c, const double *x, const double *y, const double *elo,
                       const double *ehi, size_t n, int el)
{
    const plot_chart_state *ch = &c->ch;
    for (size_t i = 0; i < n; i++)
        track(c, y[i]);
    if (!drawing(c))
        return;
    for (size_t i = 0; i < n; i++) {
        double px = map_x(ch, x[i]), py = map_y(ch, y[i]);
        long sx, sy;
        if (!isfinite(px) || !isfinite(py))
            continue;
        sx = lrint(px);
        if (elo && isfinite(elo[i])) {
            double up = ehi ? ehi[i] : elo[i];
            double ylo = map_y(ch, y[i] - elo[i]), yhi = map_y(ch, y[i] + up);
            long count = 0;
            if (!isfinite(ylo)) /* lower end <= 0 on a log axis: to the bottom */
                ylo = ch->sh - 1;
            if (isfinite(yhi))
                segment(c, px, ylo, px, yhi, el, PLOT_STYLE_SOLID, &count);
        }
        if (py < -0.5 || py > ch->sh - 0.5 || sx < 0 || sx >= ch->sw)
            continue;
        sy = lrint(py);
        plot_canvas_put_overlay(c, ch->ox + (int)sx / c->sc, ch->oy + (int)sy / c->sr,
                                plot_glyph_point(c->tier), el);
    }
}

void plot_chart_hline(plot_canvas *c, double y, int el, int style, const char *label)
{
    const plot_chart_state *ch = &c->ch;
    double py;
    long count = 0;
    if (!drawing(c))
        return;
    py = map_y(ch, y);
    if (!isfinite(py) || py < -0.5 || py > ch->sh - 0.5)
        return;
    if (c->tier == PLOT_TIER_ASCII) /* the middle row reads as "- - -" */
        py = (double)(lrint(py) / c->sr * c->sr + 1);
    segment(c, 0, py, ch->sw - 1, py, el, style, &count);
    if (label && label[0] && c->ch.nlabels < PLOT_MAX_LABELS) {
        plot_pending_label *l = &c->ch.labels[c->ch.nlabels++];
        l->row = ch->oy + (int)lrint(py) / c->sr;
        l->el = el;
        copy_text(l->text, label, sizeof l->text);
    }
}

/* Line labels go in last, at the right end of their row or as far right as
 * the row is free of anything above the line itself; a label that finds no
 * room within the right half of the plot is left out. */
static void place_labels(plot_canvas *c)
{
    const plot_chart_state *ch = &c->ch;
    char cells[PLOT_LABEL_MAX][8];
    for (int k = 0; k < ch->nlabels; k++) {
        const plot_pending_label *l = &ch->labels[k];
        int len = plot_glyph_text_cells(c->tier, l->text, cells, PLOT_LABEL_MAX);
        for (int start = ch->ox + ch->pw - len; start >= ch->ox + ch->pw / 2; start--) {
            int free_run = 1;
            for (int i = 0; i < len && free_run; i++)
                free_run = plot_canvas_element(c, start + i, l->row) <= l->el;
            if (free_run) {
                for (int i = 0; i < len; i++)
                    plot_canvas_put_text_cell(c, start + i, l->row, cells[i], l->el);
                break;
            }
        }
    }
}

void plot_chart_vline(plot_canvas *c, double x, int el, int style)
{
    const plot_chart_state *ch = &c->ch;
    double px;
    long count = 0;
    if (!drawing(c))
        return;
    px = map_x(ch, x);
    if (!isfinite(px) || px < -0.5 || px > ch->sw - 0.5)
        return;
    segment(c, px, 0, px, ch->sh - 1, el, style, &count);
}

void plot_chart_marker(plot_canvas *c, double x, double y, int el)
{
    const plot_chart_state *ch = &c->ch;
    double px, py;
    if (!drawing(c))
        return;
    px = map_x(ch, x), py = map_y(ch, y);
    if (!isfinite(px) || !isfinite(py) || px < -0.5 || px > ch->sw - 0.5 || py < -0.5 ||
        py > ch->sh - 0.5)
        return;
    plot_canvas_put_overlay(c, ch->ox + (int)lrint(px) / c->sc, ch->oy + (int)lrint(py) / c->sr,
                            plot_glyph_marker(c->tier), el);
}

/* Grid cell of axis coordinate u over g[0..n-1] (in axis coordinates via
 * log_scale): index i with g[i] <= u <= g[i+1] and the fraction, or -1. */
static long grid_cell(const double *g, size_t n, int log_scale, double u, double *frac)
{
    size_t lo = 0, hi = n - 1;
    double a = axis_coord(g[0], log_scale), b = axis_coord(g[n - 1], log_scale);
    if (!(u >= a) || !(u <= b))
        return -1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (u >= axis_coord(g[mid], log_scale))
            lo = mid;
        else
            hi = mid;
    }
    a = axis_coord(g[lo], log_scale);
    b = axis_coord(g[lo + 1], log_scale);
    *frac = b > a ? (u - a) / (b - a) : 0;
    return (long)lo;
}

void plot_chart_region(plot_canvas *c, const double *xs, size_t nx, const double *ys, size_t ny,
                       const double *z, double level, int mode, int el, int style)
{
    const plot_chart_state *ch = &c->ch;
    unsigned char *in = c->scratch;
    const long sw = ch->sw, sh = ch->sh;
    if (!drawing(c) || nx < 2 || ny < 2 || !isfinite(level))
        return;
    /* 1. inside flags per sub-pixel, by bilinear interpolation. */
    for (long sy = 0; sy < sh; sy++) {
        double fy, v = ch->v1 - (double)sy / (sh - 1) * (ch->v1 - ch->v0);
        long iy = grid_cell(ys, ny, ch->ylog, v, &fy);
        for (long sx = 0; sx < sw; sx++) {
            double fx, u = ch->u0 + (double)sx / (sw - 1) * (ch->u1 - ch->u0), zz;
            long ix = iy < 0 ? -1 : grid_cell(xs, nx, ch->xlog, u, &fx);
            unsigned char inside = 0;
            if (ix >= 0) {
                const double *r0 = z + (size_t)iy * nx + (size_t)ix, *r1 = r0 + nx;
                zz = (1 - fy) * ((1 - fx) * r0[0] + fx * r0[1]) +
                     fy * ((1 - fx) * r1[0] + fx * r1[1]);
                inside = zz <= level; /* false for NaN */
            }
            in[sy * sw + sx] = inside;
        }
    }
    /* 2. the edge: inside sub-pixels with an outside 4-neighbour (the border
     *    of the plot area does not count, so a region cut by it stays open). */
    if (mode & PLOT_REGION_EDGE) {
        for (long sy = 0; sy < sh; sy++)
            for (long sx = 0; sx < sw; sx++) {
                const unsigned char *p = in + sy * sw + sx;
                int edge;
                if (!*p)
                    continue;
                edge = (sx > 0 && !p[-1]) || (sx + 1 < sw && !p[1]) || (sy > 0 && !p[-sw]) ||
                       (sy + 1 < sh && !p[sw]);
                if (edge && (style == PLOT_STYLE_SOLID || (sx + sy) % 2 == 0))
                    area_dot(c, sx, sy, el);
            }
    }
    /* 3. shade the cells lying wholly inside. */
    if (mode & PLOT_REGION_FILL) {
        for (int cy = 0; cy < ch->ph; cy++)
            for (int cx = 0; cx < ch->pw; cx++) {
                int all = 1;
                for (int j = 0; j < c->sr && all; j++)
                    for (int i = 0; i < c->sc && all; i++)
                        all = in[(long)(cy * c->sr + j) * sw + cx * c->sc + i];
                if (all)
                    plot_canvas_put_fill(c, ch->ox + cx, ch->oy + cy, el);
            }
    }
}
