/* nwfilterxml.h - the libvirt <filter> XML of a filter (M10.2.3.2) and the
 * <filterref> a VM NIC of a security group gets (M10.2.4.2).  Pure functions
 * of text, golden-file tested; the XML is read without a network, without
 * DTDs and without substituting entities. */
#ifndef DV_NWFILTERXML_H
#define DV_NWFILTERXML_H

#include "base/dv.h"

/* The XML of a filter is well-formed, its root is <filter name='…'
 * [chain='…']> with a chain libvirt knows (root, mac, stp, vlan, arp, rarp,
 * ipv4, ipv6, or one of these but root followed by '-' and a suffix), and
 * name equals name_en (OP-15; name_en NULL: any name).  false with err
 * naming field otherwise. */
bool nwfilterxml_check(const char *xml, const char *name_en, const char *field,
                       struct dv_error *err);

/* The name attribute of the root <filter> (g_free), or NULL when xml is not
 * a filter document or has none. */
char *nwfilterxml_name(const char *xml);

/* OP-15: xml with the root's name attribute set to name (g_free), the rest
 * of the document (comments, rules, layout) kept; NULL with err naming
 * field when xml is not well-formed or its root is not <filter>. */
char *nwfilterxml_set_name(const char *xml, const char *name, const char *field,
                           struct dv_error *err);

/* The filters xml references (<filterref filter='…'/> at any depth), in
 * document order without repeats, NULL-terminated (g_strfreev); an empty
 * vector when there are none or xml cannot be read. */
char **nwfilterxml_refs(const char *xml);

/* What a VM NIC of a security group whose top-level filter is name gets:
 * "<filterref filter='name'/>\n" (g_free). */
char *nwfilterxml_filterref(const char *name);

#endif
