/* secretxml.c - the libvirt <secret> XML of a security object */
#include "xml/secretxml.h"

#include <string.h>
#include <libxml/tree.h>
#include "xml/xmlutil.h"

struct usage_map {
    const char *type;    /* usage_type */
    const char *element; /* the child of <usage> that holds the usage id */
};

static const struct usage_map usages[] = {
    {"iscsi", "target"},
    {"volume", "volume"},
    {"ceph", "name"},
};

static const char *usage_element(const char *type)
{
    for (size_t i = 0; i < G_N_ELEMENTS(usages); i++)
        if (g_strcmp0(type, usages[i].type) == 0)
            return usages[i].element;
    return NULL;
}

char *secretxml_build(const struct secret *s, struct dv_error *err)
{
    const char *element = usage_element(s->usage_type);
    char *desc, *out;
    xmlDocPtr doc;
    xmlNodePtr root, usage;

    if (!element) {
        dv_error_set(err, DV_ERR_INVALID, SCF_USAGE_TYPE, _("%s must be volume, ceph or iscsi."),
                     _("Usage type"));
        return NULL;
    }
    doc = xmlNewDoc(BAD_CAST "1.0");
    root = xmlNewNode(NULL, BAD_CAST "secret");
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "ephemeral", BAD_CAST "no");
    xmlNewProp(root, BAD_CAST "private", BAD_CAST "yes");
    xmlNewTextChild(root, NULL, BAD_CAST "uuid", BAD_CAST s->uuid);
    desc = *s->description ? g_strdup_printf("%s: %s", s->name_en, s->description)
                           : g_strdup(s->name_en);
    xmlNewTextChild(root, NULL, BAD_CAST "description", BAD_CAST desc);
    usage = xmlNewChild(root, NULL, BAD_CAST "usage", NULL);
    xmlNewProp(usage, BAD_CAST "type", BAD_CAST s->usage_type);
    xmlNewTextChild(usage, NULL, BAD_CAST element, BAD_CAST s->usage_id);
    out = xmlutil_text(root);
    g_free(desc);
    xmlFreeDoc(doc);
    return out;
}
