/* tui_keep.c - what the explorer keeps: parameter changes across a detector
 * switch, the undo/redo history of parameter changes, and the session written
 * at quit (a state file, app_cmd_write_state()) that `cevnsx --resume` and the
 * `r` key restore.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_util.h"
#include "tui/tui_ctx.h"
#include "tui/tui_cmdline.h"
#include "tui/tui_command.h"
#include "tui/tui_keep.h"
#include "tui/tui_panel.h"

/* Steps of one parameter closer together than this are one undo entry, so
 * that holding Right for a second is undone with one `u` (our choice). */
#define KEEP_COALESCE_MS 1000.0

static void snap_take(const tui_ctx *c, tui_keep_snap *s)
{
    const cx_model *m = c->st->model;
    int n = m ? cx_model_n_params(m) : 0;
    if (n > TUI_MAX_ROWS)
        n = TUI_MAX_ROWS;
    s->n = n;
    for (int i = 0; i < n; i++)
        s->v[i] = cx_model_get_param(m, i);
    const char *p = m ? cx_model_preset(m) : NULL;
    snprintf(s->preset, sizeof s->preset, "%s", p ? p : "");
}

/* Number of parameters that differ; *which is the last one. */
static int snap_diff(const tui_keep_snap *a, const tui_keep_snap *b, int *which)
{
    int d = 0;
    *which = -1;
    if (a->n != b->n || strcmp(a->preset, b->preset) != 0)
        return a->n > b->n ? a->n : b->n;
    for (int i = 0; i < a->n; i++)
        if (a->v[i] != b->v[i] && !(isnan(a->v[i]) && isnan(b->v[i]))) {
            d++;
            *which = i;
        }
    return d;
}

/* Applies a snapshot to the model: the preset first, then the universal
 * magnetic moment (it sets both flavours), then every other value. */
static void snap_apply(tui_ctx *c, const tui_keep_snap *s)
{
    cx_model *m = c->st->model;
    if (!m || s->n != cx_model_n_params(m))
        return;
    const char *p = cx_model_preset(m);
    if (s->preset[0] && (!p || strcmp(p, s->preset) != 0))
        cx_model_apply_preset(m, s->preset);
    if (CX_P_MU_NU < s->n)
        cx_model_set_param(m, CX_P_MU_NU, s->v[CX_P_MU_NU]);
    for (int i = 0; i < s->n; i++)
        if (i != CX_P_MU_NU && cx_model_get_param(m, i) != s->v[i])
            cx_model_set_param(m, i, s->v[i]);
}

void tui_keep_reset(tui_ctx *c)
{
    c->keep.n_undo = c->keep.n_redo = 0;
    snap_take(c, &c->keep.last);
    c->keep.last_param = -1;
}

void tui_keep_track(tui_ctx *c)
{
    tui_keep *k = &c->keep;
    tui_keep_snap now;
    snap_take(c, &now);
    int which;
    int d = snap_diff(&k->last, &now, &which);
    if (d == 0)
        return;
    double t = tui_term_now_ms();
    int coalesce =
        d == 1 && which == k->last_param && k->n_undo > 0 && t - k->last_ms < KEEP_COALESCE_MS;
    if (!coalesce) {
        if (k->n_undo == TUI_UNDO_MAX) {
            memmove(&k->undo[0], &k->undo[1], sizeof k->undo[0] * (TUI_UNDO_MAX - 1));
            k->n_undo--;
        }
        k->undo[k->n_undo++] = k->last;
    }
    k->n_redo = 0;
    k->last = now;
    k->last_param = d == 1 ? which : -1;
    k->last_ms = t;
}

/* "sin2w 0.28 -> 0.2312" for the first change, "+ N more" for the rest. */
static void describe_change(const tui_ctx *c, const tui_keep_snap *from, const tui_keep_snap *to,
                            char *buf, size_t n)
{
    int count = 0, first = -1;
    for (int i = 0; i < from->n && i < to->n; i++)
        if (from->v[i] != to->v[i]) {
            if (first < 0)
                first = i;
            count++;
        }
    if (first < 0) {
        snprintf(buf, n, "preset %s", to->preset);
        return;
    }
    const cx_param_info *in = cx_model_param_info(c->st->model, first);
    char a[64], b[64];
    tui_format_value(in, from->v[first], 0, c->caps.utf8, a, sizeof a);
    tui_format_value(in, to->v[first], 0, c->caps.utf8, b, sizeof b);
    if (count > 1)
        snprintf(buf, n, "%s %s -> %s and %d more", in->name, a, b, count - 1);
    else
        snprintf(buf, n, "%s %s -> %s", in->name, a, b);
}

unsigned tui_keep_undo(tui_ctx *c, int redo)
{
    tui_keep *k = &c->keep;
    tui_keep_track(c); /* a change not yet seen becomes undoable first */
    int *nfrom = redo ? &k->n_redo : &k->n_undo;
    int *nto = redo ? &k->n_undo : &k->n_redo;
    tui_keep_snap *from = redo ? k->redo : k->undo;
    tui_keep_snap *to = redo ? k->undo : k->redo;
    if (*nfrom == 0) {
        tui_message(c, 0, redo ? "nothing to redo" : "nothing to undo (history of %d changes)",
                    TUI_UNDO_MAX);
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    if (*nto == TUI_UNDO_MAX) {
        memmove(&to[0], &to[1], sizeof to[0] * (TUI_UNDO_MAX - 1));
        (*nto)--;
    }
    to[(*nto)++] = k->last;
    tui_keep_snap s = from[--(*nfrom)];
    char what[256];
    describe_change(c, &k->last, &s, what, sizeof what);
    snap_apply(c, &s);
    snap_take(c, &k->last);
    k->last_param = -1;
    tui_message(c, 0, "%s: %s (%d more %s)", redo ? "redone" : "undone", what, *nfrom,
                redo ? "to redo" : "to undo");
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

/* ------------------------------------------------------ detector switch -- */

void tui_keep_carry_begin(tui_ctx *c, tui_keep_carry *k)
{
    const cx_model *m = c->st->model;
    memset(k, 0, sizeof *k);
    k->det = c->st->det;
    if (!m)
        return;
    snprintf(k->preset, sizeof k->preset, "%s", cx_model_preset(m) ? cx_model_preset(m) : "");
    int n = cx_model_n_params(m);
    for (int i = 0; i < n && k->n < TUI_MAX_ROWS; i++) {
        double v = cx_model_get_param(m, i);
        if (v == cx_model_default_param(m, i))
            continue;
        const cx_param_info *in = cx_model_param_info(m, i);
        if (!in)
            continue;
        snprintf(k->name[k->n], sizeof k->name[0], "%s", in->name);
        k->v[k->n++] = v;
    }
}

/* After `detector NAME` built a new model: the old preset and every changed
 * parameter the new detector has come back; the others are named. */
void tui_keep_carry_end(tui_ctx *c, const tui_keep_carry *k)
{
    cx_model *m = c->st->model;
    if (!m || c->st->det == k->det)
        return;
    const char *np = cx_model_preset(m);
    char def[64];
    snprintf(def, sizeof def, "%s", np ? np : "");
    if (k->preset[0] && strcmp(def, k->preset) != 0)
        cx_model_apply_preset(m, k->preset);
    char dropped[256] = "", keptn[256] = "";
    int nd = 0, kept = 0;
    /* the universal moment first: it sets both flavours */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < k->n; i++) {
            int is_mu = strcmp(k->name[i], "mu_nu") == 0;
            if (is_mu != (pass == 0))
                continue;
            int id = cx_model_param_lookup(m, k->name[i]);
            if (id < 0 || cx_model_set_param(m, id, k->v[i]) != CX_OK) {
                size_t l = strlen(dropped);
                snprintf(dropped + l, sizeof dropped - l, "%s%s", nd ? ", " : "", k->name[i]);
                nd++;
            } else {
                size_t l = strlen(keptn);
                snprintf(keptn + l, sizeof keptn - l, "%s%s", kept ? ", " : "", k->name[i]);
                kept++;
            }
        }

    const char *id = cx_detector_id(c->st->det);
    char pre[256] = "";
    if (strcmp(def, k->preset) != 0)
        snprintf(pre, sizeof pre, "; preset %s kept (p: %s's is %s)", k->preset, id, def);
    if (nd)
        tui_message(c, 0, "%s has no %s: dropped; kept %s%s", id, dropped, kept ? keptn : "nothing",
                    pre);
    else if (kept || pre[0])
        tui_message(c, 0, "%s: %s%s%s", id, kept ? "kept " : "", kept ? keptn : "",
                    kept ? pre : pre + 2);
}

/* -------------------------------------------------------------- session -- */

const char *tui_keep_session_path(void)
{
    static char path[4096];
    const char *h = tui_cmdline_history_path(); /* creates the directory */
    if (!h)
        return NULL;
    const char *slash = strrchr(h, '/');
    if (!slash || app_strlcpyf(path, sizeof path, "%.*s/session", (int)(slash - h), h))
        return NULL;
    return path;
}

int tui_keep_session_save(tui_ctx *c, char *err, size_t errlen)
{
    const char *path = tui_keep_session_path();
    if (!path) {
        app_strlcpyf(err, errlen, "no state directory (set XDG_STATE_HOME or HOME)");
        return 1;
    }
    if (!c->st->model)
        return 0;
    app_afile a;
    if (app_afile_open(&a, path, err, errlen) != 0)
        return 1;
    app_cmd_write_state(c->st, a.fp);
    return app_afile_commit(&a, err, errlen);
}

unsigned tui_keep_resume(tui_ctx *c)
{
    const char *path = tui_keep_session_path();
    struct stat sb;
    if (!path || stat(path, &sb) != 0) {
        tui_message(c, 1, "no session kept yet (%s is written at quit)",
                    path ? path : "$XDG_STATE_HOME/cevnsx/session");
        return TUI_R_HANDLED | TUI_R_REDRAW;
    }
    char cmd[8300] = "load '";
    size_t l = strlen(cmd);
    for (const char *q = path; *q && l + 6 < sizeof cmd; q++) {
        if (*q == '\'') {
            memcpy(cmd + l, "'\\''", 4);
            l += 4;
        } else {
            cmd[l++] = *q;
        }
    }
    cmd[l++] = '\'';
    cmd[l] = '\0';
    if (tui_action_exec(c, cmd) == APP_OK)
        tui_message(c, 0, "session restored from %s", path);
    return TUI_R_HANDLED | TUI_R_REDRAW | TUI_R_RELAYOUT;
}
