/* scr_projects.c - 项目信息配置: projects, their basic info, configuration
 * (quota, admins, host groups), activation and deletion (M7.2.1-M7.2.1.5) */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "screens.h"

static const struct list_column columns[] = {
    {N_("Project name"), 8, 2, 0, 0},
    {N_("Project active"), 6, 0, 0, 0},
    {N_("Project administrators"), 8, 2, 0, 0},
    {N_("Project description"), 8, 3, 0, 0},
};

static const char *const active_choices[] = {N_("All"), N_("Active"), N_("Inactive"), NULL};
static const char *const active_values[] = {"-1", "1", "0", NULL};

static const struct fv_field query_fields[] = {
    {"name", N_("Project name"), FV_TEXT, false, 64, 10, NULL, NULL,
     N_("Part of the project name; Enter queries.")},
    {"active", N_("Project active"), FV_CHOICE, false, 0, 0, active_choices, active_values,
     N_("Space changes it.")},
};
static const struct fv_def query = {NULL, query_fields, G_N_ELEMENTS(query_fields), fv_query_reset,
                                    FV_ROW};

static bool fetch(struct app *app, char **q, int64_t offset, int limit, struct list_rows *out,
                  struct dv_error *err)
{
    struct project_page page;

    if (!project_list(app->db, q[0], (int)g_ascii_strtoll(q[1], NULL, 10), offset, limit, &page,
                      err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct project *p = &page.rows[i];

        list_rows_add(out, p->id, 4, g_strdup(p->name),
                      g_strdup(p->active ? _("Active") : _("Inactive")), g_strdup(p->admins),
                      g_strdup(p->description));
    }
    project_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, edit */

enum { AF_GROUP, AF_NAME, AF_DESC };

static struct fv_field add_fields[] = {
    {PF_GROUP, N_("Project group"), FV_PICK, true, 0, 0, NULL, NULL, N_("Space changes it.")},
    {PF_NAME, N_("Project name"), FV_TEXT, true, 64, 28, NULL, NULL,
     N_("Letters, digits, Chinese characters, '-', '_' and '.'.")},
    {PF_DESCRIPTION, N_("Project description"), FV_TEXT, false, 256, 28, NULL, NULL, NULL},
};
static const struct fv_def add_form = {N_("Add project"), add_fields, G_N_ELEMENTS(add_fields),
                                       fv_ok_cancel, FV_COLUMN};

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return project_add(app->db, &app->actor, g_ascii_strtoll(v[AF_GROUP], NULL, 10), v[AF_NAME],
                       v[AF_DESC], NULL, err);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct choice_list groups = {0};
    struct fv_pick pick;

    projgroup_choices(app->db, &groups, NULL);
    if (groups.n == 0) {
        app_status(app, STATUS_ERROR, "%s",
                   _("There is no project group: first create one in project group management."));
        return UI_REDRAW;
    }
    fv_pick_fill(&pick, &groups, NULL);
    add_fields[AF_GROUP].choices = (const char *const *)pick.labels;
    add_fields[AF_GROUP].values = (const char *const *)pick.values;
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The project was added."));
    fv_pick_free(&pick);
    choice_list_free(&groups);
    return UI_RELOAD;
}

static const struct fv_field edit_fields[] = {
    {PF_NAME, N_("Project name"), FV_TEXT, true, 64, 28, NULL, NULL,
     N_("Letters, digits, Chinese characters, '-', '_' and '.'.")},
    {PF_DESCRIPTION, N_("Project description"), FV_TEXT, false, 256, 28, NULL, NULL, NULL},
};
static const struct fv_def edit_form = {N_("Modify project basic information"), edit_fields,
                                        G_N_ELEMENTS(edit_fields), fv_ok_cancel, FV_COLUMN};

/* The record a dialog edits: the project as read when it opened. */
static bool submit_edit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct project *p = ctx;
    struct project_spec spec = {.name = v[0], .description = v[1], .version = p->version};

    return project_update(app->db, &app->actor, p->id, &spec, err);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct project p;
    char *initial[3] = {NULL};

    if (!project_get(app->db, row->id, &p, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[0] = p.name;
    initial[1] = p.description;

    if (dialog_form(app, &edit_form, initial, submit_edit, &p))
        app_status(app, STATUS_OK, "%s", _("The project was saved."));
    project_clear(&p);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- configure */

static struct fv_field quota_fields[QUOTA_COUNT];
static const struct fv_def quota_form = {N_("Project quota"), quota_fields, QUOTA_COUNT,
                                         fv_ok_cancel, FV_COLUMN};

static bool submit_quota(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct project *p = ctx;
    struct project_quota q;

    return project_quota_parse((const char *const *)v, p->version, &q, err) &&
           project_set_quota(app->db, &app->actor, p->id, &q, err);
}

static int configure_quota(struct app *app, int64_t id)
{
    struct dv_error err = {0};
    struct project p;
    char *initial[QUOTA_COUNT + 1] = {0};

    if (!project_get(app->db, id, &p, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    for (int q = 0; q < QUOTA_COUNT; q++) {
        quota_fields[q] = (struct fv_field){quota_def(q)->key,
                                            quota_def(q)->label,
                                            FV_TEXT,
                                            true,
                                            10,
                                            12,
                                            NULL,
                                            NULL,
                                            N_("A whole number, 0 or more; 0 allows nothing.")};
        initial[q] = g_strdup_printf("%lld", (long long)p.quota[q]);
    }
    if (dialog_form(app, &quota_form, initial, submit_quota, &p))
        app_status(app, STATUS_OK, _("The quota of '%s' was saved."), p.name);
    for (int q = 0; q < QUOTA_COUNT; q++)
        g_free(initial[q]);
    project_clear(&p);
    return UI_RELOAD;
}

typedef bool (*choices_fn)(struct db *, int64_t, struct choice_list *, struct dv_error *);
typedef bool (*set_fn)(struct db *, const struct dv_actor *, int64_t, const int64_t *, int,
                       struct dv_error *);

/* A checklist of the project's links; saving replaces them. */
static int configure_links(struct app *app, int64_t id, const char *title, choices_fn get,
                           set_fn set)
{
    struct dv_error err = {0};
    struct choice_list l;
    int64_t *ids;
    int n;

    if (!get(app->db, id, &l, &err)) {
        app_status_error(app, &err);
        return UI_REDRAW;
    }
    if (dialog_checklist(app, title, &l)) {
        ids = choice_chosen(&l, &n);
        if (set(app->db, &app->actor, id, ids, n, &err))
            app_status(app, STATUS_OK, "%s", _("The project configuration was saved."));
        else
            app_status_error(app, &err);
        g_free(ids);
    }
    choice_list_free(&l);
    return UI_RELOAD;
}

static int act_configure(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const char *tabs[] = {_("Project quota"), _("Project administrators"), _("Project host groups"),
                          _("Project storage pools")};
    char *title = g_strdup_printf(_("Configure project '%s'"), row->cells[0]);
    int tab = dialog_menu(app, title, tabs, G_N_ELEMENTS(tabs)), flags = UI_REDRAW;

    if (tab == 0)
        flags = configure_quota(app, row->id);
    else if (tab == 1)
        flags = configure_links(app, row->id, tabs[1], project_admin_choices, project_set_admins);
    else if (tab == 2)
        flags = configure_links(app, row->id, tabs[2], project_hostgroup_choices,
                                project_set_hostgroups);
    else if (tab == 3)
        flags = configure_links(app, row->id, tabs[3], project_pool_choices, project_set_pools);
    g_free(title);
    return flags;
}

/* ---------------------------------------------------------------- activate, delete */

static int set_active(struct app *app, const struct list_row *row, bool active)
{
    struct dv_error err = {0};

    if (project_set_active(app->db, &app->actor, row->id, active, &err))
        app_status(app, STATUS_OK,
                   active ? _("The project '%s' is active.") : _("The project '%s' is inactive."),
                   row->cells[0]);
    else
        app_status_error(app, &err);
    return UI_RELOAD;
}

static int act_activate(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return set_active(app, row, true);
}

static int act_deactivate(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return set_active(app, row, false);
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return list_confirm_op(
        app, _("Delete project"),
        g_strdup_printf(_("Delete the project '%s'? Everything related to it is deleted too; its "
                          "administrators become unassigned."),
                        row->cells[0]),
        g_strdup_printf(_("The project '%s' was deleted."), row->cells[0]), project_delete,
        row->id);
}

static const struct list_action actions[] = {
    {'a', N_("Add"), LN_NONE, act_add},
    {'e', N_("Modify project basic info"), LN_ROW, act_edit},
    {'c', N_("Configure project"), LN_ROW, act_configure},
    {'t', N_("Activate"), LN_ROW, act_activate},
    {'s', N_("Deactivate"), LN_ROW, act_deactivate},
    {'d', N_("Delete"), LN_ROW, act_delete},
};

static const struct list_def projects_list = {
    .title = N_("Project information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_projects, projects_list);
