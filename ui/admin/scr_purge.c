/* scr_purge.c - 清理历史日志 (M13.1.3): purge every operation and login log
 * before a time; the purge itself is recorded in the purge history. */
#include "db/audit.h"
#include "widgets/dialog.h"
#include "widgets/formpage.h"
#include "screens.h"
#include "base/util.h"

static const struct fv_field fields[] = {
    {.key = "before",
     .label = N_("Purge log time"),
     .kind = FV_TEXT,
     .required = true,
     .max = 19,
     .width = 20,
     .hint = N_("YYYY-MM-DD HH:MM:SS (the time part defaults to 00:00:00).")},
};
static const char *const buttons[] = {N_("Purge"), NULL};
static const struct fv_def form = {
    .fields = fields, .nfields = G_N_ELEMENTS(fields), .buttons = buttons, .layout = FV_COLUMN};

static char **load(struct app *app)
{
    char t[DV_TIME_LEN];
    char **v = g_new0(char *, 2);

    dv_format_time(dv_now(), t);
    v[0] = g_strdup_printf("%.10s 00:00:00", t);
    return v;
}

static bool submit(struct app *app, char **v, struct dv_error *err)
{
    int64_t before;
    int ops = 0, logins = 0;
    char *q;
    bool yes;

    if (!dv_parse_time(v[0], &before)) {
        dv_error_set(err, DV_ERR_INVALID, "before",
                     _("Purge log time must be written as YYYY-MM-DD HH:MM:SS."));
        return false;
    }
    q = g_strdup_printf(_("Delete every operation log and login log before %s?"), v[0]);
    yes = dialog_confirm(app, _("Purge history logs"), q);
    g_free(q);
    if (!yes) {
        dv_error_clear(err);
        return false;
    }
    if (!audit_purge(app->db, &app->actor, before, &ops, &logins, err))
        return false;
    app_status(app, STATUS_OK, _("Purged %d operation log rows and %d login log rows."), ops,
               logins);
    app_command(app, "log", "purge", (const char *const[]){"before", v[0], NULL});
    return true;
}

static const struct formpage_def purge_page = {
    .title = N_("Purge history logs"),
    .intro = N_("▼ Purge all operation and login logs before the set time"),
    .form = &form,
    .load = load,
    .submit = submit,
};

FORMPAGE_SCREEN(scr_purge, purge_page);
