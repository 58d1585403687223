/* tui_detlist.c - the detector panel: shipped and user detector files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui_ctx.h"

void tui_detlist_reload(tui_ctx *c)
{
    free(c->dets);
    c->dets = app_detector_files(&c->ndets);
    if (!c->dets)
        c->ndets = 0;
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
        tui_put(y, r.x + 2, r.w - 2, el, c->dets[k].name);
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
        char cmd[300];
        snprintf(cmd, sizeof cmd, "detector %s", c->dets[c->det_sel].name);
        tui_action_exec(c, cmd);
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    default: return TUI_R_NONE;
    }
}
