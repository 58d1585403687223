/* test_response.c - the format-2 detector response and beam timing (issue 9):
 * published predictions of COHERENT's CsI 2021 and LAr 2020 data sets, the
 * release's own templates bin by bin, invariants of the response and the
 * timing, format-1 files and their format-2 translation, files cut at any
 * byte, and refusals of responses that make no sense.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cevnsx.h"
#include "tap.h"
#include "test_detector_load.h"

static cx_model *model(const cx_detector *d, cx_engine e)
{
    int st;
    cx_model *m = d ? cx_model_alloc(d, e, &st) : NULL;
    if (d && !m)
        tap_diag("cx_model_alloc: %s", cx_strerror(st));
    return m;
}

static cx_detector *parse(const char *text, char *err, size_t errlen, int *st)
{
    return cx_detector_parse(text, strlen(text), "t.det", st, err, errlen);
}

static char *read_file(const char *id, size_t *len)
{
    char path[4096];
    const char *dd = getenv("CEVNSX_DATADIR"), *top = getenv("top_srcdir");
    if (dd && *dd)
        snprintf(path, sizeof path, "%s/detectors/%s", dd, id);
    else
        snprintf(path, sizeof path, "%s/data/detectors/%s", top && *top ? top : ".", id);
    FILE *f = fopen(path, "rb");
    if (!f) {
        /* test fixtures live beside the unit tests */
        snprintf(path, sizeof path, "%s/tests/data/%s", top && *top ? top : ".", id);
        f = fopen(path, "rb");
    }
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 65536 > cap) {
            cap = 2 * cap + 65536;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ------------------------------------------------ published predictions -- */

static void test_published(void)
{
    cx_detector *d = test_load_detector("csi2021");
    cx_model *m = model(d, CX_ENGINE_FAST);
    if (m) {
        /* PRL 129 (2022) 081801: SM prediction 341 +- 11 (theory) +- 42 (experiment) */
        double n = cx_model_total(m), u = sqrt(11.0 * 11.0 + 42.0 * 42.0);
        tap_ok(fabs(n - 341.0) <= u,
               "csi2021 SM prediction %.2f within 341 +- %.1f (PRL 129 (2022) 081801; %.1f %% "
               "from the central value)",
               n, u, 100.0 * (n / 341.0 - 1.0));
        /* the window is 0-6 us: the time projection covers 12 bins of 0.5 us */
        tap_ok(cx_model_n_time_bins(m) == 12, "csi2021 has 12 time bins (%zu)",
               cx_model_n_time_bins(m));
    }
    cx_model_free(m);
    cx_detector_free(d);

    d = test_load_detector("lar2020");
    m = model(d, CX_ENGINE_FAST);
    if (m) {
        /* PRL 126 (2021) 012002, LArParametersAnlA.yaml: 128 +- 17 */
        double n = cx_model_total(m);
        tap_ok(fabs(n - 128.0) <= 17.0,
               "lar2020 SM prediction %.2f within 128 +- 17 (PRL 126 (2021) 012002; %.1f %% "
               "from the central value)",
               n, 100.0 * (n / 128.0 - 1.0));
        /* The release's own CEvNS template (cevnspdf.txt, in [data] sm_cevns):
         * energy and time projections bin by bin, within the prediction's
         * 13 % (17/128) plus half an event for the nearly empty bins. */
        const double *rows;
        size_t nr, nc;
        int have = cx_detector_table(d, "data.sm_cevns", &rows, &nr, &nc) == CX_OK && nc == 7;
        if (tap_ok(have && nr == 960, "lar2020 carries the release's CEvNS template (%zu rows)",
                   have ? nr : 0)) {
            size_t ne = cx_model_n_bins(m), nt = cx_model_n_time_bins(m);
            double pe[64] = {0}, pt[64] = {0}, sum = 0;
            const double *edges = cx_model_bin_edges(m), *te = cx_model_time_edges(m);
            for (size_t r = 0; r < nr; r++) {
                const double *row = rows + r * nc;
                for (size_t b = 0; b < ne && b < 64; b++)
                    if (fabs(row[0] - edges[b]) < 1e-9)
                        pe[b] += row[6];
                for (size_t k = 0; k < nt && k < 64; k++)
                    if (fabs(row[2] - te[k]) < 1e-9)
                        pt[k] += row[6];
                sum += row[6];
            }
            tap_rel(sum, 128.0, 1e-3, "the release's template holds 128 events");
            int bad = 0;
            for (size_t b = 0; b < ne; b++) {
                double got = cx_model_spectrum(m)[b];
                if (fabs(got - pe[b]) > 0.133 * pe[b] + 0.5) {
                    bad++;
                    tap_diag("energy bin %zu: ours %.3f, release %.3f", b, got, pe[b]);
                }
            }
            tap_ok(bad == 0, "lar2020 energy projection matches cevnspdf.txt in all %zu bins", ne);
            bad = 0;
            for (size_t k = 0; k < nt; k++) {
                double got = cx_model_time_spectrum(m)[k];
                if (fabs(got - pt[k]) > 0.133 * pt[k] + 0.5) {
                    bad++;
                    tap_diag("time bin %zu: ours %.3f, release %.3f", k, got, pt[k]);
                }
            }
            tap_ok(bad == 0, "lar2020 time projection matches cevnspdf.txt in all %zu bins", nt);
        }
    }
    cx_model_free(m);
    cx_detector_free(d);
}

/* ------------------------------------------------------------ invariants -- */

static const char *const shipped[] = {"csi2017", "csi", "ge", "nai", "lar", "csi2021", "lar2020"};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

static void test_projections(void)
{
    for (size_t k = 0; k < NSHIPPED; k++) {
        cx_detector *d = test_load_detector(shipped[k]);
        cx_model *m = model(d, CX_ENGINE_FAST);
        if (!m) {
            cx_detector_free(d);
            continue;
        }
        size_t ne = cx_model_n_bins(m), nt = cx_model_n_time_bins(m);
        double se = 0, st = 0, sc = 0;
        for (size_t b = 0; b < ne; b++)
            se += cx_model_spectrum(m)[b];
        for (size_t t = 0; t < nt; t++)
            st += cx_model_time_spectrum(m)[t];
        for (size_t c = 0; c < ne * nt; c++)
            sc += cx_model_spectrum_2d(m)[c];
        double roi_lo, roi_hi;
        int roi = cx_detector_roi(d, &roi_lo, &roi_hi) == CX_OK;
        tap_ok(fabs(se - st) <= 1e-12 * se && fabs(sc - se) <= 1e-12 * se,
               "%s: energy projection %.10g == time projection %.10g == cells %.10g", shipped[k],
               se, st, sc);
        if (roi)
            tap_ok(fabs(se - cx_model_total(m)) <= 1e-12 * se,
                   "%s: with a region of interest the total %.10g is the sum of the bins",
                   shipped[k], cx_model_total(m));
        cx_model_free(m);
        cx_detector_free(d);
    }
}

/* A format-1 file and its format-2 translation (new magic, [end]) load to
 * identical numbers, bit for bit. */
static void test_v1_v2(void)
{
    static const char *const files[] = {"csi2017-v1.det"};
    size_t len;
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char *t1 = read_file(files[k], &len);
        if (!tap_ok(t1 != NULL, "read %s", files[k]))
            continue;
        tap_ok(!strncmp(t1, "cevnsx-detector 1\n", 18), "%s is a format-1 file", files[k]);
        char *t2 = malloc(len + 32);
        memcpy(t2, t1, len);
        t2[16] = '2';
        memcpy(t2 + len, "\n[end]\n", 8);
        char err[512];
        int s1, s2;
        cx_detector *d1 = cx_detector_parse(t1, len, files[k], &s1, err, sizeof err);
        if (!d1)
            tap_diag("%s", err);
        cx_detector *d2 = cx_detector_parse(t2, len + 7, files[k], &s2, err, sizeof err);
        if (!d2)
            tap_diag("%s", err);
        cx_model *m1 = model(d1, CX_ENGINE_FAST), *m2 = model(d2, CX_ENGINE_FAST);
        cx_detector *ds = test_load_detector("csi2017");
        cx_model *m3 = model(ds, CX_ENGINE_FAST);
        if (tap_ok(m1 && m2 && m3, "%s loads as format 1 and 2", files[k])) {
            int same = cx_model_total(m1) == cx_model_total(m2) &&
                       cx_detector_format_version(d1) == 1 && cx_detector_format_version(d2) == 2;
            /* the shipped file adds [timing] (the release's arrival-time
             * PDFs, which sum to 1 over 0-12 us): the energy spectrum is then
             * a sum over 24 time bins, equal up to rounding */
            double worst = fabs(cx_model_total(m3) / cx_model_total(m1) - 1);
            for (size_t b = 0; b < cx_model_n_bins(m1); b++) {
                same = same && cx_model_spectrum(m1)[b] == cx_model_spectrum(m2)[b];
                if (cx_model_spectrum(m1)[b] > 0)
                    worst =
                        fmax(worst, fabs(cx_model_spectrum(m3)[b] / cx_model_spectrum(m1)[b] - 1));
            }
            tap_ok(same,
                   "%s: format 1 and its format-2 translation give bit-identical totals "
                   "and bins (%.17g)",
                   files[k], cx_model_total(m1));
            tap_ok(worst < 1e-13 && cx_model_n_time_bins(m3) == 24,
                   "%s: the shipped csi2017 with 24 time bins agrees to %.1e", files[k], worst);
        }
        cx_model_free(m1);
        cx_model_free(m2);
        cx_model_free(m3);
        cx_detector_free(d1);
        cx_detector_free(d2);
        cx_detector_free(ds);
        free(t1);
        free(t2);
    }
}

/* Every shipped file cut at many offsets either fails to load or loads with
 * identical numbers (issue 15: the [end] marker makes a cut file refusable). */
static void test_truncation(void)
{
    for (size_t k = 0; k < NSHIPPED; k++) {
        char name[64];
        size_t len;
        snprintf(name, sizeof name, "%s.det", shipped[k]);
        char *text = read_file(name, &len);
        if (!tap_ok(text != NULL, "read %s", name))
            continue;
        cx_detector *full = test_load_detector(shipped[k]);
        cx_model *mf = model(full, CX_ENGINE_FAST);
        if (!mf) {
            cx_detector_free(full);
            free(text);
            continue;
        }
        /* Offsets: every 7th byte and every line end; for files over 64 KiB
         * (lar2020: 0.6 MB of grids) every 7th byte and line end in the first
         * 16 KiB and the last 1 KiB and every 200th line end between, which
         * keeps the test within a few seconds. */
        size_t cuts = 0, loaded = 0, bad = 0, line = 0;
        const size_t head = len > 65536 ? 16384 : len, tail = len > 65536 ? 1024 : len;
        for (size_t at = 0; at <= len; at++) {
            int eol = at > 0 && text[at - 1] == '\n';
            if (eol)
                line++;
            int in_edges = at < head || at + tail > len;
            int take = in_edges ? (at % 7 == 0 || eol) : (eol && line % 200 == 0);
            if (!take && at != len)
                continue;
            cuts++;
            int st;
            char err[256];
            cx_detector *d = cx_detector_parse(text, at, name, &st, err, sizeof err);
            if (!d)
                continue;
            loaded++;
            cx_model *m = model(d, CX_ENGINE_FAST);
            int same = m && cx_model_total(m) == cx_model_total(mf) &&
                       cx_model_n_bins(m) == cx_model_n_bins(mf) &&
                       cx_model_n_time_bins(m) == cx_model_n_time_bins(mf);
            for (size_t b = 0; same && b < cx_model_n_bins(m) * cx_model_n_time_bins(m); b++)
                same = cx_model_spectrum_2d(m)[b] == cx_model_spectrum_2d(mf)[b];
            if (!same) {
                bad++;
                if (bad < 4)
                    tap_diag("%s cut at byte %zu of %zu loads with other numbers", name, at, len);
            }
            cx_model_free(m);
            cx_detector_free(d);
        }
        tap_ok(bad == 0 && loaded >= 1 && loaded < cuts,
               "%s: %zu cuts, %zu load (after [end]) with identical numbers, the rest are refused",
               name, cuts, loaded);
        cx_model_free(mf);
        cx_detector_free(full);
        free(text);
    }
}

/* ----------------------------------------------------- response physics -- */

#define HEAD                                                                                       \
    "cevnsx-detector 2\n[detector]\nid = t\nmass = 10 kg\nbaseline = 20 m\n"                       \
    "[target]\nisotope = Ar40 18 40 39.9623831 1\n"

static cx_detector *kept[64]; /* detectors of kept models, freed at the end */
static size_t n_kept;

static double total_of(const char *text, const char *set, double v, const double **spec,
                       cx_model **keep)
{
    char err[512];
    int st;
    cx_detector *d = parse(text, err, sizeof err, &st);
    if (!d) {
        tap_diag("parse: %s", err);
        return NAN;
    }
    cx_model *m = model(d, CX_ENGINE_FAST);
    if (!m) {
        cx_detector_free(d);
        return NAN;
    }
    if (set) {
        cx_model_set_param(m, cx_model_param_lookup(m, set), v);
        cx_model_update(m);
    }
    double t = cx_model_total(m);
    if (spec)
        *spec = cx_model_spectrum(m);
    if (keep) {
        *keep = m;
        if (n_kept < sizeof kept / sizeof kept[0])
            kept[n_kept++] = d;
    } else {
        cx_model_free(m);
        cx_detector_free(d);
    }
    return t;
}

static void free_kept(cx_model *m)
{
    cx_model_free(m);
}

static void test_response_physics(void)
{
    /* identity: axis keVnr, no smearing, no efficiency == a format-1 step */
    static const char v1[] = "cevnsx-detector 1\n[detector]\nid = t\nmass = 10 kg\nbaseline = "
                             "20 m\nthreshold = 10 keVnr\n[target]\nisotope = Ar40 18 40 "
                             "39.9623831 1\n[binning]\nunit = keVnr\nrange = 10 110 5\n";
    static const char g1[] = HEAD "[response]\nkind = general\nquenching = constant 1\naxis = "
                                  "keVnr\n[binning]\nunit = keVnr\nrange = 10 110 5\n[end]\n";
    cx_model *a = NULL, *b = NULL;
    double ta = total_of(v1, NULL, 0, NULL, &a), tb = total_of(g1, NULL, 0, NULL, &b);
    int same = a && b;
    for (size_t i = 0; same && i < cx_model_n_bins(a); i++)
        same = fabs(cx_model_spectrum(a)[i] - cx_model_spectrum(b)[i]) <=
               1e-9 * cx_model_spectrum(a)[i] + 1e-12;
    /* the step counts every recoil above threshold, the ROI stops at 110 keVnr */
    double sum_a = 0;
    for (size_t i = 0; a && i < cx_model_n_bins(a); i++)
        sum_a += cx_model_spectrum(a)[i];
    /* the step's total counts recoils above the last edge too, the ROI does not */
    tap_ok(same && fabs(tb - sum_a) <= 1e-9 * sum_a && tb < ta,
           "general response on keVnr without smearing = the format-1 step, bin by bin (bins "
           "%.9g, %.9g)",
           sum_a, tb);
    /* a constant QF maps keVnr bins onto keVee bins scaled by QF */
    static const char g2[] = HEAD "[response]\nkind = general\nquenching = constant 0.25\naxis = "
                                  "keVee\n[binning]\nunit = keVee\nrange = 2.5 27.5 1.25\n[end]\n";
    cx_model *c = NULL;
    total_of(g2, NULL, 0, NULL, &c);
    same = a && c && cx_model_n_bins(c) == cx_model_n_bins(a);
    for (size_t i = 0; same && i < cx_model_n_bins(a); i++)
        same = fabs(cx_model_spectrum(a)[i] - cx_model_spectrum(c)[i]) <=
               1e-9 * cx_model_spectrum(a)[i] + 1e-12;
    tap_ok(same, "constant QF 0.25: keVee bins [0.25 a, 0.25 b) hold the keVnr bins [a, b)");
    free_kept(c);
    /* smearing moves events between bins and conserves them (means far above
     * 0, ROI wide enough for the tails) */
    static const char *const smears[] = {
        HEAD "[response]\nkind = general\nquenching = linear 0.246 0.00078\naxis = keVee\n"
             "resolution = gauss 0.58 0\n[binning]\nunit = keVee\nrange = 0 200 5\n[end]\n",
        HEAD "[response]\nkind = general\nquenching = lindhard 0.16\nlight_yield = 5 PE/keVee\n"
             "axis = PE\nresolution = poisson\n[binning]\nunit = PE\nrange = 0 1000 10\n[end]\n",
        HEAD "[response]\nkind = general\nquenching = poly 0.0554628 4.30681 -111.707 840.384\n"
             "light_yield = 13.35 PE/keVee\naxis = PE\nresolution = gamma 0.0749 9.56\n"
             "[binning]\nunit = PE\nrange = 0 4000 40\n[end]\n",
    };
    static const char *const unsm[] = {
        HEAD "[response]\nkind = general\nquenching = linear 0.246 0.00078\naxis = keVee\n"
             "[binning]\nunit = keVee\nrange = 0 200 5\n[end]\n",
        HEAD "[response]\nkind = general\nquenching = lindhard 0.16\nlight_yield = 5 PE/keVee\n"
             "axis = PE\n[binning]\nunit = PE\nrange = 0 1000 10\n[end]\n",
        HEAD "[response]\nkind = general\nquenching = poly 0.0554628 4.30681 -111.707 840.384\n"
             "light_yield = 13.35 PE/keVee\naxis = PE\n[binning]\nunit = PE\n"
             "range = 0 4000 40\n[end]\n",
    };
    static const char *const what[] = {"gauss", "poisson", "gamma"};
    for (int k = 0; k < 3; k++) {
        double s = total_of(smears[k], "threshold_kev", 50.0, NULL, NULL);
        double u = total_of(unsm[k], "threshold_kev", 50.0, NULL, NULL);
        tap_ok(fabs(s / u - 1.0) <= 1e-8 && u > 0,
               "%s smearing conserves the events above 50 keVnr (%.10g vs %.10g)", what[k], s, u);
    }
    /* efficiency 0 everywhere gives 0 events */
    static const char z[] = HEAD "[response]\nkind = general\nquenching = constant 0.3\naxis = "
                                 "keVee\nresolution = gauss 0.5 0\nefficiency = table\n"
                                 "efficiency_table = 0 0\nefficiency_table = 100 0\n[binning]\n"
                                 "unit = keVee\nrange = 0 50 5\n[end]\n";
    tap_abs(total_of(z, NULL, 0, NULL, NULL), 0.0, 0.0, "efficiency 0 gives 0 events");
    /* Lindhard at 10 keVnr on argon, k = 0.133: QF = k g / (1 + k g) with
     * eps = 11.5 18^(-7/3) 10, g = 3 eps^0.15 + 0.7 eps^0.6 + eps; a
     * monoenergetic check through the bin edges: no smearing, the fraction
     * of events above E_ee(20 keVnr) equals that above 20 keVnr. */
    double eps = 11.5 * pow(18.0, -7.0 / 3.0) * 20.0;
    double g = 3 * pow(eps, 0.15) + 0.7 * pow(eps, 0.6) + eps, qf = 0.133 * g / (1 + 0.133 * g);
    char lind[1024];
    snprintf(lind, sizeof lind,
             HEAD "[response]\nkind = general\nquenching = lindhard 0.133\naxis = keVee\n"
                  "[binning]\nunit = keVee\nedges = 0 %.17g 500\n[end]\n",
             20.0 * qf);
    const double *sp;
    cx_model *ml = NULL;
    total_of(lind, NULL, 0, &sp, &ml);
    double above = ml ? sp[1] : NAN;
    double ref = total_of(v1, "threshold_kev", 20.0, NULL, NULL);
    /* v1 step above 20 keVnr but below 110 keVnr; the Lindhard bin runs to the end */
    double v1all = 0;
    {
        static const char v1b[] = "cevnsx-detector 1\n[detector]\nid = t\nmass = 10 kg\n"
                                  "baseline = 20 m\nthreshold = 20 keVnr\n[target]\nisotope = "
                                  "Ar40 18 40 39.9623831 1\n[binning]\nunit = keVnr\nrange = 0 "
                                  "10 5\n";
        v1all = total_of(v1b, NULL, 0, NULL, NULL);
    }
    tap_ok(ml && fabs(above / v1all - 1.0) <= 1e-9 && ref > 0,
           "Lindhard k = 0.133: events above E_ee(20 keVnr) = %.6g keVee equal those above 20 "
           "keVnr (%.10g vs %.10g)",
           20.0 * qf, above, v1all);
    free_kept(ml);
    free_kept(a);
    free_kept(b);

    /* quenching = table through two nodes is the linear form (the last node
     * beyond the largest argon recoil, 150 keVnr, so nothing is held) */
    static const char lin[] = HEAD "[response]\nkind = general\nquenching = linear 0.246 0.00078\n"
                                   "axis = keVee\n[binning]\nunit = keVee\nrange = 0 60 5\n[end]\n";
    static const char tab[] = HEAD "[response]\nkind = general\nquenching = table\n"
                                   "quenching_table = 0 0.246\nquenching_table = 200 0.402\n"
                                   "axis = keVee\n[binning]\nunit = keVee\nrange = 0 60 5\n[end]\n";
    cx_model *ql = NULL, *qt = NULL;
    total_of(lin, NULL, 0, NULL, &ql);
    total_of(tab, NULL, 0, NULL, &qt);
    same = ql && qt;
    for (size_t i = 0; same && i < cx_model_n_bins(ql); i++)
        same =
            fabs(cx_model_spectrum(ql)[i] - cx_model_spectrum(qt)[i]) <= 1e-12 * cx_model_total(ql);
    tap_ok(same, "quenching table through (0, 0.246) and (200, 0.402) = linear 0.246 + 0.00078 T");
    free_kept(ql);
    free_kept(qt);

    /* The 2017 response written as a general one: PE = 13.348 x 0.0878 T
     * (light yield x constant QF = 1.172 PE/keVnr; the shipped file rounds
     * to 1.17, so the general file uses QF = 1.17 / 13.348), no smearing,
     * efficiency logistic2017 with the csi2017 numbers: the 2-PE bins are
     * those of csi2017.det. */
    cx_detector *d17 = test_load_detector("csi2017");
    cx_model *m17 = model(d17, CX_ENGINE_FAST);
    char g17[2048];
    snprintf(g17, sizeof g17,
             "cevnsx-detector 2\n[detector]\nid = g\nmass = 14.57 kg\nbaseline = 19.3 m\n"
             "preset = coherent-2017\n[target]\nisotope = Cs133 55 133 132.905451961 1\n"
             "isotope = I127 53 127 126.904471 1\n[response]\nkind = general\n"
             "quenching = constant %.17g\nlight_yield = 13.348 PE/keVee\naxis = PE\n"
             "efficiency = logistic2017 0.6655 0.4942 10.8507 5 6\n[binning]\nunit = PE\n"
             "range = 0 50 2\n[end]\n",
             1.17 / 13.348);
    cx_model *mg = NULL;
    total_of(g17, NULL, 0, NULL, &mg);
    same = m17 && mg && cx_model_n_bins(m17) == cx_model_n_bins(mg);
    double worst = 0;
    for (size_t i = 0; same && i < cx_model_n_bins(m17); i++) {
        double x = cx_model_spectrum(m17)[i], y = cx_model_spectrum(mg)[i];
        worst = fmax(worst, fabs(x - y) / fmax(x, 1e-9));
    }
    tap_ok(same && worst <= 1e-9,
           "the 2017 logistic response as kind = general gives the csi2017 bins (worst %.1e)",
           worst);
    free_kept(mg);
    cx_model_free(m17);
    cx_detector_free(d17);
}

/* --------------------------------------------------------------- timing -- */

static double phi(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

static double emg_cdf(double t, double s, double tau)
{
    return phi(t / s) - exp(-t / tau + s * s / (2 * tau * tau)) * phi(t / s - s / tau);
}

static void test_timing(void)
{
    static const char base[] = HEAD "[response]\nkind = general\nquenching = constant 1\naxis = "
                                    "keVnr\n[binning]\nunit = keVnr\nrange = 10 110 5\n";
    char text[2048];
    cx_model *m0 = NULL, *m1 = NULL;
    snprintf(text, sizeof text, "%s[end]\n", base);
    total_of(text, NULL, 0, NULL, &m0);
    /* a window that holds the whole spill: timing changes nothing */
    snprintf(text, sizeof text,
             "%s[timing]\nunit = us\npulse = gauss 0.44 0.15\nwindow = -1 60\n"
             "width = 0.5\n[end]\n",
             base);
    total_of(text, NULL, 0, NULL, &m1);
    if (m0 && m1) {
        tap_rel(cx_model_total(m1), cx_model_total(m0), 1e-9,
                "a window over the whole spill keeps every event");
        tap_ok(cx_model_n_time_bins(m1) == 122, "-1..60 us in 0.5 us bins: 122 time bins");
    }
    free_kept(m1);
    /* a very short pulse: the prompt fraction in [0, 50 ns) is F(50) - F(0) with
     * the exponentially modified Gaussian's distribution function
     * F(t) = Phi(t/s) - exp(-t/tau + s^2/(2 tau^2)) Phi(t/s - s/tau), mean 0,
     * s = 0.01 ns, tau = 26.03 ns (about 1 - exp(-50/26.03) - 0.399 s/tau); the
     * delayed fraction in [1, 3) us is the difference of the two-exponential law */
    snprintf(text, sizeof text,
             "%s[timing]\nunit = ns\npulse = gauss 0 0.01\nwindow = 0 50\n"
             "[end]\n",
             base);
    total_of(text, NULL, 0, NULL, &m1);
    if (m0 && m1)
        tap_rel(cx_model_total_component(m1, CX_NUMU) / cx_model_total_component(m0, CX_NUMU),
                emg_cdf(50.0, 0.01, 26.03) - emg_cdf(0.0, 0.01, 26.03), 1e-6,
                "prompt fraction in [0, 50 ns): exponentially modified Gaussian");
    free_kept(m1);
    snprintf(text, sizeof text,
             "%s[timing]\nunit = us\npulse = gauss 0 0.00001\nwindow = 1 3\n"
             "[end]\n",
             base);
    total_of(text, NULL, 0, NULL, &m1);
    const double tm = 2.1969811, tp = 0.02603;
    double want =
        (tm * (exp(-1 / tm) - exp(-3 / tm)) - tp * (exp(-1 / tp) - exp(-3 / tp))) / (tm - tp);
    if (m0 && m1)
        tap_rel(cx_model_total_component(m1, CX_NUE) / cx_model_total_component(m0, CX_NUE), want,
                1e-6, "delayed fraction in [1, 3) us: the pion-then-muon decay law");
    free_kept(m1);
    /* the time efficiency exp(-b t) from t = 0 multiplies the Laplace transforms:
     * 1 / ((1 + b tau_mu) (1 + b tau_pi)) for the delayed flux */
    snprintf(text, sizeof text,
             "%s[timing]\nunit = us\npulse = gauss 0 0.00001\nwindow = 0 80\n"
             "efficiency = exp_after 0 0.2\n[end]\n",
             base);
    total_of(text, NULL, 0, NULL, &m1);
    if (m0 && m1)
        tap_rel(cx_model_total_component(m1, CX_NUMUBAR) / cx_model_total_component(m0, CX_NUMUBAR),
                1.0 / ((1 + 0.2 * tm) * (1 + 0.2 * tp)), 1e-6,
                "time efficiency exp(-0.2 t/us): 1 / ((1 + b tau_mu)(1 + b tau_pi))");
    free_kept(m1);
    /* a table pulse (boxes of constant density): one box [0, 0.2) us. The
     * prompt fraction in [0, 0.2) us is (0.2 - tau (1 - exp(-0.2/tau))) / 0.2,
     * the whole spill keeps every event, and fast = reference */
    snprintf(text, sizeof text,
             "%s[timing]\nunit = us\npulse = table\npulse_table = 0 0.2 1\n"
             "window = 0 0.2\n[end]\n",
             base);
    total_of(text, NULL, 0, NULL, &m1);
    if (m0 && m1)
        tap_rel(cx_model_total_component(m1, CX_NUMU) / cx_model_total_component(m0, CX_NUMU),
                (0.2 - tp * (1 - exp(-0.2 / tp))) / 0.2, 1e-9,
                "table pulse: prompt fraction inside a 0.2-us box");
    free_kept(m1);
    snprintf(text, sizeof text,
             "%s[timing]\nunit = us\npulse = table\npulse_table = 0 0.2 1\n"
             "pulse_table = 0.3 0.5 2\nwindow = -1 60\nwidth = 0.25\n[end]\n",
             base);
    total_of(text, NULL, 0, NULL, &m1);
    if (m0 && m1)
        tap_rel(cx_model_total(m1), cx_model_total(m0), 1e-9,
                "table pulse: the whole spill keeps every event");
    {
        char err[512];
        int st;
        cx_detector *d = parse(text, err, sizeof err, &st);
        cx_model *r = model(d, CX_ENGINE_REFERENCE);
        if (m1 && r) {
            double worst = 0;
            for (size_t k = 0; k < cx_model_n_time_bins(r); k++)
                worst = fmax(worst,
                             fabs(cx_model_time_spectrum(m1)[k] - cx_model_time_spectrum(r)[k]) /
                                 (1e-3 * cx_model_total(r) + fabs(cx_model_time_spectrum(r)[k])));
            tap_ok(worst <= 1e-6, "table pulse: fast and reference time projections agree (%.1e)",
                   worst);
        }
        cx_model_free(r);
        cx_detector_free(d);
    }
    free_kept(m1);
    free_kept(m0);
}

/* ------------------------------------------------------------ bad input -- */

static void test_refusals(void)
{
#define RESP "[response]\nkind = general\naxis = keVee\n"
#define BINS "[binning]\nunit = keVee\nrange = 0 20 5\n"
#define TIME "[timing]\nunit = us\npulse = gauss 0.44 0.15\nwindow = 0 6\nwidth = 3\n"
    static const struct {
        const char *text;
        int status, line;
        const char *what;
    } cases[] = {
        {HEAD RESP "quenching = constant -0.1\n" BINS "[end]\n", CX_ERANGE, 11, "quenching"},
        {HEAD RESP "quenching = linear -0.2 0.001\n" BINS "[end]\n", CX_ERANGE, 11, "linear"},
        {HEAD RESP "quenching = constant 0.2\nefficiency = table\nefficiency_table = 1 0.5\n"
                   "efficiency_table = 0.5 0.6\n" BINS "[end]\n",
         CX_ERANGE, 14, "not increasing"},
        {HEAD RESP "quenching = constant 0.2\nefficiency = table\nefficiency_table = 1 0.5\n"
                   "efficiency_table = 2 1.6\n" BINS "[end]\n",
         CX_ERANGE, 14, "outside [0, 1]"},
        {HEAD RESP "quenching = constant 0.2\n" BINS
                   "[timing]\nunit = us\npulse = gauss 0.44 0.15\nwindow = 100 200\n[end]\n",
         CX_ERANGE, 18, "beam spill"},
        {HEAD RESP "quenching = constant 0.2\n" BINS TIME "[data]\non = 0 5 0 3 1\n[end]\n",
         CX_EPARSE, 21, "rows"},
        {HEAD RESP
         "quenching = constant 0.2\n" BINS TIME
         "[data]\non = 0 5 0 3 1\non = 0 5 3 6 1\non = 5 10 0 3 1\non = 5 10 3 6 1\n"
         "on = 10 15 0 3 1\non = 10 15 3 6 1\non = 15 20 0 3 1\non = 15 21 3 6 1\n[end]\n",
         CX_ERANGE, 28, "does not match"},
        {HEAD RESP
         "quenching = constant 0.2\n" BINS TIME
         "[data]\non = 0 5 0 3 1\non = 0 5 3 6 1\non = 5 10 0 3 1\non = 5 10 3 6 1\n"
         "on = 10 15 0 3 1\non = 10 15 3 6 1\non = 15 20 0 3 1\non = 15 20 0 3 1\n[end]\n",
         CX_EPARSE, 28, "duplicate"},
        {HEAD RESP
         "quenching = constant 0.2\n" BINS TIME
         "[background]\nbrn_norm = 10 2\nbrn = 0 5 0 3 1\nbrn = 0 5 3 6 1\nbrn = 5 10 0 3 1\n"
         "brn = 5 10 3 6 -1\nbrn = 10 15 0 3 1\nbrn = 10 15 3 6 1\nbrn = 15 20 0 3 1\n"
         "brn = 15 20 3 6 1\n[end]\n",
         CX_ERANGE, 25, "negative"},
        {HEAD RESP "quenching = constant 0.2\n" BINS, CX_EPARSE, 0, "[end]"},
        {HEAD RESP "quenching = poly 0.2 -20\n" BINS "[end]\n", CX_ERANGE, 11, "does not increase"},
        {HEAD RESP
         "quenching = constant 0.2\n" BINS
         "[timing]\nunit = us\npulse = table\npulse_table = 0 0.3 1\npulse_table = 0.2 0.5 1\n"
         "window = 0 6\n[end]\n",
         CX_ERANGE, 19, "overlap"},
        {HEAD RESP "quenching = constant 0.2\n" BINS "[end]\nid = x\n", CX_EPARSE, 16,
         "after [end]"},
        {"cevnsx-detector 1\n[detector]\nid = t\nmass = 1 kg\nbaseline = 20 m\n[exposure]\n"
         "pot = 1e23\n",
         CX_EPARSE, 6, "version 2"},
        {HEAD "[exposure]\npot = -1e23\nnu_per_proton = 0.08\n[binning]\nunit = keVnr\n"
              "range = 0 20 5\n[end]\n",
         CX_ERANGE, 9, "pot"},
        {HEAD RESP "quenching = constant 0.2\nroi = 5 40\n" BINS "[end]\n", CX_ERANGE, 12, "roi"},
        {HEAD RESP "quenching = constant 0.2\n[binning]\nunit = PE\nrange = 0 20 5\n[end]\n",
         CX_EPARSE, 13, "axis"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char err[512], want[32];
        int st;
        cx_detector *d = parse(cases[k].text, err, sizeof err, &st);
        if (cases[k].line > 0)
            snprintf(want, sizeof want, "t.det:%d: ", cases[k].line);
        else
            snprintf(want, sizeof want, "t.det: ");
        tap_ok(!d && st == cases[k].status && !strncmp(err, want, strlen(want)) &&
                   strstr(err, cases[k].what),
               "refused: %s (status %d, want %s...%s)", err, st, want, cases[k].what);
        cx_detector_free(d);
    }
}

/* The background templates of the shipped files, found through the key
 * list: each with a normalisation, entries >= 0, on the data grid. */
static void test_templates(void)
{
    static const struct {
        const char *id;
        const char *names; /* templates with a _norm, in file order */
        double norms[3];   /* their published or derived normalisations */
    } want[] = {
        /* LArParametersAnlA.yaml: SS 3154, prompt BRN 497, delayed BRN 33 */
        {"lar2020", "ss brn_prompt brn_delayed", {3154, 497, 33}},
        /* csi2021.det: AC events (PE < 60, t < 6 us), the BRN and NIN templates */
        {"csi2021", "ss brn nin", {1295, 27.4238, 6.9086}},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        cx_detector *d = test_load_detector(want[k].id);
        if (!d)
            continue;
        char names[256] = "";
        int ok = 1, n = 0;
        for (size_t i = 0; i < cx_detector_n_keys(d); i++) {
            const char *key = cx_detector_key(d, i);
            char nk[160];
            const double *rows, *norm;
            size_t nr, nc, n1, n2;
            snprintf(nk, sizeof nk, "%s_norm", key);
            if (strncmp(key, "background.", 11) != 0 ||
                cx_detector_table(d, nk, &norm, &n1, &n2) != CX_OK)
                continue;
            if (cx_detector_table(d, key, &rows, &nr, &nc) != CX_OK ||
                nr != cx_detector_n_bins(d) * cx_detector_n_time_bins(d) *
                          (strcmp(want[k].id, "lar2020") == 0 ? 8 : 1))
                ok = 0;
            double sum = 0;
            for (size_t r = 0; ok && r < nr; r++) {
                sum += rows[r * nc + nc - 1];
                ok = ok && rows[r * nc + nc - 1] >= 0;
            }
            /* the templates hold their normalisation (csi2021's brn, nin: by
             * construction; lar2020's: the release's PDFs sum to them) */
            if (n < 3)
                ok = ok && fabs(norm[0] - want[k].norms[n]) <= 1e-4 * want[k].norms[n] &&
                     fabs(sum - norm[0]) <= 2e-3 * norm[0];
            size_t l = strlen(names);
            snprintf(names + l, sizeof names - l, "%s%s", n ? " " : "", key + 11);
            n++;
        }
        tap_ok(ok && strcmp(names, want[k].names) == 0,
               "%s: background templates '%s' on the data grid, normalised as published",
               want[k].id, names);
        cx_detector_free(d);
    }
}

/* The worked examples of data/examples: load, and both engines agree. */
static void test_example(const char *file)
{
    char path[4096], err[512];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/data/examples/%s", top && *top ? top : ".", file);
    int st;
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    if (!tap_ok(d != NULL, "data/examples/%s loads (%s)", file, d ? "ok" : err))
        return;
    cx_model *f = model(d, CX_ENGINE_FAST), *r = model(d, CX_ENGINE_REFERENCE);
    if (f && r) {
        double worst = fabs(cx_model_total(f) / cx_model_total(r) - 1);
        for (size_t c = 0; c < cx_model_n_bins(f) * cx_model_n_time_bins(f); c++)
            worst = fmax(worst, fabs(cx_model_spectrum_2d(f)[c] - cx_model_spectrum_2d(r)[c]) /
                                    fmax(cx_model_spectrum_2d(r)[c], 1e-3 * cx_model_total(r)));
        tap_ok(worst <= 1e-6 && cx_model_total(f) > 0,
               "%s: fast %.9g vs reference %.9g, worst cell %.1e", file, cx_model_total(f),
               cx_model_total(r), worst);
    }
    cx_model_free(f);
    cx_model_free(r);
    cx_detector_free(d);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_example("ge-lindhard.det");
    test_example("my-ge.det");
    test_templates();
    test_published();
    test_projections();
    test_v1_v2();
    test_truncation();
    test_response_physics();
    test_timing();
    test_refusals();
    for (size_t i = 0; i < n_kept; i++)
        cx_detector_free(kept[i]);
    return tap_done();
}
