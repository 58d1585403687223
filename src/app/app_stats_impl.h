/* app_stats_impl.h - what the three parts of the statistics commands share:
 * the parsed options (app_stats_opts.c), the experiments the commands build
 * (app_stats.c) and the writers of their results (app_stats_out.c).
 * Private to src/app. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_APP_STATS_IMPL_H
#define CEVNSX_APP_STATS_IMPL_H

#include <stdio.h>

#include "app/app_state.h"
#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_contour.h"
#include "cevnsx/cx_scan.h"

#define MAX_DETS 16
#define MAX_PROFILE CX_SCAN_MAX_PROFILE
#define SCAN_DEFAULT_N 201
#define CONTOUR_DEFAULT_N 101
#define MAX_GRID 2001 /* points per axis; 2001 x 2001 chi2 values is 32 MB */
/* Grid points per slice between two looks at app_cancel_pending(): a profiled
 * point costs up to a few ms, so Ctrl-C is seen well within 100 ms. */
#define STEP_BUDGET 4
#define PLOT_W 72
#define PLOT_H 20

/* The options of scan and contour, as parsed (see man cevnsx, STATISTICS). */
typedef struct {
    const char *pos[2];
    int n_pos;
    const char *dets[MAX_DETS];
    size_t n_det;
    size_t nx, ny;
    int has_n;
    double from, to, yfrom, yto;
    int has_from, has_to, has_yfrom, has_yto;
    double cl, dchi2;
    int has_cl, has_dchi2;
    const char *profiles[MAX_PROFILE];
    size_t n_prof;
    const char *stat;
    int scenario;
    int window;
    int log_x, log_y, lin_x, lin_y;
    int plot;
    const char *plot_tier;
    int format; /* -1: st->format */
    int summary;
    const char *free_list; /* fit: --free P1,P2,... */
    int fc;                /* --fc: Feldman-Cousins critical values by toys */
    size_t toys;           /* --toys N (default FC_DEFAULT_TOYS) */
    unsigned long seed;    /* --seed S (default 1) */
    int has_seed;
    size_t threads;          /* --threads N; 0: OMP_NUM_THREADS, else the cores */
    size_t shard_k, shard_n; /* --shard K/N (1 <= K <= N); 0/0: the whole grid */
} stats_opts;

#define FC_DEFAULT_TOYS 1000
#define FC_MAX_TOYS 1000000

/* The detectors of one command, each with its model and chi2, and their fit. */
typedef struct {
    size_t n;
    cx_detector *own_det[MAX_DETS];
    cx_model *model[MAX_DETS];
    cx_chi2 *chi2[MAX_DETS];
    cx_chi2_fit *fit;
} experiments;

/* Parses argv (argv[0] the command) with npos positional parameters; reports
 * a usage error and returns APP_USAGE, or returns APP_OK. */
int stats_parse_opts(app_state *st, int argc, char **argv, int npos, stats_opts *o, FILE *err);
/* Reports "CMD: message" as a usage error; returns APP_USAGE. */
int stats_usage(app_state *st, FILE *err, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writers (app_stats_out.c). dchi2[i] = chi2[i] - chi2_min. */
int stats_plot_tier(const app_state *st, const stats_opts *o);
void stats_scan_text(FILE *out, const stats_opts *o, const experiments *e, const cx_scan_res *r,
                     const double *dchi2);
void stats_scan_json(FILE *out, const stats_opts *o, const experiments *e, const cx_scan_res *r,
                     const double *dchi2);
void stats_scan_plot(FILE *out, const app_state *st, const stats_opts *o, const cx_scan_res *r,
                     const double *dchi2, int lg);
/* Boundary polylines (x, y pairs, NaN between lines) as a JSON array of arrays. */
void stats_polylines_json(FILE *out, size_t n_pts, const double *pts);
void stats_contour_json(FILE *out, const experiments *e, const cx_contour_res *r);
void stats_contour_text(FILE *out, const stats_opts *o, const experiments *e,
                        const cx_contour_res *r);
void stats_contour_plot(FILE *out, const app_state *st, const stats_opts *o,
                        const cx_contour_res *r);

/* Feldman-Cousins (app_stats_fc.c): critical values by toys at every grid
 * point of a finished scan or contour, the region and its output in the
 * format fmt (app_format). Return APP_OK or an error reported on err. */
int stats_scan_fc(app_state *st, FILE *out, FILE *err, const stats_opts *o, experiments *e,
                  const cx_scan_res *r, int lg, int fmt, int argc, char **argv);
int stats_contour_fc(app_state *st, FILE *out, FILE *err, const stats_opts *o, experiments *e,
                     const cx_contour_res *r, int fmt, int argc, char **argv);

#endif
