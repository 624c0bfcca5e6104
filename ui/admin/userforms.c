/* userforms.c - the account dialogs shared by the user and personal pages */
#include "admin/userforms.h"
#include "widgets/dialog.h"
#include "base/command.h"

#include <string.h>

/* ---------------------------------------------------------------- own password */

static const struct fv_field own_pw_fields[] = {
    {.key = UF_OLD_PW,
     .label = N_("Old password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD},
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
static const struct fv_def own_pw_form = {.title = N_("Change my password"),
                                          .fields = own_pw_fields,
                                          .nfields = G_N_ELEMENTS(own_pw_fields),
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN,
                                          .command = "user own-password"};

static bool submit_own_pw(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return user_change_own_password(app->db, &app->actor, v[0], v[1], v[2], err);
}

int userform_own_password(struct app *app)
{
    if (dialog_form(app, &own_pw_form, NULL, submit_own_pw, NULL))
        app_status(app, STATUS_OK, "%s",
                   _("Password changed; the next login needs the new password."));
    return UI_REDRAW;
}

/* ---------------------------------------------------------------- basic info */

enum { EF_NAME, EF_ACCOUNT, EF_PHONE, EF_EMAIL, EF_ADDRESS, EF_DESCRIPTION };

#define INFO_FIELDS(ACCOUNT_KIND)                                                                  \
    {.key = UF_NAME_ZH,                                                                            \
     .label = N_("Chinese name"),                                                                  \
     .kind = FV_TEXT,                                                                              \
     .required = true,                                                                             \
     .max = DV_NAME_MAX},                                                                          \
        {.key = UF_ACCOUNT,                                                                        \
         .label = N_("Account"),                                                                   \
         .kind = ACCOUNT_KIND,                                                                     \
         .required = true,                                                                         \
         .max = DV_NAME_MAX,                                                                       \
         .hint = N_("1-64 letters, digits, '-', '_' or '.'.")},                                    \
        {.key = UF_PHONE, .label = N_("Phone"), .kind = FV_TEXT, .max = 32},                       \
        {.key = UF_EMAIL, .label = N_("Email"), .kind = FV_TEXT, .max = DV_TEXT_MAX},              \
        {.key = UF_ADDRESS, .label = N_("Address"), .kind = FV_TEXT, .max = DV_TEXT_MAX},          \
    {                                                                                              \
        .key = UF_DESCRIPTION, .label = N_("Description"), .kind = FV_TEXT, .max = DV_DESC_MAX     \
    }

static const struct fv_field edit_fields[] = {INFO_FIELDS(FV_TEXT)};
static const struct fv_field edit_self_fields[] = {INFO_FIELDS(FV_READONLY)};
static const struct fv_def edit_form = {.title = N_("Modify basic information"),
                                        .fields = edit_fields,
                                        .nfields = G_N_ELEMENTS(edit_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};
static const struct fv_def edit_self_form = {.title = N_("Modify basic information"),
                                             .fields = edit_self_fields,
                                             .nfields = G_N_ELEMENTS(edit_self_fields),
                                             .buttons = fv_ok_cancel,
                                             .layout = FV_COLUMN};

/* F4: "user modify --account A" with the fields that changed (an emptied
 * one as ''), a new account as a second --account. */
static void edit_command(struct app *app, const struct user *u, char **v)
{
    const char *was[] = {u->name_zh, u->account, u->phone, u->email, u->address, u->description};
    GString *cmd = command_new(app->actor.account, "user", "modify");

    command_option(cmd, UF_ACCOUNT, u->account);
    for (int i = EF_NAME; i <= EF_DESCRIPTION; i++)
        if (strcmp(v[i], was[i] ? was[i] : "") != 0)
            command_option(cmd, edit_fields[i].key, v[i]);
    app_set_command(app, cmd);
}

/* ctx: the user as read when the dialog opened (its row version goes back). */
static bool submit_edit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct user *u = ctx;
    struct user_info info = {.name_zh = v[EF_NAME],
                             .account = v[EF_ACCOUNT],
                             .phone = v[EF_PHONE],
                             .email = v[EF_EMAIL],
                             .address = v[EF_ADDRESS],
                             .description = v[EF_DESCRIPTION],
                             .version = u->version};

    if (!user_update(app->db, &app->actor, u->id, &info, err))
        return false;
    edit_command(app, u, v);
    return true;
}

int userform_edit(struct app *app, int64_t id, bool account_editable)
{
    struct dv_error err = {0};
    struct user u;
    char *initial[7] = {0};

    if (!user_get(app->db, id, &u, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[EF_NAME] = u.name_zh;
    initial[EF_ACCOUNT] = u.account;
    initial[EF_PHONE] = u.phone;
    initial[EF_EMAIL] = u.email;
    initial[EF_ADDRESS] = u.address;
    initial[EF_DESCRIPTION] = u.description;
    if (dialog_form_on(app, account_editable ? &edit_form : &edit_self_form, u.account, initial,
                       submit_edit, &u))
        app_status(app, STATUS_OK, _("Saved the basic information of '%s'."), u.account);
    user_clear(&u);
    return UI_RELOAD;
}

void userform_row_cells(const struct user *u, char **cells)
{
    cells[0] = g_strdup(u->name_zh);
    cells[1] = g_strdup(u->account);
    cells[2] = g_strdup(u->project);
    cells[3] = g_strdup(u->phone);
    cells[4] = g_strdup(u->frozen ? _("Frozen") : _("Normal"));
}
