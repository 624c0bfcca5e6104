/* ctl_projects.c - dosvmctl's project nouns (manual ch. 7): project,
 * projgroup. */
#include "ctl.h"

#include <string.h>

#include "projects/project.h"

static const struct ctl_column project_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Project name"), CTL_STR},
    {"active", N_("Active"), CTL_BOOL},
    {"admins", N_("Project administrators"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
};

/* project list [--name PART] (M7.2.1) */
static bool project_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct project_page p;

    if (!c->actor.sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("Only the system administrator can manage projects."));
        return false;
    }
    if (!project_list(c->db, ctl_opt(c, "name"), -1, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(project_cols, G_N_ELEMENTS(project_cols));
    for (int i = 0; i < p.n; i++) {
        const struct project *r = &p.rows[i];
        char *id = g_strdup_printf("%lld", (long long)r->id);
        const char *cells[] = {id, r->name, r->active ? "1" : "0", r->admins, r->description};

        ctl_table_add(*out, cells);
        g_free(id);
    }
    project_page_free(&p);
    return true;
}

const struct ctl_verb ctl_project_verbs[] = {
    {"project", "list", CTL_OPTS("name"), project_list_verb, 0},
    {NULL},
};
