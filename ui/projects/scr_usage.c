/* scr_usage.c - resource usage: the sysadm's table of every project
 * (M7.3.1, 项目资源使用情况) and a project admin's gauges of its own project
 * (M7.3.2, 资源使用情况): used against max, red used and green free. */
#include "widgets/list.h"
#include "projects/project.h"
#include "screens.h"
#include "base/textwidth.h"

/* ---------------------------------------------------------------- M7.3.1 */

static const struct list_column columns[] = {
    {.header = N_("Project name"), .min_width = 8, .weight = 2},
    {.header = N_("Instances created / max"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
    {.header = N_("VCPUs used / max"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Memory used / max (MiB)"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Disk used / max (MiB)"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Accumulated VCPU run time"), .min_width = 8, .weight = 1, .align = LA_RIGHT},
};

static const enum quota_id shown[] = {QUOTA_INSTANCES, QUOTA_VCPUS, QUOTA_MEM_MB, QUOTA_DISK_MB};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Project name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the project name; Enter queries.")},
};
static const struct fv_def query = {
    .fields = query_fields, .nfields = 1, .buttons = fv_query_reset, .layout = FV_ROW};

static char *used_of(const struct project_usage *u, enum quota_id q)
{
    return g_strdup_printf("%lld / %lld", (long long)u->used[q], (long long)u->max[q]);
}

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct project_page page;
    bool ok = project_list(app->db, q[0], -1, offset, limit, &page, err);

    if (!ok)
        return false;
    out->total = page.total;
    for (int i = 0; ok && i < page.n; i++) {
        struct project_usage u;

        ok = project_usage(app->db, page.rows[i].id, &u, err);
        if (ok)
            list_rows_add(out, page.rows[i].id, 6, g_strdup(page.rows[i].name),
                          used_of(&u, shown[0]), used_of(&u, shown[1]), used_of(&u, shown[2]),
                          used_of(&u, shown[3]), project_format_runtime(u.vcpu_seconds));
    }
    project_page_free(&page);
    return ok;
}

static const struct list_def usage_list = {
    .title = N_("Project resource usage"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .fetch = fetch,
};

LIST_SCREEN(scr_usage, usage_list);

/* ---------------------------------------------------------------- M7.3.2 */

struct gauges {
    bool loaded;
    bool ok;
    char *name;
    struct project_usage usage;
    struct dv_error err;
};

static void *gauges_open(struct app *app, const void *data)
{
    return g_new0(struct gauges, 1);
}

static void gauges_close(void *state)
{
    struct gauges *g = state;

    g_free(g->name);
    g_free(g);
}

static void load(struct app *app, struct gauges *g)
{
    struct project p;

    g_free(g->name);
    g->name = NULL;
    dv_error_clear(&g->err);
    g->ok = project_of_admin(app->db, app->me.id, &p, &g->err);
    if (g->ok) {
        g->name = g_strdup(p.name);
        g->ok = project_usage(app->db, p.id, &g->usage, &g->err);
        project_clear(&p);
    }
    g->loaded = true;
}

/* One gauge: used cells red, free cells green; without colours used cells
 * are '#' in reverse video and free ones '.' (the legend says which). */
static void draw_bar(WINDOW *win, int y, int x, int w, int64_t used, int64_t max)
{
    int full = max > 0 ? (int)MIN((double)w, (double)used * w / (double)max) : (used > 0 ? w : 0);

    wattrset(win, tui_has_color() ? COLOR_PAIR(TR_ERROR) | A_REVERSE : A_REVERSE);
    mvwhline(win, y, x, tui_has_color() ? ' ' : '#', full);
    wattrset(win, tui_has_color() ? COLOR_PAIR(TR_OK) | A_REVERSE : A_NORMAL);
    mvwhline(win, y, x + full, tui_has_color() ? ' ' : '.', w - full);
    wattrset(win, A_NORMAL);
}

static void draw_gauge(WINDOW *win, int y, int w, enum quota_id q, const struct project_usage *u)
{
    int64_t used = u->used[q], max = u->max[q];
    char *nums = max > 0 ? g_strdup_printf("%lld / %lld (%.2f%%)", (long long)used,
                                           (long long)max, 100.0 * (double)used / (double)max)
                         : g_strdup_printf("%lld / %lld", (long long)used, (long long)max);
    int lw = 16, nw = tw_width(nums) + 1, bw = MAX(4, w - lw - nw - 2);

    tui_put_cell(win, y, 0, lw, _(quota_def(q)->used), 0);
    draw_bar(win, y, lw + 1, bw, used, max);
    tui_put(win, y, lw + bw + 2, nw, nums);
    g_free(nums);
}

static void gauges_draw(struct app *app, void *state, WINDOW *win, bool focused)
{
    struct gauges *g = state;
    int w = getmaxx(win);
    char *title;

    if (!g->loaded)
        load(app, g);
    werase(win);
    curs_set(0);
    wattrset(win, tui_attr(TR_TITLE));
    title = g->name ? g_strdup_printf(_("Resource usage: %s"), g->name)
                    : g_strdup(_("Resource usage"));
    tui_put(win, 0, 0, w, title);
    wattrset(win, A_NORMAL);
    g_free(title);
    if (!g->ok) {
        wattrset(win, tui_attr(TR_ERROR));
        tui_put_wrapped(win, 2, 0, w, MAX(1, getmaxy(win) - 2), g->err.msg);
        wattrset(win, A_NORMAL);
        return;
    }
    for (int q = 0; q < QUOTA_COUNT; q++)
        draw_gauge(win, 2 + 2 * q, w, q, &g->usage);
    wattrset(win, tui_attr(TR_DIM));
    /* the legend describes what is drawn: colours, or the characters of
     * the bars without them (NO_COLOR, a monochrome terminal) */
    tui_put(win, 2 + 2 * QUOTA_COUNT, 0, w,
            tui_has_color() ? _("Red: used; green: free.  F5 refreshes.")
                            : _("#: used; .: free.  F5 refreshes."));
    wattrset(win, A_NORMAL);
}

static int gauges_key(struct app *app, void *state, int key)
{
    struct gauges *g = state;

    if (key == K_F(KEY_F(5)) || key == K_CTRL('r')) {
        g->loaded = false;
        return UI_REDRAW;
    }
    return key == K_ESC || key == K_TAB ? UI_NAV : UI_UNHANDLED;
}

const struct screen_ops scr_myusage = {
    .name = "myusage",
    .open = gauges_open,
    .draw = gauges_draw,
    .key = gauges_key,
    .close = gauges_close,
};
