/* app_cmd_help.c - the full usage of the commands that take options, shown by
 * `help COMMAND`, `cevnsx COMMAND --help` and the explorer's `:help COMMAND`
 * (the one-line summaries live in app_cmd.c's command table; the man page
 * has the whole story).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "app/app_cmd.h"

static const char stats_common[] =
    "  -d, --detector=NAME   a detector of the fit (repeat to add, at most 16; their\n"
    "                        chi-squared are added); default: the current detector\n"
    "      --cl=PERCENT      confidence level of the region (default 90)\n"
    "      --dchi2=LEVEL     or the delta chi-squared threshold itself\n"
    "      --stat=NAME       chi-squared model (see 'list stats'; default: the detector's)\n"
    "      --scenario=K      forecast scenario K (1 to 4): efficiency and systematics\n"
    "                        of every detector of the fit\n"
    "      --window          single-bin: count only in the detector's analysis window\n"
    "      --summary         text: only the header, best fit and region, no table\n"
    "      --plot[=STYLE]    text: the summary and a plot (braille, block or ascii)\n"
    "  -f, --format=FORMAT   text, csv or json\n";

static const struct {
    const char *name;
    const char *text;
} long_help[] = {
    {"scan", "  PARAM                 the parameter (see 'list params')\n"
             "  -n, --points=N        grid points, 3 to 100000 (default 201)\n"
             "      --from=X, --to=X  the range (default: the parameter's scan range)\n"
             "      --log, --lin      geometric or equal spacing (default: the parameter's)\n"
             "      --profile=PARAM   minimise over PARAM at every point (repeatable)\n"},
    {"contour", "  PARAM1 PARAM2         the two parameters (x and y)\n"
                "  -n, --points=N|NXxNY  grid, 3 to 2001 per axis (default 101x101)\n"
                "      --from=X, --to=X  x range (also --x-from, --x-to)\n"
                "      --y-from=Y, --y-to=Y  y range\n"
                "      --log-x, --lin-x, --log-y, --lin-y  axis spacing\n"},
    {"spectrum", "      --axis=energy|time  the energy axis (keVnr, keVee or PE) or the\n"
                 "                        arrival-time projection (detectors with [timing])\n"
                 "      --plot[=STYLE]    draw it (braille, block or ascii)\n"},
    {"set", "  NAME VALUE or NAME=VALUE, several at once; enum parameters take their\n"
            "  labels; a bad value changes nothing\n"},
    {"reset", "  NAME ... or all (also no argument): back to the preset's and detector's\n"
              "  defaults\n"},
    {"list", "  detectors  the detector files found, with titles and default presets\n"
             "  params     name, value, unit, range, help\n"
             "  presets    the presets\n"
             "  stats      the chi-squared models\n"
             "  commands   the command names\n"},
};

const char *app_cmd_long_help(const char *name, int *stats_options)
{
    *stats_options = name && (strcmp(name, "scan") == 0 || strcmp(name, "contour") == 0);
    for (size_t i = 0; name && i < sizeof long_help / sizeof long_help[0]; i++)
        if (strcmp(long_help[i].name, name) == 0)
            return long_help[i].text;
    return NULL;
}

const char *app_cmd_stats_options_help(void)
{
    return stats_common;
}
