#!/bin/sh
# regen-plot.sh - regenerate the plot goldens tests/plot/*.txt.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/regen-plot.sh [BUILDDIR]   (BUILDDIR defaults to the current directory)
# Builds tests/unit/test_plot in BUILDDIR, writes every golden rendering into
# the source tree and prints them: review each one by eye before committing.
# A golden added to test_plot.c must also be listed in Makefile.am (EXTRA_DIST).
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-.}
make -C "$builddir" tests/unit/test_plot >/dev/null
"$builddir/tests/unit/test_plot" --write "$srcdir/tests/plot"
"$builddir/tests/unit/test_plot" --print
echo "# wrote $(ls "$srcdir"/tests/plot/*.txt | wc -l) files to $srcdir/tests/plot" >&2
