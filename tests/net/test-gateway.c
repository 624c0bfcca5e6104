/* test-gateway.c - automatic subnet gateways (tiers 1-2): the dnsmasq
 * configuration generated from a subnet's DHCP, DNS and TFTP data (golden
 * files tests/data/gateway-*.conf) and where a gateway runs (OP-11): the
 * bound host, else the first live host carrying a bridged network of the
 * subnet, moved when that host fails, cleaned on the old host once it is
 * live again, down when the last network is gone, tried again after an
 * error only GATEWAY_RETRY_S later.
 * features: M10.2.1.2 */
#include "net/gateway.h"
#include "net/hostexec.h"
#include "../lib/golden.h"
#include "../lib/tap.h"
#include "../lib/testdb.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- dnsmasq.conf */

static void check_golden(const char *name, const char *got)
{
    char *want = golden(name);

    if (!ok(got && want && !strcmp(got, want), "dnsmasq configuration as %s", name))
        printf("# got:\n%s\n", got ? got : "(null)");
    g_free(want);
}

static void test_conf_ipv4(void)
{
    struct subnet_range ranges[] = {{.start = "192.168.7.10", .end = "192.168.7.99"},
                                    {.start = "192.168.7.150", .end = "192.168.7.200"}};
    struct subnet_reservation res[] = {
        {.mac = "52:54:00:aa:bb:01", .ip = "192.168.7.11", .hostname = "web1"},
        {.mac = "52:54:00:aa:bb:02", .ip = "192.168.7.12", .hostname = ""},
    };
    struct subnet_txt txts[] = {{.name = "ftp", .value = "10.0.1.14"}};
    struct subnet_forwarder fwd[] = {{.addr = "10.99.0.53"}, {.addr = "10.99.1.53"}};
    struct subnet_srv srvs[] = {
        {.service = "ldap",
         .protocol = "tcp",
         .domain = "test.example",
         .target = "ldap.test.example",
         .port = 389,
         .priority = 10,
         .weight = 5},
        {.service = "ntp",
         .protocol = "udp",
         .domain = "",
         .target = "",
         .port = -1,
         .priority = -1,
         .weight = -1},
        {.service = "sip",
         .protocol = "udp",
         .domain = "test.example",
         .target = "sip.test.example",
         .port = 5060,
         .priority = -1,
         .weight = -1},
    };
    struct subnet_dnshost hosts[] = {{.ip = "192.168.7.5", .hostnames = "www, web"}};
    struct subnet s = {
        .id = 7,
        .name = "test1",
        .ip_version = 4,
        .address = "192.168.7.0",
        .netmask = "255.255.255.0",
        .prefix = 24,
        .gateway = "192.168.7.1",
        .dhcp = true,
        .dns = true,
        .tftp_root = "/srv/tftp",
        .auto_gateway = true,
        .bootp_file = "pxelinux.0",
        .bootp_server = "192.168.7.2",
        .dns_domain = "test.example",
        .dns_forward_plain = false,
        .ranges = ranges,
        .nranges = 2,
        .reservations = res,
        .nreservations = 2,
        .txts = txts,
        .ntxts = 1,
        .forwarders = fwd,
        .nforwarders = 2,
        .srvs = srvs,
        .nsrvs = 3,
        .dnshosts = hosts,
        .ndnshosts = 1,
    };
    struct dv_error err = {0};
    char *conf;

    ok(gateway_needs_dnsmasq(&s), "DHCP and DNS need a dnsmasq");
    conf = gateway_dnsmasq_conf(&s, "linux-br0", "/run/dosvm/gateway", &err);
    check_golden("gateway-ipv4.conf", conf);
    g_free(conf);

    /* R7: the DNS rows are kept but not applied while DNS is off */
    s.dns = false;
    s.tftp_root = "";
    s.bootp_server = "";
    conf = gateway_dnsmasq_conf(&s, "br0", "/run/x", &err);
    check_golden("gateway-dhcp-only.conf", conf);
    g_free(conf);

    s.dhcp = false;
    ok(!gateway_needs_dnsmasq(&s), "without DHCP, DNS or TFTP there is no dnsmasq");
    s.tftp_root = "/srv/tftp";
    ok(gateway_needs_dnsmasq(&s), "a TFTP root alone needs one");

    /* a value that would start a line of its own is refused */
    s.dhcp = true;
    s.bootp_file = "x\nuser=root";
    conf = gateway_dnsmasq_conf(&s, "br0", "/run/x", &err);
    ok(!conf && err.code == DV_ERR_INVALID && strstr(err.msg, "test1"),
       "a line break in a value is refused: %s", err.msg);
    g_free(conf);
}

static void test_conf_ipv6(void)
{
    struct subnet_range ranges[] = {{.start = "fd00:7::100", .end = "fd00:7::1ff"}};
    struct subnet_reservation res[] = {{.mac = "", .ip = "fd00:7::10", .hostname = "db1"}};
    struct subnet_txt txts[] = {{.name = "info", .value = "a;b"}};
    struct subnet_dnshost hosts[] = {{.ip = "fd00:7::5", .hostnames = "files"}};
    struct subnet s = {
        .id = 8,
        .name = "v6",
        .ip_version = 6,
        .address = "fd00:7::",
        .netmask = "64",
        .prefix = 64,
        .gateway = "fd00:7::1",
        .dhcp = true,
        .dns = true,
        .tftp_root = "/ignored-on-ipv6",
        .bootp_file = "ignored",
        .dns_domain = "",
        .dns_forward_plain = true,
        .ranges = ranges,
        .nranges = 1,
        .reservations = res,
        .nreservations = 1,
        .txts = txts,
        .ntxts = 1,
        .dnshosts = hosts,
        .ndnshosts = 1,
    };
    struct dv_error err = {0};
    char *conf = gateway_dnsmasq_conf(&s, "ovs-br6", "/run/dosvm/gateway", &err);

    check_golden("gateway-ipv6.conf", conf);
    g_free(conf);
}

/* ------------------------------------------------------------- placement */

static struct db *db;
static int64_t now = 1000000;

static void exec_sql(const char *sql)
{
    struct dv_error err = {0};

    if (!db_exec(db, sql, &err))
        printf("# %s: %s\n", sql, err.msg);
}

static int64_t add_host(const char *name, bool live)
{
    char *sql = g_strdup_printf("INSERT INTO host (uuid, name, uri, state, registered_at) VALUES "
                                "('uuid-%s', '%s', 'test:///default', %d, 1)",
                                name, name, live ? 1 : 0);
    exec_sql(sql);
    g_free(sql);
    return db_last_id(db);
}

static void set_live(int64_t host, bool live)
{
    char *sql = g_strdup_printf("UPDATE host SET state = %d WHERE id = %lld", live ? 1 : 0,
                                (long long)host);
    exec_sql(sql);
    g_free(sql);
}

static int64_t add_subnet(const char *name, const char *net, bool autogw, int64_t bound)
{
    char *sql = g_strdup_printf(
        "INSERT INTO subnet (name, ip_version, address, netmask, prefix, gateway, "
        "gateway_host_id, auto_gateway, created_at) VALUES ('%s', 4, '%s.0', '255.255.255.0', 24, "
        "'%s.1', %s, %d, 1)",
        name, net, net, bound ? g_strdup_printf("%lld", (long long)bound) : "NULL", autogw);
    exec_sql(sql);
    g_free(sql);
    return db_last_id(db);
}

static int64_t add_network(const char *name, int type, int64_t subnet)
{
    char *sql = g_strdup_printf("INSERT INTO network (uuid, project_id, name_en, name_zh, type, "
                                "bridge, subnet_id, created_at) VALUES ('u-%s', 1, '%s', '%s', %d, "
                                "'br-%s', %lld, 1)",
                                name, name, name, type, name, (long long)subnet);
    exec_sql(sql);
    g_free(sql);
    return db_last_id(db);
}

static void realize(int64_t network, int64_t host, bool on)
{
    char *sql = on ? g_strdup_printf("INSERT INTO network_host (network_id, host_id) VALUES "
                                     "(%lld, %lld)",
                                     (long long)network, (long long)host)
                   : g_strdup_printf("DELETE FROM network_host WHERE network_id = %lld AND "
                                     "host_id = %lld",
                                     (long long)network, (long long)host);
    exec_sql(sql);
    g_free(sql);
}

/* The move planned for subnet (action -1 when none). */
static struct gateway_move plan_for(int64_t subnet)
{
    struct gateway_move *moves = NULL, m = {.action = -1};
    struct dv_error err = {0};
    int n = 0;

    if (!gateway_plan(db, now, &moves, &n, &err))
        printf("# gateway_plan: %s\n", err.msg);
    for (int i = 0; i < n; i++)
        if (moves[i].subnet_id == subnet)
            m = moves[i];
    g_free(moves);
    return m;
}

static char *row(int64_t subnet)
{
    char *sql = g_strdup_printf(
        "SELECT coalesce(host_id, 0) || ' ' || up || ' ' || bridge || ' ' || "
        "coalesce(left_host_id, 0) || ' ' || (error <> '') FROM subnet_gateway WHERE subnet_id = "
        "%lld",
        (long long)subnet);
    char *v = testdb_text(db, sql);

    g_free(sql);
    return v ? v : g_strdup("none");
}

static void test_placement(void)
{
    struct testdb t;
    struct dv_error err = {0};
    struct gateway_move m;
    int64_t h1, h2, h3, s1, s2, s3, s4, s5, n1, n2, n3, n4, n5;
    char *r;

    db = testdb_open(&t, false);
    exec_sql("INSERT INTO project (id, name, created_at) VALUES (1, 'p', 1)");
    h1 = add_host("h1", true);
    h2 = add_host("h2", true);
    h3 = add_host("h3", false);

    s1 = add_subnet("s1", "10.1.1", true, 0);
    n1 = add_network("n1", 3, s1); /* Linux bridge */
    realize(n1, h2, true);
    realize(n1, h1, true);
    s2 = add_subnet("s2", "10.1.2", true, h3); /* bound to a dead host */
    n2 = add_network("n2", 4, s2);             /* OVS */
    realize(n2, h3, true);
    realize(n2, h1, true);
    s3 = add_subnet("s3", "10.1.3", false, 0); /* no automatic gateway */
    n3 = add_network("n3", 3, s3);
    realize(n3, h1, true);
    s4 = add_subnet("s4", "10.1.4", true, 0); /* only a NAT network (not allowed, R5) */
    n4 = add_network("n4", 1, s4);
    realize(n4, h1, true);
    s5 = add_subnet("s5", "10.1.5", true, 0); /* carried only by the dead host */
    n5 = add_network("n5", 3, s5);
    realize(n5, h3, true);

    m = plan_for(s1);
    ok(m.action == GATEWAY_UP && m.to_host == h1 && m.network_id == n1 && !m.from_host,
       "unbound: up on the first live host carrying the network");
    m = plan_for(s2);
    ok(m.action == GATEWAY_UP && m.to_host == h3, "bound: on its gateway host, even while dead");
    ok((int)plan_for(s3).action == -1, "no automatic gateway: nothing");
    ok((int)plan_for(s4).action == -1, "a subnet of isolated/NAT/routed networks: nothing");
    ok(plan_for(s5).action == GATEWAY_NONE, "only a dead host carries it: it waits");

    /* s1 comes up on h1 */
    m = plan_for(s1);
    ok(gateway_record(db, &m, true, now, NULL, 0, &err), "recorded: %s", err.msg);
    r = row(s1);
    is_str(r, g_strdup_printf("%lld 1 br-n1 0 0", (long long)h1), "subnet_gateway: up on h1");
    g_free(r);
    r = testdb_text(db, "SELECT address FROM subnet_gateway WHERE subnet_id = 1");
    is_str(r, "10.1.1.1/24", "the address put on the bridge is recorded");
    g_free(r);
    ok((int)plan_for(s1).action == -1, "up and its host live: kept");

    /* s2's bound host is dead: the attempt fails, and is tried again later */
    m = plan_for(s2);
    gateway_record(db, &m, false, now, "ssh: connect refused", 0, &err);
    r = row(s2);
    is_str(r, g_strdup_printf("%lld 0 br-n2 0 1", (long long)h3), "the failure is recorded");
    g_free(r);
    now += GATEWAY_RETRY_S - 1;
    ok((int)plan_for(s2).action == -1, "not tried again before GATEWAY_RETRY_S");
    now += 1;
    ok(plan_for(s2).action == GATEWAY_UP, "tried again after it");

    /* h1 fails: s1 moves to h2; h1 cannot be visited, it is remembered */
    set_live(h1, false);
    m = plan_for(s1);
    ok(m.action == GATEWAY_UP && m.to_host == h2 && m.from_host == h1 && !m.from_live,
       "its host failed: moved to the next live host");
    gateway_record(db, &m, true, now, NULL, h1, &err);
    r = row(s1);
    is_str(r, g_strdup_printf("%lld 1 br-n1 %lld 0", (long long)h2, (long long)h1),
           "up on h2; h1 still to be cleaned");
    g_free(r);
    ok((int)plan_for(s1).action == -1, "nothing while h1 is down");
    set_live(h1, true);
    m = plan_for(s1);
    ok(m.action == GATEWAY_CLEAN && m.from_host == h1, "h1 back: the gateway there is taken down");
    gateway_record(db, &m, true, now, NULL, 0, &err);
    r = row(s1);
    is_str(r, g_strdup_printf("%lld 1 br-n1 0 0", (long long)h2), "cleaned; it stays on h2");
    g_free(r);
    ok((int)plan_for(s1).action == -1, "and is kept there (no move back)");

    /* the network leaves h2: the gateway follows to h1 (live, carrying) */
    realize(n1, h2, false);
    m = plan_for(s1);
    ok(m.action == GATEWAY_UP && m.to_host == h1 && m.from_host == h2 && m.from_live,
       "its host no longer carries the network: moved, taken down there first");
    gateway_record(db, &m, true, now, NULL, 0, &err);

    /* the last network goes: down */
    realize(n1, h1, false);
    m = plan_for(s1);
    ok(m.action == GATEWAY_DOWN && m.from_host == h1, "no network left: down on h1");
    gateway_record(db, &m, false, now, "timeout", 0, &err);
    r = row(s1);
    is_str(r, g_strdup_printf("%lld 1 br-n1 0 1", (long long)h1),
           "a failed down keeps the row, with the error");
    g_free(r);
    now += GATEWAY_RETRY_S;
    m = plan_for(s1);
    ok(m.action == GATEWAY_DOWN, "tried again later");
    gateway_record(db, &m, true, now, NULL, 0, &err);
    r = row(s1);
    is_str(r, "none", "down: the row is gone");
    g_free(r);

    /* the tick records what needs no host: s5 waits for a live host.  No
     * command may reach this machine's own namespace: s2's retry is not due,
     * and any command would go to a namespace that does not exist */
    setenv(HOSTEXEC_NETNS_ENV, "dosvm-test-no-such-netns", 1);
    m = plan_for(s2);
    gateway_record(db, &m, false, now, "still down", 0, &err);
    ok(gateway_tick(db, now, &err), "gateway_tick: %s", err.msg);
    r = row(s5);
    is_str(r, "0 0  0 1", "s5: no host, the reason recorded");
    g_free(r);
    r = testdb_text(db, "SELECT error FROM subnet_gateway WHERE subnet_id = 5");
    ok(r && strstr(r, "No live host"), "the reason: %s", r ? r : "");
    g_free(r);
    /* its network goes: the row goes without visiting a host */
    realize(n5, h3, false);
    now += GATEWAY_RETRY_S;
    ok(gateway_tick(db, now, &err), "gateway_tick again");
    r = row(s5);
    is_str(r, "none", "not needed and never up: only the row goes");
    g_free(r);

    testdb_close(&t);
}

int main(void)
{
    test_conf_ipv4();
    test_conf_ipv6();
    test_placement();
    return tap_done();
}
