/* tui_glyph.h - glyph tables, one per tier, chosen once at start-up. Drawing
 * code takes every non-ASCII character from here; plot glyphs come from
 * src/plot.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CEVNSX_TUI_GLYPH_H
#define CEVNSX_TUI_GLYPH_H

typedef struct {
    const char *hline, *vline;     /* separators */
    const char *track, *knob;      /* slider track and knob */
    const char *track_l, *track_r; /* slider ends */
    const char *over_l, *over_r;   /* value outside the track range */
    const char *current;           /* marks the current detector */
    const char *point;             /* a data point */
    const char *hdash;             /* dotted line (legend of the reference series) */
    const char *bars[9];           /* eighth blocks 0/8 .. 8/8 */
    const char *up, *down, *left, *right, *shift;
} tui_glyphs;

/* Glyphs for plot tier 0 (braille), 1 (block) or 2 (ASCII). */
const tui_glyphs *tui_glyph_table(int tier);

#endif
