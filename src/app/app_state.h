/* app_state.h - the application state shared by batch mode and the TUI.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CONTRACT between src/app (owner) and src/tui, src/app/app_stats.c: fields may
 * be added, none of these removed or renamed without updating all users. */
#ifndef CEVNSX_APP_STATE_H
#define CEVNSX_APP_STATE_H

#include <stdio.h>

#include "cevnsx/cevnsx.h"

typedef enum { APP_FMT_TEXT = 0, APP_FMT_CSV, APP_FMT_JSON } app_format;

typedef struct app_state {
    cx_detector *det;     /* current detector (owned) */
    cx_model *model;      /* current model (owned), engine per `engine` */
    cx_engine engine;     /* CX_ENGINE_FAST unless --engine reference */
    char det_name[4096];  /* name or path the user gave for det */
    char stat[64];        /* chi2 model name ("" = detector default) */
    app_format format;    /* output format of commands */
    int plot_tier;        /* 0 braille, 1 block, 2 ascii (see src/plot) */
} app_state;

/* Directories searched for NAME.det, in order: $XDG_CONFIG_HOME/cevnsx/detectors
 * (or ~/.config/...), $CEVNSX_DATADIR/detectors, the installed data dir. Fills
 * dirs (up to max entries, strings owned by a static buffer of the app) and
 * returns the count. */
size_t app_detector_dirs(const char **dirs, size_t max);

/* Initialises st on detector `name` (id or path) with the given engine.
 * Returns 0, or 1 with a one-line message in err. */
int app_state_init(app_state *st, const char *name, cx_engine engine, char *err, size_t errlen);

/* Switches st to another detector; on failure st is unchanged. */
int app_state_set_detector(app_state *st, const char *name, char *err, size_t errlen);

void app_state_done(app_state *st);

#endif
