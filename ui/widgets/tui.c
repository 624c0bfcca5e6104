/* tui.c - drawing helpers for ncursesw */
#include "widgets/tui.h"
#include "base/textwidth.h"

#include <glib.h>

#include <stdlib.h>
#include <string.h>

static bool use_color;

struct role_style {
    short fg, bg;
    attr_t color_attr; /* added to the colour pair */
    attr_t mono_attr;  /* used alone without colours */
};

static const struct role_style styles[TR_COUNT] = {
    [TR_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
    [TR_BAR] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
    [TR_BAR_SEL] = {COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD | A_UNDERLINE},
    [TR_TITLE] = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
    [TR_HEADER] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [TR_SEL] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    [TR_SEL_DIM] = {COLOR_WHITE, COLOR_BLACK, A_BOLD, A_UNDERLINE},
    [TR_DIM] = {COLOR_WHITE, -1, A_DIM, A_DIM},
    [TR_KEY] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    [TR_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
    [TR_OK] = {COLOR_GREEN, -1, A_BOLD, A_NORMAL},
    [TR_FIELD] = {COLOR_WHITE, COLOR_BLACK, A_UNDERLINE, A_UNDERLINE},
    [TR_FIELD_FOCUS] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
    [TR_BORDER] = {COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
};

void tui_start(void)
{
    const char *nc = getenv("NO_COLOR");

    initscr();
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    use_color = has_colors() && !(nc && *nc);
    if (use_color) {
        start_color();
        use_default_colors();
        for (int r = 1; r < TR_COUNT; r++)
            init_pair((short)r, styles[r].fg, styles[r].bg);
    }
}

void tui_stop(void)
{
    if (!isendwin())
        endwin();
}

bool tui_has_color(void)
{
    return use_color;
}

attr_t tui_attr(enum tui_role role)
{
    if (!use_color)
        return styles[role].mono_attr;
    return COLOR_PAIR(role) | styles[role].color_attr;
}

int tui_put(WINDOW *win, int y, int x, int w, const char *s)
{
    int used;
    size_t n;

    if (w <= 0 || !s)
        return 0;
    n = tw_fit(s, w, &used);
    mvwaddnstr(win, y, x, s, (int)n);
    return used;
}

void tui_blank(WINDOW *win, int y, int x, int w)
{
    if (w > 0)
        mvwhline(win, y, x, ' ', w);
}

void tui_put_cell(WINDOW *win, int y, int x, int w, const char *s, int align)
{
    int width = tw_width(s ? s : ""), used, pad;
    bool utf8 = MB_CUR_MAX > 1;

    if (w <= 0)
        return;
    tui_blank(win, y, x, w);
    if (width > w) {
        used = tui_put(win, y, x, w - 1, s);
        mvwaddstr(win, y, x + used, utf8 ? "…" : "~");
        return;
    }
    pad = align == 1 ? w - width : align == 2 ? (w - width) / 2 : 0;
    tui_put(win, y, x + pad, w - pad, s);
}

int tui_put_wrapped(WINDOW *win, int y, int x, int w, int h, const char *s)
{
    char **lines;
    int n;

    if (w <= 0 || h <= 0 || !s)
        return 0;
    lines = tw_wrap(s, w);
    n = (int)g_strv_length(lines);
    for (int i = 0; i < n && i < h; i++) {
        if (i == h - 1 && n > h) {
            char *last = g_strconcat(lines[i], " ", lines[i + 1], NULL);

            tui_put_cell(win, y + i, x, w, last, 0); /* cut with "…" */
            g_free(last);
        } else {
            tui_put(win, y + i, x, w, lines[i]);
        }
    }
    g_strfreev(lines);
    return MIN(n, h);
}

void tui_frame(WINDOW *win, const char *title)
{
    int w = getmaxx(win);

    wattron(win, tui_attr(TR_BORDER));
    box(win, 0, 0);
    wattroff(win, tui_attr(TR_BORDER));
    if (title && *title) {
        wattron(win, tui_attr(TR_TITLE));
        mvwaddstr(win, 0, 2, " ");
        tui_put(win, 0, 3, w - 6, title);
        waddstr(win, " ");
        wattroff(win, tui_attr(TR_TITLE));
    }
}
