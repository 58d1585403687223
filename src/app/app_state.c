/* app_state.c - the application state: detector search, loading, engine
 * switches; and the small helpers of app_util.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_state.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_util.h"

#ifndef CEVNSX_DATADIR
#define CEVNSX_DATADIR "/usr/local/share/cevnsx"
#endif

/* ------------------------------------------------------------- helpers ---- */

void (*app_fatal_cleanup)(void) = NULL;

void app_die(const char *fmt, ...)
{
    va_list ap;
    if (app_fatal_cleanup)
        app_fatal_cleanup();
    fflush(stdout);
    fputs("cevnsx: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

void *app_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        app_die("out of memory");
    return p;
}

void *app_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        app_die("out of memory");
    return q;
}

char *app_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(app_xmalloc(n), s, n);
}

int app_strlcpyf(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    if (n == 0)
        return 1;
    va_start(ap, fmt);
    r = vsnprintf(dst, n, fmt, ap);
    va_end(ap);
    if (r < 0) {
        dst[0] = '\0';
        return 1;
    }
    return (size_t)r >= n;
}

size_t app_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    /* Three rows of the dynamic-programming table (the transposition looks two back). */
    size_t *r0 = app_xmalloc((lb + 1) * sizeof *r0);
    size_t *r1 = app_xmalloc((lb + 1) * sizeof *r1);
    size_t *r2 = app_xmalloc((lb + 1) * sizeof *r2);
    for (size_t j = 0; j <= lb; j++)
        r1[j] = j;
    for (size_t i = 1; i <= la; i++) {
        r2[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = r1[j] + 1;
            if (r2[j - 1] + 1 < d)
                d = r2[j - 1] + 1;
            if (r1[j - 1] + cost < d)
                d = r1[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && r0[j - 2] + 1 < d)
                d = r0[j - 2] + 1;
            r2[j] = d;
        }
        size_t *t = r0;
        r0 = r1;
        r1 = r2;
        r2 = t;
    }
    size_t d = r1[lb];
    free(r0);
    free(r1);
    free(r2);
    return d;
}

void app_suggest(const char *word, const char *const *cands, size_t ncands, char *buf, size_t n)
{
    /* A typo of a third of the word, plus one, is still recognisable; prefixes
     * ("sin2" for "sin2w") always are. */
    size_t wl = strlen(word), limit = wl <= 2 ? 1 : wl / 3 + 1;
    size_t best[3], bestd[3], nb = 0;
    if (n)
        buf[0] = '\0';
    if (wl == 0)
        return;
    for (size_t i = 0; i < ncands; i++) {
        if (!cands[i] || !cands[i][0])
            continue;
        size_t d = app_edit_distance(word, cands[i]);
        if (strncmp(cands[i], word, wl) == 0 && d > 1)
            d = 1;
        if (d > limit || d >= wl)
            continue;
        /* Insert into the sorted top three (stable for equal distances). */
        size_t k = nb < 3 ? nb++ : 3;
        while (k > 0 && bestd[k - 1] > d) {
            if (k < 3) {
                best[k] = best[k - 1];
                bestd[k] = bestd[k - 1];
            }
            k--;
        }
        if (k < 3) {
            best[k] = i;
            bestd[k] = d;
        }
    }
    if (nb == 0)
        return;
    /* Only the candidates as close as the closest one. */
    size_t m = 1;
    while (m < nb && bestd[m] == bestd[0])
        m++;
    size_t len = 0;
    for (size_t k = 0; k < m && len < n; k++) {
        const char *sep = k == 0 ? " (did you mean " : (k + 1 == m ? " or " : ", ");
        int r = snprintf(buf + len, n - len, "%s'%s'", sep, cands[best[k]]);
        if (r < 0)
            break;
        len += (size_t)r;
    }
    if (len < n)
        snprintf(buf + len, n - len, "?)");
}

/* ------------------------------------------------------ detector search ---- */

static char dir_config[4096], dir_data[4096], data_dir[4096];

static int is_dir(const char *path);

/* $CEVNSX_DATADIR, else the installed data directory; a program not yet
 * installed, run from the tree it was built in, finds the data/ directory
 * beside its own executable. No path of the build tree is compiled in. */
const char *app_data_dir(void)
{
    const char *env = getenv("CEVNSX_DATADIR");
    app_strlcpyf(data_dir, sizeof data_dir, "%s", env && *env ? env : CEVNSX_DATADIR);
    if (!(env && *env)) {
        char probe[4200], exe[4096];
        app_strlcpyf(probe, sizeof probe, "%s/detectors", data_dir);
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (!is_dir(probe) && n > 0) {
            exe[n] = '\0';
            char *slash = strrchr(exe, '/');
            if (slash) {
                *slash = '\0';
                app_strlcpyf(probe, sizeof probe, "%s/data/detectors", exe);
                if (is_dir(probe))
                    app_strlcpyf(data_dir, sizeof data_dir, "%s/data", exe);
            }
        }
    }
    return data_dir;
}

size_t app_detector_dirs(const char **dirs, size_t max)
{
    size_t n = 0;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    dir_config[0] = '\0';
    /* XDG Base Directory spec: a relative XDG_CONFIG_HOME is invalid and ignored. */
    int cut = 0;
    if (xdg && xdg[0] == '/')
        cut = app_strlcpyf(dir_config, sizeof dir_config, "%s/cevnsx/detectors", xdg);
    else if (home && *home)
        cut = app_strlcpyf(dir_config, sizeof dir_config, "%s/.config/cevnsx/detectors", home);
    if (cut) /* a directory name too long for a path is no directory to search */
        dir_config[0] = '\0';
    if (dir_config[0] && n < max)
        dirs[n++] = dir_config;
    app_strlcpyf(dir_data, sizeof dir_data, "%s/detectors", app_data_dir());
    if (n < max)
        dirs[n++] = dir_data;
    return n;
}

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int cmp_detfile(const void *a, const void *b)
{
    return strcmp(((const app_detector_file *)a)->name, ((const app_detector_file *)b)->name);
}

app_detector_file *app_detector_files(size_t *n)
{
    const char *dirs[4];
    size_t nd = app_detector_dirs(dirs, 4), cap = 0;
    app_detector_file *v = NULL;
    *n = 0;
    for (size_t i = 0; i < nd; i++) {
        DIR *dp = opendir(dirs[i]);
        struct dirent *e;
        if (!dp)
            continue;
        while ((e = readdir(dp)) != NULL) {
            size_t len = strlen(e->d_name);
            if (len <= 4 || len - 4 >= sizeof v->name || e->d_name[0] == '.' ||
                strcmp(e->d_name + len - 4, ".det") != 0)
                continue;
            char name[256];
            memcpy(name, e->d_name, len - 4);
            name[len - 4] = '\0';
            int dup = 0;
            for (size_t k = 0; k < *n && !dup; k++)
                dup = strcmp(v[k].name, name) == 0;
            if (dup)
                continue;
            if (*n == cap) {
                cap = cap ? 2 * cap : 16;
                v = app_xrealloc(v, cap * sizeof *v);
            }
            memcpy(v[*n].name, name, len - 3);
            if (app_strlcpyf(v[*n].path, sizeof v[*n].path, "%s/%s", dirs[i], e->d_name))
                continue;
            /* Regular files only, as cx_detector_resolve(): a FIFO would
             * block whoever opens it. */
            struct stat sb;
            if (stat(v[*n].path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            (*n)++;
        }
        closedir(dp);
    }
    if (*n > 1)
        qsort(v, *n, sizeof *v, cmp_detfile);
    if (*n == 0) {
        free(v);
        v = NULL;
    }
    return v;
}

/* The message for a detector name that no directory holds. */
static void not_found_message(const char *name, char *err, size_t errlen)
{
    const char *dd = app_data_dir();
    char ddet[4200];
    app_strlcpyf(ddet, sizeof ddet, "%s/detectors", dd);
    if (!is_dir(ddet)) {
        const char *env = getenv("CEVNSX_DATADIR");
        app_strlcpyf(err, errlen, "data directory '%s' not found (%s); cannot load detector '%s'",
                     ddet,
                     env && *env ? "check CEVNSX_DATADIR"
                                 : "is cevnsx installed? set CEVNSX_DATADIR to its data directory",
                     name);
        return;
    }
    size_t n = 0;
    app_detector_file *files = app_detector_files(&n);
    const char **names = app_xmalloc((n ? n : 1) * sizeof *names);
    char sugg[256];
    for (size_t i = 0; i < n; i++)
        names[i] = files[i].name;
    app_suggest(name, names, n, sugg, sizeof sugg);
    app_strlcpyf(err, errlen, "unknown detector '%s'%s%s", name, sugg,
                 sugg[0] ? "" : " (try 'cevnsx list detectors')");
    free(names);
    free(files);
}

int app_detector_path(const char *name, char *out, size_t outlen, char *err, size_t errlen)
{
    const char *dirs[4];
    size_t nd = app_detector_dirs(dirs, 4);
    char path[4096], real[PATH_MAX];
    int status = cx_detector_resolve(name, dirs, nd, path, sizeof path);
    if (status == CX_ENOTFOUND) {
        not_found_message(name, err, errlen);
        return 1;
    }
    if (status != CX_OK) {
        app_strlcpyf(err, errlen, "detector '%s': %s", name, cx_strerror(status));
        return 1;
    }
    if (!realpath(path, real)) {
        app_strlcpyf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return 1;
    }
    if (app_strlcpyf(out, outlen, "%s", real)) {
        app_strlcpyf(err, errlen, "%s: path too long", path);
        return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- state ---- */

void app_state_init_lazy(app_state *st, const char *name, cx_engine engine)
{
    memset(st, 0, sizeof *st);
    st->engine = engine;
    st->format = APP_FMT_TEXT;
    st->plot_tier = 2;
    app_strlcpyf(st->det_name, sizeof st->det_name, "%s", name ? name : "csi2017");
}

int app_state_init(app_state *st, const char *name, cx_engine engine, char *err, size_t errlen)
{
    app_state_init_lazy(st, name, engine);
    return app_state_ensure(st, err, errlen);
}

int app_state_ensure(app_state *st, char *err, size_t errlen)
{
    if (st->model)
        return 0;
    char name[sizeof st->det_name];
    memcpy(name, st->det_name, sizeof name);
    return app_state_set_detector(st, name, err, errlen);
}

int app_state_set_detector(app_state *st, const char *name, char *err, size_t errlen)
{
    const char *dirs[4];
    size_t nd = app_detector_dirs(dirs, 4);
    char path[4096], msg[1024];
    int status = CX_OK;

    if (!name || !*name) {
        app_strlcpyf(err, errlen, "empty detector name");
        return 1;
    }
    status = cx_detector_resolve(name, dirs, nd, path, sizeof path);
    if (status == CX_ENOTFOUND) {
        not_found_message(name, err, errlen);
        return 1;
    }
    if (status != CX_OK) {
        app_strlcpyf(err, errlen, "detector '%s': %s", name, cx_strerror(status));
        return 1;
    }
    msg[0] = '\0';
    cx_detector *det = cx_detector_load(path, &status, msg, sizeof msg);
    if (!det) {
        if (msg[0])
            app_strlcpyf(err, errlen, "%s", msg);
        else
            app_strlcpyf(err, errlen, "%s: %s", path, cx_strerror(status));
        return 1;
    }
    cx_model *m = cx_model_alloc(det, st->engine, &status);
    if (!m) {
        app_strlcpyf(err, errlen, "detector '%s': cannot build the model: %s", name,
                     cx_strerror(status));
        cx_detector_free(det);
        return 1;
    }
    cx_model_free(st->model);
    cx_detector_free(st->det);
    st->det = det;
    st->model = m;
    if (name != st->det_name)
        app_strlcpyf(st->det_name, sizeof st->det_name, "%s", name);
    return 0;
}

int app_state_set_engine(app_state *st, cx_engine engine, char *err, size_t errlen)
{
    int status = CX_OK;
    if (!st->model || cx_model_engine(st->model) == engine) {
        st->engine = engine;
        return 0;
    }
    cx_model *m = cx_model_alloc(st->det, engine, &status);
    if (!m) {
        app_strlcpyf(err, errlen, "cannot build the model: %s", cx_strerror(status));
        return 1;
    }
    status = cx_model_copy_params(m, st->model);
    if (status != CX_OK) {
        app_strlcpyf(err, errlen, "cannot copy the parameters: %s", cx_strerror(status));
        cx_model_free(m);
        return 1;
    }
    cx_model_free(st->model);
    st->model = m;
    st->engine = engine;
    return 0;
}

int app_state_update(app_state *st, char *err, size_t errlen)
{
    if (!st->model) {
        app_strlcpyf(err, errlen, "no detector loaded");
        return 1;
    }
    if (cx_model_dirty(st->model) == 0)
        return 0;
    int status = cx_model_update(st->model);
    if (status != CX_OK) {
        const char *m = cx_model_last_error(st->model);
        app_strlcpyf(err, errlen, "computation failed: %s", m && *m ? m : cx_strerror(status));
        return 1;
    }
    return 0;
}

void app_state_take(app_state *dst, app_state *src)
{
    cx_model_free(dst->model);
    cx_detector_free(dst->det);
    dst->det = src->det;
    dst->model = src->model;
    dst->engine = src->engine;
    memcpy(dst->det_name, src->det_name, sizeof dst->det_name);
    memcpy(dst->stat, src->stat, sizeof dst->stat);
    dst->format = src->format;
    src->det = NULL;
    src->model = NULL;
}

void app_state_done(app_state *st)
{
    if (!st)
        return;
    cx_model_free(st->model);
    cx_detector_free(st->det);
    st->model = NULL;
    st->det = NULL;
}
