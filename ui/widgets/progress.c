/* progress.c - the progress dialog fed by a background job */
#include "widgets/progress.h"
#include "base/textwidth.h"

#include <ncursesw/panel.h>

#define REDRAW_MS 150

struct pdlg {
    struct app *app;
    struct job *job;
    const char *title, *text;
    WINDOW *win;
    PANEL *panel;
    char **lines;     /* text wrapped to the window */
    const char *note; /* the answer to the last Esc, translated, or NULL */
    bool resized;     /* the dialogs below have not seen the resize yet */
};

static const struct job *watched;

bool progress_watching(const struct job *job)
{
    return job && job == watched;
}

char *progress_bar_text(double fraction, int64_t elapsed_s, int w)
{
    int inner = MAX(3, w - 7), fill;
    GString *s = g_string_new("[");

    if (fraction >= 0) {
        fraction = MIN(fraction, 1.0);
        fill = (int)(fraction * inner + 0.5);
        for (int i = 0; i < inner; i++)
            g_string_append_c(s, i < fill ? '#' : '-');
        g_string_append_printf(s, "] %3d%%", (int)(fraction * 100));
    } else {
        fill = (int)(elapsed_s % MAX(1, inner - 2));
        for (int i = 0; i < inner; i++)
            g_string_append_c(s, i >= fill && i < fill + 3 ? '#' : '-');
        g_string_append_printf(s, "] %3llds", (long long)elapsed_s);
    }
    return g_string_free(s, FALSE);
}

char *progress_job_summary(const struct job *job)
{
    const char *what = _(job_what(job)), *obj = job_object(job);
    const char *tail = job_ok(job) ? job_result_text(job) : job_error(job)->msg;

    if (!*tail)
        tail = job_ok(job) ? _("Done.") : _("The task failed.");
    /* L10N: what was done, on which record, and how it ended */
    return *obj ? g_strdup_printf(_("%s '%s': %s"), what, obj, tail)
                : g_strdup_printf(_("%s: %s"), what, tail);
}

static void drop_window(struct pdlg *d)
{
    if (!d->panel)
        return;
    del_panel(d->panel);
    delwin(d->win);
    d->panel = NULL;
    d->win = NULL;
    update_panels();
}

/* The centred window: the text, the job's own line, the bar, the note. */
static void open_window(struct pdlg *d)
{
    int w = MIN(COLS, 64), h;

    drop_window(d);
    g_strfreev(d->lines);
    d->lines = tw_wrap(d->text, w - 4);
    h = MIN(LINES, (int)g_strv_length(d->lines) + 6);
    d->win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
    d->panel = new_panel(d->win);
    werase(d->win);
    tui_frame(d->win, d->title);
}

static void draw(struct pdlg *d)
{
    int w = getmaxx(d->win) - 4, h = getmaxy(d->win), y = 1, n = (int)g_strv_length(d->lines);
    char text[256] = "", *bar;
    const char *hint =
        job_cancellable(d->job) ? _(" Esc: cancel  b: background ") : _(" b: background ");
    double f;

    job_progress(d->job, &f, text, sizeof(text));
    for (int i = 0; i < n && y < h - 4; i++)
        tui_put_cell(d->win, y++, 2, w, d->lines[i], 0);
    tui_put_cell(d->win, y++, 2, w, text, 0);
    bar = progress_bar_text(f, job_elapsed_s(d->job), w);
    wattrset(d->win, tui_attr(TR_OK));
    tui_put_cell(d->win, y++, 2, w, bar, 0);
    wattrset(d->win, tui_attr(d->note ? TR_ERROR : TR_NORMAL));
    tui_put_cell(d->win, y, 2, w, d->note ? d->note : "", 0);
    wattrset(d->win, tui_attr(TR_DIM));
    if (tw_width(hint) + 4 <= w + 4)
        tui_put(d->win, h - 1, w + 2 - tw_width(hint), tw_width(hint), hint);
    wattrset(d->win, A_NORMAL);
    update_panels();
    doupdate();
    g_free(bar);
}

static void on_escape(struct pdlg *d)
{
    if (!job_cancellable(d->job))
        d->note = _("This task cannot be cancelled; b sends it to the background.");
    else if (job_cancel(d->job))
        d->note = _("Cancelling...");
}

enum progress_end progress_run(struct app *app, struct job *job, const char *title,
                               const char *text)
{
    struct pdlg d = {.app = app, .job = job, .title = title, .text = text};
    enum progress_end end = PROGRESS_ENDED;
    const struct job *outer = watched;

    watched = job;
    open_window(&d);
    while (!job_ended(job)) {
        int key;

        draw(&d);
        key = app_read_key(app, REDRAW_MS);
        if (key == K_F(KEY_RESIZE)) {
            d.resized = true;
            open_window(&d);
        } else if (key == K_ESC) {
            on_escape(&d);
        } else if (key == 'b' || key == 'B') {
            end = PROGRESS_BACKGROUND;
            break;
        }
    }
    watched = outer;
    drop_window(&d);
    doupdate();
    if (d.resized) /* let the dialog below lay itself out again */
        ungetch(KEY_RESIZE);
    g_strfreev(d.lines);
    return end;
}

bool progress_wait(struct app *app, struct job *job, const char *title, const char *text,
                   bool *background, struct dv_error *err)
{
    bool bg, ok;

    if (background)
        *background = false;
    if (!job)
        return false;
    bg = progress_run(app, job, title, text) == PROGRESS_BACKGROUND;
    ok = bg || job_ok(job);
    if (!ok && err)
        *err = *job_error(job);
    if (background)
        *background = bg;
    job_unref(job);
    return ok;
}

const char *progress_background_note(void)
{
    return _("The task goes on in the background; the Tasks page shows it.");
}
