/* cx_detector.c - detector files: schema, validation, accessors, resolver
 * (the lexer of the key-file syntax is cx_keyfile.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is documented in data/README.md. In short:
 *
 *   cevnsx-detector 1          magic and format version (first line)
 *   # comment                  '#' starts a comment anywhere on a line
 *   [section]                  detector, target, response, binning, fit, data
 *   key = value                scalar; a repeated key is a table of numeric rows
 *
 * The parser reads the whole text once, line by line, and stores every key as
 * a "section.key" entry (cx_entry); the known sections are then interpreted
 * from those entries. Numbers are checked against a plain decimal syntax and
 * converted without a decimal point, so the result never depends on the
 * locale. Every failure produces a one-line "FILE:LINE: message". */
#include "config.h"

#include "cevnsx/cx_detector.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cevnsx/cx_chi2.h"
#include "cevnsx/cx_errno.h"
#include "cevnsx/cx_params.h"
#include "cevnsx/cx_text.h"
#include "cx_internal.h"
#include "cx_keyfile.h"

#define FILE_MAX_BYTES (1024L * 1024L) /* files over 1 MiB are refused */
#define MAX_BINS 1000                  /* more bins than any spectrum plot can show */
#define MAX_KEYS 1000                  /* distinct keys per file; keeps lookups cheap */
#define MAGIC "cevnsx-detector"
#define FORMAT_VERSION 2 /* newest version read; 1 is still read */

/* ------------------------------------------------------------------ schema */

enum {
    SEC_DETECTOR,
    SEC_TARGET,
    SEC_RESPONSE,
    SEC_BINNING,
    SEC_FIT,
    SEC_DATA,
    SEC_V1_COUNT, /* sections from here on exist from format version 2 on */
    SEC_EXPOSURE = SEC_V1_COUNT,
    SEC_TIMING,
    SEC_BACKGROUND,
    SEC_END,
    SEC_N
};

static const char *const section_names[SEC_N] = {"detector",   "target", "response", "binning",
                                                 "fit",        "data",   "exposure", "timing",
                                                 "background", "end"};

/* Keys allowed in the known sections (NULL-terminated); [fit] and [data] are
 * free-form and take any key with numeric values. */
static const char *const keys_detector[] = {"id",       "name",      "citation",   "mass",
                                            "baseline", "threshold", "efficiency", "preset",
                                            "stat",     NULL};
static const char *const keys_target[] = {"isotope", NULL};
static const char *const keys_response[] = {
    "kind", "pe_per_kevnr", "a", "k", "x0", "step_lo", "step_hi",
    /* format 2, kind = general */
    "quenching", "quenching_table", "light_yield", "axis", "resolution", "efficiency",
    "efficiency_table", "roi", NULL};
static const char *const keys_binning[] = {"unit", "range", "edges", NULL};
static const char *const keys_exposure[] = {"pot", "nu_per_proton", NULL};
static const char *const keys_timing[] = {"unit",          "pulse", "pulse_table", "window",
                                          "width",         "edges", "efficiency",  "prompt_table",
                                          "delayed_table", NULL};
static const char *const keys_end[] = {NULL};
static const char *const *const section_keys[SEC_N] = {
    keys_detector, keys_target,   keys_response, keys_binning, NULL,
    NULL,          keys_exposure, keys_timing,   NULL,         keys_end};

static int numeric_only(int sec, const char *key)
{
    (void)key;
    return sec == SEC_FIT || sec == SEC_DATA || sec == SEC_BACKGROUND;
}

/* Is a repeated key in this section a table (numeric rows)? */
static int key_is_table(int sec, const char *key)
{
    size_t n = strlen(key);
    return sec == SEC_FIT || sec == SEC_DATA || sec == SEC_BACKGROUND ||
           (sec == SEC_TARGET && !strcmp(key, "isotope")) ||
           ((sec == SEC_RESPONSE || sec == SEC_TIMING) && n > 6 && !strcmp(key + n - 6, "_table"));
}

/* Handles "isotope = NAME Z A MASS_U COUNT": fills d->iso and returns the
 * numeric part (Z A MASS_U COUNT) in v. */
static int parse_isotope(cx_kf *p, const char *value, int line, double v[4])
{
    cx_detector *d = p->user;
    const char *s = value;
    const char *w = s;
    while (*w && !cx_kf_is_space((unsigned char)*w))
        w++;
    size_t wl = (size_t)(w - s);
    char name[CX_NAME_LEN];
    if (wl == 0 || wl >= sizeof name)
        return cx_kf_fail(p, CX_EPARSE, line, "malformed isotope (expected NAME Z A MASS_U COUNT)");
    memcpy(name, s, wl);
    name[wl] = '\0';
    if (!cx_kf_is_identifier(name) || !cx_kf_is_alpha((unsigned char)name[0]))
        return cx_kf_fail(p, CX_EPARSE, line,
                          "malformed isotope name '%s' (letters, digits, '_', '-', starting with a "
                          "letter)",
                          name);
    double tmp[5];
    int why = 0;
    long n = cx_kf_scan_numbers(w, tmp, 5, &why);
    if (n < 0)
        return cx_kf_fail(p, CX_EPARSE, line,
                          why == 2 ? "non-finite value (nan/inf) in isotope '%s'"
                          : why == 3
                              ? "number out of range in isotope '%s'"
                              : "non-numeric value in isotope '%s' (expected NAME Z A MASS_U "
                                "COUNT)",
                          name);
    if (n != 4)
        return cx_kf_fail(p, CX_EPARSE, line,
                          "isotope '%s' has %ld numbers, expected 4 (Z A MASS_U COUNT)", name, n);
    double z = tmp[0], a = tmp[1], mu = tmp[2], count = tmp[3];
    if (z != floor(z) || a != floor(a))
        return cx_kf_fail(p, CX_EPARSE, line, "isotope '%s': Z and A must be integers", name);
    /* 118 is the heaviest known element; 300 bounds every known mass number */
    if (z < 1 || z > 118)
        return cx_kf_fail(p, CX_ERANGE, line, "isotope '%s': Z = %g outside 1..118", name, z);
    if (a < z || a > 300)
        return cx_kf_fail(p, CX_ERANGE, line, "isotope '%s': A = %g outside Z..300", name, a);
    /* atomic masses differ from A by less than 0.1 u for every nuclide */
    if (!(fabs(mu - a) <= 1.0))
        return cx_kf_fail(p, CX_ERANGE, line, "isotope '%s': mass %g u is not within 1 u of A = %g",
                          name, mu, a);
    /* Atoms per formula unit: abundances down to traces, multiplicities up to
     * large molecules. Outside that, N_A * mass / molar mass leaves the range of
     * a double (a count of 1e-307 made the number of nuclei infinite). */
    if (!(count >= 1e-6 && count <= 1e6))
        return cx_kf_fail(p, CX_ERANGE, line, "isotope '%s': count %g outside [1e-06, 1e+06]", name,
                          count);
    for (size_t i = 0; i < d->n_iso; i++)
        if (!strcmp(d->iso[i].name, name))
            return cx_kf_fail(p, CX_EPARSE, line, "duplicate isotope '%s'", name);
    if (d->n_iso >= CX_MAX_ISOTOPES)
        return cx_kf_fail(p, CX_ERANGE, line, "too many isotopes (at most %d)", CX_MAX_ISOTOPES);
    cx_isotope *iso = &d->iso[d->n_iso++];
    snprintf(iso->name, sizeof iso->name, "%s", name);
    iso->z = (int)z;
    iso->a = (int)a;
    iso->mass_u = mu;
    iso->count = count;
    v[0] = z;
    v[1] = a;
    v[2] = mu;
    v[3] = count;
    return CX_OK;
}

/* The schema's own values: the isotope lines of [target]. */
static int schema_value(cx_kf *p, int sec, const char *key, const char *value, int line, double *v,
                        long *n)
{
    (void)key;
    if (sec != SEC_TARGET)
        return 0;
    *n = 4;
    return parse_isotope(p, value, line, v) == CX_OK ? 1 : -1;
}

/* Repeated citations are joined. */
static const char *schema_join(int sec, const char *key)
{
    return sec == SEC_DETECTOR && !strcmp(key, "citation") ? "; " : NULL;
}

static const int section_version[SEC_N] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 2};

static const cx_kf_schema detector_schema = {
    .magic = MAGIC,
    .max_version = FORMAT_VERSION,
    .max_bytes = FILE_MAX_BYTES,
    .max_keys = MAX_KEYS,
    .n_sections = SEC_N,
    .sections = section_names,
    .section_version = section_version,
    .section_keys = section_keys,
    .sections_list = "detector, target, response, binning, fit, data, exposure, timing, "
                     "background, end",
    .end_section = SEC_END,
    .end_version = 2,
    .is_table = key_is_table,
    .numeric_only = numeric_only,
    .value = schema_value,
    .join = schema_join,
};

typedef cx_kf parser;
#define DET(p) ((cx_detector *)(p)->user)

/* ---------------------------------------------------------- interpretation */

/* The line to blame for a missing key of section sec. */
static int missing_line(const parser *p, int sec)
{
    return p->sec_line[sec];
}

static const cx_entry *get(const parser *p, int sec, const char *key)
{
    char full[2 * CX_NAME_LEN];
    snprintf(full, sizeof full, "%s.%s", section_names[sec], key);
    return cx_kf_find(DET(p)->entries, DET(p)->n_entries, full);
}

static int need_section(parser *p, int sec)
{
    if (!p->sec_line[sec])
        return cx_kf_fail(p, CX_EPARSE, 0, "missing section [%s]", section_names[sec]);
    return CX_OK;
}

static const cx_entry *need(parser *p, int sec, const char *key)
{
    const cx_entry *e = get(p, sec, key);
    if (!e)
        cx_kf_fail(p, CX_EPARSE, missing_line(p, sec), "missing '%s' in [%s]", key,
                   section_names[sec]);
    return e;
}

/* Reports why the value of e is not all numeric, if that is the reason
 * (nan/inf or overflow); returns CX_OK when it is not. */
static int bad_number(parser *p, const cx_entry *e, const char *what)
{
    int why = 0;
    if (e->text && cx_kf_scan_numbers(e->text, NULL, 0, &why) < 0 && why >= 2)
        return cx_kf_fail(p, CX_EPARSE, e->line, "%s for '%s'",
                          why == 2 ? "non-finite value (nan/inf)" : "number out of range", what);
    return CX_OK;
}

/* A scalar that must be a single plain number. */
static int get_plain(parser *p, const cx_entry *e, const char *what, double *v)
{
    if (bad_number(p, e, what))
        return p->status;
    if (!e->rows || e->nrows != 1 || e->ncols != 1)
        return cx_kf_fail(p, CX_EPARSE, e->line, "'%s' must be a single number, got '%.64s'", what,
                          e->text ? e->text : "");
    *v = e->rows[0];
    return CX_OK;
}

typedef struct {
    const char *name;
    double factor; /* to the internal unit */
} unit_def;

/* A scalar "NUMBER UNIT" with a unit from units (NULL-terminated by name). */
static int get_quantity(parser *p, const cx_entry *e, const char *what, const unit_def *units,
                        const char *list, double *v)
{
    const char *s = e->text ? e->text : "";
    double x;
    int r = cx_kf_scan_number(&s, &x);
    if (r == 2)
        return cx_kf_fail(p, CX_EPARSE, e->line, "non-finite value (nan/inf) for '%s'", what);
    if (r == 3)
        return cx_kf_fail(p, CX_EPARSE, e->line, "number out of range for '%s'", what);
    if (r)
        return cx_kf_fail(p, CX_EPARSE, e->line, "non-numeric value for '%s' (expected NUMBER %s)",
                          what, list);
    while (cx_kf_is_space((unsigned char)*s))
        s++;
    if (!*s)
        return cx_kf_fail(p, CX_EPARSE, e->line, "missing unit for '%s' (use %s)", what, list);
    for (const unit_def *u = units; u->name; u++)
        if (!strcmp(s, u->name)) {
            *v = x * u->factor;
            return CX_OK;
        }
    return cx_kf_fail(p, CX_EPARSE, e->line, "wrong unit '%.32s' for '%s' (use %s)", s, what, list);
}

/* A name-like scalar ([A-Za-z0-9_-]+) copied into out. */
static int get_ident(parser *p, const cx_entry *e, const char *what, char *out, size_t outlen)
{
    if (!cx_kf_is_identifier(e->text))
        return cx_kf_fail(p, CX_EPARSE, e->line, "malformed %s '%.64s' (letters, digits, '_', '-')",
                          what, e->text);
    if (strlen(e->text) >= outlen)
        return cx_kf_fail(p, CX_EPARSE, e->line, "%s too long (at most %zu characters)", what,
                          outlen - 1);
    snprintf(out, outlen, "%s", e->text);
    return CX_OK;
}

static const unit_def units_mass[] = {{"kg", 1.0}, {"g", 1e-3}, {"t", 1e3}, {NULL, 0}};
static const unit_def units_length[] = {{"m", 1.0}, {"km", 1e3}, {NULL, 0}};
static const unit_def units_recoil[] = {{"keVnr", 1.0}, {"MeVnr", 1e3}, {NULL, 0}};
static const unit_def units_pe[] = {{"PE", 1.0}, {NULL, 0}};
static const unit_def units_per_pe[] = {{"/PE", 1.0}, {"1/PE", 1.0}, {NULL, 0}};

/* The file's value becomes the default of a model parameter, so it must lie
 * in that parameter's range (cx_params.c): a mass of 1e308 kg would give
 * infinite event counts, a baseline of 1e36 m overflowing phases. */
static int out_of_param_range(parser *p, const cx_entry *e, int id, const char *what, double v)
{
    const cx_param_info *info = cx_param_info_get(id);
    if (info && (v < info->min || v > info->max))
        return cx_kf_fail(p, CX_ERANGE, e->line, "%s %g %s outside the allowed range [%g, %g] %s",
                          what, v, info->unit, info->min, info->max, info->unit);
    return 0;
}

static int interpret_detector(parser *p)
{
    cx_detector *d = DET(p);
    const cx_entry *e;
    if (need_section(p, SEC_DETECTOR))
        return p->status;
    if (!(e = need(p, SEC_DETECTOR, "id")) || get_ident(p, e, "id", d->id, sizeof d->id))
        return p->status;
    if ((e = get(p, SEC_DETECTOR, "name"))) {
        if (strlen(e->text) >= sizeof d->name)
            return cx_kf_fail(p, CX_EPARSE, e->line, "name too long (at most %zu characters)",
                              sizeof d->name - 1);
        snprintf(d->name, sizeof d->name, "%s", e->text);
    } else {
        snprintf(d->name, sizeof d->name, "%s", d->id);
    }
    e = get(p, SEC_DETECTOR, "citation");
    d->citation = cx_kf_dup(e ? e->text : "", e ? strlen(e->text) : 0);
    if (!d->citation)
        return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");

    if (!(e = need(p, SEC_DETECTOR, "mass")) ||
        get_quantity(p, e, "mass", units_mass, "kg, g or t", &d->mass_kg))
        return p->status;
    if (!(d->mass_kg > 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "mass must be > 0");
    if (out_of_param_range(p, e, CX_P_MASS_KG, "mass", d->mass_kg))
        return p->status;
    if (!(e = need(p, SEC_DETECTOR, "baseline")) ||
        get_quantity(p, e, "baseline", units_length, "m or km", &d->baseline_m))
        return p->status;
    if (!(d->baseline_m > 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "baseline must be > 0");
    if (out_of_param_range(p, e, CX_P_BASELINE_M, "baseline", d->baseline_m))
        return p->status;
    d->threshold_kevnr = 0.0;
    if ((e = get(p, SEC_DETECTOR, "threshold"))) {
        if (get_quantity(p, e, "threshold", units_recoil, "keVnr or MeVnr", &d->threshold_kevnr))
            return p->status;
        if (!(d->threshold_kevnr >= 0))
            return cx_kf_fail(p, CX_ERANGE, e->line, "threshold must be >= 0");
        if (out_of_param_range(p, e, CX_P_THRESHOLD_KEV, "threshold", d->threshold_kevnr))
            return p->status;
    }
    d->efficiency = 1.0;
    if ((e = get(p, SEC_DETECTOR, "efficiency"))) {
        if (get_plain(p, e, "efficiency", &d->efficiency))
            return p->status;
        if (!(d->efficiency >= 0 && d->efficiency <= 1))
            return cx_kf_fail(p, CX_ERANGE, e->line, "efficiency %g outside [0, 1]", d->efficiency);
    }
    snprintf(d->preset, sizeof d->preset, "sm-helm");
    if ((e = get(p, SEC_DETECTOR, "preset")) &&
        get_ident(p, e, "preset", d->preset, sizeof d->preset))
        return p->status;
    snprintf(d->stat, sizeof d->stat, "forecast");
    if ((e = get(p, SEC_DETECTOR, "stat")) && get_ident(p, e, "stat", d->stat, sizeof d->stat))
        return p->status;
    return CX_OK;
}

static int interpret_target(parser *p)
{
    if (need_section(p, SEC_TARGET))
        return p->status;
    if (DET(p)->n_iso == 0)
        return cx_kf_fail(p, CX_EPARSE, missing_line(p, SEC_TARGET),
                          "missing 'isotope' in [target]");
    return CX_OK;
}

/* ------------------------------------------------- format 2: the response */

static const char *const general_keys[] = {
    "quenching",  "quenching_table",  "light_yield", "axis", "resolution",
    "efficiency", "efficiency_table", "roi",         NULL};

/* Splits "WORD n1 n2 ..." into the word and up to max numbers; *n gets the
 * count. Fails with a message naming what. */
static int get_word_numbers(parser *p, const cx_entry *e, const char *what, char *word, size_t wlen,
                            double *v, size_t max, size_t *n)
{
    const char *s = e->text ? e->text : "";
    size_t k = 0;
    while (s[k] && !cx_kf_is_space((unsigned char)s[k]))
        k++;
    if (k == 0 || k >= wlen)
        return cx_kf_fail(p, CX_EPARSE, e->line, "malformed value for '%s'", what);
    memcpy(word, s, k);
    word[k] = '\0';
    int why = 0;
    long c = cx_kf_scan_numbers(s + k, NULL, 0, &why);
    if (c < 0)
        return cx_kf_fail(p, CX_EPARSE, e->line, "%s in '%s'",
                          why == 2   ? "non-finite value (nan/inf)"
                          : why == 3 ? "number out of range"
                                     : "non-numeric parameter",
                          what);
    if ((size_t)c > max)
        return cx_kf_fail(p, CX_EPARSE, e->line, "'%s %s' takes at most %zu numbers, got %ld", what,
                          word, max, c);
    cx_kf_scan_numbers(s + k, v, max, &why);
    *n = (size_t)c;
    return CX_OK;
}

static int want_count(parser *p, const cx_entry *e, const char *what, const char *word, size_t n,
                      size_t want)
{
    if (n != want)
        return cx_kf_fail(p, CX_EPARSE, e->line, "'%s = %s' needs %zu number%s, got %zu", what,
                          word, want, want == 1 ? "" : "s", n);
    return CX_OK;
}

/* A table key of [response] with two columns whose first column increases. */
static int get_xy_table(parser *p, const char *key, const char *need_for, const double **rows,
                        size_t *nrows)
{
    const cx_entry *t = get(p, SEC_RESPONSE, key);
    if (!t)
        return cx_kf_fail(p, CX_EPARSE, missing_line(p, SEC_RESPONSE),
                          "missing '%s' (needed by %s)", key, need_for);
    if (!t->rows || t->ncols != 2 || t->nrows < 2)
        return cx_kf_fail(p, CX_EPARSE, t->line, "'%s' needs at least two rows of two numbers",
                          key);
    for (size_t i = 1; i < t->nrows; i++)
        if (!(t->rows[2 * i] > t->rows[2 * (i - 1)]))
            return cx_kf_fail(p, CX_ERANGE, t->row_line[i],
                              "'%s': first column not increasing (%g after %g)", key,
                              t->rows[2 * i], t->rows[2 * (i - 1)]);
    *rows = t->rows;
    *nrows = t->nrows;
    return CX_OK;
}

static int interpret_general(parser *p)
{
    cx_detector *d = DET(p);
    cx_response *r = &d->resp;
    const cx_entry *e;
    char w[32];
    double v[8];
    size_t n;
    memset(r, 0, sizeof *r);

    /* quenching */
    if (!(e = need(p, SEC_RESPONSE, "quenching")) ||
        get_word_numbers(p, e, "quenching", w, sizeof w, v, 4, &n))
        return p->status;
    if (!strcmp(w, "constant")) {
        r->quench = CX_Q_CONSTANT;
        if (want_count(p, e, "quenching", w, n, 1))
            return p->status;
        if (!(v[0] > 0 && v[0] <= 1))
            return cx_kf_fail(p, CX_ERANGE, e->line, "quenching factor %g outside (0, 1]", v[0]);
    } else if (!strcmp(w, "linear")) {
        r->quench = CX_Q_LINEAR;
        if (want_count(p, e, "quenching", w, n, 2))
            return p->status;
        if (!(v[0] > 0 && v[0] <= 1) || !(v[1] >= 0 && v[1] < 1))
            return cx_kf_fail(p, CX_ERANGE, e->line,
                              "linear quenching %g + %g T: need 0 < QF(0) <= 1 and 0 <= slope < 1",
                              v[0], v[1]);
    } else if (!strcmp(w, "poly")) {
        r->quench = CX_Q_POLY;
        if (n < 1)
            return cx_kf_fail(p, CX_EPARSE, e->line,
                              "'quenching = poly' needs 1 to 4 coefficients");
        if (!(v[0] > 0 && v[0] <= 1))
            return cx_kf_fail(p, CX_ERANGE, e->line,
                              "quenching poly: the linear coefficient %g must lie in (0, 1]", v[0]);
        for (size_t i = n; i < 4; i++)
            v[i] = 0.0;
    } else if (!strcmp(w, "table")) {
        r->quench = CX_Q_TABLE;
        if (want_count(p, e, "quenching", w, n, 0) ||
            get_xy_table(p, "quenching_table", "quenching = table", &r->qtab, &r->nq))
            return p->status;
        const cx_entry *t = get(p, SEC_RESPONSE, "quenching_table");
        for (size_t i = 0; i < r->nq; i++)
            if (!(r->qtab[2 * i] >= 0) || !(r->qtab[2 * i + 1] > 0 && r->qtab[2 * i + 1] <= 1))
                return cx_kf_fail(p, CX_ERANGE, t->row_line[i],
                                  "quenching_table: need T >= 0 and 0 < QF <= 1, got %g %g",
                                  r->qtab[2 * i], r->qtab[2 * i + 1]);
    } else if (!strcmp(w, "lindhard")) {
        r->quench = CX_Q_LINDHARD;
        if (want_count(p, e, "quenching", w, n, 1))
            return p->status;
        if (!(v[0] > 0 && v[0] <= 1))
            return cx_kf_fail(p, CX_ERANGE, e->line, "Lindhard k = %g outside (0, 1]", v[0]);
    } else {
        return cx_kf_fail(p, CX_EPARSE, e->line,
                          "unknown quenching '%s' (use constant, linear, poly, table or lindhard)",
                          w);
    }
    memcpy(r->qpar, v, sizeof r->qpar);
    if (r->quench != CX_Q_TABLE && get(p, SEC_RESPONSE, "quenching_table"))
        return cx_kf_fail(p, CX_EPARSE, get(p, SEC_RESPONSE, "quenching_table")->line,
                          "'quenching_table' is only used with quenching = table");

    /* axis and light yield */
    if (!(e = need(p, SEC_RESPONSE, "axis")))
        return p->status;
    if (!strcmp(e->text, "keVnr"))
        r->axis = CX_UNIT_KEVNR;
    else if (!strcmp(e->text, "keVee"))
        r->axis = CX_UNIT_KEVEE;
    else if (!strcmp(e->text, "PE"))
        r->axis = CX_UNIT_PE;
    else
        return cx_kf_fail(p, CX_EPARSE, e->line, "unknown axis '%.32s' (use keVnr, keVee or PE)",
                          e->text);
    static const unit_def units_ly[] = {{"PE/keVee", 1.0}, {NULL, 0}};
    if ((e = get(p, SEC_RESPONSE, "light_yield"))) {
        if (get_quantity(p, e, "light_yield", units_ly, "PE/keVee", &r->ly))
            return p->status;
        if (!(r->ly > 0 && r->ly <= 1e4))
            return cx_kf_fail(p, CX_ERANGE, e->line, "light_yield %g outside (0, 1e4] PE/keVee",
                              r->ly);
    } else if (r->axis == CX_UNIT_PE) {
        return cx_kf_fail(p, CX_EPARSE, missing_line(p, SEC_RESPONSE),
                          "missing 'light_yield' (needed by axis = PE)");
    }

    /* resolution */
    r->res = CX_RES_NONE;
    if ((e = get(p, SEC_RESPONSE, "resolution"))) {
        if (get_word_numbers(p, e, "resolution", w, sizeof w, v, 2, &n))
            return p->status;
        if (!strcmp(w, "none")) {
            if (want_count(p, e, "resolution", w, n, 0))
                return p->status;
        } else if (!strcmp(w, "gauss")) {
            r->res = CX_RES_GAUSS;
            if (want_count(p, e, "resolution", w, n, 2))
                return p->status;
            if (!(v[0] >= 0 && v[1] >= 0 && v[0] + v[1] > 0 && v[0] < 100 && v[1] < 10))
                return cx_kf_fail(p, CX_ERANGE, e->line,
                                  "gauss resolution a = %g, b = %g: need a, b >= 0, not both 0 "
                                  "(a < 100, b < 10)",
                                  v[0], v[1]);
        } else if (!strcmp(w, "poisson")) {
            r->res = CX_RES_POISSON;
            if (want_count(p, e, "resolution", w, n, 0))
                return p->status;
            if (r->axis != CX_UNIT_PE)
                return cx_kf_fail(p, CX_EPARSE, e->line, "resolution = poisson needs axis = PE");
        } else if (!strcmp(w, "gamma")) {
            r->res = CX_RES_GAMMA;
            if (want_count(p, e, "resolution", w, n, 2))
                return p->status;
            if (r->axis != CX_UNIT_PE)
                return cx_kf_fail(p, CX_EPARSE, e->line, "resolution = gamma needs axis = PE");
            if (!(v[0] > 0 && v[0] < 1e3) || !(v[1] >= 0 && v[1] < 1e4))
                return cx_kf_fail(p, CX_ERANGE, e->line,
                                  "gamma resolution a = %g, b = %g: need 0 < a < 1e3, 0 <= b < 1e4",
                                  v[0], v[1]);
        } else {
            return cx_kf_fail(p, CX_EPARSE, e->line,
                              "unknown resolution '%s' (use none, gauss, poisson or gamma)", w);
        }
        r->rpar[0] = v[0];
        r->rpar[1] = v[1];
    }

    /* efficiency on the reconstructed axis */
    r->eff = CX_EFF_NONE;
    if ((e = get(p, SEC_RESPONSE, "efficiency"))) {
        if (get_word_numbers(p, e, "efficiency", w, sizeof w, v, 5, &n))
            return p->status;
        if (!strcmp(w, "none")) {
            if (want_count(p, e, "efficiency", w, n, 0))
                return p->status;
        } else if (!strcmp(w, "step")) {
            r->eff = CX_EFF_STEP;
            if (want_count(p, e, "efficiency", w, n, 1))
                return p->status;
        } else if (!strcmp(w, "logistic2017")) {
            r->eff = CX_EFF_LOGISTIC2017;
            if (want_count(p, e, "efficiency", w, n, 5))
                return p->status;
            if (!(v[0] > 0 && v[0] <= 1) || !(v[1] > 0) || !(v[3] >= 0) || !(v[4] >= v[3]))
                return cx_kf_fail(
                    p, CX_ERANGE, e->line,
                    "logistic2017 A K X0 LO HI: need 0 < A <= 1, K > 0, 0 <= LO <= HI");
        } else if (!strcmp(w, "logistic")) {
            r->eff = CX_EFF_LOGISTIC;
            if (want_count(p, e, "efficiency", w, n, 4))
                return p->status;
            if (!(v[1] > 0) || !(v[0] + v[3] > 0))
                return cx_kf_fail(p, CX_ERANGE, e->line,
                                  "logistic A B C D: need B > 0 and a positive plateau A + D");
        } else if (!strcmp(w, "table")) {
            r->eff = CX_EFF_TABLE;
            if (want_count(p, e, "efficiency", w, n, 0) ||
                get_xy_table(p, "efficiency_table", "efficiency = table", &r->etab, &r->ne))
                return p->status;
            const cx_entry *t = get(p, SEC_RESPONSE, "efficiency_table");
            for (size_t i = 0; i < r->ne; i++)
                if (!(r->etab[2 * i + 1] >= 0 && r->etab[2 * i + 1] <= 1))
                    return cx_kf_fail(p, CX_ERANGE, t->row_line[i],
                                      "efficiency_table: efficiency %g outside [0, 1]",
                                      r->etab[2 * i + 1]);
        } else {
            return cx_kf_fail(p, CX_EPARSE, e->line,
                              "unknown efficiency '%s' (use none, step, logistic2017, logistic or "
                              "table)",
                              w);
        }
        memcpy(r->epar, v, sizeof r->epar);
    }
    if (r->eff != CX_EFF_TABLE && get(p, SEC_RESPONSE, "efficiency_table"))
        return cx_kf_fail(p, CX_EPARSE, get(p, SEC_RESPONSE, "efficiency_table")->line,
                          "'efficiency_table' is only used with efficiency = table");
    return CX_OK;
}

/* Electron-equivalent energy of the quenching forms, keVee (the engine's
 * cx_resp_ee, repeated here so the parser needs no engine internals). */
static double quench_ee(const cx_response *r, int z, double t)
{
    switch (r->quench) {
    case CX_Q_CONSTANT: return r->qpar[0] * t;
    case CX_Q_LINEAR: return (r->qpar[0] + r->qpar[1] * t) * t;
    case CX_Q_POLY: {
        double x = t * 1e-3;
        return 1e3 * x * (r->qpar[0] + x * (r->qpar[1] + x * (r->qpar[2] + x * r->qpar[3])));
    }
    case CX_Q_TABLE: {
        const double *q = r->qtab;
        size_t n = r->nq, i = 0;
        if (t <= q[0])
            return q[1] * t;
        if (t >= q[2 * (n - 1)])
            return q[2 * (n - 1) + 1] * t;
        while (i + 2 < n && t >= q[2 * (i + 1)])
            i++;
        double f = (t - q[2 * i]) / (q[2 * (i + 1)] - q[2 * i]);
        return (q[2 * i + 1] + f * (q[2 * i + 3] - q[2 * i + 1])) * t;
    }
    case CX_Q_LINDHARD: {
        double eps = 11.5 * pow((double)z, -7.0 / 3.0) * t;
        double g = 3.0 * pow(eps, 0.15) + 0.7 * pow(eps, 0.6) + eps;
        return r->qpar[0] * g / (1.0 + r->qpar[0] * g) * t;
    }
    }
    return t;
}

/* The reconstructed energy must grow with the recoil energy over every
 * recoil the SNS flux can give (T_max = 2 E_max^2 / M, E_max = 52.83 MeV):
 * a quenching that turns down (a polynomial past its maximum, a table that
 * falls faster than 1/T) makes no sense. */
static int check_quenching_monotonic(parser *p)
{
    const cx_detector *d = DET(p);
    const cx_response *r = &d->resp;
    const cx_entry *e = get(p, SEC_RESPONSE, "quenching");
    for (size_t i = 0; i < d->n_iso; i++) {
        const double emax = 52.83, m = d->iso[i].a * 931.494; /* MeV */
        const double tmax = 2.0 * emax * emax / m * 1e3;      /* keVnr */
        double prev = 0.0;
        for (int k = 1; k <= 2000; k++) {
            double t = tmax * k / 2000.0, v = quench_ee(r, d->iso[i].z, t);
            if (!(v > prev))
                return cx_kf_fail(
                    p, CX_ERANGE, e ? e->line : 0,
                    "quenching: E_ee does not increase with the recoil energy at %.4g "
                    "keVnr (%s, up to %.4g keVnr)",
                    t, d->iso[i].name, tmax);
            prev = v;
        }
    }
    return CX_OK;
}

/* The region of interest, once the binning is known. */
static int interpret_roi(parser *p)
{
    cx_detector *d = DET(p);
    cx_response *r = &d->resp;
    const cx_entry *e;
    if (d->response != CX_RESP_GENERAL)
        return CX_OK;
    if (check_quenching_monotonic(p))
        return p->status;
    r->roi_lo = d->edges[0];
    r->roi_hi = d->edges[d->n_bins];
    if ((e = get(p, SEC_RESPONSE, "roi"))) {
        if (bad_number(p, e, "roi"))
            return p->status;
        if (!e->rows || e->ncols != 2)
            return cx_kf_fail(p, CX_EPARSE, e->line, "'roi' needs two numbers: LO HI");
        double lo = e->rows[0], hi = e->rows[1];
        if (!(hi > lo))
            return cx_kf_fail(p, CX_ERANGE, e->line, "roi %g..%g is empty", lo, hi);
        if (lo < d->edges[0] || hi > d->edges[d->n_bins])
            return cx_kf_fail(p, CX_ERANGE, e->line, "roi %g..%g outside the binning %g..%g", lo,
                              hi, d->edges[0], d->edges[d->n_bins]);
        r->roi_lo = lo;
        r->roi_hi = hi;
    }
    return CX_OK;
}

/* ------------------------------------------------- format 2: exposure */

static int interpret_exposure(parser *p)
{
    cx_detector *d = DET(p);
    const cx_entry *e;
    d->pot = 0.0;
    d->nu_per_proton = 0.0;
    if (!p->sec_line[SEC_EXPOSURE])
        return CX_OK;
    if (!(e = need(p, SEC_EXPOSURE, "pot")) || get_plain(p, e, "pot", &d->pot))
        return p->status;
    if (!(d->pot > 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "pot must be > 0 (protons on target)");
    if (out_of_param_range(p, e, CX_P_POT, "pot", d->pot))
        return p->status;
    if (!(e = need(p, SEC_EXPOSURE, "nu_per_proton")) ||
        get_plain(p, e, "nu_per_proton", &d->nu_per_proton))
        return p->status;
    if (!(d->nu_per_proton > 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "nu_per_proton must be > 0");
    if (out_of_param_range(p, e, CX_P_NU_PER_PROTON, "nu_per_proton", d->nu_per_proton))
        return p->status;
    return CX_OK;
}

/* ------------------------------------------------- format 2: timing */

#define TAU_PI_US 0.02603   /* pi+ lifetime, PDG */
#define TAU_MU_US 2.1969811 /* mu+ lifetime, PDG */

static int interpret_timing(parser *p)
{
    cx_detector *d = DET(p);
    cx_timing *tm = &d->timing;
    const cx_entry *e;
    char w[32];
    double v[4];
    size_t n;
    memset(tm, 0, sizeof *tm);
    if (!p->sec_line[SEC_TIMING])
        return CX_OK;
    tm->on = 1;
    tm->tau_pi = TAU_PI_US;
    tm->tau_mu = TAU_MU_US;
    double f = 1.0;
    if (!(e = need(p, SEC_TIMING, "unit")))
        return p->status;
    if (!strcmp(e->text, "us"))
        f = 1.0;
    else if (!strcmp(e->text, "ns"))
        f = 1e-3;
    else
        return cx_kf_fail(p, CX_EPARSE, e->line, "wrong time unit '%.32s' (use us or ns)", e->text);
    if (!(e = need(p, SEC_TIMING, "pulse")) ||
        get_word_numbers(p, e, "pulse", w, sizeof w, v, 2, &n))
        return p->status;
    const cx_entry *pt = get(p, SEC_TIMING, "pulse_table");
    const cx_entry *at[2] = {get(p, SEC_TIMING, "prompt_table"),
                             get(p, SEC_TIMING, "delayed_table")};
    const int arrival = !strcmp(w, "arrival");
    for (int k = 0; k < 2; k++)
        if (at[k] && !arrival)
            return cx_kf_fail(p, CX_EPARSE, at[k]->line, "'%s' is only used with pulse = arrival",
                              k ? "delayed_table" : "prompt_table");
    if (arrival) {
        /* measured arrival-time PDFs (e.g. the COHERENT 2017 release): no
         * pulse model; mean 0 and width 1 us only place the spill check */
        if (want_count(p, e, "pulse", w, n, 0))
            return p->status;
        if (pt)
            return cx_kf_fail(p, CX_EPARSE, pt->line,
                              "'pulse_table' is only used with pulse = table");
        for (int k = 0; k < 2; k++) {
            if (!at[k])
                return cx_kf_fail(p, CX_EPARSE, missing_line(p, SEC_TIMING),
                                  "missing '%s' (needed by pulse = arrival)",
                                  k ? "delayed_table" : "prompt_table");
            if (!at[k]->rows || at[k]->ncols != 3)
                return cx_kf_fail(p, CX_EPARSE, at[k]->line, "'%s' rows are T_LO T_HI PROBABILITY",
                                  k ? "delayed_table" : "prompt_table");
        }
        tm->mean = 0.0;
        tm->width = 1.0;
    } else if (!strcmp(w, "table")) {
        if (want_count(p, e, "pulse", w, n, 0))
            return p->status;
        if (!pt)
            return cx_kf_fail(p, CX_EPARSE, missing_line(p, SEC_TIMING),
                              "missing 'pulse_table' (needed by pulse = table)");
        if (!pt->rows || pt->ncols != 3)
            return cx_kf_fail(p, CX_EPARSE, pt->line, "'pulse_table' rows are T_LO T_HI WEIGHT");
        /* the table is converted to microseconds in place of a copy: rows
         * are kept in the file's unit only when it is us */
        double sw = 0.0, sm = 0.0, s2 = 0.0;
        for (size_t i = 0; i < pt->nrows; i++) {
            const double *q = pt->rows + 3 * i;
            if (!(q[1] > q[0]) || (i > 0 && q[0] < pt->rows[3 * (i - 1) + 1]))
                return cx_kf_fail(
                    p, CX_ERANGE, pt->row_line[i],
                    "pulse_table: boxes must be non-empty, increasing and not overlap");
            if (!(q[2] >= 0))
                return cx_kf_fail(p, CX_ERANGE, pt->row_line[i], "pulse_table: negative weight %g",
                                  q[2]);
            double c = 0.5 * (q[0] + q[1]) * f, h = (q[1] - q[0]) * f;
            sw += q[2];
            sm += q[2] * c;
            s2 += q[2] * (c * c + h * h / 12.0);
        }
        if (!(sw > 0))
            return cx_kf_fail(p, CX_ERANGE, pt->line, "pulse_table: the weights sum to 0");
        if (f != 1.0)
            return cx_kf_fail(p, CX_EPARSE, pt->line, "pulse_table needs unit = us");
        tm->ptab = pt->rows;
        tm->np = pt->nrows;
        tm->pw_sum = sw;
        tm->mean = sm / sw;
        tm->width = sqrt(fmax(s2 / sw - tm->mean * tm->mean, 1e-12));
    } else if (strcmp(w, "gauss") != 0) {
        return cx_kf_fail(p, CX_EPARSE, e->line,
                          "unknown pulse '%s' (use gauss MEAN WIDTH, table or arrival)", w);
    } else {
        if (want_count(p, e, "pulse", w, n, 2))
            return p->status;
        if (pt)
            return cx_kf_fail(p, CX_EPARSE, pt->line,
                              "'pulse_table' is only used with pulse = table");
        tm->mean = v[0] * f;
        tm->width = v[1] * f;
    }
    /* the SNS spill is about 1 us long; a pulse wider than 10 us or centred
     * outside +-10 us is no proton pulse */
    if (!(tm->width > 0 && tm->width <= 10) || !(fabs(tm->mean) <= 10))
        return cx_kf_fail(p, CX_ERANGE, e->line,
                          "pulse mean %g us, width %g us: need |mean| <= 10 us, 0 < width <= 10 us",
                          tm->mean, tm->width);
    if (!(e = need(p, SEC_TIMING, "window")))
        return p->status;
    if (bad_number(p, e, "window"))
        return p->status;
    if (!e->rows || e->ncols != 2)
        return cx_kf_fail(p, CX_EPARSE, e->line, "'window' needs two numbers: LO HI");
    tm->lo = e->rows[0] * f;
    tm->hi = e->rows[1] * f;
    if (!(tm->hi > tm->lo))
        return cx_kf_fail(p, CX_ERANGE, e->line, "time window %g..%g is empty", e->rows[0],
                          e->rows[1]);
    /* the beam-related neutrinos arrive from the start of the pulse (mean - 5
     * width) to a few muon lifetimes after it: 50 us leaves exp(-22) of them */
    double spill_lo = tm->mean - 5 * tm->width, spill_hi = tm->mean + 5 * tm->width + 50.0;
    if (!(tm->hi > spill_lo) || !(tm->lo < spill_hi))
        return cx_kf_fail(p, CX_ERANGE, e->line,
                          "time window %g..%g us outside the beam spill (%g..%g us)", tm->lo,
                          tm->hi, spill_lo, spill_hi);
    const cx_entry *wd = get(p, SEC_TIMING, "width"), *ed = get(p, SEC_TIMING, "edges");
    if (wd && ed)
        return cx_kf_fail(p, CX_EPARSE, ed->line, "give either 'width' or 'edges', not both");
    if (ed) {
        if (bad_number(p, ed, "edges"))
            return p->status;
        if (!ed->rows || ed->ncols < 2)
            return cx_kf_fail(p, CX_EPARSE, ed->line, "'edges' needs at least two numbers");
        if (ed->ncols > MAX_BINS + 1)
            return cx_kf_fail(p, CX_ERANGE, ed->line, "too many time bins (at most %d)", MAX_BINS);
        for (size_t i = 1; i < ed->ncols; i++)
            if (!(ed->rows[i] > ed->rows[i - 1]))
                return cx_kf_fail(p, CX_ERANGE, ed->line, "time edges not increasing at edge %zu",
                                  i);
        if (fabs(ed->rows[0] * f - tm->lo) > 1e-9 * (1 + fabs(tm->lo)) ||
            fabs(ed->rows[ed->ncols - 1] * f - tm->hi) > 1e-9 * (1 + fabs(tm->hi)))
            return cx_kf_fail(p, CX_ERANGE, ed->line,
                              "time edges must run from the window's start to its end");
        tm->n = ed->ncols - 1;
        tm->edges = malloc((tm->n + 1) * sizeof *tm->edges);
        if (!tm->edges)
            return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
        for (size_t i = 0; i <= tm->n; i++)
            tm->edges[i] = ed->rows[i] * f;
        tm->edges[0] = tm->lo;
        tm->edges[tm->n] = tm->hi;
    } else {
        double wv = tm->hi - tm->lo;
        if (wd) {
            if (get_plain(p, wd, "width", &wv))
                return p->status;
            wv *= f;
            if (!(wv > 0))
                return cx_kf_fail(p, CX_ERANGE, wd->line, "time bin width must be > 0");
        }
        double nb = (tm->hi - tm->lo) / wv, nr = floor(nb + 0.5);
        if (nb > MAX_BINS + 0.5)
            return cx_kf_fail(p, CX_ERANGE, wd->line, "too many time bins (at most %d)", MAX_BINS);
        if (nr < 1 || fabs(nb - nr) > 1e-9 * nr)
            return cx_kf_fail(p, CX_ERANGE, wd ? wd->line : e->line,
                              "the time window is not a whole number of bins of width %g", wv / f);
        tm->n = (size_t)nr;
        tm->edges = malloc((tm->n + 1) * sizeof *tm->edges);
        if (!tm->edges)
            return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
        for (size_t i = 0; i < tm->n; i++)
            tm->edges[i] = tm->lo + (double)i * wv;
        tm->edges[tm->n] = tm->hi;
    }
    if (arrival) {
        /* one row per time bin, on its edges, probabilities >= 0, not all 0 */
        for (int k = 0; k < 2; k++) {
            const cx_entry *a = at[k];
            double sum = 0.0;
            if (a->nrows != tm->n)
                return cx_kf_fail(p, CX_EPARSE, a->line,
                                  "'%s' needs one row per time bin (%zu, not %zu)",
                                  k ? "delayed_table" : "prompt_table", tm->n, a->nrows);
            for (size_t i = 0; i < a->nrows; i++) {
                const double *q = a->rows + 3 * i;
                if (fabs(q[0] * f - tm->edges[i]) > 1e-9 * (1 + fabs(tm->edges[i])) ||
                    fabs(q[1] * f - tm->edges[i + 1]) > 1e-9 * (1 + fabs(tm->edges[i + 1])))
                    return cx_kf_fail(p, CX_EPARSE, a->row_line[i],
                                      "'%s': time bin %g..%g does not match the timing bins",
                                      k ? "delayed_table" : "prompt_table", q[0], q[1]);
                if (!(q[2] >= 0))
                    return cx_kf_fail(p, CX_ERANGE, a->row_line[i], "'%s': negative probability %g",
                                      k ? "delayed_table" : "prompt_table", q[2]);
                sum += q[2];
            }
            if (!(sum > 0))
                return cx_kf_fail(p, CX_ERANGE, a->line, "'%s': the probabilities sum to 0",
                                  k ? "delayed_table" : "prompt_table");
            tm->arr[k] = a->rows;
            tm->arr_sum[k] = sum;
        }
    }
    if ((e = get(p, SEC_TIMING, "efficiency"))) {
        if (get_word_numbers(p, e, "efficiency", w, sizeof w, v, 2, &n))
            return p->status;
        if (!strcmp(w, "none")) {
            if (want_count(p, e, "efficiency", w, n, 0))
                return p->status;
        } else if (!strcmp(w, "exp_after")) {
            if (want_count(p, e, "efficiency", w, n, 2))
                return p->status;
            tm->eff = 1;
            tm->epar[0] = v[0] * f;
            tm->epar[1] = v[1] / f;
            if (!(tm->epar[1] >= 0 && tm->epar[1] < 100))
                return cx_kf_fail(p, CX_ERANGE, e->line,
                                  "time efficiency exp_after A B: need 0 <= B < 100 per us");
        } else {
            return cx_kf_fail(p, CX_EPARSE, e->line,
                              "unknown time efficiency '%s' (use none or exp_after A B)", w);
        }
    }
    return CX_OK;
}

/* ------------------------------------- values that become model parameters */

/* A row of a table, for sorting: compares the first n numbers, then the
 * position (so that of equal rows the earlier sorts first). */
typedef struct {
    const double *row;
    size_t n, idx;
} row_ref;

static int cmp_rows(const void *pa, const void *pb)
{
    const row_ref *a = pa, *b = pb;
    for (size_t k = 0; k < a->n; k++)
        if (a->row[k] != b->row[k])
            return a->row[k] < b->row[k] ? -1 : 1;
    return 0;
}

static int cmp_rows_pos(const void *pa, const void *pb)
{
    int c = cmp_rows(pa, pb);
    if (c)
        return c;
    const row_ref *a = pa, *b = pb;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

/* [fit] values that default model parameters go through the registry range,
 * as `set` does; the preset and the chi2 model must exist. */
static int check_param_values(parser *p)
{
    static const struct {
        const char *key;
        int id;
    } keys[] = {{"sigma_alpha", CX_P_SIGMA_ALPHA},
                {"sigma_beta", CX_P_SIGMA_BETA},
                {"bkg_frac", CX_P_BKG_FRAC}};
    const cx_entry *e;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (!(e = get(p, SEC_FIT, keys[i].key)))
            continue;
        double v;
        if (get_plain(p, e, keys[i].key, &v) ||
            out_of_param_range(p, e, keys[i].id, keys[i].key, v))
            return p->status;
    }
    if ((e = get(p, SEC_DATA, "exposure_gwh"))) {
        double v;
        if (get_plain(p, e, "exposure_gwh", &v))
            return p->status;
        if (!(v > 0))
            return cx_kf_fail(p, CX_ERANGE, e->line, "exposure_gwh %g must be > 0", v);
    }
    const char *const *pn = cx_preset_names();
    int found = 0;
    for (size_t i = 0; pn[i]; i++)
        if (!strcmp(pn[i], DET(p)->preset))
            found = 1;
    if (!found) {
        e = get(p, SEC_DETECTOR, "preset");
        return cx_kf_fail(p, CX_EPARSE, e ? e->line : 0,
                          "unknown preset '%s' (use coherent-2017, future-coherent or sm-helm)",
                          DET(p)->preset);
    }
    if (!cx_chi2_lookup(DET(p)->stat)) {
        e = get(p, SEC_DETECTOR, "stat");
        return cx_kf_fail(p, CX_EPARSE, e ? e->line : 0,
                          "unknown stat '%s' (use single-bin, forecast or spectral)", DET(p)->stat);
    }
    /* rows of the measured tables: no row given twice (for bin and neutron:
     * no first column twice); sorted, so that big tables stay cheap */
    for (size_t i = 0; i < DET(p)->n_entries; i++) {
        const cx_entry *t = &DET(p)->entries[i];
        if (strncmp(t->key, "data.", 5) != 0 || !t->rows || t->nrows < 2)
            continue;
        /* the grids of format 2 are checked cell by cell in interpret_grids */
        if (p->version >= 2 && (!strcmp(t->key, "data.on") || !strncmp(t->key, "data.sm_", 8)))
            continue;
        int first = !strcmp(t->key, "data.bin") || !strcmp(t->key, "data.neutron");
        row_ref *refs = malloc(t->nrows * sizeof *refs);
        if (!refs)
            return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
        for (size_t a = 0; a < t->nrows; a++)
            refs[a] = (row_ref){t->rows + a * t->ncols, first ? 1 : t->ncols, a};
        qsort(refs, t->nrows, sizeof *refs, cmp_rows_pos);
        for (size_t a = 1; a < t->nrows; a++)
            if (cmp_rows(&refs[a - 1], &refs[a]) == 0) {
                /* equal rows sort by position: refs[a] is the later one */
                size_t later = refs[a].idx, earlier = refs[a - 1].idx;
                free(refs);
                return cx_kf_fail(p, CX_EPARSE, t->row_line[later],
                                  "duplicate row in '%s' (same bin as line %d)", t->key + 5,
                                  t->row_line[earlier]);
            }
        free(refs);
    }
    return CX_OK;
}

/* ------------------------------------ format 2: measured grids, templates */

/* A table over the detector's grid: rows E_LO E_HI [T_LO T_HI] [F_LO F_HI]
 * VALUES..., every cell once, cells matching the bins, values >= 0. */
static int check_grid_table(parser *p, const cx_entry *t, const char *what, const double *f90,
                            size_t nf90)
{
    const cx_detector *d = DET(p);
    size_t ne = d->n_bins, nt = d->timing.on ? d->timing.n : 1, nf = f90 ? nf90 : 1;
    size_t nkey = 2 + (d->timing.on ? 2 : 0) + (f90 ? 2 : 0);
    if (!t->rows || t->ncols <= nkey)
        return cx_kf_fail(p, CX_EPARSE, t->line,
                          "'%s' needs rows of %zu bin edges (energy%s%s) and at least one value",
                          what, nkey, d->timing.on ? ", time" : "", f90 ? ", F90" : "");
    if (t->nrows != ne * nt * nf)
        return cx_kf_fail(
            p, CX_EPARSE, t->line,
            "'%s' has %zu rows, the binning has %zu cells (%zu energy x %zu time x %zu "
            "F90)",
            what, t->nrows, ne * nt * nf, ne, nt, nf);
    unsigned char *seen = calloc(ne * nt * nf, 1);
    if (!seen)
        return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
    for (size_t r = 0; r < t->nrows && p->status == CX_OK; r++) {
        const double *row = t->rows + r * t->ncols;
        size_t idx[3] = {0, 0, 0}, col = 0;
        const double *ax[3] = {d->edges, d->timing.edges, f90};
        size_t nax[3] = {ne, nt, nf};
        const char *axn[3] = {"energy", "time", "F90"};
        for (int a = 0; a < 3 && p->status == CX_OK; a++) {
            if ((a == 1 && !d->timing.on) || (a == 2 && !f90))
                continue;
            double lo = row[col], hi = row[col + 1];
            col += 2;
            size_t k = 0;
            double tol = 1e-6;
            while (k < nax[a] && !(fabs(ax[a][k] - lo) <= tol * (1 + fabs(lo)) &&
                                   fabs(ax[a][k + 1] - hi) <= tol * (1 + fabs(hi))))
                k++;
            if (k == nax[a])
                cx_kf_fail(p, CX_ERANGE, t->row_line[r],
                           "'%s': %s bin %g..%g does not match the binning", what, axn[a], lo, hi);
            idx[a] = k;
        }
        if (p->status != CX_OK)
            break;
        size_t cell = (idx[0] * nt + idx[1]) * nf + idx[2];
        if (seen[cell]) {
            cx_kf_fail(p, CX_EPARSE, t->row_line[r], "'%s': duplicate row for the same bin", what);
            break;
        }
        seen[cell] = 1;
        for (size_t c = nkey; c < t->ncols; c++)
            if (!(row[c] >= 0)) {
                cx_kf_fail(p, CX_ERANGE, t->row_line[r], "'%s': negative entry %g", what, row[c]);
                break;
            }
    }
    free(seen);
    return p->status;
}

static int interpret_grids(parser *p)
{
    cx_detector *d = DET(p);
    if (p->version < 2)
        return CX_OK;
    const cx_entry *fe = get(p, SEC_DATA, "grid_f90");
    const double *f90 = NULL;
    size_t nf = 0;
    if (fe) {
        if (!fe->rows || fe->nrows != 1 || fe->ncols < 2)
            return cx_kf_fail(p, CX_EPARSE, fe->line, "'grid_f90' needs at least two edges");
        for (size_t i = 1; i < fe->ncols; i++)
            if (!(fe->rows[i] > fe->rows[i - 1]))
                return cx_kf_fail(p, CX_ERANGE, fe->line, "grid_f90 edges not increasing");
        f90 = fe->rows;
        nf = fe->ncols - 1;
    }
    for (size_t i = 0; i < d->n_entries; i++) {
        const cx_entry *t = &d->entries[i];
        if ((!strcmp(t->key, "data.on") || !strncmp(t->key, "data.sm_", 8)) &&
            check_grid_table(p, t, t->key + 5, f90, nf))
            return p->status;
    }
    for (size_t i = 0; i < d->n_entries; i++) {
        const cx_entry *t = &d->entries[i];
        if (strncmp(t->key, "background.", 11) != 0)
            continue;
        const char *k = t->key + 11;
        size_t kl = strlen(k);
        if (kl > 5 && !strcmp(k + kl - 5, "_norm")) {
            if (!t->rows || t->nrows != 1 || t->ncols != 2)
                return cx_kf_fail(p, CX_EPARSE, t->line,
                                  "'%s' needs two numbers: NORMALISATION UNCERTAINTY", k);
            if (!(t->rows[0] >= 0) || !(t->rows[1] >= 0))
                return cx_kf_fail(p, CX_ERANGE, t->line,
                                  "'%s': negative normalisation or uncertainty", k);
            continue;
        }
        if (check_grid_table(p, t, k, f90, nf))
            return p->status;
    }
    return CX_OK;
}

static int interpret_response(parser *p)
{
    cx_detector *d = DET(p);
    const cx_entry *e;
    static const char *const logistic_keys[] = {"pe_per_kevnr", "a",       "k", "x0",
                                                "step_lo",      "step_hi", NULL};
    d->response = CX_RESP_STEP;
    if (!p->sec_line[SEC_RESPONSE])
        return CX_OK; /* no [response]: a step at the threshold */
    e = need(p, SEC_RESPONSE, "kind");
    if (!e)
        return p->status;
    if (!strcmp(e->text, "general")) {
        if (p->version < 2)
            return cx_kf_fail(p, CX_EPARSE, e->line, "kind = general needs format version 2");
        for (const char *const *k = logistic_keys; *k; k++)
            if ((e = get(p, SEC_RESPONSE, *k)))
                return cx_kf_fail(p, CX_EPARSE, e->line, "'%s' is only used with kind = logistic",
                                  *k);
        d->response = CX_RESP_GENERAL;
        return interpret_general(p);
    }
    for (const char *const *k = general_keys; *k; k++)
        if ((e = get(p, SEC_RESPONSE, *k)))
            return cx_kf_fail(p, CX_EPARSE, e->line, "'%s' is only used with kind = general", *k);
    e = get(p, SEC_RESPONSE, "kind");
    if (!strcmp(e->text, "step")) {
        for (const char *const *k = logistic_keys; *k; k++)
            if ((e = get(p, SEC_RESPONSE, *k)))
                return cx_kf_fail(p, CX_EPARSE, e->line, "'%s' is only used with kind = logistic",
                                  *k);
        return CX_OK;
    }
    if (strcmp(e->text, "logistic") != 0)
        return cx_kf_fail(p, CX_EPARSE, e->line,
                          "unknown response kind '%.32s' (use step, logistic or general)", e->text);
    d->response = CX_RESP_LOGISTIC;
    if (!(e = need(p, SEC_RESPONSE, "pe_per_kevnr")) ||
        get_plain(p, e, "pe_per_kevnr", &d->pe_per_kevnr))
        return p->status;
    if (!(d->pe_per_kevnr > 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "pe_per_kevnr must be > 0");
    if (!(e = need(p, SEC_RESPONSE, "a")) || get_plain(p, e, "a", &d->acc_a))
        return p->status;
    if (!(d->acc_a > 0 && d->acc_a <= 1))
        return cx_kf_fail(p, CX_ERANGE, e->line, "acceptance a = %g outside (0, 1]", d->acc_a);
    if (!(e = need(p, SEC_RESPONSE, "k")) ||
        get_quantity(p, e, "k", units_per_pe, "/PE", &d->acc_k))
        return p->status;
    if (!(d->acc_k > 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "k must be > 0");
    if (!(e = need(p, SEC_RESPONSE, "x0")) || get_quantity(p, e, "x0", units_pe, "PE", &d->acc_x0))
        return p->status;
    if (!(e = need(p, SEC_RESPONSE, "step_lo")) ||
        get_quantity(p, e, "step_lo", units_pe, "PE", &d->step_lo_pe))
        return p->status;
    if (!(d->step_lo_pe >= 0))
        return cx_kf_fail(p, CX_ERANGE, e->line, "step_lo must be >= 0");
    if (!(e = need(p, SEC_RESPONSE, "step_hi")) ||
        get_quantity(p, e, "step_hi", units_pe, "PE", &d->step_hi_pe))
        return p->status;
    if (!(d->step_hi_pe >= d->step_lo_pe))
        return cx_kf_fail(p, CX_ERANGE, e->line, "step_hi must be >= step_lo");
    return CX_OK;
}

static int interpret_binning(parser *p)
{
    cx_detector *d = DET(p);
    const cx_entry *e, *range, *edges;
    if (need_section(p, SEC_BINNING))
        return p->status;
    if (!(e = need(p, SEC_BINNING, "unit")))
        return p->status;
    if (!strcmp(e->text, "keVnr"))
        d->bin_unit = CX_UNIT_KEVNR;
    else if (!strcmp(e->text, "PE"))
        d->bin_unit = CX_UNIT_PE;
    else if (!strcmp(e->text, "keVee") && d->response == CX_RESP_GENERAL)
        d->bin_unit = CX_UNIT_KEVEE;
    else
        return cx_kf_fail(p, CX_EPARSE, e->line, "wrong binning unit '%.32s' (use keVnr or PE%s)",
                          e->text, d->response == CX_RESP_GENERAL ? " or keVee" : "");
    if (d->response == CX_RESP_GENERAL) {
        if (d->bin_unit != d->resp.axis)
            return cx_kf_fail(p, CX_EPARSE, e->line,
                              "binning unit %s differs from the response axis", e->text);
    } else if (d->bin_unit == CX_UNIT_PE && d->response != CX_RESP_LOGISTIC) {
        return cx_kf_fail(p, CX_EPARSE, e->line,
                          "binning unit PE needs [response] kind = logistic (pe_per_kevnr)");
    }
    range = get(p, SEC_BINNING, "range");
    edges = get(p, SEC_BINNING, "edges");
    if (range && edges)
        return cx_kf_fail(p, CX_EPARSE, edges->line, "give either 'range' or 'edges', not both");
    if (!range && !edges)
        return cx_kf_fail(p, CX_EPARSE, missing_line(p, SEC_BINNING),
                          "missing 'range' or 'edges' in [binning]");
    if (bad_number(p, range ? range : edges, range ? "range" : "edges"))
        return p->status;
    if (range) {
        if (!range->rows || range->ncols != 3)
            return cx_kf_fail(p, CX_EPARSE, range->line,
                              "'range' needs three numbers: LO HI WIDTH");
        double lo = range->rows[0], hi = range->rows[1], w = range->rows[2];
        if (!(lo >= 0))
            return cx_kf_fail(p, CX_ERANGE, range->line, "binning starts below 0");
        if (!(hi > lo) || !(w > 0))
            return cx_kf_fail(p, CX_ERANGE, range->line,
                              "binning not increasing (need LO < HI and WIDTH > 0)");
        double nb = (hi - lo) / w;
        if (nb > MAX_BINS + 0.5)
            return cx_kf_fail(p, CX_ERANGE, range->line, "too many bins (%.0f, at most %d)", nb,
                              MAX_BINS);
        double nr = floor(nb + 0.5);
        /* (hi - lo) / w is exact to a few ulps for a whole number of bins */
        if (nr < 1 || fabs(nb - nr) > 1e-9 * nr)
            return cx_kf_fail(p, CX_ERANGE, range->line,
                              "range %g..%g is not a whole number of bins of width %g", lo, hi, w);
        d->n_bins = (size_t)nr;
        d->edges = malloc((d->n_bins + 1) * sizeof *d->edges);
        if (!d->edges)
            return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
        for (size_t i = 0; i < d->n_bins; i++)
            d->edges[i] = lo + (double)i * w;
        d->edges[d->n_bins] = hi;
        return CX_OK;
    }
    if (!edges->rows)
        return cx_kf_fail(p, CX_EPARSE, edges->line, "non-numeric value for 'edges'");
    size_t ne = edges->ncols;
    if (ne < 2)
        return cx_kf_fail(p, CX_EPARSE, edges->line, "'edges' needs at least two numbers");
    if (ne > MAX_BINS + 1)
        return cx_kf_fail(p, CX_ERANGE, edges->line, "too many bins (%zu, at most %d)", ne - 1,
                          MAX_BINS);
    if (!(edges->rows[0] >= 0))
        return cx_kf_fail(p, CX_ERANGE, edges->line, "binning starts below 0");
    for (size_t i = 1; i < ne; i++)
        if (!(edges->rows[i] > edges->rows[i - 1]))
            return cx_kf_fail(p, CX_ERANGE, edges->line, "binning not increasing at edge %zu (%g)",
                              i, edges->rows[i]);
    d->n_bins = ne - 1;
    d->edges = malloc(ne * sizeof *d->edges);
    if (!d->edges)
        return cx_kf_fail(p, CX_ENOMEM, 0, "out of memory");
    memcpy(d->edges, edges->rows, ne * sizeof *d->edges);
    return CX_OK;
}

/* --------------------------------------------------------------- public */

void cx_detector_free(cx_detector *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_entries; i++) {
        free(d->entries[i].text);
        free(d->entries[i].rows);
        free(d->entries[i].row_line);
    }
    free(d->timing.edges);
    free(d->entries);
    free(d->edges);
    free(d->citation);
    free(d);
}

cx_detector *cx_detector_parse(const char *text, size_t len, const char *name, int *status,
                               char *err, size_t errlen)
{
    parser p;
    cx_detector *d = NULL;
    if (err && errlen)
        err[0] = '\0';
    if (text || len == 0)
        d = calloc(1, sizeof *d);
    cx_kf_init(&p, &detector_schema, d, name ? name : "(detector)", err, errlen,
               d ? &d->entries : NULL, d ? &d->n_entries : NULL);
    if (!text && len > 0)
        cx_kf_fail(&p, CX_EINVAL, 0, "no text given");
    else if (!d)
        cx_kf_fail(&p, CX_ENOMEM, 0, "out of memory");
    if (p.status == CX_OK && !cx_kf_parse(&p, text ? text : "", len) && !interpret_detector(&p) &&
        !interpret_target(&p) && !interpret_response(&p) && !interpret_binning(&p) &&
        !interpret_roi(&p) && !interpret_exposure(&p) && !interpret_timing(&p) &&
        !check_param_values(&p))
        interpret_grids(&p);
    if (p.status == CX_OK)
        d->version = p.version;
    if (status)
        *status = p.status;
    if (p.status != CX_OK) {
        cx_detector_free(d);
        return NULL;
    }
    return d;
}

cx_detector *cx_detector_load(const char *path, int *status, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    if (!path) {
        if (status)
            *status = CX_EINVAL;
        if (err && errlen)
            snprintf(err, errlen, "(null): no file name given");
        return NULL;
    }
    int fd, st = cx_text_open(path, &fd, err, errlen);
    if (st != CX_OK) {
        if (status)
            *status = st;
        return NULL;
    }
    /* The lines are read through the one bounded reader of text input; the
     * whole file is held to FILE_MAX_BYTES. */
    cx_lines *r = cx_lines_alloc(fd, (size_t)FILE_MAX_BYTES, &st);
    size_t cap = 4096, n = 0;
    char *buf = r ? malloc(cap) : NULL;
    char *line;
    size_t len;
    if (r && !buf)
        st = CX_ENOMEM;
    while (st == CX_OK) {
        int rs = cx_lines_next(r, &line, &len);
        if (rs == CX_OK)
            break;
        if (rs != CX_CONTINUE) {
            int en = errno;
            st = rs == CX_EIO ? CX_EIO : CX_EPARSE;
            if (err && errlen)
                snprintf(err, errlen, "%s:%ld: %s", path, cx_lines_number(r),
                         rs == CX_EIO      ? strerror(en)
                         : rs == CX_EPARSE ? "binary file (NUL byte)"
                                           : "file too large (over 1 MiB)");
            break;
        }
        if (n + len + 1 > (size_t)FILE_MAX_BYTES) {
            st = CX_EPARSE;
            if (err && errlen)
                snprintf(err, errlen, "%s:%ld: file too large (over 1 MiB)", path,
                         cx_lines_number(r));
            break;
        }
        if (n + len + 1 > cap) {
            while (n + len + 1 > cap)
                cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                st = CX_ENOMEM;
                break;
            }
            buf = nb;
        }
        memcpy(buf + n, line, len);
        n += len;
        buf[n++] = '\n';
    }
    cx_lines_free(r);
    close(fd);
    if (st != CX_OK) {
        free(buf);
        if (status)
            *status = st;
        if (st == CX_ENOMEM && err && errlen)
            snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    cx_detector *d = cx_detector_parse(buf, n, path, status, err, errlen);
    free(buf);
    return d;
}

int cx_detector_resolve(const char *name, const char *const *dirs, size_t n, char *out,
                        size_t outlen)
{
    if (!name || !out || outlen == 0)
        return CX_EINVAL;
    size_t nl = strlen(name);
    if (strchr(name, '/') || (nl >= 4 && !strcmp(name + nl - 4, ".det"))) {
        if (nl >= outlen)
            return CX_EINVAL;
        memcpy(out, name, nl + 1);
        return CX_OK;
    }
    if (!cx_kf_is_identifier(name))
        return CX_ENOTFOUND;
    for (size_t i = 0; dirs && i < n; i++) {
        const char *dir = dirs[i];
        if (!dir || !*dir)
            continue;
        size_t dl = strlen(dir);
        const char *sep = dir[dl - 1] == '/' ? "" : "/";
        int w = snprintf(out, outlen, "%s%s%s.det", dir, sep, name);
        if (w < 0 || (size_t)w >= outlen)
            continue; /* a directory whose name is too long cannot hold it */
        /* The first regular file wins; a FIFO or a device of that name is no
         * detector file and is passed over (opening it could block). */
        struct stat sb;
        if (stat(out, &sb) == 0 && S_ISREG(sb.st_mode))
            return CX_OK;
    }
    out[0] = '\0';
    return CX_ENOTFOUND;
}

const char *cx_detector_id(const cx_detector *d)
{
    return d ? d->id : "";
}
const char *cx_detector_name(const cx_detector *d)
{
    return d ? d->name : "";
}
const char *cx_detector_citation(const cx_detector *d)
{
    return d && d->citation ? d->citation : "";
}
const char *cx_detector_preset(const cx_detector *d)
{
    return d ? d->preset : "";
}
const char *cx_detector_stat(const cx_detector *d)
{
    return d ? d->stat : "";
}
double cx_detector_mass_kg(const cx_detector *d)
{
    return d ? d->mass_kg : 0.0;
}
double cx_detector_baseline_m(const cx_detector *d)
{
    return d ? d->baseline_m : 0.0;
}
double cx_detector_threshold_kevnr(const cx_detector *d)
{
    return d ? d->threshold_kevnr : 0.0;
}
size_t cx_detector_n_isotopes(const cx_detector *d)
{
    return d ? d->n_iso : 0;
}

int cx_detector_isotope(const cx_detector *d, size_t i, cx_isotope_info *info)
{
    if (!d || !info || i >= d->n_iso)
        return CX_EINVAL;
    info->name = d->iso[i].name;
    info->z = d->iso[i].z;
    info->a = d->iso[i].a;
    info->mass_u = d->iso[i].mass_u;
    info->count = d->iso[i].count;
    return CX_OK;
}

cx_bin_unit cx_detector_bin_unit(const cx_detector *d)
{
    return d ? d->bin_unit : CX_UNIT_KEVNR;
}
size_t cx_detector_n_bins(const cx_detector *d)
{
    return d ? d->n_bins : 0;
}
const double *cx_detector_bin_edges(const cx_detector *d)
{
    return d ? d->edges : NULL;
}

double cx_detector_pe_per_kevnr(const cx_detector *d)
{
    return d && d->response == CX_RESP_LOGISTIC ? d->pe_per_kevnr : 0.0;
}

int cx_detector_format_version(const cx_detector *d)
{
    return d ? d->version : 0;
}
double cx_detector_pot(const cx_detector *d)
{
    return d ? d->pot : 0.0;
}
double cx_detector_nu_per_proton(const cx_detector *d)
{
    return d ? d->nu_per_proton : 0.0;
}
size_t cx_detector_n_time_bins(const cx_detector *d)
{
    return d && d->timing.on ? d->timing.n : 1;
}
const double *cx_detector_time_edges(const cx_detector *d)
{
    return d && d->timing.on ? d->timing.edges : NULL;
}
int cx_detector_roi(const cx_detector *d, double *lo, double *hi)
{
    if (!d || d->response != CX_RESP_GENERAL)
        return CX_ENOTFOUND;
    *lo = d->resp.roi_lo;
    *hi = d->resp.roi_hi;
    return CX_OK;
}
const char *cx_detector_axis_name(const cx_detector *d)
{
    if (!d)
        return "keVnr";
    return d->bin_unit == CX_UNIT_PE ? "PE" : d->bin_unit == CX_UNIT_KEVEE ? "keVee" : "keVnr";
}

size_t cx_detector_n_keys(const cx_detector *d)
{
    return d ? d->n_entries : 0;
}

const char *cx_detector_key(const cx_detector *d, size_t i)
{
    return d && i < d->n_entries ? d->entries[i].key : NULL;
}

int cx_detector_number(const cx_detector *d, const char *key, double *value)
{
    if (!d || !key || !value)
        return CX_EINVAL;
    const cx_entry *e = cx_kf_find(d->entries, d->n_entries, key);
    if (!e)
        return CX_ENOTFOUND;
    if (!e->rows || e->nrows != 1 || e->ncols != 1)
        return CX_EINVAL;
    *value = e->rows[0];
    return CX_OK;
}

int cx_detector_table(const cx_detector *d, const char *key, const double **rows, size_t *nrows,
                      size_t *ncols)
{
    if (!d || !key || !rows || !nrows || !ncols)
        return CX_EINVAL;
    const cx_entry *e = cx_kf_find(d->entries, d->n_entries, key);
    if (!e)
        return CX_ENOTFOUND;
    if (!e->rows)
        return CX_EINVAL;
    *rows = e->rows;
    *nrows = e->nrows;
    *ncols = e->ncols;
    return CX_OK;
}
