/* scr_secrets.c - 安全对象管理: security objects (M8.2a-M8.2d); their values
 * are entered, sealed and never shown again */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "screens.h"
#include "storage/secret.h"

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 6, .weight = 2},
    {.header = N_("English name"), .min_width = 6, .weight = 2},
    {.header = N_("Usage"), .min_width = 8, .weight = 3},
    {.header = N_("Project"), .min_width = 6, .weight = 1, .hide_below = 70},
    {.header = N_("Description"), .min_width = 6, .weight = 2},
};

static const struct fv_field query_fields[] = {
    {.key = "name_zh",
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the Chinese name; Enter queries.")},
    {.key = "name_en",
     .label = N_("English name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the English name; Enter queries.")},
    {.key = "project",
     .label = N_("Project"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of a project name; Enter queries.")},
    {.key = "usage",
     .label = N_("Usage"),
     .kind = FV_TEXT,
     .max = DV_TEXT_MAX,
     .width = 10,
     .hint = N_("Part of the usage; Enter queries.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct secret_filter f = {.name_zh = q[0], .name_en = q[1], .project = q[2], .usage = q[3]};
    struct secret_page page;

    if (!secret_list(app->db, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct secret *s = &page.rows[i];

        list_rows_add(out, s->id, 5, g_strdup(s->name_zh), g_strdup(s->name_en),
                      g_strdup_printf("%s: %s", s->usage_type, s->usage_id),
                      g_strdup(s->projects), g_strdup(s->description));
    }
    secret_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, modify */

enum { F_NAME_ZH, F_NAME_EN, F_TYPE, F_USAGE, F_DESC, F_VALUE, F_REPEAT, F_COUNT };

static const char *const types[] = {"volume", "ceph", "iscsi", NULL};

#define SECRET_FIELDS(TYPE_KIND, VALUE_REQUIRED, VALUE_HINT)                                       \
    {.key = SCF_NAME_ZH,                                                                           \
     .label = N_("Chinese name"),                                                                  \
     .kind = FV_TEXT,                                                                              \
     .required = true,                                                                             \
     .max = DV_NAME_MAX,                                                                           \
     .hint = N_("1-64 Chinese characters, letters, digits, '-', '.' or '_'.")},                    \
        {.key = SCF_NAME_EN,                                                                       \
         .label = N_("English name"),                                                              \
         .kind = FV_TEXT,                                                                          \
         .required = true,                                                                         \
         .max = DV_NAME_MAX,                                                                       \
         .hint = N_("1-64 letters, digits, '-', '.' or '_'.")},                                    \
        {.key = SCF_USAGE_TYPE,                                                                    \
         .label = N_("Usage type"),                                                                \
         .kind = TYPE_KIND,                                                                        \
         .required = true,                                                                         \
         .choices = types,                                                                         \
         .values = types,                                                                          \
         .hint = N_("volume: a volume's encryption key; iscsi: iSCSI pool access; ceph is not "    \
                    "supported by this system, do not choose it.")},                               \
        {.key = SCF_USAGE_ID,                                                                      \
         .label = N_("Usage"),                                                                     \
         .kind = FV_TEXT,                                                                          \
         .required = true,                                                                         \
         .max = DV_TEXT_MAX,                                                                       \
         .hint = N_("1-128 letters, digits, '-', '.', '_', '/' or ':': the iSCSI target or "       \
                    "volume path.")},                                                              \
        {.key = SCF_DESCRIPTION, .label = N_("Description"), .kind = FV_TEXT, .max = DV_DESC_MAX}, \
        {.key = SCF_VALUE,                                                                         \
         .label = N_("Password"),                                                                  \
         .kind = FV_PASSWORD,                                                                      \
         .required = VALUE_REQUIRED,                                                               \
         .max = SECRET_VALUE_MAX,                                                                  \
         .width = FV_WIDTH_PASSWORD,                                                               \
         .hint = VALUE_HINT},                                                                      \
    {                                                                                              \
        .key = SCF_REPEAT, .label = N_("Repeat password"), .kind = FV_PASSWORD,                    \
        .required = VALUE_REQUIRED, .max = SECRET_VALUE_MAX, .width = FV_WIDTH_PASSWORD            \
    }

static const struct fv_field add_fields[F_COUNT] = {
    SECRET_FIELDS(FV_PICK, true, N_("The key or password; it is sealed and never shown again."))};
static const struct fv_field edit_fields[F_COUNT] = {
    SECRET_FIELDS(FV_READONLY, false,
                  N_("Leave both password fields empty to keep the stored value."))};
/* F4: the password fields are left out of the command; dosvmctl reads the
 * value from --value-file or asks for it (dosvmctl(1)) */
static const struct fv_def add_form = {.title = N_("Add security object"),
                                       .fields = add_fields,
                                       .nfields = F_COUNT,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "secret add"};
static const struct fv_def edit_form = {.title = N_("Modify security object"),
                                        .fields = edit_fields,
                                        .nfields = F_COUNT,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "secret modify"};

static struct secret_input input_of(char **v)
{
    return (struct secret_input){
        .name_zh = v[F_NAME_ZH],
        .name_en = v[F_NAME_EN],
        .usage_type = v[F_TYPE],
        .usage_id = v[F_USAGE],
        .description = v[F_DESC],
        .value = v[F_VALUE],
        .repeat = v[F_REPEAT],
    };
}

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct secret_input in = input_of(v);
    struct secret_spec s;

    return secret_spec_parse(&in, true, &s, err) && secret_add(app->db, &app->actor, &s, NULL, err);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The security object was added."));
    return UI_RELOAD;
}

static bool submit_edit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct secret *cur = ctx;
    struct secret_input in = input_of(v);
    struct secret_spec s;

    if (!secret_spec_parse(&in, false, &s, err))
        return false;
    s.version = cur->row_version; /* as read (P2/OP-6) */
    app_command_context(app, (const char *const[]){"secret", cur->name_en, NULL}); /* F4 */
    return secret_modify(app->db, &app->actor, cur->id, &s, err);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct secret s;
    int64_t id = row->id;
    char *initial[F_COUNT + 1] = {0};

    if (!secret_get(app->db, id, &s, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[F_NAME_ZH] = s.name_zh;
    initial[F_NAME_EN] = s.name_en;
    initial[F_TYPE] = s.usage_type;
    initial[F_USAGE] = s.usage_id;
    initial[F_DESC] = s.description;
    if (dialog_form_on(app, &edit_form, s.name_en, initial, submit_edit, &s))
        app_status(app, STATUS_OK, "%s", _("The security object was saved."));
    secret_clear(&s);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const char *name = row->cells[1];

    app_command_pending(app, "secret", "delete", (const char *const[]){"secret", name, NULL});
    return list_confirm_op_on(app, _("Delete security object"), name,
                              g_strdup_printf(_("Delete the security object '%s'?"), name),
                              g_strdup_printf(_("The security object '%s' was deleted."), name),
                              secret_delete, row->id);
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
};

static const struct list_def secrets_list = {
    .title = N_("Security object information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_secrets, secrets_list);
