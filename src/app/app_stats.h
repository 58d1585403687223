/* app_stats.h - the statistics commands (scan, contour) of the interpreter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Called by the interpreter (app_cmd.c). argv[0] is the command name; options as in the
 * man page (-d may repeat, -n, --from, --to, --cl, --dchi2, --profile,
 * --stat, --scenario, --log-x, --log-y, --plot, -f). Return APP_* codes. */
#ifndef CEVNSX_APP_STATS_H
#define CEVNSX_APP_STATS_H

#include <stdio.h>

#include "app_state.h"

int app_stats_scan(app_state *st, int argc, char **argv, FILE *out, FILE *err);
int app_stats_contour(app_state *st, int argc, char **argv, FILE *out, FILE *err);

#endif
