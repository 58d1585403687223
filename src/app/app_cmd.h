/* app_cmd.h - the command interpreter shared by batch mode (-e, --batch,
 * subcommands), the readline REPL and the TUI command line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_APP_CMD_H
#define CEVNSX_APP_CMD_H

#include <stdio.h>

#include "app_state.h"

/* Exit-status style results of a command. */
enum { APP_OK = 0, APP_ERR = 1, APP_USAGE = 2, APP_QUIT = 3 };

/* Executes one line: commands separated by ';', words split on blanks, '#'
 * starts a comment. Results go to out, one-line diagnostics to err. Returns the
 * worst APP_* result (APP_QUIT when `quit` ran). Never exits the process. */
int app_cmd_exec(app_state *st, const char *line, FILE *out, FILE *err);

/* Executes one already split command (argv[0] is the command name). */
int app_cmd_run(app_state *st, int argc, char **argv, FILE *out, FILE *err);

/* NULL-terminated list of command names, for completion and help. */
const char *const *app_cmd_names(void);

/* One-line help of a command, or NULL when unknown. */
const char *app_cmd_help(const char *name);

#endif
