/* tui_theme.c - the attribute table of the semantic display elements. The
 * only file that uses COLOR_PAIR().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tui/tui_theme.h"

static attr_t attrs[EL_COUNT];

void tui_theme_init(int color, int projector)
{
    struct {
        attr_t mono;
        short fg, bg;
        attr_t attr;
    } const table[EL_COUNT] = {
#define TUI_THEME_ROW(name, mono, fg, bg, attr) [name] = {mono, fg, bg, attr},
        TUI_THEME_TABLE(TUI_THEME_ROW)
#undef TUI_THEME_ROW
    };
    for (int i = 0; i < EL_COUNT; i++) {
        attr_t mono = table[i].mono, attr = table[i].attr;
        short fg = table[i].fg, bg = table[i].bg;
        if (projector) {
            /* dim text vanishes on a projector: bold instead, and the
             * faint colours replaced by the terminal's own foreground */
            int was_dim = (mono & A_DIM) || (attr & A_DIM);
            mono &= ~(attr_t)A_DIM;
            attr &= ~(attr_t)A_DIM;
            if (fg == COLOR_BLUE && bg < 0)
                fg = COLOR_CYAN;
            if (fg == COLOR_WHITE && bg < 0)
                fg = -1;
            if (was_dim && i != EL_DIM && i != EL_BORDER)
                attr |= A_BOLD;
            if (i >= EL_PLOT_AXIS && i < EL_PLOT_STALE)
                attr |= A_BOLD;
        }
        if (!color || (fg < 0 && bg < 0)) {
            attrs[i] = color ? attr : mono;
            continue;
        }
        init_pair((short)(i + 1), fg, bg);
        attrs[i] = (attr_t)COLOR_PAIR(i + 1) | attr;
    }
}

attr_t tui_theme_attr(tui_element el)
{
    if ((int)el < 0 || el >= EL_COUNT)
        return A_NORMAL;
    return attrs[el];
}
