/* scr_networks.c - 网络管理 of a project admin: the project's networks
 * (M10.3.1), adding one of the six kinds (M10.3.2, M10.3.2.1-M10.3.2.6 with
 * their dialogs), modifying (M10.3.3) and deleting (M10.3.4) one.
 *
 * The manual's network form is a set of tabs (Table 10-1 says which kind has
 * which).  Here the form is a page of its panels, one row each: 修改 opens a
 * panel as its dialog (description, basic information, bandwidth) or as a
 * sub-page with its own 新增/删除 (static routes, port groups, the NAT
 * ranges, VLAN tags, macvtap forward interfaces), and 保存 saves the whole
 * network at once, as the manual's save button does, through the core's
 * job (the progress dialog).  Until then the page edits its own copy; every
 * dialog checks its values with the core's rules when OK is pressed. */
#include "base/command.h"
#include "base/textwidth.h"
#include "base/util.h"
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "net/network.h"
#include "net/subnet.h"
#include "screens.h"

#include <string.h>

/* ---------------------------------------------------------------- the draft */

/* The scalar texts of a network's form, by their field keys. */
enum {
    V_NAME_EN,
    V_NAME_ZH,
    V_DESC,
    V_BRIDGE,
    V_MAC,
    V_HOST,
    V_IPV6,
    V_STP,
    V_DELAY,
    V_FWD,
    V_SUBNET,
    V_IN_AVG,
    V_IN_PEAK,
    V_IN_BURST,
    V_OUT_AVG,
    V_OUT_PEAK,
    V_OUT_BURST,
    V_TRUNK,
    V_IFACE_ID,
    V_NAT_ADDR_START,
    V_NAT_ADDR_END,
    V_NAT_PORT_START,
    V_NAT_PORT_END,
    V_COUNT
};

static const char *const v_keys[V_COUNT] = {
    [V_NAME_EN] = NWF_NAME_EN,
    [V_NAME_ZH] = NWF_NAME_ZH,
    [V_DESC] = NWF_DESCRIPTION,
    [V_BRIDGE] = NWF_BRIDGE,
    [V_MAC] = NWF_MAC,
    [V_HOST] = NWF_BOUND_HOST,
    [V_IPV6] = NWF_IPV6,
    [V_STP] = NWF_STP,
    [V_DELAY] = NWF_DELAY,
    [V_FWD] = NWF_FORWARD_DEV,
    [V_SUBNET] = NWF_SUBNET,
    [V_IN_AVG] = NWF_IN_AVERAGE,
    [V_IN_PEAK] = NWF_IN_PEAK,
    [V_IN_BURST] = NWF_IN_BURST,
    [V_OUT_AVG] = NWF_OUT_AVERAGE,
    [V_OUT_PEAK] = NWF_OUT_PEAK,
    [V_OUT_BURST] = NWF_OUT_BURST,
    [V_TRUNK] = NWF_VLAN_TRUNK,
    [V_IFACE_ID] = NWF_INTERFACE_ID,
    [V_NAT_ADDR_START] = NWF_NAT_ADDR_START,
    [V_NAT_ADDR_END] = NWF_NAT_ADDR_END,
    [V_NAT_PORT_START] = NWF_NAT_PORT_START,
    [V_NAT_PORT_END] = NWF_NAT_PORT_END,
};

/* The network being added or modified: the form's texts and the tables'
 * rows as their dialogs made them. */
struct editor {
    enum network_type type;
    int64_t id; /* 0 while adding */
    int64_t version;
    int64_t project_id;
    char *v[V_COUNT];
    GArray *routes;                    /* struct network_route */
    GArray *pgs;                       /* struct network_portgroup, owned */
    struct network_vlans vlan;         /* the network's tags (OVS); trunk is v[V_TRUNK] */
    GPtrArray *ifaces;                 /* macvtap, char * */
    struct choice_list hosts, subnets; /* for the panel summaries */
    bool changed, saved, background;
    char *notice; /* an ended modify's OP-28 message, or NULL */
    /* modify: the texts and table sizes as read, so that the F4 command
     * clears what was cleared */
    char *orig[V_COUNT];
    int orig_rows[4];
};

static int v_index(const char *key)
{
    for (int i = 0; i < V_COUNT; i++)
        if (strcmp(v_keys[i], key) == 0)
            return i;
    return -1;
}

static void pg_clear(void *p)
{
    network_portgroup_clear(p);
}

static void editor_init(struct editor *ed, enum network_type type)
{
    memset(ed, 0, sizeof(*ed));
    ed->type = type;
    for (int i = 0; i < V_COUNT; i++)
        ed->v[i] = g_strdup("");
    g_free(ed->v[V_DELAY]);
    ed->v[V_DELAY] = g_strdup("0"); /* the manual's default */
    ed->routes = g_array_new(FALSE, TRUE, sizeof(struct network_route));
    ed->pgs = g_array_new(FALSE, TRUE, sizeof(struct network_portgroup));
    g_array_set_clear_func(ed->pgs, pg_clear);
    ed->ifaces = g_ptr_array_new_with_free_func(g_free);
}

static void editor_free(struct editor *ed)
{
    for (int i = 0; i < V_COUNT; i++) {
        g_free(ed->v[i]);
        g_free(ed->orig[i]);
    }
    g_array_unref(ed->routes);
    g_array_unref(ed->pgs);
    g_free(ed->vlan.v);
    g_ptr_array_unref(ed->ifaces);
    choice_list_free(&ed->hosts);
    choice_list_free(&ed->subnets);
    g_free(ed->notice);
}

static void set_v(struct editor *ed, int i, char *text)
{
    g_free(ed->v[i]);
    ed->v[i] = text;
}

static char *num_text(int64_t n)
{
    return n == NETWORK_BW_UNSET ? g_strdup("") : g_strdup_printf("%lld", (long long)n);
}

static char *id_text(int64_t id)
{
    return id > 0 ? g_strdup_printf("%lld", (long long)id) : g_strdup("0");
}

static void copy_vlans(struct network_vlans *out, const struct network_vlans *in)
{
    out->trunk = in->trunk;
    out->n = in->n;
    out->v = in->n ? g_memdup2(in->v, sizeof(*in->v) * (gsize)in->n) : NULL;
}

/* The draft of the record n (M10.3.3: the form pre-filled). */
static void editor_load(struct editor *ed, const struct network *n)
{
    const struct network_spec *s = &n->spec;

    editor_init(ed, s->type);
    ed->id = n->id;
    ed->version = s->version;
    ed->project_id = s->project_id;
    set_v(ed, V_NAME_EN, g_strdup(s->name_en ? s->name_en : ""));
    set_v(ed, V_NAME_ZH, g_strdup(s->name_zh ? s->name_zh : ""));
    set_v(ed, V_DESC, g_strdup(s->description ? s->description : ""));
    set_v(ed, V_BRIDGE, g_strdup(s->bridge ? s->bridge : ""));
    set_v(ed, V_MAC, g_strdup(s->mac ? s->mac : ""));
    set_v(ed, V_HOST, id_text(s->bound_host_id));
    set_v(ed, V_IPV6, g_strdup(s->ipv6 ? "1" : "0"));
    set_v(ed, V_STP, g_strdup(s->stp ? "1" : "0"));
    set_v(ed, V_DELAY, g_strdup_printf("%lld", (long long)s->delay_ms));
    set_v(ed, V_FWD, g_strdup(s->forward_dev ? s->forward_dev : ""));
    set_v(ed, V_SUBNET, id_text(s->subnet_id));
    set_v(ed, V_IN_AVG, num_text(s->bw.in_average));
    set_v(ed, V_IN_PEAK, num_text(s->bw.in_peak));
    set_v(ed, V_IN_BURST, num_text(s->bw.in_burst));
    set_v(ed, V_OUT_AVG, num_text(s->bw.out_average));
    set_v(ed, V_OUT_PEAK, num_text(s->bw.out_peak));
    set_v(ed, V_OUT_BURST, num_text(s->bw.out_burst));
    set_v(ed, V_TRUNK, g_strdup(s->vlan.trunk ? "1" : "0"));
    set_v(ed, V_IFACE_ID, g_strdup(s->interface_id ? s->interface_id : ""));
    set_v(ed, V_NAT_ADDR_START, g_strdup(s->nat_addr_start ? s->nat_addr_start : ""));
    set_v(ed, V_NAT_ADDR_END, g_strdup(s->nat_addr_end ? s->nat_addr_end : ""));
    set_v(ed, V_NAT_PORT_START,
          s->nat_port_start ? g_strdup_printf("%d", s->nat_port_start) : g_strdup(""));
    set_v(ed, V_NAT_PORT_END,
          s->nat_port_end ? g_strdup_printf("%d", s->nat_port_end) : g_strdup(""));
    if (s->nroutes)
        g_array_append_vals(ed->routes, s->routes, (guint)s->nroutes);
    for (int i = 0; i < s->nportgroups; i++) {
        struct network_portgroup pg = {.name = g_strdup(s->portgroups[i].name),
                                       .bw = s->portgroups[i].bw};

        copy_vlans(&pg.vlan, &s->portgroups[i].vlan);
        g_array_append_val(ed->pgs, pg);
    }
    copy_vlans(&ed->vlan, &s->vlan);
    for (int i = 0; i < s->nifaces; i++)
        g_ptr_array_add(ed->ifaces, g_strdup(s->ifaces[i]));
    for (int i = 0; i < V_COUNT; i++)
        ed->orig[i] = g_strdup(ed->v[i]);
    ed->orig_rows[0] = s->nroutes;
    ed->orig_rows[1] = s->nportgroups;
    ed->orig_rows[2] = s->vlan.n;
    ed->orig_rows[3] = s->nifaces;
}

/* The core's input of the draft with the texts t (the draft's, or a
 * panel's values put in). */
static void editor_input(const struct editor *ed, const char *const *t, struct network_input *in)
{
    *in = (struct network_input){
        .type = ed->type,
        .name_en = t[V_NAME_EN],
        .name_zh = t[V_NAME_ZH],
        .description = t[V_DESC],
        .bridge = t[V_BRIDGE],
        .mac = t[V_MAC],
        .bound_host = t[V_HOST],
        .ipv6 = t[V_IPV6],
        .stp = t[V_STP],
        .delay_ms = t[V_DELAY],
        .forward_dev = t[V_FWD],
        .subnet = t[V_SUBNET],
        .in_average = t[V_IN_AVG],
        .in_peak = t[V_IN_PEAK],
        .in_burst = t[V_IN_BURST],
        .out_average = t[V_OUT_AVG],
        .out_peak = t[V_OUT_PEAK],
        .out_burst = t[V_OUT_BURST],
        .vlan_trunk = t[V_TRUNK],
        .interface_id = t[V_IFACE_ID],
        .nat_addr_start = t[V_NAT_ADDR_START],
        .nat_addr_end = t[V_NAT_ADDR_END],
        .nat_port_start = t[V_NAT_PORT_START],
        .nat_port_end = t[V_NAT_PORT_END],
        .routes = (const struct network_route *)(const void *)ed->routes->data,
        .nroutes = (int)ed->routes->len,
        .portgroups = (const struct network_portgroup *)(const void *)ed->pgs->data,
        .nportgroups = (int)ed->pgs->len,
        .vlans = ed->vlan.v,
        .nvlans = ed->vlan.n,
        .ifaces = (const char *const *)ed->ifaces->pdata,
        .nifaces = (int)ed->ifaces->len,
        .project_id = ed->project_id,
        .version = ed->version,
    };
}

/* The draft as the core's spec, every rule that needs no other record
 * checked (network_check); *warning as network_check's. */
static bool editor_spec(const struct editor *ed, const char *const *t, struct network_spec *s,
                        char **warning, struct dv_error *err)
{
    struct network_input in;

    editor_input(ed, t, &in);
    memset(s, 0, sizeof(*s));
    return network_parse(&in, s, err) && network_check(s, warning, err);
}

/* The keys a form's editable fields set. */
static bool form_has_key(const struct fv_def *def, const char *key)
{
    for (int i = 0; key && i < def->nfields; i++)
        if (def->fields[i].kind != FV_READONLY && strcmp(def->fields[i].key, key) == 0)
            return true;
    return false;
}

/* OK of a panel's dialog: the draft with its values vals must pass the
 * core's rules about the panel's fields (a rule about another panel is
 * checked there, and again when the network is saved); then the values
 * go into the draft. */
static bool panel_apply(struct editor *ed, const struct fv_def *def, char **vals,
                        struct dv_error *err)
{
    const char *t[V_COUNT];
    struct network_spec s;
    bool ok;

    for (int i = 0; i < V_COUNT; i++)
        t[i] = ed->v[i];
    for (int i = 0; i < def->nfields; i++) {
        int k = v_index(def->fields[i].key);

        if (k >= 0 && def->fields[i].kind != FV_READONLY)
            t[k] = vals[i];
    }
    ok = editor_spec(ed, t, &s, NULL, err);
    network_spec_clear(&s);
    if (!ok && !form_has_key(def, err->field)) {
        dv_error_clear(err); /* another panel's rule: said there and at save */
        ok = true;
    }
    if (!ok)
        return false;
    for (int i = 0; i < def->nfields; i++) {
        int k = v_index(def->fields[i].key);

        if (k >= 0 && def->fields[i].kind != FV_READONLY && strcmp(ed->v[k], vals[i]) != 0) {
            set_v(ed, k, g_strdup(vals[i]));
            ed->changed = true;
        }
    }
    return true;
}

/* The initial values of a panel's dialog: the draft's. */
static char **panel_values(const struct editor *ed, const struct fv_def *def)
{
    char **v = g_new0(char *, def->nfields + 1);

    for (int i = 0; i < def->nfields; i++) {
        int k = v_index(def->fields[i].key);

        v[i] = g_strdup(k >= 0 ? ed->v[k] : "");
    }
    return v;
}

/* ---------------------------------------------------------------- pickers */

static bool pick_hosts(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return network_host_choices(app->db, out, err);
}

struct panel_ctx {
    struct editor *ed;
    const struct fv_def *def;
};

/* ctx: the panel dialog's (struct panel_ctx) */
static bool pick_subnets(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    const struct editor *ed = ((struct panel_ctx *)ctx)->ed;

    return network_subnet_choices(app->db, ed->project_id, ed->type, ed->id, out, err);
}

/* The read-only lines under the subnet picker (▼使用的子网详细信息):
 * address, netmask, gateway, the pool's ranges "a — b". */
static char **subnet_detail(struct app *app, void *ctx, const char *value)
{
    struct dv_error err = {0};
    struct subnet sn;
    gint64 id = g_ascii_strtoll(value ? value : "", NULL, 10);
    char **out = g_new0(char *, 5);
    GString *pool;

    if (id <= 0 || !subnet_get(app->db, id, &sn, &err)) {
        dv_error_clear(&err);
        return out;
    }
    pool = g_string_new(NULL);
    for (int i = 0; i < sn.nranges; i++)
        g_string_append_printf(pool, "%s%s — %s", i ? ", " : "", sn.ranges[i].start,
                               sn.ranges[i].end);
    out[0] = g_strdup(sn.address);
    out[1] = g_strdup(sn.netmask);
    out[2] = g_strdup(sn.gateway);
    out[3] = g_string_free(pool, FALSE);
    subnet_free(&sn);
    return out;
}

/* ---------------------------------------------------------------- panel forms */

static const char *const no_yes_labels[] = {N_("No"), N_("Yes"), NULL};
static const char *const no_yes_values[] = {"0", "1", NULL};

#define F_NAME_EN                                                                                  \
    {                                                                                              \
        .key = NWF_NAME_EN, .label = N_("Network English name"), .kind = FV_TEXT,                  \
        .required = true, .max = DV_NAME_MAX, .width = 30,                                         \
        .hint = N_("Unique in the system; only letters, digits, '-', '_' and '.'.")                \
    }
#define F_NAME_ZH                                                                                  \
    {                                                                                              \
        .key = NWF_NAME_ZH, .label = N_("Network Chinese name"), .kind = FV_TEXT,                  \
        .required = true, .max = DV_NAME_MAX, .width = 30,                                         \
        .hint = N_("The network's Chinese name, for recording and recognition.")                   \
    }
#define F_DESC                                                                                     \
    {                                                                                              \
        .key = NWF_DESCRIPTION, .label = N_("Network description"), .kind = FV_TEXT,               \
        .max = DV_DESC_MAX, .width = 40,                                                           \
        .hint = N_("A detailed note to help users understand the network.")                        \
    }

static const struct fv_field desc_fields[] = {F_NAME_EN, F_NAME_ZH, F_DESC};
static const struct fv_def desc_form = {.title = N_("Network description information"),
                                        .fields = desc_fields,
                                        .nfields = G_N_ELEMENTS(desc_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

/* modify: the English name is the network's name on its hosts */
static const struct fv_field desc_fields_modify[] = {
    {.key = NWF_NAME_EN, .label = N_("Network English name"), .kind = FV_READONLY, .width = 30},
    F_NAME_ZH,
    F_DESC};
static const struct fv_def desc_form_modify = {.title = N_("Network description information"),
                                               .fields = desc_fields_modify,
                                               .nfields = G_N_ELEMENTS(desc_fields_modify),
                                               .buttons = fv_ok_cancel,
                                               .layout = FV_COLUMN};

/* The basic panel's fields, one table per kind (M10.3.2.1 ... M10.3.2.6). */
#define F_BRIDGE(HINT)                                                                             \
    {                                                                                              \
        .key = NWF_BRIDGE, .label = N_("Bridge name"), .kind = FV_TEXT, .required = true,          \
        .max = NETWORK_BRIDGE_MAX, .width = 16, .hint = HINT                                       \
    }
#define F_BRIDGE_VIR F_BRIDGE(N_("Prefix 'vir' recommended; 'virbr0' is reserved for 'default'."))
#define F_MAC                                                                                      \
    {                                                                                              \
        .key = NWF_MAC, .label = N_("Bridge MAC address"), .kind = FV_TEXT, .max = 17,             \
        .width = 18, .hint = N_("Such as 00:16:3e:3e:a9:1a; best not set: one is generated.")      \
    }
#define F_HOST_REQUIRED                                                                            \
    {                                                                                              \
        .key = NWF_BOUND_HOST, .label = N_("Bind to host"), .kind = FV_PICK, .required = true,     \
        .hint = N_("This type of network must be bound to a host."), .pick = pick_hosts,           \
        .pick_empty = N_("There is no host to bind the network to.")                               \
    }
#define F_HOST_OPTIONAL(HINT)                                                                      \
    {                                                                                              \
        .key = NWF_BOUND_HOST, .label = N_("Bind to host"), .kind = FV_PICK, .hint = HINT,         \
        .pick = pick_hosts, .pick_none = N_("(none)")                                              \
    }
#define F_IPV6(HINT)                                                                               \
    {                                                                                              \
        .key = NWF_IPV6, .label = N_("Enable IPv6"), .kind = FV_CHOICE, .choices = no_yes_labels,  \
        .values = no_yes_values, .hint = HINT                                                      \
    }
#define F_STP                                                                                      \
    {                                                                                              \
        .key = NWF_STP, .label = N_("Enable STP"), .kind = FV_CHOICE, .choices = no_yes_labels,    \
        .values = no_yes_values, .hint = N_("Spanning tree protocol: removes loops; recommended.") \
    }
#define F_DELAY                                                                                    \
    {                                                                                              \
        .key = NWF_DELAY, .label = N_("Forward delay (ms)"), .kind = FV_TEXT, .max = 9,            \
        .width = 9, .hint = N_("The bridge's forward delay; best not set; default 0.")             \
    }
#define F_FWD(REQ, HINT)                                                                           \
    {                                                                                              \
        .key = NWF_FORWARD_DEV, .label = N_("Forward network interface"), .kind = FV_TEXT,         \
        .required = REQ, .max = NETWORK_BRIDGE_MAX, .width = 16, .hint = HINT                      \
    }
#define F_SUBNET(REQ, NONE)                                                                        \
    {                                                                                              \
        .key = NWF_SUBNET, .label = N_("Subnet used"), .kind = FV_PICK, .required = REQ,           \
        .hint = N_("A subnet used by another bridged network cannot be chosen."),                  \
        .pick = pick_subnets, .pick_none = NONE,                                                   \
        .pick_empty = N_("No subnet of the project can be used by this type of network."),         \
        .detail = subnet_detail                                                                    \
    }
#define F_SUBNET_DETAILS                                                                           \
    {.key = "subnet_address",                                                                      \
     .label = N_("Address of the subnet"),                                                         \
     .kind = FV_READONLY,                                                                          \
     .width = 40},                                                                                 \
        {.key = "subnet_netmask", .label = N_("Netmask"), .kind = FV_READONLY, .width = 40},       \
        {.key = "subnet_gateway",                                                                  \
         .label = N_("Gateway address"),                                                           \
         .kind = FV_READONLY,                                                                      \
         .width = 40},                                                                             \
    {                                                                                              \
        .key = "subnet_pool", .label = N_("Pool of the subnet"), .kind = FV_READONLY, .width = 40  \
    }

#define IPV6_INTERNAL N_("Support IPv6 addresses.")
#define IPV6_BRIDGED  N_("Support IPv6 addresses (no effect on bridged networks).")
#define HOST_BRIDGED  N_("Bridged networks can span hosts, so it is recommended not to bind.")

static const struct fv_field basic_isolated[] = {
    F_BRIDGE_VIR,
    F_MAC,
    F_HOST_REQUIRED,
    F_IPV6(IPV6_INTERNAL),
    F_STP,
    F_DELAY,
    F_SUBNET(false, N_("(none)")),
    F_SUBNET_DETAILS,
};
static const struct fv_field basic_nat[] = {
    F_BRIDGE_VIR,
    F_MAC,
    F_HOST_REQUIRED,
    F_IPV6(IPV6_INTERNAL),
    F_STP,
    F_FWD(false, N_("The device used after NAT, such as eth0; empty: any.")),
    F_DELAY,
    F_SUBNET(true, NULL),
    F_SUBNET_DETAILS,
};
static const struct fv_field basic_routed[] = {
    F_BRIDGE_VIR,
    F_MAC,
    F_HOST_REQUIRED,
    F_IPV6(IPV6_INTERNAL),
    F_STP,
    F_FWD(false, N_("The interface packets leave by, without NAT; empty: any.")),
    F_DELAY,
    F_SUBNET(true, NULL),
    F_SUBNET_DETAILS,
};
static const struct fv_field basic_bridge[] = {
    F_BRIDGE(N_("Prefix 'linux-' recommended, such as linux-br0.")),
    F_HOST_OPTIONAL(HOST_BRIDGED),
    F_IPV6(IPV6_BRIDGED),
    F_STP,
    F_FWD(true, N_("The host's physical interface for the bridge; the host loses it.")),
    F_DELAY,
    F_SUBNET(false, N_("(none)")),
    F_SUBNET_DETAILS,
};
static const struct fv_field basic_ovs[] = {
    F_BRIDGE(N_("Prefix 'ovs-' recommended, such as ovs-br0.")),
    F_HOST_OPTIONAL(N_("OVS networks can span hosts; binding is not recommended.")),
    F_IPV6(IPV6_BRIDGED),
    F_STP,
    F_FWD(true, N_("The host's physical interface for the bridge; the host loses it.")),
    F_DELAY,
    F_SUBNET(false, N_("(none)")),
    F_SUBNET_DETAILS,
};
static const struct fv_field basic_macvtap[] = {
    F_HOST_OPTIONAL(N_("Must be bound when a given host's interfaces are used.")),
    F_IPV6(IPV6_BRIDGED),
};

#define BASIC_FORM(FIELDS)                                                                         \
    {                                                                                              \
        .title = N_("Network basic information"), .fields = FIELDS,                                \
        .nfields = G_N_ELEMENTS(FIELDS), .buttons = fv_ok_cancel, .layout = FV_COLUMN              \
    }

static const struct fv_def basic_forms[NETWORK_TYPE_COUNT] = {
    [NETWORK_ISOLATED] = BASIC_FORM(basic_isolated), [NETWORK_NAT] = BASIC_FORM(basic_nat),
    [NETWORK_ROUTED] = BASIC_FORM(basic_routed),     [NETWORK_BRIDGE] = BASIC_FORM(basic_bridge),
    [NETWORK_OVS] = BASIC_FORM(basic_ovs),           [NETWORK_MACVTAP] = BASIC_FORM(basic_macvtap),
};

/* Bandwidth (网络流量限制, and the port groups' limits). */
#define F_BW(KEY, LABEL, HINT)                                                                     \
    {                                                                                              \
        .key = KEY, .label = LABEL, .kind = FV_TEXT, .max = 10, .width = 10, .hint = HINT          \
    }
#define AVG_HINT   N_("The average rate; needed when peak or burst is set.")
#define PEAK_HINT  N_("The most the bridge can send; ignored for outbound.")
#define BURST_HINT N_("The most KiB one burst at peak speed may carry.")
#define F_BANDWIDTH                                                                                \
    F_BW(NWF_IN_AVERAGE, N_("Inbound average (kb/s)"), AVG_HINT),                                  \
        F_BW(NWF_IN_PEAK, N_("Inbound peak (kb/s)"), PEAK_HINT),                                   \
        F_BW(NWF_IN_BURST, N_("Inbound burst (KiB)"), BURST_HINT),                                 \
        F_BW(NWF_OUT_AVERAGE, N_("Outbound average (kb/s)"), AVG_HINT),                            \
        F_BW(NWF_OUT_PEAK, N_("Outbound peak (kb/s)"), PEAK_HINT),                                 \
        F_BW(NWF_OUT_BURST, N_("Outbound burst (KiB)"), BURST_HINT)

static const struct fv_field bw_fields[] = {F_BANDWIDTH};
static const struct fv_def bw_form = {.title = N_("Network bandwidth limits"),
                                      .fields = bw_fields,
                                      .nfields = G_N_ELEMENTS(bw_fields),
                                      .buttons = fv_ok_cancel,
                                      .layout = FV_COLUMN};

/* ---------------------------------------------------------------- summaries */

static const char *choice_label_of(const struct choice_list *l, const char *value)
{
    gint64 id = g_ascii_strtoll(value ? value : "", NULL, 10);

    for (int i = 0; id > 0 && i < l->n; i++)
        if (l->v[i].id == id)
            return l->v[i].label;
    return NULL;
}

/* "5000/7000/3000" of one direction, "-" for an unset value */
static void bw_dir(GString *s, const char *avg, const char *peak, const char *burst)
{
    g_string_append_printf(s, "%s/%s/%s", *avg ? avg : "-", *peak ? peak : "-",
                           *burst ? burst : "-");
}

static char *bw_text(const char *const *t)
{
    GString *s;

    if (!*t[0] && !*t[1] && !*t[2] && !*t[3] && !*t[4] && !*t[5])
        return g_strdup(_("No limit"));
    s = g_string_new(_("Inbound"));
    g_string_append_c(s, ' ');
    bw_dir(s, t[0], t[1], t[2]);
    g_string_append_printf(s, ", %s ", _("Outbound"));
    bw_dir(s, t[3], t[4], t[5]);
    return g_string_free(s, FALSE);
}

static char *bw_num_text(const struct network_bandwidth *b)
{
    char *t[6] = {num_text(b->in_average),  num_text(b->in_peak),  num_text(b->in_burst),
                  num_text(b->out_average), num_text(b->out_peak), num_text(b->out_burst)};
    char *s = bw_text((const char *const *)t);

    for (int i = 0; i < 6; i++)
        g_free(t[i]);
    return s;
}

static const char *native_text(enum network_native n)
{
    return n == NETWORK_NATIVE_TAGGED     ? "tagged"
           : n == NETWORK_NATIVE_UNTAGGED ? "untagged"
                                          : "none";
}

static char *vlans_text(const struct network_vlans *vl, bool trunk)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < vl->n; i++)
        g_string_append_printf(s, "%s%d %s", i ? ", " : "", vl->v[i].tag,
                               native_text(vl->v[i].native));
    if (!vl->n)
        g_string_append(s, _("No VLAN"));
    if (trunk)
        g_string_append(s, "; trunk");
    return g_string_free(s, FALSE);
}

/* ---------------------------------------------------------------- the panels */

enum panel { P_DESC, P_BASIC, P_BANDWIDTH, P_ROUTES, P_PORTGROUPS, P_NAT, P_VLAN, P_IFACES, P_END };

static const char *const panel_labels[P_END] = {
    [P_DESC] = N_("Network description information"),
    [P_BASIC] = N_("Network basic information"),
    [P_BANDWIDTH] = N_("Network bandwidth limits"),
    [P_ROUTES] = N_("Static route configuration"),
    [P_PORTGROUPS] = N_("Port group configuration"),
    [P_NAT] = N_("NAT forwarding configuration"),
    [P_VLAN] = N_("Network VLAN configuration"),
    [P_IFACES] = N_("Forward network interface table"),
};

/* Table 10-1: the panels of each kind (OP-18: no port groups for macvtap,
 * whose basic panel has the forward interface table). */
#define PANELS_MAX 7
static const enum panel type_panels[NETWORK_TYPE_COUNT][PANELS_MAX] = {
    [NETWORK_ISOLATED] = {P_DESC, P_BASIC, P_BANDWIDTH, P_ROUTES, P_PORTGROUPS, P_END},
    [NETWORK_NAT] = {P_DESC, P_BASIC, P_BANDWIDTH, P_ROUTES, P_PORTGROUPS, P_NAT, P_END},
    [NETWORK_ROUTED] = {P_DESC, P_BASIC, P_BANDWIDTH, P_ROUTES, P_PORTGROUPS, P_END},
    [NETWORK_BRIDGE] = {P_DESC, P_BASIC, P_PORTGROUPS, P_END},
    [NETWORK_OVS] = {P_DESC, P_BASIC, P_PORTGROUPS, P_VLAN, P_END},
    [NETWORK_MACVTAP] = {P_DESC, P_BASIC, P_IFACES, P_END},
};

static char *panel_summary(const struct editor *ed, enum panel p)
{
    GString *s;
    const char *l;

    switch (p) {
    case P_DESC:
        return g_strdup_printf("%s / %s", ed->v[V_NAME_EN], ed->v[V_NAME_ZH]);
    case P_BASIC:
        s = g_string_new(NULL);
        if (*ed->v[V_BRIDGE])
            g_string_append_printf(s, "%s: %s; ", _("Bridge name"), ed->v[V_BRIDGE]);
        l = choice_label_of(&ed->hosts, ed->v[V_HOST]);
        g_string_append_printf(s, "%s: %s", _("Host"), l ? l : _("(none)"));
        if (*ed->v[V_FWD])
            g_string_append_printf(s, "; %s: %s", _("Forward network interface"), ed->v[V_FWD]);
        if (ed->type != NETWORK_MACVTAP) {
            l = choice_label_of(&ed->subnets, ed->v[V_SUBNET]);
            g_string_append_printf(s, "; %s: %s", _("Subnet used"), l ? l : _("(none)"));
        }
        return g_string_free(s, FALSE);
    case P_BANDWIDTH:
        return bw_text((const char *const *)&ed->v[V_IN_AVG]);
    case P_ROUTES:
        return g_strdup_printf(_("Static routes: %d"), (int)ed->routes->len);
    case P_PORTGROUPS:
        s = g_string_new(NULL);
        for (guint i = 0; i < ed->pgs->len; i++)
            g_string_append_printf(s, "%s%s", i ? ", " : "",
                                   g_array_index(ed->pgs, struct network_portgroup, i).name);
        if (!ed->pgs->len)
            g_string_append(s, _("No port group"));
        return g_string_free(s, FALSE);
    case P_NAT:
        s = g_string_new(NULL);
        if (*ed->v[V_NAT_ADDR_START])
            g_string_append_printf(s, "%s %s — %s", _("Address range"), ed->v[V_NAT_ADDR_START],
                                   ed->v[V_NAT_ADDR_END]);
        if (*ed->v[V_NAT_PORT_START])
            g_string_append_printf(s, "%s%s %s — %s", s->len ? "; " : "", _("Port range"),
                                   ed->v[V_NAT_PORT_START], ed->v[V_NAT_PORT_END]);
        if (!s->len)
            g_string_append(s, _("All addresses and ports allowed"));
        return g_string_free(s, FALSE);
    case P_VLAN:
        return vlans_text(&ed->vlan, strcmp(ed->v[V_TRUNK], "1") == 0);
    case P_IFACES:
        s = g_string_new(NULL);
        for (guint i = 0; i < ed->ifaces->len; i++)
            g_string_append_printf(s, "%s%s", i ? "," : "", (char *)ed->ifaces->pdata[i]);
        if (!ed->ifaces->len)
            g_string_append(s, _("No interface"));
        return g_string_free(s, FALSE);
    case P_END:
        break;
    }
    return g_strdup("");
}

/* ---------------------------------------------------------------- sub-pages */

/* A sub-page's context: the draft and, for a port group's VLAN page, the
 * port group (-1: the network's own VLAN table). */
struct sub {
    struct editor *ed;
    int pg;
};

static struct editor *sub_ed(struct list_page *lp)
{
    return ((struct sub *)list_ctx(lp))->ed;
}

/* Delete the selected row of a draft table after the confirmation (C7). */
static bool confirm_row_delete(struct app *app, const char *title)
{
    return dialog_confirm(app, title, _("Delete the selected row from the table?"));
}

/* ---- M10.3.2.1a static routes */

static const struct list_column route_columns[] = {
    {.header = N_("IP version"), .min_width = 4},
    {.header = N_("Network address"), .min_width = 10, .weight = 2},
    {.header = N_("Netmask (prefix)"), .min_width = 4, .align = LA_RIGHT},
    {.header = N_("Gateway address"), .min_width = 10, .weight = 2},
};

static bool fetch_routes(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                         struct list_rows *out, struct dv_error *err)
{
    const struct editor *ed = ((struct sub *)ctx)->ed;

    out->total = ed->routes->len;
    for (int64_t i = offset; i < (int64_t)ed->routes->len && i < offset + limit; i++) {
        const struct network_route *r = &g_array_index(ed->routes, struct network_route, i);

        list_rows_add(out, i, 4, g_strdup(r->family == 6 ? "ipv6" : "ipv4"), g_strdup(r->address),
                      g_strdup_printf("%d", r->prefix), g_strdup(r->gateway));
    }
    return true;
}

static const char *const family_choices[] = {"ipv4", "ipv6", NULL};

static const struct fv_field route_fields[] = {
    {.key = NWF_ROUTE_FAMILY,
     .label = N_("IP version"),
     .kind = FV_CHOICE,
     .required = true,
     .choices = family_choices,
     .values = family_choices,
     .hint = N_("Whether the addresses are IPv4 or IPv6.")},
    {.key = NWF_ROUTE_ADDRESS,
     .label = N_("Network address"),
     .kind = FV_TEXT,
     .required = true,
     .max = NETWORK_ADDR_MAX,
     .width = 24,
     .hint = N_("The target host or IP network to reach.")},
    {.key = NWF_ROUTE_PREFIX,
     .label = N_("Netmask (prefix)"),
     .kind = FV_TEXT,
     .required = true,
     .max = 3,
     .width = 4,
     .hint = N_("The prefix as a number: IPv4 at most 32, IPv6 at most 128.")},
    {.key = NWF_ROUTE_GATEWAY,
     .label = N_("Gateway address"),
     .kind = FV_TEXT,
     .required = true,
     .max = NETWORK_ADDR_MAX,
     .width = 24,
     .hint = N_("The next-hop router's entry address.")},
};
static const struct fv_def route_form = {.title = N_("Add route"),
                                         .fields = route_fields,
                                         .nfields = G_N_ELEMENTS(route_fields),
                                         .buttons = fv_ok_cancel,
                                         .layout = FV_COLUMN};

static bool submit_route(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct editor *ed = ctx;
    struct network_route r;

    if (!network_route_parse(v[0], v[1], v[2], v[3],
                             (const struct network_route *)(const void *)ed->routes->data,
                             (int)ed->routes->len, &r, err))
        return false;
    g_array_append_val(ed->routes, r);
    ed->changed = true;
    return true;
}

static int act_route_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &route_form, NULL, submit_route, sub_ed(lp)))
        app_status(app, STATUS_OK, "%s", _("The route was added to the table."));
    return UI_RELOAD;
}

static int act_route_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = sub_ed(lp);

    if (!confirm_row_delete(app, _("Static route configuration")))
        return UI_REDRAW;
    if (row->id < (int64_t)ed->routes->len) {
        g_array_remove_index(ed->routes, (guint)row->id);
        ed->changed = true;
    }
    return UI_RELOAD;
}

static const struct list_action route_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_route_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_route_delete},
};

static const struct list_def routes_list = {
    .title = N_("Static route configuration"),
    .columns = route_columns,
    .ncolumns = G_N_ELEMENTS(route_columns),
    .actions = route_actions,
    .nactions = G_N_ELEMENTS(route_actions),
    .fetch = fetch_routes,
};

/* ---- M10.3.2.5b/c VLAN tags: the network's (OVS) or a port group's */

static struct network_vlans *sub_vlans(struct sub *sb)
{
    if (sb->pg < 0)
        return &sb->ed->vlan;
    return &g_array_index(sb->ed->pgs, struct network_portgroup, sb->pg).vlan;
}

static const struct list_column vlan_columns[] = {
    {.header = N_("tagID"), .min_width = 5, .align = LA_RIGHT},
    {.header = N_("nativeMode"), .min_width = 8, .weight = 1},
};

static bool fetch_vlans(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                        struct list_rows *out, struct dv_error *err)
{
    struct sub *sb = ctx;
    const struct network_vlans *vl = sub_vlans(sb);
    bool trunk = sb->pg < 0 ? strcmp(sb->ed->v[V_TRUNK], "1") == 0 : vl->trunk;
    const char *iid = sb->pg < 0 ? sb->ed->v[V_IFACE_ID] : "";

    out->total = vl->n;
    for (int64_t i = offset; i < vl->n && i < offset + limit; i++)
        list_rows_add(out, i, 2, g_strdup_printf("%d", vl->v[i].tag),
                      g_strdup(native_text(vl->v[i].native)));
    /* the OVS VLAN switch note (M10.3.2.5), then the settings */
    list_rows_set_notice(out, g_strdup_printf("%s%s%s%s", _("Switches must support VLAN."),
                                              trunk ? " [trunk]" : "", *iid ? " interfaceid=" : "",
                                              iid));
    return true;
}

static const char *const native_labels[] = {"none", "tagged", "untagged", NULL};

static const struct fv_field vlan_fields[] = {
    {.key = NWF_VLAN_TAG,
     .label = N_("tagID"),
     .kind = FV_TEXT,
     .required = true,
     .max = 4,
     .width = 5,
     .hint = N_("The VLAN's unique identifier, a decimal number 0-4095.")},
    {.key = NWF_VLAN_NATIVE,
     .label = N_("nativeMode"),
     .kind = FV_CHOICE,
     .choices = native_labels,
     .values = native_labels,
     .hint = N_("tagged or untagged; none: not set. One untagged VLAN at most.")},
};
static const struct fv_def vlan_form = {.title = N_("Add VLAN configuration"),
                                        .fields = vlan_fields,
                                        .nfields = G_N_ELEMENTS(vlan_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

static bool submit_vlan(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct sub *sb = ctx;
    struct network_vlans *vl = sub_vlans(sb);
    struct network_vlan t;

    if (!network_vlan_parse(v[0], v[1], vl->v, vl->n, &t, err))
        return false;
    vl->v = g_renew(struct network_vlan, vl->v, vl->n + 1);
    vl->v[vl->n++] = t;
    sb->ed->changed = true;
    return true;
}

static int act_vlan_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &vlan_form, NULL, submit_vlan, list_ctx(lp)))
        app_status(app, STATUS_OK, "%s", _("The VLAN was added to the table."));
    return UI_RELOAD;
}

static int act_vlan_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct sub *sb = list_ctx(lp);
    struct network_vlans *vl = sub_vlans(sb);

    if (!confirm_row_delete(app, _("Network VLAN configuration")))
        return UI_REDRAW;
    if (row->id < vl->n) {
        memmove(&vl->v[row->id], &vl->v[row->id + 1],
                sizeof(*vl->v) * (size_t)(vl->n - row->id - 1));
        vl->n--;
        sb->ed->changed = true;
    }
    return UI_RELOAD;
}

/* M10.3.2.5b: the network's interfaceid and trunk; a port group's trunk */
static const struct fv_field trunk_field = {
    .key = NWF_VLAN_TRUNK,
    .label = N_("trunk"),
    .kind = FV_CHOICE,
    .choices = no_yes_labels,
    .values = no_yes_values,
    .hint = N_("A trunk port carries several VLANs; set when needed.")};
static const struct fv_field vlan_settings_fields[] = {
    {.key = NWF_INTERFACE_ID,
     .label = N_("interfaceid"),
     .kind = FV_TEXT,
     .max = 36,
     .width = 37,
     .hint = N_("The VM interface's UUID; normally empty: one is generated.")},
    {.key = NWF_VLAN_TRUNK,
     .label = N_("trunk"),
     .kind = FV_CHOICE,
     .choices = no_yes_labels,
     .values = no_yes_values,
     .hint = N_("A trunk port carries several VLANs; set when needed.")},
};
static const struct fv_def vlan_settings_form = {.title = N_("Network VLAN configuration"),
                                                 .fields = vlan_settings_fields,
                                                 .nfields = G_N_ELEMENTS(vlan_settings_fields),
                                                 .buttons = fv_ok_cancel,
                                                 .layout = FV_COLUMN};
static const struct fv_def pg_trunk_form = {.title = N_("Network VLAN configuration"),
                                            .fields = &trunk_field,
                                            .nfields = 1,
                                            .buttons = fv_ok_cancel,
                                            .layout = FV_COLUMN};

static bool submit_vlan_settings(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    return panel_apply(((struct sub *)ctx)->ed, &vlan_settings_form, v, err);
}

static bool submit_pg_trunk(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct sub *sb = ctx;
    struct network_vlans *vl = sub_vlans(sb);

    vl->trunk = strcmp(v[0], "1") == 0;
    sb->ed->changed = true;
    return true;
}

static int act_vlan_settings(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct sub *sb = list_ctx(lp);

    if (sb->pg < 0) {
        char **init = panel_values(sb->ed, &vlan_settings_form);

        dialog_form(app, &vlan_settings_form, init, submit_vlan_settings, sb);
        g_strfreev(init);
    } else {
        char *init[] = {sub_vlans(sb)->trunk ? "1" : "0", NULL};

        dialog_form(app, &pg_trunk_form, init, submit_pg_trunk, sb);
    }
    return UI_RELOAD;
}

static const struct list_action vlan_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_vlan_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_vlan_delete},
    {.key = 's', .label = N_("Interface ID and trunk"), .run = act_vlan_settings},
};

static const struct list_def vlans_list = {
    .title = N_("Network VLAN configuration"),
    .columns = vlan_columns,
    .ncolumns = G_N_ELEMENTS(vlan_columns),
    .actions = vlan_actions,
    .nactions = G_N_ELEMENTS(vlan_actions),
    .fetch = fetch_vlans,
};

/* a port group's VLAN page: its trunk, no interface ID */
static const struct list_action pg_vlan_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_vlan_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_vlan_delete},
    {.key = 's', .label = N_("trunk"), .run = act_vlan_settings},
};

static const struct list_def pg_vlans_list = {
    .title = N_("Port group VLAN configuration"),
    .columns = vlan_columns,
    .ncolumns = G_N_ELEMENTS(vlan_columns),
    .actions = pg_vlan_actions,
    .nactions = G_N_ELEMENTS(pg_vlan_actions),
    .fetch = fetch_vlans,
};

/* ---- M10.3.2.1b / M10.3.2.5a port groups */

static const struct list_column pg_columns[] = {
    {.header = N_("Name"), .min_width = 8, .weight = 1},
    {.header = N_("Bandwidth limit"), .min_width = 16, .weight = 3},
};
static const struct list_column pg_ovs_columns[] = {
    {.header = N_("Name"), .min_width = 8, .weight = 1},
    {.header = N_("Bandwidth limit"), .min_width = 16, .weight = 3},
    {.header = N_("VLAN configuration"), .min_width = 8, .weight = 2},
};

static bool fetch_pgs(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                      struct list_rows *out, struct dv_error *err)
{
    const struct editor *ed = ((struct sub *)ctx)->ed;
    bool ovs = ed->type == NETWORK_OVS;

    out->total = ed->pgs->len;
    for (int64_t i = offset; i < (int64_t)ed->pgs->len && i < offset + limit; i++) {
        const struct network_portgroup *pg = &g_array_index(ed->pgs, struct network_portgroup, i);

        if (ovs)
            list_rows_add(out, i, 3, g_strdup(pg->name), bw_num_text(&pg->bw),
                          vlans_text(&pg->vlan, pg->vlan.trunk));
        else
            list_rows_add(out, i, 2, g_strdup(pg->name), bw_num_text(&pg->bw));
    }
    if (ed->pgs->len)
        list_rows_set_notice(out, g_strdup(_("The first port group is the default.")));
    return true;
}

#define F_PG_NAME                                                                                  \
    {                                                                                              \
        .key = NWF_PG_NAME, .label = N_("Name"), .kind = FV_TEXT, .required = true,                \
        .max = DV_NAME_MAX, .width = 24,                                                           \
        .hint = N_("The port group's unique identifier in the network.")                           \
    }

static const struct fv_field pg_fields[] = {F_PG_NAME, F_BANDWIDTH};
static const struct fv_def pg_form = {.title = N_("Add port group"),
                                      .fields = pg_fields,
                                      .nfields = G_N_ELEMENTS(pg_fields),
                                      .buttons = fv_ok_cancel,
                                      .layout = FV_COLUMN};
/* OVS: the bridge port's VLAN settings too (its tags on the group's VLAN page) */
static const struct fv_field pg_ovs_fields[] = {
    F_PG_NAME,
    F_BANDWIDTH,
    {.key = NWF_VLAN_TRUNK,
     .label = N_("trunk"),
     .kind = FV_CHOICE,
     .choices = no_yes_labels,
     .values = no_yes_values,
     .hint = N_("A trunk port carries several VLANs; the tags: v on the list.")},
};
static const struct fv_def pg_ovs_form = {.title = N_("Add port group"),
                                          .fields = pg_ovs_fields,
                                          .nfields = G_N_ELEMENTS(pg_ovs_fields),
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN};

static bool submit_pg(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct editor *ed = ctx;
    struct network_portgroup pg = {0};

    if (!network_portgroup_parse(v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                                 ed->type == NETWORK_OVS ? v[7] : "", NULL, 0,
                                 (const struct network_portgroup *)(const void *)ed->pgs->data,
                                 (int)ed->pgs->len, &pg, err)) {
        network_portgroup_clear(&pg);
        return false;
    }
    g_array_append_val(ed->pgs, pg);
    ed->changed = true;
    return true;
}

static int act_pg_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = sub_ed(lp);

    if (dialog_form(app, ed->type == NETWORK_OVS ? &pg_ovs_form : &pg_form, NULL, submit_pg, ed))
        app_status(app, STATUS_OK, "%s", _("The port group was added to the table."));
    return UI_RELOAD;
}

static int act_pg_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = sub_ed(lp);

    if (!confirm_row_delete(app, _("Port group configuration")))
        return UI_REDRAW;
    if (row->id < (int64_t)ed->pgs->len) {
        g_array_remove_index(ed->pgs, (guint)row->id);
        ed->changed = true;
    }
    return UI_RELOAD;
}

static int act_pg_vlans(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct sub sb = {sub_ed(lp), (int)row->id};

    list_run_modal(app, &pg_vlans_list, &sb);
    return UI_RELOAD;
}

static const struct list_action pg_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_pg_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_pg_delete},
};
static const struct list_action pg_ovs_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_pg_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_pg_delete},
    {.key = 'v', .label = N_("VLAN configuration"), .needs = LN_ROW, .run = act_pg_vlans},
};

static const struct list_def pgs_list = {
    .title = N_("Port group configuration"),
    .columns = pg_columns,
    .ncolumns = G_N_ELEMENTS(pg_columns),
    .actions = pg_actions,
    .nactions = G_N_ELEMENTS(pg_actions),
    .fetch = fetch_pgs,
};
static const struct list_def pgs_ovs_list = {
    .title = N_("Port group configuration"),
    .columns = pg_ovs_columns,
    .ncolumns = G_N_ELEMENTS(pg_ovs_columns),
    .actions = pg_ovs_actions,
    .nactions = G_N_ELEMENTS(pg_ovs_actions),
    .fetch = fetch_pgs,
};

/* ---- M10.3.2.2a/b the NAT ranges: one of each (OP-25) */

enum { NS_NONE, NS_ADDR, NS_PORT, NS_BOTH, NS_COUNT };

static const char *const nat_reasons[NS_COUNT] = {
    [NS_ADDR] = N_("The address range table has its one row; delete it first."),
    [NS_PORT] = N_("The port range table has its one row; delete it first."),
    [NS_BOTH] = N_("Each range table has its one row; delete one first."),
};

static unsigned nat_state(void *ctx, const struct list_row *row)
{
    const struct editor *ed = ((struct sub *)ctx)->ed;
    bool a = *ed->v[V_NAT_ADDR_START], p = *ed->v[V_NAT_PORT_START];

    return LIST_STATE(a && p ? NS_BOTH : a ? NS_ADDR : p ? NS_PORT : NS_NONE);
}

static const struct list_states nat_states = {
    .of = nat_state, .reasons = nat_reasons, .n = NS_COUNT};

static const struct list_column nat_columns[] = {
    {.header = N_("Forwarding range"), .min_width = 8, .weight = 1},
    {.header = N_("Start of the range"), .min_width = 8, .weight = 2},
    {.header = N_("End of the range"), .min_width = 8, .weight = 2},
};

enum { NAT_ROW_ADDR = 1, NAT_ROW_PORT = 2 };

static bool fetch_nat(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                      struct list_rows *out, struct dv_error *err)
{
    const struct editor *ed = ((struct sub *)ctx)->ed;

    if (*ed->v[V_NAT_ADDR_START])
        list_rows_add(out, NAT_ROW_ADDR, 3, g_strdup(_("Address range")),
                      g_strdup(ed->v[V_NAT_ADDR_START]), g_strdup(ed->v[V_NAT_ADDR_END]));
    if (*ed->v[V_NAT_PORT_START])
        list_rows_add(out, NAT_ROW_PORT, 3, g_strdup(_("Port range")),
                      g_strdup(ed->v[V_NAT_PORT_START]), g_strdup(ed->v[V_NAT_PORT_END]));
    out->total = out->n;
    list_rows_set_notice(out, g_strdup(_("Without a range all addresses and ports are allowed.")));
    return true;
}

static const struct fv_field nat_addr_fields[] = {
    {.key = NWF_NAT_ADDR_START,
     .label = N_("Start address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 15,
     .width = 16,
     .hint = N_("Public IPv4 addresses allowed; one address: start = end.")},
    {.key = NWF_NAT_ADDR_END,
     .label = N_("End address"),
     .kind = FV_TEXT,
     .required = true,
     .max = 15,
     .width = 16,
     .hint = N_("Public IPv4 addresses allowed; one address: start = end.")},
};
static const struct fv_def nat_addr_form = {.title = N_("Add network forwarding address range"),
                                            .fields = nat_addr_fields,
                                            .nfields = G_N_ELEMENTS(nat_addr_fields),
                                            .buttons = fv_ok_cancel,
                                            .layout = FV_COLUMN};
static const struct fv_field nat_port_fields[] = {
    {.key = NWF_NAT_PORT_START,
     .label = N_("Start port"),
     .kind = FV_TEXT,
     .required = true,
     .max = 5,
     .width = 6,
     .hint = N_("1-65535; libvirt uses the range for the NAT source ports.")},
    {.key = NWF_NAT_PORT_END,
     .label = N_("End port"),
     .kind = FV_TEXT,
     .required = true,
     .max = 5,
     .width = 6,
     .hint = N_("1-65535; libvirt uses the range for the NAT source ports.")},
};
static const struct fv_def nat_port_form = {.title = N_("Add network forwarding port range"),
                                            .fields = nat_port_fields,
                                            .nfields = G_N_ELEMENTS(nat_port_fields),
                                            .buttons = fv_ok_cancel,
                                            .layout = FV_COLUMN};

static bool submit_nat_addr(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct editor *ed = ctx;

    if (!network_nat_addr_parse(v[0], v[1], *ed->v[V_NAT_ADDR_START] ? 1 : 0, err))
        return false;
    set_v(ed, V_NAT_ADDR_START, g_strdup(v[0]));
    set_v(ed, V_NAT_ADDR_END, g_strdup(v[1]));
    ed->changed = true;
    return true;
}

static bool submit_nat_port(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct editor *ed = ctx;
    int start, end;

    if (!network_nat_port_parse(v[0], v[1], *ed->v[V_NAT_PORT_START] ? 1 : 0, &start, &end, err))
        return false;
    set_v(ed, V_NAT_PORT_START, g_strdup_printf("%d", start));
    set_v(ed, V_NAT_PORT_END, g_strdup_printf("%d", end));
    ed->changed = true;
    return true;
}

static int act_nat_addr(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &nat_addr_form, NULL, submit_nat_addr, sub_ed(lp)))
        app_status(app, STATUS_OK, "%s", _("The address range was added to the table."));
    return UI_RELOAD;
}

static int act_nat_port(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &nat_port_form, NULL, submit_nat_port, sub_ed(lp)))
        app_status(app, STATUS_OK, "%s", _("The port range was added to the table."));
    return UI_RELOAD;
}

static int act_nat_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = sub_ed(lp);
    int first = row->id == NAT_ROW_ADDR ? V_NAT_ADDR_START : V_NAT_PORT_START;

    if (!confirm_row_delete(app, _("NAT forwarding configuration")))
        return UI_REDRAW;
    set_v(ed, first, g_strdup(""));
    set_v(ed, first + 1, g_strdup(""));
    ed->changed = true;
    return UI_RELOAD;
}

static const struct list_action nat_actions[] = {
    {.key = 'a',
     .label = N_("Add address range"),
     .needs = LN_STATE,
     .states = LIST_STATE(NS_NONE) | LIST_STATE(NS_PORT),
     .run = act_nat_addr},
    {.key = 'p',
     .label = N_("Add port range"),
     .needs = LN_STATE,
     .states = LIST_STATE(NS_NONE) | LIST_STATE(NS_ADDR),
     .run = act_nat_port},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_nat_delete},
};

static const struct list_def nat_list = {
    .title = N_("NAT forwarding configuration"),
    .columns = nat_columns,
    .ncolumns = G_N_ELEMENTS(nat_columns),
    .actions = nat_actions,
    .nactions = G_N_ELEMENTS(nat_actions),
    .fetch = fetch_nat,
    .states = &nat_states,
};

/* ---- M10.3.2.6a the macvtap forward interfaces */

static const struct list_column iface_columns[] = {
    {.header = N_("Network interface"), .min_width = 10, .weight = 1},
};

static bool fetch_ifaces(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                         struct list_rows *out, struct dv_error *err)
{
    const struct editor *ed = ((struct sub *)ctx)->ed;

    out->total = ed->ifaces->len;
    for (int64_t i = offset; i < (int64_t)ed->ifaces->len && i < offset + limit; i++)
        list_rows_add(out, i, 1, g_strdup(ed->ifaces->pdata[i]));
    list_rows_set_notice(out,
                         g_strdup(_("Several forward interfaces may be given; at least one.")));
    return true;
}

static const struct fv_field iface_fields[] = {
    {.key = NWF_IFACE,
     .label = N_("Network interface"),
     .kind = FV_TEXT,
     .required = true,
     .max = NETWORK_BRIDGE_MAX,
     .width = 16,
     .hint = N_("A host interface used for direct connection, such as eth0.")},
};
static const struct fv_def iface_form = {.title = N_("Add forward network interface"),
                                         .fields = iface_fields,
                                         .nfields = G_N_ELEMENTS(iface_fields),
                                         .buttons = fv_ok_cancel,
                                         .layout = FV_COLUMN};

static bool submit_iface(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct editor *ed = ctx;

    if (!network_iface_parse(v[0], (const char *const *)ed->ifaces->pdata, (int)ed->ifaces->len,
                             err))
        return false;
    g_ptr_array_add(ed->ifaces, g_strdup(v[0]));
    ed->changed = true;
    return true;
}

static int act_iface_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (dialog_form(app, &iface_form, NULL, submit_iface, sub_ed(lp)))
        app_status(app, STATUS_OK, "%s", _("The interface was added to the table."));
    return UI_RELOAD;
}

static int act_iface_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = sub_ed(lp);

    if (!confirm_row_delete(app, _("Forward network interface table")))
        return UI_REDRAW;
    if (row->id < (int64_t)ed->ifaces->len) {
        g_ptr_array_remove_index(ed->ifaces, (guint)row->id);
        ed->changed = true;
    }
    return UI_RELOAD;
}

static const struct list_action iface_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_iface_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_iface_delete},
};

static const struct list_def ifaces_list = {
    .title = N_("Forward network interface table"),
    .columns = iface_columns,
    .ncolumns = G_N_ELEMENTS(iface_columns),
    .actions = iface_actions,
    .nactions = G_N_ELEMENTS(iface_actions),
    .fetch = fetch_ifaces,
};

/* ---------------------------------------------------------------- the form page */

/* The panel form of p for the draft, or NULL for a sub-page. */
static const struct fv_def *panel_form(const struct editor *ed, enum panel p)
{
    switch (p) {
    case P_DESC:
        return ed->id ? &desc_form_modify : &desc_form;
    case P_BASIC:
        return &basic_forms[ed->type];
    case P_BANDWIDTH:
        return &bw_form;
    default:
        return NULL;
    }
}

static bool submit_panel(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct panel_ctx *pc = ctx;

    return panel_apply(pc->ed, pc->def, v, err);
}

/* Open panel p of the draft: its dialog (true when OK'd) or its sub-page. */
static bool open_panel(struct app *app, struct editor *ed, enum panel p)
{
    const struct fv_def *def = panel_form(ed, p);
    struct sub sb = {ed, -1};

    if (def) {
        struct panel_ctx pc = {ed, def};
        char **init = panel_values(ed, def);
        bool ok;

        /* the pickers read their choices with the dialog's context: the draft */
        ok = dialog_form(app, def, init, submit_panel, &pc);
        g_strfreev(init);
        return ok;
    }
    switch (p) {
    case P_ROUTES:
        list_run_modal(app, &routes_list, &sb);
        break;
    case P_PORTGROUPS:
        list_run_modal(app, ed->type == NETWORK_OVS ? &pgs_ovs_list : &pgs_list, &sb);
        break;
    case P_NAT:
        list_run_modal(app, &nat_list, &sb);
        break;
    case P_VLAN:
        list_run_modal(app, &vlans_list, &sb);
        break;
    case P_IFACES:
        list_run_modal(app, &ifaces_list, &sb);
        break;
    default:
        break;
    }
    return true;
}

static const struct list_column editor_columns[] = {
    {.header = N_("Configuration panel"), .min_width = 12, .weight = 1},
    {.header = N_("Panel settings"), .min_width = 20, .weight = 3},
};

static bool fetch_editor(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                         struct list_rows *out, struct dv_error *err)
{
    const struct editor *ed = ctx;
    const enum panel *p = type_panels[ed->type];

    for (int i = 0; p[i] != P_END; i++)
        if (i >= offset && i < offset + limit)
            list_rows_add(out, p[i], 2, g_strdup(_(panel_labels[p[i]])), panel_summary(ed, p[i]));
    for (out->total = 0; p[out->total] != P_END; out->total++)
        ;
    list_rows_set_notice(out,
                         g_strdup_printf(ed->changed ? _("%s '%s': not saved yet.") : _("%s '%s'."),
                                         network_type_label(ed->type), ed->v[V_NAME_EN]));
    return true;
}

static int act_panel(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = list_ctx(lp);

    open_panel(app, ed, (enum panel)row->id);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- F4 */

/* dosvmctl's words of the types (cli/ctl_net.c) */
static const char *const type_words[NETWORK_TYPE_COUNT] = {"isolated", "nat", "routed",
                                                           "bridge",   "ovs", "macvtap"};

/* The label of the entry of l whose id is the text id, or "" (none). */
static const char *label_of_id(const struct choice_list *l, const char *id)
{
    int64_t want = g_ascii_strtoll(id, NULL, 10);

    for (int i = 0; want > 0 && i < l->n; i++)
        if (l->v[i].id == want)
            return l->v[i].label;
    return "";
}

/* The tables as dosvmctl's options take them (g_free each). */
static char *routes_text(const struct editor *ed)
{
    GString *t = g_string_new(NULL);

    for (guint i = 0; i < ed->routes->len; i++) {
        const struct network_route *r = &g_array_index(ed->routes, struct network_route, i);

        g_string_append_printf(t, "%s%s/%d@%s", i ? "," : "", r->address, r->prefix, r->gateway);
    }
    return g_string_free(t, FALSE);
}

static char *pgs_text(const struct editor *ed)
{
    GString *t = g_string_new(NULL);

    for (guint i = 0; i < ed->pgs->len; i++) {
        const struct network_portgroup *pg = &g_array_index(ed->pgs, struct network_portgroup, i);
        const int64_t bw[6] = {pg->bw.in_average,  pg->bw.in_peak,  pg->bw.in_burst,
                               pg->bw.out_average, pg->bw.out_peak, pg->bw.out_burst};
        int last = -1;

        for (int k = 0; k < 6; k++)
            if (bw[k] != NETWORK_BW_UNSET)
                last = k;
        g_string_append_printf(t, "%s%s", i ? "," : "", pg->name);
        for (int k = 0; k <= last; k++) {
            g_string_append_c(t, ':');
            if (bw[k] != NETWORK_BW_UNSET)
                g_string_append_printf(t, "%lld", (long long)bw[k]);
        }
        if (pg->vlan.n || pg->vlan.trunk) /* OVS: /[trunk+]TAG[:NATIVE][+...] */
            g_string_append_printf(t, "/%s", pg->vlan.trunk ? "trunk" : "");
        for (int k = 0; k < pg->vlan.n; k++) {
            g_string_append_printf(t, "%s%d", k || pg->vlan.trunk ? "+" : "", pg->vlan.v[k].tag);
            if (pg->vlan.v[k].native != NETWORK_NATIVE_NONE)
                g_string_append_printf(t, ":%s", native_text(pg->vlan.v[k].native));
        }
    }
    return g_string_free(t, FALSE);
}

static char *vlans_cmd_text(const struct editor *ed)
{
    GString *t = g_string_new(NULL);

    for (int i = 0; i < ed->vlan.n; i++) {
        g_string_append_printf(t, "%s%d", i ? "," : "", ed->vlan.v[i].tag);
        if (ed->vlan.v[i].native != NETWORK_NATIVE_NONE)
            g_string_append_printf(t, ":%s", native_text(ed->vlan.v[i].native));
    }
    return g_string_free(t, FALSE);
}

/* F4 (issue 12): dosvmctl network add|modify of the saved draft; a modify
 * also gives what was cleared. */
static void editor_command(struct app *app, const struct editor *ed)
{
    GString *cmd = command_new(app->actor.account, "network", ed->id ? "modify" : "add");
    char *tables[4] = {routes_text(ed), pgs_text(ed), vlans_cmd_text(ed), NULL};
    static const char *const table_keys[4] = {NWF_ROUTES, NWF_PORTGROUPS, NWF_VLANS, NWF_IFACES};
    GString *ifaces = g_string_new(NULL);

    for (guint i = 0; i < ed->ifaces->len; i++)
        g_string_append_printf(ifaces, "%s%s", i ? "," : "",
                               (const char *)g_ptr_array_index(ed->ifaces, i));
    tables[3] = g_string_free(ifaces, FALSE);
    if (ed->id)
        command_option(cmd, "network", ed->v[V_NAME_EN]);
    else
        command_option(cmd, NWF_TYPE, type_words[ed->type]);
    for (int i = 0; i < V_COUNT; i++) {
        const char *v = ed->v[i], *was = ed->orig[i] ? ed->orig[i] : "";

        if (i == V_NAME_EN && ed->id)
            continue; /* read-only: it names the network */
        if (i == V_HOST || i == V_SUBNET) {
            const struct choice_list *l = i == V_HOST ? &ed->hosts : &ed->subnets;

            v = label_of_id(l, v);
            was = label_of_id(l, was);
        }
        if (*v || (ed->id && *was))
            command_option(cmd, v_keys[i], v);
    }
    for (int k = 0; k < 4; k++) {
        if (*tables[k] || (ed->id && ed->orig_rows[k]))
            command_option(cmd, table_keys[k], tables[k]);
        g_free(tables[k]);
    }
    app_set_command(app, cmd);
}

/* Save the draft: every rule again (the advice of network_check asked
 * about), then the core's add or modify job behind the progress dialog. */
static bool editor_save(struct app *app, struct editor *ed, struct dv_error *err)
{
    struct network_spec s;
    char *warning = NULL;
    struct job *job;
    bool ok = editor_spec(ed, (const char *const *)ed->v, &s, &warning, err);

    if (ok && warning) {
        char *q = g_strdup_printf("%s\n\n%s", warning, _("Save the network all the same?"));

        ok = dialog_confirm(app, ed->id ? _("Modify network") : _("Add network"), q);
        g_free(q);
        if (!ok)
            dv_error_clear(err);
    }
    g_free(warning);
    if (!ok) {
        network_spec_clear(&s);
        return false;
    }
    if (!ed->id) {
        job = network_add_start(app->db, &app->actor, &s, err);
        ok = progress_wait(app, job, _("Add network"),
                           _("Saving the network and defining it on its host..."), &ed->background,
                           err);
    } else {
        job = network_modify_start(app->db, &app->actor, ed->id, &s, err);
        if (job)
            job_ref(job);
        ok = progress_wait(app, job, _("Modify network"),
                           _("Saving the network and defining it again on its hosts..."),
                           &ed->background, err);
        if (ok && !ed->background && network_modify_notice(job))
            ed->notice = g_strdup(network_modify_notice(job));
        if (job)
            job_unref(job);
    }
    if (ok)
        editor_command(app, ed);
    network_spec_clear(&s);
    return ok;
}

static int act_save(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct editor *ed = list_ctx(lp);
    struct dv_error err = {0};

    if (!editor_save(app, ed, &err)) {
        if (err.msg[0]) {
            app_status_error(app, &err);
            dialog_message(app, ed->id ? _("Modify network") : _("Add network"), err.msg);
        }
        dv_error_clear(&err);
        return UI_RELOAD;
    }
    ed->saved = true;
    return UI_NAV; /* closes the form page */
}

static const struct list_action editor_actions[] = {
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_panel},
    {.key = 's', .label = N_("Save"), .run = act_save},
};

static const struct list_def editor_list = {
    .title = N_("Network configuration"),
    .columns = editor_columns,
    .ncolumns = G_N_ELEMENTS(editor_columns),
    .actions = editor_actions,
    .nactions = G_N_ELEMENTS(editor_actions),
    .fetch = fetch_editor,
};

/* The choices the summaries name. */
static void editor_choices(struct app *app, struct editor *ed)
{
    struct dv_error err = {0};

    if (!network_host_choices(app->db, &ed->hosts, &err))
        dv_error_clear(&err);
    if (!network_subnet_choices(app->db, ed->project_id, ed->type, ed->id, &ed->subnets, &err))
        dv_error_clear(&err);
}

/* Run the form page until the network is saved or the user leaves it
 * (asked first when something changed); true when saved. */
static bool editor_run(struct app *app, struct editor *ed)
{
    editor_choices(app, ed);
    app_status(app, STATUS_INFO, "%s", _("e modifies the selected panel; s saves the network."));
    for (;;) {
        list_run_modal(app, &editor_list, ed);
        if (ed->saved || !ed->changed || app_leaving(app))
            break;
        if (dialog_confirm(app, _("Network configuration"),
                           _("Leave without saving? The changes are lost.")))
            break;
    }
    return ed->saved;
}

/* ---------------------------------------------------------------- M10.3.1 the list */

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("English name"), .min_width = 8, .weight = 2},
    {.header = N_("Bridge name"), .min_width = 6, .weight = 1},
    {.header = N_("Bridge MAC address"), .min_width = 17, .hide_below = 120},
    {.header = N_("Host network interface"), .min_width = 4, .weight = 1},
    {.header = N_("Network type"), .min_width = 8, .weight = 1},
    {.header = N_("Bound host name"), .min_width = 6, .weight = 1},
    {.header = N_("Subnet gateway address"), .min_width = 8, .weight = 1, .hide_below = 100},
    {.header = N_("Subnet name"), .min_width = 8, .weight = 1},
};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct network_page page;
    int64_t project;

    if (!network_actor_project(app->db, &app->actor, 0, &project, err) ||
        !network_list(app->db, project, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        const struct network *n = &page.rows[i];
        const struct network_spec *s = &n->spec;

        list_rows_add(out, n->id, 9, g_strdup(s->name_zh), g_strdup(s->name_en),
                      g_strdup(s->bridge ? s->bridge : ""), g_strdup(s->mac ? s->mac : ""),
                      g_strdup(n->ifaces_text ? n->ifaces_text : ""),
                      g_strdup(network_type_label(s->type)),
                      g_strdup(n->bound_host ? n->bound_host : ""),
                      g_strdup(n->subnet_gateway ? n->subnet_gateway : ""),
                      g_strdup(n->subnet_name ? n->subnet_name : ""));
    }
    network_page_free(&page);
    return true;
}

/* The end of a saved form: what the status line (or a message) says. */
static void saved_status(struct app *app, struct editor *ed)
{
    if (ed->background)
        app_status(app, STATUS_INFO, "%s", progress_background_note());
    else if (ed->notice) {
        dialog_message(app, _("Modify network"), ed->notice);
        app_status(app, STATUS_OK, "%s", ed->notice);
    } else if (ed->id)
        app_status(app, STATUS_OK, _("The network '%s' was saved."), ed->v[V_NAME_EN]);
    else
        app_status(app, STATUS_OK, _("The network '%s' was added."), ed->v[V_NAME_EN]);
}

/* M10.3.2: the type first (OP-19), then the description and basic panels,
 * then the form page with the kind's other panels and 保存. */
static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const char *labels[NETWORK_TYPE_COUNT];
    struct dv_error err = {0};
    struct editor ed;
    int64_t project;
    int t;

    if (!network_actor_project(app->db, &app->actor, 0, &project, &err)) {
        app_status_error(app, &err);
        return UI_REDRAW;
    }
    for (int i = 0; i < NETWORK_TYPE_COUNT; i++)
        labels[i] = network_type_label(i);
    t = dialog_menu(app, _("Network type"), labels, NETWORK_TYPE_COUNT);
    if (t < 0)
        return UI_REDRAW;
    editor_init(&ed, t);
    ed.project_id = project;
    if (open_panel(app, &ed, P_DESC) && open_panel(app, &ed, P_BASIC) && editor_run(app, &ed))
        saved_status(app, &ed);
    editor_free(&ed);
    return UI_RELOAD;
}

/* M10.3.3: the same form, pre-filled; the type stays (OP-19). */
static int act_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct network n;
    struct editor ed;

    if (!network_get(app->db, row->id, &n, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    editor_load(&ed, &n);
    network_clear(&n);
    if (editor_run(app, &ed))
        saved_status(app, &ed);
    editor_free(&ed);
    return UI_RELOAD;
}

/* M10.3.4: confirmed; refused while in use; then removed from its hosts. */
static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    const char *name = row->cells[1];
    char *q = g_strdup_printf(_("Delete the network '%s'?"), name);
    struct job *job;
    char *warning;
    bool go = dialog_confirm(app, _("Delete network"), q);

    g_free(q);
    if (!go)
        return UI_REDRAW;
    job = network_delete_start(app->db, &app->actor, row->id, &err);
    if (!job) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    if (progress_run(app, job, _("Delete network"), _("Removing the network from its hosts...")) ==
        PROGRESS_BACKGROUND) {
        app_status(app, STATUS_INFO, "%s", progress_background_note());
        job_unref(job);
        return UI_RELOAD;
    }
    if (!job_ok(job)) {
        app_status_error(app, job_error(job));
        job_unref(job);
        return UI_RELOAD;
    }
    warning = g_strdup(network_delete_warning(job));
    job_unref(job);
    if (warning) {
        char *t = g_strdup_printf(_("The network '%s' was deleted, but these hosts could not "
                                    "remove it:\n\n%s"),
                                  name, warning);

        dialog_message(app, _("Delete network"), t);
        g_free(t);
    }
    app_status(app, STATUS_OK, _("The network '%s' was deleted."), name);
    app_command(app, "network", "delete", (const char *const[]){"network", name, NULL});
    g_free(warning);
    return UI_RELOAD;
}

/* ---- M10.3.1 details: the record, its subnet's reservations, the leases */

/* s padded with blanks to w cells, then two more */
static void cell(GString *t, const char *s, int w)
{
    int used = tw_width(s);

    g_string_append(t, s);
    for (int i = used; i < w + 2; i++)
        g_string_append_c(t, ' ');
}

static void field(GString *t, const char *label, const char *value)
{
    g_string_append_printf(t, "%s: %s\n", label, value && *value ? value : _("(none)"));
}

static void details_record(GString *t, const struct network *n)
{
    field(t, _("Chinese name"), n->spec.name_zh);
    field(t, _("English name"), n->spec.name_en);
    field(t, _("Network type"), network_type_label(n->spec.type));
    field(t, _("Bridge name"), n->spec.bridge);
    field(t, _("Bridge MAC address"), n->spec.mac);
    field(t, _("Host network interface"), n->ifaces_text);
    field(t, _("Bound host name"), n->bound_host);
    field(t, _("Subnet name"), n->subnet_name);
    field(t, _("Subnet gateway address"), n->subnet_gateway);
    field(t, _("Description"), n->spec.description);
}

static void details_reservations(GString *t, const struct network *n,
                                 const struct network_reservation *r, int nr)
{
    g_string_append_printf(t, "\n%s\n", _("IP reservations"));
    if (!n->spec.subnet_id) {
        g_string_append_printf(t, "%s\n", _("The network uses no subnet."));
        return;
    }
    if (nr == 0) {
        g_string_append_printf(t, "%s\n", _("The subnet has no IP reservations."));
        return;
    }
    cell(t, _("MAC address"), 17);
    cell(t, _("IP address"), 15);
    g_string_append_printf(t, "%s\n", _("Client name"));
    for (int i = 0; i < nr; i++) {
        cell(t, r[i].mac, 17);
        cell(t, r[i].ip, 15);
        g_string_append_printf(t, "%s\n", r[i].hostname);
    }
}

static void details_leases(GString *t, const struct network_leases *l)
{
    if (l->n == 0) {
        g_string_append_printf(t, "\n%s\n%s\n", _("DHCP leases"),
                               _("The network is not defined on any host yet."));
        return;
    }
    for (int i = 0; i < l->n; i++) {
        const struct network_host_leases *h = &l->hosts[i];

        g_string_append_c(t, '\n');
        g_string_append_printf(t, _("DHCP leases on the host %s"), h->host_name);
        g_string_append_c(t, '\n');
        if (!h->ok) {
            g_string_append_printf(t, "%s\n", h->error ? h->error : "");
            continue;
        }
        if (h->n == 0) {
            g_string_append_printf(t, "%s\n", _("No live leases."));
            continue;
        }
        cell(t, _("IP address/prefix"), 18);
        cell(t, _("MAC address"), 17);
        cell(t, _("Client name"), 10);
        g_string_append_printf(t, "%s\n", _("Expiry time"));
        for (int j = 0; j < h->n; j++) {
            const struct virt_net_lease *e = &h->leases[j];
            char *ip = g_strdup_printf("%s/%d", e->ip, e->prefix);
            char buf[DV_TIME_LEN];

            cell(t, ip, 18);
            cell(t, e->mac, 17);
            cell(t, e->hostname, 10);
            g_string_append_printf(t, "%s\n",
                                   e->expiry ? dv_format_time(e->expiry, buf) : _("never"));
            g_free(ip);
        }
    }
}

/* M10.3.1: read-only; the leases are read from the hosts by a job. */
static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct network n;
    struct network_reservation *r = NULL;
    struct network_leases leases = {0};
    struct job *job;
    GString *t;
    char *title;
    int nr = 0;

    if (!network_get(app->db, row->id, &n, &err) ||
        !network_reservations(app->db, &app->actor, row->id, &r, &nr, &err)) {
        network_clear(&n);
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    title = dialog_title_on(_("Network details"), n.spec.name_en);
    job = network_leases_start(app->db, &app->actor, row->id, &err);
    if (job && progress_run(app, job, title, _("Reading the DHCP leases from the hosts...")) ==
                   PROGRESS_BACKGROUND) {
        app_status(app, STATUS_INFO, "%s", progress_background_note());
        job_unref(job);
        goto out;
    }
    if (!job || !job_ok(job)) {
        app_status_error(app, job ? job_error(job) : &err);
        job_unref(job);
        goto out;
    }
    network_leases_take(job, &leases);
    job_unref(job);
    t = g_string_new(NULL);
    details_record(t, &n);
    details_reservations(t, &n, r, nr);
    details_leases(t, &leases);
    app_command(app, "network", "leases", (const char *const[]){"network", n.spec.name_en, NULL});
    dialog_text(app, title, t->str);
    g_string_free(t, TRUE);
out:
    network_leases_clear(&leases);
    network_reservations_free(r, nr);
    network_clear(&n);
    dv_error_clear(&err);
    g_free(title);
    return UI_REDRAW;
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_modify},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'i', .label = N_("Details"), .needs = LN_ROW, .run = act_details},
};

static const struct list_def networks_list = {
    .title = N_("Network information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &fv_query_name,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_networks, networks_list);
