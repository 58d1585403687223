/* test_detector.c - detector files: shipped data, accessors, resolver, errors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reference values: doc/physics.md sections 3 and 6 and the COHERENT 2017 data
 * release (arXiv:1804.09459, see shared/reference-data/SOURCES.md). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cevnsx.h"
#include "engine/cx_internal.h"
#include "tap.h"

static char datadir[4096]; /* $top_srcdir/data/detectors */
static char fixdir[4096];  /* $top_srcdir/tests/data */

static cx_detector *load_shipped(const char *id)
{
    char path[4200], err[512];
    int st = -99;
    snprintf(path, sizeof path, "%s/%s.det", datadir, id);
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    if (!tap_ok(d != NULL && st == CX_OK, "%s.det loads", id))
        tap_diag("status %d: %s", st, err);
    return d;
}

/* ------------------------------------------------------ shipped detectors */

typedef struct {
    const char *name;
    int z, a;
    double mass_u, count;
} iso_ref;

typedef struct {
    const char *id;
    double mass_kg, baseline_m, threshold_kevnr;
    const char *preset, *stat;
    size_t n_iso;
    iso_ref iso[2];
    cx_bin_unit unit;
    double lo, hi, width;
} det_ref;

/* doc/physics.md section 3 (table and isotope list), section 7 (presets) and the
 * binnings of the brief/README. */
static const det_ref refs[] = {
    {"csi2017",
     14.57,
     19.3,
     0.0,
     "coherent-2017",
     "single-bin",
     2,
     {{"Cs133", 55, 133, 132.905451961, 1}, {"I127", 53, 127, 126.904471, 1}},
     CX_UNIT_PE,
     0,
     50,
     2},
    {"csi",
     14.6,
     19.3,
     5.0,
     "future-coherent",
     "forecast",
     2,
     {{"Cs133", 55, 133, 132.905451961, 1}, {"I127", 53, 127, 126.904471, 1}},
     CX_UNIT_KEVNR,
     0,
     50,
     2},
    {"ge",
     10.0,
     22.0,
     5.0,
     "future-coherent",
     "forecast",
     1,
     {{"Ge72", 32, 72, 71.9220758, 1}, {NULL, 0, 0, 0, 0}},
     CX_UNIT_KEVNR,
     0,
     90,
     3},
    {"nai",
     2000.0,
     28.0,
     13.0,
     "future-coherent",
     "forecast",
     2,
     {{"Na23", 11, 23, 22.98976928, 1}, {"I127", 53, 127, 126.904471, 1}},
     CX_UNIT_KEVNR,
     0,
     270,
     10},
    {"lar",
     1000.0,
     29.0,
     20.0,
     "future-coherent",
     "forecast",
     1,
     {{"Ar40", 18, 40, 39.9623831, 1}, {NULL, 0, 0, 0, 0}},
     CX_UNIT_KEVNR,
     0,
     160,
     5},
};

static void check_shipped(const det_ref *r)
{
    cx_detector *d = load_shipped(r->id);
    if (!d)
        return;
    char what[128];
    tap_ok(!strcmp(cx_detector_id(d), r->id), "%s: id '%s'", r->id, cx_detector_id(d));
    tap_ok(cx_detector_name(d)[0] != '\0' && cx_detector_citation(d)[0] != '\0',
           "%s: name and citation present", r->id);
    snprintf(what, sizeof what, "%s: mass kg", r->id);
    tap_rel(cx_detector_mass_kg(d), r->mass_kg, 1e-15, what);
    snprintf(what, sizeof what, "%s: baseline m", r->id);
    tap_rel(cx_detector_baseline_m(d), r->baseline_m, 1e-15, what);
    snprintf(what, sizeof what, "%s: threshold keVnr", r->id);
    tap_abs(cx_detector_threshold_kevnr(d), r->threshold_kevnr, 0, what);
    tap_ok(!strcmp(cx_detector_preset(d), r->preset) && !strcmp(cx_detector_stat(d), r->stat),
           "%s: preset %s, stat %s", r->id, cx_detector_preset(d), cx_detector_stat(d));
    tap_abs(d->efficiency, 1.0, 0, "efficiency defaults to 1");
    int iso_ok = cx_detector_n_isotopes(d) == r->n_iso;
    for (size_t i = 0; iso_ok && i < r->n_iso; i++) {
        cx_isotope_info in;
        iso_ok = cx_detector_isotope(d, i, &in) == CX_OK && !strcmp(in.name, r->iso[i].name) &&
                 in.z == r->iso[i].z && in.a == r->iso[i].a && in.mass_u == r->iso[i].mass_u &&
                 in.count == r->iso[i].count && d->iso[i].z == r->iso[i].z;
    }
    tap_ok(iso_ok, "%s: %zu isotopes with the Z, A and mass of doc/physics.md section 3", r->id,
           r->n_iso);
    cx_isotope_info in;
    tap_ok(cx_detector_isotope(d, r->n_iso, &in) == CX_EINVAL, "%s: isotope index out of range",
           r->id);
    size_t nb = cx_detector_n_bins(d);
    const double *e = cx_detector_bin_edges(d);
    size_t want_nb = (size_t)((r->hi - r->lo) / r->width + 0.5);
    int bins_ok = cx_detector_bin_unit(d) == r->unit && nb == want_nb && e != NULL;
    for (size_t i = 0; bins_ok && i <= nb; i++)
        bins_ok = e[i] == r->lo + (double)i * r->width;
    tap_ok(bins_ok, "%s: %zu bins of %g from %g to %g", r->id, want_nb, r->width, r->lo, r->hi);

    /* [fit] defaults of the forecast detectors: scenario 3 (doc/physics.md section 6) */
    if (!strcmp(r->stat, "forecast")) {
        double sa = -1, sb = -1, fb = -1;
        tap_ok(cx_detector_number(d, "fit.sigma_alpha", &sa) == CX_OK && sa == 0.15 &&
                   cx_detector_number(d, "fit.sigma_beta", &sb) == CX_OK && sb == 0.10 &&
                   cx_detector_number(d, "fit.bkg_frac", &fb) == CX_OK && fb == 0.10,
               "%s: fit scenario 3 (0.15, 0.10, bkg 0.10)", r->id);
        tap_ok(d->response == CX_RESP_STEP && cx_detector_pe_per_kevnr(d) == 0.0,
               "%s: step response, no PE scale", r->id);
    }
    cx_detector_free(d);
}

static void check_csi2017(void)
{
    cx_detector *d = load_shipped("csi2017");
    if (!d)
        return;
    /* response: coherent_parameters.yaml / doc/physics.md section 3 */
    tap_ok(d->response == CX_RESP_LOGISTIC, "csi2017: logistic response");
    tap_abs(cx_detector_pe_per_kevnr(d), 1.17, 0, "csi2017: PE per keVnr");
    tap_abs(d->acc_a, 0.6655, 0, "csi2017: acceptance a");
    tap_abs(d->acc_k, 0.4942, 0, "csi2017: acceptance k");
    tap_abs(d->acc_x0, 10.8507, 0, "csi2017: acceptance x0");
    tap_ok(d->step_lo_pe == 5 && d->step_hi_pe == 6, "csi2017: H steps at 5 and 6 PE");

    /* single-bin fit inputs: doc/physics.md section 6 */
    static const struct {
        const char *key;
        double v;
    } fit[] = {{"fit.n_meas", 142},
               {"fit.b_on", 6},
               {"fit.b_ss", 405},
               {"fit.sigma_alpha", 0.28},
               {"fit.sigma_beta", 0.25},
               {"fit.window_lo_pe", 6},
               {"fit.window_hi_pe", 30},
               {"data.exposure_gwh", 7.47594},
               {"data.neutron_t6_fraction", 1}};
    for (size_t i = 0; i < sizeof fit / sizeof fit[0]; i++) {
        double v = -1;
        int st = cx_detector_number(d, fit[i].key, &v);
        tap_ok(st == CX_OK && v == fit[i].v, "csi2017: %s = %g (got %g, status %d)", fit[i].key,
               fit[i].v, v, st);
    }

    /* measured spectrum: 25 contiguous 2-PE bins; over labels 7..29 (6..30 PE)
     * C = 547, AC = 405, C - AC = 142 (doc/physics.md section 3, SOURCES.md) */
    const double *rows = NULL;
    size_t nr = 0, nc = 0;
    int st = cx_detector_table(d, "data.bin", &rows, &nr, &nc);
    tap_ok(st == CX_OK && nr == 25 && nc == 4, "csi2017: data.bin is 25 x 4 (%zu x %zu)", nr, nc);
    if (st == CX_OK && nc == 4) {
        int contiguous = 1;
        double c = 0, ac = 0;
        for (size_t i = 0; i < nr; i++) {
            const double *r = rows + 4 * i;
            contiguous = contiguous && r[0] == 2.0 * (double)i && r[1] == r[0] + 2;
            if (r[0] >= 6 && r[1] <= 30) {
                c += r[2];
                ac += r[3];
            }
        }
        tap_ok(contiguous, "csi2017: data bins are [0,2), [2,4), ..., [48,50)");
        tap_abs(c, 547, 0, "csi2017: coincidence counts 6..30 PE");
        tap_abs(ac, 405, 0, "csi2017: anti-coincidence counts 6..30 PE (B_ss)");
        tap_abs(c - ac, 142, 0, "csi2017: C - AC 6..30 PE (N_meas)");
    }
    /* prompt neutrons: promptPDF.txt, 50 1-PE bins, first and last values */
    st = cx_detector_table(d, "data.neutron", &rows, &nr, &nc);
    tap_ok(st == CX_OK && nr == 50 && nc == 2, "csi2017: data.neutron is 50 x 2");
    if (st == CX_OK && nr == 50 && nc == 2) {
        int centres = 1;
        for (size_t i = 0; i < nr; i++)
            centres = centres && rows[2 * i] == 0.5 + (double)i;
        tap_ok(centres, "csi2017: neutron bin centres 0.5 .. 49.5");
        tap_abs(rows[1], 0.5526297688, 0, "csi2017: neutron PDF at 0.5 PE");
        tap_abs(rows[99], 0.01667658426, 0, "csi2017: neutron PDF at 49.5 PE");
    }

    /* generic access rules */
    double v;
    tap_ok(cx_detector_number(d, "fit.nothing", &v) == CX_ENOTFOUND, "number: absent key");
    tap_ok(cx_detector_number(d, "data.bin", &v) == CX_EINVAL, "number: a table is not one");
    tap_ok(cx_detector_number(d, "detector.mass", &v) == CX_EINVAL,
           "number: a quantity with unit is not a plain number");
    tap_ok(cx_detector_number(d, "response.a", &v) == CX_OK && v == 0.6655, "number: response.a");
    tap_ok(cx_detector_table(d, "data.nothing", &rows, &nr, &nc) == CX_ENOTFOUND,
           "table: absent key");
    tap_ok(cx_detector_table(d, "detector.id", &rows, &nr, &nc) == CX_EINVAL,
           "table: text is not a table");
    st = cx_detector_table(d, "target.isotope", &rows, &nr, &nc);
    tap_ok(st == CX_OK && nr == 2 && nc == 4 && rows[0] == 55 && rows[4] == 53,
           "table: target.isotope rows are Z A MASS_U COUNT");
    st = cx_detector_table(d, "binning.range", &rows, &nr, &nc);
    tap_ok(st == CX_OK && nr == 1 && nc == 3 && rows[2] == 2, "table: binning.range 1 x 3");
    tap_ok(strstr(cx_detector_citation(d), "; ") != NULL &&
               strstr(cx_detector_citation(d), "1804.09459") != NULL,
           "citation lines joined with '; '");
    cx_detector_free(d);
}

/* ---------------------------------------------------------------- resolve */

static void check_resolve(void)
{
    char out[4200];
    const char *dirs[] = {"/nonexistent-cevnsx-dir", datadir, fixdir};
    char want[4200];
    snprintf(want, sizeof want, "%s/ge.det", datadir);
    tap_ok(cx_detector_resolve("ge", dirs, 3, out, sizeof out) == CX_OK && !strcmp(out, want),
           "resolve: name found in second dir (%s)", out);
    char slashdir[4200];
    snprintf(slashdir, sizeof slashdir, "%s/", datadir);
    const char *dirs2[] = {slashdir, datadir};
    tap_ok(cx_detector_resolve("lar", dirs2, 2, out, sizeof out) == CX_OK &&
               strstr(out, "//") == NULL && strncmp(out, slashdir, strlen(slashdir)) == 0,
           "resolve: first match wins, no double slash (%s)", out);
    tap_ok(cx_detector_resolve("nosuch", dirs, 3, out, sizeof out) == CX_ENOTFOUND,
           "resolve: unknown name -> CX_ENOTFOUND");
    tap_ok(cx_detector_resolve("ge", dirs, 0, out, sizeof out) == CX_ENOTFOUND,
           "resolve: no dirs -> CX_ENOTFOUND");
    tap_ok(cx_detector_resolve("sub/x", dirs, 3, out, sizeof out) == CX_OK && !strcmp(out, "sub/x"),
           "resolve: name with '/' is a path");
    tap_ok(cx_detector_resolve("my.det", dirs, 3, out, sizeof out) == CX_OK &&
               !strcmp(out, "my.det"),
           "resolve: name ending .det is a path");
    char small[8];
    tap_ok(cx_detector_resolve("ge", dirs, 3, small, sizeof small) == CX_ENOTFOUND,
           "resolve: a directory whose path does not fit is passed over -> CX_ENOTFOUND");
    tap_ok(cx_detector_resolve("../ge.det", dirs, 3, small, sizeof small) == CX_EINVAL,
           "resolve: a path longer than the buffer -> CX_EINVAL");
    tap_ok(cx_detector_resolve("../../etc/x.det", dirs, 3, small, sizeof small) == CX_EINVAL,
           "resolve: path longer than buffer -> CX_EINVAL");
}

/* ------------------------------------------------------------- good input */

#define L1 "cevnsx-detector 1\n"
#define L2 "[detector]\n"
#define L3 "id = t\n"
#define L4 "mass = 1 kg\n"
#define L5 "baseline = 20 m\n"
#define L6 "threshold = 5 keVnr\n"
#define L7 "[target]\n"
#define L8 "isotope = Ar40 18 40 39.96 1\n"
#define L9 "[binning]\n"
#define L10 "unit = keVnr\n"
#define L11 "range = 0 10 1\n"
#define GOOD L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 L11

static cx_detector *parse_str(const char *text, int *st, char *err, size_t errlen)
{
    return cx_detector_parse(text, strlen(text), "t.det", st, err, errlen);
}

static void check_good(void)
{
    char err[512];
    int st;
    cx_detector *d = parse_str(GOOD, &st, err, sizeof err);
    if (tap_ok(d && st == CX_OK && err[0] == '\0', "minimal file parses"))
        tap_ok(!strcmp(d->name, "t") && !strcmp(d->preset, "sm-helm") &&
                   !strcmp(d->stat, "forecast") && d->citation && !d->citation[0] &&
                   d->response == CX_RESP_STEP && d->n_bins == 10 && d->edges[10] == 10,
               "defaults: name = id, preset sm-helm, stat forecast, step response");
    else
        tap_diag("%s", err);
    cx_detector_free(d);

    /* CRLF, BOM, tabs, comments, units other than the base ones, edges */
    const char *alt = "\xEF\xBB\xBF"
                      "cevnsx-detector 1  \r\n"
                      "# comment\r\n"
                      "  [ detector ]  # trailing\r\n"
                      "id\t=\tx-1_b\r\n"
                      "name = A name, with  blanks\r\n"
                      "mass = 1.5 t\r\n"
                      "baseline = 0.02 km\r\n"
                      "threshold = 2e-2 MeVnr\r\n"
                      "efficiency = .5\r\n"
                      "citation = one\r\n"
                      "citation = two\r\n"
                      "[target]\r\n"
                      "isotope = Ge70 32 70 69.9242487 +0.2057\r\n"
                      "isotope = Ge72 32 72 71.9220758 2.745E-1\r\n"
                      "[binning]\r\n"
                      "unit = keVnr\r\n"
                      "edges = 0 1.5 4 10\r\n"
                      "[data]\r\n"
                      "x = 1 2\r\n"
                      "x = 3 4\r\n"
                      "x = 5 6"; /* no final newline */
    d = parse_str(alt, &st, err, sizeof err);
    if (tap_ok(d && st == CX_OK, "CRLF/BOM/tabs/comments file parses")) {
        tap_abs(d->mass_kg, 1500, 0, "1.5 t = 1500 kg");
        tap_abs(d->baseline_m, 20, 1e-12, "0.02 km = 20 m");
        tap_abs(d->threshold_kevnr, 20, 1e-12, "2e-2 MeVnr = 20 keVnr");
        tap_abs(d->efficiency, 0.5, 0, "efficiency .5");
        tap_ok(!strcmp(d->id, "x-1_b") && !strcmp(d->name, "A name, with  blanks"),
               "id and name with blanks kept");
        tap_ok(!strcmp(d->citation, "one; two"), "citations joined: '%s'", d->citation);
        tap_ok(d->n_iso == 2 && d->iso[1].count == 0.2745 && d->iso[0].count == 0.2057,
               "natural-abundance counts");
        tap_ok(d->n_bins == 3 && d->edges[1] == 1.5 && d->edges[3] == 10, "explicit edges");
        const double *rows;
        size_t nr, nc;
        tap_ok(cx_detector_table(d, "data.x", &rows, &nr, &nc) == CX_OK && nr == 3 && nc == 2 &&
                   rows[5] == 6,
               "free-form table of 3 rows, last row without newline");
    } else {
        tap_diag("%s", err);
    }
    cx_detector_free(d);

    /* text values may contain words that look like numbers */
    d = parse_str(L1 L2 L3
                  "name = inf nan 1e999\ncitation = NaN et al. (2020)\n" L4 L5 L6 L7 L8 L9 L10 L11,
                  &st, err, sizeof err);
    tap_ok(d && !strcmp(d->name, "inf nan 1e999") && !strcmp(d->citation, "NaN et al. (2020)"),
           "text values 'inf nan 1e999' are text (%s)", d ? "ok" : err);
    cx_detector_free(d);
    /* 500 g */
    d = parse_str(L1 L2 L3 "mass = 500 g\n" L5 L6 L7 L8 L9 L10 L11, &st, err, sizeof err);
    tap_ok(d && d->mass_kg == 0.5, "500 g = 0.5 kg");
    cx_detector_free(d);
    /* numbers never depend on the locale: exact decimal conversion */
    d = parse_str(L1 L2 L3 "mass = 14.57 kg\n" L5 L6 L7 L8 L9 L10 L11, &st, err, sizeof err);
    tap_ok(d && d->mass_kg == 14.57, "14.57 parses to the double nearest 14.57");
    cx_detector_free(d);
    /* a logistic response */
    d = parse_str(L1 L2 L3 L4 L5 L6 L7 L8
                  "[response]\nkind = logistic\npe_per_kevnr = 1.17\na = 0.6655\n"
                  "k = 0.4942 1/PE\nx0 = 10.8507 PE\nstep_lo = 5 PE\nstep_hi = 6 PE\n"
                  "[binning]\nunit = PE\nrange = 0 50 2\n",
                  &st, err, sizeof err);
    tap_ok(d && d->response == CX_RESP_LOGISTIC && d->bin_unit == CX_UNIT_PE &&
               d->acc_k == 0.4942 && d->n_bins == 25,
           "logistic response with PE binning");
    cx_detector_free(d);
}

/* -------------------------------------------------------- malformed input */

typedef struct {
    const char *text;
    int status;
    int line;         /* 0: message "t.det: ..." */
    const char *word; /* must occur in the message */
} bad_case;

static const bad_case bad[] = {
    {"", CX_EPARSE, 0, "empty"},
    {L1, CX_EPARSE, 0, "truncated"},
    {L1 "# only a comment\n\n", CX_EPARSE, 0, "truncated"},
    {"cevnsx-detektor 1\n" L2 L3, CX_EPARSE, 1, "magic"},
    {"[detector]\n" L3, CX_EPARSE, 1, "magic"},
    {"cevnsx-detector 3\n" L2 L3, CX_EPARSE, 1, "version"},
    {"cevnsx-detector\n" L2 L3, CX_EPARSE, 1, "version"},
    {"cevnsx-detector 1.0\n" L2 L3, CX_EPARSE, 1, "version"},
    {L1 "x = 1\n" L2 L3, CX_EPARSE, 2, "outside"},
    {L1 L2 L3 L4 L5 L6 "[targt]\n" L8, CX_EPARSE, 7, "unknown section"},
    {L1 L2 L3 L4 L5 L6 "[target\n" L8, CX_EPARSE, 7, "section header"},
    {L1 L2 L3 L4 L5 L6 "[]\n" L8, CX_EPARSE, 7, "empty section"},
    {L1 L2 L3 L4 L5 L6 L2 L8, CX_EPARSE, 7, "duplicate section"},
    {L1 L2 L3 "mass 1 kg\n" L5, CX_EPARSE, 4, "missing '='"},
    {L1 L2 L3 " = 1 kg\n" L5, CX_EPARSE, 4, "missing key"},
    {L1 L2 L3 "ma-ss = 1 kg\n" L5, CX_EPARSE, 4, "malformed key"},
    {L1 L2 L3 "mas = 1 kg\n" L5, CX_EPARSE, 4, "unknown key"},
    {L1 L2 L3 "mass =\n" L5, CX_EPARSE, 4, "empty value"},
    {L1 L2 L3 "mass = heavy kg\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "non-numeric"},
    {L1 L2 L3 "mass = 14.57kg\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "non-numeric"},
    {L1 L2 L3 "mass = 0x10 kg\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "non-numeric"},
    {L1 L2 L3 "mass = 1,5 kg\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "non-numeric"},
    {L1 L2 L3 "mass = nan kg\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "non-finite"},
    {L1 L2 L3 L4 "baseline = -Inf m\n" L6 L7 L8 L9 L10 L11, CX_EPARSE, 5, "non-finite"},
    {L1 L2 L3 L4 "baseline = 1e999 m\n" L6 L7 L8 L9 L10 L11, CX_EPARSE, 5, "out of range"},
    {L1 L2 L3 "mass = 1\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "missing unit"},
    {L1 L2 L3 "mass = 1 lb\n" L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 4, "wrong unit"},
    {L1 L2 L3 L4 "baseline = 20 ft\n" L6 L7 L8 L9 L10 L11, CX_EPARSE, 5, "wrong unit"},
    {L1 L2 L3 L4 L5 "threshold = 5 keVee\n" L7 L8 L9 L10 L11, CX_EPARSE, 6, "wrong unit"},
    {L1 L2 L3 L4 L5 "baseline = 21 m\n" L7 L8 L9 L10 L11, CX_EPARSE, 6, "duplicate key"},
    {L1 L2 L4 L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 2, "missing 'id'"},
    {L1 L2 L3 L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 2, "missing 'mass'"},
    {L1 L2 L3 L4 L6 L7 L8 L9 L10 L11, CX_EPARSE, 2, "missing 'baseline'"},
    {L1 L2 L3 L4 L5 L6 L7 L9 L10 L11, CX_EPARSE, 7, "missing 'isotope'"},
    {L1 L2 L3 L4 L5 L6 L9 L10 L11, CX_EPARSE, 0, "missing section [target]"},
    {L1 L7 L8 L9 L10 L11, CX_EPARSE, 0, "missing section [detector]"},
    {L1 L2 L3 L4 L5 L6 L7 L8, CX_EPARSE, 0, "missing section [binning]"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L11, CX_EPARSE, 9, "missing 'unit'"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10, CX_EPARSE, 9, "'range' or 'edges'"},
    {L1 L2 "id = a b\n" L4 L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 3, "malformed id"},
    {L1 L2 "id = caf\xc3\xa9\n" L4 L5 L6 L7 L8 L9 L10 L11, CX_EPARSE, 3, "malformed id"},
    {L1 L2 L3 "mass = 0 kg\n" L5 L6 L7 L8 L9 L10 L11, CX_ERANGE, 4, "mass"},
    {L1 L2 L3 "mass = -3 kg\n" L5 L6 L7 L8 L9 L10 L11, CX_ERANGE, 4, "mass"},
    {L1 L2 L3 L4 "baseline = 0 m\n" L6 L7 L8 L9 L10 L11, CX_ERANGE, 5, "baseline"},
    {L1 L2 L3 L4 L5 "threshold = -1 keVnr\n" L7 L8 L9 L10 L11, CX_ERANGE, 6, "threshold"},
    {L1 L2 L3 L4 L5 L6 "efficiency = 1.5\n" L7 L8 L9 L10 L11, CX_ERANGE, 7, "efficiency"},
    {L1 L2 L3 L4 L5 L6 "efficiency = 50 %\n" L7 L8 L9 L10 L11, CX_EPARSE, 7, "single number"},
    {L1 L2 L3 L4 L5 L6 "efficiency = NAN\n" L7 L8 L9 L10 L11, CX_EPARSE, 7, "non-finite"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = 0 infinity 1\n", CX_EPARSE, 11, "non-finite"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "edges = 0 1 1e309\n", CX_EPARSE, 11, "out of range"},
    {L1 L2 L3 L4 L5 L6 L7 L8
     "[response]\nkind = logistic\npe_per_kevnr = inf\na = 0.6655\nk = 0.49 /PE\n"
     "x0 = 10 PE\nstep_lo = 5 PE\nstep_hi = 6 PE\n" L9 L10 L11,
     CX_EPARSE, 11, "non-finite"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = X1 0 40 39.96 1\n" L9 L10 L11, CX_ERANGE, 8, "Z ="},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18 10 10.0 1\n" L9 L10 L11, CX_ERANGE, 8, "A ="},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18 40 45 1\n" L9 L10 L11, CX_ERANGE, 8, "within 1 u"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18 40 39.96 0\n" L9 L10 L11, CX_ERANGE, 8, "count"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18 40 39.96 -1\n" L9 L10 L11, CX_ERANGE, 8, "count"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18.5 40 39.96 1\n" L9 L10 L11, CX_EPARSE, 8, "integers"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18 40 39.96\n" L9 L10 L11, CX_EPARSE, 8, "expected 4"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = 18 40 39.96 1\n" L9 L10 L11, CX_EPARSE, 8, "isotope name"},
    {L1 L2 L3 L4 L5 L6 L7 "isotope = Ar40 18 40 nan 1\n" L9 L10 L11, CX_EPARSE, 8, "non-finite"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L8 L9 L10 L11, CX_EPARSE, 9, "duplicate isotope"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = 10 0 1\n", CX_ERANGE, 11, "not increasing"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = 0 10 0\n", CX_ERANGE, 11, "not increasing"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = 0 10 3\n", CX_ERANGE, 11, "whole number"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = -2 10 1\n", CX_ERANGE, 11, "below 0"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = 0 2000 1\n", CX_ERANGE, 11, "too many bins"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "range = 0 10\n", CX_EPARSE, 11, "three numbers"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "edges = 0 1 1 2\n", CX_ERANGE, 11, "not increasing"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 "edges = 3\n", CX_EPARSE, 11, "at least two"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 L10 L11 "edges = 0 1\n", CX_EPARSE, 12, "not both"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 "unit = keVee\n" L11, CX_EPARSE, 10, "binning unit"},
    {L1 L2 L3 L4 L5 L6 L7 L8 L9 "unit = PE\n" L11, CX_EPARSE, 10, "logistic"},
    {L1 L2 L3 L4 L5 L6 L7 L8 "[response]\nkind = sigmoid\n" L9 L10 L11, CX_EPARSE, 10,
     "response kind"},
    {L1 L2 L3 L4 L5 L6 L7 L8 "[response]\nkind = step\na = 0.5\n" L9 L10 L11, CX_EPARSE, 11,
     "only used with kind = logistic"},
    {L1 L2 L3 L4 L5 L6 L7 L8 "[response]\na = 0.5\n" L9 L10 L11, CX_EPARSE, 9, "missing 'kind'"},
    {L1 L2 L3 L4 L5 L6 L7 L8
     "[response]\nkind = logistic\npe_per_kevnr = 1.17\na = 0.6655\nk = 0.49 /PE\n"
     "step_lo = 5 PE\nstep_hi = 6 PE\n" L9 L10 L11,
     CX_EPARSE, 9, "missing 'x0'"},
    {L1 L2 L3 L4 L5 L6 L7 L8
     "[response]\nkind = logistic\npe_per_kevnr = 1.17\na = 1.6655\nk = 0.49 /PE\n"
     "x0 = 10 PE\nstep_lo = 5 PE\nstep_hi = 6 PE\n" L9 L10 L11,
     CX_ERANGE, 12, "outside (0, 1]"},
    {L1 L2 L3 L4 L5 L6 L7 L8
     "[response]\nkind = logistic\npe_per_kevnr = 1.17\na = 0.6655\nk = 0.49 /PE\n"
     "x0 = 10 PE\nstep_lo = 6 PE\nstep_hi = 5 PE\n" L9 L10 L11,
     CX_ERANGE, 16, "step_hi"},
    {L1 L2 L3 L4 L5 L6 L7 L8
     "[response]\nkind = logistic\npe_per_kevnr = 1.17\na = 0.6655\nk = 0.49\n"
     "x0 = 10 PE\nstep_lo = 5 PE\nstep_hi = 6 PE\n" L9 L10 L11,
     CX_EPARSE, 13, "missing unit"},
    {GOOD "[fit]\nrow = 1 2\nrow = 1 2 3\n", CX_EPARSE, 14, "columns"},
    {GOOD "[fit]\nn = 1\nn = 2\n", CX_EPARSE, 14, "duplicate key"},
    {GOOD "[fit]\nn = abc\n", CX_EPARSE, 13, "non-numeric"},
    {GOOD "[data]\nx = 1 2\nx = 1 NaN\n", CX_EPARSE, 14, "non-finite"},
    {GOOD "[data]\nx = 1 2\nx = 1 1e400\n", CX_EPARSE, 14, "out of range"},
    {L1 L2 L3 L4 "\x01" L5, CX_EPARSE, 5, "binary"},
};

static void check_bad(void)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const bad_case *c = &bad[i];
        char err[512], prefix[64];
        int st = -99;
        memset(err, 'x', sizeof err);
        cx_detector *d = parse_str(c->text, &st, err, sizeof err);
        if (c->line > 0)
            snprintf(prefix, sizeof prefix, "t.det:%d: ", c->line);
        else
            snprintf(prefix, sizeof prefix, "t.det: ");
        int ok = d == NULL && st == c->status && !strncmp(err, prefix, strlen(prefix)) &&
                 strstr(err, c->word) != NULL && strchr(err, '\n') == NULL;
        tap_ok(ok, "bad input %zu: status %d, '%s...' naming '%s'", i, c->status, prefix, c->word);
        if (!ok)
            tap_diag("got status %d, message '%s'", st, err);
        cx_detector_free(d);
    }

    /* NUL byte in memory (length given explicitly) */
    static const char nul[] = L1 L2 "id = a\0b\n";
    char err[512];
    int st;
    cx_detector *d = cx_detector_parse(nul, sizeof nul - 1, "t.det", &st, err, sizeof err);
    tap_ok(!d && st == CX_EPARSE && !strncmp(err, "t.det:3: ", 9) && strstr(err, "binary"),
           "NUL byte -> 't.det:3: binary file' (%s)", err);
    cx_detector_free(d);

    /* more than CX_MAX_ISOTOPES isotopes */
    char big[4096];
    size_t n = (size_t)snprintf(big, sizeof big, "%s", L1 L2 L3 L4 L5 L6 L7);
    for (int i = 0; i <= CX_MAX_ISOTOPES; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "isotope = X%d 18 40 39.96 1\n", i);
    snprintf(big + n, sizeof big - n, "%s", L9 L10 L11);
    d = parse_str(big, &st, err, sizeof err);
    char pre[64];
    snprintf(pre, sizeof pre, "t.det:%d: ", 8 + CX_MAX_ISOTOPES);
    tap_ok(!d && st == CX_ERANGE && !strncmp(err, pre, strlen(pre)) &&
               strstr(err, "too many isotopes"),
           "%d isotopes -> too many isotopes (%s)", CX_MAX_ISOTOPES + 1, err);
    cx_detector_free(d);

    /* 1001 distinct keys, then a 20000-row table */
    size_t cap = 600000;
    char *many = malloc(cap);
    if (many) {
        size_t m = (size_t)snprintf(many, cap, "%s", GOOD "[data]\n");
        for (int i = 0; i < 1001; i++)
            m += (size_t)snprintf(many + m, cap - m, "k%d = %d\n", i, i);
        d = cx_detector_parse(many, m, "t.det", &st, err, sizeof err);
        /* GOOD holds 7 keys, so the 994th key of [data] (line 13 + 993) is one too many */
        snprintf(pre, sizeof pre, "t.det:%d: ", 13 + 993);
        tap_ok(!d && st == CX_ERANGE && !strncmp(err, pre, strlen(pre)) &&
                   strstr(err, "too many keys"),
               "1001 keys -> too many keys (%s)", err);
        cx_detector_free(d);
        m = (size_t)snprintf(many, cap, "%s", GOOD "[data]\n");
        for (int i = 0; i < 20000; i++)
            m += (size_t)snprintf(many + m, cap - m, "r = %d %d.5\n", i, i);
        d = cx_detector_parse(many, m, "t.det", &st, err, sizeof err);
        const double *rows = NULL;
        size_t nr = 0, nc = 0;
        tap_ok(d && cx_detector_table(d, "data.r", &rows, &nr, &nc) == CX_OK && nr == 20000 &&
                   nc == 2 && rows[2 * 19999] == 19999 && rows[2 * 12345 + 1] == 12345.5,
               "20000-row table kept in order");
        cx_detector_free(d);
        free(many);
    }

    /* over 1 MiB: a valid file padded with comments */
    size_t blen = 1024 * 1024 + 1;
    char *huge = malloc(blen);
    if (huge) {
        memset(huge, '#', blen);
        memcpy(huge, GOOD, strlen(GOOD));
        huge[strlen(GOOD)] = '\n';
        d = cx_detector_parse(huge, blen, "t.det", &st, err, sizeof err);
        tap_ok(!d && st == CX_ERANGE && !strncmp(err, "t.det: ", 7) && strstr(err, "too large"),
               "over 1 MiB -> too large (%s)", err);
        cx_detector_free(d);
        d = cx_detector_parse(huge, blen - 1, "t.det", &st, err, sizeof err);
        tap_ok(d && st == CX_OK, "exactly 1 MiB is accepted");
        cx_detector_free(d);
        free(huge);
    }

    /* tiny and absent message buffers must not crash */
    char tiny[5];
    d = cx_detector_parse("junk", 4, "t.det", &st, tiny, sizeof tiny);
    tap_ok(!d && st == CX_EPARSE && !strcmp(tiny, "t.de"), "message truncated to the buffer");
    d = cx_detector_parse("junk", 4, NULL, NULL, NULL, 0);
    tap_ok(!d, "NULL name, status and buffer are allowed");
    tap_ok(cx_detector_parse(NULL, 5, "t.det", &st, err, sizeof err) == NULL && st == CX_EINVAL,
           "NULL text -> CX_EINVAL");
    cx_detector_free(NULL);
}

/* Random mutations of a shipped file: the parser must either accept the text
 * or refuse it with a one-line message that starts with the name. */
static void check_mutations(void)
{
    char path[4200], *text = NULL;
    snprintf(path, sizeof path, "%s/csi2017.det", datadir);
    FILE *f = fopen(path, "rb");
    size_t len = 0;
    if (f) {
        text = malloc(1 << 16);
        if (text)
            len = fread(text, 1, 1 << 16, f);
        fclose(f);
    }
    if (!text || len == 0 || len >= (1 << 16)) {
        tap_ok(0, "read csi2017.det for mutations");
        free(text);
        return;
    }
    char *buf = malloc(len + 64);
    uint64_t s = 0x9E3779B97F4A7C15u; /* fixed xorshift state: reproducible */
    int bad_msgs = 0, accepted = 0, n = 3000;
    static const char alphabet[] = "=[]# \n\r\t.-+e0123456789abcxyzkgPE\x00\x01\xff";
    for (int it = 0; it < n && buf; it++) {
        memcpy(buf, text, len);
        size_t l = len;
        int edits = 1 + (int)(s % 4);
        for (int k = 0; k < edits; k++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            size_t pos = (size_t)(s >> 20) % l;
            int op = (int)(s % 4);
            char ch = alphabet[(s >> 8) % (sizeof alphabet - 1)];
            if (op == 0)
                buf[pos] = ch; /* overwrite */
            else if (op == 1 && l > 1) {
                memmove(buf + pos, buf + pos + 1, l - pos - 1); /* delete */
                l--;
            } else if (op == 2 && l < len + 60) {
                memmove(buf + pos + 1, buf + pos, l - pos); /* insert */
                buf[pos] = ch;
                l++;
            } else
                l = pos + 1; /* truncate */
        }
        char err[256];
        int st = -99;
        cx_detector *d = cx_detector_parse(buf, l, "m.det", &st, err, sizeof err);
        if (d) {
            accepted++;
            int sane = st == CX_OK && d->n_bins >= 1 && d->n_iso >= 1 && d->mass_kg > 0;
            for (size_t i = 1; sane && i <= d->n_bins; i++)
                sane = d->edges[i] > d->edges[i - 1];
            bad_msgs += !sane;
        } else {
            bad_msgs += st == CX_OK || strncmp(err, "m.det:", 6) != 0 || strchr(err, '\n');
        }
        cx_detector_free(d);
    }
    tap_ok(buf && bad_msgs == 0, "%d mutated files: %d accepted, all others refused cleanly", n,
           accepted);
    free(buf);
    free(text);
}

/* ------------------------------------------------------------- load errors */

static void check_load(void)
{
    char path[4200], err[512];
    int st;
    snprintf(path, sizeof path, "%s/no-such-file.det", fixdir);
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    char want[4300];
    snprintf(want, sizeof want, "%s: cannot open: ", path);
    tap_ok(!d && st == CX_EIO && !strncmp(err, want, strlen(want)),
           "missing file -> CX_EIO 'FILE: cannot open: ...' (%s)", err);
    snprintf(path, sizeof path, "%s/binary.det", fixdir);
    d = cx_detector_load(path, &st, err, sizeof err);
    snprintf(want, sizeof want, "%s:", path);
    tap_ok(!d && st == CX_EPARSE && !strncmp(err, want, strlen(want)) && strstr(err, "binary"),
           "binary fixture -> CX_EPARSE binary file (%s)", err);
    snprintf(path, sizeof path, "%s/bad-version.det", fixdir);
    d = cx_detector_load(path, &st, err, sizeof err);
    snprintf(want, sizeof want, "%s:1: ", path);
    tap_ok(!d && st == CX_EPARSE && !strncmp(err, want, strlen(want)) && strstr(err, "version"),
           "bad-version fixture -> line 1 version (%s)", err);
    snprintf(path, sizeof path, "%s/crlf.det", fixdir);
    d = cx_detector_load(path, &st, err, sizeof err);
    tap_ok(d && st == CX_OK && d->n_iso == 5 && d->n_bins == 30,
           "crlf fixture (natural Ge, CRLF lines) loads (%s)", d ? "ok" : err);
    cx_detector_free(d);
    d = cx_detector_load(fixdir, &st, err, sizeof err);
    tap_ok(!d && st == CX_EIO && strstr(err, "is a directory"), "a directory -> CX_EIO (%s)", err);
}

/* ------------------------------------------------------ measured points */

/* cx_detector_measured: the counts of the releases come back on the model's
 * binning. csi2017 (arXiv:1804.09459, 2-PE bins): the 6-8 PE row C = 35,
 * AC = 26 gives 9 +- sqrt(61); over all 25 bins the errors square to the
 * 749 + 600 counts. lar2020 (arXiv:2006.12659 release, datanobkgsub.txt):
 * the 3752 beam-on events minus the templates' predicted 3154 + 497 + 33
 * events, the errors squaring to the 3752 counts; the arrival-time
 * projection keeps the same totals. */
static void check_measured(void)
{
    char path[4200], err[512];
    int st;
    double v[512], e[512];
    snprintf(path, sizeof path, "%s/csi2017.det", datadir);
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    tap_ok(d != NULL, "load csi2017 (%s)", d ? "ok" : err);
    if (!d)
        return;
    size_t nb = cx_detector_n_bins(d);
    const double *edges = cx_detector_bin_edges(d);
    size_t n = cx_detector_measured(d, 0, edges, nb, v, e);
    double sum_e2 = 0;
    for (size_t b = 0; b < nb; b++)
        sum_e2 += e[b] * e[b];
    tap_ok(n == 25 && nb == 25 && edges[3] == 6 && v[3] == 9 && fabs(e[3] - sqrt(61)) < 1e-12 &&
               fabs(sum_e2 - 1349) < 1e-9,
           "csi2017: 25 points, 6-8 PE 9 +- sqrt(61) (%g +- %g), sum err^2 1349 (%g)", v[3], e[3],
           sum_e2);
    n = cx_detector_measured(d, 0, edges + 1, nb - 1, v, e);
    tap_ok(n == 24 && v[0] == 2 - 3, "the bins from 2 PE on: 24 points, 2-4 PE 2 - 3 (%zu, %g)", n,
           v[0]);
    const double coarse[] = {0, 4, 8, 10};
    n = cx_detector_measured(d, 0, coarse, 3, v, e);
    tap_ok(n == 1 && isnan(v[0]) && isnan(v[1]) && v[2] == 62 - 51,
           "4-PE bins match no row; 8-10 PE matches one (%zu)", n);
    tap_ok(cx_detector_measured(d, 1, edges, nb, v, e) == 0 && isnan(v[0]),
           "csi2017 has no arrival-time points: 0, NAN");
    cx_detector_free(d);

    snprintf(path, sizeof path, "%s/lar2020.det", datadir);
    d = cx_detector_load(path, &st, err, sizeof err);
    tap_ok(d != NULL, "load lar2020 (%s)", d ? "ok" : err);
    if (!d)
        return;
    for (int time = 0; time <= 1; time++) {
        nb = time ? cx_detector_n_time_bins(d) : cx_detector_n_bins(d);
        edges = time ? cx_detector_time_edges(d) : cx_detector_bin_edges(d);
        n = nb <= 512 ? cx_detector_measured(d, time, edges, nb, v, e) : 0;
        double sum_v = 0;
        sum_e2 = 0;
        for (size_t b = 0; b < n; b++) {
            sum_v += v[b];
            sum_e2 += e[b] * e[b];
        }
        tap_ok(n == nb && n > 0 && fabs(sum_v - (3752 - 3154 - 497 - 33)) < 1e-6 &&
                   fabs(sum_e2 - 3752) < 1e-6,
               "lar2020 %s axis: %zu points sum to 3752 - 3684 (%g), err^2 to 3752 (%g)",
               time ? "time" : "energy", n, sum_v, sum_e2);
    }
    cx_detector_free(d);
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    if (!top || !*top)
        top = ".";
    snprintf(datadir, sizeof datadir, "%s/data/detectors", top);
    snprintf(fixdir, sizeof fixdir, "%s/tests/data", top);

    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        check_shipped(&refs[i]);
    check_csi2017();
    check_resolve();
    check_good();
    check_bad();
    check_load();
    check_measured();
    check_mutations();
    return tap_done();
}
