/* cx_keyfile.h - the lexer of cevnsx's key files (engine-internal): a magic
 * line with a format version, [section] headers, "key = value" lines, '#'
 * comments, and repeated keys as tables of numeric rows. What the sections
 * and keys mean is the schema's business (cx_detector.c for detector files);
 * the lexer stores every key as a "section.key" entry (cx_entry).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers are read with a plain decimal syntax and converted without a
 * decimal point, so the result never depends on the locale. Every failure
 * produces one line "FILE:LINE: message". */
#ifndef CEVNSX_CX_KEYFILE_H
#define CEVNSX_CX_KEYFILE_H

#include <stddef.h>

#include "cx_internal.h"

#define CX_KF_MAX_SECTIONS 16

typedef struct cx_kf cx_kf;

/* What a kind of key file looks like. */
typedef struct {
    const char *magic;                      /* first word of line 1, e.g. "cevnsx-detector" */
    int max_version;                        /* versions 1 .. max_version are read */
    size_t max_bytes, max_keys;             /* larger files, more distinct keys: refused */
    int n_sections;                         /* <= CX_KF_MAX_SECTIONS */
    const char *const *sections;            /* their names */
    const int *section_version;             /* the first format version that has each section */
    const char *const *const *section_keys; /* allowed keys; NULL: any key */
    const char *sections_list;              /* for "unknown section" messages */
    int end_section; /* from end_version on a file must end with this section (-1: none) */
    int end_version;
    /* Is a repeated key a table of numeric rows? */
    int (*is_table)(int sec, const char *key);
    /* Must the values of this key be numbers (checked while lexing)? */
    int (*numeric_only)(int sec, const char *key);
    /* A value the schema reads itself (e.g. "isotope = NAME Z A M C"): returns
     * 1 with its numbers in v[0 .. *n - 1] (at most 8), 0 when the lexer reads
     * it, -1 after cx_kf_fail(). */
    int (*value)(cx_kf *p, int sec, const char *key, const char *value, int line, double *v,
                 long *n);
    /* The separator with which repeated values of a text key are joined, or
     * NULL when a repeat is a duplicate (e.g. "; " for citations). */
    const char *(*join)(int sec, const char *key);
} cx_kf_schema;

struct cx_kf {
    const cx_kf_schema *schema;
    void *user;       /* the schema's object (the detector being read) */
    const char *file; /* name used in messages */
    char *err;
    size_t errlen;
    int status;
    int version;                      /* format version from the magic line */
    int line;                         /* line being parsed */
    int cur_sec;                      /* -1 before the first header */
    int sec_line[CX_KF_MAX_SECTIONS]; /* line of each section header, 0 when absent */
    cx_entry **entries;               /* where the entries go (owned by user) */
    size_t *n_entries;
    size_t cap_entries;
};

/* Sets up p to lex into *entries / *n_entries. */
void cx_kf_init(cx_kf *p, const cx_kf_schema *schema, void *user, const char *file, char *err,
                size_t errlen, cx_entry **entries, size_t *n_entries);
/* Lexes the whole text. Returns CX_OK or the first failure's status. */
int cx_kf_parse(cx_kf *p, const char *text, size_t len);

/* Records the first error as "FILE:LINE: message" (or "FILE: message" when
 * line is 0) and returns status (the first status when one was recorded). */
int cx_kf_fail(cx_kf *p, int status, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

cx_entry *cx_kf_find(cx_entry *entries, size_t n, const char *key);

/* Character classes of the C locale, independent of the current locale. */
int cx_kf_is_alpha(int c);
int cx_kf_is_space(int c);
/* Non-empty and every character in [A-Za-z0-9_-]. */
int cx_kf_is_identifier(const char *s);
/* A malloc'ed copy of n bytes of s, NUL-terminated; NULL when out of memory. */
char *cx_kf_dup(const char *s, size_t n);
/* Strips blanks at both ends in place; returns the new start. */
char *cx_kf_trim(char *s);
/* One number at *s (leading blanks skipped): [+-]digits[.digits][(e|E)[+-]digits]
 * or [+-].digits[...]. Returns 0 (value stored, *s advanced), 1 when not a
 * number, 2 for nan/inf, 3 when the magnitude overflows a double. A number
 * ends at a blank or at the end of the text. */
int cx_kf_scan_number(const char **s, double *out);
/* All blank-separated numbers of s: the count (up to max stored in out), or -1
 * when a token is not a number (*why: cx_kf_scan_number's code). */
long cx_kf_scan_numbers(const char *s, double *out, size_t max, int *why);

#endif
