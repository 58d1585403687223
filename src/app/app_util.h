/* app_util.h - small helpers of the front end: allocation that dies through
 * one fatal path, string helpers and "did you mean" suggestions.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The functions are defined in app_state.c. */
#ifndef CEVNSX_APP_UTIL_H
#define CEVNSX_APP_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Called by app_die() before it prints, e.g. by the TUI to restore the
 * terminal. NULL (the default) means nothing to clean up. */
extern void (*app_fatal_cleanup)(void);

/* Runs app_fatal_cleanup, prints "cevnsx: MESSAGE" on stderr and exits with
 * status 1. Used for out-of-memory only; every other error is returned. */
void app_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* malloc/realloc/strdup that never return NULL (they call app_die). */
void *app_xmalloc(size_t n);
void *app_xrealloc(void *p, size_t n);
char *app_xstrdup(const char *s);

/* snprintf into dst (size n) that always terminates; returns 1 when the text
 * had to be truncated, else 0. */
int app_strlcpyf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Restricted Damerau-Levenshtein distance (insertions, deletions,
 * substitutions, adjacent transpositions) between a and b, case-sensitive. */
size_t app_edit_distance(const char *a, const char *b);

/* Writes " (did you mean 'x'?)" or " (did you mean 'x' or 'y'?)" to buf (size
 * n) naming the candidates closest to word: at most 3, each within an edit
 * distance of max(1, strlen(word) / 3) + 1, or having word as a prefix. Writes
 * "" when none is close. cands has ncands entries (NULL entries are skipped). */
void app_suggest(const char *word, const char *const *cands, size_t ncands, char *buf, size_t n);

#endif
