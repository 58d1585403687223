/* main.c - the cevnsx program: options, batch mode, and the start of the TUI.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Command-line subcommands map onto the interpreter (app_cmd.c): the global
 * options become commands (detector, engine, preset, set, format) that run
 * before the subcommand, so batch mode, the REPL and the TUI share one code
 * path. Batch mode never starts curses or readline. */
#include "config.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_cmd.h"
#include "app/app_opt.h"
#include "app/app_stats.h"
#include "app/app_state.h"
#include "app/app_util.h"
#include "plot/plot.h"
#include "tui/tui.h"

/* Long-only option codes (the short ones are their letters). */
enum {
    O_ENGINE = 0x100,
    O_BATCH,
    O_TUI,
    O_NO_MOUSE,
    O_ASCII,
    O_NO_COLOR,
    O_FRAMES,
    O_STATS,
    O_DEMO,
    O_RESUME,
    O_THEME,
    O_PLOT,
    O_AXIS
};

/* The program's own options. The options of scan and contour
 * (app_stats_long_options) and spectrum's --axis are added to this table
 * when the command line is parsed, so that they pass through to the command. */
static const struct option main_options[] = {
    {"detector", required_argument, NULL, 'd'},    {"preset", required_argument, NULL, 'P'},
    {"set", required_argument, NULL, 's'},         {"format", required_argument, NULL, 'f'},
    {"engine", required_argument, NULL, O_ENGINE}, {"execute", required_argument, NULL, 'e'},
    {"batch", required_argument, NULL, O_BATCH},   {"tui", no_argument, NULL, O_TUI},
    {"no-mouse", no_argument, NULL, O_NO_MOUSE},   {"ascii", no_argument, NULL, O_ASCII},
    {"no-color", no_argument, NULL, O_NO_COLOR},   {"frames", required_argument, NULL, O_FRAMES},
    {"stats", no_argument, NULL, O_STATS},         {"demo", required_argument, NULL, O_DEMO},
    {"plot", optional_argument, NULL, O_PLOT},     {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},           {"axis", required_argument, NULL, O_AXIS},
    {"resume", no_argument, NULL, O_RESUME},       {"theme", required_argument, NULL, O_THEME},
};
#define N_MAIN_OPTIONS (sizeof main_options / sizeof main_options[0])
/* "-:" words in place, ':' for a missing value; n is scan's and contour's */
#define MAIN_SHORT "-:d:P:s:f:e:hVn:"

static void usage(FILE *out)
{
    fputs("Usage: cevnsx [OPTION]... [COMMAND [ARG]...]\n"
          "Explore coherent elastic neutrino-nucleus scattering (CEvNS) at the SNS.\n"
          "\n"
          "Without a command the full-screen explorer starts (stdin and stdout must be\n"
          "terminals). Commands (also usable with -e, --batch and inside the explorer):\n"
          "  events                    expected events: total, per flux component, per isotope\n"
          "  spectrum [--plot]         events per bin (2-PE bins for csi2017, keVnr otherwise)\n"
          "  list detectors|params|presets|stats|commands\n"
          "  show                      the parameters that differ from their defaults\n"
          "  scan PARAM [OPTIONS]      delta chi-squared scan (see cevnsx(1))\n"
          "  contour P1 P2 [OPTIONS]   two-parameter delta chi-squared (see cevnsx(1))\n"
          "  fit [--free P1,P2] [OPTIONS] best fit, 1-sigma intervals, pulls (--stat poisson)\n"
          "  save FILE | load FILE     write or restore the whole state\n"
          "  repl                      a line-oriented command prompt\n"
          "  help [COMMAND]            all interpreter commands\n"
          "\n"
          "Options:\n"
          "  -d, --detector=NAME       detector id (csi2017, csi, ge, nai, lar) or .det file\n"
          "  -P, --preset=NAME         parameter preset (see 'list presets')\n"
          "  -s, --set=NAME=VALUE      set a parameter; repeatable; with several -d,\n"
          "                            -s DET:NAME=VALUE sets it on detector DET only\n"
          "  -f, --format=FORMAT       output format: text, csv or json\n"
          "      --engine=ENGINE       fast (default) or reference (slow adaptive quadrature)\n"
          "  -e, --execute=COMMANDS    run commands separated by ';' (repeatable)\n"
          "      --batch=FILE          run the commands in FILE, one per line ('-': stdin)\n"
          "      --tui                 start the full-screen explorer (after -e/--batch)\n"
          "      --plot[=STYLE]        plot glyphs: braille, block or ascii\n"
          "      --no-mouse            explorer: ignore the mouse\n"
          "      --ascii               explorer: ASCII glyphs only\n"
          "      --no-color            explorer: monochrome (also when NO_COLOR is set)\n"
          "      --theme=THEME         explorer: default, mono or projector (high contrast,\n"
          "                            no dim text)\n"
          "      --frames=N            explorer: quit after N frames (for tests)\n"
          "      --stats               explorer: show timing statistics\n"
          "      --demo=NAME           explorer: play a demonstration\n"
          "      --resume              explorer: restore the session kept at the last quit\n"
          "  -h, --help                show this help and exit\n"
          "  -V, --version             show the version and exit\n"
          "\n"
          "Environment: CEVNSX_DATADIR (data directory), XDG_CONFIG_HOME (own detectors in\n"
          "$XDG_CONFIG_HOME/cevnsx/detectors), XDG_STATE_HOME, NO_COLOR, TERM, ESCDELAY,\n"
          "OMP_NUM_THREADS (threads of the --fc toys).\n"
          "Exit status: 0 success, 1 data or runtime error, 2 usage error.\n"
          "\n"
          "Examples:\n"
          "  cevnsx events -d csi2017\n"
          "  cevnsx events -d ge -P future-coherent -s eps_ee_u=0.1 -f json\n"
          "  cevnsx -e 'set sin2w 0.24; events'\n"
          "  cevnsx scan mu_nu_e -d csi2017 --from 0 --to 2e-8 --fc --toys 1000\n",
          out);
}

static void version(void)
{
    printf("%s\n"
           "Copyright (C) 2026 the cevnsx authors.\n"
           "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute it.\n"
           "There is NO WARRANTY, to the extent permitted by law.\n",
           PACKAGE_STRING);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("cevnsx: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'cevnsx --help' for more information.\n", stderr);
    return 2;
}

/* Parsed command line. */
typedef struct {
    const char *detector; /* first -d */
    int n_detector;
    const char **dets; /* every -d, in order */
    const char *preset, *format, *engine;
    const char **sets; /* -s values */
    int n_sets;
    const char **scripts; /* -e text or --batch file, in order */
    int *script_is_file;
    int n_scripts;
    int tui, help, version;
    int plot;      /* --plot given */
    int plot_tier; /* -1 auto, else from --plot=STYLE */
    tui_options topt;
    char **sub; /* the subcommand and its arguments */
    int n_sub;
} cmdline;

/* Options after these subcommands that the subcommand itself parses. */
static int is_stats_command(const char *s)
{
    return s && (strcmp(s, "scan") == 0 || strcmp(s, "contour") == 0 || strcmp(s, "fit") == 0);
}

/* Commands that, given several -d, run once per detector. */
static int is_per_detector_command(const char *s)
{
    return s && (strcmp(s, "events") == 0 || strcmp(s, "spectrum") == 0 || strcmp(s, "list") == 0);
}

/* main_options followed by the options of scan and contour that main does
 * not have itself; NULL-terminated. Freed by the caller. */
static struct option *all_options(void)
{
    size_t n_stats = 0, k = 0;
    while (app_stats_long_options[n_stats].name)
        n_stats++;
    struct option *t = app_xmalloc((N_MAIN_OPTIONS + n_stats + 1) * sizeof *t);
    for (size_t i = 0; i < N_MAIN_OPTIONS; i++)
        t[k++] = main_options[i];
    for (size_t i = 0; i < n_stats; i++) {
        int dup = 0;
        for (size_t j = 0; j < N_MAIN_OPTIONS && !dup; j++)
            dup = strcmp(main_options[j].name, app_stats_long_options[i].name) == 0;
        if (!dup)
            t[k++] = app_stats_long_options[i];
    }
    memset(&t[k], 0, sizeof t[k]);
    return t;
}

/* Appends the argv elements the last option came from to the subcommand. */
static void pass_through(cmdline *cl, const app_opt_parser *p)
{
    for (int i = p->elem; i < optind && i < p->argc; i++)
        cl->sub[cl->n_sub++] = p->argv[i];
}

static int parse_args(int argc, char **argv, cmdline *cl)
{
    app_opt_parser p;
    struct option *opts = all_options();
    int c, r = 0;
    memset(cl, 0, sizeof *cl);
    cl->plot_tier = -1;
    cl->topt.plot_tier = -1;
    cl->sets = app_xmalloc((size_t)argc * sizeof *cl->sets);
    cl->dets = app_xmalloc((size_t)argc * sizeof *cl->dets);
    cl->scripts = app_xmalloc((size_t)argc * sizeof *cl->scripts);
    cl->script_is_file = app_xmalloc((size_t)argc * sizeof *cl->script_is_file);
    cl->sub = app_xmalloc((size_t)(argc + 2) * sizeof *cl->sub);

    app_opt_begin(&p, argc, argv, MAIN_SHORT, opts);
    while (r == 0 && (c = app_opt_next(&p)) != -1) {
        const char *val = p.arg;
        /* Statistics commands parse their own options (-n, --from, -d ...). */
        int stats = cl->n_sub > 0 && is_stats_command(cl->sub[0]);
        if (c == '?' || c == ':') {
            if (stats) { /* one line, as the command itself reports */
                fprintf(stderr, "cevnsx: %s: %s\n", cl->sub[0], p.error);
                r = 2;
            } else
                r = usage_error("%s", p.error);
            break;
        }
        if (c == 1) {
            cl->sub[cl->n_sub++] = p.arg;
            continue;
        }
        if (c == 'n' || c >= APP_STATS_OPT_BASE) {
            if (!stats) {
                r = usage_error("unknown option '%s'", argv[p.elem]);
                break;
            }
            pass_through(cl, &p);
            continue;
        }
        if (stats && (c == 'd' || c == 'f' || c == O_PLOT))
            /* Pass through (the command may combine several detectors), and
             * let the first -d also choose the state's detector. */
            pass_through(cl, &p);
        switch (c) {
        case 'd':
            cl->dets[cl->n_detector] = val;
            if (cl->n_detector++ == 0)
                cl->detector = val;
            break;
        case 'P': cl->preset = val; break;
        case 's':
            if (!strchr(val, '='))
                r = usage_error("-s needs NAME=VALUE, not '%s'", val);
            else
                cl->sets[cl->n_sets++] = val;
            break;
        case 'f': cl->format = val; break;
        case O_ENGINE: cl->engine = val; break;
        case 'e':
        case O_BATCH:
            cl->script_is_file[cl->n_scripts] = c == O_BATCH;
            cl->scripts[cl->n_scripts++] = val;
            break;
        case O_TUI: cl->tui = 1; break;
        case O_NO_MOUSE: cl->topt.no_mouse = 1; break;
        case O_ASCII: cl->topt.force_ascii = 1; break;
        case O_NO_COLOR: cl->topt.no_color = 1; break;
        case O_FRAMES: {
            char *end;
            long n = strtol(val, &end, 10);
            if (end == val || *end || n < 1 || n > 1000000000L)
                r = usage_error("--frames needs a positive whole number, not '%s'", val);
            else
                cl->topt.frames = (int)n;
            break;
        }
        case O_STATS: cl->topt.stats = 1; break;
        case O_DEMO: cl->topt.demo = val; break;
        case O_RESUME: cl->topt.resume = 1; break;
        case O_THEME:
            if (strcmp(val, "default") == 0)
                cl->topt.theme = TUI_THEME_DEFAULT;
            else if (strcmp(val, "mono") == 0)
                cl->topt.no_color = 1, cl->topt.theme = TUI_THEME_DEFAULT;
            else if (strcmp(val, "projector") == 0)
                cl->topt.theme = TUI_THEME_PROJECTOR;
            else
                r = usage_error("unknown theme '%s' (one of default, mono, projector)", val);
            break;
        case O_PLOT:
            cl->plot = 1;
            if (val) {
                plot_tier t;
                if (plot_tier_parse(val, &t) != 0)
                    r = usage_error("unknown plot style '%s' (one of braille, block, ascii)", val);
                else {
                    cl->plot_tier = (int)t;
                    cl->topt.plot_tier = (int)t;
                }
            }
            break;
        case O_AXIS: /* spectrum's own option --axis energy|time */
            if (cl->n_sub > 0 && strcmp(cl->sub[0], "spectrum") == 0)
                pass_through(cl, &p);
            else
                r = usage_error("unknown option '%s'", argv[p.elem]);
            break;
        case 'h': cl->help = 1; break;
        case 'V': cl->version = 1; break;
        default: break;
        }
    }
    free(opts);
    if (r != 0)
        return r;
    if (cl->n_detector > 1 &&
        !(cl->n_sub > 0 && (is_stats_command(cl->sub[0]) || is_per_detector_command(cl->sub[0]))))
        return usage_error("%s", "only events, spectrum, list, scan and contour take several -d");
    cl->sub[cl->n_sub] = NULL;
    return 0;
}

/* Runs the command "name arg"; returns its APP_* result. */
static int run(app_state *st, const char *name, const char *arg)
{
    char *argv[3] = {app_xstrdup(name), app_xstrdup(arg), NULL};
    int r = app_cmd_run(st, 2, argv, stdout, stderr);
    free(argv[0]);
    free(argv[1]);
    return r;
}

/* The shipped demo NAME exists (DATADIR/demos/NAME.demo). */
static int demo_exists(const char *name)
{
    char path[4096];
    if (app_strlcpyf(path, sizeof path, "%s/demos/%s.demo", app_data_dir(), name))
        return 0;
    return access(path, R_OK) == 0;
}

static int exit_status(int r)
{
    return r == APP_QUIT ? 0 : r;
}

/* -s DET:NAME=V sets NAME on detector DET only (DET as given to -d, or the
 * detector's id); -s NAME=V on every detector. Returns the NAME=V part when
 * the setting applies to the detector (name as given, id), else NULL. */
static const char *set_for(const char *set, const char *name, const char *id)
{
    const char *colon = strchr(set, ':'), *eq = strchr(set, '=');
    if (!colon || (eq && eq < colon))
        return set;
    size_t n = (size_t)(colon - set);
    if ((name && strlen(name) == n && strncmp(set, name, n) == 0) ||
        (id && strlen(id) == n && strncmp(set, id, n) == 0))
        return colon + 1;
    return NULL;
}

/* Loads st's detector if needed and applies the global options to it. */
static int apply_globals(app_state *st, const cmdline *cl, const char *det)
{
    int r = APP_OK;
    if (r == APP_OK && cl->engine)
        r = run(st, "engine", cl->engine);
    if (r == APP_OK && det)
        r = run(st, "detector", det);
    if (r == APP_OK && cl->preset)
        r = run(st, "preset", cl->preset);
    for (int i = 0; r == APP_OK && i < cl->n_sets; i++) {
        const char *id = NULL;
        if (strchr(cl->sets[i], ':') &&
            (!strchr(cl->sets[i], '=') || strchr(cl->sets[i], ':') < strchr(cl->sets[i], '='))) {
            char msg[1024];
            if (app_state_ensure(st, msg, sizeof msg) != 0) {
                fprintf(stderr, "cevnsx: %s\n", msg);
                return APP_ERR;
            }
            id = cx_detector_id(st->det);
        }
        const char *v = set_for(cl->sets[i], det, id);
        if (v)
            r = run(st, "set", v);
    }
    if (r == APP_OK && cl->format)
        r = run(st, "format", cl->format);
    return r;
}

/* Every DET: prefix of -s must name one of the -d detectors. */
static int check_set_prefixes(const cmdline *cl)
{
    for (int i = 0; i < cl->n_sets; i++) {
        const char *s = cl->sets[i], *colon = strchr(s, ':'), *eq = strchr(s, '=');
        if (!colon || (eq && eq < colon))
            continue;
        int found = 0;
        for (int k = 0; k < cl->n_detector && !found; k++) {
            const char *d = cl->dets[k];
            const char *base = strrchr(d, '/');
            base = base ? base + 1 : d;
            size_t bl = strlen(base);
            if (bl > 4 && strcmp(base + bl - 4, ".det") == 0)
                bl -= 4;
            size_t n = (size_t)(colon - s);
            found =
                (strlen(d) == n && strncmp(s, d, n) == 0) || (bl == n && strncmp(s, base, n) == 0);
        }
        if (!found)
            return usage_error("-s %s: no detector '%.*s' among the -d options", s,
                               (int)(colon - s), s);
    }
    return 0;
}

/* events, spectrum or list with several -d: each detector on its own state,
 * one after the other (JSON: one array). */
static int run_per_detector(const cmdline *cl, int tier)
{
    int r = APP_OK, json = cl->format && strcmp(cl->format, "json") == 0;
    if (json)
        fputs("[\n", stdout);
    for (int k = 0; r == APP_OK && k < cl->n_detector; k++) {
        app_state st;
        app_state_init_lazy(&st, cl->dets[k], CX_ENGINE_FAST);
        app_strlcpyf(st.msg_prefix, sizeof st.msg_prefix, "cevnsx: ");
        st.plot_tier = tier;
        r = apply_globals(&st, cl, cl->dets[k]);
        if (r == APP_OK) {
            if (json && k > 0)
                fputs(",\n", stdout);
            else if (!json && k > 0)
                fputc('\n', stdout);
            r = app_cmd_run(&st, cl->n_sub, cl->sub, stdout, stderr);
        }
        app_state_done(&st);
    }
    if (json && r == APP_OK)
        fputs("]\n", stdout);
    return r;
}

static void free_cmdline(cmdline *cl)
{
    free(cl->dets);
    free(cl->sets);
    free(cl->scripts);
    free(cl->script_is_file);
    free(cl->sub);
}

int main(int argc, char **argv)
{
    cmdline cl;
    app_state st;
    int r = APP_OK;

    /* LC_CTYPE only: numbers must keep '.' decimals (doc/design.md section 4). */
    setlocale(LC_CTYPE, "");
    /* The engine checks every GSL status itself (doc/design.md section 3). */
    gsl_set_error_handler_off();

    if ((r = parse_args(argc, argv, &cl)) != 0) {
        free_cmdline(&cl);
        return r;
    }
    if (cl.help && !cl.version && cl.n_sub > 0) {
        /* cevnsx COMMAND --help: that command's full usage */
        app_state hs;
        app_state_init_lazy(&hs, NULL, CX_ENGINE_FAST);
        app_strlcpyf(hs.msg_prefix, sizeof hs.msg_prefix, "cevnsx: ");
        char *hv[3] = {"help", cl.sub[0], NULL};
        r = app_cmd_run(&hs, 2, hv, stdout, stderr);
        app_state_done(&hs);
        free_cmdline(&cl);
        return r == APP_OK ? 0 : 2;
    }
    if (cl.help || cl.version) {
        if (cl.help)
            usage(stdout);
        else
            version();
        free_cmdline(&cl);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "cevnsx: write error on standard output: %s\n", strerror(errno));
            return 1;
        }
        return 0;
    }
    {
        const char *nc = getenv("NO_COLOR");
        if (nc && *nc) /* https://no-color.org: set and not empty */
            cl.topt.no_color = 1;
    }

    int batch = cl.n_sub > 0 || cl.n_scripts > 0;
    int is_repl = cl.n_sub > 0 && strcmp(cl.sub[0], "repl") == 0;
    if (is_repl && cl.n_sub > 1) {
        free_cmdline(&cl);
        return usage_error("%s", "repl takes no arguments");
    }
    if (cl.tui && cl.n_sub > 0) {
        free_cmdline(&cl);
        return usage_error("%s", "--tui cannot be combined with a command (use -e)");
    }
    if ((!batch || cl.tui) && cl.topt.demo && !strchr(cl.topt.demo, '/') &&
        !demo_exists(cl.topt.demo)) {
        /* before the terminal is looked at or the screen opens: a usage
         * error with a suggestion */
        static const char *const demos[] = {"sm",      "sin2w",    "nsi",
                                            "sterile", "magnetic", "mediator"};
        char sug[256] = "";
        app_suggest(cl.topt.demo, demos, sizeof demos / sizeof demos[0], sug, sizeof sug);
        r = usage_error("unknown demo '%s'%s; the demos are sm, sin2w, nsi, sterile, magnetic, "
                        "mediator",
                        cl.topt.demo, sug);
        free_cmdline(&cl);
        return r;
    }
    if (!batch && !cl.tui && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
        fputs("cevnsx: not a terminal: use -e, --batch FILE or a subcommand\n", stderr);
        free_cmdline(&cl);
        return 2;
    }

    app_state_init_lazy(&st, cl.detector, CX_ENGINE_FAST);
    app_strlcpyf(st.msg_prefix, sizeof st.msg_prefix, "cevnsx: ");
    /* Braille in a UTF-8 locale, blocks on the Linux console, else ASCII. */
    st.plot_tier = cl.plot_tier >= 0 ? cl.plot_tier
                                     : (int)plot_tier_detect(nl_langinfo(CODESET), (int)MB_CUR_MAX,
                                                             getenv("TERM"), cl.topt.force_ascii);

    if ((r = check_set_prefixes(&cl)) != 0) {
        app_state_done(&st);
        free_cmdline(&cl);
        return r;
    }
    if (cl.n_detector > 1 && cl.n_sub > 0 && is_per_detector_command(cl.sub[0]) &&
        cl.n_scripts == 0) {
        if (cl.plot && strcmp(cl.sub[0], "spectrum") == 0)
            cl.sub[cl.n_sub++] = "--plot";
        r = exit_status(run_per_detector(&cl, st.plot_tier));
        app_state_done(&st);
        free_cmdline(&cl);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fputs("cevnsx: write error on standard output\n", stderr);
            if (r == 0)
                r = 1;
        }
        return r;
    }
    /* the settings for every detector of scan and contour (app_stats.c) */
    st.sets = cl.sets;
    st.n_sets = cl.n_sets;

    /* Global options as commands, in a fixed order: engine first (nothing is
     * built yet), the detector, its preset, the settings, the format. */
    r = apply_globals(&st, &cl, cl.detector);

    /* A failing command of a script is a command error (1), not a usage
     * error of the program (2). */
    for (int i = 0; r == APP_OK && i < cl.n_scripts; i++) {
        if (cl.script_is_file[i])
            r = app_cmd_exec_file(&st, cl.scripts[i], stdout, stderr);
        else
            r = app_cmd_exec(&st, cl.scripts[i], stdout, stderr);
        if (r == APP_USAGE)
            r = APP_ERR;
    }

    if (r == APP_OK && is_repl) {
        char msg[1024];
        if (app_state_ensure(&st, msg, sizeof msg) != 0) {
            fprintf(stderr, "cevnsx: %s\n", msg);
            r = APP_ERR;
        } else {
            st.msg_prefix[0] = '\0';
            r = tui_repl(&st);
        }
    } else if (r == APP_OK && cl.n_sub > 0) {
        /* spectrum --plot: the global option asks the command for a plot. */
        if (cl.plot && strcmp(cl.sub[0], "spectrum") == 0)
            cl.sub[cl.n_sub++] = "--plot";
        r = app_cmd_run(&st, cl.n_sub, cl.sub, stdout, stderr);
    } else if (r == APP_OK && (!batch || cl.tui)) {
        char msg[1024];
        const char *sp = cl.topt.resume ? tui_keep_session_path() : NULL;
        if (cl.topt.resume && (!sp || access(sp, R_OK) != 0)) {
            fprintf(stderr,
                    "cevnsx: --resume: no session kept yet (%s is written when the "
                    "explorer quits)\n",
                    sp ? sp : "$XDG_STATE_HOME/cevnsx/session");
            r = APP_ERR;
        } else if (app_state_ensure(&st, msg, sizeof msg) != 0) {
            fprintf(stderr, "cevnsx: %s\n", msg);
            r = APP_ERR;
        } else {
            st.msg_prefix[0] = '\0';
            r = tui_run(&st, &cl.topt);
        }
    }
    r = exit_status(r);

    app_state_done(&st);
    free_cmdline(&cl);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "cevnsx: write error on standard output: %s\n", strerror(errno));
        if (r == 0)
            r = 1;
    }
    return r;
}
