/* scr_secgroups.c - 安全组信息: security groups (M10.2.4.1-M10.2.4.5) for the
 * system administrator, and the same list read-only for project
 * administrators (OP-14).  The form asks the name, description and the
 * top-level filter; OK goes on to the referenced filters (a checklist:
 * Space toggles).  The set's completeness is not enforced: a warning is
 * shown after saving when it is incomplete or not minimal. */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "screens.h"
#include "base/command.h"
#include "net/secgroup.h"

#include <string.h>

static const struct list_column columns[] = {
    {.header = N_("Name"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("Top-level filter"), .min_width = 10, .weight = 2},
    {.header = N_("Description"), .min_width = 8, .weight = 3},
};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 16,
     .hint = N_("Part of the security group name; Enter queries.")},
};
static const struct fv_def query = {
    .fields = query_fields, .nfields = 1, .buttons = fv_query_reset, .layout = FV_ROW};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct secgroup_page page;

    if (!secgroup_list(app->db, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++)
        list_rows_add(out, page.rows[i].id, 3, g_strdup(page.rows[i].name),
                      g_strdup(page.rows[i].top_name_en), g_strdup(page.rows[i].description));
    secgroup_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, modify */

enum { F_NAME, F_DESC, F_TOP, F_COUNT };

static bool pick_top(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return secgroup_top_choices(app->db, out, err);
}

static const struct fv_field group_fields[F_COUNT] = {
    {.key = SGF_NAME,
     .label = N_("Security group name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("Unique; letters, digits, Chinese characters, '-', '_' and '.'.")},
    {.key = SGF_DESCRIPTION,
     .label = N_("Description"),
     .kind = FV_TEXT,
     .max = DV_DESC_MAX,
     .width = 36},
    {.key = SGF_TOP,
     .label = N_("Top-level filter"),
     .kind = FV_PICK,
     .required = true,
     .width = 28,
     .pick = pick_top,
     .hint = N_("Space or Left/Right choose the filter a VM NIC of the group uses; OK goes on to "
                "the referenced filters.")},
};
static const struct fv_def add_form = {.title = N_("Add security group"),
                                       .fields = group_fields,
                                       .nfields = F_COUNT,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};
static const struct fv_def edit_form = {.title = N_("Modify security group"),
                                        .fields = group_fields,
                                        .nfields = F_COUNT,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

/* The group being edited (id 0 for a new one), as read. */
struct edit {
    int64_t id;
    const char *old_name; /* the group's name as read (modify) */
    int64_t version;
    int64_t top;    /* its top-level filter */
    char *warning;  /* after saving: the set's warning, or NULL */
    bool top_moved; /* OP-17: a new top-level filter */
};

/* F4 (issue 12): dosvmctl secgroup add|modify of the group id as saved
 * (the form and the checklist: the filters by English name). */
static void group_command(struct app *app, const struct edit *e, int64_t id)
{
    struct dv_error err = {0};
    struct secgroup g;
    GString *cmd;
    char *filters, **parts;

    if (!secgroup_get(app->db, id, &g, &err))
        return;
    cmd = command_new(app->actor.account, "secgroup", e->id ? "modify" : "add");
    if (e->id)
        command_option(cmd, "secgroup", e->old_name);
    command_option(cmd, SGF_NAME, g.name);
    if (*g.description || e->id)
        command_option(cmd, SGF_DESCRIPTION, g.description);
    command_option(cmd, SGF_TOP, g.top_name_en);
    parts = g_strsplit(g.filters, ", ", -1);
    filters = g_strjoinv(",", parts);
    g_strfreev(parts);
    command_option(cmd, SGF_FILTERS, filters);
    g_free(filters);
    secgroup_clear(&g);
    app_set_command(app, cmd);
}

static bool submit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct edit *e = ctx;
    struct choice_list l = {0};
    struct secgroup_spec s;
    int64_t *ids = NULL, saved_id = 0;
    int n = 0;
    bool ok = secgroup_filter_choices(app->db, e->id, &l, err);

    if (ok && !dialog_checklist(app, _("Referenced filters (Space toggles)"), &l)) {
        dv_error_clear(err); /* back to the form, nothing said */
        ok = false;
    }
    if (ok) {
        struct secgroup_input in = {
            .name = v[F_NAME], .description = v[F_DESC], .top_filter = v[F_TOP]};

        ids = choice_chosen(&l, &n);
        in.filter_ids = ids;
        in.nfilters = n;
        ok = secgroup_spec_parse(&in, &s, err);
    }
    if (ok) {
        s.version = e->version;
        ok = e->id ? secgroup_modify(app->db, &app->actor, e->id, &s, err)
                   : secgroup_add(app->db, &app->actor, &s, &saved_id, err);
    }
    if (ok)
        group_command(app, e, e->id ? e->id : saved_id);
    if (ok) {
        struct dv_error ignored = {0};

        e->top_moved = e->id && s.top_filter_id != e->top;
        g_free(e->warning);
        e->warning = NULL;
        secgroup_set_warning(app->db, &s, &e->warning, &ignored);
    }
    g_free(ids);
    choice_list_free(&l);
    return ok;
}

/* The status line after a save: done, the OP-17 notice, the warning. */
static void saved(struct app *app, const struct edit *e, const char *done)
{
    GString *t = g_string_new(done);

    if (e->top_moved)
        g_string_append_printf(t, " %s", _("Running VMs keep their filter until restarted."));
    if (e->warning)
        g_string_append_printf(t, " %s", e->warning);
    app_status(app, e->top_moved || e->warning ? STATUS_INFO : STATUS_OK, "%s", t->str);
    g_string_free(t, TRUE);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct edit e = {0};

    if (dialog_form(app, &add_form, NULL, submit, &e))
        saved(app, &e, _("The security group was added."));
    g_free(e.warning);
    return UI_RELOAD;
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct secgroup g;
    struct edit e = {.id = row->id, .old_name = row->cells[0]};
    char *initial[F_COUNT + 1] = {0};

    if (!secgroup_get(app->db, row->id, &g, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    e.version = g.row_version;
    e.top = g.top_filter_id;
    initial[F_NAME] = g.name;
    initial[F_DESC] = g.description;
    initial[F_TOP] = g_strdup_printf("%lld", (long long)g.top_filter_id);
    if (dialog_form(app, &edit_form, initial, submit, &e))
        saved(app, &e, _("The security group was saved."));
    g_free(initial[F_TOP]);
    g_free(e.warning);
    secgroup_clear(&g);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q = g_strdup_printf(_("Delete the security group '%s'?"), row->cells[0]);
    bool yes = dialog_confirm(app, _("Delete security group"), q);

    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (secgroup_delete(app->db, &app->actor, row->id, &err)) {
        app_status(app, STATUS_OK, _("The security group '%s' was deleted."), row->cells[0]);
        app_command(app, "secgroup", "delete",
                    (const char *const[]){"secgroup", row->cells[0], NULL});
    } else
        app_status_error(app, &err);
    return UI_RELOAD;
}

static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct secgroup g;
    struct nwfilter_page refs;
    GString *t;

    if (!secgroup_get(app->db, row->id, &g, &err) ||
        !secgroup_filters(app->db, row->id, &refs, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    t = g_string_new(NULL);
    g_string_append_printf(t, "%s: %s\n%s: %s\n%s: %s\n\n%s\n", _("Security group name"), g.name,
                           _("Description"), g.description, _("Top-level filter"), g.top_name_en,
                           _("Referenced filters (English name, Chinese name):"));
    for (int i = 0; i < refs.n; i++)
        g_string_append_printf(t, "  %-28s %s\n", refs.rows[i].name_en, refs.rows[i].name_zh);
    app_command(app, "secgroup", "show", (const char *const[]){"secgroup", g.name, NULL});
    dialog_text(app, _("Security group details"), t->str);
    g_string_free(t, TRUE);
    nwfilter_page_free(&refs);
    secgroup_clear(&g);
    return UI_REDRAW;
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .needs = LN_SYSADM, .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW | LN_SYSADM, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW | LN_SYSADM, .run = act_delete},
    {.key = 'i', .label = N_("Details"), .needs = LN_ROW, .run = act_details},
};

static const struct list_def groups_list = {
    .title = N_("Security group information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_secgroups, groups_list);

/* OP-14: the project administrator's read-only list */
static const struct list_def pa_groups_list = {
    .title = N_("Security group information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions + 3,
    .nactions = 1,
    .fetch = fetch,
};

LIST_SCREEN(scr_pasecgroups, pa_groups_list);
