/* test-hostnet-real.c - host bridges, macvtap interface checks and the
 * automatic subnet gateway on real kernel objects, run by svc-hostnet.sh
 * inside the network namespace it made (DOSVM_TEST_NETNS; every dosvm host
 * command goes there through DOSVM_HOSTEXEC_NETNS).  What the kernel holds
 * is read back with `ip -n NS`, `bridge -n NS` and dig inside NS.
 * features: M10.2.1.2 M10.3.2.4 M10.3.2.6 M10.3.2.6a */
#include "net/gateway.h"
#include "net/hostbridge.h"
#include "net/hostexec.h"
#include "net/network.h"
#include "net/subnet.h"
#include "virt/hostconn.h"
#include "../lib/tap.h"
#include "../lib/testdb.h"
#include "../lib/teststore.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define URI "qemu:///system"

static const char *ns;

/* The output of a shell line (run by the test itself, outside dosvm). */
static char *sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static char *sh(const char *fmt, ...)
{
    va_list ap;
    char *cmd, *out = NULL;
    const char *argv[] = {"sh", "-c", NULL, NULL};

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    argv[2] = cmd;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, NULL, NULL))
        out = g_strdup("");
    g_free(cmd);
    return out;
}

static bool has(const char *text, const char *what)
{
    return text && strstr(text, what);
}

static void test_linux_bridge(void)
{
    struct dv_error err = {0};
    bool made = false;
    char *s;

    /* M10.3.2.4: made with its forward interface as a port, STP and delay */
    ok(hostbridge_ensure(URI, "h1", "dv-br0", "dv-eth0", true, 4001, &made, &err),
       "the Linux bridge is made: %s", err.msg);
    ok(made, "dosvm made it (network_host.made_bridge)");
    s = sh("ip -n %s -d -o link show dev dv-br0", ns);
    ok(has(s, " bridge ") && has(s, "stp_state 1") && has(s, "forward_delay 500"),
       "ip -d link: a bridge with STP on and 4001 ms as 5 s");
    ok(has(s, "state UP") || has(s, ",UP"), "the bridge is up");
    g_free(s);
    s = sh("bridge -n %s link show", ns);
    ok(has(s, "dv-eth0") && has(s, "master dv-br0"), "bridge link: dv-eth0 is its port");
    g_free(s);

    /* idempotent: made again, it is adjusted and not counted as made */
    ok(hostbridge_ensure(URI, "h1", "dv-br0", "dv-eth0", false, 0, &made, &err) && !made,
       "ensured again: adjusted, not made: %s", err.msg);
    s = sh("ip -n %s -d -o link show dev dv-br0", ns);
    ok(has(s, "stp_state 0") && has(s, "forward_delay 0"), "STP off and no delay now");
    g_free(s);

    /* an existing bridge dosvm did not make takes the port */
    sh("ip -n %s link add dv-br1 type bridge", ns);
    ok(hostbridge_ensure(URI, "h1", "dv-br1", "dv-eth1", true, 15000, &made, &err) && !made,
       "an existing bridge is used, not made: %s", err.msg);
    s = sh("bridge -n %s link show", ns);
    ok(has(s, "dv-eth1") && has(s, "master dv-br1"), "its port added");
    g_free(s);

    /* H2: an interface that is another bridge's port is refused, nothing made */
    ok(!hostbridge_ensure(URI, "h1", "dv-br2", "dv-eth0", false, 0, &made, &err) &&
           err.code == DV_ERR_INUSE && has(err.msg, "dv-br0"),
       "H2: dv-eth0 belongs to dv-br0: %s", err.msg);
    s = sh("ip -n %s -o link show dev dv-br2", ns);
    ok(!has(s, "dv-br2"), "dv-br2 was not made");
    g_free(s);
    dv_error_clear(&err);
    ok(!hostbridge_ensure(URI, "h1", "dv-br2", "dv-nothere", false, 0, &made, &err) &&
           has(err.msg, "dv-nothere"),
       "a missing interface is refused: %s", err.msg);
    dv_error_clear(&err);
    ok(!hostbridge_ensure(URI, "h1", "dv-eth2", "dv-peer1", false, 0, &made, &err) &&
           has(err.msg, "not a bridge"),
       "a bridge name held by another kind of link is refused: %s", err.msg);
    dv_error_clear(&err);

    /* removed on delete: the port is released */
    ok(hostbridge_remove(URI, "h1", "dv-br0", &err), "removed: %s", err.msg);
    s = sh("ip -n %s -o link show", ns);
    ok(!has(s, "dv-br0"), "dv-br0 is gone");
    ok(has(s, "dv-eth0") && !has(s, "master dv-br0"), "dv-eth0 is free again");
    g_free(s);
    ok(hostbridge_remove(URI, "h1", "dv-br0", &err), "removing a missing bridge is no error");
    sh("ip -n %s link del dv-br1", ns);
}

static void test_macvtap_ifaces(void)
{
    struct dv_error err = {0};

    /* M10.3.2.6, M10.3.2.6a: the forward interfaces exist and are free */
    ok(hostbridge_check_ifaces(URI, "h1", (const char *[]){"dv-eth1", "dv-eth2", NULL}, &err),
       "two free veths pass as macvtap forward interfaces: %s", err.msg);
    ok(!hostbridge_check_ifaces(URI, "h1", (const char *[]){"dv-eth1", "dv-eth9", NULL}, &err) &&
           has(err.msg, "dv-eth9"),
       "a missing one is named: %s", err.msg);
    dv_error_clear(&err);
    sh("ip -n %s link add dv-br3 type bridge && ip -n %s link set dv-eth2 master dv-br3", ns, ns);
    ok(!hostbridge_check_ifaces(URI, "h1", (const char *[]){"dv-eth2", NULL}, &err) &&
           err.code == DV_ERR_INUSE,
       "H2: a bridge's port cannot carry macvtap: %s", err.msg);
    dv_error_clear(&err);
    sh("ip -n %s link del dv-br3", ns);
}

static struct subnet_range ranges[] = {{.start = "10.77.0.100", .end = "10.77.0.150"}};
static struct subnet_txt txts[] = {{.name = "ftp", .value = "10.0.1.14"}};
static struct subnet_srv srvs[] = {{.service = "ldap",
                                    .protocol = "tcp",
                                    .domain = "gw.test",
                                    .target = "ldap.gw.test",
                                    .port = 389,
                                    .priority = 10,
                                    .weight = 5}};
static struct subnet_dnshost dnshosts[] = {{.ip = "10.77.0.5", .hostnames = "www.gw.test,web"}};

/* A subnet with DHCP and DNS and both scripts writing a marker. */
static void fill_subnet(struct subnet *s, const char *dir)
{
    *s = (struct subnet){
        .id = 1,
        .name = g_strdup("gwtest"),
        .ip_version = 4,
        .address = g_strdup("10.77.0.0"),
        .netmask = g_strdup("255.255.255.0"),
        .prefix = 24,
        .gateway = g_strdup("10.77.0.1"),
        .dhcp = true,
        .dns = true,
        .auto_gateway = true,
        .dns_domain = g_strdup("gw.test"),
        .gw_start_script = g_strdup_printf("echo \"up $DOSVM_GATEWAY/$DOSVM_PREFIX on "
                                           "$DOSVM_BRIDGE of $DOSVM_SUBNET\" >%s/started",
                                           dir),
        .gw_stop_script = g_strdup_printf("echo down >%s/stopped", dir),
        .ranges = g_memdup2(ranges, sizeof(ranges)),
        .nranges = 1,
        .txts = g_memdup2(txts, sizeof(txts)),
        .ntxts = 1,
        .srvs = g_memdup2(srvs, sizeof(srvs)),
        .nsrvs = 1,
        .dnshosts = g_memdup2(dnshosts, sizeof(dnshosts)),
        .ndnshosts = 1,
    };
}

static char *dig(const char *type, const char *name)
{
    char *out = sh("ip netns exec %s dig +short +time=2 +tries=2 @10.77.0.1 %s %s", ns, type, name);

    return g_strstrip(out);
}

static char *file_text(const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL), *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = NULL;
    g_free(path);
    return text ? g_strstrip(text) : NULL;
}

static bool dnsmasq_running(void)
{
    char *pids = sh("for p in $(ip netns pids %s); do cat /proc/$p/comm; done", ns);
    bool yes = has(pids, "dnsmasq");

    g_free(pids);
    return yes;
}

/* M10.2.1.2 (the automatic gateway, OP-11) on a Linux bridge */
static void check_gateway_up(const char *dir, const char *how)
{
    char *s = sh("ip -n %s -o addr show dev dv-gw0", ns), *v;

    ok(has(s, "inet 10.77.0.1/24"), "%s: the gateway address is on the bridge", how);
    g_free(s);
    s = sh("ip netns exec %s cat /proc/sys/net/ipv4/ip_forward", ns);
    ok(has(s, "1"), "%s: IPv4 forwarding is on", how);
    g_free(s);
    ok(dnsmasq_running(), "%s: dnsmasq runs", how);
    v = dig("A", "www.gw.test");
    is_str(v, "10.77.0.5", "%s: dnsmasq answers the subnet's DNS host", how);
    g_free(v);
    v = dig("A", "web");
    is_str(v, "10.77.0.5", "%s: its alias", how);
    g_free(v);
    v = dig("A", "web.gw.test");
    is_str(v, "10.77.0.5", "%s: the alias in the subnet's domain", how);
    g_free(v);
    v = dig("TXT", "ftp");
    is_str(v, "\"10.0.1.14\"", "%s: its TXT record", how);
    g_free(v);
    v = dig("SRV", "_ldap._tcp.gw.test");
    is_str(v, "10 5 389 ldap.gw.test.", "%s: its SRV record", how);
    g_free(v);
    v = file_text(dir, "started");
    is_str(v, "up 10.77.0.1/24 on dv-gw0 of gwtest",
           "%s: the start script ran, with its environment", how);
    g_free(v);
}

static void check_gateway_down(const char *dir, const char *how)
{
    char *s = sh("ip -n %s -o addr show dev dv-gw0", ns), *v, *files;

    ok(!has(s, "10.77.0.1"), "%s: the address is gone", how);
    g_free(s);
    ok(!dnsmasq_running(), "%s: dnsmasq is stopped", how);
    v = file_text(dir, "stopped");
    is_str(v, "down", "%s: the stop script ran", how);
    g_free(v);
    files = sh("ls %s 2>/dev/null", gateway_run_dir());
    is_str(g_strstrip(files), "", "%s: no configuration or PID file is left", how);
    g_free(files);
}

static void test_gateway_steps(const char *dir)
{
    struct gateway_site g = {
        .subnet_id = 1, .uri = g_strdup(URI), .host = g_strdup("h1"), .bridge = g_strdup("dv-gw0")};
    struct dv_error err = {0};
    bool made;
    char *v;

    fill_subnet(&g.sub, dir);
    ok(hostbridge_ensure(URI, "h1", "dv-gw0", "dv-eth0", false, 0, &made, &err),
       "the bridge of the gateway: %s", err.msg);
    ok(gateway_up(&g, &err), "gateway up: %s", err.msg);
    check_gateway_up(dir, "gateway_up");
    ok(gateway_up(&g, &err), "up again (idempotent): %s", err.msg);
    ok(dnsmasq_running(), "one dnsmasq still answers");
    v = dig("A", "www.gw.test");
    is_str(v, "10.77.0.5", "after the second up");
    g_free(v);
    ok(gateway_down(&g, &err), "gateway down: %s", err.msg);
    check_gateway_down(dir, "gateway_down");

    /* a start script that fails undoes the steps before it */
    g_free(g.sub.gw_start_script);
    g.sub.gw_start_script = g_strdup("echo no-such-service >&2; exit 7");
    ok(!gateway_up(&g, &err) && has(err.msg, "start script") && has(err.msg, "no-such-service"),
       "a failing start script fails the gateway: %s", err.msg);
    v = sh("ip -n %s -o addr show dev dv-gw0", ns);
    ok(!has(v, "10.77.0.1") && !dnsmasq_running(), "and nothing of it is left");
    g_free(v);
    dv_error_clear(&err);
    /* the child rows point at this file's static strings */
    g_free(g.sub.ranges);
    g_free(g.sub.txts);
    g_free(g.sub.srvs);
    g_free(g.sub.dnshosts);
    g.sub.ranges = NULL;
    g.sub.txts = NULL;
    g.sub.srvs = NULL;
    g.sub.dnshosts = NULL;
    g.sub.nranges = g.sub.ntxts = g.sub.nsrvs = g.sub.ndnshosts = 0;
    gateway_site_clear(&g);
}

/* The same through the records and gateway_tick, as dosvmd runs it. */
static void test_gateway_tick(const char *dir)
{
    struct testdb t;
    struct dv_error err = {0};
    struct db *db = testdb_open(&t, false);
    char *sql, *v;
    bool ok_sql;

    unlink(g_build_filename(dir, "started", NULL));
    unlink(g_build_filename(dir, "stopped", NULL));
    sql = g_strdup_printf(
        "INSERT INTO project (id, name, created_at) VALUES (1, 'p', 1);"
        "INSERT INTO host (id, uuid, name, uri, self, state, registered_at) VALUES "
        "(1, 'uuid-1', 'h1', '" URI "', 1, 1, 1);"
        "INSERT INTO subnet (id, name, ip_version, address, netmask, prefix, gateway, dhcp, dns, "
        "auto_gateway, dns_domain, gw_start_script, gw_stop_script, created_at) VALUES (1, "
        "'gwtest', 4, '10.77.0.0', '255.255.255.0', 24, '10.77.0.1', 1, 1, 1, 'gw.test', "
        "'echo \"up $DOSVM_GATEWAY/$DOSVM_PREFIX on $DOSVM_BRIDGE of $DOSVM_SUBNET\" "
        ">%s/started', 'echo down >%s/stopped', 1);"
        "INSERT INTO subnet_range (subnet_id, start_addr, end_addr) VALUES (1, '10.77.0.100', "
        "'10.77.0.150');"
        "INSERT INTO subnet_txt (subnet_id, name, value) VALUES (1, 'ftp', '10.0.1.14');"
        "INSERT INTO subnet_srv (subnet_id, service, protocol, domain, target, port, priority, "
        "weight) VALUES (1, 'ldap', 'tcp', 'gw.test', 'ldap.gw.test', 389, 10, 5);"
        "INSERT INTO subnet_dnshost (subnet_id, ip, hostnames) VALUES (1, '10.77.0.5', "
        "'www.gw.test,web');"
        "INSERT INTO network (id, uuid, project_id, name_en, name_zh, type, bridge, forward_dev, "
        "subnet_id, created_at) VALUES (1, 'u1', 1, 'lbr', 'lbr', 3, 'dv-gw0', 'dv-eth0', 1, 1);"
        "INSERT INTO network_host (network_id, host_id, made_bridge) VALUES (1, 1, 1);",
        dir, dir);
    ok_sql = db_exec(db, sql, &err);
    ok(ok_sql, "the records: %s", err.msg);
    g_free(sql);
    ok(gateway_tick(db, 100, &err), "gateway_tick: %s", err.msg);
    v = testdb_text(db, "SELECT host_id || ' ' || up || ' ' || bridge || ' ' || since || ' ' || "
                        "error FROM subnet_gateway");
    is_str(v, "1 1 dv-gw0 100 ", "subnet_gateway: up on h1 since the tick");
    g_free(v);
    check_gateway_up(dir, "gateway_tick");
    ok(gateway_tick(db, 101, &err), "the next tick keeps it");

    db_exec(db, "DELETE FROM network_host", &err);
    ok(gateway_tick(db, 102, &err), "gateway_tick after the last network left: %s", err.msg);
    is_int(testdb_count(db, "subnet_gateway", NULL), 0, "the gateway row is gone");
    check_gateway_down(dir, "gateway_tick");
    testdb_close(&t);
}

/* ---- networks made through the core on the namespace's libvirtd */

static char *virsh(const char *uri, const char *cmd, const char *name)
{
    return sh("virsh -c '%s' %s %s 2>&1", uri, cmd, name);
}

static struct network_spec net_spec(enum network_type t, const char *name, const char *bridge,
                                    const char *dev, int64_t host, int64_t subnet)
{
    struct network_spec s = {
        .type = t,
        .name_en = g_strdup(name),
        .name_zh = g_strdup(name),
        .description = g_strdup(""),
        .bridge = g_strdup(bridge),
        .mac = g_strdup(""),
        .forward_dev = g_strdup(dev),
        .interface_id = g_strdup(""),
        .nat_addr_start = g_strdup(""),
        .nat_addr_end = g_strdup(""),
        .bw = network_bandwidth_unset(),
        .ifaces = g_new0(char *, 1),
        .bound_host_id = host,
        .subnet_id = subnet,
    };

    return s;
}

static void test_networks(const char *uri, const char *dir)
{
    struct testdb t;
    struct dv_error err = {0};
    struct dv_actor sys = testdb_sysadm(), admin = {.account = "zhou", .addr = "test"};
    struct project_quota quota = {.max = {5, 8, 8192, 2048, 0, 0, 1}};
    struct db *db = testdb_open(&t, false);
    int64_t host = 0, group = 0, project = 0, sid = 0, id = 0;
    char *start = g_strdup_printf("echo \"$DOSVM_GATEWAY on $DOSVM_BRIDGE\" >%s/net-started", dir);
    char *stop = g_strdup_printf("echo down >%s/net-stopped", dir);
    char *pdir = g_build_filename(dir, "projects", NULL);
    struct subnet_spec ss = {
        .name = "gwnet",
        .ip_version = 4,
        .address = "10.88.0.0",
        .prefix = 24,
        .gateway = "10.88.0.1",
        .dhcp = true,
        .dns = true,
        .auto_gateway = true,
        .gw_start_script = start,
        .gw_stop_script = stop,
        .dns_domain = "net.test",
        .range_start = "10.88.0.100",
        .range_end = "10.88.0.150",
    };
    struct subnet_srv_spec srv = {.service = "http",
                                  .protocol = "tcp",
                                  .domain = "net.test",
                                  .target = "web.net.test",
                                  .port = 8080,
                                  .priority = 1,
                                  .weight = 2};
    struct network_spec s;
    char *v;

    ok(host_add(db, &sys, "netns-host", uri, &host, &err), "the namespace's libvirtd: %s", err.msg);
    g_mkdir_with_parents(pdir, 0700);
    teststore_project(db, &sys, pdir, "网站", &quota, "zhou", "周", &group, &project, &admin);
    ok(subnet_add(db, &sys, &ss, &sid, &err) &&
           subnet_txt_add(db, &sys, sid, "motd", "hello", NULL, &err) &&
           subnet_srv_add(db, &sys, sid, &srv, NULL, &err) &&
           subnet_dnshost_add(db, &sys, sid, "10.88.0.5", "web.net.test", NULL, &err) &&
           subnet_assign(db, &sys, sid, project, &err),
       "a subnet with DNS and an automatic gateway: %s", err.msg);

    /* M10.3.2.4: the Linux bridge network bound to the host */
    s = net_spec(NETWORK_BRIDGE, "lbr-real", "dv-lbr0", "dv-eth1", host, sid);
    s.stp = true;
    s.delay_ms = 3000;
    ok(network_add(db, &admin, &s, &id, NULL, &err), "M10.3.2.4: network_add: %s", err.msg);
    network_spec_clear(&s);
    v = sh("ip -n %s -d -o link show dev dv-lbr0", ns);
    ok(has(v, " bridge ") && has(v, "stp_state 1") && has(v, "forward_delay 300"),
       "M10.3.2.4: the host bridge is made, STP on, 3000 ms as 3 s");
    g_free(v);
    v = sh("bridge -n %s link show", ns);
    ok(has(v, "dv-eth1") && has(v, "master dv-lbr0"), "M10.3.2.4: its forward interface is a port");
    g_free(v);
    v = virsh(uri, "net-dumpxml", "lbr-real");
    ok(has(v, "<forward mode='bridge'/>") && has(v, "<bridge name='dv-lbr0'/>"),
       "M10.3.2.4: libvirt has <forward mode='bridge'/><bridge name='dv-lbr0'/>");
    g_free(v);
    v = virsh(uri, "net-info", "lbr-real");
    ok(has(v, "Active:") && strstr(strstr(v, "Active:"), "yes"), "and started it");
    g_free(v);
    is_int(testdb_count(db, "network_host", "made_bridge = 1"), 1,
           "network_host: dosvm made the bridge there");
    /* M10.2.1.2: the first active bridged network brings the gateway up */
    v = testdb_text(db, "SELECT host_id || ' ' || up || ' ' || bridge || ' ' || error FROM "
                        "subnet_gateway");
    is_str(v, g_strdup_printf("%lld 1 dv-lbr0 ", (long long)host),
           "M10.2.1.2: subnet_gateway: up on the host, on the network's bridge");
    g_free(v);
    v = sh("ip -n %s -o addr show dev dv-lbr0", ns);
    ok(has(v, "inet 10.88.0.1/24"), "M10.2.1.2: the gateway address is on the bridge");
    g_free(v);
    v = g_strstrip(sh("ip netns exec %s dig +short +time=2 @10.88.0.1 web.net.test", ns));
    is_str(v, "10.88.0.5", "M10.2.1.2: dnsmasq answers the subnet's DNS host");
    g_free(v);
    v = g_strstrip(sh("ip netns exec %s dig +short +time=2 @10.88.0.1 TXT motd", ns));
    is_str(v, "\"hello\"", "M10.2.1.2: its TXT record");
    g_free(v);
    v = g_strstrip(
        sh("ip netns exec %s dig +short +time=2 @10.88.0.1 SRV _http._tcp.net.test", ns));
    is_str(v, "1 2 8080 web.net.test.", "M10.2.1.2: its SRV record");
    g_free(v);
    v = file_text(dir, "net-started");
    is_str(v, "10.88.0.1 on dv-lbr0", "M10.2.1.2: the start script ran");
    g_free(v);

    /* M10.3.3 / OP-11: Modify network re-applies the subnet to its gateway:
     * a new gateway address and a new TXT record */
    {
        struct network n = {0};

        ss.gateway = "10.88.0.254";
        ss.version = 0;
        ok(subnet_modify(db, &sys, sid, &ss, &err) &&
               subnet_txt_add(db, &sys, sid, "news", "fresh", NULL, &err),
           "the subnet changes: %s", err.msg);
        ok(network_get(db, id, &n, &err), "the network's record");
        ok(network_modify(db, &admin, id, &n.spec, NULL, &err), "M10.3.3: network_modify: %s",
           err.msg);
        network_clear(&n);
    }
    v = sh("ip -n %s -o addr show dev dv-lbr0", ns);
    ok(has(v, "inet 10.88.0.254/24") && !has(v, "10.88.0.1/"),
       "M10.3.3: the gateway moved to the subnet's new address, the old one is gone");
    g_free(v);
    v = g_strstrip(sh("ip netns exec %s dig +short +time=2 @10.88.0.254 TXT news", ns));
    is_str(v, "\"fresh\"", "M10.3.3: dnsmasq serves the subnet as it is now");
    g_free(v);
    v = testdb_text(db, "SELECT address || ' ' || up FROM subnet_gateway");
    is_str(v, "10.88.0.254/24 1", "subnet_gateway: the address as put on the bridge");
    g_free(v);

    /* H2: the same interface for another bridge is refused, nothing made */
    s = net_spec(NETWORK_BRIDGE, "lbr-two", "dv-lbr1", "dv-eth1", host, 0);
    ok(!network_add(db, &admin, &s, NULL, NULL, &err), "M10.3.2.4: H2 refused: %s", err.msg);
    network_spec_clear(&s);
    dv_error_clear(&err);
    v = sh("ip -n %s -o link show dev dv-lbr1", ns);
    ok(!has(v, "dv-lbr1"), "no bridge dv-lbr1 was made");
    g_free(v);
    is_int(testdb_count(db, "network", "name_en = 'lbr-two'"), 0, "and no record kept");

    /* delete: the gateway goes (stop script), then the bridge dosvm made */
    ok(network_delete(db, &admin, id, NULL, &err), "M10.3.4: the Linux bridge network deleted: %s",
       err.msg);
    v = sh("ip -n %s -o link show", ns);
    ok(!has(v, "dv-lbr0") && has(v, "dv-eth1") && !has(v, "master dv-lbr0"),
       "the host bridge is removed, its interface free");
    g_free(v);
    v = virsh(uri, "net-list --all --name", "");
    ok(!has(v, "lbr-real"), "libvirt no longer knows the network");
    g_free(v);
    v = file_text(dir, "net-stopped");
    is_str(v, "down", "M10.2.1.2: the gateway's stop script ran");
    g_free(v);
    ok(!dnsmasq_running(), "M10.2.1.2: its dnsmasq is stopped");
    is_int(testdb_count(db, "subnet_gateway", NULL), 0, "subnet_gateway: the gateway is down");

    /* libvirt refuses after the host step: the bridge made for it goes */
    {
        char *xml = g_strdup_printf("%s/clash.xml", dir);

        g_file_set_contents(xml, "<network><name>lbr-clash</name></network>", -1, NULL);
        v = sh("virsh -c '%s' net-define %s 2>&1", uri, xml);
        g_free(v);
        g_free(xml);
    }
    s = net_spec(NETWORK_BRIDGE, "lbr-clash", "dv-lbr2", "dv-eth1", host, 0);
    ok(!network_add(db, &admin, &s, NULL, NULL, &err), "libvirt refuses the network: %s", err.msg);
    network_spec_clear(&s);
    dv_error_clear(&err);
    v = sh("ip -n %s -o link show", ns);
    ok(!has(v, "dv-lbr2") && !has(v, "master dv-lbr2"),
       "the bridge the host step made is removed again, its interface free");
    g_free(v);
    g_free(sh("virsh -c '%s' net-undefine lbr-clash 2>&1", uri));

    /* M10.3.2.6, M10.3.2.6a: macvtap on a veth, defined and started */
    s = net_spec(NETWORK_MACVTAP, "mvt-real", "", "", host, 0);
    g_free(s.ifaces);
    s.ifaces = g_new0(char *, 2);
    s.ifaces[0] = g_strdup("dv-eth2");
    s.nifaces = 1;
    ok(network_add(db, &admin, &s, &id, NULL, &err), "M10.3.2.6: macvtap network_add: %s", err.msg);
    network_spec_clear(&s);
    v = virsh(uri, "net-dumpxml", "mvt-real");
    ok(has(v, "mode='bridge'") && has(v, "<interface dev='dv-eth2'/>"),
       "M10.3.2.6: libvirt has <forward mode='bridge'><interface dev='dv-eth2'/>");
    g_free(v);
    v = virsh(uri, "net-info", "mvt-real");
    ok(has(v, "Active:") && strstr(strstr(v, "Active:"), "yes"), "M10.3.2.6: and started it");
    g_free(v);
    ok(network_delete(db, &admin, id, NULL, &err), "macvtap deleted: %s", err.msg);
    s = net_spec(NETWORK_MACVTAP, "mvt-none", "", "", host, 0);
    g_free(s.ifaces);
    s.ifaces = g_new0(char *, 2);
    s.ifaces[0] = g_strdup("dv-eth9");
    s.nifaces = 1;
    ok(!network_add(db, &admin, &s, NULL, NULL, &err) && has(err.msg, "dv-eth9"),
       "M10.3.2.6a: a forward interface the host does not have is refused: %s", err.msg);
    network_spec_clear(&s);
    v = virsh(uri, "net-list --all --name", "");
    ok(!has(v, "mvt-"), "libvirt has no macvtap network left");
    g_free(v);
    is_int(testdb_count(db, "network", NULL), 0, "no network record left");

    hostconn_close_all();
    testdb_close(&t);
    g_free(start);
    g_free(stop);
    g_free(pdir);
}

int main(void)
{
    ns = getenv("DOSVM_TEST_NETNS");
    if (!ns || !getenv(HOSTEXEC_NETNS_ENV)) {
        printf("1..0 # SKIP run by svc-hostnet.sh inside its network namespace\n");
        return 0;
    }
    test_linux_bridge();
    test_macvtap_ifaces();
    test_gateway_steps(getenv("TMPDIR"));
    test_gateway_tick(getenv("TMPDIR"));
    if (getenv("DOSVM_NET_URI"))
        test_networks(getenv("DOSVM_NET_URI"), getenv("TMPDIR"));
    sh("ip -n %s link del dv-gw0", ns);
    {
        char *left = sh("ip -n %s -o link show type bridge; ip -n %s -o link show type macvtap; "
                        "for p in $(ip netns pids %s); do c=$(cat /proc/$p/comm); "
                        "[ \"$c\" = libvirtd ] || echo \"$p $c\"; done",
                        ns, ns, ns);
        is_str(g_strstrip(left), "", "nothing is left in the namespace: no bridge, no process");
        g_free(left);
    }
    return tap_done();
}
