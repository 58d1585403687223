/* tui_cmdline.h - the readline command line inside curses (tui_cmdline.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_CMDLINE_H
#define CEVNSX_TUI_CMDLINE_H

#include "tui/tui_ctx.h"

/* tui_cmdline.c */
void tui_cmdline_init(tui_ctx *c);
void tui_cmdline_done(void);
void tui_cmdline_open(tui_ctx *c, const char *text);
void tui_cmdline_close(tui_ctx *c);
unsigned tui_cmdline_key(tui_ctx *c, int key);
void tui_cmdline_cancel(tui_ctx *c);
void tui_cmdline_draw(tui_ctx *c, int *cur_y, int *cur_x);
void tui_cmdline_resize(int width);
char **tui_cmdline_complete(const char *text, int start, int end);
const char *tui_cmdline_history_path(void);

#endif
