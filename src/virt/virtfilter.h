/* virtfilter.h - network filters on a host's libvirt (M10.2.3, M10.2.4):
 * define, undefine and read back a <filter> by its name.  Each call returns
 * false with err (DV_ERR_IO; DV_ERR_INFO when the host's driver has no
 * nwfilter support, as the test driver). */
#ifndef DV_VIRTFILTER_H
#define DV_VIRTFILTER_H

#include "virt/virt.h"

/* Define (or redefine) the filter name of xml on c's host
 * (virNWFilterDefineXML): when the host already has a filter of that name
 * and xml gives no <uuid>, the host's UUID is kept (libvirt refuses the same
 * name under another UUID).  libvirt re-instantiates the filter on running
 * interfaces that use it. */
bool virt_nwfilter_define(struct virt_conn *c, const char *name, const char *xml,
                          struct dv_error *err);

/* Undefine the filter name; true when it is not there at all.  libvirt
 * refuses while a running interface uses it. */
bool virt_nwfilter_undefine(struct virt_conn *c, const char *name, struct dv_error *err);

/* The host's XML of the filter name (g_free), or NULL with DV_ERR_NOTFOUND
 * when it is not defined there. */
char *virt_nwfilter_xml(struct virt_conn *c, const char *name, struct dv_error *err);

#endif
