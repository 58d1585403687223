/* app_cmd.c - the command interpreter: one table of commands (name, arguments,
 * help, handler) shared by batch mode, the REPL and the TUI command line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_io.h"
#include "app/app_output.h"
#include "app/app_stats.h"
#include "app/app_util.h"
#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_text.h"

#define MAX_WORDS 256
#define MAX_SCRIPT_DEPTH 16 /* load inside load inside ...: deeper is a loop */
#define STATE_MAGIC "# cevnsx state 1"

typedef int (*cmd_fn)(app_state *st, int argc, char **argv, FILE *out, FILE *err);

/* EXPLORER: run by the explorer's handler st->ui_cmd (refused without one). */
enum { NEEDS_MODEL = 1u, EXPLORER = 2u };

#define MAX_KINDS 4

typedef struct {
    const char *name;
    const char *args;       /* synopsis of the arguments, "" when none */
    const char *help;       /* one line */
    int min_args, max_args; /* counts after the name; max -1 = any */
    unsigned flags;
    cmd_fn fn;
    /* What the words after the name are: kind[0] the first, ...; the last
     * `repeat` kinds repeat for the words after them (0: no more words). */
    app_arg_kind kind[MAX_KINDS];
    int repeat;
    const char *const *words; /* the keywords of APP_ARG_WORD */
} cmd_def;

/* ------------------------------------------------------------- messages ---- */

void app_cmd_error(const app_state *st, FILE *err, const char *fmt, ...)
{
    va_list ap;
    char msg[2048];
    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs(st ? st->msg_prefix : "cevnsx: ", err);
    /* One line, whatever the user's words held: a newline, CR or escape
     * sequence in a file name is shown as \n, \r, \x1b, not acted on. */
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p == '\n')
            fputs("\\n", err);
        else if (*p == '\r')
            fputs("\\r", err);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(err, "\\x%02x", *p);
        else
            fputc(*p, err);
    }
    fputc('\n', err);
    fflush(err);
}

/* Reports an app_state_* failure message. */
static int state_error(const app_state *st, FILE *err, const char *msg)
{
    app_cmd_error(st, err, "%s", msg);
    return APP_ERR;
}

static int need_model(app_state *st, FILE *err)
{
    char msg[1024];
    if (app_state_ensure(st, msg, sizeof msg) != 0)
        return state_error(st, err, msg);
    return APP_OK;
}

static int need_update(app_state *st, FILE *err)
{
    char msg[1024];
    if (need_model(st, err) != APP_OK)
        return APP_ERR;
    if (app_state_update(st, msg, sizeof msg) != 0)
        return state_error(st, err, msg);
    return APP_OK;
}

/* --------------------------------------------------------------- params ---- */

/* Looks a parameter up, reporting unknown names with suggestions. */
static int lookup_param(const app_state *st, const char *name, FILE *err, int *id)
{
    *id = cx_model_param_lookup(st->model, name);
    if (*id >= 0)
        return APP_OK;
    int np = cx_model_n_params(st->model);
    const char **names = app_xmalloc((size_t)(np > 0 ? np : 1) * sizeof *names);
    char sugg[256];
    for (int i = 0; i < np; i++) {
        const cx_param_info *info = cx_model_param_info(st->model, i);
        names[i] = info ? info->name : NULL;
    }
    app_suggest(name, names, (size_t)(np > 0 ? np : 0), sugg, sizeof sugg);
    free(names);
    app_cmd_error(st, err, "unknown parameter '%s'%s", name,
                  sugg[0] ? sugg : " (try 'list params')");
    return APP_USAGE;
}

/* Parses a value for parameter id with messages that name the range. */
static int parse_value(const app_state *st, int id, const char *text, FILE *err, double *v)
{
    const cx_param_info *info = cx_model_param_info(st->model, id);
    int status = cx_param_parse_value(info, text, v);
    if (status == CX_OK)
        return APP_OK;
    if (info->scale == CX_SCALE_ENUM && info->labels) {
        char labels[256] = "";
        size_t len = 0;
        for (int i = 0; i <= (int)info->max && len < sizeof labels; i++) {
            int r =
                snprintf(labels + len, sizeof labels - len, "%s%s", i ? ", " : "", info->labels[i]);
            if (r < 0)
                break;
            len += (size_t)r;
        }
        app_cmd_error(st, err, "invalid value '%s' for %s (one of %s, or 0..%g)", text, info->name,
                      labels, info->max);
    } else if (status == CX_ERANGE) {
        app_cmd_error(st, err, "value %s for %s out of range [%g, %g]%s%s", text, info->name,
                      info->min, info->max, info->unit[0] ? " " : "", info->unit);
    } else {
        app_cmd_error(st, err,
                      "invalid value '%s' for %s: not a plain decimal number (range [%g, %g])",
                      text, info->name, info->min, info->max);
    }
    return APP_USAGE;
}

static int cmd_set(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    int ids[MAX_WORDS];
    double vals[MAX_WORDS];
    int n = 0, r;
    (void)out;
    /* Parse everything first so that a bad pair changes nothing. */
    for (int i = 1; i < argc; i++) {
        char name[256];
        const char *value, *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        if (len >= sizeof name) {
            app_cmd_error(st, err, "set: parameter name too long");
            return APP_USAGE;
        }
        memcpy(name, argv[i], len);
        name[len] = '\0';
        if (eq) {
            value = eq + 1;
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            app_cmd_error(st, err, "set: missing value for '%s' (usage: set NAME VALUE)", name);
            return APP_USAGE;
        }
        if ((r = lookup_param(st, name, err, &ids[n])) != APP_OK)
            return r;
        if ((r = parse_value(st, ids[n], value, err, &vals[n])) != APP_OK)
            return r;
        n++;
    }
    for (int k = 0; k < n; k++) {
        int status = cx_model_set_param(st->model, ids[k], vals[k]);
        if (status != CX_OK) {
            const cx_param_info *info = cx_model_param_info(st->model, ids[k]);
            app_cmd_error(st, err, "cannot set %s: %s", info ? info->name : "?",
                          cx_strerror(status));
            return status == CX_ERANGE || status == CX_EINVAL ? APP_USAGE : APP_ERR;
        }
    }
    return APP_OK;
}

static int cmd_reset(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    int r;
    (void)out;
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "all") == 0)) {
        cx_model_reset_param(st->model, -1);
        return APP_OK;
    }
    int ids[MAX_WORDS];
    for (int i = 1; i < argc; i++)
        if ((r = lookup_param(st, argv[i], err, &ids[i])) != APP_OK)
            return r;
    for (int i = 1; i < argc; i++)
        cx_model_reset_param(st->model, ids[i]);
    return APP_OK;
}

/* ----------------------------------------------------- state commands ---- */

static int cmd_detector(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    char msg[1024];
    if (argc == 1) {
        if (need_model(st, err) != APP_OK)
            return APP_ERR;
        fprintf(out, "%s: %s\n", cx_detector_id(st->det), cx_detector_name(st->det));
        return APP_OK;
    }
    if (app_state_set_detector(st, argv[1], msg, sizeof msg) != 0)
        return state_error(st, err, msg);
    return APP_OK;
}

static int cmd_preset(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    const char *const *names = cx_preset_names();
    if (argc == 1) {
        const char *p = cx_model_preset(st->model), *h = cx_preset_help(p);
        fprintf(out, "%s%s%s\n", p, h ? ": " : "", h ? h : "");
        return APP_OK;
    }
    int status = cx_model_apply_preset(st->model, argv[1]);
    if (status == CX_OK) {
        return APP_OK;
    }
    if (status == CX_ENOTFOUND) {
        size_t n = 0;
        char sugg[256];
        while (names[n])
            n++;
        app_suggest(argv[1], names, n, sugg, sizeof sugg);
        app_cmd_error(st, err, "unknown preset '%s'%s", argv[1],
                      sugg[0] ? sugg : " (try 'list presets')");
        return APP_USAGE;
    }
    app_cmd_error(st, err, "preset %s: %s", argv[1], cx_strerror(status));
    return APP_ERR;
}

static int cmd_stat(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    if (argc == 1) {
        const char *def = st->det ? cx_detector_stat(st->det) : NULL;
        fprintf(out, "%s\n", st->stat[0] ? st->stat : def && *def ? def : "default");
        return APP_OK;
    }
    if (strcmp(argv[1], "default") == 0) {
        st->stat[0] = '\0';
        return APP_OK;
    }
    if (!cx_chi2_lookup(argv[1])) {
        const char *names[32];
        size_t n = 0;
        char sugg[256];
        for (const cx_chi2_def *d; n < 31 && (d = cx_chi2_builtin(n)) != NULL;)
            names[n++] = d->name;
        names[n++] = "default";
        app_suggest(argv[1], names, n, sugg, sizeof sugg);
        app_cmd_error(st, err, "unknown statistics model '%s'%s", argv[1],
                      sugg[0] ? sugg : " (try 'list stats')");
        return APP_USAGE;
    }
    app_strlcpyf(st->stat, sizeof st->stat, "%s", argv[1]);
    return APP_OK;
}

/* Matches word against a NULL-terminated keyword list; reports and returns -1
 * when none matches. */
static int keyword(const app_state *st, const char *what, const char *word,
                   const char *const *words, FILE *err)
{
    char all[256] = "";
    for (size_t n = 0; words[n]; n++) {
        if (strcmp(word, words[n]) == 0)
            return (int)n;
        size_t len = strlen(all);
        snprintf(all + len, sizeof all - len, "%s%s", n ? ", " : "", words[n]);
    }
    app_cmd_error(st, err, "unknown %s '%s' (one of %s)", what, word, all);
    return -1;
}

static const char *const engine_words[] = {"fast", "reference", NULL};

static int cmd_engine(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    const char *const *words = engine_words;
    char msg[1024];
    if (argc == 1) {
        fprintf(out, "%s\n", words[st->engine == CX_ENGINE_REFERENCE]);
        return APP_OK;
    }
    int k = keyword(st, "engine", argv[1], words, err);
    if (k < 0)
        return APP_USAGE;
    if (app_state_set_engine(st, k ? CX_ENGINE_REFERENCE : CX_ENGINE_FAST, msg, sizeof msg))
        return state_error(st, err, msg);
    return APP_OK;
}

static const char *const format_words[] = {"text", "csv", "json", NULL};

static int cmd_format(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    if (argc == 1) {
        fprintf(out, "%s\n", format_words[st->format]);
        return APP_OK;
    }
    int k = keyword(st, "format", argv[1], format_words, err);
    if (k < 0)
        return APP_USAGE;
    st->format = (app_format)k;
    return APP_OK;
}

/* -------------------------------------------------------------- results ---- */

static int cmd_events(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    (void)argc;
    (void)argv;
    if (need_update(st, err) != APP_OK)
        return APP_ERR;
    app_output_events(st, out);
    return APP_OK;
}

static const char *const tier_words[] = {"braille", "block", "ascii", NULL};

static const char *const axis_words[] = {"energy", "time", NULL};

static int cmd_spectrum(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    int plot = 0, axis = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--axis") == 0 || strncmp(argv[i], "--axis=", 7) == 0) {
            const char *v = argv[i][6] == '=' ? argv[i] + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                app_cmd_error(st, err, "spectrum: --axis needs energy or time");
                return APP_USAGE;
            }
            axis = keyword(st, "axis", v, axis_words, err);
            if (axis < 0)
                return APP_USAGE;
        } else if (strcmp(argv[i], "--plot") == 0 || strcmp(argv[i], "plot") == 0) {
            plot = 1;
        } else if (strncmp(argv[i], "--plot=", 7) == 0) {
            int k = keyword(st, "plot style", argv[i] + 7, tier_words, err);
            if (k < 0)
                return APP_USAGE;
            st->plot_tier = k;
            plot = 1;
        } else {
            app_cmd_error(st, err, "spectrum: unknown argument '%s' (usage: spectrum %s)", argv[i],
                          app_cmd_args("spectrum"));
            return APP_USAGE;
        }
    }
    if (need_update(st, err) != APP_OK)
        return APP_ERR;
    if (axis == 1)
        app_output_time_spectrum(st, out);
    else
        app_output_spectrum(st, out, plot);
    return APP_OK;
}

static const char *const list_words[] = {"detectors", "params",   "presets",
                                         "stats",     "commands", NULL};

static int cmd_list(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    const char *const *words = list_words;
    (void)argc;
    int k = keyword(st, "list", argv[1], words, err);
    switch (k) {
    case 0:
        if (app_output_detectors(st, out) != 0) {
            const char *dirs[4];
            size_t n = app_detector_dirs(dirs, 4);
            app_cmd_error(st, err, "no detector files in %s%s%s (check CEVNSX_DATADIR)", dirs[0],
                          n > 1 ? " or " : "", n > 1 ? dirs[1] : "");
            return APP_ERR;
        }
        return APP_OK;
    case 1:
        if (need_model(st, err) != APP_OK)
            return APP_ERR;
        app_output_params(st, out);
        return APP_OK;
    case 2: app_output_presets(st, out); return APP_OK;
    case 3:
        for (size_t i = 0; cx_chi2_builtin(i); i++) {
            const cx_chi2_def *d = cx_chi2_builtin(i);
            if (st->format == APP_FMT_TEXT)
                fprintf(out, "%-12s %s\n", d->name, d->help);
            else
                fprintf(out, "%s\n", d->name);
        }
        return APP_OK;
    case 4:
        for (const char *const *c = app_cmd_names(); *c; c++)
            fprintf(out, "%s\n", *c);
        return APP_OK;
    default: return APP_USAGE;
    }
}

static int cmd_show(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    (void)argc;
    (void)argv;
    (void)err;
    app_output_show(st, out);
    return APP_OK;
}

/* ---------------------------------------------------------- save, load ---- */

/* Writes word so that app_cmd_split() reads it back as one word. */
static void write_word(FILE *out, const char *w)
{
    if (*w && strpbrk(w, " \t\n\r'\"\\;#") == NULL) {
        fputs(w, out);
        return;
    }
    fputc('\'', out);
    for (; *w; w++) {
        if (*w == '\'')
            fputs("'\\''", out);
        else
            fputc(*w, out);
    }
    fputc('\'', out);
}

int app_cmd_quote(const char *word, char *buf, size_t n)
{
    char *m = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&m, &len);
    if (!f)
        app_die("out of memory");
    write_word(f, word);
    if (fclose(f) != 0 || !m)
        app_die("out of memory");
    int cut = app_strlcpyf(buf, n, "%s", m);
    free(m);
    return cut ? 1 : 0;
}

/* Writes "set NAME VALUE" when the value differs from its default, or always
 * when force is set. Returns whether it wrote. */
static int write_set(FILE *out, const cx_model *m, int id, int force)
{
    const cx_param_info *info = cx_model_param_info(m, id);
    double v = cx_model_get_param(m, id);
    char val[64];
    if (!info || (!force && v == cx_model_default_param(m, id)))
        return 0;
    app_output_param_value(info, v, val, sizeof val);
    fprintf(out, "set %s %s\n", info->name, val);
    return 1;
}

void app_cmd_write_state(const app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    char abs[PATH_MAX];
    const char *det = st->det_name;
    /* A path is saved absolute so that the file can be loaded from anywhere. */
    if ((strchr(det, '/') || (strlen(det) > 4 && strcmp(det + strlen(det) - 4, ".det") == 0)) &&
        realpath(det, abs))
        det = abs;
    fprintf(out, "%s\n# written by %s; 'load FILE' restores this state\n", STATE_MAGIC,
            PACKAGE_STRING);
    fputs("detector ", out);
    write_word(out, det);
    fprintf(out, "\nengine %s\n", cx_model_engine(m) == CX_ENGINE_REFERENCE ? "reference" : "fast");
    fprintf(out, "preset %s\n", cx_model_preset(m));
    fprintf(out, "stat %s\n", st->stat[0] ? st->stat : "default");
    fprintf(out, "format %s\n", format_words[st->format]);
    /* mu_nu sets both flavour moments: write it first, and then the flavour
     * moments whatever their values, so that both come back as they were. */
    int alias = write_set(out, m, CX_P_MU_NU, 0);
    for (int id = 0; id < cx_model_n_params(m); id++)
        if (id != CX_P_MU_NU)
            write_set(out, m, id, alias && (id == CX_P_MU_NU_E || id == CX_P_MU_NU_MU));
}

static int cmd_save(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    (void)argc;
    (void)out;
    app_afile a;
    char msg[1024];
    if (app_afile_open(&a, argv[1], msg, sizeof msg) != 0)
        return state_error(st, err, msg);
    app_cmd_write_state(st, a.fp);
    if (app_afile_commit(&a, msg, sizeof msg) != 0)
        return state_error(st, err, msg);
    return APP_OK;
}

/* Why a line could not be read, for "FILE:LINE: ..." messages. */
static const char *read_problem(int status)
{
    switch (status) {
    case CX_ERANGE: return "line longer than 65536 bytes";
    case CX_EPARSE: return "NUL byte in the line";
    default: return strerror(errno);
    }
}

/* Runs the lines that r reads (named name in messages): each through
 * app_cmd_exec() with "NAME:LINE: " before its diagnostics, stopping at the
 * first that fails, at `quit`, or when app_cancel_pending(). */
static int run_lines(app_state *st, cx_lines *r, const char *name, FILE *out, FILE *err)
{
    int result = APP_OK, rs;
    char saved[sizeof st->msg_prefix];
    char *line;
    size_t len;

    if (st->script_depth >= MAX_SCRIPT_DEPTH) {
        app_cmd_error(st, err, "%s: scripts nested too deeply (does it load itself?)", name);
        return APP_ERR;
    }
    memcpy(saved, st->msg_prefix, sizeof saved);
    st->script_depth++;
    while ((rs = cx_lines_next(r, &line, &len)) == CX_CONTINUE) {
        app_strlcpyf(st->msg_prefix, sizeof st->msg_prefix, "%s%s:%ld: ", saved, name,
                     cx_lines_number(r));
        result = app_cmd_exec(st, line, out, err);
        memcpy(st->msg_prefix, saved, sizeof saved);
        if (result != APP_OK)
            break;
    }
    if (result == APP_OK && rs != CX_OK) {
        if (rs == CX_EIO && errno == EINTR && app_cancel_pending()) {
            app_cmd_error(st, err, "%s: interrupted", name);
            result = APP_INTERRUPTED;
        } else {
            app_cmd_error(st, err, "%s:%ld: cannot read: %s", name, cx_lines_number(r),
                          read_problem(rs));
            result = APP_ERR;
        }
    }
    st->script_depth--;
    return result;
}

/* Opens path (regular files only, never blocking) and a line reader on it;
 * "-" is standard input, which may be a pipe or a terminal. */
static cx_lines *open_lines(const app_state *st, const char *path, int *fd, FILE *err)
{
    char msg[1024];
    int status;
    if (strcmp(path, "-") == 0)
        *fd = STDIN_FILENO;
    else if (cx_text_open(path, fd, msg, sizeof msg) != CX_OK) {
        app_cmd_error(st, err, "%s", msg);
        return NULL;
    }
    cx_lines *r = cx_lines_alloc(*fd, CX_TEXT_LINE_MAX, &status);
    if (!r)
        app_die("out of memory");
    /* Ctrl-C while waiting for a line from a terminal ends the wait. */
    cx_lines_interrupt(r, 1);
    return r;
}

static void close_lines(cx_lines *r, int fd)
{
    cx_lines_free(r);
    if (fd != STDIN_FILENO)
        close(fd);
}

int app_cmd_exec_file(app_state *st, const char *path, FILE *out, FILE *err)
{
    int fd;
    cx_lines *r = open_lines(st, path, &fd, err);
    if (!r)
        return APP_ERR;
    int res = run_lines(st, r, strcmp(path, "-") == 0 ? "stdin" : path, out, err);
    close_lines(r, fd);
    return res;
}

/* The commands a state file may hold: those app_cmd_write_state() writes, and
 * reset. Anything else (save, load, scan, quit ...) is refused, so loading a
 * file can only change the state, never write files or run work. */
static int state_command(const char *name)
{
    static const char *const ok[] = {"detector", "engine", "preset", "stat",
                                     "format",   "set",    "reset",  NULL};
    for (size_t i = 0; ok[i]; i++)
        if (strcmp(name, ok[i]) == 0)
            return 1;
    return 0;
}

/* Runs one state-file line on the copy; every command must be a state
 * command. */
static int state_line(app_state *copy, const char *line, FILE *out, FILE *err)
{
    size_t buflen = strlen(line) + 1;
    char *buf = app_xmalloc(buflen);
    char *argv[MAX_WORDS + 1];
    const char *rest = line, *what;
    int result = APP_OK;
    while (rest && result == APP_OK) {
        int n = app_cmd_split(rest, buf, buflen, argv, MAX_WORDS, &rest, &what);
        if (n < 0) {
            app_cmd_error(copy, err, "%s", what);
            result = APP_USAGE;
        } else if (n > 0 && !state_command(argv[0])) {
            app_cmd_error(copy, err, "'%s' is not allowed in a state file", argv[0]);
            result = APP_ERR;
        } else if (n > 0) {
            argv[n] = NULL;
            result = app_cmd_run(copy, n, argv, out, err);
        }
    }
    free(buf);
    return result;
}

/* load FILE: the file is read into a copy of the state, which replaces the
 * current one only when every line worked (all or nothing). */
static int cmd_load(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    (void)argc;
    const char *name = argv[1];
    int fd, rs, result = APP_OK;
    char *line;
    size_t len;
    if (strcmp(name, "-") == 0) {
        app_cmd_error(st, err, "load: give a file name ('-' is for --batch)");
        return APP_USAGE;
    }
    cx_lines *r = open_lines(st, name, &fd, err);
    if (!r)
        return APP_ERR;
    rs = cx_lines_next(r, &line, &len);
    if (rs == CX_OK) {
        app_cmd_error(st, err, "%s: empty file, not a cevnsx state file", name);
        result = APP_ERR;
    } else if (rs != CX_CONTINUE || strcmp(line, STATE_MAGIC) != 0) {
        /* Exactly the magic line: "# cevnsx state 10" is another version. */
        app_cmd_error(st, err, "%s:1: not a cevnsx state file (the first line must be '%s')", name,
                      STATE_MAGIC);
        result = APP_ERR;
    }
    app_state copy;
    app_state_init_lazy(&copy, st->det_name, st->engine);
    copy.format = st->format;
    copy.plot_tier = st->plot_tier;
    while (result == APP_OK && (rs = cx_lines_next(r, &line, &len)) == CX_CONTINUE) {
        app_strlcpyf(copy.msg_prefix, sizeof copy.msg_prefix, "%s%s:%ld: ", st->msg_prefix, name,
                     cx_lines_number(r));
        result = state_line(&copy, line, out, err);
    }
    if (result == APP_OK && rs != CX_OK) {
        app_cmd_error(st, err, "%s:%ld: cannot read: %s", name, cx_lines_number(r),
                      read_problem(rs));
        result = APP_ERR;
    }
    close_lines(r, fd);
    if (result == APP_OK) {
        char msg[1024];
        if (app_state_ensure(&copy, msg, sizeof msg) != 0) {
            app_cmd_error(st, err, "%s: %s", name, msg);
            result = APP_ERR;
        }
    }
    if (result != APP_OK) {
        app_state_done(&copy);
        return result == APP_USAGE ? APP_ERR : result;
    }
    /* Apply at once: the copy's detector, model and settings become ours. */
    app_state_take(st, &copy);
    return APP_OK;
}

/* -------------------------------------------------------- help, quit ---- */

static int cmd_help(app_state *st, int argc, char **argv, FILE *out, FILE *err);

static int cmd_quit(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    (void)st;
    (void)argc;
    (void)argv;
    (void)out;
    (void)err;
    return APP_QUIT;
}

static int cmd_scan(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    return app_stats_scan(st, argc, argv, out, err);
}

static int cmd_contour(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    return app_stats_contour(st, argc, argv, out, err);
}

static int cmd_merge(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    return app_stats_merge(st, argc, argv, out, err);
}

static int cmd_fit(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    return app_stats_fit(st, argc, argv, out, err);
}

/* The commands only the explorer can run go to its handler (app_state.h). */
static int cmd_explorer(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    if (!st->ui_cmd) {
        app_cmd_error(st, err, "%s: only in the explorer (cevnsx --tui, then ':')", argv[0]);
        return APP_USAGE;
    }
    return st->ui_cmd(st, argc, argv, out, err);
}

static const char *const spectrum_words[] = {
    "--axis=energy", "--axis=time",  "--plot", "--plot=braille",
    "--plot=block",  "--plot=ascii", NULL};
static const char *const export_words[] = {"spectrum", "scan", "contour", NULL};
static const char *const view_words[] = {"both", "spectrum", "dchi2", "contour", NULL};

#define K_(...)                                                                                    \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }

/* The one command table: batch mode, -e, --batch, the REPL and the explorer's
 * ':' line all run these rows after the one lexer (app_cmd_split). The man
 * page describes every entry (check-man.sh). */
static const cmd_def commands[] = {
    {"set", "NAME VALUE | NAME=VALUE ...",
     "set parameters (see 'list params'); a bad value changes nothing", 1, -1, NEEDS_MODEL, cmd_set,
     K_(APP_ARG_PARAM, APP_ARG_VALUE), 2, NULL},
    {"reset", "[NAME ... | all]", "return parameters to the defaults of preset and detector", 0, -1,
     NEEDS_MODEL, cmd_reset, K_(APP_ARG_PARAM), 1, NULL},
    {"detector", "[NAME | FILE]", "switch to a detector by name or file (none: show it)", 0, 1, 0,
     cmd_detector, K_(APP_ARG_DETECTOR), 0, NULL},
    {"preset", "[NAME]", "apply a preset: every parameter to its defaults (none: show it)", 0, 1,
     NEEDS_MODEL, cmd_preset, K_(APP_ARG_PRESET), 0, NULL},
    {"stat", "[NAME | default]", "choose the chi-squared model of scan and contour", 0, 1, 0,
     cmd_stat, K_(APP_ARG_STAT), 0, NULL},
    {"engine", "[fast | reference]", "fast kernels, or slow adaptive quadrature to check them", 0,
     1, 0, cmd_engine, K_(APP_ARG_WORD), 0, engine_words},
    {"format", "[text | csv | json]", "output format of the commands", 0, 1, 0, cmd_format,
     K_(APP_ARG_WORD), 0, format_words},
    {"events", "", "expected events: total, per flux component, per isotope", 0, 0, NEEDS_MODEL,
     cmd_events, K_(APP_ARG_NONE), 0, NULL},
    {"spectrum", "[--axis energy|time] [--plot[=braille|block|ascii]]",
     "events per bin on the detector's axis (keVnr, keVee or PE) or, with --axis time, per "
     "arrival-time bin; and the Standard Model's",
     0, 3, NEEDS_MODEL, cmd_spectrum, K_(APP_ARG_WORD), 1, spectrum_words},
    {"list", "detectors | params | presets | stats | commands", "list what can be chosen", 1, 1, 0,
     cmd_list, K_(APP_ARG_WORD), 0, list_words},
    {"show", "", "detector, preset, engine and the parameters changed from their defaults", 0, 0,
     NEEDS_MODEL, cmd_show, K_(APP_ARG_NONE), 0, NULL},
    {"scan", "PARAM [OPTIONS]", "delta chi-squared along one parameter, with the CL interval", 0,
     -1, NEEDS_MODEL, cmd_scan, K_(APP_ARG_PARAM), 1, NULL},
    {"contour", "PARAM1 PARAM2 [OPTIONS]", "delta chi-squared over two parameters (CL regions)", 0,
     -1, NEEDS_MODEL, cmd_contour, K_(APP_ARG_PARAM), 1, NULL},
    {"fit", "[--free P1,P2,...] [OPTIONS]",
     "best fit of the free parameters (default: the CEvNS events) with the Poisson likelihood, "
     "1-sigma intervals and pulls",
     0, -1, NEEDS_MODEL, cmd_fit, K_(APP_ARG_NONE), 0, NULL},
    {"merge", "FILE...", "combine the partial results of scan/contour --fc --shard K/N", 1, -1,
     NEEDS_MODEL, cmd_merge, K_(APP_ARG_FILE), 1, NULL},
    {"save", "FILE", "write the state as a command script that 'load' reads", 1, 1, NEEDS_MODEL,
     cmd_save, K_(APP_ARG_FILE), 0, NULL},
    {"load", "FILE", "restore a state written by 'save'", 1, 1, 0, cmd_load, K_(APP_ARG_FILE), 0,
     NULL},
    {"help", "[COMMAND]", "list the commands, or explain one", 0, 1, 0, cmd_help,
     K_(APP_ARG_COMMAND), 0, NULL},
    {"quit", "", "leave cevnsx", 0, 0, 0, cmd_quit, K_(APP_ARG_NONE), 0, NULL},
    /* The explorer's own rows (its ':' line; refused elsewhere). */
    {"snapshot", "FILE", "explorer: write the screen as text", 1, 1, EXPLORER, cmd_explorer,
     K_(APP_ARG_FILE), 0, NULL},
    {"export", "spectrum | scan | contour FILE",
     "explorer: the spectrum, dchi2 curve or contour shown, as CSV", 2, 2, EXPLORER, cmd_explorer,
     K_(APP_ARG_WORD, APP_ARG_FILE), 0, export_words},
    {"view", "both | spectrum | dchi2 | contour P1 P2",
     "explorer: the plots shown (contour: the 90% CL region of P1 and P2)", 1, 3, EXPLORER,
     cmd_explorer, K_(APP_ARG_WORD, APP_ARG_PARAM, APP_ARG_PARAM), 0, view_words},
    {"select", "PARAM", "explorer: select a parameter's slider (and its dchi2 curve)", 1, 1,
     EXPLORER, cmd_explorer, K_(APP_ARG_PARAM), 0, NULL},
    {"demo", "NAME", "explorer: start a guided tour (sm, sin2w, nsi, sterile, magnetic)", 1, 1,
     EXPLORER, cmd_explorer, K_(APP_ARG_DEMO), 0, NULL},
    {"keys", "", "explorer: the key bindings", 0, 0, EXPLORER, cmd_explorer, K_(APP_ARG_NONE), 0,
     NULL},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const cmd_def *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

const char *const *app_cmd_names(void)
{
    static const char *names[N_COMMANDS + 1];
    for (size_t i = 0; i < N_COMMANDS; i++)
        names[i] = commands[i].name;
    names[N_COMMANDS] = NULL;
    return names;
}

const char *app_cmd_help(const char *name)
{
    const cmd_def *c = name ? find_command(name) : NULL;
    return c ? c->help : NULL;
}

const char *app_cmd_args(const char *name)
{
    const cmd_def *c = name ? find_command(name) : NULL;
    return c ? c->args : NULL;
}

app_arg_kind app_cmd_arg_kind(const char *name, int word, const char *const **words)
{
    const cmd_def *c = name ? find_command(name) : NULL;
    if (words)
        *words = NULL;
    if (!c || word < 1)
        return APP_ARG_NONE;
    int n = 0;
    while (n < MAX_KINDS && c->kind[n] != APP_ARG_NONE)
        n++;
    int i = word - 1;
    if (i >= n) {
        if (c->repeat <= 0 || c->repeat > n)
            return APP_ARG_NONE;
        i = n - c->repeat + (i - n) % c->repeat;
    }
    if (words && c->kind[i] == APP_ARG_WORD)
        *words = c->words;
    return c->kind[i];
}

int app_cmd_explorer_only(const char *name)
{
    const cmd_def *c = name ? find_command(name) : NULL;
    return c && (c->flags & EXPLORER);
}

static void unknown_command(const app_state *st, const char *name, FILE *err)
{
    char sugg[256];
    app_suggest(name, app_cmd_names(), N_COMMANDS, sugg, sizeof sugg);
    app_cmd_error(st, err, "unknown command '%s'%s", name, sugg[0] ? sugg : " (try 'help')");
}

static int cmd_help(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    if (argc == 1) {
        fputs("commands (separate several with ';'):\n", out);
        for (size_t i = 0; i < N_COMMANDS; i++) {
            char syn[128];
            app_strlcpyf(syn, sizeof syn, "%s %s", commands[i].name, commands[i].args);
            if (strlen(syn) > 30)
                fprintf(out, "  %s\n  %-30s %s\n", syn, "", commands[i].help);
            else
                fprintf(out, "  %-30s %s\n", syn, commands[i].help);
        }
        return APP_OK;
    }
    const cmd_def *c = find_command(argv[1]);
    if (!c) {
        unknown_command(st, argv[1], err);
        return APP_USAGE;
    }
    fprintf(out, "usage: %s%s%s\n  %s\n", c->name, c->args[0] ? " " : "", c->args, c->help);
    int stats;
    const char *more = app_cmd_long_help(c->name, &stats);
    if (more || stats)
        fprintf(out, "\n%s%s", more ? more : "", stats ? app_cmd_stats_options_help() : "");
    return APP_OK;
}

/* ------------------------------------------------------------- dispatch ---- */

int app_cmd_run(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    if (argc < 1)
        return APP_OK;
    const cmd_def *c = find_command(argv[0]);
    if (!c) {
        unknown_command(st, argv[0], err);
        return APP_USAGE;
    }
    int nargs = argc - 1;
    if (nargs < c->min_args || (c->max_args >= 0 && nargs > c->max_args)) {
        app_cmd_error(st, err, "usage: %s%s%s", c->name, c->args[0] ? " " : "", c->args);
        return APP_USAGE;
    }
    if ((c->flags & NEEDS_MODEL) && need_model(st, err) != APP_OK)
        return APP_ERR;
    int r = c->fn(st, argc, argv, out, err);
    fflush(out);
    return r;
}

int app_cmd_split(const char *line, char *buf, size_t buflen, char **argv, int max,
                  const char **rest, const char **what)
{
    const char *p = line;
    size_t o = 0;
    int n = 0;
    *rest = NULL;
    *what = NULL;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0' || *p == '#')
            return n;
        if (*p == ';') {
            *rest = p + 1;
            return n;
        }
        if (n >= max) {
            *what = "too many words";
            return -1;
        }
        argv[n++] = buf + o;
        /* One word: quoted and unquoted pieces until a blank or ';'. */
        while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != ';') {
            if (o + 1 >= buflen) {
                *what = "line too long";
                return -1;
            }
            if (*p == '\'') {
                const char *q = strchr(p + 1, '\'');
                if (!q) {
                    *what = "unterminated ' quote";
                    return -1;
                }
                size_t len = (size_t)(q - p - 1);
                if (o + len + 1 >= buflen) {
                    *what = "line too long";
                    return -1;
                }
                memcpy(buf + o, p + 1, len);
                o += len;
                p = q + 1;
            } else if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
                        p++;
                    if (o + 1 >= buflen) {
                        *what = "line too long";
                        return -1;
                    }
                    buf[o++] = *p++;
                }
                if (*p != '"') {
                    *what = "unterminated \" quote";
                    return -1;
                }
                p++;
            } else if (*p == '\\' && p[1]) {
                buf[o++] = p[1];
                p += 2;
            } else {
                buf[o++] = *p++;
            }
        }
        buf[o++] = '\0';
    }
}

int app_cmd_exec(app_state *st, const char *line, FILE *out, FILE *err)
{
    size_t buflen = strlen(line) + 1;
    char *buf = app_xmalloc(buflen);
    char *argv[MAX_WORDS + 1];
    const char *rest = line, *what;
    int result = APP_OK;
    while (rest) {
        const char *cur = rest;
        if (app_cancel_pending()) {
            /* Ctrl-C during an earlier command also stops the rest of the line. */
            result = APP_INTERRUPTED;
            break;
        }
        int n = app_cmd_split(cur, buf, buflen, argv, MAX_WORDS, &rest, &what);
        if (n < 0) {
            app_cmd_error(st, err, "%s", what);
            result = APP_USAGE;
            break;
        }
        argv[n] = NULL;
        if (n == 0)
            continue;
        result = app_cmd_run(st, n, argv, out, err);
        if (result != APP_OK)
            break;
    }
    free(buf);
    return result;
}
