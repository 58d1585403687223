/* app_output.c - results of the interpreter's commands as text, CSV or JSON.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/app_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_util.h"
#include "cevnsx/cx_text.h"
#include "plot/plot.h"

/* ------------------------------------------------------------ primitives ---- */

void app_output_param_value(const cx_param_info *info, double v, char *buf, size_t n)
{
    if (info && info->scale == CX_SCALE_ENUM && info->labels && v >= 0 && v <= info->max &&
        v == floor(v)) {
        app_strlcpyf(buf, n, "%s", info->labels[(int)v]);
        return;
    }
    /* The shortest of %.15g..%.17g that reads back to the same double. */
    for (int prec = 15; prec <= 17; prec++) {
        app_strlcpyf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

void app_output_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    size_t left = strlen(s);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, left--) {
        if (*p >= 0x80) {
            /* JSON is UTF-8: a byte that is not, becomes U+FFFD (RFC 8259 8.1) */
            size_t k = cx_text_utf8_length((const char *)p, left);
            if (k == 0)
                fputs("\\ufffd", out);
            else
                fwrite(p, 1, k, out);
            if (k > 1) {
                p += k - 1;
                left -= k - 1;
            }
            continue;
        }
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

void app_output_csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void app_output_json_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.10g", v);
    else
        fputs("null", out);
}

void app_output_json_numbers(FILE *out, const double *v, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        app_output_json_number(out, v[i]);
    }
    fputc(']', out);
}

/* A number in a csv file: as precise as JSON, empty when not finite. */
static void csv_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.10g", v);
}

/* An event count for people: two decimals in the usual range, else 4 digits. */
static void text_events(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (v == 0 || (a >= 0.01 && a < 1e9))
        app_strlcpyf(buf, n, "%.2f", v);
    else
        app_strlcpyf(buf, n, "%.4g", v);
}

/* A spectrum bin content: three decimals in the usual range. */
static void text_bin(char *buf, size_t n, double v)
{
    double a = fabs(v);
    if (v == 0 || (a >= 1e-3 && a < 1e9))
        app_strlcpyf(buf, n, "%.3f", v);
    else
        app_strlcpyf(buf, n, "%.3e", v);
}

static const char *component_key[CX_NCOMP] = {"numu", "nue", "numubar"};
static const char *component_text[CX_NCOMP] = {"prompt nu_mu", "delayed nu_e",
                                               "delayed anti-nu_mu"};

static const char *unit_name(const cx_detector *d)
{
    return cx_detector_axis_name(d);
}

/* The parameters that differ from their defaults, for titles: "a=1, b=2".
 * Empty when none. */
static void changed_params(const cx_model *m, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int id = 0; id < cx_model_n_params(m) && len < n; id++) {
        const cx_param_info *info = cx_model_param_info(m, id);
        double v = cx_model_get_param(m, id), d = cx_model_default_param(m, id);
        char val[64];
        if (!info || v == d || (isnan(v) && isnan(d)))
            continue;
        app_output_param_value(info, v, val, sizeof val);
        int r = snprintf(buf + len, n - len, "%s%s=%s", len ? ", " : "", info->name, val);
        if (r < 0)
            break;
        len += (size_t)r;
    }
}

void app_output_csv_header(app_state *st, FILE *out, const char *hdr)
{
    if (st->csv_out == out && strcmp(st->csv_header, hdr) == 0)
        return;
    fprintf(out, "%s\n", hdr);
    st->csv_out = out;
    app_strlcpyf(st->csv_header, sizeof st->csv_header, "%s", hdr);
}

void app_output_new_stream(app_state *st, FILE *out)
{
    (void)out;
    st->csv_out = NULL;
    st->csv_header[0] = '\0';
}

/* The chi-squared model scan and contour use: the chosen one, else the
 * detector's default. */
static const char *stat_name(const app_state *st)
{
    const char *def = st->det ? cx_detector_stat(st->det) : NULL;
    return st->stat[0] ? st->stat : def && *def ? def : "default";
}

void app_output_json_context(const app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    fputs("\"detector\": ", out);
    app_output_json_string(out, cx_detector_id(st->det));
    fputs(", \"preset\": ", out);
    app_output_json_string(out, cx_model_preset(m));
    fputs(", \"stat\": ", out);
    app_output_json_string(out, stat_name(st));
    fputs(", \"params\": {", out);
    int k = 0;
    for (int id = 0; id < cx_model_n_params(m); id++) {
        const cx_param_info *info = cx_model_param_info(m, id);
        double v = cx_model_get_param(m, id), d = cx_model_default_param(m, id);
        if (!info || v == d || (isnan(v) && isnan(d)))
            continue;
        fputs(k++ ? ", " : "", out);
        app_output_json_string(out, info->name);
        fputs(": ", out);
        if (info->scale == CX_SCALE_ENUM) {
            char val[64];
            app_output_param_value(info, v, val, sizeof val);
            app_output_json_string(out, val);
        } else {
            app_output_json_number(out, v);
        }
    }
    fputs("}, ", out);
}

/* --------------------------------------------------------------- events ---- */

static void csv_row(FILE *out, const char *det, const char *preset, const char *quantity, double v)
{
    app_output_csv_field(out, det);
    fputc(',', out);
    app_output_csv_field(out, preset);
    fputc(',', out);
    app_output_csv_field(out, quantity);
    fputc(',', out);
    csv_number(out, v);
    fputc('\n', out);
}

void app_output_events(app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    const cx_detector *d = st->det;
    size_t niso = cx_detector_n_isotopes(d);
    cx_isotope_info iso;
    char num[64];

    if (st->format == APP_FMT_JSON) {
        fputc('{', out);
        app_output_json_context(st, out);
        fputs("\"exposure\": {\"pot\": ", out);
        app_output_json_number(out, cx_model_get_param(m, CX_P_POT));
        fputs(", \"nu_per_proton\": ", out);
        app_output_json_number(out, cx_model_get_param(m, CX_P_NU_PER_PROTON));
        fputs(", \"baseline_m\": ", out);
        app_output_json_number(out, cx_model_get_param(m, CX_P_BASELINE_M));
        fputs(", \"mass_kg\": ", out);
        app_output_json_number(out, cx_model_get_param(m, CX_P_MASS_KG));
        fputs("}, \"total\": ", out);
        app_output_json_number(out, cx_model_total(m));
        fputs(", \"total_sm\": ", out);
        app_output_json_number(out, cx_model_total_sm(m));
        fputs(", \"components\": {", out);
        for (int c = 0; c < CX_NCOMP; c++) {
            fprintf(out, "%s\"%s\": ", c ? ", " : "", component_key[c]);
            app_output_json_number(out, cx_model_total_component(m, (cx_component)c));
        }
        fputs("}, \"isotopes\": {", out);
        for (size_t i = 0; i < niso; i++) {
            if (cx_detector_isotope(d, i, &iso) != CX_OK)
                continue;
            fputs(i ? ", " : "", out);
            app_output_json_string(out, iso.name);
            fputs(": ", out);
            app_output_json_number(out, cx_model_total_isotope(m, i));
        }
        fputs("}}\n", out);
        return;
    }
    if (st->format == APP_FMT_CSV) {
        app_output_csv_header(st, out, "detector,preset,quantity,events");
        const char *id = cx_detector_id(d), *pr = cx_model_preset(m);
        csv_row(out, id, pr, "total", cx_model_total(m));
        for (int c = 0; c < CX_NCOMP; c++)
            csv_row(out, id, pr, component_key[c], cx_model_total_component(m, (cx_component)c));
        for (size_t i = 0; i < niso; i++)
            if (cx_detector_isotope(d, i, &iso) == CX_OK)
                csv_row(out, id, pr, iso.name, cx_model_total_isotope(m, i));
        csv_row(out, id, pr, "sm", cx_model_total_sm(m));
        return;
    }

    char changed[1024];
    changed_params(m, changed, sizeof changed);
    fprintf(out, "detector  %s: %s\n", cx_detector_id(d), cx_detector_name(d));
    fprintf(out, "          %g kg at %g m, ", cx_model_get_param(m, CX_P_MASS_KG),
            cx_model_get_param(m, CX_P_BASELINE_M));
    double roi_lo, roi_hi;
    const double *te = cx_model_time_edges(m);
    if (cx_detector_roi(d, &roi_lo, &roi_hi) == CX_OK) {
        fprintf(out, "region of interest %g-%g %s", roi_lo, roi_hi, cx_detector_axis_name(d));
        if (te)
            fprintf(out, ", arrival times %g-%g us", te[0], te[cx_model_n_time_bins(m)]);
        if (cx_model_get_param(m, CX_P_THRESHOLD_KEV) > 0)
            fprintf(out, ", recoils above %g keVnr", cx_model_get_param(m, CX_P_THRESHOLD_KEV));
        fputc('\n', out);
    } else if (cx_detector_pe_per_kevnr(d) > 0 && cx_model_get_param(m, CX_P_THRESHOLD_KEV) == 0)
        fprintf(out, "acceptance in photoelectrons (%g PE/keVnr)\n", cx_detector_pe_per_kevnr(d));
    else
        fprintf(out, "threshold %g keVnr\n", cx_model_get_param(m, CX_P_THRESHOLD_KEV));
    fprintf(out, "preset    %s%s%s\n", cx_model_preset(m), changed[0] ? "; changed: " : "",
            changed);
    fprintf(out, "engine    %s\n",
            cx_model_engine(m) == CX_ENGINE_REFERENCE ? "reference" : "fast");
    fprintf(out,
            "events over the exposure (%.4g protons on target, %g nu per flavour per "
            "proton):\n",
            cx_model_get_param(m, CX_P_POT), cx_model_get_param(m, CX_P_NU_PER_PROTON));
    text_events(num, sizeof num, cx_model_total(m));
    fprintf(out, "  %-22s %12s\n", "total", num);
    for (int c = 0; c < CX_NCOMP; c++) {
        text_events(num, sizeof num, cx_model_total_component(m, (cx_component)c));
        fprintf(out, "  %-22s %12s\n", component_text[c], num);
    }
    for (size_t i = 0; i < niso; i++) {
        if (cx_detector_isotope(d, i, &iso) != CX_OK)
            continue;
        text_events(num, sizeof num, cx_model_total_isotope(m, i));
        fprintf(out, "  %-22s %12s\n", iso.name, num);
    }
    text_events(num, sizeof num, cx_model_total_sm(m));
    fprintf(out, "  %-22s %12s\n", "Standard Model", num);
}

/* ------------------------------------------------------------- spectrum ---- */

/* Plot size for batch output: fits an 80-column terminal. */
#define SPECTRUM_PLOT_W 72
#define SPECTRUM_PLOT_H 16

/* Draws the spectrum as bars with the Standard Model as a dotted outline. */
static void text_plot_spectrum(const app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    size_t n = cx_model_n_bins(m);
    const double *e = cx_model_bin_edges(m), *s = cx_model_spectrum(m),
                 *sm = cx_model_spectrum_sm(m);
    int tier = st->plot_tier >= PLOT_TIER_BRAILLE && st->plot_tier <= PLOT_TIER_ASCII
                   ? st->plot_tier
                   : PLOT_TIER_ASCII;
    plot_canvas *c = plot_canvas_alloc(SPECTRUM_PLOT_W, SPECTRUM_PLOT_H, (plot_tier)tier);
    double lo, hi;
    char title[160];
    if (!c)
        app_die("out of memory");
    if (n == 0 || plot_minmax(s, n, 0, &lo, &hi) == 0) {
        fputs("(nothing to plot)\n", out);
        plot_canvas_free(c);
        return;
    }
    /* the measured points, as the explorer draws them (plot_compose_spectrum) */
    double *data = app_xmalloc(n * sizeof *data), *derr = app_xmalloc(n * sizeof *derr);
    size_t nd = cx_detector_measured(st->det, 0, e, n, data, derr);
    plot_spectrum sp = {n, e, s, sm, nd ? data : NULL, nd ? derr : NULL};
    plot_spectrum_yrange(&sp, &lo, &hi);
    plot_axes ax;
    plot_axes_init(&ax);
    app_strlcpyf(title, sizeof title, "%s: events per bin (bars), Standard Model (dotted)%s",
                 cx_detector_id(st->det), nd ? ", data" : "");
    ax.title = title;
    ax.xunit = unit_name(st->det);
    ax.xmin = e[0];
    ax.xmax = e[n];
    ax.ymin = lo < 0 ? 1.05 * lo : 0;
    /* 5 % headroom so the highest bar does not touch the title. */
    ax.ymax = hi > 0 ? 1.05 * hi : 1;
    plot_compose_spectrum(c, &ax, &sp);
    free(data);
    free(derr);
    size_t need = plot_canvas_to_text(c, NULL, 0);
    char *buf = app_xmalloc(need + 1);
    plot_canvas_to_text(c, buf, need + 1);
    fputs(buf, out);
    free(buf);
    plot_canvas_free(c);
}

/* The CSV and JSON forms of a spectrum on either axis: n bins of edges e
 * (NULL: one bin without edges), model s, Standard Model sm, and the
 * measured points. */
static void data_spectrum(app_state *st, FILE *out, int time, size_t n, const double *e,
                          const double *s, const double *sm, const char *unit)
{
    const cx_model *m = st->model;
    double *data = app_xmalloc((n ? n : 1) * sizeof *data);
    double *derr = app_xmalloc((n ? n : 1) * sizeof *derr);
    if (!e || cx_detector_measured(st->det, time, e, n, data, derr) == 0)
        for (size_t i = 0; i < n; i++)
            data[i] = derr[i] = NAN;
    if (st->format == APP_FMT_JSON) {
        fputc('{', out);
        app_output_json_context(st, out);
        fprintf(out, "\"axis\": \"%s\", \"unit\": ", time ? "time" : "energy");
        app_output_json_string(out, unit);
        fputs(", \"total\": ", out);
        app_output_json_number(out, cx_model_total(m));
        fputs(", \"total_sm\": ", out);
        app_output_json_number(out, cx_model_total_sm(m));
        fputs(", \"bins\": [", out);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ", {\"lo\": " : "{\"lo\": ", out);
            app_output_json_number(out, e ? e[i] : NAN);
            fputs(", \"hi\": ", out);
            app_output_json_number(out, e ? e[i + 1] : NAN);
            fputs(", \"events\": ", out);
            app_output_json_number(out, s[i]);
            fputs(", \"events_sm\": ", out);
            app_output_json_number(out, sm[i]);
            fputs(", \"data\": ", out);
            app_output_json_number(out, data[i]);
            fputs(", \"data_err\": ", out);
            app_output_json_number(out, derr[i]);
            fputc('}', out);
        }
        fputs("]}\n", out);
    } else {
        char hdr[128];
        app_strlcpyf(hdr, sizeof hdr, "lo_%s,hi_%s,events,events_sm,data,data_err", unit, unit);
        app_output_csv_header(st, out, hdr);
        for (size_t i = 0; i < n; i++) {
            if (e)
                csv_number(out, e[i]);
            fputc(',', out);
            if (e)
                csv_number(out, e[i + 1]);
            fputc(',', out);
            csv_number(out, s[i]);
            fputc(',', out);
            csv_number(out, sm[i]);
            fputc(',', out);
            csv_number(out, data[i]);
            fputc(',', out);
            csv_number(out, derr[i]);
            fputc('\n', out);
        }
    }
    free(data);
    free(derr);
}

void app_output_spectrum(app_state *st, FILE *out, int plot)
{
    const cx_model *m = st->model;
    const cx_detector *d = st->det;
    size_t n = cx_model_n_bins(m);
    const double *e = cx_model_bin_edges(m), *s = cx_model_spectrum(m),
                 *sm = cx_model_spectrum_sm(m);
    const char *unit = unit_name(d);

    if (st->format != APP_FMT_TEXT) {
        data_spectrum(st, out, 0, n, e, s, sm, unit);
        return;
    }

    char changed[1024], a[64], b[64];
    changed_params(m, changed, sizeof changed);
    fprintf(out, "# %s: %s\n# preset %s%s%s\n", cx_detector_id(d), cx_detector_name(d),
            cx_model_preset(m), changed[0] ? "; changed: " : "", changed);
    fprintf(out, "# %8s %10s %12s %12s\n", "lo", "hi", "events", "SM events");
    fprintf(out, "# %8s %10s\n", unit, unit);
    double tot = 0, tot_sm = 0;
    for (size_t i = 0; i < n; i++) {
        text_bin(a, sizeof a, s[i]);
        text_bin(b, sizeof b, sm[i]);
        fprintf(out, "%10g %10g %12s %12s\n", e[i], e[i + 1], a, b);
        tot += s[i];
        tot_sm += sm[i];
    }
    text_bin(a, sizeof a, tot);
    text_bin(b, sizeof b, tot_sm);
    fprintf(out, "# %8s %10s %12s %12s\n", "sum", "", a, b);
    if (plot)
        text_plot_spectrum(st, out);
}

/* The arrival-time projection: events per time bin (microseconds). Without
 * [timing] one bin holds everything. */
void app_output_time_spectrum(app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    const cx_detector *d = st->det;
    size_t n = cx_model_n_time_bins(m);
    const double *e = cx_model_time_edges(m), *s = cx_model_time_spectrum(m),
                 *sm = cx_model_time_spectrum_sm(m);
    if (st->format != APP_FMT_TEXT) {
        data_spectrum(st, out, 1, n, e, s, sm, "us");
        return;
    }
    char changed[1024], a[64], b[64];
    changed_params(m, changed, sizeof changed);
    fprintf(out, "# %s: %s, arrival-time projection\n# preset %s%s%s\n", cx_detector_id(d),
            cx_detector_name(d), cx_model_preset(m), changed[0] ? "; changed: " : "", changed);
    if (!e)
        fputs("# no [timing] in this detector file: one bin, all arrival times\n", out);
    fprintf(out, "# %8s %10s %12s %12s\n", "lo", "hi", "events", "SM events");
    fprintf(out, "# %8s %10s\n", "us", "us");
    double tot = 0, tot_sm = 0;
    for (size_t i = 0; i < n; i++) {
        text_bin(a, sizeof a, s[i]);
        text_bin(b, sizeof b, sm[i]);
        if (e)
            fprintf(out, "%10g %10g %12s %12s\n", e[i], e[i + 1], a, b);
        else
            fprintf(out, "%10s %10s %12s %12s\n", "-", "-", a, b);
        tot += s[i];
        tot_sm += sm[i];
    }
    text_bin(a, sizeof a, tot);
    text_bin(b, sizeof b, tot_sm);
    fprintf(out, "# %8s %10s %12s %12s\n", "sum", "", a, b);
}

/* ------------------------------------------------------- scan, contour ---- */

void app_output_scan_csv(app_state *st, FILE *out, const char *param, size_t n, const double *x,
                         const double *chi2, double chi2_min, size_t n_profile,
                         const char *const *profile_names, const double *profile, size_t stride)
{
    char *hdr = NULL;
    size_t len = 0;
    FILE *h = open_memstream(&hdr, &len);
    if (!h)
        app_die("out of memory");
    app_output_csv_field(h, param);
    fputs(",chi2,dchi2", h);
    for (size_t j = 0; j < n_profile; j++) {
        fputc(',', h);
        app_output_csv_field(h, profile_names[j]);
    }
    if (fclose(h) != 0 || !hdr)
        app_die("out of memory");
    app_output_csv_header(st, out, hdr);
    free(hdr);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "%.10g,%.10g,%.10g", x[i], chi2[i], chi2[i] - chi2_min);
        for (size_t j = 0; j < n_profile; j++)
            fprintf(out, ",%.10g", profile[i * stride + j]);
        fputc('\n', out);
    }
}

void app_output_contour_csv(app_state *st, FILE *out, const cx_contour_res *r)
{
    char *hdr = NULL;
    size_t len = 0;
    FILE *h = open_memstream(&hdr, &len);
    if (!h)
        app_die("out of memory");
    app_output_csv_field(h, r->x_name);
    fputc(',', h);
    app_output_csv_field(h, r->y_name);
    fputs(",chi2,dchi2", h);
    if (fclose(h) != 0 || !hdr)
        app_die("out of memory");
    app_output_csv_header(st, out, hdr);
    free(hdr);
    for (size_t j = 0; j < r->ny; j++) {
        if (j)
            fputc('\n', out); /* gnuplot: a blank line ends a grid row */
        for (size_t i = 0; i < r->nx; i++) {
            double v = r->chi2[j * r->nx + i];
            fprintf(out, "%.10g,%.10g,%.10g,%.10g\n", r->xs[i], r->ys[j], v, v - r->chi2_min);
        }
    }
}

/* ---------------------------------------------------------------- lists ---- */

static void range_text(const cx_param_info *info, char *buf, size_t n)
{
    if (info->scale == CX_SCALE_ENUM && info->labels) {
        size_t len = 0;
        buf[0] = '\0';
        for (int i = 0; i <= (int)info->max && len < n; i++) {
            int r = snprintf(buf + len, n - len, "%s%s", i ? "|" : "", info->labels[i]);
            if (r < 0)
                break;
            len += (size_t)r;
        }
        return;
    }
    app_strlcpyf(buf, n, "%g..%g", info->min, info->max);
}

void app_output_params(const app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    int np = cx_model_n_params(m);
    char val[64], range[128];

    if (st->format == APP_FMT_JSON)
        fputs("[", out);
    else if (st->format == APP_FMT_CSV)
        fputs("name,value,default,unit,min,max,help\n", out);
    else
        fprintf(out, "%-14s %-12s %-6s %-22s %s\n", "name", "value", "unit", "range", "help");
    for (int id = 0; id < np; id++) {
        const cx_param_info *info = cx_model_param_info(m, id);
        if (!info)
            continue;
        double v = cx_model_get_param(m, id), dv = cx_model_default_param(m, id);
        app_output_param_value(info, v, val, sizeof val);
        if (st->format == APP_FMT_JSON) {
            fputs(id ? ",\n {\"name\": " : "\n {\"name\": ", out);
            app_output_json_string(out, info->name);
            fputs(", \"value\": ", out);
            app_output_json_number(out, v);
            fputs(", \"default\": ", out);
            app_output_json_number(out, dv);
            if (info->scale == CX_SCALE_ENUM && info->labels) {
                fputs(", \"label\": ", out);
                app_output_json_string(out, val);
            }
            fputs(", \"unit\": ", out);
            app_output_json_string(out, info->unit);
            fputs(", \"min\": ", out);
            app_output_json_number(out, info->min);
            fputs(", \"max\": ", out);
            app_output_json_number(out, info->max);
            fputs(", \"help\": ", out);
            app_output_json_string(out, info->help);
            fputc('}', out);
        } else if (st->format == APP_FMT_CSV) {
            app_output_csv_field(out, info->name);
            fputc(',', out);
            app_output_csv_field(out, val);
            fputc(',', out);
            app_output_param_value(info, dv, val, sizeof val);
            app_output_csv_field(out, val);
            fputc(',', out);
            app_output_csv_field(out, info->unit);
            fputc(',', out);
            csv_number(out, info->min);
            fputc(',', out);
            csv_number(out, info->max);
            fputc(',', out);
            app_output_csv_field(out, info->help);
            fputc('\n', out);
        } else {
            char shown[64];
            range_text(info, range, sizeof range);
            /* People read %g better than 17 digits. */
            if (info->scale == CX_SCALE_ENUM)
                app_strlcpyf(shown, sizeof shown, "%s", val);
            else
                app_strlcpyf(shown, sizeof shown, "%.6g", v);
            fprintf(out, "%-14s %-12s %-6s %-22s %s%s\n", info->name, shown, info->unit, range,
                    info->help, v != dv ? " [changed]" : "");
        }
    }
    if (st->format == APP_FMT_JSON)
        fputs("\n]\n", out);
}

void app_output_presets(const app_state *st, FILE *out)
{
    const char *const *names = cx_preset_names();
    if (st->format == APP_FMT_JSON)
        fputs("[", out);
    else if (st->format == APP_FMT_CSV)
        fputs("name,help\n", out);
    for (size_t i = 0; names[i]; i++) {
        const char *help = cx_preset_help(names[i]);
        if (!help)
            help = "";
        if (st->format == APP_FMT_JSON) {
            fputs(i ? ",\n {\"name\": " : "\n {\"name\": ", out);
            app_output_json_string(out, names[i]);
            fputs(", \"help\": ", out);
            app_output_json_string(out, help);
            fputc('}', out);
        } else if (st->format == APP_FMT_CSV) {
            app_output_csv_field(out, names[i]);
            fputc(',', out);
            app_output_csv_field(out, help);
            fputc('\n', out);
        } else {
            fprintf(out, "%-16s %s\n", names[i], help);
        }
    }
    if (st->format == APP_FMT_JSON)
        fputs("\n]\n", out);
}

int app_output_detectors(const app_state *st, FILE *out)
{
    size_t n = 0;
    app_detector_file *files = app_detector_files(&n);
    if (st->format == APP_FMT_JSON)
        fputs("[", out);
    else if (st->format == APP_FMT_CSV)
        fputs("name,title,preset,path,error\n", out);
    for (size_t i = 0; i < n; i++) {
        char msg[1024] = "";
        int status = CX_OK;
        cx_detector *d = cx_detector_load(files[i].path, &status, msg, sizeof msg);
        const char *title = d ? cx_detector_name(d) : "";
        const char *preset = d ? cx_detector_preset(d) : "";
        if (!d && !msg[0])
            app_strlcpyf(msg, sizeof msg, "%s", cx_strerror(status));
        if (st->format == APP_FMT_JSON) {
            fputs(i ? ",\n {\"name\": " : "\n {\"name\": ", out);
            app_output_json_string(out, files[i].name);
            fputs(", \"title\": ", out);
            app_output_json_string(out, title);
            fputs(", \"preset\": ", out);
            app_output_json_string(out, preset);
            fputs(", \"path\": ", out);
            app_output_json_string(out, files[i].path);
            if (!d) {
                fputs(", \"error\": ", out);
                app_output_json_string(out, msg);
            }
            fputc('}', out);
        } else if (st->format == APP_FMT_CSV) {
            app_output_csv_field(out, files[i].name);
            fputc(',', out);
            app_output_csv_field(out, title);
            fputc(',', out);
            app_output_csv_field(out, preset);
            fputc(',', out);
            app_output_csv_field(out, files[i].path);
            fputc(',', out);
            app_output_csv_field(out, d ? "" : msg);
            fputc('\n', out);
        } else if (d) {
            fprintf(out, "%-12s %s [%s]\n", files[i].name, title, preset);
        } else {
            fprintf(out, "%-12s (unusable: %s)\n", files[i].name, msg);
        }
        cx_detector_free(d);
    }
    if (st->format == APP_FMT_JSON)
        fputs(n ? "\n]\n" : "]\n", out);
    free(files);
    return n ? 0 : 1;
}

void app_output_show(const app_state *st, FILE *out)
{
    const cx_model *m = st->model;
    const char *engine = cx_model_engine(m) == CX_ENGINE_REFERENCE ? "reference" : "fast";
    const char *stat = st->stat[0] ? st->stat : cx_detector_stat(st->det);
    int np = cx_model_n_params(m), first = 1;
    char val[64], dval[64];

    if (st->format == APP_FMT_JSON) {
        fputs("{\"detector\": ", out);
        app_output_json_string(out, cx_detector_id(st->det));
        fputs(", \"preset\": ", out);
        app_output_json_string(out, cx_model_preset(m));
        fputs(", \"engine\": ", out);
        app_output_json_string(out, engine);
        fputs(", \"stat\": ", out);
        app_output_json_string(out, stat ? stat : "");
        fputs(", \"changed\": {", out);
    } else if (st->format == APP_FMT_CSV) {
        fputs("name,value,default\n", out);
    } else {
        fprintf(out, "detector  %s (%s)\npreset    %s\nengine    %s\nstat      %s\n",
                cx_detector_id(st->det), st->det_name, cx_model_preset(m), engine,
                stat && *stat ? stat : "-");
    }
    for (int id = 0; id < np; id++) {
        const cx_param_info *info = cx_model_param_info(m, id);
        double v = cx_model_get_param(m, id), dv = cx_model_default_param(m, id);
        if (!info || v == dv)
            continue;
        app_output_param_value(info, v, val, sizeof val);
        app_output_param_value(info, dv, dval, sizeof dval);
        if (st->format == APP_FMT_JSON) {
            fputs(first ? "" : ", ", out);
            app_output_json_string(out, info->name);
            fputs(": ", out);
            app_output_json_number(out, v);
        } else if (st->format == APP_FMT_CSV) {
            fprintf(out, "%s,%s,%s\n", info->name, val, dval);
        } else {
            fprintf(out, "%s%-14s %s%s%s (default %s)\n", first ? "changed:\n  " : "  ", info->name,
                    val, info->unit[0] ? " " : "", info->unit, dval);
        }
        first = 0;
    }
    if (st->format == APP_FMT_JSON)
        fputs("}}\n", out);
    else if (st->format == APP_FMT_TEXT && first)
        fputs("all parameters at their defaults\n", out);
}
