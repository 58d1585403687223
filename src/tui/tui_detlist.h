/* tui_detlist.h - the detector list panel (tui_detlist.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_DETLIST_H
#define CEVNSX_TUI_DETLIST_H

#include "tui/tui_ctx.h"

/* tui_detlist.c */
void tui_detlist_reload(tui_ctx *c);
void tui_detlist_draw(tui_ctx *c, tui_rect r);
unsigned tui_detlist_key(tui_ctx *c, int key);

#endif
