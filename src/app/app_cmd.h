/* app_cmd.h - the command interpreter shared by batch mode (-e, --batch,
 * subcommands), the readline REPL and the TUI command line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_APP_CMD_H
#define CEVNSX_APP_CMD_H

#include <stdio.h>

#include "app_state.h"

/* Exit-status style results of a command. */
/* APP_INTERRUPTED: stopped by Ctrl-C, SIGTERM or SIGHUP (app_io.h). */
enum { APP_OK = 0, APP_ERR = 1, APP_USAGE = 2, APP_QUIT = 3, APP_INTERRUPTED = 4 };

/* Executes one line: commands separated by ';', words split on blanks, '#'
 * starts a comment. Results go to out, one-line diagnostics to err. Returns the
 * worst APP_* result (APP_QUIT when `quit` ran). Never exits the process. */
int app_cmd_exec(app_state *st, const char *line, FILE *out, FILE *err);

/* Executes one already split command (argv[0] is the command name). */
int app_cmd_run(app_state *st, int argc, char **argv, FILE *out, FILE *err);

/* NULL-terminated list of command names, for completion and help. */
const char *const *app_cmd_names(void);

/* app_cmd_help.c: the full usage of command name (its arguments and
 * options, one per line), or NULL for a command the one-line help covers;
 * *stats_options is set for scan and contour, which also take the options of
 * app_cmd_stats_options_help(). */
const char *app_cmd_long_help(const char *name, int *stats_options);
const char *app_cmd_stats_options_help(void);

/* One-line help of a command, or NULL when unknown. */
const char *app_cmd_help(const char *name);

/* What a command's words are: drives completion (src/tui/tui_cmdline.c) and
 * `help`. */
typedef enum {
    APP_ARG_NONE = 0, /* no such word */
    APP_ARG_PARAM,    /* a parameter name (or `all`) */
    APP_ARG_VALUE,    /* a number or label of the parameter before it */
    APP_ARG_DETECTOR, /* a detector id or .det file */
    APP_ARG_PRESET,   /* a preset name */
    APP_ARG_STAT,     /* a statistics model */
    APP_ARG_FILE,     /* a file name */
    APP_ARG_WORD,     /* one of the command's keywords */
    APP_ARG_COMMAND,  /* a command name */
    APP_ARG_DEMO      /* a demonstration of the explorer */
} app_arg_kind;

/* The kind of word number `word` (1 = the first after the name) of command
 * name; *words (when words is not NULL) gets the command's NULL-terminated
 * keywords for APP_ARG_WORD, else NULL. APP_ARG_NONE for an unknown command
 * or a word past its last argument. */
app_arg_kind app_cmd_arg_kind(const char *name, int word, const char *const **words);

/* Whether command name runs only in the explorer (st->ui_cmd). */
int app_cmd_explorer_only(const char *name);

/* Writes word into buf (n bytes) so that app_cmd_split() reads it back as one
 * word (quoted when it holds blanks, quotes, ';' or '#'). Returns 0, or 1 when
 * buf is too small (buf then holds a truncated copy). */
int app_cmd_quote(const char *word, char *buf, size_t n);

/* The argument synopsis of a command ("NAME VALUE | NAME=VALUE"; "" when it
 * takes none), or NULL when unknown. */
const char *app_cmd_args(const char *name);

/* Writes one diagnostic line: st->msg_prefix, the formatted message, '\n'.
 * Every command (app_stats.c too) reports errors through this function. */
void app_cmd_error(const app_state *st, FILE *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Runs a command script: every line through app_cmd_exec() with
 * "FILE:LINE: " added to the diagnostics prefix; path "-" reads stdin. Stops
 * at the first line that fails and returns its APP_* result; `quit` ends the
 * script with APP_QUIT. A file that cannot be read gives APP_ERR. */
int app_cmd_exec_file(app_state *st, const char *path, FILE *out, FILE *err);

/* Splits a line into words (blanks separate; '...' and "..." quote, a
 * backslash escapes the next character outside single quotes; '#' at the
 * start of a word begins a comment). Stops at an unquoted ';' and sets *rest
 * to the text after it (NULL at the end of the line). Returns the number of
 * words; argv (max entries) points into buf (buflen bytes). Returns -1 and
 * sets *what on an unterminated quote or overflow. */
int app_cmd_split(const char *line, char *buf, size_t buflen, char **argv, int max,
                  const char **rest, const char **what);

/* Writes the state as a command script (magic first line "# cevnsx state 1")
 * that `load` turns back into the same state. */
void app_cmd_write_state(const app_state *st, FILE *out);

#endif
