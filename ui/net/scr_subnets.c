/* scr_subnets.c - 子网信息: the system's subnets (M10.2.1.1-M10.2.1.4) and,
 * as sub-pages of a row, the tables of its panels: the address pool
 * (M10.2.1.2a), IP reservations (M10.2.1.2c), DNS names (M10.2.1.2e),
 * upstream DNS servers (M10.2.1.2f), DNS services (M10.2.1.2g) and DNS hosts
 * (M10.2.1.2h).
 *
 * The manual's form page has three panels; at 80x24 they are three dialogs
 * in turn: the basic panel (with the first pool range when adding, R2),
 * then the DHCP panel only when 启用DHCP服务 is on and the DNS panel only
 * when 启用DNS服务 is on.  Each panel's OK asks the core to check what was
 * typed so far (subnet_check), so an error shows beside its own field; the
 * last one saves everything in one operation.  A panel whose flag is off
 * keeps its values (R7). */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "base/command.h"
#include "net/subnet.h"
#include "screens.h"

#include <string.h>

static const struct list_column columns[] = {
    {.header = N_("Subnet name"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("IP version"), .min_width = 4, .weight = 1},
    {.header = N_("Subnet address"), .min_width = 9, .weight = 2},
    {.header = N_("Mask"), .min_width = 4, .weight = 2, .hide_below = 90},
    {.header = N_("Gateway address"), .min_width = 9, .weight = 2},
    {.header = N_("DHCP enabled"), .min_width = 4, .weight = 1, .hide_below = 100},
    {.header = N_("DNS enabled"), .min_width = 4, .weight = 1, .hide_below = 100},
    {.header = N_("Address pool"), .min_width = 10, .weight = 4, .hide_below = 120},
};

/* ---------------------------------------------------------------- the query row */

static const char *const version_labels[] = {N_("All"), "ipv4", "ipv6", NULL};
static const char *const version_values[] = {"0", "4", "6", NULL};
static const char *const onoff_labels[] = {N_("All"), N_("On"), N_("Off"), NULL};
static const char *const onoff_values[] = {"-1", "1", "0", NULL};

enum { Q_NAME, Q_ADDRESS, Q_VERSION, Q_DHCP, Q_DNS };

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Subnet name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the subnet name; Enter queries.")},
    {.key = "address",
     .label = N_("Network address"),
     .kind = FV_TEXT,
     .max = 40,
     .width = 12,
     .hint = N_("Part of the subnet address, such as 192.168.; Enter queries.")},
    {.key = "ip_version",
     .label = N_("IP version"),
     .kind = FV_CHOICE,
     .choices = version_labels,
     .values = version_values,
     .hint = N_("Space or Left/Right chooses the IP version.")},
    {.key = "dhcp",
     .label = N_("DHCP enabled"),
     .kind = FV_CHOICE,
     .choices = onoff_labels,
     .values = onoff_values,
     .hint = N_("All subnets, those with DHCP on, or those with it off.")},
    {.key = "dns",
     .label = N_("DNS enabled"),
     .kind = FV_CHOICE,
     .choices = onoff_labels,
     .values = onoff_values,
     .hint = N_("All subnets, those with DNS on, or those with it off.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

static const char *onoff(bool on)
{
    return on ? _("On") : _("Off");
}

static int query_int(const char *v, int none)
{
    return v && *v ? atoi(v) : none;
}

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct subnet_filter f = {.name = q[Q_NAME],
                              .address = q[Q_ADDRESS],
                              .ip_version = query_int(q[Q_VERSION], 0),
                              .dhcp = query_int(q[Q_DHCP], -1),
                              .dns = query_int(q[Q_DNS], -1)};
    struct subnet_page page;

    (void)ctx;
    if (!subnet_list(app->db, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        const struct subnet *s = &page.rows[i];

        list_rows_add(out, s->id, 8, g_strdup(s->name),
                      g_strdup(s->ip_version == 6 ? "ipv6" : "ipv4"), g_strdup(s->address),
                      g_strdup(s->netmask), g_strdup(s->gateway), g_strdup(onoff(s->dhcp)),
                      g_strdup(onoff(s->dns)), g_strdup(s->pool));
    }
    subnet_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- the basic panel */

static const char *const no_yes_labels[] = {N_("No"), N_("Yes"), NULL};
static const char *const no_yes_values[] = {"0", "1", NULL};
static const char *const ipv_labels[] = {"ipv4", "ipv6", NULL};
static const char *const ipv_values[] = {"4", "6", NULL};

static bool pick_hosts(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    (void)ctx;
    return subnet_host_choices(app->db, out, err);
}

#define F_NAME                                                                                     \
    {                                                                                              \
        .key = SNF_NAME, .label = N_("Subnet name"), .kind = FV_TEXT, .required = true,            \
        .max = DV_NAME_MAX, .width = 24,                                                           \
        .hint = N_("Unique; letters, digits, Chinese characters, '-', '_' and '.'.")               \
    }
#define F_DESC                                                                                     \
    {                                                                                              \
        .key = SNF_DESCRIPTION, .label = N_("Subnet description"), .kind = FV_TEXT,                \
        .max = DV_DESC_MAX, .width = 24, .hint = N_("Only helps users understand the subnet.")     \
    }
#define F_VERSION                                                                                  \
    {                                                                                              \
        .key = SNF_VERSION, .label = N_("IP version"), .kind = FV_CHOICE, .required = true,        \
        .choices = ipv_labels, .values = ipv_values,                                               \
        .hint = N_("ipv4 or ipv6; Space or Left/Right chooses.")                                   \
    }
#define F_ADDRESS                                                                                  \
    {                                                                                              \
        .key = SNF_ADDRESS, .label = N_("Subnet address"), .kind = FV_TEXT, .required = true,      \
        .max = 45, .width = 24,                                                                    \
        .hint = N_("The network address, such as 192.168.7.0 or fd00:1::.")                        \
    }
#define F_NETMASK                                                                                  \
    {                                                                                              \
        .key = SNF_NETMASK, .label = N_("Netmask"), .kind = FV_TEXT, .required = true, .max = 15,  \
        .width = 16,                                                                               \
        .hint = N_("IPv4: dotted, such as 255.255.255.0; IPv6: the prefix length, such as 64.")    \
    }
#define F_GATEWAY                                                                                  \
    {                                                                                              \
        .key = SNF_GATEWAY, .label = N_("Gateway address"), .kind = FV_TEXT, .required = true,     \
        .max = 45, .width = 24, .hint = N_("An address inside the subnet, such as 192.168.7.1.")   \
    }
#define F_GWHOST                                                                                   \
    {                                                                                              \
        .key = SNF_GATEWAY_HOST, .label = N_("Bind gateway to host"), .kind = FV_PICK,             \
        .hint = N_("Where an automatically built gateway runs; (none) for any live host."),        \
        .pick = pick_hosts, .pick_none = N_("(none)")                                              \
    }
#define F_START                                                                                    \
    {                                                                                              \
        .key = SNF_START, .label = N_("Start address"), .kind = FV_TEXT, .required = true,         \
        .max = 45, .width = 24,                                                                    \
        .hint = N_("The first address pool range (more with the row's Address pool).")             \
    }
#define F_END                                                                                      \
    {                                                                                              \
        .key = SNF_END, .label = N_("End address"), .kind = FV_TEXT, .required = true, .max = 45,  \
        .width = 24, .hint = N_("Inside the subnet, not before the start address.")                \
    }
#define F_FLAG(KEY, LABEL, HINT)                                                                   \
    {                                                                                              \
        .key = KEY, .label = LABEL, .kind = FV_CHOICE, .choices = no_yes_labels,                   \
        .values = no_yes_values, .hint = HINT                                                      \
    }
#define F_DHCP                                                                                     \
    F_FLAG(SNF_DHCP, N_("Enable DHCP service"),                                                    \
           N_("Yes opens the DHCP service panel after this one."))
#define F_DNS                                                                                      \
    F_FLAG(SNF_DNS, N_("Enable DNS service"), N_("Yes opens the DNS service panel after this one."))
#define F_TFTP                                                                                     \
    {                                                                                              \
        .key = SNF_TFTP, .label = N_("TFTP root path (IPv4 only)"), .kind = FV_TEXT,               \
        .max = DV_PATH_MAX, .width = 24,                                                           \
        .hint = N_("An absolute path, such as /var/lib/tftpboot; IPv4 subnets only.")              \
    }
#define F_AUTOGW                                                                                   \
    F_FLAG(SNF_AUTO_GW, N_("Automatically build gateway"),                                         \
           N_("Only for bridged networks: isolated, NAT and routed networks need No."))
#define F_GWSTART                                                                                  \
    {                                                                                              \
        .key = SNF_GW_START, .label = N_("Gateway start script"), .kind = FV_TEXT, .max = 255,     \
        .width = 24, .hint = N_("A shell command run when the automatic gateway starts.")          \
    }
#define F_GWSTOP                                                                                   \
    {                                                                                              \
        .key = SNF_GW_STOP, .label = N_("Gateway stop script"), .kind = FV_TEXT, .max = 255,       \
        .width = 24, .hint = N_("A shell command run when the automatic gateway stops.")           \
    }

static const struct fv_field add_fields[] = {F_NAME,    F_DESC,   F_VERSION, F_ADDRESS, F_NETMASK,
                                             F_GATEWAY, F_GWHOST, F_START,   F_END,     F_DHCP,
                                             F_DNS,     F_TFTP,   F_AUTOGW,  F_GWSTART, F_GWSTOP};
static const struct fv_field edit_fields[] = {F_NAME,    F_DESC,    F_VERSION, F_ADDRESS, F_NETMASK,
                                              F_GATEWAY, F_GWHOST,  F_DHCP,    F_DNS,     F_TFTP,
                                              F_AUTOGW,  F_GWSTART, F_GWSTOP};

static const struct fv_def add_form = {.title = N_("Add subnet: subnet basic information"),
                                       .fields = add_fields,
                                       .nfields = G_N_ELEMENTS(add_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};
static const struct fv_def edit_form = {.title = N_("Modify subnet: subnet basic information"),
                                        .fields = edit_fields,
                                        .nfields = G_N_ELEMENTS(edit_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

/* ---------------------------------------------------------------- the DHCP and DNS panels */

enum { D_BOOTP_FILE, D_BOOTP_SERVER, D_COUNT };
static const struct fv_field dhcp_fields[D_COUNT] = {
    [D_BOOTP_FILE] = {.key = SNF_BOOTP_FILE,
                      .label = N_("BOOTP boot file"),
                      .kind = FV_TEXT,
                      .max = DV_PATH_MAX,
                      .width = 24,
                      .hint = N_("The image a VM fetches when it boots from the network.")},
    [D_BOOTP_SERVER] = {.key = SNF_BOOTP_SERVER,
                        .label = N_("BOOTP server address"),
                        .kind = FV_TEXT,
                        .max = 15,
                        .width = 16,
                        .hint = N_("The TFTP server's IPv4 address; empty: the DHCP server.")},
};
static const struct fv_def dhcp_form = {.title = N_("DHCP service configuration"),
                                        .fields = dhcp_fields,
                                        .nfields = D_COUNT,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

enum { N_DOMAIN, N_FORWARD, N_COUNT };
static const struct fv_field dns_fields[N_COUNT] = {
    [N_DOMAIN] = {.key = SNF_DOMAIN,
                  .label = N_("Network domain"),
                  .kind = FV_TEXT,
                  .max = DV_PATH_MAX,
                  .width = 24,
                  .hint = N_("A host's domain name is its host name plus this domain.")},
    [N_FORWARD] = F_FLAG(SNF_FORWARD, N_("Forward plain names"),
                         N_("Yes: names without a domain also go to the upstream servers.")),
};
static const struct fv_def dns_form = {.title = N_("DNS service configuration"),
                                       .fields = dns_fields,
                                       .nfields = N_COUNT,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};

/* One add or modify: the subnet (0 for a new one) with its row version,
 * the basic panel's values while its OK runs, the panels' values. */
struct edit {
    int64_t id, version;
    const char *old_name; /* the subnet's name as read (modify) */
    const struct fv_def *basic;
    char **v;
    char *dhcp[D_COUNT + 1];
    char *dns[N_COUNT + 1];
};

static const char *value_of(const struct fv_def *def, char **v, const char *key)
{
    for (int i = 0; i < def->nfields; i++)
        if (strcmp(def->fields[i].key, key) == 0)
            return v[i];
    return "";
}

static void panel_set(char **dst, char **src, int n)
{
    for (int i = 0; i < n; i++) {
        g_free(dst[i]);
        dst[i] = g_strdup(src[i]);
    }
}

/* The spec of everything typed so far. */
static bool build(const struct edit *e, struct subnet_spec *s, struct dv_error *err)
{
    const struct fv_def *d = e->basic;
    struct subnet_input in = {
        .name = value_of(d, e->v, SNF_NAME),
        .description = value_of(d, e->v, SNF_DESCRIPTION),
        .ip_version = value_of(d, e->v, SNF_VERSION),
        .address = value_of(d, e->v, SNF_ADDRESS),
        .netmask = value_of(d, e->v, SNF_NETMASK),
        .gateway = value_of(d, e->v, SNF_GATEWAY),
        .gateway_host = value_of(d, e->v, SNF_GATEWAY_HOST),
        .dhcp = value_of(d, e->v, SNF_DHCP),
        .dns = value_of(d, e->v, SNF_DNS),
        .tftp_root = value_of(d, e->v, SNF_TFTP),
        .auto_gateway = value_of(d, e->v, SNF_AUTO_GW),
        .gw_start_script = value_of(d, e->v, SNF_GW_START),
        .gw_stop_script = value_of(d, e->v, SNF_GW_STOP),
        .bootp_file = e->dhcp[D_BOOTP_FILE],
        .bootp_server = e->dhcp[D_BOOTP_SERVER],
        .dns_domain = e->dns[N_DOMAIN],
        .dns_forward_plain = e->dns[N_FORWARD],
        .range_start = value_of(d, e->v, SNF_START),
        .range_end = value_of(d, e->v, SNF_END),
        .version = e->version,
    };

    return subnet_parse(&in, s, err);
}

static bool check_so_far(struct app *app, const struct edit *e, struct dv_error *err)
{
    struct subnet_spec s;

    return build(e, &s, err) && subnet_check(app->db, e->id, &s, err);
}

static bool submit_dhcp(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct edit *e = ctx;

    panel_set(e->dhcp, v, D_COUNT);
    return check_so_far(app, e, err);
}

static bool submit_dns(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct edit *e = ctx;

    panel_set(e->dns, v, N_COUNT);
    return check_so_far(app, e, err);
}

/* The label of the host id (text) of the gateway host picker, or NULL. */
static char *host_label(struct app *app, const char *id)
{
    struct dv_error err = {0};
    struct choice_list l = {0};
    char *label = NULL;
    int64_t want = g_ascii_strtoll(id, NULL, 10);

    if (want > 0 && subnet_host_choices(app->db, &l, &err))
        for (int i = 0; i < l.n && !label; i++)
            if (l.v[i].id == want)
                label = g_strdup(l.v[i].label);
    choice_list_free(&l);
    return label;
}

/* F4 (issue 12): dosvmctl subnet add|modify with the three panels' fields;
 * a modify gives every field, empty ones too, so that it clears them. */
static void edit_command(struct app *app, const struct edit *e)
{
    const struct fv_def *d = e->basic;
    GString *cmd = command_new(app->actor.account, "subnet", e->id ? "modify" : "add");

    if (e->id)
        command_option(cmd, "subnet", e->old_name);
    for (int i = 0; i < d->nfields; i++) {
        const char *v = e->v[i] ? e->v[i] : "";
        char *label = NULL;

        if (!strcmp(d->fields[i].key, SNF_GATEWAY_HOST))
            v = (label = host_label(app, v)) ? label : "";
        if (*v || e->id)
            command_option(cmd, d->fields[i].key, v);
        g_free(label);
    }
    for (int i = 0; i < D_COUNT; i++)
        if (*e->dhcp[i] || e->id)
            command_option(cmd, dhcp_fields[i].key, e->dhcp[i]);
    for (int i = 0; i < N_COUNT; i++)
        if (*e->dns[i] || e->id)
            command_option(cmd, dns_fields[i].key, e->dns[i]);
    app_set_command(app, cmd);
}

/* OK of the basic panel: check it, run the panels that are on, save. */
static bool submit_basic(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct edit *e = ctx;
    struct subnet_spec s;
    bool ok;

    e->v = v;
    ok = check_so_far(app, e, err) && build(e, &s, err);
    if (ok && s.dhcp && !dialog_form(app, &dhcp_form, e->dhcp, submit_dhcp, e)) {
        dv_error_clear(err); /* back to the basic panel, nothing said */
        ok = false;
    }
    if (ok && s.dns && !dialog_form(app, &dns_form, e->dns, submit_dns, e)) {
        dv_error_clear(err);
        ok = false;
    }
    ok = ok && build(e, &s, err) &&
         (e->id ? subnet_modify(app->db, &app->actor, e->id, &s, err)
                : subnet_add(app->db, &app->actor, &s, NULL, err));
    if (ok)
        edit_command(app, e);
    e->v = NULL;
    return ok;
}

static void edit_free(struct edit *e)
{
    for (int i = 0; i < D_COUNT; i++)
        g_free(e->dhcp[i]);
    for (int i = 0; i < N_COUNT; i++)
        g_free(e->dns[i]);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct edit e = {.basic = &add_form};
    char *initial[G_N_ELEMENTS(add_fields) + 1] = {NULL};

    (void)lp, (void)row;
    for (int i = 0; i < D_COUNT; i++)
        e.dhcp[i] = g_strdup("");
    e.dns[N_DOMAIN] = g_strdup("");
    e.dns[N_FORWARD] = g_strdup("0");
    for (size_t i = 0; i < G_N_ELEMENTS(add_fields); i++)
        initial[i] = (char *)(add_fields[i].kind == FV_CHOICE ? add_fields[i].values[0] : "");
    if (dialog_form(app, &add_form, initial, submit_basic, &e))
        app_status(app, STATUS_OK, "%s", _("The subnet was added."));
    edit_free(&e);
    return UI_RELOAD;
}

/* The value a field of the basic panel starts with when modifying s. */
static char *initial_of(const struct subnet *s, const char *key)
{
    if (!strcmp(key, SNF_NAME))
        return g_strdup(s->name);
    if (!strcmp(key, SNF_DESCRIPTION))
        return g_strdup(s->description);
    if (!strcmp(key, SNF_VERSION))
        return g_strdup_printf("%d", s->ip_version);
    if (!strcmp(key, SNF_ADDRESS))
        return g_strdup(s->address);
    if (!strcmp(key, SNF_NETMASK))
        return g_strdup(s->netmask);
    if (!strcmp(key, SNF_GATEWAY))
        return g_strdup(s->gateway);
    if (!strcmp(key, SNF_GATEWAY_HOST))
        return g_strdup_printf("%lld", (long long)s->gateway_host_id);
    if (!strcmp(key, SNF_DHCP))
        return g_strdup(s->dhcp ? "1" : "0");
    if (!strcmp(key, SNF_DNS))
        return g_strdup(s->dns ? "1" : "0");
    if (!strcmp(key, SNF_TFTP))
        return g_strdup(s->tftp_root);
    if (!strcmp(key, SNF_AUTO_GW))
        return g_strdup(s->auto_gateway ? "1" : "0");
    if (!strcmp(key, SNF_GW_START))
        return g_strdup(s->gw_start_script);
    if (!strcmp(key, SNF_GW_STOP))
        return g_strdup(s->gw_stop_script);
    return g_strdup("");
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct subnet s;
    struct edit e = {.id = row->id, .basic = &edit_form, .old_name = row->cells[0]};
    char *initial[G_N_ELEMENTS(edit_fields) + 1] = {NULL};
    char *users = NULL;

    (void)lp;
    /* the record as read: its row version goes back with the edit (P2/OP-6) */
    if (!subnet_get(app->db, row->id, &s, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    e.version = s.version;
    e.dhcp[D_BOOTP_FILE] = g_strdup(s.bootp_file);
    e.dhcp[D_BOOTP_SERVER] = g_strdup(s.bootp_server);
    e.dns[N_DOMAIN] = g_strdup(s.dns_domain);
    e.dns[N_FORWARD] = g_strdup(s.dns_forward_plain ? "1" : "0");
    for (size_t i = 0; i < G_N_ELEMENTS(edit_fields); i++)
        initial[i] = initial_of(&s, edit_fields[i].key);
    if (dialog_form(app, &edit_form, initial, submit_basic, &e)) {
        /* M10.2.1.3: networks keep the old subnet until they are modified */
        if (subnet_users(app->db, row->id, &users, &err) && users && *users) {
            char *t = g_strdup_printf(_("The following networks must be modified again for the "
                                        "change to take effect:\n\n%s"),
                                      users);

            dialog_message(app, _("Modify subnet"), t);
            g_free(t);
        }
        app_status(app, STATUS_OK, "%s", _("The subnet was saved."));
    }
    g_free(users);
    for (size_t i = 0; i < G_N_ELEMENTS(edit_fields); i++)
        g_free(initial[i]);
    edit_free(&e);
    subnet_free(&s);
    return UI_RELOAD;
}

/* list_confirm_op keeping "subnet VERB pairs" for F4 when it succeeds. */
static int confirm_op_command(struct app *app, const char *title, char *question, char *done,
                              bool (*op)(struct db *, const struct dv_actor *, int64_t,
                                         struct dv_error *),
                              int64_t id, const char *verb, const char *const *pairs)
{
    app_command_pending(app, "subnet", verb, pairs);
    return list_confirm_op(app, title, question, done, op, id);
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return confirm_op_command(
        app, _("Delete subnet"),
        g_strdup_printf(_("Delete the subnet '%s'? Its project assignments go with it."),
                        row->cells[0]),
        g_strdup_printf(_("The subnet '%s' was deleted."), row->cells[0]), subnet_delete, row->id,
        "delete", (const char *const[]){"subnet", row->cells[0], NULL});
}

/* ---------------------------------------------------------------- the sub-pages */

/* A sub-page's context: the subnet whose rows it shows. */
struct rows_page {
    int64_t subnet_id;
    int ip_version;
    char *name; /* the subnet's name: the context of the page's commands */
};

/* Read the subnet of a sub-page; *first and *end the slice of n rows the
 * page [offset, offset + limit) shows. */
static bool read_subnet(struct app *app, const struct rows_page *rp, struct subnet *s,
                        struct dv_error *err)
{
    return subnet_get(app->db, rp->subnet_id, s, err);
}

static int slice_end(int n, int64_t offset, int limit)
{
    return (int)MIN((int64_t)n, offset + limit);
}

static bool fetch_ranges(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                         struct list_rows *out, struct dv_error *err)
{
    struct subnet s;

    (void)q;
    if (!read_subnet(app, ctx, &s, err))
        return false;
    out->total = s.nranges;
    for (int i = (int)offset; i < slice_end(s.nranges, offset, limit); i++)
        list_rows_add(out, s.ranges[i].id, 2, g_strdup(s.ranges[i].start),
                      g_strdup(s.ranges[i].end));
    subnet_free(&s);
    return true;
}

static bool fetch_reservations(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                               struct list_rows *out, struct dv_error *err)
{
    struct subnet s;

    (void)q;
    if (!read_subnet(app, ctx, &s, err))
        return false;
    out->total = s.nreservations;
    for (int i = (int)offset; i < slice_end(s.nreservations, offset, limit); i++)
        list_rows_add(out, s.reservations[i].id, 3, g_strdup(s.reservations[i].mac),
                      g_strdup(s.reservations[i].ip), g_strdup(s.reservations[i].hostname));
    subnet_free(&s);
    return true;
}

static bool fetch_txts(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                       struct list_rows *out, struct dv_error *err)
{
    struct subnet s;

    (void)q;
    if (!read_subnet(app, ctx, &s, err))
        return false;
    out->total = s.ntxts;
    for (int i = (int)offset; i < slice_end(s.ntxts, offset, limit); i++)
        list_rows_add(out, s.txts[i].id, 2, g_strdup(s.txts[i].name), g_strdup(s.txts[i].value));
    subnet_free(&s);
    return true;
}

static bool fetch_forwarders(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                             struct list_rows *out, struct dv_error *err)
{
    struct subnet s;

    (void)q;
    if (!read_subnet(app, ctx, &s, err))
        return false;
    out->total = s.nforwarders;
    for (int i = (int)offset; i < slice_end(s.nforwarders, offset, limit); i++)
        list_rows_add(out, s.forwarders[i].id, 1, g_strdup(s.forwarders[i].addr));
    subnet_free(&s);
    return true;
}

static char *num_or_empty(int v)
{
    return v < 0 ? g_strdup("") : g_strdup_printf("%d", v);
}

static bool fetch_srvs(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                       struct list_rows *out, struct dv_error *err)
{
    struct subnet s;

    (void)q;
    if (!read_subnet(app, ctx, &s, err))
        return false;
    out->total = s.nsrvs;
    for (int i = (int)offset; i < slice_end(s.nsrvs, offset, limit); i++) {
        const struct subnet_srv *v = &s.srvs[i];

        list_rows_add(out, v->id, 7, g_strdup(v->service), g_strdup(v->protocol),
                      g_strdup(v->domain), g_strdup(v->target), num_or_empty(v->port),
                      num_or_empty(v->priority), num_or_empty(v->weight));
    }
    subnet_free(&s);
    return true;
}

static bool fetch_dnshosts(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                           struct list_rows *out, struct dv_error *err)
{
    struct subnet s;

    (void)q;
    if (!read_subnet(app, ctx, &s, err))
        return false;
    out->total = s.ndnshosts;
    for (int i = (int)offset; i < slice_end(s.ndnshosts, offset, limit); i++)
        list_rows_add(out, s.dnshosts[i].id, 2, g_strdup(s.dnshosts[i].ip),
                      g_strdup(s.dnshosts[i].hostnames));
    subnet_free(&s);
    return true;
}

/* -- the add dialogs */

static int64_t page_subnet(struct list_page *lp)
{
    return ((const struct rows_page *)list_ctx(lp))->subnet_id;
}

static const char *page_name(struct list_page *lp)
{
    return ((const struct rows_page *)list_ctx(lp))->name;
}

static const struct fv_field range_fields[] = {
    {.key = SNF_START,
     .label = N_("Start address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 45,
     .width = 24,
     .hint = N_("Inside the subnet, such as 10.1.0.10.")},
    {.key = SNF_END,
     .label = N_("End address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 45,
     .width = 24,
     .hint = N_("Inside the subnet, not before the start address.")},
};
static const struct fv_def range_form = {.title = N_("Add address pair"),
                                         .fields = range_fields,
                                         .nfields = 2,
                                         .buttons = fv_ok_cancel,
                                         .layout = FV_COLUMN,
                                         .command = "subnet range-add"};

static bool submit_range(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return subnet_range_add(app->db, &app->actor, *(const int64_t *)ctx, v[0], v[1], NULL, err);
}

#define IP_FIELD(HINT)                                                                             \
    {                                                                                              \
        .key = SNF_IP, .label = N_("IP address"), .kind = FV_TEXT, .required = true, .max = 45,    \
        .width = 24, .hint = HINT                                                                  \
    }

static const struct fv_field res4_fields[] = {
    {.key = SNF_MAC,
     .label = N_("MAC address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 17,
     .width = 18,
     .hint = N_("IPv4 hosts are identified by MAC address, such as 52:54:00:12:34:56.")},
    IP_FIELD(N_("The reserved address, inside the subnet.")),
    {.key = SNF_HOSTNAME,
     .label = N_("Client name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("Optional; overrides the host's own name.")},
};
static const struct fv_field res6_fields[] = {
    {.key = SNF_HOSTNAME,
     .label = N_("Client name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("IPv6 hosts are identified by the plain name the client sends.")},
    IP_FIELD(N_("The reserved address, inside the subnet.")),
};
static const struct fv_def res4_form = {.title = N_("Add IP reservation"),
                                        .fields = res4_fields,
                                        .nfields = G_N_ELEMENTS(res4_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "subnet reservation-add"};
static const struct fv_def res6_form = {.title = N_("Add IP reservation"),
                                        .fields = res6_fields,
                                        .nfields = G_N_ELEMENTS(res6_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "subnet reservation-add"};

static bool submit_res4(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct subnet_reservation_spec r = {.mac = v[0], .ip = v[1], .hostname = v[2]};

    return subnet_reservation_add(app->db, &app->actor, *(const int64_t *)ctx, &r, NULL, err);
}

static bool submit_res6(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct subnet_reservation_spec r = {.hostname = v[0], .ip = v[1]};

    return subnet_reservation_add(app->db, &app->actor, *(const int64_t *)ctx, &r, NULL, err);
}

static const struct fv_field txt_fields[] = {
    {.key = SNF_TXT_NAME,
     .label = N_("TXT name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("The name queried through DNS, such as ftp; no spaces or commas.")},
    {.key = SNF_TXT_VALUE,
     .label = N_("Value"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_PATH_MAX,
     .width = 24,
     .hint = N_("Returned as typed, such as 10.0.1.14; separate several addresses as the clients "
                "expect (';' or ',').")},
};
static const struct fv_def txt_form = {.title = N_("Add DNS name"),
                                       .fields = txt_fields,
                                       .nfields = 2,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "subnet txt-add"};

static bool submit_txt(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return subnet_txt_add(app->db, &app->actor, *(const int64_t *)ctx, v[0], v[1], NULL, err);
}

static const struct fv_field fwd_fields[] = {
    {.key = SNF_FORWARDER,
     .label = N_("Server address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 45,
     .width = 24,
     .hint = N_("The IP address of an upstream DNS server, such as 8.8.8.8.")},
};
static const struct fv_def fwd_form = {.title = N_("Add upstream DNS server"),
                                       .fields = fwd_fields,
                                       .nfields = 1,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN,
                                       .command = "subnet forwarder-add"};

static bool submit_fwd(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return subnet_forwarder_add(app->db, &app->actor, *(const int64_t *)ctx, v[0], NULL, err);
}

/* SRV: the service first; port, priority and weight only when a target was
 * given (M10.2.1.2g: they are not available while the target is empty). */
static const char *const protocols[] = {"tcp", "udp", NULL};
static const struct fv_field srv_fields[] = {
    {.key = SNF_SRV_SERVICE,
     .label = N_("Service name"),
     .kind = FV_TEXT,
     .required = true,
     .max = 15,
     .width = 16,
     .hint = N_("Such as ldap; letters, digits, '-' and '_'.")},
    {.key = SNF_SRV_PROTOCOL,
     .label = N_("Protocol"),
     .kind = FV_CHOICE,
     .required = true,
     .choices = protocols,
     .values = protocols,
     .hint = N_("tcp or udp; Space or Left/Right chooses.")},
    {.key = SNF_SRV_DOMAIN,
     .label = N_("Domain"),
     .kind = FV_TEXT,
     .max = DV_PATH_MAX,
     .width = 24,
     .hint = N_("The domain name of the host providing the service.")},
    {.key = SNF_SRV_TARGET,
     .label = N_("Target address"),
     .kind = FV_TEXT,
     .max = DV_PATH_MAX,
     .width = 24,
     .hint = N_("The host providing the service; empty: no port, priority or weight.")},
};
static const struct fv_def srv_form = {.title = N_("Add DNS service"),
                                       .fields = srv_fields,
                                       .nfields = G_N_ELEMENTS(srv_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};
static const struct fv_field srv_num_fields[] = {
    {.key = SNF_SRV_PORT,
     .label = N_("Port"),
     .kind = FV_TEXT,
     .max = 5,
     .width = 6,
     .hint = N_("1-65535, or empty.")},
    {.key = SNF_SRV_PRIORITY,
     .label = N_("Priority"),
     .kind = FV_TEXT,
     .max = 5,
     .width = 6,
     .hint = N_("0-65535, or empty.")},
    {.key = SNF_SRV_WEIGHT,
     .label = N_("Weight"),
     .kind = FV_TEXT,
     .max = 5,
     .width = 6,
     .hint = N_("0-65535, or empty.")},
};
static const struct fv_def srv_num_form = {.title = N_("Add DNS service: target"),
                                           .fields = srv_num_fields,
                                           .nfields = G_N_ELEMENTS(srv_num_fields),
                                           .buttons = fv_ok_cancel,
                                           .layout = FV_COLUMN};

struct srv_add {
    int64_t subnet_id;
    char **v;           /* the first dialog's values */
    const char *subnet; /* its name, for the command */
};

static bool srv_save(struct app *app, const struct srv_add *a, char **nums, struct dv_error *err)
{
    struct subnet_srv_input in = {.service = a->v[0],
                                  .protocol = a->v[1],
                                  .domain = a->v[2],
                                  .target = a->v[3],
                                  .port = nums ? nums[0] : "",
                                  .priority = nums ? nums[1] : "",
                                  .weight = nums ? nums[2] : ""};
    struct subnet_srv_spec s;
    GString *cmd;

    if (!subnet_srv_parse(&in, &s, err) ||
        !subnet_srv_add(app->db, &app->actor, a->subnet_id, &s, NULL, err))
        return false;
    /* F4: the two dialogs' fields as one command */
    cmd = command_new(app->actor.account, "subnet", "srv-add");
    command_option(cmd, "subnet", a->subnet);
    for (int i = 0; i < 4; i++)
        if (*a->v[i])
            command_option(cmd, srv_fields[i].key, a->v[i]);
    for (int i = 0; nums && i < 3; i++)
        if (*nums[i])
            command_option(cmd, srv_num_fields[i].key, nums[i]);
    app_set_command(app, cmd);
    return true;
}

static bool submit_srv_nums(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return srv_save(app, ctx, v, err);
}

static bool submit_srv(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct srv_add *outer = ctx;
    struct srv_add a = {outer->subnet_id, v, outer->subnet};

    if (!v[3][0])
        return srv_save(app, &a, NULL, err);
    if (dialog_form(app, &srv_num_form, NULL, submit_srv_nums, &a))
        return true;
    dv_error_clear(err);
    return false;
}

static const struct fv_field dnshost_fields[] = {
    IP_FIELD(N_("The address the names resolve to.")),
    {.key = SNF_HOSTNAME,
     .label = N_("Host names"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_PATH_MAX,
     .width = 24,
     .hint = N_("One or more names separated by commas, such as web1,www.")},
};
static const struct fv_def dnshost_form = {.title = N_("Add DNS host"),
                                           .fields = dnshost_fields,
                                           .nfields = 2,
                                           .buttons = fv_ok_cancel,
                                           .layout = FV_COLUMN,
                                           .command = "subnet dnshost-add"};

static bool submit_dnshost(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return subnet_dnshost_add(app->db, &app->actor, *(const int64_t *)ctx, v[0], v[1], NULL, err);
}

/* Run an add dialog of the page's subnet. */
static int run_add(struct app *app, struct list_page *lp, const struct fv_def *def,
                   dialog_submit_fn submit, const char *done)
{
    int64_t id = page_subnet(lp);

    app_command_context(app, (const char *const[]){"subnet", page_name(lp), NULL});
    if (dialog_form(app, def, NULL, submit, &id))
        app_status(app, STATUS_OK, "%s", done);
    return UI_RELOAD;
}

static int add_range(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)row;
    return run_add(app, lp, &range_form, submit_range, _("The address pair was added."));
}

static int add_reservation(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const struct rows_page *rp = list_ctx(lp);

    (void)row;
    return run_add(app, lp, rp->ip_version == 6 ? &res6_form : &res4_form,
                   rp->ip_version == 6 ? submit_res6 : submit_res4,
                   _("The IP reservation was added."));
}

static int add_txt(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)row;
    return run_add(app, lp, &txt_form, submit_txt, _("The DNS name was added."));
}

static int add_fwd(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)row;
    return run_add(app, lp, &fwd_form, submit_fwd, _("The upstream DNS server was added."));
}

static int add_srv(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct srv_add a = {page_subnet(lp), NULL, page_name(lp)};

    (void)row;
    if (dialog_form(app, &srv_form, NULL, submit_srv, &a))
        app_status(app, STATUS_OK, "%s", _("The DNS service was added."));
    return UI_RELOAD;
}

static int add_dnshost(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)row;
    return run_add(app, lp, &dnshost_form, submit_dnshost, _("The DNS host was added."));
}

/* -- delete */

#define CHILD_DELETE(NAME, KIND)                                                                   \
    static bool NAME(struct db *db, const struct dv_actor *a, int64_t id, struct dv_error *err)    \
    {                                                                                              \
        return subnet_child_delete(db, a, KIND, id, err);                                          \
    }
CHILD_DELETE(del_range_op, SUBNET_RANGE)
CHILD_DELETE(del_reservation_op, SUBNET_RESERVATION)
CHILD_DELETE(del_txt_op, SUBNET_TXT)
CHILD_DELETE(del_fwd_op, SUBNET_FORWARDER)
CHILD_DELETE(del_srv_op, SUBNET_SRV)
CHILD_DELETE(del_dnshost_op, SUBNET_DNSHOST)

#define KIND_PAIRS(KIND, ...)                                                                      \
    (const char *const[])                                                                          \
    {                                                                                              \
        "subnet", page_name(lp), "kind", KIND, __VA_ARGS__, NULL                                   \
    }

static int del_range(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return confirm_op_command(
        app, _("Delete address pair"),
        g_strdup_printf(_("Delete the address pair %s-%s?"), row->cells[0], row->cells[1]),
        g_strdup(_("The address pair was deleted.")), del_range_op, row->id, "child-delete",
        KIND_PAIRS("range", SNF_START, row->cells[0], SNF_END, row->cells[1]));
}

static int del_reservation(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return confirm_op_command(app, _("Delete IP reservation"),
                              g_strdup_printf(_("Delete the IP reservation of %s?"), row->cells[1]),
                              g_strdup(_("The IP reservation was deleted.")), del_reservation_op,
                              row->id, "child-delete",
                              KIND_PAIRS("reservation", SNF_IP, row->cells[1]));
}

static int del_txt(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return confirm_op_command(app, _("Delete DNS name"),
                              g_strdup_printf(_("Delete the DNS name '%s'?"), row->cells[0]),
                              g_strdup(_("The DNS name was deleted.")), del_txt_op, row->id,
                              "child-delete", KIND_PAIRS("txt", SNF_TXT_NAME, row->cells[0]));
}

static int del_fwd(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return confirm_op_command(
        app, _("Delete upstream DNS server"),
        g_strdup_printf(_("Delete the upstream DNS server %s?"), row->cells[0]),
        g_strdup(_("The upstream DNS server was deleted.")), del_fwd_op, row->id, "child-delete",
        KIND_PAIRS("forwarder", SNF_FORWARDER, row->cells[0]));
}

static int del_srv(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return confirm_op_command(
        app, _("Delete DNS service"),
        g_strdup_printf(_("Delete the DNS service '%s'?"), row->cells[0]),
        g_strdup(_("The DNS service was deleted.")), del_srv_op, row->id, "child-delete",
        KIND_PAIRS("srv", SNF_SRV_SERVICE, row->cells[0], SNF_SRV_PROTOCOL, row->cells[1],
                   SNF_SRV_DOMAIN, row->cells[2], SNF_SRV_TARGET, row->cells[3]));
}

static int del_dnshost(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return confirm_op_command(app, _("Delete DNS host"),
                              g_strdup_printf(_("Delete the DNS host %s?"), row->cells[0]),
                              g_strdup(_("The DNS host was deleted.")), del_dnshost_op, row->id,
                              "child-delete", KIND_PAIRS("dnshost", SNF_IP, row->cells[0]));
}

/* -- the pages */

#define SUB_ACTIONS(ADD, DEL)                                                                      \
    {                                                                                              \
        {.key = 'a', .label = N_("Add"), .run = ADD},                                              \
        {                                                                                          \
            .key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = DEL                         \
        }                                                                                          \
    }

static const struct list_column range_columns[] = {
    {.header = N_("Start address"), .min_width = 12, .weight = 1},
    {.header = N_("End address"), .min_width = 12, .weight = 1},
};
static const struct list_action range_actions[] = SUB_ACTIONS(add_range, del_range);
static const struct list_def ranges_list = {.title = N_("Address pool"),
                                            .columns = range_columns,
                                            .ncolumns = G_N_ELEMENTS(range_columns),
                                            .actions = range_actions,
                                            .nactions = G_N_ELEMENTS(range_actions),
                                            .fetch = fetch_ranges};

static const struct list_column res_columns[] = {
    {.header = N_("MAC address"), .min_width = 17, .weight = 1},
    {.header = N_("IP address"), .min_width = 12, .weight = 1},
    {.header = N_("Client name"), .min_width = 8, .weight = 1},
};
static const struct list_action res_actions[] = SUB_ACTIONS(add_reservation, del_reservation);
static const struct list_def reservations_list = {.title = N_("IP reservation list"),
                                                  .columns = res_columns,
                                                  .ncolumns = G_N_ELEMENTS(res_columns),
                                                  .actions = res_actions,
                                                  .nactions = G_N_ELEMENTS(res_actions),
                                                  .fetch = fetch_reservations};

static const struct list_column txt_columns[] = {
    {.header = N_("TXT name"), .min_width = 8, .weight = 1},
    {.header = N_("Value"), .min_width = 12, .weight = 2},
};
static const struct list_action txt_actions[] = SUB_ACTIONS(add_txt, del_txt);
static const struct list_def txts_list = {.title = N_("Name list"),
                                          .columns = txt_columns,
                                          .ncolumns = G_N_ELEMENTS(txt_columns),
                                          .actions = txt_actions,
                                          .nactions = G_N_ELEMENTS(txt_actions),
                                          .fetch = fetch_txts};

static const struct list_column fwd_columns[] = {
    {.header = N_("Server address"), .min_width = 15, .weight = 1},
};
static const struct list_action fwd_actions[] = SUB_ACTIONS(add_fwd, del_fwd);
static const struct list_def fwds_list = {.title = N_("Upstream DNS server list"),
                                          .columns = fwd_columns,
                                          .ncolumns = G_N_ELEMENTS(fwd_columns),
                                          .actions = fwd_actions,
                                          .nactions = G_N_ELEMENTS(fwd_actions),
                                          .fetch = fetch_forwarders};

static const struct list_column srv_columns[] = {
    {.header = N_("Service name"), .min_width = 6, .weight = 1},
    {.header = N_("Protocol"), .min_width = 3, .weight = 1},
    {.header = N_("Domain"), .min_width = 8, .weight = 2, .hide_below = 70},
    {.header = N_("Target address"), .min_width = 8, .weight = 2},
    {.header = N_("Port"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Priority"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Weight"), .min_width = 5, .weight = 1, .align = LA_RIGHT},
};
static const struct list_action srv_actions[] = SUB_ACTIONS(add_srv, del_srv);
static const struct list_def srvs_list = {.title = N_("Service list"),
                                          .columns = srv_columns,
                                          .ncolumns = G_N_ELEMENTS(srv_columns),
                                          .actions = srv_actions,
                                          .nactions = G_N_ELEMENTS(srv_actions),
                                          .fetch = fetch_srvs};

static const struct list_column dnshost_columns[] = {
    {.header = N_("IP address"), .min_width = 12, .weight = 1},
    {.header = N_("Host names"), .min_width = 12, .weight = 2},
};
static const struct list_action dnshost_actions[] = SUB_ACTIONS(add_dnshost, del_dnshost);
static const struct list_def dnshosts_list = {.title = N_("Host list"),
                                              .columns = dnshost_columns,
                                              .ncolumns = G_N_ELEMENTS(dnshost_columns),
                                              .actions = dnshost_actions,
                                              .nactions = G_N_ELEMENTS(dnshost_actions),
                                              .fetch = fetch_dnshosts};

/* Open the sub-page def for the subnet of row; panel names the panel the
 * table belongs to when its flag is off (R7: kept, not applied). */
static int open_rows(struct app *app, const struct list_row *row, const struct list_def *def,
                     int panel, const char *kind)
{
    struct dv_error err = {0};
    struct rows_page rp = {row->id, 4, NULL};
    struct subnet s;
    bool off;

    if (!subnet_get(app->db, row->id, &s, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    rp.ip_version = s.ip_version;
    rp.name = g_strdup(s.name);
    off = (panel == 1 && !s.dhcp) || (panel == 2 && !s.dns);
    if (off)
        app_status(app, STATUS_INFO,
                   panel == 1 ? _("The rows of the subnet '%s'; DHCP is off, so they are kept "
                                  "but not applied.")
                              : _("The rows of the subnet '%s'; DNS is off, so they are kept "
                                  "but not applied."),
                   s.name);
    else
        app_status(app, STATUS_INFO, _("The rows of the subnet '%s'."), s.name);
    subnet_free(&s);
    app_command(app, "subnet", "rows",
                (const char *const[]){"subnet", rp.name, "kind", kind, NULL});
    list_run_modal(app, def, &rp);
    g_free(rp.name);
    return UI_RELOAD;
}

static int act_ranges(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return open_rows(app, row, &ranges_list, 0, "range");
}

static int act_reservations(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return open_rows(app, row, &reservations_list, 1, "reservation");
}

static int act_txts(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return open_rows(app, row, &txts_list, 2, "txt");
}

static int act_fwds(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return open_rows(app, row, &fwds_list, 2, "forwarder");
}

static int act_srvs(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return open_rows(app, row, &srvs_list, 2, "srv");
}

static int act_dnshosts(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    return open_rows(app, row, &dnshosts_list, 2, "dnshost");
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'p', .label = N_("Address pool"), .needs = LN_ROW, .run = act_ranges},
    {.key = 'r', .label = N_("IP reservations"), .needs = LN_ROW, .run = act_reservations},
    {.key = 't', .label = N_("DNS names"), .needs = LN_ROW, .run = act_txts},
    {.key = 'u', .label = N_("Upstream servers"), .needs = LN_ROW, .run = act_fwds},
    {.key = 's', .label = N_("DNS services"), .needs = LN_ROW, .run = act_srvs},
    {.key = 'h', .label = N_("DNS hosts"), .needs = LN_ROW, .run = act_dnshosts},
};

static const struct list_def subnets_list = {
    .title = N_("Subnet information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_subnets, subnets_list);
