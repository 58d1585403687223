/* tui_cmdline.c - GNU readline in callback mode inside curses (doc/design.md
 * section 4): readline never touches the terminal; keys are fed to it as
 * bytes and its line is drawn here.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_util.h"
#include "cevnsx/cx_text.h"
#include "tui/tui_ctx.h"
#include "tui/tui_cmdline.h"
#include "tui/tui_command.h"
#include "tui/tui_panel.h"
#include "tui/tui_rl.h"

static tui_ctx *ctx; /* one command line: readline's state is global */
static FILE *devnull;
static int installed;
static char history_path[4096];
static int hscroll; /* first visible column of the line */
/* Completion lists go to a pop-up, not to the terminal. */
static void display_matches_hook(char **matches, int n, int maxlen)
{
    (void)maxlen;
    size_t len = 1;
    for (int i = 1; i <= n; i++)
        len += strlen(matches[i]) + 2;
    char *t = app_xmalloc(len);
    t[0] = '\0';
    for (int i = 1; i <= n; i++) {
        strcat(t, matches[i]);
        strcat(t, "\n");
    }
    tui_popup_text(ctx, "completions", t);
    free(t);
}

static void on_line(char *line)
{
    tui_ctx *c = ctx;
    if (tui_rl_cancelling()) { /* Esc: the line was emptied and ended */
        free(line);
        tui_cmdline_close(c);
        return;
    }
    if (!line) { /* Ctrl-D on an empty line: leave the command line, do not quit */
        tui_cmdline_close(c);
        return;
    }
    if (*line)
        add_history(line);
    tui_cmdline_close(c);
    tui_action_exec(c, line);
    free(line);
}

const char *tui_cmdline_history_path(void)
{
    if (history_path[0])
        return history_path;
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4096];
    int cut;
    /* XDG Base Directory spec: a relative XDG_STATE_HOME is invalid and ignored. */
    if (xdg && xdg[0] == '/')
        cut = app_strlcpyf(dir, sizeof dir, "%s/cevnsx", xdg);
    else if (home && home[0] == '/')
        cut = app_strlcpyf(dir, sizeof dir, "%s/.local/state/cevnsx", home);
    else
        return NULL;
    if (cut || strlen(dir) + sizeof "/history" > sizeof history_path)
        return NULL; /* too long for a path: no history rather than the wrong file */
    /* create the directory chain */
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    mkdir(dir, 0700);
    app_strlcpyf(history_path, sizeof history_path, "%s/history", dir);
    return history_path;
}

/* ------------------------------------------------------------ completion -- */

static const char *const *cands; /* NULL-terminated candidate list */
static char **cand_own;          /* owned list when built here */
static size_t cand_i;

static char *generator(const char *text, int state)
{
    if (state == 0)
        cand_i = 0;
    size_t len = strlen(text);
    while (cands && cands[cand_i]) {
        const char *s = cands[cand_i++];
        if (strncmp(s, text, len) == 0)
            return strdup(s);
    }
    return NULL;
}

static void own_free(void)
{
    if (cand_own) {
        for (size_t i = 0; cand_own[i]; i++)
            free(cand_own[i]);
        free(cand_own);
        cand_own = NULL;
    }
}

static void own_add(size_t *n, size_t *cap, const char *s)
{
    if (*n + 2 > *cap) {
        *cap = *cap ? *cap * 2 : 32;
        cand_own = app_xrealloc(cand_own, *cap * sizeof *cand_own);
    }
    cand_own[(*n)++] = app_xstrdup(s);
    cand_own[*n] = NULL;
}

static void build_params(const app_state *st)
{
    own_free();
    size_t n = 0, cap = 0;
    own_add(&n, &cap, "all");
    if (st->model) {
        int np = cx_model_n_params(st->model);
        for (int i = 0; i < np; i++) {
            const cx_param_info *in = cx_model_param_info(st->model, i);
            if (in)
                own_add(&n, &cap, in->name);
        }
    }
    cands = (const char *const *)cand_own;
}

/* The command table's names; the explorer's own rows only in the explorer. */
static void build_commands(void)
{
    own_free();
    size_t n = 0, cap = 0;
    const char *const *a = app_cmd_names();
    for (size_t i = 0; a && a[i]; i++)
        if (ctx || !app_cmd_explorer_only(a[i]))
            own_add(&n, &cap, a[i]);
    cands = (const char *const *)cand_own;
}

static void build_detectors(void)
{
    own_free();
    size_t n = 0, cap = 0, nd = 0;
    app_detector_file *d = app_detector_files(&nd);
    for (size_t i = 0; i < nd; i++)
        own_add(&n, &cap, d[i].name);
    free(d);
    if (!cand_own)
        own_add(&n, &cap, "");
    cands = (const char *const *)cand_own;
}

static void build_stats(void)
{
    own_free();
    size_t n = 0, cap = 0;
    for (size_t i = 0;; i++) {
        const cx_chi2_def *d = cx_chi2_builtin(i);
        if (!d)
            break;
        own_add(&n, &cap, d->name);
    }
    if (!cand_own)
        own_add(&n, &cap, "");
    cands = (const char *const *)cand_own;
}

static app_state *complete_state;

char **tui_cmdline_complete(const char *text, int start, int end)
{
    (void)end;
    /* the command word of the current ';'-separated command */
    int s = start;
    while (s > 0 && rl_line_buffer[s - 1] != ';')
        s--;
    while (rl_line_buffer[s] == ' ' || rl_line_buffer[s] == '\t')
        s++;
    char cmd[64];
    int k = 0;
    while (rl_line_buffer[s + k] && rl_line_buffer[s + k] != ' ' && k < 63) {
        cmd[k] = rl_line_buffer[s + k];
        k++;
    }
    cmd[k] = '\0';
    /* the index of the word being completed */
    int word = 0;
    for (int i = s; i < start; i++)
        if ((rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t') && i + 1 <= start &&
            rl_line_buffer[i + 1] != ' ')
            word++;
    rl_attempted_completion_over = 1;
    static const char *const demos[] = {"sm",       "sin2w",    "nsi", "sterile",
                                        "magnetic", "mediator", NULL};
    if (word == 0 || start == s) {
        build_commands();
    } else {
        /* the command table says what the word is (app_cmd.h) */
        const char *const *words;
        switch (app_cmd_arg_kind(cmd, word, &words)) {
        case APP_ARG_PARAM: build_params(complete_state); break;
        case APP_ARG_DETECTOR: build_detectors(); break;
        case APP_ARG_PRESET: cands = cx_preset_names(); break;
        case APP_ARG_STAT: build_stats(); break;
        case APP_ARG_WORD: cands = words; break;
        case APP_ARG_COMMAND: build_commands(); break;
        case APP_ARG_DEMO: cands = demos; break;
        case APP_ARG_FILE:
            rl_attempted_completion_over = 0; /* file names: readline's default */
            return NULL;
        default: return NULL; /* a value, or no more words */
        }
    }
    return rl_completion_matches(text, generator);
}

/* -------------------------------------------------------------- history -- */

#define HISTORY_KEEP 1000 /* lines kept in the history file */

/* Reads the history file, one command a line, through the bounded reader
 * (regular files only: a FIFO there must not hang the start). A missing or
 * unreadable file is an empty history. */
static void history_read(void)
{
    const char *hp = tui_cmdline_history_path();
    int fd, status;
    char *line;
    size_t len;
    if (!hp || cx_text_open(hp, &fd, NULL, 0) != CX_OK)
        return;
    cx_lines *r = cx_lines_alloc(fd, CX_TEXT_LINE_MAX, &status);
    while (r && cx_lines_next(r, &line, &len) == CX_CONTINUE)
        if (len > 0)
            add_history(line);
    cx_lines_free(r);
    close(fd);
}

/* Writes the last HISTORY_KEEP lines through the one atomic writer. */
static void history_write(void)
{
    const char *hp = tui_cmdline_history_path();
    HIST_ENTRY **h = history_list();
    app_afile a;
    char err[512];
    if (!hp || !h || app_afile_open(&a, hp, err, sizeof err) != 0)
        return;
    int n = 0;
    while (h[n])
        n++;
    for (int i = n > HISTORY_KEEP ? n - HISTORY_KEEP : 0; i < n; i++)
        if (h[i]->line && !strchr(h[i]->line, '\n'))
            fprintf(a.fp, "%s\n", h[i]->line);
    app_afile_commit(&a, err, sizeof err);
}

/* ---------------------------------------------------------------- setup -- */

static void common_setup(app_state *st)
{
    complete_state = st;
    rl_readline_name = "cevnsx";
    rl_attempted_completion_function = tui_cmdline_complete;
    rl_basic_word_break_characters = " \t;";
    /* vi mode hangs readline 8.2 on invalid UTF-8: see tui_rl_configure */
    rl_unbind_function_in_map(rl_vi_editing_mode, emacs_meta_keymap);
    using_history();
    history_read();
}

static void common_done(void)
{
    history_write();
    own_free();
}

void tui_cmdline_init(tui_ctx *c)
{
    ctx = c;
    devnull = fopen("/dev/null", "w");
    rl_completion_display_matches_hook = display_matches_hook;
    rl_outstream = devnull ? devnull : stdout;
    rl_instream = stdin;
    common_setup(c->st);
    tui_rl_configure();
    tui_cmdline_resize(COLS);
}

void tui_cmdline_done(void)
{
    if (installed)
        rl_callback_handler_remove();
    installed = 0;
    common_done();
    if (devnull)
        fclose(devnull);
    devnull = NULL;
    ctx = NULL;
}

void tui_cmdline_resize(int width)
{
    rl_set_screen_size(1, width > 2 ? width : 2);
}

void tui_cmdline_open(tui_ctx *c, const char *text)
{
    if (!installed) {
        rl_callback_handler_install(": ", on_line);
        installed = 1;
    }
    c->cmd_active = 1;
    c->msg[0] = '\0';
    rl_replace_line("", 0);
    if (text && *text)
        rl_insert_text(text);
    rl_point = rl_end;
    hscroll = 0;
}

void tui_cmdline_close(tui_ctx *c)
{
    c->cmd_active = 0;
    if (installed) {
        /* removing the handler inside on_line is allowed and resets state */
        rl_callback_handler_remove();
        installed = 0;
    }
}

void tui_cmdline_cancel(tui_ctx *c)
{
    if (!c->cmd_active)
        return;
    tui_rl_cancel();
    tui_cmdline_close(c);
}

unsigned tui_cmdline_key(tui_ctx *c, int key)
{
    switch (key) {
    case KEY_UP: tui_rl_push_str("\033[A"); break;
    case KEY_DOWN: tui_rl_push_str("\033[B"); break;
    case KEY_RIGHT: tui_rl_push_str("\033[C"); break;
    case KEY_LEFT: tui_rl_push_str("\033[D"); break;
    case KEY_HOME: tui_rl_push_str("\033[H"); break;
    case KEY_END: tui_rl_push_str("\033[F"); break;
    case KEY_DC: tui_rl_push_str("\033[3~"); break;
    case KEY_IC: tui_rl_push_str("\033[2~"); break;
    case KEY_BACKSPACE: tui_rl_push(0x7f); break;
    case KEY_ENTER: tui_rl_push('\r'); break;
    default:
        if (key < 0 || key > 255)
            return TUI_R_HANDLED; /* other function keys mean nothing here */
        tui_rl_push((unsigned char)key);
        break;
    }
    tui_rl_feed(&c->cmd_active);
    return TUI_R_HANDLED | TUI_R_REDRAW;
}

/* Columns of s[0..n) as drawn: control characters as ^X. */
static int span_width(const char *s, int n)
{
    int cols = 0;
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    int i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x20 || b == 0x7f) {
            cols += 2;
            i++;
            continue;
        }
        wchar_t wc;
        size_t k = mbrtowc(&wc, s + i, (size_t)(n - i), &ps);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
            memset(&ps, 0, sizeof ps);
            cols++;
            i++;
            continue;
        }
        int w = wcwidth(wc);
        cols += w < 0 ? 1 : w;
        i += (int)k;
    }
    return cols;
}

void tui_cmdline_draw(tui_ctx *c, int *cur_y, int *cur_x)
{
    tui_rect r = c->cmdrow;
    *cur_y = *cur_x = -1;
    if (r.h <= 0)
        return;
    if (!c->cmd_active) {
        if (c->msg[0])
            tui_put(r.y, r.x, r.w, c->msg_error ? EL_ERROR : EL_MESSAGE, c->msg);
        else if (c->mode != TUI_L_TINY)
            tui_put(r.y, r.x, r.w, EL_DIM, ": command line   ? help");
        return;
    }
    const char *prompt = rl_display_prompt ? rl_display_prompt : ": ";
    int pw = tui_text_width(prompt);
    if (pw > r.w / 2)
        pw = r.w / 2;
    tui_put(r.y, r.x, pw, EL_PROMPT, prompt);
    int avail = r.w - pw - 1;
    if (avail < 2)
        return;
    const char *buf = rl_line_buffer ? rl_line_buffer : "";
    /* rl_point can pass rl_end for a moment in an incremental search over
     * invalid UTF-8 (tests/fuzz/fuzz_readline.c): clamp it */
    int end = rl_end > 0 ? (int)strnlen(buf, (size_t)rl_end) : 0;
    int point = rl_point < 0 ? 0 : rl_point > end ? end : rl_point;
    int point_col = span_width(buf, point);
    int total = span_width(buf, end);
    /* keep the cursor visible with a margin */
    if (point_col < hscroll + 1)
        hscroll = point_col - avail / 3;
    if (point_col > hscroll + avail - 1)
        hscroll = point_col - avail + avail / 3;
    if (hscroll < 0)
        hscroll = 0;
    /* draw from the first character at or after hscroll */
    int x = r.x + pw;
    int col = 0, i = 0;
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    if (hscroll > 0)
        x += tui_put(r.y, x, 1, EL_DIM, c->g->over_l);
    int left = hscroll > 0 ? 1 : 0;
    while (i < end) {
        unsigned char b = (unsigned char)buf[i];
        int k = 1, w;
        char tmp[8];
        const char *draw = tmp;
        if (b < 0x20 || b == 0x7f) {
            tmp[0] = '^';
            tmp[1] = b == 0x7f ? '?' : (char)(b + '@');
            tmp[2] = '\0';
            w = 2;
        } else {
            wchar_t wc;
            size_t n = mbrtowc(&wc, buf + i, (size_t)(end - i), &ps);
            if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
                memset(&ps, 0, sizeof ps);
                tmp[0] = '?';
                tmp[1] = '\0';
                w = 1;
            } else {
                k = (int)n;
                w = wcwidth(wc);
                if (w < 0)
                    w = 1;
                memcpy(tmp, buf + i, (size_t)k);
                tmp[k] = '\0';
            }
        }
        if (col >= hscroll + left) {
            if (x + w > r.x + pw + avail)
                break;
            x += tui_put(r.y, x, w, EL_NORMAL, draw);
        }
        col += w;
        i += k;
    }
    if (total > hscroll + avail)
        tui_put(r.y, r.x + r.w - 1, 1, EL_DIM, c->g->over_r);
    int cx = r.x + pw + (point_col - hscroll);
    if (cx >= r.x + pw && cx < r.x + r.w) {
        *cur_y = r.y;
        *cur_x = cx;
    }
}

/* -------------------------------------------------------------- REPL ---- */

/* Ctrl-C while readline waits: empty the line and prompt again; SIGTERM or
 * SIGHUP: end the line so that the loop below can stop. The flags are the
 * ones every long command polls (app_io.h). */
static int repl_signal_hook(void)
{
    if (app_cancel_quit) {
        rl_done = 1;
        return 0;
    }
    if (app_cancel_int) {
        app_cancel_int = 0;
        rl_replace_line("", 0);
        rl_crlf();
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

int tui_repl(app_state *st)
{
    char err[512];
    if (app_state_ensure(st, err, sizeof err) != 0) {
        fprintf(stderr, "cevnsx: %s\n", err);
        return 1;
    }
    if (!isatty(fileno(stdin))) {
        /* Piped input: no prompt and no echo, one command per line (as
         * --batch -); readline would print both into the output. */
        int r = app_cmd_exec_file(st, "-", stdout, stderr);
        return r == APP_OK || r == APP_QUIT ? 0 : 1;
    }
    ctx = NULL;
    common_setup(st);
    app_cancel_install();
    rl_signal_event_hook = repl_signal_hook;
    int rc = 0;
    while (!app_cancel_quit) {
        char *line = readline("cevnsx> ");
        if (!line) {
            if (isatty(fileno(stdin)))
                fputc('\n', stdout);
            break;
        }
        if (app_cancel_quit) {
            free(line);
            break;
        }
        if (*line)
            add_history(line);
        int r = app_cmd_exec(st, line, stdout, stderr);
        fflush(stdout);
        free(line);
        if (r == APP_QUIT)
            break;
        /* Ctrl-C stopped the command (it said so); the prompt comes back. */
        app_cancel_int = 0;
        rc = r == APP_OK ? 0 : 1;
    }
    common_done();
    app_cancel_remove();
    return app_cancel_quit ? 1 : rc;
}
