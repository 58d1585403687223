/* plot_axis.c - tick generation, tick labels and soft axis ranges.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "plot/plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Slack when deciding whether a tick lies inside the range, in units of the
 * step: absorbs the rounding of lo / step (e.g. 0.4 / 0.1 = 4.000000000000001). */
#define TICK_SLACK 1e-9

char *plot_axis_label(double v, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    if (v == 0.0 || fabs(v) < 1e-300)
        v = 0.0; /* also turns -0.0 into +0.0 */
    snprintf(buf, len, "%.3g", v);
    /* %.3g can still round a tiny negative value to "-0" (e.g. -1e-310 is
     * caught above, but keep the guarantee explicit). */
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, len, "0");
    return buf;
}

/* v = k * mant * 10^e, computed so that decimal steps come out as the nearest
 * double (3 * 1 / 10 = 0.3 rather than 3 * 0.1 = 0.30000000000000004). */
static double tick_value(long k, int mant, int e)
{
    if (k == 0)
        return 0.0;
    if (e < 0)
        return (double)(k * mant) / pow(10.0, -e);
    return (double)(k * mant) * pow(10.0, e);
}

static int linear_ticks(double lo, double hi, int max_ticks, double *out, int cap)
{
    static const int mant[3] = {1, 2, 5};
    double span = hi - lo;
    int e0, i;
    if (max_ticks < 2)
        max_ticks = 2;
    /* Start a little below span / 100 and coarsen until few enough ticks fit. */
    e0 = (int)floor(log10(span / 100.0));
    for (i = 0; i < 60; i++) {
        int m = mant[i % 3], e = e0 + i / 3;
        double step = m * pow(10.0, e);
        double k0 = ceil(lo / step - TICK_SLACK), k1 = floor(hi / step + TICK_SLACK);
        if (k1 - k0 + 1 <= max_ticks) {
            int n = 0;
            for (double k = k0; k <= k1 && n < cap; k++)
                out[n++] = tick_value((long)k, m, e);
            return n;
        }
    }
    return 0;
}

static int log_ticks(double lo, double hi, int max_ticks, double *out, int cap)
{
    static const int mant[3] = {1, 2, 5};
    double l0 = log10(lo), l1 = log10(hi);
    int d0 = (int)ceil(l0 - TICK_SLACK), d1 = (int)floor(l1 + TICK_SLACK);
    int ndec = d1 - d0 + 1, n = 0;
    if (max_ticks < 2)
        max_ticks = 2;
    if (ndec >= 2) {
        /* Every stride-th decade, on multiples of the stride (1, 1e3, 1e6 ...)
         * when that leaves at least two, else counted from the first decade. */
        int stride = (ndec + max_ticks - 1) / max_ticks, cnt = 0, aligned;
        for (int d = d0; d <= d1; d++)
            cnt += (d % stride) == 0;
        aligned = cnt >= 2;
        for (int d = d0; d <= d1 && n < cap; d++)
            if ((aligned ? d : d - d0) % stride == 0)
                out[n++] = tick_value(1, 1, d);
        return n;
    }
    /* Less than two decades: 1-2-5 mantissas if they give 2..max ticks. */
    for (int d = d0 - 1; d <= d1; d++)
        for (int j = 0; j < 3; j++) {
            double v = tick_value(mant[j], 1, d);
            if (v >= lo * (1 - TICK_SLACK) && v <= hi * (1 + TICK_SLACK) && n < cap)
                out[n++] = v;
        }
    if (n >= 2 && n <= max_ticks)
        return n;
    return linear_ticks(lo, hi, max_ticks, out, cap);
}

int plot_axis_ticks(double lo, double hi, int max_ticks, int log_scale, double *out, int cap)
{
    if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || cap <= 0)
        return 0;
    if (log_scale) {
        if (!(lo > 0))
            return 0;
        return log_ticks(lo, hi, max_ticks, out, cap);
    }
    return linear_ticks(lo, hi, max_ticks, out, cap);
}

size_t plot_minmax(const double *v, size_t n, int positive_only, double *lo, double *hi)
{
    size_t used = 0;
    *lo = *hi = NAN;
    for (size_t i = 0; i < n; i++) {
        double x = v[i];
        if (!isfinite(x) || (positive_only && !(x > 0)))
            continue;
        if (used == 0 || x < *lo)
            *lo = x;
        if (used == 0 || x > *hi)
            *hi = x;
        used++;
    }
    return used;
}

/* Fraction of the range the data must fill before the range shrinks to them
 * (doc/design.md section 5: rescale below ~30 %), and the headroom added. */
#define RANGE_MIN_FILL 0.3
#define RANGE_HEADROOM 0.05

void plot_range_soft(plot_range *r, double dmin, double dmax, double min_span, int log_scale)
{
    double a, b, lo, hi, span;
    int nonneg = dmin >= 0;
    if (!isfinite(dmin) || !isfinite(dmax) || dmax < dmin || (log_scale && !(dmin > 0))) {
        if (!r->valid) {
            r->lo = log_scale ? 1.0 : 0.0;
            r->hi = log_scale ? 10.0 : 1.0;
            r->valid = 1;
        }
        return;
    }
    a = log_scale ? log10(dmin) : dmin;
    b = log_scale ? log10(dmax) : dmax;
    if (r->valid) {
        lo = log_scale ? log10(r->lo) : r->lo;
        hi = log_scale ? log10(r->hi) : r->hi;
        if (a >= lo && b <= hi && (b - a) >= RANGE_MIN_FILL * (hi - lo))
            return;
    }
    span = b - a;
    lo = a - RANGE_HEADROOM * span;
    hi = b + RANGE_HEADROOM * span;
    if (!(min_span > 0))
        min_span = 0;
    if (hi - lo < min_span) {
        double mid = 0.5 * (a + b);
        lo = mid - 0.5 * min_span;
        hi = mid + 0.5 * min_span;
    }
    if (!log_scale && nonneg && lo < 0) { /* start at the baseline */
        lo = 0;
        if (hi < min_span)
            hi = min_span;
    }
    if (hi <= lo) /* min_span 0 and constant data */
        hi = lo + (lo != 0 ? fabs(lo) * 1e-3 : 1.0);
    r->lo = log_scale ? pow(10.0, lo) : lo;
    r->hi = log_scale ? pow(10.0, hi) : hi;
    r->valid = 1;
}
