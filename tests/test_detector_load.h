/* test_detector_load.h - loads a shipped detector in a unit test, from
 * $CEVNSX_DATADIR (set by make check), else $top_srcdir/data, else ./data.
 * Include after tap.h. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TEST_DETECTOR_LOAD_H
#define CEVNSX_TEST_DETECTOR_LOAD_H

#include <stdio.h>
#include <stdlib.h>

#include "cevnsx/cx_detector.h"

static cx_detector *test_load_detector(const char *id) __attribute__((unused));
static cx_detector *test_load_detector(const char *id)
{
    char path[4096], err[512];
    const char *dd = getenv("CEVNSX_DATADIR"), *top = getenv("top_srcdir");
    int st;
    if (dd && *dd)
        snprintf(path, sizeof path, "%s/detectors/%s.det", dd, id);
    else
        snprintf(path, sizeof path, "%s/data/detectors/%s.det", top && *top ? top : ".", id);
    cx_detector *d = cx_detector_load(path, &st, err, sizeof err);
    /* A set-up step is a check: a missing or broken file fails the test
     * instead of silently skipping every check that needed it. */
    if (!d)
        tap_ok(0, "load %s: %s", path, err);
    return d;
}

#endif
