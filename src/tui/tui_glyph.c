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
    .ellipsis = "\u2026",
    .current = "\u25cf",
    .point = "\u25cf",
    .errbar = "\u2502",
    .refline = "\u2501",
    .hdash = "\u2504",
    .cursor = "\u2502",
    .best = "\u25c6",
    .here = "\u25c9",
    .region = "\u2592",
    .bars = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
    .up = "\u2191",
    .down = "\u2193",
    .left = "\u2190",
    .right = "\u2192",
    .enter = "\u23ce",
    .shift = "\u21e7",
    .sub_x = 2,
    .sub_y = 4,
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
    .ellipsis = "\u2026",
    .current = "*",
    .point = "\u25a0",
    .errbar = "\u2502",
    .refline = "\u2501",
    .hdash = "\u2504",
    .cursor = "\u2502",
    .best = "+",
    .here = "\u25a0",
    .region = "\u2592",
    .bars = {" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588"},
    .up = "\u2191",
    .down = "\u2193",
    .left = "\u2190",
    .right = "\u2192",
    .enter = "Enter",
    .shift = "Shift-",
    .sub_x = 2,
    .sub_y = 2,
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
    .ellipsis = "~",
    .current = "*",
    .point = "o",
    .errbar = "|",
    .refline = "=",
    .hdash = "-",
    .cursor = "|",
    .best = "+",
    .here = "X",
    .region = ":",
    .bars = {" ", "_", "_", "_", ":", ":", "#", "#", "#"},
    .up = "Up",
    .down = "Dn",
    .left = "Left",
    .right = "Right",
    .enter = "Enter",
    .shift = "Shift-",
    .sub_x = 1,
    .sub_y = 1,
};

const tui_glyphs *tui_glyph_table(int tier)
{
    return tier == 0 ? &braille : tier == 1 ? &block : &ascii;
}

/* Quadrant glyphs by mask (UL=1, UR=2, LL=4, LR=8). */
static const char *const quadrants[16] = {
    " ",      "\u2598", "\u259d", "\u2580", "\u2596", "\u258c", "\u259e", "\u259b",
    "\u2597", "\u259a", "\u2590", "\u259c", "\u2584", "\u2599", "\u259f", "\u2588",
};

const char *tui_glyph_dots(int tier, unsigned mask, char *buf)
{
    if (tier == 0) {
        /* Our mask: bit (y * 2 + x). Braille: (0,0)=0x01 (0,1)=0x02 (0,2)=0x04
         * (1,0)=0x08 (1,1)=0x10 (1,2)=0x20 (0,3)=0x40 (1,3)=0x80 as (col,row). */
        static const unsigned char bit[4][2] = {
            {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
        unsigned cp = 0x2800;
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 2; x++)
                if (mask & (1u << (y * 2 + x)))
                    cp |= bit[y][x];
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        buf[3] = '\0';
        return buf;
    }
    if (tier == 1) {
        const char *q = quadrants[mask & 15];
        int i = 0;
        while (q[i] && i < 7) {
            buf[i] = q[i];
            i++;
        }
        buf[i] = '\0';
        return buf;
    }
    buf[0] = mask ? '*' : ' ';
    buf[1] = '\0';
    return buf;
}
