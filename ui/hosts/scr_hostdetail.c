/* scr_hostdetail.c - 详细信息: a host's static information and live charts
 * (M6.2.2.2a) with the refresh interval (M6.2.2.2b) */
#include "hosts/scr_hostdetail.h"
#include "widgets/chart.h"
#include "widgets/form.h"
#include "hosts/host.h"
#include "hosts/service.h"
#include "base/textwidth.h"
#include "base/util.h"
#include "base/validate.h"

#include <ncursesw/panel.h>

#define HD_NCHARTS      4
#define HD_SAMPLES      1024 /* kept per chart: 512 braille cells across */
#define HD_GRID_MIN_W   48   /* two charts side by side from this width */
#define HD_CHART_MIN_W  16   /* narrower charts are stacked */
#define HD_STACK_MIN_H  5    /* stacked charts need this many rows each */
#define HD_CHARTS_MIN_H 8    /* rows the charts keep before the information */
#define HD_LOADING_POLL 1000 /* ms between reads while waiting for a first sample */
#define HD_FIELD        "interval"

enum hd_focus { HD_FOCUS_FIELD, HD_FOCUS_BUTTON, HD_FOCUS_CHARTS, HD_NFOCUS };

/* The four charts: name, unit, y-axis top (0 = auto-scale), colour. */
struct hd_chart {
    const char *name;
    const char *unit;
    double max;
    enum tui_role role;
};

static const struct hd_chart hd_charts[HD_NCHARTS] = {
    {.name = N_("CPU"), .unit = "%", .max = 100, .role = TR_OK},
    {.name = N_("MEMORY"), .unit = "%", .max = 100, .role = TR_TITLE},
    {.name = N_("DISK"), .unit = "%", .max = 100, .role = TR_KEY},
    {.name = N_("NET"), .unit = "MiB/s", .max = 0, .role = TR_ERROR},
};

static const struct fv_field hd_fields[] = {
    {.key = HD_FIELD,
     .label = N_("Refresh interval (s)"),
     .kind = FV_TEXT,
     .max = 6,
     .width = 6,
     .hint = N_("Seconds between refreshes, a whole number of at least 5; Enter sets it.")},
};
static const char *const hd_buttons[] = {N_("Set"), NULL};
static const struct fv_def hd_form = {
    .fields = hd_fields, .nfields = 1, .buttons = hd_buttons, .layout = FV_ROW};

struct hostdetail {
    struct app *app;
    int64_t id;
    struct host host;      /* as last read */
    enum host_shown state; /* its state as the host list shows it */
    bool loaded;           /* the first sample arrived */
    struct chart_series series[HD_NCHARTS];
    bool shown[HD_NCHARTS];
    int legend; /* the chart chosen on the legend */
    enum hd_focus focus;
    int interval;    /* seconds, in force */
    int64_t next_ms; /* monotonic time of the next refresh */
    WINDOW *win;
    PANEL *panel;
    struct form_view *fv;
    int body_y; /* first row under the form */
    bool done;
};

static int64_t hd_now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* ---------------------------------------------------------------- data */

/* Push the host's current metrics, a gap for each unavailable one. */
static void hd_push(struct hostdetail *hd, bool readable)
{
    const struct host_sample *s = &hd->host.now;

    chart_series_push(&hd->series[0], s->cpu_pct, readable && s->has_cpu);
    chart_series_push(&hd->series[1], s->mem_pct, readable && s->has_mem);
    chart_series_push(&hd->series[2], s->disk_pct, readable && s->has_disk);
    chart_series_push(&hd->series[3], s->net_mbps, readable && s->has_net);
}

/* The host has a sample: a metric available, or it is stopped (all gaps). */
static bool hd_has_sample(const struct host *h)
{
    const struct host_sample *s = &h->now;

    return !h->running || s->has_cpu || s->has_mem || s->has_disk || s->has_net;
}

/* Read the host again and push its metrics once it has a sample. */
static void hd_refresh(struct hostdetail *hd)
{
    struct host h = {0};
    struct dv_error err = {0};
    struct service_watch w = {0};
    bool readable = service_watch_load(hd->app->db, dv_now(), &w, &err) &&
                    host_get(hd->app->db, hd->id, &h, &err);
    bool unknown = false;

    if (readable) {
        host_clear(&hd->host);
        hd->host = h;
        hd->state = service_host_shown(&w, &hd->host);
        /* nobody watches the host: its stored metrics are as stale as its
         * state, so the charts get gaps */
        unknown = hd->state == HOST_SHOWN_UNKNOWN;
    } else {
        host_clear(&h);
        app_status_error(hd->app, &err);
    }
    service_watch_clear(&w);
    if (!hd->loaded && readable && (unknown || hd_has_sample(&hd->host)))
        hd->loaded = true;
    if (hd->loaded)
        hd_push(hd, readable && !unknown);
    hd->next_ms = hd_now_ms() + (hd->loaded ? hd->interval * 1000LL : HD_LOADING_POLL);
}

/* Milliseconds until the next refresh is due. */
static int hd_wait_ms(const struct hostdetail *hd)
{
    return (int)CLAMP(hd->next_ms - hd_now_ms(), 0, HOSTDETAIL_MAX_INTERVAL * 1000LL);
}

/* ---------------------------------------------------------------- the interval */

static void hd_set(struct hostdetail *hd)
{
    struct dv_error err = {0};
    char **v = fv_values(hd->fv);
    long n;

    if (validate_int_range(HD_FIELD, _("Refresh interval (s)"), v[0], HOSTDETAIL_MIN_INTERVAL,
                           HOSTDETAIL_MAX_INTERVAL, &n, &err)) {
        char text[24];

        hd->interval = (int)n;
        if (hd->loaded)
            hd->next_ms = hd_now_ms() + n * 1000;
        g_snprintf(text, sizeof(text), "%ld", n);
        fv_set_value(hd->fv, 0, text);
        fv_clear_error(hd->fv);
        app_status(hd->app, STATUS_OK, "%s", _("Set successfully."));
    } else {
        fv_set_error(hd->fv, &err); /* focuses the field */
        hd->focus = HD_FOCUS_FIELD;
        app_status_error(hd->app, &err);
    }
    g_strfreev(v);
}

/* ---------------------------------------------------------------- focus */

/* Give the form its part of the focus: the field or the button. */
static void hd_focus_form(struct hostdetail *hd)
{
    fv_focus_first(hd->fv);
    if (hd->focus == HD_FOCUS_BUTTON)
        fv_key(hd->fv, K_TAB);
}

/* The field's hint in the status line. */
static void hd_show_hint(struct hostdetail *hd)
{
    const char *hint = fv_hint(hd->fv);

    app_hint(hd->app, hint);
}

static void hd_move_focus(struct hostdetail *hd, int dir)
{
    hd->focus = (enum hd_focus)((hd->focus + dir + HD_NFOCUS) % HD_NFOCUS);
    hd_focus_form(hd);
    if (hd->focus == HD_FOCUS_FIELD)
        hd_show_hint(hd);
}

/* ---------------------------------------------------------------- layout */

static void hd_drop_window(struct hostdetail *hd)
{
    if (hd->panel)
        del_panel(hd->panel);
    if (hd->win)
        delwin(hd->win);
    hd->panel = NULL;
    hd->win = NULL;
}

/* (Re)create the window over the screen above the status line and place the
 * form in it; the form view is made anew (keeping its text) so that no
 * field outlives its window. */
static void hd_layout(struct hostdetail *hd)
{
    char **values = hd->fv ? fv_values(hd->fv) : NULL;
    char text[24];

    fv_free(hd->fv);
    hd_drop_window(hd);
    g_snprintf(text, sizeof(text), "%d", hd->interval);
    hd->fv = fv_new(&hd_form, values ? values : (char *[]){text, NULL});
    g_strfreev(values);
    hd->win = newwin(MAX(LINES - 2, 3), MAX(COLS, 10), 0, 0);
    if (!hd->win)
        return;
    keypad(hd->win, TRUE);
    hd->panel = new_panel(hd->win);
    werase(hd->win);
    hd->body_y = 1 + fv_place(hd->fv, hd->win, 1, 2, getmaxx(hd->win) - 4);
    hd_focus_form(hd);
}

/* ---------------------------------------------------------------- drawing */

static void hd_draw_frame(struct hostdetail *hd)
{
    int h = getmaxy(hd->win), w = getmaxx(hd->win);
    /* L10N: the host details view's title; %s is the host name */
    char *title = g_strdup_printf(_("Host details: %s"), hd->host.name ? hd->host.name : "");
    /* L10N: key hint at the bottom of the host details view */
    const char *hint = _(" Tab: next  Enter: set  1-4: show/hide charts  Esc: close ");
    int hw = tw_width(hint);

    tui_frame(hd->win, title);
    if (hw + 4 <= w) {
        wattrset(hd->win, tui_attr(TR_DIM));
        tui_put(hd->win, h - 1, w - hw - 2, hw, hint);
        wattrset(hd->win, A_NORMAL);
    }
    g_free(title);
}

/* One "label: value" of the static information. */
struct hd_item {
    const char *label; /* msgid */
    char *value;
    enum tui_role role;
};

static int hd_items(const struct host *h, enum host_shown state, struct hd_item *it)
{
    static const enum tui_role role[] = {
        [HOST_SHOWN_STOPPED] = TR_ERROR,
        [HOST_SHOWN_RUNNING] = TR_OK,
        [HOST_SHOWN_UNKNOWN] = TR_ERROR,
    };
    char t[DV_TIME_LEN];
    int n = 0;

    it[n++] =
        (struct hd_item){.label = N_("Host name"), .value = g_strdup(h->name), .role = TR_NORMAL};
    it[n++] = (struct hd_item){.label = N_("Current state"),
                               .value = g_strdup(_(service_shown_label(state))),
                               .role = role[state]};
    it[n++] = (struct hd_item){.label = N_("IP address"),
                               .value = g_strdup(h->ip && *h->ip ? h->ip : "-"),
                               .role = TR_NORMAL};
    it[n++] = (struct hd_item){.label = N_("UUID"), .value = g_strdup(h->uuid), .role = TR_NORMAL};
    it[n++] = (struct hd_item){
        .label = N_("CPU model"), .value = g_strdup(h->cpu_model), .role = TR_NORMAL};
    it[n++] = (struct hd_item){
        .label = N_("CPU cores"), .value = g_strdup_printf("%d", h->cpu_cores), .role = TR_NORMAL};
    it[n++] = (struct hd_item){.label = N_("Total memory (MiB)"),
                               .value = g_strdup_printf("%lld", (long long)h->mem_total_mb),
                               .role = TR_NORMAL};
    it[n++] = (struct hd_item){.label = N_("Max VCPUs allowed"),
                               .value = g_strdup_printf("%d", h->max_vcpus),
                               .role = TR_NORMAL};
    it[n++] = (struct hd_item){.label = N_("Max VMEM (MiB)"),
                               .value = g_strdup_printf("%lld", (long long)h->max_vmem_mb),
                               .role = TR_NORMAL};
    it[n++] = (struct hd_item){
        .label = N_("Last seen"),
        .value = g_strdup(h->has_last_seen ? dv_format_time(h->last_seen, t) : "-"),
        .role = TR_NORMAL};
    return n;
}

/* Draw one item at (y, x) in at most w cells; returns the cells used. */
static int hd_put_item(WINDOW *win, int y, int x, int w, const struct hd_item *it)
{
    char *label = g_strdup_printf("%s: ", _(it->label));
    int used = tui_put(win, y, x, w, label);

    wattrset(win, it->role == TR_NORMAL ? A_BOLD : tui_attr(it->role));
    used += tui_put(win, y, x + used, w - used, it->value ? it->value : "");
    wattrset(win, A_NORMAL);
    g_free(label);
    return used;
}

/* The static information flowed into rows of w cells from (y, x), at most
 * max_rows of them (the items that do not fit are left out); returns the
 * rows used.  Every row used is blanked first. */
static int hd_draw_info(struct hostdetail *hd, int y, int x, int w, int max_rows)
{
    struct hd_item it[12];
    int n = hd_items(&hd->host, hd->state, it), row = 0, cx = 0;

    tui_blank(hd->win, y, x, w);
    for (int i = 0; i < n; i++) {
        char *label = g_strdup_printf("%s: ", _(it[i].label));
        int iw = tw_width(label) + tw_width(it[i].value ? it[i].value : "");

        if (cx > 0 && cx + iw > w) {
            row++;
            cx = 0;
            if (row < max_rows)
                tui_blank(hd->win, y + row, x, w);
        }
        if (row < max_rows)
            cx += hd_put_item(hd->win, y + row, x + cx, w - cx, &it[i]) + 3;
        g_free(label);
        g_free(it[i].value);
    }
    return MIN(row + 1, max_rows);
}

/* "[x] 1 CPU  [ ] 2 MEMORY ..." and the interval in force at the right. */
static void hd_draw_legend(struct hostdetail *hd, int y, int x, int w)
{
    /* L10N: at the right of the legend; %d is the refresh interval in seconds */
    char *every = g_strdup_printf(_("Refreshed every %d s"), hd->interval);
    int ew = tw_width(every), cx = 0;

    tui_blank(hd->win, y, x, w);
    for (int i = 0; i < HD_NCHARTS; i++) {
        char *t =
            g_strdup_printf("[%s] %d %s", hd->shown[i] ? "x" : " ", i + 1, _(hd_charts[i].name));
        bool sel = hd->focus == HD_FOCUS_CHARTS && hd->legend == i;

        wattrset(hd->win, sel ? tui_attr(TR_SEL) : tui_attr(TR_KEY));
        cx += tui_put(hd->win, y, x + cx, w - cx, t);
        wattrset(hd->win, A_NORMAL);
        cx += 2;
        g_free(t);
    }
    if (cx + ew <= w) {
        wattrset(hd->win, tui_attr(TR_DIM));
        tui_put(hd->win, y, x + w - ew, ew, every);
        wattrset(hd->win, A_NORMAL);
    }
    g_free(every);
}

/* A message centred in the h x w area at (y, x), blanked first. */
static void hd_draw_note(struct hostdetail *hd, int y, int x, int h, int w, const char *msg)
{
    for (int r = 0; r < h; r++)
        tui_blank(hd->win, y + r, x, w);
    if (h > 0) {
        wattrset(hd->win, tui_attr(TR_DIM));
        tui_put_cell(hd->win, y + h / 2, x, w, msg, 2);
        wattrset(hd->win, A_NORMAL);
    }
}

static void hd_draw_chart(struct hostdetail *hd, int c, int y, int x, int h, int w)
{
    struct chart_opts o = {
        .max = hd_charts[c].max,
        .role = hd_charts[c].role,
        .focused = hd->focus == HD_FOCUS_CHARTS && hd->legend == c,
    };

    chart_draw(hd->win, y, x, h, w, &o, &hd->series[c]);
}

/* Charts a row for k charts in h x w cells: two when wide enough, or when
 * stacking would leave each too short; else one. */
static int hd_grid_cols(int k, int h, int w)
{
    if (k < 2 || w < 2 * HD_CHART_MIN_W)
        return 1;
    if (w >= HD_GRID_MIN_W)
        return 2;
    return h / k >= HD_STACK_MIN_H ? 1 : 2;
}

/* The shown charts in the h x w area at (y, x), in rows of hd_grid_cols
 * (the last one alone spans its row); every cell is drawn. */
static void hd_draw_charts(struct hostdetail *hd, int y, int x, int h, int w)
{
    int idx[HD_NCHARTS], k = 0, cols, rows;

    for (int i = 0; i < HD_NCHARTS; i++)
        if (hd->shown[i])
            idx[k++] = i;
    if (k == 0) {
        hd_draw_note(hd, y, x, h, w, _("Every chart is hidden; press 1-4 to show one."));
        return;
    }
    cols = hd_grid_cols(k, h, w);
    rows = (k + cols - 1) / cols;
    for (int i = 0; i < k; i++) {
        int r = i / cols, c = i % cols, in_row = MIN(cols, k - r * cols);
        int cy = y + r * h / rows, ch = (r + 1) * h / rows - r * h / rows;
        int cx = x + c * w / in_row, cw = (c + 1) * w / in_row - c * w / in_row;

        hd_draw_chart(hd, idx[i], cy, cx, ch, cw);
    }
}

static void hd_draw(struct hostdetail *hd)
{
    int h, w, y, free_rows;

    if (!hd->win)
        return;
    h = getmaxy(hd->win);
    w = getmaxx(hd->win);
    hd_draw_frame(hd);
    y = hd->body_y;
    free_rows = h - 1 - y; /* down to the bottom border */
    if (free_rows > 0)     /* the information yields to the charts when short */
        y += hd_draw_info(hd, y, 2, w - 4, CLAMP(free_rows - 1 - HD_CHARTS_MIN_H, 1, free_rows));
    if (y < h - 1)
        hd_draw_legend(hd, y++, 2, w - 4);
    if (!hd->loaded)
        hd_draw_note(hd, y, 1, h - 1 - y, w - 2, _("Loading..."));
    else
        hd_draw_charts(hd, y, 1, h - 1 - y, w - 2);
    app_draw_status(hd->app);
    fv_draw(hd->fv, hd->focus != HD_FOCUS_CHARTS); /* last: it places the cursor */
    update_panels();
    doupdate();
}

/* ---------------------------------------------------------------- keys */

static void hd_toggle(struct hostdetail *hd, int c)
{
    hd->shown[c] = !hd->shown[c];
    hd->legend = c;
}

static bool hd_charts_key(struct hostdetail *hd, int key)
{
    switch (key) {
    case K_F(KEY_LEFT):
        hd->legend = (hd->legend + HD_NCHARTS - 1) % HD_NCHARTS;
        return true;
    case K_F(KEY_RIGHT):
        hd->legend = (hd->legend + 1) % HD_NCHARTS;
        return true;
    case ' ':
    case K_ENTER:
    case '\r':
    case K_F(KEY_ENTER):
        hd_toggle(hd, hd->legend);
        return true;
    }
    return false;
}

static bool is_close_key(const struct hostdetail *hd, int key)
{
    (void)hd;
    return key == K_ESC;
}

/* Keys of the form: editing, Enter and F2 set; Left/Right leave the button. */
static void hd_form_key(struct hostdetail *hd, int key)
{
    int r;

    if (hd->focus == HD_FOCUS_BUTTON && (key == K_F(KEY_LEFT) || key == K_F(KEY_RIGHT))) {
        hd_move_focus(hd, key == K_F(KEY_LEFT) ? -1 : 1);
        return;
    }
    r = fv_key(hd->fv, key);
    if (r == 0)
        hd_set(hd);
    else if (r == FV_CONSUMED && hd->app->status_kind == STATUS_ERROR)
        hd_show_hint(hd);
}

static void hd_key(struct hostdetail *hd, int key)
{
    if (key == K_F(KEY_RESIZE)) {
        hd_layout(hd);
    } else if (is_close_key(hd, key)) {
        hd->done = true;
    } else if (app_common_key(hd->app, key, hd->focus == HD_FOCUS_FIELD, NULL, NULL)) {
        hd->done = app_leaving(hd->app); /* F1 help, F10/q quit, F8 logout */
    } else if (key == K_TAB || key == K_F(KEY_BTAB)) {
        hd_move_focus(hd, key == K_TAB ? 1 : -1);
    } else if (key == K_F(KEY_F(5)) || key == K_CTRL('r')) {
        hd_refresh(hd);
    } else if (hd->focus != HD_FOCUS_FIELD && key >= '1' && key < '1' + HD_NCHARTS) {
        hd_toggle(hd, key - '1');
    } else if (hd->focus == HD_FOCUS_CHARTS) {
        hd_charts_key(hd, key);
    } else {
        hd_form_key(hd, key);
    }
}

/* ---------------------------------------------------------------- run */

static bool hd_open(struct hostdetail *hd, struct app *app, int64_t host_id)
{
    struct dv_error err = {0};

    hd->app = app;
    hd->id = host_id;
    hd->interval = HOSTDETAIL_DEFAULT_INTERVAL;
    if (!host_get(app->db, host_id, &hd->host, &err)) {
        app_status_error(app, &err);
        return false;
    }
    for (int i = 0; i < HD_NCHARTS; i++) {
        chart_series_init(&hd->series[i], hd_charts[i].name, hd_charts[i].unit, HD_SAMPLES);
        hd->shown[i] = true;
    }
    hd->next_ms = hd_now_ms(); /* the first sample right after the first draw */
    hd_layout(hd);
    hd_show_hint(hd);
    return true;
}

static void hd_close(struct hostdetail *hd)
{
    fv_free(hd->fv);
    hd_drop_window(hd);
    update_panels();
    for (int i = 0; i < HD_NCHARTS; i++)
        chart_series_free(&hd->series[i]);
    host_clear(&hd->host);
    app_status(hd->app, STATUS_INFO, "%s", "");
    curs_set(0);
}

void hostdetail_run(struct app *app, int64_t host_id)
{
    struct hostdetail hd = {0};

    if (!hd_open(&hd, app, host_id))
        return;
    app->modal++;
    while (!hd.done) {
        int key;

        hd_draw(&hd);
        key = app_read_key(app, hd_wait_ms(&hd));
        if (hd_now_ms() >= hd.next_ms)
            hd_refresh(&hd);
        if (key != K_NONE)
            hd_key(&hd, key);
    }
    app->modal--;
    hd_close(&hd);
}
