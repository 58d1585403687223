#!/bin/sh
# check-headers.sh - each public header compiles alone in an otherwise empty
# translation unit, as C11 with warnings (doc/design.md section 2). TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
top=${top_srcdir:-$(dirname "$0")/..}
cc=${CC:-cc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
for h in "$top"/include/cevnsx/*.h; do
    n=$((n + 1))
    name=cevnsx/$(basename "$h")
    printf '#include "%s"\n' "$name" >"$tmp/t.c"
    if out=$($cc -std=c11 -Wall -Wextra -Werror -I"$top/include" -c "$tmp/t.c" -o "$tmp/t.o" 2>&1); then
        echo "ok $n - $name compiles alone"
    else
        echo "not ok $n - $name compiles alone"
        echo "$out" | sed 's/^/# /'
        fail=1
    fi
done
echo "1..$n"
exit $fail
