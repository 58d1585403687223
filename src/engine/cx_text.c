/* cx_text.c - non-blocking opens of regular files and a bounded line reader.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_text.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cevnsx/cx_errno.h"

#define LINE_LIMIT_MAX (64u * 1024u * 1024u)
#define CHUNK 65536 /* bytes asked of read() at a time */

int cx_text_open(const char *path, int *fd, char *err, size_t errlen)
{
    struct stat sb;
    if (err && errlen)
        err[0] = '\0';
    if (!path || !fd)
        return CX_EINVAL;
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
     * writer; it is cleared below for the regular file that remains. */
    int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (f < 0) {
        int en = errno;
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open: %s", path, strerror(en));
        return CX_EIO;
    }
    if (fstat(f, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int isdir = S_ISDIR(sb.st_mode);
        close(f);
        if (err && errlen)
            snprintf(err, errlen, "%s: %s", path,
                     isdir ? "is a directory" : "not a regular file (a FIFO, device or socket)");
        return CX_EIO;
    }
    int fl = fcntl(f, F_GETFL);
    if (fl == -1 || fcntl(f, F_SETFL, fl & ~O_NONBLOCK) == -1) {
        int en = errno;
        close(f);
        if (err && errlen)
            snprintf(err, errlen, "%s: cannot open: %s", path, strerror(en));
        return CX_EIO;
    }
    *fd = f;
    return CX_OK;
}

struct cx_lines {
    int fd;
    size_t max_line;
    char *buf;     /* max_line + CHUNK + 1 bytes */
    size_t cap;    /* usable bytes of buf */
    size_t start;  /* first byte of the unread data */
    size_t end;    /* one past the last byte read */
    long lineno;   /* number of the line last returned */
    int eof;       /* read() returned 0 */
    int error;     /* sticky error status, CX_OK when none */
    int err_errno; /* errno of a read error */
    int interrupt; /* EINTR ends a read */
};

cx_lines *cx_lines_alloc(int fd, size_t max_line, int *status)
{
    int st = CX_OK;
    cx_lines *r = NULL;
    if (fd < 0 || max_line < 1 || max_line > LINE_LIMIT_MAX)
        st = CX_EINVAL;
    else if (!(r = calloc(1, sizeof *r)))
        st = CX_ENOMEM;
    else {
        r->fd = fd;
        r->max_line = max_line;
        /* A line, its line end (2 bytes) and one chunk of what follows fit. */
        r->cap = max_line + 2 + CHUNK;
        if (!(r->buf = malloc(r->cap + 1))) {
            free(r);
            r = NULL;
            st = CX_ENOMEM;
        }
    }
    if (status)
        *status = st;
    return r;
}

void cx_lines_free(cx_lines *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r);
}

long cx_lines_number(const cx_lines *r)
{
    return r ? r->lineno : 0;
}

void cx_lines_interrupt(cx_lines *r, int on)
{
    if (r)
        r->interrupt = on != 0;
}

/* Reads more input behind what is buffered; returns CX_OK (possibly at the
 * end of input: r->eof) or CX_EIO. */
static int fill(cx_lines *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    size_t room = r->cap - r->end;
    if (room > CHUNK)
        room = CHUNK;
    for (;;) {
        ssize_t got = read(r->fd, r->buf + r->end, room);
        if (got > 0) {
            r->end += (size_t)got;
            return CX_OK;
        }
        if (got == 0) {
            r->eof = 1;
            return CX_OK;
        }
        if (errno == EINTR && !r->interrupt)
            continue;
        r->err_errno = errno;
        return CX_EIO;
    }
}

static int fail(cx_lines *r, int status)
{
    r->error = status;
    if (status == CX_EIO)
        errno = r->err_errno;
    return status;
}

int cx_lines_next(cx_lines *r, char **line, size_t *len)
{
    if (!r || !line || !len)
        return CX_EINVAL;
    if (r->error != CX_OK) {
        if (r->error == CX_EIO)
            errno = r->err_errno;
        return r->error;
    }
    for (size_t scanned = 0;;) {
        char *p = r->buf + r->start;
        size_t have = r->end - r->start;
        char *nl = memchr(p + scanned, '\n', have - scanned);
        size_t n = nl ? (size_t)(nl - p) : have;
        if (!nl && !r->eof && n <= r->max_line + 1) {
            scanned = have;
            if (fill(r) != CX_OK) {
                r->lineno++;
                return fail(r, CX_EIO);
            }
            continue;
        }
        if (!nl && r->eof && have == 0)
            return CX_OK;
        r->lineno++;
        size_t text = n;
        if (text > 0 && p[text - 1] == '\r')
            text--;
        if (text > r->max_line)
            return fail(r, CX_ERANGE);
        if (memchr(p, '\0', text))
            return fail(r, CX_EPARSE);
        if (r->lineno == 1 && text >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            text -= 3;
        }
        p[text] = '\0';
        *line = p;
        *len = text;
        r->start += nl ? n + 1 : n;
        return CX_CONTINUE;
    }
}

size_t cx_text_utf8_length(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k;
    unsigned long cp;
    if (!s || n == 0)
        return 0;
    if (u[0] < 0x80)
        return 1;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        k = 2;
        cp = u[0] & 0x1Fu;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        k = 3;
        cp = u[0] & 0x0Fu;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        k = 4;
        cp = u[0] & 0x07u;
    } else {
        return 0;
    }
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (u[i] & 0x3Fu);
    }
    if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

int cx_text_parse_number(const char *text, double *value)
{
    if (!text || !value)
        return CX_EINVAL;
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    /* The digits go to buf without the decimal point, the point becomes a
     * power of ten: strtod then never sees the locale's decimal separator. */
    char buf[400];
    size_t n = 0;
    long shift = 0;
    int digits = 0;
    if (*p == '+' || *p == '-')
        buf[n++] = *p++;
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if (n < 300)
            buf[n++] = *p;
        else
            shift++; /* beyond 300 digits: only the magnitude counts */
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            if (n < 300) {
                buf[n++] = *p;
                shift--;
            }
    }
    if (digits == 0)
        return CX_EINVAL;
    long ex = 0;
    if (*p == 'e' || *p == 'E') {
        int sign = 1, ed = 0;
        p++;
        if (*p == '+' || *p == '-')
            sign = *p++ == '-' ? -1 : 1;
        for (; *p >= '0' && *p <= '9'; p++, ed++)
            if (ex < 100000)
                ex = ex * 10 + (*p - '0');
        if (ed == 0)
            return CX_EINVAL;
        ex *= sign;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0')
        return CX_EINVAL;
    snprintf(buf + n, sizeof buf - n, "e%ld", ex + shift);
    errno = 0;
    double v = strtod(buf, NULL);
    if ((errno == ERANGE && fabs(v) > 1.0) || isinf(v))
        return CX_ERANGE;
    *value = v;
    return CX_OK;
}
