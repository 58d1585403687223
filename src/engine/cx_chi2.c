/* cx_chi2.c - chi-squared models with pull terms (doc/physics.md section 6) and
 * fits over several detectors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cevnsx/cx_chi2.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cevnsx/cx_errno.h"
#include "cevnsx/cx_fc.h"
#include "cx_internal.h"
#include "cx_poisson.h"

struct cx_chi2 {
    const cx_chi2_def *def;
    const cx_detector *det;
    void *user;
};

/* ------------------------------------------------------------ closed forms */

double cx_chi2_single_bin(double n_meas, double n_th, double b_on, double b_ss, double sigma_a,
                          double sigma_b)
{
    double r = n_meas - n_th - b_on;
    double sa = sigma_a * n_th, sb = sigma_b * b_on;
    return r * r / (n_meas + 2.0 * b_ss + b_on + sa * sa + sb * sb);
}

double cx_chi2_forecast(double n_sm, double n_th, double bkg_frac, double sigma_a, double sigma_b)
{
    double n_bg = bkg_frac * n_sm, r = n_sm - n_th;
    double sa = sigma_a * n_th, sb = sigma_b * n_bg;
    return r * r / (n_sm + n_bg + sa * sa + sb * sb);
}

int cx_chi2_pulls(size_t n, const double *o, const double *sig, const double *bkg, const double *s2,
                  double sigma_a, double sigma_b, double *chi2, double *a, double *b)
{
    double snn = 0, snb = 0, sbb = 0, grn = 0, grb = 0;
    double pa = 0, pb = 0;
    int use_a = sigma_a > 0, use_b = sigma_b > 0;

    if (!(sigma_a >= 0) || !(sigma_b >= 0))
        return CX_EINVAL;
    for (size_t i = 0; i < n; i++) {
        double w, r;
        if (!(s2[i] > 0))
            return CX_EINVAL;
        w = 1.0 / s2[i];
        r = o[i] - sig[i] - bkg[i];
        snn += w * sig[i] * sig[i];
        snb += w * sig[i] * bkg[i];
        sbb += w * bkg[i] * bkg[i];
        grn += w * r * sig[i];
        grb += w * r * bkg[i];
    }
    if (use_a && use_b) {
        double a11 = snn + 1.0 / (sigma_a * sigma_a), a22 = sbb + 1.0 / (sigma_b * sigma_b);
        double det = a11 * a22 - snb * snb;
        if (!(det > 0))
            return CX_ENUMERIC;
        pa = (a22 * grn - snb * grb) / det;
        pb = (a11 * grb - snb * grn) / det;
    } else if (use_a) {
        pa = grn / (snn + 1.0 / (sigma_a * sigma_a));
    } else if (use_b) {
        pb = grb / (sbb + 1.0 / (sigma_b * sigma_b));
    }
    /* Evaluate at the minimum explicitly rather than as r'Wr - g'x, which
     * cancels when the pulls absorb most of the residual. */
    {
        double c = 0;
        for (size_t i = 0; i < n; i++) {
            double d = o[i] - (1 + pa) * sig[i] - (1 + pb) * bkg[i];
            c += d * d / s2[i];
        }
        if (use_a)
            c += (pa / sigma_a) * (pa / sigma_a);
        if (use_b)
            c += (pb / sigma_b) * (pb / sigma_b);
        if (!isfinite(c))
            return CX_ENUMERIC;
        *chi2 = c;
    }
    if (a)
        *a = pa;
    if (b)
        *b = pb;
    return CX_OK;
}

/* Standard scenarios (doc/physics.md section 6): efficiency, sigma_alpha,
 * sigma_beta; the background fraction is 0.10 in all four. */
static const double scenarios[4][3] = {
    {1.0, 0.00, 0.00}, {0.5, 0.05, 0.10}, {1.0, 0.15, 0.10}, {1.0, 0.30, 0.10}};

int cx_chi2_scenario(int k, double *eff, double *sigma_a, double *sigma_b, double *bkg_frac)
{
    if (k < 1 || k > 4)
        return CX_EINVAL;
    *eff = scenarios[k - 1][0];
    *sigma_a = scenarios[k - 1][1];
    *sigma_b = scenarios[k - 1][2];
    *bkg_frac = 0.10;
    return CX_OK;
}

int cx_chi2_apply_scenario(cx_model *m, int k)
{
    double eff, sa, sb, fb;
    int st = cx_chi2_scenario(k, &eff, &sa, &sb, &fb);
    if (st == CX_OK)
        st = cx_model_set_param(m, CX_P_EFF, eff);
    if (st == CX_OK)
        st = cx_model_set_param(m, CX_P_SIGMA_ALPHA, sa);
    if (st == CX_OK)
        st = cx_model_set_param(m, CX_P_SIGMA_BETA, sb);
    if (st == CX_OK)
        st = cx_model_set_param(m, CX_P_BKG_FRAC, fb);
    return st;
}

double cx_chi2_dchi2_for_cl(double cl_percent, int ndof)
{
    /* Quantiles of the chi2 distribution with 1 and 2 degrees of freedom,
     * rounded as in the PDG statistics review (Table 40.2). */
    static const struct {
        double cl, d1, d2;
    } tab[] = {{68.27, 1.00, 2.30},
               {68.0, 1.00, 2.30},
               {90.0, 2.71, 4.61},
               {95.0, 3.84, 5.99},
               {99.0, 6.63, 9.21}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (fabs(cl_percent - tab[i].cl) < 1e-9)
            return ndof == 1 ? tab[i].d1 : ndof == 2 ? tab[i].d2 : 0.0;
    return 0.0;
}

/* ------------------------------------------------------------- single-bin */

typedef struct {
    double n_meas, b_on, b_ss;
    int window;
    double lo, hi;
} single_bin;

static int fit_window(const cx_detector *d, const cx_chi2_opts *o, double *lo, double *hi)
{
    if (o && (o->window_lo != 0 || o->window_hi != 0)) {
        *lo = o->window_lo;
        *hi = o->window_hi;
        return CX_OK;
    }
    /* COHERENT 2017 analysis window: 2-PE bins labelled 7 to 29, i.e. [6, 30)
     * PE (arXiv:1708.01294; doc/physics.md section 3). */
    *lo = 6.0;
    *hi = 30.0;
    if (cx_detector_number(d, "fit.window_lo_pe", lo) != CX_OK &&
        cx_detector_number(d, "fit.window_lo", lo) != CX_OK)
        *lo = 6.0;
    if (cx_detector_number(d, "fit.window_hi_pe", hi) != CX_OK &&
        cx_detector_number(d, "fit.window_hi", hi) != CX_OK)
        *hi = 30.0;
    return CX_OK;
}

static int single_bin_init(const cx_model *m, const cx_chi2_opts *o, void **user, char *err,
                           size_t errlen)
{
    const cx_detector *d = cx_model_detector(m);
    single_bin sb = {0};
    if (cx_detector_number(d, "fit.n_meas", &sb.n_meas) != CX_OK ||
        cx_detector_number(d, "fit.b_on", &sb.b_on) != CX_OK ||
        cx_detector_number(d, "fit.b_ss", &sb.b_ss) != CX_OK) {
        cx_set_err(err, errlen,
                   "chi2 model single-bin needs [fit] n_meas, b_on, b_ss, which %s lacks",
                   cx_detector_id(d));
        return CX_EINVAL;
    }
    if (!(sb.n_meas + 2 * sb.b_ss + sb.b_on > 0)) {
        cx_set_err(err, errlen, "%s: single-bin statistical variance is not positive",
                   cx_detector_id(d));
        return CX_EINVAL;
    }
    if (o && o->window) {
        double ev;
        sb.window = 1;
        fit_window(d, o, &sb.lo, &sb.hi);
        if (cx_model_events_between(m, sb.lo, sb.hi, &ev) != CX_OK) {
            cx_set_err(err, errlen, "%s: the counting window is not on bin edges",
                       cx_detector_id(d));
            return CX_EINVAL;
        }
    }
    *user = malloc(sizeof sb);
    if (!*user)
        return CX_ENOMEM;
    memcpy(*user, &sb, sizeof sb);
    return CX_OK;
}

static int single_bin_eval(const cx_model *m, const void *user, double *chi2)
{
    const single_bin *sb = user;
    double n_th = cx_model_total(m);
    if (sb->window && cx_model_events_between(m, sb->lo, sb->hi, &n_th) != CX_OK)
        return CX_EINVAL;
    *chi2 = cx_chi2_single_bin(sb->n_meas, n_th, sb->b_on, sb->b_ss,
                               cx_model_get_param(m, CX_P_SIGMA_ALPHA),
                               cx_model_get_param(m, CX_P_SIGMA_BETA));
    return isfinite(*chi2) ? CX_OK : CX_ENUMERIC;
}

/* --------------------------------------------------------------- forecast */

typedef struct {
    double n_sm;
} forecast;

static int forecast_init(const cx_model *m, const cx_chi2_opts *o, void **user, char *err,
                         size_t errlen)
{
    forecast fc;
    (void)o;
    fc.n_sm = cx_model_total_sm(m);
    if (!(fc.n_sm > 0)) {
        cx_set_err(err, errlen, "%s: no Standard Model events, the forecast fit is undefined",
                   cx_detector_id(cx_model_detector(m)));
        return CX_EINVAL;
    }
    *user = malloc(sizeof fc);
    if (!*user)
        return CX_ENOMEM;
    memcpy(*user, &fc, sizeof fc);
    return CX_OK;
}

static int forecast_eval(const cx_model *m, const void *user, double *chi2)
{
    const forecast *fc = user;
    *chi2 = cx_chi2_forecast(fc->n_sm, cx_model_total(m), cx_model_get_param(m, CX_P_BKG_FRAC),
                             cx_model_get_param(m, CX_P_SIGMA_ALPHA),
                             cx_model_get_param(m, CX_P_SIGMA_BETA));
    return isfinite(*chi2) ? CX_OK : CX_ENUMERIC;
}

/* --------------------------------------------------------------- spectral */

#define SPECTRAL_MAX_BINS 256

typedef struct {
    size_t n;
    size_t bin[SPECTRAL_MAX_BINS]; /* model bin index of data bin i */
    double o[SPECTRAL_MAX_BINS];   /* C - AC, counts */
    double b[SPECTRAL_MAX_BINS];   /* prompt-neutron background, counts */
    double s2[SPECTRAL_MAX_BINS];  /* C + AC + B, counts^2 */
} spectral;

/* COHERENT 2017 acceptance at x PE (doc/physics.md section 3; release yaml):
 * a / (1 + exp(-k (x - x0))) times the half step. 1 for other responses. */
static double acceptance_pe(const cx_detector *d, double x)
{
    double h;
    if (d->response != CX_RESP_LOGISTIC)
        return 1.0;
    h = x < d->step_lo_pe ? 0.0 : x < d->step_hi_pe ? 0.5 : 1.0;
    return h * d->acc_a / (1.0 + exp(-d->acc_k * (x - d->acc_x0)));
}

static int spectral_init(const cx_model *m, const cx_chi2_opts *o, void **user, char *err,
                         size_t errlen)
{
    const cx_detector *d = cx_model_detector(m);
    const double *bins, *neu, *edges = cx_model_bin_edges(m);
    size_t nb, cb, nn, cn, nedges = cx_model_n_bins(m) + 1;
    double expo, t6, lo, hi;
    spectral *sp;

    if (cx_detector_table(d, "data.bin", &bins, &nb, &cb) != CX_OK || cb < 4 ||
        cx_detector_table(d, "data.neutron", &neu, &nn, &cn) != CX_OK || cn < 2 ||
        cx_detector_number(d, "data.exposure_gwh", &expo) != CX_OK ||
        cx_detector_number(d, "data.neutron_t6_fraction", &t6) != CX_OK) {
        cx_set_err(err, errlen,
                   "chi2 model spectral needs measured data ([data] bin, neutron, exposure_gwh, "
                   "neutron_t6_fraction), which %s lacks",
                   cx_detector_id(d));
        return CX_EINVAL;
    }
    fit_window(d, o, &lo, &hi);
    sp = calloc(1, sizeof *sp);
    if (!sp)
        return CX_ENOMEM;
    for (size_t i = 0; i < nb; i++) {
        const double *r = bins + i * cb;
        size_t j;
        double bkg = 0;
        if (r[0] < lo - 1e-9 || r[1] > hi + 1e-9)
            continue;
        /* the model bin with the same edges (edges are small exact numbers) */
        for (j = 0; j + 1 < nedges; j++)
            if (fabs(edges[j] - r[0]) < 1e-9 && fabs(edges[j + 1] - r[1]) < 1e-9)
                break;
        if (j + 1 >= nedges || sp->n >= SPECTRAL_MAX_BINS) {
            cx_set_err(err, errlen, "%s: data bin edges do not match the model binning",
                       cx_detector_id(d));
            free(sp);
            return CX_EINVAL;
        }
        /* The release's neutron spectrum is per GWh per 1-PE bin; the
         * acceptance is applied at 1-PE bin centres (release yaml). */
        for (size_t k = 0; k < nn; k++) {
            double x = neu[k * cn];
            if (x >= r[0] && x < r[1])
                bkg += neu[k * cn + 1] * acceptance_pe(d, x);
        }
        bkg *= expo * t6;
        sp->bin[sp->n] = j;
        sp->o[sp->n] = r[2] - r[3];
        sp->b[sp->n] = bkg;
        sp->s2[sp->n] = r[2] + r[3] + bkg;
        if (!(sp->s2[sp->n] > 0)) {
            cx_set_err(err, errlen, "%s: a data bin has zero variance (no counts)",
                       cx_detector_id(d));
            free(sp);
            return CX_EINVAL;
        }
        sp->n++;
    }
    if (sp->n == 0) {
        cx_set_err(err, errlen, "%s: no data bins inside the fit window", cx_detector_id(d));
        free(sp);
        return CX_EINVAL;
    }
    *user = sp;
    return CX_OK;
}

static int spectral_eval(const cx_model *m, const void *user, double *chi2)
{
    const spectral *sp = user;
    const double *spec = cx_model_spectrum(m);
    double n[SPECTRAL_MAX_BINS];
    for (size_t i = 0; i < sp->n; i++)
        n[i] = spec[sp->bin[i]];
    return cx_chi2_pulls(sp->n, sp->o, n, sp->b, sp->s2, cx_model_get_param(m, CX_P_SIGMA_ALPHA),
                         cx_model_get_param(m, CX_P_SIGMA_BETA), chi2, NULL, NULL);
}

/* ------------------------------------------------------ poisson, asimov */

static int poisson_init(const cx_model *m, const cx_chi2_opts *o, void **user, char *err,
                        size_t errlen)
{
    return cx_pois_init(m, o, 0, (cx_pois **)user, err, errlen);
}

static int asimov_init(const cx_model *m, const cx_chi2_opts *o, void **user, char *err,
                       size_t errlen)
{
    return cx_pois_init(m, o, 1, (cx_pois **)user, err, errlen);
}

static int poisson_eval(const cx_model *m, const void *user, double *chi2)
{
    const cx_pois *p = user;
    return cx_pois_eval_joint(1, &p, &m, NULL, chi2, NULL);
}

static void poisson_free(void *user)
{
    cx_pois_free(user);
}

/* --------------------------------------------------------------- registry */

static const cx_chi2_def builtins[] = {
    {"single-bin", "COHERENT 2017 counting fit: one bin, signal and background pulls",
     single_bin_init, single_bin_eval, free},
    {"forecast", "Asimov forecast: Standard Model data, efficiency, background fraction, pulls",
     forecast_init, forecast_eval, free},
    {"spectral", "shape fit to the measured 2-PE spectrum (6-30 PE) with two pulls", spectral_init,
     spectral_eval, free},
    {"poisson", "binned Poisson likelihood over energy x time (x F90), templates, profiled pulls",
     poisson_init, poisson_eval, poisson_free},
    {"asimov", "the Poisson likelihood on Standard Model (Asimov) data, every detector",
     asimov_init, poisson_eval, poisson_free},
};

int cx_chi2_rebind(cx_chi2 *c, const cx_model *m, char *err, size_t errlen)
{
    if (!c || !m || cx_model_detector(m) != c->det)
        return CX_EINVAL;
    if (c->def->init == forecast_init) {
        /* the Asimov data are the Standard Model's events at the exposure */
        double n_sm = cx_model_total_sm(m);
        if (!(n_sm > 0)) {
            cx_set_err(err, errlen, "%s: no Standard Model events, the forecast fit is undefined",
                       cx_detector_id(c->det));
            return CX_EINVAL;
        }
        ((forecast *)c->user)->n_sm = n_sm;
        return CX_OK;
    }
    /* the data-driven models read only the detector file at binding */
    if (c->def->init == single_bin_init || c->def->init == spectral_init)
        return CX_OK;
    cx_set_err(err, errlen, "chi2 model %s cannot be re-bound in place", c->def->name);
    return CX_ENOTFOUND;
}

int cx_chi2_is_poisson(const cx_chi2 *c)
{
    return c && c->def->eval == poisson_eval;
}

int cx_chi2_poisson_eval(size_t n, const cx_chi2 *const *c, const cx_model *const *m,
                         const cx_poisson_opts *opts, double *chi2, cx_poisson_result *res)
{
    const cx_pois *pp[CX_POISSON_MAX_DETECTORS];
    if (n == 0 || n > CX_POISSON_MAX_DETECTORS)
        return CX_EINVAL;
    for (size_t i = 0; i < n; i++) {
        if (!cx_chi2_is_poisson(c[i]) || cx_model_detector(m[i]) != c[i]->det)
            return CX_EINVAL;
        pp[i] = c[i]->user;
    }
    return cx_pois_eval_joint(n, pp, m, opts, chi2, res);
}

const cx_chi2_def *cx_chi2_builtin(size_t i)
{
    return i < sizeof builtins / sizeof builtins[0] ? &builtins[i] : NULL;
}

const cx_chi2_def *cx_chi2_lookup(const char *name)
{
    for (size_t i = 0; name && i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

cx_chi2 *cx_chi2_alloc(const cx_chi2_def *def, const cx_model *m, const cx_chi2_opts *opts,
                       int *status, char *err, size_t errlen)
{
    cx_chi2 *c;
    int st;
    if (err && errlen)
        err[0] = '\0';
    if (!def || !def->eval || !m) {
        *status = CX_EINVAL;
        cx_set_err(err, errlen, "invalid chi2 model");
        return NULL;
    }
    c = calloc(1, sizeof *c);
    if (!c) {
        *status = CX_ENOMEM;
        return NULL;
    }
    c->def = def;
    c->det = cx_model_detector(m);
    if (def->init) {
        st = def->init(m, opts, &c->user, err, errlen);
        if (st != CX_OK) {
            free(c);
            *status = st;
            if (st == CX_ENOMEM)
                cx_set_err(err, errlen, "out of memory");
            return NULL;
        }
    }
    *status = CX_OK;
    return c;
}

cx_chi2 *cx_chi2_alloc_name(const char *name, const cx_model *m, const cx_chi2_opts *opts,
                            int *status, char *err, size_t errlen)
{
    const cx_chi2_def *def;
    if (!name || !*name) {
        name = m ? cx_detector_stat(cx_model_detector(m)) : NULL;
        if (!name || !*name)
            name = "forecast";
    }
    def = cx_chi2_lookup(name);
    if (!def) {
        *status = CX_ENOTFOUND;
        cx_set_err(err, errlen,
                   "unknown chi2 model '%s' (try single-bin, forecast, spectral, poisson, asimov)",
                   name);
        return NULL;
    }
    return cx_chi2_alloc(def, m, opts, status, err, errlen);
}

void cx_chi2_free(cx_chi2 *c)
{
    if (!c)
        return;
    if (c->def->free)
        c->def->free(c->user);
    free(c);
}

int cx_chi2_eval(const cx_chi2 *c, const cx_model *m, double *chi2)
{
    if (cx_model_detector(m) != c->det)
        return CX_EINVAL;
    return c->def->eval(m, c->user, chi2);
}

const char *cx_chi2_name(const cx_chi2 *c)
{
    return c->def->name;
}

const cx_detector *cx_chi2_detector(const cx_chi2 *c)
{
    return c->det;
}

/* The counting form of single-bin and forecast (cx_fc.h): the same numbers
 * as single_bin_eval() and forecast_eval() use. */
int cx_chi2_counting(const cx_chi2 *c, const cx_model *m, cx_chi2_count *out)
{
    if (!c || !m || !out || cx_model_detector(m) != c->det)
        return CX_EINVAL;
    out->sigma_a = cx_model_get_param(m, CX_P_SIGMA_ALPHA);
    out->sigma_b = cx_model_get_param(m, CX_P_SIGMA_BETA);
    if (c->def == &builtins[0]) {
        const single_bin *sb = c->user;
        double n_th = cx_model_total(m);
        if (sb->window && cx_model_events_between(m, sb->lo, sb->hi, &n_th) != CX_OK)
            return CX_EINVAL;
        out->n_obs = sb->n_meas;
        out->n_th = n_th;
        out->bkg = sb->b_on;
        out->c0 = 2.0 * sb->b_ss + sb->b_on;
        return CX_OK;
    }
    if (c->def == &builtins[1]) {
        const forecast *fc = c->user;
        double n_bg = cx_model_get_param(m, CX_P_BKG_FRAC) * fc->n_sm;
        out->n_obs = fc->n_sm + n_bg;
        out->n_th = cx_model_total(m);
        out->bkg = n_bg;
        out->c0 = 0.0;
        return CX_OK;
    }
    return CX_EINVAL;
}

/* -------------------------------------------------------------------- fit */

struct cx_chi2_fit {
    size_t n;
    cx_model **m;
    const cx_chi2 **c;
    int n_params;
    char names[CX_CHI2_FIT_MAX_PARAMS][CX_NAME_LEN];
    int *ids; /* n_params rows of n ids */
};

void cx_chi2_fit_free(cx_chi2_fit *f)
{
    if (!f)
        return;
    if (f->m)
        for (size_t i = 0; i < f->n; i++)
            cx_model_free(f->m[i]);
    free(f->m);
    free(f->c);
    free(f->ids);
    free(f);
}

cx_chi2_fit *cx_chi2_fit_alloc(size_t n, const cx_model *const *models, const cx_chi2 *const *chi2,
                               int *status)
{
    cx_chi2_fit *f;
    if (n == 0) {
        *status = CX_EINVAL;
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (!models[i] || !chi2[i] || cx_model_detector(models[i]) != chi2[i]->det) {
            *status = CX_EINVAL;
            return NULL;
        }
    f = calloc(1, sizeof *f);
    if (!f) {
        *status = CX_ENOMEM;
        return NULL;
    }
    f->n = n;
    f->m = calloc(n, sizeof *f->m);
    f->c = calloc(n, sizeof *f->c);
    f->ids = calloc(n * CX_CHI2_FIT_MAX_PARAMS, sizeof *f->ids);
    if (!f->m || !f->c || !f->ids) {
        cx_chi2_fit_free(f);
        *status = CX_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        int st;
        f->c[i] = chi2[i];
        f->m[i] = cx_model_clone(models[i], &st);
        if (!f->m[i]) {
            cx_chi2_fit_free(f);
            *status = st;
            return NULL;
        }
    }
    *status = CX_OK;
    return f;
}

size_t cx_chi2_fit_n(const cx_chi2_fit *f)
{
    return f->n;
}

cx_model *cx_chi2_fit_model(cx_chi2_fit *f, size_t i)
{
    return i < f->n ? f->m[i] : NULL;
}

const cx_chi2 *cx_chi2_fit_chi2(const cx_chi2_fit *f, size_t i)
{
    return i < f->n ? f->c[i] : NULL;
}

int cx_chi2_fit_sync(cx_chi2_fit *f, size_t i, const cx_model *src)
{
    if (i >= f->n)
        return CX_EINVAL;
    return cx_model_copy_params(f->m[i], src);
}

int cx_chi2_fit_param(cx_chi2_fit *f, const char *name, int *handle)
{
    int h;
    for (h = 0; h < f->n_params; h++)
        if (strcmp(f->names[h], name) == 0) {
            *handle = h;
            return CX_OK;
        }
    if (strlen(name) >= CX_NAME_LEN)
        return CX_ENOTFOUND;
    if (f->n_params >= CX_CHI2_FIT_MAX_PARAMS)
        return CX_ERANGE;
    for (size_t i = 0; i < f->n; i++) {
        int id = cx_model_param_lookup(f->m[i], name);
        if (id < 0)
            return CX_ENOTFOUND;
        f->ids[(size_t)h * f->n + i] = id;
    }
    strcpy(f->names[h], name);
    f->n_params++;
    *handle = h;
    return CX_OK;
}

const cx_param_info *cx_chi2_fit_param_info(const cx_chi2_fit *f, int handle)
{
    if (handle < 0 || handle >= f->n_params)
        return NULL;
    return cx_model_param_info(f->m[0], f->ids[(size_t)handle * f->n]);
}

int cx_chi2_fit_set(cx_chi2_fit *f, int handle, double value)
{
    const cx_param_info *info = cx_chi2_fit_param_info(f, handle);
    if (!info)
        return CX_EINVAL;
    if (!(value >= info->min && value <= info->max))
        return isnan(value) ? CX_EINVAL : CX_ERANGE;
    for (size_t i = 0; i < f->n; i++) {
        int st = cx_model_set_param(f->m[i], f->ids[(size_t)handle * f->n + i], value);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

double cx_chi2_fit_get(const cx_chi2_fit *f, int handle)
{
    if (handle < 0 || handle >= f->n_params)
        return NAN;
    return cx_model_get_param(f->m[0], f->ids[(size_t)handle * f->n]);
}

int cx_chi2_fit_eval(cx_chi2_fit *f, double *chi2)
{
    double sum = 0;
    int joint = f->n > 1 && f->n <= CX_POISSON_MAX_DETECTORS;
    for (size_t i = 0; i < f->n && joint; i++)
        joint = cx_chi2_is_poisson(f->c[i]);
    if (joint) {
        /* Poisson likelihoods of several detectors: one profile, shared
         * nuisances fitted once */
        for (size_t i = 0; i < f->n; i++) {
            int st = cx_model_update(f->m[i]);
            if (st != CX_OK)
                return st;
        }
        return cx_chi2_poisson_eval(f->n, f->c, (const cx_model *const *)f->m, NULL, chi2, NULL);
    }
    for (size_t i = 0; i < f->n; i++) {
        double c;
        int st = cx_model_update(f->m[i]);
        if (st != CX_OK)
            return st;
        st = cx_chi2_eval(f->c[i], f->m[i], &c);
        if (st != CX_OK)
            return st;
        sum += c;
    }
    *chi2 = sum;
    return CX_OK;
}
