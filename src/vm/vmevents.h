/* vmevents.h - run states kept fresh by libvirt's lifecycle events
 * (issue 11; M11.4, M11.1: the 运行状态 column).
 *
 * The reconciler (reconcile.h) reads every host's domains once per
 * task-scheduling interval.  Between its ticks a host tells what happens to
 * its domains by itself: a connection that is watched (vmevents_watch)
 * queues each lifecycle event (started, suspended, resumed, stopped,
 * crashed) as (host URI, domain UUID, new state) from libvirt's event
 * thread, which never touches a database; the owner of the database
 * applies the queue on its own thread with vmevents_drain (dosvmd: from its
 * GLib main loop every VMEVENTS_DRAIN_MS).  A run state then follows
 * libvirt within a fraction of a second instead of an interval.
 *
 * What a drained event does to the VM of that UUID whose run host has that
 * URI:
 *   - its run state takes the event's state through the one mapping of
 *     libvirt's states (rec_run_of: running 运行, paused 挂起, stopped or
 *     crashed 关机), only when it differs; a saved VM (保存停止运行) stays
 *     saved when its domain stops; in-between events (shutting down,
 *     PM-suspended, defined, undefined) change nothing;
 *   - the power state (what the user wants) is never touched;
 *   - a domain that stops by itself (crash, shutdown from inside the guest,
 *     destroy from outside dosvm) while the VM runs with power 开启 is
 *     recorded: run state 关机, vm.stopped_at set, and a history row
 *     (vm_event "crash" when it crashed or failed, else "stopped", with
 *     libvirt's words as detail).  A crash of a VM whose power is 关闭 (it
 *     ran from outside dosvm, flagged) gets its "crash" row too.  Restarting
 *     it stays the reconciler's decision on its next tick (OP-30: stopped_at
 *     makes it one that should run);
 *   - a VM with a dosvm job under way (a running task, of a live process,
 *     naming the VM or its instance) is left to its job, which records the
 *     state it reaches, as the reconciler leaves a start under way alone;
 *   - events queued for one domain since the last drain count as one, the
 *     last (a revert's stop-and-start is one change, not two).
 * Several processes may drain events of the same host (two dosvmd watching
 * a host added by URI): the state is written only when it still differs,
 * inside a transaction, so the history row is written once.
 *
 * What is not seen: events while a connection is down (between its death
 * and the next watch) are lost; the reconciler's next tick reads the
 * domains again and corrects the run states.
 *
 * The console does not watch hosts (a decision, issue 11): it opens no
 * connection for events and its key loop may make no libvirt call, and
 * dosvmd, which runs beside every host, is the one that watches and
 * writes.  The console's VM pages show those writes at once: they read
 * vm_stamp (vm.h, moved by a trigger on every run-state change, whoever
 * made it) each time the key loop wakes (at most a second) and re-read
 * their page when it moved. */
#ifndef DV_VMEVENTS_H
#define DV_VMEVENTS_H

#include "db/db.h"
#include "virt/virtdom.h"

/* dosvmd drains the queue this often (a GLib timeout source) */
#define VMEVENTS_DRAIN_MS 200
/* and makes sure every host it watches has a watched connection this often */
#define VMEVENTS_KEEP_S 5
/* events kept at most while nobody drains (the oldest are dropped) */
#define VMEVENTS_QUEUE_MAX 10000

/* Queue the lifecycle events of c's domains from now on (once per
 * connection: true at once when c is watched already; virt_close ends the
 * watch).  A libvirt call: not on the console's key loop. */
bool vmevents_watch(struct virt_conn *c, struct dv_error *err);

/* Apply the queued events to db (above), on the thread that owns db.
 * Returns how many VMs' run states changed, or -1 with err (the events of
 * a VM whose update failed are dropped; the reconciler corrects it). */
int vmevents_drain(struct db *db, struct dv_error *err);

/* Queue ev as if a watched host had sent it (what libvirt's event thread
 * does; for tests of events the test driver cannot make, such as a crash). */
void vmevents_queue(const struct virt_dom_event *ev);

/* Wait up to timeout_ms for an event to be queued (for tests): true when
 * one is there. */
bool vmevents_wait(int timeout_ms);

/* ---- dosvmd's keeper: every VMEVENTS_KEEP_S each host it looks after
 * (live; its own and those added by URI, as the reconciler's) with no visit
 * under way gets a quiet job that takes the host's cached connection
 * (hostconn.h: a dead one is opened again) and watches it.  So a host is
 * watched from dosvmd's start whether it has VMs or not, and again within
 * VMEVENTS_KEEP_S of a reconnect. */
struct vmwatcher;
struct vmwatcher *vmwatcher_new(struct db *db, int64_t self_id);
void vmwatcher_free(struct vmwatcher *w);
/* log(ctx, line) gets a translated line each time a host's connection is
 * watched anew ("Watching the VM lifecycle events of URI."); may be unset. */
void vmwatcher_set_log(struct vmwatcher *w, void (*log)(void *ctx, const char *line), void *ctx);
bool vmwatcher_tick_start(struct vmwatcher *w, int64_t now, struct dv_error *err);
/* Visits not ended yet. */
int vmwatcher_pending(const struct vmwatcher *w);

#endif
