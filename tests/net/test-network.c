/* test-network.c - the networks of a project (src/net/network.h) on a real
 * temporary database and libvirt's test driver (networks of every mode are
 * defined, started and set to autostart in the memory of the cached
 * connection; nothing is checked on a host: tests/net/svc-network-libvirt.sh
 * does that on a real libvirtd inside a network namespace).  Every rule is
 * refused with its field and leaves the tables and the operation log as
 * they were.  OVS and <bandwidth> cannot run on this kernel (no openvswitch
 * module, no sfq qdisc: TESTING.md): the test driver and the golden XML
 * (tests/xml/test-netxml.c) are what proves them.
 * features: M10.3.1 M10.3.2 M10.3.2.1 M10.3.2.1a M10.3.2.1b M10.3.2.2 M10.3.2.2a M10.3.2.2b
 * features: M10.3.2.3 M10.3.2.4 M10.3.2.5 M10.3.2.5a M10.3.2.5b M10.3.2.5c M10.3.2.6
 * features: M10.3.2.6a M10.3.3 M10.3.4 M10.2.1.2c */
#include "db/audit.h"
#include "hosts/host.h"
#include "net/network.h"
#include "virt/hostconn.h"
#include "virt/virtnet.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "lib/teststore.h"
#include "admin/user.h"
#include "jobs/job.h"

#include <stdlib.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;
static struct dv_actor admin = {.account = "zhou", .addr = "test"};
static struct dv_actor other_admin = {.account = "wang", .addr = "test"};
static int64_t host1, host2, project, other_project;
static int64_t sub_a, sub_b, sub_c, sub_d, sub_auto, sub_free, sub_other, sub_v6;
static char *base;

static const char *const snap_tables[] = {"network",      "network_route", "network_portgroup",
                                          "network_vlan", "network_iface", "network_host"};

#include "lib/testcheck.h"

/* ---------------------------------------------------------------- fixtures */

static void exec(const char *sql)
{
    struct dv_error err = {0};

    if (!db_exec(db, sql, &err))
        printf("# %s: %s\n", sql, err.msg);
}

static int64_t add_subnet(const char *name, int version, const char *address, int prefix,
                          const char *gateway, bool auto_gw, int64_t proj)
{
    char *sql = sqlite3_mprintf(
        "INSERT INTO subnet(name, ip_version, address, netmask, prefix, gateway, auto_gateway, "
        "created_at) VALUES (%Q, %d, %Q, %Q, %d, %Q, %d, 1)",
        name, version, address, version == 4 ? "255.255.255.0" : "", prefix, gateway, auto_gw);
    int64_t id;

    exec(sql);
    sqlite3_free(sql);
    id = db_last_id(db);
    if (proj) {
        sql =
            sqlite3_mprintf("INSERT INTO subnet_project(subnet_id, project_id) VALUES (%lld, %lld)",
                            (long long)id, (long long)proj);
        exec(sql);
        sqlite3_free(sql);
    }
    return id;
}

static void setup(void)
{
    struct dv_error err = {0};
    char *dir = g_build_filename(base, "group", NULL);
    struct project_quota quota = {.max = {5, 8, 8192, 2048, 0, 0, 1}};
    struct user_info u = {.name_zh = "王", .account = "wang"};
    int64_t group = 0, uid = 0;

    if (teststore_project(db, &sys, dir, "网站", &quota, "zhou", "周", &group, &project, &admin) &&
        !project_add(db, &sys, group, "其他", "", &other_project, &err))
        printf("# project set-up: %s\n", err.msg);
    project_set_active(db, &sys, other_project, true, &err);
    u.project_id = other_project;
    if (!user_add(db, &sys, &u, USER_INITIAL_PASSWORD, "pw", "pw", &uid, &err))
        printf("# user_add: %s\n", err.msg);
    other_admin.user_id = uid;
    g_free(dir);
    sub_a = add_subnet("sub-a", 4, "10.1.0.0", 24, "10.1.0.1", false, project);
    sub_b = add_subnet("sub-b", 4, "10.2.0.0", 24, "10.2.0.1", false, project);
    sub_c = add_subnet("sub-c", 4, "10.3.0.0", 24, "10.3.0.1", false, project);
    sub_d = add_subnet("sub-d", 4, "10.4.0.0", 24, "10.4.0.1", false, project);
    sub_auto = add_subnet("sub-auto", 4, "10.5.0.0", 24, "10.5.0.1", true, project);
    sub_free = add_subnet("sub-free", 4, "10.6.0.0", 24, "10.6.0.1", false, project);
    sub_other = add_subnet("sub-other", 4, "10.7.0.0", 24, "10.7.0.1", false, other_project);
    sub_v6 = add_subnet("sub-v6", 6, "2001:db8:1::", 64, "2001:db8:1::1", false, project);
}

/* A valid spec of type t (network_spec_clear it). */
static struct network_spec spec_of(enum network_type t, const char *name)
{
    struct network_spec s = {0};
    char *bridge = g_strdup_printf("br-%s", name);

    if (strlen(bridge) > 15)
        bridge[15] = '\0';
    s.type = t;
    s.name_en = g_strdup(name);
    s.name_zh = g_strdup_printf("网络%s", name);
    s.description = g_strdup("");
    s.bridge = t == NETWORK_MACVTAP ? g_strdup("") : g_strdup(bridge);
    s.mac = g_strdup("");
    s.forward_dev = g_strdup(t == NETWORK_BRIDGE || t == NETWORK_OVS ? "eth9" : "");
    s.interface_id = g_strdup("");
    s.nat_addr_start = g_strdup("");
    s.nat_addr_end = g_strdup("");
    s.bw = network_bandwidth_unset();
    s.ifaces = g_new0(char *, 2);
    if (t == NETWORK_MACVTAP) {
        s.ifaces[0] = g_strdup("eth7");
        s.nifaces = 1;
    }
    if (network_type_internal(t))
        s.bound_host_id = host1;
    if (t == NETWORK_NAT || t == NETWORK_ROUTED)
        s.subnet_id = sub_free;
    g_free(bridge);
    return s;
}

static void set_str(char **field, const char *v)
{
    g_free(*field);
    *field = g_strdup(v);
}

/* Add s as the project admin; refused: checks code and field and that
 * nothing was written. */
static void add_refused(struct network_spec *s, enum dv_status code, const char *field,
                        const char *what)
{
    struct snap before = snap_take();
    struct dv_error err = {0};
    int64_t id = 0;
    bool got = network_add(db, &admin, s, &id, NULL, &err);

    refused(got, &err, code, field, what);
    snap_same(&before, what);
    network_spec_clear(s);
}

static int64_t add_ok(struct network_spec *s, char **warning, const char *what)
{
    struct dv_error err = {0};
    long before = ops();
    int64_t id = 0;
    bool got = network_add(db, &admin, s, &id, warning, &err);

    ok(got, "%s: added (%s)", what, err.msg);
    is_int(ops(), before + 1, "%s: one operation-log row", what);
    is_int(count_where("op_log",
                       "id = (SELECT max(id) FROM op_log) AND user = 'zhou' AND type = %d AND "
                       "action = 'Add network' AND object = %Q",
                       AUDIT_ADD, s->name_en),
           1, "%s: the row says Add network %s", what, s->name_en);
    network_spec_clear(s);
    return id;
}

static char *net_xml(int64_t id)
{
    char *sql = sqlite3_mprintf("SELECT xml FROM network WHERE id = %lld", (long long)id);
    char *v = testdb_text(db, sql);

    sqlite3_free(sql);
    return v;
}

static char *net_uuid(int64_t id)
{
    char *sql = sqlite3_mprintf("SELECT uuid FROM network WHERE id = %lld", (long long)id);
    char *v = testdb_text(db, sql);

    sqlite3_free(sql);
    return v;
}

/* What the test-driver host says of the network uuid. */
static void uuid_state(int64_t host, const char *uuid, bool *defined, bool *active, bool *autostart)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get(db, host, &err);

    *defined = *active = *autostart = false;
    if (!c || !uuid || !virt_net_state(c, uuid, defined, active, &err) ||
        !virt_net_autostart(c, uuid, autostart, &err))
        printf("# host state: %s\n", uuid ? err.msg : "no uuid");
}

/* ... of network id */
static void host_state(int64_t host, int64_t id, bool *defined, bool *active, bool *autostart)
{
    char *uuid = net_uuid(id);

    uuid_state(host, uuid, defined, active, autostart);
    g_free(uuid);
}

static char *host_xml(int64_t host, int64_t id, bool inactive)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get(db, host, &err);
    char *uuid = net_uuid(id), *xml = c && uuid ? virt_net_xml(c, uuid, inactive, &err) : NULL;

    g_free(uuid);
    return xml;
}

static bool has(const char *xml, const char *part)
{
    return xml && strstr(xml, part);
}

/* ---------------------------------------------------------------- tests */

static void test_labels(void)
{
    const char *want[] = {"Isolated network",     "NAT network",        "Routed network",
                          "Linux bridge network", "OVS bridge network", "MACVTAP bridge network"};

    for (int t = 0; t < NETWORK_TYPE_COUNT; t++)
        is_str(network_type_label((enum network_type)t), want[t], "M10.3.2: type %d is %s", t,
               want[t]);
    is_str(network_type_label(NETWORK_TYPE_COUNT), "", "an unknown type has no label");
    ok(network_type_internal(NETWORK_ISOLATED) && network_type_internal(NETWORK_NAT) &&
           network_type_internal(NETWORK_ROUTED) && !network_type_internal(NETWORK_BRIDGE) &&
           !network_type_internal(NETWORK_OVS) && !network_type_internal(NETWORK_MACVTAP),
       "H1: isolated, NAT and routed are the internal kinds");
}

static void test_parse(void)
{
    struct network_spec s;
    struct dv_error err = {0};
    const char *ifaces[] = {"eth0", "eth1"};
    struct network_input in = {.type = NETWORK_NAT,
                               .name_en = "n1",
                               .name_zh = "网",
                               .bridge = "virn1",
                               .bound_host = "3",
                               .ipv6 = "1",
                               .stp = "0",
                               .delay_ms = "2500",
                               .subnet = "7",
                               .in_average = "100",
                               .in_peak = "",
                               .nat_port_start = "1024",
                               .nat_port_end = "2048",
                               .ifaces = ifaces,
                               .nifaces = 2};

    ok(network_parse(&in, &s, &err), "the form's texts parse (%s)", err.msg);
    ok(s.type == NETWORK_NAT && s.bound_host_id == 3 && s.ipv6 && !s.stp && s.delay_ms == 2500 &&
           s.subnet_id == 7 && s.bw.in_average == 100 && s.bw.in_peak == NETWORK_BW_UNSET &&
           s.nat_port_start == 1024 && s.nat_port_end == 2048 && s.nifaces == 2 &&
           strcmp(s.ifaces[1], "eth1") == 0 && s.ifaces[2] == NULL,
       "typed: ids, booleans, ms, bandwidth (unset when empty), ports, interfaces");
    network_spec_clear(&s);

    in.delay_ms = "-1";
    ok(!network_parse(&in, &s, &err) && strcmp(err.field, NWF_DELAY) == 0,
       "a negative delay is refused, naming delay_ms (%s)", err.msg);
    network_spec_clear(&s);
    in.delay_ms = "";
    in.stp = "yes";
    ok(!network_parse(&in, &s, &err) && strcmp(err.field, NWF_STP) == 0,
       "a boolean other than 1/0 is refused, naming stp");
    network_spec_clear(&s);
    in.stp = "";
    in.in_peak = "1e3";
    ok(!network_parse(&in, &s, &err) && strcmp(err.field, NWF_IN_PEAK) == 0,
       "a bandwidth that is not a whole number is refused, naming in_peak");
    network_spec_clear(&s);
    in.in_peak = "";
    in.bound_host = "x";
    ok(!network_parse(&in, &s, &err) && strcmp(err.field, NWF_BOUND_HOST) == 0,
       "a host id that is not a number is refused, naming bound_host");
    network_spec_clear(&s);

    /* OP-22: STP with a delay outside 2-30 s is advice, not a refusal */
    {
        struct network_spec c = {.type = NETWORK_BRIDGE,
                                 .name_en = "w",
                                 .name_zh = "w",
                                 .bridge = "br-w",
                                 .forward_dev = "eth0",
                                 .stp = true,
                                 .delay_ms = 0,
                                 .bw = network_bandwidth_unset()};
        char *w = NULL;

        ok(network_check(&c, &w, &err) && w && strstr(w, "2-30"),
           "OP-22: STP on with delay 0: accepted with a warning (%s)", w ? w : "none");
        g_free(w);
        c.delay_ms = 31000;
        ok(network_check(&c, &w, &err) && w, "OP-22: 31 s warns too");
        g_free(w);
        c.delay_ms = 30000;
        ok(network_check(&c, &w, &err) && !w, "OP-22: 30 s does not");
        c.stp = false;
        c.delay_ms = 0;
        ok(network_check(&c, &w, &err) && !w, "OP-22: STP off does not");
    }
}

static void test_route_dialog(void)
{
    struct network_route r = {0}, rows[2] = {{0}};
    struct dv_error err = {0};

    /* M10.3.2.1a */
    ok(!network_route_parse("ipv4", "192.168.21.0", "33", "192.168.21.1", NULL, 0, &r, &err) &&
           strcmp(err.field, NWF_ROUTE_PREFIX) == 0 && strstr(err.msg, "Prefix out of range"),
       "M10.3.2.1a: an ipv4 prefix 33 is refused: %s", err.msg);
    ok(!network_route_parse("ipv6", "2001:db8::", "129", "2001:db8::1", NULL, 0, &r, &err) &&
           strcmp(err.field, NWF_ROUTE_PREFIX) == 0,
       "M10.3.2.1a: an ipv6 prefix 129 is refused");
    ok(!network_route_parse("ipv4", "192.168.21.9", "24", "192.168.21.1", NULL, 0, &r, &err) &&
           strcmp(err.field, NWF_ROUTE_ADDRESS) == 0,
       "M10.3.2.1a: host bits beyond the prefix are refused: %s", err.msg);
    ok(!network_route_parse("ipv4", "192.168.0.0", "24", "2001:db8::1", NULL, 0, &r, &err) &&
           strcmp(err.field, NWF_ROUTE_GATEWAY) == 0,
       "M10.3.2.1a: a gateway of the other family is refused");
    ok(!network_route_parse("ipv6", "192.168.0.0", "24", "192.168.0.1", NULL, 0, &r, &err) &&
           strcmp(err.field, NWF_ROUTE_ADDRESS) == 0,
       "M10.3.2.1a: an IPv4 address in an ipv6 route is refused");
    ok(!network_route_parse("ipx", "192.168.0.0", "24", "192.168.0.1", NULL, 0, &r, &err) &&
           strcmp(err.field, NWF_ROUTE_FAMILY) == 0,
       "M10.3.2.1a: an unknown IP version is refused");
    ok(network_route_parse("ipv4", "192.168.0.0", "24", "10.1.0.2", NULL, 0, &rows[0], &err),
       "M10.3.2.1a: 192.168.0.0/24 via 10.1.0.2 is accepted (%s)", err.msg);
    ok(network_route_parse("ipv6", "2001:DA6:201::", "48", "2001:db8:1::2", rows, 1, &rows[1],
                           &err),
       "M10.3.2.1a: the manual's 2001:DA6:0201:: with 48 is accepted (%s)", err.msg);
    ok(network_route_parse("ipv4", "192.168.21.9", "32", "192.168.21.1", NULL, 0, &r, &err),
       "M10.3.2.1a: the manual's host route 192.168.21.9/32 is accepted");
    ok(!network_route_parse("ipv4", "192.168.0.0", "24", "10.1.0.2", rows, 2, &r, &err) &&
           err.code == DV_ERR_EXISTS,
       "M10.3.2.1a: a duplicate route is refused");
}

static void test_portgroup_dialog(void)
{
    struct network_portgroup pg = {0}, rows[1] = {{0}};
    struct network_vlan tags[2] = {{.tag = 42, .native = NETWORK_NATIVE_UNTAGGED},
                                   {.tag = 43, .native = NETWORK_NATIVE_TAGGED}};
    struct dv_error err = {0};

    /* M10.3.2.1b */
    ok(network_portgroup_parse("test", "5000", "7000", "3000", "5000", "7000", "3000", "", NULL, 0,
                               NULL, 0, &rows[0], &err),
       "M10.3.2.1b: a port group with in/out average, peak, burst (%s)", err.msg);
    ok(rows[0].bw.in_average == 5000 && rows[0].bw.out_burst == 3000, "M10.3.2.1b: typed values");
    ok(!network_portgroup_parse("test", "1", "", "", "", "", "", "", NULL, 0, rows, 1, &pg, &err) &&
           err.code == DV_ERR_EXISTS && strcmp(err.field, NWF_PG_NAME) == 0,
       "M10.3.2.1b: a name taken in the network is refused");
    ok(!network_portgroup_parse("p2", "", "7000", "", "", "", "", "", NULL, 0, rows, 1, &pg,
                                &err) &&
           strcmp(err.field, NWF_IN_AVERAGE) == 0,
       "M10.3.2.1b: inbound peak without average is refused: %s", err.msg);
    ok(!network_portgroup_parse("p2", "", "", "", "", "", "300", "", NULL, 0, rows, 1, &pg, &err) &&
           strcmp(err.field, NWF_OUT_AVERAGE) == 0,
       "M10.3.2.1b: outbound burst without average is refused");
    ok(!network_portgroup_parse("", "", "", "", "", "", "", "", NULL, 0, rows, 1, &pg, &err) &&
           strcmp(err.field, NWF_PG_NAME) == 0,
       "M10.3.2.1b: the name is required");
    /* M10.3.2.5a: an OVS port group with VLANs */
    ok(network_portgroup_parse("vlan42", "", "", "", "", "", "", "", tags, 1, rows, 1, &pg, &err),
       "M10.3.2.5a: a port group with tag 42 untagged (%s)", err.msg);
    ok(pg.vlan.trunk && pg.vlan.n == 1 && pg.vlan.v[0].tag == 42,
       "M10.3.2.5a: a native mode sets trunk automatically");
    network_portgroup_clear(&pg);
    ok(!network_portgroup_parse("vlan2", "", "", "", "", "", "", "", tags, 2, rows, 1, &pg, &err) &&
           strcmp(err.field, NWF_VLANS) == 0,
       "M10.3.2.5a: two native tags in a port group are refused: %s", err.msg);
    network_portgroup_clear(&rows[0]);
}

static void test_vlan_dialog(void)
{
    struct network_vlan v = {0}, rows[2];
    struct dv_error err = {0};

    /* M10.3.2.5c */
    ok(!network_vlan_parse("4096", "", NULL, 0, &v, &err) && strcmp(err.field, NWF_VLAN_TAG) == 0,
       "M10.3.2.5c: tag 4096 is refused: %s", err.msg);
    ok(!network_vlan_parse("-1", "", NULL, 0, &v, &err) && strcmp(err.field, NWF_VLAN_TAG) == 0,
       "M10.3.2.5c: tag -1 is refused");
    ok(!network_vlan_parse("", "", NULL, 0, &v, &err) && strcmp(err.field, NWF_VLAN_TAG) == 0,
       "M10.3.2.5c: the tag is required");
    ok(network_vlan_parse("0", "none", NULL, 0, &rows[0], &err) &&
           rows[0].native == NETWORK_NATIVE_NONE,
       "M10.3.2.5c: tag 0 with none is accepted");
    ok(network_vlan_parse("4095", "untagged", rows, 1, &rows[1], &err) &&
           rows[1].native == NETWORK_NATIVE_UNTAGGED,
       "M10.3.2.5c: tag 4095 untagged is accepted");
    ok(!network_vlan_parse("4095", "", rows, 2, &v, &err) && err.code == DV_ERR_EXISTS,
       "M10.3.2.5c: a duplicate tag is refused");
    ok(!network_vlan_parse("7", "native", rows, 2, &v, &err) &&
           strcmp(err.field, NWF_VLAN_NATIVE) == 0,
       "M10.3.2.5c: nativeMode is limited to tagged/untagged/none");
    ok(!network_vlan_parse("7", "tagged", rows, 2, &v, &err) &&
           strcmp(err.field, NWF_VLAN_NATIVE) == 0,
       "M10.3.2.5b: a second native tag (any mode) is refused: %s", err.msg);
    ok(network_vlan_parse("7", "", rows, 2, &v, &err), "M10.3.2.5b: a second plain tag is fine");
}

static void test_nat_dialogs(void)
{
    struct dv_error err = {0};
    int s = 0, e = 0;

    /* M10.3.2.2a */
    ok(network_nat_addr_parse("192.168.21.100", "192.168.21.100", 0, &err),
       "M10.3.2.2a: start = end is one address");
    ok(network_nat_addr_parse("192.168.21.100", "192.168.21.120", 0, &err),
       "M10.3.2.2a: a range is accepted");
    ok(!network_nat_addr_parse("192.168.21.120", "192.168.21.100", 0, &err) &&
           strcmp(err.field, NWF_NAT_ADDR_END) == 0,
       "M10.3.2.2a: start > end is refused: %s", err.msg);
    ok(!network_nat_addr_parse("2001:db8::1", "2001:db8::2", 0, &err) &&
           strcmp(err.field, NWF_NAT_ADDR_START) == 0,
       "M10.3.2.2a: IPv6 is refused (IPv4 only)");
    ok(!network_nat_addr_parse("192.168.21.1", "192.168.21.2", 1, &err) &&
           strcmp(err.field, NWF_NAT_ADDR_START) == 0,
       "M10.3.2.2a: a second row is refused (OP-25): %s", err.msg);
    /* M10.3.2.2b */
    ok(network_nat_port_parse("5179", "6189", 0, &s, &e, &err) && s == 5179 && e == 6189,
       "M10.3.2.2b: 5179-6189 is accepted");
    ok(!network_nat_port_parse("0", "10", 0, &s, &e, &err) &&
           strcmp(err.field, NWF_NAT_PORT_START) == 0,
       "M10.3.2.2b: port 0 is refused");
    ok(!network_nat_port_parse("1", "65536", 0, &s, &e, &err) &&
           strcmp(err.field, NWF_NAT_PORT_END) == 0,
       "M10.3.2.2b: port 65536 is refused");
    ok(!network_nat_port_parse("2000", "1000", 0, &s, &e, &err) &&
           strcmp(err.field, NWF_NAT_PORT_END) == 0,
       "M10.3.2.2b: start > end is refused");
    ok(!network_nat_port_parse("1", "2", 1, &s, &e, &err), "M10.3.2.2b: a second row is refused");
}

static void test_iface_dialog(void)
{
    const char *rows[] = {"eth0"};
    struct dv_error err = {0};

    /* M10.3.2.6a */
    ok(network_iface_parse("eth1", rows, 1, &err), "M10.3.2.6a: eth1 is accepted");
    ok(network_iface_parse("bond0.10:1", rows, 1, &err), "M10.3.2.6a: [A-Za-z0-9._:-]");
    ok(!network_iface_parse("eth0", rows, 1, &err) && err.code == DV_ERR_EXISTS,
       "M10.3.2.6a: a duplicate is refused");
    ok(!network_iface_parse("eth 0", rows, 1, &err) && strcmp(err.field, NWF_IFACE) == 0,
       "M10.3.2.6a: a blank is refused: %s", err.msg);
    ok(!network_iface_parse("abcdefghijklmnop", rows, 1, &err),
       "M10.3.2.6a: 16 characters refused");
    ok(!network_iface_parse("", rows, 1, &err), "M10.3.2.6a: an empty name is refused");
}

/* The rules of one record, each refused with its field, nothing written. */
static void test_rules(void)
{
    struct network_spec s;

    /* M10.3.2 descriptions */
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.name_en, "bad name");
    add_refused(&s, DV_ERR_INVALID, NWF_NAME_EN, "M10.3.2: an English name with a blank");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.name_zh, "");
    add_refused(&s, DV_ERR_INVALID, NWF_NAME_ZH, "M10.3.2: the Chinese name is required");
    /* M10.3.2.1 */
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.bound_host_id = 0;
    add_refused(&s, DV_ERR_INVALID, NWF_BOUND_HOST, "M10.3.2.1: isolated without a bound host");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.bridge, "virbr0");
    add_refused(&s, DV_ERR_INVALID, NWF_BRIDGE, "M10.3.2.1: bridge virbr0 is reserved");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.bridge, "abcdefghijklmnop");
    add_refused(&s, DV_ERR_INVALID, NWF_BRIDGE, "OP-22: a bridge name of 16 characters");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.bridge, "br/0");
    add_refused(&s, DV_ERR_INVALID, NWF_BRIDGE, "OP-22: a bridge name with '/'");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.bridge, "");
    add_refused(&s, DV_ERR_INVALID, NWF_BRIDGE, "M10.3.2.1: the bridge name is required");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.mac, "00:16:3e:3e:a9");
    add_refused(&s, DV_ERR_INVALID, NWF_MAC, "M10.3.2.1: a short MAC address");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.mac, "01:16:3e:3e:a9:1a");
    add_refused(&s, DV_ERR_INVALID, NWF_MAC, "M10.3.2.1: a multicast MAC address");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.forward_dev, "eth0");
    add_refused(&s, DV_ERR_INVALID, NWF_FORWARD_DEV,
                "M10.3.2.1: an isolated network has no forward interface");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.delay_ms = -5;
    add_refused(&s, DV_ERR_INVALID, NWF_DELAY, "M10.3.2.1: a negative delay");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.bw.in_peak = 100;
    add_refused(&s, DV_ERR_INVALID, NWF_IN_AVERAGE, "bandwidth: peak without average");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.bw.out_burst = 100;
    add_refused(&s, DV_ERR_INVALID, NWF_OUT_AVERAGE, "bandwidth: outbound burst without average");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.bound_host_id = 999;
    add_refused(&s, DV_ERR_NOTFOUND, NWF_BOUND_HOST, "M10.3.2.1: a host that does not exist");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.vlan.n = 1;
    s.vlan.v = g_new0(struct network_vlan, 1);
    add_refused(&s, DV_ERR_INVALID, NWF_VLANS, "VLAN: only OVS networks have VLANs");
    s = spec_of(NETWORK_ISOLATED, "bad1");
    set_str(&s.nat_addr_start, "10.0.0.1");
    set_str(&s.nat_addr_end, "10.0.0.2");
    add_refused(&s, DV_ERR_INVALID, NWF_NAT_ADDR_START, "NAT forwarding only for NAT networks");
    /* routes inside the spec are checked again */
    s = spec_of(NETWORK_ISOLATED, "bad1");
    s.routes = g_new0(struct network_route, 1);
    s.nroutes = 1;
    s.routes[0] = (struct network_route){
        .family = 4, .address = "10.9.0.0", .prefix = 33, .gateway = "10.1.0.2"};
    add_refused(&s, DV_ERR_INVALID, NWF_ROUTE_PREFIX, "M10.3.2.1a: prefix 33 in the saved form");
    /* M10.3.2.2 */
    s = spec_of(NETWORK_NAT, "bad1");
    s.subnet_id = 0;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "M10.3.2.2: NAT without a subnet (OP-26)");
    s = spec_of(NETWORK_NAT, "bad1");
    s.bound_host_id = 0;
    add_refused(&s, DV_ERR_INVALID, NWF_BOUND_HOST, "M10.3.2.2: NAT without a bound host");
    s = spec_of(NETWORK_NAT, "bad1");
    set_str(&s.forward_dev, "eth 0");
    add_refused(&s, DV_ERR_INVALID, NWF_FORWARD_DEV, "M10.3.2.2: a forward interface with a blank");
    s = spec_of(NETWORK_NAT, "bad1");
    set_str(&s.nat_addr_start, "10.0.0.9");
    set_str(&s.nat_addr_end, "10.0.0.2");
    add_refused(&s, DV_ERR_INVALID, NWF_NAT_ADDR_END, "M10.3.2.2a: start > end in the saved form");
    s = spec_of(NETWORK_NAT, "bad1");
    s.nat_port_start = 70000;
    s.nat_port_end = 70001;
    add_refused(&s, DV_ERR_INVALID, NWF_NAT_PORT_START, "M10.3.2.2b: ports beyond 65535");
    /* M10.3.2.3 */
    s = spec_of(NETWORK_ROUTED, "bad1");
    s.bound_host_id = 0;
    add_refused(&s, DV_ERR_INVALID, NWF_BOUND_HOST, "M10.3.2.3: routed without a bound host");
    s = spec_of(NETWORK_ROUTED, "bad1");
    s.subnet_id = 0;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "M10.3.2.3: routed without a subnet (OP-26)");
    /* M10.3.2.4 */
    s = spec_of(NETWORK_BRIDGE, "bad1");
    set_str(&s.forward_dev, "");
    add_refused(&s, DV_ERR_INVALID, NWF_FORWARD_DEV,
                "M10.3.2.4: the Linux bridge's forward interface is required");
    s = spec_of(NETWORK_BRIDGE, "bad1");
    s.bw.in_average = 5;
    add_refused(&s, DV_ERR_INVALID, NWF_IN_AVERAGE, "M10.3.2.4: a Linux bridge has no bandwidth");
    s = spec_of(NETWORK_BRIDGE, "bad1");
    set_str(&s.mac, "00:16:3e:3e:a9:1a");
    add_refused(&s, DV_ERR_INVALID, NWF_MAC, "M10.3.2.4: a Linux bridge has no MAC");
    s = spec_of(NETWORK_BRIDGE, "bad1");
    s.routes = g_new0(struct network_route, 1);
    s.nroutes = 1;
    s.routes[0] = (struct network_route){
        .family = 4, .address = "10.9.0.0", .prefix = 16, .gateway = "10.1.0.2"};
    add_refused(&s, DV_ERR_INVALID, NWF_ROUTES, "M10.3.2.4: a Linux bridge has no static routes");
    s = spec_of(NETWORK_BRIDGE, "bad1");
    s.nportgroups = 1;
    s.portgroups = g_new0(struct network_portgroup, 1);
    s.portgroups[0].name = g_strdup("pg");
    s.portgroups[0].bw = network_bandwidth_unset();
    s.portgroups[0].vlan.n = 1;
    s.portgroups[0].vlan.v = g_new0(struct network_vlan, 1);
    add_refused(&s, DV_ERR_INVALID, NWF_VLANS,
                "M10.3.2.5a: a Linux bridge port group has no VLAN fields");
    /* M10.3.2.5 */
    s = spec_of(NETWORK_OVS, "bad1");
    s.vlan.n = 2;
    s.vlan.v = g_new0(struct network_vlan, 2);
    s.vlan.v[0] = (struct network_vlan){.tag = 42, .native = NETWORK_NATIVE_UNTAGGED};
    s.vlan.v[1] = (struct network_vlan){.tag = 43, .native = NETWORK_NATIVE_UNTAGGED};
    add_refused(&s, DV_ERR_INVALID, NWF_VLANS, "M10.3.2.5b: a second untagged tag");
    s = spec_of(NETWORK_OVS, "bad1");
    s.vlan.n = 1;
    s.vlan.v = g_new0(struct network_vlan, 1);
    s.vlan.v[0].tag = 4096;
    add_refused(&s, DV_ERR_INVALID, NWF_VLANS, "M10.3.2.5c: VLAN 4096 in the saved form");
    s = spec_of(NETWORK_OVS, "bad1");
    set_str(&s.interface_id, "not-a-uuid");
    add_refused(&s, DV_ERR_INVALID, NWF_INTERFACE_ID, "M10.3.2.5b: an interface ID not a UUID");
    /* M10.3.2.6 */
    s = spec_of(NETWORK_MACVTAP, "bad1");
    g_free(s.ifaces[0]);
    s.ifaces[0] = NULL;
    s.nifaces = 0;
    add_refused(&s, DV_ERR_INVALID, NWF_IFACES, "M10.3.2.6a: macvtap with no interface");
    s = spec_of(NETWORK_MACVTAP, "bad1");
    s.ifaces = g_renew(char *, s.ifaces, 3);
    s.ifaces[1] = g_strdup("eth7");
    s.ifaces[2] = NULL;
    s.nifaces = 2;
    add_refused(&s, DV_ERR_EXISTS, NWF_IFACES, "M10.3.2.6a: macvtap with a duplicate interface");
    s = spec_of(NETWORK_MACVTAP, "bad1");
    set_str(&s.bridge, "br9");
    add_refused(&s, DV_ERR_INVALID, NWF_BRIDGE, "M10.3.2.6: macvtap has no bridge name");
    s = spec_of(NETWORK_MACVTAP, "bad1");
    s.subnet_id = sub_free;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "S3: macvtap uses no subnet");
    s = spec_of(NETWORK_MACVTAP, "bad1");
    s.nportgroups = 1;
    s.portgroups = g_new0(struct network_portgroup, 1);
    s.portgroups[0].name = g_strdup("pg");
    s.portgroups[0].bw = network_bandwidth_unset();
    add_refused(&s, DV_ERR_INVALID, NWF_PORTGROUPS, "OP-18: macvtap has no port groups");
    s = spec_of(NETWORK_MACVTAP, "bad1");
    set_str(&s.forward_dev, "eth0");
    add_refused(&s, DV_ERR_INVALID, NWF_FORWARD_DEV,
                "M10.3.2.6: macvtap uses the interface table, not one forward interface");
}

static int64_t iso_id, nat_id, routed_id, bridge_id, ovs_id, macvtap_id, iso2_id;

static void test_add(void)
{
    struct network_spec s;
    char *xml, *warning = NULL;
    bool defined, active, autostart;
    struct network n = {0};
    struct dv_error err = {0};

    /* M10.3.2.1: host, bridge vir1, a subnet */
    s = spec_of(NETWORK_ISOLATED, "iso1");
    set_str(&s.bridge, "vir1");
    set_str(&s.mac, "00:16:3e:3e:a9:1a");
    s.subnet_id = sub_a;
    s.stp = true;
    s.delay_ms = 2500;
    s.portgroups = g_new0(struct network_portgroup, 2);
    s.nportgroups = 2;
    s.portgroups[0] = (struct network_portgroup){
        .name = g_strdup("fast"),
        .bw = {5000, 7000, 3000, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET}};
    s.portgroups[1] =
        (struct network_portgroup){.name = g_strdup("slow"), .bw = network_bandwidth_unset()};
    s.routes = g_new0(struct network_route, 1);
    s.nroutes = 1;
    s.routes[0] = (struct network_route){
        .family = 4, .address = "192.168.21.9", .prefix = 32, .gateway = "10.1.0.2"};
    iso_id = add_ok(&s, &warning, "M10.3.2.1: an isolated network");
    xml = net_xml(iso_id);
    ok(xml && !has(xml, "<forward"), "M10.3.2.1: the stored XML has no <forward>");
    ok(has(xml, "<bridge name=\"vir1\" stp=\"on\" delay=\"3\"/>"),
       "M10.3.2.1: <bridge name='vir1' stp delay> (2500 ms = 3 s)");
    ok(has(xml, "<ip family=\"ipv4\" address=\"10.1.0.1\" netmask=\"255.255.255.0\"/>"),
       "OP-9: the subnet's gateway is the bridge's address");
    ok(has(xml, "<route address=\"192.168.21.9\" prefix=\"32\" gateway=\"10.1.0.2\"/>"),
       "M10.3.2.1a: <route address prefix gateway/>");
    ok(has(xml, "<portgroup name=\"fast\" default=\"yes\">") &&
           has(xml, "<portgroup name=\"slow\"/>"),
       "M10.3.2.1b: the first port group is the default");
    ok(has(xml, "<inbound average=\"5000\" peak=\"7000\" burst=\"3000\"/>"),
       "M10.3.2.1b: the port group's bandwidth");
    ok(warning == NULL, "OP-22: STP on with a delay of 3 s: no warning (%s)",
       warning ? warning : "none");
    g_free(warning);
    warning = NULL;
    g_free(xml);
    host_state(host1, iso_id, &defined, &active, &autostart);
    ok(defined && active && autostart,
       "M10.3.2.1: defined, started and autostarted on the bound host");
    host_state(host2, iso_id, &defined, &active, &autostart);
    ok(!defined, "M10.3.2.1: not on another host");
    is_int(count_where("network_host", "network_id = %lld AND host_id = %lld", (long long)iso_id,
                       (long long)host1),
           1, "the bound host is remembered in network_host");
    xml = host_xml(host1, iso_id, false);
    ok(has(xml, "<name>iso1</name>") && has(xml, "vir1"), "the host has its definition");
    g_free(xml);
    /* read back */
    ok(network_get(db, iso_id, &n, &err), "network_get (%s)", err.msg);
    ok(n.spec.nportgroups == 2 && strcmp(n.spec.portgroups[0].name, "fast") == 0 &&
           n.spec.portgroups[0].bw.in_peak == 7000 &&
           n.spec.portgroups[1].bw.in_average == NETWORK_BW_UNSET && n.spec.nroutes == 1 &&
           n.spec.routes[0].prefix == 32 && n.spec.delay_ms == 2500 && n.spec.stp &&
           strcmp(n.subnet_name, "sub-a") == 0 && strcmp(n.subnet_gateway, "10.1.0.1") == 0 &&
           strcmp(n.bound_host, "host-one") == 0 && n.spec.version == 1,
       "the record reads back with its children");
    network_clear(&n);

    /* the host refuses (a network of that name is there already, made
     * outside dosvm): the record goes again, nothing is logged */
    {
        struct virt_conn *c = hostconn_get(db, host2, &err);
        struct snap sn = snap_take();

        ok(c && virt_net_ensure(c, "0b7e3a52-6c1d-4f8e-9a2b-3c4d5e6f7a8b",
                                "<network><name>clash</name>"
                                "<uuid>0b7e3a52-6c1d-4f8e-9a2b-3c4d5e6f7a8b</uuid>"
                                "<bridge name='virclash'/></network>",
                                false, false, false, NULL, &err),
           "a network 'clash' defined on host-two outside dosvm (%s)", err.msg);
        s = spec_of(NETWORK_ISOLATED, "clash");
        s.bound_host_id = host2;
        ok(!network_add(db, &admin, &s, NULL, NULL, &err) && err.code == DV_ERR_IO,
           "the host refuses the add: %s", err.msg);
        snap_same(&sn, "a refused define");
        network_spec_clear(&s);
        ok(c && virt_net_remove(c, "0b7e3a52-6c1d-4f8e-9a2b-3c4d5e6f7a8b", &err), "clash removed");
    }

    /* OP-8: the same bridge name on the same host is refused; a name taken */
    s = spec_of(NETWORK_ISOLATED, "iso-dup");
    set_str(&s.bridge, "vir1");
    add_refused(&s, DV_ERR_EXISTS, NWF_BRIDGE, "OP-8: a duplicate bridge name on one host");
    s = spec_of(NETWORK_ISOLATED, "iso1");
    add_refused(&s, DV_ERR_EXISTS, NWF_NAME_EN, "M10.3.2: a duplicate English name");
    /* H1/OP-8: a second isolated network on the host is defined, not started */
    s = spec_of(NETWORK_ISOLATED, "iso2");
    set_str(&s.bridge, "vir2");
    s.subnet_id = sub_a; /* S1: isolated networks share a subnet */
    iso2_id = add_ok(&s, &warning, "H1: a second isolated network on host-one");
    ok(has(warning, "H1"), "H1: the add says the second one is not started: %s",
       warning ? warning : "(none)");
    g_free(warning);
    warning = NULL;
    host_state(host1, iso2_id, &defined, &active, &autostart);
    ok(defined && !active, "OP-8: several definitions, only one active");
    /* the same bridge name on another host is fine */
    s = spec_of(NETWORK_ISOLATED, "iso3");
    set_str(&s.bridge, "vir1");
    s.bound_host_id = host2;
    network_delete(db, &admin, add_ok(&s, NULL, "OP-8: bridge vir1 again on host-two"), NULL, &err);

    /* M10.3.2.2: NAT on host2, dev eth0, ranges; S1 shares sub_a */
    s = spec_of(NETWORK_NAT, "nat1");
    s.bound_host_id = host2;
    s.subnet_id = sub_a;
    set_str(&s.forward_dev, "eth0");
    set_str(&s.nat_addr_start, "192.168.21.100");
    set_str(&s.nat_addr_end, "192.168.21.120");
    s.nat_port_start = 5179;
    s.nat_port_end = 6189;
    nat_id = add_ok(&s, NULL, "M10.3.2.2: a NAT network");
    xml = net_xml(nat_id);
    ok(has(xml, "<forward mode=\"nat\" dev=\"eth0\">") &&
           has(xml, "<address start=\"192.168.21.100\" end=\"192.168.21.120\"/>") &&
           has(xml, "<port start=\"5179\" end=\"6189\"/>"),
       "M10.3.2.2: <forward mode='nat' dev='eth0'><nat><address/><port/></nat>");
    g_free(xml);
    host_state(host2, nat_id, &defined, &active, &autostart);
    ok(defined && active && autostart, "M10.3.2.2: NAT defined, started, autostarted");
    /* M10.3.2.2b: no row, no <nat> */
    s = spec_of(NETWORK_NAT, "nat-plain");
    s.bound_host_id = host2;
    s.subnet_id = sub_a;
    {
        int64_t id = add_ok(&s, NULL, "M10.3.2.2b: NAT without ranges");

        xml = net_xml(id);
        ok(has(xml, "<forward mode=\"nat\"/>") && !has(xml, "<nat>"),
           "M10.3.2.2b: with no row the <nat> element is omitted");
        g_free(xml);
        network_delete(db, &admin, id, NULL, &err);
    }
    /* H2: eth0 is nat1's forward interface on host2 */
    s = spec_of(NETWORK_ROUTED, "routed-h2");
    s.bound_host_id = host2;
    s.subnet_id = sub_b;
    set_str(&s.forward_dev, "eth0");
    add_refused(&s, DV_ERR_EXISTS, NWF_FORWARD_DEV, "H2: eth0 already forwards nat1 on host-two");

    /* M10.3.2.3: routed on host1 with sub_b */
    s = spec_of(NETWORK_ROUTED, "routed1");
    s.subnet_id = sub_b;
    set_str(&s.forward_dev, "eth1");
    routed_id = add_ok(&s, &warning, "M10.3.2.3: a routed network");
    xml = net_xml(routed_id);
    ok(has(xml, "<forward mode=\"route\" dev=\"eth1\"/>"),
       "M10.3.2.3: <forward mode='route' dev/>");
    ok(has(warning, "H1"), "H1: iso1 is active on host-one, routed1 is not started");
    g_free(warning);
    warning = NULL;
    g_free(xml);
    /* S2: a routed network takes its subnet alone */
    s = spec_of(NETWORK_ROUTED, "routed2");
    s.bound_host_id = host2;
    s.subnet_id = sub_b;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET,
                "M10.3.2.3/S2: a subnet already used by a routed network");
    s = spec_of(NETWORK_NAT, "nat-on-b");
    s.bound_host_id = host2;
    s.subnet_id = sub_b;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "OP-20: NAT on a routed network's subnet");
    s = spec_of(NETWORK_ROUTED, "routed3");
    s.bound_host_id = host2;
    s.subnet_id = sub_a;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "OP-20: routed on the isolated networks' subnet");
    s = spec_of(NETWORK_ROUTED, "routed4");
    s.bound_host_id = host2;
    s.subnet_id = sub_auto;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "S2/S5: routed on an automatic-gateway subnet");
    s = spec_of(NETWORK_ISOLATED, "iso-auto");
    s.subnet_id = sub_auto;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "S1/S5: isolated on an automatic-gateway subnet");
    s = spec_of(NETWORK_NAT, "nat-other");
    s.subnet_id = sub_other;
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET, "S0: a subnet of another project");

    /* M10.3.2.4: a Linux bridge network, unbound: recorded, not realized */
    s = spec_of(NETWORK_BRIDGE, "linux-br");
    set_str(&s.bridge, "linux-br0");
    set_str(&s.forward_dev, "eth4");
    s.subnet_id = sub_auto; /* S4: a bridged network may use an automatic gateway */
    s.nportgroups = 1;
    s.portgroups = g_new0(struct network_portgroup, 1);
    s.portgroups[0] =
        (struct network_portgroup){.name = g_strdup("pg1"),
                                   .bw = {100, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET,
                                          NETWORK_BW_UNSET, NETWORK_BW_UNSET}};
    bridge_id = add_ok(&s, NULL, "M10.3.2.4: an unbound Linux bridge network");
    xml = net_xml(bridge_id);
    ok(has(xml, "<forward mode=\"bridge\"/>") && has(xml, "<bridge name=\"linux-br0\"/>") &&
           has(xml, "<portgroup name=\"pg1\" default=\"yes\">") && !has(xml, "<ip"),
       "M10.3.2.4: <forward mode='bridge'/><bridge name='linux-br0'/> with its port group");
    g_free(xml);
    is_int(count_where("network_host", "network_id = %lld", (long long)bridge_id), 0,
           "OP-23: an unbound bridged network is not realized at save time");
    /* S4: its subnet is exclusive */
    s = spec_of(NETWORK_OVS, "ovs-taken");
    s.subnet_id = sub_auto;
    set_str(&s.forward_dev, "eth5");
    add_refused(&s, DV_ERR_INVALID, NWF_SUBNET,
                "S4: a subnet used by a Linux bridge network is not offered to OVS");
    /* H2 with an unbound bridged network: it may come to any host */
    s = spec_of(NETWORK_ROUTED, "routed-eth4");
    s.bound_host_id = host2;
    s.subnet_id = sub_c;
    set_str(&s.forward_dev, "eth4");
    add_refused(&s, DV_ERR_EXISTS, NWF_FORWARD_DEV,
                "H2: eth4 is the forward interface of the unbound Linux bridge network");
    s = spec_of(NETWORK_BRIDGE, "linux-dup");
    set_str(&s.bridge, "linux-br0");
    set_str(&s.forward_dev, "eth6");
    add_refused(&s, DV_ERR_EXISTS, NWF_BRIDGE, "OP-8: a duplicate bridge name of unbound networks");

    /* M10.3.2.5: OVS bound to host2: test driver only (no openvswitch here) */
    s = spec_of(NETWORK_OVS, "ovs1");
    set_str(&s.bridge, "ovs-br0");
    set_str(&s.forward_dev, "eth5");
    set_str(&s.interface_id, "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f");
    s.bound_host_id = host2;
    s.subnet_id = sub_c;
    s.vlan.n = 2;
    s.vlan.v = g_new0(struct network_vlan, 2);
    s.vlan.v[0] = (struct network_vlan){.tag = 42, .native = NETWORK_NATIVE_UNTAGGED};
    s.vlan.v[1] = (struct network_vlan){.tag = 47};
    s.nportgroups = 1;
    s.portgroups = g_new0(struct network_portgroup, 1);
    s.portgroups[0].name = g_strdup("vlan42");
    s.portgroups[0].bw = network_bandwidth_unset();
    s.portgroups[0].vlan.n = 1;
    s.portgroups[0].vlan.v = g_new0(struct network_vlan, 1);
    s.portgroups[0].vlan.v[0] = (struct network_vlan){.tag = 42, .native = NETWORK_NATIVE_UNTAGGED};
    ovs_id = add_ok(&s, NULL, "M10.3.2.5: an OVS network bound to host-two");
    xml = net_xml(ovs_id);
    ok(has(xml, "<virtualport type=\"openvswitch\">") &&
           has(xml, "<parameters interfaceid=\"09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f\"/>"),
       "M10.3.2.5b: <virtualport type='openvswitch'><parameters interfaceid/>");
    ok(has(xml, "<vlan trunk=\"yes\">\n    <tag id=\"42\" nativeMode=\"untagged\"/>\n    <tag "
                "id=\"47\"/>"),
       "M10.3.2.5b: the network VLAN with trunk set automatically");
    ok(has(xml, "<portgroup name=\"vlan42\" default=\"yes\">\n    <vlan trunk=\"yes\">\n      "
                "<tag id=\"42\" nativeMode=\"untagged\"/>"),
       "M10.3.2.5a: <portgroup><vlan trunk='yes'><tag id='42' nativeMode='untagged'/>");
    g_free(xml);
    host_state(host2, ovs_id, &defined, &active, &autostart);
    ok(defined && active, "M10.3.2.5/OP-23: defined and started on its bound host (test driver)");
    ok(network_get(db, ovs_id, &n, &err) && n.spec.vlan.n == 2 && n.spec.vlan.trunk &&
           n.spec.vlan.v[0].native == NETWORK_NATIVE_UNTAGGED && n.spec.nportgroups == 1 &&
           n.spec.portgroups[0].vlan.n == 1 && n.spec.portgroups[0].vlan.trunk,
       "the VLANs read back, the network's and the port group's");
    network_clear(&n);

    /* M10.3.2.6: macvtap with eth0 and eth1, on host1 (H2 is per host: nat1's
     * eth0 is on host-two) */
    s = spec_of(NETWORK_MACVTAP, "macvtap1");
    s.ifaces = g_renew(char *, s.ifaces, 3);
    set_str(&s.ifaces[0], "eth0");
    s.ifaces[1] = g_strdup("eth1x");
    s.ifaces[2] = NULL;
    s.nifaces = 2;
    s.bound_host_id = host1;
    macvtap_id = add_ok(&s, NULL, "M10.3.2.6: a macvtap network bound to host-one");
    xml = net_xml(macvtap_id);
    ok(has(xml, "<forward mode=\"bridge\">\n    <interface dev=\"eth0\"/>\n    <interface "
                "dev=\"eth1x\"/>\n  </forward>"),
       "M10.3.2.6: <forward mode='bridge'><interface dev='eth0'/><interface dev='eth1x'/>");
    g_free(xml);
    host_state(host1, macvtap_id, &defined, &active, &autostart);
    ok(defined && active, "M10.3.2.6: defined and started on its bound host");
    ok(network_get(db, macvtap_id, &n, &err) && n.spec.nifaces == 2 &&
           strcmp(n.ifaces_text, "eth0,eth1x") == 0,
       "M10.3.1: the list's interfaces column of macvtap is eth0,eth1x");
    network_clear(&n);
    s = spec_of(NETWORK_MACVTAP, "macvtap2");
    set_str(&s.ifaces[0], "eth1x");
    s.bound_host_id = host1;
    add_refused(&s, DV_ERR_EXISTS, NWF_IFACES, "H2: a macvtap interface of another network");
}

static bool choice_has(const struct choice_list *l, int64_t id)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].id == id)
            return true;
    return false;
}

static void test_choices(void)
{
    struct choice_list l = {0};
    struct dv_error err = {0};

    /* M10.3.2: the subnet picker (S0-S5, OP-20) after test_add:
     * sub_a used by isolated/NAT, sub_b routed, sub_c OVS, sub_auto Linux */
    ok(network_subnet_choices(db, project, NETWORK_NAT, 0, &l, &err), "subnet choices (%s)",
       err.msg);
    ok(choice_has(&l, sub_a) && choice_has(&l, sub_d) && choice_has(&l, sub_free) &&
           choice_has(&l, sub_v6),
       "M10.3.2/S1: NAT is offered the isolated/NAT subnet and the free ones");
    ok(!choice_has(&l, sub_b) && !choice_has(&l, sub_c) && !choice_has(&l, sub_auto) &&
           !choice_has(&l, sub_other),
       "M10.3.2: not the routed, OVS, automatic-gateway or another project's subnet");
    choice_list_free(&l);
    ok(network_subnet_choices(db, project, NETWORK_OVS, 0, &l, &err) && !choice_has(&l, sub_auto) &&
           !choice_has(&l, sub_a) && choice_has(&l, sub_d),
       "M10.3.2/S4: a subnet used by a Linux bridge network is not offered to an OVS network");
    choice_list_free(&l);
    ok(network_subnet_choices(db, project, NETWORK_OVS, ovs_id, &l, &err) && choice_has(&l, sub_c),
       "M10.3.3: the OVS network being modified is offered its own subnet");
    for (int i = 0; i < l.n; i++)
        if (l.v[i].id == sub_c)
            ok(l.v[i].on, "M10.3.3: its own subnet is the chosen one");
    choice_list_free(&l);
    ok(network_subnet_choices(db, project, NETWORK_ROUTED, 0, &l, &err) && !choice_has(&l, sub_a) &&
           !choice_has(&l, sub_auto) && choice_has(&l, sub_d),
       "M10.3.2/S2: routed is offered only unused subnets without automatic gateway");
    choice_list_free(&l);
    ok(network_subnet_choices(db, project, NETWORK_BRIDGE, 0, &l, &err) && choice_has(&l, sub_d),
       "M10.3.2/S4: a Linux bridge is offered free subnets");
    choice_list_free(&l);
    ok(network_subnet_choices(db, project, NETWORK_MACVTAP, 0, &l, &err) && l.n == 0,
       "M10.3.2/S3: macvtap is offered no subnet");
    choice_list_free(&l);
    ok(network_host_choices(db, &l, &err) && l.n == 2, "the hosts to bind to");
    choice_list_free(&l);
}

static void test_list(void)
{
    struct network_page pg = {0};
    struct dv_error err = {0};
    struct network_spec s = spec_of(NETWORK_ISOLATED, "other-net");

    /* another project's network */
    s.bound_host_id = host2;
    set_str(&s.bridge, "virother");
    s.subnet_id = 0;
    ok(network_add(db, &other_admin, &s, NULL, NULL, &err), "another project's network (%s)",
       err.msg);
    network_spec_clear(&s);

    /* the sysadm (demo, dosvmd) names the project; without one it is refused */
    {
        long before = ops();
        int64_t id = 0;

        s = spec_of(NETWORK_MACVTAP, "sys-net");
        set_str(&s.ifaces[0], "eth8");
        ok(!network_add(db, &sys, &s, &id, NULL, &err) && err.code == DV_ERR_NOTFOUND,
           "the sysadm must name a project");
        s.project_id = other_project;
        ok(network_add(db, &sys, &s, &id, NULL, &err), "the sysadm adds into a project (%s)",
           err.msg);
        logged(before, AUDIT_ADD, "Add network", "sys-net", "the sysadm's add");
        is_int(count_where("network", "id = %lld AND project_id = %lld", (long long)id,
                           (long long)other_project),
               1, "in the project named");
        network_spec_clear(&s);
    }

    /* M10.3.1 */
    ok(network_list(db, project, NULL, 0, 100, &pg, &err), "M10.3.1: the list (%s)", err.msg);
    is_int(pg.total, 7, "M10.3.1: the project's seven networks, not the other project's");
    ok(pg.n > 0 && strcmp(pg.rows[0].spec.name_en, "iso1") == 0 &&
           strcmp(pg.rows[0].spec.bridge, "vir1") == 0 &&
           strcmp(pg.rows[0].spec.mac, "00:16:3e:3e:a9:1a") == 0 &&
           strcmp(pg.rows[0].bound_host, "host-one") == 0 &&
           strcmp(pg.rows[0].subnet_gateway, "10.1.0.1") == 0 &&
           strcmp(pg.rows[0].subnet_name, "sub-a") == 0,
       "M10.3.1: the columns of a row");
    network_page_free(&pg);
    ok(network_list(db, project, "nat", 0, 100, &pg, &err) && pg.total == 1 &&
           strcmp(pg.rows[0].spec.name_en, "nat1") == 0,
       "M10.3.1: filtered by the English name");
    network_page_free(&pg);
    ok(network_list(db, project, "网络rout", 0, 100, &pg, &err) && pg.total == 1,
       "M10.3.1: filtered by the Chinese name");
    network_page_free(&pg);
    ok(network_list(db, project, NULL, 2, 2, &pg, &err) && pg.total == 7 && pg.n == 2 &&
           pg.rows[0].id > iso_id,
       "M10.3.1: paged");
    network_page_free(&pg);
}

static void test_modify(void)
{
    struct network n = {0};
    struct network_spec s;
    struct dv_error err = {0};
    char *notice = NULL, *xml;
    long before;
    struct snap sn;

    ok(network_get(db, nat_id, &n, &err), "M10.3.3: the form is pre-filled (%s)", err.msg);
    network_spec_copy(&s, &n.spec);
    /* OP-19: the type is read-only */
    s.type = NETWORK_ROUTED;
    sn = snap_take();
    refused(network_modify(db, &admin, nat_id, &s, NULL, &err), &err, DV_ERR_INVALID, NWF_TYPE,
            "OP-19: changing the type");
    snap_same(&sn, "OP-19: changing the type");
    s.type = NETWORK_NAT;
    /* every rule again */
    set_str(&s.bridge, "virbr0");
    sn = snap_take();
    refused(network_modify(db, &admin, nat_id, &s, NULL, &err), &err, DV_ERR_INVALID, NWF_BRIDGE,
            "M10.3.3: virbr0 on modify");
    snap_same(&sn, "M10.3.3: virbr0 on modify");
    set_str(&s.bridge, n.spec.bridge);
    /* another project's admin */
    sn = snap_take();
    ok(!network_modify(db, &other_admin, nat_id, &s, NULL, &err) && err.code == DV_ERR_DENIED,
       "M10.3.3: another project's admin is refused");
    snap_same(&sn, "M10.3.3: another project's network");

    /* the subnet changed (M10.2.1.3): modify picks it up */
    exec("UPDATE subnet SET gateway = '10.1.0.254' WHERE name = 'sub-a'");
    set_str(&s.description, "changed");
    before = ops();
    ok(network_modify(db, &admin, nat_id, &s, &notice, &err), "M10.3.3: modified (%s)", err.msg);
    ok(notice == NULL, "OP-28: no guest connected: nothing pending (%s)", notice ? notice : "");
    is_int(ops(), before + 1, "M10.3.3: one operation-log row");
    is_int(count_where("op_log",
                       "id = (SELECT max(id) FROM op_log) AND type = %d AND action = 'Modify "
                       "network' AND object = 'nat1'",
                       AUDIT_MODIFY),
           1, "M10.3.3: the row says Modify network nat1");
    xml = net_xml(nat_id);
    ok(has(xml, "address=\"10.1.0.254\""),
       "M10.3.3: the XML is regenerated from the current subnet");
    g_free(xml);
    xml = host_xml(host2, nat_id, false);
    ok(has(xml, "10.1.0.254"), "M10.3.3: the host runs the new definition (restarted, idle)");
    if (!has(xml, "10.1.0.254"))
        printf("# %s\n", xml ? xml : "(none)");
    g_free(xml);
    is_int(count_where("network", "id = %lld AND row_version = 2 AND description = 'changed'",
                       (long long)nat_id),
           1, "M10.3.3: row_version bumped");
    /* stale */
    sn = snap_take();
    refused(network_modify(db, &admin, nat_id, &s, NULL, &err), &err, DV_ERR_STALE, "",
            "M10.3.3: a stale version");
    snap_same(&sn, "M10.3.3: a stale version");
    network_spec_clear(&s);
    network_clear(&n);

    /* moving an isolated network to another host: off the old one */
    ok(network_get(db, iso2_id, &n, &err), "iso2 read");
    network_spec_copy(&s, &n.spec);
    s.bound_host_id = host2;
    ok(network_modify(db, &admin, iso2_id, &s, &notice, &err),
       "M10.3.3: iso2 moved to host-two (%s)", err.msg);
    ok(has(notice, "H1"), "M10.3.3/H1: the modify says so: %s", notice ? notice : "none");
    g_free(notice);
    notice = NULL;
    {
        bool defined, active, autostart;

        host_state(host1, iso2_id, &defined, &active, &autostart);
        ok(!defined, "M10.3.3: an internal network moved away is undefined on the old host");
        host_state(host2, iso2_id, &defined, &active, &autostart);
        ok(defined && !active,
           "M10.3.3/H1: defined on the new host, not started beside the active nat1");
    }
    network_spec_clear(&s);
    network_clear(&n);
}

/* M10.3.1 details: the subnet's reservations; the leases read by a job,
 * which a test-driver host cannot report */
static void test_details(void)
{
    struct dv_error err = {0};
    struct network_reservation *r = NULL;
    struct network_leases nl = {0};
    struct virt_net_lease *l = NULL;
    struct virt_conn *c = hostconn_get(db, host1, &err);
    char *uuid = net_uuid(iso_id);
    long before = ops(), tasks = count_where("task", "1");
    int nr = 0, n = 0;
    char sql[200];

    snprintf(sql, sizeof(sql),
             "INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname) VALUES "
             "(%lld, '52:54:00:00:00:0a', '10.1.0.7', 'res-a'), "
             "(%lld, '52:54:00:00:00:0b', '10.1.0.8', '')",
             (long long)sub_a, (long long)sub_a);
    exec(sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname) VALUES "
             "(%lld, '52:54:00:00:00:0c', '10.9.0.9', 'elsewhere')",
             (long long)sub_b);
    exec(sql);
    ok(network_reservations(db, &admin, iso_id, &r, &nr, &err) && nr == 2 &&
           strcmp(r[0].mac, "52:54:00:00:00:0a") == 0 && strcmp(r[0].ip, "10.1.0.7") == 0 &&
           strcmp(r[0].hostname, "res-a") == 0 && strcmp(r[1].ip, "10.1.0.8") == 0 &&
           strcmp(r[1].hostname, "") == 0,
       "M10.3.1: the reservations of the network's subnet, in order (%s)", err.msg);
    network_reservations_free(r, nr);
    ok(network_reservations(db, &admin, bridge_id, &r, &nr, &err) && nr == 0 && !r,
       "M10.3.1: none for a network without a subnet");
    ok(!network_reservations(db, &other_admin, iso_id, &r, &nr, &err) &&
           err.code == DV_ERR_DENIED && nr == 0,
       "M10.3.1: another project's admin cannot read them");
    dv_error_clear(&err);

    ok(c && !virt_net_leases(c, uuid, &l, &n, &err) && err.code == DV_ERR_INFO &&
           strcmp(err.msg, "This host's libvirt cannot report DHCP leases.") == 0 && !l && n == 0,
       "M10.3.1: the test driver cannot report leases: DV_ERR_INFO with a clear message");
    dv_error_clear(&err);
    ok(c && !virt_net_leases(c, "00000000-0000-4000-8000-000000000001", &l, &n, &err) &&
           err.code == DV_ERR_NOTFOUND,
       "M10.3.1: an unknown network is not found");
    dv_error_clear(&err);

    ok(network_leases(db, &admin, iso_id, &nl, &err) && nl.n == 1 && nl.hosts[0].host_id == host1 &&
           strcmp(nl.hosts[0].host_name, "host-one") == 0 && !nl.hosts[0].ok && nl.hosts[0].error &&
           strcmp(nl.hosts[0].error, "This host's libvirt cannot report DHCP leases.") == 0,
       "M10.3.1: the job asks the network's host, which says it cannot report leases (%s)",
       err.msg);
    network_leases_clear(&nl);
    ok(network_leases(db, &admin, bridge_id, &nl, &err) && nl.n == 0,
       "M10.3.1: an unrealized network has no host to ask");
    network_leases_clear(&nl);
    ok(!network_leases(db, &other_admin, iso_id, &nl, &err) && err.code == DV_ERR_DENIED,
       "M10.3.1: another project's admin cannot read the leases");
    dv_error_clear(&err);
    is_int(ops(), before, "M10.3.1: reading the details logs nothing");
    is_int(count_where("task", "1"), tasks, "M10.3.1: ... and writes no task");
    g_free(uuid);
}

static void test_delete(void)
{
    struct dv_error err = {0};
    bool defined, active, autostart;
    long before = ops();
    struct snap sn;
    char *ovs_uuid = net_uuid(ovs_id), *iso_uuid = net_uuid(iso_id);

    /* another project's admin */
    sn = snap_take();
    ok(!network_delete(db, &other_admin, ovs_id, NULL, &err) && err.code == DV_ERR_DENIED,
       "M10.3.4: another project's admin cannot delete");
    snap_same(&sn, "M10.3.4: another project's network");
    /* M10.3.4 */
    ok(network_delete(db, &admin, ovs_id, NULL, &err), "M10.3.4: delete (%s)", err.msg);
    uuid_state(host2, ovs_uuid, &defined, &active, &autostart);
    ok(ovs_uuid && !defined, "M10.3.4: destroyed and undefined on its host");
    is_int(count_where("network", "name_en = 'ovs1'"), 0, "M10.3.4: the record is gone");
    is_int(count_where("network_vlan", "network_id = %lld", (long long)ovs_id), 0,
           "M10.3.4: its VLANs are gone");
    is_int(count_where("network_host", "network_id = %lld", (long long)ovs_id), 0,
           "M10.3.4: its hosts are gone");
    is_int(ops(), before + 1, "M10.3.4: one operation-log row");
    is_int(count_where("op_log",
                       "id = (SELECT max(id) FROM op_log) AND type = %d AND action = 'Delete "
                       "network' AND object = 'ovs1'",
                       AUDIT_DELETE),
           1, "M10.3.4: the row says Delete network ovs1");
    ok(!network_delete(db, &admin, ovs_id, NULL, &err) && err.code == DV_ERR_NOTFOUND,
       "M10.3.4: a network already gone");
    /* an unbound one has no host */
    ok(network_delete(db, &admin, bridge_id, NULL, &err), "M10.3.4: an unrealized one (%s)",
       err.msg);
    /* every other one, and nothing stays on the test hosts */
    ok(network_delete(db, &admin, iso_id, NULL, &err) &&
           network_delete(db, &admin, iso2_id, NULL, &err) &&
           network_delete(db, &admin, nat_id, NULL, &err) &&
           network_delete(db, &admin, routed_id, NULL, &err) &&
           network_delete(db, &admin, macvtap_id, NULL, &err),
       "M10.3.4: the rest deleted (%s)", err.msg);
    uuid_state(host1, iso_uuid, &defined, &active, &autostart);
    ok(iso_uuid && !defined, "M10.3.4: iso1 is gone from host-one");
    g_free(ovs_uuid);
    g_free(iso_uuid);
    is_int(count_where("network", "project_id = %lld", (long long)project), 0,
           "M10.3.4: the project has no network left");
}

int main(void)
{
    struct testdb t;

    sys = testdb_sysadm();
    base = g_dir_make_tmp("dosvm-net-XXXXXX", NULL);
    if (!testdb_open(&t, false))
        return 1;
    db = t.db;
    host1 = testhost_add(db, &sys, "host-one", "host1.xml");
    host2 = testhost_add(db, &sys, "host-two", "host2.xml");
    setup();
    test_labels();
    test_parse();
    test_route_dialog();
    test_portgroup_dialog();
    test_vlan_dialog();
    test_nat_dialogs();
    test_iface_dialog();
    test_rules();
    test_add();
    test_choices();
    test_list();
    test_modify();
    test_details();
    test_delete();
    hostconn_close_all();
    testdb_close(&t);
    rm_tree(base);
    g_free(base);
    return tap_done();
}
