/* scr_hosts.c - 宿主机信息: hosts with their current load (M6.2.2.1), and
 * their details with live charts, history, modification and history
 * clearing (M6.2.2.2-M6.2.2.5); hosts added by libvirt URI and deleted
 * when stopped (D3, P1/OP-13) */
#include "widgets/dialog.h"
#include "hosts/host.h"
#include "hosts/scr_hostdetail.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "screens.h"
#include "base/util.h"

static const struct list_column columns[] = {
    {N_("Host name"), 6, 3, 0, 0},        {N_("CPU cores"), 2, 0, 1, 0},
    {N_("Total memory (MB)"), 6, 0, 1, 0}, {N_("Max VCPUs"), 2, 0, 1, 0},
    {N_("Current state"), 4, 0, 0, 0},    {N_("CPU load (%)"), 6, 0, 1, 0},
    {N_("Memory load (%)"), 6, 0, 1, 0},  {N_("Disk load (%)"), 6, 0, 1, 0},
    {N_("Network load (MB/s)"), 6, 0, 1, 0},
};

static const struct fv_field query_fields[] = {
    {"host", N_("Host"), FV_TEXT, false, 64, 12, NULL, NULL,
     N_("Part of the host name or IP address; Enter queries.")},
};
static const struct fv_def query = {NULL, query_fields, 1, fv_query_reset, FV_ROW};

/* A metric with 2 decimals, or "unavailable" — never 0 for a missing one. */
static char *metric(bool has, double v)
{
    return has ? g_strdup_printf("%.2f", v) : g_strdup(_("n/a"));
}

static bool fetch(struct app *app, char **q, int64_t offset, int limit, struct list_rows *out,
                  struct dv_error *err)
{
    struct host_page page;

    if (!host_list(app->db, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct host *h = &page.rows[i];

        list_rows_add(out, h->id, 9, g_strdup(h->name), g_strdup_printf("%d", h->cpu_cores),
                      g_strdup_printf("%lld", (long long)h->mem_total_mb),
                      g_strdup_printf("%d", h->max_vcpus),
                      g_strdup(h->running ? _("Running") : _("Stopped")),
                      metric(h->now.has_cpu, h->now.cpu_pct), metric(h->now.has_mem, h->now.mem_pct),
                      metric(h->now.has_disk, h->now.disk_pct),
                      metric(h->now.has_net, h->now.net_mbps));
    }
    host_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- details, history */

static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    hostdetail_run(app, row->id);
    return UI_RELOAD;
}

static int64_t history_host; /* the host of the open history list */

static const struct list_column history_columns[] = {
    {N_("Name"), 8, 2, 0, 0},           {N_("Time"), 19, 0, 0, 0},
    {N_("CPU load (%)"), 6, 1, 1, 0},   {N_("Memory load (%)"), 6, 1, 1, 0},
    {N_("Disk load (%)"), 6, 1, 1, 0},  {N_("Network load (MB)"), 4, 1, 1, 0},
};

static const struct fv_field period_fields[] = {
    {"from", N_("Period from"), FV_TEXT, false, 19, 20, NULL, NULL,
     N_("YYYY-MM-DD HH:MM:SS; give both ends of the period or neither.")},
    {"to", N_("to"), FV_TEXT, false, 19, 20, NULL, NULL,
     N_("YYYY-MM-DD HH:MM:SS; give both ends of the period or neither.")},
};
static const struct fv_def period_query = {NULL, period_fields, 2, fv_query_reset, FV_ROW};

/* Parse the period of the query row (both ends or neither, as in 13.1.1). */
static bool parse_period(char **q, bool *has, int64_t *from, int64_t *to, struct dv_error *err)
{
    bool f = q[0] && *q[0], t = q[1] && *q[1];

    *has = f || t;
    if (!*has)
        return true;
    if (!f || !t) {
        dv_error_set(err, DV_ERR_INVALID, f ? "to" : "from",
                     _("Enter a complete time period: both the start and the end."));
        return false;
    }
    if (dv_parse_time(q[0], from) && dv_parse_time(q[1], to))
        return true;
    dv_error_set(err, DV_ERR_INVALID, "from",
                 _("Start time must be written as YYYY-MM-DD HH:MM:SS."));
    return false;
}

static bool fetch_history(struct app *app, char **q, int64_t offset, int limit,
                          struct list_rows *out, struct dv_error *err)
{
    struct host_history_page page;
    struct host h;
    int64_t from = 0, to = 0;
    bool has;

    if (!parse_period(q, &has, &from, &to, err) || !host_get(app->db, history_host, &h, err))
        return false;
    if (!host_history_list(app->db, history_host, has, from, to, offset, limit, &page, err)) {
        host_clear(&h);
        return false;
    }
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct host_sample *s = &page.rows[i];
        char t[DV_TIME_LEN];

        list_rows_add(out, s->time, 6, g_strdup(h.name), g_strdup(dv_format_time(s->time, t)),
                      metric(s->has_cpu, s->cpu_pct), metric(s->has_mem, s->mem_pct),
                      metric(s->has_disk, s->disk_pct),
                      s->has_net ? g_strdup_printf("%.0f", s->net_mbps) : g_strdup(_("n/a")));
    }
    if (page.total == 0)
        app_status(app, STATUS_INFO, "%s", _("No records."));
    host_history_page_free(&page);
    host_clear(&h);
    return true;
}

static const struct list_def history_list = {
    .title = N_("Host history information"),
    .columns = history_columns,
    .ncolumns = G_N_ELEMENTS(history_columns),
    .query = &period_query,
    .fetch = fetch_history,
};

static int act_history(struct app *app, struct list_page *lp, const struct list_row *row)
{
    history_host = row->id;
    list_run_modal(app, &history_list);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- modify */

static const struct fv_field modify_fields[] = {
    {HF_NAME, N_("Host name"), FV_TEXT, true, 64, 28, NULL, NULL,
     N_("The name shown here; the host's own hostname is not changed.")},
    {HF_MAX_VCPUS, N_("Max VCPUs"), FV_TEXT, true, 6, 8, NULL, NULL,
     N_("A whole number, 1 or more: VM placement uses it.")},
    {HF_MAX_VMEM, N_("Max VMEM (MB)"), FV_TEXT, true, 10, 10, NULL, NULL,
     N_("At most the physical memory minus 512 MB; keeping 2 GB for the host is advised.")},
};
static const struct fv_def modify_form = {N_("Modify host information"), modify_fields, 3,
                                          fv_ok_cancel, FV_COLUMN};

static bool submit_modify(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    if (!host_update(app->db, &app->actor, *(int64_t *)ctx, v[0], v[1], v[2], err))
        return false;
    app_status(app, STATUS_OK, _("The host '%s' was saved."), v[0]);
    return true;
}

static int act_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct host h;
    char *initial[4] = {0};
    int64_t id = row->id;

    if (!host_get(app->db, id, &h, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[0] = g_strdup(h.name);
    initial[1] = g_strdup_printf("%d", h.max_vcpus);
    initial[2] = g_strdup_printf("%lld", (long long)h.max_vmem_mb);
    dialog_form(app, &modify_form, initial, submit_modify, &id);
    for (int i = 0; i < 3; i++)
        g_free(initial[i]);
    host_clear(&h);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- clear history */

static const struct fv_field clear_fields[] = {
    {"date", N_("Date"), FV_TEXT, true, 10, 11, NULL, NULL, N_("YYYY-MM-DD")},
    {"time", N_("Time"), FV_TEXT, true, 8, 9, NULL, NULL, N_("HH:MM:SS")},
};
static const char *const clear_buttons[] = {N_("Clear"), N_("Cancel"), NULL};
static const struct fv_def clear_form = {N_("Clear host history"), clear_fields, 2,
                                         clear_buttons, FV_COLUMN};

static bool submit_clear(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    char *when = g_strdup_printf("%s %s", v[0], v[1]), *q;
    int64_t before;
    int deleted = 0;
    bool ok = dv_parse_time(when, &before);

    if (!ok) {
        dv_error_set(err, DV_ERR_INVALID, "date",
                     _("Date and time must be written as YYYY-MM-DD and HH:MM:SS."));
    } else {
        q = g_strdup_printf(_("Delete the history of every host before %s?"), when);
        ok = dialog_confirm(app, _("Clear host history"), q);
        g_free(q);
        if (!ok)
            dv_error_clear(err);
        else if ((ok = host_clear_history(app->db, &app->actor, before, &deleted, err)))
            app_status(app, STATUS_OK, _("Deleted %d host history rows before %s."), deleted,
                       when);
    }
    g_free(when);
    return ok;
}

static int act_clear(struct app *app, struct list_page *lp, const struct list_row *row)
{
    char t[DV_TIME_LEN];
    char *initial[3] = {NULL, "00:00:00", NULL};

    dv_format_time(dv_now(), t);
    initial[0] = g_strndup(t, 10);
    dialog_form(app, &clear_form, initial, submit_clear, NULL);
    g_free(initial[0]);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- add, delete */

static const struct fv_field add_fields[] = {
    {HF_NAME, N_("Host name"), FV_TEXT, false, 64, 28, NULL, NULL,
     N_("Leave empty to use the host's own hostname.")},
    {HF_URI, N_("libvirt URI"), FV_TEXT, true, 255, 40, NULL, NULL,
     N_("qemu+ssh://root@HOST/system, qemu+tls://HOST/system or test:///PATH.xml")},
};
static const struct fv_def add_form = {N_("Add host"), add_fields, 2, fv_ok_cancel, FV_COLUMN};

/* The connection is made by a job: the console stays live while a host
 * takes its time (or never answers, until the job's timeout). */
static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct job *job = host_add_start(app->db, &app->actor, v[0], v[1], err);
    char *text = g_strdup_printf(_("Connecting to %s..."), v[1]);
    bool ok = progress_wait(app, job, _("Add host"), text, ctx, err);

    g_free(text);
    return ok;
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    bool background = false;

    if (dialog_form(app, &add_form, NULL, submit_add, &background))
        app_status(app, background ? STATUS_INFO : STATUS_OK, "%s",
                   background ? progress_background_note() : _("The host was added."));
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return list_confirm_op(
        app, _("Delete host"),
        g_strdup_printf(_("Delete the host record '%s' and its history?"), row->cells[0]),
        g_strdup_printf(_("The host '%s' was deleted."), row->cells[0]), host_delete, row->id);
}

static const struct list_action actions[] = {
    {'i', N_("Details"), LN_ROW, act_details},
    {'h', N_("History"), LN_ROW, act_history},
    {'e', N_("Modify information"), LN_ROW, act_modify},
    {'c', N_("Clear history"), LN_NONE, act_clear},
    {'a', N_("Add"), LN_NONE, act_add},
    {'d', N_("Delete"), LN_ROW, act_delete},
};

static const struct list_def hosts_list = {
    .title = N_("Host information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .refresh_s = 5,
};

LIST_SCREEN(scr_hosts, hosts_list);
