/* tui_action.h - the key table, its help and the status hints (tui_action.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_ACTION_H
#define CEVNSX_TUI_ACTION_H

#include "tui/tui_ctx.h"

/* tui_action.c */
unsigned tui_action_key(tui_ctx *c, int key, int panel);
char *tui_action_help_text(void); /* malloc'ed */
void tui_action_status_hints(tui_ctx *c, char *buf, size_t n);

#endif
