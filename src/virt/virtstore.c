/* virtstore.c - storage pools and volumes on libvirt */
#include "virt/virtstore.h"
#include "virt/virt-private.h"

#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

void virt_vol_clear(struct virt_vol *v)
{
    g_free(v->name);
    g_free(v->path);
    g_free(v->format);
    memset(v, 0, sizeof(*v));
}

void virt_vols_free(struct virt_vol *v, int n)
{
    for (int i = 0; i < n; i++)
        virt_vol_clear(&v[i]);
    g_free(v);
}

static virStoragePoolPtr pool_lookup(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virStoragePoolPtr p = virStoragePoolLookupByUUIDString(c->h, uuid);

    if (!p)
        dv_error_set(err, DV_ERR_NOTFOUND, NULL,
                     _("The storage pool %s is not defined on the host %s."), uuid, c->uri);
    return p;
}

bool virt_pool_ensure(struct virt_conn *c, const char *uuid, const char *xml, bool build,
                      struct dv_error *err)
{
    virStoragePoolPtr p;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    p = virStoragePoolLookupByUUIDString(c->h, uuid);
    if (!p && !(p = virStoragePoolDefineXML(c->h, xml, 0)))
        return virt_fail(c, "virStoragePoolDefineXML", err);
    if (virStoragePoolIsActive(p) != 1) {
        if (build && virStoragePoolBuild(p, 0) < 0)
            ok = virt_fail(c, "virStoragePoolBuild", err);
        if (ok && virStoragePoolCreate(p, 0) < 0)
            ok = virt_fail(c, "virStoragePoolCreate", err);
    }
    if (ok && virStoragePoolSetAutostart(p, 1) < 0)
        ok = virt_fail(c, "virStoragePoolSetAutostart", err);
    virStoragePoolFree(p);
    return ok;
}

bool virt_dir_ensure(struct virt_conn *c, const char *path, struct dv_error *err)
{
    char *name = g_strdup_printf("dosvm-mkdir-%08x", g_random_int());
    char *esc = g_markup_escape_text(path, -1);
    char *xml = g_strdup_printf("<pool type='dir'><name>%s</name><target><path>%s</path>"
                                "<permissions><mode>0700</mode></permissions></target></pool>",
                                name, esc);
    virStoragePoolPtr p;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    /* a transient pool built on the host makes the directory; destroying it
     * keeps the directory (a pool never deletes its data) */
    p = virStoragePoolCreateXML(c->h, xml, VIR_STORAGE_POOL_CREATE_WITH_BUILD);
    /* a driver without the build flag (libvirt's test driver keeps no files) */
    if (!p && (virGetLastErrorCode() == VIR_ERR_INVALID_ARG ||
               virGetLastErrorCode() == VIR_ERR_ARGUMENT_UNSUPPORTED ||
               virGetLastErrorCode() == VIR_ERR_NO_SUPPORT))
        p = virStoragePoolCreateXML(c->h, xml, 0);
    if (!p)
        ok = virt_fail(c, "virStoragePoolCreateXML", err);
    else {
        virStoragePoolDestroy(p);
        virStoragePoolFree(p);
    }
    g_free(xml);
    g_free(esc);
    g_free(name);
    return ok;
}

bool virt_pool_remove(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virStoragePoolPtr p;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    if (!(p = virStoragePoolLookupByUUIDString(c->h, uuid)))
        return true;
    if (virStoragePoolIsActive(p) == 1 && virStoragePoolDestroy(p) < 0)
        ok = virt_fail(c, "virStoragePoolDestroy", err);
    if (ok && virStoragePoolUndefine(p) < 0)
        ok = virt_fail(c, "virStoragePoolUndefine", err);
    virStoragePoolFree(p);
    return ok;
}

char *virt_pool_xml(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virStoragePoolPtr p;
    char *raw, *xml = NULL;
    VIRT_GUARD();

    virt_init();
    if (!(p = pool_lookup(c, uuid, err)))
        return NULL;
    if ((raw = virStoragePoolGetXMLDesc(p, 0))) {
        xml = g_strdup(raw);
        free(raw);
    } else {
        virt_fail(c, "virStoragePoolGetXMLDesc", err);
    }
    virStoragePoolFree(p);
    return xml;
}

/* The <target><format type> of a volume's XML, "" when absent. */
static char *xml_format(const char *xml)
{
    xmlDocPtr doc = xml ? xmlReadMemory(xml, strlen(xml), NULL, NULL, XML_PARSE_NONET) : NULL;
    xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr o =
        ctx ? xmlXPathEvalExpression(BAD_CAST "string(/volume/target/format/@type)", ctx) : NULL;
    char *f = g_strdup(o && o->stringval ? (const char *)o->stringval : "");

    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return f;
}

/* Fill out from the volume handle v. */
static bool vol_read(struct virt_conn *c, virStorageVolPtr v, struct virt_vol *out,
                     struct dv_error *err)
{
    virStorageVolInfo info;
    char *path = virStorageVolGetPath(v), *xml;

    memset(out, 0, sizeof(*out));
    if (!path || virStorageVolGetInfo(v, &info) < 0) {
        free(path);
        return virt_fail(c, "virStorageVolGetInfo", err);
    }
    xml = virStorageVolGetXMLDesc(v, 0);
    out->name = g_strdup(virStorageVolGetName(v));
    out->path = g_strdup(path);
    out->format = xml_format(xml);
    out->capacity = (long long)info.capacity;
    out->allocation = (long long)info.allocation;
    free(path);
    free(xml);
    return true;
}

bool virt_pool_volumes(struct virt_conn *c, const char *uuid, struct virt_vol **out, int *n,
                       struct dv_error *err)
{
    virStoragePoolPtr p;
    virStorageVolPtr *vols = NULL;
    int count;
    bool ok = true;
    VIRT_GUARD();

    virt_init();
    *out = NULL;
    *n = 0;
    if (!(p = pool_lookup(c, uuid, err)))
        return false;
    if (virStoragePoolRefresh(p, 0) < 0 ||
        (count = virStoragePoolListAllVolumes(p, &vols, 0)) < 0) {
        virStoragePoolFree(p);
        return virt_fail(c, "virStoragePoolRefresh", err);
    }
    *out = g_new0(struct virt_vol, count + 1);
    for (int i = 0; i < count; i++) {
        if (ok && vol_read(c, vols[i], &(*out)[*n], err))
            (*n)++;
        else
            ok = false;
        virStorageVolFree(vols[i]);
    }
    free(vols);
    virStoragePoolFree(p);
    if (!ok) {
        virt_vols_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

static virStorageVolPtr vol_lookup(struct virt_conn *c, const char *path, struct dv_error *err)
{
    virStorageVolPtr v = virStorageVolLookupByPath(c->h, path);

    if (!v)
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The volume %s does not exist on the host %s."),
                     path, c->uri);
    return v;
}

bool virt_vol_create(struct virt_conn *c, const char *pool_uuid, const char *xml,
                     const char *from_path, struct virt_vol *out, struct dv_error *err)
{
    virStoragePoolPtr p;
    virStorageVolPtr from = NULL, v = NULL;
    bool ok;
    VIRT_GUARD();

    virt_init();
    if (!(p = pool_lookup(c, pool_uuid, err)))
        return false;
    if (from_path && !(from = vol_lookup(c, from_path, err))) {
        virStoragePoolFree(p);
        return false;
    }
    v = from ? virStorageVolCreateXMLFrom(p, xml, from, 0) : virStorageVolCreateXML(p, xml, 0);
    ok = v ? vol_read(c, v, out, err)
           : virt_fail(c, from ? "virStorageVolCreateXMLFrom" : "virStorageVolCreateXML", err);
    if (v)
        virStorageVolFree(v);
    if (from)
        virStorageVolFree(from);
    virStoragePoolFree(p);
    return ok;
}

bool virt_vol_get(struct virt_conn *c, const char *path, struct virt_vol *out, struct dv_error *err)
{
    virStorageVolPtr v;
    bool ok;
    VIRT_GUARD();

    virt_init();
    if (!(v = vol_lookup(c, path, err)))
        return false;
    ok = vol_read(c, v, out, err);
    virStorageVolFree(v);
    return ok;
}

bool virt_vol_resize(struct virt_conn *c, const char *path, long long capacity,
                     struct virt_vol *out, struct dv_error *err)
{
    virStorageVolPtr v;
    bool ok;
    VIRT_GUARD();

    virt_init();
    if (!(v = vol_lookup(c, path, err)))
        return false;
    ok = virStorageVolResize(v, (unsigned long long)capacity, 0) == 0
             ? vol_read(c, v, out, err)
             : virt_fail(c, "virStorageVolResize", err);
    virStorageVolFree(v);
    return ok;
}

bool virt_vol_delete(struct virt_conn *c, const char *path, struct dv_error *err)
{
    virStorageVolPtr v;
    bool ok;
    VIRT_GUARD();

    virt_init();
    if (!(v = virStorageVolLookupByPath(c->h, path)))
        return true;
    ok = virStorageVolDelete(v, 0) == 0 || virt_fail(c, "virStorageVolDelete", err);
    virStorageVolFree(v);
    return ok;
}
