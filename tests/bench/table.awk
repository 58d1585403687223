# table.awk - formats the rows of the benchmark programs into one table.
# Input rows: "@<TAB>group<TAB>case<TAB>value<TAB>unit<TAB>target<TAB>note";
# a target ">=X" is a lower bound, "-" none, otherwise an upper bound.
# SPDX-License-Identifier: GPL-3.0-or-later
BEGIN { FS = "\t"; n = 0 }
$1 == "@" { n++; g[n] = $2; c[n] = $3; v[n] = $4; u[n] = $5; t[n] = $6; note[n] = $7; next }
{ other[++no] = $0 }
END {
    printf "%-11s %-68s %12s %-3s %10s  %s\n", "group", "case", "median", "", "target", ""
    for (i = 1; i <= n; i++) {
        verdict = ""
        if (t[i] ~ /^>=/) { lim = substr(t[i], 3) + 0; verdict = (v[i] + 0 >= lim) ? "ok" : "BELOW" }
        else if (t[i] != "-" && t[i] != "") verdict = (v[i] + 0 <= t[i] + 0) ? "ok" : "OVER"
        printf "%-11s %-68s %12s %-3s %10s  %s\n", g[i], c[i], v[i], u[i], t[i], verdict
    }
    for (i = 1; i <= no; i++) if (other[i] != "") print "# " other[i]
}
