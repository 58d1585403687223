/* tui_action.c - the one action table: key bindings, their help, the status
 * line hints, and the handler of the command-table rows only the explorer
 * runs (snapshot, export, view, select, demo, keys; app_cmd.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_output.h"
#include "app/app_util.h"
#include "tui/tui_ctx.h"

#define CTRL(k) ((k)&0x1f)

/* Where a binding applies. */
enum { W_GLOBAL = 0, W_PARAM, W_DETECTORS, W_CMDLINE, W_DEMO };

typedef struct {
    const char *name; /* action name (also in the man page) */
    const char *keys; /* keys as shown in help */
    int key[4];       /* key codes, 0-terminated */
    int where;
    const char *help;
    unsigned (*fn)(tui_ctx *c, int key);
} tui_action;

static unsigned act_quit(tui_ctx *c, int key)
{
    (void)c;
    (void)key;
    return TUI_R_QUIT;
}

static unsigned act_help(tui_ctx *c, int key)
{
    (void)key;
    char *t = tui_action_help_text();
    tui_popup_text(c, "cevnsx help", t);
    free(t);
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_next(tui_ctx *c, int key)
{
    (void)c;
    (void)key;
    return TUI_R_FOCUS_NEXT;
}

static unsigned act_prev(tui_ctx *c, int key)
{
    (void)c;
    (void)key;
    return TUI_R_FOCUS_PREV;
}

static unsigned act_step(tui_ctx *c, int key)
{
    int dir = (key == KEY_RIGHT || key == 'l' || key == KEY_SRIGHT || key == KEY_PPAGE ||
               key == '+' || key == '=')
                  ? +1
                  : -1;
    int coarse = key == KEY_SRIGHT || key == KEY_SLEFT || key == KEY_PPAGE || key == KEY_NPAGE;
    return tui_sliders_step(c, dir, coarse);
}

static unsigned act_reset(tui_ctx *c, int key)
{
    int id = key == 'R' ? -1 : tui_sliders_selected(c);
    if (key != 'R' && id < 0)
        return TUI_R_HANDLED;
    cx_model_reset_param(c->st->model, id);
    if (key == 'R')
        tui_message(c, 0, "all parameters reset to the %s defaults", cx_model_preset(c->st->model));
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_value(tui_ctx *c, int key)
{
    (void)key;
    int id = tui_sliders_selected(c);
    const cx_param_info *in = id >= 0 ? cx_model_param_info(c->st->model, id) : NULL;
    if (!in)
        return TUI_R_HANDLED;
    char buf[128];
    snprintf(buf, sizeof buf, "set %s ", in->name);
    tui_cmdline_open(c, buf);
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_cmdline(tui_ctx *c, int key)
{
    (void)key;
    tui_cmdline_open(c, "");
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_contour(tui_ctx *c, int key)
{
    (void)key;
    if (c->contour.active) {
        c->contour.active = 0;
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    int id = tui_sliders_selected(c);
    if (id < 0)
        return TUI_R_HANDLED;
    c->contour_pick = id + 1; /* remembered, +1 so 0 means off */
    c->focus = TUI_P_SLIDERS;
    if (c->mode == TUI_L_SMALL)
        c->small_panel = TUI_P_SLIDERS;
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_presets(tui_ctx *c, int key)
{
    (void)key;
    const char *const *names = cx_preset_names();
    int n = 0;
    while (names[n])
        n++;
    char **labels = app_xmalloc(sizeof *labels * (size_t)(n + 1));
    char **cmds = app_xmalloc(sizeof *cmds * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        char buf[512];
        const char *h = cx_preset_help(names[i]);
        snprintf(buf, sizeof buf, "%-16s %s", names[i], h ? h : "");
        labels[i] = app_xstrdup(buf);
        snprintf(buf, sizeof buf, "preset %s", names[i]);
        cmds[i] = app_xstrdup(buf);
    }
    tui_popup_menu(c, "presets", n, labels, cmds);
    for (int i = 0; i < n; i++) {
        free(labels[i]);
        free(cmds[i]);
    }
    free(labels);
    free(cmds);
    const char *cur = cx_model_preset(c->st->model);
    for (int i = 0; i < n; i++)
        if (cur && strcmp(cur, names[i]) == 0)
            c->popup.sel = i;
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_view(tui_ctx *c, int key)
{
    (void)key;
    if (c->mode == TUI_L_SMALL) {
        c->small_panel = c->small_panel == TUI_P_SPECTRUM ? TUI_P_DCHI2 : TUI_P_SPECTRUM;
        c->focus = c->small_panel;
    } else {
        c->plot_view = (c->plot_view + 1) % 3;
    }
    return TUI_R_HANDLED | TUI_R_RELAYOUT;
}

static unsigned act_axis(tui_ctx *c, int key)
{
    (void)key;
    c->spec_time = !c->spec_time;
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_panel(tui_ctx *c, int key)
{
    int i = key - '1';
    if (i < 0 || i >= TUI_P_COUNT)
        return TUI_R_NONE;
    c->small_panel = i;
    c->focus = i;
    if (c->mode == TUI_L_MEDIUM && i >= TUI_P_SPECTRUM && c->plot_view != 0)
        c->plot_view = i == TUI_P_SPECTRUM ? 1 : 2;
    return TUI_R_HANDLED | TUI_R_RELAYOUT;
}

static unsigned act_stats(tui_ctx *c, int key)
{
    (void)key;
    c->stats_on = !c->stats_on;
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_redraw(tui_ctx *c, int key)
{
    (void)c;
    (void)key;
    clearok(curscr, TRUE);
    return TUI_R_HANDLED | TUI_R_RELAYOUT;
}

static const tui_action actions[] = {
    {"quit", "q", {'q'}, W_GLOBAL, "quit (the terminal is restored)", act_quit},
    {"help", "? F1", {'?', KEY_F(1)}, W_GLOBAL, "this help", act_help},
    {"focus-next", "Tab", {'\t'}, W_GLOBAL, "next panel", act_next},
    {"focus-prev", "Shift-Tab", {KEY_BTAB}, W_GLOBAL, "previous panel", act_prev},
    {"select", "Up Down j k", {0}, W_PARAM, "select a parameter (or a detector)", NULL},
    {"page", "[ ]", {0}, W_PARAM, "move the selection by a page", NULL},
    {"step",
     "Left Right h l",
     {KEY_LEFT, KEY_RIGHT, 'h', 'l'},
     W_PARAM,
     "fine step of the selected parameter",
     act_step},
    {"step", "- +", {'-', '+', '='}, W_PARAM, "fine step (alternative keys)", act_step},
    {"step-coarse",
     "Shift-Left Shift-Right",
     {KEY_SLEFT, KEY_SRIGHT},
     W_PARAM,
     "coarse step (10 fine steps)",
     act_step},
    {"step-coarse",
     "PgUp PgDn",
     {KEY_PPAGE, KEY_NPAGE},
     W_PARAM,
     "coarse step up / down",
     act_step},
    {"reset", "0", {'0'}, W_PARAM, "reset the selected parameter to its default", act_reset},
    {"reset-all", "R", {'R'}, W_GLOBAL, "reset all parameters (current preset)", act_reset},
    {"value", "Enter", {'\r', '\n', KEY_ENTER}, W_PARAM, "type an exact value", act_value},
    {"detector", "Enter", {0}, W_DETECTORS, "switch to the selected detector", NULL},
    {"command", ":", {':'}, W_GLOBAL, "open the command line", act_cmdline},
    {"contour",
     "c",
     {'c'},
     W_GLOBAL,
     "90% CL region of the selected parameter against a second one (c again closes)",
     act_contour},
    {"presets", "p", {'p'}, W_GLOBAL, "choose a preset", act_presets},
    {"view", "v", {'v'}, W_GLOBAL, "switch plots: both, spectrum, dchi2", act_view},
    {"axis", "t", {'t'}, W_GLOBAL, "spectrum: energy or arrival-time projection", act_axis},
    {"panel",
     "1 2 3 4",
     {'1', '2', '3', '4'},
     W_GLOBAL,
     "show detectors, sliders, spectrum, dchi2 (small terminals)",
     act_panel},
    {"stats", "S", {'S'}, W_GLOBAL, "timing overlay (frame and engine times)", act_stats},
    {"redraw", "Ctrl-L", {CTRL('l')}, W_GLOBAL, "redraw the screen", act_redraw},
    {"cancel",
     "Ctrl-C",
     {0},
     W_GLOBAL,
     "cancel the line or computation; twice within a second quits",
     NULL},
    {"suspend", "Ctrl-Z", {0}, W_GLOBAL, "suspend (fg resumes)", NULL},
    {"edit", "Left Right Home End", {0}, W_CMDLINE, "edit the line (readline keys)", NULL},
    {"history", "Up Down", {0}, W_CMDLINE, "earlier command lines", NULL},
    {"complete", "Tab", {0}, W_CMDLINE, "complete commands, parameters, detectors, presets", NULL},
    {"leave", "Esc Ctrl-D", {0}, W_CMDLINE, "leave the command line", NULL},
    {"demo-next", "Space n", {0}, W_DEMO, "next step of a demo", NULL},
    {"demo-back", "Backspace b", {0}, W_DEMO, "previous step of a demo", NULL},
    {"demo-end", "Esc", {0}, W_DEMO, "end the demo", NULL},
};

#define N_ACTIONS (sizeof actions / sizeof actions[0])

unsigned tui_action_key(tui_ctx *c, int key, int panel)
{
    for (size_t i = 0; i < N_ACTIONS; i++) {
        const tui_action *a = &actions[i];
        if (!a->fn)
            continue;
        if (a->where == W_PARAM && panel == TUI_P_DETECTORS)
            continue;
        if (a->where != W_GLOBAL && a->where != W_PARAM)
            continue;
        for (int k = 0; k < 4 && a->key[k]; k++)
            if (a->key[k] == key)
                return a->fn(c, key) | TUI_R_HANDLED;
    }
    return TUI_R_NONE;
}

unsigned tui_action_popup_key(tui_ctx *c, int key)
{
    tui_popup *p = &c->popup;
    if (p->menu) {
        switch (key) {
        case KEY_UP:
        case 'k':
            if (p->sel > 0)
                p->sel--;
            return TUI_R_HANDLED | TUI_R_REDRAW;
        case KEY_DOWN:
        case 'j':
            if (p->sel + 1 < p->nlines)
                p->sel++;
            return TUI_R_HANDLED | TUI_R_REDRAW;
        case '\r':
        case '\n':
        case KEY_ENTER: {
            char cmd[512];
            snprintf(cmd, sizeof cmd, "%s", p->cmds[p->sel]);
            tui_popup_close(c);
            tui_action_exec(c, cmd);
            return TUI_R_HANDLED | TUI_R_REDRAW;
        }
        default: tui_popup_close(c); return TUI_R_HANDLED | TUI_R_REDRAW;
        }
    }
    switch (key) {
    case KEY_UP:
    case 'k':
        if (p->top > 0)
            p->top--;
        return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_DOWN:
    case 'j': p->top++; return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_PPAGE:
        p->top -= 10;
        if (p->top < 0)
            p->top = 0;
        return TUI_R_HANDLED | TUI_R_REDRAW;
    case ' ': {
        /* Space pages on, and closes at the end (so a demo can go on) */
        int body = LINES - 8;
        if (p->top + body < p->nlines) {
            p->top += body > 1 ? body : 1;
            return TUI_R_HANDLED | TUI_R_REDRAW;
        }
        tui_popup_close(c);
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    case KEY_NPAGE: p->top += 10; return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_HOME: p->top = 0; return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_END: p->top = p->nlines; return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_RESIZE: return TUI_R_RELAYOUT;
    default: tui_popup_close(c); return TUI_R_HANDLED | TUI_R_REDRAW;
    }
}

void tui_action_status_hints(tui_ctx *c, char *buf, size_t n)
{
    const tui_glyphs *g = c->g;
    if (c->popup.open) {
        snprintf(buf, n,
                 c->popup.menu ? "Up/Down\tselect\tEnter\tchoose\tEsc\tclose"
                               : "Up/Down/PgUp/PgDn\tscroll\tany key\tclose");
    } else if (c->cmd_active) {
        snprintf(buf, n,
                 "Enter\trun\tTab\tcomplete\tUp/Down\thistory\tEsc\tleave"
                 "\tCtrl-C\tcancel");
    } else if (c->contour_pick) {
        snprintf(buf, n, "%s%s\tchoose 2nd parameter\tEnter\tdraw contour\tEsc\tcancel", g->up,
                 g->down);
    } else if (c->focus == TUI_P_DETECTORS) {
        snprintf(buf, n,
                 "%s%s\tselect\tEnter\tswitch detector\tTab\tpanel\t:\tcommand\t?\thelp"
                 "\tq\tquit",
                 g->up, g->down);
    } else {
        snprintf(buf, n,
                 "%s%s\tselect\t%s%s\tstep\t%s%s%s\tx10\t0\treset\tEnter\tvalue\tTab\tpanel\t:\t"
                 "command\tc\tcontour\tp\tpresets\tv\tview\t?\thelp\tq\tquit",
                 g->up, g->down, g->left, g->right, g->shift, g->left, g->right);
    }
    if (c->demo && !c->popup.open && !c->cmd_active) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "Space\tnext step\tBksp\tback\tEsc\tend demo\t%s", buf);
        snprintf(buf, n, "%s", tmp);
    }
}

/* ------------------------------------------------------- TUI commands --- */

int tui_action_snapshot(tui_ctx *c, const char *path, char *err, size_t errlen)
{
    (void)c;
    app_afile out;
    if (app_afile_open(&out, path, err, errlen) != 0)
        return 1;
    FILE *f = out.fp;
    char *line = app_xmalloc((size_t)COLS * 8 + 2);
    for (int y = 0; y < LINES; y++) {
        size_t len = 0;
        for (int x = 0; x < COLS; x++) {
#ifdef HAVE_UNICODE
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a;
            short pair;
            if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR ||
                wch[0] == 0) {
                line[len++] = ' ';
                continue;
            }
            /* the right half of a double-width character has no text */
            mbstate_t ps;
            memset(&ps, 0, sizeof ps);
            char mb[16];
            size_t k = wcrtomb(mb, wch[0], &ps);
            if (k == (size_t)-1) {
                line[len++] = '?';
                continue;
            }
            memcpy(line + len, mb, k);
            len += k;
#else
            chtype ch = mvinch(y, x);
            line[len++] = (char)(ch & A_CHARTEXT);
#endif
        }
        while (len > 0 && line[len - 1] == ' ')
            len--;
        line[len] = '\0';
        fprintf(f, "%s\n", line);
    }
    free(line);
    return app_afile_commit(&out, err, errlen);
}

static int export_file(tui_ctx *c, const char *what, const char *path, char *err, size_t errlen)
{
    const cx_model *m = c->st->model;
    if (strcmp(what, "spectrum") && strcmp(what, "scan") && strcmp(what, "contour")) {
        snprintf(err, errlen, "export: unknown '%.60s' (spectrum, scan or contour)", what);
        return 1;
    }
    if (strcmp(what, "scan") == 0 && (!c->curve.done || c->curve.param < 0)) {
        snprintf(err, errlen, "export scan: no finished dchi2 curve on screen");
        return 1;
    }
    if (strcmp(what, "contour") == 0 && (!c->contour.active || !c->contour.done)) {
        snprintf(err, errlen, "export contour: no finished contour on screen (press c)");
        return 1;
    }
    app_afile a;
    if (app_afile_open(&a, path, err, errlen) != 0)
        return 1;
    FILE *f = a.fp;
    if (strcmp(what, "spectrum") == 0) {
        /* the batch writer of `spectrum` (or `spectrum --axis time` when the
         * time projection is shown): CSV, or JSON for a FILE.json */
        app_state *st = c->st;
        app_format saved = st->format;
        size_t len = strlen(path);
        char msg[512];
        st->format = len > 5 && strcmp(path + len - 5, ".json") == 0 ? APP_FMT_JSON : APP_FMT_CSV;
        if (app_state_update(st, msg, sizeof msg) != 0) {
            st->format = saved;
            app_afile_abort(&a);
            snprintf(err, errlen, "export spectrum: %.400s", msg);
            return 1;
        }
        app_output_new_stream(st, f);
        if (c->spec_time && cx_model_time_edges(m))
            app_output_time_spectrum(st, f);
        else
            app_output_spectrum(st, f, 0);
        app_output_new_stream(st, f);
        st->format = saved;
    } else if (strcmp(what, "scan") == 0) {
        /* the batch writers of `scan -f csv` and `contour -f csv` */
        const cx_param_info *in = cx_model_param_info(m, c->curve.param);
        app_output_new_stream(c->st, f);
        app_output_scan_csv(c->st, f, in ? in->name : "x", (size_t)c->curve.n, c->curve.x,
                            c->curve.chi2, c->curve.min_chi2, 0, NULL, NULL, 0);
        app_output_new_stream(c->st, f);
    } else {
        app_output_new_stream(c->st, f);
        app_output_contour_csv(c->st, f, &c->contour.res);
        app_output_new_stream(c->st, f);
    }
    return app_afile_commit(&a, err, errlen);
}

/* After a command: rebuild what depends on the detector, or refresh. */
static void after_command(tui_ctx *c)
{
    if (c->st->det != c->last_det) {
        c->last_det = c->st->det;
        tui_sliders_rebuild(c);
        tui_jobs_rebuild(c);
        tui_detlist_reload(c);
    } else {
        tui_jobs_rechi2(c);
    }
    tui_jobs_update(c);
}

/* Shows captured output: one line on the message row, more in a pop-up. */
static void show_output(tui_ctx *c, const char *title, const char *out, const char *err)
{
    size_t lo = strlen(out), le = strlen(err);
    int lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    for (const char *p = err; *p; p++)
        lines += *p == '\n';
    if (lo + le == 0)
        return;
    if (lines <= 1) {
        tui_message(c, le > 0, "%s", le ? err : out);
        return;
    }
    size_t n = lo + le + 2;
    char *all = app_xmalloc(n);
    snprintf(all, n, "%s%s", err, out);
    tui_popup_text(c, title, all);
    free(all);
    if (le)
        tui_message(c, 1, "%s", err);
}

/* The rows of the command table only the explorer runs (app_cmd.c calls this
 * through st->ui_cmd after its lexer and argument-count check): results to
 * out, one-line diagnostics through app_cmd_error(). */
int tui_action_command(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    tui_ctx *c = st->ui;
    char msg[512] = "";
    const char *w = argv[0];
    if (strcmp(w, "snapshot") == 0) {
        if (tui_action_snapshot(c, argv[1], msg, sizeof msg)) {
            app_cmd_error(st, err, "%s", msg);
            return APP_ERR;
        }
        fprintf(out, "screen written to %s\n", argv[1]);
        return APP_OK;
    }
    if (strcmp(w, "export") == 0) {
        if (export_file(c, argv[1], argv[2], msg, sizeof msg)) {
            app_cmd_error(st, err, "%s", msg);
            return APP_ERR;
        }
        fprintf(out, "%s written to %s\n", argv[1], argv[2]);
        return APP_OK;
    }
    if (strcmp(w, "select") == 0) {
        int id = cx_model_param_lookup(st->model, argv[1]);
        if (id < 0 || !tui_sliders_select(c, id)) {
            app_cmd_error(st, err, "select: unknown parameter '%s'", argv[1]);
            return APP_ERR;
        }
        c->contour.active = 0;
        tui_jobs_update(c);
        return APP_OK;
    }
    if (strcmp(w, "view") == 0) {
        if (argc == 2 && strcmp(argv[1], "both") == 0)
            c->plot_view = 0;
        else if (argc == 2 && strcmp(argv[1], "spectrum") == 0)
            c->plot_view = 1, c->small_panel = TUI_P_SPECTRUM;
        else if (argc == 2 && strcmp(argv[1], "dchi2") == 0)
            c->plot_view = 2, c->small_panel = TUI_P_DCHI2, c->contour.active = 0;
        else if (argc == 4 && strcmp(argv[1], "contour") == 0) {
            int a = cx_model_param_lookup(st->model, argv[2]);
            int b = cx_model_param_lookup(st->model, argv[3]);
            if (a < 0 || b < 0 || a == b) {
                app_cmd_error(st, err, "view contour: need two different parameters");
                return APP_ERR;
            }
            tui_sliders_select(c, a);
            tui_jobs_update(c);
            tui_jobs_contour_start(c, a, b);
            if (c->plot_view == 1)
                c->plot_view = 0;
            c->small_panel = TUI_P_DCHI2;
        } else {
            app_cmd_error(st, err, "usage: view both|spectrum|dchi2|contour P1 P2");
            return APP_USAGE;
        }
        tui_layout_compute(c);
        return APP_OK;
    }
    if (strcmp(w, "demo") == 0) {
        if (tui_demo_load(c, argv[1], msg, sizeof msg)) {
            app_cmd_error(st, err, "%s", msg);
            return APP_ERR;
        }
        tui_layout_compute(c);
        return APP_OK;
    }
    if (strcmp(w, "keys") == 0) {
        act_help(c, 0);
        return APP_OK;
    }
    app_cmd_error(st, err, "%s: not an explorer command", w);
    return APP_USAGE;
}

/* Runs a command line (the ':' line, a menu choice, a demo step) through the
 * one interpreter; its output goes to a pop-up or the message row. */
int tui_action_exec(tui_ctx *c, const char *line)
{
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&obuf, &olen);
    FILE *errf = open_memstream(&ebuf, &elen);
    if (!out || !errf)
        app_die("out of memory");
    app_output_new_stream(c->st, out); /* a CSV result gets its header */
    int rc = app_cmd_exec(c->st, line, out, errf);
    fclose(out);
    fclose(errf);
    show_output(c, line, obuf ? obuf : "", ebuf ? ebuf : "");
    free(obuf);
    free(ebuf);
    after_command(c);
    if (rc == APP_QUIT)
        c->quit = 1;
    return rc;
}

char *tui_action_help_text(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        app_die("out of memory");
    static const char *const where_name[] = {"Everywhere", "Parameters and plots", "Detectors",
                                             "Command line", "Demo"};
    for (int w = W_GLOBAL; w <= W_DEMO; w++) {
        fprintf(f, "%s%s\n", w ? "\n" : "", where_name[w]);
        for (size_t i = 0; i < N_ACTIONS; i++)
            if (actions[i].where == w)
                fprintf(f, "  %-24s %s\n", actions[i].keys, actions[i].help);
        if (w == W_PARAM)
            fprintf(f, "  %-24s %s\n", "mouse", "click focuses and selects, the wheel steps");
    }
    fprintf(f, "\nCommands (: opens the command line; separate several with ';')\n");
    const char *const *names = app_cmd_names();
    for (int i = 0; names && names[i]; i++) {
        char syn[128];
        const char *a = app_cmd_args(names[i]), *h = app_cmd_help(names[i]);
        snprintf(syn, sizeof syn, "%s%s%s", names[i], a && *a ? " " : "", a ? a : "");
        if (strlen(syn) > 24)
            fprintf(f, "  %s\n  %-24s %s\n", syn, "", h ? h : "");
        else
            fprintf(f, "  %-24s %s\n", syn, h ? h : "");
    }
    fclose(f);
    return buf;
}
