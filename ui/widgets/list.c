/* list.c - the generic list page */
#include "widgets/list.h"
#include <ncursesw/panel.h>
#include "widgets/dialog.h"
#include "base/textwidth.h"

#include <stdarg.h>
#include <string.h>


struct list_page {
    const struct list_def *def;
    void *ctx;   /* the page's context (list_run_modal) */
    bool sysadm; /* the session's role, for LN_SYSADM */
    struct form_view *query;
    char **applied;        /* query values in force (C3) */
    bool query_focus;
    struct list_rows rows;
    int64_t offset;        /* index of the first row shown */
    int64_t fetched_at;    /* monotonic seconds of the last fetch */
    int page_size;         /* rows that fit, from the last layout */
    int sel;               /* selected row on this page, -1 none */
    bool loaded;
    WINDOW *query_win;     /* where the query row was placed */
    int query_y, query_w;
};

void list_rows_free(struct list_rows *r)
{
    for (int i = 0; i < r->n; i++)
        g_strfreev(r->rows[i].cells);
    g_free(r->rows);
    memset(r, 0, sizeof(*r));
}

void list_rows_add(struct list_rows *r, int64_t id, int n, ...)
{
    va_list ap;
    struct list_row *row;

    r->rows = g_renew(struct list_row, r->rows, r->n + 1);
    row = &r->rows[r->n++];
    row->id = id;
    row->state = 0;
    row->cells = g_new0(char *, n + 1);
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        char *c = va_arg(ap, char *);

        row->cells[i] = c ? c : g_strdup("");
    }
    va_end(ap);
}

static struct list_page *open_page(struct app *app, const struct list_def *def, void *ctx)
{
    struct list_page *lp = g_new0(struct list_page, 1);

    lp->def = def;
    lp->ctx = ctx;
    lp->sysadm = app->actor.sysadm;
    lp->sel = lp->def->start_unselected ? -1 : 0;
    if (lp->def->query) {
        lp->query = fv_new(lp->def->query, NULL);
        lp->applied = fv_values(lp->query);
    }
    return lp;
}

void list_rows_set_state(struct list_rows *r, unsigned state)
{
    if (r->n > 0)
        r->rows[r->n - 1].state = state;
}

void *list_open(struct app *app, const void *data)
{
    return open_page(app, data, NULL);
}

void *list_ctx(const struct list_page *lp)
{
    return lp->ctx;
}

void list_close(void *state)
{
    struct list_page *lp = state;

    list_rows_free(&lp->rows);
    fv_free(lp->query);
    g_strfreev(lp->applied);
    g_free(lp);
}

static void fetch(struct app *app, struct list_page *lp)
{
    struct dv_error err = {0};
    struct list_rows rows = {0};

    if (!lp->def->fetch(app, lp->ctx, lp->applied, lp->offset, lp->page_size, &rows, &err)) {
        app_status_error(app, &err);
        list_rows_free(&rows);
        return;
    }
    list_rows_free(&lp->rows);
    lp->rows = rows;
    lp->loaded = true;
    lp->fetched_at = g_get_monotonic_time() / G_USEC_PER_SEC;
    if (lp->rows.n == 0 && lp->offset > 0 && lp->rows.total > 0) {
        lp->offset = MAX(0, ((lp->rows.total - 1) / lp->page_size) * lp->page_size);
        fetch(app, lp);
        return;
    }
    if (lp->sel >= lp->rows.n)
        lp->sel = lp->rows.n - 1;
    if (lp->sel < 0 && !lp->def->start_unselected && lp->rows.n > 0)
        lp->sel = 0;
}

void list_reload(struct app *app, struct list_page *lp)
{
    lp->loaded = false;
    (void)app;
}

/* ---------------------------------------------------------------- drawing */

static const struct list_row *selected(const struct list_page *lp)
{
    return lp->sel >= 0 && lp->sel < lp->rows.n ? &lp->rows.rows[lp->sel] : NULL;
}

/* Why a cannot run now (g_free it), or NULL. */
static char *refusal(const struct list_page *lp, const struct list_action *a)
{
    return list_action_refusal(a, lp->def->states, lp->ctx, selected(lp), lp->sysadm);
}

static bool action_enabled(const struct list_page *lp, const struct list_action *a)
{
    char *why = refusal(lp, a);

    g_free(why);
    return why == NULL;
}

/* Draw (or just measure when win is NULL) the toolbar from row y; returns its rows. */
static int toolbar(WINDOW *win, const struct list_page *lp, int y, int w)
{
    int x = 0, rows = lp->def->nactions ? 1 : 0;

    for (int i = 0; i < lp->def->nactions; i++) {
        const struct list_action *a = &lp->def->actions[i];
        char *label = g_strdup_printf("[%lc]%s", (wint_t)a->key, _(a->label));
        int lw = tw_width(label);

        if (x > 0 && x + lw > w) {
            rows++;
            y++;
            x = 0;
        }
        if (win) {
            bool on = action_enabled(lp, a);

            wattrset(win, on ? tui_attr(TR_KEY) : tui_attr(TR_DIM));
            x += tui_put(win, y, x, w - x, "[");
            x += tui_put(win, y, x, w - x, label + 1);
            wattrset(win, A_NORMAL);
            x += 1;
        } else {
            x += lw + 1;
        }
        g_free(label);
    }
    return rows;
}

static bool column_shown(const struct list_column *c, int w)
{
    return c->hide_below == 0 || w >= c->hide_below;
}

/* Cells of the widest value of column c on this page. */
static int data_width(const struct list_page *lp, int c)
{
    int w = 0;

    for (int i = 0; i < lp->rows.n; i++)
        w = MAX(w, tw_width(lp->rows.rows[i].cells[c]));
    return w;
}

/* Take up to `excess` cells from the shown columns, one at a time from the
 * one furthest above its floor[] (so cuts are spread); returns what is left. */
static int shrink(const struct list_def *d, int *out, const int *floor, int excess)
{
    while (excess > 0) {
        int best = -1;

        for (int i = 0; i < d->ncolumns; i++)
            if (out[i] > floor[i] && (best < 0 || out[i] - floor[i] > out[best] - floor[best]))
                best = i;
        if (best < 0)
            break;
        out[best]--;
        excess--;
    }
    return excess;
}

/* Width of the 序号 column: its header or its largest number on this page. */
static int no_width(const struct list_page *lp)
{
    char buf[24];

    g_snprintf(buf, sizeof(buf), "%lld", (long long)(lp->offset + MAX(lp->rows.n, 1)));
    return MAX(tw_width(_("No.")), (int)strlen(buf));
}

/* Widths of the columns in w cells (0 for a hidden one): each column gets
 * its header or data width; when that is too much, headers are cut first,
 * then the data down to min_width, then anything; spare cells go by weight. */
static void column_widths(const struct list_page *lp, int w, int *out)
{
    const struct list_def *d = lp->def;
    int avail = w - no_width(lp), sum = 0, weights = 0, spare;
    int data[32] = {0}, mins[32] = {0}, zero[32] = {0};

    for (int i = 0; i < d->ncolumns; i++) {
        const struct list_column *c = &d->columns[i];

        out[i] = 0;
        if (!column_shown(c, w))
            continue;
        data[i] = MAX(data_width(lp, i), MIN(c->min_width, tw_width(_(c->header))));
        mins[i] = MIN(c->min_width, data[i]);
        out[i] = MAX(data[i], tw_width(_(c->header)));
        avail--; /* the separator */
        sum += out[i];
        weights += c->weight;
    }
    spare = avail - sum;
    if (spare < 0)
        shrink(d, out, zero, shrink(d, out, mins, shrink(d, out, data, -spare)));
    for (int i = 0; i < d->ncolumns && spare > 0 && weights > 0; i++)
        if (out[i] > 0)
            out[i] += spare * d->columns[i].weight / weights;
}

static void draw_row(WINDOW *win, const struct list_def *d, int y, const int *cw, int nw,
                     const char *no, char **cells)
{
    int x = nw + 1;

    tui_put_cell(win, y, 0, nw, no, 1);
    for (int c = 0; c < d->ncolumns; c++) {
        if (cw[c] <= 0)
            continue;
        tui_put_cell(win, y, x, cw[c], cells ? cells[c] : _(d->columns[c].header),
                     d->columns[c].align);
        x += cw[c] + 1;
    }
}

static void draw_table(WINDOW *win, struct list_page *lp, int y, int h, int w, bool focused)
{
    int cw[32], nw = no_width(lp);

    column_widths(lp, w, cw);
    wattrset(win, tui_attr(TR_HEADER));
    tui_blank(win, y, 0, w);
    draw_row(win, lp->def, y, cw, nw, _("No."), NULL);
    wattrset(win, A_NORMAL);
    for (int i = 0; i < h; i++) {
        char no[24];

        tui_blank(win, y + 1 + i, 0, w);
        if (i >= lp->rows.n)
            continue;
        if (i == lp->sel)
            wattrset(win, tui_attr(focused && !lp->query_focus ? TR_SEL : TR_SEL_DIM));
        tui_blank(win, y + 1 + i, 0, w);
        g_snprintf(no, sizeof(no), "%lld", (long long)(lp->offset + i + 1));
        draw_row(win, lp->def, y + 1 + i, cw, nw, no, lp->rows.rows[i].cells);
        wattrset(win, A_NORMAL);
    }
}

static void draw_pager(WINDOW *win, const struct list_page *lp, int y, int w)
{
    long long first = lp->rows.n ? lp->offset + 1 : 0, last = lp->offset + lp->rows.n;
    char *text;

    /* L10N: the paging bar; the manual writes 第 a - b 个 (共 n 项目数) */
    text = g_strdup_printf(_("Items %lld - %lld (of %lld)"), first, last,
                           (long long)lp->rows.total);
    tui_blank(win, y, 0, w);
    wattrset(win, tui_attr(TR_DIM));
    tui_put(win, y, 0, w, text);
    wattrset(win, A_NORMAL);
    g_free(text);
}

static void place_query(struct list_page *lp, WINDOW *win, int y, int w)
{
    if (lp->query_win == win && lp->query_y == y && lp->query_w == w)
        return;
    for (int i = 0; i < fv_height(lp->query, w); i++)
        tui_blank(win, y + i, 0, w);
    fv_place(lp->query, win, y, 0, w);
    lp->query_win = win;
    lp->query_y = y;
    lp->query_w = w;
}

void list_draw(struct app *app, void *state, WINDOW *win, bool focused)
{
    struct list_page *lp = state;
    int h = getmaxy(win), w = getmaxx(win), y = 0, qh, th, ps;
    int tb = toolbar(NULL, lp, 0, w); /* its rows: drawn after the fetch */

    wattrset(win, tui_attr(TR_TITLE));
    tui_put_cell(win, y++, 0, w, _(lp->def->title), 0);
    wattrset(win, A_NORMAL);
    for (int i = 0; i < tb; i++)
        tui_blank(win, y + i, 0, w);
    qh = lp->query ? fv_height(lp->query, w) : 0;
    if (lp->query)
        place_query(lp, win, y + tb, w);
    th = h - y - tb - qh - 2; /* header and pager */
    ps = MAX(1, th);
    if (ps != lp->page_size) {
        lp->page_size = ps;
        lp->offset = lp->offset / ps * ps;
        lp->loaded = false;
    }
    if (lp->def->refresh_s > 0 &&
        g_get_monotonic_time() / G_USEC_PER_SEC - lp->fetched_at >= lp->def->refresh_s)
        lp->loaded = false;
    if (!lp->loaded)
        fetch(app, lp);
    /* after the fetch: the toolbar shows what the selected row allows */
    toolbar(win, lp, y, w);
    y += tb + qh;
    draw_table(win, lp, y, th, w, focused);
    draw_pager(win, lp, h - 1, w);
    if (lp->query)
        fv_draw(lp->query, focused && lp->query_focus);
    else
        curs_set(0);
    if (!(focused && lp->query_focus))
        curs_set(0);
}

/* ---------------------------------------------------------------- keys */

static int query_key(struct app *app, struct list_page *lp, int key)
{
    int r = fv_key(lp->query, key);

    if (r == 0) { /* 查询: apply the conditions */
        g_strfreev(lp->applied);
        lp->applied = fv_values(lp->query);
        lp->offset = 0;
        lp->sel = lp->def->start_unselected ? -1 : 0;
        lp->loaded = false;
        app_status(app, STATUS_INFO, "%s", "");
        return UI_REDRAW;
    }
    if (r == 1) { /* 重置: clear the inputs only */
        fv_clear(lp->query);
        return UI_REDRAW;
    }
    if (r == FV_LEAVE || (r == FV_IGNORED && key == K_F(KEY_DOWN))) {
        lp->query_focus = false;
        return UI_REDRAW;
    }
    return r == FV_CONSUMED ? UI_REDRAW : UI_UNHANDLED;
}

static void go_page(struct list_page *lp, int64_t offset, int sel)
{
    int64_t last = lp->rows.total > 0 ? (lp->rows.total - 1) / lp->page_size * lp->page_size : 0;

    offset = CLAMP(offset, 0, last);
    if (offset != lp->offset)
        lp->loaded = false;
    lp->offset = offset;
    lp->sel = sel;
}

static int move_key(struct list_page *lp, int key)
{
    int n = lp->rows.n, ps = lp->page_size;

    switch (key) {
    case K_F(KEY_UP):
        if (lp->sel > 0)
            lp->sel--;
        else if (lp->offset > 0)
            go_page(lp, lp->offset - ps, ps - 1);
        else if (lp->sel < 0 && n > 0)
            lp->sel = 0;
        return UI_REDRAW;
    case K_F(KEY_DOWN):
        if (lp->sel + 1 < n)
            lp->sel++;
        else if (lp->offset + n < lp->rows.total)
            go_page(lp, lp->offset + ps, 0);
        return UI_REDRAW;
    case K_F(KEY_PPAGE):
        go_page(lp, lp->offset - ps, 0);
        return UI_REDRAW;
    case K_F(KEY_NPAGE):
        go_page(lp, lp->offset + ps, 0);
        return UI_REDRAW;
    case K_F(KEY_HOME):
        go_page(lp, 0, 0);
        return UI_REDRAW;
    case K_F(KEY_END):
        go_page(lp, lp->rows.total, 0);
        lp->sel = INT32_MAX; /* clamped to the last row once loaded */
        return UI_REDRAW;
    case ' ':
        if (n > 0 && lp->sel < 0)
            lp->sel = 0;
        return UI_REDRAW;
    }
    return UI_UNHANDLED;
}

/* Every column of the selected row, one per line, in a dialog. */
static int show_details(struct app *app, struct list_page *lp)
{
    GString *text = g_string_new(NULL);
    const struct list_row *row;

    if (lp->sel < 0 || lp->sel >= lp->rows.n)
        return UI_UNHANDLED;
    row = &lp->rows.rows[lp->sel];
    for (int c = 0; c < lp->def->ncolumns; c++)
        g_string_append_printf(text, "%s: %s\n", _(lp->def->columns[c].header), row->cells[c]);
    dialog_text(app, _(lp->def->title), text->str);
    g_string_free(text, TRUE);
    return UI_REDRAW;
}

/* The one dispatcher: an action runs only when its prerequisites hold;
 * otherwise the status line says why and nothing else happens. */
static int run_action(struct app *app, struct list_page *lp, const struct list_action *a)
{
    char *why = refusal(lp, a);
    int flags;

    if (why) {
        app_status(app, STATUS_ERROR, "%s", why);
        g_free(why);
        return UI_REDRAW;
    }
    flags = a->run(app, lp, (a->needs & LN_ROW) ? selected(lp) : NULL);
    if (flags & UI_RELOAD)
        lp->loaded = false;
    return flags | UI_REDRAW;
}

int list_key(struct app *app, void *state, int key)
{
    struct list_page *lp = state;
    int r;

    if (lp->query_focus)
        return query_key(app, lp, key);
    if (lp->sel == INT32_MAX)
        lp->sel = lp->rows.n - 1;
    r = move_key(lp, key);
    if (r)
        return r;
    for (int i = 0; i < lp->def->nactions; i++)
        if (lp->def->actions[i].key == key)
            return run_action(app, lp, &lp->def->actions[i]);
    switch (key) {
    case '/':
        if (!lp->query)
            return UI_UNHANDLED;
        lp->query_focus = true;
        fv_focus_first(lp->query);
        return UI_REDRAW;
    case K_F(KEY_F(5)):
    case K_CTRL('r'):
        lp->loaded = false;
        return UI_REDRAW;
    case K_ENTER:
    case '\r':
    case K_F(KEY_ENTER):
        return show_details(app, lp);
    case K_ESC:
    case K_TAB:
        return UI_NAV;
    }
    return UI_UNHANDLED;
}

void list_help(void *state, GString *out)
{
    struct list_page *lp = state;

    for (int i = 0; i < lp->def->nactions; i++)
        g_string_append_printf(out, "  %lc  %s\n", (wint_t)lp->def->actions[i].key,
                               _(lp->def->actions[i].label));
    if (lp->query)
        g_string_append_printf(out, "  /  %s\n", _("Go to the query row (Enter: query)"));
    g_string_append_printf(out, "  %s  %s\n", _("Up/Down, PgUp/PgDn, Home/End"),
                           _("Move the selection, change page"));
    g_string_append_printf(out, "  Enter  %s\n", _("Show every column of the selected row"));
}

int list_confirm_op(struct app *app, const char *title, char *question, char *done,
                    bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *),
                    int64_t id)
{
    struct dv_error err = {0};
    int flags = UI_REDRAW;

    if (dialog_confirm(app, title, question)) {
        if (op(app->db, &app->actor, id, &err))
            app_status(app, STATUS_OK, "%s", done);
        else
            app_status_error(app, &err);
        flags = UI_RELOAD;
    }
    g_free(question);
    g_free(done);
    return flags;
}

/* ---------------------------------------------------------------- modal */

void list_run_modal(struct app *app, const struct list_def *def, void *ctx)
{
    struct list_page *lp = open_page(app, def, ctx);
    WINDOW *win = NULL;
    PANEL *panel = NULL;
    int key = K_F(KEY_RESIZE);

    app->modal++;
    for (;;) {
        if (key == K_F(KEY_RESIZE)) {
            if (panel) {
                del_panel(panel);
                delwin(win);
            }
            win = newwin(MAX(3, LINES - 3), COLS, 1, 0); /* the status line stays visible */
            panel = new_panel(win);
            werase(win);
            lp->query_win = NULL; /* place the query row again */
        } else {
            int r = list_key(app, lp, key);

            /* the keys every page shares (app.h), q quitting as elsewhere */
            if (r == UI_UNHANDLED)
                r = app_common_key(app, key, lp->query_focus, list_help, lp);
            if ((r & UI_NAV) || (r == UI_UNHANDLED && key == K_ESC) || app_leaving(app))
                break;
        }
        list_draw(app, lp, win, true);
        app_draw_status(app);
        update_panels();
        doupdate();
        key = app_read_key(app, -1);
    }
    app->modal--;
    del_panel(panel);
    delwin(win);
    list_close(lp);
    update_panels();
    curs_set(0);
}
