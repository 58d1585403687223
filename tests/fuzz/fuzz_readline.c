/* fuzz_readline.c - libFuzzer target: the explorer's command line, GNU
 * readline in callback mode fed byte by byte through src/tui/tui_rl.c, as the
 * TUI feeds it (emacs key bindings, history, completion of a few words).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: the bytes typed. Two bytes 0xff 0xff stand for a bare Esc, which
 * leaves the command line (tui_rl_cancel, handler removed and installed again
 * as ':' would); any other byte goes to readline, Enter included (the line is
 * taken and a new one begins). Checked contract: no crash, no sanitizer
 * report, the line buffer stays a NUL-terminated string of at most rl_end
 * bytes, rl_point and rl_end are not negative. readline 8.2 jumped into a dead stack frame on
 * "ab", C-r, C-x, z (see tui_rl.c): tests/fuzz/regress/readline holds it.
 * Coverage inside readline needs readline compiled with the fuzzer
 * (tests/fuzz/run.sh: READLINE_LIBS); with the system library the fuzzer
 * sees only this file and tui_rl.c, and mutates blindly. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "tui/tui_rl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int active;
static size_t lines;

static void on_line(char *line)
{
    rl_callback_handler_remove();
    active = 0;
    if (tui_rl_cancelling()) {
        if (line && *line)
            abort(); /* a cancelled line ends empty */
        free(line);
        return;
    }
    if (line && *line && lines++ % 4 == 0)
        add_history(line); /* some history for C-r, C-p and M-. to find */
    free(line);
}

static const char *const words[] = {"set",     "scan", "select", "sin2w",   "detector",
                                    "csi2017", "csi",  "preset", "sm-helm", NULL};

static char *generator(const char *text, int state)
{
    static size_t i, len;
    if (state == 0) {
        i = 0;
        len = strlen(text);
    }
    while (words[i])
        if (strncmp(words[i++], text, len) == 0)
            return strdup(words[i - 1]);
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    rl_attempted_completion_over = 1;
    return rl_completion_matches(text, generator);
}

static void no_display(char **matches, int n, int maxlen)
{
    (void)matches;
    (void)n;
    (void)maxlen;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rl_readline_name = "cevnsx-fuzz";
    rl_instream = stdin;
    rl_outstream = fopen("/dev/null", "w");
    if (!rl_outstream)
        abort();
    rl_attempted_completion_function = complete;
    rl_completion_display_matches_hook = no_display;
    rl_basic_word_break_characters = " \t;";
    tui_rl_configure();
    using_history();
    stifle_history(20);
    return 0;
}

/* readline exports it without declaring it in a public header */
extern int _rl_last_command_was_kill;

/* Each input starts from the same history and kill ring, so that a crash
 * replays alone. The history changes only while no line is open, as in the
 * explorer (readline takes its position when a line opens). */
static void reset_history(void)
{
    clear_history();
    add_history("set sin2w 0.24");
    add_history("detector csi2017");
    add_history("scan eps_ee_u");
    lines = 0;
}

/* Ten kills of one word fill every slot of the kill ring (readline keeps
 * 10) with known text. Needs an open line. */
static void reset_state(void)
{
    for (int i = 0; i < 10; i++) {
        rl_replace_line("kill", 0);
        _rl_last_command_was_kill = 0; /* a new slot, not appended to the last */
        rl_kill_text(0, rl_end);
    }
    _rl_last_command_was_kill = 0;
    rl_free_undo_list();
    rl_replace_line("", 0);
    rl_point = 0;
}

static void open_line(void)
{
    if (!active) {
        rl_callback_handler_install(": ", on_line);
        active = 1;
    }
}

static void check_line(void)
{
    if (!active)
        return;
    /* rl_point may pass rl_end for a moment inside an incremental search
     * over invalid UTF-8 (the drawing code clamps it) */
    if (rl_point < 0 || rl_end < 0 || !rl_line_buffer || strlen(rl_line_buffer) > (size_t)rl_end) {
        fprintf(stderr, "fuzz_readline: line state point %d end %d\n", rl_point, rl_end);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reset_history(); /* every input ends with the line closed */
    open_line();
    reset_state();
    for (size_t i = 0; i < size; i++) {
        if (data[i] == 0xff && i + 1 < size && data[i + 1] == 0xff) {
            i++;
            if (active)          /* the explorer cancels only an open line */
                tui_rl_cancel(); /* a bare Esc: leave, then ':' again */
            rl_callback_handler_remove();
            active = 0;
            open_line();
            continue;
        }
        open_line();
        tui_rl_push(data[i]);
        tui_rl_feed(&active);
        check_line();
    }
    /* Leave as Esc would, and open a line again (readline then frees what
     * it kept of the last one), so that what an input leaves behind is
     * checked in the same input; each input starts from an empty line. */
    if (active)
        tui_rl_cancel();
    rl_callback_handler_remove();
    active = 0;
    open_line();
    rl_callback_handler_remove();
    active = 0;
    return 0;
}
