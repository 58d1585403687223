/* tui_rl.c - GNU readline driven byte by byte in callback mode.
 *
 * Why the guards. In callback mode, rl_callback_read_char() records where to
 * jump on an abort (the jump buffer _rl_top_level), then runs
 * readline_internal_char(), which records its own frame there and returns.
 * If readline still has keys of its own to process (pushed back by an
 * incremental search, a keyboard macro), the same rl_callback_read_char()
 * call goes on, and an abort in that second round (an unbound key sequence,
 * C-g) jumps into the frame of readline_internal_char() that has already
 * returned: the stack is garbage and the program crashes (readline 8.2,
 * Debian 8.2-1.3; found by tests/ui/monkey.sh). Five bytes do it: "ab",
 * C-r (reverse search), C-x (a prefix key: the search ends and pushes back
 * C-x and the next key), "z" (C-x z is unbound: abort). We cannot change the
 * library, so the ways in are closed here:
 *   - during an incremental search a key that starts a key sequence (C-x; ESC
 *     is a search terminator and safe) is dropped instead of fed;
 *   - keyboard macros (C-x (, C-x ), C-x e) are unbound: a replayed macro
 *     is pushed-back input that could abort half-way.
 * Other bindings that reach memory errors in readline 8.2 (forward search,
 * yanking arguments of history lines) are removed in tui_rl_configure.
 * tests/fuzz/fuzz_readline.c drives this file with arbitrary bytes, with
 * readline compiled in when the fuzzer can reach its source.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <readline/readline.h>

#include "tui/tui_rl.h"

/* readline exports these but declares them only in its private header
 * rlprivate.h: the chain of half-read key-sequence contexts (which
 * rl_callback_sigcleanup leaves allocated), its pushed-back keys, and the
 * reset of a numeric argument. */
extern void _rl_keyseq_chain_dispose(void);
extern int _rl_pushed_input_available(void);
extern void _rl_reset_argument(void);

static unsigned char queue[64];
static int q_head, q_tail;

void tui_rl_push(unsigned char b)
{
    int next = (q_tail + 1) % (int)sizeof queue;
    if (next == q_head)
        return;
    queue[q_tail] = b;
    q_tail = next;
}

void tui_rl_push_str(const char *s)
{
    while (*s)
        tui_rl_push((unsigned char)*s++);
}

static int getc_hook(FILE *f)
{
    (void)f;
    if (q_head == q_tail)
        return EOF; /* not reached: readline is called only with bytes queued */
    unsigned char b = queue[q_head];
    q_head = (q_head + 1) % (int)sizeof queue;
    return b;
}

static int input_available_hook(void)
{
    return q_head != q_tail;
}

static void redisplay_hook(void)
{
    /* the caller draws the line */
}

static void prep_term(int meta)
{
    (void)meta;
}

static void deprep_term(void) {}

void tui_rl_configure(void)
{
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_prep_term_function = prep_term;
    rl_deprep_term_function = deprep_term;
    rl_getc_function = getc_hook;
    rl_input_available_hook = input_available_hook;
    rl_redisplay_function = redisplay_hook;
    rl_change_environment = 0;
    /* Alt-Ctrl-J and Alt-Enter switch emacs mode to vi mode, where readline 8.2
     * loops forever moving over a word that ends in an invalid UTF-8 sequence
     * (rl_vi_eWord, e.g. ": a\xf4\x90\x80\x80", Alt-Enter, Esc, 0, E: found
     * by tests/ui/monkey.sh). An inputrc may still choose vi mode. */
    rl_unbind_function_in_map(rl_vi_editing_mode, emacs_meta_keymap);
    /* keyboard macros replay as pushed-back input: see the top of the file */
    rl_unbind_function_in_map(rl_start_kbd_macro, emacs_ctlx_keymap);
    rl_unbind_function_in_map(rl_end_kbd_macro, emacs_ctlx_keymap);
    rl_unbind_function_in_map(rl_call_last_kbd_macro, emacs_ctlx_keymap);
    /* Ctrl-R, a key, Ctrl-S, a key, Ctrl-R reads past the end of readline
     * 8.2's search line (heap-buffer-overflow in _rl_isearch_dispatch, found
     * by tests/fuzz/fuzz_readline.c): no forward search */
    rl_unbind_function_in_map(rl_forward_search_history, emacs_standard_keymap);
    /* The incremental search keeps pointers to history lines that a line
     * accepted meanwhile frees (use after free in _rl_isearch_fini, same
     * fuzzer, with M--, C-j and C-r again): no incremental search at all;
     * Up and Down walk the history. The guards for it below stay for an
     * inputrc that binds it again. */
    rl_unbind_function_in_map(rl_reverse_search_history, emacs_standard_keymap);
    /* The non-incremental searches (M-p, M-n) left a history entry holding
     * an undo list that readline frees when the next line opens ("/", C-p,
     * M-p, C-@, C-p, Esc, then C-p: use after free, same fuzzer) */
    rl_unbind_function_in_map(rl_noninc_reverse_search, emacs_meta_keymap);
    rl_unbind_function_in_map(rl_noninc_forward_search, emacs_meta_keymap);
    /* M-. M-_ and M-C-y split a history line into words with readline's
     * history tokenizer, which reads past the end of a line such as "*("
     * (heap-buffer-overflow in history_tokenize_word, same fuzzer) */
    rl_unbind_function_in_map(rl_yank_last_arg, emacs_meta_keymap);
    rl_unbind_function_in_map(rl_yank_nth_arg, emacs_meta_keymap);
    /* C-o (operate-and-get-next) with an argument, then a search and a
     * cancel: the search keeps a history line that the accepted line's
     * teardown freed (use after free, same fuzzer: Tab, C-r, C-r, "a2", C-r,
     * ..., M--, C-o, C-r, "ab", C-r, then Esc) */
    rl_unbind_function_in_map(rl_operate_and_get_next, emacs_standard_keymap);
    rl_variable_bind("bell-style", "none");
    rl_variable_bind("enable-bracketed-paste", "off");
    rl_variable_bind("horizontal-scroll-mode", "on");
}

/* A byte that would make an incremental search push keys back: one bound to
 * a keymap (a prefix such as C-x) other than ESC, which ends the search. */
static int unsafe_in_isearch(unsigned char b)
{
    if (!RL_ISSTATE(RL_STATE_ISEARCH) || b == 27)
        return 0;
    Keymap km = rl_get_keymap();
    return km && km[b].type == ISKMAP;
}

/* C-r with a numeric argument of 0 or less searches forward, which reaches
 * the same out-of-bounds read in readline 8.2's search loop as C-s (found by
 * tests/fuzz/fuzz_readline.c: C-r ... M-0 C-r ...): a search key is dropped
 * while an argument is being typed. */
static int search_with_argument(unsigned char b)
{
    if (!RL_ISSTATE(RL_STATE_NUMERICARG))
        return 0;
    Keymap km = rl_get_keymap();
    return km && km[b].type == ISFUNC &&
           (km[b].function == rl_reverse_search_history ||
            km[b].function == rl_forward_search_history);
}

/* A key that would take a numeric argument (M-1 2 3 ..., C-u C-u ...) past
 * about 4000: readline 8.2 multiplies it by 10 with no check until it
 * overflows an int (undefined behaviour), and a count near its own limit of
 * 10^6 inserts a megabyte of one character, slowly (both found by
 * tests/fuzz/fuzz_readline.c). A digit after ESC (M-5) counts too. */
static int numeric_arg_too_long(unsigned char b)
{
    if (!RL_ISSTATE(RL_STATE_NUMERICARG | RL_STATE_MULTIKEY))
        return 0;
    if (rl_numeric_arg < 1000 && rl_numeric_arg > -1000)
        return 0;
    unsigned char d = b & 0x7f; /* a meta digit counts too */
    if (d >= '0' && d <= '9')
        return 1;
    Keymap km = rl_get_keymap();
    return km && km[b].type == ISFUNC && km[b].function == rl_universal_argument;
}

void tui_rl_feed(const int *active)
{
    while (q_head != q_tail && *active) {
        unsigned char b = queue[q_head];
        if (unsafe_in_isearch(b) || numeric_arg_too_long(b) || search_with_argument(b)) {
            q_head = (q_head + 1) % (int)sizeof queue;
            continue;
        }
        rl_callback_read_char();
    }
}

static int cancelling;

int tui_rl_cancelling(void)
{
    return cancelling;
}

void tui_rl_cancel(void)
{
    q_head = q_tail = 0;
    if (!RL_ISSTATE(RL_STATE_CALLBACK))
        return; /* no line open */
    /* End a search, a numeric argument or half a key sequence first. */
    rl_callback_sigcleanup();
    _rl_keyseq_chain_dispose();
    RL_UNSETSTATE(RL_STATE_MULTIKEY);
    rl_clear_pending_input();
    while (_rl_pushed_input_available())
        rl_read_key();
    /* Then end the line the way Enter does, emptied, so that readline's own
     * end-of-line code puts back the history entries that were edited and
     * frees the undo lists: freeing them here, before or after the line
     * readline saved for history walks (as rl_free_line_state and readline's
     * own SIGINT cleanup do), gave double frees and uses after free, since
     * readline shares those lists (found by tests/fuzz/fuzz_readline.c:
     * C-r, M-p, C-p, then Esc). The line handler sees tui_rl_cancelling(). */
    Keymap km = rl_get_keymap();
    if (km && km['\r'].type == ISFUNC && km['\r'].function == rl_newline) {
        int live = 1;
        rl_delete_text(0, rl_end);
        rl_point = 0;
        cancelling = 1;
        tui_rl_push('\r');
        tui_rl_feed(&live);
        cancelling = 0;
        return;
    }
    /* An inputrc took Enter: drop the line's undo list (leaked, never freed
     * twice) and empty it. */
    rl_undo_list = NULL;
    _rl_reset_argument();
    rl_clear_message();
    rl_replace_line("", 0);
}
