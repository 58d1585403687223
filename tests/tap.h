/* tap.h - a tiny TAP producer for the unit tests (one line per check).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TAP_H
#define CEVNSX_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static int tap_n_ = 0, tap_failed_ = 0;

static void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));
static void tap_diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("# ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

/* Records one check; returns cond. */
static int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int tap_ok(int cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_n_++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_n_);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!cond)
        tap_failed_++;
    fflush(stdout);
    return cond;
}

/* |got - want| <= tol * |want| */
static int tap_rel(double got, double want, double tol, const char *what) __attribute__((unused));
static int tap_rel(double got, double want, double tol, const char *what)
{
    double d = fabs(got - want), s = fabs(want);
    int ok = isfinite(got) && d <= tol * s;
    tap_ok(ok, "%s: got %.10g, want %.10g (rel %.2e, tol %.1e)", what, got, want, s > 0 ? d / s : d,
           tol);
    return ok;
}

/* |got - want| <= tol */
static int tap_abs(double got, double want, double tol, const char *what) __attribute__((unused));
static int tap_abs(double got, double want, double tol, const char *what)
{
    double d = fabs(got - want);
    int ok = isfinite(got) && d <= tol;
    tap_ok(ok, "%s: got %.10g, want %.10g (diff %.2e, tol %.1e)", what, got, want, d, tol);
    return ok;
}

/* Prints the plan and returns the exit status. */
static int tap_done(void) __attribute__((unused));
static int tap_done(void)
{
    printf("1..%d\n", tap_n_);
    return tap_failed_ ? 1 : 0;
}

#endif
