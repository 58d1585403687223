/* app_state.h - the application state shared by batch mode and the TUI.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used by the interpreter (app_cmd.c, app_stats.c) and the explorer (src/tui). */
#ifndef CEVNSX_APP_STATE_H
#define CEVNSX_APP_STATE_H

#include <stdio.h>

#include "cevnsx/cevnsx.h"

typedef enum { APP_FMT_TEXT = 0, APP_FMT_CSV, APP_FMT_JSON } app_format;

typedef struct app_state {
    cx_detector *det;        /* current detector (owned) */
    cx_model *model;         /* current model (owned), engine per `engine` */
    cx_engine engine;        /* CX_ENGINE_FAST unless --engine reference */
    char det_name[4096];     /* name or path the user gave for det */
    char stat[64];           /* chi2 model name ("" = detector default) */
    app_format format;       /* output format of commands */
    int plot_tier;           /* 0 braille, 1 block, 2 ascii (see src/plot) */
    char msg_prefix[512];    /* put before every diagnostic: "cevnsx: " in batch mode,
                                "cevnsx: FILE:LINE: " while a script runs, "" in the TUI */
    int script_depth;        /* nesting of load/--batch scripts (guards against loops) */
    const char *const *sets; /* the command line's -s values (NAME=V or DET:NAME=V),
                                applied by scan and contour to every further -d */
    int n_sets;
    /* The explorer's handler of the command-table rows only it can run
     * (snapshot, export, view, select, demo, keys; app_cmd.c): set by the TUI,
     * NULL elsewhere, where those commands are refused. ui is its context. */
    int (*ui_cmd)(struct app_state *st, int argc, char **argv, FILE *out, FILE *err);
    void *ui;
    /* The last CSV header written and its stream (app_output_csv_header): a
     * stream gets a header only when its columns change. */
    FILE *csv_out;
    char csv_header[256];
} app_state;

/* Directories searched for NAME.det, in order: $XDG_CONFIG_HOME/cevnsx/detectors
 * (or ~/.config/...), then DATADIR/detectors where DATADIR is app_data_dir().
 * Fills dirs (up to max entries, strings owned by a static buffer of the app)
 * and returns the count. */
size_t app_detector_dirs(const char **dirs, size_t max);

/* The data directory: $CEVNSX_DATADIR when set and not empty (it replaces the
 * installed one), else the installed CEVNSX_DATADIR. Static storage. */
const char *app_data_dir(void);

/* One detector file found in the search directories. */
typedef struct {
    char name[256];  /* file name without ".det": what `detector NAME` takes */
    char path[4096]; /* full path */
} app_detector_file;

/* Lists the detector files of app_detector_dirs(), sorted by name; a name
 * found in several directories is listed once (the first directory wins, as in
 * lookups). Returns a malloc'ed array (free() it) and sets *n; NULL when none. */
app_detector_file *app_detector_files(size_t *n);

/* The canonical path (symbolic links and ".." resolved) of the file that
 * detector name (id or path) stands for: what tells two detectors apart.
 * Returns 0, or 1 with a one-line message in err. */
int app_detector_path(const char *name, char *out, size_t outlen, char *err, size_t errlen);

/* Initialises st on detector `name` (id or path) with the given engine.
 * Returns 0, or 1 with a one-line message in err. */
int app_state_init(app_state *st, const char *name, cx_engine engine, char *err, size_t errlen);

/* Initialises st without loading anything yet: det and model stay NULL until
 * app_state_ensure() (commands that need a model call it). Never fails. */
void app_state_init_lazy(app_state *st, const char *name, cx_engine engine);

/* Loads st->det_name when no model exists yet. Returns 0, or 1 with a
 * one-line message in err (unknown detector with suggestions, "FILE:LINE: ..."
 * from the loader, missing data directory). */
int app_state_ensure(app_state *st, char *err, size_t errlen);

/* Switches st to another detector; on failure st is unchanged. The new model
 * starts from the new detector's default preset. */
int app_state_set_detector(app_state *st, const char *name, char *err, size_t errlen);

/* Switches the engine, keeping every parameter value. Without a model only
 * st->engine changes. Returns 0, or 1 with a message in err. */
int app_state_set_engine(app_state *st, cx_engine engine, char *err, size_t errlen);

/* Runs cx_model_update() when parameters are dirty. Returns 0, or 1 with a
 * message in err. */
int app_state_update(app_state *st, char *err, size_t errlen);

/* Moves src's detector, model, engine, detector name, statistics model and
 * format into dst (freeing dst's old ones); dst keeps its front-end fields
 * (message prefix, script depth, plot style). src is left empty. */
void app_state_take(app_state *dst, app_state *src);

void app_state_done(app_state *st);

#endif
