/* tui_action.c - the one action table: key bindings, their help, the status
 * line hints, and the commands only the TUI has (snapshot, export, view,
 * select, demo), in front of the shared interpreter app_cmd_exec().
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
    if (key == 'R' && c->confirm != 'R') {
        /* everything at once: ask first (tui_loop.c passes the answer back) */
        c->confirm = 'R';
        tui_message(c, 0, "reset all parameters to the %s defaults? y resets, any other key keeps",
                    cx_model_preset(c->st->model));
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    c->confirm = 0;
    cx_model_reset_param(c->st->model, id);
    c->st->changed = 1;
    if (key == 'R')
        tui_message(c, 0, "all parameters reset to the %s defaults", cx_model_preset(c->st->model));
    return TUI_R_HANDLED | TUI_R_RECOMPUTE;
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
        const char *dp = c->st->det ? cx_detector_preset(c->st->det) : NULL;
        int is_def = dp && strcmp(dp, names[i]) == 0;
        snprintf(buf, sizeof buf, "%-16s %s%s%s%s", names[i], is_def ? "[default of " : "",
                 is_def ? cx_detector_id(c->st->det) : "", is_def ? "] " : "", h ? h : "");
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

static unsigned act_undo(tui_ctx *c, int key)
{
    return tui_keep_undo(c, key == 'U');
}

static unsigned act_resume(tui_ctx *c, int key)
{
    (void)key;
    return tui_keep_resume(c);
}

static unsigned act_view(tui_ctx *c, int key)
{
    (void)key;
    /* the whole screen for the spectrum, then the dchi2 panel, then back */
    c->zoom = (c->zoom + 1) % 3;
    if (!c->zoom)
        c->focus = TUI_P_SLIDERS;
    tui_message(c, 0, "%s",
                c->zoom == 1   ? "spectrum on the whole screen; v: dchi2"
                : c->zoom == 2 ? "dchi2 on the whole screen; v: back to the panels"
                               : "panels");
    return TUI_R_HANDLED | TUI_R_RELAYOUT;
}

static unsigned act_axis(tui_ctx *c, int key)
{
    (void)key;
    c->spec_time = !c->spec_time;
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_full(tui_ctx *c, int key)
{
    (void)key;
    c->dchi2_full = !c->dchi2_full;
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

static unsigned act_panel(tui_ctx *c, int key)
{
    int i = key - '1';
    if (i < 0 || i >= TUI_P_COUNT)
        return TUI_R_NONE;
    c->small_panel = i;
    c->focus = i;
    c->zoom = 0;
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
    {"reset-all",
     "R",
     {'R'},
     W_GLOBAL,
     "reset all parameters to the current preset (asks first)",
     act_reset},
    {"undo", "u", {'u'}, W_GLOBAL, "undo the last parameter change", act_undo},
    {"redo", "U", {'U'}, W_GLOBAL, "redo what u undid", act_undo},
    {"resume",
     "r",
     {'r'},
     W_GLOBAL,
     "restore the session kept at the last quit (cevnsx --resume)",
     act_resume},
    {"value", "Enter", {'\r', '\n', KEY_ENTER}, W_PARAM, "type an exact value", act_value},
    {"detector", "Enter", {0}, W_DETECTORS, "switch to the selected detector", NULL},
    {"command", ":", {':'}, W_GLOBAL, "open the command line", act_cmdline},
    {"contour",
     "c",
     {'c'},
     W_GLOBAL,
     "90% CL region of the selected parameter against a second one (c again closes)",
     act_contour},
    {"presets",
     "p",
     {'p'},
     W_GLOBAL,
     "choose a preset (a detector switch keeps the current one)",
     act_presets},
    {"view",
     "v",
     {'v'},
     W_GLOBAL,
     "zoom: the spectrum, then the dchi2 plot on the whole screen, then back",
     act_view},
    {"axis", "t", {'t'}, W_GLOBAL, "spectrum: energy or arrival-time projection", act_axis},
    {"dchi2-range",
     "f",
     {'f'},
     W_GLOBAL,
     "dchi2 axis: 0-6 (clipped above) or the curve's full range",
     act_full},
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
        size_t nb = cx_model_n_bins(m);
        const double *e = cx_model_bin_edges(m), *s = cx_model_spectrum(m),
                     *sm = cx_model_spectrum_sm(m);
        const double *rows = NULL;
        size_t nr = 0, nc = 0;
        if (cx_detector_table(cx_model_detector(m), "data.bin", &rows, &nr, &nc) != CX_OK || nc < 4)
            nr = 0;
        fprintf(f, "lo,hi,events,events_sm%s\n", nr ? ",data,data_err" : "");
        for (size_t i = 0; i < nb; i++) {
            fprintf(f, "%.10g,%.10g,%.10g,%.10g", e[i], e[i + 1], s[i], sm ? sm[i] : NAN);
            if (nr) {
                int found = 0;
                for (size_t k = 0; k < nr; k++) {
                    const double *q = rows + k * nc;
                    if (fabs(q[0] - e[i]) < 1e-9 && fabs(q[1] - e[i + 1]) < 1e-9) {
                        fprintf(f, ",%.10g,%.10g", q[2] - q[3], sqrt(fabs(q[2] + q[3])));
                        found = 1;
                    }
                }
                if (!found)
                    fprintf(f, ",,");
            }
            fputc('\n', f);
        }
    } else if (strcmp(what, "scan") == 0) {
        const cx_param_info *in = cx_model_param_info(m, c->curve.param);
        fprintf(f, "%s,chi2,dchi2\n", in ? in->name : "x");
        for (int i = 0; i < c->curve.n; i++)
            fprintf(f, "%.10g,%.10g,%.10g\n", c->curve.x[i], c->curve.chi2[i],
                    c->curve.chi2[i] - c->curve.min_chi2);
    } else {
        const cx_contour_res *r = &c->contour.res;
        fprintf(f, "%s,%s,chi2,dchi2\n", r->x_name, r->y_name);
        for (size_t y = 0; y < r->ny; y++)
            for (size_t x = 0; x < r->nx; x++) {
                double v = r->chi2[y * r->nx + x];
                fprintf(f, "%.10g,%.10g,%.10g,%.10g\n", r->xs[x], r->ys[y], v, v - r->chi2_min);
            }
    }
    return app_afile_commit(&a, err, errlen);
}

static const char *const tui_commands[] = {"snapshot", "export", "view", "select",
                                           "demo",     "keys",   NULL};

const char *const *tui_action_commands(void)
{
    return tui_commands;
}

/* After a command: rebuild what depends on the detector, or refresh. */
static void after_command(tui_ctx *c)
{
    if (c->st->det != c->last_det) {
        c->last_det = c->st->det;
        tui_sliders_rebuild(c);
        tui_jobs_rebuild(c);
        tui_detlist_reload(c);
        tui_keep_reset(c);
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

int tui_action_exec(tui_ctx *c, const char *line)
{
    char w[4][512] = {{0}};
    int nw = sscanf(line, " %511s %511s %511s %511s", w[0], w[1], w[2], w[3]);
    if (nw <= 0 || w[0][0] == '#')
        return APP_OK;
    char err[512] = "";
    if (strcmp(w[0], "snapshot") == 0) {
        if (nw != 2) {
            tui_message(c, 1, "usage: snapshot FILE");
            return APP_USAGE;
        }
        if (tui_action_snapshot(c, w[1], err, sizeof err)) {
            tui_message(c, 1, "%s", err);
            return APP_ERR;
        }
        tui_message(c, 0, "screen written to %s", w[1]);
        return APP_OK;
    }
    if (strcmp(w[0], "export") == 0 && nw == 3 &&
        (!strcmp(w[1], "spectrum") || !strcmp(w[1], "scan") || !strcmp(w[1], "contour"))) {
        if (export_file(c, w[1], w[2], err, sizeof err)) {
            tui_message(c, 1, "%s", err);
            return APP_ERR;
        }
        tui_message(c, 0, "%s written to %s", w[1], w[2]);
        return APP_OK;
    }
    if (strcmp(w[0], "select") == 0 || (strcmp(w[0], "view") == 0 && nw >= 2)) {
        if (strcmp(w[0], "select") == 0) {
            int id = nw == 2 ? cx_model_param_lookup(c->st->model, w[1]) : -1;
            if (id < 0 || !tui_sliders_select(c, id)) {
                tui_message(c, 1, "select: unknown parameter '%s'", nw == 2 ? w[1] : "");
                return APP_ERR;
            }
            c->contour.active = 0;
            tui_jobs_update(c);
            return APP_OK;
        }
        c->zoom = 0;
        if (strcmp(w[1], "both") == 0)
            c->plot_view = 0;
        else if (strcmp(w[1], "spectrum") == 0)
            c->plot_view = 1, c->small_panel = TUI_P_SPECTRUM;
        else if (strcmp(w[1], "dchi2") == 0)
            c->plot_view = 2, c->small_panel = TUI_P_DCHI2, c->contour.active = 0;
        else if (strcmp(w[1], "contour") == 0 && nw == 4) {
            int a = cx_model_param_lookup(c->st->model, w[2]);
            int b = cx_model_param_lookup(c->st->model, w[3]);
            if (a < 0 || b < 0 || a == b) {
                tui_message(c, 1, "view contour: need two different parameters");
                return APP_ERR;
            }
            tui_sliders_select(c, a);
            tui_jobs_update(c);
            tui_jobs_contour_start(c, a, b);
            if (c->plot_view == 1)
                c->plot_view = 0;
            c->small_panel = TUI_P_DCHI2;
        } else {
            tui_message(c, 1, "usage: view both|spectrum|dchi2|contour P1 P2");
            return APP_USAGE;
        }
        tui_layout_compute(c);
        return APP_OK;
    }
    if (strcmp(w[0], "demo") == 0 && nw == 2) {
        if (tui_demo_load(c, w[1], err, sizeof err)) {
            tui_message(c, 1, "%s", err);
            return APP_ERR;
        }
        tui_layout_compute(c);
        return APP_OK;
    }
    if ((strcmp(w[0], "help") == 0 && nw == 1) || strcmp(w[0], "keys") == 0) {
        act_help(c, 0);
        return APP_OK;
    }

    /* the shared interpreter; its output goes to a pop-up or the message row */
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&obuf, &olen);
    FILE *errf = open_memstream(&ebuf, &elen);
    if (!out || !errf)
        app_die("out of memory");
    c->st->changed = 0;
    /* `detector NAME` keeps the preset and the changed parameters */
    int is_det = strcmp(w[0], "detector") == 0 && nw == 2;
    static tui_keep_carry carry;
    if (is_det)
        tui_keep_carry_begin(c, &carry);
    int rc = app_cmd_exec(c->st, line, out, errf);
    fclose(out);
    fclose(errf);
    show_output(c, line, obuf ? obuf : "", ebuf ? ebuf : "");
    free(obuf);
    free(ebuf);
    if (is_det && rc == APP_OK)
        tui_keep_carry_end(c, &carry);
    if (rc == APP_OK && strcmp(w[0], "save") == 0 && nw == 2)
        tui_message(c, 0, "state written to %s ('load %s' restores it)", w[1], w[1]);
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
            fprintf(f, "  %-24s %s\n", "mouse",
                    "a click on a track sets the value, the wheel steps the slider under it, a "
                    "click on a detector switches");
    }
    fprintf(f, "\nCommands (: opens the command line)\n");
    fprintf(f, "  %-24s %s\n", "snapshot FILE", "write the screen as text");
    fprintf(f, "  %-24s %s\n", "export WHAT FILE", "CSV of the spectrum, scan or contour shown");
    fprintf(f, "  %-24s %s\n", "view WHAT", "both, spectrum, dchi2, or contour P1 P2");
    fprintf(f, "  %-24s %s\n", "select PARAM", "select a parameter's slider");
    fprintf(f, "  %-24s %s\n", "demo NAME",
            "start a guided tour (sm, sin2w, nsi, sterile, magnetic)");
    const char *const *names = app_cmd_names();
    for (int i = 0; names && names[i]; i++) {
        const char *h = app_cmd_help(names[i]);
        fprintf(f, "  %-24s %s\n", names[i], h ? h : "");
    }
    fclose(f);
    return buf;
}
