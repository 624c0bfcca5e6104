/* scr_projects.c - 项目信息配置: projects, their basic info, configuration
 * (quota, admins, host groups), activation and deletion (M7.2.1-M7.2.1.5) */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "screens.h"
#include "vm/vmpages.h"

static const struct list_column columns[] = {
    {.header = N_("Project name"), .min_width = 8, .weight = 2},
    {.header = N_("Project active"), .min_width = 6},
    {.header = N_("Project administrators"), .min_width = 8, .weight = 2},
    {.header = N_("Project description"), .min_width = 8, .weight = 3},
};

static const char *const active_choices[] = {N_("All"), N_("Active"), N_("Inactive"), NULL};
static const char *const active_values[] = {"-1", "1", "0", NULL};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Project name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the project name; Enter queries.")},
    {.key = "active",
     .label = N_("Project active"),
     .kind = FV_CHOICE,
     .choices = active_choices,
     .values = active_values,
     .hint = N_("Space changes it.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

/* A project is active or not: Activate works on the one, Deactivate on the other. */
enum { PS_INACTIVE, PS_ACTIVE, PS_COUNT };

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
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
        list_rows_set_state(out, LIST_STATE(p->active ? PS_ACTIVE : PS_INACTIVE));
    }
    project_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, edit */

enum { AF_GROUP, AF_NAME, AF_DESC };

static bool pick_groups(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return projgroup_choices(app->db, out, err);
}

static const struct fv_field add_fields[] = {
    {.key = PF_GROUP,
     .label = N_("Project group"),
     .kind = FV_PICK,
     .required = true,
     .hint = N_("Space changes it."),
     .pick = pick_groups,
     .pick_empty = N_("There is no project group: first create one in project group management.")},
    {.key = PF_NAME,
     .label = N_("Project name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("Letters, digits, Chinese characters, '-', '_' and '.'.")},
    {.key = PF_DESCRIPTION,
     .label = N_("Project description"),
     .kind = FV_TEXT,
     .max = DV_DESC_MAX},
};
static const struct fv_def add_form = {.title = N_("Add project"),
                                       .fields = add_fields,
                                       .nfields = G_N_ELEMENTS(add_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "project add"};

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return project_add(app->db, &app->actor, g_ascii_strtoll(v[AF_GROUP], NULL, 10), v[AF_NAME],
                       v[AF_DESC], NULL, err);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &add_form, NULL, submit_add, NULL))
        app_status(app, STATUS_OK, "%s", _("The project was added."));
    return UI_RELOAD;
}

static const struct fv_field edit_fields[] = {
    {.key = PF_NAME,
     .label = N_("Project name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("Letters, digits, Chinese characters, '-', '_' and '.'.")},
    {.key = PF_DESCRIPTION,
     .label = N_("Project description"),
     .kind = FV_TEXT,
     .max = DV_DESC_MAX},
};
static const struct fv_def edit_form = {.title = N_("Modify project basic information"),
                                        .fields = edit_fields,
                                        .nfields = G_N_ELEMENTS(edit_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "project modify"};

/* The record a dialog edits: the project as read when it opened. */
static bool submit_edit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct project *p = ctx;
    struct project_spec spec = {.name = v[0], .description = v[1], .version = p->version};

    app_command_context(app, (const char *const[]){"project", p->name, NULL}); /* F4 */
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

    if (dialog_form_on(app, &edit_form, p.name, initial, submit_edit, &p))
        app_status(app, STATUS_OK, "%s", _("The project was saved."));
    project_clear(&p);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- configure */

/* One quota field; its key and label come from the core's quota table. */
static const struct fv_field quota_field = {.kind = FV_TEXT,
                                            .required = true,
                                            .max = 10,
                                            .width = 12,
                                            .hint =
                                                N_("A whole number, 0 or more; 0 allows nothing.")};

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
    struct fv_field fields[QUOTA_COUNT]; /* this dialog's own copy */
    const struct fv_def form = {.title = N_("Project quota"),
                                .fields = fields,
                                .nfields = QUOTA_COUNT,
                                .buttons = fv_ok_cancel,
                                .layout = FV_COLUMN,
                                .command = "project quota"};

    if (!project_get(app->db, id, &p, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    for (int q = 0; q < QUOTA_COUNT; q++) {
        fields[q] = quota_field;
        fields[q].key = quota_def(q)->key;
        fields[q].label = quota_def(q)->label;
        initial[q] = g_strdup_printf("%lld", (long long)p.quota[q]);
    }
    app_command_context(app, (const char *const[]){"project", p.name, NULL});
    if (dialog_form_on(app, &form, p.name, initial, submit_quota, &p))
        app_status(app, STATUS_OK, _("The quota of '%s' was saved."), p.name);
    for (int q = 0; q < QUOTA_COUNT; q++)
        g_free(initial[q]);
    project_clear(&p);
    return UI_RELOAD;
}

typedef bool (*choices_fn)(struct db *, int64_t, struct choice_list *, struct dv_error *);
typedef bool (*set_fn)(struct db *, const struct dv_actor *, int64_t, const int64_t *, int,
                       struct dv_error *);

/* F4 of a checklist: "project VERB --project NAME --VERB 'A,B'", the
 * labels of the chosen entries. */
static void links_command(struct app *app, const char *verb, const char *name,
                          const struct choice_list *l)
{
    GString *chosen = g_string_new(NULL);

    for (int i = 0; i < l->n; i++)
        if (l->v[i].on)
            g_string_append_printf(chosen, "%s%s", chosen->len ? "," : "", l->v[i].label);
    app_command(app, "project", verb,
                (const char *const[]){"project", name, verb, chosen->str, NULL});
    g_string_free(chosen, TRUE);
}

/* A checklist of the project's links; saving replaces them.  verb: the
 * dosvmctl verb that does the same (its option is the verb too). */
static int configure_links(struct app *app, int64_t id, const char *name, const char *title,
                           const char *verb, choices_fn get, set_fn set)
{
    struct dv_error err = {0};
    struct choice_list l;
    int64_t *ids;
    int n;

    if (!get(app->db, id, &l, &err)) {
        app_status_error(app, &err);
        return UI_REDRAW;
    }
    char *named = dialog_title_on(title, name);
    bool yes = dialog_checklist(app, named, &l);

    g_free(named);
    if (yes) {
        ids = choice_chosen(&l, &n);
        if (set(app->db, &app->actor, id, ids, n, &err)) {
            app_status(app, STATUS_OK, "%s", _("The project configuration was saved."));
            links_command(app, verb, name, &l);
        } else
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
        flags = configure_links(app, row->id, row->cells[0], tabs[1], "admins",
                                project_admin_choices, project_set_admins);
    else if (tab == 2)
        flags = configure_links(app, row->id, row->cells[0], tabs[2], "hostgroups",
                                project_hostgroup_choices, project_set_hostgroups);
    else if (tab == 3)
        flags = configure_links(app, row->id, row->cells[0], tabs[3], "pools", project_pool_choices,
                                project_set_pools);
    g_free(title);
    return flags;
}

/* ---------------------------------------------------------------- activate, delete */

static int set_active(struct app *app, const struct list_row *row, bool active)
{
    struct dv_error err = {0};

    if (project_set_active(app->db, &app->actor, row->id, active, &err)) {
        app_status(app, STATUS_OK,
                   active ? _("The project '%s' is active.") : _("The project '%s' is inactive."),
                   row->cells[0]);
        app_command(app, "project", active ? "activate" : "deactivate",
                    (const char *const[]){"project", row->cells[0], NULL});
    } else
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

/* M7.2.1.4: the selected project's VMs, or every VM when none is selected. */
static int act_vms(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    vms_run_for_project(app, row ? row->id : 0);
    return UI_REDRAW;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    app_command_pending(app, "project", "delete",
                        (const char *const[]){"project", row->cells[0], NULL});
    return list_confirm_op_on(
        app, _("Delete project"), row->cells[0],
        g_strdup_printf(_("Delete the project '%s'? Everything related to it is deleted "
                          "too; its administrators become unassigned."),
                        row->cells[0]),
        g_strdup_printf(_("The project '%s' was deleted."), row->cells[0]), project_delete,
        row->id);
}

static const char *const project_reasons[PS_COUNT] = {
    [PS_INACTIVE] = N_("The project is already inactive."),
    [PS_ACTIVE] = N_("The project is already active."),
};

static const struct list_states project_states = {
    .of = list_row_state, .reasons = project_reasons, .n = PS_COUNT};

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify project basic info"), .needs = LN_ROW, .run = act_edit},
    {.key = 'c', .label = N_("Configure project"), .needs = LN_ROW, .run = act_configure},
    {.key = 'v', .label = N_("View project VMs"), .needs = LN_ROW_OPT, .run = act_vms},
    {.key = 't',
     .label = N_("Activate"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(PS_INACTIVE),
     .run = act_activate},
    {.key = 's',
     .label = N_("Deactivate"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(PS_ACTIVE),
     .run = act_deactivate},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
};

static const struct list_def projects_list = {
    .title = N_("Project information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .states = &project_states,
};

LIST_SCREEN(scr_projects, projects_list);
