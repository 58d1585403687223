/* tui_plotpanel.h - the spectrum and dchi2 panels (tui_plotpanel.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_PLOTPANEL_H
#define CEVNSX_TUI_PLOTPANEL_H

#include "tui/tui_ctx.h"

/* tui_plotpanel.c */
void tui_plotpanel_layout(tui_ctx *c); /* (re)size the canvases to the panels */
void tui_plotpanel_free(tui_ctx *c);
void tui_spectrum_draw(tui_ctx *c, tui_rect r);
void tui_dchi2_draw(tui_ctx *c, tui_rect r);

#endif
