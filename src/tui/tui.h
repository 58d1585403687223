/* tui.h - entry points of the interactive front ends (ncurses TUI and the
 * readline REPL), called by main().
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_H
#define CEVNSX_TUI_H

#include "app/app_state.h"

enum { TUI_THEME_DEFAULT = 0, TUI_THEME_PROJECTOR };

typedef struct {
    int no_mouse;     /* --no-mouse */
    int force_ascii;  /* --ascii */
    int no_color;     /* --no-color or NO_COLOR set */
    int frames;       /* --frames N: run N frames then exit 0; 0 = unlimited */
    int stats;        /* --stats: timing overlay */
    const char *demo; /* --demo NAME, or NULL */
    int plot_tier;    /* -1 = detect, else a plot tier from --plot= */
    int resume;       /* --resume: restore the session kept at the last quit */
    int theme;        /* --theme: TUI_THEME_DEFAULT or TUI_THEME_PROJECTOR (mono is
                         no_color) */
} tui_options;

/* Runs the full-screen explorer on st until the user quits. Returns the
 * process exit status (0 normal, 1 terminal unusable or fatal error) and
 * restores the terminal on every path. */
int tui_run(app_state *st, const tui_options *opt);

/* Runs the line-oriented readline REPL (`cevnsx repl`) on stdin/stdout.
 * Returns the exit status. */
int tui_repl(app_state *st);

/* The session file the explorer writes at quit ($XDG_STATE_HOME/cevnsx/session,
 * or ~/.local/state/cevnsx/session), or NULL without a state directory. */
const char *tui_keep_session_path(void);

#endif
