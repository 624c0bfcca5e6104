/* scr_users.c - 系统用户信息: the sysadm's list of project administrators
 * and its actions (M5.4.1-M5.4.7) */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "projects/project.h"
#include "screens.h"
#include "admin/userforms.h"
#include "base/util.h"

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 8, .weight = 2},
    {.header = N_("Account"), .min_width = 8, .weight = 2},
    {.header = N_("Managed project"), .min_width = 8, .weight = 2},
    {.header = N_("Phone"), .min_width = 8, .weight = 2},
    {.header = N_("Disabled"), .min_width = 4, .weight = 1},
    /* issue 8, point 4: the sysadm sees a login lockout and when it ends */
    {.header = N_("Login locked until"), .min_width = 19, .hide_below = 100},
};

static const struct fv_field query_fields[] = {
    {.key = "name_zh",
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the Chinese name; Enter queries.")},
    {.key = "account",
     .label = N_("Account"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the account; Enter queries.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

/* A user is frozen or not: Freeze works on the one, Restore on the other. */
enum { US_NORMAL, US_FROZEN, US_COUNT };

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct user_filter f = {q[0], q[1]};
    struct user_page page;

    if (!user_list(app->db, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        char *c[5], when[DV_TIME_LEN];
        int64_t until = page.rows[i].locked_until;

        userform_row_cells(&page.rows[i], c);
        list_rows_add(out, page.rows[i].id, 6, c[0], c[1], c[2], c[3], c[4],
                      g_strdup(until ? dv_format_time(until, when) : ""));
        list_rows_set_state(out, LIST_STATE(page.rows[i].frozen ? US_FROZEN : US_NORMAL));
    }
    user_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add */

enum {
    AF_NAME,
    AF_ACCOUNT,
    AF_PHONE,
    AF_EMAIL,
    AF_ADDRESS,
    AF_DESC,
    AF_PROJECT,
    AF_SYSPW,
    AF_PW,
    AF_CONFIRM
};

static bool pick_projects(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return project_choices(app->db, out, err);
}

static const struct fv_field add_fields[] = {
    {.key = UF_NAME_ZH,
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX},
    {.key = UF_ACCOUNT,
     .label = N_("Account"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("1-64 letters, digits, '-', '_' or '.'.")},
    {.key = UF_PHONE, .label = N_("Phone"), .kind = FV_TEXT, .max = 32},
    {.key = UF_EMAIL, .label = N_("Email"), .kind = FV_TEXT, .max = DV_TEXT_MAX},
    {.key = UF_ADDRESS, .label = N_("Address"), .kind = FV_TEXT, .max = DV_TEXT_MAX},
    {.key = UF_DESCRIPTION, .label = N_("Description"), .kind = FV_TEXT, .max = DV_DESC_MAX},
    {.key = UF_PROJECT,
     .label = N_("Project"),
     .kind = FV_PICK,
     .hint = N_("Space changes it; the project may also be set later in project management."),
     .pick = pick_projects,
     .pick_none = N_("(none)")},
    {.key = UF_SYSADM_PW,
     .label = N_("System administrator password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("Your own (sysadm) password, to confirm the operation.")},
    {.key = UF_PASSWORD,
     .label = N_("Password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("The new user's password: at most 16 characters.")},
    {.key = UF_CONFIRM,
     .label = N_("Confirm password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD},
};
static const struct fv_def add_form = {.title = N_("Add project administrator"),
                                       .fields = add_fields,
                                       .nfields = G_N_ELEMENTS(add_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "user add"};

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct user_info info = {.name_zh = v[AF_NAME],
                             .account = v[AF_ACCOUNT],
                             .phone = v[AF_PHONE],
                             .email = v[AF_EMAIL],
                             .address = v[AF_ADDRESS],
                             .description = v[AF_DESC],
                             .project_id = g_ascii_strtoll(v[AF_PROJECT], NULL, 10)};

    return user_add(app->db, &app->actor, &info, v[AF_SYSPW], v[AF_PW], v[AF_CONFIRM], NULL, err);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The project administrator was added."));
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- password, delete */

static const struct fv_field setpw_fields[] = {
    {.key = UF_SYSADM_PW,
     .label = N_("Administrator password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("Your own (sysadm) password, to confirm the operation.")},
    {.key = UF_PASSWORD,
     .label = N_("New password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("At most 16 characters.")},
    {.key = UF_CONFIRM,
     .label = N_("Confirm new password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD},
};
static const struct fv_def setpw_form = {.title = N_("Change project administrator password"),
                                         .fields = setpw_fields,
                                         .nfields = G_N_ELEMENTS(setpw_fields),
                                         .buttons = fv_ok_cancel,
                                         .layout = FV_COLUMN,
                                         .command = "user password"};

static bool submit_setpw(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return user_set_password(app->db, &app->actor, *(int64_t *)ctx, v[0], v[1], v[2], err);
}

static int act_setpw(struct app *app, struct list_page *lp, const struct list_row *row)
{
    int64_t id = row->id;

    app_command_context(app, (const char *const[]){UF_ACCOUNT, row->cells[1], NULL});
    if (dialog_form_on(app, &setpw_form, row->cells[1], NULL, submit_setpw, &id))
        app_status(app, STATUS_OK, _("The password of '%s' was changed."), row->cells[1]);
    return UI_RELOAD;
}

static const struct fv_field delete_fields[] = {
    {.key = UF_SYSADM_PW,
     .label = N_("System administrator password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("Your own (sysadm) password, to confirm the deletion.")},
};
static const struct fv_def delete_form = {.title = N_("Delete user"),
                                          .fields = delete_fields,
                                          .nfields = G_N_ELEMENTS(delete_fields),
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN,
                                          .command = "user delete"};

static bool submit_delete(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return user_delete(app->db, &app->actor, *(int64_t *)ctx, v[0], err);
}

/* The sysadm-password dialog is the confirmation (manual 5.4.6, C7): its title
 * names the user. */
static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    int64_t id = row->id;
    struct fv_def def = delete_form;
    char *title = g_strdup_printf(_("Delete the project administrator '%s'"), row->cells[1]);

    def.title = title;
    app_command_context(app, (const char *const[]){UF_ACCOUNT, row->cells[1], NULL});
    if (dialog_form(app, &def, NULL, submit_delete, &id))
        app_status(app, STATUS_OK, _("The user '%s' was deleted."), row->cells[1]);
    g_free(title);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- freeze, restore */

static int set_frozen(struct app *app, const struct list_row *row, bool frozen)
{
    struct dv_error err = {0};
    char *q = g_strdup_printf(frozen ? _("Freeze '%s'? The user can no longer log in.")
                                     : _("Restore '%s'? The user can log in again."),
                              row->cells[1]);
    char *title = dialog_title_on(frozen ? _("Freeze user") : _("Restore user"), row->cells[1]);
    bool yes = dialog_confirm(app, title, q);

    g_free(title);
    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (user_set_frozen(app->db, &app->actor, row->id, frozen, &err)) {
        app_status(app, STATUS_OK,
                   frozen ? _("The user '%s' is frozen.") : _("The user '%s' is restored."),
                   row->cells[1]);
        app_command(app, "user", frozen ? "freeze" : "unfreeze",
                    (const char *const[]){"account", row->cells[1], NULL});
    } else
        app_status_error(app, &err);
    return UI_RELOAD;
}

static int act_freeze(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return set_frozen(app, row, true);
}

static int act_restore(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return set_frozen(app, row, false);
}

static int act_unlock(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q;
    bool yes;

    if (!*row->cells[5]) { /* not locked: say so without asking (the core refuses too) */
        app_status(app, STATUS_INFO, _("The user '%s' is not locked."), row->cells[1]);
        return UI_REDRAW;
    }
    q = g_strdup_printf(_("Unlock '%s'? Its failed logins no longer count."), row->cells[1]);
    yes = dialog_confirm(app, _("Unlock user"), q);
    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (user_unlock(app->db, &app->actor, row->id, &err)) {
        app_status(app, STATUS_OK, _("The user '%s' is unlocked."), row->cells[1]);
        app_command(app, "user", "unlock", (const char *const[]){UF_ACCOUNT, row->cells[1], NULL});
    } else
        app_status_error(app, &err);
    return UI_RELOAD;
}

static int act_own_pw(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return userform_own_password(app);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return userform_edit(app, row->id, true);
}

static const char *const user_reasons[US_COUNT] = {
    [US_NORMAL] = N_("The user is not frozen."),
    [US_FROZEN] = N_("The user is already frozen."),
};

static const struct list_states user_states = {
    .of = list_row_state, .reasons = user_reasons, .n = US_COUNT};

/* L10N: the hotkey letters stay the same in every language */
static const struct list_action actions[] = {
    {.key = 'w', .label = N_("Change my password"), .run = act_own_pw},
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify basic info"), .needs = LN_ROW, .run = act_edit},
    {.key = 'p', .label = N_("Change password"), .needs = LN_ROW, .run = act_setpw},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'f',
     .label = N_("Freeze"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(US_NORMAL),
     .run = act_freeze},
    {.key = 'r',
     .label = N_("Restore"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(US_FROZEN),
     .run = act_restore},
    {.key = 'u', .label = N_("Unlock"), .needs = LN_ROW, .run = act_unlock},
};

static const struct list_def users_list = {
    .title = N_("System user information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .states = &user_states,
};

LIST_SCREEN(scr_users, users_list);
