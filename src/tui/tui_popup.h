/* tui_popup.h - the keys of a pop-up (tui_popup.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_POPUP_H
#define CEVNSX_TUI_POPUP_H

#include "tui/tui_ctx.h"

/* tui_popup.c */
unsigned tui_action_popup_key(tui_ctx *c, int key);

#endif
