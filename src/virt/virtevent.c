/* virtevent.c - domain lifecycle events (virtdom.h, "lifecycle events") */
#include "virt/virtdom.h"
#include "virt/virt-private.h"

#include <string.h>

/* What virt_dom_watch hands libvirt as the callback's opaque. */
struct watch {
    virt_dom_event_fn fn;
    void *data;
    GDestroyNotify free;
    char *uri;
};

static void watch_free(void *opaque)
{
    struct watch *w = opaque;

    if (w->free)
        w->free(w->data);
    g_free(w->uri);
    g_free(w);
}

/* libvirt's words for an event and its detail (English, for logs). */
struct event_words {
    const char *name;
    const char *const *details;
    size_t ndetails;
};

static const char *const defined_words[] = {
    [VIR_DOMAIN_EVENT_DEFINED_ADDED] = "added",
    [VIR_DOMAIN_EVENT_DEFINED_UPDATED] = "updated",
    [VIR_DOMAIN_EVENT_DEFINED_RENAMED] = "renamed",
    [VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT] = "from snapshot",
};
static const char *const undefined_words[] = {
    [VIR_DOMAIN_EVENT_UNDEFINED_REMOVED] = "removed",
    [VIR_DOMAIN_EVENT_UNDEFINED_RENAMED] = "renamed",
};
static const char *const started_words[] = {
    [VIR_DOMAIN_EVENT_STARTED_BOOTED] = "booted",
    [VIR_DOMAIN_EVENT_STARTED_MIGRATED] = "migrated",
    [VIR_DOMAIN_EVENT_STARTED_RESTORED] = "restored",
    [VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT] = "from snapshot",
    [VIR_DOMAIN_EVENT_STARTED_WAKEUP] = "wakeup",
};
static const char *const suspended_words[] = {
    [VIR_DOMAIN_EVENT_SUSPENDED_PAUSED] = "paused",
    [VIR_DOMAIN_EVENT_SUSPENDED_MIGRATED] = "migrated",
    [VIR_DOMAIN_EVENT_SUSPENDED_IOERROR] = "I/O error",
    [VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG] = "watchdog",
    [VIR_DOMAIN_EVENT_SUSPENDED_RESTORED] = "restored",
    [VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT] = "from snapshot",
    [VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR] = "API error",
    [VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY] = "post-copy",
    [VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED] = "post-copy failed",
};
static const char *const resumed_words[] = {
    [VIR_DOMAIN_EVENT_RESUMED_UNPAUSED] = "unpaused",
    [VIR_DOMAIN_EVENT_RESUMED_MIGRATED] = "migrated",
    [VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT] = "from snapshot",
    [VIR_DOMAIN_EVENT_RESUMED_POSTCOPY] = "post-copy",
};
static const char *const stopped_words[] = {
    [VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN] = "shutdown",
    [VIR_DOMAIN_EVENT_STOPPED_DESTROYED] = "destroyed",
    [VIR_DOMAIN_EVENT_STOPPED_CRASHED] = "crashed",
    [VIR_DOMAIN_EVENT_STOPPED_MIGRATED] = "migrated",
    [VIR_DOMAIN_EVENT_STOPPED_SAVED] = "saved",
    [VIR_DOMAIN_EVENT_STOPPED_FAILED] = "failed",
    [VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT] = "from snapshot",
};
static const char *const shutdown_words[] = {
    [VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED] = "finished",
    [VIR_DOMAIN_EVENT_SHUTDOWN_GUEST] = "guest",
    [VIR_DOMAIN_EVENT_SHUTDOWN_HOST] = "host",
};
static const char *const pmsuspended_words[] = {
    [VIR_DOMAIN_EVENT_PMSUSPENDED_MEMORY] = "memory",
    [VIR_DOMAIN_EVENT_PMSUSPENDED_DISK] = "disk",
};
static const char *const crashed_words[] = {
    [VIR_DOMAIN_EVENT_CRASHED_PANICKED] = "panicked",
    [VIR_DOMAIN_EVENT_CRASHED_CRASHLOADED] = "crashloaded",
};

static const struct event_words events[] = {
    [VIR_DOMAIN_EVENT_DEFINED] = {"defined", defined_words, G_N_ELEMENTS(defined_words)},
    [VIR_DOMAIN_EVENT_UNDEFINED] = {"undefined", undefined_words, G_N_ELEMENTS(undefined_words)},
    [VIR_DOMAIN_EVENT_STARTED] = {"started", started_words, G_N_ELEMENTS(started_words)},
    [VIR_DOMAIN_EVENT_SUSPENDED] = {"suspended", suspended_words, G_N_ELEMENTS(suspended_words)},
    [VIR_DOMAIN_EVENT_RESUMED] = {"resumed", resumed_words, G_N_ELEMENTS(resumed_words)},
    [VIR_DOMAIN_EVENT_STOPPED] = {"stopped", stopped_words, G_N_ELEMENTS(stopped_words)},
    [VIR_DOMAIN_EVENT_SHUTDOWN] = {"shutdown", shutdown_words, G_N_ELEMENTS(shutdown_words)},
    [VIR_DOMAIN_EVENT_PMSUSPENDED] = {"pmsuspended", pmsuspended_words,
                                      G_N_ELEMENTS(pmsuspended_words)},
    [VIR_DOMAIN_EVENT_CRASHED] = {"crashed", crashed_words, G_N_ELEMENTS(crashed_words)},
};

static void describe(int event, int detail, char *out, size_t len)
{
    const struct event_words *w =
        event >= 0 && event < (int)G_N_ELEMENTS(events) ? &events[event] : NULL;
    const char *d = w && detail >= 0 && (size_t)detail < w->ndetails ? w->details[detail] : NULL;

    if (w && w->name && d)
        g_snprintf(out, len, "%s: %s", w->name, d);
    else if (w && w->name)
        g_snprintf(out, len, "%s: detail %d", w->name, detail);
    else
        g_snprintf(out, len, "event %d: detail %d", event, detail);
}

/* The state an event leaves the domain in (virtdom.h). */
static enum virt_dom_state state_after(int event, int detail, bool *crashed)
{
    *crashed = false;
    switch (event) {
    case VIR_DOMAIN_EVENT_STARTED:
    case VIR_DOMAIN_EVENT_RESUMED:
        return VIRT_DOM_RUNNING;
    case VIR_DOMAIN_EVENT_SUSPENDED:
        return VIRT_DOM_PAUSED;
    case VIR_DOMAIN_EVENT_STOPPED:
        *crashed =
            detail == VIR_DOMAIN_EVENT_STOPPED_CRASHED || detail == VIR_DOMAIN_EVENT_STOPPED_FAILED;
        return VIRT_DOM_SHUTOFF;
    case VIR_DOMAIN_EVENT_CRASHED:
        *crashed = true;
        return VIRT_DOM_CRASHED;
    default: /* defined, undefined, shutting down, PM-suspended */
        return VIRT_DOM_OTHER;
    }
}

/* On libvirt's event thread. */
static int on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    struct watch *w = opaque;
    struct virt_dom_event ev = {.uri = w->uri};
    char buf[VIR_UUID_STRING_BUFLEN];

    (void)conn;
    if (virDomainGetUUIDString(dom, buf) != 0) /* local: no call to the host */
        return 0;
    g_strlcpy(ev.uuid, buf, sizeof ev.uuid);
    for (char *p = ev.uuid; *p; p++)
        *p = g_ascii_tolower(*p);
    ev.state = state_after(event, detail, &ev.crashed);
    describe(event, detail, ev.what, sizeof ev.what);
    w->fn(&ev, w->data);
    return 0;
}

bool virt_dom_watch(struct virt_conn *c, virt_dom_event_fn fn, void *data, GDestroyNotify free_data,
                    struct dv_error *err)
{
    struct watch *w;
    int id;

    VIRT_GUARD();
    virt_init();
    /* claim the connection's one watch (-1 -> -2 while it is set up) */
    if (!g_atomic_int_compare_and_exchange(&c->watch_id, -1, -2)) {
        if (free_data)
            free_data(data);
        return true;
    }
    w = g_new0(struct watch, 1);
    w->fn = fn;
    w->data = data;
    w->free = free_data;
    w->uri = g_strdup(c->uri);
    id = virConnectDomainEventRegisterAny(c->h, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), w, watch_free);
    if (id < 0) {
        virt_fail(c, "virConnectDomainEventRegisterAny", err);
        watch_free(w); /* libvirt calls no freecb when the registration fails */
        g_atomic_int_set(&c->watch_id, -1);
        return false;
    }
    g_atomic_int_set(&c->watch_id, id);
    return true;
}

bool virt_dom_watched(const struct virt_conn *c)
{
    return c && g_atomic_int_get(&c->watch_id) >= 0;
}

void virt_dom_unwatch(struct virt_conn *c)
{
    int id = g_atomic_int_get(&c->watch_id);

    if (id < 0 || !g_atomic_int_compare_and_exchange(&c->watch_id, id, -1))
        return;
    /* may fail on a connection that died: libvirt then drops the
     * callback with the connection */
    virConnectDomainEventDeregisterAny(c->h, id);
}
