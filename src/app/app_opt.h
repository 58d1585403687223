/* app_opt.h - getopt_long with the program's own messages, for main.c and
 * the commands that take options (scan, contour).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The optstring is getopt's; begin it with "-:" to get words in place (code
 * 1, the word in arg) and ':' for a missing value. A word that is a negative
 * number ("-0.5", "-.5") is a word, not options. getopt_long's state is
 * global: one parser at a time (the program is single-threaded there). */
#ifndef CEVNSX_APP_OPT_H
#define CEVNSX_APP_OPT_H

#include <getopt.h>

typedef struct {
    int argc;
    char **argv;
    const char *optstring;
    const struct option *longopts;
    int started;     /* getopt_long has been called (and reset) */
    int words_only;  /* after "--": every element is a word */
    int at_boundary; /* the next call starts a new element of argv */
    int elem;        /* index of the element the last option came from */
    char *arg;       /* the option's value or the word; NULL if none */
    char error[256]; /* after '?' or ':': the one-line message */
} app_opt_parser;

void app_opt_begin(app_opt_parser *p, int argc, char **argv, const char *optstring,
                   const struct option *longopts);
/* Like getopt_long: the option's code, 1 for a word, '?' (unknown, ambiguous
 * or a value where none is taken) or ':' (value missing) with p->error set,
 * -1 at the end. After "--" the remaining words come as code 1. */
int app_opt_next(app_opt_parser *p);

#endif
