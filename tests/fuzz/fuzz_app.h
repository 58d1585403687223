/* fuzz_app.h - sandbox shared by the fuzz harnesses of the command
 * interpreter (fuzz_cmd.c) and the saved-state loader (fuzz_state.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The harnesses run arbitrary commands, `save` included, so they must not be
 * able to touch anything outside a private directory:
 *  - the process works in a fresh directory under $TMPDIR (chdir), holding
 *    copies of the shipped detector files so that `detector csi.det` and
 *    relative `save`/`load` names work;
 *  - inputs containing '/' are rejected before anything runs, so every file
 *    name a command can see is a plain name inside that directory (the
 *    splitter cannot make a '/' out of other bytes);
 *  - after every input the directory is reset to the copies of the detector
 *    files, so that runs are reproducible;
 *  - HOME and XDG_CONFIG_HOME point into the directory; CEVNSX_DATADIR points
 *    to the source tree's data/ (read only).
 * Commands that take seconds per call (the reference engine, scans without a
 * small explicit grid, profiled scans) are skipped: they do not add parser
 * coverage and would make libFuzzer report timeouts. */
#ifndef CEVNSX_FUZZ_APP_H
#define CEVNSX_FUZZ_APP_H

#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_cmd.h"
#include "app/app_state.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "data"
#endif

#define FUZZ_MAX_INPUT 8192
#define FUZZ_MAX_POINTS 21 /* per axis of scan/contour */

static char fuzz_dir[4096];
static FILE *fuzz_null;

static int fuzz_is_seed(const char *name);

/* Removes every file of the sandbox but the seeds; with all != 0 the seeds
 * and the directory too. */
static void fuzz_clean(int all)
{
    DIR *d = opendir(fuzz_dir);
    struct dirent *e;
    char path[8192];
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (!all && fuzz_is_seed(e->d_name))
            continue;
        if (snprintf(path, sizeof path, "%s/%s", fuzz_dir, e->d_name) < (int)sizeof path)
            unlink(path);
    }
    closedir(d);
    if (all)
        rmdir(fuzz_dir);
}

static void fuzz_atexit(void)
{
    if (chdir("/") == 0)
        fuzz_clean(1);
}

/* Copies src to the sandbox file name; returns 0 on success. */
static int fuzz_copy(const char *src, const char *name)
{
    char buf[65536];
    size_t n;
    FILE *in = fopen(src, "rb"), *out;
    if (!in)
        return -1;
    out = fopen(name, "wb");
    if (!out) {
        fclose(in);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    return fclose(out) == 0 ? 0 : -1;
}

static char fuzz_data[4096]; /* absolute data directory */

/* The seed files as copied, to notice when an input replaced one. */
static struct {
    char name[256];
    struct stat sb;
} fuzz_seeds[32];
static size_t fuzz_n_seeds;

/* 1 when the sandbox file name is the unchanged seed i. */
static int fuzz_seed_intact(size_t i)
{
    struct stat sb;
    return lstat(fuzz_seeds[i].name, &sb) == 0 && sb.st_ino == fuzz_seeds[i].sb.st_ino &&
           sb.st_size == fuzz_seeds[i].sb.st_size &&
           sb.st_mtim.tv_sec == fuzz_seeds[i].sb.st_mtim.tv_sec &&
           sb.st_mtim.tv_nsec == fuzz_seeds[i].sb.st_mtim.tv_nsec;
}

/* Copies the shipped detector files into the sandbox (cwd), those that are
 * missing or changed only. */
static void fuzz_seed(void)
{
    char det[4200];
    DIR *d;
    struct dirent *e;
    if (fuzz_n_seeds > 0) {
        for (size_t i = 0; i < fuzz_n_seeds; i++) {
            if (!fuzz_seed_intact(i)) {
                char src[sizeof det + 258];
                if (snprintf(src, sizeof src, "%s/detectors/%s", fuzz_data, fuzz_seeds[i].name) >=
                    (int)sizeof src)
                    continue;
                unlink(fuzz_seeds[i].name);
                fuzz_copy(src, fuzz_seeds[i].name);
                lstat(fuzz_seeds[i].name, &fuzz_seeds[i].sb);
            }
        }
        return;
    }
    if (snprintf(det, sizeof det, "%s/detectors", fuzz_data) >= (int)sizeof det)
        return;
    if ((d = opendir(det)) != NULL) {
        while ((e = readdir(d)) != NULL && fuzz_n_seeds < 32) {
            size_t n = strlen(e->d_name);
            if (n > 4 && n < 256 && strcmp(e->d_name + n - 4, ".det") == 0) {
                char src[sizeof det + 258];
                if (snprintf(src, sizeof src, "%s/%s", det, e->d_name) >= (int)sizeof src)
                    continue;
                if (fuzz_copy(src, e->d_name) == 0 &&
                    lstat(e->d_name, &fuzz_seeds[fuzz_n_seeds].sb) == 0)
                    memcpy(fuzz_seeds[fuzz_n_seeds++].name, e->d_name, n + 1);
            }
        }
        closedir(d);
    }
}

/* 1 when name is one of the seeds. */
static int fuzz_is_seed(const char *name)
{
    for (size_t i = 0; i < fuzz_n_seeds; i++)
        if (strcmp(name, fuzz_seeds[i].name) == 0)
            return 1;
    return 0;
}

/* After an input: back to the seeds only (a `save csi.det` must not change
 * what the next input sees). */
static void fuzz_reset(void)
{
    fuzz_clean(0);
    fuzz_seed();
}

/* Creates the sandbox once. Exits on failure: nothing may run outside it. */
static void fuzz_setup(void)
{
    const char *tmp = getenv("TMPDIR");
    const char *data = getenv("CEVNSX_DATADIR");
    if (fuzz_null)
        return;
    /* As main() does: the engine checks every GSL status itself. */
    gsl_set_error_handler_off();
    if (!data || !*data)
        data = FUZZ_DATADIR;
    /* An absolute data directory: the process changes its directory below. */
    if (!realpath(data, fuzz_data)) {
        fprintf(stderr, "fuzz: data directory %s not found\n", data);
        exit(1);
    }
    setenv("CEVNSX_DATADIR", fuzz_data, 1);
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/cevnsx-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir) || chdir(fuzz_dir) != 0) {
        perror("fuzz: sandbox");
        exit(1);
    }
    atexit(fuzz_atexit);
    setenv("HOME", fuzz_dir, 1);
    setenv("XDG_CONFIG_HOME", fuzz_dir, 1);
    setenv("XDG_STATE_HOME", fuzz_dir, 1);
    fuzz_seed();
    fuzz_null = fopen("/dev/null", "w");
    if (!fuzz_null) {
        perror("fuzz: /dev/null");
        exit(1);
    }
}

/* 1 when the points value v (N or NXxNY) is small enough or malformed (the
 * command rejects malformed values itself). */
static int fuzz_points_ok(const char *v)
{
    char *end;
    long a = strtol(v, &end, 10);
    if (end == v)
        return 1;
    if (a > FUZZ_MAX_POINTS)
        return 0;
    if (*end == 'x') {
        const char *y = end + 1;
        long b = strtol(y, &end, 10);
        if (end != y && b > FUZZ_MAX_POINTS)
            return 0;
    }
    return 1;
}

/* 1 when the split command would take too long for fuzzing. */
static int fuzz_slow_command(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[0], "engine") == 0 && strcmp(argv[1], "reference") == 0)
        return 1;
    if (strcmp(argv[0], "scan") != 0 && strcmp(argv[0], "contour") != 0)
        return 0;
    int has_n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strncmp(a, "--profile", 9) == 0)
            return 1;
        if (strcmp(a, "-n") == 0 || strcmp(a, "--points") == 0)
            v = i + 1 < argc ? argv[i + 1] : "";
        else if (strncmp(a, "-n", 2) == 0)
            v = a + 2;
        else if (strncmp(a, "--points=", 9) == 0)
            v = a + 9;
        if (v) {
            has_n = 1;
            if (!fuzz_points_ok(v))
                return 1;
        }
    }
    return !has_n;
}

/* 1 when line may run in the sandbox: no '/', no slow command. */
static int fuzz_line_ok(const char *line)
{
    size_t len = strlen(line);
    char *buf, *argv[257];
    const char *rest = line, *what;
    int ok = 1;
    if (strchr(line, '/'))
        return 0;
    buf = malloc(len + 1);
    if (!buf)
        return 0;
    while (ok && rest) {
        int n = app_cmd_split(rest, buf, len + 1, argv, 256, &rest, &what);
        if (n < 0)
            break; /* the interpreter stops here too */
        if (n > 0 && fuzz_slow_command(n, argv))
            ok = 0;
    }
    free(buf);
    return ok;
}

/* Copies data into a NUL-terminated string; NULL when too long. */
static char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s;
    if (size > FUZZ_MAX_INPUT)
        return NULL;
    s = malloc(size + 1);
    if (!s)
        return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* 1 when every line of text (NUL-terminated) passes fuzz_line_ok(). Lines
 * end at '\n' or '\r' as in the script runner. */
static int fuzz_text_ok(char *text)
{
    char *p = text;
    for (;;) {
        size_t n = strcspn(p, "\n");
        char save = p[n];
        p[n] = '\0';
        int ok = fuzz_line_ok(p);
        p[n] = save;
        if (!ok)
            return 0;
        if (!save)
            return 1;
        p += n + 1;
    }
}

#endif
