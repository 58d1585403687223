/* tui_command.c - the explorer's command line: every line through the one
 * interpreter (app_cmd_exec), and the handler of the command-table rows only
 * the explorer runs (snapshot, export, view, select, demo, keys).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_output.h"
#include "app/app_util.h"
#include "tui/tui_ctx.h"
#include "tui/tui_action.h"
#include "tui/tui_command.h"
#include "tui/tui_demo.h"
#include "tui/tui_detlist.h"
#include "tui/tui_export.h"
#include "tui/tui_jobs.h"
#include "tui/tui_keep.h"
#include "tui/tui_layout.h"
#include "tui/tui_panel.h"
#include "tui/tui_sliders.h"

/* After a command: rebuild what depends on the detector, or refresh. */
static void after_command(tui_ctx *c)
{
    if (c->st->det != c->last_det) {
        c->last_det = c->st->det;
        tui_sliders_rebuild(c);
        tui_jobs_rebuild(c);
        tui_detlist_reload(c);
        tui_keep_reset(c);
    } else {
        tui_jobs_rechi2(c);
    }
    tui_jobs_update(c);
}

/* Shows captured output: one line on the message row, more in a pop-up. */
static void show_output(tui_ctx *c, const char *title, const char *out, const char *err)
{
    size_t lo = strlen(out), le = strlen(err);
    int lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    for (const char *p = err; *p; p++)
        lines += *p == '\n';
    if (lo + le == 0)
        return;
    if (lines <= 1) {
        tui_message(c, le > 0, "%s", le ? err : out);
        return;
    }
    size_t n = lo + le + 2;
    char *all = app_xmalloc(n);
    snprintf(all, n, "%s%s", err, out);
    tui_popup_text(c, title, all);
    free(all);
    if (le)
        tui_message(c, 1, "%s", err);
}

/* The rows of the command table only the explorer runs (app_cmd.c calls this
 * through st->ui_cmd after its lexer and argument-count check): results to
 * out, one-line diagnostics through app_cmd_error(). */
int tui_action_command(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    tui_ctx *c = st->ui;
    char msg[512] = "";
    const char *w = argv[0];
    if (strcmp(w, "snapshot") == 0) {
        if (tui_action_snapshot(c, argv[1], msg, sizeof msg)) {
            app_cmd_error(st, err, "%s", msg);
            return APP_ERR;
        }
        fprintf(out, "screen written to %s\n", argv[1]);
        return APP_OK;
    }
    if (strcmp(w, "export") == 0) {
        if (tui_export_file(c, argv[1], argv[2], msg, sizeof msg)) {
            app_cmd_error(st, err, "%s", msg);
            return APP_ERR;
        }
        fprintf(out, "%s written to %s\n", argv[1], argv[2]);
        return APP_OK;
    }
    if (strcmp(w, "select") == 0) {
        int id = cx_model_param_lookup(st->model, argv[1]);
        if (id < 0 || !tui_sliders_select(c, id)) {
            app_cmd_error(st, err, "select: unknown parameter '%s'", argv[1]);
            return APP_ERR;
        }
        c->contour.active = 0;
        tui_jobs_update(c);
        return APP_OK;
    }
    if (strcmp(w, "view") == 0) {
        c->zoom = 0;
        if (argc == 2 && strcmp(argv[1], "both") == 0)
            c->plot_view = 0;
        else if (argc == 2 && strcmp(argv[1], "spectrum") == 0)
            c->plot_view = 1, c->small_panel = TUI_P_SPECTRUM;
        else if (argc == 2 && strcmp(argv[1], "dchi2") == 0)
            c->plot_view = 2, c->small_panel = TUI_P_DCHI2, c->contour.active = 0;
        else if (argc == 4 && strcmp(argv[1], "contour") == 0) {
            int a = cx_model_param_lookup(st->model, argv[2]);
            int b = cx_model_param_lookup(st->model, argv[3]);
            if (a < 0 || b < 0 || a == b) {
                app_cmd_error(st, err, "view contour: need two different parameters");
                return APP_ERR;
            }
            tui_sliders_select(c, a);
            tui_jobs_update(c);
            tui_jobs_contour_start(c, a, b);
            if (c->plot_view == 1)
                c->plot_view = 0;
            c->small_panel = TUI_P_DCHI2;
        } else {
            app_cmd_error(st, err, "usage: view both|spectrum|dchi2|contour P1 P2");
            return APP_USAGE;
        }
        tui_layout_compute(c);
        return APP_OK;
    }
    if (strcmp(w, "demo") == 0) {
        if (tui_demo_load(c, argv[1], msg, sizeof msg)) {
            app_cmd_error(st, err, "%s", msg);
            return APP_ERR;
        }
        tui_layout_compute(c);
        return APP_OK;
    }
    if (strcmp(w, "keys") == 0) {
        char *t = tui_action_help_text();
        tui_popup_text(c, "cevnsx help", t);
        free(t);
        return APP_OK;
    }
    app_cmd_error(st, err, "%s: not an explorer command", w);
    return APP_USAGE;
}

/* Runs a command line (the ':' line, a menu choice, a demo step) through the
 * one interpreter; its output goes to a pop-up or the message row. */
int tui_action_exec(tui_ctx *c, const char *line)
{
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&obuf, &olen);
    FILE *errf = open_memstream(&ebuf, &elen);
    if (!out || !errf)
        app_die("out of memory");
    app_output_new_stream(c->st, out); /* a CSV result gets its header */
    char w[2][512] = {{0}};
    int nw = sscanf(line, " %511s %511s", w[0], w[1]);
    /* `detector NAME` keeps the preset and the changed parameters */
    int is_det = nw == 2 && strcmp(w[0], "detector") == 0 && !strchr(line, ';');
    static tui_keep_carry carry;
    if (is_det)
        tui_keep_carry_begin(c, &carry);
    int rc = app_cmd_exec(c->st, line, out, errf);
    fclose(out);
    fclose(errf);
    show_output(c, line, obuf ? obuf : "", ebuf ? ebuf : "");
    free(obuf);
    free(ebuf);
    if (is_det && rc == APP_OK)
        tui_keep_carry_end(c, &carry);
    if (rc == APP_OK && nw == 2 && strcmp(w[0], "save") == 0 && !strchr(line, ';'))
        tui_message(c, 0, "state written to %s ('load %s' restores it)", w[1], w[1]);
    after_command(c);
    if (rc == APP_QUIT)
        c->quit = 1;
    return rc;
}
