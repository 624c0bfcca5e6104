/* chart.h - framed line charts of one metric for ncursesw (M6.2.2.2a,
 * OP-53).
 *
 * A series keeps the last samples of one metric in a ring buffer; a sample
 * may be missing (the metric was unavailable), which is drawn as a gap,
 * never as 0.  chart_draw shows the newest samples that fit: Unicode braille
 * (2 x 4 dots a cell) when the locale is multibyte, else ASCII ('*' for a
 * sample, '.' for the line joining it to the previous one).  The maths is
 * in src/chartmath.h. */
#ifndef DV_CHART_H
#define DV_CHART_H

#include "base/dv.h"
#include "widgets/tui.h"

struct chart_series {
    const char *name; /* msgid, e.g. N_("CPU") */
    const char *unit; /* shown as is: "%", "MiB/s" */
    int cap;          /* samples kept */
    int n;            /* samples held, at most cap */
    int head;         /* where the next sample goes */
    double *v;
    bool *avail;
};

/* An empty series keeping the last cap (at least 1) samples; name and unit
 * are not copied and must outlive it. */
void chart_series_init(struct chart_series *s, const char *name, const char *unit, int cap);
/* Free the samples (the series may be initialised again). */
void chart_series_free(struct chart_series *s);

/* Append a sample, dropping the oldest when full; available false = the
 * metric was unavailable (value ignored). */
void chart_series_push(struct chart_series *s, double value, bool available);

/* Samples held. */
int chart_series_len(const struct chart_series *s);
/* Sample i (0 = the oldest held): true with *value when available, false
 * when missing or i is out of range. */
bool chart_series_get(const struct chart_series *s, int i, double *value);

struct chart_opts {
    double max;         /* top of the y axis (100 for a percentage); 0 = auto-scale */
    enum tui_role role; /* colour of the curve when colours are on */
    bool focused;       /* highlight the frame */
    bool ascii;         /* draw ASCII even in a multibyte locale */
};

/* Draw the series framed in the h x w rectangle at (y, x) of win, every
 * cell of it: the top border holds the title "name (unit)" and the current
 * value (2 decimals, or "unavailable" when the newest sample is missing,
 * nothing before the first); inside, y-axis labels (max at the top, 0 at
 * the bottom) and the curve.  Below 3 x 8 cells only the title line is
 * drawn.  Nothing is refreshed. */
void chart_draw(WINDOW *win, int y, int x, int h, int w, const struct chart_opts *o,
                const struct chart_series *s);

#endif
