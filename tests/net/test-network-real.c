/* test-network-real.c - networks realized by the core on a REAL libvirtd that
 * runs inside a network namespace (tests/net/svc-network-libvirt.sh makes
 * it, DOSVM_NET_URI and DOSVM_TEST_NETNS name it; run alone, it says so and
 * exits).  Each kind is created through network_add, seen in the namespace
 * (`ip link`, `ip addr`, `ip route`, `iptables -t nat -S`, `virsh
 * net-dumpxml`), modified (restarted when idle, M10.3.3), and deleted with
 * nothing left behind (M10.3.4).  H1/OP-8: a second internal network on the
 * host is defined and not started.  OVS and <bandwidth> cannot run on this
 * kernel: tests/net/test-network.c proves them on the test driver.
 * M10.3.1 details: the live DHCP leases libvirt reads from dnsmasq's status
 * file (<DOSVM_NET_STATEDIR>/dnsmasq/<bridge>.status, written here as no
 * DHCP client runs) come back through virt_net_leases and the core's job,
 * beside the subnet's reservations.
 * features: M10.3.1 M10.3.2.1 M10.3.2.1a M10.3.2.2 M10.3.2.2b M10.3.2.3 M10.3.2.6 M10.3.3
 * features: M10.3.4 M10.2.1.2c */
#include "hosts/host.h"
#include "net/network.h"
#include "virt/hostconn.h"
#include "virt/virtnet.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "lib/teststore.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;
static struct dv_actor admin = {.account = "zhou", .addr = "test"};
static const char *ns, *uri;
static int64_t host, project;

/* Run argv; its stdout (g_free), NULL when it could not run; *status. */
static char *run(const char *const *argv, int *status)
{
    char *out = NULL, *errs = NULL;
    GError *e = NULL;
    int st = -1;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errs, &st,
                      &e)) {
        printf("# %s: %s\n", argv[0], e->message);
        g_error_free(e);
    } else if (st != 0 && errs && *errs && strcmp(argv[0], "virsh") == 0) {
        printf("# %s %s: %s", argv[0], argv[3], errs);
    }
    g_free(errs);
    if (status)
        *status = st;
    return out;
}

/* `ip -n NS args...` as one string of words */
static char *ip(const char *a, const char *b, const char *c, const char *d, int *status)
{
    const char *argv[] = {"ip", "-n", ns, a, b, c, d, NULL};

    return run(argv, status);
}

static char *nat_rules(void)
{
    const char *argv[] = {"ip", "netns", "exec", ns, "iptables", "-t", "nat", "-S", NULL};

    return run(argv, NULL);
}

static char *dumpxml(const char *name, int *status)
{
    const char *argv[] = {"virsh", "-c", uri, "net-dumpxml", name, NULL};

    return run(argv, status);
}

static char *netlist(void)
{
    const char *argv[] = {"virsh", "-c", uri, "net-list", "--all", "--name", NULL};

    return run(argv, NULL);
}

static bool has(const char *s, const char *part)
{
    return s && strstr(s, part);
}

static int64_t add_subnet(const char *name, const char *net, const char *gw)
{
    char *sql = sqlite3_mprintf(
        "INSERT INTO subnet(name, ip_version, address, netmask, prefix, gateway, dhcp, "
        "created_at) VALUES (%Q, 4, %Q, '255.255.255.0', 24, %Q, 0, 1)",
        name, net, gw);
    struct dv_error err = {0};
    int64_t id;

    if (!db_exec(db, sql, &err))
        printf("# %s\n", err.msg);
    sqlite3_free(sql);
    id = db_last_id(db);
    sql = sqlite3_mprintf("INSERT INTO subnet_project(subnet_id, project_id) VALUES (%lld, %lld)",
                          (long long)id, (long long)project);
    if (!db_exec(db, sql, &err))
        printf("# %s\n", err.msg);
    sqlite3_free(sql);
    return id;
}

static struct network_spec spec_of(enum network_type t, const char *name, const char *bridge,
                                   int64_t subnet)
{
    struct network_spec s = {0};

    s.type = t;
    s.name_en = g_strdup(name);
    s.name_zh = g_strdup(name);
    s.description = g_strdup("");
    s.bridge = g_strdup(bridge);
    s.mac = g_strdup("");
    s.forward_dev = g_strdup("");
    s.interface_id = g_strdup("");
    s.nat_addr_start = g_strdup("");
    s.nat_addr_end = g_strdup("");
    s.bw = network_bandwidth_unset();
    s.ifaces = g_new0(char *, 1);
    s.bound_host_id = host;
    s.subnet_id = subnet;
    return s;
}

static int64_t add(struct network_spec *s, char **warning, const char *what)
{
    struct dv_error err = {0};
    int64_t id = 0;

    ok(network_add(db, &admin, s, &id, warning, &err), "%s: added (%s)", what, err.msg);
    network_spec_clear(s);
    return id;
}

/* After a delete: the bridge, the definition and the rules are gone. */
static void gone(const char *name, const char *bridge, const char *subnet_net, const char *what)
{
    int st = 0;
    char *out = ip("link", "show", "dev", bridge, &st), *rules = nat_rules(), *list = netlist();

    ok(st != 0, "%s: the bridge %s is gone from the namespace", what, bridge);
    ok(list && !has(list, name), "%s: libvirt no longer knows %s", what, name);
    ok(rules && !has(rules, subnet_net), "%s: no NAT rule for %s is left", what, subnet_net);
    g_free(out);
    g_free(rules);
    g_free(list);
}

static void test_isolated(int64_t sub)
{
    struct network_spec s = spec_of(NETWORK_ISOLATED, "iso-real", "vir-iso", sub);
    struct dv_error err = {0};
    struct network n = {0};
    char *out, *warning = NULL, *notice = NULL;
    int64_t id, nat;
    int st = 0;

    /* M10.3.2.1 */
    id = add(&s, NULL, "M10.3.2.1: an isolated network");
    out = ip("link", "show", "dev", "vir-iso", &st);
    ok(st == 0 && has(out, "vir-iso"), "M10.3.2.1: ip link shows the bridge vir-iso");
    g_free(out);
    out = ip("addr", "show", "dev", "vir-iso", NULL);
    ok(has(out, "inet 10.77.0.1/24"), "OP-9: ip addr shows the subnet's gateway on the bridge");
    g_free(out);
    out = dumpxml("iso-real", &st);
    ok(st == 0 && has(out, "<name>iso-real</name>") && !has(out, "<forward"),
       "M10.3.2.1: virsh net-dumpxml shows it, without <forward>");
    g_free(out);
    {
        struct virt_conn *c = hostconn_get(db, host, &err);
        bool on = false, defined = false, active = false;
        char *uuid = NULL;

        ok(network_get(db, id, &n, &err), "read back");
        uuid = g_strdup(n.uuid);
        network_clear(&n);
        ok(c && virt_net_state(c, uuid, &defined, &active, &err) && defined && active &&
               virt_net_autostart(c, uuid, &on, &err) && on,
           "M10.3.2.1: defined, started and autostarted on the bound host");
        g_free(uuid);
    }

    /* H1 / OP-8: a NAT network on the same host is defined, not started */
    s = spec_of(NETWORK_NAT, "nat-h1", "vir-h1", sub);
    nat = add(&s, &warning, "H1: a NAT network beside the active isolated one");
    ok(has(warning, "H1"), "H1: the add says it is not started: %s", warning ? warning : "none");
    out = ip("link", "show", "dev", "vir-h1", &st);
    ok(st != 0, "OP-8: no second active internal network: no bridge vir-h1");
    g_free(out);
    out = netlist();
    ok(has(out, "nat-h1"), "OP-8: several definitions are allowed");
    g_free(out);
    g_free(warning);
    ok(network_delete(db, &admin, nat, NULL, &err), "the inactive NAT network deleted (%s)",
       err.msg);
    out = netlist();
    ok(out && !has(out, "nat-h1"), "M10.3.4: an inactive network is undefined too");
    g_free(out);

    /* OP-28 and OP-16 with a guest interface connected: a network port
     * (what libvirt makes for a VM NIC) raises the live connections */
    {
        char *port_xml = g_build_filename(g_get_tmp_dir(), "port.xml", NULL), *port = NULL;
        const char *create[] = {"virsh", "-c", uri, "net-port-create", "iso-real", port_xml, NULL};
        long ops_before = testdb_count(db, "op_log", NULL);

        g_file_set_contents(
            port_xml,
            "<networkport><uuid>7c0e9a4b-2d1f-4e6a-8b3c-5d4e3f2a1b0c</uuid><owner><name>vm1</name>"
            "<uuid>4d1a7c6e-8b2f-4a3d-9e5c-0f1e2d3c4b5a</uuid></owner>"
            "<mac address='52:54:00:12:34:56'/></networkport>",
            -1, NULL);
        port = run(create, &st);
        ok(st == 0, "a guest interface (network port) is connected: %s", port ? port : "");
        ok(network_get(db, id, &n, &err), "OP-28: read for modify");
        s = n.spec;
        memset(&n.spec, 0, sizeof(n.spec));
        network_clear(&n);
        g_free(s.description);
        s.description = g_strdup("in use");
        ok(network_modify(db, &admin, id, &s, &notice, &err), "OP-28: modified while in use (%s)",
           err.msg);
        ok(has(notice, "Network in use; changes apply after the network restarts."),
           "OP-28: the modify says the change waits for a restart: %s", notice ? notice : "none");
        g_free(notice);
        notice = NULL;
        network_spec_clear(&s);
        out = ip("link", "show", "dev", "vir-iso", &st);
        ok(st == 0, "OP-28: the network kept running");
        g_free(out);
        ok(!network_delete(db, &admin, id, NULL, &err) && err.code == DV_ERR_INUSE,
           "M10.3.4/OP-16: deleting a network a guest uses fails: %s", err.msg);
        is_int(testdb_count(db, "network", "name_en = 'iso-real'"), 1, "M10.3.4: the record stays");
        is_int(testdb_count(db, "op_log", NULL), ops_before + 1,
               "M10.3.4: only the modify's operation-log row");
        out = dumpxml("iso-real", &st);
        ok(st == 0 && has(out, "connections='1'"), "M10.3.4: and the host still has it");
        g_free(out);
        if (port) {
            const char *del[] = {"virsh",    "-c",
                                 uri,        "net-port-delete",
                                 "iso-real", "7c0e9a4b-2d1f-4e6a-8b3c-5d4e3f2a1b0c",
                                 NULL};
            char *o = run(del, &st);

            ok(st == 0, "the guest interface is disconnected again");
            g_free(o);
        }
        g_free(port);
        g_free(port_xml);
    }

    /* M10.3.3: STP on, a delay of 2 s, picked up by a restart (no guest) */
    ok(network_get(db, id, &n, &err), "M10.3.3: read for modify");
    s = n.spec;
    memset(&n.spec, 0, sizeof(n.spec));
    network_clear(&n);
    s.stp = true;
    s.delay_ms = 1500;
    ok(network_modify(db, &admin, id, &s, &notice, &err), "M10.3.3: modified (%s)", err.msg);
    ok(notice == NULL, "OP-28: no guest is connected: applied at once (%s)",
       notice ? notice : "none");
    g_free(notice);
    network_spec_clear(&s);
    out = dumpxml("iso-real", NULL);
    ok(has(out, "stp='on' delay='2'"), "M10.3.3: the running network has stp on, delay 2 s");
    g_free(out);
    {
        char *sysfs = NULL, *path = NULL;
        const char *argv[] = {
            "ip", "netns", "exec", ns, "cat", "/sys/class/net/vir-iso/bridge/stp_state", NULL};

        sysfs = run(argv, NULL);
        ok(sysfs && sysfs[0] == '1', "M10.3.3: the kernel bridge has STP on after the restart");
        g_free(sysfs);
        g_free(path);
    }

    /* M10.3.4 */
    ok(network_delete(db, &admin, id, NULL, &err), "M10.3.4: deleted (%s)", err.msg);
    gone("iso-real", "vir-iso", "10.77.0.0/24", "M10.3.4: isolated");
}

static void test_nat(int64_t sub)
{
    struct network_spec s = spec_of(NETWORK_NAT, "nat-real", "vir-nat", sub);
    struct dv_error err = {0};
    char *out;
    int64_t id;
    int st = 0;

    /* M10.3.2.2, 2b */
    g_free(s.forward_dev);
    s.forward_dev = g_strdup("dv-up0");
    s.nat_port_start = 5179;
    s.nat_port_end = 6189;
    id = add(&s, NULL, "M10.3.2.2: a NAT network forwarding through dv-up0");
    out = ip("addr", "show", "dev", "vir-nat", &st);
    ok(st == 0 && has(out, "inet 10.78.0.1/24"), "M10.3.2.2: the bridge with its gateway address");
    g_free(out);
    out = nat_rules();
    ok(has(out, "-s 10.78.0.0/24 ! -d 10.78.0.0/24 -o dv-up0 -p tcp -j MASQUERADE --to-ports "
                "5179-6189"),
       "M10.3.2.2b: iptables -t nat -S has the masquerade rule through dv-up0, ports 5179-6189");
    ok(has(out, "-s 10.78.0.0/24 ! -d 10.78.0.0/24 -o dv-up0 -j MASQUERADE"),
       "M10.3.2.2: and the plain masquerade rule");
    g_free(out);
    out = dumpxml("nat-real", NULL);
    ok(has(out, "<forward dev='dv-up0' mode='nat'>") && has(out, "<port start='5179' end='6189'/>"),
       "M10.3.2.2: virsh net-dumpxml shows <forward mode='nat' dev> with its port range");
    g_free(out);
    ok(network_delete(db, &admin, id, NULL, &err), "M10.3.4: NAT deleted (%s)", err.msg);
    gone("nat-real", "vir-nat", "10.78.0.0/24", "M10.3.4: NAT");
}

static void test_routed(int64_t sub)
{
    struct network_spec s = spec_of(NETWORK_ROUTED, "routed-real", "vir-rt", sub);
    struct dv_error err = {0};
    char *out;
    int64_t id;

    /* M10.3.2.3 with a static route (M10.3.2.1a) */
    g_free(s.forward_dev);
    s.forward_dev = g_strdup("dv-up0");
    s.routes = g_new0(struct network_route, 1);
    s.nroutes = 1;
    s.routes[0] = (struct network_route){
        .family = 4, .address = "192.168.99.0", .prefix = 24, .gateway = "10.79.0.2"};
    id = add(&s, NULL, "M10.3.2.3: a routed network");
    out = ip("route", "show", NULL, NULL, NULL);
    ok(has(out, "192.168.99.0/24 via 10.79.0.2 dev vir-rt"),
       "M10.3.2.1a: the static route is in the namespace's routing table");
    ok(has(out, "10.79.0.0/24 dev vir-rt"), "M10.3.2.3: the subnet's route on the bridge");
    g_free(out);
    out = dumpxml("routed-real", NULL);
    ok(has(out, "<forward dev='dv-up0' mode='route'>") ||
           has(out, "<forward dev='dv-up0' mode='route'/>"),
       "M10.3.2.3: virsh net-dumpxml shows <forward mode='route' dev>");
    g_free(out);
    out = nat_rules();
    ok(out && !has(out, "10.79.0.0/24"), "M10.3.2.3: routed, not NATed");
    g_free(out);
    ok(network_delete(db, &admin, id, NULL, &err), "M10.3.4: routed deleted (%s)", err.msg);
    gone("routed-real", "vir-rt", "10.79.0.0/24", "M10.3.4: routed");
    out = ip("route", "show", NULL, NULL, NULL);
    ok(out && !has(out, "192.168.99.0/24"), "M10.3.4: the static route is gone");
    g_free(out);
}

static void test_macvtap(void)
{
    struct network_spec s = spec_of(NETWORK_MACVTAP, "macvtap-real", "", 0);
    struct dv_error err = {0};
    char *out;
    int64_t id;
    int st = 0;

    /* M10.3.2.6 on the veth: defined and started on the bound host */
    g_free(s.ifaces);
    s.ifaces = g_new0(char *, 2);
    s.ifaces[0] = g_strdup("dv-up0");
    s.nifaces = 1;
    id = add(&s, NULL, "M10.3.2.6: a macvtap network bound to the host");
    out = dumpxml("macvtap-real", &st);
    ok(st == 0 && has(out, "<interface dev='dv-up0'"),
       "M10.3.2.6: virsh net-dumpxml shows <forward mode='bridge'><interface dev='dv-up0'/>");
    g_free(out);
    ok(network_delete(db, &admin, id, NULL, &err), "M10.3.4: macvtap deleted (%s)", err.msg);
    out = netlist();
    ok(out && !has(out, "macvtap-real"), "M10.3.4: libvirt no longer knows it");
    g_free(out);
}

/* M10.3.1: the details' reservations and live leases of an isolated network */
static void test_leases(int64_t sub)
{
    struct network_spec s = spec_of(NETWORK_ISOLATED, "lease-real", "vir-lease", sub);
    const char *statedir = getenv("DOSVM_NET_STATEDIR");
    struct dv_error err = {0};
    struct network_reservation *r = NULL;
    struct network_leases nl = {0};
    struct virt_net_lease *l = NULL;
    struct network net = {0};
    struct virt_conn *c;
    char *dnsmasq, *status, *json, *listing;
    int64_t id, expiry = (int64_t)time(NULL) + 3600;
    int nr = 0, n = -1;
    char sql[256];

    snprintf(sql, sizeof(sql),
             "INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname) "
             "VALUES (%lld, '52:54:00:77:00:05', '10.80.0.5', 'reserved-one')",
             (long long)sub);
    if (!db_exec(db, sql, &err))
        printf("# %s\n", err.msg);
    id = add(&s, NULL, "M10.3.1: an isolated network for the lease test");
    ok(network_reservations(db, &admin, id, &r, &nr, &err) && nr == 1 &&
           strcmp(r[0].mac, "52:54:00:77:00:05") == 0 && strcmp(r[0].ip, "10.80.0.5") == 0 &&
           strcmp(r[0].hostname, "reserved-one") == 0,
       "M10.3.1: the details list the subnet's one reservation (%s)", err.msg);
    network_reservations_free(r, nr);

    /* no lease file yet: libvirt reports none */
    ok(network_leases(db, &admin, id, &nl, &err) && nl.n == 1 && nl.hosts[0].ok &&
           nl.hosts[0].n == 0,
       "M10.3.1: without a lease the host reports none (%s)", nl.n ? nl.hosts[0].error : err.msg);
    network_leases_clear(&nl);

    /* where libvirt keeps dnsmasq's status: seen, not assumed */
    dnsmasq = g_build_filename(statedir ? statedir : "/nonexistent", "dnsmasq", NULL);
    {
        const char *argv[] = {"ls", dnsmasq, NULL};

        listing = run(argv, NULL);
    }
    printf("# ls %s: %s\n", dnsmasq, listing ? g_strdelimit(listing, "\n", ' ') : "(none)");
    /* its configuration is named by the network, the lease status by the bridge */
    ok(listing && has(listing, "lease-real.conf"),
       "M10.3.1: libvirt keeps the network's dnsmasq files in %s", dnsmasq);
    g_free(listing);
    status = g_build_filename(dnsmasq, "vir-lease.status", NULL);
    json =
        g_strdup_printf("[{\"ip-address\": \"10.80.0.50\", \"mac-address\": \"52:54:00:77:00:50\", "
                        "\"hostname\": \"lease-guest\", \"client-id\": \"01:52:54:00:77:00:50\", "
                        "\"expiry-time\": %lld}, "
                        "{\"ip-address\": \"10.80.0.51\", \"mac-address\": \"52:54:00:77:00:51\", "
                        "\"hostname\": \"expired-guest\", \"expiry-time\": %lld}]",
                        (long long)expiry, (long long)(expiry - 7200));
    ok(g_file_set_contents(status, json, -1, NULL), "M10.3.1: a lease written to %s", status);

    c = hostconn_get_uri(uri, &err);
    ok(network_get(db, id, &net, &err) && c && virt_net_leases(c, net.uuid, &l, &n, &err) && n == 1,
       "M10.3.1: virt_net_leases returns exactly the live lease (%s)", err.msg);
    ok(n == 1 && strcmp(l[0].ip, "10.80.0.50") == 0 && l[0].prefix == 24 &&
           strcmp(l[0].mac, "52:54:00:77:00:50") == 0 &&
           strcmp(l[0].hostname, "lease-guest") == 0 &&
           strcmp(l[0].client_id, "01:52:54:00:77:00:50") == 0 && l[0].expiry == expiry,
       "M10.3.1: ... its address/prefix, MAC, host name, client id and expiry");
    virt_net_leases_free(l, n);
    network_clear(&net);

    ok(network_leases(db, &admin, id, &nl, &err) && nl.n == 1 && nl.hosts[0].host_id == host &&
           nl.hosts[0].ok && nl.hosts[0].n == 1,
       "M10.3.1: the core's job reads the one lease from the host (%s)",
       nl.n && nl.hosts[0].error ? nl.hosts[0].error : err.msg);
    ok(nl.n == 1 && nl.hosts[0].n == 1 && strcmp(nl.hosts[0].leases[0].ip, "10.80.0.50") == 0 &&
           nl.hosts[0].leases[0].prefix == 24 &&
           strcmp(nl.hosts[0].leases[0].mac, "52:54:00:77:00:50") == 0 &&
           strcmp(nl.hosts[0].leases[0].hostname, "lease-guest") == 0 &&
           nl.hosts[0].leases[0].expiry == expiry,
       "M10.3.1: ... the same lease, the expired one left out");
    network_leases_clear(&nl);

    unlink(status);
    ok(network_delete(db, &admin, id, NULL, &err), "M10.3.1: the lease network deleted (%s)",
       err.msg);
    gone("lease-real", "vir-lease", "10.80.0.0/24", "M10.3.1: the lease network");
    ok(access(status, F_OK) != 0, "M10.3.1: the status file is gone");
    g_free(json);
    g_free(status);
    g_free(dnsmasq);
}

int main(void)
{
    struct testdb t;
    struct dv_error err = {0};
    char *dir;
    struct project_quota quota = {.max = {5, 8, 8192, 2048, 0, 0, 1}};
    int64_t group = 0;

    ns = getenv("DOSVM_TEST_NETNS");
    uri = getenv("DOSVM_NET_URI");
    if (!ns || !uri) {
        printf("1..0 # SKIP run by tests/net/svc-network-libvirt.sh\n");
        return 0;
    }
    sys = testdb_sysadm();
    if (!testdb_open(&t, false))
        return 1;
    db = t.db;
    if (!host_add(db, &sys, "netns-host", uri, &host, &err))
        printf("# host_add: %s\n", err.msg);
    ok(host > 0, "the namespace's libvirtd is registered as a host");
    dir = g_dir_make_tmp("dosvm-netreal-XXXXXX", NULL); /* under the script's TMPDIR */
    teststore_project(db, &sys, dir, "网站", &quota, "zhou", "周", &group, &project, &admin);
    g_free(dir);
    test_isolated(add_subnet("sub-iso", "10.77.0.0", "10.77.0.1"));
    test_nat(add_subnet("sub-nat", "10.78.0.0", "10.78.0.1"));
    test_routed(add_subnet("sub-rt", "10.79.0.0", "10.79.0.1"));
    test_leases(add_subnet("sub-lease", "10.80.0.0", "10.80.0.1"));
    test_macvtap();
    hostconn_close_all();
    testdb_close(&t);
    return tap_done();
}
