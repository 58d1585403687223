/* test_plot.c - unit and golden tests of the text-plot canvas (src/plot).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test_plot            TAP checks; goldens read from $top_srcdir/tests/plot
 *        test_plot --print    print every golden rendering with its name
 *        test_plot --write D  write the goldens into directory D (tests/regen-plot.sh)
 *
 * The golden data are fixed numbers typed in below (a decaying spectrum like
 * a CEvNS recoil spectrum with pseudo-measured points, a parabola-like delta
 * chi^2 curve, an elliptic region in log-log axes); the renderings were
 * reviewed by eye when created. The unit checks compare with numbers fixed by
 * doc/design.md section 5 (braille bit layout, 1-2-5 ticks) or with invariants
 * (line widths, 7-bit ASCII, connectivity, no allocation per redraw). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot/plot.h"
#include "tap.h"

/* ------------------------------------------------------ allocation count -- */

#include "alloc_count.h"

/* ------------------------------------------------------------ golden data -- */

#define NBIN 20
/* Predicted events per 2 keVnr bin, 0..40 keVnr: 178 exp(-E/9 keV) + 3,
 * evaluated at bin centres (a CEvNS-like falling recoil spectrum). */
static const double spec_edges[NBIN + 1] = {0,  2,  4,  6,  8,  10, 12, 14, 16, 18, 20,
                                            22, 24, 26, 28, 30, 32, 34, 36, 38, 40};
static const double spec_pred[NBIN] = {162.28, 130.54, 105.13, 84.78, 68.48, 55.43, 44.99,
                                       36.62,  29.92,  24.56,  20.26, 16.82, 14.07, 11.86,
                                       10.1,   8.68,   7.55,   6.64,  5.92,  5.34};
/* Pseudo-measured counts (prediction plus fixed fluctuations) and errors. */
static const double spec_data[NBIN] = {171, 119, 110, 82, 76, 49, 47, 33, 33, 30,
                                       18,  18,  11,  14, 10, 8,  10, 5,  7,  5};
static const double spec_err[NBIN] = {13.3, 11.1, 10.7, 9.3, 9.0, 7.3, 7.2, 6.2, 6.2, 5.9,
                                      4.8,  4.8,  4.0,  4.4, 3.9, 3.6, 3.9, 3.2, 3.5, 3.2};

static void draw_spectrum(plot_canvas *c, int ylog)
{
    double xc[NBIN];
    plot_axes ax;
    for (int i = 0; i < NBIN; i++)
        xc[i] = 0.5 * (spec_edges[i] + spec_edges[i + 1]);
    plot_axes_init(&ax);
    ax.title = "CsI spectrum: predicted (bars), data \xE2\x97\x8F  events/2 keV";
    ax.xunit = "keVnr";
    ax.xmin = 0, ax.xmax = 40;
    ax.ymin = ylog ? 1 : 0, ax.ymax = ylog ? 300 : 190;
    ax.ylog = ylog;
    plot_chart_begin(c, &ax);
    plot_chart_bars(c, spec_edges, spec_pred, NBIN, PLOT_EL_CURRENT);
    plot_chart_points(c, xc, spec_data, spec_err, NULL, NBIN, PLOT_EL_DATA);
    plot_chart_end(c);
}

#define NCHI 41
/* delta chi^2 versus sin^2(theta_W): an asymmetric parabola with minimum 0 at
 * 0.238 (current) and a wider one at 0.25 (reference), both over 0.15..0.35. */
static void chi2_curves(double *x, double *cur, double *ref)
{
    for (int i = 0; i < NCHI; i++) {
        double s = 0.15 + 0.005 * i, a = (s - 0.238) / 0.03, b = (s - 0.25) / 0.045;
        x[i] = s;
        cur[i] = a * a * (1 + 2.0 * (s - 0.238));
        ref[i] = b * b;
    }
}

static void draw_chi2(plot_canvas *c)
{
    double x[NCHI], cur[NCHI], ref[NCHI];
    plot_axes ax;
    chi2_curves(x, cur, ref);
    plot_axes_init(&ax);
    ax.title =
        "\xCE\x94\xCF\x87\xC2\xB2 vs sin\xC2\xB2\xCE\xB8W  best 0.238  90% CL [0.189, 0.288]";
    ax.xmin = 0.15, ax.xmax = 0.35;
    ax.ymin = 0, ax.ymax = 12;
    plot_chart_begin(c, &ax);
    plot_chart_hline(c, 1, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "1\xCF\x83");
    plot_chart_hline(c, 2.71, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "90%");
    plot_chart_hline(c, 4, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "2\xCF\x83");
    plot_chart_hline(c, 9, PLOT_EL_GRID, PLOT_STYLE_DOTTED, "3\xCF\x83");
    plot_chart_vline(c, 0.3, PLOT_EL_CURSOR, PLOT_STYLE_SOLID);
    plot_chart_curve(c, x, ref, NCHI, PLOT_EL_REFERENCE, PLOT_STYLE_DOTTED);
    plot_chart_curve(c, x, cur, NCHI, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_marker(c, 0.238, 0, PLOT_EL_MARKER);
    plot_chart_end(c);
}

#define NGX 31
#define NGY 25
/* A region in (sin^2 2theta, delta m^2) with both axes logarithmic, like a
 * sterile-neutrino exclusion plot: z is an elliptic paraboloid in the log
 * coordinates, inside where z <= 1 (current) or z <= 2.3 around a shifted
 * centre (reference). */
static void region_grid(double *xs, double *ys, double *z, double *zr)
{
    for (int i = 0; i < NGX; i++)
        xs[i] = pow(10.0, -3.0 + 3.0 * i / (NGX - 1)); /* 1e-3 .. 1 */
    for (int j = 0; j < NGY; j++)
        ys[j] = pow(10.0, -1.0 + 3.0 * j / (NGY - 1)); /* 0.1 .. 100 eV^2 */
    for (int j = 0; j < NGY; j++)
        for (int i = 0; i < NGX; i++) {
            double u = log10(xs[i]), v = log10(ys[j]);
            double a = (u + 1.4) / 0.7, b = (v - 0.6) / 0.9, d = 0.6 * a * b;
            double ar = (u + 0.9) / 0.5, br = (v - 0.3) / 0.6;
            z[j * NGX + i] = a * a + b * b - d;
            zr[j * NGX + i] = ar * ar + br * br;
        }
}

static void draw_region(plot_canvas *c)
{
    double xs[NGX], ys[NGY], z[NGX * NGY], zr[NGX * NGY];
    plot_axes ax;
    region_grid(xs, ys, z, zr);
    plot_axes_init(&ax);
    ax.title = "90% CL region  \xCE\x94m\xC2\xB2 [eV\xC2\xB2] vs sin\xC2\xB2 2\xCE\xB8";
    ax.xmin = 1e-3, ax.xmax = 1;
    ax.ymin = 0.1, ax.ymax = 100;
    ax.xlog = ax.ylog = 1;
    plot_chart_begin(c, &ax);
    plot_chart_region(c, xs, NGX, ys, NGY, zr, 2.3, PLOT_REGION_EDGE, PLOT_EL_REFERENCE,
                      PLOT_STYLE_DOTTED);
    plot_chart_region(c, xs, NGX, ys, NGY, z, 1.0, PLOT_REGION_FILL | PLOT_REGION_EDGE,
                      PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_marker(c, pow(10.0, -1.4), pow(10.0, 0.6), PLOT_EL_MARKER);
    plot_chart_end(c);
}

static void draw_spectrum_lin(plot_canvas *c)
{
    draw_spectrum(c, 0);
}

static void draw_spectrum_log(plot_canvas *c)
{
    draw_spectrum(c, 1);
}

static void draw_summary_given(plot_canvas *c)
{
    plot_axes ax;
    plot_axes_init(&ax);
    ax.title = "events";
    ax.summary = "N=1043 chi2=12.1";
    ax.xmax = 40, ax.ymax = 190;
    plot_chart_begin(c, &ax);
    plot_chart_bars(c, spec_edges, spec_pred, NBIN, PLOT_EL_CURRENT);
    plot_chart_end(c);
}

typedef struct {
    const char *name;
    void (*draw)(plot_canvas *);
    int w, h;
    plot_tier tier;
} golden;

static const golden goldens[] = {
    {"spec-braille-80x20", draw_spectrum_lin, 80, 20, PLOT_TIER_BRAILLE},
    {"spec-block-80x20", draw_spectrum_lin, 80, 20, PLOT_TIER_BLOCK},
    {"spec-ascii-80x20", draw_spectrum_lin, 80, 20, PLOT_TIER_ASCII},
    {"spec-braille-40x10", draw_spectrum_lin, 40, 10, PLOT_TIER_BRAILLE},
    {"spec-block-40x10", draw_spectrum_lin, 40, 10, PLOT_TIER_BLOCK},
    {"spec-ascii-40x10", draw_spectrum_lin, 40, 10, PLOT_TIER_ASCII},
    {"speclog-braille-60x16", draw_spectrum_log, 60, 16, PLOT_TIER_BRAILLE},
    {"speclog-ascii-60x16", draw_spectrum_log, 60, 16, PLOT_TIER_ASCII},
    {"chi2-braille-80x20", draw_chi2, 80, 20, PLOT_TIER_BRAILLE},
    {"chi2-block-80x20", draw_chi2, 80, 20, PLOT_TIER_BLOCK},
    {"chi2-ascii-80x20", draw_chi2, 80, 20, PLOT_TIER_ASCII},
    {"chi2-braille-40x10", draw_chi2, 40, 10, PLOT_TIER_BRAILLE},
    {"chi2-block-40x10", draw_chi2, 40, 10, PLOT_TIER_BLOCK},
    {"chi2-ascii-40x10", draw_chi2, 40, 10, PLOT_TIER_ASCII},
    {"chi2-block-20x6", draw_chi2, 20, 6, PLOT_TIER_BLOCK},
    {"region-braille-80x20", draw_region, 80, 20, PLOT_TIER_BRAILLE},
    {"region-block-80x20", draw_region, 80, 20, PLOT_TIER_BLOCK},
    {"region-ascii-80x20", draw_region, 80, 20, PLOT_TIER_ASCII},
    {"region-braille-40x10", draw_region, 40, 10, PLOT_TIER_BRAILLE},
    {"region-block-40x10", draw_region, 40, 10, PLOT_TIER_BLOCK},
    {"region-ascii-40x10", draw_region, 40, 10, PLOT_TIER_ASCII},
    {"tiny-spec-braille-5x2", draw_spectrum_lin, 5, 2, PLOT_TIER_BRAILLE},
    {"tiny-chi2-ascii-60x1", draw_chi2, 60, 1, PLOT_TIER_ASCII},
    {"tiny-given-block-30x3", draw_summary_given, 30, 3, PLOT_TIER_BLOCK},
};
#define NGOLDEN (sizeof goldens / sizeof goldens[0])

#define TEXT_MAX 65536
static char text[TEXT_MAX];

static void render(const golden *g)
{
    plot_canvas *c = plot_canvas_alloc(g->w, g->h, g->tier);
    if (!c) {
        text[0] = 0;
        return;
    }
    g->draw(c);
    plot_canvas_to_text(c, text, sizeof text);
    plot_canvas_free(c);
}

/* ----------------------------------------------------------------- helpers -- */

/* Display columns of a UTF-8 line: every code point of our glyph set is one
 * column wide, so count the bytes that do not continue a sequence. */
static int columns(const char *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += ((unsigned char)s[i] & 0xC0) != 0x80;
    return cols;
}

/* Checks that text has h lines of exactly w columns each. */
static int check_lines(const char *t, int w, int h)
{
    int lines = 0;
    const char *p = t;
    while (*p) {
        const char *nl = strchr(p, '\n');
        if (!nl || columns(p, (size_t)(nl - p)) != w)
            return 0;
        lines++;
        p = nl + 1;
    }
    return lines == h;
}

static int is_7bit(const char *t)
{
    for (; *t; t++)
        if ((unsigned char)*t > 0x7F)
            return 0;
    return 1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    if (!f)
        return NULL;
    buf = malloc(TEXT_MAX + 1);
    if (!buf) {
        fclose(f);
        return NULL;
    }
    n = fread(buf, 1, TEXT_MAX, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void diag_text(const char *label, const char *t)
{
    tap_diag("%s:", label);
    while (*t) {
        const char *nl = strchr(t, '\n');
        int len = nl ? (int)(nl - t) : (int)strlen(t);
        tap_diag("|%.*s|", len, t);
        t += len + (nl ? 1 : 0);
    }
}

/* Cell column of the plot area holding sub-column of data x. */
static int find_col_with(const plot_canvas *c, int row, int el)
{
    for (int x = 0; x < plot_canvas_width(c); x++)
        if (plot_canvas_element(c, x, row) == el)
            return x;
    return -1;
}

/* ------------------------------------------------------------- unit tests -- */

static void test_tiers(void)
{
    plot_tier t = PLOT_TIER_BLOCK;
    tap_ok(plot_tier_detect("UTF-8", 6, "xterm-256color", 0) == PLOT_TIER_BRAILLE,
           "tier: UTF-8 xterm -> braille");
    tap_ok(plot_tier_detect("UTF-8", 6, "linux", 0) == PLOT_TIER_BLOCK,
           "tier: TERM=linux -> block");
    tap_ok(plot_tier_detect("UTF-8", 6, "dumb", 0) == PLOT_TIER_ASCII, "tier: TERM=dumb -> ascii");
    tap_ok(plot_tier_detect("ANSI_X3.4-1968", 1, "xterm", 0) == PLOT_TIER_ASCII,
           "tier: C locale -> ascii");
    tap_ok(plot_tier_detect("UTF-8", 1, "xterm", 0) == PLOT_TIER_ASCII,
           "tier: MB_CUR_MAX 1 -> ascii");
    tap_ok(plot_tier_detect("UTF-8", 6, "xterm", 1) == PLOT_TIER_ASCII, "tier: forced -> ascii");
    tap_ok(plot_tier_detect(NULL, 6, NULL, 0) == PLOT_TIER_ASCII, "tier: no code set -> ascii");
    tap_ok(plot_tier_detect("UTF-8", 6, NULL, 0) == PLOT_TIER_BRAILLE,
           "tier: no TERM (batch to a file) -> braille");
    tap_ok(plot_tier_parse("Block", &t) == 0 && t == PLOT_TIER_BLOCK, "tier: parse block");
    tap_ok(plot_tier_parse("braille", &t) == 0 && t == PLOT_TIER_BRAILLE, "tier: parse braille");
    tap_ok(plot_tier_parse("ascii", &t) == 0 && t == PLOT_TIER_ASCII, "tier: parse ascii");
    tap_ok(plot_tier_parse("sixel", &t) == -1 && t == PLOT_TIER_ASCII,
           "tier: unknown name rejected, value kept");
    tap_ok(strcmp(plot_tier_name(PLOT_TIER_BLOCK), "block") == 0, "tier: name");
}

static void test_braille_bits(void)
{
    /* doc/design.md section 5: (0,0)=0x01 (0,1)=0x02 (0,2)=0x04 (1,0)=0x08
     * (1,1)=0x10 (1,2)=0x20 (0,3)=0x40 (1,3)=0x80, glyph U+2800 + mask. */
    static const struct {
        int col, row;
        const char *utf8;
    } cases[] = {
        {0, 0, "\xE2\xA0\x81"}, /* U+2801 */
        {1, 3, "\xE2\xA2\x80"}, /* U+2880 */
        {0, 3, "\xE2\xA1\x80"}, /* U+2840 */
        {1, 0, "\xE2\xA0\x88"}, /* U+2808 */
        {0, 2, "\xE2\xA0\x84"}, /* U+2804 */
        {1, 2, "\xE2\xA0\xA0"}, /* U+2820 */
    };
    plot_canvas *c = plot_canvas_alloc(3, 2, PLOT_TIER_BRAILLE);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        plot_canvas_clear(c);
        /* cell (1, 1) of the canvas: sub-pixel origin (2, 4) */
        plot_canvas_dot(c, 2 + cases[i].col, 4 + cases[i].row, PLOT_EL_CURRENT);
        tap_ok(strcmp(plot_canvas_glyph(c, 1, 1), cases[i].utf8) == 0 &&
                   plot_canvas_element(c, 1, 1) == PLOT_EL_CURRENT,
               "braille: sub-pixel (%d,%d) gives the glyph of doc/design.md section 5",
               cases[i].col, cases[i].row);
    }
    plot_canvas_clear(c);
    for (int r = 0; r < 4; r++)
        for (int k = 0; k < 2; k++)
            plot_canvas_dot(c, k, r, PLOT_EL_CURRENT);
    tap_ok(strcmp(plot_canvas_glyph(c, 0, 0), "\xE2\xA3\xBF") == 0,
           "braille: all 8 dots -> U+28FF");
    plot_canvas_free(c);

    /* Quadrants: UL + LR = U+259A, all four = U+2588 full block. */
    c = plot_canvas_alloc(1, 1, PLOT_TIER_BLOCK);
    plot_canvas_dot(c, 0, 0, PLOT_EL_CURRENT);
    plot_canvas_dot(c, 1, 1, PLOT_EL_CURRENT);
    tap_ok(strcmp(plot_canvas_glyph(c, 0, 0), "\xE2\x96\x9A") == 0, "block: UL+LR quadrants");
    plot_canvas_dot(c, 1, 0, PLOT_EL_CURRENT);
    plot_canvas_dot(c, 0, 1, PLOT_EL_CURRENT);
    tap_ok(strcmp(plot_canvas_glyph(c, 0, 0), "\xE2\x96\x88") == 0, "block: four quadrants");
    plot_canvas_free(c);
}

static void test_priority(void)
{
    /* braille: the cell takes the highest element and keeps every dot */
    plot_canvas *c = plot_canvas_alloc(2, 1, PLOT_TIER_BRAILLE);
    plot_canvas_dot(c, 0, 0, PLOT_EL_REFERENCE);
    plot_canvas_dot(c, 0, 1, PLOT_EL_CURRENT);
    plot_canvas_dot(c, 0, 2, PLOT_EL_GRID);
    tap_ok(plot_canvas_element(c, 0, 0) == PLOT_EL_CURRENT &&
               strcmp(plot_canvas_glyph(c, 0, 0), "\xE2\xA0\x87") == 0,
           "priority (braille): current beats reference and grid, dots merged (U+2807)");
    plot_canvas_dot(c, 2, 0, PLOT_EL_GRID);
    plot_canvas_dot(c, 2, 1, PLOT_EL_REFERENCE);
    tap_ok(plot_canvas_element(c, 1, 0) == PLOT_EL_REFERENCE, "priority: reference beats grid");
    plot_canvas_free(c);
    /* block: the higher element replaces the cell, lower dots are dropped */
    c = plot_canvas_alloc(1, 1, PLOT_TIER_BLOCK);
    plot_canvas_dot(c, 0, 0, PLOT_EL_CURRENT);
    plot_canvas_dot(c, 1, 1, PLOT_EL_REFERENCE);
    tap_ok(plot_canvas_element(c, 0, 0) == PLOT_EL_CURRENT &&
               strcmp(plot_canvas_glyph(c, 0, 0), "\xE2\x96\x98") == 0,
           "priority (block): reference dot under the current curve dropped (U+2598)");
    plot_canvas_clear(c);
    plot_canvas_dot(c, 1, 1, PLOT_EL_REFERENCE);
    plot_canvas_dot(c, 0, 0, PLOT_EL_CURRENT);
    tap_ok(plot_canvas_element(c, 0, 0) == PLOT_EL_CURRENT &&
               strcmp(plot_canvas_glyph(c, 0, 0), "\xE2\x96\x98") == 0,
           "priority (block): same result in the other drawing order");
    plot_canvas_free(c);
}

static int ticks_are(double lo, double hi, int max, int lg, const char *want)
{
    double t[32];
    char got[256] = "", lab[32];
    int n = plot_axis_ticks(lo, hi, max, lg, t, 32);
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(got, " ");
        strcat(got, plot_axis_label(t[i], lab, sizeof lab));
    }
    return tap_ok(strcmp(got, want) == 0, "ticks %g..%g (max %d%s): \"%s\", want \"%s\"", lo, hi,
                  max, lg ? ", log" : "", got, want);
}

static void test_ticks(void)
{
    char lab[32];
    double t[32];
    int n, neg0 = 0;
    ticks_are(0, 178, 6, 0, "0 50 100 150");
    ticks_are(0.1, 0.4, 6, 0, "0.1 0.2 0.3 0.4");
    ticks_are(-1, 1, 6, 0, "-1 -0.5 0 0.5 1");
    ticks_are(0.15, 0.35, 6, 0, "0.15 0.2 0.25 0.3 0.35");
    ticks_are(0, 12, 4, 0, "0 5 10");
    ticks_are(1, 1e4, 6, 1, "1 10 100 1e+03 1e+04");
    ticks_are(1e-3, 1, 3, 1, "0.01 1");
    ticks_are(1e-3, 1, 4, 1, "0.001 0.01 0.1 1");
    ticks_are(1, 300, 2, 1, "1 100");
    ticks_are(2, 30, 6, 1, "2 5 10 20");
    /* never "-0": scan ranges straddling zero with many step sizes */
    for (int k = 1; k <= 200; k++) {
        double lo = -0.37 * k / 7.0, hi = 0.21 * k / 3.0;
        n = plot_axis_ticks(lo, hi, 2 + k % 5, 0, t, 32);
        for (int i = 0; i < n; i++)
            if (strcmp(plot_axis_label(t[i], lab, sizeof lab), "-0") == 0 ||
                signbit(t[i]) != (t[i] < 0))
                neg0++;
    }
    tap_ok(neg0 == 0, "ticks: no \"-0\" label in 200 ranges around zero (%d found)", neg0);
    tap_ok(strcmp(plot_axis_label(-0.0, lab, sizeof lab), "0") == 0, "label of -0.0 is \"0\"");
    /* 3..6 ticks for the usual max of 6 over ranges of any magnitude */
    int bad = 0;
    for (int k = 0; k < 300; k++) {
        double lo = -50 + k * 0.731, hi = lo + pow(10.0, -3 + (k % 37) * 0.2);
        n = plot_axis_ticks(lo, hi, 6, 0, t, 32);
        if (n < 3 || n > 6)
            bad++;
    }
    tap_ok(bad == 0, "ticks: 3..6 ticks with max 6 over 300 ranges (%d bad)", bad);
}

static void test_range(void)
{
    plot_range r = {0, 0, 0};
    double lo0, hi0;
    plot_range_soft(&r, 0, 178, 1, 0);
    tap_ok(r.valid && r.lo == 0 && fabs(r.hi - 178 * 1.05) < 1e-9,
           "range: first fit 0..178 -> [0, 186.9] (got [%g, %g])", r.lo, r.hi);
    lo0 = r.lo, hi0 = r.hi;
    plot_range_soft(&r, 0, 170, 1, 0);
    tap_ok(r.lo == lo0 && r.hi == hi0, "range: data moving inside keep the range");
    plot_range_soft(&r, 0, 190, 1, 0);
    tap_ok(r.hi >= 190, "range: data leaving the range rescale (hi %g)", r.hi);
    plot_range_soft(&r, 0, 20, 1, 0);
    tap_ok(r.hi < 30, "range: data filling < 30 %% shrink it (hi %g)", r.hi);
    plot_range_soft(&r, 5, 5.01, 2, 0);
    tap_ok(r.hi - r.lo >= 2 - 1e-12, "range: never below the minimum span (%g)", r.hi - r.lo);
    r.valid = 0;
    plot_range_soft(&r, 0.5, 5000, 1, 1);
    tap_ok(r.lo < 0.5 && r.hi > 5000 && r.lo > 0, "range: log axis [%g, %g]", r.lo, r.hi);
    double v[5] = {NAN, 3, -INFINITY, -2, 7}, a, b;
    tap_ok(plot_minmax(v, 5, 0, &a, &b) == 3 && a == -2 && b == 7, "minmax skips NaN/Inf");
    tap_ok(plot_minmax(v, 5, 1, &a, &b) == 2 && a == 3 && b == 7, "minmax positive only");
}

/* Rows [*top, *bot] of the cells of element el in column x; 0 if none or
 * not one contiguous run. */
static int run_of(const plot_canvas *c, int x, int el, int *top, int *bot)
{
    int n = 0;
    *top = *bot = -1;
    for (int y = 0; y < plot_canvas_height(c); y++)
        if (plot_canvas_element(c, x, y) == el) {
            if (*top < 0)
                *top = y;
            else if (*bot != y - 1)
                return 0;
            *bot = y;
            n++;
        }
    return n > 0;
}

/* On a linear axis that runs below zero, bars grow from the zero line: a
 * negative value hangs below it, a positive one stands on it (csi2017's
 * coincidence-minus-anticoincidence counts go negative). */
static void test_negative_bars(void)
{
    static const double edges[3] = {0, 1, 2}, y[2] = {20, -6};
    static const plot_tier tiers[3] = {PLOT_TIER_BRAILLE, PLOT_TIER_BLOCK, PLOT_TIER_ASCII};
    for (int t = 0; t < 3; t++) {
        plot_canvas *c = plot_canvas_alloc(30, 14, tiers[t]);
        int bot0 = -1;
        for (int neg = 0; neg < 2; neg++) {
            plot_axes ax;
            plot_axes_init(&ax);
            ax.xmin = 0, ax.xmax = 2;
            ax.ymin = neg ? -10 : 0, ax.ymax = 30;
            plot_chart_begin(c, &ax);
            plot_chart_bars(c, edges, y, 2, PLOT_EL_CURRENT);
            plot_chart_end(c);
            /* a column in the middle of each bin */
            int xl = -1, xr = -1;
            for (int x = 0; x < plot_canvas_width(c); x++) {
                double d = plot_chart_x_at(c, x);
                if (xl < 0 && d > 0.4 && d < 0.6)
                    xl = x;
                if (xr < 0 && d > 1.4 && d < 1.6)
                    xr = x;
            }
            int pt, pb, nt, nb;
            int okp = xl >= 0 && run_of(c, xl, PLOT_EL_CURRENT, &pt, &pb);
            int okn = xr >= 0 && run_of(c, xr, PLOT_EL_CURRENT, &nt, &nb);
            if (!neg) {
                tap_ok(okp && !okn, "bars %s: axis from 0: the positive bar only",
                       plot_tier_name(tiers[t]));
                bot0 = pb;
                continue;
            }
            /* 20 of a 40-unit axis is half the plot's height, 6 is 15 % */
            int ax_x, ax_y, ax_w, h;
            plot_chart_area(c, &ax_x, &ax_y, &ax_w, &h);
            tap_ok(okp && okn && pb < bot0 && nt >= pb && nt <= pb + 1 && nb > pb && nb < bot0 &&
                       abs(2 * (pb - pt + 1) - h) <= 2 && abs(20 * (nb - nt + 1) - 3 * h) <= 20,
                   "bars %s: axis from -10: +20 stands on the zero line (rows %d-%d), -6 "
                   "hangs from it (rows %d-%d), bottom row %d",
                   plot_tier_name(tiers[t]), okp ? pt : -1, okp ? pb : -1, okn ? nt : -1,
                   okn ? nb : -1, bot0);
        }
        plot_canvas_free(c);
    }
}

static void test_nan_break(void)
{
    /* 10 points across a 30-column canvas: x = 0..9 spaced 3 cells apart. */
    double x[10], y[10];
    plot_axes ax;
    plot_canvas *c = plot_canvas_alloc(40, 8, PLOT_TIER_BRAILLE);
    int px, py, pw, ph, gap = 1, before = 0, after = 0;
    for (int i = 0; i < 10; i++)
        x[i] = i, y[i] = 1;
    y[5] = NAN;
    plot_axes_init(&ax);
    ax.xmax = 9, ax.ymax = 2;
    tap_ok(plot_chart_begin(c, &ax) == PLOT_OK, "nan: chart fits 40x8");
    plot_chart_curve(c, x, y, 10, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_end(c);
    plot_chart_area(c, &px, &py, &pw, &ph);
    /* the curve row is the middle of the area; find the cells of points 4 and 6 */
    int row = -1;
    for (int r = py; r < py + ph; r++)
        if (find_col_with(c, r, PLOT_EL_CURRENT) >= 0)
            row = r;
    for (int col = px; col < px + pw; col++) {
        double xd = plot_chart_x_at(c, col);
        int on = plot_canvas_element(c, col, row) == PLOT_EL_CURRENT;
        if (xd > 4.2 && xd < 5.8 && on)
            gap = 0;
        if (xd < 4 && on)
            before++;
        if (xd > 6 && on)
            after++;
    }
    tap_ok(row >= 0 && gap && before > 5 && after > 5,
           "nan: line drawn before (%d cells) and after (%d cells) a NaN, none across it", before,
           after);
    if (!gap)
        diag_text("nan", (plot_canvas_to_text(c, text, sizeof text), text));

    /* An isolated finite point between NaNs still shows. */
    y[3] = NAN, y[5] = 1, y[4] = 1.5, y[5] = NAN;
    plot_chart_begin(c, &ax);
    plot_chart_curve(c, x, y, 10, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    int seen = 0;
    for (int col = px; col < px + pw; col++) {
        double xd = plot_chart_x_at(c, col);
        for (int r = py; r < py + ph; r++)
            if (xd > 3.5 && xd < 4.5 && plot_canvas_element(c, col, r) == PLOT_EL_CURRENT)
                seen = 1;
    }
    tap_ok(seen, "nan: an isolated point is drawn");
    plot_canvas_free(c);
}

static void test_steep(void)
{
    /* A jump from the bottom to the top between two neighbouring points must
     * leave no empty row in its column (connected vertical span). */
    double x[3] = {0, 0.5, 1}, y[3] = {0, 0, 10};
    plot_axes ax;
    plot_canvas *c = plot_canvas_alloc(30, 12, PLOT_TIER_BLOCK);
    int px, py, pw, ph, rows = 0;
    plot_axes_init(&ax);
    ax.ymax = 10;
    plot_chart_begin(c, &ax);
    plot_chart_curve(c, x, y, 3, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_area(c, &px, &py, &pw, &ph);
    for (int r = py; r < py + ph; r++)
        rows += find_col_with(c, r, PLOT_EL_CURRENT) >= 0;
    tap_ok(rows == ph, "steep: curve touches all %d rows of the plot (got %d)", ph, rows);
    plot_canvas_free(c);
}

static void test_dotted_differs(void)
{
    /* The same straight line solid and dotted must give different glyphs. */
    double x[2] = {0, 1}, y[2] = {0.5, 0.5};
    plot_axes ax;
    int differ = 0;
    for (int t = 0; t < 3; t++) {
        plot_canvas *a = plot_canvas_alloc(30, 8, (plot_tier)t), *b;
        b = plot_canvas_alloc(30, 8, (plot_tier)t);
        plot_axes_init(&ax);
        plot_chart_begin(a, &ax);
        plot_chart_begin(b, &ax);
        plot_chart_curve(a, x, y, 2, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
        plot_chart_curve(b, x, y, 2, PLOT_EL_CURRENT, PLOT_STYLE_DOTTED);
        char ta[4096], tb[4096];
        plot_canvas_to_text(a, ta, sizeof ta);
        plot_canvas_to_text(b, tb, sizeof tb);
        differ += strcmp(ta, tb) != 0;
        plot_canvas_free(a);
        plot_canvas_free(b);
    }
    tap_ok(differ == 3, "dotted and solid lines differ by glyph in all tiers (%d/3)", differ);
}

static void test_summary(void)
{
    plot_canvas *c = plot_canvas_alloc(12, 2, PLOT_TIER_ASCII);
    plot_axes ax;
    double y[3] = {2, 7.5, NAN}, x[3] = {0, 1, 2};
    plot_axes_init(&ax);
    ax.xmax = 2, ax.ymax = 10;
    tap_ok(plot_chart_begin(c, &ax) == PLOT_SMALL, "summary: 12x2 is too small for a chart");
    plot_chart_curve(c, x, y, 3, PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_end(c);
    plot_canvas_to_text(c, text, sizeof text);
    tap_ok(strcmp(text, "2..7.5      \n            \n") == 0,
           "summary: min..max of the data (\"%.6s\")", text);
    plot_axes_init(&ax);
    ax.xmin = 1;
    ax.xmax = NAN;
    plot_canvas_resize(c, 40, 12);
    tap_ok(plot_chart_begin(c, &ax) == PLOT_EINVAL, "summary: NaN range is rejected");
    plot_chart_end(c);
    tap_ok(strncmp(plot_canvas_glyph(c, 0, 0), "(", 1) == 0, "summary: \"(no range)\" shown");
    plot_canvas_free(c);
}

static void test_text(void)
{
    plot_canvas *c = plot_canvas_alloc(12, 1, PLOT_TIER_ASCII);
    plot_canvas_text(c, 0, 0, "\xCE\x94\xCF\x87\xC2\xB2 = 2.71", -1, PLOT_EL_TITLE);
    plot_canvas_to_text(c, text, sizeof text);
    tap_ok(strcmp(text, "Dchi2 = 2.71\n") == 0, "text: ASCII transliteration (\"%.12s\")", text);
    plot_canvas_clear(c);
    plot_canvas_text(c, 0, 0, "a very long title", -1, PLOT_EL_TITLE);
    plot_canvas_to_text(c, text, sizeof text);
    tap_ok(strcmp(text, "a very long~\n") == 0, "text: cut with an ellipsis (\"%.12s\")", text);
    tap_ok(plot_canvas_to_text(c, text, 5) == 13 && strlen(text) == 4,
           "to_text: returns the full length and truncates safely");
    plot_canvas_free(c);
}

static void test_alloc_free(void)
{
    /* The TUI redraws every frame: a redraw must not allocate. */
    plot_canvas *c = plot_canvas_alloc(100, 30, PLOT_TIER_BRAILLE);
    long before;
    char *buf = malloc(TEXT_MAX);
    before = alloc_count;
    for (int t = 0; t < 3; t++) {
        plot_canvas_set_tier(c, (plot_tier)t);
        draw_spectrum_lin(c);
        draw_spectrum_log(c);
        draw_chi2(c);
        draw_region(c);
        plot_canvas_to_text(c, buf, TEXT_MAX);
    }
    tap_ok(alloc_count == before, "redraws allocate nothing (%ld allocations)",
           alloc_count - before);
    tap_ok(plot_canvas_resize(c, 10, 4) == 0 && plot_canvas_width(c) == 10 &&
               plot_canvas_height(c) == 4,
           "resize reallocates to 10x4");
    tap_ok(plot_canvas_resize(c, 0, 4) == -1 && plot_canvas_width(c) == 10,
           "resize to 0 columns is refused");
    tap_ok(plot_canvas_alloc(0, 3, PLOT_TIER_ASCII) == NULL, "alloc of 0 columns fails");
    free(buf);
    plot_canvas_free(c);
    plot_canvas_free(NULL);
}

static void test_goldens(void)
{
    const char *top = getenv("top_srcdir");
    char path[4096];
    for (size_t i = 0; i < NGOLDEN; i++) {
        const golden *g = &goldens[i];
        char *want;
        render(g);
        tap_ok(check_lines(text, g->w, g->h), "%s: %d lines of %d columns", g->name, g->h, g->w);
        if (g->tier == PLOT_TIER_ASCII)
            tap_ok(is_7bit(text), "%s: pure 7-bit ASCII", g->name);
        snprintf(path, sizeof path, "%s/tests/plot/%s.txt", top && *top ? top : ".", g->name);
        want = read_file(path);
        if (!want) {
            tap_ok(0, "%s: golden %s readable (%s)", g->name, path, strerror(errno));
            continue;
        }
        if (!tap_ok(strcmp(text, want) == 0, "%s: matches the golden", g->name)) {
            diag_text("got", text);
            diag_text("want", want);
        }
        free(want);
    }
}

/* -------------------------------------------------------------------- main -- */

/* The composer (plot_compose.c): a spectrum's measured points where there
 * are measurements and nowhere else; the Delta-chi2 chart's lines at 1, 2
 * and 3 sigma and the CL level, each on its own row, with the best fit. */
static void test_compose(void)
{
    plot_canvas *c = plot_canvas_alloc(40, 24, PLOT_TIER_ASCII);
    tap_ok(c != NULL, "compose: canvas");
    if (!c)
        return;
    const double e[] = {0, 1, 2, 3}, ev[] = {1, 2, 1}, dat[] = {3.5, NAN, 0.3},
                 der[] = {0.3, 0.1, 0.1};
    plot_spectrum sp = {3, e, ev, NULL, dat, der};
    double lo, hi;
    plot_spectrum_yrange(&sp, &lo, &hi);
    tap_ok(fabs(lo - 0.2) < 1e-12 && fabs(hi - 3.8) < 1e-12,
           "spectrum y range: lowest model bin or error bar, highest error bar (%g, %g)", lo, hi);
    plot_axes ax;
    plot_axes_init(&ax);
    ax.xmin = 0;
    ax.xmax = 3;
    ax.ymin = 0;
    ax.ymax = 4;
    tap_ok(plot_compose_spectrum(c, &ax, &sp) == PLOT_OK, "compose a spectrum");
    int px, py, pw, ph, left = 0, mid = 0, right = 0;
    plot_chart_area(c, &px, &py, &pw, &ph);
    for (int y = py; y < py + ph; y++)
        for (int x = px; x < px + pw; x++)
            if (plot_canvas_element(c, x, y) == PLOT_EL_DATA) {
                int third = (x - px) * 3 / pw;
                left += third == 0;
                mid += third == 1;
                right += third == 2;
            }
    tap_ok(left > 1 && mid == 0 && right >= 1, "data cells in the measured bins only (%d, %d, %d)",
           left, mid, right);

    double x[41], d[41];
    for (int i = 0; i <= 40; i++) {
        x[i] = i / 40.0;
        d[i] = 40 * (x[i] - 0.5) * (x[i] - 0.5);
    }
    plot_dchi2 dd = {41, x, d, 0.5, NAN, 2.71, "90%"};
    ax.xmin = 0;
    ax.xmax = 1;
    ax.ymax = 10;
    plot_canvas_clear(c);
    tap_ok(plot_compose_dchi2(c, &ax, &dd) == PLOT_OK, "compose a dchi2 chart");
    plot_chart_area(c, &px, &py, &pw, &ph);
    int grid_rows = 0, markers = 0;
    for (int y = py; y < py + ph; y++) {
        int g = 0;
        for (int xx = px; xx < px + pw; xx++) {
            g += plot_canvas_element(c, xx, y) == PLOT_EL_GRID;
            markers += plot_canvas_element(c, xx, y) == PLOT_EL_MARKER;
        }
        grid_rows += g > pw / 4;
    }
    size_t need = plot_canvas_to_text(c, NULL, 0);
    char *txt = malloc(need + 1);
    tap_ok(txt != NULL, "compose: text buffer");
    if (txt) {
        plot_canvas_to_text(c, txt, need + 1);
        tap_ok(grid_rows == 4 && markers == 1 && strstr(txt, "90%") && strstr(txt, "1sig") &&
                   strstr(txt, "2sig") && strstr(txt, "3sig"),
               "four reference lines (%d rows: 1, 2, 3 sigma, 90%%) and one best-fit marker (%d)",
               grid_rows, markers);
    }
    free(txt);
    plot_canvas_free(c);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--print") == 0) {
        for (size_t i = 0; i < NGOLDEN; i++) {
            render(&goldens[i]);
            printf("=== %s\n%s", goldens[i].name, text);
        }
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "--write") == 0) {
        char path[4096];
        for (size_t i = 0; i < NGOLDEN; i++) {
            FILE *f;
            snprintf(path, sizeof path, "%s/%s.txt", argv[2], goldens[i].name);
            render(&goldens[i]);
            f = fopen(path, "wb");
            if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
                fprintf(stderr, "test_plot: cannot write %s\n", path);
                return 1;
            }
        }
        return 0;
    }
    test_tiers();
    test_braille_bits();
    test_priority();
    test_ticks();
    test_range();
    test_negative_bars();
    test_nan_break();
    test_steep();
    test_dotted_differs();
    test_summary();
    test_text();
    test_alloc_free();
    test_goldens();
    test_compose();
    return tap_done();
}
