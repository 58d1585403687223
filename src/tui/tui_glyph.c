/* tui_glyph.c - glyph tables (UTF-8 as escapes, and plain ASCII).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tui/tui_glyph.h"

static const tui_glyphs braille = {
    .hline = "\u2500",
    .vline = "\u2502",
    .track = "\u2500",
    .knob = "\u25cf",
    .track_l = "\u251c",
    .track_r = "\u2524",
    .over_l = "\u25c0",
    .over_r = "\u25b6",
    .current = "\u25cf",
    .point = "\u25cf",
    .hdash = "\u2504",
    .bars = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
    .up = "\u2191",
    .down = "\u2193",
    .left = "\u2190",
    .right = "\u2192",
    .shift = "\u21e7",
};

static const tui_glyphs block = {
    .hline = "\u2500",
    .vline = "\u2502",
    .track = "\u2500",
    .knob = "\u25cf",
    .track_l = "\u251c",
    .track_r = "\u2524",
    .over_l = "<",
    .over_r = ">",
    .current = "*",
    .point = "\u25a0",
    .hdash = "\u2504",
    .bars = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
    .up = "\u2191",
    .down = "\u2193",
    .left = "\u2190",
    .right = "\u2192",
    .shift = "Shift-",
};

static const tui_glyphs ascii = {
    .hline = "-",
    .vline = "|",
    .track = "-",
    .knob = "O",
    .track_l = "[",
    .track_r = "]",
    .over_l = "<",
    .over_r = ">",
    .current = "*",
    .point = "o",
    .hdash = "-",
    .bars = {" ", "_", "_", "_", ":", ":", "#", "#", "#"},
    .up = "Up",
    .down = "Dn",
    .left = "Left",
    .right = "Right",
    .shift = "Shift-",
};

const tui_glyphs *tui_glyph_table(int tier)
{
    return tier == 0 ? &braille : tier == 1 ? &block : &ascii;
}
