/* test-subnet.c - the subnets of src/net/subnet.h and the addresses of
 * src/net/ipaddr.h against a real database: every rule (R1-R4, OP-10,
 * OP-12, OP-13, the dialogs' rules) on IPv4 and IPv6 subnets, each refusal
 * leaving every table and the operation log as they were, the audit rows of
 * the successes, stale versions, in-use deletes (network rows inserted by
 * SQL), the list's five filters, assignments and the project's choices;
 * features: M10.2.1.1 M10.2.1.2 M10.2.1.2a M10.2.1.2b M10.2.1.2c M10.2.1.2d
 * M10.2.1.2e M10.2.1.2f M10.2.1.2g M10.2.1.2h M10.2.1.3 M10.2.1.4 M10.2.2.1
 * M10.2.2.2 M10.2.2.3 OP-10 OP-12 OP-13 */
#include "db/audit.h"
#include "net/ipaddr.h"
#include "net/subnet.h"
#include "xml/subnetxml.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;
static const struct dv_actor admin = {.user_id = 2, .account = "alice", .addr = "test"};

static const char *const snap_tables[] = {"subnet",         "subnet_range",  "subnet_reservation",
                                          "subnet_txt",     "subnet_srv",    "subnet_forwarder",
                                          "subnet_dnshost", "subnet_project"};

#include "lib/testcheck.h"

static int64_t proj_a, proj_b, host1;

static void sql(const char *s)
{
    struct dv_error err = {0};

    if (!db_exec(db, s, &err))
        printf("# %s: %s\n", s, err.msg);
}

/* The manual's test1 (Fig 10-3): 192.168.3.0/255.255.255.0, gateway .1,
 * pool .10-.254. */
static struct subnet_spec v4(const char *name)
{
    return (struct subnet_spec){.name = name,
                                .description = "用于测试",
                                .ip_version = 4,
                                .address = "192.168.3.0",
                                .prefix = 24,
                                .gateway = "192.168.3.1",
                                .range_start = "192.168.3.10",
                                .range_end = "192.168.3.254"};
}

static struct subnet_spec v6(const char *name)
{
    return (struct subnet_spec){.name = name,
                                .ip_version = 6,
                                .address = "fd00:1::",
                                .prefix = 64,
                                .gateway = "fd00:1::1",
                                .range_start = "fd00:1::100",
                                .range_end = "fd00:1::1ff"};
}

static int64_t add_ok(const struct subnet_spec *s, const char *what)
{
    struct dv_error err = {0};
    int64_t id = 0;
    long before = ops();

    ok(subnet_add(db, &sys, s, &id, &err), "%s: added (%s)", what, err.msg);
    logged(before, AUDIT_ADD, "Add subnet", s->name, what);
    return id;
}

/* ---------------------------------------------------------------- ipaddr */

static void test_ipaddr(void)
{
    struct dv_error err = {0};
    struct ipaddr a, b, n;
    char mac[18], *t;
    int p;

    ok(ipaddr_parse("k", "L", "10.1.0.1", 4, &a, &err) && a.version == 4, "10.1.0.1 is IPv4");
    ok(!ipaddr_parse("k", "L", "10.1.0.256", 4, &a, &err), "10.1.0.256 refused");
    is_str(err.field, "k", "the refusal names the field");
    ok(strstr(err.msg, "L") != NULL, "the message names the label (%s)", err.msg);
    ok(!ipaddr_parse("k", "L", " 10.1.0.1", 4, &a, &err), "a leading blank refused");
    ok(!ipaddr_parse("k", "L", "10.1.0.1/24", 4, &a, &err), "a prefix refused");
    ok(!ipaddr_parse("k", "L", "fd00::1", 4, &a, &err), "IPv6 where IPv4 is asked refused");
    ok(!ipaddr_parse("k", "L", "10.1.0.1", 6, &a, &err), "IPv4 where IPv6 is asked refused");
    ok(!ipaddr_parse("k", "L", "", 0, &a, &err) && strstr(err.msg, "required"), "empty: required");
    ok(ipaddr_parse("k", "L", "FD00:0:0::1", 0, &a, &err) && a.version == 6, "either: IPv6");
    t = ipaddr_format(&a);
    is_str(t, "fd00::1", "canonical IPv6 text");
    g_free(t);
    is_int(ipaddr_version_of("192.168.2.189"), 4, "version of an IPv4 text");
    is_int(ipaddr_version_of("::1"), 6, "version of an IPv6 text");
    is_int(ipaddr_version_of("localhost"), 0, "version of a name: none");

    ok(ipaddr_netmask_parse("m", "M", "255.255.255.0", 4, &p, &err) && p == 24, "/24 mask");
    ok(ipaddr_netmask_parse("m", "M", "255.255.0.0", 4, &p, &err) && p == 16, "/16 mask");
    ok(ipaddr_netmask_parse("m", "M", "0.0.0.0", 4, &p, &err) && p == 0, "/0 mask");
    ok(ipaddr_netmask_parse("m", "M", "255.255.255.255", 4, &p, &err) && p == 32, "/32 mask");
    ok(!ipaddr_netmask_parse("m", "M", "255.0.255.0", 4, &p, &err), "non-contiguous refused");
    is_str(err.field, "m", "mask refusal names the field");
    ok(!ipaddr_netmask_parse("m", "M", "24", 4, &p, &err), "a number is no IPv4 mask");
    ok(ipaddr_netmask_parse("m", "M", "64", 6, &p, &err) && p == 64, "IPv6 prefix 64");
    ok(ipaddr_netmask_parse("m", "M", "128", 6, &p, &err) && p == 128, "IPv6 prefix 128");
    ok(!ipaddr_netmask_parse("m", "M", "129", 6, &p, &err), "IPv6 prefix 129 refused");
    ok(!ipaddr_netmask_parse("m", "M", "-1", 6, &p, &err), "IPv6 prefix -1 refused");
    ok(!ipaddr_netmask_parse("m", "M", "ffff:ffff::", 6, &p, &err), "IPv6 dotted mask refused");
    t = ipaddr_prefix_netmask(20);
    is_str(t, "255.255.240.0", "prefix 20 as a netmask");
    g_free(t);
    t = ipaddr_netmask_text(6, 48);
    is_str(t, "48", "IPv6 netmask text is the prefix");
    g_free(t);

    ipaddr_parse("k", "L", "192.168.4.100", 4, &a, &err);
    n = ipaddr_network(&a, 24);
    t = ipaddr_format(&n);
    is_str(t, "192.168.4.0", "OP-10: the network of 192.168.4.100/24");
    g_free(t);
    ipaddr_parse("k", "L", "192.168.4.255", 4, &b, &err);
    ok(ipaddr_in_network(&b, &a, 24), "192.168.4.255 inside 192.168.4.100/24");
    ipaddr_parse("k", "L", "192.168.5.1", 4, &b, &err);
    ok(!ipaddr_in_network(&b, &a, 24), "192.168.5.1 outside");
    ok(ipaddr_in_network(&b, &a, 22), "192.168.5.1 inside /22");
    ipaddr_parse("k", "L", "fd00:1::ffff", 6, &b, &err);
    ok(!ipaddr_in_network(&b, &a, 24), "an IPv6 address is outside an IPv4 network");
    ipaddr_parse("k", "L", "fd00:1::", 6, &a, &err);
    ok(ipaddr_in_network(&b, &a, 64), "fd00:1::ffff inside fd00:1::/64");
    ipaddr_parse("k", "L", "fd00:2::1", 6, &b, &err);
    ok(!ipaddr_in_network(&b, &a, 64), "fd00:2::1 outside fd00:1::/64");
    ok(ipaddr_in_network(&b, &a, 8), "fd00:2::1 inside fd00::/8");
    ipaddr_parse("k", "L", "10.0.0.9", 4, &a, &err);
    ipaddr_parse("k", "L", "10.0.0.10", 4, &b, &err);
    ok(ipaddr_cmp(&a, &b) < 0 && ipaddr_cmp(&b, &a) > 0 && ipaddr_cmp(&a, &a) == 0,
       "comparison is numeric (.9 < .10)");

    ok(ipaddr_mac_parse("mac", "MAC", "52:54:00:AB:cd:01", mac, &err), "MAC accepted");
    is_str(mac, "52:54:00:ab:cd:01", "MAC in lower case");
    ok(!ipaddr_mac_parse("mac", "MAC", "52:54:00:ab:cd", mac, &err), "short MAC refused");
    ok(!ipaddr_mac_parse("mac", "MAC", "52-54-00-ab-cd-01", mac, &err), "dashes refused");
    ok(!ipaddr_mac_parse("mac", "MAC", "52:54:00:ab:cd:0g", mac, &err), "non-hex refused");
    is_str(err.field, "mac", "MAC refusal names the field");
}

/* ---------------------------------------------------------------- parse */

static void test_parse(void)
{
    struct subnet_input in = {.name = "n",
                              .ip_version = "ipv4",
                              .address = "10.1.0.0",
                              .netmask = "255.255.0.0",
                              .gateway = "10.1.0.1",
                              .gateway_host = "",
                              .dhcp = "1",
                              .dns = "0",
                              .auto_gateway = "",
                              .dns_forward_plain = "1",
                              .version = 7};
    struct subnet_spec s;
    struct dv_error err = {0};

    ok(subnet_parse(&in, &s, &err), "parse: a good form (%s)", err.msg);
    ok(s.ip_version == 4 && s.prefix == 16 && s.dhcp && !s.dns && !s.auto_gateway &&
           s.dns_forward_plain && s.version == 7 && s.gateway_host_id == 0,
       "parse: typed values");
    in.ip_version = "6";
    in.netmask = "255.255.0.0";
    ok(!subnet_parse(&in, &s, &err), "parse: a dotted mask on IPv6 refused");
    is_str(err.field, SNF_NETMASK, "parse: the netmask field");
    in.netmask = "48";
    ok(subnet_parse(&in, &s, &err) && s.ip_version == 6 && s.prefix == 48, "parse: IPv6 /48");
    in.ip_version = "ipv5";
    ok(!subnet_parse(&in, &s, &err), "parse: ipv5 refused");
    is_str(err.field, SNF_VERSION, "parse: the version field");
    in.ip_version = "4";
    in.netmask = "255.255.0.0";
    in.dhcp = "maybe";
    ok(!subnet_parse(&in, &s, &err), "parse: a flag other than 0/1 refused");
    is_str(err.field, SNF_DHCP, "parse: the DHCP field");
    in.dhcp = "0";
    in.gateway_host = "x1";
    ok(!subnet_parse(&in, &s, &err), "parse: a host that is not an id refused");
    is_str(err.field, SNF_GATEWAY_HOST, "parse: the host field");
    in.gateway_host = "3";
    ok(subnet_parse(&in, &s, &err) && s.gateway_host_id == 3, "parse: host id 3");
}

/* ---------------------------------------------------------------- add */

struct bad_add {
    const char *what;
    struct subnet_spec s;
    enum dv_status code;
    const char *field;
};

static void test_add(void)
{
    struct subnet_spec good = v4("test1");
    const struct bad_add bad[] = {
        {"R1 gateway outside the subnet",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.8.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_GATEWAY},
        {"R1 gateway of the other version",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "fd00::1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_GATEWAY},
        {"R2 no pool range",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1"},
         DV_ERR_INVALID,
         SNF_START},
        {"R2 pool without end",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10"},
         DV_ERR_INVALID,
         SNF_END},
        {"R3 pool start outside",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.6.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_START},
        {"R3 pool end outside",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.8.20"},
         DV_ERR_INVALID,
         SNF_END},
        {"R3 start after end",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.30",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_END},
        {"R4 TFTP on IPv6",
         {.name = "x",
          .ip_version = 6,
          .address = "fd00:1::",
          .prefix = 64,
          .gateway = "fd00:1::1",
          .range_start = "fd00:1::10",
          .range_end = "fd00:1::20",
          .tftp_root = "/srv/tftp"},
         DV_ERR_INVALID,
         SNF_TFTP},
        {"TFTP root not absolute",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20",
          .tftp_root = "srv/tftp"},
         DV_ERR_INVALID,
         SNF_TFTP},
        {"BOOTP server without a boot file",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20",
          .bootp_server = "192.168.7.2"},
         DV_ERR_INVALID,
         SNF_BOOTP_FILE},
        {"BOOTP server not an IPv4 address",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20",
          .bootp_file = "pxelinux.0",
          .bootp_server = "tftp.example.com"},
         DV_ERR_INVALID,
         SNF_BOOTP_SERVER},
        {"BOOTP on IPv6",
         {.name = "x",
          .ip_version = 6,
          .address = "fd00:1::",
          .prefix = 64,
          .gateway = "fd00:1::1",
          .range_start = "fd00:1::10",
          .range_end = "fd00:1::20",
          .bootp_file = "pxelinux.0"},
         DV_ERR_INVALID,
         SNF_BOOTP_FILE},
        {"name with a blank (CN-NAME)",
         {.name = "my net",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_NAME},
        {"empty name",
         {.name = "",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_NAME},
        {"duplicate name",
         {.name = "test1",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_EXISTS,
         SNF_NAME},
        {"address of the other version",
         {.name = "x",
          .ip_version = 4,
          .address = "fd00::",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_ADDRESS},
        {"IPv4 prefix 33",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 33,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_NETMASK},
        {"IP version 5",
         {.name = "x",
          .ip_version = 5,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20"},
         DV_ERR_INVALID,
         SNF_VERSION},
        {"domain with a blank",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20",
          .dns = true,
          .dns_domain = "my domain"},
         DV_ERR_INVALID,
         SNF_DOMAIN},
        {"script with an escape sequence",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20",
          .auto_gateway = true,
          .gw_start_script = "echo \x1b[2J"},
         DV_ERR_INVALID,
         SNF_GW_START},
        {"unknown gateway host",
         {.name = "x",
          .ip_version = 4,
          .address = "192.168.7.0",
          .prefix = 24,
          .gateway = "192.168.7.1",
          .range_start = "192.168.7.10",
          .range_end = "192.168.7.20",
          .gateway_host_id = 999},
         DV_ERR_NOTFOUND,
         ""},
    };
    struct subnet_spec full = v4("full"), hostbits = v4("hostbits");
    struct dv_error err = {0};
    struct subnet s;
    int64_t id, id6, idh;

    good.gateway_host_id = host1;
    id = add_ok(&good, "test1");
    ok(subnet_get(db, id, &s, &err), "test1: read back (%s)", err.msg);
    is_str(s.name, "test1", "test1: name");
    is_str(s.description, "用于测试", "test1: description");
    ok(s.ip_version == 4 && s.prefix == 24, "test1: IPv4 /24");
    is_str(s.netmask, "255.255.255.0", "test1: netmask stored dotted");
    is_str(s.gateway, "192.168.3.1", "test1: gateway");
    ok(s.gateway_host_id == host1, "test1: bound to the host");
    is_str(s.gateway_host, "node1", "test1: the host's name");
    ok(!s.dhcp && !s.dns && !s.auto_gateway, "test1: flags off by default");
    is_int(s.nranges, 1, "R2: the first pool range is stored");
    is_str(s.pool, "192.168.3.10,192.168.3.254", "test1: the pool column");
    ok(s.version == 1, "test1: row version 1");
    subnet_free(&s);

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        struct snap sn = snap_take();
        bool got;

        memset(&err, 0, sizeof(err));
        got = subnet_add(db, &sys, &bad[i].s, NULL, &err);
        refused(got, &err, bad[i].code, bad[i].field, bad[i].what);
        snap_same(&sn, bad[i].what);
    }
    {
        struct snap sn = snap_take();

        memset(&err, 0, sizeof(err));
        refused(subnet_add(db, &admin, &full, NULL, &err), &err, DV_ERR_DENIED, "",
                "a project admin adds");
        snap_same(&sn, "a project admin adds");
    }

    /* every option */
    full.address = "10.1.0.0";
    full.prefix = 16;
    full.gateway = "10.1.0.1";
    full.range_start = "10.1.0.10";
    full.range_end = "10.1.255.255";
    full.dhcp = full.dns = full.auto_gateway = full.dns_forward_plain = true;
    full.tftp_root = "/var/lib/tftpboot";
    full.bootp_file = "pxelinux.0";
    full.bootp_server = "10.1.0.2";
    full.dns_domain = "example.com";
    full.gw_start_script = "#!/bin/sh\necho start\n";
    full.gw_stop_script = "echo\tstop";
    add_ok(&full, "every option");
    is_int(count_where("subnet", "name = 'full' AND dhcp = 1 AND dns = 1 AND auto_gateway = 1 "
                                 "AND dns_forward_plain = 1 AND tftp_root = '/var/lib/tftpboot' "
                                 "AND bootp_file = 'pxelinux.0' AND bootp_server = '10.1.0.2' "
                                 "AND dns_domain = 'example.com' AND gw_start_script LIKE "
                                 "'#!/bin/sh%%'"),
           1, "every option: stored");

    id6 = add_ok(&(struct subnet_spec){.name = "v6net",
                                       .ip_version = 6,
                                       .address = "FD00:1::",
                                       .prefix = 64,
                                       .gateway = "fd00:1:0::1",
                                       .range_start = "fd00:1::100",
                                       .range_end = "fd00:1::1ff",
                                       .dhcp = true},
                 "IPv6 subnet");
    ok(subnet_get(db, id6, &s, &err), "IPv6: read back");
    is_str(s.address, "fd00:1::", "IPv6: address canonical");
    is_str(s.netmask, "64", "IPv6: the netmask is the prefix");
    is_str(s.gateway, "fd00:1::1", "IPv6: gateway canonical");
    ok(s.ip_version == 6 && s.prefix == 64, "IPv6: version and prefix");
    subnet_free(&s);

    /* OP-10: the address is kept as typed, comparisons use address & mask */
    hostbits.address = "192.168.4.100";
    hostbits.gateway = "192.168.4.1";
    hostbits.range_start = "192.168.4.10";
    hostbits.range_end = "192.168.4.99";
    idh = add_ok(&hostbits, "OP-10 host bits");
    ok(subnet_get(db, idh, &s, &err), "OP-10: read back");
    is_str(s.address, "192.168.4.100", "OP-10: the address as typed");
    subnet_free(&s);
    (void)v6;
}

/* ----------------------------------------------------------- child rows */

static int64_t sid(const char *name)
{
    struct dv_error err = {0};
    int64_t id = 0;

    if (!db_scalar(db, "SELECT id FROM subnet WHERE name = ?1", DB_ARGS(DB_T(name)), &id, &err))
        printf("# %s\n", err.msg);
    return id;
}

/* A refused child add: nothing written. */
#define CHILD_REFUSED(call, code, field, what)                                                     \
    do {                                                                                           \
        struct snap sn_ = snap_take();                                                             \
        struct dv_error e_ = {0};                                                                  \
        struct dv_error *err = &e_;                                                                \
        bool got_ = (call);                                                                        \
        refused(got_, err, code, field, what);                                                     \
        snap_same(&sn_, what);                                                                     \
    } while (0)

#define CHILD_OK(call, action, object, what)                                                       \
    do {                                                                                           \
        struct dv_error e_ = {0};                                                                  \
        struct dv_error *err = &e_;                                                                \
        long before_ = ops();                                                                      \
        ok((call), "%s: done (%s)", what, e_.msg);                                                 \
        logged(before_, strncmp(action, "Delete", 6) ? AUDIT_ADD : AUDIT_DELETE, action, object,   \
               what);                                                                              \
    } while (0)

static int64_t version_of(int64_t id)
{
    char *q = sqlite3_mprintf("SELECT row_version FROM subnet WHERE id = %lld", (long long)id);
    char *t = testdb_text(db, q);
    int64_t v = t ? strtoll(t, NULL, 10) : -1;

    sqlite3_free(q);
    g_free(t);
    return v;
}

static void test_ranges(void)
{
    int64_t t1 = sid("test1"), t6 = sid("v6net"), r2 = 0, first;
    int64_t v;

    CHILD_OK(subnet_range_add(db, &sys, t1, "192.168.3.2", "192.168.3.5", &r2, err),
             "Add address pool range", "test1: 192.168.3.2-192.168.3.5", "a second range");
    is_int(count_where("subnet_range", "subnet_id = %lld", (long long)t1), 2, "two ranges");
    ok(version_of(t1) == 2, "a child add bumps the subnet's version");
    CHILD_REFUSED(subnet_range_add(db, &sys, t1, "192.168.3.4", "192.168.3.9", NULL, err),
                  DV_ERR_INVALID, SNF_START, "overlapping range");
    CHILD_REFUSED(subnet_range_add(db, &sys, t1, "192.168.3.1", "192.168.3.255", NULL, err),
                  DV_ERR_INVALID, SNF_START, "range around the others");
    CHILD_REFUSED(subnet_range_add(db, &sys, t1, "192.168.2.250", "192.168.3.1", NULL, err),
                  DV_ERR_INVALID, SNF_START, "range start outside");
    CHILD_REFUSED(subnet_range_add(db, &sys, t1, "192.168.3.6", "192.168.4.1", NULL, err),
                  DV_ERR_INVALID, SNF_END, "range end outside");
    CHILD_REFUSED(subnet_range_add(db, &sys, t1, "192.168.3.8", "192.168.3.6", NULL, err),
                  DV_ERR_INVALID, SNF_END, "range start after end");
    CHILD_REFUSED(subnet_range_add(db, &sys, t1, "fd00:1::5", "fd00:1::6", NULL, err),
                  DV_ERR_INVALID, SNF_START, "IPv6 range on IPv4");
    CHILD_REFUSED(subnet_range_add(db, &sys, 9999, "192.168.3.6", "192.168.3.7", NULL, err),
                  DV_ERR_NOTFOUND, "", "range of a missing subnet");
    CHILD_REFUSED(subnet_range_add(db, &admin, t1, "192.168.3.6", "192.168.3.7", NULL, err),
                  DV_ERR_DENIED, "", "range by a project admin");
    CHILD_OK(subnet_range_add(db, &sys, t1, "192.168.3.6", "192.168.3.6", NULL, err),
             "Add address pool range", "test1: 192.168.3.6-192.168.3.6", "one-address range");
    CHILD_OK(subnet_range_add(db, &sys, t6, "fd00:1::200", "fd00:1::2ff", NULL, err),
             "Add address pool range", "v6net: fd00:1::200-fd00:1::2ff", "IPv6 range");
    CHILD_REFUSED(subnet_range_add(db, &sys, t6, "fd00:1::150", "fd00:1::250", NULL, err),
                  DV_ERR_INVALID, SNF_START, "IPv6 overlapping range");
    CHILD_REFUSED(subnet_range_add(db, &sys, t6, "fd00:2::1", "fd00:2::2", NULL, err),
                  DV_ERR_INVALID, SNF_START, "IPv6 range outside");

    /* deleting: any but the last (R2) */
    v = version_of(t1);
    CHILD_OK(subnet_child_delete(db, &sys, SUBNET_RANGE, r2, err), "Delete address pool range",
             "test1: 192.168.3.2-192.168.3.5", "delete a range");
    ok(version_of(t1) == v + 1, "a child delete bumps the version");
    CHILD_REFUSED(subnet_child_delete(db, &sys, SUBNET_RANGE, r2, err), DV_ERR_NOTFOUND, "",
                  "delete a deleted range");
    first = (int64_t)count_where("subnet_range", "subnet_id = %lld", (long long)t1);
    is_int(first, 2, "two ranges left");
    {
        char *q = sqlite3_mprintf("SELECT max(id) FROM subnet_range WHERE subnet_id = %lld",
                                  (long long)t1);
        char *t = testdb_text(db, q);
        int64_t last = strtoll(t, NULL, 10);

        CHILD_OK(subnet_child_delete(db, &sys, SUBNET_RANGE, last, err),
                 "Delete address pool range", "test1: 192.168.3.6-192.168.3.6",
                 "delete the second to last range");
        g_free(t);
        sqlite3_free(q);
        q = sqlite3_mprintf("SELECT id FROM subnet_range WHERE subnet_id = %lld", (long long)t1);
        t = testdb_text(db, q);
        last = strtoll(t, NULL, 10);
        CHILD_REFUSED(subnet_child_delete(db, &sys, SUBNET_RANGE, last, err), DV_ERR_INVALID,
                      SNF_START, "R2: delete the last range");
        g_free(t);
        sqlite3_free(q);
    }
}

static void test_reservations(void)
{
    int64_t t1 = sid("test1"), t6 = sid("v6net"), rid = 0;
    struct subnet_reservation_spec r = {
        .mac = "52:54:00:AA:00:01", .ip = "192.168.3.20", .hostname = "web1"};

    CHILD_OK(subnet_reservation_add(db, &sys, t1, &r, &rid, err), "Add IP reservation",
             "test1: 192.168.3.20", "IPv4 reservation");
    is_int(count_where("subnet_reservation",
                       "id = %lld AND mac = '52:54:00:aa:00:01' AND "
                       "hostname = 'web1'",
                       (long long)rid),
           1, "IPv4 reservation: stored, MAC in lower case");
    CHILD_OK(subnet_reservation_add(db, &sys, t1,
                                    &(struct subnet_reservation_spec){.mac = "52:54:00:aa:00:02",
                                                                      .ip = "192.168.3.21"},
                                    NULL, err),
             "Add IP reservation", "test1: 192.168.3.21", "IPv4 reservation without a name");
    CHILD_REFUSED(subnet_reservation_add(db, &sys, t1,
                                         &(struct subnet_reservation_spec){.ip = "192.168.3.22"},
                                         NULL, err),
                  DV_ERR_INVALID, SNF_MAC, "IPv4 reservation without MAC");
    CHILD_REFUSED(subnet_reservation_add(db, &sys, t1,
                                         &(struct subnet_reservation_spec){.mac = "52:54:00:aa:00",
                                                                           .ip = "192.168.3.22"},
                                         NULL, err),
                  DV_ERR_INVALID, SNF_MAC, "bad MAC");
    CHILD_REFUSED(subnet_reservation_add(db, &sys, t1,
                                         &(struct subnet_reservation_spec){
                                             .mac = "52:54:00:aa:00:03", .ip = "192.168.9.22"},
                                         NULL, err),
                  DV_ERR_INVALID, SNF_IP, "reservation outside the subnet");
    CHILD_REFUSED(
        subnet_reservation_add(
            db, &sys, t1, &(struct subnet_reservation_spec){.mac = "52:54:00:aa:00:03"}, NULL, err),
        DV_ERR_INVALID, SNF_IP, "reservation without IP");
    CHILD_REFUSED(subnet_reservation_add(db, &sys, t1,
                                         &(struct subnet_reservation_spec){
                                             .mac = "52:54:00:AA:00:01", .ip = "192.168.3.23"},
                                         NULL, err),
                  DV_ERR_EXISTS, SNF_MAC, "duplicate MAC");
    CHILD_REFUSED(subnet_reservation_add(db, &sys, t1,
                                         &(struct subnet_reservation_spec){
                                             .mac = "52:54:00:aa:00:04", .ip = "192.168.3.20"},
                                         NULL, err),
                  DV_ERR_EXISTS, SNF_IP, "duplicate IP");
    CHILD_REFUSED(subnet_reservation_add(
                      db, &sys, t1,
                      &(struct subnet_reservation_spec){
                          .mac = "52:54:00:aa:00:05", .ip = "192.168.3.24", .hostname = "web 1"},
                      NULL, err),
                  DV_ERR_INVALID, SNF_HOSTNAME, "host name with a blank");
    /* IPv6: identified by the host name */
    CHILD_OK(subnet_reservation_add(
                 db, &sys, t6,
                 &(struct subnet_reservation_spec){.ip = "fd00:1::120", .hostname = "db1"}, NULL,
                 err),
             "Add IP reservation", "v6net: fd00:1::120", "IPv6 reservation");
    CHILD_REFUSED(subnet_reservation_add(db, &sys, t6,
                                         &(struct subnet_reservation_spec){.ip = "fd00:1::121"},
                                         NULL, err),
                  DV_ERR_INVALID, SNF_HOSTNAME, "IPv6 reservation without a name");
    CHILD_REFUSED(subnet_reservation_add(
                      db, &sys, t6,
                      &(struct subnet_reservation_spec){
                          .mac = "52:54:00:aa:00:06", .ip = "fd00:1::121", .hostname = "db2"},
                      NULL, err),
                  DV_ERR_INVALID, SNF_MAC, "IPv6 reservation with a MAC");
    CHILD_REFUSED(subnet_reservation_add(
                      db, &sys, t6,
                      &(struct subnet_reservation_spec){.ip = "fd00:1::122", .hostname = "db1"},
                      NULL, err),
                  DV_ERR_EXISTS, SNF_HOSTNAME, "IPv6 duplicate host name");
    CHILD_REFUSED(subnet_reservation_add(
                      db, &sys, t6,
                      &(struct subnet_reservation_spec){.ip = "fd00:9::1", .hostname = "db3"}, NULL,
                      err),
                  DV_ERR_INVALID, SNF_IP, "IPv6 reservation outside");
    CHILD_OK(subnet_child_delete(db, &sys, SUBNET_RESERVATION, rid, err), "Delete IP reservation",
             "test1: 192.168.3.20", "delete a reservation");
    CHILD_OK(subnet_reservation_add(db, &sys, t1, &r, NULL, err), "Add IP reservation",
             "test1: 192.168.3.20", "the reservation again");
}

static void test_dns_rows(void)
{
    int64_t t1 = sid("test1"), t6 = sid("v6net"), id = 0;
    struct subnet_srv_spec srv;
    struct dv_error e = {0};

    /* TXT (M10.2.1.2e, OP-12: the value as typed) */
    CHILD_OK(subnet_txt_add(db, &sys, t1, "ftp", "10.0.1.14", &id, err), "Add DNS name",
             "test1: ftp", "TXT ftp");
    CHILD_OK(subnet_txt_add(db, &sys, t1, "mail", "10.0.1.15;10.0.1.16", NULL, err), "Add DNS name",
             "test1: mail", "TXT with semicolons kept as typed");
    is_int(count_where("subnet_txt", "name = 'mail' AND value = '10.0.1.15;10.0.1.16'"), 1,
           "OP-12: the value is stored unchanged");
    CHILD_REFUSED(subnet_txt_add(db, &sys, t1, "my ftp", "x", NULL, err), DV_ERR_INVALID,
                  SNF_TXT_NAME, "TXT name with a space");
    CHILD_REFUSED(subnet_txt_add(db, &sys, t1, "ftp,www", "x", NULL, err), DV_ERR_INVALID,
                  SNF_TXT_NAME, "TXT name with a comma");
    CHILD_REFUSED(subnet_txt_add(db, &sys, t1, "ftp，www", "x", NULL, err), DV_ERR_INVALID,
                  SNF_TXT_NAME, "TXT name with a full-width comma");
    CHILD_REFUSED(subnet_txt_add(db, &sys, t1, "", "x", NULL, err), DV_ERR_INVALID, SNF_TXT_NAME,
                  "TXT without a name");
    CHILD_REFUSED(subnet_txt_add(db, &sys, t1, "www", "", NULL, err), DV_ERR_INVALID, SNF_TXT_VALUE,
                  "TXT without a value");
    CHILD_REFUSED(subnet_txt_add(db, &sys, t1, "ftp", "y", NULL, err), DV_ERR_EXISTS, SNF_TXT_NAME,
                  "duplicate TXT name");
    CHILD_OK(subnet_child_delete(db, &sys, SUBNET_TXT, id, err), "Delete DNS name", "test1: ftp",
             "delete a TXT");
    CHILD_OK(subnet_txt_add(db, &sys, t1, "ftp", "10.0.1.14", NULL, err), "Add DNS name",
             "test1: ftp", "TXT ftp again");

    /* forwarders (M10.2.1.2f) */
    CHILD_OK(subnet_forwarder_add(db, &sys, t1, "8.8.8.8", &id, err), "Add upstream DNS server",
             "test1: 8.8.8.8", "IPv4 forwarder");
    CHILD_OK(subnet_forwarder_add(db, &sys, t1, "2001:4860:4860:0::8888", NULL, err),
             "Add upstream DNS server", "test1: 2001:4860:4860::8888", "IPv6 forwarder");
    CHILD_REFUSED(subnet_forwarder_add(db, &sys, t1, "dns.example.com", NULL, err), DV_ERR_INVALID,
                  SNF_FORWARDER, "forwarder that is a name");
    CHILD_REFUSED(subnet_forwarder_add(db, &sys, t1, "8.8.8.8", NULL, err), DV_ERR_EXISTS,
                  SNF_FORWARDER, "duplicate forwarder");
    CHILD_OK(subnet_child_delete(db, &sys, SUBNET_FORWARDER, id, err), "Delete upstream DNS server",
             "test1: 8.8.8.8", "delete a forwarder");
    CHILD_OK(subnet_forwarder_add(db, &sys, t1, "8.8.8.8", NULL, err), "Add upstream DNS server",
             "test1: 8.8.8.8", "IPv4 forwarder again");

    /* SRV (M10.2.1.2g) */
    ok(subnet_srv_parse(&(struct subnet_srv_input){.service = "ldap",
                                                   .protocol = "tcp",
                                                   .target = "ldap.example.com",
                                                   .port = "389",
                                                   .priority = "",
                                                   .weight = "10"},
                        &srv, &e),
       "SRV parse");
    ok(srv.port == 389 && srv.priority == -1 && srv.weight == 10, "SRV parse: numbers, -1 none");
    ok(!subnet_srv_parse(&(struct subnet_srv_input){.port = "65536"}, &srv, &e),
       "SRV parse: port 65536 refused");
    is_str(e.field, SNF_SRV_PORT, "SRV parse: the port field");
    ok(!subnet_srv_parse(&(struct subnet_srv_input){.port = "0"}, &srv, &e),
       "SRV parse: port 0 refused");
    ok(!subnet_srv_parse(&(struct subnet_srv_input){.weight = "x"}, &srv, &e),
       "SRV parse: weight x refused");
    is_str(e.field, SNF_SRV_WEIGHT, "SRV parse: the weight field");
    CHILD_OK(subnet_srv_add(db, &sys, t1,
                            &(struct subnet_srv_spec){.service = "ldap",
                                                      .protocol = "tcp",
                                                      .domain = "example.com",
                                                      .target = "192.168.3.5",
                                                      .port = 389,
                                                      .priority = 10,
                                                      .weight = 20},
                            &id, err),
             "Add DNS service", "test1: ldap/tcp", "full SRV");
    CHILD_OK(subnet_srv_add(
                 db, &sys, t1,
                 &(struct subnet_srv_spec){
                     .service = "sip", .protocol = "udp", .port = -1, .priority = -1, .weight = -1},
                 NULL, err),
             "Add DNS service", "test1: sip/udp", "minimal SRV");
    is_int(count_where("subnet_srv", "service = 'sip' AND port IS NULL AND priority IS NULL AND "
                                     "weight IS NULL AND target = ''"),
           1, "minimal SRV: no numbers stored");
    CHILD_REFUSED(
        subnet_srv_add(
            db, &sys, t1,
            &(struct subnet_srv_spec){
                .service = "www", .protocol = "tcp", .port = 80, .priority = -1, .weight = -1},
            NULL, err),
        DV_ERR_INVALID, SNF_SRV_PORT, "SRV port without a target");
    CHILD_REFUSED(
        subnet_srv_add(
            db, &sys, t1,
            &(struct subnet_srv_spec){
                .service = "www", .protocol = "tcp", .port = -1, .priority = 0, .weight = -1},
            NULL, err),
        DV_ERR_INVALID, SNF_SRV_PRIORITY, "SRV priority without a target");
    CHILD_REFUSED(
        subnet_srv_add(
            db, &sys, t1,
            &(struct subnet_srv_spec){
                .service = "www", .protocol = "tcp", .port = -1, .priority = -1, .weight = 5},
            NULL, err),
        DV_ERR_INVALID, SNF_SRV_WEIGHT, "SRV weight without a target");
    CHILD_REFUSED(
        subnet_srv_add(
            db, &sys, t1,
            &(struct subnet_srv_spec){
                .service = "www", .protocol = "sctp", .port = -1, .priority = -1, .weight = -1},
            NULL, err),
        DV_ERR_INVALID, SNF_SRV_PROTOCOL, "SRV protocol sctp");
    CHILD_REFUSED(subnet_srv_add(db, &sys, t1,
                                 &(struct subnet_srv_spec){
                                     .protocol = "tcp", .port = -1, .priority = -1, .weight = -1},
                                 NULL, err),
                  DV_ERR_INVALID, SNF_SRV_SERVICE, "SRV without a service");
    CHILD_REFUSED(subnet_srv_add(db, &sys, t1,
                                 &(struct subnet_srv_spec){.service = "www",
                                                           .protocol = "tcp",
                                                           .target = "a b",
                                                           .port = 1,
                                                           .priority = -1,
                                                           .weight = -1},
                                 NULL, err),
                  DV_ERR_INVALID, SNF_SRV_TARGET, "SRV target with a blank");
    CHILD_REFUSED(subnet_srv_add(db, &sys, t1,
                                 &(struct subnet_srv_spec){.service = "www",
                                                           .protocol = "tcp",
                                                           .target = "h",
                                                           .port = 70000,
                                                           .priority = -1,
                                                           .weight = -1},
                                 NULL, err),
                  DV_ERR_INVALID, SNF_SRV_PORT, "SRV port 70000");
    CHILD_OK(subnet_child_delete(db, &sys, SUBNET_SRV, id, err), "Delete DNS service",
             "test1: ldap/tcp", "delete an SRV");
    CHILD_OK(subnet_srv_add(db, &sys, t1,
                            &(struct subnet_srv_spec){.service = "ldap",
                                                      .protocol = "tcp",
                                                      .domain = "example.com",
                                                      .target = "192.168.3.5",
                                                      .port = 389,
                                                      .priority = 10,
                                                      .weight = 20},
                            NULL, err),
             "Add DNS service", "test1: ldap/tcp", "full SRV again");

    /* DNS hosts (M10.2.1.2h) */
    CHILD_OK(subnet_dnshost_add(db, &sys, t1, "192.168.3.5", "ldap, ldap.example.com", &id, err),
             "Add DNS host", "test1: 192.168.3.5", "DNS host with two names");
    is_int(count_where("subnet_dnshost", "hostnames = 'ldap,ldap.example.com'"), 1,
           "DNS host: names stored without blanks");
    CHILD_REFUSED(subnet_dnshost_add(db, &sys, t1, "", "x", NULL, err), DV_ERR_INVALID, SNF_IP,
                  "DNS host without IP");
    CHILD_REFUSED(subnet_dnshost_add(db, &sys, t1, "192.168.3.6", "", NULL, err), DV_ERR_INVALID,
                  SNF_HOSTNAME, "DNS host without a name");
    CHILD_REFUSED(subnet_dnshost_add(db, &sys, t1, "192.168.3.6", "a,,b", NULL, err),
                  DV_ERR_INVALID, SNF_HOSTNAME, "DNS host with an empty name");
    CHILD_REFUSED(subnet_dnshost_add(db, &sys, t1, "192.168.3.6", "a b", NULL, err), DV_ERR_INVALID,
                  SNF_HOSTNAME, "DNS host name with a blank");
    CHILD_REFUSED(subnet_dnshost_add(db, &sys, t1, "192.168.3.5", "other", NULL, err),
                  DV_ERR_EXISTS, SNF_IP, "duplicate DNS host IP");
    CHILD_OK(subnet_dnshost_add(db, &sys, t6, "fd00:1::5", "v6host", NULL, err), "Add DNS host",
             "v6net: fd00:1::5", "IPv6 DNS host");
    CHILD_OK(subnet_child_delete(db, &sys, SUBNET_DNSHOST, id, err), "Delete DNS host",
             "test1: 192.168.3.5", "delete a DNS host");
    CHILD_OK(subnet_dnshost_add(db, &sys, t1, "192.168.3.5", "ldap,ldap.example.com", NULL, err),
             "Add DNS host", "test1: 192.168.3.5", "DNS host again");
    CHILD_REFUSED(subnet_child_delete(db, &sys, (enum subnet_child)42, 1, err), DV_ERR_INVALID, "",
                  "an unknown kind of row");
    CHILD_REFUSED(subnet_child_delete(db, &admin, SUBNET_DNSHOST, 1, err), DV_ERR_DENIED, "",
                  "a project admin deletes a row");

    /* everything read back */
    {
        struct subnet s;

        ok(subnet_get(db, t1, &s, &e), "test1 with its rows");
        is_int(s.nranges, 1, "rows: one range");
        is_int(s.nreservations, 2, "rows: two reservations");
        is_int(s.ntxts, 2, "rows: two TXT");
        is_int(s.nforwarders, 2, "rows: two forwarders");
        is_int(s.nsrvs, 2, "rows: two SRV");
        is_int(s.ndnshosts, 1, "rows: one DNS host");
        ok(s.nsrvs == 2 && s.srvs[1].port == 389 && s.srvs[1].weight == 20 && s.srvs[0].port == -1,
           "rows: SRV numbers read back");
        subnet_free(&s);
    }
}

/* ---------------------------------------------------------------- modify */

static void test_modify(void)
{
    int64_t t1 = sid("test1"), t6 = sid("v6net");
    struct subnet s;
    struct subnet_spec m;
    struct dv_error err = {0};
    long before;

    ok(subnet_get(db, t1, &s, &err), "modify: read test1");
    m = (struct subnet_spec){.name = "test1",
                             .description = "changed",
                             .ip_version = 4,
                             .address = s.address,
                             .prefix = 23,
                             .gateway = "192.168.2.1",
                             .gateway_host_id = 0,
                             .dhcp = true,
                             .dns = true,
                             .dns_domain = "lab.example.com",
                             .version = s.version};
    before = ops();
    ok(subnet_modify(db, &sys, t1, &m, &err), "modify: widen to /23 (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify subnet", "test1", "modify");
    is_int(count_where("subnet",
                       "id = %lld AND prefix = 23 AND netmask = '255.255.254.0' AND "
                       "gateway = '192.168.2.1' AND gateway_host_id IS NULL AND dhcp = "
                       "1 AND dns = 1 AND row_version = %lld",
                       (long long)t1, (long long)s.version + 1),
           1, "modify: stored, version bumped");
    {
        struct snap sn = snap_take();

        refused(subnet_modify(db, &sys, t1, &m, &err), &err, DV_ERR_STALE, "",
                "modify with a stale version");
        snap_same(&sn, "stale version");
    }
    m.version = s.version + 1;
    {
        const struct {
            const char *what;
            const char *address, *gateway;
            int prefix, version;
            const char *field, *tftp;
            const char *name;
            enum dv_status code;
        } bad[] = {
            {"R1 gateway outside", "192.168.2.0", "192.168.5.1", 23, 4, SNF_GATEWAY, NULL, "test1",
             DV_ERR_INVALID},
            {"narrowing leaves the pool outside", "192.168.2.0", "192.168.2.1", 24, 4, SNF_ADDRESS,
             NULL, "test1", DV_ERR_INVALID},
            {"IPv6 while IPv4 rows exist", "fd00:3::", "fd00:3::1", 64, 6, SNF_ADDRESS, NULL,
             "test1", DV_ERR_INVALID},
            {"R4 TFTP on IPv6 modify", "fd00:3::", "fd00:3::1", 64, 6, SNF_TFTP, "/tftp", "test1",
             DV_ERR_INVALID},
            {"rename to a taken name", "192.168.2.0", "192.168.2.1", 23, 4, SNF_NAME, NULL, "v6net",
             DV_ERR_EXISTS},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
            struct snap sn = snap_take();
            struct subnet_spec b = m;

            b.address = bad[i].address;
            b.gateway = bad[i].gateway;
            b.prefix = bad[i].prefix;
            b.ip_version = bad[i].version;
            b.tftp_root = bad[i].tftp;
            b.name = bad[i].name;
            memset(&err, 0, sizeof(err));
            refused(subnet_modify(db, &sys, t1, &b, &err), &err, bad[i].code, bad[i].field,
                    bad[i].what);
            snap_same(&sn, bad[i].what);
        }
    }
    {
        struct snap sn = snap_take();
        struct subnet_spec b = m;

        b.version = 0;
        refused(subnet_modify(db, &sys, 9999, &b, &err), &err, DV_ERR_NOTFOUND, "",
                "modify a missing subnet");
        snap_same(&sn, "modify a missing subnet");
        sn = snap_take();
        refused(subnet_modify(db, &admin, t1, &b, &err), &err, DV_ERR_DENIED, "",
                "modify as a project admin");
        snap_same(&sn, "modify as a project admin");
    }
    subnet_free(&s);

    /* an IPv6 subnet keeps its name-identified reservations */
    ok(subnet_get(db, t6, &s, &err), "modify: read v6net");
    m = (struct subnet_spec){.name = "v6net",
                             .ip_version = 6,
                             .address = "fd00:1::",
                             .prefix = 48,
                             .gateway = "fd00:1::1",
                             .dhcp = true,
                             .version = s.version};
    ok(subnet_modify(db, &sys, t6, &m, &err), "modify: IPv6 to /48 (%s)", err.msg);
    subnet_free(&s);
}

/* ----------------------------------------------------- check, M10.2.1.3 */

static void test_check(void)
{
    struct subnet_spec s = v4("checked");
    struct dv_error err = {0};
    struct snap sn = snap_take();
    struct subnet old;
    int64_t t1 = sid("test1");

    s.address = "172.16.0.0";
    s.prefix = 12;
    s.gateway = "172.16.0.1";
    s.range_start = "172.16.0.10";
    s.range_end = "172.16.0.20";
    ok(subnet_check(db, 0, &s, &err), "check: a good new subnet passes (%s)", err.msg);
    s.gateway = "172.32.0.1";
    refused(subnet_check(db, 0, &s, &err), &err, DV_ERR_INVALID, SNF_GATEWAY,
            "check: R1 gateway outside");
    s.gateway = "172.16.0.1";
    s.name = "test1";
    refused(subnet_check(db, 0, &s, &err), &err, DV_ERR_EXISTS, SNF_NAME, "check: a taken name");
    ok(subnet_get(db, t1, &old, &err), "check: read test1");
    s = (struct subnet_spec){.name = "test1",
                             .ip_version = 4,
                             .address = old.address,
                             .prefix = 28,
                             .gateway = "192.168.2.1"};
    refused(subnet_check(db, t1, &s, &err), &err, DV_ERR_INVALID, SNF_GATEWAY,
            "check: a modify's gateway outside");
    s.gateway = "192.168.3.1";
    refused(subnet_check(db, t1, &s, &err), &err, DV_ERR_INVALID, SNF_ADDRESS,
            "check: a modify leaving the pool outside");
    s.prefix = old.prefix;
    ok(subnet_check(db, t1, &s, &err), "check: the modify as it is passes (%s)", err.msg);
    subnet_free(&old);
    snap_same(&sn, "check writes nothing");
}

/* M10.2.1.3: a network's stored XML keeps the old subnet until the network
 * is modified again, when the XML built from the record has the change. */
static void test_network_xml_later(void)
{
    int64_t full = sid("full");
    struct dv_error err = {0};
    struct subnet s;
    char *before, *stored, *after, *q;

    ok(subnet_get(db, full, &s, &err), "M10.2.1.3: read full");
    before = subnetxml_network("net-full", &s);
    subnet_free(&s);
    q = sqlite3_mprintf("INSERT INTO network(uuid, project_id, name_en, name_zh, type, subnet_id, "
                        "xml, created_at) VALUES ('u-x', %lld, 'net-full', 'n', 0, %lld, %Q, 1)",
                        (long long)proj_a, (long long)full, before);
    sql(q);
    sqlite3_free(q);
    ok(subnet_range_add(db, &sys, full, "10.1.0.2", "10.1.0.9", NULL, &err),
       "M10.2.1.3: the pool changes (%s)", err.msg);
    stored = testdb_text(db, "SELECT xml FROM network WHERE name_en = 'net-full'");
    is_str(stored, before, "M10.2.1.3: the network's XML is unchanged");
    ok(strstr(before, "<range start=\"10.1.0.2\"") == NULL, "... and lacks the new range");
    ok(subnet_get(db, full, &s, &err), "M10.2.1.3: read full again");
    after = subnetxml_network("net-full", &s);
    subnet_free(&s);
    ok(strstr(after, "<range start=\"10.1.0.2\" end=\"10.1.0.9\"/>") != NULL,
       "M10.2.1.3: modified again, the XML has the new range");
    sql("DELETE FROM network WHERE name_en = 'net-full'");
    g_free(before);
    g_free(stored);
    g_free(after);
}

/* ----------------------------------------------------------------- list */

static void test_list(void)
{
    struct subnet_page p;
    struct dv_error err = {0};
    struct subnet_filter f = {.dhcp = -1, .dns = -1};

    ok(subnet_list(db, &f, 0, 10, &p, &err), "list: all");
    is_int(p.total, 4, "list: four subnets");
    subnet_page_free(&p);
    f.name = "TEST";
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 1 && p.n == 1 &&
           strcmp(p.rows[0].name, "test1") == 0,
       "list: name fuzzy, case-insensitive");
    ok(p.n == 1 && strcmp(p.rows[0].pool, "192.168.3.10,192.168.3.254") == 0,
       "list: the pool column (%s)", p.n ? p.rows[0].pool : "");
    subnet_page_free(&p);
    f.name = "%";
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 0, "list: '%%' is literal");
    subnet_page_free(&p);
    f = (struct subnet_filter){.address = "10.1.", .dhcp = -1, .dns = -1};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 1 && strcmp(p.rows[0].name, "full") == 0,
       "list: network address");
    subnet_page_free(&p);
    f = (struct subnet_filter){.ip_version = 6, .dhcp = -1, .dns = -1};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 1 && strcmp(p.rows[0].name, "v6net") == 0,
       "list: IP version 6");
    subnet_page_free(&p);
    f = (struct subnet_filter){.ip_version = 4, .dhcp = -1, .dns = -1};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 3, "list: IP version 4");
    subnet_page_free(&p);
    f = (struct subnet_filter){.dhcp = 1, .dns = -1};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 3, "list: DHCP on (%lld)",
       (long long)p.total);
    subnet_page_free(&p);
    f = (struct subnet_filter){.dhcp = 0, .dns = -1};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 1 &&
           strcmp(p.rows[0].name, "hostbits") == 0,
       "list: DHCP off");
    subnet_page_free(&p);
    f = (struct subnet_filter){.dhcp = -1, .dns = 1};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 2, "list: DNS on");
    subnet_page_free(&p);
    f = (struct subnet_filter){.dhcp = 1, .dns = 0, .ip_version = 6};
    ok(subnet_list(db, &f, 0, 10, &p, &err) && p.total == 1, "list: filters combine");
    subnet_page_free(&p);
    ok(subnet_list(db, NULL, 1, 2, &p, &err) && p.total == 4 && p.n == 2 &&
           strcmp(p.rows[0].name, "full") == 0,
       "list: a page (offset 1, 2 rows)");
    subnet_page_free(&p);
}

/* ------------------------------------------------ assignments and delete */

static int64_t add_network(const char *name, int64_t project, int64_t subnet)
{
    char *q = sqlite3_mprintf("INSERT INTO network(uuid, project_id, name_en, name_zh, type, "
                              "subnet_id, created_at) VALUES ('uuid-%q', %lld, '%q', '%q', 0, "
                              "%lld, 1)",
                              name, (long long)project, name, name, (long long)subnet);

    sql(q);
    sqlite3_free(q);
    return db_last_id(db);
}

static bool has_choice(const struct choice_list *l, int64_t id)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].id == id)
            return true;
    return false;
}

static void test_assignments(void)
{
    int64_t t1 = sid("test1"), t6 = sid("v6net"), full = sid("full");
    struct dv_error err = {0};
    struct choice_list l;
    struct subnet_assignment_page p;
    char *users;
    long before;

    before = ops();
    ok(subnet_assign(db, &sys, t1, proj_a, &err), "assign test1 to A (%s)", err.msg);
    logged(before, AUDIT_ADD, "Add subnet project", "test1: 项目甲", "assign");
    ok(subnet_assign(db, &sys, t6, proj_a, &err), "assign v6net to A");
    ok(subnet_assign(db, &sys, t1, proj_b, &err), "assign test1 to B (shared)");
    ok(subnet_assign(db, &sys, full, proj_b, &err), "assign full to B");
    {
        struct snap sn = snap_take();

        refused(subnet_assign(db, &sys, t1, proj_a, &err), &err, DV_ERR_EXISTS, SNF_PROJECT,
                "duplicate assignment");
        ok(strstr(err.msg, "Already assigned") != NULL, "duplicate: 'Already assigned'");
        snap_same(&sn, "duplicate assignment");
        sn = snap_take();
        refused(subnet_assign(db, &sys, t1, 999, &err), &err, DV_ERR_NOTFOUND, "",
                "assign to a missing project");
        snap_same(&sn, "assign to a missing project");
        sn = snap_take();
        refused(subnet_assign(db, &sys, 999, proj_a, &err), &err, DV_ERR_NOTFOUND, "",
                "assign a missing subnet");
        snap_same(&sn, "assign a missing subnet");
        sn = snap_take();
        refused(subnet_assign(db, &sys, 0, proj_a, &err), &err, DV_ERR_INVALID, SNF_SUBNET,
                "assign without a subnet");
        snap_same(&sn, "assign without a subnet");
        sn = snap_take();
        refused(subnet_assign(db, &admin, full, proj_a, &err), &err, DV_ERR_DENIED, "",
                "assign as a project admin");
        snap_same(&sn, "assign as a project admin");
    }

    /* S0: the project's choices */
    ok(subnet_choices_for_project(db, proj_a, &l, &err), "choices of A");
    ok(l.n == 2 && has_choice(&l, t1) && has_choice(&l, t6) && !has_choice(&l, full),
       "S0: A chooses test1 and v6net only");
    ok(l.n > 0 && strstr(l.v[0].label, "test1 (192.168.3.0/23)") != NULL,
       "choice label names the subnet (%s)", l.n ? l.v[0].label : "");
    choice_list_free(&l);
    ok(subnet_choices_for_project(db, 999, &l, &err) && l.n == 0,
       "S0: an unassigned project has no subnet");
    choice_list_free(&l);
    ok(subnet_choices(db, &l, &err) && l.n == 4, "every subnet for the assignment picker");
    choice_list_free(&l);
    ok(subnet_project_choices(db, &l, &err) && l.n == 2, "every project for the picker");
    choice_list_free(&l);

    /* the list and its three filters */
    ok(subnet_assignment_list(db, NULL, 0, 10, &p, &err) && p.total == 4, "assignments: all");
    ok(p.n == 4 && strcmp(p.rows[0].subnet, "full") == 0 &&
           strcmp(p.rows[0].project, "项目乙") == 0 && strcmp(p.rows[0].gateway, "10.1.0.1") == 0 &&
           strcmp(p.rows[0].address, "10.1.0.0") == 0,
       "assignments: columns, ordered by subnet");
    subnet_assignment_page_free(&p);
    ok(subnet_assignment_list(db, &(struct subnet_assignment_filter){.subnet = "test"}, 0, 10, &p,
                              &err) &&
           p.total == 2,
       "assignments: by subnet name");
    subnet_assignment_page_free(&p);
    ok(subnet_assignment_list(db, &(struct subnet_assignment_filter){.address = "fd00"}, 0, 10, &p,
                              &err) &&
           p.total == 1,
       "assignments: by network address");
    subnet_assignment_page_free(&p);
    ok(subnet_assignment_list(db, &(struct subnet_assignment_filter){.project = "乙"}, 0, 10, &p,
                              &err) &&
           p.total == 2,
       "assignments: by project name");
    subnet_assignment_page_free(&p);
    ok(subnet_assignment_list(
           db, &(struct subnet_assignment_filter){.subnet = "test1", .project = "甲"}, 0, 10, &p,
           &err) &&
           p.total == 1,
       "assignments: filters combine");
    subnet_assignment_page_free(&p);

    /* OP-13: an assignment in use stays */
    add_network("net-a", proj_a, t1);
    ok(subnet_users(db, t1, &users, &err), "users of test1");
    is_str(users, "net-a", "M10.2.1.3: the networks to modify again");
    g_free(users);
    ok(subnet_users(db, full, &users, &err) && users && !*users, "users of full: none");
    g_free(users);
    {
        struct snap sn = snap_take();

        refused(subnet_unassign(db, &sys, t1, proj_a, &err), &err, DV_ERR_INUSE, "",
                "OP-13 unassign while a network of the project uses it");
        snap_same(&sn, "unassign in use");
        sn = snap_take();
        refused(subnet_unassign(db, &sys, full, proj_a, &err), &err, DV_ERR_NOTFOUND, "",
                "unassign a pair that is not assigned");
        snap_same(&sn, "unassign not assigned");
        sn = snap_take();
        refused(subnet_unassign(db, &admin, t1, proj_b, &err), &err, DV_ERR_DENIED, "",
                "unassign as a project admin");
        snap_same(&sn, "unassign as a project admin");
    }
    before = ops();
    ok(subnet_unassign(db, &sys, t1, proj_b, &err),
       "unassign from B: A's network does not hold B's assignment (%s)", err.msg);
    logged(before, AUDIT_DELETE, "Delete subnet project", "test1: 项目乙", "unassign");
    ok(subnet_choices_for_project(db, proj_b, &l, &err) && l.n == 1 && !has_choice(&l, t1),
       "M10.2.2.3: test1 left B's choices");
    choice_list_free(&l);

    /* M10.2.1.4: in use, then free */
    {
        struct snap sn = snap_take();

        refused(subnet_delete(db, &sys, t1, &err), &err, DV_ERR_INUSE, "", "delete a used subnet");
        ok(strstr(err.msg, "Subnet is in use; delete failed") != NULL, "the manual's sentence");
        snap_same(&sn, "delete a used subnet");
        sn = snap_take();
        refused(subnet_delete(db, &admin, full, &err), &err, DV_ERR_DENIED, "",
                "delete as a project admin");
        snap_same(&sn, "delete as a project admin");
        sn = snap_take();
        refused(subnet_delete(db, &sys, 9999, &err), &err, DV_ERR_NOTFOUND, "",
                "delete a missing subnet");
        snap_same(&sn, "delete a missing subnet");
    }
    sql("DELETE FROM network WHERE name_en = 'net-a'");
    before = ops();
    ok(subnet_delete(db, &sys, t1, &err), "delete test1 when unused (%s)", err.msg);
    logged(before, AUDIT_DELETE, "Delete subnet", "test1", "delete");
    is_int(count_where("subnet", "id = %lld", (long long)t1), 0, "delete: the subnet is gone");
    is_int(count_where("subnet_project", "subnet_id = %lld", (long long)t1), 0,
           "OP-13: its assignments are gone");
    is_int(count_where("subnet_range", "subnet_id = %lld", (long long)t1) +
               count_where("subnet_reservation", "subnet_id = %lld", (long long)t1) +
               count_where("subnet_txt", "subnet_id = %lld", (long long)t1) +
               count_where("subnet_forwarder", "subnet_id = %lld", (long long)t1) +
               count_where("subnet_srv", "subnet_id = %lld", (long long)t1) +
               count_where("subnet_dnshost", "subnet_id = %lld", (long long)t1),
           0, "delete: its rows are gone");
    is_int(count_where("subnet_project", "subnet_id = %lld", (long long)t6), 1,
           "delete: other assignments stay");
}

static bool fixture(void)
{
    sql("INSERT INTO project(name, created_at) VALUES ('项目甲', 1), ('项目乙', 1)");
    sql("INSERT INTO host(uuid, name, uri, registered_at) VALUES ('h-1', 'node1', "
        "'test:///default', 1)");
    proj_a = 1;
    proj_b = 2;
    host1 = db_last_id(db);
    return count_where("project", "1") == 2 && count_where("host", "1") == 1;
}

int main(void)
{
    struct testdb t;

    sys = testdb_sysadm();
    db = testdb_open(&t, false);
    ok(db != NULL, "fixture: a fresh database");
    if (db && fixture()) {
        test_ipaddr();
        test_parse();
        test_add();
        test_ranges();
        test_reservations();
        test_dns_rows();
        test_modify();
        test_check();
        test_network_xml_later();
        test_list();
        test_assignments();
    } else
        ok(false, "fixture: projects and a host");
    testdb_close(&t);
    return tap_done();
}
