/* tui_rl.h - GNU readline driven byte by byte in callback mode, without
 * curses: the byte queue readline reads from, its configuration, and the
 * guards that keep readline 8.2 away from a stale longjmp (see tui_rl.c).
 * Used by the explorer's command line and by tests/fuzz/fuzz_readline.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_RL_H
#define CEVNSX_TUI_RL_H

/* Sets readline's input, terminal and display hooks to the queue below (it
 * never touches the terminal; the caller draws rl_line_buffer), turns off
 * its signal handling, and removes the bindings that are unsafe here.
 * Call once, before the first rl_callback_handler_install. */
void tui_rl_configure(void);

/* Queues bytes for readline (a key is at most a few bytes; the queue holds
 * 63 and drops what does not fit). */
void tui_rl_push(unsigned char b);
void tui_rl_push_str(const char *s);

/* Feeds the queued bytes to rl_callback_read_char, one call per byte, while
 * *active is non-zero (the line handler may end the line and clear it), and
 * drops the bytes that would start a stale jump inside readline. */
void tui_rl_feed(const int *active);

/* Cancels the line being edited: readline's per-key state (incremental
 * search, numeric argument, half a key sequence, pending and pushed-back
 * keys) and the queue are reset, and the line ends empty through readline's
 * own Enter, so the line handler is called (with tui_rl_cancelling() true:
 * it should only close the line) unless an inputrc rebound Enter. */
void tui_rl_cancel(void);
int tui_rl_cancelling(void);

#endif
