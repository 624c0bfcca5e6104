/* scr_projgroups.c - 项目组管理: one row per (project group, project) pair;
 * groups, and the projects in them (M7.2.2.1-M7.2.2.6) */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "screens.h"

enum { C_GROUP, C_PROJECT, C_DIR, C_DESC, C_GROUP_ID, C_PROJECT_ID, C_COUNT };

static const struct list_column columns[] = {
    {.header = N_("Project group name"), .min_width = 8, .weight = 2},
    {.header = N_("Project name"), .min_width = 8, .weight = 2},
    {.header = N_("File save directory"), .min_width = 10, .weight = 3},
    {.header = N_("Description"), .min_width = 6, .weight = 2},
};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Project group name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the project group name; Enter queries.")},
};
static const struct fv_def query = {
    .fields = query_fields, .nfields = 1, .buttons = fv_query_reset, .layout = FV_ROW};

/* Rows carry the ids after the shown columns. */
static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct projgroup_page page;

    if (!projgroup_list(app->db, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct projgroup_row *r = &page.rows[i];

        list_rows_add(out, r->group_id, C_COUNT, g_strdup(r->name), g_strdup(r->project),
                      g_strdup(r->file_dir), g_strdup(r->description),
                      g_strdup_printf("%lld", (long long)r->group_id),
                      g_strdup_printf("%lld", (long long)r->project_id));
    }
    projgroup_page_free(&page);
    return true;
}

static int64_t cell_id(const struct list_row *row, int c)
{
    return g_ascii_strtoll(row->cells[c], NULL, 10);
}

/* ---------------------------------------------------------------- add, modify, delete */

static const struct fv_field group_fields[] = {
    {.key = PGF_NAME,
     .label = N_("Project group name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("Unique; letters, digits, Chinese characters, '-', '_' and '.'.")},
    {.key = PGF_DIR,
     .label = N_("File save directory"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_PATH_MAX,
     .hint =
         N_("Absolute path holding the projects' images and snapshots, best inside the shared file "
            "system; created when missing.")},
    {.key = PGF_DESCRIPTION, .label = N_("Description"), .kind = FV_TEXT, .max = DV_DESC_MAX},
};
static const struct fv_def add_form = {.title = N_("Add project group"),
                                       .fields = group_fields,
                                       .nfields = 3,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "projgroup add"};
static const struct fv_def edit_form = {.title = N_("Modify project group"),
                                        .fields = group_fields,
                                        .nfields = 3,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "projgroup modify"};

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return projgroup_add(app->db, &app->actor, v[0], v[1], v[2], NULL, err);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The project group was added."));
    return UI_RELOAD;
}

/* ctx: the group as read when the dialog opened (its row version goes back). */
static bool submit_edit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct projgroup *g = ctx;
    struct projgroup_spec spec = {
        .name = v[0], .file_dir = v[1], .description = v[2], .version = g->version};

    app_command_context(app, (const char *const[]){"group", g->name, NULL}); /* F4 */
    return projgroup_update(app->db, &app->actor, g->id, &spec, err);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct projgroup g;
    char *initial[4] = {NULL};

    if (!projgroup_get(app->db, cell_id(row, C_GROUP_ID), &g, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[0] = g.name;
    initial[1] = g.file_dir;
    initial[2] = g.description;
    if (dialog_form_on(app, &edit_form, g.name, initial, submit_edit, &g))
        app_status(app, STATUS_OK, "%s",
                   _("The project group was saved; images already stored keep their paths."));
    projgroup_clear(&g);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const char *name = row->cells[C_GROUP];

    app_command_pending(app, "projgroup", "delete", (const char *const[]){"group", name, NULL});
    return list_confirm_op_on(app, _("Delete project group"), name,
                              g_strdup_printf(_("Delete the project group '%s'?"), name),
                              g_strdup_printf(_("The project group '%s' was deleted."), name),
                              projgroup_delete, cell_id(row, C_GROUP_ID));
}

/* ---------------------------------------------------------------- memberships */

static bool pick_projects(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return project_choices(app->db, out, err);
}

static bool pick_groups(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return projgroup_choices(app->db, out, err);
}

#define JOIN_EMPTY N_("There must be a project and a project group first.")

static const struct fv_field join_fields[] = {
    {.key = PGF_PROJECT,
     .label = N_("Project name"),
     .kind = FV_PICK,
     .required = true,
     .hint = N_("Space changes it."),
     .pick = pick_projects,
     .pick_empty = JOIN_EMPTY},
    {.key = PGF_GROUP,
     .label = N_("Add to project group"),
     .kind = FV_PICK,
     .required = true,
     .hint = N_("Space changes it."),
     .pick = pick_groups,
     .pick_empty = JOIN_EMPTY},
};
static const struct fv_def join_form = {.title = N_("Add project to project group"),
                                        .fields = join_fields,
                                        .nfields = 2,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "projgroup add-project"};

static bool submit_join(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return projgroup_add_project(app->db, &app->actor, g_ascii_strtoll(v[1], NULL, 10),
                                 g_ascii_strtoll(v[0], NULL, 10), err);
}

static int act_join(struct app *app, struct list_page *lp, const struct list_row *row)
{
    char *initial[] = {NULL, row ? row->cells[C_GROUP_ID] : NULL, NULL};

    if (dialog_form(app, &join_form, initial, submit_join, NULL))
        app_status(app, STATUS_OK, "%s", _("The project was added to the project group."));
    return UI_RELOAD;
}

static int act_leave(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q;
    bool yes;

    q = g_strdup_printf(_("Remove the project '%s' from the project group '%s'?"),
                        row->cells[C_PROJECT], row->cells[C_GROUP]);
    {
        char *title =
            dialog_title_on(_("Remove project from project group"), row->cells[C_PROJECT]);

        yes = dialog_confirm(app, title, q);
        g_free(title);
    }
    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (projgroup_remove_project(app->db, &app->actor, cell_id(row, C_GROUP_ID),
                                 cell_id(row, C_PROJECT_ID), &err)) {
        app_status(app, STATUS_OK, "%s", _("The project was removed from the project group."));
        app_command(app, "projgroup", "remove-project",
                    (const char *const[]){"group", row->cells[C_GROUP], "project",
                                          row->cells[C_PROJECT], NULL});
    } else
        app_status_error(app, &err);
    return UI_RELOAD;
}

/* A row is a group with one of its projects, or a group without any. */
enum { GS_WITH_PROJECT, GS_EMPTY, GS_COUNT };

static const char *const group_reasons[GS_COUNT] = {
    [GS_EMPTY] = N_("This project group has no project."),
};

static unsigned group_state(void *ctx, const struct list_row *row)
{
    return LIST_STATE(cell_id(row, C_PROJECT_ID) ? GS_WITH_PROJECT : GS_EMPTY);
}

static const struct list_states group_states = {
    .of = group_state, .reasons = group_reasons, .n = GS_COUNT};

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add project group"), .run = act_add},
    {.key = 'e', .label = N_("Modify project group"), .needs = LN_ROW, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'j', .label = N_("Add project to project group"), .run = act_join},
    {.key = 'x',
     .label = N_("Remove project from project group"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(GS_WITH_PROJECT),
     .run = act_leave},
};

static const struct list_def groups_list = {
    .title = N_("Project group management"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .states = &group_states,
};

LIST_SCREEN(scr_projgroups, groups_list);
