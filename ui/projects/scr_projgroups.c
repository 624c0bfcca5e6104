/* scr_projgroups.c - 项目组管理: one row per (project group, project) pair;
 * groups, and the projects in them (M7.2.2.1-M7.2.2.6) */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "screens.h"

enum { C_GROUP, C_PROJECT, C_DIR, C_DESC, C_GROUP_ID, C_PROJECT_ID, C_COUNT };

static const struct list_column columns[] = {
    {N_("Project group name"), 8, 2, 0, 0},
    {N_("Project name"), 8, 2, 0, 0},
    {N_("File save directory"), 10, 3, 0, 0},
    {N_("Description"), 6, 2, 0, 0},
};

static const struct fv_field query_fields[] = {
    {"name", N_("Project group name"), FV_TEXT, false, 64, 12, NULL, NULL,
     N_("Part of the project group name; Enter queries.")},
};
static const struct fv_def query = {NULL, query_fields, 1, fv_query_reset, FV_ROW};

/* Rows carry the ids after the shown columns. */
static bool fetch(struct app *app, char **q, int64_t offset, int limit, struct list_rows *out,
                  struct dv_error *err)
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
    {PGF_NAME, N_("Project group name"), FV_TEXT, true, 64, 28, NULL, NULL,
     N_("Unique; letters, digits, Chinese characters, '-', '_' and '.'.")},
    {PGF_DIR, N_("File save directory"), FV_TEXT, true, 255, 28, NULL, NULL,
     N_("Absolute path holding the projects' images and snapshots, best inside the shared file "
        "system; created when missing.")},
    {PGF_DESCRIPTION, N_("Description"), FV_TEXT, false, 256, 28, NULL, NULL, NULL},
};
static const struct fv_def add_form = {N_("Add project group"), group_fields, 3, fv_ok_cancel,
                                       FV_COLUMN};
static const struct fv_def edit_form = {N_("Modify project group"), group_fields, 3, fv_ok_cancel,
                                        FV_COLUMN};

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
    if (dialog_form(app, &edit_form, initial, submit_edit, &g))
        app_status(app, STATUS_OK, "%s",
                   _("The project group was saved; images already stored keep their paths."));
    projgroup_clear(&g);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return list_confirm_op(
        app, _("Delete project group"),
        g_strdup_printf(_("Delete the project group '%s'?"), row->cells[C_GROUP]),
        g_strdup_printf(_("The project group '%s' was deleted."), row->cells[C_GROUP]),
        projgroup_delete, cell_id(row, C_GROUP_ID));
}

/* ---------------------------------------------------------------- memberships */

static struct fv_field join_fields[] = {
    {PGF_PROJECT, N_("Project name"), FV_PICK, true, 0, 0, NULL, NULL, N_("Space changes it.")},
    {PGF_GROUP, N_("Add to project group"), FV_PICK, true, 0, 0, NULL, NULL,
     N_("Space changes it.")},
};
static const struct fv_def join_form = {N_("Add project to project group"), join_fields, 2,
                                        fv_ok_cancel, FV_COLUMN};

static bool submit_join(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return projgroup_add_project(app->db, &app->actor, g_ascii_strtoll(v[1], NULL, 10),
                                 g_ascii_strtoll(v[0], NULL, 10), err);
}

static int act_join(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct choice_list projects = {0}, groups = {0};
    struct fv_pick pp, gp;
    char *initial[] = {NULL, row ? row->cells[C_GROUP_ID] : NULL, NULL};

    project_choices(app->db, &projects, NULL);
    projgroup_choices(app->db, &groups, NULL);
    if (projects.n == 0 || groups.n == 0) {
        app_status(app, STATUS_ERROR, "%s",
                   _("There must be a project and a project group first."));
    } else {
        fv_pick_fill(&pp, &projects, NULL);
        fv_pick_fill(&gp, &groups, NULL);
        join_fields[0].choices = (const char *const *)pp.labels;
        join_fields[0].values = (const char *const *)pp.values;
        join_fields[1].choices = (const char *const *)gp.labels;
        join_fields[1].values = (const char *const *)gp.values;
        if (dialog_form(app, &join_form, initial, submit_join, NULL))
            app_status(app, STATUS_OK, "%s", _("The project was added to the project group."));
        fv_pick_free(&pp);
        fv_pick_free(&gp);
    }
    choice_list_free(&projects);
    choice_list_free(&groups);
    return UI_RELOAD;
}

static int act_leave(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q;
    bool yes;

    if (cell_id(row, C_PROJECT_ID) == 0) {
        app_status(app, STATUS_ERROR, "%s", _("This project group has no project."));
        return UI_REDRAW;
    }
    q = g_strdup_printf(_("Remove the project '%s' from the project group '%s'?"),
                        row->cells[C_PROJECT], row->cells[C_GROUP]);
    yes = dialog_confirm(app, _("Remove project from project group"), q);
    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (projgroup_remove_project(app->db, &app->actor, cell_id(row, C_GROUP_ID),
                                 cell_id(row, C_PROJECT_ID), &err))
        app_status(app, STATUS_OK, "%s", _("The project was removed from the project group."));
    else
        app_status_error(app, &err);
    return UI_RELOAD;
}

static const struct list_action actions[] = {
    {'a', N_("Add project group"), LN_NONE, act_add},
    {'e', N_("Modify project group"), LN_ROW, act_edit},
    {'d', N_("Delete"), LN_ROW, act_delete},
    {'j', N_("Add project to project group"), LN_NONE, act_join},
    {'x', N_("Remove project from project group"), LN_ROW, act_leave},
};

static const struct list_def groups_list = {
    .title = N_("Project group management"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_projgroups, groups_list);
