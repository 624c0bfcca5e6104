/* scr_logs.c - 操作日志信息, 登录日志信息, 日志清理记录 (M13.1.1, M13.1.2,
 * M13.1.4): three read-only lists over the audit logs.  The purge history
 * has no action at all: its rows can be neither edited nor deleted. */
#include "db/audit.h"
#include "widgets/list.h"
#include "screens.h"
#include "base/util.h"

#define TIME_HINT N_("YYYY-MM-DD HH:MM:SS; give both ends of the period or neither.")

static const struct fv_field period_user_fields[] = {
    {.key = "from",
     .label = N_("Period from"),
     .kind = FV_TEXT,
     .max = 19,
     .width = 20,
     .hint = TIME_HINT},
    {.key = "to", .label = N_("to"), .kind = FV_TEXT, .max = 19, .width = 20, .hint = TIME_HINT},
    {.key = "user",
     .label = N_("User name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the user name; Enter queries.")},
};
static const struct fv_def period_user_query = {
    .fields = period_user_fields, .nfields = 3, .buttons = fv_query_reset, .layout = FV_ROW};
static const struct fv_def period_query = {
    .fields = period_user_fields, .nfields = 2, .buttons = fv_query_reset, .layout = FV_ROW};

static bool fetch_log(struct app *app, enum audit_log log, char **q, int64_t offset, int limit,
                      struct list_rows *out, struct dv_error *err)
{
    struct audit_filter f;
    struct audit_page page;
    bool ok = audit_filter_parse(q[0], q[1], log == AUDIT_LOG_PURGES ? "" : q[2], &f, err) &&
              audit_list(app->db, log, &f, offset, limit, &page, err);

    if (ok) {
        out->total = page.total;
        for (int i = 0; i < page.n; i++) {
            struct audit_row *r = &page.rows[i];
            char t[DV_TIME_LEN], p[DV_TIME_LEN];
            char *content = audit_row_content(log, r);

            dv_format_time(r->time, t);
            if (log == AUDIT_LOG_OPS)
                list_rows_add(out, r->id, 5, g_strdup(r->user), g_strdup(t), g_strdup(r->addr),
                              g_strdup(audit_type_label(r->type)), content);
            else if (log == AUDIT_LOG_LOGINS)
                list_rows_add(out, r->id, 4, g_strdup(r->user), g_strdup(t), g_strdup(r->addr),
                              content);
            else
                list_rows_add(out, r->id, 6, g_strdup(r->user), g_strdup(t),
                              g_strdup(dv_format_time(r->purge_point, p)), g_strdup(r->addr),
                              g_strdup(audit_type_label(r->type)), content);
        }
        audit_page_free(&page);
    }
    audit_filter_free(&f);
    return ok;
}

#define FETCH(NAME, LOG)                                                                           \
    static bool NAME(struct app *app, void *ctx, char **q, int64_t offset, int limit,              \
                     struct list_rows *out, struct dv_error *err)                                  \
    {                                                                                              \
        return fetch_log(app, LOG, q, offset, limit, out, err);                                    \
    }
FETCH(fetch_ops, AUDIT_LOG_OPS)
FETCH(fetch_logins, AUDIT_LOG_LOGINS)
FETCH(fetch_purges, AUDIT_LOG_PURGES)

/* At 80 columns the page is about 62 cells wide: the host address gives way
 * to the content there (Enter shows it). */
static const struct list_column op_columns[] = {
    {.header = N_("User name"), .min_width = 6, .weight = 1},
    {.header = N_("Date"), .min_width = 19},
    {.header = N_("Host address"), .min_width = 8, .weight = 1, .hide_below = 70},
    {.header = N_("Operation type"), .min_width = 4},
    {.header = N_("Operation content"), .min_width = 10, .weight = 6},
};
static const struct list_column login_columns[] = {
    {.header = N_("User name"), .min_width = 6, .weight = 1},
    {.header = N_("Login time"), .min_width = 19},
    {.header = N_("Login host address"), .min_width = 8, .weight = 1},
    {.header = N_("Operation content"), .min_width = 8, .weight = 2},
};
static const struct list_column purge_columns[] = {
    {.header = N_("User name"), .min_width = 6, .weight = 1},
    {.header = N_("Operation time"), .min_width = 19},
    {.header = N_("Purge point"), .min_width = 19},
    {.header = N_("Host address"), .min_width = 8, .weight = 1, .hide_below = 80},
    {.header = N_("Operation type"), .min_width = 4, .hide_below = 70},
    {.header = N_("Operation content"), .min_width = 4, .weight = 1},
};

static const struct list_def ops_list = {
    .title = N_("Operation log information"),
    .columns = op_columns,
    .ncolumns = G_N_ELEMENTS(op_columns),
    .query = &period_user_query,
    .fetch = fetch_ops,
};
static const struct list_def logins_list = {
    .title = N_("Login log information"),
    .columns = login_columns,
    .ncolumns = G_N_ELEMENTS(login_columns),
    .query = &period_user_query,
    .fetch = fetch_logins,
};
static const struct list_def purges_list = {
    .title = N_("Log purge history information"),
    .columns = purge_columns,
    .ncolumns = G_N_ELEMENTS(purge_columns),
    .query = &period_query,
    .fetch = fetch_purges,
};

LIST_SCREEN(scr_oplog, ops_list);
LIST_SCREEN(scr_loginlog, logins_list);
LIST_SCREEN(scr_purgelog, purges_list);
