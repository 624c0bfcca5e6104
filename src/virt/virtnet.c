/* virtnet.c - virtual networks on libvirt */
#include "virt/virtnet.h"
#include "virt/virt-private.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

/* The integer of an XPath over xml, 0 when absent. */
static int xml_int(const char *xml, const char *xpath)
{
    xmlDocPtr doc = xml ? xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET) : NULL;
    xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST xpath, ctx) : NULL;
    int v = o && o->type == XPATH_NUMBER && o->floatval == o->floatval ? (int)o->floatval : 0;

    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return v;
}

static int live_connections(virNetworkPtr n)
{
    char *xml = virNetworkGetXMLDesc(n, 0);
    int v = xml_int(xml, "number(/network/@connections)");

    free(xml);
    return v;
}

/* The name of the network in xml (g_free it). */
static char *xml_name(const char *xml)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
    xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr o =
        ctx ? xmlXPathEvalExpression(BAD_CAST "string(/network/name)", ctx) : NULL;
    char *name = g_strdup(o && o->stringval ? (const char *)o->stringval : "");

    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return name;
}

bool virt_net_ensure(struct virt_conn *c, const char *uuid, const char *xml, bool start,
                     bool restart, bool autostart, struct virt_net_state *out, struct dv_error *err)
{
    struct virt_net_state st = {0};
    virNetworkPtr n;
    bool ok = true, was_active = false;
    VIRT_GUARD();

    virt_init();
    n = virNetworkLookupByUUIDString(c->h, uuid);
    if (n) {
        char *name = xml_name(xml);

        st.defined = true;
        was_active = virNetworkIsActive(n) == 1;
        if (was_active)
            st.connections = live_connections(n);
        /* a renamed network cannot be redefined under its UUID: undefine
         * the old name first, when no guest uses it */
        if (strcmp(virNetworkGetName(n), name) != 0) {
            if (st.connections > 0) {
                dv_error_set(err, DV_ERR_INUSE, NULL,
                             _("The network is in use on the host %s; it cannot be renamed."),
                             c->uri);
                ok = false;
            } else if ((was_active && virNetworkDestroy(n) < 0) || virNetworkUndefine(n) < 0) {
                ok = virt_fail(c, "virNetworkUndefine", err);
            } else {
                was_active = false;
            }
        }
        /* a restart applies the new XML: stopped first when idle, so the
         * definition below is the one the start uses (on every driver) */
        if (ok && was_active && start && restart) {
            if (st.connections > 0) {
                st.pending = true;
            } else if (virNetworkDestroy(n) < 0) {
                ok = virt_fail(c, "virNetworkDestroy", err);
            } else {
                was_active = false;
                st.restarted = true;
            }
        }
        g_free(name);
        virNetworkFree(n);
    }
    if (out)
        *out = st;
    if (!ok)
        return false;
    if (!(n = virNetworkDefineXML(c->h, xml)))
        return virt_fail(c, "virNetworkDefineXML", err);
    if (start) {
        if (!was_active && virNetworkIsActive(n) != 1 && virNetworkCreate(n) < 0)
            ok = virt_fail(c, "virNetworkCreate", err);
        if (ok && virNetworkSetAutostart(n, autostart ? 1 : 0) < 0)
            ok = virt_fail(c, "virNetworkSetAutostart", err);
    }
    st.active = virNetworkIsActive(n) == 1;
    virNetworkFree(n);
    if (out)
        *out = st;
    return ok;
}

bool virt_net_remove(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virNetworkPtr n;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    if (!(n = virNetworkLookupByUUIDString(c->h, uuid)))
        return true;
    if (virNetworkIsActive(n) == 1 && virNetworkDestroy(n) < 0)
        ok = virt_fail(c, "virNetworkDestroy", err);
    if (ok && virNetworkIsPersistent(n) == 1) {
        if (virNetworkSetAutostart(n, 0) < 0)
            ok = virt_fail(c, "virNetworkSetAutostart", err);
        if (ok && virNetworkUndefine(n) < 0)
            ok = virt_fail(c, "virNetworkUndefine", err);
    }
    virNetworkFree(n);
    return ok;
}

bool virt_net_state(struct virt_conn *c, const char *uuid, bool *defined, bool *active,
                    struct dv_error *err)
{
    virNetworkPtr n;
    VIRT_GUARD();

    (void)err;
    virt_init();
    *defined = *active = false;
    if (!(n = virNetworkLookupByUUIDString(c->h, uuid)))
        return true;
    *defined = true;
    *active = virNetworkIsActive(n) == 1;
    virNetworkFree(n);
    return true;
}

bool virt_net_connections(struct virt_conn *c, const char *uuid, int *count, struct dv_error *err)
{
    virNetworkPtr n;
    VIRT_GUARD();

    (void)err;
    virt_init();
    *count = 0;
    if (!(n = virNetworkLookupByUUIDString(c->h, uuid)))
        return true;
    if (virNetworkIsActive(n) == 1)
        *count = live_connections(n);
    virNetworkFree(n);
    return true;
}

char *virt_net_xml(struct virt_conn *c, const char *uuid, bool inactive, struct dv_error *err)
{
    virNetworkPtr n;
    char *raw, *xml = NULL;
    VIRT_GUARD();

    virt_init();
    if (!(n = virNetworkLookupByUUIDString(c->h, uuid))) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The network %s is not defined on the host %s."),
                     uuid, c->uri);
        return NULL;
    }
    if ((raw = virNetworkGetXMLDesc(n, inactive ? VIR_NETWORK_XML_INACTIVE : 0))) {
        xml = g_strdup(raw);
        free(raw);
    } else {
        virt_fail(c, "virNetworkGetXMLDesc", err);
    }
    virNetworkFree(n);
    return xml;
}

bool virt_net_autostart(struct virt_conn *c, const char *uuid, bool *on, struct dv_error *err)
{
    virNetworkPtr n;
    int a = 0;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    *on = false;
    if (!(n = virNetworkLookupByUUIDString(c->h, uuid)))
        return true;
    if (virNetworkGetAutostart(n, &a) < 0)
        ok = virt_fail(c, "virNetworkGetAutostart", err);
    *on = a != 0;
    virNetworkFree(n);
    return ok;
}

void virt_net_leases_free(struct virt_net_lease *l, int n)
{
    for (int i = 0; l && i < n; i++) {
        g_free(l[i].ip);
        g_free(l[i].mac);
        g_free(l[i].hostname);
        g_free(l[i].client_id);
    }
    g_free(l);
}

bool virt_net_leases(struct virt_conn *c, const char *uuid, struct virt_net_lease **out, int *n,
                     struct dv_error *err)
{
    virNetworkPtr net;
    virNetworkDHCPLeasePtr *leases = NULL;
    int count;
    VIRT_GUARD();

    virt_init();
    *out = NULL;
    *n = 0;
    if (!(net = virNetworkLookupByUUIDString(c->h, uuid))) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The network %s is not defined on the host %s."),
                     uuid, c->uri);
        return false;
    }
    count = virNetworkGetDHCPLeases(net, NULL, &leases, 0);
    if (count < 0) {
        if (virGetLastErrorCode() == VIR_ERR_NO_SUPPORT)
            dv_error_set(err, DV_ERR_INFO, NULL, "%s",
                         _("This host's libvirt cannot report DHCP leases."));
        else
            virt_fail(c, "virNetworkGetDHCPLeases", err);
        virNetworkFree(net);
        return false;
    }
    *out = count ? g_new0(struct virt_net_lease, count) : NULL;
    for (int i = 0; i < count; i++) {
        virNetworkDHCPLeasePtr l = leases[i];

        (*out)[i] = (struct virt_net_lease){.ip = g_strdup(l->ipaddr ? l->ipaddr : ""),
                                            .prefix = (int)l->prefix,
                                            .mac = g_strdup(l->mac ? l->mac : ""),
                                            .hostname = g_strdup(l->hostname ? l->hostname : ""),
                                            .client_id = g_strdup(l->clientid ? l->clientid : ""),
                                            .expiry = (int64_t)l->expirytime};
        virNetworkDHCPLeaseFree(l);
    }
    free(leases);
    *n = count;
    virNetworkFree(net);
    return true;
}
