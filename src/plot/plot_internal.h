/* plot_internal.h - private structures of src/plot (not for other modules).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_PLOT_INTERNAL_H
#define CEVNSX_PLOT_INTERNAL_H

#include "plot/plot.h"

/* What a cell holds; decides how its glyph is encoded. */
enum {
    PLOT_K_EMPTY = 0, /* blank */
    PLOT_K_TEXT,      /* literal glyph (axes, labels, point and marker glyphs) */
    PLOT_K_DOT,       /* sub-pixel mask, encoded by the tier's dot table */
    PLOT_K_BAR,       /* bar level (eighths in block, thirds in ASCII) */
    PLOT_K_FILL       /* region shade; any dot overrides it */
};

typedef struct {
    char glyph[8];       /* NUL-terminated UTF-8, at most 4 bytes used */
    int el;              /* PLOT_EL_* */
    unsigned char kind;  /* PLOT_K_* */
    unsigned char mask;  /* PLOT_K_DOT: braille bits / quadrant bits / ASCII rows */
    unsigned char level; /* PLOT_K_BAR */
    unsigned char slope; /* ASCII only: 0, or PLOT_SLOPE_* when dots came from one slanted span */
} plot_cell;

enum { PLOT_SLOPE_NONE = 0, PLOT_SLOPE_UP, PLOT_SLOPE_DOWN };

#define PLOT_TEXT_MAX 256 /* bytes kept of the title and summary strings */
#define PLOT_MAX_LABELS 8 /* line labels placed by plot_chart_end() */
#define PLOT_LABEL_MAX 16 /* bytes of one line label */

typedef struct {
    int row, el;
    char text[PLOT_LABEL_MAX];
} plot_pending_label;

/* Layout and mapping of the chart being drawn (valid between begin and end). */
typedef struct {
    int active;         /* begin was called */
    int status;         /* PLOT_OK, PLOT_SMALL or PLOT_EINVAL */
    int ox, oy, pw, ph; /* plot area in cells */
    int sw, sh;         /* plot area in sub-pixels */
    int xlog, ylog;
    double u0, u1;     /* x range in axis coordinates (log10 on a log axis) */
    double v0, v1;     /* y range in axis coordinates */
    double dmin, dmax; /* range of plotted y values, for the summary */
    size_t ndata;
    char title[PLOT_TEXT_MAX];
    char summary[PLOT_TEXT_MAX];
    int nlabels;
    plot_pending_label labels[PLOT_MAX_LABELS];
} plot_chart_state;

struct plot_canvas {
    int w, h;
    plot_tier tier;
    int sc, sr;             /* sub-columns and sub-rows per cell */
    plot_cell *cells;       /* w * h, row-major */
    unsigned char *scratch; /* w * h * sc * sr sub-pixel flags (regions) */
    plot_chart_state ch;
};

/* plot_glyph.c */
void plot_glyph_tier_sub(plot_tier tier, int *sc, int *sr);
void plot_glyph_dot_bit(plot_tier tier, int col, int row, unsigned char *bit);
void plot_glyph_encode(plot_tier tier, plot_cell *cell);
int plot_glyph_utf8(unsigned cp, char *out);
const char *plot_glyph_point(plot_tier tier);
const char *plot_glyph_marker(plot_tier tier);
const char *plot_glyph_ellipsis(plot_tier tier);
const char *plot_glyph_fill(plot_tier tier);
/* Box pieces: 0 vertical, 1 horizontal, 2 corner (lower left), 3 y tick, 4 x tick. */
const char *plot_glyph_box(plot_tier tier, int piece);
/* Splits UTF-8 text into cells for the tier (transliterating in ASCII).
 * Writes up to max cells and returns the count. */
int plot_glyph_text_cells(plot_tier tier, const char *s, char (*cells)[8], int max);

/* plot_canvas.c */
void plot_canvas_put_text_cell(plot_canvas *c, int x, int y, const char *glyph, int el);
void plot_canvas_put_overlay(plot_canvas *c, int x, int y, const char *glyph, int el);
void plot_canvas_put_bar(plot_canvas *c, int x, int y, int level, int el);
void plot_canvas_put_fill(plot_canvas *c, int x, int y, int el);
/* plot_canvas_dot() with an ASCII slope hint (PLOT_SLOPE_*). */
void plot_canvas_dot_slope(plot_canvas *c, int sx, int sy, int el, int slope);

#endif
