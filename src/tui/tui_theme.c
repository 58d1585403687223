/* tui_theme.c - the attribute table of the semantic display elements. The
 * only file that uses COLOR_PAIR().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tui/tui_theme.h"

static attr_t attrs[EL_COUNT];

void tui_theme_init(int color)
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
        if (!color || (table[i].fg < 0 && table[i].bg < 0)) {
            attrs[i] = color ? table[i].attr : table[i].mono;
            continue;
        }
        init_pair((short)(i + 1), table[i].fg, table[i].bg);
        attrs[i] = (attr_t)COLOR_PAIR(i + 1) | table[i].attr;
    }
}

attr_t tui_theme_attr(tui_element el)
{
    if ((int)el < 0 || el >= EL_COUNT)
        return A_NORMAL;
    return attrs[el];
}
