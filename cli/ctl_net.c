/* ctl_net.c - dosvmctl's network nouns (manual ch. 10): subnet, filter,
 * secgroup, network.
 *
 * The record a verb acts on is named by the noun's option (--subnet,
 * --filter, --secgroup, --network: the subnet's or group's name, the
 * filter's or network's English name); the other options are the fields of
 * the console's dialogs under their keys.  A reference to another record
 * takes the label of the console's picker or, for the pickers whose label is
 * "name (more)", the name alone (ctl_choose). */
#include "ctl.h"

#include <string.h>

#include "base/util.h"
#include "db/choice.h"
#include "jobs/job.h"
#include "net/network.h"
#include "net/nwfilter.h"
#include "net/secgroup.h"
#include "net/subnet.h"

/* ---------------------------------------------------------------- helpers */

/* The option key as the core's flag text "1"/"0" (yes/no accepted), else
 * dflt. */
static bool flag_text(const struct ctl *c, const char *key, const char *dflt, const char **out,
                      struct dv_error *err)
{
    bool v = strcmp(dflt, "1") == 0;

    if (!ctl_opt_bool(c, key, &v, err))
        return false;
    *out = v ? "1" : "0";
    return true;
}

static bool required_name(const struct ctl *c, const char *key, const char *what, const char **name,
                          struct dv_error *err)
{
    *name = ctl_opt(c, key);
    if (*name && **name)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _(what));
    return false;
}

static void cell_id(struct ctl_table *t, int64_t id)
{
    ctl_cell_num(t, (long long)id);
}

/* a number, null when negative (not given) */
static void cell_opt_num(struct ctl_table *t, long long v)
{
    if (v < 0)
        ctl_cell(t, "");
    else
        ctl_cell_num(t, v);
}

/* ================================================================ subnet */

static const struct ctl_column subnet_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Subnet name"), CTL_STR},
    {"description", N_("Subnet description"), CTL_STR},
    {"ip_version", N_("IP version"), CTL_NUM},
    {"address", N_("Subnet address"), CTL_STR},
    {"netmask", N_("Netmask"), CTL_STR},
    {"prefix", N_("Prefix"), CTL_NUM},
    {"gateway", N_("Gateway address"), CTL_STR},
    {"gateway_host", N_("Bind gateway to host"), CTL_STR},
    {"dhcp", N_("DHCP enabled"), CTL_BOOL},
    {"dns", N_("DNS enabled"), CTL_BOOL},
    {"tftp_root", N_("TFTP root path (IPv4 only)"), CTL_STR},
    {"auto_gateway", N_("Automatically build gateway"), CTL_BOOL},
    {"gw_start_script", N_("Gateway start script"), CTL_STR},
    {"gw_stop_script", N_("Gateway stop script"), CTL_STR},
    {"bootp_file", N_("BOOTP boot file"), CTL_STR},
    {"bootp_server", N_("BOOTP server address"), CTL_STR},
    {"dns_domain", N_("Network domain"), CTL_STR},
    {"dns_forward_plain", N_("Forward plain names"), CTL_BOOL},
    {"pool", N_("Address pool"), CTL_STR},
    {"projects", N_("Projects"), CTL_STR},
};

static void subnet_row(struct ctl_table *t, const struct subnet *s)
{
    cell_id(t, s->id);
    ctl_cell(t, s->name);
    ctl_cell(t, s->description);
    ctl_cell_num(t, s->ip_version);
    ctl_cell(t, s->address);
    ctl_cell(t, s->netmask);
    ctl_cell_num(t, s->prefix);
    ctl_cell(t, s->gateway);
    ctl_cell(t, s->gateway_host);
    ctl_cell_bool(t, s->dhcp);
    ctl_cell_bool(t, s->dns);
    ctl_cell(t, s->tftp_root);
    ctl_cell_bool(t, s->auto_gateway);
    ctl_cell(t, s->gw_start_script);
    ctl_cell(t, s->gw_stop_script);
    ctl_cell(t, s->bootp_file);
    ctl_cell(t, s->bootp_server);
    ctl_cell(t, s->dns_domain);
    ctl_cell_bool(t, s->dns_forward_plain);
    ctl_cell(t, s->pool);
    ctl_cell(t, s->projects);
}

static struct ctl_table *subnet_table(const struct subnet *s)
{
    struct ctl_table *t = ctl_table_new(subnet_cols, G_N_ELEMENTS(subnet_cols));

    subnet_row(t, s);
    return t;
}

/* The id of the subnet named by option key: its name, or the label of the
 * assignment picker (subnet_choices), or its id. */
static bool find_subnet(struct ctl *c, const char *key, int64_t *id, struct dv_error *err)
{
    struct choice_list l = {0};
    bool ok;

    if (!ctl_has(c, key) || !*ctl_opt(c, key)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _("Subnet name"));
        return false;
    }
    ok = subnet_choices(c->db, &l, err) && ctl_choose(c, &l, key, N_("subnet"), true, id, err);
    choice_list_free(&l);
    return ok;
}

/* subnet list [--name PART] [--address PART] [--ip-version 4|6] [--dhcp yes|no] [--dns yes|no]
 * (M10.2.1.1) */
static bool subnet_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct subnet_filter f = {ctl_opt(c, "name"), ctl_opt(c, "address"), 0, -1, -1};
    struct subnet_page p;
    bool on;

    if (ctl_has(c, "ip_version")) {
        const char *v = ctl_opt(c, "ip_version");

        f.ip_version = strcmp(v, "4") == 0 || strcmp(v, "ipv4") == 0   ? 4
                       : strcmp(v, "6") == 0 || strcmp(v, "ipv6") == 0 ? 6
                                                                       : -1;
        if (f.ip_version < 0) {
            dv_error_set(err, DV_ERR_INVALID, SNF_VERSION, "%s",
                         _("The IP version must be ipv4 or ipv6."));
            return false;
        }
    }
    if (ctl_has(c, "dhcp")) {
        if (!ctl_opt_bool(c, "dhcp", &on, err))
            return false;
        f.dhcp = on;
    }
    if (ctl_has(c, "dns")) {
        if (!ctl_opt_bool(c, "dns", &on, err))
            return false;
        f.dns = on;
    }
    if (!ctl_require_sysadm(c, N_("Only the system administrator can manage subnets."), err) ||
        !subnet_list(c->db, &f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(subnet_cols, G_N_ELEMENTS(subnet_cols));
    for (int i = 0; i < p.n; i++)
        subnet_row(*out, &p.rows[i]);
    subnet_page_free(&p);
    return true;
}

/* the subnet's record as subnet_list shows it (pool and projects) */
static bool subnet_show_id(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct subnet s = {0};
    struct subnet_page p;
    bool ok = subnet_get(c->db, id, &s, err);

    /* subnet_get has no pool/projects summary: the list's row has */
    if (ok &&
        subnet_list(c->db, &(struct subnet_filter){s.name, NULL, 0, -1, -1}, 0, -1, &p, err)) {
        for (int i = 0; i < p.n; i++)
            if (p.rows[i].id == id) {
                *out = subnet_table(&p.rows[i]);
                break;
            }
        subnet_page_free(&p);
        if (!*out)
            *out = subnet_table(&s);
    } else {
        ok = false;
    }
    subnet_free(&s);
    return ok;
}

/* subnet show --subnet S */
static bool subnet_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;

    return ctl_require_sysadm(c, N_("Only the system administrator can manage subnets."), err) &&
           find_subnet(c, "subnet", &id, err) && subnet_show_id(c, id, out, err);
}

/* The subnet_input of the options over the record cur (NULL when adding:
 * the console's initial values). */
static bool subnet_input_of(struct ctl *c, const struct subnet *cur, struct subnet_input *in,
                            char **host_text, char **ver_text, struct dv_error *err)
{
    struct choice_list hosts = {0};
    int64_t host = cur ? cur->gateway_host_id : 0;
    bool ok = true;

    *ver_text = g_strdup_printf("%d", cur ? cur->ip_version : 4);
    *in = (struct subnet_input){
        .name = ctl_opt_or(c, SNF_NAME, cur ? cur->name : ""),
        .description = ctl_opt_or(c, SNF_DESCRIPTION, cur ? cur->description : ""),
        .ip_version = ctl_opt_or(c, SNF_VERSION, *ver_text),
        .address = ctl_opt_or(c, SNF_ADDRESS, cur ? cur->address : ""),
        .netmask = ctl_opt_or(c, SNF_NETMASK, cur ? cur->netmask : ""),
        .gateway = ctl_opt_or(c, SNF_GATEWAY, cur ? cur->gateway : ""),
        .tftp_root = ctl_opt_or(c, SNF_TFTP, cur ? cur->tftp_root : ""),
        .gw_start_script = ctl_opt_or(c, SNF_GW_START, cur ? cur->gw_start_script : ""),
        .gw_stop_script = ctl_opt_or(c, SNF_GW_STOP, cur ? cur->gw_stop_script : ""),
        .bootp_file = ctl_opt_or(c, SNF_BOOTP_FILE, cur ? cur->bootp_file : ""),
        .bootp_server = ctl_opt_or(c, SNF_BOOTP_SERVER, cur ? cur->bootp_server : ""),
        .dns_domain = ctl_opt_or(c, SNF_DOMAIN, cur ? cur->dns_domain : ""),
        .range_start = ctl_opt_text(c, SNF_START),
        .range_end = ctl_opt_text(c, SNF_END),
        .version = cur ? cur->version : 0,
    };
    ok = flag_text(c, SNF_DHCP, cur && cur->dhcp ? "1" : "0", &in->dhcp, err) &&
         flag_text(c, SNF_DNS, cur && cur->dns ? "1" : "0", &in->dns, err) &&
         flag_text(c, SNF_AUTO_GW, cur && cur->auto_gateway ? "1" : "0", &in->auto_gateway, err) &&
         flag_text(c, SNF_FORWARD, cur && cur->dns_forward_plain ? "1" : "0",
                   &in->dns_forward_plain, err);
    if (ok && ctl_has(c, SNF_GATEWAY_HOST))
        ok = subnet_host_choices(c->db, &hosts, err) &&
             ctl_choose(c, &hosts, SNF_GATEWAY_HOST, N_("Bind gateway to host"), false, &host, err);
    choice_list_free(&hosts);
    *host_text = g_strdup_printf("%lld", (long long)host);
    in->gateway_host = *host_text;
    return ok;
}

/* subnet add --name N --address A --netmask M --gateway G --start S --end E ... (M10.2.1.2) */
static bool subnet_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct subnet_input in;
    struct subnet_spec s;
    char *host = NULL, *ver = NULL;
    int64_t id = 0;
    bool ok = ctl_require_sysadm(c, N_("Only the system administrator can manage subnets."), err) &&
              subnet_input_of(c, NULL, &in, &host, &ver, err) && subnet_parse(&in, &s, err) &&
              subnet_add(c->db, &c->actor, &s, &id, err) && subnet_show_id(c, id, out, err);

    g_free(host);
    g_free(ver);
    return ok;
}

/* subnet modify --subnet S [--name N] ... (M10.2.1.3): the fields not given stay */
static bool subnet_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct subnet cur = {0};
    struct subnet_input in;
    struct subnet_spec s;
    char *host = NULL, *ver = NULL;
    int64_t id;
    bool ok = find_subnet(c, "subnet", &id, err) && subnet_get(c->db, id, &cur, err) &&
              subnet_input_of(c, &cur, &in, &host, &ver, err) && subnet_parse(&in, &s, err) &&
              subnet_modify(c->db, &c->actor, id, &s, err) && subnet_show_id(c, id, out, err);

    g_free(host);
    g_free(ver);
    subnet_free(&cur);
    return ok;
}

/* subnet delete --subnet S (M10.2.1.4) */
static bool subnet_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;
    char *msg;

    if (!find_subnet(c, "subnet", &id, err) || !subnet_delete(c->db, &c->actor, id, err))
        return false;
    msg = g_strdup_printf(_("The subnet '%s' was deleted."), ctl_opt(c, "subnet"));
    *out = ctl_result_table(msg);
    g_free(msg);
    return true;
}

/* -- the child rows */

static const char *const child_kinds[] = {
    [SUBNET_RANGE] = "range", [SUBNET_RESERVATION] = "reservation",
    [SUBNET_TXT] = "txt",     [SUBNET_FORWARDER] = "forwarder",
    [SUBNET_SRV] = "srv",     [SUBNET_DNSHOST] = "dnshost",
};

static const struct ctl_column row_cols[] = {
    {"kind", N_("Kind"), CTL_STR},
    {"id", N_("ID"), CTL_NUM},
    {"start", N_("Start address"), CTL_STR},
    {"end", N_("End address"), CTL_STR},
    {"mac", N_("MAC address"), CTL_STR},
    {"ip", N_("IP address"), CTL_STR},
    {"hostname", N_("Host names"), CTL_STR},
    {"txt_name", N_("TXT name"), CTL_STR},
    {"txt_value", N_("Value"), CTL_STR},
    {"forwarder", N_("Server address"), CTL_STR},
    {"service", N_("Service name"), CTL_STR},
    {"protocol", N_("Protocol"), CTL_STR},
    {"domain", N_("Domain"), CTL_STR},
    {"target", N_("Target address"), CTL_STR},
    {"port", N_("Port"), CTL_NUM},
    {"priority", N_("Priority"), CTL_NUM},
    {"weight", N_("Weight"), CTL_NUM},
};
#define ROW_COLS ((int)G_N_ELEMENTS(row_cols))

/* One child row as the cells of row_cols (values borrowed; port, priority
 * and weight printed by the caller). */
struct child_row {
    enum subnet_child kind;
    int64_t id;
    const char *v[ROW_COLS];
    int port, priority, weight;
};

/* Every child row of s, in the console's sub-page order (g_free). */
static struct child_row *child_rows(const struct subnet *s, int *n)
{
    int total = s->nranges + s->nreservations + s->ntxts + s->nforwarders + s->nsrvs + s->ndnshosts;
    struct child_row *r = g_new0(struct child_row, total + 1);
    int k = 0;

#define ROW(KIND, ID)                                                                              \
    (r[k] = (struct child_row){.kind = KIND, .id = ID, .port = -1, .priority = -1, .weight = -1})
    for (int i = 0; i < s->nranges; i++, k++) {
        ROW(SUBNET_RANGE, s->ranges[i].id);
        r[k].v[2] = s->ranges[i].start;
        r[k].v[3] = s->ranges[i].end;
    }
    for (int i = 0; i < s->nreservations; i++, k++) {
        ROW(SUBNET_RESERVATION, s->reservations[i].id);
        r[k].v[4] = s->reservations[i].mac;
        r[k].v[5] = s->reservations[i].ip;
        r[k].v[6] = s->reservations[i].hostname;
    }
    for (int i = 0; i < s->ntxts; i++, k++) {
        ROW(SUBNET_TXT, s->txts[i].id);
        r[k].v[7] = s->txts[i].name;
        r[k].v[8] = s->txts[i].value;
    }
    for (int i = 0; i < s->nforwarders; i++, k++) {
        ROW(SUBNET_FORWARDER, s->forwarders[i].id);
        r[k].v[9] = s->forwarders[i].addr;
    }
    for (int i = 0; i < s->nsrvs; i++, k++) {
        ROW(SUBNET_SRV, s->srvs[i].id);
        r[k].v[10] = s->srvs[i].service;
        r[k].v[11] = s->srvs[i].protocol;
        r[k].v[12] = s->srvs[i].domain;
        r[k].v[13] = s->srvs[i].target;
        r[k].port = s->srvs[i].port;
        r[k].priority = s->srvs[i].priority;
        r[k].weight = s->srvs[i].weight;
    }
    for (int i = 0; i < s->ndnshosts; i++, k++) {
        ROW(SUBNET_DNSHOST, s->dnshosts[i].id);
        r[k].v[5] = s->dnshosts[i].ip;
        r[k].v[6] = s->dnshosts[i].hostnames;
    }
#undef ROW
    *n = k;
    return r;
}

static void child_cells(struct ctl_table *t, const struct child_row *r)
{
    ctl_cell(t, child_kinds[r->kind]);
    cell_id(t, r->id);
    for (int i = 2; i < ROW_COLS - 3; i++)
        ctl_cell(t, r->v[i]);
    cell_opt_num(t, r->port);
    cell_opt_num(t, r->priority);
    cell_opt_num(t, r->weight);
}

/* The kind named by --kind, or -1 (err set). */
static int child_kind(const struct ctl *c, struct dv_error *err)
{
    const char *v = ctl_opt(c, "kind");

    for (int i = 0; v && i < (int)G_N_ELEMENTS(child_kinds); i++)
        if (strcmp(v, child_kinds[i]) == 0)
            return i;
    dv_error_set(err, DV_ERR_INVALID, "kind",
                 _("--kind takes range, reservation, txt, forwarder, srv or dnshost."));
    return -1;
}

/* The child rows of subnet id, only those of kind (-1: all) and only the
 * row only_id (0: all). */
static bool rows_table(struct ctl *c, int64_t id, int kind, int64_t only_id, struct ctl_table **out,
                       struct dv_error *err)
{
    struct subnet s = {0};
    struct child_row *r;
    int n;

    if (!subnet_get(c->db, id, &s, err))
        return false;
    r = child_rows(&s, &n);
    *out = ctl_table_new(row_cols, ROW_COLS);
    for (int i = 0; i < n; i++)
        if ((kind < 0 || (int)r[i].kind == kind) && (!only_id || r[i].id == only_id))
            child_cells(*out, &r[i]);
    g_free(r);
    subnet_free(&s);
    return true;
}

/* subnet rows --subnet S [--kind K]: the pool ranges, reservations and DNS
 * records of the subnet */
static bool subnet_rows_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;
    int kind = -1;

    if (ctl_has(c, "kind") && (kind = child_kind(c, err)) < 0)
        return false;
    return ctl_require_sysadm(c, N_("Only the system administrator can manage subnets."), err) &&
           find_subnet(c, "subnet", &id, err) && rows_table(c, id, kind, 0, out, err);
}

/* subnet range-add|reservation-add|txt-add|forwarder-add|srv-add|dnshost-add --subnet S ...
 * (M10.2.1.2a, c, e, f, g, h): the row added */
static bool subnet_child_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct subnet s = {0};
    int64_t sid, row = 0;
    bool ok = find_subnet(c, "subnet", &sid, err);

    switch (ok ? c->arg : -1) {
    case SUBNET_RANGE:
        ok = subnet_range_add(c->db, &c->actor, sid, ctl_opt_text(c, SNF_START),
                              ctl_opt_text(c, SNF_END), &row, err);
        break;
    case SUBNET_RESERVATION:
        ok = subnet_get(c->db, sid, &s, err);
        if (ok) {
            /* the console's dialog of the version: IPv6 has no MAC */
            struct subnet_reservation_spec r = {s.ip_version == 6 ? "" : ctl_opt_text(c, SNF_MAC),
                                                ctl_opt_text(c, SNF_IP),
                                                ctl_opt_text(c, SNF_HOSTNAME)};

            ok = subnet_reservation_add(c->db, &c->actor, sid, &r, &row, err);
        }
        break;
    case SUBNET_TXT:
        ok = subnet_txt_add(c->db, &c->actor, sid, ctl_opt_text(c, SNF_TXT_NAME),
                            ctl_opt_text(c, SNF_TXT_VALUE), &row, err);
        break;
    case SUBNET_FORWARDER:
        ok = subnet_forwarder_add(c->db, &c->actor, sid, ctl_opt_text(c, SNF_FORWARDER), &row, err);
        break;
    case SUBNET_SRV: {
        struct subnet_srv_input in = {
            ctl_opt_text(c, SNF_SRV_SERVICE), ctl_opt_or(c, SNF_SRV_PROTOCOL, "tcp"),
            ctl_opt_text(c, SNF_SRV_DOMAIN),  ctl_opt_text(c, SNF_SRV_TARGET),
            ctl_opt_text(c, SNF_SRV_PORT),    ctl_opt_text(c, SNF_SRV_PRIORITY),
            ctl_opt_text(c, SNF_SRV_WEIGHT)};
        struct subnet_srv_spec v;

        ok = subnet_srv_parse(&in, &v, err) && subnet_srv_add(c->db, &c->actor, sid, &v, &row, err);
        break;
    }
    case SUBNET_DNSHOST:
        ok = subnet_dnshost_add(c->db, &c->actor, sid, ctl_opt_text(c, SNF_IP),
                                ctl_opt_text(c, SNF_HOSTNAME), &row, err);
        break;
    default:
        break;
    }
    subnet_free(&s);
    return ok && rows_table(c, sid, c->arg, row, out, err);
}

/* the options that name a row of each kind in child-delete, by column */
static const char *const child_keys[][4] = {
    [SUBNET_RANGE] = {SNF_START, SNF_END},
    [SUBNET_RESERVATION] = {SNF_MAC, SNF_IP, SNF_HOSTNAME},
    [SUBNET_TXT] = {SNF_TXT_NAME},
    [SUBNET_FORWARDER] = {SNF_FORWARDER},
    [SUBNET_SRV] = {SNF_SRV_SERVICE, SNF_SRV_PROTOCOL, SNF_SRV_DOMAIN, SNF_SRV_TARGET},
    [SUBNET_DNSHOST] = {SNF_IP},
};

static int row_col(const char *key)
{
    for (int i = 0; i < ROW_COLS; i++)
        if (strcmp(row_cols[i].key, key) == 0)
            return i;
    return -1;
}

/* subnet child-delete --subnet S --kind K (--id ROW | the row's fields):
 * subnet_child_delete; the last pool range is refused (R2) */
static bool subnet_child_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct subnet s = {0};
    struct child_row *r = NULL;
    int64_t sid, row = 0, want = 0;
    int kind, n = 0, found = 0;
    bool named = false, ok;

    if (!find_subnet(c, "subnet", &sid, err) || (kind = child_kind(c, err)) < 0)
        return false;
    if (ctl_has(c, "id")) {
        char *end = NULL;

        want = g_ascii_strtoll(ctl_opt(c, "id"), &end, 10);
        if (want <= 0 || *end) {
            dv_error_set(err, DV_ERR_INVALID, "id", _("--%s takes a number, not '%s'."), "id",
                         ctl_opt(c, "id"));
            return false;
        }
    }
    for (int k = 0; k < 4 && child_keys[kind][k]; k++)
        named = named || ctl_has(c, child_keys[kind][k]);
    if (!want && !named) {
        dv_error_set(err, DV_ERR_INVALID, "id", "%s",
                     _("Name the row: --id, or the fields that dosvmctl subnet rows shows."));
        return false;
    }
    if (!subnet_get(c->db, sid, &s, err))
        return false;
    r = child_rows(&s, &n);
    for (int i = 0; i < n; i++) {
        bool match = (int)r[i].kind == kind && (!want || r[i].id == want);

        for (int k = 0; match && k < 4 && child_keys[kind][k]; k++) {
            const char *v = ctl_opt(c, child_keys[kind][k]);
            const char *have = r[i].v[row_col(child_keys[kind][k])];

            match = !v || strcmp(v, have ? have : "") == 0;
        }
        if (match) {
            found++;
            row = r[i].id;
        }
    }
    g_free(r);
    subnet_free(&s);
    if (found != 1) {
        if (found)
            dv_error_set(err, DV_ERR_INVALID, "id", "%s",
                         _("More than one row matches: give its --id (dosvmctl subnet rows)."));
        else
            dv_error_set(err, DV_ERR_NOTFOUND, "id", _("The subnet has no such %s row."),
                         child_kinds[kind]);
        return false;
    }
    ok = subnet_child_delete(c->db, &c->actor, kind, row, err);
    if (ok)
        *out = ctl_result_table(_("The row was deleted."));
    return ok;
}

/* -- project assignments */

static const struct ctl_column assign_cols[] = {
    {"subnet", N_("Subnet name"), CTL_STR},
    {"address", N_("Subnet address"), CTL_STR},
    {"gateway", N_("Gateway address"), CTL_STR},
    {"project", N_("Project name"), CTL_STR},
};

static bool assignments_table(struct ctl *c, const struct subnet_assignment_filter *f,
                              int64_t subnet_id, int64_t project_id, struct ctl_table **out,
                              struct dv_error *err)
{
    struct subnet_assignment_page p;

    if (!subnet_assignment_list(c->db, f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(assign_cols, G_N_ELEMENTS(assign_cols));
    for (int i = 0; i < p.n; i++) {
        const struct subnet_assignment *a = &p.rows[i];

        if ((subnet_id && a->subnet_id != subnet_id) || (project_id && a->project_id != project_id))
            continue;
        ctl_cell(*out, a->subnet);
        ctl_cell(*out, a->address);
        ctl_cell(*out, a->gateway);
        ctl_cell(*out, a->project);
    }
    subnet_assignment_page_free(&p);
    return true;
}

/* subnet assignments [--subnet PART] [--address PART] [--project PART] (M10.2.2.1) */
static bool subnet_assignments_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct subnet_assignment_filter f = {ctl_opt(c, SNF_SUBNET), ctl_opt(c, "address"),
                                         ctl_opt(c, SNF_PROJECT)};

    return ctl_require_sysadm(c, N_("Only the system administrator can manage subnets."), err) &&
           assignments_table(c, &f, 0, 0, out, err);
}

/* subnet assign|unassign --subnet S --project P (M10.2.2.2, M10.2.2.3) */
static bool subnet_assign_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list projects = {0};
    int64_t sid = 0, pid = 0;
    bool ok = find_subnet(c, SNF_SUBNET, &sid, err) &&
              subnet_project_choices(c->db, &projects, err) &&
              ctl_choose(c, &projects, SNF_PROJECT, N_("Project"), true, &pid, err);

    choice_list_free(&projects);
    if (!ok)
        return false;
    if (c->arg) {
        if (!subnet_unassign(c->db, &c->actor, sid, pid, err))
            return false;
        *out = ctl_result_table(_("The project may no longer use the subnet."));
        return true;
    }
    return subnet_assign(c->db, &c->actor, sid, pid, err) &&
           assignments_table(c, &(struct subnet_assignment_filter){0}, sid, pid, out, err);
}

/* ================================================================ filter */

static const struct ctl_column filter_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"name_en", N_("English name"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"builtin", N_("Built-in"), CTL_BOOL},
    {"created_by", N_("Created by"), CTL_STR},
    {"created_at", N_("Created on"), CTL_STR},
    {"xml", N_("XML description"), CTL_STR},
};

static void filter_row(struct ctl_table *t, const struct nwfilter *f)
{
    char buf[DV_TIME_LEN];

    cell_id(t, f->id);
    ctl_cell(t, f->name_zh);
    ctl_cell(t, f->name_en);
    ctl_cell(t, f->description);
    ctl_cell_bool(t, f->builtin);
    ctl_cell(t, f->created_by);
    ctl_cell(t, dv_format_time(f->created_at, buf));
    ctl_cell(t, f->xml);
}

/* The filter whose English name is option key's value. */
static bool find_filter(struct ctl *c, const char *key, struct nwfilter *out, struct dv_error *err)
{
    const char *name;
    struct nwfilter_page p;
    bool found = false;

    if (!required_name(c, key, N_("English name"), &name, err) ||
        !nwfilter_list(c->db, &(struct nwfilter_filter){name, NULL}, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !found; i++)
        if (strcmp(p.rows[i].name_en, name) == 0) {
            found = nwfilter_get(c->db, p.rows[i].id, out, err);
            if (!found)
                break;
        }
    nwfilter_page_free(&p);
    if (!found && !err->msg[0])
        dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no filter '%s'."), name);
    return found;
}

static bool filter_show_id(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct nwfilter f = {0};

    if (!nwfilter_get(c->db, id, &f, err))
        return false;
    *out = ctl_table_new(filter_cols, G_N_ELEMENTS(filter_cols));
    filter_row(*out, &f);
    nwfilter_clear(&f);
    return true;
}

/* filter list [--name-en PART] [--name-zh PART] (M10.2.3.1): without the XML */
static bool filter_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct nwfilter_filter f = {ctl_opt(c, NFF_NAME_EN), ctl_opt(c, NFF_NAME_ZH)};
    struct nwfilter_page p;

    if (!nwfilter_list(c->db, &f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(filter_cols, G_N_ELEMENTS(filter_cols));
    for (int i = 0; i < p.n; i++)
        filter_row(*out, &p.rows[i]);
    nwfilter_page_free(&p);
    return true;
}

/* filter show --filter EN (M10.2.3.5) */
static bool filter_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct nwfilter f = {0};
    bool ok = find_filter(c, "filter", &f, err);

    if (ok) {
        *out = ctl_table_new(filter_cols, G_N_ELEMENTS(filter_cols));
        filter_row(*out, &f);
    }
    nwfilter_clear(&f);
    return ok;
}

/* filter add --name-zh Z --name-en E [--description D] (--xml-file F | --xml X) (M10.2.3.2) */
static bool filter_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct nwfilter_input in = {ctl_opt_text(c, NFF_NAME_ZH), ctl_opt_text(c, NFF_NAME_EN),
                                ctl_opt_text(c, NFF_DESCRIPTION), ctl_opt_text(c, NFF_FILE),
                                ctl_opt_text(c, NFF_XML)};
    struct nwfilter_spec s = {0};
    int64_t id = 0;
    bool ok = ctl_require_sysadm(c, N_("Only the system administrator can manage filters."), err) &&
              nwfilter_spec_parse(&in, &s, err) && nwfilter_add(c->db, &c->actor, &s, &id, err) &&
              filter_show_id(c, id, out, err);

    nwfilter_spec_clear(&s);
    return ok;
}

/* filter modify --filter EN [--name-zh Z] [--description D] [--xml-file F | --xml X]
 * (M10.2.3.3): saved, then defined again on its hosts */
static bool filter_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct nwfilter f = {0};
    struct nwfilter_spec s = {0};
    bool ok = ctl_require_sysadm(c, N_("Only the system administrator can manage filters."), err) &&
              find_filter(c, "filter", &f, err);

    if (ok) {
        bool new_xml = ctl_has(c, NFF_FILE) || ctl_has(c, NFF_XML);
        struct nwfilter_input in = {ctl_opt_or(c, NFF_NAME_ZH, f.name_zh), f.name_en,
                                    ctl_opt_or(c, NFF_DESCRIPTION, f.description),
                                    ctl_opt_text(c, NFF_FILE),
                                    new_xml ? ctl_opt_text(c, NFF_XML) : f.xml};

        ok = nwfilter_spec_parse(&in, &s, err);
        s.version = f.row_version;
        ok = ok && ctl_run_job(c, nwfilter_modify_start(c->db, &c->actor, f.id, &s, err), err) &&
             filter_show_id(c, f.id, out, err);
    }
    nwfilter_spec_clear(&s);
    nwfilter_clear(&f);
    return ok;
}

/* filter delete --filter EN (M10.2.3.4): undefined on its hosts, then deleted */
static bool filter_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct nwfilter f = {0};
    bool ok = ctl_require_sysadm(c, N_("Only the system administrator can manage filters."), err) &&
              find_filter(c, "filter", &f, err) &&
              ctl_run_job(c, nwfilter_delete_start(c->db, &c->actor, f.id, err), err);

    if (ok) {
        char *msg = g_strdup_printf(_("The filter '%s' was deleted."), f.name_en);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    nwfilter_clear(&f);
    return ok;
}

/* ================================================================ secgroup */

static const struct ctl_column secgroup_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Security group name"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"top_filter", N_("Top-level filter"), CTL_STR},
    {"filters", N_("Referenced filters"), CTL_STR},
    {"warning", N_("Warning"), CTL_STR},
};

static void secgroup_row(struct ctl_table *t, const struct secgroup *g, const char *warning)
{
    cell_id(t, g->id);
    ctl_cell(t, g->name);
    ctl_cell(t, g->description);
    ctl_cell(t, g->top_name_en);
    ctl_cell(t, g->filters);
    ctl_cell(t, warning);
}

static bool find_secgroup(struct ctl *c, struct secgroup *out, struct dv_error *err)
{
    const char *name;
    struct secgroup_page p;
    bool found = false;

    if (!required_name(c, "secgroup", N_("Security group name"), &name, err) ||
        !secgroup_list(c->db, name, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !found; i++)
        if (strcmp(p.rows[i].name, name) == 0) {
            found = secgroup_get(c->db, p.rows[i].id, out, err);
            if (!found)
                break;
        }
    secgroup_page_free(&p);
    if (!found && !err->msg[0])
        dv_error_set(err, DV_ERR_NOTFOUND, "secgroup", _("There is no security group '%s'."), name);
    return found;
}

static bool secgroup_show_id(struct ctl *c, int64_t id, const char *warning, struct ctl_table **out,
                             struct dv_error *err)
{
    struct secgroup g = {0};

    if (!secgroup_get(c->db, id, &g, err))
        return false;
    *out = ctl_table_new(secgroup_cols, G_N_ELEMENTS(secgroup_cols));
    secgroup_row(*out, &g, warning);
    secgroup_clear(&g);
    return true;
}

/* secgroup list [--name PART] (M10.2.4.1) */
static bool secgroup_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secgroup_page p;

    if (!secgroup_list(c->db, ctl_opt(c, SGF_NAME), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(secgroup_cols, G_N_ELEMENTS(secgroup_cols));
    for (int i = 0; i < p.n; i++)
        secgroup_row(*out, &p.rows[i], "");
    secgroup_page_free(&p);
    return true;
}

/* secgroup show --secgroup NAME (M10.2.4.5) */
static bool secgroup_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secgroup g = {0};
    bool ok = find_secgroup(c, &g, err);

    if (ok) {
        *out = ctl_table_new(secgroup_cols, G_N_ELEMENTS(secgroup_cols));
        secgroup_row(*out, &g, "");
    }
    secgroup_clear(&g);
    return ok;
}

/* The spec of the options over group cur (NULL when adding); ids, top text
 * owned by the caller. */
static bool secgroup_spec_of(struct ctl *c, const struct secgroup *cur, struct secgroup_spec *s,
                             int64_t **ids, char **top_text, struct dv_error *err)
{
    struct choice_list tops = {0}, filters = {0};
    int64_t top = cur ? cur->top_filter_id : 0;
    int n = 0;
    bool ok = secgroup_top_choices(c->db, &tops, err) &&
              secgroup_filter_choices(c->db, cur ? cur->id : 0, &filters, err);

    if (ok && ctl_has(c, SGF_TOP))
        ok = ctl_choose(c, &tops, SGF_TOP, N_("Top-level filter"), false, &top, err);
    if (ok && ctl_has(c, SGF_FILTERS))
        ok = ctl_choose_many(c, &filters, SGF_FILTERS, N_("filter"), ids, &n, err);
    else if (ok) {
        *ids = g_new0(int64_t, filters.n + 1);
        for (int i = 0; i < filters.n; i++)
            if (filters.v[i].on)
                (*ids)[n++] = filters.v[i].id;
    }
    *top_text = g_strdup_printf("%lld", (long long)top);
    if (ok) {
        struct secgroup_input in = {ctl_opt_or(c, SGF_NAME, cur ? cur->name : ""),
                                    ctl_opt_or(c, SGF_DESCRIPTION, cur ? cur->description : ""),
                                    *top_text, *ids, n};

        ok = secgroup_spec_parse(&in, s, err);
        s->version = cur ? cur->row_version : 0;
    }
    choice_list_free(&tops);
    choice_list_free(&filters);
    return ok;
}

/* secgroup add --name N --top-filter EN --filters EN,EN... [--description D] (M10.2.4.2) */
static bool secgroup_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secgroup_spec s;
    int64_t *ids = NULL, id = 0;
    char *top = NULL, *warning = NULL;
    struct dv_error ignored = {0};
    bool ok = ctl_require_sysadm(c, N_("Only the system administrator can manage security groups."),
                                 err) &&
              secgroup_spec_of(c, NULL, &s, &ids, &top, err) &&
              secgroup_add(c->db, &c->actor, &s, &id, err);

    if (ok)
        secgroup_set_warning(c->db, &s, &warning, &ignored);
    ok = ok && secgroup_show_id(c, id, warning, out, err);
    g_free(ids);
    g_free(top);
    g_free(warning);
    return ok;
}

/* secgroup modify --secgroup NAME [--name N] [--top-filter EN] [--filters ...] (M10.2.4.3) */
static bool secgroup_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secgroup g = {0};
    struct secgroup_spec s;
    int64_t *ids = NULL;
    char *top = NULL, *warning = NULL;
    struct dv_error ignored = {0};
    bool ok = find_secgroup(c, &g, err) && secgroup_spec_of(c, &g, &s, &ids, &top, err) &&
              secgroup_modify(c->db, &c->actor, g.id, &s, err);

    if (ok)
        secgroup_set_warning(c->db, &s, &warning, &ignored);
    ok = ok && secgroup_show_id(c, g.id, warning, out, err);
    g_free(ids);
    g_free(top);
    g_free(warning);
    secgroup_clear(&g);
    return ok;
}

/* secgroup delete --secgroup NAME (M10.2.4.4) */
static bool secgroup_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secgroup g = {0};
    bool ok = find_secgroup(c, &g, err) && secgroup_delete(c->db, &c->actor, g.id, err);

    if (ok) {
        char *msg = g_strdup_printf(_("The security group '%s' was deleted."), g.name);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    secgroup_clear(&g);
    return ok;
}

/* ================================================================ network */

/* the stable words of the types, in enum order */
static const char *const type_words[NETWORK_TYPE_COUNT] = {"isolated", "nat", "routed",
                                                           "bridge",   "ovs", "macvtap"};

static const struct ctl_column network_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name_en", N_("English name"), CTL_STR},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"type", N_("Network type"), CTL_STR},
    {"bridge", N_("Bridge name"), CTL_STR},
    {"mac", N_("Bridge MAC address"), CTL_STR},
    {"ifaces", N_("Host network interface"), CTL_STR},
    {"bound_host", N_("Bound host name"), CTL_STR},
    {"subnet", N_("Subnet name"), CTL_STR},
    {"subnet_gateway", N_("Subnet gateway address"), CTL_STR},
    {"project", N_("Project"), CTL_STR},
    {"description", N_("Network description"), CTL_STR},
    {"notice", N_("Notice"), CTL_STR},
};

static void network_row(struct ctl_table *t, const struct network *n, const char *notice)
{
    const struct network_spec *s = &n->spec;

    cell_id(t, n->id);
    ctl_cell(t, s->name_en);
    ctl_cell(t, s->name_zh);
    ctl_cell(t, (unsigned)s->type < NETWORK_TYPE_COUNT ? type_words[s->type] : "");
    ctl_cell(t, s->bridge);
    ctl_cell(t, s->mac);
    ctl_cell(t, n->ifaces_text);
    ctl_cell(t, n->bound_host);
    ctl_cell(t, n->subnet_name);
    ctl_cell(t, n->subnet_gateway);
    ctl_cell(t, n->project);
    ctl_cell(t, s->description);
    ctl_cell(t, notice);
}

/* The project the actor's network verbs work in: a project admin's own;
 * the system administrator names it with --project. */
static bool network_project(struct ctl *c, int64_t *project, struct dv_error *err)
{
    int64_t fallback = 0;

    if (c->actor.sysadm && !ctl_has(c, "project")) {
        dv_error_set(err, DV_ERR_INVALID, "project", _("%s is required."), _("Project"));
        return false;
    }
    if (c->actor.sysadm) {
        struct choice_list l = {0};
        bool ok = subnet_project_choices(c->db, &l, err) &&
                  ctl_choose(c, &l, "project", N_("Project"), true, &fallback, err);

        choice_list_free(&l);
        if (!ok)
            return false;
    }
    return network_actor_project(c->db, &c->actor, fallback, project, err);
}

/* The network whose English name is --network, in the actor's project. */
static bool find_network(struct ctl *c, struct network *out, struct dv_error *err)
{
    const char *name;
    struct network_page p;
    int64_t project;
    bool found = false;

    if (!required_name(c, "network", N_("Network English name"), &name, err) ||
        !network_project(c, &project, err) || !network_list(c->db, project, name, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !found; i++)
        if (strcmp(p.rows[i].spec.name_en, name) == 0) {
            found = network_get(c->db, p.rows[i].id, out, err);
            if (!found)
                break;
        }
    network_page_free(&p);
    if (!found && !err->msg[0])
        dv_error_set(err, DV_ERR_NOTFOUND, "network", _("There is no network '%s'."), name);
    return found;
}

static bool network_show_id(struct ctl *c, int64_t id, const char *notice, struct ctl_table **out,
                            struct dv_error *err)
{
    struct network n = {0};

    if (!network_get(c->db, id, &n, err))
        return false;
    *out = ctl_table_new(network_cols, G_N_ELEMENTS(network_cols));
    network_row(*out, &n, notice);
    network_clear(&n);
    return true;
}

/* network list [--name PART] [--project P] (M10.3.1) */
static bool network_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network_page p;
    int64_t project;

    if (!network_project(c, &project, err) ||
        !network_list(c->db, project, ctl_opt(c, "name"), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(network_cols, G_N_ELEMENTS(network_cols));
    for (int i = 0; i < p.n; i++)
        network_row(*out, &p.rows[i], "");
    network_page_free(&p);
    return true;
}

/* network show --network EN (M10.3.1 details) */
static bool network_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network n = {0};
    bool ok = find_network(c, &n, err);

    if (ok) {
        *out = ctl_table_new(network_cols, G_N_ELEMENTS(network_cols));
        network_row(*out, &n, "");
    }
    network_clear(&n);
    return ok;
}

/* The table options of a network: each a comma-separated list of rows
 * (M10.3.2.1a routes ADDRESS/PREFIX@GATEWAY, M10.3.2.1b port groups
 * NAME[:IN_AVG:IN_PEAK:IN_BURST:OUT_AVG:OUT_PEAK:OUT_BURST][/VLANS], the
 * VLANS of an OVS port group (M10.3.2.5a) [trunk+]TAG[:NATIVE][+...], M10.3.2.5c
 * VLAN tags TAG[:NATIVE], M10.3.2.6a macvtap interfaces), each row checked
 * by the dialog's parser. */
struct net_tables {
    GArray *routes; /* struct network_route */
    GArray *pgs;    /* struct network_portgroup */
    GArray *vlans;  /* struct network_vlan */
    GPtrArray *ifaces;
};

static void tables_init(struct net_tables *t, const struct network_spec *cur)
{
    t->routes = g_array_new(FALSE, TRUE, sizeof(struct network_route));
    t->pgs = g_array_new(FALSE, TRUE, sizeof(struct network_portgroup));
    t->vlans = g_array_new(FALSE, TRUE, sizeof(struct network_vlan));
    t->ifaces = g_ptr_array_new_with_free_func(g_free);
    if (!cur)
        return;
    if (cur->nroutes)
        g_array_append_vals(t->routes, cur->routes, (guint)cur->nroutes);
    for (int i = 0; i < cur->nportgroups; i++) {
        struct network_portgroup pg = {.name = g_strdup(cur->portgroups[i].name),
                                       .bw = cur->portgroups[i].bw};

        pg.vlan.trunk = cur->portgroups[i].vlan.trunk;
        pg.vlan.n = cur->portgroups[i].vlan.n;
        pg.vlan.v = pg.vlan.n ? g_memdup2(cur->portgroups[i].vlan.v,
                                          sizeof(struct network_vlan) * (gsize)pg.vlan.n)
                              : NULL;
        g_array_append_val(t->pgs, pg);
    }
    if (cur->vlan.n)
        g_array_append_vals(t->vlans, cur->vlan.v, (guint)cur->vlan.n);
    for (int i = 0; i < cur->nifaces; i++)
        g_ptr_array_add(t->ifaces, g_strdup(cur->ifaces[i]));
}

static void tables_free(struct net_tables *t)
{
    for (guint i = 0; i < t->pgs->len; i++)
        network_portgroup_clear(&g_array_index(t->pgs, struct network_portgroup, i));
    g_array_unref(t->routes);
    g_array_unref(t->pgs);
    g_array_unref(t->vlans);
    g_ptr_array_unref(t->ifaces);
}

static char **list_parts(const char *v)
{
    char **parts = g_strsplit(v, ",", -1);
    int k = 0;

    for (int i = 0; parts[i]; i++) {
        char *p = g_strstrip(parts[i]);

        if (*p)
            parts[k++] = p == parts[i] ? parts[i] : memmove(parts[i], p, strlen(p) + 1);
        else
            g_free(parts[i]);
    }
    parts[k] = NULL;
    return parts;
}

static bool tables_parse(const struct ctl *c, struct net_tables *t, struct dv_error *err)
{
    char **parts;
    bool ok = true;

    if (ctl_has(c, NWF_ROUTES)) {
        g_array_set_size(t->routes, 0);
        parts = list_parts(ctl_opt(c, NWF_ROUTES));
        for (int i = 0; ok && parts[i]; i++) {
            char *at = strchr(parts[i], '@'), *slash;
            struct network_route r;

            if (!at || !(slash = strchr(parts[i], '/')) || slash > at) {
                dv_error_set(err, DV_ERR_INVALID, NWF_ROUTES,
                             _("A route is ADDRESS/PREFIX@GATEWAY, not '%s'."), parts[i]);
                ok = false;
                break;
            }
            *at = *slash = '\0';
            ok = network_route_parse(strchr(parts[i], ':') ? "ipv6" : "ipv4", parts[i], slash + 1,
                                     at + 1, (const struct network_route *)(void *)t->routes->data,
                                     (int)t->routes->len, &r, err);
            if (ok)
                g_array_append_val(t->routes, r);
        }
        g_strfreev(parts);
    }
    if (ok && ctl_has(c, NWF_PORTGROUPS)) {
        for (guint i = 0; i < t->pgs->len; i++)
            network_portgroup_clear(&g_array_index(t->pgs, struct network_portgroup, i));
        g_array_set_size(t->pgs, 0);
        parts = list_parts(ctl_opt(c, NWF_PORTGROUPS));
        for (int i = 0; ok && parts[i]; i++) {
            char *slash = strchr(parts[i], '/');
            char **f, **tags = NULL;
            const char *v[7], *trunk = "";
            GArray *vl = g_array_new(FALSE, TRUE, sizeof(struct network_vlan));
            struct network_portgroup pg = {0};

            if (slash) /* OVS: /[trunk+]TAG[:NATIVE][+TAG...] */
                *slash = '\0', tags = g_strsplit(slash + 1, "+", -1);
            f = g_strsplit(parts[i], ":", 7);
            for (int k = 0, end = 0; k < 7; k++) {
                end = end || !f[k];
                v[k] = end ? "" : f[k];
            }
            for (int k = 0; ok && tags && tags[k]; k++) {
                char *colon = strchr(tags[k], ':');
                struct network_vlan one;

                if (strcmp(tags[k], "trunk") == 0) {
                    trunk = "1";
                    continue;
                }
                if (colon)
                    *colon = '\0';
                ok = network_vlan_parse(tags[k], colon ? colon + 1 : "",
                                        (const struct network_vlan *)(void *)vl->data, (int)vl->len,
                                        &one, err);
                if (ok)
                    g_array_append_val(vl, one);
            }
            ok = ok && network_portgroup_parse(
                           v[0], v[1], v[2], v[3], v[4], v[5], v[6], trunk,
                           (const struct network_vlan *)(void *)vl->data, (int)vl->len,
                           (const struct network_portgroup *)(void *)t->pgs->data, (int)t->pgs->len,
                           &pg, err);
            if (ok)
                g_array_append_val(t->pgs, pg);
            g_array_unref(vl);
            g_strfreev(tags);
            g_strfreev(f);
        }
        g_strfreev(parts);
    }
    if (ok && ctl_has(c, NWF_VLANS)) {
        g_array_set_size(t->vlans, 0);
        parts = list_parts(ctl_opt(c, NWF_VLANS));
        for (int i = 0; ok && parts[i]; i++) {
            char *colon = strchr(parts[i], ':');
            struct network_vlan vl;

            if (colon)
                *colon = '\0';
            ok = network_vlan_parse(parts[i], colon ? colon + 1 : "",
                                    (const struct network_vlan *)(void *)t->vlans->data,
                                    (int)t->vlans->len, &vl, err);
            if (ok)
                g_array_append_val(t->vlans, vl);
        }
        g_strfreev(parts);
    }
    if (ok && ctl_has(c, NWF_IFACES)) {
        g_ptr_array_set_size(t->ifaces, 0);
        parts = list_parts(ctl_opt(c, NWF_IFACES));
        for (int i = 0; ok && parts[i]; i++) {
            ok = network_iface_parse(parts[i], (const char *const *)t->ifaces->pdata,
                                     (int)t->ifaces->len, err);
            if (ok)
                g_ptr_array_add(t->ifaces, g_strdup(parts[i]));
        }
        g_strfreev(parts);
    }
    return ok;
}

/* the type of --type: its word, its console label or its number */
static bool network_type_of(const struct ctl *c, enum network_type *t, struct dv_error *err)
{
    const char *v = ctl_opt(c, NWF_TYPE);

    for (int i = 0; v && i < NETWORK_TYPE_COUNT; i++) {
        char digit[2] = {(char)('0' + i), '\0'};

        if (strcmp(v, type_words[i]) == 0 || strcmp(v, network_type_label(i)) == 0 ||
            strcmp(v, digit) == 0) {
            *t = i;
            return true;
        }
    }
    dv_error_set(err, DV_ERR_INVALID, NWF_TYPE, "%s",
                 _("--type takes isolated, nat, routed, bridge, ovs or macvtap."));
    return false;
}

static char *bw_text(int64_t v)
{
    return v == NETWORK_BW_UNSET ? g_strdup("") : g_strdup_printf("%lld", (long long)v);
}

/* The spec of the options over network cur (NULL when adding). */
static bool network_spec_of(struct ctl *c, const struct network *cur, struct network_spec *s,
                            struct dv_error *err)
{
    const struct network_spec *o = cur ? &cur->spec : NULL;
    struct choice_list hosts = {0}, subnets = {0};
    struct net_tables tb;
    struct network_input in = {0};
    enum network_type type = o ? o->type : NETWORK_ISOLATED;
    int64_t project = o ? o->project_id : 0, host = o ? o->bound_host_id : 0,
            subnet = o ? o->subnet_id : 0;
    char *t[12] = {NULL};
    bool ok = true;

    memset(s, 0, sizeof(*s));
    if (!cur && !ctl_has(c, NWF_TYPE)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_TYPE, _("%s is required."), _("Network type"));
        return false;
    }
    if (cur && ctl_has(c, NWF_TYPE) && network_type_of(c, &type, err) && type != o->type) {
        dv_error_set(err, DV_ERR_INVALID, NWF_TYPE, "%s", _("The network type cannot be changed."));
        return false;
    }
    if (!cur && (!network_type_of(c, &type, err) || !network_project(c, &project, err)))
        return false;
    if (err->msg[0])
        return false;
    tables_init(&tb, o);
    ok = tables_parse(c, &tb, err);
    if (ok && ctl_has(c, NWF_BOUND_HOST))
        ok = network_host_choices(c->db, &hosts, err) &&
             ctl_choose(c, &hosts, NWF_BOUND_HOST, N_("Bind to host"), false, &host, err);
    if (ok && ctl_has(c, NWF_SUBNET))
        ok = network_subnet_choices(c->db, project, type, cur ? cur->id : 0, &subnets, err) &&
             ctl_choose(c, &subnets, NWF_SUBNET, N_("Subnet used"), false, &subnet, err);
    if (ok) {
        t[0] = g_strdup_printf("%lld", (long long)host);
        t[1] = g_strdup_printf("%lld", (long long)subnet);
        t[2] = g_strdup_printf("%lld", (long long)(o ? o->delay_ms : 0));
        t[3] = bw_text(o ? o->bw.in_average : NETWORK_BW_UNSET);
        t[4] = bw_text(o ? o->bw.in_peak : NETWORK_BW_UNSET);
        t[5] = bw_text(o ? o->bw.in_burst : NETWORK_BW_UNSET);
        t[6] = bw_text(o ? o->bw.out_average : NETWORK_BW_UNSET);
        t[7] = bw_text(o ? o->bw.out_peak : NETWORK_BW_UNSET);
        t[8] = bw_text(o ? o->bw.out_burst : NETWORK_BW_UNSET);
        t[9] = o && o->nat_port_start ? g_strdup_printf("%d", o->nat_port_start) : g_strdup("");
        t[10] = o && o->nat_port_end ? g_strdup_printf("%d", o->nat_port_end) : g_strdup("");
        in = (struct network_input){
            .type = type,
            .name_en = o ? o->name_en : ctl_opt_text(c, NWF_NAME_EN),
            .name_zh = ctl_opt_or(c, NWF_NAME_ZH, o ? o->name_zh : ""),
            .description = ctl_opt_or(c, NWF_DESCRIPTION, o ? o->description : ""),
            .bridge = ctl_opt_or(c, NWF_BRIDGE, o && o->bridge ? o->bridge : ""),
            .mac = ctl_opt_or(c, NWF_MAC, o && o->mac ? o->mac : ""),
            .bound_host = t[0],
            .delay_ms = ctl_opt_or(c, NWF_DELAY, t[2]),
            .forward_dev =
                ctl_opt_or(c, NWF_FORWARD_DEV, o && o->forward_dev ? o->forward_dev : ""),
            .subnet = t[1],
            .in_average = ctl_opt_or(c, NWF_IN_AVERAGE, t[3]),
            .in_peak = ctl_opt_or(c, NWF_IN_PEAK, t[4]),
            .in_burst = ctl_opt_or(c, NWF_IN_BURST, t[5]),
            .out_average = ctl_opt_or(c, NWF_OUT_AVERAGE, t[6]),
            .out_peak = ctl_opt_or(c, NWF_OUT_PEAK, t[7]),
            .out_burst = ctl_opt_or(c, NWF_OUT_BURST, t[8]),
            .interface_id =
                ctl_opt_or(c, NWF_INTERFACE_ID, o && o->interface_id ? o->interface_id : ""),
            .nat_addr_start =
                ctl_opt_or(c, NWF_NAT_ADDR_START, o && o->nat_addr_start ? o->nat_addr_start : ""),
            .nat_addr_end =
                ctl_opt_or(c, NWF_NAT_ADDR_END, o && o->nat_addr_end ? o->nat_addr_end : ""),
            .nat_port_start = ctl_opt_or(c, NWF_NAT_PORT_START, t[9]),
            .nat_port_end = ctl_opt_or(c, NWF_NAT_PORT_END, t[10]),
            .routes = (const struct network_route *)(void *)tb.routes->data,
            .nroutes = (int)tb.routes->len,
            .portgroups = (const struct network_portgroup *)(void *)tb.pgs->data,
            .nportgroups = (int)tb.pgs->len,
            .vlans = (const struct network_vlan *)(void *)tb.vlans->data,
            .nvlans = (int)tb.vlans->len,
            .ifaces = (const char *const *)tb.ifaces->pdata,
            .nifaces = (int)tb.ifaces->len,
            .project_id = project,
            .version = o ? o->version : 0,
        };
        ok = flag_text(c, NWF_IPV6, o && o->ipv6 ? "1" : "0", &in.ipv6, err) &&
             flag_text(c, NWF_STP, o && o->stp ? "1" : "0", &in.stp, err) &&
             flag_text(c, NWF_VLAN_TRUNK, o && o->vlan.trunk ? "1" : "0", &in.vlan_trunk, err) &&
             network_parse(&in, s, err);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
        g_free(t[i]);
    choice_list_free(&hosts);
    choice_list_free(&subnets);
    tables_free(&tb);
    return ok;
}

/* network add --type T --name-en E --name-zh Z ... (M10.3.2): saved and
 * realized on its bound host; the STP advice and the H1 notice in "notice" */
static bool network_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network_spec s;
    struct job *job;
    char *warning = NULL;
    int64_t id = 0;
    bool ok = network_spec_of(c, NULL, &s, err) && network_check(&s, &warning, err);

    if (ok && (job = network_add_start(c->db, &c->actor, &s, err))) {
        job_ref(job);
        ok = ctl_run_job(c, job, err);
        id = network_add_job_id(job);
        if (ok && job_result_text(job) && *job_result_text(job)) {
            char *w = warning ? g_strdup_printf("%s %s", warning, job_result_text(job))
                              : g_strdup(job_result_text(job));

            g_free(warning);
            warning = w;
        }
        job_unref(job);
    } else {
        ok = false;
    }
    ok = ok && network_show_id(c, id, warning, out, err);
    g_free(warning);
    network_spec_clear(&s);
    return ok;
}

/* network modify --network EN [FIELDS] (M10.3.3): the type stays; the
 * fields and tables not given stay */
static bool network_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network n = {0};
    struct network_spec s = {0};
    struct job *job;
    char *notice = NULL;
    bool ok =
        find_network(c, &n, err) && network_spec_of(c, &n, &s, err) && network_check(&s, NULL, err);

    if (ok && (job = network_modify_start(c->db, &c->actor, n.id, &s, err))) {
        job_ref(job);
        ok = ctl_run_job(c, job, err);
        if (ok && network_modify_notice(job))
            notice = g_strdup(network_modify_notice(job));
        job_unref(job);
    } else {
        ok = false;
    }
    ok = ok && network_show_id(c, n.id, notice, out, err);
    g_free(notice);
    network_spec_clear(&s);
    network_clear(&n);
    return ok;
}

/* network delete --network EN (M10.3.4) */
static bool network_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network n = {0};
    struct job *job;
    bool ok = find_network(c, &n, err);

    if (ok && (job = network_delete_start(c->db, &c->actor, n.id, err))) {
        job_ref(job);
        ok = ctl_run_job(c, job, err);
        if (ok) {
            char *msg = network_delete_warning(job)
                            ? g_strdup_printf(_("The network '%s' was deleted, but these hosts "
                                                "could not remove it:\n\n%s"),
                                              n.spec.name_en, network_delete_warning(job))
                            : g_strdup_printf(_("The network '%s' was deleted."), n.spec.name_en);

            *out = ctl_result_table(msg);
            g_free(msg);
        }
        job_unref(job);
    } else {
        ok = false;
    }
    network_clear(&n);
    return ok;
}

static const struct ctl_column reservation_cols[] = {
    {"mac", N_("MAC address"), CTL_STR},
    {"ip", N_("IP address"), CTL_STR},
    {"hostname", N_("Client name"), CTL_STR},
};

/* network reservations --network EN (M10.3.1 details): its subnet's */
static bool network_reservations_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network n = {0};
    struct network_reservation *r = NULL;
    int nr = 0;
    bool ok =
        find_network(c, &n, err) && network_reservations(c->db, &c->actor, n.id, &r, &nr, err);

    if (ok) {
        *out = ctl_table_new(reservation_cols, G_N_ELEMENTS(reservation_cols));
        for (int i = 0; i < nr; i++) {
            ctl_cell(*out, r[i].mac);
            ctl_cell(*out, r[i].ip);
            ctl_cell(*out, r[i].hostname);
        }
    }
    network_reservations_free(r, nr);
    network_clear(&n);
    return ok;
}

static const struct ctl_column lease_cols[] = {
    {"host", N_("Host name"), CTL_STR},       {"ip", N_("IP address"), CTL_STR},
    {"prefix", N_("Prefix"), CTL_NUM},        {"mac", N_("MAC address"), CTL_STR},
    {"hostname", N_("Client name"), CTL_STR}, {"expiry", N_("Expiry time"), CTL_STR},
    {"error", N_("Error"), CTL_STR},
};

/* network leases --network EN (M10.3.1 details): the live DHCP leases on
 * each host the network is defined on; a host that cannot say has a row
 * with its error */
static bool network_leases_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct network n = {0};
    struct network_leases l = {0};
    struct job *job;
    bool ok = find_network(c, &n, err);

    if (ok && (job = network_leases_start(c->db, &c->actor, n.id, err))) {
        job_ref(job);
        ok = ctl_run_job(c, job, err);
        if (ok)
            network_leases_take(job, &l);
        job_unref(job);
    } else {
        ok = false;
    }
    if (ok) {
        *out = ctl_table_new(lease_cols, G_N_ELEMENTS(lease_cols));
        for (int i = 0; i < l.n; i++) {
            const struct network_host_leases *h = &l.hosts[i];

            if (!h->ok) {
                const char *cells[] = {h->host_name, "", "", "", "", "", h->error};

                ctl_table_add(*out, cells);
            }
            for (int j = 0; h->ok && j < h->n; j++) {
                char buf[DV_TIME_LEN];

                ctl_cell(*out, h->host_name);
                ctl_cell(*out, h->leases[j].ip);
                ctl_cell_num(*out, h->leases[j].prefix);
                ctl_cell(*out, h->leases[j].mac);
                ctl_cell(*out, h->leases[j].hostname);
                ctl_cell(*out, h->leases[j].expiry ? dv_format_time(h->leases[j].expiry, buf) : "");
                ctl_cell(*out, "");
            }
        }
    }
    network_leases_clear(&l);
    network_clear(&n);
    return ok;
}

/* ================================================================ the table */

#define SUBNET_FIELDS                                                                              \
    SNF_NAME, SNF_DESCRIPTION, SNF_VERSION, SNF_ADDRESS, SNF_NETMASK, SNF_GATEWAY,                 \
        SNF_GATEWAY_HOST, SNF_DHCP, SNF_DNS, SNF_TFTP, SNF_AUTO_GW, SNF_GW_START, SNF_GW_STOP,     \
        SNF_BOOTP_FILE, SNF_BOOTP_SERVER, SNF_DOMAIN, SNF_FORWARD
#define NETWORK_FIELDS                                                                             \
    NWF_NAME_ZH, NWF_DESCRIPTION, NWF_BRIDGE, NWF_MAC, NWF_BOUND_HOST, NWF_IPV6, NWF_STP,          \
        NWF_DELAY, NWF_FORWARD_DEV, NWF_SUBNET, NWF_IN_AVERAGE, NWF_IN_PEAK, NWF_IN_BURST,         \
        NWF_OUT_AVERAGE, NWF_OUT_PEAK, NWF_OUT_BURST, NWF_VLAN_TRUNK, NWF_INTERFACE_ID,            \
        NWF_NAT_ADDR_START, NWF_NAT_ADDR_END, NWF_NAT_PORT_START, NWF_NAT_PORT_END, NWF_ROUTES,    \
        NWF_PORTGROUPS, NWF_VLANS, NWF_IFACES, "project"

const struct ctl_verb ctl_net_verbs[] = {
    {"subnet", "list", CTL_OPTS("name", "address", "ip_version", "dhcp", "dns"), subnet_list_verb,
     0},
    {"subnet", "show", CTL_OPTS("subnet"), subnet_show_verb, 0},
    {"subnet", "add", CTL_OPTS(SUBNET_FIELDS, SNF_START, SNF_END), subnet_add_verb, 0},
    {"subnet", "modify", CTL_OPTS("subnet", SUBNET_FIELDS), subnet_modify_verb, 0},
    {"subnet", "delete", CTL_OPTS("subnet"), subnet_delete_verb, 0},
    {"subnet", "rows", CTL_OPTS("subnet", "kind"), subnet_rows_verb, 0},
    {"subnet", "range-add", CTL_OPTS("subnet", SNF_START, SNF_END), subnet_child_add_verb,
     SUBNET_RANGE},
    {"subnet", "reservation-add", CTL_OPTS("subnet", SNF_MAC, SNF_IP, SNF_HOSTNAME),
     subnet_child_add_verb, SUBNET_RESERVATION},
    {"subnet", "txt-add", CTL_OPTS("subnet", SNF_TXT_NAME, SNF_TXT_VALUE), subnet_child_add_verb,
     SUBNET_TXT},
    {"subnet", "forwarder-add", CTL_OPTS("subnet", SNF_FORWARDER), subnet_child_add_verb,
     SUBNET_FORWARDER},
    {"subnet", "srv-add",
     CTL_OPTS("subnet", SNF_SRV_SERVICE, SNF_SRV_PROTOCOL, SNF_SRV_DOMAIN, SNF_SRV_TARGET,
              SNF_SRV_PORT, SNF_SRV_PRIORITY, SNF_SRV_WEIGHT),
     subnet_child_add_verb, SUBNET_SRV},
    {"subnet", "dnshost-add", CTL_OPTS("subnet", SNF_IP, SNF_HOSTNAME), subnet_child_add_verb,
     SUBNET_DNSHOST},
    {"subnet", "child-delete",
     CTL_OPTS("subnet", "kind", "id", SNF_START, SNF_END, SNF_MAC, SNF_IP, SNF_HOSTNAME,
              SNF_TXT_NAME, SNF_FORWARDER, SNF_SRV_SERVICE, SNF_SRV_PROTOCOL, SNF_SRV_DOMAIN,
              SNF_SRV_TARGET),
     subnet_child_delete_verb, 0},
    {"subnet", "assignments", CTL_OPTS(SNF_SUBNET, "address", SNF_PROJECT), subnet_assignments_verb,
     0},
    {"subnet", "assign", CTL_OPTS(SNF_SUBNET, SNF_PROJECT), subnet_assign_verb, 0},
    {"subnet", "unassign", CTL_OPTS(SNF_SUBNET, SNF_PROJECT), subnet_assign_verb, 1},
    {"filter", "list", CTL_OPTS(NFF_NAME_EN, NFF_NAME_ZH), filter_list_verb, 0},
    {"filter", "show", CTL_OPTS("filter"), filter_show_verb, 0},
    {"filter", "add", CTL_OPTS(NFF_NAME_ZH, NFF_NAME_EN, NFF_DESCRIPTION, NFF_FILE, NFF_XML),
     filter_add_verb, 0},
    {"filter", "modify", CTL_OPTS("filter", NFF_NAME_ZH, NFF_DESCRIPTION, NFF_FILE, NFF_XML),
     filter_modify_verb, 0},
    {"filter", "delete", CTL_OPTS("filter"), filter_delete_verb, 0},
    {"secgroup", "list", CTL_OPTS(SGF_NAME), secgroup_list_verb, 0},
    {"secgroup", "show", CTL_OPTS("secgroup"), secgroup_show_verb, 0},
    {"secgroup", "add", CTL_OPTS(SGF_NAME, SGF_DESCRIPTION, SGF_TOP, SGF_FILTERS),
     secgroup_add_verb, 0},
    {"secgroup", "modify", CTL_OPTS("secgroup", SGF_NAME, SGF_DESCRIPTION, SGF_TOP, SGF_FILTERS),
     secgroup_modify_verb, 0},
    {"secgroup", "delete", CTL_OPTS("secgroup"), secgroup_delete_verb, 0},
    {"network", "list", CTL_OPTS("name", "project"), network_list_verb, 0},
    {"network", "show", CTL_OPTS("network", "project"), network_show_verb, 0},
    {"network", "add", CTL_OPTS(NWF_TYPE, NWF_NAME_EN, NETWORK_FIELDS), network_add_verb, 0},
    {"network", "modify", CTL_OPTS("network", NWF_TYPE, NETWORK_FIELDS), network_modify_verb, 0},
    {"network", "delete", CTL_OPTS("network", "project"), network_delete_verb, 0},
    {"network", "leases", CTL_OPTS("network", "project"), network_leases_verb, 0},
    {"network", "reservations", CTL_OPTS("network", "project"), network_reservations_verb, 0},
    {NULL},
};
