/* ctl_hosts.c - dosvmctl's host nouns (manual ch. 6): host, hostgroup. */
#include "ctl.h"

#include <string.h>

#include "base/util.h"
#include "db/choice.h"
#include "hosts/host.h"
#include "hosts/hostgroup.h"

#define HOSTS_SYSADM_ONLY N_("Only the system administrator can manage hosts.")

/* ---------------------------------------------------------------- host */

static const struct ctl_column host_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Host name"), CTL_STR},
    {"ip", N_("IP address"), CTL_STR},
    {"uri", N_("libvirt URI"), CTL_STR},
    {"running", N_("Running"), CTL_BOOL},
    {"cpu_cores", N_("CPU cores"), CTL_NUM},
    {"mem_total_mb", N_("Memory (MiB)"), CTL_NUM},
    {"max_vcpus", N_("Max VCPUs"), CTL_NUM},
    {"max_vmem", N_("Max VMEM (MiB)"), CTL_NUM},
    {"cpu_model", N_("CPU model"), CTL_STR},
};

static void host_row(struct ctl_table *t, const struct host *h)
{
    ctl_cell_num(t, h->id);
    ctl_cell(t, h->name);
    ctl_cell(t, h->ip);
    ctl_cell(t, h->uri);
    ctl_cell_bool(t, h->running);
    ctl_cell_num(t, h->cpu_cores);
    ctl_cell_num(t, h->mem_total_mb);
    ctl_cell_num(t, h->max_vcpus);
    ctl_cell_num(t, h->max_vmem_mb);
    ctl_cell(t, h->cpu_model);
}

/* *out: the one-row table of host id as it is now. */
static bool host_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct host h = {0};

    if (!host_get(c->db, id, &h, err))
        return false;
    *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
    host_row(*out, &h);
    host_clear(&h);
    return true;
}

/* host list [--filter PART]: the hosts (M6.2.2.1) */
static bool host_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct host_page p;

    if (!ctl_require_sysadm(c, HOSTS_SYSADM_ONLY, err) ||
        !host_list(c->db, ctl_opt(c, "filter"), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
    for (int i = 0; i < p.n; i++)
        host_row(*out, &p.rows[i]);
    host_page_free(&p);
    return true;
}

/* The host named exactly name (sysadm only); *out is host_get's. */
static bool find_host(struct ctl *c, const char *name, struct host *out, struct dv_error *err)
{
    struct host_page p;
    int64_t id = 0;

    if (!ctl_require_sysadm(c, HOSTS_SYSADM_ONLY, err))
        return false;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, HF_NAME, _("%s is required."), _("Host name"));
        return false;
    }
    if (!host_list(c->db, name, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].name, name) == 0)
            id = p.rows[i].id;
    host_page_free(&p);
    if (!id && ctl_id_of(name, &id)) { /* the host of that id */
        struct dv_error none = {0};

        if (host_get(c->db, id, out, &none))
            return true;
        id = 0;
    }
    if (!id) {
        dv_error_set(err, DV_ERR_NOTFOUND, HF_NAME, _("There is no host '%s'."), name);
        return false;
    }
    return host_get(c->db, id, out, err);
}

/* host show --name H (M6.2.2.2a): the host's static information */
static bool host_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct host h = {0};
    bool ok = find_host(c, ctl_record(c, "host", HF_NAME, NULL), &h, err);

    if (ok) {
        *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
        host_row(*out, &h);
    }
    host_clear(&h);
    return ok;
}

static const struct ctl_column history_cols[] = {
    {"host", N_("Name"), CTL_STR},
    {"time", N_("Time"), CTL_STR},
    {"cpu_pct", N_("CPU load (%)"), CTL_NUM},
    {"mem_pct", N_("Memory load (%)"), CTL_NUM},
    {"disk_pct", N_("Disk load (%)"), CTL_NUM},
    {"net_mbps", N_("Network load (MiB)"), CTL_NUM},
};

/* a sample's value, "" (JSON null) when the host did not give it */
static void sample_cell(struct ctl_table *t, bool has, double v)
{
    char buf[32];

    if (has)
        g_snprintf(buf, sizeof buf, "%.1f", v);
    ctl_cell(t, has ? buf : "");
}

/* host history --host H [--from TIME --to TIME] (M6.2.2.3): the host's
 * samples, newest first */
static bool host_history_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct host h = {0};
    struct host_history_page p = {0};
    int64_t from = 0, to = 0;
    bool has = false;
    bool ok = host_history_period(ctl_opt(c, "from"), ctl_opt(c, "to"), &has, &from, &to, err) &&
              find_host(c, ctl_record(c, "host", HF_NAME, NULL), &h, err) &&
              host_history_list(c->db, h.id, has, from, to, 0, -1, &p, err);

    if (ok) {
        *out = ctl_table_new(history_cols, G_N_ELEMENTS(history_cols));
        for (int i = 0; i < p.n; i++) {
            const struct host_sample *s = &p.rows[i];
            char t[DV_TIME_LEN];

            ctl_cell(*out, h.name);
            ctl_cell(*out, dv_format_time(s->time, t));
            sample_cell(*out, s->has_cpu, s->cpu_pct);
            sample_cell(*out, s->has_mem, s->mem_pct);
            sample_cell(*out, s->has_disk, s->disk_pct);
            sample_cell(*out, s->has_net, s->net_mbps);
        }
        host_history_page_free(&p);
    }
    host_clear(&h);
    return ok;
}

/* host add --name N --uri U (D3): connects, reads the node and registers it */
static bool host_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id = 0;

    return host_add(c->db, &c->actor, ctl_opt_text(c, HF_NAME), ctl_opt_text(c, HF_URI), &id,
                    err) &&
           host_table(c, id, out, err);
}

/* host modify --name H [--name NEW] [--max-vcpus N] [--max-vmem MIB]
 * (M6.2.2.4): what is given changes, the rest stays; a second --name is the
 * new name (the console's command gives the record, then its fields). */
static bool host_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    const char *renamed = NULL;
    const char *name = ctl_record(c, "host", HF_NAME, &renamed);
    struct host h = {0};
    struct host_spec spec;
    char *vcpus = NULL, *vmem = NULL;
    bool ok = find_host(c, name, &h, err);

    if (ok) {
        vcpus = ctl_has(c, HF_MAX_VCPUS) ? g_strdup(ctl_opt(c, HF_MAX_VCPUS))
                                         : g_strdup_printf("%d", h.max_vcpus);
        vmem = ctl_has(c, HF_MAX_VMEM) ? g_strdup(ctl_opt(c, HF_MAX_VMEM))
                                       : g_strdup_printf("%lld", (long long)h.max_vmem_mb);
        ok = host_spec_parse(renamed ? renamed : h.name, vcpus, vmem, h.version, &spec, err) &&
             host_update(c->db, &c->actor, h.id, &spec, err) && host_table(c, h.id, out, err);
    }
    g_free(vcpus);
    g_free(vmem);
    host_clear(&h);
    return ok;
}

/* host delete --name H (OP-13): a stopped host no group contains */
static bool host_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct host h = {0};
    bool ok = find_host(c, ctl_record(c, "host", HF_NAME, NULL), &h, err) &&
              host_delete(c->db, &c->actor, h.id, err);

    if (ok) {
        char *msg = g_strdup_printf(_("The host '%s' was deleted."), h.name);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    host_clear(&h);
    return ok;
}

/* host clear-history --date YYYY-MM-DD [--time HH:MM:SS] (M6.2.2.5): the
 * history of every host before that time */
static bool host_clear_history_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    const char *time = ctl_opt(c, "time");
    char *when = time ? g_strdup_printf("%s %s", ctl_opt_text(c, "date"), time)
                      : g_strdup(ctl_opt_text(c, "date"));
    int64_t before;
    int deleted = 0;
    bool ok = ctl_require_sysadm(c, HOSTS_SYSADM_ONLY, err);

    if (ok && !dv_parse_time(when, &before)) {
        dv_error_set(err, DV_ERR_INVALID, "date",
                     _("Date and time must be written as YYYY-MM-DD and HH:MM:SS."));
        ok = false;
    }
    if (ok && (ok = host_clear_history(c->db, &c->actor, before, &deleted, err))) {
        char *msg = g_strdup_printf(_("Deleted %d host history rows before %s."), deleted, when);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    g_free(when);
    return ok;
}

/* ---------------------------------------------------------------- hostgroup */

static const struct ctl_column group_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Host group name"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"hosts", N_("Member hosts"), CTL_STR},
    {"projects", N_("Projects"), CTL_STR},
};

static void group_row(struct ctl_table *t, const struct hostgroup *g)
{
    ctl_cell_num(t, g->id);
    ctl_cell(t, g->name);
    ctl_cell(t, g->description);
    ctl_cell(t, g->hosts);
    ctl_cell(t, g->projects);
}

static bool group_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct hostgroup g = {0};

    if (!hostgroup_get(c->db, id, &g, err))
        return false;
    *out = ctl_table_new(group_cols, G_N_ELEMENTS(group_cols));
    group_row(*out, &g);
    hostgroup_clear(&g);
    return true;
}

/* hostgroup list [--name PART] (M6.2.1.1) */
static bool group_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct hostgroup_page p;

    if (!ctl_require_sysadm(c, HOSTS_SYSADM_ONLY, err) ||
        !hostgroup_list(c->db, ctl_opt(c, HGF_NAME), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(group_cols, G_N_ELEMENTS(group_cols));
    for (int i = 0; i < p.n; i++)
        group_row(*out, &p.rows[i]);
    hostgroup_page_free(&p);
    return true;
}

/* The host group named exactly name (sysadm only); *out is hostgroup_get's. */
static bool find_group(struct ctl *c, const char *name, struct hostgroup *out, struct dv_error *err)
{
    struct hostgroup_page p;
    int64_t id = 0;

    if (!ctl_require_sysadm(c, HOSTS_SYSADM_ONLY, err))
        return false;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, HGF_NAME, _("%s is required."), _("Host group name"));
        return false;
    }
    if (!hostgroup_list(c->db, name, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].name, name) == 0)
            id = p.rows[i].id;
    hostgroup_page_free(&p);
    if (!id && ctl_id_of(name, &id)) { /* the group of that id */
        struct dv_error none = {0};

        if (hostgroup_get(c->db, id, out, &none))
            return true;
        id = 0;
    }
    if (!id) {
        dv_error_set(err, DV_ERR_NOTFOUND, HGF_NAME, _("There is no host group '%s'."), name);
        return false;
    }
    return hostgroup_get(c->db, id, out, err);
}

/* The member hosts option --hosts a,b names on the console's checklist of
 * group id (0: a new group); not given: the members it has now. */
static bool group_hosts(struct ctl *c, int64_t id, int64_t **ids, int *n, struct dv_error *err)
{
    struct choice_list l = {0};
    bool ok = hostgroup_host_choices(c->db, id, &l, err);

    if (ok && ctl_has(c, HGF_HOSTS))
        ok = ctl_choose_many(c, &l, HGF_HOSTS, N_("Host"), ids, n, err);
    else if (ok)
        *ids = choice_chosen(&l, n);
    choice_list_free(&l);
    return ok;
}

/* The projects --projects a,b names on the console's checklist of group id
 * (true with *ids NULL when not given). */
static bool group_projects(struct ctl *c, int64_t id, int64_t **ids, int *n, struct dv_error *err)
{
    struct choice_list l = {0};
    bool ok = hostgroup_project_choices(c->db, id, &l, err) &&
              ctl_choose_many(c, &l, "projects", N_("Project"), ids, n, err);

    choice_list_free(&l);
    if (ok && ctl_has(c, "projects") && !*ids)
        *ids = g_new0(int64_t, 1); /* "" chooses none */
    return ok;
}

/* hostgroup add --name N [--description D] --hosts a,b (M6.2.1.2) */
static bool group_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t *hosts = NULL, id = 0;
    int n = 0;
    bool ok = ctl_require_sysadm(c, HOSTS_SYSADM_ONLY, err) && group_hosts(c, 0, &hosts, &n, err);

    if (ok) {
        struct hostgroup_spec spec = {.name = ctl_opt_text(c, HGF_NAME),
                                      .description = ctl_opt_text(c, HGF_DESCRIPTION),
                                      .hosts = hosts,
                                      .nhosts = n};

        ok = hostgroup_add(c->db, &c->actor, &spec, &id, err) && group_table(c, id, out, err);
    }
    g_free(hosts);
    return ok;
}

/* hostgroup modify --name G [--name NEW] [--description D] [--hosts a,b]
 * [--projects a,b] (M6.2.1.3a, M6.2.1.3b): what is given changes, as the
 * console's dialog saves its form, member hosts and projects at once */
static bool group_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    const char *renamed = NULL;
    const char *name = ctl_record(c, "hostgroup", HGF_NAME, &renamed);
    struct hostgroup g = {0};
    int64_t *hosts = NULL, *projects = NULL;
    int n = 0, np = 0;
    bool ok = find_group(c, name, &g, err) && group_hosts(c, g.id, &hosts, &n, err) &&
              group_projects(c, g.id, &projects, &np, err);

    if (ok) {
        struct hostgroup_spec spec = {.name = renamed ? renamed : g.name,
                                      .description = ctl_has(c, HGF_DESCRIPTION)
                                                         ? ctl_opt(c, HGF_DESCRIPTION)
                                                         : g.description,
                                      .hosts = hosts,
                                      .nhosts = n,
                                      .version = g.version};

        ok = hostgroup_update(c->db, &c->actor, g.id, &spec, err) &&
             (!projects || hostgroup_set_projects(c->db, &c->actor, g.id, projects, np, err)) &&
             group_table(c, g.id, out, err);
    }
    g_free(hosts);
    g_free(projects);
    hostgroup_clear(&g);
    return ok;
}

/* hostgroup projects --name G --projects a,b (M6.2.1.3b): the projects
 * using the group ("" for none) */
static bool group_projects_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct hostgroup g = {0};
    int64_t *projects = NULL;
    int np = 0;
    bool ok = find_group(c, ctl_record(c, "hostgroup", HGF_NAME, NULL), &g, err);

    if (ok && !ctl_has(c, "projects")) {
        dv_error_set(err, DV_ERR_INVALID, "projects", _("%s is required."), _("Projects"));
        ok = false;
    }
    ok = ok && group_projects(c, g.id, &projects, &np, err) &&
         hostgroup_set_projects(c->db, &c->actor, g.id, projects, np, err) &&
         group_table(c, g.id, out, err);
    g_free(projects);
    hostgroup_clear(&g);
    return ok;
}

/* hostgroup delete --name G (M6.2.1.4): refused while a project uses it */
static bool group_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct hostgroup g = {0};
    bool ok = find_group(c, ctl_record(c, "hostgroup", HGF_NAME, NULL), &g, err) &&
              hostgroup_delete(c->db, &c->actor, g.id, err);

    if (ok) {
        char *msg = g_strdup_printf(_("The host group '%s' was deleted."), g.name);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    hostgroup_clear(&g);
    return ok;
}

const struct ctl_verb ctl_host_verbs[] = {
    {"host", "list", CTL_OPTS("filter"), host_list_verb, 0},
    {"host", "show", CTL_OPTS("host", HF_NAME), host_show_verb, 0},
    {"host", "add", CTL_OPTS(HF_NAME, HF_URI), host_add_verb, 0},
    {"host", "modify", CTL_OPTS("host", HF_NAME, HF_MAX_VCPUS, HF_MAX_VMEM), host_modify_verb, 0},
    {"host", "delete", CTL_OPTS("host", HF_NAME), host_delete_verb, 0},
    {"host", "history", CTL_OPTS("host", HF_NAME, "from", "to"), host_history_verb, 0},
    {"host", "clear-history", CTL_OPTS("date", "time"), host_clear_history_verb, 0},
    {"hostgroup", "list", CTL_OPTS(HGF_NAME), group_list_verb, 0},
    {"hostgroup", "add", CTL_OPTS(HGF_NAME, HGF_DESCRIPTION, HGF_HOSTS), group_add_verb, 0},
    {"hostgroup", "modify", CTL_OPTS("hostgroup", HGF_NAME, HGF_DESCRIPTION, HGF_HOSTS, "projects"),
     group_modify_verb, 0},
    {"hostgroup", "projects", CTL_OPTS("hostgroup", HGF_NAME, "projects"), group_projects_verb, 0},
    {"hostgroup", "delete", CTL_OPTS("hostgroup", HGF_NAME), group_delete_verb, 0},
    {NULL},
};
