/* plot_canvas.c - the cell grid: allocation, cell writes with priority, text.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "plot/plot.h"

#include <stdlib.h>
#include <string.h>

#include "plot/plot_internal.h"

static int alloc_buffers(plot_canvas *c, int w, int h)
{
    size_t ncell = (size_t)w * (size_t)h;
    plot_cell *cells = calloc(ncell, sizeof *cells);
    /* 8 = the largest sub-pixel count per cell (braille), so a tier change
     * never needs a new scratch buffer. */
    unsigned char *scratch = malloc(ncell * 8);
    if (!cells || !scratch) {
        free(cells);
        free(scratch);
        return -1;
    }
    free(c->cells);
    free(c->scratch);
    c->cells = cells;
    c->scratch = scratch;
    c->w = w;
    c->h = h;
    return 0;
}

plot_canvas *plot_canvas_alloc(int w, int h, plot_tier tier)
{
    plot_canvas *c;
    if (w < 1 || h < 1 || w > 4096 || h > 4096)
        return NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (alloc_buffers(c, w, h) != 0) {
        free(c);
        return NULL;
    }
    plot_canvas_set_tier(c, tier);
    return c;
}

void plot_canvas_free(plot_canvas *c)
{
    if (!c)
        return;
    free(c->cells);
    free(c->scratch);
    free(c);
}

int plot_canvas_resize(plot_canvas *c, int w, int h)
{
    if (!c || w < 1 || h < 1 || w > 4096 || h > 4096)
        return -1;
    if (w != c->w || h != c->h) {
        if (alloc_buffers(c, w, h) != 0)
            return -1;
    }
    plot_canvas_clear(c);
    return 0;
}

void plot_canvas_set_tier(plot_canvas *c, plot_tier tier)
{
    if (tier != PLOT_TIER_BRAILLE && tier != PLOT_TIER_BLOCK)
        tier = PLOT_TIER_ASCII;
    c->tier = tier;
    plot_glyph_tier_sub(tier, &c->sc, &c->sr);
    plot_canvas_clear(c);
}

void plot_canvas_clear(plot_canvas *c)
{
    size_t n = (size_t)c->w * (size_t)c->h;
    for (size_t i = 0; i < n; i++) {
        plot_cell *cell = &c->cells[i];
        cell->glyph[0] = ' ';
        cell->glyph[1] = 0;
        cell->el = PLOT_EL_NONE;
        cell->kind = PLOT_K_EMPTY;
        cell->mask = 0;
        cell->level = 0;
        cell->slope = 0;
    }
    memset(&c->ch, 0, sizeof c->ch);
}

int plot_canvas_width(const plot_canvas *c)
{
    return c->w;
}

int plot_canvas_height(const plot_canvas *c)
{
    return c->h;
}

plot_tier plot_canvas_tier(const plot_canvas *c)
{
    return c->tier;
}

int plot_canvas_subcols(const plot_canvas *c)
{
    return c->sc;
}

int plot_canvas_subrows(const plot_canvas *c)
{
    return c->sr;
}

static plot_cell *cell_at(const plot_canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return NULL;
    return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

const char *plot_canvas_glyph(const plot_canvas *c, int x, int y)
{
    const plot_cell *cell = cell_at(c, x, y);
    return cell ? cell->glyph : "";
}

int plot_canvas_element(const plot_canvas *c, int x, int y)
{
    const plot_cell *cell = cell_at(c, x, y);
    return cell ? cell->el : PLOT_EL_NONE;
}

size_t plot_canvas_to_text(const plot_canvas *c, char *buf, size_t len)
{
    size_t need = 0;
    for (int y = 0; y < c->h; y++) {
        for (int x = 0; x <= c->w; x++) {
            const char *g = x < c->w ? c->cells[(size_t)y * (size_t)c->w + (size_t)x].glyph : "\n";
            if (!*g)
                g = " ";
            for (; *g; g++, need++)
                if (need + 1 < len)
                    buf[need] = *g;
        }
    }
    if (len > 0)
        buf[need < len ? need : len - 1] = 0;
    return need;
}

/* ------------------------------------------------------------ cell writes -- */

void plot_canvas_put_text_cell(plot_canvas *c, int x, int y, const char *glyph, int el)
{
    plot_cell *cell = cell_at(c, x, y);
    if (!cell)
        return;
    strncpy(cell->glyph, glyph, 4);
    cell->glyph[4] = 0;
    cell->el = el;
    cell->kind = PLOT_K_TEXT;
    cell->mask = 0;
    cell->level = 0;
    cell->slope = 0;
}

/* Overlay glyphs (points, markers, line labels) obey the priority rule. */
void plot_canvas_put_overlay(plot_canvas *c, int x, int y, const char *glyph, int el)
{
    plot_cell *cell = cell_at(c, x, y);
    if (!cell)
        return;
    if (cell->kind == PLOT_K_EMPTY || cell->kind == PLOT_K_FILL || el >= cell->el)
        plot_canvas_put_text_cell(c, x, y, glyph, el);
}

void plot_canvas_put_bar(plot_canvas *c, int x, int y, int level, int el)
{
    plot_cell *cell = cell_at(c, x, y);
    if (!cell || level <= 0)
        return;
    if (cell->kind == PLOT_K_EMPTY || cell->kind == PLOT_K_FILL || el > cell->el) {
        cell->kind = PLOT_K_BAR;
        cell->el = el;
        cell->level = (unsigned char)level;
    } else if (el == cell->el && cell->kind == PLOT_K_BAR) {
        if (level > cell->level)
            cell->level = (unsigned char)level;
    } else {
        return;
    }
    plot_glyph_encode(c->tier, cell);
}

void plot_canvas_put_fill(plot_canvas *c, int x, int y, int el)
{
    plot_cell *cell = cell_at(c, x, y);
    if (!cell)
        return;
    if (cell->kind == PLOT_K_EMPTY || (cell->kind == PLOT_K_FILL && el > cell->el)) {
        cell->kind = PLOT_K_FILL;
        cell->el = el;
        plot_glyph_encode(c->tier, cell);
    }
}

void plot_canvas_dot_slope(plot_canvas *c, int sx, int sy, int el, int slope)
{
    unsigned char bit;
    plot_cell *cell;
    if (sx < 0 || sy < 0)
        return;
    cell = cell_at(c, sx / c->sc, sy / c->sr);
    if (!cell)
        return;
    plot_glyph_dot_bit(c->tier, sx % c->sc, sy % c->sr, &bit);
    if (cell->kind == PLOT_K_DOT && (el == cell->el || c->tier == PLOT_TIER_BRAILLE)) {
        /* Same element: add the dot. Braille cells also merge the dots of
         * different elements (a dot is small enough not to blur a curve) and
         * take the higher element; the coarse block and ASCII glyphs would
         * turn into noise, so there the higher element replaces the cell. */
        cell->mask |= bit;
        if (el > cell->el) {
            cell->el = el;
            cell->slope = 0;
        }
    } else if (cell->kind == PLOT_K_BAR && cell->level >= (c->tier == PLOT_TIER_ASCII ? 3 : 8)) {
        return; /* a full bar cell: anything drawn over it would punch a hole */
    } else if (cell->kind == PLOT_K_EMPTY || cell->kind == PLOT_K_FILL || el > cell->el) {
        cell->kind = PLOT_K_DOT;
        cell->el = el;
        cell->mask = bit;
        cell->slope = 0;
    } else {
        return; /* a higher-priority element, or text, owns the cell */
    }
    if (el == cell->el && slope)
        cell->slope = (unsigned char)slope;
    plot_glyph_encode(c->tier, cell);
}

void plot_canvas_dot(plot_canvas *c, int sx, int sy, int el)
{
    plot_canvas_dot_slope(c, sx, sy, el, PLOT_SLOPE_NONE);
}

int plot_canvas_text(plot_canvas *c, int x, int y, const char *utf8, int maxw, int el)
{
    char cells[PLOT_TEXT_MAX][8];
    int n, i, avail;
    if (!utf8 || y < 0 || y >= c->h || x >= c->w)
        return 0;
    avail = c->w - (x < 0 ? 0 : x);
    if (maxw >= 0 && maxw < avail)
        avail = maxw;
    if (avail <= 0)
        return 0;
    n = plot_glyph_text_cells(c->tier, utf8, cells, PLOT_TEXT_MAX);
    if (n > avail) {
        n = avail;
        strcpy(cells[n - 1], plot_glyph_ellipsis(c->tier));
    }
    for (i = 0; i < n; i++)
        plot_canvas_put_text_cell(c, x + i, y, cells[i], el);
    return n;
}
