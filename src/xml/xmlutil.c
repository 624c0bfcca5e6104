/* xmlutil.c - helpers shared by the libvirt XML builders */
#include "xml/xmlutil.h"

#include <glib.h>

xmlDocPtr xmlutil_new_doc(const char *name, xmlNodePtr *root)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");

    doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    *root = xmlNewNode(NULL, BAD_CAST name);
    xmlDocSetRootElement(doc, *root);
    return doc;
}

char *xmlutil_text(xmlNodePtr root)
{
    xmlBufferPtr buf = xmlBufferCreate();
    char *out;

    xmlNodeDump(buf, root->doc, root, 0, 1);
    out = g_strdup_printf("%s\n", (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return out;
}
