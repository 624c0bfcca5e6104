/* subnetxml.c - a subnet's <ip>, <dns> and <domain> of a libvirt network */
#include "xml/subnetxml.h"
#include "xml/xmlutil.h"

static bool empty(const char *s)
{
    return !s || !*s;
}

static void prop(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void prop_int(xmlNodePtr n, const char *name, int value)
{
    char buf[16];

    g_snprintf(buf, sizeof(buf), "%d", value);
    prop(n, name, buf);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

static void add_dhcp(xmlNodePtr ip, const struct subnet *s)
{
    xmlNodePtr dhcp = child(ip, "dhcp"), n;

    for (int i = 0; i < s->nranges; i++) {
        n = child(dhcp, "range");
        prop(n, "start", s->ranges[i].start);
        prop(n, "end", s->ranges[i].end);
    }
    for (int i = 0; i < s->nreservations; i++) {
        const struct subnet_reservation *r = &s->reservations[i];

        n = child(dhcp, "host");
        if (s->ip_version == 4 && !empty(r->mac))
            prop(n, "mac", r->mac);
        if (!empty(r->hostname))
            prop(n, "name", r->hostname);
        prop(n, "ip", r->ip);
    }
    if (s->ip_version == 4 && !empty(s->bootp_file)) {
        n = child(dhcp, "bootp");
        prop(n, "file", s->bootp_file);
        if (!empty(s->bootp_server))
            prop(n, "server", s->bootp_server);
    }
}

xmlNodePtr subnetxml_add_ip(xmlNodePtr parent, const struct subnet *s)
{
    xmlNodePtr ip = child(parent, "ip");

    prop(ip, "family", s->ip_version == 6 ? "ipv6" : "ipv4");
    prop(ip, "address", s->gateway);
    if (s->ip_version == 6)
        prop_int(ip, "prefix", s->prefix);
    else
        prop(ip, "netmask", s->netmask);
    if (s->ip_version == 4 && !empty(s->tftp_root))
        prop(child(ip, "tftp"), "root", s->tftp_root);
    if (s->dhcp)
        add_dhcp(ip, s);
    return ip;
}

void subnetxml_add_domain(xmlNodePtr parent, const struct subnet *s)
{
    if (s->dns && !empty(s->dns_domain))
        prop(child(parent, "domain"), "name", s->dns_domain);
}

void subnetxml_add_dns(xmlNodePtr parent, const struct subnet *s)
{
    xmlNodePtr dns, n;

    if (!s->dns)
        return;
    dns = child(parent, "dns");
    prop(dns, "forwardPlainNames", s->dns_forward_plain ? "yes" : "no");
    for (int i = 0; i < s->nforwarders; i++)
        prop(child(dns, "forwarder"), "addr", s->forwarders[i].addr);
    for (int i = 0; i < s->ntxts; i++) {
        n = child(dns, "txt");
        prop(n, "name", s->txts[i].name);
        prop(n, "value", s->txts[i].value);
    }
    for (int i = 0; i < s->nsrvs; i++) {
        const struct subnet_srv *v = &s->srvs[i];

        n = child(dns, "srv");
        prop(n, "service", v->service);
        prop(n, "protocol", v->protocol);
        if (!empty(v->domain))
            prop(n, "domain", v->domain);
        if (!empty(v->target)) {
            prop(n, "target", v->target);
            if (v->port >= 0)
                prop_int(n, "port", v->port);
            if (v->priority >= 0)
                prop_int(n, "priority", v->priority);
            if (v->weight >= 0)
                prop_int(n, "weight", v->weight);
        }
    }
    for (int i = 0; i < s->ndnshosts; i++) {
        char **names = g_strsplit(s->dnshosts[i].hostnames, ",", -1);

        n = child(dns, "host");
        prop(n, "ip", s->dnshosts[i].ip);
        for (int k = 0; names[k]; k++)
            if (*names[k])
                xmlNewTextChild(n, NULL, BAD_CAST "hostname", BAD_CAST names[k]);
        g_strfreev(names);
    }
}

void subnetxml_add(xmlNodePtr parent, const struct subnet *s)
{
    subnetxml_add_domain(parent, s);
    subnetxml_add_dns(parent, s);
    subnetxml_add_ip(parent, s);
}

char *subnetxml_network(const char *name, const struct subnet *s)
{
    xmlNodePtr root;
    xmlDocPtr doc = xmlutil_new_doc("network", &root);
    char *out;

    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST name);
    subnetxml_add(root, s);
    out = xmlutil_text(root);
    xmlFreeDoc(doc);
    return out;
}
