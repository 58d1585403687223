/* app_stats_opts.c - the options of scan and contour, parsed with
 * getopt_long from one table (app_stats_long_options, which main.c also uses
 * to pass these options through to the command).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_cmd.h"
#include "app/app_opt.h"
#include "app/app_stats.h"
#include "app/app_stats_impl.h"
#include "cevnsx/cx_text.h"
#include "plot/plot.h"

enum {
    S_FROM = APP_STATS_OPT_BASE,
    S_TO,
    S_YFROM,
    S_YTO,
    S_CL,
    S_DCHI2,
    S_PROFILE,
    S_STAT,
    S_SCENARIO,
    S_PLOT,
    S_WINDOW,
    S_LOGX,
    S_LOGY,
    S_LINX,
    S_LINY,
    S_SUMMARY,
    S_FREE,
    S_FC,
    S_TOYS,
    S_SEED,
    S_THREADS,
    S_SHARD
};

/* -d, -n and -f are the short options; the codes of the long-only ones start
 * at APP_STATS_OPT_BASE so that main.c can tell them from its own. */
const struct option app_stats_long_options[] = {{"detector", required_argument, NULL, 'd'},
                                                {"points", required_argument, NULL, 'n'},
                                                {"format", required_argument, NULL, 'f'},
                                                {"from", required_argument, NULL, S_FROM},
                                                {"x-from", required_argument, NULL, S_FROM},
                                                {"to", required_argument, NULL, S_TO},
                                                {"x-to", required_argument, NULL, S_TO},
                                                {"y-from", required_argument, NULL, S_YFROM},
                                                {"y-to", required_argument, NULL, S_YTO},
                                                {"cl", required_argument, NULL, S_CL},
                                                {"dchi2", required_argument, NULL, S_DCHI2},
                                                {"profile", required_argument, NULL, S_PROFILE},
                                                {"stat", required_argument, NULL, S_STAT},
                                                {"scenario", required_argument, NULL, S_SCENARIO},
                                                {"plot", optional_argument, NULL, S_PLOT},
                                                {"window", no_argument, NULL, S_WINDOW},
                                                {"log", no_argument, NULL, S_LOGX},
                                                {"log-x", no_argument, NULL, S_LOGX},
                                                {"log-y", no_argument, NULL, S_LOGY},
                                                {"lin", no_argument, NULL, S_LINX},
                                                {"lin-x", no_argument, NULL, S_LINX},
                                                {"lin-y", no_argument, NULL, S_LINY},
                                                {"summary", no_argument, NULL, S_SUMMARY},
                                                {"free", required_argument, NULL, S_FREE},
                                                {"fc", no_argument, NULL, S_FC},
                                                {"toys", required_argument, NULL, S_TOYS},
                                                {"seed", required_argument, NULL, S_SEED},
                                                {"threads", required_argument, NULL, S_THREADS},
                                                {"shard", required_argument, NULL, S_SHARD},
                                                {NULL, 0, NULL, 0}};
const char app_stats_short_options[] = "d:n:f:";

int stats_usage(app_state *st, FILE *err, const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    app_cmd_error(st, err, "%s: %s", cmd, msg);
    return APP_USAGE;
}

/* Option values use the one number grammar of the program (cx_text.h), as
 * `set` and detector files do: "0x1p-3" is refused here too. */
static int parse_double(const char *s, double *v)
{
    return cx_text_parse_number(s, v) == CX_OK ? 0 : -1;
}

static int parse_size(const char *s, size_t *v)
{
    char *end;
    long x;
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    x = strtol(s, &end, 10);
    if (*end || errno || x < 0)
        return -1;
    *v = (size_t)x;
    return 0;
}

/* -n N or -n NXxNY */
static int parse_grid(const char *v, stats_opts *o)
{
    const char *x = strchr(v, 'x');
    if (!x) {
        if (parse_size(v, &o->nx))
            return -1;
        o->ny = o->nx;
        return 0;
    }
    char buf[64];
    size_t len = (size_t)(x - v);
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, v, len);
    buf[len] = '\0';
    return parse_size(buf, &o->nx) || parse_size(x + 1, &o->ny) ? -1 : 0;
}

int stats_parse_opts(app_state *st, int argc, char **argv, int npos, stats_opts *o, FILE *err)
{
    const char *cmd = argv[0];
    char optstring[64];
    app_opt_parser p;
    int c;

    memset(o, 0, sizeof *o);
    o->format = -1;
    o->seed = 1;
    /* '-': words stay in place as code 1 (the parameters may come anywhere) */
    snprintf(optstring, sizeof optstring, "-:%s", app_stats_short_options);
    app_opt_begin(&p, argc, argv, optstring, app_stats_long_options);
    while ((c = app_opt_next(&p)) != -1) {
        const char *v = p.arg;
        switch (c) {
        case 1:
            if (o->n_pos >= npos)
                return stats_usage(st, err, cmd, "unexpected argument '%s'", v);
            o->pos[o->n_pos++] = v;
            break;
        case 'd':
            if (o->n_det >= MAX_DETS)
                return stats_usage(st, err, cmd, "too many detectors (at most %d)", MAX_DETS);
            o->dets[o->n_det++] = v;
            break;
        case 'n':
            if (parse_grid(v, o))
                return stats_usage(st, err, cmd,
                                   strchr(v, 'x') ? "bad grid size '%s' (want N or NXxNY)"
                                                  : "bad number of points '%s'",
                                   v);
            o->has_n = 1;
            break;
        case S_FROM:
            if (parse_double(v, &o->from))
                return stats_usage(st, err, cmd, "bad number '%s' for --from", v);
            o->has_from = 1;
            break;
        case S_TO:
            if (parse_double(v, &o->to))
                return stats_usage(st, err, cmd, "bad number '%s' for --to", v);
            o->has_to = 1;
            break;
        case S_YFROM:
            if (parse_double(v, &o->yfrom))
                return stats_usage(st, err, cmd, "bad number '%s' for --y-from", v);
            o->has_yfrom = 1;
            break;
        case S_YTO:
            if (parse_double(v, &o->yto))
                return stats_usage(st, err, cmd, "bad number '%s' for --y-to", v);
            o->has_yto = 1;
            break;
        case S_CL:
            if (parse_double(v, &o->cl) || cx_chi2_dchi2_for_cl(o->cl, 1) == 0)
                return stats_usage(st, err, cmd, "--cl takes 68, 90, 95 or 99, not '%s'", v);
            o->has_cl = 1;
            break;
        case S_DCHI2:
            if (parse_double(v, &o->dchi2) || !(o->dchi2 > 0))
                return stats_usage(st, err, cmd, "--dchi2 needs a positive number, not '%s'", v);
            o->has_dchi2 = 1;
            break;
        case S_PROFILE:
            if (o->n_prof >= MAX_PROFILE)
                return stats_usage(st, err, cmd, "too many --profile parameters (at most %d)",
                                   MAX_PROFILE);
            o->profiles[o->n_prof++] = v;
            break;
        case S_STAT: o->stat = v; break;
        case S_FC: o->fc = 1; break;
        case S_TOYS:
            if (parse_size(v, &o->toys) || o->toys < 10 || o->toys > FC_MAX_TOYS)
                return stats_usage(st, err, cmd, "--toys takes 10 to %d toys, not '%s'",
                                   FC_MAX_TOYS, v);
            break;
        case S_THREADS:
            if (parse_size(v, &o->threads) || o->threads < 1 || o->threads > 256)
                return stats_usage(st, err, cmd, "--threads takes 1 to 256, not '%s'", v);
            break;
        case S_SHARD: {
            const char *sl = strchr(v, '/');
            char kb[32];
            size_t len = sl ? (size_t)(sl - v) : 0;
            if (!sl || len == 0 || len >= sizeof kb)
                return stats_usage(st, err, cmd, "--shard takes K/N (1 <= K <= N), not '%s'", v);
            memcpy(kb, v, len);
            kb[len] = '\0';
            if (parse_size(kb, &o->shard_k) || parse_size(sl + 1, &o->shard_n) || o->shard_k < 1 ||
                o->shard_k > o->shard_n || o->shard_n > 100000)
                return stats_usage(st, err, cmd, "--shard takes K/N (1 <= K <= N), not '%s'", v);
            break;
        }
        case S_SEED: {
            size_t k;
            if (parse_size(v, &k) || k > 0xffffffffu)
                return stats_usage(st, err, cmd,
                                   "--seed takes a whole number 0 to 4294967295, not '%s'", v);
            o->seed = (unsigned long)k;
            o->has_seed = 1;
            break;
        }
        case S_SCENARIO: {
            size_t k;
            if (parse_size(v, &k) || k < 1 || k > 4)
                return stats_usage(st, err, cmd, "--scenario takes 1, 2, 3 or 4, not '%s'", v);
            o->scenario = (int)k;
            break;
        }
        case 'f':
            if (strcmp(v, "text") == 0)
                o->format = APP_FMT_TEXT;
            else if (strcmp(v, "csv") == 0)
                o->format = APP_FMT_CSV;
            else if (strcmp(v, "json") == 0)
                o->format = APP_FMT_JSON;
            else
                return stats_usage(st, err, cmd, "unknown format '%s' (one of text, csv, json)", v);
            break;
        case S_PLOT:
            o->plot = 1;
            if (v) {
                plot_tier t;
                o->plot_tier = v;
                if (plot_tier_parse(v, &t) != 0)
                    return stats_usage(st, err, cmd,
                                       "unknown plot style '%s' (braille, block, ascii)", v);
            }
            break;
        case S_WINDOW: o->window = 1; break;
        case S_LOGX: o->log_x = 1; break;
        case S_LOGY: o->log_y = 1; break;
        case S_LINX: o->lin_x = 1; break;
        case S_LINY: o->lin_y = 1; break;
        case S_SUMMARY: o->summary = 1; break;
        case S_FREE: o->free_list = v; break;
        default: /* '?' or ':' */ return stats_usage(st, err, cmd, "%s", p.error);
        }
    }
    if (o->n_pos < npos)
        return stats_usage(st, err, cmd, "%s",
                           npos == 1 ? "which parameter? (e.g. scan sin2w)"
                                     : "which two parameters? (e.g. contour "
                                       "eps_ee_u eps_ee_d)");
    if ((o->toys || o->has_seed || o->shard_n) && !o->fc)
        return stats_usage(st, err, cmd, "%s needs --fc",
                           o->toys       ? "--toys"
                           : o->has_seed ? "--seed"
                                         : "--shard");
    if (o->fc && o->has_dchi2)
        return stats_usage(st, err, cmd,
                           "--fc finds the threshold by toys: give --cl, not --dchi2");
    if (o->fc && !o->toys)
        o->toys = FC_DEFAULT_TOYS;
    return APP_OK;
}
