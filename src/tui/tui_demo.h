/* tui_demo.h - the guided tours (tui_demo.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_DEMO_H
#define CEVNSX_TUI_DEMO_H

#include "tui/tui_ctx.h"

/* tui_demo.c */
int tui_demo_load(tui_ctx *c, const char *name, char *err, size_t errlen);
void tui_demo_free(tui_ctx *c);
unsigned tui_demo_key(tui_ctx *c, int key); /* TUI_R_NONE when not consumed */
void tui_demo_draw(tui_ctx *c);
int tui_demo_rows(const tui_ctx *c); /* rows the caption needs */

#endif
