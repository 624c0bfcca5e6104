/* scr_secrets.c - 安全对象管理: security objects (M8.2a-M8.2d); their values
 * are entered, sealed and never shown again */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "screens.h"
#include "storage/secret.h"

static const struct list_column columns[] = {
    {N_("Chinese name"), 6, 2, 0, 0}, {N_("English name"), 6, 2, 0, 0},
    {N_("Usage"), 8, 3, 0, 0},        {N_("Project"), 6, 1, 0, 70},
    {N_("Description"), 6, 2, 0, 0},
};

static const struct fv_field query_fields[] = {
    {"name_zh", N_("Chinese name"), FV_TEXT, false, 64, 10, NULL, NULL,
     N_("Part of the Chinese name; Enter queries.")},
    {"name_en", N_("English name"), FV_TEXT, false, 64, 10, NULL, NULL,
     N_("Part of the English name; Enter queries.")},
    {"project", N_("Project"), FV_TEXT, false, 64, 10, NULL, NULL,
     N_("Part of a project name; Enter queries.")},
    {"usage", N_("Usage"), FV_TEXT, false, 128, 10, NULL, NULL,
     N_("Part of the usage; Enter queries.")},
};
static const struct fv_def query = {NULL, query_fields, G_N_ELEMENTS(query_fields),
                                    fv_query_reset, FV_ROW};

static bool fetch(struct app *app, char **q, int64_t offset, int limit, struct list_rows *out,
                  struct dv_error *err)
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

#define SECRET_FIELDS(TYPE_KIND, VALUE_REQUIRED, VALUE_HINT)                                   \
    {SCF_NAME_ZH, N_("Chinese name"), FV_TEXT, true, 64, 28, NULL, NULL,                       \
     N_("1-64 Chinese characters, letters, digits, '-', '.' or '_'.")},                        \
        {SCF_NAME_EN, N_("English name"), FV_TEXT, true, 64, 28, NULL, NULL,                   \
         N_("1-64 letters, digits, '-', '.' or '_'.")},                                        \
        {SCF_USAGE_TYPE, N_("Usage type"), TYPE_KIND, true, 0, 0, types, types,                \
         N_("volume: a volume's encryption key; iscsi: iSCSI pool access; ceph is not "        \
            "supported by this system, do not choose it.")},                                   \
        {SCF_USAGE_ID, N_("Usage"), FV_TEXT, true, 128, 28, NULL, NULL,                        \
         N_("1-128 letters, digits, '-', '.', '_', '/' or ':': the iSCSI target or volume path.")}, \
        {SCF_DESCRIPTION, N_("Description"), FV_TEXT, false, 256, 28, NULL, NULL, NULL},       \
        {SCF_VALUE, N_("Password"), FV_PASSWORD, VALUE_REQUIRED, 128, 20, NULL, NULL,          \
         VALUE_HINT},                                                                          \
        {SCF_REPEAT, N_("Repeat password"), FV_PASSWORD, VALUE_REQUIRED, 128, 20, NULL, NULL,  \
         NULL}

static const struct fv_field add_fields[F_COUNT] = {
    SECRET_FIELDS(FV_PICK, true, N_("The key or password; it is sealed and never shown again."))};
static const struct fv_field edit_fields[F_COUNT] = {
    SECRET_FIELDS(FV_READONLY, false,
                  N_("Leave both password fields empty to keep the stored value."))};
static const struct fv_def add_form = {N_("Add security object"), add_fields, F_COUNT,
                                       fv_ok_cancel, FV_COLUMN};
static const struct fv_def edit_form = {N_("Modify security object"), edit_fields, F_COUNT,
                                        fv_ok_cancel, FV_COLUMN};

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
    if (dialog_form(app, &edit_form, initial, submit_edit, &s))
        app_status(app, STATUS_OK, "%s", _("The security object was saved."));
    secret_clear(&s);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return list_confirm_op(
        app, _("Delete security object"),
        g_strdup_printf(_("Delete the security object '%s'?"), row->cells[1]),
        g_strdup_printf(_("The security object '%s' was deleted."), row->cells[1]),
        secret_delete, row->id);
}

static const struct list_action actions[] = {
    {'a', N_("Add"), LN_NONE, act_add},
    {'e', N_("Modify"), LN_ROW, act_edit},
    {'d', N_("Delete"), LN_ROW, act_delete},
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
