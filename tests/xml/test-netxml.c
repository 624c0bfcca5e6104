/* test-netxml.c - the libvirt <network> XML of src/xml/netxml.h: one golden
 * file per kind and per option (tests/data/net-*.xml, checked against
 * libvirt's schema by tests/xml/check-net-xml.sh), and the parts each kind
 * must not carry.  OVS and <bandwidth> cannot run on this kernel (no
 * openvswitch module, no sfq qdisc: TESTING.md), so their XML is proven
 * here and by the schema, and realized on the test driver only
 * (tests/net/test-network.c).
 * features: M10.3.2 M10.3.2.1 M10.3.2.1a M10.3.2.1b M10.3.2.2 M10.3.2.2a M10.3.2.2b M10.3.2.3
 * features: M10.3.2.4 M10.3.2.5 M10.3.2.5a M10.3.2.5b M10.3.2.5c M10.3.2.6 M10.3.2.6a */
#include "net/subnet.h"
#include "xml/netxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UUID "6a1f3c2e-5b4d-4e8f-9a70-1b2c3d4e5f60"
#define IP4                                                                                        \
    "<ip address='10.1.0.1' prefix='24'><dhcp><range start='10.1.0.100' "                          \
    "end='10.1.0.200'/></dhcp></ip>"
#define IP6 "<ip family='ipv6' address='2001:db8:1::1' prefix='64'/>"

#define BW_NONE                                                                                    \
    {                                                                                              \
        NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET,  \
            NETWORK_BW_UNSET                                                                       \
    }

static struct network_route routes[] = {
    {.family = 4, .address = "192.168.21.9", .prefix = 32, .gateway = "10.1.0.2"},
    {.family = 6, .address = "2001:db8:2::", .prefix = 48, .gateway = "2001:db8:1::2"},
};
static struct network_vlan pg_tags[] = {{.tag = 42, .native = NETWORK_NATIVE_UNTAGGED}};
static struct network_vlan net_tags[] = {{.tag = 42, .native = NETWORK_NATIVE_UNTAGGED},
                                         {.tag = 47, .native = NETWORK_NATIVE_NONE}};
static struct network_portgroup pgs[] = {
    {.name = "test", .bw = {50000, 70000, 30000, 5000, 7000, 3000}},
    {.name = "slow",
     .bw = {1000, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET,
            NETWORK_BW_UNSET}},
};
static struct network_portgroup ovs_pgs[] = {
    {.name = "vlan42",
     .bw = {5000, 7000, 3000, NETWORK_BW_UNSET, NETWORK_BW_UNSET, NETWORK_BW_UNSET},
     .vlan = {.trunk = true, .v = pg_tags, .n = 1}},
    {.name = "plain", .bw = BW_NONE},
};
static char *two_ifaces[] = {"eth0", "eth1", NULL};

static const struct gcase {
    const char *file;
    const char *subnet; /* the subnet's part */
    struct network_spec s;
} cases[] = {
    /* M10.3.2.1: no <forward>, bridge stp and delay (2500 ms -> 3 s), mac, <ip> (OP-9) */
    {"net-isolated.xml",
     IP4,
     {.type = NETWORK_ISOLATED,
      .name_en = "zhao-isolated",
      .bridge = "vir1",
      .mac = "00:16:3e:3e:a9:1a",
      .stp = true,
      .delay_ms = 2500,
      .bw = BW_NONE}},
    /* an isolated network without a subnet: no <ip> */
    {"net-isolated-nosubnet.xml",
     NULL,
     {.type = NETWORK_ISOLATED, .name_en = "plain-isolated", .bridge = "vir2", .bw = BW_NONE}},
    /* IPv6 on: <network ipv6='yes'> with an IPv6 <ip> */
    {"net-isolated-ipv6.xml",
     IP6,
     {.type = NETWORK_ISOLATED,
      .name_en = "v6-isolated",
      .bridge = "vir6",
      .ipv6 = true,
      .bw = BW_NONE}},
    /* M10.3.2.1a: <route>s of both families */
    {"net-isolated-routes.xml",
     IP4,
     {.type = NETWORK_ISOLATED,
      .name_en = "routes-isolated",
      .bridge = "vir3",
      .bw = BW_NONE,
      .routes = routes,
      .nroutes = 2}},
    /* the bandwidth panel: inbound and outbound */
    {"net-isolated-bandwidth.xml",
     IP4,
     {.type = NETWORK_ISOLATED,
      .name_en = "bw-isolated",
      .bridge = "vir4",
      .bw = {120000, 150000, 200000, 200000, 250000, 500000}}},
    /* M10.3.2.1b: port groups with bandwidth, the first default='yes' */
    {"net-isolated-portgroups.xml",
     IP4,
     {.type = NETWORK_ISOLATED,
      .name_en = "pg-isolated",
      .bridge = "vir5",
      .bw = BW_NONE,
      .portgroups = pgs,
      .nportgroups = 2}},
    /* M10.3.2.2, 2a, 2b: NAT with dev, one address and one port range */
    {"net-nat.xml",
     IP4,
     {.type = NETWORK_NAT,
      .name_en = "nat1",
      .bridge = "virnat1",
      .forward_dev = "eth0",
      .stp = true,
      .bw = BW_NONE,
      .nat_addr_start = "192.168.21.100",
      .nat_addr_end = "192.168.21.120",
      .nat_port_start = 5179,
      .nat_port_end = 6189}},
    /* NAT without dev and without ranges: no <nat> (everything allowed) */
    {"net-nat-plain.xml",
     IP4,
     {.type = NETWORK_NAT, .name_en = "nat2", .bridge = "virnat2", .bw = BW_NONE}},
    /* NAT with a single address (start = end) */
    {"net-nat-address.xml",
     IP4,
     {.type = NETWORK_NAT,
      .name_en = "nat3",
      .bridge = "virnat3",
      .bw = BW_NONE,
      .nat_addr_start = "192.168.21.100",
      .nat_addr_end = "192.168.21.100"}},
    /* M10.3.2.3: <forward mode='route' dev/> */
    {"net-routed.xml",
     IP4,
     {.type = NETWORK_ROUTED,
      .name_en = "routed1",
      .bridge = "virroute1",
      .forward_dev = "eth1",
      .bw = BW_NONE,
      .routes = routes,
      .nroutes = 1}},
    /* M10.3.2.4: <forward mode='bridge'/><bridge name/> (no stp/delay), port groups */
    {"net-bridge.xml",
     IP4, /* ignored: libvirt refuses <ip> in bridge mode */
     {.type = NETWORK_BRIDGE,
      .name_en = "linux-br",
      .bridge = "linux-br0",
      .forward_dev = "eth0",
      .stp = true,
      .delay_ms = 60,
      .bw = BW_NONE,
      .portgroups = pgs,
      .nportgroups = 1}},
    /* M10.3.2.5, 5a, 5b, 5c: OVS with interfaceid, the network VLAN
     * (trunk, native untagged), port groups with VLAN and bandwidth */
    {"net-ovs.xml",
     NULL,
     {.type = NETWORK_OVS,
      .name_en = "ovs-net",
      .bridge = "ovs-br0",
      .forward_dev = "eth2",
      .bw = BW_NONE,
      .interface_id = "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f",
      .vlan = {.trunk = true, .v = net_tags, .n = 2},
      .portgroups = ovs_pgs,
      .nportgroups = 2}},
    /* OVS without interface ID nor VLAN: a bare <virtualport> */
    {"net-ovs-plain.xml",
     NULL,
     {.type = NETWORK_OVS,
      .name_en = "ovs-plain",
      .bridge = "ovs-br1",
      .forward_dev = "eth3",
      .bw = BW_NONE}},
    /* M10.3.2.6, 6a: <forward mode='bridge'><interface dev/>... only */
    {"net-macvtap.xml",
     NULL,
     {.type = NETWORK_MACVTAP,
      .name_en = "macvtap1",
      .bw = BW_NONE,
      .ifaces = two_ifaces,
      .nifaces = 2}},
};

static void test_golden(void)
{
    const char *regen = getenv("DOSVM_REGEN_GOLDEN"); /* a developer's aid: write them */

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct gcase *c = &cases[i];
        struct dv_error err = {0};
        char *xml = netxml_build(&c->s, UUID, c->subnet, &err), *want;
        xmlDocPtr doc;

        if (regen && xml) {
            char *path = g_strdup_printf("%s/%s", regen, c->file);

            g_file_set_contents(path, xml, -1, NULL);
            g_free(path);
        }
        want = golden(c->file);
        doc = xml ? xmlReadMemory(xml, (int)strlen(xml), "net.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR)
                  : NULL;
        ok(xml != NULL, "%s: built (%s)", c->file, err.msg);
        is_str(xml, want, "%s: byte for byte", c->file);
        ok(doc != NULL, "%s: the document parses", c->file);
        xmlFreeDoc(doc);
        g_free(xml);
        g_free(want);
    }
}

static char *build(const struct network_spec *s, const char *subnet)
{
    struct dv_error err = {0};
    char *xml = netxml_build(s, UUID, subnet, &err);

    if (!xml)
        printf("# %s\n", err.msg);
    return xml;
}

static bool has(const char *xml, const char *part)
{
    return xml && strstr(xml, part);
}

static void test_parts(void)
{
    struct network_spec s = cases[0].s;
    char *xml;

    /* delay: ms rounded up to seconds (OP-22) */
    is_int(netxml_delay_seconds(0), 0, "delay 0 ms is 0 s");
    is_int(netxml_delay_seconds(1), 1, "delay 1 ms rounds up to 1 s");
    is_int(netxml_delay_seconds(1000), 1, "delay 1000 ms is 1 s");
    is_int(netxml_delay_seconds(1001), 2, "delay 1001 ms rounds up to 2 s");

    xml = build(&s, IP4);
    ok(!has(xml, "<forward"), "M10.3.2.1: an isolated network has no <forward>");
    ok(has(xml, "<bridge name=\"vir1\" stp=\"on\" delay=\"3\"/>"),
       "M10.3.2.1: <bridge name stp delay> in seconds");
    ok(has(xml, "<ip address=\"10.1.0.1\" prefix=\"24\">"), "OP-9: the subnet's <ip>");
    ok(!has(xml, "ipv6="), "IPv6 off: no ipv6 attribute");
    g_free(xml);

    s.ipv6 = true;
    s.stp = false;
    xml = build(&s, IP4);
    ok(has(xml, "<network ipv6=\"yes\">"), "IPv6 on: <network ipv6='yes'>");
    ok(has(xml, "stp=\"off\""), "STP off: stp='off'");
    g_free(xml);

    /* bandwidth: a direction only with its average */
    s = cases[0].s;
    s.bw.out_average = 100;
    xml = build(&s, NULL);
    ok(has(xml, "<bandwidth>") && has(xml, "<outbound average=\"100\"/>") && !has(xml, "<inbound"),
       "bandwidth: only the direction whose average is set");
    ok(!has(xml, "<ip"), "no subnet: no <ip>");
    g_free(xml);

    /* the bridged kinds carry neither the subnet, nor a MAC, nor stp/delay,
     * nor routes, nor bandwidth */
    s = cases[10].s;
    s.mac = "00:16:3e:3e:a9:1a";
    s.routes = routes;
    s.nroutes = 1;
    s.bw.in_average = 5;
    xml = build(&s, IP4);
    ok(has(xml, "<forward mode=\"bridge\"/>") && has(xml, "<bridge name=\"linux-br0\"/>"),
       "M10.3.2.4: <forward mode='bridge'/><bridge name/>");
    ok(!has(xml, "<ip") && !has(xml, "<mac") && !has(xml, "stp=") && !has(xml, "<route") &&
           !has(xml, "<bandwidth>\n    <inbound average=\"5\""),
       "Linux bridge: no <ip>, <mac>, stp, <route>, network bandwidth");
    ok(!has(xml, "<vlan") && !has(xml, "virtualport"), "Linux bridge: no VLAN, no virtualport");
    g_free(xml);

    /* macvtap: no bridge, no port groups (OP-18), interfaces in order */
    s = cases[13].s;
    s.portgroups = pgs;
    s.nportgroups = 1;
    xml = build(&s, IP4);
    ok(!has(xml, "<bridge") && !has(xml, "<portgroup") && !has(xml, "<ip"),
       "M10.3.2.6: macvtap has no bridge, port groups or <ip>");
    ok(has(xml, "<interface dev=\"eth0\"/>\n    <interface dev=\"eth1\"/>"),
       "M10.3.2.6: the interfaces in their order");
    g_free(xml);

    /* OVS port-group VLANs only in OVS */
    s = cases[10].s;
    s.portgroups = ovs_pgs;
    s.nportgroups = 1;
    xml = build(&s, NULL);
    ok(!has(xml, "<tag"), "M10.3.2.5a: a non-OVS port group carries no VLAN");
    g_free(xml);

    /* escaping and refusals */
    s = cases[1].s;
    s.name_en = "a&b";
    xml = build(&s, NULL);
    ok(has(xml, "<name>a&amp;b</name>"), "names are escaped");
    g_free(xml);
    {
        struct dv_error err = {0};

        s = cases[0].s;
        ok(netxml_build(&s, UUID, "<ip", &err) == NULL && err.code == DV_ERR_INVALID,
           "a malformed subnet part is refused");
        s.type = NETWORK_TYPE_COUNT;
        ok(netxml_build(&s, UUID, NULL, &err) == NULL && strcmp(err.field, NWF_TYPE) == 0,
           "an unknown type is refused, naming the type");
    }
}

/* The subnet's own builder (xml/subnetxml.h) inside a NAT network: DHCP
 * range and reservation, DNS with a domain, a TXT and a host (OP-9). */
static void test_subnet_part(void)
{
    struct subnet_range range = {.start = "10.8.0.100", .end = "10.8.0.200"};
    struct subnet_reservation res = {
        .mac = "00:16:3e:00:00:01", .ip = "10.8.0.10", .hostname = "db"};
    struct subnet_txt txt = {.name = "info", .value = "dosvm"};
    struct subnet_dnshost host = {.ip = "10.8.0.10", .hostnames = "db,db1"};
    struct subnet sub = {.ip_version = 4,
                         .address = "10.8.0.0",
                         .netmask = "255.255.255.0",
                         .prefix = 24,
                         .gateway = "10.8.0.1",
                         .dhcp = true,
                         .dns = true,
                         .dns_domain = "lab.example",
                         .tftp_root = "",
                         .bootp_file = "",
                         .bootp_server = "",
                         .ranges = &range,
                         .nranges = 1,
                         .reservations = &res,
                         .nreservations = 1,
                         .txts = &txt,
                         .ntxts = 1,
                         .dnshosts = &host,
                         .ndnshosts = 1};
    struct network_spec s = cases[7].s; /* nat2 */
    char *part = netxml_subnet_part(&sub), *xml, *want = golden("net-nat-subnet.xml");
    struct dv_error err = {0};
    const char *regen = getenv("DOSVM_REGEN_GOLDEN");

    ok(part && strstr(part, "<ip family=\"ipv4\" address=\"10.8.0.1\""),
       "the subnet's part has its <ip> with the gateway");
    xml = netxml_build(&s, UUID, part, &err);
    if (regen && xml) {
        char *path = g_strdup_printf("%s/net-nat-subnet.xml", regen);

        g_file_set_contents(path, xml, -1, NULL);
        g_free(path);
    }
    is_str(xml, want, "net-nat-subnet.xml: byte for byte");
    g_free(xml);
    g_free(want);
    g_free(part);
}

int main(void)
{
    test_golden();
    test_subnet_part();
    test_parts();
    return tap_done();
}
