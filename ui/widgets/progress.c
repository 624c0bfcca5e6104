/* progress.c - a progress dialog fed by the work itself */
#include "widgets/progress.h"
#include "base/textwidth.h"

#include <ncursesw/panel.h>

#define REDRAW_US 100000 /* at most ten redraws (and key polls) a second */

struct progress {
    struct app *app;
    char *title;
    char *text;
    WINDOW *win;
    PANEL *panel;
    int64_t drawn_at; /* monotonic microseconds of the last redraw, 0 never */
    bool cancelled;
    bool resized; /* the dialogs below have not seen the resize yet */
};

struct progress *progress_new(struct app *app, const char *title, const char *text)
{
    struct progress *p = g_new0(struct progress, 1);

    p->app = app;
    p->title = g_strdup(title);
    p->text = g_strdup(text);
    return p;
}

static void drop_window(struct progress *p)
{
    if (!p->panel)
        return;
    del_panel(p->panel);
    delwin(p->win);
    p->panel = NULL;
    p->win = NULL;
    update_panels();
}

void progress_free(struct progress *p)
{
    if (!p)
        return;
    drop_window(p);
    doupdate();
    if (p->resized) /* let the dialog below lay itself out again */
        ungetch(KEY_RESIZE);
    g_free(p->title);
    g_free(p->text);
    g_free(p);
}

char *progress_bar_text(uint64_t done, uint64_t total, int w)
{
    double f = total ? (double)MIN(done, total) / (double)total : 1.0;
    int pct = (int)(f * 100.0), cells = MAX(1, w - 7), full = (int)(f * cells);
    GString *s = g_string_new("[");

    for (int i = 0; i < cells; i++)
        g_string_append_c(s, i < full ? '#' : '.');
    g_string_append_printf(s, "] %3d%%", pct);
    return g_string_free(s, FALSE);
}

/* The centred window: title, text, bar, amounts and the key hint. */
static void open_window(struct progress *p)
{
    int w = MIN(COLS, 64), h = MIN(LINES, 7);

    drop_window(p);
    p->win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
    p->panel = new_panel(p->win);
    werase(p->win);
    tui_frame(p->win, p->title);
}

static void draw(struct progress *p, uint64_t done, uint64_t total)
{
    int w = getmaxx(p->win) - 4, h = getmaxy(p->win);
    char *bar = progress_bar_text(done, total, w), *amount;
    const char *hint = _(" Esc: cancel ");

    tui_put_cell(p->win, 2, 2, w, p->text, 0);
    wattrset(p->win, tui_attr(TR_OK));
    tui_put_cell(p->win, 3, 2, w, bar, 0);
    wattrset(p->win, A_NORMAL);
    /* L10N: the amounts copied so far, in MB */
    amount = g_strdup_printf(_("%.1f MB of %.1f MB"), (double)done / 1048576.0,
                             (double)total / 1048576.0);
    tui_put_cell(p->win, 4, 2, w, amount, 0);
    if (h > 5 && tw_width(hint) + 4 <= w + 4) {
        wattrset(p->win, tui_attr(TR_DIM));
        tui_put(p->win, h - 1, w + 2 - tw_width(hint), tw_width(hint), hint);
        wattrset(p->win, A_NORMAL);
    }
    update_panels();
    doupdate();
    g_free(bar);
    g_free(amount);
}

bool progress_report(void *ctx, uint64_t done, uint64_t total)
{
    struct progress *p = ctx;
    int64_t now = g_get_monotonic_time();
    int key;

    if (p->cancelled)
        return false;
    if (p->drawn_at && now - p->drawn_at < REDRAW_US && done < total)
        return true;
    p->drawn_at = now;
    if (!p->panel)
        open_window(p);
    while ((key = app_read_key(p->app, 0)) != K_NONE) {
        if (key == K_ESC) {
            p->cancelled = true;
            return false;
        }
        if (key == K_F(KEY_RESIZE)) {
            p->resized = true;
            open_window(p);
        }
    }
    draw(p, done, total);
    return true;
}
