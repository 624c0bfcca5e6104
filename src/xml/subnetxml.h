/* subnetxml.h - the parts of a libvirt <network> that a subnet gives
 * (spec part 2 M10.2.1.2 "libvirt / host mapping"), pure functions of the
 * record:
 *   <ip family address='{gateway}' netmask|prefix> with <tftp root> (IPv4)
 *     and, only while DHCP is on, <dhcp> (<range>s, <host> reservations,
 *     <bootp file [server]>);
 *   only while DNS is on: <domain name> (when a domain is set) and
 *     <dns forwardPlainNames> with <forwarder>, <txt>, <srv>, <host><hostname>.
 * Rows of a panel whose flag is off are kept in the record but not written
 * (R7).  libvirt honours these only for isolated, NAT and routed networks. */
#ifndef DV_SUBNETXML_H
#define DV_SUBNETXML_H

#include "net/subnet.h"

#include <libxml/tree.h>

/* Append the <ip> element to parent (a <network>) and return it. */
xmlNodePtr subnetxml_add_ip(xmlNodePtr parent, const struct subnet *s);
/* Append <domain name> when DNS is on and a domain is set. */
void subnetxml_add_domain(xmlNodePtr parent, const struct subnet *s);
/* Append <dns> when DNS is on. */
void subnetxml_add_dns(xmlNodePtr parent, const struct subnet *s);
/* All three in libvirt's order: <domain>, <dns>, <ip>. */
void subnetxml_add(xmlNodePtr parent, const struct subnet *s);

/* A <network><name>name</name>...</network> holding only the subnet's
 * parts (the golden tests; a preview); g_free it. */
char *subnetxml_network(const char *name, const struct subnet *s);

#endif
