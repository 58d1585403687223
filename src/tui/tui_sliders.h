/* tui_sliders.h - the parameter sliders panel (tui_sliders.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_SLIDERS_H
#define CEVNSX_TUI_SLIDERS_H

#include "tui/tui_ctx.h"

/* tui_sliders.c */
void tui_sliders_rebuild(tui_ctx *c);
void tui_sliders_draw(tui_ctx *c, tui_rect r);
unsigned tui_sliders_key(tui_ctx *c, int key);
int tui_sliders_selected(const tui_ctx *c);
int tui_sliders_select(tui_ctx *c, int param);
unsigned tui_sliders_step(tui_ctx *c, int dir, int coarse);
int tui_sliders_row_at(const tui_ctx *c, int y);
unsigned tui_sliders_click(tui_ctx *c, int row, int x); /* a click on a track */

#endif
