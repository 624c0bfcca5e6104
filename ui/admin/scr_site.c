/* scr_site.c - 管理网站参数配置 (M13.2.2 as DECISIONS re-reads it): the
 * console's TLS settings for qemu+tls:// hosts. */
#include "widgets/formpage.h"
#include "screens.h"
#include "admin/siteparam.h"
#include "base/command.h"

#include <string.h>

enum { SI_HOST, SI_TLS, SI_CA, SI_CERT, SI_KEY, SI_PW, SI_CONFIRM, SI_COUNT };

static const char *const yes_no[] = {N_("No"), N_("Yes"), NULL};
static const char *const yes_no_values[] = {"0", "1", NULL};
#define PATH_HINT N_("1-128 Chinese characters, letters, digits, '-', '.', '_', '/', ':' or '\\'.")

static const struct fv_field fields[SI_COUNT] = {
    {.key = SF_HOST,
     .label = N_("Back-end (dosvmd) host address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 15,
     .width = 16,
     .hint = N_("IPv4 address of a host running dosvmd.")},
    {.key = SF_USE_TLS,
     .label = N_("Use SSL"),
     .kind = FV_CHOICE,
     .choices = yes_no,
     .values = yes_no_values,
     .hint = N_("Space changes it: connect to remote hosts with qemu+tls://.")},
    {.key = SF_CA,
     .label = N_("SSL root certificate path"),
     .kind = FV_TEXT,
     .max = DV_TEXT_MAX,
     .width = 30,
     .hint = PATH_HINT},
    {.key = SF_CERT,
     .label = N_("SSL client certificate path"),
     .kind = FV_TEXT,
     .max = DV_TEXT_MAX,
     .width = 30,
     .hint = PATH_HINT},
    {.key = SF_KEY,
     .label = N_("SSL client key path"),
     .kind = FV_TEXT,
     .max = DV_TEXT_MAX,
     .width = 30,
     .hint = PATH_HINT},
    {.key = SF_PASSWORD,
     .label = N_("SSL password"),
     .kind = FV_PASSWORD,
     .max = DV_TEXT_MAX,
     .width = FV_WIDTH_PASSWORD,
     .hint = N_("Leave both password fields empty to keep the stored password.")},
    {.key = SF_CONFIRM,
     .label = N_("Repeat SSL password"),
     .kind = FV_PASSWORD,
     .max = DV_TEXT_MAX,
     .width = FV_WIDTH_PASSWORD},
};
static const struct fv_def form = {
    .fields = fields, .nfields = SI_COUNT, .buttons = fv_save, .layout = FV_COLUMN};

static char **load(struct app *app)
{
    struct site_params p;
    char **v = g_new0(char *, SI_COUNT + 1);

    site_load(app->db, &p, NULL);
    v[SI_HOST] = g_strdup(p.dosvmd_host);
    v[SI_TLS] = g_strdup(p.use_tls ? "1" : "0");
    v[SI_CA] = g_strdup(p.ca);
    v[SI_CERT] = g_strdup(p.cert);
    v[SI_KEY] = g_strdup(p.key);
    v[SI_PW] = g_strdup("");
    v[SI_CONFIRM] = g_strdup("");
    site_params_clear(&p);
    return v;
}

/* F4: "site set" with the settings that changed (was: before); the pass
 * phrase never (dosvmctl reads it from DOSVM_TLS_PASSWORD_FILE). */
static void set_command(struct app *app, char **was, char **v)
{
    GString *cmd = command_new(app->actor.account, "site", "set");

    for (int i = 0; i < SI_PW; i++)
        if (strcmp(v[i], was[i] ? was[i] : "") != 0)
            command_option(cmd, fields[i].key, v[i]);
    app_set_command(app, cmd);
}

static bool submit(struct app *app, char **v, struct dv_error *err)
{
    struct site_input in = {.dosvmd_host = v[SI_HOST],
                            .ca = v[SI_CA],
                            .cert = v[SI_CERT],
                            .key = v[SI_KEY],
                            .password = v[SI_PW],
                            .confirm = v[SI_CONFIRM]};
    char **was = load(app);
    bool ok =
        site_tls_parse(v[SI_TLS], &in.use_tls, err) && site_save(app->db, &app->actor, &in, err);

    if (ok)
        set_command(app, was, v);
    g_strfreev(was);
    return ok;
}

static const struct formpage_def site_page = {
    .title = N_("Management-site parameters"),
    .intro = N_("The console connects to remote hosts with these TLS settings."),
    .form = &form,
    .load = load,
    .submit = submit,
    .done = N_("The management-site parameters were saved."),
};

FORMPAGE_SCREEN(scr_site, site_page);
