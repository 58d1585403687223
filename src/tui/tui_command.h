/* tui_command.h - the ':' line through the interpreter and the explorer's command rows
 * (tui_command.c). Private to src/tui. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_COMMAND_H
#define CEVNSX_TUI_COMMAND_H

#include <stdio.h>

#include "app/app_state.h"
#include "tui/tui_ctx.h"

/* tui_command.c: the ':' line through the interpreter */
int tui_action_exec(tui_ctx *c, const char *line); /* through app_cmd_exec() */
/* st->ui_cmd: the explorer's rows of the command table (st->ui is the tui_ctx) */
int tui_action_command(app_state *st, int argc, char **argv, FILE *out, FILE *err);

#endif
