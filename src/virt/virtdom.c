/* virtdom.c - virtual machines on libvirt (virtdom.h) */
#include "virt/virtdom.h"
#include "virt/virt-private.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = {
    [VIRT_DOM_SHUTOFF] = "shut off", [VIRT_DOM_RUNNING] = "running", [VIRT_DOM_PAUSED] = "paused",
    [VIRT_DOM_CRASHED] = "crashed",  [VIRT_DOM_OTHER] = "other",
};

const char *virt_dom_state_name(enum virt_dom_state s)
{
    return (unsigned)s < G_N_ELEMENTS(state_names) ? state_names[s] : "other";
}

static enum virt_dom_state state_of(int s)
{
    switch (s) {
    case VIR_DOMAIN_SHUTOFF:
        return VIRT_DOM_SHUTOFF;
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
        return VIRT_DOM_RUNNING;
    case VIR_DOMAIN_PAUSED:
        return VIRT_DOM_PAUSED;
    case VIR_DOMAIN_CRASHED:
        return VIRT_DOM_CRASHED;
    default:
        return VIRT_DOM_OTHER;
    }
}

/* The domain uuid, or NULL: DV_ERR_NOTFOUND when it is not defined, else
 * libvirt's error. */
static virDomainPtr lookup(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virDomainPtr d;

    virt_init();
    d = virDomainLookupByUUIDString(c->h, uuid);
    if (d)
        return d;
    if (virGetLastErrorCode() == VIR_ERR_NO_DOMAIN) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The VM %s is not defined on the host %s."),
                     uuid, c->uri);
        return NULL;
    }
    virt_fail(c, "virDomainLookupByUUIDString", err);
    return NULL;
}

static char *uuid_of(virDomainPtr d)
{
    char buf[VIR_UUID_STRING_BUFLEN];

    return virDomainGetUUIDString(d, buf) == 0 ? g_strdup(buf) : g_strdup("");
}

bool virt_dom_define(struct virt_conn *c, const char *xml, char **uuid_out, struct dv_error *err)
{
    virDomainPtr d;
    VIRT_GUARD();

    virt_init();
    if (uuid_out)
        *uuid_out = NULL;
    if (!(d = virDomainDefineXML(c->h, xml)))
        return virt_fail(c, "virDomainDefineXML", err);
    if (uuid_out)
        *uuid_out = uuid_of(d);
    virDomainFree(d);
    return true;
}

bool virt_dom_create_started(struct virt_conn *c, const char *xml, char **uuid_out,
                             struct dv_error *err)
{
    virDomainPtr d;
    VIRT_GUARD();

    virt_init();
    if (uuid_out)
        *uuid_out = NULL;
    if (!(d = virDomainCreateXML(c->h, xml, 0)))
        return virt_fail(c, "virDomainCreateXML", err);
    if (uuid_out)
        *uuid_out = uuid_of(d);
    virDomainFree(d);
    return true;
}

/* Run call on the domain uuid; a missing domain fails (DV_ERR_NOTFOUND). */
#define ON_DOMAIN(c, uuid, err, expr, what)                                                        \
    do {                                                                                           \
        virDomainPtr d_ = lookup((c), (uuid), (err));                                              \
        bool ok_;                                                                                  \
        if (!d_)                                                                                   \
            return false;                                                                          \
        {                                                                                          \
            virDomainPtr d = d_;                                                                   \
            ok_ = (expr) >= 0;                                                                     \
        }                                                                                          \
        if (!ok_)                                                                                  \
            virt_fail((c), (what), (err));                                                         \
        virDomainFree(d_);                                                                         \
        return ok_;                                                                                \
    } while (0)

bool virt_dom_start(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, virDomainIsActive(d) == 1 ? 0 : virDomainCreate(d), "virDomainCreate");
}

bool virt_dom_state(struct virt_conn *c, const char *uuid, enum virt_dom_state *state,
                    bool *defined, struct dv_error *err)
{
    struct dv_error e = {0};
    virDomainPtr d;
    int st = 0, reason = 0;
    bool ok;
    VIRT_GUARD();

    *state = VIRT_DOM_SHUTOFF;
    *defined = false;
    if (!(d = lookup(c, uuid, &e))) {
        if (e.code == DV_ERR_NOTFOUND)
            return true;
        *err = e;
        return false;
    }
    *defined = true;
    ok = virDomainGetState(d, &st, &reason, 0) == 0;
    if (ok)
        *state = state_of(st);
    else
        virt_fail(c, "virDomainGetState", err);
    virDomainFree(d);
    return ok;
}

bool virt_dom_shutdown(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, virDomainShutdown(d), "virDomainShutdown");
}

bool virt_dom_destroy(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    struct dv_error e = {0};
    virDomainPtr d;
    bool ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, &e))) {
        if (e.code == DV_ERR_NOTFOUND)
            return true;
        *err = e;
        return false;
    }
    if (virDomainIsActive(d) == 1 && virDomainDestroy(d) < 0)
        ok = virt_fail(c, "virDomainDestroy", err);
    virDomainFree(d);
    return ok;
}

bool virt_dom_power_off(struct virt_conn *c, const char *uuid, int timeout_ms,
                        virt_progress_fn progress, void *data, GCancellable *cancel, bool *forced,
                        struct dv_error *err)
{
    enum virt_dom_state st;
    bool defined;
    int waited = 0;
    VIRT_GUARD();

    if (forced)
        *forced = false;
    if (!virt_dom_state(c, uuid, &st, &defined, err))
        return false;
    if (!defined || st == VIRT_DOM_SHUTOFF)
        return true;
    if (st != VIRT_DOM_PAUSED && virt_dom_shutdown(c, uuid, err)) {
        while (waited < timeout_ms) {
            if (cancel && g_cancellable_is_cancelled(cancel)) {
                dv_error_set(err, DV_ERR_CANCELLED, NULL, "%s",
                             _("The power-off was cancelled; the guest may still shut itself "
                               "down."));
                return false;
            }
            g_usleep(VIRT_POWER_OFF_POLL_MS * 1000);
            waited += VIRT_POWER_OFF_POLL_MS;
            if (progress)
                progress((uint64_t)waited, (uint64_t)timeout_ms, data);
            if (!virt_dom_state(c, uuid, &st, &defined, err))
                return false;
            if (!defined || st == VIRT_DOM_SHUTOFF)
                return true;
        }
    }
    dv_error_clear(err);
    if (forced)
        *forced = true;
    return virt_dom_destroy(c, uuid, err);
}

bool virt_dom_reboot(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, virDomainReboot(d, 0), "virDomainReboot");
}

bool virt_dom_reset(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, virDomainReset(d, 0), "virDomainReset");
}

/* The domain's state number, -1 on failure. */
static int raw_state(virDomainPtr d)
{
    int st = 0, reason = 0;

    return virDomainGetState(d, &st, &reason, 0) == 0 ? st : -1;
}

bool virt_dom_suspend(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, raw_state(d) == VIR_DOMAIN_PAUSED ? 0 : virDomainSuspend(d),
              "virDomainSuspend");
}

bool virt_dom_resume(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, raw_state(d) != VIR_DOMAIN_PAUSED ? 0 : virDomainResume(d),
              "virDomainResume");
}

bool virt_dom_save(struct virt_conn *c, const char *uuid, const char *path, struct dv_error *err)
{
    VIRT_GUARD();
    ON_DOMAIN(c, uuid, err, virDomainSave(d, path), "virDomainSave");
}

bool virt_dom_restore(struct virt_conn *c, const char *path, struct dv_error *err)
{
    VIRT_GUARD();
    virt_init();
    if (virDomainRestore(c->h, path) < 0)
        return virt_fail(c, "virDomainRestore", err);
    return true;
}

bool virt_dom_undefine(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    struct dv_error e = {0};
    virDomainPtr d;
    bool ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, &e))) {
        if (e.code == DV_ERR_NOTFOUND)
            return true;
        *err = e;
        return false;
    }
    if (virDomainIsActive(d) == 1) {
        dv_error_set(err, DV_ERR_INUSE, NULL, _("The VM is running on the host %s."), c->uri);
        ok = false;
    } else if (virDomainUndefineFlags(d, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                             VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                             VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
                                             VIR_DOMAIN_UNDEFINE_NVRAM) < 0 &&
               virDomainUndefine(d) < 0) {
        ok = virt_fail(c, "virDomainUndefineFlags", err);
    }
    virDomainFree(d);
    return ok;
}

char *virt_dom_xml(struct virt_conn *c, const char *uuid, bool live, struct dv_error *err)
{
    virDomainPtr d;
    char *x, *out = NULL;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, err)))
        return NULL;
    x = virDomainGetXMLDesc(d, live ? 0 : VIR_DOMAIN_XML_INACTIVE);
    if (x)
        out = g_strdup(x);
    else
        virt_fail(c, "virDomainGetXMLDesc", err);
    free(x);
    virDomainFree(d);
    return out;
}

void virt_dom_graphics_clear(struct virt_dom_graphics *g)
{
    g_free(g->type);
    g_free(g->listen);
    memset(g, 0, sizeof *g);
}

/* A string XPath of xml ("" when absent; g_free it). */
static char *xpath_text(xmlXPathContextPtr ctx, const char *xpath)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    char *v = g_strdup(o && o->stringval ? (const char *)o->stringval : "");

    xmlXPathFreeObject(o);
    return v;
}

bool virt_dom_graphics(struct virt_conn *c, const char *uuid, struct virt_dom_graphics *out,
                       struct dv_error *err)
{
    char *xml, *port;
    xmlDocPtr doc;
    xmlXPathContextPtr ctx;
    VIRT_GUARD();

    memset(out, 0, sizeof *out);
    out->type = g_strdup("");
    out->listen = g_strdup("");
    if (!(xml = virt_dom_xml(c, uuid, true, err)))
        return false;
    doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
    ctx = doc ? xmlXPathNewContext(doc) : NULL;
    if (ctx) {
        g_free(out->type);
        out->type = xpath_text(ctx, "string(/domain/devices/graphics[1]/@type)");
        port = xpath_text(ctx, "string(/domain/devices/graphics[1]/@port)");
        out->port = (int)g_ascii_strtoll(port, NULL, 10);
        if (out->port < 0)
            out->port = 0;
        g_free(port);
        g_free(out->listen);
        out->listen = xpath_text(ctx, "string(/domain/devices/graphics[1]/listen[1]/@address)");
        if (!*out->listen) {
            g_free(out->listen);
            out->listen = xpath_text(ctx, "string(/domain/devices/graphics[1]/@listen)");
        }
    }
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    g_free(xml);
    return true;
}

/* ---------------------------------------------------------------- snapshots */

static virDomainSnapshotPtr snapshot(struct virt_conn *c, virDomainPtr d, const char *name,
                                     struct dv_error *err)
{
    virDomainSnapshotPtr s = virDomainSnapshotLookupByName(d, name, 0);

    if (!s) {
        if (virGetLastErrorCode() == VIR_ERR_NO_DOMAIN_SNAPSHOT)
            dv_error_set(err, DV_ERR_NOTFOUND, NULL,
                         _("The checkpoint %s is not defined on the host %s."), name, c->uri);
        else
            virt_fail(c, "virDomainSnapshotLookupByName", err);
    }
    return s;
}

bool virt_dom_snapshot_create(struct virt_conn *c, const char *uuid, const char *xml,
                              char **out_xml, struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr s;
    bool ok = true;
    VIRT_GUARD();

    if (out_xml)
        *out_xml = NULL;
    if (!(d = lookup(c, uuid, err)))
        return false;
    if (!(s = virDomainSnapshotCreateXML(d, xml, 0))) {
        ok = virt_fail(c, "virDomainSnapshotCreateXML", err);
    } else {
        if (out_xml) {
            char *x = virDomainSnapshotGetXMLDesc(s, 0);

            *out_xml = g_strdup(x ? x : "");
            free(x);
        }
        virDomainSnapshotFree(s);
    }
    virDomainFree(d);
    return ok;
}

bool virt_dom_snapshot_redefine(struct virt_conn *c, const char *uuid, const char *xml,
                                bool current, struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr s;
    bool ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, err)))
        return false;
    s = virDomainSnapshotCreateXML(d, xml,
                                   VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                                       (current ? VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT : 0));
    if (!s)
        ok = virt_fail(c, "virDomainSnapshotCreateXML(REDEFINE)", err);
    else
        virDomainSnapshotFree(s);
    virDomainFree(d);
    return ok;
}

bool virt_dom_snapshot_revert(struct virt_conn *c, const char *uuid, const char *name,
                              struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr s;
    bool ok;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, err)))
        return false;
    s = snapshot(c, d, name, err);
    ok = s && virDomainRevertToSnapshot(s, 0) == 0;
    if (s && !ok)
        virt_fail(c, "virDomainRevertToSnapshot", err);
    if (s)
        virDomainSnapshotFree(s);
    virDomainFree(d);
    return ok;
}

bool virt_dom_snapshot_delete(struct virt_conn *c, const char *uuid, const char *name,
                              bool children, struct dv_error *err)
{
    struct dv_error e = {0};
    virDomainPtr d;
    virDomainSnapshotPtr s;
    bool ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, err)))
        return false;
    if (!(s = snapshot(c, d, name, &e))) {
        ok = e.code == DV_ERR_NOTFOUND;
        if (!ok)
            *err = e;
    } else {
        if (virDomainSnapshotDelete(s, children ? VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN : 0) < 0)
            ok = virt_fail(c, "virDomainSnapshotDelete", err);
        virDomainSnapshotFree(s);
    }
    virDomainFree(d);
    return ok;
}

void virt_dom_snapshots_free(struct virt_dom_snapshot *s, int n)
{
    for (int i = 0; i < n; i++) {
        g_free(s[i].name);
        g_free(s[i].parent);
    }
    g_free(s);
}

bool virt_dom_snapshot_list(struct virt_conn *c, const char *uuid, struct virt_dom_snapshot **out,
                            int *n, struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr *snaps = NULL;
    int k;
    VIRT_GUARD();

    *out = NULL;
    *n = 0;
    if (!(d = lookup(c, uuid, err)))
        return false;
    k = virDomainListAllSnapshots(d, &snaps, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    if (k < 0) {
        virDomainFree(d);
        return virt_fail(c, "virDomainListAllSnapshots", err);
    }
    *out = g_new0(struct virt_dom_snapshot, k + 1);
    for (int i = 0; i < k; i++) {
        virDomainSnapshotPtr p = virDomainSnapshotGetParent(snaps[i], 0);

        (*out)[i].name = g_strdup(virDomainSnapshotGetName(snaps[i]));
        (*out)[i].parent = g_strdup(p ? virDomainSnapshotGetName(p) : "");
        (*out)[i].current = virDomainSnapshotIsCurrent(snaps[i], 0) == 1;
        if (p)
            virDomainSnapshotFree(p);
        virDomainSnapshotFree(snaps[i]);
    }
    free(snaps);
    *n = k;
    virDomainFree(d);
    return true;
}

/* ---------------------------------------------------------------- bulk */

void virt_dom_infos_free(struct virt_dom_info *d, int n)
{
    for (int i = 0; i < n; i++) {
        g_free(d[i].name);
        g_free(d[i].uuid);
    }
    g_free(d);
}

bool virt_dom_list_all(struct virt_conn *c, struct virt_dom_info **out, int *n,
                       struct dv_error *err)
{
    virDomainPtr *doms = NULL;
    int k;
    VIRT_GUARD();

    virt_init();
    *out = NULL;
    *n = 0;
    k = virConnectListAllDomains(c->h, &doms, 0);
    if (k < 0)
        return virt_fail(c, "virConnectListAllDomains", err);
    if (k)
        *out = g_new0(struct virt_dom_info, k);
    for (int i = 0; i < k; i++) {
        char *u = uuid_of(doms[i]);

        (*out)[i].name = g_strdup(virDomainGetName(doms[i]));
        (*out)[i].uuid = g_ascii_strdown(u, -1);
        (*out)[i].state = state_of(raw_state(doms[i]));
        (*out)[i].persistent = virDomainIsPersistent(doms[i]) == 1;
        (*out)[i].managed_save = virDomainHasManagedSaveImage(doms[i], 0) == 1;
        g_free(u);
        virDomainFree(doms[i]);
    }
    free(doms);
    *n = k;
    return true;
}
