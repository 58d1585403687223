# numdiff.awk - compares a program's output with a golden file: text exactly,
# numbers within a tolerance. Usage: awk -v rel=1e-3 -f numdiff.awk EXPECTED ACTUAL
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A number in EXPECTED matches a number in ACTUAL when they differ by at most
# rel * |expected| plus half a unit in the last decimal place written in
# EXPECTED (the golden numbers are rounded values, e.g. doc/physics.md section 8
# gives 1.641 for a bin). A line of EXPECTED that is exactly "@SKIP@" matches
# any one line. Prints the differing lines as TAP diagnostics; exit status 1
# when anything differs.

function next_token(s,    p) {
    # Sets TOK and TYPE ("num" or "text") for the start of s; returns its length.
    if (match(s, /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?/)) {
        TOK = substr(s, 1, RLENGTH); TYPE = "num"; return RLENGTH
    }
    p = match(s, /[-+.0-9]/)
    if (p == 1) { TOK = substr(s, 1, 1); TYPE = "text"; return 1 }
    TOK = p ? substr(s, 1, p - 1) : s; TYPE = "text"; return length(TOK)
}

function tolerance(e,    t, m, dec) {
    t = rel * (e < 0 ? -e : e)
    if (e ~ /[eE]/) return t
    if (match(e, /\.[0-9]*/)) {
        dec = RLENGTH - 1
        t += 0.5 * 10 ^ (-dec) * 1.0001
    }
    return t
}

function line_matches(a, b,    la, lb, ta, tb, ya, yb, d) {
    if (a == "@SKIP@") return 1
    while (length(a) > 0 || length(b) > 0) {
        if (length(a) == 0 || length(b) == 0) return 0
        la = next_token(a); ta = TOK; ya = TYPE
        lb = next_token(b); tb = TOK; yb = TYPE
        if (ya != yb) return 0
        if (ya == "text") {
            if (ta != tb) return 0
        } else {
            d = (ta + 0) - (tb + 0); if (d < 0) d = -d
            if (d > tolerance(ta)) return 0
        }
        a = substr(a, la + 1); b = substr(b, lb + 1)
    }
    return 1
}

BEGIN { if (rel == "") rel = 1e-3 }
FNR == NR { exp_line[++ne] = $0; next }
{ act_line[++na] = $0 }
END {
    bad = 0
    n = ne > na ? ne : na
    for (i = 1; i <= n; i++) {
        if (i > ne || i > na || !line_matches(exp_line[i], act_line[i])) {
            printf "# line %d differs\n#   want: %s\n#   got:  %s\n", i,
                (i <= ne ? exp_line[i] : "(nothing)"), (i <= na ? act_line[i] : "(nothing)")
            if (++bad >= 10) break
        }
    }
    exit bad > 0
}
