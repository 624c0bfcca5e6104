/* poolxml.c - the libvirt <pool> XML of a storage pool */
#include "xml/poolxml.h"

#include <libxml/tree.h>
#include "xml/xmlutil.h"

const struct pool_type_info pool_types[POOL_TYPE_COUNT] = {
    [POOL_DOSDIR] = {POOL_DOSDIR, "dir", N_("DOS directory pool"), NULL, false, true},
    [POOL_NETFS] = {POOL_NETFS, "netfs", N_("Network file system pool"), NULL, false, true},
    [POOL_ISCSI] = {POOL_ISCSI, "iscsi", N_("iSCSI pool"), "/dev/disk/by-path", false, false},
    [POOL_HOSTDIR] = {POOL_HOSTDIR, "dir", N_("Host directory pool"), NULL, true, true},
    [POOL_LOGICAL] = {POOL_LOGICAL, "logical", N_("Logical volume pool"), NULL, true, false},
    [POOL_DISK] = {POOL_DISK, "disk", N_("Disk volume pool"), "/dev", true, false},
};

static const char *const netfs_formats[] = {"auto", "nfs", "glusterfs", "cifs", NULL};
static const char *const disk_formats[] = {"dos",  "gpt", "dvh",  "mac", "bsd",
                                           "pc98", "sun", "lvm2", NULL};

const struct pool_type_info *pool_type_info(enum pool_type t)
{
    return (unsigned)t < POOL_TYPE_COUNT ? &pool_types[t] : NULL;
}

const char *pool_type_libvirt(enum pool_type t)
{
    const struct pool_type_info *i = pool_type_info(t);

    return i ? i->libvirt : NULL;
}

static bool empty(const char *s)
{
    return !s || !*s;
}

/* Refuse a missing part: false with err. */
static bool need(const char *value, const char *field, const char *label, struct dv_error *err)
{
    if (!empty(value))
        return true;
    dv_error_set(err, DV_ERR_INVALID, field, _("%s is required."), label);
    return false;
}

/* value, or the first entry of formats when empty; NULL with err when unknown. */
static const char *pick_format(const char *value, const char *const *formats, struct dv_error *err)
{
    if (empty(value))
        return formats[0];
    for (size_t i = 0; formats[i]; i++)
        if (g_strcmp0(value, formats[i]) == 0)
            return formats[i];
    dv_error_set(err, DV_ERR_INVALID, PLF_FORMAT, _("%s cannot be '%s'."), _("Pool format"), value);
    return NULL;
}

static xmlNodePtr child_attr(xmlNodePtr parent, const char *element, const char *attr,
                             const char *value)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST element, NULL);

    xmlNewProp(n, BAD_CAST attr, BAD_CAST value);
    return n;
}

/* <host name=... [port=...]/>; port 0 = none. */
static bool add_host(xmlNodePtr src, const struct poolxml_spec *p, int port, struct dv_error *err)
{
    xmlNodePtr host;

    if (!need(p->host, PLF_HOST, _("Server address"), err))
        return false;
    if (port < 0 || port > 65535) {
        dv_error_set(err, DV_ERR_INVALID, PLF_PORT, _("%s must be between %ld and %ld."), _("Port"),
                     1L, 65535L);
        return false;
    }
    host = child_attr(src, "host", "name", p->host);
    if (port) {
        char *s = g_strdup_printf("%d", port);

        xmlNewProp(host, BAD_CAST "port", BAD_CAST s);
        g_free(s);
    }
    return true;
}

static bool add_netfs(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err)
{
    const char *fmt;

    if (!add_host(src, p, p->port, err) || !need(p->source_dir, PLF_DIR, _("Source path"), err))
        return false;
    if (!(fmt = pick_format(p->format, netfs_formats, err)))
        return false;
    child_attr(src, "dir", "path", p->source_dir);
    child_attr(src, "format", "type", fmt);
    return true;
}

/* <auth type='chap' username=...><secret usage=.../></auth> when both are given. */
static bool add_chap(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err)
{
    xmlNodePtr auth;

    if (empty(p->auth_user) && empty(p->auth_secret_usage))
        return true;
    if (!need(p->auth_user, PLF_AUTH_USER, _("Authentication user"), err) ||
        !need(p->auth_secret_usage, PLF_AUTH_SECRET, _("Security object"), err))
        return false;
    auth = child_attr(src, "auth", "type", "chap");
    xmlNewProp(auth, BAD_CAST "username", BAD_CAST p->auth_user);
    child_attr(auth, "secret", "usage", p->auth_secret_usage);
    return true;
}

static bool add_iscsi(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err)
{
    if (!add_host(src, p, p->port ? p->port : 3260, err) ||
        !need(p->device, PLF_DEVICE, _("Target name"), err))
        return false;
    child_attr(src, "device", "path", p->device);
    return add_chap(src, p, err);
}

static bool add_disk(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err)
{
    const char *fmt;

    if (!need(p->device, PLF_DEVICE, _("Device path"), err) ||
        !(fmt = pick_format(p->format, disk_formats, err)))
        return false;
    child_attr(src, "device", "path", p->device);
    child_attr(src, "format", "type", fmt);
    return true;
}

static bool add_logical(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err)
{
    for (size_t i = 0; i < p->n_devices; i++) {
        if (!need(p->devices[i], PLF_DEVICES, _("Device path"), err))
            return false;
        child_attr(src, "device", "path", p->devices[i]);
    }
    xmlNewTextChild(src, NULL, BAD_CAST "name", BAD_CAST(empty(p->vg_name) ? p->name : p->vg_name));
    child_attr(src, "format", "type", "lvm2");
    return true;
}

static bool add_dir(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err)
{
    (void)src, (void)p, (void)err;
    return true;
}

typedef bool (*source_fn)(xmlNodePtr src, const struct poolxml_spec *p, struct dv_error *err);

static const source_fn sources[POOL_TYPE_COUNT] = {
    [POOL_DOSDIR] = add_dir,  [POOL_NETFS] = add_netfs,     [POOL_ISCSI] = add_iscsi,
    [POOL_HOSTDIR] = add_dir, [POOL_LOGICAL] = add_logical, [POOL_DISK] = add_disk,
};

/* <source>: the part of the type, then vendor and product; dropped when empty. */
static bool add_source(xmlNodePtr root, const struct poolxml_spec *p, struct dv_error *err)
{
    xmlNodePtr src = xmlNewChild(root, NULL, BAD_CAST "source", NULL);

    if (!sources[p->type](src, p, err))
        return false;
    if (!empty(p->vendor))
        child_attr(src, "vendor", "name", p->vendor);
    if (!empty(p->product))
        child_attr(src, "product", "name", p->product);
    if (!src->children) {
        xmlUnlinkNode(src);
        xmlFreeNode(src);
    }
    return true;
}

/* The target path: the given one, or the fixed one of the type. */
static const char *target_path(const struct poolxml_spec *p, struct dv_error *err)
{
    const char *fixed = pool_types[p->type].fixed_target;

    if (fixed && (empty(p->target_path) || g_strcmp0(p->target_path, fixed) == 0))
        return fixed;
    if (fixed) {
        dv_error_set(err, DV_ERR_INVALID, PLF_TARGET, _("%s must be %s."), _("Target path"), fixed);
        return NULL;
    }
    return need(p->target_path, PLF_TARGET, _("Target path"), err) ? p->target_path : NULL;
}

char *poolxml_build(const struct poolxml_spec *p, struct dv_error *err)
{
    const struct pool_type_info *info = pool_type_info(p->type);
    const char *path;
    xmlDocPtr doc;
    xmlNodePtr root, target;
    char *out = NULL;

    if (!info) {
        dv_error_set(err, DV_ERR_INVALID, PLF_TYPE, _("%s is unknown."), _("Pool type"));
        return NULL;
    }
    if (!need(p->name, PLF_NAME, _("Pool name"), err) || !need(p->uuid, PLF_UUID, "UUID", err) ||
        !(path = target_path(p, err)))
        return NULL;
    doc = xmlNewDoc(BAD_CAST "1.0");
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* non-ASCII attributes stay UTF-8 */
    root = xmlNewNode(NULL, BAD_CAST "pool");
    xmlDocSetRootElement(doc, root);
    xmlNewProp(root, BAD_CAST "type", BAD_CAST info->libvirt);
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST p->name);
    xmlNewTextChild(root, NULL, BAD_CAST "uuid", BAD_CAST p->uuid);
    if (add_source(root, p, err)) {
        target = xmlNewChild(root, NULL, BAD_CAST "target", NULL);
        xmlNewTextChild(target, NULL, BAD_CAST "path", BAD_CAST path);
        out = xmlutil_text(root);
    }
    xmlFreeDoc(doc);
    return out;
}
