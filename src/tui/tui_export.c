/* tui_export.c - the explorer's files: the screen as text (snapshot) and
 * what is shown through the batch writers of app_output.c (export), both
 * through the one atomic writer (app_io.h).
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
#include "tui/tui_export.h"

int tui_action_snapshot(tui_ctx *c, const char *path, char *err, size_t errlen)
{
    (void)c;
    app_afile out;
    if (app_afile_open(&out, path, err, errlen) != 0)
        return 1;
    FILE *f = out.fp;
    char *line = app_xmalloc((size_t)COLS * 8 + 2);
    for (int y = 0; y < LINES; y++) {
        size_t len = 0;
        for (int x = 0; x < COLS; x++) {
#ifdef HAVE_UNICODE
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a;
            short pair;
            if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &a, &pair, NULL) == ERR ||
                wch[0] == 0) {
                line[len++] = ' ';
                continue;
            }
            /* the right half of a double-width character has no text */
            mbstate_t ps;
            memset(&ps, 0, sizeof ps);
            char mb[16];
            size_t k = wcrtomb(mb, wch[0], &ps);
            if (k == (size_t)-1) {
                line[len++] = '?';
                continue;
            }
            memcpy(line + len, mb, k);
            len += k;
#else
            chtype ch = mvinch(y, x);
            line[len++] = (char)(ch & A_CHARTEXT);
#endif
        }
        while (len > 0 && line[len - 1] == ' ')
            len--;
        line[len] = '\0';
        fprintf(f, "%s\n", line);
    }
    free(line);
    return app_afile_commit(&out, err, errlen);
}

int tui_export_file(tui_ctx *c, const char *what, const char *path, char *err, size_t errlen)
{
    const cx_model *m = c->st->model;
    if (strcmp(what, "spectrum") && strcmp(what, "scan") && strcmp(what, "contour")) {
        snprintf(err, errlen, "export: unknown '%.60s' (spectrum, scan or contour)", what);
        return 1;
    }
    if (strcmp(what, "scan") == 0 && (!c->curve.done || c->curve.param < 0)) {
        snprintf(err, errlen, "export scan: no finished dchi2 curve on screen");
        return 1;
    }
    if (strcmp(what, "contour") == 0 && (!c->contour.active || !c->contour.done)) {
        snprintf(err, errlen, "export contour: no finished contour on screen (press c)");
        return 1;
    }
    app_afile a;
    if (app_afile_open(&a, path, err, errlen) != 0)
        return 1;
    FILE *f = a.fp;
    if (strcmp(what, "spectrum") == 0) {
        /* the batch writer of `spectrum` (or `spectrum --axis time` when the
         * time projection is shown): CSV, or JSON for a FILE.json */
        app_state *st = c->st;
        app_format saved = st->format;
        size_t len = strlen(path);
        char msg[512];
        st->format = len > 5 && strcmp(path + len - 5, ".json") == 0 ? APP_FMT_JSON : APP_FMT_CSV;
        if (app_state_update(st, msg, sizeof msg) != 0) {
            st->format = saved;
            app_afile_abort(&a);
            snprintf(err, errlen, "export spectrum: %.400s", msg);
            return 1;
        }
        app_output_new_stream(st, f);
        if (c->spec_time && cx_model_time_edges(m))
            app_output_time_spectrum(st, f);
        else
            app_output_spectrum(st, f, 0);
        app_output_new_stream(st, f);
        st->format = saved;
    } else if (strcmp(what, "scan") == 0) {
        /* the batch writers of `scan -f csv` and `contour -f csv` */
        const cx_param_info *in = cx_model_param_info(m, c->curve.param);
        app_output_new_stream(c->st, f);
        app_output_scan_csv(c->st, f, in ? in->name : "x", (size_t)c->curve.n, c->curve.x,
                            c->curve.chi2, c->curve.min_chi2, 0, NULL, NULL, 0);
        app_output_new_stream(c->st, f);
    } else {
        app_output_new_stream(c->st, f);
        app_output_contour_csv(c->st, f, &c->contour.res);
        app_output_new_stream(c->st, f);
    }
    return app_afile_commit(&a, err, errlen);
}
