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
# A sanitizer build's library needs its runtime loaded first: preload it
# into python3 (whose own allocations are not checked for leaks).
if command -v ldd >/dev/null 2>&1 && ldd "$lib" 2>/dev/null | grep -q libasan; then
    cc=${CC:-cc}
    asan=$($cc -print-file-name=libasan.so 2>/dev/null)
    ubsan=$($cc -print-file-name=libubsan.so 2>/dev/null)
    [ -f "$asan" ] || { echo "1..0 # SKIP sanitizer build: no ASan runtime to preload"; exit 0; }
    LD_PRELOAD="$asan${ubsan:+ $ubsan}"
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    export LD_PRELOAD ASAN_OPTIONS
fi
PYTHONPATH=$top_srcdir/python${PYTHONPATH:+:$PYTHONPATH}
export CEVNSX_LIBRARY PYTHONPATH
exec python3 "$top_srcdir/tests/python/test_cevnsx.py"
