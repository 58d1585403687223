/* tui_panel.c - drawing helpers shared by the panels: clipped text, panel
 * titles, header, status and info lines, pop-ups, messages.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/app_util.h"
#include "tui/tui_ctx.h"
#include "tui/tui_action.h"
#include "tui/tui_demo.h"
#include "tui/tui_panel.h"
#include "tui/tui_sliders.h"

/* Decodes one character of s: its byte length and column width. Invalid or
 * non-printable bytes count as one column (drawn as '?'). */
static int char_at(const char *s, size_t len, int *width)
{
    if ((unsigned char)*s < 0x80) {
        *width = 1;
        return 1;
    }
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    wchar_t wc;
    size_t n = mbrtowc(&wc, s, len, &ps);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *width = -1; /* invalid: caller prints '?' */
        return 1;
    }
    int w = wcwidth(wc);
    *width = w < 0 ? -1 : w;
    return (int)n;
}

int tui_text_width(const char *s)
{
    int cols = 0;
    size_t len = strlen(s);
    while (*s) {
        int w;
        int n = char_at(s, len, &w);
        cols += w < 0 ? 1 : w;
        s += n;
        len -= (size_t)n;
    }
    return cols;
}

/* Removes the sign of a number that prints as zero ("-0.00", "-0"), which a
 * value a rounding error below zero gives. A '-' counts as a sign after a
 * space, an opening bracket, '=', ',' or at the start. Returns whether it
 * changed s. */
int tui_fix_negzero(char *s)
{
    int changed = 0;
    for (char *p = s; (p = strchr(p, '-')) != NULL; p++) {
        if (p > s && !strchr(" ([=,:", p[-1]))
            continue;
        char *q = p + 1;
        int digits = 0;
        while (*q == '0' || *q == '.') {
            digits += *q == '0';
            q++;
        }
        if (!digits || (*q >= '1' && *q <= '9') || *q == 'e' || *q == 'E')
            continue;
        memmove(p, p + 1, strlen(p));
        changed = 1;
    }
    return changed;
}

int tui_put(int y, int x, int maxw, tui_element el, const char *s)
{
    if (y < 0 || y >= LINES || x < 0 || maxw <= 0 || !s)
        return 0;
    char fixed[1024];
    if (strchr(s, '-') && strlen(s) < sizeof fixed) {
        memcpy(fixed, s, strlen(s) + 1);
        if (tui_fix_negzero(fixed))
            s = fixed;
    }
    if (x + maxw > COLS)
        maxw = COLS - x;
    attr_t a = tui_theme_attr(el);
    attrset(a);
    move(y, x);
    int cols = 0;
    size_t len = strlen(s);
    while (*s && cols < maxw) {
        int w;
        int n = char_at(s, len, &w);
        if (w < 0 || *s == '\t' || *s == '\n') {
            addch('?');
            cols++;
        } else if (cols + w > maxw) {
            break;
        } else {
            addnstr(s, n);
            cols += w;
        }
        s += n;
        len -= (size_t)n;
    }
    attrset(A_NORMAL);
    return cols;
}

int tui_putf(int y, int x, int maxw, tui_element el, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return tui_put(y, x, maxw, el, buf);
}

void tui_fill(int y, int x, int w, tui_element el)
{
    if (y < 0 || y >= LINES || x >= COLS)
        return;
    if (x < 0) {
        w += x;
        x = 0;
    }
    if (x + w > COLS)
        w = COLS - x;
    if (w <= 0)
        return;
    attrset(tui_theme_attr(el));
    mvhline(y, x, ' ', w);
    attrset(A_NORMAL);
}

void tui_panel_title(tui_ctx *c, tui_rect r, int id, const char *title)
{
    int focus = c->focus == id && !c->cmd_active;
    tui_element el = focus ? EL_TITLE_FOCUS : EL_TITLE;
    int x = r.x;
    for (int i = 0; i < r.w; i++)
        tui_put(r.y, r.x + i, 1, EL_BORDER, c->g->hline);
    x += tui_put(r.y, x, 1, EL_BORDER, c->g->hline);
    char buf[512];
    snprintf(buf, sizeof buf, " %s ", title);
    tui_put(r.y, x, r.w - 1, el, buf);
}

const char *tui_param_symbol(const tui_ctx *c, const cx_param_info *in)
{
    return c->caps.utf8 ? in->symbol : in->ascii;
}

/* Short unit text for display. */
static const char *unit_text(const cx_param_info *in, int utf8)
{
    if (!in->unit || !*in->unit)
        return "";
    if (!utf8) {
        /* ASCII spellings of the units that carry non-ASCII characters. */
        if (strcmp(in->unit, "\u03bc_B") == 0)
            return "mu_B";
        if (strcmp(in->unit, "\u03bd/p") == 0)
            return "nu/p";
        for (const unsigned char *p = (const unsigned char *)in->unit; *p; p++)
            if (*p >= 0x80)
                return "";
    }
    return in->unit;
}

void tui_format_value(const cx_param_info *in, double v, int with_unit, int utf8, char *buf,
                      size_t n)
{
    if (in->scale == CX_SCALE_ENUM && in->labels) {
        int i = (int)lrint(v);
        if (i < 0)
            i = 0;
        if (i > (int)in->max)
            i = (int)in->max;
        snprintf(buf, n, "%s", in->labels[i]);
        return;
    }
    char num[64];
    if (v == 0.0)
        snprintf(num, sizeof num, "0");
    else if (fabs(v) >= 1e5 || fabs(v) < 1e-3)
        snprintf(num, sizeof num, "%.3g", v);
    else
        snprintf(num, sizeof num, "%.5g", v);
    const char *u = with_unit ? unit_text(in, utf8) : "";
    snprintf(buf, n, "%s%s%s", num, *u ? " " : "", u);
}

void tui_message(tui_ctx *c, int error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->msg, sizeof c->msg, fmt, ap);
    va_end(ap);
    /* one line only */
    char *nl = strchr(c->msg, '\n');
    if (nl)
        *nl = '\0';
    c->msg_error = error;
    c->msg_time = tui_term_now_ms();
}

void tui_draw_header(tui_ctx *c)
{
    tui_rect r = c->header;
    if (r.h <= 0)
        return;
    tui_fill(r.y, r.x, r.w, EL_HEADER);
    const cx_detector *d = c->st->det;
    const char *chi2name = c->chi2 ? cx_chi2_name(c->chi2) : "none";
    char chi[32];
    if (c->chi2 && isfinite(c->chi2_now))
        snprintf(chi, sizeof chi, "%.2f", c->chi2_now);
    else
        snprintf(chi, sizeof chi, "-");
    int x = r.x;
    int w = r.w;
    struct {
        const char *label, *value;
    } f[6];
    char n[32], nsm[32];
    snprintf(n, sizeof n, "%.1f", c->n_now);
    snprintf(nsm, sizeof nsm, "%.1f", c->n_sm);
    f[0].label = "";
    f[0].value = d ? cx_detector_id(d) : "-";
    f[1].label = "preset ";
    f[1].value = cx_model_preset(c->st->model);
    f[2].label = "\xcf\x87\xc2\xb2 "; /* chi^2 in UTF-8, replaced below for ASCII */
    f[2].value = chi2name;
    f[3].label = "N ";
    f[3].value = n;
    f[4].label = "N_SM ";
    f[4].value = nsm;
    f[5].label = "\xcf\x87\xc2\xb2=";
    f[5].value = chi;
    if (!c->caps.utf8) {
        f[2].label = "chi2 ";
        f[5].label = "chi2=";
    }
    /* Drop the least important fields when narrow: preset, chi2 model. */
    int show[6] = {1, 1, 1, 1, 1, 1};
    if (w < 90)
        show[2] = 0;
    if (w < 70)
        show[1] = 0;
    if (w < 48)
        show[4] = 0;
    x += tui_put(r.y, x, w, EL_HEADER_VALUE, w >= 60 ? " cevnsx " : " ");
    for (int i = 0; i < 6; i++) {
        if (!show[i])
            continue;
        if (i > 0)
            x += tui_put(r.y, x, r.x + w - x, EL_HEADER, "  ");
        x += tui_put(r.y, x, r.x + w - x, EL_HEADER, f[i].label);
        x += tui_put(r.y, x, r.x + w - x, EL_HEADER_VALUE, f[i].value);
    }
}

void tui_draw_info(tui_ctx *c)
{
    tui_rect r = c->info;
    if (r.h <= 0)
        return;
    int id = tui_sliders_selected(c);
    const cx_param_info *in = id >= 0 ? cx_model_param_info(c->st->model, id) : NULL;
    if (c->contour_pick) {
        tui_putf(r.y, r.x, r.w, EL_PROMPT,
                 "contour: select the second parameter, Enter draws, Esc cancels");
        return;
    }
    /* the detector panel: the selected file's one-line description */
    if (c->focus == TUI_P_DETECTORS && c->det_desc && c->det_sel >= 0 &&
        (size_t)c->det_sel < c->ndets) {
        int x = r.x;
        x += tui_putf(r.y, x, r.w, EL_PARAM_MODIFIED, "%s", c->dets[c->det_sel].name);
        tui_putf(r.y, x, r.x + r.w - x, EL_HELP, ": %s", c->det_desc[c->det_sel]);
        return;
    }
    if (!in)
        return;
    char val[64];
    tui_format_value(in, cx_model_get_param(c->st->model, id), 1, c->caps.utf8, val, sizeof val);
    int x = r.x;
    x += tui_putf(r.y, x, r.w, EL_PARAM_MODIFIED, "%s", in->name);
    x += tui_putf(r.y, x, r.x + r.w - x, EL_HELP, " = %s: %s", val, in->help);
}

void tui_draw_status(tui_ctx *c)
{
    tui_rect r = c->status;
    if (r.h <= 0)
        return;
    tui_fill(r.y, r.x, r.w, EL_STATUS);
    char buf[512];
    tui_action_status_hints(c, buf, sizeof buf);
    /* "KEY label  KEY label": keys bold */
    int x = r.x;
    const char *p = buf;
    int key = 1;
    while (*p && x < r.x + r.w) {
        const char *sep = strchr(p, '\t');
        size_t len = sep ? (size_t)(sep - p) : strlen(p);
        char part[128];
        snprintf(part, sizeof part, "%.*s", (int)len, p);
        x += tui_put(r.y, x, r.x + r.w - x, key ? EL_STATUS_KEY : EL_STATUS, part);
        x += tui_put(r.y, x, r.x + r.w - x, EL_STATUS, key ? " " : "  ");
        key = !key;
        p += len + (sep ? 1 : 0);
    }
}

void tui_draw_tabs(tui_ctx *c)
{
    tui_rect r = c->tabs;
    if (r.h <= 0)
        return;
    static const char *const names[TUI_P_COUNT] = {"1 Detectors", "2 Sliders", "3 Spectrum",
                                                   "4 Dchi2"};
    int x = r.x;
    for (int i = 0; i < TUI_P_COUNT && x < r.x + r.w; i++) {
        tui_element el = i == c->small_panel ? EL_TITLE_FOCUS : EL_TITLE;
        x += tui_put(r.y, x, r.x + r.w - x, el, names[i]);
        x += tui_put(r.y, x, r.x + r.w - x, EL_NORMAL, " ");
    }
}

/* ---------------------------------------------------------------- popup -- */

static void popup_count(tui_popup *p)
{
    p->nlines = 0;
    if (!p->text)
        return;
    for (const char *s = p->text; *s; s++)
        if (*s == '\n')
            p->nlines++;
    size_t len = strlen(p->text);
    if (len && p->text[len - 1] != '\n')
        p->nlines++;
}

void tui_popup_close(tui_ctx *c)
{
    tui_popup *p = &c->popup;
    free(p->text);
    if (p->cmds) {
        for (int i = 0; i < p->nlines; i++)
            free(p->cmds[i]);
        free(p->cmds);
    }
    memset(p, 0, sizeof *p);
}

/* Columns of the first n bytes of UTF-8 text (continuation bytes take none). */
static int cols_of(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Word-wraps every line of text wider than w columns; a continuation line is
 * indented to the second column of a "  KEYS   description" line (two or
 * more spaces after the first word), else two columns past the line's own
 * indentation. Returns a malloc'ed copy. */
static char *wrap_text(const char *text, int w)
{
    size_t cap = strlen(text) * 2 + 64, len = 0;
    char *out = app_xmalloc(cap);
    const char *s = text;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        int indent = 0;
        while (indent < (int)n && s[indent] == ' ')
            indent++;
        const char *gap = NULL;
        for (size_t i = (size_t)indent; i + 1 < n; i++)
            if (s[i] != ' ' && s[i + 1] == ' ' && i + 2 < n && s[i + 2] == ' ') {
                gap = s + i + 1;
                break;
            }
        int hang = indent + 2;
        if (gap) {
            const char *d = gap;
            while (*d == ' ')
                d++;
            hang = cols_of(s, (size_t)(d - s));
        }
        if (hang > w / 2)
            hang = indent + 2 < w / 2 ? indent + 2 : 0;
        int first = 1;
        while (n > 0) {
            int avail = first ? w : w - hang;
            size_t take = n;
            if (cols_of(s, n) > avail) {
                /* the last space within avail columns, else a hard cut */
                size_t cut = 0, brk = 0;
                int k = 0;
                while (cut < n && k < avail) {
                    if (s[cut] == ' ')
                        brk = cut;
                    cut++;
                    while (cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
                        cut++;
                    k++;
                }
                take = brk > (size_t)indent ? brk : cut;
            }
            if (len + take + (size_t)hang + 2 >= cap) {
                cap = (cap + take + (size_t)hang + 2) * 2;
                out = app_xrealloc(out, cap);
            }
            if (!first) {
                memset(out + len, ' ', (size_t)hang);
                len += (size_t)hang;
            }
            memcpy(out + len, s, take);
            len += take;
            out[len++] = '\n';
            s += take;
            n -= take;
            while (n > 0 && *s == ' ') {
                s++;
                n--;
            }
            first = 0;
        }
        if (first) { /* an empty line */
            if (len + 2 >= cap)
                out = app_xrealloc(out, cap *= 2);
            out[len++] = '\n';
        }
        s = e ? e + 1 : s + n;
        if (!e)
            break;
    }
    out[len] = '\0';
    return out;
}

/* The pop-up's width: the terminal's, less a column each side. */
static int popup_width(void)
{
    int w = COLS - 2;
    return w < 10 ? COLS : w;
}

static void popup_set(tui_ctx *c, const char *title, const char *text, int wrap)
{
    tui_popup_close(c);
    tui_popup *p = &c->popup;
    p->open = 1;
    snprintf(p->title, sizeof p->title, "%s", title);
    p->text = wrap ? wrap_text(text, popup_width() - 3) : app_xstrdup(text);
    popup_count(p);
}

void tui_popup_text(tui_ctx *c, const char *title, const char *text)
{
    popup_set(c, title, text, 1);
}

void tui_popup_menu(tui_ctx *c, const char *title, int n, char **labels, char **cmds)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(labels[i]) + 1;
    char *text = app_xmalloc(len);
    text[0] = '\0';
    for (int i = 0; i < n; i++) {
        strcat(text, labels[i]);
        strcat(text, "\n");
    }
    popup_set(c, title, text, 0);
    free(text);
    tui_popup *p = &c->popup;
    p->menu = 1;
    p->cmds = app_xmalloc(sizeof *p->cmds * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++)
        p->cmds[i] = app_xstrdup(cmds[i]);
    p->nlines = n;
}

void tui_popup_draw(tui_ctx *c)
{
    tui_popup *p = &c->popup;
    if (!p->open)
        return;
    int top = c->header.h + c->tabs.h;
    /* a demo's caption and step counter stay visible below the pop-up */
    int avail_h = LINES - top - 3 - tui_demo_rows(c);
    if (avail_h < 3)
        avail_h = LINES - top;
    int w = popup_width();
    int h = p->nlines + 2;
    if (h > avail_h)
        h = avail_h;
    if (h < 1)
        return;
    int x0 = (COLS - w) / 2, y0 = top + (avail_h - h) / 2;
    int body = h - 2;
    if (p->menu) {
        if (p->sel < p->top)
            p->top = p->sel;
        if (p->sel >= p->top + body)
            p->top = p->sel - body + 1;
    }
    if (p->top > p->nlines - body)
        p->top = p->nlines - body > 0 ? p->nlines - body : 0;
    for (int y = 0; y < h; y++)
        tui_fill(y0 + y, x0, w, EL_POPUP);
    /* frame: title row and bottom hint */
    for (int i = 0; i < w; i++) {
        tui_put(y0, x0 + i, 1, EL_BORDER, c->g->hline);
        if (h > 1)
            tui_put(y0 + h - 1, x0 + i, 1, EL_BORDER, c->g->hline);
    }
    tui_putf(y0, x0 + 1, w - 2, EL_TITLE_FOCUS, " %s ", p->title);
    if (h > 1) {
        char hint[96];
        snprintf(hint, sizeof hint,
                 p->menu ? " %d/%d  Enter choose  Esc close "
                         : " %d/%d  Up/Down PgUp/PgDn scroll, any key closes ",
                 p->menu                     ? p->sel + 1
                 : p->top + body < p->nlines ? p->top + body
                                             : p->nlines,
                 p->nlines);
        int hw = tui_text_width(hint);
        tui_put(y0 + h - 1, x0 + (w > hw ? w - hw - 1 : 0), w, EL_DIM, hint);
    }
    const char *s = p->text;
    for (int i = 0; i < p->top && s; i++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    for (int i = 0; i < body && s && *s; i++) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), s);
        int sel = p->menu && p->top + i == p->sel;
        if (sel)
            tui_fill(y0 + 1 + i, x0 + 1, w - 2, EL_SELECTED);
        tui_put(y0 + 1 + i, x0 + 2, w - 3, sel ? EL_SELECTED : EL_POPUP, line);
        s = e ? e + 1 : NULL;
    }
}
