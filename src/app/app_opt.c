/* app_opt.c - getopt_long with the program's own messages (app_opt.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_opt.h"

#include <stdio.h>
#include <string.h>

void app_opt_begin(app_opt_parser *p, int argc, char **argv, const char *optstring,
                   const struct option *longopts)
{
    memset(p, 0, sizeof *p);
    p->argc = argc;
    p->argv = argv;
    p->optstring = optstring;
    p->longopts = longopts;
    p->at_boundary = 1;
    opterr = 0;
}

static int is_negative_number(const char *s)
{
    return s[0] == '-' &&
           ((s[1] >= '0' && s[1] <= '9') || (s[1] == '.' && s[2] >= '0' && s[2] <= '9'));
}

/* The message for a long option getopt refused: ambiguous, takes no value, or
 * unknown. */
static void long_error(app_opt_parser *p, const char *elem)
{
    const char *name = elem + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const struct option *exact = NULL, *first = NULL;
    char cands[128] = "";
    int n = 0;
    for (const struct option *o = p->longopts; o && o->name; o++) {
        if (strncmp(o->name, name, len) != 0)
            continue;
        if (strlen(o->name) == len)
            exact = o;
        if (!first || first->val != o->val || first->has_arg != o->has_arg) {
            size_t l = strlen(cands);
            snprintf(cands + l, sizeof cands - l, "%s--%s", n ? ", " : "", o->name);
            n++;
        }
        if (!first)
            first = o;
    }
    if (!exact && n == 1)
        exact = first;
    if (exact && exact->has_arg == no_argument && eq)
        snprintf(p->error, sizeof p->error, "option '--%s' takes no value", exact->name);
    else if (!exact && n > 1)
        snprintf(p->error, sizeof p->error, "ambiguous option '%.*s' (%s)", (int)len + 2, elem,
                 cands);
    else
        snprintf(p->error, sizeof p->error, "unknown option '%s'", elem);
}

int app_opt_next(app_opt_parser *p)
{
    int before, c;
    if (p->words_only || (p->started && p->at_boundary && optind < p->argc &&
                          p->optstring[0] == '-' && is_negative_number(p->argv[optind]))) {
        if (optind >= p->argc)
            return -1;
        p->elem = optind;
        p->arg = p->argv[optind++];
        return 1;
    }
    before = p->started ? optind : 1;
    if (!p->started) {
        optind = 0; /* glibc: start over (the interpreter parses many command lines) */
        p->started = 1;
    }
    p->elem = before;
    c = getopt_long(p->argc, p->argv, p->optstring, p->longopts, NULL);
    p->at_boundary = optind > before;
    p->arg = optarg;
    if (c == -1 && optind < p->argc) {
        /* getopt stopped at "--" (or, in "+" mode, at the first word): the
         * rest are words */
        p->words_only = 1;
        p->elem = optind;
        p->arg = p->argv[optind++];
        return 1;
    }
    if (c == '?' || c == ':') {
        const char *elem = p->elem < p->argc ? p->argv[p->elem] : "";
        if (c == ':')
            snprintf(p->error, sizeof p->error, "option '%s' needs a value", elem);
        else if (elem[0] == '-' && elem[1] == '-')
            long_error(p, elem);
        else
            snprintf(p->error, sizeof p->error, "unknown option '%s'", elem);
    }
    return c;
}
