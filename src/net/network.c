/* network.c - the networks of a project: records, rules, XML, realization */
#include "net/network.h"
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"
#include "base/validate.h"
#include "jobs/job.h"
#include "net/hostnet.h"
#include "net/subnet.h"
#include "projects/project.h"
#include "virt/hostconn.h"
#include "virt/virtnet.h"
#include "xml/netxml.h"

#include <arpa/inet.h>
#include <string.h>

static const char *const type_labels[NETWORK_TYPE_COUNT] = {
    [NETWORK_ISOLATED] = N_("Isolated network"), [NETWORK_NAT] = N_("NAT network"),
    [NETWORK_ROUTED] = N_("Routed network"),     [NETWORK_BRIDGE] = N_("Linux bridge network"),
    [NETWORK_OVS] = N_("OVS bridge network"),    [NETWORK_MACVTAP] = N_("MACVTAP bridge network"),
};

const char *network_type_label(enum network_type t)
{
    return (unsigned)t < NETWORK_TYPE_COUNT ? _(type_labels[t]) : "";
}

bool network_type_internal(enum network_type t)
{
    return t == NETWORK_ISOLATED || t == NETWORK_NAT || t == NETWORK_ROUTED;
}

static bool type_bridged(enum network_type t)
{
    return t == NETWORK_BRIDGE || t == NETWORK_OVS;
}

/* ---------------------------------------------------------------- the host steps
 *
 * HOOK for net-hostnet: the per-kind steps on a host, run on the job's
 * worker around the libvirt work (struct network_host_steps).  Isolated,
 * NAT and routed networks need none (libvirt makes their bridge).  The
 * Linux bridge, OVS and macvtap entries stay empty until net-hostnet fills
 * them: the host bridge with its forward interface (ip link ... type
 * bridge / ovs-vsctl --may-exist add-br, add-port; STP and delay), setting
 * site->made_bridge when it made one, and its removal in down when it made
 * it and no other network uses it; the automatic gateway of the subnet
 * (OP-11).  Until then a bridged network is defined on a host whose bridge
 * exists already. */
static const struct network_host_steps host_steps[NETWORK_TYPE_COUNT] = {
    [NETWORK_ISOLATED] = {0},
    [NETWORK_NAT] = {0},
    [NETWORK_ROUTED] = {0},
    /* net/hostnet.h: the host bridge and the subnet's automatic gateway */
    [NETWORK_BRIDGE] = {.up = hostnet_bridge_up, .down = hostnet_bridge_down},
    [NETWORK_OVS] = {.up = hostnet_ovs_up, .down = hostnet_ovs_down},
    [NETWORK_MACVTAP] = {.up = hostnet_macvtap_up, .down = NULL},
};

const struct network_host_steps *network_host_steps_of(enum network_type t)
{
    static const struct network_host_steps none = {0};

    return (unsigned)t < NETWORK_TYPE_COUNT ? &host_steps[t] : &none;
}

/* ---------------------------------------------------------------- specs */

struct network_bandwidth network_bandwidth_unset(void)
{
    return (struct network_bandwidth){NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET,
                                      NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET};
}

bool network_bandwidth_is_set(const struct network_bandwidth *b)
{
    return b->in_average != NETWORK_BW_UNSET || b->in_peak != NETWORK_BW_UNSET ||
           b->in_burst != NETWORK_BW_UNSET || b->out_average != NETWORK_BW_UNSET ||
           b->out_peak != NETWORK_BW_UNSET || b->out_burst != NETWORK_BW_UNSET;
}

void network_portgroup_clear(struct network_portgroup *pg)
{
    g_free(pg->name);
    g_free(pg->vlan.v);
    memset(pg, 0, sizeof(*pg));
}

static void copy_vlans(struct network_vlans *out, const struct network_vlans *in)
{
    out->trunk = in->trunk;
    out->n = in->n;
    out->v = in->n ? g_memdup2(in->v, sizeof(*in->v) * (size_t)in->n) : NULL;
}

static void copy_portgroup(struct network_portgroup *out, const struct network_portgroup *in)
{
    out->name = g_strdup(in->name ? in->name : "");
    out->bw = in->bw;
    copy_vlans(&out->vlan, &in->vlan);
}

void network_spec_clear(struct network_spec *s)
{
    g_free(s->name_en);
    g_free(s->name_zh);
    g_free(s->description);
    g_free(s->bridge);
    g_free(s->mac);
    g_free(s->forward_dev);
    g_free(s->routes);
    for (int i = 0; i < s->nportgroups; i++)
        network_portgroup_clear(&s->portgroups[i]);
    g_free(s->portgroups);
    g_free(s->vlan.v);
    g_free(s->interface_id);
    g_strfreev(s->ifaces);
    g_free(s->nat_addr_start);
    g_free(s->nat_addr_end);
    memset(s, 0, sizeof(*s));
}

static char *dup0(const char *s)
{
    return g_strdup(s ? s : "");
}

void network_spec_copy(struct network_spec *out, const struct network_spec *s)
{
    *out = *s;
    out->name_en = dup0(s->name_en);
    out->name_zh = dup0(s->name_zh);
    out->description = dup0(s->description);
    out->bridge = dup0(s->bridge);
    out->mac = dup0(s->mac);
    out->forward_dev = dup0(s->forward_dev);
    out->routes = s->nroutes ? g_memdup2(s->routes, sizeof(*s->routes) * (size_t)s->nroutes) : NULL;
    out->portgroups = s->nportgroups ? g_new0(struct network_portgroup, s->nportgroups) : NULL;
    for (int i = 0; i < s->nportgroups; i++)
        copy_portgroup(&out->portgroups[i], &s->portgroups[i]);
    copy_vlans(&out->vlan, &s->vlan);
    out->interface_id = dup0(s->interface_id);
    out->ifaces = g_new0(char *, s->nifaces + 1);
    for (int i = 0; i < s->nifaces; i++)
        out->ifaces[i] = dup0(s->ifaces[i]);
    out->nat_addr_start = dup0(s->nat_addr_start);
    out->nat_addr_end = dup0(s->nat_addr_end);
}

/* ---------------------------------------------------------------- parsing */

static bool blank(const char *s)
{
    return !s || !*s;
}

/* A whole number in [min, max]; "" gives dflt. */
static bool parse_int(const char *key, const char *label, const char *v, int64_t min, int64_t max,
                      int64_t dflt, int64_t *out, struct dv_error *err)
{
    int64_t n = 0;

    *out = dflt;
    if (blank(v))
        return true;
    if (dv_num_parse(v, false, false, 1, max, &n) != DV_NUM_OK || n < min) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a whole number from %lld to %lld."),
                     label, (long long)min, (long long)max);
        return false;
    }
    *out = n;
    return true;
}

static bool parse_bool(const char *key, const char *label, const char *v, bool *out,
                       struct dv_error *err)
{
    *out = false;
    if (blank(v) || strcmp(v, "0") == 0)
        return true;
    if (strcmp(v, "1") == 0) {
        *out = true;
        return true;
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be on or off."), label);
    return false;
}

/* A picker's record id; "" and "0" are none. */
static bool parse_id(const char *key, const char *label, const char *v, int64_t *out,
                     struct dv_error *err)
{
    return parse_int(key, label, v, 0, INT64_MAX / 2, 0, out, err);
}

#define BW_MAX 4294967295LL /* libvirt keeps them as unsigned long long, kb/s */

static bool parse_bandwidth(const char *ia, const char *ip, const char *ib, const char *oa,
                            const char *op, const char *ob, struct network_bandwidth *b,
                            struct dv_error *err)
{
    *b = network_bandwidth_unset();
    return parse_int(NWF_IN_AVERAGE, _("Inbound average"), ia, 0, BW_MAX, NETWORK_BW_UNSET,
                     &b->in_average, err) &&
           parse_int(NWF_IN_PEAK, _("Inbound peak"), ip, 0, BW_MAX, NETWORK_BW_UNSET, &b->in_peak,
                     err) &&
           parse_int(NWF_IN_BURST, _("Inbound burst"), ib, 0, BW_MAX, NETWORK_BW_UNSET,
                     &b->in_burst, err) &&
           parse_int(NWF_OUT_AVERAGE, _("Outbound average"), oa, 0, BW_MAX, NETWORK_BW_UNSET,
                     &b->out_average, err) &&
           parse_int(NWF_OUT_PEAK, _("Outbound peak"), op, 0, BW_MAX, NETWORK_BW_UNSET,
                     &b->out_peak, err) &&
           parse_int(NWF_OUT_BURST, _("Outbound burst"), ob, 0, BW_MAX, NETWORK_BW_UNSET,
                     &b->out_burst, err);
}

/* "peak or burst needs average", per direction (libvirt's rule) */
static bool check_bandwidth(const struct network_bandwidth *b, struct dv_error *err)
{
    if (b->in_average == NETWORK_BW_UNSET &&
        (b->in_peak != NETWORK_BW_UNSET || b->in_burst != NETWORK_BW_UNSET)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_IN_AVERAGE,
                     _("%s is required when a peak or burst is set."), _("Inbound average"));
        return false;
    }
    if (b->out_average == NETWORK_BW_UNSET &&
        (b->out_peak != NETWORK_BW_UNSET || b->out_burst != NETWORK_BW_UNSET)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_OUT_AVERAGE,
                     _("%s is required when a peak or burst is set."), _("Outbound average"));
        return false;
    }
    return true;
}

/* ---- VLANs (M10.3.2.5b, c) */

static bool vlan_check_one(int64_t tag, const struct network_vlan *existing, int n,
                           enum network_native native, struct dv_error *err)
{
    if (tag < 0 || tag > NETWORK_VLAN_MAX) {
        dv_error_set(err, DV_ERR_INVALID, NWF_VLAN_TAG,
                     _("%s must be a whole number from %lld to %lld."), _("VLAN tag ID"), 0LL,
                     (long long)NETWORK_VLAN_MAX);
        return false;
    }
    for (int i = 0; i < n; i++) {
        if (existing[i].tag == tag) {
            dv_error_set(err, DV_ERR_EXISTS, NWF_VLAN_TAG, _("The VLAN tag %d is already listed."),
                         (int)tag);
            return false;
        }
        if (native != NETWORK_NATIVE_NONE && existing[i].native != NETWORK_NATIVE_NONE) {
            dv_error_set(err, DV_ERR_INVALID, NWF_VLAN_NATIVE, "%s",
                         _("Only one VLAN tag may have a native mode."));
            return false;
        }
    }
    return true;
}

bool network_vlan_parse(const char *tag, const char *native, const struct network_vlan *existing,
                        int n, struct network_vlan *out, struct dv_error *err)
{
    int64_t t = 0;
    enum network_native m;

    if (blank(tag)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_VLAN_TAG, _("%s is required."), _("VLAN tag ID"));
        return false;
    }
    if (!parse_int(NWF_VLAN_TAG, _("VLAN tag ID"), tag, 0, NETWORK_VLAN_MAX, 0, &t, err))
        return false;
    if (blank(native) || strcmp(native, "none") == 0)
        m = NETWORK_NATIVE_NONE;
    else if (strcmp(native, "tagged") == 0)
        m = NETWORK_NATIVE_TAGGED;
    else if (strcmp(native, "untagged") == 0)
        m = NETWORK_NATIVE_UNTAGGED;
    else {
        dv_error_set(err, DV_ERR_INVALID, NWF_VLAN_NATIVE,
                     _("%s must be tagged, untagged or none."), _("Native mode"));
        return false;
    }
    if (!vlan_check_one(t, existing, n, m, err))
        return false;
    *out = (struct network_vlan){.tag = (int)t, .native = m};
    return true;
}

/* A whole VLAN set: every tag as the dialog checks it; trunk set when more
 * than one tag or a native mode needs it (M10.3.2.5b: set automatically). */
static bool check_vlans(struct network_vlans *v, struct dv_error *err)
{
    for (int i = 0; i < v->n; i++)
        if (!vlan_check_one(v->v[i].tag, v->v, i, v->v[i].native, err)) {
            g_strlcpy(err->field, NWF_VLANS, sizeof(err->field));
            return false;
        }
    for (int i = 0; i < v->n; i++)
        if (v->v[i].native != NETWORK_NATIVE_NONE)
            v->trunk = true;
    if (v->n > 1)
        v->trunk = true;
    return true;
}

/* ---- routes (M10.3.2.1a) */

static bool parse_addr(int family, const char *v, unsigned char *bytes)
{
    return v && inet_pton(family == 6 ? AF_INET6 : AF_INET, v, bytes) == 1;
}

static bool route_check(struct network_route *r, const struct network_route *existing, int n,
                        struct dv_error *err)
{
    unsigned char a[16] = {0}, g[16] = {0};
    int bits = r->family == 6 ? 128 : 32;

    if (r->family != 4 && r->family != 6) {
        dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_FAMILY, _("%s must be ipv4 or ipv6."),
                     _("IP version"));
        return false;
    }
    if (!parse_addr(r->family, r->address, a)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_ADDRESS,
                     r->family == 6 ? _("%s must be an IPv6 address.")
                                    : _("%s must be an IPv4 address."),
                     _("Network address"));
        return false;
    }
    if (r->prefix < 0 || r->prefix > bits) {
        dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_PREFIX,
                     _("Prefix out of range: %s must be at most %d."), _("Netmask"), bits);
        return false;
    }
    for (int b = r->prefix; b < bits; b++)
        if (a[b / 8] & (0x80 >> (b % 8))) {
            dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_ADDRESS,
                         _("%s has host bits set beyond the prefix %d."), _("Network address"),
                         r->prefix);
            return false;
        }
    if (!parse_addr(r->family, r->gateway, g)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_GATEWAY,
                     _("%s must be an address of the same IP version as the route."),
                     _("Gateway address"));
        return false;
    }
    for (int i = 0; i < n; i++) {
        unsigned char ea[16] = {0}, eg[16] = {0};

        if (existing[i].family == r->family && existing[i].prefix == r->prefix &&
            parse_addr(r->family, existing[i].address, ea) &&
            parse_addr(r->family, existing[i].gateway, eg) && memcmp(ea, a, 16) == 0 &&
            memcmp(eg, g, 16) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, NWF_ROUTE_ADDRESS, "%s",
                         _("This route is already listed."));
            return false;
        }
    }
    return true;
}

bool network_route_parse(const char *family, const char *address, const char *prefix,
                         const char *gateway, const struct network_route *existing, int n,
                         struct network_route *out, struct dv_error *err)
{
    struct network_route r = {0};
    int64_t p = 0;

    if (g_strcmp0(family, "ipv4") == 0 || g_strcmp0(family, "4") == 0)
        r.family = 4;
    else if (g_strcmp0(family, "ipv6") == 0 || g_strcmp0(family, "6") == 0)
        r.family = 6;
    if (blank(prefix)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_PREFIX, _("%s is required."), _("Netmask"));
        return false;
    }
    if (dv_num_parse(prefix, false, false, 1, 1000000, &p) != DV_NUM_OK) {
        dv_error_set(err, DV_ERR_INVALID, NWF_ROUTE_PREFIX, _("%s must be a whole number."),
                     _("Netmask"));
        return false;
    }
    r.prefix = (int)p;
    g_strlcpy(r.address, address ? address : "", sizeof(r.address));
    g_strlcpy(r.gateway, gateway ? gateway : "", sizeof(r.gateway));
    if (!route_check(&r, existing, n, err))
        return false;
    *out = r;
    return true;
}

/* ---- port groups (M10.3.2.1b, M10.3.2.5a) */

static bool portgroup_check(struct network_portgroup *pg, const struct network_portgroup *existing,
                            int n, struct dv_error *err)
{
    if (!validate_required(NWF_PG_NAME, _("Port group name"), pg->name, err) ||
        !validate_length(NWF_PG_NAME, _("Port group name"), pg->name, 1, DV_NAME_MAX, err))
        return false;
    for (int i = 0; i < n; i++)
        if (g_strcmp0(existing[i].name, pg->name) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, NWF_PG_NAME,
                         _("The port group '%s' already exists in this network."), pg->name);
            return false;
        }
    if (!check_bandwidth(&pg->bw, err))
        return false;
    return check_vlans(&pg->vlan, err);
}

bool network_portgroup_parse(const char *name, const char *in_average, const char *in_peak,
                             const char *in_burst, const char *out_average, const char *out_peak,
                             const char *out_burst, const char *trunk,
                             const struct network_vlan *vlans, int nvlans,
                             const struct network_portgroup *existing, int n,
                             struct network_portgroup *out, struct dv_error *err)
{
    struct network_portgroup pg = {0};
    bool ok;

    memset(out, 0, sizeof(*out));
    pg.name = g_strdup(name ? name : "");
    ok = parse_bandwidth(in_average, in_peak, in_burst, out_average, out_peak, out_burst, &pg.bw,
                         err) &&
         parse_bool(NWF_VLAN_TRUNK, _("Trunk"), trunk, &pg.vlan.trunk, err);
    if (ok && nvlans > 0) {
        pg.vlan.n = nvlans;
        pg.vlan.v = g_memdup2(vlans, sizeof(*vlans) * (size_t)nvlans);
    }
    ok = ok && portgroup_check(&pg, existing, n, err);
    if (ok)
        *out = pg;
    else
        network_portgroup_clear(&pg);
    return ok;
}

/* ---- interfaces (M10.3.2.6a) and the forward interface */

static bool iface_check(const char *key, const char *label, const char *dev, struct dv_error *err)
{
    if (!validate_length(key, label, dev, 1, NETWORK_BRIDGE_MAX, err))
        return false;
    for (const char *p = dev; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("._:-", *p)) {
            dv_error_set(err, DV_ERR_INVALID, key,
                         _("%s may contain only letters, digits, '.', '_', ':' and '-'."), label);
            return false;
        }
    return true;
}

bool network_iface_parse(const char *dev, const char *const *existing, int n, struct dv_error *err)
{
    if (!iface_check(NWF_IFACE, _("Interface name"), dev, err))
        return false;
    for (int i = 0; i < n; i++)
        if (g_strcmp0(existing[i], dev) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, NWF_IFACE, _("The interface %s is already listed."),
                         dev);
            return false;
        }
    return true;
}

/* ---- NAT ranges (M10.3.2.2a, b) */

static bool one_row(int existing, const char *key, struct dv_error *err)
{
    if (existing <= 0)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, "%s",
                 _("libvirt allows one address range and one port range only."));
    return false;
}

bool network_nat_addr_parse(const char *start, const char *end, int existing, struct dv_error *err)
{
    struct in_addr a, b;

    if (!one_row(existing, NWF_NAT_ADDR_START, err) ||
        !validate_ipv4(NWF_NAT_ADDR_START, _("Start address"), start, err) ||
        !validate_ipv4(NWF_NAT_ADDR_END, _("End address"), end, err))
        return false;
    inet_pton(AF_INET, start, &a);
    inet_pton(AF_INET, end, &b);
    if (ntohl(a.s_addr) > ntohl(b.s_addr)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_NAT_ADDR_END,
                     _("%s must not come before the start address."), _("End address"));
        return false;
    }
    return true;
}

bool network_nat_port_parse(const char *start, const char *end, int existing, int *out_start,
                            int *out_end, struct dv_error *err)
{
    int64_t s = 0, e = 0;

    if (!one_row(existing, NWF_NAT_PORT_START, err))
        return false;
    if (blank(start) || blank(end)) {
        dv_error_set(err, DV_ERR_INVALID, blank(start) ? NWF_NAT_PORT_START : NWF_NAT_PORT_END,
                     _("%s is required."), blank(start) ? _("Start port") : _("End port"));
        return false;
    }
    if (!parse_int(NWF_NAT_PORT_START, _("Start port"), start, 1, 65535, 0, &s, err) ||
        !parse_int(NWF_NAT_PORT_END, _("End port"), end, 1, 65535, 0, &e, err))
        return false;
    if (s > e) {
        dv_error_set(err, DV_ERR_INVALID, NWF_NAT_PORT_END,
                     _("%s must not be below the start port."), _("End port"));
        return false;
    }
    if (out_start)
        *out_start = (int)s;
    if (out_end)
        *out_end = (int)e;
    return true;
}

/* ---- the whole form */

bool network_parse(const struct network_input *in, struct network_spec *out, struct dv_error *err)
{
    bool ok;

    memset(out, 0, sizeof(*out));
    out->type = in->type;
    out->project_id = in->project_id;
    out->version = in->version;
    out->name_en = dup0(in->name_en);
    out->name_zh = dup0(in->name_zh);
    out->description = dup0(in->description);
    out->bridge = dup0(in->bridge);
    out->mac = dup0(in->mac);
    out->forward_dev = dup0(in->forward_dev);
    out->interface_id = dup0(in->interface_id);
    out->nat_addr_start = dup0(in->nat_addr_start);
    out->nat_addr_end = dup0(in->nat_addr_end);
    if (in->nroutes > 0)
        out->routes = g_memdup2(in->routes, sizeof(*in->routes) * (size_t)in->nroutes);
    out->nroutes = in->nroutes > 0 ? in->nroutes : 0;
    out->portgroups =
        in->nportgroups > 0 ? g_new0(struct network_portgroup, in->nportgroups) : NULL;
    for (int i = 0; i < in->nportgroups; i++)
        copy_portgroup(&out->portgroups[i], &in->portgroups[i]);
    out->nportgroups = in->nportgroups > 0 ? in->nportgroups : 0;
    if (in->nvlans > 0)
        out->vlan.v = g_memdup2(in->vlans, sizeof(*in->vlans) * (size_t)in->nvlans);
    out->vlan.n = in->nvlans > 0 ? in->nvlans : 0;
    out->ifaces = g_new0(char *, (in->nifaces > 0 ? in->nifaces : 0) + 1);
    for (int i = 0; i < in->nifaces; i++)
        out->ifaces[i] = dup0(in->ifaces[i]);
    out->nifaces = in->nifaces > 0 ? in->nifaces : 0;

    ok = parse_id(NWF_BOUND_HOST, _("Bind to host"), in->bound_host, &out->bound_host_id, err) &&
         parse_bool(NWF_IPV6, _("Enable IPv6"), in->ipv6, &out->ipv6, err) &&
         parse_bool(NWF_STP, _("Enable STP"), in->stp, &out->stp, err) &&
         parse_int(NWF_DELAY, _("Forward delay (ms)"), in->delay_ms, 0, 3600000, 0, &out->delay_ms,
                   err) &&
         parse_id(NWF_SUBNET, _("Subnet used"), in->subnet, &out->subnet_id, err) &&
         parse_bandwidth(in->in_average, in->in_peak, in->in_burst, in->out_average, in->out_peak,
                         in->out_burst, &out->bw, err) &&
         parse_bool(NWF_VLAN_TRUNK, _("Trunk"), in->vlan_trunk, &out->vlan.trunk, err);
    if (ok && (!blank(in->nat_port_start) || !blank(in->nat_port_end)))
        ok = network_nat_port_parse(in->nat_port_start, in->nat_port_end, 0, &out->nat_port_start,
                                    &out->nat_port_end, err);
    return ok;
}

/* ---- the rules of one record */

/* 00:16:3e:3e:a9:1a: six pairs of hex digits; not a multicast address */
static bool mac_valid(const char *m)
{
    if (strlen(m) != 17)
        return false;
    for (int i = 0; i < 17; i++) {
        if (i % 3 == 2 ? m[i] != ':' : !g_ascii_isxdigit(m[i]))
            return false;
    }
    return (g_ascii_xdigit_value(m[1]) & 1) == 0;
}

static bool bridge_check(const struct network_spec *s, struct dv_error *err)
{
    if (!validate_required(NWF_BRIDGE, _("Bridge name"), s->bridge, err) ||
        !validate_length(NWF_BRIDGE, _("Bridge name"), s->bridge, 1, NETWORK_BRIDGE_MAX, err))
        return false;
    for (const char *p = s->bridge; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("_.-", *p)) {
            dv_error_set(err, DV_ERR_INVALID, NWF_BRIDGE,
                         _("%s may contain only letters, digits, '-', '_' and '.'."),
                         _("Bridge name"));
            return false;
        }
    if (strcmp(s->bridge, "virbr0") == 0) {
        dv_error_set(err, DV_ERR_INVALID, NWF_BRIDGE, "%s",
                     _("The bridge name virbr0 is reserved for libvirt's default network."));
        return false;
    }
    return true;
}

/* A part the type does not have (Table 10-1) is refused, not dropped. */
static bool not_for_type(bool present, const char *key, const char *label, enum network_type t,
                         struct dv_error *err)
{
    if (!present)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("A %2$s has no %1$s."), label, network_type_label(t));
    return false;
}

bool network_check(struct network_spec *s, char **warning, struct dv_error *err)
{
    enum network_type t = s->type;
    bool internal = network_type_internal(t);

    if (warning)
        *warning = NULL;
    if ((unsigned)t >= NETWORK_TYPE_COUNT) {
        dv_error_set(err, DV_ERR_INVALID, NWF_TYPE, "%s", _("The network type is unknown."));
        return false;
    }
    if (!validate_account(NWF_NAME_EN, _("Network English name"), s->name_en, err) ||
        !validate_required(NWF_NAME_ZH, _("Network Chinese name"), s->name_zh, err) ||
        !validate_text(NWF_NAME_ZH, _("Network Chinese name"), s->name_zh, err) ||
        !validate_length(NWF_NAME_ZH, _("Network Chinese name"), s->name_zh, 1, DV_NAME_MAX, err) ||
        !validate_length(NWF_DESCRIPTION, _("Network description"), s->description, 0, DV_DESC_MAX,
                         err))
        return false;
    /* bridge, MAC, STP and delay */
    if (t == NETWORK_MACVTAP) {
        if (!not_for_type(!blank(s->bridge), NWF_BRIDGE, _("Bridge name"), t, err))
            return false;
    } else if (!bridge_check(s, err)) {
        return false;
    }
    if (!internal && !not_for_type(!blank(s->mac), NWF_MAC, _("Bridge MAC address"), t, err))
        return false;
    if (!blank(s->mac) && !mac_valid(s->mac)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_MAC,
                     _("%s must be a unicast MAC address such as 00:16:3e:3e:a9:1a."),
                     _("Bridge MAC address"));
        return false;
    }
    if (s->delay_ms < 0) {
        dv_error_set(err, DV_ERR_INVALID, NWF_DELAY, _("%s must not be negative."),
                     _("Forward delay (ms)"));
        return false;
    }
    /* binding */
    if (internal && !s->bound_host_id) {
        dv_error_set(err, DV_ERR_INVALID, NWF_BOUND_HOST, _("A %s must be bound to a host."),
                     network_type_label(t));
        return false;
    }
    /* the forward interface(s) */
    if (t == NETWORK_ISOLATED &&
        !not_for_type(!blank(s->forward_dev), NWF_FORWARD_DEV, _("Forward interface"), t, err))
        return false;
    if (t == NETWORK_MACVTAP) {
        if (!not_for_type(!blank(s->forward_dev), NWF_FORWARD_DEV, _("Forward interface"), t, err))
            return false;
        if (s->nifaces < 1) {
            dv_error_set(err, DV_ERR_INVALID, NWF_IFACES, "%s",
                         _("A MACVTAP bridge network needs at least one forward interface."));
            return false;
        }
        for (int i = 0; i < s->nifaces; i++)
            if (!network_iface_parse(s->ifaces[i], (const char *const *)s->ifaces, i, err)) {
                g_strlcpy(err->field, NWF_IFACES, sizeof(err->field));
                return false;
            }
    } else {
        if (!not_for_type(s->nifaces > 0, NWF_IFACES, _("Forward interface table"), t, err))
            return false;
        if (type_bridged(t) &&
            !validate_required(NWF_FORWARD_DEV, _("Forward interface"), s->forward_dev, err))
            return false;
        if (!blank(s->forward_dev) &&
            !iface_check(NWF_FORWARD_DEV, _("Forward interface"), s->forward_dev, err))
            return false;
    }
    /* the subnet (S3, OP-26) */
    if (t == NETWORK_MACVTAP &&
        !not_for_type(s->subnet_id != 0, NWF_SUBNET, _("Subnet used"), t, err))
        return false;
    if ((t == NETWORK_NAT || t == NETWORK_ROUTED) && !s->subnet_id) {
        dv_error_set(err, DV_ERR_INVALID, NWF_SUBNET, _("A %s needs a subnet."),
                     network_type_label(t));
        return false;
    }
    /* bandwidth and routes: isolated, NAT, routed */
    if (!internal && !not_for_type(network_bandwidth_is_set(&s->bw), NWF_IN_AVERAGE,
                                   _("Bandwidth limit"), t, err))
        return false;
    if (!check_bandwidth(&s->bw, err))
        return false;
    if (!internal && !not_for_type(s->nroutes > 0, NWF_ROUTES, _("Static routes"), t, err))
        return false;
    for (int i = 0; i < s->nroutes; i++)
        if (!route_check(&s->routes[i], s->routes, i, err))
            return false;
    /* port groups: not for macvtap (OP-18); VLANs only in OVS ones */
    if (t == NETWORK_MACVTAP &&
        !not_for_type(s->nportgroups > 0, NWF_PORTGROUPS, _("Port groups"), t, err))
        return false;
    for (int i = 0; i < s->nportgroups; i++) {
        if (t != NETWORK_OVS &&
            !not_for_type(s->portgroups[i].vlan.n > 0 || s->portgroups[i].vlan.trunk, NWF_VLANS,
                          _("VLAN settings"), t, err))
            return false;
        if (!portgroup_check(&s->portgroups[i], s->portgroups, i, err))
            return false;
    }
    /* VLAN and interface ID: OVS */
    if (t != NETWORK_OVS &&
        (!not_for_type(s->vlan.n > 0 || s->vlan.trunk, NWF_VLANS, _("VLAN settings"), t, err) ||
         !not_for_type(!blank(s->interface_id), NWF_INTERFACE_ID, _("Interface ID"), t, err)))
        return false;
    if (!check_vlans(&s->vlan, err))
        return false;
    if (!blank(s->interface_id) && !g_uuid_string_is_valid(s->interface_id)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_INTERFACE_ID,
                     _("%s must be a UUID such as 3e4b5c6d-7f80-4a91-b2c3-d4e5f6a7b8c9."),
                     _("Interface ID"));
        return false;
    }
    /* NAT forwarding */
    if (t != NETWORK_NAT && !not_for_type(!blank(s->nat_addr_start) || !blank(s->nat_addr_end) ||
                                              s->nat_port_start || s->nat_port_end,
                                          NWF_NAT_ADDR_START, _("NAT forwarding"), t, err))
        return false;
    if ((!blank(s->nat_addr_start) || !blank(s->nat_addr_end)) &&
        !network_nat_addr_parse(s->nat_addr_start, s->nat_addr_end, 0, err))
        return false;
    if (s->nat_port_start || s->nat_port_end) {
        char a[16], b[16];

        g_snprintf(a, sizeof(a), "%d", s->nat_port_start);
        g_snprintf(b, sizeof(b), "%d", s->nat_port_end);
        if (!network_nat_port_parse(a, b, 0, NULL, NULL, err))
            return false;
    }
    /* advice (OP-22): a Linux bridge with STP wants 2-30 s */
    if (warning && s->stp && t != NETWORK_MACVTAP &&
        (netxml_delay_seconds(s->delay_ms) < 2 || netxml_delay_seconds(s->delay_ms) > 30))
        *warning = g_strdup(
            _("With STP on, a forward delay outside 2-30 seconds is not applied by the Linux "
              "bridge."));
    return true;
}

/* ---------------------------------------------------------------- reading */

#define NET_COLUMNS                                                                                \
    "n.id, n.uuid, n.project_id, n.type, n.name_en, n.name_zh, n.description, n.bridge, n.mac, "   \
    "coalesce(n.bound_host_id, 0), n.ipv6, n.stp, n.delay_ms, n.forward_dev, "                     \
    "coalesce(n.subnet_id, 0), n.in_average, n.in_peak, n.in_burst, n.out_average, n.out_peak, "   \
    "n.out_burst, n.nat_addr_start, n.nat_addr_end, n.nat_port_start, n.nat_port_end, "            \
    "n.vlan_trunk, n.interface_id, n.xml, n.row_version, n.created_at, coalesce(p.name, ''), "     \
    "coalesce(h.name, ''), coalesce(s.name, ''), coalesce(s.gateway, ''), "                        \
    "CASE WHEN n.type = 5 THEN coalesce((SELECT " DB_LIST_AGG(                                     \
        "dev") " FROM (SELECT dev FROM network_iface WHERE network_id = n.id ORDER BY id)), '') "  \
               "ELSE n.forward_dev END"

#define NET_FROM                                                                                   \
    "network n LEFT JOIN project p ON p.id = n.project_id "                                        \
    "LEFT JOIN host h ON h.id = n.bound_host_id LEFT JOIN subnet s ON s.id = n.subnet_id"

static int64_t bw_col(const struct db_row *r, int col)
{
    return db_row_is_null(r, col) ? NETWORK_BW_UNSET : db_row_int(r, col);
}

static bool read_network(const struct db_row *r, void *ctx)
{
    struct network *n = ctx;
    struct network_spec *s = &n->spec;

    n->id = db_row_int(r, 0);
    n->uuid = db_row_text(r, 1);
    s->project_id = db_row_int(r, 2);
    s->type = (enum network_type)db_row_int(r, 3);
    s->name_en = db_row_text(r, 4);
    s->name_zh = db_row_text(r, 5);
    s->description = db_row_text(r, 6);
    s->bridge = db_row_text(r, 7);
    s->mac = db_row_text(r, 8);
    s->bound_host_id = db_row_int(r, 9);
    s->ipv6 = db_row_int(r, 10) != 0;
    s->stp = db_row_int(r, 11) != 0;
    s->delay_ms = db_row_int(r, 12);
    s->forward_dev = db_row_text(r, 13);
    s->subnet_id = db_row_int(r, 14);
    s->bw = (struct network_bandwidth){bw_col(r, 15), bw_col(r, 16), bw_col(r, 17),
                                       bw_col(r, 18), bw_col(r, 19), bw_col(r, 20)};
    s->nat_addr_start = db_row_text(r, 21);
    s->nat_addr_end = db_row_text(r, 22);
    s->nat_port_start = (int)db_row_int(r, 23);
    s->nat_port_end = (int)db_row_int(r, 24);
    s->vlan.trunk = db_row_int(r, 25) != 0;
    s->interface_id = db_row_text(r, 26);
    n->xml = db_row_text(r, 27);
    s->version = db_row_int(r, 28);
    n->created_at = db_row_int(r, 29);
    n->project = db_row_text(r, 30);
    n->bound_host = db_row_text(r, 31);
    n->subnet_name = db_row_text(r, 32);
    n->subnet_gateway = db_row_text(r, 33);
    n->ifaces_text = db_row_text(r, 34);
    s->ifaces = g_new0(char *, 1);
    return true;
}

DB_PAGE_READER(add_network, struct network_page, read_network)

void network_clear(struct network *n)
{
    g_free(n->uuid);
    network_spec_clear(&n->spec);
    g_free(n->project);
    g_free(n->bound_host);
    g_free(n->subnet_name);
    g_free(n->subnet_gateway);
    g_free(n->ifaces_text);
    g_free(n->xml);
    memset(n, 0, sizeof(*n));
}

void network_page_free(struct network_page *p)
{
    DB_PAGE_FREE(p, network_clear);
}

static bool read_route(const struct db_row *r, void *ctx)
{
    struct network_spec *s = ctx;
    struct network_route *x;

    s->routes = g_renew(struct network_route, s->routes, s->nroutes + 1);
    x = &s->routes[s->nroutes++];
    memset(x, 0, sizeof(*x));
    x->family = (int)db_row_int(r, 0);
    g_strlcpy(x->address, db_row_peek(r, 1) ? db_row_peek(r, 1) : "", sizeof(x->address));
    x->prefix = (int)db_row_int(r, 2);
    g_strlcpy(x->gateway, db_row_peek(r, 3) ? db_row_peek(r, 3) : "", sizeof(x->gateway));
    return true;
}

/* port groups are read with their id in a side array, to attach VLANs */
struct pg_read {
    struct network_spec *s;
    GArray *ids;
};

static bool read_portgroup(const struct db_row *r, void *ctx)
{
    struct pg_read *p = ctx;
    struct network_spec *s = p->s;
    struct network_portgroup *pg;
    int64_t id = db_row_int(r, 0);

    s->portgroups = g_renew(struct network_portgroup, s->portgroups, s->nportgroups + 1);
    pg = &s->portgroups[s->nportgroups++];
    memset(pg, 0, sizeof(*pg));
    pg->name = db_row_text(r, 1);
    pg->bw = (struct network_bandwidth){bw_col(r, 2), bw_col(r, 3), bw_col(r, 4),
                                        bw_col(r, 5), bw_col(r, 6), bw_col(r, 7)};
    pg->vlan.trunk = db_row_int(r, 8) != 0;
    g_array_append_val(p->ids, id);
    return true;
}

static enum network_native native_of(const char *v)
{
    if (g_strcmp0(v, "tagged") == 0)
        return NETWORK_NATIVE_TAGGED;
    if (g_strcmp0(v, "untagged") == 0)
        return NETWORK_NATIVE_UNTAGGED;
    return NETWORK_NATIVE_NONE;
}

static const char *native_text(enum network_native m)
{
    return m == NETWORK_NATIVE_TAGGED ? "tagged" : m == NETWORK_NATIVE_UNTAGGED ? "untagged" : "";
}

static bool read_vlan(const struct db_row *r, void *ctx)
{
    struct pg_read *p = ctx;
    struct network_vlans *v = &p->s->vlan;
    int64_t pg = db_row_int(r, 0);

    if (pg) {
        v = NULL;
        for (guint i = 0; i < p->ids->len; i++)
            if (g_array_index(p->ids, int64_t, i) == pg)
                v = &p->s->portgroups[i].vlan;
        if (!v)
            return true;
    }
    v->v = g_renew(struct network_vlan, v->v, v->n + 1);
    v->v[v->n++] =
        (struct network_vlan){.tag = (int)db_row_int(r, 1), .native = native_of(db_row_peek(r, 2))};
    return true;
}

static bool read_iface(const struct db_row *r, void *ctx)
{
    struct network_spec *s = ctx;

    s->ifaces = g_renew(char *, s->ifaces, s->nifaces + 2);
    s->ifaces[s->nifaces++] = db_row_text(r, 0);
    s->ifaces[s->nifaces] = NULL;
    return true;
}

static bool read_children(struct db *db, struct network *n, struct dv_error *err)
{
    struct pg_read p = {.s = &n->spec, .ids = g_array_new(FALSE, FALSE, sizeof(int64_t))};
    bool ok =
        db_query(db,
                 "SELECT ip_version, address, prefix, gateway FROM network_route "
                 "WHERE network_id = ?1 ORDER BY id",
                 DB_ARGS(DB_I(n->id)), read_route, &n->spec, NULL, err) &&
        db_query(db,
                 "SELECT id, name, in_average, in_peak, in_burst, out_average, out_peak, "
                 "out_burst, vlan_trunk FROM network_portgroup WHERE network_id = ?1 ORDER BY id",
                 DB_ARGS(DB_I(n->id)), read_portgroup, &p, NULL, err) &&
        db_query(db,
                 "SELECT coalesce(portgroup_id, 0), tag, native FROM network_vlan "
                 "WHERE network_id = ?1 ORDER BY id",
                 DB_ARGS(DB_I(n->id)), read_vlan, &p, NULL, err) &&
        db_query(db, "SELECT dev FROM network_iface WHERE network_id = ?1 ORDER BY id",
                 DB_ARGS(DB_I(n->id)), read_iface, &n->spec, NULL, err);

    g_array_free(p.ids, TRUE);
    return ok;
}

bool network_get(struct db *db, int64_t id, struct network *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!db_get(db, "SELECT " NET_COLUMNS " FROM " NET_FROM " WHERE n.id = ?1", DB_ARGS(DB_I(id)),
                read_network, out, _("The network no longer exists."), err))
        return false;
    if (!read_children(db, out, err)) {
        network_clear(out);
        return false;
    }
    return true;
}

bool network_list(struct db *db, int64_t project_id, const char *name, int64_t offset, int limit,
                  struct network_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, NET_COLUMNS,
                       NET_FROM " WHERE n.project_id = ?1 AND (?2 = '' OR n.name_zh LIKE ?3 "
                                "ESCAPE '\\' OR n.name_en LIKE ?3 ESCAPE '\\')",
                       "n.id", DB_ARGS(DB_I(project_id), DB_T(name ? name : ""), DB_T(like)),
                       offset, limit, &out->total, add_network, out, err);
    g_free(like);
    if (!ok)
        network_page_free(out);
    return ok;
}

bool network_actor_project(struct db *db, const struct dv_actor *actor, int64_t fallback,
                           int64_t *project_id, struct dv_error *err)
{
    return project_for_actor(db, actor, fallback, project_id, err);
}

/* ---------------------------------------------------------------- choices */

/* The networks other than self that already use a subnet, by kind:
 * ?1 subnet, ?2 self.  A subnet is shared by isolated and NAT networks
 * only (S1); routed (S2) and Linux/OVS (S4) networks take it alone
 * (OP-20, matrix 6.1). */
#define SUBNET_USERS_SHARED                                                                        \
    "SELECT count(*) FROM network o WHERE o.subnet_id = ?1 AND o.id != ?2 AND o.type IN (0, 1)"
#define SUBNET_USERS_EXCL                                                                          \
    "SELECT count(*) FROM network o WHERE o.subnet_id = ?1 AND o.id != ?2 AND o.type IN (2, 3, 4)"

bool network_subnet_choices(struct db *db, int64_t project_id, enum network_type type,
                            int64_t network_id, struct choice_list *out, struct dv_error *err)
{
    /* ?1 project, ?2 self, ?3 type */
    static const char sql[] =
        "SELECT s.id, s.name || ' (' || s.address || '/' || s.prefix || ')', "
        "CASE WHEN EXISTS (SELECT 1 FROM network m WHERE m.id = ?2 AND m.subnet_id = s.id) "
        "THEN 1 ELSE 0 END FROM subnet s "
        "JOIN subnet_project sp ON sp.subnet_id = s.id AND sp.project_id = ?1 "
        "WHERE ?3 != 5 "
        /* S1, S2: no automatic gateway for isolated, NAT, routed */
        "AND NOT (?3 IN (0, 1, 2) AND s.auto_gateway = 1) "
        /* nobody else may hold it exclusively */
        "AND NOT EXISTS (SELECT 1 FROM network o WHERE o.subnet_id = s.id AND o.id != ?2 "
        "AND o.type IN (2, 3, 4)) "
        /* routed and Linux/OVS take it alone */
        "AND NOT (?3 IN (2, 3, 4) AND EXISTS (SELECT 1 FROM network o WHERE o.subnet_id = s.id "
        "AND o.id != ?2)) "
        "ORDER BY s.name";

    memset(out, 0, sizeof(*out));
    return choice_select(db, sql, DB_ARGS(DB_I(project_id), DB_I(network_id), DB_I(type)), out,
                         err);
}

bool network_host_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, state FROM host ORDER BY name", DB_NOARGS, out, err);
}

/* ---------------------------------------------------------------- rules against other records */

/* S0-S5 for s (self: its id, 0 when adding). */
static bool check_subnet(struct db *db, const struct network_spec *s, int64_t self,
                         struct dv_error *err)
{
    int64_t assigned = 0, autogw = 0, excl = 0, shared = 0;

    if (!s->subnet_id)
        return true;
    if (!db_scalar(db,
                   "SELECT count(*) FROM subnet_project WHERE subnet_id = ?1 AND project_id = ?2",
                   DB_ARGS(DB_I(s->subnet_id), DB_I(s->project_id)), &assigned, err) ||
        !db_scalar(db, "SELECT coalesce(max(auto_gateway), 0) FROM subnet WHERE id = ?1",
                   DB_ARGS(DB_I(s->subnet_id)), &autogw, err))
        return false;
    if (!assigned) {
        dv_error_set(err, DV_ERR_INVALID, NWF_SUBNET, "%s",
                     _("The subnet is not assigned to your project."));
        return false;
    }
    if (network_type_internal(s->type) && autogw) {
        dv_error_set(err, DV_ERR_INVALID, NWF_SUBNET, "%s",
                     _("Isolated/NAT/routed networks cannot use a subnet whose gateway is built "
                       "automatically."));
        return false;
    }
    if (!db_scalar(db, SUBNET_USERS_EXCL, DB_ARGS(DB_I(s->subnet_id), DB_I(self)), &excl, err) ||
        !db_scalar(db, SUBNET_USERS_SHARED, DB_ARGS(DB_I(s->subnet_id), DB_I(self)), &shared, err))
        return false;
    if (excl) {
        dv_error_set(err, DV_ERR_INVALID, NWF_SUBNET, "%s",
                     _("The subnet is already used exclusively by another bridged/routed "
                       "network."));
        return false;
    }
    if (shared && !(s->type == NETWORK_ISOLATED || s->type == NETWORK_NAT)) {
        dv_error_set(err, DV_ERR_INVALID, NWF_SUBNET, "%s",
                     _("The subnet is used by another network; a routed or bridged network must "
                       "use it alone."));
        return false;
    }
    return true;
}

/* The name, the bound host, the bridge name on the host (OP-8) and the
 * forward interfaces on the host (H2), inside the transaction.  Networks
 * "share a host" when bound to the same one, or when either is not bound
 * (a bridged network may then come to any host). */
#define SAME_HOST "(coalesce(o.bound_host_id, 0) = 0 OR ?3 = 0 OR o.bound_host_id = ?3)"

static bool check_others(struct db *db, const struct network_spec *s, int64_t self,
                         struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db, "SELECT count(*) FROM network WHERE name_en = ?1 AND id != ?2",
                   DB_ARGS(DB_T(s->name_en), DB_I(self)), &n, err))
        return false;
    if (n) {
        dv_error_set(err, DV_ERR_EXISTS, NWF_NAME_EN, _("The network name '%s' already exists."),
                     s->name_en);
        return false;
    }
    if (s->bound_host_id) {
        if (!db_scalar(db, "SELECT count(*) FROM host WHERE id = ?1",
                       DB_ARGS(DB_I(s->bound_host_id)), &n, err))
            return false;
        if (!n) {
            dv_error_set(err, DV_ERR_NOTFOUND, NWF_BOUND_HOST, "%s",
                         _("The bound host no longer exists."));
            return false;
        }
    }
    if (s->subnet_id) {
        if (!db_scalar(db, "SELECT count(*) FROM subnet WHERE id = ?1", DB_ARGS(DB_I(s->subnet_id)),
                       &n, err))
            return false;
        if (!n) {
            dv_error_set(err, DV_ERR_NOTFOUND, NWF_SUBNET, "%s", _("The subnet no longer exists."));
            return false;
        }
    }
    if (!blank(s->bridge)) {
        if (!db_scalar(
                db,
                "SELECT count(*) FROM network o WHERE o.bridge = ?1 AND o.id != ?2 AND " SAME_HOST,
                DB_ARGS(DB_T(s->bridge), DB_I(self), DB_I(s->bound_host_id)), &n, err))
            return false;
        if (n) {
            dv_error_set(err, DV_ERR_EXISTS, NWF_BRIDGE,
                         _("The bridge name %s is already used by another network on this host."),
                         s->bridge);
            return false;
        }
    }
    /* H2: one forward interface, one network, per host */
    for (int i = -1; i < s->nifaces; i++) {
        const char *dev = i < 0 ? s->forward_dev : s->ifaces[i];

        if (blank(dev))
            continue;
        if (!db_scalar(db,
                       "SELECT count(*) FROM network o WHERE o.id != ?2 AND " SAME_HOST
                       " AND (o.forward_dev = ?1 OR EXISTS (SELECT 1 FROM network_iface i "
                       "WHERE i.network_id = o.id AND i.dev = ?1))",
                       DB_ARGS(DB_T(dev), DB_I(self), DB_I(s->bound_host_id)), &n, err))
            return false;
        if (n) {
            dv_error_set(err, DV_ERR_EXISTS, i < 0 ? NWF_FORWARD_DEV : NWF_IFACES,
                         _("The interface %s is already the forward interface of another network "
                           "on this host."),
                         dev);
            return false;
        }
    }
    return check_subnet(db, s, self, err);
}

bool network_in_use(struct db *db, int64_t id, struct dv_error *err)
{
    /* OP-16: a network is in use while an instance NIC references it
     * (VM clusters add theirs with chapter 12).  Running guests are also
     * refused by the delete job itself, which reads the live connections
     * of the network on every host before removing it. */
    int64_t n = 0;

    if (!db_scalar(db, "SELECT count(*) FROM instance_nic WHERE network_id = ?1", DB_ARGS(DB_I(id)),
                   &n, err))
        return true;
    if (!n)
        return false;
    dv_error_set(err, DV_ERR_INUSE, NULL,
                 _("The network is used by %lld network interfaces of VM instances; it cannot be "
                   "deleted."),
                 (long long)n);
    return true;
}

/* ---------------------------------------------------------------- XML */

char *network_build_xml(struct db *db, const struct network_spec *s, const char *uuid,
                        struct dv_error *err)
{
    struct subnet sub = {0};
    char *part = NULL, *xml = NULL;

    /* the current subnet record (M10.3.3 picks up its changes); libvirt
     * takes its <ip>, <dns>, <domain> for the internal kinds only */
    if (s->subnet_id && network_type_internal(s->type)) {
        if (!subnet_get(db, s->subnet_id, &sub, err))
            return NULL;
        part = netxml_subnet_part(&sub);
        subnet_free(&sub);
    }
    xml = netxml_build(s, uuid, part, err);
    g_free(part);
    return xml;
}

/* ---------------------------------------------------------------- writing */

static struct db_val bw_val(int64_t v)
{
    return v == NETWORK_BW_UNSET ? DB_NULL : DB_I(v);
}

static bool insert_children(struct db *db, int64_t id, const struct network_spec *s,
                            struct dv_error *err)
{
    bool ok = true;

    for (int i = 0; ok && i < s->nroutes; i++)
        ok = db_do(db,
                   "INSERT INTO network_route(network_id, ip_version, address, prefix, gateway) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                   DB_ARGS(DB_I(id), DB_I(s->routes[i].family), DB_T(s->routes[i].address),
                           DB_I(s->routes[i].prefix), DB_T(s->routes[i].gateway)),
                   err);
    for (int i = 0; ok && i < s->nportgroups; i++) {
        const struct network_portgroup *pg = &s->portgroups[i];
        int64_t pg_id;

        ok = db_do(db,
                   "INSERT INTO network_portgroup(network_id, name, in_average, in_peak, in_burst, "
                   "out_average, out_peak, out_burst, vlan_trunk) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                   DB_ARGS(DB_I(id), DB_T(pg->name), bw_val(pg->bw.in_average),
                           bw_val(pg->bw.in_peak), bw_val(pg->bw.in_burst),
                           bw_val(pg->bw.out_average), bw_val(pg->bw.out_peak),
                           bw_val(pg->bw.out_burst), DB_I(pg->vlan.trunk)),
                   err);
        pg_id = db_last_id(db);
        for (int j = 0; ok && j < pg->vlan.n; j++)
            ok = db_do(db,
                       "INSERT INTO network_vlan(network_id, portgroup_id, tag, native) "
                       "VALUES (?1, ?2, ?3, ?4)",
                       DB_ARGS(DB_I(id), DB_I(pg_id), DB_I(pg->vlan.v[j].tag),
                               DB_T(native_text(pg->vlan.v[j].native))),
                       err);
    }
    for (int j = 0; ok && j < s->vlan.n; j++)
        ok = db_do(
            db, "INSERT INTO network_vlan(network_id, tag, native) VALUES (?1, ?2, ?3)",
            DB_ARGS(DB_I(id), DB_I(s->vlan.v[j].tag), DB_T(native_text(s->vlan.v[j].native))), err);
    for (int i = 0; ok && i < s->nifaces; i++)
        ok = db_do(db, "INSERT INTO network_iface(network_id, dev) VALUES (?1, ?2)",
                   DB_ARGS(DB_I(id), DB_T(s->ifaces[i])), err);
    return ok;
}

static bool insert_network(struct db *db, const struct network_spec *s, const char *uuid,
                           const char *xml, int64_t *id, struct dv_error *err)
{
    bool ok = db_do(
        db,
        "INSERT INTO network(uuid, project_id, name_en, name_zh, description, type, bridge, mac, "
        "bound_host_id, ipv6, stp, delay_ms, forward_dev, subnet_id, in_average, in_peak, "
        "in_burst, out_average, out_peak, out_burst, nat_addr_start, nat_addr_end, "
        "nat_port_start, nat_port_end, vlan_trunk, interface_id, xml, created_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
        "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
        DB_ARGS(DB_T(uuid), DB_I(s->project_id), DB_T(s->name_en), DB_T(s->name_zh),
                DB_T(s->description), DB_I(s->type), DB_T(s->bridge), DB_T(s->mac),
                DB_ID0(s->bound_host_id), DB_I(s->ipv6), DB_I(s->stp), DB_I(s->delay_ms),
                DB_T(s->forward_dev), DB_ID0(s->subnet_id), bw_val(s->bw.in_average),
                bw_val(s->bw.in_peak), bw_val(s->bw.in_burst), bw_val(s->bw.out_average),
                bw_val(s->bw.out_peak), bw_val(s->bw.out_burst), DB_T(s->nat_addr_start),
                DB_T(s->nat_addr_end), DB_I(s->nat_port_start), DB_I(s->nat_port_end),
                DB_I(s->vlan.trunk), DB_T(s->interface_id), DB_T(xml), DB_I(dv_now())),
        err);

    if (ok)
        *id = db_last_id(db);
    return ok && insert_children(db, *id, s, err);
}

static bool update_network(struct db *db, int64_t id, const struct network_spec *s, const char *xml,
                           struct dv_error *err)
{
    return db_do(db,
                 "UPDATE network SET name_en = ?2, name_zh = ?3, description = ?4, bridge = ?5, "
                 "mac = ?6, bound_host_id = ?7, ipv6 = ?8, stp = ?9, delay_ms = ?10, "
                 "forward_dev = ?11, subnet_id = ?12, in_average = ?13, in_peak = ?14, "
                 "in_burst = ?15, out_average = ?16, out_peak = ?17, out_burst = ?18, "
                 "nat_addr_start = ?19, nat_addr_end = ?20, nat_port_start = ?21, "
                 "nat_port_end = ?22, vlan_trunk = ?23, interface_id = ?24, xml = ?25 "
                 "WHERE id = ?1",
                 DB_ARGS(DB_I(id), DB_T(s->name_en), DB_T(s->name_zh), DB_T(s->description),
                         DB_T(s->bridge), DB_T(s->mac), DB_ID0(s->bound_host_id), DB_I(s->ipv6),
                         DB_I(s->stp), DB_I(s->delay_ms), DB_T(s->forward_dev),
                         DB_ID0(s->subnet_id), bw_val(s->bw.in_average), bw_val(s->bw.in_peak),
                         bw_val(s->bw.in_burst), bw_val(s->bw.out_average), bw_val(s->bw.out_peak),
                         bw_val(s->bw.out_burst), DB_T(s->nat_addr_start), DB_T(s->nat_addr_end),
                         DB_I(s->nat_port_start), DB_I(s->nat_port_end), DB_I(s->vlan.trunk),
                         DB_T(s->interface_id), DB_T(xml)),
                 err) &&
           db_do(db, "DELETE FROM network_vlan WHERE network_id = ?1", DB_ARGS(DB_I(id)), err) &&
           db_do(db, "DELETE FROM network_portgroup WHERE network_id = ?1", DB_ARGS(DB_I(id)),
                 err) &&
           db_do(db, "DELETE FROM network_route WHERE network_id = ?1", DB_ARGS(DB_I(id)), err) &&
           db_do(db, "DELETE FROM network_iface WHERE network_id = ?1", DB_ARGS(DB_I(id)), err) &&
           insert_children(db, id, s, err);
}

/* ---------------------------------------------------------------- sites and jobs */

enum site_action {
    SITE_ENSURE, /* define (and start) */
    SITE_REMOVE, /* destroy, autostart off, undefine */
};

struct site {
    struct network_site s;
    enum site_action action;
    bool start;      /* internal kinds, and bridged ones on their bound host */
    bool restart;    /* modify: restart when idle */
    bool h1_check;   /* OP-8: refuse to start beside another active internal network */
    char **h1_uuids; /* the other internal networks bound to the host */
    char **h1_names;
    /* the worker's findings */
    bool done, started, pending, h1_refused, in_use;
    int connections;
    char *error;
};

static void site_clear(struct site *x)
{
    hostnet_site_clear(&x->s);
    g_free(x->s.host_name);
    g_free(x->s.uri);
    g_free(x->s.uuid);
    g_free(x->s.name);
    g_free(x->s.xml);
    g_free(x->s.bridge);
    g_free(x->s.forward_dev);
    g_strfreev(x->s.ifaces);
    g_strfreev(x->h1_uuids);
    g_strfreev(x->h1_names);
    g_free(x->error);
    memset(x, 0, sizeof(*x));
}

struct visit {
    int64_t network_id;
    char *name;
    enum audit_type audit;
    struct site *sites;
    int n;
    GString *notice;          /* OP-28, H1 */
    GString *warning;         /* hosts that failed */
    struct network_spec spec; /* add: the record to remove again on failure */
    bool delete_record;       /* delete: the record goes in the finish */
};

static void visit_free(void *data)
{
    struct visit *v = data;

    for (int i = 0; i < v->n; i++)
        site_clear(&v->sites[i]);
    g_free(v->sites);
    g_free(v->name);
    g_string_free(v->notice, TRUE);
    g_string_free(v->warning, TRUE);
    network_spec_clear(&v->spec);
    g_free(v);
}

static struct visit *visit_new(int64_t id, const char *name, enum audit_type audit)
{
    struct visit *v = g_new0(struct visit, 1);

    v->network_id = id;
    v->name = g_strdup(name);
    v->audit = audit;
    v->notice = g_string_new(NULL);
    v->warning = g_string_new(NULL);
    return v;
}

struct strv_read {
    GPtrArray *a, *b;
};

static bool read_two(const struct db_row *r, void *ctx)
{
    struct strv_read *s = ctx;

    g_ptr_array_add(s->a, db_row_text(r, 0));
    g_ptr_array_add(s->b, db_row_text(r, 1));
    return true;
}

static bool read_host(const struct db_row *r, void *ctx)
{
    struct site *x = ctx;

    x->s.host_name = db_row_text(r, 0);
    x->s.uri = db_row_text(r, 1);
    return false;
}

/* Add the site of host_id to v for the network (id, uuid, s, xml). */
static bool visit_add(struct db *db, struct visit *v, int64_t host_id, int64_t id, const char *uuid,
                      const struct network_spec *s, const char *xml, enum site_action action,
                      bool restart, struct dv_error *err)
{
    struct site *x;
    int64_t made = 0;

    v->sites = g_renew(struct site, v->sites, v->n + 1);
    x = &v->sites[v->n];
    memset(x, 0, sizeof(*x));
    if (!db_get(db, "SELECT name, uri FROM host WHERE id = ?1", DB_ARGS(DB_I(host_id)), read_host,
                x, _("The host no longer exists."), err) ||
        !db_scalar(db,
                   "SELECT coalesce(max(made_bridge), 0) FROM network_host "
                   "WHERE network_id = ?1 AND host_id = ?2",
                   DB_ARGS(DB_I(id), DB_I(host_id)), &made, err)) {
        site_clear(x);
        return false;
    }
    x->s.network_id = id;
    x->s.host_id = host_id;
    x->s.uuid = g_strdup(uuid);
    x->s.name = g_strdup(s->name_en);
    x->s.xml = g_strdup(xml);
    x->s.type = s->type;
    x->s.bridge = g_strdup(s->bridge);
    x->s.forward_dev = g_strdup(s->forward_dev);
    x->s.ifaces = g_strdupv(s->ifaces);
    x->s.stp = s->stp;
    x->s.delay_s = netxml_delay_seconds(s->delay_ms);
    x->s.made_bridge = made != 0;
    x->action = action;
    x->start = true;
    x->restart = restart;
    if (!hostnet_site_prepare(db, &x->s, action == SITE_ENSURE, err)) {
        site_clear(x);
        return false;
    }
    if (action == SITE_ENSURE && network_type_internal(s->type)) {
        struct strv_read r = {g_ptr_array_new(), g_ptr_array_new()};

        if (!db_query(db,
                      "SELECT n.uuid, n.name_en FROM network n JOIN network_host nh "
                      "ON nh.network_id = n.id AND nh.host_id = ?1 "
                      "WHERE n.id != ?2 AND n.type IN (0, 1, 2) ORDER BY n.id",
                      DB_ARGS(DB_I(host_id), DB_I(id)), read_two, &r, NULL, err)) {
            g_ptr_array_free(r.a, TRUE);
            g_ptr_array_free(r.b, TRUE);
            site_clear(x);
            return false;
        }
        g_ptr_array_add(r.a, NULL);
        g_ptr_array_add(r.b, NULL);
        x->h1_check = true;
        x->h1_uuids = (char **)g_ptr_array_free(r.a, FALSE);
        x->h1_names = (char **)g_ptr_array_free(r.b, FALSE);
    }
    v->n++;
    return true;
}

/* On a worker: one site.  Errors go into x->error. */
static void site_work(struct job_ctx *ctx, struct site *x)
{
    struct dv_error e = {0};
    const struct network_host_steps *steps = network_host_steps_of(x->s.type);
    struct virt_conn *c = hostconn_get_uri(x->s.uri, &e);
    bool ok = c != NULL;

    if (ok && x->action == SITE_REMOVE) {
        ok = virt_net_connections(c, x->s.uuid, &x->connections, &e);
        if (ok && x->connections > 0) {
            x->in_use = true;
            ok = false;
            dv_error_set(&e, DV_ERR_INUSE, NULL,
                         _("%d guest interfaces are connected to the network."), x->connections);
        }
        ok = ok && virt_net_remove(c, x->s.uuid, &e) &&
             (!steps->down || steps->down(ctx, &x->s, &e));
    } else if (ok) {
        struct virt_net_state st = {0};
        bool start = x->start, ensured = false;

        /* OP-8 / H1: no second active isolated/NAT/routed network */
        for (int i = 0; ok && start && x->h1_check && x->h1_uuids[i]; i++) {
            bool defined = false, active = false;

            ok = virt_net_state(c, x->h1_uuids[i], &defined, &active, &e);
            if (ok && active) {
                bool self_defined = false, self_active = false;

                ok = virt_net_state(c, x->s.uuid, &self_defined, &self_active, &e);
                if (!self_active) {
                    start = false;
                    x->h1_refused = true;
                    g_free(x->error);
                    x->error = g_strdup_printf(
                        _("The network %s is active on the host %s: only one isolated, NAT or "
                          "routed network may be active on a host (H1); %s is defined but not "
                          "started."),
                        x->h1_names[i], x->s.host_name, x->s.name);
                }
            }
        }
        bool stepped = false;

        ok = ok && (!steps->up || (stepped = steps->up(ctx, &x->s, &e)));
        if (ok) {
            ensured = true;
            ok = virt_net_ensure(c, x->s.uuid, x->s.xml, start, x->restart,
                                 network_type_internal(x->s.type), &st, &e);
        }
        if (!ok && stepped) /* libvirt refused: what the host step made goes */
            hostnet_site_undo(&x->s);
        x->started = st.active;
        x->pending = st.pending;
        x->connections = st.connections;
        /* a definition this step made and could not start goes again */
        if (!ok && ensured && !st.defined) {
            struct dv_error ignored = {0};

            virt_net_remove(c, x->s.uuid, &ignored);
        }
    }
    x->done = ok;
    if (!ok) {
        g_free(x->error);
        x->error = g_strdup(e.msg);
    }
    dv_error_clear(&e);
}

static bool visit_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct visit *v = data;

    (void)result;
    (void)err;
    /* a delete first asks every host whether guests use it, and removes
     * nothing when one does */
    if (v->delete_record) {
        for (int i = 0; i < v->n; i++) {
            struct dv_error e = {0};
            struct virt_conn *c = hostconn_get_uri(v->sites[i].s.uri, &e);

            if (c && virt_net_connections(c, v->sites[i].s.uuid, &v->sites[i].connections, &e) &&
                v->sites[i].connections > 0) {
                v->sites[i].in_use = true;
                dv_error_clear(&e);
                return true;
            }
            dv_error_clear(&e);
        }
    }
    for (int i = 0; i < v->n; i++) {
        job_ctx_progress(ctx, v->n ? (double)i / v->n : -1, v->sites[i].s.host_name);
        site_work(ctx, &v->sites[i]);
    }
    return true;
}

static bool remember_host(struct db *db, const struct site *x, struct dv_error *err)
{
    return db_do(db,
                 "INSERT INTO network_host(network_id, host_id, made_bridge) VALUES (?1, ?2, ?3) "
                 "ON CONFLICT(network_id, host_id) DO UPDATE SET made_bridge = ?3",
                 DB_ARGS(DB_I(x->s.network_id), DB_I(x->s.host_id), DB_I(x->s.made_bridge)), err);
}

/* ---------------------------------------------------------------- a part of another job */

struct network_host_site {
    struct visit *v; /* one site */
};

struct network_host_site *network_host_site_new(struct db *db, int64_t network_id, int64_t host_id,
                                                struct dv_error *err)
{
    struct network n = {0};
    struct network_host_site *hs = NULL;
    struct visit *v;

    if (!network_get(db, network_id, &n, err))
        return NULL;
    v = visit_new(network_id, n.spec.name_en, AUDIT_MODIFY);
    if (visit_add(db, v, host_id, network_id, n.uuid, &n.spec, n.xml, SITE_ENSURE, false, err)) {
        hs = g_new0(struct network_host_site, 1);
        hs->v = v;
    } else {
        visit_free(v);
    }
    network_clear(&n);
    return hs;
}

bool network_host_site_run(struct job_ctx *ctx, struct network_host_site *hs, struct dv_error *err)
{
    struct site *x = &hs->v->sites[0];

    site_work(ctx, x);
    if (x->done && x->started)
        return true;
    dv_error_set(err, DV_ERR_IO, NULL, _("The network %s could not be started on the host %s: %s"),
                 x->s.name, x->s.host_name,
                 x->error ? x->error : _("it is defined but not active"));
    return false;
}

bool network_host_site_record(struct db *db, struct network_host_site *hs, struct dv_error *err)
{
    struct site *x = &hs->v->sites[0];

    if (!x->done)
        return true;
    if (!remember_host(db, x, err))
        return false;
    hostnet_site_finish(db, &x->s);
    return true;
}

void network_host_site_free(struct network_host_site *hs)
{
    if (!hs)
        return;
    visit_free(hs->v);
    g_free(hs);
}

static void note(GString *s, const char *text)
{
    if (text && *text)
        g_string_append_printf(s, "%s%s", s->len ? "\n" : "", text);
}

static void remove_record(struct db *db, int64_t id)
{
    struct dv_error ignored = {0};

    db_do(db, "DELETE FROM network WHERE id = ?1", DB_ARGS(DB_I(id)), &ignored);
    dv_error_clear(&ignored);
}

/* add: the audit row once the bound host has it, else the record goes */
static bool add_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct visit *v = data;
    struct db *db = job_db(job);

    (void)result;
    for (int i = 0; ok && i < v->n; i++) {
        const struct site *x = &v->sites[i];

        if (!x->done) {
            dv_error_set(err, DV_ERR_IO, NULL, _("The host %s refused the network: %s"),
                         x->s.host_name, x->error ? x->error : "");
            ok = false;
        }
        if (x->h1_refused)
            note(v->notice, x->error);
    }
    if (ok && db_begin(db, err)) {
        for (int i = 0; ok && i < v->n; i++)
            ok = remember_host(db, &v->sites[i], err);
        ok = audit_commit(db, ok, job_actor(job), AUDIT_ADD, N_("Add network"), v->name, err);
    } else {
        ok = false;
    }
    if (!ok) {
        remove_record(db, v->network_id);
        return false;
    }
    for (int i = 0; i < v->n; i++)
        hostnet_site_finish(db, &v->sites[i].s);
    job_set_result_text(job, v->notice->len ? v->notice->str : _("The network was added."));
    return true;
}

struct job *network_add_start(struct db *db, const struct dv_actor *actor,
                              const struct network_spec *in, struct dv_error *err)
{
    struct network_spec s = {0};
    struct job *job = NULL;
    char *uuid = g_uuid_string_random(), *xml = NULL;
    int64_t id = 0;
    bool ok;

    network_spec_copy(&s, in);
    ok = network_actor_project(db, actor, in->project_id, &s.project_id, err) &&
         network_check(&s, NULL, err);
    /* step 1: the rules against the other records, and the record */
    if (ok && db_begin(db, err)) {
        ok = check_others(db, &s, 0, err) && (xml = network_build_xml(db, &s, uuid, err)) &&
             insert_network(db, &s, uuid, xml, &id, err);
        if (ok && !s.bound_host_id) /* nothing on a host yet (OP-23): done now */
            ok = audit_op(db, actor, AUDIT_ADD, N_("Add network"), s.name_en, err);
        if (ok)
            ok = db_commit(db, err);
        else
            db_rollback(db);
    } else {
        ok = false;
    }
    /* step 2, on a worker: the bound host */
    if (ok) {
        struct visit *v = visit_new(id, s.name_en, AUDIT_ADD);
        struct job_spec spec = {.what = N_("Add network"),
                                .object = s.name_en,
                                .work = visit_work,
                                .finish = s.bound_host_id ? add_finish : NULL,
                                .data = v,
                                .data_free = visit_free};

        if (s.bound_host_id &&
            !visit_add(db, v, s.bound_host_id, id, uuid, &s, xml, SITE_ENSURE, false, err)) {
            visit_free(v);
            remove_record(db, id);
        } else {
            spec.host = v->n ? v->sites[0].s.host_name : NULL;
            job = job_start(db, actor, &spec, err);
            if (!job && s.bound_host_id)
                remove_record(db, id);
        }
    }
    g_free(uuid);
    g_free(xml);
    network_spec_clear(&s);
    return job;
}

int64_t network_add_job_id(const struct job *job)
{
    return ((const struct visit *)job_data(job))->network_id;
}

bool network_add(struct db *db, const struct dv_actor *actor, const struct network_spec *s,
                 int64_t *id, char **warning, struct dv_error *err)
{
    struct job *job = network_add_start(db, actor, s, err);
    bool ok = job_run(job, err);

    if (warning) {
        struct network_spec c = {0};
        struct dv_error ignored = {0};
        const struct visit *v = job ? job_data(job) : NULL;
        char *w = NULL;
        GString *all = g_string_new(NULL);

        network_spec_copy(&c, s);
        network_check(&c, &w, &ignored);
        note(all, w);
        if (ok && v)
            note(all, v->notice->str);
        *warning = all->len ? g_string_free(all, FALSE) : (g_string_free(all, TRUE), NULL);
        g_free(w);
        network_spec_clear(&c);
    }
    if (ok && id)
        *id = network_add_job_id(job);
    job_unref(job);
    return ok;
}

/* ---- modify */

static bool modify_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct visit *v = data;
    struct db *db = job_db(job);
    bool pending = false;

    (void)result;
    if (!ok) { /* the record is saved; say where it may not be applied */
        note(v->warning, err->msg);
        dv_error_clear(err);
    }
    for (int i = 0; i < v->n; i++) {
        struct site *x = &v->sites[i];
        struct dv_error e = {0};

        if (x->done && x->action == SITE_ENSURE) {
            remember_host(db, x, &e);
            if (x->pending && !pending) {
                note(v->notice, _("Network in use; changes apply after the network restarts."));
                pending = true;
            }
        } else if (x->done && x->action == SITE_REMOVE) {
            db_do(db, "DELETE FROM network_host WHERE network_id = ?1 AND host_id = ?2",
                  DB_ARGS(DB_I(x->s.network_id), DB_I(x->s.host_id)), &e);
        }
        hostnet_site_finish(db, &x->s);
        if (x->h1_refused)
            note(v->notice, x->error);
        else if (!x->done) {
            char *line = g_strdup_printf("%s: %s", x->s.host_name, x->error ? x->error : "");

            note(v->warning, line);
            g_free(line);
        }
        dv_error_clear(&e);
    }
    {
        GString *all = g_string_new(v->notice->str);

        note(all, v->warning->str);
        job_set_result_text(job, all->len ? all->str : _("The network was modified."));
        g_string_free(all, TRUE);
    }
    return true;
}

static bool read_id(const struct db_row *r, void *ctx)
{
    int64_t id = db_row_int(r, 0);

    g_array_append_val((GArray *)ctx, id);
    return true;
}

static bool hosts_of(struct db *db, int64_t id, GArray *out, struct dv_error *err)
{
    return db_query(db, "SELECT host_id FROM network_host WHERE network_id = ?1 ORDER BY host_id",
                    DB_ARGS(DB_I(id)), read_id, out, NULL, err);
}

/* The network id of a project admin's own project, or any for the sysadm. */
static bool open_network(struct db *db, const struct dv_actor *actor, int64_t id,
                         struct network *out, struct dv_error *err)
{
    int64_t project = 0;

    if (!network_get(db, id, out, err))
        return false;
    if (!network_actor_project(db, actor, out->spec.project_id, &project, err) ||
        project != out->spec.project_id) {
        if (project != out->spec.project_id)
            dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                         _("The network belongs to another project."));
        network_clear(out);
        return false;
    }
    return true;
}

struct job *network_modify_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                 const struct network_spec *in, struct dv_error *err)
{
    struct network old = {0};
    struct network_spec s = {0};
    struct job *job = NULL;
    struct visit *v = NULL;
    GArray *hosts = g_array_new(FALSE, FALSE, sizeof(int64_t));
    char *xml = NULL;
    bool ok = db_begin(db, err);

    if (!ok) {
        g_array_free(hosts, TRUE);
        return NULL;
    }
    network_spec_copy(&s, in);
    ok = open_network(db, actor, id, &old, err);
    if (ok && s.type != old.spec.type) {
        dv_error_set(err, DV_ERR_INVALID, NWF_TYPE, "%s", _("The network type cannot be changed."));
        ok = false;
    }
    if (ok)
        s.project_id = old.spec.project_id;
    ok = ok && network_check(&s, NULL, err) && check_others(db, &s, id, err) &&
         (xml = network_build_xml(db, &s, old.uuid, err)) &&
         db_bump_version(db, "network", id, s.version, _("The network no longer exists."), err) &&
         update_network(db, id, &s, xml, err) && hosts_of(db, id, hosts, err);
    if (ok) {
        bool bound_there = false;

        v = visit_new(id, s.name_en, AUDIT_MODIFY);
        for (guint i = 0; ok && i < hosts->len; i++) {
            int64_t h = g_array_index(hosts, int64_t, i);
            /* an internal network lives on its bound host only: moved away */
            bool away = network_type_internal(s.type) && h != s.bound_host_id;

            bound_there = bound_there || h == s.bound_host_id;
            ok = visit_add(db, v, h, id, old.uuid, &s, xml, away ? SITE_REMOVE : SITE_ENSURE, true,
                           err);
        }
        if (ok && s.bound_host_id && !bound_there)
            ok = visit_add(db, v, s.bound_host_id, id, old.uuid, &s, xml, SITE_ENSURE, false, err);
    }
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify network"), s.name_en, err);
    if (ok) {
        struct job_spec spec = {.what = N_("Modify network"),
                                .object = s.name_en,
                                .work = visit_work,
                                .finish = modify_finish,
                                .data = v,
                                .data_free = visit_free};

        spec.host = v->n == 1 ? v->sites[0].s.host_name : NULL;
        job = job_start(db, actor, &spec, err);
        v = NULL;
    }
    if (v)
        visit_free(v);
    g_array_free(hosts, TRUE);
    g_free(xml);
    network_clear(&old);
    network_spec_clear(&s);
    return job;
}

const char *network_modify_notice(const struct job *job)
{
    const struct visit *v = job_data(job);

    return v->notice->len ? v->notice->str : NULL;
}

bool network_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                    const struct network_spec *s, char **notice, struct dv_error *err)
{
    struct job *job = network_modify_start(db, actor, id, s, err);
    bool ok = job_run(job, err);

    if (notice) {
        const struct visit *v = job ? job_data(job) : NULL;
        GString *all = g_string_new(NULL);

        if (v) {
            note(all, v->notice->str);
            note(all, v->warning->str);
        }
        *notice = all->len ? g_string_free(all, FALSE) : (g_string_free(all, TRUE), NULL);
    }
    job_unref(job);
    return ok;
}

/* ---- delete */

static bool delete_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct visit *v = data;
    struct db *db = job_db(job);

    (void)result;
    for (int i = 0; i < v->n; i++)
        if (v->sites[i].in_use) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The network is in use by %d guest interfaces on the host %s; it "
                           "cannot be deleted."),
                         v->sites[i].connections, v->sites[i].s.host_name);
            return false;
        }
    if (!ok) {
        note(v->warning, err->msg);
        dv_error_clear(err);
    }
    for (int i = 0; i < v->n; i++)
        if (!v->sites[i].done) {
            char *line = g_strdup_printf("%s: %s", v->sites[i].s.host_name,
                                         v->sites[i].error ? v->sites[i].error : "");

            note(v->warning, line);
            g_free(line);
        }
    /* the record goes now, with its audit row (again every in-use rule) */
    if (!db_begin(db, err))
        return false;
    ok = !network_in_use(db, v->network_id, err) &&
         db_do(db, "DELETE FROM network WHERE id = ?1", DB_ARGS(DB_I(v->network_id)), err);
    if (!audit_commit(db, ok, job_actor(job), AUDIT_DELETE, N_("Delete network"), v->name, err))
        return false;
    for (int i = 0; i < v->n; i++)
        hostnet_site_finish(db, &v->sites[i].s);
    job_set_result_text(job, v->warning->len ? v->warning->str : _("The network was deleted."));
    return true;
}

struct job *network_delete_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                 struct dv_error *err)
{
    struct network n = {0};
    struct job *job = NULL;
    struct visit *v = NULL;
    GArray *hosts = g_array_new(FALSE, FALSE, sizeof(int64_t));
    bool ok = open_network(db, actor, id, &n, err) && audit_actor_alive(db, actor, err) &&
              !network_in_use(db, id, err) && hosts_of(db, id, hosts, err);

    /* the hosts are asked first (guests connected?); the record and its
     * audit row go in the finish, once no host refused */
    if (ok) {
        v = visit_new(id, n.spec.name_en, AUDIT_DELETE);
        v->delete_record = true;
        for (guint i = 0; ok && i < hosts->len; i++)
            ok = visit_add(db, v, g_array_index(hosts, int64_t, i), id, n.uuid, &n.spec, n.xml,
                           SITE_REMOVE, false, err);
    }
    if (ok) {
        struct job_spec spec = {.what = N_("Delete network"),
                                .object = n.spec.name_en,
                                .work = visit_work,
                                .finish = delete_finish,
                                .data = v,
                                .data_free = visit_free};

        job = job_start(db, actor, &spec, err);
        v = NULL;
    }
    if (v)
        visit_free(v);
    g_array_free(hosts, TRUE);
    network_clear(&n);
    return job;
}

const char *network_delete_warning(const struct job *job)
{
    const struct visit *v = job_data(job);

    return v->warning->len ? v->warning->str : NULL;
}

bool network_delete(struct db *db, const struct dv_actor *actor, int64_t id, char **warning,
                    struct dv_error *err)
{
    struct job *job = network_delete_start(db, actor, id, err);
    bool ok = job_run(job, err);

    if (warning)
        *warning = ok && network_delete_warning(job) ? g_strdup(network_delete_warning(job)) : NULL;
    job_unref(job);
    return ok;
}

/* ---- details: reservations and leases */

static bool read_reservation(const struct db_row *r, void *ctx)
{
    struct network_reservation x = {
        .mac = db_row_text(r, 0), .ip = db_row_text(r, 1), .hostname = db_row_text(r, 2)};

    g_array_append_val((GArray *)ctx, x);
    return true;
}

bool network_reservations(struct db *db, const struct dv_actor *actor, int64_t id,
                          struct network_reservation **out, int *n, struct dv_error *err)
{
    struct network net = {0};
    GArray *a;
    bool ok;

    *out = NULL;
    *n = 0;
    if (!open_network(db, actor, id, &net, err))
        return false;
    network_clear(&net);
    a = g_array_new(FALSE, TRUE, sizeof(struct network_reservation));
    ok = db_query(db,
                  "SELECT r.mac, r.ip, r.hostname FROM subnet_reservation r "
                  "JOIN network n ON n.subnet_id = r.subnet_id WHERE n.id = ?1 ORDER BY r.id",
                  DB_ARGS(DB_I(id)), read_reservation, a, NULL, err);
    *n = (int)a->len;
    *out = (struct network_reservation *)g_array_free(a, a->len == 0);
    if (!ok) {
        network_reservations_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

void network_reservations_free(struct network_reservation *r, int n)
{
    for (int i = 0; r && i < n; i++) {
        g_free(r[i].mac);
        g_free(r[i].ip);
        g_free(r[i].hostname);
    }
    g_free(r);
}

static void host_leases_clear(struct network_host_leases *h)
{
    g_free(h->host_name);
    g_free(h->error);
    virt_net_leases_free(h->leases, h->n);
    memset(h, 0, sizeof(*h));
}

void network_leases_clear(struct network_leases *l)
{
    for (int i = 0; i < l->n; i++)
        host_leases_clear(&l->hosts[i]);
    g_free(l->hosts);
    memset(l, 0, sizeof(*l));
}

/* What the lease job's worker has: per host its URI; the answers go into
 * leases (read by the owner only once the job succeeded). */
struct lease_visit {
    char *uuid;
    char **uris; /* one per leases.hosts entry */
    struct network_leases leases;
};

static void lease_visit_free(void *data)
{
    struct lease_visit *v = data;

    g_free(v->uuid);
    g_strfreev(v->uris);
    network_leases_clear(&v->leases);
    g_free(v);
}

/* One network_host row: the host's entry and its URI, in host id order. */
static bool read_lease_host(const struct db_row *r, void *ctx)
{
    struct lease_visit *v = ctx;
    struct network_host_leases h = {.host_id = db_row_int(r, 0), .host_name = db_row_text(r, 1)};

    v->leases.hosts = g_renew(struct network_host_leases, v->leases.hosts, v->leases.n + 1);
    v->leases.hosts[v->leases.n++] = h;
    v->uris = g_renew(char *, v->uris, v->leases.n + 1);
    v->uris[v->leases.n - 1] = db_row_text(r, 2);
    v->uris[v->leases.n] = NULL;
    return true;
}

static bool leases_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct lease_visit *v = data;

    (void)result;
    (void)err;
    for (int i = 0; i < v->leases.n; i++) {
        struct network_host_leases *h = &v->leases.hosts[i];
        struct dv_error e = {0};
        struct virt_conn *c;
        struct virt_net_lease *l = NULL;
        int n = 0;

        job_ctx_progress(ctx, (double)i / v->leases.n, h->host_name);
        c = hostconn_get_uri(v->uris[i], &e);
        h->ok = c && virt_net_leases(c, v->uuid, &l, &n, &e);
        if (h->ok) {
            h->leases = g_steal_pointer(&l);
            h->n = n;
        } else {
            h->error = g_strdup(e.msg);
        }
        dv_error_clear(&e);
    }
    return true;
}

struct job *network_leases_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                 struct dv_error *err)
{
    struct network net = {0};
    struct lease_visit *v;
    struct job *job = NULL;

    if (!open_network(db, actor, id, &net, err))
        return NULL;
    v = g_new0(struct lease_visit, 1);
    v->uuid = g_strdup(net.uuid);
    v->uris = g_new0(char *, 1);
    if (db_query(db,
                 "SELECT h.id, h.name, h.uri FROM network_host nh JOIN host h ON h.id = nh.host_id "
                 "WHERE nh.network_id = ?1 ORDER BY h.id",
                 DB_ARGS(DB_I(id)), read_lease_host, v, NULL, err)) {
        struct job_spec spec = {.what = N_("Read the DHCP leases"),
                                .object = net.spec.name_en,
                                .host = v->leases.n == 1 ? v->leases.hosts[0].host_name : NULL,
                                .work = leases_work,
                                .data = v,
                                .data_free = lease_visit_free};

        /* a read, not a task the user needs to find again: no task row */
        job = job_start(NULL, actor, &spec, err);
    } else {
        lease_visit_free(v);
    }
    network_clear(&net);
    return job;
}

void network_leases_take(struct job *job, struct network_leases *out)
{
    struct lease_visit *v = job_data(job);

    memset(out, 0, sizeof(*out));
    if (!job_ok(job))
        return;
    *out = v->leases;
    memset(&v->leases, 0, sizeof(v->leases));
}

bool network_leases(struct db *db, const struct dv_actor *actor, int64_t id,
                    struct network_leases *out, struct dv_error *err)
{
    struct job *job = network_leases_start(db, actor, id, err);
    bool ok = job_run(job, err);

    memset(out, 0, sizeof(*out));
    if (ok)
        network_leases_take(job, out);
    job_unref(job);
    return ok;
}
