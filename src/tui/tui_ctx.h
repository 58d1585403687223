/* tui_ctx.h - the state of the interactive explorer shared by its modules:
 * panels, selection, background jobs, messages. Private to src/tui.
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
    TUI_R_REDRAW = 1u << 1,
    TUI_R_RECOMPUTE = 1u << 2, /* a parameter changed: update model and curve */
    TUI_R_RELAYOUT = 1u << 3,
    TUI_R_FOCUS_NEXT = 1u << 4,
    TUI_R_FOCUS_PREV = 1u << 5,
    TUI_R_QUIT = 1u << 6,
    TUI_R_REBUILD = 1u << 7, /* detector or preset changed: rebuild everything */
    TUI_R_CURVE = 1u << 8    /* the selected parameter changed: new dchi2 curve */
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

/* The dchi2 curve of one parameter, computed in slices on a private model. */
typedef struct {
    cx_model *work;          /* private copy of the model (enum parameters) */
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
    double snap[TUI_MAX_ROWS]; /* parameter values it was computed for */
    int nsnap;
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
    double progress;    /* 0..1 */
    cx_contour_res res; /* valid when done */
    double snap[TUI_MAX_ROWS];
    int nsnap;
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

/* tui_layout.c */
void tui_layout_compute(tui_ctx *c);

/* tui_panel.c: drawing helpers; every draw clips to its rectangle. */
int tui_put(int y, int x, int maxw, tui_element el, const char *s);
int tui_putf(int y, int x, int maxw, tui_element el, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int tui_text_width(const char *s);
int tui_fix_negzero(char *s); /* "-0.00" -> "0.00" in place; 1 when changed */
void tui_fill(int y, int x, int w, tui_element el);
void tui_panel_title(tui_ctx *c, tui_rect r, int id, const char *title);
void tui_draw_header(tui_ctx *c);
void tui_draw_status(tui_ctx *c);
void tui_draw_tabs(tui_ctx *c);
void tui_draw_info(tui_ctx *c);
void tui_format_value(const cx_param_info *in, double v, int with_unit, int utf8, char *buf,
                      size_t n);
const char *tui_param_symbol(const tui_ctx *c, const cx_param_info *in);
void tui_message(tui_ctx *c, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* tui_detlist.c */
void tui_detlist_reload(tui_ctx *c);
void tui_detlist_draw(tui_ctx *c, tui_rect r);
unsigned tui_detlist_key(tui_ctx *c, int key);

/* tui_sliders.c */
void tui_sliders_rebuild(tui_ctx *c);
void tui_sliders_draw(tui_ctx *c, tui_rect r);
unsigned tui_sliders_key(tui_ctx *c, int key);
int tui_sliders_selected(const tui_ctx *c);
int tui_sliders_select(tui_ctx *c, int param);
unsigned tui_sliders_step(tui_ctx *c, int dir, int coarse);
int tui_sliders_row_at(const tui_ctx *c, int y);
unsigned tui_sliders_click(tui_ctx *c, int row, int x); /* a click on a track */

/* tui_plotpanel.c */
void tui_plotpanel_layout(tui_ctx *c); /* (re)size the canvases to the panels */
void tui_plotpanel_free(tui_ctx *c);
void tui_spectrum_draw(tui_ctx *c, tui_rect r);
void tui_dchi2_draw(tui_ctx *c, tui_rect r);

/* tui_jobs.c: model, chi2 and the sliced computations */
void tui_jobs_rebuild(tui_ctx *c); /* detector changed */
void tui_jobs_rechi2(tui_ctx *c);  /* exposure / stat model changed */
int tui_jobs_update(tui_ctx *c);   /* update main model and chi2; 0 ok */
void tui_jobs_curve_start(tui_ctx *c, int param);
void tui_jobs_contour_start(tui_ctx *c, int px, int py);
int tui_jobs_pending(const tui_ctx *c);
/* Advances the sliced computations for about budget_ms. Work whose single
 * unit (one grid point of a parameter that rebuilds kernels) may take longer
 * than TUI_JOBS_SLOW_UNIT_MS is skipped when the budget is below that. */
#define TUI_JOBS_SLOW_UNIT_MS 5.0
void tui_jobs_step(tui_ctx *c, double budget_ms);
void tui_jobs_cancel(tui_ctx *c);
void tui_jobs_free(tui_ctx *c);
double tui_jobs_cl1(void); /* 90 % CL dchi2 for 1 dof */
double tui_jobs_cl2(void); /* 90 % CL dchi2 for 2 dof */

/* tui_popup (in tui_panel.c) */
void tui_popup_text(tui_ctx *c, const char *title, const char *text);
void tui_popup_menu(tui_ctx *c, const char *title, int n, char **labels, char **cmds);
void tui_popup_close(tui_ctx *c);
void tui_popup_draw(tui_ctx *c);

/* tui_action.c */
unsigned tui_action_key(tui_ctx *c, int key, int panel);
unsigned tui_action_popup_key(tui_ctx *c, int key);
int tui_action_exec(tui_ctx *c, const char *line); /* TUI commands, then the interpreter */
char *tui_action_help_text(void);                  /* malloc'ed */
const char *const *tui_action_commands(void);      /* TUI-only command names */
void tui_action_status_hints(tui_ctx *c, char *buf, size_t n);
int tui_action_snapshot(tui_ctx *c, const char *path, char *err, size_t errlen);

/* tui_cmdline.c */
void tui_cmdline_init(tui_ctx *c);
void tui_cmdline_done(void);
void tui_cmdline_open(tui_ctx *c, const char *text);
void tui_cmdline_close(tui_ctx *c);
unsigned tui_cmdline_key(tui_ctx *c, int key);
void tui_cmdline_cancel(tui_ctx *c);
void tui_cmdline_draw(tui_ctx *c, int *cur_y, int *cur_x);
void tui_cmdline_resize(int width);
char **tui_cmdline_complete(const char *text, int start, int end);
const char *tui_cmdline_history_path(void);

/* tui_demo.c */
int tui_demo_load(tui_ctx *c, const char *name, char *err, size_t errlen);
void tui_demo_free(tui_ctx *c);
unsigned tui_demo_key(tui_ctx *c, int key); /* TUI_R_NONE when not consumed */
void tui_demo_draw(tui_ctx *c);
int tui_demo_rows(const tui_ctx *c); /* rows the caption needs */

/* tui_keep.c */
void tui_keep_reset(tui_ctx *c); /* new detector or start: empty history */
void tui_keep_track(tui_ctx *c); /* after keys: record a parameter change */
unsigned tui_keep_undo(tui_ctx *c, int redo);
void tui_keep_carry_begin(tui_ctx *c, tui_keep_carry *k);
void tui_keep_carry_end(tui_ctx *c, const tui_keep_carry *k);
int tui_keep_session_save(tui_ctx *c, char *err, size_t errlen);
unsigned tui_keep_resume(tui_ctx *c);

#endif
