/* ctl_hosts.c - dosvmctl's host nouns (manual ch. 6): host, hostgroup. */
#include "ctl.h"

#include <string.h>

#include "hosts/host.h"

static const struct ctl_column host_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Host name"), CTL_STR},
    {"ip", N_("IP address"), CTL_STR},
    {"uri", N_("libvirt URI"), CTL_STR},
    {"running", N_("Running"), CTL_BOOL},
    {"cpu_cores", N_("CPU cores"), CTL_NUM},
    {"mem_total_mb", N_("Memory (MiB)"), CTL_NUM},
};

/* host list [--filter PART]: the hosts (M6.2.2) */
static bool host_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct host_page p;

    if (!c->actor.sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("Only the system administrator can manage hosts."));
        return false;
    }
    if (!host_list(c->db, ctl_opt(c, "filter"), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
    for (int i = 0; i < p.n; i++) {
        const struct host *h = &p.rows[i];
        char *id = g_strdup_printf("%lld", (long long)h->id);
        char *cores = g_strdup_printf("%d", h->cpu_cores);
        char *mem = g_strdup_printf("%lld", (long long)h->mem_total_mb);
        const char *cells[] = {id, h->name, h->ip, h->uri, h->running ? "1" : "0", cores, mem};

        ctl_table_add(*out, cells);
        g_free(id);
        g_free(cores);
        g_free(mem);
    }
    host_page_free(&p);
    return true;
}

/* host add --name N --uri U (D3): connects, reads the node and registers it */
static bool host_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id = 0;
    struct host h = {0};
    bool ok = host_add(c->db, &c->actor, ctl_opt(c, "name") ? ctl_opt(c, "name") : "",
                       ctl_opt(c, "uri") ? ctl_opt(c, "uri") : "", &id, err) &&
              host_get(c->db, id, &h, err);

    if (ok) {
        char *sid = g_strdup_printf("%lld", (long long)h.id);
        char *cores = g_strdup_printf("%d", h.cpu_cores);
        char *mem = g_strdup_printf("%lld", (long long)h.mem_total_mb);
        const char *cells[] = {sid, h.name, h.ip, h.uri, h.running ? "1" : "0", cores, mem};

        *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
        ctl_table_add(*out, cells);
        g_free(sid);
        g_free(cores);
        g_free(mem);
    }
    host_clear(&h);
    return ok;
}

const struct ctl_verb ctl_host_verbs[] = {
    {"host", "list", CTL_OPTS("filter"), host_list_verb, 0},
    {"host", "add", CTL_OPTS("name", "uri"), host_add_verb, 0},
    {NULL},
};
