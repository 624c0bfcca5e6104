/* scr_hosts.c - 宿主机信息: hosts with their current load (M6.2.2.1), and
 * their details with live charts, history, modification and history
 * clearing (M6.2.2.2-M6.2.2.5); hosts added by libvirt URI and deleted
 * when stopped (D3, P1/OP-13) */
#include "widgets/dialog.h"
#include "hosts/host.h"
#include "hosts/service.h"
#include "base/hosturi.h"
#include "hosts/scr_hostdetail.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "screens.h"
#include "base/util.h"
#include "base/command.h"

#include <string.h>

static const struct list_column columns[] = {
    {.header = N_("Host name"), .min_width = 6, .weight = 3},
    {.header = N_("CPU cores"), .min_width = 2, .align = LA_RIGHT},
    {.header = N_("Total memory (MiB)"), .min_width = 6, .align = LA_RIGHT},
    {.header = N_("Max VCPUs"), .min_width = 2, .align = LA_RIGHT},
    {.header = N_("Current state"), .min_width = 4},
    {.header = N_("CPU load (%)"), .min_width = 6, .align = LA_RIGHT},
    {.header = N_("Memory load (%)"), .min_width = 6, .align = LA_RIGHT},
    {.header = N_("Disk load (%)"), .min_width = 6, .align = LA_RIGHT},
    {.header = N_("Network load (MiB/s)"), .min_width = 6, .align = LA_RIGHT},
};

static const struct fv_field query_fields[] = {
    {.key = "host",
     .label = N_("Host"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the host name or IP address; Enter queries.")},
};
static const struct fv_def query = {
    .fields = query_fields, .nfields = 1, .buttons = fv_query_reset, .layout = FV_ROW};

/* A metric with 2 decimals, or "unavailable" — never 0 for a missing one. */
static char *metric(bool has, double v)
{
    return has ? g_strdup_printf("%.2f", v) : g_strdup(_("n/a"));
}

/* A host is running or stopped, or unknown while no dosvmd watches it
 * (hosts/service.h); only a stopped one can be deleted (OP-13). */
enum { HS_STOPPED, HS_RUNNING, HS_UNKNOWN, HS_COUNT };

static const int shown_state[] = {
    [HOST_SHOWN_STOPPED] = HS_STOPPED,
    [HOST_SHOWN_RUNNING] = HS_RUNNING,
    [HOST_SHOWN_UNKNOWN] = HS_UNKNOWN,
};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct host_page page;
    struct service_watch watch;

    if (!service_watch_load(app->db, dv_now(), &watch, err))
        return false;
    if (!host_list(app->db, q[0], offset, limit, &page, err)) {
        service_watch_clear(&watch);
        return false;
    }
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct host *h = &page.rows[i];
        enum host_shown shown = service_host_shown(&watch, h);
        bool known = shown != HOST_SHOWN_UNKNOWN;

        /* an unknown host's stored load is as stale as its state */
        list_rows_add(out, h->id, 9, g_strdup(h->name), g_strdup_printf("%d", h->cpu_cores),
                      g_strdup_printf("%lld", (long long)h->mem_total_mb),
                      g_strdup_printf("%d", h->max_vcpus), g_strdup(_(service_shown_label(shown))),
                      metric(known && h->now.has_cpu, h->now.cpu_pct),
                      metric(known && h->now.has_mem, h->now.mem_pct),
                      metric(known && h->now.has_disk, h->now.disk_pct),
                      metric(known && h->now.has_net, h->now.net_mbps));
        list_rows_set_state(out, LIST_STATE(shown_state[shown]));
    }
    list_rows_set_notice(out, service_down_note(&watch));
    service_watch_clear(&watch);
    host_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- details, history */

static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    hostdetail_run(app, row->id);
    return UI_RELOAD;
}

static const struct list_column history_columns[] = {
    {.header = N_("Name"), .min_width = 8, .weight = 2},
    {.header = N_("Time"), .min_width = 19},
    {.header = N_("CPU load (%)"), .min_width = 6, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Memory load (%)"), .min_width = 6, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Disk load (%)"), .min_width = 6, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Network load (MiB)"), .min_width = 4, .weight = 1, .align = LA_RIGHT},
};

static const struct fv_field period_fields[] = {
    {.key = "from",
     .label = N_("Period from"),
     .kind = FV_TEXT,
     .max = 19,
     .width = 20,
     .hint = N_("YYYY-MM-DD HH:MM:SS; give both ends of the period or neither.")},
    {.key = "to",
     .label = N_("to"),
     .kind = FV_TEXT,
     .max = 19,
     .width = 20,
     .hint = N_("YYYY-MM-DD HH:MM:SS; give both ends of the period or neither.")},
};
static const struct fv_def period_query = {
    .fields = period_fields, .nfields = 2, .buttons = fv_query_reset, .layout = FV_ROW};

static bool fetch_history(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                          struct list_rows *out, struct dv_error *err)
{
    const int64_t *host_id = ctx; /* the host whose history is shown */
    struct host_history_page page;
    struct host h;
    int64_t from = 0, to = 0;
    bool has;

    if (!host_history_period(q[0], q[1], &has, &from, &to, err) ||
        !host_get(app->db, *host_id, &h, err))
        return false;
    if (!host_history_list(app->db, *host_id, has, from, to, offset, limit, &page, err)) {
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
    int64_t id = row->id;

    list_run_modal(app, &history_list, &id);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- modify */

static const struct fv_field modify_fields[] = {
    {.key = HF_NAME,
     .label = N_("Host name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("The name shown here; the host's own hostname is not changed.")},
    {.key = HF_MAX_VCPUS,
     .label = N_("Max VCPUs"),
     .kind = FV_TEXT,
     .required = true,
     .max = 6,
     .width = 8,
     .hint = N_("A whole number, 1 or more: VM placement uses it.")},
    {.key = HF_MAX_VMEM,
     .label = N_("Max VMEM (MiB)"),
     .kind = FV_TEXT,
     .required = true,
     .max = 10,
     .width = 10,
     .hint =
         N_("At most the physical memory minus 512 MiB; keeping 2 GiB for the host is advised.")},
};
static const struct fv_def modify_form = {.title = N_("Modify host information"),
                                          .fields = modify_fields,
                                          .nfields = 3,
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN};

/* F4: "host modify --host H" with the fields that changed, a new name as
 * --name. */
static void modify_command(struct app *app, const struct host *h, char **v)
{
    char *was[3] = {g_strdup(h->name), g_strdup_printf("%d", h->max_vcpus),
                    g_strdup_printf("%lld", (long long)h->max_vmem_mb)};
    GString *cmd = command_new(app->actor.account, "host", "modify");

    command_option(cmd, "host", h->name);
    for (int i = 0; i < 3; i++) {
        if (strcmp(v[i], was[i]) != 0)
            command_option(cmd, modify_fields[i].key, v[i]);
        g_free(was[i]);
    }
    app_set_command(app, cmd);
}

/* ctx: the host as read when the dialog opened (its row version goes back). */
static bool submit_modify(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct host *h = ctx;
    struct host_spec spec;

    if (!host_spec_parse(v[0], v[1], v[2], h->version, &spec, err) ||
        !host_update(app->db, &app->actor, h->id, &spec, err))
        return false;
    app_status(app, STATUS_OK, _("The host '%s' was saved."), v[0]);
    modify_command(app, h, v);
    return true;
}

static int act_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct host h;
    char *initial[4] = {0};

    if (!host_get(app->db, row->id, &h, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[0] = g_strdup(h.name);
    initial[1] = g_strdup_printf("%d", h.max_vcpus);
    initial[2] = g_strdup_printf("%lld", (long long)h.max_vmem_mb);
    dialog_form_on(app, &modify_form, h.name, initial, submit_modify, &h);
    for (int i = 0; i < 3; i++)
        g_free(initial[i]);
    host_clear(&h);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- clear history */

static const struct fv_field clear_fields[] = {
    {.key = "date",
     .label = N_("Date"),
     .kind = FV_TEXT,
     .required = true,
     .max = 10,
     .width = 11,
     .hint = N_("YYYY-MM-DD")},
    {.key = "time",
     .label = N_("Time"),
     .kind = FV_TEXT,
     .required = true,
     .max = 8,
     .width = 9,
     .hint = N_("HH:MM:SS")},
};
static const char *const clear_buttons[] = {N_("Clear"), N_("Cancel"), NULL};
static const struct fv_def clear_form = {.title = N_("Clear host history"),
                                         .fields = clear_fields,
                                         .nfields = 2,
                                         .buttons = clear_buttons,
                                         .layout = FV_COLUMN,
                                         .command = "host clear-history"};

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
            app_status(app, STATUS_OK, _("Deleted %d host history rows before %s."), deleted, when);
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
    {.key = HF_NAME,
     .label = N_("Host name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .hint = N_("Leave empty to use the host's own hostname.")},
    {.key = HF_URI,
     .label = N_("libvirt URI"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_PATH_MAX,
     .width = 40,
     .hint = N_("qemu+ssh://root@HOST/system, qemu+tls://HOST/system or test:///PATH.xml")},
};
static const struct fv_def add_form = {.title = N_("Add host"),
                                       .fields = add_fields,
                                       .nfields = 2,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "host add"};

struct add_ctx {
    bool background;
    bool no_verify; /* the URI turns the server check off: warn */
};

/* The connection is made by a job: the console stays live while a host
 * takes its time (or never answers, until the job's timeout).  An
 * unencrypted qemu+tcp URI is added only once the sysadm confirms it. */
static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct add_ctx *ac = ctx;
    struct hosturi_info info = {0};
    unsigned flags = 0;
    struct job *job;
    char *text;
    bool ok;

    if (!hosturi_check(v[1], 0, HF_URI, &info, err) && info.tcp && err->code == DV_ERR_DENIED) {
        if (!dialog_confirm(app, _("Add host"),
                            _("qemu+tcp is not encrypted: anyone on the network can read and "
                              "change what dosvm sends to this host. Add it anyway?")))
            return false; /* err says why; the form stays open */
        flags |= HOSTURI_TCP_CONFIRMED;
        dv_error_clear(err);
    }
    ac->no_verify = info.no_verify;
    hosturi_info_clear(&info);
    job = host_add_start_flags(app->db, &app->actor, v[0], v[1], flags, err);
    text = g_strdup_printf(_("Connecting to %s..."), v[1]);
    ok = progress_wait(app, job, _("Add host"), text, &ac->background, err);
    g_free(text);
    return ok;
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct add_ctx ac = {0};

    if (dialog_form(app, &add_form, NULL, submit_add, &ac)) {
        if (ac.no_verify)
            app_status(app, STATUS_INFO, "%s",
                       _("The host was added with no_verify=1: its identity is not checked."));
        else
            app_status(app, ac.background ? STATUS_INFO : STATUS_OK, "%s",
                       ac.background ? progress_background_note() : _("The host was added."));
    }
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    app_command_pending(app, "host", "delete", (const char *const[]){"host", row->cells[0], NULL});
    return list_confirm_op_on(
        app, _("Delete host"), row->cells[0],
        g_strdup_printf(_("Delete the host record '%s' and its history?"), row->cells[0]),
        g_strdup_printf(_("The host '%s' was deleted."), row->cells[0]), host_delete, row->id);
}

static const char *const host_reasons[HS_COUNT] = {
    [HS_RUNNING] = N_("The host is running; only a stopped host can be deleted."),
    [HS_UNKNOWN] = N_("The host's state is unknown: the service dosvmd is not running."),
};

static const struct list_states host_states = {
    .of = list_row_state, .reasons = host_reasons, .n = HS_COUNT};

static const struct list_action actions[] = {
    {.key = 'i', .label = N_("Details"), .needs = LN_ROW, .run = act_details},
    {.key = 'h', .label = N_("History"), .needs = LN_ROW, .run = act_history},
    {.key = 'e', .label = N_("Modify information"), .needs = LN_ROW, .run = act_modify},
    {.key = 'c', .label = N_("Clear history"), .run = act_clear},
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'd',
     .label = N_("Delete"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(HS_STOPPED),
     .run = act_delete},
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
    .states = &host_states,
};

LIST_SCREEN(scr_hosts, hosts_list);
