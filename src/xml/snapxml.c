/* snapxml.c - a checkpoint's <domainsnapshot> XML (snapxml.h) */
#include "xml/snapxml.h"

#include <libxml/tree.h>

#include "xml/xmlutil.h"

static void add_disk(xmlNodePtr disks, const struct snapxml_spec *s, const struct snapxml_disk *d)
{
    xmlNodePtr n = xmlNewChild(disks, NULL, BAD_CAST "disk", NULL);

    xmlNewProp(n, BAD_CAST "name", BAD_CAST d->dev);
    if (!d->selected) {
        xmlNewProp(n, BAD_CAST "snapshot", BAD_CAST "no");
        return;
    }
    xmlNewProp(n, BAD_CAST "snapshot", BAD_CAST "external");
    {
        char *file = g_strdup_printf("%s/%s.qcow2", s->dir, d->dev);
        xmlNodePtr src = xmlNewChild(n, NULL, BAD_CAST "source", NULL);

        xmlNewProp(src, BAD_CAST "file", BAD_CAST file);
        g_free(file);
    }
}

char *snapxml_build(const struct snapxml_spec *s)
{
    xmlNodePtr root, mem;
    xmlDocPtr doc = xmlutil_new_doc("domainsnapshot", &root);
    char *out;

    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST s->name);
    if (s->description && *s->description)
        xmlNewTextChild(root, NULL, BAD_CAST "description", BAD_CAST s->description);
    mem = xmlNewChild(root, NULL, BAD_CAST "memory", NULL);
    if (s->internal) {
        xmlNewProp(mem, BAD_CAST "snapshot", BAD_CAST "internal");
    } else {
        char *file = g_strdup_printf("%s/memory.save", s->dir);
        xmlNodePtr disks;

        xmlNewProp(mem, BAD_CAST "snapshot", BAD_CAST "external");
        xmlNewProp(mem, BAD_CAST "file", BAD_CAST file);
        g_free(file);
        disks = xmlNewChild(root, NULL, BAD_CAST "disks", NULL);
        for (int i = 0; i < s->ndisks; i++)
            add_disk(disks, s, &s->disks[i]);
    }
    out = xmlutil_text(root);
    xmlFreeDoc(doc);
    return out;
}
