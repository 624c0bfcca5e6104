/* login.c - the login screen and the forced change of the initial password */
#include "login.h"
#include "admin/program.h"
#include "db/audit.h"
#include "widgets/dialog.h"
#include "nav.h"
#include "base/textwidth.h"
#include "base/util.h"

#include <string.h>

enum { LF_ACCOUNT, LF_PASSWORD };

static const struct fv_field login_fields[] = {
    {.key = UF_ACCOUNT,
     .label = N_("Account"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 20},
    {.key = UF_PASSWORD,
     .label = N_("Password"),
     .kind = FV_PASSWORD,
     .required = true,
     .max = DV_PASSWORD_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("At most 16 characters.")},
};
static const char *const login_buttons[] = {N_("Log in"), N_("Quit"), NULL};
static const struct fv_def login_form = {.title = N_("Log in to the management system"),
                                         .fields = login_fields,
                                         .nfields = G_N_ELEMENTS(login_fields),
                                         .buttons = login_buttons,
                                         .layout = FV_COLUMN,
                                         .quiet_cancel = true /* Esc asks to quit */};

static void centre(int y, enum tui_role role, const char *s)
{
    int w = tw_width(s);

    attrset(tui_attr(role));
    tui_put(stdscr, y, MAX(0, (COLS - w) / 2), COLS, s);
    attrset(A_NORMAL);
}

static void backdrop(struct app *app)
{
    erase();
    centre(1, TR_TITLE, _(DV_PRODUCT));
    centre(2, TR_DIM, "dosvm " PACKAGE_VERSION);
    if (app->demo) {
        char **lines = tw_wrap(_("Demo accounts: sysadm / 123456 (system administrator), "
                                 "admin1 / 123456 and admin2 / 123456 (project "
                                 "administrators)"),
                               COLS - 4);
        int n = (int)g_strv_length(lines);

        for (int i = 0; i < n; i++)
            centre(LINES - 2 - n + i, TR_KEY, lines[i]);
        g_strfreev(lines);
    }
    app_draw_status(app);
}

/* The actor of this console session, with its session token (issue 8). */
static bool set_actor(struct app *app, struct dv_error *err)
{
    memset(&app->actor, 0, sizeof(app->actor));
    app->actor.user_id = app->me.id;
    g_strlcpy(app->actor.account, app->me.account, sizeof(app->actor.account));
    dv_client_address(app->actor.addr, sizeof(app->actor.addr));
    app->actor.sysadm = app->me.sysadm;
    app->role = app->me.sysadm ? &nav_sysadm : &nav_projadm;
    return session_open(app->db, &app->actor, err);
}

static bool submit_login(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    char addr[64];

    unsigned wait;

    dv_client_address(addr, sizeof(addr));
    /* issue 8: the wait comes from the failures stored for this account and
     * address, and precedes the check, so a restarted (or killed) console
     * waits as long before the next attempt is checked */
    wait = user_login_wait_ms(app->db, v[LF_ACCOUNT], addr);
    if (wait > 0) {
        app_status(app, STATUS_INFO, "%s", _("Checking..."));
        app_draw_status(app);
        doupdate();
        g_usleep(wait * (gulong)1000);
        flushinp();
    }
    return user_login(app->db, v[LF_ACCOUNT], v[LF_PASSWORD], addr, &app->me, err);
}

/* ---------------------------------------------------------------- initial password */

static const struct fv_field initial_fields[] = {
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
static const struct fv_def initial_form = {.title = N_("Change the initial password"),
                                           .fields = initial_fields,
                                           .nfields = G_N_ELEMENTS(initial_fields),
                                           .buttons = fv_ok_cancel,
                                           .layout = FV_COLUMN,
                                           .quiet_cancel = true /* cancelling logs out */};

static bool submit_initial(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return user_change_own_password(app->db, &app->actor, v[0], v[1], v[2], err);
}

static bool change_initial_password(struct app *app)
{
    app_status(app, STATUS_INFO, "%s", _("The initial password must be changed before you go on."));
    struct dv_error err = {0};

    if (!dialog_form(app, &initial_form, NULL, submit_initial, NULL))
        return false;
    app->me.must_change_pw = false;
    /* the login counts (login log, M13.1.2) once the change succeeded */
    if (!user_login_done(app->db, app->actor.account, app->actor.addr, &err))
        app_status(app, STATUS_ERROR, "%s", err.msg);
    return true;
}

void login_forget(struct app *app)
{
    session_close(app->db, &app->actor);
    user_clear(&app->me);
    memset(&app->actor, 0, sizeof(app->actor));
}

bool login_run(struct app *app)
{
    struct dv_error err = {0};

    app->backdrop = backdrop;
    for (;;) {
        backdrop(app);
        if (!dialog_form(app, &login_form, NULL, submit_login, NULL)) {
            /* F10 has asked already */
            if (app->quit || app_confirm_quit(app))
                return false;
            continue;
        }
        if (!set_actor(app, &err)) {
            app_status(app, STATUS_ERROR, "%s", err.msg);
            login_forget(app);
            continue;
        }
        app_status(app, STATUS_INFO, "%s", "");
        if (!app->me.must_change_pw || change_initial_password(app))
            return true;
        login_forget(app);
        if (app->quit)
            return false;
    }
}
