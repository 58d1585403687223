/* tui_panel.h - drawing helpers (every draw clips to its rectangle), header, status and info rows,
 * messages, pop-ups (tui_panel.c). Private to src/tui. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_PANEL_H
#define CEVNSX_TUI_PANEL_H

#include "tui/tui_ctx.h"

/* tui_panel.c: drawing helpers; every draw clips to its rectangle. */
int tui_put(int y, int x, int maxw, tui_element el, const char *s);
int tui_putf(int y, int x, int maxw, tui_element el, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int tui_text_width(const char *s);
int tui_fix_negzero(char *s); /* "-0.00" -> "0.00" in place; 1 when changed */
void tui_fill(int y, int x, int w, tui_element el);
void tui_panel_title(tui_ctx *c, tui_rect r, int id, const char *title);
void tui_draw_header(tui_ctx *c);
void tui_draw_status(tui_ctx *c);
void tui_draw_tabs(tui_ctx *c);
void tui_draw_info(tui_ctx *c);
void tui_format_value(const cx_param_info *in, double v, int with_unit, int utf8, char *buf,
                      size_t n);
const char *tui_param_symbol(const tui_ctx *c, const cx_param_info *in);
void tui_message(tui_ctx *c, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* tui_popup (in tui_panel.c) */
void tui_popup_text(tui_ctx *c, const char *title, const char *text);
void tui_popup_menu(tui_ctx *c, const char *title, int n, char **labels, char **cmds);
void tui_popup_close(tui_ctx *c);
void tui_popup_draw(tui_ctx *c);

#endif
