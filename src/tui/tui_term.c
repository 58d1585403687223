/* tui_term.c - curses start-up and teardown, capabilities, signals.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tui/tui_term.h"

#include <curses.h>
#include <term.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app_io.h"
#include "app/app_util.h"
#include "plot/plot.h"

volatile sig_atomic_t tui_term_sigcont;

static SCREEN *screen;
static volatile sig_atomic_t active; /* curses is running */
static int saved_stderr = -1;        /* the real stderr while curses runs */
static FILE *stderr_log;             /* temporary file collecting stderr */

double tui_term_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static void on_cont(int sig)
{
    (void)sig;
    tui_term_sigcont = 1;
}

/* SIGSEGV, SIGABRT, SIGBUS, SIGFPE: restore the terminal, then die with the
 * default action so a core dump or sanitizer report still happens. endwin()
 * is not async-signal-safe, but the process is dying anyway and a usable
 * terminal matters more (htop does the same). */
static void on_crash(int sig)
{
    if (active) {
        active = 0;
        endwin();
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the wait in wgetch returns early */
    sigaction(sig, &sa, NULL);
}

/* Sends stderr to a temporary file while curses owns the screen. */
static void stderr_capture(void)
{
    stderr_log = tmpfile();
    if (!stderr_log)
        return;
    fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    if (saved_stderr < 0 || dup2(fileno(stderr_log), STDERR_FILENO) < 0) {
        fclose(stderr_log);
        stderr_log = NULL;
    }
}

static void stderr_replay(void)
{
    if (!stderr_log)
        return;
    fflush(stderr);
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    saved_stderr = -1;
    rewind(stderr_log);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stderr_log)) > 0)
        if (fwrite(buf, 1, n, stderr) != n)
            break;
    fclose(stderr_log);
    stderr_log = NULL;
}

void tui_term_modes(void)
{
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
}

int tui_term_init(const tui_options *opt, tui_caps *caps)
{
    memset(caps, 0, sizeof *caps);
    /* LC_CTYPE only: numbers keep the C locale's decimal point. */
    setlocale(LC_CTYPE, "");
    const char *term = getenv("TERM");
    /* A terminal that cannot move the cursor (TERM=dumb, a printer) would get
     * the screen as a stream of text: refuse it before writing anything. */
    int te = 0;
    if (setupterm(NULL, fileno(stdout), &te) == OK) {
        const char *cup = tigetstr("cup");
        int usable = cup && cup != (const char *)-1;
        del_curterm(cur_term);
        cur_term = NULL;
        if (!usable) {
            fprintf(stderr,
                    "cevnsx: terminal type '%s' cannot position the cursor; try "
                    "TERM=xterm-256color or use -e/--batch\n",
                    term ? term : "");
            return 1;
        }
    }
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        fprintf(stderr,
                "cevnsx: unknown terminal type '%s'; try TERM=xterm-256color or use -e/--batch\n",
                term ? term : "");
        return 1;
    }
    set_term(screen);
    active = 1;
    app_fatal_cleanup = tui_term_done;
    tui_term_modes();
    /* One write(2) per frame (fewer packets over SSH): ncurses 6.4 flushes
     * its output buffer at every cursor movement until the screen has been
     * suspended once (its "initial" state is meant for low-level terminfo
     * use), so suspend and resume at once; doupdate() then buffers a whole
     * frame. Its typeahead check would flush before polling the keyboard;
     * the loop drains pending keys before drawing anyway. */
    endwin();
    doupdate();
    typeahead(-1);
    /* A bare ESC answers quickly, but arrow sequences still survive SSH. */
    if (!getenv("ESCDELAY"))
        set_escdelay(75);
    curs_set(0);

    const char *cs = nl_langinfo(CODESET);
#ifdef HAVE_UNICODE
    caps->utf8 = !opt->force_ascii && MB_CUR_MAX > 1 && cs && strcmp(cs, "UTF-8") == 0;
#else
    caps->utf8 = 0;
#endif
    caps->linux_console = term && strcmp(term, "linux") == 0;
    if (opt->plot_tier >= 0 && opt->plot_tier <= 2)
        caps->plot_tier = opt->plot_tier;
    else
        caps->plot_tier = (int)plot_tier_detect(cs, (int)MB_CUR_MAX, term, opt->force_ascii);
    if (!caps->utf8)
        caps->plot_tier = 2; /* no wide characters at all */

    caps->colors = 0;
    if (!opt->no_color && has_colors()) {
        start_color();
        if (COLORS >= 8) {
            use_default_colors();
            caps->colors = 1;
        }
    }
    if (!opt->no_mouse) {
        mouseinterval(0);
        mmask_t want = BUTTON1_PRESSED | BUTTON1_CLICKED;
#if NCURSES_MOUSE_VERSION > 1
        want |= BUTTON4_PRESSED | BUTTON5_PRESSED;
#endif
        caps->mouse = mousemask(want, NULL) != 0;
    }

    app_cancel_install(); /* SIGINT, SIGTERM, SIGHUP: the flags long work polls */
    set_handler(SIGCONT, on_cont);
    signal(SIGSEGV, on_crash);
    signal(SIGABRT, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    stderr_capture();
    return 0;
}

void tui_term_done(void)
{
    if (!active)
        return;
    active = 0;
    mousemask(0, NULL); /* switch mouse reporting off in the terminal */
    curs_set(1);
    endwin();
    delscreen(screen);
    screen = NULL;
    app_cancel_remove();
    stderr_replay();
}
