/* tui_sliders.c - the parameter sliders, grouped as in the registry
 * (cx_group): name, symbol, value with unit and a track with a knob.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui/tui_ctx.h"
#include "tui/tui_panel.h"
#include "tui/tui_sliders.h"

static const char *const group_names[CX_GROUP_COUNT] = {
    "Standard Model & nucleus", "Non-standard interactions", "Light mediators", "Electromagnetic",
    "Sterile neutrino (3+1)",   "Detector & exposure",       "Statistics"};

void tui_sliders_rebuild(tui_ctx *c)
{
    int keep = tui_sliders_selected(c);
    const cx_model *m = c->st->model;
    int np = cx_model_n_params(m);
    c->nrows = 0;
    for (int g = 0; g < CX_GROUP_COUNT; g++) {
        int heading = c->nrows;
        if (c->nrows < TUI_MAX_ROWS)
            c->rows[c->nrows++] = (tui_slider_row){-1, g};
        int any = 0;
        for (int id = 0; id < np && c->nrows < TUI_MAX_ROWS; id++) {
            const cx_param_info *in = cx_model_param_info(m, id);
            if (!in || (int)in->group != g)
                continue;
            c->rows[c->nrows++] = (tui_slider_row){id, g};
            any = 1;
        }
        if (!any)
            c->nrows = heading;
    }
    c->sel_row = -1;
    if (keep < 0 || !tui_sliders_select(c, keep))
        for (int i = 0; i < c->nrows; i++)
            if (c->rows[i].param >= 0) {
                c->sel_row = i;
                break;
            }
}

int tui_sliders_selected(const tui_ctx *c)
{
    if (c->sel_row < 0 || c->sel_row >= c->nrows)
        return -1;
    return c->rows[c->sel_row].param;
}

int tui_sliders_select(tui_ctx *c, int param)
{
    for (int i = 0; i < c->nrows; i++)
        if (c->rows[i].param == param) {
            c->sel_row = i;
            return 1;
        }
    return 0;
}

/* The track range of a parameter: its scan range, else its full range. */
static void track_range(const cx_param_info *in, double *lo, double *hi)
{
    *lo = in->scan_lo;
    *hi = in->scan_hi;
    if (!(*hi > *lo)) {
        *lo = in->min;
        *hi = in->max;
    }
    if (in->scale == CX_SCALE_LOG) {
        double f = in->log_floor > 0 ? in->log_floor : 1e-30;
        if (*lo < f)
            *lo = f;
        if (*hi <= *lo)
            *hi = *lo * 10;
    }
}

/* Position of v on a track of n cells: 0..n-1, or -1 / n when outside. */
static int track_pos(const cx_param_info *in, double v, int n)
{
    double lo, hi;
    track_range(in, &lo, &hi);
    double t;
    if (in->scale == CX_SCALE_LOG) {
        if (v <= 0)
            return -1;
        t = (log10(v) - log10(lo)) / (log10(hi) - log10(lo));
    } else {
        t = (v - lo) / (hi - lo);
    }
    /* half a cell of slack so the ends are reachable */
    double eps = 0.5 / (n > 1 ? n - 1 : 1);
    if (t < -eps)
        return -1;
    if (t > 1 + eps)
        return n;
    long p = lrint(t * (n - 1));
    return p < 0 ? 0 : p > n - 1 ? n - 1 : (int)p;
}

/* The knob cell of v on a track of n cells. A value that differs from the
 * default d but would share its cell is moved one cell towards its side, so
 * every change shows (an NSI eps of 0.05 on the [-1, 1] scan range is half a
 * cell from 0). */
static int knob_pos(const cx_param_info *in, double v, double d, int n)
{
    int p = track_pos(in, v, n);
    if (v == d || p < 0 || p >= n || in->scale == CX_SCALE_ENUM)
        return p;
    if (in->scale == CX_SCALE_LOG && !(d > 0 && v > 0))
        return p; /* "off" has its own end of the track */
    if (track_pos(in, d, n) == p) {
        p += v > d ? 1 : -1;
        p = p < 0 ? 0 : p > n - 1 ? n - 1 : p;
    }
    return p;
}

/* A track of n cells over the parameter's scan range (not its full allowed
 * range: NSI couplings may reach +-5, but their scans and interesting values
 * lie within +-1), with an overflow mark at an end when v lies outside. */
static void draw_track(tui_ctx *c, int y, int x, int n, const cx_param_info *in, double v, double d,
                       int sel)
{
    if (n < 5)
        return;
    if ((n - 2) % 2 == 0)
        n--; /* an odd number of inner cells: a symmetric range has a middle cell */
    tui_put(y, x, 1, EL_SLIDER_TRACK, c->g->track_l);
    tui_put(y, x + n - 1, 1, EL_SLIDER_TRACK, c->g->track_r);
    int inner = n - 2;
    for (int i = 0; i < inner; i++)
        tui_put(y, x + 1 + i, 1, EL_SLIDER_TRACK, c->g->track);
    int p = knob_pos(in, v, d, inner);
    tui_element kel = sel ? EL_SLIDER_KNOB : EL_PARAM;
    if (in->scale == CX_SCALE_LOG && v <= 0)
        tui_put(y, x, 1, kel, c->g->knob); /* "off" sits on the left end */
    else if (p < 0)
        tui_put(y, x, 1, kel, c->g->over_l);
    else if (p >= inner)
        tui_put(y, x + n - 1, 1, kel, c->g->over_r);
    else
        tui_put(y, x + 1 + p, 1, kel, c->g->knob);
}

int tui_sliders_row_at(const tui_ctx *c, int y)
{
    tui_rect r = c->panels[TUI_P_SLIDERS].r;
    int i = c->slider_top + (y - r.y - 1);
    if (y <= r.y || y >= r.y + r.h || i < 0 || i >= c->nrows)
        return -1;
    return i;
}

/* A click at column x of slider row `row`: on the track, the value under the
 * pointer (rounded to three significant digits, or the enum choice; the left
 * end of a log track is "off"). Returns TUI_R_* or 0 when x is off the track.
 * The geometry is the one tui_sliders_draw() uses. */
unsigned tui_sliders_click(tui_ctx *c, int row, int x)
{
    tui_rect r = c->panels[TUI_P_SLIDERS].r;
    if (row < 0 || row >= c->nrows || c->rows[row].param < 0)
        return 0;
    int show_sym = r.w >= 50;
    int nw = r.w >= 44 ? 14 : 12, sw = show_sym ? 11 : 0, vw = 13;
    int x0 = r.x + 1 + nw + sw + vw;
    int n = r.x + r.w - x0;
    if (n > 22)
        n = 22;
    if (n < 5)
        return 0;
    if ((n - 2) % 2 == 0)
        n--;
    if (x < x0 || x >= x0 + n)
        return 0;
    int id = c->rows[row].param;
    const cx_param_info *in = cx_model_param_info(c->st->model, id);
    if (!in)
        return 0;
    int inner = n - 2;
    double t = inner > 1 ? (double)(x - x0 - 1) / (inner - 1) : 0.5;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double lo, hi, v;
    track_range(in, &lo, &hi);
    if (in->scale == CX_SCALE_LOG)
        v = x == x0 ? 0.0 : pow(10, log10(lo) + t * (log10(hi) - log10(lo)));
    else
        v = lo + t * (hi - lo);
    if (in->scale == CX_SCALE_ENUM)
        v = (double)lrint(in->min + t * (in->max - in->min));
    else if (v != 0.0) {
        double mag = pow(10, floor(log10(fabs(v))) - 2);
        v = round(v / mag) * mag;
        if (fabs(v) < 1e-9 * (hi - lo) && in->scale == CX_SCALE_LINEAR)
            v = 0.0; /* the middle of a symmetric track */
    }
    v = v < in->min ? in->min : v > in->max ? in->max : v;
    unsigned res = TUI_R_REDRAW;
    if (row != c->sel_row) {
        c->sel_row = row;
        res |= TUI_R_CURVE;
    }
    cx_model_set_param(c->st->model, id, v); /* clamped to the range above */
    return res;
}

void tui_sliders_draw(tui_ctx *c, tui_rect r)
{
    tui_panel_title(c, r, TUI_P_SLIDERS, "Parameters");
    int rows = r.h - 1;
    if (rows <= 0)
        return;
    /* keep the selection and, when possible, its group heading visible */
    if (c->sel_row >= 0) {
        int want_top =
            c->sel_row > 0 && c->rows[c->sel_row - 1].param < 0 ? c->sel_row - 1 : c->sel_row;
        if (want_top < c->slider_top)
            c->slider_top = want_top;
        if (c->sel_row >= c->slider_top + rows)
            c->slider_top = c->sel_row - rows + 1;
    }
    if (c->slider_top > c->nrows - rows)
        c->slider_top = c->nrows - rows > 0 ? c->nrows - rows : 0;
    if (c->slider_top < 0)
        c->slider_top = 0;

    const cx_model *m = c->st->model;
    int focus = c->focus == TUI_P_SLIDERS && !c->cmd_active;
    int show_sym = r.w >= 50;
    int nw = r.w >= 44 ? 14 : 12, sw = show_sym ? 11 : 0, vw = 13;
    for (int i = 0; i < rows && c->slider_top + i < c->nrows; i++) {
        int k = c->slider_top + i;
        int y = r.y + 1 + i;
        const tui_slider_row *row = &c->rows[k];
        if (row->param < 0) {
            tui_put(y, r.x + 1, r.w - 1, EL_GROUP, group_names[row->group]);
            continue;
        }
        const cx_param_info *in = cx_model_param_info(m, row->param);
        if (!in)
            continue;
        int sel = k == c->sel_row;
        tui_element el = sel ? (focus ? EL_SELECTED : EL_SELECTED_DIM) : EL_PARAM;
        if (sel)
            tui_fill(y, r.x, r.w, el);
        double v = cx_model_get_param(m, row->param);
        double d = cx_model_default_param(m, row->param);
        int modified = fabs(v - d) > 1e-12 * (fabs(d) > 0 ? fabs(d) : 1.0);
        int x = r.x + 1;
        tui_put(y, x, nw - 1, el, in->name);
        x += nw;
        if (show_sym) {
            tui_put(y, x, sw - 1, el, tui_param_symbol(c, in));
            x += sw;
        }
        char val[64];
        tui_format_value(in, v, 1, c->caps.utf8, val, sizeof val);
        tui_put(y, x, vw - 1, sel ? el : modified ? EL_PARAM_MODIFIED : EL_PARAM, val);
        x += vw;
        int tw = r.x + r.w - x;
        if (tw > 22)
            tw = 22;
        draw_track(c, y, x, tw, in, v, d, sel);
    }
    /* scroll hints in the title row: more above / below */
    char hint[32];
    snprintf(hint, sizeof hint, " %s%s %d/%d ",
             c->slider_top > 0 ? (c->caps.utf8 ? c->g->up : "^") : "",
             c->slider_top + rows < c->nrows ? (c->caps.utf8 ? c->g->down : "v") : "",
             c->sel_row + 1, c->nrows);
    int hw = tui_text_width(hint);
    if (r.w > hw + 16)
        tui_put(r.y, r.x + r.w - hw - 1, hw, EL_TITLE, hint);
}

/* The next slider value in direction dir (+1 or -1), fine or 10x coarse. */
static double step_value(const cx_param_info *in, double v, int dir, int coarse)
{
    double mult = coarse ? 10.0 : 1.0;
    double nv;
    switch (in->scale) {
    case CX_SCALE_ENUM: nv = lrint(v) + dir * (coarse ? 2 : 1); break;
    case CX_SCALE_LOG: {
        double f = in->log_floor > 0 ? in->log_floor : in->min;
        if (v < f * (1 - 1e-9)) { /* "off" */
            nv = dir > 0 ? f : v;
        } else {
            nv = v * pow(10.0, dir * in->step * mult);
            /* snap to the grid of decade fractions so steps do not drift */
            double e = log10(nv) / in->step;
            if (fabs(e - lrint(e)) < 1e-6)
                nv = pow(10.0, lrint(e) * in->step);
            if (nv < f * (1 - 1e-9))
                nv = in->min <= 0 ? 0.0 : in->min;
        }
        break;
    }
    default: {
        double s = in->step * mult;
        nv = v + dir * s;
        /* snap to multiples of the fine step (removes rounding drift) */
        double q = nv / in->step;
        if (fabs(q - lrint(q)) < 1e-6)
            nv = lrint(q) * in->step;
        if (fabs(nv) < in->step * 1e-9)
            nv = 0.0;
        break;
    }
    }
    if (nv < in->min)
        nv = in->min;
    if (nv > in->max)
        nv = in->max;
    return nv;
}

unsigned tui_sliders_step(tui_ctx *c, int dir, int coarse)
{
    int id = tui_sliders_selected(c);
    if (id < 0)
        return TUI_R_HANDLED;
    const cx_param_info *in = cx_model_param_info(c->st->model, id);
    double v = cx_model_get_param(c->st->model, id);
    double nv = step_value(in, v, dir, coarse);
    if (nv == v)
        return TUI_R_HANDLED;
    int rc = cx_model_set_param(c->st->model, id, nv);
    if (rc != CX_OK) {
        tui_message(c, 1, "%s: %s", in->name, cx_strerror(rc));
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static void move_sel(tui_ctx *c, int dir, int count)
{
    int i = c->sel_row;
    while (count-- > 0) {
        int j = i + dir;
        while (j >= 0 && j < c->nrows && c->rows[j].param < 0)
            j += dir;
        if (j < 0 || j >= c->nrows)
            break;
        i = j;
    }
    c->sel_row = i;
}

unsigned tui_sliders_key(tui_ctx *c, int key)
{
    int old = tui_sliders_selected(c);
    int page = c->panels[TUI_P_SLIDERS].r.h - 2;
    switch (key) {
    case KEY_UP:
    case 'k': move_sel(c, -1, 1); break;
    case KEY_DOWN:
    case 'j': move_sel(c, +1, 1); break;
    case KEY_HOME:
        c->sel_row = 0;
        move_sel(c, +1, 1);
        move_sel(c, -1, 1);
        break;
    case KEY_END:
        c->sel_row = c->nrows - 1;
        move_sel(c, -1, 1);
        move_sel(c, +1, 1);
        break;
    case '[': move_sel(c, -1, page > 1 ? page : 1); break;
    case ']': move_sel(c, +1, page > 1 ? page : 1); break;
    default: return TUI_R_NONE;
    }
    int now = tui_sliders_selected(c);
    return TUI_R_HANDLED | TUI_R_REDRAW | (now != old ? TUI_R_CURVE : 0);
}
