/* tui_theme.h - semantic display elements with a colour and a monochrome
 * attribute each, generated from one X-macro table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_THEME_H
#define CEVNSX_TUI_THEME_H

#include <curses.h>

/* X(name, monochrome attributes, foreground, background, colour attributes);
 * background -1 is the terminal's default, so light and dark themes work. */
#define TUI_THEME_TABLE(X)                                                                         \
    X(EL_NORMAL, A_NORMAL, -1, -1, A_NORMAL)                                                       \
    X(EL_HEADER, A_REVERSE, COLOR_WHITE, COLOR_BLUE, A_BOLD)                                       \
    X(EL_HEADER_VALUE, A_REVERSE | A_BOLD, COLOR_YELLOW, COLOR_BLUE, A_BOLD)                       \
    X(EL_TITLE, A_BOLD, COLOR_CYAN, -1, A_NORMAL)                                                  \
    X(EL_TITLE_FOCUS, A_REVERSE | A_BOLD, COLOR_BLACK, COLOR_CYAN, A_NORMAL)                       \
    X(EL_BORDER, A_DIM, COLOR_BLUE, -1, A_NORMAL)                                                  \
    X(EL_SELECTED, A_REVERSE, COLOR_BLACK, COLOR_CYAN, A_NORMAL)                                   \
    X(EL_SELECTED_DIM, A_UNDERLINE, COLOR_CYAN, -1, A_UNDERLINE)                                   \
    X(EL_GROUP, A_BOLD | A_UNDERLINE, COLOR_MAGENTA, -1, A_BOLD)                                   \
    X(EL_PARAM, A_NORMAL, -1, -1, A_NORMAL)                                                        \
    X(EL_PARAM_MODIFIED, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                         \
    X(EL_SLIDER_TRACK, A_DIM, COLOR_BLUE, -1, A_NORMAL)                                            \
    X(EL_SLIDER_KNOB, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                            \
    X(EL_PLOT_AXIS, A_NORMAL, -1, -1, A_DIM)                                                       \
    X(EL_PLOT_CURRENT, A_BOLD, COLOR_GREEN, -1, A_BOLD)                                            \
    X(EL_PLOT_REFERENCE, A_DIM, COLOR_WHITE, -1, A_DIM)                                            \
    X(EL_PLOT_DATA, A_BOLD, COLOR_RED, -1, A_BOLD)                                                 \
    X(EL_PLOT_SIGMA, A_DIM, COLOR_YELLOW, -1, A_DIM)                                               \
    X(EL_PLOT_CURSOR, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                            \
    X(EL_PLOT_REGION, A_REVERSE, COLOR_GREEN, -1, A_NORMAL)                                        \
    X(EL_PLOT_STALE, A_DIM, COLOR_WHITE, -1, A_DIM)                                                \
    X(EL_STATUS, A_REVERSE, COLOR_BLACK, COLOR_WHITE, A_NORMAL)                                    \
    X(EL_STATUS_KEY, A_REVERSE | A_BOLD, COLOR_BLUE, COLOR_WHITE, A_BOLD)                          \
    X(EL_HELP, A_NORMAL, COLOR_CYAN, -1, A_NORMAL)                                                 \
    X(EL_MESSAGE, A_BOLD, COLOR_GREEN, -1, A_BOLD)                                                 \
    X(EL_ERROR, A_BOLD | A_REVERSE, COLOR_RED, -1, A_BOLD)                                         \
    X(EL_PROMPT, A_BOLD, COLOR_YELLOW, -1, A_BOLD)                                                 \
    X(EL_POPUP, A_NORMAL, -1, -1, A_NORMAL)                                                        \
    X(EL_DIM, A_DIM, COLOR_WHITE, -1, A_DIM)

typedef enum {
#define TUI_THEME_ENUM(name, mono, fg, bg, attr) name,
    TUI_THEME_TABLE(TUI_THEME_ENUM)
#undef TUI_THEME_ENUM
        EL_COUNT
} tui_element;

/* Builds the attribute table; color = 1 uses colour pairs (start_color()
 * must have run), 0 the monochrome attributes. projector = 1 is the
 * high-contrast variant for projectors: no dim attribute anywhere, bold plot
 * lines, and cyan instead of dark blue on the terminal's background. */
void tui_theme_init(int color, int projector);

/* The curses attributes of an element. */
attr_t tui_theme_attr(tui_element el);

#endif
