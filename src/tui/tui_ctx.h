/* tui_ctx.h - the state of the interactive explorer shared by its modules:
 * panels, selection, background jobs, messages (types only; each module's
 * functions are in its own header, tui_MODULE.h). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_CTX_H
#define CEVNSX_TUI_CTX_H

#include <stddef.h>

#include "app/app_state.h"
#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_contour.h"
#include "cevnsx/cx_scan.h"
#include "plot/plot.h"
#include "tui/tui.h"
#include "tui/tui_glyph.h"
#include "tui/tui_term.h"
#include "tui/tui_theme.h"

/* Reaction masks returned by key handlers; only the loop acts on them. */
enum {
    TUI_R_NONE = 0,
    TUI_R_HANDLED = 1u << 0,
    TUI_R_REDRAW = 1u << 1, /* parameter changes need no bit: the loop compares
                               the model's generation (cx_model_generation) */
    TUI_R_RELAYOUT = 1u << 3,
    TUI_R_FOCUS_NEXT = 1u << 4,
    TUI_R_FOCUS_PREV = 1u << 5,
    TUI_R_QUIT = 1u << 6,
    TUI_R_CURVE = 1u << 8 /* the selected parameter changed: new dchi2 curve */
};

#define TUI_DET_DESC 128

typedef struct {
    int y, x, h, w;
} tui_rect;

typedef enum {
    TUI_P_DETECTORS = 0,
    TUI_P_SLIDERS,
    TUI_P_SPECTRUM,
    TUI_P_DCHI2,
    TUI_P_COUNT
} tui_panel_id;

typedef enum { TUI_L_TINY = 0, TUI_L_SMALL, TUI_L_MEDIUM, TUI_L_WIDE } tui_layout_mode;

typedef struct tui_ctx tui_ctx;

typedef struct {
    const char *title;
    tui_rect r;
    int visible;
    void (*draw)(tui_ctx *c, tui_rect r);
    unsigned (*key)(tui_ctx *c, int key);
} tui_panel;

/* One row of the slider list: a group heading (param < 0) or a parameter. */
typedef struct {
    int param; /* parameter id, or -1 for a heading */
    int group; /* cx_group */
} tui_slider_row;

#define TUI_CURVE_MAX 161
#define TUI_MAX_ROWS 96
#define TUI_MAX_INTERVALS 4

/* The dchi2 curve of one parameter, computed in slices by cx_scan (continuous
 * parameters and enumerated ones alike). */
typedef struct {
    cx_chi2_fit *fit;        /* one-detector fit over a private model, for cx_scan */
    cx_scan *scan;           /* the stepwise scan of a continuous parameter */
    int use_scan;            /* the running curve is a cx_scan */
    int stale;               /* x/chi2 hold the previous curve while a scan runs */
    double progress;         /* 0..1 */
    int param;               /* parameter id, -1 when none */
    int n, next;             /* grid size, next point to compute */
    int logx;                /* log-spaced grid */
    double grid_lo, grid_hi; /* range of the grid being computed (axis of an empty plot) */
    int grid_log;
    double x[TUI_CURVE_MAX], chi2[TUI_CURVE_MAX];
    int done, failed;
    double min_chi2, best_x; /* over the grid (and the current point) */
    int n_int;               /* intervals where dchi2 <= 2.71 */
    double lo[TUI_MAX_INTERVALS], hi[TUI_MAX_INTERVALS];
    int lo_open[TUI_MAX_INTERVALS], hi_open[TUI_MAX_INTERVALS];
    double ms;                 /* time spent on it, ms */
    const cx_model *gen_model; /* the model and its generation it was computed */
    unsigned long gen;         /* at (cx_model_generation) */
} tui_curve;

/* Contour grid: the engine walks it (cx_contour.h); parameters that rebuild
 * kernels at every point get the coarser grid. */
#define TUI_CONTOUR_NX 48
#define TUI_CONTOUR_NY 32
#define TUI_CONTOUR_NX_SLOW 24
#define TUI_CONTOUR_NY_SLOW 16

/* The 90 % CL region of two parameters, computed in slices by cx_contour on
 * its own fit (private model), so it never disturbs the dchi2 curve. */
typedef struct {
    int active; /* the contour view is shown */
    int px, py; /* parameter ids */
    cx_chi2_fit *fit;
    cx_contour *job;
    int running, done, failed;
    double progress;           /* 0..1 */
    cx_contour_res res;        /* valid when done */
    const cx_model *gen_model; /* the model and its generation it was computed */
    unsigned long gen;         /* at (cx_model_generation) */
} tui_contour;

/* A pop-up: text lines (help, command output) or a menu of commands. */
typedef struct {
    int open;
    char title[128];
    char *text; /* owned, lines separated by '\n' */
    int nlines, top;
    int menu; /* lines are choices; cmds[i] runs on Enter */
    int sel;
    char **cmds; /* owned, nlines entries when menu */
} tui_popup;

#define TUI_STATS_N 512

/* tui_keep.c: the parameter values of the model (all ids) and its preset. */
typedef struct {
    int n;
    double v[TUI_MAX_ROWS];
    char preset[48];
} tui_keep_snap;

#define TUI_UNDO_MAX 64 /* bounded undo history (our choice) */

typedef struct {
    tui_keep_snap last; /* the values the history last saw */
    int last_param;     /* the one parameter the last entry changed, or -1 */
    double last_ms;
    int n_undo, n_redo;
    tui_keep_snap undo[TUI_UNDO_MAX], redo[TUI_UNDO_MAX];
} tui_keep;

/* The changed parameters of the model a detector switch leaves. */
typedef struct {
    const cx_detector *det;
    char preset[48];
    int n;
    char name[TUI_MAX_ROWS][32];
    double v[TUI_MAX_ROWS];
} tui_keep_carry;

struct tui_ctx {
    app_state *st;
    const tui_options *opt;
    tui_caps caps;
    const tui_glyphs *g;

    tui_layout_mode mode;
    tui_panel panels[TUI_P_COUNT];
    tui_rect header, info, status, cmdrow, tabs;
    int focus;       /* panel with the keyboard */
    int small_panel; /* panel shown in the small layout */
    int plot_view;   /* medium layout: 0 both plots, 1 spectrum, 2 dchi2 */
    int zoom;        /* v: 0 the layout, 1 the spectrum, 2 the dchi2 panel on the
                        whole screen */

    app_detector_file *dets;
    size_t ndets;
    char (*det_desc)[TUI_DET_DESC]; /* one-line description of each detector file */
    int det_sel, det_top;

    tui_slider_row rows[TUI_MAX_ROWS];
    int nrows;
    int sel_row, slider_top;

    cx_chi2 *chi2; /* chi2 of the current detector, NULL when unusable */
    char chi2_err[256];
    double chi2_now; /* chi2 of the current model */
    double n_now, n_sm;

    tui_curve curve;
    tui_contour contour;
    int contour_pick; /* 'c' pressed: choosing the second parameter */

    tui_popup popup;
    char msg[512]; /* one-line message on the command row */
    int msg_error;
    double msg_time;

    int cmd_active; /* the command line has the keyboard */
    int quit;
    int exit_status;
    double last_sigint_ms;

    /* the plot canvases (src/plot), sized to their panels by the layout;
     * nothing is allocated per frame */
    plot_canvas *spec_pc, *dchi2_pc;
    plot_range spec_range; /* y-range hysteresis of the spectrum */
    int spec_time;         /* the spectrum shows the arrival-time projection */
    int dchi2_full;        /* f: the dchi2 axis up to the curve's maximum */
    int interval_rows;     /* rows the interval line took under the dchi2 plot */

    const cx_detector *last_det; /* detector the panels were built for */

    /* demo */
    struct tui_demo *demo;

    tui_keep keep; /* undo/redo history (tui_keep.c) */
    int confirm;   /* a key waits for y/n: 'R' reset all */

    /* timings (ms) */
    int stats_on;
    double key_ms[TUI_STATS_N];
    int n_key, key_pos;
    double last_engine_ms, last_curve_ms, last_draw_ms, first_frame_ms;
    long frames;
};

#endif
