/* fuzz_lines.c - libFuzzer target: the one bounded line reader (cx_lines)
 * over real file descriptors, and the script reader of --batch - on top of it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 picks the line limit (1 to 64 bytes, so that over-long lines
 * are common) and whether the bytes come through a pipe written in pieces or
 * through a regular file; the rest is the text, unterminated last lines, CR,
 * NUL and byte-order marks included. Each line the reader returns is checked
 * against a plain reference splitter written here: the same lines, the same
 * line numbers, the same error at the same line. Then the text runs as a
 * command script on standard input (the --batch - path), which must not crash
 * or grow without bound. */
#include "config.h"

#include <fcntl.h>

#include "cevnsx/cx_errno.h"
#include "cevnsx/cx_text.h"
#include "fuzz_app.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

/* What the reader must return for the line of text[*pos..n): CX_CONTINUE with
 * [*start, *start + *len), CX_OK at the end, or the error. */
static int reference_next(const uint8_t *t, size_t n, size_t *pos, long lineno, size_t max,
                          size_t *start, size_t *len)
{
    if (*pos >= n)
        return CX_OK;
    size_t s = *pos, e = s;
    while (e < n && t[e] != '\n')
        e++;
    size_t l = e - s;
    if (l > 0 && t[s + l - 1] == '\r')
        l--;
    if (l > max)
        return CX_ERANGE;
    if (memchr(t + s, 0, l))
        return CX_EPARSE;
    if (lineno == 1 && l >= 3 && memcmp(t + s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        l -= 3;
    }
    *start = s;
    *len = l;
    *pos = e < n ? e + 1 : e;
    return CX_CONTINUE;
}

/* Gives fd the bytes: a pipe is filled before reading (inputs are far below
 * the pipe's capacity), in pieces of `piece` bytes so reads see short counts. */
static int source(const uint8_t *t, size_t n, int use_pipe, size_t piece)
{
    int fd[2];
    if (!use_pipe) {
        FILE *f = fopen("fuzz-lines.txt", "wb");
        if (!f)
            return -1;
        fwrite(t, 1, n, f);
        if (fclose(f) != 0)
            return -1;
        return open("fuzz-lines.txt", O_RDONLY);
    }
    if (pipe(fd) != 0)
        return -1;
    for (size_t o = 0; o < n; o += piece) {
        size_t k = n - o < piece ? n - o : piece;
        if (write(fd[1], t + o, k) != (ssize_t)k)
            abort();
    }
    close(fd[1]);
    return fd[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 16384)
        return 0;
    fuzz_setup();
    const uint8_t *t = data + 1;
    size_t n = size - 1, max = (size_t)(data[0] & 63u) + 1;
    int use_pipe = (data[0] & 64u) != 0;
    size_t piece = (data[0] & 128u) ? 7 : 4096;

    int fd = source(t, n, use_pipe, piece);
    if (fd < 0)
        return 0;
    int st;
    cx_lines *r = cx_lines_alloc(fd, max, &st);
    if (!r)
        abort();
    size_t pos = 0;
    for (long lineno = 1;; lineno++) {
        size_t rs = 0, rl = 0, len = 0;
        char *line = NULL;
        int want = reference_next(t, n, &pos, lineno, max, &rs, &rl);
        int got = cx_lines_next(r, &line, &len);
        if (got != want)
            abort();
        if (got != CX_CONTINUE) {
            /* errors name the line they happened on, and stay */
            if (got != CX_OK &&
                (cx_lines_number(r) != lineno || cx_lines_next(r, &line, &len) != got))
                abort();
            break;
        }
        if (cx_lines_number(r) != lineno || len != rl || memcmp(line, t + rs, rl) != 0 ||
            line[len] != '\0')
            abort();
    }
    cx_lines_free(r);
    close(fd);

    /* The same text as a command script on standard input (--batch -), only
     * when it stays inside the sandbox rules of the interpreter harness. */
    char *text = fuzz_string(t, n);
    if (text && fuzz_text_ok(text)) {
        int in = source(t, n, 1, piece), saved = dup(STDIN_FILENO);
        if (in >= 0 && saved >= 0 && dup2(in, STDIN_FILENO) >= 0) {
            app_state s;
            app_state_init_lazy(&s, "csi", CX_ENGINE_FAST);
            app_cmd_exec_file(&s, "-", fuzz_null, fuzz_null);
            app_state_done(&s);
            dup2(saved, STDIN_FILENO);
        }
        if (in >= 0)
            close(in);
        if (saved >= 0)
            close(saved);
    }
    free(text);
    fuzz_reset();
    return 0;
}
