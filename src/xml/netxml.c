/* netxml.c - the libvirt <network> XML of a network record */
#include "xml/netxml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include "xml/subnetxml.h"
#include "xml/xmlutil.h"

int64_t netxml_delay_seconds(int64_t delay_ms)
{
    return delay_ms <= 0 ? 0 : (delay_ms + 999) / 1000;
}

char *netxml_subnet_part(const struct subnet *sub)
{
    xmlNodePtr root;
    xmlDocPtr doc = xmlutil_new_doc("network", &root);
    GString *out = g_string_new(NULL);

    subnetxml_add(root, sub);
    for (xmlNodePtr n = root->children; n; n = n->next) {
        xmlBufferPtr buf = xmlBufferCreate();

        xmlNodeDump(buf, doc, n, 0, 0);
        g_string_append(out, (const char *)xmlBufferContent(buf));
        xmlBufferFree(buf);
    }
    xmlFreeDoc(doc);
    return g_string_free(out, FALSE);
}

static bool empty(const char *s)
{
    return !s || !*s;
}

static void prop_int(xmlNodePtr n, const char *name, int64_t v)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, v);
    xmlNewProp(n, BAD_CAST name, BAD_CAST buf);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

/* <inbound|outbound average [peak] [burst]/> when average is set */
static void add_direction(xmlNodePtr bw, const char *name, int64_t average, int64_t peak,
                          int64_t burst)
{
    xmlNodePtr d;

    if (average == NETWORK_BW_UNSET)
        return;
    d = child(bw, name);
    prop_int(d, "average", average);
    if (peak != NETWORK_BW_UNSET)
        prop_int(d, "peak", peak);
    if (burst != NETWORK_BW_UNSET)
        prop_int(d, "burst", burst);
}

static void add_bandwidth(xmlNodePtr parent, const struct network_bandwidth *b)
{
    xmlNodePtr bw;

    if (b->in_average == NETWORK_BW_UNSET && b->out_average == NETWORK_BW_UNSET)
        return;
    bw = child(parent, "bandwidth");
    add_direction(bw, "inbound", b->in_average, b->in_peak, b->in_burst);
    add_direction(bw, "outbound", b->out_average, b->out_peak, b->out_burst);
}

static void add_vlan(xmlNodePtr parent, const struct network_vlans *v)
{
    xmlNodePtr vl;

    if (v->n <= 0)
        return;
    vl = child(parent, "vlan");
    if (v->trunk)
        xmlNewProp(vl, BAD_CAST "trunk", BAD_CAST "yes");
    for (int i = 0; i < v->n; i++) {
        xmlNodePtr t = child(vl, "tag");

        prop_int(t, "id", v->v[i].tag);
        if (v->v[i].native != NETWORK_NATIVE_NONE)
            xmlNewProp(t, BAD_CAST "nativeMode",
                       BAD_CAST(v->v[i].native == NETWORK_NATIVE_TAGGED ? "tagged" : "untagged"));
    }
}

static void add_portgroups(xmlNodePtr root, const struct network_spec *s)
{
    for (int i = 0; i < s->nportgroups; i++) {
        const struct network_portgroup *pg = &s->portgroups[i];
        xmlNodePtr n = child(root, "portgroup");

        xmlNewProp(n, BAD_CAST "name", BAD_CAST pg->name);
        if (i == 0)
            xmlNewProp(n, BAD_CAST "default", BAD_CAST "yes");
        if (s->type == NETWORK_OVS)
            add_vlan(n, &pg->vlan);
        add_bandwidth(n, &pg->bw);
    }
}

static void add_routes(xmlNodePtr root, const struct network_spec *s)
{
    for (int i = 0; i < s->nroutes; i++) {
        const struct network_route *r = &s->routes[i];
        xmlNodePtr n = child(root, "route");

        if (r->family == 6)
            xmlNewProp(n, BAD_CAST "family", BAD_CAST "ipv6");
        xmlNewProp(n, BAD_CAST "address", BAD_CAST r->address);
        prop_int(n, "prefix", r->prefix);
        xmlNewProp(n, BAD_CAST "gateway", BAD_CAST r->gateway);
    }
}

/* The elements of the subnet's part, copied under root; false when it is
 * not well-formed. */
static bool add_fragment(xmlNodePtr root, const char *xml, struct dv_error *err)
{
    char *wrapped = g_strdup_printf("<subnet>%s</subnet>", xml);
    xmlDocPtr doc = xmlReadMemory(wrapped, (int)strlen(wrapped), NULL, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);

    g_free(wrapped);
    if (!doc) {
        dv_error_set(err, DV_ERR_INVALID, NWF_SUBNET, "%s",
                     _("The subnet's part of the network XML is not well-formed."));
        return false;
    }
    for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            xmlAddChild(root, xmlDocCopyNode(n, root->doc, 1));
    xmlFreeDoc(doc);
    return true;
}

char *netxml_build(const struct network_spec *s, const char *uuid, const char *subnet_xml,
                   struct dv_error *err)
{
    xmlNodePtr root, n;
    xmlDocPtr doc;
    bool internal = network_type_internal(s->type);
    char *out;

    if ((unsigned)s->type >= NETWORK_TYPE_COUNT) {
        dv_error_set(err, DV_ERR_INVALID, NWF_TYPE, "%s", _("The network type is unknown."));
        return NULL;
    }
    doc = xmlutil_new_doc("network", &root);
    if (internal && s->ipv6)
        xmlNewProp(root, BAD_CAST "ipv6", BAD_CAST "yes");
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST s->name_en);
    if (!empty(uuid))
        xmlNewTextChild(root, NULL, BAD_CAST "uuid", BAD_CAST uuid);

    /* <forward> */
    if (s->type == NETWORK_NAT || s->type == NETWORK_ROUTED) {
        n = child(root, "forward");
        xmlNewProp(n, BAD_CAST "mode", BAD_CAST(s->type == NETWORK_NAT ? "nat" : "route"));
        if (!empty(s->forward_dev))
            xmlNewProp(n, BAD_CAST "dev", BAD_CAST s->forward_dev);
        if (s->type == NETWORK_NAT && (!empty(s->nat_addr_start) || s->nat_port_start > 0)) {
            xmlNodePtr nat = child(n, "nat");

            if (!empty(s->nat_addr_start)) {
                xmlNodePtr a = child(nat, "address");

                xmlNewProp(a, BAD_CAST "start", BAD_CAST s->nat_addr_start);
                xmlNewProp(a, BAD_CAST "end",
                           BAD_CAST(empty(s->nat_addr_end) ? s->nat_addr_start : s->nat_addr_end));
            }
            if (s->nat_port_start > 0) {
                xmlNodePtr p = child(nat, "port");

                prop_int(p, "start", s->nat_port_start);
                prop_int(p, "end", s->nat_port_end > 0 ? s->nat_port_end : s->nat_port_start);
            }
        }
    } else if (!internal) {
        n = child(root, "forward");
        xmlNewProp(n, BAD_CAST "mode", BAD_CAST "bridge");
        if (s->type == NETWORK_MACVTAP)
            for (int i = 0; i < s->nifaces; i++)
                xmlNewProp(child(n, "interface"), BAD_CAST "dev", BAD_CAST s->ifaces[i]);
    }

    /* <bridge>, <mac>, <virtualport> */
    if (s->type != NETWORK_MACVTAP) {
        n = child(root, "bridge");
        xmlNewProp(n, BAD_CAST "name", BAD_CAST(s->bridge ? s->bridge : ""));
        if (internal) {
            xmlNewProp(n, BAD_CAST "stp", BAD_CAST(s->stp ? "on" : "off"));
            prop_int(n, "delay", netxml_delay_seconds(s->delay_ms));
        }
    }
    if (internal && !empty(s->mac))
        xmlNewProp(child(root, "mac"), BAD_CAST "address", BAD_CAST s->mac);
    if (s->type == NETWORK_OVS) {
        n = child(root, "virtualport");
        xmlNewProp(n, BAD_CAST "type", BAD_CAST "openvswitch");
        if (!empty(s->interface_id))
            xmlNewProp(child(n, "parameters"), BAD_CAST "interfaceid", BAD_CAST s->interface_id);
    }

    /* the subnet (OP-9), routes, VLANs, bandwidth, port groups */
    if (internal && !empty(subnet_xml) && !add_fragment(root, subnet_xml, err)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    if (internal) {
        add_routes(root, s);
        add_bandwidth(root, &s->bw);
    }
    if (s->type == NETWORK_OVS)
        add_vlan(root, &s->vlan);
    if (s->type != NETWORK_MACVTAP)
        add_portgroups(root, s);
    out = xmlutil_text(root);
    xmlFreeDoc(doc);
    return out;
}
