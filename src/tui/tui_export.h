/* tui_export.h - snapshot and export files (tui_export.c). Private to src/tui.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_EXPORT_H
#define CEVNSX_TUI_EXPORT_H

#include "tui/tui_ctx.h"

/* tui_export.c: snapshot and export FILE (one-line message in err on failure) */
int tui_action_snapshot(tui_ctx *c, const char *path, char *err, size_t errlen);
int tui_export_file(tui_ctx *c, const char *what, const char *path, char *err, size_t errlen);

#endif
