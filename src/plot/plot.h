/* plot.h - text-plot canvas: glyph tiers, sub-cell rasterising, axes, ticks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plot_canvas is a grid of w x h character cells. Each cell holds one glyph
 * (a UTF-8 string of at most 4 bytes, or plain ASCII in the ASCII tier) and a
 * semantic element id (PLOT_EL_*) that a front end maps to a colour or
 * attribute. The library knows nothing of curses or of the physics engine: it
 * takes arrays of doubles. Batch mode prints plot_canvas_to_text(); the TUI
 * copies cells to the screen with plot_canvas_glyph()/plot_canvas_element().
 *
 * Typical use (one chart per canvas, redrawn every frame without allocating):
 *
 *     plot_canvas *c = plot_canvas_alloc(cols, rows, tier);
 *     plot_axes ax;
 *     plot_axes_init(&ax);
 *     ax.title = "events/bin";  ax.xmin = 0; ax.xmax = 50; ax.ymin = 0; ax.ymax = 180;
 *     plot_chart_begin(c, &ax);
 *     plot_chart_bars(c, edges, counts, nbins, PLOT_EL_CURRENT);
 *     plot_chart_points(c, xc, data, err, NULL, nbins, PLOT_EL_DATA);
 *     plot_chart_end(c);
 *     plot_canvas_to_text(c, buf, sizeof buf);
 *
 * Drawing priority inside the plot area follows the element ids: a cell gets
 * the element with the highest id that touched it (PLOT_EL_GRID < CURSOR <
 * REFERENCE < CURRENT < DATA < MARKER), whatever the drawing order. In the
 * braille tier the dots of all elements in a cell are kept (OR'ed); in the
 * coarser block and ASCII tiers the lower element's dots are dropped so the
 * glyph stays readable. A full bar cell is never overdrawn by dots (no holes
 * in histograms); point and marker glyphs replace the cell. Nothing here
 * prints, exits, allocates after plot_canvas_alloc() or reads the
 * environment; there is no global state. */
#ifndef CEVNSX_PLOT_H
#define CEVNSX_PLOT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ glyph tiers -- */

/* Glyph tiers, best first. The values match app_state.plot_tier. */
typedef enum {
    PLOT_TIER_BRAILLE = 0, /* 2x4 dots per cell, U+2800 + mask (doc/design.md section 5) */
    PLOT_TIER_BLOCK = 1,   /* 2x2 quadrants for curves, eighth blocks for bars */
    PLOT_TIER_ASCII = 2    /* 7-bit ASCII only: 1x3 sub-rows per cell */
} plot_tier;

/* Chooses the tier by the rule of doc/design.md section 5. Pure function: the
 * caller passes nl_langinfo(CODESET) (may be NULL), MB_CUR_MAX, getenv("TERM")
 * (may be NULL) and force_ascii (non-zero for --ascii or a build without
 * ncursesw). Returns PLOT_TIER_ASCII when forced, when TERM is "dumb", or when
 * the code set is not UTF-8 or mb_cur_max <= 1; PLOT_TIER_BLOCK when TERM is
 * "linux" (console fonts lack braille); PLOT_TIER_BRAILLE otherwise. */
plot_tier plot_tier_detect(const char *codeset, int mb_cur_max, const char *term, int force_ascii);

/* Parses "braille", "block" or "ascii" (case-insensitive) into *tier.
 * Returns 0 on success, -1 (and leaves *tier alone) for any other name. */
int plot_tier_parse(const char *name, plot_tier *tier);

/* Returns "braille", "block" or "ascii" (static string; "?" if out of range). */
const char *plot_tier_name(plot_tier tier);

/* --------------------------------------------------------------- elements -- */

/* Semantic element ids of cells. In the plot area a higher id wins a cell. */
enum {
    PLOT_EL_NONE = 0,  /* blank cell */
    PLOT_EL_AXIS,      /* axis lines and tick marks */
    PLOT_EL_LABEL,     /* tick labels, axis unit */
    PLOT_EL_TITLE,     /* title row, one-line summary */
    PLOT_EL_GRID,      /* dim reference lines (delta chi^2 = 1, 2.71, 4, 9) */
    PLOT_EL_CURSOR,    /* vertical cursor line (slider value) */
    PLOT_EL_REFERENCE, /* reference curve / region (draw it dotted) */
    PLOT_EL_CURRENT,   /* current curve, bars or region */
    PLOT_EL_DATA,      /* measured points with error bars */
    PLOT_EL_MARKER,    /* marker (e.g. best fit) */
    PLOT_EL_COUNT
};

/* Line styles. Two series must differ by glyph, not only by colour: draw the
 * reference DOTTED (every other sub-pixel) and the current one SOLID. */
enum { PLOT_STYLE_SOLID = 0, PLOT_STYLE_DOTTED = 1 };

/* Region drawing modes for plot_chart_region(), may be OR'ed. */
enum {
    PLOT_REGION_FILL = 1, /* shade cells lying wholly inside (z <= level) */
    PLOT_REGION_EDGE = 2  /* draw the boundary of the inside set */
};

/* ----------------------------------------------------------------- canvas -- */

typedef struct plot_canvas plot_canvas;

/* Allocates a w x h cell canvas (w, h >= 1) for the given tier, all blank.
 * Returns NULL for bad sizes or when out of memory. This and
 * plot_canvas_resize() are the only functions that allocate. */
plot_canvas *plot_canvas_alloc(int w, int h, plot_tier tier);

/* Frees the canvas; safe on NULL. */
void plot_canvas_free(plot_canvas *c);

/* Changes the size (w, h >= 1), reallocating; the canvas is cleared.
 * Returns 0, or -1 (canvas unchanged) for bad sizes or out of memory. */
int plot_canvas_resize(plot_canvas *c, int w, int h);

/* Changes the glyph tier; the canvas is cleared. */
void plot_canvas_set_tier(plot_canvas *c, plot_tier tier);

/* Blanks every cell (glyph " ", element PLOT_EL_NONE). */
void plot_canvas_clear(plot_canvas *c);

/* Size in cells and tier. */
int plot_canvas_width(const plot_canvas *c);
int plot_canvas_height(const plot_canvas *c);
plot_tier plot_canvas_tier(const plot_canvas *c);

/* The glyph of cell (x, y), x in 0..w-1 from the left, y in 0..h-1 from the
 * top: a NUL-terminated UTF-8 string of one display column (at most 4 bytes),
 * owned by the canvas and valid until the next drawing call. Returns "" for
 * cells outside the canvas. */
const char *plot_canvas_glyph(const plot_canvas *c, int x, int y);

/* The element id (PLOT_EL_*) of cell (x, y); PLOT_EL_NONE outside. */
int plot_canvas_element(const plot_canvas *c, int x, int y);

/* Writes the canvas as h lines of exactly w display columns, each ended by
 * '\n', into buf (always NUL-terminated when len > 0, truncated if short).
 * Returns the number of bytes the full text needs, excluding the NUL (as
 * snprintf does), so a caller may size buf with a first call. */
size_t plot_canvas_to_text(const plot_canvas *c, char *buf, size_t len);

/* Writes UTF-8 text from cell (x, y) rightwards, one code point per cell,
 * clipped to the canvas and to at most maxw cells (maxw < 0: no limit); text
 * that does not fit ends in an ellipsis. In the ASCII tier non-ASCII letters
 * are transliterated (e.g. "Δχ²" -> "Dchi2", unknown ones become '?').
 * Overwrites whatever was there. Returns the number of cells written. */
int plot_canvas_text(plot_canvas *c, int x, int y, const char *utf8, int maxw, int el);

/* Sub-pixels per cell for the canvas tier: 2x4 braille, 2x2 block, 1x3 ASCII. */
int plot_canvas_subcols(const plot_canvas *c);
int plot_canvas_subrows(const plot_canvas *c);

/* Sets sub-pixel (sx, sy) of the whole canvas (sx in 0..w*subcols-1 from the
 * left, sy in 0..h*subrows-1 from the top) for element el, honouring the
 * priority rule above, and re-encodes that cell's glyph (braille U+2800 +
 * mask with the bit layout of doc/design.md section 5; quadrants in block; in
 * ASCII ' - _ : | for the top/middle/bottom rows). Out-of-range coordinates
 * are ignored. Useful for sparklines outside a chart. */
void plot_canvas_dot(plot_canvas *c, int sx, int sy, int el);

/* -------------------------------------------------------------- axes, ticks -- */

/* Writes the tick label of v with "%.3g" into buf (never "-0"). Returns buf. */
char *plot_axis_label(double v, char *buf, size_t len);

/* Nice ticks on [lo, hi]: steps of 1, 2 or 5 x 10^n with at most max_ticks
 * (>= 2) ticks inside the range (the routine picks the finest such step, so
 * 3-6 ticks for max_ticks 6). With log_scale (lo > 0) ticks are powers of ten
 * (every k-th decade if needed, 1-2-5 within one decade), falling back to
 * linear ticks. Exact zero is +0. Writes at most cap values to out and returns
 * their count (0 for an empty or invalid range). */
int plot_axis_ticks(double lo, double hi, int max_ticks, int log_scale, double *out, int cap);

/* Smallest and largest finite value of v[0..n-1] (NaN and +-Inf skipped; with
 * positive_only also values <= 0, for log axes). Returns the number of values
 * used; when 0, *lo and *hi are NaN. */
size_t plot_minmax(const double *v, size_t n, int positive_only, double *lo, double *hi);

/* A soft axis range with hysteresis, kept by the caller between frames. */
typedef struct {
    double lo, hi; /* current range (valid when valid != 0) */
    int valid;
} plot_range;

/* Updates r for data spanning [dmin, dmax] (from plot_minmax). The range is
 * recomputed (data plus 5 % headroom, never narrower than min_span, lo clamped
 * to 0 when all data are >= 0 on a linear axis) only when r is not valid yet,
 * when data leave it, or when data fill less than 30 % of it; otherwise it
 * stays put so the view does not jitter while a slider moves. With log_scale
 * the rule works in decades (min_span in decades; dmin must be > 0). Data that
 * are not finite leave r unchanged (an invalid r becomes [0, 1]). */
void plot_range_soft(plot_range *r, double dmin, double dmax, double min_span, int log_scale);

/* ------------------------------------------------------------------ charts -- */

/* Axes of a chart. Strings are UTF-8 and are copied by plot_chart_begin(). */
typedef struct {
    const char *title;   /* top row, NULL or "" for none; dropped if space is short */
    const char *xunit;   /* put at the right end of the x label row if it fits, or NULL */
    const char *summary; /* one-line text for canvases too small for a chart;
                            NULL: "<title> <min>..<max>" of the plotted y values */
    double xmin, xmax;   /* x range (data units); xmin < xmax */
    double ymin, ymax;   /* y range; equal limits are widened */
    int xlog, ylog;      /* non-zero: logarithmic axis (limits must be > 0) */
} plot_axes;

/* Fills ax with defaults: no strings, ranges [0, 1], linear axes. */
void plot_axes_init(plot_axes *ax);

/* Return values of plot_chart_begin(). */
enum {
    PLOT_OK = 0,     /* a chart is drawn */
    PLOT_SMALL = 1,  /* the plot area would be under 8x3 cells: one-line summary */
    PLOT_EINVAL = -1 /* bad ranges (NaN, log limit <= 0): summary "no range" */
};

/* Starts a chart: clears the canvas and draws the title, the y axis with a
 * left gutter as wide as the longest y tick label, and the x axis with one
 * bottom row of labels. Returns PLOT_OK, PLOT_SMALL or PLOT_EINVAL; in the
 * last two cases the plot_chart_* drawing calls only gather the data range and
 * plot_chart_end() writes a one-line summary in the top row. */
int plot_chart_begin(plot_canvas *c, const plot_axes *ax);

/* Finishes a chart (writes the summary when the canvas is too small).
 * Drawing calls between begin and end take effect immediately. */
void plot_chart_end(plot_canvas *c);

/* The plot area in cells (inside the axes), for mouse mapping; all 0 when no
 * chart is drawn. */
void plot_chart_area(const plot_canvas *c, int *x, int *y, int *w, int *h);

/* The data x at the centre of canvas column col (NaN outside the plot area). */
double plot_chart_x_at(const plot_canvas *c, int col);

/* A curve through (x[i], y[i]), i < n, in the given style (PLOT_STYLE_*).
 * Points with a non-finite coordinate (or <= 0 on a log axis) are skipped and
 * break the line; an isolated point becomes a dot. Every sub-column between
 * two points gets its whole vertical span, so steep parts stay connected. */
void plot_chart_curve(plot_canvas *c, const double *x, const double *y, size_t n, int el,
                      int style);

/* A step curve (histogram outline) of n bins: bin i spans edges[i]..edges[i+1]
 * (n + 1 edges) at height y[i], with vertical joins. Non-finite y breaks it. */
void plot_chart_steps(plot_canvas *c, const double *edges, const double *y, size_t n, int el,
                      int style);

/* Filled histogram bars of n bins (n + 1 edges) from the bottom of the plot,
 * or from the zero line when a linear y axis runs below zero (bars of negative
 * values then hang from it): eighth blocks in the block tier (the zero line
 * snaps to a cell boundary), filled dots in braille (two bars per cell),
 * '_' '=' '#' in ASCII. */
void plot_chart_bars(plot_canvas *c, const double *edges, const double *y, size_t n, int el);

/* Points (x[i], y[i]) drawn as a dot glyph, with vertical error bars from
 * y - elo[i] to y + ehi[i] when elo is not NULL (ehi NULL: symmetric). */
void plot_chart_points(plot_canvas *c, const double *x, const double *y, const double *elo,
                       const double *ehi, size_t n, int el);

/* A horizontal line at y across the plot area (PLOT_STYLE_DOTTED for
 * reference levels), with an optional short label (NULL for none) at its
 * right end. */
void plot_chart_hline(plot_canvas *c, double y, int el, int style, const char *label);

/* A vertical line at x over the full height (the slider cursor). */
void plot_chart_vline(plot_canvas *c, double x, int el, int style);

/* A marker glyph at (x, y), e.g. the best-fit point. */
void plot_chart_marker(plot_canvas *c, double x, double y, int el);

/* A 2-D region: z is a row-major ny x nx grid, z[iy * nx + ix] being the value
 * at (xs[ix], ys[iy]); xs and ys increase. Each sub-pixel is evaluated by
 * bilinear interpolation (in log coordinates on log axes) and is inside when
 * z <= level; NaN is outside, so is anything beyond the grid. mode is
 * PLOT_REGION_FILL and/or PLOT_REGION_EDGE; style applies to the edge. */
void plot_chart_region(plot_canvas *c, const double *xs, size_t nx, const double *ys, size_t ny,
                       const double *z, double level, int mode, int el, int style);

/* ------------------------------------------------------------ composer -- */

/* A spectrum: n bins of edges (n + 1 values), the model's events, the
 * Standard Model's (NULL for none) and the measured points per bin (data and
 * data_err NULL, or NAN in bins without a measurement). */
typedef struct {
    size_t n;
    const double *edges, *events, *sm;
    const double *data, *data_err;
} plot_spectrum;

/* The y range the spectrum needs: from the lowest of the model's bins (at
 * least 0) and the error bars, to the highest of model, SM and error bars. */
void plot_spectrum_yrange(const plot_spectrum *s, double *lo, double *hi);

/* The spectrum chart in axes ax: model bars, the SM as a dotted outline, the
 * measured points with error bars at the bin centres. Returns what
 * plot_chart_begin() returned. */
int plot_compose_spectrum(plot_canvas *c, const plot_axes *ax, const plot_spectrum *s);

/* A Delta-chi2 curve: n points, the best fit (NAN: no marker), the cursor
 * (NAN: none) and the confidence level's line (cl <= 0: none) with its label. */
typedef struct {
    size_t n;
    const double *x, *dchi2;
    double best_x, cursor;
    double cl;
    const char *cl_label;
} plot_dchi2;

/* The Delta-chi2 chart in axes ax: dotted lines at 1, 2 and 3 sigma (1, 4,
 * 9) and at cl, the cursor, the curve and the best-fit marker. Returns what
 * plot_chart_begin() returned. */
int plot_compose_dchi2(plot_canvas *c, const plot_axes *ax, const plot_dchi2 *d);

#ifdef __cplusplus
}
#endif

#endif /* CEVNSX_PLOT_H */
