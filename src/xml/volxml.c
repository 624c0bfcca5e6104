/* volxml.c - the libvirt <volume> XML of a storage volume or incremental snapshot */
#include "xml/volxml.h"

#include <string.h>
#include <libxml/tree.h>
#include "xml/xmlutil.h"

const char *const vol_formats[] = {"qcow2", "raw", "qcow", "qed", "cow", "vmdk", "vpc", NULL};

static bool empty(const char *s)
{
    return !s || !*s;
}

static bool known_format(const char *f)
{
    for (size_t i = 0; vol_formats[i]; i++)
        if (g_strcmp0(f, vol_formats[i]) == 0)
            return true;
    return false;
}

/* The format to write: qcow2 for an overlay without one; NULL with err when wrong. */
static const char *vol_format(const struct volxml_spec *v, struct dv_error *err)
{
    bool overlay = !empty(v->backing_path);

    if (empty(v->format) && !overlay) {
        dv_error_set(err, DV_ERR_INVALID, VLF_FORMAT, _("%s is required."), _("Volume format"));
        return NULL;
    }
    if (empty(v->format))
        return "qcow2";
    if (!known_format(v->format)) {
        dv_error_set(err, DV_ERR_INVALID, VLF_FORMAT, _("%s cannot be '%s'."), _("Volume format"),
                     v->format);
        return NULL;
    }
    if (overlay && g_strcmp0(v->format, "qcow2") != 0) {
        dv_error_set(err, DV_ERR_INVALID, VLF_FORMAT, _("%s must be %s."), _("Volume format"),
                     "qcow2");
        return NULL;
    }
    return v->format;
}

static bool mode_ok(const char *m)
{
    size_t n = strlen(m), digits = n - (n == 4 || n == 5 ? (m[0] == '0') : 0);

    if (n < 3 || n > 5 || digits < 3 || digits > 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (m[i] < '0' || m[i] > '7')
            return false;
    return true;
}

static bool perms_ok(const struct volxml_spec *v, struct dv_error *err)
{
    if (!empty(v->mode) && !mode_ok(v->mode)) {
        dv_error_set(err, DV_ERR_INVALID, VLF_MODE, _("%s must be an octal number such as 0666."),
                     _("Permission mode"));
        return false;
    }
    if ((v->has_owner && v->owner < 0) || (v->has_group && v->group < 0)) {
        bool owner = v->has_owner && v->owner < 0;

        dv_error_set(err, DV_ERR_INVALID, owner ? VLF_OWNER : VLF_GROUP,
                     _("%s must be a whole number."), owner ? _("Owner") : _("Group"));
        return false;
    }
    return true;
}

/* The compat to write for a qcow2 volume ("" = none); NULL with err when wrong. */
static const char *qcow2_compat(const struct volxml_spec *v, struct dv_error *err)
{
    const char *c = v->compat ? v->compat : "";

    if (*c && strcmp(c, "0.10") != 0 && strcmp(c, "1.1") != 0) {
        dv_error_set(err, DV_ERR_INVALID, VLF_COMPAT, _("%s must be empty, 0.10 or 1.1."),
                     _("Compat level"));
        return NULL;
    }
    if (v->lazy_refcounts && strcmp(c, "0.10") == 0) {
        dv_error_set(err, DV_ERR_INVALID, VLF_LAZY, "%s",
                     _("lazy_refcounts requires compat level 1.1."));
        return NULL;
    }
    return v->lazy_refcounts ? "1.1" : c;
}

static bool backing_ok(const struct volxml_spec *v, struct dv_error *err)
{
    if (empty(v->backing_path))
        return true;
    if (known_format(v->backing_format))
        return true;
    dv_error_set(err, DV_ERR_INVALID, VLF_BACKING_FORMAT, _("%s cannot be '%s'."),
                 _("Backing store format"), v->backing_format ? v->backing_format : "");
    return false;
}

static bool check(const struct volxml_spec *v, struct dv_error *err)
{
    if (empty(v->name)) {
        dv_error_set(err, DV_ERR_INVALID, VLF_NAME, _("%s is required."), _("English name"));
        return false;
    }
    if (v->capacity <= 0) {
        dv_error_set(err, DV_ERR_INVALID, VLF_CAPACITY, _("%s must be at least 1."),
                     _("Logical capacity"));
        return false;
    }
    return perms_ok(v, err) && backing_ok(v, err);
}

static void add_bytes(xmlNodePtr parent, const char *element, long long n)
{
    char *s = g_strdup_printf("%lld", n);
    xmlNodePtr node = xmlNewTextChild(parent, NULL, BAD_CAST element, BAD_CAST s);

    xmlNewProp(node, BAD_CAST "unit", BAD_CAST "bytes");
    g_free(s);
}

static void add_id(xmlNodePtr parent, const char *element, long long id)
{
    char *s = g_strdup_printf("%lld", id);

    xmlNewTextChild(parent, NULL, BAD_CAST element, BAD_CAST s);
    g_free(s);
}

/* <permissions> with the given parts; nothing when none is given. */
static void add_perms(xmlNodePtr target, const struct volxml_spec *v)
{
    xmlNodePtr p;

    if (empty(v->mode) && !v->has_owner && !v->has_group && empty(v->label))
        return;
    p = xmlNewChild(target, NULL, BAD_CAST "permissions", NULL);
    if (!empty(v->mode))
        xmlNewTextChild(p, NULL, BAD_CAST "mode", BAD_CAST v->mode);
    if (v->has_owner)
        add_id(p, "owner", v->owner);
    if (v->has_group)
        add_id(p, "group", v->group);
    if (!empty(v->label))
        xmlNewTextChild(p, NULL, BAD_CAST "label", BAD_CAST v->label);
}

static void add_format(xmlNodePtr parent, const char *format)
{
    xmlNodePtr f = xmlNewChild(parent, NULL, BAD_CAST "format", NULL);

    xmlNewProp(f, BAD_CAST "type", BAD_CAST format);
}

/* <target>: format, permissions, then compat and features of a qcow2 volume. */
static void add_target(xmlNodePtr root, const struct volxml_spec *v, const char *format,
                       const char *compat)
{
    xmlNodePtr target = xmlNewChild(root, NULL, BAD_CAST "target", NULL);

    add_format(target, format);
    add_perms(target, v);
    if (*compat)
        xmlNewTextChild(target, NULL, BAD_CAST "compat", BAD_CAST compat);
    if (*compat && v->lazy_refcounts) {
        xmlNodePtr features = xmlNewChild(target, NULL, BAD_CAST "features", NULL);

        xmlNewChild(features, NULL, BAD_CAST "lazy_refcounts", NULL);
    }
}

static void add_backing(xmlNodePtr root, const struct volxml_spec *v)
{
    xmlNodePtr b;

    if (empty(v->backing_path))
        return;
    b = xmlNewChild(root, NULL, BAD_CAST "backingStore", NULL);
    xmlNewTextChild(b, NULL, BAD_CAST "path", BAD_CAST v->backing_path);
    add_format(b, v->backing_format);
}

char *volxml_build(const struct volxml_spec *v, struct dv_error *err)
{
    const char *format, *compat = "";
    xmlDocPtr doc;
    xmlNodePtr root;
    char *out;

    if (!check(v, err) || !(format = vol_format(v, err)))
        return NULL;
    if (strcmp(format, "qcow2") == 0 && !(compat = qcow2_compat(v, err)))
        return NULL;
    doc = xmlNewDoc(BAD_CAST "1.0");
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* non-ASCII attributes stay UTF-8 */
    root = xmlNewNode(NULL, BAD_CAST "volume");
    xmlDocSetRootElement(doc, root);
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST v->name);
    add_bytes(root, "capacity", v->capacity);
    add_bytes(root, "allocation", 0);
    add_target(root, v, format, compat);
    add_backing(root, v);
    out = xmlutil_text(root);
    xmlFreeDoc(doc);
    return out;
}
