/* chartmath.c - the curses-free maths of the console's line charts */
#include <config.h>
#include "base/chartmath.h"

#include <stdlib.h>
#include <string.h>

/* What a dot of the plot grid holds. */
enum chartmath_dot {
    CHARTMATH_DOT_NONE = 0,
    CHARTMATH_DOT_LINE, /* joins a sample to the previous one */
    CHARTMATH_DOT_SAMPLE,
};

double chartmath_scale_max(const double *v, const bool *avail, int n, double max)
{
    double top = 0, nice = 1;

    if (max > 0)
        return max;
    for (int i = 0; i < n; i++)
        if (avail[i] && v[i] > top && v[i] - v[i] == 0) /* finite */
            top = v[i];
    for (;;) { /* 1, 2, 5, 10, 20, 50, ... */
        if (nice >= top)
            return nice;
        if (2 * nice >= top)
            return 2 * nice;
        if (5 * nice >= top)
            return 5 * nice;
        nice *= 10;
    }
}

int chartmath_dot_row(double v, double max, int rows)
{
    double f;

    if (rows <= 1 || !(max > 0))
        return rows > 0 ? rows - 1 : 0;
    f = v / max;
    if (!(f > 0)) /* negative or NaN */
        f = 0;
    if (f > 1)
        f = 1;
    return rows - 1 - (int)(f * (rows - 1) + 0.5);
}

unsigned chartmath_braille_bit(int col, int row)
{
    static const unsigned bits[CHARTMATH_DOT_ROWS][CHARTMATH_DOT_COLS] = {
        {0x01, 0x08}, /* dots 1, 4 */
        {0x02, 0x10}, /* dots 2, 5 */
        {0x04, 0x20}, /* dots 3, 6 */
        {0x40, 0x80}, /* dots 7, 8 */
    };

    if (col < 0 || col >= CHARTMATH_DOT_COLS || row < 0 || row >= CHARTMATH_DOT_ROWS)
        return 0;
    return bits[row][col];
}

int chartmath_first_shown(int n, int cols)
{
    return n > cols ? n - cols : 0;
}

/* Mark column col of a rows x cols grid: the sample's row, and the rows
 * between it and the previous sample's row prev (-1: none) as a line. */
static void plot_column(unsigned char *grid, int cols, int col, int row, int prev)
{
    int step = prev < row ? 1 : -1;

    if (prev >= 0 && prev != row)
        for (int r = prev + step; r != row; r += step)
            grid[r * cols + col] = CHARTMATH_DOT_LINE;
    grid[row * cols + col] = CHARTMATH_DOT_SAMPLE;
}

/* Plot the samples that fit into a rows x cols grid of enum chartmath_dot,
 * right-aligned, on the scale [0, max] (0: auto over the shown samples).
 * The caller frees the result. */
static unsigned char *plot(const double *v, const bool *avail, int n, int cols, int rows,
                           double max)
{
    unsigned char *grid = calloc((size_t)rows * (size_t)cols, 1);
    int first = chartmath_first_shown(n, cols), offset = cols - (n - first);

    if (!grid)
        return NULL;
    max = chartmath_scale_max(v + first, avail + first, n - first, max);
    for (int i = first; i < n; i++) {
        int prev = -1;

        if (!avail[i])
            continue;
        if (i > first && avail[i - 1])
            prev = chartmath_dot_row(v[i - 1], max, rows);
        plot_column(grid, cols, offset + i - first, chartmath_dot_row(v[i], max, rows), prev);
    }
    return grid;
}

void chartmath_braille(const double *v, const bool *avail, int n, int w, int h, double max,
                       unsigned char *cells)
{
    int cols = w * CHARTMATH_DOT_COLS, rows = h * CHARTMATH_DOT_ROWS;
    unsigned char *grid;

    if (w <= 0 || h <= 0)
        return;
    memset(cells, 0, (size_t)w * (size_t)h);
    grid = plot(v, avail, n, cols, rows, max);
    if (!grid)
        return;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++)
            if (grid[r * cols + c] != CHARTMATH_DOT_NONE)
                cells[(r / CHARTMATH_DOT_ROWS) * w + c / CHARTMATH_DOT_COLS] |=
                    (unsigned char)chartmath_braille_bit(c % CHARTMATH_DOT_COLS,
                                                         r % CHARTMATH_DOT_ROWS);
    free(grid);
}

void chartmath_ascii(const double *v, const bool *avail, int n, int w, int h, double max,
                     char *cells)
{
    static const char marks[] = {
        [CHARTMATH_DOT_NONE] = ' ',
        [CHARTMATH_DOT_LINE] = '.',
        [CHARTMATH_DOT_SAMPLE] = '*',
    };
    unsigned char *grid;

    if (w <= 0 || h <= 0)
        return;
    memset(cells, ' ', (size_t)w * (size_t)h);
    grid = plot(v, avail, n, w, h, max);
    if (!grid)
        return;
    for (int i = 0; i < w * h; i++)
        cells[i] = marks[grid[i]];
    free(grid);
}
