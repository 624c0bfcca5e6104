/* xmlutil.h - helpers shared by the libvirt XML builders (libxml2). */
#ifndef DV_XMLUTIL_H
#define DV_XMLUTIL_H

#include <libxml/tree.h>

/* A new document in UTF-8 (non-ASCII text stays as it is) whose root is an
 * element named name; *root receives it.  xmlFreeDoc it. */
xmlDocPtr xmlutil_new_doc(const char *name, xmlNodePtr *root);

/* The element as indented text, without an XML declaration, ending in a
 * newline; g_free it. */
char *xmlutil_text(xmlNodePtr root);

#endif
