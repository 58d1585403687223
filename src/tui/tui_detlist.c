/* tui_detlist.c - the detector panel: shipped and user detector files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_cmd.h"
#include "tui/tui_ctx.h"
#include "tui/tui_command.h"
#include "tui/tui_detlist.h"
#include "tui/tui_panel.h"

/* "CsI 14.6 kg 19.3 m 3.2e23 POT, ROI 0-60 PE": target, mass, baseline,
 * exposure, and the threshold, acceptance or region of interest. */
static void describe(const char *path, char *buf, size_t n)
{
    int st;
    char err[256];
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    if (!d) {
        snprintf(buf, n, "(cannot load)");
        return;
    }
    char tgt[48] = "";
    size_t ni = cx_detector_n_isotopes(d);
    for (size_t i = 0; i < ni && i < 2; i++) {
        cx_isotope_info in;
        if (cx_detector_isotope(d, i, &in) == CX_OK) {
            size_t l = strlen(tgt);
            snprintf(tgt + l, sizeof tgt - l, "%s%s", i ? "+" : "", in.name);
        }
    }
    if (ni > 2) {
        size_t l = strlen(tgt);
        snprintf(tgt + l, sizeof tgt - l, "+%zu", ni - 2);
    }
    double pot = cx_detector_pot(d), lo, hi;
    char cut[48];
    if (cx_detector_roi(d, &lo, &hi) == CX_OK)
        snprintf(cut, sizeof cut, "ROI %g-%g %s", lo, hi, cx_detector_axis_name(d));
    else if (cx_detector_pe_per_kevnr(d) > 0)
        snprintf(cut, sizeof cut, "acceptance in PE");
    else
        snprintf(cut, sizeof cut, "thr %g keVnr", cx_detector_threshold_kevnr(d));
    snprintf(buf, n, "%s %g kg %g m %.3g POT, %s%s", tgt, cx_detector_mass_kg(d),
             cx_detector_baseline_m(d), pot > 0 ? pot : 1.76e23, cut,
             cx_detector_time_edges(d) ? ", timing" : "");
    cx_detector_free(d);
}

void tui_detlist_reload(tui_ctx *c)
{
    free(c->dets);
    free(c->det_desc);
    c->det_desc = NULL;
    c->dets = app_detector_files(&c->ndets);
    if (!c->dets)
        c->ndets = 0;
    if (c->ndets) {
        c->det_desc = calloc(c->ndets, sizeof *c->det_desc);
        for (size_t i = 0; c->det_desc && i < c->ndets; i++)
            describe(c->dets[i].path, c->det_desc[i], sizeof c->det_desc[i]);
    }
    c->det_sel = 0;
    const char *cur = c->st->det ? cx_detector_id(c->st->det) : "";
    for (size_t i = 0; i < c->ndets; i++)
        if (strcmp(c->dets[i].name, cur) == 0 || strcmp(c->dets[i].name, c->st->det_name) == 0)
            c->det_sel = (int)i;
}

static int is_current(const tui_ctx *c, size_t i)
{
    return strcmp(c->dets[i].name, c->st->det_name) == 0 ||
           (c->st->det && strcmp(c->dets[i].name, cx_detector_id(c->st->det)) == 0);
}

void tui_detlist_draw(tui_ctx *c, tui_rect r)
{
    tui_panel_title(c, r, TUI_P_DETECTORS, "Detectors");
    int rows = r.h - 1;
    if (rows <= 0)
        return;
    if (c->det_sel < c->det_top)
        c->det_top = c->det_sel;
    if (c->det_sel >= c->det_top + rows)
        c->det_top = c->det_sel - rows + 1;
    if (c->ndets == 0) {
        tui_put(r.y + 1, r.x + 1, r.w - 1, EL_DIM, "(no detector files)");
        return;
    }
    for (int i = 0; i < rows && c->det_top + i < (int)c->ndets; i++) {
        size_t k = (size_t)(c->det_top + i);
        int sel = (int)k == c->det_sel;
        tui_element el =
            sel ? (c->focus == TUI_P_DETECTORS && !c->cmd_active ? EL_SELECTED : EL_SELECTED_DIM)
                : EL_PARAM;
        int y = r.y + 1 + i;
        if (sel)
            tui_fill(y, r.x, r.w, el);
        tui_put(y, r.x, 2, is_current(c, k) ? EL_PARAM_MODIFIED : el,
                is_current(c, k) ? c->g->current : " ");
        int used = tui_put(y, r.x + 2, r.w - 2, el, c->dets[k].name);
        /* the description where the panel is wide enough */
        if (c->det_desc && r.w - 2 - used > 12)
            tui_put(y, r.x + 3 + used, r.w - 3 - used, sel ? el : EL_DIM, c->det_desc[k]);
    }
}

unsigned tui_detlist_key(tui_ctx *c, int key)
{
    switch (key) {
    case KEY_UP:
    case 'k':
        if (c->det_sel > 0)
            c->det_sel--;
        return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_DOWN:
    case 'j':
        if (c->det_sel + 1 < (int)c->ndets)
            c->det_sel++;
        return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_HOME: c->det_sel = 0; return TUI_R_HANDLED | TUI_R_REDRAW;
    case KEY_END:
        c->det_sel = c->ndets ? (int)c->ndets - 1 : 0;
        return TUI_R_HANDLED | TUI_R_REDRAW;
    case '\r':
    case '\n':
    case KEY_ENTER:
    case ' ': {
        if (c->ndets == 0)
            return TUI_R_HANDLED;
        char word[600], cmd[620];
        /* quoted: a file name with a blank or quote is one word to the lexer */
        app_cmd_quote(c->dets[c->det_sel].name, word, sizeof word);
        snprintf(cmd, sizeof cmd, "detector %s", word);
        tui_action_exec(c, cmd);
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    default: return TUI_R_NONE;
    }
}
