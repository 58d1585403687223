/* test_app.c - unit tests of the front end's helpers: suggestions, the word
 * splitter of the command language, value formatting, JSON/CSV quoting, and
 * the interpreter on an unloaded state (no data files needed).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_cmd.h"
#include "app/app_output.h"
#include "app/app_state.h"
#include "app/app_util.h"
#include "tap.h"

/* Captures what fn writes to a stream. */
static char capture_buf[4096];
static FILE *capture_open(void)
{
    FILE *f = tmpfile();
    if (!f) {
        perror("tmpfile");
        exit(99);
    }
    return f;
}
static const char *capture_close(FILE *f)
{
    size_t n;
    rewind(f);
    n = fread(capture_buf, 1, sizeof capture_buf - 1, f);
    capture_buf[n] = '\0';
    fclose(f);
    return capture_buf;
}

static void test_edit_distance(void)
{
    /* Textbook values: kitten/sitting 3; a transposition counts once. */
    tap_ok(app_edit_distance("kitten", "sitting") == 3, "distance kitten/sitting = 3");
    tap_ok(app_edit_distance("sin2w", "sinw2") == 1, "an adjacent transposition costs 1");
    tap_ok(app_edit_distance("", "abc") == 3, "distance from the empty word = length");
    tap_ok(app_edit_distance("ge", "ge") == 0, "distance to itself = 0");
}

static void test_suggest(void)
{
    const char *names[] = {"sin2w", "eps_ee_u", "eps_ee_d", "mass_kg", NULL, "dm2"};
    char buf[256];
    app_suggest("sin2", names, 6, buf, sizeof buf);
    tap_ok(strcmp(buf, " (did you mean 'sin2w'?)") == 0, "prefix suggestion: '%s'", buf);
    app_suggest("eps_ee", names, 6, buf, sizeof buf);
    tap_ok(strcmp(buf, " (did you mean 'eps_ee_u' or 'eps_ee_d'?)") == 0, "two equally close: '%s'",
           buf);
    app_suggest("mass_gk", names, 6, buf, sizeof buf);
    tap_ok(strcmp(buf, " (did you mean 'mass_kg'?)") == 0, "transposed letters: '%s'", buf);
    app_suggest("x", names, 6, buf, sizeof buf);
    tap_ok(buf[0] == '\0', "no suggestion for an unrelated one-letter word: '%s'", buf);
    app_suggest("temperature", names, 6, buf, sizeof buf);
    tap_ok(buf[0] == '\0', "no suggestion for an unrelated word: '%s'", buf);
}

static void test_split(void)
{
    char buf[256], *argv[16];
    const char *rest, *what;
    int n = app_cmd_split("  set sin2w 0.24 ; events", buf, sizeof buf, argv, 16, &rest, &what);
    tap_ok(n == 3 && strcmp(argv[0], "set") == 0 && strcmp(argv[2], "0.24") == 0 && rest &&
               strcmp(rest, " events") == 0,
           "split stops at ';' (n = %d)", n);
    n = app_cmd_split("detector 'my dir/x.det' \"a\\\"b\" c\\ d", buf, sizeof buf, argv, 16, &rest,
                      &what);
    tap_ok(n == 4 && strcmp(argv[1], "my dir/x.det") == 0 && strcmp(argv[2], "a\"b") == 0 &&
               strcmp(argv[3], "c d") == 0 && rest == NULL,
           "quotes and backslashes (n = %d)", n);
    n = app_cmd_split("save 'it'\\''s' # a comment; events", buf, sizeof buf, argv, 16, &rest,
                      &what);
    tap_ok(n == 2 && strcmp(argv[1], "it's") == 0 && rest == NULL,
           "adjacent quoted pieces make one word; '#' comments out the rest (n = %d)", n);
    n = app_cmd_split("set a 'b", buf, sizeof buf, argv, 16, &rest, &what);
    tap_ok(n == -1 && what && strstr(what, "unterminated"), "unterminated quote is an error");
    n = app_cmd_split("a b c d e", buf, sizeof buf, argv, 3, &rest, &what);
    tap_ok(n == -1, "too many words is an error");
    n = app_cmd_split("   # only a comment", buf, sizeof buf, argv, 16, &rest, &what);
    tap_ok(n == 0, "a comment line has no words");
}

static void test_values(void)
{
    const cx_param_info *ff = cx_param_info_get(CX_P_FF_N);
    char buf[64];
    app_output_param_value(ff, 1, buf, sizeof buf);
    tap_ok(strcmp(buf, ff->labels[1]) == 0, "enum values are written as labels: %s", buf);
    /* Round trip of awkward doubles: what save writes, load reads back exactly. */
    const double v[] = {0.1, 1.0 / 3.0, 2e-10, 1.76e23, -5e-324, 0.23865, 6579.253145};
    int exact = 1;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        app_output_param_value(cx_param_info_get(CX_P_SIN2W), v[i], buf, sizeof buf);
        if (strtod(buf, NULL) != v[i]) {
            exact = 0;
            tap_diag("%.17g written as %s", v[i], buf);
        }
    }
    tap_ok(exact, "numbers written for save read back to the same double");
    app_output_param_value(cx_param_info_get(CX_P_SIN2W), 0.1, buf, sizeof buf);
    tap_ok(strcmp(buf, "0.1") == 0, "and as short as possible: 0.1 -> %s", buf);
}

static void test_quoting(void)
{
    FILE *f = capture_open();
    app_output_json_string(f, "a\"b\\c\nd\x01");
    tap_ok(strcmp(capture_close(f), "\"a\\\"b\\\\c\\nd\\u0001\"") == 0, "JSON string escapes: %s",
           capture_buf);
    f = capture_open();
    app_output_csv_field(f, "plain");
    fputc(' ', f);
    app_output_csv_field(f, "a,\"b\"");
    tap_ok(strcmp(capture_close(f), "plain \"a,\"\"b\"\"\"") == 0, "CSV quoting: %s", capture_buf);
    f = capture_open();
    app_output_json_number(f, 0.0 / 0.0);
    tap_ok(strcmp(capture_close(f), "null") == 0, "a NaN is JSON null");
}

static void test_interpreter(void)
{
    app_state st;
    FILE *out = capture_open(), *err;
    /* Commands that need no detector run on a state that loaded nothing. */
    app_state_init_lazy(&st, "no-such-detector", CX_ENGINE_FAST);
    int r = app_cmd_exec(&st, "format json; engine reference", out, stderr);
    capture_close(out);
    tap_ok(r == APP_OK && st.format == APP_FMT_JSON && st.engine == CX_ENGINE_REFERENCE &&
               st.model == NULL,
           "format and engine need no model (r = %d)", r);
    out = capture_open();
    r = app_cmd_exec(&st, "format text; quit; format csv", out, stderr);
    capture_close(out);
    tap_ok(r == APP_QUIT && st.format == APP_FMT_TEXT, "quit stops the line (r = %d)", r);
    err = capture_open();
    app_strlcpyf(st.msg_prefix, sizeof st.msg_prefix, "P: ");
    r = app_cmd_exec(&st, "format yaml; format csv", stdout, err);
    capture_close(err);
    tap_ok(r == APP_USAGE && st.format == APP_FMT_TEXT, "an error stops the line (r = %d)", r);
    tap_ok(strncmp(capture_buf, "P: unknown format 'yaml'", 24) == 0 &&
               strchr(capture_buf, '\n') == capture_buf + strlen(capture_buf) - 1,
           "one diagnostic line with the prefix: %s", capture_buf);
    for (const char *const *c = app_cmd_names(); *c; c++)
        if (!app_cmd_help(*c) || !app_cmd_args(*c))
            tap_ok(0, "command %s has help and a synopsis", *c);
    tap_ok(app_cmd_help("nonsense") == NULL, "no help for unknown commands");
    app_state_done(&st);
}

/* save and load: every parameter comes back bit for bit; a state file that
 * fails on a later line changes nothing (all or nothing). */
static void test_state_files(void)
{
    app_state st, back;
    char msg[1024], path[256], cmd[512];
    FILE *err = capture_open();
    snprintf(path, sizeof path, "%s/cevnsx-test-app-%ld.state",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
    int ok = app_state_init(&st, "csi2017", CX_ENGINE_FAST, msg, sizeof msg) == 0;
    tap_ok(ok, "csi2017 loads for the state tests (%s)", ok ? "ok" : msg);
    if (!ok) {
        capture_close(err);
        return;
    }
    /* A value other than the default for every parameter: a quarter of the
     * way into its range (labels: the last one), then mu_nu, which sets both
     * flavour moments, and one flavour moment back to 0. */
    int np = cx_model_n_params(st.model), bad = 0;
    for (int id = 0; id < np; id++) {
        const cx_param_info *in = cx_model_param_info(st.model, id);
        double v = in->scale == CX_SCALE_ENUM ? in->max : in->min + 0.25 * (in->max - in->min);
        if (cx_model_set_param(st.model, id, v) != CX_OK)
            bad++;
    }
    tap_ok(bad == 0, "every parameter takes a value a quarter into its range (%d refused)", bad);
    snprintf(cmd, sizeof cmd, "set mu_nu 1e-9; set mu_nu_e 0; save %s", path);
    int r = app_cmd_exec(&st, cmd, stdout, err);
    tap_ok(r == APP_OK, "save (r = %d)", r);
    app_state_init_lazy(&back, "csi", CX_ENGINE_FAST);
    snprintf(cmd, sizeof cmd, "load %s", path);
    r = app_cmd_exec(&back, cmd, stdout, err);
    int diff = 0;
    for (int id = 0; r == APP_OK && id < np; id++)
        if (cx_model_get_param(back.model, id) != cx_model_get_param(st.model, id)) {
            tap_diag("%s: %.17g came back as %.17g", cx_model_param_info(st.model, id)->name,
                     cx_model_get_param(st.model, id), cx_model_get_param(back.model, id));
            diff++;
        }
    tap_ok(r == APP_OK && diff == 0 && strcmp(back.det_name, "csi2017") == 0,
           "load gives back every one of %d parameters bit for bit (r = %d, %d differ)", np, r,
           diff);
    /* lines 2 and 3 good, line 4 bad: nothing of the file is applied */
    FILE *f = fopen(path, "w");
    tap_ok(f != NULL, "write a state file that fails on line 4");
    if (f) {
        fputs("# cevnsx state 1\ndetector ge\nset sin2w 0.3\nset eps_ee_u 9\n", f);
        fclose(f);
    }
    app_cmd_exec(&back, "set sin2w 0.25", stdout, err);
    r = app_cmd_exec(&back, cmd, stdout, err);
    int sid = cx_model_param_lookup(back.model, "sin2w");
    tap_ok(r == APP_ERR && cx_model_get_param(back.model, sid) == 0.25 &&
               strcmp(cx_detector_id(back.det), "csi2017") == 0,
           "a state file failing on line 4 changes nothing (r = %d, sin2w %g, detector %s)", r,
           cx_model_get_param(back.model, sid), cx_detector_id(back.det));
    remove(path);
    capture_close(err);
    app_state_done(&back);
    app_state_done(&st);
}

/* The explorer's rows of the one command table: its handler gets the words
 * after the one lexer (quotes, ';'), batch refuses them, and the argument
 * kinds say what each word is. */
static char ui_seen[512];
static int ui_calls;
static int fake_ui(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    (void)out;
    (void)err;
    tap_ok(st->ui == &ui_calls, "the handler gets its context");
    ui_calls++;
    for (int i = 0; i < argc; i++) {
        size_t len = strlen(ui_seen);
        snprintf(ui_seen + len, sizeof ui_seen - len, "[%s]", argv[i]);
    }
    return strcmp(argv[0], "keys") == 0 ? APP_ERR : APP_OK;
}

static void test_explorer_rows(void)
{
    app_state st;
    app_state_init_lazy(&st, "no-such-detector", CX_ENGINE_FAST);
    FILE *err = capture_open();
    int r = app_cmd_exec(&st, "snapshot a.txt", stdout, err);
    capture_close(err);
    tap_ok(r == APP_USAGE && strstr(capture_buf, "snapshot: only in the explorer"),
           "without the explorer, snapshot is refused (r = %d): %s", r, capture_buf);
    st.ui_cmd = fake_ui;
    st.ui = &ui_calls;
    r = app_cmd_exec(&st, "snapshot 'b c.txt'; format csv; export spectrum \"x;y.csv\"", stdout,
                     stderr);
    tap_ok(r == APP_OK && ui_calls == 2 && st.format == APP_FMT_CSV &&
               strcmp(ui_seen, "[snapshot][b c.txt][export][spectrum][x;y.csv]") == 0,
           "quoted words and ';' reach the explorer's handler: %s", ui_seen);
    ui_seen[0] = '\0';
    r = app_cmd_exec(&st, "format text; keys; format json", stdout, stderr);
    tap_ok(r == APP_ERR && st.format == APP_FMT_TEXT && strcmp(ui_seen, "[keys]") == 0,
           "the handler's failure stops the line with its status (r = %d)", r);
    err = capture_open();
    r = app_cmd_exec(&st, "snapshot", stdout, err);
    capture_close(err);
    tap_ok(r == APP_USAGE && ui_calls == 3 && strstr(capture_buf, "usage: snapshot FILE"),
           "the table checks the argument count first (r = %d): %s", r, capture_buf);
    tap_ok(app_cmd_explorer_only("snapshot") && app_cmd_explorer_only("view") &&
               !app_cmd_explorer_only("set") && !app_cmd_explorer_only("nonsense"),
           "explorer-only rows are marked");

    const char *const *w;
    tap_ok(app_cmd_arg_kind("set", 1, &w) == APP_ARG_PARAM && !w &&
               app_cmd_arg_kind("set", 2, NULL) == APP_ARG_VALUE &&
               app_cmd_arg_kind("set", 3, NULL) == APP_ARG_PARAM &&
               app_cmd_arg_kind("set", 6, NULL) == APP_ARG_VALUE,
           "set: NAME VALUE pairs");
    tap_ok(app_cmd_arg_kind("export", 1, &w) == APP_ARG_WORD && w &&
               strcmp(w[0], "spectrum") == 0 && app_cmd_arg_kind("export", 2, &w) == APP_ARG_FILE &&
               !w && app_cmd_arg_kind("export", 3, NULL) == APP_ARG_NONE,
           "export: a keyword, then a file, then nothing");
    tap_ok(app_cmd_arg_kind("view", 3, NULL) == APP_ARG_PARAM &&
               app_cmd_arg_kind("detector", 1, NULL) == APP_ARG_DETECTOR &&
               app_cmd_arg_kind("detector", 2, NULL) == APP_ARG_NONE &&
               app_cmd_arg_kind("help", 1, NULL) == APP_ARG_COMMAND &&
               app_cmd_arg_kind("reset", 5, NULL) == APP_ARG_PARAM &&
               app_cmd_arg_kind("nonsense", 1, NULL) == APP_ARG_NONE,
           "view, detector, help, reset, unknown");
    int n = 0;
    for (const char *const *c = app_cmd_names(); *c; c++)
        n += app_cmd_explorer_only(*c);
    tap_ok(n == 6, "six explorer rows in the one table (%d)", n);
    app_state_done(&st);
}

static void test_quote(void)
{
    char buf[64];
    char *argv[4];
    char sbuf[64];
    const char *rest, *what;
    const char *words[] = {"plain", "b c", "it's", "x;y#z", ""};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        int cut = app_cmd_quote(words[i], buf, sizeof buf);
        int n = app_cmd_split(buf, sbuf, sizeof sbuf, argv, 4, &rest, &what);
        tap_ok(cut == 0 && n == 1 && strcmp(argv[0], words[i]) == 0 && !rest,
               "app_cmd_quote: '%s' -> %s reads back as one word", words[i], buf);
    }
    tap_ok(app_cmd_quote("a b c d e f", buf, 4) == 1, "a too small buffer is reported");
}

int main(void)
{
    test_edit_distance();
    test_suggest();
    test_split();
    test_values();
    test_quoting();
    test_interpreter();
    test_state_files();
    test_explorer_rows();
    test_quote();
    return tap_done();
}
