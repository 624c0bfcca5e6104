/* nwfilterxml.c - the libvirt <filter> XML of a filter */
#include "xml/nwfilterxml.h"
#include "xml/xmlutil.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* libvirt's chain names (docs/formatnwfilter): root, or a protocol, alone
 * or as the prefix of a named chain ("ipv4-web") */
static const char *const chains[] = {"mac", "stp", "vlan", "arp", "rarp", "ipv4", "ipv6", NULL};

static bool chain_ok(const char *c)
{
    if (strcmp(c, "root") == 0)
        return true;
    for (int i = 0; chains[i]; i++) {
        size_t n = strlen(chains[i]);

        if (strncmp(c, chains[i], n) == 0 && (c[n] == '\0' || (c[n] == '-' && c[n + 1])))
            return true;
    }
    return false;
}

static void quiet_errors(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* xml parsed quietly, no network, no entities substituted; NULL when it is
 * not well-formed. */
static xmlDocPtr parse(const char *xml)
{
    xmlDocPtr doc;

    if (!xml)
        return NULL;
    xmlSetGenericErrorFunc(NULL, quiet_errors);
    doc = xmlReadMemory(xml, (int)strlen(xml), "filter.xml", "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(NULL, NULL);
    return doc;
}

/* The root element when it is <filter>, else NULL. */
static xmlNodePtr filter_root(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

    return root && root->ns == NULL && xmlStrcmp(root->name, BAD_CAST "filter") == 0 ? root : NULL;
}

static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
    char *out = v ? g_strdup((const char *)v) : NULL;

    xmlFree(v);
    return out;
}

bool nwfilterxml_check(const char *xml, const char *name_en, const char *field,
                       struct dv_error *err)
{
    xmlDocPtr doc = parse(xml);
    xmlNodePtr root = filter_root(doc);
    char *name = root ? attr(root, "name") : NULL, *chain = root ? attr(root, "chain") : NULL;
    bool ok = false;

    if (!doc)
        dv_error_set(err, DV_ERR_INVALID, field, _("The filter XML is not well-formed XML."));
    else if (!root)
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The root element of the filter XML must be <filter>."));
    else if (!name || !*name)
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The <filter> element must have a name attribute."));
    else if (chain && !chain_ok(chain))
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The chain '%s' is not one of root, mac, stp, vlan, arp, rarp, ipv4 or ipv6 "
                       "(with an optional '-' suffix)."),
                     chain);
    else if (name_en && strcmp(name, name_en) != 0)
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The name attribute of <filter> is '%s'; it must be the English name '%s'."),
                     name, name_en);
    else
        ok = true;
    g_free(name);
    g_free(chain);
    xmlFreeDoc(doc);
    return ok;
}

char *nwfilterxml_name(const char *xml)
{
    xmlDocPtr doc = parse(xml);
    xmlNodePtr root = filter_root(doc);
    char *name = root ? attr(root, "name") : NULL;

    xmlFreeDoc(doc);
    return name;
}

char *nwfilterxml_set_name(const char *xml, const char *name, const char *field,
                           struct dv_error *err)
{
    xmlDocPtr doc = parse(xml);
    xmlNodePtr root = filter_root(doc);
    char *out = NULL;

    if (!root) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     doc ? _("The root element of the filter XML must be <filter>.")
                         : _("The filter XML is not well-formed XML."));
    } else {
        xmlBufferPtr buf = xmlBufferCreate();

        xmlSetProp(root, BAD_CAST "name", BAD_CAST name);
        /* as it was laid out: no reformatting */
        xmlNodeDump(buf, doc, root, 0, 0);
        out = g_strdup_printf("%s\n", (const char *)xmlBufferContent(buf));
        xmlBufferFree(buf);
    }
    xmlFreeDoc(doc);
    return out;
}

static void collect_refs(xmlNodePtr n, GPtrArray *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, BAD_CAST "filterref") == 0) {
            char *f = attr(n, "filter");
            bool seen = !f || !*f;

            for (guint i = 0; !seen && i < out->len; i++)
                seen = strcmp(out->pdata[i], f) == 0;
            if (seen)
                g_free(f);
            else
                g_ptr_array_add(out, f);
        }
        collect_refs(n->children, out);
    }
}

char **nwfilterxml_refs(const char *xml)
{
    xmlDocPtr doc = parse(xml);
    xmlNodePtr root = filter_root(doc);
    GPtrArray *out = g_ptr_array_new();

    if (root)
        collect_refs(root->children, out);
    xmlFreeDoc(doc);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

char *nwfilterxml_filterref(const char *name)
{
    xmlNodePtr root;
    xmlDocPtr doc = xmlutil_new_doc("filterref", &root);
    char *out;

    xmlNewProp(root, BAD_CAST "filter", BAD_CAST name);
    out = xmlutil_text(root);
    xmlFreeDoc(doc);
    return out;
}
