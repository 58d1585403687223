/* app_stats_fc.c - `scan P --fc` and `contour P1 P2 --fc`: Feldman-Cousins
 * critical values by toy Monte Carlo at every grid point of a finished scan
 * or contour (cx_fc.h), the region where the data's Delta chi2 lies below
 * them, beside the Wilks one, and their output.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app_cmd.h"
#include "app/app_io.h"
#include "app/app_output.h"
#include "app/app_stats.h"
#include "app/app_stats_impl.h"
#include "app/app_util.h"
#include "cevnsx/cx_errno.h"
#include "cevnsx/cx_fc.h"

/* Checks what the construction supports and evaluates the counting forms at
 * the n points coords (n_par values each). Returns APP_OK or reports. */
static int fc_forms(app_state *st, FILE *err, const char *cmd, const stats_opts *o, experiments *e,
                    size_t n_par, const char *const *names, size_t n, const double *coords,
                    cx_chi2_count *forms, double *nlo, double *nhi)
{
    int h[2], status;
    if (o->n_prof) {
        app_cmd_error(st, err, "%s: --fc does not profile (yet): drop --profile", cmd);
        return APP_USAGE;
    }
    if (e->n != 1) {
        app_cmd_error(st, err, "%s: --fc works on one detector, not %zu", cmd, e->n);
        return APP_USAGE;
    }
    for (size_t j = 0; j < n_par; j++)
        if (cx_chi2_fit_param(e->fit, names[j], &h[j]) != CX_OK) {
            app_cmd_error(st, err, "%s: unknown parameter '%s'", cmd, names[j]);
            return APP_USAGE;
        }
    status = cx_fc_forms(e->fit, n_par, h, n, coords, forms);
    if (status == CX_EINVAL) {
        app_cmd_error(st, err,
                      "%s: --fc needs a counting statistic (--stat single-bin or forecast), not "
                      "%s",
                      cmd, cx_chi2_name(e->chi2[0]));
        return APP_USAGE;
    }
    if (status != CX_OK) {
        app_cmd_error(st, err, "%s: --fc: %s", cmd, cx_strerror(status));
        return APP_ERR;
    }
    *nlo = *nhi = forms[0].n_th;
    for (size_t i = 1; i < n; i++) {
        *nlo = fmin(*nlo, forms[i].n_th);
        *nhi = fmax(*nhi, forms[i].n_th);
    }
    return APP_OK;
}

/* A merge in progress (app_stats_merge()): the critical values of every
 * point from the shards, used instead of toys when the re-run's counting
 * forms have the same fingerprint. NULL otherwise. (The app layer is single
 * threaded here: the worker threads never touch it.) */
typedef struct {
    const double *crit;
    size_t n;
    unsigned long long hash;
} fc_injection;
static const fc_injection *fc_inject;

/* FNV-1a over the bits of the counting forms: the shards and the merge must
 * have evaluated the same model on the same grid. */
static unsigned long long forms_hash(size_t n, const cx_chi2_count *f)
{
    unsigned long long h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        const double v[6] = {f[i].n_obs, f[i].n_th, f[i].bkg, f[i].c0, f[i].sigma_a, f[i].sigma_b};
        const unsigned char *b = (const unsigned char *)v;
        for (size_t k = 0; k < sizeof v; k++) {
            h ^= b[k];
            h *= 0x100000001b3ull;
        }
    }
    return h;
}

/* The threads of --threads: N when given, else OMP_NUM_THREADS when it is a
 * number 1 to 256, else the cores online; never more than the points. */
static size_t fc_threads(const stats_opts *o, size_t n)
{
    size_t t = o->threads;
    if (t == 0) {
        const char *env = getenv("OMP_NUM_THREADS");
        char *end;
        long v = env ? strtol(env, &end, 10) : 0;
        if (env && *env && !*end && v >= 1 && v <= 256)
            t = (size_t)v;
        else {
            long c = sysconf(_SC_NPROCESSORS_ONLN);
            t = c >= 1 ? (size_t)(c > 256 ? 256 : c) : 1;
        }
    }
    return t < n ? t : n;
}

/* One thread's share: points first, first + stride, ... Each point's toys
 * depend on the seed and its index only, so any split gives the same
 * numbers, bit for bit. */
typedef struct {
    const stats_opts *o;
    const cx_chi2_count *forms;
    size_t n, first, stride;
    double nlo, nhi, cl;
    double *crit, *dfc;
    int status;   /* CX_OK, a CX_E* code, or CX_CONTINUE when interrupted */
    int progress; /* thread 0: report progress on stderr */
} fc_job;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Progress of the toys on stderr, only when it is a terminal and not in CI
 * (CI set), only after the first second, at most 4 times a second; thread
 * 0's share stands for all (the shares are interleaved, so even). */
static int progress_wanted(void)
{
    const char *ci = getenv("CI");
    return isatty(STDERR_FILENO) && !(ci && *ci);
}

static void progress_show(double t0, double *last, size_t done, size_t total)
{
    double t = now_s(), el = t - t0;
    if (el < 1.0 || t - *last < 0.25 || done == 0)
        return;
    *last = t;
    fprintf(stderr, "\r  toys: %zu/%zu points, %.0f points/s, %.0f s left   ", done, total,
            (double)done / el, el * (double)(total - done) / (double)done);
    fflush(stderr);
}

static void *fc_worker(void *p)
{
    fc_job *j = p;
    int status, shown = 0;
    double t0 = j->progress ? now_s() : 0, last = 0;
    cx_fc *fc = cx_fc_alloc(j->o->toys, &status);
    j->status = status;
    if (!fc)
        return NULL;
    for (size_t i = j->first, k = 0; i < j->n; i += j->stride, k++) {
        j->dfc[i] = cx_fc_dchi2(&j->forms[i], j->nlo, j->nhi);
        if (j->o->shard_n && i % j->o->shard_n != j->o->shard_k - 1) {
            j->crit[i] = NAN; /* another shard's point */
            continue;
        }
        if (k % 16 == 0 && app_cancel_pending()) {
            j->status = CX_CONTINUE;
            break;
        }
        status = cx_fc_point(fc, &j->forms[i], j->nlo, j->nhi, j->cl, j->o->toys, j->o->seed, i,
                             &j->crit[i]);
        if (status != CX_OK) {
            j->status = status;
            break;
        }
        if (j->progress) {
            progress_show(t0, &last, i + 1, j->n);
            shown |= last > 0;
        }
    }
    if (shown)
        fputs("\r\033[K", stderr);
    cx_fc_free(fc);
    return NULL;
}

/* The toys of every point: crit[i] and the data's Delta chi2 dfc[i], both
 * against the minimum over the N range [nlo, nhi] of the whole grid. */
static int fc_points(app_state *st, FILE *err, const char *cmd, const stats_opts *o, size_t n,
                     const cx_chi2_count *forms, double nlo, double nhi, double *crit, double *dfc)
{
    size_t nt;
    fc_job *jobs;
    pthread_t *tid;
    int *running;
    int rc = APP_OK;
    if (fc_inject) {
        if (fc_inject->n != n || fc_inject->hash != forms_hash(n, forms)) {
            app_cmd_error(st, err,
                          "merge: the partial results are of another model or grid (run "
                          "merge with the global options of the shards)");
            return APP_ERR;
        }
        for (size_t i = 0; i < n; i++) {
            crit[i] = fc_inject->crit[i];
            dfc[i] = cx_fc_dchi2(&forms[i], nlo, nhi);
        }
        return APP_OK;
    }
    nt = fc_threads(o, n);
    jobs = app_xmalloc(nt * sizeof *jobs);
    tid = app_xmalloc(nt * sizeof *tid);
    running = app_xmalloc(nt * sizeof *running);
    for (size_t t = 0; t < nt; t++) {
        fc_job *j = &jobs[t];
        j->o = o;
        j->forms = forms;
        j->n = n;
        j->first = t;
        j->stride = nt;
        j->nlo = nlo;
        j->nhi = nhi;
        j->cl = (o->has_cl ? o->cl : 90.0) / 100.0;
        j->crit = crit;
        j->dfc = dfc;
        j->status = CX_OK;
        j->progress = t == 0 && progress_wanted();
    }
    /* thread 0's share runs here; a share whose thread cannot start, too */
    for (size_t t = 1; t < nt; t++) {
        running[t] = pthread_create(&tid[t], NULL, fc_worker, &jobs[t]) == 0;
        if (!running[t])
            fc_worker(&jobs[t]);
    }
    fc_worker(&jobs[0]);
    for (size_t t = 1; t < nt; t++)
        if (running[t])
            pthread_join(tid[t], NULL);
    for (size_t t = 0; t < nt && rc == APP_OK; t++) {
        if (jobs[t].status == CX_CONTINUE) {
            app_cmd_error(st, err, "%s: interrupted", cmd);
            rc = APP_INTERRUPTED;
        } else if (jobs[t].status != CX_OK) {
            app_cmd_error(st, err, "%s: --fc: %s", cmd, cx_strerror(jobs[t].status));
            rc = APP_ERR;
        }
    }
    free(jobs);
    free(tid);
    free(running);
    return rc;
}

/* A shard's partial result: a header, the command's arguments (to re-run it
 * at the merge), the fingerprint of its counting forms and the critical
 * values of its points as exact hexadecimal doubles. */
static void write_partial(FILE *out, const stats_opts *o, size_t n, const cx_chi2_count *forms,
                          const double *crit, int argc, char **argv)
{
    fprintf(out, "cevnsx-fc-partial 1\nshard %zu %zu\npoints %zu\nhash %016llx\nargs %d\n",
            o->shard_k, o->shard_n, n, forms_hash(n, forms), argc);
    for (int i = 0; i < argc; i++)
        fprintf(out, "%s\n", argv[i]);
    for (size_t i = o->shard_k - 1; i < n; i += o->shard_n)
        fprintf(out, "crit %zu %a\n", i, crit[i]);
    fputs("end\n", out);
}

/* The keys every Feldman-Cousins JSON object has after its parameter names. */
static void fc_json_meta(FILE *out, const stats_opts *o, const experiments *e, double cl,
                         double dchi2_wilks)
{
    fprintf(out, ", \"fc\": true, \"cl\": %g, \"toys\": %zu, \"seed\": %lu", cl, o->toys, o->seed);
    fputs(", \"statistic\": ", out);
    app_output_json_string(out, cx_chi2_name(e->chi2[0]));
    fputs(", \"detector\": ", out);
    app_output_json_string(out, cx_detector_id(cx_chi2_detector(e->chi2[0])));
    fputs(", \"dchi2_wilks\": ", out);
    app_output_json_number(out, dchi2_wilks);
}

static void intervals_text(FILE *out, size_t n, const cx_interval *iv)
{
    if (n == 0)
        fputs(" (empty)", out);
    for (size_t k = 0; k < n; k++)
        fprintf(out, "%s[%.6g%s, %.6g%s]", k ? " " : " ", iv[k].lo,
                iv[k].lo_open ? " (range bound)" : "", iv[k].hi,
                iv[k].hi_open ? " (range bound)" : "");
}

static void intervals_json(FILE *out, size_t n, const cx_interval *iv)
{
    fputs("[", out);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? ", [" : "[", out);
        app_output_json_number(out, iv[k].lo);
        fputs(", ", out);
        app_output_json_number(out, iv[k].hi);
        fputs("]", out);
    }
    fputs("], \"", out);
}

static void open_json(FILE *out, size_t n, const cx_interval *iv)
{
    fputs("[", out);
    for (size_t k = 0; k < n; k++)
        fprintf(out, "%s[%s, %s]", k ? ", " : "", iv[k].lo_open ? "true" : "false",
                iv[k].hi_open ? "true" : "false");
    fputs("]", out);
}

int stats_scan_fc(app_state *st, FILE *out, FILE *err, const stats_opts *o, experiments *e,
                  const cx_scan_res *r, int lg, int fmt, int argc, char **argv)
{
    const char *cmd = "scan";
    size_t n = r->n_points, n_iv, max_iv = n / 2 + 2;
    cx_chi2_count *forms = app_xmalloc(n * sizeof *forms);
    double *crit = app_xmalloc(n * sizeof *crit), *dfc = app_xmalloc(n * sizeof *dfc);
    cx_interval *iv = app_xmalloc(max_iv * sizeof *iv);
    double nlo, nhi, cl = o->has_cl ? o->cl : 90.0, cmin = INFINITY, cmax = -INFINITY;
    const char *names[1] = {r->param};
    int rc = fc_forms(st, err, cmd, o, e, 1, names, n, r->x, forms, &nlo, &nhi);
    if (rc == APP_OK)
        rc = fc_points(st, err, cmd, o, n, forms, nlo, nhi, crit, dfc);
    if (rc != APP_OK)
        goto done;
    if (o->shard_n) {
        write_partial(out, o, n, forms, crit, argc, argv);
        goto done;
    }
    n_iv = cx_fc_intervals(n, r->x, lg, dfc, crit, iv, max_iv);
    if (n_iv > max_iv)
        n_iv = max_iv;
    for (size_t i = 0; i < n; i++) {
        cmin = fmin(cmin, crit[i]);
        cmax = fmax(cmax, crit[i]);
    }
    if (fmt == APP_FMT_JSON) {
        fputs("{\"param\": ", out);
        app_output_json_string(out, r->param);
        fc_json_meta(out, o, e, cl, r->dchi2_crit);
        fputs(", \"intervals\": ", out);
        intervals_json(out, n_iv, iv);
        fputs("intervals_open\": ", out);
        open_json(out, n_iv, iv);
        fputs(", \"intervals_wilks\": ", out);
        intervals_json(out, r->n_intervals, r->intervals);
        fputs("intervals_wilks_open\": ", out);
        open_json(out, r->n_intervals, r->intervals);
        fputs(", \"points\": [", out);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ", [" : "[", out);
            app_output_json_number(out, r->x[i]);
            fputs(", ", out);
            app_output_json_number(out, dfc[i]);
            fputs(", ", out);
            app_output_json_number(out, crit[i]);
            fputs("]", out);
        }
        fputs("]}\n", out);
    } else if (fmt == APP_FMT_CSV) {
        app_output_csv_field(out, r->param);
        fputs(",dchi2,crit_fc,crit_wilks\n", out);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%.10g,%.10g,%.10g,%.10g\n", r->x[i], dfc[i], crit[i], r->dchi2_crit);
    } else {
        fprintf(out,
                "Feldman-Cousins %g%% CL for %s (%s, %s): %zu toys per point, seed %lu\n"
                "FC region (dchi2 <= critical value by toys):",
                cl, r->param, cx_detector_id(cx_chi2_detector(e->chi2[0])),
                cx_chi2_name(e->chi2[0]), o->toys, o->seed);
        intervals_text(out, n_iv, iv);
        fprintf(out, "\nWilks region (dchi2 <= %.3g):", r->dchi2_crit);
        intervals_text(out, r->n_intervals, r->intervals);
        fprintf(out, "\ncritical value by toys: %.4g to %.4g (Wilks %.3g)\n", cmin, cmax,
                r->dchi2_crit);
        if (!o->summary) {
            fprintf(out, "\n%14s %14s %14s\n", r->param, "dchi2", "crit_fc");
            for (size_t i = 0; i < n; i++)
                fprintf(out, "%14.7g %14.7g %14.7g\n", r->x[i], dfc[i], crit[i]);
        }
    }
done:
    free(forms);
    free(crit);
    free(dfc);
    free(iv);
    return rc;
}

static void grid_json(FILE *out, size_t nx, size_t ny, const double *v)
{
    fputs("[", out);
    for (size_t j = 0; j < ny; j++) {
        fputs(j ? ", " : "", out);
        app_output_json_numbers(out, v + j * nx, nx);
    }
    fputs("]", out);
}

int stats_contour_fc(app_state *st, FILE *out, FILE *err, const stats_opts *o, experiments *e,
                     const cx_contour_res *r, int fmt, int argc, char **argv)
{
    const char *cmd = "contour";
    size_t nx = r->nx, ny = r->ny, n = nx * ny, max_pairs = 4 * n + 8, n_pairs = 0;
    cx_chi2_count *forms = app_xmalloc(n * sizeof *forms);
    double *coords = app_xmalloc(2 * n * sizeof *coords);
    double *crit = app_xmalloc(n * sizeof *crit), *dfc = app_xmalloc(n * sizeof *dfc);
    double *z = app_xmalloc(n * sizeof *z), *pts = app_xmalloc(2 * max_pairs * sizeof *pts);
    int *work = app_xmalloc(6 * n * sizeof *work);
    double nlo, nhi, cl = o->has_cl ? o->cl : 90.0;
    const char *names[2] = {r->x_name, r->y_name};
    size_t in_fc = 0, in_wilks = 0;
    double ext[2][4] = {{INFINITY, -INFINITY, INFINITY, -INFINITY},
                        {INFINITY, -INFINITY, INFINITY, -INFINITY}};
    int rc;
    for (size_t j = 0; j < ny; j++)
        for (size_t i = 0; i < nx; i++) {
            coords[2 * (j * nx + i)] = r->xs[i];
            coords[2 * (j * nx + i) + 1] = r->ys[j];
        }
    rc = fc_forms(st, err, cmd, o, e, 2, names, n, coords, forms, &nlo, &nhi);
    if (rc == APP_OK)
        rc = fc_points(st, err, cmd, o, n, forms, nlo, nhi, crit, dfc);
    if (rc != APP_OK)
        goto done;
    if (o->shard_n) {
        write_partial(out, o, n, forms, crit, argc, argv);
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        double x = r->xs[k % nx], y = r->ys[k / nx];
        int w = r->chi2[k] - r->chi2_min <= r->dchi2_crit, f = dfc[k] <= crit[k];
        z[k] = dfc[k] - crit[k];
        in_fc += (size_t)f;
        in_wilks += (size_t)w;
        for (int t = 0; t < 2; t++)
            if (t == 0 ? f : w) {
                ext[t][0] = fmin(ext[t][0], x);
                ext[t][1] = fmax(ext[t][1], x);
                ext[t][2] = fmin(ext[t][2], y);
                ext[t][3] = fmax(ext[t][3], y);
            }
    }
    if (cx_contour_trace(nx, r->xs, r->log_x, ny, r->ys, r->log_y, z, 0.0, work, pts, max_pairs,
                         &n_pairs) != CX_OK)
        n_pairs = 0;
    if (fmt == APP_FMT_JSON) {
        fputs("{\"x\": ", out);
        app_output_json_string(out, r->x_name);
        fputs(", \"y\": ", out);
        app_output_json_string(out, r->y_name);
        fc_json_meta(out, o, e, cl, r->dchi2_crit);
        fprintf(out, ", \"log_x\": %s, \"log_y\": %s", r->log_x ? "true" : "false",
                r->log_y ? "true" : "false");
        fputs(", \"xs\": ", out);
        app_output_json_numbers(out, r->xs, nx);
        fputs(", \"ys\": ", out);
        app_output_json_numbers(out, r->ys, ny);
        fputs(", \"dchi2\": ", out);
        grid_json(out, nx, ny, dfc);
        fputs(", \"crit\": ", out);
        grid_json(out, nx, ny, crit);
        fputs(", \"boundary\": ", out);
        stats_polylines_json(out, n_pairs, pts);
        fputs(", \"boundary_wilks\": ", out);
        stats_polylines_json(out, r->n_pts, r->pts);
        fputs("}\n", out);
    } else if (fmt == APP_FMT_CSV) {
        app_output_csv_field(out, r->x_name);
        fputc(',', out);
        app_output_csv_field(out, r->y_name);
        fputs(",dchi2,crit_fc,crit_wilks\n", out);
        for (size_t k = 0; k < n; k++)
            fprintf(out, "%.10g,%.10g,%.10g,%.10g,%.10g\n", r->xs[k % nx], r->ys[k / nx], dfc[k],
                    crit[k], r->dchi2_crit);
    } else {
        fprintf(out,
                "Feldman-Cousins %g%% CL for (%s, %s) (%s, %s): %zu x %zu grid, %zu toys per "
                "point, seed %lu\n",
                cl, r->x_name, r->y_name, cx_detector_id(cx_chi2_detector(e->chi2[0])),
                cx_chi2_name(e->chi2[0]), nx, ny, o->toys, o->seed);
        for (int t = 0; t < 2; t++) {
            size_t cnt = t == 0 ? in_fc : in_wilks;
            if (t == 0)
                fputs("FC region (dchi2 <= critical value by toys): ", out);
            else
                fprintf(out, "Wilks region (dchi2 <= %.3g): ", r->dchi2_crit);
            if (cnt == 0)
                fputs("no grid point\n", out);
            else
                fprintf(out, "%zu of %zu grid points, %s in [%.4g, %.4g], %s in [%.4g, %.4g]\n",
                        cnt, n, r->x_name, ext[t][0], ext[t][1], r->y_name, ext[t][2], ext[t][3]);
        }
        {
            double cmin = INFINITY, cmax = -INFINITY;
            for (size_t k = 0; k < n; k++) {
                cmin = fmin(cmin, crit[k]);
                cmax = fmax(cmax, crit[k]);
            }
            fprintf(out, "critical value by toys: %.4g to %.4g (Wilks %.3g)\n", cmin, cmax,
                    r->dchi2_crit);
        }
    }
done:
    free(forms);
    free(coords);
    free(crit);
    free(dfc);
    free(z);
    free(pts);
    free(work);
    return rc;
}

/* ------------------------------------------------------------------ merge */

#define MERGE_MAX_ARGS 256
#define MERGE_LINE 4096

typedef struct {
    size_t k, n, points;
    unsigned long long hash;
    int argc;
    char *argv[MERGE_MAX_ARGS];
} partial_head;

static void head_free(partial_head *h)
{
    for (int i = 0; i < h->argc; i++)
        free(h->argv[i]);
    h->argc = 0;
}

static int read_line(FILE *f, char *buf)
{
    size_t len;
    if (!fgets(buf, MERGE_LINE, f))
        return -1;
    len = strlen(buf);
    if (len == 0 || buf[len - 1] != '\n')
        return -1;
    buf[len - 1] = '\0';
    return 0;
}

/* Reads one partial file into h and its critical values into crit (room
 * for h->points once known: *crit allocated here on the first file). */
static int read_partial(const char *path, partial_head *h, double **crit, unsigned char **seen,
                        const partial_head *first, char *msg, size_t msglen)
{
    char line[MERGE_LINE];
    FILE *f = fopen(path, "r");
    int ok = 0;
    if (!f) {
        snprintf(msg, msglen, "%s: cannot open it", path);
        return -1;
    }
    memset(h, 0, sizeof *h);
    if (read_line(f, line) || strcmp(line, "cevnsx-fc-partial 1") != 0) {
        snprintf(msg, msglen, "%s: not a partial result of scan/contour --fc --shard", path);
        goto out;
    }
    if (read_line(f, line) || sscanf(line, "shard %zu %zu", &h->k, &h->n) != 2 ||
        read_line(f, line) || sscanf(line, "points %zu", &h->points) != 1 || read_line(f, line) ||
        sscanf(line, "hash %llx", &h->hash) != 1 || read_line(f, line) ||
        sscanf(line, "args %d", &h->argc) != 1 || h->argc < 1 || h->argc > MERGE_MAX_ARGS ||
        h->k < 1 || h->k > h->n || h->points < 1 || h->points > (size_t)MAX_GRID * MAX_GRID) {
        h->argc = 0;
        snprintf(msg, msglen, "%s: malformed header", path);
        goto out;
    }
    for (int i = 0; i < h->argc; i++) {
        if (read_line(f, line)) {
            h->argc = i;
            snprintf(msg, msglen, "%s: truncated arguments", path);
            goto out;
        }
        h->argv[i] = app_xmalloc(strlen(line) + 1);
        strcpy(h->argv[i], line);
    }
    if (first) {
        int same = first->n == h->n && first->points == h->points && first->hash == h->hash &&
                   first->argc == h->argc;
        for (int i = 0; same && i < h->argc; i++)
            same = strcmp(first->argv[i], h->argv[i]) == 0 ||
                   (i > 0 && strncmp(h->argv[i - 1], "--shard", 7) == 0) ||
                   strncmp(h->argv[i], "--shard=", 8) == 0;
        if (!same) {
            snprintf(msg, msglen, "%s: from another command, grid or number of shards than %s",
                     path, "the first file");
            goto out;
        }
    } else {
        *crit = app_xmalloc(h->points * sizeof **crit);
        *seen = calloc(h->points, 1);
        if (!*seen) {
            snprintf(msg, msglen, "out of memory");
            goto out;
        }
    }
    for (;;) {
        size_t i;
        double v;
        char *end;
        if (read_line(f, line)) {
            snprintf(msg, msglen, "%s: truncated (no 'end' line)", path);
            goto out;
        }
        if (strcmp(line, "end") == 0)
            break;
        if (sscanf(line, "crit %zu", &i) != 1 || i >= h->points || i % h->n != h->k - 1 ||
            !strchr(line + 5, ' ')) {
            snprintf(msg, msglen, "%s: bad line '%.60s'", path, line);
            goto out;
        }
        v = strtod(strchr(line + 5, ' ') + 1, &end);
        if (*end || !isfinite(v) || (*seen)[i]) {
            snprintf(msg, msglen, "%s: bad or repeated value of point %zu", path, i);
            goto out;
        }
        (*crit)[i] = v;
        (*seen)[i] = 1;
    }
    ok = 1;
out:
    fclose(f);
    return ok ? 0 : -1;
}

int app_stats_merge(app_state *st, int argc, char **argv, FILE *out, FILE *err)
{
    partial_head first = {0}, h;
    double *crit = NULL;
    unsigned char *seen = NULL, *shards = NULL;
    char msg[512];
    int rc = APP_ERR, n_run = 0;
    char *run[MERGE_MAX_ARGS];
    fc_injection inj;
    if (argc < 2) {
        app_cmd_error(st, err, "merge: which files? (the outputs of --shard K/N)");
        return APP_USAGE;
    }
    for (int a = 1; a < argc; a++) {
        if (read_partial(argv[a], a == 1 ? &first : &h, &crit, &seen, a == 1 ? NULL : &first, msg,
                         sizeof msg) != 0) {
            app_cmd_error(st, err, "merge: %s", msg);
            if (a > 1)
                head_free(&h);
            goto done;
        }
        if (a == 1) {
            shards = calloc(first.n, 1);
            if (!shards) {
                app_cmd_error(st, err, "merge: out of memory");
                goto done;
            }
            h.k = first.k;
        } else {
            head_free(&h);
        }
        if (shards[h.k - 1]) {
            app_cmd_error(st, err, "merge: shard %zu/%zu given twice (%s)", h.k, first.n, argv[a]);
            goto done;
        }
        shards[h.k - 1] = 1;
    }
    for (size_t k = 0; k < first.n; k++)
        if (!shards[k]) {
            app_cmd_error(st, err, "merge: shard %zu/%zu is missing", k + 1, first.n);
            goto done;
        }
    for (size_t i = 0; i < first.points; i++)
        if (!seen[i]) {
            app_cmd_error(st, err, "merge: no value for point %zu", i);
            goto done;
        }
    /* re-run the command without --shard, with the shards' critical values */
    for (int i = 0; i < first.argc; i++) {
        if (strcmp(first.argv[i], "--shard") == 0) {
            i++;
            continue;
        }
        if (strncmp(first.argv[i], "--shard=", 8) == 0)
            continue;
        run[n_run++] = first.argv[i];
    }
    run[n_run] = NULL;
    inj.crit = crit;
    inj.n = first.points;
    inj.hash = first.hash;
    fc_inject = &inj;
    if (strcmp(run[0], "scan") == 0)
        rc = app_stats_scan(st, n_run, run, out, err);
    else if (strcmp(run[0], "contour") == 0)
        rc = app_stats_contour(st, n_run, run, out, err);
    else
        app_cmd_error(st, err, "merge: unknown command '%.40s' in %s", run[0], argv[1]);
    fc_inject = NULL;
done:
    head_free(&first);
    free(crit);
    free(seen);
    free(shards);
    return rc;
}
