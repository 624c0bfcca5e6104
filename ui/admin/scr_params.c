/* scr_params.c - 系统运行参数配置 (M13.2.1): the runtime parameters, their
 * ranges and "greater than" relations come from the core's table. */
#include "widgets/formpage.h"
#include "admin/param.h"
#include "screens.h"

static const struct fv_field fields[PARAM_COUNT] = {
#define INT_FIELD(ID, HINT)                                                                        \
    {                                                                                              \
        NULL, NULL, FV_TEXT, true, 5, 8, NULL, NULL, HINT                                          \
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
    {NULL, NULL, FV_TEXT, true, 255, 20, NULL, NULL,
     N_("Absolute path where VMs keep temporary files.")},
    {NULL, NULL, FV_TEXT, true, 255, 20, NULL, NULL,
     N_("Absolute path where the shared file system is mounted on every host; shared "
        "directory pools lie below it.")},
#undef INT_FIELD
};

/* Keys and labels come from the core's parameter table. */
static const struct fv_field *param_fields(void)
{
    static struct fv_field f[PARAM_COUNT];

    if (!f[0].key) {
        for (int i = 0; i < PARAM_COUNT; i++) {
            f[i] = fields[i];
            f[i].key = param_def(i)->key;
            f[i].label = param_def(i)->label;
        }
    }
    return f;
}

static struct fv_def form = {NULL, NULL, PARAM_COUNT, fv_save, FV_COLUMN};

static char **load(struct app *app)
{
    struct param_values v;
    char **texts;

    param_load(app->db, &v, NULL);
    texts = param_texts(&v);
    param_values_clear(&v);
    return texts;
}

static bool submit(struct app *app, char **texts, struct dv_error *err)
{
    struct param_values v;
    bool ok = param_parse((const char *const *)texts, &v, err) &&
              param_save(app->db, &app->actor, &v, err);

    param_values_clear(&v);
    return ok;
}

static void *open_params(struct app *app, const void *def)
{
    form.fields = param_fields();
    return formpage_open(app, def);
}

static const struct formpage_def params_page = {
    .title = N_("System runtime parameters"),
    .form = &form,
    .load = load,
    .submit = submit,
    .done = N_("The system runtime parameters were saved."),
};

const struct screen_ops scr_params = {
    .name = "params",
    .data = &params_page,
    .open = open_params,
    .draw = formpage_draw,
    .key = formpage_key,
    .close = formpage_close,
    .help = formpage_help,
    .form = true,
};
