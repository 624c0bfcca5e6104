/* virtdom.c - virtual machines (libvirt domains): lifecycle, snapshots,
 * migration and the serial console */
#include "virt/virtdom.h"
#include "virt/virt-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

/* ---------------------------------------------------------------- helpers */

const char *virt_dom_state_name(enum virt_dom_state s)
{
    switch (s) {
    case VIRT_DOM_SHUTOFF:
        return "shut off";
    case VIRT_DOM_RUNNING:
        return "running";
    case VIRT_DOM_PAUSED:
        return "paused";
    case VIRT_DOM_CRASHED:
        return "crashed";
    case VIRT_DOM_OTHER:
        break;
    }
    return "other";
}

static bool not_defined(const struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    dv_error_set(err, DV_ERR_NOTFOUND, NULL,
                 _("The virtual machine %s is not defined on the host %s."), uuid, c->uri);
    return false;
}

/* The failure of the call `what`: a domain that went away meanwhile is
 * DV_ERR_NOTFOUND, the rest as virt_fail. */
static bool dom_fail(const struct virt_conn *c, const char *uuid, const char *what,
                     struct dv_error *err)
{
    if (virGetLastErrorCode() == VIR_ERR_NO_DOMAIN)
        return not_defined(c, uuid, err);
    return virt_fail(c, what, err);
}

/* The domain uuid, or NULL: with DV_ERR_NOTFOUND when quiet_missing is false
 * (else err untouched) or another error when the lookup itself failed. */
static virDomainPtr lookup(struct virt_conn *c, const char *uuid, bool quiet_missing, bool *missing,
                           struct dv_error *err)
{
    virDomainPtr d;

    virt_init();
    if (missing)
        *missing = false;
    if (!uuid || !g_uuid_string_is_valid(uuid)) {
        dv_error_set(err, DV_ERR_INVALID, "uuid", _("The UUID %s is not valid."), uuid ? uuid : "");
        return NULL;
    }
    d = virDomainLookupByUUIDString(c->h, uuid);
    if (d)
        return d;
    if (virGetLastErrorCode() == VIR_ERR_NO_DOMAIN) {
        if (missing)
            *missing = true;
        if (!quiet_missing)
            not_defined(c, uuid, err);
    } else {
        virt_fail(c, "virDomainLookupByUUIDString", err);
    }
    return NULL;
}

static enum virt_dom_state map_state(int st)
{
    switch (st) {
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

static bool get_state(struct virt_conn *c, virDomainPtr d, const char *uuid,
                      enum virt_dom_state *out, struct dv_error *err)
{
    int st = 0, reason = 0;

    if (virDomainGetState(d, &st, &reason, 0) < 0)
        return dom_fail(c, uuid, "virDomainGetState", err);
    *out = map_state(st);
    return true;
}

static char *dom_uuid(virDomainPtr d)
{
    char buf[VIR_UUID_STRING_BUFLEN];

    return virDomainGetUUIDString(d, buf) == 0 ? g_ascii_strdown(buf, -1) : g_strdup("");
}

/* ---------------------------------------------------------------- lifecycle */

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
        *uuid_out = dom_uuid(d);
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
        *uuid_out = dom_uuid(d);
    virDomainFree(d);
    return true;
}

bool virt_dom_start(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virDomainPtr d;
    bool ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (virDomainIsActive(d) != 1 && virDomainCreate(d) < 0)
        ok = dom_fail(c, uuid, "virDomainCreate", err);
    virDomainFree(d);
    return ok;
}

bool virt_dom_state(struct virt_conn *c, const char *uuid, enum virt_dom_state *state,
                    bool *defined, struct dv_error *err)
{
    virDomainPtr d;
    bool missing, ok;
    VIRT_GUARD();

    *state = VIRT_DOM_SHUTOFF;
    *defined = false;
    if (!(d = lookup(c, uuid, true, &missing, err)))
        return missing;
    ok = get_state(c, d, uuid, state, err);
    if (!ok && err && err->code == DV_ERR_NOTFOUND) { /* gone meanwhile */
        dv_error_clear(err);
        ok = true;
        *state = VIRT_DOM_SHUTOFF;
    } else {
        *defined = ok;
    }
    virDomainFree(d);
    return ok;
}

/* One call on the domain uuid that must find it. */
static bool dom_call(struct virt_conn *c, const char *uuid, int (*fn)(virDomainPtr),
                     const char *what, struct dv_error *err)
{
    virDomainPtr d;
    bool ok = true;

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (fn(d) < 0)
        ok = dom_fail(c, uuid, what, err);
    virDomainFree(d);
    return ok;
}

bool virt_dom_shutdown(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    return dom_call(c, uuid, virDomainShutdown, "virDomainShutdown", err);
}

bool virt_dom_destroy(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virDomainPtr d;
    bool missing, ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, true, &missing, err)))
        return missing;
    if (virDomainIsActive(d) == 1 && virDomainDestroy(d) < 0) {
        /* a guest that stopped meanwhile is what was asked for */
        int code = virGetLastErrorCode();

        if (code != VIR_ERR_NO_DOMAIN &&
            !(code == VIR_ERR_OPERATION_INVALID && virDomainIsActive(d) == 0))
            ok = virt_fail(c, "virDomainDestroy", err);
    }
    virDomainFree(d);
    return ok;
}

static int reboot0(virDomainPtr d)
{
    return virDomainReboot(d, 0);
}

static int reset0(virDomainPtr d)
{
    return virDomainReset(d, 0);
}

bool virt_dom_reboot(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    return dom_call(c, uuid, reboot0, "virDomainReboot", err);
}

bool virt_dom_reset(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    return dom_call(c, uuid, reset0, "virDomainReset", err);
}

/* Suspend or resume, nothing done when the domain is in the state already. */
static bool pause_call(struct virt_conn *c, const char *uuid, bool suspend, struct dv_error *err)
{
    virDomainPtr d;
    enum virt_dom_state st;
    bool ok;

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    ok = get_state(c, d, uuid, &st, err);
    if (ok && st != (suspend ? VIRT_DOM_PAUSED : VIRT_DOM_RUNNING) &&
        (suspend ? virDomainSuspend(d) : virDomainResume(d)) < 0)
        ok = dom_fail(c, uuid, suspend ? "virDomainSuspend" : "virDomainResume", err);
    virDomainFree(d);
    return ok;
}

bool virt_dom_suspend(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    return pause_call(c, uuid, true, err);
}

bool virt_dom_resume(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    VIRT_GUARD();
    return pause_call(c, uuid, false, err);
}

bool virt_dom_save(struct virt_conn *c, const char *uuid, const char *path, struct dv_error *err)
{
    virDomainPtr d;
    bool ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (virDomainSave(d, path) < 0)
        ok = dom_fail(c, uuid, "virDomainSave", err);
    virDomainFree(d);
    return ok;
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
    const unsigned base = VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA;
    const unsigned full =
        base | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM;
    virDomainPtr d;
    bool missing, ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, true, &missing, err)))
        return missing;
    if (virDomainIsActive(d) == 1) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("The virtual machine %s runs on the host %s; power it off first."),
                     virDomainGetName(d), c->uri);
        ok = false;
    } else if (virDomainUndefineFlags(d, full) < 0) {
        /* drivers without checkpoints or NVRAM refuse those flags: the
         * spec's two are what must go */
        int code = virGetLastErrorCode();

        if (code == VIR_ERR_NO_DOMAIN)
            ok = true;
        else if ((code == VIR_ERR_INVALID_ARG || code == VIR_ERR_NO_SUPPORT ||
                  code == VIR_ERR_ARGUMENT_UNSUPPORTED) &&
                 virDomainUndefineFlags(d, base) == 0)
            ok = true;
        else
            ok = virGetLastErrorCode() == VIR_ERR_NO_DOMAIN ||
                 virt_fail(c, "virDomainUndefineFlags", err);
    }
    virDomainFree(d);
    return ok;
}

char *virt_dom_xml(struct virt_conn *c, const char *uuid, bool live, struct dv_error *err)
{
    virDomainPtr d;
    char *xml, *out = NULL;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return NULL;
    xml = virDomainGetXMLDesc(d, live ? 0 : VIR_DOMAIN_XML_INACTIVE);
    if (xml)
        out = g_strdup(xml);
    else
        dom_fail(c, uuid, "virDomainGetXMLDesc", err);
    free(xml);
    virDomainFree(d);
    return out;
}

/* ---------------------------------------------------------------- power off */

bool virt_dom_power_off(struct virt_conn *c, const char *uuid, int timeout_ms,
                        virt_progress_fn progress, void *data, GCancellable *cancel, bool *forced,
                        struct dv_error *err)
{
    virDomainPtr d;
    enum virt_dom_state st;
    bool missing, ok = true, force = false;
    int64_t start, elapsed = 0;
    VIRT_GUARD();

    if (forced)
        *forced = false;
    if (timeout_ms < 0)
        timeout_ms = 0;
    if (!(d = lookup(c, uuid, true, &missing, err)))
        return missing;
    if (!get_state(c, d, uuid, &st, err)) {
        ok = err && err->code == DV_ERR_NOTFOUND;
        if (ok)
            dv_error_clear(err);
        goto out;
    }
    if (st == VIRT_DOM_SHUTOFF)
        goto out;
    /* a paused guest cannot see the button; a guest that refuses the
     * request is forced off at once as well */
    force = st == VIRT_DOM_PAUSED || virDomainShutdown(d) < 0;
    start = g_get_monotonic_time();
    while (!force) {
        if (!get_state(c, d, uuid, &st, err)) {
            /* a transient guest disappears when it stops */
            ok = err && err->code == DV_ERR_NOTFOUND;
            if (ok)
                dv_error_clear(err);
            goto out;
        }
        if (st == VIRT_DOM_SHUTOFF)
            goto out;
        elapsed = (g_get_monotonic_time() - start) / 1000;
        if (progress)
            progress((uint64_t)MIN(elapsed, (int64_t)timeout_ms), (uint64_t)timeout_ms, data);
        if (g_cancellable_is_cancelled(cancel)) {
            dv_error_set(err, DV_ERR_CANCELLED, NULL, _("Cancelled by the user."));
            ok = false;
            goto out;
        }
        if (elapsed >= timeout_ms)
            force = true;
        else
            g_usleep((gulong)MIN((int64_t)VIRT_POWER_OFF_POLL_MS, timeout_ms - elapsed) * 1000);
    }
    if (forced)
        *forced = true;
    if (virDomainDestroy(d) < 0 && virDomainIsActive(d) == 1)
        ok = dom_fail(c, uuid, "virDomainDestroy", err);
out:
    virDomainFree(d);
    return ok;
}

/* ---------------------------------------------------------------- graphics */

static char *xpath_string(xmlXPathContextPtr ctx, const char *xpath)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    char *s =
        g_strdup(o && o->type == XPATH_STRING && o->stringval ? (const char *)o->stringval : "");

    xmlXPathFreeObject(o);
    return s;
}

void virt_dom_graphics_clear(struct virt_dom_graphics *g)
{
    g_free(g->type);
    g_free(g->listen);
    memset(g, 0, sizeof(*g));
}

bool virt_dom_graphics(struct virt_conn *c, const char *uuid, struct virt_dom_graphics *out,
                       struct dv_error *err)
{
    char *xml, *port;
    xmlDocPtr doc;
    xmlXPathContextPtr ctx;
    VIRT_GUARD();

    out->type = g_strdup("");
    out->listen = g_strdup("");
    out->port = 0;
    if (!(xml = virt_dom_xml(c, uuid, true, err)))
        return false;
    doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    g_free(xml);
    if (!doc) {
        dv_error_set(err, DV_ERR_IO, NULL,
                     _("The host %s returned a domain XML that cannot be read."), c->uri);
        return false;
    }
    ctx = xmlXPathNewContext(doc);
    g_free(out->type);
    g_free(out->listen);
    out->type = xpath_string(ctx, "string(/domain/devices/graphics[1]/@type)");
    out->listen = xpath_string(ctx, "string(/domain/devices/graphics[1]/@listen)");
    if (!*out->listen) {
        g_free(out->listen);
        out->listen = xpath_string(ctx, "string(/domain/devices/graphics[1]/listen[1]/@address)");
    }
    port = xpath_string(ctx, "string(/domain/devices/graphics[1]/@port)");
    out->port = (int)MAX(0, g_ascii_strtoll(port, NULL, 10));
    g_free(port);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return true;
}

/* ---------------------------------------------------------------- snapshots */

bool virt_dom_snapshot_create(struct virt_conn *c, const char *uuid, const char *xml,
                              char **out_xml, struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr s;
    bool ok = true;
    VIRT_GUARD();

    if (out_xml)
        *out_xml = NULL;
    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (!(s = virDomainSnapshotCreateXML(d, xml, 0))) {
        ok = dom_fail(c, uuid, "virDomainSnapshotCreateXML", err);
    } else {
        if (out_xml) {
            char *x = virDomainSnapshotGetXMLDesc(s, VIR_DOMAIN_SNAPSHOT_XML_SECURE);

            if (x)
                *out_xml = g_strdup(x);
            else
                ok = dom_fail(c, uuid, "virDomainSnapshotGetXMLDesc", err);
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
    unsigned flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    VIRT_GUARD();

    if (current)
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (!(s = virDomainSnapshotCreateXML(d, xml, flags)))
        ok = dom_fail(c, uuid, "virDomainSnapshotCreateXML", err);
    else
        virDomainSnapshotFree(s);
    virDomainFree(d);
    return ok;
}

/* The snapshot name of d, or NULL: *missing when it is not there. */
static virDomainSnapshotPtr snap_lookup(struct virt_conn *c, virDomainPtr d, const char *uuid,
                                        const char *name, bool *missing, struct dv_error *err)
{
    virDomainSnapshotPtr s = virDomainSnapshotLookupByName(d, name, 0);

    *missing = false;
    if (s)
        return s;
    if (virGetLastErrorCode() == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
        *missing = true;
        dv_error_set(err, DV_ERR_NOTFOUND, NULL,
                     _("The checkpoint %s of the virtual machine %s is not on the host %s."), name,
                     uuid, c->uri);
    } else {
        dom_fail(c, uuid, "virDomainSnapshotLookupByName", err);
    }
    return NULL;
}

bool virt_dom_snapshot_revert(struct virt_conn *c, const char *uuid, const char *name,
                              struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr s;
    bool missing, ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (!(s = snap_lookup(c, d, uuid, name, &missing, err))) {
        ok = false;
    } else {
        if (virDomainRevertToSnapshot(s, 0) < 0)
            ok = dom_fail(c, uuid, "virDomainRevertToSnapshot", err);
        virDomainSnapshotFree(s);
    }
    virDomainFree(d);
    return ok;
}

bool virt_dom_snapshot_delete(struct virt_conn *c, const char *uuid, const char *name,
                              bool children, struct dv_error *err)
{
    virDomainPtr d;
    virDomainSnapshotPtr s;
    struct dv_error lerr = {0};
    bool missing, ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    if (!(s = snap_lookup(c, d, uuid, name, &missing, &lerr))) {
        ok = missing;
        if (!ok && err)
            *err = lerr;
    } else {
        if (virDomainSnapshotDelete(s, children ? VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN : 0) < 0)
            ok = dom_fail(c, uuid, "virDomainSnapshotDelete", err);
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
    int count;
    VIRT_GUARD();

    *out = NULL;
    *n = 0;
    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    count = virDomainListAllSnapshots(d, &snaps, VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL);
    if (count < 0) {
        dom_fail(c, uuid, "virDomainListAllSnapshots", err);
        virDomainFree(d);
        return false;
    }
    *out = count ? g_new0(struct virt_dom_snapshot, count) : NULL;
    for (int i = 0; i < count; i++) {
        virDomainSnapshotPtr p = virDomainSnapshotGetParent(snaps[i], 0);

        (*out)[i].name = g_strdup(virDomainSnapshotGetName(snaps[i]));
        (*out)[i].parent = g_strdup(p ? virDomainSnapshotGetName(p) : "");
        (*out)[i].current = virDomainSnapshotIsCurrent(snaps[i], 0) == 1;
        if (p)
            virDomainSnapshotFree(p);
        virDomainSnapshotFree(snaps[i]);
    }
    free(snaps);
    *n = count;
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
    int count;
    VIRT_GUARD();

    virt_init();
    *out = NULL;
    *n = 0;
    if ((count = virConnectListAllDomains(c->h, &doms, 0)) < 0)
        return virt_fail(c, "virConnectListAllDomains", err);
    *out = count ? g_new0(struct virt_dom_info, count) : NULL;
    for (int i = 0; i < count; i++) {
        struct virt_dom_info *di = &(*out)[i];
        int st = VIR_DOMAIN_SHUTOFF, reason;

        di->name = g_strdup(virDomainGetName(doms[i]));
        di->uuid = dom_uuid(doms[i]);
        if (virDomainGetState(doms[i], &st, &reason, 0) < 0)
            st = VIR_DOMAIN_SHUTOFF; /* gone meanwhile */
        di->state = map_state(st);
        di->persistent = virDomainIsPersistent(doms[i]) == 1;
        di->managed_save = virDomainHasManagedSaveImage(doms[i], 0) == 1;
        virDomainFree(doms[i]);
    }
    free(doms);
    *n = count;
    return true;
}

/* ---------------------------------------------------------------- migration */

/* The migration call on its own thread; libvirt's errors are per thread,
 * so it keeps its own. */
struct migration {
    gint refs;
    GMutex lock;
    GCond cond;
    virDomainPtr dom;
    char *dest_uri;
    unsigned flags;
    bool done;
    int rc;
    int code;
    char why[sizeof(((struct dv_error *)0)->msg)];
};

static void migration_unref(struct migration *m)
{
    if (!g_atomic_int_dec_and_test(&m->refs))
        return;
    virDomainFree(m->dom);
    g_free(m->dest_uri);
    g_mutex_clear(&m->lock);
    g_cond_clear(&m->cond);
    g_free(m);
}

static gpointer migrate_worker(gpointer data)
{
    struct migration *m = data;
    int rc;

    virt_init();
    rc = virDomainMigrateToURI3(m->dom, m->dest_uri, NULL, 0, m->flags);
    g_mutex_lock(&m->lock);
    m->rc = rc;
    if (rc < 0) {
        m->code = virGetLastErrorCode();
        g_strlcpy(m->why, virGetLastErrorMessage(), sizeof(m->why));
    }
    m->done = true;
    g_cond_signal(&m->cond);
    g_mutex_unlock(&m->lock);
    migration_unref(m);
    return NULL;
}

/* The job's progress in bytes: stats when the driver has them, else info. */
static void job_progress(virDomainPtr d, uint64_t *done, uint64_t *total)
{
    virTypedParameterPtr params = NULL;
    int nparams = 0, type = 0;
    unsigned long long v;
    virDomainJobInfo info;

    *done = *total = 0;
    if (virDomainGetJobStats(d, &type, &params, &nparams, 0) == 0) {
        if (virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_DATA_TOTAL, &v) == 1)
            *total = v;
        if (virTypedParamsGetULLong(params, nparams, VIR_DOMAIN_JOB_DATA_PROCESSED, &v) == 1)
            *done = v;
        virTypedParamsFree(params, nparams);
        return;
    }
    if (virDomainGetJobInfo(d, &info) == 0) {
        *total = info.dataTotal;
        *done = info.dataProcessed;
    }
}

bool virt_dom_migrate(struct virt_conn *c, const char *uuid, const char *dest_uri,
                      const struct virt_migrate_opts *opts, virt_progress_fn progress, void *data,
                      GCancellable *cancel, struct dv_error *err)
{
    struct migration *m;
    virDomainPtr d;
    GThread *t;
    bool aborted = false, ok = true;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return false;
    m = g_new0(struct migration, 1);
    m->refs = 2;
    g_mutex_init(&m->lock);
    g_cond_init(&m->cond);
    m->dom = d;
    virDomainRef(d);
    m->dest_uri = g_strdup(dest_uri);
    m->flags = VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE;
    if (opts && opts->live)
        m->flags |= VIR_MIGRATE_LIVE;
    if (opts && opts->unsafe)
        m->flags |= VIR_MIGRATE_UNSAFE;
    if (opts && opts->copy_storage)
        m->flags |= VIR_MIGRATE_NON_SHARED_DISK;
    if (opts && opts->tunnelled)
        m->flags |= VIR_MIGRATE_TUNNELLED;
    t = g_thread_new("virt-migrate", migrate_worker, m);
    g_thread_unref(t);
    g_mutex_lock(&m->lock);
    while (!m->done) {
        int64_t until = g_get_monotonic_time() + VIRT_MIGRATE_POLL_MS * G_TIME_SPAN_MILLISECOND;
        uint64_t done, total;

        if (g_cond_wait_until(&m->cond, &m->lock, until) || m->done)
            continue;
        g_mutex_unlock(&m->lock);
        if (!aborted && g_cancellable_is_cancelled(cancel)) {
            aborted = true;
            virDomainAbortJob(d);
        }
        if (progress && !aborted) {
            job_progress(d, &done, &total);
            progress(done, total, data);
        }
        g_mutex_lock(&m->lock);
    }
    g_mutex_unlock(&m->lock);
    if (m->rc < 0 && aborted) {
        dv_error_set(err, DV_ERR_CANCELLED, NULL, _("Cancelled by the user."));
        ok = false;
    } else if (m->rc < 0) {
        if (m->code == VIR_ERR_NO_SUPPORT || m->code == VIR_ERR_ARGUMENT_UNSUPPORTED)
            dv_error_set(err, DV_ERR_INFO, NULL, _("%s is not supported by the host %s."),
                         "virDomainMigrateToURI3", c->uri);
        else
            dv_error_set(err, DV_ERR_IO, NULL, _("%s failed on the host %s: %s"),
                         "virDomainMigrateToURI3", c->uri, m->why);
        ok = false;
    }
    migration_unref(m);
    virDomainFree(d);
    return ok;
}

/* ---------------------------------------------------------------- the serial console */

/* What the console and libvirt's event thread share; the callback's
 * registration holds one reference, the console the other. */
struct console_shared {
    gint refs;
    GMutex lock;
    GByteArray *in;  /* from the guest, for recv */
    GByteArray *out; /* for the guest, written by the event thread */
    bool ended, failed;
    char why[sizeof(((struct dv_error *)0)->msg)];
    int wake[2]; /* readable when recv has something to say */
};

struct virt_console {
    virStreamPtr st;
    struct console_shared *sh;
    char *uri;
    bool watching; /* the event callback is registered */
};

static void shared_unref(void *data)
{
    struct console_shared *sh = data;

    if (!g_atomic_int_dec_and_test(&sh->refs))
        return;
    g_byte_array_unref(sh->in);
    g_byte_array_unref(sh->out);
    close(sh->wake[0]);
    close(sh->wake[1]);
    g_mutex_clear(&sh->lock);
    g_free(sh);
}

static void wake_up(struct console_shared *sh)
{
    char b = 1;

    /* a full pipe is readable already */
    while (write(sh->wake[1], &b, 1) < 0 && errno == EINTR)
        ;
}

static void drain_wake(struct console_shared *sh)
{
    char buf[64];

    while (read(sh->wake[0], buf, sizeof(buf)) > 0)
        ;
}

static void end_stream(struct console_shared *sh, bool failed, const char *why)
{
    g_mutex_lock(&sh->lock);
    if (!sh->ended) {
        sh->ended = true;
        sh->failed = failed;
        g_strlcpy(sh->why, why ? why : "", sizeof(sh->why));
    }
    g_mutex_unlock(&sh->lock);
    wake_up(sh);
}

/* On libvirt's event thread. */
static void console_event(virStreamPtr st, int events, void *opaque)
{
    struct console_shared *sh = opaque;
    bool ended;
    int want;

    if (events & VIR_STREAM_EVENT_READABLE) {
        char buf[4096];
        int got;

        while ((got = virStreamRecv(st, buf, sizeof(buf))) > 0) {
            g_mutex_lock(&sh->lock);
            g_byte_array_append(sh->in, (const guint8 *)buf, (guint)got);
            if (sh->in->len > VIRT_CONSOLE_BUFFER)
                g_byte_array_remove_range(sh->in, 0, sh->in->len - VIRT_CONSOLE_BUFFER);
            g_mutex_unlock(&sh->lock);
            wake_up(sh);
        }
        if (got == 0)
            end_stream(sh, false, NULL);
        else if (got == -1)
            end_stream(sh, true, virGetLastErrorMessage());
    }
    if (events & VIR_STREAM_EVENT_WRITABLE) {
        for (;;) {
            guint8 chunk[4096];
            guint len;
            int sent;

            /* copied out: the send may wait for the socket, the owner's
             * send must not wait for it */
            g_mutex_lock(&sh->lock);
            len = MIN(sh->out->len, (guint)sizeof(chunk));
            memcpy(chunk, sh->out->data, len);
            g_mutex_unlock(&sh->lock);
            if (len == 0)
                break;
            sent = virStreamSend(st, (const char *)chunk, len);
            if (sent == -2)
                break;
            if (sent < 0) {
                end_stream(sh, true, virGetLastErrorMessage());
                break;
            }
            g_mutex_lock(&sh->lock);
            g_byte_array_remove_range(sh->out, 0, (guint)sent);
            g_mutex_unlock(&sh->lock);
        }
    }
    if (events & (VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR))
        end_stream(sh, (events & VIR_STREAM_EVENT_ERROR) != 0, NULL);
    g_mutex_lock(&sh->lock);
    ended = sh->ended;
    want = ended ? 0
                 : VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR |
                       (sh->out->len ? VIR_STREAM_EVENT_WRITABLE : 0);
    g_mutex_unlock(&sh->lock);
    virStreamEventUpdateCallback(st, want);
}

struct virt_console *virt_console_open(struct virt_conn *c, const char *uuid, const char *dev,
                                       enum virt_console_mode mode, struct dv_error *err)
{
    virDomainPtr d;
    virStreamPtr st;
    struct virt_console *s;
    struct console_shared *sh;
    GError *gerr = NULL;
    unsigned flags =
        mode == VIRT_CONSOLE_FORCE ? VIR_DOMAIN_CONSOLE_FORCE : VIR_DOMAIN_CONSOLE_SAFE;
    VIRT_GUARD();

    if (!(d = lookup(c, uuid, false, NULL, err)))
        return NULL;
    if (!(st = virStreamNew(c->h, VIR_STREAM_NONBLOCK))) {
        virt_fail(c, "virStreamNew", err);
        virDomainFree(d);
        return NULL;
    }
    if (virDomainOpenConsole(d, dev, st, flags) < 0) {
        dom_fail(c, uuid, "virDomainOpenConsole", err);
        virStreamFree(st);
        virDomainFree(d);
        return NULL;
    }
    virDomainFree(d);
    sh = g_new0(struct console_shared, 1);
    sh->refs = 1;
    g_mutex_init(&sh->lock);
    sh->in = g_byte_array_new();
    sh->out = g_byte_array_new();
    if (!g_unix_open_pipe(sh->wake, FD_CLOEXEC, &gerr) ||
        !g_unix_set_fd_nonblocking(sh->wake[0], TRUE, &gerr) ||
        !g_unix_set_fd_nonblocking(sh->wake[1], TRUE, &gerr)) {
        dv_error_set(err, DV_ERR_IO, NULL, "%s", gerr ? gerr->message : "pipe");
        g_clear_error(&gerr);
        virStreamAbort(st);
        virStreamFree(st);
        g_byte_array_unref(sh->in);
        g_byte_array_unref(sh->out);
        g_mutex_clear(&sh->lock);
        g_free(sh);
        return NULL;
    }
    s = g_new0(struct virt_console, 1);
    s->st = st;
    s->sh = sh;
    s->uri = g_strdup(c->uri);
    g_atomic_int_inc(&sh->refs);
    if (virStreamEventAddCallback(
            st, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_HANGUP | VIR_STREAM_EVENT_ERROR,
            console_event, sh, shared_unref) < 0) {
        shared_unref(sh);
        virt_fail(c, "virStreamEventAddCallback", err);
        virt_console_close(s);
        return NULL;
    }
    s->watching = true;
    return s;
}

bool virt_console_send(struct virt_console *s, const void *buf, size_t len, struct dv_error *err)
{
    struct console_shared *sh = s->sh;
    bool ended;

    g_mutex_lock(&sh->lock);
    ended = sh->ended;
    if (!ended)
        g_byte_array_append(sh->out, buf, (guint)len);
    g_mutex_unlock(&sh->lock);
    if (ended) {
        dv_error_set(err, DV_ERR_IO, NULL, _("The console of the virtual machine on %s has ended."),
                     s->uri);
        return false;
    }
    if (len)
        virStreamEventUpdateCallback(s->st, VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_HANGUP |
                                                VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_WRITABLE);
    return true;
}

ssize_t virt_console_recv(struct virt_console *s, void *buf, size_t len, struct dv_error *err)
{
    struct console_shared *sh = s->sh;
    size_t n;
    bool ended, more;

    drain_wake(sh);
    g_mutex_lock(&sh->lock);
    n = MIN(len, (size_t)sh->in->len);
    if (n) { /* an empty GByteArray's data may be NULL */
        memcpy(buf, sh->in->data, n);
        g_byte_array_remove_range(sh->in, 0, (guint)n);
    }
    more = sh->in->len > 0;
    ended = sh->ended;
    g_mutex_unlock(&sh->lock);
    if (more || ended)
        wake_up(sh); /* still something to say */
    if (n == 0 && ended) {
        if (sh->failed && *sh->why)
            dv_error_set(err, DV_ERR_IO, NULL,
                         _("The console of the virtual machine on %s failed: %s"), s->uri, sh->why);
        else
            dv_error_set(err, DV_ERR_IO, NULL,
                         _("The console of the virtual machine on %s has ended."), s->uri);
        return -1;
    }
    return (ssize_t)n;
}

int virt_console_fd(const struct virt_console *s)
{
    return s->sh->wake[0];
}

bool virt_console_eof(const struct virt_console *s)
{
    bool ended;

    g_mutex_lock(&s->sh->lock);
    ended = s->sh->ended;
    g_mutex_unlock(&s->sh->lock);
    return ended;
}

void virt_console_close(struct virt_console *s)
{
    if (!s)
        return;
    VIRT_GUARD();
    if (s->watching)
        virStreamEventRemoveCallback(s->st);
    if (virt_console_eof(s))
        virStreamFinish(s->st);
    else
        virStreamAbort(s->st);
    virStreamFree(s->st);
    shared_unref(s->sh);
    g_free(s->uri);
    g_free(s);
}
