/* replay.c - runs a fuzz harness without libFuzzer: a main() that feeds files
 * to LLVMFuzzerTestOneInput(), for `make check` (tests/fuzz/replay_*).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usage: replay_TARGET [FILE | DIRECTORY]...
 * Without arguments it replays $top_srcdir/tests/fuzz/corpus/TARGET and
 * tests/fuzz/regress/TARGET (the seeds and every crasher found so far). Prints
 * TAP, one point per file. A harness reports a violated contract by aborting,
 * a sanitizer build by its report; either ends the program, which the test
 * driver counts as a failure. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the harness"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char **files;
static size_t n_files, cap_files;

static void add_file(const char *path)
{
    char abs[4096];
    if (!realpath(path, abs)) {
        fprintf(stderr, "replay: %s: not found\n", path);
        exit(99);
    }
    if (n_files == cap_files) {
        cap_files = cap_files ? 2 * cap_files : 64;
        files = realloc(files, cap_files * sizeof *files);
        if (!files)
            exit(99);
    }
    files[n_files] = strdup(abs);
    if (!files[n_files++])
        exit(99);
}

/* Adds path, or the regular files of a directory in name order. A missing
 * directory is fine when optional. */
static void add_path(const char *path, int optional)
{
    struct stat sb;
    struct dirent **list;
    int n;
    if (stat(path, &sb) != 0) {
        if (optional)
            return;
        fprintf(stderr, "replay: %s: not found\n", path);
        exit(99);
    }
    if (!S_ISDIR(sb.st_mode)) {
        add_file(path);
        return;
    }
    n = scandir(path, &list, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: cannot list %s\n", path);
        exit(99);
    }
    for (int i = 0; i < n; i++) {
        char sub[8192];
        int len = snprintf(sub, sizeof sub, "%s/%s", path, list[i]->d_name);
        if (len < (int)sizeof sub && list[i]->d_name[0] != '.' && stat(sub, &sb) == 0 &&
            S_ISREG(sb.st_mode))
            add_file(sub);
        free(list[i]);
    }
    free(list);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            add_path(argv[i], 0);
    } else {
        const char *top = getenv("top_srcdir");
        char dir[4096];
        if (!top || !*top)
            top = ".";
        snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top, FUZZ_TARGET);
        add_path(dir, 0);
        snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", top, FUZZ_TARGET);
        add_path(dir, 1);
    }
    if (n_files == 0) {
        printf("1..0 # SKIP no inputs\n");
        return 0;
    }
    /* Paths are absolute now: the harness may change the directory. */
    LLVMFuzzerInitialize(&argc, &argv);
    printf("1..%zu\n", n_files);
    for (size_t i = 0; i < n_files; i++) {
        FILE *fp = fopen(files[i], "rb");
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0, r;
        if (!fp) {
            printf("not ok %zu - cannot read %s\n", i + 1, files[i]);
            continue;
        }
        do {
            if (len == cap) {
                cap = cap ? 2 * cap : 4096;
                buf = realloc(buf, cap);
                if (!buf)
                    exit(99);
            }
            r = fread(buf + len, 1, cap - len, fp);
            len += r;
        } while (r > 0);
        fclose(fp);
        fflush(stdout);
        LLVMFuzzerTestOneInput(buf, len);
        printf("ok %zu - %s %s\n", i + 1, FUZZ_TARGET, strrchr(files[i], '/') + 1);
        fflush(stdout);
        free(buf);
        free(files[i]);
    }
    free(files);
    return 0;
}
