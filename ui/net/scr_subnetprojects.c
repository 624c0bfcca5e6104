/* scr_subnetprojects.c - 子网的项目配置信息: which projects may use which
 * subnets (M10.2.2.1-M10.2.2.3).  A subnet may be shared by several
 * projects and a project may use several subnets; a project's network forms
 * offer only its subnets (S0). */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "net/subnet.h"
#include "screens.h"

static const struct list_column columns[] = {
    {.header = N_("Subnet name"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("Subnet address"), .min_width = 9, .weight = 2},
    {.header = N_("Gateway address"), .min_width = 9, .weight = 2},
    {.header = N_("Project name"), .min_width = 8, .weight = 2},
};

enum { Q_SUBNET, Q_ADDRESS, Q_PROJECT };

static const struct fv_field query_fields[] = {
    {.key = "subnet",
     .label = N_("Subnet name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the subnet name; Enter queries.")},
    {.key = "address",
     .label = N_("Network address"),
     .kind = FV_TEXT,
     .max = 40,
     .width = 12,
     .hint = N_("Part of the subnet address, such as 192.168.; Enter queries.")},
    {.key = "project",
     .label = N_("Project name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the project name; Enter queries.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

/* A row is a pair: its id holds the subnet's id in the high and the
 * project's in the low 32 bits (both are SQLite rowids far below 2^31). */
static int64_t pair_id(int64_t subnet, int64_t project)
{
    return subnet << 32 | (project & 0xffffffff);
}

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct subnet_assignment_filter f = {
        .subnet = q[Q_SUBNET], .address = q[Q_ADDRESS], .project = q[Q_PROJECT]};
    struct subnet_assignment_page page;

    (void)ctx;
    if (!subnet_assignment_list(app->db, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        const struct subnet_assignment *a = &page.rows[i];

        list_rows_add(out, pair_id(a->subnet_id, a->project_id), 4, g_strdup(a->subnet),
                      g_strdup(a->address), g_strdup(a->gateway), g_strdup(a->project));
    }
    subnet_assignment_page_free(&page);
    return true;
}

static bool pick_subnets(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    (void)ctx;
    return subnet_choices(app->db, out, err);
}

static bool pick_projects(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    (void)ctx;
    return subnet_project_choices(app->db, out, err);
}

static const struct fv_field add_fields[] = {
    {.key = SNF_SUBNET,
     .label = N_("Subnet name"),
     .kind = FV_PICK,
     .required = true,
     .hint = N_("The subnet; Space or Left/Right chooses."),
     .pick = pick_subnets,
     .pick_empty = N_("There is no subnet yet: add one on the Subnets page.")},
    {.key = SNF_PROJECT,
     .label = N_("Project allowed to use this subnet"),
     .kind = FV_PICK,
     .required = true,
     .hint = N_("The project whose networks may use the subnet."),
     .pick = pick_projects,
     .pick_empty = N_("There is no project yet.")},
};
static const struct fv_def add_form = {.title = N_("Add a project that may use the subnet"),
                                       .fields = add_fields,
                                       .nfields = G_N_ELEMENTS(add_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "subnet assign"};

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    (void)ctx;
    return subnet_assign(app->db, &app->actor, g_ascii_strtoll(v[0], NULL, 10),
                         g_ascii_strtoll(v[1], NULL, 10), err);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp, (void)row;
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The subnet was assigned to the project."));
    return UI_RELOAD;
}

static bool unassign_op(struct db *db, const struct dv_actor *a, int64_t id, struct dv_error *err)
{
    return subnet_unassign(db, a, id >> 32, id & 0xffffffff, err);
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q = g_strdup_printf(_("Stop the project '%s' from using the subnet '%s'?"), row->cells[3],
                              row->cells[0]);
    bool yes = dialog_confirm(app, _("Delete subnet project"), q);

    (void)lp;
    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (unassign_op(app->db, &app->actor, row->id, &err)) {
        app_status(app, STATUS_OK, _("The project '%s' may no longer use the subnet '%s'."),
                   row->cells[3], row->cells[0]);
        /* F4 (issue 12) */
        app_command(app, "subnet", "unassign",
                    (const char *const[]){"subnet", row->cells[0], "project", row->cells[3], NULL});
    } else
        app_status_error(app, &err);
    return UI_RELOAD;
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
};

static const struct list_def assignments_list = {
    .title = N_("Subnet project configuration information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_subnetprojects, assignments_list);
