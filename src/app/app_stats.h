/* app_stats.h - the statistics commands (scan, contour) of the interpreter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Called by the interpreter (app_cmd.c). argv[0] is the command name; options as in the
 * man page (-d may repeat, -n, --from, --to, --cl, --dchi2, --profile,
 * --stat, --scenario, --log-x, --log-y, --plot, -f). Return APP_* codes. */
#ifndef CEVNSX_APP_STATS_H
#define CEVNSX_APP_STATS_H

#include <getopt.h>
#include <stdio.h>

#include "app_state.h"

/* The options of scan and contour: one table, also used by main.c to pass
 * them through from the command line. Long-only codes start at this base. */
#define APP_STATS_OPT_BASE 0x200
extern const struct option app_stats_long_options[];
extern const char app_stats_short_options[];

int app_stats_scan(app_state *st, int argc, char **argv, FILE *out, FILE *err);
int app_stats_contour(app_state *st, int argc, char **argv, FILE *out, FILE *err);
/* fit [-d D ...] --stat poisson|asimov [--free P1,P2,...]: the best fit of the
 * free parameters (default: the CEvNS normalisation), their 1-sigma
 * intervals (profiled dchi2 = 1), the nuisances' pulls, chi2_min, bins. */
int app_stats_fit(app_state *st, int argc, char **argv, FILE *out, FILE *err);
/* `merge FILE...`: combines the partial results of `scan/contour --fc
 * --shard K/N` into the output of the unsharded command (app_stats_fc.c). */
int app_stats_merge(app_state *st, int argc, char **argv, FILE *out, FILE *err);

#endif
