/* tui_keep.h - what the explorer keeps: parameters across a detector switch,
 * the undo/redo history, the session kept at quit (tui_keep.c). Private to
 * src/tui. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_KEEP_H
#define CEVNSX_TUI_KEEP_H

#include "tui/tui_ctx.h"

void tui_keep_reset(tui_ctx *c); /* new detector or start: empty history */
void tui_keep_track(tui_ctx *c); /* after keys: record a parameter change */
unsigned tui_keep_undo(tui_ctx *c, int redo);
void tui_keep_carry_begin(tui_ctx *c, tui_keep_carry *k);
void tui_keep_carry_end(tui_ctx *c, const tui_keep_carry *k);
int tui_keep_session_save(tui_ctx *c, char *err, size_t errlen);
unsigned tui_keep_resume(tui_ctx *c);

#endif
