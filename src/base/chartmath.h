/* chartmath.h - the curses-free maths of the console's line charts
 * (M6.2.2.2a, OP-53): the y-axis scale, which samples fit, mapping a value
 * to a dot row, and packing dots into Unicode braille cells or ASCII marks.
 *
 * Samples come oldest first: values v[0..n-1], with avail[i] false for a
 * missing (unavailable) sample, which is never plotted: it leaves a gap,
 * never a 0.  A plot is right-aligned: the newest sample is the rightmost
 * dot column, older ones go to its left, and those that do not fit are
 * dropped from the left (the oldest).  Each sample is one dot column; a
 * sample is joined to the previous one, when both are available and shown,
 * by the dots between their rows in its own column.  Rows count from the
 * top.  A plot's max is the top of its scale, or 0 to auto-scale (as
 * chartmath_scale_max) over the samples shown. */
#ifndef DV_CHARTMATH_H
#define DV_CHARTMATH_H

#include <stdbool.h>

#define CHARTMATH_BRAILLE_BASE 0x2800 /* U+2800, the blank braille pattern */
#define CHARTMATH_DOT_COLS     2      /* dot columns of a braille cell */
#define CHARTMATH_DOT_ROWS     4      /* dot rows of a braille cell */

/* The top of the y axis: max itself when max > 0; otherwise (auto-scale)
 * the smallest of 1, 2 or 5 times a power of ten that is >= every available
 * sample, and at least 1. */
double chartmath_scale_max(const double *v, const bool *avail, int n, double max);

/* The dot row of value v on the scale [0, max] drawn with rows dot rows:
 * 0 (the top) for max, rows - 1 (the bottom) for 0, rounded to the nearest;
 * v is clamped to the scale (NaN counts as 0). */
int chartmath_dot_row(double v, double max, int rows);

/* The bit of the braille dot at column col (0-1) and row row (0-3) of a
 * cell, after Unicode's dot numbering: dots 1-3 and 7 down the left column,
 * 4-6 and 8 down the right; 0 outside the cell. */
unsigned chartmath_braille_bit(int col, int row);

/* The index of the oldest of n samples that fits in cols dot columns. */
int chartmath_first_shown(int n, int cols);

/* Braille: plot into w x h cells (2 samples across and 4 dot rows down per
 * cell) on the scale [0, max].  cells[row * w + col] gets the dot
 * bits of that cell (0 = blank); its character is CHARTMATH_BRAILLE_BASE +
 * bits. */
void chartmath_braille(const double *v, const bool *avail, int n, int w, int h, double max,
                       unsigned char *cells);

/* ASCII: plot into w x h cells on the scale [0, max], one sample per cell
 * column and one dot row per cell row.  cells[row * w + col] gets '*' for a sample, '.' for the
 * line joining it to the previous one, ' ' for nothing. */
void chartmath_ascii(const double *v, const bool *avail, int n, int w, int h, double max,
                     char *cells);

#endif
