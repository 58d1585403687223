/* plot_glyph.c - glyph tiers: detection, dot/bar tables, UTF-8 text cells.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All non-ASCII glyphs are written as code points and encoded here, so no
 * source file of the plot library holds a literal non-ASCII character. */
#include "config.h"

#include "plot/plot.h"

#include <ctype.h>
#include <string.h>

#include "plot/plot_internal.h"

/* ---------------------------------------------------------------- tiers ---- */

static int str_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

plot_tier plot_tier_detect(const char *codeset, int mb_cur_max, const char *term, int force_ascii)
{
    if (force_ascii)
        return PLOT_TIER_ASCII;
    if (term && strcmp(term, "dumb") == 0)
        return PLOT_TIER_ASCII;
    /* glibc says "UTF-8"; some systems spell it "utf8". */
    if (!codeset || !(str_ieq(codeset, "UTF-8") || str_ieq(codeset, "utf8")) || mb_cur_max <= 1)
        return PLOT_TIER_ASCII;
    /* The Linux console (TERM=linux, also linux-16color etc.) has 512-glyph
     * fonts with block elements but no braille. */
    if (term && strncmp(term, "linux", 5) == 0)
        return PLOT_TIER_BLOCK;
    return PLOT_TIER_BRAILLE;
}

int plot_tier_parse(const char *name, plot_tier *tier)
{
    if (!name)
        return -1;
    if (str_ieq(name, "braille"))
        *tier = PLOT_TIER_BRAILLE;
    else if (str_ieq(name, "block"))
        *tier = PLOT_TIER_BLOCK;
    else if (str_ieq(name, "ascii"))
        *tier = PLOT_TIER_ASCII;
    else
        return -1;
    return 0;
}

const char *plot_tier_name(plot_tier tier)
{
    switch (tier) {
    case PLOT_TIER_BRAILLE: return "braille";
    case PLOT_TIER_BLOCK: return "block";
    case PLOT_TIER_ASCII: return "ascii";
    }
    return "?";
}

void plot_glyph_tier_sub(plot_tier tier, int *sc, int *sr)
{
    switch (tier) {
    case PLOT_TIER_BRAILLE: *sc = 2, *sr = 4; break;
    case PLOT_TIER_BLOCK: *sc = 2, *sr = 2; break;
    default: *sc = 1, *sr = 3; break;
    }
}

/* ------------------------------------------------------------------ UTF-8 -- */

int plot_glyph_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = 0;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        out[3] = 0;
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    out[4] = 0;
    return 4;
}

/* Decodes one code point at *s and advances; malformed bytes give U+FFFD. */
static unsigned utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    unsigned cp;
    int n, i;
    if (p[0] < 0x80) {
        *s += 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0)
        n = 1, cp = p[0] & 0x1Fu;
    else if ((p[0] & 0xF0) == 0xE0)
        n = 2, cp = p[0] & 0x0Fu;
    else if ((p[0] & 0xF8) == 0xF0)
        n = 3, cp = p[0] & 0x07u;
    else {
        *s += 1;
        return 0xFFFD;
    }
    for (i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    *s += n + 1;
    return cp;
}

/* ASCII spellings of the non-ASCII characters our titles and labels use. */
static const struct {
    unsigned cp;
    const char *ascii;
} translit[] = {
    {0x00A0, " "},   {0x00B1, "+-"},  {0x00B2, "2"},   {0x00B3, "3"},   {0x00B5, "u"},
    {0x00B7, "*"},   {0x00B9, "1"},   {0x00B0, "deg"}, {0x00D7, "x"},   {0x0394, "D"},
    {0x03A3, "S"},   {0x03A9, "Om"},  {0x03B1, "a"},   {0x03B2, "b"},   {0x03B3, "g"},
    {0x03B4, "d"},   {0x03B5, "eps"}, {0x03B8, "th"},  {0x03BB, "l"},   {0x03BC, "mu"},
    {0x03BD, "nu"},  {0x03C0, "pi"},  {0x03C1, "rho"}, {0x03C3, "sig"}, {0x03C4, "tau"},
    {0x03C6, "phi"}, {0x03C7, "chi"}, {0x03C8, "psi"}, {0x03C9, "w"},   {0x2013, "-"},
    {0x2014, "-"},   {0x2019, "'"},   {0x2026, "..."}, {0x2032, "'"},   {0x2070, "0"},
    {0x2074, "4"},   {0x2075, "5"},   {0x2076, "6"},   {0x2077, "7"},   {0x2078, "8"},
    {0x2079, "9"},   {0x207A, "+"},   {0x207B, "-"},   {0x2080, "0"},   {0x2081, "1"},
    {0x2082, "2"},   {0x2083, "3"},   {0x2084, "4"},   {0x2192, "->"},  {0x2212, "-"},
    {0x2248, "~"},   {0x2264, "<="},  {0x2265, ">="},  {0x25C6, "*"},   {0x25CF, "o"},
    {0x2666, "*"},   {0x2022, "o"},
};

int plot_glyph_text_cells(plot_tier tier, const char *s, char (*cells)[8], int max)
{
    int n = 0;
    while (*s && n < max) {
        unsigned cp = utf8_next(&s);
        if (cp < 0x20 || cp == 0x7F)
            cp = ' '; /* control characters would break the cell grid */
        if (tier != PLOT_TIER_ASCII || cp < 0x80) {
            plot_glyph_utf8(cp, cells[n++]);
            continue;
        }
        const char *a = "?";
        for (size_t i = 0; i < sizeof translit / sizeof translit[0]; i++)
            if (translit[i].cp == cp) {
                a = translit[i].ascii;
                break;
            }
        for (; *a && n < max; a++) {
            cells[n][0] = *a;
            cells[n][1] = 0;
            n++;
        }
    }
    return n;
}

/* ----------------------------------------------------------- dot tables ---- */

/* Braille bit of sub-pixel (col, row), doc/design.md section 5 (Unicode braille
 * patterns: dots 1-2-3 down the left column, 4-5-6 down the right, 7 and 8
 * below). */
static const unsigned char braille_bits[4][2] = {
    {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

void plot_glyph_dot_bit(plot_tier tier, int col, int row, unsigned char *bit)
{
    switch (tier) {
    case PLOT_TIER_BRAILLE: *bit = braille_bits[row & 3][col & 1]; break;
    case PLOT_TIER_BLOCK: /* UL=1, UR=2, LL=4, LR=8 */
        *bit = (unsigned char)(1u << ((row & 1) * 2 + (col & 1)));
        break;
    default: /* ASCII: top=1, middle=2, bottom=4 */
        *bit = (unsigned char)(1u << (row < 0 ? 0 : row > 2 ? 2 : row));
        break;
    }
}

/* Quadrant glyphs for masks 1..15 (UL=1, UR=2, LL=4, LR=8). */
static const unsigned short quadrant_cp[16] = {0x0020, 0x2598, 0x259D, 0x2580, 0x2596, 0x258C,
                                               0x259E, 0x259B, 0x2597, 0x259A, 0x2590, 0x259C,
                                               0x2584, 0x2599, 0x259F, 0x2588};

/* ASCII for row masks (top=1, middle=2, bottom=4). */
static const char ascii_dots[8] = {' ', '\'', '-', '|', '_', ':', '|', '|'};

/* ASCII bars in thirds of a cell. */
static const char ascii_bars[4] = {' ', '_', '=', '#'};

void plot_glyph_encode(plot_tier tier, plot_cell *cell)
{
    switch (cell->kind) {
    case PLOT_K_EMPTY: strcpy(cell->glyph, " "); break;
    case PLOT_K_DOT:
        if (tier == PLOT_TIER_BRAILLE)
            plot_glyph_utf8(0x2800u + cell->mask, cell->glyph);
        else if (tier == PLOT_TIER_BLOCK)
            plot_glyph_utf8(quadrant_cp[cell->mask & 15], cell->glyph);
        else {
            unsigned m = cell->mask & 7u;
            /* Two or three neighbouring rows drawn by one slanted span read
             * better as a slash than as a bar. */
            if (cell->slope && (m == 3 || m == 6 || m == 7))
                cell->glyph[0] = cell->slope == PLOT_SLOPE_UP ? '/' : '\\';
            else
                cell->glyph[0] = ascii_dots[m];
            cell->glyph[1] = 0;
        }
        break;
    case PLOT_K_BAR:
        if (cell->level == 0) {
            strcpy(cell->glyph, " ");
        } else if (tier == PLOT_TIER_ASCII) {
            cell->glyph[0] = ascii_bars[cell->level > 3 ? 3 : cell->level];
            cell->glyph[1] = 0;
        } else { /* U+2581 lower one eighth block .. U+2588 full block */
            plot_glyph_utf8(0x2580u + (cell->level > 8 ? 8u : cell->level), cell->glyph);
        }
        break;
    case PLOT_K_FILL: strcpy(cell->glyph, plot_glyph_fill(tier)); break;
    default: /* PLOT_K_TEXT keeps its glyph */ break;
    }
}

/* ------------------------------------------------------- single glyphs ---- */

/* UTF-8 spellings, written as escapes to keep the sources ASCII. */
#define G_BLACK_CIRCLE "\xE2\x97\x8F" /* U+25CF */
#define G_BULLET "\xE2\x80\xA2"       /* U+2022 (in CP437 console fonts) */
#define G_DIAMOND "\xE2\x97\x86"      /* U+25C6 */
#define G_SUIT_DIAMOND "\xE2\x99\xA6" /* U+2666 (in CP437 console fonts) */
#define G_ELLIPSIS "\xE2\x80\xA6"     /* U+2026 */
#define G_LIGHT_SHADE "\xE2\x96\x91"  /* U+2591 */
#define G_BRAILLE_FILL "\xE2\xA0\xA1" /* U+2821: dots (0,0) and (1,2), a sparse shade */

const char *plot_glyph_point(plot_tier tier)
{
    return tier == PLOT_TIER_BRAILLE ? G_BLACK_CIRCLE : tier == PLOT_TIER_BLOCK ? G_BULLET : "o";
}

const char *plot_glyph_marker(plot_tier tier)
{
    return tier == PLOT_TIER_BRAILLE ? G_DIAMOND : tier == PLOT_TIER_BLOCK ? G_SUIT_DIAMOND : "*";
}

const char *plot_glyph_ellipsis(plot_tier tier)
{
    return tier == PLOT_TIER_ASCII ? "~" : G_ELLIPSIS;
}

const char *plot_glyph_fill(plot_tier tier)
{
    return tier == PLOT_TIER_BRAILLE ? G_BRAILLE_FILL
           : tier == PLOT_TIER_BLOCK ? G_LIGHT_SHADE
                                     : ".";
}

const char *plot_glyph_box(plot_tier tier, int piece)
{
    static const char *const utf8[5] = {
        "\xE2\x94\x82", /* U+2502 light vertical */
        "\xE2\x94\x80", /* U+2500 light horizontal */
        "\xE2\x94\x94", /* U+2514 up and right */
        "\xE2\x94\xA4", /* U+2524 vertical and left */
        "\xE2\x94\xAC", /* U+252C down and horizontal */
    };
    static const char *const ascii[5] = {"|", "-", "+", "+", "+"};
    if (piece < 0 || piece > 4)
        return " ";
    return tier == PLOT_TIER_ASCII ? ascii[piece] : utf8[piece];
}
