/* tui_plotpanel.c - the spectrum, dchi2 and contour panels. Every chart is
 * drawn on a src/plot canvas (the same code batch mode prints), one canvas
 * per plot panel, sized by the layout; the cells are then copied to stdscr
 * with the theme attribute of their semantic element.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app_util.h"
#include "tui/tui_ctx.h"
#include "tui/tui_jobs.h"
#include "tui/tui_panel.h"
#include "tui/tui_plotpanel.h"

/* Points of the measured spectrum drawn at most (csi2017 has 25 bins). */
#define DATA_MAX 256
/* Smallest y span of the spectrum axis, events: a nearly empty spectrum
 * (a tiny mass, a far baseline) still gets a readable axis. */
#define SPEC_MIN_SPAN 1.0
/* The dchi2 axis shows 0..top, top between these: the 3 sigma line (9) is on
 * screen whenever the curve reaches it, and steep walls leave through the top
 * instead of squashing the interval. */
#define DCHI2_TOP_MIN 5.0
#define DCHI2_TOP_MAX 25.0
/* The default dchi2 axis: 0 .. max(2 x the 90 % CL level, DCHI2_TOP_READ)
 * with the curve clipped at the top, so that the region that decides the
 * interval gets the rows (f shows the full range). DCHI2_TOP_READ is our
 * choice: 1, 2 sigma and the 90 % level all on screen. */
#define DCHI2_TOP_READ 6.0
/* Rows the interval line may take under the dchi2 plot (wrapped). */
#define INTERVAL_ROWS_MAX 4

/* ----------------------------------------------------------- canvases --- */

/* The canvas of a panel: the panel minus its title row and the rightmost
 * column (a gap to the screen edge). */
static void canvas_size(tui_rect r, int *w, int *h)
{
    *w = r.w - 1;
    *h = r.h - 1;
}

/* Allocates or resizes *pc for panel rect r; only when the size changed, so
 * a frame never allocates. Returns the canvas, or NULL when r has no room. */
static plot_canvas *canvas_fit(tui_ctx *c, plot_canvas **pc, tui_rect r)
{
    int w, h;
    canvas_size(r, &w, &h);
    if (w < 1 || h < 1)
        return NULL;
    if (!*pc) {
        *pc = plot_canvas_alloc(w, h, (plot_tier)c->caps.plot_tier);
        if (!*pc)
            app_die("out of memory");
    } else if (plot_canvas_width(*pc) != w || plot_canvas_height(*pc) != h) {
        if (plot_canvas_resize(*pc, w, h) != 0)
            app_die("out of memory");
    }
    return *pc;
}

void tui_plotpanel_layout(tui_ctx *c)
{
    if (c->panels[TUI_P_SPECTRUM].visible)
        canvas_fit(c, &c->spec_pc, c->panels[TUI_P_SPECTRUM].r);
    if (c->panels[TUI_P_DCHI2].visible)
        canvas_fit(c, &c->dchi2_pc, c->panels[TUI_P_DCHI2].r);
}

void tui_plotpanel_free(tui_ctx *c)
{
    plot_canvas_free(c->spec_pc);
    plot_canvas_free(c->dchi2_pc);
    c->spec_pc = c->dchi2_pc = NULL;
}

/* Theme element of a canvas element; dim: the current series is stale (a
 * computation in progress), drawn in the dim element. */
static tui_element theme_el(int el, int dim)
{
    switch (el) {
    case PLOT_EL_AXIS:
    case PLOT_EL_LABEL: return EL_PLOT_AXIS;
    case PLOT_EL_TITLE: return EL_TITLE;
    case PLOT_EL_GRID: return EL_PLOT_SIGMA;
    case PLOT_EL_CURSOR: return EL_PLOT_CURSOR;
    case PLOT_EL_REFERENCE: return EL_PLOT_REFERENCE;
    case PLOT_EL_CURRENT: return dim ? EL_PLOT_STALE : EL_PLOT_CURRENT;
    case PLOT_EL_DATA: return EL_PLOT_DATA;
    case PLOT_EL_MARKER: return EL_PLOT_DATA;
    default: return EL_NORMAL;
    }
}

/* Copies the canvas to the screen at (y0, x0), one addstr per run of cells
 * with the same element; blank cells are skipped (erase() cleared them). */
static void blit(const plot_canvas *pc, int y0, int x0, int dim)
{
    int w = plot_canvas_width(pc), h = plot_canvas_height(pc);
    char run[1024];
    for (int y = 0; y < h && y0 + y < LINES; y++) {
        int x = 0;
        while (x < w) {
            int el = plot_canvas_element(pc, x, y);
            if (el == PLOT_EL_NONE) {
                x++;
                continue;
            }
            int start = x;
            size_t len = 0;
            while (x < w && plot_canvas_element(pc, x, y) == el) {
                const char *g = plot_canvas_glyph(pc, x, y);
                size_t gl = strlen(g);
                if (len + gl >= sizeof run)
                    break;
                memcpy(run + len, g, gl);
                len += gl;
                x++;
            }
            run[len] = '\0';
            if (x0 + start < COLS) {
                attrset(tui_theme_attr(theme_el(el, dim)));
                mvaddnstr(y0 + y, x0 + start, run, (int)len);
            }
        }
    }
    attrset(A_NORMAL);
}

/* ---------------------------------------------------------- spectrum --- */

void tui_spectrum_draw(tui_ctx *c, tui_rect r)
{
    const cx_model *m = c->st->model;
    const cx_detector *d = cx_model_detector(m);
    /* the time projection when asked for and the detector has timing */
    const int time = c->spec_time && cx_model_time_edges(m) != NULL;
    size_t nb = time ? cx_model_n_time_bins(m) : cx_model_n_bins(m);
    const double *e = time ? cx_model_time_edges(m) : cx_model_bin_edges(m);
    const double *s = time ? cx_model_time_spectrum(m) : cx_model_spectrum(m);
    const double *sm = time ? cx_model_time_spectrum_sm(m) : cx_model_spectrum_sm(m);
    const char *unit = time ? "us" : cx_detector_axis_name(d);
    double bw = nb > 0 ? e[1] - e[0] : 1;
    char title[160];
    if (time)
        snprintf(title, sizeof title, "Spectrum: events per %g us", bw);
    else if (c->spec_time)
        snprintf(title, sizeof title, "Spectrum: events per %g %s (no timing)", bw, unit);
    else
        snprintf(title, sizeof title, "Spectrum: events per %g %s", bw, unit);
    tui_panel_title(c, r, TUI_P_SPECTRUM, title);
    if (nb == 0 || !s)
        return;

    /* the measured points, per bin (cx_detector_measured) */
    double dy[DATA_MAX], de[DATA_MAX];
    size_t nrows = nb <= DATA_MAX ? cx_detector_measured(d, time, e, nb, dy, de) : 0;
    plot_spectrum sp = {nb, e, s, sm, nrows ? dy : NULL, nrows ? de : NULL};

    /* legend in the title row */
    char legend[128];
    snprintf(legend, sizeof legend, " %s model %s SM%s%s ", c->g->bars[8], c->g->hdash,
             nrows ? " " : "", nrows ? c->g->point : "");
    if (nrows)
        strcat(legend, " data");
    int lw = tui_text_width(legend);
    int tw = tui_text_width(title) + 4;
    if (r.w - tw > lw) {
        int x = r.x + r.w - lw;
        x += tui_put(r.y, x, 3, EL_PLOT_CURRENT, c->g->bars[8]);
        x += tui_put(r.y, x, 7, EL_TITLE, " model ");
        x += tui_put(r.y, x, 1, EL_PLOT_REFERENCE, c->g->hdash);
        x += tui_put(r.y, x, 4, EL_TITLE, " SM");
        if (nrows) {
            x += tui_put(r.y, x, 1, EL_TITLE, " ");
            x += tui_put(r.y, x, 1, EL_PLOT_DATA, c->g->point);
            tui_put(r.y, x, 6, EL_TITLE, " data ");
        }
    }

    plot_canvas *pc = canvas_fit(c, &c->spec_pc, r);
    if (!pc)
        return;
    /* y range with hysteresis over model, SM and the data's error bars; the
     * bars start at zero, and measured counts below zero (coincidence minus
     * anti-coincidence) take the axis below it */
    double lo, hi, a, b;
    if (plot_minmax(s, nb, 0, &a, &b) == 0)
        return;
    plot_spectrum_yrange(&sp, &lo, &hi);
    plot_range_soft(&c->spec_range, lo, hi, SPEC_MIN_SPAN, 0);

    char summary[96];
    snprintf(summary, sizeof summary, "N %.1f  N_SM %.1f", c->n_now, c->n_sm);
    plot_axes ax;
    plot_axes_init(&ax);
    ax.xunit = unit;
    ax.summary = summary;
    ax.xmin = e[0];
    ax.xmax = e[nb];
    ax.ymin = c->spec_range.lo;
    ax.ymax = c->spec_range.hi;
    plot_compose_spectrum(pc, &ax, &sp);
    blit(pc, r.y + 1, r.x, 0);
}

/* ------------------------------------------------------------- dchi2 --- */

/* A number of the interval line: four significant digits, or "6.00e-9"
 * for very small and large values (no exponent padding, no negative zero). */
static void fmt_num(double v, char *buf, size_t n)
{
    if (v == 0.0)
        snprintf(buf, n, "0");
    else if (fabs(v) < 1e-3 || fabs(v) >= 1e5) {
        char t[48];
        snprintf(t, sizeof t, "%.2e", v);
        char *e = strchr(t, 'e');
        if (e) { /* e-09 -> e-9, e+05 -> e5 */
            char sign = e[1] == '-' ? '-' : 0;
            char *d = e + 2;
            while (*d == '0' && d[1])
                d++;
            snprintf(buf, n, "%.*se%s%.8s", (int)(e - t), t, sign ? "-" : "", d);
        } else {
            snprintf(buf, n, "%.31s", t);
        }
    } else
        snprintf(buf, n, "%.4g", v);
    tui_fix_negzero(buf);
}

/* The full 90 % CL result of the dchi2 curve in words, as phrases that the
 * interval line wraps between: "90% CL:", "sin2w in [0.1136, 0.3089]",
 * "U [..]", "best 0.2312". A one-sided result (the interval reaches the
 * lower end of a scan that starts at the parameter's smallest value, as for
 * magnetic moments) reads "mu_nu_e < 6.00e-9 mu_B". Returns the count. */
static int interval_phrases(const tui_ctx *c, const cx_param_info *in, char ph[][160], int max)
{
    const tui_curve *cv = &c->curve;
    int utf8 = c->caps.utf8, n = 0;
    const char *unit = in->unit && *in->unit ? in->unit : "";
    if (!utf8) {
        for (const unsigned char *q = (const unsigned char *)unit; *q; q++)
            if (*q >= 0x80)
                unit = strcmp(in->unit, "\u03bc_B") == 0 ? "mu_B" : "";
    }
    const char *sp = *unit ? " " : "";
    const char *in_sym = utf8 ? "\u2208" : "in", *cup = utf8 ? "\u222a" : "U";
    const char *lvl = "90% CL:";
    snprintf(ph[n++], sizeof ph[0], "%s", lvl);
    if (cv->n_int == 0) {
        snprintf(ph[n++], sizeof ph[0], "%.40s excluded over the whole scan", in->name);
    } else if (cv->n_int == 1 && cv->lo_open[0] && cv->hi_open[0]) {
        char a[32], b[32];
        fmt_num(cv->lo[0], a, sizeof a);
        fmt_num(cv->hi[0], b, sizeof b);
        snprintf(ph[n++], sizeof ph[0], "no limit on %.40s in [%s, %s]%s%.20s", in->name, a, b, sp,
                 unit);
    } else if (cv->n_int == 1 && cv->lo_open[0] && in->min >= 0 &&
               cv->lo[0] <= fmax(in->min, 0) + 1e-300 + (cv->logx ? in->log_floor : 0)) {
        char b[32];
        fmt_num(cv->hi[0], b, sizeof b);
        snprintf(ph[n++], sizeof ph[0], "%.40s < %s%s%.20s", in->name, b, sp, unit);
    } else {
        for (int k = 0; k < cv->n_int && n < max - 1; k++) {
            char a[32], b[32], ea[48], eb[48];
            fmt_num(cv->lo[k], a, sizeof a);
            fmt_num(cv->hi[k], b, sizeof b);
            /* an end at the edge of the scanned range: the true end is beyond */
            snprintf(ea, sizeof ea, "%s%s", a, cv->lo_open[k] ? " (scan edge)" : "");
            snprintf(eb, sizeof eb, "%s%s", b, cv->hi_open[k] ? " (scan edge)" : "");
            if (k == 0)
                snprintf(ph[n++], sizeof ph[0], "%.40s %s [%s, %s]", in->name, in_sym, ea, eb);
            else
                snprintf(ph[n++], sizeof ph[0], "%s [%s, %s]", cup, ea, eb);
        }
        if (*unit && n < max)
            snprintf(ph[n - 1] + strlen(ph[n - 1]), sizeof ph[0] - strlen(ph[n - 1]), "%s%s", sp,
                     unit);
    }
    if (n < max && isfinite(cv->best_x)) {
        char b[32];
        /* the first point of a log grid stands for 0 (the slider's "off") */
        if (cv->logx && in->min >= 0 && cv->n > 0 && cv->best_x <= cv->x[0])
            snprintf(b, sizeof b, "0");
        else
            fmt_num(cv->best_x, b, sizeof b);
        snprintf(ph[n++], sizeof ph[0], "best %s", b);
    }
    return n;
}

/* Wraps the phrases into lines of at most w columns (a phrase wider than a
 * line is broken at its spaces). Returns the number of lines; out[i] holds
 * them when out is not NULL. */
static int wrap_phrases(char ph[][160], int n, int w, char out[][512], int max)
{
    int lines = 0;
    char cur[512] = "";
    for (int i = 0; i < n; i++) {
        /* words of an over-long phrase go on one by one */
        char tmp[160];
        snprintf(tmp, sizeof tmp, "%.159s", ph[i]);
        int whole = tui_text_width(tmp) <= w;
        char *save = NULL, *word = whole ? tmp : strtok_r(tmp, " ", &save);
        while (word) {
            int cw = tui_text_width(cur), ww = tui_text_width(word);
            if (cur[0] && cw + (whole ? 2 : 1) + ww > w) {
                if (out && lines < max)
                    snprintf(out[lines], sizeof out[0], "%s", cur);
                lines++;
                cur[0] = '\0';
            }
            size_t l = strlen(cur);
            snprintf(cur + l, sizeof cur - l, "%s%s", cur[0] ? (whole ? "  " : " ") : "", word);
            word = whole ? NULL : strtok_r(NULL, " ", &save);
        }
    }
    if (cur[0]) {
        if (out && lines < max)
            snprintf(out[lines], sizeof out[0], "%s", cur);
        lines++;
    }
    return lines;
}

/* The text of the dchi2 plot's title: parameter, 90 % CL interval(s), best. */
static void dchi2_title(const tui_ctx *c, char *buf, size_t n)
{
    const tui_curve *cv = &c->curve;
    const cx_param_info *in = cx_model_param_info(c->st->model, cv->param);
    const char *dchi2 = c->caps.utf8 ? "\xce\x94\xcf\x87\xc2\xb2" : "dchi2";
    if (!in) {
        snprintf(buf, n, "%s: select a parameter", dchi2);
        return;
    }
    if (!c->chi2) {
        snprintf(buf, n, "%s %s: %.150s", dchi2, in->name,
                 c->chi2_err[0] ? c->chi2_err : "no chi2");
        return;
    }
    if (cv->failed) {
        snprintf(buf, n, "%s %s: evaluation failed", dchi2, in->name);
        return;
    }
    if (!cv->done) {
        double f = cv->use_scan ? cv->progress : cv->n ? (double)cv->next / cv->n : 0;
        snprintf(buf, n, "%s %s: scan %d%%", dchi2, in->name, (int)(100 * f));
        return;
    }
    if (in->scale == CX_SCALE_ENUM && in->labels) {
        /* a few choices: the dchi2 of each, the best one marked */
        int len = snprintf(buf, n, "%s %s:", dchi2, in->name);
        for (int i = 0; i < cv->n && len > 0 && (size_t)len < n; i++)
            len += snprintf(buf + len, n - (size_t)len, " %s%s %.2f", in->labels[i],
                            cv->x[i] == cv->best_x ? "*" : "", cv->chi2[i] - cv->min_chi2);
        return;
    }
    snprintf(buf, n, "%s %s%s", dchi2, in->name,
             c->dchi2_full ? "  (full range, f: 0-6)" : "  (f: full range)");
}

/* The 90 % CL region of two parameters from the engine's contour. */
static void contour_draw(tui_ctx *c, tui_rect r)
{
    tui_contour *ct = &c->contour;
    const cx_model *m = c->st->model;
    const cx_param_info *ix = cx_model_param_info(m, ct->px);
    const cx_param_info *iy = cx_model_param_info(m, ct->py);
    char title[200];
    if (!ix || !iy)
        return;
    if (!c->chi2)
        snprintf(title, sizeof title, "contour: %.150s", c->chi2_err);
    else if (ct->failed)
        snprintf(title, sizeof title, "90%% CL region %s vs %s: failed", iy->name, ix->name);
    else if (!ct->done)
        snprintf(title, sizeof title, "90%% CL region %s vs %s: scan %d%%", iy->name, ix->name,
                 (int)(100 * ct->progress));
    else {
        snprintf(title, sizeof title, "90%% CL region %s vs %s  best (%.3g, %.3g)  (c: close)",
                 iy->name, ix->name, ct->res.best_x, ct->res.best_y);
        if (tui_text_width(title) > r.w - 4) /* the numbers before the words */
            snprintf(title, sizeof title, "90%% CL %s vs %s best (%.3g, %.3g)", iy->name, ix->name,
                     ct->res.best_x, ct->res.best_y);
    }
    tui_panel_title(c, r, TUI_P_DCHI2, title);
    plot_canvas *pc = canvas_fit(c, &c->dchi2_pc, r);
    if (!pc || !ct->done)
        return; /* the title shows the progress */
    const cx_contour_res *res = &ct->res;
    plot_axes ax;
    plot_axes_init(&ax);
    ax.xunit = ix->name;
    ax.xmin = res->xs[0];
    ax.xmax = res->xs[res->nx - 1];
    ax.ymin = res->ys[0];
    ax.ymax = res->ys[res->ny - 1];
    ax.xlog = res->log_x;
    ax.ylog = res->log_y;
    plot_chart_begin(pc, &ax);
    plot_chart_region(pc, res->xs, res->nx, res->ys, res->ny, res->chi2,
                      res->chi2_min + res->dchi2_crit, PLOT_REGION_FILL | PLOT_REGION_EDGE,
                      PLOT_EL_CURRENT, PLOT_STYLE_SOLID);
    plot_chart_marker(pc, res->best_x, res->best_y, PLOT_EL_MARKER);
    /* the sliders' point */
    double hx = cx_model_get_param(m, ct->px), hy = cx_model_get_param(m, ct->py);
    plot_chart_points(pc, &hx, &hy, NULL, NULL, 1, PLOT_EL_CURSOR);
    plot_chart_end(pc);
    blit(pc, r.y + 1, r.x, 0);
}

void tui_dchi2_draw(tui_ctx *c, tui_rect r)
{
    if (c->contour.active) {
        contour_draw(c, r);
        return;
    }
    tui_curve *cv = &c->curve;
    char title[256];
    dchi2_title(c, title, sizeof title);
    tui_panel_title(c, r, TUI_P_DCHI2, title);
    const cx_param_info *in = cx_model_param_info(c->st->model, cv->param);
    if (!in || !c->chi2 || cv->failed)
        return;
    /* the interval line under the plot: the whole result, wrapped */
    if (cv->done && !(in->scale == CX_SCALE_ENUM && in->labels)) {
        char ph[TUI_MAX_INTERVALS + 3][160], lines[INTERVAL_ROWS_MAX][512];
        int np = interval_phrases(c, in, ph, TUI_MAX_INTERVALS + 3);
        int w = r.w - 2;
        int nl = wrap_phrases(ph, np, w, lines, INTERVAL_ROWS_MAX);
        if (nl > INTERVAL_ROWS_MAX)
            nl = INTERVAL_ROWS_MAX;
        if (nl > r.h - 3)
            nl = r.h - 3 > 0 ? r.h - 3 : 0;
        for (int i = 0; i < nl; i++)
            tui_put(r.y + r.h - nl + i, r.x + 1, w, i == 0 ? EL_PLOT_CURSOR : EL_PARAM, lines[i]);
        r.h -= nl;
        c->interval_rows = nl;
    }
    plot_canvas *pc = canvas_fit(c, &c->dchi2_pc, r);
    if (!pc)
        return; /* the title already carries the numbers */
    /* finished, or the previous curve (dimmed) while a scan runs, or the
     * points computed so far (enum parameters), or just the axes */
    int whole = cv->done || cv->stale;
    int have = whole ? cv->n : cv->use_scan ? 0 : cv->next;
    double mn = whole ? cv->min_chi2 : INFINITY;
    if (!whole) {
        for (int i = 0; i < have; i++)
            if (isfinite(cv->chi2[i]) && cv->chi2[i] < mn)
                mn = cv->chi2[i];
        if (isfinite(c->chi2_now) && c->chi2_now < mn)
            mn = c->chi2_now;
    }
    double dmax = 0;
    double y[TUI_CURVE_MAX];
    for (int i = 0; i < have; i++) {
        y[i] = cv->chi2[i] - mn;
        if (isfinite(y[i]) && y[i] > dmax)
            dmax = y[i];
    }
    double top = fmin(fmax(dmax * 1.05, DCHI2_TOP_MIN), DCHI2_TOP_MAX);
    if (!c->dchi2_full)
        top = fmax(2.0 * tui_jobs_cl1(), DCHI2_TOP_READ);
    for (int i = 0; i < have; i++) /* clipped at the top of the axis */
        if (isfinite(y[i]) && y[i] > top)
            y[i] = top * 1.02;

    plot_axes ax;
    plot_axes_init(&ax);
    ax.xunit = in->unit && *in->unit ? in->unit : NULL;
    if (have >= 2) {
        ax.xmin = cv->x[0];
        ax.xmax = cv->x[have - 1];
        ax.xlog = cv->logx;
    } else {
        ax.xmin = cv->grid_lo;
        ax.xmax = cv->grid_hi;
        ax.xlog = cv->grid_log;
    }
    if (have >= 2 && !whole) { /* enum points so far: the whole grid's axis */
        ax.xmin = cv->grid_lo;
        ax.xmax = cv->grid_hi;
    }
    ax.ymin = 0;
    ax.ymax = top;
    plot_dchi2 dd = {(size_t)(have > 0 ? have : 0),
                     cv->x,
                     y,
                     cv->done ? cv->best_x : NAN,
                     cx_model_get_param(c->st->model, cv->param),
                     tui_jobs_cl1(),
                     "90%"};
    plot_compose_dchi2(pc, &ax, &dd);
    /* the current point's dchi2 at the top right of the plot area */
    int px, py, pw, ph;
    plot_chart_area(pc, &px, &py, &pw, &ph);
    if (pw > 12 && isfinite(c->chi2_now) && isfinite(mn)) {
        char now[64];
        snprintf(now, sizeof now, "now %.2f", c->chi2_now - mn);
        tui_fix_negzero(now);
        int nw = (int)strlen(now);
        plot_canvas_text(pc, px + pw - nw, py, now, nw, PLOT_EL_CURSOR);
    }
    blit(pc, r.y + 1, r.x, !cv->done);
}
