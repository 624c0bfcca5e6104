/* ctl_projects.c - dosvmctl's project nouns (manual ch. 7): project,
 * projgroup.
 *
 * A verb that acts on a project names it with --project (its name), one on
 * a project group with --group, as the console's pickers do; --name is
 * always the name field itself (a new name in modify).  Fields not given to
 * modify or quota keep their values. */
#include "ctl.h"

#include <string.h>

#include "projects/project.h"
#include "projects/projgroup.h"

/* ---------------------------------------------------------------- shared */

/* The labels of the chosen entries of l, comma-separated (g_free it). */
static char *chosen_labels(const struct choice_list *l)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < l->n; i++)
        if (l->v[i].on)
            g_string_append_printf(s, "%s%s", s->len ? "," : "", l->v[i].label);
    return g_string_free(s, FALSE);
}

static char *num_text(long long v)
{
    return g_strdup_printf("%lld", v);
}

/* The id of the entry of l whose label is exactly name, or 0. */
static int64_t find_named(const struct choice_list *l, const char *name)
{
    int64_t id = 0;

    for (int i = 0; name && i < l->n; i++)
        if (strcmp(l->v[i].label, name) == 0)
            return l->v[i].id;
    for (int i = 0; ctl_id_of(name, &id) && i < l->n; i++) /* else by its id */
        if (l->v[i].id == id)
            return id;
    return 0;
}

static void gstring_free(gpointer s)
{
    g_string_free(s, TRUE);
}

/* ---------------------------------------------------------------- project */

static const struct ctl_column project_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Project name"), CTL_STR},
    {"active", N_("Active"), CTL_BOOL},
    {"admins", N_("Project administrators"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"max_instances", N_("Max VM instances"), CTL_NUM},
    {"max_vcpus", N_("Max VCPUs"), CTL_NUM},
    {"max_mem_mb", N_("Max memory (MiB)"), CTL_NUM},
    {"max_disk_mb", N_("Max disk capacity (MiB)"), CTL_NUM},
    {"max_image_mb", N_("Max total image size (MiB)"), CTL_NUM},
    {"max_images", N_("Max image files"), CTL_NUM},
    {"max_snapshots", N_("Max disk snapshots"), CTL_NUM},
    {"hostgroups", N_("Project host groups"), CTL_STR},
    {"pools", N_("Project storage pools"), CTL_STR},
};

/* One row of the project schema: the record, its host groups and pools. */
static bool project_row(struct ctl *c, struct ctl_table *t, const struct project *p,
                        struct dv_error *err)
{
    struct choice_list hg = {0}, pl = {0};
    bool ok = project_hostgroup_choices(c->db, p->id, &hg, err) &&
              project_pool_choices(c->db, p->id, &pl, err);

    if (ok) {
        char *groups = chosen_labels(&hg), *pools = chosen_labels(&pl);

        ctl_cell_num(t, p->id);
        ctl_cell(t, p->name);
        ctl_cell_bool(t, p->active);
        ctl_cell(t, p->admins);
        ctl_cell(t, p->description);
        for (int q = 0; q < QUOTA_COUNT; q++)
            ctl_cell_num(t, p->quota[q]);
        ctl_cell(t, groups);
        ctl_cell(t, pools);
        g_free(groups);
        g_free(pools);
    }
    choice_list_free(&hg);
    choice_list_free(&pl);
    return ok;
}

static bool require_sysadm(const struct ctl *c, struct dv_error *err)
{
    return ctl_require_sysadm(c, N_("Only the system administrator can manage projects."), err);
}

/* project list [--name PART] [--active yes|no] (M7.2.1) */
static bool project_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct project_page p;
    bool active = false;
    bool ok;

    if (!require_sysadm(c, err) || !ctl_opt_bool(c, "active", &active, err))
        return false;
    if (!project_list(c->db, ctl_opt(c, "name"), ctl_has(c, "active") ? active : -1, 0, -1, &p,
                      err))
        return false;
    *out = ctl_table_new(project_cols, G_N_ELEMENTS(project_cols));
    ok = true;
    for (int i = 0; i < p.n && ok; i++)
        ok = project_row(c, *out, &p.rows[i], err);
    project_page_free(&p);
    return ok;
}

/* The id of the project option key names exactly (sysadm only). */
static bool find_project(struct ctl *c, const char *key, int64_t *id, struct dv_error *err)
{
    struct choice_list l = {0};
    const char *name = ctl_opt(c, key);
    bool ok = require_sysadm(c, err) && project_choices(c->db, &l, err);

    *id = ok ? find_named(&l, name) : 0;
    choice_list_free(&l);
    if (ok && (!name || !*name)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _("Project name"));
        ok = false;
    } else if (ok && !*id) {
        dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no project '%s'."), name);
        ok = false;
    }
    return ok;
}

/* The project id in the project schema. */
static bool project_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct project p = {0};
    bool ok = project_get(c->db, id, &p, err);

    if (ok) {
        *out = ctl_table_new(project_cols, G_N_ELEMENTS(project_cols));
        ok = project_row(c, *out, &p, err);
    }
    project_clear(&p);
    return ok;
}

/* project show --project P */
static bool project_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;

    return find_project(c, "project", &id, err) && project_table(c, id, out, err);
}

/* project add --group G --name N [--description D] (M7.2.1.1a) */
static bool project_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list groups = {0};
    int64_t group = 0, id = 0;
    bool ok = require_sysadm(c, err) && projgroup_choices(c->db, &groups, err) &&
              ctl_choose(c, &groups, PF_GROUP, N_("Project group"), true, &group, err) &&
              project_add(c->db, &c->actor, group, ctl_opt_text(c, PF_NAME),
                          ctl_opt_text(c, PF_DESCRIPTION), &id, err) &&
              project_table(c, id, out, err);

    choice_list_free(&groups);
    return ok;
}

/* project modify --project P [--name N] [--description D] (M7.2.1.2) */
static bool project_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct project p = {0};
    int64_t id;
    bool ok = find_project(c, "project", &id, err) && project_get(c->db, id, &p, err);

    if (ok) {
        struct project_spec spec = {
            .name = ctl_has(c, PF_NAME) ? ctl_opt(c, PF_NAME) : p.name,
            .description = ctl_has(c, PF_DESCRIPTION) ? ctl_opt(c, PF_DESCRIPTION) : p.description,
            .version = p.version};

        ok = project_update(c->db, &c->actor, id, &spec, err) && project_table(c, id, out, err);
    }
    project_clear(&p);
    return ok;
}

/* project delete --project P (M7.2.1.1b) */
static bool project_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;
    const char *name = ctl_opt(c, "project");

    if (!find_project(c, "project", &id, err) || !project_delete(c->db, &c->actor, id, err))
        return false;
    {
        char *msg = g_strdup_printf(_("The project '%s' was deleted."), name);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    return true;
}

/* project activate|deactivate --project P (M7.2.1.5a/b); arg 1 activates */
static bool project_active_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;

    return find_project(c, "project", &id, err) &&
           project_set_active(c->db, &c->actor, id, c->arg != 0, err) &&
           project_table(c, id, out, err);
}

typedef bool (*links_fn)(struct db *, int64_t, struct choice_list *, struct dv_error *);
typedef bool (*set_links_fn)(struct db *, const struct dv_actor *, int64_t, const int64_t *, int,
                             struct dv_error *);

/* The link verbs: the checklist of the console's configure tabs. */
static const struct {
    const char *key;  /* the option */
    const char *what; /* msgid of an entry, for "There is no %s '%s'." */
    links_fn choices;
    set_links_fn set;
} links[] = {
    {"admins", N_("Project administrator"), project_admin_choices, project_set_admins},
    {"hostgroups", N_("Host group name"), project_hostgroup_choices, project_set_hostgroups},
    {"pools", N_("Pool name"), project_pool_choices, project_set_pools},
};

/* project admins|hostgroups|pools --project P --KEY "A,B" (M7.2.1.3b-d):
 * exactly these, by the labels of the console's checklist ("" for none);
 * arg is the index in links[] */
static bool project_links_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list l = {0};
    int64_t id, *ids = NULL;
    int n = 0;
    const char *key = links[c->arg].key;
    bool ok = find_project(c, "project", &id, err);

    if (ok && !ctl_has(c, key)) {
        dv_error_set(err, DV_ERR_INVALID, key,
                     _("--%s is required: the whole list, or \"\" for "
                       "none."),
                     key);
        ok = false;
    }
    ok = ok && links[c->arg].choices(c->db, id, &l, err) &&
         ctl_choose_many(c, &l, key, links[c->arg].what, &ids, &n, err) &&
         links[c->arg].set(c->db, &c->actor, id, ids, n, err) && project_table(c, id, out, err);
    g_free(ids);
    choice_list_free(&l);
    return ok;
}

/* project quota --project P [--max-instances N ...] (M7.2.1.3a): the quota
 * form's fields; those not given keep their values */
static bool project_quota_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct project p = {0};
    struct project_quota q;
    char *texts[QUOTA_COUNT + 1] = {0};
    int64_t id;
    bool ok = find_project(c, "project", &id, err) && project_get(c->db, id, &p, err);

    for (int i = 0; ok && i < QUOTA_COUNT; i++) {
        const char *v = ctl_opt(c, quota_def(i)->key);

        texts[i] = v ? g_strdup(v) : num_text((long long)p.quota[i]);
    }
    ok = ok && project_quota_parse((const char *const *)texts, p.version, &q, err) &&
         project_set_quota(c->db, &c->actor, id, &q, err) && project_table(c, id, out, err);
    for (int i = 0; i < QUOTA_COUNT; i++)
        g_free(texts[i]);
    project_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- projgroup */

static const struct ctl_column group_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Project group name"), CTL_STR},
    {"file_dir", N_("File save directory"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"projects", N_("Project name"), CTL_STR},
};

/* The groups whose name contains name (NULL: all), one row per group with
 * its projects; only the group id when id > 0. */
static bool group_rows(struct ctl *c, const char *name, int64_t id, struct ctl_table **out,
                       struct dv_error *err)
{
    struct projgroup_page p;
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    GPtrArray *projects = g_ptr_array_new_with_free_func(gstring_free);

    if (!projgroup_list(c->db, name, 0, -1, &p, err)) {
        g_array_unref(ids);
        g_ptr_array_unref(projects);
        return false;
    }
    /* the rows are (group, project) pairs: gather each group's projects */
    for (int i = 0; i < p.n; i++) {
        const struct projgroup_row *r = &p.rows[i];
        guint k = 0;

        if (id > 0 && r->group_id != id)
            continue;
        while (k < ids->len && g_array_index(ids, int64_t, k) != r->group_id)
            k++;
        if (k == ids->len) {
            g_array_append_val(ids, r->group_id);
            g_ptr_array_add(projects, g_string_new(NULL));
        }
        if (r->project_id) {
            GString *s = g_ptr_array_index(projects, k);

            g_string_append_printf(s, "%s%s", s->len ? "," : "", r->project);
        }
    }
    *out = ctl_table_new(group_cols, G_N_ELEMENTS(group_cols));
    for (guint k = 0; k < ids->len; k++)
        for (int i = 0; i < p.n; i++)
            if (p.rows[i].group_id == g_array_index(ids, int64_t, k)) {
                const struct projgroup_row *r = &p.rows[i];

                ctl_cell_num(*out, r->group_id);
                ctl_cell(*out, r->name);
                ctl_cell(*out, r->file_dir);
                ctl_cell(*out, r->description);
                ctl_cell(*out, ((GString *)g_ptr_array_index(projects, k))->str);
                break;
            }
    projgroup_page_free(&p);
    g_array_unref(ids);
    g_ptr_array_unref(projects);
    return true;
}

/* projgroup list [--name PART] (M7.2.2.1) */
static bool group_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    return require_sysadm(c, err) && group_rows(c, ctl_opt(c, "name"), 0, out, err);
}

/* The id of the project group option key names exactly (sysadm only). */
static bool find_group(struct ctl *c, const char *key, int64_t *id, struct dv_error *err)
{
    struct choice_list l = {0};
    const char *name = ctl_opt(c, key);
    bool ok = require_sysadm(c, err) && projgroup_choices(c->db, &l, err);

    *id = ok ? find_named(&l, name) : 0;
    choice_list_free(&l);
    if (ok && (!name || !*name)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _("Project group name"));
        ok = false;
    } else if (ok && !*id) {
        dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no project group '%s'."), name);
        ok = false;
    }
    return ok;
}

/* The group id in the group schema. */
static bool group_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct projgroup g = {0};
    bool ok = projgroup_get(c->db, id, &g, err) && group_rows(c, g.name, id, out, err);

    projgroup_clear(&g);
    return ok;
}

/* projgroup add --name N --file-dir DIR [--description D] (M7.2.2.2) */
static bool group_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id = 0;

    return require_sysadm(c, err) &&
           projgroup_add(c->db, &c->actor, ctl_opt_text(c, PGF_NAME), ctl_opt_text(c, PGF_DIR),
                         ctl_opt_text(c, PGF_DESCRIPTION), &id, err) &&
           group_table(c, id, out, err);
}

/* projgroup modify --group G [--name N] [--file-dir DIR] [--description D] (M7.2.2.3) */
static bool group_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct projgroup g = {0};
    int64_t id;
    bool ok = find_group(c, PGF_GROUP, &id, err) && projgroup_get(c->db, id, &g, err);

    if (ok) {
        struct projgroup_spec spec = {
            .name = ctl_has(c, PGF_NAME) ? ctl_opt(c, PGF_NAME) : g.name,
            .file_dir = ctl_has(c, PGF_DIR) ? ctl_opt(c, PGF_DIR) : g.file_dir,
            .description =
                ctl_has(c, PGF_DESCRIPTION) ? ctl_opt(c, PGF_DESCRIPTION) : g.description,
            .version = g.version};

        ok = projgroup_update(c->db, &c->actor, id, &spec, err) && group_table(c, id, out, err);
    }
    projgroup_clear(&g);
    return ok;
}

/* projgroup delete --group G (M7.2.2.4) */
static bool group_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;
    char *msg;

    if (!find_group(c, PGF_GROUP, &id, err) || !projgroup_delete(c->db, &c->actor, id, err))
        return false;
    msg = g_strdup_printf(_("The project group '%s' was deleted."), ctl_opt(c, PGF_GROUP));
    *out = ctl_result_table(msg);
    g_free(msg);
    return true;
}

/* projgroup add-project|remove-project --group G --project P (M7.2.2.5,
 * M7.2.2.6); arg 1 adds.  The group after it. */
static bool group_member_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t group, project;

    return find_group(c, PGF_GROUP, &group, err) && find_project(c, PGF_PROJECT, &project, err) &&
           (c->arg ? projgroup_add_project(c->db, &c->actor, group, project, err)
                   : projgroup_remove_project(c->db, &c->actor, group, project, err)) &&
           group_table(c, group, out, err);
}

#define QUOTA_OPTS                                                                                 \
    "max_instances", "max_vcpus", "max_mem_mb", "max_disk_mb", "max_image_mb", "max_images",       \
        "max_snapshots"

/* ---------------------------------------------------------------- usage */

/* one column pair (used, maximum) per quota, in enum quota_id order */
static const struct ctl_column usage_cols[] = {
    {"project", N_("Project name"), CTL_STR},  {"instances_used", N_("VM instances"), CTL_NUM},
    {"instances_max", N_("Maximum"), CTL_NUM}, {"vcpus_used", N_("VCPUs"), CTL_NUM},
    {"vcpus_max", N_("Maximum"), CTL_NUM},     {"mem_mb_used", N_("Memory (MiB)"), CTL_NUM},
    {"mem_mb_max", N_("Maximum"), CTL_NUM},    {"disk_mb_used", N_("Disk (MiB)"), CTL_NUM},
    {"disk_mb_max", N_("Maximum"), CTL_NUM},   {"image_mb_used", N_("Image files (MiB)"), CTL_NUM},
    {"image_mb_max", N_("Maximum"), CTL_NUM},  {"images_used", N_("Image files"), CTL_NUM},
    {"images_max", N_("Maximum"), CTL_NUM},    {"snapshots_used", N_("Disk snapshots"), CTL_NUM},
    {"snapshots_max", N_("Maximum"), CTL_NUM}, {"vcpu_seconds", N_("VCPU time (s)"), CTL_NUM},
};
G_STATIC_ASSERT(G_N_ELEMENTS(usage_cols) == 2 + 2 * QUOTA_COUNT);

static bool usage_row(struct ctl *c, struct ctl_table *t, int64_t id, const char *name,
                      struct dv_error *err)
{
    struct project_usage u;

    if (!project_usage(c->db, id, &u, err))
        return false;
    ctl_cell(t, name);
    for (int q = 0; q < QUOTA_COUNT; q++) {
        ctl_cell_num(t, u.used[q]);
        ctl_cell_num(t, u.max[q]);
    }
    ctl_cell_num(t, u.vcpu_seconds);
    return true;
}

/* project usage [--name PART] (M7.3.1, M7.3.2): what each project uses of
 * its quotas, and its VCPU time; a project administrator's own project */
static bool project_usage_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct project_page p = {0};
    bool ok;

    if (!c->actor.sysadm) {
        struct project me = {0};
        int64_t id = 0;

        ok = project_for_actor(c->db, &c->actor, 0, &id, err) && project_get(c->db, id, &me, err);
        if (ok) {
            *out = ctl_table_new(usage_cols, G_N_ELEMENTS(usage_cols));
            ok = usage_row(c, *out, id, me.name, err);
        }
        project_clear(&me);
        return ok;
    }
    if (!project_list(c->db, ctl_opt(c, "name"), -1, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(usage_cols, G_N_ELEMENTS(usage_cols));
    ok = true;
    for (int i = 0; ok && i < p.n; i++)
        ok = usage_row(c, *out, p.rows[i].id, p.rows[i].name, err);
    project_page_free(&p);
    return ok;
}

const struct ctl_verb ctl_project_verbs[] = {
    {"project", "list", CTL_OPTS("name", "active"), project_list_verb, 0},
    {"project", "show", CTL_OPTS("project"), project_show_verb, 0},
    {"project", "add", CTL_OPTS("group", "name", "description"), project_add_verb, 0},
    {"project", "modify", CTL_OPTS("project", "name", "description"), project_modify_verb, 0},
    {"project", "delete", CTL_OPTS("project"), project_delete_verb, 0},
    {"project", "activate", CTL_OPTS("project"), project_active_verb, 1},
    {"project", "deactivate", CTL_OPTS("project"), project_active_verb, 0},
    {"project", "admins", CTL_OPTS("project", "admins"), project_links_verb, 0},
    {"project", "hostgroups", CTL_OPTS("project", "hostgroups"), project_links_verb, 1},
    {"project", "pools", CTL_OPTS("project", "pools"), project_links_verb, 2},
    {"project", "quota", CTL_OPTS("project", QUOTA_OPTS), project_quota_verb, 0},
    {"project", "usage", CTL_OPTS("name"), project_usage_verb, 0},
    {"projgroup", "list", CTL_OPTS("name"), group_list_verb, 0},
    {"projgroup", "add", CTL_OPTS("name", "file_dir", "description"), group_add_verb, 0},
    {"projgroup", "modify", CTL_OPTS("group", "name", "file_dir", "description"), group_modify_verb,
     0},
    {"projgroup", "delete", CTL_OPTS("group"), group_delete_verb, 0},
    {"projgroup", "add-project", CTL_OPTS("group", "project"), group_member_verb, 1},
    {"projgroup", "remove-project", CTL_OPTS("group", "project"), group_member_verb, 0},
    {NULL},
};
