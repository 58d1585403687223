/* tui_popup.c - the keys of a pop-up: scrolling a text, choosing from a
 * menu (its choice runs as a command line).
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
#include "tui/tui_command.h"
#include "tui/tui_panel.h"
#include "tui/tui_popup.h"

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
