/* tui_plotpanel.c - the spectrum, dchi2 and contour plots: a small canvas
 * with sub-cell dots (braille 2x4, quadrants 2x2, ASCII 1x1), bars in eighth
 * blocks, reference lines, error bars and a cursor, blitted to stdscr.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_util.h"
#include "tui/tui_ctx.h"

typedef struct {
    unsigned char mask; /* sub-cell dots */
    unsigned char el;   /* element of the dots or glyph */
    unsigned char rev;  /* draw reversed */
    const char *glyph;  /* a whole-cell glyph, overrides the dots */
} cell;

typedef struct {
    int y0, x0, w, h; /* plot area on the screen */
    int sx, sy;       /* sub-cells per cell */
    double xlo, xhi, ylo, yhi;
    int logx;
    int logy; /* y values are log-spaced (contour): label only the ends */
    int tier;
    const tui_glyphs *g;
    cell *cells;
} chart;

static cell *cell_buf;
static size_t cell_cap;

static int chart_init(chart *ch, const tui_ctx *c, int y0, int x0, int w, int h)
{
    if (w < 4 || h < 2)
        return 0;
    size_t need = (size_t)w * (size_t)h;
    if (need > cell_cap) {
        free(cell_buf);
        cell_buf = app_xmalloc(need * sizeof *cell_buf);
        cell_cap = need;
    }
    memset(cell_buf, 0, need * sizeof *cell_buf);
    ch->cells = cell_buf;
    ch->y0 = y0;
    ch->x0 = x0;
    ch->w = w;
    ch->h = h;
    ch->tier = c->caps.plot_tier;
    ch->g = c->g;
    ch->sx = c->g->sub_x;
    ch->sy = c->g->sub_y;
    ch->logx = 0;
    ch->logy = 0;
    return 1;
}

static double tx(const chart *ch, double x)
{
    if (ch->logx)
        return (log10(x) - log10(ch->xlo)) / (log10(ch->xhi) - log10(ch->xlo));
    return (x - ch->xlo) / (ch->xhi - ch->xlo);
}

static double ty(const chart *ch, double y)
{
    return (y - ch->ylo) / (ch->yhi - ch->ylo);
}

/* Sub-cell coordinates, row 0 at the top. */
static long sub_x(const chart *ch, double x)
{
    return lrint(tx(ch, x) * (ch->w * ch->sx - 1));
}

static long sub_y(const chart *ch, double y)
{
    return lrint((1.0 - ty(ch, y)) * (ch->h * ch->sy - 1));
}

static cell *at(chart *ch, int cx, int cy)
{
    if (cx < 0 || cy < 0 || cx >= ch->w || cy >= ch->h)
        return NULL;
    return &ch->cells[(size_t)cy * (size_t)ch->w + (size_t)cx];
}

static void dot(chart *ch, long px, long py, tui_element el)
{
    if (px < 0 || py < 0)
        return;
    cell *k = at(ch, (int)(px / ch->sx), (int)(py / ch->sy));
    if (!k)
        return;
    if (k->glyph && k->el >= el)
        return;
    if (k->glyph)
        k->glyph = NULL;
    k->mask |= (unsigned char)(1u << ((py % ch->sy) * ch->sx + (px % ch->sx)));
    if (el >= k->el || !k->mask)
        k->el = (unsigned char)el;
}

static void glyph(chart *ch, int cx, int cy, const char *gl, tui_element el, int rev)
{
    cell *k = at(ch, cx, cy);
    if (!k)
        return;
    k->glyph = gl;
    k->mask = 0;
    k->el = (unsigned char)el;
    k->rev = (unsigned char)rev;
}

/* A glyph only where nothing is drawn yet. */
static void glyph_under(chart *ch, int cx, int cy, const char *gl, tui_element el)
{
    cell *k = at(ch, cx, cy);
    if (k && !k->glyph && !k->mask)
        glyph(ch, cx, cy, gl, el, 0);
}

/* A polyline; NaN breaks it. Between consecutive points every sub-row of the
 * span is set so steep parts stay connected. */
static void polyline(chart *ch, const double *x, const double *y, int n, tui_element el)
{
    long ymax = ch->h * ch->sy - 1;
    int have = 0;
    long px0 = 0, py0 = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]) || (ch->logx && x[i] <= 0)) {
            have = 0;
            continue;
        }
        long px = sub_x(ch, x[i]), py = sub_y(ch, y[i]);
        if (py < -4 * ymax)
            py = -4 * ymax;
        if (py > 4 * ymax)
            py = 4 * ymax;
        if (have) {
            long dx = px - px0, dy = py - py0;
            long steps = labs(dx) > labs(dy) ? labs(dx) : labs(dy);
            for (long s = 0; s <= steps; s++) {
                long qx = steps ? px0 + dx * s / steps : px;
                long qy = steps ? py0 + dy * s / steps : py;
                if (qy >= 0 && qy <= ymax)
                    dot(ch, qx, qy, el);
            }
        } else if (py >= 0 && py <= ymax) {
            dot(ch, px, py, el);
        }
        px0 = px;
        py0 = py;
        have = 1;
    }
}

static void ch_hline(chart *ch, double y, tui_element el)
{
    if (y < ch->ylo || y > ch->yhi)
        return;
    int cy = (int)(sub_y(ch, y) / ch->sy);
    for (int cx = 0; cx < ch->w; cx += 2)
        glyph_under(ch, cx, cy, ch->g->hdash, el);
}

static void ch_vline(chart *ch, double x, tui_element el)
{
    if (!(x >= ch->xlo && x <= ch->xhi))
        return;
    int cx = (int)(sub_x(ch, x) / ch->sx);
    for (int cy = 0; cy < ch->h; cy++)
        glyph_under(ch, cx, cy, ch->g->cursor, el);
}

static void blit(const chart *ch)
{
    char buf[8];
    for (int cy = 0; cy < ch->h; cy++)
        for (int cx = 0; cx < ch->w; cx++) {
            const cell *k = &ch->cells[(size_t)cy * (size_t)ch->w + (size_t)cx];
            const char *s = k->glyph;
            if (!s && k->mask)
                s = tui_glyph_dots(ch->tier, k->mask, buf);
            if (!s)
                continue;
            if (k->rev) {
                attr_t a = tui_theme_attr((tui_element)k->el) | A_REVERSE;
                attrset(a);
                mvaddstr(ch->y0 + cy, ch->x0 + cx, s);
                attrset(A_NORMAL);
            } else {
                tui_put(ch->y0 + cy, ch->x0 + cx, 1, (tui_element)k->el, s);
            }
        }
}

/* ------------------------------------------------------------- axes ---- */

static double nice_step(double span, int max_ticks)
{
    if (!(span > 0) || max_ticks < 1)
        return 1;
    double raw = span / max_ticks;
    double p = pow(10.0, floor(log10(raw)));
    double f = raw / p;
    double s = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return s * p;
}

static void fmt_num(double v, char *buf, size_t n)
{
    if (fabs(v) < 1e-300)
        v = 0; /* never print -0 */
    /* whole numbers up to 99999 in full ("4000", not "4e+03") */
    if (fabs(v) < 1e5 && fabs(v - lrint(v)) < 1e-9 * (fabs(v) + 1))
        snprintf(buf, n, "%ld", lrint(v));
    else
        snprintf(buf, n, "%.3g", v);
}

/* Y labels in a gutter of width gw left of the plot, x labels below it. */
static void axes(const chart *ch, int gw, tui_element el, const char *xunit)
{
    char lab[32];
    if (ch->logy) {
        snprintf(lab, sizeof lab, "%.2g", ch->yhi);
        tui_put(ch->y0, ch->x0 - 1 - gw, gw, el, lab);
        snprintf(lab, sizeof lab, "%.2g", ch->ylo);
        tui_put(ch->y0 + ch->h - 1, ch->x0 - 1 - gw, gw, el, lab);
    } else {
        int maxt = ch->h / 3 + 1;
        double st = nice_step(ch->yhi - ch->ylo, maxt < 2 ? 2 : maxt);
        for (double v = ceil(ch->ylo / st) * st; v <= ch->yhi + st * 1e-9; v += st) {
            int cy = (int)(sub_y(ch, v) / ch->sy);
            fmt_num(v, lab, sizeof lab);
            int lw = (int)strlen(lab);
            if (cy >= 0 && cy < ch->h)
                tui_put(ch->y0 + cy, ch->x0 - 1 - (lw < gw ? lw : gw), gw, el, lab);
        }
    }
    for (int cy = 0; cy < ch->h; cy++)
        tui_put(ch->y0 + cy, ch->x0 - 1, 1, el, ch->g->vline);
    /* x labels */
    int y = ch->y0 + ch->h;
    int last_end = ch->x0 - 1;
    if (ch->logx) {
        for (double e = ceil(log10(ch->xlo)); e <= floor(log10(ch->xhi)) + 1e-9; e += 1) {
            double v = pow(10.0, e);
            int cx = (int)(sub_x(ch, v) / ch->sx);
            snprintf(lab, sizeof lab, "1e%d", (int)lrint(e));
            int lw = (int)strlen(lab);
            int x = ch->x0 + cx - lw / 2;
            if (x < ch->x0)
                x = ch->x0;
            if (x > last_end + 1 && x + lw <= ch->x0 + ch->w) {
                tui_put(y, x, lw, el, lab);
                last_end = x + lw;
            }
        }
    } else {
        double sx = nice_step(ch->xhi - ch->xlo, ch->w / 9 > 1 ? ch->w / 9 : 1);
        for (double v = ceil(ch->xlo / sx) * sx; v <= ch->xhi + sx * 1e-9; v += sx) {
            int cx = (int)(sub_x(ch, v) / ch->sx);
            fmt_num(v, lab, sizeof lab);
            int lw = (int)strlen(lab);
            int x = ch->x0 + cx - lw / 2;
            if (x < ch->x0)
                x = ch->x0;
            if (x > last_end + 1 && x + lw <= ch->x0 + ch->w) {
                tui_put(y, x, lw, el, lab);
                last_end = x + lw;
            }
        }
    }
    if (xunit && *xunit) {
        int uw = (int)strlen(xunit);
        if (last_end + 2 + uw <= ch->x0 + ch->w)
            tui_put(y, ch->x0 + ch->w - uw, uw, el, xunit);
    }
}

/* Plot area of a panel: title row, x-label row, gutter. 0 when too small. */
static int panel_chart(chart *ch, const tui_ctx *c, tui_rect r, int gw)
{
    int h = r.h - 2, w = r.w - gw - 2;
    if (h < 3 || w < 8)
        return 0;
    return chart_init(ch, c, r.y + 1, r.x + gw + 1, w, h);
}

/* ---------------------------------------------------------- spectrum --- */

static double nice_ceil(double v)
{
    if (!(v > 0))
        return 1;
    double p = pow(10.0, floor(log10(v)));
    double f = v / p;
    double s = f <= 1 ? 1 : f <= 1.5 ? 1.5 : f <= 2 ? 2 : f <= 3 ? 3 : f <= 5 ? 5 : f <= 7 ? 7 : 10;
    return s * p;
}

void tui_spectrum_draw(tui_ctx *c, tui_rect r)
{
    const cx_model *m = c->st->model;
    size_t nb = cx_model_n_bins(m);
    const double *e = cx_model_bin_edges(m);
    const double *s = cx_model_spectrum(m);
    const double *sm = cx_model_spectrum_sm(m);
    const cx_detector *d = cx_model_detector(m);
    int pe = cx_detector_bin_unit(d) == CX_UNIT_PE;
    double bw = nb > 0 ? e[1] - e[0] : 1;
    char title[160];
    snprintf(title, sizeof title, "Spectrum: events per %g %s", bw, pe ? "PE" : "keVnr");
    tui_panel_title(c, r, TUI_P_SPECTRUM, title);
    if (nb == 0 || !s)
        return;

    /* measured points: [data] bin = PE_LO PE_HI C_ON AC_ON -> C-AC +- sqrt(C+AC) */
    const double *rows = NULL;
    size_t nrows = 0, ncols = 0;
    if (cx_detector_table(d, "data.bin", &rows, &nrows, &ncols) != CX_OK || ncols < 4)
        nrows = 0;

    double ymax = 0, ymin = 0;
    for (size_t i = 0; i < nb; i++) {
        if (s[i] > ymax)
            ymax = s[i];
        if (sm && sm[i] > ymax)
            ymax = sm[i];
    }
    for (size_t i = 0; i < nrows; i++) {
        const double *q = rows + i * ncols;
        double v = q[2] - q[3], err = sqrt(fabs(q[2] + q[3]));
        if (v + err > ymax)
            ymax = v + err;
        if (v - err < ymin)
            ymin = v - err;
    }
    /* Hysteresis: rescale only when the data leave the range or fill less
     * than 40 % of it, so the axis does not jitter while a slider moves. */
    if (ymax > c->spec_ymax || ymax < 0.4 * c->spec_ymax || ymin < c->spec_ymin ||
        ymin > 0.5 * c->spec_ymin) {
        c->spec_ymax = nice_ceil(ymax * 1.1);
        c->spec_ymin = ymin < 0 ? -nice_ceil(-ymin * 1.1) : 0;
    }
    /* legend in the title row */
    char legend[128];
    snprintf(legend, sizeof legend, " %s model %s SM%s%s ", c->g->bars[8], c->g->refline,
             nrows ? " " : "", nrows ? c->g->point : "");
    if (nrows)
        strcat(legend, " data");
    int lw = tui_text_width(legend);
    int tw = tui_text_width(title) + 4;
    if (r.w - tw > lw) {
        int x = r.x + r.w - lw;
        x += tui_put(r.y, x, 3, EL_PLOT_CURRENT, c->g->bars[8]);
        x += tui_put(r.y, x, 7, EL_TITLE, " model ");
        x += tui_put(r.y, x, 1, EL_PLOT_REFERENCE, c->g->refline);
        x += tui_put(r.y, x, 4, EL_TITLE, " SM");
        if (nrows) {
            x += tui_put(r.y, x, 1, EL_TITLE, " ");
            x += tui_put(r.y, x, 1, EL_PLOT_DATA, c->g->point);
            tui_put(r.y, x, 6, EL_TITLE, " data ");
        }
    }

    chart ch;
    int gw = 5;
    if (!panel_chart(&ch, c, r, gw)) {
        tui_putf(r.y + 1, r.x, r.w, EL_NORMAL, "N %.1f  N_SM %.1f", c->n_now, c->n_sm);
        return;
    }
    ch.xlo = e[0];
    ch.xhi = e[nb];
    ch.yhi = c->spec_ymax;
    ch.ylo = c->spec_ymin;
    if (ch.ylo < 0) {
        /* put zero on a cell boundary so bars start there */
        int k = (int)ceil(ch.h * -ch.ylo / (ch.yhi - ch.ylo));
        if (k >= ch.h)
            k = ch.h - 1;
        ch.ylo = -k * ch.yhi / (ch.h - k);
    }
    double per_cell = (ch.yhi - ch.ylo) / ch.h;
    int zero_row = (int)lrint(ch.yhi / per_cell); /* cells above zero */
    for (int cx = 0; cx < ch.w; cx++) {
        double xc = ch.xlo + (ch.xhi - ch.xlo) * (cx + 0.5) / ch.w;
        size_t b = (size_t)((xc - e[0]) / (e[nb] - e[0]) * (double)nb);
        if (b >= nb)
            b = nb - 1;
        /* bar in eighths above the zero row */
        double eighths = s[b] / per_cell * 8.0;
        long full = (long)(eighths / 8.0);
        int part = (int)lrint(eighths - 8.0 * (double)full);
        if (part == 8) {
            full++;
            part = 0;
        }
        for (long k = 0; k < full && k < zero_row; k++)
            glyph(&ch, cx, zero_row - 1 - (int)k, c->g->bars[8], EL_PLOT_CURRENT, 0);
        if (part > 0 && full < zero_row)
            glyph(&ch, cx, zero_row - 1 - (int)full, c->g->bars[part], EL_PLOT_CURRENT, 0);
        /* SM reference level */
        if (sm) {
            double se = sm[b] / per_cell; /* cells above zero */
            int row = zero_row - 1 - (int)floor(se);
            if (se >= zero_row)
                row = 0;
            if (row < 0 || row >= ch.h)
                continue;
            if (floor(se) < (double)full)
                glyph(&ch, cx, row, c->g->refline, EL_PLOT_REFERENCE, 1);
            else if (ch.sy > 1) {
                long py = (long)row * ch.sy + (ch.sy - 1) - (long)((se - floor(se)) * ch.sy);
                cell *k = at(&ch, cx, row);
                if (k && k->glyph)
                    glyph(&ch, cx, row, c->g->refline, EL_PLOT_REFERENCE, 0);
                else
                    for (int q = 0; q < ch.sx; q++)
                        dot(&ch, (long)cx * ch.sx + q, py, EL_PLOT_REFERENCE);
            } else {
                glyph(&ch, cx, row, c->g->refline, EL_PLOT_REFERENCE, 0);
            }
        }
    }
    for (size_t i = 0; i < nrows; i++) {
        const double *q = rows + i * ncols;
        double xc = 0.5 * (q[0] + q[1]);
        if (xc < ch.xlo || xc > ch.xhi)
            continue;
        double v = q[2] - q[3], err = sqrt(fabs(q[2] + q[3]));
        int cx = (int)(sub_x(&ch, xc) / ch.sx);
        int top = (int)(sub_y(&ch, v + err) / ch.sy), bot = (int)(sub_y(&ch, v - err) / ch.sy);
        int mid = (int)(sub_y(&ch, v) / ch.sy);
        for (int cy = top; cy <= bot; cy++)
            if (cy != mid)
                glyph(&ch, cx, cy, c->g->errbar, EL_PLOT_DATA, 0);
        glyph(&ch, cx, mid, c->g->point, EL_PLOT_DATA, 0);
    }
    blit(&ch);
    axes(&ch, gw, EL_PLOT_AXIS, pe ? "PE" : "keVnr");
}

/* ------------------------------------------------------------- dchi2 --- */

static void fmt_interval(const tui_ctx *c, const cx_param_info *in, char *buf, size_t n)
{
    const tui_curve *cv = &c->curve;
    buf[0] = '\0';
    if (cv->n_int == 0) {
        snprintf(buf, n, "none");
        return;
    }
    for (int k = 0; k < cv->n_int; k++) {
        char a[32], b[32];
        tui_format_value(in, cv->lo[k], 0, c->caps.utf8, a, sizeof a);
        tui_format_value(in, cv->hi[k], 0, c->caps.utf8, b, sizeof b);
        size_t len = strlen(buf);
        /* an edge at the end of the scanned range is open: "<a" or ">b" */
        snprintf(buf + len, n - len, "%s[%s%s, %s%s]", k ? " U " : "", cv->lo_open[k] ? "<" : "", a,
                 cv->hi_open[k] ? ">" : "", b);
    }
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
    char iv[160], best[32];
    fmt_interval(c, in, iv, sizeof iv);
    tui_format_value(in, cv->best_x, 0, c->caps.utf8, best, sizeof best);
    snprintf(buf, n, "%s %s  90%% CL %s  best %s", dchi2, in->name, iv, best);
}

static void contour_draw(tui_ctx *c, tui_rect r)
{
    tui_contour *ct = &c->contour;
    const cx_param_info *ix = cx_model_param_info(c->st->model, ct->px);
    const cx_param_info *iy = cx_model_param_info(c->st->model, ct->py);
    char title[200];
    if (!ix || !iy)
        return;
    if (!c->chi2)
        snprintf(title, sizeof title, "contour: %.150s", c->chi2_err);
    else if (!ct->done)
        snprintf(title, sizeof title, "90%% CL region %s vs %s: scan %d%%", iy->name, ix->name,
                 100 * ct->next / (ct->nx * ct->ny > 0 ? ct->nx * ct->ny : 1));
    else
        snprintf(title, sizeof title, "90%% CL region %s vs %s  (c: close)", iy->name, ix->name);
    tui_panel_title(c, r, TUI_P_DCHI2, title);
    chart ch;
    int gw = 8;
    if (!panel_chart(&ch, c, r, gw) || ct->nx < 2 || ct->ny < 2)
        return;
    ch.logx = ct->logx;
    ch.xlo = ct->x[0];
    ch.xhi = ct->x[ct->nx - 1];
    ch.ylo = ct->y[0];
    ch.yhi = ct->y[ct->ny - 1];
    int logy = ct->logy;
    double cl = tui_jobs_cl2();
    int total = ct->nx * ct->ny;
    int inner_n = ct->outer_is_y ? ct->nx : ct->ny;
    /* minimum over what is computed so far (the final one when done) */
    double mn = ct->done ? ct->min_chi2 : INFINITY;
    if (!ct->done)
        for (int k = 0; k < ct->next && k < total; k++) {
            int o = k / inner_n, i = k % inner_n;
            int gx = ct->outer_is_y ? i : o, gy = ct->outer_is_y ? o : i;
            if (isfinite(ct->chi2[gy][gx]) && ct->chi2[gy][gx] < mn)
                mn = ct->chi2[gy][gx];
        }
    for (long py = 0; py < (long)ch.h * ch.sy; py++)
        for (long px = 0; px < (long)ch.w * ch.sx; px++) {
            double fx = (double)px / (ch.w * ch.sx - 1), fy = 1.0 - (double)py / (ch.h * ch.sy - 1);
            int gx = (int)lrint(fx * (ct->nx - 1)), gy = (int)lrint(fy * (ct->ny - 1));
            int k = ct->outer_is_y ? gy * ct->nx + gx : gx * ct->ny + gy;
            if (k >= ct->next)
                continue;
            double v = ct->chi2[gy][gx];
            if (isfinite(v) && v - mn <= cl)
                dot(&ch, px, py, ct->done ? EL_PLOT_CURRENT : EL_PLOT_STALE);
        }
    /* best fit and current point (y mapped by hand for a log y axis) */
    double cxv = cx_model_get_param(c->st->model, ct->px);
    double cyv = cx_model_get_param(c->st->model, ct->py);
    double ylo = ch.ylo, yhi = ch.yhi;
    for (int pass = 0; pass < 2; pass++) {
        double xv = pass ? cxv : ct->best_x, yv = pass ? cyv : ct->best_y;
        if (!pass && !ct->done)
            continue;
        if (!(xv >= ch.xlo && xv <= ch.xhi && yv >= ylo && yv <= yhi))
            continue;
        double fy =
            logy ? (log10(yv) - log10(ylo)) / (log10(yhi) - log10(ylo)) : (yv - ylo) / (yhi - ylo);
        int gx = (int)(sub_x(&ch, xv) / ch.sx);
        int gy = (int)lrint((1.0 - fy) * (ch.h - 1));
        glyph(&ch, gx, gy, pass ? c->g->here : c->g->best, pass ? EL_PLOT_CURSOR : EL_PLOT_DATA, 0);
    }
    ch.logy = logy;
    blit(&ch);
    axes(&ch, gw, EL_PLOT_AXIS, ix->name);
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
    if (!in || cv->n < 2 || !c->chi2)
        return;
    chart ch;
    int gw = 4;
    if (!panel_chart(&ch, c, r, gw)) {
        return; /* the title already carries the numbers */
    }
    ch.logx = cv->logx;
    ch.xlo = cv->x[0];
    ch.xhi = cv->x[cv->n - 1];
    /* finished, or the previous curve (dimmed) while a scan runs, or the
     * points computed so far */
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
    /* Show 0..top with the CL line always visible, at most to 25 so the
     * interval stays readable; steeper parts leave through the top. */
    double top = dmax * 1.05;
    if (top < 5)
        top = 5;
    if (top > 25)
        top = 25;
    ch.ylo = 0;
    ch.yhi = top;
    polyline(&ch, cv->x, y, have, cv->done ? EL_PLOT_CURRENT : EL_PLOT_STALE);
    /* the curve's minimum, then reference levels under the curve */
    if (cv->done && isfinite(cv->best_x) && cv->best_x >= ch.xlo && cv->best_x <= ch.xhi) {
        int gx = (int)(sub_x(&ch, cv->best_x) / ch.sx);
        cell *k = at(&ch, gx, ch.h - 1);
        if (k)
            glyph(&ch, gx, ch.h - 1, c->g->best, EL_PLOT_DATA, 0);
    }
    double v = cx_model_get_param(c->st->model, cv->param);
    ch_vline(&ch, v, EL_PLOT_CURSOR);
    ch_hline(&ch, tui_jobs_cl1(), EL_PLOT_SIGMA);
    ch_hline(&ch, 1.0, EL_PLOT_REFERENCE);
    ch_hline(&ch, 4.0, EL_PLOT_REFERENCE);
    ch_hline(&ch, 9.0, EL_PLOT_REFERENCE);
    blit(&ch);
    axes(&ch, gw, EL_PLOT_AXIS, in->unit && *in->unit && c->caps.utf8 ? in->unit : "");
    /* CL label at the right end of its line */
    int cy = (int)(sub_y(&ch, tui_jobs_cl1()) / ch.sy);
    tui_put(ch.y0 + cy, ch.x0 + ch.w - 3, 3, EL_PLOT_SIGMA, "90%");
    /* the current point's dchi2 */
    if (isfinite(c->chi2_now)) {
        char now[64];
        snprintf(now, sizeof now, "now %.2f", c->chi2_now - mn);
        int nw = (int)strlen(now);
        tui_put(ch.y0, ch.x0 + ch.w - nw, nw, EL_PLOT_CURSOR, now);
    }
}
