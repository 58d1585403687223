/* tui_action.c - the one action table: key bindings, their help text and
 * the status line hints. The explorer's commands are in tui_command.c, its
 * files in tui_export.c, the pop-up's keys in tui_popup.c.
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
#include "tui/tui_action.h"
#include "tui/tui_cmdline.h"
#include "tui/tui_keep.h"
#include "tui/tui_panel.h"
#include "tui/tui_sliders.h"

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
