/* virtdom.h - virtual machines (libvirt domains) on a host's libvirt
 * (M11.4.2-M11.4.8b, table 6.2 of spec-part2.md).
 *
 * Domains are found by the UUID dosvm gave them (the VM record's UUID).
 * Every function returns false with err: DV_ERR_NOTFOUND when the domain is
 * not defined on that host, DV_ERR_INFO when the host's driver does not
 * support the call (the test driver has no migration and no console),
 * DV_ERR_IO when libvirt refused or failed (its message is in err),
 * DV_ERR_CANCELLED when the caller's GCancellable stopped a wait.
 *
 * Idempotent where the operation allows it: starting a running domain,
 * destroying a shut-off or missing one, undefining a missing one and
 * deleting a missing snapshot all succeed without doing anything.
 *
 * The key-loop guard (virt.h) covers every function here that takes a
 * connection, a domain or a console stream that is being opened or closed;
 * only virt_console_send, virt_console_recv, virt_console_fd,
 * virt_console_eof and the *_free functions are free of it, because they
 * never wait (see "The serial console" below). */
#ifndef DV_VIRTDOM_H
#define DV_VIRTDOM_H

#include "virt/virt.h"

#include <gio/gio.h>
#include <sys/types.h>

/* The run state of a domain, as dosvm distinguishes it (virDomainState:
 * SHUTOFF, RUNNING, PAUSED, CRASHED; blocked counts as running; every other
 * state, such as "in shutdown" or "pmsuspended", is OTHER). */
enum virt_dom_state {
    VIRT_DOM_SHUTOFF,
    VIRT_DOM_RUNNING,
    VIRT_DOM_PAUSED,
    VIRT_DOM_CRASHED,
    VIRT_DOM_OTHER,
};

/* The state's English word ("shut off", "running", …): for logs and
 * tests, not translated. */
const char *virt_dom_state_name(enum virt_dom_state s);

/* Progress of a long operation: done out of total (the graceful power-off:
 * milliseconds waited out of the timeout; a migration: bytes processed out
 * of the job's total, 0/0 while unknown).  Called on the caller's thread. */
typedef void (*virt_progress_fn)(uint64_t done, uint64_t total, void *data);

/* Define (or redefine: the same UUID) the persistent domain of xml
 * (virDomainDefineXML).  uuid_out (may be NULL) gets its UUID (g_free it). */
bool virt_dom_define(struct virt_conn *c, const char *xml, char **uuid_out, struct dv_error *err);

/* Start the defined domain uuid (virDomainCreate); true at once when it is
 * already active.  A domain with a managed save image resumes from it. */
bool virt_dom_start(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* Create and start a transient domain from xml (virDomainCreateXML): it
 * disappears from the host when it stops.  uuid_out as virt_dom_define. */
bool virt_dom_create_started(struct virt_conn *c, const char *xml, char **uuid_out,
                             struct dv_error *err);

/* The state of uuid.  A domain not defined on the host is no error:
 * *defined is false and *state VIRT_DOM_SHUTOFF. */
bool virt_dom_state(struct virt_conn *c, const char *uuid, enum virt_dom_state *state,
                    bool *defined, struct dv_error *err);

/* Ask the guest to shut down through ACPI (virDomainShutdown).  The call
 * returns at once; the guest may ignore it (see virt_dom_power_off). */
bool virt_dom_shutdown(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* Stop the domain at once, as a power cut (virDomainDestroy).  True when it
 * is shut off already or not defined at all. */
bool virt_dom_destroy(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* M11.4.5b: the graceful power-off.  Shut the guest down through ACPI, then
 * read its state every VIRT_POWER_OFF_POLL_MS until it is shut off or
 * timeout_ms have passed (progress, may be NULL: the milliseconds waited so
 * far out of timeout_ms, after every poll); still running then, destroy it.
 * *forced (may be NULL) tells whether it had to be destroyed.  A paused
 * guest cannot act on the ACPI button: it is destroyed at once (forced).
 * Shut off or not defined: true, not forced, nothing done.  cancel (may be
 * NULL) stops the wait: false with DV_ERR_CANCELLED, and the guest is left
 * as it is (it may still shut itself down). */
#define VIRT_POWER_OFF_POLL_MS 200
bool virt_dom_power_off(struct virt_conn *c, const char *uuid, int timeout_ms,
                        virt_progress_fn progress, void *data, GCancellable *cancel, bool *forced,
                        struct dv_error *err);

/* M11.4.6a: ask the guest to reboot (virDomainReboot); it may ignore it. */
bool virt_dom_reboot(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* M11.4.6b: the reset button (virDomainReset): needs no guest OS. */
bool virt_dom_reset(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* M11.4.7a, M11.4.7b: pause and continue the guest (virDomainSuspend,
 * virDomainResume).  Suspending a paused guest, resuming a running one:
 * true, nothing done. */
bool virt_dom_suspend(struct virt_conn *c, const char *uuid, struct dv_error *err);
bool virt_dom_resume(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* M11.4.8a: write the running guest's memory to path and stop it
 * (virDomainSave).  The domain stays defined, shut off. */
bool virt_dom_save(struct virt_conn *c, const char *uuid, const char *path, struct dv_error *err);

/* M11.4.8b: start a guest again from the file virt_dom_save wrote
 * (virDomainRestore); it runs afterwards.  The file stays (the caller
 * deletes it). */
bool virt_dom_restore(struct virt_conn *c, const char *path, struct dv_error *err);

/* M11.4.4b: undefine the domain uuid with its snapshots' and checkpoints'
 * metadata, its managed save image and its NVRAM file where the driver has
 * them (virDomainUndefineFlags).  True when it is not defined there.  A
 * running domain is refused (DV_ERR_INUSE): it would go on running as a
 * transient domain. */
bool virt_dom_undefine(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* The domain's XML (g_free it): the live one when live is true and the
 * domain runs, else its persistent definition (virDomainGetXMLDesc). */
char *virt_dom_xml(struct virt_conn *c, const char *uuid, bool live, struct dv_error *err);

/* The first <graphics> device of the live XML (M11.4.5a step 6, the access
 * port of M11.4). */
struct virt_dom_graphics {
    char *type;   /* "vnc", "spice"; "" when the domain has no graphics */
    int port;     /* the live port, e.g. 5900; 0 when not running or none */
    char *listen; /* the listen address, "" when none is reported */
};

void virt_dom_graphics_clear(struct virt_dom_graphics *g);

/* Read the graphics of uuid from its live XML into out (release it with
 * virt_dom_graphics_clear; filled with "" and 0 also on failure). */
bool virt_dom_graphics(struct virt_conn *c, const char *uuid, struct virt_dom_graphics *out,
                       struct dv_error *err);

/* ---------------------------------------------------------------- snapshots (M11.4.3) */

/* M11.4.3a: create the snapshot of xml (<domainsnapshot>) on uuid
 * (virDomainSnapshotCreateXML, flags 0); out_xml (may be NULL) gets the
 * snapshot's full XML as the host stored it (virDomainSnapshotGetXMLDesc,
 * g_free it), the record dosvm keeps for a redefine (OP-47). */
bool virt_dom_snapshot_create(struct virt_conn *c, const char *uuid, const char *xml,
                              char **out_xml, struct dv_error *err);

/* Put back the metadata of a snapshot from the XML virt_dom_snapshot_create
 * returned (VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE), e.g. on the host a VM now
 * runs on; current makes it the current snapshot. */
bool virt_dom_snapshot_redefine(struct virt_conn *c, const char *uuid, const char *xml,
                                bool current, struct dv_error *err);

/* M11.4.3b: revert uuid to the snapshot name (virDomainRevertToSnapshot);
 * the domain takes the snapshot's state (running, paused or shut off). */
bool virt_dom_snapshot_revert(struct virt_conn *c, const char *uuid, const char *name,
                              struct dv_error *err);

/* M11.4.3c: delete the snapshot name, and when children is true every
 * snapshot below it (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN).  True when it is
 * not there. */
bool virt_dom_snapshot_delete(struct virt_conn *c, const char *uuid, const char *name,
                              bool children, struct dv_error *err);

/* One snapshot of a domain, as the host has it. */
struct virt_dom_snapshot {
    char *name;
    char *parent; /* "" for a root */
    bool current; /* the domain's current snapshot */
};

void virt_dom_snapshots_free(struct virt_dom_snapshot *s, int n);

/* Every snapshot of uuid (*out: n of them, parents before their children;
 * virt_dom_snapshots_free it). */
bool virt_dom_snapshot_list(struct virt_conn *c, const char *uuid, struct virt_dom_snapshot **out,
                            int *n, struct dv_error *err);

/* ---------------------------------------------------------------- bulk */

/* One domain of the host, for reconciliation with the VM records. */
struct virt_dom_info {
    char *name;
    char *uuid; /* lower case */
    enum virt_dom_state state;
    bool persistent;   /* defined (not transient) */
    bool managed_save; /* has a managed save image */
};

void virt_dom_infos_free(struct virt_dom_info *d, int n);

/* Every domain of the host, active or not (virConnectListAllDomains);
 * *out gets n of them (virt_dom_infos_free it; NULL with 0 when none). */
bool virt_dom_list_all(struct virt_conn *c, struct virt_dom_info **out, int *n,
                       struct dv_error *err);

/* ---------------------------------------------------------------- lifecycle events */

/* A domain's lifecycle changed on a host (libvirt's
 * VIR_DOMAIN_EVENT_ID_LIFECYCLE: started, suspended, resumed, stopped,
 * shut down, crashed, PM-suspended, defined, undefined), as dosvm
 * distinguishes it. */
struct virt_dom_event {
    const char *uri; /* the connection's URI */
    char uuid[37];   /* the domain's UUID, lower case */
    /* the state the domain is in now: started and resumed are RUNNING,
     * suspended PAUSED, stopped SHUTOFF, crashed CRASHED; an event that
     * leaves the run state as it was or in between (defined, undefined,
     * "shutting down", PM-suspended) is OTHER */
    enum virt_dom_state state;
    bool crashed;  /* the guest or its emulator failed: crashed, or stopped
                    * because it crashed or failed */
    char what[48]; /* libvirt's event and detail in English ("stopped:
                    * destroyed"), for logs and the VM's history */
};

/* Called on libvirt's event thread (virt_init runs it), never on the
 * caller's: it must not block and may touch only what is safe to share
 * (queue the event for the owner's thread). */
typedef void (*virt_dom_event_fn)(const struct virt_dom_event *ev, void *data);

/* Watch the lifecycle events of every domain of c's host
 * (virConnectDomainEventRegisterAny): fn(ev, data) for each one from now
 * on, until virt_close(c), which ends the watch before it closes (free_data,
 * may be NULL, then releases data, on whichever thread libvirt drops the
 * callback).  One watch per connection: true at once, and data freed, when
 * c is watched already.  Events are delivered only while the connection
 * lives; after a reconnect the new connection must be watched again, and
 * what happened in between is not replayed. */
bool virt_dom_watch(struct virt_conn *c, virt_dom_event_fn fn, void *data, GDestroyNotify free_data,
                    struct dv_error *err);

/* True when c has a watch (for tests and the callers that keep one). */
bool virt_dom_watched(const struct virt_conn *c);

/* ---------------------------------------------------------------- migration (M11.4.2) */

struct virt_migrate_opts {
    bool live;         /* VIR_MIGRATE_LIVE: the guest keeps running meanwhile */
    bool unsafe;       /* VIR_MIGRATE_UNSAFE: the disks' cache mode is not checked */
    bool copy_storage; /* VIR_MIGRATE_NON_SHARED_DISK: copy the disks too */
    bool tunnelled;    /* VIR_MIGRATE_TUNNELLED: the data goes through libvirtd */
};

/* Migrate the running domain uuid to the host dest_uri (as the source host's
 * libvirtd reaches it: peer to peer), persistently there and undefined
 * here (virDomainMigrateToURI3 with PEER2PEER | PERSIST_DEST |
 * UNDEFINE_SOURCE and the options).  The migration runs on a thread of its
 * own while this one reads the job's progress every
 * VIRT_MIGRATE_POLL_MS (virDomainGetJobStats, else virDomainGetJobInfo)
 * and reports it through progress (may be NULL), and checks cancel (may be
 * NULL): cancelled, the job is aborted (virDomainAbortJob), the guest stays
 * here, and the result is DV_ERR_CANCELLED. */
#define VIRT_MIGRATE_POLL_MS 1000
bool virt_dom_migrate(struct virt_conn *c, const char *uuid, const char *dest_uri,
                      const struct virt_migrate_opts *opts, virt_progress_fn progress, void *data,
                      GCancellable *cancel, struct dv_error *err);

/* ---------------------------------------------------------------- the serial console */

/* A guest's serial console as a byte stream (virDomainOpenConsole on a
 * non-blocking virStream).
 *
 * Threading: open and close make calls to the host and are guarded (run
 * them in a job or on a worker).  Between them nothing waits: libvirt's
 * event thread (virt_init runs one) moves the bytes.  What the guest writes
 * is collected into a buffer (at most VIRT_CONSOLE_BUFFER bytes; older
 * bytes are dropped when the reader falls behind) and virt_console_recv
 * takes it; virt_console_send only queues bytes that the event thread then
 * writes.  So send, recv, fd and eof never block and may be called from any
 * thread, also the console's key loop or a GLib main loop, but by one
 * thread at a time per console (the owner), and never after close.
 *
 * Polling: either call virt_console_recv from time to time, or watch
 * virt_console_fd(): it becomes readable when bytes have arrived or the
 * stream has ended (g_unix_fd_add(fd, G_IO_IN, …) or poll()); recv clears
 * it again. */
struct virt_console;

#define VIRT_CONSOLE_BUFFER (256 * 1024)

enum virt_console_mode {
    VIRT_CONSOLE_SAFE,  /* refuse when another client holds the console */
    VIRT_CONSOLE_FORCE, /* take the console over from another client */
};

/* Open the console dev (NULL: the first serial console, e.g. "serial0") of
 * the running domain uuid.  NULL with err (DV_ERR_INFO when the driver has
 * no consoles). */
struct virt_console *virt_console_open(struct virt_conn *c, const char *uuid, const char *dev,
                                       enum virt_console_mode mode, struct dv_error *err);

/* Queue len bytes for the guest.  False with err when the stream has ended
 * or failed. */
bool virt_console_send(struct virt_console *s, const void *buf, size_t len, struct dv_error *err);

/* Take up to len bytes the guest has written: the count (0 when nothing is
 * there now), or -1 with err once the stream has ended (the guest stopped,
 * another client forced the console over) and nothing is left to read. */
ssize_t virt_console_recv(struct virt_console *s, void *buf, size_t len, struct dv_error *err);

/* The descriptor that is readable when recv has something to return. */
int virt_console_fd(const struct virt_console *s);

/* True once the stream has ended or failed (bytes may still be left). */
bool virt_console_eof(const struct virt_console *s);

/* Finish the stream and free s (NULL is ignored). */
void virt_console_close(struct virt_console *s);

#endif
