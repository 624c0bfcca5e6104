/* test-subnetxml.c - the network XML parts of a subnet (src/xml/subnetxml.h)
 * against golden files (tests/data/subnet-*.xml, checked against libvirt's
 * network schema by tests/xml/check-subnet-xml.sh): an IPv4 subnet with
 * every option, an IPv6 one, DHCP off (R7: its rows are kept, not written),
 * DNS off; and XML escaping;
 * features: M10.2.1.2 M10.2.1.2a M10.2.1.2b M10.2.1.2c M10.2.1.2d M10.2.1.2e
 * M10.2.1.2f M10.2.1.2g M10.2.1.2h */
#include "xml/subnetxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <libxml/parser.h>
#include <string.h>

static struct subnet_range ranges4[] = {{1, "10.1.0.10", "10.1.0.99"},
                                        {2, "10.1.1.0", "10.1.255.254"}};
static struct subnet_reservation res4[] = {{1, "52:54:00:12:34:56", "10.1.0.5", "web1"},
                                           {2, "52:54:00:12:34:57", "10.1.0.6", ""}};
static struct subnet_txt txt4[] = {{1, "ftp", "10.0.1.14"}, {2, "mail", "10.0.1.15;10.0.1.16"}};
static struct subnet_forwarder fwd4[] = {{1, "8.8.8.8"}, {2, "2001:4860:4860::8888"}};
static struct subnet_srv srv4[] = {
    {1, "ldap", "tcp", "example.com", "10.1.0.5", 389, 10, 20},
    {2, "sip", "udp", "", "", -1, -1, -1},
    {3, "www", "tcp", "", "web1.example.com", 80, -1, -1},
};
static struct subnet_dnshost hosts4[] = {{1, "10.1.0.5", "web1,www"}, {2, "10.1.0.6", "db1"}};

static struct subnet full4(void)
{
    return (struct subnet){.id = 1,
                           .name = "test1",
                           .ip_version = 4,
                           .address = "10.1.0.0",
                           .netmask = "255.255.0.0",
                           .prefix = 16,
                           .gateway = "10.1.0.1",
                           .dhcp = true,
                           .dns = true,
                           .tftp_root = "/var/lib/tftpboot",
                           .bootp_file = "pxelinux.0",
                           .bootp_server = "10.1.0.2",
                           .dns_domain = "example.com",
                           .dns_forward_plain = true,
                           .ranges = ranges4,
                           .nranges = 2,
                           .reservations = res4,
                           .nreservations = 2,
                           .txts = txt4,
                           .ntxts = 2,
                           .forwarders = fwd4,
                           .nforwarders = 2,
                           .srvs = srv4,
                           .nsrvs = 3,
                           .dnshosts = hosts4,
                           .ndnshosts = 2};
}

static struct subnet_range ranges6[] = {{1, "fd00:1::100", "fd00:1::1ff"}};
static struct subnet_reservation res6[] = {{1, "", "fd00:1::120", "db1"}};
static struct subnet_dnshost hosts6[] = {{1, "fd00:1::5", "v6host"}};

static struct subnet v6(void)
{
    return (struct subnet){.id = 2,
                           .name = "v6net",
                           .ip_version = 6,
                           .address = "fd00:1::",
                           .netmask = "64",
                           .prefix = 64,
                           .gateway = "fd00:1::1",
                           .dhcp = true,
                           .dns = true,
                           .dns_forward_plain = false,
                           .ranges = ranges6,
                           .nranges = 1,
                           .reservations = res6,
                           .nreservations = 1,
                           .dnshosts = hosts6,
                           .ndnshosts = 1};
}

static void check(const char *file, const char *name, const struct subnet *s)
{
    char *xml = subnetxml_network(name, s), *want = golden(file);
    xmlDocPtr doc =
        xmlReadMemory(xml, (int)strlen(xml), "net.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);

    is_str(xml, want, "%s: byte for byte", file);
    ok(doc != NULL, "%s: the document parses", file);
    xmlFreeDoc(doc);
    g_free(xml);
    g_free(want);
}

/* The piece functions one by one on a bare parent. */
static void test_pieces(void)
{
    struct subnet s = full4();
    xmlNodePtr root;
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr ip;

    root = xmlNewNode(NULL, BAD_CAST "network");
    xmlDocSetRootElement(doc, root);
    ip = subnetxml_add_ip(root, &s);
    ok(ip && strcmp((const char *)ip->name, "ip") == 0, "add_ip returns the <ip>");
    ok(root->children == ip && !ip->next, "add_ip adds only <ip>");
    subnetxml_add_domain(root, &s);
    ok(ip->next && strcmp((const char *)ip->next->name, "domain") == 0, "add_domain: <domain>");
    subnetxml_add_dns(root, &s);
    ok(ip->next && ip->next->next && strcmp((const char *)ip->next->next->name, "dns") == 0,
       "add_dns: <dns>");
    s.dns = false;
    subnetxml_add_domain(root, &s);
    subnetxml_add_dns(root, &s);
    ok(!ip->next->next->next, "DNS off: neither <domain> nor <dns>");
    s.dns = true;
    s.dns_domain = "";
    subnetxml_add_domain(root, &s);
    ok(!ip->next->next->next, "no domain: no <domain>");
    xmlFreeDoc(doc);
}

static void test_escaping(void)
{
    struct subnet_txt t[] = {{1, "q", "a'b\"c<d>&e"}};
    struct subnet s = v6();
    char *xml;

    s.txts = t;
    s.ntxts = 1;
    xml = subnetxml_network("n&m", &s);
    ok(strstr(xml, "<name>n&amp;m</name>") != NULL, "the name is escaped");
    ok(strstr(xml, "value=\"a'b&quot;c&lt;d&gt;&amp;e\"") != NULL, "a TXT value is escaped (%s)",
       xml);
    g_free(xml);
}

int main(void)
{
    struct subnet s = full4();

    check("subnet-ipv4-full.xml", "net-full", &s);
    s = v6();
    check("subnet-ipv6.xml", "net-v6", &s);
    s = full4();
    s.dhcp = false; /* R7: the pool, reservations and BOOTP are kept, not written */
    check("subnet-dhcp-off.xml", "net-nodhcp", &s);
    s = full4();
    s.dns = false; /* R7: the DNS rows are kept, not written */
    s.tftp_root = "";
    check("subnet-dns-off.xml", "net-nodns", &s);
    test_pieces();
    test_escaping();
    return tap_done();
}
