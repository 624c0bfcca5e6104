/* secretxml.h - the libvirt <secret> XML of a security object (M8.1):
 * private and persistent, with the object's UUID, a description and the
 * usage element of its usage type.  A pure function, golden-file tested. */
#ifndef DV_SECRETXML_H
#define DV_SECRETXML_H

#include "storage/secret.h"

/* The XML document of s (g_free it); NULL with err for an unknown usage type. */
char *secretxml_build(const struct secret *s, struct dv_error *err);

#endif
