/* tui_glyph.h - glyph tables, one per tier, chosen once at start-up. Drawing
 * code takes every non-ASCII character from here.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_GLYPH_H
#define CEVNSX_TUI_GLYPH_H

typedef struct {
    const char *hline, *vline;     /* separators */
    const char *track, *knob;      /* slider track and knob */
    const char *track_l, *track_r; /* slider ends */
    const char *over_l, *over_r;   /* value outside the track range */
    const char *ellipsis;          /* cut text */
    const char *current;           /* marks the current detector */
    const char *point;             /* a data point */
    const char *errbar;            /* error bar */
    const char *refline;           /* reference level inside a bar */
    const char *hdash;             /* dotted horizontal reference line */
    const char *cursor;            /* vertical cursor */
    const char *best;              /* best-fit marker */
    const char *here;              /* current point in a contour */
    const char *region;            /* inside a confidence region */
    const char *bars[9];           /* eighth blocks 0/8 .. 8/8 */
    const char *up, *down, *left, *right, *enter, *shift;
    int sub_x, sub_y; /* sub-cells per cell for curves */
} tui_glyphs;

/* Glyphs for plot tier 0 (braille), 1 (block) or 2 (ASCII). */
const tui_glyphs *tui_glyph_table(int tier);

/* Encodes a sub-cell mask (bit y * sub_x + x, row 0 at the top) of a tier
 * into a glyph string written to buf (at least 8 bytes); returns buf. */
const char *tui_glyph_dots(int tier, unsigned mask, char *buf);

#endif
