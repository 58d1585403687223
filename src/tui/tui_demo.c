/* tui_demo.c - scripted classroom tours (data/demos/NAME.demo): steps of a
 * caption and commands for the interpreter, played on key presses.
 *
 * Format (one directive per line):
 *   cevnsx-demo 1        magic first line with the format version
 *   # ...                comment
 *   step TITLE           starts a step
 *   | TEXT               a caption line of the current step (wrapped on screen)
 *   > COMMAND            a command run when the step is shown (TUI commands
 *                        such as select and view, or any interpreter command)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "app/app_util.h"
#include "cevnsx/cx_text.h"
#include "tui/tui_ctx.h"
#include "tui/tui_command.h"
#include "tui/tui_demo.h"
#include "tui/tui_panel.h"

#define DEMO_MAX_STEPS 64
#define DEMO_MAX_CMDS 16
#define DEMO_LINE_MAX 1024 /* bytes per demo line */

typedef struct {
    char title[128];
    char text[1024];
    int ncmds;
    char *cmds[DEMO_MAX_CMDS];
} demo_step;

struct tui_demo {
    char name[64];
    int nsteps, cur;
    demo_step steps[DEMO_MAX_STEPS];
};

void tui_demo_free(tui_ctx *c)
{
    struct tui_demo *d = c->demo;
    if (!d)
        return;
    for (int i = 0; i < d->nsteps; i++)
        for (int k = 0; k < d->steps[i].ncmds; k++)
            free(d->steps[i].cmds[k]);
    free(d);
    c->demo = NULL;
}

static void run_step(tui_ctx *c, int i)
{
    demo_step *s = &c->demo->steps[i];
    for (int k = 0; k < s->ncmds; k++)
        tui_action_exec(c, s->cmds[k]);
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

int tui_demo_load(tui_ctx *c, const char *name, char *err, size_t errlen)
{
    char path[4096];
    if (strchr(name, '/'))
        snprintf(path, sizeof path, "%s", name);
    else
        snprintf(path, sizeof path, "%s/demos/%s.demo", app_data_dir(), name);
    int fd, rs;
    char why[512];
    if (cx_text_open(path, &fd, why, sizeof why) != CX_OK) {
        snprintf(err, errlen, "demo '%s': %s (demos: sm, sin2w, nsi, sterile, magnetic, mediator)",
                 name, why);
        return 1;
    }
    cx_lines *r = cx_lines_alloc(fd, DEMO_LINE_MAX, &rs);
    if (!r)
        app_die("out of memory");
    struct tui_demo *d = calloc(1, sizeof *d);
    if (!d)
        app_die("out of memory");
    const char *base = strrchr(name, '/');
    snprintf(d->name, sizeof d->name, "%s", base ? base + 1 : name);
    char *line;
    size_t line_len;
    int lineno = 0, bad = 0;
    while ((rs = cx_lines_next(r, &line, &line_len)) == CX_CONTINUE) {
        lineno = (int)cx_lines_number(r);
        trim(line);
        if (lineno == 1) {
            if (strncmp(line, "cevnsx-demo 1", 13) != 0) {
                snprintf(err, errlen, "%s:1: not a cevnsx demo (want 'cevnsx-demo 1')", path);
                bad = 1;
                break;
            }
            continue;
        }
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (strncmp(line, "step", 4) == 0 && (line[4] == ' ' || line[4] == '\0')) {
            if (d->nsteps >= DEMO_MAX_STEPS) {
                snprintf(err, errlen, "%s:%d: too many steps", path, lineno);
                bad = 1;
                break;
            }
            demo_step *s = &d->steps[d->nsteps++];
            snprintf(s->title, sizeof s->title, "%.127s", line[4] ? line + 5 : "");
            continue;
        }
        if (d->nsteps == 0) {
            snprintf(err, errlen, "%s:%d: text before the first 'step'", path, lineno);
            bad = 1;
            break;
        }
        demo_step *s = &d->steps[d->nsteps - 1];
        if (line[0] == '|') {
            const char *t = line[1] == ' ' ? line + 2 : line + 1;
            size_t len = strlen(s->text);
            snprintf(s->text + len, sizeof s->text - len, "%s%s", len ? " " : "", t);
        } else if (line[0] == '>') {
            if (s->ncmds >= DEMO_MAX_CMDS) {
                snprintf(err, errlen, "%s:%d: too many commands in a step", path, lineno);
                bad = 1;
                break;
            }
            s->cmds[s->ncmds++] = app_xstrdup(line[1] == ' ' ? line + 2 : line + 1);
        } else {
            snprintf(err, errlen, "%s:%d: expected 'step', '| text' or '> command'", path, lineno);
            bad = 1;
            break;
        }
    }
    if (!bad && rs != CX_OK) {
        snprintf(err, errlen, "%s:%ld: %s", path, cx_lines_number(r),
                 rs == CX_ERANGE   ? "line too long"
                 : rs == CX_EPARSE ? "NUL byte in the line"
                                   : strerror(errno));
        bad = 1;
    }
    cx_lines_free(r);
    close(fd);
    if (!bad && d->nsteps == 0) {
        snprintf(err, errlen, "%s: no steps", path);
        bad = 1;
    }
    if (bad) {
        struct tui_demo *keep = c->demo;
        c->demo = d;
        tui_demo_free(c);
        c->demo = keep;
        return 1;
    }
    tui_demo_free(c);
    c->demo = d;
    d->cur = 0;
    run_step(c, 0);
    return 0;
}

unsigned tui_demo_key(tui_ctx *c, int key)
{
    struct tui_demo *d = c->demo;
    if (!d)
        return TUI_R_NONE;
    switch (key) {
    case ' ':
    case 'n':
        if (d->cur + 1 >= d->nsteps) {
            tui_demo_free(c);
            tui_message(c, 0, "demo finished");
            return TUI_R_HANDLED | TUI_R_RELAYOUT | TUI_R_REDRAW;
        }
        d->cur++;
        run_step(c, d->cur);
        return TUI_R_HANDLED | TUI_R_RELAYOUT | TUI_R_REDRAW;
    case 'b':
    case KEY_BACKSPACE:
    case 0x7f:
    case '\b':
        if (d->cur == 0)
            return TUI_R_HANDLED;
        d->cur--;
        /* replay from the start: every step builds on the ones before */
        for (int i = 0; i <= d->cur; i++)
            run_step(c, i);
        return TUI_R_HANDLED | TUI_R_RELAYOUT | TUI_R_REDRAW;
    case 27:
        tui_demo_free(c);
        tui_message(c, 0, "demo ended");
        return TUI_R_HANDLED | TUI_R_RELAYOUT;
    default: return TUI_R_NONE;
    }
}

/* Word-wraps text into at most max lines of width w; returns the count and
 * fills starts/lengths. */
static int wrap(const char *text, int w, int max, const char **start, int *len)
{
    int n = 0;
    const char *p = text;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *line = p, *brk = NULL;
        int cols = 0;
        while (*p && cols < w) {
            if (*p == ' ')
                brk = p;
            /* count columns of UTF-8: continuation bytes take none */
            if (((unsigned char)*p & 0xC0) != 0x80)
                cols++;
            p++;
        }
        if (*p && *p != ' ' && brk)
            p = brk;
        start[n] = line;
        len[n] = (int)(p - line);
        n++;
    }
    return n;
}

int tui_demo_rows(const tui_ctx *c)
{
    if (!c->demo)
        return 0;
    const demo_step *s = &c->demo->steps[c->demo->cur];
    const char *st[8];
    int ln[8];
    int max = LINES >= 30 ? 6 : LINES >= 20 ? 4 : 2;
    int n = wrap(s->text, COLS - 2 > 10 ? COLS - 2 : 10, max, st, ln);
    return 1 + n;
}

void tui_demo_draw(tui_ctx *c)
{
    struct tui_demo *d = c->demo;
    if (!d)
        return;
    int rows = tui_demo_rows(c);
    int y0 = c->info.y - rows;
    if (y0 < 1)
        return;
    const demo_step *s = &d->steps[d->cur];
    tui_fill(y0, 0, COLS, EL_TITLE_FOCUS);
    tui_putf(y0, 1, COLS - 1, EL_TITLE_FOCUS, "demo %s %d/%d: %s", d->name, d->cur + 1, d->nsteps,
             s->title);
    const char *st[8];
    int ln[8];
    int n = wrap(s->text, COLS - 2 > 10 ? COLS - 2 : 10, rows - 1, st, ln);
    for (int i = 0; i < n; i++) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", ln[i], st[i]);
        tui_fill(y0 + 1 + i, 0, COLS, EL_POPUP);
        tui_put(y0 + 1 + i, 1, COLS - 2, EL_HELP, buf);
    }
}
