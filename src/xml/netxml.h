/* netxml.h - the libvirt <network> XML of a network record (M10.3.2, the
 * table "Effect of saving a network"): the six kinds with every option.  A
 * pure function of the typed record (net/network.h) and the subnet's part,
 * golden-file tested (tests/data/net-*.xml, validated with
 * virt-xml-validate by tests/xml/check-net-xml.sh).
 *
 *   isolated  <network [ipv6='yes']> name, uuid, <bridge name stp delay/>
 *             (delay in seconds, the form's ms rounded up, OP-22), [<mac>],
 *             the subnet's elements (<domain>, <dns>, <ip> with the gateway
 *             as the bridge address, OP-9), <route>s, <bandwidth>,
 *             <portgroup>s (the first default='yes')
 *   NAT       as isolated + <forward mode='nat' [dev]>[<nat>[<address/>]
 *             [<port/>]</nat>]</forward>
 *   routed    as isolated + <forward mode='route' [dev]/>
 *   Linux     <forward mode='bridge'/><bridge name/> (no stp/delay: libvirt
 *             refuses them in bridge mode), <portgroup>s with bandwidth
 *   OVS       as Linux + <virtualport type='openvswitch'>[<parameters
 *             interfaceid/>]</virtualport>, [<vlan [trunk='yes']><tag id
 *             [nativeMode]/>…</vlan>], <portgroup>s with <vlan> and bandwidth
 *   macvtap   <forward mode='bridge'><interface dev/>…</forward> only
 *
 * The bridged kinds never carry the subnet's elements: libvirt refuses <ip>
 * in bridge mode, and their subnet's services are outside libvirt (a
 * physical router, or the automatic gateway of OP-11). */
#ifndef DV_NETXML_H
#define DV_NETXML_H

#include "net/network.h"

struct subnet;

/* The subnet's part of the network XML (xml/subnetxml.h: <domain>, <dns>,
 * <ip> with DHCP, TFTP, BOOTP) as text for netxml_build (g_free it). */
char *netxml_subnet_part(const struct subnet *sub);

/* The forward delay libvirt gets: whole seconds, the ms rounded up. */
int64_t netxml_delay_seconds(int64_t delay_ms);

/* The <network> document of s with uuid (g_free it), without the XML
 * declaration.  subnet_xml (may be NULL) is the subnet's part: a sequence
 * of elements (<domain>, <dns>, <ip>) inserted after <mac>, for the
 * isolated, NAT and routed kinds.  NULL with err (DV_ERR_INVALID) for an
 * unknown type or a subnet part that is not well-formed XML. */
char *netxml_build(const struct network_spec *s, const char *uuid, const char *subnet_xml,
                   struct dv_error *err);

#endif
