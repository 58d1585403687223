#!/bin/sh
# run.sh - build the libFuzzer targets of tests/fuzz with clang
# (-fsanitize=fuzzer,address,undefined) straight from the sources, outside
# automake, and run each for SECONDS (default 20) on one core, one after the
# other. Crashes are written to $FUZZ_OUT (default: the temporary build
# directory, kept when something failed).
#   usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
#   TARGET: detector cmd state param readline (default: all five)
#   env:   CC (default clang), BUILDDIR (holds config.h; default .),
#          FUZZ_OUT, FUZZ_KEEP=1 keeps the build directory,
#          READLINE_LIBS (default -lreadline; e.g. a libreadline.a compiled
#          with -fsanitize=fuzzer-no-link,address gives the readline target
#          coverage inside readline)
# Exit status: 0 no crash, 1 a target crashed or failed, 77 no usable clang.
# Paths must not contain blanks.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
secs=${1:-20}
[ $# -gt 0 ] && shift
targets=${*:-detector cmd state param readline lines detcut}
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILDDIR=${BUILDDIR:-.}
CC=${CC:-clang}

if [ ! -f "$BUILDDIR/config.h" ]; then
    echo "run.sh: no config.h in $BUILDDIR (set BUILDDIR to a configured build directory)" >&2
    exit 1
fi
BUILDDIR=$(cd "$BUILDDIR" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cevnsx-fuzz-build.XXXXXX") || exit 1
out=${FUZZ_OUT:-$work}
mkdir -p "$out"

probe="$work/probe.c"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$probe"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe" -o "$work/probe" >/dev/null 2>&1; then
    echo "run.sh: $CC cannot build libFuzzer targets (install clang and libclang-rt-dev)" >&2
    rm -rf "$work"
    exit 77
fi

gsl_cflags=$(pkg-config --cflags gsl 2>/dev/null)
gsl_libs=$(pkg-config --libs gsl 2>/dev/null || echo "-lgsl -lgslcblas")
cflags="-g -O1 -std=c11 -D_GNU_SOURCE -fno-omit-frame-pointer
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -I$BUILDDIR -I$top_srcdir/include -I$top_srcdir/src -I$top_srcdir/tests/fuzz $gsl_cflags"
# The harnesses find the data through $CEVNSX_DATADIR (exported below).
# Every harness links the engine, the plot library and the interpreter.
srcs="$top_srcdir/src/engine/*.c $top_srcdir/src/plot/*.c
    $top_srcdir/src/app/app_*.c
    $top_srcdir/src/tui/tui_rl.c"
readline_libs=${READLINE_LIBS:--lreadline}

echo "run.sh: building in $work"
mkdir -p "$work/obj"
for f in $srcs; do
    o="$work/obj/$(basename "$f" .c).o"
    # shellcheck disable=SC2086
    "$CC" $cflags -fsanitize=fuzzer-no-link -c "$f" -o "$o" 2>"$work/cc.log" ||
        { cat "$work/cc.log" >&2; echo "run.sh: cannot compile $f" >&2; exit 1; }
done
# The objects were built with -fsanitize=fuzzer (coverage only at -c).

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:allocator_may_return_null=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export CEVNSX_DATADIR="$top_srcdir/data"
status=0
for t in $targets; do
    h="$top_srcdir/tests/fuzz/fuzz_$t.c"
    [ -f "$h" ] || { echo "run.sh: no target $t" >&2; status=1; continue; }
    # shellcheck disable=SC2086
    "$CC" $cflags "$h" "$work"/obj/*.o $gsl_libs $readline_libs -lm -o "$work/fuzz_$t" ||
        { echo "run.sh: cannot link fuzz_$t" >&2; status=1; continue; }
    corpus="$work/corpus-$t"
    mkdir -p "$corpus"
    dict=
    [ -f "$top_srcdir/tests/fuzz/$t.dict" ] && dict="-dict=$top_srcdir/tests/fuzz/$t.dict"
    # readline keeps some memory for the process (prompt, keymaps, history):
    # the suppressions of the TUI's sanitizer runs, for this target only
    supp=
    [ "$t" = readline ] && supp="suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0"
    echo "run.sh: fuzz_$t for ${secs} s"
    # New inputs go to a scratch corpus; the seeds and regressions are read only.
    # shellcheck disable=SC2086
    LSAN_OPTIONS="$supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" "$work/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -max_len=4096 -print_final_stats=1 -artifact_prefix="$out/crash-$t-" $dict \
        "$corpus" $(for d in corpus regress; do [ -d "$top_srcdir/tests/fuzz/$d/$t" ] && echo "$top_srcdir/tests/fuzz/$d/$t"; done) \
        >"$work/fuzz_$t.log" 2>&1
    rc=$?
    grep -E '^#[0-9]+.*(DONE|INITED)|stat::number_of_executed_units|stat::peak_rss' \
        "$work/fuzz_$t.log" | sed "s/^/fuzz_$t: /"
    if [ $rc -ne 0 ]; then
        echo "run.sh: fuzz_$t FAILED (status $rc), log: $work/fuzz_$t.log" >&2
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$work/fuzz_$t.log" | head -n 10 >&2
        status=1
    fi
done
if [ $status -eq 0 ] && [ -z "${FUZZ_KEEP:-}" ]; then
    rm -rf "$work"
else
    echo "run.sh: kept $work"
fi
exit $status
