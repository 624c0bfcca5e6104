/* scr_users.c - 系统用户信息: the sysadm's list of project administrators
 * and its actions (M5.4.1-M5.4.7) */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "projects/project.h"
#include "screens.h"
#include "admin/userforms.h"

static const struct list_column columns[] = {
    {N_("Chinese name"), 8, 2, 0, 0},    {N_("Account"), 8, 2, 0, 0},
    {N_("Managed project"), 8, 2, 0, 0}, {N_("Phone"), 8, 2, 0, 0},
    {N_("Disabled"), 4, 1, 0, 0},
};

static const struct fv_field query_fields[] = {
    {"name_zh", N_("Chinese name"), FV_TEXT, false, 64, 10, NULL, NULL,
     N_("Part of the Chinese name; Enter queries.")},
    {"account", N_("Account"), FV_TEXT, false, 64, 10, NULL, NULL,
     N_("Part of the account; Enter queries.")},
};
static const struct fv_def query = {NULL, query_fields, G_N_ELEMENTS(query_fields), fv_query_reset,
                                    FV_ROW};

static bool fetch(struct app *app, char **q, int64_t offset, int limit, struct list_rows *out,
                  struct dv_error *err)
{
    struct user_filter f = {q[0], q[1]};
    struct user_page page;

    if (!user_list(app->db, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        char *c[5];

        userform_row_cells(&page.rows[i], c);
        list_rows_add(out, page.rows[i].id, 5, c[0], c[1], c[2], c[3], c[4]);
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

/* not const: the project choices are filled in when the dialog opens */
static struct fv_field add_fields[] = {
    {UF_NAME_ZH, N_("Chinese name"), FV_TEXT, true, 64, 28, NULL, NULL, NULL},
    {UF_ACCOUNT, N_("Account"), FV_TEXT, true, 64, 28, NULL, NULL,
     N_("1-64 letters, digits, '-', '_' or '.'.")},
    {UF_PHONE, N_("Phone"), FV_TEXT, false, 32, 28, NULL, NULL, NULL},
    {UF_EMAIL, N_("Email"), FV_TEXT, false, 128, 28, NULL, NULL, NULL},
    {UF_ADDRESS, N_("Address"), FV_TEXT, false, 128, 28, NULL, NULL, NULL},
    {UF_DESCRIPTION, N_("Description"), FV_TEXT, false, 256, 28, NULL, NULL, NULL},
    {UF_PROJECT, N_("Project"), FV_PICK, false, 0, 0, NULL, NULL,
     N_("Space changes it; the project may also be set later in project management.")},
    {UF_SYSADM_PW, N_("System administrator password"), FV_PASSWORD, true, 16, 20, NULL, NULL,
     N_("Your own (sysadm) password, to confirm the operation.")},
    {UF_PASSWORD, N_("Password"), FV_PASSWORD, true, 16, 20, NULL, NULL,
     N_("The new user's password: at most 16 characters.")},
    {UF_CONFIRM, N_("Confirm password"), FV_PASSWORD, true, 16, 20, NULL, NULL, NULL},
};
static const struct fv_def add_form = {N_("Add project administrator"), add_fields,
                                       G_N_ELEMENTS(add_fields), fv_ok_cancel, FV_COLUMN};

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
    struct choice_list projects = {0};
    struct fv_pick pick;

    project_choices(app->db, &projects, NULL);
    fv_pick_fill(&pick, &projects, _("(none)"));
    add_fields[AF_PROJECT].choices = (const char *const *)pick.labels;
    add_fields[AF_PROJECT].values = (const char *const *)pick.values;
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The project administrator was added."));
    fv_pick_free(&pick);
    choice_list_free(&projects);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- password, delete */

static const struct fv_field setpw_fields[] = {
    {UF_SYSADM_PW, N_("Administrator password"), FV_PASSWORD, true, 16, 20, NULL, NULL,
     N_("Your own (sysadm) password, to confirm the operation.")},
    {UF_PASSWORD, N_("New password"), FV_PASSWORD, true, 16, 20, NULL, NULL,
     N_("At most 16 characters.")},
    {UF_CONFIRM, N_("Confirm new password"), FV_PASSWORD, true, 16, 20, NULL, NULL, NULL},
};
static const struct fv_def setpw_form = {N_("Change project administrator password"), setpw_fields,
                                         G_N_ELEMENTS(setpw_fields), fv_ok_cancel, FV_COLUMN};

static bool submit_setpw(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return user_set_password(app->db, &app->actor, *(int64_t *)ctx, v[0], v[1], v[2], err);
}

static int act_setpw(struct app *app, struct list_page *lp, const struct list_row *row)
{
    int64_t id = row->id;

    if (dialog_form(app, &setpw_form, NULL, submit_setpw, &id))
        app_status(app, STATUS_OK, _("The password of '%s' was changed."), row->cells[1]);
    return UI_RELOAD;
}

static const struct fv_field delete_fields[] = {
    {UF_SYSADM_PW, N_("System administrator password"), FV_PASSWORD, true, 16, 20, NULL, NULL,
     N_("Your own (sysadm) password, to confirm the deletion.")},
};
static const struct fv_def delete_form = {N_("Delete user"), delete_fields,
                                          G_N_ELEMENTS(delete_fields), fv_ok_cancel, FV_COLUMN};

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
    bool yes = dialog_confirm(app, frozen ? _("Freeze user") : _("Restore user"), q);

    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (user_set_frozen(app->db, &app->actor, row->id, frozen, &err))
        app_status(app, STATUS_OK,
                   frozen ? _("The user '%s' is frozen.") : _("The user '%s' is restored."),
                   row->cells[1]);
    else
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

static int act_own_pw(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return userform_own_password(app);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return userform_edit(app, row->id, true);
}

/* L10N: the hotkey letters stay the same in every language */
static const struct list_action actions[] = {
    {'w', N_("Change my password"), LN_NONE, act_own_pw},
    {'a', N_("Add"), LN_NONE, act_add},
    {'e', N_("Modify basic info"), LN_ROW, act_edit},
    {'p', N_("Change password"), LN_ROW, act_setpw},
    {'d', N_("Delete"), LN_ROW, act_delete},
    {'f', N_("Freeze"), LN_ROW, act_freeze},
    {'r', N_("Restore"), LN_ROW, act_restore},
};

static const struct list_def users_list = {
    .title = N_("System user information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_users, users_list);
