/* tui_loop.c - the event loop of the interactive explorer: wait in wgetch,
 * drain all pending keys, dispatch, update the model once, advance the sliced
 * computations within a frame budget, redraw with erase() + doupdate().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tui/tui.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_util.h"
#include "tui/tui_ctx.h"
#include "tui/tui_action.h"
#include "tui/tui_cmdline.h"
#include "tui/tui_command.h"
#include "tui/tui_demo.h"
#include "tui/tui_detlist.h"
#include "tui/tui_jobs.h"
#include "tui/tui_keep.h"
#include "tui/tui_layout.h"
#include "tui/tui_panel.h"
#include "tui/tui_plotpanel.h"
#include "tui/tui_popup.h"
#include "tui/tui_sliders.h"

/* Frame budget for sliced work after a key: a 60 Hz frame is 16.7 ms; leave
 * room for the model update and the drawing. */
#define WORK_BUDGET_MS 10.0
/* Sliced work allowed between keys and the frame that answers them: a cheap
 * curve (sin2w, 121 points) still finishes in it, so the answer shows no
 * intermediate state; a slow one (kernels rebuilt per point) shows its axes,
 * the old curve dimmed and "scan n%", then fills in over the next frames. */
#define FIRST_FRAME_BUDGET_MS 2.0
/* Idle wait when nothing is pending (doc/design.md section 5). */
#define IDLE_WAIT_MS 500
/* A second Ctrl-C within this time quits. */
#define SIGINT_QUIT_MS 1000.0
/* Messages fade after this time. */
#define MESSAGE_MS 8000.0

static void panels_init(tui_ctx *c)
{
    tui_panel *p = c->panels;
    p[TUI_P_DETECTORS] =
        (tui_panel){"Detectors", {0, 0, 0, 0}, 0, tui_detlist_draw, tui_detlist_key};
    p[TUI_P_SLIDERS] =
        (tui_panel){"Parameters", {0, 0, 0, 0}, 0, tui_sliders_draw, tui_sliders_key};
    p[TUI_P_SPECTRUM] =
        (tui_panel){"Spectrum", {0, 0, 0, 0}, 0, tui_spectrum_draw, tui_sliders_key};
    p[TUI_P_DCHI2] = (tui_panel){"Dchi2", {0, 0, 0, 0}, 0, tui_dchi2_draw, tui_sliders_key};
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void stats_summary(const tui_ctx *c, double *median, double *p99, double *last)
{
    int n = c->n_key < TUI_STATS_N ? c->n_key : TUI_STATS_N;
    *median = *p99 = *last = NAN;
    if (n == 0)
        return;
    double tmp[TUI_STATS_N];
    memcpy(tmp, c->key_ms, sizeof(double) * (size_t)n);
    qsort(tmp, (size_t)n, sizeof(double), cmp_double);
    *median = tmp[n / 2];
    int k = (int)ceil(0.99 * n) - 1;
    *p99 = tmp[k < 0 ? 0 : k];
    *last = c->key_ms[(c->key_pos + TUI_STATS_N - 1) % TUI_STATS_N];
}

static void draw_stats(tui_ctx *c)
{
    if (!c->stats_on || c->mode == TUI_L_TINY)
        return;
    double med, p99, last;
    stats_summary(c, &med, &p99, &last);
    char l[4][96];
    snprintf(l[0], sizeof l[0], " key->frame ms: last %.2f median %.2f p99 %.2f (n=%d) ", last, med,
             p99, c->n_key);
    snprintf(l[1], sizeof l[1], " engine %.2f ms  curve %.2f ms  draw %.2f ms ", c->last_engine_ms,
             c->last_curve_ms, c->last_draw_ms);
    snprintf(l[2], sizeof l[2], " start->first frame %.1f ms  frames %ld ", c->first_frame_ms,
             c->frames);
    snprintf(l[3], sizeof l[3], " curve %d pts %.1f ms  %s ", c->curve.n, c->curve.ms,
             c->caps.colors ? "colour" : "mono");
    int w = 0;
    for (int i = 0; i < 4; i++)
        if ((int)strlen(l[i]) > w)
            w = (int)strlen(l[i]);
    int x = COLS - w;
    if (x < 0)
        x = 0;
    for (int i = 0; i < 4; i++) {
        tui_fill(1 + i, x, w, EL_STATUS);
        tui_put(1 + i, x, w, EL_STATUS, l[i]);
    }
}

static void draw_too_small(tui_ctx *c)
{
    char buf[96];
    snprintf(buf, sizeof buf, "terminal too small (need 40x12, have %dx%d)", COLS, LINES);
    int w = (int)strlen(buf);
    int y = LINES / 2 - (LINES > 2 ? 1 : 0);
    if (w > COLS) {
        /* narrow: "terminal too small" above "(need 40x12, have WxH)" */
        char b2[64];
        snprintf(b2, sizeof b2, "(need 40x12, have %dx%d)", COLS, LINES);
        int w2 = (int)strlen(b2);
        tui_put(y < 0 ? 0 : y, COLS > 18 ? (COLS - 18) / 2 : 0, COLS, EL_ERROR,
                "terminal too small");
        if (LINES > 1)
            tui_put((y < 0 ? 0 : y) + 1, w2 < COLS ? (COLS - w2) / 2 : 0, COLS, EL_ERROR, b2);
    } else {
        tui_put(y < 0 ? 0 : y, (COLS - w) / 2, COLS, EL_ERROR, buf);
    }
    (void)c;
}

static void draw_frame(tui_ctx *c)
{
    double t0 = tui_term_now_ms();
    erase();
    int cy = -1, cx = -1;
    if (c->mode == TUI_L_TINY) {
        draw_too_small(c);
        if (c->cmd_active)
            tui_cmdline_draw(c, &cy, &cx);
    } else {
        tui_draw_header(c);
        tui_draw_tabs(c);
        for (int i = 0; i < TUI_P_COUNT; i++) {
            tui_panel *p = &c->panels[i];
            if (!p->visible || p->r.h <= 0 || p->r.w <= 0)
                continue;
            if (p->r.x > 0)
                for (int y = p->r.y; y < p->r.y + p->r.h; y++)
                    tui_put(y, p->r.x - 1, 1, EL_BORDER, c->g->vline);
            p->draw(c, p->r);
        }
        tui_demo_draw(c);
        tui_draw_info(c);
        tui_draw_status(c);
        tui_popup_draw(c);
        draw_stats(c);
        tui_cmdline_draw(c, &cy, &cx);
    }
    if (cy >= 0 && cx >= 0) {
        move(cy, cx);
        curs_set(1);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
    c->last_draw_ms = tui_term_now_ms() - t0;
}

static void cycle_focus(tui_ctx *c, int dir)
{
    if (c->mode == TUI_L_SMALL) {
        c->small_panel = (c->small_panel + dir + TUI_P_COUNT) % TUI_P_COUNT;
        c->focus = c->small_panel;
        tui_layout_compute(c);
        return;
    }
    for (int k = 1; k <= TUI_P_COUNT; k++) {
        int i = (c->focus + dir * k + 2 * TUI_P_COUNT) % TUI_P_COUNT;
        if (c->panels[i].visible) {
            c->focus = i;
            return;
        }
    }
}

static int panel_at(const tui_ctx *c, int y, int x)
{
    for (int i = 0; i < TUI_P_COUNT; i++) {
        const tui_panel *p = &c->panels[i];
        if (p->visible && y >= p->r.y && y < p->r.y + p->r.h && x >= p->r.x && x < p->r.x + p->r.w)
            return i;
    }
    return -1;
}

static unsigned mouse_key(tui_ctx *c)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return TUI_R_NONE;
    if (c->popup.open) {
        tui_popup_close(c);
        return TUI_R_REDRAW;
    }
    if (c->tabs.h > 0 && ev.y == c->tabs.y && (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) {
        int i = ev.x / 12; /* tab labels are about 12 columns apart */
        if (i >= 0 && i < TUI_P_COUNT) {
            c->small_panel = c->focus = i;
            return TUI_R_RELAYOUT;
        }
    }
    int p = panel_at(c, ev.y, ev.x);
    if (p < 0)
        return TUI_R_NONE;
#if NCURSES_MOUSE_VERSION > 1
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        int dir = (ev.bstate & BUTTON4_PRESSED) ? +1 : -1;
        if (p == TUI_P_DETECTORS)
            return tui_detlist_key(c, dir > 0 ? KEY_UP : KEY_DOWN);
        /* the wheel steps the slider under the pointer */
        unsigned res = 0;
        int row = p == TUI_P_SLIDERS ? tui_sliders_row_at(c, ev.y) : -1;
        if (row >= 0 && c->rows[row].param >= 0 && row != c->sel_row) {
            c->sel_row = row;
            res |= TUI_R_CURVE;
        }
        return res | tui_sliders_step(c, dir, 0);
    }
#endif
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
        return TUI_R_NONE;
    c->focus = p;
    if (p == TUI_P_SLIDERS) {
        int row = tui_sliders_row_at(c, ev.y);
        unsigned on_track = tui_sliders_click(c, row, ev.x);
        if (on_track)
            return on_track;
        if (row >= 0 && c->rows[row].param >= 0) {
            c->sel_row = row;
            return TUI_R_CURVE | TUI_R_REDRAW;
        }
    } else if (p == TUI_P_DETECTORS) {
        /* a click switches to the detector (as htop and btop do) */
        int i = c->det_top + ev.y - c->panels[p].r.y - 1;
        if (i >= 0 && i < (int)c->ndets) {
            c->det_sel = i;
            return tui_detlist_key(c, '\n');
        }
    }
    return TUI_R_REDRAW;
}

static unsigned handle_key(tui_ctx *c, int key)
{
    if (key == KEY_RESIZE)
        return TUI_R_RELAYOUT;
    if (c->mode == TUI_L_TINY) {
        /* "terminal too small": nothing on screen to act on; only quitting,
         * redrawing and leaving an open command line work */
        if (key == CTRL('l'))
            return tui_action_key(c, key, TUI_P_SLIDERS);
        if (c->cmd_active && (key == 27 || key == CTRL('c'))) {
            tui_cmdline_cancel(c);
            return TUI_R_REDRAW;
        }
        if (key == 'q' && !c->cmd_active)
            return TUI_R_QUIT;
        if (key == KEY_MOUSE) {
            MEVENT ev;
            getmouse(&ev);
        }
        return TUI_R_NONE;
    }
    if (key == KEY_MOUSE)
        return mouse_key(c);
    if (c->popup.open && c->demo && !c->popup.menu && (key == ' ' || key == 'n')) {
        /* a demo step's output (events) does not cost a key press of its own */
        tui_popup_close(c);
        return tui_demo_key(c, key) | TUI_R_REDRAW;
    }
    if (c->popup.open)
        return tui_action_popup_key(c, key);
    if (c->cmd_active) {
        if (key == 27) {
            /* A bare ESC leaves; ESC followed at once by a key is Alt-key. */
            timeout(0);
            int next = getch();
            if (next == ERR || next == KEY_RESIZE) {
                /* a resize just after ESC is no Alt-key: dropping it would
                 * leave a stale layout (found by tests/ui/monkey.sh) */
                tui_cmdline_cancel(c);
                return next == KEY_RESIZE ? TUI_R_RELAYOUT | TUI_R_REDRAW : TUI_R_REDRAW;
            }
            tui_cmdline_key(c, 27);
            return tui_cmdline_key(c, next);
        }
        return tui_cmdline_key(c, key);
    }
    if (c->confirm) {
        /* the answer to a question on the message row (R: reset all) */
        int q = c->confirm;
        if (key == 'y' || key == 'Y')
            return tui_action_key(c, q, TUI_P_SLIDERS) | TUI_R_REDRAW;
        c->confirm = 0;
        tui_message(c, 0, "nothing reset");
        return TUI_R_REDRAW;
    }
    if (c->contour_pick) {
        if (key == 27) {
            c->contour_pick = 0;
            return TUI_R_REDRAW;
        }
        if (key == '\r' || key == '\n' || key == KEY_ENTER || key == 'c') {
            int a = c->contour_pick - 1, b = tui_sliders_selected(c);
            c->contour_pick = 0;
            if (b < 0 || a == b) {
                tui_message(c, 1, "contour: choose a parameter other than the first");
                return TUI_R_REDRAW;
            }
            tui_sliders_select(c, a);
            tui_jobs_update(c);
            tui_jobs_contour_start(c, a, b);
            if (c->mode == TUI_L_SMALL)
                c->small_panel = c->focus = TUI_P_DCHI2;
            else if (c->plot_view == 1)
                c->plot_view = 0;
            return TUI_R_RELAYOUT;
        }
        if (key == KEY_UP || key == KEY_DOWN || key == 'j' || key == 'k')
            return tui_sliders_key(c, key) & ~(unsigned)TUI_R_CURVE;
        if (key == 'q')
            return TUI_R_QUIT;
        return TUI_R_NONE;
    }
    unsigned r = tui_demo_key(c, key);
    if (r)
        return r;
    tui_panel *p = &c->panels[c->focus];
    if (p->key) {
        r = p->key(c, key);
        if (r)
            return r;
    }
    if (c->focus == TUI_P_DETECTORS && (key == KEY_LEFT || key == KEY_RIGHT))
        return TUI_R_NONE;
    r = tui_action_key(c, key, c->focus);
    if (!r && key != ERR && key != 27)
        tui_message(c, 0, "key not bound; ? shows the keys");
    return r;
}

static void handle_signals(tui_ctx *c, unsigned *mask)
{
    if (app_cancel_quit)
        c->quit = 1;
    if (tui_term_sigcont) {
        tui_term_sigcont = 0;
        tui_term_modes();
        clearok(curscr, TRUE);
        *mask |= TUI_R_RELAYOUT;
    }
    if (app_cancel_int) {
        int n = app_cancel_int;
        app_cancel_int = 0;
        double now = tui_term_now_ms();
        if (n >= 2 || now - c->last_sigint_ms < SIGINT_QUIT_MS) {
            c->quit = 1;
            return;
        }
        c->last_sigint_ms = now;
        if (c->cmd_active)
            tui_cmdline_cancel(c);
        else if (c->popup.open)
            tui_popup_close(c);
        else
            tui_jobs_cancel(c);
        c->contour_pick = 0;
        tui_message(c, 0, "cancelled; Ctrl-C again within a second quits");
        *mask |= TUI_R_REDRAW;
    }
}

static void record_latency(tui_ctx *c, double ms)
{
    c->key_ms[c->key_pos] = ms;
    c->key_pos = (c->key_pos + 1) % TUI_STATS_N;
    c->n_key++;
}

int tui_run(app_state *st, const tui_options *opt)
{
    double t_start = tui_term_now_ms();
    char err[512];
    if (app_state_ensure(st, err, sizeof err) != 0) {
        fprintf(stderr, "cevnsx: %s\n", err);
        return 1;
    }
    static tui_ctx ctx; /* one explorer per process (curses and readline are global) */
    tui_ctx *c = &ctx;
    memset(c, 0, sizeof *c);
    c->st = st;
    c->opt = opt;
    st->msg_prefix[0] = '\0';
    st->ui_cmd = tui_action_command;
    st->ui = c;
    if (tui_term_init(opt, &c->caps) != 0) {
        st->ui_cmd = NULL;
        return 1;
    }
    c->g = tui_glyph_table(c->caps.plot_tier);
    tui_theme_init(c->caps.colors, opt->theme == TUI_THEME_PROJECTOR);
    c->stats_on = opt->stats;
    c->focus = TUI_P_SLIDERS;
    c->small_panel = TUI_P_SLIDERS;
    c->curve.param = -1;
    panels_init(c);
    tui_detlist_reload(c);
    tui_sliders_rebuild(c);
    c->last_det = st->det;
    tui_jobs_rebuild(c);
    tui_cmdline_init(c);
    if (opt->demo && tui_demo_load(c, opt->demo, err, sizeof err) != 0)
        tui_message(c, 1, "%s", err);
    if (opt->resume)
        tui_keep_resume(c);
    tui_layout_compute(c);
    tui_jobs_update(c);
    tui_keep_reset(c);
    tui_jobs_step(c, FIRST_FRAME_BUDGET_MS); /* the first frame comes first */

    /* what the panels show was computed at this model and generation
     * (cx_model_generation); a new selection asks for a new curve */
    const cx_model *seen_model = st->model;
    unsigned long seen_gen = cx_model_generation(st->model);
    unsigned pending = 0;
    double key_t0 = -1;
    for (;;) {
        if (st->model != seen_model || cx_model_generation(st->model) != seen_gen ||
            (pending & TUI_R_CURVE)) {
            tui_jobs_update(c);
            seen_model = st->model;
            seen_gen = cx_model_generation(st->model);
            pending = 0;
        }
        if (tui_jobs_pending(c))
            tui_jobs_step(c, key_t0 >= 0 ? FIRST_FRAME_BUDGET_MS : WORK_BUDGET_MS);
        if (c->msg[0] && !c->cmd_active && tui_term_now_ms() - c->msg_time > MESSAGE_MS)
            c->msg[0] = '\0';
        draw_frame(c);
        c->frames++;
        if (c->frames == 1)
            c->first_frame_ms = tui_term_now_ms() - t_start;
        if (key_t0 >= 0) {
            record_latency(c, tui_term_now_ms() - key_t0);
            key_t0 = -1;
        }
        if (c->quit || (opt->frames > 0 && c->frames >= opt->frames))
            break;

        int wait = tui_jobs_pending(c) ? 0 : opt->frames > 0 ? 10 : IDLE_WAIT_MS;
        if (c->msg[0] && wait > 1000)
            wait = 1000;
        timeout(wait);
        double t_wait0 = tui_term_now_ms();
        int key = getch();
        /* stdin at end of file (--tui with no terminal input) returns at
         * once: wait anyway instead of spinning */
        if (key == ERR && !isatty(STDIN_FILENO)) {
            /* EIO, not ENOTTY: the terminal went away (closed window, lost
             * SSH connection). There is no one left to draw for. */
            struct termios tio;
            if (tcgetattr(STDIN_FILENO, &tio) != 0 && errno == EIO)
                app_cancel_quit = 1;
            else if (wait > 0 && tui_term_now_ms() - t_wait0 < 1.0)
                usleep((useconds_t)wait * 1000u);
        }
        unsigned mask = 0;
        if (key != ERR) {
            key_t0 = tui_term_now_ms();
            double msg_before = c->msg_time;
            /* drain everything pending: one recompute per frame */
            timeout(0);
            do {
                mask |= handle_key(c, key);
                if (mask & TUI_R_QUIT)
                    break;
                if (mask & TUI_R_RELAYOUT)
                    tui_layout_compute(c);
                if (mask & TUI_R_FOCUS_NEXT)
                    cycle_focus(c, +1);
                if (mask & TUI_R_FOCUS_PREV)
                    cycle_focus(c, -1);
                mask &= ~(unsigned)(TUI_R_FOCUS_NEXT | TUI_R_FOCUS_PREV);
            } while ((key = getch()) != ERR);
            /* an error stays until the next key that works, then goes: a
             * newer message replaces it anyway */
            if (c->msg_error && c->msg_time == msg_before &&
                (mask & (TUI_R_HANDLED | TUI_R_REDRAW | TUI_R_CURVE)) && !c->cmd_active)
                c->msg[0] = '\0';
        }
        handle_signals(c, &mask);
        if (mask & TUI_R_QUIT)
            c->quit = 1;
        if (mask & TUI_R_RELAYOUT) {
            tui_layout_compute(c);
            tui_cmdline_resize(COLS);
        }
        pending |= mask & TUI_R_CURVE;
        tui_keep_track(c);
        if (c->quit) {
            draw_frame(c);
            break;
        }
    }
    int status = c->exit_status;
    /* the session is kept for `cevnsx --resume` and the r key */
    if (tui_keep_session_save(c, err, sizeof err) != 0)
        fprintf(stderr, "cevnsx: session not kept: %s\n", err);
    tui_cmdline_done();
    tui_demo_free(c);
    tui_popup_close(c);
    tui_jobs_free(c);
    tui_plotpanel_free(c);
    free(c->dets);
    free(c->det_desc);
    c->dets = NULL;
    st->ui_cmd = NULL;
    st->ui = NULL;
    tui_term_done();
    return status;
}
