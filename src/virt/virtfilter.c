/* virtfilter.c - network filters on libvirt */
#include "virt/virtfilter.h"
#include "virt/virt-private.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* xml with <uuid>uuid</uuid> as the first child of its root when it has no
 * <uuid> (g_free); NULL when xml cannot be read (libvirt then says why). */
static char *with_uuid(const char *xml, const char *uuid)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "filter.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, n;
    char *out = NULL;

    for (n = root ? root->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST "uuid") == 0)
            break;
    if (root && !n) {
        xmlBufferPtr buf = xmlBufferCreate();
        xmlNodePtr u = xmlNewDocNode(doc, NULL, BAD_CAST "uuid", BAD_CAST uuid);

        if (root->children)
            xmlAddPrevSibling(root->children, u);
        else
            xmlAddChild(root, u);
        xmlNodeDump(buf, doc, root, 0, 0);
        out = g_strdup((const char *)xmlBufferContent(buf));
        xmlBufferFree(buf);
    }
    xmlFreeDoc(doc);
    return out;
}

bool virt_nwfilter_define(struct virt_conn *c, const char *name, const char *xml,
                          struct dv_error *err)
{
    virNWFilterPtr f;
    char uuid[VIR_UUID_STRING_BUFLEN], *fixed = NULL;
    VIRT_GUARD();

    virt_init();
    f = virNWFilterLookupByName(c->h, name);
    if (f && virNWFilterGetUUIDString(f, uuid) == 0)
        fixed = with_uuid(xml, uuid);
    if (f)
        virNWFilterFree(f);
    f = virNWFilterDefineXML(c->h, fixed ? fixed : xml);
    g_free(fixed);
    if (!f)
        return virt_fail(c, "virNWFilterDefineXML", err);
    virNWFilterFree(f);
    return true;
}

bool virt_nwfilter_undefine(struct virt_conn *c, const char *name, struct dv_error *err)
{
    virNWFilterPtr f;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    if (!(f = virNWFilterLookupByName(c->h, name))) {
        virErrorPtr e = virGetLastError();

        /* no such filter: nothing to do; anything else (no nwfilter driver,
         * the connection) is a failure */
        if (e && e->code == VIR_ERR_NO_NWFILTER)
            return true;
        return virt_fail(c, "virNWFilterLookupByName", err);
    }
    if (virNWFilterUndefine(f) < 0)
        ok = virt_fail(c, "virNWFilterUndefine", err);
    virNWFilterFree(f);
    return ok;
}

char *virt_nwfilter_xml(struct virt_conn *c, const char *name, struct dv_error *err)
{
    virNWFilterPtr f;
    char *raw, *xml = NULL;
    VIRT_GUARD();

    virt_init();
    if (!(f = virNWFilterLookupByName(c->h, name))) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The filter %s is not defined on the host %s."),
                     name, c->uri);
        return NULL;
    }
    raw = virNWFilterGetXMLDesc(f, 0);
    if (raw)
        xml = g_strdup(raw);
    else
        virt_fail(c, "virNWFilterGetXMLDesc", err);
    free(raw);
    virNWFilterFree(f);
    return xml;
}
