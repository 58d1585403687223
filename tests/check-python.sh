#!/bin/sh
# check-python.sh - runs tests/python/test_cevnsx.py with the system python3
# against the library just built (TAP); skipped with a message without python3.
# SPDX-License-Identifier: GPL-3.0-or-later
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=.}"
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..0 # SKIP no python3"
    exit 0
fi
lib=$top_builddir/.libs/libcevnsx.so
[ -f "$lib" ] || { echo "1..0 # SKIP no shared library ($lib)"; exit 0; }
CEVNSX_LIBRARY=$(cd "$(dirname "$lib")" && pwd)/libcevnsx.so
PYTHONPATH=$top_srcdir/python${PYTHONPATH:+:$PYTHONPATH}
export CEVNSX_LIBRARY PYTHONPATH
exec python3 "$top_srcdir/tests/python/test_cevnsx.py"
