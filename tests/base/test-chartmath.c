/* test-chartmath.c - the line charts' maths: scale, dot rows, braille dot
 * layout, ASCII marks, gaps for missing samples, newest samples kept;
 * features: M6.2.2.2a (host details with live charts), OP-53 */
#include <config.h>
#include "base/chartmath.h"
#include "lib/tap.h"

#include <math.h>
#include <stdlib.h>

#define MAXN 64

/* A series of n samples of value x, all available. */
static void fill(double *v, bool *avail, int n, double x)
{
    for (int i = 0; i < n; i++) {
        v[i] = x;
        avail[i] = true;
    }
}

/* True when cells w x h hold `want` in every cell of row r and 0 elsewhere. */
static bool only_row(const unsigned char *cells, int w, int h, int r, unsigned want)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (cells[y * w + x] != (y == r ? want : 0))
                return false;
    return true;
}

static void test_braille_bits(void)
{
    static const struct {
        int col, row;
        unsigned bit;
    } dots[] = {
        {0, 0, 0x01}, {0, 1, 0x02}, {0, 2, 0x04}, {1, 0, 0x08},
        {1, 1, 0x10}, {1, 2, 0x20}, {0, 3, 0x40}, {1, 3, 0x80},
    };

    for (size_t i = 0; i < sizeof(dots) / sizeof(dots[0]); i++)
        is_int(chartmath_braille_bit(dots[i].col, dots[i].row), dots[i].bit,
               "braille dot at column %d row %d is bit 0x%02x", dots[i].col, dots[i].row,
               dots[i].bit);
    is_int(chartmath_braille_bit(2, 0), 0, "no dot outside the cell (column 2)");
    is_int(chartmath_braille_bit(0, 4), 0, "no dot outside the cell (row 4)");
    is_int(CHARTMATH_BRAILLE_BASE, 0x2800, "braille patterns start at U+2800");
}

static void test_dot_row(void)
{
    is_int(chartmath_dot_row(100, 100, 8), 0, "full scale is the top dot row");
    is_int(chartmath_dot_row(0, 100, 8), 7, "0 is the bottom dot row");
    is_int(chartmath_dot_row(50, 100, 8), 3, "half scale rounds to row 3 of 0-7");
    is_int(chartmath_dot_row(250, 100, 8), 0, "above the scale is clamped to the top");
    is_int(chartmath_dot_row(-3, 100, 8), 7, "below 0 is clamped to the bottom");
    is_int(chartmath_dot_row(NAN, 100, 8), 7, "NaN is drawn as the bottom, not a crash");
    is_int(chartmath_dot_row(5, 100, 1), 0, "a single dot row is row 0");
}

static void test_scale(void)
{
    double v[MAXN];
    bool a[MAXN];

    fill(v, a, 3, 0);
    v[0] = 0.3;
    v[1] = 3.7;
    v[2] = 1.2;
    is_int((long long)chartmath_scale_max(v, a, 3, 100), 100, "a fixed max is kept");
    ok(chartmath_scale_max(v, a, 3, 0) == 5, "auto-scale: 3.7 rounds up to 5");
    v[1] = 12;
    ok(chartmath_scale_max(v, a, 3, 0) == 20, "auto-scale: 12 rounds up to 20");
    v[1] = 100;
    ok(chartmath_scale_max(v, a, 3, 0) == 100, "auto-scale: 100 stays 100");
    v[1] = 101;
    ok(chartmath_scale_max(v, a, 3, 0) == 200, "auto-scale: 101 rounds up to 200");
    a[1] = false;
    ok(chartmath_scale_max(v, a, 3, 0) == 2, "auto-scale ignores a missing sample");
    fill(v, a, 3, 0);
    ok(chartmath_scale_max(v, a, 3, 0) == 1, "auto-scale of zeros is 1");
    ok(chartmath_scale_max(v, a, 0, 0) == 1, "auto-scale of no samples is 1");
    v[0] = INFINITY;
    ok(chartmath_scale_max(v, a, 3, 0) == 1, "auto-scale ignores an infinite sample");
}

static void test_full_and_zero(void)
{
    double v[MAXN];
    bool a[MAXN];
    unsigned char cells[4 * 3];

    fill(v, a, 8, 100);
    chartmath_braille(v, a, 8, 4, 3, 100, cells);
    ok(only_row(cells, 4, 3, 0, 0x09), "full scale fills the top dot row (dots 1 and 4)");
    fill(v, a, 8, 0);
    chartmath_braille(v, a, 8, 4, 3, 100, cells);
    ok(only_row(cells, 4, 3, 2, 0xc0), "0 fills the bottom dot row (dots 7 and 8)");
    fill(v, a, 8, 100);
    chartmath_braille(v, a, 8, 4, 3, 0, cells);
    ok(only_row(cells, 4, 3, 0, 0x09), "max 0 (auto) draws 100 at the top, not divided by 0");
}

static void test_missing(void)
{
    double v[MAXN];
    bool a[MAXN];
    unsigned char cells[4 * 2];

    fill(v, a, 8, 0);
    for (int i = 0; i < 8; i++)
        a[i] = false;
    chartmath_braille(v, a, 8, 4, 2, 100, cells);
    ok(only_row(cells, 4, 2, 0, 0), "missing samples leave every cell blank, not 0");
    fill(v, a, 8, 0);
    a[2] = a[3] = false; /* the second cell's two samples */
    chartmath_braille(v, a, 8, 4, 2, 100, cells);
    is_int(cells[4 + 1], 0, "the cell of two missing samples is blank");
    is_int(cells[4 + 0], 0xc0, "the cell before the gap is drawn");
    is_int(cells[4 + 2], 0xc0, "the cell after the gap is drawn");
    a[3] = true;
    chartmath_braille(v, a, 8, 4, 2, 100, cells);
    is_int(cells[4 + 1], 0x80, "one missing sample blanks only its dot column");
}

static void test_newest_shown(void)
{
    double v[MAXN];
    bool a[MAXN];
    unsigned char cells[2 * 2];

    fill(v, a, 10, 100);
    for (int i = 6; i < 10; i++)
        v[i] = 0; /* the 4 newest of 10 */
    chartmath_braille(v, a, 10, 2, 2, 100, cells);
    ok(only_row(cells, 2, 2, 1, 0xc0), "a narrow chart shows the newest samples only");
    is_int(chartmath_first_shown(10, 4), 6, "4 dot columns show samples 6-9 of 10");
    is_int(chartmath_first_shown(3, 4), 0, "all samples fit");
    fill(v, a, 1, 0);
    chartmath_braille(v, a, 1, 2, 2, 100, cells);
    ok(cells[0] == 0 && cells[1] == 0 && cells[2] == 0 && cells[3] == 0x80,
       "one sample is the rightmost dot column (right-aligned)");
    fill(v, a, 10, 3);
    v[0] = 1000; /* out of view */
    chartmath_braille(v, a, 10, 2, 1, 0, cells);
    ok(cells[0] == 0x12 && cells[1] == 0x12,
       "auto-scale covers the shown samples only: 3 of 5 is dot row 1 of 0-3");
}

static void test_line(void)
{
    double v[] = {0, 100};
    bool a[] = {true, true};
    unsigned char cell;

    chartmath_braille(v, a, 2, 1, 1, 100, &cell);
    is_int(cell, 0x40 | 0x08 | 0x10 | 0x20,
           "a rise is joined: bottom-left dot, then the right column filled up to the top");
    a[0] = false;
    chartmath_braille(v, a, 2, 1, 1, 100, &cell);
    is_int(cell, 0x08, "after a gap a sample is not joined to anything");
}

static void test_ascii(void)
{
    double v[] = {0, 100, 100, 50};
    bool a[] = {true, true, false, true};
    char cells[4 * 3 + 1] = {0};

    chartmath_ascii(v, a, 4, 4, 3, 100, cells);
    is_str(cells,
           " *  " /* row 0 */
           " . *" /* row 1 */
           "*   " /* row 2 */,
           "ASCII: '*' samples, '.' joins, a gap for the missing one");
    v[0] = v[1] = v[2] = v[3] = 0;
    a[2] = true;
    chartmath_ascii(v, a, 4, 2, 3, 100, cells);
    cells[6] = '\0';
    is_str(cells, "    **", "ASCII: 0 on the bottom row, newest samples shown");
}

int main(void)
{
    test_braille_bits();
    test_dot_row();
    test_scale();
    test_full_and_zero();
    test_missing();
    test_newest_shown();
    test_line();
    test_ascii();
    return tap_done();
}
