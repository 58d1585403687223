/* tui_term.h - the terminal: curses start-up and teardown, capabilities,
 * signals, and the cleanup the one fatal path (app_die) runs. The only
 * module that calls newterm(), cbreak(), start_color() and mousemask().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_TERM_H
#define CEVNSX_TUI_TERM_H

#include <signal.h>

#include "tui/tui.h"

/* Capabilities, recorded once by tui_term_init(); everything else reads them. */
typedef struct {
    int utf8;          /* UTF-8 locale, wide curses, no --ascii */
    int colors;        /* has_colors() && COLORS >= 8, no NO_COLOR / --no-color */
    int mouse;         /* mouse reporting enabled */
    int linux_console; /* TERM=linux: console fonts lack braille */
    int plot_tier;     /* 0 braille, 1 block, 2 ascii */
} tui_caps;

/* Signal flags set by the handlers and consumed by the loop. */
/* Ctrl-C, SIGTERM and SIGHUP set app_cancel_int / app_cancel_quit (app_io.h). */
extern volatile sig_atomic_t tui_term_sigcont; /* resumed after Ctrl-Z */

/* Starts curses on the controlling terminal. Returns 0, or 1 after printing
 * a one-line message (unknown terminal type) with curses not started. */
int tui_term_init(const tui_options *opt, tui_caps *caps);

/* Re-applies terminal modes (after Ctrl-Z / SIGCONT). */
void tui_term_modes(void);

/* Restores the terminal and replays what was written to stderr meanwhile.
 * Idempotent and safe on fatal paths. */
void tui_term_done(void);

/* Monotonic clock in milliseconds. */
double tui_term_now_ms(void);

#endif
