/* tui_layout.h - the layout: panel rectangles from the terminal size (tui_layout.c). Private to
 * src/tui. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_LAYOUT_H
#define CEVNSX_TUI_LAYOUT_H

#include "tui/tui_ctx.h"

/* tui_layout.c */
void tui_layout_compute(tui_ctx *c);

#endif
