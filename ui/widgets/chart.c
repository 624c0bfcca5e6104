/* chart.c - framed line charts of one metric for ncursesw */
#include "widgets/chart.h"
#include "base/chartmath.h"
#include "base/textwidth.h"

#include <stdlib.h>
#include <wchar.h>

#define MIN_H 3 /* frame and one plot row */
#define MIN_W 8

/* ---------------------------------------------------------------- series */

void chart_series_init(struct chart_series *s, const char *name, const char *unit, int cap)
{
    s->name = name;
    s->unit = unit;
    s->cap = MAX(cap, 1);
    s->n = s->head = 0;
    s->v = g_new0(double, s->cap);
    s->avail = g_new0(bool, s->cap);
}

void chart_series_free(struct chart_series *s)
{
    g_free(s->v);
    g_free(s->avail);
    s->v = NULL;
    s->avail = NULL;
    s->n = s->head = 0;
}

void chart_series_push(struct chart_series *s, double value, bool available)
{
    s->v[s->head] = available ? value : 0;
    s->avail[s->head] = available;
    s->head = (s->head + 1) % s->cap;
    if (s->n < s->cap)
        s->n++;
}

int chart_series_len(const struct chart_series *s)
{
    return s->n;
}

bool chart_series_get(const struct chart_series *s, int i, double *value)
{
    int k;

    if (i < 0 || i >= s->n)
        return false;
    k = (s->head - s->n + i + s->cap) % s->cap;
    if (s->avail[k] && value)
        *value = s->v[k];
    return s->avail[k];
}

/* The samples oldest first as two arrays (g_free both). */
static void series_arrays(const struct chart_series *s, double **v, bool **avail)
{
    *v = g_new0(double, s->n + 1);
    *avail = g_new0(bool, s->n + 1);
    for (int i = 0; i < s->n; i++)
        (*avail)[i] = chart_series_get(s, i, &(*v)[i]);
}

/* ---------------------------------------------------------------- frame and title */

static void draw_frame(WINDOW *win, int y, int x, int h, int w, bool focused)
{
    wattrset(win, tui_attr(focused ? TR_TITLE : TR_BORDER));
    mvwhline(win, y, x + 1, ACS_HLINE, w - 2);
    mvwhline(win, y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvwvline(win, y + 1, x, ACS_VLINE, h - 2);
    mvwvline(win, y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvwaddch(win, y, x, ACS_ULCORNER);
    mvwaddch(win, y, x + w - 1, ACS_URCORNER);
    mvwaddch(win, y + h - 1, x, ACS_LLCORNER);
    mvwaddch(win, y + h - 1, x + w - 1, ACS_LRCORNER);
    wattrset(win, A_NORMAL);
}

/* " 12.34 ", " unavailable " or "" for the newest sample; g_free it. */
static char *value_text(const struct chart_series *s, bool *missing)
{
    double v = 0;

    *missing = s->n > 0 && !chart_series_get(s, s->n - 1, &v);
    if (s->n == 0)
        return g_strdup("");
    if (*missing)
        return g_strdup_printf(" %s ", _("unavailable"));
    return g_strdup_printf(" %.2f ", v);
}

/* The title and current value on row y, between x + 1 and x + w - 1. */
static void draw_title(WINDOW *win, int y, int x, int w, const struct chart_series *s)
{
    bool missing;
    char *value = value_text(s, &missing);
    /* L10N: a chart's title: the metric's name and its unit, e.g. "CPU (%)" */
    char *title = g_strdup_printf(_("%s (%s)"), _(s->name), s->unit);
    char *shown = g_strdup_printf(" %s ", title);
    int vw = MIN(tw_width(value), w - 2), tx = w > 4 ? 2 : 1;

    wattrset(win, missing ? tui_attr(TR_DIM) : A_BOLD);
    tui_put(win, y, x + w - 1 - vw, vw, value);
    wattrset(win, tui_attr(TR_TITLE));
    tui_put(win, y, x + tx, w - tx - vw - 1, shown);
    wattrset(win, A_NORMAL);
    g_free(value);
    g_free(title);
    g_free(shown);
}

/* ---------------------------------------------------------------- axis and curve */

/* The y-axis label of the top of the scale; g_free it. */
static char *max_label(double max)
{
    return g_strdup_printf("%g", max);
}

/* Labels right-aligned in lw cells at (y, x), then the axis line. */
static void draw_axis(WINDOW *win, int y, int x, int h, int lw, const char *top)
{
    for (int r = 0; r < h; r++)
        tui_blank(win, y + r, x, lw);
    wattrset(win, tui_attr(TR_DIM));
    tui_put_cell(win, y, x, lw, top, 1);
    tui_put_cell(win, y + h - 1, x, lw, "0", 1);
    wattrset(win, tui_attr(TR_BORDER));
    mvwvline(win, y, x + lw, ACS_VLINE, h);
    mvwaddch(win, y, x + lw, ACS_RTEE);
    mvwaddch(win, y + h - 1, x + lw, ACS_RTEE);
    wattrset(win, A_NORMAL);
}

static void put_braille(WINDOW *win, int y, int x, unsigned char bits)
{
    wchar_t wc[2] = {(wchar_t)(CHARTMATH_BRAILLE_BASE + bits), L'\0'};

    if (bits)
        mvwaddnwstr(win, y, x, wc, 1);
    else
        mvwaddch(win, y, x, ' ');
}

static void draw_braille(WINDOW *win, int y, int x, int h, int w, const double *v,
                         const bool *avail, int n, double max)
{
    unsigned char *cells = g_new0(unsigned char, (gsize)(w * h));

    chartmath_braille(v, avail, n, w, h, max, cells);
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
            put_braille(win, y + r, x + c, cells[r * w + c]);
    g_free(cells);
}

static void draw_ascii(WINDOW *win, int y, int x, int h, int w, const double *v, const bool *avail,
                       int n, double max)
{
    char *cells = g_new0(char, (gsize)(w * h));

    chartmath_ascii(v, avail, n, w, h, max, cells);
    for (int r = 0; r < h; r++)
        mvwaddnstr(win, y + r, x, cells + r * w, w);
    g_free(cells);
}

/* The top of the scale over the samples that fit in cols dot columns. */
static double shown_max(const double *v, const bool *avail, int n, int cols, double max)
{
    int first = chartmath_first_shown(n, cols);

    return chartmath_scale_max(v + first, avail + first, n - first, max);
}

/* The y axis and the curve inside the frame: h x w cells at (y, x). */
static void draw_plot(WINDOW *win, int y, int x, int h, int w, const struct chart_opts *o,
                      const struct chart_series *s)
{
    bool braille = MB_CUR_MAX > 1 && !o->ascii, *avail;
    int dots = braille ? CHARTMATH_DOT_COLS : 1, lw = 3;
    double *v, max;
    char *top;

    series_arrays(s, &v, &avail);
    max = shown_max(v, avail, s->n, (w - lw - 1) * dots, o->max);
    top = max_label(max);
    lw = CLAMP(tw_width(top), 3, w / 3);
    draw_axis(win, y, x, h, lw, top);
    wattrset(win, tui_has_color() ? tui_attr(o->role) : A_NORMAL);
    if (braille)
        draw_braille(win, y, x + lw + 1, h, w - lw - 1, v, avail, s->n, max);
    else
        draw_ascii(win, y, x + lw + 1, h, w - lw - 1, v, avail, s->n, max);
    wattrset(win, A_NORMAL);
    g_free(top);
    g_free(v);
    g_free(avail);
}

void chart_draw(WINDOW *win, int y, int x, int h, int w, const struct chart_opts *o,
                const struct chart_series *s)
{
    if (h <= 0 || w <= 0)
        return;
    if (h < MIN_H || w < MIN_W) {
        for (int r = 0; r < h; r++)
            tui_blank(win, y + r, x, w);
        draw_title(win, y, x - 1, w + 1, s);
        return;
    }
    draw_frame(win, y, x, h, w, o->focused);
    draw_title(win, y, x, w, s);
    draw_plot(win, y + 1, x + 1, h - 2, w - 2, o, s);
}
