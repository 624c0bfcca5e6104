/* scr_params.c - 系统运行参数配置 (M13.2.1): the runtime parameters, their
 * ranges and "greater than" relations come from the core's table. */
#include "widgets/formpage.h"
#include "admin/param.h"
#include "base/command.h"
#include "screens.h"

#include <string.h>

static const struct fv_field fields[PARAM_COUNT] = {
#define INT_FIELD(ID, HINT)                                                                        \
    {                                                                                              \
        .kind = FV_TEXT, .required = true, .max = 5, .width = 8, .hint = HINT                      \
    }
    INT_FIELD(PARAM_VM_COLLECT, N_("2-1800 seconds.")),
    INT_FIELD(PARAM_VM_FLUSH, N_("4-1800 seconds, greater than the VM collection interval.")),
    INT_FIELD(PARAM_HOST_COLLECT, N_("5-1800 seconds.")),
    INT_FIELD(PARAM_HOST_HISTORY,
              N_("10-3600 seconds, greater than the host collection interval.")),
    INT_FIELD(PARAM_HEARTBEAT, N_("2-300 seconds.")),
    INT_FIELD(PARAM_TASK_INTERVAL, N_("5-300 seconds.")),
    INT_FIELD(PARAM_HEARTBEAT_FAILS, N_("1-10 heartbeats a host may lose before it is judged "
                                        "failed.")),
    INT_FIELD(PARAM_DOSVMD_PORT, N_("1-65535, preferably above 1024.")),
    {.kind = FV_TEXT,
     .required = true,
     .max = DV_PATH_MAX,
     .width = 20,
     .hint = N_("Absolute path where VMs keep temporary files.")},
    {.kind = FV_TEXT,
     .required = true,
     .max = DV_PATH_MAX,
     .width = 20,
     .hint = N_("Absolute path where the shared file system is mounted on every host; shared "
                "directory pools lie below it.")},
    INT_FIELD(PARAM_LOGIN_LOCK_FAILS, N_("3-100 failures of one account in the window.")),
    INT_FIELD(PARAM_LOGIN_LOCK_WINDOW, N_("1-1440 minutes; a locked account waits as long.")),
#undef INT_FIELD
};

/* Keys and labels come from the core's parameter table. */
static void complete(struct fv_field *f, int n)
{
    for (int i = 0; i < n; i++) {
        f[i].key = param_def(i)->key;
        f[i].label = param_def(i)->label;
    }
}

static const struct fv_def form = {
    .fields = fields, .nfields = PARAM_COUNT, .buttons = fv_save, .layout = FV_COLUMN};

static char **load(struct app *app)
{
    struct param_values v;
    char **texts;

    param_load(app->db, &v, NULL);
    texts = param_texts(&v);
    param_values_clear(&v);
    return texts;
}

/* F4: "param set" with the parameters that changed (was: the values
 * before), and --confirm yes when the console asked its question. */
static void set_command(struct app *app, char **was, char **texts, const struct param_values *v)
{
    GString *cmd = command_new(app->actor.account, "param", "set");
    char *q = param_warning(v, NULL);

    for (int i = 0; i < PARAM_COUNT; i++)
        if (strcmp(texts[i], was[i] ? was[i] : "") != 0)
            command_option(cmd, param_def(i)->key, texts[i]);
    if (q)
        command_option(cmd, "confirm", "yes");
    g_free(q);
    app_set_command(app, cmd);
}

static bool submit(struct app *app, char **texts, struct dv_error *err)
{
    struct param_values v;
    char **was = load(app);
    bool ok = param_parse((const char *const *)texts, &v, err) &&
              param_save(app->db, &app->actor, &v, err);

    if (ok)
        set_command(app, was, texts, &v);
    g_strfreev(was);
    param_values_clear(&v);
    return ok;
}

/* Spec 13.2.1: a listen port of 1024 or below is allowed after a question. */
static char *confirm(struct app *app, char **texts, const char **field)
{
    struct param_values v;
    char *q = NULL;

    (void)app;
    /* a value the core refuses is refused first, without a question */
    if (param_parse((const char *const *)texts, &v, NULL) && param_check(&v, NULL))
        q = param_warning(&v, field);
    param_values_clear(&v);
    return q;
}

static const struct formpage_def params_page = {
    .title = N_("System runtime parameters"),
    .form = &form,
    .load = load,
    .submit = submit,
    .done = N_("The system runtime parameters were saved."),
    .complete = complete,
    .confirm = confirm,
};

FORMPAGE_SCREEN(scr_params, params_page);
