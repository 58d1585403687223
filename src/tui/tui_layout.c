/* tui_layout.c - panel rectangles from the terminal size (breakpoints in
 * doc/design.md section 6). The last rows are always info, status and command line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "tui/tui_ctx.h"
#include "tui/tui_demo.h"
#include "tui/tui_layout.h"
#include "tui/tui_plotpanel.h"

/* Breakpoints: full layout, two columns, one panel at a time. */
#define WIDE_W 100
#define WIDE_H 30
#define MEDIUM_W 60
#define MEDIUM_H 20
#define SMALL_W 40
#define SMALL_H 12

static tui_rect rect(int y, int x, int h, int w)
{
    tui_rect r = {y, x, h > 0 ? h : 0, w > 0 ? w : 0};
    return r;
}

void tui_layout_compute(tui_ctx *c)
{
    int W = COLS, H = LINES;
    for (int i = 0; i < TUI_P_COUNT; i++) {
        c->panels[i].visible = 0;
        c->panels[i].r = rect(0, 0, 0, 0);
    }
    c->tabs = rect(0, 0, 0, 0);
    if (W >= WIDE_W && H >= WIDE_H)
        c->mode = TUI_L_WIDE;
    else if (W >= MEDIUM_W && H >= MEDIUM_H)
        c->mode = TUI_L_MEDIUM;
    else if (W >= SMALL_W && H >= SMALL_H)
        c->mode = TUI_L_SMALL;
    else
        c->mode = TUI_L_TINY;

    if (c->mode == TUI_L_TINY) {
        c->header = rect(0, 0, 0, 0);
        c->info = rect(0, 0, 0, 0);
        c->status = rect(0, 0, 0, 0);
        c->cmdrow = rect(H - 1, 0, H >= 1 ? 1 : 0, W);
        return;
    }
    c->header = rect(0, 0, 1, W);
    c->info = rect(H - 3, 0, 1, W);
    c->status = rect(H - 2, 0, 1, W);
    c->cmdrow = rect(H - 1, 0, 1, W);
    int demo = tui_demo_rows(c);
    int top = 1, bottom = H - 3 - demo; /* body rows [top, bottom) */
    int body = bottom - top;

    tui_panel *p = c->panels;
    if (c->zoom) {
        /* v: one plot over the whole body, at every size (a projector) */
        int i = c->zoom == 1 ? TUI_P_SPECTRUM : TUI_P_DCHI2;
        p[i].r = rect(top, 0, body, W);
        p[i].visible = 1;
        c->focus = i;
    } else if (c->mode == TUI_L_WIDE) {
        int dw = 16;
        int sw = (W - dw) * 2 / 5;
        if (sw < 44)
            sw = 44;
        if (sw > 60)
            sw = 60;
        int pw = W - dw - sw - 2;
        int sh = body / 2;
        p[TUI_P_DETECTORS].r = rect(top, 0, body, dw);
        p[TUI_P_SLIDERS].r = rect(top, dw + 1, body, sw);
        p[TUI_P_SPECTRUM].r = rect(top, dw + sw + 2, sh, pw);
        p[TUI_P_DCHI2].r = rect(top + sh, dw + sw + 2, body - sh, pw);
        for (int i = 0; i < TUI_P_COUNT; i++)
            p[i].visible = 1;
    } else if (c->mode == TUI_L_MEDIUM) {
        int lw = W * 9 / 20;
        if (lw < 34)
            lw = 34;
        int dh = (int)c->ndets + 1;
        if (dh > 6)
            dh = 6;
        if (dh < 2)
            dh = 2;
        p[TUI_P_DETECTORS].r = rect(top, 0, dh, lw);
        p[TUI_P_SLIDERS].r = rect(top + dh, 0, body - dh, lw);
        int pw = W - lw - 1, px = lw + 1;
        p[TUI_P_DETECTORS].visible = p[TUI_P_SLIDERS].visible = 1;
        if (c->plot_view == 0 && body >= 16) {
            int sh = body / 2;
            p[TUI_P_SPECTRUM].r = rect(top, px, sh, pw);
            p[TUI_P_DCHI2].r = rect(top + sh, px, body - sh, pw);
            p[TUI_P_SPECTRUM].visible = p[TUI_P_DCHI2].visible = 1;
        } else {
            int which = c->plot_view == 2 ? TUI_P_DCHI2 : TUI_P_SPECTRUM;
            p[which].r = rect(top, px, body, pw);
            p[which].visible = 1;
        }
    } else {
        c->tabs = rect(1, 0, 1, W);
        int i = c->small_panel;
        p[i].r = rect(2, 0, body - 1, W);
        p[i].visible = 1;
    }
    tui_plotpanel_layout(c); /* canvases follow their panels */
    /* The focus always sits on a visible panel. */
    if (!p[c->focus].visible) {
        for (int i = 0; i < TUI_P_COUNT; i++)
            if (p[i].visible) {
                c->focus = i;
                break;
            }
    }
}
