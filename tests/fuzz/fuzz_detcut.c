/* fuzz_detcut.c - libFuzzer target: the detector loader on cut and mutated
 * copies of the shipped detector files, read from a real file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 picks a shipped file (the .det files of data/detectors, in name order),
 * bytes 1-2 where to cut it (a fraction of its length), and the rest up to
 * eight (position, byte) pairs written over the copy. The copy is loaded with
 * cx_detector_load() and, when that succeeds, a model is built and evaluated.
 * The contract checked: a copy that was only cut (no byte changed) of a file
 * in format version 2 or later, which ends in a required end marker, either
 * fails to load or gives exactly the numbers of the whole file (total and
 * every bin): a file cut short can never pass for a complete one. */
#include "config.h"

#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cevnsx/cevnsx.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "data"
#endif

#define MAX_FILES 32
#define MAX_MUT 8

typedef struct {
    char *text;
    size_t len;
    int version;  /* format version of the magic line */
    double total; /* events of the whole file, default parameters */
    double *spec; /* per bin */
    size_t n_bins;
} shipped;

static shipped files[MAX_FILES];
static size_t n_files;
static char work_dir[4096];

static void remove_work_dir(void)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/fuzz-detcut.det", work_dir);
    remove(path);
    rmdir(work_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads path and evaluates its default model; 0 on success. */
static int evaluate(const char *path, double *total, double **spec, size_t *n_bins)
{
    int st;
    char err[512];
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    if (!d)
        return 1;
    cx_model *m = cx_model_alloc(d, CX_ENGINE_FAST, &st);
    int rc = 1;
    if (m && cx_model_update(m) == CX_OK) {
        *total = cx_model_total(m);
        *n_bins = cx_model_n_bins(m);
        *spec = malloc((*n_bins ? *n_bins : 1) * sizeof **spec);
        if (!*spec)
            abort();
        memcpy(*spec, cx_model_spectrum(m), *n_bins * sizeof **spec);
        rc = 0;
    }
    cx_model_free(m);
    cx_detector_free(d);
    return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    char dir[4096], path[8192], *names[MAX_FILES];
    size_t nn = 0;
    snprintf(dir, sizeof dir, "%s/detectors", FUZZ_DATADIR);
    DIR *dp = opendir(dir);
    struct dirent *e;
    if (!dp)
        abort();
    while ((e = readdir(dp)) != NULL && nn < MAX_FILES) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".det") == 0)
            names[nn++] = strdup(e->d_name);
    }
    closedir(dp);
    qsort(names, nn, sizeof *names, cmp_name);
    for (size_t i = 0; i < nn; i++) {
        shipped *s = &files[n_files];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            abort();
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        s->text = malloc((size_t)len + 1);
        if (!s->text || fread(s->text, 1, (size_t)len, f) != (size_t)len)
            abort();
        fclose(f);
        s->len = (size_t)len;
        s->text[len] = '\0';
        if (sscanf(s->text, " cevnsx-detector %d", &s->version) != 1)
            s->version = 0;
        if (evaluate(path, &s->total, &s->spec, &s->n_bins) != 0)
            abort(); /* a shipped file must load */
        n_files++;
        free(names[i]);
    }
    if (n_files == 0)
        abort();
    /* the cut copies go to a private directory */
    snprintf(work_dir, sizeof work_dir, "%s/cevnsx-detcut.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(work_dir) || chdir(work_dir) != 0)
        abort();
    atexit(remove_work_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const shipped *s = &files[data[0] % n_files];
    size_t cut = (size_t)(((uint64_t)(data[1] << 8 | data[2]) * (s->len + 1)) >> 16);
    char *copy = malloc(cut + 1);
    if (!copy)
        abort();
    memcpy(copy, s->text, cut);
    size_t n_mut = 0;
    for (size_t i = 3; i + 1 < size && n_mut < MAX_MUT; i += 2, n_mut++)
        if (cut > 0)
            copy[((size_t)data[i] << 8 | data[i + 1]) % cut] = (char)(data[i] ^ 0x5a);
    /* a mutation that wrote the byte already there changed nothing */
    int changed = cut > 0 && memcmp(copy, s->text, cut) != 0;
    FILE *f = fopen("fuzz-detcut.det", "wb");
    if (!f) {
        free(copy);
        return 0;
    }
    fwrite(copy, 1, cut, f);
    free(copy);
    if (fclose(f) != 0)
        return 0;
    double total = 0;
    double *spec = NULL;
    size_t nb = 0;
    int loaded = evaluate("fuzz-detcut.det", &total, &spec, &nb) == 0;
    if (loaded && !changed && s->version >= 2) {
        if (total != s->total || nb != s->n_bins || memcmp(spec, s->spec, nb * sizeof *spec) != 0)
            abort(); /* a cut file passed for the whole one with other numbers */
    }
    free(spec);
    remove("fuzz-detcut.det");
    return 0;
}
