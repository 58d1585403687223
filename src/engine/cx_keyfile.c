/* cx_keyfile.c - the lexer of key files (cx_keyfile.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cx_keyfile.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cx_errno.h"
#include "cevnsx/cx_text.h"

#define MAX_DIGITS 200 /* significant digits kept for one number */

void cx_kf_init(cx_kf *p, const cx_kf_schema *schema, void *user, const char *file, char *err,
                size_t errlen, cx_entry **entries, size_t *n_entries)
{
    memset(p, 0, sizeof *p);
    p->schema = schema;
    p->user = user;
    p->file = file;
    p->err = err;
    p->errlen = errlen;
    p->status = CX_OK;
    p->cur_sec = -1;
    p->entries = entries;
    p->n_entries = n_entries;
}

int cx_kf_fail(cx_kf *p, int status, int line, const char *fmt, ...)
{
    if (p->status != CX_OK)
        return p->status;
    p->status = status;
    if (p->err && p->errlen > 0) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        if (line > 0)
            snprintf(p->err, p->errlen, "%s:%d: %s", p->file, line, msg);
        else
            snprintf(p->err, p->errlen, "%s: %s", p->file, msg);
        /* keep the message on one line whatever the file name holds */
        for (char *c = p->err; *c; c++)
            if (*c == '\n' || *c == '\r')
                *c = ' ';
    }
    return status;
}

/* ------------------------------------------------------- small utilities */

/* Character classes of the C locale, independent of the current locale. */
static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}
int cx_kf_is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
int cx_kf_is_space(int c)
{
    return c == ' ' || c == '\t';
}
static int is_word(int c)
{
    return cx_kf_is_alpha(c) || is_digit(c) || c == '_';
}
static int is_ident(int c)
{
    return is_word(c) || c == '-';
}

/* True when s is non-empty and every character is in [A-Za-z0-9_-]. */
int cx_kf_is_identifier(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!is_ident((unsigned char)*s))
            return 0;
    return 1;
}

char *cx_kf_dup(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

/* Strips blanks at both ends in place; returns the new start. */
char *cx_kf_trim(char *s)
{
    while (cx_kf_is_space((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && cx_kf_is_space((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Parses one number at *s (leading blanks skipped): [+-]digits[.digits][(e|E)[+-]digits]
 * or [+-].digits[...]. On success stores the value, advances *s past it and
 * returns 0. Returns 1 when the text is not a number, 2 for nan/inf, 3 when the
 * magnitude overflows a double. The digits are rewritten without a decimal
 * point ("14.57" -> "1457e-2") so strtod's result is locale-independent. */
int cx_kf_scan_number(const char **s, double *out)
{
    const char *c = *s;
    char buf[MAX_DIGITS + 32];
    size_t nb = 0, nsig = 0;
    long exp10 = 0, e = 0;
    int any = 0, esign = 1;

    while (cx_kf_is_space((unsigned char)*c))
        c++;
    if (*c == '+' || *c == '-') {
        if (*c == '-')
            buf[nb++] = '-';
        c++;
    }
    /* nan, inf, infinity in any case, as strtod would read them */
    if (cx_kf_is_alpha((unsigned char)*c)) {
        const char *w = c;
        while (cx_kf_is_alpha((unsigned char)*w))
            w++;
        size_t wl = (size_t)(w - c);
        char word[16];
        if (wl < sizeof word) {
            for (size_t i = 0; i < wl; i++)
                word[i] = (char)(c[i] | 0x20);
            word[wl] = '\0';
            if (!strcmp(word, "nan") || !strcmp(word, "inf") || !strcmp(word, "infinity"))
                return 2;
        }
        return 1;
    }
    for (; is_digit((unsigned char)*c); c++) {
        any = 1;
        if (nsig == 0 && *c == '0')
            continue; /* leading zeros carry nothing */
        if (nsig < MAX_DIGITS) {
            buf[nb++] = *c;
            nsig++;
        } else {
            exp10++; /* digits beyond MAX_DIGITS only scale */
        }
    }
    if (*c == '.') {
        c++;
        for (; is_digit((unsigned char)*c); c++) {
            any = 1;
            if (nsig == 0 && *c == '0') {
                exp10--;
                continue;
            }
            if (nsig < MAX_DIGITS) {
                buf[nb++] = *c;
                nsig++;
                exp10--;
            }
        }
    }
    if (!any)
        return 1;
    if (*c == 'e' || *c == 'E') {
        const char *ep = c + 1;
        if (*ep == '+' || *ep == '-') {
            esign = *ep == '-' ? -1 : 1;
            ep++;
        }
        if (!is_digit((unsigned char)*ep))
            return 1;
        for (; is_digit((unsigned char)*ep); ep++)
            if (e < 100000) /* far beyond any double; avoids overflow of e */
                e = e * 10 + (*ep - '0');
        c = ep;
    }
    /* a number ends at a blank, the end of the text, or a unit after a blank */
    if (*c && !cx_kf_is_space((unsigned char)*c))
        return 1;
    double v;
    if (nsig == 0) {
        v = 0.0;
        if (nb > 0 && buf[0] == '-')
            v = -0.0;
    } else {
        snprintf(buf + nb, sizeof buf - nb, "e%ld", exp10 + esign * e);
        errno = 0;
        v = strtod(buf, NULL);
        if (!isfinite(v))
            return 3;
    }
    *out = v;
    *s = c;
    return 0;
}

/* Parses all blank-separated numbers of s. Returns the count (up to max
 * stored in out, counting continues), or -1 when some token is not a number
 * (*why set to scan_number's code). */
long cx_kf_scan_numbers(const char *s, double *out, size_t max, int *why)
{
    long n = 0;
    for (;;) {
        while (cx_kf_is_space((unsigned char)*s))
            s++;
        if (!*s)
            return n;
        double v;
        int r = cx_kf_scan_number(&s, &v);
        if (r) {
            *why = r;
            return -1;
        }
        if (out && (size_t)n < max)
            out[n] = v;
        n++;
    }
}

/* ---------------------------------------------------------------- entries */

cx_entry *cx_kf_find(cx_entry *entries, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(entries[i].key, key))
            return &entries[i];
    return NULL;
}

static cx_entry *entry_add(cx_kf *p, const char *key, int line)
{
    if (*p->n_entries == p->cap_entries) {
        size_t cap = p->cap_entries ? 2 * p->cap_entries : 32;
        cx_entry *e = realloc(*p->entries, cap * sizeof *e);
        if (!e)
            return NULL;
        *p->entries = e;
        p->cap_entries = cap;
    }
    cx_entry *e = &(*p->entries)[(*p->n_entries)++];
    memset(e, 0, sizeof *e);
    snprintf(e->key, sizeof e->key, "%s", key);
    e->line = line;
    return e;
}

/* Appends one numeric row of n values to entry e. */
static int entry_add_row(cx_entry *e, const double *v, size_t n, int line)
{
    /* the row capacity doubles whenever nrows reaches a power of two */
    if ((e->nrows & (e->nrows - 1)) == 0) {
        size_t cap = e->nrows ? 2 * e->nrows : 1;
        double *r = realloc(e->rows, cap * n * sizeof *r);
        if (!r)
            return CX_ENOMEM;
        e->rows = r;
        int *l = realloc(e->row_line, cap * sizeof *l);
        if (!l)
            return CX_ENOMEM;
        e->row_line = l;
    }
    e->row_line[e->nrows] = line;
    memcpy(e->rows + e->nrows * n, v, n * sizeof *v);
    e->nrows++;
    e->ncols = n;
    return CX_OK;
}

/* --------------------------------------------------------- line handling */

static int section_lookup(const cx_kf_schema *sc, const char *name)
{
    for (int i = 0; i < sc->n_sections; i++)
        if (!strcmp(name, sc->sections[i]))
            return i;
    return -1;
}

static int key_known(const cx_kf_schema *sc, int sec, const char *key)
{
    const char *const *k = sc->section_keys[sec];
    if (!k)
        return 1; /* free-form section */
    for (; *k; k++)
        if (!strcmp(*k, key))
            return 1;
    return 0;
}

static int parse_header(cx_kf *p, char *s, int line)
{
    size_t n = strlen(s);
    if (n < 2 || s[n - 1] != ']')
        return cx_kf_fail(p, CX_EPARSE, line, "malformed section header (expected [name])");
    s[n - 1] = '\0';
    char *name = cx_kf_trim(s + 1);
    if (!*name)
        return cx_kf_fail(p, CX_EPARSE, line, "empty section name");
    int sec = section_lookup(p->schema, name);
    if (sec < 0)
        return cx_kf_fail(p, CX_EPARSE, line, "unknown section [%.64s] (known: %s)", name,
                          p->schema->sections_list);
    if (p->version < p->schema->section_version[sec])
        return cx_kf_fail(p, CX_EPARSE, line, "section [%s] needs format version %d", name,
                          p->schema->section_version[sec]);
    if (p->sec_line[sec])
        return cx_kf_fail(p, CX_EPARSE, line, "duplicate section [%s] (first on line %d)", name,
                          p->sec_line[sec]);
    p->sec_line[sec] = line;
    p->cur_sec = sec;
    return CX_OK;
}

static int parse_keyvalue(cx_kf *p, char *s, int line)
{
    char *eq = strchr(s, '=');
    if (!eq) {
        /* a lone word is most likely a key whose '=' was forgotten */
        return cx_kf_fail(p, CX_EPARSE, line, "malformed line: missing '=' (expected key = value)");
    }
    *eq = '\0';
    char *key = cx_kf_trim(s);
    char *value = cx_kf_trim(eq + 1);
    if (!*key)
        return cx_kf_fail(p, CX_EPARSE, line, "malformed line: missing key before '='");
    for (const char *c = key; *c; c++)
        if (!is_word((unsigned char)*c))
            return cx_kf_fail(p, CX_EPARSE, line,
                              "malformed key '%.64s' (letters, digits and '_' only)", key);
    if (strlen(key) >= CX_NAME_LEN)
        return cx_kf_fail(p, CX_EPARSE, line, "key too long (at most %d characters)",
                          CX_NAME_LEN - 1);
    if (p->cur_sec < 0)
        return cx_kf_fail(p, CX_EPARSE, line, "key '%s' outside any section", key);
    int sec = p->cur_sec;
    const cx_kf_schema *sc = p->schema;
    if (!key_known(sc, sec, key))
        return cx_kf_fail(p, CX_EPARSE, line, "unknown key '%s' in [%s]", key, sc->sections[sec]);
    if (!*value)
        return cx_kf_fail(p, CX_EPARSE, line, "empty value for '%s'", key);

    char full[2 * CX_NAME_LEN];
    snprintf(full, sizeof full, "%s.%s", sc->sections[sec], key);

    /* the numbers of the value (the schema may read a value itself) */
    double small[8], *vals = small;
    long n = 0;
    int why = 0, rc = CX_OK;
    int own = sc->value ? sc->value(p, sec, key, value, line, small, &n) : 0;
    if (own < 0)
        return p->status;
    if (own == 0) {
        n = cx_kf_scan_numbers(value, NULL, 0, &why);
        if (n > 0 && (size_t)n > sizeof small / sizeof small[0]) {
            vals = malloc((size_t)n * sizeof *vals);
            if (!vals)
                return cx_kf_fail(p, CX_ENOMEM, line, "out of memory");
        }
        if (n > 0)
            cx_kf_scan_numbers(value, vals, (size_t)n, &why);
        /* text values are allowed where the schema says so; they are checked
         * when the known keys are interpreted */
        if (n < 0 && ((sc->numeric_only && sc->numeric_only(sec, key)) ||
                      (sc->is_table && sc->is_table(sec, key))))
            rc = cx_kf_fail(p, CX_EPARSE, line, "%s for '%s' in [%s]",
                            why == 2   ? "non-finite value (nan/inf)"
                            : why == 3 ? "number out of range"
                                       : "non-numeric value",
                            key, sc->sections[sec]);
        if (rc)
            goto out;
    }

    cx_entry *e = cx_kf_find(*p->entries, *p->n_entries, full);
    if (!e) {
        if (*p->n_entries >= sc->max_keys) {
            rc = cx_kf_fail(p, CX_ERANGE, line, "too many keys (at most %zu)", sc->max_keys);
            goto out;
        }
        e = entry_add(p, full, line);
        if (!e || !(e->text = cx_kf_dup(value, strlen(value)))) {
            rc = cx_kf_fail(p, CX_ENOMEM, line, "out of memory");
            goto out;
        }
        if (n > 0 && entry_add_row(e, vals, (size_t)n, line))
            rc = cx_kf_fail(p, CX_ENOMEM, line, "out of memory");
        goto out;
    }
    const char *sep = sc->join && e->text ? sc->join(sec, key) : NULL;
    if (sep) {
        size_t l1 = strlen(e->text), l2 = strlen(value), ls = strlen(sep);
        char *t = realloc(e->text, l1 + ls + l2 + 1);
        if (!t) {
            rc = cx_kf_fail(p, CX_ENOMEM, line, "out of memory");
            goto out;
        }
        memcpy(t + l1, sep, ls);
        memcpy(t + l1 + ls, value, l2 + 1);
        e->text = t;
        goto out;
    }
    /* a repeated key: a table row, or a duplicate scalar */
    if (!(sc->is_table && sc->is_table(sec, key)) || n == 1 || e->ncols == 1 || !e->rows) {
        rc = cx_kf_fail(p, CX_EPARSE, line, "duplicate key '%s' (first on line %d)", key, e->line);
        goto out;
    }
    if ((size_t)n != e->ncols) {
        rc = cx_kf_fail(p, CX_EPARSE, line,
                        "table '%s': row has %ld columns, expected %zu as on line %d", key, n,
                        e->ncols, e->line);
        goto out;
    }
    if (entry_add_row(e, vals, (size_t)n, line)) {
        rc = cx_kf_fail(p, CX_ENOMEM, line, "out of memory");
        goto out;
    }
    free(e->text); /* a table has rows only */
    e->text = NULL;
out:
    if (vals != small)
        free(vals);
    return p->status;
}

static int parse_magic(cx_kf *p, char *s)
{
    char *t = cx_kf_trim(s);
    const char *magic = p->schema->magic;
    size_t ml = strlen(magic);
    if (strncmp(t, magic, ml) != 0 || (t[ml] && !cx_kf_is_space((unsigned char)t[ml])))
        return cx_kf_fail(p, CX_EPARSE, 1, "not a %s file: missing magic line '%s %d'",
                          strncmp(magic, "cevnsx-", 7) == 0 ? magic + 7 : magic, magic,
                          p->schema->max_version);
    char *v = cx_kf_trim(t + ml);
    if (!*v)
        return cx_kf_fail(p, CX_EPARSE, 1, "missing format version after '%s'", magic);
    if (!(v[0] >= '1' && v[0] <= '0' + p->schema->max_version && v[1] == '\0'))
        return cx_kf_fail(p, CX_EPARSE, 1,
                          "unsupported format version '%.32s' (this program reads 1 to %d)", v,
                          p->schema->max_version);
    p->version = v[0] - '0';
    return CX_OK;
}

/* Splits text into lines and feeds them to the line handlers. */
int cx_kf_parse(cx_kf *p, const char *text, size_t len)
{
    const cx_kf_schema *sc = p->schema;
    int end = sc->end_section;
    if (p->status != CX_OK)
        return p->status;
    if (len == 0)
        return cx_kf_fail(p, CX_EPARSE, 0, "empty file");
    if (len > sc->max_bytes)
        return cx_kf_fail(p, CX_ERANGE, 0, "file too large (over %zu KiB)", sc->max_bytes / 1024);
    /* a UTF-8 byte order mark is tolerated */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    /* binary content: NUL bytes, control characters other than tab and the
     * CR of a CRLF line end, or bytes that are not UTF-8 (names and citations
     * reach terminals and JSON output as they are) */
    int line = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n')
            line++;
        else if (c == 0)
            return cx_kf_fail(p, CX_EPARSE, line, "binary file (NUL byte)");
        else if (c == '\r' && i + 1 < len && text[i + 1] != '\n')
            return cx_kf_fail(p, CX_EPARSE, line, "carriage return inside a line");
        else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
            return cx_kf_fail(p, CX_EPARSE, line, "binary file (control character 0x%02x)", c);
        else if (c >= 0x80) {
            size_t k = cx_text_utf8_length(text + i, len - i);
            if (k == 0)
                return cx_kf_fail(p, CX_EPARSE, line, "not UTF-8 text (byte 0x%02x)", c);
            i += k - 1;
        }
    }

    char *buf = cx_kf_dup(text, len);
    if (!buf)
        return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
    char *s = buf;
    line = 0;
    int blank = 1;
    while (s && p->status == CX_OK) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        line++;
        size_t n = strlen(s);
        if (n > 0 && s[n - 1] == '\r')
            s[--n] = '\0';
        if (line == 1) {
            parse_magic(p, s);
        } else {
            char *hash = strchr(s, '#');
            if (hash)
                *hash = '\0';
            char *t = cx_kf_trim(s);
            if (*t)
                blank = 0;
            if (!*t)
                ;
            else if (end >= 0 && p->sec_line[end])
                cx_kf_fail(p, CX_EPARSE, line, "text after [%s] (line %d)", sc->sections[end],
                           p->sec_line[end]);
            else if (*t == '[')
                parse_header(p, t, line);
            else
                parse_keyvalue(p, t, line);
        }
        s = nl ? nl + 1 : NULL;
    }
    free(buf);
    if (p->status == CX_OK && blank)
        return cx_kf_fail(p, CX_EPARSE, 0, "truncated file: nothing after the magic line");
    /* From version 2 on a file ends with [end]: a file cut anywhere is refused. */
    if (p->status == CX_OK && end >= 0 && p->version >= sc->end_version && !p->sec_line[end])
        return cx_kf_fail(p, CX_EPARSE, 0, "truncated file: missing the end marker [%s]",
                          sc->sections[end]);
    return p->status;
}
