/* cx_text.h - opening and reading the program's text inputs safely.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every text file cevnsx reads (detector files, command scripts, state files,
 * demo scripts, the command-line history) and standard input when it carries
 * commands go through these two functions, so that all of them share one set
 * of limits:
 *
 *  - cx_text_open() never blocks and opens regular files only: a FIFO, a
 *    device node or a directory is refused with a message instead of hanging
 *    the program (a FIFO opened for reading waits for a writer) or reading an
 *    endless stream such as /dev/zero;
 *  - cx_lines reads one line at a time into a buffer of fixed size: a line
 *    longer than its limit, or one holding a NUL byte, is an error that names
 *    the line, so no input can make the program grow without bound. */
#ifndef CEVNSX_CX_TEXT_H
#define CEVNSX_CX_TEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest line of a command script or state file, in bytes without the line
 * end. Real lines are a few hundred bytes; the limit only stops runaway input. */
#define CX_TEXT_LINE_MAX 65536

/* Opens path for reading without blocking and checks that it is a regular
 * file; on success returns CX_OK and a descriptor in *fd (blocking again, so
 * reads behave normally; close it with close()). On failure returns CX_EIO
 * and writes "PATH: cannot open: REASON" or "PATH: not a regular file" into
 * err (errlen bytes, may be 0). */
int cx_text_open(const char *path, int *fd, char *err, size_t errlen);

/* A line reader over a file descriptor it does not own. */
typedef struct cx_lines cx_lines;

/* Allocates a reader for fd whose lines may hold at most max_line bytes
 * (1 to 64 MiB). Returns NULL with *status CX_EINVAL or CX_ENOMEM. */
cx_lines *cx_lines_alloc(int fd, size_t max_line, int *status);

/* Frees a reader; NULL is allowed. The descriptor stays open. */
void cx_lines_free(cx_lines *r);

/* Reads the next line. On CX_CONTINUE *line points to the line, without its
 * line end ("\n", "\r\n" or the end of input) and NUL-terminated, valid until
 * the next call; *len is its length. A UTF-8 byte-order mark before the first
 * line is skipped. Returns CX_OK at the end of the input, CX_ERANGE for a line
 * longer than max_line, CX_EPARSE for a NUL byte in a line, CX_EIO for a read
 * error (errno tells which). After an error every later call returns it again.
 * A read interrupted by a signal is retried unless cx_lines_interrupt() was
 * called; then it returns CX_EIO with errno EINTR. */
int cx_lines_next(cx_lines *r, char **line, size_t *len);

/* The number of the line last returned (1 for the first), or of the line that
 * caused the error. */
long cx_lines_number(const cx_lines *r);

/* Makes a read that a signal interrupts return instead of being retried, so
 * that a front end can stop reading from a terminal on Ctrl-C. */
void cx_lines_interrupt(cx_lines *r, int on);

/* Reads a plain decimal number, the one number grammar of every value a user
 * types or a file holds: [+-]digits[.digits][(e|E)[+-]digits], also ".5" and
 * "5.", with blanks around it allowed. Hexadecimal numbers, "inf", "nan",
 * locale decimal commas and trailing text are refused. The result does not
 * depend on the locale. Returns CX_OK, CX_EINVAL (not such a number) or
 * CX_ERANGE (it overflows a double). */
int cx_text_parse_number(const char *text, double *value);

/* Length in bytes of the well-formed UTF-8 character at s (n bytes left; 1
 * for ASCII), or 0 when it is none: a stray continuation byte, a cut
 * sequence, an overlong form, a surrogate or a code point above U+10FFFF
 * (RFC 3629). */
size_t cx_text_utf8_length(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
