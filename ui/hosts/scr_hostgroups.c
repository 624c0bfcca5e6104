/* scr_hostgroups.c - 宿主机群信息: host groups, their member hosts and the
 * projects using them (M6.2.1.1-M6.2.1.5) */
#include "widgets/dialog.h"
#include "hosts/hostgroup.h"
#include "hosts/service.h"
#include "base/util.h"
#include "base/command.h"
#include "widgets/list.h"
#include "screens.h"

#include <string.h>

static const struct list_column columns[] = {
    {.header = N_("Host group name"), .min_width = 8, .weight = 2},
    {.header = N_("Description"), .min_width = 8, .weight = 3},
    {.header = N_("Member hosts"), .min_width = 8, .weight = 2, .hide_below = 70},
};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the host group name; Enter queries.")},
};
static const struct fv_def query = {
    .fields = query_fields, .nfields = 1, .buttons = fv_query_reset, .layout = FV_ROW};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct hostgroup_page page;

    if (!hostgroup_list(app->db, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++)
        list_rows_add(out, page.rows[i].id, 3, g_strdup(page.rows[i].name),
                      g_strdup(page.rows[i].description), g_strdup(page.rows[i].hosts));
    hostgroup_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, modify */

static const struct fv_field group_fields[] = {
    {.key = HGF_NAME,
     .label = N_("Host group name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("Unique; letters, digits, Chinese characters, '-', '_' and '.'.")},
    {.key = HGF_DESCRIPTION,
     .label = N_("Description"),
     .kind = FV_TEXT,
     .max = DV_DESC_MAX,
     .hint = N_("OK goes on to choose the member hosts (best: the same CPU type and external "
                "network).")},
};
static const struct fv_def add_form = {.title = N_("Add host group"),
                                       .fields = group_fields,
                                       .nfields = 2,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};
static const struct fv_def edit_form = {.title = N_("Modify host group"),
                                        .fields = group_fields,
                                        .nfields = 2,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

/* The group being edited (0 for a new one), its row version and name as read. */
struct edit {
    int64_t id;
    int64_t version;
    const char *name;
};

/* The labels of the chosen entries of l, comma-separated; g_free it. */
static char *chosen_labels(const struct choice_list *l)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < l->n; i++)
        if (l->v[i].on)
            g_string_append_printf(s, "%s%s", s->len ? "," : "", l->v[i].label);
    return g_string_free(s, FALSE);
}

/* F4: "hostgroup add" or "hostgroup modify --hostgroup G" with the form's
 * fields (a new name as --name), the member hosts and, when they were
 * chosen, the projects. */
static void group_command(struct app *app, const struct edit *e, char **v,
                          const struct choice_list *hosts, const struct choice_list *projects)
{
    GString *cmd = command_new(app->actor.account, "hostgroup", e->id ? "modify" : "add");
    char *h = chosen_labels(hosts);

    if (e->id)
        command_option(cmd, "hostgroup", e->name);
    if (!e->id || strcmp(e->name, v[0]) != 0)
        command_option(cmd, HGF_NAME, v[0]);
    if (*v[1] || e->id)
        command_option(cmd, HGF_DESCRIPTION, v[1]);
    command_option(cmd, HGF_HOSTS, h);
    if (projects) {
        char *p = chosen_labels(projects);

        command_option(cmd, "projects", p);
        g_free(p);
    }
    g_free(h);
    app_set_command(app, cmd);
}

/* OK of the form: choose the member hosts (and, when modifying, the projects
 * using the group), then save all of it at once. */
static bool submit_group(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct edit *e = ctx;
    struct choice_list hosts, projects = {0};
    int64_t *ids = NULL, *pids = NULL;
    int n = 0, np = 0;
    bool ok = hostgroup_host_choices(app->db, e->id, &hosts, err);
    char *t_hosts = dialog_title_on(_("Member hosts"), v[0]);
    char *t_projects = dialog_title_on(_("Projects using this host group"), v[0]);

    if (ok && !dialog_checklist(app, t_hosts, &hosts)) {
        dv_error_clear(err); /* back to the form, nothing said */
        ok = false;
    }
    if (ok && e->id && hostgroup_project_choices(app->db, e->id, &projects, err) &&
        dialog_checklist(app, t_projects, &projects))
        pids = choice_chosen(&projects, &np);
    if (ok) {
        ids = choice_chosen(&hosts, &n);
        struct hostgroup_spec spec = {
            .name = v[0], .description = v[1], .hosts = ids, .nhosts = n, .version = e->version};

        ok = e->id ? hostgroup_update(app->db, &app->actor, e->id, &spec, err)
                   : hostgroup_add(app->db, &app->actor, &spec, NULL, err);
    }
    if (ok && pids)
        ok = hostgroup_set_projects(app->db, &app->actor, e->id, pids, np, err);
    if (ok)
        group_command(app, e, v, &hosts, pids ? &projects : NULL);
    g_free(ids);
    g_free(pids);
    g_free(t_hosts);
    g_free(t_projects);
    choice_list_free(&hosts);
    choice_list_free(&projects);
    return ok;
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct edit e = {0};

    if (dialog_form(app, &add_form, NULL, submit_group, &e))
        app_status(app, STATUS_OK, "%s", _("The host group was added."));
    return UI_RELOAD;
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct hostgroup g = {0};
    struct edit e = {row->id, 0, NULL};
    char *initial[3] = {NULL};

    if (!hostgroup_get(app->db, row->id, &g, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    e.version = g.version;
    e.name = g.name;
    initial[0] = g.name;
    initial[1] = g.description;
    if (dialog_form_on(app, &edit_form, g.name, initial, submit_group, &e))
        app_status(app, STATUS_OK, "%s", _("The host group was saved."));
    hostgroup_clear(&g);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- delete, details */

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    app_command_pending(app, "hostgroup", "delete",
                        (const char *const[]){"hostgroup", row->cells[0], NULL});
    return list_confirm_op_on(app, _("Delete host group"), row->cells[0],
                              g_strdup_printf(_("Delete the host group '%s'?"), row->cells[0]),
                              g_strdup_printf(_("The host group '%s' was deleted."), row->cells[0]),
                              hostgroup_delete, row->id);
}

static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct hostgroup g = {0};
    struct choice_list members = {0};
    struct service_watch w = {0};
    GString *t;

    if (!service_watch_load(app->db, dv_now(), &w, &err) ||
        !hostgroup_get(app->db, row->id, &g, &err) ||
        !hostgroup_members(app->db, row->id, &members, &err)) {
        app_status_error(app, &err);
        service_watch_clear(&w);
        hostgroup_clear(&g);
        return UI_RELOAD;
    }
    t = g_string_new(NULL);
    g_string_append_printf(t, "%s: %s\n%s: %s\n%s: %s\n\n%s\n", _("Host group name"), g.name,
                           _("Description"), g.description, _("Projects"), g.projects,
                           _("Member hosts (host name, current state):"));
    for (int i = 0; i < members.n; i++) {
        enum host_shown shown; /* as the host list shows it (dosvmd may be down) */

        if (!service_host_shown_id(app->db, &w, members.v[i].id, &shown, &err))
            shown = HOST_SHOWN_UNKNOWN;
        g_string_append_printf(t, "  %-24s %s\n", members.v[i].label,
                               _(service_shown_label(shown)));
    }
    {
        char *title = dialog_title_on(_("Host group details"), g.name);

        dialog_text(app, title, t->str);
        g_free(title);
    }
    g_string_free(t, TRUE);
    choice_list_free(&members);
    service_watch_clear(&w);
    hostgroup_clear(&g);
    return UI_REDRAW;
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'i', .label = N_("Details"), .needs = LN_ROW, .run = act_details},
};

static const struct list_def groups_list = {
    .title = N_("Host group information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_hostgroups, groups_list);
